//! Shared setup of the benches: the committed data they read (`datasets/`, never `../shared`),
//! loaded once, outside the timed loops.

// Each bench file compiles this module on its own and uses a part of it.
#![allow(dead_code)]

use std::io::Cursor;
use std::path::PathBuf;

use bedside_ingest::MentionReaderBuilder;
use bedside_score::providers::ProviderDirectory;
use bedside_types::Mention;

/// A path relative to the repository root.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(relative)
}

/// The four data sets of Hutto & Gilbert (2014).
pub const VADER_DATASETS: &[&str] = &[
    "tweets_GroundTruth.txt",
    "movieReviewSnippets_GroundTruth.txt",
    "amazonReviewSnippets_GroundTruth.txt",
    "nytEditorialSnippets_GroundTruth.txt",
];

/// The 23,703 texts of the VADER data sets (the third tab-separated field of each line).
pub fn vader_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for file_name in VADER_DATASETS {
        let path = repo_path("datasets/vader").join(file_name);
        let data = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for line in data.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if let Some(text) = line.splitn(3, '\t').nth(2) {
                texts.push(text.to_string());
            }
        }
    }
    assert_eq!(texts.len(), 23_703);
    texts
}

/// The demo exports (`datasets/demo/exports/`), one per container: CSV with a preamble, JSON
/// Lines, JSON, and a survey CSV.
pub const DEMO_EXPORTS: [&str; 4] =
    ["brandwatch_mentions.csv", "x_api_v2.jsonl", "google_reviews.json", "survey_fft.csv"];

/// The bytes of one demo export, read once and kept for the life of the bench (readers need
/// `'static` input).
pub fn demo_export(file_name: &str) -> &'static [u8] {
    let path = repo_path("datasets/demo/exports").join(file_name);
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Box::leak(bytes.into_boxed_slice())
}

/// Every demo export's bytes, in [`DEMO_EXPORTS`] order.
pub fn demo_exports() -> Vec<(&'static str, &'static [u8])> {
    DEMO_EXPORTS.iter().map(|name| (*name, demo_export(name))).collect()
}

/// Reads exports held in memory, as `bedside analyze` reads files: the accepted mentions in
/// input order, and how many records were rejected.
pub fn read_exports(exports: &[(&'static str, &'static [u8])]) -> (Vec<Mention>, u64) {
    let builder = MentionReaderBuilder::new();
    let mut mentions = Vec::new();
    let mut n_rejected = 0;
    for (name, bytes) in exports {
        let mut reader = builder.from_reader(name, Cursor::new(*bytes)).expect("a demo export");
        for item in reader.by_ref() {
            match item {
                Ok(mention) => mentions.push(mention),
                Err(_) => n_rejected += 1,
            }
        }
    }
    (mentions, n_rejected)
}

/// The demo's accepted mentions (all four exports).
pub fn demo_mentions() -> Vec<Mention> {
    read_exports(&demo_exports()).0
}

/// The demo provider directory.
pub fn demo_providers() -> ProviderDirectory {
    ProviderDirectory::from_path(&repo_path("datasets/demo/providers.csv"))
        .expect("the demo provider directory")
}

/// A fresh scratch directory under the system's temporary directory, for written outputs.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bedside-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}
