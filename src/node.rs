//! The frontmatter value tree, with positions.
//!
//! YAML and TOML frontmatter (and `dossier.toml`) are parsed into [`Node`]s
//! that remember the byte span of every value and key in the original file,
//! so that validation can point at the exact line and column of a problem.
//! Serde would stop at the first error and forget positions; this tree lets
//! validation report every problem at once.

use std::ops::Range;

/// A byte range in the file the value came from.
pub type Span = Range<usize>;

/// A parsed value and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value is written.
    pub span: Span,
}

/// A map key and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where the key is written.
    pub span: Span,
}

/// A frontmatter value. YAML plain scalars are resolved with the YAML 1.2
/// core schema (null, booleans, numbers, otherwise strings); dates stay
/// strings until a date field reads them. TOML dates arrive typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (quoted or plain).
    Str(String),
    /// A TOML date, time or date-time, as TOML writes it.
    Datetime(String),
    /// A list.
    List(Vec<Node>),
    /// A map, in the order written.
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// What the value is, in words, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Datetime(_) => "a date",
            Value::List(_) => "a list",
            Value::Map(_) => "a map",
        }
    }
}

impl Node {
    /// The entries of a map node, or `None`.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of a list node; any other node is a list of itself (a
    /// single value where a list is expected is read as a list of one).
    pub fn items(&self) -> Vec<&Node> {
        match &self.value {
            Value::List(items) => items.iter().collect(),
            _ => vec![self],
        }
    }

    /// Looks a key up in a map node.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(key, _)| key.name == name)
            .map(|(_, node)| node)
    }

    /// The text of a scalar, as a string field would read it.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) | Value::Datetime(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null | Value::List(_) | Value::Map(_) => None,
        }
    }
}
