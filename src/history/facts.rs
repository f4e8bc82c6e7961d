//! Facts read from the versions of notes: a goal's status as committed over
//! time, the lines an update or meeting changed after its own date, and the
//! earlier paths a note had while it was public.
//!
//! Computed in one call, [`facts`], for the notes a caller names ([`Wanted`]),
//! after validation (which says what each note's date is). The repository is
//! opened and its blobs are read here, and only here: what leaves this
//! module is plain data. What was read from each version is keyed by its
//! blob id and kept in the facts cache (`.git/dossier/facts.bin`), so a note
//! version is parsed or diffed once, ever.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use jiff::civil::Date;

use super::cache;
use super::{History, LateEdit, StatusChange, Touch};

/// The largest note version read from history: `max_file_size` at its
/// highest (see [`crate::bounds::FILE_SIZE`]).
const MAX_BLOB_SIZE: u64 = 1_000_000_000;

/// A note whose facts are wanted, and which.
#[derive(Clone, Copy, Debug)]
pub struct Wanted<'a> {
    /// Its journal-relative path.
    pub path: &'a Path,
    /// Its status as committed over time (a goal).
    pub statuses: bool,
    /// The commits that changed it after this day (its own date), with the
    /// lines they changed (an update or a meeting).
    pub edits_after: Option<Date>,
}

/// What the versions of one note say. Its earlier public paths are always
/// there; statuses and late edits when they were wanted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoteFacts {
    /// Its status as committed over time: one item per commit that changed
    /// it (the first commit gives the initial status).
    pub status_changes: Vec<StatusChange>,
    /// Commits after the first that changed it after its own date.
    pub late_edits: Vec<LateEdit>,
    /// The paths it had before, oldest first, leaving out any path under
    /// which a version of it was private.
    pub previous_paths: Vec<PathBuf>,
}

impl NoteFacts {
    /// The day the note took `status` (its status now), as git recorded
    /// it: the date of the commit of the last status change, when that
    /// change is to `status`. `None` without history, or when the status
    /// now is not the last one committed (an uncommitted change).
    pub fn status_since(&self, status: &str) -> Option<Date> {
        self.status_changes
            .last()
            .filter(|last| last.status == status)
            .map(|last| last.date)
    }
}

/// The facts of the notes asked for, by path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts(HashMap<PathBuf, NoteFacts>);

impl Facts {
    /// The facts of the note at `path`; none for a note not asked about or
    /// never committed.
    pub fn of(&self, path: &Path) -> Option<&NoteFacts> {
        self.0.get(path)
    }
}

/// The facts of the `wanted` notes. Reads the facts cache first (unless the
/// history was read with the cache off, or the clone is shallow) and saves it
/// when new versions were read; failing to save only costs the next run time.
pub fn facts(history: &History, wanted: &[Wanted<'_>]) -> Facts {
    let walk = &history.walk;
    let file = (walk.use_cache && !walk.shallow).then(|| cache::facts_path(&walk.git_dir));
    let known = file
        .as_deref()
        .and_then(cache::load_facts)
        .unwrap_or_default();
    let mut versions = Versions {
        repo: Repository::open(&walk.git_dir).ok(),
        known,
        added: false,
    };
    let mut facts = HashMap::with_capacity(wanted.len());
    for want in wanted {
        let Some(touches) = walk.files.get(want.path) else {
            continue;
        };
        let note = NoteFacts {
            status_changes: if want.statuses {
                versions.status_changes(history, touches)
            } else {
                Vec::new()
            },
            late_edits: match want.edits_after {
                Some(day) => versions.edits_after(history, touches, day),
                None => Vec::new(),
            },
            previous_paths: versions.public_previous_paths(touches),
        };
        facts.insert(want.path.to_path_buf(), note);
    }
    if let Some(file) = file.as_deref().filter(|_| versions.added) {
        let _ = cache::save_facts(file, &versions.known);
    }
    Facts(facts)
}

/// The repository's note versions, and what is known of them.
struct Versions {
    repo: Option<Repository>,
    known: cache::Facts,
    /// Whether anything was read that the cache did not hold.
    added: bool,
}

impl Versions {
    /// The text of a blob, if it is UTF-8 and no larger than any note.
    fn text(&self, id: Oid) -> Option<String> {
        String::from_utf8(self.bytes(id)?).ok()
    }

    fn bytes(&self, id: Oid) -> Option<Vec<u8>> {
        let repo = self.repo.as_ref()?;
        // Its size comes from the object header, before it is inflated.
        let (size, _) = repo.odb().ok()?.read_header(id).ok()?;
        if size as u64 > MAX_BLOB_SIZE {
            return None;
        }
        Some(repo.find_blob(id).ok()?.content().to_vec())
    }

    /// The `status` field of one version, trimmed and in lower case.
    fn status_of(&mut self, id: Oid) -> Option<String> {
        if let Some(status) = self.known.statuses.get(&id) {
            return status.clone();
        }
        let status = self.text(id).and_then(|text| {
            let mut ignored = Vec::new();
            let parsed = crate::parse::parse(text, 0, &mut ignored);
            parsed
                .frontmatter
                .as_ref()
                .and_then(|node| node.get("status"))
                .and_then(crate::node::Node::scalar_text)
                .map(|s| s.trim().to_lowercase())
        });
        self.known.statuses.insert(id, status.clone());
        self.added = true;
        status
    }

    /// Whether one version may have been private: its `private` field set
    /// to anything but `false`, or frontmatter that cannot be read (counted
    /// as private, to be safe).
    fn private_of(&mut self, id: Oid) -> bool {
        if let Some(private) = self.known.private.get(&id) {
            return *private;
        }
        let private = self.text(id).is_none_or(|text| {
            let mut diagnostics = Vec::new();
            let parsed = crate::parse::parse(text, 0, &mut diagnostics);
            match &parsed.frontmatter {
                Some(node) => node.get("private").is_some_and(|value| {
                    !matches!(&value.value, crate::node::Value::Bool(false))
                        && value
                            .scalar_text()
                            .is_none_or(|text| !text.trim().eq_ignore_ascii_case("false"))
                }),
                None => !diagnostics.is_empty(),
            }
        });
        self.known.private.insert(id, private);
        self.added = true;
        private
    }

    /// Lines added and removed from one version to the next.
    fn line_changes(&mut self, old: Option<Oid>, new: Oid) -> (usize, usize) {
        if let Some(&(added, removed)) = self.known.line_changes.get(&(old, new)) {
            return (added as usize, removed as usize);
        }
        let old_bytes = old.and_then(|id| self.bytes(id)).unwrap_or_default();
        let new_bytes = self.bytes(new).unwrap_or_default();
        let (added, removed) =
            match git2::Patch::from_buffers(&old_bytes, None, &new_bytes, None, None) {
                Ok(patch) => patch
                    .line_stats()
                    .map(|(_, added, removed)| (added, removed))
                    .unwrap_or((0, 0)),
                Err(_) => (0, 0),
            };
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.known
            .line_changes
            .insert((old, new), (clamp(added), clamp(removed)));
        self.added = true;
        (added, removed)
    }

    fn status_changes(&mut self, history: &History, touches: &[Touch]) -> Vec<StatusChange> {
        let mut changes: Vec<StatusChange> = Vec::new();
        for touch in touches {
            let Some(status) = self.status_of(touch.new) else {
                continue;
            };
            if changes.last().is_none_or(|last| last.status != status) {
                let commit = &history.commits()[touch.commit];
                changes.push(StatusChange {
                    date: commit.date,
                    commit: commit.short().to_string(),
                    status,
                });
            }
        }
        changes
    }

    fn edits_after(&mut self, history: &History, touches: &[Touch], day: Date) -> Vec<LateEdit> {
        touches
            .iter()
            .skip(1)
            .filter(|touch| history.commits()[touch.commit].date > day)
            .map(|touch| {
                let commit = &history.commits()[touch.commit];
                let (added, removed) = self.line_changes(touch.old, touch.new);
                LateEdit {
                    date: commit.date,
                    commit: commit.short().to_string(),
                    added,
                    removed,
                }
            })
            .collect()
    }

    /// The paths a note had before, oldest first, leaving out any path under
    /// which a version of it was private.
    fn public_previous_paths(&mut self, touches: &[Touch]) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        let mut since = 0;
        for (at, touch) in touches.iter().enumerate() {
            let Some(old_path) = touch.renamed_from.as_deref() else {
                continue;
            };
            // The versions under `old_path`: those written since the previous
            // rename, and the one this commit moved.
            let versions: Vec<Oid> = touches[since..at]
                .iter()
                .map(|t| t.new)
                .chain(touch.old)
                .collect();
            if !versions.into_iter().any(|id| self.private_of(id)) {
                paths.push(old_path.to_path_buf());
            }
            since = at;
        }
        paths
    }
}
