//! What a validation keeps for the next one, so that `serve` re-reads and
//! re-parses only the notes that changed.
//!
//! For each file read and checked: its text, what reading it as an entry
//! gave (the entry and the file's own diagnostics), the links found in its
//! body, and a stamp of its metadata. A file is read again unless its stamp
//! is the same and trustworthy (see `crate::stamp`); it is parsed again unless its
//! text, its kind folder, the settings and the day are the same. The rules
//! across files (references, links, cadence) always run again, on the kept
//! results.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, FileId};
use crate::entry::{Entry, Kind};
use crate::markdown::Link;
use crate::stamp::Stamp;

/// The results of the previous validation (see the module documentation).
#[derive(Default)]
pub struct Memo {
    /// The settings and day the entries were read with: with others,
    /// nothing is reused.
    pub(super) read_with: Option<(Config, Date)>,
    pub(super) files: HashMap<PathBuf, Kept>,
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
