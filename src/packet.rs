//! The promotion packet: the model of one review period.
//!
//! Built from the journal (private entries are never in it, whatever the
//! flags) and its git history: the goals owned in the period with their
//! evidence trail, a swimlane timeline, the update cadence, the leverage mix,
//! the network of people met, and the provenance of every note. The same
//! [`Packet`] value is what the `packet.html` template receives and what
//! `--format json` prints, so a custom rendering sees exactly the same data.
//! Chart geometry is computed here, in SVG user units, so that templates only
//! draw.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::cadence::{self, percent};
use crate::config::Config;
use crate::entry::{Choice, Entry, Fields, Kind, Leverage, MeetingType, Status};
use crate::history::{Facts, LateEdit, Provenance, Wanted, WorkState};
use crate::incremental::Reuse;
use crate::model::Excerpts;
use crate::model::Journal;
use crate::publish::anchor;

/// The packet as JSON, `--format json`: the data the packet template
/// receives, with `<`, `>` and `&` written as `\u003c`, `\u003e` and
/// `\u0026` (as Go's `encoding/json` does): the same data once parsed, but a
/// note's `<script>` cannot turn into markup if the file is pasted into a
/// page or opened as HTML. Those bytes only ever occur inside JSON strings,
/// where the escapes are valid.
pub fn to_json(packet: &Packet) -> crate::error::Result<Vec<u8>> {
    let mut json =
        serde_json::to_vec_pretty(packet).map_err(|e| crate::error::Error::Template {
            name: "packet.json".into(),
            message: e.to_string(),
        })?;
    json.push(b'\n');
    let mut out = Vec::with_capacity(json.len());
    for byte in json {
        match byte {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            _ => out.push(byte),
        }
    }
    Ok(out)
}

/// The review period of a packet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Its name, when it is one of `dossier.toml`'s `[periods]`.
    pub name: Option<String>,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

impl Period {
    /// The period asked for: a named one, explicit dates, or the 12 months
    /// up to `today`.
    pub fn resolve(
        config: &Config,
        today: Date,
        name: Option<&str>,
        from: Option<Date>,
        to: Option<Date>,
    ) -> crate::error::Result<Period> {
        if let Some(name) = name {
            let Some(period) = config.periods.iter().find(|p| p.name == name) else {
                let names: Vec<&str> = config.periods.iter().map(|p| p.name.as_str()).collect();
                let hint = crate::diagnostic::did_you_mean(name, names.iter().copied())
                    .unwrap_or_else(|| match names.is_empty() {
                        true => "no periods are defined in dossier.toml's [periods]".to_string(),
                        false => format!("defined periods: {}", names.join(", ")),
                    });
                return Err(crate::error::Error::Usage(format!(
                    "no period named `{name}`: {hint}"
                )));
            };
            return Ok(Period {
                name: Some(name.to_string()),
                from: period.range.from,
                to: period.range.to,
            });
        }
        let to = to.unwrap_or(today);
        let from = from.unwrap_or_else(|| to.saturating_sub(1.year()).saturating_add(1.day()));
        if to < from {
            return Err(crate::error::Error::Usage(format!(
                "the period ends ({to}) before it starts ({from})"
            )));
        }
        Ok(Period {
            name: None,
            from,
            to,
        })
    }

    /// The twelve months up to `today`: the period of the site's packet.
    pub fn last_year(today: Date) -> Period {
        Period {
            name: None,
            from: today.saturating_sub(1.year()).saturating_add(1.day()),
            to: today,
        }
    }

    fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }

    fn days(&self) -> i64 {
        i64::from((self.to - self.from).get_days()) + 1
    }
}

/// A note as the packet cites it.
#[derive(Clone, Debug, Serialize)]
pub struct NoteRef {
    /// `goal`, `update` or `meeting`.
    pub kind: &'static str,
    /// Its slug.
    pub slug: String,
    /// The id of its row in the provenance section.
    pub anchor: String,
    /// Its title.
    pub title: String,
    /// Its own date.
    pub date: Date,
    /// Its first lines, on one line.
    pub excerpt: String,
}

/// A goal owned in the period.
#[derive(Debug, Serialize)]
pub struct PacketGoal {
    /// The note.
    #[serde(flatten)]
    pub note: NoteRef,
    /// Its id in the goals section.
    pub id: String,
    /// Status now.
    pub status: &'static str,
    /// Leverage kinds.
    pub leverage: Vec<&'static str>,
    /// The outcome.
    pub impact: Option<String>,
    /// When it started.
    pub started: Date,
    /// When it is due.
    pub target: Option<Date>,
    /// When it was done or dropped.
    pub finished: Option<Date>,
    /// Tagged `breakthrough`.
    pub breakthrough: bool,
    /// Stakeholders.
    pub stakeholders: Vec<String>,
    /// Status over time, from git (empty without history).
    pub status_history: Vec<crate::history::StatusChange>,
    /// Updates and meetings in the period that reference it, oldest first.
    pub evidence: Vec<NoteRef>,
    /// Meetings on or before its start, with problems, that name it: where it came from.
    pub from_meetings: Vec<NoteRef>,
}

/// The swimlane chart.
#[derive(Debug, Serialize)]
pub struct TimelineChart {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// Left edge of the plot.
    pub x0: f64,
    /// Right edge of the plot.
    pub x1: f64,
    /// Month ticks.
    pub months: Vec<Tick>,
    /// One lane per goal.
    pub lanes: Vec<Lane>,
    /// Y of the axis line.
    pub axis_y: f64,
}

/// A tick on a time axis.
#[derive(Debug, Serialize)]
pub struct Tick {
    /// X position.
    pub x: f64,
    /// The month's short name.
    pub label: String,
    /// The year, under the first tick and under each January.
    pub year: Option<String>,
}

/// One goal's lane.
#[derive(Debug, Serialize)]
pub struct Lane {
    /// Top of the lane.
    pub y: f64,
    /// Middle of the lane (for text and markers).
    pub mid: f64,
    /// The goal's title, shortened for the label.
    pub label: String,
    /// The goal's id in the goals section.
    pub goal_id: String,
    /// Bars, one per status the goal had.
    pub segments: Vec<Segment>,
    /// Updates and meetings referencing the goal.
    pub markers: Vec<Marker>,
}

/// A stretch of a goal in one status.
#[derive(Debug, Serialize)]
pub struct Segment {
    /// Left edge.
    pub x: f64,
    /// Width (at least 2 units so a day stays visible).
    pub width: f64,
    /// The status.
    pub status: String,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

/// An update or meeting on a lane.
#[derive(Debug, Serialize)]
pub struct Marker {
    /// X position.
    pub x: f64,
    /// `update` or `meeting`.
    pub kind: &'static str,
    /// Its date.
    pub date: Date,
    /// Its title.
    pub title: String,
}

/// The update cadence over the period.
#[derive(Debug, Serialize)]
pub struct CadenceSection {
    /// Expected days between updates.
    pub cadence_days: u32,
    /// Windows counted (not fully away).
    pub windows: usize,
    /// Windows with an update.
    pub covered: usize,
    /// `covered` as a percentage of `windows`.
    pub percent: u32,
    /// Gaps longer than the cadence.
    pub gaps: Vec<cadence::Gap>,
    /// Updates in the period.
    pub updates: usize,
    /// Days away declared in the period.
    pub away: Vec<AwayView>,
    /// The chart.
    pub chart: CadenceChart,
}

/// Time away, as shown.
#[derive(Debug, Serialize)]
pub struct AwayView {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Why.
    pub reason: Option<String>,
}

/// Bars of updates per window.
#[derive(Debug, Serialize)]
pub struct CadenceChart {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// Baseline y.
    pub baseline: f64,
    /// Left edge of the plot.
    pub x0: f64,
    /// One bar per window.
    pub bars: Vec<Bar>,
    /// Month ticks.
    pub months: Vec<Tick>,
    /// The largest number of updates in one window.
    pub max: usize,
}

/// One window's bar.
#[derive(Debug, Serialize)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height (a small stub for an empty window).
    pub height: f64,
    /// Updates in the window.
    pub updates: usize,
    /// `covered`, `gap` or `away`.
    pub state: &'static str,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

/// Goals per leverage kind.
#[derive(Debug, Serialize)]
pub struct LeverageRow {
    /// The kind.
    pub kind: &'static str,
    /// Goals showing it.
    pub goals: usize,
    /// Share of the goals owned, as a percentage.
    pub percent: u32,
    /// Titles of those goals.
    pub titles: Vec<String>,
}

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

/// One note's provenance.
#[derive(Debug, Serialize)]
pub struct ProvenanceRow {
    /// The note.
    #[serde(flatten)]
    pub note: NoteRef,
    /// First commit: date.
    pub first_date: Option<Date>,
    /// First commit: short hash.
    pub first_commit: Option<String>,
    /// First commit: the subject line of its message, only when asked for
    /// ([`PacketOptions::commit_messages`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_commit_subject: Option<String>,
    /// Commits that changed it.
    pub revisions: usize,
    /// Last commit: date.
    pub last_date: Option<Date>,
    /// Days from its own date to its first commit (negative: written ahead).
    pub days_to_first_commit: Option<i64>,
    /// Written more than the allowed days after its own date.
    pub backdated: bool,
    /// Commits that are signed.
    pub signed: usize,
    /// `committed`, `modified` (uncommitted changes) or `uncommitted`.
    pub state: &'static str,
    /// Changes after its own date (updates and meetings).
    pub late_edits: Vec<LateEdit>,
    /// Lines added after its own date, in all.
    pub late_lines_added: usize,
    /// Lines removed after its own date, in all.
    pub late_lines_removed: usize,
    /// Earlier paths.
    pub renamed_from: Vec<String>,
}

/// The provenance section.
#[derive(Debug, Serialize)]
pub struct ProvenanceSection {
    /// True when git history was read.
    pub available: bool,
    /// Why not, or a caveat (shallow clone).
    pub message: Option<String>,
    /// The days allowed between a note's date and its first commit.
    pub within_days: u32,
    /// Notes committed within `within_days` of their date.
    pub within: usize,
    /// Notes with a commit.
    pub committed: usize,
    /// `within` as a percentage of `committed`.
    pub percent: u32,
    /// Notes whose every commit is signed.
    pub all_signed: usize,
    /// Notes flagged as backdated.
    pub backdated: usize,
    /// Every note in the packet.
    pub rows: Vec<ProvenanceRow>,
}

/// Counts for the header.
#[derive(Debug, Serialize)]
pub struct Counts {
    /// Goals owned in the period.
    pub goals: usize,
    /// Of which done in the period.
    pub goals_done: usize,
    /// Updates in the period.
    pub updates: usize,
    /// Meetings in the period.
    pub meetings: usize,
    /// Senior-leader meetings in the period.
    pub senior_leader_meetings: usize,
    /// Distinct parts of the business met.
    pub orgs: usize,
}

/// The whole packet.
#[derive(Debug, Serialize)]
pub struct Packet {
    /// Whose.
    pub owner: Option<String>,
    /// Current role.
    pub role: Option<String>,
    /// Target role.
    pub target_role: Option<String>,
    /// The journal's title.
    pub title: String,
    /// The period.
    pub period: Period,
    /// The day it was made for.
    pub today: Date,
    /// Counts.
    pub counts: Counts,
    /// Goals owned, by start date.
    pub goals: Vec<PacketGoal>,
    /// The swimlane chart.
    pub timeline: TimelineChart,
    /// Update cadence.
    pub cadence: CadenceSection,
    /// Leverage mix.
    pub leverage: Vec<LeverageRow>,
    /// A gentle note when every goal shows only expert leverage.
    pub expert_only: bool,
    /// Network.
    pub network: NetworkSection,
    /// Provenance.
    pub provenance: ProvenanceSection,
    /// `dossier VERSION`.
    pub generator: String,
}

/// The journal's notes as the packet shows them, each one's excerpt made
/// once per build (a note can be evidence for several goals).
struct Notes<'a> {
    journal: &'a Journal,
    excerpts: Excerpts<'a>,
    /// What the history says of each note's versions.
    facts: &'a Facts,
}

impl Notes<'_> {
    fn note_ref(&self, entry: &Entry) -> NoteRef {
        NoteRef {
            kind: entry.kind.name(),
            slug: entry.slug.clone(),
            anchor: format!("note-{}-{}", entry.kind.name(), anchor(&entry.slug)),
            title: entry.display_title(),
            date: entry.date(),
            excerpt: self.excerpts.get(entry),
        }
    }
}

fn goal_id(slug: &str) -> String {
    format!("goal-{}", anchor(slug))
}

/// Whether a goal was owned during the period: its span from `started` to
/// `finished` (or the end of the period) meets the period.
fn owned_in(goal: &crate::entry::Goal, period: &Period) -> bool {
    let end = goal.finished.unwrap_or(period.to);
    goal.started <= period.to && end >= period.from
}

/// What a packet shows beyond its defaults.
#[derive(Clone, Copy, Debug, Default)]
pub struct PacketOptions {
    /// Show the subject line of each note's first commit in the provenance
    /// section. Off by default: commit messages are written for the
    /// repository, not for a reviewer, and may mention anything.
    pub commit_messages: bool,
}

/// The notes whose history the packet of `period` shows, and what it
/// needs of each: the goals owned (their status over time), and the
/// updates and meetings of the period (the edits made after their date).
/// Every one's earlier public paths come with them.
pub fn wanted<'j>(journal: &'j Journal, period: &Period) -> Vec<Wanted<'j>> {
    let goals = journal
        .of_kind(Kind::Goal)
        .filter(|e| !e.private && e.goal().is_some_and(|g| owned_in(g, period)))
        .map(|e| Wanted {
            path: &e.path,
            statuses: true,
            edits_after: None,
        });
    let notes = [Kind::Update, Kind::Meeting].into_iter().flat_map(|kind| {
        journal
            .of_kind(kind)
            .filter(|e| !e.private && period.contains(e.date()))
            .map(|e| Wanted {
                path: &e.path,
                statuses: false,
                edits_after: Some(e.date()),
            })
    });
    goals.chain(notes).collect()
}

impl Packet {
    /// Builds the packet of `period`. `journal` must hold public entries
    /// only (the caller builds it with private entries excluded); `facts`
    /// are the history's facts of the [`wanted`] notes. Excerpts are units
    /// of `reuse`.
    pub fn build(
        journal: &Journal,
        provenance: &Provenance,
        facts: &Facts,
        period: Period,
        options: PacketOptions,
        reuse: Reuse<'_>,
    ) -> Packet {
        debug_assert!(journal.entries.iter().all(|e| !e.private));
        let notes = Notes {
            journal,
            excerpts: Excerpts::new(journal, 140, reuse),
            facts,
        };
        Packet::build_from(&notes, provenance, period, options)
    }

    fn build_from(
        notes: &Notes<'_>,
        provenance: &Provenance,
        period: Period,
        options: PacketOptions,
    ) -> Packet {
        let journal = notes.journal;
        let config = &journal.config;
        let goals_owned: Vec<&Entry> = journal
            .of_kind(Kind::Goal)
            .filter(|e| !e.private && e.goal().is_some_and(|g| owned_in(g, &period)))
            .collect();
        let in_period = |kind: Kind| -> Vec<&Entry> {
            journal
                .of_kind(kind)
                .filter(|e| !e.private && period.contains(e.date()))
                .collect()
        };
        let updates = in_period(Kind::Update);
        let meetings = in_period(Kind::Meeting);

        let goals: Vec<PacketGoal> = goals_owned
            .iter()
            .map(|entry| {
                let goal = entry.goal().expect("goals only");
                let evidence = journal
                    .references(&entry.slug)
                    .into_iter()
                    .rev()
                    .filter(|e| !e.private && period.contains(e.date()))
                    .map(|e| notes.note_ref(e))
                    .collect();
                let from_meetings = journal
                    .references(&entry.slug)
                    .into_iter()
                    .rev()
                    .filter(|e| {
                        !e.private
                            && e.date() <= goal.started
                            && matches!(&e.fields, Fields::Meeting(m) if !m.problems.is_empty())
                    })
                    .map(|e| notes.note_ref(e))
                    .collect();
                PacketGoal {
                    note: notes.note_ref(entry),
                    id: goal_id(&entry.slug),
                    status: goal.status.name(),
                    leverage: goal.leverage.iter().map(|l| l.name()).collect(),
                    impact: goal.impact.clone(),
                    started: goal.started,
                    target: goal.target,
                    finished: goal.finished,
                    breakthrough: entry
                        .tags
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case("breakthrough")),
                    stakeholders: goal.stakeholders.clone(),
                    status_history: notes
                        .facts
                        .of(&entry.path)
                        .map(|f| f.status_changes.clone())
                        .unwrap_or_default(),
                    evidence,
                    from_meetings,
                }
            })
            .collect();

        let timeline = timeline_chart(journal, &goals, &period);
        let cadence = cadence_section(journal, &period);
        let leverage: Vec<LeverageRow> = Leverage::ALL
            .iter()
            .map(|(name, kind)| {
                let titles: Vec<String> = goals_owned
                    .iter()
                    .filter(|e| e.goal().is_some_and(|g| g.leverage.contains(kind)))
                    .map(|e| e.display_title())
                    .collect();
                LeverageRow {
                    kind: name,
                    goals: titles.len(),
                    percent: percent(titles.len(), goals_owned.len()),
                    titles,
                }
            })
            .collect();
        let expert_only = !goals_owned.is_empty()
            && goals_owned
                .iter()
                .all(|e| e.goal().is_some_and(|g| g.leverage == [Leverage::Expert]));
        let network = network_section(notes, &meetings, &goals);
        let provenance_section = provenance_section(
            notes,
            config,
            provenance,
            &goals_owned,
            &updates,
            &meetings,
            options,
        );
        let counts = Counts {
            goals: goals.len(),
            goals_done: goals_owned
                .iter()
                .filter(|e| {
                    e.goal().is_some_and(|g| {
                        g.status == Status::Done && g.finished.is_some_and(|f| period.contains(f))
                    })
                })
                .count(),
            updates: updates.len(),
            meetings: meetings.len(),
            senior_leader_meetings: network.senior_leader_meetings,
            orgs: network.org_count,
        };
        Packet {
            owner: config.owner.clone(),
            role: config.role.clone(),
            target_role: config.target_role.clone(),
            title: config.site_title(),
            period,
            today: journal.today,
            counts,
            goals,
            timeline,
            cadence,
            leverage,
            expert_only,
            network,
            provenance: provenance_section,
            generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Maps dates of the period to x positions between `x0` and `x1`.
struct Scale {
    from: Date,
    days: f64,
    x0: f64,
    x1: f64,
}

impl Scale {
    fn x(&self, date: Date) -> f64 {
        let offset = f64::from((date - self.from).get_days()).clamp(0.0, self.days);
        round(self.x0 + (self.x1 - self.x0) * offset / self.days)
    }

    fn months(&self, period: &Period) -> Vec<Tick> {
        let mut ticks = Vec::new();
        let mut month = period.from.first_of_month();
        if month < period.from {
            month = month.saturating_add(1.month());
        }
        let mut first = true;
        while month <= period.to {
            // The year is written under the first month and under each January.
            let year = (first || month.month() == 1).then(|| month.year().to_string());
            ticks.push(Tick {
                x: self.x(month),
                label: month.strftime("%b").to_string(),
                year,
            });
            first = false;
            month = month.saturating_add(1.month());
        }
        ticks
    }
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

const CHART_WIDTH: f64 = 680.0;
const LABEL_WIDTH: f64 = 170.0;
const LANE_HEIGHT: f64 = 24.0;

fn timeline_chart(journal: &Journal, goals: &[PacketGoal], period: &Period) -> TimelineChart {
    let scale = Scale {
        from: period.from,
        days: (period.days() - 1).max(1) as f64,
        x0: LABEL_WIDTH + 8.0,
        x1: CHART_WIDTH - 8.0,
    };
    let top = 8.0;
    let lanes = goals
        .iter()
        .enumerate()
        .map(|(i, goal)| {
            let y = top + i as f64 * LANE_HEIGHT;
            let end = goal.finished.unwrap_or(period.to).min(period.to);
            // Status spans: from git when known, else the current status throughout.
            let mut spans: Vec<(Date, String)> = goal
                .status_history
                .iter()
                .map(|c| (c.date.max(goal.started), c.status.clone()))
                .collect();
            if spans.is_empty() {
                spans.push((goal.started, goal.status.to_string()));
            } else {
                spans[0].0 = goal.started;
            }
            let mut segments = Vec::new();
            for (k, (from, status)) in spans.iter().enumerate() {
                let to = spans
                    .get(k + 1)
                    .map_or(end, |(next, _)| next.saturating_sub(1.day()))
                    .min(end);
                let (from, to) = ((*from).max(period.from), to.min(period.to));
                if to < from {
                    continue;
                }
                let x = scale.x(from);
                let width = round((scale.x(to.saturating_add(1.day())) - x).max(2.0));
                segments.push(Segment {
                    x,
                    width,
                    status: status.clone(),
                    from,
                    to,
                });
            }
            let markers = goal
                .evidence
                .iter()
                .map(|note| Marker {
                    x: scale.x(note.date),
                    kind: note.kind,
                    date: note.date,
                    title: note.title.clone(),
                })
                .collect();
            let label: String = if goal.note.title.chars().count() > 26 {
                format!(
                    "{}…",
                    goal.note
                        .title
                        .chars()
                        .take(25)
                        .collect::<String>()
                        .trim_end()
                )
            } else {
                goal.note.title.clone()
            };
            Lane {
                y,
                mid: y + LANE_HEIGHT / 2.0,
                label,
                goal_id: goal.id.clone(),
                segments,
                markers,
            }
        })
        .collect::<Vec<_>>();
    let _ = journal;
    let axis_y = top + lanes.len() as f64 * LANE_HEIGHT + 4.0;
    TimelineChart {
        width: CHART_WIDTH,
        height: axis_y + 28.0,
        x0: scale.x0,
        x1: scale.x1,
        months: scale.months(period),
        lanes,
        axis_y,
    }
}

fn cadence_section(journal: &Journal, period: &Period) -> CadenceSection {
    let config = &journal.config;
    let dates: Vec<Date> = journal.update_dates();
    let cadence = cadence::windows(
        &dates,
        period.from,
        period.to,
        config.cadence_days,
        &config.away,
        journal.today,
    );
    let scale = Scale {
        from: period.from,
        days: (period.days() - 1).max(1) as f64,
        x0: 40.0,
        x1: CHART_WIDTH - 8.0,
    };
    let max = cadence
        .list
        .iter()
        .map(|w| w.updates)
        .max()
        .unwrap_or(0)
        .max(1);
    let (plot_top, baseline) = (10.0, 90.0);
    let bars = cadence
        .list
        .iter()
        .map(|window| {
            let x = scale.x(window.from);
            let width = round((scale.x(window.to.saturating_add(1.day())) - x - 1.0).max(1.0));
            let state = if window.updates > 0 {
                "covered"
            } else if window.away {
                "away"
            } else {
                "gap"
            };
            let height = if window.updates == 0 {
                4.0
            } else {
                round((baseline - plot_top) * window.updates as f64 / max as f64)
            };
            Bar {
                x,
                y: round(baseline - height),
                width,
                height,
                updates: window.updates,
                state,
                from: window.from,
                to: window.to,
            }
        })
        .collect();
    let away = config
        .away
        .iter()
        .filter(|a| a.range.to >= period.from && a.range.from <= period.to)
        .map(|a| AwayView {
            from: a.range.from,
            to: a.range.to,
            reason: a.reason.clone(),
        })
        .collect();
    CadenceSection {
        cadence_days: cadence.cadence_days,
        windows: cadence.windows,
        covered: cadence.covered,
        percent: cadence.percent(),
        gaps: cadence.gaps,
        updates: dates.iter().filter(|d| period.contains(**d)).count(),
        away,
        chart: CadenceChart {
            width: CHART_WIDTH,
            height: baseline + 28.0,
            baseline,
            x0: scale.x0,
            bars,
            months: scale.months(period),
            max,
        },
    }
}

fn network_section(notes: &Notes<'_>, meetings: &[&Entry], goals: &[PacketGoal]) -> NetworkSection {
    let journal = notes.journal;
    let mut orgs: BTreeMap<String, (BTreeMap<String, PersonRow>, usize)> = BTreeMap::new();
    let mut people = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    let mut senior = 0;
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
            let org = person
                .org
                .clone()
                .or_else(|| meeting.org.clone())
                .unwrap_or_else(|| "Unspecified".into());
            people.insert(person.name.to_lowercase());
            let (members, _) = orgs.entry(org.clone()).or_default();
            let row = members
                .entry(person.name.to_lowercase())
                .or_insert_with(|| PersonRow {
                    name: person.name.clone(),
                    role: None,
                    meetings: 0,
                });
            if person.role.is_some() {
                row.role.clone_from(&person.role);
            }
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

fn provenance_section(
    notes: &Notes<'_>,
    config: &Config,
    provenance: &Provenance,
    goals: &[&Entry],
    updates: &[&Entry],
    meetings: &[&Entry],
    options: PacketOptions,
) -> ProvenanceSection {
    let within_days = config.backdated_days;
    let (history, message) = match provenance {
        Provenance::Available(history) => (
            Some(history.as_ref()),
            history.shallow().then(|| "This is a shallow clone: the oldest commits are missing, so first-written dates may be later than the truth.".to_string()),
        ),
        Provenance::NotARepository => (None, Some("The journal is not in a git repository: no provenance is available.".into())),
        Provenance::NoCommits => (None, Some("The repository has no commits yet: no provenance is available.".into())),
        // The cause is reported to the author (`dossier check`), not printed
        // here: libgit2's messages name paths on the author's machine.
        Provenance::Failed(_) => (None, Some("The git history could not be read: no provenance is available.".into())),
    };
    let mut rows = Vec::new();
    for entry in goals.iter().chain(updates).chain(meetings) {
        let note = notes.note_ref(entry);
        let versions = notes.facts.of(&entry.path);
        let facts = history.and_then(|h| h.note(&entry.path));
        let state = match history.map(|h| h.work_state(&entry.path)) {
            Some(WorkState::Committed) => "committed",
            Some(WorkState::Modified) => "modified",
            Some(WorkState::Untracked) | None => "uncommitted",
        };
        let days_to_first_commit = facts
            .as_ref()
            .map(|f| i64::from((f.first.date - entry.date()).get_days()));
        let late_edits = match entry.kind {
            Kind::Update | Kind::Meeting => {
                versions.map(|v| v.late_edits.clone()).unwrap_or_default()
            }
            Kind::Goal => Vec::new(),
        };
        rows.push(ProvenanceRow {
            first_date: facts.as_ref().map(|f| f.first.date),
            first_commit: facts.as_ref().map(|f| f.first.short().to_string()),
            first_commit_subject: facts
                .as_ref()
                .filter(|_| options.commit_messages)
                .map(|f| f.first.summary.clone()),
            revisions: facts.as_ref().map_or(0, |f| f.revisions),
            last_date: facts.as_ref().map(|f| f.last.date),
            days_to_first_commit,
            backdated: days_to_first_commit.is_some_and(|d| d > i64::from(within_days)),
            signed: facts.as_ref().map_or(0, |f| f.signed),
            state: if facts.is_none() {
                "uncommitted"
            } else {
                state
            },
            late_lines_added: late_edits.iter().map(|e| e.added).sum(),
            late_lines_removed: late_edits.iter().map(|e| e.removed).sum(),
            late_edits,
            renamed_from: versions
                .filter(|_| facts.is_some())
                .map(|v| {
                    v.previous_paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect()
                })
                .unwrap_or_default(),
            note,
        });
    }
    let committed = rows.iter().filter(|r| r.first_date.is_some()).count();
    let within = rows
        .iter()
        .filter(|r| {
            r.days_to_first_commit
                .is_some_and(|d| d <= i64::from(within_days))
        })
        .count();
    ProvenanceSection {
        available: history.is_some(),
        message,
        within_days,
        within,
        committed,
        percent: percent(within, committed),
        all_signed: rows
            .iter()
            .filter(|r| r.revisions > 0 && r.signed == r.revisions)
            .count(),
        backdated: rows.iter().filter(|r| r.backdated).count(),
        rows,
    }
}
