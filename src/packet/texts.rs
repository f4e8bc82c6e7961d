//! The notes in their authors' own words: the period's summary at the top of
//! the packet, and, in a packet on its own, every note it cites in full in
//! the appendix (a packet published with the site links to the notes' pages
//! instead). Bodies are rendered as the site renders them, always
//! sanitized, private blocks left out; a link to a note the packet holds
//! goes to its text, any other link keeps only its words.

use std::collections::HashSet;

use serde::Serialize;

use super::NoteRef;
use crate::entry::{Entry, Kind, LinkTarget};
use crate::markdown::{self, Rewrite};
use crate::model::Journal;
use crate::publish::{anchor, entry_url, escape_url_path};

/// A note in full.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NoteText {
    /// The note.
    #[serde(flatten)]
    pub note: NoteRef,
    /// Its id in the appendix (`text-KIND-SLUG`).
    pub id: String,
    /// Its body as HTML, sanitized, without its private blocks.
    pub html: String,
}

/// Where the packet's notes are read in full.
pub(super) struct FullTexts<'a> {
    journal: &'a Journal,
    /// In a site: each note's own page. Else the appendix.
    in_site: bool,
    /// The notes the appendix holds (none in a site).
    held: HashSet<(Kind, &'a str)>,
}

impl<'a> FullTexts<'a> {
    /// For the packet of `journal` that cites `cited`.
    pub(super) fn new(journal: &'a Journal, in_site: bool, cited: &[&'a Entry]) -> FullTexts<'a> {
        let held = match in_site {
            true => HashSet::new(),
            false => cited.iter().map(|e| (e.kind, e.slug.as_str())).collect(),
        };
        FullTexts {
            journal,
            in_site,
            held,
        }
    }

    /// The packet is published with the site.
    pub(super) fn in_site(&self) -> bool {
        self.in_site
    }

    /// Where the note's full text is: its page beside the packet in a site,
    /// else its place in the appendix; `None` when neither holds it.
    pub(super) fn href(&self, kind: Kind, slug: &str) -> Option<String> {
        // Not a public note of the journal: nowhere.
        self.journal.by_slug(kind, slug)?;
        if self.in_site {
            Some(entry_url(kind, slug))
        } else if self.held.contains(&(kind, slug)) {
            Some(format!("#{}", text_id(kind, slug)))
        } else {
            None
        }
    }

    /// `entry`'s body as the packet shows it.
    pub(super) fn html(&self, entry: &Entry) -> String {
        let targets = entry.targets();
        markdown::render(&entry.body, |dest| {
            match targets.get(dest.url, dest.image, dest.wiki) {
                Some(LinkTarget::Keep) => Rewrite::Keep,
                Some(LinkTarget::Entry { kind, slug, .. }) => {
                    if self.journal.by_slug(*kind, slug).is_none() {
                        return Rewrite::Hide;
                    }
                    match self.href(*kind, slug) {
                        Some(url) if dest.image => Rewrite::Page(url),
                        Some(url) => Rewrite::To(url),
                        None => Rewrite::Unlink,
                    }
                }
                Some(LinkTarget::Asset { path, .. }) if self.in_site => {
                    Rewrite::To(escape_url_path(&path.to_string_lossy().replace('\\', "/")))
                }
                // A single page has nothing beside it: a file or a heading
                // elsewhere keeps its words only.
                Some(LinkTarget::Asset { .. } | LinkTarget::Heading(_) | LinkTarget::Text)
                | None => Rewrite::Unlink,
            }
        })
        .into_safe_html()
    }
}

/// The id of a note's text in the appendix.
pub(super) fn text_id(kind: Kind, slug: &str) -> String {
    format!("text-{}-{}", crate::entry::Choice::name(kind), anchor(slug))
}
