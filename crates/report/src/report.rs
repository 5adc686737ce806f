use std::fmt;
use std::path::{Path, PathBuf};

use bedside_types::{
    HipaaRisk, MatchKind, PhiHit, ProviderId, Sentiment, StaffMention, TargetSentiment, Timestamp,
    TopicId, TopicSentiment, WaitReport,
};
use polars::prelude::DataFrame;

use crate::alerts::Alert;
use crate::peers::PeerComparison;
use crate::stats::Interval;
use crate::trends::PeriodSummary;

/// The aggregated view of a set of analyzed mentions, built by
/// [`ReportBuilder::build`](crate::ReportBuilder::build).
///
/// Every field is plain data. Mentions flagged as duplicates (`Analysis::duplicate_of` is set) are
/// kept in [`Report::mentions`] but excluded from every aggregate, ranking and quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Counts and ranges describing the input, and the settings the report was built with.
    pub overview: Overview,
    /// One row per provider with at least one non-duplicate mention, sorted by provider id.
    /// Mentions about no known provider aggregate under `unknown`.
    pub by_provider: Vec<ProviderSummary>,
    /// One row per topic found in at least one non-duplicate mention, sorted by topic id.
    pub by_topic: Vec<TopicSummary>,
    /// One row per provider and topic pair seen, sorted by provider id then topic id.
    pub by_provider_topic: Vec<ProviderTopicSummary>,
    /// One row per provider named as a target (`Analysis::targets`) in at least one
    /// non-duplicate mention, sorted by provider id. Its statistics are over the sentiment
    /// expressed about that provider; a mention naming the same target twice counts once (its
    /// first entry).
    pub by_target: Vec<ProviderSummary>,
    /// One row per provider (the mention's resolved provider), staff name and role, sorted by
    /// provider id, then name, then role.
    pub staff: Vec<StaffSummary>,
    /// One row per provider with at least one reported wait in a non-duplicate mention, sorted
    /// by provider id.
    pub waits: Vec<WaitSummary>,
    /// Providers with enough data and a positive net sentiment, best first.
    pub most_loved: Vec<Finding>,
    /// Providers with enough data and a negative net sentiment, worst first.
    pub most_criticized: Vec<Finding>,
    /// Per provider with enough data (except `unknown`), its top complaints and praised topics,
    /// sorted by provider name then id.
    pub provider_findings: Vec<ProviderFindings>,
    /// Sentiment per week and per month, per provider (overall) and per provider and topic,
    /// sorted by period kind (weeks first), provider, topic (overall first) and period.
    pub by_period: Vec<PeriodSummary>,
    /// Providers ranked against the other providers of their kind, sorted by kind, then rank.
    pub peers: Vec<PeerComparison>,
    /// Rises in negative feedback beyond chance, per provider, topic and period, sorted by
    /// period kind, period, provider and topic. The test is described on
    /// [`Alert`]: one-sided exact Poisson (volume) and
    /// binomial (share) tests against a trailing baseline, Holm-corrected over the report.
    pub alerts: Vec<Alert>,
    /// Every input mention with its analysis, in input order (duplicates included), for a
    /// report made by [`ReportBuilder::build`](crate::ReportBuilder::build); empty for one made
    /// by a [`ReportStream`](crate::ReportStream), which keeps nothing per mention (its
    /// mentions went to `mentions.csv` and `mentions.parquet` as they arrived).
    pub mentions: Vec<MentionRow>,
    /// The mentions flagged as HIPAA risks (duplicates included), in input order, with
    /// redacted excerpts (unless redaction is off).
    pub hipaa_risks: Vec<RiskItem>,
}

/// A mention flagged as a HIPAA risk, for the first section of report.md.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskItem {
    /// The mention's id.
    pub mention_id: String,
    /// Its source.
    pub source: String,
    /// When it was posted.
    pub posted_at: Option<Timestamp>,
    /// The provider it was resolved to (display name).
    pub provider_name: String,
    /// The rule and the reason.
    pub risk: HipaaRisk,
    /// The text, PHI-redacted (unless redaction is off), whitespace collapsed and cut to about
    /// 280 characters.
    pub excerpt: String,
}

/// Counts and ranges describing the input of a [`Report`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overview {
    /// All input mentions, duplicates included.
    pub n_mentions: u64,
    /// Mentions flagged as duplicates, excluded from every aggregate.
    pub n_duplicates: u64,
    /// Mentions that enter the aggregates (`n_mentions - n_duplicates`).
    pub n_analyzed: u64,
    /// Analyzed mentions per source, most frequent first (ties by name).
    pub sources: Vec<SourceCount>,
    /// The earliest `posted_at` among analyzed mentions.
    pub first_posted: Option<Timestamp>,
    /// The latest `posted_at` among analyzed mentions.
    pub last_posted: Option<Timestamp>,
    /// Analyzed mentions without a `posted_at`.
    pub n_undated: u64,
    /// Known providers (not `unknown`) with at least one analyzed mention.
    pub n_providers_mentioned: u64,
    /// Providers in the directory given to the builder.
    pub n_providers_listed: u64,
    /// Analyzed mentions about no known provider.
    pub n_unknown_provider: u64,
    /// The minimum volume used to decide [`SentimentStats::enough_data`].
    pub min_volume: u64,
    /// Whether quotes were redacted.
    pub quotes_redacted: bool,
    /// What was redacted.
    pub redaction: crate::RedactMode,
    /// Mentions flagged as HIPAA risks.
    pub n_hipaa_risks: u64,
}

/// How many analyzed mentions came from one source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceCount {
    /// The source (`twitter`, `google`, `survey`...).
    pub source: String,
    /// The number of analyzed mentions from it.
    pub n_mentions: u64,
}

/// Sentiment counts and shares over a group of non-duplicate mentions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SentimentStats {
    /// Mentions in the group.
    pub n_mentions: u64,
    /// Mentions labeled positive.
    pub n_positive: u64,
    /// Mentions labeled neutral.
    pub n_neutral: u64,
    /// Mentions labeled negative.
    pub n_negative: u64,
    /// `n_positive / n_mentions`.
    pub share_positive: f64,
    /// `n_neutral / n_mentions`.
    pub share_neutral: f64,
    /// `n_negative / n_mentions`.
    pub share_negative: f64,
    /// The mean sentiment score, in `[-1, 1]`.
    pub mean_score: f64,
    /// `(n_positive - n_negative) / n_mentions`, in `[-1, 1]`.
    pub net_sentiment: f64,
    /// Whether `n_mentions` reaches the builder's minimum volume. Groups without enough data are
    /// listed but never ranked.
    pub enough_data: bool,
    /// The 95% Wilson score interval of `share_positive`.
    pub share_positive_ci: Interval,
    /// The 95% Wilson score interval of `share_negative`.
    pub share_negative_ci: Interval,
    /// The 95% t interval of `mean_score`, clamped to `[-1, 1]` (`[-1, 1]` for one mention).
    pub mean_score_ci: Interval,
    /// The 95% interval of `net_sentiment`: MOVER (Zou and Donner 2008) from the Wilson
    /// intervals of the positive and negative shares, with their multinomial correlation.
    pub net_sentiment_ci: Interval,
}

/// The sentiment of the mentions about one provider.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderSummary {
    /// The provider's id (`unknown` for mentions about no known provider).
    pub provider_id: ProviderId,
    /// Its display name; `Unknown provider` for `unknown`, the id for providers missing from the
    /// directory.
    pub provider_name: String,
    /// Its kind from the directory, empty if unknown.
    pub kind: String,
    /// The statistics over its non-duplicate mentions.
    pub stats: SentimentStats,
}

/// The sentiment of one topic across all providers, from each mention's
/// [`TopicSentiment`](bedside_types::TopicSentiment) for that topic.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicSummary {
    /// The topic's id.
    pub topic: TopicId,
    /// Its display label (the id if the topic is not in the taxonomy given).
    pub topic_label: String,
    /// The statistics over the non-duplicate mentions carrying the topic.
    pub stats: SentimentStats,
}

/// The sentiment of one topic for one provider.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderTopicSummary {
    /// The provider's id.
    pub provider_id: ProviderId,
    /// Its display name.
    pub provider_name: String,
    /// The topic's id.
    pub topic: TopicId,
    /// Its display label.
    pub topic_label: String,
    /// The statistics over the provider's non-duplicate mentions carrying the topic.
    pub stats: SentimentStats,
}

/// Whether a finding is about what patients dislike or like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Polarity {
    /// Negative feedback; quotes are the most negative mentions.
    Complaint,
    /// Positive feedback; quotes are the most positive mentions.
    Praise,
}

/// One ranked observation for report.md, with the quotes that illustrate it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The provider.
    pub provider_id: ProviderId,
    /// Its display name.
    pub provider_name: String,
    /// The topic, or `None` when the finding is about the provider as a whole.
    pub topic: Option<TopicId>,
    /// The topic's label, if there is a topic.
    pub topic_label: Option<String>,
    /// Complaint or praise.
    pub polarity: Polarity,
    /// The statistics of the provider (or provider and topic).
    pub stats: SentimentStats,
    /// Representative quotes, strongest first.
    pub quotes: Vec<Quote>,
}

/// The complaints and praise found for one provider.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderFindings {
    /// The provider's summary.
    pub summary: ProviderSummary,
    /// Topics with enough data, at least one negative mention and no more positive than
    /// negative ones, by share negative (highest first), then net sentiment (lowest first), then
    /// topic id.
    pub complaints: Vec<Finding>,
    /// Topics with enough data and more positive than negative mentions, by share positive
    /// (highest first), then net sentiment (highest first), then topic id.
    pub praise: Vec<Finding>,
    /// Up to 3 staff of the provider with at least 2 mentions and a positive net sentiment, by
    /// net sentiment (highest first), then mentions (most first), then name and role.
    pub praised_staff: Vec<StaffSummary>,
    /// Up to 3 staff of the provider with at least 2 mentions and a negative net sentiment, by
    /// net sentiment (lowest first), then mentions (most first), then name and role.
    pub criticized_staff: Vec<StaffSummary>,
}

/// The sentiment about one member of staff of one provider: a row of `staff.csv`.
///
/// Staff names are kept as written: they are not patient information, and the report names the
/// most praised and most criticized staff.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffSummary {
    /// The provider of the mentions naming the person (`Analysis::provider`).
    pub provider_id: ProviderId,
    /// That provider's display name.
    pub provider_name: String,
    /// The name as written (`Okafor`).
    pub name: String,
    /// The role (`doctor`, `nurse`).
    pub role: String,
    /// Non-duplicate mentions naming the person with this role.
    pub n_mentions: u64,
    /// Of those, mentions whose sentiment about the person is positive.
    pub n_positive: u64,
    /// Of those, mentions whose sentiment about the person is negative.
    pub n_negative: u64,
    /// `(n_positive - n_negative) / n_mentions`, in `[-1, 1]`.
    pub net_sentiment: f64,
    /// The mean score of the sentiment about the person, in `[-1, 1]`.
    pub mean_score: f64,
}

/// The waits reported in one provider's mentions: a row of `waits_by_provider.csv`.
///
/// Medians are exact: the middle value of the sorted minutes, or the mean of the two middle
/// values when their number is even (so a median can end in `.5`). The 90th percentile
/// interpolates linearly between the two closest ranks, at rank `0.9 * (n - 1)` counted from 0
/// (the default of NumPy and polars' `linear` method).
#[derive(Clone, Debug, PartialEq)]
pub struct WaitSummary {
    /// The provider of the mentions (`Analysis::provider`).
    pub provider_id: ProviderId,
    /// Its display name.
    pub provider_name: String,
    /// Wait reports in its non-duplicate mentions (a mention may report several).
    pub n_waits: u64,
    /// Non-duplicate mentions with at least one wait report.
    pub n_mentions_with_waits: u64,
    /// The median wait in minutes, over all kinds.
    pub median_minutes: f64,
    /// The 90th percentile of the wait in minutes, over all kinds.
    pub p90_minutes: f64,
    /// The share of wait reports longer than 60 minutes, in `[0, 1]`.
    pub share_over_60: f64,
    /// The median wait in the clinic on the day, if any was reported.
    pub median_clinic: Option<f64>,
    /// The median wait for an appointment, if any was reported.
    pub median_appointment: Option<f64>,
    /// The median wait for results, if any was reported.
    pub median_results: Option<f64>,
    /// The median wait in an emergency department, if any was reported.
    pub median_emergency: Option<f64>,
    /// Whether `n_waits` reaches the builder's minimum volume; report.md shows the median and
    /// share over an hour only then.
    pub enough_data: bool,
}

/// A short, cleaned excerpt of one mention, used to illustrate a [`Finding`].
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The mention's id.
    pub mention_id: String,
    /// The text: whitespace collapsed, redacted unless disabled, and cut to about 280 characters
    /// at a word boundary.
    pub text: String,
    /// The score that selected it (the topic's score for topic findings).
    pub score: f64,
    /// The mention's source.
    pub source: String,
    /// When it was posted.
    pub posted_at: Option<Timestamp>,
    /// A link to the original, if the mention has one.
    pub url: Option<String>,
}

/// One input mention joined with its analysis and provider name: a row of `mentions.csv`.
///
/// Its `Debug` output leaves out the text and the author, so that logging a row or a failed
/// assertion never prints patient feedback.
#[derive(Clone, PartialEq)]
pub struct MentionRow {
    /// The mention's id.
    pub id: String,
    /// The file it was read from.
    pub file: String,
    /// The 1-based row in that file.
    pub row: u64,
    /// The source.
    pub source: String,
    /// When it was posted.
    pub posted_at: Option<Timestamp>,
    /// The author's name or handle.
    pub author: Option<String>,
    /// A link to the original.
    pub url: Option<String>,
    /// The survey question answered, if any.
    pub question: Option<String>,
    /// A star rating in 1..=5.
    pub rating: Option<f32>,
    /// The provider the mention was resolved to.
    pub provider_id: ProviderId,
    /// That provider's display name.
    pub provider_name: String,
    /// How the provider was resolved.
    pub provider_match: MatchKind,
    /// The sentiment of the whole text.
    pub sentiment: Sentiment,
    /// The topics found, with their sentiment.
    pub topics: Vec<TopicSentiment>,
    /// The sentiment about each provider the text names.
    pub targets: Vec<TargetSentiment>,
    /// Staff named with a role.
    pub staff: Vec<StaffMention>,
    /// Waits the text reports.
    pub waits: Vec<WaitReport>,
    /// The id of the mention this one duplicates, if any.
    pub duplicate_of: Option<String>,
    /// The PHI found in the text (spans into the original text).
    pub phi: Vec<PhiHit>,
    /// Why the mention is a HIPAA risk, if it is one.
    pub hipaa_risk: Option<HipaaRisk>,
    /// The text: the analyst's own data, unredacted unless the builder's
    /// [`RedactMode::All`](crate::RedactMode::All) replaced its PHI with placeholders.
    pub text: String,
}

impl fmt::Debug for MentionRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MentionRow")
            .field("id", &self.id)
            .field("file", &self.file)
            .field("row", &self.row)
            .field("source", &self.source)
            .field("posted_at", &self.posted_at)
            .field("provider_id", &self.provider_id)
            .field("provider_match", &self.provider_match)
            .field("sentiment", &self.sentiment)
            .field("topics", &self.topics)
            .field("targets", &self.targets)
            .field("staff", &self.staff)
            .field("waits", &self.waits)
            .field("duplicate_of", &self.duplicate_of)
            .field("phi", &self.phi.iter().map(|h| h.kind).collect::<Vec<_>>())
            .field("hipaa_risk", &self.hipaa_risk)
            .field("text", &format_args!("<{} chars>", self.text.chars().count()))
            .finish_non_exhaustive()
    }
}

/// The tables a [`Report`] can hand out as a polars [`DataFrame`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per mention, the columns of `mentions.csv`.
    Mentions,
    /// The columns of `summary_by_provider.csv`.
    ByProvider,
    /// The columns of `summary_by_topic.csv`.
    ByTopic,
    /// The columns of `summary_by_provider_topic.csv`.
    ByProviderTopic,
    /// The columns of `summary_by_target.csv`.
    ByTarget,
    /// The columns of `staff.csv`.
    Staff,
    /// The columns of `waits_by_provider.csv`.
    WaitsByProvider,
}

/// The files written by [`Report::write_dir`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFiles {
    /// `mentions.parquet`.
    pub mentions_parquet: PathBuf,
    /// `mentions.csv`.
    pub mentions_csv: PathBuf,
    /// `summary_by_provider.csv`.
    pub summary_by_provider: PathBuf,
    /// `summary_by_topic.csv`.
    pub summary_by_topic: PathBuf,
    /// `summary_by_provider_topic.csv`.
    pub summary_by_provider_topic: PathBuf,
    /// `summary_by_target.csv`.
    pub summary_by_target: PathBuf,
    /// `staff.csv`.
    pub staff: PathBuf,
    /// `waits_by_provider.csv`.
    pub waits_by_provider: PathBuf,
    /// `trends.csv`.
    pub trends: PathBuf,
    /// `peers.csv`.
    pub peers: PathBuf,
    /// `alerts.csv`.
    pub alerts: PathBuf,
    /// `report.md`.
    pub report_md: PathBuf,
    /// `report.html`.
    pub report_html: PathBuf,
}

impl OutputFiles {
    /// All the paths, in the order they are written.
    pub fn paths(&self) -> [&Path; 13] {
        [
            &self.mentions_parquet,
            &self.mentions_csv,
            &self.summary_by_provider,
            &self.summary_by_topic,
            &self.summary_by_provider_topic,
            &self.summary_by_target,
            &self.staff,
            &self.waits_by_provider,
            &self.trends,
            &self.peers,
            &self.alerts,
            &self.report_md,
            &self.report_html,
        ]
    }
}

impl Report {
    /// Writes every output file into `out`, creating the directory if needed, and returns their
    /// paths. Existing files of the same names are replaced.
    ///
    /// The same report always produces byte-identical files.
    ///
    /// The mentions tables (`mentions.csv`, `mentions.parquet`) hold [`Report::mentions`]: all
    /// the mentions for a report made by [`ReportBuilder::build`](crate::ReportBuilder::build),
    /// none for one made by a [`ReportStream`](crate::ReportStream). Use
    /// [`Report::write_summaries`] after [`ReportBuilder::stream_to_dir`](crate::ReportBuilder::stream_to_dir).
    pub fn write_dir(&self, out: &Path) -> crate::Result<OutputFiles> {
        crate::write::write_dir(self, out)
    }

    /// Writes every output file except the mentions tables into `out`, creating the directory
    /// if needed: what a [`ReportStream`](crate::ReportStream) made by
    /// [`ReportBuilder::stream_to_dir`](crate::ReportBuilder::stream_to_dir) has not written
    /// itself. The returned paths include the mentions tables' (where that stream wrote them).
    pub fn write_summaries(&self, out: &Path) -> crate::Result<OutputFiles> {
        crate::write::write_summaries(self, out)
    }

    /// The Markdown summary written to `report.md`.
    pub fn to_markdown(&self) -> String {
        crate::markdown::render(self)
    }

    /// The self-contained HTML report written to `report.html`: inline CSS and SVG charts, no
    /// network access, no external scripts or fonts.
    pub fn to_html(&self) -> String {
        crate::html::render(self)
    }

    /// One of the report's tables as a polars [`DataFrame`], with the columns of the matching
    /// output file. Floats keep full precision here; only the CSV files round them.
    pub fn to_dataframe(&self, table: Table) -> crate::Result<DataFrame> {
        crate::frame::table(self, table)
    }
}
