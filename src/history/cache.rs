//! The history cache: the walk's state saved after each run, keyed by the
//! commit it reached, so that the next run walks only the commits made since.
//!
//! It lives inside the repository's git folder (`.git/dossier/`), never among
//! the journal's tracked files, one file per journal folder. It is safe to
//! delete at any time. It is trusted only when it checks out:
//!
//! - its format version, journal folder and checksum match (a truncated or
//!   damaged file is ignored);
//! - the commit it reached is HEAD or an ancestor of HEAD, and the commits
//!   since then form one line without merges: a rewritten history (rebase,
//!   amend, reset to elsewhere) or a merged branch is walked from scratch, so
//!   the result is always the one a walk from scratch would give;
//! - the repository is not a shallow clone (the oldest commits may arrive
//!   later, changing what came first).
//!
//! The format is a small binary encoding written here (no serde types exist
//! for git ids), ending with an FNV-1a checksum of everything before it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::Oid;
use jiff::civil::Date;

use super::{Commit, Touch};

/// Changes whenever the encoding or the meaning of the walk's state changes.
const VERSION: u32 = 1;
const MAGIC: &[u8; 16] = b"dossier-history\n";

/// The walk's state: everything found so far, enough to carry on from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct WalkState {
    /// Commits that touched a note, in walk order.
    pub commits: Vec<Commit>,
    /// Every note ever seen (by its latest path) and its touches.
    pub touches: Vec<(PathBuf, Vec<Touch>)>,
    /// Notes present at the last commit walked: path to index in `touches`.
    pub live: HashMap<PathBuf, usize>,
}

/// The cache file for the journal at `prefix` in the repository whose git
/// folder is `git_dir`.
pub(super) fn path(git_dir: &Path, prefix: &Path) -> PathBuf {
    let key = fnv1a(prefix.to_string_lossy().as_bytes());
    git_dir
        .join("dossier")
        .join(format!("history-{key:016x}.bin"))
}

/// Reads a cache file: the commit it reached and the state, or `None` when
/// it is absent, from another version, for another folder, or damaged.
pub(super) fn load(file: &Path, prefix: &Path) -> Option<(Oid, WalkState)> {
    let bytes = read(file)?;
    decode(&bytes, prefix)
}

/// Writes a cache file atomically (a temporary file, then a rename). Failing
/// to write it (a read-only repository) only costs the next run time.
pub(super) fn save(
    file: &Path,
    prefix: &Path,
    head: Oid,
    state: &WalkState,
) -> std::io::Result<()> {
    write_atomically(file, &encode(prefix, head, state))
}

/// What dossier read from note versions, keyed by their blob ids: the same
/// bytes always give the same facts, so they hold for any journal folder
/// and any history, and are never stale. Only their format can change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Facts {
    /// A version's `status` field, trimmed and in lower case; `None` when
    /// it has none (or is not UTF-8).
    pub statuses: HashMap<Oid, Option<String>>,
    /// Lines added and removed from one version (none for the first) to the
    /// next.
    pub line_changes: HashMap<(Option<Oid>, Oid), (u32, u32)>,
    /// Whether a version may have been private: `private` set to anything
    /// but false, or frontmatter that could not be read.
    pub private: HashMap<Oid, bool>,
}

/// Changes whenever the encoding or the meaning of the facts changes.
const FACTS_VERSION: u32 = 2;
const FACTS_MAGIC: &[u8; 16] = b"dossier-facts-2\n";

/// The facts file of the repository whose git folder is `git_dir`.
pub(super) fn facts_path(git_dir: &Path) -> PathBuf {
    git_dir.join("dossier").join("facts.bin")
}

/// Reads a facts file; `None` when it is absent, from another version or
/// damaged.
pub(super) fn load_facts(file: &Path) -> Option<Facts> {
    let bytes = read(file)?;
    decode_facts(&bytes)
}

/// The largest cache file read: far above what a journal of 50,000 notes
/// and 200,000 commits writes, far below what would strain memory.
pub(super) const MAX_CACHE_SIZE: u64 = 1_000_000_000;

/// A cache file's bytes, under the file-reading rule ([`crate::fsread`]): a
/// regular file, not a symbolic link, at most [`MAX_CACHE_SIZE`]. Anything
/// else is ignored, as a damaged cache is: the history is read again.
fn read(file: &Path) -> Option<Vec<u8>> {
    crate::fsread::read_file(file, MAX_CACHE_SIZE).ok()
}

/// Writes a facts file atomically, as [`save`] does.
pub(super) fn save_facts(file: &Path, facts: &Facts) -> std::io::Result<()> {
    write_atomically(file, &encode_facts(facts))
}

fn encode_facts(facts: &Facts) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(
        32 + facts.statuses.len() * 32 + facts.line_changes.len() * 49,
    ));
    out.bytes(FACTS_MAGIC);
    out.u32(FACTS_VERSION);
    // Sorted, so that the same facts always give the same bytes.
    let mut statuses: Vec<_> = facts.statuses.iter().collect();
    statuses.sort();
    out.len(statuses.len());
    for (id, status) in statuses {
        out.oid(*id);
        match status {
            Some(status) => {
                out.0.push(1);
                out.str(status);
            }
            None => out.0.push(0),
        }
    }
    let mut changes: Vec<_> = facts.line_changes.iter().collect();
    changes.sort();
    out.len(changes.len());
    for ((old, new), (added, removed)) in changes {
        match old {
            Some(old) => {
                out.0.push(1);
                out.oid(*old);
            }
            None => out.0.push(0),
        }
        out.oid(*new);
        out.u32(*added);
        out.u32(*removed);
    }
    let mut private: Vec<_> = facts.private.iter().collect();
    private.sort();
    out.len(private.len());
    for (id, private) in private {
        out.oid(*id);
        out.0.push(u8::from(*private));
    }
    let checksum = fnv1a(&out.0);
    out.0.extend_from_slice(&checksum.to_le_bytes());
    out.0
}

fn decode_facts(bytes: &[u8]) -> Option<Facts> {
    let mut input = Reader(checked_body(bytes)?);
    if input.take(FACTS_MAGIC.len())? != FACTS_MAGIC || input.u32()? != FACTS_VERSION {
        return None;
    }
    let mut facts = Facts::default();
    for _ in 0..input.len()? {
        let id = input.oid()?;
        let status = match input.take(1)?[0] {
            1 => Some(input.str()?.to_string()),
            _ => None,
        };
        facts.statuses.insert(id, status);
    }
    for _ in 0..input.len()? {
        let old = match input.take(1)?[0] {
            1 => Some(input.oid()?),
            _ => None,
        };
        let new = input.oid()?;
        let added = input.u32()?;
        let removed = input.u32()?;
        facts.line_changes.insert((old, new), (added, removed));
    }
    for _ in 0..input.len()? {
        let id = input.oid()?;
        let private = input.take(1)?[0] != 0;
        facts.private.insert(id, private);
    }
    input.0.is_empty().then_some(facts)
}

/// The bytes of a cache file before its checksum, if the checksum matches.
fn checked_body(bytes: &[u8]) -> Option<&[u8]> {
    let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    (fnv1a(body).to_le_bytes() == checksum).then_some(body)
}

/// Writes `bytes` to `file` through a temporary file and a rename, so that
/// a reader sees the old file or the new one, never half of one.
fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let temporary = folder.join(format!(
        ".{}.{}.tmp",
        file.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn encode(prefix: &Path, head: Oid, state: &WalkState) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(64 + state.commits.len() * 96));
    out.bytes(MAGIC);
    out.u32(VERSION);
    out.str(&prefix.to_string_lossy());
    out.oid(head);
    out.len(state.commits.len());
    for commit in &state.commits {
        // The id is kept as text in `Commit`; it always parses back.
        out.oid(Oid::from_str(&commit.id).unwrap_or(Oid::ZERO_SHA1));
        out.i64(commit.time);
        out.u32(
            (commit.date.year() as u16 as u32) << 16
                | (commit.date.month() as u8 as u32) << 8
                | commit.date.day() as u8 as u32,
        );
        out.0.push(u8::from(commit.signed));
        out.str(&commit.summary);
    }
    out.len(state.touches.len());
    for (path, touches) in &state.touches {
        out.str(&path.to_string_lossy());
        out.len(touches.len());
        for touch in touches {
            out.len(touch.commit);
            match touch.old {
                Some(old) => {
                    out.0.push(1);
                    out.oid(old);
                }
                None => out.0.push(0),
            }
            out.oid(touch.new);
            match &touch.renamed_from {
                Some(from) => {
                    out.0.push(1);
                    out.str(&from.to_string_lossy());
                }
                None => out.0.push(0),
            }
        }
    }
    // Sorted, so that the same state always gives the same bytes.
    let mut live: Vec<(&PathBuf, &usize)> = state.live.iter().collect();
    live.sort();
    out.len(live.len());
    for (path, index) in live {
        out.str(&path.to_string_lossy());
        out.len(*index);
    }
    let checksum = fnv1a(&out.0);
    out.0.extend_from_slice(&checksum.to_le_bytes());
    out.0
}

fn decode(bytes: &[u8], prefix: &Path) -> Option<(Oid, WalkState)> {
    let body = checked_body(bytes)?;
    let mut input = Reader(body);
    if input.take(MAGIC.len())? != MAGIC || input.u32()? != VERSION {
        return None;
    }
    if input.str()? != prefix.to_string_lossy() {
        return None;
    }
    let head = input.oid()?;
    let mut state = WalkState::default();
    let commits = input.len()?;
    state.commits.reserve(commits.min(body.len()));
    for _ in 0..commits {
        let id = input.oid()?.to_string();
        let time = input.i64()?;
        let packed = input.u32()?;
        let date = Date::new(
            (packed >> 16) as u16 as i16,
            (packed >> 8 & 0xff) as i8,
            (packed & 0xff) as i8,
        )
        .ok()?;
        let signed = input.take(1)?[0] == 1;
        let summary = input.str()?.to_string();
        state.commits.push(Commit {
            id,
            date,
            time,
            signed,
            summary,
        });
    }
    let notes = input.len()?;
    for _ in 0..notes {
        let path = PathBuf::from(input.str()?);
        let count = input.len()?;
        let mut touches = Vec::with_capacity(count.min(body.len()));
        for _ in 0..count {
            let commit = input.len()?;
            if commit >= state.commits.len() {
                return None;
            }
            let old = match input.take(1)?[0] {
                1 => Some(input.oid()?),
                _ => None,
            };
            let new = input.oid()?;
            let renamed_from = match input.take(1)?[0] {
                1 => Some(PathBuf::from(input.str()?)),
                _ => None,
            };
            touches.push(Touch {
                commit,
                old,
                new,
                renamed_from,
            });
        }
        state.touches.push((path, touches));
    }
    let live = input.len()?;
    for _ in 0..live {
        let path = PathBuf::from(input.str()?);
        let index = input.len()?;
        if index >= state.touches.len() {
            return None;
        }
        state.live.insert(path, index);
    }
    input.0.is_empty().then_some((head, state))
}

struct Writer(Vec<u8>);

impl Writer {
    fn bytes(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn u32(&mut self, n: u32) {
        self.bytes(&n.to_le_bytes());
    }
    fn i64(&mut self, n: i64) {
        self.bytes(&n.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.bytes(&(n as u64).to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes(s.as_bytes());
    }
    fn oid(&mut self, id: Oid) {
        self.bytes(id.as_bytes());
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn len(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }
    fn str(&mut self) -> Option<&'a str> {
        let len = self.len()?;
        std::str::from_utf8(self.take(len)?).ok()
    }
    fn oid(&mut self) -> Option<Oid> {
        Oid::from_bytes(self.take(20)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> WalkState {
        let id = |n: u8| Oid::from_bytes(&[n; 20]).unwrap();
        WalkState {
            commits: vec![
                Commit {
                    id: id(1).to_string(),
                    date: Date::constant(2026, 1, 5),
                    time: 1_767_600_000,
                    signed: false,
                    summary: "Ledger: first draft".into(),
                },
                Commit {
                    id: id(2).to_string(),
                    date: Date::constant(-4, 12, 31),
                    time: -1,
                    signed: true,
                    summary: "café ☕".into(),
                },
            ],
            touches: vec![(
                PathBuf::from("goals/café.md"),
                vec![
                    Touch {
                        commit: 0,
                        old: None,
                        new: id(3),
                        renamed_from: None,
                    },
                    Touch {
                        commit: 1,
                        old: Some(id(3)),
                        new: id(4),
                        renamed_from: Some(PathBuf::from("meetings/x.md")),
                    },
                ],
            )],
            live: HashMap::from([(PathBuf::from("goals/café.md"), 0)]),
        }
    }

    #[test]
    fn a_state_reads_back_as_written() {
        let head = Oid::from_bytes(&[9; 20]).unwrap();
        let bytes = encode(Path::new("journal"), head, &state());
        assert_eq!(decode(&bytes, Path::new("journal")), Some((head, state())));
        assert_eq!(bytes, encode(Path::new("journal"), head, &state()));
    }

    #[test]
    fn another_folder_or_any_damage_is_ignored() {
        let head = Oid::from_bytes(&[9; 20]).unwrap();
        let bytes = encode(Path::new("journal"), head, &state());
        assert_eq!(decode(&bytes, Path::new("other")), None);
        for cut in [0, 1, 8, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut], Path::new("journal")), None, "{cut}");
        }
        for at in (0..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert_eq!(decode(&damaged, Path::new("journal")), None, "{at}");
        }
    }

    fn facts() -> Facts {
        let id = |n: u8| Oid::from_bytes(&[n; 20]).unwrap();
        Facts {
            statuses: HashMap::from([
                (id(1), Some("active".to_string())),
                (id(2), None),
                (id(3), Some("café".to_string())),
            ]),
            line_changes: HashMap::from([((None, id(1)), (12, 0)), ((Some(id(1)), id(3)), (2, 5))]),
            private: HashMap::from([(id(1), false), (id(3), true)]),
        }
    }

    #[test]
    fn facts_read_back_as_written_and_damage_is_ignored() {
        let bytes = encode_facts(&facts());
        assert_eq!(decode_facts(&bytes), Some(facts()));
        assert_eq!(bytes, encode_facts(&facts()), "deterministic");
        for cut in [0, 1, 8, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(decode_facts(&bytes[..cut]), None, "{cut}");
        }
        for at in (0..bytes.len()).step_by(5) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert_eq!(decode_facts(&damaged), None, "{at}");
        }
        let history = encode(Path::new(""), Oid::ZERO_SHA1, &state());
        assert_eq!(decode_facts(&history), None, "not a facts file");
    }

    #[test]
    fn one_file_per_journal_folder() {
        let git = Path::new("/repo/.git");
        assert_ne!(path(git, Path::new("")), path(git, Path::new("journal")));
        assert!(path(git, Path::new("")).starts_with("/repo/.git/dossier"));
    }
}
