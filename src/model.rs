//! Model stage: the journal as typed data with cross-references resolved.
//!
//! Takes the valid entries (private ones dropped unless asked for) and
//! answers the questions the pages ask: which updates and meetings reference
//! a goal, who was met and where, which entries carry a tag, and how regular
//! the updates have been (cadence windows and gaps, with time away excluded).
//! Everything is ordered deterministically.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use jiff::civil::Date;

use crate::cadence::Cadence;
use crate::config::Config;
use crate::entry::{
    DateRange, Entry, Fields, Kind, LinkTarget, MeetingType, Person, StaleGoal, Status,
};
use crate::incremental::{KeyHasher, Reuse, Unit};

/// The journal, ready to render.
pub struct Journal {
    /// Its settings.
    pub config: Config,
    /// The day the site is built for (`--today`, or the clock).
    pub today: Date,
    /// Entries shown, sorted by date then path.
    pub entries: Vec<Entry>,
    /// True when private entries are included.
    pub include_private: bool,
    /// Lookups built once: entry index by path, by kind and slug, and the
    /// updates and meetings that reference each goal slug (oldest first).
    index: Index,
    /// The active goals shown that nothing touched for longer than
    /// `stale_days` (see [`Journal::with_stale`]).
    stale: Vec<StaleGoal>,
}

#[derive(Debug, Default)]
struct Index {
    by_path: HashMap<std::path::PathBuf, usize>,
    /// Entry index by the entry's file id (ids are unique in one run).
    by_file: Vec<Option<usize>>,
    by_slug: HashMap<(Kind, String), usize>,
    references: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new(entries: &[Entry]) -> Index {
        let mut index = Index::default();
        let files = entries.iter().map(|e| e.file + 1).max().unwrap_or(0);
        index.by_file = vec![None; files];
        for (i, entry) in entries.iter().enumerate() {
            index.by_path.insert(entry.path.clone(), i);
            index.by_file[entry.file] = Some(i);
            index
                .by_slug
                .entry((entry.kind, entry.slug.clone()))
                .or_insert(i);
            let mut slugs: Vec<&str> = entry.goal_refs().map(|r| r.value.as_str()).collect();
            slugs.sort_unstable();
            slugs.dedup();
            for slug in slugs {
                index
                    .references
                    .entry(slug.to_string())
                    .or_default()
                    .push(i);
            }
        }
        index
    }
}

/// Someone met, or whose feedback the journal holds, with every meeting
/// they were in and every feedback from them. Their role and org come from
/// one place: `[people]` in dossier.toml if it names them, else the latest
/// written for them in a meeting's `with` or a feedback's `from`
/// (`Name (Role, Org)` or `{ name, role, org }`), else, for the org, the
/// `org` of their meetings when all of them name the same one.
#[derive(Debug, Clone)]
pub struct PersonSummary<'a> {
    /// Their name as first written.
    pub name: String,
    /// Their role.
    pub role: Option<String>,
    /// Their part of the business.
    pub org: Option<String>,
    /// Meetings they were in, newest first. Empty for someone known only
    /// from feedback: not someone met.
    pub meetings: Vec<&'a Entry>,
    /// Feedback from them shown, newest first.
    pub feedback: Vec<&'a Entry>,
}

/// A leader the author met: someone in a `senior-leader` or `skip-level`
/// meeting, or in any meeting that raised a problem. With the problems
/// raised in the meetings they were in, and the feedback from them. The
/// site's people page and the packet read the same value.
///
/// A meeting's problems are worked out once and shared by everyone in it,
/// so a crowded meeting costs its people plus its problems, not their
/// product.
#[derive(Debug, Clone)]
pub struct Leader<'a> {
    /// Their name, role and org as [`Journal::people`] settles them.
    pub person: PersonSummary<'a>,
    /// The meetings they were in that count (a leader's meeting, or one
    /// that raised a problem), oldest first, with their problems.
    pub meetings: Vec<std::sync::Arc<MeetingProblems<'a>>>,
    /// Feedback from them, oldest first.
    pub feedback: Vec<&'a Entry>,
}

impl<'a> Leader<'a> {
    /// Problems raised in the meetings they were in.
    pub fn raised(&self) -> usize {
        self.meetings.iter().map(|m| m.problems.len()).sum()
    }

    /// Of their problems, those a goal takes on.
    pub fn taken_on(&self) -> usize {
        self.meetings.iter().map(|m| m.taken_on).sum()
    }

    /// Of their problems, those whose goal is done.
    pub fn solved(&self) -> usize {
        self.meetings.iter().map(|m| m.solved).sum()
    }

    /// The done goals that solved their problems, each once, at most
    /// [`SOLVED_GOALS_SHOWN`], in meeting order.
    pub fn solved_goals(&self) -> Vec<&'a Entry> {
        let mut goals: Vec<&'a Entry> = Vec::new();
        for meeting in &self.meetings {
            for goal in &meeting.solved_goals {
                if goals.len() == SOLVED_GOALS_SHOWN {
                    return goals;
                }
                if !goals.iter().any(|g| std::ptr::eq(*g, *goal)) {
                    goals.push(goal);
                }
            }
        }
        goals
    }
}

/// How many of a leader's solving goals are named: a few make the point,
/// and the names stay linear in the notes.
pub const SOLVED_GOALS_SHOWN: usize = 5;

/// A meeting's problems, and what came of them.
#[derive(Debug, Clone)]
pub struct MeetingProblems<'a> {
    /// The meeting.
    pub meeting: &'a Entry,
    /// Its problems, as written.
    pub problems: Vec<RaisedProblem<'a>>,
    /// Of which a goal takes on.
    pub taken_on: usize,
    /// Of which that goal is done.
    pub solved: usize,
    /// The done goals that solved them, each once, at most
    /// [`SOLVED_GOALS_SHOWN`].
    pub solved_goals: Vec<&'a Entry>,
}

/// A problem raised in a meeting, and the goal that answers it.
#[derive(Debug, Clone)]
pub struct RaisedProblem<'a> {
    /// The problem, as written.
    pub text: &'a str,
    /// The goal that takes it on: named by the problem's own `goal`, shown,
    /// and started on or after the meeting. Only this explicit link credits
    /// a goal with a problem.
    pub goal: Option<&'a Entry>,
    /// That goal is done.
    pub solved: bool,
}

impl Journal {
    /// Builds the model; private entries are dropped unless `include_private`.
    pub fn new(
        config: Config,
        mut entries: Vec<Entry>,
        include_private: bool,
        today: Date,
    ) -> Journal {
        entries.retain(|entry| include_private || !entry.private);
        entries.sort_by(|a, b| (a.date(), &a.path).cmp(&(b.date(), &b.path)));
        let index = Index::new(&entries);
        Journal {
            config,
            today,
            entries,
            include_private,
            index,
            stale: Vec::new(),
        }
    }

    /// Entries of one kind, oldest first.
    pub fn of_kind(&self, kind: Kind) -> impl DoubleEndedIterator<Item = &Entry> + '_ {
        self.entries.iter().filter(move |e| e.kind == kind)
    }

    /// The goal with this slug, if shown.
    pub fn goal(&self, slug: &str) -> Option<&Entry> {
        self.by_slug(Kind::Goal, slug)
    }

    /// The goal a problem raised in a meeting on `meeting` is credited to:
    /// only its own `goal`, shown here (a private one is not named), and
    /// not started before the meeting. The packet and the leaders agree.
    pub fn credited_goal(&self, problem: &crate::entry::Problem, meeting: Date) -> Option<&Entry> {
        problem
            .goal
            .as_ref()
            .and_then(|slug| self.goal(&slug.value))
            .filter(|goal| goal.goal().is_some_and(|g| g.started >= meeting))
    }

    /// The entry of this kind with this slug, if shown.
    pub fn by_slug(&self, kind: Kind, slug: &str) -> Option<&Entry> {
        self.index
            .by_slug
            .get(&(kind, slug.to_string()))
            .map(|i| &self.entries[*i])
    }

    /// True when a wikilink target (`slug`, `goals/slug#heading`) is an
    /// entry shown. A target that is not is a private note (a link to
    /// nothing at all is a `broken-link` error, and nothing is built).
    pub fn shows_wiki_target(&self, dest: &str) -> bool {
        crate::markdown::WikiTarget::parse(dest).is_none_or(|target| {
            target
                .resolve(|kind, slug| self.by_slug(kind, slug).is_some())
                .is_some()
        })
    }

    /// The index in `entries` of the entry at this journal-relative path.
    pub fn position(&self, path: &std::path::Path) -> Option<usize> {
        self.index.by_path.get(path).copied()
    }

    /// The index in `entries` of `entry` (or of the entry at its path),
    /// found by its file id, checked by its path.
    pub fn index(&self, entry: &Entry) -> Option<usize> {
        match self.index.by_file.get(entry.file).copied().flatten() {
            Some(i) if self.entries[i].path == entry.path => Some(i),
            _ => self.position(&entry.path),
        }
    }

    /// The entry at this journal-relative path, if shown.
    pub fn by_path(&self, path: &std::path::Path) -> Option<&Entry> {
        self.index.by_path.get(path).map(|i| &self.entries[*i])
    }

    /// Updates and meetings that reference the goal, newest first.
    pub fn references(&self, slug: &str) -> Vec<&Entry> {
        self.index
            .references
            .get(slug)
            .map(|list| list.iter().rev().map(|i| &self.entries[*i]).collect())
            .unwrap_or_default()
    }

    /// Everyone met, and everyone whose feedback is shown, sorted by name
    /// (case-insensitive).
    pub fn people(&self) -> Vec<PersonSummary<'_>> {
        // Per person: the latest role and org written for them, and the orgs
        // of the meetings they were in.
        let mut people: BTreeMap<String, (PersonSummary<'_>, BTreeSet<&str>)> = BTreeMap::new();
        for entry in &self.entries {
            let (persons, meeting_org): (&[Person], Option<&str>) = match &entry.fields {
                Fields::Meeting(meeting) => (&meeting.with, meeting.org.as_deref()),
                Fields::Feedback(feedback) => (std::slice::from_ref(&feedback.from), None),
                _ => continue,
            };
            for Person { name, role, org } in persons {
                let (summary, meeting_orgs) =
                    people.entry(name.to_lowercase()).or_insert_with(|| {
                        let summary = PersonSummary {
                            name: name.clone(),
                            role: None,
                            org: None,
                            meetings: Vec::new(),
                            feedback: Vec::new(),
                        };
                        (summary, BTreeSet::new())
                    });
                // Entries are oldest first, so later values win.
                if role.is_some() {
                    summary.role.clone_from(role);
                }
                if org.is_some() {
                    summary.org.clone_from(org);
                }
                meeting_orgs.extend(meeting_org);
                let list = match entry.kind {
                    Kind::Meeting => &mut summary.meetings,
                    _ => &mut summary.feedback,
                };
                // Entries come one at a time: a repeat is the last one.
                if !list.last().is_some_and(|m| std::ptr::eq(*m, entry)) {
                    list.push(entry);
                }
            }
        }
        // `[people]` in dossier.toml, by lowercase name as people are keyed.
        let declared: HashMap<String, &Person> = self
            .config
            .people
            .iter()
            .map(|p| (p.name.to_lowercase(), p))
            .collect();
        people
            .into_iter()
            .map(|(key, (mut person, meeting_orgs))| {
                // `[people]` says it once for all; else what was written for
                // the person; else the meetings' part of the business, only
                // when all their meetings name the same.
                if let Some(declared) = declared.get(&key) {
                    if declared.role.is_some() {
                        person.role.clone_from(&declared.role);
                    }
                    if declared.org.is_some() {
                        person.org.clone_from(&declared.org);
                    }
                }
                if person.org.is_none() && meeting_orgs.len() == 1 {
                    person.org = meeting_orgs.first().map(|org| org.to_string());
                }
                person.meetings.reverse();
                person.feedback.reverse();
                person
            })
            .collect()
    }

    /// The leaders met (see [`Leader`]) in meetings dated `within` (all
    /// when `None`), with the feedback from them dated within it: most
    /// problems solved first, then most feedback, then by name.
    pub fn leaders(&self, within: Option<DateRange>) -> Vec<Leader<'_>> {
        let inside = |date: Date| within.is_none_or(|range| range.contains(date));
        let settled = self.people_by_name();
        let mut leaders: BTreeMap<String, Leader<'_>> = BTreeMap::new();
        for entry in self.of_kind(Kind::Meeting).filter(|e| inside(e.date())) {
            let Fields::Meeting(meeting) = &entry.fields else {
                continue;
            };
            let leading = matches!(
                meeting.meeting_type,
                Some(MeetingType::SeniorLeader | MeetingType::SkipLevel)
            );
            if !leading && meeting.problems.is_empty() {
                continue;
            }
            let problems: Vec<RaisedProblem<'_>> = meeting
                .problems
                .iter()
                .map(|problem| {
                    let goal = self.credited_goal(problem, meeting.date);
                    RaisedProblem {
                        text: &problem.text,
                        goal,
                        solved: goal
                            .and_then(Entry::goal)
                            .is_some_and(|g| g.status == Status::Done),
                    }
                })
                .collect();
            let mut solved_goals: Vec<&Entry> = Vec::new();
            for goal in problems.iter().filter(|p| p.solved).filter_map(|p| p.goal) {
                if solved_goals.len() == SOLVED_GOALS_SHOWN {
                    break;
                }
                if !solved_goals.iter().any(|g| std::ptr::eq(*g, goal)) {
                    solved_goals.push(goal);
                }
            }
            let shared = std::sync::Arc::new(MeetingProblems {
                meeting: entry,
                taken_on: problems.iter().filter(|p| p.goal.is_some()).count(),
                solved: problems.iter().filter(|p| p.solved).count(),
                problems,
                solved_goals,
            });
            for person in &meeting.with {
                let key = person.name.to_lowercase();
                let Some(summary) = settled.get(&key) else {
                    continue;
                };
                let leader = leaders.entry(key).or_insert_with(|| Leader {
                    person: summary.clone(),
                    meetings: Vec::new(),
                    feedback: Vec::new(),
                });
                // A person written twice in one meeting is in it once.
                if !leader
                    .meetings
                    .last()
                    .is_some_and(|m| std::ptr::eq(m.meeting, entry))
                {
                    leader.meetings.push(std::sync::Arc::clone(&shared));
                }
            }
        }
        for leader in leaders.values_mut() {
            leader.feedback = leader
                .person
                .feedback
                .iter()
                .rev()
                .filter(|e| inside(e.date()))
                .copied()
                .collect();
        }
        let mut leaders: Vec<Leader<'_>> = leaders.into_values().collect();
        leaders.sort_by(|a, b| {
            (b.solved(), b.feedback.len())
                .cmp(&(a.solved(), a.feedback.len()))
                .then_with(|| {
                    a.person
                        .name
                        .to_lowercase()
                        .cmp(&b.person.name.to_lowercase())
                })
        });
        leaders
    }

    /// Each person met, by lowercase name, with the role and org
    /// [`Journal::people`] settles on.
    pub fn people_by_name(&self) -> HashMap<String, PersonSummary<'_>> {
        self.people()
            .into_iter()
            .map(|p| (p.name.to_lowercase(), p))
            .collect()
    }

    /// Entries per tag, tags sorted, entries newest first.
    pub fn tags(&self) -> BTreeMap<String, Vec<&Entry>> {
        let mut tags: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
        for entry in self.entries.iter().rev() {
            for tag in &entry.tags {
                let list = tags.entry(tag.clone()).or_default();
                // Entries come one at a time: a repeat is the last one.
                if !list.last().is_some_and(|e| std::ptr::eq(*e, entry)) {
                    list.push(entry);
                }
            }
        }
        tags
    }

    /// Update dates, sorted.
    pub fn update_dates(&self) -> Vec<Date> {
        self.of_kind(Kind::Update).map(Entry::date).collect()
    }

    /// The cadence from the first update to today: windows after today
    /// are not walked (an update dated in the future does not stretch the
    /// period shown).
    pub fn cadence(&self) -> Cadence {
        let from = self
            .of_kind(Kind::Update)
            .map(Entry::date)
            .min()
            .unwrap_or(self.today);
        self.cadence_over(from, self.today)
    }

    /// Updates dated in `from..=to` whose `to` names `person` (the name
    /// before any parenthesis, ignoring letter case).
    pub fn updates_to(&self, person: &str, from: Date, to: Date) -> usize {
        let person = Person::from_text(person).name;
        self.of_kind(Kind::Update)
            .filter(|e| (from..=to).contains(&e.date()))
            .filter(|e| match &e.fields {
                Fields::Update(update) => update
                    .to
                    .iter()
                    .any(|r| Person::from_text(r).name.eq_ignore_ascii_case(&person)),
                _ => false,
            })
            .count()
    }

    /// The cadence over `from..=to`, windows counted from `from`: what the
    /// dashboard shows from the first update and the packet over its
    /// period, so both give the same figure for the same stretch.
    pub fn cadence_over(&self, from: Date, to: Date) -> Cadence {
        crate::cadence::windows(
            &self.update_dates(),
            from,
            to,
            self.config.cadence_days,
            &self.config.away,
            self.today,
        )
    }

    /// The journal with the stale goals validation found, those shown.
    pub fn with_stale(mut self, stale: &[StaleGoal]) -> Journal {
        self.stale = stale
            .iter()
            .filter(|s| self.goal(&s.slug).is_some())
            .cloned()
            .collect();
        self
    }

    /// The goal `slug`, if it is stale.
    pub fn stale(&self, slug: &str) -> Option<&StaleGoal> {
        self.stale.iter().find(|s| s.slug == slug)
    }

    /// Open goals (proposed, active or blocked) whose `target` is before
    /// today, soonest first.
    pub fn past_target(&self) -> Vec<&Entry> {
        let mut late: Vec<&Entry> = self
            .of_kind(Kind::Goal)
            .filter(|e| {
                e.goal().is_some_and(|g| {
                    g.finished.is_none() && g.target.is_some_and(|t| t < self.today)
                })
            })
            .collect();
        late.sort_by_key(|e| e.goal().and_then(|g| g.target));
        late
    }

    /// Every goal shown, with its status as committed over time wanted:
    /// what the site needs from the history (the day each goal took its
    /// status).
    pub fn goal_statuses(&self) -> Vec<crate::history::Wanted<'_>> {
        self.of_kind(Kind::Goal)
            .map(|e| crate::history::Wanted {
                path: &e.path,
                statuses: true,
                edits_after: None,
            })
            .collect()
    }

    /// Senior-leader meetings shown.
    pub fn senior_leader_meetings(&self) -> usize {
        self.of_kind(Kind::Meeting)
            .filter(|e| matches!(&e.fields, Fields::Meeting(m) if m.meeting_type == Some(MeetingType::SeniorLeader)))
            .count()
    }
}

/// Each entry's one-line excerpt for one build (the site's or the
/// packet's): made once per entry however many pages show it, when first
/// asked for. Making one is a unit of [`Reuse`], keyed by the body, the
/// length and whether each wikilink's target is shown.
pub(crate) struct Excerpts<'a> {
    journal: &'a Journal,
    max: usize,
    reuse: Reuse<'a>,
    /// Indexed like `journal.entries`.
    cells: Vec<OnceLock<String>>,
}

impl<'a> Excerpts<'a> {
    /// Excerpts of at most `max` characters.
    pub(crate) fn new(journal: &'a Journal, max: usize, reuse: Reuse<'a>) -> Excerpts<'a> {
        Excerpts {
            journal,
            max,
            reuse,
            cells: journal.entries.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// `entry`'s excerpt.
    pub(crate) fn get(&self, entry: &Entry) -> String {
        let shown = |dest: &str| self.journal.shows_wiki_target(dest);
        let key = || {
            let mut key = KeyHasher::new();
            key.add(&*entry.body).add(&self.max);
            for link in entry.links.iter().filter(|l| l.wiki && !l.image) {
                if !matches!(link.target, LinkTarget::Heading(_)) {
                    key.add(&link.dest).add(&shown(&link.dest));
                }
            }
            Some(key.finish())
        };
        let make = || {
            self.reuse.get_or(Unit::Excerpt, key, || {
                crate::markdown::excerpt_shown(&entry.body, self.max, shown)
            })
        };
        match self.journal.index(entry).and_then(|i| self.cells.get(i)) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// The passage of `note` about `goal` ([`crate::markdown::passage`]):
    /// the block linking to the goal's note (as validation resolved the
    /// link), else the first naming its title, its slug, the slug in words
    /// or the slug's first word (of 4 letters or more). A unit of
    /// [`Reuse`], keyed by the body, the goal's names and links, and
    /// whether each wikilink's target is shown.
    pub(crate) fn about(&self, note: &Entry, goal: &Entry) -> Option<String> {
        const MAX: usize = 240;
        let shown = |dest: &str| self.journal.shows_wiki_target(dest);
        let dests: Vec<&str> = note
            .links
            .iter()
            .filter(|link| {
                matches!(&link.target, LinkTarget::Entry { kind: Kind::Goal, slug, .. } if *slug == goal.slug)
            })
            .map(|link| link.dest.as_str())
            .collect();
        // People write a goal's short name: its slug in words ("ledger
        // migration"), or the slug's first word ("ledger").
        let title = goal.display_title();
        let words = goal.slug.replace(['-', '_'], " ");
        let first = words.split_whitespace().next().unwrap_or_default();
        let names = [title.as_str(), goal.slug.as_str(), words.as_str(), first];
        let key = || {
            let mut key = KeyHasher::new();
            key.add(&*note.body).add(&MAX).add(&names).add(&dests);
            for link in note.links.iter().filter(|l| l.wiki && !l.image) {
                key.add(&link.dest).add(&shown(&link.dest));
            }
            Some(key.finish())
        };
        self.reuse.get_or(Unit::Passage, key, || {
            crate::markdown::passage(&note.body, MAX, |dest| dests.contains(&dest), &names, shown)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn meeting(path: &str, day: i8, with: Vec<Person>, org: Option<&str>) -> Entry {
        Entry {
            kind: Kind::Meeting,
            slug: path.into(),
            path: format!("meetings/{path}.md").into(),
            file: 0,
            title: None,
            tags: vec!["a".into()],
            private: false,
            body: "".into(),
            body_start: 0,
            date_span: 0..0,
            fields: Fields::Meeting(crate::entry::Meeting {
                date: date(2026, 1, day),
                with,
                meeting_type: Some(MeetingType::SeniorLeader),
                org: org.map(String::from),
                problems: Vec::new(),
                goals: Vec::new(),
                mentoring: None,
                outcome: None,
                criteria: Vec::new(),
            }),
            links: std::sync::Arc::new([]),
        }
    }

    #[test]
    fn people_are_merged_by_name_with_the_latest_role_and_org() {
        let ann = |role: Option<&str>| Person {
            name: "Ann Lee".into(),
            role: role.map(String::from),
            org: None,
        };
        let entries = vec![
            meeting(
                "b",
                20,
                vec![ann(Some("VP Sales")), Person::from_text("Bo (CFO)")],
                Some("Sales"),
            ),
            meeting("a", 5, vec![ann(Some("Director, Sales"))], None),
            meeting(
                "c",
                25,
                vec![Person {
                    name: "ann lee".into(),
                    role: None,
                    org: None,
                }],
                None,
            ),
        ];
        let journal = Journal::new(Config::default(), entries, false, date(2026, 2, 1));
        let people = journal.people();
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].name, "Ann Lee");
        assert_eq!(people[0].role.as_deref(), Some("VP Sales"));
        assert_eq!(people[0].org.as_deref(), Some("Sales"));
        let slugs: Vec<&str> = people[0].meetings.iter().map(|m| m.slug.as_str()).collect();
        assert_eq!(slugs, ["c", "b", "a"], "newest first");
        assert_eq!(journal.tags()["a"].len(), 3);
        assert_eq!(journal.senior_leader_meetings(), 3);
    }

    #[test]
    fn an_entry_is_found_by_its_file_id_or_else_its_path() {
        let mut entries = vec![
            meeting("b", 20, Vec::new(), None),
            meeting("a", 5, Vec::new(), None),
        ];
        entries[0].file = 7;
        entries[1].file = 3;
        let journal = Journal::new(Config::default(), entries, false, date(2026, 2, 1));
        for (i, entry) in journal.entries.iter().enumerate() {
            assert_eq!(journal.index(entry), Some(i));
            // Another run's copy, with another id: found through its path.
            let mut copy = entry.clone();
            copy.file = 3 + 7 - copy.file;
            assert_eq!(journal.index(&copy), Some(i));
        }
        let mut stranger = meeting("c", 1, Vec::new(), None);
        stranger.file = 3;
        assert_eq!(journal.index(&stranger), None);
    }
}
