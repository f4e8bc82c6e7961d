//! What a render keeps for the next one, so that `serve` re-renders only what
//! a change affects.
//!
//! Nothing is keyed by a guess at what a page depends on. Each result is kept
//! with everything that went into it, and reused only when all of it is the
//! same again:
//!
//! - a page: its template and everything the template receives, compared
//!   in the encoding of `super::key` (the page's bytes are a function of the two);
//! - a body's HTML: the note's path and Markdown, whether raw HTML is kept,
//!   and the answer the renderer gave for each link it asked about (where a
//!   `[[slug]]` or a relative link points now). The questions are asked
//!   again, which also collects the assets again;
//! - an excerpt: the body, its length, and for each wikilink whether its
//!   target is shown (`markdown::KeptExcerpt`).
//!
//! A memo holds the results of one render only: an entry or a page gone from
//! the site is gone from the memo.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;

use crate::entry::Entry;
use crate::markdown::{Dest, KeptExcerpt, Rewrite};
use crate::model::Journal;

/// The results of the previous render (see the module documentation).
#[derive(Default)]
pub struct Memo {
    pub(super) bodies: HashMap<PathBuf, Body>,
    pub(super) excerpts: KeptExcerpts,
    pub(super) pages: HashMap<PathBuf, Page>,
    /// The template sources the pages were rendered with.
    pub(super) templates: Option<super::Sources>,
    /// What the last render did: pages rendered and pages reused.
    pub(super) counts: Counts,
}

/// How many pages the last render made and how many it reused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pages rendered from their template.
    pub rendered: usize,
    /// Pages whose context was the same as in the previous render.
    pub reused: usize,
}

impl Memo {
    /// What the last render did.
    pub fn counts(&self) -> Counts {
        self.counts
    }
}

/// Kept excerpts by note path: what one build leaves for the next.
pub type KeptExcerpts = HashMap<PathBuf, KeptExcerpt>;

/// Each entry's excerpt for one build (the site's or the packet's): made
/// when first asked for, once per entry however many pages show it, from
/// the previous build's where it still holds (see [`KeptExcerpt::make`]).
pub(crate) struct Excerpts<'a> {
    journal: &'a Journal,
    max: usize,
    previous: Option<&'a KeptExcerpts>,
    keep: bool,
    /// Indexed like `journal.entries`.
    cells: Vec<OnceLock<KeptExcerpt>>,
}

impl<'a> Excerpts<'a> {
    /// Excerpts of at most `max` characters; kept for a next build if `keep`.
    pub(crate) fn new(
        journal: &'a Journal,
        max: usize,
        previous: Option<&'a KeptExcerpts>,
        keep: bool,
    ) -> Excerpts<'a> {
        Excerpts {
            journal,
            max,
            previous,
            keep,
            cells: journal.entries.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// `entry`'s excerpt.
    pub(crate) fn get(&self, entry: &Entry) -> String {
        let make = || {
            let previous = self.previous.and_then(|kept| kept.get(&entry.path));
            let shown = |dest: &str| self.journal.shows_wiki_target(dest);
            KeptExcerpt::make(&entry.body, self.max, shown, previous, self.keep)
        };
        match self.journal.index_of(entry).and_then(|i| self.cells.get(i)) {
            Some(cell) => cell.get_or_init(make).text.clone(),
            None => make().text,
        }
    }

    /// The excerpts made, for the next build (none unless kept).
    pub(crate) fn into_kept(self) -> KeptExcerpts {
        if !self.keep {
            return KeptExcerpts::new();
        }
        self.journal
            .entries
            .iter()
            .zip(self.cells)
            .filter_map(|(entry, cell)| Some((entry.path.clone(), cell.into_inner()?)))
            .collect()
    }
}

/// A link destination the renderer asked about, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Asked {
    url: String,
    image: bool,
    wiki: bool,
}

impl Asked {
    pub(super) fn new(dest: Dest<'_>) -> Asked {
        Asked {
            url: dest.url.to_string(),
            image: dest.image,
            wiki: dest.wiki,
        }
    }

    fn dest(&self) -> Dest<'_> {
        Dest {
            url: &self.url,
            image: self.image,
            wiki: self.wiki,
        }
    }
}

/// A body rendered to HTML (sanitized unless `raw_html`).
pub(super) struct Body {
    pub(super) markdown: Arc<str>,
    pub(super) raw_html: bool,
    pub(super) asked: Vec<(Asked, Rewrite)>,
    pub(super) html: Arc<str>,
}

impl Body {
    /// The HTML, if `markdown` renders the same way it did: same text, same
    /// setting, same answer to every link asked about. Asking again may
    /// have side effects the caller relies on (collecting assets).
    pub(super) fn reuse(
        &self,
        markdown: &Arc<str>,
        raw_html: bool,
        mut ask: impl FnMut(Dest<'_>) -> Rewrite,
    ) -> Option<&Arc<str>> {
        // An unchanged note's body is the very text kept: no need to read it.
        let same = self.raw_html == raw_html
            && (Arc::ptr_eq(&self.markdown, markdown) || self.markdown == *markdown)
            && self
                .asked
                .iter()
                .all(|(asked, answer)| ask(asked.dest()) == *answer);
        same.then_some(&self.html)
    }
}

/// A page: the template it was rendered with, what the template received
/// (its key, see `super::key`), and its bytes.
pub(super) struct Page {
    pub(super) template: &'static str,
    pub(super) key: Vec<u8>,
    pub(super) bytes: Bytes,
}

impl Page {
    /// The bytes, if `template` given the data `key` is what made them.
    pub(super) fn reuse(&self, template: &str, key: &[u8]) -> Option<Bytes> {
        (self.template == template && self.key == key).then(|| self.bytes.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_reused_only_when_every_answer_is_the_same() {
        let body = Body {
            markdown: "see [[a]]".into(),
            raw_html: false,
            asked: vec![(
                Asked::new(Dest {
                    url: "a",
                    image: false,
                    wiki: true,
                }),
                Rewrite::To("../goals/a.html".into()),
            )],
            html: "<p>see <a href=\"../goals/a.html\">a</a></p>".into(),
        };
        let to_a = |_: Dest<'_>| Rewrite::To("../goals/a.html".into());
        // The same text, whether or not it is the kept one itself.
        let same: Arc<str> = "see [[a]]".into();
        assert!(body.reuse(&same, false, to_a).is_some());
        assert!(body.reuse(&body.markdown, false, to_a).is_some());
        assert!(body.reuse(&same, true, to_a).is_none());
        assert!(body.reuse(&"see [[b]]".into(), false, to_a).is_none());
        assert!(body.reuse(&same, false, |_| Rewrite::Unlink).is_none());
        let mut asked = Vec::new();
        body.reuse(&same, false, |dest| {
            asked.push(dest.url.to_string());
            Rewrite::Keep
        });
        assert_eq!(asked, ["a"]);
    }

    #[test]
    fn a_page_is_reused_only_for_the_same_template_and_data() {
        let page = Page {
            template: "goal.html",
            key: br#"{"title":"a"}"#.to_vec(),
            bytes: Bytes::from_static(b"<p>a</p>"),
        };
        assert!(page.reuse("goal.html", br#"{"title":"a"}"#).is_some());
        assert!(page.reuse("update.html", br#"{"title":"a"}"#).is_none());
        assert!(page.reuse("goal.html", br#"{"title":"b"}"#).is_none());
    }
}
