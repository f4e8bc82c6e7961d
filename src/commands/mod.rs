//! The subcommands: their arguments ([`cli`]) and what each runs. The
//! pipeline's stages never import from here; `check`, `build` and `packet`
//! are run by the binary itself (`src/main.rs`), the rest here.

pub mod cli;
pub mod init;
pub mod manual;
pub mod new;
pub mod pdf;
pub mod rules;
pub mod schema;
pub mod serve;

/// Prints `bytes` on standard output; a pipe closed early (`dossier man |
/// head`) is not a failure.
pub(crate) fn print_stdout(bytes: &[u8]) -> crate::error::Result<std::process::ExitCode> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(std::process::ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(std::process::ExitCode::SUCCESS),
        Err(e) => Err(crate::error::Error::io("write to", "standard output")(e)),
    }
}
