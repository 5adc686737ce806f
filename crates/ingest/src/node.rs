//! A JSON value that keeps object keys in document order.
//!
//! `serde_json::Value` sorts object keys unless serde_json's `preserve_order` feature is on, and
//! that feature would change key order for every crate of the workspace. Records need their
//! fields in export order (for `Mention::extra`), so they are parsed into this small tree.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The error for integers too large to keep exactly (beyond 64 bits).
pub(crate) const INTEGER_TOO_LARGE: &str = "number too large to read exactly";

/// A parsed JSON value; numbers are kept as their text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The value under `key`, for objects.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Node, E> {
        // Integers beyond 64 bits arrive as floats, their digits lost: a 30-digit id would come
        // out as `1.2345678901234568e29`. Refuse rather than invent one.
        if v.fract() == 0.0 && v.abs() >= 18_446_744_073_709_551_616.0 {
            return Err(E::custom(INTEGER_TOO_LARGE));
        }
        let text = serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string());
        Ok(Node::Number(text))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_number_text() {
        let node: Node =
            serde_json::from_str(r#"{"z": 1, "a": [2.5, -3, null, true], "m": "s"}"#).unwrap();
        let Node::Object(entries) = &node else { panic!("BUG: not an object") };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(
            node.get("a"),
            Some(&Node::Array(vec![
                Node::Number("2.5".into()),
                Node::Number("-3".into()),
                Node::Null,
                Node::Bool(true)
            ]))
        );
        assert_eq!(node.get("m").and_then(Node::as_str), Some("s"));
        assert_eq!(node.get("q"), None);
        let big: Result<Node, _> = serde_json::from_str("[123456789012345678901234567890]");
        assert!(big.unwrap_err().to_string().starts_with(INTEGER_TOO_LARGE));
        let big: Result<Node, _> = serde_json::from_str("[1.5e300]");
        assert!(big.unwrap_err().to_string().starts_with(INTEGER_TOO_LARGE));
        let fine: Node = serde_json::from_str("[18446744073709551615, 0.5, -2.5]").unwrap();
        let expected = ["18446744073709551615", "0.5", "-2.5"];
        assert_eq!(fine, Node::Array(expected.map(|n| Node::Number(n.into())).to_vec()));
    }
}
