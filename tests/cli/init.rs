//! `dossier init`: the files of a new journal, which pass `dossier check`;
//! git; never overwriting; the pre-commit hook.

use std::path::Path;
use std::process::Command;

use crate::support::{TestJournal, list_tree, read_tree, run_in, run_isolated};

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
        "/site/\n*.tmp\n# dossier's output: the site and the packet\n/packet.html\n/packet.json\n/packet.pdf\n/.*.dossier-*\n"
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
        hook.contains("\nexec dossier check --staged notes/journal\n"),
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
    let run = run_isolated(dir.path(), &["init", "--hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hook = dir.path().join(".git/hooks/pre-commit");
    let script = std::fs::read_to_string(&hook).unwrap();
    assert!(script.starts_with("#!/bin/sh\n"), "{script}");
    assert!(
        script.contains("\nexec dossier check --staged .\n"),
        "{script}"
    );
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
        // Untracked, so not in the commit: the hook checks the index.
        let output = run_hook(dir.path()).unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let repo = git2::Repository::open(dir.path()).unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("goals/broken.md")).unwrap();
        index.write().unwrap();
        let output = run_hook(dir.path()).unwrap();
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("actve"));
    }
}

#[test]
fn hook_on_an_existing_journal_installs_only_the_hook() {
    let dir = TestJournal::bare();
    assert_eq!(run_isolated(dir.path(), &["init"]).code, 0);
    let before = tree_without_git(dir.path());
    let hook = dir.path().join(".git/hooks/pre-commit");
    assert!(!hook.exists());

    let run = run_isolated(dir.path(), &["init", "--hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(hook.is_file());
    assert!(is_executable(&hook));
    assert_eq!(tree_without_git(dir.path()), before);

    // Again: the same hook is already there, which is fine.
    let again = run_isolated(dir.path(), &["init", "--hook"]);
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
    assert_eq!(run_isolated(dir.path(), &["init"]).code, 0);
    dir.file(".git/hooks/pre-commit", "#!/bin/sh\nmake lint\n");
    let run = run_isolated(dir.path(), &["init", "--hook"]);
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
    // Whether or not the temporary folder is inside a repository, git (and
    // dossier) looks no higher than the journal's parent here.
    let dir = TestJournal::new();
    let before = list_tree(dir.path());
    let run = run_isolated(dir.path(), &["init", "--hook"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );
    assert_eq!(list_tree(dir.path()), before);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// Runs `init ARGS` in a folder prepared by `prepare` (given the folder
/// and a folder outside it), expects it to fail naming `names`, and checks
/// that neither folder changed.
#[cfg(unix)]
fn refused(args: &[&str], names: &str, prepare: impl FnOnce(&Path, &Path)) -> String {
    let dir = TestJournal::bare();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "keep\n").unwrap();
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    prepare(dir.path(), outside.path());
    let before = (list_tree(dir.path()), list_tree(outside.path()));
    let run = run_isolated(dir.path(), args);
    assert_eq!(run.code, 2, "{args:?} ({names}): {}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{names}`")),
        "{args:?}: the error names {names}: {}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(
        (list_tree(dir.path()), list_tree(outside.path())),
        before,
        "{args:?} ({names}) wrote something: {}",
        run.stderr
    );
    run.stderr
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_symlink() {
    use std::os::unix::fs::symlink;
    // A .gitignore that is a link: to a file elsewhere, to nothing, to a
    // link inside.
    let stderr = refused(&["init"], ".gitignore", |dir, outside| {
        symlink(outside.join("secret.txt"), dir.join(".gitignore")).unwrap();
    });
    assert!(stderr.contains("symbolic link"), "{stderr}");
    refused(&["init"], ".gitignore", |dir, outside| {
        symlink(outside.join("nowhere"), dir.join(".gitignore")).unwrap();
    });
    refused(&["init"], ".gitignore", |dir, _| {
        std::fs::write(dir.join("mine"), "/site/\n").unwrap();
        symlink("mine", dir.join(".gitignore")).unwrap();
    });
    // A folder of the journal that is a link: elsewhere, nowhere, inside.
    let stderr = refused(&["init"], "goals", |dir, outside| {
        symlink(outside.join("folder"), dir.join("goals")).unwrap();
    });
    assert!(stderr.contains("never writes through one"), "{stderr}");
    refused(&["init"], ".dossier", |dir, outside| {
        symlink(outside.join("nowhere"), dir.join(".dossier")).unwrap();
    });
    refused(&["init"], "schema", |dir, outside| {
        std::fs::create_dir(dir.join(".dossier")).unwrap();
        symlink(outside.join("folder"), dir.join(".dossier/schema")).unwrap();
    });
    refused(&["init"], "meetings", |dir, _| {
        std::fs::create_dir(dir.join("notes")).unwrap();
        symlink("notes", dir.join("meetings")).unwrap();
    });
    // A file it would create that is a link, even to nothing.
    refused(&["init"], "dossier.toml", |dir, outside| {
        symlink(outside.join("nowhere.toml"), dir.join("dossier.toml")).unwrap();
    });
    refused(&["init"], "checkout-latency.md", |dir, outside| {
        std::fs::create_dir(dir.join("goals")).unwrap();
        symlink(
            outside.join("nowhere"),
            dir.join("goals/checkout-latency.md"),
        )
        .unwrap();
    });
    // The same in a journal folder yet to create, below the current one.
    refused(&["init", "journal"], "goals", |dir, outside| {
        std::fs::create_dir(dir.join("journal")).unwrap();
        symlink(outside.join("folder"), dir.join("journal/goals")).unwrap();
    });
}

#[cfg(unix)]
#[test]
fn init_reads_gitignore_only_as_a_small_regular_file() {
    use std::os::unix::fs::symlink;
    // Each would hang (a FIFO), never end (/dev/zero) or be read whole.
    let stderr = refused(&["init"], ".gitignore", |dir, _| {
        mkfifo(&dir.join(".gitignore"));
    });
    assert!(stderr.contains("named pipe"), "{stderr}");
    refused(&["init"], ".gitignore", |dir, _| {
        symlink("/dev/zero", dir.join(".gitignore")).unwrap();
    });
    let stderr = refused(&["init"], ".gitignore", |dir, _| {
        std::fs::create_dir(dir.join(".gitignore")).unwrap();
    });
    assert!(stderr.contains("a folder"), "{stderr}");
    let stderr = refused(&["init"], ".gitignore", |dir, _| {
        let file = std::fs::File::create(dir.join(".gitignore")).unwrap();
        file.set_len(2_000_000_000).unwrap();
    });
    assert!(stderr.contains("2 GB"), "{stderr}");
    // Just over the limit is refused; an ordinary one is appended to.
    refused(&["init"], ".gitignore", |dir, _| {
        std::fs::write(dir.join(".gitignore"), "#".repeat(1_000_001)).unwrap();
    });
    let dir = TestJournal::bare();
    dir.file(".gitignore", "/target/\n");
    let run = run_isolated(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(text.starts_with("/target/\n# dossier's output"), "{text}");
}

#[cfg(unix)]
#[test]
fn init_writes_nothing_when_any_step_would_fail() {
    use std::os::unix::fs::symlink;
    let repository = |dir: &Path| {
        git2::Repository::init(dir).unwrap();
    };
    // The hook, last to be written, is a link to nothing.
    let stderr = refused(&["init", "--hook"], "pre-commit", |dir, outside| {
        repository(dir);
        std::fs::create_dir_all(dir.join(".git/hooks")).unwrap();
        symlink(outside.join("nowhere"), dir.join(".git/hooks/pre-commit")).unwrap();
    });
    assert!(stderr.contains("symbolic link"), "{stderr}");
    // The hooks folder is a link elsewhere.
    refused(&["init", "--hook"], "hooks", |dir, outside| {
        repository(dir);
        std::fs::remove_dir_all(dir.join(".git/hooks")).ok();
        symlink(outside.join("folder"), dir.join(".git/hooks")).unwrap();
    });
    // The hook is a FIFO (reading it would hang), or a different hook.
    refused(&["init", "--hook"], "pre-commit", |dir, _| {
        repository(dir);
        std::fs::create_dir_all(dir.join(".git/hooks")).unwrap();
        mkfifo(&dir.join(".git/hooks/pre-commit"));
    });
    refused(&["init", "--hook"], "pre-commit", |dir, _| {
        repository(dir);
        std::fs::create_dir_all(dir.join(".git/hooks")).unwrap();
        std::fs::write(dir.join(".git/hooks/pre-commit"), "#!/bin/sh\nmake lint\n").unwrap();
    });
    // core.hooksPath names a folder of the working tree reached by a link.
    refused(&["init", "--hook"], "tools", |dir, outside| {
        repository(dir);
        let repo = git2::Repository::open(dir).unwrap();
        repo.config()
            .unwrap()
            .set_str("core.hooksPath", "tools/hooks")
            .unwrap();
        symlink(outside.join("folder"), dir.join("tools")).unwrap();
    });
    // An existing journal: only the hook, refused the same way.
    refused(&["init", "--hook"], "hooks", |dir, outside| {
        repository(dir);
        std::fs::write(dir.join("dossier.toml"), "owner = \"Ada\"\n").unwrap();
        std::fs::remove_dir_all(dir.join(".git/hooks")).ok();
        symlink(outside.join("folder"), dir.join(".git/hooks")).unwrap();
    });
    // git init is planned, but `.git` is there and is no repository.
    refused(&["init"], ".git", |dir, _| {
        std::fs::write(dir.join(".git"), "").unwrap();
    });
    refused(&["init", "--hook"], ".git", |dir, outside| {
        symlink(outside.join("folder"), dir.join(".git")).unwrap();
    });
    // The journal folder is a file.
    refused(&["init", "journal"], "journal", |dir, _| {
        std::fs::write(dir.join("journal"), "").unwrap();
    });
    // One file of the journal exists, everything else could be written.
    refused(&["init", "--hook"], "checkout-latency.md", |dir, _| {
        std::fs::create_dir(dir.join("goals")).unwrap();
        std::fs::write(dir.join("goals/checkout-latency.md"), "mine").unwrap();
    });
}

#[cfg(unix)]
#[test]
fn init_with_a_hook_outside_any_repository_creates_both() {
    let dir = TestJournal::bare();
    let run = run_isolated(dir.path(), &["init", "journal", "--hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let journal = dir.path().join("journal");
    assert!(journal.join(".git").is_dir());
    let hook = journal.join(".git/hooks/pre-commit");
    assert!(is_executable(&hook));
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("\nexec dossier check --staged .\n")
    );
    assert!(run.stdout.contains("Initialised a git repository there."));
}

/// The date in a note's frontmatter (a goal's `started`, else `date`),
/// as `dossier init --example` reads it; `None` for any other file.
fn note_date(path: &str, text: &str) -> Option<String> {
    if !path.ends_with(".md") || path.starts_with("assets/") || path.starts_with("templates/") {
        return None;
    }
    let fence = text.lines().next()?;
    let keys = if path.starts_with("goals/") {
        ["started", "date"]
    } else {
        ["date", "started"]
    };
    let frontmatter: Vec<&str> = text.lines().skip(1).take_while(|l| *l != fence).collect();
    keys.iter().find_map(|key| {
        frontmatter.iter().find_map(|line| {
            let rest = line.strip_prefix(key)?.trim_start();
            let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
            Some(value.trim().trim_matches('"').to_string())
        })
    })
}

/// A commit's author date, as YYYY-MM-DD (UTC).
fn commit_day(commit: &git2::Commit<'_>) -> String {
    let time = commit.author().when();
    assert_eq!(time.offset_minutes(), 0);
    jiff::Timestamp::from_second(time.seconds())
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string()
}

/// Every commit from HEAD down, oldest first.
fn commits_oldest_first(repo: &git2::Repository) -> Vec<git2::Commit<'_>> {
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
        .unwrap();
    walk.map(|id| repo.find_commit(id.unwrap()).unwrap())
        .collect()
}

/// The files of a commit's tree, sorted, with their bytes.
fn commit_tree(repo: &git2::Repository, commit: &git2::Commit<'_>) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    commit
        .tree()
        .unwrap()
        .walk(git2::TreeWalkMode::PreOrder, |folder, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                assert_eq!(entry.filemode(), 0o100_644, "{folder}{:?}", entry.name());
                let blob = repo.find_blob(entry.id()).unwrap();
                files.push((
                    format!("{folder}{}", entry.name().unwrap()),
                    blob.content().to_vec(),
                ));
            }
            git2::TreeWalkResult::Ok
        })
        .unwrap();
    files.sort();
    files
}

#[test]
fn init_example_commits_each_note_on_its_date() {
    let dir = TestJournal::bare();
    // Once in a new folder, once in an existing empty one.
    std::fs::create_dir(dir.path().join("again")).unwrap();
    let run = run_isolated(dir.path(), &["init", "--example", "ada"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = run_isolated(dir.path(), &["init", "--example", "again"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    for command in [
        "  dossier packet ada -o packet.html\n",
        "  dossier serve ada\n",
    ] {
        assert!(run.stdout.contains(command), "{}", run.stdout);
    }
    let journal = dir.path().join("ada");
    let repo = git2::Repository::open(&journal).expect("a repository of its own");
    assert_eq!(
        repo.workdir().unwrap().canonicalize().unwrap(),
        journal.canonicalize().unwrap()
    );

    // Deterministic: the same commits, whatever the folder or the clock.
    let head = repo.head().unwrap();
    assert_eq!(head.name().ok(), Some("refs/heads/main"));
    let head = head.peel_to_commit().unwrap();
    let other = git2::Repository::open(dir.path().join("again")).unwrap();
    assert_eq!(
        other.head().unwrap().peel_to_commit().unwrap().id(),
        head.id()
    );

    // Clean: the index and the working tree are HEAD.
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true).include_ignored(false);
    let statuses = repo.statuses(Some(&mut options)).unwrap();
    let dirty: Vec<String> = statuses
        .iter()
        .map(|s| format!("{:?} {:?}", s.status(), s.path()))
        .collect();
    assert!(dirty.is_empty(), "{dirty:?}");

    // HEAD is the example as shipped, but for dossier.toml's `backdated`
    // setting (and the comment on it), plus init's .gitignore.
    let example = read_tree(&crate::support::example_journal());
    let mut head_tree = commit_tree(&repo, &head);
    assert_eq!(tree_without_git(&journal), head_tree);
    let gitignore = head_tree
        .iter()
        .position(|(p, _)| p == ".gitignore")
        .unwrap();
    assert_eq!(
        String::from_utf8(head_tree.remove(gitignore).1).unwrap(),
        "# dossier's output: the site and the packet\n/site/\n/packet.html\n/packet.json\n/packet.pdf\n/.*.dossier-*\n"
    );
    let config = |files: &[(String, Vec<u8>)]| {
        let (_, bytes) = files.iter().find(|(p, _)| p == "dossier.toml").unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    let (shipped, written) = (config(&example), config(&head_tree));
    assert!(shipped.contains("\nbackdated = \"allow\"\n"), "{shipped}");
    assert!(!written.contains("backdated"), "{written}");
    let removed: Vec<&str> = shipped
        .lines()
        .filter(|line| !written.lines().any(|l| l == *line))
        .collect();
    assert_eq!(
        removed.last(),
        Some(&"backdated = \"allow\""),
        "{removed:?}"
    );
    assert!(
        removed[..removed.len() - 1]
            .iter()
            .all(|l| l.starts_with('#')),
        "{removed:?}"
    );
    let kept: Vec<&str> = shipped.lines().filter(|l| !removed.contains(l)).collect();
    assert_eq!(kept.join("\n") + "\n", written);
    let without_config = |files: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        files
            .into_iter()
            .filter(|(p, _)| p != "dossier.toml")
            .collect()
    };
    assert_eq!(without_config(head_tree), without_config(example.clone()));

    // Each note first committed on its own date, in date order, by its
    // owner; dossier.toml in the first commit; later changes after it.
    let commits = commits_oldest_first(&repo);
    let days: Vec<String> = commits.iter().map(commit_day).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    let mut first_seen: std::collections::BTreeMap<String, String> = Default::default();
    for (commit, day) in commits.iter().zip(&days) {
        assert_eq!(commit.author().name().ok(), Some("Ada Park"));
        assert_eq!(commit.author().email().ok(), Some("ada@example.com"));
        assert_eq!(
            commit.committer().when().seconds(),
            commit.author().when().seconds()
        );
        for (path, _) in commit_tree(&repo, commit) {
            first_seen.entry(path).or_insert_with(|| day.clone());
        }
    }
    let root = commit_tree(&repo, &commits[0]);
    assert!(root.iter().any(|(p, _)| p == "dossier.toml"), "{root:?}");
    let mut note_days = std::collections::BTreeSet::new();
    for (path, bytes) in &example {
        let Some(date) = note_date(path, &String::from_utf8_lossy(bytes)) else {
            continue;
        };
        assert_eq!(first_seen.get(path), Some(&date), "{path}");
        note_days.insert(date);
    }
    assert!(note_days.len() >= 40, "{note_days:?}");
    let commit_days: std::collections::BTreeSet<&String> = days.iter().collect();
    assert!(note_days.iter().all(|d| commit_days.contains(d)));
    // One commit per note, and the later changes on days of their own.
    let notes = example
        .iter()
        .filter(|(p, b)| note_date(p, &String::from_utf8_lossy(b)).is_some())
        .count();
    assert!(commits.len() > notes + 1, "{} commits", commits.len());
    assert_eq!(days[0], *note_days.first().unwrap());
    // The image comes with the goal that shows it.
    assert_eq!(
        first_seen.get("assets/ledger-cutover.svg"),
        first_seen.get("goals/ledger-migration.md")
    );
}

#[test]
fn init_example_history_is_honest_in_check_and_packet() {
    let dir = TestJournal::bare();
    let run = run_isolated(dir.path(), &["init", "--example", "ada"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // No note written after the fact: the rule is on and says nothing.
    let check = run_in(
        dir.path(),
        &["check", "ada", "--format", "json", "--today", "2026-12-01"],
    );
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
    assert!(
        diagnostics
            .iter()
            .all(|d| d["rule"] != "backdated" && d["severity"] != "error"),
        "{diagnostics:#?}"
    );
    // And not because it is turned off.
    let config = std::fs::read_to_string(dir.path().join("ada/dossier.toml")).unwrap();
    assert!(!config.contains("backdated"));

    let packet = run_in(
        dir.path(),
        &[
            "packet",
            "ada",
            "--format",
            "json",
            "--today",
            "2026-12-01",
            "-o",
            "p.json",
        ],
    );
    assert_eq!(packet.code, 0, "{}", packet.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("p.json")).unwrap()).unwrap();
    let provenance = &json["provenance"];
    assert_eq!(provenance["available"], true);
    assert_eq!(provenance["backdated"], 0, "{provenance:#}");
    assert!(provenance["committed"].as_u64().unwrap() >= 40);
    assert_eq!(provenance["within"], provenance["committed"]);
    assert_eq!(provenance["percent"], 100);

    let goal = |slug: &str| -> serde_json::Value {
        json["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["slug"] == slug)
            .unwrap_or_else(|| panic!("goal {slug}"))
            .clone()
    };
    let history = |slug: &str| -> Vec<(String, String)> {
        goal(slug)["status_history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["date"].as_str().unwrap().to_string(),
                    h["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(d, s)| (d.to_string(), s.to_string()))
            .collect()
    };
    assert_eq!(
        history("checkout-latency"),
        pairs(&[("2025-12-01", "active"), ("2026-02-20", "done")])
    );
    assert_eq!(goal("checkout-latency")["finished"], "2026-02-20");
    assert_eq!(
        history("payout-escalations"),
        pairs(&[("2026-02-02", "active"), ("2026-06-26", "done")])
    );
    assert_eq!(
        history("graphql-gateway"),
        pairs(&[("2026-01-05", "active"), ("2026-04-03", "dropped")])
    );
    assert_eq!(
        history("fraud-signals-platform"),
        pairs(&[("2026-04-20", "active"), ("2026-09-08", "blocked")])
    );
    assert_eq!(goal("fraud-signals-platform")["status_since"], "2026-09-08");
    assert_eq!(
        history("api-versioning-rfc"),
        pairs(&[("2026-10-19", "proposed")])
    );
    assert_eq!(
        history("ledger-migration"),
        pairs(&[("2026-02-16", "active")])
    );

    // The late edits are there, on their dates.
    let row = |slug: &str| -> serde_json::Value {
        provenance["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["slug"] == slug)
            .unwrap_or_else(|| panic!("row {slug}"))
            .clone()
    };
    let late = |slug: &str| -> Vec<String> {
        row(slug)["late_edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["date"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(late("2026-01-16"), ["2026-01-18"]);
    assert_eq!(
        late("2026-02-25-sre-alerting"),
        ["2026-03-04", "2026-03-18"]
    );
    assert_eq!(late("2026-06-24-product-payment-methods"), ["2026-09-24"]);
    assert_eq!(row("2026-11-20")["revisions"], 1);
    assert!(row("ledger-migration")["revisions"].as_u64().unwrap() > 1);
}

#[test]
fn init_example_refuses_a_folder_that_is_not_empty() {
    let dir = TestJournal::bare();
    std::fs::create_dir(dir.path().join("ada")).unwrap();
    std::fs::write(dir.path().join("ada/notes.txt"), "mine\n").unwrap();
    let before = list_tree(dir.path());
    let run = run_isolated(dir.path(), &["init", "--example", "ada"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`ada` is not empty"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(list_tree(dir.path()), before);
    assert!(!dir.path().join("ada/.git").exists());
}

#[cfg(unix)]
#[test]
fn init_example_with_a_hook_installs_it_too() {
    let dir = TestJournal::bare();
    let run = run_isolated(dir.path(), &["init", "--example", "ada", "--hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hook = dir.path().join("ada/.git/hooks/pre-commit");
    assert!(is_executable(&hook));
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("\nexec dossier check --staged .\n")
    );
    // What it says the hook runs is what the hook runs.
    assert!(
        run.stdout.contains("Installed a pre-commit hook")
            && run.stdout.contains("runs `dossier check --staged ."),
        "{}",
        run.stdout
    );
}

/// The keys of the README's `dossier.toml` table.
fn readme_settings() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("| key | type | default | meaning |")
        .expect("the README's dossier.toml table");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |i| start + i);
    readme[start..end]
        .lines()
        .skip(2)
        .filter_map(|line| line.split('`').nth(1))
        .map(|key| key.trim_matches(['[', ']']).to_string())
        .collect()
}

/// The `dossier.toml` init writes shows every setting the README lists,
/// set to its default or as a commented example, and its `.gitignore`
/// covers every output `dossier packet` writes by default.
#[test]
fn init_writes_every_setting_and_ignores_every_output() {
    let dir = TestJournal::bare();
    assert_eq!(run_isolated(dir.path(), &["init", "j"]).code, 0);
    let config = std::fs::read_to_string(dir.path().join("j/dossier.toml")).unwrap();
    let settings = readme_settings();
    assert!(settings.len() >= 18, "{settings:?}");
    let missing: Vec<&String> = settings
        .iter()
        .filter(|key| {
            !config.lines().any(|line| {
                let line = line.trim_start_matches(['#', ' ']);
                line.starts_with(&format!("{key} =")) || line == format!("[{key}]")
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "not in init's dossier.toml: {missing:?}\n{config}"
    );
    // Settings before the first table: uncommenting one never puts it in a table.
    let first_table = config.find("\n[").unwrap();
    for key in [
        "skip_level",
        "org",
        "engineering_orgs",
        "paper",
        "max_file_size",
        "allow_raw_html",
    ] {
        let at = config.find(&format!("{key} =")).unwrap();
        assert!(at < first_table, "`{key}` is written inside a table");
    }
    let ignore = std::fs::read_to_string(dir.path().join("j/.gitignore")).unwrap();
    for output in ["/site/", "/packet.html", "/packet.json", "/packet.pdf"] {
        assert!(
            ignore.lines().any(|l| l == output),
            "{output} not ignored:\n{ignore}"
        );
    }
}
