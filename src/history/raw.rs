//! Raw git objects as the history walk reads them from the object database:
//! tree objects as their bytes plus the positions of their entries (no
//! allocation per entry), and commit objects' headers (tree, parents, author
//! date, signature, subject) without building a `git2::Commit`.

use std::cmp::Ordering;

use git2::{ObjectType, Oid};
use memchr::memchr;

use super::HistoryError;

/// Where one entry of a raw tree lies in its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Slot {
    /// Offset of the entry's first byte (its mode).
    start: u32,
    /// Offset of the name's first byte.
    name: u32,
    /// Offset of the NUL after the name; the 20-byte id follows it.
    nul: u32,
    is_tree: bool,
}

/// One entry of a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entry<'a> {
    pub name: &'a [u8],
    pub is_tree: bool,
    pub id: &'a [u8],
}

impl Entry<'_> {
    pub(super) fn oid(&self) -> Oid {
        Oid::from_bytes(self.id).unwrap_or(Oid::ZERO_SHA1)
    }
}

/// A tree object: `<mode> <name>\0<20-byte id>` repeated, in git's order.
pub(super) struct Tree<'o> {
    object: git2::OdbObject<'o>,
    slots: Vec<Slot>,
}

impl<'o> Tree<'o> {
    /// Reads and indexes the tree `id`, often another version of `base`
    /// (the same folder one commit earlier): the entries in their common
    /// leading and trailing bytes are taken from `base`'s index, and only
    /// the bytes between are parsed. In a large flat folder where a commit
    /// changes a few files, that is nearly all the parsing saved.
    pub(super) fn read_against(
        odb: &'o git2::Odb<'_>,
        id: Oid,
        base: Option<&Tree<'_>>,
    ) -> Result<Tree<'o>, HistoryError> {
        let object = odb.read(id)?;
        if object.kind() != ObjectType::Tree {
            return Err(HistoryError::Corrupt(id.to_string(), "tree"));
        }
        let slots = match base {
            Some(base) => index_against(object.data(), base.data(), &base.slots),
            None => index(object.data()),
        };
        let slots = slots.ok_or_else(|| HistoryError::Corrupt(id.to_string(), "tree"))?;
        Ok(Tree { object, slots })
    }

    pub(super) fn data(&self) -> &[u8] {
        self.object.data()
    }

    pub(super) fn len(&self) -> usize {
        self.slots.len()
    }

    pub(super) fn entry(&self, i: usize) -> Entry<'_> {
        entry(self.data(), self.slots[i])
    }

    /// The subtree called `name`, if any.
    pub(super) fn subtree(&self, name: &[u8]) -> Option<Oid> {
        (0..self.len())
            .map(|i| self.entry(i))
            .find(|e| e.is_tree && e.name == name)
            .map(|e| e.oid())
    }

    /// The entries `[from, to)` of `self` and `[from, other_to)` of `other`
    /// that may differ: entries in the common leading bytes of both trees are
    /// the same entries, and so are entries in their common trailing bytes
    /// when they start at an entry of both. Returns `(from, to, other_to)`.
    pub(super) fn differing(&self, other: &Tree<'_>) -> (usize, usize, usize) {
        let (a, b) = (self.data(), other.data());
        let prefix = common_prefix(a, b);
        // Entries wholly inside the common prefix are the same, at the same
        // offsets: indexing is deterministic from the first byte.
        let from = self
            .slots
            .partition_point(|s| s.nul as usize + 21 <= prefix);
        let after = self.slots.get(from).map_or(a.len(), |s| s.start as usize);
        let suffix = common_suffix(a, b)
            .min(a.len() - after)
            .min(b.len() - after);
        let mut to = self
            .slots
            .partition_point(|s| (s.start as usize) < a.len() - suffix);
        loop {
            let Some(slot) = self.slots.get(to) else {
                return (from, to, other.slots.len());
            };
            let offset = b.len() - (a.len() - slot.start as usize);
            if let Ok(j) = other
                .slots
                .binary_search_by_key(&offset, |s| s.start as usize)
            {
                return (from, to, j);
            }
            to += 1;
        }
    }
}

fn entry(data: &[u8], slot: Slot) -> Entry<'_> {
    let nul = slot.nul as usize;
    Entry {
        name: &data[slot.name as usize..nul],
        is_tree: slot.is_tree,
        id: &data[nul + 1..nul + 21],
    }
}

/// The positions of a raw tree's entries, or `None` if it is malformed.
fn index(data: &[u8]) -> Option<Vec<Slot>> {
    let mut slots = Vec::new();
    let end = parse_slots(data, 0, data.len(), &mut slots)?;
    (end == data.len()).then_some(slots)
}

/// Parses the entries of `data` from offset `at` until one ends at or past
/// `until`; returns where the last one ended.
fn parse_slots(data: &[u8], mut at: usize, until: usize, slots: &mut Vec<Slot>) -> Option<usize> {
    if u32::try_from(data.len()).is_err() {
        return None;
    }
    while at < until {
        let space = at + memchr(b' ', &data[at..])?;
        let nul = space + 1 + memchr(0, &data[space + 1..])?;
        if nul + 21 > data.len() {
            return None;
        }
        slots.push(Slot {
            start: at as u32,
            name: (space + 1) as u32,
            nul: nul as u32,
            is_tree: &data[at..space] == b"40000",
        });
        at = nul + 21;
    }
    Some(at)
}

/// [`index`] of `data`, reusing the index of `base` (another tree) where
/// their bytes are the same: the entries wholly inside the common leading
/// bytes are the same entries at the same offsets, and the entries of the
/// common trailing bytes are the same, shifted, provided parsing the middle
/// ends exactly where they start (otherwise the rest is parsed too).
fn index_against(data: &[u8], base: &[u8], base_slots: &[Slot]) -> Option<Vec<Slot>> {
    let prefix = common_prefix(data, base);
    let same_head = base_slots.partition_point(|s| s.nul as usize + 21 <= prefix);
    let start = base_slots
        .get(same_head)
        .map_or(base.len(), |s| s.start as usize);
    if start > data.len() {
        return index(data);
    }
    let suffix = common_suffix(data, base)
        .min(data.len() - start)
        .min(base.len() - start);
    let same_tail = base_slots.partition_point(|s| (s.start as usize) < base.len() - suffix);
    let mut slots = Vec::with_capacity(base_slots.len() + 8);
    slots.extend_from_slice(&base_slots[..same_head]);
    let Some(tail) = base_slots.get(same_tail) else {
        let end = parse_slots(data, start, data.len(), &mut slots)?;
        return (end == data.len()).then_some(slots);
    };
    let boundary = data.len() - (base.len() - tail.start as usize);
    let end = parse_slots(data, start, boundary, &mut slots)?;
    if end == boundary {
        // `data.len() - base.len()` as a shift; both fit in u32.
        let shift = |n: u32| (i64::from(n) + data.len() as i64 - base.len() as i64) as u32;
        slots.extend(base_slots[same_tail..].iter().map(|s| Slot {
            start: shift(s.start),
            name: shift(s.name),
            nul: shift(s.nul),
            is_tree: s.is_tree,
        }));
        Some(slots)
    } else {
        let end = parse_slots(data, end, data.len(), &mut slots)?;
        (end == data.len()).then_some(slots)
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let mut n = 0;
    let max = a.len().min(b.len());
    while n + CHUNK <= max && a[n..n + CHUNK] == b[n..n + CHUNK] {
        n += CHUNK;
    }
    while n < max && a[n] == b[n] {
        n += 1;
    }
    n
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let (la, lb) = (a.len(), b.len());
    let max = la.min(lb);
    let mut n = 0;
    while n + CHUNK <= max && a[la - n - CHUNK..la - n] == b[lb - n - CHUNK..lb - n] {
        n += CHUNK;
    }
    while n < max && a[la - n - 1] == b[lb - n - 1] {
        n += 1;
    }
    n
}

/// Git's tree order: names compared as bytes, a tree as if followed by `/`.
pub(super) fn git_order(a: &Entry<'_>, b: &Entry<'_>) -> Ordering {
    let common = a.name.len().min(b.name.len());
    match a.name[..common].cmp(&b.name[..common]) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |e: &Entry<'_>| {
        e.name
            .get(common)
            .copied()
            .or(if e.is_tree { Some(b'/') } else { None })
    };
    next(a).cmp(&next(b))
}

/// What the walk needs of a commit, read from its raw object.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct CommitInfo {
    pub tree: Oid,
    pub parents: Vec<Oid>,
    /// Author time (seconds since the epoch) and offset (minutes).
    pub time: i64,
    pub offset_minutes: i32,
    /// Carries a `gpgsig` header (GPG, SSH or X.509 signature).
    pub signed: bool,
    /// The first paragraph of the message, whitespace runs that span lines
    /// squashed to one space (as `git2::Commit::summary`).
    pub summary: String,
}

impl CommitInfo {
    pub(super) fn read(odb: &git2::Odb<'_>, id: Oid) -> Result<CommitInfo, HistoryError> {
        let object = odb.read(id)?;
        if object.kind() != ObjectType::Commit {
            return Err(HistoryError::Corrupt(id.to_string(), "commit"));
        }
        parse_commit(object.data()).ok_or_else(|| HistoryError::Corrupt(id.to_string(), "commit"))
    }
}

fn hex_oid(text: &[u8]) -> Option<Oid> {
    Oid::from_str(std::str::from_utf8(text.get(..40)?).ok()?).ok()
}

fn parse_commit(data: &[u8]) -> Option<CommitInfo> {
    let mut tree = None;
    let mut parents = Vec::new();
    let mut author = None;
    let mut signed = false;
    let mut rest = data;
    loop {
        let end = memchr(b'\n', rest).unwrap_or(rest.len());
        let line = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or_default();
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' {
            continue; // a continuation of a multi-line header (a signature)
        }
        let (key, value) = match memchr(b' ', line) {
            Some(space) => (&line[..space], &line[space + 1..]),
            None => (line, &b""[..]),
        };
        match key {
            b"tree" => tree = hex_oid(value),
            b"parent" => parents.push(hex_oid(value)?),
            b"author" => author = Some(value),
            b"gpgsig" | b"gpgsig-sha256" => signed = true,
            _ => {}
        }
        if rest.is_empty() {
            break;
        }
    }
    let (time, offset_minutes) = author.and_then(author_time).unwrap_or((0, 0));
    Some(CommitInfo {
        tree: tree?,
        parents,
        time,
        offset_minutes,
        signed,
        summary: summary(rest),
    })
}

/// `Name <email> SECONDS +HHMM`: the time and the offset in minutes.
fn author_time(value: &[u8]) -> Option<(i64, i32)> {
    let after = &value[value.iter().rposition(|b| *b == b'>')? + 1..];
    let text = std::str::from_utf8(after).ok()?;
    let mut parts = text.split_whitespace();
    let seconds: i64 = parts.next()?.parse().ok()?;
    let offset = parts.next().unwrap_or("+0000");
    let (sign, digits) = offset.split_at_checked(1)?;
    let digits: i32 = digits.parse().ok()?;
    let minutes = digits / 100 * 60 + digits % 100;
    Some((seconds, if sign == "-" { -minutes } else { minutes }))
}

/// The message's first paragraph, as libgit2's `git_commit_summary` gives it.
fn summary(message: &[u8]) -> String {
    let start = message
        .iter()
        .position(|b| *b != b'\n')
        .unwrap_or(message.len());
    let message = &message[start..];
    let mut out = Vec::new();
    let mut space: Option<usize> = None;
    for (i, &c) in message.iter().enumerate() {
        if c == b'\n' && message.get(i + 1).is_none_or(|n| *n == b'\n') {
            break;
        }
        if c.is_ascii_whitespace() {
            space.get_or_insert(i);
            continue;
        }
        if let Some(from) = space.take() {
            let run = &message[from..i];
            if run.contains(&b'\n') {
                out.push(b' ');
            } else {
                out.extend_from_slice(run);
            }
        }
        out.push(c);
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_tree(entries: &[(&str, bool, u8)]) -> Vec<u8> {
        let mut data = Vec::new();
        for (name, is_tree, id) in entries {
            data.extend_from_slice(if *is_tree { b"40000 " } else { b"100644 " });
            data.extend_from_slice(name.as_bytes());
            data.push(0);
            data.extend_from_slice(&[*id; 20]);
        }
        data
    }

    #[test]
    fn tree_order_puts_trees_after_their_prefix_names() {
        let entry = |name: &'static str, is_tree| Entry {
            name: name.as_bytes(),
            is_tree,
            id: &[0; 20],
        };
        assert_eq!(
            git_order(&entry("a.md", false), &entry("a", true)),
            Ordering::Less
        );
        assert_eq!(
            git_order(&entry("a", true), &entry("a-b", false)),
            Ordering::Greater
        );
        assert_eq!(
            git_order(&entry("a", false), &entry("a", true)),
            Ordering::Less
        );
    }

    #[test]
    fn trees_are_indexed_and_malformed_ones_refused() {
        let data = raw_tree(&[("a.md", false, 1), ("goals", true, 2)]);
        let slots = index(&data).unwrap();
        assert_eq!(slots.len(), 2);
        let second = entry(&data, slots[1]);
        assert_eq!(
            (second.name, second.is_tree, second.id),
            (&b"goals"[..], true, &[2; 20][..])
        );
        assert_eq!(index(&data[..data.len() - 1]), None);
        assert_eq!(index(b"100644 no-nul"), None);
        assert_eq!(index(b""), Some(Vec::new()));
    }

    /// The entries `differing` leaves out must really be the same.
    #[test]
    fn only_differing_entries_are_left_to_compare() {
        let names: Vec<String> = (0..50).map(|i| format!("2026-{i:02}.md")).collect();
        let base: Vec<(&str, bool, u8)> = names.iter().map(|n| (n.as_str(), false, 1)).collect();
        let mut edited = base.clone();
        edited[20].2 = 9;
        let mut added = base.clone();
        added.insert(30, ("2026-29b.md", false, 3));
        let mut removed = base.clone();
        removed.remove(0);
        let repo = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(repo.path()).unwrap();
        let odb = repo.odb().unwrap();
        let write = |entries: &[(&str, bool, u8)]| {
            let id = odb.write(ObjectType::Tree, &raw_tree(entries)).unwrap();
            Tree::read_against(&odb, id, None).unwrap()
        };
        let old = write(&base);
        for (new, expect) in [
            (write(&edited), (20, 21, 21)),
            (write(&added), (30, 30, 31)),
            (write(&removed), (0, 1, 0)),
            (write(&base), (50, 50, 50)),
        ] {
            assert_eq!(old.differing(&new), expect);
        }
    }

    /// Indexing against another version gives exactly what indexing from
    /// scratch gives, whatever changed where.
    #[test]
    fn indexing_against_a_base_equals_indexing_from_scratch() {
        let names: Vec<String> = (0..40).map(|i| format!("2026-{i:02}.md")).collect();
        let base: Vec<(&str, bool, u8)> = names.iter().map(|n| (n.as_str(), false, 1)).collect();
        let mut versions = vec![base.clone(), Vec::new()];
        let mut edited = base.clone();
        edited[7].2 = 2;
        edited[30].2 = 3;
        versions.push(edited);
        let mut added = base.clone();
        added.insert(0, ("2025.md", false, 4));
        added.push(("2027.md", true, 5));
        versions.push(added);
        let mut removed = base.clone();
        removed.drain(10..20);
        versions.push(removed);
        // Names whose bytes repeat, so that a shifted suffix could misalign.
        versions.push(vec![("a 1", false, 0x30), ("a 100644 b", false, 0x20)]);
        versions.push(vec![("a", false, 32), ("b", false, 32)]);
        let raw: Vec<Vec<u8>> = versions.iter().map(|v| raw_tree(v)).collect();
        for old in &raw {
            let old_slots = index(old).unwrap();
            for new in &raw {
                assert_eq!(index_against(new, old, &old_slots), index(new));
            }
            assert_eq!(index_against(b"100644 broken", old, &old_slots), None);
        }
    }

    #[test]
    fn commits_are_read_from_their_headers() {
        let raw = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
parent 1111111111111111111111111111111111111111\n\
author Ada Lovelace <ada@example.com> 1767268800 -0130\n\
committer Ada Lovelace <ada@example.com> 1767268800 +0000\n\
gpgsig -----BEGIN SSH SIGNATURE-----\n \n U1NIU0lH\n -----END SSH SIGNATURE-----\n\
\n\
\nLedger:  first\n  draft\n\nBody line\n";
        let info = parse_commit(raw).unwrap();
        assert_eq!(
            info.tree.to_string(),
            "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
        );
        assert_eq!(info.parents.len(), 1);
        assert_eq!((info.time, info.offset_minutes), (1_767_268_800, -90));
        assert!(info.signed);
        assert_eq!(info.summary, "Ledger:  first draft");
        assert_eq!(parse_commit(b"parent x\n\nno tree"), None);
    }
}
