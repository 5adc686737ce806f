//! End-to-end tests of the `bedside` binary. One test binary, one module per command.

mod util;

mod analyze;
mod eval;
mod html;
mod inspect;
mod merge;
mod score;
mod train;
