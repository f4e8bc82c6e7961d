//! Watching the journal: which folders are watched, and which changed paths
//! call for a rebuild.
//!
//! Events come from `notify`, debounced by `notify-debouncer-full`.
//! [`Watches`] decides what is watched: the journal's folders, found by a
//! walk of its own that never follows a symbolic link (a link to `/` or to a
//! large folder elsewhere is not a folder of the journal), each watched on
//! its own (not recursively, so that `notify` never walks anything itself),
//! and at most [`MAX_WATCHED_FOLDERS`] of them. Folders created later are
//! watched as they appear, removed ones forgotten.
//!
//! [`is_relevant`] decides which events matter. Ignored, and never watched:
//! anything under a hidden file or folder (`.git/`, `.obsidian/`), the
//! output folder and any folder dossier generated; ignored too: editor
//! temporary files.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventHandler, DebouncedEvent, Debouncer, RecommendedCache};

use crate::error::{Error, Result};
use crate::publish::MARKER_FILE;

/// The most folders `dossier serve` watches, the journal's root included.
/// A journal has a handful (`goals/`, `updates/`, `meetings/`, `templates/`,
/// `assets/` and the folders inside them); past this, the folders found
/// first (breadth-first, by name) are watched, a warning says so, and changes
/// in the others are seen only at the next rebuild. Each watch is a kernel
/// resource shared with every program of the user (`inotify` allows 8,192
/// per user on many systems).
pub const MAX_WATCHED_FOLDERS: usize = 1000;

/// The watches on a journal's folders.
pub struct Watches {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// The journal folder, absolute and canonical.
    root: PathBuf,
    /// The default output folder, never watched.
    output: PathBuf,
    /// The folders watched now.
    watched: BTreeSet<PathBuf>,
    /// The most folders to watch.
    limit: usize,
    /// Whether the warning that the limit was reached was printed.
    warned: bool,
}

impl Watches {
    /// Watches the folders of the journal at `root` (absolute and
    /// canonical) and sends their debounced events to `handler`: at most
    /// `limit` folders, never through a symbolic link. Fails if the root
    /// itself cannot be watched; other folders that cannot be are named in
    /// a warning.
    pub fn start<F: DebounceEventHandler>(
        root: PathBuf,
        output: PathBuf,
        limit: usize,
        debounce: std::time::Duration,
        handler: F,
    ) -> Result<Watches> {
        // notify's own walks (a recursive watch, the file-id cache of some
        // platforms) would follow links: dossier asks for none, and says so.
        let config = notify::Config::default().with_follow_symlinks(false);
        let debouncer = notify_debouncer_full::new_debouncer_opt(
            debounce,
            None,
            handler,
            RecommendedCache::new(),
            config,
        )
        .map_err(watch_error(&root))?;
        let mut watches = Watches {
            debouncer,
            root,
            output,
            watched: BTreeSet::new(),
            limit,
            warned: false,
        };
        let root = watches.root.clone();
        watches
            .debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(watch_error(&root))?;
        watches.watched.insert(root);
        watches.sync();
        Ok(watches)
    }

    /// Whether `events` may have added, removed or renamed a folder, so
    /// that the watches need [`Watches::sync`].
    pub fn needs_sync(&self, events: &[DebouncedEvent]) -> bool {
        events.iter().any(|event| {
            event.need_rescan()
                || matches!(
                    event.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(ModifyKind::Name(_))
                        | EventKind::Any
                        | EventKind::Other
                ) && event.paths.iter().any(|path| {
                    self.watched.iter().any(|folder| folder.starts_with(path))
                        || (!self.watched.contains(path) && is_real_folder(path))
                })
        })
    }

    /// Watches the folders of the journal not watched yet and forgets those
    /// that are gone, within the limit.
    pub fn sync(&mut self) {
        let (wanted, complete) = folders(&self.root, &self.output, self.limit);
        let gone: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|folder| !wanted.contains(*folder))
            .cloned()
            .collect();
        for folder in gone {
            // notify may have dropped the watch with the folder already.
            self.debouncer.unwatch(&folder).ok();
            self.watched.remove(&folder);
        }
        for folder in wanted {
            if self.watched.contains(&folder) {
                continue;
            }
            match self.debouncer.watch(&folder, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    self.watched.insert(folder);
                }
                // Gone since the walk: the next sync forgets it.
                Err(error) if !folder.exists() => drop(error),
                Err(error) => {
                    crate::errln!("warning: cannot watch `{}`: {error}", folder.display());
                }
            }
        }
        if !complete && !self.warned {
            self.warned = true;
            crate::errln!(
                "warning: {} has more than {} folders: watching the first {} only (changes in the others show at the next rebuild)",
                self.root.display(),
                self.limit,
                self.limit
            );
        }
    }
}

/// An error of `notify` on the journal at `root`.
fn watch_error(root: &Path) -> impl Fn(notify::Error) -> Error {
    let root = root.to_path_buf();
    move |error| Error::Io {
        action: "watch",
        path: root.clone(),
        source: std::io::Error::other(error),
    }
}

/// The folders of the journal at `root` whose changes can change the site,
/// `root` first, then breadth-first and by name: never one reached through
/// a symbolic link, nor a hidden one, the output folder or one dossier
/// generated. At most `limit`; the flag is false when some were left out.
pub fn folders(root: &Path, output: &Path, limit: usize) -> (BTreeSet<PathBuf>, bool) {
    let mut found = BTreeSet::new();
    if limit == 0 {
        return (found, false);
    }
    found.insert(root.to_path_buf());
    let mut queue = VecDeque::from([root.to_path_buf()]);
    while let Some(folder) = queue.pop_front() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        // The entry's own type: a symbolic link is a link here, whatever it
        // points to.
        let mut children: Vec<PathBuf> = entries
            .filter_map(|entry| {
                let entry = entry.ok()?;
                entry.file_type().ok()?.is_dir().then(|| entry.path())
            })
            .filter(|path| !is_ignored_folder(path, output))
            .collect();
        children.sort();
        for child in children {
            if found.len() == limit {
                return (found, false);
            }
            found.insert(child.clone());
            queue.push_back(child);
        }
    }
    (found, true)
}

/// A hidden folder, the output folder, or one dossier generated.
fn is_ignored_folder(path: &Path, output: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        || path == output
        || std::fs::symlink_metadata(path.join(MARKER_FILE)).is_ok_and(|m| m.is_file())
}

/// A folder, and not a symbolic link to one.
fn is_real_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Whether a change to `path` (absolute, inside `root`, also absolute) can
/// change the site. `output` is the journal's default output folder.
pub fn is_relevant(root: &Path, output: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    if relative.as_os_str().is_empty() || path.starts_with(output) {
        return false;
    }
    for component in relative.components() {
        let name = component.as_os_str().to_string_lossy();
        if name.starts_with('.') {
            return false;
        }
    }
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if is_editor_temporary(&name) {
        return false;
    }
    // A folder dossier generated elsewhere in the journal (`dossier build -o out`).
    !relative
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| root.join(a).join(MARKER_FILE).is_file())
}

/// Backups and swap files that editors write beside the file being edited.
fn is_editor_temporary(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with('#')
        || name == "4913" // Vim's probe for a writable folder
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".part", ".crswap"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let root = Path::new("/j");
        let output = Path::new("/j/site");
        let relevant = |p: &str| is_relevant(root, output, Path::new(p));
        assert!(relevant("/j/goals/a.md"));
        assert!(relevant("/j/dossier.toml"));
        assert!(relevant("/j/templates/goal.html"));
        assert!(relevant("/j/assets/plan.svg"));
        assert!(relevant("/j/goals"));
        assert!(!relevant("/j"));
        assert!(!relevant("/elsewhere/goals/a.md"));
        assert!(!relevant("/j/.git/index"));
        assert!(!relevant("/j/.obsidian/workspace.json"));
        assert!(!relevant("/j/goals/.a.md.swp"));
        assert!(!relevant("/j/site/index.html"));
        assert!(!relevant("/j/goals/a.md~"));
        assert!(!relevant("/j/goals/#a.md#"));
        assert!(!relevant("/j/goals/4913"));
        assert!(!relevant("/j/goals/a.md.tmp"));
    }

    #[cfg(unix)]
    #[test]
    fn folders_never_go_through_a_symbolic_link() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        for i in 0..20 {
            std::fs::create_dir_all(outside.path().join(format!("big/{i}/deeper"))).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for folder in [
            "goals/2026",
            "updates",
            "templates",
            ".git/objects",
            "site",
            "out/pages",
        ] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        std::fs::write(root.join("out").join(MARKER_FILE), "").unwrap();
        symlink("/", root.join("everything")).unwrap();
        symlink(outside.path().join("big"), root.join("goals/big")).unwrap();
        symlink(&root, root.join("updates/loop")).unwrap();
        symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        let (found, complete) = folders(&root, &root.join("site"), 100);
        assert!(complete);
        let found: Vec<_> = found
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(found, ["", "goals", "goals/2026", "templates", "updates"]);
    }

    #[test]
    fn folders_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for i in 0..30 {
            std::fs::create_dir_all(root.join(format!("a/{i:02}/b"))).unwrap();
        }
        std::fs::create_dir(root.join("goals")).unwrap();
        let (found, complete) = folders(&root, &root.join("site"), 10);
        assert!(!complete);
        assert_eq!(found.len(), 10);
        // Breadth-first: the top folders before the deep ones.
        assert!(found.contains(&root.join("goals")), "{found:?}");
        assert!(found.contains(&root.join("a/00")), "{found:?}");
        assert!(!found.contains(&root.join("a/00/b")), "{found:?}");
        let (found, complete) = folders(&root, &root.join("site"), 63);
        assert!(complete);
        assert_eq!(found.len(), 63);
        assert!(!folders(&root, &root.join("site"), 62).1);
    }
}
