//! `dossier.toml`: the journal's settings, with defaults.
//!
//! Read through the same positioned tree and field readers as entries, so a
//! misspelt key gets the same `path:line:col` diagnostic and did-you-mean. A
//! journal without `dossier.toml` still works: defaults and a note.

use std::path::{Path, PathBuf};

use crate::bounds;
use crate::diagnostic::{Diagnostic, Level, Report, Rule, did_you_mean};
use crate::entry::{DateRange, Paper, Person};
use crate::fields::Fields;
use crate::fsread;
use crate::node::{Node, Value};
use crate::parse;
use crate::source::Source;

/// The name of the configuration file at the journal's root.
pub const FILE_NAME: &str = "dossier.toml";

/// Days between updates when `cadence_days` is not set.
pub const DEFAULT_CADENCE_DAYS: u32 = 14;

/// Default of `backdated_days`.
pub const DEFAULT_BACKDATED_DAYS: u32 = 7;

/// Default of `stale_days`.
pub const DEFAULT_STALE_DAYS: u32 = 42;

/// Default of `max_file_size`: 5 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * MB;

/// Default of `max_asset_size`: 20 MB.
pub const DEFAULT_MAX_ASSET_SIZE: u64 = 20 * MB;

/// One megabyte, as `max_file_size` counts it (10^6 bytes, as file managers do).
const MB: u64 = 1_000_000;

/// A named review period, e.g. `2026-H1`.
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    /// Its name.
    pub name: String,
    /// Its days.
    pub range: DateRange,
    /// Where its name is written in `dossier.toml`.
    pub span: crate::node::Span,
}

/// Days away (leave, holidays): not counted as gaps in the update cadence.
#[derive(Clone, Debug, PartialEq)]
pub struct Away {
    /// The days.
    pub range: DateRange,
    /// Why, if given.
    pub reason: Option<String>,
}

/// One dimension of the career ladder (`[ladder]`): a key notes name in
/// their `criteria`, and the ladder's words for it, as the user wrote them.
#[derive(Clone, Debug, PartialEq)]
pub struct Dimension {
    /// The key, e.g. `technical-direction`.
    pub key: String,
    /// What the ladder expects, in its own words.
    pub description: String,
}

/// The journal's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Whose journal it is.
    pub owner: Option<String>,
    /// Their current role.
    pub role: Option<String>,
    /// The role they are working towards.
    pub target_role: Option<String>,
    /// The site's title.
    pub title: Option<String>,
    /// Expected days between updates.
    pub cadence_days: u32,
    /// Named review periods, in the order written.
    pub periods: Vec<Period>,
    /// Rule severity overrides.
    pub rules: Vec<(Rule, Level)>,
    /// Days away.
    pub away: Vec<Away>,
    /// Days a note may be first committed after its own date before the
    /// `backdated` rule flags it.
    pub backdated_days: u32,
    /// Days without any change to an active goal or the updates that report
    /// on it before the `stale-goal` rule flags it.
    pub stale_days: u32,
    /// Largest note, in bytes, dossier reads; larger ones get `too-large`.
    pub max_file_size: u64,
    /// Largest file, in bytes, a note may link to and have published beside
    /// the pages; larger ones are not published (`unpublished-link`).
    pub max_asset_size: u64,
    /// Keep raw HTML in note bodies as written, unsanitized
    /// (`allow_raw_html = true`; the `--allow-raw-html` flag does the same).
    pub allow_raw_html: bool,
    /// People declared once with their role and org (`[people]`): what the
    /// site and the packet say of them, whatever a meeting wrote.
    pub people: Vec<Person>,
    /// The owner's manager's manager (`skip_level`): the packet counts the
    /// updates sent to them too.
    pub skip_level: Option<String>,
    /// The owner's own organisation (`org`): not a part of the business met.
    pub org: Option<String>,
    /// The engineering groups met (`engineering_orgs`): other teams, not
    /// other parts of the business.
    pub engineering_orgs: Vec<String>,
    /// The paper the packet prints on (`paper`, default A4).
    pub paper: Paper,
    /// The career ladder's dimensions (`[ladder]`), in the order written;
    /// empty without one.
    pub ladder: Vec<Dimension>,
    /// `dossier.toml` in the run's report, when there is one: where
    /// diagnostics about a setting point.
    pub file: Option<crate::diagnostic::FileId>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            owner: None,
            role: None,
            target_role: None,
            title: None,
            cadence_days: DEFAULT_CADENCE_DAYS,
            periods: Vec::new(),
            rules: Vec::new(),
            away: Vec::new(),
            backdated_days: DEFAULT_BACKDATED_DAYS,
            stale_days: DEFAULT_STALE_DAYS,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_asset_size: DEFAULT_MAX_ASSET_SIZE,
            allow_raw_html: false,
            people: Vec::new(),
            skip_level: None,
            org: None,
            engineering_orgs: Vec::new(),
            paper: Paper::A4,
            ladder: Vec::new(),
            file: None,
        }
    }
}

const KEYS: &[&str] = &[
    "owner",
    "role",
    "target_role",
    "title",
    "cadence_days",
    "periods",
    "rules",
    "away",
    "backdated_days",
    "stale_days",
    "max_file_size",
    "max_asset_size",
    "allow_raw_html",
    "paper",
    "people",
    "org",
    "engineering_orgs",
    "skip_level",
    "ladder",
];

impl Config {
    /// The site title: as set, or made from the owner's name.
    pub fn site_title(&self) -> String {
        match (&self.title, &self.owner) {
            (Some(title), _) => title.clone(),
            (None, Some(owner)) => format!("{owner}'s journal"),
            (None, None) => "Engineering journal".to_string(),
        }
    }

    /// Reads `dossier.toml` from `root` (shown to users as `shown_root`),
    /// reporting problems; falls back to defaults for anything invalid.
    pub fn load(root: &Path, shown_root: &Path, report: &mut Report) -> Config {
        Config::load_from(&Source::WorkingTree, root, shown_root, report)
    }

    /// [`Config::load`], the file read from `source` (the working tree or
    /// the git index).
    pub fn load_from(
        source: &Source,
        root: &Path,
        shown_root: &Path,
        report: &mut Report,
    ) -> Config {
        let Some(bytes) = read_bytes(source, root, shown_root, report) else {
            return Config::default();
        };
        let shown = shown_root.join(FILE_NAME);
        let text = match parse::decode(&bytes) {
            Ok(text) => text,
            Err(offset) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let file = report.add_file(&shown, text);
                report.push(Diagnostic::new(
                    Rule::Unreadable,
                    file,
                    offset..offset + 1,
                    "this file is not UTF-8 text",
                ));
                return Config::default();
            }
        };
        let parsed = parse::toml::parse(&text);
        let file = report.add_file(&shown, text);
        let mut diagnostics = Vec::new();
        let config = match parsed {
            Ok(node) => Config::from_node(file, &node, &mut diagnostics),
            Err(error) => {
                diagnostics.push(Diagnostic::new(
                    Rule::ConfigSyntax,
                    file,
                    error.span,
                    format!("invalid TOML: {}", error.message.replace('\n', " ")),
                ));
                Config::default()
            }
        };
        for diagnostic in diagnostics {
            report.push(diagnostic);
        }
        config
    }

    fn from_node(file: usize, node: &Node, diagnostics: &mut Vec<Diagnostic>) -> Config {
        let entries = node.as_map().unwrap_or_default();
        let mut config = Config {
            file: Some(file),
            ..Config::default()
        };
        let mut fields = Fields::new(file, entries, 0..0, FILE_NAME, diagnostics);
        config.owner = fields.string("owner", false).map(|s| s.value);
        config.role = fields.string("role", false).map(|s| s.value);
        config.target_role = fields.string("target_role", false).map(|s| s.value);
        config.title = fields.string("title", false).map(|s| s.value);
        let days = |fields: &mut Fields<'_>, name: &str, bound, default: u32| {
            fields
                .bounded_int(name, bound)
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(default)
        };
        config.cadence_days = days(
            &mut fields,
            "cadence_days",
            &bounds::CADENCE_DAYS,
            DEFAULT_CADENCE_DAYS,
        );
        config.backdated_days = days(
            &mut fields,
            "backdated_days",
            &bounds::DAYS_SETTING,
            DEFAULT_BACKDATED_DAYS,
        );
        config.stale_days = days(
            &mut fields,
            "stale_days",
            &bounds::DAYS_SETTING,
            DEFAULT_STALE_DAYS,
        );
        config.allow_raw_html = fields.boolean("allow_raw_html");
        config.paper = fields.choice::<Paper>("paper", false).unwrap_or(Paper::A4);
        sizes(&mut fields, file, &mut config);
        config.periods = periods(&mut fields, file);
        config.away = away(&mut fields);
        config.rules = rules(&mut fields, file);
        config.ladder = ladder(&mut fields, file);
        config.people = fields.people_table("people");
        config.org = fields.string("org", false).map(|s| s.value);
        config.skip_level = fields.string("skip_level", false).map(|s| s.value);
        config.engineering_orgs = fields
            .strings("engineering_orgs")
            .into_iter()
            .map(|s| s.value)
            .collect();
        fields.finish(KEYS);
        config
    }
}

/// The bytes of `dossier.toml`, read under the file-reading rule with the
/// default size limit (the file cannot raise its own); `None`, reported,
/// when it is missing, a link, too large or unreadable.
fn read_bytes(
    source: &Source,
    root: &Path,
    shown_root: &Path,
    report: &mut Report,
) -> Option<Vec<u8>> {
    // Read with the default size limit: the file cannot raise its own.
    match source.read(root, Path::new(FILE_NAME), DEFAULT_MAX_FILE_SIZE) {
        Ok(bytes) => Some(bytes),
        Err(error) if error.is_not_found() => {
            let (message, hint) = match source {
                Source::WorkingTree => (
                    format!(
                        "no {FILE_NAME} found in `{}`: using defaults",
                        root.display()
                    ),
                    format!(
                        "create {FILE_NAME} with `owner`, `role` and `target_role` to fill in the site's header"
                    ),
                ),
                Source::Index(_) => (
                    format!(
                        "no {FILE_NAME} staged in `{}` (the git index): using defaults",
                        root.display()
                    ),
                    format!("stage it with `git add {FILE_NAME}`, or create it"),
                ),
            };
            report.push(Diagnostic::global(Rule::MissingConfig, message).with_hint(hint));
            None
        }
        Err(fsread::ReadError::Symlink(_)) => {
            report.push(
                Diagnostic::global(
                    Rule::Symlink,
                    format!(
                        "{} is a symbolic link: not followed, defaults are used",
                        shown_root.join(FILE_NAME).display()
                    ),
                )
                .with_hint(format!(
                    "dossier never reads through a symbolic link: replace it with the file itself (`cp --remove-destination \"$(readlink {FILE_NAME})\" {FILE_NAME}`)"
                )),
            );
            None
        }
        Err(fsread::ReadError::TooLarge(size)) => {
            report.push(Diagnostic::global(
                Rule::TooLarge,
                format!(
                    "{} is {}, more than the {} dossier reads: it was not read, defaults are used",
                    shown_root.join(FILE_NAME).display(),
                    fsread::human_size(size),
                    fsread::human_size(DEFAULT_MAX_FILE_SIZE)
                ),
            ));
            None
        }
        Err(error) => {
            report.push(Diagnostic::global(
                Rule::Unreadable,
                format!(
                    "cannot read {}: {error}",
                    shown_root.join(FILE_NAME).display()
                ),
            ));
            None
        }
    }
}

/// `max_file_size` and `max_asset_size`, into `config`.
fn sizes(fields: &mut Fields<'_>, file: usize, config: &mut Config) {
    for (name, setting) in [
        ("max_file_size", &mut config.max_file_size),
        ("max_asset_size", &mut config.max_asset_size),
    ] {
        let Some(node) = fields.node(name) else {
            continue;
        };
        match file_size(name, &node.value) {
            Ok(bytes) => *setting = bytes,
            Err(error) => fields.report(
                Diagnostic::new(Rule::InvalidValue, file, node.span.clone(), error.to_string())
                    .with_hint(format!("write megabytes as a number (`{name} = 5`) or a size with its unit (`\"500 KB\"`, `\"20 MB\"`), at most 1 GB")),
            ),
        }
    }
}

/// The `periods` table: each named review period.
fn periods(fields: &mut Fields<'_>, file: usize) -> Vec<Period> {
    let mut found = Vec::new();
    if let Some(periods) = fields.node("periods") {
        match &periods.value {
            Value::Map(items) => {
                for (key, value) in items {
                    if let Some(range) = fields.range_of(&key.name, value) {
                        found.push(Period {
                            name: key.name.clone(),
                            range: range.value,
                            span: key.span.clone(),
                        });
                    }
                }
            }
            _ => fields.report(
                Diagnostic::new(Rule::WrongType, file, periods.span.clone(), "`periods` must be a table")
                    .with_hint("write `[periods]` then lines like `2026-H1 = { from = 2026-01-01, to = 2026-06-30 }`"),
            ),
        }
    }
    found
}

/// The `[ladder]` table: `key = "what the ladder expects"`, one line per
/// dimension, in the order written.
fn ladder(fields: &mut Fields<'_>, file: usize) -> Vec<Dimension> {
    let mut found = Vec::new();
    let Some(ladder) = fields.node("ladder") else {
        return found;
    };
    let example = "write `[ladder]` then one line per dimension, e.g. `scope = \"Owns problems that span several teams\"`";
    let Value::Map(items) = &ladder.value else {
        fields.report(
            Diagnostic::new(
                Rule::WrongType,
                file,
                ladder.span.clone(),
                "`ladder` must be a table",
            )
            .with_hint(example),
        );
        return found;
    };
    for (key, value) in items {
        let name = key.name.trim();
        match &value.value {
            Value::Str(text) if !text.trim().is_empty() && !name.is_empty() => {
                found.push(Dimension {
                    key: name.to_string(),
                    description: text.trim().to_string(),
                });
            }
            Value::Str(_) => fields.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    file,
                    value.span.clone(),
                    format!("the ladder dimension `{}` has an empty description", key.name),
                )
                .with_label("empty")
                .with_hint("write what the ladder expects for it, in its own words: the packet and the site show it"),
            ),
            other => fields.report(
                Diagnostic::new(
                    Rule::WrongType,
                    file,
                    value.span.clone(),
                    format!(
                        "the ladder dimension `{}` must be a string, found {}",
                        key.name,
                        other.describe()
                    ),
                )
                .with_label("expected a string")
                .with_hint(example),
            ),
        }
    }
    found
}

/// The `away` list (or one table): the spans the cadence rule skips.
fn away(fields: &mut Fields<'_>) -> Vec<Away> {
    let mut found = Vec::new();
    if let Some(away) = fields.node("away") {
        let items = away.items();
        for item in items {
            let reason = item.get("reason").and_then(Node::scalar_text);
            if let Some(range) = fields.range_of("away", item) {
                found.push(Away {
                    range: range.value,
                    reason,
                });
            }
        }
    }
    found
}

/// The `rules` table: a level for each named rule.
fn rules(fields: &mut Fields<'_>, file: usize) -> Vec<(Rule, Level)> {
    let mut found = Vec::new();
    if let Some(rules) = fields.node("rules") {
        match &rules.value {
            Value::Map(items) => {
                for (key, value) in items {
                    let Some(rule) = Rule::from_name(&key.name) else {
                        let names = Rule::ALL.iter().map(|r| r.name());
                        fields.report(
                            Diagnostic::new(
                                Rule::UnknownField,
                                file,
                                key.span.clone(),
                                format!("unknown rule `{}`", key.name),
                            )
                            .with_label("not a rule name")
                            .with_hint(
                                did_you_mean(&key.name, names).unwrap_or_else(|| {
                                    "the rules are listed in the README under \"Rules\"".to_string()
                                }),
                            ),
                        );
                        continue;
                    };
                    let level = value
                        .scalar_text()
                        .and_then(|text| Level::from_name(text.trim()));
                    match level {
                        Some(level) => found.push((rule, level)),
                        None => fields.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                file,
                                value.span.clone(),
                                format!(
                                    "`{}` is not a rule level",
                                    value.scalar_text().unwrap_or_default()
                                ),
                            )
                            .with_label(format!("expected one of: {}", Level::NAMES.join(", ")))
                            .with_hint_opt(did_you_mean(
                                &value.scalar_text().unwrap_or_default(),
                                Level::NAMES.iter().copied(),
                            )),
                        ),
                    }
                }
            }
            _ => fields.report(Diagnostic::new(
                Rule::WrongType,
                file,
                rules.span.clone(),
                "`rules` must be a table of rule = \"allow\" | \"note\" | \"warn\" | \"error\"",
            )),
        }
    }
    found
}

/// Reads a size setting (`max_file_size`, `max_asset_size`): a whole number
/// of megabytes, or a string with a unit (`B`, `KB`, `MB`, `GB`; powers of
/// 1000), within [`bounds::FILE_SIZE`].
fn file_size(name: &str, value: &Value) -> Result<u64, SizeError> {
    let bytes = match value {
        Value::Int(n) if *n > 0 => u64::try_from(*n).ok().and_then(|n| n.checked_mul(MB)),
        Value::Str(text) => {
            let text = text.trim();
            let split = text
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len());
            let (number, unit) = text.split_at(split);
            let unit = match unit.trim().to_ascii_uppercase().as_str() {
                "" | "B" => Some(1),
                "KB" | "K" => Some(1000),
                "MB" | "M" => Some(MB),
                "GB" | "G" => Some(1000 * MB),
                _ => None,
            };
            match (number.parse::<u64>(), unit) {
                (Ok(n), Some(unit)) if n > 0 => n.checked_mul(unit),
                _ => None,
            }
        }
        _ => None,
    };
    let bytes = bytes.ok_or_else(|| SizeError::NotASize {
        name: name.to_string(),
    })?;
    Ok(bounds::FILE_SIZE.check(name, i128::from(bytes))?)
}

/// Why a size setting was refused.
#[derive(Debug, thiserror::Error)]
enum SizeError {
    /// Neither a number of megabytes nor a number with a unit.
    #[error("`{name}` must be a positive number of megabytes or a size such as \"500 KB\"")]
    NotASize { name: String },
    /// A size out of [`bounds::FILE_SIZE`].
    #[error(transparent)]
    OutOfBounds(#[from] bounds::OutOfBounds),
}

/// A journal found from the folder a command was given (or the current
/// folder), as cargo finds `Cargo.toml` and git `.git`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The journal folder, written from the folder given: `..` from inside
    /// `goals/`, `notes` for `notes/goals`, the path itself when it is the
    /// journal.
    pub root: PathBuf,
    /// What to call it in messages: the path as the user wrote it, else the
    /// folder's own name (never `.`).
    pub name: String,
}

/// Finds the journal that holds `start`: the nearest folder, from `start`
/// up, with a `dossier.toml`, looking no higher than the root of the git
/// repository `start` is in (the folder with `.git`) nor into a folder of
/// `GIT_CEILING_DIRECTORIES`. Without one, `start` itself when it has a
/// `goals/`, `updates/`, `meetings/` or `summaries/` folder (a journal with
/// default settings), or its parent when `start` is such a folder of a
/// journal. Anything else is refused: a hook or CI pointed at the wrong
/// folder must not pass.
pub fn locate(start: &Path) -> crate::error::Result<Located> {
    use crate::error::Error;
    match std::fs::metadata(start) {
        Err(_) => return Err(Error::NoSuchFolder(start.to_path_buf())),
        Ok(meta) if !meta.is_dir() => return Err(Error::NotAJournal(start.to_path_buf())),
        Ok(_) => {}
    }
    let absolute = start
        .canonicalize()
        .map_err(|_| Error::NoSuchFolder(start.to_path_buf()))?;
    let ceilings: Vec<PathBuf> = std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|value| {
            std::env::split_paths(&value)
                .filter_map(|p| p.canonicalize().ok())
                .collect()
        })
        .unwrap_or_default();
    let mut repository_root = None;
    for (up, folder) in absolute.ancestors().enumerate() {
        if ceilings.iter().any(|c| c == folder) {
            break;
        }
        if folder.join(FILE_NAME).is_file() {
            return Ok(located(start, &absolute, up));
        }
        if folder.join(".git").exists() {
            repository_root = Some(folder.to_path_buf());
            break;
        }
    }
    let kind_folders = |folder: &Path| {
        <crate::entry::Kind as crate::entry::Choice>::ALL
            .iter()
            .any(|(_, kind)| folder.join(kind.folder()).is_dir())
    };
    if kind_folders(&absolute) {
        return Ok(located(start, &absolute, 0));
    }
    let is_kind_folder = absolute
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(crate::entry::Kind::from_folder)
        .is_some();
    if is_kind_folder && absolute.parent().is_some_and(kind_folders) {
        return Ok(located(start, &absolute, 1));
    }
    Err(Error::NoJournal {
        start: start.to_path_buf(),
        up_to: repository_root
            .map(|root| format!(" up to the repository's root `{}`", root.display()))
            .unwrap_or_default(),
    })
}

/// The journal `up` folders above `start`, written from `start` as the user
/// would: lexically (`notes/goals` → `notes`, `.` → `..`) when that names
/// the same folder, else absolutely (a symbolic link on the way).
fn located(start: &Path, absolute: &Path, up: usize) -> Located {
    let mut root = start.to_path_buf();
    for _ in 0..up {
        let last = root.components().next_back();
        match last {
            Some(std::path::Component::Normal(_)) => {
                root.pop();
                if root.as_os_str().is_empty() {
                    root = PathBuf::from(".");
                }
            }
            Some(std::path::Component::CurDir) => root = PathBuf::from(".."),
            _ => root.push(".."),
        }
    }
    let found: Option<&Path> = absolute.ancestors().nth(up);
    let same = found.is_some_and(|found| root.canonicalize().ok().as_deref() == Some(found));
    if !same && let Some(found) = found {
        root = found.to_path_buf();
    }
    let name = if root == Path::new(".") || root.ends_with("..") {
        found
            .and_then(|f| f.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| root.display().to_string())
    } else {
        root.display().to_string()
    };
    Located { root, name }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Config, Vec<Diagnostic>) {
        let node = parse::toml::parse(text).unwrap();
        let mut diagnostics = Vec::new();
        let config = Config::from_node(0, &node, &mut diagnostics);
        (config, diagnostics)
    }

    #[test]
    fn reads_every_key() {
        let (config, diagnostics) = load(
            "owner = \"Ada\"\ncadence_days = 7\naway = [{ from = 2026-08-01, to = 2026-08-10, reason = \"leave\" }]\n\
             [periods]\n\"2026-H1\" = { from = 2026-01-01, to = 2026-06-30 }\nQ3 = \"2026-07-01..2026-09-30\"\n\
             [rules]\nempty-body = \"allow\"\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.owner.as_deref(), Some("Ada"));
        assert_eq!(config.cadence_days, 7);
        assert_eq!(config.periods.len(), 2);
        assert_eq!(config.periods[1].name, "Q3");
        assert_eq!(config.away[0].reason.as_deref(), Some("leave"));
        assert_eq!(config.rules, vec![(Rule::EmptyBody, Level::Allow)]);
    }

    #[test]
    fn ladder_is_read_in_order_and_checked() {
        let (config, diagnostics) =
            load("[ladder]\nscope = \"Owns problems across teams\"\nexecution = \"Delivers\"\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let keys: Vec<&str> = config.ladder.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["scope", "execution"]);
        assert_eq!(config.ladder[0].description, "Owns problems across teams");
        let (config, diagnostics) = load("[ladder]\nscope = 3\nexecution = \" \"\nok = \"fine\"\n");
        let rules: Vec<Rule> = diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [Rule::WrongType, Rule::InvalidValue]);
        assert_eq!(config.ladder.len(), 1);
        let (_, diagnostics) = load("ladder = \"scope\"\n");
        assert_eq!(diagnostics[0].rule, Rule::WrongType);
    }

    #[test]
    fn max_file_size_takes_megabytes_or_a_unit() {
        assert_eq!(Config::default().max_file_size, 5_000_000);
        for (text, bytes) in [
            ("max_file_size = 2", Some(2_000_000)),
            ("max_file_size = \"500 KB\"", Some(500_000)),
            ("max_file_size = \"1gb\"", Some(1_000_000_000)),
            ("max_file_size = \"1200\"", Some(1200)),
            ("max_file_size = 0", None),
            ("max_file_size = \"lots\"", None),
            ("max_file_size = 99999999999999999", None),
        ] {
            let (config, diagnostics) = load(text);
            match bytes {
                Some(bytes) => {
                    assert!(diagnostics.is_empty(), "{text}: {diagnostics:?}");
                    assert_eq!(config.max_file_size, bytes, "{text}");
                }
                None => {
                    assert_eq!(diagnostics.len(), 1, "{text}");
                    assert_eq!(diagnostics[0].rule, Rule::InvalidValue);
                    assert_eq!(config.max_file_size, DEFAULT_MAX_FILE_SIZE);
                }
            }
        }
    }

    #[test]
    fn misspelt_keys_and_rules_get_suggestions() {
        let (_, diagnostics) =
            load("ownr = \"Ada\"\n[rules]\nempty-bdy = \"allow\"\nfuture-date = \"loud\"\n");
        let hints: Vec<_> = diagnostics
            .iter()
            .map(|d| d.hint.clone().unwrap_or_default())
            .collect();
        assert_eq!(diagnostics.len(), 3, "{diagnostics:?}");
        assert!(hints.contains(&"did you mean `owner`?".to_string()));
        assert!(hints.contains(&"did you mean `empty-body`?".to_string()));
    }
}
