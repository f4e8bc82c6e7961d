//! `dossier check --staged`: the notes as they are in the git index, what
//! the next commit holds, whatever the working tree says.

use std::path::Path;
use std::process::Command;

use crate::support::{Run, TODAY, TestJournal, TestRepo, run_in};
use serde_json::Value;

const FINE: &str = "---\ntitle: A goal\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nWhy it matters.\n";
const BROKEN: &str = "---\ntitle: A goal\nstatus: actve\nstarted: 2026-01-05\nleverage: [execution]\n---\nWhy it matters.\n";

/// `dossier check [--staged] --today TODAY` in the repository.
fn check(repo: &TestRepo, staged: bool) -> Run {
    let mut args = vec!["check", "--today", TODAY];
    if staged {
        args.push("--staged");
    }
    repo.journal.run(&args)
}

/// The diagnostics of `check --format json`, with or without `--staged`.
fn diagnostics(repo: &TestRepo, staged: bool) -> Vec<Value> {
    let mut args = vec!["check", "--format", "json", "--today", TODAY];
    if staged {
        args.push("--staged");
    }
    let run = repo.journal.run(&args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The rules reported on `path`, but `update-overdue` (the fixtures'
/// updates are long before TODAY: not what these tests are about).
fn rules_at(diagnostics: &[Value], path: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["path"] == path && d["rule"] != "update-overdue")
        .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A repository with one committed, valid goal.
fn committed() -> TestRepo {
    let repo = TestRepo::new();
    repo.journal.file("goals/plan.md", FINE);
    repo.commit("2026-01-05", "Plan");
    repo
}

#[test]
fn a_staged_broken_note_fixed_on_disk_fails() {
    let repo = committed();
    repo.journal.file("goals/plan.md", BROKEN);
    repo.stage("goals/plan.md");
    repo.journal.file("goals/plan.md", FINE);

    let staged = check(&repo, true);
    assert_eq!(staged.code, 1, "{}", staged.stderr);
    // The path as for a working-tree check, the staged line under it.
    assert!(
        staged.stderr.contains("goals/plan.md:3:"),
        "{}",
        staged.stderr
    );
    assert!(staged.stderr.contains("status: actve"), "{}", staged.stderr);
    assert!(staged.stderr.contains("(as staged)"), "{}", staged.stderr);

    let plain = check(&repo, false);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(!plain.stderr.contains("actve"), "{}", plain.stderr);
}

#[test]
fn an_unstaged_break_is_not_the_commits_business() {
    let repo = committed();
    repo.journal.file("goals/plan.md", BROKEN);
    let staged = check(&repo, true);
    assert_eq!(staged.code, 0, "{}", staged.stderr);
    assert!(staged.stderr.contains("1 valid entry"), "{}", staged.stderr);
    assert_eq!(check(&repo, false).code, 1);
}

#[test]
fn untracked_notes_are_ignored_until_staged() {
    let repo = committed();
    repo.journal.file("goals/new.md", BROKEN);
    let staged = check(&repo, true);
    assert_eq!(staged.code, 0, "{}", staged.stderr);
    assert!(rules_at(&diagnostics(&repo, true), "goals/new.md").is_empty());
    assert_eq!(check(&repo, false).code, 1);

    repo.stage("goals/new.md");
    let staged = check(&repo, true);
    assert_eq!(staged.code, 1, "{}", staged.stderr);
    assert_eq!(
        rules_at(&diagnostics(&repo, true), "goals/new.md"),
        ["invalid-value"]
    );
}

#[test]
fn a_note_removed_from_the_index_is_absent() {
    let repo = TestRepo::new();
    repo.journal.file("goals/plan.md", FINE);
    repo.journal.file(
        "updates/2026-01-06.md",
        "---\ndate: 2026-01-06\ngoals: [plan]\n---\nProgress on [[plan]].\n",
    );
    repo.commit("2026-01-06", "Plan and update");
    assert_eq!(check(&repo, true).code, 0);

    // `git rm --cached goals/plan.md`: still on disk, gone from the commit.
    repo.unstage("goals/plan.md");
    let staged = diagnostics(&repo, true);
    assert!(rules_at(&staged, "goals/plan.md").is_empty(), "{staged:#?}");
    assert!(
        rules_at(&staged, "updates/2026-01-06.md").contains(&"unknown-goal".to_string()),
        "{staged:#?}"
    );
    assert_eq!(check(&repo, true).code, 1);
    assert_eq!(check(&repo, false).code, 0);
}

#[test]
fn dossier_toml_comes_from_the_index_too() {
    let repo = committed();
    repo.journal.file(
        "dossier.toml",
        "owner = \"Test Owner\"\nrole = \"Senior Engineer\"\nownr = \"typo\"\n",
    );
    repo.stage("dossier.toml");
    repo.journal.file(
        "dossier.toml",
        "owner = \"Test Owner\"\nrole = \"Senior Engineer\"\n",
    );

    let staged = diagnostics(&repo, true);
    assert!(
        rules_at(&staged, "dossier.toml").contains(&"unknown-field".to_string()),
        "{staged:#?}"
    );
    let run = check(&repo, true);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("ownr"), "{}", run.stderr);
    assert!(rules_at(&diagnostics(&repo, false), "dossier.toml").is_empty());

    // Not staged at all: defaults, and a note that says so.
    repo.unstage("dossier.toml");
    let run = check(&repo, true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("no dossier.toml staged"),
        "{}",
        run.stderr
    );
}

#[test]
fn staged_needs_a_repository() {
    let journal = TestJournal::new();
    journal.goal("plan");
    let run = journal.run(&["check", "--staged", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--staged"), "{}", run.stderr);
    // Without --staged the same journal checks fine.
    assert_eq!(journal.run(&["check", "--today", TODAY]).code, 0);
}

#[test]
fn a_journal_with_nothing_staged_has_zero_notes() {
    let repo = TestRepo::new();
    repo.journal.file("goals/plan.md", BROKEN);
    let run = check(&repo, true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 valid entries"), "{}", run.stderr);
}

#[test]
fn a_journal_in_a_subfolder_reads_its_own_entries() {
    let repo = TestRepo::new();
    repo.journal
        .file("notes/dossier.toml", "owner = \"Test\"\n");
    repo.journal.file("notes/goals/plan.md", BROKEN);
    repo.journal.file("goals/other.md", BROKEN);
    repo.stage("notes/dossier.toml");
    repo.stage("notes/goals/plan.md");
    repo.stage("goals/other.md");
    repo.journal.file("notes/goals/plan.md", FINE);
    let run = run_in(
        repo.journal.path(),
        &["check", "--staged", "--today", TODAY, "notes"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("notes/goals/plan.md:3:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("other.md"), "{}", run.stderr);
}

#[test]
fn an_embed_of_an_unstaged_file_is_broken() {
    let repo = committed();
    repo.journal.file(
        "updates/2026-01-06.md",
        "---\ndate: 2026-01-06\ngoals: [plan]\n---\n![[chart.png]]\n",
    );
    repo.journal
        .bytes("updates/chart.png", b"\x89PNG\r\n\x1a\n");
    repo.stage("updates/2026-01-06.md");
    let staged = diagnostics(&repo, true);
    assert!(
        rules_at(&staged, "updates/2026-01-06.md").contains(&"broken-link".to_string()),
        "{staged:#?}"
    );
    assert!(rules_at(&diagnostics(&repo, false), "updates/2026-01-06.md").is_empty());
    repo.stage("updates/chart.png");
    assert!(rules_at(&diagnostics(&repo, true), "updates/2026-01-06.md").is_empty());
}

#[test]
fn a_staged_blob_over_the_limit_is_too_large_unread() {
    let repo = TestRepo::new();
    repo.journal.file(
        "dossier.toml",
        "owner = \"Test\"\nmax_file_size = \"2 KB\"\n",
    );
    repo.stage("dossier.toml");
    let big = format!("{FINE}{}", "Long text.\n".repeat(400));
    repo.journal.file("goals/plan.md", &big);
    repo.stage("goals/plan.md");
    repo.journal.file("goals/plan.md", FINE);
    let staged = diagnostics(&repo, true);
    assert_eq!(
        rules_at(&staged, "goals/plan.md"),
        ["too-large"],
        "{staged:#?}"
    );
    assert!(rules_at(&diagnostics(&repo, false), "goals/plan.md").is_empty());
}

#[cfg(unix)]
#[test]
fn a_staged_symbolic_link_is_reported_not_followed() {
    let repo = committed();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), BROKEN).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        repo.journal.path().join("goals/link.md"),
    )
    .unwrap();
    repo.stage("goals/link.md");
    // On disk, the link is replaced by a regular broken note: the index's
    // link is what counts.
    std::fs::remove_file(repo.journal.path().join("goals/link.md")).unwrap();
    repo.journal.file("goals/link.md", BROKEN);
    let staged = diagnostics(&repo, true);
    assert_eq!(
        rules_at(&staged, "goals/link.md"),
        ["symlink"],
        "{staged:#?}"
    );
    let message = staged
        .iter()
        .find(|d| d["rule"] == "symlink")
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    assert!(message.contains("outside the journal"), "{message}");
    assert_eq!(check(&repo, true).code, 0);
}

/// `git` with a fixed identity, in `dir`, with the binary under test first
/// on PATH; `None` where git is missing.
fn git(dir: &Path, args: &[&str]) -> Option<Run> {
    Command::new("git").arg("--version").output().ok()?;
    let bin = Path::new(env!("CARGO_BIN_EXE_dossier")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("SOURCE_DATE_EPOCH", "1795435200")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    Some(Run::from(output))
}

/// The hook `init --hook` installs, run by git itself: `git commit -a`
/// commits from a temporary index (GIT_INDEX_FILE), which `--staged` reads.
#[cfg(unix)]
#[test]
fn the_hook_checks_what_git_commit_commits() {
    let repo = committed();
    let run = repo.journal.run(&["init", "--hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hook = std::fs::read_to_string(repo.journal.path().join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("\nexec dossier check --staged .\n"), "{hook}");

    repo.journal.file("goals/plan.md", BROKEN);
    repo.journal.file("goals/other.md", FINE);
    let Some(add) = git(repo.journal.path(), &["add", "goals/other.md"]) else {
        return;
    };
    assert_eq!(add.code, 0, "{}", add.stderr);
    // `git commit -a` would commit the broken plan: refused.
    let all = git(repo.journal.path(), &["commit", "-a", "-m", "All"]).unwrap();
    assert_ne!(all.code, 0, "{}", all.stderr);
    assert!(all.stderr.contains("actve"), "{}", all.stderr);
    // A plain commit holds only the staged, valid note: accepted, though
    // the working tree is broken.
    let staged = git(repo.journal.path(), &["commit", "-m", "Other"]).unwrap();
    assert_eq!(staged.code, 0, "{}\n{}", staged.stdout, staged.stderr);
    assert!(staged.stderr.contains("(as staged)"), "{}", staged.stderr);
}
