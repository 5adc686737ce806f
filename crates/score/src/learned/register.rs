//! The register head: whether a text is written in social-media style, read from the mean of
//! the class logits, which the probabilities ignore (see `model::register_logit`).

// Loops over the class index read several arrays at once (weights, bias).
#![allow(clippy::needless_range_loop)]

use super::data::Example;
use super::model::{Model, N_CLASSES, N_OUTPUTS, scales};
use super::train::{Encoded, Rng, TrainConfig};

/// The social share of a model whose training data has texts of a register set
/// ([`TrainConfig::register_sets`]). With the register head flagging tweets without marks, the
/// share fitted on the inner readings (0.3-0.5, by the mean of binary accuracy and Spearman)
/// left VADER's tweets at .9694 / .9674 binary accuracy in cross-validation (seeds 42 / 7),
/// below VADER's own .969 on one seed; 0.5 gave .9723 / .9700, every other set within its
/// targets (before the head was clipped to the int8 range and kept off care texts).
pub const REGISTER_SOCIAL_SHARE: f32 = 0.5;

/// How far below 0 the register head's bias is set when no training text is of a register set,
/// so that no text is flagged: far below [`REGISTER_LOGIT`](super::model::REGISTER_LOGIT).
const REGISTER_OFF: f32 = 20.0;

/// Passes of the register head's training over the data.
const REGISTER_EPOCHS: usize = 3;

/// AdaGrad's learning rate for the register head.
const REGISTER_RATE: f32 = 0.5;

/// L2 penalty per update of the register head's weights.
const REGISTER_L2: f32 = 1e-4;

/// Writes the register head into the common mode of the class columns: centers each row's class
/// weights (and the bias) on 0, which leaves every probability as it was, then adds to them the
/// weights of a logistic regression, trained here on the word features and the dense features
/// (not the character n-grams, which read the topic more than the style), telling texts of
/// [`TrainConfig::register_sets`] from the others, each weighted by its set's
/// [`TrainConfig::set_weights`] multiplier. With no such text in `subset`, the head's bias is
/// set far below [`REGISTER_LOGIT`](super::model::REGISTER_LOGIT): no text is flagged.
pub(super) fn fit_register(
    model: &mut Model,
    examples: &[Example],
    encoded: &[Encoded],
    subset: &[usize],
    config: &TrainConfig,
) {
    let n_rows = model.weights.nrows();
    let weights = model.weights.as_slice_mut().expect("BUG: fresh weights are contiguous");
    for row in weights.chunks_exact_mut(N_OUTPUTS).chain([&mut model.bias[..]]) {
        let mean = (row[0] + row[1] + row[2]) / N_CLASSES as f32;
        for w in &mut row[..N_CLASSES] {
            *w -= mean;
        }
    }
    let in_register =
        |i: usize| config.register_sets.iter().any(|name| *name == examples[i].source);
    if !subset.iter().any(|&i| in_register(i)) {
        for b in &mut model.bias[..N_CLASSES] {
            *b -= REGISTER_OFF;
        }
        return;
    }
    let mut head = vec![0f32; n_rows];
    let mut squares = vec![1e-6f32; n_rows];
    let (mut bias, mut bias_squares) = (0f32, 1e-6f32);
    let dense_start = 1usize << config.bits;
    let mut order: Vec<usize> = subset.to_vec();
    let mut rng = Rng(config.seed ^ 0x5eed);
    for _ in 0..REGISTER_EPOCHS {
        rng.shuffle(&mut order);
        for &i in &order {
            let features = &encoded[i].with_question;
            let (word_scale, _) = scales(features.word.len(), features.char.len());
            let dense = features.dense.iter().enumerate().map(|(k, &x)| (dense_start + k, x));
            let mut z = bias;
            for &b in &features.word {
                z += head[b as usize] * word_scale;
            }
            for (row, x) in dense.clone() {
                z += head[row] * x;
            }
            let set_weight = config
                .set_weights
                .iter()
                .find(|(name, _)| *name == examples[i].source)
                .map_or(1.0, |&(_, w)| w) as f32;
            let gold = f32::from(u8::from(in_register(i)));
            let grad = (1.0 / (1.0 + (-z).exp()) - gold) * set_weight;
            let mut step = |row: usize, x: f32| {
                let g = grad * x + REGISTER_L2 * head[row];
                squares[row] += g * g;
                head[row] -= REGISTER_RATE * g / squares[row].sqrt();
            };
            for &b in &features.word {
                step(b as usize, word_scale);
            }
            for (row, x) in dense.filter(|&(_, x)| x != 0.0) {
                step(row, x);
            }
            bias_squares += grad * grad;
            bias -= REGISTER_RATE * grad / bias_squares.sqrt();
        }
    }
    // The int8 grid of each class column is its largest magnitude / 127: the head may not
    // widen it (coarser class weights), so each sparse row takes only as much of the head as
    // keeps its class weights within their column's largest centered magnitude.
    let n_sparse = dense_start * N_OUTPUTS;
    let mut largest = [0f32; N_CLASSES];
    for row in weights[..n_sparse].chunks_exact(N_OUTPUTS) {
        for c in 0..N_CLASSES {
            largest[c] = largest[c].max(row[c].abs());
        }
    }
    for (k, (row, &h)) in weights.chunks_exact_mut(N_OUTPUTS).zip(&head).enumerate() {
        let h = if k < dense_start {
            let low = (0..N_CLASSES).map(|c| -largest[c] - row[c]).fold(f32::MIN, f32::max);
            let high = (0..N_CLASSES).map(|c| largest[c] - row[c]).fold(f32::MAX, f32::min);
            h.clamp(low.min(0.0), high.max(0.0))
        } else {
            h
        };
        for w in &mut row[..N_CLASSES] {
            *w += h;
        }
    }
    for b in &mut model.bias[..N_CLASSES] {
        *b += bias;
    }
}
