//! The walk: every commit reachable from HEAD, compared with its first
//! parent by reading raw tree objects (see the parent module's
//! documentation), renames and moves paired, each note's touches recorded.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use git2::{Oid, Repository, Sort};
use jiff::civil::Date;

use super::cache::WalkState;
use super::raw::{CommitInfo, Entry, Tree, git_order};
use super::{Commit, HistoryError, Touch};

fn is_note(name: &[u8]) -> bool {
    crate::publish::has_markdown_extension(name)
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

/// The walk of every commit reachable from HEAD.
pub(super) fn from_scratch(repo: &Repository, prefix: &Path) -> Result<WalkState, HistoryError> {
    let mut state = WalkState::default();
    walk(repo, prefix, None, &mut state)?;
    Ok(state)
}

/// Walks the commits reachable from HEAD (and not from `since`), parents
/// first, adding what each changed to `state`. With `since`, gives up and
/// returns false on meeting a merge commit: the commits since are then not
/// one line, and only a walk from scratch gives the canonical order.
pub(super) fn walk(
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
    let pairs = renames(repo, &added, &deleted);
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

/// Which added notes are deleted ones renamed, as (added, deleted) index
/// pairs: the same content first, then similar content (at least half
/// alike, the most alike first) when neither side is larger than
/// [`SIMILARITY_LIMIT`].
fn renames(
    repo: &Repository,
    added: &[(PathBuf, Oid)],
    deleted: &[(PathBuf, Oid)],
) -> Vec<(usize, usize)> {
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
    pairs
}
