//! `dossier check`: every rule, with its path, line and column; output
//! formats; exit codes.

use crate::support::{TODAY, TestJournal, example_journal, run_in};
use serde_json::Value;

/// Asserts that exactly one diagnostic of `rule` was reported, at `path:line:column`.
#[track_caller]
fn assert_one(diagnostics: &[Value], rule: &str, path: &str, line: u64, column: u64) -> Value {
    let matching: Vec<&Value> = diagnostics.iter().filter(|d| d["rule"] == rule).collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one `{rule}` in {diagnostics:#?}"
    );
    let d = matching[0];
    assert_eq!(d["path"], path, "{d:#}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column)),
        "{d:#}"
    );
    d.clone()
}

const GOAL_HEAD: &str = "---\ntitle: Ledger\n";

#[test]
fn frontmatter_yaml_syntax() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        "---\ntitle: A\nstatus: active\nstarted: [2026-01-05\n---\nBody\n",
    );
    let d = journal.diagnostics();
    let found = d
        .iter()
        .find(|d| d["rule"] == "frontmatter-syntax")
        .expect("a syntax error");
    assert_eq!(found["path"], "goals/a.md");
    let line = found["line"].as_u64().unwrap();
    assert!((4..=5).contains(&line), "inside the frontmatter: {found:#}");
    assert_eq!(found["severity"], "error");
}

#[test]
fn frontmatter_never_closed() {
    let journal = TestJournal::new();
    journal.file("goals/a.md", "---\ntitle: A\nstatus: active\n\n# Body\n");
    assert_one(
        &journal.diagnostics(),
        "frontmatter-syntax",
        "goals/a.md",
        1,
        1,
    );
}

#[test]
fn frontmatter_toml_syntax_and_values() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        "+++\ntitle = \"A\"\nstatus = \"actve\"\nstarted = 2026-01-05\n+++\nBody\n",
    );
    journal.file("goals/b.md", "+++\ntitle = \"B\"\nstatus = \n+++\nBody\n");
    let d = journal.diagnostics();
    let invalid = assert_one(&d, "invalid-value", "goals/a.md", 3, 10);
    assert_eq!(invalid["hint"], "did you mean `active`?");
    let syntax = assert_one(&d, "frontmatter-syntax", "goals/b.md", 3, 10);
    assert!(
        syntax["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid TOML")
    );
}

#[test]
fn missing_frontmatter() {
    let journal = TestJournal::new();
    journal.file("updates/2026-01-02.md", "Just text, no fields.\n");
    assert_one(
        &journal.diagnostics(),
        "missing-frontmatter",
        "updates/2026-01-02.md",
        1,
        1,
    );
}

#[test]
fn markdown_outside_kind_folders_is_not_an_entry_unless_it_says_so() {
    let journal = TestJournal::new();
    journal.file("README.md", "# My journal\n");
    journal.file("notes/idea.md", "---\ntags: [x]\n---\nnot an entry\n");
    journal.file(
        "notes/sync.md",
        "---\nkind: meeting\ndate: 2026-01-05\nwith: [Ann]\n---\nA meeting kept elsewhere.\n",
    );
    let run = journal.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 valid entry checked"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_required_fields_point_at_the_frontmatter() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        "---\ntitle: A\nstarted: 2026-01-05\n---\nBody\n",
    );
    let d = assert_one(&journal.diagnostics(), "missing-field", "goals/a.md", 1, 1);
    assert!(d["message"].as_str().unwrap().contains("`status`"), "{d:#}");
}

#[test]
fn unknown_field_with_did_you_mean() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!(
            "{GOAL_HEAD}status: active\nstarted: 2026-01-05\nstakeholder: [Finance]\n---\nBody\n"
        ),
    );
    let d = assert_one(&journal.diagnostics(), "unknown-field", "goals/a.md", 5, 1);
    assert_eq!(d["hint"], "did you mean `stakeholders`?");
}

#[test]
fn wrong_type() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        "---\ntitle: [a, b]\nstatus: active\nstarted: 2026-01-05\nprivate: yes\n---\nBody\n",
    );
    let d = journal.diagnostics();
    let wrong: Vec<_> = d.iter().filter(|d| d["rule"] == "wrong-type").collect();
    assert_eq!(wrong.len(), 2, "{d:#?}");
    assert_eq!(
        (wrong[0]["line"].as_u64(), wrong[0]["column"].as_u64()),
        (Some(2), Some(8))
    );
    assert_eq!(
        (wrong[1]["line"].as_u64(), wrong[1]["column"].as_u64()),
        (Some(5), Some(10))
    );
}

#[test]
fn invalid_date() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!("{GOAL_HEAD}status: active\nstarted: 2026-02-30\n---\nBody\n"),
    );
    let d = assert_one(&journal.diagnostics(), "invalid-date", "goals/a.md", 4, 10);
    assert!(
        d["message"].as_str().unwrap().contains("2026-02-30"),
        "{d:#}"
    );
}

#[test]
fn quoted_unquoted_and_toml_dates_are_all_accepted() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        "---\ntitle: A\nstatus: active\nstarted: \"2026-01-05\"\n---\nBody\n",
    );
    journal.file(
        "goals/b.md",
        "---\ntitle: B\nstatus: active\nstarted: 2026-01-05\n---\nBody\n",
    );
    journal.file(
        "goals/c.md",
        "+++\ntitle = \"C\"\nstatus = \"active\"\nstarted = 2026-01-05\n+++\nBody\n",
    );
    assert_eq!(journal.diagnostics(), Vec::<Value>::new());
}

#[test]
fn invalid_enum_values_in_lists() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!("{GOAL_HEAD}status: active\nstarted: 2026-01-05\nleverage: [execution, stratgic]\n---\nBody\n"),
    );
    let d = assert_one(&journal.diagnostics(), "invalid-value", "goals/a.md", 5, 23);
    assert_eq!(d["hint"], "did you mean `strategic`?");
}

#[test]
fn kind_field_disagreeing_with_folder() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!("{GOAL_HEAD}kind: meeting\nstatus: active\nstarted: 2026-01-05\n---\nB\n"),
    );
    assert_one(&journal.diagnostics(), "kind-mismatch", "goals/a.md", 3, 7);
}

#[test]
fn finished_rules_for_goals() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!("{GOAL_HEAD}status: done\nstarted: 2026-01-05\nimpact: Shipped\n---\nB\n"),
    );
    journal.file(
        "goals/b.md",
        &format!("{GOAL_HEAD}status: active\nstarted: 2026-01-05\nfinished: 2026-02-01\n---\nB\n"),
    );
    let d = journal.diagnostics();
    let finished: Vec<_> = d.iter().filter(|d| d["rule"] == "goal-finished").collect();
    assert_eq!(finished.len(), 2, "{d:#?}");
    assert_eq!(
        (finished[0]["path"].as_str(), finished[0]["line"].as_u64()),
        (Some("goals/a.md"), Some(3))
    );
    assert_eq!(
        (finished[1]["path"].as_str(), finished[1]["line"].as_u64()),
        (Some("goals/b.md"), Some(5))
    );
}

#[test]
fn done_goal_needs_impact() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!("{GOAL_HEAD}status: done\nstarted: 2026-01-05\nfinished: 2026-02-01\n---\nB\n"),
    );
    assert_one(&journal.diagnostics(), "goal-impact", "goals/a.md", 3, 9);
}

#[test]
fn unknown_goal_slug_with_did_you_mean() {
    let journal = TestJournal::new();
    journal.goal("ledger-migration");
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\ngoals:\n  - ledger-migraton\n---\nDone things.\n",
    );
    let d = assert_one(
        &journal.diagnostics(),
        "unknown-goal",
        "updates/2026-01-16.md",
        4,
        5,
    );
    assert_eq!(d["hint"], "did you mean `ledger-migration`?");
}

#[test]
fn duplicate_slug_names_both_files() {
    let journal = TestJournal::new();
    journal.goal("ledger");
    journal.file(
        "goals/2026/ledger.md",
        "---\ntitle: Again\nstatus: active\nstarted: 2026-01-05\n---\nB\n",
    );
    let d = assert_one(
        &journal.diagnostics(),
        "duplicate-slug",
        "goals/ledger.md",
        1,
        1,
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("goals/2026/ledger.md") && message.contains("goals/ledger.md"),
        "{message}"
    );
}

#[test]
fn broken_relative_links_and_assets() {
    let journal = TestJournal::new();
    journal.goal("ledger");
    journal.file(
        "assets/plan.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    journal.file(
        "meetings/2026-01-14-finance.md",
        "---\ndate: 2026-01-14\nwith: [Ann (CFO)]\n---\nSee [the goal](../goals/ledger.md), ![plan](../assets/plan.svg),\n\
         [web](https://example.com) and [the old one](../goals/ledgr.md#top).\n",
    );
    let d = assert_one(
        &journal.diagnostics(),
        "broken-link",
        "meetings/2026-01-14-finance.md",
        6,
        46,
    );
    assert_eq!(d["hint"], "did you mean `ledger.md`?");
}

#[test]
fn links_outside_the_journal_are_broken() {
    let journal = TestJournal::new();
    journal.file(
        "updates/2026-01-02.md",
        "---\ndate: 2026-01-02\n---\n[secret](../../../etc/passwd)\n",
    );
    assert_one(
        &journal.diagnostics(),
        "broken-link",
        "updates/2026-01-02.md",
        4,
        10,
    );
}

#[test]
fn end_before_start() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!("{GOAL_HEAD}status: dropped\nstarted: 2026-03-05\nfinished: 2026-01-01\n---\nB\n"),
    );
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\nperiod: 2026-01-16..2026-01-02\n---\nB\n",
    );
    let d = journal.diagnostics();
    let found: Vec<_> = d
        .iter()
        .filter(|d| d["rule"] == "end-before-start")
        .collect();
    assert_eq!(found.len(), 2, "{d:#?}");
    assert_eq!(
        (found[0]["path"].as_str(), found[0]["line"].as_u64()),
        (Some("goals/a.md"), Some(5))
    );
    assert_eq!(
        (found[1]["path"].as_str(), found[1]["line"].as_u64()),
        (Some("updates/2026-01-16.md"), Some(3))
    );
}

#[test]
fn future_dates_are_warnings() {
    let journal = TestJournal::new();
    journal.file(
        "meetings/2027-01-05-plan.md",
        "---\ndate: 2027-01-05\nwith: [Ann]\n---\nAgenda.\n",
    );
    let d = assert_one(
        &journal.diagnostics(),
        "future-date",
        "meetings/2027-01-05-plan.md",
        2,
        7,
    );
    assert_eq!(d["severity"], "warning");
    let run = journal.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 0, "warnings alone pass");
}

#[test]
fn empty_body_is_a_warning() {
    let journal = TestJournal::new();
    journal.file("updates/2026-01-02.md", "---\ndate: 2026-01-02\n---\n\n");
    let d = assert_one(
        &journal.diagnostics(),
        "empty-body",
        "updates/2026-01-02.md",
        4,
        1,
    );
    assert_eq!(d["severity"], "warning");
}

#[test]
fn cadence_gap_names_its_dates_and_respects_time_away() {
    let journal = TestJournal::new();
    journal.file(
        "dossier.toml",
        "cadence_days = 14\naway = [{ from = 2026-03-20, to = 2026-04-17, reason = \"leave\" }]\n",
    );
    for date in [
        "2026-01-02",
        "2026-01-16",
        "2026-02-27",
        "2026-03-13",
        "2026-04-24",
    ] {
        journal.file(
            &format!("updates/{date}.md"),
            &format!("---\ndate: {date}\n---\nDone.\n"),
        );
    }
    let d = assert_one(
        &journal.diagnostics(),
        "cadence-gap",
        "updates/2026-02-27.md",
        2,
        7,
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("2026-01-16")
            && message.contains("2026-02-27")
            && message.contains("42 days"),
        "{message}"
    );
}

#[test]
fn missing_config_is_a_note() {
    let journal = TestJournal::bare();
    journal.goal("a");
    let d = journal.diagnostics();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "missing-config");
    assert_eq!(d[0]["severity"], "note");
    assert_eq!(d[0]["path"], Value::Null);
    assert_eq!(journal.run(&["check", "--today", TODAY]).code, 0);
}

#[test]
fn config_unknown_keys_and_syntax() {
    let journal = TestJournal::new();
    journal.file(
        "dossier.toml",
        "owner = \"A\"\ncadence_day = 7\n[rules]\nempty-bdy = \"allow\"\n",
    );
    let d = journal.diagnostics();
    let unknown: Vec<_> = d.iter().filter(|d| d["rule"] == "unknown-field").collect();
    assert_eq!(unknown.len(), 2, "{d:#?}");
    assert_eq!(
        (unknown[0]["path"].as_str(), unknown[0]["line"].as_u64()),
        (Some("dossier.toml"), Some(2))
    );
    assert_eq!(unknown[0]["hint"], "did you mean `cadence_days`?");
    assert_eq!(unknown[1]["hint"], "did you mean `empty-body`?");

    journal.file("dossier.toml", "owner = \n");
    assert_one(
        &journal.diagnostics(),
        "config-syntax",
        "dossier.toml",
        1,
        9,
    );
}

#[test]
fn rule_severities_can_be_changed() {
    let journal = TestJournal::new();
    journal.file(
        "dossier.toml",
        "[rules]\nempty-body = \"error\"\nfuture-date = \"allow\"\n",
    );
    journal.file("updates/2027-01-02.md", "---\ndate: 2027-01-02\n---\n");
    let d = journal.diagnostics();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0]["rule"].as_str(), d[0]["severity"].as_str()),
        (Some("empty-body"), Some("error"))
    );
    assert_eq!(journal.run(&["check", "--today", TODAY]).code, 1);
}

#[test]
fn non_utf8_files_are_reported() {
    let journal = TestJournal::new();
    journal.bytes("goals/a.md", b"---\ntitle: caf\xe9\n---\n");
    assert_one(&journal.diagnostics(), "unreadable", "goals/a.md", 2, 11);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        "---\ntitle: A\nstatus: actve\nstarted: 2026-13-01\nleverage: [expert, vibes]\ncolour: red\n---\nB\n",
    );
    journal.file(
        "meetings/2026-01-02-x.md",
        "---\ndate: 2026-01-02\nwith: [Ann]\ntype: lunch\n---\nB\n",
    );
    let d = journal.diagnostics();
    let rules: Vec<&str> = d.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        [
            "invalid-value",
            "invalid-date",
            "invalid-value",
            "unknown-field",
            "invalid-value"
        ]
    );
}

#[test]
fn text_output_format() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!("{GOAL_HEAD}status: actve\nstarted: 2026-01-05\n---\nBody\n"),
    );
    let run = journal.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1);
    // The summary names the journal by its folder's name, never `.`.
    let name = journal.path().file_name().unwrap().to_string_lossy();
    let stderr = run.stderr.replace(&*name, "[journal]");
    insta::assert_snapshot!(stderr, @r"
    note[no-history]: the journal is not in a git repository: no provenance, and `backdated` is not checked
      = hint: run `git init` and commit your notes as you write them: the packet then shows when each was written

    goals/a.md:3:9: error[invalid-value]: `actve` is not a valid goal status
      ┌─ goals/a.md:3:9
      │
    3 │ status: actve
      │         ^^^^^ expected one of: proposed, active, blocked, done, dropped
      │
      = hint: did you mean `active`?

    [journal]: 0 valid entries checked: 1 error, 0 warnings
    ");
}

#[test]
fn exit_codes() {
    let journal = TestJournal::new();
    journal.goal("a");
    assert_eq!(journal.run(&["check", "--today", TODAY]).code, 0);
    journal.file("updates/2026-01-02.md", "---\ndate: 2026-01-02\n---\n");
    assert_eq!(
        journal.run(&["check", "--today", TODAY]).code,
        0,
        "a warning alone"
    );
    assert_eq!(
        journal
            .run(&["check", "--today", TODAY, "--deny-warnings"])
            .code,
        1
    );
    journal.file("goals/b.md", "---\nstatus: active\n---\n");
    assert_eq!(journal.run(&["check", "--today", TODAY]).code, 1);
    assert_eq!(
        journal.run(&["check", "--no-such-flag"]).code,
        2,
        "usage error"
    );
    assert_eq!(
        journal.run(&["check", "does-not-exist"]).code,
        2,
        "not a folder"
    );
    assert_eq!(journal.run(&["check", "--today", "yesterday"]).code, 2);
}

#[test]
fn json_output_is_one_array_of_objects() {
    let journal = TestJournal::new();
    journal.file(
        "goals/a.md",
        &format!("{GOAL_HEAD}status: actve\nstarted: 2026-01-05\n---\nBody\n"),
    );
    let run = journal.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(run.code, 1);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let items: Vec<&Value> = value
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] != "no-history")
        .collect();
    assert_eq!(items.len(), 1);
    let keys: Vec<&str> = items[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["path", "line", "column", "severity", "rule", "message"] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
}

#[test]
fn the_example_journal_has_only_the_intended_warning() {
    let run = run_in(
        &example_journal(),
        &["check", "--format", "json", "--today", TODAY, "."],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["path"].as_str().unwrap()))
        .collect();
    assert_eq!(rules, [("cadence-gap", "updates/2026-06-05.md")]);
}

#[test]
fn a_list_item_split_at_its_comma_is_diagnosed() {
    let journal = TestJournal::new();
    journal.file("dossier.toml", "owner = \"Ada\"\n");
    journal.goal("ledger");
    // `[ ]` splits at every comma: "Li Wei (Staff Engineer" and "Platform)".
    journal.file(
        "meetings/2026-03-02-sync.md",
        "---\ntitle: Sync\ndate: 2026-03-02\nwith: [Li Wei (Staff Engineer, Platform), Ana Ruiz (CFO)]\n---\nNotes.\n",
    );
    // Quoted, or one per line: one person each, nothing to say.
    journal.file(
        "meetings/2026-03-03-quoted.md",
        "---\ntitle: Quoted\ndate: 2026-03-03\nwith: [\"Li Wei (Staff Engineer, Platform)\"]\n---\nNotes.\n",
    );
    journal.file(
        "meetings/2026-03-04-block.md",
        "---\ntitle: Block\ndate: 2026-03-04\nwith:\n  - Li Wei (Staff Engineer, Platform)\n---\nNotes.\n",
    );
    // An item that closes what it never opened.
    journal.file(
        "meetings/2026-03-05-stray.md",
        "---\ntitle: Stray\ndate: 2026-03-05\nwith:\n  - Ana Ruiz CFO)\n---\nNotes.\n",
    );
    let found: Vec<(String, u64, u64, String)> = journal
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "split-item")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "meetings/2026-03-02-sync.md".to_string(),
                4,
                8,
                "`with` reads `Li Wei (Staff Engineer, Platform)` as 2 items: a comma inside `[ ]` ends an item"
                    .to_string()
            ),
            (
                "meetings/2026-03-05-stray.md".to_string(),
                5,
                5,
                "`with` item `Ana Ruiz CFO)` has unbalanced parentheses or brackets".to_string()
            )
        ]
    );
    let hint = journal
        .diagnostics()
        .into_iter()
        .find(|d| d["rule"] == "split-item")
        .unwrap()["hint"]
        .clone();
    assert_eq!(
        hint,
        "quote it (`[\"Li Wei (Staff Engineer, Platform)\"]`) or write one item per line (`- Li Wei (Staff Engineer, Platform)`)"
    );
}
