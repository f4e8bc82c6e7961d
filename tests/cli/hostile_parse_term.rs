//! Hostile input, two more classes: notes made to take superlinear time to
//! check or build (what they must get is the right diagnostic, or the right
//! page: the time is measured in `benches/stages.rs`, not here), and text
//! that would drive the terminal (escape sequences in notes and file names,
//! an output pipe closed early).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::{Run, TODAY, TestJournal};

const HEAD: &str = "---\ntitle: A goal\nstatus: active\nstarted: 2026-01-05\n";

/// The diagnostics about one file, without the `no-history` note.
fn about<'a>(diagnostics: &'a [Value], path: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["path"] == path).collect()
}

/// The one diagnostic about `path`, checked for its rule and line.
fn expect_one<'a>(diagnostics: &'a [Value], path: &str, rule: &str, line: usize) -> &'a Value {
    let found = about(diagnostics, path);
    assert_eq!(found.len(), 1, "{path}: {found:#?}");
    assert_eq!(found[0]["rule"], rule, "{path}: {:#?}", found[0]);
    assert_eq!(found[0]["line"], line, "{path}: {:#?}", found[0]);
    found[0]
}

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "dossier panicked: {}",
        run.stderr
    );
}

/// Line (from 1) and column (from 1, in characters) of byte `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

#[test]
fn superlinear_parsing_long_multibyte_frontmatter_keeps_its_positions() {
    // A long non-ASCII comment, a block scalar of multibyte text, 20,000
    // tags, and then a wrong value: found, at its own line and column.
    let tags: String = (0..20_000).map(|i| format!("  - tág{i}\n")).collect();
    let text = format!(
        "---\n# {}\ntitle: Café ☕\nimpact: |\n  été ü ☕\n  日本語 ß\ntags:\n{tags}status: actve\nstarted: 2026-01-05\n---\nBody.\n",
        "é".repeat(100_000)
    );
    let journal = TestJournal::new();
    journal.file("goals/long.md", &text);
    let diagnostics = journal.diagnostics();
    let at = text.find("actve").unwrap();
    let (line, column) = line_column(&text, at);
    let found = expect_one(&diagnostics, "goals/long.md", "invalid-value", line);
    assert_eq!(found["column"], column, "{found:#?}");
    let message = found["message"].as_str().unwrap();
    assert!(message.contains("actve"), "{message}");

    // The same in TOML.
    let tags: Vec<String> = (0..20_000).map(|i| format!("\"tág{i}\"")).collect();
    let text = format!(
        "+++\n# {}\ntitle = \"Café ☕\"\ntags = [{}]\nstatus = \"actve\"\nstarted = 2026-01-05\n+++\nBody.\n",
        "é".repeat(100_000),
        tags.join(", ")
    );
    journal.file("goals/long.md", &text);
    let diagnostics = journal.diagnostics();
    let at = text.find("\"actve\"").unwrap();
    let (line, column) = line_column(&text, at);
    let found = expect_one(&diagnostics, "goals/long.md", "invalid-value", line);
    assert_eq!(found["column"], column, "{found:#?}");
}

#[test]
fn superlinear_parsing_yaml_nested_or_aliased_past_its_limits_is_refused() {
    let journal = TestJournal::new();
    // Compact nesting (`- - - x`) is nesting too: 100,000 levels once
    // overflowed the parser's stack.
    journal.file(
        "goals/compact.md",
        &format!("{HEAD}x:\n{}a\n---\nbody\n", "- ".repeat(100_000)),
    );
    // One alias of a long string, written many times: copies, not values.
    journal.file(
        "goals/copies.md",
        &format!(
            "{HEAD}x: &a {}\ny: [{}]\n---\nbody\n",
            "y".repeat(100_000),
            vec!["*a"; 2_000].join(", ")
        ),
    );
    // Many anchors, many aliases: fine.
    let anchors: String = (0..2_000)
        .map(|i| format!("  a{i}: &a{i} v{i}\n"))
        .collect();
    let aliases: Vec<String> = (0..2_000).map(|i| format!("*a{i}")).collect();
    journal.file(
        "goals/anchors.md",
        &format!(
            "{HEAD}aliases:\n{anchors}tags: [{}]\n---\nbody\n",
            aliases.join(", ")
        ),
    );
    let run = journal.run(&["check", "--format", "json", "--today", TODAY]);
    assert_no_panic(&run);
    let diagnostics: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let found = expect_one(&diagnostics, "goals/compact.md", "frontmatter-syntax", 6);
    let message = found["message"].as_str().unwrap();
    assert!(message.contains("nested too deeply"), "{message}");
    let found = expect_one(&diagnostics, "goals/copies.md", "frontmatter-syntax", 6);
    let message = found["message"].as_str().unwrap();
    assert!(message.contains("copy more than"), "{message}");
    assert!(about(&diagnostics, "goals/anchors.md").is_empty());
}

/// `count` nested `<div>` written after `before` (Markdown) on the line
/// after the frontmatter; the byte offset in the file of the `<div>` that
/// opens level `markdown::MAX_DEPTH + 1`, counting `levels_before` levels
/// open before the first `<div>`.
fn deep_divs(before: &str, count: usize, levels_before: usize) -> (String, usize) {
    let text = format!("{HEAD}---\n{before}{}x\n", "<div>".repeat(count));
    let first = HEAD.len() + 4 + before.len();
    let over = dossier::markdown::MAX_DEPTH + 1 - levels_before;
    (text, first + 5 * (over - 1))
}

#[test]
fn superlinear_parsing_deep_raw_html_is_too_deep_where_it_gets_too_deep() {
    let journal = TestJournal::new();
    // An HTML block is one level, the `<div>` the others: 200,000 of them
    // (a 1 MB note) once took two minutes to build.
    let (block, block_at) = deep_divs("", 200_000, 1);
    journal.file("goals/block.md", &block);
    // Inline in a paragraph inside a quote: two levels before.
    let (inline, inline_at) = deep_divs("> text ", 300, 2);
    journal.file("goals/inline.md", &inline);
    // Just under the limit: nothing to say.
    let (under, _) = deep_divs("", dossier::markdown::MAX_DEPTH - 1, 1);
    journal.file("goals/under.md", &under);
    // Closed as it goes: never deep.
    journal.file(
        "goals/closed.md",
        &format!("{HEAD}---\n{}\n", "<div><p>x</p></div>".repeat(50_000)),
    );
    let diagnostics = journal.diagnostics();
    for (path, text, at) in [
        ("goals/block.md", &block, block_at),
        ("goals/inline.md", &inline, inline_at),
    ] {
        let (line, column) = line_column(text, at);
        let found = expect_one(&diagnostics, path, "too-deep", line);
        assert_eq!(found["column"], column, "{path}: {found:#?}");
        assert_eq!(found["severity"], "error");
    }
    assert!(about(&diagnostics, "goals/under.md").is_empty());
    assert!(about(&diagnostics, "goals/closed.md").is_empty());

    // A journal with such a note does not build...
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[too-deep]"), "{}", run.stderr);
    // ...unless the rule is allowed: its raw HTML is then shown as text.
    journal.file(
        "dossier.toml",
        "owner = \"Test Owner\"\n[rules]\ntoo-deep = \"allow\"\n",
    );
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(journal.path().join("out/goals/block.html")).unwrap();
    assert!(page.contains("&lt;div&gt;&lt;div&gt;"));
    assert!(!page.contains("<div><div><div>"));
    let page = std::fs::read_to_string(journal.path().join("out/goals/under.html")).unwrap();
    assert!(
        page.contains("<div><div><div>"),
        "under the limit, HTML stays HTML"
    );
}

#[test]
fn superlinear_parsing_deep_markdown_builds_flattened() {
    // Markdown nested far past the limit, with a link only the sanitizer
    // can judge: pulldown-cmark reads it in linear time, the sanitizer
    // would not. It builds, flattened at the limit, its text kept.
    let max = dossier::markdown::MAX_DEPTH;
    let journal = TestJournal::new();
    let quotes = format!(
        "{HEAD}---\nIntro.\n\n{} [go](javascript:alert(1)) deep\n",
        ">".repeat(100_000)
    );
    journal.file("goals/quotes.md", &quotes);
    let lists = format!(
        "{HEAD}---\n{}[go](javascript:alert(1)) item\n",
        "- ".repeat(200_000)
    );
    journal.file("goals/lists.md", &lists);
    let images = format!(
        "{HEAD}---\n{}x{}\n",
        "![".repeat(50_000),
        "](a.png)".repeat(50_000)
    );
    journal.file("goals/images.md", &images);
    journal.file("goals/a.png", "png");
    // Raw HTML inside deep Markdown is nested too deeply: reported where
    // it opens a level past the limit.
    let html = format!(
        "{HEAD}---\n{}\n{} a <b>bold</b>\n",
        "Intro.",
        ">".repeat(max)
    );
    journal.file("goals/html.md", &html);
    let diagnostics = journal.diagnostics();
    for path in ["goals/quotes.md", "goals/lists.md", "goals/images.md"] {
        assert!(
            about(&diagnostics, path).is_empty(),
            "{path}: {diagnostics:#?}"
        );
    }
    let (line, column) = line_column(&html, html.find("<b>").unwrap());
    let found = expect_one(&diagnostics, "goals/html.md", "too-deep", line);
    assert_eq!(found["column"], column);
    journal.file(
        "dossier.toml",
        "owner = \"Test Owner\"\n[rules]\ntoo-deep = \"allow\"\n",
    );
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page =
        |name: &str| std::fs::read_to_string(journal.path().join("out/goals").join(name)).unwrap();
    let quotes = page("quotes.html");
    assert_eq!(quotes.matches("<blockquote>").count(), max);
    assert!(quotes.contains("deep") && !quotes.contains("javascript"));
    let lists = page("lists.html");
    assert!(lists.matches("<li>").count() <= max);
    assert!(lists.contains("item") && !lists.contains("javascript"));
    assert!(page("images.html").matches("<img").count() <= max);
    let html = page("html.html");
    assert!(
        html.contains("&lt;b&gt;bold&lt;/b&gt;"),
        "raw HTML shown as text"
    );
}

#[test]
fn superlinear_parsing_many_problems_on_one_long_line_are_each_reported() {
    // 5,000 unknown fields on one line: each is reported at its column, and
    // each drawing shows only the part of the line around its field.
    let keys: Vec<String> = (0..5_000).map(|i| format!("é{i}: v")).collect();
    let text = format!(
        "---\n{{title: A, status: active, started: 2026-01-05, {}}}\n---\nBody.\n",
        keys.join(", ")
    );
    let journal = TestJournal::new();
    journal.file("goals/wide.md", &text);
    let diagnostics = journal.diagnostics();
    let unknown = about(&diagnostics, "goals/wide.md");
    assert_eq!(unknown.len(), 5_000);
    let mut from = 0;
    for (i, found) in unknown.iter().enumerate() {
        let at = from + text[from..].find(&format!(" é{i}:")).unwrap() + 1;
        from = at;
        assert_eq!(found["rule"], "unknown-field");
        assert_eq!((found["line"].clone(), found["column"].clone()), {
            let (line, column) = line_column(&text, at);
            (line.into(), column.into())
        });
    }
    let run = journal.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.matches("error[unknown-field]").count(), 5_000);
    let per_diagnostic = run.stderr.len() / 5_000;
    assert!(
        per_diagnostic < 4 * dossier::diagnostic::SNIPPET_WIDTH + 600,
        "{per_diagnostic} bytes a diagnostic: the whole line is drawn each time"
    );
}

/// Everything a note may hold to drive a terminal: clear the screen, set
/// the window title (OSC 0), write the clipboard (OSC 52), a C1 CSI, a
/// bidi override.
const HOSTILE: &str = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;aGk=\x07\u{9b}31m\u{202e}gnp.exe";

/// Fails if `output` holds a character that drives a terminal.
fn assert_inert(output: &str) {
    for bad in ['\x1b', '\x07', '\u{9b}', '\u{202e}', '\u{85}', '\x7f', '\r'] {
        assert!(
            !output.contains(bad),
            "{bad:?} reached the terminal: {output:?}"
        );
    }
}

/// [`HOSTILE`] in a YAML double-quoted string.
fn yaml_escaped() -> String {
    HOSTILE
        .replace('\x1b', "\\e")
        .replace('\x07', "\\a")
        .replace('\u{9b}', "\\x9b")
        .replace('\u{202e}', "\\u202e")
}

/// A journal whose notes put [`HOSTILE`] where diagnostics show it: in a
/// value a message quotes, in a source line, in links, in a file name.
fn hostile_journal() -> TestJournal {
    let journal = TestJournal::new();
    let link = "a\u{9b}31m\u{202e}gnp";
    journal.file(
        "goals/a.md",
        &format!(
            "---\ntitle: \"{value}\"\nstatus: \"{value}\"\nstarted: 2026-01-05\n---\nBody.\n",
            value = yaml_escaped(),
        ),
    );
    // Valid, so that its links are checked.
    journal.file(
        "goals/b.md",
        &format!("{HEAD}---\nSee {HOSTILE} [x]({link}.md) and [[{link}]].\n"),
    );
    journal.file(
        &format!("goals/{}.md", HOSTILE.replace('\x07', "")),
        "---\ntitle: Named\nstatus: actve\nstarted: 2026-01-05\n---\nBody.\n",
    );
    journal
}

#[test]
fn terminal_escapes_control_characters_in_text_output() {
    let journal = hostile_journal();
    let run = journal.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_inert(&run.stderr);
    assert_inert(&run.stdout);
    // The escaped forms are shown instead: in messages, in source lines
    // and in file names.
    for shown in [
        // In the message quoting the status.
        "`\u{241b}[2J\u{241b}]0;pwned\u{2407}\u{241b}]52;c;aGk=\u{2407}\\u{9b}31m\\u{202e}gnp.exe`",
        // In the source line under the broken links.
        "See \u{241b}[2J\u{241b}]0;pwned\u{2407}",
        "[x](a\\u{9b}31m\\u{202e}gnp.md)",
        // In a file name.
        "goals/\u{241b}[2J\u{241b}]0;pwned",
    ] {
        assert!(
            run.stderr.contains(shown),
            "{shown:?} missing: {}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("error[broken-link]"), "{}", run.stderr);
    // With colours, escape sequences are only dossier's own colour codes.
    let run = journal.run(&["--color", "always", "check", "--today", TODAY]);
    let without_colours = strip_colours(&run.stderr);
    assert_inert(&without_colours);
    assert!(without_colours.contains("\u{241b}[2J"));
}

/// `text` without its SGR colour codes (`ESC [ digits ; digits m`); panics
/// on any other escape sequence.
fn strip_colours(text: &str) -> String {
    let mut out = String::new();
    let mut parts = text.split('\x1b');
    out.push_str(parts.next().unwrap_or(""));
    for part in parts {
        let end = part.find('m').expect("an SGR sequence");
        let codes = &part[..end];
        assert!(
            codes.starts_with('[') && codes[1..].bytes().all(|b| b.is_ascii_digit() || b == b';'),
            "not a colour code: {codes:?}"
        );
        out.push_str(&part[end + 1..]);
    }
    out
}

#[test]
fn terminal_escapes_control_characters_in_json_output() {
    let journal = hostile_journal();
    let run = journal.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_inert(&run.stdout);
    assert!(run.stdout.contains("\\u001b[2J"), "{}", run.stdout);
    assert!(run.stdout.contains("\\u009b31m"), "{}", run.stdout);
    assert!(run.stdout.contains("\\u202egnp.exe"), "{}", run.stdout);
    // Escaped, not lost: the JSON still says what the note holds.
    let diagnostics: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let named = diagnostics
        .iter()
        .find(|d| d["path"].as_str().is_some_and(|p| p.contains("pwned")))
        .expect("the diagnostic about the oddly named file");
    assert_eq!(
        named["path"],
        format!("goals/{}.md", HOSTILE.replace('\x07', ""))
    );
    let status = diagnostics
        .iter()
        .find(|d| d["path"] == "goals/a.md" && d["rule"] == "invalid-value")
        .unwrap();
    assert!(status["message"].as_str().unwrap().contains(HOSTILE));
}

#[test]
fn terminal_escapes_control_characters_in_other_output_lines() {
    let journal = TestJournal::new();
    journal.goal("a");
    // A journal in a folder with an odd name: the paths and the summary
    // line of `check` name it.
    let folder = format!("j{HOSTILE}");
    journal.file(&format!("{folder}/dossier.toml"), "owner = \"T\"\n");
    journal.file(
        &format!("{folder}/goals/b.md"),
        "---\ntitle: B\nstatus: actve\nstarted: 2026-01-05\n---\nBody.\n",
    );
    let run = journal.run(&["check", "--today", TODAY, &folder]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_inert(&run.stderr);
    assert!(
        run.stderr.contains("j\u{241b}[2J\u{241b}]0;pwned\u{2407}\u{241b}]52;c;aGk=\u{2407}\\u{9b}31m\\u{202e}gnp.exe: 0 valid entries checked"),
        "{}",
        run.stderr
    );
    let out = format!("out{HOSTILE}");
    // The summary line of `build`, and the verbose list of files written.
    let run = journal.run(&["--verbose", "build", "-o", &out, "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_inert(&run.stderr);
    assert!(run.stderr.contains("built "), "{}", run.stderr);
    assert!(run.stderr.contains("out\u{241b}[2J"), "{}", run.stderr);
    assert!(journal.path().join(&out).join("index.html").is_file());
    // An error naming a path.
    let missing = format!("missing{HOSTILE}");
    let run = journal.run(&["check", &missing]);
    assert_eq!(run.code, 2);
    assert_inert(&run.stderr);
    assert!(run.stderr.contains("missing\u{241b}[2J"), "{}", run.stderr);
    // The packet's line.
    let packet = format!("packet{HOSTILE}.html");
    let run = journal.run(&["packet", "-o", &packet, "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_inert(&run.stderr);
    assert!(run.stderr.contains("packet\u{241b}[2J"), "{}", run.stderr);
}

/// A journal with enough diagnostics to fill a pipe (64 KB) many times:
/// 300 notes, each with an unknown field and an empty body.
fn noisy_journal(errors: bool) -> TestJournal {
    let journal = TestJournal::new();
    for i in 0..300 {
        let extra = if errors { "colour: blue\n" } else { "" };
        journal.file(
            &format!("goals/goal-{i:03}.md"),
            &format!("{HEAD}{extra}---\n"),
        );
    }
    journal
}

/// Runs dossier in `dir` with its standard output and error to pipes whose
/// read ends are closed after `keep` bytes of standard output were read
/// (standard error is closed at once, unless `capture_stderr`). Returns the
/// exit code and what standard error said, if captured.
fn run_with_closed_pipes(
    dir: &Path,
    args: &[&str],
    keep: usize,
    capture_stderr: bool,
) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dossier binary runs");
    let mut stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let reader = if capture_stderr {
        Some(std::thread::spawn(move || {
            let mut text = String::new();
            let mut stderr = stderr;
            stderr.read_to_string(&mut text).ok();
            text
        }))
    } else {
        drop(stderr);
        None
    };
    let mut head = vec![0; keep];
    stdout.read_exact(&mut head).ok();
    drop(stdout);
    let status = child.wait().unwrap();
    let said = reader.map(|r| r.join().unwrap()).unwrap_or_default();
    (status.code().unwrap_or(-1), said)
}

#[test]
fn closed_pipe_on_check_ends_quietly() {
    let journal = noisy_journal(true);
    // JSON to a pipe closed at once, and after 10 bytes.
    for keep in [0, 10] {
        let (code, stderr) = run_with_closed_pipes(
            journal.path(),
            &["check", "--format", "json", "--today", TODAY],
            keep,
            true,
        );
        assert_eq!(code, 1, "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
    }
    // Text to a closed standard error.
    let (code, _) = run_with_closed_pipes(journal.path(), &["check", "--today", TODAY], 0, false);
    assert_eq!(code, 1);
}

#[cfg(unix)]
#[test]
fn closed_pipe_on_both_outputs_as_with_head() {
    // `dossier check 2>&1 | head -c 10`.
    let journal = noisy_journal(true);
    for format in ["text", "json"] {
        // The exit status of dossier itself comes back through a file.
        let status_file = journal.path().join("status");
        let output = Command::new("sh")
            .arg("-c")
            .arg("{ \"$0\" check --format \"$1\" --today \"$2\" 2>&1; echo $? > \"$3\"; } | head -c 10")
            .arg(env!("CARGO_BIN_EXE_dossier"))
            .arg(format)
            .arg(TODAY)
            .arg(&status_file)
            .current_dir(journal.path())
            .output()
            .unwrap();
        assert_eq!(output.stdout.len(), 10, "{format}");
        let status = std::fs::read_to_string(&status_file).unwrap();
        assert_eq!(status.trim(), "1", "{format}: dossier exited {status}");
    }
}

#[test]
fn closed_pipe_on_build_still_writes_the_site() {
    // Warnings only: the build goes on, and says so on a closed stderr.
    let journal = noisy_journal(false);
    let (code, _) = run_with_closed_pipes(
        journal.path(),
        &["--verbose", "build", "-o", "out", "--today", TODAY],
        0,
        false,
    );
    assert_eq!(code, 0);
    let out = journal.path().join("out");
    assert!(out.join("index.html").is_file());
    assert!(out.join("goals/goal-299.html").is_file());
}
