//! `dossier schema`: the JSON Schema of the frontmatter.
//!
//! (Being written.)

use std::process::ExitCode;

use crate::error::{Error, Result};

/// Runs the command.
pub fn run(_args: &crate::cli::SchemaArgs) -> Result<ExitCode> {
    Err(Error::NotYet("schema"))
}
