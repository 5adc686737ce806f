//! `bedside train` and `bedside explain`: deterministic training on the CSV format, and a model
//! file the other commands can load.

use crate::util::{Dir, bedside, parts};

#[test]
fn train_is_byte_reproducible_and_its_model_scores() {
    let dir = Dir::new("train");
    let (a, b) = (dir.path.join("a.bin"), dir.path.join("b.bin"));
    for out in [&a, &b] {
        let (code, _, stderr) = parts(&bedside(
            &[
                "train",
                "--data",
                "datasets/fixtures/train/small.csv",
                "--out",
                out.to_str().unwrap(),
                "--folds",
                "0",
                "--bits",
                "12",
            ],
            b"",
        ));
        assert_eq!(code, 0, "stderr: {stderr}");
        let version = format!("format_version {}", bedside::score::learned::FORMAT_VERSION);
        assert!(stderr.contains(&version), "stderr: {stderr}");
    }
    let model = std::fs::read(&a).unwrap();
    assert_eq!(model, std::fs::read(&b).unwrap(), "same data and seed, different model");
    // Header with the bias and scales, int8 sparse rows, bfloat16 dense rows, checksum.
    assert_eq!(
        model.len(),
        8 + 4 * 10 + 16 + 16 + (1 << 12) * 4 + bedside::score::learned::N_DENSE * 4 * 2 + 8
    );
    let (code, stdout, stderr) = parts(&bedside(
        &["score", "--model", a.to_str().unwrap()],
        b"Lovely staff and a clean ward\n",
    ));
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(stdout.contains("\"label\":\"positive\""), "stdout: {stdout}");
}

#[test]
fn train_rejects_bad_labels_without_echoing_text() {
    let dir = Dir::new("train-bad");
    let data = dir.write("bad.csv", b"text,label\nmy private words,great\n");
    let (code, _, stderr) =
        parts(&bedside(&["train", "--data", data.to_str().unwrap(), "--folds", "2"], b""));
    assert_eq!(code, 2, "stderr: {stderr}");
    assert!(stderr.contains("row 2, column label"), "stderr: {stderr}");
    assert!(!stderr.contains("private"), "stderr: {stderr}");
}

#[test]
fn explain_lists_the_spans_with_the_shipped_model() {
    let (code, stdout, stderr) =
        parts(&bedside(&["explain", "Lovely nurses but a filthy ward"], b""));
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(stdout.starts_with("label negative"), "stdout: {stdout}");
    assert!(stdout.contains("0..6  Lovely") && stdout.contains("20..26  filthy"), "{stdout}");
}

#[test]
fn train_topics_is_reproducible_and_reports_cross_validation() {
    let dir = Dir::new("train-topics");
    let (a, b) = (dir.path.join("a.bin"), dir.path.join("b.bin"));
    for out in [&a, &b] {
        let args = [
            "train",
            "--task",
            "topics",
            "--data",
            "datasets/fixtures/train/topics_small.csv",
            "--out",
            out.to_str().unwrap(),
            "--folds",
            "3",
            "--bits",
            "12",
        ];
        let (code, stdout, stderr) = parts(&bedside(&args, b""));
        assert_eq!(code, 0, "stderr: {stderr}");
        assert!(stdout.contains("| wait_times | 12 |"), "stdout: {stdout}");
        assert!(stdout.contains("learned: micro P"), "stdout: {stdout}");
        assert!(stderr.contains("(2 topics, format_version 1)"), "stderr: {stderr}");
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn train_topics_rejects_unknown_topics_without_echoing_text() {
    let dir = Dir::new("train-topics-bad");
    let data = dir.write("bad.csv", b"text,topics\nmy private words,wait_times;no_such_topic\n");
    let args = ["train", "--task", "topics", "--data", data.to_str().unwrap(), "--folds", "2"];
    let (code, _, stderr) = parts(&bedside(&args, b""));
    assert_eq!(code, 2, "stderr: {stderr}");
    assert!(stderr.contains("row 2, column topics"), "stderr: {stderr}");
    assert!(!stderr.contains("private") && !stderr.contains("no_such"), "stderr: {stderr}");
}
