//! Command-line flags. Parsing does no I/O; `Hi`-level objects (readers, pipelines, executors)
//! are built from these in the command modules.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use bedside::Scorer;
use bedside::ingest::{ColumnMapping, MAX_SUPPORTED_DEPTH, MentionReaderBuilder, Preset};
use bedside::report::RedactMode;
use bedside::score::learned::{BedsideScorer, FoldScorer};
use bedside::score::providers::ProviderDirectory;
use bedside::{Executor, Pipeline, PipelineBuilder, ScorerKind};
use clap::{Args, Parser, Subcommand};

/// bedside turns patient feedback into decisions: sentiment, topics and providers from
/// social-listening and review exports.
#[derive(Debug, Parser)]
#[command(name = "bedside", version, propagate_version = true)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze exports and write the tables and report (the main job).
    #[command(after_help = "\
Examples:
  bedside analyze brandwatch.csv google_reviews.json --providers providers.csv --out report/
  bedside analyze export.csv.gz --text-col comment --date-col created --threads 2

Outputs under --out: mentions.parquet, mentions.csv, summary_by_provider.csv,
summary_by_topic.csv, summary_by_provider_topic.csv, summary_by_target.csv, staff.csv,
waits_by_provider.csv, trends.csv, peers.csv, alerts.csv, report.md, report.html and
rejects.csv.
Exit status: 0 ok, 1 ok but some records were rejected (see rejects.csv), 2 error.")]
    Analyze(Box<AnalyzeArgs>),
    /// Score texts from stdin: one per line (or JSON Lines with --jsonl), one JSON object out
    /// per line, in input order.
    #[command(after_help = "\
Examples:
  echo 'The nurses were lovely but I waited 3 hours' | bedside score
  bedside score --scorer vader < texts.txt > scores.jsonl
  bedside score --jsonl --providers providers.csv < mentions.jsonl

Each output line: {\"sentiment\": {\"label\": \"negative|neutral|positive\", \"score\": -1..1,
\"negative\": .., \"neutral\": .., \"positive\": ..}, \"topics\": [{\"topic\": .., \"label\": ..,
\"score\": ..}]}. With --jsonl each input line is an object with at least \"text\" (and
optionally \"id\", \"question\", \"handle\", \"location_id\", \"provider_id\"); the output adds
\"id\" and \"provider\". A bad input line gives {\"error\": ..} on its output line and exit 1.")]
    Score(ScoreArgs),
    /// Show what bedside detects in an export (format, encoding, column mapping) and how many
    /// records it would accept, without analyzing anything.
    #[command(after_help = "\
Examples:
  bedside inspect datasets/demo/exports/brandwatch_mentions.csv
  bedside inspect export.tsv --text-col 'Free text' --date-col 'Date'")]
    Inspect(InspectArgs),
    /// Merge the mentions.parquet shards of several `analyze` runs into one report.
    #[command(after_help = "\
Examples:
  bedside report part1/mentions.parquet part2/mentions.parquet --providers providers.csv --out merged/
  bedside report 'shards/*/mentions.parquet' --providers providers.csv --out merged/

Writes the same files as analyze (except rejects.csv). With the same exports split across
shards and given in the same order, the merged report equals the single-run report: duplicates
are flagged again across shards.")]
    Report(crate::cmd_report::ReportArgs),
    /// Write a copy of an export with the PHI in its text replaced by placeholders ([NAME],
    /// [PHONE], [DATE], ...): same format, every other column unchanged.
    #[command(after_help = "\
Examples:
  bedside redact brandwatch.csv --out brandwatch.redacted.csv
  bedside redact google_reviews.json > google_reviews.redacted.json

The text column (and an organization's reply column such as Google's reviewReply.comment) is
redacted; everything else is copied. CSV keeps its preamble lines and delimiter; JSON and JSON
Lines are re-serialized (keys may be reordered). Compressed files: decompress them first.")]
    Redact(crate::cmd_redact::RedactArgs),
    /// Train the learned sentiment model on labeled feedback, with k-fold cross-validation.
    Train(crate::cmd_train::TrainArgs),
    /// Score a labeled file and print accuracy metrics (the same as health_eval.py).
    Eval(crate::cmd_eval::EvalArgs),
    /// Show which words and phrases moved a text's score, and by how much.
    Explain(crate::cmd_explain::ExplainArgs),
}

/// Flags shared by every command that reads export files.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Force an export preset instead of detecting it: brandwatch, meltwater, talkwalker,
    /// sprout, hootsuite, x, google, yelp, survey, generic.
    #[arg(long, value_name = "PRESET")]
    pub format: Option<String>,
    /// Column (or dotted JSON path) holding the text.
    #[arg(long, value_name = "COLUMN")]
    pub text_col: Option<String>,
    /// Column holding the date.
    #[arg(long, value_name = "COLUMN")]
    pub date_col: Option<String>,
    /// Column holding the record id.
    #[arg(long, value_name = "COLUMN")]
    pub id_col: Option<String>,
    /// Column holding the author.
    #[arg(long, value_name = "COLUMN")]
    pub author_col: Option<String>,
    /// Column holding the source or platform.
    #[arg(long, value_name = "COLUMN")]
    pub source_col: Option<String>,
    /// Column holding the URL.
    #[arg(long, value_name = "COLUMN")]
    pub url_col: Option<String>,
    /// Column holding a provider id from the provider directory.
    #[arg(long, value_name = "COLUMN")]
    pub provider_col: Option<String>,
    /// Column holding the social handle the mention was posted to.
    #[arg(long, value_name = "COLUMN")]
    pub handle_col: Option<String>,
    /// Column holding a location id (Google location, Yelp business id).
    #[arg(long, value_name = "COLUMN")]
    pub location_col: Option<String>,
    /// Column holding a star rating.
    #[arg(long, value_name = "COLUMN")]
    pub rating_col: Option<String>,
    /// Column holding the survey question.
    #[arg(long, value_name = "COLUMN")]
    pub question_col: Option<String>,
    /// Reject records with a field larger than this: bytes, or with a K, M or G suffix (512K,
    /// 4M). JSON records more than 16 times larger are skipped without being read into memory.
    #[arg(long, default_value = "1M", value_name = "SIZE", value_parser = parse_size)]
    pub max_field_size: usize,
    /// Reject JSON records (and JSON lines) that nest arrays and objects deeper than this
    /// (1 to 128 levels; the record itself is level 1).
    #[arg(long, default_value = "64", value_name = "N", value_parser = parse_depth)]
    pub max_depth: usize,
}

/// Parses a byte size: `1048576`, `512K`, `4M`, `1G` (powers of 1024; a trailing `B` or `iB`
/// is accepted too).
fn parse_size(value: &str) -> Result<usize, String> {
    let upper = value.trim().to_ascii_uppercase();
    let number = upper.strip_suffix("IB").or_else(|| upper.strip_suffix('B')).unwrap_or(&upper);
    let (digits, unit) = match number.char_indices().last() {
        Some((idx, 'K')) => (&number[..idx], 1usize << 10),
        Some((idx, 'M')) => (&number[..idx], 1 << 20),
        Some((idx, 'G')) => (&number[..idx], 1 << 30),
        _ => (number, 1),
    };
    let size = digits
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("{value:?} is not a size (examples: 65536, 512K, 4M, 1G)"))?;
    if size == 0 {
        return Err("the size must be at least 1 byte".to_string());
    }
    Ok(size)
}

/// Parses a nesting depth in `1..=MAX_SUPPORTED_DEPTH`.
fn parse_depth(value: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(depth) if (1..=MAX_SUPPORTED_DEPTH).contains(&depth) => Ok(depth),
        _ => Err(format!("expected a number of levels from 1 to {MAX_SUPPORTED_DEPTH}")),
    }
}

impl InputArgs {
    /// The reader configuration these flags describe.
    pub fn reader_builder(&self) -> anyhow::Result<MentionReaderBuilder> {
        let mut builder = MentionReaderBuilder::new();
        if let Some(name) = &self.format {
            let preset: Preset =
                name.parse().with_context(|| format!("unknown --format {name:?}"))?;
            builder.format(Some(preset));
        }
        let mapping = ColumnMapping {
            id: self.id_col.clone(),
            text: self.text_col.clone(),
            date: self.date_col.clone(),
            author: self.author_col.clone(),
            source: self.source_col.clone(),
            url: self.url_col.clone(),
            provider: self.provider_col.clone(),
            handle: self.handle_col.clone(),
            location: self.location_col.clone(),
            rating: self.rating_col.clone(),
            question: self.question_col.clone(),
        };
        builder.mapping(mapping);
        builder.max_field_bytes(self.max_field_size);
        builder.max_depth(self.max_depth);
        Ok(builder)
    }
}

/// Flags shared by every command that scores.
#[derive(Debug, Clone, Args)]
pub struct ScoringArgs {
    /// The sentiment scorer: bedside (the learned model over healthcare rules; calibrated
    /// probabilities) or vader (vaderSentiment 3.3.2, unchanged).
    #[arg(long, default_value = "bedside", value_name = "NAME")]
    pub scorer: String,
    /// A model trained with `bedside train`, instead of the built-in one (scorer bedside).
    #[arg(long, value_name = "FILE", conflicts_with = "cv_models")]
    pub model: Option<PathBuf>,
    /// Cross-validation models from `bedside train --cv-out DIR`: each text is scored by the
    /// model of its fold (a model that never saw it), for honest figures on the dev sets.
    #[arg(long, value_name = "DIR")]
    pub cv_models: Option<PathBuf>,
    /// Provider directory (CSV: id,name,kind,aliases,handles,location_ids,parent_id).
    #[arg(long, value_name = "FILE")]
    pub providers: Option<PathBuf>,
    /// Topic taxonomy (TOML, like models/topics.toml). Default: the built-in one.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,
    /// The learned topic layer: a model from `bedside train --task topics`, or `none` for cues
    /// alone. Default: the built-in model.
    #[arg(long, value_name = "FILE|none")]
    pub topic_model: Option<PathBuf>,
    /// Worker threads. Default: all cores. Results are identical at any thread count.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

impl ScoringArgs {
    /// The pipeline these flags describe.
    pub fn pipeline(&self) -> anyhow::Result<Pipeline> {
        let kind: ScorerKind = self.scorer.parse().with_context(|| {
            let names: Vec<&str> = ScorerKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown --scorer {:?} (choose one of: {})", self.scorer, names.join(", "))
        })?;
        let mut builder = PipelineBuilder::new().scorer(kind);
        if let Some(scorer) = self.learned_scorer(kind)? {
            builder = builder.custom_scorer(scorer);
        }
        if let Some(path) = &self.providers {
            let directory = ProviderDirectory::from_path(path)
                .with_context(|| format!("cannot load provider directory {}", path.display()))?;
            builder = builder.providers(directory);
        }
        if let Some(path) = &self.topics {
            let taxonomy = bedside::score::topics::Taxonomy::from_path(path)
                .with_context(|| format!("cannot load topic taxonomy {}", path.display()))?;
            builder = builder.taxonomy(taxonomy);
        }
        match &self.topic_model {
            Some(path) if path.as_os_str() == "none" => builder = builder.topic_model(None),
            Some(path) => {
                let model = bedside::score::topics::TopicModel::from_path(path)
                    .with_context(|| format!("cannot load topic model {}", path.display()))?;
                builder = builder.topic_model(Some(model));
            }
            None => {}
        }
        Ok(builder.build()?)
    }

    /// The learned scorer of `--model` or `--cv-models`, if one was given.
    fn learned_scorer(&self, kind: ScorerKind) -> anyhow::Result<Option<Arc<dyn Scorer>>> {
        if (self.model.is_some() || self.cv_models.is_some()) && kind != ScorerKind::Bedside {
            anyhow::bail!("--model and --cv-models need --scorer bedside");
        }
        if let Some(path) = &self.model {
            let scorer = BedsideScorer::from_path(path)
                .with_context(|| format!("cannot load model {}", path.display()))?;
            return Ok(Some(Arc::new(scorer)));
        }
        if let Some(dir) = &self.cv_models {
            let scorer = FoldScorer::from_dir(dir)
                .with_context(|| format!("cannot load fold models from {}", dir.display()))?;
            return Ok(Some(Arc::new(scorer)));
        }
        Ok(None)
    }

    /// The executor for `--threads`.
    pub fn executor(&self) -> anyhow::Result<Executor> {
        let n_threads = match self.threads {
            Some(0) => anyhow::bail!("--threads must be at least 1"),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        Ok(Executor::with_threads(n_threads)?)
    }
}

/// `bedside analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Export files (CSV/TSV, JSON, JSON Lines; .gz accepted).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output directory (created if missing).
    #[arg(long, short, default_value = "bedside-out", value_name = "DIR")]
    pub out: PathBuf,
    /// Cells (provider, topic, provider x topic) with fewer mentions are shown as "not enough
    /// data" rather than ranked.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub min_volume: u64,
    /// Quotes per finding in report.md.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub quotes: usize,
    /// What to redact: `excerpts` (quotes and excerpts in report.md; the default), `all` (also
    /// the text, author and link columns of mentions.csv and mentions.parquet) or `none`.
    #[arg(long, value_name = "MODE", default_value = "excerpts", value_parser = parse_redact_mode)]
    pub redact: RedactMode,
    /// The same as `--redact none`.
    #[arg(long, conflicts_with = "redact")]
    pub no_redact: bool,
    /// Print nothing but errors: no summary, and no progress bar (shown only when stderr is a
    /// terminal).
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub scoring: ScoringArgs,
}

fn parse_redact_mode(s: &str) -> Result<RedactMode, String> {
    s.parse()
}

/// `bedside score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Read JSON Lines mentions instead of plain text lines.
    #[arg(long)]
    pub jsonl: bool,
    /// Add "explanation": [{"start", "end", "weight"}] to each line: the byte spans that moved
    /// the learned model's score, and by how much (scorer bedside).
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub scoring: ScoringArgs,
}

/// `bedside inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The export file to inspect.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("bedside").chain(args.iter().copied()))
    }

    #[test]
    fn analyze_flags() {
        let cli = parse(&["analyze", "a.csv", "b.json", "--threads", "2", "--out", "r"]).unwrap();
        let Command::Analyze(args) = cli.command else { panic!("BUG: wrong command parsed") };
        assert_eq!(args.files.len(), 2);
        assert_eq!(args.scoring.threads, Some(2));
        assert_eq!(args.out, PathBuf::from("r"));
        assert_eq!(args.min_volume, 5);
        assert_eq!(args.redact, RedactMode::Excerpts);
        assert!(parse(&["analyze"]).is_err(), "a file is required");
        let cli = parse(&["analyze", "a.csv", "--redact", "all"]).unwrap();
        let Command::Analyze(args) = cli.command else { panic!("BUG: wrong command parsed") };
        assert_eq!(args.redact, RedactMode::All);
        assert!(parse(&["analyze", "a.csv", "--redact", "some"]).is_err());
        assert!(parse(&["analyze", "a.csv", "--redact", "all", "--no-redact"]).is_err());
    }

    #[test]
    fn limit_flags() {
        let cli = parse(&["analyze", "a.csv"]).unwrap();
        let Command::Analyze(args) = cli.command else { panic!("BUG: wrong command parsed") };
        assert_eq!((args.input.max_field_size, args.input.max_depth), (1 << 20, 64));
        for (text, expected) in [
            ("100", Ok(100)),
            ("512K", Ok(512 << 10)),
            ("4m", Ok(4 << 20)),
            ("1GiB", Ok(1 << 30)),
            ("2 MB", Ok(2 << 20)),
        ] {
            assert_eq!(parse_size(text), expected, "{text}");
        }
        for bad in ["", "0", "-1", "1.5M", "M", "12X", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_depth("128"), Ok(128));
        for bad in ["0", "129", "x"] {
            assert!(parse_depth(bad).is_err(), "{bad}");
        }
        let cli = parse(&["inspect", "a.json", "--max-depth", "3", "--max-field-size", "2K"]);
        let Command::Inspect(args) = cli.unwrap().command else { panic!("BUG: wrong command") };
        assert_eq!((args.input.max_field_size, args.input.max_depth), (2048, 3));
        assert!(parse(&["analyze", "a.csv", "--max-depth", "1000"]).is_err());
    }

    #[test]
    fn score_flags_and_bad_values() {
        let cli = parse(&["score", "--jsonl", "--scorer", "vader"]).unwrap();
        let Command::Score(args) = cli.command else { panic!("BUG: wrong command parsed") };
        assert!(args.jsonl);
        assert!(args.scoring.pipeline().is_ok());
        let cli = parse(&["score", "--scorer", "nope"]).unwrap();
        let Command::Score(args) = cli.command else { panic!("BUG: wrong command parsed") };
        let err = args.scoring.pipeline().err().expect("unknown scorer must fail");
        assert!(format!("{err:#}").contains("unknown --scorer"));
        assert!(parse(&["score", "--threads", "x"]).is_err());
    }
}
