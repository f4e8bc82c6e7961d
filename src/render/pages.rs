//! The site's pages, one function each: the goal, update, meeting,
//! people and tag lists, the timeline, an entry's page and the dashboard.
//! Each gathers its view from the model and hands it to
//! [`Renderer::page`](super::Renderer), which renders (or reuses) it.

use super::*;

/// True when the first heading of `body` (any level) is `heading`, in any
/// letter case, a trailing colon aside: the page then leaves out its own
/// heading of that name, which would say the same thing twice.
fn body_heading_is(body: &str, heading: &str) -> bool {
    markdown::first_heading(body).is_some_and(|first| {
        first
            .trim_end_matches(':')
            .trim_end()
            .eq_ignore_ascii_case(heading)
    })
}

impl Renderer<'_> {
    pub(super) fn goals_list(&self) -> Result<Page> {
        let mut groups = Vec::new();
        for (name, status) in Status::ALL {
            let goals: Vec<Link> = self
                .journal
                .of_kind(Kind::Goal)
                .rev()
                .filter(|e| e.goal().is_some_and(|g| g.status == *status))
                .map(|e| self.link(e))
                .collect();
            if !goals.is_empty() {
                groups.push(StatusGroup {
                    status: name,
                    goals,
                });
            }
        }
        #[derive(Serialize)]
        struct Own {
            groups: Vec<StatusGroup>,
        }
        let frame = Frame::new("../", "goals", "Goals");
        self.page(
            "goals/index.html".into(),
            "goals.html",
            frame,
            Own { groups },
        )
    }

    pub(super) fn updates_list(&self) -> Result<Page> {
        #[derive(Serialize)]
        struct Own {
            updates: Vec<Link>,
            cadence: serde_json::Value,
        }
        let own = Own {
            updates: self
                .journal
                .of_kind(Kind::Update)
                .rev()
                .map(|e| self.link(e))
                .collect(),
            cadence: self.cadence_view(&self.journal.cadence()),
        };
        let frame = Frame::new("../", "updates", "Updates");
        self.page("updates/index.html".into(), "updates.html", frame, own)
    }

    pub(super) fn meetings_list(&self) -> Result<Page> {
        #[derive(Serialize)]
        struct Own {
            meetings: Vec<Link>,
        }
        let own = Own {
            meetings: self
                .journal
                .of_kind(Kind::Meeting)
                .rev()
                .map(|e| self.link(e))
                .collect(),
        };
        let frame = Frame::new("../", "meetings", "Meetings");
        self.page("meetings/index.html".into(), "meetings.html", frame, own)
    }

    pub(super) fn people_list(
        &self,
        people: &[PersonView],
        orgs: &BTreeMap<String, usize>,
    ) -> Result<Page> {
        #[derive(Serialize)]
        struct Own<'a> {
            people: &'a [PersonView],
            /// People met: someone known only from feedback is not.
            met: usize,
            orgs: &'a BTreeMap<String, usize>,
        }
        let frame = Frame::new("", "people", "People");
        let met = people.iter().filter(|p| !p.meetings.is_empty()).count();
        self.page(
            "people.html".into(),
            "people.html",
            frame,
            Own { people, met, orgs },
        )
    }

    pub(super) fn tags_list(&self) -> Result<Page> {
        #[derive(Serialize)]
        struct Own {
            tags: Vec<TagView>,
        }
        let tags = self
            .tags
            .iter()
            .map(|(name, entries)| TagView {
                anchor: self.tag_anchors.get(name),
                entries: entries.iter().map(|e| self.link(e)).collect(),
                name: name.clone(),
            })
            .collect();
        let frame = Frame::new("", "tags", "Tags");
        self.page("tags.html".into(), "tags.html", frame, Own { tags })
    }

    /// `ladder.html`: each dimension of `[ladder]` in its order, the
    /// ladder's words, and the goals and notes that name it in `criteria`
    /// (goals first, then updates and meetings, newest first).
    pub(super) fn ladder_page(&self) -> Result<Page> {
        #[derive(Serialize)]
        struct Own {
            dimensions: Vec<DimensionView>,
        }
        let journal = self.journal;
        let naming = |key: &str, goals: bool| -> Vec<Link> {
            let mut found: Vec<&Entry> = journal
                .entries
                .iter()
                .filter(|e| (e.kind == Kind::Goal) == goals)
                .filter(|e| e.criteria().iter().any(|c| c.value == key))
                .collect();
            if !goals {
                found.reverse();
            }
            found.into_iter().map(|e| self.link(e)).collect()
        };
        let dimensions = journal
            .config
            .ladder
            .iter()
            .map(|d| DimensionView {
                key: d.key.clone(),
                anchor: format!("ladder-{}", anchor(&d.key)),
                description: d.description.clone(),
                entries: [naming(&d.key, true), naming(&d.key, false)].concat(),
            })
            .collect();
        let frame = Frame::new("", "ladder", "Ladder");
        self.page(
            "ladder.html".into(),
            "ladder.html",
            frame,
            Own { dimensions },
        )
    }

    pub(super) fn timeline_page(&self) -> Result<Page> {
        #[derive(Serialize)]
        struct Own {
            months: Vec<MonthView>,
        }
        let frame = Frame::new("", "timeline", "Timeline");
        let own = Own {
            months: self.timeline(),
        };
        self.page("timeline.html".into(), "timeline.html", frame, own)
    }

    /// An entry's page at `path`.
    pub(super) fn entry_page(
        &self,
        path: PathBuf,
        entry: &Entry,
        updates: &[&Entry],
    ) -> Result<Page> {
        let journal = self.journal;
        let title = entry.display_title();
        let body = self.body(entry);
        let link = self.link(entry);
        let provenance = self.provenance_view(entry);
        match &entry.fields {
            Fields::Goal(goal) => {
                let view = GoalView {
                    link,
                    started: goal.started.to_string(),
                    target: goal.target.map(|d| d.to_string()),
                    finished: goal.finished.map(|d| d.to_string()),
                    leverage: goal.leverage.iter().map(|l| l.name()).collect(),
                    impact: goal.impact.clone(),
                    progress: goal.progress.clone().filter(|_| goal.finished.is_none()),
                    learned: goal.learned.clone(),
                    highlight: goal.highlight,
                    stakeholders: goal.stakeholders.clone(),
                    tags: entry.tags.clone(),
                    tag_links: self.tag_refs(&entry.tags),
                    body,
                    references: journal
                        .references(&entry.slug)
                        .into_iter()
                        .map(|e| self.link(e))
                        .collect(),
                    status_history: self
                        .facts
                        .of(&entry.path)
                        .map(|f| f.status_changes.clone())
                        .unwrap_or_default(),
                    role: goal.role.map(|r| r.name()),
                    credit: goal.credit.clone(),
                    glue: goal.glue,
                    criteria: self.criteria(&goal.criteria),
                    artifacts: self.artifacts(entry),
                };
                #[derive(Serialize)]
                struct Own {
                    goal: GoalView,
                    provenance: ProvenanceView,
                }
                let frame = Frame::new("../", "goals", &title);
                let own = Own {
                    goal: view,
                    provenance,
                };
                self.page(path, "goal.html", frame, own)
            }
            Fields::Update(update) => {
                // Updates are sorted like `journal.entries`: by date, then path.
                let position = updates
                    .binary_search_by(|u| (u.date(), &u.path).cmp(&(entry.date(), &entry.path)))
                    .ok();
                let previous = position
                    .and_then(|i| i.checked_sub(1))
                    .map(|i| self.link(updates[i]));
                let next = position
                    .and_then(|i| updates.get(i + 1))
                    .map(|e| self.link(e));
                let view = UpdateView {
                    link,
                    period: update
                        .period
                        .map(|p| (p.from.to_string(), p.to.to_string())),
                    to: update.to.clone(),
                    goals: self.goal_refs(&update.goals),
                    tags: entry.tags.clone(),
                    tag_links: self.tag_refs(&entry.tags),
                    body,
                    previous,
                    next,
                    criteria: self.criteria(&update.criteria),
                    artifacts: self.artifacts(entry),
                };
                #[derive(Serialize)]
                struct Own {
                    update: UpdateView,
                    provenance: ProvenanceView,
                }
                let frame = Frame::new("../", "updates", &title);
                let own = Own {
                    update: view,
                    provenance,
                };
                self.page(path, "update.html", frame, own)
            }
            Fields::Meeting(meeting) => {
                let view = MeetingView {
                    link,
                    meeting_type: meeting.meeting_type.map(|t| t.name()),
                    org: meeting.org.clone(),
                    with: meeting
                        .with
                        .iter()
                        .map(|p| PersonRef {
                            name: p.name.clone(),
                            role: p.role.clone(),
                            org: p.org.clone(),
                            anchor: self.people_anchors.get(&p.name.to_lowercase()),
                        })
                        .collect(),
                    problems: meeting
                        .problems
                        .iter()
                        .map(|p| ProblemView {
                            text: p.text.clone(),
                            goal: p.goal.as_ref().map(|g| self.goal_ref(&g.value)),
                        })
                        .collect(),
                    goals: self.goal_refs(&meeting.goals),
                    tags: entry.tags.clone(),
                    tag_links: self.tag_refs(&entry.tags),
                    body,
                    mentoring: meeting.mentoring.map(|m| m.name()),
                    outcome: meeting.outcome.clone(),
                    criteria: self.criteria(&meeting.criteria),
                    notes_heading: !body_heading_is(&entry.body, "Notes"),
                };
                #[derive(Serialize)]
                struct Own {
                    meeting: MeetingView,
                    provenance: ProvenanceView,
                }
                let frame = Frame::new("../", "meetings", &title);
                let own = Own {
                    meeting: view,
                    provenance,
                };
                self.page(path, "meeting.html", frame, own)
            }
            Fields::Summary(summary) => {
                let view = SummaryView {
                    link,
                    period_name: summary.period_name.clone(),
                    period: (
                        summary.period.from.to_string(),
                        summary.period.to.to_string(),
                    ),
                    tags: entry.tags.clone(),
                    tag_links: self.tag_refs(&entry.tags),
                    body,
                };
                #[derive(Serialize)]
                struct Own {
                    summary: SummaryView,
                    provenance: ProvenanceView,
                }
                let frame = Frame::new("../", "dashboard", &title);
                let own = Own {
                    summary: view,
                    provenance,
                };
                self.page(path, "summary.html", frame, own)
            }
            Fields::Feedback(feedback) => {
                let settled = self
                    .people
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(&feedback.from.name));
                let view = FeedbackView {
                    link,
                    from: PersonRef {
                        name: settled
                            .map_or_else(|| feedback.from.name.clone(), |p| p.name.clone()),
                        role: settled.and_then(|p| p.role.clone()),
                        org: settled.and_then(|p| p.org.clone()),
                        anchor: self.people_anchors.get(&feedback.from.name.to_lowercase()),
                    },
                    consent: feedback.consent,
                    reference: feedback.reference,
                    goals: self.goal_refs(&feedback.goals),
                    criteria: feedback.criteria.iter().map(|c| c.value.clone()).collect(),
                    tags: entry.tags.clone(),
                    tag_links: self.tag_refs(&entry.tags),
                    body,
                };
                #[derive(Serialize)]
                struct Own {
                    feedback: FeedbackView,
                    provenance: ProvenanceView,
                }
                let frame = Frame::new("../", "people", &title);
                let own = Own {
                    feedback: view,
                    provenance,
                };
                self.page(path, "feedback.html", frame, own)
            }
        }
    }

    pub(super) fn people(&self) -> Vec<PersonView> {
        // The same leaders, problems and feedback as the packet's
        // "Leaders whose problems you solved", over the whole journal.
        let mut leaders: std::collections::HashMap<String, crate::model::Leader<'_>> = self
            .journal
            .leaders(None)
            .into_iter()
            .map(|l| (l.person.name.to_lowercase(), l))
            .collect();
        self.people
            .iter()
            .map(|person| PersonView {
                anchor: self.people_anchors.get(&person.name.to_lowercase()),
                name: person.name.clone(),
                role: person.role.clone(),
                org: person.org.clone(),
                meetings: person.meetings.iter().map(|e| self.link(e)).collect(),
                feedback: person.feedback.iter().map(|e| self.link(e)).collect(),
                leader: leaders
                    .remove(&person.name.to_lowercase())
                    .map(|leader| LeaderView {
                        raised: leader.raised(),
                        taken_on: leader.taken_on(),
                        solved: leader.solved(),
                        solved_by: leader
                            .solved_goals()
                            .into_iter()
                            .map(|g| self.goal_ref(&g.slug))
                            .collect(),
                        meetings: leader
                            .meetings
                            .iter()
                            .filter(|m| !m.problems.is_empty())
                            .map(|m| LeaderMeetingView {
                                meeting: self.link(m.meeting),
                                raised: m.problems.len(),
                                taken_on: m.taken_on,
                                solved: m.solved,
                            })
                            .collect(),
                    }),
            })
            .collect()
    }

    pub(super) fn timeline(&self) -> Vec<MonthView> {
        let mut events: Vec<(jiff::civil::Date, u8, EventView)> = Vec::new();
        for entry in &self.journal.entries {
            let link = self.link(entry);
            match &entry.fields {
                Fields::Goal(goal) => {
                    events.push((
                        goal.started,
                        0,
                        EventView {
                            date: goal.started.to_string(),
                            what: "goal started",
                            entry: link.clone(),
                        },
                    ));
                    if let Some(finished) = goal.finished {
                        let what = if goal.status == Status::Dropped {
                            "goal dropped"
                        } else {
                            "goal done"
                        };
                        events.push((
                            finished,
                            1,
                            EventView {
                                date: finished.to_string(),
                                what,
                                entry: link,
                            },
                        ));
                    }
                }
                Fields::Update(update) => events.push((
                    update.date,
                    2,
                    EventView {
                        date: update.date.to_string(),
                        what: "update",
                        entry: link,
                    },
                )),
                Fields::Meeting(meeting) => events.push((
                    meeting.date,
                    3,
                    EventView {
                        date: meeting.date.to_string(),
                        what: "meeting",
                        entry: link,
                    },
                )),
                Fields::Summary(summary) => events.push((
                    summary.date,
                    4,
                    EventView {
                        date: summary.date.to_string(),
                        what: "summary",
                        entry: link,
                    },
                )),
                Fields::Feedback(feedback) => events.push((
                    feedback.date,
                    5,
                    EventView {
                        date: feedback.date.to_string(),
                        what: "feedback",
                        entry: link,
                    },
                )),
            }
        }
        events.sort_by(|a, b| (b.0, a.1, &a.2.entry.url).cmp(&(a.0, b.1, &b.2.entry.url)));
        let mut months: Vec<MonthView> = Vec::new();
        for (date, _, event) in events {
            let month = format!("{:04}-{:02}", date.year(), date.month());
            if months.last().is_none_or(|m| m.month != month) {
                let label = date.strftime("%B %Y").to_string();
                months.push(MonthView {
                    month: month.clone(),
                    label,
                    events: Vec::new(),
                });
            }
            if let Some(last) = months.last_mut() {
                last.events.push(event);
            }
        }
        months
    }

    pub(super) fn cadence_view(&self, cadence: &Cadence) -> serde_json::Value {
        serde_json::json!({
            "cadence_days": cadence.cadence_days,
            "since": cadence.list.first().map(|w| w.from.to_string()),
            "windows": cadence.windows,
            "covered": cadence.covered,
            "percent": cadence.percent(),
            "gaps": cadence.gaps.iter().map(|g| serde_json::json!({
                "from": g.from.to_string(),
                "to": g.to.to_string(),
                "days": g.days,
                "away_days": g.away_days,
            })).collect::<Vec<_>>(),
            "last_update": cadence.last_update.map(|d| d.to_string()),
            "days_since_last": cadence.days_since_last,
            "overdue": cadence.overdue,
            "away": self.journal.config.away.iter().map(|a| serde_json::json!({
                "from": a.range.from.to_string(),
                "to": a.range.to.to_string(),
                "reason": a.reason,
            })).collect::<Vec<_>>(),
        })
    }

    pub(super) fn dashboard(&self, people: usize, orgs: usize) -> Result<Page> {
        let journal = self.journal;
        let open: Vec<Link> = journal
            .of_kind(Kind::Goal)
            .filter(|e| {
                e.goal()
                    .is_some_and(|g| matches!(g.status, Status::Active | Status::Blocked))
            })
            .map(|e| self.link(e))
            .collect();
        let goal_count = |status: Status| {
            journal
                .of_kind(Kind::Goal)
                .filter(|e| e.goal().is_some_and(|g| g.status == status))
                .count()
        };
        let counts = CountView {
            goals: journal.of_kind(Kind::Goal).count(),
            active_goals: goal_count(Status::Active) + goal_count(Status::Blocked),
            done_goals: goal_count(Status::Done),
            updates: journal.of_kind(Kind::Update).count(),
            meetings: journal.of_kind(Kind::Meeting).count(),
            senior_leader_meetings: journal.senior_leader_meetings(),
            people,
            orgs,
        };
        let latest_updates: Vec<Link> = journal
            .of_kind(Kind::Update)
            .rev()
            .take(5)
            .map(|e| self.link(e))
            .collect();
        let recent_meetings: Vec<Link> = journal
            .of_kind(Kind::Meeting)
            .rev()
            .take(5)
            .map(|e| self.link(e))
            .collect();
        let cadence = journal.cadence();
        let attention = AttentionView {
            update_overdue: cadence.overdue.then(|| OverdueView {
                last_update: cadence.last_update.map(|d| d.to_string()),
                days: cadence.days_since_last,
            }),
            past_target: journal
                .past_target()
                .into_iter()
                .map(|e| PastTargetView {
                    target: e
                        .goal()
                        .and_then(|g| g.target)
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                    goal: self.link(e),
                })
                .collect(),
            stale: journal
                .of_kind(Kind::Goal)
                .filter_map(|e| {
                    let stale = journal.stale(&e.slug)?;
                    Some(StaleView {
                        goal: self.link(e),
                        last_touched: stale.last_touched.to_string(),
                        idle_days: stale.idle_days,
                    })
                })
                .collect(),
            stale_days: journal.config.stale_days,
        };
        #[derive(Serialize)]
        struct Own {
            open_goals: Vec<Link>,
            attention: AttentionView,
            counts: CountView,
            latest_updates: Vec<Link>,
            recent_meetings: Vec<Link>,
            summaries: Vec<Link>,
            cadence: serde_json::Value,
        }
        // The author's summaries, the latest period first.
        let mut summaries: Vec<&Entry> = journal.of_kind(Kind::Summary).collect();
        summaries
            .sort_by_key(|e| std::cmp::Reverse(e.summary().map(|s| (s.period.from, s.period.to))));
        let own = Own {
            open_goals: open,
            attention,
            counts,
            latest_updates,
            recent_meetings,
            summaries: summaries.into_iter().map(|e| self.link(e)).collect(),
            cadence: self.cadence_view(&cadence),
        };
        let frame = Frame::new("", "dashboard", "Dashboard");
        self.page("index.html".into(), "dashboard.html", frame, own)
    }
}
