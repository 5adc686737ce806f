//! `bedside report`: the demo analyzed in two shards and merged gives the single-run report.

use std::fs;
use std::path::Path;

use crate::analyze::DEMO_EXPORTS;
use crate::util::{Dir, bedside, parts};

/// Files that must be byte-identical between a single run and a merge of shards.
const MERGED_OUTPUTS: [&str; 13] = [
    "summary_by_provider.csv",
    "summary_by_topic.csv",
    "summary_by_provider_topic.csv",
    "summary_by_target.csv",
    "staff.csv",
    "waits_by_provider.csv",
    "trends.csv",
    "peers.csv",
    "alerts.csv",
    "mentions.csv",
    "mentions.parquet",
    "report.md",
    "report.html",
];

fn analyze(files: &[&str], out: &Path) {
    let mut args = vec!["analyze"];
    args.extend(files);
    let out = out.to_str().unwrap();
    args.extend(["--providers", "datasets/demo/providers.csv", "--scorer", "vader"]);
    args.extend(["--out", out, "--threads", "2", "--quiet"]);
    let (code, _, stderr) = parts(&bedside(&args, b""));
    assert!(code == 0 || code == 1, "analyze failed: {stderr}");
}

fn n_duplicates(mentions_csv: &Path) -> usize {
    let mut reader = csv::Reader::from_path(mentions_csv).unwrap();
    let column = reader.headers().unwrap().iter().position(|h| h == "duplicate_of").unwrap();
    reader.records().filter(|record| !record.as_ref().unwrap()[column].is_empty()).count()
}

#[test]
fn two_shards_merge_into_the_single_run_report() {
    let dir = Dir::new("merge");
    let single = dir.path.join("single");
    analyze(&DEMO_EXPORTS, &single);
    // Brandwatch and X share 30 cross-posted tweets: they land in different shards, so the
    // merge must flag duplicates across shards to match the single run.
    let (shard_1, shard_2) = (dir.path.join("shard-1"), dir.path.join("shard-2"));
    analyze(&DEMO_EXPORTS[..2], &shard_1);
    analyze(&DEMO_EXPORTS[2..], &shard_2);
    let shard_duplicates =
        n_duplicates(&shard_1.join("mentions.csv")) + n_duplicates(&shard_2.join("mentions.csv"));
    let single_duplicates = n_duplicates(&single.join("mentions.csv"));
    assert!(shard_duplicates < single_duplicates, "{shard_duplicates} vs {single_duplicates}");

    let merged = dir.path.join("merged");
    let pattern = format!("{}/shard-*/mentions.parquet", dir.path.display());
    let (code, _, stderr) = parts(&bedside(
        &[
            "report",
            &pattern,
            "--providers",
            "datasets/demo/providers.csv",
            "--out",
            merged.to_str().unwrap(),
        ],
        b"",
    ));
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(stderr.contains("merged 3697 mentions"), "stderr: {stderr}");
    for name in MERGED_OUTPUTS {
        let a = fs::read(single.join(name)).unwrap();
        let b = fs::read(merged.join(name)).unwrap();
        assert!(a == b, "{name} differs between the single run and the merged shards");
    }

    // The shards given one by one, in the same order, merge the same way.
    let again = dir.path.join("again");
    let (code, _, stderr) = parts(&bedside(
        &[
            "report",
            shard_1.join("mentions.parquet").to_str().unwrap(),
            shard_2.join("mentions.parquet").to_str().unwrap(),
            "--providers",
            "datasets/demo/providers.csv",
            "--out",
            again.to_str().unwrap(),
            "--quiet",
        ],
        b"",
    ));
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(stderr.is_empty(), "--quiet printed: {stderr}");
    let a = fs::read(single.join("summary_by_provider_topic.csv")).unwrap();
    assert!(a == fs::read(again.join("summary_by_provider_topic.csv")).unwrap());
}

#[test]
fn report_fails_cleanly_on_a_missing_shard() {
    let dir = Dir::new("merge-missing");
    let out = dir.path.join("out");
    let (code, _, stderr) = parts(&bedside(
        &["report", "no/such/mentions.parquet", "--out", out.to_str().unwrap()],
        b"",
    ));
    assert_eq!(code, 2, "stderr: {stderr}");
    assert!(stderr.contains("no/such/mentions.parquet"), "stderr: {stderr}");
}
