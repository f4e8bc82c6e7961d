//! YAML frontmatter to a [`Node`] tree, with spans.
//!
//! Built on `yaml-rust2`'s event parser (the YAML engine `gray_matter` uses),
//! so that every value keeps the byte offset it was written at. The tree is
//! built with an explicit stack, never recursion, and aliases are expanded
//! under a node budget so that a "billion laughs" document is rejected.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::node::{Key, Node, Span, Value};

/// Most nodes a frontmatter block may expand to (aliases included).
const NODE_BUDGET: usize = 100_000;

/// A YAML syntax error, with the byte offset it was found at.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// Byte offset into the parsed text.
    pub offset: usize,
    /// What went wrong, in the parser's words.
    pub message: String,
}

/// Deepest indentation (in columns) a frontmatter line may have. Real
/// frontmatter is a few levels deep; the YAML parser's cost grows faster
/// than linearly with block nesting, so absurd depth is refused up front.
const MAX_INDENT: usize = 256;

/// Parses one YAML document. `Ok(None)` means the text holds no document
/// (only comments or blank lines).
pub fn parse(text: &str) -> Result<Option<Node>, YamlError> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
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
        stack: Vec::new(),
        root: None,
        anchors: Vec::new(),
        nodes: 0,
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(error) = parser.load(&mut builder, false) {
        let offset = char_to_byte(text, error.marker().index());
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
    stack: Vec<Open>,
    root: Option<Node>,
    anchors: Vec<(usize, Node)>,
    nodes: usize,
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
            self.fail(
                offset,
                format!("the frontmatter expands to more than {NODE_BUDGET} values (aliases?)"),
            );
            return false;
        }
        true
    }

    /// Adds a finished node to the collection on top of the stack.
    fn add(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, node.clone()));
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
        let at = char_to_byte(self.text, mark.index());
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
                let Some(target) = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map(|(_, n)| n.clone())
                else {
                    self.fail(at, "this alias refers to an unknown anchor".into());
                    return;
                };
                if !self.count(size(&target), at) {
                    return;
                }
                // The alias is reported where it is written, not where its anchor is.
                let node = Node {
                    value: target.value,
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

/// Number of nodes in a tree, counted without recursion.
fn size(node: &Node) -> usize {
    let mut count = 0;
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        count += 1;
        match &node.value {
            Value::List(items) => todo.extend(items),
            Value::Map(entries) => todo.extend(entries.iter().map(|(_, n)| n)),
            _ => {}
        }
    }
    count
}

/// yaml-rust2 markers count characters; spans are byte offsets.
fn char_to_byte(text: &str, chars: usize) -> usize {
    if text.is_ascii() {
        return chars.min(text.len());
    }
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

fn alias_len(text: &str, at: usize) -> usize {
    text[at..]
        .find(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '}')
        .unwrap_or(text.len() - at)
}

/// Where a scalar is written: from its first character to its last, on the
/// line it starts on for block scalars.
fn scalar_span(text: &str, start: usize, style: TScalarStyle, value: &str) -> Span {
    let rest = &text[start..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let len = match style {
        TScalarStyle::Plain => {
            if rest.starts_with(value) {
                value.len()
            } else {
                rest[..line_end].trim_end().len()
            }
        }
        TScalarStyle::SingleQuoted => closing_quote(rest, '\'').unwrap_or(line_end),
        TScalarStyle::DoubleQuoted => closing_quote(rest, '"').unwrap_or(line_end),
        TScalarStyle::Literal | TScalarStyle::Folded => line_end,
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
    fn empty_documents_are_none() {
        assert_eq!(parse("# only a comment\n").unwrap(), None);
    }
}
