//! The command line: clap derive types for every command and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Validate a journal of engineering notes and render it as a static site.
#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = "Examples:\n  dossier init my-journal && cd my-journal\n  dossier new update\n  dossier check\n  \
        dossier serve\n  dossier packet --period 2026-H1 -o packet.html --pdf packet.pdf\n\n\
        Exit status: 0 success, 1 the journal has errors, 2 usage or I/O failure."
)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more: every file written.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// When to use colours: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate every entry and print diagnostics.
    #[command(
        after_help = "Examples:\n  dossier check example-journal\n  dossier check --format json > diagnostics.json\n\n\
        Exit status: 0 no errors, 1 errors found (or warnings with --deny-warnings), 2 usage or I/O failure."
    )]
    Check(CheckArgs),
    /// Validate, then render the static site.
    #[command(
        after_help = "Examples:\n  dossier build example-journal -o site\n  dossier build --include-private -o /tmp/my-site\n\n\
        The build refuses a journal with errors and never deletes a folder it did not create."
    )]
    Build(BuildArgs),
    /// Write the promotion packet: one self-contained HTML page for a review period.
    #[command(
        after_help = "Examples:\n  dossier packet example-journal -o packet.html\n  dossier packet --period 2026-H1 -o h1.html\n  \
        dossier packet --from 2026-01-01 --to 2026-06-30 --format json -o packet.json\n\n\
        Private entries and ```private blocks never appear in a packet, whatever the flags."
    )]
    Packet(PacketArgs),
    /// Create a new journal: dossier.toml, goals/, updates/, meetings/ with an example each.
    #[command(
        after_help = "Examples:\n  dossier init my-journal\n  dossier init --hook        (in an existing journal: only install the pre-commit hook)\n  \
        dossier init --example ada-journal   (the example journal, with a year of honest git history)\n\n\
        Never overwrites a file; runs `git init` when the folder is not in a repository yet. With --example, \
        the folder must be new or empty and gets a repository of its own (with --hook, the hook too)."
    )]
    Init(InitArgs),
    /// Write a new goal, update, meeting, summary or feedback with its frontmatter filled in; prints its path.
    #[command(
        after_help = "Examples:\n  dossier new goal \"Cut checkout latency\"\n  \
        dossier new goal \"A self-serve demo sandbox for sales\" --slug sales-sandbox\n  dossier new update\n  \
        dossier new meeting \"Finance sync\" --journal ~/journal --edit\n  dossier new summary"
    )]
    New(NewArgs),
    /// Serve the site on 127.0.0.1, rebuild on every change and reload open pages.
    #[command(
        after_help = "Examples:\n  dossier serve\n  dossier serve example-journal --port 8080\n\n\
        A change that breaks validation is shown in the terminal and on the page; the last good site stays served."
    )]
    Serve(ServeArgs),
    /// Print the JSON Schema of a note's frontmatter (for editors' YAML language servers), of the packet's JSON, or of the diagnostics' JSON.
    #[command(
        after_help = "Examples:\n  dossier schema goal > .dossier/schema/goal.json\n  dossier schema   (one schema for all kinds)\n  \
        dossier schema packet   (every field of `dossier packet --format json`)\n  \
        dossier schema diagnostics   (every field of `dossier check --format json`)"
    )]
    Schema(SchemaArgs),
    /// List every rule with its default level, or explain one with an example.
    #[command(
        after_help = "Examples:\n  dossier rules\n  dossier rules backdated\n\n\
        A rule's level changes for the whole journal in dossier.toml (`[rules]` then `backdated = \"allow\"`), \
        or on one note with `allow: [backdated]` in its frontmatter."
    )]
    Rules(RulesArgs),
    /// Print shell completions.
    #[command(
        after_help = "Examples:\n  dossier completions bash > ~/.local/share/bash-completion/completions/dossier\n  \
        dossier completions zsh > ~/.zfunc/_dossier"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  dossier man > dossier.1 && man ./dossier.1")]
    Man,
}

/// Options shared by commands that read a journal.
#[derive(Debug, Args)]
pub struct JournalArgs {
    /// The journal folder, or any folder inside it: the journal is the
    /// nearest folder up with a dossier.toml (default: the current folder).
    #[arg(value_name = "JOURNAL")]
    pub journal: Option<PathBuf>,

    /// The journal folder, as `dossier new` takes it (the same as JOURNAL).
    #[arg(
        short = 'C',
        long = "journal",
        value_name = "JOURNAL",
        id = "journal_option",
        conflicts_with = "journal"
    )]
    pub journal_option: Option<PathBuf>,

    /// The date to treat as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH if set, else the clock).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,

    /// Fail (exit 1) when the journal has no readable git history.
    #[arg(long)]
    pub require_history: bool,

    /// Read the whole git history, neither using nor updating the history
    /// cache kept in `.git/dossier/` (the result is the same).
    #[arg(long)]
    pub no_cache: bool,
}

impl JournalArgs {
    /// The journal these options name: found from JOURNAL (or `-C`, or the
    /// current folder) up (see [`crate::config::locate`]).
    pub fn locate(&self) -> crate::error::Result<crate::config::Located> {
        let start = self
            .journal_option
            .as_deref()
            .or(self.journal.as_deref())
            .unwrap_or(std::path::Path::new("."));
        crate::config::locate(start)
    }
}

/// `dossier check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub journal: JournalArgs,

    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Count warnings as errors for the exit status.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Check the files as they are staged in the git index (what the next
    /// commit holds), not as they are on disk: unstaged changes and
    /// untracked files are ignored. The pre-commit hook runs this.
    #[arg(long)]
    pub staged: bool,
}

/// `dossier build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub journal: JournalArgs,

    /// The output folder (default: JOURNAL/site).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Include entries marked `private: true` (for your own eyes only).
    #[arg(long)]
    pub include_private: bool,

    /// Keep raw HTML in note bodies as written, scripts included (by
    /// default it is sanitized). Only for a journal you fully trust.
    #[arg(long)]
    pub allow_raw_html: bool,
    /// Show the subject line of each note's first commit in the packet's
    /// provenance section (off by default: commit messages may mention anything).
    #[arg(long)]
    pub commit_messages: bool,

    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `dossier packet`.
#[derive(Debug, Args)]
pub struct PacketArgs {
    #[command(flatten)]
    pub journal: JournalArgs,

    /// A review period named in the `periods` table of dossier.toml.
    #[arg(long, conflicts_with_all = ["from", "to"], value_name = "NAME")]
    pub period: Option<String>,

    /// First day of the period, YYYY-MM-DD (default: 12 months before --to).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Last day of the period, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// The file to write (default: packet.html, or packet.json with --format json).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// html: the packet page; json: the data the template receives.
    #[arg(long, value_enum, default_value_t = PacketFormat::Html)]
    pub format: PacketFormat,

    /// Also print the packet to this PDF file, through a local Chromium or Chrome.
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,

    /// The Chromium or Chrome executable for --pdf (default: found on PATH).
    #[arg(long, value_name = "PATH", requires = "pdf")]
    pub chrome: Option<PathBuf>,

    /// Show the subject line of each note's first commit in the packet's
    /// provenance section (off by default: commit messages may mention anything).
    #[arg(long)]
    pub commit_messages: bool,

    /// The paper to print on (default: `paper` in dossier.toml, else a4).
    #[arg(long, value_enum, value_name = "SIZE")]
    pub paper: Option<PaperArg>,
}

/// `--paper`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

impl From<PaperArg> for crate::entry::Paper {
    fn from(paper: PaperArg) -> Self {
        match paper {
            PaperArg::A4 => crate::entry::Paper::A4,
            PaperArg::Letter => crate::entry::Paper::Letter,
        }
    }
}

/// `dossier init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the journal in (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,

    /// Install a git pre-commit hook that runs `dossier check`.
    #[arg(long)]
    pub hook: bool,

    /// Create the bundled example journal instead, in a new or empty DIR, as
    /// a git repository of its own: each note committed on its date, later
    /// changes (goals done, dropped or blocked, corrections) on theirs, so
    /// that the `backdated` rule stays on.
    #[arg(long)]
    pub example: bool,
}

/// The kinds `dossier new` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A goal (status proposed).
    Goal,
    /// An update (period since the previous update, active goals listed).
    Update,
    /// A meeting.
    Meeting,
    /// A summary of a review period (the period holding today, from dossier.toml).
    Summary,
    /// Feedback from one person (`from` to fill in, `consent: false` until they agree).
    Feedback,
}

/// `dossier new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to write.
    #[arg(value_enum)]
    pub kind: NewKind,

    /// Its title (also gives the file name).
    #[arg(value_name = "TITLE")]
    pub title: Option<String>,

    /// The journal folder, or any folder inside it.
    #[arg(long, short = 'C', default_value = ".", value_name = "JOURNAL")]
    pub journal: PathBuf,

    /// The file's name, without `.md` (default: made from the title and
    /// date): the slug written in other notes' `goals:`.
    #[arg(long, value_name = "SLUG")]
    pub slug: Option<String>,

    /// Open the new file in $VISUAL or $EDITOR.
    #[arg(long)]
    pub edit: bool,

    /// The date to treat as today, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

/// `dossier serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub journal: JournalArgs,

    /// The port to listen on (default: a free one).
    #[arg(long, short, value_name = "PORT")]
    pub port: Option<u16>,

    /// Include entries marked `private: true`.
    #[arg(long)]
    pub include_private: bool,

    /// Keep raw HTML in note bodies as written, scripts included (by
    /// default it is sanitized). Only for a journal you fully trust.
    #[arg(long)]
    pub allow_raw_html: bool,
}

/// `dossier rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The rule to explain (default: list every rule).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
}

/// `dossier schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// What to describe: one kind of note's frontmatter, the packet's JSON
    /// or the diagnostics' JSON (default: the frontmatter of every kind, in
    /// one schema).
    #[arg(value_enum, value_name = "WHAT")]
    pub kind: Option<SchemaKind>,
}

/// What `dossier schema` describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A goal's frontmatter.
    Goal,
    /// An update's frontmatter.
    Update,
    /// A meeting's frontmatter.
    Meeting,
    /// A summary's frontmatter.
    Summary,
    /// Feedback's frontmatter.
    Feedback,
    /// `dossier packet --format json`: every field of the packet's data, with its meaning.
    Packet,
    /// `dossier check --format json`: every field of a diagnostic, with its meaning.
    Diagnostics,
}

/// `dossier completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells completions can be written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
}

/// What `dossier packet` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PacketFormat {
    /// One self-contained HTML page.
    Html,
    /// The packet's data.
    Json,
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: `path:line:col: error[rule]: message`, the line, a hint.
    Text,
    /// One JSON array of {path, line, column, start, end, severity, rule, message, hint} (`dossier schema diagnostics`).
    Json,
}
