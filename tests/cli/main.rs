//! Integration tests: the real binary on temporary journals.

mod build;
mod check;
mod packet;
mod support;
