//! See `check::normalize_tokenize`.
#![no_main]

#[path = "../src/check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|text: &str| check::normalize_tokenize(text));
