//! Integration tests: the real binary on temporary journals.

mod build;
mod check;
mod generator;
mod hostile;
mod hostile_bounds;
mod hostile_parse_term;
mod hostile_publish;
mod incremental;
mod init;
mod layering;
mod manual;
mod new;
mod output;
mod packet;
mod pages;
mod pdf;
mod privacy;
mod sanitize;
mod schema;
mod serve;
mod summary;
mod support;
mod wikilinks;
