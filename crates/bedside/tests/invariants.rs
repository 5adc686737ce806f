//! Invariants over generated exports (issue 8), checked with proptest:
//!
//! - every record read is either accepted or rejected, and exactly the planted bad records are
//!   rejected, at their rows;
//! - the mentions come out in input order with their ids, and each analysis belongs to the
//!   mention at the same position;
//! - the analyses and every report file are byte-identical at 1, 2 and 8 threads.

use std::fs;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use bedside::ingest::{MentionReaderBuilder, RowError};
use bedside::report::{ProviderInfo, ReportBuilder, TopicInfo};
use bedside::{Analysis, Executor, Mention, Pipeline};
use proptest::prelude::*;

/// One generated record (or blank line) of an export.
#[derive(Clone, Debug)]
enum Row {
    /// A record that must be accepted.
    Good { text: String, day: Option<u8>, rating: Option<u8> },
    /// Text that is blank once trimmed: rejected ("empty text").
    BlankText,
    /// A date that cannot be parsed: rejected.
    BadDate { text: String },
    /// A rating outside 1..=5: rejected.
    BadRating { text: String, rating: u8 },
    /// CSV: too few fields. JSON Lines: a line that is not JSON. Rejected.
    Broken,
    /// A blank line: not a record at all.
    BlankLine,
}

const WORDS: [&str; 24] = [
    "nurse",
    "doctor",
    "waited",
    "hours",
    "kind",
    "rude",
    "billing",
    "parking",
    "great",
    "awful",
    "St",
    "Mary's",
    "Riverside",
    "clinic",
    "the",
    "was",
    "not",
    "very",
    "thank",
    "you",
    "Dr.",
    "Patel",
    "!",
    "never",
];

/// Text: a few vocabulary words (so it is never blank), with odd characters mixed in.
fn text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        8 => proptest::sample::select(WORDS.to_vec()).prop_map(str::to_string),
        1 => "[\"',;\t\n\r|é😀&<>\\\\]{1,3}",
        1 => "\\PC{1,6}",
    ];
    (proptest::sample::select(WORDS.to_vec()), proptest::collection::vec(word, 0..12))
        .prop_map(|(first, rest)| format!("{first} {}", rest.join(" ")))
}

fn row() -> impl Strategy<Value = Row> {
    prop_oneof![
        10 => (text(), proptest::option::of(1u8..=28), proptest::option::of(1u8..=5))
            .prop_map(|(text, day, rating)| Row::Good { text, day, rating }),
        1 => Just(Row::BlankText),
        1 => text().prop_map(|text| Row::BadDate { text }),
        1 => (text(), 6u8..=9).prop_map(|(text, rating)| Row::BadRating { text, rating }),
        1 => Just(Row::Broken),
        1 => Just(Row::BlankLine),
    ]
}

/// Rows, where some good rows repeat an earlier text (duplicates are flagged, never dropped).
fn rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(row(), 0..40).prop_map(|mut rows| {
        for idx in (7..rows.len()).step_by(7) {
            if let (Row::Good { text, .. }, Row::Good { text: copy, .. }) =
                (rows[idx / 3].clone(), &mut rows[idx])
            {
                *copy = text;
            }
        }
        rows
    })
}

/// An export and what must come out of it: the ids accepted, and the rows rejected.
struct Export {
    name: &'static str,
    bytes: Vec<u8>,
    accepted_ids: Vec<String>,
    rejected_rows: Vec<u64>,
    n_records: u64,
}

fn date(day: Option<u8>) -> String {
    day.map(|d| format!("2026-05-{d:02}")).unwrap_or_default()
}

fn csv_export(rows: &[Row]) -> Export {
    let mut export = Export {
        name: "generated.csv",
        bytes: b"id,date,rating,text\n".to_vec(),
        accepted_ids: Vec::new(),
        rejected_rows: Vec::new(),
        n_records: 0,
    };
    let mut line = 2u64;
    for (idx, row) in rows.iter().enumerate() {
        let id = format!("r{idx}");
        let fields: Vec<String> = match row {
            Row::Good { text, day, rating } => {
                vec![
                    id.clone(),
                    date(*day),
                    rating.map(|r| r.to_string()).unwrap_or_default(),
                    text.clone(),
                ]
            }
            Row::BlankText => vec![id.clone(), String::new(), String::new(), " \t ".to_string()],
            Row::BadDate { text } => {
                vec![id.clone(), "31/31/2026".to_string(), String::new(), text.clone()]
            }
            Row::BadRating { text, rating } => {
                vec![id.clone(), String::new(), rating.to_string(), text.clone()]
            }
            Row::Broken => vec![id.clone(), "2026-05-01".to_string()],
            Row::BlankLine => {
                export.bytes.push(b'\n');
                line += 1;
                continue;
            }
        };
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        writer.write_record(&fields).unwrap();
        let record = writer.into_inner().unwrap();
        export.n_records += 1;
        match row {
            Row::Good { .. } => export.accepted_ids.push(id),
            _ => export.rejected_rows.push(line),
        }
        line += record.iter().filter(|&&b| b == b'\n').count() as u64;
        export.bytes.extend_from_slice(&record);
    }
    export
}

fn jsonl_export(rows: &[Row]) -> Export {
    let mut export = Export {
        name: "generated.jsonl",
        bytes: Vec::new(),
        accepted_ids: Vec::new(),
        rejected_rows: Vec::new(),
        n_records: 0,
    };
    for (idx, row) in rows.iter().enumerate() {
        let line = idx as u64 + 1;
        let id = format!("r{idx}");
        let value = match row {
            Row::Good { text, day, rating } => {
                let mut v = serde_json::json!({"id": id, "text": text});
                if let Some(day) = day {
                    v["date"] = date(Some(*day)).into();
                }
                if let Some(rating) = rating {
                    v["rating"] = (*rating).into();
                }
                Some(v)
            }
            Row::BlankText => Some(serde_json::json!({"id": id, "text": "  "})),
            Row::BadDate { text } => {
                Some(serde_json::json!({"id": id, "text": text, "date": "31/31/2026"}))
            }
            Row::BadRating { text, rating } => {
                Some(serde_json::json!({"id": id, "text": text, "rating": rating}))
            }
            Row::Broken => None,
            Row::BlankLine => {
                export.bytes.push(b'\n');
                continue;
            }
        };
        match value {
            Some(v) => export.bytes.extend_from_slice(v.to_string().as_bytes()),
            None => {
                export.bytes.extend_from_slice(format!("{{\"id\": \"{id}\", \"text\":").as_bytes())
            }
        }
        export.bytes.push(b'\n');
        export.n_records += 1;
        match row {
            Row::Good { .. } => export.accepted_ids.push(id),
            _ => export.rejected_rows.push(line),
        }
    }
    export
}

fn read(export: &Export) -> (Vec<Mention>, Vec<RowError>) {
    let reader =
        MentionReaderBuilder::new().from_reader(export.name, Cursor::new(export.bytes.clone()));
    let mut reader = match reader {
        Ok(reader) => reader,
        // Only an export without a single record may fail to open ("file is empty").
        Err(e) => {
            assert_eq!(export.n_records, 0, "{e}");
            return (Vec::new(), Vec::new());
        }
    };
    let (mut mentions, mut rejected) = (Vec::new(), Vec::new());
    for item in reader.by_ref() {
        match item {
            Ok(m) => mentions.push(m),
            Err(e) => rejected.push(e),
        }
    }
    let stats = reader.stats();
    assert_eq!(stats.read, export.n_records);
    assert_eq!(stats.accepted + stats.rejected, stats.read);
    assert_eq!((stats.accepted, stats.rejected), (mentions.len() as u64, rejected.len() as u64));
    (mentions, rejected)
}

/// The report files written from `analyses`, as bytes, in name order.
fn report_bytes(
    pipeline: &Pipeline,
    mentions: &[Mention],
    analyses: &[Analysis],
) -> Vec<(String, Vec<u8>)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "bedside-invariants-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let topics: Vec<TopicInfo> = pipeline
        .taxonomy()
        .topics()
        .iter()
        .map(|t| TopicInfo::new(t.id.as_str(), &t.label))
        .collect();
    let providers = [ProviderInfo::new("st_marys", "St Mary's Hospital", "hospital")];
    let report =
        ReportBuilder::new().min_volume(2).build(mentions, analyses, &providers, &topics).unwrap();
    report.write_dir(&dir).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    fs::remove_dir_all(&dir).unwrap();
    files
}

fn check(export: &Export, pipeline: &Pipeline, executors: &[Executor]) {
    let (mentions, rejected) = read(export);
    let ids: Vec<&str> = mentions.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, export.accepted_ids, "accepted ids, in input order");
    let rows: Vec<u64> = rejected.iter().map(|e| e.row).collect();
    assert_eq!(rows, export.rejected_rows, "rejected rows");
    let mention_rows: Vec<u64> = mentions.iter().map(|m| m.origin.row).collect();
    assert!(mention_rows.windows(2).all(|w| w[0] < w[1]), "rows in input order: {mention_rows:?}");

    let reference = pipeline.analyze_batch(&mentions, &Executor::SingleThread);
    let analysis_ids: Vec<&str> = reference.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(analysis_ids, ids, "analyses in mention order");
    let reference_files = report_bytes(pipeline, &mentions, &reference);
    for executor in executors {
        let analyses = pipeline.analyze_batch(&mentions, executor);
        assert_eq!(analyses, reference, "{} threads", executor.n_threads());
        let files = report_bytes(pipeline, &mentions, &analyses);
        assert_eq!(files.len(), reference_files.len());
        for ((name, bytes), (_, expected)) in files.iter().zip(&reference_files) {
            assert!(bytes == expected, "{name} differs at {} threads", executor.n_threads());
        }
    }
}

/// The default pipeline and the 2- and 8-thread executors, built once for all cases.
fn setup() -> &'static (Pipeline, Vec<Executor>) {
    static SETUP: OnceLock<(Pipeline, Vec<Executor>)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let executors = [2, 8].map(|n| Executor::with_threads(n).unwrap()).to_vec();
        (Pipeline::new().unwrap(), executors)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn csv_exports_lose_nothing_and_do_not_depend_on_threads(rows in rows()) {
        let (pipeline, executors) = setup();
        check(&csv_export(&rows), pipeline, executors);
    }

    #[test]
    fn jsonl_exports_lose_nothing_and_do_not_depend_on_threads(rows in rows()) {
        let (pipeline, executors) = setup();
        check(&jsonl_export(&rows), pipeline, executors);
    }
}
