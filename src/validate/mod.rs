//! Validate stage: frontmatter trees to typed entries, and every rule.
//!
//! In two steps, which the pipeline runs one after the other:
//!
//! - [`files`], per file and on every core: read it (under
//!   [`crate::fsread`]'s rule), parse it, read it as an entry (the private
//!   `file` module): its kind, its fields ([`crate::fields`]) and the rules
//!   that need only the file;
//! - [`rules`], across the journal: duplicate slugs, names that cannot be
//!   pages, references to unknown goals, gaps in the update cadence (the
//!   `rules` module), and where every link goes (`links`).
//!
//! Nothing stops at the first problem: every diagnostic goes into the
//! [`Report`], and only entries whose fields were all valid are returned.
//! The history's rules are [`provenance`]'s, run once the history is read.

mod file;
pub(crate) mod ladder;
mod links;
pub(crate) mod provenance;
mod rules;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, FileId, Report, Rule};
use crate::discover::Candidate;
use crate::entry::{Entry, Kind};
use crate::fsread;
use crate::incremental::{Key, KeyHasher, Reuse, Unit};
use crate::parse;
use crate::source::Source;
use crate::stamp::Stamp;
pub(crate) use file::Found;

/// The frontmatter fields of a kind, common ones included (`aliases` and
/// `cssclasses`, Obsidian's own, among them), sorted. They are the property
/// names of the kind's JSON Schema (see [`crate::schema`]), so that the schema
/// and the validator cannot disagree on which fields exist.
pub(crate) fn known_fields(kind: Kind) -> Vec<&'static str> {
    crate::schema::field_names(kind)
        .iter()
        .map(String::as_str)
        .collect()
}

/// What validation needs to know besides the files.
pub(crate) struct Context<'a> {
    /// The journal folder.
    pub root: &'a Path,
    /// Where its files are read from: the working tree or the git index.
    pub source: &'a Source,
    /// The journal folder as the user named it, for paths in diagnostics.
    pub shown_root: &'a Path,
    /// The journal's settings.
    pub config: &'a Config,
    /// The day `future-date` compares with.
    pub today: Date,
    /// The output folder of the build, if any: never published as an asset.
    pub exclude: Option<&'a Path>,
}

/// A file recognized as an entry, valid or not: enough to check references.
struct Recognized {
    kind: Kind,
    slug: String,
    path: PathBuf,
    file: FileId,
    /// For an entry with invalid fields, the goal slugs it references as
    /// far as they could be read (a valid entry's are on the entry).
    invalid_refs: Vec<crate::entry::Spanned<String>>,
}

/// What the per-file step found, for the rules across files.
pub(crate) struct Files {
    recognized: Vec<Recognized>,
    entries: Vec<Entry>,
    /// Each entry's file text, hashed: the key of its links.
    text_keys: Vec<Option<Key>>,
}

/// How reading one file went.
enum Read {
    Text(Arc<str>),
    /// Not UTF-8: the bytes, and the offset of the first invalid byte.
    NotUtf8(Vec<u8>, usize),
    Failed(fsread::ReadError),
}

/// Reads, parses and checks every candidate file, each on its own (in
/// parallel); the files' texts and problems go into `report`, in file order.
pub(crate) fn files(
    context: &Context<'_>,
    candidates: &[Candidate],
    report: &mut Report,
    reuse: Reuse<'_>,
) -> Files {
    let read_at = SystemTime::now();
    let read: Vec<Read> = candidates
        .par_iter()
        .map(|candidate| read_file(context, candidate, read_at, reuse))
        .collect();
    // A file's diagnostics need its id in the report, known only once it is
    // known which files were read: ids are handed out in file order.
    let mut next = report.next_file();
    let ids: Vec<Option<FileId>> = candidates
        .iter()
        .zip(&read)
        .map(|(candidate, read)| {
            // A file that is not UTF-8 outside the kind folders is left alone.
            let registered = !matches!(read, Read::NotUtf8(..) if candidate.folder_kind.is_none());
            registered.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect();
    let config_key = reuse
        .is_on()
        .then(|| crate::incremental::key(&format!("{:?}", context.config)));
    let checked: Vec<_> = (candidates, &read, &ids)
        .into_par_iter()
        .map(|(candidate, read, file)| {
            let (Read::Text(text), Some(file)) = (read, file) else {
                return None;
            };
            let text_key = reuse.is_on().then(|| crate::incremental::key(&**text));
            let key = || {
                let mut key = KeyHasher::new();
                key.add(&candidate.path)
                    .add(&candidate.folder_kind)
                    .add(&text_key?)
                    .add(&config_key?)
                    .add(&context.today);
                Some(key.finish())
            };
            // The note's `allow` list is part of the unit: it is what the
            // file says, reused with the rest of what it says.
            let (id, found, diagnostics, allow) = reuse.get_or(Unit::File, key, || {
                let mut diagnostics = Vec::new();
                let parsed = parse::parse(text.to_string(), *file, &mut diagnostics);
                let (found, allow) =
                    file::read_entry(context, candidate, *file, &parsed, &mut diagnostics);
                (*file, found, diagnostics, allow)
            });
            Some((renumber(found, diagnostics, id, *file), allow, text_key))
        })
        .collect();
    let mut files = Files {
        recognized: Vec::new(),
        entries: Vec::new(),
        text_keys: Vec::new(),
    };
    for (((candidate, read), file), checked) in candidates.iter().zip(&read).zip(ids).zip(checked) {
        let Some(file) = file else { continue };
        let shown = context.shown_root.join(&candidate.path);
        register(report, &shown, read, file, context.config.max_file_size);
        let Some(((found, diagnostics), allow, text_key)) = checked else {
            continue;
        };
        // Before the file's diagnostics, and for every later stage's.
        report.allow_in(file, &allow);
        if let Some(kind) = found.kind() {
            let invalid_refs = match &found {
                Found::Invalid(_, refs) => refs.clone(),
                _ => Vec::new(),
            };
            files.recognized.push(Recognized {
                kind,
                slug: slug_of(&candidate.path),
                path: candidate.path.clone(),
                file,
                invalid_refs,
            });
        }
        if let Found::Valid(entry) = found {
            files.entries.push(*entry);
            files.text_keys.push(text_key);
        }
        for diagnostic in diagnostics {
            report.push(diagnostic);
        }
    }
    files
}

/// Reads one candidate from the context's source, under the file-reading
/// rule: the text kept from the previous build when the file's stamp is the
/// same and trusted (see [`crate::stamp`]), or, from the index, when its
/// blob is the same.
fn read_file(
    context: &Context<'_>,
    candidate: &Candidate,
    read_at: SystemTime,
    reuse: Reuse<'_>,
) -> Read {
    let key = || match context.source.index_files() {
        None => {
            // Stamped before reading: a change made meanwhile shows next time.
            let metadata = std::fs::metadata(context.root.join(&candidate.path)).ok()?;
            let stamp = Stamp::of(&metadata, read_at)?;
            Some(crate::incremental::key(&(&candidate.path, stamp)))
        }
        Some(files) => {
            let id = files.get(&candidate.path)?.id;
            Some(crate::incremental::key(&(&candidate.path, id.as_bytes())))
        }
    };
    let limit = context.config.max_file_size;
    let read = reuse.try_get_or(Unit::Text, key, || {
        match context.source.read(context.root, &candidate.path, limit) {
            Ok(bytes) => match parse::decode(&bytes) {
                Ok(text) => Ok(Arc::<str>::from(text)),
                Err(offset) => Err(Read::NotUtf8(bytes, offset)),
            },
            Err(error) => Err(Read::Failed(error)),
        }
    });
    match read {
        Ok(text) => Read::Text(text),
        Err(read) => read,
    }
}

/// A kept result made for file `was`, given to file `now` (ids are handed
/// out anew in every build).
fn renumber(
    found: Found,
    diagnostics: Vec<Diagnostic>,
    was: FileId,
    now: FileId,
) -> (Found, Vec<Diagnostic>) {
    if was == now {
        return (found, diagnostics);
    }
    let found = match found {
        Found::Valid(mut entry) => {
            entry.file = now;
            Found::Valid(entry)
        }
        other => other,
    };
    let diagnostics = diagnostics
        .into_iter()
        .map(|mut diagnostic| {
            if diagnostic.file == Some(was) {
                diagnostic.file = Some(now);
            }
            diagnostic
        })
        .collect();
    (found, diagnostics)
}

/// Adds a file's text to the report under the id it was handed out, with
/// the problem of reading it, if any.
fn register(report: &mut Report, shown: &Path, read: &Read, file: FileId, limit: u64) {
    let (text, problem): (Arc<str>, Option<Diagnostic>) = match read {
        Read::Text(text) => (Arc::clone(text), None),
        Read::NotUtf8(bytes, offset) => (
            String::from_utf8_lossy(&bytes[..*offset]).into(),
            Some(
                Diagnostic::new(Rule::Unreadable, file, *offset..*offset, "this file is not UTF-8 text")
                    .with_label(format!("invalid byte 0x{:02X} here", bytes[*offset]))
                    .with_hint("save the file as UTF-8"),
            ),
        ),
        Read::Failed(fsread::ReadError::TooLarge(size)) => (
            "".into(),
            Some(
                Diagnostic::new(
                    Rule::TooLarge,
                    file,
                    0..0,
                    format!(
                        "this file is {}, more than the {} dossier reads: it was not read",
                        fsread::human_size(*size),
                        fsread::human_size(limit)
                    ),
                )
                .with_hint(
                    "split it, move big attachments out of the notes, or raise `max_file_size` in dossier.toml",
                ),
            ),
        ),
        Read::Failed(error) => (
            "".into(),
            Some(Diagnostic::new(
                Rule::Unreadable,
                file,
                0..0,
                format!("cannot read this file: {error}"),
            )),
        ),
    };
    let added = report.add_file(shown, text);
    debug_assert_eq!(added, file, "file ids are handed out in file order");
    if let Some(problem) = problem {
        report.push(problem);
    }
}

/// Runs the rules across files on what [`files`] found, records where every
/// link goes on its entry, and returns the valid entries in path order.
pub(crate) fn rules(
    context: &Context<'_>,
    files: Files,
    report: &mut Report,
    reuse: Reuse<'_>,
) -> Vec<Entry> {
    let Files {
        recognized,
        mut entries,
        text_keys,
    } = files;
    rules::check_duplicates(&recognized, report);
    rules::check_names(&recognized, report);
    rules::check_references(&recognized, &entries, report);
    rules::check_problem_goals(&entries, report);
    links::check(
        context,
        &recognized,
        &mut entries,
        &text_keys,
        report,
        reuse,
    );
    rules::check_cadence(context, &entries, report);
    rules::check_summaries(context, &entries, report);
    entries
}

/// The slug of an entry: its file stem.
pub(crate) fn slug_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests_support {
    use super::*;

    pub(super) fn validate_files(notes: &[(&str, String)]) -> (Vec<Entry>, Report) {
        let dir = tempfile::tempdir().unwrap();
        let mut candidates = Vec::new();
        for (path, text) in notes {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
            let folder = path.split('/').next().unwrap();
            candidates.push(Candidate {
                path: PathBuf::from(path),
                folder_kind: Kind::from_folder(folder),
            });
        }
        let config = Config {
            ladder: vec![crate::config::Dimension {
                key: "scope".into(),
                description: "Scope".into(),
            }],
            ..Config::default()
        };
        let context = Context {
            root: dir.path(),
            source: &Source::WorkingTree,
            shown_root: Path::new(""),
            config: &config,
            today: jiff::civil::date(2026, 11, 23),
            exclude: None,
        };
        let mut report = Report::new();
        let files = files(&context, &candidates, &mut report, Reuse::NONE);
        let entries = rules(&context, files, &mut report, Reuse::NONE);
        (entries, report)
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::*;
    use super::*;
    use crate::entry::Choice;
    use crate::fields;
    use std::collections::BTreeSet;

    /// A file of `kind` whose frontmatter has every field of the kind's
    /// schema, with a valid value.
    fn every_field(kind: Kind) -> String {
        let mut text = String::from("---\n");
        for name in crate::schema::field_names(kind) {
            let value = match (kind, name.as_str()) {
                (_, "kind") => kind.name().to_string(),
                (_, "private") => "false".into(),
                (_, "aliases" | "cssclasses") => "[x]".into(),
                (_, "allow") => "[empty-body]".into(),
                (_, "highlight" | "consent" | "reference") => "true".into(),
                (_, "from") => "{ name: A, role: B, org: C }".into(),
                (Kind::Goal, "status") => "done".into(),
                (Kind::Goal, "leverage") => "[execution]".into(),
                (_, "started" | "finished" | "target" | "date") => "2026-01-05".into(),
                (_, "period") => {
                    "{ from: 2026-01-01, to: 2026-01-04, reason: r, label: l, note: n }".into()
                }
                (_, "with") => "[{ name: A, role: B, org: C }]".into(),
                (_, "type") => "mentoring".into(),
                (_, "mentoring") => "given".into(),
                (_, "role") => "co-lead".into(),
                (_, "glue") => "true".into(),
                (_, "criteria") => "[scope]".into(),
                (_, "artifacts") => {
                    "[\"RFC <https://example.com>\", { title: T, path: g.md }]".into()
                }
                (_, "goals") => "[g]".into(),
                (_, "problems") => "[{ problem: P, goal: g }]".into(),
                _ => "text".into(),
            };
            text.push_str(&format!("{name}: {value}\n"));
        }
        text.push_str("---\nBody.\n");
        text
    }

    fn properties(schema: &serde_json::Value) -> BTreeSet<String> {
        schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    /// The schema and the validator agree on the fields of every kind: every
    /// schema property is read (none is reported unknown), and every field the
    /// validator asks for is a schema property, nested maps included.
    #[test]
    fn schema_and_validator_read_the_same_fields() {
        // The fields asked for are recorded per thread: everything runs on
        // the one thread of this pool, the parallel reading included.
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        one_thread.install(schema_and_validator_agree);
    }

    fn schema_and_validator_agree() {
        for &(_, kind) in Kind::ALL {
            fields::ASKED.with(|asked| asked.borrow_mut().clear());
            let path = format!("{}/g.md", kind.folder());
            let goal = ("goals/g.md", every_field(Kind::Goal));
            let mut files = vec![goal];
            if kind != Kind::Goal {
                files.push((&path, every_field(kind)));
            }
            let (entries, report) = validate_files(&files);
            let problems: Vec<String> = report
                .diagnostics()
                .iter()
                // Not about fields: the fixture's update is long past.
                .filter(|d| d.rule != Rule::UpdateOverdue)
                .map(|d| format!("{}: {}", d.rule.name(), d.message))
                .collect();
            assert!(problems.is_empty(), "{kind:?}: {problems:?}");
            assert_eq!(entries.len(), files.len(), "{kind:?}");

            let schema = crate::schema::json(Some(kind));
            let asked = fields::ASKED.with(|asked| asked.borrow().clone());
            let asked_of = |what: &str| -> BTreeSet<String> {
                asked
                    .iter()
                    .filter(|(w, _)| w == what)
                    .map(|(_, name)| name.clone())
                    .collect()
            };
            assert_eq!(asked_of(kind.name()), properties(&schema), "{kind:?}");
            assert_eq!(
                crate::schema::field_names(kind).to_vec(),
                known_fields(kind)
            );
            let nested = match kind {
                Kind::Goal => vec![("artifact", &schema["properties"]["artifacts"])],
                Kind::Update => vec![
                    ("period", &schema["properties"]["period"]),
                    ("artifact", &schema["properties"]["artifacts"]),
                ],
                Kind::Summary => vec![("period", &schema["properties"]["period"])],
                Kind::Feedback => vec![("person", &schema["properties"]["from"])],
                Kind::Meeting => vec![
                    ("person", &schema["properties"]["with"]),
                    ("problem", &schema["properties"]["problems"]),
                ],
            };
            for (what, property) in nested {
                // The map branch of the field's schema, wherever it is nested.
                let text = property.to_string();
                let mut found = None;
                fn find_map(value: &serde_json::Value, found: &mut Option<serde_json::Value>) {
                    match value {
                        serde_json::Value::Object(object) => {
                            if object.contains_key("properties") {
                                *found = Some(value.clone());
                                return;
                            }
                            object.values().for_each(|v| find_map(v, found));
                        }
                        serde_json::Value::Array(items) => {
                            items.iter().for_each(|v| find_map(v, found))
                        }
                        _ => {}
                    }
                }
                find_map(property, &mut found);
                let map = found.unwrap_or_else(|| panic!("no map in {text}"));
                assert_eq!(asked_of(what), properties(&map), "{what}");
                assert_eq!(map["additionalProperties"], false);
            }
        }
    }

    /// The fields the validator requires are the schema's `required`.
    #[test]
    fn schema_and_validator_require_the_same_fields() {
        for &(_, kind) in Kind::ALL {
            let path = format!("{}/g.md", kind.folder());
            let (_, report) = validate_files(&[(&path, "---\ntags: x\n---\nBody.\n".into())]);
            let missing: BTreeSet<String> = report
                .diagnostics()
                .iter()
                .filter(|d| d.rule == Rule::MissingField)
                .filter_map(|d| d.message.split('`').nth(1).map(str::to_string))
                .collect();
            let required: BTreeSet<String> = crate::schema::json(Some(kind))["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            assert_eq!(missing, required, "{kind:?}");
        }
    }
}

#[cfg(test)]
mod goal_rule_tests {
    use super::tests_support::*;
    use super::*;
    use crate::entry::{Choice, Status};

    /// For every status, with and without `finished` and `impact`, the
    /// validator and the schema agree on whether the goal is valid.
    #[test]
    fn schema_and_validator_agree_on_goal_rules() {
        let schema = crate::schema::json(Some(Kind::Goal));
        let validator = jsonschema::options().build(&schema).unwrap();
        for (status, _) in Status::ALL {
            for finished in [false, true] {
                for impact in [false, true] {
                    let mut yaml = format!("title: T\nstatus: {status}\nstarted: 2026-01-05\n");
                    let mut json = serde_json::json!({
                        "title": "T", "status": status, "started": "2026-01-05"
                    });
                    if finished {
                        yaml.push_str("finished: 2026-02-01\n");
                        json["finished"] = "2026-02-01".into();
                    }
                    if impact {
                        yaml.push_str("impact: I\n");
                        json["impact"] = "I".into();
                    }
                    let (_, report) =
                        validate_files(&[("goals/g.md", format!("---\n{yaml}---\nBody.\n"))]);
                    assert_eq!(
                        !report.has_errors(),
                        validator.is_valid(&json),
                        "{status}, finished: {finished}, impact: {impact}"
                    );
                }
            }
        }
    }
}
