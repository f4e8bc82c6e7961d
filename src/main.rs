//! The `dossier` binary: parse the command line, run the library, print
//! diagnostics and map the outcome to an exit code (0 ok, 1 the journal has
//! errors, 2 usage or I/O failure).
//!
//! Everything it prints goes through `dossier::term`: control characters
//! from notes and file names are shown escaped, and a closed output (`|
//! head`) is never a panic: what cannot be printed is dropped and the work
//! goes on.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::civil::Date;

use dossier::Reuse;
use dossier::commands::cli::{
    BuildArgs, CheckArgs, Cli, ColorChoice, Command, Format, JournalArgs, PacketArgs, PacketFormat,
};
use dossier::diagnostic::{Report, Severity};
use dossier::errln;
use dossier::error::Error;
use dossier::term::{self, Stream};

/// Caps what libgit2 maps from pack files at once. By default it maps up to
/// 8 GB, in 1 GB windows, and every page it reads stays resident: on a long
/// history the walk would hold the whole pack (1.8 GB for 200,000 commits)
/// in its memory. 32 MB windows, 64 MB at most, cost nothing measurable on
/// a sequential walk (M from scratch: 1.41 s with 64 MB windows and 256 MB,
/// 1.39 s with these) and keep the peak of a build from scratch on M under
/// 300 MB now that the history is read while the notes are parsed.
fn limit_git_memory() {
    // SAFETY: these set libgit2 globals without synchronization; they run
    // first thing in `main`, before any thread exists.
    unsafe {
        let _ = git2::opts::set_mwindow_size(32 << 20);
        let _ = git2::opts::set_mwindow_mapped_limit(64 << 20);
    }
}

fn main() -> ExitCode {
    limit_git_memory();
    let cli = Cli::parse();
    let color = use_color(cli.color);
    let result = match &cli.command {
        Command::Check(args) => check(&cli, args, color),
        Command::Build(args) => build(&cli, args, color),
        Command::Packet(args) => packet(&cli, args, color),
        Command::Init(args) => dossier::commands::init::run(args, cli.quiet),
        Command::New(args) => dossier::commands::new::run(args),
        Command::Serve(args) => dossier::commands::serve::run(args, cli.quiet, color),
        Command::Schema(args) => dossier::commands::schema::run(args),
        Command::Rules(args) => dossier::commands::rules::run(args),
        Command::Completions(args) => dossier::commands::manual::completions(args),
        Command::Man => dossier::commands::manual::man(),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            errln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stderr().is_terminal()
        }
    }
}

fn today(args: &JournalArgs) -> Result<Date, Error> {
    dossier::resolve_today(args.today.as_deref())
}

/// Prints the diagnostics: JSON on standard output, text on standard
/// error. A closed stream ends the printing early, quietly.
fn print_report(cli: &Cli, report: &Report, format: Format, color: bool) -> std::io::Result<()> {
    match format {
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(&report.to_json()).map_err(std::io::Error::other)?;
            json.push('\n');
            Stream::Stdout.write_bytes(term::escape_json(&json).as_bytes());
            Ok(())
        }
        Format::Text => {
            let minimum = if cli.quiet {
                Severity::Error
            } else {
                Severity::Note
            };
            let mut err = std::io::BufWriter::new(Stream::Stderr);
            report.emit_text_filtered(&mut err, color, minimum)?;
            std::io::Write::flush(&mut err)
        }
    }
}

fn check(cli: &Cli, args: &CheckArgs, color: bool) -> Result<ExitCode, Error> {
    let today = today(&args.journal)?;
    let options = dossier::LoadOptions {
        today,
        exclude: None,
        require_history: args.journal.require_history,
        history_cache: !args.journal.no_cache,
        staged: args.staged,
    };
    let located = args.journal.locate()?;
    let loaded = dossier::load(&located.root, &options, Reuse::NONE)?;
    print_report(cli, &loaded.report, args.format, color).ok();
    let failed = loaded.report.has_errors()
        || (args.deny_warnings && loaded.report.count(Severity::Warning) > 0);
    if args.format == Format::Text && !cli.quiet {
        errln!(
            "{}: {} checked{}: {}",
            located.name,
            plural_entries(loaded.entries.len()),
            if args.staged { " (as staged)" } else { "" },
            loaded.report.summary()
        );
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural_entries(n: usize) -> String {
    format!("{n} valid entr{}", if n == 1 { "y" } else { "ies" })
}

fn build(cli: &Cli, args: &BuildArgs, color: bool) -> Result<ExitCode, Error> {
    let today = today(&args.journal)?;
    let located = args.journal.locate()?;
    let root = &located.root;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| dossier::default_output(root));
    dossier::write::check_output(&output, root)?;
    let progress = Progress::start(cli.quiet);
    progress.stage(0, "reading the journal");
    let load_options = dossier::LoadOptions {
        today,
        exclude: Some(&output),
        require_history: args.journal.require_history,
        history_cache: !args.journal.no_cache,
        staged: false,
    };
    let loaded = dossier::load(root, &load_options, Reuse::NONE)?;
    progress.suspend(|| print_report(cli, &loaded.report, args.format, color).ok());
    if loaded.report.has_errors() {
        progress.finish();
        errln!(
            "error: {} in {}: nothing was written",
            loaded.report.summary(),
            located.name
        );
        return Ok(ExitCode::from(1));
    }
    let options = dossier::BuildOptions {
        include_private: args.include_private,
        today,
        allow_raw_html: args.allow_raw_html,
        packet: dossier::packet::PacketOptions {
            commit_messages: args.commit_messages,
            in_site: true,
            paper: None,
        },
    };
    progress.stage(1, "rendering the site");
    let files = dossier::site(&loaded, &options, Reuse::NONE)?;
    progress.stage(2, "writing the site");
    dossier::write::write_site(&output, &files)?;
    progress.finish();
    if cli.verbose {
        for path in files.keys() {
            errln!("wrote {}", output.join(path).display());
        }
    }
    if !cli.quiet {
        errln!(
            "built {} files from {} into {} ({})",
            files.len(),
            plural_entries(loaded.entries.len()),
            output.display(),
            loaded.report.summary()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The progress bar of `dossier build`: drawn on stderr only when it is a
/// terminal, and only once the build has taken half a second, so that quick
/// builds, pipes, tests and CI logs never see it.
struct Progress {
    bar: ProgressBar,
    /// Set when the build is over; the delayed start checks it under the lock.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(500);

    fn start(quiet: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(3), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({pos}/{len}, {elapsed})")
        {
            bar.set_style(style);
        }
        let done = Arc::new(Mutex::new(false));
        if !quiet && std::io::stderr().is_terminal() {
            let (bar, done) = (bar.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                std::thread::sleep(Progress::DELAY);
                let done = done.lock().unwrap_or_else(PoisonError::into_inner);
                if !*done {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        Progress { bar, done }
    }

    fn stage(&self, position: u64, message: &'static str) {
        self.bar.set_position(position);
        self.bar.set_message(message);
    }

    /// Runs `f` (which prints) with the bar cleared from the screen.
    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    fn finish(&self) {
        let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        *done = true;
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn packet(cli: &Cli, args: &PacketArgs, color: bool) -> Result<ExitCode, Error> {
    let today = today(&args.journal)?;
    let parse = |flag: &str, value: &Option<String>| -> Result<Option<Date>, Error> {
        value
            .as_deref()
            .map(|text| {
                dossier::fields::parse_date(text)
                    .map_err(|e| Error::Usage(format!("invalid {flag} `{text}`: {e}")))
            })
            .transpose()
    };
    let (from, to) = (parse("--from", &args.from)?, parse("--to", &args.to)?);
    let located = args.journal.locate()?;
    let root = &located.root;
    let default_name = match args.format {
        PacketFormat::Html => "packet.html",
        PacketFormat::Json => "packet.json",
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from(default_name));
    dossier::write::check_packet_output(&output, root)?;
    if let Some(pdf) = &args.pdf {
        if args.format != PacketFormat::Html {
            return Err(Error::Usage(
                "--pdf needs the HTML packet (--format html)".into(),
            ));
        }
        dossier::write::check_packet_output(pdf, root)?;
        if dossier::write::same_destination(&output, pdf) {
            return Err(Error::Usage(format!(
                "-o and --pdf both name `{}`: the PDF would replace the HTML packet; give them different names (`-o packet.html --pdf packet.pdf`)",
                pdf.display()
            )));
        }
    }
    let options = dossier::LoadOptions {
        today,
        exclude: None,
        require_history: args.journal.require_history,
        history_cache: !args.journal.no_cache,
        staged: false,
    };
    let loaded = dossier::load(root, &options, Reuse::NONE)?;
    print_report(cli, &loaded.report, Format::Text, color).ok();
    if loaded.report.has_errors() {
        errln!(
            "error: {} in {}: no packet was written",
            loaded.report.summary(),
            located.name
        );
        return Ok(ExitCode::from(1));
    }
    let period =
        dossier::packet::Period::resolve(&loaded.config, today, args.period.as_deref(), from, to)?;
    let packet_options = dossier::packet::PacketOptions {
        commit_messages: args.commit_messages,
        in_site: false,
        paper: args.paper.map(Into::into),
    };
    let bytes = match args.format {
        PacketFormat::Html => dossier::packet_html(&loaded, period, today, packet_options)?,
        PacketFormat::Json => dossier::packet_json(&loaded, period, today, packet_options)?,
    };
    dossier::write::write_file(&output, &bytes)?;
    if !cli.quiet {
        errln!("wrote {} ({})", output.display(), loaded.report.summary());
    }
    if let Some(pdf) = &args.pdf {
        dossier::commands::pdf::print(&output, pdf, args.chrome.as_deref())?;
        if !cli.quiet {
            errln!("wrote {}", pdf.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
