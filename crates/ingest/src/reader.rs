//! The public reader: builder, detection and the iterator of mentions.

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::ops::AddAssign;
use std::path::Path;
use std::sync::Arc;

use bedside_types::Mention;

use crate::date::DateOrder;
use crate::decode::{Compression, FailOnce, decode_stream};
use crate::delimited::{CsvSource, skip_lines, sniff_layout};
use crate::error::ShownColumns;
use crate::json::{JsonDocSource, RECORD_KEYS};
use crate::jsonl::JsonLinesSource;
use crate::mapping::{ColumnMapping, Mapper};
use crate::preset::{MentionField, Preset};
use crate::source::{RawRecord, RawSource};
use crate::{Error, RowError};

/// The default limit on one field's size: 1 MiB.
pub const DEFAULT_MAX_FIELD_BYTES: usize = 1024 * 1024;

/// The default limit on how deeply a JSON record (or JSON line) may nest arrays and objects.
///
/// Real exports nest a handful of levels (the X API's `entities.mentions.0.username` is four).
pub const DEFAULT_MAX_DEPTH: usize = 64;

/// The largest nesting limit that can be set: serde_json refuses to parse deeper values (its
/// recursion limit, which keeps deep input from overflowing the stack), so a larger limit
/// could not be honored.
pub const MAX_SUPPORTED_DEPTH: usize = 128;

/// How many bytes are looked at to detect the container and the CSV header.
const PREFIX_BYTES: usize = 64 * 1024;

/// How many records (or bad lines) of a JSON file are read ahead to find one to detect from.
const LOOKAHEAD_RECORDS: usize = 100;

/// Configures and opens [`MentionReader`]s. One builder can open many files.
#[derive(Clone, Debug)]
pub struct MentionReaderBuilder {
    config: Config,
}

#[derive(Clone, Debug)]
struct Config {
    preset: Option<Preset>,
    mapping: ColumnMapping,
    max_field_bytes: usize,
    max_depth: usize,
    delimiter: Option<u8>,
    date_order: Option<DateOrder>,
}

impl Default for MentionReaderBuilder {
    fn default() -> Self {
        MentionReaderBuilder::new()
    }
}

impl MentionReaderBuilder {
    /// A builder with the defaults: detect everything, 1 MiB field limit, JSON nested at most
    /// 64 levels deep.
    pub fn new() -> MentionReaderBuilder {
        MentionReaderBuilder {
            config: Config {
                preset: None,
                mapping: ColumnMapping::default(),
                max_field_bytes: DEFAULT_MAX_FIELD_BYTES,
                max_depth: DEFAULT_MAX_DEPTH,
                delimiter: None,
                date_order: None,
            },
        }
    }

    /// Forces an export preset instead of detecting it from the columns.
    ///
    /// By default (`None`), the preset is detected.
    pub fn format(&mut self, preset: Option<Preset>) -> &mut MentionReaderBuilder {
        self.config.preset = preset;
        self
    }

    /// Names columns for some or all fields; these override the preset's columns.
    ///
    /// By default, the mapping is empty.
    pub fn mapping(&mut self, mapping: ColumnMapping) -> &mut MentionReaderBuilder {
        self.config.mapping = mapping;
        self
    }

    /// Rejects records with a field larger than this many bytes. JSON records larger than 16
    /// times this are skipped without being held in memory.
    ///
    /// By default, this is 1 MiB.
    pub fn max_field_bytes(&mut self, bytes: usize) -> &mut MentionReaderBuilder {
        self.config.max_field_bytes = bytes.max(1);
        self
    }

    /// Rejects JSON records (and JSON lines) that nest arrays and objects more than `depth`
    /// levels deep; the record itself is level 1. The check runs before parsing, so no input
    /// can exhaust the stack. Clamped to `1..=`[`MAX_SUPPORTED_DEPTH`].
    ///
    /// By default, this is [`DEFAULT_MAX_DEPTH`] (64).
    pub fn max_depth(&mut self, depth: usize) -> &mut MentionReaderBuilder {
        self.config.max_depth = depth.clamp(1, MAX_SUPPORTED_DEPTH);
        self
    }

    /// Reads the file as CSV with this delimiter (`b','`, `b'\t'`, `b';'`...).
    ///
    /// By default (`None`), the container is detected and a CSV delimiter is sniffed from the
    /// header line.
    pub fn delimiter(&mut self, delimiter: Option<u8>) -> &mut MentionReaderBuilder {
        self.config.delimiter = delimiter;
        self
    }

    /// How all-numeric dates such as `03/04/2026` are read.
    ///
    /// By default (`None`), the preset decides: day first for survey exports, month first for
    /// the others.
    pub fn date_order(&mut self, order: Option<DateOrder>) -> &mut MentionReaderBuilder {
        self.config.date_order = order;
        self
    }

    /// Opens a file and detects its format.
    pub fn open(&self, path: &Path) -> crate::Result<MentionReader> {
        let name = path.display().to_string();
        let file = open_file(path, &name)?;
        let mut reader = self.build(&name, Box::new(file))?;
        if reader.wants_includes_scan() {
            // The X API puts `includes` after `data`: read the file once more for usernames.
            let stream = self.decode(&name, Box::new(open_file(path, &name)?))?.stream;
            let source = JsonDocSource::new(
                stream,
                Arc::clone(&reader.mapper.file),
                usize::MAX,
                self.config.max_depth,
            );
            reader.mapper.users = source.scan_includes();
        }
        Ok(reader)
    }

    /// Reads from any reader; `name` stands for the file in errors and origins.
    ///
    /// Unlike [`open`](MentionReaderBuilder::open), this cannot read twice, so X API usernames
    /// are resolved only if `includes` comes before `data` in the document.
    pub fn from_reader(
        &self,
        name: &str,
        reader: impl Read + Send + 'static,
    ) -> crate::Result<MentionReader> {
        self.build(name, Box::new(reader))
    }

    fn decode(&self, name: &str, raw: Box<dyn Read + Send>) -> crate::Result<Prefixed> {
        let decoded = decode_stream(name, raw)?;
        let mut stream = decoded.reader;
        let mut prefix = Vec::with_capacity(PREFIX_BYTES);
        let rest: Box<dyn Read + Send> =
            match (&mut stream).take(PREFIX_BYTES as u64).read_to_end(&mut prefix) {
                Ok(_) => stream,
                Err(source) if prefix.is_empty() => {
                    return Err(Error::Io { file: name.to_string(), source });
                }
                // A stream that breaks after some bytes (a truncated gzip file) fails where it
                // breaks, as a rejected record after the records before it, as it does when it
                // breaks further on.
                Err(source) => Box::new(FailOnce(Some(source))),
            };
        let replay: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(
            PREFIX_BYTES,
            Cursor::new(prefix.clone()).chain(rest),
        ));
        Ok(Prefixed {
            compression: decoded.compression,
            encoding: decoded.encoding,
            prefix,
            stream: replay,
        })
    }

    fn build(&self, name: &str, raw: Box<dyn Read + Send>) -> crate::Result<MentionReader> {
        let Prefixed { compression, encoding, prefix, mut stream } = self.decode(name, raw)?;
        if prefix.trim_ascii().is_empty() {
            return Err(Error::Empty { file: name.to_string() });
        }
        if let Some(what) = binary_kind(&prefix) {
            return Err(Error::NotText { file: name.to_string(), what: what.to_string() });
        }
        let file: Arc<str> = Arc::from(name);
        let config = &self.config;
        let max_field_bytes = config.max_field_bytes;
        let mut container = match config.delimiter {
            Some(d) => Container::Csv { delimiter: d },
            None => sniff_container(&prefix, name),
        };
        let mut pending = VecDeque::new();
        let mut includes_seen = false;
        let (source, columns, header_row): (Box<dyn RawSource>, Vec<String>, Option<u64>) =
            match container {
                Container::Csv { .. } => {
                    let is_header = |fields: &[String]| self.looks_like_header(fields);
                    let layout = sniff_layout(&prefix, config.delimiter, &is_header);
                    container = Container::Csv { delimiter: layout.delimiter };
                    let io_err = |source| Error::Io { file: name.to_string(), source };
                    skip_lines(&mut *stream, layout.header_line - 1).map_err(io_err)?;
                    let source =
                        CsvSource::new(stream, Arc::clone(&file), &layout).map_err(io_err)?;
                    let columns = source.headers().iter().map(|h| h.to_string()).collect();
                    (Box::new(source), columns, Some(layout.header_line))
                }
                Container::JsonLines => {
                    let limit = max_field_bytes.saturating_mul(16);
                    let mut source =
                        JsonLinesSource::new(stream, Arc::clone(&file), limit, config.max_depth);
                    let columns = lookahead(&mut source, &mut pending);
                    (Box::new(source), columns, None)
                }
                Container::Json => {
                    let limit = max_field_bytes.saturating_mul(16);
                    let mut source =
                        JsonDocSource::new(stream, Arc::clone(&file), limit, config.max_depth);
                    let columns = lookahead(&mut source, &mut pending);
                    if !source.array_seen() {
                        let reason = format!(
                            "a JSON object without a record array ({})",
                            RECORD_KEYS.join(", ")
                        );
                        return Err(Error::UnknownFormat { file: name.to_string(), reason });
                    }
                    includes_seen = source.users.is_some();
                    (Box::new(source), columns, None)
                }
            };
        let preset = config.preset.unwrap_or_else(|| Preset::detect(&columns));
        let date_order = config.date_order.unwrap_or(preset.date_order());
        let mapper =
            Mapper::new(Arc::clone(&file), preset, &config.mapping, date_order, max_field_bytes);
        let have_records = !columns.is_empty() || matches!(container, Container::Csv { .. });
        if have_records {
            check_columns(&mapper, &config.mapping, &columns, container, name)?;
        }
        let fields = MentionField::ALL
            .iter()
            .filter_map(|&f| mapper.column_for(f, &columns).map(|c| (f, c.to_string())))
            .collect();
        let detection = Detection {
            file: name.to_string(),
            container,
            compression,
            encoding,
            preset,
            header_row,
            fields,
            columns,
            fixed_source: preset.fixed_source().filter(|_| config.mapping.source.is_none()),
            date_order,
        };
        Ok(MentionReader {
            detection,
            source,
            pending,
            mapper,
            stats: Stats::default(),
            includes_seen,
        })
    }

    /// Whether a CSV line (split into fields) is the header: a preset recognizes it, or it has
    /// the mapped text column or a generic text column.
    fn looks_like_header(&self, fields: &[String]) -> bool {
        if let Some(text) = &self.config.mapping.text {
            return fields.iter().any(|f| f.eq_ignore_ascii_case(text));
        }
        if let Some(preset) = self.config.preset {
            let candidates = preset.candidates(MentionField::Text);
            return fields.iter().any(|f| candidates.iter().any(|c| f.eq_ignore_ascii_case(c)));
        }
        Preset::detect(fields) != Preset::Generic
            || fields.iter().any(|f| {
                Preset::Generic
                    .candidates(MentionField::Text)
                    .iter()
                    .any(|c| f.eq_ignore_ascii_case(c))
            })
    }
}

/// A decoded stream with its first bytes read (and replayed by `stream`).
struct Prefixed {
    compression: Compression,
    encoding: &'static str,
    prefix: Vec<u8>,
    stream: Box<dyn BufRead + Send>,
}

fn open_file(path: &Path, name: &str) -> crate::Result<File> {
    if path.is_dir() {
        return Err(Error::IsDirectory { file: name.to_string() });
    }
    File::open(path).map_err(|source| Error::Io { file: name.to_string(), source })
}

/// What the (decompressed, decoded) first bytes are if they are not text: a known file type
/// from its magic number, or `binary data` when control characters and bytes that are not
/// UTF-8 make up more than a quarter of the first 4 KiB. Text in Windows-1252 has far fewer
/// non-UTF-8 bytes (one per accented letter), and stray control characters a handful.
fn binary_kind(prefix: &[u8]) -> Option<&'static str> {
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
fn sniff_container(prefix: &[u8], name: &str) -> Container {
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
fn lookahead(
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
fn check_columns(
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
        // Without a recognized header, the "columns" may be the first record's text.
        if self.fields.iter().any(|(field, _)| *field == MentionField::Text) {
            write!(f, "columns ({}): {}", self.columns.len(), self.columns.join(", "))
        } else {
            write!(f, "columns: {}", ShownColumns(&self.columns))
        }
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
