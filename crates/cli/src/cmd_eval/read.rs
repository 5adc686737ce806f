//! Reading labeled files for `bedside eval`: CSV, TSV, JSON and JSON Lines into raw cells.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The columns to read, by name or (with `--no-header`) by 0-based index.
pub(super) struct Columns {
    text: Column,
    label: Column,
    question: Option<Column>,
}

#[derive(Clone, Debug)]
enum Column {
    Name(String),
    Index(usize),
}

impl Column {
    fn parse(flag: &str, value: &str, no_header: bool) -> anyhow::Result<Column> {
        if !no_header {
            return Ok(Column::Name(value.to_string()));
        }
        match value.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Column::Index(n - 1)),
            _ => anyhow::bail!("with --no-header, {flag} must be a 1-based column number"),
        }
    }
}

impl Columns {
    pub(super) fn from_args(args: &super::EvalArgs) -> anyhow::Result<Columns> {
        let no_header = args.no_header;
        Ok(Columns {
            text: Column::parse("--text-col", &args.text_col, no_header)?,
            label: Column::parse("--label-col", &args.label_col, no_header)?,
            question: match &args.question_col {
                Some(q) => Some(Column::parse("--question-col", q, no_header)?),
                None => None,
            },
        })
    }
}

/// One record's raw cells; `None` for a cell the record lacks.
pub(super) struct RawRow {
    pub(super) line: u64,
    pub(super) text: Option<String>,
    pub(super) label: Option<String>,
    pub(super) question: Option<String>,
}

/// A file's records, plus the lines that could not be read as a record at all.
pub(super) struct RawFile {
    pub(super) path: PathBuf,
    pub(super) rows: Vec<RawRow>,
    pub(super) malformed: Vec<u64>,
}

pub(super) fn read_file(
    path: &Path,
    columns: &Columns,
    no_header: bool,
) -> anyhow::Result<RawFile> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = decode(&bytes);
    let first = text.trim_start().chars().next();
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let result = match (extension.as_str(), first) {
        ("csv", _) => read_csv(&text, columns, no_header),
        ("tsv" | "tab", _) => read_tsv(&text, columns, no_header),
        ("json" | "jsonl" | "ndjson", _) | (_, Some('[' | '{')) => read_json(&text, columns),
        _ if text.lines().next().is_some_and(|l| l.contains('\t')) => {
            read_tsv(&text, columns, no_header)
        }
        _ => read_csv(&text, columns, no_header),
    };
    let (rows, malformed) = result.with_context(|| format!("in {}", path.display()))?;
    Ok(RawFile { path: path.to_path_buf(), rows, malformed })
}

type Rows = (Vec<RawRow>, Vec<u64>);

/// UTF-8 (a BOM is dropped); bytes that are not UTF-8 are read as latin-1.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(chunk.invalid().iter().map(|&b| char::from(b)));
    }
    text
}

/// Column positions in a header, or an error naming the missing column.
fn positions(header: Option<&[String]>, columns: &Columns) -> anyhow::Result<[Option<usize>; 3]> {
    let find = |column: &Column, flag: &str| -> anyhow::Result<usize> {
        match (column, header) {
            (Column::Index(idx), _) => Ok(*idx),
            (Column::Name(name), Some(header)) => header
                .iter()
                .position(|h| h.trim() == name.trim())
                .with_context(|| format!("no column {name:?} (given by {flag}) in the header")),
            (Column::Name(_), None) => unreachable!("BUG: named columns need a header"),
        }
    };
    Ok([
        Some(find(&columns.text, "--text-col")?),
        Some(find(&columns.label, "--label-col")?),
        columns.question.as_ref().map(|q| find(q, "--question-col")).transpose()?,
    ])
}

fn raw_row(line: u64, cells: &[&str], at: &[Option<usize>; 3]) -> RawRow {
    let cell = |idx: Option<usize>| idx.and_then(|i| cells.get(i)).map(|c| c.to_string());
    RawRow { line, text: cell(at[0]), label: cell(at[1]), question: cell(at[2]) }
}

/// Quoted CSV (RFC 4180), as Python's `csv` module reads it; blank lines are skipped.
fn read_csv(text: &str, columns: &Columns, no_header: bool) -> anyhow::Result<Rows> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(!no_header)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Option<Vec<String>> = if no_header {
        None
    } else {
        Some(reader.headers().context("cannot read the header")?.iter().map(String::from).collect())
    };
    let at = positions(header.as_deref(), columns)?;
    let mut rows = Vec::new();
    let mut malformed = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(text);
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let cells: Vec<&str> = record.iter().collect();
                let start = record.position().map_or(start, |p| p.byte());
                rows.push(raw_row(lines.line_at(start), &cells, &at));
            }
            // The text was decoded already, so this is a malformed record, not I/O.
            Err(_) => malformed.push(lines.line_at(start)),
        }
    }
    Ok((rows, malformed))
}

/// Line numbers of byte offsets, for offsets that never decrease. The csv crate's own line
/// count lags behind on CRLF files, and a record's offset may point at the line break before it,
/// so line breaks at the offset are skipped.
struct LineCounter<'t> {
    text: &'t [u8],
    offset: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> LineCounter<'t> {
        LineCounter { text: text.as_bytes(), offset: 0, line: 1 }
    }

    fn line_at(&mut self, offset: u64) -> u64 {
        let mut target = usize::try_from(offset).unwrap_or(usize::MAX).min(self.text.len());
        while target < self.text.len() && matches!(self.text[target], b'\r' | b'\n') {
            target += 1;
        }
        if target > self.offset {
            let newlines = self.text[self.offset..target].iter().filter(|&&b| b == b'\n').count();
            self.line += newlines as u64;
            self.offset = target;
        }
        self.line
    }
}

/// Tab separated, no quoting, one record per `\n` line (a trailing `\r` is dropped; blank lines
/// are skipped), as `health_eval.py` reads the VADER ground truth.
fn read_tsv(text: &str, columns: &Columns, no_header: bool) -> anyhow::Result<Rows> {
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(idx, line)| (idx as u64 + 1, line.strip_suffix('\r').unwrap_or(line)))
        .filter(|(_, line)| !line.trim().is_empty());
    let header: Option<Vec<String>> = if no_header {
        None
    } else {
        let (_, line) = lines.next().context("the file is empty: no header")?;
        Some(line.split('\t').map(String::from).collect())
    };
    let at = positions(header.as_deref(), columns)?;
    let rows = lines
        .map(|(line_no, line)| raw_row(line_no, &line.split('\t').collect::<Vec<_>>(), &at))
        .collect();
    Ok((rows, Vec::new()))
}

/// A JSON array of objects, or JSON Lines (one object per line; a line that is not an object
/// is malformed). Columns are keys or dotted paths.
fn read_json(text: &str, columns: &Columns) -> anyhow::Result<Rows> {
    let key = |column: &Column, flag: &str| match column {
        Column::Name(name) => Ok(name.clone()),
        Column::Index(_) => anyhow::bail!("{flag} must be a key name for JSON input"),
    };
    let keys = [
        Some(key(&columns.text, "--text-col")?),
        Some(key(&columns.label, "--label-col")?),
        columns.question.as_ref().map(|q| key(q, "--question-col")).transpose()?,
    ];
    let mut records: Vec<(u64, serde_json::Value)> = Vec::new();
    let mut malformed = Vec::new();
    if text.trim_start().starts_with('[') {
        let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
            anyhow::anyhow!(
                "not a JSON array of records (line {}, column {})",
                e.line(),
                e.column()
            )
        })?;
        records.extend(values.into_iter().enumerate().map(|(i, v)| (i as u64 + 1, v)));
    } else {
        for (idx, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(value) if value.is_object() => records.push((idx as u64 + 1, value)),
                _ => malformed.push(idx as u64 + 1),
            }
        }
    }
    for (name, flag) in keys.iter().zip(["--text-col", "--label-col", "--question-col"]) {
        if let Some(name) = name
            && !records.is_empty()
            && !records.iter().any(|(_, r)| lookup(r, name).is_some())
        {
            anyhow::bail!("no column {name:?} (given by {flag}) in any record");
        }
    }
    let cell = |record: &serde_json::Value, name: &Option<String>| {
        name.as_deref().and_then(|n| lookup(record, n)).and_then(|value| match value {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
    };
    let rows = records
        .iter()
        .map(|(line, r)| RawRow {
            line: *line,
            text: cell(r, &keys[0]),
            label: cell(r, &keys[1]),
            question: cell(r, &keys[2]),
        })
        .collect();
    Ok((rows, malformed))
}

/// The value at `key` (a top-level key, else a dotted path; a number indexes an array).
fn lookup<'v>(record: &'v serde_json::Value, key: &str) -> Option<&'v serde_json::Value> {
    if let Some(value) = record.get(key) {
        return Some(value);
    }
    key.split('.').try_fold(record, |value, part| match value {
        serde_json::Value::Array(items) => items.get(part.parse::<usize>().ok()?),
        _ => value.get(part),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_falls_back_to_latin1() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(decode(b"caf\xE9 ok"), "café ok");
    }

    #[test]
    fn csv_line_numbers_with_crlf() {
        let columns = Columns {
            text: Column::Name("t".into()),
            label: Column::Name("l".into()),
            question: None,
        };
        for text in ["t,l\r\na,1\r\n\"b\r\nc\",2\r\n\r\nd,3\r\n", "t,l\na,1\n\"b\nc\",2\n\nd,3\n"] {
            let (rows, malformed) = read_csv(text, &columns, false).unwrap();
            let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 3, 6], "{text:?}");
            assert_eq!(
                rows[1].text.as_deref(),
                Some(if text.contains('\r') { "b\r\nc" } else { "b\nc" })
            );
            assert!(malformed.is_empty());
        }
    }

    #[test]
    fn json_lookup() {
        let record = serde_json::json!({"a": {"b": [1, {"c": "x"}]}, "a.b": 2});
        assert_eq!(lookup(&record, "a.b"), Some(&serde_json::json!(2)));
        assert_eq!(lookup(&record, "a.b.1.c"), Some(&serde_json::json!("x")));
        assert_eq!(lookup(&record, "a.z"), None);
    }
}
