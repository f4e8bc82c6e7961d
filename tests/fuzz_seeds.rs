//! The fuzz targets' committed inputs, replayed on stable without libFuzzer:
//! every file in `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/`
//! goes through the same code as `cargo fuzz run <target>` (the targets'
//! code is shared with the fuzz crate through `#[path]`). Fuzzing itself is
//! scripts/fuzz.sh; this only keeps the known inputs, and the bugs they once
//! found, from coming back.

// The fuzzer's own entry points (`run` in a per-process folder) go unused.
#[allow(dead_code)]
#[path = "../fuzz/src/check_journal.rs"]
mod check_journal;
#[path = "../fuzz/src/parse_entry.rs"]
mod parse_entry;

use std::path::{Path, PathBuf};

/// The committed inputs of a target, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for folder in ["seeds", "regressions"] {
        let Ok(read) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
            continue;
        };
        for item in read {
            let path = item.unwrap().path();
            if path.is_file() && path.file_name() != Some(".gitkeep".as_ref()) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn parse_entry_replays_its_seeds_and_regressions() {
    let files = inputs("parse_entry");
    assert!(files.len() >= 10, "the seeds are missing: {files:?}");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        eprintln!("parse_entry {}", path.display());
        parse_entry::run(&bytes);
    }
}

#[test]
fn check_journal_replays_its_seeds_and_regressions() {
    let files = inputs("check_journal");
    assert!(files.len() >= 5, "the seeds are missing: {files:?}");
    let dir = tempfile::tempdir().unwrap();
    let mut journals = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        eprintln!("check_journal {}", path.display());
        journals += usize::from(check_journal::run_bytes_in(dir.path(), &bytes));
    }
    assert!(journals > 0, "no seed makes a journal");
}
