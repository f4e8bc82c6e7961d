//! The update cadence: windows of `cadence_days` and the gaps between
//! updates, with declared time away left out. Used by validation (the
//! `cadence-gap` rule) and by the model (the dashboard and the packet), so
//! that both count the same way.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::config::Away;

/// A stretch without updates longer than the cadence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    /// What the window counts as.
    pub state: WindowState,
}

/// What a window counts as. Only [`Covered`](WindowState::Covered) and
/// [`Gap`](WindowState::Gap) windows are counted: a window that has not
/// happened, or has not ended and has no update yet, or was mostly spent
/// away, is neither evidence for nor against the cadence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WindowState {
    /// It has begun and holds at least one update: counted, covered.
    Covered,
    /// It has ended with no update and was not mostly away: counted, a gap.
    Gap,
    /// No update, and more than half of its days declared away: not counted.
    Away,
    /// Today falls in it and it has no update yet: not counted (yet).
    Open,
    /// It begins after today: not counted.
    Future,
}

impl WindowState {
    /// True for the windows the share covered is a share of.
    pub fn counted(self) -> bool {
        matches!(self, WindowState::Covered | WindowState::Gap)
    }

    fn of(from: Date, to: Date, updates: usize, away: &[Away], today: Date) -> WindowState {
        if from > today {
            WindowState::Future
        } else if updates > 0 {
            WindowState::Covered
        } else if 2 * away_days_in(from, to, away) > days_between(from, to) + 1 {
            WindowState::Away
        } else if to >= today {
            WindowState::Open
        } else {
            WindowState::Gap
        }
    }
}

/// How regular the updates were over a stretch of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cadence {
    /// Expected days between updates.
    pub cadence_days: u32,
    /// Windows counted: those that have begun, and have ended or hold an
    /// update, and were not mostly away (see [`WindowState`]).
    pub windows: usize,
    /// Windows holding at least one update.
    pub covered: usize,
    /// Every window of the stretch, in order, counted or not.
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
    if to <= from.saturating_add(1.day()) {
        return 0;
    }
    away_days_in(
        from.saturating_add(1.day()),
        to.saturating_sub(1.day()),
        away,
    )
}

/// Days of `from..=to` that fall in an away range.
fn away_days_in(from: Date, to: Date, away: &[Away]) -> i64 {
    let mut count = 0;
    let mut day = from;
    while day <= to {
        if away.iter().any(|a| a.range.contains(day)) {
            count += 1;
        }
        if day == Date::MAX {
            break;
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

/// True when more than `cadence_days` have passed from the latest update,
/// `last`, to `today`, the days away left out: the next update is overdue.
pub(crate) fn overdue(last: Date, today: Date, cadence_days: u32, away: &[Away]) -> bool {
    days_between(last, today) - away_days_between(last, today.saturating_add(1.day()), away)
        > i64::from(cadence_days)
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
        list.push(Window {
            from: start,
            to: end,
            updates,
            state: WindowState::of(start, end, updates, away, today),
        });
        start = start.saturating_add(step.days());
    }
    let windows = list.iter().filter(|w| w.state.counted()).count();
    let covered = list
        .iter()
        .filter(|w| w.state == WindowState::Covered)
        .count();
    let in_range: Vec<Date> = dates
        .iter()
        .copied()
        .filter(|d| from <= *d && *d <= to)
        .collect();
    let last_update = dates.iter().copied().filter(|d| *d <= today).max();
    let days_since_last = last_update.map(|last| days_between(last, today));
    let overdue = last_update.is_some_and(|last| overdue(last, today, cadence_days, away));
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

    fn away(from: Date, to: Date) -> Away {
        Away {
            range: DateRange { from, to },
            reason: None,
        }
    }

    /// [`windows`] of 14 days over `from..=to`.
    fn fortnights(dates: &[Date], (from, to): (Date, Date), away: &[Away], today: Date) -> Cadence {
        windows(dates, from, to, 14, away, today)
    }

    fn states(c: &Cadence) -> Vec<(Date, WindowState)> {
        c.list.iter().map(|w| (w.from, w.state)).collect()
    }

    #[test]
    fn windows_after_today_are_not_counted() {
        // Updates every 14 days from Sep 1 to Nov 24; today Dec 1, the
        // period runs to Dec 31. Windows: Sep 1, 15, 29, Oct 13, 27,
        // Nov 10, 24 (holds Nov 24: covered), Dec 8 and Dec 22 (future).
        let dates: Vec<Date> = (0..7)
            .map(|i| date(2026, 9, 1).saturating_add((14 * i).days()))
            .collect();
        let c = fortnights(
            &dates,
            (date(2026, 9, 1), date(2026, 12, 31)),
            &[],
            date(2026, 12, 1),
        );
        assert_eq!(c.list.len(), 9);
        assert_eq!((c.windows, c.covered, c.percent()), (7, 7, 100));
        assert_eq!(
            states(&c)[7..],
            [
                (date(2026, 12, 8), WindowState::Future),
                (date(2026, 12, 22), WindowState::Future)
            ]
        );
        assert!(c.gaps.is_empty());
    }

    #[test]
    fn the_window_running_today_counts_only_with_an_update() {
        // Windows Nov 1-14, Nov 15-28, Nov 29-Dec 12; today Dec 1.
        let quiet = [date(2026, 11, 3), date(2026, 11, 17)];
        let c = fortnights(
            &quiet,
            (date(2026, 11, 1), date(2026, 12, 12)),
            &[],
            date(2026, 12, 1),
        );
        assert_eq!(c.list[2].state, WindowState::Open);
        assert_eq!((c.windows, c.covered), (2, 2));
        let written = [date(2026, 11, 3), date(2026, 11, 17), date(2026, 11, 30)];
        let c = fortnights(
            &written,
            (date(2026, 11, 1), date(2026, 12, 12)),
            &[],
            date(2026, 12, 1),
        );
        assert_eq!(c.list[2].state, WindowState::Covered);
        assert_eq!((c.windows, c.covered), (3, 3));
        // The window ending today is still open; the one that ended
        // yesterday is a gap.
        let c = fortnights(
            &quiet[..1],
            (date(2026, 11, 1), date(2026, 11, 28)),
            &[],
            date(2026, 11, 28),
        );
        assert_eq!(c.list[1].state, WindowState::Open);
        let c = fortnights(
            &quiet[..1],
            (date(2026, 11, 1), date(2026, 11, 28)),
            &[],
            date(2026, 11, 29),
        );
        assert_eq!(c.list[1].state, WindowState::Gap);
        assert_eq!((c.windows, c.covered, c.percent()), (2, 1, 50));
    }

    #[test]
    fn a_window_mostly_away_is_away_not_a_gap() {
        // Windows Jan 1-14, Jan 15-28, Jan 29-Feb 11. Leave Jan 1 to Jan 22
        // covers all of the first window and 8 of the 14 days of the
        // second: both away. The third has 0 days away and no update: a gap.
        let dates = [date(2025, 12, 20), date(2026, 2, 20)];
        let leave = [away(date(2026, 1, 1), date(2026, 1, 22))];
        let c = fortnights(
            &dates,
            (date(2026, 1, 1), date(2026, 2, 11)),
            &leave,
            date(2026, 3, 1),
        );
        assert_eq!(
            states(&c),
            [
                (date(2026, 1, 1), WindowState::Away),
                (date(2026, 1, 15), WindowState::Away),
                (date(2026, 1, 29), WindowState::Gap)
            ]
        );
        assert_eq!((c.windows, c.covered), (1, 0));
        // Exactly half away (7 of 14) is not mostly away.
        let half = [away(date(2026, 1, 15), date(2026, 1, 21))];
        let c = fortnights(
            &dates,
            (date(2026, 1, 1), date(2026, 2, 11)),
            &half,
            date(2026, 3, 1),
        );
        assert_eq!(c.list[1].state, WindowState::Gap);
        assert_eq!((c.windows, c.covered), (3, 0));
        // A window with an update is covered however much of it was away.
        let c = windows(
            &[date(2026, 1, 10)],
            date(2026, 1, 1),
            date(2026, 1, 14),
            14,
            &leave,
            date(2026, 3, 1),
        );
        assert_eq!(c.list[0].state, WindowState::Covered);
        assert_eq!((c.windows, c.covered), (1, 1));
    }

    #[test]
    fn windows_count_coverage() {
        let dates = [date(2026, 1, 1), date(2026, 1, 15), date(2026, 2, 12)];
        let c = fortnights(
            &dates,
            (date(2026, 1, 1), date(2026, 2, 25)),
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
