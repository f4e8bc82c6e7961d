//! Hostile input: every bad file gets a clear diagnostic, never a panic, a
//! hang or unbounded memory; git repositories in odd states still build.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Run, TODAY, TestJournal, TestRepo};

const GOAL: &str = "---\ntitle: A goal\nstatus: active\nstarted: 2026-01-05\n---\n";

/// The diagnostics about one file.
fn about<'a>(diagnostics: &'a [Value], path: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["path"] == path).collect()
}

/// The one diagnostic about `path`, checked for its rule and line.
fn expect_one(diagnostics: &[Value], path: &str, rule: &str, line: u64) -> String {
    let found = about(diagnostics, path);
    assert_eq!(found.len(), 1, "{path}: {found:#?}");
    assert_eq!(found[0]["rule"], rule, "{path}: {:#?}", found[0]);
    assert_eq!(found[0]["line"], line, "{path}: {:#?}", found[0]);
    found[0]["message"].as_str().unwrap_or_default().to_string()
}

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "dossier panicked: {}",
        run.stderr
    );
}

/// A frontmatter whose aliases expand to 10^10 values.
fn billion_laughs() -> String {
    let mut text = String::from("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10u8 {
        let name = char::from(b'a' + level);
        let previous = char::from(b'a' + level - 1);
        let items = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    text + "---\nbody\n"
}

/// Notes whose Markdown nests 10,000 levels deep (1,000 for indented lists:
/// indentation grows quadratically, and 10,000 levels would be 100 MB,
/// refused as too large) or holds a 1 MB line. They must all build.
fn deep_markdown(journal: &TestJournal) {
    journal.file(
        "goals/deep-quote.md",
        &format!("{GOAL}{} deep\n", ">".repeat(10_000)),
    );
    // Indented nesting grows quadratically: 10,000 levels would be 100 MB
    // (refused as too large), so 1,000 levels (1 MB) here.
    let list: String = (0..1_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    journal.file("goals/deep-list.md", &format!("{GOAL}{list}"));
    journal.file(
        "goals/deep-inline-list.md",
        &format!("{GOAL}{}item\n", "- ".repeat(10_000)),
    );
    journal.file(
        "goals/long-line.md",
        &format!("{GOAL}{}\n", "word ".repeat(200_000)),
    );
}

#[test]
fn hostile_files_get_a_clear_diagnostic_and_never_a_panic() {
    let journal = TestJournal::new();
    journal.file("dossier.toml", "owner = \"Test\"\nmax_file_size = 2\n");
    journal.bytes("goals/latin1.md", b"---\ntitle: Caf\xe9\n---\n");
    journal.file("goals/bom.md", &format!("\u{feff}{GOAL}body\n"));
    journal.file(
        "goals/crlf.md",
        &format!("{}body\n", GOAL.replace("active", "actve")).replace('\n', "\r\n"),
    );
    journal.file("goals/empty.md", "");
    journal.file("goals/unclosed.md", "---\ntitle: A\nbody\n");
    journal.file("goals/list.md", "---\n- a\n- b\n---\nbody\n");
    journal.file("goals/scalar.md", "---\njust text\n---\nbody\n");
    journal.file("goals/laughs.md", &billion_laughs());
    // 10,000 indented levels would be 50 MB (too large): 1,000 is enough
    // to pass the 256-column guard.
    let block: String = (0..1_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    journal.file("goals/deep-block.md", &format!("---\n{block}---\nbody\n"));
    let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    journal.file(
        "goals/deep-flow.md",
        &format!("---\nx: {flow}\n---\nbody\n"),
    );
    let flow_map = format!("{}1{}", "{a: ".repeat(10_000), "}".repeat(10_000));
    journal.file(
        "goals/deep-flow-map.md",
        &format!("---\nx: {flow_map}\n---\nbody\n"),
    );
    deep_markdown(&journal);
    // 50 MB, sparse: only a size check before reading refuses it cheaply.
    let huge = std::fs::File::create(journal.path().join("goals/huge.md")).unwrap();
    huge.set_len(50_000_000).unwrap();
    // Hidden: skipped, whatever they hold.
    journal.bytes("goals/..md", b"\xff");
    journal.bytes("goals/...md", b"\xff");
    journal.bytes("goals/.hidden.md", b"\xff");

    let started = Instant::now();
    let run = journal.run(&["check", "--format", "json", "--today", TODAY]);
    let elapsed = started.elapsed();
    assert_no_panic(&run);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diagnostics: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        elapsed < Duration::from_secs(5),
        "check took {elapsed:?} on hostile input"
    );

    let message = expect_one(&diagnostics, "goals/latin1.md", "unreadable", 2);
    assert!(message.contains("not UTF-8"), "{message}");
    assert!(about(&diagnostics, "goals/bom.md").is_empty());
    expect_one(&diagnostics, "goals/crlf.md", "invalid-value", 3);
    let crlf = about(&diagnostics, "goals/crlf.md");
    assert_eq!(crlf[0]["column"], 9);
    expect_one(&diagnostics, "goals/empty.md", "missing-frontmatter", 1);
    let message = expect_one(&diagnostics, "goals/unclosed.md", "frontmatter-syntax", 1);
    assert!(message.contains("never closed"), "{message}");
    expect_one(&diagnostics, "goals/list.md", "wrong-type", 2);
    expect_one(&diagnostics, "goals/scalar.md", "wrong-type", 2);
    let message = expect_one(&diagnostics, "goals/laughs.md", "frontmatter-syntax", 6);
    assert!(message.contains("aliases"), "{message}");
    let message = expect_one(
        &diagnostics,
        "goals/deep-block.md",
        "frontmatter-syntax",
        259,
    );
    assert!(message.contains("nested too deeply"), "{message}");
    let message = expect_one(&diagnostics, "goals/deep-flow.md", "frontmatter-syntax", 2);
    assert!(message.contains("nested too deeply"), "{message}");
    let message = expect_one(
        &diagnostics,
        "goals/deep-flow-map.md",
        "frontmatter-syntax",
        2,
    );
    assert!(message.contains("nested too deeply"), "{message}");
    for fine in [
        "goals/deep-quote.md",
        "goals/deep-list.md",
        "goals/deep-inline-list.md",
        "goals/long-line.md",
    ] {
        assert!(about(&diagnostics, fine).is_empty(), "{fine}");
    }
    let message = expect_one(&diagnostics, "goals/huge.md", "too-large", 1);
    assert!(
        message.contains("50 MB") && message.contains("2 MB"),
        "{message}"
    );
    for hidden in ["goals/..md", "goals/...md", "goals/.hidden.md"] {
        assert!(about(&diagnostics, hidden).is_empty(), "{hidden}");
    }
    let paths: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(
        paths.iter().all(|p| !p.contains("/.")),
        "a hidden file was read: {paths:?}"
    );
}

#[test]
fn deep_markdown_and_long_lines_build() {
    let journal = TestJournal::new();
    deep_markdown(&journal);
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(journal.path().join("out/goals/long-line.html")).unwrap();
    assert!(page.len() > 1_000_000);
    assert!(journal.path().join("out/goals/deep-quote.html").is_file());
    assert!(journal.path().join("out/goals/deep-list.html").is_file());
}

#[test]
fn max_file_size_is_a_setting() {
    let journal = TestJournal::new();
    journal.file("goals/a.md", &format!("{GOAL}{}\n", "x".repeat(3000)));
    assert!(journal.diagnostics().is_empty());
    journal.file("dossier.toml", "max_file_size = \"2 KB\"\n");
    let diagnostics = journal.diagnostics();
    let message = expect_one(&diagnostics, "goals/a.md", "too-large", 1);
    assert!(
        message.contains("3 KB") && message.contains("2 KB"),
        "{message}"
    );
    journal.file("dossier.toml", "max_file_size = \"lots\"\n");
    let diagnostics = journal.diagnostics();
    expect_one(&diagnostics, "dossier.toml", "invalid-value", 1);
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_and_named() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), format!("{GOAL}secret\n")).unwrap();
    std::fs::write(outside.path().join("secret.png"), "not for the site").unwrap();
    let journal = TestJournal::new();
    journal.goal("a");
    let goals = journal.path().join("goals");
    symlink(outside.path().join("secret.md"), goals.join("out.md")).unwrap();
    symlink(outside.path(), goals.join("outdir")).unwrap();
    symlink(".", goals.join("loop")).unwrap();
    symlink("b.md", goals.join("c.md")).unwrap();
    symlink("c.md", goals.join("b.md")).unwrap();

    let started = Instant::now();
    let diagnostics = journal.diagnostics();
    assert!(started.elapsed() < Duration::from_secs(5));
    for path in ["goals/out.md", "goals/outdir"] {
        let message = expect_one(&diagnostics, path, "symlink", 1);
        assert!(message.contains("outside the journal"), "{message}");
        assert!(message.contains("not followed"), "{message}");
    }
    for path in ["goals/b.md", "goals/c.md"] {
        let message = expect_one(&diagnostics, path, "symlink", 1);
        assert!(message.contains("leads nowhere"), "{message}");
    }
    expect_one(&diagnostics, "goals/loop", "symlink", 1);
    assert!(diagnostics.iter().all(|d| d["severity"] == "warning"));
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!journal.path().join("out/goals/out.html").exists());

    // An asset reached through a symbolic link is refused, never copied
    // into the site: the link shows its text.
    symlink(outside.path().join("secret.png"), goals.join("plan.png")).unwrap();
    journal.file(
        "goals/a.md",
        &format!("{GOAL}![plan](plan.png)\n\n![[plan.png]]\n"),
    );
    let diagnostics = journal.diagnostics();
    let broken: Vec<_> = about(&diagnostics, "goals/a.md");
    assert_eq!(broken.len(), 2, "{broken:#?}");
    assert!(broken.iter().all(|d| {
        d["rule"] == "unpublished-link"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("through the symbolic link `goals/plan.png`")
    }));
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!journal.path().join("out/goals/plan.png").exists());
    let page = std::fs::read_to_string(journal.path().join("out/goals/a.html")).unwrap();
    assert!(!page.contains("plan.png\""), "{page}");
}

#[test]
fn names_with_spaces_and_unicode_work_end_to_end() {
    let journal = TestJournal::new();
    journal.file("goals/with space.md", &format!("{GOAL}body\n"));
    journal.file("goals/café ☕.md", &format!("{GOAL}body\n"));
    journal.file(
        "updates/2026-02-01.md",
        "---\ndate: 2026-02-01\ngoals: [with space, café ☕]\n---\n\
         [a](<../goals/with space.md>) [b](../goals/caf%C3%A9%20%E2%98%95.md) [[café ☕]]\n",
    );
    assert_eq!(journal.diagnostics(), Vec::<Value>::new());
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = journal.path().join("out");
    assert!(out.join("goals/with space.html").is_file());
    assert!(out.join("goals/café ☕.html").is_file());
    let update = std::fs::read_to_string(out.join("updates/2026-02-01.html")).unwrap();
    for href in [
        "href=\"../goals/with%20space.html\"",
        "href=\"../goals/caf%C3%A9%20%E2%98%95.html\"",
    ] {
        assert!(update.contains(href), "{href} missing from {update}");
    }
}

#[test]
fn a_backslash_in_a_file_name_is_reported_by_check_not_only_by_build() {
    let journal = TestJournal::new();
    journal.file("goals/a\\b.md", &format!("{GOAL}body\n"));
    let diagnostics = journal.diagnostics();
    let message = expect_one(&diagnostics, "goals/a\\b.md", "invalid-name", 1);
    assert!(message.contains("`a\\b`"), "{message}");
    let run = journal.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

/// Runs `git ARGS` in `dir`, quietly, and checks it worked.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", "2026-02-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-02-01T12:00:00Z")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `check` and `build` on a repository in an odd state: no panic, the site
/// builds, and the history note says what is wrong.
fn check_and_build(journal: &TestJournal) -> Vec<Value> {
    let all = journal.all_diagnostics();
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(journal.path().join("out/index.html").is_file());
    all
}

fn history_notes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["rule"] == "no-history")
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_corrupt_object_gives_a_history_error_and_a_site() {
    let repo = TestRepo::new();
    repo.journal.goal("a");
    repo.commit("2026-01-05", "first");
    repo.journal.goal("b");
    repo.commit("2026-01-06", "second");
    // Corrupt every loose object: git cannot inflate them any more.
    let objects = repo.journal.path().join(".git/objects");
    for entry in walkdir::WalkDir::new(&objects) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.path().parent() != Some(&objects) {
            let mut permissions = std::fs::metadata(entry.path()).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            std::fs::set_permissions(entry.path(), permissions).unwrap();
            std::fs::write(entry.path(), b"not zlib at all").unwrap();
        }
    }
    let diagnostics = check_and_build(&repo.journal);
    let notes = history_notes(&diagnostics);
    assert_eq!(notes.len(), 1, "{diagnostics:#?}");
}

#[test]
fn a_submodule_is_not_a_problem() {
    let inner = TestRepo::new();
    inner.journal.goal("inner");
    inner.commit("2026-01-05", "inner");
    let repo = TestRepo::new();
    repo.journal.goal("a");
    repo.commit("2026-01-05", "first");
    let url = inner.journal.path().to_string_lossy().into_owned();
    git(
        repo.journal.path(),
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            &url,
            "vendor/inner",
        ],
    );
    git(repo.journal.path(), &["commit", "-q", "-m", "submodule"]);
    let diagnostics = check_and_build(&repo.journal);
    assert!(history_notes(&diagnostics).is_empty(), "{diagnostics:#?}");
}

#[test]
fn an_unborn_branch_says_there_are_no_commits() {
    let repo = TestRepo::new();
    repo.journal.goal("a");
    let diagnostics = check_and_build(&repo.journal);
    let notes = history_notes(&diagnostics);
    assert_eq!(notes.len(), 1, "{diagnostics:#?}");
    assert!(notes[0].contains("no commits"), "{notes:?}");
}

#[test]
fn a_detached_head_reads_history() {
    let repo = TestRepo::new();
    repo.journal.goal("a");
    repo.commit("2026-01-05", "first");
    repo.journal.goal("b");
    repo.commit("2026-01-06", "second");
    git(
        repo.journal.path(),
        &["checkout", "-q", "--detach", "HEAD~1"],
    );
    let diagnostics = check_and_build(&repo.journal);
    assert!(history_notes(&diagnostics).is_empty(), "{diagnostics:#?}");
}

#[test]
fn a_shallow_clone_says_so_and_builds() {
    let repo = TestRepo::new();
    repo.journal.goal("a");
    repo.commit("2026-01-05", "first");
    repo.journal.goal("b");
    repo.commit("2026-01-06", "second");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.journal.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "journal"],
    );
    let journal = clone.path().join("journal");
    let run = crate::support::run_in(&journal, &["check", "--format", "json", "--today", TODAY]);
    assert_no_panic(&run);
    let diagnostics: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let notes = history_notes(&diagnostics);
    assert_eq!(notes.len(), 1, "{diagnostics:#?}");
    assert!(notes[0].contains("shallow"), "{notes:?}");
}

/// Runs `dossier ARGS` in `journal` so that file permissions bind it as
/// they bind an ordinary user, even when this process is root (as CI runs):
/// root reads a file of mode 000 through two capabilities, and `setpriv`
/// (util-linux, which every Debian has) takes them out of the binary's
/// bounding set. Whether they are needed is asked of `locked` itself, a file
/// of mode 000: so the run is never the unprivileged one by luck.
#[cfg(unix)]
fn run_bound_by_permissions(journal: &TestJournal, locked: &Path, args: &[&str]) -> Run {
    let binary = env!("CARGO_BIN_EXE_dossier");
    let mut command = if std::fs::read(locked).is_ok() {
        let mut setpriv = Command::new("setpriv");
        setpriv
            .args(["--bounding-set", "-dac_override,-dac_read_search", "--"])
            .arg(binary);
        setpriv
    } else {
        Command::new(binary)
    };
    let output = command
        .args(args)
        .current_dir(journal.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("dossier runs (through setpriv, from util-linux, when this process is root)");
    Run::from(output)
}

#[cfg(unix)]
#[test]
fn special_files_named_like_notes_never_hang() {
    use std::os::unix::fs::PermissionsExt;
    let journal = TestJournal::new();
    journal.goal("a");
    let status = Command::new("mkfifo")
        .arg(journal.path().join("goals/x.md"))
        .status()
        .unwrap();
    assert!(status.success());
    // A folder named like a note is a folder: its notes are read.
    journal.goal("folder.md/inner");
    journal.file("goals/locked.md", GOAL);
    let locked = journal.path().join("goals/locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Embedding the FIFO must not hang the build either.
    journal.file("goals/a.md", &format!("{GOAL}![[x.md]] ![pipe](x.md)\n"));

    let started = Instant::now();
    let args = ["check", "--format", "json", "--today", TODAY];
    let run = run_bound_by_permissions(&journal, &locked, &args);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_no_panic(&run);
    let diagnostics: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    let fifo: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["message"].as_str().unwrap_or("").contains("x.md"))
        .filter(|d| d["rule"] == "unreadable")
        .collect();
    assert_eq!(fifo.len(), 1, "{diagnostics:#?}");
    assert!(
        fifo[0]["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file")
    );
    assert!(about(&diagnostics, "goals/folder.md/inner.md").is_empty());
    let message = expect_one(&diagnostics, "goals/locked.md", "unreadable", 1);
    assert!(
        message.starts_with("cannot read this file: ") && message.contains("ermission denied"),
        "{message}"
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn toml_frontmatter_nested_10000_deep_is_refused_quickly() {
    let journal = TestJournal::new();
    let depth = 10_000;
    journal.file(
        "goals/arrays.md",
        &format!(
            "+++\nx = {}{}\n+++\nbody\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    journal.file(
        "goals/tables.md",
        &format!(
            "+++\nx = {}1{}\n+++\nbody\n",
            "{a = ".repeat(depth),
            "}".repeat(depth)
        ),
    );
    journal.file(
        "goals/dotted.md",
        &format!("+++\n{} = 1\n+++\nbody\n", vec!["a"; depth].join(".")),
    );
    let started = Instant::now();
    let diagnostics = journal.diagnostics();
    assert!(started.elapsed() < Duration::from_secs(5));
    for path in ["goals/arrays.md", "goals/tables.md", "goals/dotted.md"] {
        let message = expect_one(&diagnostics, path, "frontmatter-syntax", 2);
        assert!(message.contains("nested too deeply"), "{message}");
    }
}

#[test]
fn a_hostile_dossier_toml_gets_a_diagnostic_and_defaults() {
    let journal = TestJournal::new();
    journal.goal("a");
    journal.bytes("dossier.toml", b"owner = \"Caf\xe9\"\n");
    let message = expect_one(&journal.diagnostics(), "dossier.toml", "unreadable", 1);
    assert!(message.contains("not UTF-8"), "{message}");

    let depth = 10_000;
    for text in [
        format!(
            "owner = \"A\"\nx = {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        format!("{} = 1\n", vec!["a"; depth].join(".")),
        format!("[{}]\n", vec!["a"; depth].join(".")),
    ] {
        journal.file("dossier.toml", &text);
        let started = Instant::now();
        let diagnostics = journal.diagnostics();
        assert!(started.elapsed() < Duration::from_secs(5));
        let found = about(&diagnostics, "dossier.toml");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0]["rule"], "config-syntax");
        let message = found[0]["message"].as_str().unwrap();
        assert!(message.contains("nested too deeply"), "{message}");
    }

    // Larger than the default limit: refused before it is read (sparse).
    let huge = std::fs::File::create(journal.path().join("dossier.toml")).unwrap();
    huge.set_len(50_000_000).unwrap();
    let started = Instant::now();
    let diagnostics = journal.diagnostics();
    assert!(started.elapsed() < Duration::from_secs(5));
    let too_large: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "too-large")
        .collect();
    assert_eq!(too_large.len(), 1, "{diagnostics:#?}");
    let message = too_large[0]["message"].as_str().unwrap();
    assert!(
        message.contains("50 MB") && message.contains("5 MB"),
        "{message}"
    );
}
