//! The pipeline's stages, one benchmark each, on a generated journal.
//!
//! ```sh
//! cargo bench --bench stages                           # S: 1,500 notes, 5,000 commits
//! DOSSIER_BENCH_SIZE=M cargo bench --bench stages      # M: 5,000 notes, 20,000 commits
//! DOSSIER_BENCH_SIZE=tiny cargo bench --bench stages -- --test   # each stage once
//! ```
//!
//! The journal comes from `examples/gen_journal` (seed 1), generated once per
//! process into a temporary folder that is removed at the end. Set-up (the
//! journal, its copy without `.git`, the history caches, a loaded journal) is
//! never timed.
//!
//! - `history_from_scratch`: the whole history, cache ignored.
//! - `history_one_new_commit`: the cache made at HEAD~1, so one commit is
//!   walked (and the cache saved at HEAD).
//! - `history_cached_at_head`: the cache already at HEAD.
//! - `load_without_history`: discover, parse and validate, on a copy of the
//!   journal outside any repository.
//! - `render_site`: every page and the packet, in memory (nothing written).
//! - `render_packet`: the packet of the default period.
//! - `markdown_floor`: pulldown-cmark alone over every note's body, with
//!   dossier's options: the floor rendering is compared with.
//! - `serve_rebuild_one_entry`: what `serve` does after one update changed
//!   (load and render, site and packet, with the previous build's
//!   `Session`); `serve_rebuild_from_nothing`: the same change built without
//!   one, its peer in the same run.
//! - `worst_case_frontmatter_5mb`, `worst_case_body_1mb`: not the
//!   journal but one note each, shaped to be the slowest to check (a 5 MB
//!   frontmatter) or to build (a 1 MB body); see `mod worst_case`.

#[path = "../examples/gen_journal/generate.rs"]
mod generate;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use divan::Bencher;
use dossier::history::Provenance;
use dossier::{BuildOptions, LoadOptions, Loaded, Reuse, Session};
use jiff::civil::Date;

fn main() {
    // Generate before divan prints its table, so the size line comes first.
    let listing = std::env::args().any(|arg| arg == "--list");
    if !listing {
        workload();
    }
    divan::main();
    if let Some(workload) = WORKLOAD.get() {
        let _ = std::fs::remove_dir_all(workload.dir.path());
    }
}

/// The day rules compare dates with, as in scripts/bench.sh and the tests.
const TODAY: Date = Date::constant(2026, 11, 23);

/// Everything set up once per process.
struct Workload {
    /// Holds the repository and the copy; removed by `main` (a static is
    /// never dropped).
    dir: tempfile::TempDir,
    /// The journal, at the root of its git repository.
    repo: PathBuf,
    /// The same files without `.git`.
    plain: PathBuf,
    /// The history cache file of `repo`.
    cache_file: PathBuf,
    /// The cache file's bytes when saved at HEAD~1.
    cache_at_parent: Vec<u8>,
    /// The cache file's bytes when saved at HEAD.
    cache_at_head: Vec<u8>,
    /// Every note's text after its frontmatter.
    bodies: Vec<String>,
}

static WORKLOAD: OnceLock<Workload> = OnceLock::new();

fn workload() -> &'static Workload {
    WORKLOAD.get_or_init(set_up)
}

fn params() -> (&'static str, generate::Params) {
    let size = std::env::var("DOSSIER_BENCH_SIZE").unwrap_or_else(|_| "S".into());
    let (name, entries, commits) = match size.as_str() {
        "tiny" => ("tiny", 100, 300),
        "S" | "s" | "" => ("S", 1_500, 5_000),
        "M" | "m" => ("M", 5_000, 20_000),
        other => panic!("DOSSIER_BENCH_SIZE={other}: expected tiny, S or M"),
    };
    let params = generate::Params {
        entries,
        commits,
        seed: 1,
    };
    (name, params)
}

fn set_up() -> Workload {
    let (name, params) = params();
    let started = Instant::now();
    let dir = tempfile::Builder::new()
        .prefix("dossier-bench-")
        .tempdir()
        .expect("a temporary folder");
    let repo = dir.path().join("journal");
    let summary = generate::generate(&params, &repo).expect("the generated journal");
    let plain = dir.path().join("plain");
    let bodies = copy_without_git(&repo, &plain);
    let (cache_file, cache_at_parent, cache_at_head) = caches(&repo);
    println!(
        "workload {name} (DOSSIER_BENCH_SIZE): {} notes ({} goals, {} updates, {} meetings), \
         {} commits, seed {}; set up in {:.1} s",
        summary.goals + summary.updates + summary.meetings,
        summary.goals,
        summary.updates,
        summary.meetings,
        summary.commits,
        params.seed,
        started.elapsed().as_secs_f64(),
    );
    Workload {
        dir,
        repo,
        plain,
        cache_file,
        cache_at_parent,
        cache_at_head,
        bodies,
    }
}

/// Copies every file of `from` but `.git` into `to`; returns the bodies of
/// the notes (Markdown files outside hidden folders).
fn copy_without_git(from: &Path, to: &Path) -> Vec<String> {
    let mut bodies = Vec::new();
    let walk = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || e.file_name() != ".git");
    for entry in walk {
        let entry = entry.expect("a readable journal");
        let relative = entry.path().strip_prefix(from).unwrap();
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            continue;
        }
        std::fs::copy(entry.path(), &target).unwrap();
        let hidden = relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if !hidden && relative.extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            bodies.push(body(&text).to_string());
        }
    }
    assert!(!bodies.is_empty(), "no notes in {}", from.display());
    bodies
}

/// The text after a `---` frontmatter block, or all of it (as
/// examples/render_floor.rs).
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

/// Makes the history cache at HEAD~1 and at HEAD; returns the cache file and
/// its two contents. Checks that carrying on from HEAD~1 finds the history a
/// walk from scratch finds.
fn caches(root: &Path) -> (PathBuf, Vec<u8>, Vec<u8>) {
    let repo = git2::Repository::open(root).expect("the generated repository");
    let head = repo.head().unwrap();
    let head_name = head.name().expect("HEAD on a branch").to_string();
    let parent = head.peel_to_commit().unwrap().parent_id(0).unwrap();
    drop(head);

    repo.set_head_detached(parent).unwrap();
    let at_parent = dossier::history::read(root, true);
    assert!(matches!(at_parent, Provenance::Available(_)));
    drop(at_parent);
    let cache_dir = repo.path().join("dossier");
    let files: Vec<PathBuf> = std::fs::read_dir(&cache_dir)
        .expect("the history cache folder")
        .map(|e| e.unwrap().path())
        .collect();
    let [cache_file] = files.as_slice() else {
        panic!("expected one file in {}: {files:?}", cache_dir.display());
    };
    let cache_at_parent = std::fs::read(cache_file).unwrap();
    repo.set_head(&head_name).unwrap();

    let scratch = commits(&dossier::history::read(root, false));
    let incremental = commits(&dossier::history::read(root, true));
    assert_eq!(
        incremental, scratch,
        "the cache at HEAD~1 plus one commit differs from a walk from scratch"
    );
    let cache_at_head = std::fs::read(cache_file).unwrap();
    assert_ne!(cache_at_head, cache_at_parent, "the cache was not updated");
    (cache_file.clone(), cache_at_parent, cache_at_head)
}

/// How many commits touched a note.
fn commits(provenance: &Provenance) -> usize {
    match provenance {
        Provenance::Available(history) => history.commits().len(),
        _ => panic!("no history"),
    }
}

/// The journal with its history (from the cache), checked without errors.
fn loaded() -> Loaded {
    let workload = workload();
    std::fs::write(&workload.cache_file, &workload.cache_at_head).unwrap();
    let loaded = dossier::load(
        &workload.repo,
        &LoadOptions {
            today: TODAY,
            exclude: None,
            require_history: false,
            history_cache: true,
            staged: false,
        },
        Reuse::NONE,
    )
    .expect("a journal");
    assert!(!loaded.report.has_errors(), "the journal has errors");
    assert!(matches!(loaded.provenance, Provenance::Available(_)));
    loaded
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn history_from_scratch(bencher: Bencher) {
    let root = &workload().repo;
    bencher.bench_local(|| dossier::history::read(root, false));
}

#[divan::bench(sample_count = 30, sample_size = 1)]
fn history_one_new_commit(bencher: Bencher) {
    let workload = workload();
    bencher
        .with_inputs(|| std::fs::write(&workload.cache_file, &workload.cache_at_parent).unwrap())
        .bench_local_values(|()| dossier::history::read(&workload.repo, true));
}

#[divan::bench(sample_count = 30, sample_size = 1)]
fn history_cached_at_head(bencher: Bencher) {
    let workload = workload();
    bencher
        .with_inputs(|| std::fs::write(&workload.cache_file, &workload.cache_at_head).unwrap())
        .bench_local_values(|()| dossier::history::read(&workload.repo, true));
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn load_without_history(bencher: Bencher) {
    let root = &workload().plain;
    let options = LoadOptions {
        today: TODAY,
        exclude: None,
        require_history: false,
        history_cache: false,
        staged: false,
    };
    let loaded = dossier::load(root, &options, Reuse::NONE).unwrap();
    assert!(
        matches!(loaded.provenance, Provenance::NotARepository),
        "{} is inside a repository",
        root.display()
    );
    assert!(!loaded.report.has_errors(), "the journal has errors");
    drop(loaded);
    bencher.bench_local(|| dossier::load(root, &options, Reuse::NONE).unwrap());
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn render_site(bencher: Bencher) {
    let loaded = loaded();
    let options = BuildOptions {
        include_private: false,
        today: TODAY,
        allow_raw_html: false,
        packet: Default::default(),
    };
    bencher.bench_local(|| dossier::site(&loaded, &options, Reuse::NONE).unwrap());
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn render_packet(bencher: Bencher) {
    let loaded = loaded();
    let period = dossier::packet::Period::resolve(&loaded.config, TODAY, None, None, None)
        .expect("the default period");
    bencher.bench_local(|| {
        dossier::packet_html(&loaded, period.clone(), TODAY, Default::default()).unwrap()
    });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn markdown_floor(bencher: Bencher) {
    let bodies = &workload().bodies;
    bencher.bench_local(|| {
        let mut html = String::new();
        let mut bytes = 0;
        for body in bodies {
            html.clear();
            let parser = pulldown_cmark::Parser::new_ext(body, dossier::markdown::options());
            pulldown_cmark::html::push_html(&mut html, parser);
            bytes += html.len();
        }
        bytes
    });
}

/// Edits one update (a line added, or taken away again), then loads and
/// renders the journal as `serve` does, with `session` if given.
fn serve_rebuild(bencher: Bencher, mut session: Option<&mut Session>) {
    let workload = workload();
    std::fs::write(&workload.cache_file, &workload.cache_at_head).unwrap();
    let options = LoadOptions {
        today: TODAY,
        exclude: None,
        require_history: false,
        history_cache: true,
        staged: false,
    };
    let build_options = BuildOptions {
        include_private: false,
        today: TODAY,
        allow_raw_html: false,
        packet: Default::default(),
    };
    let note = std::fs::read_dir(workload.repo.join("updates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .min()
        .expect("an update");
    let original = std::fs::read_to_string(&note).unwrap();
    let rebuild = |session: Option<&mut Session>| match session {
        Some(session) => {
            let reuse = session.start();
            let loaded = dossier::load(&workload.repo, &options, reuse).unwrap();
            let files = dossier::site(&loaded, &build_options, reuse).expect("the site");
            session.finish();
            files
        }
        None => {
            let loaded = dossier::load(&workload.repo, &options, Reuse::NONE).unwrap();
            dossier::site(&loaded, &build_options, Reuse::NONE).expect("the site")
        }
    };
    // The first build fills the session.
    rebuild(session.as_deref_mut());
    let mut edits = 0usize;
    bencher
        .with_inputs(|| {
            edits += 1;
            let text = if edits % 2 == 1 {
                format!("{original}\nOne more line.\n")
            } else {
                original.clone()
            };
            std::fs::write(&note, text).unwrap();
        })
        .bench_local_values(|()| rebuild(session.as_deref_mut()));
    std::fs::write(&note, &original).unwrap();
}

#[divan::bench(sample_count = 30, sample_size = 1)]
fn serve_rebuild_one_entry(bencher: Bencher) {
    serve_rebuild(bencher, Some(&mut Session::default()));
}

#[divan::bench(sample_count = 30, sample_size = 1)]
fn serve_rebuild_from_nothing(bencher: Bencher) {
    serve_rebuild(bencher, None);
}

/// The slowest notes to check and to build that fit the limits, one per
/// run: what `check` does with a 5 MB note whose frontmatter is made to be
/// slow (`worst_case_frontmatter_5mb`), and what `build` does with a 1 MB
/// body made to be (`worst_case_body_1mb`, in memory). Each is read,
/// validated, its diagnostics drawn as text, and for the body rendered, in
/// a journal of that one note (outside any repository; `too-deep` and
/// `broken-link` allowed so that it builds). Each must stay under 2 s:
/// before the parsers were made linear, the first 2 MB of
/// `multibyte_comment_and_tags` took 11.6 s and 200,000 nested `<div>`
/// 133 s.
mod worst_case {
    use std::path::{Path, PathBuf};

    const FRONTMATTER_SIZE: usize = 5_000_000;
    const BODY_SIZE: usize = 1_000_000;
    const HEAD: &str = "---\ntitle: A goal\nstatus: active\nstarted: 2026-01-05\n";

    /// `text` repeated to `size` bytes (whole repetitions).
    fn fill(text: &str, size: usize) -> String {
        text.repeat(size / text.len())
    }

    /// A note of about 5 MB whose frontmatter has the shape `kind`.
    pub fn frontmatter(kind: &str) -> String {
        let text = match kind {
            // The case that was quadratic: a long non-ASCII comment, then
            // many values (90,000, under the 100,000 the parser allows).
            "multibyte_comment_and_tags" => {
                let tags: String = (0..90_000).map(|i| format!("  - tág{i}\n")).collect();
                let comment = fill("é", FRONTMATTER_SIZE - tags.len() - 100);
                format!("{HEAD}# {comment}\ntags:\n{tags}")
            }
            // 45,000 unknown fields on one line of multibyte text: a
            // diagnostic each, every one on the same line.
            "one_line_of_unknown_fields" => {
                let keys: Vec<String> = (0..45_000).map(|i| format!("é{i}: v")).collect();
                let keys = keys.join(", ");
                let comment = fill("é", FRONTMATTER_SIZE - keys.len() - 200);
                format!(
                    "---\n# {comment}\n{{title: A, status: active, started: 2026-01-05, {keys}}}\n"
                )
            }
            // Block scalars of multibyte text (yaml-rust2 counts their
            // lines in bytes), then a value to point at.
            "block_scalars" => {
                let line = format!("  {}\n", "é ü ☕ ".repeat(10));
                format!(
                    "{HEAD}impact: |\n{}tags: [a, b]\n",
                    fill(&line, FRONTMATTER_SIZE - 200)
                )
            }
            // As many anchors and aliases as the node budget allows (a key,
            // a value, its anchor's copy and an alias: 80,000 values).
            "anchors_and_aliases" => {
                let anchors: String = (0..20_000)
                    .map(|i| format!("  a{i}: &a{i} välue{i}\n"))
                    .collect();
                let aliases: Vec<String> = (0..20_000).map(|i| format!("*a{i}")).collect();
                let aliases = aliases.join(", ");
                let comment = fill("é", FRONTMATTER_SIZE - anchors.len() - aliases.len() - 200);
                format!("{HEAD}# {comment}\naliases:\n{anchors}tags: [{aliases}]\n")
            }
            other => panic!("no frontmatter case {other}"),
        };
        text + "---\nBody.\n"
    }

    /// A note with a body of about 1 MB of the shape `kind`.
    pub fn body(kind: &str) -> String {
        let body = match kind {
            // The case that was quadratic: nested raw HTML.
            "nested_div" => fill("<div>", BODY_SIZE),
            // Formatting elements a paragraph leaves open, which the HTML
            // parser reopens in each next one.
            "formatting_left_open" => (0..)
                .map(|i| format!("<p><b id={i}></p>"))
                .scan(0, |size, tag| {
                    *size += tag.len();
                    (*size < BODY_SIZE).then_some(tag)
                })
                .collect(),
            // Raw HTML just under the depth limit, then many paragraphs,
            // each of which makes the HTML parser look through it all.
            "html_at_the_limit" => {
                let open = "<div>".repeat(dossier::markdown::MAX_DEPTH - 2);
                format!("{open}\n{}", fill("<p>x</p>", BODY_SIZE - open.len()))
            }
            // Markdown nested far past the limit, and a link that only the
            // sanitizer can judge.
            "deep_quote_with_link" => {
                format!(
                    "[go](javascript:alert(1))\n\n{} deep\n",
                    fill(">", BODY_SIZE - 40)
                )
            }
            // Images inside images, each with its own destination.
            "nested_images" => {
                let n = BODY_SIZE / 10;
                format!("{}x{}", "![".repeat(n), "](a.png)".repeat(n))
            }
            other => panic!("no body case {other}"),
        };
        format!("{HEAD}---\n{body}\n")
    }

    /// A journal of the one note `text`, in a new temporary folder.
    pub fn journal(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::Builder::new()
            .prefix("dossier-bench-worst-")
            .tempdir()
            .expect("a temporary folder");
        let root = dir.path().join("journal");
        std::fs::create_dir_all(root.join("goals")).unwrap();
        std::fs::write(
            root.join("dossier.toml"),
            "owner = \"Bench\"\n[rules]\ntoo-deep = \"allow\"\nbroken-link = \"allow\"\n",
        )
        .unwrap();
        std::fs::write(root.join("goals/note.md"), text).unwrap();
        std::fs::write(root.join("goals/a.png"), "png").unwrap();
        (dir, root)
    }

    /// What `check` does: load, then draw the diagnostics as text.
    pub fn check(root: &Path) -> dossier::Loaded {
        let options = dossier::LoadOptions {
            today: super::TODAY,
            exclude: None,
            require_history: false,
            history_cache: false,
            staged: false,
        };
        let loaded = dossier::load(root, &options, dossier::Reuse::NONE).expect("a journal");
        loaded
            .report
            .emit_text(&mut std::io::sink(), false)
            .unwrap();
        loaded
    }
}

#[divan::bench(
    args = ["multibyte_comment_and_tags", "one_line_of_unknown_fields", "block_scalars", "anchors_and_aliases"],
    sample_count = 5,
    sample_size = 1
)]
fn worst_case_frontmatter_5mb(bencher: Bencher, kind: &str) {
    let text = worst_case::frontmatter(kind);
    assert!(
        (4_500_000..5_000_000).contains(&text.len()),
        "{kind}: {} bytes",
        text.len()
    );
    let (_dir, root) = worst_case::journal(&text);
    let loaded = worst_case::check(&root);
    let expected_errors = usize::from(kind == "one_line_of_unknown_fields") * 45_000;
    assert_eq!(
        loaded.report.count(dossier::diagnostic::Severity::Error),
        expected_errors,
        "{kind}"
    );
    bencher.bench_local(|| worst_case::check(&root));
}

#[divan::bench(
    args = ["nested_div", "formatting_left_open", "html_at_the_limit", "deep_quote_with_link", "nested_images"],
    sample_count = 5,
    sample_size = 1
)]
fn worst_case_body_1mb(bencher: Bencher, kind: &str) {
    let text = worst_case::body(kind);
    assert!(
        (900_000..1_100_000).contains(&text.len()),
        "{kind}: {} bytes",
        text.len()
    );
    let (_dir, root) = worst_case::journal(&text);
    let options = BuildOptions {
        include_private: false,
        today: TODAY,
        allow_raw_html: false,
        packet: Default::default(),
    };
    let build = || {
        let loaded = worst_case::check(&root);
        dossier::site(&loaded, &options, Reuse::NONE).expect("the site")
    };
    assert!(build().contains_key(Path::new("goals/note.html")), "{kind}");
    bencher.bench_local(build);
}
