use std::path::PathBuf;

/// A [`Result`](std::result::Result) whose error is this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong while building or writing a report.
///
/// Messages name ids, indexes and paths, never mention text. Errors from polars and the CSV
/// writer are kept as strings so that their versions do not leak into this crate's API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `mentions` and `analyses` must be the same length: `analyses[i]` is about `mentions[i]`.
    #[error("got {n_mentions} mentions but {n_analyses} analyses; they must pair up one to one")]
    LengthMismatch {
        /// The number of mentions.
        n_mentions: usize,
        /// The number of analyses.
        n_analyses: usize,
    },
    /// An analysis does not carry the id of the mention at the same index.
    #[error("analysis {index} has id {analysis_id:?} but mention {index} has id {mention_id:?}")]
    IdMismatch {
        /// The 0-based index of the pair.
        index: usize,
        /// The mention's id.
        mention_id: String,
        /// The analysis's id.
        analysis_id: String,
    },
    /// The same provider id appears twice in the provider list.
    #[error("provider {id:?} is listed twice")]
    DuplicateProvider {
        /// The repeated id.
        id: String,
    },
    /// The same topic id appears twice in the topic list.
    #[error("topic {id:?} is listed twice")]
    DuplicateTopic {
        /// The repeated id.
        id: String,
    },
    /// polars failed while aggregating or building a table (a bug, or memory exhaustion).
    #[error("aggregation failed: {message}")]
    Aggregate {
        /// The polars error, converted to a string.
        message: String,
    },
    /// A file or directory could not be written.
    #[error("could not write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Shards (`mentions.parquet` files) could not be read back.
    #[error("could not read {paths}: {message}")]
    Read {
        /// The paths or patterns given.
        paths: String,
        /// What went wrong: the polars error, or the column that does not decode.
        message: String,
    },
    /// A table could not be encoded (CSV or Parquet).
    #[error("could not write {path}: {message}")]
    Encode {
        /// The file.
        path: PathBuf,
        /// The encoder's error, converted to a string.
        message: String,
    },
}

impl Error {
    pub(crate) fn aggregate(err: polars::error::PolarsError) -> Error {
        Error::Aggregate { message: err.to_string() }
    }
}
