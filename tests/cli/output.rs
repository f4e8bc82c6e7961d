//! The safety of `dossier build`'s output: a build killed at any point
//! leaves the old site or the new one, complete; two builds to one output
//! take turns; folders that are not dossier's to replace are refused.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TODAY, TestJournal, read_tree};

/// A journal of `goals` goals and `updates` updates, big enough that
/// writing its site takes a while.
fn generated_journal(goals: usize, updates: usize) -> TestJournal {
    let journal = TestJournal::new();
    let body = "Why it matters: a paragraph long enough to make every page a few \
                kilobytes, as real notes are. "
        .repeat(8);
    for i in 0..goals {
        journal.file(
            &format!("goals/g{i}.md"),
            &format!(
                "---\ntitle: Goal {i}\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\n{body}\n"
            ),
        );
    }
    let start: jiff::civil::Date = "2023-01-01".parse().unwrap();
    for i in 0..updates {
        let date = start.checked_add(jiff::Span::new().days(i as i64)).unwrap();
        journal.file(
            &format!("updates/{date}.md"),
            &format!(
                "---\ndate: {date}\ngoals: [g{goal}]\n---\nMoved [the goal](../goals/g{goal}.md) along.\n",
                goal = i % goals.max(1)
            ),
        );
    }
    journal
}

/// `dossier build JOURNAL -o OUT --today TODAY -q`, not yet waited for.
fn spawn_build(journal: &Path, out: &Path, stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg(journal)
        .arg("-o")
        .arg(out)
        .args(["--today", TODAY, "-q"])
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("the dossier binary starts")
}

fn build(journal: &Path, out: &Path) {
    let status = spawn_build(journal, out, Stdio::inherit()).wait().unwrap();
    assert!(status.success(), "build into {} failed", out.display());
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether the build `pid` has created its staging folder for the output
/// `site` in `dir` (leftovers of earlier, killed builds have other pids).
fn staging_exists(dir: &Path, pid: u32) -> bool {
    let prefix = format!(".site.dossier-new-{pid}-");
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with(&prefix))
}

/// Waits until the build `child` creates its staging folder (or exits).
fn wait_for_staging(dir: &Path, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !staging_exists(dir, child.id()) && Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one_never_a_mix() {
    let journal = generated_journal(400, 250);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let title = |t: &str| {
        journal.file(
            "dossier.toml",
            &format!("owner = \"Test Owner\"\nrole = \"Senior Engineer\"\ntitle = \"{t}\"\n"),
        );
    };

    // The manifests: every file of a known-good build of each version.
    let manifests: Vec<Vec<(String, Vec<u8>)>> = ["Version A", "Version B"]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            title(t);
            let reference = dir.path().join(format!("reference-{i}"));
            build(journal.path(), &reference);
            read_tree(&reference)
        })
        .collect();
    assert_ne!(manifests[0], manifests[1]);
    assert!(manifests[0].len() > 600, "{} files", manifests[0].len());
    // A first build, timed: the whole of it, and the writing of the site
    // (from the staging folder's creation to the end).
    title("Version A");
    let started = Instant::now();
    let mut child = spawn_build(journal.path(), &out, Stdio::null());
    wait_for_staging(dir.path(), &mut child);
    let writing_started = Instant::now();
    assert!(child.wait().unwrap().success());
    let (full, writing) = (started.elapsed(), writing_started.elapsed());
    let version = |tree: &Vec<(String, Vec<u8>)>| manifests.iter().position(|m| m == tree);
    let mut current = 0;
    assert_eq!(version(&read_tree(&out)), Some(current));

    let kills: u32 = 22;
    let (mut old, mut new, mut while_staging) = (0, 0, 0);
    for i in 0..kills {
        // Each run builds the other version over the current one.
        let next = 1 - current;
        title(["Version A", "Version B"][next]);
        let mut child = spawn_build(journal.path(), &out, Stdio::null());
        let step = f64::from(i / 2) / f64::from(kills / 2);
        if i % 2 == 0 {
            // Anywhere in the build: reading, rendering, writing, swapping.
            std::thread::sleep(full.mul_f64(step * 1.1));
        } else {
            // While the site is written and swapped in, the window that
            // matters: from the moment the staging folder appears, a delay
            // from none to a little more than writing takes.
            wait_for_staging(dir.path(), &mut child);
            std::thread::sleep(writing.mul_f64(step * 1.3));
        }
        if staging_exists(dir.path(), child.id()) {
            while_staging += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        match version(&read_tree(&out)) {
            Some(v) if v == current => old += 1,
            Some(_) => {
                new += 1;
                current = next;
            }
            None => panic!(
                "kill {i}: the output is neither the old site nor the new one: {} files",
                read_tree(&out).len()
            ),
        }
    }
    println!(
        "{kills} builds killed with SIGKILL ({while_staging} while their staging folder existed; \
         build {full:?}, writing {writing:?}): {old} left the old site, {new} the new site, \
         0 anything else"
    );
    assert_eq!(old + new, kills);

    // The next build completes and tidies what the killed ones left.
    title("Version A");
    build(journal.path(), &out);
    assert_eq!(version(&read_tree(&out)), Some(0));
    assert_eq!(names(dir.path()), ["reference-0", "reference-1", "site"]);
}

#[test]
fn a_second_build_waits_for_the_first_and_both_complete() {
    let journal = generated_journal(200, 100);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let reference = dir.path().join("reference");
    build(journal.path(), &reference);
    let manifest = read_tree(&reference);

    // Deterministic: the test holds the lock a build would take, as another
    // build writing the same output would.
    let lock_path = dir.path().join(".site.dossier-lock");
    let lock = std::fs::File::create(&lock_path).unwrap();
    lock.lock().unwrap();
    let log = dir.path().join("stderr.txt");
    let mut child = spawn_build(
        journal.path(),
        &out,
        Stdio::from(std::fs::File::create(&log).unwrap()),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while !std::fs::read_to_string(&log)
        .unwrap()
        .contains("waiting for another dossier build")
    {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build did not wait"
        );
        assert!(Instant::now() < deadline, "no waiting message");
        std::thread::sleep(Duration::from_millis(20));
    }
    let message = std::fs::read_to_string(&log).unwrap();
    assert!(
        message.contains(&lock_path.display().to_string()),
        "the message names the lock: {message}"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(child.try_wait().unwrap().is_none(), "still waiting");
    assert!(
        !out.exists(),
        "nothing written while another build holds the lock"
    );
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert_eq!(read_tree(&out), manifest);
    std::fs::remove_file(&log).unwrap();
    assert_eq!(
        names(dir.path()),
        ["reference", "site"],
        "no lock file left"
    );

    // Two real builds at once, a few times: both succeed, one site, complete.
    for _ in 0..3 {
        let a = spawn_build(journal.path(), &out, Stdio::null());
        let b = spawn_build(journal.path(), &out, Stdio::null());
        for mut child in [a, b] {
            assert!(child.wait().unwrap().success());
        }
        assert_eq!(read_tree(&out), manifest);
        assert_eq!(names(dir.path()), ["reference", "site"]);
    }
}

/// `dossier build JOURNAL -o OUT` with HOME set to `home`.
fn build_with_home(journal: &Path, out: &Path, home: &Path) -> crate::support::Run {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg(journal)
        .arg("-o")
        .arg(out)
        .args(["--today", TODAY])
        .current_dir(journal)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    crate::support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn refuses_outputs_that_are_not_dossiers_to_replace() {
    // A repository whose journal is a subfolder, next to unrelated content.
    let repo = TestJournal::bare();
    git2::Repository::init(repo.path()).unwrap();
    repo.file("README.md", "unrelated\n");
    let journal: PathBuf = repo.path().join("notes");
    repo.file(
        "notes/dossier.toml",
        "owner = \"Test Owner\"\nrole = \"Senior Engineer\"\n",
    );
    repo.file(
        "notes/goals/ledger.md",
        "---\ntitle: A goal\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nWhy.\n",
    );
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".bashrc"), "# mine\n").unwrap();
    let worktree = tempfile::tempdir().unwrap();
    git2::Repository::init(worktree.path()).unwrap();
    let foreign = tempfile::tempdir().unwrap();
    std::fs::write(foreign.path().join("keep.txt"), "mine").unwrap();

    let cases: [(&str, &Path, &str); 7] = [
        ("/", Path::new("/"), "root of the file system"),
        ("home", home.path(), "your home folder"),
        ("repository root", repo.path(), "root of the git repository"),
        ("journal", &journal, "the journal or a folder containing it"),
        (
            "journal's parent's parent",
            repo.path().parent().unwrap(),
            "the journal or a folder containing it",
        ),
        ("git work tree", worktree.path(), "git work tree"),
        ("foreign folder", foreign.path(), "not created by dossier"),
    ];
    for (what, out, reason) in cases {
        // `/` and the temporary folder change under other tests' feet.
        let ours = !matches!(what, "/" | "journal's parent's parent");
        let before = ours.then(|| names(out));
        let run = build_with_home(&journal, out, home.path());
        assert_eq!(run.code, 2, "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing to write to") && run.stderr.contains(reason),
            "{what}: {}",
            run.stderr
        );
        if let Some(before) = before {
            assert_eq!(names(out), before, "{what}: nothing changed");
        }
    }
    // HOME itself is refused, a folder inside it is fine.
    let run = build_with_home(&journal, &home.path().join("site"), home.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(home.path().join("site/.dossier-output").is_file());
    assert_eq!(names(home.path()), [".bashrc", "site"]);
}

#[test]
fn refuses_packet_outputs_among_the_notes() {
    let journal = TestJournal::new();
    journal.goal("ledger");
    let toml = std::fs::read(journal.path().join("dossier.toml")).unwrap();
    for (out, reason) in [
        ("goals/ledger.md", "Markdown file"),
        ("notes.markdown", "Markdown file"),
        ("goals/packet.html", "inside one of the journal's folders"),
        ("dossier.toml", "the journal's configuration"),
        ("goals", "it is a folder"),
    ] {
        let run = journal.run(&["packet", "-o", out, "--today", TODAY]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(run.stderr.contains(reason), "{out}: {}", run.stderr);
    }
    assert_eq!(
        std::fs::read(journal.path().join("dossier.toml")).unwrap(),
        toml
    );
    assert!(!journal.path().join("goals/packet.html").exists());
    let run = journal.run(&["packet", "-o", "packet.html", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
