use std::collections::{BTreeMap, HashMap};

use bedside_types::{Analysis, Mention, ProviderId, TopicId};

use crate::aggregate::{self, Aggregates};
use crate::alerts;
use crate::aspects;
use crate::findings;
use crate::input::{ProviderInfo, TopicInfo};
use crate::peers;
use crate::quotes;
use crate::redact::{RedactMode, Redactor};
use crate::report::{
    MentionRow, Overview, ProviderSummary, ProviderTopicSummary, Report, RiskItem, SourceCount,
    StaffSummary, TopicSummary, WaitSummary,
};
use crate::trends::{self, PeriodSummary};
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
    /// addresses, identifiers...) and, as a second net, the patterns of [`Redactor`] (emails,
    /// phone numbers, long numbers, URLs, `@handles` other than the providers' own).
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
    /// `mentions[i]`) into a [`Report`].
    ///
    /// `providers` and `topics` supply display names; providers or topics missing from them are
    /// shown by id, and `unknown` as "Unknown provider". Mentions whose analysis has
    /// `duplicate_of` set are excluded from all aggregates, rankings and quotes.
    ///
    /// # Errors
    ///
    /// Fails if the slices differ in length, if an analysis's id differs from its mention's, if a
    /// provider or topic is listed twice, or if polars fails.
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
        let directory = Directory::new(providers, topics)?;
        let rows = mention_rows(mentions, analyses, &directory)?;
        let aggregates = aggregate::aggregate(&rows, self.config.min_volume)?;
        let Aggregates { by_provider, by_topic, by_provider_topic } = aggregates;
        let provider_summary =
            |(provider_id, stats): (ProviderId, crate::SentimentStats)| ProviderSummary {
                provider_name: directory.provider_name(&provider_id),
                kind: directory.provider_kind(&provider_id),
                provider_id,
                stats,
            };
        let by_provider: Vec<ProviderSummary> =
            by_provider.into_iter().map(provider_summary).collect();
        let by_topic = by_topic
            .into_iter()
            .map(|(topic, stats)| TopicSummary {
                topic_label: directory.topic_label(&topic),
                topic,
                stats,
            })
            .collect();
        let by_provider_topic = by_provider_topic
            .into_iter()
            .map(|(provider_id, topic, stats)| ProviderTopicSummary {
                provider_name: directory.provider_name(&provider_id),
                topic_label: directory.topic_label(&topic),
                provider_id,
                topic,
                stats,
            })
            .collect();
        let by_target = aspects::by_target(&rows, self.config.min_volume)?
            .into_iter()
            .map(provider_summary)
            .collect();
        let staff = aspects::by_staff(&rows)?
            .into_iter()
            .map(|row| StaffSummary {
                provider_name: directory.provider_name(&row.provider_id),
                provider_id: row.provider_id,
                name: row.name,
                role: row.role,
                n_mentions: row.n_mentions,
                n_positive: row.n_positive,
                n_negative: row.n_negative,
                net_sentiment: row.net_sentiment,
                mean_score: row.mean_score,
            })
            .collect();
        let waits = aspects::by_provider_waits(&rows)?
            .into_iter()
            .map(|row| {
                let [clinic, appointment, results, emergency] = row.median_by_kind;
                WaitSummary {
                    provider_name: directory.provider_name(&row.provider_id),
                    provider_id: row.provider_id,
                    n_waits: row.n_waits,
                    n_mentions_with_waits: row.n_mentions_with_waits,
                    median_minutes: row.median_minutes,
                    p90_minutes: row.p90_minutes,
                    share_over_60: row.share_over_60,
                    median_clinic: clinic,
                    median_appointment: appointment,
                    median_results: results,
                    median_emergency: emergency,
                    enough_data: row.n_waits >= self.config.min_volume,
                }
            })
            .collect();
        let overview = overview(&rows, &by_provider, providers.len(), &self.config);
        let mut report = Report {
            overview,
            by_provider,
            by_topic,
            by_provider_topic,
            by_target,
            staff,
            waits,
            most_loved: Vec::new(),
            most_criticized: Vec::new(),
            provider_findings: Vec::new(),
            by_period: Vec::new(),
            peers: Vec::new(),
            alerts: Vec::new(),
            mentions: rows,
            hipaa_risks: Vec::new(),
        };
        let redactor = (self.config.redact != RedactMode::None)
            .then(|| Redactor::new(providers.iter().flat_map(|p| p.handles.iter())));
        findings::fill(&mut report, &self.config, redactor.as_ref());
        report.peers = peers::compare(&report.by_provider);
        let period_rows = trends::by_period(&report.mentions, self.config.min_volume)?;
        let names = |provider: &ProviderId, topic: &TopicId| {
            (directory.provider_name(provider), directory.topic_label(topic))
        };
        report.alerts = alerts::alerts(
            &report.mentions,
            &period_rows,
            self.config.min_volume,
            self.config.quotes_per_finding,
            redactor.as_ref(),
            &names,
        );
        report.by_period = period_rows
            .into_iter()
            .map(|row| PeriodSummary {
                period: row.period_kind.label(row.period_index),
                period_kind: row.period_kind,
                period_index: row.period_index,
                provider_name: directory.provider_name(&row.provider_id),
                topic_label: row.topic.as_ref().map(|topic| directory.topic_label(topic)),
                provider_id: row.provider_id,
                topic: row.topic,
                stats: row.stats,
            })
            .collect();
        report.hipaa_risks = report
            .mentions
            .iter()
            .filter_map(|row| {
                let risk = row.hipaa_risk.clone()?;
                Some(RiskItem {
                    mention_id: row.id.clone(),
                    source: row.source.clone(),
                    posted_at: row.posted_at,
                    provider_name: row.provider_name.clone(),
                    risk,
                    excerpt: quotes::clean(&row.text, &row.phi, redactor.as_ref()),
                })
            })
            .collect();
        if let (RedactMode::All, Some(redactor)) = (self.config.redact, &redactor) {
            for row in &mut report.mentions {
                row.text = redactor.redact_with_phi(&row.text, &row.phi);
                if row.author.as_deref().is_some_and(|a| !redactor.is_allowed_handle(a)) {
                    row.author = Some("[AUTHOR]".to_string());
                }
                if row.url.is_some() {
                    row.url = Some("[URL]".to_string());
                }
            }
        }
        Ok(report)
    }
}

/// Display names looked up by id.
struct Directory<'a> {
    providers: HashMap<&'a str, &'a ProviderInfo>,
    topics: HashMap<&'a str, &'a TopicInfo>,
}

impl<'a> Directory<'a> {
    fn new(providers: &'a [ProviderInfo], topics: &'a [TopicInfo]) -> Result<Directory<'a>> {
        let mut by_id = HashMap::with_capacity(providers.len());
        for provider in providers {
            if by_id.insert(provider.id.as_str(), provider).is_some() {
                return Err(Error::DuplicateProvider { id: provider.id.to_string() });
            }
        }
        let mut topics_by_id = HashMap::with_capacity(topics.len());
        for topic in topics {
            if topics_by_id.insert(topic.id.as_str(), topic).is_some() {
                return Err(Error::DuplicateTopic { id: topic.id.to_string() });
            }
        }
        Ok(Directory { providers: by_id, topics: topics_by_id })
    }

    fn provider_name(&self, id: &ProviderId) -> String {
        match self.providers.get(id.as_str()) {
            Some(provider) => provider.name.clone(),
            None if id.is_unknown() => UNKNOWN_PROVIDER_NAME.to_string(),
            None => id.to_string(),
        }
    }

    fn provider_kind(&self, id: &ProviderId) -> String {
        self.providers.get(id.as_str()).map(|p| p.kind.clone()).unwrap_or_default()
    }

    fn topic_label(&self, id: &TopicId) -> String {
        match self.topics.get(id.as_str()) {
            Some(topic) => topic.label.clone(),
            None => id.to_string(),
        }
    }
}

fn mention_rows(
    mentions: &[Mention],
    analyses: &[Analysis],
    directory: &Directory<'_>,
) -> Result<Vec<MentionRow>> {
    let mut rows = Vec::with_capacity(mentions.len());
    for (index, (mention, analysis)) in mentions.iter().zip(analyses).enumerate() {
        if mention.id != analysis.id {
            return Err(Error::IdMismatch {
                index,
                mention_id: mention.id.clone(),
                analysis_id: analysis.id.clone(),
            });
        }
        rows.push(MentionRow {
            id: mention.id.clone(),
            file: mention.origin.file.to_string(),
            row: mention.origin.row,
            source: mention.source.clone(),
            posted_at: mention.posted_at,
            author: mention.author.clone(),
            url: mention.url.clone(),
            question: mention.question.clone(),
            rating: mention.rating,
            provider_id: analysis.provider.id.clone(),
            provider_name: directory.provider_name(&analysis.provider.id),
            provider_match: analysis.provider.kind,
            sentiment: analysis.sentiment,
            topics: analysis.topics.clone(),
            targets: analysis.targets.clone(),
            staff: analysis.staff.clone(),
            waits: analysis.waits.clone(),
            duplicate_of: analysis.duplicate_of.clone(),
            phi: analysis.phi.clone(),
            hipaa_risk: analysis.hipaa_risk.clone(),
            text: mention.text.clone(),
        });
    }
    Ok(rows)
}

fn overview(
    rows: &[MentionRow],
    by_provider: &[ProviderSummary],
    n_providers_listed: usize,
    config: &Config,
) -> Overview {
    let analyzed = || rows.iter().filter(|row| row.duplicate_of.is_none());
    let mut sources: BTreeMap<&str, u64> = BTreeMap::new();
    for row in analyzed() {
        *sources.entry(row.source.as_str()).or_default() += 1;
    }
    let mut sources: Vec<SourceCount> = sources
        .into_iter()
        .map(|(source, n_mentions)| SourceCount { source: source.to_string(), n_mentions })
        .collect();
    sources.sort_by(|a, b| b.n_mentions.cmp(&a.n_mentions).then_with(|| a.source.cmp(&b.source)));
    let n_analyzed = analyzed().count() as u64;
    Overview {
        n_mentions: rows.len() as u64,
        n_duplicates: rows.len() as u64 - n_analyzed,
        n_analyzed,
        sources,
        first_posted: analyzed().filter_map(|row| row.posted_at).min(),
        last_posted: analyzed().filter_map(|row| row.posted_at).max(),
        n_undated: analyzed().filter(|row| row.posted_at.is_none()).count() as u64,
        n_providers_mentioned: by_provider.iter().filter(|p| !p.provider_id.is_unknown()).count()
            as u64,
        n_providers_listed: n_providers_listed as u64,
        n_unknown_provider: analyzed().filter(|row| row.provider_id.is_unknown()).count() as u64,
        min_volume: config.min_volume,
        quotes_redacted: config.redact != RedactMode::None,
        redaction: config.redact,
        n_hipaa_risks: rows.iter().filter(|row| row.hipaa_risk.is_some()).count() as u64,
    }
}
