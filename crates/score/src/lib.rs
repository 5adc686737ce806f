//! The parallel scoring core of bedside.
//!
//! A [`Pipeline`] turns each [`Mention`](bedside_types::Mention) into an
//! [`Analysis`](bedside_types::Analysis): the provider it is about, its sentiment, and its topics
//! with the sentiment of the sentences that carry them. Batches run on an explicit
//! [`Executor`] and give the same result at any thread count.
//!
//! # Brief overview
//!
//! - [`tokenize`]: bedside's own tokenizer (words, emoji, emoticons, URLs, handles, hashtags)
//!   and sentence splitter; tokens borrow from the text, so tokenizing does not allocate.
//! - [`vader`]: [`VaderScorer`], a faithful port of vaderSentiment 3.3.2 with its lexicons
//!   embedded from `models/vader/`.
//! - [`health`]: [`HealthRules`], VADER's rules run with a healthcare lexicon and phrase rules
//!   (`models/healthcare_lexicon.tsv`): clinical polarity, illness words, care cues.
//! - [`topics`]: the [`Taxonomy`](topics::Taxonomy) (`models/topics.toml`) and the
//!   [`TopicTagger`](topics::TopicTagger): stemmed cue phrases matched in one automaton pass.
//! - [`providers`]: the [`ProviderDirectory`](providers::ProviderDirectory) (`providers.csv`)
//!   and the [`ProviderResolver`](providers::ProviderResolver): metadata first, then names in
//!   the text.
//! - [`phi`]: [`PhiDetector`], offline detection and redaction of protected health
//!   information (names, contact details, identifiers, dates...), and the HIPAA risk flags.
//! - [`eval`]: accuracy metrics of a scorer on labeled items (the same as `health_eval.py`).
//! - [`learned`]: [`BedsideScorer`], the default scorer: a calibrated logistic regression over
//!   hashed words, character n-grams and the rule scorer's outputs, embedded from
//!   `models/sentiment/`.
//! - [`Pipeline`], [`PipelineBuilder`], [`Executor`], [`Deduplicator`].
//!
//! # Example
//!
//! ```
//! use bedside_score::{Executor, Pipeline};
//! use bedside_types::{Label, Mention};
//!
//! let pipeline = Pipeline::new()?;
//! let mention = Mention {
//!     id: "1".into(),
//!     text: "Lovely nurses. But the bill was awful!".into(),
//!     ..Mention::default()
//! };
//! let analysis = pipeline.analyze(&mention);
//! let billing = analysis.topics.iter().find(|t| t.topic.as_str() == "billing_cost").unwrap();
//! assert_eq!(billing.sentiment.label(), Label::Negative);
//! let batch = pipeline.analyze_batch(&[mention], &Executor::with_threads(2)?);
//! assert_eq!(batch[0], analysis);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod aspects;
mod dedupe;
mod error;
pub mod eval;
mod executor;
pub mod health;
pub mod learned;
pub mod phi;
mod pipeline;
pub mod providers;
pub mod tokenize;
pub mod topics;
pub mod vader;

mod reuse;

#[cfg(test)]
mod test_texts;

pub use dedupe::Deduplicator;
pub use error::{Error, Result};
pub use executor::Executor;
pub use health::{HealthRules, RuleOutput};
pub use learned::BedsideScorer;
pub use phi::PhiDetector;
pub use pipeline::{AnalyzeStream, Pipeline, PipelineBuilder, ScorerKind};
pub use vader::VaderScorer;
