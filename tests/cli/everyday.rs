//! The daily loop: the journal found from any folder inside it, a folder
//! that is no journal refused, every problem of a note in one run, and
//! messages in the user's words.

use crate::support::{TODAY, TestJournal, run_in, run_isolated};

const GOAL: &str =
    "---\ntitle: Ledger\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nWhy.\n";

fn journal_with_a_problem() -> TestJournal {
    let journal = TestJournal::new();
    journal.file("goals/ledger.md", GOAL);
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\ngoals: [ledgr]\n---\nDone.\n",
    );
    journal
}

#[test]
fn the_journal_is_found_from_any_folder_inside_it() {
    let journal = journal_with_a_problem();
    let from_root = journal.run(&["check", "--today", TODAY]);
    assert_eq!(from_root.code, 1, "{}", from_root.stderr);
    let inside = journal.path().join("goals");
    let from_goals = run_in(&inside, &["check", "--today", TODAY]);
    assert_eq!(from_goals.code, 1, "{}", from_goals.stderr);
    // The same problem, its path written from where the user is.
    assert!(
        from_goals.stderr.contains("../updates/2026-01-16.md:3:9"),
        "{}",
        from_goals.stderr
    );
    // The summary names the journal's folder, never `.` or `..`.
    let name = journal.path().file_name().unwrap().to_string_lossy();
    assert!(
        from_goals
            .stderr
            .contains(&format!("{name}: 2 valid entries checked: 1 error")),
        "{}",
        from_goals.stderr
    );
    // JSON paths too, and a packet built from inside is the journal's.
    let json = run_in(&inside, &["check", "--format", "json", "--today", TODAY]);
    assert!(json.stdout.contains("\"../updates/2026-01-16.md\""), "{}", json.stdout);
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\ngoals: [ledger]\n---\nDone.\n",
    );
    let packet = run_in(
        &inside,
        &["packet", "--today", TODAY, "--format", "json", "-o", "../p.json"],
    );
    assert_eq!(packet.code, 0, "{}", packet.stderr);
    let text = std::fs::read_to_string(journal.path().join("p.json")).unwrap();
    assert!(text.contains("\"slug\": \"ledger\""), "{text}");
    // `-C` names it as `new` does; with JOURNAL as well it is refused.
    let other = TestJournal::bare();
    let run = run_in(
        other.path(),
        &["check", "-C", journal.path().to_str().unwrap(), "--today", TODAY],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = journal.run(&["check", ".", "-C", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_folder_that_is_no_journal_is_refused() {
    let outer = TestJournal::bare();
    let nothing = outer.path().join("nothing");
    std::fs::create_dir_all(nothing.join("notes")).unwrap();
    std::fs::write(nothing.join("notes/readme.md"), "# Not a note\n").unwrap();
    for command in [
        vec!["check"],
        vec!["build", "-o", "site"],
        vec!["packet", "-o", "p.html"],
    ] {
        let mut args = command.clone();
        args.extend(["--today", TODAY]);
        let run = run_isolated(&nothing, &args);
        assert_eq!(run.code, 2, "{command:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not in a journal: no dossier.toml"),
            "{command:?}: {}",
            run.stderr
        );
    }
    assert!(!nothing.join("site").exists(), "build wrote a site");
    assert!(!nothing.join("p.html").exists(), "packet wrote a file");

    // A missing folder says it does not exist.
    let run = outer.run(&["check", "no-such-folder"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`no-such-folder` does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_search_stops_at_the_repository_root() {
    // A dossier.toml above a repository is not the repository's journal.
    let outer = TestJournal::new();
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    git2::Repository::init(&repo).unwrap();
    let run = run_in(&repo.join("docs"), &["check", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("up to the repository's root"),
        "{}",
        run.stderr
    );
    // Inside the repository, a journal in a subfolder is found from below it.
    std::fs::write(repo.join("docs/dossier.toml"), "owner = \"Ada\"\n").unwrap();
    std::fs::create_dir_all(repo.join("docs/goals")).unwrap();
    std::fs::write(repo.join("docs/goals/ledger.md"), GOAL).unwrap();
    let run = run_in(&repo.join("docs/goals"), &["check", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("docs: 1 valid entry checked"), "{}", run.stderr);
}

#[test]
fn a_journal_without_dossier_toml_is_found_by_its_folders() {
    let journal = TestJournal::bare();
    journal.file("goals/ledger.md", GOAL);
    let run = run_isolated(journal.path(), &["check", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("missing-config"), "{}", run.stderr);
    let run = run_isolated(&journal.path().join("goals"), &["check", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 valid entry checked"), "{}", run.stderr);
}
