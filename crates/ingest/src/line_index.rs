//! Following a CSV stream as the csv crate reads it: where each non-blank line starts, and
//! whether the input ended inside a quoted field.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// Where non-blank lines start: `(byte offset, 1-based line)`, oldest first.
pub(crate) type LineStarts = Arc<Mutex<VecDeque<(u64, u64)>>>;

/// Passes bytes through and notes where each non-blank line starts.
///
/// The csv crate reports a record's position before the blank lines it skips, so a record after
/// a blank line would get the blank line's number. The first non-blank line start at or after
/// that position is where the record really starts.
///
/// It also follows the quoting as the csv crate reads it, to tell when the input ends inside a
/// quoted field: an unbalanced quote, which makes the csv crate read everything up to the end
/// of the file as one field.
pub(crate) struct LineIndex<R> {
    /// The reader whose bytes pass through.
    pub inner: R,
    /// Bytes read so far.
    pub offset: u64,
    /// The 1-based line the next byte is on.
    pub line: u64,
    /// The next byte that is not a line break starts a line.
    pub at_line_start: bool,
    /// The last byte was a `\r` that ended a line: a `\n` right after it ends no further one.
    pub after_cr: bool,
    /// The line starts the CSV source has not yet passed, shared with it.
    pub starts: LineStarts,
    /// The quoting, shared with the CSV source.
    pub quotes: Arc<Mutex<QuoteState>>,
}

/// Where the quoting stands in the bytes read so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct QuoteState {
    delimiter: u8,
    field: FieldState,
    /// The line of the quote that opened the current quoted field.
    open_line: u64,
    /// The line of the last byte that is not a line break.
    pub last_line: u64,
    /// The line the next byte will be on.
    pub next_line: u64,
    /// The input has ended (a read returned no bytes).
    at_eof: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum FieldState {
    /// At the start of a field (or of a record).
    #[default]
    Start,
    /// In a field that did not start with a quote: quotes are plain characters.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: a second quote is an escaped one, anything else
    /// closes the field.
    QuoteInQuoted,
}

impl QuoteState {
    /// At the start of the input, fields separated by `delimiter`.
    pub(crate) fn new(delimiter: u8) -> QuoteState {
        QuoteState { delimiter, ..QuoteState::default() }
    }

    fn step(&mut self, b: u8, line: u64) {
        let ends_field = b == self.delimiter || b == b'\n' || b == b'\r';
        self.field = match self.field {
            FieldState::Quoted if b == b'"' => FieldState::QuoteInQuoted,
            FieldState::Quoted => FieldState::Quoted,
            FieldState::QuoteInQuoted if b == b'"' => FieldState::Quoted,
            _ if ends_field => FieldState::Start,
            FieldState::Start if b == b'"' => {
                self.open_line = line;
                FieldState::Quoted
            }
            _ => FieldState::Unquoted,
        };
    }

    /// The line of the quote still open at the end of the input, if the input has ended.
    pub(crate) fn unclosed_at_eof(&self) -> Option<u64> {
        (self.at_eof && self.field == FieldState::Quoted).then_some(self.open_line)
    }
}

impl<R: Read> Read for LineIndex<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut starts = self.starts.lock().unwrap_or_else(|e| e.into_inner());
        let mut quotes = self.quotes.lock().unwrap_or_else(|e| e.into_inner());
        quotes.at_eof = n == 0;
        let bytes = &buf[..n];
        let mut i = 0;
        while i < n {
            // Inside a field, away from a line start, only a few bytes change anything: a quote
            // in a quoted field, the delimiter in an unquoted one, and line breaks. The bytes
            // before the next such byte each leave the state as the last of them leaves it.
            if !self.at_line_start {
                let rest = &bytes[i..];
                let skip = match quotes.field {
                    FieldState::Quoted => memchr::memchr3(b'"', b'\n', b'\r', rest),
                    FieldState::Unquoted => memchr::memchr3(quotes.delimiter, b'\n', b'\r', rest),
                    FieldState::Start | FieldState::QuoteInQuoted => Some(0),
                };
                let skip = skip.unwrap_or(rest.len());
                if skip > 0 {
                    quotes.last_line = self.line;
                    self.after_cr = false;
                    i += skip;
                    continue;
                }
            }
            let b = bytes[i];
            let quoted = quotes.field == FieldState::Quoted;
            quotes.step(b, self.line);
            // A line ends at `\n`, `\r\n`, or, outside quoted fields, at a `\r` alone (old Mac
            // files), as the csv crate ends records. Inside a quoted field a lone `\r` is text.
            let ends_line = match b {
                b'\n' => !self.after_cr,
                b'\r' => !quoted,
                _ => false,
            };
            if ends_line {
                self.line += 1;
            }
            if b == b'\n' || b == b'\r' {
                self.at_line_start = true;
            } else {
                quotes.last_line = self.line;
                if self.at_line_start {
                    starts.push_back((self.offset + i as u64, self.line));
                    self.at_line_start = false;
                }
            }
            self.after_cr = b == b'\r' && ends_line;
            i += 1;
        }
        quotes.next_line = self.line;
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads in chunks of the given sizes, cycling.
    struct Chunked<'a> {
        bytes: &'a [u8],
        sizes: Vec<usize>,
        next: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let size = self.sizes[self.next % self.sizes.len()].min(buf.len());
            self.next += 1;
            let n = size.min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// The byte-at-a-time index that `LineIndex::read` skips runs of: the same state after
    /// every read, on random bytes rich in quotes, delimiters and line breaks.
    #[test]
    fn line_index_skipping_matches_byte_at_a_time() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"ab;,\"\"\n\r \t";
        for case in 0..400 {
            let len = (next() % 300) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| alphabet[(next() % 9) as usize]).collect();
            let sizes: Vec<usize> = (0..4).map(|_| 1 + (next() % 40) as usize).collect();
            let delimiter = if case % 2 == 0 { b',' } else { b';' };
            let state = QuoteState { delimiter, ..QuoteState::default() };
            let mut index = LineIndex {
                inner: Chunked { bytes: &bytes, sizes, next: 0 },
                offset: 0,
                line: 1,
                at_line_start: true,
                after_cr: false,
                starts: LineStarts::default(),
                quotes: Arc::new(Mutex::new(state)),
            };
            let mut reference = (state, 1u64, true, false, Vec::new());
            let mut offset = 0u64;
            let mut buf = [0u8; 64];
            loop {
                let n = index.read(&mut buf).unwrap();
                let (quotes, line, at_line_start, after_cr, starts) = &mut reference;
                quotes.at_eof = n == 0;
                for (i, &b) in buf[..n].iter().enumerate() {
                    let quoted = quotes.field == FieldState::Quoted;
                    quotes.step(b, *line);
                    let ends_line = match b {
                        b'\n' => !*after_cr,
                        b'\r' => !quoted,
                        _ => false,
                    };
                    *line += u64::from(ends_line);
                    if b == b'\n' || b == b'\r' {
                        *at_line_start = true;
                    } else {
                        quotes.last_line = *line;
                        if *at_line_start {
                            starts.push((offset + i as u64, *line));
                            *at_line_start = false;
                        }
                    }
                    *after_cr = b == b'\r' && ends_line;
                }
                quotes.next_line = *line;
                offset += n as u64;
                let got: Vec<(u64, u64)> = index.starts.lock().unwrap().iter().copied().collect();
                assert_eq!(*index.quotes.lock().unwrap(), *quotes, "case {case}");
                assert_eq!(
                    (index.line, index.at_line_start, index.after_cr, &got),
                    (*line, *at_line_start, *after_cr, &*starts),
                    "case {case}"
                );
                if n == 0 {
                    break;
                }
            }
        }
    }
}
