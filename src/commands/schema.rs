//! `dossier schema`: the JSON Schema of the frontmatter (see
//! [`crate::schema`]), of the packet's JSON ([`crate::packet::json_schema`]),
//! or of the diagnostics' JSON ([`crate::diagnostic::json_schema`]), printed.

use std::io::Write;
use std::process::ExitCode;

use crate::entry::Kind;
use crate::error::{Error, Result};

/// Runs the command: prints the schema, pretty, to standard output.
pub fn run(args: &super::cli::SchemaArgs) -> Result<ExitCode> {
    use super::cli::SchemaKind;
    let schema = match args.kind {
        Some(SchemaKind::Packet) => crate::packet::json_schema(),
        Some(SchemaKind::Diagnostics) => crate::diagnostic::json_schema(),
        other => crate::schema::json(other.map(|kind| match kind {
            SchemaKind::Goal => Kind::Goal,
            SchemaKind::Update => Kind::Update,
            SchemaKind::Meeting => Kind::Meeting,
            SchemaKind::Feedback => Kind::Feedback,
            SchemaKind::Summary | SchemaKind::Packet | SchemaKind::Diagnostics => Kind::Summary,
        })),
    };
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`dossier schema | head`) is not a failure.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(error) => Err(Error::io("write to", "standard output")(error)),
    }
}
