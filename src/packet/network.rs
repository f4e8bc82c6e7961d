//! The packet's network section: the people and parts of the business met,
//! and the problems raised in meetings with the goals that came of them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{NoteRef, Notes, PacketGoal};
use crate::entry::{Choice, Entry, Fields, MeetingType};

/// Someone met in the period.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PersonRow {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Meetings with them in the period.
    pub meetings: usize,
}

/// A part of the business met in the period.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct OrgRow {
    /// The org.
    pub org: String,
    /// People met from it.
    pub people: Vec<PersonRow>,
    /// Meetings with it.
    pub meetings: usize,
}

/// The problems raised in one meeting: one row per meeting, so that the
/// people and goals of a meeting are listed once however many problems it
/// raised (the packet stays linear in the size of the notes).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ProblemRow {
    /// The problems, as written, each with the goal that took it on.
    pub problems: Vec<ProblemItem>,
    /// The meeting.
    pub meeting: NoteRef,
    /// Who raised them (the meeting's people).
    pub raised_by: Vec<String>,
}

/// One problem raised, and the goal credited with it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ProblemItem {
    /// The problem, as written.
    pub text: String,
    /// The goal that takes it on: named by the problem's `goal`, in the
    /// packet's journal, and started on or after the meeting.
    pub goal: Option<GoalLink>,
    /// That goal is done.
    pub solved: bool,
}

/// Problems raised by one person, taken on and solved.
#[derive(Debug, Default, Serialize, schemars::JsonSchema)]
pub struct RaisedBy {
    /// Their name.
    pub name: String,
    /// Problems raised in meetings they were in.
    pub raised: usize,
    /// Of which a goal took on.
    pub taken_on: usize,
    /// Of which that goal is done.
    pub solved: usize,
}

/// A goal named in another section.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct GoalLink {
    /// Its title.
    pub title: String,
    /// Its id in the goals section, when it is in the packet.
    pub id: Option<String>,
    /// Its status.
    pub status: Option<&'static str>,
}

/// The network section.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NetworkSection {
    /// Orgs met, most meetings first.
    pub orgs: Vec<OrgRow>,
    /// Distinct orgs.
    pub org_count: usize,
    /// The parts of the business met: the orgs of the people met, leaving
    /// out the owner's own `org`, the `engineering_orgs` and people of no
    /// known org, sorted.
    pub business_parts: Vec<String>,
    /// Distinct people.
    pub people_count: usize,
    /// Meetings in the period.
    pub meetings: usize,
    /// Senior-leader meetings in the period.
    pub senior_leader_meetings: usize,
    /// Problems raised, by meeting, in date order.
    pub problems: Vec<ProblemRow>,
    /// Problems raised in the period's meetings.
    pub problem_count: usize,
    /// Of which a goal takes on (see [`ProblemItem::goal`]).
    pub problems_taken_on: usize,
    /// Of which that goal is done.
    pub problems_solved: usize,
    /// The same three counts per person who was in the meetings that
    /// raised them, most problems first.
    pub raised_by: Vec<RaisedBy>,
}

pub(super) fn network_section(
    notes: &Notes<'_>,
    meetings: &[&Entry],
    goals: &[PacketGoal],
) -> NetworkSection {
    let journal = notes.journal;
    let mut orgs: BTreeMap<String, (BTreeMap<String, PersonRow>, usize)> = BTreeMap::new();
    let mut people = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    let mut senior = 0;
    let resolved = journal.people_by_name();
    let mut raised: BTreeMap<String, RaisedBy> = BTreeMap::new();
    let goal_ids: HashMap<&str, &str> = goals
        .iter()
        .map(|g| (g.note.slug.as_str(), g.id.as_str()))
        .collect();
    for entry in meetings {
        let Fields::Meeting(meeting) = &entry.fields else {
            continue;
        };
        if meeting.meeting_type == Some(MeetingType::SeniorLeader) {
            senior += 1;
        }
        let mut orgs_here = std::collections::BTreeSet::new();
        for person in &meeting.with {
            // One role and one org per person, settled by the model (see
            // `PersonSummary`), whatever this meeting wrote.
            let key = person.name.to_lowercase();
            let settled = resolved.get(&key);
            let org = settled
                .and_then(|p| p.org.clone())
                .unwrap_or_else(|| "Unspecified".into());
            people.insert(key.clone());
            let (members, _) = orgs.entry(org.clone()).or_default();
            let row = members.entry(key).or_insert_with(|| PersonRow {
                name: settled.map_or_else(|| person.name.clone(), |p| p.name.clone()),
                role: settled.and_then(|p| p.role.clone()),
                meetings: 0,
            });
            row.meetings += 1;
            orgs_here.insert(org);
        }
        for org in orgs_here {
            orgs.entry(org).or_default().1 += 1;
        }
        if meeting.problems.is_empty() {
            continue;
        }
        let items: Vec<ProblemItem> = meeting
            .problems
            .iter()
            .map(|problem| {
                let goal = journal.credited_goal(problem, meeting.date);
                ProblemItem {
                    text: problem.text.clone(),
                    solved: goal
                        .and_then(Entry::goal)
                        .is_some_and(|g| g.status == crate::entry::Status::Done),
                    goal: goal.map(|goal| GoalLink {
                        title: goal.display_title(),
                        id: goal_ids.get(goal.slug.as_str()).map(|id| id.to_string()),
                        status: goal.goal().map(|g| g.status.name()),
                    }),
                }
            })
            .collect();
        let taken_on = items.iter().filter(|i| i.goal.is_some()).count();
        let solved = items.iter().filter(|i| i.solved).count();
        for person in &meeting.with {
            let key = person.name.to_lowercase();
            let row = raised.entry(key).or_insert_with(|| RaisedBy {
                name: resolved
                    .get(&person.name.to_lowercase())
                    .map_or_else(|| person.name.clone(), |p| p.name.clone()),
                ..RaisedBy::default()
            });
            row.raised += items.len();
            row.taken_on += taken_on;
            row.solved += solved;
        }
        problems.push(ProblemRow {
            problems: items,
            meeting: notes.note_ref(entry),
            raised_by: meeting.with.iter().map(|p| p.name.clone()).collect(),
        });
    }
    let all = || problems.iter().flat_map(|row| &row.problems);
    let problem_count = all().count();
    let problems_taken_on = all().filter(|i| i.goal.is_some()).count();
    let problems_solved = all().filter(|i| i.solved).count();
    let mut raised_by: Vec<RaisedBy> = raised.into_values().collect();
    raised_by.sort_by(|a, b| b.raised.cmp(&a.raised).then_with(|| a.name.cmp(&b.name)));
    let mut org_rows: Vec<OrgRow> = orgs
        .into_iter()
        .map(|(org, (members, meetings))| OrgRow {
            org,
            people: members.into_values().collect(),
            meetings,
        })
        .collect();
    org_rows.sort_by(|a, b| b.meetings.cmp(&a.meetings).then_with(|| a.org.cmp(&b.org)));
    let org_count = org_rows.iter().filter(|o| o.org != "Unspecified").count();
    let config = &journal.config;
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let mut business_parts: Vec<String> = org_rows
        .iter()
        .map(|o| o.org.clone())
        .filter(|org| {
            org != "Unspecified"
                && !config.org.as_deref().is_some_and(|own| same(own, org))
                && !config.engineering_orgs.iter().any(|e| same(e, org))
        })
        .collect();
    business_parts.sort();
    NetworkSection {
        orgs: org_rows,
        org_count,
        business_parts,
        people_count: people.len(),
        meetings: meetings.len(),
        senior_leader_meetings: senior,
        problems,
        problem_count,
        problems_taken_on,
        problems_solved,
        raised_by,
    }
}
