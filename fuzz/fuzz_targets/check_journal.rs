//! libFuzzer entry point; the target itself is `dossier_fuzz::check_journal`.
#![no_main]

use dossier_fuzz::check_journal::{JournalInput, run};

libfuzzer_sys::fuzz_target!(|input: JournalInput| run(&input));
