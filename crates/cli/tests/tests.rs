//! End-to-end tests of the `bedside` binary. One test binary, one module per command.

mod util;

mod analyze;
mod atomic;
mod eval;
mod hostile;
mod html;
mod inspect;
mod merge;
mod phi;
mod score;
mod train;
