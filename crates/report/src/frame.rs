//! The report's tables as polars DataFrames (for `to_dataframe` and `mentions.parquet`).

use polars::prelude::*;

use crate::report::{MentionRow, Report, SentimentStats, Table};
use crate::write::{staff_scores, target_scores, topic_ids, topic_scores, wait_list};
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
        Table::Mentions => mentions_frame(&report.mentions),
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

/// One row per mention with the columns of [`MENTION_COLUMNS`]. Timestamps are RFC 3339
/// strings; scores keep full precision, except inside the `topic_scores` string.
pub(crate) fn mentions_frame(rows: &[MentionRow]) -> PolarsResult<DataFrame> {
    let owned = |f: &dyn Fn(&MentionRow) -> Option<String>| -> Vec<Option<String>> {
        rows.iter().map(f).collect()
    };
    let floats = |f: &dyn Fn(&MentionRow) -> f64| -> Vec<f64> { rows.iter().map(f).collect() };
    let columns = vec![
        str_column("id", rows.iter().map(|r| Some(r.id.as_str()))),
        str_column("file", rows.iter().map(|r| Some(r.file.as_str()))),
        Column::new("row".into(), rows.iter().map(|r| r.row).collect::<Vec<u64>>()),
        str_column("source", rows.iter().map(|r| Some(r.source.as_str()))),
        Column::new("posted_at".into(), owned(&|r| r.posted_at.map(|t| t.to_string()))),
        Column::new("date".into(), owned(&|r| r.posted_at.map(|t| t.date_string()))),
        Column::new("week".into(), owned(&|r| r.posted_at.map(|t| t.iso_week_string()))),
        Column::new("month".into(), owned(&|r| r.posted_at.map(|t| t.month_string()))),
        str_column("author", rows.iter().map(|r| r.author.as_deref())),
        str_column("url", rows.iter().map(|r| r.url.as_deref())),
        str_column("question", rows.iter().map(|r| r.question.as_deref())),
        Column::new("rating".into(), rows.iter().map(|r| r.rating).collect::<Vec<Option<f32>>>()),
        str_column("provider_id", rows.iter().map(|r| Some(r.provider_id.as_str()))),
        str_column("provider_name", rows.iter().map(|r| Some(r.provider_name.as_str()))),
        str_column("provider_match", rows.iter().map(|r| Some(r.provider_match.as_str()))),
        str_column("label", rows.iter().map(|r| Some(r.sentiment.label().as_str()))),
        Column::new("score".into(), floats(&|r| r.sentiment.score())),
        Column::new("negative".into(), floats(&|r| r.sentiment.negative())),
        Column::new("neutral".into(), floats(&|r| r.sentiment.neutral_share())),
        Column::new("positive".into(), floats(&|r| r.sentiment.positive())),
        Column::new("topics".into(), owned(&|r| Some(topic_ids(&r.topics)))),
        Column::new("topic_scores".into(), owned(&|r| Some(topic_scores(&r.topics)))),
        str_column("duplicate_of", rows.iter().map(|r| r.duplicate_of.as_deref())),
        Column::new("targets".into(), owned(&|r| Some(target_scores(&r.targets)))),
        Column::new("staff".into(), owned(&|r| Some(staff_scores(&r.staff)))),
        Column::new("waits".into(), owned(&|r| Some(wait_list(&r.waits)))),
        Column::new("phi".into(), owned(&|r| Some(phi_kinds(&r.phi)))),
        Column::new(
            "hipaa_risk".into(),
            owned(&|r| r.hipaa_risk.as_ref().map(|risk| format!("{}: {}", risk.kind, risk.reason))),
        ),
        str_column("text", rows.iter().map(|r| Some(r.text.as_str()))),
    ];
    debug_assert_eq!(columns.len(), MENTION_COLUMNS.len());
    DataFrame::new(rows.len(), columns)
}

/// The kinds of PHI found, sorted and without repeats, `|`-separated (`date|name`). Spans are
/// left out: with `--redact all` they would point into text the table no longer holds.
pub(crate) fn phi_kinds(hits: &[bedside_types::PhiHit]) -> String {
    let mut kinds: Vec<&str> = hits.iter().map(|h| h.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.join("|")
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
