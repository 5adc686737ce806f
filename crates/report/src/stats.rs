//! The statistics behind intervals, peer comparisons and alerts: Wilson and MOVER intervals,
//! the t quantile, exact Poisson and binomial tails, and Holm's correction.
//!
//! Everything here is a pure function of counts and floats, so results never depend on thread
//! count or input order.

/// The normal quantile of 0.975: intervals are 95% two-sided.
pub(crate) const Z_975: f64 = 1.959_963_984_540_054;

/// A 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// The lower bound.
    pub low: f64,
    /// The upper bound.
    pub high: f64,
}

impl Interval {
    /// Whether this interval lies entirely above `other` (they do not overlap).
    pub fn above(&self, other: &Interval) -> bool {
        self.low > other.high
    }
}

/// The Wilson score interval of a proportion `k / n` (Wilson 1927). Unlike the Wald interval it
/// stays inside `[0, 1]` and keeps its coverage near 0 and 1 and for small `n`.
pub(crate) fn wilson(k: u64, n: u64) -> Interval {
    if n == 0 {
        return Interval { low: 0.0, high: 1.0 };
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z_975 * Z_975;
    let denominator = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denominator;
    let half = Z_975 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Interval { low: (center - half).max(0.0), high: (center + half).min(1.0) }
}

/// The interval of the net sentiment `(positive - negative) / n`: the difference of two
/// proportions of one multinomial sample, by the MOVER method (Zou and Donner 2008, "Construction
/// of confidence limits about effect measures: a general approach") from the two Wilson
/// intervals, with the correlation of two multinomial proportions,
/// `-sqrt(p1 p2 / ((1 - p1)(1 - p2)))`.
pub(crate) fn net_interval(n_positive: u64, n_negative: u64, n: u64) -> Interval {
    if n == 0 {
        return Interval { low: -1.0, high: 1.0 };
    }
    let p1 = n_positive as f64 / n as f64;
    let p2 = n_negative as f64 / n as f64;
    let (i1, i2) = (wilson(n_positive, n), wilson(n_negative, n));
    let correlation = if p1 <= 0.0 || p2 <= 0.0 || p1 >= 1.0 || p2 >= 1.0 {
        0.0
    } else {
        -(p1 * p2 / ((1.0 - p1) * (1.0 - p2))).sqrt()
    };
    let (d1_low, d1_high) = (p1 - i1.low, i1.high - p1);
    let (d2_low, d2_high) = (p2 - i2.low, i2.high - p2);
    let low_half = (d1_low * d1_low + d2_high * d2_high - 2.0 * correlation * d1_low * d2_high)
        .max(0.0)
        .sqrt();
    let high_half = (d1_high * d1_high + d2_low * d2_low - 2.0 * correlation * d1_high * d2_low)
        .max(0.0)
        .sqrt();
    let net = p1 - p2;
    Interval { low: (net - low_half).max(-1.0), high: (net + high_half).min(1.0) }
}

/// The t interval of a mean from `n` values with sample standard deviation `std` (`ddof = 1`),
/// clamped to the score range `[-1, 1]`. With one value nothing is known: `[-1, 1]`.
pub(crate) fn mean_interval(mean: f64, std: Option<f64>, n: u64) -> Interval {
    match std {
        Some(std) if n >= 2 && std.is_finite() => {
            let half = t_975(n - 1) * std / (n as f64).sqrt();
            Interval { low: (mean - half).max(-1.0), high: (mean + half).min(1.0) }
        }
        _ => Interval { low: -1.0, high: 1.0 },
    }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom: from the standard table up
/// to 10, else the Cornish-Fisher expansion around the normal quantile (Abramowitz and Stegun
/// 26.7.5; error below 1e-5 from `df = 11`).
pub(crate) fn t_975(df: u64) -> f64 {
    const TABLE: [f64; 10] = [
        12.706_204_736,
        4.302_652_730,
        3.182_446_305,
        2.776_445_105,
        2.570_581_836,
        2.446_911_851,
        2.364_624_252,
        2.306_004_135,
        2.262_157_163,
        2.228_138_852,
    ];
    match df {
        0 => f64::INFINITY,
        1..=10 => TABLE[df as usize - 1],
        _ => {
            let (z, v) = (Z_975, df as f64);
            let (z3, z5, z7, z9) = (z.powi(3), z.powi(5), z.powi(7), z.powi(9));
            z + (z3 + z) / (4.0 * v)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v.powi(3))
                + (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z)
                    / (92160.0 * v.powi(4))
        }
    }
}

/// `P(X >= x)` for `X ~ Poisson(lambda)`, exact up to floating point (no normal
/// approximation), also far in the tail.
pub(crate) fn poisson_upper_tail(x: u64, lambda: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    let ln_pmf = |k: u64, ln_factorial: f64| -lambda + k as f64 * lambda.ln() - ln_factorial;
    if (x as f64) > lambda {
        // Terms decrease from x on: sum them until they stop mattering.
        let mut ln_factorial = ln_factorial(x);
        let mut k = x;
        let mut sum = 0.0;
        loop {
            let term = ln_pmf(k, ln_factorial).exp();
            sum += term;
            if term <= sum * 1e-17 || k > x + 100_000 {
                return sum.min(1.0);
            }
            k += 1;
            ln_factorial += (k as f64).ln();
        }
    }
    let mut ln_factorial = 0.0;
    let mut lower = 0.0;
    for k in 0..x {
        if k > 0 {
            ln_factorial += (k as f64).ln();
        }
        lower += ln_pmf(k, ln_factorial).exp();
    }
    (1.0 - lower).clamp(0.0, 1.0)
}

/// `P(X >= x)` for `X ~ Binomial(n, p)`, exact up to floating point.
pub(crate) fn binomial_upper_tail(x: u64, n: u64, p: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    if x > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let ln_n_factorial = ln_factorial(n);
    let (ln_p, ln_q) = (p.ln(), (1.0 - p).ln());
    let mut ln_k_factorial = ln_factorial(x.min(n));
    let mut ln_rest_factorial = ln_factorial(n - x.min(n));
    let pmf = |k: u64, ln_k: f64, ln_rest: f64| {
        (ln_n_factorial - ln_k - ln_rest + k as f64 * ln_p + (n - k) as f64 * ln_q).exp()
    };
    if (x as f64) > n as f64 * p {
        let mut sum = 0.0;
        let mut k = x;
        loop {
            sum += pmf(k, ln_k_factorial, ln_rest_factorial);
            if k == n {
                return sum.min(1.0);
            }
            ln_rest_factorial -= ((n - k) as f64).ln();
            k += 1;
            ln_k_factorial += (k as f64).ln();
        }
    }
    ln_k_factorial = 0.0;
    ln_rest_factorial = ln_n_factorial;
    let mut lower = 0.0;
    for k in 0..x {
        if k > 0 {
            ln_k_factorial += (k as f64).ln();
            ln_rest_factorial -= ((n - k + 1) as f64).ln();
        }
        lower += pmf(k, ln_k_factorial, ln_rest_factorial);
    }
    (1.0 - lower).clamp(0.0, 1.0)
}

fn ln_factorial(n: u64) -> f64 {
    (2..=n).map(|k| (k as f64).ln()).sum()
}

/// Holm's step-down adjusted p-values (Holm 1979), in the order given: reject every hypothesis
/// whose adjusted p-value is at most `alpha` and the probability of even one false rejection
/// among all of them stays at most `alpha`, whatever their dependence.
pub(crate) fn holm(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]).then(a.cmp(&b)));
    let mut adjusted = vec![0.0; m];
    let mut running_max: f64 = 0.0;
    for (rank, &idx) in order.iter().enumerate() {
        let scaled = ((m - rank) as f64 * p_values[idx]).min(1.0);
        running_max = running_max.max(scaled);
        adjusted[idx] = running_max;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn close(got: f64, want: f64, tolerance: f64) {
        assert!((got - want).abs() <= tolerance, "got {got}, want {want} ± {tolerance}");
    }

    #[test]
    fn wilson_matches_published_values() {
        // Newcombe (1998), Statistics in Medicine 17:857, table I, method 3 (Wilson score).
        let ci = wilson(81, 263);
        close(ci.low, 0.2553, 1e-4);
        close(ci.high, 0.3662, 1e-4);
        let ci = wilson(15, 148);
        close(ci.low, 0.0624, 1e-4);
        close(ci.high, 0.1605, 1e-4);
        let ci = wilson(0, 20);
        close(ci.low, 0.0, 1e-12);
        close(ci.high, 0.1611, 1e-4);
        let ci = wilson(1, 29);
        close(ci.low, 0.0061, 1e-4);
        close(ci.high, 0.1718, 1e-4);
    }

    #[test]
    fn t_quantiles_match_tables() {
        // Exact values: tan(0.475 pi) for 1, 0.95 / sqrt(2 * 0.975 * 0.025) for 2.
        close(t_975(1), (std::f64::consts::PI * 0.475).tan(), 1e-8);
        close(t_975(2), 0.95 / (2.0 * 0.975 * 0.025_f64).sqrt(), 1e-8);
        for (df, want, tolerance) in [
            (11, 2.200_985, 2e-5),
            (15, 2.131_450, 1e-5),
            (20, 2.085_963, 1e-5),
            (30, 2.042_272, 1e-5),
            (1000, 1.962_339, 1e-5),
        ] {
            close(t_975(df), want, tolerance);
        }
    }

    #[test]
    fn tails_match_direct_sums() {
        // P(X >= 3 | Poisson(1)) = 1 - e^-1 (1 + 1 + 1/2).
        close(poisson_upper_tail(3, 1.0), 1.0 - (-1.0_f64).exp() * 2.5, 1e-12);
        // Far tail: P(X >= 48 | Poisson(8)) is dominated by its first term.
        let first = (-8.0 + 48.0 * 8.0_f64.ln() - ln_factorial(48)).exp();
        let tail = poisson_upper_tail(48, 8.0);
        assert!(tail > first && tail < first * 1.3, "{tail} vs {first}");
        assert_eq!(poisson_upper_tail(0, 3.0), 1.0);
        // P(X >= 2 | Binomial(3, 0.5)) = 4/8; P(X >= 10 | Binomial(10, 0.3)) = 0.3^10.
        close(binomial_upper_tail(2, 3, 0.5), 0.5, 1e-12);
        close(binomial_upper_tail(10, 10, 0.3), 0.3_f64.powi(10), 1e-18);
        close(binomial_upper_tail(1, 10, 0.3), 1.0 - 0.7_f64.powi(10), 1e-12);
        assert_eq!(binomial_upper_tail(11, 10, 0.3), 0.0);
    }

    #[test]
    fn holm_adjusts_step_down() {
        let adjusted = holm(&[0.01, 0.04, 0.03, 0.005]);
        // Sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 -> max(0.06, 0.04).
        let want = [0.03, 0.06, 0.06, 0.02];
        for (got, want) in adjusted.iter().zip(want) {
            close(*got, want, 1e-12);
        }
    }

    /// A small deterministic generator for the coverage checks (SplitMix64).
    struct SplitMix(u64);

    impl SplitMix {
        fn uniform(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// The intervals cover the true value about 95% of the time on simulated samples.
    #[test]
    fn intervals_have_their_nominal_coverage() {
        let mut rng = SplitMix(20261128);
        let (n_trials, n) = (4000, 30);
        let (p_positive, p_negative) = (0.5, 0.3);
        let (mut net_covered, mut share_covered, mut mean_covered) = (0, 0, 0);
        for _ in 0..n_trials {
            let (mut n_pos, mut n_neg) = (0, 0);
            let mut scores = Vec::with_capacity(n);
            for _ in 0..n {
                let u = rng.uniform();
                // Scores: positive ~ U(0.05, 1), negative ~ U(-1, -0.05), neutral 0.
                let score = if u < p_positive {
                    n_pos += 1;
                    0.05 + 0.95 * rng.uniform()
                } else if u < p_positive + p_negative {
                    n_neg += 1;
                    -0.05 - 0.95 * rng.uniform()
                } else {
                    0.0
                };
                scores.push(score);
            }
            let net = net_interval(n_pos, n_neg, n as u64);
            net_covered += usize::from(net.low <= 0.2 && 0.2 <= net.high);
            let share = wilson(n_neg, n as u64);
            share_covered += usize::from(share.low <= 0.3 && 0.3 <= share.high);
            let mean = scores.iter().sum::<f64>() / n as f64;
            let var = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            let ci = mean_interval(mean, Some(var.sqrt()), n as u64);
            // True mean: 0.5 * 0.525 - 0.3 * 0.525.
            mean_covered += usize::from(ci.low <= 0.105 && 0.105 <= ci.high);
        }
        for (name, covered) in
            [("net", net_covered), ("share", share_covered), ("mean", mean_covered)]
        {
            let coverage = covered as f64 / n_trials as f64;
            assert!((0.93..=0.97).contains(&coverage), "{name} coverage {coverage}");
        }
    }

    #[test]
    fn degenerate_groups_get_honest_intervals() {
        let all_positive = net_interval(5, 0, 5);
        assert_eq!(all_positive.high, 1.0);
        assert!(all_positive.low > 0.0 && all_positive.low < 0.6, "{all_positive:?}");
        assert_eq!(mean_interval(0.4, None, 1), Interval { low: -1.0, high: 1.0 });
    }
}
