//! `dossier new`: write a new goal, update or meeting with its frontmatter
//! filled in, and print its path.
//!
//! Only fields are filled in, from the journal itself: today's date, the
//! period since the previous update, its recipients, the goals still open.
//! The body gets section headings and nothing else: dossier never writes the
//! engineer's words. A new file never replaces an existing one: its name gets
//! `-2`, `-3`... when the slug is taken.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::ToSpan;
use jiff::civil::Date;

use crate::commands::cli::{NewArgs, NewKind};
use crate::config::Config;
use crate::diagnostic::Report;
use crate::entry::{Choice, Entry, Fields, Kind, Leverage, MeetingType, Status};
use crate::error::{Error, Result};

/// The longest slug made from a title, in characters.
pub const MAX_SLUG_CHARS: usize = 60;

/// Runs the command: writes the entry, prints its path, opens the editor if asked.
pub fn run(args: &NewArgs) -> Result<ExitCode> {
    let today = crate::resolve_today(args.today.as_deref())?;
    // The journal that holds the folder given (`-C`, else the current one).
    let located = crate::config::locate(&args.journal)?;
    let root = &located.root;
    let kind = kind_of(args.kind);
    let title = args
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if kind == Kind::Goal && title.is_none() {
        return Err(Error::Usage(
            "a goal needs a title: `dossier new goal \"What will be true when it succeeds\"`"
                .into(),
        ));
    }

    let journal = read_journal(root, today);
    let schema = root
        .join(".dossier/schema")
        .join(format!("{}.json", kind.name()))
        .is_file()
        .then(|| kind.name());
    let text = match kind {
        Kind::Goal => goal_text(title.unwrap_or_default(), today, schema),
        Kind::Update => update_text(title, today, &journal, schema),
        Kind::Meeting => meeting_text(title, today, schema),
        Kind::Summary => summary_text(title, today, &journal.config, schema),
        Kind::Feedback => feedback_text(title, today, schema),
    };
    let given = args
        .slug
        .as_deref()
        .map(|slug| given_slug(slug, kind, &journal.slugs))
        .transpose()?;
    let stem = match (kind, title) {
        _ if given.is_some() => given.clone().unwrap_or_default(),
        (Kind::Goal, title) => slug(title.unwrap_or_default(), today),
        // Named after its period (`summaries/2026-H2.md`), as written
        // when that is a plain file name.
        (Kind::Summary, _) => summary_period(&journal.config, today)
            .map(|(name, _)| {
                let plain = name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
                if plain && !name.starts_with('.') {
                    name
                } else {
                    slugify(&name)
                }
            })
            .filter(|stem| !stem.is_empty())
            .unwrap_or_else(|| today.to_string()),
        (_, None) => today.to_string(),
        (_, Some(title)) => {
            let slug = slugify(title);
            if slug.is_empty() {
                today.to_string()
            } else {
                format!("{today}-{slug}")
            }
        }
    };
    let taken: BTreeSet<String> = journal
        .slugs
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, s)| s.clone())
        .collect();
    let folder = if root == Path::new(".") {
        PathBuf::from(kind.folder())
    } else {
        root.join(kind.folder())
    };
    let path = write_unique(&folder, &stem, &taken, text.as_bytes())?;
    crate::outln!("{}", path.display());
    if args.edit {
        edit(&path)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The slug `--slug` asks for, when it can be a file name and is free: a
/// slug typed into `goals:` must be the file's name exactly, so a taken one
/// is refused rather than numbered.
fn given_slug(slug: &str, kind: Kind, taken: &[(Kind, String)]) -> Result<String> {
    let slug = slug.trim().trim_end_matches(".md");
    let plain = !slug.is_empty()
        && !slug.starts_with('.')
        && slug.chars().count() <= MAX_SLUG_CHARS
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        let suggestion = slugify(slug);
        return Err(Error::Usage(format!(
            "`{slug}` cannot be a slug: use letters, digits, `-`, `_` and `.`, at most {MAX_SLUG_CHARS} characters{}",
            if suggestion.is_empty() {
                String::new()
            } else {
                format!(", e.g. `{suggestion}`")
            }
        )));
    }
    if taken
        .iter()
        .any(|(k, s)| *k == kind && s.eq_ignore_ascii_case(slug))
    {
        return Err(Error::Usage(format!(
            "a {} with the slug `{slug}` already exists in {}/: choose another --slug",
            kind.name(),
            kind.folder()
        )));
    }
    Ok(slug.to_string())
}

fn kind_of(kind: NewKind) -> Kind {
    match kind {
        NewKind::Goal => Kind::Goal,
        NewKind::Update => Kind::Update,
        NewKind::Meeting => Kind::Meeting,
        NewKind::Summary => Kind::Summary,
        NewKind::Feedback => Kind::Feedback,
    }
}

/// What `new` needs to know about the journal.
struct JournalFacts {
    config: Config,
    entries: Vec<Entry>,
    /// The slug of every file recognised as an entry, valid or not.
    slugs: Vec<(Kind, String)>,
}

/// Reads the journal's settings and valid entries; problems in the notes
/// are not this command's business (`dossier check` reports them), and no
/// git history is read.
fn read_journal(root: &Path, today: Date) -> JournalFacts {
    let mut report = Report::new();
    let config = Config::load(root, root, &mut report);
    let discovered = crate::discover::discover(root, None);
    let context = crate::validate::Context {
        root,
        source: &crate::source::Source::WorkingTree,
        shown_root: root,
        config: &config,
        today,
        exclude: None,
    };
    let files = crate::validate::files(
        &context,
        &discovered.candidates,
        &mut report,
        crate::Reuse::NONE,
    );
    let entries = crate::validate::rules(&context, files, &mut report, crate::Reuse::NONE);
    let slugs = discovered
        .candidates
        .iter()
        .filter_map(|c| {
            c.folder_kind
                .map(|k| (k, crate::validate::slug_of(&c.path)))
        })
        .collect();
    JournalFacts {
        config,
        entries,
        slugs,
    }
}

/// A file-name slug made from a title: lowercase; letters and digits of any
/// script (and the combining marks that belong to them) kept; every other
/// run of characters becomes one hyphen; no hyphen at either end; at most
/// [`MAX_SLUG_CHARS`] characters. Empty when the title has no letter or digit.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    let mut count = 0;
    let mut pending_hyphen = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || (is_combining_mark(c) && !slug.is_empty() && !pending_hyphen) {
            if pending_hyphen {
                if count + 1 >= MAX_SLUG_CHARS {
                    break;
                }
                slug.push('-');
                count += 1;
                pending_hyphen = false;
            }
            if count >= MAX_SLUG_CHARS {
                break;
            }
            slug.push(c);
            count += 1;
        } else if !slug.is_empty() {
            pending_hyphen = true;
        }
    }
    slug
}

/// The slug of a title, or today's date when the title gives none.
pub fn slug(title: &str, today: Date) -> String {
    let slug = slugify(title);
    if slug.is_empty() {
        today.to_string()
    } else {
        slug
    }
}

/// Combining diacritical marks (as in a decomposed `é`): part of the letter before.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Creates `folder/STEM.md`, or `STEM-2.md`, `STEM-3.md`... when the name is
/// taken (by a file, or by an entry of the same slug in a subfolder). Never
/// replaces a file, even one created meanwhile. Returns the path written.
fn write_unique(
    folder: &Path,
    stem: &str,
    taken: &BTreeSet<String>,
    bytes: &[u8],
) -> Result<PathBuf> {
    std::fs::create_dir_all(folder).map_err(Error::io("create folder", folder))?;
    for n in 1.. {
        let name = if n == 1 {
            stem.to_string()
        } else {
            format!("{stem}-{n}")
        };
        if taken.contains(&name) {
            continue;
        }
        let path = folder.join(format!("{name}.md"));
        match create_new(&path, bytes) {
            Ok(()) => return Ok(path),
            Err(Error::Exists(_)) => continue,
            Err(error) => return Err(error),
        }
    }
    unreachable!("an unbounded range always yields a free name")
}

/// Writes `bytes` to a file that must not exist yet: [`Error::Exists`] if it
/// does, whatever happened since it was last looked at.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Exists(path.to_path_buf()));
        }
        Err(error) => return Err(Error::io("create", path)(error)),
    };
    file.write_all(bytes).map_err(Error::io("write", path))
}

/// A YAML scalar for a string: plain when that reads back as the same
/// string, double-quoted otherwise.
pub fn yaml_string(text: &str) -> String {
    let plain = text
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '(')
        && !text.ends_with(char::is_whitespace)
        && !text.contains(": ")
        && !text.ends_with(':')
        && !text.contains(" #")
        && !text
            .chars()
            .any(|c| c.is_control() || matches!(c, '"' | '\\' | '[' | ']' | '{' | '}' | ',' | '`'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        return text.to_string();
    }
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// `name:` then a block list, one item per line (a comma in an item
/// never splits it, as it would in `[a, b]`); `name: []` when empty, under
/// a comment that asks for one item per line.
fn yaml_list(name: &str, items: &[String]) -> String {
    if items.is_empty() {
        return format!("{name}: []\n");
    }
    let mut out = format!("{name}:\n");
    for item in items {
        out.push_str(&format!("  - {}\n", yaml_string(item)));
    }
    out
}

fn schema_line(schema: Option<&str>) -> String {
    schema
        .map(|kind| format!("# yaml-language-server: $schema=../.dossier/schema/{kind}.json\n"))
        .unwrap_or_default()
}

fn names<T: Choice + PartialEq>() -> String {
    let names = T::names();
    match names.split_last() {
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The text of a new goal.
pub fn goal_text(title: &str, today: Date, schema: Option<&str>) -> String {
    format!(
        "---\n{schema}title: {title}\n# status: {statuses}\nstatus: {proposed}\nstarted: {today}\n\
         # target: YYYY-MM-DD, when it is meant to be done\n\
         # leverage: any of {leverage}, one per line, as \"- ...\"\nleverage: []\n\
         # stakeholders: who cares about it, one per line, as \"- Name (Role)\"\nstakeholders: []\n\
         # role: your part, {roles}; credit: who else did what\n\
         # criteria: the keys of dossier.toml's [ladder] it evidences; glue: true for glue work\n---\n\
         ## Why it matters\n\n## What success looks like\n",
        schema = schema_line(schema),
        title = yaml_string(title),
        statuses = names::<Status>(),
        proposed = Status::Proposed.name(),
        leverage = names::<Leverage>(),
        roles = names::<crate::entry::Role>(),
    )
}

/// The text of a new update: the period since the previous update (or the
/// last `cadence_days` days), its recipients, and the goals still open.
fn update_text(
    title: Option<&str>,
    today: Date,
    journal: &JournalFacts,
    schema: Option<&str>,
) -> String {
    let mut updates: Vec<(Date, &[String])> = journal
        .entries
        .iter()
        .filter_map(|e| match &e.fields {
            Fields::Update(u) if u.date < today => Some((u.date, u.to.as_slice())),
            _ => None,
        })
        .collect();
    updates.sort_by_key(|(date, _)| *date);
    let from = match updates.last() {
        Some((date, _)) => date.saturating_add(1.day()),
        None => {
            let days = i64::from(journal.config.cadence_days.max(1)) - 1;
            today.saturating_sub(days.days())
        }
    };
    let to: Vec<String> = updates
        .iter()
        .rev()
        .find(|(_, to)| !to.is_empty())
        .map(|(_, to)| to.to_vec())
        .unwrap_or_default();
    let mut goals: Vec<String> = journal
        .entries
        .iter()
        .filter(|e| {
            e.goal()
                .is_some_and(|g| matches!(g.status, Status::Active | Status::Blocked))
        })
        .map(|e| e.slug.clone())
        .collect();
    goals.sort();
    goals.dedup();
    let title = title
        .map(|t| format!("title: {}\n", yaml_string(t)))
        .unwrap_or_default();
    let to_comment = if to.is_empty() {
        "# to: who it is sent to, one per line, as \"- Name (Role)\"\n"
    } else {
        ""
    };
    format!(
        "---\n{schema}{title}date: {today}\nperiod: \"{from}..{today}\"\n{to_comment}{to}{goals}---\n\
         ## Done\n\n## Next\n\n## Help needed\n",
        schema = schema_line(schema),
        to = yaml_list("to", &to),
        goals = yaml_list("goals", &goals),
    )
}

/// The text of a new meeting.
fn meeting_text(title: Option<&str>, today: Date, schema: Option<&str>) -> String {
    format!(
        "---\n{schema}title:{title}\ndate: {today}\n\
         # with: one person per line, as \"- Name (Role, Org)\" or \"- {{ name: ..., role: ..., org: ... }}\"\nwith: []\n\
         # type: {types} (with mentoring: given or received)\ntype:\n\
         # org: the part of the business they are from (Finance, Sales...)\norg:\n\
         # problems: the problems they raised, one per line, as \"- ...\"\nproblems: []\n\
         # goals: slugs of the goals it relates to or led to, one per line, as \"- ...\"\ngoals: []\n---\n\
         ## Notes\n\n## Follow-ups\n",
        schema = schema_line(schema),
        title = title
            .map(|t| format!(" {}", yaml_string(t)))
            .unwrap_or_default(),
        types = names::<MeetingType>(),
    )
}

/// Feedback: `from` left to fill in (a scaffold kept as written is an
/// error), `consent: false` written out as the safe default, the body only
/// a heading. The words are theirs, as the author writes them down.
fn feedback_text(title: Option<&str>, today: Date, schema: Option<&str>) -> String {
    format!(
        "---\n{schema}title:{title}\ndate: {today}\n\
         # from: one person, as \"Name (Role, Org)\" or \"{{ name: ..., role: ..., org: ... }}\"\nfrom:\n\
         # consent: true only if they agreed to be quoted with their name in your packet;\n\
         # false keeps it for you alone (never published, like private: true)\nconsent: false\n\
         # reference: true if they agreed to speak for you as a reference (needs consent: true)\nreference: false\n\
         # goals: slugs of the goals it is about, one per line, as \"- ...\"\ngoals: []\n---\n\
         ## In their words\n",
        schema = schema_line(schema),
        title = title
            .map(|t| format!(" {}", yaml_string(t)))
            .unwrap_or_default(),
    )
}

/// The period a new summary is for: the named period that holds today, else
/// the latest that has begun (a summary is often written just after its
/// period), as its name and its text in `period:`.
fn summary_period(config: &Config, today: Date) -> Option<(String, String)> {
    config
        .periods
        .iter()
        .find(|p| p.range.contains(today))
        .or_else(|| {
            config
                .periods
                .iter()
                .filter(|p| p.range.from <= today)
                .max_by_key(|p| p.range.from)
        })
        .map(|p| (p.name.clone(), yaml_string(&p.name)))
}

/// A summary: the period filled in, the body only headings. Its words are
/// the author's case; dossier never suggests them.
fn summary_text(title: Option<&str>, today: Date, config: &Config, schema: Option<&str>) -> String {
    let period = summary_period(config, today).map_or_else(
        || {
            let from = today.saturating_sub(1.year()).saturating_add(1.day());
            format!("\"{from}..{today}\"")
        },
        |(_, text)| text,
    );
    format!(
        "---\n{schema}{title}date: {today}\n\
         # period: a name from [periods] in dossier.toml, or the days as \"YYYY-MM-DD..YYYY-MM-DD\"\n\
         period: {period}\n---\n\
         ## The case\n\n## Scope\n\n## Outcomes\n\n## Next\n",
        schema = schema_line(schema),
        title = title
            .map(|t| format!("title: {}\n", yaml_string(t)))
            .unwrap_or_default(),
    )
}

/// Opens `path` in `$VISUAL` or `$EDITOR` (split on whitespace for its
/// arguments) and waits for it to close.
fn edit(path: &Path) -> Result<()> {
    let command = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .ok_or_else(|| {
            Error::Editor(format!(
                "--edit needs $VISUAL or $EDITOR to name an editor (e.g. `export EDITOR=vim`); `{}` was written",
                path.display()
            ))
        })?;
    let mut words = command.split_whitespace();
    let program = words.next().unwrap_or_default();
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .map_err(|e| Error::Editor(format!("failed to run the editor `{command}`: {e}")))?;
    if !status.success() {
        return Err(Error::Editor(format!(
            "the editor `{command}` exited with {status}; `{}` was kept",
            path.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slugify("Café ☕ Déjà vu!"), "café-déjà-vu");
        assert_eq!(
            slugify("  Cut checkout p99 -- by half  "),
            "cut-checkout-p99-by-half"
        );
        assert_eq!(slugify("Ускорить оплату"), "ускорить-оплату");
        assert_eq!(slugify("決済の高速化"), "決済の高速化");
        // A decomposed é keeps its accent in the slug.
        assert_eq!(slugify("Cafe\u{301} sync"), "cafe\u{301}-sync");
        assert_eq!(slugify("☕ !!"), "");
        assert_eq!(slug("☕", "2026-11-23".parse().unwrap()), "2026-11-23");
    }

    #[test]
    fn slugs_are_capped_on_a_char_boundary_without_a_trailing_hyphen() {
        let long = "é".repeat(100);
        assert_eq!(slugify(&long).chars().count(), MAX_SLUG_CHARS);
        let words = "ab ".repeat(40);
        let slug = slugify(&words);
        assert!(slug.chars().count() <= MAX_SLUG_CHARS, "{slug}");
        assert!(!slug.ends_with('-'), "{slug}");
    }

    #[test]
    fn yaml_strings_read_back_unchanged() {
        for text in [
            "Cut checkout latency",
            "RFC: dated versions",
            "2026 roadmap",
            "yes",
            "Sam Ortiz (Engineering Manager)",
            "a \"quoted\" #tag, [x] {y} \\ z",
            "- dash",
            "Café ☕ Déjà vu!",
            "trailing ",
            "ends with colon:",
            "&anchor *alias !tag",
        ] {
            let yaml = format!("title: {}\n", yaml_string(text));
            let node = crate::parse::yaml::parse(&yaml)
                .unwrap_or_else(|e| panic!("{yaml}: {e:?}"))
                .unwrap();
            let value = node.get("title").and_then(crate::node::Node::scalar_text);
            assert_eq!(value.as_deref(), Some(text), "{yaml}");
            assert_eq!(
                node.get("title")
                    .map(|n| matches!(n.value, crate::node::Value::Str(_))),
                Some(true),
                "{yaml} is not read as a string"
            );
        }
    }
}
