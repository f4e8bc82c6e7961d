//! The packet's "In others' words" section: the period's feedback whose
//! authors agreed to be quoted (`consent: true`), grouped by the goal it is
//! about, each with who, when it was written down and what git says of it;
//! the people who agreed to be references; and the leaders whose problems
//! the author solved. Feedback without consent is a private note and never
//! reaches the packet's journal (validation reads it as private).

use std::collections::BTreeMap;

use serde::Serialize;

use super::network::GoalLink;
use super::provenance::{ProvenanceRow, provenance_row};
use super::{NoteRef, Notes, PacketGoal, PacketOptions, Period};
use crate::entry::{Choice, DateRange, Entry, Kind};
use crate::history::Provenance;

/// Someone quoted or named, with the one role and org the journal settles
/// on for them (`[people]` in dossier.toml, else the latest written).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Who {
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Option<String>,
    /// Their part of the business.
    pub org: Option<String>,
}

/// One feedback in full, as its author said or wrote it and the engineer
/// wrote it down: never composed or paraphrased by dossier.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Quote {
    /// The note (`kind` is `feedback`; `date` is the day it was written
    /// down; `href` is where it is in full: `#text-feedback-SLUG` here in a
    /// packet on its own, its page in the site's packet).
    #[serde(flatten)]
    pub note: NoteRef,
    /// Its id in the appendix (`text-feedback-SLUG`).
    pub id: String,
    /// Who said or wrote it.
    pub from: Who,
    /// They agreed to speak for the author as a reference.
    pub reference: bool,
    /// The titles of the goals it is about, in the journal.
    pub goals: Vec<String>,
    /// Its body as HTML, sanitized, without its private blocks.
    pub html: String,
    /// What git says of it (first committed, revisions, last changed).
    pub provenance: ProvenanceRow,
}

/// The feedback about one goal, or about none.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FeedbackGroup {
    /// The goal; `None` for the feedback that names no goal (listed last).
    pub goal: Option<GoalLink>,
    /// The quotes, oldest first, each by its note (the full quote is in
    /// [`OthersSection::quotes`], at [`NoteRef::href`]).
    pub quotes: Vec<QuoteRef>,
}

/// A quote as a group lists it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct QuoteRef {
    /// The note.
    #[serde(flatten)]
    pub note: NoteRef,
    /// Who said or wrote it.
    pub from: Who,
}

/// A leader met in the period whose problems a done goal solved, or who
/// gave feedback (the model's `Leader`): counts and names only.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LeaderRow {
    /// Who.
    pub person: Who,
    /// Problems raised in the period's meetings they were in.
    pub raised: usize,
    /// Of which a goal took on (the problem's own `goal`, started on or
    /// after the meeting).
    pub taken_on: usize,
    /// Of which that goal is done.
    pub solved: usize,
    /// The done goals that solved them, each once, at most five.
    pub solved_by: Vec<GoalLink>,
    /// Feedback from them in the period, with consent.
    pub feedback: usize,
}

/// The "In others' words" section.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct OthersSection {
    /// Every feedback of the period with consent, in full, oldest first.
    pub quotes: Vec<Quote>,
    /// The same feedback grouped by goal: the packet's goals in its order,
    /// then other goals by title, then the feedback naming no goal. A
    /// feedback about two goals is in both groups.
    pub groups: Vec<FeedbackGroup>,
    /// Distinct people quoted.
    pub people: usize,
    /// The people who agreed to be references (`reference: true`, with
    /// consent), by name.
    pub references: Vec<Who>,
    /// "Leaders whose problems you solved": leaders met in the period with
    /// at least one problem solved or one feedback, most solved first.
    pub leaders: Vec<LeaderRow>,
}

fn who(notes: &Notes<'_>, person: &crate::entry::Person) -> Who {
    let settled = notes.people.get(&person.name.to_lowercase());
    Who {
        name: settled.map_or_else(|| person.name.clone(), |p| p.name.clone()),
        role: settled.and_then(|p| p.role.clone()),
        org: settled.and_then(|p| p.org.clone()),
    }
}

fn goal_link(goal: &Entry, packet_goals: &[PacketGoal]) -> GoalLink {
    GoalLink {
        title: goal.display_title(),
        id: packet_goals
            .iter()
            .find(|g| g.note.slug == goal.slug)
            .map(|g| g.id.clone()),
        status: goal.goal().map(|g| g.status.name()),
    }
}

pub(super) fn others_section(
    notes: &Notes<'_>,
    feedback: &[&Entry],
    goals: &[PacketGoal],
    provenance: &Provenance,
    period: &Period,
    options: PacketOptions,
) -> OthersSection {
    let journal = notes.journal;
    let config = &journal.config;
    let quotes: Vec<Quote> = feedback
        .iter()
        .filter_map(|entry| {
            let fields = entry.feedback()?;
            Some(Quote {
                note: notes.note_ref(entry),
                id: super::texts::text_id(Kind::Feedback, &entry.slug),
                from: who(notes, &fields.from),
                reference: fields.reference,
                goals: fields
                    .goals
                    .iter()
                    .filter_map(|g| journal.goal(&g.value))
                    .map(Entry::display_title)
                    .collect(),
                html: notes.texts.html(entry),
                provenance: provenance_row(notes, config, provenance, entry, options),
            })
        })
        .collect();

    // Groups: the packet's goals first in its order, then the others.
    let mut by_goal: BTreeMap<(usize, String), (GoalLink, Vec<QuoteRef>)> = BTreeMap::new();
    let mut none = Vec::new();
    for entry in feedback {
        let Some(fields) = entry.feedback() else {
            continue;
        };
        let quote = || QuoteRef {
            note: notes.note_ref(entry),
            from: who(notes, &fields.from),
        };
        let mut named = false;
        let mut seen = Vec::new();
        for slug in &fields.goals {
            let Some(goal) = journal.goal(&slug.value) else {
                continue;
            };
            if seen.contains(&goal.slug.as_str()) {
                continue;
            }
            seen.push(goal.slug.as_str());
            named = true;
            let order = goals
                .iter()
                .position(|g| g.note.slug == goal.slug)
                .unwrap_or(goals.len());
            by_goal
                .entry((order, goal.display_title()))
                .or_insert_with(|| (goal_link(goal, goals), Vec::new()))
                .1
                .push(quote());
        }
        if !named {
            none.push(quote());
        }
    }
    let mut groups: Vec<FeedbackGroup> = by_goal
        .into_values()
        .map(|(goal, quotes)| FeedbackGroup {
            goal: Some(goal),
            quotes,
        })
        .collect();
    if !none.is_empty() {
        groups.push(FeedbackGroup {
            goal: None,
            quotes: none,
        });
    }

    let mut references: Vec<Who> = Vec::new();
    for quote in quotes.iter().filter(|q| q.reference) {
        if !references
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(&quote.from.name))
        {
            references.push(who(
                notes,
                &crate::entry::Person {
                    name: quote.from.name.clone(),
                    role: None,
                    org: None,
                },
            ));
        }
    }
    references.sort_by_key(|r| r.name.to_lowercase());
    let mut people: Vec<String> = quotes.iter().map(|q| q.from.name.to_lowercase()).collect();
    people.sort();
    people.dedup();

    let range = DateRange {
        from: period.from,
        to: period.to,
    };
    let leaders = journal
        .leaders(Some(range))
        .into_iter()
        .filter(|l| l.solved() > 0 || !l.feedback.is_empty())
        .map(|leader| {
            let solved_by: Vec<GoalLink> = leader
                .solved_goals()
                .into_iter()
                .map(|goal| goal_link(goal, goals))
                .collect();
            LeaderRow {
                person: who(
                    notes,
                    &crate::entry::Person {
                        name: leader.person.name.clone(),
                        role: None,
                        org: None,
                    },
                ),
                raised: leader.raised(),
                taken_on: leader.taken_on(),
                solved: leader.solved(),
                solved_by,
                feedback: leader.feedback.len(),
            }
        })
        .collect();
    OthersSection {
        quotes,
        groups,
        people: people.len(),
        references,
        leaders,
    }
}
