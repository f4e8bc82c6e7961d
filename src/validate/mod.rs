//! Validate stage: frontmatter trees to typed entries, and every rule.
//!
//! Per file: the entry's kind (folder or `kind:` field), its fields read into
//! [`Entry`] (see [`fields`]), and the rules that need only the file. Then,
//! across the journal: duplicate slugs, references to unknown goals, broken
//! relative links, and gaps in the update cadence. Nothing stops at the first
//! problem: every diagnostic goes into the [`Report`], and only entries whose
//! fields were all valid are returned.

pub mod fields;
mod links;
pub mod memo;
pub mod provenance;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, FileId, Report, Rule, did_you_mean};
use crate::discover::Candidate;
use crate::entry::{
    Choice, Entry, Fields as EntryFields, Goal, Kind, Meeting, MeetingType, Status, Update,
};
use crate::fsread;
use crate::model;
use crate::node::Span;
use crate::parse::{self, ParsedFile};
use crate::stamp::Stamp;
use fields::Fields;
pub use memo::Memo;

/// The frontmatter fields of a kind, common ones included (`aliases` and
/// `cssclasses`, Obsidian's own, among them), sorted. They are the property
/// names of the kind's JSON Schema (see [`crate::schema`]), so that the schema
/// and the validator cannot disagree on which fields exist.
pub fn known_fields(kind: Kind) -> Vec<&'static str> {
    crate::schema::field_names(kind)
        .iter()
        .map(String::as_str)
        .collect()
}

/// What validation needs to know besides the files.
pub struct Context<'a> {
    /// The journal folder.
    pub root: &'a Path,
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
}

/// Validates every candidate file; returns the entries that are valid, in
/// path order. All problems are pushed to `report`.
pub fn validate(
    context: &Context<'_>,
    candidates: &[Candidate],
    report: &mut Report,
) -> Vec<Entry> {
    validate_with(context, candidates, report, None)
}

/// [`validate`], reusing what the previous validation left in `memo` for
/// the files that did not change, and leaving this one's results there.
/// The entries and diagnostics are the same as without.
pub fn validate_with(
    context: &Context<'_>,
    candidates: &[Candidate],
    report: &mut Report,
    memo: Option<&mut Memo>,
) -> Vec<Entry> {
    let remember = memo.is_some();
    let previous = memo.as_deref();
    // Reading and parsing each file is most of the work: done on every
    // core, in two passes because a file's diagnostics need its id in the
    // report, known only once it is known which files were read.
    let limit = context.config.max_file_size;
    let read_at = SystemTime::now();
    let read = crate::parallel::map(candidates, |candidate| {
        if let Some((text, stamp)) =
            previous.and_then(|memo| memo.unchanged_text(&candidate.path, context.root))
        {
            return (Ok(Ok(Arc::clone(text))), Some(stamp));
        }
        let path = context.root.join(&candidate.path);
        // Stamped before reading: a change made meanwhile shows next time.
        let stamp = remember
            .then(|| std::fs::metadata(&path).ok())
            .flatten()
            .and_then(|metadata| Stamp::of(&metadata, read_at));
        let read = fsread::read_under(context.root, &candidate.path, limit).map(|bytes| {
            parse::decode(&bytes)
                .map(Arc::<str>::from)
                .map_err(|offset| (bytes, offset))
        });
        (read, stamp)
    });
    let mut next = report.next_file();
    let ids: Vec<Option<FileId>> = candidates
        .iter()
        .zip(&read)
        .map(|(candidate, (read, _))| {
            // A file that is not UTF-8 outside the kind folders is left alone.
            let registered = !matches!(read, Ok(Err(_)) if candidate.folder_kind.is_none());
            registered.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect();
    let jobs: Vec<_> = candidates.iter().zip(read).zip(ids).collect();
    let checked = crate::parallel::map(&jobs, |((candidate, (read, _)), file)| {
        let (Ok(Ok(text)), Some(file)) = (read, file) else {
            return None;
        };
        let kept = previous.and_then(|memo| {
            let (path, kind) = (&candidate.path, candidate.folder_kind);
            memo.checked(path, kind, text, context.config, context.today, *file)
        });
        if kept.is_some() {
            return kept;
        }
        let mut diagnostics = Vec::new();
        let parsed = parse::parse(text.to_string(), *file, &mut diagnostics);
        let found = read_entry(context, candidate, *file, &parsed, &mut diagnostics);
        Some((found, diagnostics))
    });

    let mut entries = Vec::new();
    // Each entry's file text, for the links memo.
    let mut texts = Vec::new();
    let mut recognized = Vec::new();
    let mut kept = HashMap::new();
    for (((candidate, (read, stamp)), file), checked) in jobs.into_iter().zip(checked) {
        let Some(file) = file else { continue };
        let shown = context.shown_root.join(&candidate.path);
        let text = match read {
            Ok(Ok(text)) => text,
            Ok(Err((bytes, offset))) => {
                let text = String::from_utf8_lossy(&bytes[..offset]).into_owned();
                register(report, &shown, text, file);
                report.push(
                    Diagnostic::new(
                        Rule::Unreadable,
                        file,
                        offset..offset,
                        "this file is not UTF-8 text",
                    )
                    .with_label(format!("invalid byte 0x{:02X} here", bytes[offset]))
                    .with_hint("save the file as UTF-8"),
                );
                continue;
            }
            Err(fsread::ReadError::TooLarge(size)) => {
                register(report, &shown, String::new(), file);
                report.push(
                    Diagnostic::new(
                        Rule::TooLarge,
                        file,
                        0..0,
                        format!(
                            "this file is {}, more than the {} dossier reads: it was not read",
                            fsread::human_size(size),
                            fsread::human_size(limit)
                        ),
                    )
                    .with_hint(
                        "split it, move big attachments out of the notes, or raise `max_file_size` in dossier.toml",
                    ),
                );
                continue;
            }
            Err(error) => {
                register(report, &shown, String::new(), file);
                report.push(Diagnostic::new(
                    Rule::Unreadable,
                    file,
                    0..0,
                    format!("cannot read this file: {error}"),
                ));
                continue;
            }
        };
        let shared = Arc::clone(&text);
        register(report, &shown, text, file);
        let Some((found, diagnostics)) = checked else {
            continue;
        };
        if remember {
            let kept_file = memo::Kept {
                stamp,
                text: Arc::clone(&shared),
                folder_kind: candidate.folder_kind,
                file,
                found: found.clone(),
                diagnostics: diagnostics.clone(),
                links: None,
            };
            kept.insert(candidate.path.clone(), kept_file);
        }
        if let Some((kind, entry)) = found {
            recognized.push(Recognized {
                kind,
                slug: slug_of(&candidate.path),
                path: candidate.path.clone(),
                file,
            });
            if let Some(entry) = entry {
                entries.push(entry);
                texts.push(shared);
            }
        }
        for diagnostic in diagnostics {
            report.push(diagnostic);
        }
    }
    check_duplicates(&recognized, report);
    check_names(&recognized, report);
    check_references(&recognized, &entries, report);
    let links = links::check(context, &recognized, &mut entries, &texts, previous, report);
    check_cadence(context, &entries, report);
    if let Some(memo) = memo {
        for (entry, links) in entries.iter().zip(links) {
            if let Some(file) = kept.get_mut(&entry.path) {
                file.links = Some(links);
            }
        }
        *memo = Memo {
            read_with: Some((context.config.clone(), context.today)),
            files: kept,
        };
    }
    entries
}

/// Adds a file's text to the report, under the id it was handed out.
fn register(report: &mut Report, shown: &Path, text: impl Into<Arc<str>>, file: FileId) {
    let added = report.add_file(shown, text);
    debug_assert_eq!(added, file, "file ids are handed out in file order");
}

/// The slug of an entry: its file stem.
pub fn slug_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads one file as an entry. `None` when it is not an entry at all (a
/// Markdown file outside the kind folders without `kind:`); `Some((kind,
/// None))` when it is an entry with errors.
fn read_entry(
    context: &Context<'_>,
    candidate: &Candidate,
    file: FileId,
    parsed: &ParsedFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Kind, Option<Entry>)> {
    let folder_kind = candidate.folder_kind;
    let Some(format) = parsed.format else {
        let kind = folder_kind?;
        diagnostics.push(
            Diagnostic::new(
                Rule::MissingFrontmatter,
                file,
                0..0,
                format!("this {} has no frontmatter", kind.name()),
            )
            .with_hint("start the file with a `---` line, the fields, and another `---` line"),
        );
        return Some((kind, None));
    };
    let _ = format;
    let fence = parsed.fence.clone();
    let Some(node) = &parsed.frontmatter else {
        // Empty or invalid frontmatter: syntax errors are already reported.
        let kind = folder_kind?;
        if !diagnostics
            .iter()
            .any(|d| d.rule == Rule::FrontmatterSyntax)
        {
            diagnostics.push(
                Diagnostic::new(
                    Rule::MissingField,
                    file,
                    fence,
                    format!("this {}'s frontmatter is empty", kind.name()),
                )
                .with_hint(format!(
                    "fields of a {}: {}",
                    kind.name(),
                    known_fields(kind).join(", ")
                )),
            );
        }
        return Some((kind, None));
    };
    let Some(map) = node.as_map() else {
        let kind = folder_kind?;
        diagnostics.push(
            Diagnostic::new(
                Rule::WrongType,
                file,
                node.span.clone(),
                format!(
                    "the frontmatter must be a map of fields, found {}",
                    node.value.describe()
                ),
            )
            .with_hint("write one `field: value` per line"),
        );
        return Some((kind, None));
    };

    let field_kind = match node.get("kind") {
        Some(kind_node) => match kind_node
            .scalar_text()
            .and_then(|t| Kind::from_name(t.trim()))
        {
            Some(kind) => Some((kind, kind_node)),
            None => {
                let text = kind_node.scalar_text().unwrap_or_default();
                diagnostics.push(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        file,
                        kind_node.span.clone(),
                        format!("`{text}` is not an entry kind"),
                    )
                    .with_label("expected one of: goal, update, meeting")
                    .with_hint_opt(did_you_mean(&text, Kind::names())),
                );
                return folder_kind.map(|kind| (kind, None));
            }
        },
        None => None,
    };
    let kind = match (folder_kind, field_kind) {
        (Some(folder), Some((field, kind_node))) if folder != field => {
            diagnostics.push(
                Diagnostic::new(
                    Rule::KindMismatch,
                    file,
                    kind_node.span.clone(),
                    format!(
                        "`kind: {}` disagrees with the folder `{}/`",
                        field.name(),
                        folder.folder()
                    ),
                )
                .with_hint(format!(
                    "move the file to `{}/` or remove the `kind` field",
                    field.folder()
                )),
            );
            return Some((folder, None));
        }
        (Some(kind), _) | (None, Some((kind, _))) => kind,
        (None, None) => return None,
    };

    let what = kind.name();
    let mut fields = Fields::new(file, map, fence.clone(), what, diagnostics);
    fields.accept(&["kind", "aliases", "cssclasses"]);
    let title = fields.string("title", kind == Kind::Goal).map(|s| s.value);
    let tags = fields
        .strings("tags")
        .into_iter()
        .map(|s| s.value)
        .collect();
    let private = fields.boolean("private");
    let entry_fields = match kind {
        Kind::Goal => read_goal(&mut fields, context.today).map(|(g, s)| (EntryFields::Goal(g), s)),
        Kind::Update => {
            read_update(&mut fields, context.today).map(|(u, s)| (EntryFields::Update(u), s))
        }
        Kind::Meeting => {
            read_meeting(&mut fields, context.today).map(|(m, s)| (EntryFields::Meeting(m), s))
        }
    };
    let ok = fields.finish(&known_fields(kind));

    let body = parsed.body();
    if body.trim().is_empty() {
        let at = parsed.body_start.min(parsed.text.len());
        diagnostics.push(
            Diagnostic::new(
                Rule::EmptyBody,
                file,
                at..at,
                format!("this {what} has no text after its frontmatter"),
            )
            .with_hint("write what happened: the fields alone make a thin record"),
        );
    }
    crate::markdown::check_depth(body, parsed.body_start, file, diagnostics);
    let entry = match (ok, entry_fields) {
        (true, Some((fields, date_span))) => Some(Entry {
            kind,
            slug: slug_of(&candidate.path),
            path: candidate.path.clone(),
            file,
            title,
            tags,
            private,
            body: body.into(),
            body_start: parsed.body_start,
            date_span,
            fields,
            links: Arc::new([]),
        }),
        _ => None,
    };
    Some((kind, entry))
}

fn future(fields: &mut Fields<'_>, name: &str, date: &crate::entry::Spanned<Date>, today: Date) {
    if date.value > today {
        let diagnostic = Diagnostic::new(
            Rule::FutureDate,
            fields.file(),
            date.span.clone(),
            format!("`{name}` is {}, after today ({today})", date.value),
        )
        .with_hint("fine for a planned meeting; otherwise check the year");
        fields.warn(diagnostic);
    }
}

fn end_before_start(
    fields: &mut Fields<'_>,
    name: &str,
    end: &crate::entry::Spanned<Date>,
    start: Date,
) {
    if end.value < start {
        fields.report(
            Diagnostic::new(
                Rule::EndBeforeStart,
                fields.file(),
                end.span.clone(),
                format!("`{name}` ({}) is before `started` ({start})", end.value),
            )
            .with_label("before the start"),
        );
    }
}

fn read_goal(fields: &mut Fields<'_>, today: Date) -> Option<(Goal, Span)> {
    let status_node = fields.node("status");
    let status = fields.choice::<Status>("status", true);
    let started = fields.date("started", true);
    let target = fields.date("target", false);
    let finished = fields.date("finished", false);
    let finished_node = fields.node("finished");
    let leverage = fields.choices("leverage");
    let impact = fields.string("impact", false);
    let stakeholders = fields
        .strings("stakeholders")
        .into_iter()
        .map(|s| s.value)
        .collect();

    if let (Some(status), Some(status_node)) = (status, status_node) {
        let file = fields.file();
        if status.is_closed() && finished_node.is_none() {
            fields.report(
                Diagnostic::new(
                    Rule::GoalFinished,
                    file,
                    status_node.span.clone(),
                    format!("a {} goal needs a `finished` date", status.name()),
                )
                .with_hint("add `finished: YYYY-MM-DD`, the day it was done or dropped"),
            );
        }
        if !status.is_closed()
            && let Some(node) = finished_node
        {
            fields.report(
                Diagnostic::new(
                    Rule::GoalFinished,
                    file,
                    node.span.clone(),
                    format!("`finished` is set but the goal is {}", status.name()),
                )
                .with_hint("set `status` to done or dropped, or remove `finished`"),
            );
        }
        if status == Status::Done && impact.is_none() {
            fields.report(
                Diagnostic::new(Rule::GoalImpact, file, status_node.span.clone(), "a done goal needs its `impact`")
                    .with_hint("add `impact:` with the outcome in one line, e.g. \"p99 latency down from 820 ms to 390 ms\""),
            );
        }
    }
    if let Some(started) = &started {
        if let Some(finished) = &finished {
            end_before_start(fields, "finished", finished, started.value);
            future(fields, "finished", finished, today);
        }
        if let Some(target) = &target {
            end_before_start(fields, "target", target, started.value);
        }
        if status != Some(Status::Proposed) {
            future(fields, "started", started, today);
        }
    }
    let started = started?;
    let goal = Goal {
        status: status?,
        started: started.value,
        target: target.map(|t| t.value),
        finished: finished.map(|f| f.value),
        leverage,
        impact: impact.map(|i| i.value),
        stakeholders,
    };
    Some((goal, started.span))
}

fn read_update(fields: &mut Fields<'_>, today: Date) -> Option<(Update, Span)> {
    let date = fields.date("date", true);
    let period = fields.range("period");
    let to = fields.strings("to").into_iter().map(|s| s.value).collect();
    let goals = fields.strings("goals");
    if let Some(date) = &date {
        future(fields, "date", date, today);
    }
    let date = date?;
    Some((
        Update {
            date: date.value,
            period: period.map(|p| p.value),
            to,
            goals,
        },
        date.span,
    ))
}

fn read_meeting(fields: &mut Fields<'_>, today: Date) -> Option<(Meeting, Span)> {
    let date = fields.date("date", true);
    let with = fields.people("with");
    if fields.node("with").is_none() {
        // Reported as missing by `string`, which knows the message shape.
        fields.string("with", true);
    }
    let meeting_type = fields.choice::<MeetingType>("type", false);
    let org = fields.string("org", false).map(|s| s.value);
    let problems = fields
        .strings("problems")
        .into_iter()
        .map(|s| s.value)
        .collect();
    let goals = fields.strings("goals");
    if let Some(date) = &date {
        future(fields, "date", date, today);
    }
    let date = date?;
    Some((
        Meeting {
            date: date.value,
            with,
            meeting_type,
            org,
            problems,
            goals,
        },
        date.span,
    ))
}

fn check_duplicates(recognized: &[Recognized], report: &mut Report) {
    let mut first: BTreeMap<(Kind, &str), &Recognized> = BTreeMap::new();
    // Slugs that differ only in letter case: one page on macOS and Windows.
    let mut folded: BTreeMap<(Kind, String), &Recognized> = BTreeMap::new();
    for entry in recognized {
        let lower = (entry.kind, entry.slug.to_lowercase());
        match (
            first.get(&(entry.kind, entry.slug.as_str())),
            folded.get(&lower),
        ) {
            (None, Some(original)) => {
                let message = format!(
                    "{} slugs `{}` and `{}` differ only in letter case: their pages would be one file on macOS and Windows ({} and {})",
                    entry.kind.name(),
                    original.slug,
                    entry.slug,
                    original.path.display(),
                    entry.path.display()
                );
                report.push(
                    Diagnostic::new(Rule::DuplicateSlug, entry.file, 0..0, message)
                        .with_hint("rename one file"),
                );
            }
            (Some(original), _) => {
                let message = format!(
                    "duplicate {} slug `{}`: {} and {}",
                    entry.kind.name(),
                    entry.slug,
                    original.path.display(),
                    entry.path.display()
                );
                report.push(
                    Diagnostic::new(Rule::DuplicateSlug, entry.file, 0..0, message).with_hint(
                        "slugs come from file names and must be unique per kind: rename one file",
                    ),
                );
            }
            (None, None) => {
                first.insert((entry.kind, entry.slug.as_str()), entry);
                folded.insert(lower, entry);
            }
        }
    }
}

/// File names that `build` could not turn into a page, or whose page would
/// take another page's place: reported here, so that `check` passing means
/// `build` will too.
fn check_names(recognized: &[Recognized], report: &mut Report) {
    for entry in recognized {
        let Some(page) = crate::publish::page_path(entry.kind, &entry.slug) else {
            let message = format!(
                "the file name `{}` cannot be a page name: it holds a backslash or another character reserved in paths",
                entry.slug
            );
            report.push(
                Diagnostic::new(Rule::InvalidName, entry.file, 0..0, message)
                    .with_hint("rename the file with letters, digits, spaces, `-` or `_`"),
            );
            continue;
        };
        let name_bytes = page.file_name().map_or(0, |n| n.len());
        if name_bytes > crate::publish::MAX_NAME_BYTES {
            let message = format!(
                "the file name `{}` is too long for a page: `{}.html` would be {name_bytes} bytes, and file systems allow {}",
                entry.slug,
                entry.slug,
                crate::publish::MAX_NAME_BYTES
            );
            report.push(
                Diagnostic::new(Rule::InvalidName, entry.file, 0..0, message)
                    .with_hint("shorten the file name (its title can stay long)"),
            );
        } else if entry.slug.eq_ignore_ascii_case("index") {
            let message = format!(
                "the {} `{}` would take the place of the {} list page (`{}/index.html`)",
                entry.kind.name(),
                entry.path.display(),
                entry.kind.folder(),
                entry.kind.folder()
            );
            report.push(
                Diagnostic::new(Rule::InvalidName, entry.file, 0..0, message)
                    .with_hint("rename the file: `index` is the name of the list page"),
            );
        }
    }
}

fn check_references(recognized: &[Recognized], entries: &[Entry], report: &mut Report) {
    let goals: BTreeSet<&str> = recognized
        .iter()
        .filter(|r| r.kind == Kind::Goal)
        .map(|r| r.slug.as_str())
        .collect();
    for entry in entries {
        for reference in entry.goal_refs() {
            let slug = reference.value.as_str();
            if goals.contains(slug) {
                continue;
            }
            // `goals/x.md` or `x.md` written for `x`.
            let stem = slug_of(Path::new(slug));
            let hint = if goals.contains(stem.as_str()) {
                Some(format!("write the slug alone: `{stem}`"))
            } else {
                did_you_mean(slug, goals.iter().copied())
            };
            report.push(
                Diagnostic::new(
                    Rule::UnknownGoal,
                    entry.file,
                    reference.span.clone(),
                    format!("no goal has the slug `{slug}`"),
                )
                .with_label("not a goal slug")
                .with_hint_opt(
                    hint.or_else(|| Some("a goal's slug is its file name without `.md`".into())),
                ),
            );
        }
    }
}

fn check_cadence(context: &Context<'_>, entries: &[Entry], report: &mut Report) {
    let mut updates: Vec<(Date, &Entry)> = entries
        .iter()
        .filter_map(|e| match &e.fields {
            EntryFields::Update(update) => Some((update.date, e)),
            _ => None,
        })
        .collect();
    updates.sort_by_key(|(date, e)| (*date, e.path.clone()));
    let dates: Vec<Date> = updates.iter().map(|(d, _)| *d).collect();
    for gap in model::cadence_gaps(&dates, context.config.cadence_days, &context.config.away) {
        let Some((_, entry)) = updates.iter().find(|(d, _)| *d == gap.to) else {
            continue;
        };
        let span = entry.date_span.clone();
        let away = if gap.away_days > 0 {
            format!(", {} of them away", gap.away_days)
        } else {
            String::new()
        };
        report.push(
            Diagnostic::new(
                Rule::CadenceGap,
                entry.file,
                span,
                format!(
                    "no update for {} days, from {} to {}{away} (cadence: {} days)",
                    gap.days, gap.from, gap.to, context.config.cadence_days
                ),
            )
            .with_hint("declare leave in dossier.toml's `away` if you were away"),
        );
    }
}

#[cfg(test)]
mod tests_support {
    use super::*;
    use crate::discover::Candidate;

    pub(super) fn validate_files(files: &[(&str, String)]) -> (Vec<Entry>, Report) {
        let dir = tempfile::tempdir().unwrap();
        let mut candidates = Vec::new();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
            let folder = path.split('/').next().unwrap();
            candidates.push(Candidate {
                path: PathBuf::from(path),
                folder_kind: Kind::from_folder(folder),
            });
        }
        let config = Config::default();
        let context = Context {
            root: dir.path(),
            shown_root: Path::new(""),
            config: &config,
            today: jiff::civil::date(2026, 11, 23),
            exclude: None,
        };
        let mut report = Report::new();
        let entries = validate(&context, &candidates, &mut report);
        (entries, report)
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::*;
    use super::*;

    /// A file of `kind` whose frontmatter has every field of the kind's
    /// schema, with a valid value.
    fn every_field(kind: Kind) -> String {
        let mut text = String::from("---\n");
        for name in crate::schema::field_names(kind) {
            let value = match (kind, name.as_str()) {
                (_, "kind") => kind.name().to_string(),
                (_, "private") => "false".into(),
                (_, "aliases" | "cssclasses") => "[x]".into(),
                (Kind::Goal, "status") => "done".into(),
                (Kind::Goal, "leverage") => "[execution]".into(),
                (_, "started" | "finished" | "target" | "date") => "2026-01-05".into(),
                (_, "period") => {
                    "{ from: 2026-01-01, to: 2026-01-04, reason: r, label: l, note: n }".into()
                }
                (_, "with") => "[{ name: A, role: B, org: C }]".into(),
                (_, "type") => "cross-team".into(),
                (_, "goals") => "[g]".into(),
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
        for kind in [Kind::Goal, Kind::Update, Kind::Meeting] {
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
                Kind::Goal => None,
                Kind::Update => Some(("period", &schema["properties"]["period"])),
                Kind::Meeting => Some(("person", &schema["properties"]["with"])),
            };
            if let Some((what, property)) = nested {
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
        for kind in [Kind::Goal, Kind::Update, Kind::Meeting] {
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
