//! Discover stage: which files of the journal are entries, and of what kind.
//!
//! Walks the journal with `walkdir` in a fixed order (sorted by name, so that
//! every later stage sees the same order on every machine). Markdown files
//! under `goals/`, `updates/` and `meetings/` are entries of that kind; other
//! Markdown files are entries only if their frontmatter says `kind:`. Hidden
//! files and folders, editor backups, `templates/`, `assets/`, and any folder
//! dossier generated (it holds a marker file) are skipped. Symbolic links are
//! not followed: those that lead outside the journal, nowhere (broken or a
//! loop), to a folder or to a note are listed for the `symlink` warning.
//!
//! The files may come from the git index instead ([`discover_from`] with
//! [`Source::Index`]): the same rules then apply to the index's entries.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::entry::Kind;
use crate::publish::{MARKER_FILE, Policy};
use crate::source::{IndexFiles, Source, StagedKind};

/// The journal's folder of template overrides.
pub(crate) const TEMPLATES_FOLDER: &str = "templates";

/// Top-level folders that never hold entries.
pub(crate) const RESERVED_FOLDERS: &[&str] = &[TEMPLATES_FOLDER, "assets"];

/// A Markdown file that may be an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Path relative to the journal root.
    pub path: PathBuf,
    /// The kind its top folder implies, if it is in one of the kind folders.
    pub folder_kind: Option<Kind>,
}

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    /// Markdown files, sorted by path.
    pub candidates: Vec<Candidate>,
    /// Paths that could not be read, with the reason.
    pub problems: Vec<(PathBuf, String)>,
    /// Symbolic links that were not followed, relative to the root, with
    /// what they point to (for the `symlink` warning).
    pub symlinks: Vec<(PathBuf, String)>,
}

impl Discovered {
    /// Reports what could not be read and the symbolic links not followed,
    /// with paths shown under `shown_root`.
    pub(crate) fn report(&self, shown_root: &Path, report: &mut Report) {
        for (path, reason) in &self.problems {
            report.push(Diagnostic::global(
                Rule::Unreadable,
                format!("cannot read `{}`: {reason}", path.display()),
            ));
        }
        for (path, reason) in &self.symlinks {
            let file = report.add_file(&shown_root.join(path), String::new());
            report.push(
                Diagnostic::new(Rule::Symlink, file, 0..0, reason.clone())
                    .with_hint("copy the file into the journal, or silence this with `symlink = \"allow\"` in [rules]"),
            );
        }
    }
}

/// Lists the notes of `root` as `source` has them: the walk of the working
/// tree ([`discover`]), or the entries of the git index ([`staged`]).
pub(crate) fn discover_from(source: &Source, root: &Path, exclude: Option<&Path>) -> Discovered {
    match source {
        Source::WorkingTree => discover(root, exclude),
        Source::Index(files) => staged(files, root, exclude),
    }
}

/// The notes of the journal in the git index, under the same rules as the
/// walk: hidden paths, reserved top folders, the output folder and folders
/// dossier generated are skipped; a symbolic link (mode 120000) is listed
/// for the `symlink` warning when it would matter, never followed; a
/// submodule is not a file and is ignored; a path with a merge conflict is
/// named and not read. Templates are not looked at (`check` does not need
/// them).
fn staged(files: &IndexFiles, root: &Path, exclude: Option<&Path>) -> Discovered {
    let mut found = Discovered::default();
    let excluded = exclude.and_then(|output| Policy::output_inside(root, output));
    let skipped = |path: &Path| {
        let hidden = path
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let reserved = path.components().count() > 1
            && path.components().next().is_some_and(|first| {
                RESERVED_FOLDERS.contains(&first.as_os_str().to_string_lossy().as_ref())
            });
        let output = excluded
            .as_deref()
            .is_some_and(|output| path.starts_with(output));
        let generated = path
            .ancestors()
            .skip(1)
            .any(|folder| files.get(&folder.join(MARKER_FILE)).is_some());
        hidden || reserved || output || generated
    };
    for path in files.unmerged() {
        if !skipped(path) {
            found.problems.push((
                root.join(path),
                "it has a merge conflict in the git index: not read".to_string(),
            ));
        }
    }
    for (path, entry) in files.entries() {
        if skipped(path) {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match entry.kind {
            StagedKind::Submodule => {}
            StagedKind::Symlink => {
                // `dossier.toml` as a link is reported where it is read.
                if path == Path::new(crate::config::FILE_NAME) {
                    continue;
                }
                if let Some(reason) = staged_symlink_reason(files, path, &name) {
                    found.symlinks.push((path.to_path_buf(), reason));
                }
            }
            StagedKind::File if is_markdown(&name) => {
                found.candidates.push(candidate(path));
            }
            StagedKind::File => {}
        }
    }
    found
}

/// Why a symbolic link of the index deserves a warning (see
/// [`symlink_reason`]), judged on the index alone: its target, as written,
/// resolved from the link's folder without touching the disk.
fn staged_symlink_reason(files: &IndexFiles, path: &Path, name: &str) -> Option<String> {
    let target = files.link_target(path).unwrap_or_default();
    let mut resolved = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut outside = Path::new(&target).is_absolute();
    for component in Path::new(&target).components() {
        match component {
            std::path::Component::Normal(part) => resolved.push(part),
            std::path::Component::ParentDir => outside |= !resolved.pop(),
            _ => {}
        }
    }
    if outside {
        return Some(format!(
            "symbolic link to `{target}`, outside the journal: not followed"
        ));
    }
    let folder = files.is_folder(&resolved);
    if files.get(&resolved).is_none() && !folder {
        return Some(format!(
            "symbolic link to `{target}` leads nowhere (nothing staged there): not followed"
        ));
    }
    (folder || is_markdown(name))
        .then(|| format!("symbolic link to `{target}`: not followed, so not read"))
}

/// A Markdown file at the journal-relative `relative`, with the kind its
/// top folder implies.
fn candidate(relative: &Path) -> Candidate {
    let folder_kind = match relative.components().next() {
        Some(first) if relative.components().count() > 1 => {
            Kind::from_folder(&first.as_os_str().to_string_lossy())
        }
        _ => None,
    };
    Candidate {
        path: relative.to_path_buf(),
        folder_kind,
    }
}

/// Walks `root`, skipping `exclude` (the output folder, when it is inside).
pub(crate) fn discover(root: &Path, exclude: Option<&Path>) -> Discovered {
    let mut found = Discovered::default();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    let walker = walker.filter_entry(|entry| {
        if entry.depth() == 0 {
            return true;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            return false;
        }
        if entry.file_type().is_dir() {
            if entry.depth() == 1 && RESERVED_FOLDERS.contains(&name.as_ref()) {
                return false;
            }
            if exclude.is_some_and(|excluded| same_path(entry.path(), excluded)) {
                return false;
            }
            if entry.path().join(MARKER_FILE).exists() {
                return false;
            }
        }
        true
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let reason = error
                    .io_error()
                    .map_or_else(|| error.to_string(), ToString::to_string);
                found.problems.push((path, reason));
                continue;
            }
        };
        if entry.path_is_symlink() {
            // `dossier.toml` as a link is reported where it is read (config).
            if entry.depth() == 1 && entry.file_name() == crate::config::FILE_NAME {
                continue;
            }
            if let Some(reason) = symlink_reason(entry.path(), &canonical_root) {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                found.symlinks.push((relative.to_path_buf(), reason));
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let file_type = entry.file_type();
        if !file_type.is_file() {
            // A FIFO, socket or device named like a note: opening it could
            // block forever, so it is named, never opened. A folder named
            // `x.md` is just a folder.
            if !file_type.is_dir() && is_markdown(&name) {
                found.problems.push((
                    entry.path().to_path_buf(),
                    "not a regular file (a named pipe, socket or device): not read".to_string(),
                ));
            }
            continue;
        }
        if !is_markdown(&name) {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        found.candidates.push(candidate(relative));
    }
    templates(root, &mut found);
    found
}

/// The template overrides that will not be read: symbolic links (never
/// followed, so the default template is used) and special files. Named here,
/// so that `check` says what `build` does.
fn templates(root: &Path, found: &mut Discovered) {
    let folder = root.join(TEMPLATES_FOLDER);
    if !std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if name.starts_with('.') || file_type.is_file() || file_type.is_dir() {
            continue;
        }
        let relative = Path::new(TEMPLATES_FOLDER).join(&name);
        if file_type.is_symlink() {
            let target = std::fs::read_link(entry.path())
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            found.symlinks.push((
                relative,
                format!(
                    "symbolic link to `{target}`: not followed, so the default template is used"
                ),
            ));
        } else {
            found.problems.push((
                entry.path(),
                "not a regular file (a named pipe, socket or device): not read, the default template is used".to_string(),
            ));
        }
    }
}

/// Why a symbolic link deserves a warning, or `None` for one that does not
/// matter (a link inside the journal to something that is not a note).
/// Links are never followed: the walk stays in the journal and cannot loop.
fn symlink_reason(path: &Path, canonical_root: &Path) -> Option<String> {
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    match path.canonicalize() {
        Err(error) => Some(format!(
            "symbolic link to `{target}` leads nowhere ({error}): not followed"
        )),
        Ok(resolved) if !resolved.starts_with(canonical_root) => Some(format!(
            "symbolic link to `{}`, outside the journal: not followed",
            resolved.display()
        )),
        Ok(resolved) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (resolved.is_dir() || is_markdown(&name))
                .then(|| format!("symbolic link to `{target}`: not followed, so not read"))
        }
    }
}

/// Markdown by extension in any letter case (`.md`, `.MD`, `.markdown`),
/// and not an editor's backup or lock file.
fn is_markdown(name: &str) -> bool {
    let is_backup = name.starts_with('#') || name.starts_with(".#") || name.ends_with('~');
    !is_backup && crate::publish::has_markdown_extension(name.as_bytes())
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_entries_and_skips_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for path in [
            "goals/a.md",
            "goals/Upper.MD",
            "goals/nested/b.md",
            "updates/2026-01-02.md",
            "notes/c.md",
            "README.md",
            "goals/.hidden.md",
            "goals/d.md~",
            "goals/#e.md#",
            "goals/f.md.bak",
            ".obsidian/g.md",
            ".trash/l.md",
            "templates/h.md",
            "assets/i.md",
            "site/j.md",
            "old-site/k.md",
        ] {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::write(root.join("old-site").join(MARKER_FILE), "").unwrap();
        let found = discover(root, Some(&root.join("site")));
        let paths: Vec<_> = found
            .candidates
            .iter()
            .map(|c| c.path.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            paths,
            [
                "README.md",
                "goals/Upper.MD",
                "goals/a.md",
                "goals/nested/b.md",
                "notes/c.md",
                "updates/2026-01-02.md"
            ]
        );
        assert_eq!(found.candidates[1].folder_kind, Some(Kind::Goal));
        assert_eq!(found.candidates[0].folder_kind, None);
        assert_eq!(found.candidates[4].folder_kind, None);
        assert!(found.symlinks.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_reported_and_never_followed() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "---\nkind: goal\n---\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("goals")).unwrap();
        std::fs::write(root.join("goals/a.md"), "x").unwrap();
        std::fs::write(root.join("goals/plan.png"), "x").unwrap();
        symlink(outside.path().join("secret.md"), root.join("goals/out.md")).unwrap();
        symlink(outside.path(), root.join("goals/outdir")).unwrap();
        symlink(root.join("goals"), root.join("goals/loop")).unwrap();
        symlink("self.md", root.join("goals/self.md")).unwrap();
        symlink("a.md", root.join("goals/b.md")).unwrap();
        symlink("plan.png", root.join("goals/plan2.png")).unwrap();
        let found = discover(root, None);
        let paths: Vec<_> = found.candidates.iter().map(|c| c.path.clone()).collect();
        assert_eq!(paths, [PathBuf::from("goals/a.md")]);
        let links: Vec<_> = found
            .symlinks
            .iter()
            .map(|(p, r)| (p.to_string_lossy().into_owned(), r.clone()))
            .collect();
        assert_eq!(links.len(), 5, "{links:?}");
        assert_eq!(links[0].0, "goals/b.md");
        assert_eq!(links[1].0, "goals/loop");
        assert!(links[2].1.contains("outside the journal"), "{links:?}");
        assert!(links[3].1.contains("outside the journal"), "{links:?}");
        assert_eq!(links[4].0, "goals/self.md");
        assert!(links[4].1.contains("leads nowhere"), "{links:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_folder_named_like_a_note_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("goals/folder.md")).unwrap();
        std::fs::write(root.join("goals/folder.md/inner.md"), "x").unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(root.join("goals/x.md"))
            .status()
            .unwrap();
        assert!(status.success());
        let found = discover(root, None);
        let paths: Vec<_> = found.candidates.iter().map(|c| c.path.clone()).collect();
        assert_eq!(paths, [PathBuf::from("goals/folder.md/inner.md")]);
        assert_eq!(found.problems.len(), 1, "{:?}", found.problems);
        assert!(found.problems[0].0.ends_with("goals/x.md"));
        assert!(found.problems[0].1.contains("not a regular file"));
    }
}
