//! dossier: validate a git journal of engineering notes and render it.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`discover`]: walk the journal, find the Markdown files that are entries.
//! 2. [`parse`]: split each file into frontmatter (YAML or TOML) and body,
//!    keeping byte positions ([`node`]).
//! 3. [`validate`]: read the frontmatter into typed [`entry`] values and run
//!    every rule, collecting [`diagnostic`]s instead of stopping.
//! 4. [`model`]: the valid entries as a [`model::Journal`], cross-references
//!    resolved, private entries left out unless asked for.
//! 5. [`render`]: Tera templates (embedded defaults, journal overrides) to
//!    pages; [`markdown`] renders bodies and rewrites links.
//! 6. [`write`](mod@write): the pages on disk, atomically.
//!
//! [`config`] reads `dossier.toml`; [`error`] holds operational failures.
//! The binary (`src/main.rs`) parses the command line ([`cli`]) and maps
//! outcomes to exit codes.

pub mod bounds;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod entry;
pub mod error;
pub mod fsread;
pub mod history;
pub mod init;
pub mod manual;
pub mod markdown;
pub mod model;
pub mod new;
pub mod node;
pub mod packet;
mod parallel;
pub mod parse;
pub mod pdf;
pub mod publish;
pub mod render;
pub mod schema;
pub mod serve;
pub mod stamp;
pub mod term;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Level, Report, Rule};
use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::history::Provenance;
use crate::model::Journal;

/// A journal read and validated: the input of every command.
pub struct Loaded {
    /// The journal folder.
    pub root: PathBuf,
    /// Every diagnostic found, sorted.
    pub report: Report,
    /// The settings.
    pub config: Config,
    /// The entries whose fields are valid.
    pub entries: Vec<Entry>,
    /// What git says about the notes.
    pub provenance: Provenance,
}

/// How to load a journal.
pub struct LoadOptions<'a> {
    /// The day rules compare dates with.
    pub today: Date,
    /// A folder not to read: the output folder, when it is inside the journal.
    pub exclude: Option<&'a Path>,
    /// Missing git history is an error rather than a note.
    pub require_history: bool,
    /// Start the history walk from the history cache and save it (see
    /// [`history`]); false reads the whole history and leaves the cache alone.
    pub history_cache: bool,
}

/// Reads and validates the journal at `root`, and reads its git history.
/// Paths in diagnostics are shown as `root` joined with the file's path, as
/// the user typed it.
pub fn load(root: &Path, options: &LoadOptions<'_>) -> Result<Loaded> {
    load_with(root, options, None)
}

/// [`load`], reusing what the previous load of `session` read where the
/// files did not change, and keeping this load's results there.
pub fn load_with(
    root: &Path,
    options: &LoadOptions<'_>,
    session: Option<&mut Session>,
) -> Result<Loaded> {
    if !root.is_dir() {
        return Err(Error::NotAJournal(root.to_path_buf()));
    }
    let shown_root = if root == Path::new(".") {
        Path::new("")
    } else {
        root
    };
    let mut report = Report::new();
    let config = Config::load(root, shown_root, &mut report);
    report.set_levels(config.rules.clone());
    if options.require_history {
        report.force_level(Rule::NoHistory, Level::Error);
    }

    let discovered = discover::discover(root, options.exclude);
    for (path, reason) in &discovered.problems {
        report.push(Diagnostic::global(
            Rule::Unreadable,
            format!("cannot read `{}`: {reason}", path.display()),
        ));
    }
    for (path, reason) in &discovered.symlinks {
        let file = report.add_file(&shown_root.join(path), String::new());
        report.push(
            Diagnostic::new(Rule::Symlink, file, 0..0, reason.clone())
                .with_hint("copy the file into the journal, or silence this with `symlink = \"allow\"` in [rules]"),
        );
    }
    let context = validate::Context {
        root,
        shown_root,
        config: &config,
        today: options.today,
        exclude: options.exclude,
    };
    // The history is read while the notes are validated: neither needs the
    // other until the provenance rules.
    let (memo, previous) = match session {
        Some(session) => (Some(&mut session.validate), session.history.take()),
        None => (None, None),
    };
    let (entries, provenance) = std::thread::scope(|scope| {
        let history = scope.spawn(|| Provenance::reload(root, options.history_cache, previous));
        let entries = validate::validate_with(&context, &discovered.candidates, &mut report, memo);
        let provenance = history
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (entries, provenance)
    });
    validate::provenance::check(&config, &entries, &provenance, options.today, &mut report);
    report.sort();
    Ok(Loaded {
        root: root.to_path_buf(),
        report,
        config,
        entries,
        provenance,
    })
}

/// What a build needs besides the journal.
pub struct BuildOptions {
    /// Include entries marked `private: true`.
    pub include_private: bool,
    /// The day the site is built for.
    pub today: Date,
    /// Keep raw HTML in bodies unsanitized (`--allow-raw-html`); the
    /// journal's `allow_raw_html` setting turns it on too.
    pub allow_raw_html: bool,
    /// What the site's packet shows beyond its defaults.
    pub packet: packet::PacketOptions,
}

/// What a long-running process (`serve`) keeps from one build to the next,
/// so that a rebuild redoes only what a change affects. Each stage keeps
/// its results with everything that went into them and reuses one only
/// when all of it is the same (see [`render::memo`]): a build with a
/// session gives the same files as one without.
#[derive(Default)]
pub struct Session {
    /// The templates of the last build, parsed.
    templates: Option<render::Templates>,
    /// The pages, bodies and excerpts of the last build.
    render: render::Memo,
    /// The packet's excerpts of the last build.
    packet: packet::Memo,
    /// The files read and checked by the last load.
    validate: validate::Memo,
    /// The history the last load read, once given back ([`Session::keep`]).
    history: Option<Provenance>,
}

impl Session {
    /// Keeps the history of a journal loaded with this session, for the next
    /// load to reuse while the repository is where it was.
    pub fn keep(&mut self, loaded: Loaded) {
        self.history = Some(loaded.provenance);
    }

    /// How many pages the last build rendered, and how many it reused.
    pub fn counts(&self) -> render::memo::Counts {
        self.render.counts()
    }
}

/// Renders the site of a loaded journal: pages, stylesheet and the assets
/// the notes link to. Refuses a journal with errors.
pub fn render_site(loaded: &Loaded, options: &BuildOptions) -> Result<write::Files> {
    render_site_with(loaded, options, None)
}

/// [`render_site`], reusing what the previous build of `session` made where
/// nothing it depends on changed, and keeping this build's results there.
pub fn render_site_with(
    loaded: &Loaded,
    options: &BuildOptions,
    session: Option<&mut Session>,
) -> Result<write::Files> {
    if loaded.report.has_errors() {
        return Err(Error::InvalidJournal(
            loaded.report.count(diagnostic::Severity::Error),
        ));
    }
    let sources = render::Sources::read(&loaded.root)?;
    let (templates, memo, packet_memo) = match session {
        Some(session) => {
            let Session {
                templates,
                render,
                packet,
                ..
            } = session;
            let templates_now = match templates.take() {
                Some(kept) if *kept.sources() == sources => kept,
                _ => render::Templates::parse(sources)?,
            };
            (
                &*templates.insert(templates_now),
                Some(render),
                Some(packet),
            )
        }
        None => (&render::Templates::parse(sources)?, None, None),
    };
    let journal = Journal::new(
        loaded.config.clone(),
        loaded.entries.clone(),
        options.include_private,
        options.today,
    );
    let history = match &loaded.provenance {
        Provenance::Available(history) => Some(history.as_ref()),
        _ => None,
    };
    let history = render::HistoryLines::new(&journal, history);
    let raw_html = options.allow_raw_html || loaded.config.allow_raw_html;
    // The packet of the default period (the last 12 months), never with
    // private entries, whatever the site includes: made on this thread (it
    // reads the repository, which cannot be shared) while the site renders
    // on another, since neither reads the other.
    let packet = || -> Result<bytes::Bytes> {
        let period = packet::Period::resolve(&loaded.config, options.today, None, None, None)
            .map_err(|message| Error::Template {
                name: "packet.html".into(),
                message,
            })?;
        // The site's journal is the public one unless it shows private notes.
        let public;
        let public_journal = if options.include_private {
            public = public_journal(loaded, options.today);
            &public
        } else {
            &journal
        };
        let packet = packet::Packet::build_kept(
            public_journal,
            &loaded.provenance,
            period,
            options.packet,
            packet_memo,
        );
        loaded.provenance.save_facts();
        Ok(templates.render_packet(&packet)?.into())
    };
    let (site, packet) = std::thread::scope(|scope| {
        let site =
            scope.spawn(|| render::render_site(&journal, &history, templates, raw_html, memo));
        let packet = packet();
        let site = site
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (site, packet)
    });
    // The site's error first, as when the two were made in turn.
    let mut files = site?;
    files.insert("packet.html".into(), packet?);
    for (path, bytes) in publish_assets(loaded, &journal) {
        files.insert(path, bytes.into());
    }
    // Every output path is made of plain names: nothing is written outside
    // the output folder, whatever a note links to or is named.
    if let Some(path) = files.keys().find(|path| !publish::stays_inside(path)) {
        return Err(Error::OutputRefused {
            path: path.clone(),
            reason: "this path would leave the output folder".into(),
        });
    }
    Ok(files)
}

/// The files the site's notes link to, as the published-asset policy lets
/// them out (see [`publish`]): the targets validation recorded, judged and
/// read again now. A file that changed meanwhile so that it may no longer
/// be published is left out.
fn publish_assets(loaded: &Loaded, journal: &Journal) -> Vec<(PathBuf, Vec<u8>)> {
    let targets: std::collections::BTreeSet<&Path> = journal
        .entries
        .iter()
        .flat_map(|entry| entry.links.iter())
        .filter_map(|link| match &link.target {
            entry::LinkTarget::Asset { path, .. } => Some(path.as_path()),
            _ => None,
        })
        .collect();
    let generated =
        publish::Generated::new(loaded.entries.iter().map(|e| (e.kind, e.slug.as_str())));
    let policy = publish::Policy {
        root: &loaded.root,
        max_size: loaded.config.max_asset_size,
        output: None,
        generated: &generated,
    };
    targets
        .into_iter()
        .filter_map(|path| Some((path.to_path_buf(), policy.publish(path).ok()?)))
        .collect()
}

/// The journal model for a packet: never with private entries.
fn public_journal(loaded: &Loaded, today: Date) -> Journal {
    Journal::new(loaded.config.clone(), loaded.entries.clone(), false, today)
}

/// The packet of a period as one self-contained HTML page.
pub fn render_packet(
    loaded: &Loaded,
    period: packet::Period,
    today: Date,
    options: packet::PacketOptions,
) -> Result<Vec<u8>> {
    let templates = render::Templates::load(&loaded.root)?;
    let journal = public_journal(loaded, today);
    let packet = packet::Packet::build_with(&journal, &loaded.provenance, period, options);
    loaded.provenance.save_facts();
    templates.render_packet(&packet)
}

/// The packet of a period as JSON: the data the packet template receives.
pub fn packet_json(
    loaded: &Loaded,
    period: packet::Period,
    today: Date,
    options: packet::PacketOptions,
) -> Result<Vec<u8>> {
    let journal = public_journal(loaded, today);
    let packet = packet::Packet::build_with(&journal, &loaded.provenance, period, options);
    loaded.provenance.save_facts();
    let mut bytes = serde_json::to_vec_pretty(&packet).map_err(|e| Error::Template {
        name: "packet.json".into(),
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(escape_json_for_html(&bytes))
}

/// JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`
/// (as Go's `encoding/json` does): the same data once parsed, but a note's
/// `<script>` cannot turn into markup if the file is pasted into a page or
/// opened as HTML. Those bytes only ever occur inside JSON strings, where the
/// escapes are valid.
fn escape_json_for_html(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    for &byte in json {
        match byte {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            _ => out.push(byte),
        }
    }
    out
}

/// The day to treat as today: `flag` (`--today`) if given, else
/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention), else the clock
/// in the local time zone.
pub fn resolve_today(flag: Option<&str>) -> std::result::Result<Date, String> {
    if let Some(text) = flag {
        return validate::fields::parse_date(text)
            .map_err(|e| format!("invalid --today `{text}`: {e}"));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("invalid SOURCE_DATE_EPOCH `{epoch}`"))?;
        let timestamp = jiff::Timestamp::from_second(seconds)
            .map_err(|e| format!("invalid SOURCE_DATE_EPOCH: {e}"))?;
        return bounds::date(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date())
            .map_err(|e| format!("invalid SOURCE_DATE_EPOCH `{epoch}`: {e}"));
    }
    Ok(jiff::Zoned::now().date())
}

/// The default output folder of a journal: `site/` inside it.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("site")
}
