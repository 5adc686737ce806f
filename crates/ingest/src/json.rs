//! JSON documents and JSON Lines, one record at a time.
//!
//! A JSON document (a top-level array, or an object holding a `data`, `reviews`, `results` or
//! `items` array) is split by a small incremental scanner: it finds where each array element
//! ends without parsing it, hands the element's bytes to serde_json, and forgets them. Memory is
//! bounded by the largest record, not the file.

use std::collections::HashMap;
use std::io::{self, BufRead};
use std::sync::Arc;

use crate::RowError;
use crate::decode::decode_field;
use crate::node::Node;
use crate::source::{Fields, RawRecord, RawSource, Users};

/// The keys under which a top-level object holds its records, in order of preference.
pub(crate) const RECORD_KEYS: [&str; 4] = ["data", "reviews", "results", "items"];

/// The most `includes` (X API user objects) kept in memory.
const MAX_INCLUDES_BYTES: usize = 256 * 1024 * 1024;

/// Turns a parsed JSON record into fields: nested objects become dotted paths
/// (`reviewer.displayName`), arrays get indices (`entities.mentions.0.username`), nulls are
/// dropped. An envelope `{"data": {...}, "includes": {...}}` (X API, Talkwalker) is unwrapped:
/// the fields of `data` come first without a prefix.
pub(crate) fn flatten_record(value: Node) -> Result<(Fields, Option<Users>), String> {
    let Node::Object(mut entries) = value else {
        return Err("record is not a JSON object".to_string());
    };
    let mut fields = Vec::new();
    let mut users = None;
    if let Some(data_idx) =
        entries.iter().position(|(k, v)| k == "data" && matches!(v, Node::Object(_)))
    {
        let (_, data) = entries.remove(data_idx);
        if let Some(idx) = entries.iter().position(|(k, _)| k == "includes") {
            users = users_from_includes(&entries.remove(idx).1);
        }
        flatten_into("", data, &mut fields);
    }
    flatten_into("", Node::Object(entries), &mut fields);
    if let Some(name) = duplicate_name(&fields) {
        // Which of the values is the text, the date...? Guessing could score the wrong one.
        return Err(match crate::error::shown_name(name) {
            Some(name) => format!("duplicate key {name:?}"),
            None => "duplicate keys".to_string(),
        });
    }
    Ok((fields, users))
}

/// A field path that occurs twice (ignoring ASCII case, as columns are matched), if any.
fn duplicate_name(fields: &Fields) -> Option<&str> {
    let mut names: Vec<&str> = fields.iter().map(|(k, _)| &**k).collect();
    let lower = |name: &str| name.bytes().map(|b| b.to_ascii_lowercase()).collect::<Vec<u8>>();
    if names.len() <= 16 {
        for (idx, name) in names.iter().enumerate() {
            if names[..idx].iter().any(|other| other.eq_ignore_ascii_case(name)) {
                return Some(name);
            }
        }
        return None;
    }
    names.sort_by_key(|name| lower(name));
    names.windows(2).find(|pair| pair[0].eq_ignore_ascii_case(pair[1])).map(|pair| pair[1])
}

fn flatten_into(prefix: &str, value: Node, out: &mut Fields) {
    let join = |key: &str| {
        if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") }
    };
    match value {
        Node::Null => {}
        Node::Bool(b) => out.push((Arc::from(prefix), b.to_string())),
        Node::Number(n) | Node::String(n) => out.push((Arc::from(prefix), n)),
        Node::Array(items) => {
            for (idx, item) in items.into_iter().enumerate() {
                flatten_into(&join(&idx.to_string()), item, out);
            }
        }
        Node::Object(entries) => {
            for (key, item) in entries {
                flatten_into(&join(&key), item, out);
            }
        }
    }
}

/// Reads `includes.users` of an X API response into an id → username map.
pub(crate) fn users_from_includes(includes: &Node) -> Option<Users> {
    let Some(Node::Array(users)) = includes.get("users") else { return None };
    let map: HashMap<String, String> = users
        .iter()
        .filter_map(|u| {
            let id = u.get("id")?.as_str()?;
            let username = u.get("username")?.as_str()?;
            Some((id.to_string(), username.to_string()))
        })
        .collect();
    Some(Arc::new(map))
}

/// If `entries` are a whole response (an object with a record array), takes the array out.
pub(crate) fn record_array(entries: &mut Vec<(String, Node)>) -> Option<Vec<Node>> {
    let idx = RECORD_KEYS.iter().find_map(|key| {
        entries.iter().position(|(k, v)| k == key && matches!(v, Node::Array(_)))
    })?;
    match entries.remove(idx).1 {
        Node::Array(items) => Some(items),
        _ => None,
    }
}

/// A reason for a serde_json error that names the place, never the content.
///
/// serde_json's syntax messages are fixed phrases ("expected value", "number out of range"), so
/// they are kept; other messages could quote a value and are not.
pub(crate) fn json_error_reason(what: &str, e: &serde_json::Error, first_line: u64) -> String {
    use serde_json::error::Category;
    let line = first_line + e.line().saturating_sub(1) as u64;
    let full = e.to_string();
    let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(message, _)| message);
    match e.classify() {
        Category::Eof => format!("malformed {what} (ends early, line {line})"),
        Category::Syntax => {
            format!("malformed {what} ({message} at line {line}, column {})", e.column())
        }
        Category::Data if message == crate::node::INTEGER_TOO_LARGE => {
            format!("{message} (line {line}, column {})", e.column())
        }
        _ => format!("malformed {what} (invalid value at line {line}, column {})", e.column()),
    }
}

/// The deepest nesting of arrays and objects in a JSON text, the outermost one counting 1
/// (strings are skipped, so brackets inside them do not count). Malformed text gets a number
/// too: this is a guard run before parsing, not a validator.
pub(crate) fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escape) = (false, false);
    for &b in bytes {
        if in_string {
            if escape {
                escape = false;
            } else if b == b'\\' {
                escape = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The reason given for a record nested deeper than `max_depth`.
pub(crate) fn too_deep_reason(max_depth: usize) -> String {
    format!("nested deeper than the limit ({max_depth} levels)")
}

pub(crate) fn parse_json_bytes(bytes: &[u8]) -> Result<Result<Node, serde_json::Error>, ()> {
    let text = decode_field(bytes).map_err(|_| ())?;
    Ok(serde_json::from_str(&text))
}

pub(crate) const UNDECODABLE: &str = "invalid UTF-8 that cannot be decoded as Windows-1252 either";

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
    fn flattens_nested_fields() {
        let v: Node =
            serde_json::from_str(r#"{"a":1,"b":{"c":"x","d":null},"e":[{"u":"p"},true],"f":""}"#)
                .unwrap();
        let (fields, users) = flatten_record(v).unwrap();
        let got: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(got, ["a=1", "b.c=x", "e.0.u=p", "e.1=true", "f="]);
        assert!(users.is_none());
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        for (text, expected) in [
            (r#"{"text": "a", "Text": "b"}"#, Err(r#"duplicate key "Text""#.to_string())),
            (r#"{"a": {"b": 1}, "a.b": 2}"#, Err(r#"duplicate key "a.b""#.to_string())),
            (r#"{"a": 1, "b": 2}"#, Ok(2)),
        ] {
            let v: Node = serde_json::from_str(text).unwrap();
            let got = flatten_record(v).map(|(fields, _)| fields.len());
            assert_eq!(got, expected, "{text}");
        }
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"K7\": 0}}", many.join(", "));
        let v: Node = serde_json::from_str(&text).unwrap();
        assert_eq!(flatten_record(v).unwrap_err(), "duplicate key \"K7\"");
        let long_key = "SENTINEL ".repeat(10);
        let text = format!("{{\"{long_key}\": 1, \"{long_key}\": 2}}");
        let v: Node = serde_json::from_str(&text).unwrap();
        assert_eq!(flatten_record(v).unwrap_err(), "duplicate keys");
    }

    #[test]
    fn unwraps_envelopes() {
        let v: Node = serde_json::from_str(
            r#"{"data":{"id":"9","text":"t"},"includes":{"users":[{"id":"1","username":"u"}]},"matching_rules":[{"tag":"x"}]}"#,
        )
        .unwrap();
        let (fields, users) = flatten_record(v).unwrap();
        let got: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(got, ["id=9", "text=t", "matching_rules.0.tag=x"]);
        assert_eq!(users.unwrap().get("1").map(String::as_str), Some("u"));
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
    fn nesting_depth_skips_strings() {
        for (text, expected) in [
            ("1", 0),
            ("{}", 1),
            ("[[], [[]]]", 3),
            (r#"{"a": "[[[{{{", "b": [{"c": "\"]]]"}]}"#, 3),
            ("[[[", 3),
            ("]]]{", 1),
        ] {
            assert_eq!(nesting_depth(text.as_bytes()), expected, "{text}");
        }
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
