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

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::cadence::percent;
pub mod charts;
pub mod network;
pub mod provenance;

use charts::{CadenceSection, TimelineChart};
use network::NetworkSection;
use provenance::ProvenanceSection;

use crate::config::Config;
use crate::entry::{Choice, Entry, Fields, Kind, Leverage, Status};
use crate::history::{Facts, Provenance, Wanted};
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

/// A note in a goal's evidence trail, with its passage about the goal.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    /// The note.
    #[serde(flatten)]
    pub note: NoteRef,
    /// The paragraph, list item or heading of the note that links to the
    /// goal, else the first that names it (see [`crate::markdown::passage`]);
    /// `None` when the note names the goal only in its `goals` field.
    pub passage: Option<String>,
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
    /// The day it took that status, from git: the commit of its last status
    /// change (`None` without history, or when the status now is not yet
    /// committed). Never `started`.
    pub status_since: Option<Date>,
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
    /// Open, and its target is before today.
    pub past_target: bool,
    /// Active, and nothing touched it for longer than `stale_days` (the
    /// `stale-goal` rule; never without history).
    pub stale: Option<crate::entry::StaleGoal>,
    /// The author put it first (`highlight: true`).
    pub highlight: bool,
    /// Where it stands, in the author's words (an open goal).
    pub progress: Option<String>,
    /// What was learned, in the author's words.
    pub learned: Option<String>,
    /// Tagged `breakthrough`.
    pub breakthrough: bool,
    /// Stakeholders.
    pub stakeholders: Vec<String>,
    /// Status over time, from git (empty without history).
    pub status_history: Vec<crate::history::StatusChange>,
    /// Updates and meetings in the period that reference it, oldest first.
    pub evidence: Vec<Evidence>,
    /// Meetings on or before its start with a problem it answers (the
    /// problem's `goal` names it): where it came from.
    pub from_meetings: Vec<NoteRef>,
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
    /// Parts of the business met (`network.business_parts`): outside the
    /// owner's own org and the engineering groups.
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

        // The goals the author highlights lead, in their order; then the
        // rest, in theirs.
        let mut goals: Vec<PacketGoal> = goals_owned
            .iter()
            .map(|entry| packet_goal(notes, entry, &period))
            .collect();
        goals.sort_by_key(|goal| !goal.highlight);

        let timeline = charts::timeline_chart(&goals, &period);
        let cadence = charts::cadence_section(journal, &period);
        let (leverage, expert_only) = leverage_rows(&goals_owned);
        let network = network::network_section(notes, &meetings, &goals);
        let provenance_section = provenance::provenance_section(
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
            orgs: network.business_parts.len(),
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

/// A goal owned in the period, with its evidence trail.
fn packet_goal(notes: &Notes<'_>, entry: &Entry, period: &Period) -> PacketGoal {
    let journal = notes.journal;
    let goal = entry.goal().expect("goals only");
    let evidence = journal
        .references(&entry.slug)
        .into_iter()
        .rev()
        .filter(|e| !e.private && period.contains(e.date()))
        .map(|e| Evidence {
            note: notes.note_ref(e),
            passage: notes.excerpts.about(e, entry),
        })
        .collect();
    let from_meetings = journal
        .references(&entry.slug)
        .into_iter()
        .rev()
        .filter(|e| {
            !e.private
                && e.date() <= goal.started
                && matches!(&e.fields, Fields::Meeting(m)
                    if m.problems.iter().any(|p| p.goal.as_ref().is_some_and(|g| g.value == entry.slug)))
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
        past_target: goal.finished.is_none()
            && goal
                .target
                .is_some_and(|target| target < notes.journal.today),
        stale: notes.journal.stale(&entry.slug).cloned(),
        highlight: goal.highlight,
        progress: goal.progress.clone().filter(|_| goal.finished.is_none()),
        learned: goal.learned.clone(),
        breakthrough: entry
            .tags
            .iter()
            .any(|t| t.eq_ignore_ascii_case("breakthrough")),
        stakeholders: goal.stakeholders.clone(),
        status_since: notes
            .facts
            .of(&entry.path)
            .and_then(|f| f.status_since(goal.status.name())),
        status_history: notes
            .facts
            .of(&entry.path)
            .map(|f| f.status_changes.clone())
            .unwrap_or_default(),
        evidence,
        from_meetings,
    }
}

/// The goals of each leverage kind, and whether every goal shows only
/// expert leverage.
fn leverage_rows(goals: &[&Entry]) -> (Vec<LeverageRow>, bool) {
    let rows = Leverage::ALL
        .iter()
        .map(|(name, kind)| {
            let titles: Vec<String> = goals
                .iter()
                .filter(|e| e.goal().is_some_and(|g| g.leverage.contains(kind)))
                .map(|e| e.display_title())
                .collect();
            LeverageRow {
                kind: name,
                goals: titles.len(),
                percent: percent(titles.len(), goals.len()),
                titles,
            }
        })
        .collect();
    let expert_only = !goals.is_empty()
        && goals
            .iter()
            .all(|e| e.goal().is_some_and(|g| g.leverage == [Leverage::Expert]));
    (rows, expert_only)
}
