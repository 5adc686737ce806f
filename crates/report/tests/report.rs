//! End-to-end tests of bedside-report on the hand-built fixture in `fixture/mod.rs`.

mod fixture;

use std::fs;
use std::path::{Path, PathBuf};

use bedside_report::{
    Error, MENTION_COLUMNS, PeerVerdict, Polarity, RedactMode, Report, ReportBuilder,
    SHARD_COLUMNS, SentimentStats, Table, read_shards, read_shards_chunked,
};
use bedside_types::{HipaaRisk, HipaaRiskKind, PhiHit, PhiKind, ProviderId};
use polars::prelude::{ParquetReader, SerReader};

fn build(builder: &ReportBuilder) -> Report {
    let (mentions, analyses) = fixture::data();
    builder.build(&mentions, &analyses, &fixture::providers(), &fixture::topics()).unwrap()
}

fn default_report() -> Report {
    build(&ReportBuilder::new())
}

/// A fresh, empty directory for one test's outputs.
fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bedside-report").join(name);
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// Asserts counts exactly and the derived shares, net sentiment and mean to 1e-12.
#[track_caller]
fn check_stats(stats: &SentimentStats, counts: [u64; 4], mean_score: f64, enough_data: bool) {
    let [n, positive, neutral, negative] = counts;
    assert_eq!(
        (stats.n_mentions, stats.n_positive, stats.n_neutral, stats.n_negative),
        (n, positive, neutral, negative)
    );
    let close = |got: f64, want: f64| assert!((got - want).abs() < 1e-12, "{got} != {want}");
    let n = n as f64;
    close(stats.share_positive, positive as f64 / n);
    close(stats.share_neutral, neutral as f64 / n);
    close(stats.share_negative, negative as f64 / n);
    close(stats.net_sentiment, (positive as f64 - negative as f64) / n);
    close(stats.mean_score, mean_score);
    assert_eq!(stats.enough_data, enough_data);
}

#[test]
fn aggregates_per_provider_exclude_duplicates() {
    let report = default_report();
    let ids: Vec<&str> = report.by_provider.iter().map(|p| p.provider_id.as_str()).collect();
    // Sorted by id; dr_lee has no mentions and no row.
    assert_eq!(ids, ["oak_clinic", "st_marys", "tiny_clinic", "unknown"]);
    let names: Vec<&str> = report.by_provider.iter().map(|p| p.provider_name.as_str()).collect();
    assert_eq!(names, ["Oak Clinic", "St Mary's Hospital", "Tiny Clinic", "Unknown provider"]);
    let kinds: Vec<&str> = report.by_provider.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(kinds, ["clinic", "hospital", "clinic", ""]);

    // Oak: -0.8 -0.6 -0.8 -0.4 -0.6 +0.6 0.0 -0.4 = -3.0 over 8.
    check_stats(&report.by_provider[0].stats, [8, 1, 1, 6], -3.0 / 8.0, true);
    // St Mary's without the duplicate s13: negatives -2.8, positives +3.6, one neutral.
    check_stats(&report.by_provider[1].stats, [12, 6, 1, 5], 0.8 / 12.0, true);
    // Tiny: +0.8 and -0.4, below the minimum volume of 5.
    check_stats(&report.by_provider[2].stats, [2, 1, 0, 1], 0.2, false);
    // Unknown: -0.6 +0.4 -0.4 0.0 +0.6 -0.8 = -0.8 over 6.
    check_stats(&report.by_provider[3].stats, [6, 2, 1, 3], -0.8 / 6.0, true);
}

#[test]
fn aggregates_per_topic_use_topic_sentiment() {
    let report = default_report();
    let topics: Vec<(&str, &str)> =
        report.by_topic.iter().map(|t| (t.topic.as_str(), t.topic_label.as_str())).collect();
    assert_eq!(
        topics,
        [
            ("billing_cost", "Billing and costs"),
            ("staff_attitude", "Staff attitude"),
            ("wait_times", "Wait times")
        ]
    );
    // Billing: St Mary's -0.6 -0.4, Oak -0.8 -0.6 -0.8 -0.4 0.0, unknown -0.4 -0.8.
    check_stats(&report.by_topic[0].stats, [9, 0, 1, 8], -4.8 / 9.0, true);
    // Staff: St Mary's six positives (3.8), Oak -0.4 +0.6 -0.4, Tiny +0.8, unknown +0.6.
    check_stats(&report.by_topic[1].stats, [11, 9, 0, 2], 5.0 / 11.0, true);
    // Wait: St Mary's -2.0 over 6 (s03 counts as negative here although it praises staff),
    // Oak -0.6, Tiny -0.4, unknown -1.4.
    check_stats(&report.by_topic[2].stats, [10, 1, 1, 8], -4.4 / 10.0, true);
}

#[test]
fn aggregates_per_provider_and_topic() {
    let report = default_report();
    let cells: Vec<(&str, &str, u64, bool)> = report
        .by_provider_topic
        .iter()
        .map(|c| {
            (c.provider_id.as_str(), c.topic.as_str(), c.stats.n_mentions, c.stats.enough_data)
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("oak_clinic", "billing_cost", 5, true),
            ("oak_clinic", "staff_attitude", 3, false),
            ("oak_clinic", "wait_times", 1, false),
            ("st_marys", "billing_cost", 2, false),
            ("st_marys", "staff_attitude", 6, true),
            ("st_marys", "wait_times", 6, true),
            ("tiny_clinic", "staff_attitude", 1, false),
            ("tiny_clinic", "wait_times", 1, false),
            ("unknown", "billing_cost", 2, false),
            ("unknown", "staff_attitude", 1, false),
            ("unknown", "wait_times", 2, false),
        ]
    );
    check_stats(&report.by_provider_topic[0].stats, [5, 0, 1, 4], -2.6 / 5.0, true);
    check_stats(&report.by_provider_topic[4].stats, [6, 6, 0, 0], 3.8 / 6.0, true);
    check_stats(&report.by_provider_topic[5].stats, [6, 1, 1, 4], -2.0 / 6.0, true);
    assert_eq!(report.by_provider_topic[0].provider_name, "Oak Clinic");
    assert_eq!(report.by_provider_topic[0].topic_label, "Billing and costs");
}

#[test]
fn overview_counts_the_input() {
    let overview = default_report().overview;
    assert_eq!((overview.n_mentions, overview.n_duplicates, overview.n_analyzed), (29, 1, 28));
    let sources: Vec<(&str, u64)> =
        overview.sources.iter().map(|s| (s.source.as_str(), s.n_mentions)).collect();
    assert_eq!(sources, [("twitter", 13), ("google", 9), ("survey", 4), ("yelp", 2)]);
    assert_eq!(overview.first_posted.unwrap().to_string(), "2026-03-01T09:30:00Z");
    assert_eq!(overview.last_posted.unwrap().to_string(), "2026-03-29T09:30:00Z");
    assert_eq!(overview.n_undated, 1);
    assert_eq!((overview.n_providers_mentioned, overview.n_providers_listed), (3, 4));
    assert_eq!(overview.n_unknown_provider, 6);
    assert_eq!(overview.min_volume, 5);
    assert!(overview.quotes_redacted);
}

#[test]
fn ranks_only_known_providers_with_enough_data() {
    let report = default_report();
    let loved: Vec<&str> = report.most_loved.iter().map(|f| f.provider_id.as_str()).collect();
    let criticized: Vec<&str> =
        report.most_criticized.iter().map(|f| f.provider_id.as_str()).collect();
    // Unknown (net -1/6) and Tiny (too few mentions) are never ranked.
    assert_eq!(loved, ["st_marys"]);
    assert_eq!(criticized, ["oak_clinic"]);

    let quote_ids = |quotes: &[bedside_report::Quote]| -> Vec<String> {
        quotes.iter().map(|q| q.mention_id.clone()).collect()
    };
    // Most positive first, ties (0.8, 0.8) broken by id.
    assert_eq!(quote_ids(&report.most_loved[0].quotes), ["s06", "s09", "s07"]);
    // Most negative first; o02 and o05 tie at -0.6 and o02 wins by id.
    assert_eq!(quote_ids(&report.most_criticized[0].quotes), ["o01", "o03", "o02"]);

    let details: Vec<&str> =
        report.provider_findings.iter().map(|p| p.summary.provider_name.as_str()).collect();
    assert_eq!(details, ["Oak Clinic", "St Mary's Hospital"]);
    let oak = &report.provider_findings[0];
    let topics = |findings: &[bedside_report::Finding]| -> Vec<String> {
        findings.iter().map(|f| f.topic.as_ref().unwrap().to_string()).collect()
    };
    assert_eq!(topics(&oak.complaints), ["billing_cost"]);
    assert!(oak.praise.is_empty());
    let st_marys = &report.provider_findings[1];
    // Wait times is mostly negative, so it is a complaint and not praise despite s10.
    assert_eq!(topics(&st_marys.complaints), ["wait_times"]);
    assert_eq!(topics(&st_marys.praise), ["staff_attitude"]);
    assert_eq!(st_marys.complaints[0].polarity, Polarity::Complaint);
    // The duplicate s13 of s01 is never quoted.
    assert_eq!(quote_ids(&st_marys.complaints[0].quotes), ["s01", "s02", "s05"]);
    assert_eq!(st_marys.complaints[0].quotes[0].score, -0.8);
    assert_eq!(
        st_marys.complaints[0].quotes[0].url.as_deref(),
        Some("https://twitter.example/status/s01")
    );
}

#[test]
fn settings_change_the_ranking_and_quotes() {
    let mut builder = ReportBuilder::new();
    builder.min_volume(13).quotes_per_finding(1);
    let report = build(&builder);
    assert!(report.by_provider.iter().all(|p| !p.stats.enough_data));
    assert!(report.most_loved.is_empty() && report.most_criticized.is_empty());
    assert!(report.provider_findings.is_empty());
    assert!(report.to_markdown().contains("No provider with enough data has a positive"));

    let mut builder = ReportBuilder::new();
    builder.quotes_per_finding(1).top_topics(0);
    let report = build(&builder);
    assert_eq!(report.most_loved[0].quotes.len(), 1);
    assert!(report.provider_findings.iter().all(|p| p.complaints.is_empty()));
}

#[test]
fn quotes_in_report_md_are_redacted() {
    let report = default_report();
    let quote = &report.provider_findings[1].complaints[0].quotes[0];
    assert_eq!(
        quote.text,
        "Waited 3 hours in A&E and nobody told us anything. Call me on [PHONE] or write to \
         [EMAIL] if you care."
    );
    let markdown = report.to_markdown();
    for section in [
        "# Patient feedback report",
        "## Data overview",
        "## Most-loved providers",
        "## Most-criticized providers",
        "## Providers in detail",
        "#### Top complaints",
        "#### What patients love",
        "## Not enough data",
        "## Topics across all providers",
        "#### Most praised staff",
        "#### Most criticized staff",
        "## Wait times",
        "## About this report",
    ] {
        assert!(markdown.contains(section), "missing {section:?}");
    }
    assert!(markdown.contains("Call me on [PHONE] or write to [EMAIL]"));
    assert!(!markdown.contains("555-0134"));
    assert!(!markdown.contains("jo.bloggs"));
    // The provider's own handle stays; the nurse's does not.
    assert!(markdown.contains("Thank you @StMarysHosp and [HANDLE] for the wonderful care!"));
    assert!(markdown.contains("Quotes and excerpts are redacted"));
    assert!(markdown.contains("- **Mentions:** 29 read, 1 duplicate excluded from all figures"));
    assert!(markdown.contains("- Tiny Clinic (`tiny_clinic`): 2 mentions"));
    assert!(markdown.contains("[twitter, 2026-03-01](https://twitter.example/status/s01)"));

    let mut builder = ReportBuilder::new();
    builder.redact_quotes(false);
    let markdown = build(&builder).to_markdown();
    assert!(markdown.contains("555-0134"));
    assert!(markdown.contains("Quotes and excerpts are NOT redacted"));
}

#[test]
fn outputs_are_byte_identical_across_runs() {
    let first = default_report().write_dir(&out_dir("run_a")).unwrap();
    let second = default_report().write_dir(&out_dir("run_b")).unwrap();
    for (a, b) in first.paths().into_iter().zip(second.paths()) {
        assert_eq!(a.file_name(), b.file_name());
        let (bytes_a, bytes_b) = (fs::read(a).unwrap(), fs::read(b).unwrap());
        assert!(!bytes_a.is_empty());
        assert!(bytes_a == bytes_b, "{} differs between runs", a.display());
    }
}

/// Compares an output with its golden file; `BEDSIDE_BLESS=1` rewrites the golden file.
fn check_golden(got: &Path, name: &str) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    let got = fs::read_to_string(got).unwrap();
    if std::env::var_os("BEDSIDE_BLESS").is_some() {
        fs::write(&golden, &got).unwrap();
    }
    let want = fs::read_to_string(&golden).unwrap();
    assert!(got == want, "{name} differs from its golden file:\n{got}");
}

#[test]
fn summaries_match_golden_files() {
    let files = default_report().write_dir(&out_dir("golden")).unwrap();
    check_golden(&files.summary_by_provider, "summary_by_provider.csv");
    check_golden(&files.summary_by_topic, "summary_by_topic.csv");
    check_golden(&files.summary_by_provider_topic, "summary_by_provider_topic.csv");
    check_golden(&files.summary_by_target, "summary_by_target.csv");
    check_golden(&files.staff, "staff.csv");
    check_golden(&files.waits_by_provider, "waits_by_provider.csv");
    check_golden(&files.report_md, "report.md");
}

#[test]
fn mentions_csv_keeps_every_row_and_the_text() {
    let files = default_report().write_dir(&out_dir("mentions_csv")).unwrap();
    let mut reader = csv::Reader::from_path(&files.mentions_csv).unwrap();
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), MENTION_COLUMNS);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 29);
    let s05 = &records[4];
    let field = |record: &csv::StringRecord, name: &str| {
        let idx = MENTION_COLUMNS.iter().position(|c| *c == name).unwrap();
        record[idx].to_string()
    };
    assert_eq!(field(s05, "posted_at"), "2026-03-05T09:30:00Z");
    assert_eq!(field(s05, "date"), "2026-03-05");
    assert_eq!(field(s05, "week"), "2026-W10");
    assert_eq!(field(s05, "month"), "2026-03");
    assert_eq!(field(s05, "provider_name"), "St Mary's Hospital");
    assert_eq!(field(s05, "provider_match"), "handle");
    assert_eq!(field(s05, "label"), "negative");
    assert_eq!(field(s05, "score"), "-0.6000");
    assert_eq!(field(s05, "negative"), "0.6000");
    assert_eq!(field(s05, "topics"), "wait_times;billing_cost");
    assert_eq!(field(s05, "topic_scores"), "wait_times=-0.6000;billing_cost=-0.6000");
    assert_eq!(field(s05, "text"), "Slow triage and a surprise bill of $250.");
    assert_eq!(field(&records[12], "duplicate_of"), "s01");
    assert_eq!(field(&records[12], "text"), fixture::S01_TEXT);
    assert_eq!(field(&records[fixture::UNDATED], "posted_at"), "");
    assert_eq!(field(&records[7], "rating"), "4.5000");
    assert_eq!(field(&records[17], "question"), "What could we do better?");
}

#[test]
fn mentions_parquet_round_trips() {
    let files = default_report().write_dir(&out_dir("parquet")).unwrap();
    let frame =
        ParquetReader::new(fs::File::open(&files.mentions_parquet).unwrap()).finish().unwrap();
    assert_eq!(frame.height(), 29);
    let names: Vec<&str> = frame.get_column_names().into_iter().map(|n| n.as_str()).collect();
    let want: Vec<&str> = MENTION_COLUMNS.iter().chain(&SHARD_COLUMNS).copied().collect();
    assert_eq!(names, want);
    let ids: Vec<&str> = frame.column("id").unwrap().str().unwrap().iter().flatten().collect();
    let (mentions, _) = fixture::data();
    let want: Vec<&str> = mentions.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, want);
    let scores = frame.column("score").unwrap().f64().unwrap();
    assert_eq!(scores.get(0), Some(-0.8));
    let posted = frame.column("posted_at").unwrap().str().unwrap();
    assert_eq!(posted.get(fixture::UNDATED), None);
    assert_eq!(frame.column("row").unwrap().u64().unwrap().get(0), Some(2));
    // The same table is available in memory (without the shard columns).
    let in_memory = default_report().to_dataframe(Table::Mentions).unwrap();
    assert!(in_memory.equals_missing(&frame.select(MENTION_COLUMNS).unwrap()));
}

#[test]
fn shards_read_back_into_the_same_report() {
    let files = default_report().write_dir(&out_dir("shard")).unwrap();
    let path = files.mentions_parquet.to_str().unwrap().to_string();
    let (mentions, analyses) = read_shards(std::slice::from_ref(&path)).unwrap();
    let (want_mentions, want_analyses) = fixture::data();
    assert_eq!(analyses, want_analyses);
    for (got, want) in mentions.iter().zip(&want_mentions) {
        assert_eq!(
            (&got.id, &got.text, got.posted_at, &got.author, &got.source, &got.url),
            (&want.id, &want.text, want.posted_at, &want.author, &want.source, &want.url)
        );
        assert_eq!(
            (got.rating, &got.question, &got.origin),
            (want.rating, &want.question, &want.origin)
        );
    }
    let rebuilt = ReportBuilder::new()
        .build(&mentions, &analyses, &fixture::providers(), &fixture::topics())
        .unwrap();
    assert_eq!(rebuilt, default_report());
    // The same file twice is twice the mentions, in order.
    let (twice, twice_analyses) = read_shards(&[path.clone(), path.clone()]).unwrap();
    assert_eq!(twice.len(), 2 * want_mentions.len());
    assert_eq!(twice[want_mentions.len()].id, want_mentions[0].id);
    // Read in chunks of 7 rows (across the file boundary too): the same rows, in order.
    let (mut chunked, mut chunked_analyses, mut sizes) = (Vec::new(), Vec::new(), Vec::new());
    let n_read = read_shards_chunked(&[path.clone(), path], 7, &mut |mentions, analyses| {
        sizes.push(mentions.len());
        chunked.extend(mentions);
        chunked_analyses.extend(analyses);
        Ok(())
    })
    .unwrap();
    assert_eq!(n_read, twice.len() as u64);
    assert!(sizes.iter().all(|&n| n <= 7) && sizes.len() == twice.len().div_ceil(7));
    assert_eq!(chunked_analyses, twice_analyses);
    assert!(chunked.iter().zip(&twice).all(|(a, b)| a.id == b.id && a.text == b.text));
    let err = read_shards(&["no/such/dir/mentions.parquet".to_string()]).unwrap_err();
    assert!(err.to_string().contains("no/such/dir/mentions.parquet"), "{err}");
}

#[test]
fn peers_are_ranked_within_their_kind() {
    let report = default_report();
    // Providers with enough data and a kind: oak_clinic (clinic) and st_marys (hospital);
    // tiny_clinic is below the minimum volume and unknown has no kind.
    let peers: Vec<(&str, &str, u64, PeerVerdict)> = report
        .peers
        .iter()
        .map(|p| (p.kind.as_str(), p.provider.provider_id.as_str(), p.rank, p.verdict))
        .collect();
    assert_eq!(
        peers,
        [
            ("clinic", "oak_clinic", 1, PeerVerdict::NoPeers),
            ("hospital", "st_marys", 1, PeerVerdict::NoPeers)
        ]
    );
}

#[test]
fn summary_dataframes_have_the_csv_columns() {
    let report = default_report();
    let frame = report.to_dataframe(Table::ByProviderTopic).unwrap();
    assert_eq!(frame.height(), 11);
    assert_eq!(frame.width(), 4 + bedside_report::STATS_COLUMNS.len());
    let frame = report.to_dataframe(Table::ByProvider).unwrap();
    let enough: Vec<bool> =
        frame.column("enough_data").unwrap().bool().unwrap().iter().flatten().collect();
    assert_eq!(enough, [true, true, false, true]);
    assert_eq!(report.to_dataframe(Table::ByTopic).unwrap().height(), 3);
}

#[test]
fn empty_input_gives_empty_tables() {
    let report = ReportBuilder::new().build(&[], &[], &[], &[]).unwrap();
    assert!(report.by_provider.is_empty() && report.by_topic.is_empty());
    assert_eq!(report.overview.first_posted, None);
    let files = report.write_dir(&out_dir("empty")).unwrap();
    let csv = fs::read_to_string(&files.summary_by_provider).unwrap();
    assert_eq!(csv.lines().count(), 1);
    assert!(fs::read_to_string(&files.report_md).unwrap().contains("No provider has enough data"));
}

#[test]
fn rejects_inconsistent_input_without_quoting_text() {
    let (mentions, mut analyses) = fixture::data();
    let (providers, topics) = (fixture::providers(), fixture::topics());
    let builder = ReportBuilder::new();

    let err = builder.build(&mentions, &analyses[1..], &providers, &topics).unwrap_err();
    assert!(matches!(err, Error::LengthMismatch { n_mentions: 29, n_analyses: 28 }), "{err}");

    analyses.swap(0, 1);
    let err = builder.build(&mentions, &analyses, &providers, &topics).unwrap_err();
    assert!(matches!(err, Error::IdMismatch { index: 0, .. }), "{err}");
    assert_eq!(err.to_string(), r#"analysis 0 has id "s02" but mention 0 has id "s01""#);
    assert!(!err.to_string().contains("Waited"));
    analyses.swap(0, 1);

    let mut twice = providers.clone();
    twice.push(providers[0].clone());
    let err = builder.build(&mentions, &analyses, &twice, &topics).unwrap_err();
    assert!(matches!(&err, Error::DuplicateProvider { id } if id == "st_marys"), "{err}");

    let mut twice = topics.clone();
    twice.push(topics[0].clone());
    let err = builder.build(&mentions, &analyses, &providers, &twice).unwrap_err();
    assert!(matches!(&err, Error::DuplicateTopic { id } if id == "wait_times"), "{err}");
}

#[test]
fn providers_missing_from_the_directory_are_shown_by_id() {
    let (mentions, analyses) = fixture::data();
    let report = ReportBuilder::new().build(&mentions, &analyses, &[], &[]).unwrap();
    let oak = &report.by_provider[0];
    assert_eq!(oak.provider_id, ProviderId::new("oak_clinic"));
    assert_eq!((oak.provider_name.as_str(), oak.kind.as_str()), ("oak_clinic", ""));
    assert_eq!(report.by_provider[3].provider_name, "Unknown provider");
    assert_eq!(report.by_topic[0].topic_label, "billing_cost");
    // Without the directory, @StMarysHosp is not an allowed handle any more.
    assert!(report.to_markdown().contains("Thank you [HANDLE] and [HANDLE]"));
}

#[test]
fn debug_output_leaves_out_mention_text() {
    let report = default_report();
    let debug = format!("{:?}", report.mentions[0]);
    let n_chars = fixture::S01_TEXT.chars().count();
    assert!(debug.contains("\"s01\"") && debug.contains(&format!("<{n_chars} chars>")));
    assert!(!debug.contains("Waited") && !debug.contains("555-0134"));
}

/// PHI hits from the scoring core are redacted in quotes and excerpts, HIPAA risks are listed
/// first, and `RedactMode::All` redacts the mentions table too.
#[test]
fn phi_hits_and_hipaa_risks() {
    let (mentions, mut analyses) = fixture::data();
    let (providers, topics) = (fixture::providers(), fixture::topics());
    let at = mentions.iter().position(|m| m.text.contains("Waited 3 hours in A&E")).unwrap();
    let text = &mentions[at].text;
    let start = text.find("A&E").unwrap();
    analyses[at].phi =
        vec![PhiHit { kind: PhiKind::Date, span: start..start + 3, confidence: 0.9 }];
    analyses[at].hipaa_risk = Some(HipaaRisk {
        kind: HipaaRiskKind::ThirdPartyDisclosure,
        reason: "a reason".to_string(),
    });
    let report = ReportBuilder::new().build(&mentions, &analyses, &providers, &topics).unwrap();
    let markdown = report.to_markdown();
    assert!(markdown.contains("Waited 3 hours in [DATE] and nobody"), "quotes use the PHI hits");
    assert_eq!(report.hipaa_risks.len(), 1);
    assert!(report.hipaa_risks[0].excerpt.contains("[DATE]"));
    let risks_at = markdown.find("third_party_disclosure").unwrap();
    assert!(risks_at < markdown.find("## Data overview").unwrap());
    // The table keeps the text by default; `All` redacts it.
    assert!(report.mentions[at].text.contains("A&E"));
    let mut builder = ReportBuilder::new();
    builder.redact(RedactMode::All);
    let report = builder.build(&mentions, &analyses, &providers, &topics).unwrap();
    assert!(
        report.mentions[at].text.contains("[DATE]")
            && !report.mentions[at].text.contains("555-0134")
    );
    assert!(report.mentions.iter().all(|m| m.url.as_deref().is_none_or(|u| u == "[URL]")));
    let mut builder = ReportBuilder::new();
    builder.redact(RedactMode::None);
    let report = builder.build(&mentions, &analyses, &providers, &topics).unwrap();
    assert!(report.hipaa_risks[0].excerpt.contains("A&E"));
}

/// The stream `analyze` uses gives the report `build` gives, pushed one mention at a time or a
/// chunk at a time, and the same files.
#[test]
fn a_stream_gives_the_report_and_files_of_build() {
    let (mentions, analyses) = fixture::data();
    let (providers, topics) = (fixture::providers(), fixture::topics());
    for mode in [RedactMode::Excerpts, RedactMode::All, RedactMode::None] {
        let mut builder = ReportBuilder::new();
        builder.redact(mode).quotes_per_finding(2);
        let mut want = builder.build(&mentions, &analyses, &providers, &topics).unwrap();
        assert_eq!(want.mentions.len(), mentions.len());

        let mut one_by_one = builder.stream(&providers, &topics).unwrap();
        for (mention, analysis) in mentions.iter().zip(&analyses) {
            one_by_one.push(mention, analysis).unwrap();
        }
        assert_eq!(one_by_one.n_mentions(), mentions.len() as u64);
        let got = one_by_one.finish().unwrap();
        assert!(got.mentions.is_empty());

        let dir = out_dir(&format!("stream_{}", mode.as_str()));
        let mut chunked = builder.stream_to_dir(&dir, &providers, &topics).unwrap();
        for (m, a) in mentions.chunks(4).zip(analyses.chunks(4)) {
            chunked.push_batch(m, a).unwrap();
        }
        let streamed = chunked.finish().unwrap();
        let files = streamed.write_summaries(&dir).unwrap();

        let batch_dir = out_dir(&format!("batch_{}", mode.as_str()));
        let batch_files = want.write_dir(&batch_dir).unwrap();
        for (a, b) in files.paths().into_iter().zip(batch_files.paths()) {
            assert!(fs::read(a).unwrap() == fs::read(b).unwrap(), "{} differs", a.display());
        }
        want.mentions.clear();
        assert_eq!(got, want, "{mode:?}");
        assert_eq!(streamed, want, "{mode:?}");
    }
}

/// More mentions than one Parquet row group: every row is written once, in order, and reads
/// back.
#[test]
fn mentions_parquet_of_many_row_groups_reads_back_in_order() {
    let (mentions, analyses) = fixture::data();
    let n_copies = 20_000 / mentions.len() + 1;
    let dir = out_dir("row_groups");
    let mut stream = ReportBuilder::new()
        .stream_to_dir(&dir, &fixture::providers(), &fixture::topics())
        .unwrap();
    for copy in 0..n_copies {
        let renamed = |id: &str| format!("{id}-{copy}");
        let mentions: Vec<_> = mentions
            .iter()
            .map(|m| bedside_types::Mention { id: renamed(&m.id), ..m.clone() })
            .collect();
        let analyses: Vec<_> = analyses
            .iter()
            .map(|a| bedside_types::Analysis {
                id: renamed(&a.id),
                duplicate_of: a.duplicate_of.as_deref().map(renamed),
                ..a.clone()
            })
            .collect();
        stream.push_batch(&mentions, &analyses).unwrap();
    }
    let report = stream.finish().unwrap();
    let n_rows = n_copies * mentions.len();
    assert_eq!(report.overview.n_mentions, n_rows as u64);
    let path = dir.join("mentions.parquet").to_str().unwrap().to_string();
    let (read, _) = read_shards(&[path]).unwrap();
    assert_eq!(read.len(), n_rows);
    assert_eq!(
        read[n_rows - 1].id,
        format!("{}-{}", mentions[mentions.len() - 1].id, n_copies - 1)
    );
    assert!(
        read.iter()
            .skip(mentions.len())
            .step_by(mentions.len())
            .enumerate()
            .all(|(copy, m)| { m.id == format!("{}-{}", mentions[0].id, copy + 1) })
    );
    let csv_rows = csv::Reader::from_path(dir.join("mentions.csv")).unwrap().records().count();
    assert_eq!(csv_rows, n_rows);
}
