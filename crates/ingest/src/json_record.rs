//! One JSON record, from its bytes to named fields; shared by JSON documents (`json`) and JSON
//! Lines (`jsonl`).
//!
//! The nesting guard runs on the raw bytes before serde_json parses anything, so deep input cannot
//! overflow the stack. Parse errors become reasons that name the line and column, never the
//! content. A parsed record is flattened into dotted field paths, with X API and Talkwalker
//! envelopes unwrapped and `includes.users` kept as an id → username map.

use std::collections::HashMap;
use std::sync::Arc;

use crate::decode::decode_field;
use crate::node::Node;
use crate::source::{Fields, Users};

/// The keys under which a top-level object holds its records, in order of preference.
pub(crate) const RECORD_KEYS: [&str; 4] = ["data", "reviews", "results", "items"];

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

/// Parses a record's bytes, decoded as UTF-8 or else Windows-1252; `Err(())` when they cannot
/// be decoded (the reason given is [`UNDECODABLE`]).
pub(crate) fn parse_json_bytes(bytes: &[u8]) -> Result<Result<Node, serde_json::Error>, ()> {
    let text = decode_field(bytes).map_err(|_| ())?;
    Ok(serde_json::from_str(&text))
}

/// The reason given for a record whose bytes [`parse_json_bytes`] cannot decode.
pub(crate) const UNDECODABLE: &str = "invalid UTF-8 that cannot be decoded as Windows-1252 either";

#[cfg(test)]
mod tests {
    use super::*;

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
}
