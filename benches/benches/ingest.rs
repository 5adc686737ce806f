//! Ingest throughput: export bytes in memory to `Mention`s (container and preset detection,
//! decoding, parsing, text repair, dates), one bench per container of the demo exports.
//!
//! Run with `cargo bench -p bedside-benches --bench ingest`.

mod common;

use std::hint::black_box;
use std::io::Cursor;

use bedside_ingest::MentionReaderBuilder;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Known answers per export: (accepted, rejected, bytes of accepted text after repair). The
/// counts are those of `datasets/demo/README.md`; update with the demo or the text repair.
const EXPECTED: [(&str, &str, (u64, u64, usize)); 4] = [
    ("csv", "brandwatch_mentions.csv", (1476, 3, 233_647)),
    ("jsonl", "x_api_v2.jsonl", (1157, 3, 177_931)),
    ("json", "google_reviews.json", (668, 12, 96_303)),
    ("survey_csv", "survey_fft.csv", (396, 3, 17_671)),
];

fn bench_ingest(c: &mut Criterion) {
    let builder = MentionReaderBuilder::new();
    let mut group = c.benchmark_group("ingest");
    for (label, file_name, expected) in EXPECTED {
        let bytes = common::demo_export(file_name);
        let run = || {
            let mut reader =
                builder.from_reader(file_name, Cursor::new(black_box(bytes))).expect("an export");
            let mut n_text_bytes = 0;
            for mention in reader.by_ref().flatten() {
                n_text_bytes += mention.text.len();
            }
            let stats = reader.stats();
            (stats.accepted, stats.rejected, n_text_bytes)
        };
        assert_eq!(run(), expected, "{file_name}");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(label, |b| {
            b.iter(|| {
                let answer = run();
                assert_eq!(answer, expected);
                answer
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_ingest);
criterion_main!(benches);
