//! The packet's network section: the people and parts of the business met,
//! and the problems raised in meetings with the goals that came of them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{NoteRef, Notes, PacketGoal};
use crate::entry::{Choice, Entry, Fields, MeetingType};

/// Someone met in the period.
#[derive(Debug, Serialize)]
pub struct PersonRow {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Meetings with them in the period.
    pub meetings: usize,
}

/// A part of the business met in the period.
#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct ProblemRow {
    /// The problems, as written.
    pub problems: Vec<String>,
    /// The meeting.
    pub meeting: NoteRef,
    /// Who raised them (the meeting's people).
    pub raised_by: Vec<String>,
    /// Goals that came of them.
    pub goals: Vec<GoalLink>,
}

/// A goal named in another section.
#[derive(Debug, Serialize)]
pub struct GoalLink {
    /// Its title.
    pub title: String,
    /// Its id in the goals section, when it is in the packet.
    pub id: Option<String>,
    /// Its status.
    pub status: Option<&'static str>,
}

/// The network section.
#[derive(Debug, Serialize)]
pub struct NetworkSection {
    /// Orgs met, most meetings first.
    pub orgs: Vec<OrgRow>,
    /// Distinct orgs.
    pub org_count: usize,
    /// Distinct people.
    pub people_count: usize,
    /// Meetings in the period.
    pub meetings: usize,
    /// Senior-leader meetings in the period.
    pub senior_leader_meetings: usize,
    /// Problems raised, by meeting, in date order.
    pub problems: Vec<ProblemRow>,
    /// How many problems were raised.
    pub problem_count: usize,
    /// How many of them led to a goal.
    pub problems_to_goals: usize,
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
        let links: Vec<GoalLink> = meeting
            .goals
            .iter()
            // A goal not in the journal is a private one: not named.
            .filter(|slug| journal.goal(&slug.value).is_some())
            .map(|slug| {
                let goal = journal.goal(&slug.value);
                GoalLink {
                    title: goal.map_or_else(|| slug.value.clone(), Entry::display_title),
                    id: goal_ids.get(slug.value.as_str()).map(|id| id.to_string()),
                    status: goal.and_then(|g| g.goal()).map(|g| g.status.name()),
                }
            })
            .collect();
        problems.push(ProblemRow {
            problems: meeting.problems.clone(),
            meeting: notes.note_ref(entry),
            raised_by: meeting.with.iter().map(|p| p.name.clone()).collect(),
            goals: links,
        });
    }
    let problem_count = problems.iter().map(|p| p.problems.len()).sum();
    let problems_to_goals = problems
        .iter()
        .filter(|p| !p.goals.is_empty())
        .map(|p| p.problems.len())
        .sum();
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
    NetworkSection {
        orgs: org_rows,
        org_count,
        people_count: people.len(),
        meetings: meetings.len(),
        senior_leader_meetings: senior,
        problems,
        problem_count,
        problems_to_goals,
    }
}
