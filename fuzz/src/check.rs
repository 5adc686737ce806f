#![allow(dead_code)] // Each fuzz target uses one of these functions.

//! What each fuzz target checks, shared with the regression test that replays
//! `fuzz/regressions/<target>/*` in the normal test suite
//! (`crates/bedside/tests/fuzz_regressions.rs`, which includes this file).

use std::io::Cursor;
use std::sync::OnceLock;

use bedside_ingest::MentionReaderBuilder;
use bedside_ingest::normalize::clean_text;
use bedside_score::tokenize::{Tokenizer, sentences};
use bedside_score::{PhiDetector, Pipeline};
use bedside_types::Mention;

/// CSV/TSV ingestion: any bytes, read as a `.csv` file (container, encoding and layout are
/// detected as for a real export). The first byte picks a tight field limit and a forced
/// delimiter, so those paths are fuzzed too.
pub fn ingest_csv(data: &[u8]) {
    let Some((&options, bytes)) = data.split_first() else { return };
    let mut builder = MentionReaderBuilder::new();
    if options & 1 == 1 {
        builder.max_field_bytes(16);
    }
    if options & 2 == 2 {
        builder.delimiter(Some([b',', b'\t', b';', b'|'][usize::from(options >> 2) % 4]));
    }
    read_all("fuzz.csv", &builder, bytes);
}

/// JSON and JSON Lines ingestion: any bytes, read as a `.json` or `.jsonl` file (the first
/// byte decides, and picks tight size and nesting limits).
pub fn ingest_json(data: &[u8]) {
    let Some((&options, bytes)) = data.split_first() else { return };
    let name = if options & 1 == 1 { "fuzz.jsonl" } else { "fuzz.json" };
    let mut builder = MentionReaderBuilder::new();
    if options & 2 == 2 {
        builder.max_field_bytes(16);
    }
    if options & 4 == 4 {
        builder.max_depth(3);
    }
    read_all(name, &builder, bytes);
}

/// Reads every record of `bytes` and checks the reader's promises: no panic, every record
/// read is accepted or rejected, rows are positive and never go backwards, accepted mentions
/// have text.
fn read_all(name: &str, builder: &MentionReaderBuilder, bytes: &[u8]) {
    let Ok(mut reader) = builder.from_reader(name, Cursor::new(bytes.to_vec())) else { return };
    let (mut n_accepted, mut n_rejected, mut last_row) = (0u64, 0u64, 0u64);
    for item in reader.by_ref() {
        let row = match &item {
            Ok(mention) => {
                assert!(!mention.text.trim().is_empty(), "accepted a blank text");
                n_accepted += 1;
                mention.origin.row
            }
            Err(e) => {
                n_rejected += 1;
                e.row
            }
        };
        assert!(row >= 1, "row 0");
        assert!(row >= last_row, "rows went backwards: {row} after {last_row}");
        last_row = row;
    }
    let stats = reader.stats();
    assert_eq!((stats.accepted, stats.rejected), (n_accepted, n_rejected));
    assert_eq!(stats.read, n_accepted + n_rejected);
}

/// Text repair, the tokenizer and the sentence splitter on any UTF-8 text: cleaned text has no
/// control characters but tab and line breaks, ASCII control characters in the input make no
/// other difference (they cannot hide an entity), tokens and sentences are in order, non-empty
/// and on character boundaries.
pub fn normalize_tokenize(text: &str) {
    let cleaned = clean_text(text);
    let is_stray_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    assert!(!cleaned.contains(is_stray_control), "control character left in cleaned text");
    let without_controls: String =
        text.chars().filter(|&c| !(c.is_ascii_control() && is_stray_control(c))).collect();
    assert_eq!(clean_text(&without_controls), cleaned, "control characters changed the text");
    for input in [text, &*cleaned] {
        let mut end = 0;
        for token in Tokenizer::new().tokens(input) {
            assert!(token.span.start >= end, "tokens overlap or go backwards");
            assert!(!token.text.is_empty(), "empty token");
            assert_eq!(&input[token.span.clone()], token.text);
            end = token.span.end;
        }
        let mut end = 0;
        for range in sentences(input) {
            assert!(range.start >= end && range.start < range.end, "bad sentence range");
            assert!(input.get(range.clone()).is_some(), "sentence not on char boundaries");
            end = range.end;
        }
    }
}

/// The whole scoring pipeline (provider resolution, sentiment, topics, aspects) on any text:
/// finite scores in range, wait spans inside the text.
pub fn score(text: &str) {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    let pipeline = PIPELINE
        .get_or_init(|| Pipeline::new().expect("BUG: the built-in pipeline does not build"));
    let mention = Mention { id: "fuzz".into(), text: text.to_string(), ..Mention::default() };
    let analysis = pipeline.analyze(&mention);
    let sentiment = &analysis.sentiment;
    for value in [sentiment.score(), sentiment.negative(), sentiment.positive()] {
        assert!(value.is_finite(), "non-finite sentiment");
    }
    assert!((-1.0..=1.0).contains(&sentiment.score()), "score out of range");
    for topic in &analysis.topics {
        assert!((-1.0..=1.0).contains(&topic.sentiment.score()), "topic score out of range");
    }
    for wait in &analysis.waits {
        let span = &wait.span;
        assert!(span.start <= span.end && span.end <= text.len(), "wait span out of the text");
    }
}

/// PHI detection and redaction on any text: hits are non-empty spans on character boundaries
/// with a confidence in [0, 1], detection is deterministic, and redaction puts each hit's
/// placeholder in the text.
pub fn phi(text: &str) {
    static DETECTOR: OnceLock<PhiDetector> = OnceLock::new();
    let detector = DETECTOR.get_or_init(PhiDetector::new);
    let hits = detector.detect(text);
    for hit in &hits {
        assert!(hit.span.start < hit.span.end, "empty PHI span");
        assert!(text.get(hit.span.clone()).is_some(), "PHI span not on char boundaries");
        assert!((0.0..=1.0).contains(&hit.confidence), "confidence out of range");
    }
    assert_eq!(hits, detector.detect(text), "PHI detection is not deterministic");
    let redacted = detector.redact(text);
    for hit in &hits {
        assert!(redacted.contains(hit.kind.placeholder()), "a hit without its placeholder");
    }
}
