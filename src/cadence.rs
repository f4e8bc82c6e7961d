//! The update cadence: windows of `cadence_days` and the gaps between
//! updates, with declared time away left out. Used by validation (the
//! `cadence-gap` rule) and by the model (the dashboard and the packet), so
//! that both count the same way.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::config::Away;

/// A stretch without updates longer than the cadence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The update before the gap.
    pub from: Date,
    /// The update after the gap.
    pub to: Date,
    /// Days between the two.
    pub days: i64,
    /// Days of the gap declared as away.
    pub away_days: i64,
}

/// One window of `cadence_days` days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Updates written in it.
    pub updates: usize,
    /// True when every day of it was away and it has no update: not counted.
    pub away: bool,
}

/// How regular the updates were over a stretch of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cadence {
    /// Expected days between updates.
    pub cadence_days: u32,
    /// Windows of `cadence_days` days counted (windows fully away are not).
    pub windows: usize,
    /// Windows holding at least one update.
    pub covered: usize,
    /// Every window, in order (including those fully away).
    pub list: Vec<Window>,
    /// Gaps longer than the cadence.
    pub gaps: Vec<Gap>,
    /// The latest update, if any.
    pub last_update: Option<Date>,
    /// Days from the latest update to today.
    pub days_since_last: Option<i64>,
    /// True when `days_since_last` exceeds the cadence (time away excluded).
    pub overdue: bool,
}

impl Cadence {
    /// Covered windows as a whole percentage.
    pub fn percent(&self) -> u32 {
        percent(self.covered, self.windows)
    }
}

/// `part` as a whole percentage of `whole`, rounded half up; 0 when `whole` is 0.
pub(crate) fn percent(part: usize, whole: usize) -> u32 {
    ((part * 100 + whole / 2).checked_div(whole).unwrap_or(0)) as u32
}

fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

fn away_days_between(from: Date, to: Date, away: &[Away]) -> i64 {
    // Days strictly between `from` and `to` that fall in an away range.
    let mut count = 0;
    let mut day = from.saturating_add(1.day());
    while day < to {
        if away.iter().any(|a| a.range.contains(day)) {
            count += 1;
        }
        day = day.saturating_add(1.day());
    }
    count
}

/// Gaps between consecutive update dates (sorted) longer than `cadence_days`,
/// once days away are taken out.
pub(crate) fn gaps(dates: &[Date], cadence_days: u32, away: &[Away]) -> Vec<Gap> {
    dates
        .windows(2)
        .filter_map(|pair| {
            let (from, to) = (pair[0], pair[1]);
            let days = days_between(from, to);
            if days <= i64::from(cadence_days) {
                return None;
            }
            let away_days = away_days_between(from, to, away);
            (days - away_days > i64::from(cadence_days)).then_some(Gap {
                from,
                to,
                days,
                away_days,
            })
        })
        .collect()
}

/// The cadence of `dates` (sorted) over `from..=to`: windows of
/// `cadence_days` from `from`, each covered if an update falls in it.
pub(crate) fn windows(
    dates: &[Date],
    from: Date,
    to: Date,
    cadence_days: u32,
    away: &[Away],
    today: Date,
) -> Cadence {
    let step = i64::from(cadence_days.max(1));
    let mut list = Vec::new();
    let mut start = from;
    while start <= to {
        let end = start.saturating_add((step - 1).days()).min(to);
        let updates = dates.iter().filter(|d| start <= **d && **d <= end).count();
        let mut day = start;
        let mut away_all = true;
        while day <= end {
            if !away.iter().any(|a| a.range.contains(day)) {
                away_all = false;
                break;
            }
            day = day.saturating_add(1.day());
        }
        list.push(Window {
            from: start,
            to: end,
            updates,
            away: away_all && updates == 0,
        });
        start = start.saturating_add(step.days());
    }
    let windows = list.iter().filter(|w| !w.away).count();
    let covered = list.iter().filter(|w| w.updates > 0).count();
    let in_range: Vec<Date> = dates
        .iter()
        .copied()
        .filter(|d| from <= *d && *d <= to)
        .collect();
    let last_update = dates.iter().copied().filter(|d| *d <= today).max();
    let days_since_last = last_update.map(|last| days_between(last, today));
    let overdue = last_update.is_some_and(|last| {
        days_between(last, today) - away_days_between(last, today.saturating_add(1.day()), away)
            > i64::from(cadence_days)
    });
    Cadence {
        cadence_days,
        windows,
        covered,
        list,
        gaps: gaps(&in_range, cadence_days, away),
        last_update,
        days_since_last,
        overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::DateRange;
    use jiff::civil::date;

    #[test]
    fn gaps_exclude_time_away() {
        let dates = [
            date(2026, 1, 2),
            date(2026, 1, 16),
            date(2026, 2, 27),
            date(2026, 3, 27),
        ];
        let away = [Away {
            range: DateRange {
                from: date(2026, 3, 1),
                to: date(2026, 3, 20),
            },
            reason: None,
        }];
        let gaps = gaps(&dates, 14, &away);
        assert_eq!(
            gaps,
            vec![Gap {
                from: date(2026, 1, 16),
                to: date(2026, 2, 27),
                days: 42,
                away_days: 0
            }]
        );
    }

    #[test]
    fn windows_count_coverage() {
        let dates = [date(2026, 1, 1), date(2026, 1, 15), date(2026, 2, 12)];
        let c = windows(
            &dates,
            date(2026, 1, 1),
            date(2026, 2, 25),
            14,
            &[],
            date(2026, 2, 25),
        );
        // Windows start Jan 1, 15, 29, Feb 12: the Jan 29 window is empty.
        assert_eq!((c.windows, c.covered), (4, 3));
        assert_eq!(c.percent(), 75);
        assert_eq!(c.days_since_last, Some(13));
        assert!(!c.overdue);
        assert_eq!(c.gaps.len(), 1);
    }
}
