//! The work beside the goals: ladder coverage (which notes evidence each
//! dimension of `[ladder]`), mentoring and coaching given, and the
//! artifacts a goal lists.

use serde::Serialize;

use super::{NoteRef, Notes};
use crate::entry::{Artifact, Entry, Fields, LinkTarget, Mentoring};
use crate::publish;

/// One dimension of the ladder and the notes of the period that name it in
/// their `criteria`. No score: the notes, or plainly none.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LadderRow {
    /// The dimension's key in `[ladder]`.
    pub key: String,
    /// The ladder's words for it, as written in dossier.toml.
    pub description: String,
    /// Goals owned in the period that name it, in the packet's goal order.
    pub goals: Vec<NoteRef>,
    /// Updates and meetings of the period that name it, oldest first.
    pub notes: Vec<NoteRef>,
    /// No goal, update or meeting of the period names it.
    pub no_evidence: bool,
}

/// The ladder's rows, one per dimension in dossier.toml's order; empty
/// without a `[ladder]`.
pub(super) fn ladder_rows(
    notes: &Notes<'_>,
    goals: &[&Entry],
    updates_and_meetings: &[&Entry],
) -> Vec<LadderRow> {
    let names = |entry: &&Entry, key: &str| entry.criteria().iter().any(|c| c.value == key);
    notes
        .journal
        .config
        .ladder
        .iter()
        .map(|dimension| {
            let key = dimension.key.as_str();
            let goals: Vec<NoteRef> = goals
                .iter()
                .filter(|e| names(e, key))
                .map(|e| notes.note_ref(e))
                .collect();
            let mut others: Vec<&Entry> = updates_and_meetings
                .iter()
                .filter(|e| names(e, key))
                .copied()
                .collect();
            others.sort_by(|a, b| (a.date(), &a.path).cmp(&(b.date(), &b.path)));
            let others: Vec<NoteRef> = others.iter().map(|e| notes.note_ref(e)).collect();
            LadderRow {
                key: dimension.key.clone(),
                description: dimension.description.clone(),
                no_evidence: goals.is_empty() && others.is_empty(),
                goals,
                notes: others,
            }
        })
        .collect()
}

/// A mentoring or coaching meeting the author gave (`type: mentoring`,
/// `mentoring: given`). Mentoring received is not listed.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct MentoringRow {
    /// The meeting.
    #[serde(flatten)]
    pub note: NoteRef,
    /// Who was mentored or coached: the meeting's `with`, by name.
    pub with: Vec<String>,
    /// What came of it: the meeting's `outcome`, else `None` (the
    /// template then shows the note's first lines, `excerpt`).
    pub outcome: Option<String>,
}

/// The period's mentoring given, oldest first.
pub(super) fn mentoring_rows(notes: &Notes<'_>, meetings: &[&Entry]) -> Vec<MentoringRow> {
    meetings
        .iter()
        .filter_map(|entry| match &entry.fields {
            Fields::Meeting(meeting) if meeting.mentoring == Some(Mentoring::Given) => {
                Some(MentoringRow {
                    note: notes.note_ref(entry),
                    with: meeting.with.iter().map(|p| p.name.clone()).collect(),
                    outcome: meeting.outcome.clone(),
                })
            }
            _ => None,
        })
        .collect()
}

/// Something a goal produced, as the packet links it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PacketArtifact {
    /// Its title.
    pub title: String,
    /// Where to open it: the URL as written; for a note of the journal,
    /// where its full text is (as a `NoteRef`'s `href`); for another file,
    /// its published copy in a packet published with the site; `None`
    /// when the packet cannot link it (shown as its `path`).
    pub href: Option<String>,
    /// The journal path as written, for an artifact given by `path`.
    pub path: Option<String>,
}

/// The artifacts `entry` lists, linked as the packet can.
pub(super) fn artifacts(notes: &Notes<'_>, entry: &Entry) -> Vec<PacketArtifact> {
    let targets = entry.targets();
    entry
        .artifacts()
        .iter()
        .map(|artifact: &Artifact| {
            let href = match (&artifact.url, &artifact.path) {
                (Some(url), _) => Some(url.clone()),
                (None, Some(path)) => match targets.get(&path.value, false, false) {
                    Some(LinkTarget::Entry { kind, slug, .. }) => notes.texts.href(*kind, slug),
                    Some(LinkTarget::Asset { path, .. }) if notes.texts.in_site() => Some(
                        publish::escape_url_path(&path.to_string_lossy().replace('\\', "/")),
                    ),
                    _ => None,
                },
                (None, None) => None,
            };
            PacketArtifact {
                title: artifact.title.clone(),
                href,
                path: artifact.path.as_ref().map(|p| p.value.clone()),
            }
        })
        .collect()
}
