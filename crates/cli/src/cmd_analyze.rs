//! `bedside analyze`: exports in, tables and report out.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;
use bedside::ingest::RowError;
use bedside::report::{ProviderInfo, RedactMode, ReportBuilder, TopicInfo};
use bedside::score::Deduplicator;
use bedside::{Mention, Pipeline};

use crate::Outcome;
use crate::args::AnalyzeArgs;
use crate::progress::Progress;
use crate::staging::StagedDir;

/// Mentions scored between two moves of the progress bar.
const PROGRESS_CHUNK: usize = 8192;

pub fn run(args: &AnalyzeArgs) -> anyhow::Result<Outcome> {
    let pipeline = args.scoring.pipeline()?;
    let executor = args.scoring.executor()?;
    let reader_builder = args.input.reader_builder()?;

    let progress = Progress::new(args.quiet);
    let mut mentions: Vec<Mention> = Vec::new();
    let mut rejects: Vec<RowError> = Vec::new();
    let mut counts = Vec::new();
    for path in &args.files {
        let mut reader =
            reader_builder.open(path).with_context(|| format!("cannot read {}", path.display()))?;
        progress.reading(&path.display().to_string());
        for item in reader.by_ref() {
            progress.record();
            match item {
                Ok(mention) => mentions.push(mention),
                Err(reject) => rejects.push(reject),
            }
        }
        counts.push((path.display().to_string(), reader.stats()));
    }

    // Scored in chunks only so that the progress bar moves: the results, and the duplicates
    // flagged over the whole collection, are those of `Pipeline::analyze_batch`.
    progress.scoring(mentions.len());
    let mut analyses = Vec::with_capacity(mentions.len());
    for chunk in mentions.chunks(PROGRESS_CHUNK) {
        analyses.extend(executor.map(chunk, |m| pipeline.analyze(m)));
        progress.scored(chunk.len());
    }
    Deduplicator::new().flag(&mentions, &mut analyses);
    progress.step("aggregating and writing the report");
    let n_duplicates = analyses.iter().filter(|a| a.duplicate_of.is_some()).count();

    let report = ReportBuilder::new()
        .min_volume(args.min_volume)
        .quotes_per_finding(args.quotes)
        .redact(if args.no_redact { RedactMode::None } else { args.redact })
        .build(&mentions, &analyses, &provider_infos(&pipeline), &topic_infos(&pipeline))
        .context("cannot aggregate the results")?;
    // Everything goes to a staging directory first and is renamed into --out at the end, so
    // that a run killed on the way never leaves a half-written file (see `staging`).
    let staged = StagedDir::new(&args.out)?;
    report
        .write_dir(staged.path())
        .with_context(|| format!("cannot write the report to {}", args.out.display()))?;
    write_rejects(&staged.path().join("rejects.csv"), &rejects)?;
    let n_written = staged.commit()?;
    progress.finish();

    if !args.quiet {
        let mut err = io::stderr().lock();
        for (file, stats) in &counts {
            writeln!(
                err,
                "{file}: read {}, accepted {}, rejected {}",
                stats.read, stats.accepted, stats.rejected
            )?;
        }
        let n_read: u64 = counts.iter().map(|(_, s)| s.read).sum();
        writeln!(
            err,
            "total: read {n_read}, accepted {}, rejected {}, duplicates {n_duplicates} (flagged, \
             kept)",
            mentions.len(),
            rejects.len()
        )?;
        writeln!(err, "wrote {n_written} files to {}", args.out.display())?;
        if !rejects.is_empty() {
            writeln!(
                err,
                "rejected records and their reasons: {}",
                args.out.join("rejects.csv").display()
            )?;
        }
    }
    Ok(if rejects.is_empty() { Outcome::Ok } else { Outcome::SomeRejected })
}

pub fn provider_infos(pipeline: &Pipeline) -> Vec<ProviderInfo> {
    pipeline
        .providers()
        .providers()
        .iter()
        .map(|p| ProviderInfo {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
            parent_id: p.parent_id.clone(),
            handles: p.handles.clone(),
        })
        .collect()
}

pub fn topic_infos(pipeline: &Pipeline) -> Vec<TopicInfo> {
    pipeline
        .taxonomy()
        .topics()
        .iter()
        .map(|t| TopicInfo { id: t.id.clone(), label: t.label.clone() })
        .collect()
}

/// Writes every rejected record with its file, row, column and reason (never its text).
fn write_rejects(path: &Path, rejects: &[RowError]) -> anyhow::Result<()> {
    let mut writer =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    writer.write_record(["file", "row", "column", "reason"])?;
    for reject in rejects {
        writer.write_record([
            &*reject.file,
            &reject.row.to_string(),
            reject.column.as_deref().unwrap_or(""),
            &reject.reason,
        ])?;
    }
    writer.flush()?;
    Ok(())
}
