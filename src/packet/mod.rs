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
pub mod ladder;
pub mod network;
pub mod others;
pub mod provenance;
pub mod texts;

use charts::{CadenceSection, TimelineChart};
use ladder::{LadderRow, MentoringRow, PacketArtifact};
use network::NetworkSection;
use others::OthersSection;
use provenance::{ProvenanceRow, ProvenanceSection};
use texts::{FullTexts, NoteText};

use crate::config::Config;
use crate::entry::{Choice, Entry, Fields, Kind, Leverage, Paper, Status};
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Period {
    /// Its name, when it is one of `dossier.toml`'s `[periods]`.
    pub name: Option<String>,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

impl Period {
    /// The period asked for: a named one, explicit dates, else the default
    /// ([`Period::default_for`]).
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
        if from.is_none() && to.is_none() {
            return Ok(Period::default_for(config, today));
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

    /// The packet's period when none is asked for (and the site's packet's):
    /// the latest of `dossier.toml`'s `[periods]` that has begun by `today`
    /// (the one under way, or the one just ended), else the twelve months up
    /// to `today`.
    pub fn default_for(config: &Config, today: Date) -> Period {
        config
            .periods
            .iter()
            .filter(|p| p.range.from <= today)
            .max_by_key(|p| (p.range.from, p.range.to))
            .map(|p| Period {
                name: Some(p.name.clone()),
                from: p.range.from,
                to: p.range.to,
            })
            .unwrap_or_else(|| Period::last_year(today))
    }

    /// The twelve months up to `today`.
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
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct NoteRef {
    /// `goal`, `update`, `meeting`, `summary` or `feedback`.
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
    /// Where it is in full: `#text-KIND-SLUG` in the appendix of a packet
    /// on its own, its page (`KIND/SLUG.html`) in a packet published with
    /// the site; `None` for a note the packet does not hold.
    pub href: Option<String>,
}

/// A note in a goal's evidence trail, with its passage about the goal.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Serialize, schemars::JsonSchema)]
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
    /// Shown in the packet's main part: highlighted by the author, or, when
    /// the author highlights none, done in the period.
    pub leads: bool,
    /// Its best evidence, for the main part: the (at most three) latest
    /// notes of its evidence with a passage about it, oldest first.
    pub key_evidence: Vec<Evidence>,
    /// The author's part in it (`role`): `lead`, `co-lead`, `contributor`
    /// or `advisor`; `None` when not said.
    pub role: Option<&'static str>,
    /// Who else did what, in the author's words (`credit`).
    pub credit: Option<String>,
    /// Glue work (`glue: true`): listed as its own kind of contribution.
    pub glue: bool,
    /// The `[ladder]` keys it names as evidence (`criteria`).
    pub criteria: Vec<String>,
    /// What it produced (`artifacts`), in the order written.
    pub artifacts: Vec<PacketArtifact>,
}

/// The author's summary of the period, shown first.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PacketSummary {
    /// The note.
    #[serde(flatten)]
    pub note: NoteRef,
    /// Its body, the author's words, as HTML.
    pub html: String,
    /// What git says of it (first written, revisions, last changed).
    pub provenance: ProvenanceRow,
}

/// Goals per leverage kind.
#[derive(Debug, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Serialize, schemars::JsonSchema)]
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
    /// Feedback written down in the period whose author agreed to be
    /// quoted (`others.quotes`); feedback without consent is never counted.
    pub feedback: usize,
}

/// The whole packet.
#[derive(Debug, Serialize, schemars::JsonSchema)]
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
    /// The author's summary of the period (a `summaries/` note whose
    /// `period` is this one); `None` when they wrote none.
    pub summary: Option<PacketSummary>,
    /// Counts.
    pub counts: Counts,
    /// Goals owned: those the author highlights first, each group by start
    /// date.
    pub goals: Vec<PacketGoal>,
    /// In others' words: the period's feedback with consent, the
    /// references, and the leaders whose problems were solved.
    pub others: OthersSection,
    /// How many of them lead the packet's main part (`leads`).
    pub leading: usize,
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
    /// Ladder coverage: each dimension of dossier.toml's `[ladder]`, in its
    /// order, with the goals and notes of the period that name it in their
    /// `criteria`; empty without a `[ladder]`.
    pub ladder: Vec<LadderRow>,
    /// How many of the ladder's dimensions no note of the period names.
    pub ladder_without_evidence: usize,
    /// Mentoring and coaching given in the period (meetings with
    /// `type: mentoring`, `mentoring: given`), oldest first. Mentoring
    /// received is not counted.
    pub mentoring: Vec<MentoringRow>,
    /// How many goals owned are glue work (`glue: true`).
    pub glue_goals: usize,
    /// Provenance.
    pub provenance: ProvenanceSection,
    /// Every note cited, in full, for the appendix: goals, then updates
    /// and meetings by date. Empty when the packet is published with the
    /// site, whose pages hold them.
    pub texts: Vec<NoteText>,
    /// The page size the packet prints on, as CSS `@page` writes it: `A4`
    /// or `letter`.
    pub page_size: &'static str,
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
    /// Where each note is read in full.
    texts: FullTexts<'a>,
    /// Each person by lowercase name, with the role and org the model
    /// settles on ([`Journal::people_by_name`]).
    people: std::collections::HashMap<String, crate::model::PersonSummary<'a>>,
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
            href: self.texts.href(entry.kind, &entry.slug),
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
    /// The packet is published with the site: notes link to their pages,
    /// and the appendix does not repeat them.
    pub in_site: bool,
    /// The paper to print on, when not the journal's `paper` setting.
    pub paper: Option<crate::entry::Paper>,
}

/// The notes a packet of `period` cites: the goals owned in it, its
/// updates and meetings, and its summary. Public notes only.
struct Cited<'a> {
    goals: Vec<&'a Entry>,
    updates: Vec<&'a Entry>,
    meetings: Vec<&'a Entry>,
    summary: Option<&'a Entry>,
    /// Feedback of the period whose author agreed to be quoted.
    feedback: Vec<&'a Entry>,
}

impl<'a> Cited<'a> {
    fn of(journal: &'a Journal, period: &Period) -> Cited<'a> {
        let in_period = |kind: Kind| -> Vec<&Entry> {
            journal
                .of_kind(kind)
                .filter(|e| !e.private && period.contains(e.date()))
                .collect()
        };
        Cited {
            goals: journal
                .of_kind(Kind::Goal)
                .filter(|e| !e.private && e.goal().is_some_and(|g| owned_in(g, period)))
                .collect(),
            updates: in_period(Kind::Update),
            meetings: in_period(Kind::Meeting),
            summary: journal.of_kind(Kind::Summary).find(|e| {
                !e.private
                    && e.summary()
                        .is_some_and(|s| s.period.from == period.from && s.period.to == period.to)
            }),
            // Without consent, feedback is private and not in the journal;
            // checked again here all the same.
            feedback: in_period(Kind::Feedback)
                .into_iter()
                .filter(|e| e.feedback().is_some_and(|f| f.consent))
                .collect(),
        }
    }

    /// The notes the appendix holds in full, in its order.
    fn in_full(&self) -> Vec<&'a Entry> {
        let mut notes: Vec<&Entry> = self.updates.iter().chain(&self.meetings).copied().collect();
        notes.sort_by(|a, b| (a.date(), &a.path).cmp(&(b.date(), &b.path)));
        self.goals.iter().copied().chain(notes).collect()
    }
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
    let notes = [Kind::Update, Kind::Meeting, Kind::Feedback]
        .into_iter()
        .flat_map(|kind| {
            journal
                .of_kind(kind)
                .filter(|e| !e.private && period.contains(e.date()))
                .map(|e| Wanted {
                    path: &e.path,
                    statuses: false,
                    edits_after: Some(e.date()),
                })
        });
    // A summary is rewritten as the period goes: its edits are not late.
    let summary = Cited::of(journal, period).summary.map(|e| Wanted {
        path: &e.path,
        statuses: false,
        edits_after: None,
    });
    goals.chain(notes).chain(summary).collect()
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
        let cited = Cited::of(journal, &period);
        let in_full = cited.in_full();
        // Feedback is held in full in its own section, not among the texts.
        let held: Vec<&Entry> = in_full.iter().chain(&cited.feedback).copied().collect();
        let notes = Notes {
            journal,
            excerpts: Excerpts::new(journal, 140, reuse),
            facts,
            texts: FullTexts::new(journal, options.in_site, &held),
            people: journal.people_by_name(),
        };
        let mut packet = Packet::build_from(&notes, &cited, provenance, period, options);
        if !options.in_site {
            packet.texts = in_full
                .iter()
                .map(|entry| NoteText {
                    note: notes.note_ref(entry),
                    id: texts::text_id(entry.kind, &entry.slug),
                    html: notes.texts.html(entry),
                })
                .collect();
        }
        packet
    }

    fn build_from(
        notes: &Notes<'_>,
        cited: &Cited<'_>,
        provenance: &Provenance,
        period: Period,
        options: PacketOptions,
    ) -> Packet {
        let journal = notes.journal;
        let config = &journal.config;
        let goals_owned = &cited.goals;
        let (updates, meetings) = (&cited.updates, &cited.meetings);

        // The goals the author highlights lead, in their order; then the
        // rest, in theirs. When the author highlights none, the goals done
        // in the period lead.
        let mut goals: Vec<PacketGoal> = goals_owned
            .iter()
            .map(|entry| packet_goal(notes, entry, &period))
            .collect();
        goals.sort_by_key(|goal| !goal.highlight);
        let any_highlight = goals.iter().any(|g| g.highlight);
        for goal in &mut goals {
            goal.leads = match any_highlight {
                true => goal.highlight,
                false => goal.status == "done" && goal.finished.is_some_and(|f| period.contains(f)),
            };
        }

        let timeline = charts::timeline_chart(&goals, &period);
        let cadence = charts::cadence_section(journal, &period);
        let (leverage, expert_only) = leverage_rows(goals_owned);
        let network = network::network_section(notes, meetings, &goals);
        let ordered: Vec<&Entry> = goals
            .iter()
            .filter_map(|g| goals_owned.iter().find(|e| e.slug == g.note.slug).copied())
            .collect();
        let notes_of_period: Vec<&Entry> = updates.iter().chain(meetings).copied().collect();
        let ladder = ladder::ladder_rows(notes, &ordered, &notes_of_period);
        let mentoring = ladder::mentoring_rows(notes, meetings);
        let provenance_section = provenance::provenance_section(
            notes,
            config,
            provenance,
            cited
                .summary
                .iter()
                .chain(goals_owned)
                .chain(updates)
                .chain(meetings)
                .chain(&cited.feedback),
            options,
        );
        let others =
            others::others_section(notes, &cited.feedback, &goals, provenance, &period, options);
        let summary = cited.summary.map(|entry| PacketSummary {
            note: notes.note_ref(entry),
            html: notes.texts.html(entry),
            provenance: provenance::provenance_row(notes, config, provenance, entry, options),
        });
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
            feedback: others.quotes.len(),
        };
        Packet {
            owner: config.owner.clone(),
            role: config.role.clone(),
            target_role: config.target_role.clone(),
            title: config.site_title(),
            period,
            today: journal.today,
            summary,
            counts,
            leading: goals.iter().filter(|g| g.leads).count(),
            glue_goals: goals.iter().filter(|g| g.glue).count(),
            goals,
            others,
            timeline,
            cadence,
            leverage,
            expert_only,
            network,
            ladder_without_evidence: ladder.iter().filter(|row| row.no_evidence).count(),
            ladder,
            mentoring,
            provenance: provenance_section,
            texts: Vec::new(),
            page_size: match options.paper.unwrap_or(config.paper) {
                Paper::A4 => "A4",
                Paper::Letter => "letter",
            },
            generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// A goal owned in the period, with its evidence trail.
fn packet_goal(notes: &Notes<'_>, entry: &Entry, period: &Period) -> PacketGoal {
    let journal = notes.journal;
    let goal = entry.goal().expect("goals only");
    // Feedback about the goal has its own section, in others' words.
    let evidence = journal
        .references(&entry.slug)
        .into_iter()
        .rev()
        .filter(|e| !e.private && e.kind != Kind::Feedback && period.contains(e.date()))
        .map(|e| Evidence {
            note: notes.note_ref(e),
            passage: notes.excerpts.about(e, entry),
        })
        .collect::<Vec<_>>();
    const KEY_EVIDENCE: usize = 3;
    let with_passage: Vec<&Evidence> = evidence.iter().filter(|e| e.passage.is_some()).collect();
    let key_evidence = with_passage[with_passage.len().saturating_sub(KEY_EVIDENCE)..]
        .iter()
        .map(|e| (*e).clone())
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
        leads: false,
        key_evidence,
        role: goal.role.map(|role| role.name()),
        credit: goal.credit.clone(),
        glue: goal.glue,
        criteria: goal.criteria.iter().map(|c| c.value.clone()).collect(),
        artifacts: ladder::artifacts(notes, entry),
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

/// The JSON Schema (draft 2020-12) of `dossier packet --format json`: every
/// field with its meaning, from the same types the packet is built as.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut value = generator.into_root_schema_for::<Packet>().to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("title".into(), "dossier packet".into());
        object.insert(
            "description".into(),
            "The promotion packet of one period, as `dossier packet --format json` writes it: \
             the data the packet.html template receives."
                .into(),
        );
    }
    value
}
