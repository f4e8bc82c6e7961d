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
    assert!(
        json.stdout.contains("\"../updates/2026-01-16.md\""),
        "{}",
        json.stdout
    );
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\ngoals: [ledger]\n---\nDone.\n",
    );
    let packet = run_in(
        &inside,
        &[
            "packet",
            "--today",
            TODAY,
            "--format",
            "json",
            "-o",
            "../p.json",
        ],
    );
    assert_eq!(packet.code, 0, "{}", packet.stderr);
    let text = std::fs::read_to_string(journal.path().join("p.json")).unwrap();
    assert!(text.contains("\"slug\": \"ledger\""), "{text}");
    // `-C` names it as `new` does; with JOURNAL as well it is refused.
    let other = TestJournal::bare();
    let run = run_in(
        other.path(),
        &[
            "check",
            "-C",
            journal.path().to_str().unwrap(),
            "--today",
            TODAY,
        ],
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
    assert!(
        run.stderr.contains("docs: 1 valid entry checked"),
        "{}",
        run.stderr
    );
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
    assert!(
        run.stderr.contains("1 valid entry checked"),
        "{}",
        run.stderr
    );
}

/// The rule and message of each diagnostic of `check --format json`.
fn problems(journal: &TestJournal) -> Vec<(String, String, String)> {
    journal
        .all_diagnostics()
        .into_iter()
        .filter(|d| d["rule"] != "no-history")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["hint"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_bad_value_does_not_hide_the_notes_other_problems() {
    let journal = TestJournal::new();
    journal.file("goals/a-self-serve-demo-sandbox-for-sales.md", GOAL);
    journal.file(
        "meetings/2026-01-05-sales.md",
        "---\ndate: 2026-01-05\nwith: [Pat (VP Sales)]\ntype: senior-lead\n\
         goals: [no-such-goal, sales-sandbox]\n\
         problems:\n  - { problem: Demos take a week, goal: sandbox-for-sales-demos }\n---\nNotes.\n",
    );
    let found = problems(&journal);
    let rules: Vec<&str> = found.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "invalid-value",
            "unknown-goal",
            "unknown-goal",
            "unknown-goal"
        ],
        "{found:#?}"
    );
    // Suggestions by shared words, not only by spelling.
    let hints: Vec<&str> = found.iter().map(|(_, _, h)| h.as_str()).collect();
    assert_eq!(
        hints
            .iter()
            .filter(|h| h.contains("a-self-serve-demo-sandbox-for-sales"))
            .count(),
        2,
        "{hints:#?}"
    );
}

#[test]
fn a_misspelt_required_key_is_one_diagnostic_at_the_key() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        "---\ntitle: A\nstauts: active\nstarted: 2026-01-05\n---\nWhy.\n",
    );
    let diagnostics: Vec<serde_json::Value> = journal
        .all_diagnostics()
        .into_iter()
        .filter(|d| d["rule"] != "no-history")
        .collect();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["rule"], "unknown-field");
    assert_eq!(d["line"], 3);
    assert!(d["message"].as_str().unwrap().contains("`status`"), "{d}");
    // A misspelt optional key keeps its own single diagnostic; a missing
    // required field with no look-alike key is still reported.
    journal.file(
        "goals/a.md",
        "---\ntitle: A\nstatus: active\nstarted: 2026-01-05\ntagz: [x]\n---\nWhy.\n",
    );
    journal.file(
        "goals/b.md",
        "---\ntitle: B\nstarted: 2026-01-05\n---\nWhy.\n",
    );
    let rules: Vec<String> = problems(&journal).into_iter().map(|(r, _, _)| r).collect();
    assert_eq!(rules, ["unknown-field", "missing-field"]);
}

#[test]
fn values_are_suggested_from_the_words_people_use() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        "---\ntitle: A\nstatus: in-progress\nstarted: 2026-01-05\nleverage: [technical]\n---\nWhy.\n",
    );
    journal.file(
        "meetings/2026-01-05-x.md",
        "---\ndate: 2026-01-05\nwith: [Pat]\ntype: \"1:1\"\n---\nNotes.\n",
    );
    let hints: Vec<String> = problems(&journal).into_iter().map(|(_, _, h)| h).collect();
    for expected in ["`active`", "`expert`", "`one-on-one`"] {
        assert!(
            hints.iter().any(|h| h.contains(expected)),
            "no hint with {expected}: {hints:#?}"
        );
    }
}

#[test]
fn dates_and_missing_fields_are_explained_in_the_users_terms() {
    let journal = TestJournal::new();
    journal.file(
        "meetings/2026-01-05-x.md",
        "---\ndate: 2026-09-31\n---\nNotes.\n",
    );
    journal.file(
        "updates/2026-10-14.md",
        "---\ndate: 14/10/2026\n---\nDone.\n",
    );
    let found = problems(&journal);
    let text = format!("{found:#?}");
    assert!(text.contains("September 2026 has 30 days"), "{text}");
    assert!(text.contains("write `2026-10-14`"), "{text}");
    assert!(text.contains("the people met, one per line"), "{text}");
    let run = journal.run(&["check", "--today", "2026-13-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("there is no month 13"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_yaml_error_points_at_its_cause() {
    let journal = TestJournal::new();
    // An unclosed `[` on line 3 makes the parser fail on line 4.
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\nto: [Sam Ortiz\ngoals: [ledger]\n---\nDone.\n",
    );
    // Brackets in quotes, in comments and across lines are no cause.
    journal.file(
        "updates/2026-01-30.md",
        "---\ndate: 2026-01-30\ntitle: \"[draft\" # [x\nto: [Sam,\n  Lena]\ngoals: [a\ntags: [b]\n---\nDone.\n",
    );
    let found: Vec<serde_json::Value> = journal
        .all_diagnostics()
        .into_iter()
        .filter(|d| d["rule"] == "frontmatter-syntax")
        .collect();
    let places: Vec<(String, u64, u64)> = found
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("updates/2026-01-16.md".to_string(), 3, 5),
            ("updates/2026-01-30.md".to_string(), 6, 8)
        ],
        "{found:#?}"
    );
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("never closed")
    );
    assert!(
        found[0]["hint"]
            .as_str()
            .unwrap()
            .contains("one item per line")
    );
}

#[test]
fn check_warns_when_the_next_update_is_overdue() {
    let journal = TestJournal::new();
    journal.file("goals/ledger.md", GOAL);
    journal.file(
        "updates/2026-11-20.md",
        "---\ndate: 2026-11-20\ngoals: [ledger]\n---\nDone.\n",
    );
    let overdue = |today: &str| -> Vec<serde_json::Value> {
        let run = journal.run(&["check", "--format", "json", "--today", today]);
        let all: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        all.into_iter()
            .filter(|d| d["rule"] == "update-overdue")
            .collect()
    };
    // 14 days is on time; 87 days is overdue, named at the latest update.
    assert!(overdue("2026-12-04").is_empty());
    let found = overdue("2027-02-15");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["path"], "updates/2026-11-20.md");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("87 days ago"),
        "{found:#?}"
    );
    // Time away is left out, as the dashboard does.
    journal.file(
        "dossier.toml",
        "owner = \"Ada\"\naway = [{ from = 2026-11-23, to = 2027-02-10 }]\n",
    );
    assert!(overdue("2027-02-15").is_empty());
}

#[test]
fn new_takes_the_slug_to_type_into_goals() {
    let journal = TestJournal::new();
    let run = journal.run(&[
        "new",
        "goal",
        "A self-serve demo sandbox for sales",
        "--slug",
        "sales-sandbox",
        "--today",
        TODAY,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "goals/sales-sandbox.md");
    let text = std::fs::read_to_string(journal.path().join("goals/sales-sandbox.md")).unwrap();
    assert!(
        text.contains("A self-serve demo sandbox for sales"),
        "{text}"
    );
    // A taken slug is refused, not numbered; a slug that is no file name too.
    let again = journal.run(&["new", "goal", "Other", "--slug", "sales-sandbox"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let bad = journal.run(&["new", "goal", "Other", "--slug", "../escape"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(!journal.path().join("escape.md").exists());
}
