//! Benchmarks of bedside; nothing to link against.
//!
//! - `benches/*.rs`: criterion benches per stage (ingest, tokenize, score, topics, phi, report)
//!   and end to end, each asserting a known answer inside the timed loop. Run with
//!   `cargo bench -p bedside-benches`.
//! - `examples/gen_export/` (a seeded synthetic export of any size) and
//!   `examples/score_export.rs` (one scorer, or the scoring core, over an export): helpers of
//!   the CLI benchmark `cli.sh`, which times the `bedside` binary against parse only and the
//!   Python baselines (`baselines/`) and writes `RESULTS.md`.
