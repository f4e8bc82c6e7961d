//! Generates a synthetic journal with a long git history, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_journal -- --entries 1500 --commits 5000 --seed 1 OUT
//! cargo run --release --example gen_journal -- --entries 60 --commits 200 --stream > history.fi
//! ```
//!
//! `OUT` becomes a git repository whose root is the journal; `--stream` only
//! prints the `git fast-import` stream. See `generate.rs` for what is in it.

mod generate;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen_journal --entries N --commits M [--seed S] (OUT | --stream)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_journal: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut entries = None;
    let mut commits = None;
    let mut seed = 1;
    let mut stream = false;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let value = args.next().ok_or(format!("{name} needs a value"))?;
            value
                .replace('_', "")
                .parse()
                .map_err(|_| format!("{name}: `{value}` is not a number"))
        };
        match arg.as_str() {
            "--entries" => entries = Some(number("--entries")? as usize),
            "--commits" => commits = Some(number("--commits")? as usize),
            "--seed" => seed = number("--seed")?,
            "--stream" => stream = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ if arg.starts_with('-') => return Err(format!("unknown option `{arg}`")),
            _ if out.is_none() => out = Some(arg.into()),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let params = generate::Params {
        entries: entries.ok_or("--entries is required")?,
        commits: commits.ok_or("--commits is required")?,
        seed,
    };
    params.check()?;
    let started = Instant::now();
    let summary = if stream {
        let stdout = std::io::stdout();
        let mut lock = std::io::BufWriter::new(stdout.lock());
        generate::write_stream(&params, &mut lock).map_err(|e| e.to_string())?
    } else {
        let out = out.ok_or("give the folder to create, or --stream")?;
        generate::generate(&params, &out).map_err(|e| format!("{}: {e}", out.display()))?
    };
    eprintln!(
        "gen_journal: {} notes ({} goals, {} updates, {} meetings), {} commits, {} file versions, {:.1} MB of fast-import stream, in {:.2} s",
        summary.goals + summary.updates + summary.meetings,
        summary.goals,
        summary.updates,
        summary.meetings,
        summary.commits,
        summary.file_versions,
        summary.stream_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
