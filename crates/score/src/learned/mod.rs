//! bedside's default sentiment scorer: a calibrated logistic regression on top of the rules.
//!
//! [`BedsideScorer`] (name `bedside`) reads a text the way a linear model trained on patient
//! feedback does: hashed word unigrams and bigrams with negation scope (`not good` is not
//! `good`) and the first word paired with the start of the text, hashed character 3- and 5-grams
//! of words longer than 3 bytes (subword units, so `unhelpful`, `helpfull` and `helpful` share
//! evidence), and the healthcare rules' own judgement as dense features. A survey question
//! changes how short answers read ("Nothing" to "How could we improve?" is praise, to "What was
//! good?" criticism). Long stories are also scored sentence by sentence and the two readings
//! averaged, so a twenty-sentence story does not saturate at ±1. Where the healthcare rules are
//! decisive (a healthcare phrase decided their score, only illness and treatment words matched,
//! or a short answer to an improvement question), their reading is blended into the
//! probabilities: they are precise where they fire, on patterns the training data rarely shows.
//! The score mixes `p_positive - p_negative` with a graded head trained on the finer gold
//! ratings (NHS 1..5, VADER's mean ratings), which orders texts within a class where the
//! probabilities saturate; the label's pole is the score's sign.
//!
//! # Brief overview
//!
//! - [`Model`]: the weights (`ndarray`), the file format and [`Model::explain`].
//! - [`BedsideScorer`]: the [`Scorer`]; the model shipped in `models/sentiment/model.bin` is
//!   embedded in the binary. Probabilities are calibrated by temperature scaling;
//!   [`BedsideScorer::needs_review`] flags low-confidence results.
//! - [`FoldScorer`]: scores each text with the model of its cross-validation fold.
//! - [`train()`], [`cross_validate`], [`TrainConfig`]: deterministic training.
//! - [`data`]: the training CSV format and the dev-data loaders.
//!
//! # Why not the `tokenizers` crate
//!
//! A WordPiece tokenizer runs at about 20k texts/s on one thread, 15 times below this scorer's
//! whole budget. Character n-grams hashed in the same pass as the words give the subword
//! evidence with no vocabulary to train or ship.
//!
//! # Example
//!
//! ```
//! use bedside_score::learned::BedsideScorer;
//! use bedside_types::{Label, Scorer};
//!
//! let scorer = BedsideScorer::new();
//! let s = scorer.score("The nurses were wonderful and so kind.");
//! assert_eq!(s.label(), Label::Positive);
//! assert!(s.positive() > s.negative());
//! let improve = scorer.score_answer("Nothing", Some("How could we improve?"));
//! let good = scorer.score_answer("Nothing", Some("What was good?"));
//! assert!(improve.score() > good.score());
//! ```

mod calibrate;
pub mod data;
pub(crate) mod features;
pub(crate) mod model;
mod register;
mod rows;
mod rules;
pub(crate) mod train;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use bedside_types::{Scorer, Sentiment};

pub use calibrate::{ECE_BINS, expected_calibration_error, fit_temperature};
pub use features::N_DENSE;
pub use model::{FORMAT_VERSION, Model, NEUTRAL_CAP, NEUTRAL_WEIGHT, SpanWeight};
pub use register::REGISTER_SOCIAL_SHARE;
pub use train::{CrossValidation, SetFigures, TrainConfig, cross_validate, train};

pub(crate) use features::Collected;
use features::{QuestionKind, SHORT_ANSWER_WORDS};
use rules::RuleFeatures;

use crate::tokenize::{Token, sentences};

/// The shipped model (`models/sentiment/model.bin`), parsed once per process.
static EMBEDDED: LazyLock<Arc<Model>> = LazyLock::new(|| {
    let bytes = include_bytes!("../../../../models/sentiment/model.bin");
    Arc::new(Model::from_bytes(bytes, "<embedded>").expect("BUG: the embedded model is invalid"))
});

/// Results whose highest probability is below this need a human look
/// ([`BedsideScorer::needs_review`]).
pub const REVIEW_THRESHOLD: f64 = 0.6;

/// Texts with at least this many sentences are also read sentence by sentence: patient stories,
/// rarely a review snippet or a survey answer.
const MIN_SENTENCES: usize = 5;

/// The share of the whole-text reading in a long text's probabilities (the rest is the mean of
/// its sentences').
const WHOLE_TEXT_SHARE: f32 = 0.4;

/// The rules' share of the probabilities of a short answer (at most [`SHORT_ANSWER_WORDS`] words)
/// to an improvement question: "Parking" or "More staff" there is a suggestion, "No" or "Not
/// really" is satisfaction, whatever the model learned from texts without their question.
const IMPROVE_ANSWER_SHARE: f32 = 0.8;

/// The rules' share when a healthcare word or phrase decided their score ("came back negative",
/// "took the time"), or when their only matches were illness and treatment words, in a text of at
/// most [`SHORT_TEXT_WORDS`] words.
const HEALTH_HIT_SHARE: f32 = 0.45;

/// Only texts of at most this many words get [`HEALTH_HIT_SHARE`].
const SHORT_TEXT_WORDS: usize = 12;

/// A short text with no sentiment words reads as a neutral story only if it names at least
/// this many illness, treatment or journey terms ("rushed to", "A&E", "injury"): with one
/// ("COVID - only one visitor allowed", "More leaflets about covid") it is as often a complaint
/// or a suggestion, which the model reads better.
const MIN_STORY_TERMS: u32 = 2;

/// A short text naming at least [`MIN_STORY_TERMS`] illness, treatment or journey terms whose
/// rules' compound is at least this far from 0 is a story with a verdict ("My husband had a
/// stroke and the stroke unit were amazing"): the rules' reading gets [`HEALTH_HIT_SHARE`], since
/// the model learned the story words as neutral.
const STORY_VERDICT: f64 = 0.5;

/// How much of the probabilities the healthcare rules decide: they are hand-written for
/// patient feedback and precise where they fire, while the model generalizes from data that is
/// mostly not about care.
fn rule_share(rule: &RuleFeatures, text: &str, n_words: usize, kind: Option<QuestionKind>) -> f32 {
    if kind == Some(QuestionKind::Improve) && n_words <= SHORT_ANSWER_WORDS {
        IMPROVE_ANSWER_SHARE
    } else if rule.health_hits != 0
        && rule.compound.abs() >= 0.05
        && kind != Some(QuestionKind::Good)
        && ((rule.health_hits > 0) == (rule.compound > 0.0) || has_but(text))
        && !(rule.compound > 0.0 && is_wish(text))
    {
        // (The rules read answers as if to an improvement question or none: "Nothing" to
        // "What was good?" is the model's to judge.)
        if n_words <= SHORT_TEXT_WORDS { HEALTH_HIT_SHARE } else { 0.0 }
    } else if rule.n_hits == 0
        && rule.health_neutral >= MIN_STORY_TERMS
        && (5..=SHORT_TEXT_WORDS).contains(&n_words)
    {
        // A short account of an illness or a journey with no judgement in it ("was rushed to
        // A&E with a head injury") reads as neutral, however grim its words.
        HEALTH_HIT_SHARE
    } else if rule.health_neutral >= MIN_STORY_TERMS
        && rule.compound.abs() >= STORY_VERDICT
        && n_words <= SHORT_TEXT_WORDS
        && kind != Some(QuestionKind::Good)
    {
        // The same story with a clear judgement in it reads as the judgement.
        HEALTH_HIT_SHARE
    } else {
        0.0
    }
}

/// Whether `text` has the word "but" (any case). The healthcare hits decide the rules' reading
/// only where their sign is the compound's, or where a "but" turns the text (VADER's rule weighs
/// the clause after it more: "A long wait, but worth it"); otherwise the compound's sign comes
/// from general words the healthcare phrase frames ("Could have been more supportive and
/// caring": a suggestion), and the model reads the text better.
fn has_but(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|word| word.eq_ignore_ascii_case("but"))
}

/// The number of `.`, `!` and `?` in `bytes`, counted in byte lanes 255 bytes at a time (no
/// lane overflows), which the compiler vectorizes.
fn count_enders(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| n + u8::from(matches!(b, b'.' | b'!' | b'?')));
            usize::from(n)
        })
        .sum()
}

/// Whether `text` voices a wish or a suggestion: the word "should" (or "shouldn't"), "need(s)
/// to", or "more" (not "more than"). Its positive words then name what the writer wants, not
/// what they got ("More compassion and more honesty", "Staff need to be more caring"), so a
/// positive healthcare reading does not decide it; the model, which has seen such suggestions
/// labeled as criticism, reads it better. (A negative reading of a wish, "Should not have had to
/// wait", is the complaint it seems.)
fn is_wish(text: &str) -> bool {
    let mut words = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        let next_is = |next: Option<&&str>, expected: &str| {
            next.is_some_and(|n| n.eq_ignore_ascii_case(expected))
        };
        if ["should", "shouldn", "shouldnt"].iter().any(|w| word.eq_ignore_ascii_case(w))
            || (["need", "needs"].iter().any(|w| word.eq_ignore_ascii_case(w))
                && next_is(words.peek(), "to"))
            || (word.eq_ignore_ascii_case("more") && !next_is(words.peek(), "than"))
        {
            return true;
        }
    }
    false
}

/// The rules' reading as a distribution: all on the class of their compound (VADER's
/// thresholds, neutral within 0.05 of 0).
fn rule_distribution(compound: f64) -> [f32; 3] {
    if compound >= 0.05 {
        [0.0, 0.0, 1.0]
    } else if compound <= -0.05 {
        [1.0, 0.0, 0.0]
    } else {
        [0.0, 1.0, 0.0]
    }
}

/// The `bedside` sentiment scorer. Cloning is cheap (the model is shared).
///
/// The proportions are the calibrated probabilities `[p_negative, p_neutral, p_positive]`. The
/// score in `[-1, 1]` mixes `p_positive - p_negative` with the model's graded head (see
/// [`Model::score_of`]), which was trained on finer ratings than the three classes, so texts
/// within a class are ordered by how strongly they feel; in texts written in social-media style
/// (a mark of it, or the model's register head: see `TrainConfig::register_sets`) it also mixes
/// in the rules' compound (the model's social share). The label is neutral when
/// the neutral class wins (its probability weighted by the model's neutral weight) and the
/// score is within [`NEUTRAL_CAP`] of 0, or the score is within the model's neutral band of 0,
/// and otherwise has the sign of the score
/// ([`Model::label_of`]).
#[derive(Clone, Debug)]
pub struct BedsideScorer {
    model: Arc<Model>,
}

impl Default for BedsideScorer {
    fn default() -> BedsideScorer {
        BedsideScorer::new()
    }
}

/// The model's outputs on the sentences of one text, read while the whole text was scored
/// ([`BedsideScorer::score_collected`]), so that a clause that is one of those sentences (the
/// same string) is not read again ([`BedsideScorer::score_reusing`]).
#[derive(Debug)]
pub(crate) struct ReadSentences<'t> {
    text: &'t str,
    /// The spans of the sentences of `text` ([`sentences`]).
    spans: &'t [Range<usize>],
    read: Vec<SentenceOutputs>,
}

impl<'t> ReadSentences<'t> {
    /// Nothing read yet of `text`, whose sentences are `spans` ([`sentences`] of `text`).
    pub(crate) fn new(text: &'t str, spans: &'t [Range<usize>]) -> ReadSentences<'t> {
        ReadSentences { text, spans, read: Vec::new() }
    }

    fn find(&self, text: &str) -> Option<&SentenceOutputs> {
        self.read.iter().find(|r| &self.text[r.span.clone()] == text)
    }
}

/// What [`Model::outputs_and_rules`] gave for one sentence.
#[derive(Debug)]
struct SentenceOutputs {
    span: Range<usize>,
    outputs: [f32; model::N_OUTPUTS],
    rule: RuleFeatures,
    n_words: usize,
}

/// Whether a reading keeps the outputs of the sentences it reads, or reuses kept ones.
pub(crate) enum Reuse<'r, 't> {
    /// Neither.
    Nothing,
    /// Keep the outputs of the sentences of a long text read sentence by sentence.
    Keep(&'r mut ReadSentences<'t>),
    /// Take the outputs of a text that is one of these sentences from there.
    Find(&'r ReadSentences<'t>),
}

/// Why a text got its score: see [`BedsideScorer::explain`].
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The sentiment, as [`Scorer::score_answer`] gives it.
    pub sentiment: Sentiment,
    /// Spans of the text (words, bigrams, emoji) and their contribution to the
    /// positive-minus-negative logit of the whole-text reading, largest magnitude first.
    pub spans: Vec<SpanWeight>,
    /// The contribution of the dense features (rule scorer, length, punctuation, question).
    pub dense: f32,
}

impl BedsideScorer {
    /// The scorer with the model embedded in the binary.
    pub fn new() -> BedsideScorer {
        BedsideScorer { model: Arc::clone(&EMBEDDED) }
    }

    /// A scorer with this model.
    pub fn from_model(model: Model) -> BedsideScorer {
        BedsideScorer { model: Arc::new(model) }
    }

    /// A scorer with the model in this file (as written by `bedside train`).
    pub fn from_path(path: &Path) -> crate::Result<BedsideScorer> {
        Ok(BedsideScorer::from_model(Model::from_path(path)?))
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Calibrated `[p_negative, p_neutral, p_positive]` of a text answering `question`, blended
    /// with the healthcare rules' reading where they are decisive: a healthcare word or phrase
    /// decided their score in a short text, or the text is a short answer to an improvement
    /// question.
    pub fn probabilities(&self, text: &str, question: Option<&str>) -> [f64; 3] {
        self.reading(text, question, None, Reuse::Nothing).probabilities
    }

    /// The probabilities and the score of a text answering `question`, reading the sparse
    /// features from `collected` (those of `text`) when there is no question, and keeping or
    /// reusing the outputs of sentences as `reuse` says. Texts in social-media style mix the
    /// rules' compound into the score by the model's social share: the rules were built on
    /// tweets and read them better than a model trained mostly on other kinds of text.
    fn reading(
        &self,
        text: &str,
        question: Option<&str>,
        collected: Option<&Collected>,
        reuse: Reuse<'_, '_>,
    ) -> Reading {
        let mut reading = self.base_reading(text, question, collected, reuse);
        reading.score = social_blend(reading.score, &reading.rule, self.model.social_share);
        reading
    }

    /// [`reading`](Self::reading) before the social-media blend.
    pub(crate) fn base_reading(
        &self,
        text: &str,
        question: Option<&str>,
        collected: Option<&Collected>,
        reuse: Reuse<'_, '_>,
    ) -> Reading {
        let kind = QuestionKind::of(question);
        let (p, graded, bare_rule, n_words) = self.model_reading(text, kind, collected, reuse);
        // The answer rules read "No" to "Anything we could change?" as praise: they need the
        // question, which the model's dense features (bare text) do not see.
        let rule = match question {
            Some(_) => {
                RuleFeatures { social: bare_rule.social, ..rules::analyze_answer(text, question) }
            }
            None => bare_rule,
        };
        let share = rule_share(&rule, text, n_words, kind);
        let target = rule_distribution(rule.compound);
        let score =
            (1.0 - share) * self.model.score_of(p, graded) + share * (target[2] - target[0]);
        Reading {
            probabilities: std::array::from_fn(|c| {
                f64::from((1.0 - share) * p[c] + share * target[c])
            }),
            score: f64::from(score),
            rule,
        }
    }

    /// The model's calibrated probabilities and graded estimate; long stories (at least
    /// [`MIN_SENTENCES`] sentences) are also read sentence by sentence and the two readings
    /// averaged, so a twenty-sentence story does not saturate at ±1. Also returns the rules'
    /// reading of the whole text and its number of words. With [`Reuse::Keep`], the outputs
    /// of each sentence read are kept; with [`Reuse::Find`], a text that is one of the kept
    /// sentences takes its outputs from there.
    fn model_reading(
        &self,
        text: &str,
        kind: Option<QuestionKind>,
        collected: Option<&Collected>,
        reuse: Reuse<'_, '_>,
    ) -> ([f32; 3], f32, RuleFeatures, usize) {
        let model = &*self.model;
        let found = match (&reuse, kind, collected) {
            (Reuse::Find(read), None, None) => read.find(text),
            _ => None,
        };
        let (outputs, rule, n_words) = match found {
            Some(read) => (read.outputs, read.rule, read.n_words),
            None => model.outputs_and_rules(text, kind, collected),
        };
        let (whole, whole_graded) = model::split_outputs(outputs, model.temperature);
        // Cheap pre-check: a text with fewer sentence-ending marks cannot have enough sentences.
        let n_enders = count_enders(text.as_bytes());
        if n_words < 4 * MIN_SENTENCES || n_enders + 1 < MIN_SENTENCES {
            return (whole, whole_graded, rule, n_words);
        }
        let mut keep = match reuse {
            Reuse::Keep(read) => Some(read),
            _ => None,
        };
        let spans: Cow<'_, [Range<usize>]> = match &keep {
            Some(read) => Cow::Borrowed(read.spans),
            None => Cow::Owned(sentences(text).collect()),
        };
        if spans.len() < MIN_SENTENCES {
            return (whole, whole_graded, rule, n_words);
        }
        let mut mean = [0f32; 3];
        let mut mean_graded = 0f32;
        let n_spans = spans.len() as f32;
        for span in spans.iter().cloned() {
            let (outputs, rule, n_words) = model.outputs_and_rules(&text[span.clone()], None, None);
            let (p, graded) = model::split_outputs(outputs, model.temperature);
            for c in 0..3 {
                mean[c] += p[c] / n_spans;
            }
            mean_graded += graded / n_spans;
            if let Some(read) = keep.as_mut() {
                read.read.push(SentenceOutputs { span, outputs, rule, n_words });
            }
        }
        let p = std::array::from_fn(|c| {
            WHOLE_TEXT_SHARE * whole[c] + (1.0 - WHOLE_TEXT_SHARE) * mean[c]
        });
        let graded = WHOLE_TEXT_SHARE * whole_graded + (1.0 - WHOLE_TEXT_SHARE) * mean_graded;
        (p, graded, rule, n_words)
    }

    /// Whether a result is too uncertain to trust without a human look: its highest probability
    /// is below [`REVIEW_THRESHOLD`].
    pub fn needs_review(sentiment: &Sentiment) -> bool {
        let max = sentiment.negative().max(sentiment.neutral_share()).max(sentiment.positive());
        max < REVIEW_THRESHOLD
    }

    /// The sentiment and the spans that moved it.
    pub fn explain(&self, text: &str, question: Option<&str>) -> Explanation {
        let (spans, dense) = self.model.explain(text, question);
        Explanation { sentiment: self.score_answer(text, question), spans, dense }
    }
}

/// What the scorer makes of a text: calibrated probabilities, a score, and the rules' reading
/// it used.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reading {
    pub(crate) probabilities: [f64; 3],
    pub(crate) score: f64,
    pub(crate) rule: RuleFeatures,
}

/// A score with the rules' compound mixed in by `share` if the text is in social-media style.
pub(crate) fn social_blend(score: f64, rule: &RuleFeatures, share: f32) -> f64 {
    if rule.social {
        let share = f64::from(share);
        (1.0 - share) * score + share * rule.compound
    } else {
        score
    }
}

impl Reading {
    /// The sentiment, labeled by [`Model::label_of`].
    fn sentiment(self, model: &Model) -> Sentiment {
        let label = model.label_of(self.probabilities, self.score);
        Sentiment::with_label(self.score, self.probabilities, label)
    }
}

impl Scorer for BedsideScorer {
    fn name(&self) -> &str {
        "bedside"
    }

    fn score(&self, text: &str) -> Sentiment {
        self.score_answer(text, None)
    }

    fn score_answer(&self, text: &str, question: Option<&str>) -> Sentiment {
        if text.trim().is_empty() {
            return Sentiment::neutral();
        }
        self.reading(text, question, None, Reuse::Nothing).sentiment(&self.model)
    }
}

impl BedsideScorer {
    /// The sparse features of the bare `text`, for [`score_collected`](Self::score_collected)
    /// and the topic model (see `Pipeline::analyze`), given its `tokens` (those of the whole
    /// text).
    pub(crate) fn collect(&self, text: &str, tokens: &[Token<'_>]) -> Collected {
        Collected::of(text, tokens.iter().cloned(), self.model.bits)
    }

    /// `self.score(text)`, with the sparse features read from `collected` (those of `text`);
    /// the sentences of a long text (whose spans `read` holds) are read into `read`.
    pub(crate) fn score_collected(
        &self,
        text: &str,
        collected: &Collected,
        read: &mut ReadSentences<'_>,
    ) -> Sentiment {
        if text.trim().is_empty() {
            return Sentiment::neutral();
        }
        self.reading(text, None, Some(collected), Reuse::Keep(read)).sentiment(&self.model)
    }

    /// `self.score(text)`, taking the model's outputs from `read` when `text` is one of the
    /// sentences read there: the same string, so the same outputs.
    pub(crate) fn score_reusing(&self, text: &str, read: &ReadSentences<'_>) -> Sentiment {
        if text.trim().is_empty() {
            return Sentiment::neutral();
        }
        self.reading(text, None, None, Reuse::Find(read)).sentiment(&self.model)
    }
}

/// Scores each text with the model of its cross-validation fold ([`data::fold_of`]), so texts
/// of a dev set are scored by a model that never saw them (`bedside score --cv-models DIR`).
#[derive(Clone, Debug)]
pub struct FoldScorer {
    folds: Vec<BedsideScorer>,
}

impl FoldScorer {
    /// A scorer over the fold models; `models[i]` must have been trained without fold `i`.
    pub fn new(models: Vec<Model>) -> FoldScorer {
        FoldScorer { folds: models.into_iter().map(BedsideScorer::from_model).collect() }
    }

    /// Reads `fold-0.bin`, `fold-1.bin`, ... from `dir` (as written by `bedside train
    /// --cv-out`).
    pub fn from_dir(dir: &Path) -> crate::Result<FoldScorer> {
        let mut models = Vec::new();
        while dir.join(format!("fold-{}.bin", models.len())).exists() {
            models.push(Model::from_path(&dir.join(format!("fold-{}.bin", models.len())))?);
        }
        if models.len() < 2 {
            return Err(crate::Error::Model {
                file: dir.display().to_string(),
                message: "no fold-0.bin, fold-1.bin, ... models in this folder".into(),
            });
        }
        Ok(FoldScorer::new(models))
    }

    /// The number of folds.
    pub fn n_folds(&self) -> usize {
        self.folds.len()
    }

    /// The scorer of the fold `text` belongs to.
    pub fn scorer_for(&self, text: &str) -> &BedsideScorer {
        &self.folds[data::fold_of(text, self.folds.len())]
    }
}

impl Scorer for FoldScorer {
    fn name(&self) -> &str {
        "bedside-cv"
    }

    fn score(&self, text: &str) -> Sentiment {
        self.scorer_for(text).score(text)
    }

    fn score_answer(&self, text: &str, question: Option<&str>) -> Sentiment {
        self.scorer_for(text).score_answer(text, question)
    }
}
