//! bedside turns patient feedback into decisions.
//!
//! It reads the mentions and reviews exported from social-listening tools and review sites,
//! scores each one (sentiment, topics, provider), and aggregates the results per provider, topic
//! and period. This crate is the library API: it re-exports the workspace's crates so a service
//! depends on `bedside` alone.
//!
//! # Brief overview
//!
//! 1. [`ingest`] reads exports (CSV/TSV, JSON, JSON Lines, gzip; Brandwatch, Meltwater,
//!    Talkwalker, Sprout Social, Hootsuite, X API v2, Google reviews, Yelp, surveys) into
//!    [`Mention`]s, with every bad row kept as a rejected record.
//! 2. [`score`] runs the [`Pipeline`]: provider resolution, sentiment, topics, in parallel on an
//!    explicit [`Executor`], with results independent of the thread count.
//! 3. `report` (feature `report`) aggregates [`Analysis`] records per provider and topic with
//!    polars and writes the tables and `report.md`.
//!
//! # Example
//!
//! ```
//! use bedside::{Executor, Label, Mention, Pipeline};
//!
//! let pipeline = Pipeline::new()?;
//! let mentions = vec![
//!     Mention { id: "1".into(), text: "The nurses were wonderful!".into(), ..Mention::default() },
//!     Mention { id: "2".into(), text: "Waited 4 hours and nobody helped.".into(), ..Mention::default() },
//! ];
//! let analyses = pipeline.analyze_batch(&mentions, &Executor::with_threads(2)?);
//! assert_eq!(analyses[0].sentiment.label(), Label::Positive);
//! assert_eq!(analyses[1].topics[0].topic.as_str(), "wait_times");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//!
//! - `report` (default): aggregation and report writing with polars, a heavy build. Services
//!   that only score can turn it off with `default-features = false`.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use bedside_ingest as ingest;
#[cfg(feature = "report")]
pub use bedside_report as report;
pub use bedside_score as score;
pub use bedside_types as types;

pub use bedside_score::{Executor, Pipeline, PipelineBuilder, ScorerKind};
pub use bedside_types::{
    Analysis, Label, MatchKind, Mention, Origin, ProviderHints, ProviderId, ProviderMatch, Scorer,
    Sentiment, Timestamp, TopicId, TopicSentiment,
};

/// The report's view of the pipeline's provider directory: the display names, kinds, parents
/// and handles a [`report::ReportBuilder`] needs, as `bedside analyze` passes them.
#[cfg(feature = "report")]
pub fn provider_infos(pipeline: &Pipeline) -> Vec<report::ProviderInfo> {
    pipeline
        .providers()
        .providers()
        .iter()
        .map(|p| report::ProviderInfo {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
            parent_id: p.parent_id.clone(),
            handles: p.handles.clone(),
        })
        .collect()
}

/// The report's view of the pipeline's taxonomy: each topic's id and label.
#[cfg(feature = "report")]
pub fn topic_infos(pipeline: &Pipeline) -> Vec<report::TopicInfo> {
    pipeline
        .taxonomy()
        .topics()
        .iter()
        .map(|t| report::TopicInfo { id: t.id.clone(), label: t.label.clone() })
        .collect()
}

/// The README's code examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
