//! `dossier build`: the example journal's site, determinism, template
//! overrides, privacy, and the safety of the output folder.

use std::path::Path;

use crate::support::{TODAY, TestJournal, example_journal, read_tree, run_in};

const PRIVATE_MARKER: &str = "This note is private and must never be published.";

fn build_example(out: &Path, extra: &[&str]) -> crate::support::Run {
    let out = out.to_str().unwrap();
    let mut args = vec!["build", ".", "-o", out, "--today", TODAY];
    args.extend_from_slice(extra);
    run_in(&example_journal(), &args)
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn example_journal_site_pages_and_content() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = build_example(&out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let pages: Vec<String> = read_tree(&out).into_iter().map(|(path, _)| path).collect();
    insta::assert_snapshot!(pages.join("\n"));

    // The dashboard: who, and what is going on.
    let index = page(&out, "index.html");
    for needle in [
        "Ada Park",
        "Senior Software Engineer",
        "Staff Software Engineer",
        "Migrate payments to a double-entry ledger",
    ] {
        assert!(index.contains(needle), "dashboard lacks {needle:?}");
    }
    // A goal page lists the evidence that references it.
    let goal = page(&out, "goals/payout-escalations.html");
    assert!(
        goal.contains("Payout escalations to engineering fell from about 140 a week to 35"),
        "impact"
    );
    for reference in [
        "updates/2026-02-13.html",
        "updates/2026-07-03.html",
        "meetings/2026-01-22-support-payouts.html",
    ] {
        assert!(
            goal.contains(reference),
            "goal page lacks a link to {reference}"
        );
    }
    // Relative links between notes became links between pages.
    assert!(
        goal.contains("href=\"../meetings/2026-01-22-support-payouts.html\""),
        "rewritten link"
    );
    // The asset a note links to is copied and linked.
    assert!(pages.contains(&"assets/ledger-cutover.svg".to_string()));
    assert!(page(&out, "goals/ledger-migration.html").contains("../assets/ledger-cutover.svg"));
    // The packet of the default period is part of the site.
    assert!(page(&out, "packet.html").contains(">Provenance</h2>"));
    // People, with their role.
    let people = page(&out, "people.html");
    assert!(people.contains("Rosa Delgado") && people.contains("VP Customer Support"));
    // The cadence gap is shown with its dates.
    let updates = page(&out, "updates/index.html");
    assert!(updates.contains("2026-04-24") && updates.contains("2026-06-05"));
    // Pages need no network: no external stylesheet, script or font.
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script"), "{path} has a script");
        assert!(
            !text.contains("src=\"http") && !text.contains("href=\"//"),
            "{path} loads from the network"
        );
        assert!(!text.contains("@import"), "{path} imports CSS");
    }
}

#[test]
fn private_entries_are_left_out_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    assert_eq!(build_example(&public, &[]).code, 0);
    for (path, bytes) in read_tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(PRIVATE_MARKER),
            "{path} leaks the private note"
        );
        assert!(
            !text.contains("Helen Okafor"),
            "{path} leaks a private meeting's attendee"
        );
    }
    assert!(
        !public
            .join("meetings/2026-06-10-mentor-career.html")
            .exists()
    );

    let private = dir.path().join("private");
    assert_eq!(build_example(&private, &["--include-private"]).code, 0);
    assert!(page(&private, "meetings/2026-06-10-mentor-career.html").contains(PRIVATE_MARKER));
}

#[test]
fn builds_are_byte_for_byte_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(build_example(&a, &[]).code, 0);
    assert_eq!(build_example(&b, &[]).code, 0);
    let (tree_a, tree_b) = (read_tree(&a), read_tree(&b));
    assert!(tree_a.len() > 40);
    assert_eq!(tree_a, tree_b);
}

fn small_journal() -> TestJournal {
    let journal = TestJournal::new();
    journal.goal("ledger");
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\ngoals: [ledger]\n---\nMoved the [ledger](../goals/ledger.md).\n",
    );
    journal
}

#[test]
fn journal_templates_override_the_defaults_by_name() {
    let journal = small_journal();
    journal.file(
        "templates/goal.html",
        "<p>custom goal page for {{ goal.title }}</p>\n",
    );
    let run = journal.run(&["build", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let goal = std::fs::read_to_string(journal.path().join("site/goals/ledger.html")).unwrap();
    assert_eq!(goal, "<p>custom goal page for A goal</p>\n");
    // Other pages still use the defaults.
    let update =
        std::fs::read_to_string(journal.path().join("site/updates/2026-01-16.html")).unwrap();
    assert!(update.contains("<!doctype html>") || update.contains("<!DOCTYPE html>"));
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let journal = small_journal();
    journal.file("templates/goal.html", "<p>\n{{ goal.title }\n</p>\n");
    let run = journal.run(&["build", "--today", TODAY]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("goal.html"), "{}", run.stderr);
    assert!(
        run.stderr.contains("2:"),
        "the line is named: {}",
        run.stderr
    );
    assert!(!journal.path().join("site").exists(), "nothing written");
}

#[test]
fn a_journal_with_errors_is_not_built_and_the_old_site_stays() {
    let journal = small_journal();
    assert_eq!(journal.run(&["build", "--today", TODAY]).code, 0);
    let before = read_tree(&journal.path().join("site"));
    journal.file(
        "goals/broken.md",
        "---\ntitle: Broken\nstatus: actve\n---\n",
    );
    let run = journal.run(&["build", "--today", TODAY]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[invalid-value]"),
        "{}",
        run.stderr
    );
    assert_eq!(read_tree(&journal.path().join("site")), before);
}

#[test]
fn rebuilding_replaces_only_dossiers_own_output() {
    let journal = small_journal();
    let out = journal.path().join("site");
    assert_eq!(journal.run(&["build", "--today", TODAY]).code, 0);
    assert!(out.join(".dossier-output").is_file());
    std::fs::write(out.join("stale.html"), "old").unwrap();
    assert_eq!(journal.run(&["build", "--today", TODAY]).code, 0);
    assert!(
        !out.join("stale.html").exists(),
        "the previous output was replaced"
    );
    let leftovers: Vec<_> = std::fs::read_dir(journal.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("dossier-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

#[test]
fn refuses_to_overwrite_a_folder_it_did_not_create() {
    let journal = small_journal();
    let foreign = journal.path().join("docs");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let run = journal.run(&["build", "-o", "docs", "--today", TODAY]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not created by dossier"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);

    let run = journal.run(&["build", "-o", ".", "--today", TODAY]);
    assert_eq!(run.code, 2, "the journal itself");
    let run = journal.run(&["build", "-o", "..", "--today", TODAY]);
    assert_eq!(run.code, 2, "a folder containing the journal");
}

#[test]
fn the_output_folder_inside_the_journal_is_not_read_as_notes() {
    let journal = small_journal();
    journal.file("site-old/goals/x.md", "---\nnot: valid\n---\n");
    std::fs::write(journal.path().join("site-old/.dossier-output"), "").unwrap();
    assert_eq!(
        journal.run(&["build", "-o", "out", "--today", TODAY]).code,
        0
    );
    assert_eq!(
        journal.run(&["build", "-o", "out", "--today", TODAY]).code,
        0,
        "its own output is skipped too"
    );
}
