//! `dossier new`: write a new entry.
//!
//! (Being written.)

use std::process::ExitCode;

use crate::error::{Error, Result};

/// Runs the command.
pub fn run(_args: &crate::cli::NewArgs) -> Result<ExitCode> {
    Err(Error::NotYet("new"))
}
