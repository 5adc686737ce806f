//! The cost of PHI detection in the scoring core: the pipeline with PHI detection off and on,
//! in the same run, on the texts of the PHI evaluation set and the VADER tweets, with the demo
//! provider directory; and the detector alone.
//!
//! Run with `cargo bench -p bedside-benches --bench phi`. Issue 6 asks that PHI detection add
//! less than 30% to the pipeline's time.

use std::hint::black_box;
use std::path::PathBuf;

use bedside_score::phi::PhiDetector;
use bedside_score::providers::ProviderDirectory;
use bedside_score::{Pipeline, PipelineBuilder, ScorerKind};
use bedside_types::Mention;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets")
}

/// The texts of `phi_main.jsonl` and of the VADER tweets.
fn load_texts() -> Vec<String> {
    let mut texts = Vec::new();
    let phi = std::fs::read_to_string(data_dir().join("phi/phi_main.jsonl")).expect("phi set");
    for line in phi.lines() {
        // The text is the last field, `"text": "..."}`; unescaping is not needed to time it.
        let at = line.rfind("\"text\": \"").expect("text field") + 9;
        texts.push(line[at..line.len() - 2].replace("\\n", "\n").replace("\\\"", "\""));
    }
    let tweets = std::fs::read_to_string(data_dir().join("vader/tweets_GroundTruth.txt"))
        .expect("VADER tweets");
    texts.extend(tweets.lines().filter_map(|l| l.splitn(3, '\t').nth(2)).map(str::to_owned));
    assert!(texts.len() > 4_000, "{} texts", texts.len());
    texts
}

fn pipeline(detect_phi: bool) -> Pipeline {
    let directory = ProviderDirectory::from_path(&data_dir().join("demo/providers.csv"))
        .expect("demo providers");
    PipelineBuilder::new()
        .scorer(ScorerKind::Bedside)
        .providers(directory)
        .detect_phi(detect_phi)
        .build()
        .expect("pipeline")
}

/// Known answers on these texts: the detector's PHI hits, the pipeline's (which knows the
/// provider names: they are not PHI), and the topics the pipeline finds. Update with the
/// detector and the models.
const PHI_HITS: usize = 967;
const PIPELINE_PHI_HITS: usize = 961;
const PIPELINE_TOPICS: usize = 2_182;

fn bench_phi(c: &mut Criterion) {
    let mentions: Vec<Mention> = load_texts()
        .into_iter()
        .enumerate()
        .map(|(i, text)| Mention { id: i.to_string(), text, ..Mention::default() })
        .collect();
    let n_bytes: usize = mentions.iter().map(|m| m.text.len()).sum();
    let detector = PhiDetector::new();
    let n_hits: usize = mentions.iter().map(|m| detector.detect(&m.text).len()).sum();
    assert_eq!(n_hits, PHI_HITS);
    let off = pipeline(false);
    let on = pipeline(true);
    assert!(mentions.iter().take(600).any(|m| !on.analyze(m).phi.is_empty()));

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(n_bytes as u64));
    group.bench_function("phi_off", |b| {
        b.iter(|| {
            let n: usize = mentions.iter().map(|m| off.analyze(black_box(m)).topics.len()).sum();
            assert_eq!(n, PIPELINE_TOPICS);
            n
        })
    });
    group.bench_function("phi_on", |b| {
        b.iter(|| {
            let n: usize = mentions.iter().map(|m| on.analyze(black_box(m)).phi.len()).sum();
            assert_eq!(n, PIPELINE_PHI_HITS);
            n
        })
    });
    group.finish();
    let mut group = c.benchmark_group("phi");
    group.throughput(Throughput::Bytes(n_bytes as u64));
    group.bench_function("detect", |b| {
        b.iter(|| {
            let n: usize = mentions.iter().map(|m| detector.detect(black_box(&m.text)).len()).sum();
            assert_eq!(n, PHI_HITS);
            n
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench_phi
}
criterion_main!(benches);
