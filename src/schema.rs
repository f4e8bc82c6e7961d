//! `dossier schema`: the JSON Schema of the frontmatter.
//!
//! (Being written.)

use std::process::ExitCode;

use crate::error::{Error, Result};

/// Runs the command.
pub fn run(_args: &crate::cli::SchemaArgs) -> Result<ExitCode> {
    Err(Error::NotYet("schema"))
}

/// The JSON Schema of an entry's frontmatter (of one kind, or of all).
///
/// Temporary stand-in so that `dossier init` compiles in this branch; the
/// real schema replaces it at merge.
pub fn json(_kind: Option<crate::entry::Kind>) -> serde_json::Value {
    serde_json::json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"})
}
