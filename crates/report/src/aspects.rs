//! Aggregates of the aspect-level results, computed with polars: sentiment per target
//! provider, per member of staff, and reported waits per provider.

use bedside_types::{ProviderId, WaitKind};
use polars::prelude::*;

use crate::aggregate::{grouped, stats_rows, string_column};
use crate::report::{MentionRow, SentimentStats};
use crate::staff_names::StaffNames;
use crate::{Error, Result};

/// The staff aggregates before names are attached: `(provider, name, role)` and the figures.
pub(crate) struct StaffRow {
    pub(crate) provider_id: ProviderId,
    pub(crate) name: String,
    pub(crate) role: String,
    pub(crate) n_mentions: u64,
    pub(crate) n_positive: u64,
    pub(crate) n_negative: u64,
    pub(crate) net_sentiment: f64,
    pub(crate) mean_score: f64,
}

/// The wait aggregates of one provider before names are attached.
pub(crate) struct WaitRow {
    pub(crate) provider_id: ProviderId,
    pub(crate) n_waits: u64,
    pub(crate) n_mentions_with_waits: u64,
    pub(crate) median_minutes: f64,
    pub(crate) p90_minutes: f64,
    pub(crate) share_over_60: f64,
    /// Medians of the clinic, appointment, results and emergency waits, in that order.
    pub(crate) median_by_kind: [Option<f64>; 4],
}

/// The wait kinds with a median column of their own, in column order.
pub(crate) const MEDIAN_KINDS: [WaitKind; 4] =
    [WaitKind::Clinic, WaitKind::Appointment, WaitKind::Results, WaitKind::Emergency];

/// Sentiment statistics per target provider, sorted by provider id.
///
/// One row per non-duplicate mention and target; a target repeated within one mention counts
/// once, with its first sentiment.
pub(crate) fn by_target(
    rows: &[MentionRow],
    min_volume: u64,
) -> Result<Vec<(ProviderId, SentimentStats)>> {
    let run = || -> PolarsResult<Vec<(ProviderId, SentimentStats)>> {
        let mut provider = Vec::new();
        let mut label = Vec::new();
        let mut score = Vec::new();
        for row in analyzed(rows) {
            for (idx, target) in row.targets.iter().enumerate() {
                if row.targets[..idx].iter().any(|earlier| earlier.target == target.target) {
                    continue;
                }
                provider.push(target.target.as_str());
                label.push(target.sentiment.label().as_str());
                score.push(target.sentiment.score());
            }
        }
        let frame = DataFrame::new(
            provider.len(),
            vec![
                Column::new("provider_id".into(), provider),
                Column::new("label".into(), label),
                Column::new("score".into(), score),
            ],
        )?;
        let frame = grouped(frame, &["provider_id"], min_volume)?;
        let ids = string_column(&frame, "provider_id")?;
        let stats = stats_rows(&frame)?;
        Ok(ids.iter().map(|id| ProviderId::new(id)).zip(stats).collect())
    };
    run().map_err(Error::aggregate)
}

/// Per (provider, name, role): counts, net sentiment and mean score, sorted by those keys.
/// Spellings and shortenings of one person's name are merged first ([`StaffNames`]).
pub(crate) fn by_staff(rows: &[MentionRow]) -> Result<Vec<StaffRow>> {
    let run = || -> PolarsResult<Vec<StaffRow>> {
        let mut provider = Vec::new();
        let mut name = Vec::new();
        let mut role = Vec::new();
        let mut label = Vec::new();
        let mut score = Vec::new();
        let names = StaffNames::new(analyzed(rows).flat_map(|row| {
            row.staff.iter().map(|s| (row.provider_id.as_str(), s.name.as_str(), s.role.as_str()))
        }));
        for row in analyzed(rows) {
            for staff in &row.staff {
                provider.push(row.provider_id.as_str());
                name.push(names.canonical(row.provider_id.as_str(), &staff.name, &staff.role));
                role.push(staff.role.as_str());
                label.push(staff.sentiment.label().as_str());
                score.push(staff.sentiment.score());
            }
        }
        let frame = DataFrame::new(
            provider.len(),
            vec![
                Column::new("provider_id".into(), provider),
                Column::new("name".into(), name),
                Column::new("role".into(), role),
                Column::new("label".into(), label),
                Column::new("score".into(), score),
            ],
        )?;
        let count_label = |label: &str, name: &str| {
            col("label").eq(lit(label)).sum().cast(DataType::UInt64).alias(name)
        };
        let keys = ["provider_id", "name", "role"];
        let frame = frame
            .lazy()
            .group_by(keys.map(col))
            .agg([
                len().cast(DataType::UInt64).alias("n_mentions"),
                count_label("positive", "n_positive"),
                count_label("negative", "n_negative"),
                col("score").mean().alias("mean_score"),
            ])
            .with_columns([((col("n_positive").cast(DataType::Float64)
                - col("n_negative").cast(DataType::Float64))
                / col("n_mentions").cast(DataType::Float64))
            .alias("net_sentiment")])
            .sort(keys.map(PlSmallStr::from), SortMultipleOptions::default())
            .collect()?;
        let providers = string_column(&frame, "provider_id")?;
        let names = string_column(&frame, "name")?;
        let roles = string_column(&frame, "role")?;
        let n_mentions = u64_column(&frame, "n_mentions")?;
        let n_positive = u64_column(&frame, "n_positive")?;
        let n_negative = u64_column(&frame, "n_negative")?;
        let net_sentiment = f64_column(&frame, "net_sentiment")?;
        let mean_score = f64_column(&frame, "mean_score")?;
        Ok((0..frame.height())
            .map(|idx| StaffRow {
                provider_id: ProviderId::new(&providers[idx]),
                name: names[idx].clone(),
                role: roles[idx].clone(),
                n_mentions: n_mentions[idx],
                n_positive: n_positive[idx],
                n_negative: n_negative[idx],
                net_sentiment: net_sentiment[idx].unwrap_or_default(),
                mean_score: mean_score[idx].unwrap_or_default(),
            })
            .collect())
    };
    run().map_err(Error::aggregate)
}

/// Per provider: wait counts, median, 90th percentile, share over an hour and medians per
/// kind, sorted by provider id. See [`WaitSummary`](crate::WaitSummary) for the definitions.
pub(crate) fn by_provider_waits(rows: &[MentionRow]) -> Result<Vec<WaitRow>> {
    let run = || -> PolarsResult<Vec<WaitRow>> {
        let mut provider = Vec::new();
        let mut mention = Vec::new();
        let mut kind = Vec::new();
        let mut minutes = Vec::new();
        for (row_idx, row) in rows.iter().enumerate() {
            if row.duplicate_of.is_some() {
                continue;
            }
            for wait in &row.waits {
                provider.push(row.provider_id.as_str());
                mention.push(row_idx as u64);
                kind.push(wait.kind.as_str());
                minutes.push(f64::from(wait.minutes));
            }
        }
        let frame = DataFrame::new(
            provider.len(),
            vec![
                Column::new("provider_id".into(), provider),
                Column::new("mention".into(), mention),
                Column::new("kind".into(), kind),
                Column::new("minutes".into(), minutes),
            ],
        )?;
        let median = |expr: Expr| expr.quantile(lit(0.5), QuantileMethod::Midpoint);
        let mut aggs = vec![
            len().cast(DataType::UInt64).alias("n_waits"),
            col("mention").n_unique().cast(DataType::UInt64).alias("n_mentions_with_waits"),
            median(col("minutes")).alias("median_minutes"),
            col("minutes").quantile(lit(0.9), QuantileMethod::Linear).alias("p90_minutes"),
            (col("minutes").gt(lit(60.0)).sum().cast(DataType::Float64)
                / len().cast(DataType::Float64))
            .alias("share_over_60"),
        ];
        for wait_kind in MEDIAN_KINDS {
            let filtered = col("minutes").filter(col("kind").eq(lit(wait_kind.as_str())));
            aggs.push(median(filtered).alias(format!("median_{}", wait_kind.as_str())));
        }
        let frame = frame
            .lazy()
            .group_by([col("provider_id")])
            .agg(aggs)
            .sort(["provider_id"], SortMultipleOptions::default())
            .collect()?;
        let providers = string_column(&frame, "provider_id")?;
        let n_waits = u64_column(&frame, "n_waits")?;
        let n_mentions = u64_column(&frame, "n_mentions_with_waits")?;
        let medians = f64_column(&frame, "median_minutes")?;
        let p90s = f64_column(&frame, "p90_minutes")?;
        let shares = f64_column(&frame, "share_over_60")?;
        let mut by_kind = Vec::with_capacity(MEDIAN_KINDS.len());
        for wait_kind in MEDIAN_KINDS {
            by_kind.push(f64_column(&frame, &format!("median_{}", wait_kind.as_str()))?);
        }
        Ok((0..frame.height())
            .map(|idx| WaitRow {
                provider_id: ProviderId::new(&providers[idx]),
                n_waits: n_waits[idx],
                n_mentions_with_waits: n_mentions[idx],
                median_minutes: medians[idx].unwrap_or_default(),
                p90_minutes: p90s[idx].unwrap_or_default(),
                share_over_60: shares[idx].unwrap_or_default(),
                median_by_kind: [
                    by_kind[0][idx],
                    by_kind[1][idx],
                    by_kind[2][idx],
                    by_kind[3][idx],
                ],
            })
            .collect())
    };
    run().map_err(Error::aggregate)
}

fn analyzed(rows: &[MentionRow]) -> impl Iterator<Item = &MentionRow> {
    rows.iter().filter(|row| row.duplicate_of.is_none())
}

fn u64_column(frame: &DataFrame, name: &str) -> PolarsResult<Vec<u64>> {
    Ok(frame.column(name)?.u64()?.iter().map(Option::unwrap_or_default).collect())
}

fn f64_column(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(frame.column(name)?.cast(&DataType::Float64)?.f64()?.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Medians and percentiles on small, known samples.
    fn check(minutes: &[u32], want: (f64, f64, f64)) {
        let waits = minutes
            .iter()
            .map(|&minutes| bedside_types::WaitReport {
                minutes,
                kind: WaitKind::Clinic,
                span: 0..0,
            })
            .collect();
        let row = MentionRow {
            id: "m".into(),
            file: String::new(),
            row: 1,
            source: String::new(),
            posted_at: None,
            author: None,
            url: None,
            question: None,
            rating: None,
            provider_id: ProviderId::new("p"),
            provider_name: String::new(),
            provider_match: bedside_types::MatchKind::None,
            sentiment: bedside_types::Sentiment::new(0.0, [0.0, 1.0, 0.0]),
            topics: vec![],
            targets: vec![],
            staff: vec![],
            waits,
            duplicate_of: None,
            phi: vec![],
            hipaa_risk: None,
            text: String::new(),
        };
        let got = by_provider_waits(&[row]).unwrap();
        let got = &got[0];
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
        close(got.median_minutes, want.0);
        close(got.p90_minutes, want.1);
        close(got.share_over_60, want.2);
        assert_eq!(got.median_by_kind[0], Some(want.0));
        assert_eq!(got.median_by_kind[1], None);
    }

    #[test]
    fn median_is_the_mean_of_the_two_middle_values() {
        check(&[30], (30.0, 30.0, 0.0));
        check(&[90, 30], (60.0, 84.0, 0.5));
        check(&[10, 240, 30], (30.0, 198.0, 1.0 / 3.0));
        check(&[20, 45, 60, 61], (52.5, 60.7, 0.25));
    }
}
