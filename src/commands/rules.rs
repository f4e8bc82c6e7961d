//! `dossier rules`: every rule with its default level, one line each, or
//! one rule explained with an example. The text is the rules' own (see
//! [`crate::diagnostic::Rule::summary`] and its neighbours), the same the
//! README's table and the man page's RULES section show.

use std::fmt::Write as _;
use std::process::ExitCode;

use crate::diagnostic::{Level, Rule, did_you_mean};
use crate::error::{Error, Result};

/// The width `dossier rules NAME` wraps its paragraphs at.
const WIDTH: usize = 79;

/// Runs the command: the list, or the explanation of `NAME`; an unknown
/// name is a usage error with a did-you-mean.
pub fn run(args: &super::cli::RulesArgs) -> Result<ExitCode> {
    let text = match args.name.as_deref() {
        None => list(),
        Some(name) => explain(find(name)?),
    };
    super::print_stdout(text.as_bytes())
}

/// The rule named `name`, or the usage error that says which one was meant.
pub fn find(name: &str) -> Result<Rule> {
    let name = name.trim();
    Rule::from_name(name)
        .or_else(|| Rule::from_name(&name.to_lowercase()))
        .ok_or_else(|| {
            let names = Rule::ALL.iter().map(|rule| rule.name());
            let hint =
                did_you_mean(name, names).map_or_else(String::new, |hint| format!(": {hint}"));
            // The binary prints it escaped, as every error.
            Error::Usage(format!(
                "no rule named `{name}`{hint} (`dossier rules` lists them all)"
            ))
        })
}

/// Every rule on one line: its name, its default level, what it finds.
pub fn list() -> String {
    let width = Rule::ALL
        .iter()
        .map(|rule| rule.name().len())
        .max()
        .unwrap_or(0);
    let mut out = format!("{:width$}  {:7}  what it finds\n", "rule", "default");
    for rule in Rule::ALL {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}",
            rule.name(),
            rule.default_level().name(),
            rule.summary()
        );
    }
    out.push_str(
        "\nChange a level in dossier.toml's [rules] (`empty-body = \"allow\"`), or on one note \
         with `allow: [empty-body]` in its frontmatter.\n`dossier rules NAME` explains a rule, \
         with an example.\n",
    );
    out
}

/// One rule explained: what it finds, an example that triggers it, and how
/// to change its level.
pub fn explain(rule: Rule) -> String {
    let name = rule.name();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{name} (default: {})\n\n{}\n",
        rule.default_level().name(),
        fill(rule.summary())
    );
    let _ = writeln!(out, "{}\n", fill(rule.explanation()));
    out.push_str("Example:\n");
    for file in rule.example() {
        if file.path.starts_with("$ ") {
            let _ = writeln!(out, "\n  {}", file.path);
            continue;
        }
        let _ = writeln!(out, "\n  {}:", file.path);
        for line in file.text.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    let others: Vec<&str> = Level::NAMES
        .iter()
        .copied()
        .filter(|level| *level != "allow")
        .collect();
    let _ = write!(
        out,
        "\nTo change its level for the whole journal, in dossier.toml:\n\n  \
         [rules]\n  {name} = \"allow\"   # or {}\n\n",
        others
            .iter()
            .map(|level| format!("\"{level}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if rule.per_note() {
        let _ = writeln!(
            out,
            "To silence it on one note only, in that note's frontmatter:\n\n  allow: [{name}]"
        );
    } else if rule.default_level() == crate::diagnostic::Level::Error {
        out.push_str(&fill(
            "A note's own `allow` list does not silence it: it is an error, and a note with an \
             error is left out of the site and the packet, so it is fixed, not allowed.",
        ));
        out.push('\n');
    } else {
        out.push_str(&fill(
            "A note's own `allow` list does not silence it: it is reported about dossier.toml, \
             the journal as a whole, or a file whose frontmatter cannot be read.",
        ));
        out.push('\n');
    }
    out
}

fn fill(text: &str) -> String {
    textwrap::fill(text, WIDTH)
}
