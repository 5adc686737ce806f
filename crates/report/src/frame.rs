//! The report's tables as polars DataFrames (for `to_dataframe` and `mentions.parquet`).

use polars::prelude::*;

use crate::mention_columns::MentionColumns;
use crate::report::{Report, SentimentStats, Table};
use crate::{Error, Result};

/// The columns of `mentions.csv` and `mentions.parquet`, in order.
pub const MENTION_COLUMNS: [&str; 29] = [
    "id",
    "file",
    "row",
    "source",
    "posted_at",
    "date",
    "week",
    "month",
    "author",
    "url",
    "question",
    "rating",
    "provider_id",
    "provider_name",
    "provider_match",
    "label",
    "score",
    "negative",
    "neutral",
    "positive",
    "topics",
    "topic_scores",
    "duplicate_of",
    "targets",
    "staff",
    "waits",
    "phi",
    "hipaa_risk",
    "text",
];

/// The statistics columns shared by every summary table, in order.
pub const STATS_COLUMNS: [&str; 18] = [
    "n_mentions",
    "n_positive",
    "n_neutral",
    "n_negative",
    "share_positive",
    "share_neutral",
    "share_negative",
    "mean_score",
    "net_sentiment",
    "enough_data",
    "share_positive_low",
    "share_positive_high",
    "share_negative_low",
    "share_negative_high",
    "mean_score_low",
    "mean_score_high",
    "net_sentiment_low",
    "net_sentiment_high",
];

pub(crate) fn table(report: &Report, table: Table) -> Result<DataFrame> {
    let frame = match table {
        Table::Mentions => MentionColumns::frame(false, &report.mentions),
        Table::ByProvider => {
            let rows = &report.by_provider;
            let keys = vec![
                str_column("provider_id", rows.iter().map(|r| Some(r.provider_id.as_str()))),
                str_column("provider_name", rows.iter().map(|r| Some(r.provider_name.as_str()))),
                str_column("kind", rows.iter().map(|r| Some(r.kind.as_str()))),
            ];
            stats_frame(keys, rows.iter().map(|r| &r.stats))
        }
        Table::ByTopic => {
            let rows = &report.by_topic;
            let keys = vec![
                str_column("topic", rows.iter().map(|r| Some(r.topic.as_str()))),
                str_column("topic_label", rows.iter().map(|r| Some(r.topic_label.as_str()))),
            ];
            stats_frame(keys, rows.iter().map(|r| &r.stats))
        }
        Table::ByProviderTopic => {
            let rows = &report.by_provider_topic;
            let keys = vec![
                str_column("provider_id", rows.iter().map(|r| Some(r.provider_id.as_str()))),
                str_column("provider_name", rows.iter().map(|r| Some(r.provider_name.as_str()))),
                str_column("topic", rows.iter().map(|r| Some(r.topic.as_str()))),
                str_column("topic_label", rows.iter().map(|r| Some(r.topic_label.as_str()))),
            ];
            stats_frame(keys, rows.iter().map(|r| &r.stats))
        }
        Table::ByTarget => {
            let rows = &report.by_target;
            let keys = vec![
                str_column("provider_id", rows.iter().map(|r| Some(r.provider_id.as_str()))),
                str_column("provider_name", rows.iter().map(|r| Some(r.provider_name.as_str()))),
                str_column("kind", rows.iter().map(|r| Some(r.kind.as_str()))),
            ];
            stats_frame(keys, rows.iter().map(|r| &r.stats))
        }
        Table::Staff => staff_frame(report),
        Table::WaitsByProvider => waits_frame(report),
    };
    frame.map_err(Error::aggregate)
}

/// The columns of `staff.csv`, in order.
pub(crate) const STAFF_COLUMNS: [&str; 8] = [
    "provider_id",
    "name",
    "role",
    "n_mentions",
    "n_positive",
    "n_negative",
    "net_sentiment",
    "mean_score",
];

/// The columns of `waits_by_provider.csv`, in order.
pub(crate) const WAIT_COLUMNS: [&str; 12] = [
    "provider_id",
    "provider_name",
    "n_waits",
    "n_mentions_with_waits",
    "median_minutes",
    "p90_minutes",
    "share_over_60",
    "median_clinic",
    "median_appointment",
    "median_results",
    "median_emergency",
    "enough_data",
];

fn staff_frame(report: &Report) -> PolarsResult<DataFrame> {
    let rows = &report.staff;
    let columns = vec![
        str_column("provider_id", rows.iter().map(|r| Some(r.provider_id.as_str()))),
        str_column("name", rows.iter().map(|r| Some(r.name.as_str()))),
        str_column("role", rows.iter().map(|r| Some(r.role.as_str()))),
        Column::new("n_mentions".into(), rows.iter().map(|r| r.n_mentions).collect::<Vec<_>>()),
        Column::new("n_positive".into(), rows.iter().map(|r| r.n_positive).collect::<Vec<_>>()),
        Column::new("n_negative".into(), rows.iter().map(|r| r.n_negative).collect::<Vec<_>>()),
        Column::new(
            "net_sentiment".into(),
            rows.iter().map(|r| r.net_sentiment).collect::<Vec<_>>(),
        ),
        Column::new("mean_score".into(), rows.iter().map(|r| r.mean_score).collect::<Vec<_>>()),
    ];
    debug_assert_eq!(columns.len(), STAFF_COLUMNS.len());
    DataFrame::new(rows.len(), columns)
}

fn waits_frame(report: &Report) -> PolarsResult<DataFrame> {
    let rows = &report.waits;
    let floats = |f: fn(&crate::WaitSummary) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let optional =
        |f: fn(&crate::WaitSummary) -> Option<f64>| rows.iter().map(f).collect::<Vec<_>>();
    let columns = vec![
        str_column("provider_id", rows.iter().map(|r| Some(r.provider_id.as_str()))),
        str_column("provider_name", rows.iter().map(|r| Some(r.provider_name.as_str()))),
        Column::new("n_waits".into(), rows.iter().map(|r| r.n_waits).collect::<Vec<_>>()),
        Column::new(
            "n_mentions_with_waits".into(),
            rows.iter().map(|r| r.n_mentions_with_waits).collect::<Vec<_>>(),
        ),
        Column::new("median_minutes".into(), floats(|r| r.median_minutes)),
        Column::new("p90_minutes".into(), floats(|r| r.p90_minutes)),
        Column::new("share_over_60".into(), floats(|r| r.share_over_60)),
        Column::new("median_clinic".into(), optional(|r| r.median_clinic)),
        Column::new("median_appointment".into(), optional(|r| r.median_appointment)),
        Column::new("median_results".into(), optional(|r| r.median_results)),
        Column::new("median_emergency".into(), optional(|r| r.median_emergency)),
        Column::new("enough_data".into(), rows.iter().map(|r| r.enough_data).collect::<Vec<_>>()),
    ];
    debug_assert_eq!(columns.len(), WAIT_COLUMNS.len());
    DataFrame::new(rows.len(), columns)
}

fn str_column<'a>(name: &str, values: impl Iterator<Item = Option<&'a str>>) -> Column {
    Column::new(name.into(), values.collect::<Vec<Option<&str>>>())
}

fn stats_frame<'a>(
    mut columns: Vec<Column>,
    stats: impl Iterator<Item = &'a SentimentStats>,
) -> PolarsResult<DataFrame> {
    let stats: Vec<&SentimentStats> = stats.collect();
    let counts =
        |f: fn(&SentimentStats) -> u64| -> Vec<u64> { stats.iter().map(|s| f(s)).collect() };
    let floats =
        |f: fn(&SentimentStats) -> f64| -> Vec<f64> { stats.iter().map(|s| f(s)).collect() };
    columns.extend([
        Column::new("n_mentions".into(), counts(|s| s.n_mentions)),
        Column::new("n_positive".into(), counts(|s| s.n_positive)),
        Column::new("n_neutral".into(), counts(|s| s.n_neutral)),
        Column::new("n_negative".into(), counts(|s| s.n_negative)),
        Column::new("share_positive".into(), floats(|s| s.share_positive)),
        Column::new("share_neutral".into(), floats(|s| s.share_neutral)),
        Column::new("share_negative".into(), floats(|s| s.share_negative)),
        Column::new("mean_score".into(), floats(|s| s.mean_score)),
        Column::new("net_sentiment".into(), floats(|s| s.net_sentiment)),
        Column::new(
            "enough_data".into(),
            stats.iter().map(|s| s.enough_data).collect::<Vec<bool>>(),
        ),
        Column::new("share_positive_low".into(), floats(|s| s.share_positive_ci.low)),
        Column::new("share_positive_high".into(), floats(|s| s.share_positive_ci.high)),
        Column::new("share_negative_low".into(), floats(|s| s.share_negative_ci.low)),
        Column::new("share_negative_high".into(), floats(|s| s.share_negative_ci.high)),
        Column::new("mean_score_low".into(), floats(|s| s.mean_score_ci.low)),
        Column::new("mean_score_high".into(), floats(|s| s.mean_score_ci.high)),
        Column::new("net_sentiment_low".into(), floats(|s| s.net_sentiment_ci.low)),
        Column::new("net_sentiment_high".into(), floats(|s| s.net_sentiment_ci.high)),
    ]);
    DataFrame::new(stats.len(), columns)
}
