//! Topics and targets throughput on the demo's 3,697 accepted texts (patient feedback that
//! names providers, staff and waits): topic cues alone, topics with the learned layer and
//! clause sentiment, provider-targeted sentiment, staff and waits. Sentiment comes from the
//! default `bedside` scorer, as in `bedside analyze`.
//!
//! Run with `cargo bench -p bedside-benches --bench topics`.

mod common;

use std::hint::black_box;

use bedside_score::BedsideScorer;
use bedside_score::aspects::{staff_sentiment, target_sentiments, waits};
use bedside_score::providers::ProviderResolver;
use bedside_score::topics::{Taxonomy, TopicTagger};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Known answers on the demo texts; update with the taxonomy, the topic model or the aspect
/// rules (the counts do not depend on the sentiment model, except which clauses join).
const N_TEXTS: usize = 3_697;
/// Cue hits (`TopicTagger::tag`).
const N_CUE_HITS: usize = 11_036;
/// (topics, clauses carrying them) from `TopicTagger::analyze`.
const TOPICS: (usize, u64) = (6_464, 6_921);
/// Provider targets (`aspects::target_sentiments`).
const N_TARGETS: usize = 3_078;
/// (staff mentions, waits).
const STAFF_WAITS: (usize, usize) = (673, 975);

fn bench_topics(c: &mut Criterion) {
    let texts: Vec<String> = common::demo_mentions().into_iter().map(|m| m.text).collect();
    assert_eq!(texts.len(), N_TEXTS);
    let n_bytes: usize = texts.iter().map(String::len).sum();
    let tagger = TopicTagger::new(&Taxonomy::builtin()).expect("the built-in taxonomy");
    let directory = common::demo_providers();
    let resolver = ProviderResolver::new(&directory);
    let scorer = BedsideScorer::new();

    let cues = || texts.iter().map(|t| tagger.tag(black_box(t)).len()).sum::<usize>();
    let topics = || {
        let mut answer = (0, 0);
        for text in &texts {
            let topics = tagger.analyze(black_box(text), &scorer);
            answer.0 += topics.len();
            answer.1 += topics.iter().map(|t| u64::from(t.n_clauses)).sum::<u64>();
        }
        answer
    };
    let targets = || {
        texts
            .iter()
            .map(|t| target_sentiments(black_box(t), &resolver, None, &scorer, Some(&tagger)).len())
            .sum::<usize>()
    };
    let staff_and_waits = || {
        let mut answer = (0, 0);
        for text in &texts {
            answer.0 += staff_sentiment(black_box(text), &scorer).len();
            answer.1 += waits(black_box(text)).len();
        }
        answer
    };
    assert_eq!(cues(), N_CUE_HITS);
    assert_eq!(topics(), TOPICS);
    assert_eq!(targets(), N_TARGETS);
    assert_eq!(staff_and_waits(), STAFF_WAITS);

    let mut group = c.benchmark_group("topics_targets");
    group.throughput(Throughput::Bytes(n_bytes as u64));
    group.bench_function("topic_cues", |b| {
        b.iter(|| {
            let answer = cues();
            assert_eq!(answer, N_CUE_HITS);
            answer
        })
    });
    group.bench_function("topics", |b| {
        b.iter(|| {
            let answer = topics();
            assert_eq!(answer, TOPICS);
            answer
        })
    });
    group.bench_function("targets", |b| {
        b.iter(|| {
            let answer = targets();
            assert_eq!(answer, N_TARGETS);
            answer
        })
    });
    group.bench_function("staff_waits", |b| {
        b.iter(|| {
            let answer = staff_and_waits();
            assert_eq!(answer, STAFF_WAITS);
            answer
        })
    });
    group.finish();
}

criterion_group!(benches, bench_topics);
criterion_main!(benches);
