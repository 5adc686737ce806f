//! Sentiment scoring throughput on one thread: bedside's VADER port against `vader-sentimental`,
//! the fastest VADER port on crates.io, the default `bedside` scorer, and the whole scoring
//! core (`Pipeline::analyze`: sentiment, topics, providers, targets, staff, waits), on the
//! 23,703 texts of the VADER paper's data sets (`datasets/vader/*_GroundTruth.txt`).
//!
//! The pipeline is also run as `Pipeline::analyze_batch` on 1 and 2 threads (the executor the
//! CLI uses, duplicates flagged after scoring).
//!
//! Run with `cargo bench -p bedside-benches --bench score`.

mod common;

use std::hint::black_box;

use bedside_score::learned::BedsideScorer;
use bedside_score::vader::VaderScorer;
use bedside_score::{Executor, PipelineBuilder};
use bedside_types::{Label, Mention, Scorer};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Known answers of vaderSentiment 3.3.2 on these texts, from `expected_3.3.2.tsv`: texts with a
/// compound of at least 0.05, of at most -0.05, and the sum of `compound * 10^4`.
const N_POSITIVE: usize = 12_452;
const N_NEGATIVE: usize = 6_394;
const COMPOUND_SUM_E4: i64 = 37_576_739;

/// The same counts for `vader-sentimental` 0.1.3, which does not match Python exactly.
const SENTIMENTAL_N_POSITIVE: usize = 12_391;
const SENTIMENTAL_N_NEGATIVE: usize = 6_602;

/// Counts of (positive, negative) labels and the sum of `compound * 10^4`.
fn tally(compounds: impl Iterator<Item = f64>) -> (usize, usize, i64) {
    let mut n_positive = 0;
    let mut n_negative = 0;
    let mut sum_e4 = 0;
    for compound in compounds {
        n_positive += usize::from(compound >= 0.05);
        n_negative += usize::from(compound <= -0.05);
        sum_e4 += (compound * 1e4).round() as i64;
    }
    (n_positive, n_negative, sum_e4)
}

fn bench_vader(c: &mut Criterion) {
    let texts = common::vader_texts();
    let n_bytes: usize = texts.iter().map(String::len).sum();
    let ours = VaderScorer::new();
    let theirs = vader_sentimental::SentimentIntensityAnalyzer::new();

    let run_ours = || tally(texts.iter().map(|t| ours.polarity_scores(black_box(t)).compound));
    let run_theirs = || tally(texts.iter().map(|t| theirs.polarity_scores(black_box(t)).compound));
    // Check the answers once up front too, so a wrong port fails before any timing.
    assert_eq!(run_ours(), (N_POSITIVE, N_NEGATIVE, COMPOUND_SUM_E4));
    let (theirs_positive, theirs_negative, _) = run_theirs();
    println!("vader-sentimental labels: {theirs_positive} positive, {theirs_negative} negative");

    for (group_name, throughput) in [
        ("vader_texts", Throughput::Elements(texts.len() as u64)),
        ("vader_bytes", Throughput::Bytes(n_bytes as u64)),
    ] {
        let mut group = c.benchmark_group(group_name);
        group.throughput(throughput);
        group.bench_function("bedside-vader", |b| {
            b.iter(|| {
                let answer = run_ours();
                assert_eq!(answer, (N_POSITIVE, N_NEGATIVE, COMPOUND_SUM_E4));
                answer
            })
        });
        group.bench_function("vader-sentimental", |b| {
            b.iter(|| {
                let answer = run_theirs();
                assert_eq!((answer.0, answer.1), (SENTIMENTAL_N_POSITIVE, SENTIMENTAL_N_NEGATIVE));
                answer
            })
        });
        group.finish();
    }
}

/// Known answer of the shipped `bedside` model on these texts: how many it labels positive and
/// negative. Update together with `models/sentiment/model.bin`.
const BEDSIDE_LABELS: (usize, usize) = (BEDSIDE_N_POSITIVE, BEDSIDE_N_NEGATIVE);
const BEDSIDE_N_POSITIVE: usize = 10_256;
const BEDSIDE_N_NEGATIVE: usize = 9_058;

fn bench_bedside(c: &mut Criterion) {
    let texts = common::vader_texts();
    let bedside = BedsideScorer::new();
    let vader = VaderScorer::new();
    let run_bedside = || {
        let mut counts = (0, 0);
        for text in &texts {
            match bedside.score(black_box(text)).label() {
                Label::Positive => counts.0 += 1,
                Label::Negative => counts.1 += 1,
                Label::Neutral => {}
            }
        }
        counts
    };
    assert_eq!(run_bedside(), BEDSIDE_LABELS);
    let n_bytes: usize = texts.iter().map(String::len).sum();
    for (group_name, throughput) in [
        ("scorers_texts", Throughput::Elements(texts.len() as u64)),
        ("scorers_bytes", Throughput::Bytes(n_bytes as u64)),
    ] {
        let mut group = c.benchmark_group(group_name);
        group.throughput(throughput);
        group.bench_function("bedside", |b| {
            b.iter(|| {
                let answer = run_bedside();
                assert_eq!(answer, BEDSIDE_LABELS);
                answer
            })
        });
        group.bench_function("vader", |b| {
            b.iter(|| {
                let answer =
                    tally(texts.iter().map(|t| vader.polarity_scores(black_box(t)).compound));
                assert_eq!(answer, (N_POSITIVE, N_NEGATIVE, COMPOUND_SUM_E4));
                answer
            })
        });
        group.finish();
    }
}

/// Known answer of the whole scoring core (default scorer, topics with the learned layer,
/// providers, targets, staff, waits) on these texts: (topic assignments, provider targets,
/// staff mentions, waits, positive whole-text labels). Update with the models.
const PIPELINE_TALLY: (usize, usize, usize, usize, usize) = (8_149, 3, 37, 19, 10_256);

fn bench_pipeline(c: &mut Criterion) {
    let texts = common::vader_texts();
    let mentions: Vec<Mention> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| Mention { id: i.to_string(), text: text.clone(), ..Mention::default() })
        .collect();
    let directory = common::demo_providers();
    let pipeline = PipelineBuilder::new().providers(directory).build().expect("the pipeline");
    let run = || {
        let mut tally = (0, 0, 0, 0, 0);
        for mention in &mentions {
            let analysis = pipeline.analyze(black_box(mention));
            tally.0 += analysis.topics.len();
            tally.1 += analysis.targets.len();
            tally.2 += analysis.staff.len();
            tally.3 += analysis.waits.len();
            tally.4 += usize::from(analysis.sentiment.label() == Label::Positive);
        }
        tally
    };
    assert_eq!(run(), PIPELINE_TALLY);
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("pipeline_texts");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("analyze", |b| {
        b.iter(|| {
            let answer = run();
            assert_eq!(answer, PIPELINE_TALLY);
            answer
        })
    });
    group.finish();
    let mut group = c.benchmark_group("pipeline_bytes");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("analyze", |b| b.iter(run));
    group.finish();

    // The same through `analyze_batch`, as the CLI runs it: serial and on a pool of 2.
    let batch_tally = |executor: &Executor| {
        let mut tally = (0, 0, 0, 0, 0);
        for analysis in pipeline.analyze_batch(black_box(&mentions), executor) {
            tally.0 += analysis.topics.len();
            tally.1 += analysis.targets.len();
            tally.2 += analysis.staff.len();
            tally.3 += analysis.waits.len();
            tally.4 += usize::from(analysis.sentiment.label() == Label::Positive);
        }
        tally
    };
    let mut group = c.benchmark_group("pipeline_batch_bytes");
    group.throughput(Throughput::Bytes(bytes as u64));
    for n_threads in [1, 2] {
        let executor = Executor::with_threads(n_threads).expect("a thread pool");
        assert_eq!(batch_tally(&executor), PIPELINE_TALLY);
        group.bench_function(format!("threads_{n_threads}"), |b| {
            b.iter(|| {
                let answer = batch_tally(&executor);
                assert_eq!(answer, PIPELINE_TALLY);
                answer
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_vader, bench_bedside, bench_pipeline);
criterion_main!(benches);
