//! Markdown bodies: CommonMark with GitHub tables, task lists, strikethrough
//! and footnotes, through `pulldown-cmark`.
//!
//! Owns the three things done with a body: finding its links (with their
//! positions, for the `broken-link` rule), resolving a relative link to a path
//! inside the journal, and rendering HTML with links rewritten by the caller.
//!
//! Wikilinks, as Obsidian and other note apps write them (`[[slug]]`,
//! `[[slug|label]]`, `[[goals/slug]]`, `[[slug#heading]]`), are links too:
//! [`WikiTarget`] reads their target and [`WikiTarget::resolve`] finds the
//! entry by slug. Inside code spans and blocks they are text, as any link.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::entry::Kind;

/// The Markdown extensions dossier turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// A link or image in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The destination as written.
    pub dest: String,
    /// Byte range of the destination (or of the whole link) in the body.
    pub span: Range<usize>,
    /// True for `![image](...)`.
    pub image: bool,
    /// True for a wikilink (`[[slug]]`): `dest` is the target as written
    /// between the brackets, before any `|label`.
    pub wiki: bool,
}

/// The target of a wikilink: `slug`, `goals/slug`, `slug#heading`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WikiTarget {
    /// The kind named by a folder (`[[goals/slug]]`), if any.
    pub kind: Option<Kind>,
    /// The entry's slug (a trailing `.md` is dropped).
    pub slug: String,
    /// The `#heading`, if any (without `#`).
    pub fragment: Option<String>,
}

impl WikiTarget {
    /// Reads a wikilink's target. `None` for a link to a heading of the same
    /// note (`[[#heading]]`).
    pub fn parse(dest: &str) -> Option<WikiTarget> {
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.trim().to_string())),
            None => (dest, None),
        };
        let path = path.trim().trim_start_matches('/');
        if path.is_empty() {
            return None;
        }
        let (folder, name) = match path.rsplit_once('/') {
            Some((folder, name)) => (Some(folder), name),
            None => (None, path),
        };
        let kind = folder.and_then(|folder| {
            let top = folder.split('/').next().unwrap_or(folder);
            Kind::from_folder(top)
        });
        let slug = match name.rsplit_once('.') {
            Some((stem, _)) if crate::publish::has_markdown_extension(name.as_bytes()) => stem,
            _ => name,
        }
        .to_string();
        Some(WikiTarget {
            kind,
            slug,
            fragment: fragment.filter(|f| !f.is_empty()),
        })
    }

    /// The kind of the entry the link goes to, given which (kind, slug)
    /// pairs exist. Without a folder, goals come first, then meetings, then
    /// updates.
    pub fn resolve(&self, exists: impl Fn(Kind, &str) -> bool) -> Option<Kind> {
        match self.kind {
            Some(kind) => exists(kind, &self.slug).then_some(kind),
            None => [Kind::Goal, Kind::Meeting, Kind::Update]
                .into_iter()
                .find(|kind| exists(*kind, &self.slug)),
        }
    }
}

/// A link or image destination as the renderer asks about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dest<'a> {
    /// The destination as written (for a wikilink, its target).
    pub url: &'a str,
    /// True for an image.
    pub image: bool,
    /// True for a wikilink.
    pub wiki: bool,
}

/// True for the opening of a fenced block whose info string is `private`.
fn opens_private_block(event: &Event<'_>) -> bool {
    matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
        if info.split_whitespace().next() == Some("private"))
}

/// The events of `body` with fenced ```` ```private ```` blocks removed:
/// what they hold never reaches a page.
fn public_events<'a>(body: &'a str) -> impl Iterator<Item = (Event<'a>, Range<usize>)> {
    let mut inside = false;
    Parser::new_ext(body, options())
        .into_offset_iter()
        .filter(move |(event, _)| {
            if inside {
                if matches!(event, Event::End(TagEnd::CodeBlock)) {
                    inside = false;
                }
                return false;
            }
            if opens_private_block(event) {
                inside = true;
                return false;
            }
            true
        })
}

/// The deepest a body may nest: Markdown containers (quotes, lists, items,
/// emphasis, links...) and raw HTML elements open at once, counted as
/// [`too_deep`] counts them.
///
/// The HTML parser behind the sanitizer (html5ever, through ammonia) looks
/// through the elements open for most tags it reads, so its time grows with
/// the size times the nesting: 200,000 nested `<div>` (a 1 MB note) took
/// two minutes to build. Real notes nest a few levels; browsers stop at 512
/// (Blink). Raw HTML that opens a level past this one gets a `too-deep`
/// diagnostic, and [`render`] shows that body's raw HTML as text; Markdown
/// nested deeper (10,000 `>`, which pulldown-cmark reads in linear time) is
/// flattened at this depth by [`render`], its text kept. So building stays
/// linear, even when the rule is allowed.
pub const MAX_DEPTH: usize = 256;

/// HTML elements that never hold anything: they open no level.
const VOID_ELEMENTS: &[&str] = &[
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
struct Depth {
    /// Markdown containers open.
    markdown: usize,
    /// The most Markdown containers open at once.
    deepest_markdown: usize,
    /// Raw HTML elements open, innermost last, by lower-case name.
    html: Vec<Box<str>>,
    /// How many elements of each name `html` holds.
    open: HashMap<Box<str>, usize>,
    /// The byte offset of the raw HTML tag that first took the nesting
    /// past [`MAX_DEPTH`].
    exceeded: Option<usize>,
}

impl Depth {
    fn depth(&self) -> usize {
        self.markdown + self.html.len()
    }

    /// Reads one event of `body`, found at `range`.
    fn feed(&mut self, body: &str, event: &Event<'_>, range: Range<usize>) {
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
/// when it never does. Markdown alone never counts here: [`render`]
/// flattens it. One pass, linear in the size of `body`; [`render`] counts
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

/// Every link and image in `body`, in order.
///
/// A link's span is found in its own source only, never in what it holds:
/// images nest (`![![x](a)](b)`), and searching each one's whole source
/// for its destination would cost the square of the nesting.
pub fn links(body: &str) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    // The links and images open around the current event: their index in
    // `out`, the range of their source, and where their text ends so far
    // (`None` for a wikilink, whose span is known from its start).
    let mut open: Vec<(usize, Range<usize>, Option<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let (dest, image, link_type) = match &event {
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => (dest_url, false, link_type),
            Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => (dest_url, true, link_type),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some((index, range, text_end)) = open.pop() else {
                    continue;
                };
                if let Some((_, _, Some(parent_text_end))) = open.last_mut() {
                    *parent_text_end = (*parent_text_end).max(range.end);
                }
                let Some(text_end) = text_end else { continue };
                let link = &mut out[index];
                // Point at the destination itself when it is written inline:
                // after the link's text (`](dest "title")`), or as the whole
                // of an autolink (`<https://...>`, which has no other text).
                let tail = text_end.clamp(range.start, range.end);
                let found = body[tail..range.end]
                    .rfind(link.dest.as_str())
                    .map(|at| tail + at)
                    .or_else(|| {
                        let source = &body[range.clone()];
                        (source.len() <= link.dest.len() + 2)
                            .then(|| source.find(link.dest.as_str()))
                            .flatten()
                            .map(|at| range.start + at)
                    });
                link.span = match found {
                    Some(at) if !link.dest.is_empty() => at..at + link.dest.len(),
                    _ => range,
                };
                continue;
            }
            _ => {
                if let Some((_, _, Some(text_end))) = open.last_mut() {
                    *text_end = (*text_end).max(range.end);
                }
                continue;
            }
        };
        let wiki = matches!(link_type, LinkType::WikiLink { .. });
        let dest = dest.to_string();
        if wiki {
            // Point at the target between the brackets (`[[`, `![[`).
            let head = (dest.len() + 3).min(range.end - range.start);
            let start = body
                .get(range.start..range.start + head)
                .and_then(|source| source.find(dest.as_str()))
                .map_or(range.start, |at| range.start + at);
            let span = start..start + dest.len();
            out.push(Link {
                dest,
                span,
                image,
                wiki,
            });
            open.push((out.len() - 1, range, None));
            continue;
        }
        // The text starts after `[` or `![`; the span is set at the end.
        let text_start = range.start + if image { 2 } else { 1 };
        out.push(Link {
            dest,
            span: range.clone(),
            image,
            wiki,
        });
        open.push((out.len() - 1, range, Some(text_start)));
    }
    out
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A URL with a scheme (`https:`, `mailto:`...) or protocol-relative.
    External,
    /// Only a fragment (`#section`) or empty.
    Fragment,
    /// A path in the journal: relative to the note, or to the journal root
    /// when it starts with `/`. Percent-escapes are decoded.
    Local {
        /// The path part.
        path: String,
        /// The `#fragment`, if any (without `#`).
        fragment: Option<String>,
    },
}

/// Classifies a link destination.
pub fn classify(dest: &str) -> Target {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') {
        return Target::Fragment;
    }
    if dest.starts_with("//") || has_scheme(dest) {
        return Target::External;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_string())),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    Target::Local {
        path: percent_decode(path),
        fragment,
    }
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Resolves a local link written in the note at `from` (relative to the
/// journal root) to a normalized path relative to the root. `None` when the
/// link climbs out of the journal.
pub fn resolve(from: &Path, path: &str) -> Option<PathBuf> {
    let joined = match path.strip_prefix('/') {
        Some(rooted) => PathBuf::from(rooted),
        None => from.parent().unwrap_or(Path::new("")).join(path),
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Where an embed (`![[plan.png]]`) may be, in the order tried: next to
/// the note, at the journal root, in `assets/`. Obsidian finds attachments by
/// name anywhere; dossier looks in these three places only.
pub fn embed_candidates(from: &Path, name: &str) -> Vec<PathBuf> {
    let name = name.split_once('#').map_or(name, |(path, _)| path).trim();
    let name = name.split_once('|').map_or(name, |(path, _)| path).trim();
    let mut out = Vec::new();
    for path in [
        resolve(from, name),
        resolve(Path::new(""), name),
        resolve(Path::new("assets/x"), name),
    ]
    .into_iter()
    .flatten()
    {
        if !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// What to do with a link when rendering.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Rewrite {
    /// Leave it as written.
    Keep,
    /// Point it somewhere else.
    To(String),
    /// A link to this page: an image or embed becomes a link whose text is
    /// its alt text (an embed of a note links to the note's page).
    Page(String),
    /// Drop the link, keep its text (a file that is not published). A
    /// wikilink without a label (`[[slug]]`) becomes [`PRIVATE_LINK_TEXT`].
    Unlink,
    /// Drop the link to a note left out of the site, keep its text; a
    /// wikilink or embed without a label (`[[slug]]`, `![[slug]]`), whose
    /// text is the note's slug, becomes [`PRIVATE_LINK_TEXT`] instead.
    Hide,
}

/// What a wikilink without a label to a note left out shows: not its slug,
/// which may say what the private note is about.
pub const PRIVATE_LINK_TEXT: &str = "(private note)";

/// True for a wikilink whose text is its target (`[[slug]]`).
fn is_bare_wikilink(link_type: LinkType) -> bool {
    matches!(link_type, LinkType::WikiLink { has_pothole: false })
}

/// What an image of a body became.
enum ImageAs {
    /// An image.
    Image,
    /// A link (an embed of a note).
    Link,
    /// Its alt text only.
    Text,
}

/// A body rendered to HTML, as pulldown-cmark wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// True when the body holds only what [`sanitize`] would keep as it is:
    /// no raw HTML, no GitHub alert, every link and image URL `http:`,
    /// `https:`, `mailto:`, `tel:` or relative, every code-block language one
    /// printable word (see `plain_event`). The HTML is then safe without the
    /// sanitizer, which costs three times the rendering itself.
    pub plain: bool,
}

impl Rendered {
    /// The HTML safe to put in a page: as it is when [`plain`](Self::plain),
    /// else through [`sanitize`].
    pub fn into_safe_html(self) -> String {
        if self.plain {
            self.html
        } else {
            sanitize(&self.html)
        }
    }
}

/// True for a URL that [`sanitize`] keeps as it is, read conservatively:
/// one of the allowed schemes in lower case, or a relative URL (no `:`
/// before the first `/`, `?` or `#`) with no control character or space
/// (which a browser would skip or drop while reading the scheme).
fn plain_url(url: &str) -> bool {
    if ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
    {
        return true;
    }
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    !before_path.contains(':') && !url.chars().any(|c| c <= ' ' || c == '\u{7f}')
}

/// False for a source event whose HTML [`sanitize`] would change: raw HTML,
/// a GitHub alert (its class is not kept), a heading with attributes, a
/// code-block language with spaces or controls, a link or image whose URL
/// is not [`plain_url`]. Links and images are judged on their final URL.
fn plain_event(event: &Event<'_>) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::BlockQuote(Some(_))) => false,
        Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) => id.is_none() && classes.is_empty() && attrs.is_empty(),
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => info
            .split(' ')
            .next()
            .unwrap_or("")
            .chars()
            .all(|c| c.is_ascii_graphic()),
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            plain_url(dest_url)
        }
        _ => true,
    }
}

/// Renders `body` to HTML; `rewrite` decides about every link and image
/// destination.
pub fn render(body: &str, mut rewrite: impl FnMut(Dest<'_>) -> Rewrite) -> Rendered {
    // The events are read first, to know how deep the body nests before
    // any of it is written.
    let mut depth = Depth::default();
    let events: Vec<Event<'_>> = public_events(body)
        .map(|(event, range)| {
            depth.feed(body, &event, range);
            event
        })
        .collect();
    // Too deep for the sanitizer (see `MAX_DEPTH`): raw HTML that nests too
    // deep becomes text, and Markdown containers past the limit are left out
    // (their content stays), so that nothing nests deeper than `MAX_DEPTH`.
    let html_as_text = depth.exceeded.is_some();
    let flat = depth.deepest_markdown > MAX_DEPTH;
    let mut level = 0usize;
    let events = events.into_iter().filter_map(move |event| match event {
        Event::Html(html) | Event::InlineHtml(html) if html_as_text => Some(Event::Text(html)),
        _ if !flat => Some(event),
        Event::Start(_) => {
            level += 1;
            (level <= MAX_DEPTH).then_some(event)
        }
        Event::End(_) => {
            let kept = level <= MAX_DEPTH;
            level = level.saturating_sub(1);
            kept.then_some(event)
        }
        other => Some(other),
    });
    let mut unlinked = 0usize;
    // Inside a bare wikilink to a private note: its text is not shown.
    let mut hiding = false;
    // What each open image became, to end it the same way.
    let mut images: Vec<ImageAs> = Vec::new();
    let plain = std::cell::Cell::new(true);
    let events = events
        .filter_map(|event| match event {
            Event::End(TagEnd::Link) if hiding => {
                hiding = false;
                unlinked -= 1;
                None
            }
            Event::End(TagEnd::Image) if hiding => {
                hiding = false;
                images.pop();
                None
            }
            _ if hiding => None,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match rewrite(Dest {
                url: &dest_url,
                image: false,
                wiki: matches!(link_type, LinkType::WikiLink { .. }),
            }) {
                Rewrite::Keep => Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })),
                Rewrite::To(url) | Rewrite::Page(url) => Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                })),
                Rewrite::Unlink | Rewrite::Hide if is_bare_wikilink(link_type) => {
                    unlinked += 1;
                    hiding = true;
                    Some(Event::Text(CowStr::from(PRIVATE_LINK_TEXT)))
                }
                Rewrite::Unlink | Rewrite::Hide => {
                    unlinked += 1;
                    None
                }
            },
            Event::End(TagEnd::Link) if unlinked > 0 => {
                unlinked -= 1;
                None
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let answer = rewrite(Dest {
                    url: &dest_url,
                    image: true,
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                });
                let (made, event) = match answer {
                    Rewrite::Keep => (ImageAs::Image, Some(dest_url)),
                    Rewrite::To(url) => (ImageAs::Image, Some(CowStr::from(url))),
                    Rewrite::Page(url) => {
                        images.push(ImageAs::Link);
                        return Some(Event::Start(Tag::Link {
                            link_type,
                            dest_url: CowStr::from(url),
                            title,
                            id,
                        }));
                    }
                    Rewrite::Hide if is_bare_wikilink(link_type) => {
                        images.push(ImageAs::Text);
                        hiding = true;
                        return Some(Event::Text(CowStr::from(PRIVATE_LINK_TEXT)));
                    }
                    Rewrite::Unlink | Rewrite::Hide => (ImageAs::Text, None),
                };
                images.push(made);
                event.map(|dest_url| {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                })
            }
            Event::End(TagEnd::Image) => match images.pop() {
                Some(ImageAs::Link) => Some(Event::End(TagEnd::Link)),
                Some(ImageAs::Text) => None,
                Some(ImageAs::Image) | None => Some(Event::End(TagEnd::Image)),
            },
            other => Some(other),
        })
        .inspect(|event| {
            if !plain_event(event) {
                plain.set(false);
            }
        });
    // Accessibility and page structure: a body heading is never an h1 (the
    // page has one), tables get a scrolling region keyboards can reach, and
    // task-list boxes get a name.
    let events = events.flat_map(|event| {
        let (before, event, after): (Option<&str>, Event<'_>, Option<&str>) = match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, id, classes, attrs }) => {
                (None, Event::Start(Tag::Heading { level: HeadingLevel::H2, id, classes, attrs }), None)
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => (None, Event::End(TagEnd::Heading(HeadingLevel::H2)), None),
            Event::Start(Tag::Table(alignments)) => (
                Some("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n"),
                Event::Start(Tag::Table(alignments)),
                None,
            ),
            Event::End(TagEnd::Table) => (None, Event::End(TagEnd::Table), Some("</div>\n")),
            Event::TaskListMarker(done) => {
                let html = if done {
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\">\n"
                } else {
                    "<input disabled=\"\" type=\"checkbox\" aria-label=\"To do\">\n"
                };
                (None, Event::InlineHtml(CowStr::from(html)), None)
            }
            other => (None, other, None),
        };
        before
            .map(|h| Event::Html(CowStr::from(h)))
            .into_iter()
            .chain(std::iter::once(event))
            .chain(after.map(|h| Event::Html(CowStr::from(h))))
    });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered {
        html,
        plain: plain.get(),
    }
}

/// The data URLs an `<img src>` may keep: raster images, base64-encoded.
/// SVG is left out (it may carry script when opened on its own).
const DATA_IMAGES: [&str; 4] = [
    "data:image/png;base64,",
    "data:image/jpeg;base64,",
    "data:image/gif;base64,",
    "data:image/webp;base64,",
];

/// The classes a body may keep: those pulldown-cmark and dossier produce.
fn keeps_class(class: &str) -> bool {
    class.starts_with("language-")
        || matches!(
            class,
            "table-wrap"
                | "footnote-definition"
                | "footnote-definition-label"
                | "footnote-reference"
        )
}

/// The sanitizer for rendered bodies, configured once.
///
/// The policy: ammonia's default tags (no `script`, `style`, `iframe`,
/// `object`, `embed`, `form`, `svg`, `math`), plus `input` for task-list
/// boxes (only `type="checkbox"`, `checked`, `disabled`, `aria-label`); no
/// event handlers; URLs only `http:`, `https:`, `mailto:`, `tel:` or
/// relative, and `data:image/{png,jpeg,gif,webp};base64,` in an
/// `<img src>` only; `style` only as `text-align: left|center|right` on
/// table cells; `class` only the classes pulldown-cmark and dossier produce;
/// `id` only on footnote definitions and headings; the table wrapper keeps
/// its `role`, `aria-label` and `tabindex`.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(["input"])
            .url_schemes(["http", "https", "mailto", "tel", "data"].into())
            .link_rel(None)
            .add_tag_attributes("a", ["rel"])
            // Not `set_tag_attribute_value`: it adds attributes in hash order,
            // which would make builds differ from one run to the next.
            .add_tag_attributes("input", ["checked", "aria-label", "disabled", "type"])
            .add_tag_attributes("div", ["class", "id", "role", "aria-label", "tabindex"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("h2", ["id"])
            .add_tag_attributes("h3", ["id"])
            .add_tag_attributes("h4", ["id"])
            .add_tag_attributes("h5", ["id"])
            .add_tag_attributes("h6", ["id"])
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                (_, "style") => matches!(
                    value.trim().trim_end_matches(';').trim(),
                    "text-align: left" | "text-align: center" | "text-align: right"
                )
                .then(|| value.into()),
                (_, "class") => {
                    let kept: Vec<&str> = value
                        .split_whitespace()
                        .filter(|c| keeps_class(c))
                        .collect();
                    (!kept.is_empty()).then(|| kept.join(" ").into())
                }
                ("input", "type") => (value == "checkbox").then(|| value.into()),
                ("div", "role") => (value == "region").then(|| value.into()),
                ("div", "tabindex") => (value == "0").then(|| value.into()),
                ("img", "src") if is_data_url(value) => {
                    let lower = value.to_ascii_lowercase();
                    DATA_IMAGES
                        .iter()
                        .any(|prefix| lower.starts_with(prefix))
                        .then(|| value.into())
                }
                _ if is_data_url(value) => None,
                _ => Some(value.into()),
            });
        builder
    })
}

/// True when `value` is a `data:` URL as a browser reads it (the URL
/// standard's preprocessing): leading and trailing C0 controls and spaces
/// skipped, tabs and newlines anywhere dropped, the scheme in any case. So
/// `" da\tta:"` and `"DATA:"` count; entities are already decoded here.
fn is_data_url(value: &str) -> bool {
    let scheme: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(5)
        .collect();
    scheme.eq_ignore_ascii_case("data:")
}

/// Sanitizes rendered body HTML (the policy is described on the private `sanitizer`): what a
/// note's raw HTML or links hold can run no script in a reader's browser.
pub fn sanitize(html: &str) -> String {
    sanitizer().clean(html).to_string()
}

/// The first paragraph of plain text in `body`, cut at `max` characters.
pub fn excerpt(body: &str, max: usize) -> String {
    excerpt_shown(body, max, |_| true)
}

/// [`excerpt`], where a wikilink without a label whose target is not
/// `shown` (a private note) reads [`PRIVATE_LINK_TEXT`], not the slug.
pub fn excerpt_shown(body: &str, max: usize, mut shown: impl FnMut(&str) -> bool) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    let mut started = false;
    let mut hiding = false;
    for (event, _) in public_events(body) {
        match event {
            Event::End(TagEnd::Link) if hiding => hiding = false,
            _ if hiding => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if depth > 0 && is_bare_wikilink(link_type) && !shown(&dest_url) => {
                hiding = true;
                started = true;
                text.push_str(PRIVATE_LINK_TEXT);
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) => {
                depth += 1;
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                depth = depth.saturating_sub(1);
                if started && depth == 0 {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => {
                started = true;
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak if depth > 0 => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How deep the elements of `html` nest, as a browser would read it.
    fn html_depth(html: &str) -> usize {
        let (mut depth, mut deepest) = (0usize, 0usize);
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let end = rest.find('>').unwrap_or(rest.len());
            let tag = &rest[..end];
            let name = tag
                .trim_start_matches('/')
                .split([' ', '/'])
                .next()
                .unwrap_or("");
            if tag.starts_with('!') || VOID_ELEMENTS.contains(&name) || tag.ends_with('/') {
                continue;
            }
            if tag.starts_with('/') {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        deepest
    }

    #[test]
    fn depth_counts_markdown_and_raw_html_together() {
        let divs = |n: usize| format!("<div>{}x\n", "<div>".repeat(n - 1));
        // An HTML block is one Markdown level: the 256th `<div>` is level 257.
        let body = divs(MAX_DEPTH + 44);
        let at = too_deep(&body).unwrap();
        assert!(body[at..].starts_with("<div>"), "{at}");
        assert_eq!(body[..at].matches("<div>").count(), MAX_DEPTH - 1);
        assert_eq!(too_deep(&divs(MAX_DEPTH - 1)), None);
        // Inline, inside a paragraph and a quote.
        let body = format!("> a {}\n", "<span>".repeat(MAX_DEPTH));
        let at = too_deep(&body).unwrap();
        assert_eq!(body[..at].matches("<span>").count(), MAX_DEPTH - 2);
        // Markdown alone is not reported (`render` flattens it)...
        for body in [
            format!("{} deep\n", ">".repeat(MAX_DEPTH + 1)),
            format!("{}item\n", "- ".repeat(MAX_DEPTH)),
            format!(
                "{}x{}\n",
                "*".repeat(2 * MAX_DEPTH),
                "*".repeat(2 * MAX_DEPTH)
            ),
            format!(
                "{}x{}\n",
                "![".repeat(MAX_DEPTH + 1),
                "](u)".repeat(MAX_DEPTH + 1)
            ),
        ] {
            assert_eq!(too_deep(&body), None, "{body}");
            let mut depth = Depth::default();
            for (event, range) in public_events(&body) {
                depth.feed(&body, &event, range);
            }
            assert!(depth.deepest_markdown > MAX_DEPTH, "{body}");
        }
        // ...but raw HTML inside it is: its first tag opens a level too many.
        let body = format!("{} a <b>x</b>\n", ">".repeat(MAX_DEPTH));
        let at = too_deep(&body).unwrap();
        assert!(body[at..].starts_with("<b>"), "{}", &body[at..]);
        assert_eq!(
            too_deep(&format!("{} a <b>x</b>\n", ">".repeat(MAX_DEPTH - 2))),
            None
        );
        // Text, code and private blocks are not nesting.
        let code = format!(
            "`{}`\n\n```\n{}\n```\n",
            "<div>".repeat(1_000),
            "<div>".repeat(1_000)
        );
        assert_eq!(too_deep(&code), None);
        let private = format!("```private\n{}\n```\n", "<div>".repeat(1_000));
        assert_eq!(too_deep(&private), None);
    }

    #[test]
    fn depth_reads_raw_html_conservatively() {
        let many = |html: &str| format!("{}\n", html.repeat(1_000));
        // Closed, void, or closed by the next of their kind: shallow.
        for html in [
            "<div></div>",
            "<br><img src=x><input><hr/>",
            "<p>para",
            "<ul><li>a<li>b</ul>",
            "<table><tr><td>a<td>b</table>",
            "<DIV class=\"x\">a</div >",
            "<details><summary>s</summary>text</details>",
        ] {
            assert_eq!(too_deep(&many(html)), None, "{html}");
        }
        // What a browser keeps open (or may), counted open.
        for html in [
            "<div>",
            "<span><div></span>",
            "<p><b id=1></p>",
            "<b><i></b></i>",
            "<div></span>",
            "<!-- <div> -->",
            "<a title='<div>'>x</a>",
            "<svg><path/>",
        ] {
            assert!(too_deep(&many(html)).is_some(), "{html}");
        }
        // Markdown between raw tags does not close them.
        let spread: String = (0..MAX_DEPTH + 1).map(|_| "<div>\n\ntext\n\n").collect();
        assert!(too_deep(&spread).is_some());
    }

    #[test]
    fn a_body_too_deep_renders_flat_with_its_html_as_text() {
        let body = format!(
            "<div>{}x\n\n[a](javascript:alert(1))\n",
            "<div>".repeat(100_000)
        );
        let rendered = render(&body, |_| Rewrite::Keep);
        assert!(!rendered.html.contains("<div>"), "raw HTML stays text");
        assert!(rendered.html.contains("&lt;div&gt;&lt;div&gt;"));
        let html = rendered.into_safe_html();
        assert!(!html.contains("javascript"), "still sanitized");
        assert!(html_depth(&html) <= MAX_DEPTH);
        // Markdown nested past the limit is flattened, its text kept.
        let body = format!("{} [deep](javascript:x) text\n", ">".repeat(10_000));
        let rendered = render(&body, |_| Rewrite::Keep);
        assert_eq!(rendered.html.matches("<blockquote>").count(), MAX_DEPTH);
        assert_eq!(rendered.html.matches("</blockquote>").count(), MAX_DEPTH);
        let html = rendered.into_safe_html();
        assert!(html.contains("deep") && html.contains("text"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html_depth(&html) <= MAX_DEPTH + 1);
        // Under the limit nothing changes.
        let body = "<div><b>x</b></div>\n\n> > quote\n";
        let rendered = render(body, |_| Rewrite::Keep);
        assert!(
            rendered.html.contains("<div><b>x</b></div>"),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn nested_links_point_at_their_own_destinations() {
        let body = "![![![x](a.png)](b.png)](c.png) [t ![i](in.png)](out.md) [r][ref] <https://e.example/x>\n\n[ref]: r.md\n";
        let found = links(body);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|l| (l.dest.as_str(), &body[l.span.clone()]))
            .collect();
        assert_eq!(
            shown,
            [
                ("c.png", "c.png"),
                ("b.png", "b.png"),
                ("a.png", "a.png"),
                ("out.md", "out.md"),
                ("in.png", "in.png"),
                ("r.md", "[r][ref]"),
                ("https://e.example/x", "https://e.example/x"),
            ]
        );
    }

    #[test]
    fn links_have_positions() {
        let body = "See [ledger](../goals/ledger.md#plan) and ![d](../assets/d.svg).\n";
        let links = links(body);
        assert_eq!(links.len(), 2);
        assert_eq!(&body[links[0].span.clone()], "../goals/ledger.md#plan");
        assert!(links[1].image);
    }

    #[test]
    fn wikilinks_are_links_outside_code() {
        let body = "See [[goals/ledger#Plan|the plan]] and ![[plan.png]].\n\n`[[not]]`\n";
        let links = links(body);
        assert_eq!(links.len(), 2, "{links:?}");
        assert!(links[0].wiki && !links[0].image);
        assert_eq!(&body[links[0].span.clone()], "goals/ledger#Plan");
        assert!(links[1].wiki && links[1].image);
        assert_eq!(links[1].dest, "plan.png");
    }

    #[test]
    fn wiki_targets_parse_and_resolve() {
        let target = WikiTarget::parse("goals/nested/ledger.md#Plan").unwrap();
        assert_eq!(
            target,
            WikiTarget {
                kind: Some(Kind::Goal),
                slug: "ledger".into(),
                fragment: Some("Plan".into())
            }
        );
        assert_eq!(WikiTarget::parse("#Heading"), None);
        let plain = WikiTarget::parse("x").unwrap();
        let all = |_: Kind, slug: &str| slug == "x";
        assert_eq!(plain.resolve(all), Some(Kind::Goal));
        let not_goal = |kind: Kind, _: &str| kind != Kind::Goal;
        assert_eq!(plain.resolve(not_goal), Some(Kind::Meeting));
        let updates = |kind: Kind, _: &str| kind == Kind::Update;
        assert_eq!(plain.resolve(updates), Some(Kind::Update));
        let in_goals = WikiTarget::parse("goals/x").unwrap();
        assert_eq!(in_goals.resolve(updates), None);
        assert_eq!(
            embed_candidates(Path::new("goals/a.md"), "plan.png"),
            [
                PathBuf::from("goals/plan.png"),
                PathBuf::from("plan.png"),
                PathBuf::from("assets/plan.png")
            ]
        );
    }

    #[test]
    fn classify_and_resolve() {
        assert_eq!(classify("https://example.com"), Target::External);
        assert_eq!(classify("mailto:a@b.c"), Target::External);
        assert_eq!(classify("#x"), Target::Fragment);
        assert_eq!(
            classify("../goals/my%20goal.md#a"),
            Target::Local {
                path: "../goals/my goal.md".into(),
                fragment: Some("a".into())
            }
        );
        let from = Path::new("updates/2026-01-02.md");
        assert_eq!(
            resolve(from, "../goals/a.md"),
            Some(PathBuf::from("goals/a.md"))
        );
        assert_eq!(
            resolve(from, "/assets/x.png"),
            Some(PathBuf::from("assets/x.png"))
        );
        assert_eq!(resolve(from, "../../etc/passwd"), None);
    }

    #[test]
    fn render_rewrites_and_unlinks() {
        let html = render(
            "[a](a.md) [b](b.md) [c](https://x.org)",
            |dest| match dest.url {
                "a.md" => Rewrite::To("a.html".into()),
                "b.md" => Rewrite::Unlink,
                _ => Rewrite::Keep,
            },
        )
        .html;
        assert_eq!(
            html,
            "<p><a href=\"a.html\">a</a> b <a href=\"https://x.org\">c</a></p>\n"
        );
    }

    #[test]
    fn gfm_extensions_are_on() {
        let html = render(
            "| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~ [^1]\n\n[^1]: note\n",
            |_| Rewrite::Keep,
        )
        .html;
        assert!(html.contains("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n<table>"));
        assert!(html.contains("aria-label=\"Done\""), "{html}");
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn body_headings_are_never_h1() {
        let html = render("# Title\n\n## Sub\n", |_| Rewrite::Keep).html;
        assert_eq!(html, "<h2>Title</h2>\n<h2>Sub</h2>\n");
    }

    #[test]
    fn private_blocks_never_render() {
        let body = "Public.\n\n```private\nSECRET-MARKER\n```\n\n```rust\nlet x = 1;\n```\n";
        let html = render(body, |_| Rewrite::Keep).html;
        assert!(!html.contains("SECRET-MARKER"), "{html}");
        assert!(html.contains("let x = 1;"), "other code blocks stay");
        assert_eq!(
            excerpt("```private\nSECRET\n```\n\nVisible.", 50),
            "Visible."
        );
    }

    #[test]
    fn excerpts_are_one_line() {
        assert_eq!(
            excerpt("# Title\n\nFirst *para*\ncontinues.\n\nSecond.", 100),
            "First para continues."
        );
        assert_eq!(excerpt("Alpha beta gamma delta", 12), "Alpha beta…");
    }

    /// Renders `body` as the site does by default: rendered, then sanitized.
    fn clean(body: &str) -> String {
        render(body, |_| Rewrite::Keep).into_safe_html()
    }

    #[test]
    fn sanitize_drops_scripts_and_handlers() {
        for body in [
            "<script>alert(1)</script>",
            "Text <script src=x></script> more",
            "<img src=x onerror=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<object data=x></object><embed src=x>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<style>body{display:none}</style>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "<base href=\"https://evil.example/\">",
            "<form action=x><input type=text name=q></form>",
            "<p onmouseover='x'>hover</p>",
        ] {
            let html = clean(body).to_ascii_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "onmouseover",
                "<iframe",
                "<object",
                "<embed",
                "<svg",
                "<math",
                "<style",
                "<meta",
                "<base",
                "<form",
                "javascript:",
                "type=\"text\"",
            ] {
                assert!(!html.contains(bad), "{bad} survived {body:?}: {html}");
            }
        }
    }

    #[test]
    fn sanitize_drops_script_urls_however_written() {
        for body in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\"&#x6A;avascript&#58;alert(1)\">x</a>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<a href=\"java&#9;script:alert(1)\">x</a>",
            "<a href=\" \x01javascript:alert(1)\">x</a>",
            "<javascript:alert(1)>",
            "[x](vbscript:msgbox(1))",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            "<a href=\"DATA:text/html,<script>alert(1)</script>\">x</a>",
            "<a href=\"da&#9;ta:text/html,x\">x</a>",
            "[x](data:text/html,hi)",
            "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
            "<img src=\"data:text/html,x\">",
        ] {
            let html = clean(body);
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("href=\"javascript"), "{body:?}: {html}");
            assert!(!lower.contains("href=\"vbscript"), "{body:?}: {html}");
            assert!(!lower.contains("href=\"data:"), "{body:?}: {html}");
            assert!(!lower.contains("src=\"data:"), "{body:?}: {html}");
            assert!(!lower.contains("=\"javascript"), "{body:?}: {html}");
        }
    }

    #[test]
    fn sanitize_keeps_what_markdown_produces() {
        let body = "## Plan\n\n- [x] done\n- [ ] next\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n\
                    ```rust\nlet x = 1;\n```\n\nSee[^1] and [site](https://example.com \"Title\"), \
                    <mailto:me@example.com>, [rel](../goals/g.html#h).\n\n\
                    ![png](data:image/png;base64,iVBORw0KGgo=) <kbd>Ctrl</kbd> ~~old~~\n\n[^1]: A note.\n";
        let raw = render(body, |_| Rewrite::Keep).html;
        let html = sanitize(&raw);
        for kept in [
            "<h2>Plan</h2>",
            "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\">",
            "<input disabled=\"\" type=\"checkbox\" aria-label=\"To do\">",
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">",
            "<th style=\"text-align: center\">a</th>",
            "<code class=\"language-rust\">",
            "class=\"footnote-reference\"",
            "class=\"footnote-definition\" id=\"1\"",
            "<a href=\"https://example.com\" title=\"Title\">site</a>",
            "<a href=\"mailto:me@example.com\">",
            "<a href=\"../goals/g.html#h\">rel</a>",
            "src=\"data:image/png;base64,iVBORw0KGgo=\"",
            "<kbd>Ctrl</kbd>",
            "<del>old</del>",
        ] {
            assert!(
                html.contains(kept),
                "{kept} was lost:\n{html}\nfrom:\n{raw}"
            );
        }
    }

    #[test]
    fn sanitize_escapes_text_and_attribute_breakouts() {
        let html = clean(
            "[x](https://e.example \"\\\"><script>alert(1)</script>\") & <b title='\"><x'>b</b>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&amp;"), "{html}");
        assert!(!html.contains("<x"), "{html}");
    }

    /// The sanitizer with every tag, attribute and scheme allowed: it only
    /// parses and writes the HTML again, as [`sanitize`] does.
    fn reserialize(html: &str) -> String {
        ammonia::Builder::empty()
            .tags(
                [
                    "a",
                    "b",
                    "blockquote",
                    "br",
                    "code",
                    "del",
                    "div",
                    "em",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "hr",
                    "i",
                    "img",
                    "input",
                    "li",
                    "ol",
                    "p",
                    "pre",
                    "s",
                    "span",
                    "strong",
                    "sup",
                    "table",
                    "tbody",
                    "td",
                    "th",
                    "thead",
                    "tr",
                    "ul",
                    "script",
                    "style",
                    "iframe",
                    "svg",
                    "math",
                    "form",
                    "object",
                    "embed",
                ]
                .into(),
            )
            .generic_attribute_prefixes([""].into())
            .clean_content_tags(std::collections::HashSet::new())
            .url_schemes(
                [
                    "http",
                    "https",
                    "mailto",
                    "tel",
                    "data",
                    "javascript",
                    "vbscript",
                    "file",
                    "blob",
                    "ftp",
                    "about",
                ]
                .into(),
            )
            .link_rel(None)
            .strip_comments(false)
            .clean(html)
            .to_string()
    }

    /// Notes as people write them: every one renders without the sanitizer.
    const PLAIN_BODIES: &[&str] = &[
        "# Plan\n\nSome *text* with **bold**, `code` and ~~old~~.\n",
        "- [x] done\n- [ ] next\n  1. nested\n  2. list\n",
        "3. starts at three\n4. four\n\n> a quote\n> > nested\n",
        "| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n",
        "```rust\nfn main() { println!(\"<script>\"); }\n```\n\n```\nplain\n```\n",
        "    indented <b>code</b>\n",
        "See[^1] and [^note].\n\n[^1]: One.\n[^note]: Two & 3 < 4 > 2.\n",
        "[site](https://example.com \"A \\\"title\\\"\"), [mail](mailto:me@example.com), <https://e.example/?a=1&b=2>, <me@example.com>, [tel](tel:+15551234)\n",
        "[rel](../goals/g.md#h), [q](?x=1), [frag](#top), [up](../../x y.md), [[wiki-link]], [[goals/g|label]], ![[plan.png]]\n",
        "![alt *text*](img/plan.png \"t\") and ![ref][r]\n\n[r]: https://example.com/a.png\n",
        "Text with &amp; entities &lt;b&gt; &#x27; &quot; and a \\<not html>.\n\nHard  \nbreak\n\n---\n",
        "Setext\n======\n\nSub\n---\n\n#### h4 ####\n",
        "Unicode: é ü 日本語 🎉, \"quotes\" 'single' <, >, &.\n",
        "```c++ \nx\n```\n\n~~~text  extra words\nx\n~~~\n",
    ];

    #[test]
    fn plain_bodies_need_no_sanitizer() {
        for body in PLAIN_BODIES {
            let rendered = render(body, |_| Rewrite::Keep);
            assert!(
                rendered.plain,
                "{body:?} took the sanitizer: {}",
                rendered.html
            );
            assert_eq!(
                sanitize(&rendered.html),
                reserialize(&rendered.html),
                "the sanitizer changes {body:?}"
            );
        }
    }

    #[test]
    fn example_notes_rendered_plain_are_what_the_sanitizer_keeps() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-journal");
        let mut plain = 0;
        for folder in ["goals", "updates", "meetings"] {
            for file in std::fs::read_dir(root.join(folder)).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                let rendered = render(&text, |_| Rewrite::Keep);
                if rendered.plain {
                    plain += 1;
                    assert_eq!(sanitize(&rendered.html), reserialize(&rendered.html));
                }
            }
        }
        assert!(plain >= 20, "only {plain} example notes rendered plain");
    }

    #[test]
    fn raw_html_and_unusual_urls_take_the_sanitizer() {
        for body in [
            "<b>bold</b>",
            "text <span>inline</span>",
            "<!-- comment -->",
            "> [!NOTE]\n> An alert.\n",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](HTTP://example.com)",
            "[x](<java script:alert(1)>)",
            "[x](<\tjavascript:alert(1)>)",
            "[x](java&#9;script:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "<javascript:alert(1)>",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html,hi)",
            "![x](data:image/png;base64,iVBORw0KGgo=)",
            "![x](javascript:alert(1))",
            "[x](foo:bar)",
            "```a\u{1}b\nx\n```\n",
            "```rust\u{a0}x\nx\n```\n",
        ] {
            let rendered = render(body, |_| Rewrite::Keep);
            assert!(
                !rendered.plain,
                "{body:?} skipped the sanitizer: {}",
                rendered.html
            );
        }
        // A rewritten URL is judged as written out, not as in the note.
        let rewritten = render("[x](javascript:alert(1))", |_| {
            Rewrite::To("../goals/g.html".into())
        });
        assert!(rewritten.plain, "{}", rewritten.html);
    }

    #[test]
    fn plain_urls() {
        for url in [
            "https://e.example",
            "http://x",
            "mailto:a@b",
            "tel:1",
            "../a.html",
            "a/b:c",
            "?q=a:b",
            "#x:y",
            "",
        ] {
            assert!(plain_url(url), "{url:?}");
        }
        for url in [
            "javascript:x",
            "HTTPS://x",
            "data:x",
            " https://x",
            "a b",
            "a\tb",
            "x\u{7f}",
            "c:\\x",
        ] {
            assert!(!plain_url(url), "{url:?}");
        }
    }

    #[test]
    fn is_data_url_reads_urls_as_browsers_do() {
        for url in [
            "data:x",
            "DATA:x",
            " \tdata:x",
            "da\tta:x",
            "d\na\rta:x",
            "\u{1}data:x",
        ] {
            assert!(is_data_url(url), "{url:?}");
        }
        for url in ["https://data:x", "dat", "datax:", "/data:x"] {
            assert!(!is_data_url(url), "{url:?}");
        }
    }
}
