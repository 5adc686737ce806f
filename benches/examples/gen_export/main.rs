//! Writes a large synthetic Brandwatch-style mentions export for the CLI benchmark
//! (`benches/cli.sh`): a seeded, streamed, byte-reproducible CSV of patient feedback about the
//! providers of a provider directory (by default `datasets/demo/providers.csv`).
//!
//! ```text
//! cargo run --release -p bedside-benches --no-default-features --example gen_export -- \
//!     --rows 1000000 --seed 7 --out export.csv --meta export.meta
//! ```
//!
//! What the export holds, so that a benchmark on it exercises what real exports exercise:
//!
//! - the Brandwatch layout of `datasets/demo/exports/brandwatch_mentions.csv`: six preamble
//!   lines, the header, then one row per mention in date order over one year
//!   (2025-11-01 .. 2026-10-31), page types twitter, facebook, reddit, forum, instagram, news;
//! - texts composed from the demo's sentence templates (`benches/data/phrases.txt`): openers
//!   naming the provider (name, alias, lower-cased alias, @handle), topic sentences whose
//!   polarity follows a per-provider profile, waits with durations, staff named with a role,
//!   bills with amounts, sarcasm, "negative test result" traps, emoji, hashtags, typos, HTML
//!   entities and a little mojibake; about 8% name no known provider;
//! - text lengths with a median near 150 bytes and a long tail to 5,000 bytes (long Reddit,
//!   forum and news posts);
//! - duplicates: retweets (`RT @author: ...`) and cross-posts of a recent text;
//! - bad rows bedside must reject: unparseable dates and empty texts (0.3% each).
//!
//! The random generator is SplitMix64 with integer-only sampling (no floating-point
//! transcendental functions), so the same `--rows`, `--seed` and providers file give the same
//! bytes on every machine. Memory does not grow with `--rows`.
//!
//! `--meta FILE` writes what was generated as `key=value` lines: `rows`, `expected_accepted`,
//! `expected_rejected` (`bad_date` + `empty_text`), `retweets`, `cross_posts`, `long_posts`,
//! `no_provider`, text length percentiles. `benches/cli.sh` checks bedside's counts against it.
//!
//! The modules, in the order the data flows: `main` (arguments, files), `bank` (the
//! templates of `phrases.txt`), `providers` (the provider directory and each provider's
//! profile), `generator` (one CSV row at a time; its `compose` submodule writes the mention
//! texts), `fill` (template slots), `text` (string helpers), `stats` (the `--meta`
//! counts); `rng`, `words` and `platform` are the vocabulary they share.

mod bank;
mod fill;
mod generator;
mod platform;
mod providers;
mod rng;
mod stats;
mod text;
mod words;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::bank::Bank;
use crate::generator::Generator;
use crate::providers::Provider;
use crate::rng::Rng;

const USAGE: &str = "\
Writes a synthetic Brandwatch-style mentions export (CSV) for benchmarks.

Usage: gen_export --rows N [--seed S] [--providers FILE] [--out FILE] [--meta FILE]

Options:
  --rows N           data rows to write (required, at least 1)
  --seed S           random seed (default 7); same rows + seed + providers = same bytes
  --providers FILE   provider directory CSV (default: datasets/demo/providers.csv)
  --out FILE         output file (default: standard output)
  --meta FILE        also write key=value counts of what was generated
  -h, --help         show this help
";

/// The sentence templates, embedded so the binary needs no files besides the providers.
const PHRASES: &str = include_str!("../../data/phrases.txt");

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_export: {message}");
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    n_rows: u64,
    seed: u64,
    providers: PathBuf,
    out: Option<PathBuf>,
    meta: Option<PathBuf>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        n_rows: 0,
        seed: 7,
        providers: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo/providers.csv"),
        out: None,
        meta: None,
    };
    let mut have_rows = false;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            print!("{USAGE}");
            return Ok(None);
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || value.parse::<u64>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--rows" => {
                args.n_rows = number()?;
                have_rows = true;
            }
            "--seed" => args.seed = number()?,
            "--providers" => args.providers = PathBuf::from(&value),
            "--out" => args.out = Some(PathBuf::from(&value)),
            "--meta" => args.meta = Some(PathBuf::from(&value)),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if !have_rows {
        return Err("--rows is required".to_string());
    }
    if args.n_rows == 0 {
        // The length percentiles of `--meta` need at least one text.
        return Err("--rows must be at least 1".to_string());
    }
    Ok(Some(args))
}

fn run() -> Result<(), String> {
    let Some(args) = parse_args()? else { return Ok(()) };
    let directory = std::fs::read_to_string(&args.providers)
        .map_err(|e| format!("cannot read {}: {e}", args.providers.display()))?;
    let bank = Bank::parse(PHRASES)?;
    let mut rng = Rng::new(args.seed);
    let providers = Provider::parse_directory(&directory, &mut rng)?;
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let mut generator = Generator::new(bank, providers, rng, args.n_rows);
    generator.write_all(&mut out).map_err(|e| format!("cannot write the export: {e}"))?;
    out.flush().map_err(|e| format!("cannot write the export: {e}"))?;
    let meta = generator.stats.render(args.n_rows, args.seed);
    match &args.meta {
        Some(path) => std::fs::write(path, &meta)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => eprint!("{meta}"),
    }
    Ok(())
}
