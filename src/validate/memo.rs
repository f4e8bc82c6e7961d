//! What a validation keeps for the next one, so that `serve` re-reads and
//! re-parses only the notes that changed.
//!
//! For each file read and checked: its text, what reading it as an entry
//! gave (the entry and the file's own diagnostics), the links found in its
//! body, and a stamp of its metadata. A file is read again unless its stamp
//! is the same and trustworthy (see `Stamp`); it is parsed again unless its
//! text, its kind folder, the settings and the day are the same. The rules
//! across files (references, links, cadence) always run again, on the kept
//! results.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, FileId};
use crate::entry::{Entry, Kind};
use crate::markdown::Link;

/// How recent a modification must be for a file's stamp not to be trusted:
/// file systems record modification times coarsely (whole seconds, or two),
/// so a file written again within that time of being read can keep its
/// stamp. Such a file is read again every time until it is older.
const RACY: Duration = Duration::from_secs(2);

/// The results of the previous validation (see the module documentation).
#[derive(Default)]
pub struct Memo {
    /// The settings and day the entries were read with: with others,
    /// nothing is reused.
    pub(super) read_with: Option<(Config, Date)>,
    pub(super) files: HashMap<PathBuf, Kept>,
}

/// A file's size, modification time and identity when it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: SystemTime,
    #[cfg(unix)]
    inode: (u64, u64),
    #[cfg(unix)]
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of a file read at `read_at`, when it can show a later
    /// change: not when its modification time is unknown or too close to
    /// the read.
    pub(super) fn of(metadata: &Metadata, read_at: SystemTime) -> Option<Stamp> {
        let modified = metadata.modified().ok()?;
        if read_at.duration_since(modified).ok()? < RACY {
            return None;
        }
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: metadata.len(),
            modified,
            #[cfg(unix)]
            inode: (metadata.dev(), metadata.ino()),
            #[cfg(unix)]
            changed: (metadata.ctime(), metadata.ctime_nsec()),
        })
    }

    /// True when `metadata` is the same file with the same stamp.
    fn matches(&self, metadata: &Metadata) -> bool {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        let same = metadata.len() == self.len && metadata.modified().ok() == Some(self.modified);
        #[cfg(unix)]
        let same = same
            && (metadata.dev(), metadata.ino()) == self.inode
            && (metadata.ctime(), metadata.ctime_nsec()) == self.changed;
        same
    }
}

/// What reading a file as an entry gave: not an entry (`None`), an entry
/// with errors (`Some((kind, None))`), or a valid one.
pub(super) type Found = Option<(Kind, Option<Entry>)>;

/// One file as the previous validation left it.
pub(super) struct Kept {
    pub(super) stamp: Option<Stamp>,
    pub(super) text: Arc<str>,
    pub(super) folder_kind: Option<Kind>,
    /// Its id in the previous report, which its entry and diagnostics hold.
    pub(super) file: FileId,
    pub(super) found: Found,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The links of its entry's body, once found.
    pub(super) links: Option<Vec<Link>>,
}

impl Memo {
    /// The kept text of the file at `path` (journal-relative) and its
    /// stamp, if the file has not changed since: same stamp, trusted.
    pub(super) fn unchanged_text(&self, path: &Path, root: &Path) -> Option<(&Arc<str>, Stamp)> {
        let kept = self.files.get(path)?;
        let stamp = kept.stamp?;
        let metadata = std::fs::metadata(root.join(path)).ok()?;
        stamp.matches(&metadata).then_some((&kept.text, stamp))
    }

    /// What reading the file as an entry gave last time, if `text` and the
    /// settings are the same, with its file id changed to `file`.
    pub(super) fn checked(
        &self,
        path: &Path,
        folder_kind: Option<Kind>,
        text: &Arc<str>,
        config: &Config,
        today: Date,
        file: FileId,
    ) -> Option<(Found, Vec<Diagnostic>)> {
        let (kept_config, kept_today) = self.read_with.as_ref()?;
        if kept_config != config || *kept_today != today {
            return None;
        }
        let kept = self.files.get(path)?;
        // The text handed out by `unchanged_text` is the kept one itself.
        let same_text = Arc::ptr_eq(&kept.text, text) || kept.text == *text;
        if kept.folder_kind != folder_kind || !same_text {
            return None;
        }
        let found = kept.found.clone().map(|(kind, entry)| {
            let entry = entry.map(|mut entry| {
                entry.file = file;
                entry
            });
            (kind, entry)
        });
        let diagnostics = kept
            .diagnostics
            .iter()
            .map(|diagnostic| {
                let mut diagnostic = diagnostic.clone();
                if diagnostic.file == Some(kept.file) {
                    diagnostic.file = Some(file);
                }
                diagnostic
            })
            .collect();
        Some((found, diagnostics))
    }

    /// The links found last time in the body of the entry at `path`, if its
    /// file's text is the same (a reused text is the kept one itself).
    pub(super) fn links(&self, path: &Path, text: &Arc<str>) -> Option<&[Link]> {
        let kept = self.files.get(path)?;
        if !Arc::ptr_eq(&kept.text, text) && kept.text != *text {
            return None;
        }
        kept.links.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_trusted_only_once_the_file_is_old_enough() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "a").unwrap();
        let metadata = std::fs::metadata(&path).unwrap();
        let modified = metadata.modified().unwrap();
        assert_eq!(Stamp::of(&metadata, modified), None);
        assert_eq!(
            Stamp::of(&metadata, modified + Duration::from_secs(1)),
            None
        );
        let stamp = Stamp::of(&metadata, modified + RACY).unwrap();
        assert!(stamp.matches(&metadata));
        std::fs::write(&path, "ab").unwrap();
        assert!(!stamp.matches(&std::fs::metadata(&path).unwrap()));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_rewritten_with_the_same_size_and_time_is_still_seen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "a").unwrap();
        let metadata = std::fs::metadata(&path).unwrap();
        let modified = metadata.modified().unwrap();
        let stamp = Stamp::of(&metadata, modified + RACY).unwrap();
        // Replaced by another file (as editors save) and given the old time back.
        let other = dir.path().join("a.md.tmp");
        std::fs::write(&other, "b").unwrap();
        std::fs::rename(&other, &path).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        let now = std::fs::metadata(&path).unwrap();
        assert_eq!(now.modified().unwrap(), modified);
        assert!(!stamp.matches(&now));
    }
}
