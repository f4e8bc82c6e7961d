//! What `dossier serve` answers: the last good site held in memory, request
//! paths mapped onto it, content types, the 404 page and the overlay that
//! lists the journal's errors.
//!
//! Nothing here touches the network or the disk: [`Served::respond`] turns a
//! request path into a [`Reply`], so that the mapping can be tested alone.

use std::path::{Component, Path, PathBuf};

use bytes::Bytes;

use crate::diagnostic::{Report, Severity};
use crate::publish::Files;

/// One problem shown in the overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `path:line:col`, or the path, or nothing for problems about the whole journal.
    pub location: Option<String>,
    /// The rule name (`invalid-value`), or `build` for a failure to render.
    pub rule: String,
    /// The message.
    pub message: String,
    /// What was expected, as the terminal shows it under the source line.
    pub label: Option<String>,
    /// How to fix it, as the terminal shows it after `hint:`.
    pub hint: Option<String>,
    /// The line of the note the problem is on, as written (at most
    /// [`SOURCE_LINE_CHARS`] characters, controls replaced).
    pub source: Option<String>,
}

/// The longest source line the overlay shows, in characters.
pub const SOURCE_LINE_CHARS: usize = 200;

impl Problem {
    /// The errors of a report, in its order, each with its hint and source
    /// line, as the terminal shows them.
    pub fn from_report(report: &Report) -> Vec<Problem> {
        report
            .to_json()
            .into_iter()
            .zip(report.diagnostics())
            .filter(|(d, _)| d.severity == Severity::Error)
            .map(|(d, diagnostic)| Problem {
                source: diagnostic
                    .file
                    .zip(d.line)
                    .and_then(|(file, line)| source_line(report.source(file), line)),
                location: d.path.map(|path| match (d.line, d.column) {
                    (Some(line), Some(column)) => format!("{path}:{line}:{column}"),
                    _ => path,
                }),
                rule: d.rule.to_string(),
                message: d.message.to_string(),
                hint: d.hint.map(str::to_string),
                label: diagnostic.label.clone(),
            })
            .collect()
    }

    /// A problem that is not about a note (a template error...).
    pub fn global(rule: &str, message: String) -> Problem {
        Problem {
            location: None,
            rule: rule.into(),
            message,
            label: None,
            hint: None,
            source: None,
        }
    }
}

/// Line `line` (from 1) of `text`, cut at [`SOURCE_LINE_CHARS`], control
/// characters (a tab aside) shown as U+FFFD; `None` when blank or missing.
fn source_line(text: &str, line: usize) -> Option<String> {
    let raw = text.lines().nth(line.checked_sub(1)?)?;
    let mut shown: String = raw
        .chars()
        .take(SOURCE_LINE_CHARS)
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    if raw.chars().nth(SOURCE_LINE_CHARS).is_some() {
        shown.push('…');
    }
    (!shown.trim().is_empty()).then_some(shown)
}

/// What is being served: the last site that built, and the problems of the
/// latest build (empty when it succeeded).
#[derive(Debug, Default)]
pub struct Served {
    /// The last good site.
    pub files: Files,
    /// Errors of the latest build, shown over every HTML page.
    pub problems: Vec<Problem>,
}

/// An answer to a request, before it becomes an HTTP response.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    /// 200 with these bytes and this content type.
    Found {
        /// The `Content-Type` header.
        content_type: &'static str,
        /// The body.
        body: Bytes,
    },
    /// 308 to this decoded, normalized path (a folder asked for without its
    /// trailing slash).
    Redirect(String),
    /// 404 with an HTML page.
    NotFound(Bytes),
}

impl Served {
    /// The reply to a request for `uri_path` (the path part of the URL, still
    /// percent-encoded).
    pub fn respond(&self, uri_path: &str) -> Reply {
        let Some(path) = site_path(uri_path) else {
            return self.not_found(uri_path);
        };
        if let Some(bytes) = self.files.get(&path) {
            let content_type = content_type(&path);
            let body = if content_type.starts_with("text/html") {
                with_overlay(bytes.clone(), &self.problems)
            } else {
                bytes.clone()
            };
            return Reply::Found { content_type, body };
        }
        if !uri_path.ends_with('/') && self.files.contains_key(&path.join("index.html")) {
            let segments: Vec<_> = path.iter().map(|s| s.to_string_lossy()).collect();
            return Reply::Redirect(format!("/{}/", segments.join("/")));
        }
        self.not_found(uri_path)
    }

    fn not_found(&self, uri_path: &str) -> Reply {
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n\
             <body>\n<h1>Not found</h1>\n<p>Nothing in this site at <code>{}</code>. \
             <a href=\"/\">Back to the dashboard</a>.</p>\n</body>\n</html>\n",
            escape(uri_path)
        );
        Reply::NotFound(with_overlay(Bytes::from(page), &self.problems))
    }
}

/// The site file a request path names: percent-decoded, `/` and folders
/// mapped to their `index.html`. `None` for a path that is not valid UTF-8
/// once decoded, or that tries to leave the site (`..`, a backslash, a NUL).
pub fn site_path(uri_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(uri_path)
        .decode_utf8()
        .ok()?;
    let mut path = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            _ if segment.contains(['\\', '\0']) => return None,
            _ => {
                // A segment such as `C:` would make an absolute path on Windows.
                let mut components = Path::new(segment).components();
                match (components.next(), components.next()) {
                    (Some(Component::Normal(_)), None) => path.push(segment),
                    _ => return None,
                }
            }
        }
    }
    if decoded.ends_with('/') || path.as_os_str().is_empty() {
        path.push("index.html");
    }
    Some(path)
}

/// The `Content-Type` of a site file, from its extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("json") => "application/json",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The page with the overlay listing `problems` inserted before `</body>`
/// (or appended when there is none); the page itself when there are none.
pub fn with_overlay(page: Bytes, problems: &[Problem]) -> Bytes {
    if problems.is_empty() {
        return page;
    }
    let overlay = overlay(problems);
    let at = find_last(&page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + overlay.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(overlay.as_bytes());
    out.extend_from_slice(&page[at..]);
    out.into()
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

/// The overlay: a fixed box, HTML and inline CSS only, never in a built
/// site. Each problem as the terminal shows it: location, rule, message,
/// the source line, the hint. It is a non-modal `<dialog>`, and its Close
/// button submits a `method="dialog"` form, which closes it: dismissed
/// with the keyboard or the mouse, without any script.
fn overlay(problems: &[Problem]) -> String {
    let count = problems.len();
    let mut html = format!(
        "<dialog open id=\"dossier-problems\" aria-labelledby=\"dossier-problems-title\" \
         style=\"position:fixed;inset:auto 1rem 1rem 1rem;width:auto;max-width:none;height:auto;\
         max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;\
         background:#fff4f4;color:#3d0000;border:2px solid #b00020;border-radius:6px;\
         box-shadow:0 4px 18px rgba(0,0,0,.3);font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
         text-align:left\">\n\
         <form method=\"dialog\" style=\"float:right;margin:0 0 .5rem 1rem\">\
         <button type=\"submit\" aria-label=\"Close the list of errors\" \
         style=\"font:inherit;font-weight:bold;padding:.25rem .75rem;color:#3d0000;background:#fff;\
         border:1px solid #b00020;border-radius:4px;cursor:pointer\">Close</button></form>\n\
         <p id=\"dossier-problems-title\" role=\"alert\" style=\"margin:0 0 .5rem;font-weight:bold\">\
         dossier: {count} error{} in the journal. \
         This is the last site that built; fix the notes and the page reloads.</p>\n\
         <ul style=\"margin:0;padding-left:1.25rem;clear:right\">\n",
        if count == 1 { "" } else { "s" }
    );
    for problem in problems {
        html.push_str("<li style=\"margin-top:.5rem\">");
        if let Some(location) = &problem.location {
            html.push_str(&format!("<code>{}</code>: ", escape(location)));
        }
        html.push_str(&format!(
            "<strong>error[{}]</strong>: {}",
            escape(&problem.rule),
            escape(&problem.message)
        ));
        if let Some(source) = &problem.source {
            html.push_str(&format!(
                "\n<pre class=\"dossier-source\" style=\"margin:.25rem 0 0;padding:.25rem .5rem;\
                 background:#fff;border-left:3px solid #b00020;white-space:pre-wrap;font:inherit\">{}</pre>",
                escape(source)
            ));
        }
        if let Some(label) = &problem.label {
            html.push_str(&format!(
                "\n<p class=\"dossier-label\" style=\"margin:.25rem 0 0\">{}</p>",
                escape(label)
            ));
        }
        if let Some(hint) = &problem.hint {
            html.push_str(&format!(
                "\n<p class=\"dossier-hint\" style=\"margin:.25rem 0 0\">hint: {}</p>",
                escape(hint)
            ));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n</dialog>\n");
    html
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served() -> Served {
        let mut files = Files::new();
        files.insert(
            "index.html".into(),
            Bytes::from_static(b"<html><body>home</body></html>"),
        );
        files.insert(
            "goals/index.html".into(),
            Bytes::from_static(b"<body>goals</body>"),
        );
        files.insert(
            "goals/a b.html".into(),
            Bytes::from_static(b"<body>a b</body>"),
        );
        files.insert("style.css".into(), Bytes::from_static(b"body{}"));
        Served {
            files,
            problems: Vec::new(),
        }
    }

    #[test]
    fn paths_map_to_site_files() {
        assert_eq!(site_path("/"), Some("index.html".into()));
        assert_eq!(site_path(""), Some("index.html".into()));
        assert_eq!(site_path("/goals/"), Some("goals/index.html".into()));
        assert_eq!(site_path("/goals/a.html"), Some("goals/a.html".into()));
        assert_eq!(
            site_path("/goals/a%20b.html"),
            Some("goals/a b.html".into())
        );
        assert_eq!(site_path("//goals//./a.html"), Some("goals/a.html".into()));
        assert_eq!(site_path("/goals"), Some("goals".into()));
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(site_path("/../secret"), None);
        assert_eq!(site_path("/goals/../../etc/passwd"), None);
        assert_eq!(site_path("/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(site_path("/..%2f..%2fetc/passwd"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
        assert_eq!(site_path("/a%00b"), None);
        assert_eq!(site_path("/%ff"), None);
    }

    #[test]
    fn content_types_follow_the_extension() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("assets/plan.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.JPG", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("packet.pdf", "application/pdf"),
            ("packet.json", "application/json"),
            ("noextension", "application/octet-stream"),
        ];
        for (path, expected) in cases {
            assert_eq!(content_type(Path::new(path)), expected, "{path}");
        }
    }

    #[test]
    fn replies() {
        let served = served();
        assert!(matches!(
            served.respond("/"),
            Reply::Found { content_type: "text/html; charset=utf-8", ref body } if body.ends_with(b"home</body></html>")
        ));
        assert!(matches!(
            served.respond("/goals/a%20b.html"),
            Reply::Found { ref body, .. } if body[..] == b"<body>a b</body>"[..]
        ));
        assert_eq!(served.respond("/goals"), Reply::Redirect("/goals/".into()));
        assert!(matches!(
            served.respond("/missing.html"),
            Reply::NotFound(_)
        ));
        assert!(matches!(
            served.respond("/../Cargo.toml"),
            Reply::NotFound(_)
        ));
    }

    #[test]
    fn problems_carry_the_hint_and_the_source_line() {
        use crate::diagnostic::{Diagnostic, Rule};
        let mut report = Report::new();
        let file = report.add_file(
            Path::new("goals/a.md"),
            "---\ntitle: A\nstatus: actve\x07\n---\n",
        );
        report.push(
            Diagnostic::new(
                Rule::InvalidValue,
                file,
                21..26,
                "`actve` is not a valid status",
            )
            .with_label("expected a status")
            .with_hint("did you mean `active`?"),
        );
        report.push(Diagnostic::global(Rule::InvalidValue, "about the journal"));
        report.sort();
        let problems = Problem::from_report(&report);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let with_file = problems
            .iter()
            .find(|p| p.location.is_some())
            .expect("the problem in a file");
        assert_eq!(with_file.location.as_deref(), Some("goals/a.md:3:9"));
        assert_eq!(with_file.hint.as_deref(), Some("did you mean `active`?"));
        assert_eq!(with_file.label.as_deref(), Some("expected a status"));
        assert_eq!(with_file.source.as_deref(), Some("status: actve\u{FFFD}"));
        let global = problems.iter().find(|p| p.location.is_none()).unwrap();
        assert_eq!((global.hint.as_ref(), global.source.as_ref()), (None, None));
        let long = format!("x: {}", "y".repeat(500));
        let shown = source_line(&long, 1).unwrap();
        assert_eq!(shown.chars().count(), SOURCE_LINE_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(source_line("a\n\n", 2), None);
        assert_eq!(source_line("a", 3), None);
        assert_eq!(source_line("a", 0), None);
    }

    #[test]
    fn the_overlay_lists_problems_escaped_on_html_only() {
        let mut served = served();
        served.problems = vec![Problem {
            location: Some("goals/a.md:3:9".into()),
            rule: "invalid-value".into(),
            message: "`<actve>` is not a valid goal status".into(),
            label: Some("expected one of: proposed, active".into()),
            hint: Some("did you mean `active`? <one of ...>".into()),
            source: Some("status: <actve>".into()),
        }];
        let Reply::Found { body, .. } = served.respond("/") else {
            panic!("not found")
        };
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("id=\"dossier-problems\""), "{body}");
        assert!(body.contains("<code>goals/a.md:3:9</code>"), "{body}");
        assert!(
            body.contains("<strong>error[invalid-value]</strong>"),
            "{body}"
        );
        assert!(body.contains("`&lt;actve&gt;` is not"), "{body}");
        assert!(
            body.contains("hint: did you mean `active`? &lt;one of ...&gt;</p>"),
            "{body}"
        );
        assert!(body.contains(">status: &lt;actve&gt;</pre>"), "{body}");
        assert!(
            body.contains(">expected one of: proposed, active</p>"),
            "{body}"
        );
        // Dismissed by its Close button, without script.
        assert!(
            body.contains("<dialog open id=\"dossier-problems\""),
            "{body}"
        );
        assert!(
            body.contains("<form method=\"dialog\"") && body.contains(">Close</button></form>"),
            "{body}"
        );
        assert!(body.ends_with("</dialog>\n</body></html>"), "{body}");
        assert!(!body.contains("<script"), "{body}");
        let handler = body.match_indices(" on").any(|(at, _)| {
            let name: String = body[at + 3..]
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            !name.is_empty() && body[at + 3 + name.len()..].starts_with('=')
        });
        assert!(!handler, "no event handler attribute: {body}");
        assert_eq!(
            served.respond("/style.css"),
            Reply::Found {
                content_type: "text/css; charset=utf-8",
                body: Bytes::from_static(b"body{}")
            }
        );
    }
}
