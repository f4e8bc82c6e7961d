//! Feedback: other people's words, one person each, quoted by name only
//! with their consent; the packet's "In others' words" and the leaders
//! whose problems were solved, shared with the site's people page.

use serde_json::Value;

use crate::support::{TODAY, TestJournal, TestRepo};

const CONFIG: &str = "owner = \"Ada\"\n[periods]\n\"2026\" = { from = 2026-01-01, to = 2026-12-31 }\n\
    [people]\n\"Marcus Bell\" = { role = \"Corporate Controller\", org = \"Finance\" }\n";

fn feedback(from: &str, extra: &str) -> String {
    format!("---\ndate: 2026-05-04\nfrom: {from}\n{extra}---\nTheir words.\n")
}

/// A journal with a done goal answering a leader's problem, an active one,
/// and a meeting with the leader.
fn journal(j: &TestJournal) {
    j.file("dossier.toml", CONFIG);
    j.file(
        "goals/ledger.md",
        "---\ntitle: Ledger\nstatus: done\nstarted: 2026-02-01\nfinished: 2026-04-30\n\
         impact: Close in three days\nleverage: [execution]\n---\nWhy.\n",
    );
    j.file(
        "goals/payouts.md",
        "---\ntitle: Payouts\nstatus: active\nstarted: 2026-02-01\nleverage: [execution]\n---\nWhy.\n",
    );
    j.file(
        "meetings/2026-01-20-finance.md",
        "---\ndate: 2026-01-20\nwith: [Marcus Bell (Controller)]\ntype: senior-leader\n\
         problems:\n  - { problem: Close takes nine days, goal: ledger }\n  - Audits are slow\n---\nNotes.\n",
    );
    j.file(
        "meetings/2026-01-21-support.md",
        "---\ndate: 2026-01-21\nwith: [Rosa Delgado (VP Support)]\ntype: cross-team\n\
         problems:\n  - { problem: Payout tickets, goal: payouts }\n---\nNotes.\n",
    );
}

fn diagnostics_of(j: &TestJournal, rule: &str) -> Vec<Value> {
    j.all_diagnostics()
        .into_iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

#[test]
fn valid_feedback_checks_clean_and_criteria_are_checked_against_the_ladder() {
    let j = TestJournal::bare();
    journal(&j);
    j.file(
        "dossier.toml",
        &format!("{CONFIG}\n[ladder]\nscope = \"Work that spans teams\"\n"),
    );
    j.file(
        "feedback/2026-05-04-marcus.md",
        &feedback(
            "Marcus Bell (Controller, Finance)",
            "consent: true\nreference: true\ngoals: [ledger]\ncriteria: [scope]\n",
        ),
    );
    j.file(
        "notes/elsewhere.md",
        "---\nkind: feedback\ndate: 2026-05-05\nfrom: { name: Rosa Delgado, role: VP }\nconsent: false\n---\nCandid.\n",
    );
    let all = j.all_diagnostics();
    assert!(all.iter().all(|d| d["severity"] != "error"), "{all:#?}");
    // A key the ladder does not have is an error, on feedback as on goals.
    j.file(
        "feedback/2026-05-04-marcus.md",
        &feedback(
            "Marcus Bell (Controller, Finance)",
            "consent: true\ngoals: [ledger]\ncriteria: [scop]\n",
        ),
    );
    let wrong = diagnostics_of(&j, "invalid-value");
    assert_eq!(wrong.len(), 1, "{wrong:#?}");
    assert!(
        wrong[0]["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("scope"),
        "{wrong:#?}"
    );
}

#[test]
fn consent_must_be_written_and_from_is_one_person() {
    let j = TestJournal::bare();
    journal(&j);
    j.file("feedback/a.md", &feedback("Marcus Bell", ""));
    j.file(
        "feedback/b.md",
        &feedback("[Marcus Bell, Rosa Delgado]", "consent: true\n"),
    );
    j.file(
        "feedback/c.md",
        &feedback("Marcus Bell, Rosa Delgado", "consent: true\n"),
    );
    j.file("feedback/d.md", &feedback("\"\"", "consent: true\n"));
    j.file(
        "feedback/e.md",
        &feedback("Marcus Bell (VP, Finance)", "consent: maybe\n"),
    );
    j.file(
        "feedback/f.md",
        &feedback("Marcus Bell", "consent: false\nreference: true\n"),
    );
    let missing = diagnostics_of(&j, "missing-field");
    let on = |file: &str, list: &[Value]| {
        list.iter()
            .filter(|d| d["path"].as_str().unwrap_or_default().ends_with(file))
            .cloned()
            .collect::<Vec<_>>()
    };
    let a = on("a.md", &missing);
    assert_eq!(a.len(), 1, "{missing:#?}");
    assert!(a[0]["message"].as_str().unwrap().contains("`consent`"));
    let d = on("d.md", &missing);
    assert!(
        d[0]["message"].as_str().unwrap().contains("`from`"),
        "{d:#?}"
    );
    let invalid = diagnostics_of(&j, "invalid-value");
    for file in ["b.md", "c.md"] {
        let found = on(file, &invalid);
        assert_eq!(found.len(), 1, "{file}: {invalid:#?}");
        assert!(
            found[0]["message"].as_str().unwrap().contains("one person"),
            "{found:#?}"
        );
        assert!(found[0]["hint"].as_str().unwrap().contains("one note each"));
    }
    assert_eq!(on("e.md", &diagnostics_of(&j, "wrong-type")).len(), 1);
    let f = on("f.md", &invalid);
    assert!(
        f[0]["message"].as_str().unwrap().contains("consent: true"),
        "{f:#?}"
    );
    // A role with a comma inside the parentheses is one person.
    assert!(on("e.md", &invalid).is_empty());
}

#[test]
fn an_unknown_goal_is_an_error_with_a_suggestion() {
    let j = TestJournal::bare();
    journal(&j);
    j.file(
        "feedback/a.md",
        &feedback("Marcus Bell", "consent: true\ngoals: [ledgr]\n"),
    );
    let unknown = diagnostics_of(&j, "unknown-goal");
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert_eq!(unknown[0]["hint"], "did you mean `ledger`?");
}

#[test]
fn schema_and_new_feedback() {
    let j = TestJournal::new();
    let run = j.run(&["schema", "feedback"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    let required = schema["required"].as_array().unwrap();
    for field in ["date", "from", "consent"] {
        assert!(required.contains(&Value::from(field)), "{required:?}");
    }
    assert_eq!(schema["properties"]["consent"]["type"], "boolean");
    assert!(schema["properties"]["criteria"].is_object());
    assert!(
        !schema["properties"]["from"].to_string().contains("array"),
        "one person, not a list"
    );

    let run = j.run(&["new", "feedback", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = run.stdout.trim();
    assert!(path.ends_with(&format!("feedback/{TODAY}.md")), "{path}");
    let text =
        std::fs::read_to_string(j.path().join("feedback").join(format!("{TODAY}.md"))).unwrap();
    assert!(text.contains("\nconsent: false\n"), "{text}");
    assert!(text.contains("\nfrom:\n"), "{text}");
    // The scaffold as written is caught: nobody is quoted by accident.
    let missing = diagnostics_of(&j, "missing-field");
    assert!(
        missing
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("`from`")),
        "{missing:#?}"
    );
}

fn packet(j: &TestJournal) -> (Value, String) {
    let run = j.run(&[
        "packet", "-o", "p.json", "--format", "json", "--today", TODAY,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = j.run(&["packet", "-o", "p.html", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = std::fs::read_to_string(j.path().join("p.json")).unwrap();
    let html = std::fs::read_to_string(j.path().join("p.html")).unwrap();
    (serde_json::from_str(&json).unwrap(), html)
}

#[test]
fn the_packet_quotes_consented_feedback_by_goal_with_references_and_leaders() {
    let repo = TestRepo::new();
    let j = &repo.journal;
    journal(j);
    j.file(
        "feedback/2026-05-04-marcus.md",
        "---\ndate: 2026-05-04\nfrom: Marcus Bell\nconsent: true\nreference: true\ngoals: [ledger]\n---\n\
         Ada closed our books in three days.\n",
    );
    j.file(
        "feedback/2026-05-06-rosa.md",
        "---\ndate: 2026-05-06\nfrom: Rosa Delgado (VP Support, Support)\nconsent: true\n---\n\
         Quick and kind.\n",
    );
    j.file(
        "feedback/2026-05-07-peer.md",
        "---\ndate: 2026-05-07\nfrom: Pete Peer (Engineer)\nconsent: false\nreference: false\ngoals: [ledger]\n---\n\
         Uncandid words.\n",
    );
    repo.commit("2026-05-08", "notes");
    j.file(
        "feedback/2026-05-04-marcus.md",
        "---\ndate: 2026-05-04\nfrom: Marcus Bell\nconsent: true\nreference: true\ngoals: [ledger]\n---\n\
         Ada closed our books in three days, twice.\n",
    );
    repo.commit("2026-05-09", "typo");
    let (json, html) = packet(j);
    let others = &json["others"];
    assert_eq!(json["counts"]["feedback"], 2, "{others:#}");
    assert_eq!(others["people"], 2);
    let quotes = others["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2);
    let marcus = &quotes[0];
    assert_eq!(marcus["kind"], "feedback");
    assert_eq!(marcus["from"]["name"], "Marcus Bell");
    // Role and org as the people table settles them.
    assert_eq!(marcus["from"]["role"], "Corporate Controller");
    assert_eq!(marcus["from"]["org"], "Finance");
    assert_eq!(marcus["provenance"]["revisions"], 2);
    assert_eq!(marcus["provenance"]["first_date"], "2026-05-08");
    assert_eq!(marcus["href"], "#text-feedback-2026-05-04-marcus");
    assert!(marcus["html"].as_str().unwrap().contains("twice"));
    // By goal, the one without a goal last.
    let groups = others["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{groups:#?}");
    assert_eq!(groups[0]["goal"]["title"], "Ledger");
    assert_eq!(groups[0]["quotes"][0]["from"]["name"], "Marcus Bell");
    assert!(groups[1]["goal"].is_null());
    assert_eq!(groups[1]["quotes"][0]["from"]["name"], "Rosa Delgado");
    let references: Vec<&str> = others["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(references, ["Marcus Bell"]);
    // Leaders: Marcus (senior leader, 1 of 2 solved, feedback); Rosa raised
    // a problem whose goal is active, and gave feedback.
    let leaders = others["leaders"].as_array().unwrap();
    assert_eq!(leaders.len(), 2, "{leaders:#?}");
    assert_eq!(leaders[0]["person"]["name"], "Marcus Bell");
    assert_eq!(leaders[0]["raised"], 2);
    assert_eq!(leaders[0]["taken_on"], 1);
    assert_eq!(leaders[0]["solved"], 1);
    assert_eq!(leaders[0]["solved_by"][0]["title"], "Ledger");
    assert_eq!(leaders[0]["feedback"], 1);
    assert_eq!(leaders[1]["person"]["name"], "Rosa Delgado");
    assert_eq!(leaders[1]["solved"], 0);
    // Feedback is not evidence of the goal: it has its own section.
    let ledger = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["slug"] == "ledger")
        .unwrap();
    assert!(
        ledger["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "feedback")
    );
    // The page: brief in the main part, in full in the appendix, and no
    // word of the note without consent anywhere.
    let main = &html[html.find("id=\"others\"").unwrap()..html.find("id=\"leverage\"").unwrap()];
    assert!(main.contains("Marcus Bell"), "{main}");
    assert!(main.contains("Leaders whose problems you solved"), "{main}");
    assert!(html.contains("id=\"text-feedback-2026-05-04-marcus\""));
    for text in [&html, &serde_json::to_string(&json).unwrap()] {
        assert!(!text.contains("Pete Peer"));
        assert!(!text.contains("Uncandid"));
        assert!(!text.contains("2026-05-07-peer"));
    }
}

#[test]
fn the_site_shows_feedback_and_leaders_on_the_people_page() {
    let j = TestJournal::bare();
    journal(&j);
    j.file(
        "feedback/2026-05-04-marcus.md",
        "---\ndate: 2026-05-04\nfrom: Marcus Bell\nconsent: true\nreference: true\ngoals: [ledger]\n---\nThree days.\n",
    );
    j.file(
        "feedback/2026-05-07-peer.md",
        "---\ndate: 2026-05-07\nfrom: Pete Peer (Engineer)\nconsent: false\n---\nUncandid.\n",
    );
    let run = j.run(&["build", "-o", "site", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |path: &str| std::fs::read_to_string(j.path().join("site").join(path)).unwrap();
    let people = read("people.html");
    assert!(
        people.contains("2 problems raised, 1 taken on by a goal, 1 solved"),
        "{people}"
    );
    assert!(
        people.contains("feedback/2026-05-04-marcus.html"),
        "{people}"
    );
    // Two people met; nobody known only from feedback is counted as met.
    assert!(people.contains("2 people met"), "{people}");
    // Each person's meetings are listed once, and no template text leaks.
    let people_listed = people.matches("<li class=\"person\"").count();
    assert_eq!(
        people.matches("class=\"plain meeting-refs\"").count(),
        people_listed
    );
    assert!(!people.contains("{%") && !people.contains("{{"), "{people}");
    assert!(!people.contains("Pete Peer"));
    let page = read("feedback/2026-05-04-marcus.html");
    assert!(page.contains("Three days."), "{page}");
    assert!(page.contains("May be quoted with their name"), "{page}");
    assert!(read("timeline.html").contains("feedback"));
    assert!(!j.path().join("site/feedback/2026-05-07-peer.html").exists());

    // A private build shows it, marked, and never in its packet.
    let run = j.run(&[
        "build",
        "-o",
        "private",
        "--include-private",
        "--today",
        TODAY,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page =
        std::fs::read_to_string(j.path().join("private/feedback/2026-05-07-peer.html")).unwrap();
    assert!(page.contains("no consent: yours alone"), "{page}");
    let packet = std::fs::read_to_string(j.path().join("private/packet.html")).unwrap();
    assert!(!packet.contains("Pete Peer"));
}
