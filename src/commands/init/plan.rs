//! What `dossier init` will write, checked whole before anything is written,
//! and written without ever going through a symbolic link.
//!
//! A [`Plan`] lists every step: the journal folder to create, each new file
//! (under a base folder: the journal, or the repository's hooks), the
//! repository to initialise (and the commits to make in it, for the
//! example journal), the lines to append to an existing
//! `.gitignore`. Building it checks every precondition of every step:
//!
//! - a new file's target does not exist at all (not even as a dangling
//!   symbolic link), and every part of its path inside its base folder is a
//!   folder, not a symbolic link, nor a file;
//! - the deepest folder that exists on the way is writable;
//! - the `.gitignore` appended to is a regular file, not a link, of at most
//!   [`GITIGNORE_LIMIT`], read through [`crate::fsread`] and opened for
//!   appending while the plan is made (`O_NOFOLLOW | O_NONBLOCK`);
//! - `.git` is absent where a repository is to be created.
//!
//! [`Plan::write`] then writes, in an order that keeps the one step that
//! cannot be undone (the append) last, and undoes what it wrote should a
//! step fail all the same (a full disk, a race). On Unix, folders are walked
//! from an open descriptor of the base with `O_NOFOLLOW | O_DIRECTORY`, and
//! files created with `O_CREAT | O_EXCL | O_NOFOLLOW`: a link that appears
//! after the checks is refused, never followed.

use std::fs::File;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsread;

/// The largest `.gitignore` `init` reads and appends to.
pub const GITIGNORE_LIMIT: u64 = 1_000_000;

/// The largest existing pre-commit hook `init` reads to compare with its own.
pub const HOOK_LIMIT: u64 = 1_000_000;

/// The reason given for a symbolic link on the way.
const SYMLINK: &str = "it is a symbolic link, and dossier never writes through one";

/// A file to create: `base/relative`, where `base` is the folder the user
/// chose (or git's), and no part of `relative` may be a symbolic link.
#[derive(Debug)]
pub struct NewFile {
    /// The folder the file goes under: it may be reached through a link.
    pub base: PathBuf,
    /// The file's path below `base`: plain names only.
    pub relative: PathBuf,
    /// The content.
    pub bytes: Vec<u8>,
    /// Whether to make it executable (`0o755`).
    pub executable: bool,
}

impl NewFile {
    /// The file's full path.
    pub fn path(&self) -> PathBuf {
        self.base.join(&self.relative)
    }
}

/// Lines to add to an existing file, opened for appending while planning.
#[derive(Debug)]
pub struct Append {
    /// The file, for messages.
    pub path: PathBuf,
    /// The text to append.
    pub text: String,
    file: File,
    /// Its length when opened: what an append that fails midway is cut
    /// back to.
    length: u64,
}

/// What a [`RepositoryStep`] runs.
type Step = dyn FnOnce(&git2::Repository) -> Result<()>;

/// A step run in the repository `git init` has just created.
pub struct RepositoryStep(Box<Step>);

impl std::fmt::Debug for RepositoryStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RepositoryStep")
    }
}

/// Everything `init` writes, checked.
#[derive(Debug, Default)]
pub struct Plan {
    /// Folders to create first, outermost first: the journal folder and
    /// its missing parents.
    folders: Vec<PathBuf>,
    /// New files, created in order (folders on their way as needed).
    files: Vec<NewFile>,
    /// A folder to run `git init` in, after the files.
    git_init: Option<PathBuf>,
    /// What to do in that repository right after `git init` (its first
    /// commits), undone with it.
    in_repository: Option<RepositoryStep>,
    /// New files that need the repository, created after it.
    after_git: Vec<NewFile>,
    /// An append to an existing file, last.
    append: Option<Append>,
}

impl Plan {
    /// Plans the creation of `folder` (the journal, chosen by the user) and
    /// of its missing parents; refuses one that exists and is not a folder,
    /// a dangling link among them.
    pub fn create_folder(&mut self, folder: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut current = Some(folder);
        while let Some(path) = current.filter(|p| !p.as_os_str().is_empty()) {
            match std::fs::symlink_metadata(path) {
                Ok(_) => {
                    // Reached through a link or not, it must be a folder.
                    if !std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
                        return Err(Error::NotAJournal(path.to_path_buf()));
                    }
                    check_writable(path)?;
                    break;
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    missing.push(path.to_path_buf());
                    current = path.parent();
                }
                Err(error) => return Err(Error::io("read", path)(error)),
            }
        }
        if current.is_none_or(|p| p.as_os_str().is_empty()) && !missing.is_empty() {
            check_writable(Path::new("."))?;
        }
        missing.reverse();
        self.folders.extend(missing);
        Ok(())
    }

    /// Plans a new file: refuses one whose target exists (as anything,
    /// a dangling link included) or whose way goes through a link or a file.
    pub fn create(&mut self, file: NewFile) -> Result<()> {
        check_new(&file.base, &file.relative)?;
        self.files.push(file);
        Ok(())
    }

    /// Plans `git init` in `folder`, after the files: refuses when `.git`
    /// is there already (in any form), since the folder is not in a
    /// repository.
    pub fn git_init(&mut self, folder: &Path) -> Result<()> {
        let git = folder.join(".git");
        if std::fs::symlink_metadata(&git).is_ok() {
            return Err(Error::WriteRefused {
                path: git,
                reason: "it exists but is not a git repository that git can open".into(),
            });
        }
        self.git_init = Some(folder.to_path_buf());
        Ok(())
    }

    /// Plans `step` in the repository that `git_init` creates, right after
    /// it (before the files of [`Plan::create_after_git`]). Whatever it
    /// writes must be inside the repository's `.git`: should it or a later
    /// step fail, the repository is removed with everything else written.
    /// It is checked by whoever plans it, before the plan is written.
    pub fn in_repository(&mut self, step: impl FnOnce(&git2::Repository) -> Result<()> + 'static) {
        self.in_repository = Some(RepositoryStep(Box::new(step)));
    }

    /// Plans a new file inside the repository that `git_init` creates:
    /// nothing of it exists yet but the base's own folders outside `.git`.
    pub fn create_after_git(&mut self, file: NewFile) -> Result<()> {
        check_new(&file.base, &file.relative)?;
        self.after_git.push(file);
        Ok(())
    }

    /// Plans appending `text` to `relative` under `base` (the journal),
    /// which must be a regular file, not a link, of at most `limit` bytes:
    /// opens it for appending now, so that nothing can replace it between
    /// the check and the write.
    pub fn append(&mut self, base: &Path, relative: &Path, text: String, limit: u64) -> Result<()> {
        let path = base.join(relative);
        let unreadable = |reason| Error::Unreadable {
            path: path.clone(),
            reason,
        };
        let metadata = fsread::inspect(base, relative).map_err(unreadable)?;
        if metadata.len() > limit {
            return Err(unreadable(fsread::ReadError::TooLarge(metadata.len())));
        }
        let file = open_append(&path)?;
        let opened = file.metadata().map_err(Error::io("read", &path))?;
        if !opened.is_file() {
            return Err(Error::WriteRefused {
                reason: format!(
                    "it is {}, not a regular file",
                    fsread::file_type_name(&opened.file_type())
                ),
                path,
            });
        }
        if opened.len() > limit {
            return Err(unreadable(fsread::ReadError::TooLarge(opened.len())));
        }
        self.append = Some(Append {
            path,
            text,
            length: opened.len(),
            file,
        });
        Ok(())
    }

    /// Writes everything planned. On failure, removes what it wrote before
    /// returning the error.
    pub fn write(self) -> Result<()> {
        let mut undo = Undo::default();
        let result = self.write_steps(&mut undo);
        if result.is_err() {
            undo.run();
        }
        result
    }

    fn write_steps(self, undo: &mut Undo) -> Result<()> {
        for folder in &self.folders {
            std::fs::create_dir(folder).map_err(Error::io("create folder", folder))?;
            undo.folders.push(folder.clone());
        }
        for file in &self.files {
            write_new(file, undo)?;
        }
        if let Some(folder) = &self.git_init {
            let repository = git2::Repository::init(folder).map_err(|e| Error::Git {
                path: folder.clone(),
                message: e.message().to_string(),
            })?;
            undo.repository = Some(folder.join(".git"));
            if let Some(RepositoryStep(step)) = self.in_repository {
                step(&repository)?;
            }
        }
        for file in &self.after_git {
            write_new(file, undo)?;
        }
        if let Some(mut append) = self.append
            && let Err(error) = append.file.write_all(append.text.as_bytes())
        {
            // Cut back what a failed write may have left.
            append.file.set_len(append.length).ok();
            return Err(Error::io("append to", &append.path)(error));
        }
        Ok(())
    }
}

/// What a failed [`Plan::write`] removes.
#[derive(Default)]
struct Undo {
    folders: Vec<PathBuf>,
    files: Vec<PathBuf>,
    repository: Option<PathBuf>,
}

impl Undo {
    /// Removes, best effort, the files, the repository and the (then empty)
    /// folders written, newest first.
    fn run(self) {
        for file in self.files.iter().rev() {
            std::fs::remove_file(file).ok();
        }
        if let Some(repository) = &self.repository {
            std::fs::remove_dir_all(repository).ok();
        }
        for folder in self.folders.iter().rev() {
            std::fs::remove_dir(folder).ok();
        }
    }
}

/// Checks that `base/relative` can be created: the target does not exist
/// (in any form), every part of the way that exists is a folder and not a
/// link, and the deepest of them is writable.
pub fn check_new(base: &Path, relative: &Path) -> Result<()> {
    let Some(folder) = check_way(base, relative)? else {
        // A folder on the way is missing: so is the file.
        return Ok(());
    };
    let path = base.join(relative);
    match std::fs::symlink_metadata(&path) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(Error::WriteRefused {
            path,
            reason: SYMLINK.into(),
        }),
        Ok(_) => Err(Error::Exists(path)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => check_writable(&folder),
        Err(error) => Err(Error::io("read", &path)(error)),
    }
}

/// Checks the folders on the way from `base` to `base/relative` (not the
/// last part): each one that exists is a folder, not a link. Returns the
/// folder that holds the last part, or `None` when a folder on the way is
/// missing (the deepest that exists is then checked to be writable) or
/// `base` itself is (it is then planned for creation).
pub fn check_way(base: &Path, relative: &Path) -> Result<Option<PathBuf>> {
    let names = plain_names(relative)?;
    let Some((_, folders)) = names.split_last() else {
        return Err(not_plain(relative));
    };
    if !base.exists() {
        return Ok(None);
    }
    let mut path = base.to_path_buf();
    for name in folders {
        path.push(name);
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Err(Error::WriteRefused {
                    path,
                    reason: SYMLINK.into(),
                });
            }
            Ok(metadata) if !metadata.is_dir() => {
                return Err(Error::WriteRefused {
                    reason: format!("it is {}, not a folder", kind_of(&metadata.file_type())),
                    path,
                });
            }
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                path.pop();
                check_writable(&path)?;
                return Ok(None);
            }
            Err(error) => return Err(Error::io("read", &path)(error)),
        }
    }
    Ok(Some(path))
}

/// `a regular file`, `a named pipe (FIFO)`, `a folder`...
fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_file() {
        "a file"
    } else {
        fsread::file_type_name(file_type)
    }
}

/// The names of a relative path made of plain names only.
fn plain_names(relative: &Path) -> Result<Vec<&std::ffi::OsStr>> {
    relative
        .components()
        .map(|component| match component {
            Component::Normal(name) => Ok(name),
            _ => Err(not_plain(relative)),
        })
        .collect()
}

fn not_plain(relative: &Path) -> Error {
    Error::WriteRefused {
        path: relative.to_path_buf(),
        reason: "not a plain relative path".into(),
    }
}

/// Refuses a folder the user may not create files in, so that a
/// permission error stops the plan rather than a write halfway.
#[cfg(unix)]
fn check_writable(folder: &Path) -> Result<()> {
    use rustix::fs::Access;
    rustix::fs::access(folder, Access::WRITE_OK | Access::EXEC_OK)
        .map_err(|errno| Error::io("write to", folder)(errno.into()))
}

#[cfg(not(unix))]
fn check_writable(folder: &Path) -> Result<()> {
    let metadata = std::fs::metadata(folder).map_err(Error::io("write to", folder))?;
    if metadata.permissions().readonly() {
        return Err(Error::io("write to", folder)(std::io::Error::from(
            std::io::ErrorKind::PermissionDenied,
        )));
    }
    Ok(())
}

/// Opens `path` for appending without following a final link or blocking
/// on a FIFO.
#[cfg(unix)]
fn open_append(path: &Path) -> Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags =
        OFlags::WRONLY | OFlags::APPEND | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    match rustix::fs::open(path, flags, Mode::empty()) {
        Ok(fd) => Ok(File::from(fd)),
        Err(rustix::io::Errno::LOOP) => Err(Error::WriteRefused {
            path: path.to_path_buf(),
            reason: SYMLINK.into(),
        }),
        Err(errno) => Err(Error::io("open", path)(errno.into())),
    }
}

#[cfg(not(unix))]
fn open_append(path: &Path) -> Result<File> {
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(Error::io("open", path))
}

/// Creates `file`, and the folders on its way that are missing, from an
/// open descriptor of its base: a part of the way that is (or has become) a
/// link is refused, never followed.
#[cfg(unix)]
fn write_new(file: &NewFile, undo: &mut Undo) -> Result<()> {
    use rustix::fs::{Mode, OFlags};
    use rustix::io::Errno;
    let names = plain_names(&file.relative)?;
    let Some((last, folders)) = names.split_last() else {
        return Err(not_plain(&file.relative));
    };
    let mut path = file.base.clone();
    let mut folder = rustix::fs::open(
        &file.base,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|errno| Error::io("open", &file.base)(errno.into()))?;
    let refuse = |path: &Path, errno: Errno| -> Error {
        match std::fs::symlink_metadata(path) {
            Ok(metadata) if metadata.file_type().is_symlink() => Error::WriteRefused {
                path: path.to_path_buf(),
                reason: SYMLINK.into(),
            },
            _ => Error::io("open", path)(errno.into()),
        }
    };
    let folder_flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    for name in folders {
        path.push(name);
        let next = match rustix::fs::openat(&folder, *name, folder_flags, Mode::empty()) {
            Err(Errno::NOENT) => {
                rustix::fs::mkdirat(&folder, *name, Mode::from_raw_mode(0o777))
                    .map_err(|errno| Error::io("create folder", &path)(errno.into()))?;
                undo.folders.push(path.clone());
                rustix::fs::openat(&folder, *name, folder_flags, Mode::empty())
            }
            other => other,
        };
        folder = next.map_err(|errno| refuse(&path, errno))?;
    }
    path.push(last);
    let mode = Mode::from_raw_mode(if file.executable { 0o755 } else { 0o666 });
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = match rustix::fs::openat(&folder, *last, flags, mode) {
        Ok(fd) => fd,
        Err(Errno::EXIST) => return Err(Error::Exists(path)),
        Err(errno) => return Err(Error::io("create", &path)(errno.into())),
    };
    undo.files.push(path.clone());
    if file.executable {
        // Whatever the umask: a hook git cannot run is no hook.
        rustix::fs::fchmod(&fd, Mode::from_raw_mode(0o755))
            .map_err(|errno| Error::io("make executable", &path)(errno.into()))?;
    }
    File::from(fd)
        .write_all(&file.bytes)
        .map_err(Error::io("write", &path))
}

#[cfg(not(unix))]
fn write_new(file: &NewFile, undo: &mut Undo) -> Result<()> {
    let names = plain_names(&file.relative)?;
    let Some((last, folders)) = names.split_last() else {
        return Err(not_plain(&file.relative));
    };
    let mut path = file.base.clone();
    for name in folders {
        path.push(name);
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Err(Error::WriteRefused {
                    path,
                    reason: SYMLINK.into(),
                });
            }
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => {
                return Err(Error::WriteRefused {
                    path,
                    reason: "it is not a folder".into(),
                });
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&path).map_err(Error::io("create folder", &path))?;
                undo.folders.push(path.clone());
            }
            Err(error) => return Err(Error::io("read", &path)(error)),
        }
    }
    path.push(last);
    crate::commands::new::create_new(&path, &file.bytes)?;
    undo.files.push(path);
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn new_file(base: &Path, relative: &str) -> NewFile {
        NewFile {
            base: base.to_path_buf(),
            relative: relative.into(),
            bytes: b"text\n".to_vec(),
            executable: false,
        }
    }

    #[test]
    fn a_link_on_the_way_is_refused_dangling_or_not() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        symlink(outside.path(), root.join("goals")).unwrap();
        symlink(root.join("nowhere"), root.join("updates")).unwrap();
        symlink(root.join("nowhere"), root.join("file.md")).unwrap();
        std::fs::write(root.join("plain"), "").unwrap();
        for (relative, refused) in [
            ("goals/a.md", "goals"),
            ("updates/a.md", "updates"),
            ("file.md", "file.md"),
        ] {
            match check_new(root, Path::new(relative)) {
                Err(Error::WriteRefused { path, reason }) => {
                    assert_eq!(path, root.join(refused), "{relative}");
                    assert_eq!(reason, SYMLINK);
                }
                other => panic!("{relative}: {other:?}"),
            }
        }
        assert!(matches!(
            check_new(root, Path::new("plain/a.md")),
            Err(Error::WriteRefused { reason, .. }) if reason == "it is a file, not a folder"
        ));
        assert!(matches!(
            check_new(root, Path::new("plain")),
            Err(Error::Exists(_))
        ));
        assert!(check_new(root, Path::new("new/deeper/a.md")).is_ok());
        assert!(check_new(root, Path::new("../a.md")).is_err());
    }

    #[test]
    fn a_link_that_appears_after_the_checks_is_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut plan = Plan::default();
        plan.create(new_file(root, "a.md")).unwrap();
        plan.create(new_file(root, "goals/b.md")).unwrap();
        // Swapped in between the plan and the write.
        symlink(outside.path(), root.join("goals")).unwrap();
        let error = plan.write().unwrap_err();
        assert!(
            matches!(&error, Error::WriteRefused { path, .. } if *path == root.join("goals")),
            "{error:?}"
        );
        // Nothing written outside, and the first file taken back.
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        assert!(!root.join("a.md").exists());
    }

    #[test]
    fn a_failed_step_undoes_the_steps_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut plan = Plan::default();
        plan.create(new_file(root, "one/two/a.md")).unwrap();
        plan.create(new_file(root, "three/b.md")).unwrap();
        std::fs::create_dir(root.join("three")).unwrap();
        std::fs::write(root.join("three/b.md"), "mine").unwrap();
        assert!(matches!(plan.write(), Err(Error::Exists(_))));
        assert!(!root.join("one").exists());
        assert_eq!(std::fs::read(root.join("three/b.md")).unwrap(), b"mine");
    }

    #[test]
    fn a_failed_step_in_the_new_repository_undoes_it_all() {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("journal");
        let mut plan = Plan::default();
        plan.create_folder(&journal).unwrap();
        plan.create(new_file(&journal, "goals/a.md")).unwrap();
        plan.git_init(&journal).unwrap();
        plan.in_repository(|repo| {
            assert!(repo.path().is_dir());
            Err(Error::Usage("no commits today".into()))
        });
        assert!(matches!(plan.write(), Err(Error::Usage(_))));
        assert!(!journal.exists());

        let mut plan = Plan::default();
        plan.create_folder(&journal).unwrap();
        plan.git_init(&journal).unwrap();
        plan.in_repository(|repo| {
            std::fs::write(repo.path().join("made"), "").map_err(Error::io("write", "made"))
        });
        plan.write().unwrap();
        assert!(journal.join(".git/made").is_file());
    }

    #[test]
    fn appends_only_to_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("small"), "a\n").unwrap();
        let mut plan = Plan::default();
        plan.append(root, Path::new("small"), "b\n".into(), 10)
            .unwrap();
        plan.write().unwrap();
        assert_eq!(std::fs::read(root.join("small")).unwrap(), b"a\nb\n");

        std::fs::write(root.join("large"), "0123456789a").unwrap();
        symlink(root.join("small"), root.join("link")).unwrap();
        symlink("/dev/zero", root.join("zero")).unwrap();
        symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        std::fs::create_dir(root.join("folder")).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(root.join("fifo"))
            .status()
            .unwrap();
        assert!(status.success());
        for name in ["large", "link", "zero", "dangling", "folder", "fifo"] {
            let error = Plan::default()
                .append(root, Path::new(name), "b\n".into(), 10)
                .unwrap_err();
            assert!(
                matches!(&error, Error::Unreadable { path, .. } if *path == root.join(name)),
                "{name}: {error:?}"
            );
        }
        assert_eq!(std::fs::read(root.join("small")).unwrap(), b"a\nb\n");
    }
}
