//! How deep a body nests: Markdown containers and raw HTML elements
//! together, counted in one pass before anything quadratic sees the body
//! (the `too-deep` rule).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::Event;

use super::public_events;
use crate::diagnostic::{Diagnostic, FileId, Rule};

/// The deepest a body may nest: Markdown containers (quotes, lists, items,
/// emphasis, links...) and raw HTML elements open at once, counted as
/// [`too_deep`] counts them.
///
/// The HTML parser behind the sanitizer (html5ever, through ammonia) looks
/// through the elements open for most tags it reads, so its time grows with
/// the size times the nesting: 200,000 nested `<div>` (a 1 MB note) took
/// two minutes to build. Real notes nest a few levels; browsers stop at 512
/// (Blink). Raw HTML that opens a level past this one gets a `too-deep`
/// diagnostic, and [`render`](super::render) shows that body's raw HTML as text; Markdown
/// nested deeper (10,000 `>`, which pulldown-cmark reads in linear time) is
/// flattened at this depth by [`render`](super::render), its text kept. So building stays
/// linear, even when the rule is allowed.
pub const MAX_DEPTH: usize = 256;

/// HTML elements that never hold anything: they open no level.
pub(super) const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// HTML elements whose end tag may be left out: a new one closes the one
/// just before it, and an end tag closes them when they are in its way.
const OPTIONAL_END: &[&str] = &[
    "caption", "colgroup", "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc",
    "tbody", "td", "tfoot", "th", "thead", "tr",
];

/// How deep a body nests, read event by event (see [`MAX_DEPTH`]): the
/// Markdown containers open, plus the raw HTML elements open.
///
/// Raw HTML is read conservatively, in one pass: it may count deeper than a
/// browser would, never shallower. Every `<` followed by a letter opens an
/// element (in comments and attribute values too), except a void element
/// (`<br>`, `<img>`...); `<p>`, `<li>` and the others whose end tag may be
/// left out close one of their kind open just before them; an end tag
/// closes its element only when that is the innermost one open, or when
/// only elements whose end tag may be left out are open inside it; any
/// other end tag is ignored. Markdown's own structure cannot close raw
/// HTML elements.
#[derive(Default)]
pub(super) struct Depth {
    /// Markdown containers open.
    markdown: usize,
    /// The most Markdown containers open at once.
    pub(super) deepest_markdown: usize,
    /// Raw HTML elements open, innermost last, by lower-case name.
    html: Vec<Box<str>>,
    /// How many elements of each name `html` holds.
    open: HashMap<Box<str>, usize>,
    /// The byte offset of the raw HTML tag that first took the nesting
    /// past [`MAX_DEPTH`].
    pub(super) exceeded: Option<usize>,
}

impl Depth {
    fn depth(&self) -> usize {
        self.markdown + self.html.len()
    }

    /// Reads one event of `body`, found at `range`.
    pub(super) fn feed(&mut self, body: &str, event: &Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(_) => {
                self.markdown += 1;
                self.deepest_markdown = self.deepest_markdown.max(self.markdown);
            }
            Event::End(_) => self.markdown = self.markdown.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) if self.exceeded.is_none() => {
                // Where the event's text is in the body: the end of its
                // source (a quote's `> ` may come first), else its start.
                let base = match body.get(range.clone()) {
                    Some(source) if source.ends_with(&**html) => range.end - html.len(),
                    _ => range.start,
                };
                self.read_html(html, |at| (base + at).min(range.end.max(range.start)));
            }
            _ => {}
        }
    }

    /// Reads the tags in raw HTML; `place` turns an offset in `html` into
    /// one in the body.
    fn read_html(&mut self, html: &str, place: impl Fn(usize) -> usize) {
        let bytes = html.as_bytes();
        let mut from = 0;
        while let Some(found) = memchr::memchr(b'<', &bytes[from..]) {
            let at = from + found;
            let closing = bytes.get(at + 1) == Some(&b'/');
            let name_start = at + 1 + usize::from(closing);
            from = at + 1;
            if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let name_end = bytes[name_start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
                .map_or(bytes.len(), |len| name_start + len);
            from = name_end;
            let name = html[name_start..name_end].to_ascii_lowercase();
            if closing {
                self.close(&name);
            } else {
                self.open_element(name.into_boxed_str());
                if self.depth() > MAX_DEPTH {
                    self.exceeded = Some(place(at));
                    return;
                }
            }
        }
    }

    fn open_element(&mut self, name: Box<str>) {
        if VOID_ELEMENTS.contains(&&*name) {
            return;
        }
        if OPTIONAL_END.contains(&&*name) && self.html.last() == Some(&name) {
            // `<li>a<li>b`: the second closes the first.
            return;
        }
        *self.open.entry(name.clone()).or_default() += 1;
        self.html.push(name);
    }

    fn close(&mut self, name: &str) {
        if self.open.get(name).is_none_or(|n| *n == 0) {
            return;
        }
        let mut inner = self.html.len();
        while inner > 0
            && *self.html[inner - 1] != *name
            && OPTIONAL_END.contains(&&*self.html[inner - 1])
        {
            inner -= 1;
        }
        if inner > 0 && *self.html[inner - 1] == *name {
            for closed in self.html.drain(inner - 1..) {
                if let Some(n) = self.open.get_mut(&closed) {
                    *n -= 1;
                }
            }
        }
    }
}

/// Where raw HTML in `body` first opens a level deeper than [`MAX_DEPTH`]
/// (raw HTML elements and the Markdown containers around them, counted
/// conservatively: see [`MAX_DEPTH`]), as a byte offset in `body`; `None`
/// when it never does. Markdown alone never counts here: [`render`](super::render)
/// flattens it. One pass, linear in the size of `body`; [`render`](super::render) counts
/// the same way.
pub fn too_deep(body: &str) -> Option<usize> {
    let mut depth = Depth::default();
    for (event, range) in public_events(body) {
        depth.feed(body, &event, range);
        if depth.exceeded.is_some() {
            break;
        }
    }
    depth.exceeded
}

/// Checks a note's body for [`too_deep`] nesting: a `too-deep` diagnostic
/// where the nesting first goes past [`MAX_DEPTH`]. `body_start` is where
/// the body starts in the file.
pub fn check_depth(body: &str, body_start: usize, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(at) = too_deep(body) {
        let at = body_start + at;
        diagnostics.push(
            Diagnostic::new(
                Rule::TooDeep,
                file,
                at..at,
                format!(
                    "raw HTML nested more than {MAX_DEPTH} levels deep (HTML elements and Markdown quotes, lists and emphasis open at once)"
                ),
            )
            .with_label(format!("level {} opens here", MAX_DEPTH + 1))
            .with_hint(
                "close the HTML elements left open, or nest less; past this level the page shows this note's raw HTML as text",
            ),
        );
    }
}
