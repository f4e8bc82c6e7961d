//! `dossier schema`: the JSON Schema of the frontmatter (see
//! [`crate::schema`]), of the packet's JSON ([`crate::packet::json_schema`]),
//! or of the diagnostics' JSON ([`crate::diagnostic::json_schema`]), printed.

use std::process::ExitCode;

use crate::entry::Kind;
use crate::error::Result;

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
    super::print_stdout(text.as_bytes())
}
