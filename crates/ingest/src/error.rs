use std::fmt;
use std::sync::Arc;

use crate::MentionField;

/// A fatal error: the file as a whole cannot be read.
///
/// Problems with single records are [`RowError`]s instead and do not stop the reader. Messages
/// name the file and, where it helps, the columns found; they never contain record text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file as given.
        file: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The path is a directory.
    #[error("{file}: is a directory")]
    IsDirectory {
        /// The path as given.
        file: String,
    },
    /// The file (after decompression) has no bytes, or only whitespace.
    #[error("{file}: file is empty")]
    Empty {
        /// The file as given.
        file: String,
    },
    /// The file starts like gzip but does not decompress.
    #[error("{file}: broken gzip stream: {message}")]
    Gzip {
        /// The file as given.
        file: String,
        /// What the decompressor said.
        message: String,
    },
    /// The file is not text: an image, a spreadsheet workbook, random bytes...
    #[error("{file}: not a text export: this looks like {what}")]
    NotText {
        /// The file as given.
        file: String,
        /// What the file looks like instead (`a PNG image`, `binary data`).
        what: String,
    },
    /// The container (CSV, JSON, JSON Lines) or its layout is not recognized.
    #[error("{file}: unknown format: {reason}")]
    UnknownFormat {
        /// The file as given.
        file: String,
        /// Why detection failed.
        reason: String,
    },
    /// No column holds the text, and no `text` column was given.
    #[error(
        "{file}: no text column found (detected format {preset}); columns: {}; name one with a \
         column mapping (--text-col)",
        ShownColumns(columns)
    )]
    NoTextColumn {
        /// The file as given.
        file: String,
        /// The preset in use.
        preset: crate::Preset,
        /// The columns (CSV) or field paths of the first record (JSON) that were found.
        columns: Vec<String>,
    },
    /// A column named by the [`ColumnMapping`](crate::ColumnMapping) is not in the file.
    #[error(
        "{file}: column {column:?} given for {field} not found; columns: {}",
        ShownColumns(columns)
    )]
    MissingColumn {
        /// The file as given.
        file: String,
        /// The field the column was meant to feed.
        field: MentionField,
        /// The column name given.
        column: String,
        /// The columns that were found.
        columns: Vec<String>,
    },
    /// A CSV column that feeds a field appears more than once in the header, so which one holds
    /// the value cannot be told.
    #[error(
        "{file}: column {column:?} for {field} appears {} times in the header (columns {}); \
         rename or remove the extra ones",
        positions.len(),
        positions.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
    )]
    DuplicateColumn {
        /// The file as given.
        file: String,
        /// The field the column feeds.
        field: MentionField,
        /// The column name (as matched, ignoring ASCII case).
        column: String,
        /// The 1-based positions of the columns with that name.
        positions: Vec<usize>,
    },
    /// A `--format` name that is not a preset.
    #[error("unknown format {name:?}; expected one of: {}", crate::Preset::NAMES.join(", "))]
    UnknownPreset {
        /// The name given.
        name: String,
    },
}

/// A record that could not become a [`Mention`](bedside_types::Mention).
///
/// Displays as `file:row: column X: reason`. The reason never quotes the record's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The file as given.
    pub file: Arc<str>,
    /// The 1-based row where the record starts: the line for CSV and JSON Lines, the record
    /// number for JSON documents (as in [`Origin`](bedside_types::Origin)).
    pub row: u64,
    /// The column or field path at fault, if one is.
    pub column: Option<String>,
    /// Why the record was rejected.
    pub reason: String,
}

impl RowError {
    pub(crate) fn new(file: &Arc<str>, row: u64, column: Option<&str>, reason: String) -> Self {
        RowError { file: Arc::clone(file), row, column: column.map(str::to_string), reason }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.row)?;
        if let Some(column) = &self.column {
            write!(f, "column {column}: ")?;
        }
        f.write_str(&self.reason)
    }
}

impl std::error::Error for RowError {}

/// `name` if it looks like a column name rather than mention text (see [`ShownColumns`]).
pub(crate) fn shown_name(name: &str) -> Option<&str> {
    looks_like_name(name).then_some(name)
}

fn looks_like_name(name: &str) -> bool {
    name.chars().count() <= ShownColumns::MAX_NAME_CHARS
        && name.split_whitespace().count() <= ShownColumns::MAX_NAME_WORDS
        && !name.chars().any(|c| c.is_control() || c == char::REPLACEMENT_CHARACTER)
}

/// Displays column names only when they look like a header row.
///
/// A file without a header has mention text where the names should be, and mention text never
/// goes into an error: names longer than [`ShownColumns::MAX_NAME_CHARS`] characters or
/// [`ShownColumns::MAX_NAME_WORDS`] words, or holding control or replacement characters, make
/// the whole list print as a count instead. A short text can still pass for a name; that is why
/// the list is shown only where no header row was recognized.
pub(crate) struct ShownColumns<'a>(pub(crate) &'a [String]);

impl ShownColumns<'_> {
    const MAX_NAME_CHARS: usize = 40;
    const MAX_NAME_WORDS: usize = 4;
}

impl std::fmt::Display for ShownColumns<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let looks_like_header = self.0.iter().all(|name| looks_like_name(name));
        if looks_like_header {
            f.write_str(&self.0.join(", "))
        } else {
            write!(f, "{} (not shown: they do not look like a header row)", self.0.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_that_look_like_text_are_not_shown() {
        let header = ["Date".to_string(), "Comment".to_string()];
        assert_eq!(ShownColumns(&header).to_string(), "Date, Comment");
        let data_row = [
            "2026-01-01".to_string(),
            "SENTINEL my mother was treated badly on ward 4 last week".to_string(),
        ];
        let short_text = ["1".to_string(), "SENTINEL nurses were kind to us".to_string()];
        assert!(!ShownColumns(&short_text).to_string().contains("SENTINEL"));
        let shown = ShownColumns(&data_row).to_string();
        assert!(!shown.contains("SENTINEL"), "{shown}");
        assert!(shown.starts_with("2 "), "{shown}");
        let binary = ["\u{fffd}\u{1}x".to_string()];
        assert!(!ShownColumns(&binary).to_string().contains('x'));
    }
}
