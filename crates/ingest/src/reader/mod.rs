//! The public reader: the iterator of mentions and its counts.
//!
//! Opening a file (options, decoding, choosing the container's record source) is in `builder`;
//! working out what the file holds (binary refusal, container sniffing, the columns and their
//! checks, and the resulting [`Detection`]) is in `detect`.

use std::collections::VecDeque;
use std::fmt;
use std::ops::AddAssign;
use std::path::Path;

use bedside_types::Mention;

use crate::RowError;
use crate::mapping::Mapper;
use crate::preset::Preset;
use crate::source::{RawRecord, RawSource};

mod builder;
mod detect;

pub use builder::{
    DEFAULT_MAX_DEPTH, DEFAULT_MAX_FIELD_BYTES, MAX_SUPPORTED_DEPTH, MentionReaderBuilder,
};
pub use detect::{Container, Detection};

/// Reads every record of a file: the mentions, and the records that were rejected.
///
/// ```no_run
/// use std::path::Path;
/// use bedside_ingest::{MentionReaderBuilder, read_all};
///
/// let (mentions, rejected) = read_all(Path::new("export.csv"), &MentionReaderBuilder::new())?;
/// for e in &rejected {
///     eprintln!("skipped {e}");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_all(
    path: &Path,
    builder: &MentionReaderBuilder,
) -> crate::Result<(Vec<Mention>, Vec<RowError>)> {
    let mut mentions = Vec::new();
    let mut rejected = Vec::new();
    for item in builder.open(path)? {
        match item {
            Ok(m) => mentions.push(m),
            Err(e) => rejected.push(e),
        }
    }
    Ok((mentions, rejected))
}

/// A stream of mentions read from one file.
///
/// Yields `Ok(Mention)` for each good record and `Err(RowError)` for each record that could not
/// be read or mapped, in file order; nothing is skipped silently except blank lines (and CSV
/// rows whose fields are all empty). Memory does not grow with the file: one record is held at a
/// time (a few more while detecting a JSON file's format).
pub struct MentionReader {
    detection: Detection,
    source: Box<dyn RawSource>,
    pending: VecDeque<Result<RawRecord, RowError>>,
    mapper: Mapper,
    stats: Stats,
    includes_seen: bool,
}

impl MentionReader {
    /// What was detected about the file.
    pub fn detection(&self) -> &Detection {
        &self.detection
    }

    /// Counts so far (final once the iterator returned `None`).
    pub fn stats(&self) -> Stats {
        self.stats
    }

    fn wants_includes_scan(&self) -> bool {
        self.detection.preset == Preset::XApiV2
            && self.detection.container == Container::Json
            && !self.includes_seen
    }
}

impl fmt::Debug for MentionReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MentionReader")
            .field("detection", &self.detection)
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl Iterator for MentionReader {
    type Item = Result<Mention, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = match self.pending.pop_front() {
            Some(item) => item,
            None => self.source.next_raw()?,
        };
        self.stats.read += 1;
        let result = raw.and_then(|record| self.mapper.map(record));
        match result {
            Ok(_) => self.stats.accepted += 1,
            Err(_) => self.stats.rejected += 1,
        }
        Some(result)
    }
}

/// Record counts: every record read is either accepted or rejected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records read (blank lines are not records).
    pub read: u64,
    /// Records that became mentions.
    pub accepted: u64,
    /// Records rejected with a [`RowError`].
    pub rejected: u64,
}

impl AddAssign for Stats {
    fn add_assign(&mut self, other: Stats) {
        self.read += other.read;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
    }
}
