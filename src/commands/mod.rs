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
