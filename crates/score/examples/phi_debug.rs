//! Prints each line of stdin redacted, with the kinds and confidences of the PHI found: a tool
//! to look at the detector's rules on hand-written text.
//!
//! `printf 'My mother Jane Doe\n' | cargo run -p bedside-score --example phi_debug`
use std::io::BufRead;
fn main() {
    let detector = bedside_score::phi::PhiDetector::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let d = detector.detect_with_names(&line);
        println!(
            "{} | {:?}",
            bedside_score::phi::redact(&line, &d.hits),
            d.hits.iter().map(|h| (h.kind, h.confidence)).collect::<Vec<_>>()
        );
    }
}
