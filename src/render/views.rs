//! What the templates receive: plain serializable views (dates as
//! `YYYY-MM-DD` strings, URLs relative to the site root), so that templates
//! never compute anything that matters.

use std::sync::Arc;

use serde::Serialize;

use crate::history::{NoteRecord, StatusChange};

/// The site-wide values every page gets as `site`.
#[derive(Serialize)]
pub(super) struct SiteView {
    pub(super) title: String,
    pub(super) owner: Option<String>,
    pub(super) role: Option<String>,
    pub(super) target_role: Option<String>,
    pub(super) today: String,
    pub(super) include_private: bool,
    pub(super) generator: String,
    /// The journal declares a `[ladder]`: the nav links `ladder.html`.
    pub(super) ladder: bool,
}

/// What a page's template receives: the values every page gets (`site`,
/// `root`, `section`, `page_title`), and the page's own.
#[derive(Serialize)]
pub(super) struct PageData<'a, V> {
    pub(super) site: &'a SiteView,
    pub(super) root: &'a str,
    pub(super) section: &'a str,
    pub(super) page_title: &'a str,
    #[serde(flatten)]
    pub(super) own: V,
}

/// Where a page sits: the way back to the site root, the navigation
/// section it belongs to, and its title.
pub(super) struct Frame<'a> {
    pub(super) root: &'a str,
    pub(super) section: &'a str,
    pub(super) title: &'a str,
}

impl<'a> Frame<'a> {
    pub(super) fn new(root: &'a str, section: &'a str, title: &'a str) -> Frame<'a> {
        Frame {
            root,
            section,
            title,
        }
    }
}

/// A link to an entry, with what lists show about it.
#[derive(Serialize, Clone)]
pub(super) struct EntryLink {
    pub(super) kind: &'static str,
    pub(super) slug: String,
    pub(super) url: String,
    pub(super) title: String,
    pub(super) date: String,
    pub(super) private: bool,
    pub(super) excerpt: String,
    pub(super) status: Option<&'static str>,
    pub(super) meta: String,
    /// What git says, in a few words ("first written 2026-01-16 · 2 revisions").
    pub(super) history: Option<String>,
}

/// An entry's link as pages hold it: made once per render, shared by every
/// page that shows the entry (serialized as the [`EntryLink`] itself).
pub(super) type Link = Arc<EntryLink>;

#[derive(Serialize)]
pub(super) struct GoalView {
    #[serde(flatten)]
    pub(super) link: Link,
    pub(super) started: String,
    pub(super) target: Option<String>,
    pub(super) finished: Option<String>,
    pub(super) leverage: Vec<&'static str>,
    pub(super) impact: Option<String>,
    pub(super) progress: Option<String>,
    pub(super) learned: Option<String>,
    pub(super) highlight: bool,
    pub(super) stakeholders: Vec<String>,
    pub(super) tags: Vec<String>,
    pub(super) tag_links: Vec<TagRef>,
    pub(super) body: Arc<str>,
    pub(super) references: Vec<Link>,
    /// Its status as committed over time, oldest first (empty without
    /// history): the packet's `status_history`.
    pub(super) status_history: Vec<StatusChange>,
    /// The author's part (`role`).
    pub(super) role: Option<&'static str>,
    /// Who else did what (`credit`).
    pub(super) credit: Option<String>,
    /// Glue work (`glue: true`).
    pub(super) glue: bool,
    /// The `[ladder]` dimensions it names, with their anchors on the
    /// ladder page.
    pub(super) criteria: Vec<CriterionRef>,
    /// What it produced.
    pub(super) artifacts: Vec<ArtifactView>,
}

/// A `[ladder]` dimension a note names, and its anchor on `ladder.html`.
#[derive(Serialize)]
pub(super) struct CriterionRef {
    pub(super) key: String,
    pub(super) anchor: String,
}

/// An artifact as a page links it: `url` relative to the page (`None`
/// when it is not published: its `path` shown as text).
#[derive(Serialize)]
pub(super) struct ArtifactView {
    pub(super) title: String,
    pub(super) url: Option<String>,
    pub(super) path: Option<String>,
}

/// One dimension of the ladder on `ladder.html`.
#[derive(Serialize)]
pub(super) struct DimensionView {
    pub(super) key: String,
    pub(super) anchor: String,
    pub(super) description: String,
    /// The goals that name it, then the updates and meetings, newest first.
    pub(super) entries: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct GoalRef {
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) url: Option<String>,
    pub(super) status: Option<&'static str>,
}

/// A tag of an entry, with the anchor of its section on the tags page.
#[derive(Serialize)]
pub(super) struct TagRef {
    pub(super) name: String,
    pub(super) anchor: String,
}

#[derive(Serialize)]
pub(super) struct PersonRef {
    pub(super) name: String,
    pub(super) role: Option<String>,
    pub(super) org: Option<String>,
    pub(super) anchor: String,
}

#[derive(Serialize)]
pub(super) struct UpdateView {
    #[serde(flatten)]
    pub(super) link: Link,
    pub(super) period: Option<(String, String)>,
    pub(super) to: Vec<String>,
    pub(super) goals: Vec<GoalRef>,
    pub(super) tags: Vec<String>,
    pub(super) tag_links: Vec<TagRef>,
    pub(super) body: Arc<str>,
    pub(super) previous: Option<Link>,
    pub(super) next: Option<Link>,
    /// The `[ladder]` dimensions it names.
    pub(super) criteria: Vec<CriterionRef>,
    /// What it produced.
    pub(super) artifacts: Vec<ArtifactView>,
}

#[derive(Serialize)]
pub(super) struct SummaryView {
    #[serde(flatten)]
    pub(super) link: Link,
    pub(super) period_name: Option<String>,
    pub(super) period: (String, String),
    pub(super) tags: Vec<String>,
    pub(super) tag_links: Vec<TagRef>,
    pub(super) body: Arc<str>,
}

#[derive(Serialize)]
pub(super) struct MeetingView {
    #[serde(flatten)]
    pub(super) link: Link,
    pub(super) meeting_type: Option<&'static str>,
    pub(super) org: Option<String>,
    pub(super) with: Vec<PersonRef>,
    pub(super) problems: Vec<ProblemView>,
    pub(super) goals: Vec<GoalRef>,
    pub(super) tags: Vec<String>,
    pub(super) tag_links: Vec<TagRef>,
    pub(super) body: Arc<str>,
    /// `given` or `received`, for a mentoring meeting.
    pub(super) mentoring: Option<&'static str>,
    /// What came of it (`outcome`).
    pub(super) outcome: Option<String>,
    /// The `[ladder]` dimensions it names.
    pub(super) criteria: Vec<CriterionRef>,
    /// Whether the page prints its own "Notes" heading over the body:
    /// false when the body's first heading already says "Notes".
    pub(super) notes_heading: bool,
}

#[derive(Serialize)]
pub(super) struct PersonView {
    pub(super) name: String,
    pub(super) anchor: String,
    pub(super) role: Option<String>,
    pub(super) org: Option<String>,
    pub(super) meetings: Vec<Link>,
    /// Feedback from them shown, newest first.
    pub(super) feedback: Vec<Link>,
    /// For a leader met ([`crate::model::Leader`]): the problems raised in
    /// their meetings and what came of them.
    pub(super) leader: Option<LeaderView>,
}

/// A leader's problems, as the packet counts them: per meeting that
/// raised some (its page lists them), and the done goals that solved them.
#[derive(Serialize)]
pub(super) struct LeaderView {
    pub(super) raised: usize,
    pub(super) taken_on: usize,
    pub(super) solved: usize,
    /// At most five, each once.
    pub(super) solved_by: Vec<GoalRef>,
    pub(super) meetings: Vec<LeaderMeetingView>,
}

/// A meeting a leader was in that raised problems, with its counts.
#[derive(Serialize)]
pub(super) struct LeaderMeetingView {
    pub(super) meeting: Link,
    pub(super) raised: usize,
    pub(super) taken_on: usize,
    pub(super) solved: usize,
}

/// Feedback's page.
#[derive(Serialize)]
pub(super) struct FeedbackView {
    #[serde(flatten)]
    pub(super) link: Link,
    /// Who, with the role and org the people page settles on.
    pub(super) from: PersonRef,
    pub(super) consent: bool,
    pub(super) reference: bool,
    pub(super) goals: Vec<GoalRef>,
    pub(super) criteria: Vec<String>,
    pub(super) tags: Vec<String>,
    pub(super) tag_links: Vec<TagRef>,
    pub(super) body: Arc<str>,
}

#[derive(Serialize)]
pub(super) struct TagView {
    pub(super) name: String,
    pub(super) anchor: String,
    pub(super) entries: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct MonthView {
    pub(super) month: String,
    pub(super) label: String,
    pub(super) events: Vec<EventView>,
}

#[derive(Serialize)]
pub(super) struct EventView {
    pub(super) date: String,
    pub(super) what: &'static str,
    pub(super) entry: Link,
}

#[derive(Serialize)]
pub(super) struct StatusGroup {
    pub(super) status: &'static str,
    pub(super) goals: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct CountView {
    pub(super) goals: usize,
    pub(super) active_goals: usize,
    pub(super) done_goals: usize,
    pub(super) updates: usize,
    pub(super) meetings: usize,
    pub(super) senior_leader_meetings: usize,
    pub(super) people: usize,
    pub(super) orgs: usize,
}

/// What needs the author's attention, on the dashboard: the next update
/// overdue, open goals past their target, and stale goals.
#[derive(Serialize)]
pub(super) struct AttentionView {
    pub(super) update_overdue: Option<OverdueView>,
    pub(super) past_target: Vec<PastTargetView>,
    pub(super) stale: Vec<StaleView>,
    pub(super) stale_days: u32,
}

/// The next update, overdue.
#[derive(Serialize)]
pub(super) struct OverdueView {
    pub(super) last_update: Option<String>,
    pub(super) days: Option<i64>,
}

/// An open goal past its target.
#[derive(Serialize)]
pub(super) struct PastTargetView {
    pub(super) goal: Link,
    pub(super) target: String,
}

/// A stale goal.
#[derive(Serialize)]
pub(super) struct StaleView {
    pub(super) goal: Link,
    pub(super) last_touched: String,
    pub(super) idle_days: i64,
}

/// A problem raised in a meeting, with the goal the note says answers it.
#[derive(Serialize)]
pub(super) struct ProblemView {
    pub(super) text: String,
    pub(super) goal: Option<GoalRef>,
}

/// What git says of a note, for its page (every entry page gets it as
/// `provenance`): the record the packet's provenance shows too
/// ([`History::record`](crate::history::History::record)), and whether
/// there is any history at all.
#[derive(Serialize)]
pub(super) struct ProvenanceView {
    /// True when git history was read.
    pub(super) available: bool,
    /// Why there is no history, or a caveat (a shallow clone).
    pub(super) message: Option<&'static str>,
    /// First and last commit, revisions, state.
    #[serde(flatten)]
    pub(super) record: NoteRecord,
}
