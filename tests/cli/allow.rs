//! A note's own `allow` list: the rules it names are not reported on that
//! note, whichever stage finds them (the file's own rules, the rules across
//! notes, the history's), and on no other note; an unknown name is an error
//! with a did-you-mean.

use dossier::incremental::Unit;
use dossier::{LoadOptions, Reuse, Session};

use crate::support::{TODAY, TestJournal, TestRepo};

/// The `(path, rule)` of every diagnostic but the `no-history` note.
fn found(diagnostics: &[serde_json::Value]) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_string(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(found: &[(String, String)], path: &str, rule: &str) -> bool {
    found.iter().any(|(p, r)| p == path && r == rule)
}

fn update(date: &str, allow: &str) -> String {
    format!("---\ndate: {date}\n{allow}---\nShipped the cache.\n")
}

#[test]
fn allow_silences_a_history_rule_on_its_note_only() {
    let repo = TestRepo::new();
    repo.journal
        .file("updates/2026-01-09.md", &update("2026-01-09", ""))
        .file(
            "updates/2026-01-16.md",
            &update("2026-01-16", "allow: [backdated]\n"),
        );
    // Both written long after the fact: committed in March.
    repo.commit("2026-03-02", "two old updates");
    let found = found(&repo.journal.diagnostics());
    assert!(
        has(&found, "updates/2026-01-09.md", "backdated"),
        "{found:?}"
    );
    assert!(
        !has(&found, "updates/2026-01-16.md", "backdated"),
        "{found:?}"
    );

    // It can fail: without its `allow`, the second note is flagged too.
    repo.journal
        .file("updates/2026-01-16.md", &update("2026-01-16", ""));
    repo.commit("2026-03-03", "allow removed");
    let found = crate::allow::found(&repo.journal.diagnostics());
    assert!(
        has(&found, "updates/2026-01-16.md", "backdated"),
        "{found:?}"
    );
}

#[test]
fn allow_silences_the_files_own_and_cross_file_rules_of_its_note() {
    let journal = TestJournal::new();
    journal
        // Its empty body and the cadence gap it closes are both allowed.
        .file(
            "updates/2026-03-06.md",
            "---\ndate: 2026-03-06\nallow: [empty-body, cadence-gap]\n---\n",
        )
        .file("updates/2026-01-09.md", &update("2026-01-09", ""))
        // Another note's empty body is still reported.
        .file("updates/2026-03-13.md", "---\ndate: 2026-03-13\n---\n");
    let found = found(&journal.diagnostics());
    assert!(
        !has(&found, "updates/2026-03-06.md", "empty-body"),
        "{found:?}"
    );
    assert!(
        !has(&found, "updates/2026-03-06.md", "cadence-gap"),
        "{found:?}"
    );
    assert!(
        has(&found, "updates/2026-03-13.md", "empty-body"),
        "{found:?}"
    );

    // The same journal without the `allow`: both are reported.
    journal.file("updates/2026-03-06.md", "---\ndate: 2026-03-06\n---\n");
    let found = crate::allow::found(&journal.diagnostics());
    assert!(
        has(&found, "updates/2026-03-06.md", "empty-body"),
        "{found:?}"
    );
    assert!(
        has(&found, "updates/2026-03-06.md", "cadence-gap"),
        "{found:?}"
    );
}

#[test]
fn allow_on_an_invalid_note_still_applies() {
    let journal = TestJournal::new();
    // An unknown field makes the goal invalid; its allowed empty body is
    // still not reported.
    journal.file(
        "goals/g.md",
        "---\ntitle: T\nstatus: active\nstarted: 2026-01-05\nowner: me\nallow: empty-body\n---\n",
    );
    let found = found(&journal.diagnostics());
    assert!(has(&found, "goals/g.md", "unknown-field"), "{found:?}");
    assert!(!has(&found, "goals/g.md", "empty-body"), "{found:?}");
}

#[test]
fn an_unknown_rule_in_allow_is_an_error_with_a_suggestion() {
    let journal = TestJournal::new();
    journal.file(
        "updates/2026-03-13.md",
        "---\ndate: 2026-03-13\nallow: [future-date, empty-bdy]\n---\n",
    );
    let diagnostics = journal.diagnostics();
    let invalid: Vec<&serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "invalid-value")
        .collect();
    assert_eq!(invalid.len(), 1, "{diagnostics:#?}");
    let d = invalid[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "updates/2026-03-13.md");
    assert_eq!(d["hint"], "did you mean `empty-body`?");
    // At the item: `empty-bdy` starts on line 3, column 22.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(22))
    );
    // The rule it did not know is not silenced.
    assert!(
        diagnostics.iter().any(|d| d["rule"] == "empty-body"),
        "{diagnostics:#?}"
    );
    let run = journal.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

/// The allow list is part of what the per-file step returns: a build that
/// reuses the step's result still applies it, and an edit to it is seen.
#[test]
fn allow_survives_reuse_between_builds() {
    let journal = TestJournal::new();
    journal.file(
        "updates/2026-03-13.md",
        "---\ndate: 2026-03-13\nallow: [empty-body]\n---\n",
    );
    let options = LoadOptions {
        today: TODAY.parse().unwrap(),
        exclude: None,
        require_history: false,
        history_cache: false,
        staged: false,
    };
    let rules = |reuse: Reuse<'_>| -> Vec<String> {
        let loaded = dossier::load(journal.path(), &options, reuse).unwrap();
        loaded
            .report
            .diagnostics()
            .iter()
            .map(|d| d.rule.name().to_string())
            .collect()
    };
    let mut session = Session::default();
    for build in 0..2 {
        let found = rules(session.start());
        session.finish();
        assert!(!found.contains(&"empty-body".to_string()), "{found:?}");
        assert_eq!(session.reused(Unit::File), build, "build {build}");
    }
    journal.file(
        "updates/2026-03-13.md",
        "---\ndate: 2026-03-13\nallow: []\n---\n",
    );
    let found = rules(session.start());
    session.finish();
    assert!(found.contains(&"empty-body".to_string()), "{found:?}");
    assert_eq!(rules(Reuse::NONE), found);
}

/// An error cannot be allowed on one note: the note would be left out of
/// the site with nothing said.
#[test]
fn a_note_cannot_allow_an_error() {
    let journal = crate::support::TestJournal::new();
    journal.file(
        "goals/done.md",
        "---\ntitle: Done\nstatus: done\nstarted: 2026-01-05\nfinished: 2026-02-01\nallow: [goal-impact]\n---\nWhy.\n",
    );
    let found: Vec<(String, String)> = journal
        .diagnostics()
        .into_iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    assert!(rules.contains(&"goal-impact"), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|(r, m)| r == "invalid-value" && m.contains("is an error")),
        "{found:#?}"
    );
}
