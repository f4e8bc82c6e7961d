//! Model stage: the journal as typed data with cross-references resolved.
//!
//! Takes the valid entries (private ones dropped unless asked for) and
//! answers the questions the pages ask: which updates and meetings reference
//! a goal, who was met and where, which entries carry a tag, and how regular
//! the updates have been (cadence windows and gaps, with time away excluded).
//! Everything is ordered deterministically.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::config::{Away, Config};
use crate::entry::{Entry, Fields, Kind, MeetingType, Person};

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
}

#[derive(Debug, Default)]
struct Index {
    by_path: HashMap<std::path::PathBuf, usize>,
    by_slug: HashMap<(Kind, String), usize>,
    references: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new(entries: &[Entry]) -> Index {
        let mut index = Index::default();
        for (i, entry) in entries.iter().enumerate() {
            index.by_path.insert(entry.path.clone(), i);
            index
                .by_slug
                .entry((entry.kind, entry.slug.clone()))
                .or_insert(i);
            let mut slugs: Vec<&str> = entry.goal_refs().iter().map(|r| r.value.as_str()).collect();
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

/// Someone met, with every meeting they were in.
#[derive(Debug, Clone)]
pub struct PersonSummary<'a> {
    /// Their name as first written.
    pub name: String,
    /// Their most recently written role.
    pub role: Option<String>,
    /// Their most recently written org (theirs, or the meeting's).
    pub org: Option<String>,
    /// Meetings they were in, newest first.
    pub meetings: Vec<&'a Entry>,
}

/// A stretch without updates longer than the cadence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The update before the gap.
    pub from: Date,
    /// The update after the gap.
    pub to: Date,
    /// Days between the two.
    pub days: i64,
    /// Days of the gap declared as away.
    pub away_days: i64,
}

/// One window of `cadence_days` days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Updates written in it.
    pub updates: usize,
    /// True when every day of it was away and it has no update: not counted.
    pub away: bool,
}

/// How regular the updates were over a stretch of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cadence {
    /// Expected days between updates.
    pub cadence_days: u32,
    /// Windows of `cadence_days` days counted (windows fully away are not).
    pub windows: usize,
    /// Windows holding at least one update.
    pub covered: usize,
    /// Every window, in order (including those fully away).
    pub list: Vec<Window>,
    /// Gaps longer than the cadence.
    pub gaps: Vec<Gap>,
    /// The latest update, if any.
    pub last_update: Option<Date>,
    /// Days from the latest update to today.
    pub days_since_last: Option<i64>,
    /// True when `days_since_last` exceeds the cadence (time away excluded).
    pub overdue: bool,
}

impl Cadence {
    /// Covered windows as a whole percentage.
    pub fn percent(&self) -> u32 {
        percent(self.covered, self.windows)
    }
}

/// `part` as a whole percentage of `whole`, rounded half up; 0 when `whole` is 0.
pub fn percent(part: usize, whole: usize) -> u32 {
    ((part * 100 + whole / 2).checked_div(whole).unwrap_or(0)) as u32
}

fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

fn away_days_between(from: Date, to: Date, away: &[Away]) -> i64 {
    // Days strictly between `from` and `to` that fall in an away range.
    let mut count = 0;
    let mut day = from.saturating_add(1.day());
    while day < to {
        if away.iter().any(|a| a.range.contains(day)) {
            count += 1;
        }
        day = day.saturating_add(1.day());
    }
    count
}

/// Gaps between consecutive update dates (sorted) longer than `cadence_days`,
/// once days away are taken out.
pub fn cadence_gaps(dates: &[Date], cadence_days: u32, away: &[Away]) -> Vec<Gap> {
    dates
        .windows(2)
        .filter_map(|pair| {
            let (from, to) = (pair[0], pair[1]);
            let days = days_between(from, to);
            if days <= i64::from(cadence_days) {
                return None;
            }
            let away_days = away_days_between(from, to, away);
            (days - away_days > i64::from(cadence_days)).then_some(Gap {
                from,
                to,
                days,
                away_days,
            })
        })
        .collect()
}

/// The cadence of `dates` (sorted) over `from..=to`: windows of
/// `cadence_days` from `from`, each covered if an update falls in it.
pub fn cadence(
    dates: &[Date],
    from: Date,
    to: Date,
    cadence_days: u32,
    away: &[Away],
    today: Date,
) -> Cadence {
    let step = i64::from(cadence_days.max(1));
    let mut list = Vec::new();
    let mut start = from;
    while start <= to {
        let end = start.saturating_add((step - 1).days()).min(to);
        let updates = dates.iter().filter(|d| start <= **d && **d <= end).count();
        let mut day = start;
        let mut away_all = true;
        while day <= end {
            if !away.iter().any(|a| a.range.contains(day)) {
                away_all = false;
                break;
            }
            day = day.saturating_add(1.day());
        }
        list.push(Window {
            from: start,
            to: end,
            updates,
            away: away_all && updates == 0,
        });
        start = start.saturating_add(step.days());
    }
    let windows = list.iter().filter(|w| !w.away).count();
    let covered = list.iter().filter(|w| w.updates > 0).count();
    let in_range: Vec<Date> = dates
        .iter()
        .copied()
        .filter(|d| from <= *d && *d <= to)
        .collect();
    let last_update = dates.iter().copied().filter(|d| *d <= today).max();
    let days_since_last = last_update.map(|last| days_between(last, today));
    let overdue = last_update.is_some_and(|last| {
        days_between(last, today) - away_days_between(last, today.saturating_add(1.day()), away)
            > i64::from(cadence_days)
    });
    Cadence {
        cadence_days,
        windows,
        covered,
        list,
        gaps: cadence_gaps(&in_range, cadence_days, away),
        last_update,
        days_since_last,
        overdue,
    }
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

    /// The index in `entries` of `entry`, when it is one of them (found by
    /// its address, so without hashing its path); else by its path.
    pub fn index_of(&self, entry: &Entry) -> Option<usize> {
        let size = std::mem::size_of::<Entry>();
        let base = self.entries.as_ptr() as usize;
        let offset = (entry as *const Entry as usize).wrapping_sub(base);
        let index = offset / size;
        if offset.is_multiple_of(size) && index < self.entries.len() {
            Some(index)
        } else {
            self.position(&entry.path)
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

    /// Everyone met, sorted by name (case-insensitive).
    pub fn people(&self) -> Vec<PersonSummary<'_>> {
        let mut people: BTreeMap<String, PersonSummary<'_>> = BTreeMap::new();
        for entry in self.of_kind(Kind::Meeting) {
            let Fields::Meeting(meeting) = &entry.fields else {
                continue;
            };
            for Person { name, role, org } in &meeting.with {
                let summary = people
                    .entry(name.to_lowercase())
                    .or_insert_with(|| PersonSummary {
                        name: name.clone(),
                        role: None,
                        org: None,
                        meetings: Vec::new(),
                    });
                // Entries are oldest first, so later values win.
                if role.is_some() {
                    summary.role.clone_from(role);
                }
                if let Some(org) = org.as_ref().or(meeting.org.as_ref()) {
                    summary.org = Some(org.clone());
                }
                // Meetings come one at a time: a repeat is the last one.
                if !summary
                    .meetings
                    .last()
                    .is_some_and(|m| std::ptr::eq(*m, entry))
                {
                    summary.meetings.push(entry);
                }
            }
        }
        people
            .into_values()
            .map(|mut p| {
                p.meetings.reverse();
                p
            })
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
        let dates = self.update_dates();
        let from = dates.first().copied().unwrap_or(self.today);
        let to = self.today;
        cadence(
            &dates,
            from,
            to,
            self.config.cadence_days,
            &self.config.away,
            self.today,
        )
    }

    /// Senior-leader meetings shown.
    pub fn senior_leader_meetings(&self) -> usize {
        self.of_kind(Kind::Meeting)
            .filter(|e| matches!(&e.fields, Fields::Meeting(m) if m.meeting_type == Some(MeetingType::SeniorLeader)))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::DateRange;
    use jiff::civil::date;

    #[test]
    fn gaps_exclude_time_away() {
        let dates = [
            date(2026, 1, 2),
            date(2026, 1, 16),
            date(2026, 2, 27),
            date(2026, 3, 27),
        ];
        let away = [Away {
            range: DateRange {
                from: date(2026, 3, 1),
                to: date(2026, 3, 20),
            },
            reason: None,
        }];
        let gaps = cadence_gaps(&dates, 14, &away);
        assert_eq!(
            gaps,
            vec![Gap {
                from: date(2026, 1, 16),
                to: date(2026, 2, 27),
                days: 42,
                away_days: 0
            }]
        );
    }

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
    fn an_entry_is_found_by_its_address_or_else_its_path() {
        let entries = vec![
            meeting("b", 20, Vec::new(), None),
            meeting("a", 5, Vec::new(), None),
        ];
        let journal = Journal::new(Config::default(), entries, false, date(2026, 2, 1));
        for (i, entry) in journal.entries.iter().enumerate() {
            assert_eq!(journal.index_of(entry), Some(i));
            // A copy lives elsewhere: found through its path.
            assert_eq!(journal.index_of(&entry.clone()), Some(i));
        }
        let stranger = meeting("c", 1, Vec::new(), None);
        assert_eq!(journal.index_of(&stranger), None);
    }

    #[test]
    fn windows_count_coverage() {
        let dates = [date(2026, 1, 1), date(2026, 1, 15), date(2026, 2, 12)];
        let c = cadence(
            &dates,
            date(2026, 1, 1),
            date(2026, 2, 25),
            14,
            &[],
            date(2026, 2, 25),
        );
        // Windows start Jan 1, 15, 29, Feb 12: the Jan 29 window is empty.
        assert_eq!((c.windows, c.covered), (4, 3));
        assert_eq!(c.percent(), 75);
        assert_eq!(c.days_since_last, Some(13));
        assert!(!c.overdue);
        assert_eq!(c.gaps.len(), 1);
    }
}
