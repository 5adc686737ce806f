//! The data types that cross bedside's seams.
//!
//! Ingestion produces [`Mention`]s, the scoring core turns each into an [`Analysis`], and reporting
//! aggregates pairs of the two. Every crate of the workspace speaks these types, so they live in
//! this small crate that depends on nothing but `std` (and, behind the `serde` feature, serde).
//!
//! # Brief overview
//!
//! - [`Mention`]: one piece of patient feedback (a post, review or survey answer) with its
//!   metadata and the [`Origin`] (file and row) it was read from.
//! - [`Sentiment`]: a score in `[-1, 1]` with class proportions and a [`Label`].
//! - [`Analysis`]: what the scoring core concluded about one mention: its provider, sentiment and
//!   topics.
//! - [`PhiHit`], [`PhiKind`] and [`HipaaRisk`]: protected health information found in a text,
//!   and why a mention is a HIPAA risk.
//! - [`Scorer`]: the trait every sentiment scorer implements.
//! - [`Timestamp`]: seconds since the Unix epoch (UTC) with calendar conversions.
//!
//! # Example
//!
//! ```
//! use bedside_types::{Label, Sentiment};
//!
//! let s = Sentiment::new(0.62, [0.0, 0.4, 0.6]);
//! assert_eq!(s.label(), Label::Positive);
//! assert_eq!(Sentiment::new(7.0, [0.0, 0.0, 1.0]).score(), 1.0);
//! ```
//!
//! # Features
//!
//! - `serde`: derives `Serialize` and `Deserialize` for the public types.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod analysis;
mod aspects;
mod ids;
mod mention;
mod phi;
mod sentiment;
mod time;

pub use analysis::{Analysis, MatchKind, ProviderMatch, TopicSentiment};
pub use aspects::{StaffMention, TargetSentiment, WaitKind, WaitReport};
pub use ids::{ProviderId, TopicId};
pub use mention::{Mention, Origin, ProviderHints};
pub use phi::{HipaaRisk, HipaaRiskKind, PhiHit, PhiKind, redact_phi};
pub use sentiment::{Label, Scorer, Sentiment};
pub use time::{CivilDateTime, Timestamp};
