//! Topic tagging: which topics of a [`Taxonomy`] a text talks about, sentence by sentence.
//!
//! A taxonomy lists topics with cue phrases (`models/topics.toml`, see [`Taxonomy`]). A
//! [`TopicTagger`] stems every cue word and every word of a text (Snowball English, after
//! lowercasing), and finds all cues in one pass over the stemmed words of the whole text (a
//! trie over the cues' stemmed words, see `cues`), so `waited`, `waiting` and `waits` all match
//! the cue `wait`. Matches are on whole words
//! (`bill` does not match `Billy`), a cue of several words matches those words in a row within
//! one sentence, hyphens count as spaces (`follow-up` = `follow up`), and when cues overlap the
//! longest wins (`waiting room` hides the shorter cue `room`). Words the taxonomy lists as
//! unstemmed ([`Taxonomy::unstemmed`]) match only as written.
//!
//! Cues alone over-fire and miss paraphrases, so [`TopicTagger::analyze`] decides which topics a
//! text has with the learned layer ([`TopicModel`]: one logistic model per topic over hashed
//! words, character n-grams and the topic's cue matches, trained on human-coded feedback by
//! `bedside train --task topics`); topics the model does not know (added to the taxonomy since
//! it was trained) fall back to their cues. It then scores, for each topic, only the clauses
//! that carry one of its cues, or the whole text when the model found the topic without a cue.
//!
//! # Example
//!
//! ```
//! use bedside_score::topics::{Taxonomy, TopicTagger};
//!
//! let tagger = TopicTagger::new(&Taxonomy::builtin())?;
//! let text = "We waited four hours. The receptionist was rude.";
//! let topics: Vec<&str> = tagger
//!     .tag(text)
//!     .iter()
//!     .map(|hit| tagger.taxonomy().topics()[hit.topic].id.as_str())
//!     .collect();
//! assert_eq!(topics, ["wait_times", "wait_times", "front_desk_admin", "staff_attitude"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cues;
pub mod data;
mod model;
mod packed;
mod symbol_table;
mod taxonomy;
mod train;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use bedside_types::{Scorer, TopicSentiment};
use rustc_hash::FxHashSet;

use crate::Result;
use crate::aspects::TextParts;
use crate::learned::Collected;
use crate::tokenize::phrase::KeyStream;
use crate::tokenize::{SentenceTokens, Tokenizer, lowercase_into};

use cues::{CueMatcher, Words};

use model::Decision;
pub use model::{TOPIC_FORMAT_VERSION, TopicModel};
use packed::PackedWeights;
pub use taxonomy::{FORMAT_VERSION, Taxonomy, TopicDef};
pub use train::{
    TopicCrossValidation, TopicFigures, TopicScore, TopicTrainConfig, cross_validate_topics,
    train_topics,
};

/// The hash seed of cue patterns (see [`TopicTagger::cue_matches`]).
const CUE_SEED: u64 = 0x3a9f_0010;

/// One cue of a topic found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TopicHit {
    /// The topic's position in the taxonomy ([`Taxonomy::topics`]).
    pub topic: usize,
    /// The byte range of the sentence that carries the cue.
    pub sentence: Range<usize>,
    /// The byte range of the cue in the text, from its first word to its last.
    pub cue_span: Range<usize>,
}

/// Finds the topics of a [`Taxonomy`] in texts.
///
/// Building compiles all cues into one automaton; tagging cannot fail and does no I/O. A tagger
/// is cheap to clone and can be shared between threads.
#[derive(Clone, Debug)]
pub struct TopicTagger {
    taxonomy: Taxonomy,
    matcher: Arc<CueMatcher>,
    /// For each pattern of `matcher`, the topics with a cue that stems to it, in taxonomy order.
    pattern_topics: Vec<Vec<usize>>,
    /// For each pattern, a hash of its stemmed words: the learned layer's cue feature.
    pattern_hashes: Vec<u64>,
    /// The lowercased words that are never stemmed.
    unstemmed: FxHashSet<String>,
    /// The learned layer, if any.
    model: Option<Arc<TopicModel>>,
    /// For each taxonomy topic, its column in `model` (`None`: decided by its cues).
    model_columns: Vec<Option<usize>>,
    /// `model`'s weights packed for serving, when they can be.
    packed: Option<Arc<PackedWeights>>,
    /// For each column of `model`, how its probability is held against its threshold.
    decisions: Vec<Decision>,
    /// Identifies this tagger's word keys in the per-thread key cache: unique per built
    /// tagger (clones share it, and their keys).
    cache_id: u64,
}

/// The built-in model's packed weights, made once per process.
static BUILTIN_PACKED: LazyLock<Option<Arc<PackedWeights>>> =
    LazyLock::new(|| PackedWeights::new(&TopicModel::builtin()).map(Arc::new));

impl TopicTagger {
    /// Compiles the cues of `taxonomy`, with the built-in learned layer
    /// ([`TopicModel::builtin`]) for the topics it knows.
    ///
    /// Two cues that stem to the same words are one pattern; if they belong to different topics,
    /// a match counts for each of them.
    pub fn new(taxonomy: &Taxonomy) -> Result<TopicTagger> {
        TopicTagger::with_model(taxonomy, Some(TopicModel::builtin()))
    }

    /// Compiles the cues of `taxonomy` with this learned layer (or none: cues alone decide).
    /// The model's topics are matched to the taxonomy's by id.
    pub fn with_model(taxonomy: &Taxonomy, model: Option<Arc<TopicModel>>) -> Result<TopicTagger> {
        let stemmer = cues::english();
        let cache_id = cues::next_cache_id();
        let mut word = String::new();
        let unstemmed: FxHashSet<String> = taxonomy
            .unstemmed()
            .iter()
            .map(|w| {
                lowercase_into(w, &mut word);
                word.clone()
            })
            .collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut pattern_topics: Vec<Vec<usize>> = Vec::new();
        for (topic, def) in taxonomy.topics().iter().enumerate() {
            for cue in &def.cues {
                let mut stream = KeyStream::with_capacity(cue.len());
                let words = Words { stemmer: &stemmer, unstemmed: &unstemmed };
                words.push(&mut stream, Tokenizer::default().tokens(cue));
                let pattern = stream.as_pattern();
                if pattern.is_empty() {
                    // The taxonomy rejects cues without words; nothing to match anyway.
                    continue;
                }
                let id = *pattern_ids.entry(pattern.to_owned()).or_insert_with(|| {
                    patterns.push(pattern.to_owned());
                    pattern_topics.push(Vec::new());
                    patterns.len() - 1
                });
                if !pattern_topics[id].contains(&topic) {
                    pattern_topics[id].push(topic);
                }
            }
        }
        let matcher = Arc::new(CueMatcher::new(&patterns));
        let pattern_hashes = patterns
            .iter()
            .map(|p| crate::learned::features::fnv1a(CUE_SEED, p.as_bytes()))
            .collect();
        let model_columns = taxonomy
            .topics()
            .iter()
            .map(|def| {
                model.as_ref()?.topics().iter().position(|id| id.as_str() == def.id.as_str())
            })
            .collect();
        let packed = model.as_ref().and_then(|model| {
            if Arc::ptr_eq(model, &TopicModel::builtin()) {
                BUILTIN_PACKED.clone()
            } else {
                PackedWeights::new(model).map(Arc::new)
            }
        });
        let decisions = model
            .as_ref()
            .map(|model| model.thresholds().iter().map(|&t| Decision::new(t)).collect())
            .unwrap_or_default();
        Ok(TopicTagger {
            taxonomy: taxonomy.clone(),
            matcher,
            pattern_topics,
            pattern_hashes,
            unstemmed,
            model,
            model_columns,
            packed,
            decisions,
            cache_id,
        })
    }

    /// The learned layer, if the tagger has one.
    pub fn model(&self) -> Option<&TopicModel> {
        self.model.as_deref()
    }

    /// How many cues of each taxonomy topic `text` holds, and the hashes of the cues
    /// (stemmed patterns) it holds, in text order.
    pub(crate) fn cue_matches(&self, text: &str) -> (Vec<u32>, Vec<u64>) {
        let matches = self.matches(text);
        let mut counts = vec![0u32; self.taxonomy.topics().len()];
        matches.count_into(&mut counts);
        (counts, matches.patterns)
    }

    /// Every cue in `text`: the one scan that both the learned layer's features and the clause
    /// sentiment of [`analyze`](Self::analyze) read.
    pub(crate) fn matches(&self, text: &str) -> CueMatches {
        self.matches_in(text, &SentenceTokens::of(text))
    }

    /// [`matches`](Self::matches), given the sentences of `text` and their tokens.
    pub(crate) fn matches_in(&self, text: &str, sentences: &SentenceTokens) -> CueMatches {
        let mut found = CueMatches { hits: Vec::new(), patterns: Vec::new() };
        self.scan(text, sentences, |topic, _, cue_span, pattern| {
            found.hits.push((topic, cue_span.start));
            found.patterns.push(self.pattern_hashes[pattern]);
        });
        found.patterns.dedup();
        found
    }

    /// Which taxonomy topics `text` has (`present[t]` for topic `t`), given its cues: the
    /// learned layer's decision for the topics it knows, the cues' for the others.
    fn present_into(
        &self,
        text: &str,
        cues: &CueMatches,
        collected: Option<&Collected>,
        present: &mut [bool],
    ) {
        let mut counts = Scratch::<u32>::new(self.taxonomy.topics().len());
        let counts = counts.get();
        cues.count_into(counts);
        let any_cue = !cues.hits.is_empty();
        let Some(model) = &self.model else {
            for (p, &c) in present.iter_mut().zip(counts.iter()) {
                *p = c > 0;
            }
            return;
        };
        let n = model.topics().len();
        let mut model_counts = Scratch::<u32>::new(n);
        let model_counts = model_counts.get();
        if any_cue {
            // (Without cues, every count stays zero.)
            for (t, column) in self.model_columns.iter().enumerate() {
                if let Some(column) = column {
                    model_counts[*column] = counts[t];
                }
            }
        }
        let mut logits = Scratch::<f32>::new(n);
        let logits = logits.get();
        let packed = self.packed.as_deref();
        model.logits_into(text, model_counts, &cues.patterns, collected, packed, logits);
        for ((p, column), &count) in present.iter_mut().zip(&self.model_columns).zip(counts.iter())
        {
            *p = match column {
                Some(c) => self.decisions[*c].reaches(logits[*c]),
                None => count > 0,
            };
        }
    }

    /// The taxonomy the tagger was built from.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Every cue found in `text`, in text order (hits on the same cue, for topics sharing it, in
    /// taxonomy order).
    pub fn tag(&self, text: &str) -> Vec<TopicHit> {
        let mut hits = Vec::new();
        let sentences = SentenceTokens::of(text);
        self.scan(text, &sentences, |topic, sentence, cue_span, _| {
            hits.push((topic, sentence, cue_span))
        });
        hits.into_iter()
            .map(|(topic, sentence, cue_span)| TopicHit {
                topic,
                sentence: sentences.sentences[sentence].clone(),
                cue_span,
            })
            .collect()
    }

    /// The topics of `text` in taxonomy order, each with the sentiment of the clauses that
    /// carry it (aspect-level sentiment: in "the nurses were lovely but the wait was awful",
    /// wait times get the second clause only).
    ///
    /// Which topics: see [`TopicTagger::present`](Self) (learned layer, else cues). For each
    /// topic, the distinct clauses ([`crate::aspects::clauses`]) with one of its cues are joined
    /// with a space, in text order, and scored with one call to `scorer`; `n_clauses` counts
    /// them. A topic the learned layer found without any of its cues gets the whole text's
    /// sentiment and `n_clauses` 0.
    pub fn analyze(&self, text: &str, scorer: &dyn Scorer) -> Vec<TopicSentiment> {
        self.analyze_with(text, scorer, None)
    }

    /// [`analyze`](Self::analyze), with the learned layer reading the sparse features of
    /// `text` from `collected`.
    pub(crate) fn analyze_with(
        &self,
        text: &str,
        scorer: &dyn Scorer,
        collected: Option<&Collected>,
    ) -> Vec<TopicSentiment> {
        self.analyze_matches(text, scorer, collected, &self.matches(text), &TextParts::default())
    }

    /// [`analyze`](Self::analyze), given the cues of `text` ([`matches`](Self::matches)), the
    /// sparse features of `text` (if at hand) and its clauses.
    pub(crate) fn analyze_matches<'t>(
        &self,
        text: &'t str,
        scorer: &dyn Scorer,
        collected: Option<&Collected>,
        cues: &CueMatches,
        parts: &TextParts<'t>,
    ) -> Vec<TopicSentiment> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let hits = &cues.hits;
        if hits.is_empty() && self.model.is_none() {
            return Vec::new();
        }
        let mut present = Scratch::<bool>::new(self.taxonomy.topics().len());
        let present = present.get();
        self.present_into(text, cues, collected, present);
        if !present.contains(&true) {
            return Vec::new();
        }
        // `(topic, start of the cue)` of the present topics, then `(topic, clause)`: the
        // clauses are split only when a present topic has a cue.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        if !hits.is_empty() {
            pairs.reserve_exact(hits.len());
            pairs.extend(hits.iter().copied().filter(|&(topic, _)| present[topic]));
        }
        let clause_ranges = if pairs.is_empty() { &[] } else { parts.clauses(text) };
        for (_, at) in &mut pairs {
            *at = clause_ranges.partition_point(|c| c.end <= *at).min(clause_ranges.len() - 1);
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut joined = String::new();
        let mut whole_text = None;
        let mut out = Vec::with_capacity(present.iter().filter(|&&p| p).count());
        let mut groups = pairs.chunk_by(|a, b| a.0 == b.0).peekable();
        for (topic, def) in self.taxonomy.topics().iter().enumerate() {
            if !present[topic] {
                continue;
            }
            let group = groups.next_if(|group| group[0].0 == topic);
            let (sentiment, n_clauses) = match group {
                Some(group) => {
                    joined.clear();
                    for (i, &(_, clause)) in group.iter().enumerate() {
                        if i > 0 {
                            joined.push(' ');
                        }
                        joined.push_str(&text[clause_ranges[clause].clone()]);
                    }
                    (scorer.score(&joined), group.len())
                }
                None => (*whole_text.get_or_insert_with(|| scorer.score(text)), 0),
            };
            out.push(TopicSentiment {
                topic: def.id.clone(),
                sentiment,
                n_clauses: u32::try_from(n_clauses).unwrap_or(u32::MAX),
            });
        }
        out
    }

    /// Calls `f(topic, sentence index, cue span, pattern)` for every cue in `text` (whose
    /// sentences and tokens are `sentences`), in text order.
    fn scan(
        &self,
        text: &str,
        sentences: &SentenceTokens,
        mut f: impl FnMut(usize, usize, Range<usize>, usize),
    ) {
        let stemmer = cues::english();
        let words = Words { stemmer: &stemmer, unstemmed: &self.unstemmed };
        let each_sentence = (0..sentences.sentences.len()).map(|i| sentences.tokens(text, i));
        words.with_symbols(&self.matcher, self.cache_id, each_sentence, |symbols| {
            self.matcher.find(symbols, |pattern, first, last| {
                let cue_span = first.span.start..last.span.end;
                for &topic in &self.pattern_topics[pattern] {
                    f(topic, first.group as usize, cue_span.clone(), pattern);
                }
            });
        });
    }
}

/// The cues found in one text (see [`TopicTagger::matches`]).
pub(crate) struct CueMatches {
    /// `(topic, start of the cue)` per cue, in text order.
    pub(crate) hits: Vec<(usize, usize)>,
    /// The hashes of the cues, in text order, repeats in a row dropped.
    patterns: Vec<u64>,
}

impl CueMatches {
    /// Adds the cues of each taxonomy topic to `counts` (one per topic, zeros).
    fn count_into(&self, counts: &mut [u32]) {
        for &(topic, _) in &self.hits {
            counts[topic] += 1;
        }
    }
}

/// Topics a [`Scratch`] holds on the stack.
const STACK_TOPICS: usize = 16;

/// A slice of one value per topic, zeroed: on the stack for up to [`STACK_TOPICS`] topics,
/// else on the heap (a text's scratch is made per text, never shared).
struct Scratch<T> {
    len: usize,
    stack: [T; STACK_TOPICS],
    heap: Vec<T>,
}

impl<T: Copy + Default> Scratch<T> {
    fn new(len: usize) -> Scratch<T> {
        let heap = if len > STACK_TOPICS { vec![T::default(); len] } else { Vec::new() };
        Scratch { len, stack: [T::default(); STACK_TOPICS], heap }
    }

    fn get(&mut self) -> &mut [T] {
        if self.len > STACK_TOPICS { &mut self.heap } else { &mut self.stack[..self.len] }
    }
}

#[cfg(test)]
mod tests;
