//! The packet's provenance section: when each note was first written and
//! how often revised, from git, and how much changed after its own date.

use jiff::civil::Date;
use serde::Serialize;

use super::{NoteRef, Notes, PacketOptions};
use crate::cadence::percent;
use crate::config::Config;
use crate::entry::{Entry, Kind};
use crate::history::{LateEdit, Provenance};

/// One note's provenance.
#[derive(Debug, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Serialize, schemars::JsonSchema)]
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

pub(super) fn provenance_section<'e>(
    notes: &Notes<'_>,
    config: &Config,
    provenance: &Provenance,
    cited: impl Iterator<Item = &'e &'e Entry>,
    options: PacketOptions,
) -> ProvenanceSection {
    let within_days = config.backdated_days;
    let message = provenance.message().map(String::from);
    let rows: Vec<ProvenanceRow> = cited
        .map(|entry| provenance_row(notes, config, provenance, entry, options))
        .collect();
    let committed = rows.iter().filter(|r| r.first_date.is_some()).count();
    let within = rows
        .iter()
        .filter(|r| {
            r.days_to_first_commit
                .is_some_and(|d| d <= i64::from(within_days))
        })
        .count();
    ProvenanceSection {
        available: matches!(provenance, Provenance::Available(_)),
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

/// What git says of one note.
pub(super) fn provenance_row(
    notes: &Notes<'_>,
    config: &Config,
    provenance: &Provenance,
    entry: &Entry,
    options: PacketOptions,
) -> ProvenanceRow {
    let within_days = config.backdated_days;
    let note = notes.note_ref(entry);
    let versions = notes.facts.of(&entry.path);
    // The same record the site's pages show.
    let record = provenance.record(&entry.path);
    let committed = record.first_date.is_some();
    let days_to_first_commit = record
        .first_date
        .map(|first| i64::from((first - entry.date()).get_days()));
    let late_edits = match entry.kind {
        Kind::Update | Kind::Meeting | Kind::Feedback => {
            versions.map(|v| v.late_edits.clone()).unwrap_or_default()
        }
        Kind::Goal | Kind::Summary => Vec::new(),
    };
    ProvenanceRow {
        first_date: record.first_date,
        first_commit: record.first_commit,
        first_commit_subject: record.first_subject.filter(|_| options.commit_messages),
        revisions: record.revisions,
        last_date: record.last_date,
        days_to_first_commit,
        backdated: days_to_first_commit.is_some_and(|d| d > i64::from(within_days)),
        signed: record.signed,
        state: record.state.name(),
        late_lines_added: late_edits.iter().map(|e| e.added).sum(),
        late_lines_removed: late_edits.iter().map(|e| e.removed).sum(),
        late_edits,
        renamed_from: versions
            .filter(|_| committed)
            .map(|v| {
                v.previous_paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        note,
    }
}
