//! Features of the learned model: hashed word uni/bigrams with negation scope, hashed character
//! n-grams, and a few dense features (rule scorer outputs, length, punctuation, survey question).
//!
//! Extraction is one pass over bedside's tokenizer. Sparse features are pushed into a
//! [`FeatureSink`] as bucket indices with the byte span that produced them; nothing is allocated
//! per token (words are lowercased into a fixed stack buffer). Every sparse feature has the value
//! 1 before scaling; the model scales each group by `1 / sqrt(count)` so long texts do not
//! saturate (see [`Model::logits`](super::model::Model)).

use std::ops::Range;

use crate::tokenize::{Token, TokenKind, Tokenizer};

use super::rules;

/// The number of dense features appended after the hashed buckets.
pub const N_DENSE: usize = 33;

/// The dense feature that is 1 for texts written in social-media style (see `byte_counts`).
pub(crate) const SOCIAL: usize = 28;

/// Which scaling group a sparse feature belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Group {
    /// Word unigrams and bigrams (and question-crossed unigrams).
    Word,
    /// Character n-grams of words.
    Char,
    /// Word unigrams of a contrast clause (after "but" or "however", to the end of the
    /// sentence), again: scaled with the word group by the sentiment model. The topic layer
    /// ignores them.
    Contrast,
}

/// Receives sparse features: a bucket index and the byte span of the text it came from.
pub(crate) trait FeatureSink {
    /// One occurrence of a feature.
    fn push(&mut self, group: Group, bucket: u32, span: Range<usize>);

    /// The word and contrast features of a text, in the order they were made, without spans:
    /// `bucket & mask` of each, of group [`Group::Contrast`] where [`CONTRAST_FLAG`] is set and
    /// [`Group::Word`] otherwise. Sinks that sum rows override this with a tight loop.
    fn push_words(&mut self, buckets: &[u32], mask: u32) {
        for &b in buckets {
            let group = if b & CONTRAST_FLAG != 0 { Group::Contrast } else { Group::Word };
            self.push(group, b & mask, 0..0);
        }
    }

    /// The character n-gram features of a text, in the order they were made, without spans:
    /// `bucket & mask` of each.
    fn push_chars(&mut self, buckets: &[u32], mask: u32) {
        for &b in buckets {
            self.push(Group::Char, b & mask, 0..0);
        }
    }
}

/// Marks a contrast feature among the word features [`Collected`] keeps (buckets have at most
/// 22 bits, so the flag never collides with one; every mask clears it).
pub(crate) const CONTRAST_FLAG: u32 = 1 << 31;

/// The sparse features of one bare text (no question), kept so that several models read them
/// from one pass over the text: the sentiment model, and the topic model, whose buckets are
/// the low bits of the same hashes (see [`bucket`]).
///
/// The word-like and the character features are kept apart, each in the order
/// `sparse_features` made them: the models sum each group on its own, so the sums (and their
/// rounding) are those of the features read in text order, while each group is summed by one
/// branch-free loop.
#[derive(Clone, Debug, Default)]
pub(crate) struct Collected {
    /// Buckets of the word and contrast features, contrast ones marked with
    /// [`CONTRAST_FLAG`].
    words: Vec<u32>,
    /// Buckets of the character n-gram features.
    chars: Vec<u32>,
    /// What `sparse_features` returned.
    n_words: usize,
    /// The hash bits of the buckets.
    bits: u32,
}

impl FeatureSink for Collected {
    #[inline]
    fn push(&mut self, group: Group, bucket: u32, _span: Range<usize>) {
        match group {
            Group::Word => self.words.push(bucket),
            Group::Contrast => self.words.push(bucket | CONTRAST_FLAG),
            Group::Char => self.chars.push(bucket),
        }
    }
}

impl Collected {
    /// The features of `text` (read with no question) in `2^bits` buckets, given its
    /// `tokens` ([`Tokenizer::tokens`] of the whole text).
    pub(crate) fn of<'t>(
        text: &str,
        tokens: impl Iterator<Item = Token<'t>>,
        bits: u32,
    ) -> Collected {
        let mut collected = Collected {
            words: Vec::with_capacity(text.len() / 2),
            chars: Vec::with_capacity(text.len() * 2),
            n_words: 0,
            bits,
        };
        collected.n_words = features_of_tokens(tokens, None, bits, &mut collected);
        collected
    }

    /// Pushes every feature to `sink` in `2^bits` buckets, each group in the order
    /// `sparse_features` would, and returns what it would return; `None` if the features were
    /// kept with fewer bits.
    pub(crate) fn replay(&self, bits: u32, sink: &mut impl FeatureSink) -> Option<usize> {
        if bits > self.bits {
            return None;
        }
        let mask = ((1u64 << bits) - 1) as u32;
        sink.push_words(&self.words, mask);
        sink.push_chars(&self.chars, mask);
        Some(self.n_words)
    }
}

/// The sparse features of `text` into `sink`, in `2^bits` buckets: replayed from `collected`
/// (which must hold those of `text`) when there is no question and it kept enough bits, read
/// from the text otherwise. Returns what [`sparse_features`] returns.
pub(crate) fn read_features(
    text: &str,
    question: Option<QuestionKind>,
    bits: u32,
    collected: Option<&Collected>,
    sink: &mut impl FeatureSink,
) -> usize {
    let replayed = match (collected, question) {
        (Some(collected), None) => collected.replay(bits, sink),
        _ => None,
    };
    replayed.unwrap_or_else(|| sparse_features(text, question, bits, sink))
}

/// The kind of survey question an answer replies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QuestionKind {
    /// "How could we improve?", "What could we do better?": "Nothing" reads as praise.
    Improve,
    /// "What was good?", "What went well?": "Nothing" reads as criticism.
    Good,
    /// Any other question ("Why?").
    Other,
}

impl QuestionKind {
    /// Classifies a question by its wording; `None` when there is no question.
    pub(crate) fn of(question: Option<&str>) -> Option<QuestionKind> {
        let question = question?.trim();
        if question.is_empty() {
            return None;
        }
        let lower = question.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
        if has(&["improve", "better", "change", "differently", "suggest", "dissatisf", "worse"]) {
            Some(QuestionKind::Improve)
        } else if has(&["good", "went well", "like", "best", "enjoy", "satisf", "positive"]) {
            Some(QuestionKind::Good)
        } else {
            Some(QuestionKind::Other)
        }
    }

    fn seed(self) -> u64 {
        match self {
            QuestionKind::Improve => 0x51_0001,
            QuestionKind::Good => 0x51_0002,
            QuestionKind::Other => 0x51_0003,
        }
    }
}

/// Answers with at most this many words get question-crossed unigram features.
pub(crate) const SHORT_ANSWER_WORDS: usize = 6;

/// Words of at most this many bytes get no character n-grams.
const MAX_BARE_WORD_BYTES: usize = 3;

/// Words longer than this (in bytes, lowercased) are hashed by their first bytes only.
const MAX_WORD_BYTES: usize = 48;

/// What a word (lowercased, apostrophes dropped) does to negation scopes and contrast clauses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Nothing.
    Plain,
    /// Opens a negation scope.
    Negator,
    /// Closes a negation scope (a new clause starts).
    ScopeEnder,
    /// Closes a negation scope and opens a contrast clause ("but", "however").
    Contrast,
}

/// The [`Role`] of a word. One `match` on byte strings compiles to a dispatch on length and
/// bytes, far cheaper than a scan over a list.
fn role(word: &[u8]) -> Role {
    match word {
        b"not" | b"no" | b"never" | b"without" | b"nobody" | b"nothing" | b"none" | b"neither"
        | b"nor" | b"cannot" | b"nowhere" | b"hardly" | b"barely" | b"lack" | b"lacking"
        | b"wasnt" | b"isnt" | b"dont" | b"didnt" | b"cant" | b"couldnt" | b"wouldnt" | b"wont"
        | b"havent" | b"hasnt" | b"hadnt" | b"doesnt" | b"arent" | b"werent" | b"shouldnt"
        | b"aint" | b"mustnt" | b"neednt" => Role::Negator,
        b"but" | b"however" => Role::Contrast,
        b"although" | b"though" | b"yet" | b"and" | b"except" => Role::ScopeEnder,
        _ => Role::Plain,
    }
}

/// A negation scope lasts at most this many words.
const MAX_SCOPE: u32 = 4;

const SEED_WORD: u64 = 0x3a9f_0001;
const SEED_NEG_WORD: u64 = 0x3a9f_0002;
const SEED_BIGRAM: u64 = 0x3a9f_0003;
const SEED_CHAR: u64 = 0x3a9f_0004;
const SEED_START: u64 = 0x3a9f_0005;
const SEED_NEG_CHAR: u64 = 0x3a9f_0006;
const SEED_CONTRAST: u64 = 0x3a9f_0007;

/// FNV-1a, 64 bits, with a seed mixed into the offset basis: fixed across runs and platforms.
#[inline]
pub(crate) fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in bytes {
        h = fnv_step(h, b);
    }
    h
}

#[inline]
fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// Folds a 64-bit hash into a bucket below `2^bits`.
#[inline]
pub(crate) fn bucket(h: u64, mask: u64) -> u32 {
    let mixed = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    ((mixed ^ (mixed >> 32)) & mask) as u32
}

/// A word lowercased into a fixed buffer.
struct Lower {
    buf: [u8; MAX_WORD_BYTES],
    len: usize,
}

impl Lower {
    fn new() -> Lower {
        Lower { buf: [0; MAX_WORD_BYTES], len: 0 }
    }

    /// Lowercases `word`, drops apostrophes (so `don't` and `dont` agree) and truncates.
    fn set(&mut self, word: &str) {
        self.len = 0;
        let bytes = word.as_bytes();
        if bytes.len() <= MAX_WORD_BYTES {
            // The common case: a short ASCII word without apostrophes, lowercased as it is
            // copied; anything else starts over below.
            let buf = &mut self.buf[..bytes.len()];
            let mut plain = true;
            for (out, &b) in buf.iter_mut().zip(bytes) {
                plain &= b.is_ascii() && b != b'\'';
                *out = b.to_ascii_lowercase();
            }
            if plain {
                self.len = bytes.len();
                return;
            }
        }
        if word.is_ascii() {
            for &b in word.as_bytes() {
                if b == b'\'' {
                    continue;
                }
                if self.len == MAX_WORD_BYTES {
                    break;
                }
                self.buf[self.len] = b.to_ascii_lowercase();
                self.len += 1;
            }
            return;
        }
        let mut utf8 = [0u8; 4];
        'outer: for c in word.chars() {
            if crate::tokenize::is_apostrophe(c) {
                continue;
            }
            for lc in c.to_lowercase() {
                let encoded = lc.encode_utf8(&mut utf8).as_bytes();
                if self.len + encoded.len() > MAX_WORD_BYTES {
                    break 'outer;
                }
                self.buf[self.len..self.len + encoded.len()].copy_from_slice(encoded);
                self.len += encoded.len();
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Pushes the sparse features of `text` (answering `question`, if any) into `sink`, and returns
/// the number of word-like tokens.
pub(crate) fn sparse_features(
    text: &str,
    question: Option<QuestionKind>,
    bits: u32,
    sink: &mut impl FeatureSink,
) -> usize {
    // Question-crossed unigrams need to know the answer is short: count words first, cheaply.
    let crossed = match question {
        Some(kind) => {
            let n = Tokenizer::new().tokens(text).filter(|t| is_wordlike(t.kind)).take(7).count();
            (n <= SHORT_ANSWER_WORDS).then_some(kind)
        }
        None => None,
    };
    features_of_tokens(Tokenizer::new().tokens(text), crossed, bits, sink)
}

/// [`sparse_features`] of the text whose tokens are `tokens`, with question-crossed unigrams
/// for the question of kind `crossed` (if any: the answer is short).
fn features_of_tokens<'t>(
    tokens: impl Iterator<Item = Token<'t>>,
    crossed: Option<QuestionKind>,
    bits: u32,
    sink: &mut impl FeatureSink,
) -> usize {
    let mask = (1u64 << bits) - 1;
    let mut lower = Lower::new();
    // The first word also pairs with the start of the text: answers that open with "More",
    // "Better" or "Need" are suggestions, i.e. criticism.
    let mut previous: Option<(u64, usize)> = Some((SEED_START, 0));
    let mut scope_left = 0u32;
    // Whether a "but" or "however" came earlier in the sentence: the words after it also count
    // as a contrast clause's, which usually carries the writer's verdict.
    let mut contrast = false;
    let mut n_words = 0usize;
    for token in tokens {
        let span = token.span.clone();
        let word: &str = match token.kind {
            TokenKind::Word => token.text,
            TokenKind::Hashtag => &token.text[1..],
            TokenKind::Number => "<num>",
            TokenKind::Url | TokenKind::Email => "<url>",
            TokenKind::Handle => "<user>",
            TokenKind::Emoticon | TokenKind::Emoji => token.text,
            TokenKind::Punct => {
                let first = token.text.as_bytes()[0];
                if matches!(first, b'.' | b',' | b';' | b':' | b'!' | b'?') {
                    scope_left = 0;
                }
                if matches!(first, b'.' | b'!' | b'?') {
                    contrast = false;
                }
                if matches!(first, b'!' | b'?') {
                    let h = fnv1a(SEED_WORD, &token.text.as_bytes()[..1]);
                    sink.push(Group::Word, bucket(h, mask), span);
                }
                previous = None;
                continue;
            }
        };
        n_words += 1;
        lower.set(word);
        let bytes = lower.bytes();
        let role = role(bytes);
        if matches!(role, Role::ScopeEnder | Role::Contrast) {
            scope_left = 0;
        }
        let negated = scope_left > 0;
        let h = fnv1a(if negated { SEED_NEG_WORD } else { SEED_WORD }, bytes);
        sink.push(Group::Word, bucket(h, mask), span.clone());
        if let Some((prev_h, prev_start)) = previous {
            let bigram =
                (prev_h ^ SEED_BIGRAM).rotate_left(23) ^ h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            sink.push(Group::Word, bucket(bigram, mask), prev_start..span.end);
        }
        if contrast {
            let h = (h ^ SEED_CONTRAST).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            sink.push(Group::Contrast, bucket(h, mask), span.clone());
        }
        if role == Role::Contrast {
            contrast = true;
        }
        if let Some(kind) = crossed {
            let h = fnv1a(kind.seed(), bytes);
            sink.push(Group::Word, bucket(h, mask), span.clone());
        }
        // Words of up to 3 bytes ("the", "was", "not") gain nothing from their character
        // n-grams over their unigram, and are about half of all words.
        if token.kind == TokenKind::Word && bytes.len() > MAX_BARE_WORD_BYTES {
            char_ngrams(bytes, negated, mask, span.clone(), sink);
        }
        previous = Some((h, span.start));
        if negated {
            scope_left -= 1;
        }
        if role == Role::Negator {
            scope_left = MAX_SCOPE;
        }
    }
    n_words
}

fn is_wordlike(kind: TokenKind) -> bool {
    !matches!(kind, TokenKind::Punct)
}

/// Character 3- and 5-grams of `<word>`, distinct in a negation scope.
fn char_ngrams(
    word: &[u8],
    negated: bool,
    mask: u64,
    span: Range<usize>,
    sink: &mut impl FeatureSink,
) {
    let mut padded = [0u8; MAX_WORD_BYTES + 2];
    padded[0] = b'<';
    padded[1..=word.len()].copy_from_slice(word);
    padded[word.len() + 1] = b'>';
    let padded = &padded[..word.len() + 2];
    let start_h = fnv1a(if negated { SEED_NEG_CHAR } else { SEED_CHAR }, &[]);
    // The 3-gram at each position, then the 5-gram that extends it (where the word is long
    // enough), in that order.
    for start in 0..padded.len().saturating_sub(2) {
        let rest = &padded[start..];
        let h = fnv_step(fnv_step(fnv_step(start_h, rest[0]), rest[1]), rest[2]);
        sink.push(Group::Char, bucket(h, mask), span.clone());
        if let [_, _, _, d, e, ..] = *rest {
            let h = fnv_step(fnv_step(h, d), e);
            sink.push(Group::Char, bucket(h, mask), span.clone());
        }
    }
}

/// The dense features of a text: rule scores, length, punctuation and question kind.
pub(crate) fn dense_features(
    text: &str,
    n_words: usize,
    question: Option<QuestionKind>,
) -> [f32; N_DENSE] {
    dense_features_with(text, n_words, question, &rules::analyze(text))
}

/// [`dense_features`] with the rule scorers' outputs already computed.
pub(crate) fn dense_features_with(
    text: &str,
    n_words: usize,
    question: Option<QuestionKind>,
    rule: &rules::RuleFeatures,
) -> [f32; N_DENSE] {
    let mut dense = [0f32; N_DENSE];
    let health = rule.compound as f32;
    // The healthcare rules run VADER's engine with VADER's lexicon and more: one pass gives
    // both. Their score also meets length, so the model can trust it less in long texts.
    dense[0] = health * ((1 + n_words) as f32).ln() / 5.0;
    dense[1] = rule.pos as f32;
    dense[2] = rule.neg as f32;
    dense[3] = health * f32::from(rule.health_hits != 0);
    dense[4] = health * f32::from(n_words <= 8);
    dense[5] = health * health * health.signum();
    dense[6] = (rule.pos - rule.neg) as f32 * f32::from(n_words > 40);
    dense[7] = f32::from(rule.health_hits > 0) - f32::from(rule.health_hits < 0);
    dense[8] = health;
    dense[9..14].copy_from_slice(&bins(health));
    dense[14] = (rule.n_hits as f32).min(10.0) / 10.0;
    dense[15] = (rule.health_hits as f32).clamp(-5.0, 5.0) / 5.0;
    dense[16] = ((1 + n_words) as f32).ln() / 5.0;
    dense[17] = f32::from(n_words <= 2);
    dense[18] = f32::from((3..=8).contains(&n_words));
    dense[19] = f32::from(n_words > 40);
    let counts = byte_counts(text);
    dense[20] = (counts.exclamations as f32).min(4.0) / 4.0;
    dense[21] = (counts.questions as f32).min(4.0) / 4.0;
    let short = n_words <= SHORT_ANSWER_WORDS;
    match question {
        Some(QuestionKind::Improve) => {
            dense[22] = 1.0;
            dense[23] = f32::from(short);
        }
        Some(QuestionKind::Good) => {
            dense[24] = 1.0;
            dense[25] = f32::from(short);
        }
        Some(QuestionKind::Other) => dense[26] = 1.0,
        None => {}
    }
    dense[27] = counts.upper_share;
    // Social-media style (emoticons, emoji, @handles, #tags, "!!"): there the rules, built on
    // tweets, read better than a model trained mostly on other kinds of text.
    let social = f32::from(counts.social_marks > 0);
    dense[SOCIAL] = social;
    dense[29] = health * social;
    dense[30] = health * f32::from(rule.n_hits >= 3);
    // Mixed feedback (praise and complaint in one text, NHS's "mixed" rating): both the
    // rules' positive and negative proportions are well above zero.
    let mixed = rule.pos.min(rule.neg) as f32;
    dense[31] = mixed;
    dense[32] = f32::from(mixed >= 0.1);
    dense
}

/// One-hot bins of a rule score: exactly 0, at most -0.5, below 0, above 0, at least 0.5.
fn bins(score: f32) -> [f32; 5] {
    let mut out = [0f32; 5];
    let bin = if score == 0.0 {
        0
    } else if score <= -0.5 {
        1
    } else if score < 0.0 {
        2
    } else if score < 0.5 {
        3
    } else {
        4
    };
    out[bin] = 1.0;
    out
}

/// Counts of `!` and `?`, and the share of ASCII letters that are uppercase (0 for texts with
/// fewer than 8 letters), in one pass over the bytes.
/// Byte-level counts of a text (see [`byte_counts`]).
struct ByteCounts {
    exclamations: u32,
    questions: u32,
    /// The share of upper-case letters among ASCII letters (0 below 8 letters).
    upper_share: f32,
    /// Marks of social-media writing: `@`, `#`, emoji (4-byte UTF-8 sequences), emoticons
    /// (`:)`, `;-(`, `:D`, ...), `!!`.
    social_marks: u32,
}

fn byte_counts(text: &str) -> ByteCounts {
    let (mut exclamations, mut questions, mut social_marks) = (0u32, 0u32, 0u32);
    let (mut n_letters, mut n_upper) = (0u32, 0u32);
    let mut may_be_social = false;
    let bytes = text.as_bytes();
    // Branch-free counts in byte lanes, 255 bytes at a time so that no lane overflows: the
    // compiler vectorizes them 16 bytes to an instruction.
    for chunk in bytes.chunks(255) {
        let (mut e, mut q, mut l, mut u, mut s) = (0u8, 0u8, 0u8, 0u8, 0u8);
        for &b in chunk {
            e += u8::from(b == b'!');
            q += u8::from(b == b'?');
            let folded = b | 0x20;
            l += u8::from(folded.wrapping_sub(b'a') < 26);
            u += u8::from(b.wrapping_sub(b'A') < 26);
            s |= u8::from(
                matches!(b, b'@' | b'#' | b':' | b';' | b'=') | (b.wrapping_sub(0xF0) < 5),
            );
        }
        exclamations += u32::from(e);
        questions += u32::from(q);
        n_letters += u32::from(l);
        n_upper += u32::from(u);
        may_be_social |= s != 0;
    }
    let upper_share = if n_letters < 8 { 0.0 } else { n_upper as f32 / n_letters as f32 };
    // Most texts have none of the bytes a social mark starts with (`!!` needs two `!`).
    if !may_be_social && exclamations < 2 {
        return ByteCounts { exclamations, questions, upper_share, social_marks };
    }
    // Social marks start at a few rare bytes: a table look-up skips the others.
    const fn social_starts() -> [bool; 256] {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = matches!(b as u8, b'@' | b'#' | 0xF0..=0xF4 | b'!' | b':' | b';' | b'=');
            b += 1;
        }
        table
    }
    const SOCIAL_STARTS: [bool; 256] = social_starts();
    for (i, &b) in bytes.iter().enumerate() {
        if !SOCIAL_STARTS[usize::from(b)] {
            continue;
        }
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        social_marks += u32::from(match b {
            b'@' | b'#' | 0xF0..=0xF4 => true,
            b'!' => next(1) == b'!',
            b':' | b';' | b'=' => {
                let eye = if next(1) == b'-' { next(2) } else { next(1) };
                matches!(eye, b')' | b'(' | b'D' | b'P' | b'p' | b'/')
            }
            _ => false,
        });
    }
    ByteCounts { exclamations, questions, upper_share, social_marks }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect(Vec<(Group, u32, Range<usize>)>);

    impl FeatureSink for Collect {
        fn push(&mut self, group: Group, bucket: u32, span: Range<usize>) {
            self.0.push((group, bucket, span));
        }
    }

    fn features(text: &str, question: Option<&str>) -> Vec<(Group, u32, Range<usize>)> {
        let mut sink = Collect::default();
        sparse_features(text, QuestionKind::of(question), 18, &mut sink);
        sink.0
    }

    fn word_buckets(text: &str) -> Vec<u32> {
        features(text, None).into_iter().filter(|f| f.0 == Group::Word).map(|f| f.1).collect()
    }

    fn contrast_spans(text: &str) -> Vec<&str> {
        features(text, None)
            .into_iter()
            .filter(|f| f.0 == Group::Contrast)
            .map(|f| &text[f.2])
            .collect()
    }

    #[test]
    fn contrast_clause_words_to_the_end_of_the_sentence() {
        assert_eq!(contrast_spans("Kind staff but a long wait. Clean ward"), ["a", "long", "wait"]);
        assert_eq!(contrast_spans("Kind staff, however, rude"), ["rude"]);
        assert!(contrast_spans("Kind staff and a butterfly garden").is_empty());
    }

    #[test]
    fn deterministic_and_case_insensitive() {
        let a = features("The nurses were KIND, not rude!", None);
        assert_eq!(a, features("The nurses were KIND, not rude!", None));
        assert_eq!(word_buckets("Kind staff"), word_buckets("kind STAFF"));
        // "don't" and "dont" are one word.
        assert_eq!(word_buckets("I don't know"), word_buckets("I dont know"));
        assert!(a.iter().all(|f| f.1 < 1 << 18));
    }

    #[test]
    fn negation_scope_marks_following_words_until_punctuation() {
        // "good" in "not good" is a different feature from "good" alone.
        let plain = word_buckets("good");
        let negated = word_buckets("not good");
        assert!(!negated.contains(&plain[0]));
        // The scope ends at the comma: "good" after it is the plain feature again.
        assert!(word_buckets("not really, good").contains(&plain[0]));
        // "Nothing" as a whole answer opens a scope over nothing: its unigram and its pair with
        // the start of the text.
        assert_eq!(word_buckets("Nothing").len(), 2);
    }

    #[test]
    fn char_ngrams_have_spans_of_their_word() {
        let text = "Superb care";
        let chars: Vec<_> =
            features(text, None).into_iter().filter(|f| f.0 == Group::Char).collect();
        // "<superb>": 6 trigrams and 4 five-grams; "<care>": 4 + 2.
        assert_eq!(chars.len(), 10 + 6);
        assert!(
            chars.iter().all(|f| &text[f.2.clone()] == "Superb" || &text[f.2.clone()] == "care")
        );
    }

    #[test]
    fn question_kinds_and_crossed_features() {
        assert_eq!(QuestionKind::of(Some("How could we improve?")), Some(QuestionKind::Improve));
        assert_eq!(QuestionKind::of(Some("What was good?")), Some(QuestionKind::Good));
        assert_eq!(QuestionKind::of(Some("FFT Why?")), Some(QuestionKind::Other));
        assert_eq!(QuestionKind::of(Some("  ")), None);
        let improve = features("Nothing", Some("How could we improve?"));
        let good = features("Nothing", Some("What was good?"));
        assert_eq!(improve.len(), good.len());
        assert_ne!(improve, good);
        // Long answers get no crossed features.
        let long = "The staff were kind and the ward was clean and quiet";
        assert_eq!(features(long, Some("What was good?")), features(long, None));
    }

    /// [`byte_counts`] (byte lanes, the social scan skipped when no byte can start a mark)
    /// counts as one plain pass over the bytes does, on the corpus.
    #[test]
    fn byte_counts_as_one_plain_pass() {
        let long = "A!b?C:) @x #y \u{1F600} !! ".repeat(30);
        for text in crate::test_texts::corpus(&[&long, "", "!", "!!", ":-)", "=D", "ABCDEFGHi"]) {
            let bytes = text.as_bytes();
            let count = |f: &dyn Fn(u8) -> bool| bytes.iter().filter(|&&b| f(b)).count() as u32;
            let letters = count(&|b| b.is_ascii_alphabetic());
            let upper = count(&|b| b.is_ascii_uppercase());
            let next = |i: usize, k: usize| bytes.get(i + k).copied().unwrap_or(0);
            let social = (0..bytes.len())
                .filter(|&i| match bytes[i] {
                    b'@' | b'#' | 0xF0..=0xF4 => true,
                    b'!' => next(i, 1) == b'!',
                    b':' | b';' | b'=' => {
                        let eye = if next(i, 1) == b'-' { next(i, 2) } else { next(i, 1) };
                        matches!(eye, b')' | b'(' | b'D' | b'P' | b'p' | b'/')
                    }
                    _ => false,
                })
                .count() as u32;
            let got = byte_counts(&text);
            assert_eq!(got.exclamations, count(&|b| b == b'!'), "{text:?}");
            assert_eq!(got.questions, count(&|b| b == b'?'), "{text:?}");
            assert_eq!(got.social_marks, social, "{text:?}");
            let share = if letters < 8 { 0.0 } else { upper as f32 / letters as f32 };
            assert_eq!(got.upper_share.to_bits(), share.to_bits(), "{text:?}");
        }
    }

    #[test]
    fn dense_features_see_rules_and_question() {
        let d = dense_features("Terrible, rude staff!", 3, None);
        assert!(d[2] > 0.3 && d[8] < -0.5 && d[20] > 0.0);
        assert_eq!(d[10], 1.0);
        let d = dense_features("Nothing", 1, QuestionKind::of(Some("What could we do better?")));
        assert_eq!((d[22], d[23], d[24]), (1.0, 1.0, 0.0));
    }
}
