//! Rules that need the git history: `backdated` and `stale-goal`, and the
//! note that there is no history at all.

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Report, Rule};
use crate::entry::{Entry, Kind, StaleGoal, Status};
use crate::history::{History, Provenance, WorkState};

/// Runs the history rules over the valid entries; returns the stale goals
/// it reported.
pub(crate) fn check(
    config: &Config,
    entries: &[Entry],
    provenance: &Provenance,
    today: Date,
    report: &mut Report,
) -> Vec<StaleGoal> {
    let history = match provenance {
        Provenance::Available(history) => Some(history.as_ref()),
        Provenance::NotARepository => {
            report.push(
                Diagnostic::global(Rule::NoHistory, "the journal is not in a git repository: no provenance, and `backdated` is not checked")
                    .with_hint("run `git init` and commit your notes as you write them: the packet then shows when each was written"),
            );
            None
        }
        Provenance::NoCommits => {
            report.push(
                Diagnostic::global(
                    Rule::NoHistory,
                    "the git repository has no commits yet: no provenance",
                )
                .with_hint("commit your notes: `git add . && git commit`"),
            );
            None
        }
        Provenance::Failed(error) => {
            report.push(Diagnostic::global(Rule::NoHistory, error.to_string()));
            None
        }
    };
    if let Some(history) = history {
        if history.shallow() {
            report.push(
                Diagnostic::global(
                    Rule::NoHistory,
                    "this is a shallow clone: first-written dates may be later than the truth",
                )
                .with_hint("fetch the whole history with `git fetch --unshallow`"),
            );
        }
        for entry in entries {
            let Some(note) = history.note(&entry.path) else {
                continue;
            };
            let late = i64::from((note.first.date - entry.date()).get_days());
            if late > i64::from(config.backdated_days) {
                let field = if entry.kind == Kind::Goal {
                    "started"
                } else {
                    "date"
                };
                report.push(
                    Diagnostic::new(
                        Rule::Backdated,
                        entry.file,
                        entry.date_span.clone(),
                        format!(
                            "`{field}` is {} but this note was first committed on {} ({late} days later, commit {})",
                            entry.date(),
                            note.first.date,
                            note.first.short()
                        ),
                    )
                    .with_label("written after the fact")
                    .with_hint(format!(
                        "commit notes within {} days of their date (`backdated_days` in dossier.toml)",
                        config.backdated_days
                    )),
                );
            }
        }
    }
    let Some(history) = history else {
        return Vec::new();
    };
    let stale = stale_goals(config, entries, history, today);
    for goal in &stale {
        let Some(entry) = entries
            .iter()
            .find(|e| e.kind == Kind::Goal && e.slug == goal.slug)
        else {
            continue;
        };
        report.push(
            Diagnostic::new(
                Rule::StaleGoal,
                entry.file,
                0..3,
                format!(
                    "active goal `{}` has not changed, nor any update or meeting on it, since {} ({} days)",
                    goal.slug, goal.last_touched, goal.idle_days
                ),
            )
            .with_hint(format!(
                "report on it in an update, or set its status (blocked, done, dropped); threshold: `stale_days` = {}",
                config.stale_days
            )),
        );
    }
    stale
}

/// Active goals whose file and the updates and meetings on them have not
/// changed (in git, or in the working tree) for longer than `stale_days`.
fn stale_goals(
    config: &Config,
    entries: &[Entry],
    history: &History,
    today: Date,
) -> Vec<StaleGoal> {
    let last_change = |entry: &Entry| -> Option<Date> {
        if history.work_state(&entry.path) != WorkState::Committed {
            return Some(today);
        }
        history.note(&entry.path).map(|n| n.last.date)
    };
    let mut stale = Vec::new();
    for goal in entries
        .iter()
        .filter(|e| e.goal().is_some_and(|g| g.status == Status::Active))
    {
        let mut latest = last_change(goal);
        for entry in entries
            .iter()
            .filter(|e| matches!(e.kind, Kind::Update | Kind::Meeting))
        {
            if entry.goal_refs().any(|r| r.value == goal.slug) {
                latest = latest.max(last_change(entry));
            }
        }
        let Some(latest) = latest else { continue };
        let idle = i64::from((today - latest).get_days());
        if idle > i64::from(config.stale_days) {
            stale.push(StaleGoal {
                slug: goal.slug.clone(),
                last_touched: latest,
                idle_days: idle,
            });
        }
    }
    stale
}
