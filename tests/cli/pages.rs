//! Entry pages: a goal's status history and every note's provenance, from
//! the same record as the packet's; headings the page would print twice.

use serde_json::Value;

use crate::support::{TODAY, TestJournal, TestRepo};

fn goal(status: &str, impact: &str) -> String {
    format!(
        "---\ntitle: Ledger\nstatus: {status}\nstarted: 2026-01-05\nleverage: [execution]\n\
         impact: {impact}\n---\nWhy.\n"
    )
}

fn build(j: &TestJournal) -> impl Fn(&str) -> String + '_ {
    let run = j.run(&["build", "-o", "site", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    move |path: &str| {
        std::fs::read_to_string(j.path().join("site").join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

fn packet(j: &TestJournal) -> Value {
    let run = j.run(&[
        "packet",
        "--format",
        "json",
        "-o",
        "packet.json",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--today",
        TODAY,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(j.path().join("packet.json")).unwrap();
    std::fs::remove_file(j.path().join("packet.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The packet's provenance row of the note `slug`.
fn row<'p>(packet: &'p Value, kind: &str, slug: &str) -> &'p Value {
    packet["provenance"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind && r["slug"] == slug)
        .unwrap_or_else(|| panic!("no row for {kind} {slug}: {packet}"))
}

#[test]
fn goal_pages_show_the_status_history_and_provenance_the_packet_shows() {
    let repo = TestRepo::new();
    let j = &repo.journal;
    j.file("goals/ledger.md", &goal("active", "Faster closes"));
    j.file(
        "meetings/2026-01-20-finance.md",
        "---\ndate: 2026-01-20\nwith: [Pat (VP Finance)]\ngoals: [ledger]\n---\nTalked.\n",
    );
    repo.commit("2026-01-05", "ledger");
    j.file("goals/ledger.md", &goal("blocked", "Faster closes"));
    repo.commit("2026-02-10", "ledger blocked");
    j.file("goals/ledger.md", &goal("blocked", "Waiting on finance"));
    repo.commit("2026-03-01", "ledger impact");
    // Changed since the last commit.
    j.file(
        "goals/ledger.md",
        &goal("blocked", "Waiting on finance, still"),
    );

    let packet = packet(j);
    let page = build(j);
    let ledger = page("goals/ledger.html");

    // The status changes, as the packet lists them.
    let changes = packet["goals"][0]["status_history"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{packet}");
    for change in changes {
        let (date, status, commit) = (
            change["date"].as_str().unwrap(),
            change["status"].as_str().unwrap(),
            change["commit"].as_str().unwrap(),
        );
        let item = format!(
            "<li><time datetime=\"{date}\">{date}</time> <span class=\"status status-{status}\">\
             {status}</span> <code>{commit}</code></li>"
        );
        assert!(ledger.contains(&item), "{item} not in\n{ledger}");
    }
    assert_eq!(changes[0]["status"], "active");
    assert_eq!(changes[1]["date"], "2026-02-10");

    // The provenance, as the packet's row says it.
    let goal_row = row(&packet, "goal", "ledger");
    assert_eq!(goal_row["revisions"], 3);
    assert_eq!(goal_row["state"], "modified");
    let first = goal_row["first_commit"].as_str().unwrap();
    assert_eq!(first, changes[0]["commit"].as_str().unwrap());
    let expected = format!(
        "First committed <time datetime=\"2026-01-05\">2026-01-05</time> <code>{first}</code>;\n  \
         3 revisions;\n  last changed <time datetime=\"2026-03-01\">2026-03-01</time> <code>"
    );
    assert!(ledger.contains(&expected), "{expected} not in\n{ledger}");
    assert!(
        ledger.contains("; with uncommitted changes.</p>"),
        "{ledger}"
    );

    // A meeting's page shows its provenance too.
    let meeting_row = row(&packet, "meeting", "2026-01-20-finance");
    let meeting = page("meetings/2026-01-20-finance.html");
    let first = meeting_row["first_commit"].as_str().unwrap();
    assert!(
        meeting.contains(&format!(
            "First committed <time datetime=\"2026-01-05\">2026-01-05</time> <code>{first}</code>;\n  1 revision;"
        )),
        "{meeting}"
    );
    assert!(!meeting.contains("uncommitted"), "{meeting}");

    // A note never committed says so.
    j.file(
        "updates/2026-03-02.md",
        "---\ndate: 2026-03-02\ngoals: [ledger]\n---\nNew.\n",
    );
    let page = build(j);
    let update = page("updates/2026-03-02.html");
    assert!(
        update.contains("<p class=\"provenance\">Never committed to git.</p>"),
        "{update}"
    );
}

#[test]
fn without_history_a_goal_page_says_so_plainly() {
    let j = TestJournal::new();
    j.file("goals/ledger.md", &goal("active", "Faster closes"));
    j.file(
        "meetings/2026-01-20-finance.md",
        "---\ndate: 2026-01-20\nwith: [Pat (VP Finance)]\ngoals: [ledger]\n---\nTalked.\n",
    );
    let page = build(&j);
    let ledger = page("goals/ledger.html");
    assert!(
        ledger.contains(
            "<p class=\"note\">The journal is not in a git repository: no provenance is available.</p>"
        ),
        "{ledger}"
    );
    assert!(!ledger.contains("status-history"), "{ledger}");
    assert!(!ledger.contains("class=\"provenance\""), "{ledger}");
    let meeting = page("meetings/2026-01-20-finance.html");
    assert!(!meeting.contains("class=\"provenance\""), "{meeting}");
    assert!(!meeting.contains("no provenance"), "{meeting}");
}

#[test]
fn a_meeting_page_does_not_print_notes_twice() {
    let j = TestJournal::new();
    let meeting = |slug: &str, body: &str| {
        j.file(
            &format!("meetings/{slug}.md"),
            &format!("---\ndate: 2026-01-20\nwith: [Pat (VP Finance)]\n---\n{body}"),
        );
    };
    meeting("2026-01-20-a", "## Notes\n\nTalked.\n");
    meeting("2026-01-20-b", "Talked.\n\n### notes:\n\nMore.\n");
    meeting("2026-01-20-c", "# NOTES\n\nTalked.\n");
    meeting("2026-01-20-d", "Talked.\n\n## Next steps\n\n## Notes\n");
    meeting("2026-01-20-e", "Talked.\n");
    meeting("2026-01-20-f", "```private\n## Notes\n```\n\nTalked.\n");
    let page = build(&j);
    let headings = |slug: &str| {
        let page = page(&format!("meetings/{slug}.html"));
        let notes = page.to_lowercase().matches(">notes</h").count()
            + page.to_lowercase().matches(">notes:</h").count();
        let template = page.contains("<section class=\"notes\">\n  <h2>Notes</h2>");
        (notes, template)
    };
    // The body's own heading, once; the page's left out.
    assert_eq!(headings("2026-01-20-a"), (1, false));
    assert_eq!(headings("2026-01-20-b"), (1, false));
    assert_eq!(headings("2026-01-20-c"), (1, false));
    // Another first heading, or none: the page's own.
    assert_eq!(headings("2026-01-20-d"), (2, true));
    assert_eq!(headings("2026-01-20-e"), (1, true));
    assert_eq!(headings("2026-01-20-f"), (1, true));
    let a = page("meetings/2026-01-20-a.html");
    assert!(
        a.contains("<section class=\"notes\" aria-label=\"Notes\">"),
        "{a}"
    );
}
