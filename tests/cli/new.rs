//! `dossier new`: the fields filled in from the journal, file names from
//! unicode-safe slugs, never overwriting, and `--edit`.

use std::path::Path;
use std::process::Command;

use crate::support::{Run, TODAY, TestJournal};

/// A journal with goals of every open and closed status and two updates.
fn known_journal() -> TestJournal {
    let journal = TestJournal::new();
    journal
        .goal("ledger-migration")
        .file(
            "goals/fraud-signals.md",
            "---\ntitle: Fraud signals\nstatus: blocked\nstarted: 2026-03-02\n---\nWaiting on Risk.\n",
        )
        .file(
            "goals/checkout-latency.md",
            "---\ntitle: Checkout latency\nstatus: done\nstarted: 2026-01-05\nfinished: 2026-04-30\nimpact: p99 from 820 ms to 390 ms\n---\nDone.\n",
        )
        .file(
            "goals/api-versions.md",
            "---\ntitle: API versions\nstatus: proposed\nstarted: 2026-10-19\n---\nAn RFC.\n",
        )
        .file(
            "updates/2026-10-30.md",
            "---\ndate: 2026-10-30\nto: [Old Manager]\ngoals: [ledger-migration]\n---\nText.\n",
        )
        .file(
            "updates/2026-11-13.md",
            "---\ndate: 2026-11-13\nto:\n  - Sam Ortiz (Engineering Manager)\n  - \"Lena Chen (Director, Payments)\"\ngoals: [ledger-migration]\n---\nText.\n",
        );
    journal
}

/// Runs `dossier new ARGS --today TODAY` in the journal: the printed path must exist.
fn new(journal: &TestJournal, args: &[&str]) -> (String, String) {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--today", TODAY]);
    let run = journal.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = run.stdout.trim_end().to_string();
    assert_eq!(run.stdout, format!("{path}\n"), "one line: the path");
    let text = std::fs::read_to_string(journal.path().join(&path))
        .unwrap_or_else(|e| panic!("the printed path `{path}` cannot be read: {e}"));
    (path, text)
}

/// No diagnostic at all (besides the no-history note).
#[track_caller]
/// The journal has no problem but the new scaffolds themselves: each note
/// `new` wrote is valid, and warned about as `unfilled` until written.
fn assert_clean(journal: &TestJournal) {
    let diagnostics: Vec<serde_json::Value> = journal
        .diagnostics()
        .into_iter()
        .filter(|d| d["rule"] != "unfilled")
        .collect();
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn new_update_continues_from_the_previous_one() {
    let journal = known_journal();
    assert_clean(&journal);
    let (path, text) = new(&journal, &["update"]);
    assert_eq!(path, "updates/2026-11-23.md");
    assert_eq!(
        text,
        "---\ndate: 2026-11-23\nperiod: \"2026-11-14..2026-11-23\"\nto:\n  - Sam Ortiz (Engineering Manager)\n  - \"Lena Chen (Director, Payments)\"\n\
         goals:\n  - fraud-signals\n  - ledger-migration\n---\n## Done\n\n## Next\n\n## Help needed\n"
    );
    assert_clean(&journal);
}

#[test]
fn new_update_without_a_previous_one_covers_the_cadence() {
    let journal = TestJournal::new();
    journal.file("dossier.toml", "owner = \"Ada\"\ncadence_days = 7\n");
    let (path, text) = new(&journal, &["update", "Q4 wrap-up"]);
    assert_eq!(path, "updates/2026-11-23-q4-wrap-up.md");
    assert_eq!(
        text,
        "---\ntitle: Q4 wrap-up\ndate: 2026-11-23\nperiod: \"2026-11-17..2026-11-23\"\n\
         # to: who it is sent to, one per line, as \"- Name (Role)\"\nto: []\ngoals: []\n---\n## Done\n\n## Next\n\n## Help needed\n"
    );
    assert_clean(&journal);
}

#[test]
fn new_updates_on_one_day_get_distinct_names() {
    let journal = known_journal();
    assert_eq!(new(&journal, &["update"]).0, "updates/2026-11-23.md");
    assert_eq!(new(&journal, &["update"]).0, "updates/2026-11-23-2.md");
    assert_clean(&journal);
}

#[test]
fn new_goal_is_proposed_with_the_allowed_values_listed() {
    let journal = known_journal();
    let (path, text) = new(&journal, &["goal", "Cut payout escalations: by half"]);
    assert_eq!(path, "goals/cut-payout-escalations-by-half.md");
    assert_eq!(
        text,
        "---\ntitle: \"Cut payout escalations: by half\"\n\
         # status: proposed, active, blocked, done or dropped\nstatus: proposed\nstarted: 2026-11-23\n\
         # target: YYYY-MM-DD, when it is meant to be done\n\
         # leverage: any of interpersonal, execution, strategic or expert, one per line, as \"- ...\"\nleverage: []\n\
         # stakeholders: who cares about it, one per line, as \"- Name (Role)\"\nstakeholders: []\n\
         # role: your part, lead, co-lead, contributor or advisor; credit: who else did what\n\
         # criteria: the keys of dossier.toml's [ladder] it evidences; glue: true for glue work\n---\n\
         ## Why it matters\n\n## What success looks like\n"
    );
    assert_clean(&journal);
}

#[test]
fn new_goal_slugs_are_unicode_and_never_overwrite() {
    let journal = known_journal();
    let (first, text) = new(&journal, &["goal", "Café ☕ Déjà vu!"]);
    assert_eq!(first, "goals/café-déjà-vu.md");
    assert!(text.contains("\ntitle: Café ☕ Déjà vu!\n"), "{text}");
    let (second, _) = new(&journal, &["goal", "Café ☕ Déjà vu!"]);
    assert_eq!(second, "goals/café-déjà-vu-2.md");
    assert_eq!(
        std::fs::read_to_string(journal.path().join(&first)).unwrap(),
        text,
        "the first file is untouched"
    );
    // A title with no letter or digit falls back to the date.
    assert_eq!(new(&journal, &["goal", "☕ !!"]).0, "goals/2026-11-23.md");
    // Slugs are unique per kind, subfolders included.
    journal.goal("2026/cafe");
    assert_eq!(new(&journal, &["goal", "Cafe"]).0, "goals/cafe-2.md");
    let diagnostics = journal.diagnostics();
    assert!(
        diagnostics.iter().all(|d| d["rule"] != "duplicate-slug"),
        "{diagnostics:#?}"
    );
}

#[test]
fn new_goal_needs_a_title() {
    let journal = known_journal();
    let run = journal.run(&["new", "goal", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("a goal needs a title"),
        "{}",
        run.stderr
    );
    assert!(!journal.path().join("goals/2026-11-23.md").exists());
}

#[test]
fn new_meeting_has_every_field_ready() {
    let journal = known_journal();
    let (path, text) = new(&journal, &["meeting", "Finance sync"]);
    assert_eq!(path, "meetings/2026-11-23-finance-sync.md");
    assert_eq!(
        text,
        "---\ntitle: Finance sync\ndate: 2026-11-23\n\
         # with: one person per line, as \"- Name (Role, Org)\" or \"- { name: ..., role: ..., org: ... }\"\nwith: []\n\
         # type: one-on-one, skip-level, senior-leader, cross-team, mentoring or other (with mentoring: given or received)\ntype:\n\
         # org: the part of the business they are from (Finance, Sales...)\norg:\n\
         # problems: the problems they raised, one per line, as \"- ...\"\nproblems: []\n\
         # goals: slugs of the goals it relates to or led to, one per line, as \"- ...\"\ngoals: []\n---\n## Notes\n\n## Follow-ups\n"
    );
    assert_clean(&journal);
    // Left as it is, the scaffold is flagged: `with` is required and empty,
    // and the body has only headings.
    let unfilled: Vec<serde_json::Value> = journal
        .diagnostics()
        .into_iter()
        .filter(|d| d["rule"] == "unfilled")
        .collect();
    assert_eq!(unfilled.len(), 1, "{unfilled:#?}");
    assert_eq!(unfilled[0]["path"], "meetings/2026-11-23-finance-sync.md");
    let message = unfilled[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`with`") && message.contains("only headings"),
        "{message}"
    );
    // Filled in, it is not.
    journal.file(
        "meetings/2026-11-23-finance-sync.md",
        "---\ntitle: Finance sync\ndate: 2026-11-23\nwith: [Marcus Bell]\ntype:\ngoals: []\n---\n## Notes\nClose takes six days.\n",
    );
    assert!(
        journal
            .diagnostics()
            .iter()
            .all(|d| d["rule"] != "unfilled")
    );
}

#[test]
fn new_entries_point_at_the_schemas_when_the_journal_has_them() {
    let dir = TestJournal::bare();
    assert_eq!(dir.run(&["init", "j"]).code, 0);
    let journal = dir.path().join("j");
    let run = dir.run(&["new", "meeting", "-C", "j", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = run.stdout.trim_end();
    assert_eq!(
        Path::new(path),
        Path::new("j").join("meetings/2026-11-23.md")
    );
    let text = std::fs::read_to_string(journal.join("meetings/2026-11-23.md")).unwrap();
    assert!(
        text.starts_with(
            "---\n# yaml-language-server: $schema=../.dossier/schema/meeting.json\ntitle:\ndate: 2026-11-23\n"
        ),
        "{text}"
    );
}

#[test]
fn new_refuses_a_folder_that_is_not_a_journal() {
    let dir = TestJournal::bare();
    let run = dir.run(&["new", "update", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("dossier init"), "{}", run.stderr);
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

/// Runs `dossier new` with only the given editor variables set.
fn run_with_editor(journal: &TestJournal, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command
        .args(args)
        .current_dir(journal.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("VISUAL")
        .env_remove("EDITOR");
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn new_edit_runs_the_editor_with_its_arguments() {
    let journal = known_journal();
    let script = journal.path().join("editor.sh");
    std::fs::write(&script, "printf 'edited by %s\\n' \"$1\" >> \"$2\"\n").unwrap();
    let editor = format!("sh {} the-editor", script.display());
    let run = run_with_editor(
        &journal,
        &["new", "update", "--edit", "--today", TODAY],
        &[("EDITOR", "false"), ("VISUAL", &editor)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "updates/2026-11-23.md\n");
    let text = std::fs::read_to_string(journal.path().join("updates/2026-11-23.md")).unwrap();
    assert!(
        text.ends_with("## Help needed\nedited by the-editor\n"),
        "{text}"
    );
}

#[test]
fn new_edit_without_an_editor_says_so() {
    let journal = known_journal();
    let run = run_with_editor(
        &journal,
        &["new", "meeting", "--edit", "--today", TODAY],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("$VISUAL or $EDITOR"), "{}", run.stderr);
    // The file was written and its path printed before.
    assert_eq!(run.stdout, "meetings/2026-11-23.md\n");
    assert!(journal.path().join("meetings/2026-11-23.md").is_file());
}
