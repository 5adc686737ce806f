//! See `check::phi`.
#![no_main]

#[path = "../src/check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|text: &str| check::phi(text));
