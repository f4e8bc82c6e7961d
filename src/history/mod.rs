//! History stage: what git says about every entry, in one walk.
//!
//! The journal may be a repository's root or any folder inside one. Every
//! commit reachable from HEAD is visited once, parents before children, and
//! compared with its first parent by reading raw tree objects from the object
//! database (never building `Tree` or `Diff` values): entries are compared in
//! git's sort order, identical subtrees are skipped by id, and only the
//! journal's own subtree is descended into. Cost grows with commits plus
//! changed paths, not with files times commits.
//!
//! Merge rule: a merge commit is not compared with anything (as `git log`
//! does by default); the commits it merges are visited themselves, so a note
//! written on a branch keeps the date it was written there.
//!
//! Renames and moves are followed: a deleted and an added Markdown file in the
//! same commit are the same note when their content is identical, or similar
//! (at least half their lines in common, as git's default).
//!
//! Blobs are read only afterwards, and only for the commits that touched an
//! entry: to reconstruct a goal's status over time and to measure how much an
//! update or meeting changed after its own date.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

mod cache;
mod raw;

use std::cmp::Ordering;
use std::rc::Rc;

use cache::WalkState;
use git2::{Oid, Repository, Sort, Status, StatusOptions};
use jiff::civil::Date;
use raw::{CommitInfo, Entry, Tree, git_order};

use crate::stamp::Seen;

/// Why history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// libgit2 failed (corrupt object, unreadable repository...).
    #[error("cannot read the git history: {}", .0.message())]
    Git(#[from] git2::Error),
    /// A `.git` is there but is not a repository libgit2 can open.
    #[error("`{}` is there but is not a git repository that can be read: {}", .0.display(), .1)]
    Unreadable(PathBuf, String),
    /// An object was not what the walk expected.
    #[error("cannot read the git history: object {0} is not a valid {1}")]
    Corrupt(String, &'static str),
}

/// A commit that touched at least one note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// Full hash.
    pub id: String,
    /// Author date, in the author's time zone.
    pub date: Date,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// True when the commit carries a signature (GPG, SSH or X.509).
    pub signed: bool,
    /// The subject (first line) of its message. Kept for every commit that
    /// touched a note, as that commit is parsed anyway; shown only when the
    /// user asks for commit messages.
    pub summary: String,
}

impl Commit {
    /// The first 7 characters of the hash.
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(7)]
    }
}

/// How one commit changed one note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Touch {
    /// Index into [`History::commits`].
    pub commit: usize,
    /// The content before (none when added).
    pub old: Option<Oid>,
    /// The content after.
    pub new: Oid,
    /// The path before, when this commit renamed or moved the note.
    pub renamed_from: Option<PathBuf>,
}

/// A goal's status as of a commit.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StatusChange {
    /// The commit's author date.
    pub date: Date,
    /// The commit's short hash.
    pub commit: String,
    /// The status written in that version.
    pub status: String,
}

/// A change made to a note after its own date.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LateEdit {
    /// The commit's author date.
    pub date: Date,
    /// The commit's short hash.
    pub commit: String,
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
}

/// The state of a note in the working tree, compared with HEAD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkState {
    /// As committed.
    Committed,
    /// Changed since the last commit (staged or not).
    Modified,
    /// Never committed.
    Untracked,
}

/// Everything git says about the journal.
pub struct History {
    repo: Repository,
    /// Commits that touched a note, oldest first.
    pub commits: Vec<Commit>,
    /// Each note at HEAD (journal-relative path) and the commits that changed
    /// it, oldest first, following renames.
    pub files: HashMap<PathBuf, Vec<Touch>>,
    /// Notes that differ from HEAD in the working tree.
    pub work: HashMap<PathBuf, WorkState>,
    /// True in a shallow clone: the oldest commits are missing.
    pub shallow: bool,
    /// The journal's folder inside the repository (empty at the root).
    pub prefix: PathBuf,
    /// What was read from note versions (see [`cache::Facts`]): loaded from
    /// the facts file, added to as the packet asks.
    facts: std::sync::Mutex<FactsMemo>,
    /// What the history was read from, to tell whether it still holds.
    read_from: ReadFrom,
}

/// What a [`History`] was read from: HEAD, stamps of the index and of the
/// shallow file (an unshallowing fetch adds history without moving HEAD),
/// and how.
#[derive(Clone, Debug)]
struct ReadFrom {
    head: Oid,
    index: Seen,
    shallow: Seen,
    prefix: PathBuf,
    use_cache: bool,
}

impl ReadFrom {
    /// True when `now` is the same, with the index and shallow file as
    /// they were (see [`Seen::unchanged`]: a file modified just before the
    /// earlier read is never trusted, since coarse clocks may hide a
    /// second change).
    fn trusted_same(&self, now: &ReadFrom) -> bool {
        (self.head, &self.prefix, self.use_cache) == (now.head, &now.prefix, now.use_cache)
            && self.index.unchanged(&now.index)
            && self.shallow.unchanged(&now.shallow)
    }
}

/// The facts known so far, where they are saved, and whether any were added.
#[derive(Default)]
struct FactsMemo {
    facts: cache::Facts,
    /// `None` when the cache is off (`--no-cache`) or the clone is shallow.
    file: Option<PathBuf>,
    added: bool,
}

/// What can be known about history.
pub enum Provenance {
    /// The journal is not inside a git repository.
    NotARepository,
    /// A repository without any commit yet.
    NoCommits,
    /// The history could not be read.
    Failed(HistoryError),
    /// The history.
    Available(Box<History>),
}

/// Facts about one note, derived from its touches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteHistory<'a> {
    /// The commit that first added it.
    pub first: &'a Commit,
    /// The latest commit that changed it.
    pub last: &'a Commit,
    /// How many commits changed it.
    pub revisions: usize,
    /// How many of those commits are signed.
    pub signed: usize,
    /// Earlier paths, oldest first.
    pub previous_paths: Vec<&'a Path>,
}

/// True for a folder with nothing in it (a `.git` left empty is no
/// repository, nothing more).
fn is_empty_folder(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// The largest note version read from history: `max_file_size` at its
/// highest (see [`crate::bounds::FILE_SIZE`]).
const MAX_BLOB_SIZE: u64 = 1_000_000_000;

fn is_note(name: &[u8]) -> bool {
    crate::publish::has_markdown_extension(name)
}

impl Provenance {
    /// Reads the history of the journal at `root`. With `use_cache`, the
    /// walk starts from the history cache when it checks out, and saves it
    /// (the private `cache` module); the result is the same either way.
    pub fn load(root: &Path, use_cache: bool) -> Provenance {
        Provenance::reload(root, use_cache, None)
    }

    /// [`Provenance::load`], reusing `previous` (what an earlier load of the
    /// same journal gave) when HEAD, the index and the shallow boundary are
    /// as they were then: only which notes differ from HEAD is read again.
    pub fn reload(root: &Path, use_cache: bool, previous: Option<Provenance>) -> Provenance {
        let previous = match previous {
            Some(Provenance::Available(history)) => Some(history),
            _ => None,
        };
        let repo = match Repository::discover(root) {
            Ok(repo) => repo,
            // Nothing found: not a repository. Anything else (a `.git` that
            // cannot be read, a damaged one) is said as it is.
            Err(error) if error.code() == git2::ErrorCode::NotFound => {
                // A `.git` on the way up that libgit2 did not take (a
                // `gitdir:` file pointing nowhere, a folder it cannot read).
                let dot_git = std::path::absolute(root).ok().and_then(|root| {
                    root.ancestors()
                        .map(|folder| folder.join(".git"))
                        .find(|dot_git| std::fs::symlink_metadata(dot_git).is_ok())
                });
                // One that opens was left out on purpose (a ceiling folder).
                let unreadable = dot_git.and_then(|dot_git| {
                    let opened = Repository::open(&dot_git);
                    (!is_empty_folder(&dot_git) && opened.is_err()).then(|| {
                        let why = opened
                            .err()
                            .map_or_else(String::new, |e| e.message().to_string());
                        (dot_git, why)
                    })
                });
                return match unreadable {
                    Some((dot_git, why)) => {
                        Provenance::Failed(HistoryError::Unreadable(dot_git, why))
                    }
                    None => Provenance::NotARepository,
                };
            }
            Err(error) => return Provenance::Failed(HistoryError::Git(error)),
        };
        let Some(workdir) = repo.workdir() else {
            return Provenance::NotARepository;
        };
        let prefix = match (root.canonicalize(), workdir.canonicalize()) {
            (Ok(root), Ok(workdir)) => root
                .strip_prefix(&workdir)
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            _ => PathBuf::new(),
        };
        match repo.head() {
            Ok(_) => {}
            Err(error) if error.code() == git2::ErrorCode::UnbornBranch => {
                return Provenance::NoCommits;
            }
            Err(error) if error.code() == git2::ErrorCode::NotFound => {
                return Provenance::NoCommits;
            }
            Err(error) => return Provenance::Failed(error.into()),
        }
        match History::read(repo, prefix, use_cache, previous) {
            Ok(history) => Provenance::Available(Box::new(history)),
            Err(error) => Provenance::Failed(error),
        }
    }

    /// Saves what was read from note versions, for the next run (see
    /// [`History::save_facts`]).
    pub fn save_facts(&self) {
        if let Provenance::Available(history) = self {
            history.save_facts();
        }
    }
}

/// A change to a Markdown file between a commit and its first parent.
#[derive(Debug)]
enum Change {
    Added(PathBuf, Oid),
    Deleted(PathBuf, Oid),
    Modified(PathBuf, Oid, Oid),
}

/// Reads trees for the walk. Only the trees of the commit being compared
/// and of the one before are kept: in a line of commits the parent's trees
/// are the previous commit's, so each tree is read once, and memory stays
/// bounded however long the history.
struct Walker<'o> {
    odb: &'o git2::Odb<'o>,
    current: HashMap<Oid, Rc<Tree<'o>>>,
    previous: HashMap<Oid, Rc<Tree<'o>>>,
    /// The journal's subtree in every commit compared so far.
    subtrees: HashMap<Oid, Option<Oid>>,
}

impl<'o> Walker<'o> {
    fn new(odb: &'o git2::Odb<'o>) -> Walker<'o> {
        Walker {
            odb,
            current: HashMap::new(),
            previous: HashMap::new(),
            subtrees: HashMap::new(),
        }
    }

    /// Moves on to the next commit.
    fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    fn tree(&mut self, id: Oid) -> Result<Rc<Tree<'o>>, HistoryError> {
        self.tree_against(id, None)
    }

    /// The tree `id`, indexed against `base` (its previous version) when it
    /// has to be read (see [`Tree::read_against`]).
    fn tree_against(
        &mut self,
        id: Oid,
        base: Option<&Tree<'_>>,
    ) -> Result<Rc<Tree<'o>>, HistoryError> {
        if let Some(tree) = self.current.get(&id).or_else(|| self.previous.get(&id)) {
            let tree = tree.clone();
            self.current.insert(id, tree.clone());
            return Ok(tree);
        }
        let tree = Rc::new(Tree::read_against(self.odb, id, base)?);
        self.current.insert(id, tree.clone());
        Ok(tree)
    }

    /// The journal's subtree in `commit` (whose root tree is `root` when
    /// known), if it has one. `Ok(None)` also for a commit that is not in
    /// the repository (a shallow clone's boundary).
    fn journal_tree(
        &mut self,
        commit: Oid,
        root: Option<Oid>,
        prefix: &Path,
    ) -> Result<Option<Oid>, HistoryError> {
        if let Some(subtree) = self.subtrees.get(&commit) {
            return Ok(*subtree);
        }
        let root = match root {
            Some(root) => root,
            None => match CommitInfo::read(self.odb, commit) {
                Ok(info) => info.tree,
                Err(HistoryError::Git(error)) if error.code() == git2::ErrorCode::NotFound => {
                    return Ok(None);
                }
                Err(error) => return Err(error),
            },
        };
        let mut current = root;
        for component in prefix.components() {
            let name = component.as_os_str().as_encoded_bytes();
            match self.tree(current)?.subtree(name) {
                Some(id) => current = id,
                None => {
                    self.subtrees.insert(commit, None);
                    return Ok(None);
                }
            }
        }
        self.subtrees.insert(commit, Some(current));
        Ok(Some(current))
    }

    /// Markdown changes between two trees (either may be absent).
    fn diff(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        changes: &mut Vec<Change>,
    ) -> Result<(), HistoryError> {
        let mut todo = vec![(old, new, PathBuf::new())];
        while let Some((old, new, path)) = todo.pop() {
            if old == new {
                continue;
            }
            let old_tree = old.map(|id| self.tree(id)).transpose()?;
            let new_tree = new
                .map(|id| self.tree_against(id, old_tree.as_deref()))
                .transpose()?;
            match (&old_tree, &new_tree) {
                (Some(a), Some(b)) => {
                    // Skip the runs of identical entries at both ends.
                    let (from, a_end, b_end) = a.differing(b);
                    let (mut i, mut j) = (from, from);
                    while i < a_end || j < b_end {
                        let order = match (i < a_end, j < b_end) {
                            (true, true) => git_order(&a.entry(i), &b.entry(j)),
                            (true, false) => Ordering::Less,
                            _ => Ordering::Greater,
                        };
                        match order {
                            Ordering::Less => {
                                removed(a.entry(i), &path, &mut todo, changes);
                                i += 1;
                            }
                            Ordering::Greater => {
                                added(b.entry(j), &path, &mut todo, changes);
                                j += 1;
                            }
                            Ordering::Equal => {
                                let (x, y) = (a.entry(i), b.entry(j));
                                if x.id != y.id {
                                    let child = path.join(bytes_to_path(x.name));
                                    match (x.is_tree, y.is_tree) {
                                        (true, true) => {
                                            todo.push((Some(x.oid()), Some(y.oid()), child));
                                        }
                                        (false, false) => {
                                            if is_note(x.name) {
                                                changes.push(Change::Modified(
                                                    child,
                                                    x.oid(),
                                                    y.oid(),
                                                ));
                                            }
                                        }
                                        _ => {
                                            removed(x, &path, &mut todo, changes);
                                            added(y, &path, &mut todo, changes);
                                        }
                                    }
                                }
                                i += 1;
                                j += 1;
                            }
                        }
                    }
                }
                (Some(a), None) => {
                    for i in 0..a.len() {
                        removed(a.entry(i), &path, &mut todo, changes);
                    }
                }
                (None, Some(b)) => {
                    for j in 0..b.len() {
                        added(b.entry(j), &path, &mut todo, changes);
                    }
                }
                (None, None) => {}
            }
        }
        Ok(())
    }
}

type Todo = Vec<(Option<Oid>, Option<Oid>, PathBuf)>;

fn removed(entry: Entry<'_>, path: &Path, todo: &mut Todo, changes: &mut Vec<Change>) {
    let child = path.join(bytes_to_path(entry.name));
    if entry.is_tree {
        todo.push((Some(entry.oid()), None, child));
    } else if is_note(entry.name) {
        changes.push(Change::Deleted(child, entry.oid()));
    }
}

fn added(entry: Entry<'_>, path: &Path, todo: &mut Todo, changes: &mut Vec<Change>) {
    let child = path.join(bytes_to_path(entry.name));
    if entry.is_tree {
        todo.push((None, Some(entry.oid()), child));
    } else if is_note(entry.name) {
        changes.push(Change::Added(child, entry.oid()));
    }
}

fn bytes_to_path(name: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(name).into_owned())
}

/// The calendar date of a commit time in its own time zone.
fn author_date(seconds: i64, offset_minutes: i32) -> Date {
    let offset =
        jiff::tz::Offset::from_seconds(offset_minutes * 60).unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::fixed(offset)).date())
        .unwrap_or(Date::constant(1970, 1, 1))
}

/// Lines in common between two texts, as a share of their sizes (0.0 to 1.0).
fn similarity(a: &[u8], b: &[u8]) -> f64 {
    let mut counts: HashMap<&[u8], i64> = HashMap::new();
    let lines_a: Vec<&[u8]> = a.split(|c| *c == b'\n').collect();
    let lines_b: Vec<&[u8]> = b.split(|c| *c == b'\n').collect();
    for line in &lines_a {
        *counts.entry(line).or_default() += 1;
    }
    let mut common = 0;
    for line in &lines_b {
        if let Some(count) = counts.get_mut(line)
            && *count > 0
        {
            *count -= 1;
            common += 1;
        }
    }
    let total = lines_a.len() + lines_b.len();
    if total == 0 {
        0.0
    } else {
        2.0 * f64::from(common) / total as f64
    }
}

/// Most renames a commit may have for content similarity to be compared
/// (exact renames are always found).
const SIMILARITY_LIMIT: usize = 64;

impl History {
    fn read(
        repo: Repository,
        prefix: PathBuf,
        use_cache: bool,
        previous: Option<Box<History>>,
    ) -> Result<History, HistoryError> {
        // Objects are verified by the operations that need them; hashing every
        // object read again would double the cost of the walk.
        git2::opts::strict_hash_verification(false);
        let shallow = repo.is_shallow();
        let head = repo.head()?.peel_to_commit()?.id();
        // Taken before anything is read: a change made meanwhile shows next time.
        let at = std::time::SystemTime::now();
        let read_from = ReadFrom {
            head,
            index: Seen::of(&repo.path().join("index"), at),
            shallow: Seen::of(&repo.path().join("shallow"), at),
            prefix: prefix.clone(),
            use_cache,
        };
        if let Some(mut history) = previous.filter(|h| h.read_from.trusted_same(&read_from)) {
            history.work = work_states(&repo, &prefix)?;
            history.repo = repo;
            history.read_from = read_from;
            return Ok(*history);
        }
        let cache_file = (use_cache && !shallow).then(|| cache::path(repo.path(), &prefix));
        let cached = cache_file
            .as_deref()
            .and_then(|file| cache::load(file, &prefix))
            .filter(|(reached, _)| {
                *reached == head || repo.graph_descendant_of(head, *reached).unwrap_or(false)
            });
        // Whether the cache needs writing: not when it already was at HEAD.
        let mut changed = true;
        let state = match cached {
            Some((reached, cached)) if reached == head => {
                changed = false;
                cached
            }
            // Carry on from where the cache stopped, if what came since is
            // one line of commits; otherwise from scratch (see `cache`).
            Some((reached, mut cached)) => {
                if walk(&repo, &prefix, Some(reached), &mut cached)? {
                    cached
                } else {
                    from_scratch(&repo, &prefix)?
                }
            }
            None => from_scratch(&repo, &prefix)?,
        };
        if let Some(file) = cache_file.as_deref().filter(|_| changed) {
            // A read-only repository simply gets no cache.
            let _ = cache::save(file, &prefix, head, &state);
        }
        let WalkState {
            commits,
            mut touches,
            live,
        } = state;
        let files = live
            .into_iter()
            .map(|(path, i)| (path, std::mem::take(&mut touches[i].1)))
            .collect();
        let work = work_states(&repo, &prefix)?;
        let facts_file = (use_cache && !shallow).then(|| cache::facts_path(repo.path()));
        let facts = FactsMemo {
            facts: facts_file
                .as_deref()
                .and_then(cache::load_facts)
                .unwrap_or_default(),
            file: facts_file,
            added: false,
        };
        Ok(History {
            repo,
            commits,
            files,
            work,
            shallow,
            prefix,
            facts: std::sync::Mutex::new(facts),
            read_from,
        })
    }

    /// Saves the facts read from note versions since they were loaded, if
    /// any, for the next run. Failing to (a read-only repository) only costs
    /// that run time.
    pub fn save_facts(&self) {
        let mut memo = self.memo();
        if let Some(file) = memo.file.as_deref().filter(|_| memo.added) {
            let _ = cache::save_facts(file, &memo.facts);
            memo.added = false;
        }
    }

    fn memo(&self) -> std::sync::MutexGuard<'_, FactsMemo> {
        self.facts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The `status` field of one version of a note, trimmed and in lower
    /// case.
    fn status_of(&self, id: Oid) -> Option<String> {
        if let Some(status) = self.memo().facts.statuses.get(&id) {
            return status.clone();
        }
        let status = self.blob_text(id).and_then(|text| {
            let mut ignored = Vec::new();
            let parsed = crate::parse::parse(text, 0, &mut ignored);
            parsed
                .frontmatter
                .as_ref()
                .and_then(|node| node.get("status"))
                .and_then(crate::node::Node::scalar_text)
                .map(|s| s.trim().to_lowercase())
        });
        let mut memo = self.memo();
        memo.facts.statuses.insert(id, status.clone());
        memo.added = true;
        status
    }

    /// Whether one version of a note may have been private: its `private`
    /// field set to anything but `false`, or frontmatter that cannot be
    /// read (counted as private, to be safe).
    fn private_of(&self, id: Oid) -> bool {
        if let Some(private) = self.memo().facts.private.get(&id) {
            return *private;
        }
        let private = self.blob_text(id).is_none_or(|text| {
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
        let mut memo = self.memo();
        memo.facts.private.insert(id, private);
        memo.added = true;
        private
    }

    /// The paths the note at `path` had before, oldest first, leaving out
    /// any path under which a version of it was private: a packet names
    /// only paths from the time the note was public.
    fn public_previous_paths<'h>(&self, touches: &'h [Touch]) -> Vec<&'h Path> {
        let mut paths = Vec::new();
        let mut since = 0;
        for (at, touch) in touches.iter().enumerate() {
            let Some(old_path) = touch.renamed_from.as_deref() else {
                continue;
            };
            // The versions under `old_path`: those written since the previous
            // rename, and the one this commit moved.
            let mut versions = touches[since..at].iter().map(|t| t.new).chain(touch.old);
            if !versions.any(|id| self.private_of(id)) {
                paths.push(old_path);
            }
            since = at;
        }
        paths
    }

    /// What git says about the note at `path` (journal-relative), if committed.
    pub fn note(&self, path: &Path) -> Option<NoteHistory<'_>> {
        let touches = self.files.get(path)?;
        let first = &self.commits[touches.first()?.commit];
        let last = &self.commits[touches.last()?.commit];
        let signed = touches
            .iter()
            .filter(|t| self.commits[t.commit].signed)
            .count();
        let previous_paths = self.public_previous_paths(touches);
        Some(NoteHistory {
            first,
            last,
            revisions: touches.len(),
            signed,
            previous_paths,
        })
    }

    /// The state of a note in the working tree.
    pub fn work_state(&self, path: &Path) -> WorkState {
        match self.work.get(path) {
            Some(state) => *state,
            None if self.files.contains_key(path) => WorkState::Committed,
            None => WorkState::Untracked,
        }
    }

    /// A goal's `status` as committed over time: one item per commit that
    /// changed it (the first commit gives the initial status).
    pub fn status_changes(&self, path: &Path) -> Vec<StatusChange> {
        let Some(touches) = self.files.get(path) else {
            return Vec::new();
        };
        let mut changes: Vec<StatusChange> = Vec::new();
        for touch in touches {
            let Some(status) = self.status_of(touch.new) else {
                continue;
            };
            if changes.last().is_none_or(|last| last.status != status) {
                let commit = &self.commits[touch.commit];
                changes.push(StatusChange {
                    date: commit.date,
                    commit: commit.short().to_string(),
                    status,
                });
            }
        }
        changes
    }

    /// Commits after the first that changed the note after `day` (its own
    /// date), with the lines each added and removed.
    pub fn edits_after(&self, path: &Path, day: Date) -> Vec<LateEdit> {
        let Some(touches) = self.files.get(path) else {
            return Vec::new();
        };
        touches
            .iter()
            .skip(1)
            .filter(|touch| self.commits[touch.commit].date > day)
            .map(|touch| {
                let commit = &self.commits[touch.commit];
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

    /// The text of a blob, if it is UTF-8.
    pub fn blob_text(&self, id: Oid) -> Option<String> {
        // A version larger than any note dossier reads is not read either:
        // its size comes from the object header, before it is inflated.
        let (size, _) = self.repo.odb().ok()?.read_header(id).ok()?;
        if size as u64 > MAX_BLOB_SIZE {
            return None;
        }
        let blob = self.repo.find_blob(id).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// Lines added and removed between two versions of a note.
    pub fn line_changes(&self, old: Option<Oid>, new: Oid) -> (usize, usize) {
        if let Some(&(added, removed)) = self.memo().facts.line_changes.get(&(old, new)) {
            return (added as usize, removed as usize);
        }
        let (added, removed) = self.count_line_changes(old, new);
        let mut memo = self.memo();
        memo.facts.line_changes.insert(
            (old, new),
            (
                u32::try_from(added).unwrap_or(u32::MAX),
                u32::try_from(removed).unwrap_or(u32::MAX),
            ),
        );
        memo.added = true;
        (added, removed)
    }

    fn count_line_changes(&self, old: Option<Oid>, new: Oid) -> (usize, usize) {
        let content = |id: Oid| {
            self.repo
                .find_blob(id)
                .map(|b| b.content().to_vec())
                .unwrap_or_default()
        };
        let old = old.map(content).unwrap_or_default();
        let new = content(new);
        match git2::Patch::from_buffers(&old, None, &new, None, None) {
            Ok(patch) => patch
                .line_stats()
                .map(|(_, added, removed)| (added, removed))
                .unwrap_or((0, 0)),
            Err(_) => (0, 0),
        }
    }
}

/// The walk of every commit reachable from HEAD.
fn from_scratch(repo: &Repository, prefix: &Path) -> Result<WalkState, HistoryError> {
    let mut state = WalkState::default();
    walk(repo, prefix, None, &mut state)?;
    Ok(state)
}

/// Walks the commits reachable from HEAD (and not from `since`), parents
/// first, adding what each changed to `state`. With `since`, gives up and
/// returns false on meeting a merge commit: the commits since are then not
/// one line, and only a walk from scratch gives the canonical order.
fn walk(
    repo: &Repository,
    prefix: &Path,
    since: Option<Oid>,
    state: &mut WalkState,
) -> Result<bool, HistoryError> {
    let odb = repo.odb()?;
    let mut walker = Walker::new(&odb);
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    walk.push_head()?;
    if let Some(since) = since {
        walk.hide(since)?;
    }
    let mut changes = Vec::new();
    for id in walk {
        let id = id?;
        let commit = CommitInfo::read(&odb, id)?;
        if commit.parents.len() > 1 {
            if since.is_some() {
                return Ok(false);
            }
            continue;
        }
        walker.next_commit();
        let old_tree = match commit.parents.first() {
            Some(parent) => walker.journal_tree(*parent, None, prefix)?,
            None => None,
        };
        let new_tree = walker.journal_tree(id, Some(commit.tree), prefix)?;
        changes.clear();
        walker.diff(old_tree, new_tree, &mut changes)?;
        if changes.is_empty() {
            continue;
        }
        state.commits.push(Commit {
            id: id.to_string(),
            date: author_date(commit.time, commit.offset_minutes),
            time: commit.time,
            signed: commit.signed,
            summary: commit.summary,
        });
        let index = state.commits.len() - 1;
        apply(
            repo,
            index,
            &mut changes,
            &mut state.live,
            &mut state.touches,
        );
    }
    Ok(true)
}

/// Applies one commit's changes: pairs renames, then records touches.
fn apply(
    repo: &Repository,
    commit: usize,
    changes: &mut Vec<Change>,
    live: &mut HashMap<PathBuf, usize>,
    touches: &mut Vec<(PathBuf, Vec<Touch>)>,
) {
    let mut added = Vec::new();
    let mut deleted = Vec::new();
    for change in changes.drain(..) {
        match change {
            Change::Modified(path, old, new) => {
                let index = *live.entry(path.clone()).or_insert_with(|| {
                    touches.push((path.clone(), Vec::new()));
                    touches.len() - 1
                });
                touches[index].1.push(Touch {
                    commit,
                    old: Some(old),
                    new,
                    renamed_from: None,
                });
            }
            Change::Added(path, id) => added.push((path, id)),
            Change::Deleted(path, id) => deleted.push((path, id)),
        }
    }
    // Exact renames first, then similar content.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut used_deleted = HashSet::new();
    for (a, (_, added_id)) in added.iter().enumerate() {
        if let Some(d) = deleted
            .iter()
            .enumerate()
            .position(|(d, (_, id))| id == added_id && !used_deleted.contains(&d))
        {
            used_deleted.insert(d);
            pairs.push((a, d));
        }
    }
    let paired_added: HashSet<usize> = pairs.iter().map(|(a, _)| *a).collect();
    let rest_added: Vec<usize> = (0..added.len())
        .filter(|a| !paired_added.contains(a))
        .collect();
    let rest_deleted: Vec<usize> = (0..deleted.len())
        .filter(|d| !used_deleted.contains(d))
        .collect();
    if !rest_added.is_empty()
        && !rest_deleted.is_empty()
        && rest_added.len() <= SIMILARITY_LIMIT
        && rest_deleted.len() <= SIMILARITY_LIMIT
    {
        let content = |id: Oid| {
            repo.find_blob(id)
                .map(|b| b.content().to_vec())
                .unwrap_or_default()
        };
        let deleted_content: Vec<Vec<u8>> = rest_deleted
            .iter()
            .map(|d| content(deleted[*d].1))
            .collect();
        let mut scored = Vec::new();
        for a in &rest_added {
            let added_content = content(added[*a].1);
            for (k, d) in rest_deleted.iter().enumerate() {
                let score = similarity(&deleted_content[k], &added_content);
                if score >= 0.5 {
                    scored.push((score, *a, *d));
                }
            }
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        for (_, a, d) in scored {
            if !pairs.iter().any(|(pa, pd)| *pa == a || *pd == d) {
                pairs.push((a, d));
            }
        }
    }
    let mut renamed_added = HashSet::new();
    let mut renamed_deleted = HashSet::new();
    for (a, d) in &pairs {
        let (new_path, new_id) = &added[*a];
        let (old_path, old_id) = &deleted[*d];
        renamed_added.insert(*a);
        renamed_deleted.insert(*d);
        let index = match live.remove(old_path) {
            Some(index) => index,
            None => {
                touches.push((old_path.clone(), Vec::new()));
                touches.len() - 1
            }
        };
        touches[index].1.push(Touch {
            commit,
            old: Some(*old_id),
            new: *new_id,
            renamed_from: Some(old_path.clone()),
        });
        live.insert(new_path.clone(), index);
    }
    for (d, (path, _)) in deleted.iter().enumerate() {
        if !renamed_deleted.contains(&d) {
            live.remove(path);
        }
    }
    for (a, (path, id)) in added.into_iter().enumerate() {
        if !renamed_added.contains(&a) {
            touches.push((
                path.clone(),
                vec![Touch {
                    commit,
                    old: None,
                    new: id,
                    renamed_from: None,
                }],
            ));
            live.insert(path, touches.len() - 1);
        }
    }
}

/// Notes that differ from HEAD in the index or working tree.
fn work_states(
    repo: &Repository,
    prefix: &Path,
) -> Result<HashMap<PathBuf, WorkState>, HistoryError> {
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false);
    if !prefix.as_os_str().is_empty() {
        options.pathspec(prefix.to_string_lossy().replace('\\', "/"));
    }
    let mut states = HashMap::new();
    for status in repo.statuses(Some(&mut options))?.iter() {
        let Ok(path) = status.path() else { continue };
        let Ok(relative) = Path::new(path).strip_prefix(prefix) else {
            continue;
        };
        let flags = status.status();
        let state = if flags.intersects(Status::WT_NEW) && !flags.intersects(Status::INDEX_NEW) {
            WorkState::Untracked
        } else if flags.intersects(Status::INDEX_NEW) {
            // Staged but never committed.
            WorkState::Untracked
        } else if flags.intersects(
            Status::WT_MODIFIED
                | Status::INDEX_MODIFIED
                | Status::WT_RENAMED
                | Status::INDEX_RENAMED
                | Status::WT_TYPECHANGE,
        ) {
            WorkState::Modified
        } else {
            continue;
        };
        states.insert(relative.to_path_buf(), state);
    }
    Ok(states)
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{Signature, Time};

    /// A repository built commit by commit with fixed dates.
    struct TestRepo {
        dir: tempfile::TempDir,
        repo: Repository,
    }

    impl TestRepo {
        fn new() -> TestRepo {
            let dir = tempfile::tempdir().unwrap();
            let repo = Repository::init(dir.path()).unwrap();
            TestRepo { dir, repo }
        }

        fn path(&self) -> &Path {
            self.dir.path()
        }

        fn write(&self, path: &str, text: &str) {
            let full = self.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }

        fn remove(&self, path: &str) {
            std::fs::remove_file(self.path().join(path)).unwrap();
        }

        /// Commits the whole working tree on `day` (2026-01-DAY, 12:00 UTC).
        fn commit(&self, day: i64, message: &str) -> Oid {
            let mut index = self.repo.index().unwrap();
            index
                .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
                .unwrap();
            index.update_all(["*"], None).unwrap();
            index.write().unwrap();
            let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
            let time = Time::new(1_767_268_800 + (day - 1) * 86_400, 0);
            let signature = Signature::new("Ada", "ada@example.com", &time).unwrap();
            let parents: Vec<git2::Commit<'_>> = self
                .repo
                .head()
                .ok()
                .and_then(|h| h.peel_to_commit().ok())
                .into_iter()
                .collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            self.repo
                .commit(
                    Some("HEAD"),
                    &signature,
                    &signature,
                    message,
                    &tree,
                    &parents,
                )
                .unwrap()
        }

        /// Detaches HEAD at `id` and checks its tree out.
        fn checkout(&self, id: Oid) {
            self.repo.set_head_detached(id).unwrap();
            self.repo
                .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
                .unwrap();
        }

        /// Merges `side` into `main` with a merge commit on `day`, on HEAD.
        fn merge(&self, main: Oid, side: Oid, day: i64) -> Oid {
            let (main, side) = (
                self.repo.find_commit(main).unwrap(),
                self.repo.find_commit(side).unwrap(),
            );
            let mut index = self.repo.merge_commits(&main, &side, None).unwrap();
            let tree = self
                .repo
                .find_tree(index.write_tree_to(&self.repo).unwrap())
                .unwrap();
            let time = Time::new(1_767_268_800 + (day - 1) * 86_400, 0);
            let signature = Signature::new("Ada", "ada@example.com", &time).unwrap();
            self.repo
                .commit(
                    Some("HEAD"),
                    &signature,
                    &signature,
                    "merge",
                    &tree,
                    &[&main, &side],
                )
                .unwrap()
        }

        fn history(&self, journal: &str) -> History {
            match Provenance::load(&self.path().join(journal), false) {
                Provenance::Available(history) => *history,
                _ => panic!("no history"),
            }
        }
    }

    fn day(d: i8) -> Date {
        Date::constant(2026, 1, d)
    }

    impl TestRepo {
        /// The history read through the cache (as `dossier` does by default).
        fn cached(&self, journal: &str) -> History {
            match Provenance::load(&self.path().join(journal), true) {
                Provenance::Available(history) => *history,
                _ => panic!("no history"),
            }
        }

        fn head(&self) -> Oid {
            self.repo.head().unwrap().peel_to_commit().unwrap().id()
        }

        /// Plants a cache for the journal at the root that says it reached
        /// `head` and marks every commit's subject, to tell when it is used.
        fn plant_marked_cache(&self, head: Oid) {
            let history = self.history("");
            let mut state = WalkState {
                commits: history.commits.clone(),
                ..WalkState::default()
            };
            for commit in &mut state.commits {
                commit.summary = format!("FROM-CACHE {}", commit.summary);
            }
            let mut files: Vec<_> = history.files.into_iter().collect();
            files.sort_by(|a, b| a.0.cmp(&b.0));
            for (index, (path, touches)) in files.into_iter().enumerate() {
                state.live.insert(path.clone(), index);
                state.touches.push((path, touches));
            }
            let file = cache::path(self.repo.path(), Path::new(""));
            cache::save(&file, Path::new(""), head, &state).unwrap();
        }
    }

    fn summaries(history: &History) -> Vec<&str> {
        history.commits.iter().map(|c| c.summary.as_str()).collect()
    }

    fn same(cached: &History, scratch: &History) {
        assert_eq!(cached.commits, scratch.commits);
        assert_eq!(cached.files, scratch.files);
    }

    /// A few notes with edits, a rename and a deletion.
    fn busy_repo() -> TestRepo {
        let repo = TestRepo::new();
        let text = "---\ndate: 2026-01-02\n---\nSeveral lines\nthat stay\nthe same\n";
        repo.write("meetings/a.md", text);
        repo.write("goals/g.md", "g\n");
        repo.commit(2, "one");
        repo.remove("meetings/a.md");
        repo.write("meetings/b.md", &format!("{text}more\n"));
        repo.write("updates/u.md", "u\n");
        repo.commit(3, "two");
        repo.remove("updates/u.md");
        repo.write("goals/g.md", "g2\n");
        repo.commit(4, "three");
        repo
    }

    #[test]
    fn the_cache_gives_what_a_walk_from_scratch_gives() {
        let repo = busy_repo();
        let first = repo.cached("");
        same(&first, &repo.history(""));
        let file = cache::path(repo.repo.path(), Path::new(""));
        assert!(file.is_file(), "saved in .git/dossier");
        // New commits on top, with a rename: carried on from the cache.
        repo.remove("meetings/b.md");
        repo.write(
            "meetings/c.md",
            "---\ndate: 2026-01-02\n---\nSeveral lines\nthat stay\nthe same\nmore\n",
        );
        repo.commit(5, "four");
        repo.write("goals/h.md", "h\n");
        repo.commit(6, "five");
        same(&repo.cached(""), &repo.history(""));
        // A journal in a subfolder has a cache of its own.
        repo.write("sub/goals/x.md", "x\n");
        repo.commit(7, "six");
        same(&repo.cached("sub"), &repo.history("sub"));
        same(&repo.cached(""), &repo.history(""));
    }

    #[test]
    fn facts_read_from_note_versions_are_saved_and_used() {
        let repo = TestRepo::new();
        repo.write("goals/g.md", "---\nstatus: Active\n---\nPlan\n");
        repo.commit(2, "start");
        repo.write(
            "goals/g.md",
            "---\nstatus: done\n---\nPlan\nand more\nlines\n",
        );
        repo.commit(3, "finish");
        let path = Path::new("goals/g.md");
        let statuses = |history: &History| -> Vec<String> {
            history
                .status_changes(path)
                .into_iter()
                .map(|c| c.status)
                .collect()
        };
        let first = repo.cached("");
        assert_eq!(statuses(&first), ["active", "done"]);
        let touch = first.files[path][1].clone();
        assert_eq!(first.line_changes(touch.old, touch.new), (3, 1));
        let file = cache::facts_path(repo.repo.path());
        assert!(!file.exists(), "saved only when asked");
        first.save_facts();
        let saved = cache::load_facts(&file).expect("saved in .git/dossier");
        assert_eq!(saved.statuses.len(), 2);
        assert_eq!(saved.line_changes[&(touch.old, touch.new)], (3, 1));

        // Facts are read back, not worked out again: plant false ones.
        let mut planted = saved.clone();
        planted
            .statuses
            .insert(touch.new, Some("planted".to_string()));
        planted.line_changes.insert((touch.old, touch.new), (7, 9));
        cache::save_facts(&file, &planted).unwrap();
        let second = repo.cached("");
        assert_eq!(statuses(&second), ["active", "planted"]);
        assert_eq!(second.line_changes(touch.old, touch.new), (7, 9));
        // Without the cache (`--no-cache`), they are worked out again.
        let scratch = repo.history("");
        assert_eq!(statuses(&scratch), ["active", "done"]);
        assert_eq!(scratch.line_changes(touch.old, touch.new), (3, 1));
        scratch.save_facts();
        assert_eq!(cache::load_facts(&file), Some(planted), "left alone");
    }

    #[test]
    fn new_commits_are_walked_from_where_the_cache_stopped() {
        let repo = busy_repo();
        repo.plant_marked_cache(repo.head());
        let history = repo.cached("");
        assert_eq!(
            summaries(&history),
            ["FROM-CACHE one", "FROM-CACHE two", "FROM-CACHE three"]
        );
        repo.write("goals/g.md", "g3\n");
        repo.commit(5, "four");
        let history = repo.cached("");
        assert_eq!(
            summaries(&history),
            [
                "FROM-CACHE one",
                "FROM-CACHE two",
                "FROM-CACHE three",
                "four"
            ],
            "only the new commit was walked"
        );
        assert_eq!(history.note(Path::new("goals/g.md")).unwrap().revisions, 3);
    }

    #[test]
    fn a_rewritten_history_or_a_merge_is_walked_from_scratch() {
        // Rewritten: the cache's commit is no longer an ancestor of HEAD.
        let repo = busy_repo();
        let rewritten = repo.head();
        repo.plant_marked_cache(rewritten);
        let parent = repo
            .repo
            .find_commit(rewritten)
            .unwrap()
            .parent_id(0)
            .unwrap();
        repo.checkout(parent);
        repo.write("goals/g.md", "amended\n");
        repo.commit(8, "three, amended");
        same(&repo.cached(""), &repo.history(""));
        assert!(
            !summaries(&repo.cached(""))
                .iter()
                .any(|s| s.starts_with("FROM-CACHE"))
        );

        // A merge since the cache's commit.
        let repo = busy_repo();
        let base = repo.head();
        repo.plant_marked_cache(base);
        repo.write("goals/side.md", "side\n");
        let side = repo.commit(5, "side");
        repo.checkout(base);
        repo.write("goals/main.md", "main\n");
        let main = repo.commit(6, "main");
        repo.merge(main, side, 10);
        let history = repo.cached("");
        same(&history, &repo.history(""));
        assert!(
            !summaries(&history)
                .iter()
                .any(|s| s.starts_with("FROM-CACHE"))
        );
    }

    #[test]
    fn a_damaged_cache_is_ignored_and_replaced() {
        let repo = busy_repo();
        repo.cached("");
        let file = cache::path(repo.repo.path(), Path::new(""));
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
        std::fs::write(&file, &bytes).unwrap();
        same(&repo.cached(""), &repo.history(""));
        assert_ne!(std::fs::read(&file).unwrap(), bytes, "rewritten");
        std::fs::write(&file, b"").unwrap();
        same(&repo.cached(""), &repo.history(""));
    }

    #[test]
    fn first_last_and_count_per_note() {
        let repo = TestRepo::new();
        repo.write("goals/a.md", "one\n");
        repo.write("assets/x.png", "png");
        repo.commit(2, "add a");
        repo.write("goals/b.md", "b\n");
        repo.commit(5, "add b");
        repo.write("goals/a.md", "one\ntwo\n");
        repo.commit(9, "edit a");
        repo.commit(10, "empty commit");
        let history = repo.history("");
        let a = history.note(Path::new("goals/a.md")).unwrap();
        assert_eq!(
            (a.first.date, a.last.date, a.revisions),
            (day(2), day(9), 2)
        );
        let b = history.note(Path::new("goals/b.md")).unwrap();
        assert_eq!((b.first.date, b.revisions), (day(5), 1));
        assert_eq!(history.commits.len(), 3, "only commits touching notes");
        assert!(history.note(Path::new("assets/x.png")).is_none());
        assert_eq!(
            history.line_changes(
                history.files[Path::new("goals/a.md")][1].old,
                history.files[Path::new("goals/a.md")][1].new
            ),
            (1, 0)
        );
    }

    #[test]
    fn renames_and_moves_keep_history() {
        let repo = TestRepo::new();
        let text = "---\ndate: 2026-01-02\n---\nA long enough body\nwith several lines\nthat stay the same\nwhen moved\n";
        repo.write("meetings/2026-01-02-sync.md", text);
        repo.commit(2, "add");
        repo.remove("meetings/2026-01-02-sync.md");
        repo.write("meetings/2026/finance-sync.md", text);
        repo.commit(4, "move");
        repo.remove("meetings/2026/finance-sync.md");
        repo.write(
            "meetings/2026/finance.md",
            &format!("{text}one more line\n"),
        );
        repo.commit(6, "rename and edit");
        let history = repo.history("");
        let note = history.note(Path::new("meetings/2026/finance.md")).unwrap();
        assert_eq!((note.first.date, note.revisions), (day(2), 3));
        assert_eq!(
            note.previous_paths,
            [
                Path::new("meetings/2026-01-02-sync.md"),
                Path::new("meetings/2026/finance-sync.md")
            ]
        );
        assert_eq!(history.files.len(), 1);
    }

    #[test]
    fn journal_in_a_subfolder_and_work_states() {
        let repo = TestRepo::new();
        repo.write("src/main.rs", "fn main() {}");
        repo.write("notes/journal/goals/a.md", "a\n");
        repo.write("notes/journal/goals/b.md", "b\n");
        repo.write("README.md", "outside the journal\n");
        repo.commit(3, "add");
        repo.write("notes/journal/goals/b.md", "b changed\n");
        repo.write("notes/journal/goals/c.md", "new\n");
        let history = repo.history("notes/journal");
        assert_eq!(history.prefix, Path::new("notes/journal"));
        assert_eq!(
            history.note(Path::new("goals/a.md")).unwrap().first.date,
            day(3)
        );
        assert!(history.note(Path::new("README.md")).is_none());
        assert_eq!(
            history.work_state(Path::new("goals/a.md")),
            WorkState::Committed
        );
        assert_eq!(
            history.work_state(Path::new("goals/b.md")),
            WorkState::Modified
        );
        assert_eq!(
            history.work_state(Path::new("goals/c.md")),
            WorkState::Untracked
        );
    }

    #[test]
    fn merges_keep_the_branch_dates() {
        let repo = TestRepo::new();
        repo.write("goals/a.md", "a\n");
        let base = repo.commit(2, "base");
        // A branch commit written on day 5...
        repo.write("goals/b.md", "b\n");
        let branch = repo.commit(5, "on a branch");
        // ...while main moved on from base on day 6.
        repo.checkout(base);
        repo.write("goals/a.md", "a2\n");
        let main = repo.commit(6, "main");
        repo.merge(main, branch, 9);
        let history = repo.history("");
        let b = history.note(Path::new("goals/b.md")).unwrap();
        assert_eq!(
            (b.first.date, b.revisions),
            (day(5), 1),
            "the branch commit, not the merge"
        );
        let a = history.note(Path::new("goals/a.md")).unwrap();
        assert_eq!(
            (a.first.date, a.last.date, a.revisions),
            (day(2), day(6), 2)
        );
    }

    #[test]
    fn goal_status_over_time_and_late_edits() {
        let repo = TestRepo::new();
        let goal = |status: &str| {
            format!("---\ntitle: G\nstatus: {status}\nstarted: 2026-01-02\n---\nBody\n")
        };
        repo.write("goals/g.md", &goal("proposed"));
        repo.write(
            "updates/2026-01-02.md",
            "---\ndate: 2026-01-02\n---\nDone.\n",
        );
        repo.commit(2, "add");
        repo.write("goals/g.md", &goal("active"));
        repo.commit(5, "start");
        repo.write("goals/g.md", &format!("{}More.\n", goal("active")));
        repo.commit(7, "note");
        repo.write("goals/g.md", &goal("done"));
        repo.write(
            "updates/2026-01-02.md",
            "---\ndate: 2026-01-02\n---\nDone.\nAdded later.\nAnd this.\n",
        );
        repo.commit(20, "finish");
        let history = repo.history("");
        let changes = history.status_changes(Path::new("goals/g.md"));
        let summary: Vec<(Date, String)> =
            changes.into_iter().map(|c| (c.date, c.status)).collect();
        assert_eq!(
            summary,
            [
                (day(2), "proposed".to_string()),
                (day(5), "active".to_string()),
                (day(20), "done".to_string())
            ]
        );
        let edits = history.edits_after(Path::new("updates/2026-01-02.md"), day(2));
        assert_eq!(edits.len(), 1);
        assert_eq!(
            (edits[0].date, edits[0].added, edits[0].removed),
            (day(20), 2, 0)
        );
    }

    #[test]
    fn detached_head_reads_history_up_to_that_commit() {
        let repo = TestRepo::new();
        repo.write("goals/a.md", "a\n");
        let first = repo.commit(2, "add");
        repo.write("goals/a.md", "a2\n");
        repo.commit(4, "edit");
        repo.repo.set_head_detached(first).unwrap();
        let history = repo.history("");
        let a = history.note(Path::new("goals/a.md")).unwrap();
        assert_eq!(
            (a.first.date, a.last.date, a.revisions),
            (day(2), day(2), 1)
        );
    }

    #[test]
    fn shallow_clones_are_read_and_flagged() {
        let repo = TestRepo::new();
        repo.write("goals/a.md", "a\n");
        repo.commit(2, "add");
        repo.write("goals/a.md", "a2\n");
        repo.commit(4, "edit");
        repo.write("goals/b.md", "b\n");
        repo.commit(6, "add b");
        let clone = tempfile::tempdir().unwrap();
        let url = format!("file://{}", repo.path().display());
        let status = std::process::Command::new("git")
            .args(["clone", "-q", "--depth", "1", &url])
            .arg(clone.path().join("c"))
            .status();
        let Ok(status) = status else {
            panic!("git is needed to make a shallow clone for this test");
        };
        assert!(status.success());
        let Provenance::Available(history) = Provenance::load(&clone.path().join("c"), false)
        else {
            panic!("no history in the shallow clone")
        };
        assert!(history.shallow);
        // The boundary commit is all there is: every note seems added on day 6.
        let a = history.note(Path::new("goals/a.md")).unwrap();
        assert_eq!((a.first.date, a.revisions), (day(6), 1));
    }

    #[test]
    fn not_a_repository_and_no_commits() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Provenance::load(dir.path(), false),
            Provenance::NotARepository
        ));
        Repository::init(dir.path()).unwrap();
        assert!(matches!(
            Provenance::load(dir.path(), false),
            Provenance::NoCommits
        ));
    }
}
