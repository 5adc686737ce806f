//! Sentiment statistics per provider, topic and pair, computed with polars.

use bedside_types::{ProviderId, TopicId};
use polars::prelude::*;

use crate::report::{MentionRow, SentimentStats};
use crate::stats;
use crate::{Error, Result};

/// The raw aggregates, keyed by id and sorted by key; names are attached by the builder.
pub(crate) struct Aggregates {
    pub(crate) by_provider: Vec<(ProviderId, SentimentStats)>,
    pub(crate) by_topic: Vec<(TopicId, SentimentStats)>,
    pub(crate) by_provider_topic: Vec<(ProviderId, TopicId, SentimentStats)>,
}

/// Aggregates the non-duplicate rows.
///
/// Two long frames feed the group-bys: one row per mention (its overall sentiment) and one row
/// per mention and topic (the topic's sentiment). Labels come from [`Sentiment::label`], so a
/// scorer with its own labeling rule is counted the way it labeled.
///
/// [`Sentiment::label`]: bedside_types::Sentiment::label
pub(crate) fn aggregate(rows: &[MentionRow], min_volume: u64) -> Result<Aggregates> {
    let analyzed: Vec<&MentionRow> = rows.iter().filter(|row| row.duplicate_of.is_none()).collect();
    let mentions = mention_frame(&analyzed).map_err(Error::aggregate)?;
    let topics = topic_frame(&analyzed).map_err(Error::aggregate)?;

    let by_provider = grouped(mentions, &["provider_id"], min_volume).map_err(Error::aggregate)?;
    let by_topic = grouped(topics.clone(), &["topic"], min_volume).map_err(Error::aggregate)?;
    let by_provider_topic =
        grouped(topics, &["provider_id", "topic"], min_volume).map_err(Error::aggregate)?;

    let by_provider = {
        let ids = string_column(&by_provider, "provider_id").map_err(Error::aggregate)?;
        let stats = stats_rows(&by_provider).map_err(Error::aggregate)?;
        ids.iter().map(|id| ProviderId::new(id)).zip(stats).collect()
    };
    let by_topic = {
        let ids = string_column(&by_topic, "topic").map_err(Error::aggregate)?;
        let stats = stats_rows(&by_topic).map_err(Error::aggregate)?;
        ids.iter().map(|id| TopicId::new(id)).zip(stats).collect()
    };
    let by_provider_topic = {
        let providers =
            string_column(&by_provider_topic, "provider_id").map_err(Error::aggregate)?;
        let topics = string_column(&by_provider_topic, "topic").map_err(Error::aggregate)?;
        let stats = stats_rows(&by_provider_topic).map_err(Error::aggregate)?;
        providers
            .iter()
            .zip(&topics)
            .zip(stats)
            .map(|((provider, topic), stats)| {
                (ProviderId::new(provider), TopicId::new(topic), stats)
            })
            .collect()
    };
    Ok(Aggregates { by_provider, by_topic, by_provider_topic })
}

fn mention_frame(rows: &[&MentionRow]) -> PolarsResult<DataFrame> {
    let provider: Vec<&str> = rows.iter().map(|row| row.provider_id.as_str()).collect();
    let label: Vec<&str> = rows.iter().map(|row| row.sentiment.label().as_str()).collect();
    let score: Vec<f64> = rows.iter().map(|row| row.sentiment.score()).collect();
    DataFrame::new(
        rows.len(),
        vec![
            Column::new("provider_id".into(), provider),
            Column::new("label".into(), label),
            Column::new("score".into(), score),
        ],
    )
}

fn topic_frame(rows: &[&MentionRow]) -> PolarsResult<DataFrame> {
    let mut provider = Vec::new();
    let mut topic = Vec::new();
    let mut label = Vec::new();
    let mut score = Vec::new();
    for row in rows {
        for found in &row.topics {
            provider.push(row.provider_id.as_str());
            topic.push(found.topic.as_str());
            label.push(found.sentiment.label().as_str());
            score.push(found.sentiment.score());
        }
    }
    DataFrame::new(
        provider.len(),
        vec![
            Column::new("provider_id".into(), provider),
            Column::new("topic".into(), topic),
            Column::new("label".into(), label),
            Column::new("score".into(), score),
        ],
    )
}

/// Groups `frame` by `keys` and computes the columns of [`SentimentStats`], sorted by the keys.
pub(crate) fn grouped(frame: DataFrame, keys: &[&str], min_volume: u64) -> PolarsResult<DataFrame> {
    let count_label = |label: &str, name: &str| {
        col("label").eq(lit(label)).sum().cast(DataType::UInt64).alias(name)
    };
    let share = |count: &str, name: &str| {
        (col(count).cast(DataType::Float64) / col("n_mentions").cast(DataType::Float64)).alias(name)
    };
    let key_exprs: Vec<Expr> = keys.iter().map(|key| col(*key)).collect();
    let sort_keys: Vec<PlSmallStr> = keys.iter().map(|key| PlSmallStr::from(*key)).collect();
    frame
        .lazy()
        .group_by(key_exprs)
        .agg([
            len().cast(DataType::UInt64).alias("n_mentions"),
            count_label("positive", "n_positive"),
            count_label("neutral", "n_neutral"),
            count_label("negative", "n_negative"),
            col("score").mean().alias("mean_score"),
            col("score").std(1).alias("std_score"),
        ])
        .with_columns([
            share("n_positive", "share_positive"),
            share("n_neutral", "share_neutral"),
            share("n_negative", "share_negative"),
            ((col("n_positive").cast(DataType::Float64)
                - col("n_negative").cast(DataType::Float64))
                / col("n_mentions").cast(DataType::Float64))
            .alias("net_sentiment"),
            col("n_mentions").gt_eq(lit(min_volume)).alias("enough_data"),
        ])
        .sort(sort_keys, SortMultipleOptions::default().with_maintain_order(true))
        .collect()
}

pub(crate) fn string_column(frame: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    let column = frame.column(name)?.str()?;
    Ok(column.iter().map(|value| value.unwrap_or_default().to_string()).collect())
}

pub(crate) fn stats_rows(frame: &DataFrame) -> PolarsResult<Vec<SentimentStats>> {
    let count = |name: &str| -> PolarsResult<Vec<u64>> {
        Ok(frame.column(name)?.u64()?.iter().map(Option::unwrap_or_default).collect())
    };
    let float = |name: &str| -> PolarsResult<Vec<f64>> {
        Ok(frame.column(name)?.f64()?.iter().map(Option::unwrap_or_default).collect())
    };
    let n_mentions = count("n_mentions")?;
    let n_positive = count("n_positive")?;
    let n_neutral = count("n_neutral")?;
    let n_negative = count("n_negative")?;
    let share_positive = float("share_positive")?;
    let share_neutral = float("share_neutral")?;
    let share_negative = float("share_negative")?;
    let mean_score = float("mean_score")?;
    let net_sentiment = float("net_sentiment")?;
    let enough_data: Vec<bool> =
        frame.column("enough_data")?.bool()?.iter().map(Option::unwrap_or_default).collect();
    let std_score: Vec<Option<f64>> = frame.column("std_score")?.f64()?.iter().collect();
    Ok((0..frame.height())
        .map(|idx| SentimentStats {
            share_positive_ci: stats::wilson(n_positive[idx], n_mentions[idx]),
            share_negative_ci: stats::wilson(n_negative[idx], n_mentions[idx]),
            mean_score_ci: stats::mean_interval(mean_score[idx], std_score[idx], n_mentions[idx]),
            net_sentiment_ci: stats::net_interval(
                n_positive[idx],
                n_negative[idx],
                n_mentions[idx],
            ),
            n_mentions: n_mentions[idx],
            n_positive: n_positive[idx],
            n_neutral: n_neutral[idx],
            n_negative: n_negative[idx],
            share_positive: share_positive[idx],
            share_neutral: share_neutral[idx],
            share_negative: share_negative[idx],
            mean_score: mean_score[idx],
            net_sentiment: net_sentiment[idx],
            enough_data: enough_data[idx],
        })
        .collect())
}
