//! The code of dossier's fuzz targets, as plain functions: the libFuzzer
//! binaries in `fuzz_targets/` call them, and so does the main crate's
//! `tests/fuzz_seeds.rs`, which replays the committed seeds and regressions
//! on stable without libFuzzer.

pub mod check_journal;
pub mod parse_entry;
