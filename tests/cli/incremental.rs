//! `serve`'s incremental rebuilds: after every kind of change, a build that
//! reuses the previous one's results (a `Session`) gives exactly the files
//! and diagnostics of a build from nothing, and renders only what changed.
//!
//! Every file written here is back-dated (see [`settle`]): a file modified
//! within [`dossier::stamp::RACY`] of a build is read again whatever its
//! stamp, so without it the "file unchanged" path would run only on a slow
//! machine.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use dossier::diagnostic::Severity;
use dossier::incremental::Unit;
use dossier::publish::Files;
use dossier::{BuildOptions, LoadOptions, Reuse, Session};

use crate::support::{TODAY, TestRepo, example_journal};

/// The site (or the error) and every diagnostic as `check` prints them.
type Outcome = (Result<Files, String>, String);

fn build(root: &Path, session: Option<&mut Session>) -> Outcome {
    let today = TODAY.parse().unwrap();
    let output = root.join("site");
    let options = LoadOptions {
        today,
        exclude: Some(&output),
        require_history: false,
        history_cache: true,
        staged: false,
    };
    let build_options = BuildOptions {
        include_private: false,
        today,
        allow_raw_html: false,
        packet: Default::default(),
    };
    match session {
        Some(session) => {
            let outcome = build_with(root, &options, &build_options, session.start());
            session.finish();
            outcome
        }
        None => build_with(root, &options, &build_options, Reuse::NONE),
    }
}

fn build_with(
    root: &Path,
    options: &LoadOptions<'_>,
    build_options: &BuildOptions,
    reuse: Reuse<'_>,
) -> Outcome {
    let loaded = dossier::load(root, options, reuse).expect("the journal loads");
    let mut diagnostics = Vec::new();
    loaded
        .report
        .emit_text_filtered(&mut diagnostics, false, Severity::Note)
        .unwrap();
    let diagnostics = String::from_utf8(diagnostics).unwrap();
    let files = dossier::site(&loaded, build_options, reuse);
    (files.map_err(|e| e.to_string()), diagnostics)
}

/// Builds with the session and from nothing, and checks they agree.
/// Returns whether the site built.
fn same_as_from_scratch(root: &Path, session: &mut Session, step: &str) -> bool {
    let (incremental, incremental_report) = build(root, Some(session));
    let (scratch, scratch_report) = build(root, None);
    assert_eq!(
        incremental_report, scratch_report,
        "{step}: diagnostics differ"
    );
    match (incremental, scratch) {
        (Ok(incremental), Ok(scratch)) => {
            let differ: BTreeSet<_> = scratch
                .keys()
                .chain(incremental.keys())
                .filter(|path| incremental.get(*path) != scratch.get(*path))
                .collect();
            assert!(differ.is_empty(), "{step}: these files differ: {differ:?}");
            true
        }
        (incremental, scratch) => {
            assert_eq!(
                incremental.as_ref().err(),
                scratch.as_ref().err(),
                "{step}: one build failed, not the other"
            );
            false
        }
    }
}

/// Back-dates the file at `path` to a fixed time in 2026 (long enough ago
/// for its stamp to be trusted). Its change time still moves,
/// so a rewrite with the same size and the same (back-dated) modification
/// time is still seen.
fn settle(path: &Path) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(UNIX_EPOCH + Duration::from_secs(1_790_000_000))
        .unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            settle(&target);
        }
    }
}

/// Rewrites the note at `path` and back-dates it.
fn edit(root: &Path, path: &str, change: impl FnOnce(String) -> String) {
    let path = root.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
    settle(&path);
}

/// Writes a new file at `path` and back-dates it.
fn create(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    settle(&path);
}

#[test]
fn every_change_rebuilds_to_what_a_full_build_gives() {
    let repo = TestRepo::new();
    let root = repo.journal.path().to_path_buf();
    copy_dir(&example_journal(), &root);
    repo.commit("2026-11-01", "the example journal");
    let mut session = Session::default();
    assert!(same_as_from_scratch(&root, &mut session, "first build"));

    let notes = session.made(Unit::Text);
    assert!(notes > 40, "every note is read: {notes}");

    // Nothing changed: no note is read again, nothing is rendered again.
    same_as_from_scratch(&root, &mut session, "no change");
    assert_eq!(session.made(Unit::Text), 0, "no note is read again");
    assert_eq!(session.reused(Unit::Text), notes);
    assert_eq!(session.made(Unit::File), 0, "no note is checked again");
    assert_eq!(session.counts().rendered, 0, "{:?}", session.counts());

    // The end of an update's body. The first edit also gives it uncommitted
    // changes, which every page linking to it says; the next is on its own
    // page only.
    edit(&root, "updates/2026-10-09.md", |t| t + "\nOne more line.\n");
    same_as_from_scratch(&root, &mut session, "update body");
    let first = session.counts();
    assert!(first.rendered > 1, "{first:?}");
    edit(&root, "updates/2026-10-09.md", |t| t + "\nAnd another.\n");
    same_as_from_scratch(&root, &mut session, "update body again");
    assert_eq!(session.made(Unit::Text), 1, "only the edited note is read");
    let counts = session.counts();
    assert!(
        counts.rendered == 1 && counts.reused > 40,
        "only the update's page is rendered again: {counts:?}"
    );

    // A goal's title shows on every page that links to it.
    edit(&root, "goals/ledger-migration.md", |t| {
        t.replacen("title: \"", "title: \"Renamed: ", 1)
    });
    assert!(same_as_from_scratch(&root, &mut session, "goal title"));
    assert!(session.counts().rendered > 3, "{:?}", session.counts());

    // A meeting's first paragraph is its excerpt in the lists.
    edit(&root, "meetings/2026-09-30-sales-api-changes.md", |t| {
        t.replacen("\n---\n", "\n---\nA new first paragraph.\n\n", 1)
    });
    same_as_from_scratch(&root, &mut session, "meeting excerpt");

    // A new update and a deleted one change their neighbours' pages.
    create(
        &root,
        "updates/2026-11-22.md",
        "---\ndate: 2026-11-22\ngoals: [ledger-migration]\n---\n## Done\n\nSee [[api-versioning-rfc]].\n",
    );
    same_as_from_scratch(&root, &mut session, "new update");
    std::fs::remove_file(root.join("updates/2026-11-06.md")).unwrap();
    same_as_from_scratch(&root, &mut session, "deleted update");

    // A goal made private: wikilinks to it lose their link, excerpts their text.
    edit(&root, "goals/api-versioning-rfc.md", |t| {
        t.replacen("status: proposed", "status: proposed\nprivate: true", 1)
    });
    same_as_from_scratch(&root, &mut session, "goal made private");

    // Rewritten with the same size and the same modification time: the
    // change time tells.
    let path = "updates/2026-11-22.md";
    edit(&root, path, |t| t.replace("## Done", "## Dune"));
    same_as_from_scratch(&root, &mut session, "same size, first");
    assert_eq!(session.made(Unit::Text), 1, "the rewritten note is read");
    edit(&root, path, |t| t.replace("## Dune", "## Done"));
    same_as_from_scratch(&root, &mut session, "same size, again");
    assert_eq!(session.made(Unit::Text), 1, "the rewritten note is read");

    // Written just now: its stamp is too recent to trust, so it is read
    // again on every build until it is older, and never served stale.
    let fresh = root.join(path);
    std::fs::write(
        &fresh,
        std::fs::read_to_string(&fresh).unwrap() + "\nFresh.\n",
    )
    .unwrap();
    same_as_from_scratch(&root, &mut session, "fresh, first");
    same_as_from_scratch(&root, &mut session, "fresh, again");
    assert_eq!(
        session.made(Unit::Text),
        1,
        "a fresh note is read every time"
    );
    settle(&fresh);

    // An asset's bytes are copied again.
    create(
        &root,
        "assets/ledger-cutover.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    same_as_from_scratch(&root, &mut session, "asset");

    // A template override and a setting change every page.
    create(
        &root,
        "templates/goal.html",
        "{{ goal.title }} ({{ site.title }})\n",
    );
    assert!(same_as_from_scratch(
        &root,
        &mut session,
        "template override"
    ));
    edit(&root, "dossier.toml", |t| {
        t.replacen("title = \"", "title = \"Another title, ", 1)
    });
    assert!(same_as_from_scratch(&root, &mut session, "setting"));

    // An error, then mended.
    edit(&root, "updates/2026-10-09.md", |t| {
        t.replacen("date: ", "date: not-a-date ", 1)
    });
    assert!(!same_as_from_scratch(&root, &mut session, "error"));
    edit(&root, "updates/2026-10-09.md", |t| {
        t.replacen("date: not-a-date ", "date: ", 1)
    });
    same_as_from_scratch(&root, &mut session, "mended");

    // A commit: every page's history line.
    repo.commit("2026-11-22", "more notes");
    assert!(same_as_from_scratch(&root, &mut session, "commit"));
}

/// A body rendered for a private build (its private blocks shown) is never
/// reused by a public build in the same session, nor the other way.
#[test]
fn a_private_body_is_never_reused_in_a_public_build() {
    let repo = TestRepo::new();
    let j = &repo.journal;
    j.file(
        "goals/open.md",
        "---\ntitle: Open goal\nstatus: active\nstarted: 2026-01-05\n---\nPublic text.\n\n\
         ```private\nBLOCKMARKER\n```\n",
    );
    repo.commit("2026-01-05", "goal");
    let today = TODAY.parse().unwrap();
    let output = j.path().join("site");
    let load = LoadOptions {
        today,
        exclude: Some(&output),
        require_history: false,
        history_cache: true,
        staged: false,
    };
    let options = |include_private| BuildOptions {
        include_private,
        today,
        allow_raw_html: false,
        packet: Default::default(),
    };
    let page =
        |files: &Files| String::from_utf8(files[Path::new("goals/open.html")].to_vec()).unwrap();
    let mut session = Session::default();
    for include_private in [true, false, true, false] {
        let (files, _) = build_with(j.path(), &load, &options(include_private), session.start());
        session.finish();
        let (scratch, _) = build_with(j.path(), &load, &options(include_private), Reuse::NONE);
        let (files, scratch) = (files.unwrap(), scratch.unwrap());
        assert_eq!(page(&files), page(&scratch), "private: {include_private}");
        assert_eq!(page(&files).contains("BLOCKMARKER"), include_private);
    }
}
