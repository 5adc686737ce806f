//! End to end, as `bedside analyze` runs on the demo: the four demo exports (held in memory)
//! read, analyzed with the default scorer (sentiment, providers, topics, targets, staff, waits,
//! duplicates), aggregated and written (every output file), on 1 and 2 threads.
//!
//! Run with `cargo bench -p bedside-benches --bench end_to_end` (needs the default `report`
//! feature: it compiles polars). `benches/cli.sh` times the `bedside` binary itself on large
//! generated exports.

mod common;

use bedside_report::ReportBuilder;
use bedside_score::{Executor, PipelineBuilder};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Known answer: (accepted, rejected, duplicates, positive mentions, provider rows, files
/// written). The positives come from the learned model: update with `models/sentiment/`.
const EXPECTED: (usize, u64, usize, usize, usize, usize) = (3_697, 21, 74, 1_459, 14, 13);

fn bench_end_to_end(c: &mut Criterion) {
    let exports = common::demo_exports();
    let n_bytes: usize = exports.iter().map(|(_, bytes)| bytes.len()).sum();
    let pipeline =
        PipelineBuilder::new().providers(common::demo_providers()).build().expect("the pipeline");
    let providers = bedside::provider_infos(&pipeline);
    let topics = bedside::topic_infos(&pipeline);
    let dir = common::scratch_dir("end-to-end");

    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::Bytes(n_bytes as u64));
    group.sample_size(10);
    for n_threads in [1, 2] {
        let executor = Executor::with_threads(n_threads).expect("a thread pool");
        let run = || {
            let (mentions, n_rejected) = common::read_exports(&exports);
            let analyses = pipeline.analyze_batch(&mentions, &executor);
            let report = ReportBuilder::new()
                .build(&mentions, &analyses, &providers, &topics)
                .expect("a report");
            let files = report.write_dir(&dir).expect("the outputs");
            (
                mentions.len(),
                n_rejected,
                analyses.iter().filter(|a| a.duplicate_of.is_some()).count(),
                analyses
                    .iter()
                    .filter(|a| a.sentiment.label() == bedside_types::Label::Positive)
                    .count(),
                report.by_provider.len(),
                files.paths().len(),
            )
        };
        assert_eq!(run(), EXPECTED, "{n_threads} threads");
        group.bench_function(format!("threads_{n_threads}"), |b| {
            b.iter(|| {
                let answer = run();
                assert_eq!(answer, EXPECTED);
                answer
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_end_to_end);
criterion_main!(benches);
