//! Training and cross-validating the learned topic layer ([`TopicModel`]).
//!
//! AdaGrad on the logistic loss of every topic at once (one column of weights per topic),
//! seeded and single-threaded, so the same data, configuration and seed give the same model
//! byte for byte. Positive examples of rare topics weigh more
//! ([`TopicTrainConfig::positive_balance`]); each topic's decision threshold is the one with the
//! best F1 on inner out-of-fold predictions.

// Loops over the topic index read several arrays at once (weights, logits, gradients).
#![allow(clippy::needless_range_loop)]

use crate::learned::data::fold_of;
use crate::learned::features;
use crate::learned::model::scales;
use crate::learned::train::{Collect, Rng, add_to_sum};

use super::TopicTagger;
use super::data::TopicExample;
use super::model::{TopicModel, dense_features, sigmoid};

/// How to train the topic layer. The defaults are what the shipped model was trained with.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicTrainConfig {
    /// The sparse features hash into `2^bits` buckets. Default 17.
    pub bits: u32,
    /// Passes over the data. Default 10.
    pub epochs: usize,
    /// Seed of the shuffles. Default 42.
    pub seed: u64,
    /// AdaGrad's learning rate. Default 0.2.
    pub learning_rate: f32,
    /// L2 penalty per update on the touched sparse weights. Default 2e-2.
    pub l2: f32,
    /// Positive examples of a topic weigh `(n_negative / n_positive)^positive_balance`.
    /// Default 0.5.
    pub positive_balance: f64,
    /// The model is the average of the weights at the end of epochs `average_from` to `epochs`
    /// (counting from 1). Default 3.
    pub average_from: usize,
    /// Inner folds whose out-of-fold probabilities choose each topic's threshold; below 2, every
    /// threshold is 0.5. Default 3.
    pub threshold_folds: usize,
    /// The learning rate of the cue features, as a multiple of `learning_rate`: they are few and
    /// dense, and AdaGrad would otherwise freeze them early. Default 20.
    pub dense_learning_rate: f32,
}

impl Default for TopicTrainConfig {
    fn default() -> TopicTrainConfig {
        TopicTrainConfig {
            bits: 17,
            epochs: 10,
            seed: 42,
            learning_rate: 0.2,
            l2: 2e-2,
            positive_balance: 0.5,
            average_from: 3,
            threshold_folds: 3,
            dense_learning_rate: 20.0,
        }
    }
}

/// Precision, recall and F1 of one topic (or of all, micro-averaged).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopicScore {
    /// The topic id (`"micro"` for the micro average).
    pub topic: String,
    /// Texts with the topic in the gold labels.
    pub support: usize,
    /// Texts the tagger gave the topic.
    pub predicted: usize,
    /// Texts both gave the topic.
    pub true_positives: usize,
}

impl TopicScore {
    /// `tp / predicted` (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }

    /// `tp / support` (0 without support).
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.support)
    }

    /// `2 tp / (predicted + support)`.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.true_positives, self.predicted + self.support)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Held-out figures of a tagger: per topic, micro over all topics, macro-F1 over the topics with
/// gold support.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopicFigures {
    /// One score per topic, in taxonomy order.
    pub per_topic: Vec<TopicScore>,
    /// Counts summed over all topics.
    pub micro: TopicScore,
    /// The mean F1 of the topics with support.
    pub macro_f1: f64,
}

impl TopicFigures {
    /// Figures of `predicted` topic sets against `gold` ones (`[text][topic]`).
    pub fn new(topics: &[String], gold: &[Vec<bool>], predicted: &[Vec<bool>]) -> TopicFigures {
        let mut per_topic: Vec<TopicScore> = topics
            .iter()
            .map(|t| TopicScore { topic: t.clone(), ..TopicScore::default() })
            .collect();
        for (g, p) in gold.iter().zip(predicted) {
            for (t, score) in per_topic.iter_mut().enumerate() {
                score.support += usize::from(g[t]);
                score.predicted += usize::from(p[t]);
                score.true_positives += usize::from(g[t] && p[t]);
            }
        }
        let micro = TopicScore {
            topic: "micro".into(),
            support: per_topic.iter().map(|s| s.support).sum(),
            predicted: per_topic.iter().map(|s| s.predicted).sum(),
            true_positives: per_topic.iter().map(|s| s.true_positives).sum(),
        };
        let supported: Vec<f64> =
            per_topic.iter().filter(|s| s.support > 0).map(TopicScore::f1).collect();
        let macro_f1 = supported.iter().sum::<f64>() / supported.len().max(1) as f64;
        TopicFigures { per_topic, micro, macro_f1 }
    }
}

/// The result of k-fold cross-validation of the topic layer.
#[derive(Clone, Debug)]
pub struct TopicCrossValidation {
    /// `models[i]` was trained on every text not in fold `i`.
    pub models: Vec<TopicModel>,
    /// The learned layer's held-out figures.
    pub learned: TopicFigures,
    /// The figures of the cues alone (a topic is present iff one of its cues matched).
    pub cues_only: TopicFigures,
}

/// One example's features. `cues` and `gold` are per modeled topic ([`Encoded::columns`]);
/// `all_cues` and `all_gold` per taxonomy topic.
struct Encoded {
    word: Vec<u32>,
    char: Vec<u32>,
    /// The buckets of the cues that matched.
    cue_buckets: Vec<u32>,
    cue_hashes: Vec<u64>,
    cues: Vec<u32>,
    gold: Vec<bool>,
    all_cues: Vec<u32>,
    all_gold: Vec<bool>,
}

/// Topics with fewer positive examples than this get no model: their cues decide (a topic
/// added to the taxonomy, or one the training data never labels, such as billing in NHS
/// feedback).
pub const MIN_POSITIVES: usize = 10;

/// The encoded examples and the taxonomy indices of the topics to model.
fn encode(
    examples: &[TopicExample],
    tagger: &TopicTagger,
    bits: u32,
) -> (Vec<Encoded>, Vec<usize>) {
    let ids: Vec<&str> = tagger.taxonomy().topics().iter().map(|t| t.id.as_str()).collect();
    let mask = (1u64 << bits) - 1;
    let mut encoded: Vec<Encoded> = examples
        .iter()
        .map(|e| {
            let mut collect = Collect::default();
            features::sparse_features(&e.text, None, bits, &mut collect);
            let all_gold = ids.iter().map(|id| e.topics.iter().any(|t| t == id)).collect();
            let (all_cues, cue_hashes) = tagger.cue_matches(&e.text);
            Encoded {
                word: collect.word,
                char: collect.char,
                cue_buckets: cue_hashes.iter().map(|&h| features::bucket(h, mask)).collect(),
                cue_hashes,
                cues: Vec::new(),
                gold: Vec::new(),
                all_cues,
                all_gold,
            }
        })
        .collect();
    let columns: Vec<usize> = (0..ids.len())
        .filter(|&t| encoded.iter().filter(|e| e.all_gold[t]).count() >= MIN_POSITIVES)
        .collect();
    for e in &mut encoded {
        e.cues = columns.iter().map(|&t| e.all_cues[t]).collect();
        e.gold = columns.iter().map(|&t| e.all_gold[t]).collect();
    }
    (encoded, columns)
}

fn topic_ids(tagger: &TopicTagger, columns: &[usize]) -> Vec<String> {
    let topics = tagger.taxonomy().topics();
    columns.iter().map(|&t| topics[t].id.as_str().to_string()).collect()
}

/// Trains the topic layer for `tagger`'s taxonomy on `examples` (topic ids not in the taxonomy
/// are ignored) and chooses the thresholds. Topics with fewer than [`MIN_POSITIVES`] examples
/// are left out of the model.
pub fn train_topics(
    examples: &[TopicExample],
    tagger: &TopicTagger,
    config: &TopicTrainConfig,
) -> TopicModel {
    let (encoded, columns) = encode(examples, tagger, config.bits);
    let all: Vec<usize> = (0..examples.len()).collect();
    train_encoded(examples, &encoded, &all, &topic_ids(tagger, &columns), config)
}

/// k-fold cross-validation with folds by text ([`fold_of`]). The figures cover every topic of
/// the taxonomy: modeled topics as the model decides, the others by their cues, as
/// [`TopicTagger::analyze`] does.
pub fn cross_validate_topics(
    examples: &[TopicExample],
    tagger: &TopicTagger,
    config: &TopicTrainConfig,
    k: usize,
) -> TopicCrossValidation {
    let k = k.max(2);
    let (encoded, columns) = encode(examples, tagger, config.bits);
    let ids = topic_ids(tagger, &columns);
    let folds: Vec<usize> = examples.iter().map(|e| fold_of(&e.text, k)).collect();
    let mut predicted: Vec<Vec<bool>> =
        encoded.iter().map(|e| e.all_cues.iter().map(|&c| c > 0).collect()).collect();
    let mut models = Vec::with_capacity(k);
    for fold in 0..k {
        let train_idx: Vec<usize> = (0..examples.len()).filter(|&i| folds[i] != fold).collect();
        let model = train_encoded(examples, &encoded, &train_idx, &ids, config);
        for i in (0..examples.len()).filter(|&i| folds[i] == fold) {
            let e = &encoded[i];
            let p = model.probabilities(&examples[i].text, &e.cues, &e.cue_hashes, None, None);
            for (c, &t) in columns.iter().enumerate() {
                predicted[i][t] = p[c] >= model.thresholds[c];
            }
        }
        models.push(model);
    }
    let all_ids = topic_ids(tagger, &(0..tagger.taxonomy().topics().len()).collect::<Vec<_>>());
    let gold: Vec<Vec<bool>> = encoded.iter().map(|e| e.all_gold.clone()).collect();
    let cues: Vec<Vec<bool>> =
        encoded.iter().map(|e| e.all_cues.iter().map(|&c| c > 0).collect()).collect();
    TopicCrossValidation {
        models,
        learned: TopicFigures::new(&all_ids, &gold, &predicted),
        cues_only: TopicFigures::new(&all_ids, &gold, &cues),
    }
}

/// Trains on `subset`, then chooses thresholds on inner out-of-fold probabilities.
fn train_encoded(
    examples: &[TopicExample],
    encoded: &[Encoded],
    subset: &[usize],
    ids: &[String],
    config: &TopicTrainConfig,
) -> TopicModel {
    let mut model = fit(encoded, subset, ids, config);
    let k = config.threshold_folds;
    if k < 2 {
        return model;
    }
    // Inner folds use another hash modulus than the outer ones, so they cut across them.
    let inner_fold = |i: usize| fold_of(&examples[i].text, k * 7 + 1) % k;
    let mut scored: Vec<(Vec<f32>, usize)> = Vec::with_capacity(subset.len());
    for fold in 0..k {
        let train_idx: Vec<usize> =
            subset.iter().copied().filter(|&i| inner_fold(i) != fold).collect();
        let inner = fit(encoded, &train_idx, ids, config);
        for &i in subset.iter().filter(|&&i| inner_fold(i) == fold) {
            scored.push((
                inner.probabilities(
                    &examples[i].text,
                    &encoded[i].cues,
                    &encoded[i].cue_hashes,
                    None,
                    None,
                ),
                i,
            ));
        }
    }
    for t in 0..ids.len() {
        model.thresholds[t] =
            best_threshold(scored.iter().map(|(p, i)| (p[t], encoded[*i].gold[t])));
    }
    model
}

/// The threshold in 0.05, 0.075, ..., 0.95 with the best F1 (the lowest of equals); 0.5 when
/// there are no positives.
fn best_threshold(items: impl Iterator<Item = (f32, bool)>) -> f32 {
    let items: Vec<(f32, bool)> = items.collect();
    if !items.iter().any(|&(_, y)| y) {
        return 0.5;
    }
    let mut best = (0.5f32, -1.0f64);
    for step in 0..=36 {
        let threshold = 0.05 + 0.025 * step as f32;
        let (mut tp, mut predicted, mut support) = (0usize, 0usize, 0usize);
        for &(p, y) in &items {
            let hit = p >= threshold;
            tp += usize::from(hit && y);
            predicted += usize::from(hit);
            support += usize::from(y);
        }
        let f1 = 2.0 * tp as f64 / (predicted + support) as f64;
        if f1 > best.1 {
            best = (threshold, f1);
        }
    }
    best.0
}

/// AdaGrad on the per-topic logistic losses over `subset`.
fn fit(
    encoded: &[Encoded],
    subset: &[usize],
    ids: &[String],
    config: &TopicTrainConfig,
) -> TopicModel {
    let n = ids.len();
    let mut model = TopicModel::zeros(config.bits, ids.to_vec());
    let weights = model.weights.as_slice_mut().expect("BUG: fresh weights are contiguous");
    let mut squares = vec![0f32; weights.len()];
    let mut bias = vec![0f32; n];
    let mut bias_squares = vec![0f32; n];
    let dense_start = (1usize << config.bits) * n;
    // Positive weights per topic.
    let positive_weight: Vec<f32> = (0..n)
        .map(|t| {
            let n_pos = subset.iter().filter(|&&i| encoded[i].gold[t]).count().max(1);
            let n_neg = subset.len().saturating_sub(n_pos).max(1);
            ((n_neg as f64 / n_pos as f64).powf(config.positive_balance)) as f32
        })
        .collect();
    let (lr, l2) = (config.learning_rate, config.l2);
    let dense_lr = lr * config.dense_learning_rate;
    let averaging = config.average_from < config.epochs;
    let mut sum = vec![0f32; if averaging { weights.len() } else { 0 }];
    let mut sum_bias = vec![0f32; n];
    let mut n_summed = 0f32;
    let mut rng = Rng(config.seed);
    let mut order: Vec<usize> = subset.to_vec();
    let mut logits = vec![0f32; n];
    let mut grad = vec![0f32; n];
    for epoch in 0..config.epochs {
        if averaging && epoch >= config.average_from.max(1) {
            add_to_sum(&mut sum, &mut sum_bias, weights, &bias);
            n_summed += 1.0;
        }
        rng.shuffle(&mut order);
        for &i in &order {
            let e = &encoded[i];
            let (word_scale, char_scale) = scales(e.word.len(), e.char.len());
            logits.copy_from_slice(&bias);
            for (buckets, scale) in
                [(&e.word, word_scale), (&e.char, char_scale), (&e.cue_buckets, 1.0)]
            {
                for &b in buckets {
                    let row = &weights[b as usize * n..b as usize * n + n];
                    for t in 0..n {
                        logits[t] += row[t] * scale;
                    }
                }
            }
            for t in 0..n {
                for (d, x) in dense_features(e.cues[t]).iter().enumerate() {
                    logits[t] += weights[dense_start + d * n + t] * x;
                }
                let y = e.gold[t];
                let w = if y { positive_weight[t] } else { 1.0 };
                grad[t] = (sigmoid(logits[t]) - f32::from(u8::from(y))) * w;
            }
            let mut step = |at: usize, g: f32, penalty: f32| {
                let g = g + penalty * weights[at];
                squares[at] += g * g;
                let rate = if at >= dense_start { dense_lr } else { lr };
                weights[at] -= rate * g / (squares[at].sqrt() + 1e-6);
            };
            for (buckets, scale) in
                [(&e.word, word_scale), (&e.char, char_scale), (&e.cue_buckets, 1.0)]
            {
                for &b in buckets {
                    for t in 0..n {
                        step(b as usize * n + t, grad[t] * scale, l2);
                    }
                }
            }
            for t in 0..n {
                for (d, x) in dense_features(e.cues[t]).iter().enumerate() {
                    if *x != 0.0 {
                        step(dense_start + d * n + t, grad[t] * x, 0.0);
                    }
                }
                bias_squares[t] += grad[t] * grad[t];
                bias[t] -= lr * grad[t] / (bias_squares[t].sqrt() + 1e-6);
            }
        }
    }
    if averaging {
        add_to_sum(&mut sum, &mut sum_bias, weights, &bias);
        n_summed += 1.0;
        for (w, s) in weights.iter_mut().zip(&sum) {
            *w = s / n_summed;
        }
        for (b, s) in bias.iter_mut().zip(&sum_bias) {
            *b = s / n_summed;
        }
    }
    model.bias = bias;
    model.round_to_storage();
    model
}
