//! `bedside eval`: score a labeled file and print the metrics of `health_eval.py`.
//!
//! Files are read as they are (no mojibake repair, no entity decoding), with the same one-line
//! normalization as `health_eval.py`, so a run scores exactly the texts the Python harness
//! scores and the figures agree.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use bedside::Label;
use bedside::score::eval::{self, EvalItem, Metrics};
use clap::{Args, ValueEnum};
use serde::Serialize;

use bedside::score::eval::oneline;

use crate::Outcome;
use crate::args::ScoringArgs;

mod read;

use read::{Columns, read_file};

/// `bedside eval`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bedside eval nhs_v6.csv --text-col 'FFT answer' --label-col 'Comment sentiment' \\
      --question-col 'FFT question' --label-kind fft5 --scorer vader
  bedside eval tweets_GroundTruth.txt --no-header --text-col 3 --label-col 2 \\
      --label-kind rating --json metrics.json

Files: CSV (quoted fields), TSV (tab separated, no quoting: one record per line), JSON (an array
of objects) or JSON Lines; UTF-8, with stray bytes read as latin-1. Rows with an empty text or a
missing or invalid label are skipped and counted. Exit status: 0 ok, 1 ok but some rows were
skipped, 2 error.")]
pub struct EvalArgs {
    /// Labeled files (CSV/TSV, JSON, JSON Lines); all of them are evaluated together.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Column (JSON: key or dotted path) holding the text; with --no-header a 1-based index.
    #[arg(long, value_name = "COLUMN")]
    pub text_col: String,
    /// Column holding the gold label; with --no-header a 1-based index.
    #[arg(long, value_name = "COLUMN")]
    pub label_col: String,
    /// Column holding the survey question the text answers (passed to the scorer).
    #[arg(long, value_name = "COLUMN")]
    pub question_col: Option<String>,
    /// How to read the labels. auto picks three or rating from the values (1..5 labels are
    /// ambiguous: choose fft5 or stars5).
    #[arg(long, value_enum, default_value_t = LabelKind::Auto, value_name = "KIND")]
    pub label_kind: LabelKind,
    /// CSV/TSV files have no header row: columns are 1-based indices.
    #[arg(long)]
    pub no_header: bool,
    /// Also write the metrics and counts as JSON to this file.
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub scoring: ScoringArgs,
}

/// How gold labels are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelKind {
    /// Pick `three` or `rating` from the values.
    Auto,
    /// negative/neutral/positive (also neg/neu/pos, -1/0/1); gold number -1/0/1.
    Three,
    /// NHS Friends and Family Test sentiment 1..5, 1 = most positive: 1-2 positive, 3 neutral,
    /// 4-5 negative; gold number 3 - s.
    Fft5,
    /// Stars 1..5: 1-2 negative, 3 neutral, 4-5 positive; gold number s - 3.
    Stars5,
    /// A signed number (e.g. VADER's mean human rating -4..4): negative <= -0.5,
    /// positive >= 0.5, else neutral; gold number = the value.
    Rating,
}

impl LabelKind {
    fn name(self) -> &'static str {
        match self {
            LabelKind::Auto => "auto",
            LabelKind::Three => "three",
            LabelKind::Fft5 => "fft5",
            LabelKind::Stars5 => "stars5",
            LabelKind::Rating => "rating",
        }
    }

    /// The gold class and number for a trimmed, non-empty label; `None` if it is invalid.
    fn parse(self, value: &str) -> Option<(Label, f64)> {
        match self {
            LabelKind::Auto => None,
            LabelKind::Three => match value.to_ascii_lowercase().as_str() {
                "negative" | "neg" => Some((Label::Negative, -1.0)),
                "neutral" | "neu" => Some((Label::Neutral, 0.0)),
                "positive" | "pos" => Some((Label::Positive, 1.0)),
                other => match other.parse::<f64>().ok()? {
                    -1.0 => Some((Label::Negative, -1.0)),
                    0.0 => Some((Label::Neutral, 0.0)),
                    1.0 => Some((Label::Positive, 1.0)),
                    _ => None,
                },
            },
            LabelKind::Fft5 | LabelKind::Stars5 => {
                let stars = match value {
                    "1" | "2" | "3" | "4" | "5" => f64::from(value.as_bytes()[0] - b'0'),
                    _ => return None,
                };
                let (negative, gold_numeric) = match self {
                    LabelKind::Fft5 => (stars >= 4.0, 3.0 - stars),
                    _ => (stars <= 2.0, stars - 3.0),
                };
                let label = if stars == 3.0 {
                    Label::Neutral
                } else if negative {
                    Label::Negative
                } else {
                    Label::Positive
                };
                Some((label, gold_numeric))
            }
            LabelKind::Rating => {
                let rating = value.parse::<f64>().ok().filter(|r| r.is_finite())?;
                Some((bedside::score::eval::label_of_rating(rating), rating))
            }
        }
    }

    /// The kind `auto` stands for, given every non-empty label.
    fn detect(labels: &[&str], column: &str) -> anyhow::Result<LabelKind> {
        let accepted = |kind: LabelKind| labels.iter().filter(|v| kind.parse(v).is_some()).count();
        let (n_three, n_rating) = (accepted(LabelKind::Three), accepted(LabelKind::Rating));
        if n_three == labels.len() {
            return Ok(LabelKind::Three);
        }
        if labels.iter().all(|v| LabelKind::Stars5.parse(v).is_some()) {
            anyhow::bail!(
                "the labels in column {column:?} are 1..5: pass --label-kind fft5 (NHS Friends \
                 and Family Test, 1 = most positive) or --label-kind stars5 (5 = best)"
            );
        }
        Ok(if n_rating > n_three { LabelKind::Rating } else { LabelKind::Three })
    }
}

pub fn run(args: &EvalArgs) -> anyhow::Result<Outcome> {
    let pipeline = args.scoring.pipeline()?;
    let executor = args.scoring.executor()?;
    let columns = Columns::from_args(args)?;

    let mut files = Vec::with_capacity(args.files.len());
    for path in &args.files {
        files.push(read_file(path, &columns, args.no_header)?);
    }
    let label_kind = match args.label_kind {
        LabelKind::Auto => {
            let labels: Vec<&str> = files
                .iter()
                .flat_map(|f| &f.rows)
                .filter_map(|row| row.label.as_deref().map(str::trim).filter(|v| !v.is_empty()))
                .collect();
            LabelKind::detect(&labels, &args.label_col)?
        }
        kind => kind,
    };

    let mut examples = Vec::new();
    let mut counts = Vec::with_capacity(files.len());
    for file in &files {
        let mut count = FileCounts::new(&file.path);
        for row in &file.rows {
            count.rows += 1;
            let Some(label) = row.label.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                count.skip(Skip::Unlabelled, row.line);
                continue;
            };
            let Some((gold, gold_numeric)) = label_kind.parse(label) else {
                count.skip(Skip::BadLabel, row.line);
                continue;
            };
            let text = oneline(row.text.as_deref().unwrap_or(""));
            if text.is_empty() {
                count.skip(Skip::EmptyText, row.line);
                continue;
            }
            let question =
                row.question.as_deref().map(collapse_whitespace).filter(|q| !q.is_empty());
            count.used += 1;
            examples.push(Example { text, question, gold, gold_numeric });
        }
        for &line in &file.malformed {
            count.skip(Skip::Malformed, line);
        }
        counts.push(count);
    }
    drop(files);

    let scorer = pipeline.scorer();
    let sentiments =
        executor.map(&examples, |e| scorer.score_answer(&e.text, e.question.as_deref()));
    let items: Vec<EvalItem> = examples
        .iter()
        .zip(sentiments)
        .map(|(e, sentiment)| EvalItem::new(e.gold, e.gold_numeric, sentiment))
        .collect();
    let metrics = eval::evaluate(&items);

    let mut out = String::new();
    for count in &counts {
        count.describe(&mut out);
    }
    let _ = writeln!(out, "scorer: {}   label kind: {}\n", scorer.name(), label_kind.name());
    let _ = write!(out, "{metrics}");
    print!("{out}");

    if let Some(path) = &args.json {
        let report = JsonReport::new(scorer.name(), label_kind, &counts, &metrics);
        let mut json = serde_json::to_string_pretty(&report)?;
        json.push('\n');
        fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let skipped = counts.iter().any(|c| c.skipped.iter().any(|&n| n > 0));
    Ok(if skipped { Outcome::SomeRejected } else { Outcome::Ok })
}

/// A labeled text ready to score.
struct Example {
    text: String,
    question: Option<String>,
    gold: Label,
    gold_numeric: f64,
}

/// Python's `" ".join(s.split())`.
fn collapse_whitespace(text: &str) -> String {
    use bedside::score::eval::is_python_space;
    text.split(is_python_space).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Why a row was not evaluated.
#[derive(Clone, Copy)]
enum Skip {
    EmptyText,
    Unlabelled,
    BadLabel,
    Malformed,
}

/// What happened to one file's rows.
struct FileCounts {
    file: String,
    /// Records read (malformed lines are not records).
    rows: u64,
    used: u64,
    /// Rows skipped for each [`Skip`] reason.
    skipped: [u64; 4],
    /// The first few lines (records, for JSON arrays) skipped for each reason.
    first_lines: [Vec<u64>; 4],
}

impl FileCounts {
    fn new(path: &Path) -> FileCounts {
        FileCounts {
            file: path.display().to_string(),
            rows: 0,
            used: 0,
            skipped: [0; 4],
            first_lines: Default::default(),
        }
    }

    fn skip(&mut self, why: Skip, line: u64) {
        self.skipped[why as usize] += 1;
        let lines = &mut self.first_lines[why as usize];
        if lines.len() < 5 {
            lines.push(line);
        }
    }

    /// `file: rows N, used N; skipped ...`, then one line per reason with its first lines.
    fn describe(&self, out: &mut String) {
        let [empty, unlabelled, bad, malformed] = self.skipped;
        let _ = writeln!(
            out,
            "{}: rows {}, used {}; skipped {empty} empty text, {unlabelled} unlabelled, \
             {bad} bad label, {malformed} malformed",
            self.file, self.rows, self.used
        );
        let reasons = ["empty text", "unlabelled", "bad label", "malformed"];
        for ((reason, total), lines) in reasons.iter().zip(self.skipped).zip(&self.first_lines) {
            if total > 0 {
                let shown: Vec<String> = lines.iter().map(u64::to_string).collect();
                let more = if total > lines.len() as u64 { ", ..." } else { "" };
                let _ = writeln!(out, "  {reason} at line {}{more}", shown.join(", "));
            }
        }
    }
}

/// The `--json` output. Metric names are those of `health_eval.py`'s JSON; missing values
/// (NaN there) are `null`.
#[derive(Serialize)]
struct JsonReport<'a> {
    scorer: &'a str,
    label_kind: LabelKind,
    files: Vec<JsonFile<'a>>,
    n: u64,
    n_polar: u64,
    bin_acc: Option<f64>,
    zero_pct_polar: Option<f64>,
    bin_acc_nonzero: Option<f64>,
    macro_f1: f64,
    weighted_f1: Option<f64>,
    f1_neg_neu_pos: [f64; 3],
    acc3: Option<f64>,
    spearman: Option<f64>,
    pearson: Option<f64>,
    ece: Option<f64>,
    ece_bins: usize,
    confusion_gold_rows_pred_cols_neg_neu_pos: [[u64; 3]; 3],
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    rows: u64,
    used: u64,
    skipped_empty_text: u64,
    skipped_unlabelled: u64,
    skipped_bad_label: u64,
    skipped_malformed: u64,
}

impl<'a> JsonReport<'a> {
    fn new(
        scorer: &'a str,
        label_kind: LabelKind,
        counts: &'a [FileCounts],
        m: &Metrics,
    ) -> JsonReport<'a> {
        let files = counts
            .iter()
            .map(|c| JsonFile {
                file: &c.file,
                rows: c.rows,
                used: c.used,
                skipped_empty_text: c.skipped[Skip::EmptyText as usize],
                skipped_unlabelled: c.skipped[Skip::Unlabelled as usize],
                skipped_bad_label: c.skipped[Skip::BadLabel as usize],
                skipped_malformed: c.skipped[Skip::Malformed as usize],
            })
            .collect();
        JsonReport {
            scorer,
            label_kind,
            files,
            n: m.n,
            n_polar: m.n_polar,
            bin_acc: m.binary_accuracy,
            zero_pct_polar: m.zero_percent_polar,
            bin_acc_nonzero: m.binary_accuracy_nonzero,
            macro_f1: m.macro_f1,
            weighted_f1: m.weighted_f1,
            f1_neg_neu_pos: m.f1,
            acc3: m.accuracy3,
            spearman: m.spearman,
            pearson: m.pearson,
            ece: m.ece,
            ece_bins: eval::ECE_BINS,
            confusion_gold_rows_pred_cols_neg_neu_pos: m.confusion,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_kinds() {
        let check = |kind: LabelKind, value: &str, expected: Option<(Label, f64)>| {
            assert_eq!(kind.parse(value), expected, "{kind:?} {value:?}");
        };
        check(LabelKind::Three, "Negative", Some((Label::Negative, -1.0)));
        check(LabelKind::Three, "neu", Some((Label::Neutral, 0.0)));
        check(LabelKind::Three, "1", Some((Label::Positive, 1.0)));
        check(LabelKind::Three, "2", None);
        check(LabelKind::Fft5, "1", Some((Label::Positive, 2.0)));
        check(LabelKind::Fft5, "3", Some((Label::Neutral, 0.0)));
        check(LabelKind::Fft5, "4", Some((Label::Negative, -1.0)));
        check(LabelKind::Fft5, "4.0", None);
        check(LabelKind::Stars5, "5", Some((Label::Positive, 2.0)));
        check(LabelKind::Stars5, "2", Some((Label::Negative, -1.0)));
        check(LabelKind::Rating, "-0.5", Some((Label::Negative, -0.5)));
        check(LabelKind::Rating, "0.49", Some((Label::Neutral, 0.49)));
        check(LabelKind::Rating, "2.726315789", Some((Label::Positive, 2.726315789)));
        check(LabelKind::Rating, "nan", None);
        check(LabelKind::Rating, "x", None);
    }

    #[test]
    fn auto_detection() {
        let detect =
            |labels: &[&str]| LabelKind::detect(labels, "label").map_err(|e| e.to_string());
        assert_eq!(detect(&["pos", "negative", "0"]), Ok(LabelKind::Three));
        assert_eq!(detect(&["1.5", "-2", "0"]), Ok(LabelKind::Rating));
        assert_eq!(detect(&["1.5", "-2", "oops"]), Ok(LabelKind::Rating));
        assert!(detect(&["1", "2", "5"]).unwrap_err().contains("fft5"));
    }
}
