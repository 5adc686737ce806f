//! What a file holds, found before its records are read: binary files refused, the container
//! sniffed from the first bytes, a JSON file's columns read ahead, the columns checked against
//! the mapping, and the [`Detection`] that reports it all.

use std::collections::VecDeque;
use std::fmt;

use crate::date::DateOrder;
use crate::decode::Compression;
use crate::error::{ShownColumns, shown_name};
use crate::json_record::RECORD_KEYS;
use crate::mapping::{ColumnMapping, Mapper};
use crate::preset::{MentionField, Preset};
use crate::source::{RawRecord, RawSource};
use crate::{Error, RowError};

/// How many records (or bad lines) of a JSON file are read ahead to find one to detect from.
const LOOKAHEAD_RECORDS: usize = 100;

/// The file container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Container {
    /// Delimited text (CSV, TSV...).
    Csv {
        /// The field delimiter.
        delimiter: u8,
    },
    /// One JSON document: an array of records, or an object holding one.
    Json,
    /// One JSON object per line.
    JsonLines,
}

impl fmt::Display for Container {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Container::Csv { delimiter: b'\t' } => f.write_str("CSV (tab-separated)"),
            Container::Csv { delimiter } => {
                write!(f, "CSV (delimiter {:?})", char::from(*delimiter))
            }
            Container::Json => f.write_str("JSON"),
            Container::JsonLines => f.write_str("JSON Lines"),
        }
    }
}

/// What the reader found out about a file before reading its records.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Detection {
    /// The file as given.
    pub file: String,
    /// CSV, JSON or JSON Lines.
    pub container: Container,
    /// Whether it was gzip-compressed.
    pub compression: Compression,
    /// The text encoding: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`,
    /// `UTF-16LE (no BOM)`... Fields of UTF-8 files that are not valid UTF-8 are read as
    /// Windows-1252.
    pub encoding: &'static str,
    /// The export preset, detected or forced.
    pub preset: Preset,
    /// The 1-based line of the CSV header (after any preamble); `None` for JSON.
    pub header_row: Option<u64>,
    /// Which column feeds which field, for the columns present (JSON: in the first record).
    pub fields: Vec<(MentionField, String)>,
    /// All columns (CSV) or field paths of the first record (JSON).
    pub columns: Vec<String>,
    /// The source given to every mention, when the preset fixes it.
    pub fixed_source: Option<&'static str>,
    /// How all-numeric dates are read.
    pub date_order: DateOrder,
}

/// Shows everything but the file name (which the caller prints as it likes), one item per line.
impl fmt::Display for Detection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "container:   {}", self.container)?;
        writeln!(f, "compression: {}", self.compression)?;
        writeln!(f, "encoding:    {}", self.encoding)?;
        writeln!(f, "format:      {}", self.preset)?;
        if let Some(row) = self.header_row {
            writeln!(f, "header row:  {row}")?;
        }
        let order = match self.date_order {
            DateOrder::MonthFirst => "month first (MM/DD/YYYY)",
            DateOrder::DayFirst => "day first (DD/MM/YYYY)",
        };
        writeln!(f, "dates:       {order}")?;
        writeln!(f, "fields:")?;
        for (field, column) in &self.fields {
            writeln!(f, "  {:<12} <- {column}", field.as_str())?;
        }
        if let Some(source) = self.fixed_source {
            writeln!(f, "  {:<12} = {source}", "source")?;
        }
        // Without a recognized header, the "columns" may be the first record's text. With one,
        // a CSV header is names, but a JSON record's keys can be any text: those that do not
        // look like a name are shown by position.
        if !self.fields.iter().any(|(field, _)| *field == MentionField::Text) {
            return write!(f, "columns: {}", ShownColumns(&self.columns));
        }
        write!(f, "columns ({}): ", self.columns.len())?;
        for (i, column) in self.columns.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match (self.container, shown_name(column)) {
                (Container::Csv { .. }, _) | (_, Some(_)) => f.write_str(column)?,
                (_, None) => write!(f, "(field {})", i + 1)?,
            }
        }
        Ok(())
    }
}

/// What the (decompressed, decoded) first bytes are if they are not text: a known file type
/// from its magic number, or `binary data` when control characters and bytes that are not
/// UTF-8 make up more than a quarter of the first 4 KiB. Text in Windows-1252 has far fewer
/// non-UTF-8 bytes (one per accented letter), and stray control characters a handful.
pub(super) fn binary_kind(prefix: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 8] = [
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one: export it as CSV)"),
        (b"\xd0\xcf\x11\xe0", "an old Office document (.xls: export it as CSV)"),
        (b"SQLite format 3\0", "an SQLite database"),
        (b"\x1f\x8b", "gzip inside gzip"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| prefix.starts_with(magic)) {
        return Some(what);
    }
    let sample = &prefix[..prefix.len().min(4096)];
    let n_control =
        sample.iter().filter(|&&b| matches!(b, 0..=8 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f)).count();
    let mut n_not_utf8 = 0;
    let mut rest = sample;
    while let Err(e) = std::str::from_utf8(rest) {
        // A sequence cut by the end of the sample is not counted.
        let Some(n_bad) = e.error_len() else { break };
        n_not_utf8 += n_bad;
        rest = &rest[e.valid_up_to() + n_bad..];
    }
    ((n_control + n_not_utf8) * 4 > sample.len()).then_some("binary data")
}

/// JSON array or object, JSON Lines, or CSV, from the first bytes (and the file name for
/// `.jsonl`/`.ndjson`).
pub(super) fn sniff_container(prefix: &[u8], name: &str) -> Container {
    let lower = name.to_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    let first = prefix.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return Container::JsonLines;
    }
    match first {
        Some(b'[') => Container::Json,
        Some(b'{') => {
            let mut lines =
                prefix.split(|&b| b == b'\n').map(<[u8]>::trim_ascii).filter(|l| !l.is_empty());
            let parses = |line: Option<&[u8]>| {
                line.and_then(|l| serde_json::from_slice::<serde_json::Value>(l).ok())
                    .filter(serde_json::Value::is_object)
            };
            let first_line = parses(lines.next());
            let second_line = parses(lines.next());
            match (first_line, second_line) {
                // A second record on its own line means JSON Lines.
                (_, Some(_)) => Container::JsonLines,
                // One line holding a record array is a (minified) document.
                (Some(v), None)
                    if RECORD_KEYS.iter().any(|k| v.get(k).is_some_and(|a| a.is_array())) =>
                {
                    Container::Json
                }
                (Some(_), None) => Container::JsonLines,
                (None, None) => Container::Json,
            }
        }
        _ => Container::Csv { delimiter: b',' },
    }
}

/// Reads ahead until the first good record (or a few bad ones), keeping everything read in
/// `pending`. Returns the first good record's field names.
pub(super) fn lookahead(
    source: &mut dyn RawSource,
    pending: &mut VecDeque<Result<RawRecord, RowError>>,
) -> Vec<String> {
    while pending.len() < LOOKAHEAD_RECORDS {
        match source.next_raw() {
            None => break,
            Some(Ok(record)) => {
                let columns = record.fields.iter().map(|(k, _)| k.to_string()).collect();
                pending.push_back(Ok(record));
                return columns;
            }
            Some(Err(e)) => pending.push_back(Err(e)),
        }
    }
    Vec::new()
}

/// Fails early when the text column cannot be found or a mapped CSV column is missing.
pub(super) fn check_columns(
    mapper: &Mapper,
    mapping: &ColumnMapping,
    columns: &[String],
    container: Container,
    name: &str,
) -> crate::Result<()> {
    let is_csv = matches!(container, Container::Csv { .. });
    for field in MentionField::ALL {
        let Some(column) = mapping.get(field) else { continue };
        let present = columns.iter().any(|c| c.eq_ignore_ascii_case(column));
        if !present && (is_csv || field == MentionField::Text) {
            return Err(Error::MissingColumn {
                file: name.to_string(),
                field,
                column: column.to_string(),
                columns: columns.to_vec(),
            });
        }
    }
    if is_csv {
        for field in MentionField::ALL {
            let Some(column) = mapper.column_for(field, columns) else { continue };
            let positions: Vec<usize> = (1..=columns.len())
                .filter(|&pos| columns[pos - 1].eq_ignore_ascii_case(column))
                .collect();
            if positions.len() > 1 {
                return Err(Error::DuplicateColumn {
                    file: name.to_string(),
                    field,
                    column: column.to_string(),
                    positions,
                });
            }
        }
    }
    if mapper.column_for(MentionField::Text, columns).is_none() {
        return Err(Error::NoTextColumn {
            file: name.to_string(),
            preset: mapper.preset,
            columns: columns.to_vec(),
        });
    }
    Ok(())
}
