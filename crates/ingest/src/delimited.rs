//! CSV and TSV: delimiter sniffing, preamble skipping and record reading.

use std::io::{self, BufRead};
use std::sync::{Arc, Mutex};

use crate::RowError;
use crate::decode::decode_field;
use crate::line_index::{LineIndex, LineStarts, QuoteState};
use crate::source::{RawRecord, RawSource};

/// How many lines from the top may hold the header (Brandwatch puts a preamble first).
pub(crate) const HEADER_SCAN_LINES: usize = 20;

/// The delimiters tried when sniffing, in order of preference on ties.
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Where the header is and what separates fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    pub delimiter: u8,
    /// The 1-based line of the header.
    pub header_line: u64,
}

/// Finds the header among the first lines of `prefix`: the first line `is_header` accepts,
/// else the first non-blank line. The delimiter is the one most frequent in that line (outside
/// quotes), unless `forced`.
pub(crate) fn sniff_layout(
    prefix: &[u8],
    forced: Option<u8>,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Layout {
    let mut fallback = None;
    for (idx, line) in prefix.split(|&b| b == b'\n').take(HEADER_SCAN_LINES).enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.trim_ascii().is_empty() {
            continue;
        }
        let delimiter = forced.unwrap_or_else(|| best_delimiter(line));
        let layout = Layout { delimiter, header_line: idx as u64 + 1 };
        if is_header(&split_line(line, delimiter)) {
            return layout;
        }
        fallback.get_or_insert(layout);
    }
    fallback.unwrap_or(Layout { delimiter: forced.unwrap_or(b','), header_line: 1 })
}

fn best_delimiter(line: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut in_quotes = false;
    for &b in line {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
            counts[i] += 1;
        }
    }
    let mut best = 0;
    for i in 1..DELIMITERS.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    DELIMITERS[best]
}

/// Splits one line into trimmed header names.
fn split_line(line: &[u8], delimiter: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record.iter().map(header_name).collect(),
        _ => Vec::new(),
    }
}

fn header_name(bytes: &[u8]) -> String {
    let name = match decode_field(bytes) {
        Ok(s) => s.into_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    name.trim_start_matches('\u{feff}').trim().to_string()
}

/// Skips the lines before the header.
pub(crate) fn skip_lines(reader: &mut dyn BufRead, n: u64) -> io::Result<()> {
    let mut sink = Vec::new();
    for _ in 0..n {
        sink.clear();
        if reader.read_until(b'\n', &mut sink)? == 0 {
            break;
        }
    }
    Ok(())
}

/// Reads CSV records after the header.
pub(crate) struct CsvSource {
    reader: csv::Reader<LineIndex<Box<dyn BufRead + Send>>>,
    starts: LineStarts,
    quotes: Arc<Mutex<QuoteState>>,
    file: Arc<str>,
    headers: Vec<Arc<str>>,
    line_offset: u64,
    record: csv::ByteRecord,
    done: bool,
}

impl CsvSource {
    /// Reads the header from `reader`, which starts at the header line (`layout.header_line`).
    pub(crate) fn new(
        reader: Box<dyn BufRead + Send>,
        file: Arc<str>,
        layout: &Layout,
    ) -> io::Result<CsvSource> {
        let starts = LineStarts::default();
        let quotes = Arc::new(Mutex::new(QuoteState::new(layout.delimiter)));
        let indexed = LineIndex {
            inner: reader,
            offset: 0,
            line: 1,
            at_line_start: true,
            after_cr: false,
            starts: Arc::clone(&starts),
            quotes: Arc::clone(&quotes),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(layout.delimiter)
            .from_reader(indexed);
        let mut record = csv::ByteRecord::new();
        reader.read_byte_record(&mut record).map_err(io::Error::other)?;
        let headers = record
            .iter()
            .enumerate()
            .map(|(idx, bytes)| {
                let name = header_name(bytes);
                Arc::from(if name.is_empty() { format!("column {}", idx + 1) } else { name })
            })
            .collect();
        Ok(CsvSource {
            reader,
            starts,
            quotes,
            file,
            headers,
            line_offset: layout.header_line - 1,
            record,
            done: false,
        })
    }

    /// The header names, trimmed; empty names become `column N`.
    pub(crate) fn headers(&self) -> &[Arc<str>] {
        &self.headers
    }

    /// The line where the record just read starts (relative to the header line).
    fn start_line(&self) -> u64 {
        let (byte, line) = self.record.position().map_or((0, 1), |p| (p.byte(), p.line()));
        let mut starts = self.starts.lock().unwrap_or_else(|e| e.into_inner());
        while starts.front().is_some_and(|&(offset, _)| offset < byte) {
            starts.pop_front();
        }
        starts.front().map_or(line, |&(_, start_line)| start_line)
    }

    /// The error for the record just read if it ends the input inside a quoted field.
    fn unclosed_quote(&self, row: u64) -> Option<RowError> {
        let quotes = *self.quotes.lock().unwrap_or_else(|e| e.into_inner());
        let open_line = quotes.unclosed_at_eof()? + self.line_offset;
        let last_line = quotes.last_line.max(1) + self.line_offset;
        // The open quote is in the record's last field.
        let column = self.headers.get(self.record.len().saturating_sub(1)).map(|c| &**c);
        let reason = if last_line > open_line {
            format!(
                "unbalanced quote: the quote opened on line {open_line} is never closed, so \
                 lines {open_line} to {last_line} were read as one field"
            )
        } else {
            format!("unbalanced quote: the quote opened on line {open_line} is never closed")
        };
        Some(RowError::new(&self.file, row, column, reason))
    }

    fn convert(&self, row: u64) -> Result<RawRecord, RowError> {
        let n_columns = self.headers.len();
        let n_fields = self.record.len();

        if n_fields != n_columns
            && !(n_fields > n_columns && self.record.iter().skip(n_columns).all(<[u8]>::is_empty))
        {
            let fields = if n_fields == 1 { "field" } else { "fields" };
            let reason = format!("ragged row: {n_fields} {fields}, expected {n_columns}");
            return Err(RowError::new(&self.file, row, None, reason));
        }
        let mut fields = Vec::with_capacity(n_columns);
        for (name, bytes) in self.headers.iter().zip(self.record.iter()) {
            let value = decode_field(bytes).map_err(|_| {
                let reason = "invalid UTF-8 that cannot be decoded as Windows-1252 either";
                RowError::new(&self.file, row, Some(name), reason.to_string())
            })?;
            fields.push((Arc::clone(name), value.into_owned()));
        }
        Ok(RawRecord { row, sub: None, fields, users: None })
    }
}

impl RawSource for CsvSource {
    fn next_raw(&mut self) -> Option<Result<RawRecord, RowError>> {
        while !self.done {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => self.done = true,
                Ok(true) => {
                    let row = self.start_line() + self.line_offset;
                    if let Some(error) = self.unclosed_quote(row) {
                        return Some(Err(error));
                    }
                    if self.record.iter().all(<[u8]>::is_empty) {
                        continue;
                    }
                    return Some(self.convert(row));
                }
                Err(e) => {
                    self.done = true;
                    // Read errors carry no position: they happen where the bytes stop.
                    let next_line = self.quotes.lock().unwrap_or_else(|e| e.into_inner()).next_line;
                    let line =
                        e.position().map_or(next_line, csv::Position::line) + self.line_offset;
                    let reason = match e.kind() {
                        csv::ErrorKind::Io(io) => format!("read error: {io}"),
                        _ => "malformed CSV".to_string(),
                    };
                    return Some(Err(RowError::new(&self.file, line.max(1), None, reason)));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn never(_: &[String]) -> bool {
        false
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(best_delimiter(b"a,b,c"), b',');
        assert_eq!(best_delimiter(b"a\tb\tc,d"), b'\t');
        assert_eq!(best_delimiter(b"\"a;b,c\";d;e"), b';');
        assert_eq!(best_delimiter(b"a|b"), b'|');
        assert_eq!(best_delimiter(b"single"), b',');
    }

    #[test]
    fn finds_header_after_preamble() {
        let text = b"Report,Mentions\r\nQuery: \"x, y\"\r\n\r\nDate\tFull Text\tUrl\r\n1\t2\t3\r\n";
        let is_header = |f: &[String]| f.iter().any(|c| c == "Full Text");
        assert_eq!(
            sniff_layout(text, None, &is_header),
            Layout { delimiter: b'\t', header_line: 4 }
        );
        assert_eq!(sniff_layout(text, None, &never), Layout { delimiter: b',', header_line: 1 });
        assert_eq!(
            sniff_layout(b"\n\na;b\n", None, &never),
            Layout { delimiter: b';', header_line: 3 }
        );
        assert_eq!(sniff_layout(b"a,b\n", Some(b'|'), &never).delimiter, b'|');
    }

    fn read(text: &str, header_line: u64) -> (Vec<Arc<str>>, Vec<Result<RawRecord, RowError>>) {
        let mut reader: Box<dyn BufRead + Send> = Box::new(Cursor::new(text.as_bytes().to_vec()));
        skip_lines(&mut *reader, header_line - 1).unwrap();
        let layout = Layout { delimiter: b',', header_line };
        let mut source = CsvSource::new(reader, Arc::from("f.csv"), &layout).unwrap();
        let headers = source.headers().to_vec();
        (headers, std::iter::from_fn(|| source.next_raw()).collect())
    }

    #[test]
    fn rows_blank_lines_and_ragged_rows() {
        let text = "pre\n\"id\",text,\n1,\"multi\nline\",\n\n,,\r\n\r\n2,short\n3,ok,,\n4,x,y,z";
        let (headers, items) = read(text, 2);
        let headers: Vec<&str> = headers.iter().map(|h| &**h).collect();
        assert_eq!(headers, ["id", "text", "column 3"]);
        let summary: Vec<(u64, Result<usize, String>)> = items
            .iter()
            .map(|r| match r {
                Ok(r) => (r.row, Ok(r.fields.len())),
                Err(e) => (e.row, Err(e.reason.clone())),
            })
            .collect();
        assert_eq!(
            summary,
            [
                (3, Ok(3)),
                (8, Err("ragged row: 2 fields, expected 3".to_string())),
                (9, Ok(3)),
                (10, Err("ragged row: 4 fields, expected 3".to_string())),
            ]
        );
        assert_eq!(items[0].as_ref().unwrap().fields[1].1, "multi\nline");
    }

    fn summary(items: &[Result<RawRecord, RowError>]) -> Vec<(u64, Option<&str>, String)> {
        items
            .iter()
            .map(|r| match r {
                Ok(r) => (r.row, None, format!("{} fields", r.fields.len())),
                Err(e) => (e.row, e.column.as_deref(), e.reason.clone()),
            })
            .collect()
    }

    #[test]
    fn unbalanced_quotes_are_rejected_with_the_lines_they_swallow() {
        let (_, items) = read("id,text\n1,ok\n2,\"open\n3,x\n4,\"\"y\n", 1);
        assert_eq!(
            summary(&items),
            [
                (2, None, "2 fields".to_string()),
                (
                    3,
                    Some("text"),
                    "unbalanced quote: the quote opened on line 3 is never closed, so lines 3 to \
                     5 were read as one field"
                        .to_string()
                ),
            ]
        );
        let (_, items) = read("pre\nid,text\n1,\"a \"\"quoted\"\" word\"\n2,5\" tall\n3,\"last", 2);
        assert_eq!(
            summary(&items),
            [
                (3, None, "2 fields".to_string()),
                (4, None, "2 fields".to_string()),
                (
                    5,
                    Some("text"),
                    "unbalanced quote: the quote opened on line 5 is never closed".to_string()
                ),
            ]
        );
        // A lone quote is a record too, not a blank line to skip.
        let (_, items) = read("id,text\n\"", 1);
        assert_eq!(summary(&items)[0].0, 2);
        assert!(items[0].is_err());
    }

    #[test]
    fn carriage_returns_alone_end_lines() {
        // The `\r` inside the quoted field is text, not a line break.
        let (_, items) = read("id,text\r1,a\r\r2,\"b\rc\"\r3,d\r\n4,e", 1);
        let rows: Vec<u64> = items.iter().map(|r| r.as_ref().unwrap().row).collect();
        assert_eq!(rows, [2, 4, 5, 6]);
    }

    #[test]
    fn cp1252_fields_and_undecodable_ones() {
        let mut bytes = b"id,text\n1,caf\xe9\n2,bad\x81\n".to_vec();
        bytes.extend_from_slice(b"3,fine\n");
        let reader: Box<dyn BufRead + Send> = Box::new(Cursor::new(bytes));
        let layout = Layout { delimiter: b',', header_line: 1 };
        let mut source = CsvSource::new(reader, Arc::from("f.csv"), &layout).unwrap();
        assert_eq!(source.next_raw().unwrap().unwrap().fields[1].1, "café");
        let err = source.next_raw().unwrap().unwrap_err();
        assert_eq!((err.row, err.column.as_deref()), (3, Some("text")));
        assert!(source.next_raw().unwrap().is_ok());
        assert!(source.next_raw().is_none());
    }
}
