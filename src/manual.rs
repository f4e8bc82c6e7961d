//! `dossier completions` and `dossier man`: shell completions and the man
//! page, generated from the same clap definition as `--help`.
//!
//! (Being written.)

use std::process::ExitCode;

use crate::error::{Error, Result};

/// Prints completions for a shell.
pub fn completions(_args: &crate::cli::CompletionsArgs) -> Result<ExitCode> {
    Err(Error::NotYet("completions"))
}

/// Prints the man page.
pub fn man() -> Result<ExitCode> {
    Err(Error::NotYet("man"))
}
