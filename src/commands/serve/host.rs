//! Which requests `dossier serve` answers: those addressed to this machine by
//! a loopback name, never those for another host name.
//!
//! A page on another site can make the browser resolve its own host name to
//! 127.0.0.1 (DNS rebinding) and then read the served site as if it were its
//! own: the request reaches the server, but with that site's name in `Host`.
//! So the server answers only requests whose `Host` (and, for an absolute
//! request target, whose URL) names
//!
//! - `localhost`, or a name ending in `.localhost` (RFC 6761 reserves them
//!   for loopback: browsers resolve them to it without asking DNS, and no
//!   one can register one);
//! - an IPv4 loopback address (`127.0.0.0/8`: `127.0.0.1`, `127.1.2.3`) or
//!   `[::1]`, written as an address, not a name that contains one
//!   (`127.0.0.1.nip.io` is refused);
//! - the address the server listens on.
//!
//! Names are compared without regard to case, with or without a trailing
//! dot. The port, when there is one, must be a number but is not compared
//! with the one the server listens on: the host name is what a rebinding
//! page cannot fake, and a tunnel or port forward (`ssh -L 9000:...`) reaches
//! the server under another port. A request without a `Host`, or with more
//! than one, is refused too (HTTP/1.1 requires exactly one).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::http::{HeaderMap, Uri, header};

/// Whether a request with these headers and this target may be answered by
/// a server listening on `bound`.
pub fn request_allowed(headers: &HeaderMap, uri: &Uri, bound: SocketAddr) -> bool {
    let mut hosts = headers.get_all(header::HOST).iter();
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return false;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    if !host_allowed(host, bound) {
        return false;
    }
    // An absolute target (`GET http://example.com/ HTTP/1.1`) names the host
    // the request is for, whatever `Host` says (RFC 9112, section 3.2.2).
    match uri.authority() {
        Some(authority) => {
            let without_user = authority
                .as_str()
                .rsplit_once('@')
                .map_or(authority.as_str(), |(_, host)| host);
            host_allowed(without_user, bound)
        }
        None => true,
    }
}

/// Whether `value`, a `Host` header's value (`host` or `host:port`), names
/// this machine by a loopback name or the address of a server listening on
/// `bound`.
pub fn host_allowed(value: &str, bound: SocketAddr) -> bool {
    let Some((host, port)) = split_port(value) else {
        return false;
    };
    if port.is_some_and(|port| !is_port(port)) {
        return false;
    }
    if let Some(inside) = host.strip_prefix('[') {
        let Some(address) = inside.strip_suffix(']') else {
            return false;
        };
        return address
            .parse::<Ipv6Addr>()
            .is_ok_and(|ip| ip.is_loopback() || IpAddr::V6(ip) == bound.ip());
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return ip.is_loopback() || IpAddr::V4(ip) == bound.ip();
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    is_localhost_name(name)
}

/// `host` and its port (the text after the last `:` outside brackets),
/// `None` when brackets are unbalanced or followed by anything but a port.
fn split_port(value: &str) -> Option<(&str, Option<&str>)> {
    if value.starts_with('[') {
        let end = value.find(']')?;
        let (host, rest) = value.split_at(end + 1);
        return match rest {
            "" => Some((host, None)),
            _ => Some((host, Some(rest.strip_prefix(':')?))),
        };
    }
    Some(match value.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (value, None),
    })
}

/// A port as the URI grammar has it (`*DIGIT`), of at most five digits and
/// at most 65535.
fn is_port(port: &str) -> bool {
    port.is_empty()
        || (port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u16>().is_ok())
}

/// `localhost`, or a well-formed name ending in `.localhost`.
fn is_localhost_name(name: &str) -> bool {
    let mut labels = name.rsplit('.');
    if !labels
        .next()
        .is_some_and(|last| last.eq_ignore_ascii_case("localhost"))
    {
        return false;
    }
    labels.all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 4000))
    }

    #[test]
    fn loopback_names_and_addresses_are_answered() {
        for host in [
            "localhost",
            "localhost:4000",
            "LOCALHOST:4000",
            "LocalHost",
            "localhost.",
            "localhost.:4000",
            "journal.localhost:4000",
            "a.b-c.LOCALHOST",
            "127.0.0.1",
            "127.0.0.1:4000",
            "127.1.2.3:4000",
            "[::1]",
            "[::1]:4000",
            "[0:0:0:0:0:0:0:1]:4000",
            // A tunnel or port forward reaches the server under another port.
            "localhost:9000",
            "127.0.0.1:80",
            // An empty port is allowed by the grammar.
            "localhost:",
        ] {
            assert!(host_allowed(host, bound()), "{host} should be answered");
        }
    }

    #[test]
    fn other_hosts_are_refused() {
        for host in [
            "",
            ":4000",
            "evil.com",
            "evil.com:4000",
            "localhost.evil.com",
            "localhost.evil.com:4000",
            "evillocalhost",
            "evil-localhost:4000",
            "localhost.com",
            "127.0.0.1.nip.io",
            "127.0.0.1.nip.io:4000",
            "0.0.0.0:4000",
            "10.0.0.1:4000",
            "192.168.1.10",
            "[::]:4000",
            "[::ffff:7f00:1]:4000",
            "[fe80::1%25eth0]:4000",
            "[::1",
            "[::1]x",
            "[::1]:port",
            "::1",
            "localhost:4000:4000",
            "localhost:99999",
            "localhost:+80",
            "localhost:0004000",
            ".localhost",
            "a..localhost",
            "a b.localhost",
            "localhost..",
            "user@localhost",
            "2130706433",
        ] {
            assert!(!host_allowed(host, bound()), "{host} should be refused");
        }
    }

    #[test]
    fn the_bound_address_is_answered() {
        let other = SocketAddr::from(([192, 168, 1, 10], 4000));
        assert!(host_allowed("192.168.1.10:4000", other));
        assert!(host_allowed("localhost:4000", other));
        assert!(!host_allowed("192.168.1.11:4000", other));
        let v6 = SocketAddr::from(([0xfd00, 0, 0, 0, 0, 0, 0, 1], 4000));
        assert!(host_allowed("[fd00::1]:4000", v6));
        assert!(!host_allowed("[fd00::2]:4000", v6));
    }

    #[test]
    fn a_request_needs_exactly_one_allowed_host() {
        use axum::http::HeaderValue;
        let relative: Uri = "/goals/".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert!(!request_allowed(&headers, &relative, bound()), "no Host");
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:4000"));
        assert!(request_allowed(&headers, &relative, bound()));
        headers.append(header::HOST, HeaderValue::from_static("127.0.0.1:4000"));
        assert!(!request_allowed(&headers, &relative, bound()), "two Hosts");

        let mut headers = HeaderMap::new();
        headers.insert(
            header::HOST,
            HeaderValue::from_bytes(b"localhost\xff").unwrap(),
        );
        assert!(!request_allowed(&headers, &relative, bound()), "not UTF-8");

        // An absolute target must name an allowed host too.
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("localhost:4000"));
        let absolute: Uri = "http://evil.com/".parse().unwrap();
        assert!(!request_allowed(&headers, &absolute, bound()));
        let absolute: Uri = "http://localhost.evil.com:4000/".parse().unwrap();
        assert!(!request_allowed(&headers, &absolute, bound()));
        let absolute: Uri = "http://127.0.0.1:4000/".parse().unwrap();
        assert!(request_allowed(&headers, &absolute, bound()));
        let absolute: Uri = "http://evil.com@localhost:4000/".parse().unwrap();
        assert!(request_allowed(&headers, &absolute, bound()));
    }
}
