//! `dossier init`: create a journal.
//!
//! (Being written.)

use std::process::ExitCode;

use crate::error::{Error, Result};

/// Runs the command.
pub fn run(_args: &crate::cli::InitArgs, _quiet: bool) -> Result<ExitCode> {
    Err(Error::NotYet("init"))
}
