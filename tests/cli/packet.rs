//! `dossier packet` and the history rules, on repositories with fixed dates.

use serde_json::Value;

use crate::support::{TODAY, TestJournal, TestRepo, example_journal, run_in};

fn goal(title: &str, status: &str, started: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\nstatus: {status}\nstarted: {started}\n{extra}---\nWhy it matters.\n"
    )
}

fn update(date: &str, goals: &str) -> String {
    format!("---\ndate: {date}\ngoals: [{goals}]\n---\nDone this fortnight.\n")
}

/// A small journal written over the first half of 2026, committed as it went.
fn journal_with_history() -> TestRepo {
    let repo = TestRepo::new();
    let j = &repo.journal;
    j.file(
        "dossier.toml",
        "owner = \"Ada\"\nrole = \"Senior\"\ntarget_role = \"Staff\"\ncadence_days = 14\n\
        [periods]\n\"2026-H1\" = { from = 2026-01-01, to = 2026-06-30 }\n",
    );
    j.file(
        "goals/ledger.md",
        &goal(
            "Ledger",
            "proposed",
            "2026-01-05",
            "leverage: [strategic, execution]\n",
        ),
    );
    j.file(
        "meetings/2026-01-03-finance.md",
        "---\ntitle: Finance sync\ndate: 2026-01-03\nwith: [\"Marcus Bell (Controller)\"]\ntype: senior-leader\norg: Finance\n\
         problems:\n  - { problem: Month-end close takes nine days, goal: ledger }\ngoals: [ledger]\n---\nNotes.\n",
    );
    repo.commit("2026-01-05", "ledger goal");
    j.file(
        "goals/ledger.md",
        &goal(
            "Ledger",
            "active",
            "2026-01-05",
            "leverage: [strategic, execution]\n",
        ),
    );
    j.file("updates/2026-01-16.md", &update("2026-01-16", "ledger"));
    repo.commit("2026-01-16", "start");
    j.file("updates/2026-01-30.md", &update("2026-01-30", "ledger"));
    repo.commit("2026-01-30", "update");
    // A gap: the next update is on 2026-03-13.
    j.file("updates/2026-03-13.md", &update("2026-03-13", "ledger"));
    j.file(
        "goals/tuning.md",
        &goal(
            "Tuning",
            "done",
            "2026-02-01",
            "finished: 2026-03-01\nimpact: Faster\nleverage: [expert]\n",
        ),
    );
    repo.commit("2026-03-13", "update");
    j.file(
        "goals/ledger.md",
        &goal(
            "Ledger",
            "done",
            "2026-01-05",
            "finished: 2026-06-30\nimpact: Close in 3 days\nleverage: [strategic, execution]\n",
        ),
    );
    j.file("updates/2026-06-30.md", &update("2026-06-30", "ledger"));
    repo.commit("2026-06-30", "done");
    repo
}

/// The packet's goals as rows of the given fields, in packet order.
fn goal_columns(packet: &Value, keys: &[&str]) -> Value {
    packet["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|goal| keys.iter().map(|key| goal[*key].clone()).collect::<Value>())
        .collect()
}

fn packet_json(journal: &TestJournal, args: &[&str]) -> Value {
    let mut all = vec!["packet", "--format", "json", "-o", "packet.json"];
    if !args.contains(&"--today") {
        all.extend(["--today", TODAY]);
    }
    all.extend_from_slice(args);
    let run = journal.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(journal.path().join("packet.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn provenance_of_every_note() {
    let repo = journal_with_history();
    let packet = packet_json(&repo.journal, &["--period", "2026-H1"]);
    let rows = packet["provenance"]["rows"].as_array().unwrap();
    let row = |slug: &str| {
        rows.iter()
            .find(|r| r["slug"] == slug)
            .unwrap_or_else(|| panic!("{slug}"))
    };
    let ledger = row("ledger");
    assert_eq!(ledger["first_date"], "2026-01-05");
    assert_eq!(ledger["last_date"], "2026-06-30");
    assert_eq!(ledger["revisions"], 3);
    assert_eq!(ledger["first_commit"].as_str().unwrap().len(), 7);
    let update = row("2026-03-13");
    assert_eq!(
        (update["revisions"].as_u64(), update["backdated"].as_bool()),
        (Some(1), Some(false))
    );
    // The goal's status as committed over time.
    let goal = packet["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["slug"] == "ledger")
        .unwrap();
    let statuses: Vec<(&str, &str)> = goal["status_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["status"].as_str().unwrap(), c["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("proposed", "2026-01-05"),
            ("active", "2026-01-16"),
            ("done", "2026-06-30")
        ]
    );
    assert_eq!(packet["provenance"]["available"], true);
}

#[test]
fn period_boundaries_are_inclusive() {
    let repo = journal_with_history();
    let packet = packet_json(
        &repo.journal,
        &["--from", "2026-01-16", "--to", "2026-03-13"],
    );
    assert_eq!(
        packet["counts"]["updates"], 3,
        "2026-01-16, 2026-01-30 and 2026-03-13"
    );
    let packet = packet_json(
        &repo.journal,
        &["--from", "2026-01-17", "--to", "2026-03-12"],
    );
    assert_eq!(packet["counts"]["updates"], 1, "only 2026-01-30");
    assert_eq!(packet["counts"]["meetings"], 0);
    let goals: Vec<&str> = packet["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        goals,
        ["ledger", "tuning"],
        "both were owned during the period"
    );
    let packet = packet_json(
        &repo.journal,
        &["--from", "2026-03-02", "--to", "2026-03-10"],
    );
    let goals: Vec<&str> = packet["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["slug"].as_str().unwrap())
        .collect();
    assert_eq!(goals, ["ledger"], "tuning finished on 2026-03-01");
}

#[test]
fn cadence_gaps_leverage_and_problems() {
    let repo = journal_with_history();
    let packet = packet_json(&repo.journal, &["--period", "2026-H1"]);
    let gaps = packet["cadence"]["gaps"].as_array().unwrap();
    let found: Vec<(&str, &str, u64)> = gaps
        .iter()
        .map(|g| {
            (
                g["from"].as_str().unwrap(),
                g["to"].as_str().unwrap(),
                g["days"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("2026-01-30", "2026-03-13", 42),
            ("2026-03-13", "2026-06-30", 109)
        ]
    );
    let leverage: Vec<(&str, u64)> = packet["leverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["kind"].as_str().unwrap(), l["goals"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        leverage,
        [
            ("interpersonal", 0),
            ("execution", 1),
            ("strategic", 1),
            ("expert", 1)
        ]
    );
    let problems = packet["network"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0]["problems"][0]["text"],
        "Month-end close takes nine days"
    );
    assert_eq!(packet["network"]["problem_count"], 1);
    assert_eq!(problems[0]["problems"][0]["goal"]["title"], "Ledger");
    assert_eq!(packet["network"]["problems_taken_on"], 1);
    assert_eq!(packet["network"]["problems_solved"], 1, "ledger is done");
    assert_eq!(packet["network"]["senior_leader_meetings"], 1);
}

#[test]
fn renames_are_followed_and_uncommitted_notes_marked() {
    let repo = journal_with_history();
    let j = &repo.journal;
    let text = std::fs::read_to_string(j.path().join("meetings/2026-01-03-finance.md")).unwrap();
    std::fs::remove_file(j.path().join("meetings/2026-01-03-finance.md")).unwrap();
    j.file("meetings/2026/finance-kickoff.md", &text);
    repo.commit("2026-07-02", "move the meeting");
    j.file("updates/2026-07-03.md", &update("2026-07-03", "ledger"));
    j.file(
        "updates/2026-01-16.md",
        &format!("{}Added later.\n", update("2026-01-16", "ledger")),
    );
    let packet = packet_json(j, &["--from", "2026-01-01", "--to", "2026-07-31"]);
    let rows = packet["provenance"]["rows"].as_array().unwrap();
    let row = |slug: &str| {
        rows.iter()
            .find(|r| r["slug"] == slug)
            .unwrap_or_else(|| panic!("{slug}"))
    };
    let moved = row("finance-kickoff");
    assert_eq!(
        (moved["first_date"].as_str(), moved["revisions"].as_u64()),
        (Some("2026-01-05"), Some(2))
    );
    assert_eq!(moved["renamed_from"][0], "meetings/2026-01-03-finance.md");
    assert_eq!(row("2026-07-03")["state"], "uncommitted");
    assert_eq!(row("2026-01-16")["state"], "modified");
}

#[test]
fn late_edits_are_disclosed() {
    let repo = journal_with_history();
    repo.journal.file(
        "updates/2026-01-16.md",
        &format!("{}A line.\nAnother.\n", update("2026-01-16", "ledger")),
    );
    repo.commit("2026-05-01", "rewrite history");
    let packet = packet_json(&repo.journal, &["--period", "2026-H1"]);
    let row = packet["provenance"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "2026-01-16")
        .unwrap()
        .clone();
    assert_eq!(row["late_lines_added"], 2);
    assert_eq!(row["late_edits"][0]["date"], "2026-05-01");
}

#[test]
fn backdated_and_stale_goal_rules() {
    let repo = TestRepo::new();
    let j = &repo.journal;
    j.file("goals/old.md", &goal("Old", "active", "2026-01-05", ""));
    j.file(
        "meetings/2026-01-02-x.md",
        "---\ndate: 2026-01-02\nwith: [Ann]\n---\nWritten much later.\n",
    );
    repo.commit("2026-02-20", "catch up");
    let d = j.diagnostics();
    let rules: Vec<(&str, &str)> = d
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["path"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        rules.contains(&("backdated", "meetings/2026-01-02-x.md")),
        "{rules:?}"
    );
    assert!(rules.contains(&("backdated", "goals/old.md")), "{rules:?}");
    let stale = d
        .iter()
        .find(|d| d["rule"] == "stale-goal")
        .expect("stale goal");
    assert_eq!(stale["path"], "goals/old.md");
    assert!(
        stale["message"].as_str().unwrap().contains("2026-02-20"),
        "{stale}"
    );
    // Written on time and recently touched: neither rule fires.
    j.file("dossier.toml", "backdated_days = 60\nstale_days = 365\n");
    let d = j.diagnostics();
    assert!(
        d.iter()
            .all(|d| d["rule"] != "backdated" && d["rule"] != "stale-goal"),
        "{d:#?}"
    );
}

#[test]
fn no_history_is_a_note_unless_required() {
    let journal = TestJournal::new();
    journal.goal("a");
    let d = journal.all_diagnostics();
    let note = d
        .iter()
        .find(|d| d["rule"] == "no-history")
        .expect("a note");
    assert_eq!(note["severity"], "note");
    assert_eq!(journal.run(&["check", "--today", TODAY]).code, 0);
    assert_eq!(
        journal
            .run(&["check", "--today", TODAY, "--require-history"])
            .code,
        1
    );
    // The packet still builds, and says there is no provenance.
    let packet = packet_json(&journal, &[]);
    assert_eq!(packet["provenance"]["available"], false);
    assert!(
        packet["provenance"]["message"]
            .as_str()
            .unwrap()
            .contains("not in a git repository")
    );
}

const MARKER: &str = "PRIVATE-MARKER-7f3a";

fn journal_with_secrets() -> TestJournal {
    let journal = TestJournal::new();
    journal.goal("a");
    journal.file(
        "meetings/2026-02-02-secret.md",
        &format!("---\ntitle: {MARKER} title\ndate: 2026-02-02\nwith: [\"{MARKER} person\"]\nprivate: true\ngoals: [a]\n---\n{MARKER} body\n"),
    );
    journal.file(
        "updates/2026-02-06.md",
        &format!("---\ndate: 2026-02-06\ngoals: [a]\n---\nPublic text, [a link](https://example.com/page), on the goal [[a]].\n\n```private\n{MARKER} block\n```\n"),
    );
    journal
}

#[test]
fn private_entries_and_blocks_never_reach_a_packet() {
    let journal = journal_with_secrets();
    for args in [
        vec!["packet", "-o", "p.html", "--today", TODAY],
        vec![
            "packet", "--format", "json", "-o", "p.json", "--today", TODAY,
        ],
        vec![
            "packet",
            "-o",
            "p2.html",
            "--today",
            TODAY,
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    ] {
        let run = journal.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = std::fs::read(
            journal
                .path()
                .join(args[if args[1] == "--format" { 4 } else { 2 }]),
        )
        .unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains(MARKER), "{args:?} leaks the private marker");
        assert!(
            text.contains("Public text"),
            "{args:?} has the public update"
        );
    }
    // The site: private entries and blocks out by default; a private build
    // shows both (the blocks marked), its packet neither.
    assert_eq!(
        journal.run(&["build", "-o", "site", "--today", TODAY]).code,
        0
    );
    for (path, bytes) in crate::support::read_tree(&journal.path().join("site")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MARKER),
            "site file {path} leaks"
        );
    }
    assert_eq!(
        journal
            .run(&["build", "-o", "all", "--include-private", "--today", TODAY])
            .code,
        0
    );
    let tree = crate::support::read_tree(&journal.path().join("all"));
    let (packet, pages): (Vec<_>, Vec<_>) = tree.into_iter().partition(|(p, _)| p == "packet.html");
    let all: String = pages
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(
        all.contains(&format!("{MARKER} body")),
        "--include-private shows the private entry"
    );
    assert!(
        all.contains(&format!(
            "<div class=\"private-label\">Private</div>\n<pre><code class=\"language-private\">{MARKER} block"
        )),
        "--include-private shows a private block, marked"
    );
    let packet = String::from_utf8_lossy(&packet[0].1);
    assert!(!packet.contains(MARKER), "the site's packet stays public");
}

#[test]
fn the_packet_is_self_contained() {
    let journal = journal_with_secrets();
    assert_eq!(
        journal
            .run(&["packet", "-o", "p.html", "--today", TODAY])
            .code,
        0
    );
    let html = std::fs::read_to_string(journal.path().join("p.html")).unwrap();
    for forbidden in [
        "src=\"http",
        "src=\"//",
        "<link rel=\"stylesheet\"",
        "url(http",
        "url(//",
        "@import",
        "<script",
    ] {
        assert!(
            !html.contains(forbidden),
            "the packet contains {forbidden:?}"
        );
    }
    assert!(html.contains("<style>"), "inline CSS");
    assert!(html.contains("<svg"), "inline SVG charts");
    // A link the author wrote stays a link.
    assert!(
        html.contains("Public text, a link"),
        "the excerpt keeps the text"
    );
}

#[test]
fn packets_are_deterministic_and_have_every_section() {
    let repo = journal_with_history();
    let j = &repo.journal;
    assert_eq!(
        j.run(&[
            "packet", "-o", "a.html", "--today", TODAY, "--period", "2026-H1"
        ])
        .code,
        0
    );
    assert_eq!(
        j.run(&[
            "packet", "-o", "b.html", "--today", TODAY, "--period", "2026-H1"
        ])
        .code,
        0
    );
    let a = std::fs::read(j.path().join("a.html")).unwrap();
    assert_eq!(a, std::fs::read(j.path().join("b.html")).unwrap());
    let html = String::from_utf8(a).unwrap();
    for heading in [
        "Goals owned",
        "Timeline",
        "Update cadence",
        "Leverage",
        "Network",
        "Provenance",
    ] {
        assert!(
            html.contains(&format!(">{heading}</h2>")),
            "missing section {heading}"
        );
    }
}

#[test]
fn unknown_period_names_are_usage_errors() {
    let repo = journal_with_history();
    let run = repo
        .journal
        .run(&["packet", "--period", "2026-H3", "--today", TODAY]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2026-H1"), "{}", run.stderr);
}

#[test]
fn the_example_journal_packet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("packet.html");
    let run = run_in(
        &example_journal(),
        &["packet", ".", "-o", out.to_str().unwrap(), "--today", TODAY],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    for needle in [
        "Ada Park",
        "Staff Software Engineer",
        "Halve payout-related support escalations",
        "2026-04-24",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    assert!(!html.contains("This note is private and must never be published."));
}

#[test]
fn the_site_shows_history_on_list_pages_and_has_the_packet() {
    let repo = journal_with_history();
    let j = &repo.journal;
    j.file("updates/2026-07-10.md", &update("2026-07-10", "ledger"));
    let run = j.run(&["build", "-o", "site", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let updates = std::fs::read_to_string(j.path().join("site/updates/index.html")).unwrap();
    assert!(
        updates.contains("first written 2026-01-16 · 1 revision"),
        "history line"
    );
    assert!(
        updates.contains("not committed yet"),
        "the uncommitted update"
    );
    let goals = std::fs::read_to_string(j.path().join("site/goals/index.html")).unwrap();
    assert!(
        goals.contains("first written 2026-01-05 · 3 revisions"),
        "goal history"
    );
    let packet = std::fs::read_to_string(j.path().join("site/packet.html")).unwrap();
    assert!(packet.contains(">Provenance</h2>") && packet.contains("Ledger"));
}

/// A journal in `notes/` of a repository that also holds unrelated content,
/// with a commit message that must not reach a packet unless asked for.
fn journal_in_a_larger_repository() -> TestRepo {
    let repo = TestRepo::new();
    let root = &repo.journal;
    root.file("dossier.toml", "owner = \"Someone Else\"\n");
    root.file("other/plans.md", "# UNRELATED-REPO-CONTENT-5d1\n");
    root.file(
        "other/moved.md",
        &goal("Moved in", "active", "2026-01-05", "leverage: [expert]\n"),
    );
    root.file(
        "notes/dossier.toml",
        "owner = \"Ada\"\nrole = \"Senior\"\nbackdated_days = 400\n",
    );
    root.file(
        "notes/goals/ledger.md",
        &goal("Ledger", "active", "2026-01-05", "leverage: [execution]\n"),
    );
    repo.commit(
        "2026-01-05",
        "Ledger <b>COMMIT-SUBJECT-MARKER-8e2</b> & more\n\nBODY-MARKER-3c9: not a subject line",
    );
    // A note moved into the journal from elsewhere in the repository.
    let moved = root.path().join("notes/goals/moved.md");
    std::fs::rename(root.path().join("other/moved.md"), &moved).unwrap();
    repo.commit("2026-02-02", "move a goal into the journal");
    repo
}

#[test]
fn commit_messages_are_shown_only_when_asked_for() {
    let repo = journal_in_a_larger_repository();
    let dir = repo.journal.path();
    let packet = |extra: &[&str]| {
        let mut args = vec!["packet", "notes", "--today", TODAY, "-o", "packet.html"];
        args.extend_from_slice(extra);
        let run = run_in(dir, &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read_to_string(dir.join("packet.html")).unwrap()
    };
    let html = packet(&[]);
    assert!(html.contains(">Provenance</h2>"));
    assert!(
        !html.contains("COMMIT-SUBJECT-MARKER-8e2"),
        "no commit message by default"
    );
    let json = packet(&["--format", "json"]);
    assert!(!json.contains("COMMIT-SUBJECT-MARKER-8e2"));
    assert!(!json.contains("first_commit_subject"));

    let html = packet(&["--commit-messages"]);
    assert!(
        html.contains("&lt;b&gt;COMMIT-SUBJECT-MARKER-8e2&lt;"),
        "the subject, escaped"
    );
    assert!(
        !html.contains("<b>COMMIT-SUBJECT-MARKER-8e2"),
        "never as HTML"
    );
    assert!(!html.contains("BODY-MARKER-3c9"), "the subject line only");
    let json = packet(&["--format", "json", "--commit-messages"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let subjects: Vec<&str> = value["provenance"]["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|row| row["first_commit_subject"].as_str())
        .collect();
    assert!(
        subjects.contains(&"Ledger <b>COMMIT-SUBJECT-MARKER-8e2</b> & more"),
        "the subject, as written, once the JSON is read: {subjects:?}"
    );

    // The site's packet follows the same flag.
    let site_packet = |extra: &[&str]| {
        let mut args = vec!["build", "notes", "--today", TODAY, "-o", "site"];
        args.extend_from_slice(extra);
        let run = run_in(dir, &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read_to_string(dir.join("site/packet.html")).unwrap()
    };
    assert!(!site_packet(&[]).contains("COMMIT-SUBJECT-MARKER-8e2"));
    assert!(site_packet(&["--commit-messages"]).contains("COMMIT-SUBJECT-MARKER-8e2"));
}

#[test]
fn a_packet_holds_no_machine_paths_or_unrelated_repository_content() {
    let repo = journal_in_a_larger_repository();
    let dir = repo.journal.path();
    let canonical = dir.canonicalize().unwrap();
    for format in ["html", "json"] {
        let run = run_in(
            dir,
            &[
                "packet", "notes", "--today", TODAY, "--format", format, "-o", "out",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = std::fs::read_to_string(dir.join("out")).unwrap();
        assert!(
            text.contains("Moved in"),
            "{format}: the moved goal is there"
        );
        for needle in [
            dir.to_str().unwrap(),
            canonical.to_str().unwrap(),
            std::env::temp_dir().to_str().unwrap(),
            "UNRELATED-REPO-CONTENT-5d1",
            "Someone Else",
            "other/",
            "notes/",
        ] {
            assert!(
                !text.contains(needle),
                "{format} packet contains {needle:?}"
            );
        }
    }
}

#[test]
fn the_history_cache_changes_nothing_but_the_time_taken() {
    let repo = journal_with_history();
    let j = &repo.journal;
    let cache = j.path().join(".git/dossier");
    let packet = |extra: &[&str]| {
        let mut args = vec![
            "packet",
            "--format",
            "json",
            "-o",
            "out.json",
            "--today",
            "2026-07-01",
        ];
        args.extend_from_slice(extra);
        let run = j.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read(j.path().join("out.json")).unwrap()
    };
    let scratch = packet(&["--no-cache"]);
    assert!(!cache.exists(), "--no-cache writes no cache");
    assert_eq!(packet(&[]), scratch, "first run, cache written");
    let mut saved: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    saved.sort();
    assert_eq!(saved.len(), 2, "{saved:?}");
    assert_eq!(saved[0], "facts.bin", "what was read from note versions");
    assert!(saved[1].starts_with("history-"), "{saved:?}");
    assert_eq!(packet(&[]), scratch, "read from the cache");

    j.file(
        "updates/2026-06-20.md",
        "---\ndate: 2026-06-20\ngoals: [ledger]\n---\nShipped the ledger.\n",
    );
    repo.commit("2026-06-20", "late update");
    let scratch = packet(&["--no-cache"]);
    assert!(String::from_utf8_lossy(&scratch).contains("2026-06-20"));
    assert_eq!(packet(&[]), scratch, "one new commit on top of the cache");
}

/// Updates every 14 days from 2026-09-01, except 2026-10-13, whose window
/// (Oct 13-26) is mostly inside declared leave (Oct 6-22); with
/// `last`, the update of 2026-11-24 too.
fn cadence_journal(last: bool) -> TestJournal {
    let journal = TestJournal::new();
    journal.file(
        "dossier.toml",
        "owner = \"Ada\"\ncadence_days = 14\n\
         away = [{ from = 2026-10-06, to = 2026-10-22, reason = \"leave\" }]\n\
         [periods]\n\"autumn\" = { from = 2026-09-01, to = 2026-12-31 }\n",
    );
    journal.file("goals/g.md", &goal("G", "active", "2026-08-01", ""));
    let mut dates = vec![
        "2026-09-01",
        "2026-09-15",
        "2026-09-29",
        "2026-10-27",
        "2026-11-10",
    ];
    if last {
        dates.push("2026-11-24");
    }
    for date in dates {
        journal.file(&format!("updates/{date}.md"), &update(date, "g"));
    }
    journal
}

/// The figures of the packet's cadence, and the bars' states.
fn cadence_figures(packet: &Value) -> ((u64, u64, u64), Vec<String>) {
    let cadence = &packet["cadence"];
    let states = cadence["chart"]["bars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bar| {
            format!(
                "{} {}",
                bar["from"].as_str().unwrap(),
                bar["state"].as_str().unwrap()
            )
        })
        .collect();
    let figures = (
        cadence["covered"].as_u64().unwrap(),
        cadence["windows"].as_u64().unwrap(),
        cadence["percent"].as_u64().unwrap(),
    );
    (figures, states)
}

#[test]
fn cadence_counts_neither_future_nor_open_nor_mostly_away_windows() {
    let today = ["--today", "2026-12-01"];
    let journal = cadence_journal(true);
    let packet = packet_json(&journal, &[&today[..], &["--period", "autumn"]].concat());
    let (figures, states) = cadence_figures(&packet);
    // Seven windows have begun by Dec 1; Oct 13 is away; Dec 8 and 22 have
    // not begun and are neither counted nor drawn.
    assert_eq!(figures, (6, 6, 100));
    assert_eq!(
        states,
        [
            "2026-09-01 covered",
            "2026-09-15 covered",
            "2026-09-29 covered",
            "2026-10-13 away",
            "2026-10-27 covered",
            "2026-11-10 covered",
            "2026-11-24 covered"
        ]
    );
    assert_eq!(packet["cadence"]["gaps"], serde_json::json!([]));

    // Without the Nov 24 update, its window is still open today: not a gap.
    let journal = cadence_journal(false);
    let packet = packet_json(&journal, &[&today[..], &["--period", "autumn"]].concat());
    let (figures, states) = cadence_figures(&packet);
    assert_eq!(figures, (5, 5, 100));
    assert_eq!(states.last().unwrap(), "2026-11-24 open");
}

#[test]
fn the_dashboard_and_the_packet_agree_on_the_same_period() {
    // The dashboard counts from the first update to today: the packet over
    // the same days gives the same figure, in its JSON and on both pages.
    let journal = cadence_journal(true);
    let run = journal.run(&["build", "-o", "site", "--today", "2026-12-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dashboard = std::fs::read_to_string(journal.path().join("site/index.html")).unwrap();
    assert!(
        dashboard.contains("6 of 6 windows of 14 days since 2026-09-01 had an update (100%)"),
        "{dashboard}"
    );
    let args = [
        "--today",
        "2026-12-01",
        "--from",
        "2026-09-01",
        "--to",
        "2026-12-01",
    ];
    let (figures, _) = cadence_figures(&packet_json(&journal, &args));
    assert_eq!(figures, (6, 6, 100));
    let run = journal.run(&[&["packet", "-o", "packet.html"][..], &args].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(journal.path().join("packet.html")).unwrap();
    assert!(
        html.contains("6 of 6 windows of 14 days had an update"),
        "{html}"
    );
}

#[test]
fn status_since_is_the_day_git_recorded_the_status_never_started() {
    let repo = TestRepo::new();
    let j = &repo.journal;
    j.file("dossier.toml", "owner = \"Ada\"\n");
    j.file(
        "goals/ledger.md",
        &goal("Ledger", "active", "2026-04-01", ""),
    );
    j.file(
        "goals/search.md",
        &goal("Search", "active", "2026-04-01", ""),
    );
    repo.commit("2026-04-01", "two goals");
    j.file(
        "goals/ledger.md",
        &goal("Ledger", "blocked", "2026-04-01", ""),
    );
    repo.commit("2026-09-14", "ledger blocked");
    // Another edit, status unchanged: the day stays Sep 14.
    j.file(
        "goals/ledger.md",
        &goal(
            "Ledger",
            "blocked",
            "2026-04-01",
            "impact: Waiting on finance\n",
        ),
    );
    repo.commit("2026-10-01", "ledger impact");
    // A status changed but not committed: git has no day for it.
    j.file(
        "goals/search.md",
        &goal("Search", "blocked", "2026-04-01", ""),
    );

    let packet = packet_json(j, &["--from", "2026-01-01", "--to", "2026-11-23"]);
    assert_eq!(
        goal_columns(&packet, &["slug", "status", "status_since"]),
        serde_json::json!([
            ["ledger", "blocked", "2026-09-14"],
            ["search", "blocked", null]
        ])
    );

    let run = j.run(&["build", "-o", "site", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let goals = std::fs::read_to_string(j.path().join("site/goals/index.html")).unwrap();
    assert!(goals.contains("since 2026-09-14"), "{goals}");
    assert!(goals.contains("started 2026-04-01"), "{goals}");
    assert!(!goals.contains("since 2026-04-01"), "{goals}");
}

#[test]
fn stale_goals_past_targets_and_an_overdue_update_are_shown() {
    let repo = TestRepo::new();
    let j = &repo.journal;
    j.file(
        "dossier.toml",
        "owner = \"Ada\"\ncadence_days = 14\nstale_days = 90\n",
    );
    j.file(
        "goals/ledger.md",
        &goal("Ledger", "active", "2026-01-05", "target: 2026-06-30\n"),
    );
    j.file(
        "goals/search.md",
        &goal("Search", "active", "2026-01-05", "target: 2026-12-31\n"),
    );
    j.file(
        "goals/tuning.md",
        &goal(
            "Tuning",
            "done",
            "2026-01-05",
            "target: 2026-02-01\nfinished: 2026-03-01\nimpact: Faster\n",
        ),
    );
    repo.commit("2026-01-05", "goals");
    j.file("updates/2026-02-01.md", &update("2026-02-01", "ledger"));
    repo.commit("2026-02-01", "update");
    // A meeting on a goal touches it as an update does.
    j.file(
        "meetings/2026-11-01-search.md",
        "---\ntitle: Search review\ndate: 2026-11-01\nwith: [Ann]\ngoals: [search]\n---\nNotes.\n",
    );
    repo.commit("2026-11-01", "meeting");

    let stale: Vec<String> = j
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "stale-goal")
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(stale, ["goals/ledger.md"]);

    let packet = packet_json(j, &["--from", "2026-01-01", "--to", "2026-11-23"]);
    assert_eq!(
        goal_columns(&packet, &["slug", "past_target", "stale"]),
        serde_json::json!([
            ["ledger", true, {"slug": "ledger", "last_touched": "2026-02-01", "idle_days": 295}],
            ["search", false, null],
            ["tuning", false, null]
        ])
    );
    assert_eq!(packet["cadence"]["overdue"], true);
    assert_eq!(packet["cadence"]["last_update"], "2026-02-01");

    let run = j.run(&["build", "-o", "site", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(j.path().join("site/index.html")).unwrap();
    let attention = index
        .split("<h2 id=\"attention\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_else(|| panic!("no attention section: {index}"));
    assert!(attention.contains("Update overdue"), "{attention}");
    assert_eq!(attention.matches("Past target").count(), 1, "{attention}");
    assert_eq!(attention.matches("Stale").count(), 1, "{attention}");
    assert!(attention.contains(">Ledger</a>"), "{attention}");
    assert!(!attention.contains("Search"), "{attention}");
    assert!(attention.contains("(295 days"), "{attention}");
}

/// Each person met, once, as (org, name, role) from the packet's network.
fn people_by_org(packet: &Value) -> Vec<(String, String, Value)> {
    let mut people = Vec::new();
    for org in packet["network"]["orgs"].as_array().unwrap() {
        for person in org["people"].as_array().unwrap() {
            people.push((
                org["org"].as_str().unwrap().to_string(),
                person["name"].as_str().unwrap().to_string(),
                person["role"].clone(),
            ));
        }
    }
    people.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    people
}

#[test]
fn a_person_has_one_role_and_one_org_whatever_meeting_they_were_in() {
    let journal = TestJournal::new();
    journal.file("dossier.toml", "owner = \"Ada\"\n");
    journal.file(
        "meetings/2026-03-02-finance.md",
        "---\ntitle: Finance sync\ndate: 2026-03-02\norg: Finance\n\
         with:\n  - Marcus Bell (Controller)\n  - Lena Chen (Director of Engineering)\n  - Li Wei (Staff Engineer, Platform)\n---\nNotes.\n",
    );
    journal.file(
        "meetings/2026-04-02-eng.md",
        "---\ntitle: Eng review\ndate: 2026-04-02\norg: Engineering\nwith: [Lena Chen]\n---\nNotes.\n",
    );
    journal.file(
        "meetings/2026-05-02-finance.md",
        "---\ntitle: Close review\ndate: 2026-05-02\norg: Finance\nwith: [Marcus Bell]\n---\nNotes.\n",
    );
    let args = ["--from", "2026-01-01", "--to", "2026-11-23"];
    // Lena was in a Finance and an Engineering meeting: no org is guessed
    // for her. Marcus was only ever in Finance meetings; Li Wei's own
    // "(Staff Engineer, Platform)" beats the meeting's org.
    assert_eq!(
        people_by_org(&packet_json(&journal, &args)),
        [
            (
                "Finance".into(),
                "Marcus Bell".into(),
                Value::from("Controller")
            ),
            (
                "Platform".into(),
                "Li Wei".into(),
                Value::from("Staff Engineer")
            ),
            (
                "Unspecified".into(),
                "Lena Chen".into(),
                Value::from("Director of Engineering")
            ),
        ]
    );
    // Declared once in dossier.toml: that is what is shown.
    journal.file(
        "dossier.toml",
        "owner = \"Ada\"\n[people]\n\"lena chen\" = { role = \"Director, Engineering\", org = \"Engineering\" }\n",
    );
    assert_eq!(
        people_by_org(&packet_json(&journal, &args)),
        [
            (
                "Engineering".into(),
                "Lena Chen".into(),
                Value::from("Director, Engineering")
            ),
            (
                "Finance".into(),
                "Marcus Bell".into(),
                Value::from("Controller")
            ),
            (
                "Platform".into(),
                "Li Wei".into(),
                Value::from("Staff Engineer")
            ),
        ]
    );
    assert!(
        journal.diagnostics().is_empty(),
        "{:#?}",
        journal.diagnostics()
    );
}

#[test]
fn problems_are_credited_only_through_an_explicit_goal_that_came_after() {
    let journal = TestJournal::new();
    journal.file("dossier.toml", "owner = \"Ada\"\n");
    journal.file(
        "goals/ledger.md",
        &goal(
            "Ledger",
            "done",
            "2026-03-10",
            "finished: 2026-06-01\nimpact: Close in two days\n",
        ),
    );
    journal.file(
        "goals/search.md",
        &goal("Search", "active", "2026-03-01", ""),
    );
    journal.file("goals/old.md", &goal("Old", "active", "2026-01-01", ""));
    journal.file(
        "meetings/2026-03-01-sales.md",
        "---\ntitle: Sales review\ndate: 2026-03-01\ntype: senior-leader\nwith: [Ann Lee (VP Sales)]\n\
         problems:\n\
         \x20 - { problem: Refunds take a week, goal: ledger }\n\
         \x20 - { problem: Reports are late, goal: old }\n\
         \x20 - Quotes need three approvals\n\
         \x20 - { problem: Search misses SKUs, goal: search }\n\
         goals: [search, old]\n---\nNotes.\n",
    );
    journal.file(
        "meetings/2026-04-01-ops.md",
        "---\ntitle: Ops sync\ndate: 2026-04-01\nwith: [Bo Ruiz]\nproblems: [Pager noise]\n---\nNotes.\n",
    );
    let packet = packet_json(&journal, &["--from", "2026-01-01", "--to", "2026-11-23"]);
    let network = &packet["network"];
    // Refunds: ledger started after the meeting and is done. Reports: old
    // started before it, so it cannot have come of it. Quotes: the
    // meeting's `goals` credit nothing. Search: started that day, active.
    assert_eq!(
        (
            &network["problem_count"],
            &network["problems_taken_on"],
            &network["problems_solved"]
        ),
        (&Value::from(5), &Value::from(2), &Value::from(1))
    );
    let credited: Vec<(String, Value)> = network["problems"][0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["text"].as_str().unwrap().to_string(),
                p["goal"]["title"].clone(),
            )
        })
        .collect();
    assert_eq!(
        credited,
        [
            ("Refunds take a week".to_string(), Value::from("Ledger")),
            ("Reports are late".to_string(), Value::Null),
            ("Quotes need three approvals".to_string(), Value::Null),
            ("Search misses SKUs".to_string(), Value::from("Search"))
        ]
    );
    assert_eq!(
        network["raised_by"],
        serde_json::json!([
            {"name": "Ann Lee", "raised": 4, "taken_on": 2, "solved": 1},
            {"name": "Bo Ruiz", "raised": 1, "taken_on": 0, "solved": 0}
        ])
    );
    // The goal that came of a meeting says so; the one that started
    // before it does not.
    let origins: Vec<(&str, usize)> = packet["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["slug"].as_str().unwrap(),
                g["from_meetings"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(origins, [("old", 0), ("search", 1), ("ledger", 1)]);
    // check says why the problem about reports is not credited.
    let warned: Vec<(String, u64)> = journal
        .diagnostics()
        .iter()
        .filter(|d| d["rule"] == "problem-goal")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(warned, [("meetings/2026-03-01-sales.md".to_string(), 8)]);
}

#[test]
fn parts_of_the_business_leave_out_the_owners_org_and_engineering_groups() {
    let journal = TestJournal::new();
    journal.file(
        "dossier.toml",
        "owner = \"Ada\"\norg = \"Payments\"\nengineering_orgs = [\"platform\", \"API Platform\"]\n",
    );
    for (day, org, who) in [
        ("01", "Finance", "Marcus Bell (Controller)"),
        ("02", "Legal", "Miriam Sato (Counsel)"),
        ("03", "Platform", "Wei Zhang (Manager)"),
        ("04", "Payments", "Sam Ortiz (Manager)"),
        ("05", "Finance", "Dana Whitfield (Accountant)"),
    ] {
        journal.file(
            &format!("meetings/2026-03-{day}-m.md"),
            &format!(
                "---\ntitle: M\ndate: 2026-03-{day}\norg: {org}\nwith: [{who}]\n---\nNotes.\n"
            ),
        );
    }
    // Someone of no known org is in no part of the business.
    journal.file(
        "meetings/2026-03-06-x.md",
        "---\ntitle: X\ndate: 2026-03-06\nwith: [Kim]\n---\nNotes.\n",
    );
    let packet = packet_json(&journal, &["--from", "2026-01-01", "--to", "2026-11-23"]);
    assert_eq!(
        packet["network"]["business_parts"],
        serde_json::json!(["Finance", "Legal"])
    );
    assert_eq!(packet["counts"]["orgs"], 2);
    assert_eq!(packet["network"]["org_count"], 4);
    assert!(
        journal.diagnostics().is_empty(),
        "{:#?}",
        journal.diagnostics()
    );
}

#[test]
fn evidence_quotes_the_passage_about_the_goal_not_the_first_line() {
    let journal = TestJournal::new();
    journal.file("dossier.toml", "owner = \"Ada\"\n");
    journal.file(
        "goals/gateway.md",
        &goal("GraphQL gateway", "active", "2026-01-05", ""),
    );
    journal.file(
        "goals/fanout.md",
        &goal("Checkout fan-out", "active", "2026-01-05", ""),
    );
    journal.file(
        "updates/2026-02-06.md",
        "---\ndate: 2026-02-06\ngoals: [fanout, gateway]\n---\nCheckout fan-out at 10%.\n\n\
         - Schema for the [gateway](../goals/gateway.md) reviewed with Mobile.\n",
    );
    journal.file(
        "updates/2026-02-20.md",
        "---\ndate: 2026-02-20\ngoals: [gateway]\n---\nHolidays mostly.\n",
    );
    let packet = packet_json(&journal, &["--from", "2026-01-01", "--to", "2026-11-23"]);
    let gateway = packet["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["slug"] == "gateway")
        .unwrap();
    let passages: Vec<(&str, Value)> = gateway["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["date"].as_str().unwrap(), e["passage"].clone()))
        .collect();
    assert_eq!(
        passages,
        [
            (
                "2026-02-06",
                Value::from("Schema for the gateway reviewed with Mobile.")
            ),
            ("2026-02-20", Value::Null)
        ]
    );
    let run = journal.run(&[
        "packet",
        "-o",
        "p.html",
        "--today",
        TODAY,
        "--from",
        "2026-01-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(journal.path().join("p.html")).unwrap();
    assert!(
        html.contains("names this goal only in its <code>goals</code> field"),
        "{html}"
    );
}

#[test]
fn updates_sent_to_the_managers_manager_are_counted() {
    let journal = TestJournal::new();
    journal.file(
        "dossier.toml",
        "owner = \"Ada\"\nskip_level = \"Lena Chen\"\n",
    );
    journal.goal("g");
    for (date, to) in [
        (
            "2026-02-01",
            "[Sam Ortiz (EM), \"Lena Chen (Director, Payments)\"]",
        ),
        ("2026-02-15", "[Sam Ortiz (EM)]"),
        ("2026-03-01", "[LENA CHEN]"),
        ("2026-07-01", "[Lena Chen]"),
    ] {
        journal.file(
            &format!("updates/{date}.md"),
            &format!("---\ndate: {date}\nto: {to}\ngoals: [g]\n---\nDone.\n"),
        );
    }
    let args = ["--from", "2026-01-01", "--to", "2026-06-30"];
    let packet = packet_json(&journal, &args);
    assert_eq!(packet["cadence"]["updates"], 3);
    assert_eq!(
        packet["cadence"]["to_skip_level"],
        serde_json::json!({"name": "Lena Chen", "updates": 2})
    );
    journal.file("dossier.toml", "owner = \"Ada\"\n");
    assert_eq!(
        packet_json(&journal, &args)["cadence"]["to_skip_level"],
        Value::Null
    );
}

#[test]
fn the_author_chooses_what_leads_and_says_where_goals_stand() {
    let journal = TestJournal::new();
    journal.file("dossier.toml", "owner = \"Ada\"\n");
    journal.file(
        "goals/a.md",
        &goal(
            "A",
            "active",
            "2026-01-05",
            "progress: Half the merchants moved\n",
        ),
    );
    journal.file(
        "goals/b.md",
        &goal(
            "B",
            "dropped",
            "2026-02-01",
            "finished: 2026-03-01\nlearned: Ask Finance first\nhighlight: true\n",
        ),
    );
    journal.file(
        "goals/c.md",
        &goal(
            "C",
            "done",
            "2026-03-01",
            "finished: 2026-04-01\nimpact: Fast\nhighlight: true\nprogress: stale words\n",
        ),
    );
    let packet = packet_json(&journal, &["--from", "2026-01-01", "--to", "2026-11-23"]);
    // Highlighted first, each group in its own order; progress only for a
    // goal still open.
    assert_eq!(
        goal_columns(&packet, &["slug", "highlight", "progress", "learned"]),
        serde_json::json!([
            ["b", true, null, "Ask Finance first"],
            ["c", true, null, null],
            ["a", false, "Half the merchants moved", null]
        ])
    );
    assert!(
        journal.diagnostics().is_empty(),
        "{:#?}",
        journal.diagnostics()
    );
}
