//! Shared helpers: read a fixture, check the counts, build expected values.

use std::path::PathBuf;
use std::sync::Arc;

use bedside_ingest::{Detection, Mention, MentionReaderBuilder, RowError, Stats};
use bedside_types::{CivilDateTime, Origin, Timestamp};

/// The path of a fixture in `datasets/fixtures/ingest/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../datasets/fixtures/ingest").join(name)
}

/// Everything a read produced.
pub struct Read {
    pub detection: Detection,
    pub mentions: Vec<Mention>,
    pub rejected: Vec<RowError>,
    pub stats: Stats,
    pub file: Arc<str>,
}

/// Reads a fixture to the end and checks that every record read was accepted or rejected.
pub fn read_with(name: &str, builder: &MentionReaderBuilder) -> Read {
    let path = fixture(name);
    let mut reader = builder.open(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let detection = reader.detection().clone();
    let (mut mentions, mut rejected) = (Vec::new(), Vec::new());
    for item in &mut reader {
        match item {
            Ok(m) => mentions.push(m),
            Err(e) => rejected.push(e),
        }
    }
    let stats = reader.stats();
    assert_eq!(stats.accepted + stats.rejected, stats.read, "{name}");
    assert_eq!(stats.accepted, mentions.len() as u64, "{name}");
    assert_eq!(stats.rejected, rejected.len() as u64, "{name}");
    Read { detection, mentions, rejected, stats, file: Arc::from(path.display().to_string()) }
}

/// Reads a fixture with the default options.
pub fn read(name: &str) -> Read {
    read_with(name, &MentionReaderBuilder::new())
}

impl Read {
    /// The rejects as `(row, column, reason)`.
    pub fn rejects(&self) -> Vec<(u64, Option<&str>, &str)> {
        self.rejected
            .iter()
            .map(|e| {
                assert_eq!(e.file, self.file);
                (e.row, e.column.as_deref(), e.reason.as_str())
            })
            .collect()
    }

    /// An empty mention with this file's origin at `row`, for building expected values.
    pub fn base(&self, row: u64) -> Mention {
        Mention { origin: Origin { file: Arc::clone(&self.file), row }, ..Mention::default() }
    }

    /// The `(read, accepted, rejected)` counts.
    pub fn counts(&self) -> (u64, u64, u64) {
        (self.stats.read, self.stats.accepted, self.stats.rejected)
    }
}

/// A UTC timestamp.
pub fn at(
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> Option<Timestamp> {
    Timestamp::from_civil(CivilDateTime { year, month, day, hour, minute, second })
}

/// `(name, value)` pairs for `Mention::extra`.
pub fn extra(pairs: &[(&str, &str)]) -> Vec<(Arc<str>, String)> {
    pairs.iter().map(|(k, v)| (Arc::from(*k), v.to_string())).collect()
}

/// `Some(s.to_string())`.
pub fn s(value: &str) -> Option<String> {
    Some(value.to_string())
}
