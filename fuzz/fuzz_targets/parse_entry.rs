//! libFuzzer entry point; the target itself is `dossier_fuzz::parse_entry`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier_fuzz::parse_entry::run(data));
