//! `dossier packet --pdf` without a browser: a clear message, exit code 2,
//! and the HTML packet still written. (Printing with a real Chromium is
//! tested by the browser tests: `cargo test --test browser -- --ignored`.)

use std::process::Command;

use crate::support::{TODAY, TestJournal};

#[test]
fn packet_pdf_without_a_browser_says_how_to_install_one() {
    let journal = TestJournal::new();
    journal.goal("ledger");
    let empty_path = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["packet", "--today", TODAY, "-o", "packet.html"])
        .args(["--pdf", "packet.pdf"])
        .current_dir(journal.path())
        .env("PATH", empty_path.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("the dossier binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    for needle in [
        "no Chromium or Chrome found to print the PDF",
        "chromium, chromium-browser, google-chrome, google-chrome-stable, chrome",
        "apt install chromium",
        "brew install --cask google-chrome",
        "--chrome PATH",
    ] {
        assert!(stderr.contains(needle), "{needle:?} missing in:\n{stderr}");
    }
    assert!(journal.path().join("packet.html").is_file());
    assert!(!journal.path().join("packet.pdf").exists());
}

#[test]
fn packet_pdf_with_a_chrome_path_that_does_not_exist() {
    let journal = TestJournal::new();
    journal.goal("ledger");
    let run = journal.run(&[
        "packet",
        "--today",
        TODAY,
        "--pdf",
        "packet.pdf",
        "--chrome",
        "/nonexistent/chrome",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`/nonexistent/chrome` given to --chrome is not an executable file"),
        "{}",
        run.stderr
    );
}
