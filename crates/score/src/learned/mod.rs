//! bedside's default sentiment scorer: a calibrated logistic regression on top of the rules.
//!
//! [`BedsideScorer`] (name `bedside`) reads a text the way a linear model trained on patient
//! feedback does: hashed word unigrams and bigrams with negation scope (`not good` is not
//! `good`), hashed character 3- to 5-grams of words (subword units, so `unhelpful`, `helpfull` and
//! `helpful` share evidence), and the rule scorer's own judgement as dense features. A survey
//! question changes how short answers read ("Nothing" to "How could we improve?" is praise, to
//! "What was good?" criticism). Long texts are also scored sentence by sentence and the two
//! readings averaged, so a twenty-sentence story does not saturate at ±1.
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
mod features;
mod model;
mod rules;
mod train;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::{Arc, LazyLock};

use bedside_types::{Label, Scorer, Sentiment};

pub use calibrate::{ECE_BINS, expected_calibration_error, fit_temperature};
pub use features::N_DENSE;
pub use model::{FORMAT_VERSION, Model, SpanWeight};
pub use train::{CrossValidation, SetFigures, TrainConfig, cross_validate, train};

use crate::tokenize::sentences;

/// The shipped model (`models/sentiment/model.bin`), parsed once per process.
static EMBEDDED: LazyLock<Arc<Model>> = LazyLock::new(|| {
    let bytes = include_bytes!("../../../../models/sentiment/model.bin");
    Arc::new(Model::from_bytes(bytes, "<embedded>").expect("BUG: the embedded model is invalid"))
});

/// Results whose highest probability is below this need a human look
/// ([`BedsideScorer::needs_review`]).
pub const REVIEW_THRESHOLD: f64 = 0.6;

/// Texts with at least this many sentences are also read sentence by sentence.
const MIN_SENTENCES: usize = 3;

/// The share of the whole-text reading in a long text's probabilities (the rest is the mean of
/// its sentences').
const WHOLE_TEXT_SHARE: f32 = 0.5;

/// The `bedside` sentiment scorer. Cloning is cheap (the model is shared).
///
/// Scores are `p_positive - p_negative` in `[-1, 1]`, the proportions are the calibrated
/// probabilities `[p_negative, p_neutral, p_positive]`, and the label is the most probable class.
#[derive(Clone, Debug)]
pub struct BedsideScorer {
    model: Arc<Model>,
}

impl Default for BedsideScorer {
    fn default() -> BedsideScorer {
        BedsideScorer::new()
    }
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

    /// Calibrated `[p_negative, p_neutral, p_positive]` of a text answering `question`.
    pub fn probabilities(&self, text: &str, question: Option<&str>) -> [f64; 3] {
        let model = &*self.model;
        let whole = model.probabilities(text, question);
        // Cheap pre-check: short texts cannot have enough sentences.
        if text.len() < 60 {
            return whole.map(f64::from);
        }
        let spans: Vec<_> = sentences(text).collect();
        if spans.len() < MIN_SENTENCES {
            return whole.map(f64::from);
        }
        let mut mean = [0f32; 3];
        for span in &spans {
            let p = model.probabilities(&text[span.clone()], None);
            for c in 0..3 {
                mean[c] += p[c] / spans.len() as f32;
            }
        }
        std::array::from_fn(|c| {
            f64::from(WHOLE_TEXT_SHARE * whole[c] + (1.0 - WHOLE_TEXT_SHARE) * mean[c])
        })
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

fn sentiment_of(p: [f64; 3]) -> Sentiment {
    let label = if p[2] >= p[0] && p[2] >= p[1] {
        Label::Positive
    } else if p[0] >= p[1] {
        Label::Negative
    } else {
        Label::Neutral
    };
    Sentiment::with_label(p[2] - p[0], p, label)
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
        sentiment_of(self.probabilities(text, question))
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
