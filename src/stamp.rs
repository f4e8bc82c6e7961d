//! File stamps: telling that a file is unchanged since it was read without
//! reading it again, for `serve`'s rebuilds (the notes, and the git index
//! and shallow file behind the history).
//!
//! A stamp is the file's size, modification time and identity (device,
//! inode and change time on Unix), and it is only taken when it can be
//! trusted: not for a file modified less than [`RACY`] before it was read.

use std::fs::Metadata;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How recent a modification must be for a file's stamp not to be trusted:
/// file systems record modification times coarsely (whole seconds, or two),
/// so a file written again within that time of being read can keep its
/// stamp. Such a file is read again every time until it is older.
pub const RACY: Duration = Duration::from_secs(2);

/// A file's size, modification time and identity when it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
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
    pub fn of(metadata: &Metadata, read_at: SystemTime) -> Option<Stamp> {
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
    pub fn matches(&self, metadata: &Metadata) -> bool {
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

/// What was seen of a file that may not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// There was no file.
    Missing,
    /// A file with this trusted stamp.
    Stamped(Stamp),
    /// A file that could not be stamped, or too recently modified to be.
    Unsettled,
}

impl Seen {
    /// What is at `path`, seen at `at` (taken before the file is read).
    pub fn of(path: &Path, at: SystemTime) -> Seen {
        match std::fs::metadata(path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Seen::Missing,
            Err(_) => Seen::Unsettled,
            Ok(metadata) => Stamp::of(&metadata, at).map_or(Seen::Unsettled, Seen::Stamped),
        }
    }

    /// True when `now` shows the file as it was when `self` was seen.
    pub fn unchanged(&self, now: &Seen) -> bool {
        *self != Seen::Unsettled && self == now
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

    #[test]
    fn a_missing_or_unsettled_file_is_seen_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        let now = SystemTime::now();
        assert_eq!(Seen::of(&path, now), Seen::Missing);
        assert!(Seen::Missing.unchanged(&Seen::of(&path, now)));
        std::fs::write(&path, "a").unwrap();
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        let fresh = Seen::of(&path, modified);
        assert_eq!(fresh, Seen::Unsettled);
        assert!(!fresh.unchanged(&fresh), "never trusted");
        let settled = Seen::of(&path, modified + RACY);
        assert!(matches!(settled, Seen::Stamped(_)));
        assert!(settled.unchanged(&Seen::of(&path, modified + RACY)));
        assert!(!Seen::Missing.unchanged(&settled));
    }
}
