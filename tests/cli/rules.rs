//! `dossier rules`, and the rules' own text that it, the man page and the
//! README show: every rule explained, every example really triggering its
//! rule, the README's table equal to the code's.

use dossier::diagnostic::Rule;

use crate::support::{TestJournal, TestRepo, run_in};

#[test]
fn every_rule_has_a_summary_an_explanation_and_an_example() {
    for rule in Rule::ALL {
        let name = rule.name();
        assert!(!rule.summary().is_empty(), "{name}: no summary");
        assert!(
            !rule.summary().contains('\n') && !rule.summary().ends_with('.'),
            "{name}: the summary is one line, a table cell"
        );
        let explanation = rule.explanation();
        assert!(
            explanation.len() > 60 && explanation.ends_with('.'),
            "{name}: explanation {explanation:?}"
        );
        assert!(!rule.example().is_empty(), "{name}: no example");
        for file in rule.example() {
            let command = file.path.starts_with("$ ");
            assert!(
                command == file.text.is_empty(),
                "{name}: `{}` is a file with text, or a command without",
                file.path
            );
        }
    }
}

/// Writes a rule's example files into `journal` (a command is skipped: the
/// test does what it says). The one of `unreadable` is saved as Latin-1,
/// as its text says.
fn write_example(journal: &TestJournal, rule: Rule) {
    for file in rule.example() {
        if file.path.starts_with("$ ") {
            continue;
        }
        if rule == Rule::Unreadable {
            let latin1: Vec<u8> = file
                .text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
                .collect();
            journal.bytes(file.path, &latin1);
        } else {
            journal.file(file.path, file.text);
        }
    }
}

fn rules_found(diagnostics: &[serde_json::Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Each rule's example, written into a journal of its own, triggers the
/// rule: the examples `dossier rules NAME` shows are real.
#[test]
fn every_example_triggers_its_rule() {
    // Raw HTML 257 levels deep does not fit an example: it is described.
    let described = [Rule::TooDeep];
    // The history rules need their commits: the dates their example states.
    let committed = [
        (Rule::Backdated, "2026-03-02"),
        (Rule::StaleGoal, "2026-01-05"),
    ];
    let mut failures = Vec::new();
    for &rule in Rule::ALL {
        if described.contains(&rule) {
            continue;
        }
        let diagnostics = match committed.iter().find(|(r, _)| *r == rule) {
            Some((_, date)) => {
                let repo = TestRepo::new();
                write_example(&repo.journal, rule);
                repo.commit(date, "example");
                repo.journal.all_diagnostics()
            }
            None => {
                let journal = TestJournal::bare();
                write_example(&journal, rule);
                // An example of notes outside the kind folders (`kind:`)
                // needs a dossier.toml to be a journal at all.
                let is_journal = ["dossier.toml", "goals", "updates", "meetings", "summaries"]
                    .iter()
                    .any(|name| journal.path().join(name).exists());
                if !is_journal {
                    journal.file("dossier.toml", "");
                }
                if rule == Rule::Symlink {
                    symlink_as_the_example_says(&journal);
                }
                journal.all_diagnostics()
            }
        };
        let found = rules_found(&diagnostics);
        if !found.iter().any(|name| name == rule.name()) {
            failures.push(format!("{}: found only {found:?}", rule.name()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[cfg(unix)]
fn symlink_as_the_example_says(journal: &TestJournal) {
    std::fs::create_dir_all(journal.path().join("goals")).unwrap();
    std::os::unix::fs::symlink(
        "/nonexistent/Documents/launch-plan.md",
        journal.path().join("goals/launch-plan.md"),
    )
    .unwrap();
}

#[cfg(not(unix))]
fn symlink_as_the_example_says(_: &TestJournal) {}

/// The README's rules table, as the code would write it.
fn table() -> String {
    let mut table = String::from("| rule | default | what it finds |\n|---|---|---|\n");
    for rule in Rule::ALL {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.name(),
            rule.default_level().name(),
            rule.summary()
        ));
    }
    table
}

#[test]
fn the_readme_lists_exactly_the_rules_the_code_has() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("| rule | default | what it finds |")
        .expect("the README has a rules table");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |at| start + at + 1);
    let written = &readme[start..end];
    // Names and levels first, for a readable failure.
    let rows: Vec<(String, String)> = written
        .lines()
        .skip(2)
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            (
                cells[0]
                    .trim_start_matches("| ")
                    .trim_matches('`')
                    .to_string(),
                cells.get(1).unwrap_or(&"").to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = Rule::ALL
        .iter()
        .map(|r| (r.name().to_string(), r.default_level().name().to_string()))
        .collect();
    assert_eq!(rows, expected, "the README's rules and levels");
    assert_eq!(
        written,
        table(),
        "the README's rules table differs from the rules' summaries; the table should read:\n{}",
        table()
    );
}

#[test]
fn dossier_rules_lists_every_rule_with_its_level() {
    let dir = TestJournal::bare();
    let run = run_in(dir.path(), &["rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    for rule in Rule::ALL {
        let line = lines
            .iter()
            .find(|line| line.split_whitespace().next() == Some(rule.name()))
            .unwrap_or_else(|| panic!("no line for {}", rule.name()));
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[1], rule.default_level().name(), "{line}");
        assert!(line.ends_with(rule.summary()), "{line}");
    }
}

#[test]
fn dossier_rules_name_explains_one_rule() {
    let dir = TestJournal::bare();
    let run = run_in(dir.path(), &["rules", "backdated"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.starts_with("backdated (default: warning)\n"), "{out}");
    for expected in [
        "updates/2026-01-09.md:",
        "    date: 2026-01-09",
        "  [rules]\n  backdated = \"allow\"",
        "  allow: [backdated]",
    ] {
        assert!(out.contains(expected), "no {expected:?} in:\n{out}");
    }
    // The explanation, wrapped: every word of it is there.
    let flat: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(Rule::Backdated.explanation()), "{out}");

    // A rule a note cannot silence says so, and offers no `allow`.
    let run = run_in(dir.path(), &["rules", "config-syntax"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("allow: ["), "{}", run.stdout);
    assert!(run.stdout.contains("does not silence it"), "{}", run.stdout);
}

#[test]
fn an_unknown_rule_is_a_usage_error_with_a_suggestion() {
    let dir = TestJournal::bare();
    let run = run_in(dir.path(), &["rules", "empty-bdy"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("no rule named `empty-bdy`")
            && run.stderr.contains("did you mean `empty-body`?"),
        "{}",
        run.stderr
    );
    let run = run_in(dir.path(), &["rules", "zzzz"]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn the_man_page_has_every_rule() {
    let dir = TestJournal::bare();
    let run = run_in(dir.path(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rules = run
        .stdout
        .split_once(".SH RULES\n")
        .expect("a RULES section")
        .1;
    for rule in Rule::ALL {
        let entry = format!(
            ".TP\n\\fB{}\\fR (default: {})\n{}\n",
            rule.name(),
            rule.default_level().name(),
            rule.summary()
        );
        assert!(rules.contains(&entry), "no {entry:?} in the man page");
    }
}
