//! Fuzz target `check_journal`: a small generated journal (a `dossier.toml`
//! and a few entries with structured but arbitrary frontmatter and bodies)
//! written to a temporary folder, then `dossier::load` and, when there are no
//! errors, `dossier::site` and the packet. Must never panic, and the
//! site may hold only the pages dossier generates and the files its
//! published-asset policy allows ([`assert_published`]), with no marker of a
//! private note, a private block or a file from outside in any output.
//!
//! The fuzzer writes to one folder per process, emptied for every input; see
//! [`workdir`].
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 23);

/// In the body of every note written `private: true`: in no output unless
/// private notes are asked for.
const PRIVATE_MARK: &str = "zqxprivatenotezqx";
/// In every ```` ```private ```` block: in no output, ever.
const BLOCK_MARK: &str = "zqxprivateblockzqx";
/// In files that must never be published (hidden, HTML, outside the
/// journal, reached through a symbolic link): in no output, ever.
const FOREIGN_MARK: &str = "zqxforeignfilezqx";

/// Slugs that entries and references share, so that references resolve.
const SLUGS: &[&str] = &[
    "ledger",
    "alpha",
    "2026-01-02",
    "2026-03-13",
    "a",
    "x-y_z",
    "café",
    "index",
    "README",
];

#[derive(Debug)]
struct Slug(String);

impl<'a> Arbitrary<'a> for Slug {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        if u.ratio(3, 4)? {
            return Ok(Slug(u.choose(SLUGS)?.to_string()));
        }
        // A safe alphabet: no separators, never `.` or `..` alone.
        const ALPHABET: &[u8] = b"abz09-_. ";
        let len = u.int_in_range(1..=10)?;
        let mut s = String::from("n");
        for _ in 0..len {
            s.push(*u.choose(ALPHABET)? as char);
        }
        Ok(Slug(s))
    }
}

/// A short string: mostly plausible words, sometimes anything.
#[derive(Debug)]
struct Text(String);

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        const WORDS: &[&str] = &[
            "Ledger",
            "Priya Nair (Director, Payments)",
            "",
            " ",
            "a: b",
            "#x",
            "[1, 2]",
            "{ a: 1 }",
            "*alias",
            "&anchor",
            "\"",
            "'",
            "\\",
            "\n",
            "yes",
            "null",
            "~",
            "2026-02-30",
            "2026-01-01T10:00:00Z",
            "<script>alert(1)</script>",
            "{{ site.title }}",
            "{% raw %}",
            "é☕",
            "\u{feff}",
            // Link targets that must never be published as they are.
            "../.git/config",
            "../assets/page.html",
            "../assets/link.txt",
            "../assets/out.txt",
            "../assets/notes.MD",
            "../notes/README.md",
            "page.html",
            "link.txt",
            "plan.svg",
            "/index.html",
            "../goals/a.md",
        ];
        let text = if u.ratio(2, 3)? {
            u.choose(WORDS)?.to_string()
        } else {
            let s: &str = u.arbitrary()?;
            s.chars().take(40).collect()
        };
        // The markers are written only where they belong.
        Ok(Text(text.replace("zqx", "zq-x")))
    }
}

#[derive(Arbitrary, Debug)]
enum DateV {
    Valid { year: u8, month: u8, day: u8 },
    DateTime { year: u8, month: u8, day: u8 },
    Text(Text),
    Int(i64),
}

impl DateV {
    fn ymd(year: u8, month: u8, day: u8) -> String {
        format!(
            "{}-{:02}-{:02}",
            2024 + (year % 5) as u32,
            1 + month % 12,
            1 + day % 31
        )
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Format {
    Yaml,
    Toml,
}

#[derive(Arbitrary, Debug)]
enum Scalar {
    Str(Text),
    Date(DateV),
    Bool(bool),
    Int(i32),
    Float(f32),
    Null,
    List(Vec<Text>),
    Person {
        name: Text,
        role: Option<Text>,
        org: Option<Text>,
    },
}

/// One frontmatter field: a known name with a value of the right shape most
/// of the time, or anything.
#[derive(Arbitrary, Debug)]
enum Field {
    Title(Text),
    Kind(u8),
    Status(u8),
    Started(DateV),
    Target(DateV),
    Finished(DateV),
    Date(DateV),
    Leverage(Vec<u8>),
    Impact(Text),
    Stakeholders(Vec<Text>),
    Tags(Vec<Text>),
    Private(bool),
    Period(DateV, DateV),
    PeriodRange(DateV, DateV),
    To(Vec<Text>),
    Goals(Vec<Slug>),
    With(Vec<Scalar>),
    Type(u8),
    Org(Text),
    Problems(Vec<Text>),
    Aliases(Vec<Text>),
    Any(u8, Scalar),
}

const KINDS: &[&str] = &["goal", "update", "meeting", "Goal", "note"];
const STATUSES: &[&str] = &[
    "proposed", "active", "blocked", "done", "dropped", "actve", "Done",
];
const LEVERAGE: &[&str] = &["interpersonal", "execution", "strategic", "expert", "other"];
const TYPES: &[&str] = &[
    "one-on-one",
    "skip-level",
    "senior-leader",
    "cross-team",
    "other",
    "1:1",
];
const NAMES: &[&str] = &[
    "title",
    "kind",
    "status",
    "started",
    "target",
    "finished",
    "date",
    "leverage",
    "impact",
    "stakeholders",
    "tags",
    "private",
    "period",
    "to",
    "goals",
    "with",
    "type",
    "org",
    "problems",
    "aliases",
    "cssclasses",
    "titel",
    "",
    "a b",
    "ünïcode",
];

fn pick(list: &[&str], i: u8) -> String {
    list[i as usize % list.len()].to_string()
}

/// Writes values in either language.
struct Writer {
    format: Format,
}

impl Writer {
    fn string(&self, s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    let _ = write!(out, "\\u{:04X}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn date(&self, d: &DateV) -> String {
        match (self.format, d) {
            (Format::Yaml, DateV::Valid { year, month, day }) => DateV::ymd(*year, *month, *day),
            (Format::Toml, DateV::Valid { year, month, day }) => DateV::ymd(*year, *month, *day),
            (_, DateV::DateTime { year, month, day }) => {
                format!("{}T09:30:00Z", DateV::ymd(*year, *month, *day))
            }
            (_, DateV::Text(t)) => self.string(&t.0),
            (_, DateV::Int(i)) => i.to_string(),
        }
    }

    fn list(&self, items: impl IntoIterator<Item = String>) -> String {
        let items: Vec<String> = items.into_iter().collect();
        format!("[{}]", items.join(", "))
    }

    fn table(&self, pairs: &[(&str, String)]) -> String {
        let sep = match self.format {
            Format::Yaml => ": ",
            Format::Toml => " = ",
        };
        let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}{sep}{v}")).collect();
        format!("{{ {} }}", inner.join(", "))
    }

    fn scalar(&self, s: &Scalar) -> String {
        match s {
            Scalar::Str(t) => self.string(&t.0),
            Scalar::Date(d) => self.date(d),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) if f.is_finite() => format!("{f:?}"),
            Scalar::Float(_) => "1.5".into(),
            Scalar::Null => match self.format {
                Format::Yaml => "null".into(),
                Format::Toml => "\"\"".into(),
            },
            Scalar::List(items) => self.list(items.iter().map(|t| self.string(&t.0))),
            Scalar::Person { name, role, org } => {
                let mut pairs = vec![("name", self.string(&name.0))];
                if let Some(role) = role {
                    pairs.push(("role", self.string(&role.0)));
                }
                if let Some(org) = org {
                    pairs.push(("org", self.string(&org.0)));
                }
                self.table(&pairs)
            }
        }
    }

    fn field(&self, f: &Field) -> (String, String) {
        let s = |t: &Text| self.string(&t.0);
        let strings = |v: &Vec<Text>| self.list(v.iter().map(|t| self.string(&t.0)));
        match f {
            Field::Title(t) => ("title".into(), s(t)),
            Field::Kind(i) => ("kind".into(), self.string(&pick(KINDS, *i))),
            Field::Status(i) => ("status".into(), self.string(&pick(STATUSES, *i))),
            Field::Started(d) => ("started".into(), self.date(d)),
            Field::Target(d) => ("target".into(), self.date(d)),
            Field::Finished(d) => ("finished".into(), self.date(d)),
            Field::Date(d) => ("date".into(), self.date(d)),
            Field::Leverage(v) => (
                "leverage".into(),
                self.list(v.iter().map(|i| self.string(&pick(LEVERAGE, *i)))),
            ),
            Field::Impact(t) => ("impact".into(), s(t)),
            Field::Stakeholders(v) => ("stakeholders".into(), strings(v)),
            Field::Tags(v) => ("tags".into(), strings(v)),
            Field::Private(b) => ("private".into(), b.to_string()),
            Field::Period(a, b) => (
                "period".into(),
                self.table(&[("from", self.date(a)), ("to", self.date(b))]),
            ),
            Field::PeriodRange(a, b) => {
                let text = |d: &DateV| match d {
                    DateV::Valid { year, month, day } | DateV::DateTime { year, month, day } => {
                        DateV::ymd(*year, *month, *day)
                    }
                    DateV::Text(t) => t.0.clone(),
                    DateV::Int(i) => i.to_string(),
                };
                (
                    "period".into(),
                    self.string(&format!("{}..{}", text(a), text(b))),
                )
            }
            Field::To(v) => ("to".into(), strings(v)),
            Field::Goals(v) => (
                "goals".into(),
                self.list(v.iter().map(|g| self.string(&g.0))),
            ),
            Field::With(v) => ("with".into(), self.list(v.iter().map(|x| self.scalar(x)))),
            Field::Type(i) => ("type".into(), self.string(&pick(TYPES, *i))),
            Field::Org(t) => ("org".into(), s(t)),
            Field::Problems(v) => ("problems".into(), strings(v)),
            Field::Aliases(v) => ("aliases".into(), strings(v)),
            Field::Any(i, v) => (pick(NAMES, *i), self.scalar(v)),
        }
    }
}

/// A piece of a Markdown body.
#[derive(Arbitrary, Debug)]
enum Part {
    Text(Text),
    Heading(u8, Text),
    LinkToEntry {
        folder: u8,
        slug: Slug,
        fragment: bool,
    },
    LinkRaw(Text),
    WikiLink {
        folder: Option<u8>,
        slug: Slug,
        label: Option<Text>,
        heading: Option<Text>,
    },
    Embed(Text),
    Image(Text),
    AssetImage,
    PrivateFence(Text),
    UnclosedFence,
    Table(Vec<Text>),
    Task(bool, Text),
    Footnote(Text),
    Html(Text),
}

const FOLDERS: &[&str] = &[
    "goals",
    "updates",
    "meetings",
    "notes",
    "goals/sub",
    "assets",
    ".hidden",
];

fn body(parts: &[Part], depth: usize) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(&t.0),
            Part::Heading(level, t) => {
                let _ = write!(out, "\n{} {}\n", "#".repeat(1 + *level as usize % 6), t.0);
            }
            Part::LinkToEntry {
                folder,
                slug,
                fragment,
            } => {
                let _ = write!(
                    out,
                    "[link]({}{}/{}.md{})",
                    "../".repeat(depth),
                    pick(FOLDERS, *folder),
                    slug.0.replace(' ', "%20"),
                    if *fragment { "#risks" } else { "" }
                );
            }
            Part::LinkRaw(t) => {
                let _ = write!(out, "[raw]({})", t.0);
            }
            Part::WikiLink {
                folder,
                slug,
                label,
                heading,
            } => {
                out.push_str("[[");
                if let Some(f) = folder {
                    let _ = write!(out, "{}/", pick(FOLDERS, *f));
                }
                out.push_str(&slug.0);
                if let Some(h) = heading {
                    let _ = write!(out, "#{}", h.0);
                }
                if let Some(l) = label {
                    let _ = write!(out, "|{}", l.0);
                }
                out.push_str("]]");
            }
            Part::Embed(t) => {
                let _ = write!(out, "![[{}]]", t.0);
            }
            Part::Image(t) => {
                let _ = write!(out, "![img]({})", t.0);
            }
            Part::AssetImage => {
                let _ = write!(out, "![plan]({}assets/plan.svg)", "../".repeat(depth));
            }
            Part::PrivateFence(t) => {
                let _ = write!(out, "\n```private\n{} {BLOCK_MARK}\n```\n", t.0);
            }
            Part::UnclosedFence => out.push_str("\n```\ncode [[x]]\n"),
            Part::Table(cells) => {
                let row: Vec<&str> = cells.iter().map(|c| c.0.as_str()).collect();
                let _ = write!(
                    out,
                    "\n| {} |\n|{}|\n| {} |\n",
                    row.join(" | "),
                    vec!["---"; row.len().max(1)].join("|"),
                    row.join(" | ")
                );
            }
            Part::Task(done, t) => {
                let _ = write!(out, "\n- [{}] {}\n", if *done { "x" } else { " " }, t.0);
            }
            Part::Footnote(t) => {
                let _ = write!(out, "note[^1]\n\n[^1]: {}\n", t.0);
            }
            Part::Html(t) => {
                let _ = write!(out, "<div>{}</div>", t.0);
            }
        }
        out.push('\n');
    }
    out
}

#[derive(Arbitrary, Debug)]
enum FrontmatterStyle {
    Fields(Format, Vec<Field>),
    /// Text with an arbitrary frontmatter block.
    Raw(Format, Text),
    None,
}

#[derive(Arbitrary, Debug)]
struct EntryInput {
    folder: u8,
    slug: Slug,
    frontmatter: FrontmatterStyle,
    /// Add the fields the folder's kind requires when they are missing, so
    /// that most entries are valid and reach the site.
    complete: bool,
    body: Vec<Part>,
    crlf: bool,
    bom: bool,
}

#[derive(Arbitrary, Debug)]
enum Setting {
    Owner(Text),
    Role(Text),
    TargetRole(Text),
    Title(Text),
    CadenceDays(i64),
    BackdatedDays(i64),
    StaleDays(i64),
    Period(Text, DateV, DateV),
    PeriodRange(Text, DateV, DateV),
    Away(DateV, DateV, Option<Text>),
    Rule(u8, u8),
    Unknown(Text, Scalar),
}

const RULES: &[&str] = &[
    "unreadable",
    "frontmatter-syntax",
    "config-syntax",
    "missing-frontmatter",
    "missing-field",
    "unknown-field",
    "wrong-type",
    "invalid-date",
    "invalid-value",
    "kind-mismatch",
    "goal-finished",
    "goal-impact",
    "unknown-goal",
    "duplicate-slug",
    "broken-link",
    "end-before-start",
    "future-date",
    "empty-body",
    "cadence-gap",
    "missing-config",
    "no-history",
    "backdated",
    "stale-goal",
    "no-such-rule",
];
const LEVELS: &[&str] = &["allow", "note", "warn", "error", "deny"];

#[derive(Arbitrary, Debug)]
enum ConfigInput {
    Missing,
    Settings(Vec<Setting>),
    Raw(Text),
}

/// `dossier.toml`. Settings are written once each (a second `owner` would be
/// a TOML syntax error, and only that would be tested). A lenient journal
/// turns every rule down to a warning first, so that journals with problems
/// still reach `dossier::site` (as they do for a user who relaxes the rules).
fn config(input: &ConfigInput, lenient: bool) -> Option<String> {
    let w = Writer {
        format: Format::Toml,
    };
    let settings: &[Setting] = match input {
        ConfigInput::Missing if lenient => &[],
        ConfigInput::Missing => return None,
        ConfigInput::Raw(t) => return Some(t.0.clone()),
        ConfigInput::Settings(settings) => settings,
    };
    let mut seen = std::collections::HashSet::new();
    let mut top = String::new();
    let mut periods = String::from("[periods]\n");
    let mut rules = String::from("[rules]\n");
    let mut away = Vec::new();
    if lenient {
        for rule in RULES.iter().filter(|r| **r != "no-such-rule") {
            seen.insert(("rules", rule.to_string()));
            let _ = writeln!(rules, "{rule} = \"warn\"");
        }
    }
    let plain = |d: &DateV| match d {
        DateV::Valid { year, month, day } | DateV::DateTime { year, month, day } => {
            DateV::ymd(*year, *month, *day)
        }
        DateV::Text(t) => t.0.clone(),
        DateV::Int(i) => i.to_string(),
    };
    for setting in settings {
        let (section, key, value) = match setting {
            Setting::Owner(t) => ("top", "owner".to_string(), w.string(&t.0)),
            Setting::Role(t) => ("top", "role".to_string(), w.string(&t.0)),
            Setting::TargetRole(t) => ("top", "target_role".to_string(), w.string(&t.0)),
            Setting::Title(t) => ("top", "title".to_string(), w.string(&t.0)),
            Setting::CadenceDays(n) => ("top", "cadence_days".to_string(), n.to_string()),
            Setting::BackdatedDays(n) => ("top", "backdated_days".to_string(), n.to_string()),
            Setting::StaleDays(n) => ("top", "stale_days".to_string(), n.to_string()),
            Setting::Period(name, a, b) => (
                "periods",
                name.0.clone(),
                format!("{{ from = {}, to = {} }}", w.date(a), w.date(b)),
            ),
            Setting::PeriodRange(name, a, b) => (
                "periods",
                name.0.clone(),
                w.string(&format!("{}..{}", plain(a), plain(b))),
            ),
            Setting::Away(a, b, reason) => {
                let mut pairs = vec![("from", w.date(a)), ("to", w.date(b))];
                if let Some(r) = reason {
                    pairs.push(("reason", w.string(&r.0)));
                }
                away.push(w.table(&pairs));
                continue;
            }
            Setting::Rule(r, l) => (
                "rules",
                pick(RULES, *r),
                format!("\"{}\"", pick(LEVELS, *l)),
            ),
            Setting::Unknown(k, v) => ("top", k.0.clone(), w.scalar(v)),
        };
        if matches!(key.as_str(), "periods" | "rules" | "away") && section == "top" {
            continue;
        }
        if !seen.insert((section, key.clone())) {
            continue;
        }
        let out = match section {
            "top" => &mut top,
            "periods" => &mut periods,
            _ => &mut rules,
        };
        let _ = writeln!(out, "{} = {value}", w.string(&key));
    }
    if !away.is_empty() {
        let _ = writeln!(top, "away = [{}]", away.join(", "));
    }
    Some(format!("{top}\n{periods}\n{rules}"))
}

#[derive(Arbitrary, Debug)]
pub struct JournalInput {
    config: ConfigInput,
    /// Every rule a warning: see [`config`].
    lenient: bool,
    entries: Vec<EntryInput>,
    asset: bool,
}

fn entry_text(entry: &EntryInput, folder: &str) -> String {
    let depth = folder.split('/').count();
    let mut text = String::new();
    if entry.bom {
        text.push('\u{feff}');
    }
    match &entry.frontmatter {
        FrontmatterStyle::None => {}
        FrontmatterStyle::Raw(format, t) => {
            let fence = match format {
                Format::Yaml => "---",
                Format::Toml => "+++",
            };
            let _ = write!(text, "{fence}\n{}\n{fence}\n", t.0);
        }
        FrontmatterStyle::Fields(format, fields) => {
            let w = Writer { format: *format };
            let (fence, sep) = match format {
                Format::Yaml => ("---", ": "),
                Format::Toml => ("+++", " = "),
            };
            let _ = writeln!(text, "{fence}");
            // Each field once: a repeated key is only a syntax error.
            let mut written: Vec<(String, String)> = Vec::new();
            for field in fields {
                let (name, value) = w.field(field);
                if !written.iter().any(|(n, _)| *n == name) {
                    written.push((name, value));
                }
            }
            if entry.complete {
                let required: &[(&str, &str)] = match folder.split('/').next() {
                    Some("goals") => &[
                        ("title", "\"Goal\""),
                        ("status", "\"active\""),
                        ("started", "2026-01-05"),
                    ],
                    Some("updates") => &[("date", "2026-01-09")],
                    Some("meetings") => &[("date", "2026-01-07"), ("with", "[\"Ada (Manager)\"]")],
                    _ => &[],
                };
                for (name, value) in required {
                    if !written.iter().any(|(n, _)| n == name) {
                        written.push((name.to_string(), value.to_string()));
                    }
                }
            }
            let private = written.iter().any(|(n, v)| n == "private" && v == "true");
            for (name, value) in written {
                let name = match format {
                    Format::Toml => w.string(&name),
                    Format::Yaml if name.is_empty() || name.contains(' ') => w.string(&name),
                    Format::Yaml => name,
                };
                let _ = writeln!(text, "{name}{sep}{value}");
            }
            let _ = writeln!(text, "{fence}");
            if private {
                let _ = writeln!(text, "{PRIVATE_MARK}\n");
            }
        }
    }
    text.push_str(&body(&entry.body, depth));
    if entry.crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// The folder journals are written to: one per process, made on first use
/// in the system's temporary folder (`TMPDIR`; scripts/fuzz.sh points it at
/// /dev/shm and removes it afterwards), never inside a git repository, so
/// the history is simply absent.
fn workdir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        tempfile::Builder::new()
            .prefix("dossier-fuzz-")
            .tempdir()
            .expect("a temporary folder")
    })
    .path()
}

fn clear(dir: &Path) {
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
}

/// One input as raw bytes, written to `dir/journal`: the bytes are decoded
/// the way `fuzz_target!` decodes a typed input, so that a crash file
/// replays the same journal. False when the bytes do not make a journal.
pub fn run_bytes_in(dir: &Path, data: &[u8]) -> bool {
    match JournalInput::arbitrary_take_rest(Unstructured::new(data)) {
        Ok(input) => {
            run_in(dir, &input);
            true
        }
        Err(_) => false,
    }
}

/// One generated journal, in the process's own folder.
pub fn run(input: &JournalInput) {
    run_in(workdir(), input);
}

/// One generated journal, written to `dir/journal` (emptied first): panics
/// on any problem.
pub fn run_in(dir: &Path, input: &JournalInput) {
    let root = dir.join("journal");
    if root.exists() {
        clear(&root);
    } else {
        std::fs::create_dir(&root).unwrap();
    }
    if let Some(text) = config(&input.config, input.lenient) {
        std::fs::write(root.join("dossier.toml"), text).unwrap();
    }
    if input.asset {
        write_hostile_files(dir, &root);
    }
    for entry in input.entries.iter().take(8) {
        let folder = pick(FOLDERS, entry.folder);
        let dir = root.join(&folder);
        std::fs::create_dir_all(&dir).unwrap();
        let name = format!("{}.md", entry.slug.0);
        std::fs::write(dir.join(name), entry_text(entry, &folder)).unwrap();
    }

    let options = dossier::LoadOptions {
        today: TODAY,
        exclude: None,
        require_history: false,
        history_cache: false,
        staged: false,
    };
    let loaded =
        dossier::load(&root, &options, dossier::Reuse::NONE).expect("a folder is a journal");
    let mut out = Vec::new();
    loaded.report.emit_text(&mut out, false).unwrap();
    std::hint::black_box(loaded.report.to_json());
    if loaded.report.has_errors() {
        return;
    }
    let public_only = |text: &str| !text.contains(PRIVATE_MARK);
    for include_private in [false, true] {
        let build = dossier::BuildOptions {
            include_private,
            today: TODAY,
            // Sanitized bodies, as by default; the packet with every option.
            allow_raw_html: false,
            packet: dossier::packet::PacketOptions {
                commit_messages: true,
                in_site: true,
                paper: None,
            },
        };
        // The default templates must render any journal without errors.
        match dossier::site(&loaded, &build, dossier::Reuse::NONE) {
            Ok(files) => assert_published(&loaded, &files, include_private),
            Err(error @ dossier::error::Error::Template { .. }) => {
                panic!("dossier::site failed on a journal without errors: {error}")
            }
            Err(_) => {}
        }
    }
    if let Ok(period) = dossier::packet::Period::resolve(&loaded.config, TODAY, None, None, None) {
        let options = dossier::packet::PacketOptions::default();
        let json = dossier::packet_json(&loaded, period, TODAY, options).unwrap();
        let json = String::from_utf8_lossy(&json);
        assert!(public_only(&json), "a private note in the packet");
        assert!(!json.contains(BLOCK_MARK), "a private block in the packet");
        assert!(!json.contains(FOREIGN_MARK), "a foreign file in the packet");
    }
}

/// Files a journal may hold that must never be published: a hidden
/// `.git/config`, HTML, a note with an upper-case extension outside the
/// kind folders, a symbolic link to a note and one to a file outside the
/// journal; and an SVG that is published only sanitized.
fn write_hostile_files(dir: &Path, root: &Path) {
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join("assets/plan.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>",
    )
    .unwrap();
    let foreign = format!("{FOREIGN_MARK}\n");
    std::fs::write(root.join(".git/config"), &foreign).unwrap();
    std::fs::write(root.join("assets/page.html"), &foreign).unwrap();
    std::fs::write(root.join("assets/notes.MD"), &foreign).unwrap();
    let outside = dir.join("outside.txt");
    std::fs::write(&outside, &foreign).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(&outside, root.join("assets/out.txt")).unwrap();
        symlink(root.join("goals/a.md"), root.join("assets/link.txt")).unwrap();
    }
}

/// Every file of a built site is a page dossier generates or a file the
/// published-asset policy allows, and no output holds a marker it must not.
fn assert_published(
    loaded: &dossier::Loaded,
    files: &dossier::publish::Files,
    include_private: bool,
) {
    use dossier::publish;
    let generated =
        publish::Generated::new(loaded.entries.iter().map(|e| (e.kind, e.slug.as_str())));
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(BLOCK_MARK),
            "a private block in {}",
            path.display()
        );
        assert!(
            !text.contains(FOREIGN_MARK),
            "a foreign file in {}",
            path.display()
        );
        if !include_private {
            assert!(
                !text.contains(PRIVATE_MARK),
                "a private note in {}",
                path.display()
            );
        }
        if generated.contains(path) {
            continue;
        }
        // An asset: an allowed type, not Markdown, not hidden, a regular
        // file inside the journal reached without a symbolic link, no
        // larger than the limit.
        let shown = path.display();
        assert!(
            publish::asset_type(path).is_some(),
            "not an allowed type: {shown}"
        );
        assert!(
            !publish::has_markdown_extension(path.as_os_str().as_encoded_bytes()),
            "a Markdown file published: {shown}"
        );
        assert!(
            path.components()
                .all(|c| !c.as_os_str().to_string_lossy().starts_with('.')),
            "a hidden file published: {shown}"
        );
        let metadata = dossier::fsread::inspect(&loaded.root, path)
            .unwrap_or_else(|e| panic!("published {shown}, which is not a plain file: {e}"));
        assert!(
            metadata.len() <= loaded.config.max_asset_size,
            "{shown} too large"
        );
        if publish::asset_type(path) == Some(publish::AssetType::Svg) {
            assert!(
                !text.contains("<script") && !text.contains("onload"),
                "{shown}: {text}"
            );
        }
    }
}
