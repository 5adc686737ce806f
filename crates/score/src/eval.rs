//! Accuracy metrics for a scorer on labeled items, the same as `health_eval.py`'s `metrics`.
//!
//! Each [`EvalItem`] pairs a gold class and a gold number (oriented so that higher is more
//! positive) with the [`Sentiment`] a scorer gave the text. [`evaluate`] computes:
//!
//! - 3-class metrics from the [`Sentiment::label`] against the gold class: macro-F1, per-class
//!   F1, support-weighted F1, accuracy and the confusion matrix;
//! - binary accuracy over the gold-polar items (gold not neutral), where a prediction is
//!   positive iff its score is `> 0`, so a score of exactly 0 counts as negative; the share of
//!   polar items scored 0, and the binary accuracy without them;
//! - Spearman (average ranks for ties) and Pearson correlations of score and gold number;
//! - the expected calibration error of the `[negative, neutral, positive]` proportions read as
//!   class probabilities.
//!
//! Every formula follows `health_eval.py` operation for operation (naive left-to-right sums in
//! the same order), so figures agree to the last few bits. Where `health_eval.py` gives NaN
//! (no items, no polar items, a constant score), [`Metrics`] holds `None`.
//!
//! # Example
//!
//! ```
//! use bedside_score::eval::{EvalItem, evaluate};
//! use bedside_types::{Label, Sentiment};
//!
//! let items = [
//!     EvalItem::new(Label::Positive, 1.0, Sentiment::new(0.8, [0.0, 0.2, 0.8])),
//!     EvalItem::new(Label::Negative, -1.0, Sentiment::new(-0.6, [0.7, 0.3, 0.0])),
//!     EvalItem::new(Label::Neutral, 0.0, Sentiment::new(0.3, [0.0, 0.6, 0.4])),
//! ];
//! let metrics = evaluate(&items);
//! assert_eq!(metrics.n_polar, 2);
//! assert_eq!(metrics.binary_accuracy, Some(1.0));
//! assert_eq!(metrics.confusion[1], [0, 0, 1]);
//! // F1: negative 1, neutral 0 (never predicted), positive 2/3 (one false positive).
//! assert!((metrics.macro_f1 - 5.0 / 9.0).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Ordering;
use std::fmt;

use bedside_types::{Label, Sentiment};

/// One labeled item and the sentiment a scorer gave it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EvalItem {
    /// The gold class.
    pub gold: Label,
    /// The gold value on a numeric scale where higher is more positive (a star rating, a mean
    /// human rating); only its order and linear relation to the score matter. Must be finite.
    pub gold_numeric: f64,
    /// What the scorer said.
    pub predicted: Sentiment,
}

impl EvalItem {
    /// An item from its three parts.
    pub fn new(gold: Label, gold_numeric: f64, predicted: Sentiment) -> EvalItem {
        EvalItem { gold, gold_numeric, predicted }
    }
}

/// The metrics of one evaluation; see the [module docs](self) for the definitions.
///
/// Class-indexed arrays are in the order negative, neutral, positive.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// Items evaluated.
    pub n: u64,
    /// Items whose gold class is not neutral.
    pub n_polar: u64,
    /// Share of polar items whose score has the gold sign (score `> 0` iff gold positive).
    /// `None` without polar items.
    pub binary_accuracy: Option<f64>,
    /// Percentage (0 to 100) of polar items scored exactly 0. `None` without polar items.
    pub zero_percent_polar: Option<f64>,
    /// [`Metrics::binary_accuracy`] over the polar items with a non-zero score. `None` if there
    /// are none.
    pub binary_accuracy_nonzero: Option<f64>,
    /// Unweighted mean of the three per-class F1 scores (0 for a class never gold nor
    /// predicted, as in `health_eval.py`).
    pub macro_f1: f64,
    /// Per-class F1 weighted by gold support. `None` without items.
    pub weighted_f1: Option<f64>,
    /// Share of items whose label is the gold class. `None` without items.
    pub accuracy3: Option<f64>,
    /// F1 per class: negative, neutral, positive.
    pub f1: [f64; 3],
    /// Spearman rank correlation of score and gold number (ties get their average rank).
    /// `None` for fewer than 2 items or a constant side.
    pub spearman: Option<f64>,
    /// Pearson correlation of score and gold number. `None` for fewer than 2 items or a
    /// constant side.
    pub pearson: Option<f64>,
    /// Expected calibration error over [`ECE_BINS`] equal-width confidence bins. `None` without
    /// items, or if some item's proportions are not a probability distribution (see
    /// [`probabilities`]).
    pub ece: Option<f64>,
    /// Counts with rows = gold class, columns = predicted label.
    pub confusion: [[u64; 3]; 3],
}

/// The number of equal-width confidence bins of [`Metrics::ece`].
pub const ECE_BINS: usize = 15;

/// How far from 1 the proportions of a [`Sentiment`] may sum and still count as probabilities.
/// VADER rounds each proportion to 3 decimals, so its sums are off by up to 0.0015.
pub const PROBABILITY_SUM_TOLERANCE: f64 = 0.01;

/// A sentiment's `[negative, neutral, positive]` proportions if they form a probability
/// distribution: each finite and non-negative, summing to 1 within
/// [`PROBABILITY_SUM_TOLERANCE`].
pub fn probabilities(sentiment: &Sentiment) -> Option<[f64; 3]> {
    let p = [sentiment.negative(), sentiment.neutral_share(), sentiment.positive()];
    let valid = p.iter().all(|x| x.is_finite() && *x >= 0.0)
        && (p[0] + p[1] + p[2] - 1.0).abs() <= PROBABILITY_SUM_TOLERANCE;
    valid.then_some(p)
}

/// Computes every metric over `items`.
pub fn evaluate(items: &[EvalItem]) -> Metrics {
    let mut confusion = [[0u64; 3]; 3];
    for item in items {
        confusion[class_index(item.gold)][class_index(item.predicted.label())] += 1;
    }
    let f1_scores = F1Scores::from_confusion(&confusion);

    let scores: Vec<f64> = items.iter().map(|item| item.predicted.score()).collect();
    let gold_numeric: Vec<f64> = items.iter().map(|item| item.gold_numeric).collect();

    let polar: Vec<&EvalItem> = items.iter().filter(|item| item.gold != Label::Neutral).collect();
    // As health_eval.py: predicted positive iff score > 0, so a score of 0 is negative.
    let sign_correct =
        |item: &EvalItem| (item.predicted.score() > 0.0) == (item.gold == Label::Positive);
    let n_correct = polar.iter().filter(|item| sign_correct(item)).count();
    let n_zero = polar.iter().filter(|item| item.predicted.score() == 0.0).count();
    let nonzero: Vec<&EvalItem> =
        polar.iter().copied().filter(|item| item.predicted.score() != 0.0).collect();
    let n_correct_nonzero = nonzero.iter().filter(|item| sign_correct(item)).count();

    Metrics {
        n: items.len() as u64,
        n_polar: polar.len() as u64,
        binary_accuracy: ratio(n_correct, polar.len()),
        zero_percent_polar: (!polar.is_empty()).then(|| 100.0 * n_zero as f64 / polar.len() as f64),
        binary_accuracy_nonzero: ratio(n_correct_nonzero, nonzero.len()),
        macro_f1: f1_scores.macro_f1,
        weighted_f1: f1_scores.weighted,
        accuracy3: f1_scores.accuracy,
        f1: f1_scores.per_class,
        spearman: spearman(&scores, &gold_numeric),
        pearson: pearson(&scores, &gold_numeric),
        ece: expected_calibration_error(items),
        confusion,
    }
}

/// Pearson's correlation, as `health_eval.py`'s `pearson`: `None` for fewer than 2 pairs or a
/// side with zero variance. Only the first `min(x.len(), y.len())` pairs count.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let (x, y) = (&x[..n], &y[..n]);
    let mean_x = x.iter().sum::<f64>() / n as f64;
    let mean_y = y.iter().sum::<f64>() / n as f64;
    let mut s_xy = 0.0;
    let mut s_xx = 0.0;
    let mut s_yy = 0.0;
    for (a, b) in x.iter().zip(y) {
        s_xy += (a - mean_x) * (b - mean_y);
        s_xx += (a - mean_x).powi(2);
        s_yy += (b - mean_y).powi(2);
    }
    (s_xx > 0.0 && s_yy > 0.0).then(|| s_xy / (s_xx * s_yy).sqrt())
}

/// Spearman's rank correlation: [`pearson`] of the [`average_ranks`].
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&average_ranks(x), &average_ranks(y))
}

/// 1-based ranks where tied values share the mean of their ranks (`health_eval.py`'s `ranks`).
/// Values compare as numbers (`-0.0 == 0.0`); NaN ties with everything, so pass none.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].partial_cmp(&values[b]).unwrap_or(Ordering::Equal));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && values[order[end + 1]] == values[order[start]] {
            end += 1;
        }
        let average = (start + end) as f64 / 2.0 + 1.0;
        for &idx in &order[start..=end] {
            ranks[idx] = average;
        }
        start = end + 1;
    }
    ranks
}

/// Per-class, macro and weighted F1 and accuracy from a confusion matrix.
struct F1Scores {
    per_class: [f64; 3],
    macro_f1: f64,
    weighted: Option<f64>,
    accuracy: Option<f64>,
}

impl F1Scores {
    /// `health_eval.py`'s `_f1_from_conf`: precision or recall with an empty denominator is 0,
    /// and so is F1 when both are 0.
    fn from_confusion(confusion: &[[u64; 3]; 3]) -> F1Scores {
        let n: u64 = confusion.iter().flatten().sum();
        let support = |class: usize| confusion[class].iter().sum::<u64>();
        let mut per_class = [0.0; 3];
        for (class, f1) in per_class.iter_mut().enumerate() {
            let true_pos = confusion[class][class];
            let predicted = (0..3).map(|gold| confusion[gold][class]).sum::<u64>();
            let false_pos = predicted - true_pos;
            let false_neg = support(class) - true_pos;
            let precision =
                ratio(true_pos as usize, (true_pos + false_pos) as usize).unwrap_or(0.0);
            let recall = ratio(true_pos as usize, (true_pos + false_neg) as usize).unwrap_or(0.0);
            *f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
        }
        let weighted = (n > 0).then(|| {
            (0..3).map(|class| per_class[class] * support(class) as f64).sum::<f64>() / n as f64
        });
        let accuracy = (n > 0)
            .then(|| (0..3).map(|class| confusion[class][class]).sum::<u64>() as f64 / n as f64);
        let macro_f1 = per_class.iter().sum::<f64>() / 3.0;
        F1Scores { per_class, macro_f1, weighted, accuracy }
    }
}

/// ECE: items binned by confidence (the largest probability) into [`ECE_BINS`] bins
/// `(k/B, (k+1)/B]` (the first also takes 0); the sum over bins of `|bin| / n` times
/// `|accuracy - mean confidence|`, where an item is correct iff the class with the largest
/// probability (the first such, in negative, neutral, positive order) is its gold class.
fn expected_calibration_error(items: &[EvalItem]) -> Option<f64> {
    if items.is_empty() {
        return None;
    }
    let mut count = [0u64; ECE_BINS];
    let mut confidence_sum = [0.0f64; ECE_BINS];
    let mut correct = [0u64; ECE_BINS];
    for item in items {
        let p = probabilities(&item.predicted)?;
        let mut argmax = 0;
        for class in 1..3 {
            if p[class] > p[argmax] {
                argmax = class;
            }
        }
        let confidence = p[argmax].min(1.0);
        let bin = ece_bin(confidence);
        count[bin] += 1;
        confidence_sum[bin] += confidence;
        correct[bin] += u64::from(argmax == class_index(item.gold));
    }
    let n = items.len() as f64;
    let ece = (0..ECE_BINS)
        .filter(|&bin| count[bin] > 0)
        .map(|bin| {
            let size = count[bin] as f64;
            (size / n) * (correct[bin] as f64 / size - confidence_sum[bin] / size).abs()
        })
        .sum();
    Some(ece)
}

/// The bin `k` with `k/B < confidence <= (k+1)/B` (0 for a confidence of 0), compared against
/// the boundaries themselves so that rounding in `confidence * B` cannot move an item.
fn ece_bin(confidence: f64) -> usize {
    let n_bins = ECE_BINS as f64;
    let mut bin = ((confidence * n_bins).ceil() as usize).clamp(1, ECE_BINS) - 1;
    while bin > 0 && confidence <= bin as f64 / n_bins {
        bin -= 1;
    }
    while bin + 1 < ECE_BINS && confidence > (bin + 1) as f64 / n_bins {
        bin += 1;
    }
    bin
}

fn class_index(label: Label) -> usize {
    match label {
        Label::Negative => 0,
        Label::Neutral => 1,
        Label::Positive => 2,
    }
}

fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

impl fmt::Display for Metrics {
    /// A two-column table (3 decimals, `n/a` for missing values), then the confusion matrix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show =
            |value: Option<f64>| value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"));
        writeln!(f, "{:<26}{}", "items", self.n)?;
        writeln!(f, "{:<26}{}", "polar items", self.n_polar)?;
        writeln!(f, "{:<26}{}", "binary accuracy", show(self.binary_accuracy))?;
        let zero = self.zero_percent_polar.map_or_else(|| "n/a".to_string(), |v| format!("{v:.1}"));
        writeln!(f, "{:<26}{}", "% polar scored 0", zero)?;
        writeln!(f, "{:<26}{}", "binary accuracy (score≠0)", show(self.binary_accuracy_nonzero))?;
        writeln!(f, "{:<26}{}", "3-class macro-F1", show(Some(self.macro_f1)))?;
        writeln!(f, "{:<26}{}", "3-class weighted F1", show(self.weighted_f1))?;
        let [neg, neu, pos] = self.f1;
        writeln!(f, "{:<26}{neg:.3} / {neu:.3} / {pos:.3}", "F1 neg / neu / pos")?;
        writeln!(f, "{:<26}{}", "3-class accuracy", show(self.accuracy3))?;
        writeln!(f, "{:<26}{}", "Spearman", show(self.spearman))?;
        writeln!(f, "{:<26}{}", "Pearson", show(self.pearson))?;
        writeln!(f, "{:<26}{}", format!("ECE ({ECE_BINS} bins)"), show(self.ece))?;
        writeln!(f)?;
        writeln!(f, "confusion (rows gold, columns predicted)")?;
        writeln!(f, "{:<10}{:>10}{:>10}{:>10}", "", "negative", "neutral", "positive")?;
        for (label, row) in ["negative", "neutral", "positive"].iter().zip(&self.confusion) {
            writeln!(f, "{label:<10}{:>10}{:>10}{:>10}", row[0], row[1], row[2])?;
        }
        Ok(())
    }
}

/// The gold class of a signed rating, as VADER's human-rated ground truth and `health_eval.py`
/// read it: negative at or below -0.5, positive at or above 0.5, neutral between.
pub fn label_of_rating(rating: f64) -> Label {
    if rating <= -0.5 {
        Label::Negative
    } else if rating >= 0.5 {
        Label::Positive
    } else {
        Label::Neutral
    }
}

/// `health_eval.py`'s `oneline`: each run of line breaks (CR, LF, VT, FF, FS, GS, RS, NEL,
/// U+2028, U+2029) and NULs becomes one space, then whitespace is stripped from both ends, as
/// Python's `str.strip()` does. Training and evaluation read texts through this one function,
/// so a text is the same string in both.
pub fn oneline(text: &str) -> String {
    let is_break = |c: char| {
        matches!(
            c,
            '\r' | '\n' | '\x0b' | '\x0c' | '\x1c'
                ..='\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\0'
        )
    };
    let mut out = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.chars() {
        if is_break(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out.trim_matches(is_python_space).to_string()
}

/// Whether Python's `str.isspace()` holds for `c`: Unicode white space plus the separators
/// FS, GS, RS and US.
pub fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(gold, gold_numeric, score, label)` with an explicit label, so labels may disagree with
    /// the score's sign.
    fn items(rows: &[(Label, f64, f64, Label)]) -> Vec<EvalItem> {
        rows.iter()
            .map(|&(gold, gold_numeric, score, label)| {
                EvalItem::new(gold, gold_numeric, Sentiment::with_label(score, [0.0; 3], label))
            })
            .collect()
    }

    fn close(got: Option<f64>, expected: f64) {
        let got = got.expect("metric should be available");
        assert!((got - expected).abs() < 1e-9, "got {got}, expected {expected}");
    }

    use Label::{Negative as N, Neutral as U, Positive as P};

    /// Expected values from `health_eval.metrics` (Python) on the same 16 items: ties in both
    /// score and gold, polar items scored 0, labels that disagree with the score.
    #[test]
    fn matches_health_eval() {
        let m = evaluate(&items(&[
            (P, 2.0, 0.8, P),
            (P, 1.0, 0.3, P),
            (P, 2.0, 0.0, U),
            (P, 1.0, -0.2, N),
            (P, 2.0, 0.3, P),
            (N, -2.0, -0.7, N),
            (N, -1.0, 0.0, U),
            (N, -2.0, 0.3, P),
            (N, -1.0, -0.3, N),
            (N, -2.0, -0.02, U),
            (U, 0.0, 0.0, U),
            (U, 0.0, 0.3, P),
            (U, 0.0, -0.04, U),
            (U, 0.0, 0.6, N),
            (P, 1.0, 0.04, P),
            (N, -1.0, -0.9, N),
        ]));
        assert_eq!((m.n, m.n_polar), (16, 12));
        close(m.binary_accuracy, 0.75);
        close(m.zero_percent_polar, 16.666666666666668);
        close(m.binary_accuracy_nonzero, 0.8);
        close(Some(m.macro_f1), 0.5521885521885522);
        close(m.weighted_f1, 0.5656565656565656);
        for (got, expected) in
            m.f1.iter().zip([0.5454545454545454, 0.4444444444444445, 0.6666666666666666])
        {
            close(Some(*got), expected);
        }
        close(m.accuracy3, 0.5625);
        close(m.spearman, 0.4689587728014779);
        close(m.pearson, 0.4796821774513011);
        assert_eq!(m.confusion, [[3, 2, 1], [1, 2, 1], [1, 1, 4]]);
        assert_eq!(m.ece, None, "all-zero proportions are not probabilities");
    }

    #[test]
    fn no_polar_items() {
        let m = evaluate(&items(&[(U, 0.0, 0.1, P), (U, 0.0, 0.0, U), (U, 0.0, 0.0, U)]));
        assert_eq!((m.n, m.n_polar), (3, 0));
        assert_eq!(m.binary_accuracy, None);
        assert_eq!(m.zero_percent_polar, None);
        assert_eq!(m.binary_accuracy_nonzero, None);
        close(Some(m.macro_f1), 0.26666666666666666);
        close(m.weighted_f1, 0.8000000000000002);
        assert_eq!(m.f1, [0.0, 0.8, 0.0]);
        close(m.accuracy3, 0.6666666666666666);
        assert_eq!(m.spearman, None, "constant gold");
        assert_eq!(m.pearson, None);
        assert_eq!(m.confusion, [[0, 0, 0], [0, 2, 1], [0, 0, 0]]);
    }

    #[test]
    fn no_items() {
        let m = evaluate(&[]);
        assert_eq!((m.n, m.n_polar, m.macro_f1, m.f1), (0, 0, 0.0, [0.0; 3]));
        assert_eq!(
            (m.weighted_f1, m.accuracy3, m.spearman, m.pearson, m.ece),
            (None, None, None, None, None)
        );
        assert_eq!(m.binary_accuracy, None);
        assert!(m.to_string().contains("binary accuracy           n/a"), "{m}");
    }

    #[test]
    fn ranks_average_ties() {
        // health_eval.ranks([3, 1, 3, 2, 1, 3]) and spearman on tied scores.
        assert_eq!(average_ranks(&[3.0, 1.0, 3.0, 2.0, 1.0, 3.0]), [5.0, 1.5, 5.0, 3.0, 1.5, 5.0]);
        assert_eq!(average_ranks(&[0.0, -0.0]), [1.5, 1.5]);
        close(
            spearman(&[0.5, 0.5, 0.1, -0.2, 0.5], &[1.0, 2.0, 2.0, 0.0, 3.0]),
            0.5735393346764044,
        );
        assert_eq!(pearson(&[1.0], &[1.0]), None);
    }

    #[test]
    fn ece_over_probabilities() {
        let item = |gold, p: [f64; 3]| EvalItem::new(gold, 0.0, Sentiment::new(0.0, p));
        let m = evaluate(&[
            // Confidence 0.7, bin (2/3, 11/15]: one right, one wrong: |0.5 - 0.7| * 2/4.
            item(P, [0.1, 0.2, 0.7]),
            item(N, [0.1, 0.2, 0.7]),
            // Confidence 0.9, right: |1 - 0.9| * 1/4.
            item(N, [0.9, 0.05, 0.05]),
            // A tie picks negative (wrong); 0.4 = 6/15 falls in bin (1/3, 2/5]: |0 - 0.4| * 1/4.
            item(U, [0.4, 0.4, 0.2]),
        ]);
        close(m.ece, 0.1 + 0.025 + 0.1);
        // VADER-style rounding (sum 0.999) still counts; a sum far from 1 does not.
        assert!(probabilities(&Sentiment::new(0.0, [0.333, 0.333, 0.333])).is_some());
        assert_eq!(probabilities(&Sentiment::new(0.0, [0.5, 0.0, 0.0])), None);
        let m = evaluate(&[item(P, [0.0, 0.0, 1.0]), item(P, [0.5, 0.0, 0.0])]);
        assert_eq!(m.ece, None);
    }

    #[test]
    fn ece_bins_are_closed_above() {
        assert_eq!(ece_bin(0.0), 0);
        assert_eq!(ece_bin(1.0 / 15.0), 0);
        assert_eq!(ece_bin(0.4), 5);
        assert_eq!(ece_bin(0.400001), 6);
        assert_eq!(ece_bin(1.0), ECE_BINS - 1);
    }

    #[test]
    fn display_shows_table_and_confusion() {
        let m = evaluate(&items(&[(P, 1.0, 0.5, P), (N, -1.0, -0.5, N), (U, 0.0, 0.0, U)]));
        let shown = m.to_string();
        assert!(shown.contains("binary accuracy           1.000"), "{shown}");
        assert!(shown.contains("Spearman                  1.000"), "{shown}");
        assert!(shown.contains("neutral            0         1         0"), "{shown}");
    }

    #[test]
    fn oneline_like_health_eval() {
        assert_eq!(oneline(" a\r\nb\u{2028}\u{2029}c\x00d\x1f "), "a b c d");
        assert_eq!(oneline("\x1f\u{a0}x\t"), "x");
    }
}
