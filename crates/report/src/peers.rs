//! Peer ranking: providers of the same kind ranked on net sentiment, each compared with its
//! peers pooled.
//!
//! # The comparison
//!
//! A provider's peers are the other providers of the same kind (`hospital`, `clinic`...) with
//! enough data. Their mentions are pooled and the 95% interval of the pool's net sentiment is
//! compared with the provider's own 95% interval (both MOVER-Wilson, see
//! [`SentimentStats::net_sentiment_ci`](crate::SentimentStats)). The provider is
//! "significantly better" only when its interval lies entirely above the peers' and
//! "significantly worse" only when it lies entirely below. Two 95% intervals that do not
//! overlap correspond to a difference significant at well under 1% (about 0.6% for equal
//! widths), so the verdict is conservative: an overlap means "not distinguishable from peers",
//! not "the same".

use std::collections::BTreeMap;

use crate::report::{ProviderSummary, SentimentStats};
use crate::stats::{Interval, net_interval};

/// How a provider compares with its peers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeerVerdict {
    /// Its net sentiment interval lies entirely above its peers'.
    Better,
    /// Its net sentiment interval lies entirely below its peers'.
    Worse,
    /// The intervals overlap.
    NotSignificant,
    /// No other provider of its kind has enough data.
    NoPeers,
}

impl PeerVerdict {
    /// `better`, `worse`, `not_significant` or `no_peers`.
    pub fn as_str(self) -> &'static str {
        match self {
            PeerVerdict::Better => "better",
            PeerVerdict::Worse => "worse",
            PeerVerdict::NotSignificant => "not_significant",
            PeerVerdict::NoPeers => "no_peers",
        }
    }
}

/// One provider's place among the providers of its kind: a row of `peers.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct PeerComparison {
    /// The kind shared with the peers.
    pub kind: String,
    /// The rank within the kind by net sentiment, 1 = best (ties by mean score, then id).
    pub rank: u64,
    /// The providers of the kind with enough data.
    pub n_ranked: u64,
    /// The provider's summary.
    pub provider: ProviderSummary,
    /// The other ranked providers of the kind.
    pub n_peers: u64,
    /// The pooled peers' mentions.
    pub peers_n_mentions: u64,
    /// The pooled peers' net sentiment (0 without peers).
    pub peers_net_sentiment: f64,
    /// Its 95% interval (`[-1, 1]` without peers).
    pub peers_net_sentiment_ci: Interval,
    /// The verdict.
    pub verdict: PeerVerdict,
}

/// The comparisons of every provider with enough data, a kind and a known id, sorted by kind,
/// then rank.
pub(crate) fn compare(by_provider: &[ProviderSummary]) -> Vec<PeerComparison> {
    let mut by_kind: BTreeMap<&str, Vec<&ProviderSummary>> = BTreeMap::new();
    for summary in by_provider {
        if summary.stats.enough_data
            && !summary.provider_id.is_unknown()
            && !summary.kind.is_empty()
        {
            by_kind.entry(summary.kind.as_str()).or_default().push(summary);
        }
    }
    let mut out = Vec::new();
    for (kind, mut members) in by_kind {
        members.sort_by(|a, b| {
            b.stats
                .net_sentiment
                .total_cmp(&a.stats.net_sentiment)
                .then_with(|| b.stats.mean_score.total_cmp(&a.stats.mean_score))
                .then_with(|| a.provider_id.cmp(&b.provider_id))
        });
        for (rank, summary) in members.iter().enumerate() {
            let peers: Vec<&SentimentStats> = members
                .iter()
                .filter(|other| other.provider_id != summary.provider_id)
                .map(|other| &other.stats)
                .collect();
            out.push(comparison(kind, rank, members.len(), summary, &peers));
        }
    }
    out
}

fn comparison(
    kind: &str,
    rank: usize,
    n_ranked: usize,
    summary: &ProviderSummary,
    peers: &[&SentimentStats],
) -> PeerComparison {
    let n: u64 = peers.iter().map(|s| s.n_mentions).sum();
    let n_positive: u64 = peers.iter().map(|s| s.n_positive).sum();
    let n_negative: u64 = peers.iter().map(|s| s.n_negative).sum();
    let (net, ci) = if n == 0 {
        (0.0, Interval { low: -1.0, high: 1.0 })
    } else {
        (
            (n_positive as f64 - n_negative as f64) / n as f64,
            net_interval(n_positive, n_negative, n),
        )
    };
    let own = summary.stats.net_sentiment_ci;
    let verdict = if peers.is_empty() {
        PeerVerdict::NoPeers
    } else if own.above(&ci) {
        PeerVerdict::Better
    } else if ci.above(&own) {
        PeerVerdict::Worse
    } else {
        PeerVerdict::NotSignificant
    };
    PeerComparison {
        kind: kind.to_string(),
        rank: rank as u64 + 1,
        n_ranked: n_ranked as u64,
        provider: summary.clone(),
        n_peers: peers.len() as u64,
        peers_n_mentions: n,
        peers_net_sentiment: net,
        peers_net_sentiment_ci: ci,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{mean_interval, wilson};
    use bedside_types::ProviderId;

    fn summary(id: &str, kind: &str, [positive, neutral, negative]: [u64; 3]) -> ProviderSummary {
        let n = positive + neutral + negative;
        let share = |k: u64| k as f64 / n as f64;
        let net = share(positive) - share(negative);
        ProviderSummary {
            provider_id: ProviderId::new(id),
            provider_name: id.to_uppercase(),
            kind: kind.to_string(),
            stats: SentimentStats {
                n_mentions: n,
                n_positive: positive,
                n_neutral: neutral,
                n_negative: negative,
                share_positive: share(positive),
                share_neutral: share(neutral),
                share_negative: share(negative),
                mean_score: net / 2.0,
                net_sentiment: net,
                enough_data: n >= 5,
                share_positive_ci: wilson(positive, n),
                share_negative_ci: wilson(negative, n),
                mean_score_ci: mean_interval(net / 2.0, Some(0.5), n),
                net_sentiment_ci: net_interval(positive, negative, n),
            },
        }
    }

    #[test]
    fn verdicts_follow_the_intervals() {
        let providers = [
            summary("best", "hospital", [160, 20, 20]),
            summary("mid_a", "hospital", [90, 20, 90]),
            summary("mid_b", "hospital", [85, 25, 90]),
            summary("worst", "hospital", [30, 20, 150]),
            // Close to the others but small: its interval overlaps theirs.
            summary("small", "hospital", [5, 1, 2]),
            summary("alone", "clinic", [50, 0, 10]),
            summary("thin", "clinic", [2, 0, 1]),
            summary("no_kind", "", [50, 0, 10]),
        ];
        let comparisons = compare(&providers);
        let got: Vec<(&str, &str, u64, PeerVerdict)> = comparisons
            .iter()
            .map(|c| (c.kind.as_str(), c.provider.provider_id.as_str(), c.rank, c.verdict))
            .collect();
        assert_eq!(
            got,
            [
                ("clinic", "alone", 1, PeerVerdict::NoPeers),
                ("hospital", "best", 1, PeerVerdict::Better),
                ("hospital", "small", 2, PeerVerdict::NotSignificant),
                ("hospital", "mid_a", 3, PeerVerdict::NotSignificant),
                ("hospital", "mid_b", 4, PeerVerdict::NotSignificant),
                ("hospital", "worst", 5, PeerVerdict::Worse),
            ]
        );
    }
}
