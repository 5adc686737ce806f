//! Criterion benchmarks of bedside; see `benches/`.
