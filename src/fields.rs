//! Typed reading of a frontmatter map, one field at a time.
//!
//! [`Fields`] turns the [`Node`] tree into typed values and reports, for each
//! field, everything that is wrong with it (missing, wrong type, invalid date,
//! value not allowed) without stopping; at the end, every key that no reader
//! asked for is reported as unknown, with a did-you-mean. Both entries and
//! `dossier.toml` are read through it, so all diagnostics look alike.

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, FileId, Rule, did_you_mean};
use crate::entry::{Artifact, Choice, DateRange, Person, Problem, Spanned};
use crate::node::{Key, Node, Span, Value};

#[cfg(test)]
thread_local! {
    /// Every field name a reader asked for on this thread, with what the map
    /// is: lets tests compare the fields the validator reads with the schema.
    pub(crate) static ASKED: std::cell::RefCell<Vec<(String, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads the fields of one map, collecting diagnostics.
pub struct Fields<'a> {
    file: FileId,
    entries: &'a [(Key, Node)],
    seen: Vec<bool>,
    /// Where to point when a required field is missing.
    anchor: Span,
    /// What the map is, for messages ("goal", "dossier.toml").
    what: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// False once any field had an error.
    pub ok: bool,
    /// Each required field reported missing, with where its diagnostic is
    /// in `diagnostics`: dropped by [`Fields::finish`] when an unknown key
    /// is that field misspelt, so that the user gets one diagnostic, at
    /// the key.
    missing: Vec<(String, usize)>,
}

impl<'a> Fields<'a> {
    /// Starts reading `entries`; `anchor` is where missing fields are reported.
    pub fn new(
        file: FileId,
        entries: &'a [(Key, Node)],
        anchor: Span,
        what: &'a str,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Fields {
            file,
            entries,
            seen: vec![false; entries.len()],
            anchor,
            what,
            diagnostics,
            ok: true,
            missing: Vec::new(),
        }
    }

    /// Reports a problem and marks the map as not OK.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.ok = false;
        self.diagnostics.push(diagnostic);
    }

    /// Reports a warning: the map stays valid.
    pub fn warn(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The file being read.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// The raw node of a field, marked as known. Null counts as absent.
    pub fn node(&mut self, name: &str) -> Option<&'a Node> {
        #[cfg(test)]
        ASKED.with(|asked| {
            asked
                .borrow_mut()
                .push((self.what.to_string(), name.to_string()))
        });
        let index = self.entries.iter().position(|(key, _)| key.name == name)?;
        self.seen[index] = true;
        let node = &self.entries[index].1;
        (node.value != Value::Null).then_some(node)
    }

    /// Marks fields as known without reading them.
    pub fn accept(&mut self, names: &[&str]) {
        for name in names {
            self.node(name);
        }
    }

    /// Reports the required field `name` as missing, `expected` saying what
    /// to write (in the field's own terms: "the people met, ...").
    pub fn require(&mut self, name: &str, expected: &str) {
        self.missing(name, expected);
    }

    fn missing(&mut self, name: &str, expected: &str) {
        let diagnostic = Diagnostic::new(
            Rule::MissingField,
            self.file,
            self.anchor.clone(),
            format!("missing required field `{name}` in this {}", self.what),
        )
        .with_hint(format!("add `{name}`: {expected}"));
        self.missing
            .push((name.to_string(), self.diagnostics.len()));
        self.report(diagnostic);
    }

    fn wrong_type(&mut self, name: &str, node: &Node, expected: &str) {
        let diagnostic = Diagnostic::new(
            Rule::WrongType,
            self.file,
            node.span.clone(),
            format!(
                "`{name}` must be {expected}, found {}",
                node.value.describe()
            ),
        )
        .with_label(format!("expected {expected}"));
        self.report(diagnostic);
    }

    /// A string field. Numbers and booleans are read as their text.
    pub fn string(&mut self, name: &str, required: bool) -> Option<Spanned<String>> {
        let Some(node) = self.node(name) else {
            if required {
                self.missing(name, "a string");
            }
            return None;
        };
        match node.scalar_text() {
            Some(text) if text.trim().is_empty() => {
                if required {
                    self.missing(name, "a non-empty string");
                }
                None
            }
            Some(text) => Some(Spanned {
                value: text.trim().to_string(),
                span: node.span.clone(),
            }),
            None => {
                self.wrong_type(name, node, "a string");
                None
            }
        }
    }

    /// A boolean field; absent is `false`.
    pub fn boolean(&mut self, name: &str) -> bool {
        let Some(node) = self.node(name) else {
            return false;
        };
        match node.value {
            Value::Bool(b) => b,
            _ => {
                self.wrong_type(name, node, "`true` or `false`");
                false
            }
        }
    }

    /// A whole number within `bound` (see `bounds.rs`). A number too
    /// large for any integer type is still reported as out of range, not as
    /// text.
    pub fn bounded_int(&mut self, name: &str, bound: &crate::bounds::IntBound) -> Option<u64> {
        let node = self.node(name)?;
        let value = match &node.value {
            Value::Int(i) => i128::from(*i),
            Value::Str(text) if is_integer_text(text) => text.trim().parse().unwrap_or(i128::MAX),
            _ => {
                self.wrong_type(name, node, "a whole number");
                return None;
            }
        };
        match bound.check(name, value) {
            Ok(value) => Some(value),
            Err(error) => {
                let diagnostic = Diagnostic::new(
                    Rule::InvalidValue,
                    self.file,
                    node.span.clone(),
                    error.to_string(),
                )
                .with_label("out of range");
                self.report(diagnostic);
                None
            }
        }
    }

    /// A date field: `YYYY-MM-DD`, quoted or not, or a TOML date.
    pub fn date(&mut self, name: &str, required: bool) -> Option<Spanned<Date>> {
        let Some(node) = self.node(name) else {
            if required {
                self.missing(name, "a date written YYYY-MM-DD");
            }
            return None;
        };
        self.date_of(name, node)
    }

    fn date_of(&mut self, name: &str, node: &Node) -> Option<Spanned<Date>> {
        let text = match &node.value {
            Value::Str(s) | Value::Datetime(s) => s.trim(),
            _ => {
                self.wrong_type(name, node, "a date written YYYY-MM-DD");
                return None;
            }
        };
        match parse_date(text) {
            Ok(date) => Some(Spanned {
                value: date,
                span: node.span.clone(),
            }),
            Err(reason) => {
                let hint = match &reason {
                    DateError::NotIso { .. } => {
                        "dossier reads one way of writing dates, the ISO one, so that none is ambiguous"
                    }
                    DateError::NoSuchDay { .. } | DateError::NoSuchMonth { .. } => {
                        "check the day and the month"
                    }
                    _ => "write dates as YYYY-MM-DD, for example 2026-03-14",
                };
                let diagnostic = Diagnostic::new(
                    Rule::InvalidDate,
                    self.file,
                    node.span.clone(),
                    format!("`{name}` is not a valid date: `{text}`: {reason}"),
                )
                .with_label(match &reason {
                    DateError::NoSuchDay { .. } => "not a day of that month",
                    DateError::NoSuchMonth(_) => "no such month",
                    _ => "expected YYYY-MM-DD",
                })
                .with_hint(hint);
                self.report(diagnostic);
                None
            }
        }
    }

    /// A list of strings; a single string is read as a list of one.
    pub fn strings(&mut self, name: &str) -> Vec<Spanned<String>> {
        let Some(node) = self.node(name) else {
            return Vec::new();
        };
        let items = node.items();
        let mut out = Vec::new();
        for item in items {
            match item.scalar_text() {
                Some(text) if !text.trim().is_empty() => out.push(Spanned {
                    value: text.trim().to_string(),
                    span: item.span.clone(),
                }),
                Some(_) => {}
                None => self.wrong_type(name, item, "a list of strings"),
            }
        }
        self.check_split(name, &out);
        out
    }

    /// Reports the items of a list whose parentheses or brackets do not
    /// balance: in a flow list (`[a, b]`) a comma ends an item, so
    /// `[Li Wei (Staff Engineer, Platform)]` is read as two items, "Li Wei
    /// (Staff Engineer" and "Platform)". An item that opens what a later
    /// one closes is reported once, with the two read as one.
    fn check_split(&mut self, name: &str, items: &[Spanned<String>]) {
        let mut at = 0;
        while at < items.len() {
            let balance = bracket_balance(&items[at].value);
            if balance == 0 {
                at += 1;
                continue;
            }
            // An item left open: the items up to the one that closes it
            // were one item before the commas split it.
            let mut end = at;
            if balance > 0 {
                let mut open = balance;
                while end + 1 < items.len() && open > 0 {
                    end += 1;
                    open += bracket_balance(&items[end].value);
                }
                if open != 0 {
                    end = at;
                }
            }
            let span = items[at].span.start..items[end].span.end;
            let diagnostic = if end > at {
                let joined: Vec<&str> = items[at..=end].iter().map(|i| i.value.as_str()).collect();
                let joined = joined.join(", ");
                Diagnostic::new(
                    Rule::SplitItem,
                    self.file,
                    span,
                    format!(
                        "`{name}` reads `{joined}` as {} items: a comma inside `[ ]` ends an item",
                        end - at + 1
                    ),
                )
                .with_label("one item split at its commas")
                .with_hint(format!(
                    "quote it (`[\"{joined}\"]`) or write one item per line (`- {joined}`)"
                ))
            } else {
                Diagnostic::new(
                    Rule::SplitItem,
                    self.file,
                    span,
                    format!(
                        "`{name}` item `{}` has unbalanced parentheses or brackets",
                        items[at].value
                    ),
                )
                .with_label("unbalanced")
                .with_hint("close what it opens, or quote the item if a comma split it")
            };
            self.report(diagnostic);
            at = end + 1;
        }
    }

    /// A field holding one of a fixed set of names.
    pub fn choice<T: Choice + PartialEq>(&mut self, name: &str, required: bool) -> Option<T> {
        let Some(node) = self.node(name) else {
            if required {
                self.missing(name, &format!("one of {}", T::names().join(", ")));
            }
            return None;
        };
        self.choice_of(name, node)
    }

    fn choice_of<T: Choice + PartialEq>(&mut self, name: &str, node: &Node) -> Option<T> {
        let Some(text) = node.scalar_text() else {
            self.wrong_type(name, node, &format!("a {}", T::WHAT));
            return None;
        };
        if let Some(value) =
            T::from_name(text.trim()).or_else(|| T::from_name(&text.trim().to_lowercase()))
        {
            return Some(value);
        }
        let names = T::names();
        let diagnostic = Diagnostic::new(
            Rule::InvalidValue,
            self.file,
            node.span.clone(),
            format!("`{text}` is not a valid {}", T::WHAT),
        )
        .with_label(format!("expected one of: {}", names.join(", ")))
        .with_hint_opt(
            T::synonym(&text)
                .map(|value| format!("did you mean `{}`? (the word dossier uses)", value.name()))
                .or_else(|| did_you_mean(&text, names.iter().copied())),
        );
        self.report(diagnostic);
        None
    }

    /// A list of fixed names; a single name is read as a list of one.
    pub fn choices<T: Choice + PartialEq>(&mut self, name: &str) -> Vec<T> {
        let Some(node) = self.node(name) else {
            return Vec::new();
        };
        let items = node.items();
        let mut out = Vec::new();
        for item in items {
            if let Some(value) = self.choice_of::<T>(name, item)
                && !out.contains(&value)
            {
                out.push(value);
            }
        }
        out
    }

    /// A date range: `"YYYY-MM-DD..YYYY-MM-DD"` or `{ from = ..., to = ... }`.
    pub fn range(&mut self, name: &str) -> Option<Spanned<DateRange>> {
        let node = self.node(name)?;
        self.range_of(name, node)
    }

    /// Reads a range from a node (see [`Fields::range`]).
    pub fn range_of(&mut self, name: &str, node: &'a Node) -> Option<Spanned<DateRange>> {
        let (from, to) = match &node.value {
            Value::Str(text) => {
                let Some((from, to)) = text.split_once("..") else {
                    self.wrong_type(name, node, "a range written `YYYY-MM-DD..YYYY-MM-DD`");
                    return None;
                };
                let part = |s: &str| Node {
                    value: Value::Str(s.trim().to_string()),
                    span: node.span.clone(),
                };
                (
                    self.date_of(name, &part(from)),
                    self.date_of(name, &part(to)),
                )
            }
            Value::Map(entries) => {
                let mut inner = Fields::new(
                    self.file,
                    entries,
                    node.span.clone(),
                    name,
                    self.diagnostics,
                );
                let from = inner.date("from", true);
                let to = inner.date("to", true);
                inner.accept(&["reason", "label", "note"]);
                let ok = inner.finish(&["from", "to", "reason", "label", "note"]);
                self.ok &= ok;
                (from, to)
            }
            _ => {
                self.wrong_type(
                    name,
                    node,
                    "a range `YYYY-MM-DD..YYYY-MM-DD` or `{ from, to }`",
                );
                return None;
            }
        };
        let (from, to) = (from?, to?);
        if to.value < from.value {
            let diagnostic = Diagnostic::new(
                Rule::EndBeforeStart,
                self.file,
                node.span.clone(),
                format!(
                    "`{name}` ends on {} before it starts on {}",
                    to.value, from.value
                ),
            );
            self.report(diagnostic);
            return None;
        }
        Some(Spanned {
            value: DateRange {
                from: from.value,
                to: to.value,
            },
            span: node.span.clone(),
        })
    }

    /// A list of people: `"Name (Role)"` strings or `{ name, role, org }` maps.
    pub fn people(&mut self, name: &str) -> Vec<Person> {
        self.texts_or_maps(
            name,
            ("person", "a list of people"),
            |mut inner| {
                let person_name = inner.string("name", true);
                let role = inner.string("role", false);
                let org = inner.string("org", false);
                let ok = inner.finish(&["name", "role", "org"]);
                let person = person_name.map(|n| Person {
                    name: n.value,
                    role: role.map(|r| r.value),
                    org: org.map(|o| o.value),
                });
                (person, ok)
            },
            Person::from_text,
        )
    }

    /// A list of artifacts, each `"Title <URL>"`, a URL alone, or a map
    /// `{ title, url }` or `{ title, path }` (one of the two). The path is
    /// checked later, with the body's links.
    pub fn artifacts(&mut self, name: &str) -> Vec<Artifact> {
        let Some(node) = self.node(name) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in node.items() {
            if let Value::Map(entries) = &item.value {
                let mut inner = Fields::new(
                    self.file,
                    entries,
                    item.span.clone(),
                    "artifact",
                    self.diagnostics,
                );
                let title = inner.string("title", true);
                let url = inner.string("url", false);
                let path = inner.string("path", false);
                let mut ok = inner.finish(&["title", "url", "path"]);
                match (&url, &path) {
                    (Some(_), Some(_)) | (None, None) => {
                        ok = false;
                        self.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                self.file,
                                item.span.clone(),
                                format!("an artifact needs one of `url` and `path`, not {}", if url.is_some() { "both" } else { "neither" }),
                            )
                            .with_hint("`{ title: Design doc, url: https://... }` for a page outside the journal, `{ title: Runbook, path: ../assets/runbook.md }` for a file in it"),
                        );
                    }
                    (Some(url), None) if !is_url(&url.value) => {
                        ok = false;
                        self.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                self.file,
                                url.span.clone(),
                                format!("`{}` is not a URL", url.value),
                            )
                            .with_label("expected scheme://...")
                            .with_hint("write the whole address (`https://...`), or use `path` for a file of the journal"),
                        );
                    }
                    _ => {}
                }
                self.ok &= ok;
                if let (true, Some(title)) = (ok, title) {
                    out.push(Artifact {
                        title: title.value,
                        url: url.map(|u| u.value),
                        path,
                    });
                }
                continue;
            }
            let Some(text) = item.scalar_text() else {
                self.wrong_type(name, item, "a list of artifacts");
                continue;
            };
            match artifact_text(text.trim()) {
                Some(artifact) => out.push(artifact),
                None => self.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        self.file,
                        item.span.clone(),
                        format!("artifact `{}` is neither `Title <URL>` nor a URL", text.trim()),
                    )
                    .with_hint("write `Title <https://...>`, a URL, or `{ title: ..., path: ... }` for a file of the journal"),
                ),
            }
        }
        out
    }

    /// A list of problems, each a line of text or a map
    /// `{ problem, goal }` naming the goal that answers it.
    pub fn problems(&mut self, name: &str) -> Vec<Problem> {
        self.texts_or_maps(
            name,
            ("problem", "a list of problems"),
            |mut inner| {
                let text = inner.string("problem", true);
                let goal = inner.string("goal", false);
                let ok = inner.finish(&["problem", "goal"]);
                let problem = text.map(|t| Problem {
                    text: t.value,
                    goal: goal.map(|g| Spanned {
                        value: g.value.trim().to_string(),
                        span: g.span,
                    }),
                });
                (problem, ok)
            },
            |text| Problem {
                text: text.to_string(),
                goal: None,
            },
        )
    }

    /// A list whose items are each a line of text (read by `from_text`,
    /// trimmed) or a map of fields (read by `from_map`, which says whether
    /// the map was read without error), a single value being a list of
    /// one. `map_kind` and `list_kind` name a map and the list in messages.
    /// The text items get the split check.
    fn texts_or_maps<T>(
        &mut self,
        name: &str,
        (map_kind, list_kind): (&'static str, &str),
        mut from_map: impl FnMut(Fields<'_>) -> (Option<T>, bool),
        from_text: impl Fn(&str) -> T,
    ) -> Vec<T> {
        let Some(node) = self.node(name) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut texts = Vec::new();
        for item in node.items() {
            match &item.value {
                Value::Map(entries) => {
                    let inner = Fields::new(
                        self.file,
                        entries,
                        item.span.clone(),
                        map_kind,
                        self.diagnostics,
                    );
                    let (value, ok) = from_map(inner);
                    self.ok &= ok;
                    out.extend(value);
                }
                _ => match item.scalar_text() {
                    Some(text) if !text.trim().is_empty() => {
                        out.push(from_text(text.trim()));
                        texts.push(Spanned {
                            value: text.trim().to_string(),
                            span: item.span.clone(),
                        });
                    }
                    Some(_) => {}
                    None => self.wrong_type(name, item, list_kind),
                },
            }
        }
        self.check_split(name, &texts);
        out
    }

    /// A table of people, each name with `role` and `org`:
    /// `[people]` then `"Lena Chen" = { role = "Director", org = "Engineering" }`.
    pub fn people_table(&mut self, name: &str) -> Vec<Person> {
        let Some(node) = self.node(name) else {
            return Vec::new();
        };
        let Value::Map(entries) = &node.value else {
            self.wrong_type(
                name,
                node,
                "a table of names, each { role = ..., org = ... }",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in entries {
            let Value::Map(fields) = &value.value else {
                self.wrong_type(&key.name, value, "a table { role = ..., org = ... }");
                continue;
            };
            let mut inner = Fields::new(
                self.file,
                fields,
                value.span.clone(),
                "person",
                self.diagnostics,
            );
            let role = inner.string("role", false);
            let org = inner.string("org", false);
            let ok = inner.finish(&["role", "org"]);
            self.ok &= ok;
            out.push(Person {
                name: key.name.trim().to_string(),
                role: role.map(|r| r.value),
                org: org.map(|o| o.value),
            });
        }
        out
    }

    /// Reports every key no reader asked for, with a did-you-mean among
    /// `known`. Returns true when the whole map was read without error.
    pub fn finish(mut self, known: &[&str]) -> bool {
        let mut names = std::collections::HashSet::new();
        // Missing-field diagnostics made redundant by a misspelt key.
        let mut redundant = Vec::new();
        for (index, (key, _)) in self.entries.iter().enumerate() {
            let first = names.insert(key.name.as_str());
            if self.seen[index] {
                continue;
            }
            // The same key written twice: the first is read, the second is
            // a mistake of its own, not an unknown field.
            if !first {
                let diagnostic = Diagnostic::new(
                    Rule::FrontmatterSyntax,
                    self.file,
                    key.span.clone(),
                    format!(
                        "the field `{}` is set twice in this {}: only the first is read",
                        key.name, self.what
                    ),
                )
                .with_label("set again here")
                .with_hint("keep one of the two lines");
                self.report(diagnostic);
                continue;
            }
            let close = crate::diagnostic::closest(&key.name, known.iter().copied());
            let misspelt_required = close.and_then(|name| {
                self.missing
                    .iter()
                    .find(|(missing, _)| missing == name)
                    .map(|(_, index)| *index)
            });
            let diagnostic =
                match (close, misspelt_required) {
                    // The one diagnostic for a misspelt required field: at the
                    // key, not also "missing" at the fence.
                    (Some(name), Some(index)) => {
                        redundant.push(index);
                        Diagnostic::new(
                        Rule::UnknownField,
                        self.file,
                        key.span.clone(),
                        format!(
                            "unknown field `{}` in this {}: the required field `{name}` misspelt?",
                            key.name, self.what
                        ),
                    )
                    .with_label(format!("did you mean `{name}`?"))
                    .with_hint(format!("write `{name}`: this {} has no `{name}` yet", self.what))
                    }
                    _ => Diagnostic::new(
                        Rule::UnknownField,
                        self.file,
                        key.span.clone(),
                        format!("unknown field `{}` in this {}", key.name, self.what),
                    )
                    .with_label("not a known field")
                    .with_hint(
                        close
                            .map(|name| format!("did you mean `{name}`?"))
                            .unwrap_or_else(|| format!("known fields: {}", known.join(", "))),
                    ),
                };
            self.report(diagnostic);
        }
        redundant.sort_unstable();
        redundant.dedup();
        for index in redundant.into_iter().rev() {
            if index < self.diagnostics.len() {
                self.diagnostics.remove(index);
            }
        }
        self.ok
    }
}

/// Parses `YYYY-MM-DD`, also accepting a date-time (its date is kept).
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    Ok(crate::bounds::date(parse_any_date(text)?)?)
}

/// Why a text is not a date dossier accepts, in the user's terms.
#[derive(Debug, thiserror::Error)]
pub enum DateError {
    /// A day the month does not have (`2026-09-31`, `2026-02-29`).
    #[error("{month} {year} has {days} days")]
    NoSuchDay {
        /// The year.
        year: i16,
        /// The month's name.
        month: &'static str,
        /// Its number of days.
        days: i8,
    },
    /// A month number outside 1 to 12.
    #[error("there is no month {0}: months go from 01 to 12")]
    NoSuchMonth(i64),
    /// A real date written another way (`14/10/2026`).
    #[error("dates are written YYYY-MM-DD, year first: write {written_as}")]
    NotIso {
        /// What to write instead: "`2026-10-14`", or two choices when the
        /// order of day and month cannot be told.
        written_as: String,
    },
    /// Not a date, a date-time nor a timestamp: the date parser's reason.
    #[error("{0}")]
    Unreadable(jiff::Error),
    /// A date out of the years dossier accepts.
    #[error(transparent)]
    OutOfBounds(#[from] crate::bounds::OutOfBounds),
}

/// An address with a scheme: `https://...`, `mailto:...`.
fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok
        && (rest.starts_with("//") || scheme.eq_ignore_ascii_case("mailto"))
        && !text.contains(char::is_whitespace)
}

/// `Title <URL>` or a URL alone, as an artifact.
fn artifact_text(text: &str) -> Option<Artifact> {
    if is_url(text) {
        return Some(Artifact {
            title: text.to_string(),
            url: Some(text.to_string()),
            path: None,
        });
    }
    let (title, rest) = text.strip_suffix('>')?.rsplit_once('<')?;
    let (title, url) = (title.trim(), rest.trim());
    (!title.is_empty() && is_url(url)).then(|| Artifact {
        title: title.to_string(),
        url: Some(url.to_string()),
        path: None,
    })
}

/// Opening minus closing parentheses and brackets in `text`.
fn bracket_balance(text: &str) -> i64 {
    text.chars()
        .map(|c| match c {
            '(' | '[' | '{' => 1,
            ')' | ']' | '}' => -1,
            _ => 0,
        })
        .sum()
}

/// A number written as digits, too large for the parser's integers.
fn is_integer_text(text: &str) -> bool {
    let digits = text.trim().trim_start_matches(['-', '+']);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn parse_any_date(text: &str) -> Result<Date, DateError> {
    match text.parse::<Date>() {
        Ok(date) => Ok(date),
        Err(error) => {
            if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
                return Ok(datetime.date());
            }
            if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
                return Ok(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date());
            }
            Err(explain_date(text).unwrap_or(DateError::Unreadable(error)))
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why `text`, three numbers, is not a date, in the user's terms: a day
/// the month lacks, a month past 12, or a date written day or month first
/// (then what to write). `None` when it is not three numbers.
fn explain_date(text: &str) -> Option<DateError> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (a_n, b_n, c_n) = (number(a)?, number(b)?, number(c)?);
    let check = |year: i64, month: i64, day: i64| -> Result<Date, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::NoSuchMonth(month));
        }
        let year16 = i16::try_from(year).map_err(|_| DateError::NoSuchMonth(month))?;
        let month8 = month as i8;
        let first = Date::new(year16, month8, 1).map_err(DateError::Unreadable)?;
        let days = first.days_in_month();
        if !(1..=i64::from(days)).contains(&day) {
            return Err(DateError::NoSuchDay {
                year: year16,
                month: MONTHS[(month - 1) as usize],
                days,
            });
        }
        Date::new(year16, month8, day as i8).map_err(DateError::Unreadable)
    };
    if a.len() == 4 {
        // Year first: a real date here would have parsed, so say why not
        // (or, written with `/` or `.`, what to write).
        return Some(match check(a_n, b_n, c_n) {
            Ok(date) => DateError::NotIso {
                written_as: format!("`{date}`"),
            },
            Err(error) => error,
        });
    }
    if c.len() != 4 {
        return None;
    }
    // Day or month first, the year last.
    let day_first = check(c_n, b_n, a_n).ok();
    let month_first = check(c_n, a_n, b_n).ok();
    let written_as = match (day_first, month_first) {
        (Some(d), Some(m)) if d != m => format!("`{d}` (day first) or `{m}` (month first)"),
        (Some(d), _) => format!("`{d}`"),
        (None, Some(m)) => format!("`{m}`"),
        (None, None) => return check(c_n, b_n, a_n).err(),
    };
    Some(DateError::NotIso { written_as })
}

#[cfg(test)]
mod date_tests {
    use super::*;

    fn message(text: &str) -> String {
        parse_date(text).unwrap_err().to_string()
    }

    #[test]
    fn dates_are_explained_in_the_users_terms() {
        assert_eq!(message("2026-09-31"), "September 2026 has 30 days");
        assert_eq!(message("2026-02-29"), "February 2026 has 28 days");
        assert_eq!(
            message("2026-13-01"),
            "there is no month 13: months go from 01 to 12"
        );
        let DateError::NotIso { written_as } = parse_date("14/10/2026").unwrap_err() else {
            panic!("not NotIso");
        };
        assert_eq!(written_as, "`2026-10-14`");
        let DateError::NotIso { written_as } = parse_date("10/14/2026").unwrap_err() else {
            panic!("not NotIso");
        };
        assert_eq!(written_as, "`2026-10-14`");
        let DateError::NotIso { written_as } = parse_date("04.10.2026").unwrap_err() else {
            panic!("not NotIso");
        };
        assert_eq!(
            written_as,
            "`2026-10-04` (day first) or `2026-04-10` (month first)"
        );
        let DateError::NotIso { written_as } = parse_date("2026/10/14").unwrap_err() else {
            panic!("not NotIso");
        };
        assert_eq!(written_as, "`2026-10-14`");
        assert!(matches!(parse_date("soon"), Err(DateError::Unreadable(_))));
        assert_eq!(parse_date("2024-02-29").unwrap().to_string(), "2024-02-29");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml;

    #[test]
    fn artifacts_are_titled_links_or_journal_paths() {
        let node = yaml::parse(
            "artifacts:\n  - RFC <https://example.com/rfc>\n  - https://example.com/d\n  - { title: Runbook, path: ../assets/r.md }\n  - just words\n  - { title: Both, url: https://x.y, path: a.md }\n  - { title: Bad, url: not a url }\n",
        )
        .unwrap()
        .unwrap();
        let mut diagnostics = Vec::new();
        let mut fields = Fields::new(0, node.as_map().unwrap(), 0..0, "goal", &mut diagnostics);
        let artifacts = fields.artifacts("artifacts");
        assert!(!fields.finish(&["artifacts"]));
        let titles: Vec<&str> = artifacts.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["RFC", "https://example.com/d", "Runbook"]);
        assert_eq!(artifacts[0].url.as_deref(), Some("https://example.com/rfc"));
        assert_eq!(artifacts[2].path.as_ref().unwrap().value, "../assets/r.md");
        assert_eq!(diagnostics.len(), 3, "{diagnostics:?}");
        assert!(diagnostics.iter().all(|d| d.rule == Rule::InvalidValue));
    }

    #[test]
    fn dates_parse_and_invalid_ones_say_why() {
        assert_eq!(
            parse_date("2026-03-14").unwrap(),
            jiff::civil::date(2026, 3, 14)
        );
        assert_eq!(
            parse_date("2026-03-14T10:00:00").unwrap(),
            jiff::civil::date(2026, 3, 14)
        );
        assert_eq!(
            parse_date("2026-03-14T10:00:00Z").unwrap(),
            jiff::civil::date(2026, 3, 14)
        );
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("March 3").is_err());
    }

    #[test]
    fn every_problem_is_reported() {
        let node = yaml::parse("title: [a]\nstarted: 2026-13-01\nstatus: actve\nstauts: x\n")
            .unwrap()
            .unwrap();
        let mut diagnostics = Vec::new();
        let mut fields = Fields::new(0, node.as_map().unwrap(), 0..0, "goal", &mut diagnostics);
        assert!(fields.string("title", true).is_none());
        assert!(fields.date("started", true).is_none());
        assert!(
            fields
                .choice::<crate::entry::Status>("status", true)
                .is_none()
        );
        assert!(fields.date("finished", false).is_none());
        assert!(!fields.finish(&["title", "started", "status"]));
        let rules: Vec<Rule> = diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            [
                Rule::WrongType,
                Rule::InvalidDate,
                Rule::InvalidValue,
                Rule::UnknownField
            ]
        );
        assert_eq!(
            diagnostics[2].hint.as_deref(),
            Some("did you mean `active`?")
        );
        assert_eq!(
            diagnostics[3].hint.as_deref(),
            Some("did you mean `status`?")
        );
    }
}
