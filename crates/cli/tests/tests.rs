//! End-to-end tests of the `bedside` binary. One test binary, one module per command.

mod util;

mod analyze;
mod atomic;
mod eval;
mod html;
mod hostile;
mod inspect;
mod merge;
mod score;
mod train;
