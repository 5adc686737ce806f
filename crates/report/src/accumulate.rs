//! Mergeable partial aggregates: what a [`ReportStream`](crate::ReportStream) keeps per group
//! instead of the group's mentions.
//!
//! - [`StatsAcc`]: label counts, a compensated sum and Welford's running variance, enough for
//!   every figure of [`SentimentStats`];
//! - [`WaitAcc`]: reported wait minutes as a count per distinct value, so that medians and
//!   percentiles stay exact while memory grows with the distinct values, not with the reports;
//! - [`TopQuotes`]: the `k` strongest quote candidates of a cell, with a total order (score,
//!   then mention id) so that the kept set never depends on the order of arrival.
//!
//! Each type has `merge`, so partial aggregates built on separate parts of the input can be
//! combined (as [ripgrep's `Stats`](https://docs.rs/grep-printer) adds up per-thread tallies).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use bedside_types::{Label, PhiHit, Sentiment, WaitKind};

use crate::report::{Quote, SentimentStats};
use crate::stats;

/// Label counts and score moments of one group of mentions (or of topic, target or staff
/// sentiments).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct StatsAcc {
    pub(crate) n: u64,
    pub(crate) n_positive: u64,
    pub(crate) n_neutral: u64,
    pub(crate) n_negative: u64,
    /// Neumaier-compensated sum of the scores and its running compensation.
    sum: f64,
    compensation: f64,
    /// Welford's running mean and sum of squared deviations, for the sample variance.
    welford_mean: f64,
    m2: f64,
}

impl StatsAcc {
    /// Adds one sentiment: its label and its score.
    pub(crate) fn push(&mut self, sentiment: &Sentiment) {
        match sentiment.label() {
            Label::Positive => self.n_positive += 1,
            Label::Neutral => self.n_neutral += 1,
            Label::Negative => self.n_negative += 1,
        }
        let score = sentiment.score();
        self.n += 1;
        self.add_to_sum(score);
        let delta = score - self.welford_mean;
        self.welford_mean += delta / self.n as f64;
        self.m2 += delta * (score - self.welford_mean);
    }

    fn add_to_sum(&mut self, value: f64) {
        let total = self.sum + value;
        if self.sum.abs() >= value.abs() {
            self.compensation += (self.sum - total) + value;
        } else {
            self.compensation += (value - total) + self.sum;
        }
        self.sum = total;
    }

    /// Adds another group's figures (Chan et al.'s parallel update for the variance).
    pub(crate) fn merge(&mut self, other: &StatsAcc) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = other.clone();
            return;
        }
        let (n_a, n_b) = (self.n as f64, other.n as f64);
        let delta = other.welford_mean - self.welford_mean;
        let n = n_a + n_b;
        self.welford_mean += delta * n_b / n;
        self.m2 += other.m2 + delta * delta * n_a * n_b / n;
        self.n += other.n;
        self.n_positive += other.n_positive;
        self.n_neutral += other.n_neutral;
        self.n_negative += other.n_negative;
        self.add_to_sum(other.sum);
        self.compensation += other.compensation;
    }

    /// The mean score (0 for an empty group).
    pub(crate) fn mean(&self) -> f64 {
        if self.n == 0 { 0.0 } else { (self.sum + self.compensation) / self.n as f64 }
    }

    /// The sample standard deviation (`n - 1` in the denominator), `None` below 2 values.
    fn std(&self) -> Option<f64> {
        (self.n >= 2).then(|| (self.m2.max(0.0) / (self.n - 1) as f64).sqrt())
    }

    /// `(n_positive - n_negative) / n`.
    pub(crate) fn net(&self) -> f64 {
        (self.n_positive as f64 - self.n_negative as f64) / self.n as f64
    }

    /// The figures of the group as reported.
    pub(crate) fn stats(&self, min_volume: u64) -> SentimentStats {
        let share = |count: u64| count as f64 / self.n as f64;
        let mean_score = self.mean();
        SentimentStats {
            n_mentions: self.n,
            n_positive: self.n_positive,
            n_neutral: self.n_neutral,
            n_negative: self.n_negative,
            share_positive: share(self.n_positive),
            share_neutral: share(self.n_neutral),
            share_negative: share(self.n_negative),
            mean_score,
            net_sentiment: self.net(),
            enough_data: self.n >= min_volume,
            share_positive_ci: stats::wilson(self.n_positive, self.n),
            share_negative_ci: stats::wilson(self.n_negative, self.n),
            mean_score_ci: stats::mean_interval(mean_score, self.std(), self.n),
            net_sentiment_ci: stats::net_interval(self.n_positive, self.n_negative, self.n),
        }
    }
}

/// The wait kinds with a median column of their own, in column order.
pub(crate) const MEDIAN_KINDS: [WaitKind; 4] =
    [WaitKind::Clinic, WaitKind::Appointment, WaitKind::Results, WaitKind::Emergency];

/// The reported waits of one provider: minutes counted per distinct value, overall and per
/// kind of [`MEDIAN_KINDS`].
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct WaitAcc {
    pub(crate) n_mentions_with_waits: u64,
    all: Minutes,
    by_kind: [Minutes; 4],
}

/// Wait minutes and how often each was reported.
type Minutes = BTreeMap<u32, u64>;

impl WaitAcc {
    /// Adds the waits of one mention (which has at least one).
    pub(crate) fn push(&mut self, waits: &[bedside_types::WaitReport]) {
        if waits.is_empty() {
            return;
        }
        self.n_mentions_with_waits += 1;
        for wait in waits {
            *self.all.entry(wait.minutes).or_default() += 1;
            if let Some(idx) = MEDIAN_KINDS.iter().position(|kind| *kind == wait.kind) {
                *self.by_kind[idx].entry(wait.minutes).or_default() += 1;
            }
        }
    }

    /// Adds another provider part's waits.
    #[cfg(test)]
    pub(crate) fn merge(&mut self, other: &WaitAcc) {
        self.n_mentions_with_waits += other.n_mentions_with_waits;
        for (mine, theirs) in std::iter::once((&mut self.all, &other.all))
            .chain(self.by_kind.iter_mut().zip(&other.by_kind))
        {
            for (minutes, count) in theirs {
                *mine.entry(*minutes).or_default() += count;
            }
        }
    }

    /// Wait reports.
    pub(crate) fn n_waits(&self) -> u64 {
        self.all.values().sum()
    }

    /// The median over all kinds (the mean of the two middle values when their number is even).
    pub(crate) fn median(&self) -> f64 {
        quantile_midpoint(&self.all, 0.5).unwrap_or_default()
    }

    /// The 90th percentile, interpolated linearly at rank `0.9 * (n - 1)`.
    pub(crate) fn p90(&self) -> f64 {
        quantile_linear(&self.all, 0.9).unwrap_or_default()
    }

    /// The share of reports longer than an hour.
    pub(crate) fn share_over_60(&self) -> f64 {
        let over: u64 = self.all.range(61..).map(|(_, count)| count).sum();
        over as f64 / self.n_waits() as f64
    }

    /// The medians of the kinds of [`MEDIAN_KINDS`], `None` for a kind never reported.
    pub(crate) fn medians_by_kind(&self) -> [Option<f64>; 4] {
        [0, 1, 2, 3].map(|idx| quantile_midpoint(&self.by_kind[idx], 0.5))
    }
}

/// The value at 0-based rank `rank` of the sorted values counted in `minutes`.
fn value_at(minutes: &Minutes, rank: u64) -> f64 {
    let mut seen = 0;
    for (value, count) in minutes {
        seen += count;
        if rank < seen {
            return f64::from(*value);
        }
    }
    minutes.keys().next_back().map_or(0.0, |value| f64::from(*value))
}

/// The two values around rank `q * (n - 1)` and the fraction between them.
fn around(minutes: &Minutes, q: f64) -> Option<(f64, f64, f64)> {
    let n: u64 = minutes.values().sum();
    if n == 0 {
        return None;
    }
    let rank = q * (n - 1) as f64;
    let (low, high) = (rank.floor(), rank.ceil());
    Some((value_at(minutes, low as u64), value_at(minutes, high as u64), rank - low))
}

/// polars' `QuantileMethod::Midpoint`.
fn quantile_midpoint(minutes: &Minutes, q: f64) -> Option<f64> {
    around(minutes, q).map(|(low, high, _)| if low == high { low } else { (low + high) / 2.0 })
}

/// polars' `QuantileMethod::Linear` (NumPy's default).
fn quantile_linear(minutes: &Minutes, q: f64) -> Option<f64> {
    around(minutes, q).map(|(low, high, fraction)| low + fraction * (high - low))
}

/// Which end of the score scale a [`TopQuotes`] keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strongest {
    /// The lowest scores (complaints, alert evidence).
    Lowest,
    /// The highest scores (praise).
    Highest,
}

/// What ranks a quote candidate before its score (see [`TopQuotes`]): `true` ranks first, and
/// `substantive` before `agrees`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rank {
    /// Whether the text is substantive ([`quotes::is_substantive`](crate::quotes::is_substantive)).
    pub(crate) substantive: bool,
    /// Whether the whole mention reads as the cell does: negative for a complaint, positive
    /// for praise. A topic's clauses can read negative in a mention whose verdict is praise
    /// ("Honestly fast. 15 min from check-in to discharge."); such a quote is shown only when a
    /// cell has too few substantive mentions that agree.
    pub(crate) agrees: bool,
}

/// The `k` best quotes of a cell, best first: substantive texts before bare short answers, then
/// mentions whose whole text reads as the cell does before the others, then the strongest
/// score; ties broken by mention id, so the kept set depends only on the candidates, not on
/// their order. A bare "Nothing" answering "what could we improve?" is strong praise, but says
/// less about a provider than any sentence of praise does.
#[derive(Clone, Debug)]
pub(crate) struct TopQuotes {
    keep: Strongest,
    kept: Vec<Kept>,
}

/// One quote a [`TopQuotes`] keeps.
#[derive(Clone, Debug)]
struct Kept {
    quote: Quote,
    rank: Rank,
    /// `Some(PHI hits)` while its text is the mention's text as written, to be cleaned by
    /// [`clean_texts`](TopQuotes::clean_texts) once the cell's last candidate has come: most
    /// candidates are pushed out by stronger ones before then.
    uncleaned: Option<Vec<PhiHit>>,
}

impl TopQuotes {
    pub(crate) fn new(keep: Strongest) -> TopQuotes {
        TopQuotes { keep, kept: Vec::new() }
    }

    /// How a candidate compares with a kept quote: `Less` if it ranks first.
    fn order(&self, rank: Rank, score: f64, id: &str, kept: &Kept) -> Ordering {
        let by_score = match self.keep {
            Strongest::Lowest => score.total_cmp(&kept.quote.score),
            Strongest::Highest => kept.quote.score.total_cmp(&score),
        };
        kept.rank.cmp(&rank).then(by_score).then_with(|| id.cmp(&kept.quote.mention_id))
    }

    /// Whether a candidate with this rank, score and id would be kept among `k`.
    pub(crate) fn wants(&self, k: usize, rank: Rank, score: f64, id: &str) -> bool {
        if k == 0 {
            return false;
        }
        self.kept.len() < k
            || self.kept.last().is_some_and(|worst| self.order(rank, score, id, worst).is_lt())
    }

    /// Inserts a candidate (built only when [`wants`](TopQuotes::wants) said so) and drops the
    /// weakest beyond `k`.
    pub(crate) fn insert(&mut self, k: usize, rank: Rank, quote: Quote) {
        self.insert_kept(k, Kept { quote, rank, uncleaned: None });
    }

    /// Inserts a candidate whose text is still the mention's text as written, with its PHI
    /// hits: see [`clean_texts`](TopQuotes::clean_texts).
    pub(crate) fn insert_uncleaned(
        &mut self,
        k: usize,
        rank: Rank,
        quote: Quote,
        phi: Vec<PhiHit>,
    ) {
        self.insert_kept(k, Kept { quote, rank, uncleaned: Some(phi) });
    }

    fn insert_kept(&mut self, k: usize, new: Kept) {
        let at = self.kept.partition_point(|kept| {
            self.order(new.rank, new.quote.score, &new.quote.mention_id, kept).is_gt()
        });
        self.kept.insert(at, new);
        self.kept.truncate(k);
    }

    /// Replaces the texts inserted uncleaned by `clean(quote, PHI hits)`.
    pub(crate) fn clean_texts(&mut self, mut clean: impl FnMut(&Quote, &[PhiHit]) -> String) {
        for kept in &mut self.kept {
            if let Some(phi) = kept.uncleaned.take() {
                kept.quote.text = clean(&kept.quote, &phi);
            }
        }
    }

    /// Merges another cell part's candidates.
    #[cfg(test)]
    pub(crate) fn merge(&mut self, k: usize, other: &TopQuotes) {
        for kept in &other.kept {
            if self.wants(k, kept.rank, kept.quote.score, &kept.quote.mention_id) {
                self.insert_kept(k, kept.clone());
            }
        }
    }

    /// The number of quotes kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.kept.len()
    }

    /// The kept quotes, strongest first (texts inserted uncleaned are cleaned only by
    /// [`clean_texts`](TopQuotes::clean_texts)).
    pub(crate) fn quotes(&self) -> impl Iterator<Item = &Quote> {
        debug_assert!(self.kept.iter().all(|k| k.uncleaned.is_none()), "BUG: quotes not cleaned");
        self.kept.iter().map(|kept| &kept.quote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rank of a substantive quote whose mention agrees with its cell.
    const SUBSTANTIVE: Rank = Rank { substantive: true, agrees: true };
    use bedside_types::WaitReport;

    fn waits(minutes: &[u32]) -> WaitAcc {
        let mut acc = WaitAcc::default();
        let reports: Vec<WaitReport> = minutes
            .iter()
            .map(|&minutes| WaitReport { minutes, kind: WaitKind::Clinic, span: 0..0 })
            .collect();
        acc.push(&reports);
        acc
    }

    /// Medians and percentiles on small, known samples.
    fn check(minutes: &[u32], want: (f64, f64, f64)) {
        let got = waits(minutes);
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
        close(got.median(), want.0);
        close(got.p90(), want.1);
        close(got.share_over_60(), want.2);
        assert_eq!(got.medians_by_kind()[0], Some(want.0));
        assert_eq!(got.medians_by_kind()[1], None);
    }

    #[test]
    fn median_is_the_mean_of_the_two_middle_values() {
        check(&[30], (30.0, 30.0, 0.0));
        check(&[90, 30], (60.0, 84.0, 0.5));
        check(&[10, 240, 30], (30.0, 198.0, 1.0 / 3.0));
        check(&[20, 45, 60, 61], (52.5, 60.7, 0.25));
        check(&[60, 60, 60, 61, 61], (60.0, 61.0, 0.4));
    }

    #[test]
    fn merged_parts_equal_the_whole() {
        let scores = [0.5, -0.25, 0.0, 0.75, -0.8, 0.1, 0.3];
        let sentiment = |score: f64| Sentiment::new(score, [0.2, 0.5, 0.3]);
        let mut whole = StatsAcc::default();
        scores.iter().for_each(|&s| whole.push(&sentiment(s)));
        let (mut left, mut right) = (StatsAcc::default(), StatsAcc::default());
        scores[..3].iter().for_each(|&s| left.push(&sentiment(s)));
        scores[3..].iter().for_each(|&s| right.push(&sentiment(s)));
        left.merge(&right);
        let (a, b) = (whole.stats(5), left.stats(5));
        assert_eq!(
            (a.n_mentions, a.n_positive, a.n_negative),
            (b.n_mentions, b.n_positive, b.n_negative)
        );
        assert!((a.mean_score - b.mean_score).abs() < 1e-15);
        assert!((a.mean_score_ci.low - b.mean_score_ci.low).abs() < 1e-12);

        let mut all = waits(&[10, 20, 30, 240]);
        all.merge(&waits(&[45]));
        assert_eq!((all.n_waits(), all.n_mentions_with_waits, all.median()), (5, 2, 30.0));
    }

    #[test]
    fn top_quotes_keep_the_strongest_whatever_the_order() {
        let candidates =
            [("a", -0.5), ("b", -0.9), ("c", -0.5), ("d", 0.1), ("e", -0.9), ("f", -0.2)];
        let mut forward = TopQuotes::new(Strongest::Lowest);
        for (id, score) in candidates {
            if forward.wants(3, SUBSTANTIVE, score, id) {
                forward.insert(3, SUBSTANTIVE, quote(id, score, ""));
            }
        }
        let mut backward = TopQuotes::new(Strongest::Lowest);
        for (id, score) in candidates.iter().rev() {
            if backward.wants(3, SUBSTANTIVE, *score, id) {
                backward.insert(3, SUBSTANTIVE, quote(id, *score, ""));
            }
        }
        let ids = |top: &TopQuotes| top.quotes().map(|q| q.mention_id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&forward), ["b", "e", "a"]);
        assert_eq!(ids(&backward), ids(&forward));
        let mut merged = TopQuotes::new(Strongest::Lowest);
        merged.merge(2, &forward);
        assert_eq!(ids(&merged), ["b", "e"]);
        let mut praise = TopQuotes::new(Strongest::Highest);
        for (id, score) in candidates {
            if praise.wants(1, SUBSTANTIVE, score, id) {
                praise.insert(1, SUBSTANTIVE, quote(id, score, ""));
            }
        }
        assert_eq!(ids(&praise), ["d"]);
    }

    /// A quote with only an id, a score and a text.
    fn quote(id: &str, score: f64, text: &str) -> Quote {
        Quote {
            mention_id: id.into(),
            text: text.into(),
            score,
            source: String::new(),
            posted_at: None,
            url: None,
        }
    }

    #[test]
    fn substantive_quotes_come_before_bare_answers() {
        let candidates = [
            ("a", 0.95, "Nothing"),
            ("b", 0.60, "The nurses on ward 4 were kind."),
            ("c", 0.90, "Nothing at all"),
            ("d", 0.70, "Seen quickly by a caring team."),
        ];
        let mut praise = TopQuotes::new(Strongest::Highest);
        let rank = |substantive| Rank { agrees: true, substantive };
        for (id, score, text) in candidates {
            let rank = rank(crate::quotes::is_substantive(text));
            if praise.wants(3, rank, score, id) {
                praise.insert(3, rank, quote(id, score, text));
            }
        }
        let ids: Vec<&str> = praise.quotes().map(|q| q.mention_id.as_str()).collect();
        // The two sentences by score, then the strongest bare answer to fill the cell.
        assert_eq!(ids, ["d", "b", "a"]);
        // A bare answer only displaces a weaker bare answer; any sentence displaces one.
        assert!(!praise.wants(3, rank(false), 0.9, "e"));
        assert!(praise.wants(3, rank(false), 0.99, "e"));
        assert!(praise.wants(3, rank(true), 0.1, "e"));
    }

    #[test]
    fn quotes_whose_whole_text_agrees_come_first() {
        // A wait-times complaint cell: "b" is the strongest clause, but its whole mention reads
        // as praise; it is kept only while the cell has room.
        let mut complaints = TopQuotes::new(Strongest::Lowest);
        let candidates = [
            ("a", -0.5, true, "Waited four hours to be seen."),
            ("b", -0.9, false, "Honestly fast. Fifteen minutes from check-in to discharge."),
            ("c", -0.3, true, "The wait in the clinic was far too long."),
        ];
        for (id, score, agrees, text) in candidates {
            let rank = Rank { agrees, substantive: true };
            if complaints.wants(2, rank, score, id) {
                complaints.insert(2, rank, quote(id, score, text));
            }
        }
        let ids: Vec<&str> = complaints.quotes().map(|q| q.mention_id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        // With room for three, it comes last despite its score.
        let mut roomy = TopQuotes::new(Strongest::Lowest);
        for (id, score, agrees, text) in candidates {
            let rank = Rank { agrees, substantive: true };
            roomy.insert(3, rank, quote(id, score, text));
        }
        let ids: Vec<&str> = roomy.quotes().map(|q| q.mention_id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "b"]);
        // Substance comes first: a bare answer that agrees ranks after any substantive text.
        let bare = Rank { substantive: false, agrees: true };
        let disagreeing = Rank { substantive: true, agrees: false };
        assert!(disagreeing > bare);
    }

    #[test]
    fn uncleaned_texts_are_cleaned_once_at_the_end() {
        let hit = |start| {
            vec![PhiHit {
                kind: bedside_types::PhiKind::Name,
                span: start..start + 1,
                confidence: 1.0,
            }]
        };
        let mut top = TopQuotes::new(Strongest::Lowest);
        top.insert_uncleaned(2, SUBSTANTIVE, quote("a", -0.5, "raw a"), hit(0));
        top.insert(2, SUBSTANTIVE, quote("b", -0.7, "clean b"));
        // Pushes "a" out, with its PHI hits.
        top.insert_uncleaned(2, SUBSTANTIVE, quote("c", -0.9, "raw c"), hit(4));
        let mut other = TopQuotes::new(Strongest::Lowest);
        other.merge(2, &top);
        for cell in [&mut top, &mut other] {
            cell.clean_texts(|quote, phi| {
                format!("{}@{}", quote.text.to_uppercase(), phi[0].span.start)
            });
            let texts: Vec<&str> = cell.quotes().map(|q| q.text.as_str()).collect();
            assert_eq!(texts, ["RAW C@4", "clean b"]);
            // Cleaning twice changes nothing.
            cell.clean_texts(|_, _| unreachable!("already clean"));
        }
    }
}
