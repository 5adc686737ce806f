//! Opening files: the builder's options, decoding and the replayed first bytes, and the record
//! source for the detected container (CSV, JSON document, JSON Lines).

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use crate::Error;
use crate::date::DateOrder;
use crate::decode::{Compression, FailOnce, decode_stream};
use crate::delimited::{CsvSource, skip_lines, sniff_layout};
use crate::json::JsonDocSource;
use crate::json_record::RECORD_KEYS;
use crate::jsonl::JsonLinesSource;
use crate::mapping::{ColumnMapping, Mapper};
use crate::preset::{MentionField, Preset};
use crate::source::RawSource;

use super::detect::{Container, Detection, binary_kind, check_columns, lookahead, sniff_container};
use super::{MentionReader, Stats};

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
