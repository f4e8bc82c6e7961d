//! YAML frontmatter to a [`Node`] tree, with spans.
//!
//! Built on `yaml-rust2`'s event parser (the YAML engine `gray_matter` uses),
//! so that every value keeps the byte offset it was written at. The tree is
//! built with an explicit stack, never recursion, and aliases are expanded
//! under a budget of nodes and of copied text, so that a "billion laughs"
//! document (or one alias of a long string written a thousand times) is
//! rejected.
//!
//! Everything done per parser event costs O(1) amortised, or as much as
//! the text the event covers: the whole block is linear in its size.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::node::{Key, Node, Span, Value};

/// Most nodes a frontmatter block may expand to (aliases included).
const NODE_BUDGET: usize = 100_000;

/// Text (in bytes) that anchors and aliases may copy, beyond the size of
/// the block itself: an alias is expanded into a copy of what it names.
const COPY_ALLOWANCE: usize = 1 << 20;

/// A YAML syntax error, with the byte offset it was found at.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// Byte offset into the parsed text.
    pub offset: usize,
    /// What went wrong, in the parser's words.
    pub message: String,
}

/// Deepest indentation (in columns) a frontmatter line may have, counting
/// the `- `, `? ` and `: ` indicators that open a nested block collection
/// on the same line (`- - - x`). Real frontmatter is a few levels deep; the
/// YAML parser's cost grows faster than linearly with block nesting, and it
/// recurses once per level, so absurd depth is refused up front. (Flow
/// nesting, `[[[`, is stopped by the parser itself at 255 levels.)
const MAX_INDENT: usize = 256;

/// The byte offset in `line` where its content starts: after the leading
/// blanks and after every block indicator (`-`, `?`, `:`) followed by a
/// blank, each of which opens one more level of nesting.
fn content_start(line: &str) -> usize {
    let bytes = line.as_bytes();
    let blank = |i: usize| matches!(bytes.get(i), Some(b' ' | b'\t'));
    let mut i = 0;
    while blank(i) {
        i += 1;
    }
    while matches!(bytes.get(i), Some(b'-' | b'?' | b':')) && blank(i + 1) {
        i += 1;
        while blank(i) {
            i += 1;
        }
    }
    i
}

/// Parses one YAML document. `Ok(None)` means the text holds no document
/// (only comments or blank lines).
pub fn parse(text: &str) -> Result<Option<Node>, YamlError> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = content_start(line);
        if indent > MAX_INDENT {
            return Err(YamlError {
                offset: offset + indent,
                message: format!("nested too deeply (indented more than {MAX_INDENT} columns)"),
            });
        }
        offset += line.len();
    }
    let mut builder = Builder {
        text,
        offsets: Offsets::new(text),
        stack: Vec::new(),
        root: None,
        anchors: HashMap::new(),
        nodes: 0,
        copied: 0,
        copy_budget: text.len().saturating_add(COPY_ALLOWANCE),
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(error) = parser.load(&mut builder, false) {
        let offset = builder.offsets.byte(error.marker());
        // yaml-rust2 stops flow collections (`[[[[...`) nested past its
        // recursion limit: say what that means for the writer.
        let message = match error.info() {
            "recursion limit exceeded" => {
                "nested too deeply (lists or maps inside each other past the parser's limit)"
                    .to_string()
            }
            info => info.to_string(),
        };
        return Err(YamlError { offset, message });
    }
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.root)
}

/// A collection being built.
enum Open {
    List {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<(Key, Node)>,
        key: Option<Key>,
    },
}

struct Builder<'a> {
    text: &'a str,
    offsets: Offsets<'a>,
    stack: Vec<Open>,
    root: Option<Node>,
    /// The anchored nodes, by the parser's anchor id (a new id for every
    /// `&name`, even a name used before).
    anchors: HashMap<usize, Node>,
    nodes: usize,
    /// Bytes of text copied for anchors and aliases so far.
    copied: usize,
    copy_budget: usize,
    error: Option<YamlError>,
}

impl Builder<'_> {
    fn fail(&mut self, offset: usize, message: String) {
        if self.error.is_none() {
            self.error = Some(YamlError { offset, message });
        }
    }

    fn count(&mut self, n: usize, offset: usize) -> bool {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > NODE_BUDGET {
            let message = if self.anchors.is_empty() {
                format!(
                    "the frontmatter holds more than {NODE_BUDGET} values: keep long lists in the body"
                )
            } else {
                format!(
                    "the frontmatter expands to more than {NODE_BUDGET} values through its aliases (`*name`)"
                )
            };
            self.fail(offset, message);
            return false;
        }
        true
    }

    /// Charges a copy of a node of [`weight`] `(nodes, bytes)` (for an anchor
    /// or an alias) to the budgets: its values to the node budget, its text
    /// to the copy budget. False,
    /// with the error set, when either is spent.
    fn charge_copy(&mut self, (nodes, bytes): (usize, usize), offset: usize) -> bool {
        self.copied = self.copied.saturating_add(bytes);
        if self.copied > self.copy_budget {
            self.fail(
                offset,
                format!(
                    "the frontmatter's anchors and aliases copy more than {} of text",
                    crate::fsread::human_size(self.copy_budget as u64)
                ),
            );
            return false;
        }
        self.count(nodes, offset)
    }

    /// Adds a finished node to the collection on top of the stack.
    fn add(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            if !self.charge_copy(weight(&node), node.span.start) {
                return;
            }
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Open::List { items, .. }) => items.push(node),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                Some(key) => entries.push((key, node)),
                None => {
                    let name = match node.scalar_text() {
                        Some(text) => text,
                        None => {
                            let offset = node.span.start;
                            self.fail(
                                offset,
                                "a map key must be a plain value, not a list or a map".into(),
                            );
                            String::new()
                        }
                    };
                    if let Some(Open::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(Key {
                            name,
                            span: node.span,
                        });
                    }
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let at = self.offsets.byte(&mark);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                if !self.count(1, at) {
                    return;
                }
                let span = scalar_span(self.text, at, style, &value);
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == TScalarStyle::Plain && !is_str_tag {
                    resolve_plain(value)
                } else {
                    Value::Str(value)
                };
                self.add(Node { value, span }, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Open::List {
                    start: at,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push(Open::Map {
                    start: at,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else { return };
                // A collection ends where its last value does: the end event's
                // marker may already be on the closing fence.
                let (node, anchor) = match open {
                    Open::List {
                        start,
                        anchor,
                        items,
                    } => (
                        Node {
                            span: start..items.last().map_or(at, |n| n.span.end).max(start),
                            value: Value::List(items),
                        },
                        anchor,
                    ),
                    Open::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    } => (
                        Node {
                            span: start..entries.last().map_or(at, |(_, n)| n.span.end).max(start),
                            value: Value::Map(entries),
                        },
                        anchor,
                    ),
                };
                if !self.count(1, at) {
                    return;
                }
                self.add(node, anchor);
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    self.fail(at, "this alias refers to an unknown anchor".into());
                    return;
                };
                // Charged before the copy is made.
                if !self.charge_copy(weight(target), at) {
                    return;
                }
                let value = self.anchors[&id].value.clone();
                // The alias is reported where it is written, not where its anchor is.
                let node = Node {
                    value,
                    span: at..at + alias_len(self.text, at),
                };
                self.add(node, 0);
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// Number of nodes in a tree and bytes of text (keys and strings) it
/// holds, counted without recursion.
fn weight(node: &Node) -> (usize, usize) {
    let (mut nodes, mut bytes) = (0usize, 0usize);
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        nodes += 1;
        match &node.value {
            Value::Str(text) | Value::Datetime(text) => bytes = bytes.saturating_add(text.len()),
            Value::List(items) => todo.extend(items),
            Value::Map(entries) => {
                for (key, value) in entries {
                    bytes = bytes.saturating_add(key.name.len());
                    todo.push(value);
                }
            }
            _ => {}
        }
    }
    (nodes, bytes)
}

/// Turns yaml-rust2 markers into byte offsets, in amortised O(1) each.
///
/// A marker's `index` counts characters, except inside block scalars
/// (`|`, `>`), where yaml-rust2 adds each line's length in bytes: it cannot
/// be trusted once the text holds a non-ASCII character. Its line (from 1)
/// and column (in characters, from 0) can: the line's start comes from a
/// table made once, and the column is walked to from the previous marker's
/// place on the same line (markers come in order), so the conversion never
/// scans from the start of the text.
struct Offsets<'a> {
    text: &'a str,
    /// All ASCII: `index` is the byte offset.
    ascii: bool,
    /// Where each line starts (lines end at `\n`, `\r\n` or `\r`, as
    /// yaml-rust2 counts them); filled on first use.
    line_starts: Vec<usize>,
    /// The last place found: line (from 1), column, byte offset.
    cursor: (usize, usize, usize),
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Offsets {
            text,
            ascii: text.is_ascii(),
            line_starts: Vec::new(),
            cursor: (1, 0, 0),
        }
    }

    fn line_starts(&mut self) -> &[usize] {
        if self.line_starts.is_empty() {
            let bytes = self.text.as_bytes();
            self.line_starts.push(0);
            for (i, &byte) in bytes.iter().enumerate() {
                let ends_line =
                    byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
                if ends_line {
                    self.line_starts.push(i + 1);
                }
            }
        }
        &self.line_starts
    }

    /// The byte offset of `mark` in the text, on a character boundary.
    fn byte(&mut self, mark: &Marker) -> usize {
        let len = self.text.len();
        if self.ascii {
            return mark.index().min(len);
        }
        let (line, column) = (mark.line(), mark.col());
        let starts = self.line_starts();
        let Some(&start) = line.checked_sub(1).and_then(|i| starts.get(i)) else {
            return if line == 0 { 0 } else { len };
        };
        let end = starts.get(line).copied().unwrap_or(len);
        let (at_line, at_column, at_byte) = self.cursor;
        // Walk from the cursor when it is on this line and nearer than the
        // line's start, else from the line's start.
        let (mut col, mut byte) = if at_line == line && at_column.abs_diff(column) <= column {
            (at_column, at_byte)
        } else {
            (0, start)
        };
        let text = self.text;
        if col > column {
            for c in text[start..byte].chars().rev() {
                if col == column {
                    break;
                }
                col -= 1;
                byte -= c.len_utf8();
            }
        } else {
            for c in text[byte..end].chars() {
                if col == column {
                    break;
                }
                col += 1;
                byte += c.len_utf8();
            }
        }
        self.cursor = (line, col, byte);
        byte
    }
}

fn alias_len(text: &str, at: usize) -> usize {
    text[at..]
        .find(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '}')
        .unwrap_or(text.len() - at)
}

/// Where a scalar is written: from its first character to its last, on the
/// line it starts on for block scalars. Never looks further than the
/// scalar's own text (and its first line), so a line of many scalars costs
/// its length, not its length times their number.
fn scalar_span(text: &str, start: usize, style: TScalarStyle, value: &str) -> Span {
    let rest = &text[start..];
    let line_end = || memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    let len = match style {
        TScalarStyle::Plain => {
            if rest.starts_with(value) {
                value.len()
            } else {
                // A plain scalar folded over lines: its first line is its own.
                rest[..line_end()].trim_end().len()
            }
        }
        TScalarStyle::SingleQuoted => closing_quote(rest, '\'').unwrap_or_else(line_end),
        TScalarStyle::DoubleQuoted => closing_quote(rest, '"').unwrap_or_else(line_end),
        TScalarStyle::Literal | TScalarStyle::Folded => line_end(),
    };
    start..start + len.max(1).min(rest.len().max(1))
}

fn closing_quote(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(i + 1);
        }
    }
    None
}

/// Resolves a plain scalar with the YAML 1.2 core schema.
fn resolve_plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(&text);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = text.parse::<i64>()
    {
        return Value::Int(i);
    }
    if let Some(hex) = text.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Value::Int(i);
    }
    if let Some(oct) = text.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return Value::Int(i);
    }
    if is_core_float(&text)
        && let Ok(f) = text.parse::<f64>()
    {
        return Value::Float(f);
    }
    match text.as_str() {
        ".inf" | ".Inf" | ".INF" | "+.inf" => Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Value::Float(f64::NAN),
        _ => Value::Str(text),
    }
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float.
fn is_core_float(text: &str) -> bool {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => all_digits(fraction),
        Some((whole, fraction)) => {
            all_digits(whole) && (fraction.is_empty() || all_digits(fraction))
        }
        None => all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| all_digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        parse(text).unwrap().unwrap()
    }

    #[test]
    fn scalars_resolve_with_the_core_schema() {
        let node = root("a: 1\nb: true\nc: ~\nd: 2026-01-05\ne: '2'\nf: 1.5\ng: -3\n");
        assert_eq!(node.get("a").unwrap().value, Value::Int(1));
        assert_eq!(node.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(node.get("c").unwrap().value, Value::Null);
        assert_eq!(
            node.get("d").unwrap().value,
            Value::Str("2026-01-05".into())
        );
        assert_eq!(node.get("e").unwrap().value, Value::Str("2".into()));
        assert_eq!(node.get("f").unwrap().value, Value::Float(1.5));
        assert_eq!(node.get("g").unwrap().value, Value::Int(-3));
    }

    #[test]
    fn spans_point_at_values_and_keys_in_bytes() {
        let text = "title: Café ☕\nstatus: actve\ntags: [a, \"b c\"]\n";
        let node = root(text);
        let status = node.get("status").unwrap();
        assert_eq!(&text[status.span.clone()], "actve");
        let (key, _) = &node.as_map().unwrap()[1];
        assert_eq!(&text[key.span.clone()], "status");
        let Value::List(tags) = &node.get("tags").unwrap().value else {
            panic!()
        };
        assert_eq!(&text[tags[1].span.clone()], "\"b c\"");
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let error = parse("title: [unclosed\nstatus: x\n").unwrap_err();
        assert!(error.offset > 0, "{error:?}");
    }

    #[test]
    fn alias_bombs_are_rejected() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut previous = 'a';
        for name in 'b'..='k' {
            text.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
            previous = name;
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("more than"), "{error:?}");
    }

    #[test]
    fn deep_block_nesting_is_refused_quickly() {
        let text: String = (0..2000)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("nested too deeply"), "{error:?}");
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        for text in [
            format!("x: {}{}", "[".repeat(10_000), "]".repeat(10_000)),
            format!("x: {}1{}", "{a: ".repeat(10_000), "}".repeat(10_000)),
        ] {
            let started = std::time::Instant::now();
            let error = parse(&text).unwrap_err();
            assert!(error.message.contains("nested too deeply"), "{error:?}");
            assert!(started.elapsed() < std::time::Duration::from_secs(1));
        }
    }

    #[test]
    fn spans_are_bytes_after_block_scalars_and_multibyte_text() {
        // yaml-rust2 counts a block scalar's lines in bytes in its markers'
        // `index`, and everything else in characters: spans must not drift.
        let text =
            "impact: |\n  é ☕ ü\n  日本語\nnote: >\n  ß ü\nstatus: actve\ntags: [é, \"☕\", ü]\n";
        let node = root(text);
        let status = node.get("status").unwrap();
        assert_eq!(&text[status.span.clone()], "actve");
        let (key, _) = &node.as_map().unwrap()[2];
        assert_eq!(&text[key.span.clone()], "status");
        let Value::List(tags) = &node.get("tags").unwrap().value else {
            panic!()
        };
        assert_eq!(&text[tags[1].span.clone()], "\"☕\"");
        assert_eq!(&text[tags[2].span.clone()], "ü");
        // A lone carriage return ends a line for YAML.
        let text = "title: é\rstatus: actve\n";
        let status = root(text).get("status").unwrap().span.clone();
        assert_eq!(&text[status], "actve");
    }

    #[test]
    fn spans_stay_right_on_long_multibyte_lines_and_many_values() {
        let comment = format!("# {}\n", "é".repeat(50_000));
        let tags: String = (0..5_000).map(|i| format!("  - tág{i}\n")).collect();
        let flow: Vec<String> = (0..5_000).map(|i| format!("ü{i}")).collect();
        let text = format!(
            "{comment}tags:\n{tags}flow: [{}]\nstatus: actve\n",
            flow.join(", ")
        );
        let node = root(&text);
        let Value::List(tags) = &node.get("tags").unwrap().value else {
            panic!()
        };
        assert_eq!(&text[tags[4_999].span.clone()], "tág4999");
        let Value::List(flow) = &node.get("flow").unwrap().value else {
            panic!()
        };
        assert_eq!(&text[flow[4_321].span.clone()], "ü4321");
        assert_eq!(&text[node.get("status").unwrap().span.clone()], "actve");
        let broken = format!("{comment}a: é\nb: [é, ☕\n");
        let error = parse(&broken).unwrap_err();
        assert!(error.offset > comment.len(), "{error:?}");
        assert!(broken.is_char_boundary(error.offset), "{error:?}");
    }

    #[test]
    fn compact_nesting_counts_as_indentation() {
        for depth in [300, 100_000] {
            let text = format!("x:\n{}a\n", "- ".repeat(depth));
            let error = parse(&text).unwrap_err();
            assert!(error.message.contains("nested too deeply"), "{error:?}");
            // Reported where the line's content starts.
            assert_eq!(error.offset, 3 + 2 * depth, "{depth}");
        }
        let text = format!("x:\n{}a\n", "- ".repeat(40));
        assert!(parse(&text).is_ok());
        assert_eq!(content_start("  - - ? x: y"), 8);
        assert_eq!(content_start("-x"), 0);
        assert_eq!(content_start("key: - x"), 0);
    }

    #[test]
    fn aliases_copying_too_much_text_are_refused() {
        let long = "y".repeat(200_000);
        let ok = format!("x: &a {long}\ny: [*a, *a]\n");
        let node = root(&ok);
        let Value::List(items) = &node.get("y").unwrap().value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::Str(long.clone()));
        let aliases = vec!["*a"; 40].join(", ");
        let error = parse(&format!("x: &a {long}\ny: [{aliases}]\n")).unwrap_err();
        assert!(error.message.contains("copy more than"), "{error:?}");
        // The latest anchor of a name is the one an alias names.
        let node = root("a: &x 1\nb: &x 2\nc: *x\n");
        assert_eq!(node.get("c").unwrap().value, Value::Int(2));
    }

    #[test]
    fn empty_documents_are_none() {
        assert_eq!(parse("# only a comment\n").unwrap(), None);
    }
}
