//! `dossier packet --pdf`: print the packet through a local Chromium or Chrome.
//!
//! (Being written.)

use std::path::Path;

use crate::error::{Error, Result};

/// Prints the HTML file `html` to the PDF file `pdf`.
pub fn print(_html: &Path, _pdf: &Path, _chrome: Option<&Path>) -> Result<()> {
    Err(Error::NotYet("packet --pdf"))
}
