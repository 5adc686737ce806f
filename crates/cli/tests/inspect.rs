//! `bedside inspect`: detection without analysis.

use crate::util::{bedside, parts};

#[test]
fn inspect_names_the_preset_and_counts_rejects() {
    let (code, stdout, _) =
        parts(&bedside(&["inspect", "datasets/demo/exports/brandwatch_mentions.csv"], b""));
    assert_eq!(code, 1, "the Brandwatch demo file has 3 bad rows: {stdout}");
    assert!(stdout.contains("format:      brandwatch"), "stdout: {stdout}");
    assert!(stdout.contains("records: read 1479, accepted 1476, rejected 3"), "stdout: {stdout}");
    assert!(stdout.contains("unparseable date (rows 788)"), "stdout: {stdout}");
}

#[test]
fn inspect_clean_file_exits_0() {
    let (code, stdout, stderr) = parts(&bedside(
        &["inspect", "datasets/fixtures/ingest/yelp.jsonl.gz", "--format", "yelp"],
        b"",
    ));
    assert_eq!(code, 0, "stdout: {stdout} stderr: {stderr}");
    assert!(stdout.contains("format:      yelp"), "stdout: {stdout}");
}
