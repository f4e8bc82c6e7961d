//! `dossier completions` and `dossier man`: generated from the command line
//! definition, so every command appears in them.

use crate::support::{TestJournal, run_in};

const COMMANDS: &[&str] = &[
    "check",
    "build",
    "packet",
    "init",
    "new",
    "serve",
    "schema",
    "rules",
    "completions",
    "man",
];

#[test]
fn completions_name_every_command() {
    let dir = TestJournal::bare();
    let run = run_in(dir.path(), &["completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("_dossier()"), "{}", run.stdout);
    for command in COMMANDS {
        assert!(
            run.stdout.contains(&format!("dossier,{command})")),
            "bash completions lack `{command}`"
        );
    }
    // Values of enum arguments are completed too.
    assert!(run.stdout.contains("goal update meeting"), "{}", run.stdout);
}

#[test]
fn completions_for_every_shell() {
    let dir = TestJournal::bare();
    for (shell, marker) in [
        ("zsh", "#compdef dossier"),
        ("fish", "complete -c dossier"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[dossier]"),
    ] {
        let run = run_in(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(run.stdout.contains("packet"), "{shell}");
    }
    let run = run_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
}

#[test]
fn man_page_covers_the_whole_command_line() {
    let dir = TestJournal::bare();
    let run = run_in(dir.path(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(".TH dossier 1 "), "{}", run.stdout);
    assert_eq!(run.stdout.matches(".TH ").count(), 1, "one page");
    for command in COMMANDS {
        let heading = format!(".SH \"DOSSIER {}\"\n", command.to_uppercase());
        assert!(run.stdout.contains(&heading), "no {heading}");
    }
    // Options of the commands, not only the global ones.
    assert!(
        run.stdout.contains(r"\fB\-\-deny\-warnings\fR"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(r"\fB\-\-hook\fR"), "{}", run.stdout);
}
