//! Markdown bodies: CommonMark with GitHub tables, task lists, strikethrough
//! and footnotes, through `pulldown-cmark`.
//!
//! Owns what is done with a body: finding its links (the `links` module:
//! with their positions, for the link rules; resolving a relative link to a
//! path inside the journal), measuring how deep it nests (`depth`), rendering
//! HTML with links rewritten by the caller, then sanitized (`sanitize`), and
//! its one-line excerpt.
//!
//! Wikilinks, as Obsidian and other note apps write them (`[[slug]]`,
//! `[[slug|label]]`, `[[goals/slug]]`, `[[slug#heading]]`), are links too:
//! [`WikiTarget`] reads their target and [`WikiTarget::resolve`] finds the
//! entry by slug. Inside code spans and blocks they are text, as any link.

use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

mod depth;
mod links;
mod sanitize;

use depth::Depth;
pub use depth::{MAX_DEPTH, check_depth, too_deep};
pub use links::{Link, Target, WikiTarget, classify, embed_candidates, links, resolve};
pub use sanitize::sanitize;

/// The Markdown extensions dossier turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
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
#[derive(Clone, Copy)]
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

/// What rendering does with fenced ```` ```private ```` blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrivateBlocks {
    /// Leave them out: what they hold never reaches the HTML. Every public
    /// page and every packet.
    Drop,
    /// Show them as written, each in a box marked "Private"
    /// (`<div class="private-block">`): a site built for the author's own
    /// eyes (`--include-private`).
    Show,
}

/// The opening of a private block shown: the box and its label.
const PRIVATE_BLOCK_OPEN: &str =
    "<div class=\"private-block\">\n<div class=\"private-label\">Private</div>\n";

/// Renders `body` to HTML, private blocks left out; `rewrite` decides about
/// every link and image destination.
pub fn render(body: &str, rewrite: impl FnMut(Dest<'_>) -> Rewrite) -> Rendered {
    render_with(body, PrivateBlocks::Drop, rewrite)
}

/// [`render`], with private blocks dropped or shown as `private` says.
pub fn render_with(
    body: &str,
    private: PrivateBlocks,
    mut rewrite: impl FnMut(Dest<'_>) -> Rewrite,
) -> Rendered {
    // The events are read first, to know how deep the body nests before
    // any of it is written.
    let mut depth = Depth::default();
    let source: Box<dyn Iterator<Item = (Event<'_>, Range<usize>)>> = match private {
        PrivateBlocks::Drop => Box::new(public_events(body)),
        PrivateBlocks::Show => Box::new(Parser::new_ext(body, options()).into_offset_iter()),
    };
    let events: Vec<Event<'_>> = source
        .map(|(event, range)| {
            depth.feed(body, &event, range);
            event
        })
        .collect();
    let mut links = Links::default();
    let plain = std::cell::Cell::new(true);
    let events = capped(events, &depth)
        .filter_map(|event| links.rewrite(event, &mut rewrite))
        .inspect(|event| {
            if !plain_event(event) {
                plain.set(false);
            }
        })
        .flat_map(page_structure);
    // Marked after the plain check: the box is dossier's, not the note's.
    let mut inside_private = false;
    let events = events.flat_map(move |event| {
        let (before, after) = if opens_private_block(&event) {
            inside_private = true;
            (Some(PRIVATE_BLOCK_OPEN), None)
        } else if inside_private && matches!(event, Event::End(TagEnd::CodeBlock)) {
            inside_private = false;
            (None, Some("</div>\n"))
        } else {
            (None, None)
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

/// The events of a body too deep for the sanitizer (see [`MAX_DEPTH`]):
/// raw HTML that nests too deep becomes text, and Markdown containers past
/// the limit are left out (their content stays), so that nothing nests
/// deeper than [`MAX_DEPTH`]. Other bodies' events as they are.
fn capped<'e>(events: Vec<Event<'e>>, depth: &Depth) -> impl Iterator<Item = Event<'e>> {
    let html_as_text = depth.exceeded.is_some();
    let flat = depth.deepest_markdown > MAX_DEPTH;
    let mut level = 0usize;
    events.into_iter().filter_map(move |event| match event {
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
    })
}

/// Rewrites links and images as the caller answers ([`Rewrite`]), keeping
/// track of what each open one became, to end it the same way.
#[derive(Default)]
struct Links {
    /// Links dropped (their text kept) still open.
    unlinked: usize,
    /// Inside a bare wikilink or embed to a private note: its text is not
    /// shown.
    hiding: bool,
    /// What each open image became.
    images: Vec<ImageAs>,
}

impl Links {
    fn rewrite<'e>(
        &mut self,
        event: Event<'e>,
        rewrite: &mut impl FnMut(Dest<'_>) -> Rewrite,
    ) -> Option<Event<'e>> {
        match event {
            Event::End(TagEnd::Link) if self.hiding => {
                self.hiding = false;
                self.unlinked -= 1;
                None
            }
            Event::End(TagEnd::Image) if self.hiding => {
                self.hiding = false;
                self.images.pop();
                None
            }
            _ if self.hiding => None,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let answer = rewrite(Dest {
                    url: &dest_url,
                    image: false,
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                });
                let dest_url = match answer {
                    Rewrite::Keep => dest_url,
                    Rewrite::To(url) | Rewrite::Page(url) => CowStr::from(url),
                    Rewrite::Unlink | Rewrite::Hide => {
                        self.unlinked += 1;
                        return self.hide(link_type);
                    }
                };
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Link) if self.unlinked > 0 => {
                self.unlinked -= 1;
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
                let (made, dest_url) = match answer {
                    Rewrite::Keep => (ImageAs::Image, dest_url),
                    Rewrite::To(url) => (ImageAs::Image, CowStr::from(url)),
                    Rewrite::Page(url) => (ImageAs::Link, CowStr::from(url)),
                    Rewrite::Hide if is_bare_wikilink(link_type) => {
                        self.images.push(ImageAs::Text);
                        return self.hide(link_type);
                    }
                    Rewrite::Unlink | Rewrite::Hide => {
                        self.images.push(ImageAs::Text);
                        return None;
                    }
                };
                self.images.push(made);
                Some(Event::Start(match made {
                    ImageAs::Link => Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    },
                    _ => Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    },
                }))
            }
            Event::End(TagEnd::Image) => match self.images.pop() {
                Some(ImageAs::Link) => Some(Event::End(TagEnd::Link)),
                Some(ImageAs::Text) => None,
                Some(ImageAs::Image) | None => Some(Event::End(TagEnd::Image)),
            },
            other => Some(other),
        }
    }

    /// A link or image dropped: a bare wikilink or embed (whose text is the
    /// note's slug) reads [`PRIVATE_LINK_TEXT`] instead of its text.
    fn hide<'e>(&mut self, link_type: LinkType) -> Option<Event<'e>> {
        if !is_bare_wikilink(link_type) {
            return None;
        }
        self.hiding = true;
        Some(Event::Text(CowStr::from(PRIVATE_LINK_TEXT)))
    }
}

/// Accessibility and page structure: a body heading is never an h1 (the
/// page has one), tables get a scrolling region keyboards can reach, and
/// task-list boxes get a name.
fn page_structure(event: Event<'_>) -> impl Iterator<Item = Event<'_>> {
    let (before, event, after): (Option<&str>, Event<'_>, Option<&str>) = match event {
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => {
            let heading = Tag::Heading {
                level: HeadingLevel::H2,
                id,
                classes,
                attrs,
            };
            (None, Event::Start(heading), None)
        }
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
            (None, Event::End(TagEnd::Heading(HeadingLevel::H2)), None)
        }
        Event::Start(Tag::Table(alignments)) => (
            Some(
                "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n",
            ),
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
}

/// True when `body` has headings and nothing else written: a scaffold's
/// sections never filled in (`## Notes`, `## Follow-ups`).
pub fn only_headings(body: &str) -> bool {
    let mut heading = 0usize;
    let mut any_heading = false;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                heading += 1;
                any_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => heading = heading.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if heading == 0 && !text.trim().is_empty() => {
                return false;
            }
            Event::Html(_) | Event::InlineHtml(_) | Event::Rule if heading == 0 => return false,
            Event::Start(Tag::Image { .. } | Tag::Link { .. } | Tag::CodeBlock(_))
                if heading == 0 =>
            {
                return false;
            }
            _ => {}
        }
    }
    any_heading
}

/// The text of the first heading of `body` (of any level; private blocks
/// left out), trimmed: what a page compares with a heading of its own so
/// as not to print it twice.
pub fn first_heading(body: &str) -> Option<String> {
    let mut text: Option<String> = None;
    for (event, _) in public_events(body) {
        match (event, text.as_mut()) {
            (Event::Start(Tag::Heading { .. }), None) => text = Some(String::new()),
            (Event::End(TagEnd::Heading(_)), Some(_)) => break,
            (Event::Text(t) | Event::Code(t), Some(text)) => text.push_str(&t),
            (Event::SoftBreak | Event::HardBreak, Some(text)) => text.push(' '),
            _ => {}
        }
    }
    text.map(|t| t.trim().to_string())
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
    one_line(&text, max)
}

/// The passage of `body` about something: the first paragraph, list item
/// or heading holding a link for which `links_to(dest)` is true, else the
/// first naming one of `names` (ignoring letter case and hyphens; names
/// shorter than 4 characters are not looked for), as one line of at most `max`
/// characters. `None` when no block does. Private blocks are skipped, and a
/// bare wikilink to a note not `shown` reads [`PRIVATE_LINK_TEXT`].
pub fn passage(
    body: &str,
    max: usize,
    links_to: impl Fn(&str) -> bool,
    names: &[&str],
    shown: impl Fn(&str) -> bool,
) -> Option<String> {
    // Compared in lower case and without hyphens: "on-call" names "oncall".
    let fold = |text: &str| text.to_lowercase().replace('-', "");
    let names: Vec<String> = names
        .iter()
        .map(|n| fold(n.trim()))
        .filter(|n| n.chars().count() >= 4)
        .collect();
    // The blocks open at this point, innermost last: text goes to the
    // innermost only, so the text kept is linear in the body.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut named: Option<String> = None;
    let mut hiding = false;
    for (event, _) in public_events(body) {
        match event {
            Event::End(TagEnd::Link) if hiding => hiding = false,
            _ if hiding => {}
            Event::Start(Tag::Paragraph | Tag::Item | Tag::Heading { .. }) => {
                open.push((String::new(), false));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                let Some((text, linked)) = open.pop() else {
                    continue;
                };
                if linked {
                    return Some(one_line(&text, max));
                }
                if named.is_none() {
                    let folded = fold(&text);
                    if names.iter().any(|name| folded.contains(name.as_str())) {
                        named = Some(one_line(&text, max));
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if let Some((text, linked)) = open.last_mut() {
                    *linked |= links_to(&dest_url);
                    if is_bare_wikilink(link_type) && !shown(&dest_url) {
                        hiding = true;
                        text.push_str(PRIVATE_LINK_TEXT);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _)) = open.last_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((text, _)) = open.last_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    named
}

/// `text` on one line, cut at a word to at most `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod scaffold_tests {
    #[test]
    fn a_body_of_headings_only_is_a_scaffold() {
        assert!(super::only_headings("## Notes\n\n## Follow-ups\n"));
        assert!(!super::only_headings("## Notes\n\nMarcus asked.\n"));
        assert!(!super::only_headings("## Notes\n- [ ] \n- x\n"));
        assert!(!super::only_headings("Text only.\n"));
        assert!(!super::only_headings(""));
        assert!(!super::only_headings("## Notes\n\n```\n\n```\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::depth::VOID_ELEMENTS;
    use super::sanitize::is_data_url;
    use super::*;
    use crate::entry::Kind;
    use std::path::{Path, PathBuf};

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
    fn the_passage_about_a_goal_is_the_block_that_links_to_it_or_names_it() {
        let body = "Checkout fan-out at 10%.\n\n\
                    - Ledger: dual writes on for [all merchants](../goals/ledger.md).\n\
                    - Gateway schema reviewed with [[graphql-gateway]].\n\n\
                    ## Next\n\nThe GraphQL gateway load test.\n";
        let to = |slug: &'static str| move |dest: &str| dest.contains(slug);
        let all = |_: &str| true;
        // The list item with the link, not the first line.
        assert_eq!(
            passage(body, 200, to("ledger"), &["Ledger migration"], all).as_deref(),
            Some("Ledger: dual writes on for all merchants.")
        );
        // A link beats a mention: the wikilink's item, not the paragraph.
        assert_eq!(
            passage(body, 200, to("graphql-gateway"), &["GraphQL gateway"], all).as_deref(),
            Some("Gateway schema reviewed with graphql-gateway.")
        );
        // No link: the first block naming it, in any letter case.
        assert_eq!(
            passage(body, 200, to("nothing"), &["graphql GATEWAY"], all).as_deref(),
            Some("The GraphQL gateway load test.")
        );
        // Hyphens do not matter: "on-call" names "oncall".
        assert_eq!(
            passage(
                "Fewer pages.\n\nThe on-call rota.\n",
                200,
                to("x"),
                &["oncall"],
                all
            )
            .as_deref(),
            Some("The on-call rota.")
        );
        // Named nowhere (only in `goals:`): nothing to quote.
        assert_eq!(
            passage(body, 200, to("search"), &["Search relevance"], all),
            None
        );
        // Too short a name is not looked for; a long passage is cut.
        assert_eq!(passage(body, 200, to("x"), &["Nex"], all), None);
        assert_eq!(
            passage(body, 20, to("ledger"), &[], all).as_deref(),
            Some("Ledger: dual writes…")
        );
    }

    #[test]
    fn a_passage_never_shows_a_private_block_or_a_private_note() {
        let body = "```private\nThe ledger SECRET\n```\n\nSee [[hidden-note]] for the ledger.\n";
        let found = passage(
            body,
            200,
            |_| false,
            &["ledger"],
            |dest| dest != "hidden-note",
        );
        assert_eq!(found.as_deref(), Some("See (private note) for the ledger."));
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
    fn private_blocks_shown_are_marked_and_survive_the_sanitizer() {
        let body = "Public.\n\n```private\nSECRET-MARKER <b>\n```\n\n- item\n\n  ~~~private notes\n  NESTED-MARKER\n  ~~~\n\n```rust\nlet x = 1;\n```\n";
        let shown = render_with(body, PrivateBlocks::Show, |_| Rewrite::Keep);
        assert!(
            shown.plain,
            "the box is dossier's, not raw HTML of the note"
        );
        for html in [shown.html.clone(), sanitize(&shown.html)] {
            assert!(
                html.contains(
                    "<div class=\"private-block\">\n<div class=\"private-label\">Private</div>\n\
                     <pre><code class=\"language-private\">SECRET-MARKER &lt;b&gt;\n</code></pre>\n</div>"
                ),
                "{html}"
            );
            assert!(html.contains("NESTED-MARKER"), "{html}");
            assert_eq!(html.matches("<div class=\"private-block\">").count(), 2);
            assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
            assert!(html.contains("let x = 1;"), "{html}");
            // Only private blocks are boxed.
            assert_eq!(html.matches("Private</div>").count(), 2, "{html}");
        }
        let dropped = render_with(body, PrivateBlocks::Drop, |_| Rewrite::Keep).html;
        assert_eq!(dropped, render(body, |_| Rewrite::Keep).html);
        assert!(!dropped.contains("MARKER"), "{dropped}");
        assert!(!dropped.contains("private"), "{dropped}");
    }

    #[test]
    fn the_first_heading_is_found_at_any_level() {
        assert_eq!(first_heading("## Notes\n\nText."), Some("Notes".into()));
        assert_eq!(
            first_heading("Intro.\n\n#### Meeting *notes*  \n\n# Later"),
            Some("Meeting notes".into())
        );
        assert_eq!(first_heading("Notes\n=====\n"), Some("Notes".into()));
        assert_eq!(
            first_heading("```private\n# Secret\n```\n\n## `Notes`"),
            Some("Notes".into())
        );
        assert_eq!(first_heading("No heading.\n\n    # code"), None);
        assert_eq!(first_heading("##\n"), Some(String::new()));
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
