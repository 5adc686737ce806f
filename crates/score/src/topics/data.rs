//! Topic-labeled training data: bedside's CSV format and the NHS v6 dev set.

use std::path::Path;

use crate::learned::data::{csv_message, normalize_text, read_text};

/// One text and the ids of its topics (possibly none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicExample {
    /// The text, normalized as the evaluation harness does.
    pub text: String,
    /// Topic ids, as in the taxonomy.
    pub topics: Vec<String>,
}

/// The committed mapping of the NHS v6 topic columns to bedside's topics
/// (`models/topics/nhs_v6_mapping.tsv`).
const NHS_V6_MAPPING: &str = include_str!("../../../../models/topics/nhs_v6_mapping.tsv");

/// `(column, topic)` pairs of the NHS v6 mapping; `None` for columns with no counterpart.
pub fn nhs_v6_mapping() -> Vec<(&'static str, Option<&'static str>)> {
    NHS_V6_MAPPING
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let column = fields.next()?;
            let topic = fields.next()?.trim();
            Some((column, (topic != "-").then_some(topic)))
        })
        .collect()
}

fn training_error(file: &str, row: u64, column: Option<&str>, message: String) -> crate::Error {
    crate::Error::TrainingData {
        file: file.to_string(),
        row,
        column: column.map(str::to_string),
        message,
    }
}

/// Reads the topic labels of the NHS Friends-and-Family v6 framework file: every row with an
/// answer and without "Labelling not possible", with the topics its one-hot columns map to
/// ([`nhs_v6_mapping`]).
pub fn read_nhs_v6_topics(path: &Path) -> crate::Result<Vec<TopicExample>> {
    let name = path.display().to_string();
    let data = read_text(path)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data.as_bytes());
    let headers =
        reader.headers().map_err(|e| training_error(&name, 1, None, csv_message(&e)))?.clone();
    let find = |wanted: &str| headers.iter().position(|h| h.trim() == wanted);
    let missing = |column: &str| {
        training_error(
            &name,
            1,
            Some(column),
            "not the NHS v6 framework file (no such column)".into(),
        )
    };
    let text_idx = find("FFT answer").ok_or_else(|| missing("FFT answer"))?;
    let skip_idx =
        find("Labelling not possible").ok_or_else(|| missing("Labelling not possible"))?;
    let mut columns = Vec::new();
    for (column, topic) in nhs_v6_mapping() {
        let idx = find(column).ok_or_else(|| missing(column))?;
        if let Some(topic) = topic {
            columns.push((idx, topic));
        }
    }
    let mut examples = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| training_error(&name, i as u64 + 2, None, csv_message(&e)))?;
        let is_one = |idx: usize| record.get(idx).is_some_and(|v| v.trim() == "1");
        let text = normalize_text(record.get(text_idx).unwrap_or(""));
        if is_one(skip_idx) || text.is_empty() {
            continue;
        }
        let mut topics: Vec<String> =
            columns.iter().filter(|&&(idx, _)| is_one(idx)).map(|&(_, t)| t.to_string()).collect();
        topics.sort_unstable();
        topics.dedup();
        examples.push(TopicExample { text, topics });
    }
    Ok(examples)
}

/// Reads topic-labeled texts from a CSV file with a header: `text_col` holds the text and
/// `topics_col` the topic ids separated by `;` (empty: no topic). Every id must be one of
/// `known` (the taxonomy's).
pub fn read_topics_csv(
    path: &Path,
    text_col: &str,
    topics_col: &str,
    known: &[&str],
) -> crate::Result<Vec<TopicExample>> {
    let name = path.display().to_string();
    let data = read_text(path)?;
    let error = |row: u64, column: Option<&str>, message: String| {
        training_error(&name, row, column, message)
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data.as_bytes());
    let headers = reader.headers().map_err(|e| error(1, None, csv_message(&e)))?.clone();
    let find = |wanted: &str| headers.iter().position(|h| h.trim() == wanted);
    let no_column = |c: &str| error(1, Some(c), "no such column in the header".into());
    let text_idx = find(text_col).ok_or_else(|| no_column(text_col))?;
    let topics_idx = find(topics_col).ok_or_else(|| no_column(topics_col))?;
    let mut examples = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 2;
        let record = record.map_err(|e| error(row, None, csv_message(&e)))?;
        let text = normalize_text(record.get(text_idx).unwrap_or(""));
        if text.is_empty() {
            continue;
        }
        let mut topics = Vec::new();
        for id in record.get(topics_idx).unwrap_or("").split(';').map(str::trim) {
            if id.is_empty() {
                continue;
            }
            if !known.contains(&id) {
                // The id is a label, not patient text, but it is still not echoed: it may be a
                // stray text fragment in a misaligned file.
                return Err(error(row, Some(topics_col), "a topic id not in the taxonomy".into()));
            }
            topics.push(id.to_string());
        }
        topics.sort_unstable();
        topics.dedup();
        examples.push(TopicExample { text, topics });
    }
    Ok(examples)
}
