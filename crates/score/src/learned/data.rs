//! Labeled training data: the documented CSV format, the dev-data loaders, text normalization and
//! fold assignment.
//!
//! # CSV format
//!
//! A header row, then one labeled text per row. Columns (names configurable): `text`, `label`
//! and optionally `question` (the survey question the text answers). Labels: `negative`,
//! `neutral`, `positive` (also `neg`/`neu`/`pos` and `-1`/`0`/`1`, any case). Files are read as
//! UTF-8, or as Latin-1 if they are not valid UTF-8. Rows with an empty text are skipped; a row
//! with an unknown label is an error naming the row and column.

use std::path::Path;

use bedside_types::Label;

use super::features::fnv1a;

/// One labeled text.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The text, normalized with [`normalize_text`].
    pub text: String,
    /// The survey question it answers, if any.
    pub question: Option<String>,
    /// The gold label.
    pub label: Label,
    /// The gold rating on `[-1, 1]` where the data set grades its texts more finely than by
    /// class (NHS v6: sentiment 1..5 as `1, 0.5, 0, -0.5, -1`; VADER's sets: the mean rating
    /// divided by 4); `None` for texts labeled by class only. The model's graded head learns
    /// from it (see [`TrainConfig::graded_weight`](super::TrainConfig::graded_weight)).
    pub rating: Option<f32>,
    /// The data set it comes from (file stem or a dev-set name), for per-set figures.
    pub source: String,
}

/// Which columns of a CSV file hold the text, label and question.
#[derive(Clone, Debug)]
pub struct CsvColumns {
    /// The text column. Default `text`.
    pub text: String,
    /// The label column. Default `label`.
    pub label: String,
    /// The question column; used if present. Default `question`.
    pub question: String,
}

impl Default for CsvColumns {
    fn default() -> CsvColumns {
        CsvColumns { text: "text".into(), label: "label".into(), question: "question".into() }
    }
}

/// The evaluation harness's text normalization ([`crate::eval::oneline`]): runs of line-break
/// characters and NULs become one space, then the text is trimmed.
pub fn normalize_text(text: &str) -> String {
    crate::eval::oneline(text)
}

/// The cross-validation fold of a text: a fixed hash of the text lowercased, with whitespace
/// collapsed and trimmed, modulo `k`. Equal texts always share a fold, so no text is scored by
/// a model that saw it.
pub fn fold_of(text: &str, k: usize) -> usize {
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    (fnv1a(0xf01d, key.as_bytes()) % k.max(1) as u64) as usize
}

/// Parses a label: `negative`/`neutral`/`positive`, `neg`/`neu`/`pos`, `-1`/`0`/`1`.
pub fn parse_label(value: &str) -> Option<Label> {
    match value.trim().to_ascii_lowercase().as_str() {
        "negative" | "neg" | "-1" => Some(Label::Negative),
        "neutral" | "neu" | "0" => Some(Label::Neutral),
        "positive" | "pos" | "1" | "+1" => Some(Label::Positive),
        _ => None,
    }
}

/// Reads a file as UTF-8 (without BOM), or as Latin-1 if it is not valid UTF-8.
pub(crate) fn read_text(path: &Path) -> crate::Result<String> {
    let bytes =
        std::fs::read(path).map_err(|source| crate::Error::Io { path: path.into(), source })?;
    Ok(decode(bytes))
}

fn decode(bytes: Vec<u8>) -> String {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => err.into_bytes().iter().map(|&b| char::from(b)).collect(),
    };
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Reads labeled texts from a CSV file in the documented format.
pub fn read_csv(path: &Path, columns: &CsvColumns) -> crate::Result<Vec<Example>> {
    let name = path.display().to_string();
    let source = path.file_stem().map_or_else(|| name.clone(), |s| s.to_string_lossy().into());
    read_csv_str(&read_text(path)?, columns, &name, &source)
}

/// Reads labeled texts from CSV data; `name` names it in errors, `source` in figures.
pub fn read_csv_str(
    data: &str,
    columns: &CsvColumns,
    name: &str,
    source: &str,
) -> crate::Result<Vec<Example>> {
    let error = |row: u64, column: Option<&str>, message: String| crate::Error::TrainingData {
        file: name.to_string(),
        row,
        column: column.map(str::to_string),
        message,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data.as_bytes());
    let headers = reader.headers().map_err(|e| error(1, None, csv_message(&e)))?.clone();
    let find = |wanted: &str| headers.iter().position(|h| h.trim() == wanted);
    let text_idx = find(&columns.text)
        .ok_or_else(|| error(1, Some(&columns.text), "no such column in the header".into()))?;
    let label_idx = find(&columns.label)
        .ok_or_else(|| error(1, Some(&columns.label), "no such column in the header".into()))?;
    let question_idx = find(&columns.question);
    let mut examples = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 2;
        let record = record.map_err(|e| error(row, None, csv_message(&e)))?;
        let text = normalize_text(record.get(text_idx).unwrap_or(""));
        if text.is_empty() {
            continue;
        }
        let raw_label = record.get(label_idx).unwrap_or("");
        let label = parse_label(raw_label).ok_or_else(|| {
            error(
                row,
                Some(&columns.label),
                "unknown label (want negative, neutral or positive)".into(),
            )
        })?;
        let question = question_idx
            .and_then(|idx| record.get(idx))
            .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|q| !q.is_empty());
        examples.push(Example { text, question, label, rating: None, source: source.to_string() });
    }
    Ok(examples)
}

/// A CSV error message without any field content.
pub(crate) fn csv_message(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".into(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} fields, expected {expected_len}")
        }
        _ => "malformed CSV".into(),
    }
}

/// Reads one of VADER's `*_GroundTruth.txt` files: `id <TAB> mean rating -4..4 <TAB> text`.
/// Ratings of at most -0.5 are negative, of at least 0.5 positive, the rest neutral; the
/// example's [`rating`](Example::rating) is the mean rating divided by 4.
pub fn read_vader_ground_truth(path: &Path, source: &str) -> crate::Result<Vec<Example>> {
    let data = read_text(path)?;
    let mut examples = Vec::new();
    for line in data.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut parts = line.splitn(3, '\t');
        let (Some(_), Some(rating), Some(text)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Ok(rating) = rating.trim().parse::<f64>() else { continue };
        if !(-4.0..=4.0).contains(&rating) {
            continue;
        }
        let text = normalize_text(text);
        if text.is_empty() {
            continue;
        }
        let label = crate::eval::label_of_rating(rating);
        examples.push(Example {
            text,
            question: None,
            label,
            rating: Some((rating / 4.0) as f32),
            source: source.to_string(),
        });
    }
    Ok(examples)
}

/// Reads the NHS Friends-and-Family v6 framework file: text `FFT answer`, question `FFT
/// question`, `Comment sentiment` 1..5 (1-2 positive, 3 neutral, 4-5 negative; other rows
/// skipped; the rating is `(3 - sentiment) / 2`).
pub fn read_nhs_v6(path: &Path) -> crate::Result<Vec<Example>> {
    let columns = CsvColumns {
        text: "FFT answer".into(),
        label: "Comment sentiment".into(),
        question: "FFT question".into(),
    };
    let data = read_text(path)?;
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| crate::Error::TrainingData {
            file: name.clone(),
            row: 1,
            column: None,
            message: csv_message(&e),
        })?
        .clone();
    let find = |wanted: &str| headers.iter().position(|h| h.trim() == wanted);
    let (Some(text_idx), Some(label_idx)) = (find(&columns.text), find(&columns.label)) else {
        return Err(crate::Error::TrainingData {
            file: name,
            row: 1,
            column: Some(columns.label),
            message: "not the NHS v6 framework file (columns missing)".into(),
        });
    };
    let question_idx = find(&columns.question);
    let mut examples = Vec::new();
    for record in reader.records().flatten() {
        let (label, rating) = match record.get(label_idx).map(str::trim) {
            Some("1") => (Label::Positive, 1.0),
            Some("2") => (Label::Positive, 0.5),
            Some("3") => (Label::Neutral, 0.0),
            Some("4") => (Label::Negative, -0.5),
            Some("5") => (Label::Negative, -1.0),
            _ => continue,
        };
        let text = normalize_text(record.get(text_idx).unwrap_or(""));
        if text.is_empty() {
            continue;
        }
        let question = question_idx
            .and_then(|idx| record.get(idx))
            .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|q| !q.is_empty());
        examples.push(Example {
            text,
            question,
            label,
            rating: Some(rating),
            source: "nhs_v6".into(),
        });
    }
    Ok(examples)
}

/// The dev-set files below a bench-data root, with their names.
pub const DEV_SETS: &[(&str, &str)] = &[
    ("nhs_v6", "health/nhs_fft_qdc/v6framework_230831.csv"),
    ("vader_tweets", "vader/tweets_GroundTruth.txt"),
    ("vader_movie", "vader/movieReviewSnippets_GroundTruth.txt"),
    ("vader_amazon", "vader/amazonReviewSnippets_GroundTruth.txt"),
    ("vader_nyt", "vader/nytEditorialSnippets_GroundTruth.txt"),
];

/// Written by bedside's developers: short survey answers and healthcare phrasings (see
/// `models/sentiment/README.md`).
const WRITTEN: &str = include_str!("../../../../models/sentiment/written.csv");

/// The examples written by bedside's developers (`models/sentiment/written.csv`).
pub fn written_examples() -> Vec<Example> {
    read_csv_str(WRITTEN, &CsvColumns::default(), "models/sentiment/written.csv", "written")
        .expect("BUG: the embedded written.csv is malformed")
}

/// Every dev set found below `root` (the shared bench-data folder), plus the written examples.
/// Returns the examples and the names of the sets that were missing.
pub fn read_dev_data(root: &Path) -> crate::Result<(Vec<Example>, Vec<&'static str>)> {
    let mut examples = Vec::new();
    let mut missing = Vec::new();
    for &(name, rel) in DEV_SETS {
        let path = root.join(rel);
        if !path.exists() {
            missing.push(name);
            continue;
        }
        if name == "nhs_v6" {
            examples.extend(read_nhs_v6(&path)?);
        } else {
            examples.extend(read_vader_ground_truth(&path, name)?);
        }
    }
    examples.extend(written_examples());
    Ok((examples, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_and_folds() {
        assert_eq!(normalize_text("  a\r\nb\u{2028}c\0 "), "a b c");
        assert_eq!(fold_of("Great  Staff ", 5), fold_of("great staff", 5));
        let folds: Vec<usize> = (0..100).map(|i| fold_of(&format!("text {i}"), 5)).collect();
        assert!((0..5).all(|k| folds.contains(&k)));
    }

    #[test]
    fn labels_and_csv() {
        assert_eq!(parse_label(" POS "), Some(Label::Positive));
        assert_eq!(parse_label("-1"), Some(Label::Negative));
        assert_eq!(parse_label("meh"), None);
        let data = "text,label,question\n\"Kind, caring\",positive,\nNothing,pos,How could we improve?\n,neg,\n";
        let examples = read_csv_str(data, &CsvColumns::default(), "t.csv", "t").unwrap();
        assert_eq!(examples.len(), 2);
        assert_eq!(examples[1].question.as_deref(), Some("How could we improve?"));
        assert_eq!(examples[0].question, None);
        let err =
            read_csv_str("text,label\nsecret words,great\n", &CsvColumns::default(), "t.csv", "t")
                .unwrap_err()
                .to_string();
        assert!(err.contains("t.csv: row 2, column label") && !err.contains("secret"), "{err}");
        assert!(written_examples().len() > 50);
    }

    #[test]
    fn latin1_fallback() {
        assert_eq!(decode(b"caf\xe9".to_vec()), "café");
        assert_eq!(decode("\u{feff}ok".as_bytes().to_vec()), "ok");
    }
}
