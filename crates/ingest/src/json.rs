//! JSON documents, one record at a time.
//!
//! A JSON document (a top-level array, or an object holding a `data`, `reviews`, `results` or
//! `items` array) is split by a small incremental scanner: it finds where each array element
//! ends without parsing it, hands the element's bytes to serde_json, and forgets them. Memory is
//! bounded by the largest record, not the file. Turning one record's bytes into fields is
//! `json_record`'s job, shared with JSON Lines.

use std::io::{self, BufRead};
use std::sync::Arc;

use crate::RowError;
use crate::json_record::{
    RECORD_KEYS, UNDECODABLE, flatten_record, json_error_reason, nesting_depth, parse_json_bytes,
    too_deep_reason, users_from_includes,
};
use crate::node::Node;
use crate::source::{RawRecord, RawSource, Users};

/// The most `includes` (X API user objects) kept in memory.
const MAX_INCLUDES_BYTES: usize = 256 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DocState {
    Start,
    /// Inside the top-level object, before a key (or `}`).
    Keys {
        first: bool,
    },
    /// Inside the record array, before an element (or `]`).
    Elements {
        first: bool,
    },
    Done,
}

/// A JSON document split into records as it is read.
pub(crate) struct JsonDocSource {
    reader: Box<dyn BufRead + Send>,
    file: Arc<str>,
    line: u64,
    state: DocState,
    in_object: bool,
    array_seen: bool,
    record_no: u64,
    max_record_bytes: usize,
    max_depth: usize,
    skip_records: bool,
    /// The X API `includes.users` map, once the scanner has passed `includes`.
    pub(crate) users: Option<Users>,
    buf: Vec<u8>,
}

enum Scan {
    Value { overflow: bool },
    Eof,
}

impl JsonDocSource {
    pub(crate) fn new(
        reader: Box<dyn BufRead + Send>,
        file: Arc<str>,
        max_record_bytes: usize,
        max_depth: usize,
    ) -> Self {
        JsonDocSource {
            reader,
            file,
            line: 1,
            state: DocState::Start,
            in_object: false,
            array_seen: false,
            record_no: 0,
            max_record_bytes,
            max_depth,
            skip_records: false,
            users: None,
            buf: Vec::new(),
        }
    }

    /// Whether the document had a record array (false for an object without one).
    pub(crate) fn array_seen(&self) -> bool {
        self.array_seen
    }

    /// Reads the whole document without keeping records, for the `includes` that may follow
    /// them. Returns the users map if there is one.
    pub(crate) fn scan_includes(mut self) -> Option<Users> {
        self.skip_records = true;
        while self.next_raw().is_some() {}
        self.users
    }

    fn fail(&mut self, reason: String) -> Option<Result<RawRecord, RowError>> {
        self.state = DocState::Done;
        Some(Err(RowError::new(&self.file, self.record_no + 1, None, reason)))
    }

    fn skip_ws(&mut self) -> io::Result<Option<u8>> {
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(None);
            }
            let n_ws = available.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let n_lines = available[..n_ws].iter().filter(|&&b| b == b'\n').count();
            let next = available.get(n_ws).copied();
            self.reader.consume(n_ws);
            self.line += n_lines as u64;
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Consumes one JSON value, keeping its bytes in `self.buf` unless that would pass `limit`.
    fn scan_value(&mut self, limit: usize) -> io::Result<Scan> {
        self.buf.clear();
        let mut overflow = false;
        let mut depth = 0u32;
        let mut in_string = false;
        let mut escape = false;
        let mut scalar: Option<bool> = None;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(if scalar == Some(true) { Scan::Value { overflow } } else { Scan::Eof });
            }
            let is_scalar =
                *scalar.get_or_insert_with(|| !matches!(available[0], b'"' | b'{' | b'['));
            let mut end = None;
            for (i, &b) in available.iter().enumerate() {
                if is_scalar {
                    if matches!(b, b',' | b']' | b'}') || b.is_ascii_whitespace() {
                        end = Some(i);
                        break;
                    }
                } else if in_string {
                    if escape {
                        escape = false;
                    } else if b == b'\\' {
                        escape = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                end = Some(i + 1);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            let n = end.unwrap_or(available.len());
            let chunk = &available[..n];
            self.line += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
            if !overflow && self.buf.len() + n <= limit {
                self.buf.extend_from_slice(chunk);
            } else {
                overflow = true;
                self.buf.clear();
            }
            self.reader.consume(n);
            if end.is_some() {
                return Ok(Scan::Value { overflow });
            }
        }
    }

    fn step(&mut self) -> io::Result<Option<Result<RawRecord, RowError>>> {
        loop {
            match self.state {
                DocState::Done => return Ok(None),
                DocState::Start => match self.skip_ws()? {
                    Some(b'[') => {
                        self.reader.consume(1);
                        self.array_seen = true;
                        self.state = DocState::Elements { first: true };
                    }
                    Some(b'{') => {
                        self.reader.consume(1);
                        self.in_object = true;
                        self.state = DocState::Keys { first: true };
                    }
                    _ => return Ok(self.fail("not a JSON array or object".to_string())),
                },
                DocState::Keys { first } => {
                    let mut next = self.skip_ws()?;
                    if next == Some(b'}') {
                        self.reader.consume(1);
                        self.state = DocState::Done;
                        continue;
                    }
                    if !first {
                        if next != Some(b',') {
                            let line = self.line;
                            return Ok(self.fail(format!(
                                "malformed JSON: expected ',' or '}}' at line {line}"
                            )));
                        }
                        self.reader.consume(1);
                        next = self.skip_ws()?;
                    }
                    if next != Some(b'"') {
                        let line = self.line;
                        return Ok(
                            self.fail(format!("malformed JSON: expected a key at line {line}"))
                        );
                    }
                    self.scan_value(4096)?;
                    let key: String = serde_json::from_slice(&self.buf).unwrap_or_default();
                    if self.skip_ws()? != Some(b':') {
                        let line = self.line;
                        return Ok(
                            self.fail(format!("malformed JSON: expected ':' at line {line}"))
                        );
                    }
                    self.reader.consume(1);
                    let value_start = self.skip_ws()?;
                    self.state = DocState::Keys { first: false };
                    if !self.array_seen
                        && RECORD_KEYS.contains(&key.as_str())
                        && value_start == Some(b'[')
                    {
                        self.reader.consume(1);
                        self.array_seen = true;
                        self.state = DocState::Elements { first: true };
                    } else if key == "includes" {
                        let scan = self.scan_value(MAX_INCLUDES_BYTES)?;
                        if let Scan::Value { overflow: false } = scan
                            && let Ok(v) = serde_json::from_slice::<Node>(&self.buf)
                        {
                            self.users = users_from_includes(&v).or(self.users.take());
                        }
                    } else if let Scan::Eof = self.scan_value(0)? {
                        return Ok(self.fail("truncated JSON document".to_string()));
                    }
                }
                DocState::Elements { first } => {
                    let mut next = self.skip_ws()?;
                    if next == Some(b']') {
                        self.reader.consume(1);
                        self.state = if self.in_object {
                            DocState::Keys { first: false }
                        } else {
                            DocState::Done
                        };
                        continue;
                    }
                    if !first {
                        if next != Some(b',') {
                            let line = self.line;
                            let reason = if next.is_none() {
                                "truncated JSON document".to_string()
                            } else {
                                format!("malformed JSON: expected ',' or ']' at line {line}")
                            };
                            return Ok(self.fail(reason));
                        }
                        self.reader.consume(1);
                        next = self.skip_ws()?;
                    }
                    if next.is_none() {
                        return Ok(self.fail("truncated JSON document".to_string()));
                    }
                    self.state = DocState::Elements { first: false };
                    self.record_no += 1;
                    let start_line = self.line;
                    let limit = if self.skip_records { 0 } else { self.max_record_bytes };
                    let overflow = match self.scan_value(limit)? {
                        Scan::Eof => {
                            self.record_no -= 1;
                            return Ok(self.fail("truncated JSON document".to_string()));
                        }
                        Scan::Value { overflow } => overflow,
                    };
                    if self.skip_records {
                        continue;
                    }
                    let row = self.record_no;
                    let err = |reason| Some(Err(RowError::new(&self.file, row, None, reason)));
                    if overflow {
                        let limit = self.max_record_bytes;
                        return Ok(err(format!("record over the size limit ({limit} bytes)")));
                    }
                    if nesting_depth(&self.buf) > self.max_depth {
                        return Ok(err(too_deep_reason(self.max_depth)));
                    }
                    let value = match parse_json_bytes(&self.buf) {
                        Err(()) => return Ok(err(UNDECODABLE.to_string())),
                        Ok(Err(e)) => {
                            return Ok(err(json_error_reason("JSON record", &e, start_line)));
                        }
                        Ok(Ok(v)) => v,
                    };
                    return Ok(Some(match flatten_record(value) {
                        Ok((fields, own_users)) => Ok(RawRecord {
                            row,
                            sub: None,
                            fields,
                            users: own_users.or_else(|| self.users.clone()),
                        }),
                        Err(reason) => Err(RowError::new(&self.file, row, None, reason)),
                    }));
                }
            }
        }
    }
}

impl RawSource for JsonDocSource {
    fn next_raw(&mut self) -> Option<Result<RawRecord, RowError>> {
        match self.step() {
            Ok(item) => item,
            Err(e) => self.fail(format!("read error: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn doc(text: &str) -> Vec<Result<RawRecord, RowError>> {
        let mut source = JsonDocSource::new(
            Box::new(Cursor::new(text.as_bytes().to_vec())),
            Arc::from("f.json"),
            1000,
            64,
        );
        std::iter::from_fn(|| source.next_raw()).collect()
    }

    fn keys(r: &Result<RawRecord, RowError>) -> Vec<String> {
        r.as_ref().unwrap().fields.iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    #[test]
    fn splits_arrays_and_objects() {
        let records = doc("[ {\"a\": \"x,]}\\\"\"}, {\"a\": [1, {\"b\": 2}]} ]");
        assert_eq!(records.len(), 2);
        assert_eq!(keys(&records[0]), ["a=x,]}\""]);
        assert_eq!(keys(&records[1]), ["a.0=1", "a.1.b=2"]);
        assert_eq!(records[1].as_ref().unwrap().row, 2);

        let records = doc(
            "{\"meta\": {\"n\": [1,2]}, \"includes\": {\"users\": [{\"id\": \"1\", \"username\": \"u\"}]},\n \"data\": [{\"a\": 1}], \"after\": 3}",
        );
        assert_eq!(records.len(), 1);
        assert_eq!(keys(&records[0]), ["a=1"]);
        assert!(records[0].as_ref().unwrap().users.is_some());
    }

    #[test]
    fn bad_records_are_rows_and_scanning_goes_on() {
        let records = doc("[{\"a\": 1}, {\"a\": tru}, 7, {\"a\": \"long long long long\"}]");
        assert_eq!(records.len(), 4);
        let err = records[1].as_ref().unwrap_err();
        assert_eq!(
            (err.row, err.reason.as_str()),
            (2, "malformed JSON record (expected ident at line 1, column 10)")
        );
        assert_eq!(records[2].as_ref().unwrap_err().reason, "record is not a JSON object");
        let mut small = JsonDocSource::new(
            Box::new(Cursor::new(b"[{\"a\": \"long long\"}, {}]".to_vec())),
            Arc::from("f"),
            10,
            64,
        );
        let first = small.next_raw().unwrap().unwrap_err();
        assert_eq!(
            (first.row, first.reason.as_str()),
            (1, "record over the size limit (10 bytes)")
        );
        assert!(small.next_raw().unwrap().is_ok());
        assert!(small.next_raw().is_none());
    }

    #[test]
    fn records_nested_too_deep_are_rejected_before_parsing() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let text = format!("[{{\"a\": 1}}, {{\"a\": {deep}}}, {{\"a\": [[1]]}}]");
        let mut source = JsonDocSource::new(
            Box::new(Cursor::new(text.into_bytes())),
            Arc::from("f"),
            1 << 20,
            3,
        );
        assert!(source.next_raw().unwrap().is_ok());
        let err = source.next_raw().unwrap().unwrap_err();
        assert_eq!((err.row, err.reason.as_str()), (2, "nested deeper than the limit (3 levels)"));
        // `{"a": [[1]]}` is exactly three levels deep.
        assert!(source.next_raw().unwrap().is_ok());
        assert!(source.next_raw().is_none());
    }

    #[test]
    fn truncated_and_malformed_documents() {
        let records = doc("[{\"a\": 1}, {\"a\": 2");
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].as_ref().unwrap_err().reason, "truncated JSON document");
        let records = doc("[{\"a\": 1} {\"a\": 2}]");
        assert_eq!(
            records[1].as_ref().unwrap_err().reason,
            "malformed JSON: expected ',' or ']' at line 1"
        );
        assert_eq!(records.len(), 2);
        let records = doc("{\"other\": 1}");
        assert!(records.is_empty());
    }
}
