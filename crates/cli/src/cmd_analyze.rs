//! `bedside analyze`: exports in, tables and report out, streamed.
//!
//! Three stages run at once, joined by bounded channels so that at most a few chunks of
//! mentions are in memory:
//!
//! ```text
//! reader thread ──chunks of CHUNK_SIZE──▶ this thread: score on the executor's pool,
//!   (ingest, rejects.csv)                  flag duplicates in input order
//!                                            ──scored chunks──▶ writer thread: ReportStream
//!                                                               (aggregates, mentions.csv,
//!                                                               mentions.parquet)
//! ```
//!
//! Chunks keep input order end to end, the chunk size does not depend on the thread count,
//! and the duplicate flags and aggregates are computed sequentially, so outputs are
//! byte-identical at any `--threads`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread;

use anyhow::Context;
use bedside::ingest::{MentionReaderBuilder, Stats};
use bedside::report::{RedactMode, ReportBuilder, ReportStream};
use bedside::score::{Deduplicator, Executor};
use bedside::{Analysis, Mention, Pipeline, provider_infos, topic_infos};

use crate::Outcome;
use crate::args::AnalyzeArgs;
use crate::progress::Progress;
use crate::staging::StagedDir;

/// Mentions per chunk: the unit of scoring, of the channels and of the progress line. Fixed,
/// so that nothing about the output depends on it or on the thread count.
const CHUNK_SIZE: usize = 2048;

/// Chunks waiting in each channel: enough to keep every stage busy, few enough that memory
/// does not grow with the input.
const CHUNKS_IN_FLIGHT: usize = 2;

/// A chunk of accepted mentions and how many records (accepted or rejected) it covers.
struct ReadChunk {
    mentions: Vec<Mention>,
    n_records: usize,
}

/// A scored chunk: mentions and their analyses, same order.
type ScoredChunk = (Vec<Mention>, Vec<Analysis>);

/// What the reader thread read.
struct ReadSummary {
    counts: Vec<(String, Stats)>,
    n_rejected: u64,
}

pub fn run(args: &AnalyzeArgs) -> anyhow::Result<Outcome> {
    let pipeline = args.scoring.pipeline()?;
    let executor = args.scoring.executor()?;
    let reader_builder = args.input.reader_builder()?;

    let progress = Progress::new(args.quiet);
    // Everything goes to a staging directory first and is renamed into --out at the end, so
    // that a run killed on the way never leaves a half-written file (see `staging`).
    let staged = StagedDir::new(&args.out)?;
    let write_context = || format!("cannot write the report to {}", args.out.display());
    let stream = ReportBuilder::new()
        .min_volume(args.min_volume)
        .quotes_per_finding(args.quotes)
        .redact(if args.no_redact { RedactMode::None } else { args.redact })
        .stream_to_dir(staged.path(), &provider_infos(&pipeline), &topic_infos(&pipeline))
        .with_context(write_context)?;
    let rejects_path = staged.path().join("rejects.csv");

    let (read_tx, read_rx) = sync_channel::<ReadChunk>(CHUNKS_IN_FLIGHT);
    let (scored_tx, scored_rx) = sync_channel::<ScoredChunk>(CHUNKS_IN_FLIGHT);
    let (read, written, n_duplicates) = thread::scope(|scope| {
        let reader = thread::Builder::new()
            .name("bedside-read".into())
            .spawn_scoped(scope, || {
                read_files(&args.files, &reader_builder, &rejects_path, &progress, read_tx)
            })
            .context("cannot start the reader thread")?;
        let writer = thread::Builder::new()
            .name("bedside-write".into())
            .spawn_scoped(scope, move || write_chunks(stream, scored_rx))
            .context("cannot start the writer thread")?;
        let n_duplicates = score_chunks(read_rx, scored_tx, &pipeline, &executor, &progress);
        let read = reader.join().map_err(|_| anyhow::anyhow!("BUG: the reader thread panicked"))?;
        let written =
            writer.join().map_err(|_| anyhow::anyhow!("BUG: the writer thread panicked"))?;
        anyhow::Ok((read, written, n_duplicates))
    })?;
    // A reader error (a file that cannot be read) explains a short run; a writer error stops
    // the reader early, so it comes second only if the reader itself succeeded.
    let read = read?;
    let stream = written.with_context(write_context)?;
    progress.step("aggregating and writing the report");
    let n_accepted = stream.n_mentions();
    let report = stream.finish().with_context(write_context)?;
    report.write_summaries(staged.path()).with_context(write_context)?;
    let n_written = staged.commit()?;
    progress.finish();

    if !args.quiet {
        let mut err = io::stderr().lock();
        for (file, stats) in &read.counts {
            writeln!(
                err,
                "{file}: read {}, accepted {}, rejected {}",
                stats.read, stats.accepted, stats.rejected
            )?;
        }
        let n_read: u64 = read.counts.iter().map(|(_, s)| s.read).sum();
        writeln!(
            err,
            "total: read {n_read}, accepted {n_accepted}, rejected {}, duplicates {n_duplicates} \
             (flagged, kept)",
            read.n_rejected
        )?;
        writeln!(err, "wrote {n_written} files to {}", args.out.display())?;
        if read.n_rejected > 0 {
            writeln!(
                err,
                "rejected records and their reasons: {}",
                args.out.join("rejects.csv").display()
            )?;
        }
    }
    Ok(if read.n_rejected == 0 { Outcome::Ok } else { Outcome::SomeRejected })
}

/// The reader thread: reads every file in order, sends chunks of accepted mentions, and writes
/// every rejected record with its file, row, column and reason (never its text) to
/// `rejects_path`. Stops early, without error, when the scoring side hangs up (it failed).
fn read_files(
    files: &[PathBuf],
    reader_builder: &MentionReaderBuilder,
    rejects_path: &Path,
    progress: &Progress,
    chunks: SyncSender<ReadChunk>,
) -> anyhow::Result<ReadSummary> {
    let mut rejects = csv::Writer::from_path(rejects_path)
        .with_context(|| format!("cannot write {}", rejects_path.display()))?;
    rejects.write_record(["file", "row", "column", "reason"])?;
    let mut summary = ReadSummary { counts: Vec::new(), n_rejected: 0 };
    let mut chunk = ReadChunk { mentions: Vec::with_capacity(CHUNK_SIZE), n_records: 0 };
    'files: for path in files {
        let mut reader =
            reader_builder.open(path).with_context(|| format!("cannot read {}", path.display()))?;
        progress.reading(&path.display().to_string());
        for item in reader.by_ref() {
            chunk.n_records += 1;
            match item {
                Ok(mention) => chunk.mentions.push(mention),
                Err(reject) => {
                    summary.n_rejected += 1;
                    rejects.write_record([
                        &*reject.file,
                        &reject.row.to_string(),
                        reject.column.as_deref().unwrap_or(""),
                        &reject.reason,
                    ])?;
                }
            }
            if chunk.mentions.len() == CHUNK_SIZE {
                let full = std::mem::replace(
                    &mut chunk,
                    ReadChunk { mentions: Vec::with_capacity(CHUNK_SIZE), n_records: 0 },
                );
                if chunks.send(full).is_err() {
                    break 'files;
                }
            }
        }
        summary.counts.push((path.display().to_string(), reader.stats()));
    }
    if chunk.n_records > 0 {
        // A closed channel means the other side failed; it reports why.
        let _ = chunks.send(chunk);
    }
    rejects.flush().with_context(|| format!("cannot write {}", rejects_path.display()))?;
    Ok(summary)
}

/// This thread: scores each chunk on the executor's pool, flags duplicates in input order and
/// passes the chunk on. Returns the number of duplicates; stops when the reader is done or the
/// writer hung up (it failed and reports why).
fn score_chunks(
    chunks: Receiver<ReadChunk>,
    scored: SyncSender<ScoredChunk>,
    pipeline: &Pipeline,
    executor: &Executor,
    progress: &Progress,
) -> u64 {
    let mut dedupe = Deduplicator::new();
    let mut n_duplicates = 0;
    for chunk in chunks {
        let mut mentions = chunk.mentions;
        let mut analyses = executor.map(&mentions, |m| pipeline.analyze(m));
        dedupe.flag(&mentions, &mut analyses);
        // The other columns of the export served the scoring (provider hints) and appear in no
        // output: dropping them halves the memory of a chunk on its way to the writer.
        for mention in &mut mentions {
            mention.extra = Vec::new();
        }
        n_duplicates += analyses.iter().filter(|a| a.duplicate_of.is_some()).count() as u64;
        progress.records(chunk.n_records);
        if scored.send((mentions, analyses)).is_err() {
            break;
        }
    }
    n_duplicates
}

/// The writer thread: pushes every scored chunk into the report stream, which aggregates it
/// and appends it to the mentions tables.
fn write_chunks(
    mut stream: ReportStream,
    chunks: Receiver<ScoredChunk>,
) -> bedside::report::Result<ReportStream> {
    for (mentions, analyses) in chunks {
        stream.push_batch(&mentions, &analyses)?;
    }
    Ok(stream)
}
