//! See `check::ingest_json`.
#![no_main]

#[path = "../src/check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::ingest_json(data));
