//! Bad rows, odd encodings, fatal errors and streaming.

use std::io::Read;

use bedside_ingest::{Container, Error, MentionReaderBuilder, Preset, read_all};
use bedside_types::Mention;

use crate::util::{at, fixture, read, read_with, s};

#[test]
fn bad_rows_are_rejected_with_row_column_and_reason() {
    let r = read("bad_rows.csv");
    assert_eq!(r.detection.preset, Preset::Generic);
    let ids: Vec<(&str, u64)> = r.mentions.iter().map(|m| (m.id.as_str(), m.origin.row)).collect();
    assert_eq!(ids, [("1", 2), ("6", 8)]);
    assert_eq!(r.mentions[1].text, "Field with \"quotes\" and\na newline");
    assert_eq!(r.mentions[0].rating, Some(5.0));
    assert_eq!(
        r.rejects(),
        [
            (3, Some("date"), "unparseable date"),
            (4, Some("text"), "empty text"),
            (5, None, "ragged row: 3 fields, expected 4"),
            (6, Some("rating"), "invalid rating"),
        ]
    );
    // The blank line 7 is not a record.
    assert_eq!(r.counts(), (6, 2, 4));
    let shown = r.rejected[0].to_string();
    assert!(shown.ends_with("bad_rows.csv:3: column date: unparseable date"), "{shown}");
}

#[test]
fn windows_1252_fields_are_decoded_and_undecodable_ones_rejected() {
    let r = read("cp1252.csv");
    assert_eq!(r.detection.encoding, "UTF-8");
    assert_eq!(
        r.mentions,
        [Mention {
            id: "1".to_string(),
            text: "Café staff were “brilliant”".to_string(),
            source: "unknown".to_string(),
            ..r.base(2)
        }]
    );
    assert_eq!(
        r.rejects(),
        [(3, Some("text"), "invalid UTF-8 that cannot be decoded as Windows-1252 either")]
    );
}

#[test]
fn mojibake_and_entities_are_repaired() {
    let r = read("mojibake.csv");
    assert_eq!(r.detection.encoding, "UTF-8 (BOM)");
    let texts: Vec<&str> = r.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["I’m grateful – the café was open", "Nurse said \"don’t worry\" & smiled"]);
    assert_eq!(r.mentions[0].id, "m1");
}

#[test]
fn fatal_errors_name_the_file() {
    let builder = MentionReaderBuilder::new();
    let err = builder.open(&fixture("empty.csv")).unwrap_err();
    assert!(matches!(err, Error::Empty { .. }), "{err}");
    assert!(err.to_string().ends_with("empty.csv: file is empty"));
    let err = builder.open(&fixture("")).unwrap_err();
    assert!(matches!(err, Error::IsDirectory { .. }), "{err}");
    let err = builder.open(&fixture("no_such_file.csv")).unwrap_err();
    assert!(
        matches!(err, Error::Io { .. }) && err.to_string().contains("no_such_file.csv"),
        "{err}"
    );
    let err = builder.from_reader("blank.csv", &b" \n \r\n"[..]).unwrap_err();
    assert!(matches!(err, Error::Empty { .. }), "{err}");
    let err = builder.from_reader("obj.json", &b"{\n  \"meta\": {\"n\": 1}\n}\n"[..]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "obj.json: unknown format: a JSON object without a record array (data, reviews, results, \
         items)"
    );
    let broken_gzip: &'static [u8] = &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad];
    let err = builder.from_reader("x.gz", broken_gzip).unwrap_err();
    assert!(matches!(err, Error::Gzip { .. }), "{err}");
}

#[test]
fn utf16le_without_bom_is_detected() {
    let text = "Hit Sentence\tDate\tURL\nLong queue at reception\t3/4/2026\thttps://t.example/1\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut reader =
        MentionReaderBuilder::new().from_reader("melt.tsv", std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(reader.detection().encoding, "UTF-16LE (no BOM)");
    assert_eq!(reader.detection().preset, Preset::Meltwater);
    let m = reader.next().unwrap().unwrap();
    assert_eq!(
        (m.text.as_str(), m.posted_at, m.source.as_str()),
        ("Long queue at reception", at(2026, 3, 4, 0, 0, 0), "t.example")
    );
}

#[test]
fn field_size_limit() {
    let csv = format!("id,text,note\n1,short,{}\n2,{},x\n3,ok,\n", "n".repeat(50), "t".repeat(40));
    let mut builder = MentionReaderBuilder::new();
    builder.max_field_bytes(30);
    let reader = builder.from_reader("big.csv", std::io::Cursor::new(csv)).unwrap();
    let results: Vec<Result<String, String>> =
        reader.map(|r| r.map(|m| m.id).map_err(|e| e.to_string())).collect();
    assert_eq!(
        results,
        [
            Err("big.csv:2: column note: field over the size limit (50 bytes, limit 30)"
                .to_string()),
            Err("big.csv:3: column text: field over the size limit (40 bytes, limit 30)"
                .to_string()),
            Ok("3".to_string()),
        ]
    );

    // JSON records beyond 16 times the limit are skipped without being kept.
    let json = format!("[{{\"text\": \"{}\"}}, {{\"text\": \"fine\"}}]", "x".repeat(600));
    let reader = builder.from_reader("big.json", std::io::Cursor::new(json)).unwrap();
    let results: Vec<Result<String, String>> =
        reader.map(|r| r.map(|m| m.text).map_err(|e| e.to_string())).collect();
    assert_eq!(
        results,
        [
            Err("big.json:1: record over the size limit (480 bytes)".to_string()),
            Ok("fine".to_string())
        ]
    );
}

#[test]
fn row_errors_never_contain_the_text() {
    let secret = "SECRET-DIAGNOSIS";
    let inputs = [
        format!("id,date,text\n1,{secret},x\n2,2026-01-01,{secret},extra\n"),
        format!(
            "{{\"text\": \"{secret}\", \"date\": \"{secret}\", \"rating\": \"{secret}\"}}\n{{\"text\": \"{secret}\n"
        ),
        format!("[{{\"text\": \"{secret}\"}}, {{\"text\": {secret}}}]"),
    ];
    for (idx, input) in inputs.into_iter().enumerate() {
        let name = ["a.csv", "b.jsonl", "c.json"][idx];
        let reader =
            MentionReaderBuilder::new().from_reader(name, std::io::Cursor::new(input)).unwrap();
        let errors: Vec<String> = reader.filter_map(|r| r.err()).map(|e| e.to_string()).collect();
        assert!(!errors.is_empty(), "{name}");
        for e in errors {
            assert!(!e.contains(secret), "{e}");
        }
    }
}

#[test]
fn detection_is_displayed_for_inspect() {
    let reader = MentionReaderBuilder::new().open(&fixture("survey_fft.csv.gz")).unwrap();
    let shown = reader.detection().to_string();
    let expected_tail = "container:   CSV (delimiter ',')
compression: gzip
encoding:    UTF-8
format:      survey
header row:  1
dates:       day first (DD/MM/YYYY)
fields:
  id           <- Response ID
  text         <- Free text
  date         <- Date
  provider_id  <- Organisation code
  rating       <- FFT score
  question     <- FFT question
  source       = survey
columns (7): Response ID, Date, Organisation code, Site, FFT question, FFT score, Free text";
    assert_eq!(shown, expected_tail);
}

#[test]
fn inspect_never_shows_a_json_key_that_reads_as_text() {
    let secret = "SECRET my mother has cancer and nobody called";
    let path = std::env::temp_dir().join(format!("bedside-keys-{}.jsonl", std::process::id()));
    std::fs::write(&path, format!("{{\"text\":\"ok\",\"{secret}\":\"x\",\"id\":\"1\"}}\n"))
        .unwrap();
    let reader = MentionReaderBuilder::new().open(&path).unwrap();
    let shown = reader.detection().to_string();
    std::fs::remove_file(&path).unwrap();
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.ends_with("columns (3): text, (field 2), id"), "{shown}");
}

#[test]
fn read_all_collects_both_sides() {
    let (mentions, rejected) =
        read_all(&fixture("hootsuite.csv"), &MentionReaderBuilder::new()).unwrap();
    assert_eq!((mentions.len(), rejected.len()), (1, 1));
}

/// An endless-looking JSON array produced on the fly, to check that records stream.
struct GeneratedArray {
    n_records: usize,
    emitted: usize,
    buf: Vec<u8>,
    pos: usize,
}

impl Read for GeneratedArray {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            if self.emitted == 0 {
                self.buf.extend_from_slice(b"{\"data\": [");
            }
            if self.emitted < self.n_records {
                let sep = if self.emitted == 0 { "" } else { "," };
                let rec = format!(
                    "{sep}{{\"id\": \"{}\", \"text\": \"record number {} &amp; more\", \"created_at\": \"2026-03-04T09:30:00Z\", \"author_id\": \"1\"}}\n",
                    self.emitted, self.emitted
                );
                self.buf.extend_from_slice(rec.as_bytes());
                self.emitted += 1;
            } else if self.emitted == self.n_records {
                self.buf.extend_from_slice(b"]}");
                self.emitted += 1;
            } else {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn json_documents_stream_one_record_at_a_time() {
    let n_records = 200_000;
    let source = GeneratedArray { n_records, emitted: 0, buf: Vec::new(), pos: 0 };
    let mut reader = MentionReaderBuilder::new().from_reader("gen.json", source).unwrap();
    assert_eq!(
        (reader.detection().container, reader.detection().preset),
        (Container::Json, Preset::XApiV2)
    );
    let mut n_seen = 0;
    let mut last = None;
    for m in &mut reader {
        let m = m.unwrap();
        n_seen += 1;
        last = Some(m);
    }
    assert_eq!(n_seen, n_records);
    let last = last.unwrap();
    assert_eq!(
        (last.id, last.text, last.author),
        ((n_records - 1).to_string(), format!("record number {} & more", n_records - 1), s("1"))
    );
    assert_eq!(reader.stats().read, n_records as u64);
}

#[test]
fn forced_delimiter() {
    let mut builder = MentionReaderBuilder::new();
    builder.delimiter(Some(b'|'));
    // Split on `|`, the comma-separated header is one column with no known name: a fatal error
    // rather than a silent misread.
    let err = builder.open(&fixture("bad_rows.csv")).unwrap_err();
    assert!(
        matches!(err, Error::NoTextColumn { ref columns, .. } if columns == &["id,date,text,rating"]),
        "{err}"
    );
    builder.delimiter(Some(b','));
    let r = read_with("bad_rows.csv", &builder);
    assert_eq!(r.counts(), (6, 2, 4));
}
