//! The rules across files: duplicate slugs (also in letter case), names
//! that cannot be pages, references to unknown goals, and gaps in the
//! update cadence. (Links are their own module, [`super::links`].)

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use jiff::civil::Date;

use super::{Context, Recognized, slug_of};
use crate::diagnostic::{Diagnostic, Report, Rule, did_you_mean};
use crate::entry::{Choice, Entry, Fields as EntryFields, Kind};

pub(super) fn check_duplicates(recognized: &[Recognized], report: &mut Report) {
    let mut first: BTreeMap<(Kind, &str), &Recognized> = BTreeMap::new();
    // Slugs that differ only in letter case: one page on macOS and Windows.
    let mut folded: BTreeMap<(Kind, String), &Recognized> = BTreeMap::new();
    for entry in recognized {
        let lower = (entry.kind, entry.slug.to_lowercase());
        match (
            first.get(&(entry.kind, entry.slug.as_str())),
            folded.get(&lower),
        ) {
            (None, Some(original)) => {
                let message = format!(
                    "{} slugs `{}` and `{}` differ only in letter case: their pages would be one file on macOS and Windows ({} and {})",
                    entry.kind.name(),
                    original.slug,
                    entry.slug,
                    original.path.display(),
                    entry.path.display()
                );
                report.push(
                    Diagnostic::new(Rule::DuplicateSlug, entry.file, 0..0, message)
                        .with_hint("rename one file"),
                );
            }
            (Some(original), _) => {
                let message = format!(
                    "duplicate {} slug `{}`: {} and {}",
                    entry.kind.name(),
                    entry.slug,
                    original.path.display(),
                    entry.path.display()
                );
                report.push(
                    Diagnostic::new(Rule::DuplicateSlug, entry.file, 0..0, message).with_hint(
                        "slugs come from file names and must be unique per kind: rename one file",
                    ),
                );
            }
            (None, None) => {
                first.insert((entry.kind, entry.slug.as_str()), entry);
                folded.insert(lower, entry);
            }
        }
    }
}

/// File names that `build` could not turn into a page, or whose page would
/// take another page's place: reported here, so that `check` passing means
/// `build` will too.
pub(super) fn check_names(recognized: &[Recognized], report: &mut Report) {
    for entry in recognized {
        let Some(page) = crate::publish::page_path(entry.kind, &entry.slug) else {
            let message = format!(
                "the file name `{}` cannot be a page name: it holds a backslash or another character reserved in paths",
                entry.slug
            );
            report.push(
                Diagnostic::new(Rule::InvalidName, entry.file, 0..0, message)
                    .with_hint("rename the file with letters, digits, spaces, `-` or `_`"),
            );
            continue;
        };
        let name_bytes = page.file_name().map_or(0, |n| n.len());
        if name_bytes > crate::publish::MAX_NAME_BYTES {
            let message = format!(
                "the file name `{}` is too long for a page: `{}.html` would be {name_bytes} bytes, and file systems allow {}",
                entry.slug,
                entry.slug,
                crate::publish::MAX_NAME_BYTES
            );
            report.push(
                Diagnostic::new(Rule::InvalidName, entry.file, 0..0, message)
                    .with_hint("shorten the file name (its title can stay long)"),
            );
        } else if entry.slug.eq_ignore_ascii_case("index") {
            let message = format!(
                "the {} `{}` would take the place of the {} list page (`{}/index.html`)",
                entry.kind.name(),
                entry.path.display(),
                entry.kind.folder(),
                entry.kind.folder()
            );
            report.push(
                Diagnostic::new(Rule::InvalidName, entry.file, 0..0, message)
                    .with_hint("rename the file: `index` is the name of the list page"),
            );
        }
    }
}

pub(super) fn check_references(recognized: &[Recognized], entries: &[Entry], report: &mut Report) {
    let goals: BTreeSet<&str> = recognized
        .iter()
        .filter(|r| r.kind == Kind::Goal)
        .map(|r| r.slug.as_str())
        .collect();
    // Valid entries' references, and those an invalid entry's fields
    // could still be read for: one bad value does not hide another problem.
    let references = entries
        .iter()
        .flat_map(|entry| entry.goal_refs().map(move |r| (entry.file, r)))
        .chain(recognized.iter().flat_map(|r| {
            r.invalid_refs
                .iter()
                .map(move |reference| (r.file, reference))
        }));
    for (file, reference) in references {
        let slug = reference.value.as_str();
        if goals.contains(slug) {
            continue;
        }
        // `goals/x.md` or `x.md` written for `x`.
        let stem = slug_of(Path::new(slug));
        let hint = if goals.contains(stem.as_str()) {
            Some(format!("write the slug alone: `{stem}`"))
        } else {
            did_you_mean(slug, goals.iter().copied()).or_else(|| {
                crate::diagnostic::by_shared_words(slug, goals.iter().copied())
                    .map(|goal| format!("did you mean `{goal}`?"))
            })
        };
        report.push(
            Diagnostic::new(
                Rule::UnknownGoal,
                file,
                reference.span.clone(),
                format!("no goal has the slug `{slug}`"),
            )
            .with_label("not a goal slug")
            .with_hint_opt(
                hint.or_else(|| Some("a goal's slug is its file name without `.md`".into())),
            ),
        );
    }
}

/// A problem whose `goal` started before the meeting that raised it: the
/// goal cannot have come of it, so the packet does not credit it
/// (`problem-goal`).
pub(super) fn check_problem_goals(entries: &[Entry], report: &mut Report) {
    let started: HashMap<&str, Date> = entries
        .iter()
        .filter_map(|e| Some((e.slug.as_str(), e.goal()?.started)))
        .collect();
    for entry in entries {
        let EntryFields::Meeting(meeting) = &entry.fields else {
            continue;
        };
        for goal in meeting.problems.iter().filter_map(|p| p.goal.as_ref()) {
            let Some(&began) = started.get(goal.value.as_str()) else {
                continue;
            };
            if began < meeting.date {
                report.push(
                    Diagnostic::new(
                        Rule::ProblemGoal,
                        entry.file,
                        goal.span.clone(),
                        format!(
                            "goal `{}` started on {began}, before this meeting ({}): it is not credited with this problem",
                            goal.value, meeting.date
                        ),
                    )
                    .with_label("started before the meeting")
                    .with_hint("a problem is credited to a goal that started on or after the meeting that raised it; name a later goal, or leave `goal` out"),
                );
            }
        }
    }
}

/// One summary per review period (`duplicate-summary`), and a public one
/// for every period of `dossier.toml` that has begun by today
/// (`missing-summary`): without it, that period's packet opens with no case
/// in the author's words.
pub(super) fn check_summaries(context: &Context<'_>, entries: &[Entry], report: &mut Report) {
    let mut first: HashMap<crate::entry::DateRange, &Entry> = HashMap::new();
    for entry in entries {
        let Some(summary) = entry.summary() else {
            continue;
        };
        if let Some(original) = first.get(&summary.period) {
            let message = format!(
                "a second summary of {}: {} already is one",
                period_text(summary),
                original.path.display()
            );
            report.push(
                Diagnostic::new(Rule::DuplicateSummary, entry.file, 0..0, message)
                    .with_hint("keep one summary per period: merge the two files"),
            );
        } else {
            first.insert(summary.period, entry);
        }
    }
    let Some(config_file) = context.config.file else {
        return;
    };
    for period in &context.config.periods {
        if period.range.from > context.today {
            continue;
        }
        let summary = first.get(&period.range);
        if summary.is_some_and(|e| !e.private) {
            continue;
        }
        let (message, hint) = match summary {
            Some(private) => (
                format!(
                    "the summary of the period `{}` ({}) is private: its packet opens with no summary",
                    period.name,
                    private.path.display()
                ),
                "remove `private: true` when it is ready to be read".to_string(),
            ),
            None => (
                format!(
                    "the period `{}` has no summary: its packet opens with no case in your words",
                    period.name
                ),
                format!(
                    "write summaries/{}.md with `period: {}` and your case (`dossier new summary`)",
                    period.name, period.name
                ),
            ),
        };
        report.push(
            Diagnostic::new(
                Rule::MissingSummary,
                config_file,
                period.span.clone(),
                message,
            )
            .with_hint(hint),
        );
    }
}

fn period_text(summary: &crate::entry::Summary) -> String {
    match &summary.period_name {
        Some(name) => format!("`{name}`"),
        None => format!("{} to {}", summary.period.from, summary.period.to),
    }
}

pub(super) fn check_cadence(context: &Context<'_>, entries: &[Entry], report: &mut Report) {
    let mut updates: Vec<(Date, &Entry)> = entries
        .iter()
        .filter_map(|e| match &e.fields {
            EntryFields::Update(update) => Some((update.date, e)),
            _ => None,
        })
        .collect();
    updates.sort_by_key(|(date, e)| (*date, e.path.clone()));
    let dates: Vec<Date> = updates.iter().map(|(d, _)| *d).collect();
    for gap in crate::cadence::gaps(&dates, context.config.cadence_days, &context.config.away) {
        let Some((_, entry)) = updates.iter().find(|(d, _)| *d == gap.to) else {
            continue;
        };
        let span = entry.date_span.clone();
        let away = if gap.away_days > 0 {
            format!(", {} of them away", gap.away_days)
        } else {
            String::new()
        };
        report.push(
            Diagnostic::new(
                Rule::CadenceGap,
                entry.file,
                span,
                format!(
                    "no update for {} days, from {} to {}{away} (cadence: {} days)",
                    gap.days, gap.from, gap.to, context.config.cadence_days
                ),
            )
            .with_hint("declare leave in dossier.toml's `away` if you were away"),
        );
    }
    // The next update overdue, as the dashboard and the packet say it.
    let config = context.config;
    let latest = updates
        .iter()
        .rev()
        .find(|(date, _)| *date <= context.today);
    if let Some((last, entry)) = latest
        && crate::cadence::overdue(*last, context.today, config.cadence_days, &config.away)
    {
        let days = (context.today - *last).get_days();
        report.push(
            Diagnostic::new(
                Rule::UpdateOverdue,
                entry.file,
                entry.date_span.clone(),
                format!(
                    "the next update is overdue: this, the latest, was {days} days ago (cadence: {} days, time away left out)",
                    config.cadence_days
                ),
            )
            .with_label("the latest update")
            .with_hint("write the next one (`dossier new update`), or declare time away in dossier.toml's `away`"),
        );
    }
}
