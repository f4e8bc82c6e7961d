//! dossier: validate a git journal of engineering notes and render it.
//!
//! The pipeline, one module per stage, as [`load`] and [`site`] run it:
//!
//! ```text
//! config → discover → (check each file ∥ read history) → cross-file rules
//!        → model → (site ∥ packet) → write
//! ```
//!
//! [`config`] reads `dossier.toml`; `discover` finds the notes; the
//! `validate` stage reads, parses ([`parse`]) and checks each file on its
//! own while [`history`] walks git, then runs the rules across files; the
//! `model` is the valid entries as a `model::Journal`; `render` makes
//! the pages and [`packet`] the promotion packet; [`write`](mod@write) puts
//! them on disk, atomically. Every problem in the user's files is a
//! [`diagnostic`]; what stops a command is an [`error`].
//!
//! Beside the stages: [`publish`] (what may leave the journal),
//! [`fsread`] (how any file is read), [`source`] (where the journal's files
//! come from: the working tree or the git index), `bounds` (the limits on
//! every value),
//! [`markdown`], [`fields`], `cadence`, [`term`] (what is printed), and
//! [`incremental`], the one place where reuse between builds lives: a
//! one-shot command passes [`Reuse::NONE`], `dossier serve` a [`Session`]'s
//! build. The subcommands are in [`commands`]; the binary maps outcomes to
//! exit codes. docs/ARCHITECTURE.md has the map. Modules named without a
//! link are private to the crate: the public surface is what the binary,
//! the tests, the benches and the fuzz targets use.

mod bounds;
mod cadence;
pub mod commands;
pub mod config;
pub mod diagnostic;
mod discover;
pub mod entry;
pub mod error;
pub mod fields;
pub mod fsread;
pub mod history;
pub mod incremental;
pub mod markdown;
mod model;
pub mod node;
pub mod packet;
pub mod parse;
pub mod publish;
mod render;
pub mod schema;
pub mod source;
pub mod stamp;
pub mod term;
mod validate;
pub mod write;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

pub use crate::incremental::{Reuse, Session};

use crate::config::Config;
use crate::diagnostic::{Level, Report, Rule, Severity};
use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::history::Provenance;
use crate::model::Journal;
use crate::source::Source;

/// A journal read and checked: what every command starts from.
pub struct Loaded {
    /// The journal folder.
    pub root: PathBuf,
    /// Every diagnostic found, sorted.
    pub report: Report,
    /// The settings.
    pub config: Config,
    /// The entries whose fields are valid, each link's target resolved.
    pub entries: Vec<Entry>,
    /// What git says about the notes.
    pub provenance: Provenance,
    /// The active goals nothing touched for longer than `stale_days` (the
    /// `stale-goal` rule's findings; none without history).
    pub stale_goals: Vec<entry::StaleGoal>,
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
    /// Read the journal's files from the git index rather than the working
    /// tree ([`source::Source::Index`], `check --staged`). The history is
    /// read as it is either way. Meant for one-shot checks: pass
    /// [`Reuse::NONE`] with it.
    pub staged: bool,
}

/// Reads and checks the journal at `root`, and reads its git history: the
/// stages up to the cross-file rules. Paths in diagnostics are shown as
/// `root` joined with the file's path, as the user typed it. The files come
/// from the working tree, or from the git index with `options.staged`.
pub fn load(root: &Path, options: &LoadOptions<'_>, reuse: Reuse<'_>) -> Result<Loaded> {
    if !root.is_dir() {
        return Err(Error::NotAJournal(root.to_path_buf()));
    }
    let source = if options.staged {
        Source::index(root)?
    } else {
        Source::WorkingTree
    };
    let shown_root = if root == Path::new(".") {
        Path::new("")
    } else {
        root
    };
    let mut report = Report::new();
    let config = Config::load_from(&source, root, shown_root, &mut report);
    report.set_levels(config.rules.clone());
    if options.require_history {
        report.force_level(Rule::NoHistory, Level::Error);
    }
    let discovered = discover::discover_from(&source, root, options.exclude);
    discovered.report(shown_root, &mut report);
    let context = validate::Context {
        root,
        source: &source,
        shown_root,
        config: &config,
        today: options.today,
        exclude: options.exclude,
    };
    // Each file is checked while the history is read: neither needs the
    // other until the history's own rules.
    let (files, provenance) = std::thread::scope(|scope| {
        let history = scope.spawn(|| reuse.history(root, options.history_cache));
        let files = validate::files(&context, &discovered.candidates, &mut report, reuse);
        (files, join(history))
    });
    let entries = validate::rules(&context, files, &mut report, reuse);
    let stale_goals =
        validate::provenance::check(&config, &entries, &provenance, options.today, &mut report);
    report.sort();
    Ok(Loaded {
        root: root.to_path_buf(),
        report,
        config,
        entries,
        provenance,
        stale_goals,
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

/// The site of a loaded journal, in memory: the model, then the pages and
/// the packet of the default period ([`packet::Period::default_for`]) side by side, then the files the
/// notes link to. Refuses a journal with errors.
pub fn site(loaded: &Loaded, options: &BuildOptions, reuse: Reuse<'_>) -> Result<publish::Files> {
    if loaded.report.has_errors() {
        return Err(Error::InvalidJournal(loaded.report.count(Severity::Error)));
    }
    let templates = render::Templates::load(&loaded.root, reuse)?;
    let journal = model(loaded, options.include_private, options.today);
    // The packet never shows private notes, whatever the site does.
    let public = options
        .include_private
        .then(|| model(loaded, false, options.today));
    let period = packet::Period::default_for(&loaded.config, options.today);
    let raw_html = options.allow_raw_html || loaded.config.allow_raw_html;
    let public = public.as_ref().unwrap_or(&journal);
    // One read of the history's facts for both: every goal's statuses for
    // the site, and what the packet shows.
    let mut wanted = journal.goal_statuses();
    wanted.extend(packet::wanted(public, &period));
    let facts = facts_of(loaded, &wanted, reuse);
    let (site, packet) = std::thread::scope(|scope| {
        let site = scope.spawn(|| {
            render::render_site(
                &journal,
                &loaded.provenance,
                &facts,
                &templates,
                raw_html,
                reuse,
            )
        });
        let packet = packet::Packet::build(
            public,
            &loaded.provenance,
            &facts,
            period,
            options.packet,
            reuse,
        );
        (join(site), templates.render_packet(&packet))
    });
    let mut files = site?;
    files.insert("packet.html".into(), packet?.into());
    files.extend(publish::assets(
        &loaded.root,
        &loaded.config,
        &journal.entries,
    ));
    Ok(files)
}

/// The packet of a period as one self-contained HTML page.
pub fn packet_html(
    loaded: &Loaded,
    period: packet::Period,
    today: Date,
    options: packet::PacketOptions,
) -> Result<Vec<u8>> {
    let templates = render::Templates::load(&loaded.root, Reuse::NONE)?;
    templates.render_packet(&public_packet(loaded, period, today, options))
}

/// The packet of a period as JSON: the data the packet template receives.
pub fn packet_json(
    loaded: &Loaded,
    period: packet::Period,
    today: Date,
    options: packet::PacketOptions,
) -> Result<Vec<u8>> {
    packet::to_json(&public_packet(loaded, period, today, options))
}

/// The packet of a period on its own (not beside a site): public notes
/// only, nothing reused.
fn public_packet(
    loaded: &Loaded,
    period: packet::Period,
    today: Date,
    options: packet::PacketOptions,
) -> packet::Packet {
    let journal = model(loaded, false, today);
    let facts = facts_of(loaded, &packet::wanted(&journal, &period), Reuse::NONE);
    packet::Packet::build(
        &journal,
        &loaded.provenance,
        &facts,
        period,
        options,
        Reuse::NONE,
    )
}

/// The model stage: the entries shown, private ones only if asked for.
fn model(loaded: &Loaded, include_private: bool, today: Date) -> Journal {
    Journal::new(
        loaded.config.clone(),
        loaded.entries.clone(),
        include_private,
        today,
    )
    .with_stale(&loaded.stale_goals)
}

/// The history's facts of the `wanted` notes; none without history.
fn facts_of(loaded: &Loaded, wanted: &[history::Wanted<'_>], reuse: Reuse<'_>) -> history::Facts {
    match history_of(loaded) {
        Some(history) => reuse.facts(history, wanted),
        None => history::Facts::default(),
    }
}

fn history_of(loaded: &Loaded) -> Option<&history::History> {
    loaded.provenance.history()
}

/// The value of a scoped thread, its panic carried on.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The day to treat as today: `flag` (`--today`) if given, else
/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention), else the clock
/// in the local time zone.
pub fn resolve_today(flag: Option<&str>) -> Result<Date> {
    let usage = |message: String| Error::Usage(message);
    if let Some(text) = flag {
        return fields::parse_date(text)
            .map_err(|e| usage(format!("invalid --today `{text}`: {e}")));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| usage(format!("invalid SOURCE_DATE_EPOCH `{epoch}`")))?;
        let timestamp = jiff::Timestamp::from_second(seconds)
            .map_err(|e| usage(format!("invalid SOURCE_DATE_EPOCH: {e}")))?;
        return bounds::date(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date())
            .map_err(|e| usage(format!("invalid SOURCE_DATE_EPOCH `{epoch}`: {e}")));
    }
    Ok(jiff::Zoned::now().date())
}

/// The default output folder of a journal: `site/` inside it.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("site")
}
