//! The benchmark workload (`examples/gen_journal`): deterministic from its
//! seed, of the size asked for, and a journal that checks without errors.

#[path = "../../examples/gen_journal/generate.rs"]
mod generate;

use std::path::Path;

use generate::{Params, Summary};

use crate::support::{TODAY, run_in};

const SMALL: Params = Params {
    entries: 60,
    commits: 200,
    seed: 1,
};

fn stream(params: &Params) -> (Vec<u8>, Summary) {
    let mut bytes = Vec::new();
    let summary = generate::write_stream(params, &mut bytes).expect("stream");
    (bytes, summary)
}

fn head(repo: &Path) -> (git2::Oid, usize) {
    let repo = git2::Repository::open(repo).expect("a repository");
    let head = repo.head().unwrap().peel_to_commit().unwrap().id();
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    (head, walk.count())
}

#[test]
fn the_same_seed_gives_the_same_stream_and_commits() {
    for seed in [1, 7] {
        let params = Params { seed, ..SMALL };
        let (first, summary) = stream(&params);
        let (second, _) = stream(&params);
        assert!(first == second, "seed {seed}: two streams differ");
        assert_eq!(summary.stream_bytes, first.len() as u64);
        assert_eq!(summary.commits, 200);
        assert_eq!(summary.goals + summary.updates + summary.meetings, 60);
        // dossier.toml, plus 1 to 5 notes a commit.
        assert!((201..=1001).contains(&summary.file_versions));
    }
    assert!(stream(&SMALL).0 != stream(&Params { seed: 7, ..SMALL }).0);

    let dir = tempfile::tempdir().unwrap();
    generate::generate(&SMALL, &dir.path().join("a")).unwrap();
    generate::generate(&SMALL, &dir.path().join("b")).unwrap();
    assert_eq!(head(&dir.path().join("a")), head(&dir.path().join("b")));
}

#[test]
fn the_journal_has_the_size_asked_for_and_checks_without_errors() {
    for seed in [1, 2] {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("journal");
        let summary = generate::generate(&Params { seed, ..SMALL }, &journal).unwrap();
        assert_eq!(head(&journal).1, 200, "seed {seed}: commits");

        let mut notes = 0;
        for (folder, written) in [
            ("goals", summary.goals),
            ("updates", summary.updates),
            ("meetings", summary.meetings),
        ] {
            let files: Vec<_> = std::fs::read_dir(journal.join(folder))
                .unwrap()
                .map(|e| e.unwrap())
                .collect();
            assert!(
                files.iter().all(|f| f.file_type().unwrap().is_file()),
                "seed {seed}: {folder}/ is flat"
            );
            assert_eq!(files.len(), written, "seed {seed}: {folder}/");
            assert!(written > 0, "seed {seed}: no {folder}");
            notes += written;
        }
        assert_eq!(notes, 60);

        let run = run_in(&journal, &["check", "--format", "json", "--today", TODAY]);
        assert_eq!(run.code, 0, "seed {seed}: {}", run.stdout);
        let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d["severity"] == "error" || d["rule"] == "no-history")
            .collect();
        assert!(errors.is_empty(), "seed {seed}: {errors:#?}");
    }
}

#[test]
fn sizes_it_cannot_honour_are_refused() {
    for (entries, commits) in [(0, 10), (10, 0), (51, 10)] {
        let params = Params {
            entries,
            commits,
            seed: 1,
        };
        assert!(
            params.check().is_err(),
            "{entries} entries, {commits} commits"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("note.md"), "x").unwrap();
    let error = generate::generate(&SMALL, dir.path()).unwrap_err();
    assert!(error.to_string().contains("is not empty"), "{error}");
}
