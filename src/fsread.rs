//! The one rule for every file dossier reads: notes, assets, templates,
//! `dossier.toml`, `.gitignore`, caches.
//!
//! - A symbolic link is never followed: neither the file itself nor any
//!   folder between the journal root and it may be one.
//! - Only regular files are opened: a FIFO, socket or device is named,
//!   never opened (opening a FIFO blocks; reading a device never ends).
//! - A file larger than its limit is refused from its metadata, and the
//!   read stops after the limit should the file grow in between.
//!
//! The check is made on the path, then again on the opened file (it is
//! opened with `O_NOFOLLOW | O_NONBLOCK` and its type and size read from the
//! open descriptor), so that a file swapped for a link or a FIFO between the
//! two is still refused.

use std::fmt;
use std::fs::Metadata;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The file, or a folder on the way to it, is a symbolic link: the
    /// path of that link, as given (root joined with the part walked).
    Symlink(PathBuf),
    /// Not a regular file (a FIFO, a socket, a device, a folder).
    NotAFile(&'static str),
    /// Larger than the limit: its size in bytes.
    TooLarge(u64),
    /// The system refused, or the file vanished after it was found.
    Io(std::io::Error),
}

impl ReadError {
    /// True when the file (or a folder on its way) does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(error) if error.kind() == std::io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Symlink(path) => write!(
                f,
                "`{}` is a symbolic link, and dossier never follows one",
                path.display()
            ),
            ReadError::NotAFile(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge(size) => write!(f, "it is {}", human_size(*size)),
            ReadError::Io(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ReadError {}

/// The metadata of the regular file `root/relative`, checked by the rule
/// without opening it: no component of `relative` is a symbolic link, the
/// file is a regular file. `root` itself is the folder the user chose and
/// may be reached through a link.
pub fn inspect(root: &Path, relative: &Path) -> Result<Metadata, ReadError> {
    let mut path = root.to_path_buf();
    let mut metadata = None;
    for component in relative.components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => continue,
            // Callers pass normalized journal-relative paths; anything else
            // is refused rather than interpreted.
            _ => {
                return Err(ReadError::Io(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a plain relative path",
                )));
            }
        }
        let found = std::fs::symlink_metadata(&path).map_err(ReadError::Io)?;
        if found.file_type().is_symlink() {
            return Err(ReadError::Symlink(path));
        }
        metadata = Some(found);
    }
    let metadata = match metadata {
        Some(metadata) => metadata,
        None => std::fs::symlink_metadata(root).map_err(ReadError::Io)?,
    };
    if !metadata.is_file() {
        return Err(ReadError::NotAFile(file_type_name(&metadata.file_type())));
    }
    Ok(metadata)
}

/// Reads `root/relative`, of at most `limit` bytes, under the rule (see
/// [`inspect`]).
pub fn read_under(root: &Path, relative: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = inspect(root, relative)?;
    if metadata.len() > limit {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    read_opened(&root.join(relative), limit)
}

/// Reads the file at `path`, of at most `limit` bytes, when `path` itself is
/// a regular file and not a symbolic link (its folders are the caller's
/// choice: a cache under `.git`, a file the user named).
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = std::fs::symlink_metadata(path).map_err(ReadError::Io)?;
    if metadata.file_type().is_symlink() {
        return Err(ReadError::Symlink(path.to_path_buf()));
    }
    if !metadata.is_file() {
        return Err(ReadError::NotAFile(file_type_name(&metadata.file_type())));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    read_opened(path, limit)
}

/// Opens `path` without following a final symbolic link and without
/// blocking on a FIFO, checks the open file's type and size, and reads it.
fn read_opened(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_no_follow(path)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile(file_type_name(&metadata.file_type())));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> Result<std::fs::File, ReadError> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    match rustix::fs::open(path, flags, Mode::empty()) {
        Ok(fd) => Ok(std::fs::File::from(fd)),
        // ELOOP: the final component became a symbolic link meanwhile.
        Err(rustix::io::Errno::LOOP) => Err(ReadError::Symlink(path.to_path_buf())),
        Err(errno) => Err(ReadError::Io(errno.into())),
    }
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> Result<std::fs::File, ReadError> {
    std::fs::File::open(path).map_err(ReadError::Io)
}

/// What a file that is not a regular file is, for messages.
pub fn file_type_name(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// A size in bytes for people: `50 MB`, `512 KB`, `900 bytes` (powers of
/// 1000, as `max_file_size` counts them).
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.0} KB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6).replace(".0 MB", " MB"),
        _ => format!("{:.1} GB", bytes as f64 / 1e9).replace(".0 GB", " GB"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    #[test]
    fn reads_a_regular_file_under_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/b.txt"), "hello").unwrap();
        let bytes = read_under(dir.path(), Path::new("a/b.txt"), 5).unwrap();
        assert_eq!(bytes, b"hello");
        assert!(matches!(
            read_under(dir.path(), Path::new("a/b.txt"), 4),
            Err(ReadError::TooLarge(5))
        ));
        assert!(
            read_under(dir.path(), Path::new("a/none"), 5)
                .unwrap_err()
                .is_not_found()
        );
    }

    #[test]
    fn never_follows_a_link_to_the_file_or_on_its_way() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        symlink(outside.path().join("secret"), root.join("link.txt")).unwrap();
        symlink(outside.path(), root.join("folder")).unwrap();
        std::fs::create_dir(root.join("real")).unwrap();
        std::fs::write(root.join("real/inside.txt"), "ok").unwrap();
        symlink(root.join("real"), root.join("inner")).unwrap();
        for relative in ["link.txt", "folder/secret", "inner/inside.txt"] {
            let error = read_under(root, Path::new(relative), 100).unwrap_err();
            assert!(
                matches!(error, ReadError::Symlink(_)),
                "{relative}: {error}"
            );
        }
        assert!(matches!(
            read_file(&root.join("link.txt"), 100),
            Err(ReadError::Symlink(_))
        ));
        assert!(matches!(
            inspect(root, Path::new("folder/secret")),
            Err(ReadError::Symlink(_))
        ));
        assert_eq!(
            read_file(&root.join("real/inside.txt"), 100).unwrap(),
            b"ok"
        );
    }

    #[test]
    fn special_files_are_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        mkfifo(&dir.path().join("fifo"));
        // Opening the FIFO would block forever: the test would hang.
        assert!(matches!(
            read_under(dir.path(), Path::new("fifo"), 100),
            Err(ReadError::NotAFile("a named pipe (FIFO)"))
        ));
        assert!(matches!(
            read_file(&dir.path().join("fifo"), 100),
            Err(ReadError::NotAFile(_))
        ));
        assert!(matches!(
            read_file(Path::new("/dev/zero"), 100),
            Err(ReadError::NotAFile("a device"))
        ));
        assert!(matches!(
            read_under(dir.path(), Path::new(""), 100),
            Err(ReadError::NotAFile("a folder"))
        ));
    }

    #[test]
    fn a_huge_sparse_file_is_refused_from_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let file = std::fs::File::create(dir.path().join("sparse")).unwrap();
        file.set_len(1 << 40).unwrap();
        assert!(matches!(
            read_file(&dir.path().join("sparse"), 1 << 20),
            Err(ReadError::TooLarge(size)) if size == 1 << 40
        ));
    }
}
