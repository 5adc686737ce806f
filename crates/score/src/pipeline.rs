//! The pipeline: one mention in, one [`Analysis`] out; batches and streams over an [`Executor`].

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use bedside_types::{Analysis, Mention, Scorer, Sentiment};

use crate::aspects::{self, TextParts};
use crate::dedupe::Deduplicator;
use crate::learned::{BedsideScorer, ReadSentences};
use crate::phi::PhiStage;
use crate::providers::{ProviderDirectory, ProviderResolver};
use crate::topics::{Taxonomy, TopicModel, TopicTagger};
use crate::vader::VaderScorer;
use crate::{Executor, Result};

/// The built-in sentiment scorers, chosen by name (`--scorer` on the command line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScorerKind {
    /// bedside's own scorer ([`BedsideScorer`]): a calibrated logistic regression trained on
    /// patient feedback, over hashed words, character n-grams and the rule scorer's outputs.
    #[default]
    Bedside,
    /// A faithful port of vaderSentiment 3.3.2 (Hutto & Gilbert, 2014).
    Vader,
}

impl ScorerKind {
    /// Every built-in scorer, in the order `--help` lists them.
    pub const ALL: &'static [ScorerKind] = &[ScorerKind::Bedside, ScorerKind::Vader];

    /// The scorer's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ScorerKind::Bedside => "bedside",
            ScorerKind::Vader => "vader",
        }
    }

    /// Builds the scorer.
    pub fn build(self) -> Arc<dyn Scorer> {
        match self {
            ScorerKind::Bedside => Arc::new(BedsideScorer::new()),
            ScorerKind::Vader => Arc::new(VaderScorer::new()),
        }
    }
}

impl fmt::Display for ScorerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ScorerKind {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<ScorerKind> {
        ScorerKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| crate::Error::UnknownScorer(s.to_string()))
    }
}

/// Configures and builds a [`Pipeline`].
///
/// All loading and validation happens in [`PipelineBuilder::build`]; the built pipeline cannot
/// fail and does no I/O.
#[derive(Clone, Default)]
#[must_use]
pub struct PipelineBuilder {
    scorer: ScorerKind,
    custom_scorer: Option<Arc<dyn Scorer>>,
    taxonomy: Option<Taxonomy>,
    /// `None`: the built-in topic model; `Some(None)`: cues only.
    topic_model: Option<Option<Arc<TopicModel>>>,
    providers: Option<ProviderDirectory>,
    skip_phi: bool,
}

impl PipelineBuilder {
    /// A builder with the default scorer, the built-in taxonomy and no provider directory.
    pub fn new() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Chooses a built-in scorer. By default, this is [`ScorerKind::Bedside`].
    pub fn scorer(mut self, kind: ScorerKind) -> PipelineBuilder {
        self.scorer = kind;
        self.custom_scorer = None;
        self
    }

    /// Uses a scorer of the caller's own instead of a built-in one.
    pub fn custom_scorer(mut self, scorer: Arc<dyn Scorer>) -> PipelineBuilder {
        self.custom_scorer = Some(scorer);
        self
    }

    /// Uses this topic taxonomy. By default, the built-in `models/topics.toml`.
    pub fn taxonomy(mut self, taxonomy: Taxonomy) -> PipelineBuilder {
        self.taxonomy = Some(taxonomy);
        self
    }

    /// Uses this learned topic layer (see [`TopicTagger::with_model`]), or none: cues alone
    /// decide which topics a text has. By default, the built-in model
    /// ([`TopicModel::builtin`]).
    pub fn topic_model(mut self, model: Option<TopicModel>) -> PipelineBuilder {
        self.topic_model = Some(model.map(Arc::new));
        self
    }

    /// Resolves providers against this directory. By default there is none and every mention is
    /// about the `unknown` provider.
    pub fn providers(mut self, directory: ProviderDirectory) -> PipelineBuilder {
        self.providers = Some(directory);
        self
    }

    /// Whether to detect PHI and HIPAA risks ([`Analysis::phi`](bedside_types::Analysis::phi),
    /// [`Analysis::hipaa_risk`](bedside_types::Analysis::hipaa_risk)). On by default; turning
    /// it off saves the detector's time and leaves both empty.
    pub fn detect_phi(mut self, yes: bool) -> PipelineBuilder {
        self.skip_phi = !yes;
        self
    }

    /// Builds the pipeline.
    pub fn build(self) -> Result<Pipeline> {
        // The built-in default scorer shares its sparse features with the topic model.
        let bedside = (self.custom_scorer.is_none() && self.scorer == ScorerKind::Bedside)
            .then(BedsideScorer::new);
        let scorer: Arc<dyn Scorer> = match (self.custom_scorer, &bedside) {
            (Some(custom), _) => custom,
            (None, Some(bedside)) => Arc::new(bedside.clone()),
            (None, None) => self.scorer.build(),
        };
        let taxonomy = self.taxonomy.unwrap_or_else(Taxonomy::builtin);
        let model = self.topic_model.unwrap_or_else(|| Some(TopicModel::builtin()));
        let tagger = TopicTagger::with_model(&taxonomy, model)?;
        let directory = self.providers.unwrap_or_default();
        let resolver = ProviderResolver::new(&directory);
        let phi = (!self.skip_phi).then(|| PhiStage::new(&directory));
        Ok(Pipeline {
            inner: Arc::new(Inner { scorer, bedside, tagger, resolver, directory, phi }),
        })
    }
}

/// Scores mentions: provider resolution, whole-text sentiment, topics with their sentiment,
/// PHI and HIPAA risk.
///
/// Cloning is cheap (the models are shared), and a pipeline can be used from many threads.
#[derive(Clone)]
pub struct Pipeline {
    inner: Arc<Inner>,
}

struct Inner {
    scorer: Arc<dyn Scorer>,
    /// The same scorer as `scorer` when it is the built-in `bedside` one.
    bedside: Option<BedsideScorer>,
    tagger: TopicTagger,
    resolver: ProviderResolver,
    directory: ProviderDirectory,
    phi: Option<PhiStage>,
}

impl Pipeline {
    /// A pipeline with every default (see [`PipelineBuilder`]).
    pub fn new() -> Result<Pipeline> {
        PipelineBuilder::new().build()
    }

    /// The sentiment scorer.
    pub fn scorer(&self) -> &dyn Scorer {
        &*self.inner.scorer
    }

    /// The topic taxonomy.
    pub fn taxonomy(&self) -> &Taxonomy {
        self.inner.tagger.taxonomy()
    }

    /// The provider directory (empty if none was given).
    pub fn providers(&self) -> &ProviderDirectory {
        &self.inner.directory
    }

    /// Analyzes one mention. [`Analysis::duplicate_of`] is left empty: duplicates are a property
    /// of a collection (see [`Pipeline::analyze_batch`]).
    pub fn analyze(&self, mention: &Mention) -> Analysis {
        let inner = &*self.inner;
        // One cue scan, one clause split and one search for provider names serve every stage.
        let parts = TextParts::default();
        let provider =
            inner.resolver.resolve_with(mention, parts.names(&mention.text, &inner.resolver));
        let (phi, hipaa_risk) = match &inner.phi {
            Some(phi) => phi.analyze(mention, &inner.directory, &parts),
            None => (Vec::new(), None),
        };
        let text = mention.text.as_str();
        // One pass over the text for the sparse features of both the sentiment model and the
        // topic model, when both read the bare text.
        let collected = match (&inner.bedside, &mention.question) {
            (Some(bedside), None) => Some(bedside.collect(text, parts.tokens(text))),
            _ => None,
        };
        // A long text is also read sentence by sentence; clauses that are whole sentences
        // reuse those readings.
        let mut read = ReadSentences::new(text, &parts.sentences(text).sentences);
        let sentiment = match (&inner.bedside, &collected) {
            (Some(bedside), Some(collected)) => bedside.score_collected(text, collected, &mut read),
            _ => inner.scorer.score_answer(text, mention.question.as_deref()),
        };
        // Topics, targets and staff score clauses, often the same ones, and often the whole
        // text (which, read without its question, is what `sentiment` read).
        let memo = Memo::new(&*inner.scorer, inner.bedside.as_ref().map(|b| (b, &read)));
        if mention.question.is_none() {
            memo.remember(Cow::Borrowed(text), sentiment);
        }
        let cues = inner.tagger.matches_in(text, parts.sentences(text));
        let topics = inner.tagger.analyze_matches(text, &memo, collected.as_ref(), &cues, &parts);
        let targets = if inner.directory.is_empty() {
            Vec::new()
        } else {
            let own = (!provider.id.is_unknown()).then_some(&provider.id);
            aspects::target_sentiments_with(
                text,
                &inner.resolver,
                own,
                &memo,
                Some(&inner.tagger),
                &cues.hits,
                &parts,
            )
        };
        Analysis {
            id: mention.id.clone(),
            provider,
            sentiment,
            topics,
            targets,
            staff: aspects::staff_sentiment_with(text, &memo, &parts),
            waits: aspects::waits_with(text, &parts),
            duplicate_of: None,
            phi,
            hipaa_risk,
        }
    }

    /// Analyzes a batch on `executor` and flags the duplicates within it. The result is the
    /// same, byte for byte, at any thread count.
    pub fn analyze_batch(&self, mentions: &[Mention], executor: &Executor) -> Vec<Analysis> {
        let mut analyses = executor.map(mentions, |m| self.analyze(m));
        Deduplicator::new().flag(mentions, &mut analyses);
        analyses
    }

    /// Analyzes a stream of mentions in chunks of `chunk_size`, so memory stays bounded by the
    /// chunk size however long the stream is. Duplicates are flagged across the whole stream.
    pub fn analyze_stream<'p, I>(
        &'p self,
        mentions: I,
        executor: &'p Executor,
        chunk_size: usize,
    ) -> AnalyzeStream<'p, I::IntoIter>
    where
        I: IntoIterator<Item = Mention>,
    {
        AnalyzeStream {
            pipeline: self,
            executor,
            input: mentions.into_iter(),
            chunk_size: chunk_size.max(1),
            dedupe: Deduplicator::new(),
        }
    }
}

/// An iterator over chunks of `(mentions, analyses)`; see [`Pipeline::analyze_stream`].
pub struct AnalyzeStream<'p, I> {
    pipeline: &'p Pipeline,
    executor: &'p Executor,
    input: I,
    chunk_size: usize,
    dedupe: Deduplicator,
}

impl<I: Iterator<Item = Mention>> Iterator for AnalyzeStream<'_, I> {
    type Item = (Vec<Mention>, Vec<Analysis>);

    fn next(&mut self) -> Option<Self::Item> {
        let chunk: Vec<Mention> = self.input.by_ref().take(self.chunk_size).collect();
        if chunk.is_empty() {
            return None;
        }
        let mut analyses = self.executor.map(&chunk, |m| self.pipeline.analyze(m));
        self.dedupe.flag(&chunk, &mut analyses);
        Some((chunk, analyses))
    }
}

/// A scorer that remembers what it scored for one mention: scoring is deterministic, so a
/// text scored twice gets the same result.
struct Memo<'s> {
    inner: &'s dyn Scorer,
    /// When `inner` is the built-in scorer: it, and the sentences it read of the mention.
    bedside: Option<(&'s BedsideScorer, &'s ReadSentences<'s>)>,
    /// The texts scored so far (the whole text borrowed, clauses owned) and their readings.
    seen: Mutex<Vec<(Cow<'s, str>, Sentiment)>>,
}

impl<'s> Memo<'s> {
    fn new(
        inner: &'s dyn Scorer,
        bedside: Option<(&'s BedsideScorer, &'s ReadSentences<'s>)>,
    ) -> Memo<'s> {
        Memo { inner, bedside, seen: Mutex::new(Vec::with_capacity(8)) }
    }

    fn remember(&self, text: Cow<'s, str>, sentiment: Sentiment) {
        self.lock().push((text, sentiment));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(Cow<'s, str>, Sentiment)>> {
        // Nothing panics while holding the lock; a poisoned memo is still a valid one.
        self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Scorer for Memo<'_> {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn score(&self, text: &str) -> Sentiment {
        if let Some((_, sentiment)) = self.lock().iter().find(|(seen, _)| seen.as_ref() == text) {
            return *sentiment;
        }
        let sentiment = match self.bedside {
            Some((bedside, read)) => bedside.score_reusing(text, read),
            None => self.inner.score(text),
        };
        self.remember(Cow::Owned(text.to_owned()), sentiment);
        sentiment
    }
}
