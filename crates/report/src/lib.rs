//! Aggregates analyzed patient feedback per provider and topic, and writes the tables and the
//! Markdown summary an analyst reads.
//!
//! This is the only bedside crate that depends on polars (it writes and reads the mentions
//! Parquet files and hands tables out as DataFrames); the results are plain structs with
//! public fields. Polars shows up in the API only in [`Report::to_dataframe`].
//!
//! # Brief overview
//!
//! - [`ReportBuilder`] holds the settings (minimum volume, quotes per finding, redaction) and
//!   makes a [`ReportStream`] ([`ReportBuilder::stream`], or [`ReportBuilder::stream_to_dir`]
//!   which also writes `mentions.csv` and `mentions.parquet` as the mentions arrive): push
//!   each mention with its analysis, in input order, then finish it into a [`Report`]. The
//!   stream keeps mergeable partial aggregates per group (provider, topic, provider × topic,
//!   target, staff name, period), never per mention, so its memory does not grow with the
//!   input. [`ReportBuilder::build`] is the same stream fed from slices, for inputs already in
//!   memory; it also keeps one [`MentionRow`] per mention in [`Report::mentions`].
//! - [`Report`] holds the overview, one [`ProviderSummary`], [`TopicSummary`] and
//!   [`ProviderTopicSummary`] per group (each with [`SentimentStats`]), one [`ProviderSummary`]
//!   per target provider (the sentiment expressed about each provider a text names), one
//!   [`StaffSummary`] per member of staff and one [`WaitSummary`] per provider, the ranked
//!   [`Finding`]s with their [`Quote`]s.
//! - Every [`SentimentStats`] carries 95% [`Interval`]s (Wilson for shares, MOVER-Wilson for
//!   net sentiment, t for mean scores). [`Report::by_period`] holds [`PeriodSummary`]s per ISO
//!   week and month, [`Report::peers`] the [`PeerComparison`]s within each kind, and
//!   [`Report::alerts`] the [`Alert`]s: rises in negative feedback beyond chance (see
//!   [`Alert`] for the test).
//! - [`Report::write_dir`] writes `mentions.parquet`, `mentions.csv`,
//!   `summary_by_provider.csv`, `summary_by_topic.csv`, `summary_by_provider_topic.csv`,
//!   `summary_by_target.csv`, `staff.csv`, `waits_by_provider.csv`, `trends.csv`, `peers.csv`,
//!   `alerts.csv`, `report.md` and `report.html` (self-contained, inline SVG charts), and
//!   returns their paths as [`OutputFiles`]; [`Report::write_summaries`] writes all but the
//!   mentions tables, for a report whose stream wrote those itself.
//! - [`read_shards`] reads the `mentions.parquet` of several runs back (polars' Parquet reader) so
//!   that they can be merged into one report; [`read_shards_chunked`] does it a chunk at a
//!   time, for a [`ReportStream`].
//! - [`Redactor`] removes emails, phone numbers, identifiers, links and handles from quotes.
//!
//! Mentions flagged as duplicates (`Analysis::duplicate_of`) stay in the mentions table but are
//! excluded from every aggregate, ranking and quote. Groups with fewer non-duplicate mentions
//! than the minimum volume are listed as "not enough data" and never ranked. Outputs are
//! deterministic: the same input gives byte-identical files, rows sorted by id, floats written
//! with 4 decimals.
//!
//! # Example
//!
//! ```
//! use bedside_report::{ProviderInfo, ReportBuilder, TopicInfo};
//! use bedside_types::{Analysis, MatchKind, Mention, ProviderId, ProviderMatch, Sentiment};
//!
//! let mentions: Vec<Mention> = (0..6)
//!     .map(|i| Mention { id: format!("m{i}"), text: "Lovely staff".into(), ..Mention::default() })
//!     .collect();
//! let analyses: Vec<Analysis> = mentions
//!     .iter()
//!     .map(|m| Analysis {
//!         id: m.id.clone(),
//!         provider: ProviderMatch { id: ProviderId::new("oak"), kind: MatchKind::Handle },
//!         sentiment: Sentiment::new(0.6, [0.0, 0.4, 0.6]),
//!         topics: vec![],
//!         targets: vec![],
//!         staff: vec![],
//!         waits: vec![],
//!         duplicate_of: None,
//!         phi: vec![],
//!         hipaa_risk: None,
//!     })
//!     .collect();
//! let providers = [ProviderInfo::new("oak", "Oak Clinic", "clinic")];
//! let topics = [TopicInfo::new("staff_attitude", "Staff attitude")];
//!
//! let report = ReportBuilder::new().build(&mentions, &analyses, &providers, &topics)?;
//! let oak = &report.by_provider[0];
//! assert_eq!((oak.provider_name.as_str(), oak.stats.n_positive), ("Oak Clinic", 6));
//! assert!(oak.stats.enough_data);
//! assert_eq!(report.most_loved[0].provider_name, "Oak Clinic");
//! assert!(report.to_markdown().contains("## Most-loved providers"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(allow(unused_variables), deny(warnings))))]

mod accumulate;
mod alerts;
mod builder;
mod error;
mod findings;
mod frame;
mod html;
mod input;
mod markdown;
mod mention_columns;
mod mention_fields;
mod mention_sink;
mod peers;
mod quotes;
mod redact;
mod report;
mod row_ref;
mod shard;
mod staff_names;
mod stats;
mod stream;
mod summarize;
mod svg;
mod tables;
mod trends;
mod write;

pub use alerts::{
    ALERT_ALPHA, Alert, AlertTrigger, BASELINE_MONTHS, BASELINE_WEEKS, MIN_BASELINE_MONTHS,
    MIN_BASELINE_WEEKS,
};
pub use builder::{ReportBuilder, UNKNOWN_PROVIDER_NAME};
pub use error::{Error, Result};
pub use frame::{MENTION_COLUMNS, STATS_COLUMNS};
pub use input::{ProviderInfo, TopicInfo};
pub use peers::{PeerComparison, PeerVerdict};
pub use quotes::{MAX_QUOTE_CHARS, MIN_SUBSTANTIVE_WORDS};
pub use redact::{PLACEHOLDERS, RedactMode, Redactor};
pub use report::{
    Finding, MentionRow, OutputFiles, Overview, Polarity, ProviderFindings, ProviderSummary,
    ProviderTopicSummary, Quote, Report, RiskItem, SentimentStats, SourceCount, StaffSummary,
    Table, TopicSummary, WaitSummary,
};
pub use shard::{SHARD_COLUMNS, read_shards, read_shards_chunked};
pub use stats::Interval;
pub use stream::{MAX_ALERT_MENTION_IDS, ReportStream};
pub use trends::{PeriodKind, PeriodSummary};
