//! The seam between containers (CSV, JSON, JSON Lines) and the mapping onto `Mention`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::RowError;

/// X API user ids mapped to usernames, from a response's `includes.users`.
pub(crate) type Users = Arc<HashMap<String, String>>;

/// Named string fields in export order.
pub(crate) type Fields = Vec<(Arc<str>, String)>;

/// One record as the container read it: named string fields in export order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawRecord {
    /// The 1-based row (line, or record number for JSON documents) where it starts.
    pub row: u64,
    /// The 1-based position within a JSON line that held several records.
    pub sub: Option<u32>,
    /// The fields: CSV columns in header order, or flattened JSON paths.
    pub fields: Fields,
    /// Usernames from the X API `includes` that came with the record.
    pub users: Option<Users>,
}

/// A container reader: yields raw records, or row errors for records it cannot read.
pub(crate) trait RawSource: Send {
    /// The next record, or `None` at the end.
    fn next_raw(&mut self) -> Option<Result<RawRecord, RowError>>;
}
