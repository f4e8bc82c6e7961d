//! `dossier init`: the files of a new journal, which pass `dossier check`;
//! git; never overwriting; the pre-commit hook.

use std::path::Path;
use std::process::Command;

use crate::support::{TestJournal, read_tree, run_in};

/// Every file `dossier init` writes, less the dated ones.
const FILES: &[&str] = &[
    "dossier.toml",
    ".gitignore",
    "goals/checkout-latency.md",
    ".dossier/schema/goal.json",
    ".dossier/schema/update.json",
    ".dossier/schema/meeting.json",
];

/// The date of the example update: the day init ran.
fn init_day(journal: &Path) -> String {
    let names: Vec<String> = std::fs::read_dir(journal.join("updates"))
        .expect("updates/")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    names[0].trim_end_matches(".md").to_string()
}

/// The tree without git's own files.
fn tree_without_git(root: &Path) -> Vec<(String, Vec<u8>)> {
    read_tree(root)
        .into_iter()
        .filter(|(path, _)| !path.starts_with(".git/"))
        .collect()
}

#[test]
fn init_writes_a_journal_that_passes_check() {
    let dir = TestJournal::bare();
    let inside_repo = git2::Repository::discover(dir.path()).is_ok();
    let run = dir.run(&["init", "my journal"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let journal = dir.path().join("my journal");
    for file in FILES {
        assert!(journal.join(file).is_file(), "missing {file}");
    }
    let day = init_day(&journal);
    assert!(
        journal
            .join(format!("meetings/{day}-checkout-conversion.md"))
            .is_file()
    );
    // Every key of dossier.toml is documented.
    let config = std::fs::read_to_string(journal.join("dossier.toml")).unwrap();
    for key in [
        "owner",
        "role",
        "target_role",
        "title",
        "cadence_days",
        "backdated_days",
        "stale_days",
        "[periods]",
        "away",
        "[rules]",
    ] {
        assert!(config.contains(key), "{key} not in {config}");
    }
    let gitignore = std::fs::read_to_string(journal.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/site/"), "{gitignore}");
    assert!(
        gitignore.lines().any(|l| l == "/packet.html"),
        "{gitignore}"
    );
    // The examples point editors at the schemas.
    let goal = std::fs::read_to_string(journal.join("goals/checkout-latency.md")).unwrap();
    assert!(
        goal.starts_with("---\n# yaml-language-server: $schema=../.dossier/schema/goal.json\n"),
        "{goal}"
    );
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(journal.join(".dossier/schema/goal.json")).unwrap())
            .expect("the schema is JSON");
    assert!(schema.is_object());

    // The journal passes check: no error, no warning, only notes.
    let check = run_in(
        &journal,
        &[
            "check",
            "--format",
            "json",
            "--today",
            &day,
            "--deny-warnings",
        ],
    );
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
    assert!(
        diagnostics.iter().all(|d| d["severity"] == "note"),
        "{diagnostics:#?}"
    );
    let text = run_in(&journal, &["check", "--today", &day]);
    assert!(
        text.stderr
            .contains("3 valid entries checked: 0 errors, 0 warnings"),
        "{}",
        text.stderr
    );

    // A git repository was created, unless the folder was already in one.
    if !inside_repo {
        let repo = git2::Repository::open(&journal).expect("a git repository");
        assert_eq!(
            repo.workdir().unwrap().canonicalize().unwrap(),
            journal.canonicalize().unwrap()
        );
    }
    // The next commands are printed on stdout.
    assert!(run.stdout.contains("  cd 'my journal'\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("  dossier new update\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  dossier serve\n"), "{}", run.stdout);
}

#[test]
fn init_twice_refuses_and_changes_nothing() {
    let dir = TestJournal::bare();
    assert_eq!(dir.run(&["init"]).code, 0);
    let before = read_tree(dir.path());
    let again = dir.run(&["init"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again.stderr.contains("dossier.toml` already exists"),
        "{}",
        again.stderr
    );
    assert_eq!(read_tree(dir.path()), before);
}

#[test]
fn init_checks_every_file_before_writing_any() {
    let dir = TestJournal::bare();
    dir.file("goals/checkout-latency.md", "mine\n");
    let run = dir.run(&["init"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("checkout-latency.md` already exists"),
        "{}",
        run.stderr
    );
    let tree = read_tree(dir.path());
    assert_eq!(
        tree,
        vec![("goals/checkout-latency.md".to_string(), b"mine\n".to_vec())]
    );
}

#[test]
fn init_keeps_an_existing_gitignore_and_adds_the_output_lines() {
    let dir = TestJournal::bare();
    dir.file(".gitignore", "/site/\n*.tmp");
    let run = dir.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
        "/site/\n*.tmp\n# dossier's output: the site and the packet\n/packet.html\n/.*.dossier-*\n"
    );
}

#[test]
fn init_inside_a_repository_does_not_nest_one() {
    let dir = TestJournal::bare();
    git2::Repository::init(dir.path()).unwrap();
    let run = dir.run(&["init", "notes/journal", "--hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join("notes/journal/.git").exists());
    let hook = std::fs::read_to_string(dir.path().join(".git/hooks/pre-commit")).unwrap();
    assert!(
        hook.contains("\nexec dossier check notes/journal\n"),
        "{hook}"
    );
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o111 == 0o111
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    true
}

/// Runs the hook as git would, with the binary under test on PATH.
fn run_hook(repo: &Path) -> Option<std::process::Output> {
    // The hook asks git for the repository root: skip where git is missing.
    Command::new("git").arg("--version").output().ok()?;
    let bin = Path::new(env!("CARGO_BIN_EXE_dossier")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    Some(
        Command::new("sh")
            .arg(".git/hooks/pre-commit")
            .current_dir(repo)
            .env("PATH", path)
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap(),
    )
}

#[test]
fn hook_runs_check_and_fails_on_errors() {
    let dir = TestJournal::bare();
    let run = dir.run(&["init", "--hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hook = dir.path().join(".git/hooks/pre-commit");
    let script = std::fs::read_to_string(&hook).unwrap();
    assert!(script.starts_with("#!/bin/sh\n"), "{script}");
    assert!(script.contains("\nexec dossier check .\n"), "{script}");
    assert!(is_executable(&hook));

    if let Some(output) = run_hook(dir.path()) {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        dir.file(
            "goals/broken.md",
            "---\ntitle: Broken\nstatus: actve\nstarted: 2026-01-05\n---\nText.\n",
        );
        let output = run_hook(dir.path()).unwrap();
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("actve"));
    }
}

#[test]
fn hook_on_an_existing_journal_installs_only_the_hook() {
    let dir = TestJournal::bare();
    assert_eq!(dir.run(&["init"]).code, 0);
    let before = tree_without_git(dir.path());
    let hook = dir.path().join(".git/hooks/pre-commit");
    assert!(!hook.exists());

    let run = dir.run(&["init", "--hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(hook.is_file());
    assert!(is_executable(&hook));
    assert_eq!(tree_without_git(dir.path()), before);

    // Again: the same hook is already there, which is fine.
    let again = dir.run(&["init", "--hook"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("already installed"),
        "{}",
        again.stdout
    );
}

#[test]
fn hook_never_replaces_another_hook() {
    let dir = TestJournal::bare();
    assert_eq!(dir.run(&["init"]).code, 0);
    dir.file(".git/hooks/pre-commit", "#!/bin/sh\nmake lint\n");
    let run = dir.run(&["init", "--hook"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("pre-commit` already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".git/hooks/pre-commit")).unwrap(),
        "#!/bin/sh\nmake lint\n"
    );
}

#[test]
fn hook_needs_a_repository() {
    let dir = TestJournal::new();
    let inside_repo = git2::Repository::discover(dir.path()).is_ok();
    if inside_repo {
        return;
    }
    let run = dir.run(&["init", "--hook"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );
}
