//! The error type of bedside-score.
//!
//! Errors happen only while building components (loading a taxonomy, a provider directory, a
//! lexicon); scoring itself cannot fail. Every error says where the problem is (file, line or
//! row, column) and never quotes mention text.

use std::fmt;
use std::path::PathBuf;

/// A `Result` with bedside-score's [`Error`]. Inside the crate, write `crate::Result<T>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while building bedside-score's components.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A topic taxonomy (`models/topics.toml`) is malformed or invalid.
    #[error("{file}{}: {message}", Line(.line))]
    Taxonomy {
        /// The file, or `<taxonomy>` for a taxonomy given as a string.
        file: String,
        /// The 1-based line of the problem, if the taxonomy came from a file or string.
        line: Option<usize>,
        /// What is wrong, naming the topic when there is one.
        message: String,
    },
    /// A provider directory (`providers.csv`) is malformed or invalid.
    #[error("{file}: row {row}{}: {message}", Column(.column))]
    ProviderDirectory {
        /// The file, or the name given to [`ProviderDirectory::from_reader`].
        ///
        /// [`ProviderDirectory::from_reader`]: crate::providers::ProviderDirectory::from_reader
        file: String,
        /// The 1-based line of the record in the file (the header is row 1).
        row: u64,
        /// The column, when the problem is in one field.
        column: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A learned sentiment model file is malformed or of an unsupported `format_version`.
    #[error("{file}: {message}")]
    Model {
        /// The file, or `<embedded>` for the model built into the binary.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A labeled training file is malformed (see `bedside train --help` for the format).
    #[error("{file}: row {row}{}: {message}", Column(.column))]
    TrainingData {
        /// The file.
        file: String,
        /// The 1-based row of the record in the file (the header is row 1).
        row: u64,
        /// The column, when the problem is in one field.
        column: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// No built-in scorer has this name.
    #[error("unknown scorer {0:?}")]
    UnknownScorer(String),
    /// The worker thread pool could not be started.
    #[error("cannot start the thread pool: {0}")]
    ThreadPool(String),
}

/// Displays `:<line>` for an error with a line.
struct Line<'a>(&'a Option<usize>);

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(line) => write!(f, ":{line}"),
            None => Ok(()),
        }
    }
}

/// Displays `, column <name>` for an error with a column.
struct Column<'a>(&'a Option<String>);

impl fmt::Display for Column<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(column) => write!(f, ", column {column}"),
            None => Ok(()),
        }
    }
}
