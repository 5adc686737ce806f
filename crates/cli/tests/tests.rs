//! End-to-end tests of the `bedside` binary. One test binary, one module per command.

mod util;

mod analyze;
mod eval;
mod inspect;
mod phi;
mod score;
mod train;
