//! Wikilinks (`[[slug]]`, as Obsidian writes them): resolved to site pages,
//! checked like relative links, left alone in code.

use crate::support::{TODAY, TestJournal};

fn journal() -> TestJournal {
    let journal = TestJournal::new();
    journal.goal("ledger");
    journal.file(
        "meetings/2026-01-14-finance.md",
        "---\ndate: 2026-01-14\nwith: [Ana (CFO)]\n---\nThe kickoff.\n",
    );
    journal.file(
        "meetings/2026-02-01-secret.md",
        "---\ndate: 2026-02-01\nwith: [Bo]\nprivate: true\n---\nPrivate.\n",
    );
    // A meeting sharing the goal's slug: goals win.
    journal.file(
        "meetings/ledger.md",
        "---\ndate: 2026-01-15\nwith: [Cy]\n---\nSame slug.\n",
    );
    journal
}

fn page(journal: &TestJournal, path: &str) -> String {
    std::fs::read_to_string(journal.path().join("site").join(path)).unwrap()
}

#[test]
fn wikilinks_resolve_to_site_pages() {
    let journal = journal();
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\n---\n\
         Plain [[ledger]], labelled [[ledger|the ledger goal]], \
         by folder [[meetings/ledger]], with a heading [[2026-01-14-finance#Next steps]], \
         private [[2026-02-01-secret|the secret meeting]], \
         here [[#Some Heading|above]].\n\n\
         In code: `[[nowhere]]`.\n\n```\n[[nowhere-either]]\n```\n",
    );
    assert_eq!(journal.diagnostics(), Vec::<serde_json::Value>::new());
    let run = journal.run(&["build", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&journal, "updates/2026-01-16.html");
    assert!(
        html.contains(r#"Plain <a href="../goals/ledger.html">ledger</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../goals/ledger.html">the ledger goal</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../meetings/ledger.html">meetings/ledger</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../meetings/2026-01-14-finance.html#next-steps">"#),
        "{html}"
    );
    assert!(html.contains("private the secret meeting,"), "{html}");
    assert!(
        html.contains(r##"here <a href="#some-heading">above</a>."##),
        "{html}"
    );
    assert!(!html.contains("2026-02-01-secret.html"), "{html}");
    assert!(html.contains("<code>[[nowhere]]</code>"), "{html}");
    assert!(html.contains("[[nowhere-either]]"), "{html}");
}

#[test]
fn a_broken_wikilink_is_reported_where_it_is() {
    let journal = journal();
    journal.file(
        "updates/2026-01-16.md",
        "---\ndate: 2026-01-16\n---\nFirst line.\nSee [[ledgr|the goal]] and [[goals/2026-01-14-finance]].\n\n`[[code-is-fine]]`\n",
    );
    let diagnostics = journal.diagnostics();
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    let first = &diagnostics[0];
    assert_eq!(first["rule"], "broken-link");
    assert_eq!(first["path"], "updates/2026-01-16.md");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 7);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["hint"], "did you mean `ledger`?");
    let second = &diagnostics[1];
    assert_eq!(second["rule"], "broken-link");
    assert_eq!(second["line"], 5);
    assert_eq!(second["column"], 30);
    assert!(
        second["message"]
            .as_str()
            .unwrap()
            .contains("no goal has the slug `2026-01-14-finance`"),
        "{second}"
    );
    let run = journal.run(&["build", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn embeds_are_found_in_assets() {
    let journal = journal();
    journal.file(
        "assets/plan.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    journal.file(
        "goals/embeds.md",
        "---\ntitle: T\nstatus: active\nstarted: 2026-01-05\n---\n![[plan.svg]]\n\n![[gone.png]]\n",
    );
    let diagnostics = journal.diagnostics();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["rule"], "broken-link");
    assert_eq!(diagnostics[0]["line"], 8);
    assert_eq!(diagnostics[0]["column"], 4);

    journal.file(
        "goals/embeds.md",
        "---\ntitle: T\nstatus: active\nstarted: 2026-01-05\n---\n![[plan.svg]]\n",
    );
    let run = journal.run(&["build", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&journal, "goals/embeds.html");
    assert!(html.contains(r#"src="../assets/plan.svg""#), "{html}");
    assert!(journal.path().join("site/assets/plan.svg").is_file());
}

#[test]
fn obsidian_keys_and_folders_are_accepted() {
    let journal = TestJournal::new();
    journal.file(
        "goals/vault.md",
        "---\ntitle: T\nstatus: active\nstarted: 2026-01-05\naliases: [The vault]\ncssclasses: wide\n---\nBody.\n",
    );
    journal.file(".obsidian/workspace.md", "---\nkind: goal\n---\n");
    journal.file(".trash/old.md", "---\nkind: nothing\n---\n");
    assert_eq!(journal.diagnostics(), Vec::<serde_json::Value>::new());
}
