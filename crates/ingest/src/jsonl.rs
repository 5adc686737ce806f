//! JSON Lines: one record per line, read with a cap on the line length.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::sync::Arc;

use crate::RowError;
use crate::json_record::{
    UNDECODABLE, flatten_record, json_error_reason, nesting_depth, parse_json_bytes, record_array,
    too_deep_reason, users_from_includes,
};
use crate::node::Node;
use crate::source::{RawRecord, RawSource};

/// JSON Lines: one record per line. A line holding a whole response (`{"data": [...]}`) yields
/// all its records, numbered `row.1`, `row.2`... in their fallback ids.
pub(crate) struct JsonLinesSource {
    reader: Box<dyn BufRead + Send>,
    file: Arc<str>,
    line_no: u64,
    max_line_bytes: usize,
    max_depth: usize,
    queue: VecDeque<Result<RawRecord, RowError>>,
    buf: Vec<u8>,
    done: bool,
}

impl JsonLinesSource {
    pub(crate) fn new(
        reader: Box<dyn BufRead + Send>,
        file: Arc<str>,
        max_line_bytes: usize,
        max_depth: usize,
    ) -> Self {
        JsonLinesSource {
            reader,
            file,
            line_no: 0,
            max_line_bytes,
            max_depth,
            queue: VecDeque::new(),
            buf: Vec::new(),
            done: false,
        }
    }

    fn error(&self, reason: String) -> Option<Result<RawRecord, RowError>> {
        Some(Err(RowError::new(&self.file, self.line_no, None, reason)))
    }

    fn parse_line(&mut self) -> Option<Result<RawRecord, RowError>> {
        if nesting_depth(&self.buf) > self.max_depth {
            return self.error(too_deep_reason(self.max_depth));
        }
        let value = match parse_json_bytes(self.buf.trim_ascii()) {
            Err(()) => return self.error(UNDECODABLE.to_string()),
            Ok(Err(e)) => return self.error(json_error_reason("JSON line", &e, self.line_no)),
            Ok(Ok(v)) => v,
        };
        let row = self.line_no;
        let Node::Object(mut entries) = value else {
            return self.error("JSON line is not an object".to_string());
        };
        let Some(items) = record_array(&mut entries) else {
            return Some(
                flatten_record(Node::Object(entries))
                    .map(|(fields, users)| RawRecord { row, sub: None, fields, users })
                    .map_err(|reason| RowError::new(&self.file, row, None, reason)),
            );
        };
        let users = entries
            .iter()
            .find(|(k, _)| k == "includes")
            .and_then(|(_, includes)| users_from_includes(includes));
        for (idx, item) in items.into_iter().enumerate() {
            let result = flatten_record(item)
                .map(|(fields, own_users)| RawRecord {
                    row,
                    sub: Some(idx as u32 + 1),
                    fields,
                    users: own_users.or_else(|| users.clone()),
                })
                .map_err(|reason| RowError::new(&self.file, row, None, reason));
            self.queue.push_back(result);
        }
        self.queue.pop_front().or_else(|| self.next_raw())
    }
}

impl RawSource for JsonLinesSource {
    fn next_raw(&mut self) -> Option<Result<RawRecord, RowError>> {
        if let Some(item) = self.queue.pop_front() {
            return Some(item);
        }
        while !self.done {
            self.buf.clear();
            let (n_read, overflow) =
                match read_line_capped(&mut *self.reader, &mut self.buf, self.max_line_bytes) {
                    Ok(r) => r,
                    Err(e) => {
                        self.done = true;
                        self.line_no += 1;
                        return self.error(format!("read error: {e}"));
                    }
                };
            if n_read == 0 {
                self.done = true;
                return None;
            }
            self.line_no += 1;
            if overflow {
                let limit = self.max_line_bytes;
                return self.error(format!("line over the size limit ({limit} bytes)"));
            }
            if self.buf.trim_ascii().is_empty() {
                continue;
            }
            return self.parse_line();
        }
        None
    }
}

/// Reads one line (through `\n`) into `buf`, keeping at most `cap` bytes. Returns the number of
/// bytes consumed and whether the line was longer than `cap`.
fn read_line_capped(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<(usize, bool)> {
    let mut n_read = 0;
    let mut overflow = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((n_read, overflow));
        }
        let (chunk, found) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        if buf.len() + chunk.len() <= cap {
            buf.extend_from_slice(chunk);
        } else {
            overflow = true;
        }
        let n = chunk.len();
        r.consume(n);
        n_read += n;
        if found {
            return Ok((n_read, overflow));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    #[test]
    fn lines_with_bad_lines_and_pages() {
        let text = "{\"a\":1}\n\n{bad\n[1]\n{\"data\":[{\"a\":2},{\"a\":3}],\"includes\":{\"users\":[]}}\n{\"a\":4}";
        let mut source = JsonLinesSource::new(
            Box::new(Cursor::new(text.as_bytes().to_vec())),
            Arc::from("f"),
            1000,
            64,
        );
        let items: Vec<_> = std::iter::from_fn(|| source.next_raw()).collect();
        let rows: Vec<(u64, Option<u32>, bool)> = items
            .iter()
            .map(|r| match r {
                Ok(r) => (r.row, r.sub, true),
                Err(e) => (e.row, None, false),
            })
            .collect();
        assert_eq!(
            rows,
            [
                (1, None, true),
                (3, None, false),
                (4, None, false),
                (5, Some(1), true),
                (5, Some(2), true),
                (6, None, true)
            ]
        );
        assert_eq!(
            items[1].as_ref().unwrap_err().reason,
            "malformed JSON line (key must be a string at line 3, column 2)"
        );
        assert_eq!(items[2].as_ref().unwrap_err().reason, "JSON line is not an object");
    }

    #[test]
    fn capped_lines() {
        let mut r = Cursor::new(b"0123456789\nab".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut buf, 5).unwrap(), (11, true));
        buf.clear();
        assert_eq!(read_line_capped(&mut r, &mut buf, 5).unwrap(), (2, false));
        assert_eq!(buf, b"ab");
    }
}
