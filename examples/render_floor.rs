//! The render floor of `scripts/bench.sh`: pulldown-cmark alone over a
//! journal's bodies, with the options dossier uses, and nothing else.
//!
//! ```sh
//! cargo run --release --example render_floor -- JOURNAL
//! ```
//!
//! Reads every `.md` file below JOURNAL (hidden folders skipped), cuts the
//! `---` frontmatter off and renders the body to an HTML string that is then
//! dropped. What dossier does on top of this (parsing and checking the
//! frontmatter, links, history, templates, writing files) is its own cost.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("usage: render_floor JOURNAL");
        return ExitCode::from(2);
    };
    let mut files = 0usize;
    let mut html_bytes = 0usize;
    let mut html = String::new();
    let walk = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                eprintln!("render_floor: {e}");
                return ExitCode::FAILURE;
            }
        };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = match std::fs::read_to_string(entry.path()) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("render_floor: {}: {e}", entry.path().display());
                return ExitCode::FAILURE;
            }
        };
        html.clear();
        let parser = pulldown_cmark::Parser::new_ext(body(&text), dossier::markdown::options());
        pulldown_cmark::html::push_html(&mut html, parser);
        html_bytes += html.len();
        files += 1;
    }
    eprintln!("render_floor: {files} files, {html_bytes} bytes of HTML");
    ExitCode::SUCCESS
}

/// The text after a `---` frontmatter block, or all of it.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}
