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
//! Blobs are read only afterwards, and only for the notes a caller names
//! ([`facts`]): to reconstruct a goal's status over time, to measure how much
//! an update or meeting changed after its own date, and to tell which earlier
//! paths of a note were public.
//!
//! What leaves this module is plain data: a [`History`] holds no repository
//! handle and never changes once read, so threads share it, and a long-lived
//! process keeps it while the repository stays where it was
//! ([`History::refresh`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod cache;
mod facts;
mod raw;
mod walk;

use cache::WalkState;
use git2::{Oid, Repository, Status, StatusOptions};
use jiff::civil::Date;

pub use facts::{Facts, NoteFacts, Wanted, facts};

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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct StatusChange {
    /// The commit's author date.
    pub date: Date,
    /// The commit's short hash.
    pub commit: String,
    /// The status written in that version.
    pub status: String,
}

/// A change made to a note after its own date.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
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

/// Everything git says about the journal: what the walk found, and which
/// notes differ from HEAD in the working tree.
#[derive(Clone, Debug)]
pub struct History {
    /// What the walk found: shared, never changed once read.
    walk: Arc<Walk>,
    /// Notes that differ from HEAD in the working tree.
    work: HashMap<PathBuf, WorkState>,
}

/// What one walk of the repository found.
#[derive(Debug)]
struct Walk {
    /// Commits that touched a note, oldest first.
    commits: Vec<Commit>,
    /// Each note at HEAD (journal-relative path) and the commits that changed
    /// it, oldest first, following renames.
    files: HashMap<PathBuf, Vec<Touch>>,
    /// True in a shallow clone: the oldest commits are missing.
    shallow: bool,
    /// The repository's git folder, where [`facts`] reads note versions.
    git_dir: PathBuf,
    /// Whether the caches are used (`--no-cache` turns them off).
    use_cache: bool,
    /// What the history was read from, to tell whether it still holds.
    read_from: ReadFrom,
}

impl History {
    fn read(repo: &Repository, prefix: PathBuf, use_cache: bool) -> Result<History, HistoryError> {
        // Objects are verified by the operations that need them; hashing every
        // object read again would double the cost of the walk.
        git2::opts::strict_hash_verification(false);
        let shallow = repo.is_shallow();
        let read_from = ReadFrom::now(repo, &prefix, use_cache)?;
        let head = read_from.head;
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
                if walk::walk(repo, &prefix, Some(reached), &mut cached)? {
                    cached
                } else {
                    walk::from_scratch(repo, &prefix)?
                }
            }
            None => walk::from_scratch(repo, &prefix)?,
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
        let work = work_states(repo, &prefix)?;
        Ok(History {
            walk: Arc::new(Walk {
                commits,
                files,
                shallow,
                git_dir: repo.path().to_path_buf(),
                use_cache,
                read_from,
            }),
            work,
        })
    }

    /// This history with the working tree read again, when HEAD, the index
    /// and the shallow boundary of the repository at `root` are as they
    /// were when it was read (and the cache setting is the same); `None`
    /// when anything changed, or cannot be told: the history must then be
    /// read again ([`read`]).
    pub fn refresh(&self, root: &Path) -> Option<History> {
        let (repo, prefix) = discover(root).ok()?;
        let now = ReadFrom::now(&repo, &prefix, self.walk.use_cache).ok()?;
        if !self.walk.read_from.trusted_same(&now) {
            return None;
        }
        Some(History {
            walk: Arc::clone(&self.walk),
            work: work_states(&repo, &prefix).ok()?,
        })
    }

    /// What this history was read from: two histories with the same identity
    /// found the same commits and touches.
    pub fn identity(&self) -> impl std::hash::Hash + '_ {
        let from = &self.walk.read_from;
        (
            from.head.as_bytes(),
            &from.prefix,
            from.use_cache,
            self.walk.shallow,
        )
    }

    /// Commits that touched a note, oldest first.
    pub fn commits(&self) -> &[Commit] {
        &self.walk.commits
    }

    /// True in a shallow clone: the oldest commits are missing.
    pub fn shallow(&self) -> bool {
        self.walk.shallow
    }

    /// What git says about the note at `path` (journal-relative), if committed.
    pub fn note(&self, path: &Path) -> Option<NoteHistory<'_>> {
        let touches = self.walk.files.get(path)?;
        let first = &self.walk.commits[touches.first()?.commit];
        let last = &self.walk.commits[touches.last()?.commit];
        let signed = touches
            .iter()
            .filter(|t| self.walk.commits[t.commit].signed)
            .count();
        Some(NoteHistory {
            first,
            last,
            revisions: touches.len(),
            signed,
        })
    }

    /// What git says of the note at `path`, as every output shows it: the
    /// packet's provenance rows and the site's pages read this, and
    /// nothing else computes it.
    pub fn record(&self, path: &Path) -> NoteRecord {
        let Some(note) = self.note(path) else {
            return NoteRecord::default();
        };
        NoteRecord {
            first_date: Some(note.first.date),
            first_commit: Some(note.first.short().to_string()),
            first_subject: Some(note.first.summary.clone()),
            revisions: note.revisions,
            last_date: Some(note.last.date),
            last_commit: Some(note.last.short().to_string()),
            signed: note.signed,
            state: match self.work_state(path) {
                WorkState::Committed => NoteState::Committed,
                WorkState::Modified => NoteState::Modified,
                WorkState::Untracked => NoteState::Uncommitted,
            },
        }
    }

    /// The state of a note in the working tree.
    pub fn work_state(&self, path: &Path) -> WorkState {
        match self.work.get(path) {
            Some(state) => *state,
            None if self.walk.files.contains_key(path) => WorkState::Committed,
            None => WorkState::Untracked,
        }
    }
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
    /// What the repository is at now. Taken before anything is read: a
    /// change made meanwhile shows next time.
    fn now(repo: &Repository, prefix: &Path, use_cache: bool) -> Result<ReadFrom, HistoryError> {
        let at = std::time::SystemTime::now();
        Ok(ReadFrom {
            head: repo.head()?.peel_to_commit()?.id(),
            index: Seen::of(&repo.path().join("index"), at),
            shallow: Seen::of(&repo.path().join("shallow"), at),
            prefix: prefix.to_path_buf(),
            use_cache,
        })
    }

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

impl Provenance {
    /// The history, when it was read.
    pub fn history(&self) -> Option<&History> {
        match self {
            Provenance::Available(history) => Some(history),
            _ => None,
        }
    }

    /// What git says of the note at `path` ([`History::record`]); without
    /// history, a note never committed.
    pub fn record(&self, path: &Path) -> NoteRecord {
        self.history()
            .map(|history| history.record(path))
            .unwrap_or_default()
    }

    /// Why there is no provenance, or a caveat about it (a shallow clone),
    /// in one sentence for a reader. The cause of a failure is reported to
    /// the author (`dossier check`), not here: libgit2's messages name
    /// paths on the author's machine.
    pub fn message(&self) -> Option<&'static str> {
        match self {
            Provenance::Available(history) => history.shallow().then_some(
                "This is a shallow clone: the oldest commits are missing, so first-written dates may be later than the truth.",
            ),
            Provenance::NotARepository => {
                Some("The journal is not in a git repository: no provenance is available.")
            }
            Provenance::NoCommits => {
                Some("The repository has no commits yet: no provenance is available.")
            }
            Provenance::Failed(_) => {
                Some("The git history could not be read: no provenance is available.")
            }
        }
    }
}

/// Whether a note is committed as it is now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteState {
    /// As committed.
    Committed,
    /// Committed, with changes since (staged or not).
    Modified,
    /// Never committed (or no history).
    #[default]
    Uncommitted,
}

impl NoteState {
    /// `committed`, `modified` or `uncommitted`.
    pub fn name(self) -> &'static str {
        match self {
            NoteState::Committed => "committed",
            NoteState::Modified => "modified",
            NoteState::Uncommitted => "uncommitted",
        }
    }
}

/// What git says of one note, for a reader: when it was first committed
/// and last changed, how often, and whether it is committed as it is now.
/// Everything is `None` (and `revisions` 0) for a note never committed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct NoteRecord {
    /// First commit: date.
    pub first_date: Option<Date>,
    /// First commit: short hash.
    pub first_commit: Option<String>,
    /// First commit: the subject line of its message (shown only when the
    /// user asks for commit messages).
    #[serde(skip)]
    pub first_subject: Option<String>,
    /// Commits that changed it.
    pub revisions: usize,
    /// Last commit: date.
    pub last_date: Option<Date>,
    /// Last commit: short hash.
    pub last_commit: Option<String>,
    /// Commits that are signed.
    pub signed: usize,
    /// Committed as it is now, or not.
    pub state: NoteState,
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
}

/// True for a folder with nothing in it (a `.git` left empty is no
/// repository, nothing more).
fn is_empty_folder(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// Reads the history of the journal at `root`. With `use_cache`, the walk
/// starts from the history cache when it checks out, and saves it (the
/// private `cache` module); the result is the same either way.
pub fn read(root: &Path, use_cache: bool) -> Provenance {
    let (repo, prefix) = match discover(root) {
        Ok(found) => found,
        Err(provenance) => return provenance,
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
    match History::read(&repo, prefix, use_cache) {
        Ok(history) => Provenance::Available(Box::new(history)),
        Err(error) => Provenance::Failed(error),
    }
}

/// The repository that holds the journal at `root`, and the journal's folder
/// inside it; or what to say when there is none.
fn discover(root: &Path) -> Result<(Repository, PathBuf), Provenance> {
    let repo = match Repository::discover(root) {
        Ok(repo) => repo,
        // Nothing found: not a repository. Anything else (a `.git` that
        // cannot be read, a damaged one) is said as it is.
        Err(error) if error.code() == git2::ErrorCode::NotFound => {
            // A `.git` on the way up that libgit2 did not take (a `gitdir:`
            // file pointing nowhere, a folder it cannot read).
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
            return Err(match unreadable {
                Some((dot_git, why)) => Provenance::Failed(HistoryError::Unreadable(dot_git, why)),
                None => Provenance::NotARepository,
            });
        }
        Err(error) => return Err(Provenance::Failed(HistoryError::Git(error))),
    };
    let Some(workdir) = repo.workdir() else {
        return Err(Provenance::NotARepository);
    };
    let prefix = match (root.canonicalize(), workdir.canonicalize()) {
        (Ok(root), Ok(workdir)) => root
            .strip_prefix(&workdir)
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        _ => PathBuf::new(),
    };
    Ok((repo, prefix))
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
            match read(&self.path().join(journal), false) {
                Provenance::Available(history) => *history,
                _ => panic!("no history"),
            }
        }
    }

    /// The facts of one note, asked of [`facts`] as the packet asks.
    impl History {
        fn status_changes(&self, path: &Path) -> Vec<StatusChange> {
            let wanted = [Wanted {
                path,
                statuses: true,
                edits_after: None,
            }];
            facts(self, &wanted)
                .of(path)
                .map(|f| f.status_changes.clone())
                .unwrap_or_default()
        }

        fn edits_after(&self, path: &Path, day: Date) -> Vec<LateEdit> {
            let wanted = [Wanted {
                path,
                statuses: false,
                edits_after: Some(day),
            }];
            facts(self, &wanted)
                .of(path)
                .map(|f| f.late_edits.clone())
                .unwrap_or_default()
        }

        fn previous_paths(&self, path: &Path) -> Vec<PathBuf> {
            let wanted = [Wanted {
                path,
                statuses: false,
                edits_after: None,
            }];
            facts(self, &wanted)
                .of(path)
                .map(|f| f.previous_paths.clone())
                .unwrap_or_default()
        }
    }

    fn day(d: i8) -> Date {
        Date::constant(2026, 1, d)
    }

    impl TestRepo {
        /// The history read through the cache (as `dossier` does by default).
        fn cached(&self, journal: &str) -> History {
            match read(&self.path().join(journal), true) {
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
                commits: history.walk.commits.clone(),
                ..WalkState::default()
            };
            for commit in &mut state.commits {
                commit.summary = format!("FROM-CACHE {}", commit.summary);
            }
            let mut files: Vec<_> = history.walk.files.clone().into_iter().collect();
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
        history
            .walk
            .commits
            .iter()
            .map(|c| c.summary.as_str())
            .collect()
    }

    fn same(cached: &History, scratch: &History) {
        assert_eq!(cached.walk.commits, scratch.walk.commits);
        assert_eq!(cached.walk.files, scratch.walk.files);
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
        let lines = |history: &History| {
            let edits = history.edits_after(path, day(2));
            (edits[0].added, edits[0].removed)
        };
        let file = cache::facts_path(repo.repo.path());
        let first = repo.cached("");
        assert!(!file.exists(), "nothing read yet");
        assert_eq!(statuses(&first), ["active", "done"]);
        assert_eq!(lines(&first), (3, 1));
        let saved = cache::load_facts(&file).expect("saved in .git/dossier");
        assert_eq!(saved.statuses.len(), 2);
        let touch = first.walk.files[path][1].clone();
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
        assert_eq!(lines(&second), (7, 9));
        // Without the cache (`--no-cache`), they are worked out again, and
        // the file is left alone.
        let scratch = repo.history("");
        assert_eq!(statuses(&scratch), ["active", "done"]);
        assert_eq!(lines(&scratch), (3, 1));
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
        assert_eq!(history.commits().len(), 3, "only commits touching notes");
        assert!(history.note(Path::new("assets/x.png")).is_none());
        let edits = history.edits_after(Path::new("goals/a.md"), day(2));
        assert_eq!((edits[0].added, edits[0].removed), (1, 0));
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
            history.previous_paths(Path::new("meetings/2026/finance.md")),
            [
                Path::new("meetings/2026-01-02-sync.md"),
                Path::new("meetings/2026/finance-sync.md")
            ]
        );
        assert_eq!(history.walk.files.len(), 1);
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
        assert_eq!(history.walk.read_from.prefix, Path::new("notes/journal"));
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
        let Provenance::Available(history) = read(&clone.path().join("c"), false) else {
            panic!("no history in the shallow clone")
        };
        assert!(history.shallow());
        // The boundary commit is all there is: every note seems added on day 6.
        let a = history.note(Path::new("goals/a.md")).unwrap();
        assert_eq!((a.first.date, a.revisions), (day(6), 1));
    }

    #[test]
    fn not_a_repository_and_no_commits() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(dir.path(), false),
            Provenance::NotARepository
        ));
        Repository::init(dir.path()).unwrap();
        assert!(matches!(read(dir.path(), false), Provenance::NoCommits));
    }
}
