//! `dossier schema`: the JSON Schema (draft 2020-12) of entry frontmatter.
//!
//! The frontmatter of each kind is described here once, as Rust types with
//! `schemars` derives: the field names, which are required, their types, and
//! the allowed names of statuses, leverage kinds, meeting types and kinds
//! (taken from the same [`Choice`] lists the validator
//! uses). The validator's list of known fields ([`field_names`], behind
//! `validate::known_fields`) is read from this schema, and a test checks that
//! every field the validator reads is a property here and the other way round,
//! so that the schema an editor uses and `dossier check` cannot drift apart.
//!
//! The types below are never built: they only describe the frontmatter as
//! written. Validation reads the frontmatter tree field by field, with
//! positions (see [`crate::fields`]).

use std::borrow::Cow;
use std::sync::LazyLock;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use crate::diagnostic::Rule;
use crate::entry::{Choice, Kind, Leverage, MeetingType, Mentoring, Role, Status};

/// A date written `YYYY-MM-DD`. In YAML, quoted or not, a date reaches a
/// language server as a string.
pub struct DateText;

impl JsonSchema for DateText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "DateText".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}

/// A field that takes a list also takes a single value: `tags: review` is
/// read as `tags: [review]`.
pub struct OneOrMany<T>(std::marker::PhantomData<T>);

impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<T>();
        json_schema!({ "anyOf": [one, { "type": "array", "items": one }] })
    }
}

/// The name of a rule, as `dossier rules` lists them.
pub struct RuleName;

impl JsonSchema for RuleName {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "RuleName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Rule::ALL.iter().map(|rule| rule.name()).collect();
        json_schema!({ "type": "string", "enum": names })
    }
}

/// A range of days written as one string.
pub struct RangeText;

impl JsonSchema for RangeText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "RangeText".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^\\s*\\d{4}-\\d{2}-\\d{2}\\s*\\.\\.\\s*\\d{4}-\\d{2}-\\d{2}\\s*$",
            "description": "first and last day: `YYYY-MM-DD..YYYY-MM-DD`"
        })
    }
}

/// A range of days as a map.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RangeMap {
    /// First day, `YYYY-MM-DD`.
    pub from: DateText,
    /// Last day, `YYYY-MM-DD`.
    pub to: DateText,
    /// Why (accepted, not shown).
    pub reason: Option<String>,
    /// A label (accepted, not shown).
    pub label: Option<String>,
    /// A note (accepted, not shown).
    pub note: Option<String>,
}

/// A range of days: `"2026-03-02..2026-03-13"` or `{ from, to }`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Range {
    /// `"YYYY-MM-DD..YYYY-MM-DD"`.
    Text(RangeText),
    /// `{ from, to }`.
    Map(RangeMap),
}

/// Someone met, as a map.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PersonMap {
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Option<String>,
    /// Their part of the business (Finance, Sales...).
    pub org: Option<String>,
}

/// A problem raised: a line of text, or `{ problem, goal }`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum ProblemItem {
    /// The problem, in one line.
    Text(String),
    /// The problem and the goal that answers it.
    Map(ProblemMap),
}

/// `{ problem, goal }`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ProblemMap {
    /// The problem, in one line.
    pub problem: String,
    /// The slug of the goal that answers it (a goal that started on or
    /// after the meeting).
    pub goal: Option<String>,
}

/// An artifact: `"Title <URL>"`, a URL, or `{ title, url }` / `{ title, path }`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum ArtifactItem {
    /// `"Title <https://...>"`, or a URL alone.
    Text(String),
    /// `{ title, url }` or `{ title, path }`.
    Map(ArtifactMap),
}

/// `{ title, url }` or `{ title, path }`: one of `url` and `path`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ArtifactMap {
    /// What it is called.
    pub title: String,
    /// Where it is outside the journal, with its scheme (`https://...`).
    pub url: Option<String>,
    /// A file of the journal, relative to the note as a body link
    /// (`../assets/runbook.md`): checked like one (`broken-link`).
    pub path: Option<String>,
}

/// Someone met: `"Name (Role)"` or `{ name, role, org }`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Person {
    /// `"Name (Role)"`, or a name alone.
    Text(String),
    /// `{ name, role, org }`.
    Map(PersonMap),
}

/// A goal's frontmatter (`goals/SLUG.md`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GoalFrontmatter {
    /// Only needed outside the `goals/` folder.
    pub kind: Option<Kind>,
    /// What will be true when it succeeds.
    pub title: String,
    /// Free tags. A goal tagged `breakthrough` marks a win delivered ahead of any plan.
    pub tags: Option<OneOrMany<String>>,
    /// `true` leaves the entry out of the site (unless `--include-private`) and always out of the packet.
    pub private: Option<bool>,
    /// Obsidian's own key, accepted and ignored.
    pub aliases: Option<Value>,
    /// Obsidian's own key, accepted and ignored.
    pub cssclasses: Option<Value>,
    /// Rules not reported on this note, e.g. `[backdated, empty-body]`
    /// (`dossier rules` lists them).
    pub allow: Option<OneOrMany<RuleName>>,
    /// Where it stands.
    pub status: Status,
    /// When work began, `YYYY-MM-DD`.
    pub started: DateText,
    /// When it is meant to be done, `YYYY-MM-DD`.
    pub target: Option<DateText>,
    /// When it was done or dropped, `YYYY-MM-DD`: for `done` and `dropped`, and only then.
    pub finished: Option<DateText>,
    /// The kinds of leverage it shows.
    pub leverage: Option<OneOrMany<Leverage>>,
    /// The outcome in one line, with numbers: required when `done`.
    pub impact: Option<String>,
    /// Who cares about it, e.g. `Priya Nair (Director, Payments)`.
    pub stakeholders: Option<OneOrMany<String>>,
    /// `true` puts it first in the packet: the goals that make the case.
    pub highlight: Option<bool>,
    /// Where an open goal stands, one line in your words.
    pub progress: Option<String>,
    /// What was learned, in your words: a dropped goal's lesson.
    pub learned: Option<String>,
    /// Your part in it: lead, co-lead, contributor or advisor.
    pub role: Option<Role>,
    /// Who else did what, one line, e.g. `Ravi ran the data backfill`.
    pub credit: Option<String>,
    /// `true` marks glue work: what keeps a team going and multiplies
    /// others (on-call health, onboarding, process).
    pub glue: Option<bool>,
    /// Keys of dossier.toml's `[ladder]` this note is evidence for.
    pub criteria: Option<OneOrMany<String>>,
    /// What it produced: `"Title <URL>"`, or `{ title, url }` / `{ title, path }`.
    pub artifacts: Option<OneOrMany<ArtifactItem>>,
}

/// An update's frontmatter (`updates/DATE.md`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct UpdateFrontmatter {
    /// Only needed outside the `updates/` folder.
    pub kind: Option<Kind>,
    /// Falls back to "Update of DATE".
    pub title: Option<String>,
    /// Free tags.
    pub tags: Option<OneOrMany<String>>,
    /// `true` leaves the entry out of the site (unless `--include-private`) and always out of the packet.
    pub private: Option<bool>,
    /// Obsidian's own key, accepted and ignored.
    pub aliases: Option<Value>,
    /// Obsidian's own key, accepted and ignored.
    pub cssclasses: Option<Value>,
    /// Rules not reported on this note, e.g. `[backdated, empty-body]`
    /// (`dossier rules` lists them).
    pub allow: Option<OneOrMany<RuleName>>,
    /// The day it was sent, `YYYY-MM-DD`.
    pub date: DateText,
    /// The days it covers: `"2026-03-02..2026-03-13"` or `{ from, to }`.
    pub period: Option<Range>,
    /// Recipients, e.g. `Sam Ortiz (Engineering Manager)`.
    pub to: Option<OneOrMany<String>>,
    /// Slugs of the goals it reports on.
    pub goals: Option<OneOrMany<String>>,
    /// Keys of dossier.toml's `[ladder]` this note is evidence for.
    pub criteria: Option<OneOrMany<String>>,
    /// What it produced: `"Title <URL>"`, or `{ title, url }` / `{ title, path }`.
    pub artifacts: Option<OneOrMany<ArtifactItem>>,
}

/// A meeting's frontmatter (`meetings/DATE-TOPIC.md`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MeetingFrontmatter {
    /// Only needed outside the `meetings/` folder.
    pub kind: Option<Kind>,
    /// Falls back to "Meeting with NAMES".
    pub title: Option<String>,
    /// Free tags.
    pub tags: Option<OneOrMany<String>>,
    /// `true` leaves the entry out of the site (unless `--include-private`) and always out of the packet.
    pub private: Option<bool>,
    /// Obsidian's own key, accepted and ignored.
    pub aliases: Option<Value>,
    /// Obsidian's own key, accepted and ignored.
    pub cssclasses: Option<Value>,
    /// Rules not reported on this note, e.g. `[backdated, empty-body]`
    /// (`dossier rules` lists them).
    pub allow: Option<OneOrMany<RuleName>>,
    /// The day it took place, `YYYY-MM-DD`.
    pub date: DateText,
    /// Who was there: each `"Name (Role)"` or `{ name, role, org }`.
    pub with: OneOrMany<Person>,
    /// What kind of meeting.
    #[serde(rename = "type")]
    pub meeting_type: Option<MeetingType>,
    /// The part of the business they are from (Finance, Sales...).
    pub org: Option<String>,
    /// Problems they raised, one line each, or `{ problem, goal }` naming
    /// the goal that answers it.
    pub problems: Option<OneOrMany<ProblemItem>>,
    /// Slugs of goals it relates to or led to.
    pub goals: Option<OneOrMany<String>>,
    /// For `type: mentoring` (and only then): `given` when you mentored or
    /// coached them, `received` when they mentored you.
    pub mentoring: Option<Mentoring>,
    /// What came of it, one line in your words.
    pub outcome: Option<String>,
    /// Keys of dossier.toml's `[ladder]` this note is evidence for.
    pub criteria: Option<OneOrMany<String>>,
}

/// A summary's period: the name of one of `dossier.toml`'s `[periods]`, or
/// a range of days.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum SummaryPeriod {
    /// A period's name, e.g. `2026-H2`.
    Name(String),
    /// `"YYYY-MM-DD..YYYY-MM-DD"` or `{ from, to }`.
    Range(Range),
}

/// A summary's frontmatter (`summaries/PERIOD.md`): the author's case for
/// one review period, in the body, in their own words.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SummaryFrontmatter {
    /// Only needed outside the `summaries/` folder.
    pub kind: Option<Kind>,
    /// Falls back to "Summary of PERIOD".
    pub title: Option<String>,
    /// Free tags.
    pub tags: Option<OneOrMany<String>>,
    /// `true` leaves the entry out of the site (unless `--include-private`) and always out of the packet.
    pub private: Option<bool>,
    /// Obsidian's own key, accepted and ignored.
    pub aliases: Option<Value>,
    /// Obsidian's own key, accepted and ignored.
    pub cssclasses: Option<Value>,
    /// Rules not reported on this note, e.g. `[backdated, empty-body]`
    /// (`dossier rules` lists them).
    pub allow: Option<OneOrMany<RuleName>>,
    /// The day it was written, `YYYY-MM-DD`.
    pub date: DateText,
    /// The review period it is for: a name from `[periods]` in dossier.toml
    /// (`2026-H2`), or the days (`"2026-07-01..2026-12-31"` or `{ from, to }`).
    pub period: SummaryPeriod,
}

/// Feedback's frontmatter (`feedback/DATE-NAME.md`): what one person said
/// or wrote about your work, in the body, as you wrote it down.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FeedbackFrontmatter {
    /// Only needed outside the `feedback/` folder.
    pub kind: Option<Kind>,
    /// Falls back to "Feedback from NAME".
    pub title: Option<String>,
    /// Free tags.
    pub tags: Option<OneOrMany<String>>,
    /// `true` leaves the entry out of the site (unless `--include-private`) and always out of the packet.
    pub private: Option<bool>,
    /// Obsidian's own key, accepted and ignored.
    pub aliases: Option<Value>,
    /// Obsidian's own key, accepted and ignored.
    pub cssclasses: Option<Value>,
    /// Rules not reported on this note, e.g. `[backdated, empty-body]`
    /// (`dossier rules` lists them).
    pub allow: Option<OneOrMany<RuleName>>,
    /// The day it was written down, `YYYY-MM-DD`.
    pub date: DateText,
    /// Who said or wrote it, one person: `"Name (Role, Org)"` or
    /// `{ name, role, org }` (a list is an error).
    pub from: Person,
    /// Required: `true` if they agreed to be quoted with their name in the
    /// packet; `false` keeps it for you alone, like `private: true` (in no
    /// packet, and in the site only with `--include-private`).
    pub consent: bool,
    /// Slugs of the goals it is about.
    pub goals: Option<OneOrMany<String>>,
    /// `true` when they agreed to speak for you as a reference (needs
    /// `consent: true`).
    pub reference: Option<bool>,
    /// The criteria it speaks to, as written.
    pub criteria: Option<OneOrMany<String>>,
}

const KINDS: [Kind; 5] = [
    Kind::Goal,
    Kind::Update,
    Kind::Meeting,
    Kind::Summary,
    Kind::Feedback,
];

/// The schema of one kind's frontmatter, without the root keywords.
fn kind_schema(kind: Kind) -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|settings| settings.inline_subschemas = true)
        .into_generator();
    let schema = match kind {
        Kind::Goal => generator.into_root_schema_for::<GoalFrontmatter>(),
        Kind::Update => generator.into_root_schema_for::<UpdateFrontmatter>(),
        Kind::Meeting => generator.into_root_schema_for::<MeetingFrontmatter>(),
        Kind::Summary => generator.into_root_schema_for::<SummaryFrontmatter>(),
        Kind::Feedback => generator.into_root_schema_for::<FeedbackFrontmatter>(),
    };
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        object.remove("$schema");
        object.remove("title");
        // In a kind's own schema, `kind` can only name that kind.
        if let Some(property) = object.get_mut("properties").and_then(|p| p.get_mut("kind")) {
            *property = serde_json::json!({
                "description": format!(
                    "`{}`: only needed outside the `{}/` folder",
                    kind.name(),
                    kind.folder()
                ),
                "const": kind.name(),
            });
        }
        if kind == Kind::Goal {
            object.insert("allOf".into(), goal_rules());
        }
        if kind == Kind::Meeting {
            object.insert("allOf".into(), mentoring_rules());
        }
    }
    value
}

/// The goal rules that tie fields together, as `dossier check` applies them
/// (`goal-finished`, `goal-impact`): a closed goal needs `finished` (and a
/// done one its `impact`), an open one has none.
fn goal_rules() -> Value {
    let closed: Vec<&str> = Status::ALL
        .iter()
        .filter(|(_, status)| status.is_closed())
        .map(|(name, _)| *name)
        .collect();
    let open: Vec<&str> = Status::ALL
        .iter()
        .filter(|(_, status)| !status.is_closed())
        .map(|(name, _)| *name)
        .collect();
    serde_json::json!([
        {
            "if": { "properties": { "status": { "enum": closed } }, "required": ["status"] },
            "then": { "required": ["finished"], "properties": { "finished": { "type": "string" } } }
        },
        {
            "if": { "properties": { "status": { "const": Status::Done.name() } }, "required": ["status"] },
            "then": { "required": ["impact"], "properties": { "impact": { "type": "string" } } }
        },
        {
            "if": { "properties": { "status": { "enum": open } }, "required": ["status"] },
            "then": { "properties": { "finished": { "type": "null" } } }
        }
    ])
}

/// `type: mentoring` and `mentoring` go together, as `dossier check` has
/// it: a mentoring meeting says which way it went, and only it does.
fn mentoring_rules() -> Value {
    let mentoring = MeetingType::Mentoring.name();
    serde_json::json!([
        {
            "if": { "properties": { "type": { "const": mentoring } }, "required": ["type"] },
            "then": { "required": ["mentoring"] }
        },
        {
            "if": { "required": ["mentoring"] },
            "then": { "required": ["type"], "properties": { "type": { "const": mentoring } } }
        }
    ])
}

/// The JSON Schema of the frontmatter of `kind`, or with `None`, of any
/// entry (a goal, an update, a meeting, a summary or feedback).
pub fn json(kind: Option<Kind>) -> Value {
    let mut schema = serde_json::Map::new();
    schema.insert(
        "$schema".into(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    match kind {
        Some(kind) => {
            if let Value::Object(own) = kind_schema(kind) {
                schema.extend(own);
            }
            schema.insert(
                "$id".into(),
                format!("urn:dossier:schema:{}", kind.name()).into(),
            );
            schema.insert("title".into(), format!("dossier {}", kind.name()).into());
            schema.insert(
                "description".into(),
                format!(
                    "The frontmatter of a dossier {} ({}/*.md). Generated by `dossier schema {}`.",
                    kind.name(),
                    kind.folder(),
                    kind.name()
                )
                .into(),
            );
        }
        None => {
            schema.insert("$id".into(), "urn:dossier:schema:entry".into());
            schema.insert("title".into(), "dossier entry".into());
            schema.insert(
                "description".into(),
                "The frontmatter of a dossier entry: a goal, an update, a meeting, a summary or feedback. Generated by `dossier schema`.".into(),
            );
            let defs: serde_json::Map<String, Value> = KINDS
                .iter()
                .map(|kind| (kind.name().to_string(), kind_schema(*kind)))
                .collect();
            let any_of: Vec<Value> = KINDS
                .iter()
                .map(|kind| serde_json::json!({ "$ref": format!("#/$defs/{}", kind.name()) }))
                .collect();
            schema.insert("anyOf".into(), any_of.into());
            schema.insert("$defs".into(), defs.into());
        }
    }
    Value::Object(schema)
}

/// The fields a kind requires, read from its schema.
pub fn required_fields(kind: Kind) -> &'static [String] {
    static REQUIRED: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
        KINDS
            .iter()
            .map(|kind| {
                kind_schema(*kind)["required"]
                    .as_array()
                    .map(|names| {
                        names
                            .iter()
                            .filter_map(|n| n.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect()
    });
    let index = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    &REQUIRED[index]
}

/// The frontmatter fields of a kind, read from its schema, sorted.
pub fn field_names(kind: Kind) -> &'static [String] {
    static NAMES: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
        KINDS
            .iter()
            .map(|kind| {
                kind_schema(*kind)["properties"]
                    .as_object()
                    .map(|properties| properties.keys().cloned().collect())
                    .unwrap_or_default()
            })
            .collect()
    });
    let index = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    &NAMES[index]
}
