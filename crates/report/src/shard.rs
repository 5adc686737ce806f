//! `mentions.parquet` as a shard: the columns of `mentions.csv` plus lossless copies of what
//! the report needs (full-precision aspect scores, labels, spans), so that the mentions and
//! analyses of several runs can be read back with polars' Parquet reader, a slice at a time,
//! and merged into one
//! report.

use std::path::PathBuf;
use std::sync::Arc;

use bedside_types::{
    Analysis, HipaaRisk, HipaaRiskKind, Label, MatchKind, Mention, Origin, PhiHit, PhiKind,
    ProviderId, ProviderMatch, Sentiment, StaffMention, TargetSentiment, Timestamp, TopicId,
    TopicSentiment, WaitKind, WaitReport,
};
use polars::prelude::*;

use crate::{Error, Result};

/// The columns `mentions.parquet` adds to [`MENTION_COLUMNS`](crate::MENTION_COLUMNS), so that
/// [`read_shards`] can rebuild every mention and analysis exactly.
///
/// - `posted_at_unix`: seconds since the Unix epoch;
/// - `topic_detail`: `topic|label|score|negative|neutral|positive|clauses` per topic;
/// - `target_detail`: `provider|label|score|negative|neutral|positive|start|end|topic,topic`;
/// - `staff_detail`: `name|role|label|score|negative|neutral|positive|start|end`;
/// - `wait_detail`: `kind|minutes|start|end`;
/// - `phi_detail`: `kind|start|end|confidence` per PHI hit;
/// - `risk_detail`: `kind|reason` of the HIPAA risk (empty if none).
///
/// Items are `;`-separated; floats are written in Rust's shortest round-trip form; `%`, `|`,
/// `;` and `,` inside names are percent-encoded.
pub const SHARD_COLUMNS: [&str; 7] = [
    "posted_at_unix",
    "topic_detail",
    "target_detail",
    "staff_detail",
    "wait_detail",
    "phi_detail",
    "risk_detail",
];

/// Reads the mentions and analyses of one or more `mentions.parquet` files written by
/// [`Report::write_dir`](crate::Report::write_dir), in the order given (glob patterns such as
/// `shards/*/mentions.parquet` expand in sorted order).
///
/// The analyses keep the duplicate flags of their own run; flags across shards must be computed
/// again over the merged collection (the CLI's `bedside report` does).
///
/// # Errors
///
/// Fails if a file is missing or is not a mentions.parquet written by this version (missing
/// columns or malformed detail strings), or a pattern matches no file. Messages name the file
/// and column, never mention text.
pub fn read_shards(paths: &[String]) -> Result<(Vec<Mention>, Vec<Analysis>)> {
    let mut mentions = Vec::new();
    let mut analyses = Vec::new();
    read_shards_chunked(paths, usize::MAX, &mut |m, a| {
        mentions.extend(m);
        analyses.extend(a);
        Ok(())
    })?;
    Ok((mentions, analyses))
}

/// Reads the shards as [`read_shards`] does, but at most `chunk_rows` rows at a time, handing
/// each chunk's mentions and analyses to `each_chunk` in order, so that shards of any size are
/// merged in bounded memory. Returns the number of rows read.
///
/// # Errors
///
/// As [`read_shards`], and whatever `each_chunk` returns (which stops the reading).
pub fn read_shards_chunked(
    paths: &[String],
    chunk_rows: usize,
    each_chunk: &mut dyn FnMut(Vec<Mention>, Vec<Analysis>) -> Result<()>,
) -> Result<u64> {
    let files =
        expand(paths).map_err(|message| Error::Read { paths: paths.join(", "), message })?;
    let chunk_rows = chunk_rows.max(1);
    let mut offset: u64 = 0;
    // Rows read but not handed over yet: chunks run across file boundaries.
    let (mut mentions, mut analyses): (Vec<Mention>, Vec<Analysis>) = (Vec::new(), Vec::new());
    for file in &files {
        let read_error =
            |message: String| Error::Read { paths: file.display().to_string(), message };
        let open =
            || std::fs::File::open(file).map_err(|err| read_error(format!("cannot open: {err}")));
        let mut reader = ParquetReader::new(open()?);
        let n_rows = reader.num_rows().map_err(|err| read_error(err.to_string()))?;
        let metadata = reader.get_metadata().map_err(|err| read_error(err.to_string()))?.clone();
        let mut start = 0;
        while start < n_rows {
            let length = chunk_rows.min(n_rows - start);
            let mut reader = ParquetReader::new(open()?);
            reader.set_metadata(metadata.clone());
            let frame = reader
                .with_slice(Some((start, length)))
                .finish()
                .map_err(|err| read_error(err.to_string()))?;
            if frame.height() == 0 {
                break;
            }
            let (more_mentions, more_analyses) = decode(&frame, offset).map_err(read_error)?;
            start += frame.height();
            offset += frame.height() as u64;
            mentions.extend(more_mentions);
            analyses.extend(more_analyses);
            while mentions.len() >= chunk_rows {
                let rest_mentions = mentions.split_off(chunk_rows);
                let rest_analyses = analyses.split_off(chunk_rows);
                each_chunk(
                    std::mem::replace(&mut mentions, rest_mentions),
                    std::mem::replace(&mut analyses, rest_analyses),
                )?;
            }
        }
    }
    if !mentions.is_empty() {
        each_chunk(mentions, analyses)?;
    }
    Ok(offset)
}

/// The files of `paths`, in order, each glob pattern (`*`, `?`, `[`) expanded in sorted order.
fn expand(paths: &[String]) -> std::result::Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if !path.contains(['*', '?', '[']) {
            files.push(PathBuf::from(path));
            continue;
        }
        let entries = glob::glob(path).map_err(|err| format!("bad pattern {path}: {err}"))?;
        let mut matched: Vec<PathBuf> = Vec::new();
        for entry in entries {
            matched.push(entry.map_err(|err| format!("cannot read {path}: {err}"))?);
        }
        if matched.is_empty() {
            return Err(format!("no file matches {path}"));
        }
        matched.sort();
        files.extend(matched);
    }
    Ok(files)
}

/// The mentions and analyses of `frame`, whose first row is row `first_row + 1` of the merged
/// shards (for error messages).
fn decode(
    frame: &DataFrame,
    first_row: u64,
) -> std::result::Result<(Vec<Mention>, Vec<Analysis>), String> {
    let text = |name: &str| -> std::result::Result<Vec<Option<String>>, String> {
        let column = frame.column(name).map_err(|_| format!("missing column {name}"))?;
        let values = column.str().map_err(|_| format!("column {name} is not text"))?;
        Ok(values.iter().map(|v| v.map(str::to_string)).collect())
    };
    let float = |name: &str| -> std::result::Result<Vec<f64>, String> {
        let column = frame.column(name).map_err(|_| format!("missing column {name}"))?;
        let values = column.f64().map_err(|_| format!("column {name} is not a float"))?;
        Ok(values.iter().map(Option::unwrap_or_default).collect())
    };
    let required = |values: Vec<Option<String>>| -> Vec<String> {
        values.into_iter().map(Option::unwrap_or_default).collect()
    };
    let column = |name: &str| frame.column(name).map_err(|_| format!("missing column {name}"));
    let ids = required(text("id")?);
    let files = required(text("file")?);
    let row_numbers: Vec<u64> = column("row")?
        .u64()
        .map_err(|_| "column row is not an integer".to_string())?
        .iter()
        .map(Option::unwrap_or_default)
        .collect();
    let sources = required(text("source")?);
    let authors = text("author")?;
    let urls = text("url")?;
    let questions = text("question")?;
    let ratings: Vec<Option<f32>> = column("rating")?
        .f32()
        .map_err(|_| "column rating is not a float".to_string())?
        .iter()
        .collect();
    let posted: Vec<Option<i64>> = column("posted_at_unix")?
        .i64()
        .map_err(|_| "column posted_at_unix is not an integer".to_string())?
        .iter()
        .collect();
    let providers = required(text("provider_id")?);
    let matches = required(text("provider_match")?);
    let labels = required(text("label")?);
    let (scores, negatives, neutrals, positives) =
        (float("score")?, float("negative")?, float("neutral")?, float("positive")?);
    let duplicates = text("duplicate_of")?;
    let texts = required(text("text")?);
    let topics = required(text("topic_detail")?);
    let targets = required(text("target_detail")?);
    let staff = required(text("staff_detail")?);
    let waits = required(text("wait_detail")?);
    let phi = required(text("phi_detail")?);
    let risks = required(text("risk_detail")?);

    let mut mentions = Vec::with_capacity(frame.height());
    let mut analyses = Vec::with_capacity(frame.height());
    let mut file_names: Vec<Arc<str>> = Vec::new();
    for idx in 0..frame.height() {
        let row_error = |what: &str| {
            format!("row {} of the merged shards: bad {what}", first_row + idx as u64 + 1)
        };
        let file = match file_names.iter().find(|f| ***f == *files[idx]) {
            Some(known) => Arc::clone(known),
            None => {
                let name: Arc<str> = Arc::from(files[idx].as_str());
                file_names.push(Arc::clone(&name));
                name
            }
        };
        let label = parse_label(&labels[idx]).ok_or_else(|| row_error("label"))?;
        let sentiment = Sentiment::with_label(
            scores[idx],
            [negatives[idx], neutrals[idx], positives[idx]],
            label,
        );
        mentions.push(Mention {
            id: ids[idx].clone(),
            text: texts[idx].clone(),
            posted_at: posted[idx].map(Timestamp::from_unix_seconds),
            author: authors[idx].clone(),
            source: sources[idx].clone(),
            url: urls[idx].clone(),
            rating: ratings[idx],
            question: questions[idx].clone(),
            origin: Origin { file, row: row_numbers[idx] },
            ..Mention::default()
        });
        analyses.push(Analysis {
            id: ids[idx].clone(),
            provider: ProviderMatch {
                id: ProviderId::new(&providers[idx]),
                kind: parse_match(&matches[idx]).ok_or_else(|| row_error("provider_match"))?,
            },
            sentiment,
            topics: decode_topics(&topics[idx]).ok_or_else(|| row_error("topic_detail"))?,
            targets: decode_targets(&targets[idx]).ok_or_else(|| row_error("target_detail"))?,
            staff: decode_staff(&staff[idx]).ok_or_else(|| row_error("staff_detail"))?,
            waits: decode_waits(&waits[idx]).ok_or_else(|| row_error("wait_detail"))?,
            phi: decode_phi(&phi[idx]).ok_or_else(|| row_error("phi_detail"))?,
            hipaa_risk: decode_risk(&risks[idx]).ok_or_else(|| row_error("risk_detail"))?,
            duplicate_of: duplicates[idx].clone(),
        });
    }
    Ok((mentions, analyses))
}

fn unescape(text: &str) -> String {
    text.replace("%2C", ",").replace("%3B", ";").replace("%7C", "|").replace("%25", "%")
}

fn decode_phi(text: &str) -> Option<Vec<PhiHit>> {
    items(text)
        .map(|fields| {
            let [kind, start, end, confidence] = fields.as_slice() else { return None };
            Some(PhiHit {
                kind: PhiKind::from_name(kind)?,
                span: start.parse().ok()?..end.parse().ok()?,
                confidence: confidence.parse().ok()?,
            })
        })
        .collect()
}

/// `Some(None)` for an empty field, `None` for a malformed one.
fn decode_risk(text: &str) -> Option<Option<HipaaRisk>> {
    if text.is_empty() {
        return Some(None);
    }
    let (kind, reason) = text.split_once('|')?;
    let kind = [
        HipaaRiskKind::OwnAccountPhi,
        HipaaRiskKind::OwnAccountRelationship,
        HipaaRiskKind::ThirdPartyDisclosure,
    ]
    .into_iter()
    .find(|k| k.as_str() == kind)?;
    Some(Some(HipaaRisk { kind, reason: unescape(reason) }))
}

fn items(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.split(';').filter(|item| !item.is_empty()).map(|item| item.split('|').collect())
}

fn parse_sentiment(fields: &[&str]) -> Option<Sentiment> {
    let [label, score, negative, neutral, positive] = fields else { return None };
    Some(Sentiment::with_label(
        score.parse().ok()?,
        [negative.parse().ok()?, neutral.parse().ok()?, positive.parse().ok()?],
        parse_label(label)?,
    ))
}

fn decode_topics(text: &str) -> Option<Vec<TopicSentiment>> {
    items(text)
        .map(|fields| {
            let [topic, rest @ .., n_clauses] = fields.as_slice() else { return None };
            Some(TopicSentiment {
                topic: TopicId::new(&unescape(topic)),
                sentiment: parse_sentiment(rest)?,
                n_clauses: n_clauses.parse().ok()?,
            })
        })
        .collect()
}

fn decode_targets(text: &str) -> Option<Vec<TargetSentiment>> {
    items(text)
        .map(|fields| {
            let [target, rest @ .., start, end, topics] = fields.as_slice() else { return None };
            Some(TargetSentiment {
                target: ProviderId::new(&unescape(target)),
                sentiment: parse_sentiment(rest)?,
                topics: topics
                    .split(',')
                    .filter(|t| !t.is_empty())
                    .map(|t| TopicId::new(&unescape(t)))
                    .collect(),
                span: start.parse().ok()?..end.parse().ok()?,
            })
        })
        .collect()
}

fn decode_staff(text: &str) -> Option<Vec<StaffMention>> {
    items(text)
        .map(|fields| {
            let [name, role, rest @ .., start, end] = fields.as_slice() else { return None };
            Some(StaffMention {
                name: unescape(name),
                role: unescape(role),
                sentiment: parse_sentiment(rest)?,
                span: start.parse().ok()?..end.parse().ok()?,
            })
        })
        .collect()
}

fn decode_waits(text: &str) -> Option<Vec<WaitReport>> {
    items(text)
        .map(|fields| {
            let [kind, minutes, start, end] = fields.as_slice() else { return None };
            Some(WaitReport {
                kind: parse_wait_kind(kind)?,
                minutes: minutes.parse().ok()?,
                span: start.parse().ok()?..end.parse().ok()?,
            })
        })
        .collect()
}

fn parse_label(text: &str) -> Option<Label> {
    [Label::Negative, Label::Neutral, Label::Positive].into_iter().find(|l| l.as_str() == text)
}

fn parse_match(text: &str) -> Option<MatchKind> {
    [
        MatchKind::ProviderId,
        MatchKind::Handle,
        MatchKind::LocationId,
        MatchKind::Page,
        MatchKind::Text,
        MatchKind::Ambiguous,
        MatchKind::None,
    ]
    .into_iter()
    .find(|kind| kind.as_str() == text)
}

fn parse_wait_kind(text: &str) -> Option<WaitKind> {
    [
        WaitKind::Clinic,
        WaitKind::Appointment,
        WaitKind::Results,
        WaitKind::Emergency,
        WaitKind::Other,
    ]
    .into_iter()
    .find(|kind| kind.as_str() == text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mention_fields::{encode_staff, encode_targets, encode_topics, encode_waits};

    /// What `encode` appends to an empty string.
    fn encoded<T: ?Sized>(encode: fn(&mut String, &T), value: &T) -> String {
        let mut out = String::new();
        encode(&mut out, value);
        out
    }

    #[test]
    fn details_round_trip_exactly() {
        let sentiment =
            Sentiment::with_label(-0.123_456_789_012_345_67, [0.7, 0.2, 0.1], Label::Negative);
        let topics =
            vec![TopicSentiment { topic: TopicId::new("wait|times;x"), sentiment, n_clauses: 2 }];
        assert_eq!(decode_topics(&encoded(encode_topics, &topics)).unwrap(), topics);
        let targets = vec![TargetSentiment {
            target: ProviderId::new("st-marys"),
            sentiment,
            topics: vec![TopicId::new("a,b"), TopicId::new("c")],
            span: 3..17,
        }];
        assert_eq!(decode_targets(&encoded(encode_targets, &targets)).unwrap(), targets);
        let staff = vec![StaffMention {
            name: "Amy %1".into(),
            role: "nurse".into(),
            span: 0..4,
            sentiment,
        }];
        assert_eq!(decode_staff(&encoded(encode_staff, &staff)).unwrap(), staff);
        let waits = vec![WaitReport { minutes: 180, kind: WaitKind::Emergency, span: 5..12 }];
        assert_eq!(decode_waits(&encoded(encode_waits, &waits)).unwrap(), waits);
        assert_eq!(decode_topics("").unwrap(), vec![]);
        assert!(decode_topics("x|negative|nope|0|0|0|1").is_none());
    }
}
