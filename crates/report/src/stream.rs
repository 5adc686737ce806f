//! [`ReportStream`]: a report built one mention at a time, in memory that grows with the number
//! of groups (provider × topic × period cells, staff names, distinct wait values), never with
//! the number of mentions.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::Path;

use bedside_types::{Analysis, Label, Mention, PhiHit, ProviderId, Timestamp, TopicId};
use rustc_hash::FxHashMap;

use crate::accumulate::{Rank, StatsAcc, Strongest, TopQuotes, WaitAcc};
use crate::builder::{Config, Directory};
use crate::input::{ProviderInfo, TopicInfo};
use crate::mention_sink::MentionSink;
use crate::quotes;
use crate::redact::{RedactMode, Redactor};
use crate::report::{MentionRow, Polarity, Quote, Report, RiskItem};
use crate::row_ref::RowRef;
use crate::trends::PeriodKind;
use crate::{Error, Result};

/// The most mention ids an [`Alert`](crate::Alert) lists (the first ones, in input order);
/// [`Alert::n_evidence`](crate::Alert::n_evidence) says how many there are in all.
///
/// Evidence is collected while the mentions stream by, before anyone knows which cells will
/// alert, so every provider × topic × period cell keeps up to this many ids: the cap is what
/// keeps that memory bounded.
pub const MAX_ALERT_MENTION_IDS: usize = 100;

/// A report built incrementally: [`push`](ReportStream::push) every mention with its analysis
/// (in input order), then [`finish`](ReportStream::finish).
///
/// Made by [`ReportBuilder::stream`](crate::ReportBuilder::stream) (aggregates only) or
/// [`ReportBuilder::stream_to_dir`](crate::ReportBuilder::stream_to_dir) (which also writes
/// `mentions.csv` and `mentions.parquet` as the mentions arrive). Its state is a set of
/// partial aggregates per group: label counts and score moments per provider, topic, provider
/// and topic, target, staff name and period; wait minutes counted per distinct value; the few
/// strongest quote candidates per finding cell; the first [`MAX_ALERT_MENTION_IDS`] negative
/// mention ids and the strongest quotes per provider × topic × period (alert evidence); and the
/// HIPAA risks found. None of it is kept per mention, so a stream of ten million mentions needs
/// about the memory of one with ten thousand, plus its HIPAA risks.
///
/// The report equals the one [`ReportBuilder::build`](crate::ReportBuilder::build) makes from
/// the same mentions, except that [`Report::mentions`] is left empty (the mentions went to the
/// files, if any).
///
/// # Example
///
/// ```
/// use bedside_report::{ProviderInfo, ReportBuilder, TopicInfo};
/// use bedside_types::{Analysis, MatchKind, Mention, ProviderId, ProviderMatch, Sentiment};
///
/// let providers = [ProviderInfo::new("oak", "Oak Clinic", "clinic")];
/// let topics = [TopicInfo::new("staff_attitude", "Staff attitude")];
/// let mut stream = ReportBuilder::new().stream(&providers, &topics)?;
/// for i in 0..6 {
///     let mention = Mention { id: format!("m{i}"), text: "Lovely staff".into(), ..Mention::default() };
///     let analysis = Analysis {
///         id: mention.id.clone(),
///         provider: ProviderMatch { id: ProviderId::new("oak"), kind: MatchKind::Handle },
///         sentiment: Sentiment::new(0.6, [0.0, 0.4, 0.6]),
///         topics: vec![],
///         targets: vec![],
///         staff: vec![],
///         waits: vec![],
///         duplicate_of: None,
///         phi: vec![],
///         hipaa_risk: None,
///     };
///     stream.push(&mention, &analysis)?;
/// }
/// let report = stream.finish()?;
/// assert_eq!(report.by_provider[0].stats.n_positive, 6);
/// assert!(report.mentions.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ReportStream {
    config: Config,
    directory: Directory,
    redactor: Option<Redactor>,
    sink: Option<MentionSink>,
    /// Rows kept for [`Report::mentions`] (only by `ReportBuilder::build`).
    rows: Option<Vec<MentionRow>>,
    state: State,
}

/// `(provider, topic or None for the provider as a whole, praise?)`.
type QuoteKey = (ProviderId, Option<TopicId>, bool);
/// `(kind, provider, topic or None for all the provider's mentions, period index)`.
type PeriodKey = (PeriodKind, ProviderId, Option<TopicId>, i64);
/// `(kind, provider, topic, period index)`.
type EvidenceKey = (PeriodKind, ProviderId, TopicId, i64);

/// Everything a stream has aggregated so far.
///
/// The maps that take several lookups per mention are hash maps (Fx: the same order on every
/// run, though no output depends on it): the report sorts the provider × topic and period cells
/// by key, and looks the quote and evidence cells up by key.
#[derive(Default)]
pub(crate) struct State {
    pub(crate) n_mentions: u64,
    pub(crate) n_duplicates: u64,
    pub(crate) n_hipaa_risks: u64,
    pub(crate) n_undated: u64,
    pub(crate) n_unknown_provider: u64,
    pub(crate) sources: BTreeMap<String, u64>,
    pub(crate) first_posted: Option<Timestamp>,
    pub(crate) last_posted: Option<Timestamp>,
    pub(crate) by_provider: BTreeMap<ProviderId, StatsAcc>,
    pub(crate) by_topic: BTreeMap<TopicId, StatsAcc>,
    pub(crate) by_provider_topic: FxHashMap<(ProviderId, TopicId), StatsAcc>,
    pub(crate) by_target: BTreeMap<ProviderId, StatsAcc>,
    /// Per provider, name as written and role.
    pub(crate) staff: BTreeMap<(ProviderId, String, String), StatsAcc>,
    pub(crate) waits: BTreeMap<ProviderId, WaitAcc>,
    pub(crate) periods: FxHashMap<PeriodKey, StatsAcc>,
    /// The first and last period index of the dated analyzed mentions, per [`PeriodKind::ALL`].
    pub(crate) period_range: [Option<(i64, i64)>; 2],
    pub(crate) quotes: FxHashMap<QuoteKey, TopQuotes>,
    pub(crate) evidence: FxHashMap<EvidenceKey, Evidence>,
    pub(crate) hipaa_risks: Vec<RiskItem>,
}

/// The negative mentions of one provider's topic in one period.
pub(crate) struct Evidence {
    /// All of them.
    pub(crate) n: u64,
    /// The first [`MAX_ALERT_MENTION_IDS`] ids, each followed by `\n` (one allocation per cell).
    ids: String,
    /// The most negative ones.
    pub(crate) quotes: TopQuotes,
}

impl Evidence {
    /// The ids listed, in input order.
    pub(crate) fn ids(&self) -> Vec<String> {
        self.ids.lines().map(str::to_string).collect()
    }
}

impl ReportStream {
    pub(crate) fn new(
        config: &Config,
        providers: &[ProviderInfo],
        topics: &[TopicInfo],
        out: Option<&Path>,
        keep_rows: bool,
    ) -> Result<ReportStream> {
        let directory = Directory::new(providers, topics)?;
        let redactor = (config.redact != RedactMode::None)
            .then(|| Redactor::new(providers.iter().flat_map(|p| p.handles.iter())));
        let sink = out.map(MentionSink::create).transpose()?;
        Ok(ReportStream {
            config: config.clone(),
            directory,
            redactor,
            sink,
            rows: keep_rows.then(Vec::new),
            state: State::default(),
        })
    }

    /// Mentions pushed so far.
    pub fn n_mentions(&self) -> u64 {
        self.state.n_mentions
    }

    /// Adds one mention and its analysis (which must carry the mention's id). Mentions must come
    /// in input order: quotes and evidence break ties by id, but alert evidence lists ids in
    /// the order pushed.
    ///
    /// # Errors
    ///
    /// Fails if the analysis's id differs from the mention's, or if writing the mentions table
    /// fails (streams made by [`ReportBuilder::stream_to_dir`](crate::ReportBuilder::stream_to_dir)).
    /// After an error the stream should be dropped.
    pub fn push(&mut self, mention: &Mention, analysis: &Analysis) -> Result<()> {
        if mention.id != analysis.id {
            return Err(Error::IdMismatch {
                index: self.state.n_mentions as usize,
                mention_id: mention.id.clone(),
                analysis_id: analysis.id.clone(),
            });
        }
        self.aggregate(mention, analysis);
        if self.sink.is_none() && self.rows.is_none() {
            return Ok(());
        }
        let provider_name = self.directory.provider_name(&analysis.provider.id);
        let row = RowRef::of(mention, analysis, provider_name);
        // The sink alone borrows the row; the report's rows and redaction need a copy.
        let redactor = self.redactor.as_ref().filter(|_| self.config.redact == RedactMode::All);
        if self.rows.is_none() && redactor.is_none() {
            return self.sink.as_mut().map_or(Ok(()), |sink| sink.write(&row));
        }
        let mut row = row.to_row();
        if let Some(redactor) = redactor {
            redact_row(&mut row, redactor);
        }
        if let Some(sink) = &mut self.sink {
            sink.write(&row.as_row_ref())?;
        }
        if let Some(rows) = &mut self.rows {
            rows.push(row);
        }
        Ok(())
    }

    /// [`push`](ReportStream::push)es each pair of a chunk.
    ///
    /// # Errors
    ///
    /// Fails if the slices differ in length, or as `push` does.
    pub fn push_batch(&mut self, mentions: &[Mention], analyses: &[Analysis]) -> Result<()> {
        if mentions.len() != analyses.len() {
            return Err(Error::LengthMismatch {
                n_mentions: mentions.len(),
                n_analyses: analyses.len(),
            });
        }
        for (mention, analysis) in mentions.iter().zip(analyses) {
            self.push(mention, analysis)?;
        }
        Ok(())
    }

    /// Finishes the mention tables (if the stream writes them) and computes the report.
    ///
    /// # Errors
    ///
    /// Fails if the mention tables cannot be completed.
    pub fn finish(self) -> Result<Report> {
        let ReportStream { config, directory, redactor, sink, rows, mut state } = self;
        if let Some(sink) = sink {
            sink.finish()?;
        }
        // A mention is often quoted by several cells (its provider, its topics, their periods):
        // each text is cleaned once (per mention id; ids are not checked for uniqueness, so the
        // text as written must match too).
        let mut cleaned: FxHashMap<String, (String, String)> = FxHashMap::default();
        let mut clean = |quote: &Quote, phi: &[PhiHit]| match cleaned.get(&quote.mention_id) {
            Some((raw, clean)) if *raw == quote.text => clean.clone(),
            _ => {
                let clean = quotes::clean(&quote.text, phi, redactor.as_ref());
                cleaned.insert(quote.mention_id.clone(), (quote.text.clone(), clean.clone()));
                clean
            }
        };
        for top in state.quotes.values_mut() {
            top.clean_texts(&mut clean);
        }
        for evidence in state.evidence.values_mut() {
            evidence.quotes.clean_texts(&mut clean);
        }
        Ok(crate::summarize::report(state, rows.unwrap_or_default(), &config, &directory))
    }

    fn aggregate(&mut self, mention: &Mention, analysis: &Analysis) {
        let state = &mut self.state;
        state.n_mentions += 1;
        if let Some(risk) = &analysis.hipaa_risk {
            state.n_hipaa_risks += 1;
            state.hipaa_risks.push(RiskItem {
                mention_id: mention.id.clone(),
                source: mention.source.clone(),
                posted_at: mention.posted_at,
                provider_name: self.directory.provider_name(&analysis.provider.id),
                risk: risk.clone(),
                excerpt: quotes::clean(&mention.text, &analysis.phi, self.redactor.as_ref()),
            });
        }
        if analysis.duplicate_of.is_some() {
            state.n_duplicates += 1;
            return;
        }
        let provider = &analysis.provider.id;
        match state.sources.get_mut(&mention.source) {
            Some(n) => *n += 1,
            None => {
                state.sources.insert(mention.source.clone(), 1);
            }
        }
        match mention.posted_at {
            Some(at) => {
                state.first_posted = Some(state.first_posted.map_or(at, |first| first.min(at)));
                state.last_posted = Some(state.last_posted.map_or(at, |last| last.max(at)));
            }
            None => state.n_undated += 1,
        }
        if provider.is_unknown() {
            state.n_unknown_provider += 1;
        }
        state.by_provider.entry(provider.clone()).or_default().push(&analysis.sentiment);
        for found in &analysis.topics {
            state.by_topic.entry(found.topic.clone()).or_default().push(&found.sentiment);
            state
                .by_provider_topic
                .entry((provider.clone(), found.topic.clone()))
                .or_default()
                .push(&found.sentiment);
        }
        for (idx, target) in analysis.targets.iter().enumerate() {
            // A target named twice in one mention counts once, with its first sentiment.
            if analysis.targets[..idx].iter().any(|earlier| earlier.target == target.target) {
                continue;
            }
            state.by_target.entry(target.target.clone()).or_default().push(&target.sentiment);
        }
        for person in &analysis.staff {
            state
                .staff
                .entry((provider.clone(), person.name.clone(), person.role.clone()))
                .or_default()
                .push(&person.sentiment);
        }
        if !analysis.waits.is_empty() {
            state.waits.entry(provider.clone()).or_default().push(&analysis.waits);
        }
        if let Some(at) = mention.posted_at {
            for (kind_idx, kind) in PeriodKind::ALL.into_iter().enumerate() {
                let index = kind.index(at);
                let range = &mut state.period_range[kind_idx];
                *range =
                    Some(range.map_or((index, index), |(lo, hi)| (lo.min(index), hi.max(index))));
                let key = (kind, provider.clone(), None, index);
                state.periods.entry(key).or_default().push(&analysis.sentiment);
                for found in &analysis.topics {
                    let key = (kind, provider.clone(), Some(found.topic.clone()), index);
                    state.periods.entry(key).or_default().push(&found.sentiment);
                }
            }
        }
        if provider.is_unknown() {
            // Never ranked, so never quoted, and never alerted.
            return;
        }
        let k = self.config.quotes_per_finding;
        let candidate = Candidate {
            mention,
            analysis,
            redactor: self.redactor.as_ref(),
            k,
            cleaned: OnceCell::new(),
            substantive: OnceCell::new(),
        };
        candidate.offer(&mut state.quotes, (provider.clone(), None, false), &analysis.sentiment);
        for (idx, found) in analysis.topics.iter().enumerate() {
            // Quotes and evidence use a topic's first entry in a mention.
            if analysis.topics[..idx].iter().any(|earlier| earlier.topic == found.topic) {
                continue;
            }
            let key = (provider.clone(), Some(found.topic.clone()), false);
            candidate.offer(&mut state.quotes, key, &found.sentiment);
            if found.sentiment.label() != Label::Negative {
                continue;
            }
            let Some(at) = mention.posted_at else { continue };
            let agrees = analysis.sentiment.label() == Label::Negative;
            for kind in PeriodKind::ALL {
                let key = (kind, provider.clone(), found.topic.clone(), kind.index(at));
                let evidence = state.evidence.entry(key).or_insert_with(|| Evidence {
                    n: 0,
                    ids: String::new(),
                    quotes: TopQuotes::new(Strongest::Lowest),
                });
                if evidence.n < MAX_ALERT_MENTION_IDS as u64 {
                    evidence.ids.push_str(&mention.id);
                    evidence.ids.push('\n');
                }
                evidence.n += 1;
                candidate.keep(&mut evidence.quotes, agrees, found.sentiment.score());
            }
        }
    }
}

/// The longest text a quote cell keeps as written until the end of the stream (see
/// [`Candidate::keep`]).
const MAX_UNCLEANED_BYTES: usize = 1024;

/// One mention offered as a quote to the cells it belongs to.
struct Candidate<'a> {
    mention: &'a Mention,
    analysis: &'a Analysis,
    redactor: Option<&'a Redactor>,
    k: usize,
    /// The cleaned text, made the first time a cell keeps the mention (a mention is offered
    /// to several cells).
    cleaned: OnceCell<String>,
    /// Whether the text is substantive ([`quotes::is_substantive`]), found on first use.
    substantive: OnceCell<bool>,
}

impl Candidate<'_> {
    /// Offers the mention to the complaint cell (if `sentiment` is negative) or the praise cell
    /// (if positive) of `key`.
    fn offer(
        &self,
        quotes: &mut FxHashMap<QuoteKey, TopQuotes>,
        mut key: QuoteKey,
        sentiment: &bedside_types::Sentiment,
    ) {
        let strongest = match sentiment.label() {
            Label::Negative => Strongest::Lowest,
            Label::Positive => Strongest::Highest,
            Label::Neutral => return,
        };
        key.2 = strongest == Strongest::Highest;
        let agrees = self.analysis.sentiment.label() == sentiment.label();
        let top = quotes.entry(key).or_insert_with(|| TopQuotes::new(strongest));
        self.keep(top, agrees, sentiment.score());
    }

    /// Keeps the mention among `top` if it ranks high enough (`agrees`: its whole text reads
    /// as the cell does; see [`Rank`]). A text of at most
    /// [`MAX_UNCLEANED_BYTES`] is kept as written and cleaned at the end, if it is still among
    /// the strongest then; a longer one is cleaned now (once per mention), so that what the
    /// cells hold stays small.
    fn keep(&self, top: &mut TopQuotes, agrees: bool, score: f64) {
        let substantive =
            *self.substantive.get_or_init(|| quotes::is_substantive(&self.mention.text));
        let rank = Rank { agrees, substantive };
        if !top.wants(self.k, rank, score, &self.mention.id) {
            return;
        }
        let uncleaned = self.mention.text.len() <= MAX_UNCLEANED_BYTES;
        let text = if uncleaned {
            self.mention.text.clone()
        } else {
            self.cleaned
                .get_or_init(|| {
                    quotes::clean(&self.mention.text, &self.analysis.phi, self.redactor)
                })
                .clone()
        };
        let quote = Quote {
            mention_id: self.mention.id.clone(),
            text,
            score,
            source: self.mention.source.clone(),
            posted_at: self.mention.posted_at,
            url: self.mention.url.clone(),
        };
        if uncleaned {
            top.insert_uncleaned(self.k, rank, quote, self.analysis.phi.clone());
        } else {
            top.insert(self.k, rank, quote);
        }
    }
}

/// The quote key of a finding.
pub(crate) fn quote_key(
    provider: &ProviderId,
    topic: Option<&TopicId>,
    polarity: Polarity,
) -> QuoteKey {
    (provider.clone(), topic.cloned(), polarity == Polarity::Praise)
}

/// [`RedactMode::All`]: the text's PHI and patterns, authors other than the providers' own
/// handles, and links.
fn redact_row(row: &mut MentionRow, redactor: &Redactor) {
    row.text = redactor.redact_with_phi(&row.text, &row.phi);
    if row.author.as_deref().is_some_and(|a| !redactor.is_allowed_handle(a)) {
        row.author = Some("[AUTHOR]".to_string());
    }
    if row.url.is_some() {
        row.url = Some("[URL]".to_string());
    }
}

#[cfg(test)]
mod tests {
    use bedside_types::{
        MatchKind, ProviderMatch, Sentiment, TopicSentiment, WaitKind, WaitReport,
    };

    use super::*;
    use crate::ReportBuilder;

    impl State {
        /// Entries in every map and list of the state.
        fn n_entries(&self) -> usize {
            self.sources.len()
                + self.by_provider.len()
                + self.by_topic.len()
                + self.by_provider_topic.len()
                + self.by_target.len()
                + self.staff.len()
                + self.waits.len()
                + self.periods.len()
                + self.quotes.len()
                + self.evidence.len()
                + self.hipaa_risks.len()
        }
    }

    /// Mention `i` of a stream that cycles over 4 providers, 3 topics, 2 weeks and a few wait
    /// values: more mentions, the same groups.
    fn pair(i: usize) -> (Mention, Analysis) {
        let at = Timestamp::from_unix_seconds(1_772_409_600 + (i % 2) as i64 * 7 * 86_400);
        let mention = Mention {
            id: format!("m{i}"),
            text: format!("feedback number {i}"),
            posted_at: Some(at),
            source: "survey".into(),
            ..Mention::default()
        };
        let score = if i.is_multiple_of(3) { -0.6 } else { 0.4 };
        let sentiment = Sentiment::new(score, [0.3, 0.4, 0.3]);
        let analysis = Analysis {
            id: mention.id.clone(),
            provider: ProviderMatch {
                id: ProviderId::new(&format!("p{}", i % 4)),
                kind: MatchKind::ProviderId,
            },
            sentiment,
            topics: vec![TopicSentiment {
                topic: TopicId::new(&format!("t{}", i % 3)),
                sentiment,
                n_clauses: 1,
            }],
            targets: vec![],
            staff: vec![],
            waits: vec![WaitReport {
                minutes: (i % 5) as u32 * 15,
                kind: WaitKind::Clinic,
                span: 0..1,
            }],
            duplicate_of: None,
            phi: vec![],
            hipaa_risk: None,
        };
        (mention, analysis)
    }

    #[test]
    fn state_grows_with_groups_not_mentions() {
        let run = |n: usize| {
            let mut stream = ReportBuilder::new().stream(&[], &[]).unwrap();
            for i in 0..n {
                let (mention, analysis) = pair(i);
                stream.push(&mention, &analysis).unwrap();
            }
            stream
        };
        let (small, large) = (run(1_000), run(50_000));
        assert_eq!(small.state.n_entries(), large.state.n_entries());
        let waits = |s: &ReportStream| s.state.waits.values().map(WaitAcc::n_waits).sum::<u64>();
        assert_eq!(waits(&large), 50_000);
        for evidence in large.state.evidence.values() {
            assert_eq!(evidence.ids().len(), MAX_ALERT_MENTION_IDS);
            assert!(evidence.n > MAX_ALERT_MENTION_IDS as u64);
            assert!(evidence.quotes.len() <= 3);
        }
        let report = large.finish().unwrap();
        assert_eq!(report.overview.n_mentions, 50_000);
        assert_eq!(report.by_provider.iter().map(|p| p.stats.n_mentions).sum::<u64>(), 50_000);
    }
}
