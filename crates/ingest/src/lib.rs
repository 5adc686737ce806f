//! Reads social-listening and review exports into a stream of [`Mention`]s.
//!
//! Patient feedback arrives as whatever the listening or review tool exports: Brandwatch and
//! Meltwater CSVs (the latter often UTF-16, tab-separated), Talkwalker JSON, Sprout Social and
//! Hootsuite CSVs, X API responses, Google Business Profile and Yelp reviews, survey exports.
//! This crate detects the container, compression, encoding and export layout, maps each record
//! onto one [`Mention`], and repairs the text on the way (entities, mojibake, NFC). It reads one
//! record at a time, so memory does not grow with the file.
//!
//! Nothing is lost: every record read becomes either a `Mention` or a [`RowError`] naming the
//! file, row, column and reason. Row errors and fatal [`Error`]s never quote the record's text.
//!
//! # Brief overview
//!
//! - [`MentionReaderBuilder`] holds the options (forced [`Preset`], [`ColumnMapping`], field
//!   size and JSON nesting limits, delimiter, [`date::DateOrder`]) and opens files.
//! - [`MentionReader`] is an `Iterator<Item = Result<Mention, RowError>>`; its [`Detection`]
//!   says what was found (shown by `bedside inspect`) and its [`Stats`] count records.
//! - [`read_all`] collects a whole file into `(mentions, rejected)`.
//! - [`normalize::clean_text`] and [`date::parse_timestamp`] are the text and date repair steps,
//!   usable on their own.
//!
//! Dates that are present but cannot be parsed reject the record ("unparseable date"), because
//! silently dropping the time would skew trend reports; a missing date is fine. Duplicates are
//! not removed here.
//!
//! # Example
//!
//! ```
//! use bedside_ingest::{MentionReaderBuilder, Preset};
//!
//! let csv = "Response ID,Date,Site code,Question,Answer,FFT score\n\
//!            r1,04/03/2026,RJ1,What was good?,Kind nurses &amp; quick,Very good\n\
//!            r2,05/03/2026,RJ1,What was good?,,Poor\n";
//! let mut reader = MentionReaderBuilder::new().from_reader("fft.csv", csv.as_bytes())?;
//! assert_eq!(reader.detection().preset, Preset::Survey);
//!
//! let first = reader.next().unwrap()?;
//! assert_eq!(first.text, "Kind nurses & quick");
//! assert_eq!(first.hints.provider_id.as_deref(), Some("RJ1"));
//! assert_eq!(first.rating, Some(5.0));
//! assert_eq!(first.posted_at.unwrap().to_string(), "2026-03-04T00:00:00Z");
//!
//! let second = reader.next().unwrap().unwrap_err();
//! assert_eq!(second.to_string(), "fft.csv:3: column Answer: empty text");
//! assert!(reader.next().is_none());
//! assert_eq!((reader.stats().accepted, reader.stats().rejected), (1, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(allow(unused_variables), deny(warnings))))]

pub mod date;
mod decode;
mod delimited;
mod error;
mod json;
mod json_record;
mod jsonl;
mod line_index;
mod mapping;
mod node;
pub mod normalize;
mod preset;
mod reader;
mod source;

pub use bedside_types::Mention;
pub use decode::Compression;
pub use error::{Error, RowError};
pub use mapping::ColumnMapping;
pub use preset::{MentionField, Preset};
pub use reader::{
    Container, DEFAULT_MAX_DEPTH, DEFAULT_MAX_FIELD_BYTES, Detection, MAX_SUPPORTED_DEPTH,
    MentionReader, MentionReaderBuilder, Stats, read_all,
};

/// The result type of this crate; refer to it as `crate::Result<T>` inside the crate.
pub type Result<T> = std::result::Result<T, Error>;
