//! Watching the journal: which changed paths call for a rebuild.
//!
//! Events come from `notify`, debounced by `notify-debouncer-full`; this
//! module only decides which of them matter. Ignored: anything under a
//! hidden file or folder (`.git/`, `.obsidian/`), the output folder and any
//! folder dossier generated, and editor temporary files.

use std::path::Path;

use crate::publish::MARKER_FILE;

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
}
