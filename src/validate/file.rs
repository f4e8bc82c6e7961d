//! One file read as an entry: its kind (folder or `kind:` field), its fields
//! read into an [`Entry`], and the rules that need only the file. Nothing
//! here looks at another file.

use std::sync::Arc;

use jiff::civil::Date;

use super::{Context, known_fields, slug_of};
use crate::diagnostic::{Diagnostic, FileId, Rule, did_you_mean};
use crate::discover::Candidate;
use crate::entry::{
    Choice, DateRange, Entry, Feedback, Fields as EntryFields, Goal, Kind, Meeting, MeetingType,
    Mentoring, Person, Role, Spanned, Status, Summary, Update,
};
use crate::fields::Fields;
use crate::node::{Key, Node, Span};
use crate::parse::ParsedFile;

/// What reading a file as an entry gave.
#[derive(Clone, Debug)]
pub(crate) enum Found {
    /// Not an entry: a Markdown file outside the kind folders without
    /// `kind:`.
    NotAnEntry,
    /// An entry of this kind, with errors (reported), and the goal slugs
    /// it references as far as they could be read: checked like a valid
    /// entry's, so that one bad value does not hide another problem.
    Invalid(Kind, Vec<Spanned<String>>),
    /// A valid entry.
    Valid(Box<Entry>),
}

impl Found {
    /// The entry's kind, when the file is one.
    pub(crate) fn kind(&self) -> Option<Kind> {
        match self {
            Found::NotAnEntry => None,
            Found::Invalid(kind, _) => Some(*kind),
            Found::Valid(entry) => Some(entry.kind),
        }
    }
}

/// Reads one parsed file as an entry, pushing its problems to
/// `diagnostics`; with it, the rules its `allow` list names (read whenever
/// its frontmatter is a map, even when the entry is invalid).
pub(super) fn read_entry(
    context: &Context<'_>,
    candidate: &Candidate,
    file: FileId,
    parsed: &ParsedFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Found, Vec<Rule>) {
    let not_read = |kind: Option<Kind>| {
        kind.map_or(Found::NotAnEntry, |kind| Found::Invalid(kind, Vec::new()))
    };
    let map = match frontmatter_map(candidate.folder_kind, file, parsed, diagnostics) {
        Ok(map) => map,
        Err(kind) => return (not_read(kind), Vec::new()),
    };
    let (allow, allow_ok) = read_allow(file, map, parsed.fence.clone(), diagnostics);
    let kind = match entry_kind(candidate.folder_kind, file, map, diagnostics) {
        Ok(kind) => kind,
        Err(kind) => return (not_read(kind), allow),
    };
    let what = kind.name();
    let mut fields = Fields::new(file, map, parsed.fence.clone(), what, diagnostics);
    fields.accept(&["kind", "aliases", "cssclasses", "allow"]);
    let title = fields.string("title", kind == Kind::Goal).map(|s| s.value);
    let tags = fields
        .strings("tags")
        .into_iter()
        .map(|s| s.value)
        .collect();
    let mut private = fields.boolean("private");
    let mut refs = Vec::new();
    let entry_fields = match kind {
        Kind::Goal => read_goal(&mut fields, context.today).map(|(g, s)| (EntryFields::Goal(g), s)),
        Kind::Update => read_update(&mut fields, context.today, &mut refs)
            .map(|(u, s)| (EntryFields::Update(u), s)),
        Kind::Meeting => read_meeting(&mut fields, context.today, &mut refs)
            .map(|(m, s)| (EntryFields::Meeting(m), s)),
        Kind::Summary => read_summary(&mut fields, context.config, context.today)
            .map(|(m, s)| (EntryFields::Summary(m), s)),
        Kind::Feedback => read_feedback(&mut fields, context.today, &mut refs)
            .map(|(f, s)| (EntryFields::Feedback(f), s)),
    };
    // Feedback they did not agree to publish is the author's alone: a
    // private note in every output, whatever else it says.
    if let Some((EntryFields::Feedback(feedback), _)) = &entry_fields
        && !feedback.consent
    {
        private = true;
    }
    let criteria = read_criteria(&mut fields, context.config, kind);
    let entry_fields = entry_fields.map(|(mut entry_fields, span)| {
        match &mut entry_fields {
            EntryFields::Goal(goal) => goal.criteria = criteria,
            EntryFields::Update(update) => update.criteria = criteria,
            EntryFields::Meeting(meeting) => meeting.criteria = criteria,
            EntryFields::Feedback(feedback) => feedback.criteria = criteria,
            EntryFields::Summary(_) => {}
        }
        (entry_fields, span)
    });
    let ok = fields.finish(&known_fields(kind)) && allow_ok;
    let body = parsed.body();
    check_body(what, file, parsed, diagnostics);
    check_unfilled(kind, file, map, parsed, diagnostics);
    let found = match (ok, entry_fields) {
        (true, Some((fields, date_span))) => Found::Valid(Box::new(Entry {
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
        })),
        _ => Found::Invalid(kind, refs),
    };
    (found, allow)
}

/// A note's `criteria` (goals, updates, meetings, feedback), checked against the
/// ladder ([`super::ladder::check_criteria`]).
fn read_criteria(
    fields: &mut Fields<'_>,
    config: &crate::config::Config,
    kind: Kind,
) -> Vec<Spanned<String>> {
    if kind == Kind::Summary {
        return Vec::new();
    }
    let items = fields.strings("criteria");
    let mut found = Vec::new();
    super::ladder::check_criteria(config, fields.file(), &items, &mut found);
    for diagnostic in found {
        fields.report(diagnostic);
    }
    items
}

/// A note's `allow` list: the rules whose diagnostics on this note are not
/// reported, as clippy's `#[allow]` on one item. An unknown rule name is an
/// `invalid-value` error at its item, with a did-you-mean; the names that
/// are known still count. Returns the rules and whether the list was valid.
fn read_allow(
    file: FileId,
    map: &[(Key, Node)],
    anchor: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Rule>, bool) {
    // Read on its own, before the kind is known, so that a note whose kind
    // is in doubt still has its list; the entry's reader accepts the field.
    let mut fields = Fields::new(file, map, anchor, "note", diagnostics);
    let mut rules = Vec::new();
    for item in fields.strings("allow") {
        match Rule::from_name(&item.value) {
            // An error leaves the note out of the site and the packet:
            // silencing it on the note would make the note vanish unseen.
            Some(rule) if rule.default_level() == crate::diagnostic::Level::Error => {
                fields.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        file,
                        item.span.clone(),
                        format!(
                            "`{}` is an error: a note cannot allow it for itself",
                            item.value
                        ),
                    )
                    .with_label("an error, not a warning")
                    .with_hint(
                        "fix what it finds (`dossier rules NAME` explains it); an error left unfixed keeps the note out of the site and the packet",
                    ),
                );
            }
            Some(rule) => {
                if !rules.contains(&rule) {
                    rules.push(rule);
                }
            }
            None => {
                let names = Rule::ALL.iter().map(|r| r.name());
                fields.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        file,
                        item.span.clone(),
                        format!("`{}` is not a rule", item.value),
                    )
                    .with_label("not a rule name")
                    .with_hint(
                        did_you_mean(&item.value, names)
                            .unwrap_or_else(|| "`dossier rules` lists every rule".to_string()),
                    ),
                );
            }
        }
    }
    let ok = fields.ok;
    (rules, ok)
}

/// The rules on a body alone: not empty, not nested too deep.
fn check_body(what: &str, file: FileId, parsed: &ParsedFile, diagnostics: &mut Vec<Diagnostic>) {
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
}

/// A note left as its scaffold (`unfilled`): fields written with no value
/// (`with: []`, `type:`), or a body of headings only. It passes every other
/// rule and would publish an empty page.
fn check_unfilled(
    kind: Kind,
    file: FileId,
    map: &[(Key, Node)],
    parsed: &ParsedFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use crate::node::Value;
    let empty: Vec<&Key> = map
        .iter()
        .filter(|(key, _)| {
            !matches!(
                key.name.as_str(),
                "aliases" | "cssclasses" | "allow" | "tags"
            )
        })
        .filter(|(_, node)| match &node.value {
            Value::Null => true,
            Value::Str(text) => text.trim().is_empty(),
            Value::List(items) => items.is_empty(),
            Value::Map(entries) => entries.is_empty(),
            _ => false,
        })
        .map(|(key, _)| key)
        .collect();
    let headings_only = crate::markdown::only_headings(parsed.body());
    // An optional field left empty is no field; a required one (`with`), or
    // a body of headings only, is a scaffold never filled in.
    let required = crate::schema::required_fields(kind);
    let empty_required = empty.iter().any(|key| required.contains(&key.name));
    if !empty_required && !headings_only {
        return;
    }
    let names: Vec<String> = empty.iter().map(|k| format!("`{}`", k.name)).collect();
    let fields = match names.as_slice() {
        [] => None,
        [one] => Some(format!("{one} has no value")),
        [init @ .., last] => Some(format!("{} and {last} have no value", init.join(", "))),
    };
    let body = headings_only.then_some("its body has only headings");
    let parts: Vec<String> = fields.into_iter().chain(body.map(str::to_string)).collect();
    let span = match empty.first() {
        Some(key) => key.span.clone(),
        None => {
            let at = parsed.body_start.min(parsed.text.len());
            at..at
        }
    };
    diagnostics.push(
        Diagnostic::new(
            Rule::Unfilled,
            file,
            span,
            format!("this {} looks unfilled: {}", kind.name(), parts.join("; ")),
        )
        .with_hint("fill it in, or delete what you do not need (a field with no value is read as no field): an unfilled note publishes an empty page"),
    );
}

/// The frontmatter's fields; or, when there are none to read, the kind of
/// entry the file is by its folder, if any (its problem reported).
fn frontmatter_map<'p>(
    folder_kind: Option<Kind>,
    file: FileId,
    parsed: &'p ParsedFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<&'p [(Key, Node)], Option<Kind>> {
    let invalid = || folder_kind;
    if parsed.format.is_none() {
        if let Some(kind) = folder_kind {
            diagnostics.push(
                Diagnostic::new(
                    Rule::MissingFrontmatter,
                    file,
                    0..0,
                    format!("this {} has no frontmatter", kind.name()),
                )
                .with_hint("start the file with a `---` line, the fields, and another `---` line"),
            );
        }
        return Err(invalid());
    }
    let Some(node) = &parsed.frontmatter else {
        // Empty or invalid frontmatter: syntax errors are already reported.
        let syntax = diagnostics
            .iter()
            .any(|d| d.rule == Rule::FrontmatterSyntax);
        if let Some(kind) = folder_kind.filter(|_| !syntax) {
            diagnostics.push(
                Diagnostic::new(
                    Rule::MissingField,
                    file,
                    parsed.fence.clone(),
                    format!("this {}'s frontmatter is empty", kind.name()),
                )
                .with_hint(format!(
                    "fields of a {}: {}",
                    kind.name(),
                    known_fields(kind).join(", ")
                )),
            );
        }
        return Err(invalid());
    };
    match node.as_map() {
        Some(map) => Ok(map),
        None => {
            if folder_kind.is_some() {
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
            }
            Err(invalid())
        }
    }
}

/// The entry's kind: its folder's, its `kind:` field's, and the two must
/// agree; or, when they do not or there is neither, the kind the file is by
/// its folder, if any.
fn entry_kind(
    folder_kind: Option<Kind>,
    file: FileId,
    map: &[(Key, Node)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Kind, Option<Kind>> {
    let kind_node = map
        .iter()
        .find(|(key, _)| key.name == "kind")
        .map(|(_, node)| node);
    let field_kind = match kind_node {
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
                    .with_label(format!("expected one of: {}", Kind::names().join(", ")))
                    .with_hint_opt(
                        Kind::synonym(&text)
                            .map(|kind| format!("did you mean `{}`?", kind.name()))
                            .or_else(|| did_you_mean(&text, Kind::names())),
                    ),
                );
                return Err(folder_kind);
            }
        },
        None => None,
    };
    match (folder_kind, field_kind) {
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
            Err(Some(folder))
        }
        (Some(kind), _) | (None, Some((kind, _))) => Ok(kind),
        (None, None) => Err(None),
    }
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
    let highlight = fields.boolean("highlight");
    let progress = fields.string("progress", false).map(|p| p.value);
    let learned = fields.string("learned", false).map(|l| l.value);
    let role = fields.choice::<Role>("role", false);
    let credit = fields.string("credit", false).map(|c| c.value);
    let glue = fields.boolean("glue");
    let artifacts = fields.artifacts("artifacts");
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
        highlight,
        progress,
        learned,
        role,
        credit,
        glue,
        criteria: Vec::new(),
        artifacts,
    };
    Some((goal, started.span))
}

/// An update's fields; the goal slugs it names go to `refs` too, valid or not.
fn read_update(
    fields: &mut Fields<'_>,
    today: Date,
    refs: &mut Vec<Spanned<String>>,
) -> Option<(Update, Span)> {
    let date = fields.date("date", true);
    let period = fields.range("period");
    let to = fields.strings("to").into_iter().map(|s| s.value).collect();
    let goals = fields.strings("goals");
    let artifacts = fields.artifacts("artifacts");
    refs.extend(goals.iter().cloned());
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
            criteria: Vec::new(),
            artifacts,
        },
        date.span,
    ))
}

fn read_summary(
    fields: &mut Fields<'_>,
    config: &crate::config::Config,
    today: Date,
) -> Option<(Summary, Span)> {
    let date = fields.date("date", true);
    let period = summary_period(fields, config);
    if let Some(date) = &date {
        future(fields, "date", date, today);
    }
    let date = date?;
    let (period, period_name) = period?;
    Some((
        Summary {
            date: date.value,
            period,
            period_name,
        },
        date.span,
    ))
}

/// A summary's `period`: the name of one of `dossier.toml`'s `[periods]`,
/// or a range of days (then named when it is exactly a named period's).
fn summary_period(
    fields: &mut Fields<'_>,
    config: &crate::config::Config,
) -> Option<(DateRange, Option<String>)> {
    let Some(node) = fields.node("period") else {
        fields.string("period", true);
        return None;
    };
    let named = |range: DateRange| {
        config
            .periods
            .iter()
            .find(|p| p.range == range)
            .map(|p| p.name.clone())
    };
    match node.scalar_text() {
        Some(text) if !text.contains("..") => {
            let name = text.trim();
            if let Some(period) = config.periods.iter().find(|p| p.name == name) {
                return Some((period.range, Some(period.name.clone())));
            }
            let names = config.periods.iter().map(|p| p.name.as_str());
            let hint = did_you_mean(name, names.clone()).unwrap_or_else(|| {
                match config.periods.is_empty() {
                    true => "declare it in dossier.toml, e.g. `[periods]` then \
                             `2026-H2 = { from = 2026-07-01, to = 2026-12-31 }`, \
                             or write the days: `period: 2026-07-01..2026-12-31`"
                        .to_string(),
                    false => format!(
                        "periods in dossier.toml: {}",
                        names.collect::<Vec<_>>().join(", ")
                    ),
                }
            });
            fields.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    fields.file(),
                    node.span.clone(),
                    format!("no period named `{name}` in dossier.toml's `[periods]`"),
                )
                .with_hint(hint),
            );
            None
        }
        _ => {
            let range = fields.range("period")?.value;
            Some((range, named(range)))
        }
    }
}

/// `type: mentoring` and `mentoring: given | received` go together: a
/// mentoring meeting says which way it went, and only a mentoring meeting
/// has a direction.
fn check_mentoring(
    fields: &mut Fields<'_>,
    meeting_type: Option<MeetingType>,
    type_node: Option<&Node>,
    mentoring: Option<Mentoring>,
    mentoring_node: Option<&Node>,
) {
    let file = fields.file();
    match (meeting_type, mentoring) {
        (Some(MeetingType::Mentoring), None) if mentoring_node.is_none() => {
            let span = type_node.map_or(0..0, |n| n.span.clone());
            fields.report(
                Diagnostic::new(
                    Rule::MissingField,
                    file,
                    span,
                    "a mentoring meeting needs `mentoring: given` or `mentoring: received`",
                )
                .with_label("which way?")
                .with_hint("`given` when you mentored or coached them (the packet lists it as work that grows others), `received` when they mentored you"),
            );
        }
        (Some(other), Some(_)) if other != MeetingType::Mentoring => {
            let span = mentoring_node.map_or(0..0, |n| n.span.clone());
            fields.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    file,
                    span,
                    format!(
                        "`mentoring` is set but the meeting's type is `{}`",
                        other.name()
                    ),
                )
                .with_hint("set `type: mentoring`, or remove `mentoring`"),
            );
        }
        (None, Some(_)) if type_node.is_none() => {
            let span = mentoring_node.map_or(0..0, |n| n.span.clone());
            fields.report(
                Diagnostic::new(
                    Rule::MissingField,
                    file,
                    span,
                    "`mentoring` is set but the meeting has no `type: mentoring`",
                )
                .with_hint("add `type: mentoring`"),
            );
        }
        _ => {}
    }
}

/// A meeting's fields; the goal slugs it names (`goals`, problems' `goal`)
/// go to `refs` too, valid or not.
fn read_meeting(
    fields: &mut Fields<'_>,
    today: Date,
    refs: &mut Vec<Spanned<String>>,
) -> Option<(Meeting, Span)> {
    let date = fields.date("date", true);
    let with = fields.people("with");
    if fields.node("with").is_none() {
        fields.require(
            "with",
            "the people met, one per line as `- Name (Role, Org)`",
        );
    }
    let type_node = fields.node("type");
    let meeting_type = fields.choice::<MeetingType>("type", false);
    let mentoring_node = fields.node("mentoring");
    let mentoring = fields.choice::<Mentoring>("mentoring", false);
    let outcome = fields.string("outcome", false).map(|o| o.value);
    check_mentoring(fields, meeting_type, type_node, mentoring, mentoring_node);
    let org = fields.string("org", false).map(|s| s.value);
    let problems = fields.problems("problems");
    let goals = fields.strings("goals");
    refs.extend(goals.iter().cloned());
    refs.extend(problems.iter().filter_map(|p| p.goal.clone()));
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
            mentoring,
            outcome,
            criteria: Vec::new(),
        },
        date.span,
    ))
}

/// Feedback's fields; the goal slugs it names go to `refs` too, valid or
/// not. `from` is one person, and `consent` must be written: the safe
/// default is not assumed.
fn read_feedback(
    fields: &mut Fields<'_>,
    today: Date,
    refs: &mut Vec<Spanned<String>>,
) -> Option<(Feedback, Span)> {
    let date = fields.date("date", true);
    let from = feedback_from(fields);
    let consent = match fields.node("consent") {
        Some(node) => Some((fields.boolean("consent"), node)),
        None => {
            fields.require(
                "consent",
                "`true` if they agreed to be quoted by name in the packet, `false` to keep it for yourself",
            );
            None
        }
    };
    let goals = fields.strings("goals");
    refs.extend(goals.iter().cloned());
    let reference_node = fields.node("reference");
    let reference = fields.boolean("reference");
    if let (Some((false, _)), Some(node), true) = (&consent, reference_node, reference) {
        fields.report(
            Diagnostic::new(
                Rule::InvalidValue,
                fields.file(),
                node.span.clone(),
                "`reference: true` needs `consent: true`",
            )
            .with_label("a reference is named")
            .with_hint(
                "someone who agreed to speak for you agreed to be named: set `consent: true`, or remove `reference`",
            ),
        );
    }
    if let Some(date) = &date {
        future(fields, "date", date, today);
    }
    let date = date?;
    Some((
        Feedback {
            date: date.value,
            from: from?,
            consent: consent?.0,
            goals,
            reference,
            // Read and checked against the ladder with every kind's.
            criteria: Vec::new(),
        },
        date.span,
    ))
}

/// Feedback's `from`: one person, `"Name (Role, Org)"` or `{ name, role,
/// org }`. A list, an empty value, or names separated by commas (outside
/// the parentheses) are an error.
fn feedback_from(fields: &mut Fields<'_>) -> Option<Person> {
    use crate::node::Value;
    const ONE: &str = "write one person: `from: Name (Role, Org)` or `{ name, role, org }`; feedback from several people is one note each";
    let Some(node) = fields.node("from") else {
        fields.require(
            "from",
            "who said or wrote it, one person as `Name (Role, Org)`",
        );
        return None;
    };
    let not_one = |fields: &mut Fields<'_>, found: String| {
        fields.report(
            Diagnostic::new(
                Rule::InvalidValue,
                fields.file(),
                node.span.clone(),
                format!("`from` must be one person, found {found}"),
            )
            .with_label("one person")
            .with_hint(ONE),
        );
        None
    };
    match &node.value {
        Value::List(items) => not_one(fields, format!("a list of {}", items.len())),
        Value::Map(_) => fields.people("from").into_iter().next(),
        _ => match node.scalar_text() {
            Some(text) if text.trim().is_empty() => {
                fields.require(
                    "from",
                    "who said or wrote it, one person as `Name (Role, Org)`",
                );
                None
            }
            Some(text) if comma_outside_parentheses(&text) => {
                not_one(fields, format!("`{}`", text.trim()))
            }
            Some(text) => Some(Person::from_text(&text)),
            None => not_one(fields, node.value.describe().to_string()),
        },
    }
}

/// True when `text` has a comma or semicolon outside parentheses: more
/// than one person (`Ann Lee, Bo Chan`), where `Ann Lee (VP, Sales)` is one.
fn comma_outside_parentheses(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}
