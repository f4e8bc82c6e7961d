//! Parse stage: one file's bytes to its frontmatter tree and Markdown body.
//!
//! Reads the file (it must be UTF-8; a BOM is dropped and CRLF line endings
//! are read as LF, which keeps line and column numbers unchanged), lets
//! `gray_matter` find the frontmatter block (`---` for YAML, `+++` for TOML,
//! the Hugo and Zola convention), and parses the block itself with the fence
//! offset kept, so that positions in diagnostics point into the file.

pub mod toml;
pub mod yaml;

use gray_matter::engine::Engine;
use gray_matter::{Matter, Pod};

use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::node::{Node, Span};

/// Which frontmatter language a file uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Fenced by `---`.
    Yaml,
    /// Fenced by `+++`.
    Toml,
}

/// A file split into frontmatter and body.
#[derive(Debug)]
pub struct ParsedFile {
    /// The normalized text (BOM dropped, CRLF read as LF).
    pub text: String,
    /// The frontmatter language, if the file has a frontmatter block.
    pub format: Option<Format>,
    /// The frontmatter tree; `None` when there is none or it did not parse.
    pub frontmatter: Option<Node>,
    /// Span of the frontmatter's opening fence, for diagnostics about the block.
    pub fence: Span,
    /// Byte offset of the body in `text`.
    pub body_start: usize,
}

impl ParsedFile {
    /// A file whose frontmatter block is there but could not be read.
    fn unread(text: String, format: Format, fence: Span, body_start: usize) -> ParsedFile {
        ParsedFile {
            text,
            format: Some(format),
            frontmatter: None,
            fence,
            body_start,
        }
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// Decodes bytes as UTF-8 text, normalizing a BOM and CRLF line endings.
/// On failure returns the byte offset of the first invalid byte.
pub fn decode(bytes: &[u8]) -> Result<String, usize> {
    let text = std::str::from_utf8(bytes).map_err(|error| error.valid_up_to())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    })
}

/// A `gray_matter` engine that keeps the block as text: dossier parses it
/// itself, with positions.
struct Verbatim;

impl Engine for Verbatim {
    fn parse(content: &str) -> gray_matter::Result<Pod> {
        Ok(Pod::String(content.to_string()))
    }
}

/// Splits `text` and parses its frontmatter, reporting syntax problems.
pub fn parse(text: String, file: FileId, diagnostics: &mut Vec<Diagnostic>) -> ParsedFile {
    let first_line = text.split('\n').next().unwrap_or_default().trim_end();
    let format = match first_line {
        "---" => Some(Format::Yaml),
        "+++" => Some(Format::Toml),
        _ => None,
    };
    let fence = 0..first_line.len();
    let Some(format) = format else {
        return ParsedFile {
            text,
            format: None,
            frontmatter: None,
            fence,
            body_start: 0,
        };
    };
    let delimiter = match format {
        Format::Yaml => "---",
        Format::Toml => "+++",
    };
    let Some((block, body_start)) = split(&text, delimiter) else {
        diagnostics.push(
            Diagnostic::new(
                Rule::FrontmatterSyntax,
                file,
                fence.clone(),
                "the frontmatter block is never closed",
            )
            .with_label("opened here")
            .with_hint(format!(
                "end the frontmatter with a line holding only `{delimiter}`"
            )),
        );
        let body_start = text.len();
        return ParsedFile::unread(text, format, fence, body_start);
    };
    // A control character YAML and TOML cannot hold (a NUL, an escape):
    // said as it is, rather than whatever the parser makes of it.
    if let Some(offset) = text[block.clone()]
        .find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
    {
        let at = block.start + offset;
        let c = text[at..].chars().next().unwrap_or('\0');
        diagnostics.push(
            Diagnostic::new(
                Rule::FrontmatterSyntax,
                file,
                at..at + c.len_utf8(),
                format!(
                    "the frontmatter holds the control character U+{:04X}, which YAML and TOML do not allow",
                    u32::from(c)
                ),
            )
            .with_label("invisible control character here")
            .with_hint("delete it: most editors do not show it"),
        );
        return ParsedFile::unread(text, format, fence, body_start);
    }
    let frontmatter = match format {
        Format::Yaml => {
            match yaml::parse(&text[block.clone()]) {
                Ok(node) => node.map(|node| shift(node, block.start)),
                Err(error) => {
                    let source = &text[block.clone()];
                    let diagnostic = match unclosed_flow(source, error.offset) {
                        // The cause, not where the parser gave up: a list
                        // or map opened on an earlier line and never closed.
                        Some((opener, bracket)) => {
                            let at = block.start + opener;
                            let line = source[..opener].matches('\n').count() + 2;
                            let close = if bracket == '[' { ']' } else { '}' };
                            Diagnostic::new(
                                Rule::FrontmatterSyntax,
                                file,
                                at..at + 1,
                                format!(
                                    "invalid YAML: this `{bracket}` is never closed (the parser stopped further down: {})",
                                    error.message
                                ),
                            )
                            .with_label(format!("opened on line {line}, never closed with `{close}`"))
                            .with_hint(format!(
                                "close it with `{close}` on the same line, or write one item per line (`- item`); quote an item that holds a comma or `: `"
                            ))
                        }
                        None => {
                            let at = (block.start + error.offset).min(text.len());
                            Diagnostic::new(
                                Rule::FrontmatterSyntax,
                                file,
                                at..at,
                                format!("invalid YAML: {}", error.message),
                            )
                            .with_hint("strings holding `: `, `#` or starting with `[`, `{`, `*`, `&` need quotes")
                        }
                    };
                    diagnostics.push(diagnostic);
                    None
                }
            }
        }
        Format::Toml => match toml::parse(&text[block.clone()]) {
            Ok(node) => Some(shift(node, block.start)),
            Err(error) => {
                let span = block.start + error.span.start..block.start + error.span.end;
                diagnostics.push(Diagnostic::new(
                    Rule::FrontmatterSyntax,
                    file,
                    span,
                    format!("invalid TOML: {}", error.message.replace('\n', " ")),
                ));
                None
            }
        },
    };
    ParsedFile {
        text,
        format: Some(format),
        frontmatter,
        fence,
        body_start,
    }
}

/// The `[` or `{` (its offset in `yaml`) opened on a line before the one
/// where the parser failed at `error_at` and never closed on it: the cause
/// of a flow list that runs into the next key (`to: [Sam Ortiz` then
/// `goals: [ledger]`). Brackets inside quotes and comments are skipped.
fn unclosed_flow(yaml: &str, error_at: usize) -> Option<(usize, char)> {
    let error_line_start = yaml[..error_at.min(yaml.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    // Brackets still open, across lines (a flow list may span lines).
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut offset = 0;
    for line in yaml[..error_line_start].split_inclusive('\n') {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => open.push((offset + i, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            previous = c;
        }
        offset += line.len();
    }
    // The outermost one still open is the cause.
    open.first().copied()
}

/// Finds the frontmatter block between the opening fence (the first line)
/// and the closing fence. Returns the block's byte range and the body's
/// start, or `None` when the block is never closed.
///
/// `gray_matter` does the detection; its block text is then located in the
/// file so that positions refer to the file, not to a copy.
fn split(text: &str, delimiter: &str) -> Option<(Span, usize)> {
    let mut matter = Matter::<Verbatim>::new();
    matter.delimiter = delimiter.to_string();
    let entity = matter.parse::<Pod>(text).ok()?;
    let block_start = text.find('\n').map_or(text.len(), |i| i + 1);
    // gray_matter trims the block; find where its text starts.
    let block = entity.matter.as_str();
    let content_start = if block.is_empty() {
        block_start
    } else {
        block_start + text[block_start..].find(block)?
    };
    // The closing fence is the first fence line after the block's text.
    let mut position = if block.is_empty() {
        block_start
    } else {
        let end = content_start + block.len();
        text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
    };
    for line in text[position..].split_inclusive('\n') {
        if line.trim_end() == delimiter {
            return Some((block_start..position, position + line.len()));
        }
        position += line.len();
    }
    None
}

/// Moves every span of a tree parsed from a slice by `offset`.
fn shift(mut node: Node, offset: usize) -> Node {
    let mut todo = vec![&mut node];
    while let Some(node) = todo.pop() {
        node.span = node.span.start + offset..node.span.end + offset;
        match &mut node.value {
            crate::node::Value::List(items) => todo.extend(items.iter_mut()),
            crate::node::Value::Map(entries) => {
                for (key, value) in entries.iter_mut() {
                    key.span = key.span.start + offset..key.span.end + offset;
                    todo.push(value);
                }
            }
            _ => {}
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (ParsedFile, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let file = parse(text.to_string(), 0, &mut diagnostics);
        (file, diagnostics)
    }

    #[test]
    fn yaml_block_keeps_file_positions() {
        let (file, diagnostics) = parsed("---\ntitle: A\nstatus: done\n---\n# Body\n");
        assert!(diagnostics.is_empty());
        let status = file.frontmatter.as_ref().unwrap().get("status").unwrap();
        assert_eq!(&file.text[status.span.clone()], "done");
        assert_eq!(file.body(), "# Body\n");
    }

    #[test]
    fn toml_block_is_read() {
        let (file, diagnostics) = parsed("+++\ntitle = \"A\"\n+++\nbody\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(file.format, Some(Format::Toml));
        let title = file.frontmatter.as_ref().unwrap().get("title").unwrap();
        assert_eq!(&file.text[title.span.clone()], "\"A\"");
        assert_eq!(file.body(), "body\n");
    }

    #[test]
    fn leading_blank_lines_in_the_block_keep_positions() {
        let (file, _) = parsed("---\n\n\ntitle: A\n---\n");
        let title = file.frontmatter.as_ref().unwrap().get("title").unwrap();
        assert_eq!(&file.text[title.span.clone()], "A");
        assert_eq!(file.body(), "");
    }

    #[test]
    fn empty_block_and_no_block() {
        let (file, diagnostics) = parsed("---\n---\nbody");
        assert!(diagnostics.is_empty());
        assert!(file.frontmatter.is_none());
        assert_eq!(file.body(), "body");
        let (file, _) = parsed("# just markdown\n");
        assert_eq!(file.format, None);
    }

    #[test]
    fn unclosed_block_is_reported() {
        let (_, diagnostics) = parsed("---\ntitle: A\n# body\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].rule, Rule::FrontmatterSyntax);
    }

    #[test]
    fn crlf_and_bom_are_normalized() {
        let text = decode(b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(text, "---\ntitle: A\n---\nbody\n");
        assert_eq!(decode(b"ok\xff"), Err(2));
    }
}
