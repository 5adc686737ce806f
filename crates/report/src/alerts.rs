//! Alerts: a provider's topic whose negative volume or negative share rises beyond what chance
//! explains, against a trailing baseline.
//!
//! The test is documented on [`Alert`].

use std::collections::BTreeMap;

use bedside_types::{ProviderId, TopicId};

use crate::report::Quote;
use crate::stats::{binomial_upper_tail, holm, poisson_upper_tail};
use crate::trends::{PeriodKind, PeriodRow};

/// The family-wise false-alarm rate of alerts, over the whole report.
pub const ALERT_ALPHA: f64 = 0.05;
/// The trailing baseline of weekly alerts, in weeks.
pub const BASELINE_WEEKS: i64 = 8;
/// The shortest weekly baseline tested, in weeks.
pub const MIN_BASELINE_WEEKS: i64 = 4;
/// The trailing baseline of monthly alerts, in months.
pub const BASELINE_MONTHS: i64 = 3;
/// The shortest monthly baseline tested, in months.
pub const MIN_BASELINE_MONTHS: i64 = 2;

/// Which test raised an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlertTrigger {
    /// The number of negative mentions rose (Poisson test).
    Volume,
    /// The share of negative mentions rose (binomial test).
    Share,
    /// Both.
    Both,
}

impl AlertTrigger {
    /// `volume`, `share` or `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertTrigger::Volume => "volume",
            AlertTrigger::Share => "share",
            AlertTrigger::Both => "both",
        }
    }
}

/// A rise in negative feedback on one provider's topic in one period, with the mentions that
/// caused it.
///
/// # The test
///
/// For every provider (except `unknown`) and topic, and every week and month of the data, the
/// baseline is the trailing window before the period: [`BASELINE_WEEKS`] weeks or
/// [`BASELINE_MONTHS`] months, cut at the first period of the data (periods without mentions
/// count as zero). A period is eligible when its baseline spans at least [`MIN_BASELINE_WEEKS`]
/// weeks or [`MIN_BASELINE_MONTHS`] months. In an eligible period with `x` negative mentions
/// of the topic out of `n`, two one-sided exact tests run when `x` reaches the minimum volume:
///
/// - **volume**: `P(X >= x)` for `X ~ Poisson(lambda)`, with `lambda = (negatives in the
///   baseline + 1) / baseline periods`;
/// - **share**: `P(X >= x)` for `X ~ Binomial(n, p0)`, with `p0 = (negatives in the baseline +
///   1) / (mentions in the baseline + 2)`.
///
/// The `+1`/`+2` keep a quiet baseline from making a handful of mentions look significant.
/// Every eligible (provider, topic, period, test) of the report forms one family (tests not
/// run count with p = 1), and Holm's step-down correction holds the family-wise false-alarm
/// rate at [`ALERT_ALPHA`]: when nothing changed, the chance that the whole report raises even
/// one alert is at most 5%. An alert is raised when either adjusted p-value is at most
/// [`ALERT_ALPHA`].
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    /// The provider.
    pub provider_id: ProviderId,
    /// Its display name.
    pub provider_name: String,
    /// The topic.
    pub topic: TopicId,
    /// Its display label.
    pub topic_label: String,
    /// Week or month.
    pub period_kind: PeriodKind,
    /// The period's label (`2026-W38`).
    pub period: String,
    /// The period's index (see [`PeriodSummary::period_index`](crate::PeriodSummary)).
    pub period_index: i64,
    /// Non-duplicate mentions of the topic in the period.
    pub n_mentions: u64,
    /// Of those, mentions whose sentiment on the topic is negative.
    pub n_negative: u64,
    /// The number of baseline periods.
    pub baseline_periods: u64,
    /// Mentions of the topic per baseline period.
    pub baseline_mentions: f64,
    /// Negative mentions of the topic per baseline period.
    pub baseline_negative: f64,
    /// The share negative over the whole baseline (0 when it had no mentions).
    pub baseline_share_negative: f64,
    /// The volume test's p-value, before correction.
    pub p_volume: f64,
    /// The share test's p-value, before correction.
    pub p_share: f64,
    /// The volume test's Holm-adjusted p-value.
    pub p_volume_adjusted: f64,
    /// The share test's Holm-adjusted p-value.
    pub p_share_adjusted: f64,
    /// Which test raised the alert.
    pub trigger: AlertTrigger,
    /// The non-duplicate mentions whose sentiment on the topic (its first entry in the
    /// mention) is negative in the period: the evidence. Normally `n_negative`.
    pub n_evidence: u64,
    /// The ids of the first evidence mentions, in input order: all of them up to
    /// [`MAX_ALERT_MENTION_IDS`](crate::MAX_ALERT_MENTION_IDS), then only the first that many
    /// (`n_evidence` says how many there are in all).
    pub mention_ids: Vec<String>,
    /// The most negative of them, redacted unless disabled.
    pub quotes: Vec<Quote>,
}

/// The evidence of one provider × topic × period cell, as collected by the stream.
#[derive(Default)]
pub(crate) struct EvidenceFound {
    /// Evidence mentions in all.
    pub(crate) n: u64,
    /// The first of their ids, in input order.
    pub(crate) ids: Vec<String>,
    /// The most negative of them.
    pub(crate) quotes: Vec<Quote>,
}

/// Looks up the evidence of `(kind, provider, topic, period index)`.
pub(crate) type EvidenceLookup<'a> =
    dyn Fn(&(PeriodKind, ProviderId, TopicId, i64)) -> EvidenceFound + 'a;

/// `(mentions, negative mentions)` of one cell, per period index.
type PeriodCounts = BTreeMap<i64, (u64, u64)>;

/// One eligible cell and period, tested or not.
struct Candidate {
    kind: PeriodKind,
    provider_id: ProviderId,
    topic: TopicId,
    period_index: i64,
    n_mentions: u64,
    n_negative: u64,
    baseline_periods: u64,
    baseline_sum: (u64, u64),
    p_volume: f64,
    p_share: f64,
}

/// The alerts of a report, sorted by period kind, period, provider and topic.
///
/// `periods` are the per-period rows of the report; only topic rows are used. `ranges` holds
/// the first and last period of the dated analyzed mentions, per [`PeriodKind::ALL`].
/// Evidence, provider and topic names come from the caller's closures.
pub(crate) fn alerts(
    periods: &[PeriodRow],
    ranges: &[Option<(i64, i64)>; 2],
    min_volume: u64,
    evidence: &EvidenceLookup<'_>,
    names: &dyn Fn(&ProviderId, &TopicId) -> (String, String),
) -> Vec<Alert> {
    let mut candidates = Vec::new();
    for (kind, range) in PeriodKind::ALL.into_iter().zip(ranges) {
        let (window, min_baseline) = match kind {
            PeriodKind::Week => (BASELINE_WEEKS, MIN_BASELINE_WEEKS),
            PeriodKind::Month => (BASELINE_MONTHS, MIN_BASELINE_MONTHS),
        };
        let Some((first, last)) = *range else {
            continue;
        };
        let mut cells: BTreeMap<(&ProviderId, &TopicId), PeriodCounts> = BTreeMap::new();
        for row in periods.iter().filter(|row| row.period_kind == kind) {
            let Some(topic) = &row.topic else { continue };
            if row.provider_id.is_unknown() {
                continue;
            }
            cells
                .entry((&row.provider_id, topic))
                .or_default()
                .insert(row.period_index, (row.stats.n_mentions, row.stats.n_negative));
        }
        for ((provider_id, topic), counts) in &cells {
            for period_index in (first + min_baseline)..=last {
                let start = first.max(period_index - window);
                let baseline_periods = (period_index - start) as u64;
                let baseline_sum = counts
                    .range(start..period_index)
                    .fold((0, 0), |(n, neg), (_, &(n_p, neg_p))| (n + n_p, neg + neg_p));
                let (n_mentions, n_negative) = counts.get(&period_index).copied().unwrap_or((0, 0));
                let (p_volume, p_share) = if n_negative >= min_volume.max(1) {
                    let lambda = (baseline_sum.1 + 1) as f64 / baseline_periods as f64;
                    let p0 = (baseline_sum.1 + 1) as f64 / (baseline_sum.0 + 2) as f64;
                    (
                        poisson_upper_tail(n_negative, lambda),
                        binomial_upper_tail(n_negative, n_mentions, p0),
                    )
                } else {
                    (1.0, 1.0)
                };
                candidates.push(Candidate {
                    kind,
                    provider_id: (*provider_id).clone(),
                    topic: (*topic).clone(),
                    period_index,
                    n_mentions,
                    n_negative,
                    baseline_periods,
                    baseline_sum,
                    p_volume,
                    p_share,
                });
            }
        }
    }
    let p_values: Vec<f64> = candidates.iter().flat_map(|c| [c.p_volume, c.p_share]).collect();
    let adjusted = holm(&p_values);
    let mut alerts: Vec<Alert> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(idx, c)| {
            let (p_volume_adjusted, p_share_adjusted) = (adjusted[2 * idx], adjusted[2 * idx + 1]);
            let trigger = match (p_volume_adjusted <= ALERT_ALPHA, p_share_adjusted <= ALERT_ALPHA)
            {
                (true, true) => AlertTrigger::Both,
                (true, false) => AlertTrigger::Volume,
                (false, true) => AlertTrigger::Share,
                (false, false) => return None,
            };
            let (provider_name, topic_label) = names(&c.provider_id, &c.topic);
            let found = evidence(&(c.kind, c.provider_id.clone(), c.topic.clone(), c.period_index));
            let periods = c.baseline_periods as f64;
            Some(Alert {
                provider_name,
                topic_label,
                period: c.kind.label(c.period_index),
                period_kind: c.kind,
                period_index: c.period_index,
                n_mentions: c.n_mentions,
                n_negative: c.n_negative,
                baseline_periods: c.baseline_periods,
                baseline_mentions: c.baseline_sum.0 as f64 / periods,
                baseline_negative: c.baseline_sum.1 as f64 / periods,
                baseline_share_negative: if c.baseline_sum.0 == 0 {
                    0.0
                } else {
                    c.baseline_sum.1 as f64 / c.baseline_sum.0 as f64
                },
                p_volume: c.p_volume,
                p_share: c.p_share,
                p_volume_adjusted,
                p_share_adjusted,
                trigger,
                n_evidence: found.n,
                mention_ids: found.ids,
                quotes: found.quotes,
                provider_id: c.provider_id,
                topic: c.topic,
            })
        })
        .collect();
    alerts.sort_by(|a, b| {
        (a.period_kind, a.period_index, &a.provider_id, &a.topic).cmp(&(
            b.period_kind,
            b.period_index,
            &b.provider_id,
            &b.topic,
        ))
    });
    alerts
}
