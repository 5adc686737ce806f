//! Bytes in, UTF-8 bytes out: gzip, byte-order marks, UTF-16 and the Windows-1252 fallback.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use flate2::read::MultiGzDecoder;

use crate::Error;

/// How the file was compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`), detected from its magic bytes.
    Gzip,
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
        })
    }
}

/// The decoded stream: UTF-8 bytes (except for stray non-UTF-8 bytes in UTF-8 files, which
/// [`decode_field`] handles), plus what was detected on the way.
pub(crate) struct Decoded {
    pub reader: Box<dyn BufRead + Send>,
    pub compression: Compression,
    pub encoding: &'static str,
}

const PEEK_BYTES: usize = 64 * 1024;

/// Unwraps gzip and transcodes UTF-16 to UTF-8. Fails on empty input and broken gzip headers.
pub(crate) fn decode_stream(file: &str, raw: Box<dyn Read + Send>) -> crate::Result<Decoded> {
    let io_err = |source| Error::Io { file: file.to_string(), source };
    let (head, raw) = peek(raw, 2).map_err(io_err)?;
    if head.is_empty() {
        return Err(Error::Empty { file: file.to_string() });
    }
    let (compression, stream): (Compression, Box<dyn Read + Send>) = if head == [0x1f, 0x8b] {
        (Compression::Gzip, Box::new(GzipReader(MultiGzDecoder::new(raw))))
    } else {
        (Compression::None, raw)
    };
    let (head, stream) = peek(stream, 4096).map_err(|e| match compression {
        Compression::Gzip => {
            let inner = e.get_ref().and_then(|inner| inner.downcast_ref::<GzipFailure>());
            let message = inner.map_or_else(|| e.to_string(), |failure| failure.0.clone());
            Error::Gzip { file: file.to_string(), message }
        }
        Compression::None => io_err(e),
    })?;
    if head.is_empty() {
        return Err(Error::Empty { file: file.to_string() });
    }
    let (encoding, bom_len): (Option<&'static Encoding>, usize) = match head.as_slice() {
        [0xEF, 0xBB, 0xBF, ..] => (None, 3),
        [0xFF, 0xFE, ..] => (Some(UTF_16LE), 2),
        [0xFE, 0xFF, ..] => (Some(UTF_16BE), 2),
        _ => (sniff_utf16(&head), 0),
    };
    let label = match (encoding, bom_len) {
        (None, 0) => "UTF-8",
        (None, _) => "UTF-8 (BOM)",
        (Some(e), 0) if e == UTF_16LE => "UTF-16LE (no BOM)",
        (Some(e), 0) if e == UTF_16BE => "UTF-16BE (no BOM)",
        (Some(e), _) if e == UTF_16LE => "UTF-16LE",
        (Some(_), _) => "UTF-16BE",
    };
    let stream = skip_prefix(stream, bom_len);
    match encoding {
        None => finish(compression, label, stream),
        Some(encoding) => {
            let transcoded = Transcoder::new(stream, encoding.new_decoder_without_bom_handling());
            finish(compression, label, Box::new(transcoded))
        }
    }
}

/// A gzip decoder whose errors say that the gzip stream is what broke (flate2 says only
/// "incomplete deflate stream" or "invalid gzip header").
struct GzipReader<R>(MultiGzDecoder<R>);

impl<R: Read> Read for GzipReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                return e;
            }
            io::Error::new(e.kind(), GzipFailure(e.to_string()))
        })
    }
}

/// What the gzip decoder said, displayed as a broken gzip stream.
#[derive(Debug)]
struct GzipFailure(String);

impl fmt::Display for GzipFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "broken gzip stream (truncated or corrupt): {}", self.0)
    }
}

impl std::error::Error for GzipFailure {}

fn finish(
    compression: Compression,
    encoding: &'static str,
    stream: Box<dyn Read + Send>,
) -> crate::Result<Decoded> {
    Ok(Decoded {
        reader: Box::new(BufReader::with_capacity(PEEK_BYTES, stream)),
        compression,
        encoding,
    })
}

/// Reads up to `n` bytes and returns them with a reader that yields them again, then the rest.
///
/// An error after some bytes is kept for the reader to return where it happened, so that what
/// comes before it is read.
fn peek(mut r: Box<dyn Read + Send>, n: usize) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut head = Vec::with_capacity(n);
    let rest = match (&mut r).take(n as u64).read_to_end(&mut head) {
        Ok(_) => r,
        Err(e) if head.is_empty() => return Err(e),
        Err(e) => Box::new(FailOnce(Some(e))),
    };
    let again: Box<dyn Read + Send> = Box::new(Cursor::new(head.clone()).chain(rest));
    Ok((head, again))
}

/// A reader that fails once with the error it holds, then ends.
pub(crate) struct FailOnce(pub(crate) Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

fn skip_prefix(r: Box<dyn Read + Send>, n: usize) -> Box<dyn Read + Send> {
    if n == 0 {
        return r;
    }
    let mut r = r;
    let mut sink = [0u8; 4];
    // The prefix was already peeked, so this read cannot come up short except on a bug.
    let _ = r.read_exact(&mut sink[..n]);
    r
}

/// Detects UTF-16 without a byte-order mark from the NUL bytes ASCII text has in it.
fn sniff_utf16(head: &[u8]) -> Option<&'static Encoding> {
    let n_pairs = head.len() / 2;
    if n_pairs < 2 {
        return None;
    }
    let pairs = head.chunks_exact(2);
    let n_even_zero = pairs.clone().filter(|p| p[0] == 0 && p[1] != 0).count();
    let n_odd_zero = pairs.filter(|p| p[1] == 0 && p[0] != 0).count();
    if n_odd_zero * 10 >= n_pairs * 6 && n_even_zero * 10 < n_pairs {
        Some(UTF_16LE)
    } else if n_even_zero * 10 >= n_pairs * 6 && n_odd_zero * 10 < n_pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A `Read` adapter that decodes a legacy encoding to UTF-8 as it goes.
struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    in_buf: Vec<u8>,
    out_buf: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

impl<R: Read> Transcoder<R> {
    fn new(inner: R, decoder: Decoder) -> Self {
        Transcoder {
            inner,
            decoder,
            in_buf: vec![0; 16 * 1024],
            out_buf: Vec::new(),
            out_pos: 0,
            eof: false,
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.out_buf.len() {
            if self.eof {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.in_buf)?;
            self.eof = n == 0;
            let capacity = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.out_buf.clear();
            self.out_buf.resize(capacity, 0);
            let (_, n_read, n_written, _) =
                self.decoder.decode_to_utf8(&self.in_buf[..n], &mut self.out_buf, self.eof);
            debug_assert_eq!(n_read, n, "BUG: the output buffer was sized for all input");
            self.out_buf.truncate(n_written);
            self.out_pos = 0;
        }
        let n = buf.len().min(self.out_buf.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out_buf[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// Why a field's bytes could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Undecodable;

/// Decodes a field as UTF-8, falling back to Windows-1252 for bytes that are not UTF-8. Bytes
/// that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) make the field
/// undecodable.
pub(crate) fn decode_field(bytes: &[u8]) -> Result<Cow<'_, str>, Undecodable> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(s));
    }
    if bytes.iter().any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)) {
        return Err(Undecodable);
    }
    let (decoded, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> crate::Result<(String, &'static str, Compression)> {
        let d = decode_stream("t", Box::new(Cursor::new(bytes.to_vec())))?;
        let mut out = String::new();
        let mut reader = d.reader;
        reader.read_to_string(&mut out).unwrap();
        Ok((out, d.encoding, d.compression))
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_all(b"a,b\n").unwrap(), ("a,b\n".into(), "UTF-8", Compression::None));
        let with_bom = decode_all(b"\xEF\xBB\xBFa,b\n").unwrap();
        assert_eq!(with_bom, ("a,b\n".into(), "UTF-8 (BOM)", Compression::None));
    }

    #[test]
    fn utf16_variants() {
        let text = "Hit Sentence\tDate\nCaf\u{e9} \u{1F600}\t2026\n";
        assert_eq!(decode_all(&utf16le(text, true)).unwrap().0, text);
        assert_eq!(decode_all(&utf16le(text, true)).unwrap().1, "UTF-16LE");
        assert_eq!(decode_all(&utf16le(text, false)).unwrap().1, "UTF-16LE (no BOM)");
        assert_eq!(decode_all(&utf16le(text, false)).unwrap().0, text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_all(&be).unwrap(), (text.into(), "UTF-16BE", Compression::None));
    }

    #[test]
    fn long_utf16_crosses_buffers() {
        let text = "ab\u{e9}\u{1F600}\n".repeat(20_000);
        assert_eq!(decode_all(&utf16le(&text, true)).unwrap().0, text);
    }

    #[test]
    fn gzip_and_broken_gzip() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&utf16le("x,y\n", true)).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(decode_all(&gz).unwrap(), ("x,y\n".into(), "UTF-16LE", Compression::Gzip));
        let broken = decode_all(&[0x1f, 0x8b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert!(matches!(broken, Err(Error::Gzip { .. })), "{broken:?}");
    }

    #[test]
    fn empty_inputs() {
        assert!(matches!(decode_all(b""), Err(Error::Empty { .. })));
        assert_eq!(decode_all(b"\n\n{}").unwrap().0, "\n\n{}");
    }

    #[test]
    fn field_fallback() {
        assert_eq!(decode_field("café".as_bytes()).unwrap(), "café");
        assert_eq!(decode_field(b"caf\xe9 \x93ok\x94").unwrap(), "café “ok”");
        assert_eq!(decode_field(b"bad \x81 byte"), Err(Undecodable));
    }
}
