//! `dossier serve`: the real binary on a temporary journal, over HTTP.
//!
//! Every wait is bounded and polls; nothing asserts how fast a rebuild is.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{TODAY, TestJournal};

/// How long to wait for anything: the URL, a rebuild, the exit.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `dossier serve`, killed when dropped (even if a test fails).
struct Server {
    child: Child,
    url: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(journal: &TestJournal, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("serve")
            .args(args)
            .current_dir(journal.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the dossier binary runs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let collected = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                collected
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let stdout = child.stdout.take().unwrap();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).ok();
            send.send(line).ok();
        });
        let mut server = Server {
            child,
            url: String::new(),
            stderr,
        };
        let line = receive.recv_timeout(PATIENCE).unwrap_or_default();
        server.url = line.trim_end().to_string();
        assert!(
            server.url.starts_with("http://127.0.0.1:") && server.url.ends_with('/'),
            "no URL on stdout: {line:?}\nstderr:\n{}",
            server.stderr()
        );
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// GETs `path` (below the root, without its leading slash): status,
    /// content type and body.
    fn get(&self, path: &str) -> (u16, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(PATIENCE))
            .build()
            .into();
        let mut response = agent
            .get(&format!("{}{path}", self.url))
            .call()
            .unwrap_or_else(|e| panic!("GET /{path}: {e}\nstderr:\n{}", self.stderr()));
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = response.body_mut().read_to_string().unwrap();
        (response.status().as_u16(), content_type, body)
    }

    /// Sends `GET TARGET` as written, with no client normalizing it, and
    /// returns the status line.
    fn raw_status(&self, target: &str) -> String {
        let address = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        BufReader::new(stream).read_line(&mut response).unwrap();
        response.trim_end().to_string()
    }

    /// Polls `path` until `test` accepts its body; the last body otherwise.
    fn wait_for(&self, path: &str, what: &str, test: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, _, body) = self.get(path);
            if test(&body) {
                return body;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "/{path} never showed {what}; last body:\n{body}\nstderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn goal(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nWhy it matters.\n"
    )
}

#[test]
fn serves_rebuilds_shows_errors_and_stops_on_sigint() {
    let journal = TestJournal::new();
    journal.file("goals/ledger.md", &goal("Migrate the ledger"));
    let server = Server::start(&journal, &["--today", TODAY]);

    let (status, content_type, home) = server.get("");
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(home.contains("Migrate the ledger"), "{home}");
    // The reload script is added as the page is served, never built in.
    assert!(home.contains("_tower-livereload"), "{home}");
    assert!(!home.contains("dossier-problems"), "{home}");
    let (status, _, list) = server.get("goals/");
    assert_eq!(status, 200);
    assert!(list.contains("Migrate the ledger"), "{list}");
    let (status, _, page) = server.get("goals/ledger.html");
    assert_eq!(status, 200);
    assert!(page.contains("Migrate the ledger"), "{page}");
    let (status, content_type, _) = server.get("style.css");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );

    // Missing pages and attempts to leave the site.
    let (status, content_type, missing) = server.get("goals/nope.html");
    assert_eq!(status, 404);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(missing.contains("Not found"), "{missing}");
    for target in [
        "/../dossier.toml",
        "/goals/../../dossier.toml",
        "/%2e%2e/dossier.toml",
        "/..%2fgoals%2fledger.md",
    ] {
        let status = server.raw_status(target);
        assert!(status.ends_with(" 404 Not Found"), "{target}: {status}");
    }

    // An edit is picked up.
    journal.file("goals/ledger.md", &goal("Retire the old ledger"));
    server.wait_for("goals/ledger.html", "the new title", |body| {
        body.contains("Retire the old ledger")
    });
    // Said once the new pages are served: how many were rendered again.
    let said = |text: &str| {
        text.lines().any(|line| {
            line.starts_with("rebuilt ")
                && line.contains(" files in ")
                && line.contains("rendered, ")
                && line.contains("unchanged; 0 errors")
        })
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !said(&server.stderr()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(said(&server.stderr()), "{}", server.stderr());

    // An invalid entry: the overlay names the rule, the last good site stays.
    journal.file(
        "goals/broken.md",
        "---\ntitle: Broken\nstatus: actve\nstarted: 2026-01-05\n---\nText.\n",
    );
    let page = server.wait_for("goals/ledger.html", "the overlay", |body| {
        body.contains("dossier-problems")
    });
    assert!(page.contains("Retire the old ledger"), "{page}");
    assert!(page.contains("goals/broken.md:3:9"), "{page}");
    assert!(page.contains("invalid-value"), "{page}");
    assert!(
        page.contains("`actve` is not a valid goal status"),
        "{page}"
    );
    let (status, _, _) = server.get("goals/broken.html");
    assert_eq!(status, 404, "the broken goal is not served");
    assert!(
        server.stderr().contains("error[invalid-value]"),
        "{}",
        server.stderr()
    );

    // Fixed: the overlay is gone and the new goal is served.
    journal.file("goals/broken.md", &goal("Mended"));
    server.wait_for("goals/ledger.html", "no overlay", |body| {
        !body.contains("dossier-problems")
    });
    server.wait_for("goals/broken.html", "the mended goal", |body| {
        body.contains("Mended")
    });

    stop_with_sigint(server);
}

#[cfg(unix)]
fn stop_with_sigint(mut server: Server) {
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let code = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status.code();
        }
        assert!(
            started.elapsed() < PATIENCE,
            "still running after SIGINT\nstderr:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(0), "stderr:\n{}", server.stderr());
}

#[cfg(not(unix))]
fn stop_with_sigint(_server: Server) {}

#[test]
fn open_pages_are_told_to_reload_after_a_rebuild() {
    let journal = TestJournal::new();
    journal.file("goals/ledger.md", &goal("Migrate the ledger"));
    let server = Server::start(&journal, &["--today", TODAY]);
    // The event stream that the injected script listens to.
    let address = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET /_tower-livereload/event-stream HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut seen = String::new();
    let mut read_until = |event: &str| {
        while !seen.contains(event) {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(1..) => seen.push_str(&line),
                _ => panic!("no `{event}` in the event stream: {seen:?}"),
            }
        }
    };
    read_until("event: init");
    journal.file("goals/ledger.md", &goal("Retire the old ledger"));
    read_until("event: reload");
}

#[test]
fn a_journal_with_errors_is_served_with_the_overlay() {
    let journal = TestJournal::new();
    journal.file(
        "goals/broken.md",
        "---\ntitle: Broken <b>\nstatus: actve\nstarted: 2026-01-05\n---\nText.\n",
    );
    let server = Server::start(&journal, &["--today", TODAY]);
    let (status, _, page) = server.get("");
    assert_eq!(status, 404, "nothing has built yet");
    assert!(page.contains("dossier-problems"), "{page}");
    assert!(page.contains("invalid-value"), "{page}");
    // What the terminal shows with it: the source line, what was
    // expected, the hint.
    let stderr = server.stderr();
    assert!(stderr.contains("hint: did you mean `active`?"), "{stderr}");
    assert!(
        page.contains("hint: did you mean `active`?</p>"),
        "the overlay carries the hint: {page}"
    );
    assert!(page.contains(">status: actve</pre>"), "{page}");
    assert!(
        page.contains(">expected one of: proposed, active, blocked, done, dropped</p>"),
        "{page}"
    );
    // And it can be dismissed without script: a Close button in a
    // `method="dialog"` form.
    assert!(
        page.contains("<dialog open id=\"dossier-problems\""),
        "{page}"
    );
    assert!(page.contains("<form method=\"dialog\""), "{page}");
    assert!(page.contains(">Close</button>"), "{page}");
}

#[test]
fn private_entries_need_include_private() {
    let journal = TestJournal::new();
    journal.file(
        "goals/secret.md",
        "---\ntitle: Secret goal\nstatus: active\nstarted: 2026-01-05\nprivate: true\n---\nText.\n",
    );
    journal.file(
        "goals/open.md",
        "---\ntitle: Open goal\nstatus: active\nstarted: 2026-01-05\n---\nPublic text.\n\n\
         ```private\nBLOCKMARKER\n```\n",
    );
    let server = Server::start(&journal, &["--today", TODAY]);
    assert_eq!(server.get("goals/secret.html").0, 404);
    let (status, _, page) = server.get("goals/open.html");
    assert_eq!(status, 200);
    assert!(page.contains("Public text."), "{page}");
    assert!(!page.contains("BLOCKMARKER"), "{page}");
    assert!(!page.contains("private-block"), "{page}");
    drop(server);
    let server = Server::start(&journal, &["--today", TODAY, "--include-private"]);
    let (status, _, page) = server.get("goals/secret.html");
    assert_eq!(status, 200);
    assert!(page.contains("Secret goal"), "{page}");
    // A public note's private block, shown in the private build, marked.
    let (_, _, page) = server.get("goals/open.html");
    assert!(
        page.contains(
            "<div class=\"private-block\">\n<div class=\"private-label\">Private</div>\n\
             <pre><code class=\"language-private\">BLOCKMARKER\n</code></pre>\n</div>"
        ),
        "{page}"
    );
    // The packet beside it stays public.
    let (_, _, packet) = server.get("packet.html");
    assert!(!packet.contains("BLOCKMARKER"), "{packet}");
}

#[test]
fn a_port_in_use_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let journal = TestJournal::new();
    let run = journal.run(&["serve", "--today", TODAY, "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("error: failed to listen on `127.0.0.1:{port}`")),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn a_missing_journal_is_an_error() {
    let journal = TestJournal::new();
    let run = journal.run(&["serve", "no-such-folder", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`no-such-folder` does not exist"),
        "{}",
        run.stderr
    );
}

/// Sends `request` as written and reads the whole answer (the request
/// should ask for `Connection: close`): the status line and the rest.
fn raw_exchange(server: &Server, request: &str) -> (String, String) {
    let address = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .unwrap_or_else(|e| panic!("{request:?}: {e}"));
    let response = String::from_utf8_lossy(&response).into_owned();
    let (status, rest) = response.split_once("\r\n").unwrap_or((&response, ""));
    (status.to_string(), rest.to_string())
}

#[test]
fn serve_refuses_foreign_host_headers() {
    let journal = TestJournal::new();
    journal.file(
        "goals/secret.md",
        "---\ntitle: Secret goal\nstatus: active\nstarted: 2026-01-05\nprivate: true\n---\nText.\n",
    );
    let server = Server::start(&journal, &["--today", TODAY, "--include-private"]);
    let port = server
        .url
        .trim_end_matches('/')
        .rsplit_once(':')
        .unwrap()
        .1
        .to_string();
    let get = |target: &str, headers: &str| {
        raw_exchange(
            &server,
            &format!("GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"),
        )
    };
    let refused = |(status, rest): (String, String), what: &str| {
        assert!(
            status.ends_with(" 403 Forbidden"),
            "{what}: {status}\n{rest}"
        );
        assert!(
            rest.to_ascii_lowercase()
                .contains("content-type: text/plain; charset=utf-8"),
            "{what}: {rest}"
        );
        assert!(
            rest.contains("answers only requests for localhost"),
            "{what}: {rest}"
        );
        assert!(!rest.contains("Secret goal"), "{what}: {rest}");
        assert!(!rest.contains("<script"), "{what}: {rest}");
    };

    // DNS rebinding: another site's name for this address.
    for host in [
        "evil.com".to_string(),
        format!("evil.com:{port}"),
        "localhost.evil.com".to_string(),
        format!("localhost.evil.com:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{port}.evil.com"),
        format!("0.0.0.0:{port}"),
        format!("192.168.1.10:{port}"),
        format!("[::ffff:127.0.0.1]:{port}"),
        String::new(),
    ] {
        let headers = format!("Host: {host}\r\n");
        refused(get("/goals/secret.html", &headers), &host);
        refused(get("/", &headers), &host);
        // The live-reload endpoints are behind the same check.
        refused(get("/_tower-livereload/event-stream", &headers), &host);
        refused(get("/_tower-livereload.js", &headers), &host);
    }
    // No Host at all, in HTTP/1.1 and 1.0; two of them; an absolute target
    // naming another host.
    refused(get("/goals/secret.html", ""), "no Host");
    refused(
        raw_exchange(&server, "GET /goals/secret.html HTTP/1.0\r\n\r\n"),
        "no Host, HTTP/1.0",
    );
    refused(
        get(
            "/goals/secret.html",
            &format!("Host: localhost:{port}\r\nHost: evil.com\r\n"),
        ),
        "two Hosts",
    );
    refused(
        get(
            "http://evil.com/goals/secret.html",
            &format!("Host: localhost:{port}\r\n"),
        ),
        "absolute target",
    );

    // Loopback names, in any case, with or without the port.
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        "LocalHost".to_string(),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
        format!("journal.localhost:{port}"),
    ] {
        let (status, rest) = get("/goals/secret.html", &format!("Host: {host}\r\n"));
        assert!(status.ends_with(" 200 OK"), "{host}: {status}\n{rest}");
        assert!(rest.contains("Secret goal"), "{host}: {rest}");
    }
}

/// The inode of every folder the process `pid` watches with inotify; panics
/// if it has no inotify instance (the test would then prove nothing).
#[cfg(target_os = "linux")]
fn watched_inodes(pid: u32) -> Vec<u64> {
    let mut instances = 0;
    let mut inodes = Vec::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap() {
        let entry = entry.unwrap();
        let Ok(target) = std::fs::read_link(entry.path()) else {
            continue;
        };
        if target.as_os_str() != "anon_inode:inotify" {
            continue;
        }
        instances += 1;
        let fd = entry.file_name();
        let info = std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{}", fd.to_string_lossy()))
            .unwrap();
        for line in info.lines().filter(|l| l.starts_with("inotify wd:")) {
            let inode = line
                .split_whitespace()
                .find_map(|word| word.strip_prefix("ino:"))
                .unwrap_or_else(|| panic!("no inode in {line}"));
            inodes.push(u64::from_str_radix(inode, 16).unwrap());
        }
    }
    assert_eq!(instances, 1, "one inotify instance expected");
    inodes.sort_unstable();
    inodes
}

/// The inodes of these folders of the journal, sorted.
#[cfg(target_os = "linux")]
fn inodes_of(journal: &TestJournal, folders: &[&str]) -> Vec<u64> {
    use std::os::unix::fs::MetadataExt;
    let mut inodes: Vec<u64> = folders
        .iter()
        .map(|folder| {
            std::fs::symlink_metadata(journal.path().join(folder))
                .unwrap()
                .ino()
        })
        .collect();
    inodes.sort_unstable();
    inodes
}

#[cfg(target_os = "linux")]
#[test]
fn serve_watcher_never_follows_symlinks() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::create_dir_all(outside.path().join(format!("huge/{i}/deeper"))).unwrap();
    }
    let journal = TestJournal::new();
    journal.file("goals/ledger.md", &goal("Migrate the ledger"));
    journal.file("updates/.keep", "");
    // The whole file system, a large folder elsewhere, a folder of the
    // journal, a loop, nothing.
    symlink("/", journal.path().join("everything")).unwrap();
    symlink(
        outside.path().join("huge"),
        journal.path().join("goals/huge"),
    )
    .unwrap();
    symlink(
        journal.path().join("goals"),
        journal.path().join("updates/goals"),
    )
    .unwrap();
    symlink(journal.path(), journal.path().join("updates/loop")).unwrap();
    symlink(
        journal.path().join("nowhere"),
        journal.path().join("dangling"),
    )
    .unwrap();
    let server = Server::start(&journal, &["--today", TODAY]);
    assert_eq!(server.get("").0, 200);

    assert_eq!(
        watched_inodes(server.child.id()),
        inodes_of(&journal, &["", "goals", "updates"]),
        "only the journal's own folders are watched\nstderr:\n{}",
        server.stderr()
    );
    // And changes are still seen.
    journal.file("goals/ledger.md", &goal("Retire the old ledger"));
    server.wait_for("goals/ledger.html", "the new title", |body| {
        body.contains("Retire the old ledger")
    });
    // A link made while serving is not followed either.
    symlink(outside.path().join("huge"), journal.path().join("more")).unwrap();
    journal.file("goals/ledger.md", &goal("Ledger, again"));
    server.wait_for("goals/ledger.html", "the newer title", |body| {
        body.contains("Ledger, again")
    });
    assert_eq!(
        watched_inodes(server.child.id()),
        inodes_of(&journal, &["", "goals", "updates"]),
        "stderr:\n{}",
        server.stderr()
    );
}

#[test]
fn serve_watches_folders_created_while_serving() {
    let journal = TestJournal::new();
    journal.file("goals/ledger.md", &goal("Migrate the ledger"));
    let server = Server::start(&journal, &["--today", TODAY]);
    assert_eq!(server.get("goals/ledger.html").0, 200);

    // A note in a new folder, two levels deep: built...
    journal.file("goals/2026/q1/archive.md", &goal("An archived goal"));
    server.wait_for("goals/archive.html", "the new note", |body| {
        body.contains("An archived goal")
    });
    // ...and its later edits seen, through the new folder's own watch.
    journal.file("goals/2026/q1/archive.md", &goal("An edited archived goal"));
    server.wait_for("goals/archive.html", "the edited note", |body| {
        body.contains("An edited archived goal")
    });
    // A folder removed and made again is watched again.
    std::fs::remove_dir_all(journal.path().join("goals/2026")).unwrap();
    server.wait_for("goals/archive.html", "the note gone", |body| {
        body.contains("Not found")
    });
    journal.file("goals/2026/q1/archive.md", &goal("Back again"));
    server.wait_for("goals/archive.html", "the note back", |body| {
        body.contains("Back again")
    });
    journal.file("goals/2026/q1/archive.md", &goal("Back and edited"));
    server.wait_for("goals/archive.html", "the note edited", |body| {
        body.contains("Back and edited")
    });
}

#[test]
fn serve_watches_a_bounded_number_of_folders() {
    let limit = dossier::commands::serve::watch::MAX_WATCHED_FOLDERS;
    let journal = TestJournal::new();
    journal.file("goals/ledger.md", &goal("Migrate the ledger"));
    for i in 0..limit + 20 {
        std::fs::create_dir_all(journal.path().join(format!("misc/{i:05}"))).unwrap();
    }
    let server = Server::start(&journal, &["--today", TODAY]);
    assert_eq!(server.get("").0, 200);
    let warning = format!("has more than {limit} folders: watching the first {limit} only");
    assert!(server.stderr().contains(&warning), "{}", server.stderr());
    #[cfg(target_os = "linux")]
    assert_eq!(watched_inodes(server.child.id()).len(), limit);
    // The journal's own folders come first: a change there is seen.
    journal.file("goals/ledger.md", &goal("Retire the old ledger"));
    server.wait_for("goals/ledger.html", "the new title", |body| {
        body.contains("Retire the old ledger")
    });
}
