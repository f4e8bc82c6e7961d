//! A temporary journal and a way to run the real `dossier` binary on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every test treats as today, so that results never depend on the clock.
pub const TODAY: &str = "2026-11-23";

/// A journal in a temporary folder.
pub struct TestJournal {
    dir: tempfile::TempDir,
}

/// What a run printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// What a finished command printed and how it exited.
    pub fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl TestJournal {
    /// A journal with a minimal dossier.toml.
    pub fn new() -> TestJournal {
        let journal = TestJournal::bare();
        journal.file(
            "dossier.toml",
            "owner = \"Test Owner\"\nrole = \"Senior Engineer\"\n",
        );
        journal
    }

    /// An empty folder.
    pub fn bare() -> TestJournal {
        TestJournal {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// The journal folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn file(&self, path: &str, content: &str) -> &TestJournal {
        self.bytes(path, content.as_bytes())
    }

    /// Writes a file of raw bytes.
    pub fn bytes(&self, path: &str, content: &[u8]) -> &TestJournal {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    /// A valid goal with the given slug.
    pub fn goal(&self, slug: &str) -> &TestJournal {
        self.file(
            &format!("goals/{slug}.md"),
            "---\ntitle: A goal\nstatus: active\nstarted: 2026-01-05\nleverage: [execution]\n---\nWhy it matters.\n",
        )
    }

    /// Runs `dossier ARGS` inside the journal folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }

    /// Runs `dossier check --format json --today TODAY .` and returns the
    /// diagnostics, less the `no-history` note that every journal outside a
    /// git repository gets (see [`TestJournal::all_diagnostics`]).
    pub fn diagnostics(&self) -> Vec<serde_json::Value> {
        let mut all = self.all_diagnostics();
        // Not about the notes under test: a journal outside git, and one
        // whose latest update is long before TODAY.
        all.retain(|d| d["rule"] != "no-history" && d["rule"] != "update-overdue");
        all
    }

    /// Every diagnostic of `dossier check --format json --today TODAY .`.
    pub fn all_diagnostics(&self) -> Vec<serde_json::Value> {
        let run = self.run(&["check", "--format", "json", "--today", TODAY]);
        assert!(
            run.code == 0 || run.code == 1,
            "check failed to run: {}",
            run.stderr
        );
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("invalid JSON ({e}): {}", run.stdout))
    }
}

/// Runs the binary in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("the dossier binary runs");
    Run::from(output)
}

/// The bundled example journal.
pub fn example_journal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-journal")
}

/// Every file below `root`, relative, sorted, with its bytes.
pub fn read_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A git repository around a journal, with commits at fixed dates.
pub struct TestRepo {
    pub journal: TestJournal,
    repo: git2::Repository,
}

impl TestRepo {
    /// A journal at the root of a new repository.
    pub fn new() -> TestRepo {
        let journal = TestJournal::new();
        let repo = git2::Repository::init(journal.path()).expect("git init");
        TestRepo { journal, repo }
    }

    /// Commits everything in the working tree with author and committer
    /// dates at noon UTC on `date` (YYYY-MM-DD).
    pub fn commit(&self, date: &str, message: &str) {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let day: jiff::civil::Date = date.parse().unwrap();
        let seconds = day
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_second();
        let signature =
            git2::Signature::new("Ada", "ada@example.com", &git2::Time::new(seconds, 0)).unwrap();
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                message,
                &tree,
                &parents,
            )
            .unwrap();
    }
}

impl TestRepo {
    /// Stages the working tree's `path` (journal-relative, the journal being
    /// the repository's root) without committing: `git add PATH`.
    pub fn stage(&self, path: &str) {
        let mut index = self.repo.index().unwrap();
        index.add_path(Path::new(path)).unwrap();
        index.write().unwrap();
    }

    /// Takes `path` out of the index, leaving it on disk: `git rm --cached PATH`.
    pub fn unstage(&self, path: &str) {
        let mut index = self.repo.index().unwrap();
        index.remove_path(Path::new(path)).unwrap();
        index.write().unwrap();
    }
}

/// Runs the binary in `dir` as if no folder above `dir` were in a git
/// repository (`GIT_CEILING_DIRECTORIES` is its parent, so git looks in
/// `dir` and below only), and kills it if it runs longer than ten seconds:
/// a hang fails the test instead of stalling it.
pub fn run_isolated(dir: &Path, args: &[&str]) -> Run {
    let ceiling = dir.parent().expect("a folder with a parent");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the dossier binary runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(10) {
            child.kill().ok();
            let output = child.wait_with_output().unwrap();
            panic!(
                "dossier {args:?} still running after 10 s (killed)\nstderr:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().expect("output"))
}

/// Every entry below `root`, relative and sorted, never following a link
/// nor opening anything but a regular file: `dir`, `file <content>` (or
/// its size, past 64 KB), `link -> <target>`, or `special`.
pub fn list_tree(root: &Path) -> Vec<String> {
    let mut entries: Vec<String> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.expect("a readable entry");
            let relative = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let file_type = entry.file_type();
            let what = if file_type.is_symlink() {
                format!(
                    "link -> {}",
                    std::fs::read_link(entry.path()).unwrap().display()
                )
            } else if file_type.is_dir() {
                "dir".to_string()
            } else if file_type.is_file() {
                let size = entry.metadata().unwrap().len();
                if size > 64 * 1024 {
                    format!("file of {size} bytes")
                } else {
                    format!(
                        "file {:?}",
                        String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap())
                    )
                }
            } else {
                "special".to_string()
            };
            format!("{relative}: {what}")
        })
        .collect();
    entries.sort();
    entries
}
