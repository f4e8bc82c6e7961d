//! A body's links: finding them with their positions, reading wikilink
//! targets, classifying a destination and resolving a relative one to a
//! path inside the journal.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::options;
use crate::entry::Kind;

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
    /// updates, then feedback.
    pub fn resolve(&self, exists: impl Fn(Kind, &str) -> bool) -> Option<Kind> {
        match self.kind {
            Some(kind) => exists(kind, &self.slug).then_some(kind),
            None => [Kind::Goal, Kind::Meeting, Kind::Update, Kind::Feedback]
                .into_iter()
                .find(|kind| exists(*kind, &self.slug)),
        }
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
