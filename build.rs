//! Embeds the bundled example journal for `dossier init --example`
//! (`src/commands/init/example.rs`).
//!
//! Writes `$OUT_DIR/example_journal.rs`: every regular file under
//! `example-journal/`, by its path relative to that folder (`/`-separated),
//! sorted, with its bytes as `include_bytes!`. Nothing is listed by hand, so
//! a file or folder added to the example later is in the next build as it
//! is; and since cargo is told to watch the whole folder, adding, changing
//! or removing any file in it rebuilds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest.join("example-journal");
    println!("cargo::rerun-if-changed=example-journal");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Every regular file of `example-journal/` at build time: its path\n\
         /// relative to that folder and its bytes, sorted by path.\n\
         pub(super) static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (relative, absolute) in &files {
        writeln!(code, "    ({relative:?}, include_bytes!({absolute:?})),").unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("example_journal.rs"), code).expect("write example_journal.rs");
}

/// The regular files below `folder`, as (path relative to `root`, absolute
/// path). Symbolic links are left out, as dossier never follows one.
fn walk(root: &Path, folder: &Path, files: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()));
        let path = entry.path();
        let file_type = entry.file_type().expect("file type");
        if file_type.is_dir() {
            walk(root, &path, files);
        } else if file_type.is_file() {
            let relative = path
                .strip_prefix(root)
                .expect("below the root")
                .components()
                .map(|c| {
                    c.as_os_str()
                        .to_str()
                        .expect("a UTF-8 file name in example-journal/")
                })
                .collect::<Vec<_>>()
                .join("/");
            let absolute = path
                .to_str()
                .expect("a UTF-8 path to example-journal/")
                .to_string();
            files.push((relative, absolute));
        }
    }
}
