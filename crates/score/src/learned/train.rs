//! Training: AdaGrad on the multinomial logistic loss with L2, seeded and single-threaded, so the
//! same data, configuration and seed always give the same model, byte for byte.

// Loops over the class index read several arrays at once (weights, logits, gradients).
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;
use std::ops::Range;

use bedside_types::Label;

use super::calibrate::{argmax, expected_calibration_error, fit_temperature};
use super::data::{Example, fold_of};
use super::features::{self, FeatureSink, Group, N_DENSE, QuestionKind};
use super::model::{Model, N_CLASSES, scales, softmax};

/// How to train. The defaults are what the shipped model was trained with.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// The sparse features hash into `2^bits` buckets. Default 18.
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
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            bits: 18,
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
    let mut predictions: Vec<Option<[f32; N_CLASSES]>> = vec![None; examples.len()];
    let (mut raw, mut calibrated, mut gold) = (Vec::new(), Vec::new(), Vec::new());
    for fold in 0..k {
        let train_idx: Vec<usize> = (0..examples.len()).filter(|&i| folds[i] != fold).collect();
        let model = train_encoded(examples, &encoded, &train_idx, config);
        for i in (0..examples.len()).filter(|&i| folds[i] == fold) {
            let logits = model.logits(&examples[i].text, None);
            raw.push(softmax(logits, 1.0));
            let p = softmax(logits, model.temperature);
            calibrated.push(p);
            gold.push(class_of(examples[i].label));
            predictions[i] = Some(p);
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

/// Per-set binary accuracy and macro-F1 of held-out predictions (questions are not shown to the
/// model when scoring, as in the evaluation harness).
fn set_figures(examples: &[Example], predictions: &[Option<[f32; N_CLASSES]>]) -> Vec<SetFigures> {
    let mut by_set: BTreeMap<&str, Vec<(usize, [f32; N_CLASSES])>> = BTreeMap::new();
    for (example, p) in examples.iter().zip(predictions) {
        if let Some(p) = p {
            by_set.entry(&example.source).or_default().push((class_of(example.label), *p));
        }
    }
    by_set
        .into_iter()
        .map(|(source, items)| {
            let polar: Vec<_> = items.iter().filter(|(y, _)| *y != 1).collect();
            let n_right = polar.iter().filter(|(y, p)| (p[2] - p[0] > 0.0) == (*y == 2)).count();
            let mut confusion = [[0usize; N_CLASSES]; N_CLASSES];
            for (y, p) in &items {
                confusion[*y][argmax(p)] += 1;
            }
            let f1 = |c: usize| {
                let tp = confusion[c][c] as f64;
                let predicted: usize = (0..N_CLASSES).map(|g| confusion[g][c]).sum();
                let actual: usize = confusion[c].iter().sum();
                if predicted + actual == 0 { 0.0 } else { 2.0 * tp / (predicted + actual) as f64 }
            };
            SetFigures {
                source: source.to_string(),
                n: items.len(),
                binary_accuracy: n_right as f64 / polar.len().max(1) as f64,
                macro_f1: (0..N_CLASSES).map(f1).sum::<f64>() / N_CLASSES as f64,
            }
        })
        .collect()
}

/// Trains on `subset` and fits the temperature on inner out-of-fold predictions.
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
        let (mut logits, mut gold) = (Vec::new(), Vec::new());
        for fold in 0..k {
            let train_idx: Vec<usize> =
                subset.iter().copied().filter(|&i| inner_fold(i) != fold).collect();
            let inner = fit(examples, encoded, &train_idx, &inner_config);
            for &i in subset.iter().filter(|&&i| inner_fold(i) == fold) {
                logits.push(inner.logits(&examples[i].text, None));
                gold.push(class_of(examples[i].label));
            }
        }
        model.temperature = fit_temperature(&logits, &gold);
    }
    model
}

/// One example's features, with and without its question.
struct Encoded {
    with_question: Features,
    without_question: Option<Features>,
}

struct Features {
    word: Vec<u32>,
    char: Vec<u32>,
    dense: [f32; N_DENSE],
}

/// Collects the sparse features of a text, by group (shared with the topic layer's training).
#[derive(Default)]
pub(crate) struct Collect {
    pub(crate) word: Vec<u32>,
    pub(crate) char: Vec<u32>,
}

impl FeatureSink for Collect {
    fn push(&mut self, group: Group, bucket: u32, _span: Range<usize>) {
        match group {
            Group::Word => self.word.push(bucket),
            Group::Char => self.char.push(bucket),
        }
    }
}

impl Features {
    fn new(text: &str, question: Option<QuestionKind>, bits: u32) -> Features {
        let mut collect = Collect::default();
        let n_words = features::sparse_features(text, question, bits, &mut collect);
        let dense = features::dense_features(text, n_words, question);
        Features { word: collect.word, char: collect.char, dense }
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
    let mut squares = vec![0f32; n_rows * N_CLASSES];
    let mut bias = [0f32; N_CLASSES];
    let mut bias_squares = [0f32; N_CLASSES];
    let example_weight = example_weights(examples, subset, config);
    let mut rng = Rng(config.seed);
    let mut order: Vec<usize> = (0..subset.len()).collect();
    let dense_start = 1usize << config.bits;
    let (lr, l2) = (config.learning_rate, config.l2);
    let dense_lr = lr * config.dense_learning_rate;
    let mut step = |weights: &mut [f32], row: usize, grad: &[f32; N_CLASSES], x: f32| {
        // Dense features are touched by every example, so AdaGrad's accumulated squares would
        // freeze them long before the sparse ones: they get a larger rate and no penalty.
        let (rate, penalty) = if row >= dense_start { (dense_lr, 0.0) } else { (lr, l2) };
        for c in 0..N_CLASSES {
            let at = row * N_CLASSES + c;
            let g = grad[c] * x + penalty * weights[at];
            squares[at] += g * g;
            weights[at] -= rate * g / (squares[at].sqrt() + 1e-6);
        }
    };
    // The running sum of the weights at the end of epochs `average_from`.. (counting from 1): at
    // the start of (0-based) epoch e they are the weights at the end of epoch e.
    let averaging = config.average_from < config.epochs;
    let mut sum = vec![0f32; if averaging { weights.len() } else { 0 }];
    let mut sum_bias = [0f32; N_CLASSES];
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
            let mut logits = bias;
            let mut add = |buckets: &[u32], scale: f32| {
                for &b in buckets {
                    let row = &weights[b as usize * 3..b as usize * 3 + 3];
                    for c in 0..N_CLASSES {
                        logits[c] += row[c] * scale;
                    }
                }
            };
            add(&features.word, word_scale);
            add(&features.char, char_scale);
            for (i, &x) in features.dense.iter().enumerate() {
                let row = &weights[(dense_start + i) * 3..(dense_start + i) * 3 + 3];
                for c in 0..N_CLASSES {
                    logits[c] += row[c] * x;
                }
            }
            let p = softmax(logits, 1.0);
            let gold = class_of(examples[idx].label);
            let w = example_weight[pos];
            let grad: [f32; N_CLASSES] =
                std::array::from_fn(|c| (p[c] - f32::from(u8::from(c == gold))) * w);
            for &b in &features.word {
                step(weights, b as usize, &grad, word_scale);
            }
            for &b in &features.char {
                step(weights, b as usize, &grad, char_scale);
            }
            for (i, &x) in features.dense.iter().enumerate() {
                if x != 0.0 {
                    step(weights, dense_start + i, &grad, x);
                }
            }
            for c in 0..N_CLASSES {
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
    model.bias = bias;
    model.round_to_storage();
    model
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
