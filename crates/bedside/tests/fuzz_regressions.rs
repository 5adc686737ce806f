//! Replays the fuzzing inputs kept in `fuzz/regressions/<target>/` through the fuzz targets'
//! own checks (`fuzz/src/check.rs`), so that what fuzzing found stays fixed without a nightly
//! toolchain. See "Fuzzing" in the README.

use std::fs;
use std::path::PathBuf;

#[path = "../../../fuzz/src/check.rs"]
mod check;

/// The inputs kept for `target`, as `(file name, bytes)`.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let mut inputs: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&path).unwrap())
        })
        .filter(|(name, _)| name != "README.md")
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    inputs
}

/// Runs `check` on every input of `target`, naming the input that fails.
fn replay(target: &str, check: impl Fn(&[u8])) {
    for (name, bytes) in inputs(target) {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        assert!(result.is_ok(), "fuzz/regressions/{target}/{name} fails");
    }
}

#[test]
fn ingest_csv() {
    replay("ingest_csv", check::ingest_csv);
}

#[test]
fn ingest_json() {
    replay("ingest_json", check::ingest_json);
}

/// The text targets get UTF-8, as libFuzzer gives them (it skips inputs that are not).
#[test]
fn normalize_tokenize() {
    replay("normalize_tokenize", |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check::normalize_tokenize(text);
        }
    });
}

#[test]
fn score() {
    replay("score", |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check::score(text);
        }
    });
}

#[test]
fn phi() {
    replay("phi", |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check::phi(text);
        }
    });
}
