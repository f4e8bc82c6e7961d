//! Operational failures: what stops a command, as opposed to problems in the
//! user's notes (those are [`crate::diagnostic::Diagnostic`]s).
//!
//! Every variant that touches the file system names the path, and every
//! message is written for the user, never in Debug form.

use std::path::PathBuf;

/// Why a command could not complete.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file-system operation failed.
    #[error("failed to {action} `{path}`: {source}")]
    Io {
        /// What dossier was doing ("read", "write", "create folder"...).
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The journal folder is not a folder.
    #[error(
        "`{0}` is not a folder: give the path of a journal (a folder with dossier.toml, goals/, updates/, meetings/)"
    )]
    NotAJournal(PathBuf),
    /// The journal folder given does not exist.
    #[error(
        "`{0}` does not exist: give the path of a journal, or run `dossier init {0}` to start one"
    )]
    NoSuchFolder(PathBuf),
    /// Neither the folder given nor any folder above it is a journal.
    #[error(
        "`{start}` is not in a journal: no dossier.toml in it or in a folder above it{up_to}, and no goals/, updates/, meetings/ or summaries/ folder in it; run `dossier init` to start one, or give the journal's folder"
    )]
    NoJournal {
        /// Where the search started.
        start: PathBuf,
        /// Where it stopped, as words (", up to the repository's root `…`"), or nothing.
        up_to: String,
    },
    /// The journal has errors, so nothing was built.
    #[error("the journal has {0} error(s): fix them and build again (nothing was written)")]
    InvalidJournal(usize),
    /// A template failed to parse or render.
    #[error("template error in `{name}`: {message}")]
    Template {
        /// The template's name (`goal.html`).
        name: String,
        /// Tera's explanation, with the line.
        message: String,
    },
    /// A file dossier would create is already there: it never overwrites.
    #[error(
        "`{0}` already exists: dossier never overwrites a file (move it aside or pick another name)"
    )]
    Exists(PathBuf),
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// A git operation failed.
    #[error("git failed in `{path}`: {message}")]
    Git {
        /// The folder concerned.
        path: PathBuf,
        /// libgit2's explanation.
        message: String,
    },
    /// `--edit` without an editor to run, or an editor that failed.
    #[error("{0}")]
    Editor(String),
    /// No Chromium or Chrome to print the PDF with.
    #[error(
        "no Chromium or Chrome found to print the PDF (looked on PATH for {looked_for}): install one (Debian/Ubuntu: `apt install chromium`; macOS: `brew install --cask google-chrome`) or give its path with --chrome PATH"
    )]
    BrowserNotFound {
        /// The executable names looked for.
        looked_for: String,
    },
    /// The `--chrome` path is not an executable file.
    #[error(
        "`{0}` given to --chrome is not an executable file: give the path of Chromium or Chrome"
    )]
    BrowserNotExecutable(PathBuf),
    /// The browser ran but did not print the PDF.
    #[error("printing the PDF with `{program}` failed: {message}")]
    Browser {
        /// The browser executable.
        program: PathBuf,
        /// What went wrong, with the last lines the browser printed.
        message: String,
    },
    /// A file dossier must read breaks the rule of [`crate::fsread`]: a
    /// symbolic link, a special file, too large.
    #[error("cannot read `{path}`: {reason}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why it was not read.
        reason: crate::fsread::ReadError,
    },
    /// `--staged` could not read the git index (no repository, a bare one,
    /// a journal outside the working tree, a damaged index).
    #[error(transparent)]
    Index(#[from] crate::source::IndexError),
    /// A file or folder dossier would write is not one it may write: a
    /// symbolic link (never written through), or not a regular file or
    /// folder.
    #[error("refusing to write `{path}`: {reason}")]
    WriteRefused {
        /// The file or folder concerned.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The output folder is not one dossier may write to.
    #[error("refusing to write to `{path}`: {reason}")]
    OutputRefused {
        /// The output folder.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl Error {
    /// Wraps an I/O error with what was being done and to which path.
    pub fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
