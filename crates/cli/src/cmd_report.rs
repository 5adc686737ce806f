//! `bedside report`: merges the `mentions.parquet` shards of several `analyze` runs into one
//! report.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context;
use bedside::report::{ReportBuilder, read_shards_chunked};
use bedside::score::Deduplicator;
use bedside::score::providers::ProviderDirectory;
use bedside::score::topics::Taxonomy;
use bedside::{PipelineBuilder, ScorerKind, provider_infos, topic_infos};
use clap::Args;

use crate::Outcome;

/// Rows read from the shards at a time: one row group of the files `analyze` writes.
const CHUNK_ROWS: usize = 16_384;

/// `bedside report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// `mentions.parquet` files written by `bedside analyze --out DIR`, merged in the order
    /// given. Glob patterns (quoted, such as 'shards/*/mentions.parquet') expand in sorted order.
    #[arg(required = true, value_name = "PARQUET")]
    pub shards: Vec<String>,
    /// Output directory (created if missing).
    #[arg(long, short, default_value = "bedside-out", value_name = "DIR")]
    pub out: PathBuf,
    /// Provider directory: the one the shards were analyzed with (names, kinds, handles).
    #[arg(long, value_name = "FILE")]
    pub providers: Option<PathBuf>,
    /// Topic taxonomy (TOML) the shards were analyzed with. Default: the built-in one.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,
    /// Cells with fewer mentions are shown as "not enough data" rather than ranked.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub min_volume: u64,
    /// Quotes per finding.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub quotes: usize,
    /// Do not redact quotes (they are redacted by default).
    #[arg(long)]
    pub no_redact: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &ReportArgs) -> anyhow::Result<Outcome> {
    // The pipeline is built only for its directory and taxonomy; nothing is scored again.
    let mut builder = PipelineBuilder::new().scorer(ScorerKind::Vader);
    if let Some(path) = &args.providers {
        let directory = ProviderDirectory::from_path(path)
            .with_context(|| format!("cannot load provider directory {}", path.display()))?;
        builder = builder.providers(directory);
    }
    if let Some(path) = &args.topics {
        let taxonomy = Taxonomy::from_path(path)
            .with_context(|| format!("cannot load topic taxonomy {}", path.display()))?;
        builder = builder.taxonomy(taxonomy);
    }
    let pipeline = builder.build()?;

    // Atomic, as for `analyze`: staged, then renamed into --out (see `staging`). The report is
    // built by the same stream as `analyze`'s, which writes the mentions tables as it goes, and
    // the shards are read a chunk at a time, so memory does not grow with them.
    let staged = crate::staging::StagedDir::new(&args.out)?;
    let write_context = || format!("cannot write the report to {}", args.out.display());
    let mut stream = ReportBuilder::new()
        .min_volume(args.min_volume)
        .quotes_per_finding(args.quotes)
        .redact_quotes(!args.no_redact)
        .stream_to_dir(staged.path(), &provider_infos(&pipeline), &topic_infos(&pipeline))
        .with_context(write_context)?;
    // Duplicates are flagged again over the whole collection, in merged order, exactly as one
    // run over all the exports would have flagged them.
    let mut dedupe = Deduplicator::new();
    let mut n_duplicates = 0;
    let n_mentions =
        read_shards_chunked(&args.shards, CHUNK_ROWS, &mut |mentions, mut analyses| {
            for analysis in &mut analyses {
                analysis.duplicate_of = None;
            }
            dedupe.flag(&mentions, &mut analyses);
            n_duplicates += analyses.iter().filter(|a| a.duplicate_of.is_some()).count();
            stream.push_batch(&mentions, &analyses)
        })
        .context("cannot read the shards or write the report")?;
    let report = stream.finish().with_context(write_context)?;
    report.write_summaries(staged.path()).with_context(write_context)?;
    let n_written = staged.commit()?;
    if !args.quiet {
        let mut err = io::stderr().lock();
        writeln!(
            err,
            "merged {} mentions from {} shard argument{}, duplicates {n_duplicates} (flagged \
             across shards, kept)",
            n_mentions,
            args.shards.len(),
            if args.shards.len() == 1 { "" } else { "s" }
        )?;
        writeln!(err, "wrote {n_written} files to {}", args.out.display())?;
    }
    Ok(Outcome::Ok)
}
