//! The layering rule of docs/ARCHITECTURE.md, checked on the source: each
//! module of the library uses only the modules before it in [`LAYERS`], so
//! that no stage reaches into a later one or into `commands`, and there is
//! no import cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The library's top-level modules, each allowed to use only those before
/// it: support modules first, then the stages in pipeline order, then the
/// subcommands.
const LAYERS: &[&str] = &[
    "term",
    "fsread",
    "source",
    "node",
    "stamp",
    "bounds",
    "diagnostic",
    "error",
    "entry",
    "fields",
    "parse",
    "config",
    "publish",
    "markdown",
    "cadence",
    "schema",
    "discover",
    "history",
    "incremental",
    "validate",
    "model",
    "packet",
    "render",
    "write",
    "commands",
];

/// The `crate::name` paths in `source`, outside comments and the test
/// module (by convention the last thing in a file).
fn crate_paths(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut test_only = false;
    for line in source.lines() {
        let line = line.trim_start();
        // A test module ends the file's code; a single test-only item
        // does not.
        if test_only && line.starts_with("mod ") {
            break;
        }
        test_only = line.starts_with("#[cfg(test)]");
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            // `errln!` and `outln!` are exported at the crate root, and
            // are term's.
            let name = match name.as_str() {
                "errln" | "outln" => "term".to_string(),
                _ => name,
            };
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Each top-level module of `src/` and the crate paths its files use.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in walkdir::WalkDir::new(&src) {
        let file = file.unwrap();
        let path = file.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let top = relative.components().next().unwrap().as_os_str();
        let top = Path::new(top).file_stem().unwrap().to_str().unwrap();
        if top == "lib" || top == "main" {
            continue;
        }
        let source = std::fs::read_to_string(path).unwrap();
        let used = uses.entry(top.to_string()).or_default();
        used.extend(crate_paths(&source).into_iter().filter(|m| m != top));
    }
    uses
}

#[test]
fn every_module_uses_only_the_layers_before_it() {
    let uses = uses();
    let rank = |name: &str| LAYERS.iter().position(|layer| *layer == name);
    let modules: BTreeSet<&str> = uses.keys().map(String::as_str).collect();
    let listed: BTreeSet<&str> = LAYERS.iter().copied().collect();
    assert_eq!(modules, listed, "LAYERS must list every module of src/");
    let mut back_edges = Vec::new();
    for (module, used) in &uses {
        let own = rank(module).unwrap();
        for other in used {
            // Paths to items of lib.rs itself (`crate::load`) are the
            // pipeline's entry points: only `commands` may use them.
            match rank(other) {
                Some(theirs) if theirs < own => {}
                None if module == "commands" => {}
                _ => back_edges.push(format!("{module} -> {other}")),
            }
        }
    }
    assert!(back_edges.is_empty(), "back-edges: {back_edges:?}");
}

#[test]
fn the_scan_sees_uses_and_skips_comments_and_tests() {
    let source = "use crate::model::Journal;\n\
                  // crate::render in a comment\n\
                  fn f() { crate::history::read(); crate::errln!(\"x\"); }\n\
                  #[cfg(test)]\n\
                  static ASKED: u8 = crate::bounds::X;\n\
                  fn g() { crate::packet::build(); }\n\
                  #[cfg(test)]\n\
                  mod tests { use crate::commands; }\n";
    assert_eq!(
        crate_paths(source),
        BTreeSet::from(["bounds", "history", "model", "packet", "term"].map(String::from))
    );
}
