//! Links: where every link and embed of every body goes, resolved once.
//!
//! Each link is resolved to a [`LinkTarget`] and recorded on its entry
//! ([`Entry::links`]); render only maps targets to URLs, and the site
//! publishes exactly the [`LinkTarget::Asset`] files. A link to an entry goes
//! to its page (or to its text when the page is not in the site); a link to
//! any other file is judged by the published-asset policy
//! ([`crate::publish::Policy`]). Two rules report here: `broken-link` (nothing
//! there, or outside the journal) and `unpublished-link` (there, but never
//! published). Either way the site shows the link's text only.

use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostic::{Diagnostic, Report, Rule, did_you_mean};
use crate::entry::{Choice, Entry, Kind, LinkTarget, ResolvedLink};
use crate::markdown::{self, Link, Target, WikiTarget};
use crate::node::Span;
use crate::publish::{self, Generated, Policy, Verdict};

use super::{Context, Recognized};
use crate::incremental::{Key, Reuse, Unit};

/// The entries' paths and slugs, looked up for every link.
struct Known<'a> {
    recognized: &'a [Recognized],
    /// Every entry's path (journal-relative and normal, as
    /// `markdown::resolve` makes link targets), with its kind and slug.
    by_path: HashMap<&'a OsStr, &'a Recognized>,
    slugs: HashSet<(Kind, &'a str)>,
    policy: Policy<'a>,
    /// The policy's verdict on each file judged so far: a file linked from
    /// many notes (an SVG is read and filtered to be judged) is judged once.
    verdicts: Mutex<HashMap<PathBuf, Verdict>>,
}

impl Known<'_> {
    fn judge(&self, target: &Path) -> Verdict {
        let lock = || self.verdicts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(verdict) = lock().get(target) {
            return verdict.clone();
        }
        let verdict = self.policy.judge(target);
        lock().insert(target.to_path_buf(), verdict.clone());
        verdict
    }
}

/// Resolves the links of every entry (recording them on the entry) and
/// reports the broken and unpublished ones. Finding a body's links is kept
/// between builds ([`Unit::Links`], keyed by its file's text); resolving
/// them is done again every time, since files come and go.
pub(super) fn check(
    context: &Context<'_>,
    recognized: &[Recognized],
    entries: &mut [Entry],
    text_keys: &[Option<Key>],
    report: &mut Report,
    reuse: Reuse<'_>,
) {
    let generated = Generated::new(recognized.iter().map(|r| (r.kind, r.slug.as_str())));
    let known = Known {
        recognized,
        by_path: recognized.iter().map(|r| (r.path.as_os_str(), r)).collect(),
        slugs: recognized
            .iter()
            .map(|r| (r.kind, r.slug.as_str()))
            .collect(),
        policy: Policy {
            root: context.root,
            source: context.source,
            max_size: context.config.max_asset_size,
            output: context
                .exclude
                .and_then(|output| Policy::output_inside(context.root, output)),
            generated: &generated,
        },
        verdicts: Mutex::new(HashMap::new()),
    };
    // Finding the links means parsing every body: done on every core, the
    // diagnostics then reported in entry order.
    let found: Vec<_> = entries
        .par_iter()
        .zip(text_keys)
        .map(|(entry, text_key)| {
            let links: Arc<Vec<Link>> = reuse.get_or(
                Unit::Links,
                || text_key.map(|key| crate::incremental::key(&(key, entry.body_start))),
                || Arc::new(markdown::links(&entry.body)),
            );
            let mut diagnostics = Vec::new();
            let body = links.iter().map(|link| ResolvedLink {
                dest: link.dest.clone(),
                image: link.image,
                wiki: link.wiki,
                target: resolve(&known, entry, link, &mut diagnostics),
            });
            let body: Vec<ResolvedLink> = body.collect();
            let resolved: Arc<[ResolvedLink]> = body
                .into_iter()
                .chain(artifacts(&known, entry, &mut diagnostics))
                .collect();
            (diagnostics, resolved)
        })
        .collect();
    for (entry, (diagnostics, resolved)) in entries.iter_mut().zip(found) {
        for diagnostic in diagnostics {
            report.push(diagnostic);
        }
        entry.links = resolved;
    }
}

/// Where one link goes; what is wrong with it goes to `diagnostics`.
fn resolve(
    known: &Known<'_>,
    entry: &Entry,
    link: &Link,
    diagnostics: &mut Vec<Diagnostic>,
) -> LinkTarget {
    let span = entry.body_start + link.span.start..entry.body_start + link.span.end;
    let at = At {
        entry,
        span,
        dest: &link.dest,
    };
    match (link.wiki, link.image) {
        (true, false) => wikilink(known, &at, diagnostics),
        (true, true) => embed(known, &at, diagnostics),
        (false, image) => local(
            known,
            &at,
            if image { "image" } else { "link" },
            diagnostics,
        ),
    }
}

/// Where a link to a file goes (a body's link or image, an artifact's
/// `path`): an entry, a published asset, or text (what is wrong said).
fn local(
    known: &Known<'_>,
    at: &At<'_>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> LinkTarget {
    let (entry, link) = (at.entry, at);
    let Target::Local { path, fragment } = markdown::classify(link.dest) else {
        return LinkTarget::Keep;
    };
    let Some(target) = markdown::resolve(&entry.path, &path) else {
        diagnostics.push(
            Diagnostic::new(
                Rule::BrokenLink,
                entry.file,
                at.span.clone(),
                format!("{what} `{}` points outside the journal", link.dest),
            )
            .with_hint("link to notes and assets inside the journal folder"),
        );
        return LinkTarget::Text;
    };
    if let Some(found) = known.by_path.get(target.as_os_str()) {
        return entry_target(found, fragment);
    }
    match known.judge(&target) {
        Verdict::Publish(_) => LinkTarget::Asset {
            path: target,
            fragment,
        },
        Verdict::Refused(refusal) => {
            diagnostics.push(unpublished(at, what, refusal));
            LinkTarget::Text
        }
        Verdict::Missing => {
            diagnostics.push(missing_file(known, at, what, &target));
            LinkTarget::Text
        }
    }
}

/// Where each artifact `path` of a goal or update goes, checked as a body
/// link is and recorded with the body's links (so the site publishes the
/// file and links it): a note, a published file, or text.
fn artifacts(
    known: &Known<'_>,
    entry: &Entry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ResolvedLink> {
    entry
        .artifacts()
        .iter()
        .filter_map(|artifact| artifact.path.as_ref())
        .map(|path| {
            let at = At {
                entry,
                span: path.span.clone(),
                dest: &path.value,
            };
            ResolvedLink {
                dest: path.value.clone(),
                image: false,
                wiki: false,
                target: local(known, &at, "artifact path", diagnostics),
            }
        })
        .collect()
}

/// A link's place, for its diagnostics.
struct At<'a> {
    entry: &'a Entry,
    span: Span,
    dest: &'a str,
}

fn entry_target(found: &Recognized, fragment: Option<String>) -> LinkTarget {
    LinkTarget::Entry {
        kind: found.kind,
        slug: found.slug.clone(),
        fragment,
    }
}

/// `[[slug]]`, `[[goals/slug]]`, `[[slug#heading]]`, `[[#heading]]`.
fn wikilink(known: &Known<'_>, at: &At<'_>, diagnostics: &mut Vec<Diagnostic>) -> LinkTarget {
    let Some(target) = WikiTarget::parse(at.dest) else {
        let heading = at.dest.split_once('#').map_or("", |(_, h)| h);
        return LinkTarget::Heading(heading.to_string());
    };
    if let Some(kind) = target.resolve(|kind, slug| known.slugs.contains(&(kind, slug))) {
        return LinkTarget::Entry {
            kind,
            slug: target.slug,
            fragment: target.fragment,
        };
    }
    let slugs: BTreeSet<&str> = known
        .recognized
        .iter()
        .filter(|r| target.kind.is_none_or(|kind| r.kind == kind))
        .map(|r| r.slug.as_str())
        .collect();
    let hint = did_you_mean(&target.slug, slugs.iter().copied()).or_else(|| {
        Some("a wikilink names an entry by its slug, its file name without `.md`".into())
    });
    let what = match target.kind {
        Some(kind) => format!("no {} has the slug `{}`", kind.name(), target.slug),
        None => format!("no entry has the slug `{}`", target.slug),
    };
    diagnostics.push(
        Diagnostic::new(
            Rule::BrokenLink,
            at.entry.file,
            at.span.clone(),
            format!("wikilink `[[{}]]` points nowhere: {what}", at.dest),
        )
        .with_label("not an entry's slug")
        .with_hint_opt(hint),
    );
    LinkTarget::Text
}

/// `![[plan.png]]`: a file next to the note, at the root or in `assets/`;
/// `![[note]]` or `![[note.md]]`: an entry, shown as a link to its page.
fn embed(known: &Known<'_>, at: &At<'_>, diagnostics: &mut Vec<Diagnostic>) -> LinkTarget {
    let candidates = markdown::embed_candidates(&at.entry.path, at.dest);
    let fragment = at
        .dest
        .split_once('#')
        .map(|(_, f)| f.trim().to_string())
        .filter(|f| !f.is_empty());
    if let Some(found) = candidates
        .iter()
        .find_map(|path| known.by_path.get(path.as_os_str()))
    {
        return entry_target(found, fragment);
    }
    let name = candidates.first().map(PathBuf::as_path);
    if name.is_some_and(|path| path.extension().is_none())
        && let Some(target) = WikiTarget::parse(at.dest)
        && let Some(kind) = target.resolve(|kind, slug| known.slugs.contains(&(kind, slug)))
    {
        return LinkTarget::Entry {
            kind,
            slug: target.slug,
            fragment: target.fragment,
        };
    }
    // The first candidate that is there at all (a link or a folder too: it
    // is refused, not skipped for a later one).
    let there = candidates
        .iter()
        .find(|path| known.policy.source.exists(known.policy.root, path));
    let Some(target) = there else {
        diagnostics.push(
            Diagnostic::new(
                Rule::BrokenLink,
                at.entry.file,
                at.span.clone(),
                format!("embed `{}` points to no file in the journal", at.dest),
            )
            .with_label("no such file next to the note, at the root or in assets/")
            .with_hint("put the file next to the note or in `assets/`"),
        );
        return LinkTarget::Text;
    };
    match known.judge(target) {
        Verdict::Publish(_) => LinkTarget::Asset {
            path: target.clone(),
            fragment,
        },
        Verdict::Refused(refusal) => {
            diagnostics.push(unpublished(at, "embed", refusal));
            LinkTarget::Text
        }
        Verdict::Missing => LinkTarget::Text,
    }
}

/// The `unpublished-link` diagnostic.
fn unpublished(at: &At<'_>, what: &str, refusal: publish::Refusal) -> Diagnostic {
    Diagnostic::new(
        Rule::UnpublishedLink,
        at.entry.file,
        at.span.clone(),
        format!(
            "{what} `{}` is not published: {}; the site shows its text only",
            at.dest, refusal.why
        ),
    )
    .with_label("not published")
    .with_hint(refusal.hint)
}

/// The `broken-link` error for a link to nothing, with a did-you-mean among
/// the notes of the same folder.
fn missing_file(known: &Known<'_>, at: &At<'_>, what: &str, target: &Path) -> Diagnostic {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nearby = known
        .recognized
        .iter()
        .map(|r| r.path.as_path())
        .filter(|p| p.parent() == target.parent())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect::<Vec<_>>();
    let hint = did_you_mean(&name, nearby.iter().map(String::as_str));
    Diagnostic::new(
        Rule::BrokenLink,
        at.entry.file,
        at.span.clone(),
        format!(
            "{what} `{}` points to `{}`, which does not exist",
            at.dest,
            target.display()
        ),
    )
    .with_label("no such file in the journal")
    .with_hint_opt(hint)
}
