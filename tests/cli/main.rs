//! Integration tests: the real binary on temporary journals.

mod allow;
mod build;
mod check;
mod everyday;
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
mod pdf;
mod privacy;
mod rules;
mod sanitize;
mod schema;
mod serve;
mod staged;
mod summary;
mod support;
mod wikilinks;
