//! The ladder and the work that multiplies others: `[ladder]` and
//! `criteria`, a goal's role, credit, glue work and artifacts, mentoring
//! given and received; in `check`, the packet and the site.

use serde_json::Value;

use crate::support::{TODAY, TestJournal};

const LADDER: &str = "owner = \"Ada\"\n[ladder]\nscope = \"Owns problems across teams\"\n\
    execution = \"Delivers large work\"\ngrowing-others = \"Grows the people around them\"\n";

fn journal(config: &str) -> TestJournal {
    let journal = TestJournal::bare();
    journal.file("dossier.toml", config);
    journal.file(
        "goals/ledger.md",
        "---\ntitle: Ledger\nstatus: active\nstarted: 2026-02-01\nhighlight: true\nrole: co-lead\n\
         credit: Dana wrote the reconciliation checks\ncriteria: [scope, execution]\n\
         artifacts:\n  - \"Design doc <https://docs.example.com/ledger>\"\n  - { title: Runbook, path: ../assets/runbook.txt }\n  - { title: The update, path: ../updates/2026-08-14.md }\n---\nWhy.\n",
    );
    journal.file(
        "goals/oncall.md",
        "---\ntitle: On-call health\nstatus: active\nstarted: 2026-03-01\nglue: true\nprogress: Pages down by half\n---\nWhy.\n",
    );
    journal.file("assets/runbook.txt", "Runbook.\n");
    journal.file(
        "updates/2026-08-14.md",
        "---\ndate: 2026-08-14\ngoals: [ledger]\ncriteria: [execution]\nartifacts: [\"Cutover plan <https://docs.example.com/cutover>\"]\n---\n- The ledger dual-writes.\n",
    );
    journal.file(
        "meetings/2026-09-01-coaching.md",
        "---\ndate: 2026-09-01\nwith: [Kofi Mensah (Software Engineer)]\ntype: mentoring\nmentoring: given\n\
         outcome: Kofi leads the rehearsal\n---\nWe planned the rehearsal together.\n",
    );
    journal.file(
        "meetings/2026-09-02-mentor.md",
        "---\ndate: 2026-09-02\nwith: [Helen Okafor (Principal Engineer)]\ntype: mentoring\nmentoring: received\n---\nHelen's advice on my career.\n",
    );
    journal
}

fn packet(journal: &TestJournal) -> (Value, String) {
    let period = [
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-30",
        "--today",
        TODAY,
    ];
    let mut args = vec!["packet", "-o", "p.json", "--format", "json"];
    args.extend(period);
    let run = journal.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut args = vec!["packet", "-o", "p.html"];
    args.extend(period);
    let run = journal.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = std::fs::read_to_string(journal.path().join("p.json")).unwrap();
    let html = std::fs::read_to_string(journal.path().join("p.html")).unwrap();
    (serde_json::from_str(&json).unwrap(), html)
}

fn errors(journal: &TestJournal) -> Vec<Value> {
    journal
        .diagnostics()
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect()
}

#[test]
fn the_fields_are_valid_with_a_ladder() {
    let journal = journal(LADDER);
    assert_eq!(errors(&journal), Vec::<Value>::new());
}

#[test]
fn criteria_are_checked_against_the_ladder_with_a_suggestion() {
    let journal = journal(LADDER);
    journal.file(
        "updates/2026-08-28.md",
        "---\ndate: 2026-08-28\ncriteria: [excution, growing-others]\n---\nText.\n",
    );
    let errors = errors(&journal);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["rule"], "invalid-value");
    assert_eq!(errors[0]["path"], "updates/2026-08-28.md");
    assert!(
        errors[0]["hint"].as_str().unwrap().contains("`execution`"),
        "{errors:?}"
    );
}

#[test]
fn criteria_without_a_ladder_say_to_declare_one() {
    let journal = journal("owner = \"Ada\"\n");
    let errors = errors(&journal);
    let paths: Vec<&str> = errors.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        ["goals/ledger.md", "updates/2026-08-14.md"],
        "{errors:?}"
    );
    for error in &errors {
        assert_eq!(error["rule"], "invalid-value");
        let hint = error["hint"].as_str().unwrap();
        assert!(
            hint.contains("[ladder]") && hint.contains("scope = "),
            "{hint}"
        );
    }
}

#[test]
fn a_ladder_dimension_must_have_a_description() {
    let journal = journal(&format!("{LADDER}empty = \"\"\nnumber = 3\n"));
    let config: Vec<Value> = journal
        .diagnostics()
        .into_iter()
        .filter(|d| d["path"] == "dossier.toml")
        .collect();
    let rules: Vec<&str> = config.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["invalid-value", "wrong-type"], "{config:?}");
}

#[test]
fn an_artifact_path_to_nothing_is_a_broken_link() {
    let journal = journal(LADDER);
    journal.file(
        "goals/ledger.md",
        "---\ntitle: Ledger\nstatus: active\nstarted: 2026-02-01\nartifacts:\n  - { title: Runbook, path: ../assets/runbok.txt }\n---\nWhy.\n",
    );
    let errors = errors(&journal);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["rule"], "broken-link");
    assert_eq!(errors[0]["line"], 6);
}

#[test]
fn mentoring_needs_its_direction_and_only_a_mentoring_meeting_has_one() {
    let journal = journal(LADDER);
    journal.file(
        "meetings/2026-09-03-a.md",
        "---\ndate: 2026-09-03\nwith: [Kofi]\ntype: mentoring\n---\nText.\n",
    );
    journal.file(
        "meetings/2026-09-04-b.md",
        "---\ndate: 2026-09-04\nwith: [Kofi]\ntype: one-on-one\nmentoring: given\n---\nText.\n",
    );
    journal.file(
        "meetings/2026-09-05-c.md",
        "---\ndate: 2026-09-05\nwith: [Kofi]\ntype: coaching\n---\nText.\n",
    );
    let errors = errors(&journal);
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("meetings/2026-09-03-a.md", "missing-field"),
            ("meetings/2026-09-04-b.md", "invalid-value"),
            ("meetings/2026-09-05-c.md", "invalid-value"),
        ]
    );
    assert!(errors[2]["hint"].as_str().unwrap().contains("`mentoring`"));
}

#[test]
fn the_packet_shows_ladder_coverage_mentoring_given_glue_and_the_authors_part() {
    let journal = journal(LADDER);
    let (packet, html) = packet(&journal);
    let ladder = packet["ladder"].as_array().unwrap();
    let keys: Vec<&str> = ladder.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["scope", "execution", "growing-others"]);
    assert_eq!(ladder[1]["goals"][0]["title"], "Ledger");
    assert_eq!(ladder[1]["notes"][0]["slug"], "2026-08-14");
    assert_eq!(ladder[1]["notes"][0]["href"], "#text-update-2026-08-14");
    assert_eq!(ladder[2]["no_evidence"], true);
    assert_eq!(packet["ladder_without_evidence"], 1);
    assert!(html.contains("no evidence in this period"));

    // Mentoring given, not received.
    let mentoring = packet["mentoring"].as_array().unwrap();
    assert_eq!(mentoring.len(), 1, "{mentoring:?}");
    assert_eq!(mentoring[0]["with"][0], "Kofi Mensah");
    assert_eq!(mentoring[0]["outcome"], "Kofi leads the rehearsal");
    assert!(html.contains("Kofi leads the rehearsal"));
    let others = &html[html.find("id=\"multipliers\"").unwrap()..];
    let others = &others[..others.find("</section>").unwrap()];
    assert!(others.contains("Kofi Mensah"), "{others}");
    assert!(!others.contains("Helen"), "{others}");

    assert_eq!(packet["glue_goals"], 1);
    let goal = |slug: &str| {
        packet["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["slug"] == slug)
            .unwrap()
            .clone()
    };
    let ledger = goal("ledger");
    assert_eq!(ledger["role"], "co-lead");
    assert_eq!(ledger["credit"], "Dana wrote the reconciliation checks");
    assert_eq!(
        ledger["criteria"],
        serde_json::json!(["scope", "execution"])
    );
    let artifacts = ledger["artifacts"].as_array().unwrap();
    assert_eq!(artifacts[0]["href"], "https://docs.example.com/ledger");
    // A file outside the site cannot be linked from a packet on its own.
    assert_eq!(artifacts[1]["href"], Value::Null);
    assert_eq!(artifacts[1]["path"], "../assets/runbook.txt");
    // A note: its full text in the appendix.
    assert_eq!(artifacts[2]["href"], "#text-update-2026-08-14");
    assert_eq!(goal("oncall")["glue"], true);
    assert!(html.contains("glue work"));
    assert_eq!(ledger["leads"], true);
    assert!(
        html.contains("<strong>My part:</strong> co-lead; Dana wrote the reconciliation checks")
    );
}

#[test]
fn the_site_has_a_ladder_page_in_its_nav_only_with_a_ladder() {
    let journal = journal(LADDER);
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = journal.path().join("out");
    let ladder = std::fs::read_to_string(out.join("ladder.html")).unwrap();
    assert!(ladder.contains("Owns problems across teams"));
    assert!(ladder.contains("goals/ledger.html"));
    assert!(ladder.contains("No goal or note names this dimension yet."));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("href=\"ladder.html\""));
    let goal = std::fs::read_to_string(out.join("goals/ledger.html")).unwrap();
    assert!(goal.contains("co-lead"));
    assert!(goal.contains("href=\"https://docs.example.com/ledger\""));
    assert!(goal.contains("href=\"../assets/runbook.txt\""));
    assert!(goal.contains("href=\"../updates/2026-08-14.html\""));
    assert!(out.join("assets/runbook.txt").is_file());
    let update = std::fs::read_to_string(out.join("updates/2026-08-14.html")).unwrap();
    assert!(update.contains("href=\"https://docs.example.com/cutover\""));
    assert!(update.contains("ladder.html#ladder-execution"));

    let plain = TestJournal::bare();
    plain.file("dossier.toml", "owner = \"Ada\"\n");
    plain.file(
        "goals/g.md",
        "---\ntitle: G\nstatus: active\nstarted: 2026-02-01\n---\nWhy.\n",
    );
    let run = plain.run(&["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(plain.path().join("out/index.html")).unwrap();
    assert!(!index.contains("ladder.html"));
    assert!(!plain.path().join("out/ladder.html").exists());
}

#[test]
fn the_schema_has_the_new_fields_and_ties_mentoring_to_its_type() {
    let journal = journal(LADDER);
    let schema = |kind: &str| -> Value {
        let run = journal.run(&["schema", kind]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap()
    };
    let goal = schema("goal");
    assert_eq!(
        goal["properties"]["role"]["enum"],
        serde_json::json!(["lead", "co-lead", "contributor", "advisor", null])
    );
    for field in ["credit", "glue", "criteria", "artifacts"] {
        assert!(goal["properties"][field].is_object(), "{field}");
    }
    let meeting = schema("meeting");
    assert_eq!(
        meeting["properties"]["mentoring"]["enum"],
        serde_json::json!(["given", "received", null])
    );
    assert_eq!(
        meeting["allOf"][0]["then"]["required"],
        serde_json::json!(["mentoring"])
    );
    let update = schema("update");
    assert!(update["properties"]["artifacts"].is_object());
    assert!(schema("summary")["properties"]["criteria"].is_null());
}
