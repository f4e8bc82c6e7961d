//! Where the journal's files come from: the working tree, or the git index.
//!
//! Every stage that reads a file of the journal (`dossier.toml`, the notes,
//! the files a note links to) asks a [`Source`] for it, so that one pipeline
//! checks either:
//!
//! - [`Source::WorkingTree`]: the files on disk, under [`crate::fsread`]'s
//!   rule. What every command but `check --staged` reads.
//! - [`Source::Index`]: the files as they are in the git index, what the
//!   next commit will hold (`dossier check --staged`, the pre-commit hook).
//!   Untracked files and unstaged changes do not exist for it; a file
//!   deleted from the index is absent even when it is still on disk. The
//!   index named by `GIT_INDEX_FILE` is read when that is set: git sets it
//!   for the hook of `git commit -a` or `git commit PATH`, whose commit is
//!   made from a temporary index.
//!
//! The index obeys the same rule as the disk: a symbolic link (mode 120000)
//! is never followed, a submodule (a gitlink) is not a file, and a blob
//! larger than the limit is refused from its size in the object database's
//! header, before anything of it is read.
//!
//! The git history is not a source: it is read from the repository as it
//! is, whichever source the files come from.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use git2::{IndexEntryExtendedFlag, Oid, Repository};

use crate::fsread::{self, ReadError};

/// Where the journal's files are read from.
pub enum Source {
    /// The working tree, under [`crate::fsread`]'s rule.
    WorkingTree,
    /// The git index (see [`IndexFiles`]).
    Index(Box<IndexFiles>),
}

/// Why the index could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No repository around the journal.
    #[error(
        "`{}` is not in a git repository: --staged checks the files staged for the next commit, and there is no git index here (run `dossier check` without --staged to check the files on disk)",
        .0.display()
    )]
    NotARepository(PathBuf),
    /// A bare repository has no index to stage into.
    #[error("the repository around `{}` is bare: it has no index for --staged to read", .0.display())]
    Bare(PathBuf),
    /// The journal is not inside the repository's working tree.
    #[error(
        "`{}` is not inside the working tree of the repository at `{}`: --staged cannot find its files in the index",
        .journal.display(),
        .workdir.display()
    )]
    OutsideWorkTree {
        /// The journal folder.
        journal: PathBuf,
        /// The repository's working tree.
        workdir: PathBuf,
    },
    /// libgit2 could not open the repository or read the index.
    #[error("cannot read the git index of `{}`: {message}", .path.display())]
    Git {
        /// The journal folder, or the index file.
        path: PathBuf,
        /// libgit2's explanation.
        message: String,
    },
}

/// What an index entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StagedKind {
    /// A regular file, executable or not.
    File,
    /// A symbolic link (mode 120000): its blob is the link's target.
    Symlink,
    /// A submodule (a gitlink, mode 160000): a commit of another
    /// repository, not a file.
    Submodule,
}

/// One index entry of the journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staged {
    /// What it is.
    pub kind: StagedKind,
    /// Its blob (or, for a submodule, its commit).
    pub id: Oid,
}

/// The journal's files as the git index has them: every stage-0 entry
/// under the journal's folder, by journal-relative path, and the
/// repository whose object database holds their blobs.
pub struct IndexFiles {
    /// libgit2's repository is `Send` but not `Sync`: reads from the
    /// per-file checks, which run in parallel, take turns.
    repo: Mutex<Repository>,
    entries: BTreeMap<PathBuf, Staged>,
    /// Paths with a merge conflict (entries of stages 1 to 3 only).
    unmerged: Vec<PathBuf>,
}

/// The longest symbolic link target read from the index (a link's blob is
/// its target path).
const LINK_TARGET_LIMIT: u64 = 4096;

impl Source {
    /// The index of the repository around `root` (see [`IndexFiles::open`]).
    pub fn index(root: &Path) -> Result<Source, IndexError> {
        IndexFiles::open(root).map(|files| Source::Index(Box::new(files)))
    }

    /// The index, when the files come from it.
    pub fn index_files(&self) -> Option<&IndexFiles> {
        match self {
            Source::WorkingTree => None,
            Source::Index(files) => Some(files),
        }
    }

    /// Reads `root/relative`, of at most `limit` bytes: from disk under
    /// [`fsread::read_under`]'s rule, or the blob the index has at
    /// `relative`.
    pub fn read(&self, root: &Path, relative: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        match self {
            Source::WorkingTree => fsread::read_under(root, relative, limit),
            Source::Index(files) => files.read(root, relative, limit),
        }
    }

    /// The size of the regular file `root/relative`, checked by the rule
    /// without reading it (see [`fsread::inspect`]).
    pub fn size(&self, root: &Path, relative: &Path) -> Result<u64, ReadError> {
        match self {
            Source::WorkingTree => fsread::inspect(root, relative).map(|metadata| metadata.len()),
            Source::Index(files) => files.size(root, relative),
        }
    }

    /// True when anything is at `root/relative`: a file, a folder, a link
    /// (not followed), anything.
    pub fn exists(&self, root: &Path, relative: &Path) -> bool {
        match self {
            Source::WorkingTree => std::fs::symlink_metadata(root.join(relative)).is_ok(),
            Source::Index(files) => {
                files.entries.contains_key(relative) || files.is_folder(relative)
            }
        }
    }
}

impl IndexFiles {
    /// Reads the index of the repository around `root` (the one named by
    /// `GIT_INDEX_FILE` when that is set), keeping the stage-0 entries
    /// under `root`. Entries added with `git add --intent-to-add` are left
    /// out (they are not staged), and so are paths that are not plain
    /// relative paths.
    pub fn open(root: &Path) -> Result<IndexFiles, IndexError> {
        let git = |path: &Path| {
            let path = path.to_path_buf();
            move |error: git2::Error| IndexError::Git {
                path,
                message: error.message().to_string(),
            }
        };
        let repo = match Repository::discover(root) {
            Ok(repo) => repo,
            Err(error) if error.code() == git2::ErrorCode::NotFound => {
                return Err(IndexError::NotARepository(root.to_path_buf()));
            }
            Err(error) => return Err(git(root)(error)),
        };
        let workdir = repo
            .workdir()
            .ok_or_else(|| IndexError::Bare(root.to_path_buf()))?;
        let outside = || IndexError::OutsideWorkTree {
            journal: root.to_path_buf(),
            workdir: workdir.to_path_buf(),
        };
        let (Ok(canonical_root), Ok(canonical_workdir)) =
            (root.canonicalize(), workdir.canonicalize())
        else {
            return Err(outside());
        };
        let prefix = canonical_root
            .strip_prefix(&canonical_workdir)
            .map_err(|_| outside())?
            .to_path_buf();
        let index = match std::env::var_os("GIT_INDEX_FILE").filter(|path| !path.is_empty()) {
            Some(path) => {
                let path = std::path::absolute(&path).unwrap_or_else(|_| PathBuf::from(&path));
                git2::Index::open(&path).map_err(git(&path))?
            }
            None => repo.index().map_err(git(root))?,
        };
        let prefix = prefix_bytes(&prefix);
        let mut entries = BTreeMap::new();
        let mut unmerged = Vec::new();
        for entry in index.iter() {
            let Some(relative) = entry
                .path
                .strip_prefix(prefix.as_slice())
                .and_then(plain_path)
            else {
                continue;
            };
            let extended = IndexEntryExtendedFlag::from_bits_truncate(entry.flags_extended);
            if extended.is_intent_to_add() {
                continue;
            }
            if (entry.flags >> 12) & 3 != 0 {
                if unmerged.last() != Some(&relative) {
                    unmerged.push(relative);
                }
                continue;
            }
            let kind = match entry.mode & 0o170000 {
                0o100000 => StagedKind::File,
                0o120000 => StagedKind::Symlink,
                0o160000 => StagedKind::Submodule,
                // A folder of a sparse index: nothing of it is checked out.
                _ => continue,
            };
            entries.insert(relative, Staged { kind, id: entry.id });
        }
        Ok(IndexFiles {
            repo: Mutex::new(repo),
            entries,
            unmerged,
        })
    }

    /// Every entry, by journal-relative path, sorted.
    pub fn entries(&self) -> impl Iterator<Item = (&Path, &Staged)> {
        self.entries
            .iter()
            .map(|(path, staged)| (path.as_path(), staged))
    }

    /// The entry at `relative`, if any.
    pub fn get(&self, relative: &Path) -> Option<&Staged> {
        self.entries.get(relative)
    }

    /// Paths with a merge conflict in the index (no stage-0 entry).
    pub fn unmerged(&self) -> &[PathBuf] {
        &self.unmerged
    }

    /// True when some entry is below `relative`.
    pub fn is_folder(&self, relative: &Path) -> bool {
        self.entries
            .range::<Path, _>((Bound::Excluded(relative), Bound::Unbounded))
            .next()
            .is_some_and(|(path, _)| path.starts_with(relative) && path != relative)
    }

    /// The target of the symbolic link at `relative`, as written.
    pub fn link_target(&self, relative: &Path) -> Option<String> {
        let staged = self.entries.get(relative)?;
        (staged.kind == StagedKind::Symlink).then_some(())?;
        let bytes = self.blob(staged.id, LINK_TARGET_LIMIT).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    fn read(&self, root: &Path, relative: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        let staged = self.file(root, relative)?;
        self.blob(staged.id, limit)
    }

    fn size(&self, root: &Path, relative: &Path) -> Result<u64, ReadError> {
        let staged = self.file(root, relative)?;
        let repo = self.repo.lock().unwrap_or_else(PoisonError::into_inner);
        let odb = repo.odb().map_err(io)?;
        let (size, _) = odb.read_header(staged.id).map_err(io)?;
        Ok(size as u64)
    }

    /// The regular file at `relative`, or why there is none: the same
    /// reasons as on disk.
    fn file(&self, root: &Path, relative: &Path) -> Result<&Staged, ReadError> {
        let plain = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !plain {
            return Err(ReadError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a plain relative path",
            )));
        }
        let relative: PathBuf = relative.components().collect();
        match self.entries.get(&relative) {
            Some(staged) => match staged.kind {
                StagedKind::File => Ok(staged),
                StagedKind::Symlink => Err(ReadError::Symlink(root.join(&relative))),
                StagedKind::Submodule => Err(ReadError::NotAFile("a submodule")),
            },
            None if self.is_folder(&relative) => Err(ReadError::NotAFile("a folder")),
            None => {
                // A folder on the way that is a link in the index.
                let link = relative.ancestors().skip(1).find(|folder| {
                    self.entries
                        .get(*folder)
                        .is_some_and(|s| s.kind == StagedKind::Symlink)
                });
                Err(match link {
                    Some(link) => ReadError::Symlink(root.join(link)),
                    None => ReadError::Io(std::io::ErrorKind::NotFound.into()),
                })
            }
        }
    }

    /// The blob `id`, when its size (from the object's header, read first)
    /// is at most `limit`.
    fn blob(&self, id: Oid, limit: u64) -> Result<Vec<u8>, ReadError> {
        let repo = self.repo.lock().unwrap_or_else(PoisonError::into_inner);
        let odb = repo.odb().map_err(io)?;
        let (size, kind) = odb.read_header(id).map_err(io)?;
        if kind != git2::ObjectType::Blob {
            return Err(ReadError::NotAFile("not a blob in the object database"));
        }
        if size as u64 > limit {
            return Err(ReadError::TooLarge(size as u64));
        }
        let object = odb.read(id).map_err(io)?;
        Ok(object.data().to_vec())
    }
}

/// A libgit2 error as the I/O error of a read.
fn io(error: git2::Error) -> ReadError {
    ReadError::Io(std::io::Error::other(error.message().to_string()))
}

/// The journal's folder inside the repository as the prefix of its index
/// paths (`notes/journal/`; empty at the root).
fn prefix_bytes(prefix: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for component in prefix.components() {
        bytes.extend_from_slice(component.as_os_str().as_encoded_bytes());
        bytes.push(b'/');
    }
    bytes
}

/// An index path (below the journal's prefix) as a path, when it is a
/// plain relative one: no `..`, no `.`, nothing empty, nothing absolute.
fn plain_path(bytes: &[u8]) -> Option<PathBuf> {
    let plain = !bytes.is_empty()
        && bytes
            .split(|&b| b == b'/')
            .all(|part| !part.is_empty() && part != b"." && part != b"..");
    if !plain {
        return None;
    }
    #[cfg(unix)]
    let path = {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    };
    #[cfg(not(unix))]
    let path = PathBuf::from(std::str::from_utf8(bytes).ok()?);
    path.components()
        .all(|component| matches!(component, Component::Normal(_)))
        .then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_must_be_plain() {
        assert_eq!(plain_path(b"goals/a.md"), Some(PathBuf::from("goals/a.md")));
        for bad in [
            &b""[..],
            b"/etc/passwd",
            b"goals/../x.md",
            b"./a.md",
            b"a//b.md",
        ] {
            assert_eq!(plain_path(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(prefix_bytes(Path::new("notes/journal")), b"notes/journal/");
        assert_eq!(prefix_bytes(Path::new("")), b"");
    }
}
