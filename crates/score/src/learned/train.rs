//! Training: AdaGrad on the multinomial logistic loss with L2, seeded and single-threaded, so the
//! same data, configuration and seed always give the same model, byte for byte.

// Loops over the class index read several arrays at once (weights, logits, gradients).
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;
use std::ops::Range;

use bedside_types::Label;

use super::calibrate::{expected_calibration_error, fit_temperature};
use super::data::{Example, fold_of};
use super::features::{self, FeatureSink, Group, N_DENSE, QuestionKind};
use super::model::{
    GRADED, Model, N_CLASSES, N_OUTPUTS, label_with, scales, softmax, split_outputs,
};
use super::register::{REGISTER_SOCIAL_SHARE, fit_register};
use super::{BedsideScorer, Reading, Reuse, social_blend};

/// How to train. The defaults are what the shipped model was trained with.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// The sparse features hash into `2^bits` buckets. Default 20 (a 4 MB model: at 18 bits
    /// hash collisions cost movie reviews half a point of accuracy).
    pub bits: u32,
    /// Passes over the data. Default 12.
    pub epochs: usize,
    /// Seed of the shuffles and of question dropout. Default 42.
    pub seed: u64,
    /// AdaGrad's learning rate. Default 0.1.
    pub learning_rate: f32,
    /// L2 penalty per update on the touched sparse weights. Default 3e-3.
    pub l2: f32,
    /// For examples with a survey question, the chance an epoch shows the example without its
    /// question, so the model also reads bare answers. Default 0.5.
    pub question_dropout: f64,
    /// Inner folds whose out-of-fold predictions fit the calibration temperature; below 2, no
    /// calibration (temperature 1). Default 3.
    pub calibration_folds: usize,
    /// Exponent of the per-set class balancing weights `(n_set / (3 n_set_class))^exponent`
    /// (0: no balancing). Default 0.5.
    pub class_balance: f64,
    /// Exponent of the per-set weights `(n_all / (n_sets n_set))^exponent`: 1 gives every data
    /// set the same total weight, 0 weighs every text alike. Default 0.5.
    pub set_balance: f64,
    /// The learning rate of the dense features, as a multiple of `learning_rate`. Default 10.
    pub dense_learning_rate: f32,
    /// Extra weight multipliers per data set (`Example::source`), applied after
    /// [`set_balance`](Self::set_balance); sets not listed get 1. Default: `nhs_v6` 3, so the
    /// patient-feedback set is not swamped by the movie and editorial snippets.
    pub set_weights: Vec<(String, f64)>,
    /// The model is the average of the weights at the end of epochs `average_from` to `epochs`
    /// (counting from 1), which smooths the noise of the last updates; `epochs` or more: the
    /// last weights alone. Default 3.
    pub average_from: usize,
    /// The weight of the graded head's loss (logistic, with the soft target `(rating + 1) / 2`;
    /// texts without a [`rating`](Example::rating) use -1, 0 or 1 by label) relative to the
    /// classes'. 0 leaves the head untrained. Default 1.
    pub graded_weight: f32,
    /// Scale each sparse feature during training by `(1 + r) / 2`, where `r` is its naive-Bayes
    /// log-count ratio (the largest over classes, one class against the others), as NBSVM
    /// (Wang and Manning, 2012) does with `r`: features whose counts tell the classes apart learn
    /// faster and are penalized less, and the floor of one half keeps the others learning. The
    /// scales are folded into the weights afterwards, so scoring costs nothing more. Default
    /// true.
    pub nb_scaling: bool,
    /// The graded head's share of the score; `None` picks it (0, 0.1, ..., 1) on the inner
    /// out-of-fold predictions of calibration: the share whose score has the best mean, over
    /// data sets, of binary accuracy and Spearman correlation with the ratings. Default `None`.
    pub graded_share: Option<f32>,
    /// The rules' share of the score of texts in social-media style; `None` takes
    /// [`REGISTER_SOCIAL_SHARE`] when the training data has texts of a
    /// [`register_sets`](Self::register_sets) set, and otherwise picks it (0, 0.1, ..., 1) on
    /// the inner out-of-fold readings of calibration, by the same measure as
    /// [`graded_share`](Self::graded_share). Default `None`.
    pub social_share: Option<f32>,
    /// The neutral weight and band of the label (see [`Model::label_of`]); `None` picks them
    /// (weight 1, 1.05, ..., 1.5; band 0, 0.025, ..., 0.1) on the inner out-of-fold readings of
    /// calibration: the pair with the best mean macro-F1 over data sets, each set weighted by its
    /// [`set_weights`](Self::set_weights) multiplier. Default `None`.
    pub neutral_rule: Option<(f32, f32)>,
    /// Data sets written in social-media style (`Example::source`): the register head (see
    /// `model::register_logit`) learns to tell their texts from the others', so that texts in
    /// that style without its marks (`@`, `#`, emoticons, emoji, `!!`) also get the social
    /// share. With none of them in the training data, the head says no to every text. Default:
    /// `vader_tweets`.
    pub register_sets: Vec<String>,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            bits: 20,
            epochs: 12,
            seed: 42,
            learning_rate: 0.1,
            l2: 3e-3,
            question_dropout: 0.5,
            calibration_folds: 3,
            class_balance: 0.5,
            dense_learning_rate: 10.0,
            set_balance: 0.5,
            set_weights: vec![("nhs_v6".to_string(), 3.0)],
            average_from: 3,
            graded_weight: 1.0,
            nb_scaling: true,
            graded_share: None,
            social_share: None,
            neutral_rule: None,
            register_sets: vec!["vader_tweets".to_string()],
        }
    }
}

/// Figures of one data set in cross-validation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetFigures {
    /// The data set (`Example::source`).
    pub source: String,
    /// Texts scored.
    pub n: usize,
    /// Binary accuracy on gold-polar texts: predicted positive iff `p_pos - p_neg > 0`.
    pub binary_accuracy: f64,
    /// 3-class macro-F1 of the labels.
    pub macro_f1: f64,
}

/// The result of k-fold cross-validation: one model per fold and held-out figures.
#[derive(Clone, Debug)]
pub struct CrossValidation {
    /// `models[i]` was trained (and calibrated) on every text not in fold `i`.
    pub models: Vec<Model>,
    /// Held-out figures per data set, sorted by name.
    pub figures: Vec<SetFigures>,
    /// Expected calibration error on the held-out folds before temperature scaling.
    pub ece_before: f64,
    /// The same after temperature scaling (temperatures fitted inside the training folds).
    pub ece_after: f64,
}

/// Trains a model on `examples` and calibrates it (see [`TrainConfig::calibration_folds`]).
pub fn train(examples: &[Example], config: &TrainConfig) -> Model {
    let encoded: Vec<Encoded> = examples.iter().map(|e| Encoded::new(e, config.bits)).collect();
    let all: Vec<usize> = (0..examples.len()).collect();
    train_encoded(examples, &encoded, &all, config)
}

/// k-fold cross-validation with folds by text ([`fold_of`]): trains one calibrated model per
/// fold on the other folds and scores the held-out fold with it.
pub fn cross_validate(examples: &[Example], config: &TrainConfig, k: usize) -> CrossValidation {
    let k = k.max(2);
    let encoded: Vec<Encoded> = examples.iter().map(|e| Encoded::new(e, config.bits)).collect();
    let folds: Vec<usize> = examples.iter().map(|e| fold_of(&e.text, k)).collect();
    let mut models = Vec::with_capacity(k);
    let mut predictions: Vec<Option<Prediction>> = vec![None; examples.len()];
    let (mut raw, mut calibrated, mut gold) = (Vec::new(), Vec::new(), Vec::new());
    for fold in 0..k {
        let train_idx: Vec<usize> = (0..examples.len()).filter(|&i| folds[i] != fold).collect();
        let model = train_encoded(examples, &encoded, &train_idx, config);
        for i in (0..examples.len()).filter(|&i| folds[i] == fold) {
            let outputs = model.outputs(&examples[i].text, None);
            raw.push(softmax([outputs[0], outputs[1], outputs[2]], 1.0));
            let (p, graded) = split_outputs(outputs, model.temperature);
            calibrated.push(p);
            gold.push(class_of(examples[i].label));
            let score = model.score_of(p, graded);
            let label = class_of(model.label_of(p.map(f64::from), f64::from(score)));
            predictions[i] = Some(Prediction { score, label });
        }
        models.push(model);
    }
    let figures = set_figures(examples, &predictions);
    CrossValidation {
        models,
        figures,
        ece_before: expected_calibration_error(&raw, &gold),
        ece_after: expected_calibration_error(&calibrated, &gold),
    }
}

/// The class index of a label: 0 negative, 1 neutral, 2 positive.
pub(crate) fn class_of(label: Label) -> usize {
    match label {
        Label::Negative => 0,
        Label::Neutral => 1,
        Label::Positive => 2,
    }
}

/// A held-out prediction: the model's score and label (class index).
#[derive(Clone, Copy, Debug)]
struct Prediction {
    score: f32,
    label: usize,
}

/// Per-set binary accuracy (the sign of the score) and macro-F1 (the label) of held-out
/// predictions (questions are not shown to the model when scoring, as in the
/// evaluation harness).
fn set_figures(examples: &[Example], predictions: &[Option<Prediction>]) -> Vec<SetFigures> {
    let mut by_set: BTreeMap<&str, Vec<(usize, Prediction)>> = BTreeMap::new();
    for (example, prediction) in examples.iter().zip(predictions) {
        if let Some(prediction) = prediction {
            by_set.entry(&example.source).or_default().push((class_of(example.label), *prediction));
        }
    }
    by_set
        .into_iter()
        .map(|(source, items)| {
            let polar: Vec<_> = items.iter().filter(|(y, _)| *y != 1).collect();
            let n_right = polar.iter().filter(|(y, pred)| (pred.score > 0.0) == (*y == 2)).count();
            let mut confusion = [[0usize; N_CLASSES]; N_CLASSES];
            for (y, pred) in &items {
                confusion[*y][pred.label] += 1;
            }
            SetFigures {
                source: source.to_string(),
                n: items.len(),
                binary_accuracy: n_right as f64 / polar.len().max(1) as f64,
                macro_f1: macro_f1(&confusion),
            }
        })
        .collect()
}

/// Trains on `subset` and fits the temperature and the graded share on inner out-of-fold
/// predictions.
fn train_encoded(
    examples: &[Example],
    encoded: &[Encoded],
    subset: &[usize],
    config: &TrainConfig,
) -> Model {
    let mut model = fit(examples, encoded, subset, config);
    let k = config.calibration_folds;
    if k >= 2 {
        let inner_config = TrainConfig { calibration_folds: 0, ..config.clone() };
        // Inner folds use a different hash modulus than the outer ones, so they cut across them.
        let inner_fold = |i: usize| fold_of(&examples[i].text, k * 7 + 1) % k;
        let (mut logits, mut graded, mut items) = (Vec::new(), Vec::new(), Vec::new());
        let mut inner_models = Vec::with_capacity(k);
        for fold in 0..k {
            let train_idx: Vec<usize> =
                subset.iter().copied().filter(|&i| inner_fold(i) != fold).collect();
            let inner = fit(examples, encoded, &train_idx, &inner_config);
            let start = items.len();
            for &i in subset.iter().filter(|&&i| inner_fold(i) == fold) {
                let outputs = inner.outputs(&examples[i].text, None);
                logits.push([outputs[0], outputs[1], outputs[2]]);
                graded.push(split_outputs(outputs, 1.0).1);
                items.push(i);
            }
            inner_models.push((inner, start..items.len()));
        }
        let gold: Vec<usize> = items.iter().map(|&i| class_of(examples[i].label)).collect();
        model.temperature = fit_temperature(&logits, &gold);
        let held_out: Vec<HeldOut> = items
            .iter()
            .zip(&logits)
            .zip(&graded)
            .map(|((&i, &z), &graded)| HeldOut {
                source: &examples[i].source,
                target: graded_target(&examples[i]),
                p: softmax(z, model.temperature),
                graded,
            })
            .collect();
        model.graded_share = config.graded_share.unwrap_or_else(|| graded_share_of(&held_out));
        // The scorer's own readings of the inner held-out texts (rule blends and sentence
        // averaging included), with the temperature and graded share just fitted.
        let mut read_out = Vec::with_capacity(items.len());
        for (mut inner, range) in inner_models {
            inner.temperature = model.temperature;
            inner.graded_share = model.graded_share;
            let scorer = BedsideScorer::from_model(inner);
            for &i in &items[range] {
                read_out.push(ReadOut {
                    source: &examples[i].source,
                    target: graded_target(&examples[i]),
                    gold: class_of(examples[i].label),
                    reading: scorer.base_reading(&examples[i].text, None, None, Reuse::Nothing),
                });
            }
        }
        let has_register = subset
            .iter()
            .any(|&i| config.register_sets.iter().any(|name| *name == examples[i].source));
        model.social_share = config.social_share.unwrap_or_else(|| {
            if has_register { REGISTER_SOCIAL_SHARE } else { social_share_of(&read_out) }
        });
        (model.neutral_weight, model.neutral_band) = config
            .neutral_rule
            .unwrap_or_else(|| neutral_rule_of(&read_out, model.social_share, &config.set_weights));
    } else {
        model.graded_share = config.graded_share.unwrap_or(0.0);
        model.social_share = config.social_share.unwrap_or(0.0);
        if let Some((weight, band)) = config.neutral_rule {
            (model.neutral_weight, model.neutral_band) = (weight, band);
        }
    }
    model
}

/// A reading of the inner folds, for [`social_share_of`] and [`neutral_rule_of`].
pub(crate) struct ReadOut<'e> {
    /// The data set of the text.
    pub(crate) source: &'e str,
    /// Its gold rating ([`graded_target`]).
    pub(crate) target: f32,
    /// Its gold class.
    pub(crate) gold: usize,
    /// The scorer's reading before the social-media blend.
    pub(crate) reading: Reading,
}

/// The readings of each data set of at least 50 texts.
fn read_out_by_set<'r, 'e>(read_out: &'r [ReadOut<'e>]) -> BTreeMap<&'e str, Vec<&'r ReadOut<'e>>> {
    group_by_set(read_out, |item| item.source)
}

/// `items` grouped by their data set (`source`), keeping sets of at least 50 items.
fn group_by_set<'r, 'e, T>(
    items: &'r [T],
    source: impl Fn(&T) -> &'e str,
) -> BTreeMap<&'e str, Vec<&'r T>> {
    let mut by_set: BTreeMap<&str, Vec<&T>> = BTreeMap::new();
    for item in items {
        by_set.entry(source(item)).or_default().push(item);
    }
    by_set.retain(|_, items| items.len() >= 50);
    by_set
}

/// The mean over data sets of the binary accuracy on polar targets and the Spearman
/// correlation with the targets (see [`graded_share_of`]).
fn score_quality(targets: &[f32], scores: &[f64]) -> f64 {
    let wide: Vec<f64> = targets.iter().map(|&t| f64::from(t)).collect();
    let rho = crate::eval::spearman(scores, &wide).unwrap_or(0.0);
    let polar: Vec<usize> =
        (0..targets.len()).filter(|&j| targets[j].abs() >= POLAR_TARGET).collect();
    let n_right = polar.iter().filter(|&&j| (scores[j] > 0.0) == (targets[j] > 0.0)).count();
    let accuracy = n_right as f64 / polar.len().max(1) as f64;
    (rho + accuracy) / 2.0
}

/// The social share (0, 0.1, ..., 1) whose scores do best on the inner readings, by the
/// measure of [`graded_share_of`], each data set weighted by its number of texts in
/// social-media style: the share moves only their scores, so a set with a handful of them
/// (where one flipped sign is a large change of its measure) must not outvote a set made of
/// them. Ties go to the smaller share.
pub(crate) fn social_share_of(read_out: &[ReadOut]) -> f32 {
    let by_set = read_out_by_set(read_out);
    let weight = |items: &[&ReadOut]| items.iter().filter(|h| h.reading.rule.social).count() as f64;
    let total_weight: f64 = by_set.values().map(|items| weight(items)).sum();
    if total_weight == 0.0 {
        return 0.0;
    }
    best_share(|share| {
        let score = |h: &&ReadOut| social_blend(h.reading.score, &h.reading.rule, share);
        quality_sum(&by_set, weight, |h| h.target, score) / total_weight
    })
}

/// The sum over data sets of `weight(set) * score_quality(...)` of the scores `score` gives
/// the set's items against their `target`s.
fn quality_sum<T>(
    by_set: &BTreeMap<&str, Vec<&T>>,
    weight: impl Fn(&[&T]) -> f64,
    target: impl Fn(&&T) -> f32,
    score: impl Fn(&&T) -> f64,
) -> f64 {
    let mut total = 0.0;
    for items in by_set.values() {
        let scores: Vec<f64> = items.iter().map(&score).collect();
        let targets: Vec<f32> = items.iter().map(&target).collect();
        total += weight(items) * score_quality(&targets, &scores);
    }
    total
}

/// The share among 0, 0.1, ..., 1 of the highest `quality`; ties (within 1e-9) go to the
/// smaller share.
fn best_share(mut quality: impl FnMut(f32) -> f64) -> f32 {
    let mut best = (f64::NEG_INFINITY, 0.0f32);
    for step in 0..GRADED_SHARES {
        let share = step as f32 / (GRADED_SHARES - 1) as f32;
        let mean = quality(share);
        if mean > best.0 + 1e-9 {
            best = (mean, share);
        }
    }
    best.1
}

/// The neutral weight (1, 1.05, ..., 1.5) and band (0, 0.025, ..., 0.1) whose labels have the
/// best mean macro-F1 on the inner readings (scores blended by `social_share`), each data set
/// weighted by its `set_weights` multiplier (1 if not listed). Ties go to the first pair in
/// that order (smaller weight, then smaller band).
pub(crate) fn neutral_rule_of(
    read_out: &[ReadOut],
    social_share: f32,
    set_weights: &[(String, f64)],
) -> (f32, f32) {
    let by_set = read_out_by_set(read_out);
    let mut best = (f64::NEG_INFINITY, (super::NEUTRAL_WEIGHT as f32, 0.0f32));
    for weight_step in 0..=10 {
        let weight = 1.0 + 0.05 * weight_step as f32;
        for band_step in 0..=4 {
            let band = 0.025 * band_step as f32;
            let (mut total, mut total_weight) = (0.0, 0.0);
            for (source, items) in &by_set {
                let mut confusion = [[0usize; N_CLASSES]; N_CLASSES];
                for h in items {
                    let score = social_blend(h.reading.score, &h.reading.rule, social_share);
                    let label = label_with(h.reading.probabilities, score, weight, band);
                    confusion[h.gold][class_of(label)] += 1;
                }
                let set_weight =
                    set_weights.iter().find(|(name, _)| name == source).map_or(1.0, |&(_, w)| w);
                total += set_weight * macro_f1(&confusion);
                total_weight += set_weight;
            }
            if total_weight > 0.0 && total / total_weight > best.0 + 1e-9 {
                best = (total / total_weight, (weight, band));
            }
        }
    }
    best.1
}

/// The held-out predictions of each data set of at least 50 texts.
fn by_set<'h, 'e>(held_out: &'h [HeldOut<'e>]) -> BTreeMap<&'e str, Vec<&'h HeldOut<'e>>> {
    group_by_set(held_out, |item| item.source)
}

/// The macro-F1 of a confusion matrix (gold rows, predicted columns).
fn macro_f1(confusion: &[[usize; N_CLASSES]; N_CLASSES]) -> f64 {
    let f1 = |c: usize| {
        let tp = confusion[c][c] as f64;
        let predicted: usize = (0..N_CLASSES).map(|g| confusion[g][c]).sum();
        let actual: usize = confusion[c].iter().sum();
        if predicted + actual == 0 { 0.0 } else { 2.0 * tp / (predicted + actual) as f64 }
    };
    (0..N_CLASSES).map(f1).sum::<f64>() / N_CLASSES as f64
}

/// A held-out prediction of the inner folds, for [`graded_share_of`].
pub(crate) struct HeldOut<'e> {
    /// The data set of the text.
    pub(crate) source: &'e str,
    /// Its gold rating ([`graded_target`]).
    pub(crate) target: f32,
    /// The calibrated probabilities.
    pub(crate) p: [f32; N_CLASSES],
    /// The graded head's estimate.
    pub(crate) graded: f32,
}

/// Candidate graded shares: 0, 0.1, ..., 1.
const GRADED_SHARES: usize = 11;

/// The graded share (0, 0.1, ..., 1) whose score does best on held-out predictions: the mean,
/// over data sets of at least 50 texts, of the binary accuracy on texts with a polar target
/// (the sign of the score) and the Spearman correlation with the targets, each set counting
/// alike. Ties go to the smaller share.
pub(crate) fn graded_share_of(held_out: &[HeldOut]) -> f32 {
    let by_set = by_set(held_out);
    if by_set.is_empty() {
        return 0.0;
    }
    best_share(|share| {
        let score = |h: &&HeldOut| f64::from((1.0 - share) * (h.p[2] - h.p[0]) + share * h.graded);
        quality_sum(&by_set, |_| 1.0, |h| h.target, score) / by_set.len() as f64
    })
}

/// Targets of at least this magnitude count as polar in [`graded_share_of`]: VADER's gold
/// classes cut the mean rating at ±0.5, i.e. ±0.125 on `[-1, 1]`.
const POLAR_TARGET: f32 = 0.125;

/// The graded head's target in `[-1, 1]`: the example's rating, or -1, 0, 1 by label.
pub(crate) fn graded_target(example: &Example) -> f32 {
    example.rating.unwrap_or(match example.label {
        Label::Negative => -1.0,
        Label::Neutral => 0.0,
        Label::Positive => 1.0,
    })
}

/// One example's features, with and without its question.
pub(super) struct Encoded {
    pub(super) with_question: Features,
    without_question: Option<Features>,
}

pub(super) struct Features {
    pub(super) word: Vec<u32>,
    pub(super) char: Vec<u32>,
    pub(super) dense: [f32; N_DENSE],
}

/// Collects the sparse features of a text, by group (shared with the topic layer's training,
/// which leaves out the contrast group).
#[derive(Default)]
pub(crate) struct Collect {
    pub(crate) word: Vec<u32>,
    pub(crate) char: Vec<u32>,
    pub(crate) contrast: Vec<u32>,
}

impl FeatureSink for Collect {
    fn push(&mut self, group: Group, bucket: u32, _span: Range<usize>) {
        match group {
            Group::Word => self.word.push(bucket),
            Group::Char => self.char.push(bucket),
            Group::Contrast => self.contrast.push(bucket),
        }
    }
}

impl Features {
    fn new(text: &str, question: Option<QuestionKind>, bits: u32) -> Features {
        let mut collect = Collect::default();
        let n_words = features::sparse_features(text, question, bits, &mut collect);
        let dense = features::dense_features(text, n_words, question);
        // The sentiment model scales contrast features with the words.
        let mut word = collect.word;
        word.extend(collect.contrast);
        Features { word, char: collect.char, dense }
    }
}

impl Encoded {
    fn new(example: &Example, bits: u32) -> Encoded {
        let kind = QuestionKind::of(example.question.as_deref());
        Encoded {
            with_question: Features::new(&example.text, kind, bits),
            without_question: kind.map(|_| Features::new(&example.text, None, bits)),
        }
    }
}

/// splitmix64: a small, fixed, seedable generator.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Per-example weights balancing the classes within each data set.
fn example_weights(examples: &[Example], subset: &[usize], config: &TrainConfig) -> Vec<f32> {
    let mut counts: BTreeMap<(&str, usize), usize> = BTreeMap::new();
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in subset {
        let e = &examples[i];
        *counts.entry((&e.source, class_of(e.label))).or_default() += 1;
        *totals.entry(&e.source).or_default() += 1;
    }
    subset
        .iter()
        .map(|&i| {
            let e = &examples[i];
            let n_class = counts[&(e.source.as_str(), class_of(e.label))] as f64;
            let n_set = totals[e.source.as_str()] as f64;
            let set_weight =
                (subset.len() as f64 / (totals.len() as f64 * n_set)).powf(config.set_balance);
            let extra = config
                .set_weights
                .iter()
                .find(|(name, _)| *name == e.source)
                .map_or(1.0, |&(_, w)| w);
            ((n_set / (3.0 * n_class)).powf(config.class_balance) * set_weight * extra) as f32
        })
        .collect()
}

/// AdaGrad on the logistic loss over `subset`; the weights are rounded to storage precision.
fn fit(examples: &[Example], encoded: &[Encoded], subset: &[usize], config: &TrainConfig) -> Model {
    let mut model = Model::zeros(config.bits);
    let n_rows = model.weights.nrows();
    let weights = model.weights.as_slice_mut().expect("BUG: fresh weights are contiguous");
    let mut squares = vec![0f32; n_rows * N_OUTPUTS];
    let mut bias = [0f32; N_OUTPUTS];
    let mut bias_squares = [0f32; N_OUTPUTS];
    let example_weight = example_weights(examples, subset, config);
    let nb = if config.nb_scaling {
        nb_scales(examples, encoded, subset, 1usize << config.bits)
    } else {
        vec![1.0; 1usize << config.bits]
    };
    let mut rng = Rng(config.seed);
    let mut order: Vec<usize> = (0..subset.len()).collect();
    let dense_start = 1usize << config.bits;
    let (lr, l2) = (config.learning_rate, config.l2);
    let dense_lr = lr * config.dense_learning_rate;
    let mut step = |weights: &mut [f32], row: usize, grad: &[f32; N_OUTPUTS], x: f32| {
        // Dense features are touched by every example, so AdaGrad's accumulated squares would
        // freeze them long before the sparse ones: they get a larger rate and no penalty.
        let (rate, penalty) = if row >= dense_start { (dense_lr, 0.0) } else { (lr, l2) };
        for c in 0..N_OUTPUTS {
            let at = row * N_OUTPUTS + c;
            let g = grad[c] * x + penalty * weights[at];
            squares[at] += g * g;
            weights[at] -= rate * g / (squares[at].sqrt() + 1e-6);
        }
    };
    // The running sum of the weights at the end of epochs `average_from`.. (counting from 1): at
    // the start of (0-based) epoch e they are the weights at the end of epoch e.
    let averaging = config.average_from < config.epochs;
    let mut sum = vec![0f32; if averaging { weights.len() } else { 0 }];
    let mut sum_bias = [0f32; N_OUTPUTS];
    let mut n_summed = 0f32;
    for epoch in 0..config.epochs {
        if averaging && epoch >= config.average_from.max(1) {
            add_to_sum(&mut sum, &mut sum_bias, weights, &bias);
            n_summed += 1.0;
        }
        rng.shuffle(&mut order);
        for &pos in &order {
            let idx = subset[pos];
            let enc = &encoded[idx];
            let features = match &enc.without_question {
                Some(bare) if rng.unit() < config.question_dropout => bare,
                _ => &enc.with_question,
            };
            let (word_scale, char_scale) = scales(features.word.len(), features.char.len());
            let mut outputs = bias;
            let mut add = |buckets: &[u32], scale: f32, nb: &[f32]| {
                for &b in buckets {
                    let at = b as usize * N_OUTPUTS;
                    let row = &weights[at..at + N_OUTPUTS];
                    let x = scale * nb[b as usize];
                    for c in 0..N_OUTPUTS {
                        outputs[c] += row[c] * x;
                    }
                }
            };
            add(&features.word, word_scale, &nb);
            add(&features.char, char_scale, &nb);
            for (i, &x) in features.dense.iter().enumerate() {
                let at = (dense_start + i) * N_OUTPUTS;
                let row = &weights[at..at + N_OUTPUTS];
                for c in 0..N_OUTPUTS {
                    outputs[c] += row[c] * x;
                }
            }
            let p = softmax([outputs[0], outputs[1], outputs[2]], 1.0);
            let example = &examples[idx];
            let gold = class_of(example.label);
            let w = example_weight[pos];
            // The graded head: a logistic regression on the soft target (rating + 1) / 2.
            let p_graded = 1.0 / (1.0 + (-outputs[GRADED]).exp());
            let soft_target = (graded_target(example) + 1.0) / 2.0;
            let grad: [f32; N_OUTPUTS] = std::array::from_fn(|c| {
                if c == GRADED {
                    (p_graded - soft_target) * w * config.graded_weight
                } else {
                    (p[c] - f32::from(u8::from(c == gold))) * w
                }
            });
            for &b in &features.word {
                step(weights, b as usize, &grad, word_scale * nb[b as usize]);
            }
            for &b in &features.char {
                step(weights, b as usize, &grad, char_scale * nb[b as usize]);
            }
            for (i, &x) in features.dense.iter().enumerate() {
                if x != 0.0 {
                    step(weights, dense_start + i, &grad, x);
                }
            }
            for c in 0..N_OUTPUTS {
                bias_squares[c] += grad[c] * grad[c];
                bias[c] -= lr * grad[c] / (bias_squares[c].sqrt() + 1e-6);
            }
        }
    }
    if averaging {
        add_to_sum(&mut sum, &mut sum_bias, weights, &bias);
        n_summed += 1.0;
        for (w, s) in weights.iter_mut().zip(&sum) {
            *w = s / n_summed;
        }
        bias = std::array::from_fn(|c| sum_bias[c] / n_summed);
    }
    for (b, &scale) in nb.iter().enumerate() {
        for w in &mut weights[b * N_OUTPUTS..(b + 1) * N_OUTPUTS] {
            *w *= scale;
        }
    }
    model.bias = bias;
    fit_register(&mut model, examples, encoded, subset, config);
    model.round_to_storage();
    model
}

/// The naive-Bayes scale of each sparse bucket: `(1 + r) / 2` with `r = max_c |ln(f_c /
/// f_not_c)|`, where `f_c` is the bucket's smoothed share (add-one) of the feature occurrences in
/// texts of class `c` (each feature counted once per text, with its question).
fn nb_scales(
    examples: &[Example],
    encoded: &[Encoded],
    subset: &[usize],
    n_buckets: usize,
) -> Vec<f32> {
    let mut counts = vec![[0f64; N_CLASSES]; n_buckets];
    let mut totals = [0f64; N_CLASSES];
    let mut seen: Vec<u32> = Vec::new();
    for &i in subset {
        let features = &encoded[i].with_question;
        seen.clear();
        seen.extend(features.word.iter().chain(&features.char));
        seen.sort_unstable();
        seen.dedup();
        let class = class_of(examples[i].label);
        for &b in &seen {
            counts[b as usize][class] += 1.0;
        }
        totals[class] += seen.len() as f64;
    }
    let grand: f64 = totals.iter().sum();
    let smoothing = n_buckets as f64;
    let ratios: Vec<f64> = counts
        .iter()
        .map(|count| {
            let all: f64 = count.iter().sum();
            let ratio = |c: usize| {
                let inside = (count[c] + 1.0) / (totals[c] + smoothing);
                let outside = (all - count[c] + 1.0) / (grand - totals[c] + smoothing);
                (inside / outside).ln().abs()
            };
            (0..N_CLASSES).map(ratio).fold(0.0, f64::max)
        })
        .collect();
    ratios.iter().map(|&r| (0.5 + 0.5 * r) as f32).collect()
}

/// Adds the weights and bias to the running sums of weight averaging.
pub(crate) fn add_to_sum(sum: &mut [f32], sum_bias: &mut [f32], weights: &[f32], bias: &[f32]) {
    for (s, w) in sum.iter_mut().zip(weights) {
        *s += w;
    }
    for (s, b) in sum_bias.iter_mut().zip(bias) {
        *s += b;
    }
}
