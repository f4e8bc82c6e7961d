//! `dossier init --example DIR`: the bundled example journal as a git
//! repository of its own, whose history is honest.
//!
//! The files are those of `example-journal/` when dossier was built
//! (embedded by `build.rs`, none listed by hand). Inside dossier's own
//! repository they were all committed at once, so that copy turns the
//! `backdated` rule off; here each note is committed on its own date instead
//! and the rule is back on:
//!
//! - a first commit, on the earliest note's date, holds `dossier.toml`
//!   (less the `backdated = "allow"` setting and its comment),
//!   `.gitignore` as `init` writes it, the Markdown files without a date,
//!   and the other files that no note links to;
//! - each note is first committed on its date (an update's or a meeting's
//!   `date`, a goal's `started`), with the other files (images) it is the
//!   first to link to;
//! - the later changes of `EDITS` follow on their own dates: goals
//!   reaching `done`, `dropped` or `blocked`, sections written as the work
//!   went on, corrections and follow-ups. Each earlier version is derived
//!   from the file as shipped by undoing those changes, newest first, so the
//!   last version of every file is the shipped one, byte for byte.
//!
//! Notes are committed at 17:30 UTC (the first commit at 09:00), a minute
//! apart when several fall on one day, by the journal's owner: the same
//! build of dossier always makes the same commits.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use jiff::civil::{Date, date};

use super::plan::{NewFile, Plan};
use super::{GITIGNORE_LINES, plan_hook, shell_word};
use crate::commands::cli::InitArgs;
use crate::entry::{Choice, Kind};
use crate::error::{Error, Result};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/example_journal.rs"));
}

/// The author and committer of every commit: the example's owner.
const AUTHOR: (&str, &str) = ("Ada Park", "ada@example.com");

/// The branch the history is on.
const BRANCH: &str = "main";

/// The time of day (UTC) of a note's commit, and of the first commit.
const NOTE_TIME: (i8, i8) = (17, 30);
const FIRST_TIME: (i8, i8) = (9, 0);

/// The first line of the comment, in the example's `dossier.toml`, that
/// explains why it turns the `backdated` rule off; the comment runs down to
/// the setting itself.
const BACKDATED_COMMENT: &str = "# This example journal was written in one sitting";
const BACKDATED_ALLOW: &str = "backdated = \"allow\"";

/// How a file read before one of its later changes: each variant undoes
/// part of that change, on the newer text.
#[derive(Clone, Copy, Debug)]
enum Was {
    /// The one line that starts with this text was not there yet.
    NoLine(&'static str),
    /// The one line that starts with `.0` read `.1` (without its newline).
    Line(&'static str, &'static str),
    /// The paragraph whose first line starts with this text was not there
    /// yet (nor the blank line before it).
    NoParagraph(&'static str),
    /// The section under this heading line (to the next heading of its
    /// level or above) was not there yet.
    NoSection(&'static str),
    /// The section under the heading `.0` read `.1` (its text between the
    /// heading and the next one, blank lines around it left out).
    Section(&'static str, &'static str),
}

/// A change to a note after it was first committed.
#[derive(Debug)]
struct Edit {
    /// When it was committed: after the note's own date.
    date: Date,
    /// The note, relative to the journal.
    path: &'static str,
    /// The commit message.
    message: &'static str,
    /// How the note read before it.
    was: &'static [Was],
}

use Was::{Line, NoLine, NoParagraph, NoSection, Section};

/// The changes made to notes after their first commit, chosen to agree
/// with what the notes say: the goals' status changes on their `finished`
/// dates (and fraud signals blocked on 2026-09-08, the day Legal put the
/// vendor feed on hold), sections written as the work went on, a
/// correction, follow-ups ticked off or added later, a `progress` line
/// revised.
const EDITS: &[Edit] = &[
    Edit {
        date: date(2025, 12, 12),
        path: "goals/checkout-latency.md",
        message: "Checkout latency: what a week of traces shows",
        was: &[NoSection("## What I found")],
    },
    Edit {
        date: date(2026, 1, 18),
        path: "updates/2026-01-16.md",
        message: "Update of 2026-01-16: correct the p99 on the flagged traffic (630 ms, not 680 ms)",
        was: &[Line(
            "- Checkout fan-out at 10% since 2026-01-12.",
            "- Checkout fan-out at 10% since 2026-01-12. On the flagged traffic p99 is 680 ms, and error rate is unchanged at 0.21%.",
        )],
    },
    Edit {
        date: date(2026, 2, 20),
        path: "goals/checkout-latency.md",
        message: "Checkout latency: done, six weeks before its target",
        was: &[
            Line("status:", "status: active"),
            NoLine("finished:"),
            NoLine("impact:"),
            Line("tags:", "tags: [performance, checkout]"),
            NoSection("## What shipped"),
            NoSection("## Why it is tagged as a breakthrough"),
        ],
    },
    Edit {
        date: date(2026, 2, 20),
        path: "goals/payout-escalations.md",
        message: "Payout escalations: 300 escalated tickets sorted by cause",
        was: &[NoSection("## Approach")],
    },
    Edit {
        date: date(2026, 3, 2),
        path: "goals/checkout-latency.md",
        message: "Checkout latency: link the on-call health goal its dashboard started",
        was: &[NoParagraph("The dashboard also became the starting point")],
    },
    Edit {
        date: date(2026, 3, 4),
        path: "meetings/2026-02-25-sre-alerting.md",
        message: "SRE alerting meeting: add the follow-up to write up the on-call goal",
        was: &[NoLine("- [x] Write up the [on-call health goal]")],
    },
    Edit {
        date: date(2026, 3, 6),
        path: "goals/graphql-gateway.md",
        message: "GraphQL gateway: what the prototype showed",
        was: &[NoSection("## What I built")],
    },
    Edit {
        date: date(2026, 3, 18),
        path: "meetings/2026-02-25-sre-alerting.md",
        message: "SRE alerting meeting: Wei moved the infrastructure alerts to Platform",
        was: &[Line(
            "- [x] Wei: move infrastructure alerts",
            "- [ ] Wei: move infrastructure alerts to Platform's rotation",
        )],
    },
    Edit {
        date: date(2026, 4, 3),
        path: "goals/graphql-gateway.md",
        message: "GraphQL gateway: dropped, and why",
        was: &[
            Line("status:", "status: active"),
            NoLine("finished:"),
            NoLine("learned:"),
            NoSection("## Why it was dropped (2026-04-03)"),
            NoSection("## What I kept"),
            NoSection("## What I learned"),
        ],
    },
    Edit {
        date: date(2026, 6, 19),
        path: "goals/ledger-migration.md",
        message: "Ledger migration: the risks, after the dual-write incident",
        was: &[NoSection("## Risks")],
    },
    Edit {
        date: date(2026, 6, 26),
        path: "goals/payout-escalations.md",
        message: "Payout escalations: done",
        was: &[
            Line("status:", "status: active"),
            NoLine("finished:"),
            NoLine("impact:"),
            NoSection("## Milestones"),
            NoSection("## Result"),
        ],
    },
    Edit {
        date: date(2026, 8, 28),
        path: "goals/fraud-signals-platform.md",
        message: "Fraud signals: progress so far (the shadow consumer runs)",
        was: &[NoSection("## Progress")],
    },
    Edit {
        date: date(2026, 9, 1),
        path: "goals/oncall-health.md",
        message: "On-call health: August's numbers",
        was: &[NoLine("| Aug 2026 |")],
    },
    Edit {
        date: date(2026, 9, 8),
        path: "goals/fraud-signals-platform.md",
        message: "Fraud signals: blocked on Legal's review of the vendor feed",
        was: &[
            Line("status:", "status: active"),
            Line(
                "| Legal approval to send fields to the vendor |",
                "| Legal approval to send fields to the vendor | - | in review |",
            ),
            NoSection("## Why it is blocked"),
        ],
    },
    Edit {
        date: date(2026, 9, 16),
        path: "meetings/2026-04-08-risk-fraud-signals.md",
        message: "Risk meeting: Legal's answer on the vendor feed",
        was: &[Line(
            "- [x] Check with Legal whether the vendor feed",
            "- [ ] Check with Legal whether the vendor feed needs a new review",
        )],
    },
    Edit {
        date: date(2026, 9, 24),
        path: "meetings/2026-06-24-product-payment-methods.md",
        message: "Payment methods meeting: EUR date confirmed to Priya",
        was: &[Line(
            "- [x] Confirm the EUR date to Priya",
            "- [ ] Confirm the EUR date to Priya by 2026-09-30",
        )],
    },
    Edit {
        date: date(2026, 9, 25),
        path: "goals/fraud-signals-platform.md",
        message: "Fraud signals: the options after the Legal meeting, and Risk's choice",
        was: &[Section(
            "## Why it is blocked",
            "Since 2026-09-08 the work has been blocked on Legal. Sending bank-account and device data to the vendor needs a data protection impact assessment and an amendment to the processor agreement. I am meeting Miriam Sato on 2026-09-16 to understand what Legal needs.",
        )],
    },
    Edit {
        date: date(2026, 11, 2),
        path: "goals/oncall-health.md",
        message: "On-call health: October's numbers",
        was: &[NoLine("| Oct 2026 |")],
    },
    Edit {
        date: date(2026, 11, 5),
        path: "goals/api-versioning-rfc.md",
        message: "API versioning RFC: why it stays proposed after the architecture review",
        was: &[NoSection("## Why it is only proposed")],
    },
    Edit {
        date: date(2026, 11, 9),
        path: "goals/ledger-migration.md",
        message: "Ledger migration: USD and CAD read from the ledger",
        was: &[NoLine("progress:")],
    },
    Edit {
        date: date(2026, 11, 20),
        path: "goals/ledger-migration.md",
        message: "Ledger migration: where it stands, and lead the packet with it",
        was: &[
            Line(
                "progress:",
                "progress: \"USD and CAD balances read from the ledger since 2026-11-09; EUR and GBP on 2026-12-01.\"",
            ),
            NoLine("highlight:"),
            NoSection("## Where it stands (2026-11-20)"),
        ],
    },
];

/// One commit of the example's history.
#[derive(Debug)]
struct Commit {
    /// Its date (author and committer).
    date: Date,
    /// Its message.
    message: String,
    /// The files it adds or changes, with their content then.
    files: Vec<(String, Vec<u8>)>,
}

/// The example's files as `init --example` writes them: those of
/// `example-journal/`, with `dossier.toml`'s `backdated` rule back on and
/// `.gitignore`'s output lines.
fn files() -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files: BTreeMap<String, Vec<u8>> = embedded::FILES
        .iter()
        .map(|(path, bytes)| ((*path).to_string(), bytes.to_vec()))
        .collect();
    let config = files
        .get(crate::config::FILE_NAME)
        .ok_or_else(|| mismatch("it has no dossier.toml"))?;
    let config = std::str::from_utf8(config).map_err(|_| mismatch("dossier.toml is not UTF-8"))?;
    let config = with_backdated_on(config).map_err(|reason| mismatch(&reason))?;
    files.insert(crate::config::FILE_NAME.into(), config.into_bytes());
    let gitignore = gitignore(files.get(".gitignore").map(Vec::as_slice));
    files.insert(".gitignore".into(), gitignore);
    Ok(files)
}

/// The example's `dossier.toml` without the `backdated = "allow"` setting
/// and the comment above it that explains it. Checked: the setting is the
/// one line of its kind, in `[rules]`, right below a comment that starts
/// with [`BACKDATED_COMMENT`]; anything else is an error, never a silent
/// no-op.
fn with_backdated_on(text: &str) -> std::result::Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let setting = only_line(&lines, |line| line.trim() == BACKDATED_ALLOW)
        .map_err(|n| format!("dossier.toml has {n} lines `{BACKDATED_ALLOW}`, not one"))?;
    let comment = only_line(&lines, |line| line.starts_with(BACKDATED_COMMENT)).map_err(|n| {
        format!("dossier.toml has {n} lines starting `{BACKDATED_COMMENT}`, not one")
    })?;
    if comment > setting
        || !lines[comment..setting]
            .iter()
            .all(|line| line.trim_start().starts_with('#'))
    {
        return Err(format!(
            "dossier.toml's `{BACKDATED_ALLOW}` is not right below the comment starting `{BACKDATED_COMMENT}`"
        ));
    }
    let table = lines[..comment]
        .iter()
        .rev()
        .find(|line| line.trim_start().starts_with('['))
        .map(|line| line.trim());
    if table != Some("[rules]") {
        return Err(format!(
            "dossier.toml's `{BACKDATED_ALLOW}` is not in [rules]"
        ));
    }
    Ok(lines[..comment].concat() + &lines[setting + 1..].concat())
}

/// The index of the one line that `matches`, or how many do.
fn only_line(lines: &[&str], matches: impl Fn(&str) -> bool) -> std::result::Result<usize, usize> {
    let found: Vec<usize> = (0..lines.len()).filter(|&i| matches(lines[i])).collect();
    match found[..] {
        [one] => Ok(one),
        _ => Err(found.len()),
    }
}

/// `.gitignore` as `init` writes it; should the example ever ship one, its
/// lines with the missing output lines added, as `init` does.
fn gitignore(existing: Option<&[u8]>) -> Vec<u8> {
    let existing = existing.map(String::from_utf8_lossy).unwrap_or_default();
    let missing: Vec<&str> = GITIGNORE_LINES
        .iter()
        .copied()
        .filter(|line| !existing.lines().any(|l| l.trim() == *line))
        .collect();
    if missing.is_empty() {
        return existing.into_owned().into_bytes();
    }
    let separator = if existing.is_empty() || existing.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    format!(
        "{existing}{separator}# dossier's output: the site and the packet\n{}\n",
        missing.join("\n")
    )
    .into_bytes()
}

/// The error for an example journal that no longer fits [`EDITS`] or the
/// `dossier.toml` edit: a bug in this build, caught by its tests.
fn mismatch(reason: &str) -> Error {
    Error::Usage(format!(
        "the bundled example journal does not fit its history ({reason}): this build of dossier cannot create it"
    ))
}

/// A note: a Markdown file, outside `assets/` and `templates/`, with a date
/// in its frontmatter (`started` for a goal, else `date`).
struct Note {
    date: Date,
    /// The message of its first commit.
    message: String,
}

fn note(path: &str, bytes: &[u8]) -> Option<Note> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if !crate::publish::has_markdown_extension(name.as_bytes()) {
        return None;
    }
    let (folder, _) = path.split_once('/').unwrap_or(("", path));
    if crate::discover::RESERVED_FOLDERS.contains(&folder) {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let parsed = crate::parse::parse(text.to_string(), 0, &mut Vec::new());
    let frontmatter = parsed.frontmatter?;
    let field = |name: &str| {
        frontmatter
            .get(name)
            .and_then(crate::node::Node::scalar_text)
    };
    let kind = Kind::from_folder(folder);
    let (first, second) = match kind {
        Some(Kind::Goal) => ("started", "date"),
        _ => ("date", "started"),
    };
    let date: Date = field(first)
        .or_else(|| field(second))?
        .trim()
        .parse()
        .ok()?;
    let flag = |name: &str, value: bool| {
        frontmatter
            .get(name)
            .is_some_and(|node| node.value == crate::node::Value::Bool(value))
    };
    // Feedback without consent is as private as a private note, and so is
    // its commit message.
    let private = flag("private", true) || (kind == Some(Kind::Feedback) && flag("consent", false));
    let title = field("title").unwrap_or_default();
    let message = match kind {
        _ if private => "Add a private note".to_string(),
        Some(Kind::Update) => format!("Update of {date}"),
        Some(Kind::Goal) if !title.is_empty() => format!("Goal: {title}"),
        Some(Kind::Meeting) if !title.is_empty() => format!("Meeting: {title}"),
        _ => format!("Add {path}"),
    };
    Some(Note { date, message })
}

/// The version of `text` before a change, as `was` says; `Err` names the
/// part of it that does not fit the text.
fn undo(text: &str, was: &[Was]) -> std::result::Result<String, String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    for part in was {
        match *part {
            NoLine(start) => {
                let at = starting(&lines, start)?;
                lines.remove(at);
            }
            Line(start, before) => {
                let at = starting(&lines, start)?;
                lines[at] = format!("{before}\n");
            }
            NoParagraph(start) => {
                let at = starting(&lines, start)?;
                let end = (at..lines.len())
                    .find(|&i| lines[i].trim().is_empty())
                    .unwrap_or(lines.len());
                remove_block(&mut lines, at, end);
            }
            NoSection(heading) => {
                let (at, end) = section(&lines, heading)?;
                remove_block(&mut lines, at, end);
            }
            Section(heading, before) => {
                let (at, end) = section(&lines, heading)?;
                let mut body = vec!["\n".to_string()];
                body.extend(before.trim().split_inclusive('\n').map(str::to_string));
                if let Some(last) = body.last_mut()
                    && !last.ends_with('\n')
                {
                    last.push('\n');
                }
                if end < lines.len() {
                    body.push("\n".to_string());
                }
                lines.splice(at + 1..end, body);
            }
        }
    }
    Ok(lines.concat())
}

/// The index of the one line that starts with `start`.
fn starting(lines: &[String], start: &str) -> std::result::Result<usize, String> {
    let found: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with(start))
        .collect();
    match found[..] {
        [one] => Ok(one),
        _ => Err(format!(
            "{} lines start with `{start}`, not one",
            found.len()
        )),
    }
}

/// The lines of the section under `heading`: from it to the next heading of
/// its level or above, or the end.
fn section(lines: &[String], heading: &str) -> std::result::Result<(usize, usize), String> {
    let found: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_end() == heading)
        .collect();
    let [at] = found[..] else {
        return Err(format!(
            "{} lines are the heading `{heading}`, not one",
            found.len()
        ));
    };
    let level = heading_level(heading).ok_or_else(|| format!("`{heading}` is not a heading"))?;
    let end = (at + 1..lines.len())
        .find(|&i| heading_level(&lines[i]).is_some_and(|l| l <= level))
        .unwrap_or(lines.len());
    Ok((at, end))
}

/// The level of an ATX heading line (`## Title` is 2).
fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    ((1..=6).contains(&hashes) && line[hashes..].starts_with(' ')).then_some(hashes)
}

/// Removes the lines `at..end` (less the blank lines that end them) and
/// the blank line before them, or the one after them when there is none
/// before; at the end of the file, every blank line before them.
fn remove_block(lines: &mut Vec<String>, at: usize, end: usize) {
    let mut end = end;
    while end > at + 1 && lines[end - 1].trim().is_empty() && end < lines.len() {
        end -= 1;
    }
    let at_end = end == lines.len() || lines[end..].iter().all(|l| l.trim().is_empty());
    let blank = |line: &String| line.trim().is_empty();
    let mut start = at;
    if at_end {
        while start > 0 && blank(&lines[start - 1]) {
            start -= 1;
        }
        lines.truncate(start);
        return;
    }
    if start > 0 && blank(&lines[start - 1]) {
        start -= 1;
    } else if end < lines.len() && blank(&lines[end]) {
        end += 1;
    }
    lines.drain(start..end);
}

/// The example's history, oldest first: every commit with the files it
/// writes. The last version of each file is the one [`files`] gives.
fn history() -> Result<Vec<Commit>> {
    let files = files()?;
    let notes: BTreeMap<&str, Note> = files
        .iter()
        .filter_map(|(path, bytes)| Some((path.as_str(), note(path, bytes)?)))
        .collect();
    for edit in EDITS {
        let note = notes.get(edit.path).ok_or_else(|| {
            mismatch(&format!(
                "`{}` is not a dated note of the example",
                edit.path
            ))
        })?;
        if edit.date <= note.date {
            return Err(mismatch(&format!(
                "a change to `{}` on {} is not after its date, {}",
                edit.path, edit.date, note.date
            )));
        }
    }

    // (date, rank within the day, path, commit): the first commit, then the
    // new notes, then the changes.
    let mut events: Vec<(Date, u8, &str, Commit)> = Vec::new();
    for (&path, note) in &notes {
        let mut edits: Vec<&Edit> = EDITS.iter().filter(|e| e.path == path).collect();
        edits.sort_by_key(|edit| edit.date);
        if edits.windows(2).any(|pair| pair[0].date == pair[1].date) {
            return Err(mismatch(&format!("two changes to `{path}` on one day")));
        }
        let mut text = String::from_utf8(files[path].clone())
            .map_err(|_| mismatch(&format!("`{path}` is not UTF-8")))?;
        for edit in edits.iter().rev() {
            let before = undo(&text, edit.was)
                .map_err(|reason| mismatch(&format!("{path}, {}: {reason}", edit.date)))?;
            if before == text {
                return Err(mismatch(&format!("{path}, {}: no change", edit.date)));
            }
            let commit = Commit {
                date: edit.date,
                message: edit.message.to_string(),
                files: vec![(path.to_string(), text.into_bytes())],
            };
            events.push((edit.date, 2, path, commit));
            text = before;
        }
        let commit = Commit {
            date: note.date,
            message: note.message.clone(),
            files: vec![(path.to_string(), text.into_bytes())],
        };
        events.push((note.date, 1, path, commit));
    }
    let first_date = events
        .iter()
        .map(|event| event.0)
        .min()
        .ok_or_else(|| mismatch("it has no dated note"))?;
    let setup: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|path| {
            let (folder, _) = path.split_once('/').unwrap_or_default();
            [crate::config::FILE_NAME, ".gitignore"].contains(path)
                || (!notes.contains_key(path)
                    && !crate::discover::RESERVED_FOLDERS.contains(&folder)
                    && crate::publish::has_markdown_extension(path.as_bytes()))
        })
        .collect();
    events.push((
        first_date,
        0,
        "",
        Commit {
            date: first_date,
            message: "Start the journal: dossier.toml and .gitignore".into(),
            files: setup
                .iter()
                .map(|path| ((*path).to_string(), files[*path].clone()))
                .collect(),
        },
    ));
    events.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let mut commits: Vec<Commit> = events.into_iter().map(|event| event.3).collect();

    // The other files: with the first version of a note that links to one,
    // else in the first commit.
    let placed: BTreeSet<&str> = notes.keys().copied().chain(setup).collect();
    for (path, bytes) in &files {
        if placed.contains(path.as_str()) {
            continue;
        }
        let at = commits
            .iter()
            .position(|commit| {
                commit
                    .files
                    .iter()
                    .any(|(note, text)| links_to(note, text, path))
            })
            .unwrap_or(0);
        commits[at].files.push((path.clone(), bytes.clone()));
    }
    Ok(commits)
}

/// Whether the Markdown body of `text`, the note at `note`, links to or
/// embeds the file at `target`.
fn links_to(note: &str, text: &[u8], target: &str) -> bool {
    if !crate::publish::has_markdown_extension(note.as_bytes()) {
        return false;
    }
    let Ok(text) = std::str::from_utf8(text) else {
        return false;
    };
    let parsed = crate::parse::parse(text.to_string(), 0, &mut Vec::new());
    let from = Path::new(note);
    let target = Path::new(target);
    crate::markdown::links(parsed.body()).iter().any(|link| {
        if link.wiki {
            crate::markdown::embed_candidates(from, &link.dest).contains(&target.to_path_buf())
        } else {
            match crate::markdown::classify(&link.dest) {
                crate::markdown::Target::Local { path, .. } => {
                    crate::markdown::resolve(from, &path).is_some_and(|p| p == target)
                }
                _ => false,
            }
        }
    })
}

/// Makes the commits of `history` in `repo`, puts `main` at the last one and
/// HEAD on `main`, and fills the index from the working tree (which holds
/// `files`), checking that it matches the last commit.
fn commit_history(
    repo: &git2::Repository,
    history: &[Commit],
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<()> {
    let folder = repo.workdir().unwrap_or(repo.path()).to_path_buf();
    let git = |e: git2::Error| Error::Git {
        path: folder.clone(),
        message: e.message().to_string(),
    };
    let mut tree: BTreeMap<String, git2::Oid> = BTreeMap::new();
    let mut parent: Option<git2::Commit<'_>> = None;
    let mut day: Option<(Date, u16)> = None;
    for commit in history {
        for (path, bytes) in &commit.files {
            tree.insert(path.clone(), repo.blob(bytes).map_err(git)?);
        }
        let mut index = git2::Index::new().map_err(git)?;
        for (path, id) in &tree {
            index.add(&index_entry(path, *id)).map_err(git)?;
        }
        let tree_id = index.write_tree_to(repo).map_err(git)?;
        let tree = repo.find_tree(tree_id).map_err(git)?;
        // A minute apart on one day.
        let minute = match day {
            Some((d, m)) if d == commit.date => m + 1,
            _ => 0,
        };
        // The first commit, in the morning, does not count.
        day = parent.is_some().then_some((commit.date, minute));
        let (hour, start) = if parent.is_none() {
            FIRST_TIME
        } else {
            NOTE_TIME
        };
        let time = commit
            .date
            .at(hour, start, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|e| mismatch(&e.to_string()))?
            .timestamp()
            .as_second()
            + 60 * i64::from(minute);
        let signature =
            git2::Signature::new(AUTHOR.0, AUTHOR.1, &git2::Time::new(time, 0)).map_err(git)?;
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let id = repo
            .commit(
                None,
                &signature,
                &signature,
                &format!("{}\n", commit.message),
                &tree,
                &parents,
            )
            .map_err(git)?;
        parent = Some(repo.find_commit(id).map_err(git)?);
    }
    let head = parent.ok_or_else(|| mismatch("no commit"))?;
    let branch = format!("refs/heads/{BRANCH}");
    repo.reference(&branch, head.id(), false, "dossier init --example")
        .map_err(git)?;
    repo.set_head(&branch).map_err(git)?;

    let mut index = repo.index().map_err(git)?;
    index.clear().map_err(git)?;
    for path in files.keys() {
        index.add_path(Path::new(path)).map_err(git)?;
    }
    if index.write_tree().map_err(git)? != head.tree_id() {
        return Err(mismatch("the working tree differs from the last commit"));
    }
    index.write().map_err(git)
}

/// An index entry for a regular file's blob.
fn index_entry(path: &str, id: git2::Oid) -> git2::IndexEntry {
    let time = git2::IndexTime::new(0, 0);
    git2::IndexEntry {
        ctime: time,
        mtime: time,
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: u16::try_from(path.len().min(0xfff)).unwrap_or(0xfff),
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// Runs `dossier init --example DIR [--hook]`.
pub fn run(args: &InitArgs, quiet: bool) -> Result<ExitCode> {
    let dir = &args.dir;
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Error::Usage(format!(
            "`{}` is not empty: `dossier init --example` creates the example journal, with its own git repository, in a new or empty folder",
            dir.display()
        )));
    }
    let files = files()?;
    let history = history()?;

    // Every step planned and checked before anything is written.
    let mut plan = Plan::default();
    plan.create_folder(dir)?;
    for (path, bytes) in &files {
        plan.create(NewFile {
            base: dir.clone(),
            relative: path.into(),
            bytes: bytes.clone(),
            executable: false,
        })?;
    }
    plan.git_init(dir)?;
    let commits = history.len();
    let (first, last) = match (history.first(), history.last()) {
        (Some(first), Some(last)) => (first.date, last.date),
        _ => return Err(mismatch("no commit")),
    };
    let written = files.clone();
    plan.in_repository(move |repo| commit_history(repo, &history, &written));
    let hook = if args.hook {
        Some(plan_hook(dir, None, &mut plan)?)
    } else {
        None
    };
    plan.write()?;

    if !quiet {
        let count = |kind: Kind| {
            files
                .keys()
                .filter(|path| path.starts_with(&format!("{}/", kind.folder())))
                .count()
        };
        let word = shell_word(&dir.to_string_lossy());
        let kinds: Vec<String> = Kind::ALL
            .iter()
            .map(|(name, kind)| (name, count(*kind)))
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{n} {name}{}", if n == 1 { "" } else { "s" }))
            .collect();
        let mut lines = vec![
            format!(
                "Created the example journal in {}: {} files ({}), dossier.toml with the `backdated` rule on, and a .gitignore for the output.",
                dir.display(),
                files.len(),
                kinds.join(", "),
            ),
            format!(
                "Initialised a git repository there: {commits} commits on `{BRANCH}`, from {first} to {last}, each note committed on its own date and later changes on theirs, by {} <{}>.",
                AUTHOR.0, AUTHOR.1
            ),
        ];
        if let Some(hook) = &hook {
            lines.push(hook.installed_line());
        }
        lines.push("Then:".into());
        lines.push(format!("  dossier check {word}"));
        lines.push(format!("  dossier packet {word} -o packet.html"));
        lines.push(format!("  dossier serve {word}"));
        for line in lines {
            crate::outln!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded(path: &str) -> &'static [u8] {
        embedded::FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, bytes)| *bytes)
            .unwrap_or_else(|| panic!("{path} is embedded"))
    }

    #[test]
    fn every_file_of_the_example_folder_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-journal");
        let mut on_disk = Vec::new();
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(&root).unwrap();
                let relative = relative.to_string_lossy().replace('\\', "/");
                on_disk.push((relative, std::fs::read(entry.path()).unwrap()));
            }
        }
        on_disk.sort();
        let embedded: Vec<(String, Vec<u8>)> = embedded::FILES
            .iter()
            .map(|(p, b)| ((*p).to_string(), b.to_vec()))
            .collect();
        assert_eq!(embedded, on_disk);
        assert!(embedded.iter().any(|(p, _)| p.starts_with("assets/")));
    }

    #[test]
    fn the_backdated_rule_is_turned_back_on_and_nothing_else_changes() {
        let shipped = std::str::from_utf8(embedded("dossier.toml")).unwrap();
        let written =
            with_backdated_on(shipped).expect("the edit applies to the example's dossier.toml");
        assert!(!written.contains("backdated"), "{written}");
        assert!(!written.contains("one sitting"), "{written}");
        assert!(written.contains("[rules]\n"), "{written}");
        // Only whole lines removed: the comment and the setting, in one block.
        let kept: Vec<&str> = shipped
            .lines()
            .filter(|line| written.lines().any(|l| l == *line))
            .collect();
        assert_eq!(kept.join("\n") + "\n", written);
        let removed: Vec<&str> = shipped
            .lines()
            .filter(|line| !written.lines().any(|l| l == *line))
            .collect();
        assert_eq!(
            removed
                .first()
                .copied()
                .map(|l| l.starts_with(BACKDATED_COMMENT)),
            Some(true)
        );
        assert_eq!(removed.last().copied(), Some(BACKDATED_ALLOW));
        assert!(
            removed
                .iter()
                .rev()
                .skip(1)
                .all(|line| line.starts_with('#'))
        );
        let tree = crate::parse::toml::parse(&written).expect("still TOML");
        assert!(
            tree.get("rules")
                .is_some_and(|rules| rules.get("backdated").is_none())
        );
        assert_eq!(
            tree.get("owner")
                .and_then(crate::node::Node::scalar_text)
                .as_deref(),
            Some("Ada Park")
        );
    }

    #[test]
    fn the_backdated_edit_is_checked_never_skipped() {
        let rules = "[rules]\n# This example journal was written in one sitting\n# and so on.\nbackdated = \"allow\"\n";
        assert_eq!(with_backdated_on(rules).unwrap(), "[rules]\n");
        for broken in [
            // The setting gone, reworded, twice, or without its comment.
            "[rules]\n# This example journal was written in one sitting\n",
            "[rules]\n# This example journal was written in one sitting\nbackdated = \"note\"\n",
            "[rules]\n# This example journal was written in one sitting\nbackdated = \"allow\"\nbackdated = \"allow\"\n",
            "[rules]\n# Reworded.\nbackdated = \"allow\"\n",
            // Not right below it, or not in [rules].
            "[rules]\n# This example journal was written in one sitting\nempty-body = \"allow\"\nbackdated = \"allow\"\n",
            "[people]\n# This example journal was written in one sitting\nbackdated = \"allow\"\n",
        ] {
            assert!(with_backdated_on(broken).is_err(), "{broken}");
        }
    }

    #[test]
    fn every_change_applies_and_the_last_versions_are_the_shipped_files() {
        let history = history().expect("the example fits its history");
        let files = files().unwrap();
        let mut last: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for pair in history.windows(2) {
            assert!(pair[0].date <= pair[1].date, "{pair:?}");
        }
        for commit in &history {
            assert!(!commit.files.is_empty(), "{}", commit.message);
            for (path, bytes) in &commit.files {
                assert_ne!(
                    last.get(path),
                    Some(bytes),
                    "{path} unchanged in {}",
                    commit.message
                );
                last.insert(path.clone(), bytes.clone());
            }
        }
        assert_eq!(last, files);
        // One commit per change of the table, one per note, and the first.
        let notes = files.iter().filter(|(p, b)| note(p, b).is_some()).count();
        assert_eq!(history.len(), 1 + notes + EDITS.len());
        // The asset comes with the goal that shows it.
        let ledger = history
            .iter()
            .find(|c| {
                c.files
                    .iter()
                    .any(|(p, _)| p == "assets/ledger-cutover.svg")
            })
            .unwrap();
        assert_eq!(ledger.date, date(2026, 2, 16));
        assert!(
            ledger
                .files
                .iter()
                .any(|(p, _)| p == "goals/ledger-migration.md")
        );
    }

    #[test]
    fn undo_removes_and_restores_lines_paragraphs_and_sections() {
        let text = "---\nstatus: done\nfinished: 2026-01-02\n---\n## One\n\nA.\n\nB\nstill B.\n\n## Two\n\nC.\n\n### Deeper\n\nD.\n\n## Three\n\nE.\n";
        let before = undo(
            text,
            &[
                Line("status:", "status: active"),
                NoLine("finished:"),
                NoParagraph("B"),
                NoSection("## Two"),
            ],
        )
        .unwrap();
        assert_eq!(
            before,
            "---\nstatus: active\n---\n## One\n\nA.\n\n## Three\n\nE.\n"
        );
        assert_eq!(
            undo(text, &[NoSection("## Three")]).unwrap(),
            "---\nstatus: done\nfinished: 2026-01-02\n---\n## One\n\nA.\n\nB\nstill B.\n\n## Two\n\nC.\n\n### Deeper\n\nD.\n"
        );
        assert_eq!(
            undo(text, &[Section("## Two", "Short.")]).unwrap(),
            "---\nstatus: done\nfinished: 2026-01-02\n---\n## One\n\nA.\n\nB\nstill B.\n\n## Two\n\nShort.\n\n## Three\n\nE.\n"
        );
        assert!(undo(text, &[NoLine("missing:")]).is_err());
        assert!(undo(text, &[NoSection("## Four")]).is_err());
        assert!(undo("a: 1\na: 2\n", &[NoLine("a:")]).is_err());
    }
}
