//! PHI detection on the synthetic evaluation set `datasets/phi/`: recall and precision per kind
//! and overall, on the main part (hand-written and generated texts, used while building the
//! detector) and on the held-out part (hand-written after the detector was built, never used to
//! tune it). A gold span is found when a hit of the same kind overlaps it; a hit is right when
//! it overlaps a gold span of its kind. Run with `--nocapture` for the figures, and set
//! `BEDSIDE_PHI_VERBOSE=1` to list the misses and false alarms by id.

use std::collections::BTreeMap;
use std::ops::Range;

use bedside_score::phi::{PhiDetector, redact};
use bedside_types::{PhiHit, PhiKind};

const MAIN: &str = include_str!("../../../datasets/phi/phi_main.jsonl");
const HOLDOUT: &str = include_str!("../../../datasets/phi/phi_holdout.jsonl");
const HOLDOUT2: &str = include_str!("../../../datasets/phi/phi_holdout2.jsonl");

/// The bar of issue 6, on the main part.
const MIN_RECALL: f64 = 0.98;
const MIN_PRECISION: f64 = 0.90;

/// Regression floors on the held-out part, below the main bar: it was not tuned on.
const MIN_HOLDOUT_RECALL: f64 = 0.90;
const MIN_HOLDOUT_PRECISION: f64 = 0.85;

struct Case {
    id: String,
    text: String,
    spans: Vec<(Range<usize>, PhiKind)>,
}

fn load(data: &str, name: &str) -> Vec<Case> {
    data.lines()
        .enumerate()
        .map(|(idx, line)| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{name} line {}: bad JSON: {e}", idx + 1));
            let text = value["text"].as_str().expect("text").to_owned();
            let spans = value["spans"]
                .as_array()
                .expect("spans")
                .iter()
                .map(|s| {
                    let start = s["start"].as_u64().expect("start") as usize;
                    let end = s["end"].as_u64().expect("end") as usize;
                    let kind = PhiKind::from_name(s["kind"].as_str().expect("kind"))
                        .unwrap_or_else(|| panic!("{name} line {}: unknown kind", idx + 1));
                    assert!(start < end && end <= text.len(), "{name} line {}: bad span", idx + 1);
                    (start..end, kind)
                })
                .collect();
            Case { id: value["id"].as_str().expect("id").to_owned(), text, spans }
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Tally {
    gold: usize,
    found: usize,
    predicted: usize,
    right: usize,
}

impl Tally {
    fn recall(self) -> f64 {
        if self.gold == 0 { 1.0 } else { self.found as f64 / self.gold as f64 }
    }
    fn precision(self) -> f64 {
        if self.predicted == 0 { 1.0 } else { self.right as f64 / self.predicted as f64 }
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Scores the detector on `cases`: per kind and overall.
fn evaluate(cases: &[Case], detector: &PhiDetector, label: &str) -> Tally {
    let verbose = std::env::var_os("BEDSIDE_PHI_VERBOSE").is_some();
    let mut by_kind: BTreeMap<PhiKind, Tally> = BTreeMap::new();
    for case in cases {
        let hits: Vec<PhiHit> = detector.detect(&case.text);
        for (span, kind) in &case.spans {
            let tally = by_kind.entry(*kind).or_default();
            tally.gold += 1;
            if hits.iter().any(|h| h.kind == *kind && overlaps(&h.span, span)) {
                tally.found += 1;
            } else if verbose {
                println!("MISS {} {kind} {:?}: {}", case.id, &case.text[span.clone()], case.text);
            }
        }
        for hit in &hits {
            let tally = by_kind.entry(hit.kind).or_default();
            tally.predicted += 1;
            if case.spans.iter().any(|(span, kind)| *kind == hit.kind && overlaps(&hit.span, span))
            {
                tally.right += 1;
            } else if verbose {
                println!(
                    "FALSE {} {} {:?}: {}",
                    case.id,
                    hit.kind,
                    &case.text[hit.span.clone()],
                    case.text
                );
            }
        }
    }
    let mut total = Tally::default();
    println!("\nPHI detection, {label}: {} texts", cases.len());
    println!("{:<8} {:>5} {:>6} {:>9} {:>7}", "kind", "gold", "hits", "precision", "recall");
    for (kind, tally) in &by_kind {
        println!(
            "{:<8} {:>5} {:>6} {:>9.3} {:>7.3}",
            kind.as_str(),
            tally.gold,
            tally.predicted,
            tally.precision(),
            tally.recall()
        );
        total.gold += tally.gold;
        total.found += tally.found;
        total.predicted += tally.predicted;
        total.right += tally.right;
    }
    println!(
        "{:<8} {:>5} {:>6} {:>9.3} {:>7.3}",
        "overall",
        total.gold,
        total.predicted,
        total.precision(),
        total.recall()
    );
    total
}

#[test]
fn main_set_meets_the_bar() {
    let cases = load(MAIN, "phi_main.jsonl");
    assert!(cases.len() >= 500, "the main set has {} texts", cases.len());
    let n_negative = cases.iter().filter(|c| c.spans.is_empty()).count();
    assert!(n_negative >= 150, "only {n_negative} texts without PHI");
    let total = evaluate(&cases, &PhiDetector::new(), "main set");
    assert!(total.recall() >= MIN_RECALL, "recall {:.3} < {MIN_RECALL}", total.recall());
    assert!(
        total.precision() >= MIN_PRECISION,
        "precision {:.3} < {MIN_PRECISION}",
        total.precision()
    );
}

#[test]
fn holdout_set_regression_floor() {
    let cases = load(HOLDOUT, "phi_holdout.jsonl");
    assert!(cases.len() >= 100, "the held-out set has {} texts", cases.len());
    let total = evaluate(&cases, &PhiDetector::new(), "held-out set");
    assert!(total.recall() >= MIN_HOLDOUT_RECALL, "recall {:.3}", total.recall());
    assert!(total.precision() >= MIN_HOLDOUT_PRECISION, "precision {:.3}", total.precision());
}

#[test]
fn second_holdout_set_regression_floor() {
    let cases = load(HOLDOUT2, "phi_holdout2.jsonl");
    assert!(cases.len() >= 50, "the second held-out set has {} texts", cases.len());
    let total = evaluate(&cases, &PhiDetector::new(), "second held-out set");
    assert!(total.recall() >= MIN_HOLDOUT_RECALL, "recall {:.3}", total.recall());
    assert!(total.precision() >= MIN_HOLDOUT_PRECISION, "precision {:.3}", total.precision());
}

/// Redacting every text leaves none of its gold PHI strings in place (checked on the spans
/// the detector found), and leaves texts without hits unchanged.
#[test]
fn redaction_removes_what_was_found() {
    let detector = PhiDetector::new();
    for case in load(MAIN, "phi_main.jsonl") {
        let hits = detector.detect(&case.text);
        let redacted = redact(&case.text, &hits);
        if hits.is_empty() {
            assert_eq!(redacted, case.text, "{}", case.id);
        }
        for hit in &hits {
            let secret = &case.text[hit.span.clone()];
            if secret.len() >= 6 {
                assert!(!redacted.contains(secret), "{}: {:?} left in place", case.id, hit.kind);
            }
        }
    }
}

/// Detection is deterministic and independent of threads: the same hits from every thread.
#[test]
fn deterministic_across_threads() {
    let cases = load(MAIN, "phi_main.jsonl");
    let detector = PhiDetector::new();
    let serial: Vec<Vec<PhiHit>> = cases.iter().map(|c| detector.detect(&c.text)).collect();
    let parallel: Vec<Vec<Vec<PhiHit>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| cases.iter().map(|c| detector.detect(&c.text)).collect()))
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    for run in parallel {
        assert_eq!(run, serial);
    }
}
