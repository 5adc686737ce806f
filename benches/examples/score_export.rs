//! Scores every text bedside accepts from an export, for the CLI benchmark (`benches/cli.sh`):
//! with one sentiment scorer (the `vader-sentimental` crate, bedside's VADER port or the
//! default `bedside` scorer, on one thread), or with the whole scoring core (`pipeline`:
//! `Pipeline::analyze` with the default scorer, providers, topics, targets, staff, waits and
//! PHI, on `--threads` threads), on exactly the mentions `bedside analyze` scores.
//!
//! ```text
//! cargo run --release -p bedside-benches --no-default-features --example score_export -- \
//!     export.csv --scorer vader-sentimental
//! ```
//!
//! Mentions are read with `bedside-ingest` (streaming, so memory stays flat) in batches of
//! 4,096, and only the scoring of each batch is timed; the process's wall time (measured outside, by
//! `/usr/bin/time`) adds the reading. Prints `key=value` lines: `scorer`, `texts`, `bytes`,
//! `rejected`, `positive`, `negative` (the known answer for the run: labels must not move
//! between runs of the same export), `read_seconds`, `score_seconds`, `texts_per_second`
//! (scoring only).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bedside_ingest::MentionReaderBuilder;
use bedside_score::learned::BedsideScorer;
use bedside_score::providers::ProviderDirectory;
use bedside_score::vader::VaderScorer;
use bedside_score::{Executor, PipelineBuilder};
use bedside_types::{Label, Mention, Scorer};

const USAGE: &str = "\
Scores the texts of an export with one sentiment scorer and prints timing and label counts.

Usage: score_export EXPORT [--scorer vader-sentimental|bedside-vader|bedside|pipeline]
                    [--providers FILE] [--threads N]

  --scorer NAME      vader-sentimental (the crate, default), bedside-vader (bedside's VADER
                     port), bedside (the default learned scorer) or pipeline (the scoring
                     core: Pipeline::analyze with the default scorer, one thread)
  --providers FILE   provider directory for --scorer pipeline
  --threads N        threads for --scorer pipeline (default 1; the others run on one)
";

const BATCH: usize = 4096;

/// Scores a batch; returns how many mentions it labeled positive and how many negative.
type BatchScorer = dyn Fn(&[Mention]) -> (u64, u64);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("score_export: {message}");
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut path = None;
    let mut scorer_name = "vader-sentimental".to_string();
    let mut providers = None;
    let mut n_threads = 1;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            "--scorer" => scorer_name = it.next().ok_or("--scorer needs a value")?,
            "--threads" => {
                let value = it.next().ok_or("--threads needs a value")?;
                n_threads =
                    value.parse().map_err(|_| format!("--threads: not a number: {value}"))?;
            }
            "--providers" => {
                providers = Some(PathBuf::from(it.next().ok_or("--providers needs a value")?))
            }
            _ if path.is_none() && !arg.starts_with('-') => path = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg}")),
        }
    }
    let path = path.ok_or("no export file given")?;

    // Only the scorer asked for is built, so that the others cost no time or memory. Each
    // scores a batch and returns how many mentions it labeled positive and negative.
    let score: Box<BatchScorer> = match scorer_name.as_str() {
        "vader-sentimental" => {
            let scorer = vader_sentimental::SentimentIntensityAnalyzer::new();
            Box::new(move |batch| {
                tally(
                    batch.iter().map(|m| compound_label(scorer.polarity_scores(&m.text).compound)),
                )
            })
        }
        "bedside-vader" => {
            let scorer = VaderScorer::new();
            Box::new(move |batch| {
                tally(
                    batch.iter().map(|m| compound_label(scorer.polarity_scores(&m.text).compound)),
                )
            })
        }
        "bedside" => {
            let scorer = BedsideScorer::new();
            Box::new(move |batch| tally(batch.iter().map(|m| scorer.score(&m.text).label())))
        }
        "pipeline" => {
            let mut builder = PipelineBuilder::new();
            if let Some(path) = &providers {
                let directory = ProviderDirectory::from_path(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                builder = builder.providers(directory);
            }
            let pipeline =
                builder.build().map_err(|e| format!("cannot build the pipeline: {e}"))?;
            let executor = Executor::with_threads(n_threads).map_err(|e| e.to_string())?;
            Box::new(move |batch| {
                let analyses = executor.map(batch, |m| pipeline.analyze(m));
                tally(analyses.iter().map(|a| a.sentiment.label()))
            })
        }
        other => return Err(format!("unknown scorer {other}")),
    };

    let mut reader = MentionReaderBuilder::new()
        .open(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (mut n_texts, mut n_bytes, mut n_positive, mut n_negative) = (0u64, 0u64, 0u64, 0u64);
    let mut read_time = Duration::ZERO;
    let mut score_time = Duration::ZERO;
    let mut batch: Vec<Mention> = Vec::with_capacity(BATCH);
    loop {
        let read_start = Instant::now();
        batch.clear();
        // Rejected records are counted by the reader's stats.
        for mention in reader.by_ref().flatten() {
            batch.push(mention);
            if batch.len() == BATCH {
                break;
            }
        }
        read_time += read_start.elapsed();
        if batch.is_empty() {
            break;
        }
        let score_start = Instant::now();
        let (positive, negative) = score(std::hint::black_box(&batch));
        score_time += score_start.elapsed();
        n_positive += positive;
        n_negative += negative;
        n_texts += batch.len() as u64;
        n_bytes += batch.iter().map(|m| m.text.len() as u64).sum::<u64>();
    }
    let stats = reader.stats();
    println!("scorer={scorer_name}");
    println!("texts={n_texts}");
    println!("bytes={n_bytes}");
    println!("read={}", stats.read);
    println!("rejected={}", stats.rejected);
    println!("positive={n_positive}");
    println!("negative={n_negative}");
    println!("read_seconds={:.3}", read_time.as_secs_f64());
    println!("score_seconds={:.3}", score_time.as_secs_f64());
    println!("texts_per_second={:.0}", n_texts as f64 / score_time.as_secs_f64().max(1e-9));
    Ok(())
}

/// VADER's usual thresholds on the compound score.
fn compound_label(compound: f64) -> Label {
    if compound >= 0.05 {
        Label::Positive
    } else if compound <= -0.05 {
        Label::Negative
    } else {
        Label::Neutral
    }
}

/// How many labels are positive and how many negative.
fn tally(labels: impl Iterator<Item = Label>) -> (u64, u64) {
    let mut counts = (0, 0);
    for label in labels {
        match label {
            Label::Positive => counts.0 += 1,
            Label::Negative => counts.1 += 1,
            _ => {}
        }
    }
    counts
}
