//! `dossier completions` and `dossier man`: shell completions and the man
//! page, generated from the same clap definition as `--help`, so that the
//! three never disagree.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::commands::cli::{Cli, CompletionsArgs, Shell};
use crate::diagnostic::Rule;
use crate::error::{Error, Result};

/// Prints completions for a shell to stdout.
pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
        Shell::Elvish => clap_complete::Shell::Elvish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "dossier", &mut out);
    super::print_stdout(&out)
}

/// Prints the man page (roff) to stdout: the whole command line, with a
/// section per command giving its synopsis, options and examples.
pub fn man() -> Result<ExitCode> {
    super::print_stdout(&man_page()?)
}

/// The man page of the whole command line, as roff.
pub fn man_page() -> Result<Vec<u8>> {
    let command = Cli::command();
    let render_error =
        |e: std::io::Error| Error::Usage(format!("failed to render the man page: {e}"));
    let mut out = Vec::new();
    let page = clap_mangen::Man::new(command.clone());
    page.render_title(&mut out).map_err(render_error)?;
    page.render_name_section(&mut out).map_err(render_error)?;
    page.render_synopsis_section(&mut out)
        .map_err(render_error)?;
    page.render_description_section(&mut out)
        .map_err(render_error)?;
    page.render_options_section(&mut out)
        .map_err(render_error)?;
    page.render_subcommands_section(&mut out)
        .map_err(render_error)?;
    // One section per command: its synopsis, options and examples, with the
    // headings of its own page turned into subsections.
    for sub in command.get_subcommands() {
        let sub = sub.clone().bin_name(format!("dossier {}", sub.get_name()));
        let sub_page = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        sub_page
            .render_synopsis_section(&mut part)
            .map_err(render_error)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            sub_page
                .render_options_section(&mut part)
                .map_err(render_error)?;
        }
        if sub.get_after_help().is_some() {
            sub_page
                .render_extra_section(&mut part)
                .map_err(render_error)?;
        }
        let title = format!("DOSSIER {}", sub.get_name().to_uppercase());
        writeln!(out, ".SH \"{title}\"").map_err(render_error)?;
        if let Some(about) = sub.get_about() {
            writeln!(out, "{}", roff_text(&about.to_string())).map_err(render_error)?;
        }
        let part = format!("\n{}", String::from_utf8_lossy(&part))
            .replace("\n.SH EXTRA", "\n.SS NOTES")
            .replace("\n.SH ", "\n.SS ");
        out.extend_from_slice(&part.as_bytes()[1..]);
    }
    rules_section(&mut out).map_err(render_error)?;
    page.render_version_section(&mut out)
        .map_err(render_error)?;
    Ok(tidy(&String::from_utf8_lossy(&out)).into_bytes())
}

/// The RULES section: every rule, its default level, what it finds and
/// more, from the rules' own text (as `dossier rules` prints it).
fn rules_section(out: &mut Vec<u8>) -> std::io::Result<()> {
    writeln!(out, ".SH RULES")?;
    writeln!(
        out,
        "{}",
        roff_text(
            "Every check dossier check makes is a rule with a default level. Change a level for \
             the whole journal in the [rules] table of dossier.toml (empty-body = \"allow\"; \
             levels allow, note, warn, error), or silence a rule on one note with allow: \
             [empty-body] in its frontmatter. dossier rules NAME shows an example of each."
        )
    )?;
    for rule in Rule::ALL {
        writeln!(out, ".TP")?;
        writeln!(
            out,
            "\\fB{}\\fR (default: {})",
            roff_text(rule.name()),
            rule.default_level().name()
        )?;
        writeln!(out, "{}", roff_text(rule.summary()))?;
        writeln!(out, ".br")?;
        writeln!(out, "{}", roff_text(rule.explanation()))?;
        if !rule.per_note() {
            writeln!(out, ".br")?;
            writeln!(out, "A note's own allow list does not silence it.")?;
        }
    }
    Ok(())
}

/// clap_mangen starts every section with the definition of the `Aq` string;
/// keep one, after the `.TH` line, so that the page starts with `.TH` as man
/// pages do.
fn tidy(roff: &str) -> String {
    const PREAMBLE: [&str; 2] = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];
    let mut out = String::new();
    let mut lines = roff.lines().filter(|line| !PREAMBLE.contains(line));
    if let Some(title) = lines.next() {
        out.push_str(title);
        out.push('\n');
        for line in PREAMBLE {
            out.push_str(line);
            out.push('\n');
        }
    }
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Text for a roff paragraph: backslashes escaped, no line starting with a
/// control character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
