//! Calibration: temperature scaling fitted on held-out logits, and the expected calibration error.

use super::model::{N_CLASSES, softmax};

/// Bins of the expected calibration error.
pub const ECE_BINS: usize = 15;

/// The temperature `T` that minimizes the negative log-likelihood of `softmax(logits / T)` on
/// held-out predictions (`golden-section search on log T in [-3, 3]`). 1 when there is nothing
/// to fit on.
pub fn fit_temperature(logits: &[[f32; N_CLASSES]], gold: &[usize]) -> f32 {
    if logits.is_empty() {
        return 1.0;
    }
    let nll = |log_t: f64| -> f64 {
        let t = log_t.exp() as f32;
        logits.iter().zip(gold).map(|(z, &y)| -f64::from(softmax(*z, t)[y].max(1e-12)).ln()).sum()
    };
    let (mut lo, mut hi) = (-3.0f64, 3.0f64);
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    let mut a = hi - phi * (hi - lo);
    let mut b = lo + phi * (hi - lo);
    let (mut fa, mut fb) = (nll(a), nll(b));
    for _ in 0..60 {
        if fa < fb {
            hi = b;
            b = a;
            fb = fa;
            a = hi - phi * (hi - lo);
            fa = nll(a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + phi * (hi - lo);
            fb = nll(b);
        }
    }
    ((lo + hi) / 2.0).exp() as f32
}

/// The expected calibration error over [`ECE_BINS`] equal-width bins of confidence (the highest
/// probability): the mean over items of `|accuracy(bin) - confidence(bin)|`, weighted by the
/// bin's share of items.
pub fn expected_calibration_error(probabilities: &[[f32; N_CLASSES]], gold: &[usize]) -> f64 {
    if probabilities.is_empty() {
        return 0.0;
    }
    let mut count = [0usize; ECE_BINS];
    let mut confidence = [0f64; ECE_BINS];
    let mut correct = [0f64; ECE_BINS];
    for (p, &y) in probabilities.iter().zip(gold) {
        let predicted = argmax(p);
        let conf = f64::from(p[predicted]);
        let bin = ((conf * ECE_BINS as f64) as usize).min(ECE_BINS - 1);
        count[bin] += 1;
        confidence[bin] += conf;
        correct[bin] += f64::from(u8::from(predicted == y));
    }
    let n = probabilities.len() as f64;
    (0..ECE_BINS).map(|b| (correct[b] - confidence[b]).abs() / n).sum()
}

/// The index of the largest value (the first on ties).
pub(crate) fn argmax(p: &[f32; N_CLASSES]) -> usize {
    let mut best = 0;
    for i in 1..N_CLASSES {
        if p[i] > p[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperature_undoes_overconfidence() {
        // Logits 3x too large for a 70%-accurate classifier: the fitted T should be well above 1.
        let mut logits = Vec::new();
        let mut gold = Vec::new();
        for i in 0..1000 {
            logits.push([0.0, 0.0, 6.0]);
            gold.push(if i % 10 < 7 { 2 } else { i % 2 });
        }
        let t = fit_temperature(&logits, &gold);
        assert!(t > 2.0, "{t}");
        let before: Vec<_> = logits.iter().map(|z| softmax(*z, 1.0)).collect();
        let after: Vec<_> = logits.iter().map(|z| softmax(*z, t)).collect();
        let (ece_before, ece_after) =
            (expected_calibration_error(&before, &gold), expected_calibration_error(&after, &gold));
        assert!(ece_after < 0.02 && ece_before > 0.25, "{ece_before} -> {ece_after}");
    }
}
