//! Render stage: the model to HTML pages through Tera templates.
//!
//! The default templates live in `templates/` in the source tree and are
//! embedded in the binary; a journal's own `templates/` folder overrides any
//! of them by file name (and may add partials its overrides include). Pages
//! get plain serializable views (dates as `YYYY-MM-DD` strings, URLs relative
//! to the site root), so that templates never compute anything that matters.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use serde::Serialize;
use tera::Context;

use crate::cadence::Cadence;
use crate::entry::{Choice, Entry, Fields, Kind, LinkTarget, Spanned, Status, Targets};
use crate::error::{Error, Result};
use crate::history::{Facts, History, NoteState, Provenance};
use crate::incremental::{Key, KeyHasher, Reuse, Unit};
use crate::markdown::{self, Dest, PrivateBlocks, Rewrite};
use crate::model::Excerpts;
use crate::model::{Journal, PersonSummary};
use crate::publish::Files;
use crate::publish::{self, anchor, entry_url, page_path};

mod pages;
mod templates;
mod views;

pub(crate) use templates::Templates;
use views::*;

/// Renders every page of the site. Bodies are sanitized
/// ([`markdown::sanitize`]) unless `raw_html`. Bodies, excerpts and pages
/// are units of [`Reuse`]: a session's build reuses those whose inputs are
/// the same as in the previous build, and the files are the same as without.
pub(crate) fn render_site(
    journal: &Journal,
    provenance: &Provenance,
    facts: &Facts,
    templates: &Templates,
    raw_html: bool,
    reuse: Reuse<'_>,
) -> Result<Files> {
    let people = journal.people();
    let people_names: Vec<String> = people.iter().map(|p| p.name.to_lowercase()).collect();
    let tags = journal.tags();
    let renderer = Renderer {
        journal,
        provenance,
        history: provenance.history(),
        facts,
        templates,
        raw_html,
        excerpts: Excerpts::new(journal, 160, reuse),
        links: journal.entries.iter().map(|_| OnceLock::new()).collect(),
        people_anchors: Anchors::new(people_names.iter().map(String::as_str)),
        tag_anchors: Anchors::new(tags.keys().map(String::as_str)),
        people,
        tags,
        site: Renderer::site(journal),
        reuse,
    };
    renderer.render_all()
}

/// A rendered page and where it goes.
struct Page {
    path: PathBuf,
    bytes: Bytes,
}

struct Renderer<'a> {
    journal: &'a Journal,
    /// What git says, or why nothing.
    provenance: &'a Provenance,
    history: Option<&'a History>,
    /// The history's facts of every goal ([`Journal::goal_statuses`]).
    facts: &'a Facts,
    templates: &'a Templates,
    /// Keep raw HTML in bodies as written (`--allow-raw-html`).
    raw_html: bool,
    /// Each entry's excerpt, made on first use.
    excerpts: Excerpts<'a>,
    /// Each entry's link (indexed like `journal.entries`), made when first
    /// asked for.
    links: Vec<OnceLock<Link>>,
    /// The people met and the tags used, worked out once per render.
    people: Vec<PersonSummary<'a>>,
    tags: BTreeMap<String, Vec<&'a Entry>>,
    /// Page anchors of people (by lowercase name) and tags: unique per page.
    people_anchors: Anchors,
    tag_anchors: Anchors,
    /// What every page gets as `site`.
    site: SiteView,
    /// What the previous build made, in a session.
    reuse: Reuse<'a>,
}

/// Unique, non-empty fragment ids for a set of names.
struct Anchors(BTreeMap<String, String>);

impl Anchors {
    fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> Anchors {
        let mut used = BTreeSet::new();
        let mut map = BTreeMap::new();
        // The number each base was last given: the next one for it is
        // larger (`used` only grows), so many names with one base (`!`,
        // `?!`, `--`...) are numbered in linear time, not quadratic.
        let mut last: HashMap<String, usize> = HashMap::new();
        for name in names {
            if map.contains_key(name) {
                continue;
            }
            let base = match anchor(name) {
                empty if empty.is_empty() => "item".to_string(),
                base => base,
            };
            let from = last.get(&base).map_or(1, |n| n + 1);
            let (n, unique) = (from..)
                .map(|n| {
                    let candidate = if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    };
                    (n, candidate)
                })
                .find(|(_, candidate)| !used.contains(candidate))
                .expect("an unused id exists");
            last.insert(base, n);
            used.insert(unique.clone());
            map.insert(name.to_string(), unique);
        }
        Anchors(map)
    }

    fn get(&self, name: &str) -> String {
        self.0.get(name).cloned().unwrap_or_else(|| anchor(name))
    }
}

/// What git says about an entry, in one line for the lists, from the
/// record every output shows ([`History::record`]).
fn history_line(history: &History, entry: &Entry) -> String {
    let record = history.record(&entry.path);
    let Some(first) = record.first_date else {
        return "not committed yet".to_string();
    };
    let revisions = match record.revisions {
        1 => "1 revision".to_string(),
        n => format!("{n} revisions"),
    };
    let changes = if record.state == NoteState::Modified {
        " · uncommitted changes"
    } else {
        ""
    };
    format!("first written {first} · {revisions}{changes}")
}

impl Renderer<'_> {
    fn history_line(&self, entry: &Entry) -> Option<String> {
        self.history.map(|history| history_line(history, entry))
    }

    /// What git says of the entry, for its page: the same record as the
    /// packet's provenance row of the note.
    fn provenance_view(&self, entry: &Entry) -> ProvenanceView {
        ProvenanceView {
            available: self.history.is_some(),
            message: self.provenance.message(),
            record: self.provenance.record(&entry.path),
        }
    }

    fn tag_refs(&self, tags: &[String]) -> Vec<TagRef> {
        tags.iter()
            .map(|name| TagRef {
                name: name.clone(),
                anchor: self.tag_anchors.get(name),
            })
            .collect()
    }

    fn site(journal: &Journal) -> SiteView {
        let config = &journal.config;
        SiteView {
            title: config.site_title(),
            owner: config.owner.clone(),
            role: config.role.clone(),
            target_role: config.target_role.clone(),
            today: journal.today.to_string(),
            include_private: journal.include_private,
            generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
            ladder: !config.ladder.is_empty(),
        }
    }

    /// The `[ladder]` dimensions `criteria` names, with their anchors.
    fn criteria(&self, criteria: &[Spanned<String>]) -> Vec<CriterionRef> {
        criteria
            .iter()
            .map(|c| CriterionRef {
                key: c.value.clone(),
                anchor: format!("ladder-{}", anchor(&c.value)),
            })
            .collect()
    }

    /// An entry's artifacts, linked from its page.
    fn artifacts(&self, entry: &Entry) -> Vec<ArtifactView> {
        let targets = entry.targets();
        entry
            .artifacts()
            .iter()
            .map(|artifact| {
                let url = match (&artifact.url, &artifact.path) {
                    (Some(url), _) => Some(url.clone()),
                    (None, Some(path)) => {
                        let dest = Dest {
                            url: &path.value,
                            image: false,
                            wiki: false,
                        };
                        match self.rewrite(&targets, dest) {
                            Rewrite::To(url) | Rewrite::Page(url) => Some(url),
                            _ => None,
                        }
                    }
                    (None, None) => None,
                };
                ArtifactView {
                    title: artifact.title.clone(),
                    url,
                    path: artifact.path.as_ref().map(|p| p.value.clone()),
                }
            })
            .collect()
    }

    /// The entry's link, made once per render.
    fn link(&self, entry: &Entry) -> Link {
        let make = || Arc::new(self.make_link(entry));
        match self.journal.index(entry).and_then(|i| self.links.get(i)) {
            Some(cell) => Arc::clone(cell.get_or_init(make)),
            None => make(),
        }
    }

    fn make_link(&self, entry: &Entry) -> EntryLink {
        let (status, meta) = match &entry.fields {
            Fields::Goal(goal) => {
                // "Since" is the day git says the goal took its status,
                // never `started`: a goal blocked in September was not
                // blocked since its start in April.
                let since = self
                    .facts
                    .of(&entry.path)
                    .and_then(|facts| facts.status_since(goal.status.name()));
                let meta = match (goal.finished, since, goal.target) {
                    (Some(finished), _, _) => format!("{} – {}", goal.started, finished),
                    (None, Some(since), None) => format!("since {since}"),
                    (None, Some(since), Some(target)) => format!("since {since}, target {target}"),
                    (None, None, None) => format!("started {}", goal.started),
                    (None, None, Some(target)) => {
                        format!("started {}, target {target}", goal.started)
                    }
                };
                (Some(goal.status.name()), meta)
            }
            Fields::Update(update) => {
                let n = update
                    .goals
                    .iter()
                    .filter(|g| self.journal.goal(&g.value).is_some())
                    .count();
                (None, format!("{n} goal{}", if n == 1 { "" } else { "s" }))
            }
            Fields::Meeting(meeting) => {
                let mut parts = Vec::new();
                if let Some(kind) = meeting.meeting_type {
                    parts.push(kind.name().replace('-', " "));
                }
                if let Some(org) = &meeting.org {
                    parts.push(org.clone());
                }
                (None, parts.join(" · "))
            }
            Fields::Summary(summary) => (
                None,
                format!("{} to {}", summary.period.from, summary.period.to),
            ),
            Fields::Feedback(feedback) => {
                let mut parts = vec![format!("from {}", feedback.from.name)];
                if feedback.reference && feedback.consent {
                    parts.push("reference".to_string());
                }
                if !feedback.consent {
                    parts.push("no consent: yours alone".to_string());
                }
                (None, parts.join(" · "))
            }
        };
        EntryLink {
            kind: entry.kind.name(),
            slug: entry.slug.clone(),
            url: entry_url(entry.kind, &entry.slug),
            title: entry.display_title(),
            date: entry.date().to_string(),
            private: entry.private,
            excerpt: self.excerpt(entry),
            status,
            meta,
            history: self.history_line(entry),
        }
    }

    /// The entry's one-line excerpt, worked out once per entry (it parses
    /// the whole body, and an entry is linked from many pages).
    fn excerpt(&self, entry: &Entry) -> String {
        self.excerpts.get(entry)
    }

    /// The goals an update or meeting names that are in the site.
    fn goal_refs(&self, goals: &[Spanned<String>]) -> Vec<GoalRef> {
        goals
            .iter()
            .filter(|g| self.journal.goal(&g.value).is_some())
            .map(|g| self.goal_ref(&g.value))
            .collect()
    }

    fn goal_ref(&self, slug: &str) -> GoalRef {
        match self.journal.goal(slug) {
            Some(goal) => GoalRef {
                slug: slug.to_string(),
                title: goal.display_title(),
                url: Some(entry_url(Kind::Goal, slug)),
                status: goal.goal().map(|g| g.status.name()),
            },
            None => GoalRef {
                slug: slug.to_string(),
                title: slug.to_string(),
                url: None,
                status: None,
            },
        }
    }

    /// What the body shows of its ```` ```private ```` blocks: only a
    /// private build (`--include-private`, for the author's own eyes)
    /// shows them, marked; a public site never.
    fn private_blocks(&self) -> PrivateBlocks {
        if self.journal.include_private {
            PrivateBlocks::Show
        } else {
            PrivateBlocks::Drop
        }
    }

    /// The body as HTML, links rewritten for a page one folder deep, then
    /// sanitized unless raw HTML is allowed. A unit of [`Reuse`], keyed by
    /// the Markdown, the settings (raw HTML, private blocks: a body made
    /// for a private build is never reused in a public one) and where
    /// every link points now.
    fn body(&self, entry: &Entry) -> Arc<str> {
        let targets = entry.targets();
        let ask = |dest: Dest<'_>| self.rewrite(&targets, dest);
        let private = self.private_blocks();
        let key = || {
            let mut key = KeyHasher::new();
            key.add(&*entry.body).add(&self.raw_html).add(&private);
            for link in entry.links.iter() {
                let dest = Dest {
                    url: &link.dest,
                    image: link.image,
                    wiki: link.wiki,
                };
                key.add(&link.dest)
                    .add(&link.image)
                    .add(&link.wiki)
                    .add(&ask(dest));
            }
            Some(key.finish())
        };
        self.reuse.get_or(Unit::Body, key, || {
            let rendered = markdown::render_with(&entry.body, private, ask);
            let html = if self.raw_html {
                rendered.html
            } else {
                rendered.into_safe_html()
            };
            Arc::<str>::from(html)
        })
    }

    /// Where a link of `entry`'s body points in the site: the target
    /// validation recorded for it, as a URL. A link validation did not
    /// record is shown as its text.
    fn rewrite(&self, targets: &Targets<'_>, dest: Dest<'_>) -> Rewrite {
        let Some(target) = targets.get(dest.url, dest.image, dest.wiki) else {
            return Rewrite::Unlink;
        };
        match target {
            LinkTarget::Keep => Rewrite::Keep,
            LinkTarget::Heading(heading) => Rewrite::To(format!("#{}", anchor(heading))),
            LinkTarget::Entry {
                kind,
                slug,
                fragment,
            } => {
                if self.journal.by_slug(*kind, slug).is_none() {
                    // A note left out of the site (private).
                    return Rewrite::Hide;
                }
                let fragment = match fragment {
                    Some(f) if dest.wiki => format!("#{}", anchor(f)),
                    Some(f) => format!("#{f}"),
                    None => String::new(),
                };
                let url = format!("../{}{fragment}", entry_url(*kind, slug));
                if dest.image {
                    Rewrite::Page(url)
                } else {
                    Rewrite::To(url)
                }
            }
            LinkTarget::Asset { path, fragment } => {
                let url = publish::escape_url_path(&path.to_string_lossy().replace('\\', "/"));
                let fragment = match fragment {
                    Some(f) if !dest.wiki => format!("#{f}"),
                    _ => String::new(),
                };
                Rewrite::To(format!("../{url}{fragment}"))
            }
            LinkTarget::Text => Rewrite::Unlink,
        }
    }

    /// One entry's page, and where it goes.
    fn entry_file(&self, entry: &Entry, updates: &[&Entry]) -> Result<Page> {
        let path = page_path(entry.kind, &entry.slug).ok_or_else(|| Error::OutputRefused {
            path: entry.path.clone(),
            reason: format!(
                "its slug `{}` is not a plain file name, so its page could leave the output folder",
                entry.slug
            ),
        })?;
        self.entry_page(path, entry, updates)
    }

    /// A page from `template` and what it shows. A unit of [`Reuse`],
    /// keyed by the templates and everything the template receives.
    fn page<V: Serialize>(
        &self,
        path: PathBuf,
        template: &'static str,
        frame: Frame<'_>,
        own: V,
    ) -> Result<Page> {
        let data = PageData {
            site: &self.site,
            root: frame.root,
            section: frame.section,
            page_title: frame.title,
            own,
        };
        let failed = |message: String| Error::Template {
            name: template.into(),
            message,
        };
        // What the template receives, hashed in one piece.
        let key = || -> Option<Key> {
            let mut key = KeyHasher::new();
            key.add(&self.templates.key)
                .add(template)
                .add_serialized(&data)?;
            Some(key.finish())
        };
        let bytes = self.reuse.try_get_or(Unit::Page, key, || {
            let context = Context::from_serialize(&data).map_err(|e| failed(e.to_string()))?;
            Ok::<_, Error>(Bytes::from(self.templates.render(template, &context)?))
        })?;
        Ok(Page { path, bytes })
    }

    fn render_all(self) -> Result<Files> {
        let journal = self.journal;
        let mut pages = Vec::new();

        // Every page on every core, in one queue: the list pages first (the
        // timeline is the longest single page), then runs of entry pages, so
        // that no core sits idle while another renders a long list. The
        // files are collected in a sorted map and the first error is the
        // first in entry order, then list order, whatever the threads did.
        let updates: Vec<&Entry> = journal.of_kind(Kind::Update).collect();
        let people = OnceLock::new();
        let people = || {
            people.get_or_init(|| {
                let people = self.people();
                let mut orgs: BTreeMap<String, usize> = BTreeMap::new();
                // People met: someone known only from feedback is not.
                for person in people.iter().filter(|p| !p.meetings.is_empty()) {
                    if let Some(org) = &person.org {
                        *orgs.entry(org.clone()).or_default() += 1;
                    }
                }
                (people, orgs)
            })
        };
        let lists: [&(dyn Fn() -> Result<Page> + Sync); 7] = [
            &|| self.timeline_page(),
            &|| self.updates_list(),
            &|| {
                let (people, orgs) = people();
                self.people_list(people, orgs)
            },
            &|| self.meetings_list(),
            &|| self.tags_list(),
            &|| self.goals_list(),
            &|| {
                let (people, orgs) = people();
                let met = people.iter().filter(|p| !p.meetings.is_empty()).count();
                self.dashboard(met, orgs.len())
            },
        ];
        // The seven lists are few and heavy, the entry pages many and light:
        // rayon's work stealing balances both on every core, and its
        // indexed iterators keep the pages in order.
        let (entry_pages, list_pages): (Vec<Result<Page>>, Vec<Result<Page>>) = rayon::join(
            || {
                journal
                    .entries
                    .par_iter()
                    .map(|entry| self.entry_file(entry, &updates))
                    .collect()
            },
            || lists.par_iter().map(|make| make()).collect(),
        );
        for page in entry_pages {
            pages.push(page?);
        }
        for page in list_pages {
            pages.push(page?);
        }
        if !journal.config.ladder.is_empty() {
            pages.push(self.ladder_page()?);
        }

        let mut files: Files = pages
            .into_iter()
            .map(|page| (page.path, page.bytes))
            .collect();
        files.insert(
            "style.css".into(),
            Bytes::from(self.templates.sources().stylesheet.clone()),
        );
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_url_safe() {
        assert_eq!(anchor("Tomás Reyes"), "tomás-reyes");
        assert_eq!(anchor("Risk & Compliance"), "risk-compliance");
    }

    #[test]
    fn anchors_are_unique_and_never_empty() {
        let anchors = Anchors::new(["C++", "c", "!!!", "c"]);
        assert_eq!(anchors.get("C++"), "c");
        assert_eq!(anchors.get("c"), "c-2");
        assert_eq!(anchors.get("!!!"), "item");
        // Numbers taken by a name of their own are skipped.
        let anchors = Anchors::new(["a-2", "a", "a!", "b", "a?", "a-4", "a."]);
        let ids: Vec<String> = ["a-2", "a", "a!", "a?", "a-4", "a."]
            .iter()
            .map(|name| anchors.get(name))
            .collect();
        assert_eq!(ids, ["a-2", "a", "a-3", "a-4", "a-4-2", "a-5"]);
        // Many names with one base: numbered in order.
        let names: Vec<String> = (1..=5_000)
            .map(|i| "!".repeat(i % 7 + 1) + &"?".repeat(i / 7))
            .collect();
        let anchors = Anchors::new(names.iter().map(String::as_str));
        assert_eq!(anchors.get(&names[0]), "item");
        assert_eq!(anchors.get(&names[4_999]), "item-5000");
    }

    #[test]
    fn overrides_may_use_components_from_another_template() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/a-page.html"),
            "{{ <parts.hello who=\"you\" /> }}",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("templates/parts.html"),
            "{% component parts.hello(who: string) %}hello {{ who }}{% endcomponent parts.hello %}",
        )
        .unwrap();
        let templates = Templates::load(dir.path(), Reuse::NONE);
        assert!(
            templates.is_ok(),
            "{:?}",
            templates.err().map(|e| e.to_string())
        );
    }

    #[test]
    fn every_default_template_parses() {
        let dir = tempfile::tempdir().unwrap();
        Templates::load(dir.path(), Reuse::NONE).unwrap();
    }
}
