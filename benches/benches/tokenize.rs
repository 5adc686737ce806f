//! Tokenizer throughput: bedside's tokenizer and sentence splitter on the 23,703 texts of the
//! VADER data sets.
//!
//! Run with `cargo bench -p bedside-benches --bench tokenize`.

mod common;

use std::hint::black_box;

use bedside_score::tokenize::{Tokenizer, sentences};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Known answers: tokens and sentences in the texts. Update with the tokenizer.
const N_TOKENS: usize = 465_005;
const N_SENTENCES: usize = 30_050;

fn bench_tokenize(c: &mut Criterion) {
    let texts = common::vader_texts();
    let n_bytes: usize = texts.iter().map(String::len).sum();
    let tokenizer = Tokenizer::default();
    let count_tokens =
        || texts.iter().map(|t| tokenizer.tokens(black_box(t)).count()).sum::<usize>();
    let count_sentences = || texts.iter().map(|t| sentences(black_box(t)).count()).sum::<usize>();
    assert_eq!((count_tokens(), count_sentences()), (N_TOKENS, N_SENTENCES));

    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Bytes(n_bytes as u64));
    group.bench_function("tokens", |b| {
        b.iter(|| {
            let answer = count_tokens();
            assert_eq!(answer, N_TOKENS);
            answer
        })
    });
    group.bench_function("sentences", |b| {
        b.iter(|| {
            let answer = count_sentences();
            assert_eq!(answer, N_SENTENCES);
            answer
        })
    });
    group.finish();
}

criterion_group!(benches, bench_tokenize);
criterion_main!(benches);
