//! The learned topic layer: one logistic model per topic over the sentiment model's hashed
//! features plus the topic's own cue hits.
//!
//! Cues alone over-fire ("hours" in "opening hours" is not a wait) and miss paraphrases ("sat
//! there all afternoon"). [`TopicModel`] reads the same hashed word uni/bigrams and character
//! n-grams as [`BedsideScorer`](crate::BedsideScorer), which cues matched (each cue, by its
//! stemmed words, is a feature of its own), and, for each topic, whether and how often its
//! cues matched; a topic is present when its probability reaches the topic's
//! threshold (chosen for F1 on held-out folds while training). `bedside train --task topics`
//! trains it; `models/topics/model.bin` is the shipped one, embedded in the binary.
//!
//! # File format (little-endian)
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `BDSTOP01` |
//! | 4 | `format_version` (u32, [`TOPIC_FORMAT_VERSION`]) |
//! | 4 | `bits` (u32, 10..=22) |
//! | 4 | `n_dense` (u32, must equal 2) |
//! | 4 | `n_topics` (u32) |
//! | per topic | id length (u32), id (UTF-8), threshold (f32), bias (f32) |
//! | 2 x (2^bits + n_dense) x n_topics | weights, bfloat16, row-major (feature, topic) |
//! | 8 | FNV-1a checksum of everything before |

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use ndarray::Array2;

use crate::learned::features::{self, Collected, FeatureSink, Group, fnv1a};
use crate::learned::model::{bf16_to_f32, f32_to_bf16, scales};

use super::packed::{LANES, PackedAccumulate, PackedWeights};

/// The version of the topic model file format this build reads and writes.
pub const TOPIC_FORMAT_VERSION: u32 = 1;

const MAGIC: &[u8; 8] = b"BDSTOP01";

/// Dense features per topic: whether its cues matched, and `ln(1 + cue matches)`.
pub(crate) const N_TOPIC_DENSE: usize = 2;

/// The shipped model (`models/topics/model.bin`), parsed once per process.
static EMBEDDED: LazyLock<Arc<TopicModel>> = LazyLock::new(|| {
    let bytes = include_bytes!("../../../../models/topics/model.bin");
    Arc::new(
        TopicModel::from_bytes(bytes, "<embedded>")
            .expect("BUG: the embedded topic model is invalid"),
    )
});

/// One logistic model per topic (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct TopicModel {
    pub(crate) bits: u32,
    pub(crate) topics: Vec<String>,
    pub(crate) thresholds: Vec<f32>,
    pub(crate) bias: Vec<f32>,
    /// `(2^bits + N_TOPIC_DENSE) x n_topics`.
    pub(crate) weights: Array2<f32>,
}

impl TopicModel {
    /// The model shipped in `models/topics/model.bin` (shared, parsed once).
    pub fn builtin() -> Arc<TopicModel> {
        Arc::clone(&EMBEDDED)
    }

    /// A model of `topics` with all weights zero and thresholds 0.5.
    pub(crate) fn zeros(bits: u32, topics: Vec<String>) -> TopicModel {
        let n = topics.len();
        TopicModel {
            bits,
            thresholds: vec![0.5; n],
            bias: vec![0.0; n],
            weights: Array2::zeros(((1usize << bits) + N_TOPIC_DENSE, n)),
            topics,
        }
    }

    /// The topic ids the model knows, in its column order.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    /// Each topic's decision threshold on its probability.
    pub fn thresholds(&self) -> &[f32] {
        &self.thresholds
    }

    /// The number of hash bits of the sparse features.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The probability of each of [`topics`](Self::topics) for `text`, given how many cues of
    /// each matched (`cue_counts[i]` for `topics()[i]`) and the hashes of the cues that matched.
    ///
    /// `collected`, if given, must hold the sparse features of `text` (read with no question);
    /// `packed`, if given, must be [`PackedWeights::new`] of this model.
    ///
    /// # Panics
    ///
    /// If `cue_counts` is not as long as [`topics`](Self::topics).
    pub(crate) fn probabilities(
        &self,
        text: &str,
        cue_counts: &[u32],
        cues: &[u64],
        collected: Option<&Collected>,
        packed: Option<&PackedWeights>,
    ) -> Vec<f32> {
        let mut out = vec![0.0; self.topics.len()];
        self.logits_into(text, cue_counts, cues, collected, packed, &mut out);
        for z in &mut out {
            *z = sigmoid(*z);
        }
        out
    }

    /// The logits of every topic into `out`.
    pub(crate) fn logits_into(
        &self,
        text: &str,
        cue_counts: &[u32],
        cues: &[u64],
        collected: Option<&Collected>,
        packed: Option<&PackedWeights>,
        out: &mut [f32],
    ) {
        assert_eq!(cue_counts.len(), self.topics.len(), "BUG: one cue count per topic");
        let n = self.topics.len();
        let weights = self.weights.as_slice().expect("BUG: topic weights are not contiguous");
        // Per-topic sums of the word and of the character features, and their counts: in
        // arrays when the weights are packed (at most `LANES` topics), else in vectors.
        let mut packed_acc = None;
        let mut plain_acc = None;
        let (word, char, n_word, n_char): (&[f32], &[f32], usize, usize) =
            match packed.filter(|p| p.n_topics == n) {
                Some(packed) => {
                    let acc = packed_acc.insert(PackedAccumulate::new(packed));
                    features::read_features(text, None, self.bits, collected, acc);
                    (&acc.word[..n], &acc.char[..n], acc.n_word, acc.n_char)
                }
                None => {
                    let acc = plain_acc.insert(Accumulate {
                        weights,
                        n,
                        word: vec![0.0; n],
                        char: vec![0.0; n],
                        n_word: 0,
                        n_char: 0,
                    });
                    features::read_features(text, None, self.bits, collected, acc);
                    (&acc.word, &acc.char, acc.n_word, acc.n_char)
                }
            };
        let (word_scale, char_scale) = scales(n_word, n_char);
        let mut cue_array = [0f32; LANES];
        let mut cue_vec = Vec::new();
        let cue_sum: &mut [f32] = if n <= LANES {
            &mut cue_array[..n]
        } else {
            cue_vec.resize(n, 0.0);
            &mut cue_vec
        };
        let mask = (1u64 << self.bits) - 1;
        for &cue in cues {
            let at = features::bucket(cue, mask) as usize * n;
            for (s, w) in cue_sum.iter_mut().zip(&weights[at..at + n]) {
                *s += w;
            }
        }
        let dense_start = (1usize << self.bits) * n;
        let (flag_weights, log_weights) = weights[dense_start..].split_at(n);
        let (word, char, bias) = (&word[..n], &char[..n], &self.bias[..n]);
        let (out, cue_counts, log_weights) = (&mut out[..n], &cue_counts[..n], &log_weights[..n]);
        for t in 0..n {
            let [flag, log] = dense_features(cue_counts[t]);
            let mut z = bias[t] + word[t] * word_scale + char[t] * char_scale + cue_sum[t];
            z += flag_weights[t] * flag;
            z += log_weights[t] * log;
            out[t] = z;
        }
    }

    /// Rounds every weight to bfloat16, as saving does.
    pub(crate) fn round_to_storage(&mut self) {
        self.weights.mapv_inplace(|w| bf16_to_f32(f32_to_bf16(w)));
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.weights.len() * 2 + 64 * self.topics.len() + 40);
        out.extend_from_slice(MAGIC);
        let n_topics = u32::try_from(self.topics.len()).expect("BUG: too many topics");
        for value in [TOPIC_FORMAT_VERSION, self.bits, N_TOPIC_DENSE as u32, n_topics] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        for (t, id) in self.topics.iter().enumerate() {
            let len = u32::try_from(id.len()).expect("BUG: topic id too long");
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(&self.thresholds[t].to_le_bytes());
            out.extend_from_slice(&self.bias[t].to_le_bytes());
        }
        for &w in self.weights.iter() {
            out.extend_from_slice(&f32_to_bf16(w).to_le_bytes());
        }
        let checksum = fnv1a(0, &out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads a model from its file format; `name` names the source in errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> crate::Result<TopicModel> {
        let bad = |message: String| crate::Error::Model { file: name.to_string(), message };
        let mut reader = Reader { bytes, at: 0 };
        let truncated = || bad("file truncated".into());
        if reader.take(8).ok_or_else(truncated)? != MAGIC {
            return Err(bad("not a bedside topic model (bad magic number)".into()));
        }
        let version = reader.u32().ok_or_else(truncated)?;
        if version != TOPIC_FORMAT_VERSION {
            return Err(bad(format!(
                "format_version {version} is not supported (this build reads \
                 {TOPIC_FORMAT_VERSION})"
            )));
        }
        let bits = reader.u32().ok_or_else(truncated)?;
        let n_dense = reader.u32().ok_or_else(truncated)? as usize;
        let n_topics = reader.u32().ok_or_else(truncated)? as usize;
        if !(10..=22).contains(&bits) || n_dense != N_TOPIC_DENSE || !(1..=1000).contains(&n_topics)
        {
            return Err(bad(format!(
                "unsupported shape (bits {bits}, dense {n_dense}, topics {n_topics})"
            )));
        }
        let (mut topics, mut thresholds, mut bias) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..n_topics {
            let len = reader.u32().ok_or_else(truncated)? as usize;
            let id = reader.take(len).ok_or_else(truncated)?;
            let id = std::str::from_utf8(id).map_err(|_| bad("a topic id is not UTF-8".into()))?;
            topics.push(id.to_string());
            thresholds.push(reader.f32().ok_or_else(truncated)?);
            bias.push(reader.f32().ok_or_else(truncated)?);
        }
        if thresholds.iter().chain(&bias).any(|x| !x.is_finite()) {
            return Err(bad("thresholds and biases must be finite numbers".into()));
        }
        let n_rows = (1usize << bits) + N_TOPIC_DENSE;
        let body_end = reader.at + n_rows * n_topics * 2;
        if bytes.len() != body_end + 8 {
            return Err(bad(format!("{} bytes, expected {}", bytes.len(), body_end + 8)));
        }
        let checksum = u64::from_le_bytes(bytes[body_end..].try_into().expect("8 bytes"));
        if fnv1a(0, &bytes[..body_end]) != checksum {
            return Err(bad("checksum mismatch (file corrupted or truncated)".into()));
        }
        let weights: Vec<f32> = bytes[reader.at..body_end]
            .chunks_exact(2)
            .map(|c| bf16_to_f32(u16::from_le_bytes([c[0], c[1]])))
            .collect();
        let weights = Array2::from_shape_vec((n_rows, n_topics), weights)
            .expect("BUG: the weight count was checked above");
        Ok(TopicModel { bits, topics, thresholds, bias, weights })
    }

    /// Reads a model file.
    pub fn from_path(path: &Path) -> crate::Result<TopicModel> {
        let bytes = std::fs::read(path)
            .map_err(|source| crate::Error::Io { path: path.to_path_buf(), source })?;
        TopicModel::from_bytes(&bytes, &path.display().to_string())
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> crate::Result<()> {
        std::fs::write(path, self.to_bytes())
            .map_err(|source| crate::Error::Io { path: path.to_path_buf(), source })
    }
}

/// The dense features of one topic from its number of cue matches.
#[inline]
pub(crate) fn dense_features(cue_count: u32) -> [f32; N_TOPIC_DENSE] {
    [f32::from(cue_count > 0), LN_1P[cue_count.min(20) as usize]]
}

/// `ln(1 + c)` for the cue counts `c` the dense features read (0 to 20), worked out at run time
/// by the same `f32::ln` as [`ln_1p_count`] (`black_box` keeps the compiler from folding them).
static LN_1P: LazyLock<[f32; 21]> =
    LazyLock::new(|| std::array::from_fn(|c| ln_1p_count(std::hint::black_box(c as u32))));

/// `ln(1 + min(c, 20))`: the second dense feature, as [`LN_1P`] holds it.
#[inline(never)]
pub(crate) fn ln_1p_count(cue_count: u32) -> f32 {
    (1.0 + cue_count.min(20) as f32).ln()
}

#[inline]
pub(crate) fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Decides `sigmoid(z) >= threshold` for one topic, mostly without `exp`: logits below `low`
/// are sure to fall short and logits above `high` sure to reach it, since `sigmoid` (whatever
/// the last bits of `exp`) is then further from the threshold than its rounding can take it.
/// Others, and NaN, are decided by [`sigmoid`] itself.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Decision {
    threshold: f32,
    low: f32,
    high: f32,
}

impl Decision {
    /// The decision of a topic with this threshold. The margins around its logit are 0.05,
    /// where `sigmoid` moves by over `5e-4`, ten thousand times its rounding error; a
    /// threshold outside `[0.01, 0.99]` (or whose margins do not check out) always calls
    /// [`sigmoid`].
    pub(crate) fn new(threshold: f32) -> Decision {
        let always = Decision { threshold, low: f32::NEG_INFINITY, high: f32::INFINITY };
        if !(0.01..=0.99).contains(&threshold) {
            return always;
        }
        let t = f64::from(threshold);
        let logit = (t / (1.0 - t)).ln();
        let (low, high) = ((logit - 0.05) as f32, (logit + 0.05) as f32);
        if sigmoid(low) < threshold - 1e-4 && sigmoid(high) > threshold + 1e-4 {
            Decision { threshold, low, high }
        } else {
            always
        }
    }

    /// Whether `sigmoid(z) >= threshold`, exactly.
    #[inline]
    pub(crate) fn reaches(&self, z: f32) -> bool {
        if z < self.low {
            false
        } else if z > self.high {
            true
        } else {
            sigmoid(z) >= self.threshold
        }
    }
}

/// Sums the sparse weights of every topic as features arrive.
struct Accumulate<'w> {
    weights: &'w [f32],
    n: usize,
    word: Vec<f32>,
    char: Vec<f32>,
    n_word: usize,
    n_char: usize,
}

impl FeatureSink for Accumulate<'_> {
    #[inline]
    fn push(&mut self, group: Group, bucket: u32, _span: Range<usize>) {
        let (sum, count) = match group {
            Group::Word => (&mut self.word, &mut self.n_word),
            Group::Char => (&mut self.char, &mut self.n_char),
            // Features of the sentiment model only.
            Group::Contrast => return,
        };
        let at = bucket as usize * self.n;
        let row = &self.weights[at..at + self.n];
        for (s, w) in sum.iter_mut().zip(row) {
            *s += w;
        }
        *count += 1;
    }
}

/// Reads little-endian values from a byte slice.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
    }

    fn f32(&mut self) -> Option<f32> {
        self.take(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
    }
}
