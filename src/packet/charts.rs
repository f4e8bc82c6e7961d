//! The packet's charts: the swimlane timeline of the goals and the update
//! cadence, with their geometry computed here in SVG user units, so that
//! the template only draws.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use super::{PacketGoal, Period};
use crate::cadence::{self, WindowState};
use crate::model::Journal;

/// The swimlane chart.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TimelineChart {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// Left edge of the plot.
    pub x0: f64,
    /// Right edge of the plot.
    pub x1: f64,
    /// Month ticks.
    pub months: Vec<Tick>,
    /// One lane per goal.
    pub lanes: Vec<Lane>,
    /// Y of the axis line.
    pub axis_y: f64,
}

/// A tick on a time axis.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Tick {
    /// X position.
    pub x: f64,
    /// The month's short name.
    pub label: String,
    /// The year, under the first tick and under each January.
    pub year: Option<String>,
}

/// One goal's lane.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Lane {
    /// Top of the lane.
    pub y: f64,
    /// Middle of the lane (for text and markers).
    pub mid: f64,
    /// The goal's title, whole.
    pub label: String,
    /// The title wrapped on lines that fit the label column: never cut.
    pub label_lines: Vec<LabelLine>,
    /// The lane's height.
    pub height: f64,
    /// The goal's id in the goals section.
    pub goal_id: String,
    /// Bars, one per status the goal had.
    pub segments: Vec<Segment>,
    /// Updates and meetings referencing the goal.
    pub markers: Vec<Marker>,
}

/// One line of a lane's label.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LabelLine {
    /// Baseline of the line.
    pub y: f64,
    /// Its text.
    pub text: String,
}

/// A stretch of a goal in one status.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Segment {
    /// Left edge.
    pub x: f64,
    /// Width (at least 2 units so a day stays visible).
    pub width: f64,
    /// The status.
    pub status: String,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

/// An update or meeting on a lane.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Marker {
    /// X position.
    pub x: f64,
    /// `update` or `meeting`.
    pub kind: &'static str,
    /// Its date.
    pub date: Date,
    /// Its title.
    pub title: String,
}

/// The update cadence over the period.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CadenceSection {
    /// Expected days between updates.
    pub cadence_days: u32,
    /// Windows counted: begun, ended or holding an update, and not mostly
    /// away (see `cadence::WindowState`).
    pub windows: usize,
    /// Windows with an update.
    pub covered: usize,
    /// `covered` as a percentage of `windows`.
    pub percent: u32,
    /// The latest update up to today.
    pub last_update: Option<Date>,
    /// True when more than `cadence_days` have passed since it, time away
    /// excluded: the next update is overdue.
    pub overdue: bool,
    /// Gaps longer than the cadence.
    pub gaps: Vec<cadence::Gap>,
    /// Updates in the period.
    pub updates: usize,
    /// The updates in the period sent to the owner's manager's manager
    /// (`skip_level` in dossier.toml), when one is named.
    pub to_skip_level: Option<SkipLevel>,
    /// Days away declared in the period.
    pub away: Vec<AwayView>,
    /// The chart.
    pub chart: CadenceChart,
}

/// Updates copied to the manager's manager.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SkipLevel {
    /// Their name, as `skip_level` gives it.
    pub name: String,
    /// Updates in the period whose `to` names them.
    pub updates: usize,
}

/// Time away, as shown.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AwayView {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Why.
    pub reason: Option<String>,
}

/// Bars of updates per window.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CadenceChart {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// Baseline y.
    pub baseline: f64,
    /// Left edge of the plot.
    pub x0: f64,
    /// One bar per window up to today (none for a window after today).
    pub bars: Vec<Bar>,
    /// True when a bar is the window still open today.
    pub open: bool,
    /// Month ticks.
    pub months: Vec<Tick>,
    /// The largest number of updates in one window.
    pub max: usize,
}

/// One window's bar.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height (a small stub for an empty window).
    pub height: f64,
    /// Updates in the window.
    pub updates: usize,
    /// `covered`, `gap`, `away` or `open` (see `cadence::WindowState`).
    pub state: WindowState,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

/// Maps dates of the period to x positions between `x0` and `x1`.
struct Scale {
    from: Date,
    days: f64,
    x0: f64,
    x1: f64,
}

impl Scale {
    fn x(&self, date: Date) -> f64 {
        let offset = f64::from((date - self.from).get_days()).clamp(0.0, self.days);
        round(self.x0 + (self.x1 - self.x0) * offset / self.days)
    }

    fn months(&self, period: &Period) -> Vec<Tick> {
        let mut ticks = Vec::new();
        let mut month = period.from.first_of_month();
        if month < period.from {
            month = month.saturating_add(1.month());
        }
        let mut first = true;
        while month <= period.to {
            // The year is written under the first month and under each January.
            let year = (first || month.month() == 1).then(|| month.year().to_string());
            ticks.push(Tick {
                x: self.x(month),
                label: month.strftime("%b").to_string(),
                year,
            });
            first = false;
            month = month.saturating_add(1.month());
        }
        ticks
    }
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

const CHART_WIDTH: f64 = 680.0;
const LABEL_WIDTH: f64 = 170.0;
const LANE_HEIGHT: f64 = 24.0;
/// Characters of a label line: at the labels' 10-unit font, 28 average
/// characters fit `LABEL_WIDTH`.
const LABEL_CHARS: usize = 28;
/// Height of one label line.
const LINE_HEIGHT: f64 = 11.0;

/// The swimlane chart: one lane per goal owned, its status spans as
/// segments and its evidence as markers, over the period.
pub(super) fn timeline_chart(goals: &[PacketGoal], period: &Period) -> TimelineChart {
    let scale = Scale {
        from: period.from,
        days: (period.days() - 1).max(1) as f64,
        x0: LABEL_WIDTH + 8.0,
        x1: CHART_WIDTH - 8.0,
    };
    let mut y = 8.0;
    let lanes = goals
        .iter()
        .map(|goal| {
            let lane = lane(goal, y, &scale, period);
            y += lane.height;
            lane
        })
        .collect::<Vec<_>>();
    let axis_y = y + 4.0;
    TimelineChart {
        width: CHART_WIDTH,
        height: axis_y + 28.0,
        x0: scale.x0,
        x1: scale.x1,
        months: scale.months(period),
        lanes,
        axis_y,
    }
}

/// One goal's lane, at `y`.
fn lane(goal: &PacketGoal, y: f64, scale: &Scale, period: &Period) -> Lane {
    let end = goal.finished.unwrap_or(period.to).min(period.to);
    // Status spans: from git when known, else the current status throughout.
    let mut spans: Vec<(Date, String)> = goal
        .status_history
        .iter()
        .map(|c| (c.date.max(goal.started), c.status.clone()))
        .collect();
    if spans.is_empty() {
        spans.push((goal.started, goal.status.to_string()));
    } else {
        spans[0].0 = goal.started;
    }
    let mut segments = Vec::new();
    for (k, (from, status)) in spans.iter().enumerate() {
        let to = spans
            .get(k + 1)
            .map_or(end, |(next, _)| next.saturating_sub(1.day()))
            .min(end);
        let (from, to) = ((*from).max(period.from), to.min(period.to));
        if to < from {
            continue;
        }
        let x = scale.x(from);
        let width = round((scale.x(to.saturating_add(1.day())) - x).max(2.0));
        segments.push(Segment {
            x,
            width,
            status: status.clone(),
            from,
            to,
        });
    }
    let markers = goal
        .evidence
        .iter()
        .map(|evidence| &evidence.note)
        .map(|note| Marker {
            x: scale.x(note.date),
            kind: note.kind,
            date: note.date,
            title: note.title.clone(),
        })
        .collect();
    // Wrapped, never cut: a long title makes a taller lane.
    let lines: Vec<String> = textwrap::wrap(&goal.note.title, LABEL_CHARS)
        .into_iter()
        .map(|line| line.into_owned())
        .collect();
    let height = LANE_HEIGHT.max(lines.len() as f64 * LINE_HEIGHT + 6.0);
    let mid = y + height / 2.0;
    let first = mid + 3.5 - (lines.len().saturating_sub(1)) as f64 * LINE_HEIGHT / 2.0;
    let label_lines = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| LabelLine {
            y: round(first + i as f64 * LINE_HEIGHT),
            text,
        })
        .collect();
    Lane {
        y,
        mid,
        height,
        label: goal.note.title.clone(),
        label_lines,
        goal_id: goal.id.clone(),
        segments,
        markers,
    }
}

pub(super) fn cadence_section(journal: &Journal, period: &Period) -> CadenceSection {
    let config = &journal.config;
    let dates: Vec<Date> = journal.update_dates();
    let cadence = journal.cadence_over(period.from, period.to);
    let scale = Scale {
        from: period.from,
        days: (period.days() - 1).max(1) as f64,
        x0: 40.0,
        x1: CHART_WIDTH - 8.0,
    };
    let max = cadence
        .list
        .iter()
        .map(|w| w.updates)
        .max()
        .unwrap_or(0)
        .max(1);
    let (plot_top, baseline) = (10.0, 90.0);
    // A window after today has not happened: it is left out of the chart
    // as it is of the count.
    let bars: Vec<Bar> = cadence
        .list
        .iter()
        .filter(|window| window.state != WindowState::Future)
        .map(|window| {
            let x = scale.x(window.from);
            let width = round((scale.x(window.to.saturating_add(1.day())) - x - 1.0).max(1.0));
            let state = window.state;
            let height = if window.updates == 0 {
                4.0
            } else {
                round((baseline - plot_top) * window.updates as f64 / max as f64)
            };
            Bar {
                x,
                y: round(baseline - height),
                width,
                height,
                updates: window.updates,
                state,
                from: window.from,
                to: window.to,
            }
        })
        .collect();
    let away = config
        .away
        .iter()
        .filter(|a| a.range.to >= period.from && a.range.from <= period.to)
        .map(|a| AwayView {
            from: a.range.from,
            to: a.range.to,
            reason: a.reason.clone(),
        })
        .collect();
    CadenceSection {
        cadence_days: cadence.cadence_days,
        windows: cadence.windows,
        covered: cadence.covered,
        percent: cadence.percent(),
        last_update: cadence.last_update,
        overdue: cadence.overdue,
        gaps: cadence.gaps,
        updates: dates.iter().filter(|d| period.contains(**d)).count(),
        to_skip_level: config.skip_level.as_ref().map(|name| SkipLevel {
            name: name.clone(),
            updates: journal.updates_to(name, period.from, period.to),
        }),
        away,
        chart: CadenceChart {
            width: CHART_WIDTH,
            height: baseline + 28.0,
            baseline,
            x0: scale.x0,
            open: bars.iter().any(|bar| bar.state == WindowState::Open),
            bars,
            months: scale.months(period),
            max,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::StatusChange;
    use crate::packet::NoteRef;
    use jiff::civil::date;

    fn period(from: Date, to: Date) -> Period {
        Period {
            name: None,
            from,
            to,
        }
    }

    #[test]
    fn the_scale_maps_the_period_onto_its_width_and_clamps() {
        let scale = Scale {
            from: date(2026, 1, 1),
            days: 10.0,
            x0: 100.0,
            x1: 200.0,
        };
        assert_eq!(scale.x(date(2026, 1, 1)), 100.0);
        assert_eq!(scale.x(date(2026, 1, 11)), 200.0);
        assert_eq!(scale.x(date(2026, 1, 4)), 130.0);
        assert_eq!(scale.x(date(2025, 12, 1)), 100.0, "before: at the start");
        assert_eq!(scale.x(date(2026, 3, 1)), 200.0, "after: at the end");
        assert_eq!(round(1.26), 1.3);
    }

    #[test]
    fn months_are_ticked_from_the_first_whole_month_with_years_at_january() {
        let period = period(date(2025, 11, 15), date(2026, 2, 10));
        let scale = Scale {
            from: period.from,
            days: 87.0,
            x0: 0.0,
            x1: 87.0,
        };
        let ticks: Vec<(f64, String, Option<String>)> = scale
            .months(&period)
            .into_iter()
            .map(|t| (t.x, t.label, t.year))
            .collect();
        assert_eq!(
            ticks,
            [
                (16.0, "Dec".into(), Some("2025".into())),
                (47.0, "Jan".into(), Some("2026".into())),
                (78.0, "Feb".into(), None),
            ]
        );
    }

    fn goal(
        title: &str,
        started: Date,
        finished: Option<Date>,
        history: &[(Date, &str)],
    ) -> PacketGoal {
        let note = NoteRef {
            kind: "goal",
            slug: "g".into(),
            anchor: "note-goal-g".into(),
            title: title.into(),
            date: started,
            excerpt: String::new(),
            href: None,
        };
        PacketGoal {
            evidence: vec![super::super::Evidence {
                note: NoteRef {
                    kind: "update",
                    date: date(2026, 3, 2),
                    title: "An update".into(),
                    ..note.clone()
                },
                passage: None,
            }],
            note,
            id: "goal-g".into(),
            status: "done",
            status_since: None,
            past_target: false,
            stale: None,
            highlight: false,
            progress: None,
            learned: None,
            leverage: Vec::new(),
            impact: None,
            started,
            target: None,
            finished,
            breakthrough: false,
            stakeholders: Vec::new(),
            role: None,
            credit: None,
            glue: false,
            criteria: Vec::new(),
            artifacts: Vec::new(),
            status_history: history
                .iter()
                .map(|(date, status)| StatusChange {
                    date: *date,
                    commit: "abc1234".into(),
                    status: status.to_string(),
                })
                .collect(),
            from_meetings: Vec::new(),
            leads: false,
            key_evidence: Vec::new(),
        }
    }

    #[test]
    fn a_lane_shows_each_status_span_inside_the_period() {
        let period = period(date(2026, 1, 1), date(2026, 12, 31));
        let goals = [goal(
            "A goal with a title far too long for its lane",
            date(2025, 10, 1),
            Some(date(2026, 6, 30)),
            &[
                (date(2025, 10, 3), "active"),
                (date(2026, 3, 1), "blocked"),
                (date(2026, 4, 1), "done"),
            ],
        )];
        let chart = timeline_chart(&goals, &period);
        assert_eq!(chart.lanes.len(), 1);
        let lane = &chart.lanes[0];
        // The title whole, wrapped on two lines of a taller lane, not cut.
        assert_eq!(lane.label, "A goal with a title far too long for its lane");
        let lines: Vec<&str> = lane.label_lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(lines, ["A goal with a title far too", "long for its lane"]);
        assert!(lane.height > LANE_HEIGHT, "{}", lane.height);
        assert!(lane.label_lines[1].y - lane.label_lines[0].y == LINE_HEIGHT);
        assert!(
            lane.label_lines
                .iter()
                .all(|l| l.y > lane.y && l.y < lane.y + lane.height)
        );
        assert_eq!(chart.axis_y, 8.0 + lane.height + 4.0);
        let spans: Vec<(&str, Date, Date)> = lane
            .segments
            .iter()
            .map(|s| (s.status.as_str(), s.from, s.to))
            .collect();
        // Cut to the period's start and to the goal's end.
        assert_eq!(
            spans,
            [
                ("active", date(2026, 1, 1), date(2026, 2, 28)),
                ("blocked", date(2026, 3, 1), date(2026, 3, 31)),
                ("done", date(2026, 4, 1), date(2026, 6, 30)),
            ]
        );
        // Segments follow each other without a gap or an overlap.
        for pair in lane.segments.windows(2) {
            assert_eq!(round(pair[0].x + pair[0].width), pair[1].x);
        }
        assert_eq!(lane.segments[0].x, chart.x0);
        assert_eq!(lane.markers.len(), 1);
        assert!(lane.markers[0].x > lane.segments[1].x && lane.markers[0].x < lane.segments[2].x);
        assert_eq!(chart.height, chart.axis_y + 28.0);
    }

    #[test]
    fn without_history_a_lane_has_its_current_status_throughout() {
        let period = period(date(2026, 1, 1), date(2026, 12, 31));
        let chart = timeline_chart(&[goal("Short", date(2026, 2, 1), None, &[])], &period);
        let spans: Vec<(&str, Date, Date)> = chart.lanes[0]
            .segments
            .iter()
            .map(|s| (s.status.as_str(), s.from, s.to))
            .collect();
        assert_eq!(spans, [("done", date(2026, 2, 1), date(2026, 12, 31))]);
        assert_eq!(chart.lanes[0].label, "Short");
        assert_eq!(chart.x1, CHART_WIDTH - 8.0);
    }
}
