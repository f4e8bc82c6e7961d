//! Diagnostics: problems found in the user's files, as data.
//!
//! Every stage that reads user input (config, parse, validate) reports
//! problems here instead of failing: a [`Diagnostic`] names the file, the byte
//! span inside it, the [`Rule`] that fired, the offending value and a hint.
//! [`Report`] owns the source texts so that the one rendering for users
//! (`path:line:col: severity[rule]: message`, then the source line and the
//! hint, drawn by `codespan-reporting`) and the JSON rendering for editors and
//! CI always agree on positions.
//!
//! The text rendering is safe for a terminal and linear in the size of the
//! report: everything drawn goes through [`crate::term::escape`] (the
//! source line too, before codespan measures it, so carets stay under what
//! they point at), a source line is cut to [`SNIPPET_WIDTH`] characters
//! around its span, and line and column numbers are found with a cursor
//! that moves forward through each file, never from its start.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self, Files};
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{ColorSpec, WriteColor};
use schemars::JsonSchema;
use serde::Serialize;

use crate::term as terminal;

/// The widest part of a source line drawn under a diagnostic, in
/// characters. A longer line is cut around the span, `…` marking each cut:
/// a diagnostic costs the same to draw however long its line is, so a file
/// with thousands of problems on one long line is not drawn in quadratic
/// time and space.
pub const SNIPPET_WIDTH: usize = 160;

/// How bad a diagnostic is, after the journal's `[rules]` overrides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information only (for example: no `dossier.toml`, defaults used).
    Note,
    /// Worth fixing, does not fail `check` unless `--deny-warnings`.
    Warning,
    /// The journal is wrong: `check` fails and `build` refuses.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A severity a user can set for a rule in `[rules]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The rule is switched off.
    Allow,
    /// The rule reports notes (informational).
    Note,
    /// The rule reports warnings.
    Warn,
    /// The rule reports errors.
    Error,
}

impl Level {
    /// The names accepted in `dossier.toml`.
    pub const NAMES: [&'static str; 4] = ["allow", "note", "warn", "error"];

    /// Parses a level name as written in `[rules]`.
    pub fn from_name(name: &str) -> Option<Level> {
        match name {
            "allow" => Some(Level::Allow),
            "note" => Some(Level::Note),
            "warn" | "warning" => Some(Level::Warn),
            "error" | "deny" => Some(Level::Error),
            _ => None,
        }
    }

    /// The level's name as a severity (`warning` for [`Level::Warn`]), as
    /// the README's rules table and `dossier rules` show a default.
    pub fn name(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Note => "note",
            Level::Warn => "warning",
            Level::Error => "error",
        }
    }
}

mod rules;

pub use rules::{ExampleFile, Rule};

impl Rule {
    /// Looks a rule up by its kebab-case name.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.name() == name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Identifies one source text held by a [`Report`].
pub type FileId = usize;

/// One problem in the user's files.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: Rule,
    /// Set from the rule's level when the diagnostic is added to a [`Report`].
    pub severity: Severity,
    /// The file it is in, when it is about one file.
    pub file: Option<FileId>,
    /// Byte range inside that file's text.
    pub span: Option<Range<usize>>,
    /// The main message, one line, naming the offending value.
    pub message: String,
    /// A short label drawn under the offending text (what was expected).
    pub label: Option<String>,
    /// How to fix it: a did-you-mean, the expected format...
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span` in `file`.
    pub fn new(rule: Rule, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Error,
            file: Some(file),
            span: Some(span),
            message: message.into(),
            label: None,
            hint: None,
        }
    }

    /// A diagnostic about the journal as a whole, not a place in a file.
    pub fn global(rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Error,
            file: None,
            span: None,
            message: message.into(),
            label: None,
            hint: None,
        }
    }

    /// Adds the label drawn under the offending text.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// A line and column, both counted from 1; columns count characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

/// The diagnostics of one run and the sources they point into.
#[derive(Default)]
pub struct Report {
    files: Sources,
    diagnostics: Vec<Diagnostic>,
    levels: Vec<(Rule, Level)>,
    /// The rules each note's `allow` silences on it.
    allowed: BTreeMap<FileId, Vec<Rule>>,
}

/// The report's source texts, for `codespan-reporting`. A text is shared
/// with whoever read it (no copy), and its line starts are found only when
/// a diagnostic points into it: most files have none.
#[derive(Default)]
struct Sources(Vec<Source>);

struct Source {
    path: PathBuf,
    text: Arc<str>,
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| files::line_starts(&self.text).collect())
    }

    /// Where line `index` starts; the end of the text for the line after
    /// the last (as `codespan_reporting::files::SimpleFile` does).
    fn line_start(&self, index: usize) -> Result<usize, files::Error> {
        let starts = self.line_starts();
        match index.cmp(&starts.len()) {
            std::cmp::Ordering::Less => Ok(starts[index]),
            std::cmp::Ordering::Equal => Ok(self.text.len()),
            std::cmp::Ordering::Greater => Err(files::Error::LineTooLarge {
                given: index,
                max: starts.len() - 1,
            }),
        }
    }
}

impl Sources {
    fn get(&self, file: FileId) -> Result<&Source, files::Error> {
        self.0.get(file).ok_or(files::Error::FileMissing)
    }
}

impl<'a> Files<'a> for Sources {
    type FileId = FileId;
    type Name = std::path::Display<'a>;
    type Source = &'a str;

    fn name(&'a self, file: FileId) -> Result<Self::Name, files::Error> {
        Ok(self.get(file)?.path.display())
    }

    fn source(&'a self, file: FileId) -> Result<&'a str, files::Error> {
        Ok(&self.get(file)?.text)
    }

    fn line_index(&'a self, file: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let starts = self.get(file)?.line_starts();
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_range(&'a self, file: FileId, line: usize) -> Result<Range<usize>, files::Error> {
        let source = self.get(file)?;
        Ok(source.line_start(line)?..source.line_start(line + 1)?)
    }
}

/// A place in a file, as `--format json` writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct JsonPosition {
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1, counted in characters (Unicode scalar
    /// values, not bytes nor UTF-16 units).
    pub column: usize,
    /// Byte offset in the file, from 0 (the file read as UTF-8).
    pub offset: usize,
}

/// One diagnostic as written by `dossier check --format json`.
#[derive(Serialize, JsonSchema)]
pub struct JsonDiagnostic<'a> {
    /// The file it is in, as given on the command line joined with the
    /// note's path; null for diagnostics about the journal as a whole.
    pub path: Option<String>,
    /// Line of `start`, from 1; null when the diagnostic has no place in a file.
    pub line: Option<usize>,
    /// Column of `start`, from 1, in characters; null with `line`.
    pub column: Option<usize>,
    /// Where the offending text starts; null with `line`.
    pub start: Option<JsonPosition>,
    /// Where the offending text ends (exclusive: the first character after
    /// it); equal to `start` for a diagnostic that points between two
    /// characters; null with `line`.
    pub end: Option<JsonPosition>,
    /// How bad it is, after the journal's `[rules]`: `error` fails `dossier
    /// check`, `warning` fails it only with `--deny-warnings`, `note`
    /// informs.
    pub severity: Severity,
    /// The rule that found it (`dossier rules NAME` explains it).
    #[schemars(schema_with = "rule_name_schema")]
    pub rule: &'static str,
    /// What is wrong, in one line.
    pub message: &'a str,
    /// How to fix it (a did-you-mean, the expected format), or null.
    pub hint: Option<&'a str>,
}

/// The schema of a rule's name: one of the rules' names.
fn rule_name_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = Rule::ALL.iter().map(|rule| rule.name()).collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

/// The JSON Schema (draft 2020-12) of `dossier check --format json`, from
/// the type that output is written from ([`JsonDiagnostic`]).
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut value = generator
        .into_root_schema_for::<Vec<JsonDiagnostic<'static>>>()
        .to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("$id".into(), "urn:dossier:schema:diagnostics".into());
        object.insert("title".into(), "dossier diagnostics".into());
        object.insert(
            "description".into(),
            "The diagnostics of `dossier check --format json` (also `dossier build --format \
             json`): one array, sorted by file and position. Generated by `dossier schema \
             diagnostics`."
                .into(),
        );
    }
    value
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Report::default()
    }

    /// Applies `[rules]` severity overrides to everything added from now on.
    pub fn set_levels(&mut self, levels: Vec<(Rule, Level)>) {
        self.levels = levels;
        let diagnostics = std::mem::take(&mut self.diagnostics);
        for diagnostic in diagnostics {
            self.push(diagnostic);
        }
    }

    /// Sets one rule's level, over `[rules]` (for `--require-history`).
    pub fn force_level(&mut self, rule: Rule, level: Level) {
        let mut levels = self.levels.clone();
        levels.push((rule, level));
        self.set_levels(levels);
    }

    /// Registers a source text under the path shown to users.
    pub fn add_file(&mut self, path: &Path, text: impl Into<Arc<str>>) -> FileId {
        self.files.0.push(Source {
            path: path.to_path_buf(),
            text: text.into(),
            line_starts: OnceLock::new(),
        });
        self.files.0.len() - 1
    }

    /// The id the next file added will get.
    pub fn next_file(&self) -> FileId {
        self.files.0.len()
    }

    /// The text of a registered file.
    pub fn source(&self, file: FileId) -> &str {
        self.files.0.get(file).map_or("", |f| &f.text)
    }

    /// The path of a registered file.
    pub fn path(&self, file: FileId) -> &Path {
        &self.files.0[file].path
    }

    fn level(&self, rule: Rule) -> Level {
        self.levels
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map(|(_, level)| *level)
            .unwrap_or_else(|| rule.default_level())
    }

    /// Silences `rules` on the diagnostics about one file (a note's own
    /// `allow` list): those already added and those added from now on.
    /// Rules that are not [`Rule::per_note`] are left as they are.
    pub fn allow_in(&mut self, file: FileId, rules: &[Rule]) {
        let rules: Vec<Rule> = rules.iter().copied().filter(|r| r.per_note()).collect();
        if rules.is_empty() {
            return;
        }
        self.diagnostics
            .retain(|d| d.file != Some(file) || !rules.contains(&d.rule));
        self.allowed.entry(file).or_default().extend(rules);
    }

    fn allowed_in_file(&self, diagnostic: &Diagnostic) -> bool {
        diagnostic.file.is_some_and(|file| {
            self.allowed
                .get(&file)
                .is_some_and(|rules| rules.contains(&diagnostic.rule))
        })
    }

    /// Adds a diagnostic; its severity comes from the rule's level, and an
    /// allowed rule's diagnostic is dropped (allowed in `[rules]`, or on its
    /// file by [`Report::allow_in`]).
    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        if self.allowed_in_file(&diagnostic) {
            return;
        }
        diagnostic.severity = match (diagnostic.rule, self.level(diagnostic.rule)) {
            (_, Level::Allow) => return,
            (_, Level::Note) => Severity::Note,
            (_, Level::Warn) => Severity::Warning,
            (_, Level::Error) => Severity::Error,
        };
        self.diagnostics.push(diagnostic);
    }

    /// All diagnostics, in the order [`Report::sort`] left them.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Orders diagnostics by file, then position, then rule, for stable output.
    pub fn sort(&mut self) {
        fn key<'a>(
            files: &'a [Source],
            d: &'a Diagnostic,
        ) -> (Option<&'a Path>, Option<usize>, Rule, &'a str) {
            (
                d.file.map(|f| files[f].path.as_path()),
                d.span.as_ref().map(|s| s.start),
                d.rule,
                d.message.as_str(),
            )
        }
        let files = &self.files.0;
        self.diagnostics
            .sort_by(|a, b| key(files, a).cmp(&key(files, b)));
        self.diagnostics.dedup_by(|a, b| {
            a.file == b.file && a.span == b.span && a.rule == b.rule && a.message == b.message
        });
    }

    /// Number of diagnostics of the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// "N errors, M warnings", for the line a command ends with.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning")
        )
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Line and column of a byte offset in a registered file.
    pub fn position(&self, file: FileId, offset: usize) -> Option<Position> {
        Locator::new(&self.files).position(file, offset)
    }

    /// The diagnostics in their JSON shape (see [`json_schema`]).
    pub fn to_json(&self) -> Vec<JsonDiagnostic<'_>> {
        // Starts come in order in a sorted report, ends nearly so: one
        // locator each keeps both linear.
        let mut starts = Locator::new(&self.files);
        let mut ends = Locator::new(&self.files);
        self.diagnostics
            .iter()
            .map(|d| {
                let (start, end) = match (d.file, d.span.as_ref()) {
                    (Some(file), Some(span)) => (
                        starts.json_position(file, span.start),
                        ends.json_position(file, span.end.max(span.start)),
                    ),
                    _ => (None, None),
                };
                JsonDiagnostic {
                    path: d.file.map(|f| self.path(f).display().to_string()),
                    line: start.map(|p| p.line),
                    column: start.map(|p| p.column),
                    start,
                    end,
                    severity: d.severity,
                    rule: d.rule.name(),
                    message: &d.message,
                    hint: d.hint.as_deref(),
                }
            })
            .collect()
    }

    /// Writes every diagnostic for humans: first `path:line:col: error[rule]:
    /// message`, then the source line with the offending text underlined, then
    /// the hint. `color` turns on ANSI colours. Control characters are shown
    /// escaped ([`crate::term::escape`]).
    pub fn emit_text(&self, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
        self.emit_text_filtered(out, color, Severity::Note)
    }

    /// Like [`Report::emit_text`], for diagnostics of at least `minimum` severity.
    pub fn emit_text_filtered(
        &self,
        out: &mut dyn Write,
        color: bool,
        minimum: Severity,
    ) -> std::io::Result<()> {
        let mut locator = Locator::new(&self.files);
        for diagnostic in self.diagnostics.iter().filter(|d| d.severity >= minimum) {
            self.emit_one(out, diagnostic, color, &mut locator)?;
        }
        Ok(())
    }

    fn emit_one(
        &self,
        out: &mut dyn Write,
        d: &Diagnostic,
        color: bool,
        locator: &mut Locator<'_>,
    ) -> std::io::Result<()> {
        let severity = match d.severity {
            Severity::Note => cs::Severity::Note,
            Severity::Warning => cs::Severity::Warning,
            Severity::Error => cs::Severity::Error,
        };
        let excerpt = match (d.file, d.span.clone()) {
            (Some(file), Some(span)) => Excerpt::new(&self.files, file, span, locator),
            _ => None,
        };
        let mut diagnostic = cs::Diagnostic::new(severity)
            .with_code(d.rule.name())
            .with_message(&d.message);
        if let Some(excerpt) = &excerpt {
            let mut label = cs::Label::primary((), excerpt.label.clone());
            if let Some(text) = &d.label {
                label = label.with_message(text);
            }
            diagnostic = diagnostic.with_labels(vec![label]);
        }
        if let Some(hint) = &d.hint {
            diagnostic = diagnostic.with_notes(vec![format!("hint: {hint}")]);
        }
        let short = term::Config {
            display_style: term::DisplayStyle::Short,
            ..Default::default()
        };
        let rich = term::Config::default();
        let empty = Excerpt::EMPTY;
        let files = excerpt.as_ref().unwrap_or(&empty);
        let render = |config: &term::Config| -> std::io::Result<String> {
            let mut buffer = Vec::new();
            if color {
                let mut writer = Escaping(term::termcolor::Ansi::new(&mut buffer));
                term::emit_to_write_style(&mut writer, config, files, &diagnostic)
                    .map_err(std::io::Error::other)?;
            } else {
                let mut writer = Escaping(term::termcolor::NoColor::new(&mut buffer));
                term::emit_to_write_style(&mut writer, config, files, &diagnostic)
                    .map_err(std::io::Error::other)?;
            }
            Ok(String::from_utf8_lossy(&buffer).into_owned())
        };
        // The short style gives the `path:line:col: error[rule]: message` line
        // (or `error[rule]: message` without a file); the rich style gives the
        // source snippet and the hint, after its own header line, which the
        // short line replaces.
        let header = render(&short)?;
        let header = header.lines().next().unwrap_or_default();
        if excerpt.is_none() {
            writeln!(out, "{header}")?;
            if let Some(hint) = &d.hint {
                writeln!(out, "  = hint: {}", terminal::escape(hint))?;
            }
            return writeln!(out);
        }
        let body = render(&rich)?;
        let snippet = body
            .split_once('\n')
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        writeln!(out, "{header}")?;
        write!(out, "{snippet}")
    }
}

/// Finds the line and column of offsets in the report's files as
/// `codespan-reporting` would (columns count characters), remembering
/// where it last was: offsets asked for in increasing order within a file
/// (as a sorted report asks for them) cost O(1) each, amortised, however
/// long their lines.
struct Locator<'a> {
    sources: &'a Sources,
    /// The file, line index, byte offset (a character boundary) and column
    /// index last reached.
    at: Option<(FileId, usize, usize, usize)>,
}

impl<'a> Locator<'a> {
    fn new(sources: &'a Sources) -> Self {
        Locator { sources, at: None }
    }

    /// The line index and the `codespan_reporting::files::Location` of
    /// `offset` in `file`.
    fn locate(&mut self, file: FileId, offset: usize) -> Option<(usize, files::Location)> {
        let source = self.sources.get(file).ok()?;
        let line = self.sources.line_index(file, offset).ok()?;
        let range = self.sources.line_range(file, line).ok()?;
        let text: &str = &source.text;
        // As `codespan_reporting::files::column_index`: the characters that
        // end before `offset`, on the line.
        let end = offset.min(range.end).min(text.len());
        let (mut byte, mut column) = match self.at {
            Some((f, l, byte, column)) if f == file && l == line && byte <= end => (byte, column),
            _ => (range.start, 0),
        };
        for c in text[byte..].chars() {
            if byte + c.len_utf8() > end {
                break;
            }
            byte += c.len_utf8();
            column += 1;
        }
        self.at = Some((file, line, byte, column));
        Some((
            line,
            files::Location {
                line_number: line + 1,
                column_number: column + 1,
            },
        ))
    }

    fn position(&mut self, file: FileId, offset: usize) -> Option<Position> {
        let (_, location) = self.locate(file, offset)?;
        Some(Position {
            line: location.line_number,
            column: location.column_number,
        })
    }

    /// The line, column and byte offset of `offset`, moved back into the
    /// text and onto a character boundary, so that the three agree.
    fn json_position(&mut self, file: FileId, offset: usize) -> Option<JsonPosition> {
        let text: &str = &self.sources.get(file).ok()?.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let position = self.position(file, offset)?;
        Some(JsonPosition {
            line: position.line,
            column: position.column,
            offset,
        })
    }
}

/// What `codespan-reporting` is given to draw one diagnostic: the lines its
/// span is on, as a small file of their own. Each line is cut to
/// [`SNIPPET_WIDTH`] characters around the span, and its control characters
/// are replaced as [`crate::term::escape`] does, before codespan measures
/// the line (so the carets stay under what they point at). A span over
/// more than eight lines keeps its first four and last two, around two
/// empty lines that codespan leaves out (it draws no more of a long span).
/// The line numbers, and the location in the header, are the file's.
struct Excerpt {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// The file's line number of each line of the excerpt.
    numbers: Vec<usize>,
    /// The span, in the excerpt.
    label: Range<usize>,
    /// Where the span starts in the file.
    location: files::Location,
}

impl Excerpt {
    /// Stands in for the files of a diagnostic about no file: never read.
    const EMPTY: Excerpt = Excerpt {
        name: String::new(),
        text: String::new(),
        line_starts: Vec::new(),
        numbers: Vec::new(),
        label: 0..0,
        location: files::Location {
            line_number: 1,
            column_number: 1,
        },
    };

    fn new(
        sources: &Sources,
        file: FileId,
        span: Range<usize>,
        locator: &mut Locator<'_>,
    ) -> Option<Excerpt> {
        let source = sources.get(file).ok()?;
        let text: &str = &source.text;
        let floor = |mut at: usize| {
            at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let (start, end) = (floor(span.start), floor(span.end.max(span.start)));
        let (first, location) = locator.locate(file, start)?;
        let last = sources.line_index(file, end).ok()?.max(first);
        let lines: Vec<Option<usize>> = if last - first < 8 {
            (first..=last).map(Some).collect()
        } else {
            (first..first + 4)
                .map(Some)
                .chain([None, None])
                .chain([Some(last - 1), Some(last)])
                .collect()
        };
        let mut excerpt = Excerpt {
            name: source.path.display().to_string(),
            text: String::new(),
            line_starts: Vec::with_capacity(lines.len()),
            numbers: Vec::with_capacity(lines.len()),
            label: 0..0,
            location,
        };
        let (mut label_start, mut label_end) = (None, None);
        for (i, line) in lines.iter().enumerate() {
            excerpt.line_starts.push(excerpt.text.len());
            let Some(line) = *line else {
                // A line codespan leaves out: any number between its neighbours.
                excerpt.numbers.push(first + 1 + i);
                excerpt.text.push('\n');
                continue;
            };
            excerpt.numbers.push(line + 1);
            let range = sources.line_range(file, line).ok()?;
            let content_end = floor(range.end.min(text.len()));
            let content_end = if text[..content_end].ends_with('\n') {
                content_end - 1
            } else {
                content_end
            };
            let content = range.start..content_end.max(range.start);
            // The part of the line around the span.
            let (focus, before) = if line == first {
                (start, SNIPPET_WIDTH / 4)
            } else if line == last {
                (end, SNIPPET_WIDTH * 3 / 4)
            } else {
                (content.start, 0)
            };
            let window = window(text, content.clone(), focus, before);
            if window.start > content.start {
                excerpt.text.push('…');
            }
            let mut at = window.start;
            for c in text[window.clone()].chars() {
                if line == first && at == start {
                    label_start = Some(excerpt.text.len());
                }
                if line == last && at == end {
                    label_end = Some(excerpt.text.len());
                }
                terminal::push_escaped(&mut excerpt.text, c);
                at += c.len_utf8();
            }
            if line == first && label_start.is_none() {
                label_start = Some(excerpt.text.len());
            }
            if window.end < content.end {
                excerpt.text.push('…');
            }
            if line == last && label_end.is_none() {
                // At the end of the line, or past the cut.
                label_end = Some(excerpt.text.len());
            }
            excerpt.text.push('\n');
        }
        let label_start = label_start.unwrap_or(0);
        excerpt.label = label_start..label_end.unwrap_or(label_start).max(label_start);
        Some(excerpt)
    }

    fn line_start(&self, index: usize) -> Result<usize, files::Error> {
        match index.cmp(&self.line_starts.len()) {
            std::cmp::Ordering::Less => Ok(self.line_starts[index]),
            std::cmp::Ordering::Equal => Ok(self.text.len()),
            std::cmp::Ordering::Greater => Err(files::Error::LineTooLarge {
                given: index,
                max: self.line_starts.len().saturating_sub(1),
            }),
        }
    }
}

/// The bytes of `line` (a range of `text` without its newline) to show:
/// all of it when it is short, else [`SNIPPET_WIDTH`] characters starting
/// up to `before` characters before `focus`. Costs O(`SNIPPET_WIDTH`).
fn window(text: &str, line: Range<usize>, focus: usize, before: usize) -> Range<usize> {
    if line.end - line.start <= SNIPPET_WIDTH {
        return line;
    }
    let focus = focus.clamp(line.start, line.end);
    let start = text[line.start..focus]
        .char_indices()
        .rev()
        .take(before)
        .last()
        .map_or(focus, |(i, _)| line.start + i);
    let end = text[start..line.end]
        .char_indices()
        .nth(SNIPPET_WIDTH)
        .map_or(line.end, |(i, _)| start + i);
    start..end
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self
            .line_starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next.saturating_sub(1)))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, files::Error> {
        Ok(self
            .numbers
            .get(line_index)
            .copied()
            .unwrap_or(line_index + 1))
    }

    fn location(&'a self, (): (), byte_index: usize) -> Result<files::Location, files::Error> {
        if byte_index == self.label.start {
            return Ok(self.location);
        }
        let line_index = self.line_index((), byte_index)?;
        Ok(files::Location {
            line_number: self.line_number((), line_index)?,
            column_number: self.column_number((), line_index, byte_index)?,
        })
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        Ok(self.line_start(line_index)?..self.line_start(line_index + 1)?)
    }
}

/// A `termcolor` writer that passes colours through and shows the text
/// written to it as [`crate::term::escape`] does: what codespan-reporting
/// draws (the file name, the message, the label, the hint) reaches the
/// terminal with its control characters made visible.
struct Escaping<W>(W);

impl<W: WriteColor> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // codespan writes whole `str`s; anything else is shown as UTF-8 would.
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(terminal::escape(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl<W: WriteColor> WriteColor for Escaping<W> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset()
    }
}

/// Returns `Did you mean `x`?` when `value` is close to one of `candidates`.
pub fn did_you_mean<'a>(
    value: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(value, candidates).map(|candidate| format!("did you mean `{candidate}`?"))
}

/// The candidate that shares the most words with `value` (words split on
/// `-`, `_`, `/`, `.` and spaces, in lower case, words of one or two letters
/// and a few small words left out), when it shares at least one and more
/// than any other: `sales-sandbox` finds `a-self-serve-demo-sandbox-for-sales`.
pub fn by_shared_words<'a>(
    value: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    const SMALL: &[&str] = &["the", "and", "for", "with", "from", "into"];
    let words = |text: &str| -> std::collections::BTreeSet<String> {
        text.to_lowercase()
            .split(['-', '_', '/', '.', ' '])
            .filter(|w| w.chars().count() > 2 && !SMALL.contains(w))
            .map(str::to_string)
            .collect()
    };
    let wanted = words(value);
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    let mut tied = false;
    for candidate in candidates {
        let shared = words(candidate).intersection(&wanted).count();
        if shared == 0 {
            continue;
        }
        match best {
            Some((most, _)) if shared < most => {}
            Some((most, _)) if shared == most => tied = true,
            _ => {
                best = Some((shared, candidate));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, candidate)| candidate)
}

/// The candidate `value` is closest to in spelling (Jaro-Winkler, ignoring
/// letter case), when close enough to be a likely typo.
pub fn closest<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let value_lower = value.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&value_lower, &candidate.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_by_shared_words() {
        let slugs = [
            "a-self-serve-demo-sandbox-for-sales",
            "sales-forecast",
            "demo-day",
            "ledger-migration",
        ];
        assert_eq!(
            by_shared_words("sales-sandbox", slugs),
            Some("a-self-serve-demo-sandbox-for-sales")
        );
        assert_eq!(by_shared_words("ledger", slugs), Some("ledger-migration"));
        // A tie is no suggestion; nor are small words alone.
        assert_eq!(by_shared_words("sales", slugs), None);
        assert_eq!(by_shared_words("for-the", slugs), None);
        assert_eq!(by_shared_words("payroll", slugs), None);
    }

    #[test]
    fn sources_place_offsets_as_codespan_does() {
        use codespan_reporting::files::SimpleFile;
        for text in ["", "a", "a\n", "one\ntwo\r\n\nlast", "é\nü x\n\n"] {
            let mut report = Report::new();
            let file = report.add_file(Path::new("n.md"), text);
            let simple = SimpleFile::new("n.md", text);
            for offset in 0..=text.len() + 1 {
                let ours = report.files.location(file, offset).ok();
                let theirs = simple.location((), offset).ok();
                assert_eq!(ours, theirs, "{text:?} at {offset}");
                let lines = text.lines().count() + 2;
                for line in 0..lines {
                    assert_eq!(
                        report.files.line_range(file, line).ok(),
                        simple.line_range((), line).ok(),
                        "{text:?} line {line}"
                    );
                }
            }
        }
        assert!(Report::new().files.source(0).is_err());
    }

    #[test]
    fn the_locator_places_offsets_as_codespan_does_in_any_order() {
        let texts = [
            "",
            "a\nbc\n",
            "é\nü x\n\n☕ 日本語 x\r\nlast",
            "\x1b[2J\u{9b}x\n\u{202e}y",
        ];
        for text in texts {
            let mut report = Report::new();
            let file = report.add_file(Path::new("n.md"), text);
            let offsets: Vec<usize> = (0..=text.len() + 1).collect();
            let mut locator = Locator::new(&report.files);
            let mut backwards = Locator::new(&report.files);
            for &offset in &offsets {
                let expected = report.files.location(file, offset).ok();
                let found = locator.locate(file, offset).map(|(_, l)| l);
                assert_eq!(found, expected, "{text:?} at {offset}");
            }
            for &offset in offsets.iter().rev() {
                let expected = report.files.location(file, offset).ok();
                let found = backwards.locate(file, offset).map(|(_, l)| l);
                assert_eq!(found, expected, "{text:?} at {offset}, backwards");
            }
        }
    }

    /// The text rendering of one diagnostic at `span` in a file holding `text`.
    fn drawn(path: &str, text: &str, span: Range<usize>, color: bool) -> String {
        let mut report = Report::new();
        let file = report.add_file(Path::new(path), text);
        report.push(
            Diagnostic::new(Rule::InvalidValue, file, span, "bad value")
                .with_label("here")
                .with_hint("fix it"),
        );
        let mut out = Vec::new();
        report.emit_text(&mut out, color).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The source line and the caret line of a drawing, after their gutters.
    fn source_and_carets(drawing: &str) -> (String, String) {
        let lines: Vec<&str> = drawing.lines().collect();
        let carets = lines.iter().position(|l| l.contains('^')).unwrap();
        let cut = |line: &str| line.split_once('│').unwrap().1.to_string();
        (cut(lines[carets - 1]), cut(lines[carets]))
    }

    #[test]
    fn control_characters_are_drawn_escaped_with_carets_aligned() {
        let text = "---\ntitle: \x1b]0;pwned\x07 \u{9b}2J \u{202e}x\x1b[2J actve\n---\n";
        let start = text.find("actve").unwrap();
        for color in [false, true] {
            let drawing = drawn("goals/\x1b[31mred\u{9b}.md", text, start..start + 5, color);
            let without_colours = drawing
                .split('\x1b')
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        return part;
                    }
                    // Only colour codes may use ESC.
                    let end = part.find('m').expect("an SGR sequence");
                    assert!(
                        part[1..end]
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b == b';'),
                        "{drawing:?}"
                    );
                    assert!(part.starts_with('['), "{drawing:?}");
                    &part[end + 1..]
                })
                .collect::<String>();
            assert!(!without_colours.contains('\x07'), "{drawing:?}");
            assert!(!without_colours.contains('\u{9b}'), "{drawing:?}");
            assert!(!without_colours.contains('\u{202e}'), "{drawing:?}");
            assert!(
                without_colours.contains("goals/\u{241b}[31mred\\u{9b}.md:2:"),
                "{without_colours}"
            );
            let (source, carets) = source_and_carets(&without_colours);
            assert!(source.contains("\u{241b}]0;pwned\u{2407}"), "{source}");
            assert!(source.contains("\\u{202e}x\u{241b}[2J"), "{source}");
            let column = |line: &str, what: &str| line[..line.find(what).unwrap()].chars().count();
            assert_eq!(
                column(&carets, "^^^^^"),
                column(&source, "actve"),
                "{without_colours}"
            );
        }
        // The column in the header counts the characters of the file.
        let drawing = drawn("a.md", text, start..start + 5, false);
        let column = text[text.find("title").unwrap()..start].chars().count() + 1;
        assert!(
            drawing.starts_with(&format!("a.md:2:{column}: ")),
            "{drawing}"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!(
            "k: [{}target{}]\n",
            "a, ".repeat(5_000),
            ", b".repeat(5_000)
        );
        let start = text.find("target").unwrap();
        let drawing = drawn("a.md", &text, start..start + 6, false);
        assert!(drawing.len() < 4 * SNIPPET_WIDTH, "{drawing}");
        let (source, carets) = source_and_carets(&drawing);
        assert!(
            source.trim_start().starts_with('…') && source.ends_with('…'),
            "{source}"
        );
        assert!(source.chars().count() <= SNIPPET_WIDTH + 4, "{source}");
        let column = |line: &str, what: &str| line[..line.find(what).unwrap()].chars().count();
        assert_eq!(column(&carets, "^^^^^^ here"), column(&source, "target"));
        let header_column = text[..start].chars().count() + 1;
        assert!(
            drawing.starts_with(&format!("a.md:1:{header_column}: ")),
            "{drawing}"
        );
        // A span longer than the window is cut with its line.
        let drawing = drawn("a.md", &text, 3..text.len() - 1, false);
        let (source, carets) = source_and_carets(&drawing);
        assert!(source.ends_with('…'), "{source}");
        // From `[` (after `k: `) to the cut, `…` included.
        assert_eq!(
            carets.matches('^').count(),
            source.trim().chars().count() - 3
        );
    }

    #[test]
    fn long_spans_show_their_first_and_last_lines() {
        let lines: Vec<String> = (1..=40).map(|i| format!("  - item {i}")).collect();
        let text = format!("tags:\n{}\n", lines.join("\n"));
        let span = text.find("  - item 1").unwrap()..text.len() - 1;
        let drawing = drawn("a.md", &text, span, false);
        for shown in ["item 1\n", "item 2\n", "item 39\n", "item 40\n"] {
            assert!(drawing.contains(shown), "{shown}: {drawing}");
        }
        assert!(!drawing.contains("item 20"), "{drawing}");
        assert!(drawing.contains("40 │"), "{drawing}");
        assert!(drawing.contains('·'), "{drawing}");
    }

    #[test]
    fn many_diagnostics_on_one_line_draw_in_linear_space() {
        let n = 2_000;
        let keys: Vec<String> = (0..n).map(|i| format!("k{i}: v")).collect();
        let text = format!("{{{}}}\n", keys.join(", "));
        let mut report = Report::new();
        let file = report.add_file(Path::new("a.md"), text.as_str());
        let mut at = 0;
        for i in 0..n {
            let key = format!("k{i}:");
            let start = at + text[at..].find(&key).unwrap();
            at = start + 1;
            report.push(Diagnostic::new(
                Rule::UnknownField,
                file,
                start..start + key.len() - 1,
                "unknown",
            ));
        }
        report.sort();
        let mut out = Vec::new();
        report.emit_text(&mut out, false).unwrap();
        assert!(out.len() < n * 3 * SNIPPET_WIDTH, "{} bytes", out.len());
        let json = report.to_json();
        assert_eq!(json.len(), n);
        let last = &json[n - 1];
        let start = text.rfind(&format!("k{}:", n - 1)).unwrap();
        assert_eq!(last.column, Some(start + 1));
    }

    #[test]
    fn did_you_mean_finds_close_names() {
        assert_eq!(
            did_you_mean("actve", ["proposed", "active", "done"]).as_deref(),
            Some("did you mean `active`?")
        );
        assert_eq!(did_you_mean("zzz", ["proposed", "active"]), None);
    }

    #[test]
    fn rule_names_round_trip() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(*rule));
        }
    }

    #[test]
    fn allowed_rules_are_dropped_and_levels_applied() {
        let mut report = Report::new();
        report.set_levels(vec![
            (Rule::EmptyBody, Level::Allow),
            (Rule::FutureDate, Level::Error),
        ]);
        report.push(Diagnostic::global(Rule::EmptyBody, "x"));
        report.push(Diagnostic::global(Rule::FutureDate, "y"));
        assert_eq!(report.diagnostics().len(), 1);
        assert_eq!(report.diagnostics()[0].severity, Severity::Error);
    }

    #[test]
    fn json_ranges_give_lines_columns_and_offsets() {
        let text = "é: x\nab☕cd\n";
        let mut report = Report::new();
        let file = report.add_file(Path::new("n.md"), text);
        let cup = text.find('☕').unwrap();
        // ☕ itself, a range inside it (moved to its start), an empty range
        // at the end, a range past the end (moved back to it).
        for span in [cup..cup + 3, cup + 1..cup + 2, 14..14, 40..50] {
            report.push(Diagnostic::new(Rule::InvalidValue, file, span, "x"));
        }
        let json = report.to_json();
        let at = |d: &JsonDiagnostic<'_>| (d.start.unwrap(), d.end.unwrap());
        let position = |line, column, offset| JsonPosition {
            line,
            column,
            offset,
        };
        assert_eq!(at(&json[0]), (position(2, 3, 8), position(2, 4, 11)));
        assert_eq!(at(&json[1]), (position(2, 3, 8), position(2, 3, 8)));
        assert_eq!(at(&json[2]), (position(3, 1, 14), position(3, 1, 14)));
        assert_eq!(at(&json[3]), (position(3, 1, 14), position(3, 1, 14)));
        assert_eq!((json[0].line, json[0].column), (Some(2), Some(3)));
    }

    #[test]
    fn a_files_allowed_rules_are_dropped_on_that_file_only() {
        let mut report = Report::new();
        let a = report.add_file(Path::new("a.md"), "");
        let b = report.add_file(Path::new("b.md"), "");
        report.push(Diagnostic::new(Rule::EmptyBody, a, 0..0, "before"));
        report.allow_in(a, &[Rule::EmptyBody, Rule::MissingConfig]);
        report.push(Diagnostic::new(Rule::EmptyBody, a, 0..0, "after"));
        report.push(Diagnostic::new(Rule::FutureDate, a, 0..0, "other rule"));
        report.push(Diagnostic::new(Rule::EmptyBody, b, 0..0, "other file"));
        report.push(Diagnostic::new(
            Rule::MissingConfig,
            a,
            0..0,
            "not per note",
        ));
        let left: Vec<&str> = report
            .diagnostics()
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(left, ["other rule", "other file", "not per note"]);
    }

    #[test]
    fn text_output_starts_with_path_line_col() {
        let mut report = Report::new();
        let file = report.add_file(Path::new("goals/a.md"), "---\nstatus: actve\n---\n");
        report.push(
            Diagnostic::new(
                Rule::InvalidValue,
                file,
                12..17,
                "`actve` is not a goal status",
            )
            .with_hint("did you mean `active`?"),
        );
        let mut out = Vec::new();
        report.emit_text(&mut out, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(
                "goals/a.md:2:9: error[invalid-value]: `actve` is not a goal status\n"
            ),
            "{text}"
        );
        assert!(text.contains("status: actve"), "{text}");
        assert!(text.contains("hint: did you mean `active`?"), "{text}");
    }
}
