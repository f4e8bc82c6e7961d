//! `dossier serve`: serve, watch, rebuild, reload.
//!
//! (Being written.)

use std::process::ExitCode;

use crate::error::{Error, Result};

/// Runs the command.
pub fn run(_args: &crate::cli::ServeArgs, _quiet: bool, _color: bool) -> Result<ExitCode> {
    Err(Error::NotYet("serve"))
}
