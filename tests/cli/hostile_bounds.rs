//! The hostile corpus for values that would make dossier work without end
//! (issue class 4) and the smaller faults (class 9): every date and setting
//! is range-checked where it is read, with a diagnostic, and check says
//! what build will do.

use std::time::{Duration, Instant};

use crate::support::{TODAY, TestJournal, TestRepo, read_tree};

const GOAL_HEAD: &str =
    "---\ntitle: Goal\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\n";

/// Runs `args` and checks it ends within a few seconds.
fn run_quickly(journal: &TestJournal, args: &[&str]) -> crate::support::Run {
    let started = Instant::now();
    let run = journal.run(args);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{args:?} took {:?}",
        started.elapsed()
    );
    assert_ne!(run.code, 101, "{args:?} panicked: {}", run.stderr);
    run
}

#[test]
fn unbounded_work_from_one_value_dates_in_notes() {
    for (field, date) in [
        ("date", "9999-12-31"),
        ("date", "2201-01-01"),
        ("date", "1969-12-31"),
        ("date", "0001-01-01"),
        ("date", "9999-06-01T00:00:00Z"),
    ] {
        let journal = TestJournal::new();
        journal.goal("a");
        journal.file(
            "updates/u.md",
            &format!("---\n{field}: {date}\ngoals: [a]\n---\nDone.\n"),
        );
        let diagnostics = journal.diagnostics();
        let dates: Vec<_> = diagnostics
            .iter()
            .filter(|d| d["rule"] == "invalid-date")
            .collect();
        assert_eq!(dates.len(), 1, "{date}: {diagnostics:#?}");
        assert_eq!(dates[0]["line"], 2, "{date}");
        assert!(
            dates[0]["message"]
                .as_str()
                .unwrap()
                .contains("1970 to 2200"),
            "{date}: {}",
            dates[0]["message"]
        );
        let run = run_quickly(&journal, &["build", "-o", "out", "--today", TODAY]);
        assert_eq!(run.code, 1, "{date}: {}", run.stderr);
    }
    // The last accepted year works, and the site is built quickly.
    let journal = TestJournal::new();
    journal.goal("a");
    journal.file(
        "updates/u.md",
        "---\ndate: 2200-12-31\ngoals: [a]\n---\nDone.\n",
    );
    journal.file(
        "updates/v.md",
        "---\ndate: 1970-01-01\ngoals: [a]\n---\nDone.\n",
    );
    journal.file("dossier.toml", "owner = \"T\"\ncadence_days = 1\n");
    let run = run_quickly(&journal, &["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn unbounded_work_from_one_value_dates_in_arguments() {
    let journal = TestJournal::new();
    journal.goal("a");
    for args in [
        vec!["check", "--today", "9999-12-31"],
        vec!["build", "-o", "out", "--today", "9999-12-31"],
        vec!["packet", "--today", TODAY, "--to", "9999-12-31"],
        vec!["packet", "--today", TODAY, "--from", "0001-01-01"],
        vec!["packet", "--today", "2201-01-01"],
    ] {
        let run = run_quickly(&journal, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("1970 to 2200"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "."])
        .current_dir(journal.path())
        .env("SOURCE_DATE_EPOCH", "253402000000")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("1970 to 2200"));
}

#[test]
fn unbounded_work_from_one_value_settings() {
    for (setting, says) in [
        ("cadence_days = 7304485", "between 1 and 366 days"),
        ("cadence_days = 0", "between 1 and 366 days"),
        (
            "cadence_days = 99999999999999999999999",
            "between 1 and 366 days",
        ),
        ("stale_days = 100000", "between 1 and 3660 days"),
        ("backdated_days = -1", "between 1 and 3660 days"),
        (
            "max_file_size = \"5000 GB\"",
            "between 1 and 1000000000 bytes",
        ),
        (
            "max_asset_size = 99999999999",
            "between 1 and 1000000000 bytes",
        ),
        (
            "[periods]\nforever = { from = 2026-01-01, to = 9999-12-31 }",
            "1970 to 2200",
        ),
        (
            "[[away]]\nfrom = 1900-01-01\nto = 2026-01-01",
            "1970 to 2200",
        ),
    ] {
        let journal = TestJournal::new();
        journal.goal("a");
        journal.file("dossier.toml", &format!("owner = \"T\"\n{setting}\n"));
        let diagnostics = journal.diagnostics();
        let found: Vec<_> = diagnostics
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains(says))
            .collect();
        assert_eq!(found.len(), 1, "{setting}: {diagnostics:#?}");
        assert!(found[0]["path"].as_str().unwrap().ends_with("dossier.toml"));
        assert!(found[0]["line"].as_u64().is_some(), "{setting}: a place");
        let message = found[0]["message"].as_str().unwrap();
        assert!(!message.contains("found a string"), "{message}");
        let run = run_quickly(&journal, &["build", "-o", "out", "--today", TODAY]);
        assert_eq!(run.code, 1, "{setting}: {}", run.stderr);
        let run = run_quickly(&journal, &["packet", "--today", TODAY]);
        assert_eq!(run.code, 1, "{setting}: {}", run.stderr);
    }
}

#[test]
fn smaller_names_whose_page_cannot_exist_are_diagnosed() {
    let journal = TestJournal::new();
    let long = "x".repeat(252);
    journal.file(&format!("goals/{long}.md"), &format!("{GOAL_HEAD}Body.\n"));
    let fits = "y".repeat(250);
    journal.file(&format!("goals/{fits}.md"), &format!("{GOAL_HEAD}Body.\n"));
    let diagnostics = journal.diagnostics();
    let names: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "invalid-name")
        .collect();
    assert_eq!(names.len(), 1, "{diagnostics:#?}");
    assert!(names[0]["message"].as_str().unwrap().contains("too long"));
    assert_eq!(
        run_quickly(&journal, &["build", "-o", "out", "--today", TODAY]).code,
        1
    );
    std::fs::remove_file(journal.path().join(format!("goals/{long}.md"))).unwrap();
    let run = run_quickly(&journal, &["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        journal
            .path()
            .join(format!("out/goals/{fits}.html"))
            .is_file()
    );
}

#[test]
fn smaller_packet_and_pdf_cannot_share_a_file() {
    let journal = TestJournal::new();
    journal.goal("a");
    for (html, pdf) in [
        ("x", "x"),
        ("x.html", "./x.html"),
        ("out/p", "out/../out/p"),
    ] {
        let run = run_quickly(
            &journal,
            &[
                "packet",
                "--today",
                TODAY,
                "-o",
                html,
                "--pdf",
                pdf,
                "--chrome",
                "/bin/false",
            ],
        );
        assert_eq!(run.code, 2, "{html} {pdf}: {}", run.stderr);
        assert!(run.stderr.contains("-o and --pdf"), "{}", run.stderr);
        assert!(!journal.path().join(html).exists(), "nothing written");
    }
}

#[test]
fn smaller_a_build_into_an_empty_folder_leaves_nothing_beside_it() {
    let journal = TestJournal::new();
    journal.goal("a");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    std::fs::create_dir(&out).unwrap();
    let run = journal.run(&["build", "-o", out.to_str().unwrap(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["site"], "left beside the output");
    assert!(out.join("index.html").is_file());
}

#[test]
fn smaller_paths_from_a_private_time_are_not_published() {
    let repo = TestRepo::new();
    let journal = &repo.journal;
    journal.file(
        "goals/acquisition-privmarker9.md",
        "---\ntitle: Secret\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\nprivate: true\n---\nBody.\n",
    );
    repo.commit("2026-01-05", "private goal");
    journal.file(
        "goals/acquisition-privmarker9.md",
        "---\ntitle: Secret\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nBody.\n",
    );
    repo.commit("2026-02-05", "made public where it was");
    std::fs::remove_file(journal.path().join("goals/acquisition-privmarker9.md")).unwrap();
    journal.file(
        "goals/platform-plan.md",
        "---\ntitle: Secret\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nBody.\n",
    );
    repo.commit("2026-03-05", "renamed while public");
    std::fs::remove_file(journal.path().join("goals/platform-plan.md")).unwrap();
    journal.file(
        "goals/platform.md",
        "---\ntitle: Secret\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nBody.\n",
    );
    repo.commit("2026-04-05", "renamed again");
    for args in [
        vec!["packet", "--today", TODAY, "-o", "p.html"],
        vec![
            "packet", "--today", TODAY, "--format", "json", "-o", "p.json",
        ],
    ] {
        let run = journal.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let html = std::fs::read_to_string(journal.path().join("p.html")).unwrap();
    let json = std::fs::read_to_string(journal.path().join("p.json")).unwrap();
    for text in [&html, &json] {
        assert!(
            !text.contains("privmarker9"),
            "a private path was published"
        );
    }
    // The path it had while public is still told.
    assert!(html.contains("goals/platform-plan.md"), "{html}");
    let run = journal.run(&["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in read_tree(&journal.path().join("out")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("privmarker9"),
            "{path}"
        );
    }
}

#[test]
fn smaller_messages_say_what_is_wrong() {
    let journal = TestJournal::new();
    journal.bytes(
        "goals/nul.md",
        b"---\ntitle: A\x00B\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nB.\n",
    );
    journal.file(
        "goals/twice.md",
        "---\ntitle: A\nstatus: active\ntitle: B\nstarted: 2026-01-05\nleverage: [execution]\n---\nB.\n",
    );
    let diagnostics = journal.diagnostics();
    let about = |path: &str| -> Vec<&serde_json::Value> {
        diagnostics
            .iter()
            .filter(|d| d["path"].as_str().is_some_and(|p| p.ends_with(path)))
            .collect()
    };
    let nul = about("goals/nul.md");
    assert_eq!(nul.len(), 1, "{nul:#?}");
    assert_eq!(nul[0]["rule"], "frontmatter-syntax");
    assert_eq!(
        (nul[0]["line"].as_u64(), nul[0]["column"].as_u64()),
        (Some(2), Some(9))
    );
    assert!(nul[0]["message"].as_str().unwrap().contains("U+0000"));
    let twice = about("goals/twice.md");
    assert_eq!(twice.len(), 1, "{twice:#?}");
    assert_eq!(twice[0]["line"], 4);
    assert!(twice[0]["message"].as_str().unwrap().contains("set twice"));

    // A `.git` that cannot be opened is not "not a repository".
    let journal = TestJournal::new();
    journal.goal("a");
    journal.file(".git", "gitdir: /nonexistent/privmarker/.git\n");
    let all = journal.all_diagnostics();
    let history: Vec<_> = all.iter().filter(|d| d["rule"] == "no-history").collect();
    assert_eq!(history.len(), 1, "{all:#?}");
    let message = history[0]["message"].as_str().unwrap();
    assert!(
        message.contains("cannot be read") || message.contains("that can be read"),
        "{message}"
    );
    assert!(!message.contains("not in a git repository"), "{message}");
}

/// The bytes of the site built from one meeting with `n` people, problems
/// and goal references.
fn crowded_site_size(n: usize) -> usize {
    let journal = TestJournal::new();
    journal.goal("g");
    let mut text = String::from("---\ndate: 2026-03-01\nwith:\n");
    for i in 0..n {
        text.push_str(&format!("  - Person {i} (Director, Org {i})\n"));
    }
    text.push_str("problems:\n");
    for i in 0..n {
        text.push_str(&format!("  - problem number {i}\n"));
    }
    text.push_str("goals:\n");
    for _ in 0..n {
        text.push_str("  - g\n");
    }
    text.push_str("---\nBody.\n");
    journal.file("meetings/m.md", &text);
    let run = run_quickly(&journal, &["build", "-o", "out", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read_tree(&journal.path().join("out"))
        .iter()
        .map(|(_, bytes)| bytes.len())
        .sum()
}

#[test]
fn unbounded_work_from_one_value_a_crowded_meeting_gives_output_linear_in_its_size() {
    let small = crowded_site_size(250);
    let large = crowded_site_size(1000);
    // Four times the note: about four times the site (it was sixteen: each
    // person's and each problem's row repeated the whole meeting).
    let ratio = large as f64 / small as f64;
    assert!(
        ratio < 6.0,
        "{small} bytes, then {large} bytes: x{ratio:.1}"
    );
}

#[test]
fn smaller_a_long_plain_list_is_not_blamed_on_aliases() {
    let journal = TestJournal::new();
    let mut text = String::from(GOAL_HEAD.trim_end_matches("---\n"));
    text.push_str("tags:\n");
    for i in 0..100_001 {
        text.push_str(&format!("  - t{i}\n"));
    }
    text.push_str("---\nBody.\n");
    journal.file("goals/long.md", &text);
    journal.file(
        "goals/bomb.md",
        "---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
         c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
         e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e]\n---\nBody.\n",
    );
    let diagnostics = journal.diagnostics();
    let message = |path: &str| {
        diagnostics
            .iter()
            .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(path)))
            .map(|d| d["message"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let long = message("goals/long.md");
    assert!(
        long.contains("more than 100000 values") && !long.contains("alias"),
        "{long}"
    );
    assert!(
        message("goals/bomb.md").contains("aliases"),
        "{}",
        message("goals/bomb.md")
    );
}
