//! Report throughput on the demo's 3,697 accepted mentions, analyzed once up front with the
//! `vader` scorer (so the known answers do not move when the learned model is retrained):
//! aggregation (`ReportBuilder::build`: every summary, trend, peer ranking and alert test) and
//! writing every output file (`Report::write_dir`: Parquet, CSVs, report.md, report.html).
//!
//! Run with `cargo bench -p bedside-benches --bench report` (needs the default `report`
//! feature: it compiles polars).

mod common;

use bedside_report::ReportBuilder;
use bedside_score::{Executor, PipelineBuilder, ScorerKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Known answer of `build`: (mentions analyzed, provider rows, provider x topic rows, period
/// rows, alerts). Update with the report's rules or the demo.
const BUILD: (u64, usize, usize, usize, usize) = (3_623, 14, 170, 4_014, 0);
/// Known answer of `write_dir`: (files written, bytes of summary_by_provider.csv).
const WRITE: (usize, u64) = (13, 2_477);

fn bench_report(c: &mut Criterion) {
    let mentions = common::demo_mentions();
    let pipeline = PipelineBuilder::new()
        .scorer(ScorerKind::Vader)
        .providers(common::demo_providers())
        .build()
        .expect("the pipeline");
    let analyses = pipeline.analyze_batch(&mentions, &Executor::SingleThread);
    let providers = bedside::provider_infos(&pipeline);
    let topics = bedside::topic_infos(&pipeline);
    let n_bytes: usize = mentions.iter().map(|m| m.text.len()).sum();

    let build =
        || ReportBuilder::new().build(&mentions, &analyses, &providers, &topics).expect("a report");
    let tally = |report: &bedside_report::Report| {
        (
            report.overview.n_analyzed,
            report.by_provider.len(),
            report.by_provider_topic.len(),
            report.by_period.len(),
            report.alerts.len(),
        )
    };
    let report = build();
    assert_eq!(tally(&report), BUILD);
    let dir = common::scratch_dir("report");
    let write = || {
        let files = report.write_dir(&dir).expect("the outputs");
        let summary = std::fs::metadata(dir.join("summary_by_provider.csv")).expect("a summary");
        (files.paths().len(), summary.len())
    };
    assert_eq!(write(), WRITE);

    let mut group = c.benchmark_group("report");
    group.throughput(Throughput::Bytes(n_bytes as u64));
    group.sample_size(20);
    group.bench_function("build", |b| {
        b.iter(|| {
            let answer = tally(&build());
            assert_eq!(answer, BUILD);
            answer
        })
    });
    group.bench_function("write_dir", |b| {
        b.iter(|| {
            let answer = write();
            assert_eq!(answer, WRITE);
            answer
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
