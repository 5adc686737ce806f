//! `bedside train`: fit the learned sentiment model (or, with `--task topics`, the learned topic
//! layer) on labeled feedback, with k-fold cross-validation figures.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context;
use bedside::score::learned::data::{self, CsvColumns, Example};
use bedside::score::learned::{self, TrainConfig};
use clap::Args;

use crate::Outcome;

/// `bedside train`.
#[derive(Debug, Args)]
#[command(after_help = "\
Training data (--data): CSV with a header row and one labeled text per row:
  text,label[,question]
label is negative, neutral or positive (also neg/neu/pos or -1/0/1); question is the survey
question the text answers (optional). UTF-8, or Latin-1 if not valid UTF-8. Line breaks in
texts become spaces; rows with an empty text are skipped.

Examples:
  bedside train --data my_feedback.csv --out my_model.bin --folds 5
  bedside score --model my_model.bin < texts.txt
  bedside train --dev-data ../shared/bench-data --out models/sentiment/model.bin
  bedside train --dev-data ../shared/bench-data --folds 5 --cv-out /tmp/cv
  bedside train --task topics --dev-data ../shared/bench-data --out models/topics/model.bin

Topic data (--task topics --data): CSV with a header row, the text and its topic ids:
  text,topics
topics holds ids of the taxonomy (models/topics.toml, or --taxonomy) separated by ';', empty
for a text with none of them. --dev-data reads the NHS v6 file's 49 human-coded topic columns,
mapped to bedside's topics by models/topics/nhs_v6_mapping.tsv. Add a topic to the taxonomy
with its cue phrases, label some texts with it, and retrain: the new topic gets its own model.

--dev-data DIR reads VADER's four *_GroundTruth.txt sets (DIR/vader/) and the NHS
Friends-and-Family v6 file (DIR/health/nhs_fft_qdc/v6framework_230831.csv) plus the examples
written for bedside (models/sentiment/written.csv, built in). Training is deterministic: the same
data, flags and --seed give the same model file, byte for byte.")]
pub struct TrainArgs {
    /// What to train: the sentiment model or the topic layer.
    #[arg(long, value_enum, default_value_t = Task::Sentiment)]
    pub task: Task,
    /// Labeled CSV files (repeatable).
    #[arg(long, value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// The bench-data folder holding vader/ and health/ (bedside's dev sets).
    #[arg(long, value_name = "DIR")]
    pub dev_data: Option<PathBuf>,
    /// Column holding the text.
    #[arg(long, default_value = "text", value_name = "COLUMN")]
    pub text_col: String,
    /// Column holding the label.
    #[arg(long, default_value = "label", value_name = "COLUMN")]
    pub label_col: String,
    /// Column holding the survey question (used if present).
    #[arg(long, default_value = "question", value_name = "COLUMN")]
    pub question_col: String,
    /// Where to write the trained model.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Cross-validation folds (folds by text); 0 or 1 skips cross-validation.
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,
    /// Write the cross-validation fold models here (fold-0.bin ...), for `bedside score
    /// --cv-models DIR`.
    #[arg(long, value_name = "DIR")]
    pub cv_out: Option<PathBuf>,
    /// Seed of the shuffles.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Passes over the data [default: 12 for sentiment, 10 for topics].
    #[arg(long, value_name = "N")]
    pub epochs: Option<usize>,
    /// Hash bits of the sparse features (model size: 4 bytes x 2^bits for sentiment, 2 bytes x
    /// topics x 2^bits for topics) [default: 20 for sentiment, 17 for topics].
    #[arg(long, value_name = "BITS")]
    pub bits: Option<u32>,
    /// Weighs the texts of one data set (a --data file's name without extension, or nhs_v6,
    /// vader_tweets, ... of --dev-data) by W, on top of the balancing of sets by size
    /// (repeatable; replaces the default nhs_v6=3 when given).
    #[arg(long, value_name = "SET=W", value_parser = parse_set_weight)]
    pub set_weight: Vec<(String, f64)>,
    /// Column holding the topic ids (--task topics).
    #[arg(long, default_value = "topics", value_name = "COLUMN")]
    pub topics_col: String,
    /// Topic taxonomy (TOML, like models/topics.toml) for --task topics. Default: the built-in
    /// one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
}

/// What `bedside train` trains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Task {
    /// The sentiment model (models/sentiment/model.bin).
    Sentiment,
    /// The learned topic layer (models/topics/model.bin).
    Topics,
}

fn parse_set_weight(s: &str) -> Result<(String, f64), String> {
    let (set, weight) = s.split_once('=').ok_or("expected SET=W, e.g. nhs_v6=3")?;
    let weight: f64 = weight.trim().parse().map_err(|_| format!("{weight:?} is not a number"))?;
    if !(weight.is_finite() && weight >= 0.0) {
        return Err(format!("weight {weight} must be a finite number >= 0"));
    }
    Ok((set.trim().to_string(), weight))
}

pub fn run(args: &TrainArgs) -> anyhow::Result<Outcome> {
    if args.task == Task::Topics {
        return crate::cmd_train_topics::run(args);
    }
    if args.out.is_none() && args.cv_out.is_none() && args.folds < 2 {
        anyhow::bail!("nothing to do: give --out, --cv-out or --folds 2 or more");
    }
    let bits = args.bits.unwrap_or(TrainConfig::default().bits);
    if !(10..=22).contains(&bits) {
        anyhow::bail!("--bits must be between 10 and 22");
    }
    let examples = load(args)?;
    if examples.is_empty() {
        anyhow::bail!("no labeled texts found");
    }
    let config = TrainConfig {
        bits,
        epochs: args.epochs.unwrap_or(TrainConfig::default().epochs),
        seed: args.seed,
        set_weights: if args.set_weight.is_empty() {
            TrainConfig::default().set_weights
        } else {
            args.set_weight.clone()
        },
        ..TrainConfig::default()
    };
    let mut err = io::stderr().lock();
    writeln!(err, "bedside train: {} labeled texts", examples.len())?;
    if args.folds >= 2 || args.cv_out.is_some() {
        let k = args.folds.max(2);
        let cv = learned::cross_validate(&examples, &config, k);
        let mut out = io::stdout().lock();
        writeln!(out, "{k}-fold cross-validation (folds by text):")?;
        writeln!(out, "| set | texts | binary acc | macro-F1 |")?;
        writeln!(out, "|---|---:|---:|---:|")?;
        for f in &cv.figures {
            writeln!(
                out,
                "| {} | {} | {:.3} | {:.3} |",
                f.source, f.n, f.binary_accuracy, f.macro_f1
            )?;
        }
        writeln!(
            out,
            "expected calibration error ({} bins, held-out folds): {:.4} before, {:.4} after \
             temperature scaling",
            learned::ECE_BINS,
            cv.ece_before,
            cv.ece_after
        )?;
        if let Some(dir) = &args.cv_out {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for (i, model) in cv.models.iter().enumerate() {
                model.save(&dir.join(format!("fold-{i}.bin")))?;
            }
            writeln!(err, "wrote {} fold models to {}", cv.models.len(), dir.display())?;
            for (i, model) in cv.models.iter().enumerate() {
                let (weight, band) = model.neutral_rule();
                writeln!(
                    err,
                    "fold {i}: temperature {:.3}, graded share {:.1}, social share {:.1}, neutral \
                     weight {weight:.2} and band {band:.3}",
                    model.temperature(),
                    model.graded_share(),
                    model.social_share(),
                )?;
            }
        }
    }
    if let Some(path) = &args.out {
        let model = learned::train(&examples, &config);
        model.save(path)?;
        writeln!(
            err,
            "wrote {} (temperature {:.3}, graded share {:.1}, social share {:.1}, neutral weight \
             {:.2} and band {:.3}, format_version {})",
            path.display(),
            model.temperature(),
            model.graded_share(),
            model.social_share(),
            model.neutral_rule().0,
            model.neutral_rule().1,
            learned::FORMAT_VERSION
        )?;
    }
    Ok(Outcome::Ok)
}

fn load(args: &TrainArgs) -> anyhow::Result<Vec<Example>> {
    let mut examples = Vec::new();
    if let Some(root) = &args.dev_data {
        let (dev, missing) = data::read_dev_data(root)?;
        if !missing.is_empty() {
            writeln!(io::stderr(), "bedside train: dev sets not found: {}", missing.join(", "))?;
        }
        examples.extend(dev);
    }
    let columns = CsvColumns {
        text: args.text_col.clone(),
        label: args.label_col.clone(),
        question: args.question_col.clone(),
    };
    for path in &args.data {
        examples.extend(data::read_csv(path, &columns)?);
    }
    if args.dev_data.is_none() && args.data.is_empty() {
        anyhow::bail!("give training data with --data FILE.csv or --dev-data DIR");
    }
    Ok(examples)
}
