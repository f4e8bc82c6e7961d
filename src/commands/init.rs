//! `dossier init`: create a journal, and optionally a git pre-commit hook.
//! `dossier init --example DIR` creates the bundled example journal instead,
//! as a repository whose history has each note on its own date ([`example`]).
//!
//! Writes `dossier.toml` (every key with a comment, defaults filled in),
//! one example goal, update and meeting dated today, a `.gitignore` for the
//! output, and the JSON Schemas that editors' YAML language servers read
//! (`.dossier/schema/`); then runs `git init` unless the folder is already in
//! a repository. `--hook` installs `.git/hooks/pre-commit`, which runs
//! `dossier check --staged` on the journal (the files as the commit will
//! hold them); on an existing journal it does only that.
//!
//! All or nothing: every step is planned and checked first ([`plan`]), and
//! nothing is written unless every step can be. It never overwrites a file
//! and never writes through a symbolic link.

pub mod example;
pub mod plan;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::ToSpan;
use jiff::civil::Date;

use crate::commands::cli::InitArgs;
use crate::config::{self, DEFAULT_BACKDATED_DAYS, DEFAULT_CADENCE_DAYS, DEFAULT_STALE_DAYS};
use crate::entry::{Choice, Kind};
use crate::error::{Error, Result};
use crate::fsread;
use plan::{NewFile, Plan};

/// Lines of the `.gitignore` written in a new journal: the default outputs,
/// and the lock and temporary files a killed build or packet leaves next to
/// them until the next run (`.site.dossier-lock`, `.packet.html.dossier-new-*`).
pub const GITIGNORE_LINES: [&str; 5] = [
    "/site/",
    "/packet.html",
    "/packet.json",
    "/packet.pdf",
    "/.*.dossier-*",
];

/// The slug of the example goal.
const EXAMPLE_GOAL: &str = "checkout-latency";

/// Runs the command.
pub fn run(args: &InitArgs, quiet: bool) -> Result<ExitCode> {
    if args.example {
        return example::run(args, quiet);
    }
    let dir = &args.dir;
    if args.hook && dir.join(config::FILE_NAME).is_file() {
        let repo = discover_repository(dir).ok_or_else(|| not_in_a_repository(dir))?;
        let mut plan = Plan::default();
        let hook = plan_hook(dir, Some(&repo), &mut plan)?;
        plan.write()?;
        if !quiet {
            let what = if hook.install {
                "installed"
            } else {
                "already installed"
            };
            crate::outln!(
                "pre-commit hook {what}: {} runs `dossier check --staged {}`",
                hook.path.display(),
                hook.journal
            );
        }
        return Ok(ExitCode::SUCCESS);
    }

    // Every step planned and checked before anything is written.
    let today = crate::resolve_today(None)?;
    let mut plan = Plan::default();
    plan.create_folder(dir)?;
    for (path, text) in journal_files(today) {
        plan.create(NewFile {
            base: dir.clone(),
            relative: path,
            bytes: text.into_bytes(),
            executable: false,
        })?;
    }
    let gitignore_note = plan_gitignore(dir, &mut plan)?;
    let repo = discover_repository(dir);
    if repo.is_none() {
        plan.git_init(dir)?;
    }
    let hook = if args.hook {
        Some(plan_hook(dir, repo.as_ref(), &mut plan)?)
    } else {
        None
    };
    plan.write()?;

    if !quiet {
        let mut out = std::io::stdout().lock();
        let mut lines = vec![format!(
            "Created a journal in {}: dossier.toml, an example goal, update and meeting, {gitignore_note}, and editor schemas in .dossier/schema/.",
            dir.display()
        )];
        if repo.is_none() {
            lines.push("Initialised a git repository there.".into());
        }
        if let Some(hook) = &hook {
            lines.push(hook.installed_line());
        }
        lines.push("Set owner, role and target_role in dossier.toml, then:".into());
        if dir != Path::new(".") {
            lines.push(format!("  cd {}", shell_word(&dir.to_string_lossy())));
        } else {
            lines.push("  dossier check".into());
        }
        lines.push("  dossier new update".into());
        lines.push("  dossier serve".into());
        for line in lines {
            writeln!(out, "{line}").ok();
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Plans the output lines of `.gitignore`: a new file, or the lines the
/// user's own lacks appended to it. It is read under [`fsread`]'s rule,
/// with a limit of [`plan::GITIGNORE_LIMIT`]. Returns what will be done,
/// for the summary.
fn plan_gitignore(dir: &Path, plan: &mut Plan) -> Result<&'static str> {
    let relative = Path::new(".gitignore");
    let existing = match fsread::read_under(dir, relative, plan::GITIGNORE_LIMIT) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(reason) if reason.is_not_found() => {
            let text = format!(
                "# dossier's output: the site and the packet\n{}\n",
                GITIGNORE_LINES.join("\n")
            );
            plan.create(NewFile {
                base: dir.to_path_buf(),
                relative: relative.to_path_buf(),
                bytes: text.into_bytes(),
                executable: false,
            })?;
            return Ok("a .gitignore for the output");
        }
        Err(reason) => {
            return Err(Error::Unreadable {
                path: dir.join(relative),
                reason,
            });
        }
    };
    let missing: Vec<&str> = GITIGNORE_LINES
        .iter()
        .copied()
        .filter(|line| !existing.lines().any(|l| l.trim() == *line))
        .collect();
    if missing.is_empty() {
        return Ok("the existing .gitignore (unchanged)");
    }
    let separator = if existing.is_empty() || existing.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let text = format!(
        "{separator}# dossier's output: the site and the packet\n{}\n",
        missing.join("\n")
    );
    plan.append(dir, relative, text, plan::GITIGNORE_LIMIT)?;
    Ok("the output lines added to the existing .gitignore")
}

/// The repository `path` is in, as git finds it: from `path` or its
/// nearest folder that exists, upwards, across file systems, stopping below
/// the folders of `GIT_CEILING_DIRECTORIES` as git does.
fn discover_repository(path: &Path) -> Option<git2::Repository> {
    let ceilings: Vec<PathBuf> = std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    git2::Repository::open_ext(
        nearest_existing(path),
        git2::RepositoryOpenFlags::CROSS_FS,
        &ceilings,
    )
    .ok()
}

fn not_in_a_repository(journal: &Path) -> Error {
    Error::Usage(format!(
        "`{}` is not in a git repository: run `git init` there, then `dossier init --hook` again",
        journal.display()
    ))
}

/// `path`, or its nearest ancestor that exists (the folder may not be
/// created yet, but may already be inside a repository).
fn nearest_existing(path: &Path) -> &Path {
    path.ancestors()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .find(|p| p.exists())
        .unwrap_or(Path::new("."))
}

/// A word as a POSIX shell reads it: quoted when it needs to be.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./-~+=:,@".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The files of a new journal, relative to its folder, with their text.
pub fn journal_files(today: Date) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (PathBuf::from(config::FILE_NAME), config_text(today)),
        (
            PathBuf::from(format!("goals/{EXAMPLE_GOAL}.md")),
            example_goal(today),
        ),
        (
            PathBuf::from(format!("updates/{today}.md")),
            example_update(today),
        ),
        (
            PathBuf::from(format!("meetings/{today}-checkout-conversion.md")),
            example_meeting(today),
        ),
    ];
    for &(_, kind) in Kind::ALL {
        let mut json = serde_json::to_string_pretty(&crate::schema::json(Some(kind)))
            .unwrap_or_else(|_| "{}".into());
        json.push('\n');
        files.push((
            PathBuf::from(format!(".dossier/schema/{}.json", kind.name())),
            json,
        ));
    }
    files
}

/// `dossier.toml` with every key documented.
fn config_text(today: Date) -> String {
    let year = today.year();
    let max_file = config::DEFAULT_MAX_FILE_SIZE / 1_000_000;
    let max_asset = config::DEFAULT_MAX_ASSET_SIZE / 1_000_000;
    format!(
        r#"# The settings of this journal. Every key is optional: the values written
# here are the defaults, and the commented lines are examples. A misspelt key
# is reported by `dossier check`.

# Whose journal it is, the current role and the role being worked towards:
# shown at the top of the site and of the packet.
# owner = "Ada Park"
# role = "Senior Software Engineer"
# target_role = "Staff Software Engineer"

# The site's title (default: "OWNER's journal").
# title = "Ada Park - engineering journal"

# Expected days between two updates: a longer stretch is reported as a gap
# (rule `cadence-gap`).
cadence_days = {DEFAULT_CADENCE_DAYS}

# Days a note may be first committed after its own date before the rule
# `backdated` flags it as written after the fact.
backdated_days = {DEFAULT_BACKDATED_DAYS}

# Days an active goal may go without a change to it, or to an update on it,
# before the rule `stale-goal` flags it.
stale_days = {DEFAULT_STALE_DAYS}

# Your manager's manager: the packet counts the updates you also sent them.
# skip_level = "Lena Chen"

# Your own organisation, and the engineering groups you meet: the packet
# counts the parts of the business you met without them.
# org = "Payments Engineering"
# engineering_orgs = ["Platform Engineering", "API Platform"]

# The paper the packet prints on: "a4" or "letter" (`--paper` overrides it).
paper = "a4"

# The largest note dossier reads (larger ones get `too-large`), and the
# largest file a note may link to and have published with the site: in
# megabytes, or with a unit ("500 KB").
max_file_size = {max_file}
max_asset_size = {max_asset}

# Keep raw HTML in notes as written, scripts included (by default it is
# sanitized). Only for a journal you fully trust.
allow_raw_html = false

# Leave and holidays: days away are not counted as gaps in the updates.
away = [
  # {{ from = {year}-08-03, to = {year}-08-21, reason = "Summer leave" }},
]

# Named review periods. `dossier packet` makes the packet of the latest one
# that has begun (or `--period NAME`); each wants a summary in summaries/
# (`dossier new summary`).
[periods]
# "{year}-H1" = {{ from = {year}-01-01, to = {year}-06-30 }}
# "{year}-H2" = "{year}-07-01..{year}-12-31"

# Rule severities, as clippy lints: "allow", "note", "warn" or "error".
# The rules are listed in the README under "Rules".
[rules]
# empty-body = "allow"
# future-date = "error"

# People you meet, each declared once with their role and part of the
# business: the site and the packet then use this, whatever a meeting wrote.
[people]
# "Lena Chen" = {{ role = "Director of Engineering", org = "Engineering" }}

# Your company's career ladder, one line per dimension in its own words:
# notes name the dimensions they are evidence for in `criteria`, and the
# packet shows the evidence for each.
[ladder]
# scope = "Takes on problems that span several teams, and owns the outcome"
"#
    )
}

fn example_goal(today: Date) -> String {
    format!(
        r#"---
# yaml-language-server: $schema=../.dossier/schema/goal.json
# An example goal written by `dossier init`: rewrite it or delete it.
title: Cut checkout p99 latency below 400 ms
status: active
started: {today}
leverage: [execution, interpersonal]
stakeholders:
  - Priya Nair (Director, Payments)
tags: [performance]
---
## Why it matters

Checkout p99 latency is 820 ms, and Product measured a drop in conversion above 500 ms. Three services sit in the path and nobody owns the budget across them.

## What success looks like

- p99 below 400 ms for two weeks in a row.
- A latency budget per service, each with an owner, agreed with Payments and SRE.
"#
    )
}

fn example_update(today: Date) -> String {
    let from = today.saturating_sub((i64::from(DEFAULT_CADENCE_DAYS) - 1).days());
    format!(
        r#"---
# yaml-language-server: $schema=../.dossier/schema/update.json
# An example update written by `dossier init`: rewrite it or delete it.
date: {today}
period: "{from}..{today}"
to:
  - Sam Ortiz (Engineering Manager)
goals: [{EXAMPLE_GOAL}]
---
## Done

- [Checkout latency](../goals/{EXAMPLE_GOAL}.md): traced the p99 to three sequential calls to the fraud service. A prototype that makes them in parallel saves 240 ms on staging.

## Next

- Agree a latency budget per service with Payments and SRE.

## Help needed

- An introduction to the fraud team's lead, to review the parallel calls.
"#
    )
}

fn example_meeting(today: Date) -> String {
    format!(
        r#"---
# yaml-language-server: $schema=../.dossier/schema/meeting.json
# An example meeting written by `dossier init`: rewrite it or delete it.
title: Checkout conversion with Product
date: {today}
with:
  - Priya Nair (Director, Payments)
  - {{ name: Marco Rossi, role: Product Manager, org: Product }}
type: senior-leader
org: Product
problems:
  - Conversion drops when checkout takes more than 500 ms
goals: [{EXAMPLE_GOAL}]
---
Marco shared the results of the checkout experiment: every 100 ms above 500 ms costs about 1% of conversions on mobile. Priya asked who owns checkout latency end to end; nobody does today.

I offered to own it as a [goal](../goals/{EXAMPLE_GOAL}.md) this half.

Follow-ups:

- [ ] Send Priya the trace of the slowest checkout path
"#
    )
}

/// Where the pre-commit hook goes and what it says.
struct Hook {
    /// `.git/hooks/pre-commit` (or under `core.hooksPath`).
    path: PathBuf,
    /// The journal folder relative to the repository root, shell-quoted.
    journal: String,
    /// False when the same hook is there already.
    install: bool,
}

impl Hook {
    /// What `init` says of a hook it installed.
    fn installed_line(&self) -> String {
        format!(
            "Installed a pre-commit hook: {} runs `dossier check --staged {}`.",
            self.path.display(),
            self.journal
        )
    }
}

/// Plans the hook of the journal at `journal`, in `repo`, or in the
/// repository the plan creates there when `None`: refuses an existing hook
/// with other content, and a hook or hooks folder that is a symbolic link.
fn plan_hook(journal: &Path, repo: Option<&git2::Repository>, plan: &mut Plan) -> Result<Hook> {
    let (workdir, git_dir, config) = match repo {
        Some(repo) => {
            let workdir = repo.workdir().ok_or_else(|| {
                Error::Usage(format!(
                    "the repository around `{}` is bare: a pre-commit hook needs a working tree",
                    journal.display()
                ))
            })?;
            (
                workdir.to_path_buf(),
                repo.commondir().to_path_buf(),
                repo.config().ok(),
            )
        }
        // git init will make the journal the working tree; the user's and
        // the system's settings (core.hooksPath) apply to it.
        None => (
            journal.to_path_buf(),
            journal.join(".git"),
            git2::Config::open_default().ok(),
        ),
    };
    let relative = match repo {
        Some(_) => {
            // The journal folder may not exist yet: resolve what exists of it.
            let existing = nearest_existing(journal);
            let rest = journal.strip_prefix(existing).unwrap_or(journal);
            let canonical = |path: &Path| {
                path.canonicalize()
                    .map_err(Error::io("resolve", path.to_path_buf()))
            };
            canonical(existing)?
                .join(rest)
                .strip_prefix(canonical(&workdir)?)
                .map(Path::to_path_buf)
                .unwrap_or_default()
        }
        None => PathBuf::new(),
    };
    let relative = relative.to_string_lossy().replace('\\', "/");
    let journal_word = shell_word(if relative.is_empty() { "." } else { &relative });
    let script = hook_script(&journal_word);

    // The hook's base: the folder it is checked from, no link allowed below.
    let (base, folder) = match config.and_then(|c| c.get_path("core.hooksPath").ok()) {
        Some(path) if path.is_relative() && plain(&path) => (workdir, path),
        Some(path) => {
            let path = if path.is_absolute() {
                path
            } else {
                workdir.join(path)
            };
            match (path.parent(), path.file_name()) {
                (Some(parent), Some(name)) => (parent.to_path_buf(), PathBuf::from(name)),
                _ => (path, PathBuf::new()),
            }
        }
        None => (git_dir, PathBuf::from("hooks")),
    };
    let file = NewFile {
        relative: folder.join("pre-commit"),
        base,
        bytes: script.into_bytes(),
        executable: true,
    };
    let path = file.path();
    plan::check_way(&file.base, &file.relative)?;
    match std::fs::symlink_metadata(&path) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(Error::WriteRefused {
            path,
            reason: "it is a symbolic link, and dossier never writes through one".into(),
        }),
        Ok(_) => {
            let existing =
                fsread::read_file(&path, plan::HOOK_LIMIT).map_err(|reason| Error::Unreadable {
                    path: path.clone(),
                    reason,
                })?;
            if existing != file.bytes {
                return Err(Error::Usage(format!(
                    "`{}` already exists and is a different hook: add `dossier check --staged {journal_word}` to it yourself",
                    path.display()
                )));
            }
            Ok(Hook {
                path,
                journal: journal_word,
                install: false,
            })
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            match repo {
                Some(_) => plan.create(file)?,
                None => plan.create_after_git(file)?,
            }
            Ok(Hook {
                path,
                journal: journal_word,
                install: true,
            })
        }
        Err(error) => Err(Error::io("read", &path)(error)),
    }
}

/// Whether a relative path is made of plain names only.
fn plain(path: &Path) -> bool {
    path.components()
        .all(|component| matches!(component, std::path::Component::Normal(_)))
}

/// The POSIX sh pre-commit hook.
fn hook_script(journal: &str) -> String {
    format!(
        r#"#!/bin/sh
# Installed by `dossier init --hook`: checks the journal before each commit
# and stops the commit if it has errors. It checks the files as they are
# staged in the git index, what the commit will hold (`--staged`): unstaged
# changes and untracked files are ignored. Skip it once with
# `git commit --no-verify`.
cd "$(git rev-parse --show-toplevel)" || exit 1
if ! command -v dossier >/dev/null 2>&1; then
    echo "pre-commit: dossier is not on PATH (install it, or commit with --no-verify)" >&2
    exit 1
fi
exec dossier check --staged {journal}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_word("journal"), "journal");
        assert_eq!(shell_word("notes/my journal"), "'notes/my journal'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
