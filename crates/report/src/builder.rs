use std::collections::HashMap;
use std::path::Path;

use bedside_types::{Analysis, Mention, ProviderId, TopicId};

use crate::input::{ProviderInfo, TopicInfo};
use crate::redact::RedactMode;
use crate::report::Report;
use crate::stream::ReportStream;
use crate::{Error, Result};

/// The display name of the `unknown` provider when the directory does not list it.
pub const UNKNOWN_PROVIDER_NAME: &str = "Unknown provider";

/// Configures and builds a [`Report`].
///
/// The builder holds only settings, so one builder can build many reports.
///
/// # Example
///
/// ```
/// use bedside_report::{ProviderInfo, ReportBuilder, TopicInfo};
///
/// let mut builder = ReportBuilder::new();
/// builder.min_volume(10).quotes_per_finding(2);
/// let providers = [ProviderInfo::new("st_marys", "St Mary's Hospital", "hospital")];
/// let topics = [TopicInfo::new("wait_times", "Wait times")];
/// let report = builder.build(&[], &[], &providers, &topics)?;
/// assert_eq!(report.overview.n_mentions, 0);
/// assert!(report.by_provider.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ReportBuilder {
    config: Config,
}

#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) min_volume: u64,
    pub(crate) quotes_per_finding: usize,
    pub(crate) redact: RedactMode,
    pub(crate) top_providers: usize,
    pub(crate) top_topics: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_volume: 5,
            quotes_per_finding: 3,
            redact: RedactMode::Excerpts,
            top_providers: 5,
            top_topics: 3,
        }
    }
}

impl ReportBuilder {
    /// A builder with the default settings.
    pub fn new() -> ReportBuilder {
        ReportBuilder::default()
    }

    /// The number of non-duplicate mentions a provider, topic, provider and topic pair or target
    /// provider needs before it is ranked (and the number of wait reports a provider needs
    /// before report.md shows its median wait). Smaller groups are still listed, marked as "not
    /// enough data".
    ///
    /// By default, this is 5.
    pub fn min_volume(&mut self, n_mentions: u64) -> &mut ReportBuilder {
        self.config.min_volume = n_mentions;
        self
    }

    /// How many quotes illustrate each finding.
    ///
    /// By default, this is 3.
    pub fn quotes_per_finding(&mut self, n_quotes: usize) -> &mut ReportBuilder {
        self.config.quotes_per_finding = n_quotes;
        self
    }

    /// What is redacted: the PHI the scoring core found (`Analysis::phi`: names, dates,
    /// addresses, identifiers...) and, as a second net, the patterns of
    /// [`Redactor`](crate::Redactor) (emails, phone numbers, long numbers, URLs, `@handles` other
    /// than the providers' own).
    ///
    /// By default, this is [`RedactMode::Excerpts`]: quotes and excerpts in report.md.
    pub fn redact(&mut self, mode: RedactMode) -> &mut ReportBuilder {
        self.config.redact = mode;
        self
    }

    /// Whether quotes are redacted: `true` is [`RedactMode::Excerpts`] (or keeps
    /// [`RedactMode::All`]), `false` is [`RedactMode::None`].
    ///
    /// By default, this is enabled.
    pub fn redact_quotes(&mut self, yes: bool) -> &mut ReportBuilder {
        self.config.redact = match (yes, self.config.redact) {
            (true, RedactMode::All) => RedactMode::All,
            (true, _) => RedactMode::Excerpts,
            (false, _) => RedactMode::None,
        };
        self
    }

    /// How many providers the most-loved and most-criticized rankings show, each.
    ///
    /// By default, this is 5.
    pub fn top_providers(&mut self, n_providers: usize) -> &mut ReportBuilder {
        self.config.top_providers = n_providers;
        self
    }

    /// How many complaint topics and how many praised topics are shown per provider.
    ///
    /// By default, this is 3.
    pub fn top_topics(&mut self, n_topics: usize) -> &mut ReportBuilder {
        self.config.top_topics = n_topics;
        self
    }

    /// Aggregates `mentions` and their `analyses` (same length and order: `analyses[i]` is about
    /// `mentions[i]`) into a [`Report`] whose [`Report::mentions`] holds one row per mention.
    ///
    /// A convenience over [`ReportBuilder::stream`]: the pairs are pushed into a
    /// [`ReportStream`] in order, so the two give the same report.
    ///
    /// `providers` and `topics` supply display names; providers or topics missing from them are
    /// shown by id, and `unknown` as "Unknown provider". Mentions whose analysis has
    /// `duplicate_of` set are excluded from all aggregates, rankings and quotes.
    ///
    /// # Errors
    ///
    /// Fails if the slices differ in length, if an analysis's id differs from its mention's, or
    /// if a provider or topic is listed twice.
    pub fn build(
        &self,
        mentions: &[Mention],
        analyses: &[Analysis],
        providers: &[ProviderInfo],
        topics: &[TopicInfo],
    ) -> Result<Report> {
        if mentions.len() != analyses.len() {
            return Err(Error::LengthMismatch {
                n_mentions: mentions.len(),
                n_analyses: analyses.len(),
            });
        }
        let mut stream = ReportStream::new(&self.config, providers, topics, None, true)?;
        stream.push_batch(mentions, analyses)?;
        stream.finish()
    }

    /// A [`ReportStream`]: push mentions one at a time (or a chunk at a time), then
    /// [`finish`](ReportStream::finish). Memory grows with the number of groups, not of
    /// mentions; the finished report leaves [`Report::mentions`] empty.
    ///
    /// # Errors
    ///
    /// Fails if a provider or topic is listed twice.
    pub fn stream(&self, providers: &[ProviderInfo], topics: &[TopicInfo]) -> Result<ReportStream> {
        ReportStream::new(&self.config, providers, topics, None, false)
    }

    /// A [`ReportStream`] that also writes `mentions.csv` and `mentions.parquet` into `out`
    /// (created if needed) as the mentions arrive, one Parquet row group per 16,384 rows. Write
    /// the other files with [`Report::write_summaries`] into the same directory once the stream
    /// is finished.
    ///
    /// # Errors
    ///
    /// Fails if a provider or topic is listed twice, or if the files cannot be created.
    pub fn stream_to_dir(
        &self,
        out: &Path,
        providers: &[ProviderInfo],
        topics: &[TopicInfo],
    ) -> Result<ReportStream> {
        ReportStream::new(&self.config, providers, topics, Some(out), false)
    }
}

/// Display names looked up by id.
pub(crate) struct Directory {
    providers: HashMap<String, ProviderInfo>,
    topics: HashMap<String, TopicInfo>,
}

impl Directory {
    pub(crate) fn new(providers: &[ProviderInfo], topics: &[TopicInfo]) -> Result<Directory> {
        let mut by_id = HashMap::with_capacity(providers.len());
        for provider in providers {
            if by_id.insert(provider.id.to_string(), provider.clone()).is_some() {
                return Err(Error::DuplicateProvider { id: provider.id.to_string() });
            }
        }
        let mut topics_by_id = HashMap::with_capacity(topics.len());
        for topic in topics {
            if topics_by_id.insert(topic.id.to_string(), topic.clone()).is_some() {
                return Err(Error::DuplicateTopic { id: topic.id.to_string() });
            }
        }
        Ok(Directory { providers: by_id, topics: topics_by_id })
    }

    /// Providers in the directory.
    pub(crate) fn n_providers(&self) -> usize {
        self.providers.len()
    }

    pub(crate) fn provider_name(&self, id: &ProviderId) -> String {
        match self.providers.get(id.as_str()) {
            Some(provider) => provider.name.clone(),
            None if id.is_unknown() => UNKNOWN_PROVIDER_NAME.to_string(),
            None => id.to_string(),
        }
    }

    pub(crate) fn provider_kind(&self, id: &ProviderId) -> String {
        self.providers.get(id.as_str()).map(|p| p.kind.clone()).unwrap_or_default()
    }

    pub(crate) fn topic_label(&self, id: &TopicId) -> String {
        match self.topics.get(id.as_str()) {
            Some(topic) => topic.label.clone(),
            None => id.to_string(),
        }
    }
}
