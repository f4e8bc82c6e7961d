//! Summaries: the author's case for a period, checked like any note, shown
//! first in that period's packet with what git says of it; and the packet's
//! two parts (the main part, then the appendix with every note in full).

use serde_json::Value;

use crate::support::{TODAY, TestJournal, TestRepo};

const CONFIG: &str = "owner = \"Ada\"\ncadence_days = 14\n\
    [periods]\n\"2026-H1\" = { from = 2026-01-01, to = 2026-06-30 }\n\
    \"2026-H2\" = { from = 2026-07-01, to = 2026-12-31 }\n\
    \"2027-H1\" = { from = 2027-01-01, to = 2027-06-30 }\n";

fn summary(period: &str, date: &str, extra: &str) -> String {
    format!(
        "---\ndate: {date}\nperiod: {period}\n{extra}---\n\
         I took on the ledger nobody owned.\n\n\
         ```private\nSECRET-IN-SUMMARY\n```\n\n\
         ## Outcomes\n- The [ledger](../goals/ledger.md) closes in three days.\n"
    )
}

fn journal() -> TestJournal {
    let journal = TestJournal::bare();
    journal.file("dossier.toml", CONFIG);
    journal.file(
        "goals/ledger.md",
        "---\ntitle: Ledger\nstatus: active\nstarted: 2026-02-01\nleverage: [execution]\n---\nWhy.\n",
    );
    journal.file(
        "updates/2026-08-14.md",
        "---\ndate: 2026-08-14\ngoals: [ledger]\n---\n- Unrelated first line.\n- The [ledger](../goals/ledger.md) dual-writes.\n",
    );
    journal
}

fn diagnostics_of(journal: &TestJournal, rule: &str) -> Vec<Value> {
    journal
        .all_diagnostics()
        .into_iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn make_packet(journal: &TestJournal, args: &[&str]) -> (Value, String) {
    let today: &[&str] = match args.contains(&"--today") {
        true => &[],
        false => &["--today", TODAY],
    };
    let mut all = vec!["packet", "-o", "p.json", "--format", "json"];
    all.extend_from_slice(today);
    all.extend_from_slice(args);
    let run = journal.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut all = vec!["packet", "-o", "p.html"];
    all.extend_from_slice(today);
    all.extend_from_slice(args);
    let run = journal.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = std::fs::read_to_string(journal.path().join("p.json")).unwrap();
    let html = std::fs::read_to_string(journal.path().join("p.html")).unwrap();
    (serde_json::from_str(&json).unwrap(), html)
}

/// Where each of `needles` is in `haystack`, asserting each is there.
fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("`{n}` is not in the page"))
        })
        .collect()
}

#[test]
fn check_warns_for_each_begun_period_without_a_public_summary() {
    let journal = journal();
    // None yet: the two periods begun by 2026-11-23 are named, 2027-H1 is not.
    let missing = diagnostics_of(&journal, "missing-summary");
    let named: Vec<&str> = missing
        .iter()
        .map(|d| {
            if d["message"].as_str().unwrap().contains("`2026-H1`") {
                "2026-H1"
            } else if d["message"].as_str().unwrap().contains("`2026-H2`") {
                "2026-H2"
            } else {
                "other"
            }
        })
        .collect();
    assert_eq!(named, ["2026-H1", "2026-H2"], "{missing:?}");
    assert!(missing.iter().all(|d| d["path"] == "dossier.toml"
        && d["severity"] == "warning"
        && d["line"].as_u64().is_some_and(|l| l >= 3)));

    // A summary for H1 by name, one for H2 by its days: both count.
    journal.file(
        "summaries/2026-H1.md",
        &summary("2026-H1", "2026-06-28", ""),
    );
    journal.file(
        "summaries/second-half.md",
        &summary(
            "\"2026-07-01..2026-12-31\"",
            "2026-11-20",
            "private: true\n",
        ),
    );
    let missing = diagnostics_of(&journal, "missing-summary");
    assert_eq!(missing.len(), 1, "{missing:?}");
    // A private summary is not read by the committee: still a warning, saying so.
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("is private"),
        "{missing:?}"
    );
    journal.file(
        "summaries/second-half.md",
        &summary("\"2026-07-01..2026-12-31\"", "2026-11-20", ""),
    );
    assert!(diagnostics_of(&journal, "missing-summary").is_empty());
    assert_eq!(journal.run(&["check", "--today", TODAY]).code, 0);
}

#[test]
fn a_summary_is_checked_like_any_note() {
    let journal = journal();
    journal.file("summaries/a.md", &summary("2026-H2", "2026-11-20", ""));
    journal.file("summaries/b.md", &summary("2026-H2", "2026-11-21", ""));
    journal.file("summaries/c.md", &summary("2026-h2", "2026-11-22", ""));
    journal.file("summaries/d.md", "---\nperiod: 2026-H1\n---\nText.\n");
    let run = journal.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let duplicate = diagnostics_of(&journal, "duplicate-summary");
    assert_eq!(duplicate.len(), 1, "{duplicate:?}");
    assert_eq!(duplicate[0]["path"], "summaries/b.md");
    let unknown = diagnostics_of(&journal, "invalid-value");
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0]["path"], "summaries/c.md");
    assert!(
        unknown[0]["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("2026-H2"),
        "{unknown:?}"
    );
    let missing = diagnostics_of(&journal, "missing-field");
    assert!(
        missing
            .iter()
            .any(|d| d["path"] == "summaries/d.md"
                && d["message"].as_str().unwrap().contains("date")),
        "{missing:?}"
    );
}

#[test]
fn the_packet_opens_with_the_summary_and_its_history() {
    let repo = TestRepo::new();
    let journal = &repo.journal;
    journal.file("dossier.toml", CONFIG);
    journal.file(
        "goals/ledger.md",
        "---\ntitle: Ledger\nstatus: active\nstarted: 2026-02-01\nleverage: [execution]\nhighlight: true\n---\nWhy.\n",
    );
    journal.file(
        "summaries/2026-H2.md",
        &summary("2026-H2", "2026-11-10", ""),
    );
    repo.commit("2026-11-10", "summary");
    journal.file(
        "summaries/2026-H2.md",
        &summary("2026-H2", "2026-11-10", "title: My case\n"),
    );
    repo.commit("2026-11-12", "summary revised");
    let (packet, html) = make_packet(journal, &["--period", "2026-H2"]);
    let summary = &packet["summary"];
    assert_eq!(summary["title"], "My case");
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["provenance"]["first_date"], "2026-11-10");
    assert_eq!(summary["provenance"]["last_date"], "2026-11-12");
    assert_eq!(summary["provenance"]["revisions"], 2);
    let text = summary["html"].as_str().unwrap();
    assert!(
        text.contains("I took on the ledger nobody owned."),
        "{text}"
    );
    // Its link to a goal the packet holds goes to that goal's text.
    assert!(text.contains("href=\"#text-goal-ledger\""), "{text}");
    assert!(!html.contains("SECRET-IN-SUMMARY"));
    assert!(!packet.to_string().contains("SECRET-IN-SUMMARY"));
    // First in the page, before the goals.
    let at = positions(
        &html,
        &[
            "I took on the ledger nobody owned.",
            "id=\"leading-h\"",
            "id=\"goals-h\"",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    assert!(html.contains("first committed <time datetime=\"2026-11-10\">"));

    // Another period has no summary, and says so plainly.
    let (packet, html) = make_packet(journal, &["--period", "2026-H1"]);
    assert_eq!(packet["summary"], Value::Null);
    assert!(html.contains("There is no summary"), "no plain statement");
    assert!(!html.contains("I took on the ledger"));
}

#[test]
fn the_default_period_is_the_latest_begun_and_dates_still_choose() {
    let journal = journal();
    let (packet, _) = make_packet(&journal, &[]);
    assert_eq!(packet["period"]["name"], "2026-H2");
    assert_eq!(packet["period"]["from"], "2026-07-01");
    let (packet, _) = make_packet(&journal, &["--today", "2027-01-02"]);
    assert_eq!(packet["period"]["name"], "2027-H1");
    let (packet, _) = make_packet(&journal, &["--from", "2026-08-01", "--to", "2026-08-31"]);
    assert_eq!(packet["period"]["name"], Value::Null);
    assert_eq!(packet["period"]["to"], "2026-08-31");
    // Without named periods: the twelve months up to today.
    let plain = TestJournal::new();
    plain.goal("g");
    let (packet, _) = make_packet(&plain, &[]);
    assert_eq!(packet["period"]["from"], "2025-11-24");
    assert_eq!(packet["period"]["to"], TODAY);
}

#[test]
fn evidence_links_to_each_note_in_full_in_the_appendix() {
    let journal = journal();
    journal.file("summaries/h2.md", &summary("2026-H2", "2026-11-20", ""));
    let (packet, html) = make_packet(&journal, &["--period", "2026-H2"]);
    let evidence = &packet["goals"][0]["evidence"][0];
    assert_eq!(evidence["href"], "#text-update-2026-08-14");
    assert_eq!(evidence["passage"], "The ledger dual-writes.");
    let texts = packet["texts"].as_array().unwrap();
    let ids: Vec<&str> = texts.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["text-goal-ledger", "text-update-2026-08-14"]);
    assert!(
        texts[1]["html"]
            .as_str()
            .unwrap()
            .contains("Unrelated first line.")
    );
    // Main part, then the appendix after a page break, in this order.
    let at = positions(
        &html,
        &[
            "id=\"summary-h\"",
            "id=\"leading-h\"",
            "id=\"goals-h\"",
            "id=\"others-h\"",
            "id=\"multipliers-h\"",
            "id=\"leverage-h\"",
            "id=\"appendix\"",
            "id=\"evidence-h\"",
            "id=\"timeline-h\"",
            "id=\"cadence-h\"",
            "id=\"problems-h\"",
            "id=\"provenance-h\"",
            "id=\"texts-h\"",
            "id=\"text-update-2026-08-14\"",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    assert!(html.contains("<a href=\"#text-update-2026-08-14\">"));

    // Published with the site, the packet links to the notes' pages and
    // does not repeat them.
    let run = journal.run(&["build", "--today", TODAY, "-o", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = std::fs::read_to_string(journal.path().join("site/packet.html")).unwrap();
    assert!(
        site.contains("<a href=\"updates/2026-08-14.html\">"),
        "no page link"
    );
    assert!(!site.contains("id=\"texts-h\""));
    assert!(journal.path().join("site/summaries/h2.html").is_file());
    let dashboard = std::fs::read_to_string(journal.path().join("site/index.html")).unwrap();
    assert!(
        dashboard.contains("href=\"summaries/h2.html\""),
        "the dashboard links the summary"
    );
}

#[test]
fn the_paper_is_a_setting_and_a_flag() {
    let journal = journal();
    let (packet, html) = make_packet(&journal, &[]);
    assert_eq!(packet["page_size"], "A4");
    assert!(html.contains("@page { size: A4; }"));
    journal.file("dossier.toml", &format!("paper = \"letter\"\n{CONFIG}"));
    let (packet, html) = make_packet(&journal, &[]);
    assert_eq!(packet["page_size"], "letter");
    assert!(html.contains("@page { size: letter; }"));
    let (packet, _) = make_packet(&journal, &["--paper", "a4"]);
    assert_eq!(packet["page_size"], "A4");
    journal.file("dossier.toml", &format!("paper = \"legal\"\n{CONFIG}"));
    let wrong = diagnostics_of(&journal, "invalid-value");
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert_eq!(wrong[0]["path"], "dossier.toml");
}

#[test]
fn new_summary_fills_in_the_period_and_only_headings() {
    let journal = journal();
    let run = journal.run(&["new", "summary", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "summaries/2026-H2.md");
    let text = std::fs::read_to_string(journal.path().join("summaries/2026-H2.md")).unwrap();
    assert!(text.contains("\nperiod: \"2026-H2\"\n"), "{text}");
    assert!(text.contains("\ndate: 2026-11-23\n"), "{text}");
    let body = text.rsplit("---\n").next().unwrap();
    assert!(
        body.lines().all(|l| l.is_empty() || l.starts_with("## ")),
        "dossier wrote words: {body}"
    );
    assert!(diagnostics_of(&journal, "missing-summary").len() == 1);
    assert_eq!(journal.run(&["check", "--today", TODAY]).code, 0);
}

#[test]
fn the_main_part_leads_with_highlighted_goals_and_their_latest_passages() {
    let journal = journal();
    journal.file(
        "goals/tuning.md",
        "---\ntitle: Tuning\nstatus: done\nstarted: 2026-07-06\nfinished: 2026-09-01\nimpact: Faster\n---\nWhy.\n",
    );
    journal.file(
        "goals/old.md",
        "---\ntitle: Old\nstatus: done\nstarted: 2026-01-06\nfinished: 2026-03-01\nimpact: Done early\n---\nWhy.\n",
    );
    for (date, line) in [
        (
            "2026-09-04",
            "- The [ledger](../goals/ledger.md) design is out.",
        ),
        (
            "2026-09-18",
            "- The [ledger](../goals/ledger.md) dual-write started.",
        ),
        (
            "2026-10-02",
            "- The [ledger](../goals/ledger.md) backfill ran.",
        ),
        ("2026-10-16", "- Something else entirely."),
    ] {
        journal.file(
            &format!("updates/{date}.md"),
            &format!("---\ndate: {date}\ngoals: [ledger]\n---\n{line}\n"),
        );
    }
    let leads = |packet: &Value| -> Vec<String> {
        packet["goals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["leads"] == true)
            .map(|g| g["slug"].as_str().unwrap().to_string())
            .collect()
    };
    // No goal highlighted: the goals done in the period lead (not `old`,
    // done in H1).
    let (packet, _) = make_packet(&journal, &["--period", "2026-H2"]);
    assert_eq!(leads(&packet), ["tuning"]);
    assert_eq!(packet["leading"], 1);

    journal.file(
        "goals/ledger.md",
        "---\ntitle: Ledger\nstatus: active\nstarted: 2026-02-01\nhighlight: true\n---\nWhy.\n",
    );
    let (packet, html) = make_packet(&journal, &["--period", "2026-H2"]);
    assert_eq!(leads(&packet), ["ledger"]);
    let ledger = &packet["goals"][0];
    // Five notes in its trail; the three latest with a passage about it,
    // oldest first (the last update names it only in `goals`).
    assert_eq!(ledger["evidence"].as_array().unwrap().len(), 5);
    let key: Vec<&str> = ledger["key_evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(key, ["2026-09-04", "2026-09-18", "2026-10-02"]);
    // In the main part, before the goals table.
    let at = positions(&html, &["The ledger backfill ran.", "id=\"goals-h\""]);
    assert!(at[0] < at[1], "{at:?}");
}
