//! The rows of `trends.csv`, `peers.csv` and `alerts.csv`.

use crate::alerts::Alert;
use crate::peers::PeerComparison;
use crate::report::Report;
use crate::trends::PeriodSummary;
use crate::write::{float4, stats_record, with_stats};

/// The key columns of `trends.csv`, before the statistics columns.
pub(crate) const TREND_KEYS: [&str; 6] =
    ["period_kind", "period", "provider_id", "provider_name", "topic", "topic_label"];

/// The columns of `peers.csv`.
pub(crate) const PEER_COLUMNS: [&str; 14] = [
    "kind",
    "rank",
    "n_ranked",
    "provider_id",
    "provider_name",
    "n_mentions",
    "net_sentiment",
    "net_sentiment_low",
    "net_sentiment_high",
    "peers_n_mentions",
    "peers_net_sentiment",
    "peers_net_sentiment_low",
    "peers_net_sentiment_high",
    "verdict",
];

/// The columns of `alerts.csv`.
pub(crate) const ALERT_COLUMNS: [&str; 19] = [
    "period_kind",
    "period",
    "provider_id",
    "provider_name",
    "topic",
    "topic_label",
    "n_mentions",
    "n_negative",
    "baseline_periods",
    "baseline_mentions",
    "baseline_negative",
    "baseline_share_negative",
    "p_volume",
    "p_share",
    "p_volume_adjusted",
    "p_share_adjusted",
    "trigger",
    "n_evidence",
    "mention_ids",
];

pub(crate) fn trend_header() -> Vec<&'static str> {
    with_stats(&TREND_KEYS)
}

pub(crate) fn trend_record(row: &PeriodSummary) -> Vec<String> {
    let keys = [
        row.period_kind.as_str(),
        &row.period,
        row.provider_id.as_str(),
        &row.provider_name,
        row.topic.as_ref().map_or("", |topic| topic.as_str()),
        row.topic_label.as_deref().unwrap_or(""),
    ];
    stats_record(&keys, &row.stats)
}

pub(crate) fn peer_record(row: &PeerComparison) -> Vec<String> {
    let stats = &row.provider.stats;
    vec![
        row.kind.clone(),
        row.rank.to_string(),
        row.n_ranked.to_string(),
        row.provider.provider_id.to_string(),
        row.provider.provider_name.clone(),
        stats.n_mentions.to_string(),
        float4(stats.net_sentiment),
        float4(stats.net_sentiment_ci.low),
        float4(stats.net_sentiment_ci.high),
        row.peers_n_mentions.to_string(),
        float4(row.peers_net_sentiment),
        float4(row.peers_net_sentiment_ci.low),
        float4(row.peers_net_sentiment_ci.high),
        row.verdict.as_str().to_string(),
    ]
}

/// A p-value in scientific notation with 3 significant digits (`1.23e-9`): tiny p-values are
/// the point of an alert and would all print as 0.0000.
pub(crate) fn p_value(p: f64) -> String {
    format!("{p:.2e}")
}

pub(crate) fn alert_record(row: &Alert) -> Vec<String> {
    vec![
        row.period_kind.as_str().to_string(),
        row.period.clone(),
        row.provider_id.to_string(),
        row.provider_name.clone(),
        row.topic.to_string(),
        row.topic_label.clone(),
        row.n_mentions.to_string(),
        row.n_negative.to_string(),
        row.baseline_periods.to_string(),
        float4(row.baseline_mentions),
        float4(row.baseline_negative),
        float4(row.baseline_share_negative),
        p_value(row.p_volume),
        p_value(row.p_share),
        p_value(row.p_volume_adjusted),
        p_value(row.p_share_adjusted),
        row.trigger.as_str().to_string(),
        row.n_evidence.to_string(),
        row.mention_ids.join(";"),
    ]
}

/// All trend rows of a report, as CSV records.
pub(crate) fn trend_records(report: &Report) -> impl Iterator<Item = Vec<String>> + '_ {
    report.by_period.iter().map(trend_record)
}
