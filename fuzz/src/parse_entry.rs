//! Fuzz target `parse_entry`: arbitrary bytes through everything one file
//! goes through on its own: `decode` (UTF-8, BOM, CRLF), `parse` (frontmatter
//! split, YAML or TOML), then the body's links, HTML and excerpt, and the
//! diagnostics rendered as `dossier check` prints them.
//!
//! Must never panic. Besides the library's own panics it checks that every
//! span (frontmatter nodes, keys, links, diagnostics) lies inside the text on
//! character boundaries, since diagnostics and link rewriting slice with them,
//! that no active tag survives sanitizing, and that a private block never
//! reaches the HTML or an excerpt.
use std::path::Path;

use dossier::diagnostic::Report;
use dossier::markdown::{self, Rewrite, WikiTarget};
use dossier::node::{Node, Value};

fn check_span(text: &str, span: &std::ops::Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && text.get(span.clone()).is_some(),
        "{what} span {span:?} is not a slice of the {} bytes of text",
        text.len()
    );
}

fn check_node(text: &str, node: &Node) {
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        check_span(text, &node.span, "frontmatter node");
        let _ = node.scalar_text();
        let _ = node.value.describe();
        match &node.value {
            Value::List(items) => todo.extend(items),
            Value::Map(entries) => {
                for (key, value) in entries {
                    check_span(text, &key.span, "frontmatter key");
                    todo.push(value);
                }
            }
            _ => {}
        }
    }
}

/// One input: panics on any problem.
pub fn run(data: &[u8]) {
    let text = match dossier::parse::decode(data) {
        Ok(text) => text,
        Err(offset) => {
            assert!(offset < data.len());
            return;
        }
    };
    let mut report = Report::new();
    let file = report.add_file(Path::new("goals/fuzz.md"), text.clone());
    let mut diagnostics = Vec::new();
    let parsed = dossier::parse::parse(text, file, &mut diagnostics);
    assert!(parsed.body_start <= parsed.text.len());
    check_span(&parsed.text, &parsed.fence, "fence");
    if let Some(node) = &parsed.frontmatter {
        check_node(&parsed.text, node);
    }

    let body = parsed.body();
    for link in markdown::links(body) {
        check_span(body, &link.span, "link");
        if link.wiki {
            let _ = WikiTarget::parse(&link.dest);
        }
        let _ = markdown::classify(&link.dest);
        let _ = markdown::resolve(Path::new("goals/fuzz.md"), &link.dest);
        let _ = markdown::embed_candidates(Path::new("goals/fuzz.md"), &link.dest);
    }
    // Every kind of rewrite, in turn.
    let mut turn = 0usize;
    let rendered = markdown::render(body, |dest| {
        turn += 1;
        match turn % 3 {
            0 => Rewrite::Keep,
            1 => Rewrite::To(dossier::publish::escape_url_path(dest.url)),
            _ => Rewrite::Unlink,
        }
    });
    // What reaches a page (sanitized, or plain Markdown output that needs
    // no sanitizer) holds no active tag, whatever the body holds (text `<`
    // comes out escaped, so a raw `<script` means a tag).
    let plain = rendered.plain;
    let clean = rendered.into_safe_html().to_ascii_lowercase();
    for tag in [
        "<script", "<iframe", "<object", "<embed", "<style", "<svg", "<math", "<form",
    ] {
        assert!(!clean.contains(tag), "{tag} survived sanitizing: {clean}");
    }
    if plain {
        // Text `<` comes out as `&lt;`, so every `<` opens a tag; a quote in
        // text is written as it is, so only the inside of tags is read.
        for tag in clean.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or(tag);
            for url in ["=\"javascript:", "=\"vbscript:", "=\"data:"] {
                assert!(
                    !tag.contains(url),
                    "{url} in a tag of plain output: {clean}"
                );
            }
        }
    }
    std::hint::black_box(markdown::excerpt(body, 160));

    // A private block, put first so that nothing in the body can make it
    // anything else, never reaches a page or an excerpt, whatever follows.
    const MARK: &str = "zqxprivateblockzqx";
    let private = format!("```private\n{MARK}\n```\n\n{}", body.replace("zqx", "zq-x"));
    let rendered = markdown::render(&private, |_| Rewrite::Keep);
    assert!(!rendered.html.contains(MARK), "a private block rendered");
    assert!(
        !markdown::excerpt(&private, 160).contains(MARK),
        "a private block in an excerpt"
    );

    // The diagnostics as `dossier check` shows them (codespan slices the
    // source with their spans).
    for diagnostic in diagnostics {
        report.push(diagnostic);
    }
    report.sort();
    let mut out = Vec::new();
    report.emit_text(&mut out, false).unwrap();
    std::hint::black_box(report.to_json());
}
