//! Writes a report's files: CSV through the csv crate (for exact float formatting), the
//! mentions tables through [`MentionSink`] (Parquet through polars), report.md and report.html.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::frame::{STAFF_COLUMNS, STATS_COLUMNS, WAIT_COLUMNS};
use crate::mention_fields::push_float4;
use crate::mention_sink::MentionSink;
use crate::report::{OutputFiles, Report, SentimentStats};
use crate::tables;
use crate::{Error, Result};

/// Every file: the mentions tables from [`Report::mentions`], then the summaries.
pub(crate) fn write_dir(report: &Report, out: &Path) -> Result<OutputFiles> {
    let mut sink = MentionSink::create(out)?;
    for row in &report.mentions {
        sink.write(&row.as_row_ref())?;
    }
    sink.finish()?;
    write_summaries(report, out)
}

/// Every file but the mentions tables.
pub(crate) fn write_summaries(report: &Report, out: &Path) -> Result<OutputFiles> {
    fs::create_dir_all(out).map_err(|source| Error::Io { path: out.to_path_buf(), source })?;
    let files = OutputFiles {
        mentions_parquet: out.join("mentions.parquet"),
        mentions_csv: out.join("mentions.csv"),
        summary_by_provider: out.join("summary_by_provider.csv"),
        summary_by_topic: out.join("summary_by_topic.csv"),
        summary_by_provider_topic: out.join("summary_by_provider_topic.csv"),
        summary_by_target: out.join("summary_by_target.csv"),
        staff: out.join("staff.csv"),
        waits_by_provider: out.join("waits_by_provider.csv"),
        trends: out.join("trends.csv"),
        peers: out.join("peers.csv"),
        alerts: out.join("alerts.csv"),
        report_md: out.join("report.md"),
        report_html: out.join("report.html"),
    };
    let header = with_stats(&["provider_id", "provider_name", "kind"]);
    let records = report.by_provider.iter().map(|row| {
        let keys = [row.provider_id.as_str(), &row.provider_name, &row.kind];
        stats_record(&keys, &row.stats)
    });
    write_csv(&files.summary_by_provider, &header, records)?;

    let header = with_stats(&["topic", "topic_label"]);
    let records = report
        .by_topic
        .iter()
        .map(|row| stats_record(&[row.topic.as_str(), &row.topic_label], &row.stats));
    write_csv(&files.summary_by_topic, &header, records)?;

    let header = with_stats(&["provider_id", "provider_name", "topic", "topic_label"]);
    let records = report.by_provider_topic.iter().map(|row| {
        let keys =
            [row.provider_id.as_str(), &row.provider_name, row.topic.as_str(), &row.topic_label];
        stats_record(&keys, &row.stats)
    });
    write_csv(&files.summary_by_provider_topic, &header, records)?;

    let header = with_stats(&["provider_id", "provider_name", "kind"]);
    let records = report.by_target.iter().map(|row| {
        let keys = [row.provider_id.as_str(), &row.provider_name, &row.kind];
        stats_record(&keys, &row.stats)
    });
    write_csv(&files.summary_by_target, &header, records)?;

    let records = report.staff.iter().map(|row| {
        vec![
            row.provider_id.to_string(),
            row.name.clone(),
            row.role.clone(),
            row.n_mentions.to_string(),
            row.n_positive.to_string(),
            row.n_negative.to_string(),
            float4(row.net_sentiment),
            float4(row.mean_score),
        ]
    });
    write_csv(&files.staff, &STAFF_COLUMNS, records)?;

    let optional = |value: Option<f64>| value.map(float4).unwrap_or_default();
    let records = report.waits.iter().map(|row| {
        vec![
            row.provider_id.to_string(),
            row.provider_name.clone(),
            row.n_waits.to_string(),
            row.n_mentions_with_waits.to_string(),
            float4(row.median_minutes),
            float4(row.p90_minutes),
            float4(row.share_over_60),
            optional(row.median_clinic),
            optional(row.median_appointment),
            optional(row.median_results),
            optional(row.median_emergency),
            row.enough_data.to_string(),
        ]
    });
    write_csv(&files.waits_by_provider, &WAIT_COLUMNS, records)?;

    write_csv(&files.trends, &tables::trend_header(), tables::trend_records(report))?;
    write_csv(&files.peers, &tables::PEER_COLUMNS, report.peers.iter().map(tables::peer_record))?;
    write_csv(
        &files.alerts,
        &tables::ALERT_COLUMNS,
        report.alerts.iter().map(tables::alert_record),
    )?;

    let markdown = report.to_markdown();
    fs::write(&files.report_md, markdown)
        .map_err(|source| Error::Io { path: files.report_md.clone(), source })?;
    fs::write(&files.report_html, report.to_html())
        .map_err(|source| Error::Io { path: files.report_html.clone(), source })?;
    Ok(files)
}

/// A float with exactly 4 decimals; `-0.0000` is written `0.0000` so that tiny negative means
/// do not look like a sign.
pub(crate) fn float4(value: f64) -> String {
    let mut text = String::with_capacity(8);
    push_float4(&mut text, value);
    text
}

pub(crate) fn with_stats(keys: &[&'static str]) -> Vec<&'static str> {
    keys.iter().chain(STATS_COLUMNS.iter()).copied().collect()
}

pub(crate) fn stats_record(keys: &[&str], stats: &SentimentStats) -> Vec<String> {
    let mut record: Vec<String> = keys.iter().map(|key| key.to_string()).collect();
    record.extend([
        stats.n_mentions.to_string(),
        stats.n_positive.to_string(),
        stats.n_neutral.to_string(),
        stats.n_negative.to_string(),
        float4(stats.share_positive),
        float4(stats.share_neutral),
        float4(stats.share_negative),
        float4(stats.mean_score),
        float4(stats.net_sentiment),
        stats.enough_data.to_string(),
        float4(stats.share_positive_ci.low),
        float4(stats.share_positive_ci.high),
        float4(stats.share_negative_ci.low),
        float4(stats.share_negative_ci.high),
        float4(stats.mean_score_ci.low),
        float4(stats.mean_score_ci.high),
        float4(stats.net_sentiment_ci.low),
        float4(stats.net_sentiment_ci.high),
    ]);
    record
}

fn write_csv(
    path: &Path,
    header: &[&str],
    records: impl Iterator<Item = Vec<String>>,
) -> Result<()> {
    let encode_error =
        |err: csv::Error| Error::Encode { path: path.to_path_buf(), message: err.to_string() };
    let file = create(path)?;
    let mut writer = csv::Writer::from_writer(BufWriter::new(file));
    writer.write_record(header).map_err(encode_error)?;
    for record in records {
        writer.write_record(&record).map_err(encode_error)?;
    }
    let mut inner = writer
        .into_inner()
        .map_err(|err| Error::Io { path: path.to_path_buf(), source: err.into_error() })?;
    inner.flush().map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

fn create(path: &Path) -> Result<File> {
    File::create(path).map_err(|source| Error::Io { path: PathBuf::from(path), source })
}
