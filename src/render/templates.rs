//! The templates: the defaults embedded in the binary, a journal's
//! `templates/` overrides read under the file-reading rule, parsed once
//! (a unit of [`Reuse`]).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::fsread;
use crate::incremental::{Key, Reuse, Unit};

/// The default templates, embedded at build time.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "dashboard.html",
        include_str!("../../templates/dashboard.html"),
    ),
    ("goal.html", include_str!("../../templates/goal.html")),
    ("cadence.html", include_str!("../../templates/cadence.html")),
    (
        "provenance.html",
        include_str!("../../templates/provenance.html"),
    ),
    ("update.html", include_str!("../../templates/update.html")),
    ("meeting.html", include_str!("../../templates/meeting.html")),
    ("summary.html", include_str!("../../templates/summary.html")),
    (
        "feedback.html",
        include_str!("../../templates/feedback.html"),
    ),
    ("goals.html", include_str!("../../templates/goals.html")),
    ("updates.html", include_str!("../../templates/updates.html")),
    (
        "meetings.html",
        include_str!("../../templates/meetings.html"),
    ),
    ("people.html", include_str!("../../templates/people.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("ladder.html", include_str!("../../templates/ladder.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("packet.html", include_str!("../../templates/packet.html")),
];

/// The default stylesheet, copied to `style.css` (overridable the same way).
pub(crate) const DEFAULT_STYLESHEET: &str = include_str!("../../templates/style.css");

/// The packet's stylesheet, inlined into the page (overridable as `packet.css`).
pub(crate) const DEFAULT_PACKET_STYLESHEET: &str = include_str!("../../templates/packet.css");

/// The template sources of one build: the defaults with the journal's
/// overrides, as text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Sources {
    templates: BTreeMap<String, String>,
    pub(super) stylesheet: String,
    packet_stylesheet: String,
}

impl Sources {
    /// The defaults, then every file of the journal's `templates/` folder
    /// (in `root`), which replaces the default of the same name. Files are
    /// read under the file-reading rule ([`crate::fsread`]): a `templates`
    /// folder or a template that is a symbolic link, or a special file, is
    /// not read (the default stays; `check` names it, see
    /// [`crate::discover`]).
    pub(crate) fn read(root: &Path) -> Result<Sources> {
        let mut templates: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut stylesheet = DEFAULT_STYLESHEET.to_string();
        let mut packet_stylesheet = DEFAULT_PACKET_STYLESHEET.to_string();
        let folder = Path::new(crate::discover::TEMPLATES_FOLDER);
        let dir = root.join(folder);
        let is_folder = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
        if is_folder {
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .map_err(Error::io("read folder", &dir))?
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with('.'))
                .collect();
            names.sort();
            for name in names {
                let relative = folder.join(&name);
                let bytes = match fsread::read_under(root, &relative, TEMPLATE_SIZE_LIMIT) {
                    Ok(bytes) => bytes,
                    Err(fsread::ReadError::Symlink(_) | fsread::ReadError::NotAFile(_)) => continue,
                    Err(error) => {
                        return Err(Error::Template {
                            name,
                            message: format!(
                                "cannot read `{}`: {error}",
                                dir.join(&relative).display()
                            ),
                        });
                    }
                };
                let text = String::from_utf8(bytes).map_err(|_| Error::Template {
                    name: name.clone(),
                    message: "the file is not UTF-8 text".into(),
                })?;
                if name == "style.css" {
                    stylesheet = text;
                } else if name == "packet.css" {
                    packet_stylesheet = text;
                } else if name.ends_with(".html") {
                    templates.insert(name, text);
                }
            }
        }
        Ok(Sources {
            templates,
            stylesheet,
            packet_stylesheet,
        })
    }
}

/// The largest template or stylesheet read from the journal.
const TEMPLATE_SIZE_LIMIT: u64 = 5_000_000;

/// The templates of one build, parsed.
pub(crate) struct Templates {
    tera: Tera,
    sources: Sources,
    /// The key of the sources: pages are reused only with the same.
    pub(super) key: Key,
}

impl Templates {
    /// Loads the defaults, then every file of the journal's `templates/`
    /// (in `root`), which replaces the default of the same name. Parsing
    /// is a unit of [`Reuse`], keyed by the sources.
    pub(crate) fn load(root: &Path, reuse: Reuse<'_>) -> Result<Arc<Templates>> {
        let sources = Sources::read(root)?;
        reuse.try_get_or(
            Unit::Templates,
            || Some(crate::incremental::key(&sources)),
            || Templates::parse(sources.clone()).map(Arc::new),
        )
    }

    /// Parses the templates of `sources`.
    pub(crate) fn parse(sources: Sources) -> Result<Templates> {
        let mut tera = Tera::default();
        tera.autoescape_on([".html"]);
        // All at once, so that a template may use components (or include
        // partials) defined in another one whatever their names.
        tera.add_raw_templates(sources.templates.iter())
            .map_err(|error| {
                let name = match error.kind() {
                    tera::ErrorKind::SyntaxError(report)
                    | tera::ErrorKind::RenderingError(report) => report.filename().to_string(),
                    _ => "templates".to_string(),
                };
                template_error(&name, &error)
            })?;
        let key = crate::incremental::key(&sources);
        Ok(Templates { tera, sources, key })
    }

    /// The sources these templates were parsed from.
    pub(crate) fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Renders the packet page: `packet.html` with the packet as `packet`
    /// and its stylesheet inlined as `packet_css`.
    pub(crate) fn render_packet(&self, packet: &crate::packet::Packet) -> Result<Vec<u8>> {
        let mut context = Context::new();
        context.insert("packet", packet);
        context.insert("packet_css", &self.sources.packet_stylesheet);
        self.render("packet.html", &context)
    }

    pub(super) fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|error| template_error(name, &error))?;
        Ok(out)
    }
}

fn template_error(name: &str, error: &tera::Error) -> Error {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    Error::Template {
        name: name.to_string(),
        message,
    }
}
