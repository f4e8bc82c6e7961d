//! TOML (frontmatter fenced by `+++`, and `dossier.toml`) to a [`Node`] tree.
//!
//! Uses the `toml` crate's span-preserving `DeTable`, so that keys and values
//! keep the byte ranges they were written at.

use toml::de::{DeTable, DeValue};

use crate::node::{Key, Node, Value};

/// A TOML syntax error, with the byte range it was found at.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlError {
    /// Byte range into the parsed text.
    pub span: std::ops::Range<usize>,
    /// What went wrong, in the parser's words.
    pub message: String,
}

/// Parses a TOML document into a map node.
pub fn parse(text: &str) -> Result<Node, TomlError> {
    // The toml crate stops at 80 levels of nesting (arrays, inline tables,
    // dotted keys), so the tree converted below is never deep.
    let table = DeTable::parse(text).map_err(|error| TomlError {
        span: error.span().unwrap_or(0..0),
        message: match error.message().trim() {
            m if m.contains("recursion") => {
                "nested too deeply (tables, arrays or dotted keys inside each other past the parser's limit)"
                    .to_string()
            }
            m => m.to_string(),
        },
    })?;
    let span = table.span();
    Ok(Node {
        value: Value::Map(convert_table(table.get_ref())),
        span,
    })
}

fn convert_table(table: &DeTable<'_>) -> Vec<(Key, Node)> {
    table
        .iter()
        .map(|(key, value)| {
            let key = Key {
                name: key.get_ref().to_string(),
                span: key.span(),
            };
            (key, convert(value.get_ref(), value.span()))
        })
        .collect()
}

fn convert(value: &DeValue<'_>, span: std::ops::Range<usize>) -> Node {
    let value = match value {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            let digits = digits
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            match i64::from_str_radix(digits, i.radix()) {
                Ok(n) => Value::Int(n),
                Err(_) => Value::Str(i.as_str().to_string()),
            }
        }
        DeValue::Float(f) => {
            let text: String = f.as_str().chars().filter(|c| *c != '_').collect();
            Value::Float(text.parse().unwrap_or(f64::NAN))
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::List(
            items
                .iter()
                .map(|item| convert(item.get_ref(), item.span()))
                .collect(),
        ),
        DeValue::Table(table) => Value::Map(convert_table(table)),
    };
    Node { value, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_spans_survive() {
        let text = "title = \"Ledger\"\nstarted = 2026-02-02\nleverage = [\"strategic\"]\n[x]\ny = 1_000\n";
        let node = parse(text).unwrap();
        let started = node.get("started").unwrap();
        assert_eq!(started.value, Value::Datetime("2026-02-02".into()));
        assert_eq!(&text[started.span.clone()], "2026-02-02");
        assert_eq!(
            node.get("x").unwrap().get("y").unwrap().value,
            Value::Int(1000)
        );
    }

    #[test]
    fn nesting_10000_deep_is_refused_quickly() {
        let depth = 10_000;
        for text in [
            format!("x = {}{}", "[".repeat(depth), "]".repeat(depth)),
            format!("x = {}1{}", "{a = ".repeat(depth), "}".repeat(depth)),
            format!("{} = 1", vec!["a"; depth].join(".")),
            format!("[{}]", vec!["a"; depth].join(".")),
        ] {
            let started = std::time::Instant::now();
            let error = parse(&text).unwrap_err();
            assert!(error.message.contains("nested too deeply"), "{error:?}");
            assert!(started.elapsed() < std::time::Duration::from_secs(1));
        }
    }

    #[test]
    fn spans_are_byte_offsets_after_multibyte_text() {
        let text = "title = \"Café ☕ 日本\" # é ü\nstatus = \"actve\"\ntags = [\"é\", \"☕\"]\n";
        let node = parse(text).unwrap();
        assert_eq!(&text[node.get("status").unwrap().span.clone()], "\"actve\"");
        let (key, _) = &node.as_map().unwrap()[1];
        assert_eq!(&text[key.span.clone()], "status");
        let Value::List(tags) = &node.get("tags").unwrap().value else {
            panic!()
        };
        assert_eq!(&text[tags[1].span.clone()], "\"☕\"");
    }

    #[test]
    fn errors_have_spans() {
        let error = parse("title = \n").unwrap_err();
        assert!(!error.message.is_empty());
    }
}
