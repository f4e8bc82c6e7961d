//! The typed journal entries: goals, updates, meetings, summaries and
//! feedback.
//!
//! These are what validation produces from a frontmatter tree, and what the
//! model, the site and the packet are built from. Every enum lists its names
//! as written in frontmatter, so that validation, messages and documentation
//! share one list.

use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::FileId;
use crate::node::Span;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    #[serde(flatten)]
    pub value: T,
    /// Where it is in its file.
    #[serde(skip)]
    pub span: Span,
}

/// An enum whose values are written as fixed names in frontmatter.
pub trait Choice: Sized + Copy + 'static {
    /// What the field holds, for messages ("goal status").
    const WHAT: &'static str;
    /// Every value with its name.
    const ALL: &'static [(&'static str, Self)];
    /// Words people write for a value (`in-progress` for `active`), for
    /// suggestions only: never accepted as the value.
    const SYNONYMS: &'static [(&'static str, Self)] = &[];

    /// The value's name as written in frontmatter.
    fn name(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(n, _)| *n)
            .unwrap_or("")
    }

    /// Looks a value up by name.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// All names, for "expected one of" messages.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|(n, _)| *n).collect()
    }

    /// The value `text` is a common other word for, compared in lower case
    /// with spaces and underscores as `-`.
    fn synonym(text: &str) -> Option<Self> {
        let normal: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '_' { '-' } else { c })
            .collect();
        Self::SYNONYMS
            .iter()
            .find(|(word, _)| *word == normal)
            .map(|(_, value)| *value)
    }
}

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $( $(#[$vdoc:meta])* $variant:ident = $text:literal ),* $(,)? }
     $(, synonyms { $( $synonym:literal => $target:ident ),* $(,)? })?) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $( $(#[$vdoc])* #[serde(rename = $text)] $variant, )*
        }

        impl Choice for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [(&'static str, Self)] = &[$(($text, $name::$variant)),*];
            const SYNONYMS: &'static [(&'static str, Self)] = &[$($(($synonym, $name::$target)),*)?];
        }

        /// In the JSON Schema, the names the validator accepts (from the same list).
        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let names: Vec<&str> = Self::ALL.iter().map(|(n, _)| *n).collect();
                schemars::json_schema!({ "type": "string", "enum": names })
            }
        }
    };
}

choice!(
    /// The kinds of entry.
    Kind, "entry kind", {
        /// Something owned that can clearly succeed or fail.
        Goal = "goal",
        /// A regular written update to the manager.
        Update = "update",
        /// A meeting, notably with senior leaders and other parts of the business.
        Meeting = "meeting",
        /// The author's summary of their case for a review period.
        Summary = "summary",
        /// What someone else said or wrote about the author's work, as the
        /// author wrote it down.
        Feedback = "feedback",
    }, synonyms {
        "goals" => Goal, "objective" => Goal, "okr" => Goal, "project" => Goal,
        "updates" => Update, "status-update" => Update, "report" => Update,
        "meetings" => Meeting, "1:1" => Meeting, "one-on-one" => Meeting,
        "summaries" => Summary, "self-review" => Summary, "brag" => Summary,
        "feedbacks" => Feedback, "testimonial" => Feedback, "kudos" => Feedback,
        "praise" => Feedback, "quote" => Feedback, "endorsement" => Feedback,
    }
);

impl Kind {
    /// The top folder holding entries of this kind, also the site folder.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Goal => "goals",
            Kind::Update => "updates",
            Kind::Meeting => "meetings",
            Kind::Summary => "summaries",
            Kind::Feedback => "feedback",
        }
    }

    /// The kind whose folder is `name`.
    pub fn from_folder(name: &str) -> Option<Kind> {
        Kind::ALL
            .iter()
            .map(|(_, kind)| *kind)
            .find(|kind| kind.folder() == name)
    }
}

choice!(
    /// Where a goal stands.
    Status, "goal status", {
        /// Suggested, not yet started.
        Proposed = "proposed",
        /// Being worked on.
        Active = "active",
        /// Stuck on something outside the owner's control.
        Blocked = "blocked",
        /// Finished with an outcome.
        Done = "done",
        /// Stopped on purpose.
        Dropped = "dropped",
    }, synonyms {
        "in-progress" => Active, "inprogress" => Active, "wip" => Active, "ongoing" => Active,
        "started" => Active, "doing" => Active, "open" => Active, "current" => Active,
        "todo" => Proposed, "planned" => Proposed, "idea" => Proposed, "backlog" => Proposed,
        "new" => Proposed, "draft" => Proposed,
        "complete" => Done, "completed" => Done, "finished" => Done, "closed" => Done,
        "shipped" => Done, "achieved" => Done, "resolved" => Done, "delivered" => Done,
        "on-hold" => Blocked, "onhold" => Blocked, "stuck" => Blocked, "waiting" => Blocked,
        "paused" => Blocked,
        "cancelled" => Dropped, "canceled" => Dropped, "abandoned" => Dropped,
        "stopped" => Dropped, "killed" => Dropped, "wontfix" => Dropped, "won't-do" => Dropped,
    }
);

impl Status {
    /// Done and dropped goals are closed: they need a `finished` date.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Dropped)
    }
}

choice!(
    /// The kind of leverage a goal shows.
    Leverage, "leverage kind", {
        /// Trust, a network across the company.
        Interpersonal = "interpersonal",
        /// Getting big, risky things done.
        Execution = "execution",
        /// Seeing the opportunity across teams, aligning people on it.
        Strategic = "strategic",
        /// Rare, deep skills.
        Expert = "expert",
    }, synonyms {
        "technical" => Expert, "technology" => Expert, "tech" => Expert, "depth" => Expert,
        "expertise" => Expert, "specialist" => Expert, "craft" => Expert,
        "people" => Interpersonal, "relationships" => Interpersonal, "social" => Interpersonal,
        "communication" => Interpersonal, "influence" => Interpersonal, "trust" => Interpersonal,
        "delivery" => Execution, "shipping" => Execution, "operational" => Execution,
        "operations" => Execution, "project" => Execution,
        "vision" => Strategic, "strategy" => Strategic, "direction" => Strategic,
        "alignment" => Strategic,
    }
);

choice!(
    /// What kind of meeting it was.
    MeetingType, "meeting type", {
        /// With the manager or a peer.
        OneOnOne = "one-on-one",
        /// With the manager's manager.
        SkipLevel = "skip-level",
        /// With a senior leader.
        SeniorLeader = "senior-leader",
        /// With another team or part of the business.
        CrossTeam = "cross-team",
        /// Mentoring or coaching, given or received: the `mentoring` field
        /// says which.
        Mentoring = "mentoring",
        /// Anything else.
        Other = "other",
    }, synonyms {
        "1:1" => OneOnOne, "1-1" => OneOnOne, "1on1" => OneOnOne, "1-on-1" => OneOnOne,
        "one-to-one" => OneOnOne, "oneonone" => OneOnOne, "1x1" => OneOnOne,
        "skip" => SkipLevel, "skiplevel" => SkipLevel,
        "leadership" => SeniorLeader, "executive" => SeniorLeader, "exec" => SeniorLeader,
        "leader" => SeniorLeader, "senior" => SeniorLeader, "vp" => SeniorLeader,
        "director" => SeniorLeader,
        "cross-functional" => CrossTeam, "crossteam" => CrossTeam, "partner" => CrossTeam,
        "stakeholder" => CrossTeam, "cross-org" => CrossTeam,
        "coaching" => Mentoring, "mentor" => Mentoring, "mentorship" => Mentoring,
        "mentee" => Mentoring, "coach" => Mentoring, "mentoring-given" => Mentoring,
        "mentoring-received" => Mentoring,
    }
);

choice!(
    /// Which way a mentoring or coaching meeting went (`mentoring`).
    Mentoring, "mentoring direction", {
        /// The author mentored or coached someone: work that multiplies others.
        Given = "given",
        /// The author was mentored or coached.
        Received = "received",
    }, synonyms {
        "gave" => Given, "giving" => Given, "mentor" => Given, "coach" => Given,
        "me-mentoring" => Given, "out" => Given,
        "got" => Received, "receiving" => Received, "mentee" => Received,
        "coached" => Received, "in" => Received,
    }
);

choice!(
    /// The author's part in a goal (`role`).
    Role, "goal role", {
        /// The author led it: they answer for it succeeding or failing.
        Lead = "lead",
        /// The author led it with someone else (`credit` says who).
        CoLead = "co-lead",
        /// The author did part of it under someone else's lead.
        Contributor = "contributor",
        /// The author advised or reviewed; others did the work.
        Advisor = "advisor",
    }, synonyms {
        "owner" => Lead, "driver" => Lead, "dri" => Lead, "tech-lead" => Lead,
        "leader" => Lead, "led" => Lead,
        "colead" => CoLead, "co-owner" => CoLead, "shared" => CoLead, "joint" => CoLead,
        "member" => Contributor, "contributed" => Contributor, "helper" => Contributor,
        "engineer" => Contributor, "support" => Contributor,
        "reviewer" => Advisor, "consultant" => Advisor, "adviser" => Advisor,
        "mentor" => Advisor,
    }
);

/// A thing made in the course of a goal or written up in an update (a
/// design doc, an RFC, a runbook, a dashboard): `"Title <URL>"`, a URL, or
/// `{ title, url }` / `{ title, path }` (a file of the journal, checked
/// like a body link).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Artifact {
    /// What it is called.
    pub title: String,
    /// Where it is, outside the journal.
    pub url: Option<String>,
    /// Where it is in the journal, as written (relative to the note, as a
    /// body link), with where it was written.
    pub path: Option<Spanned<String>>,
}

choice!(
    /// The paper the packet prints on (`paper` in dossier.toml, `--paper`).
    Paper, "paper size", {
        /// ISO A4, 210 × 297 mm.
        A4 = "a4",
        /// US Letter, 8.5 × 11 in.
        Letter = "letter",
    }
);

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DateRange {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

impl DateRange {
    /// True when `date` is inside the range.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Someone met: `"Name (Role)"` or `{ name, role, org }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Their name.
    pub name: String,
    /// Their role, if given.
    pub role: Option<String>,
    /// Their part of the business, if given.
    pub org: Option<String>,
}

impl Person {
    /// Reads `"Name (Role)"` or `"Name (Role, Org)"` (the org after the
    /// last comma); a string without parentheses is a name.
    pub fn from_text(text: &str) -> Person {
        let text = text.trim();
        if let Some(open) = text
            .strip_suffix(')')
            .and_then(|t| t.rfind('(').map(|i| (i, t)))
        {
            let (index, inner) = open;
            let name = inner[..index].trim();
            let within = inner[index + 1..].trim();
            let (role, org) = match within.rsplit_once(',') {
                Some((role, org)) => (role.trim(), org.trim()),
                None => (within, ""),
            };
            let given = |text: &str| (!text.is_empty()).then(|| text.to_string());
            if !name.is_empty() {
                return Person {
                    name: name.to_string(),
                    role: given(role),
                    org: given(org),
                };
            }
        }
        Person {
            name: text.to_string(),
            role: None,
            org: None,
        }
    }
}

/// A goal's fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Goal {
    /// Where it stands.
    pub status: Status,
    /// When work began.
    pub started: Date,
    /// When it is meant to be done.
    pub target: Option<Date>,
    /// When it was done or dropped.
    pub finished: Option<Date>,
    /// The kinds of leverage it shows.
    pub leverage: Vec<Leverage>,
    /// The outcome, in one line.
    pub impact: Option<String>,
    /// Who cares about it.
    pub stakeholders: Vec<String>,
    /// The author wants it to lead the packet (`highlight: true`).
    pub highlight: bool,
    /// Where an open goal stands, in the author's words, one line.
    pub progress: Option<String>,
    /// What was learned, in the author's words (a dropped goal's lesson).
    pub learned: Option<String>,
    /// The author's part in it.
    pub role: Option<Role>,
    /// Who else did what, in the author's words, one line.
    pub credit: Option<String>,
    /// Glue work (`glue: true`): the work that keeps a team going and
    /// multiplies others (on-call health, onboarding, process) rather than
    /// a feature of one's own.
    pub glue: bool,
    /// The keys of `[ladder]` dimensions it is evidence for.
    pub criteria: Vec<Spanned<String>>,
    /// What it produced that can be read or opened.
    pub artifacts: Vec<Artifact>,
}

/// An active goal nothing has touched for longer than `stale_days`: neither
/// its file nor any update or meeting on it changed, in git or in the
/// working tree. Found by the `stale-goal` rule, shown by the dashboard
/// and the packet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StaleGoal {
    /// The goal's slug.
    pub slug: String,
    /// The last day it, or a note on it, changed.
    pub last_touched: Date,
    /// Days from then to today.
    pub idle_days: i64,
}

/// An update's fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Update {
    /// The day it was sent.
    pub date: Date,
    /// The days it covers.
    pub period: Option<DateRange>,
    /// Who it was sent to.
    pub to: Vec<String>,
    /// Slugs of the goals it reports on.
    pub goals: Vec<Spanned<String>>,
    /// The keys of `[ladder]` dimensions it is evidence for.
    pub criteria: Vec<Spanned<String>>,
    /// What it produced that can be read or opened.
    pub artifacts: Vec<Artifact>,
}

/// A meeting's fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meeting {
    /// The day it took place.
    pub date: Date,
    /// Who was there.
    pub with: Vec<Person>,
    /// What kind of meeting.
    pub meeting_type: Option<MeetingType>,
    /// The part of the business they are from.
    pub org: Option<String>,
    /// Problems they raised.
    pub problems: Vec<Problem>,
    /// Slugs of goals it relates to or led to.
    pub goals: Vec<Spanned<String>>,
    /// For a `mentoring` meeting, which way it went.
    pub mentoring: Option<Mentoring>,
    /// What came of it, one line in the author's words.
    pub outcome: Option<String>,
    /// The keys of `[ladder]` dimensions it is evidence for.
    pub criteria: Vec<Spanned<String>>,
}

/// A summary's fields: the author's case for one review period, in their
/// words (the body). dossier shows it first in that period's packet and
/// never writes a word of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// The day it was written (or last rewritten).
    pub date: Date,
    /// The period it is for: one of `dossier.toml`'s `[periods]` by name, or
    /// a range of days.
    pub period: DateRange,
    /// The period's name, when it was given by name.
    pub period_name: Option<String>,
}

/// Feedback's fields: what one person said or wrote about the author's
/// work (the body, transcribed by the author; dossier never composes or
/// paraphrases it), and whether they agreed to be quoted by name.
///
/// Feedback without consent (`consent: false`) is read as a private note:
/// validation sets the entry's `private`, so it is in no public output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Feedback {
    /// The day it was written down.
    pub date: Date,
    /// Who said or wrote it: one person.
    pub from: Person,
    /// They agreed to be quoted with their name in the packet.
    pub consent: bool,
    /// Slugs of the goals it is about.
    pub goals: Vec<Spanned<String>>,
    /// They agreed to speak for the author (a reference), `reference: true`.
    pub reference: bool,
    /// The criteria it speaks to, as written (read, not checked here).
    pub criteria: Vec<Spanned<String>>,
}

/// A problem raised in a meeting, and the goal that answers it if the note
/// says so: `- Month-end close takes nine days` or
/// `- { problem: Month-end close takes nine days, goal: ledger-migration }`.
/// Only this explicit `goal` credits a goal with a problem.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// The problem, in one line.
    pub text: String,
    /// The slug of the goal that answers it.
    pub goal: Option<Spanned<String>>,
}

/// The fields that depend on the kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fields {
    /// A goal.
    Goal(Goal),
    /// An update.
    Update(Update),
    /// A meeting.
    Meeting(Meeting),
    /// A summary.
    Summary(Summary),
    /// Feedback.
    Feedback(Feedback),
}

/// One validated entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Its kind.
    pub kind: Kind,
    /// Its file stem, unique per kind.
    pub slug: String,
    /// Its path relative to the journal root.
    pub path: PathBuf,
    /// Its source in the run's report, for diagnostics.
    pub file: FileId,
    /// Its title as written, if any.
    pub title: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Left out of the site unless asked, and always out of the packet:
    /// `private: true`, or feedback without consent (`consent: false`).
    pub private: bool,
    /// The Markdown body.
    pub body: std::sync::Arc<str>,
    /// Byte offset of the body in the file's text.
    pub body_start: usize,
    /// Where the entry's own date (`started` or `date`) is written.
    pub date_span: Span,
    /// The kind's own fields.
    pub fields: Fields,
    /// Where each link and embed of the body goes, in body order, as
    /// validation resolved it (empty until then).
    pub links: std::sync::Arc<[ResolvedLink]>,
}

/// A link or embed of a body, with where validation found it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedLink {
    /// The destination as written (for a wikilink, its target).
    pub dest: String,
    /// An image or an embed (`![..](..)`, `![[..]]`).
    pub image: bool,
    /// A wikilink or embed (`[[..]]`, `![[..]]`).
    pub wiki: bool,
    /// Where it goes.
    pub target: LinkTarget,
}

/// Where a link goes, as the site shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// Left as written: a URL with a scheme, or a fragment of the page.
    Keep,
    /// A heading of the same note (`[[#heading]]`): the heading's text.
    Heading(String),
    /// An entry, shown as a link to its page when the page is in the site,
    /// else as the link's text. An embed of an entry is a link to its page.
    Entry {
        /// Its kind.
        kind: Kind,
        /// Its slug.
        slug: String,
        /// The `#fragment`, if any (without `#`).
        fragment: Option<String>,
    },
    /// A file published beside the pages (see [`crate::publish`]).
    Asset {
        /// Journal-relative, normalized.
        path: PathBuf,
        /// The `#fragment`, if any (without `#`).
        fragment: Option<String>,
    },
    /// Published as its text only: nothing there, or a file the policy
    /// refuses (a diagnostic said which).
    Text,
}

/// The targets validation recorded for an entry's links, by what a
/// renderer asks about (a body may have thousands of links).
pub struct Targets<'e>(std::collections::HashMap<(&'e str, bool, bool), &'e LinkTarget>);

impl<'e> Targets<'e> {
    /// Where the link to `dest` (an image, a wikilink) goes, if validation
    /// recorded it.
    pub fn get(&self, dest: &str, image: bool, wiki: bool) -> Option<&'e LinkTarget> {
        self.0.get(&(dest, image, wiki)).copied()
    }
}

impl Entry {
    /// Where each link of the body goes, to look up by destination.
    pub fn targets(&self) -> Targets<'_> {
        Targets(
            self.links
                .iter()
                .map(|link| ((link.dest.as_str(), link.image, link.wiki), &link.target))
                .collect(),
        )
    }

    /// The day the entry is about: a goal's start, an update's or meeting's date.
    pub fn date(&self) -> Date {
        match &self.fields {
            Fields::Goal(goal) => goal.started,
            Fields::Update(update) => update.date,
            Fields::Meeting(meeting) => meeting.date,
            Fields::Summary(summary) => summary.date,
            Fields::Feedback(feedback) => feedback.date,
        }
    }

    /// The title to show: as written, or made from the date and people.
    pub fn display_title(&self) -> String {
        if let Some(title) = &self.title {
            return title.clone();
        }
        match &self.fields {
            Fields::Goal(_) => self.slug.clone(),
            Fields::Summary(summary) => match &summary.period_name {
                Some(name) => format!("Summary of {name}"),
                None => format!(
                    "Summary of {} to {}",
                    summary.period.from, summary.period.to
                ),
            },
            Fields::Update(update) => format!("Update of {}", update.date),
            Fields::Feedback(feedback) => format!("Feedback from {}", feedback.from.name),
            Fields::Meeting(meeting) => {
                // A few names: the title is shown wherever the meeting is
                // linked, so it must not grow with the number of people.
                const NAMED: usize = 3;
                let names: Vec<&str> = meeting
                    .with
                    .iter()
                    .take(NAMED)
                    .map(|p| p.name.as_str())
                    .collect();
                match meeting.with.len() {
                    0 => format!("Meeting of {}", meeting.date),
                    n if n <= NAMED => format!("Meeting with {}", names.join(", ")),
                    n => format!(
                        "Meeting with {} and {} other{}",
                        names.join(", "),
                        n - NAMED,
                        if n - NAMED == 1 { "" } else { "s" }
                    ),
                }
            }
        }
    }

    /// The goal fields, for a goal.
    pub fn goal(&self) -> Option<&Goal> {
        match &self.fields {
            Fields::Goal(goal) => Some(goal),
            _ => None,
        }
    }

    /// The summary fields, for a summary.
    pub fn summary(&self) -> Option<&Summary> {
        match &self.fields {
            Fields::Summary(summary) => Some(summary),
            _ => None,
        }
    }

    /// The feedback fields, for feedback.
    pub fn feedback(&self) -> Option<&Feedback> {
        match &self.fields {
            Fields::Feedback(feedback) => Some(feedback),
            _ => None,
        }
    }

    /// The `[ladder]` keys the entry names as evidence (`criteria`).
    pub fn criteria(&self) -> &[Spanned<String>] {
        match &self.fields {
            Fields::Goal(goal) => &goal.criteria,
            Fields::Update(update) => &update.criteria,
            Fields::Meeting(meeting) => &meeting.criteria,
            Fields::Feedback(feedback) => &feedback.criteria,
            Fields::Summary(_) => &[],
        }
    }

    /// The artifacts a goal or update lists.
    pub fn artifacts(&self) -> &[Artifact] {
        match &self.fields {
            Fields::Goal(goal) => &goal.artifacts,
            Fields::Update(update) => &update.artifacts,
            Fields::Meeting(_) | Fields::Summary(_) | Fields::Feedback(_) => &[],
        }
    }

    /// The goal slugs an update, meeting or feedback references: its
    /// `goals`, and for a meeting the goals its problems name.
    pub fn goal_refs(&self) -> impl Iterator<Item = &Spanned<String>> {
        let (goals, problems): (&[Spanned<String>], &[Problem]) = match &self.fields {
            Fields::Update(update) => (&update.goals, &[]),
            Fields::Feedback(feedback) => (&feedback.goals, &[]),
            Fields::Meeting(meeting) => (&meeting.goals, &meeting.problems),
            Fields::Goal(_) | Fields::Summary(_) => (&[], &[]),
        };
        goals
            .iter()
            .chain(problems.iter().filter_map(|p| p.goal.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_read_from_name_and_role() {
        assert_eq!(
            Person::from_text("Maria Lopez (VP, Customer Support)"),
            Person {
                name: "Maria Lopez".into(),
                role: Some("VP".into()),
                org: Some("Customer Support".into())
            }
        );
        assert_eq!(
            Person::from_text("Bo (CFO)"),
            Person {
                name: "Bo".into(),
                role: Some("CFO".into()),
                org: None
            }
        );
        assert_eq!(Person::from_text("Tom").name, "Tom");
        assert_eq!(Person::from_text("(x)").name, "(x)");
    }

    #[test]
    fn choices_round_trip() {
        assert_eq!(Status::from_name("done"), Some(Status::Done));
        assert_eq!(MeetingType::OneOnOne.name(), "one-on-one");
        assert_eq!(Kind::from_folder("meetings"), Some(Kind::Meeting));
    }
}
