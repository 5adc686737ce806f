//! The rules of `SentimentIntensityAnalyzer`, ported from vaderSentiment 3.3.2 over tokens that
//! were looked up once, so no rule touches a string.
//!
//! The functions keep the names, order of tests and order of floating point operations of the
//! Python methods they port, quirks included (each quirk is marked as such).

use std::collections::{BTreeSet, HashMap};

use super::lexicon::{IN_BOOSTER, IN_LEXICON, NEGATION};
use super::words::{self, Word};

/// Mean sentiment intensity increase of an ALL CAPS word among others (`C_INCR`).
const C_INCR: f64 = 0.733;
/// The negation factor (`N_SCALAR`).
const N_SCALAR: f64 = -0.74;

/// The token is ALL CAPS (`str.isupper()`).
pub(crate) const UPPER: u8 = 8;
/// The lowercase token contains `n't`.
pub(crate) const CONTAINS_NT: u8 = 16;

/// One token of `SentiText.words_and_emoticons` with what the rules need to know about it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Token {
    /// The lexicon valence, if `flags & IN_LEXICON`.
    pub(crate) valence: f64,
    /// The booster scalar, if `flags & IN_BOOSTER`.
    pub(crate) booster: f64,
    /// `IN_LEXICON | IN_BOOSTER | NEGATION | UPPER | CONTAINS_NT`. The rules test only
    /// these bits; 32, 64 and 128 are free for the healthcare rules' marks.
    pub(crate) flags: u8,
    /// The word's name, if the rules test it.
    pub(crate) word: Word,
    /// The entry's tag (see [`lexicon::Entry::tag`](super::lexicon::Entry::tag)), or 0.
    pub(crate) tag: u16,
}

impl Token {
    #[inline]
    fn in_lexicon(&self) -> bool {
        self.flags & IN_LEXICON != 0
    }

    #[inline]
    fn is_upper(&self) -> bool {
        self.flags & UPPER != 0
    }

    /// `negated([word])`: in `NEGATE`, or containing `n't`.
    #[inline]
    fn negated(&self) -> bool {
        self.flags & (NEGATION | CONTAINS_NT) != 0
    }

    #[inline]
    fn is(&self, word: Word) -> bool {
        self.word == word
    }
}

/// The sentiment of every token: the loop of `polarity_scores`, then `_but_check`.
pub(crate) fn sentiments(tokens: &[Token], out: &mut Vec<f64>) {
    let is_cap_diff = allcap_differential(tokens);
    let n_tokens = tokens.len();
    out.clear();
    out.reserve(n_tokens);
    for (i, token) in tokens.iter().enumerate() {
        let valence = if token.flags & IN_BOOSTER != 0
            || (i + 1 < n_tokens && token.is(Word::Kind) && tokens[i + 1].is(Word::Of))
        {
            0.0
        } else {
            sentiment_valence(tokens, i, is_cap_diff)
        };
        out.push(valence);
    }
    but_check(tokens, out);
}

/// `allcap_differential`: some but not all tokens are ALL CAPS.
fn allcap_differential(tokens: &[Token]) -> bool {
    let n_upper = tokens.iter().filter(|t| t.is_upper()).count();
    n_upper > 0 && n_upper < tokens.len()
}

/// `scalar_inc_dec`.
#[inline]
fn scalar_inc_dec(token: &Token, valence: f64, is_cap_diff: bool) -> f64 {
    let mut scalar = 0.0;
    if token.flags & IN_BOOSTER != 0 {
        scalar = token.booster;
        if valence < 0.0 {
            scalar *= -1.0;
        }
        if token.is_upper() && is_cap_diff {
            if valence > 0.0 {
                scalar += C_INCR;
            } else {
                scalar -= C_INCR;
            }
        }
    }
    scalar
}

/// `sentiment_valence` for the token at `i`.
fn sentiment_valence(tokens: &[Token], i: usize, is_cap_diff: bool) -> f64 {
    let token = &tokens[i];
    if !token.in_lexicon() {
        return 0.0;
    }
    let mut valence = token.valence;
    // "no" before a lexicon word negates that word instead of counting itself.
    if token.is(Word::No) && i != tokens.len() - 1 && tokens[i + 1].in_lexicon() {
        valence = 0.0;
    }
    if (i > 0 && tokens[i - 1].is(Word::No))
        || (i > 1 && tokens[i - 2].is(Word::No))
        || (i > 2
            && tokens[i - 3].is(Word::No)
            && (tokens[i - 1].is(Word::Or) || tokens[i - 1].is(Word::Nor)))
    {
        valence = token.valence * N_SCALAR;
    }
    if token.is_upper() && is_cap_diff {
        // Quirk: a valence of 0 (a "NO" before a lexicon word) is pushed down.
        if valence > 0.0 {
            valence += C_INCR;
        } else {
            valence -= C_INCR;
        }
    }
    for start_i in 0..3 {
        if i > start_i && !tokens[i - (start_i + 1)].in_lexicon() {
            let mut s = scalar_inc_dec(&tokens[i - (start_i + 1)], valence, is_cap_diff);
            if start_i == 1 && s != 0.0 {
                s *= 0.95;
            }
            if start_i == 2 && s != 0.0 {
                s *= 0.9;
            }
            valence += s;
            valence = negation_check(valence, tokens, start_i, i);
            if start_i == 2 {
                valence = special_idioms_check(valence, tokens, i);
            }
        }
    }
    least_check(valence, tokens, i)
}

/// `_least_check`.
fn least_check(mut valence: f64, tokens: &[Token], i: usize) -> f64 {
    if i > 1 && !tokens[i - 1].in_lexicon() && tokens[i - 1].is(Word::Least) {
        if !tokens[i - 2].is(Word::At) && !tokens[i - 2].is(Word::Very) {
            valence *= N_SCALAR;
        }
    } else if i > 0 && !tokens[i - 1].in_lexicon() && tokens[i - 1].is(Word::Least) {
        valence *= N_SCALAR;
    }
    valence
}

/// `_negation_check`.
fn negation_check(mut valence: f64, tokens: &[Token], start_i: usize, i: usize) -> f64 {
    let is_so_or_this = |t: &Token| t.is(Word::So) || t.is(Word::This);
    match start_i {
        0 => {
            if tokens[i - 1].negated() {
                valence *= N_SCALAR;
            }
        }
        1 => {
            if tokens[i - 2].is(Word::Never) && is_so_or_this(&tokens[i - 1]) {
                valence *= 1.25;
            } else if tokens[i - 2].is(Word::Without) && tokens[i - 1].is(Word::Doubt) {
                // Left as is.
            } else if tokens[i - 2].negated() {
                valence *= N_SCALAR;
            }
        }
        _ => {
            // Quirk: Python's `and`/`or` precedence makes "so"/"this" right before the word
            // amplify it whatever precedes them.
            if (tokens[i - 3].is(Word::Never) && is_so_or_this(&tokens[i - 2]))
                || is_so_or_this(&tokens[i - 1])
            {
                valence *= 1.25;
            } else if tokens[i - 3].is(Word::Without)
                && (tokens[i - 2].is(Word::Doubt) || tokens[i - 1].is(Word::Doubt))
            {
                // Left as is.
            } else if tokens[i - 3].negated() {
                valence *= N_SCALAR;
            }
        }
    }
    valence
}

/// `_special_idioms_check`, called with `i >= 3`.
fn special_idioms_check(mut valence: f64, tokens: &[Token], i: usize) -> f64 {
    let w = |k: usize| tokens[k].word;
    let sequences = [
        words::special_case2(w(i - 1), w(i)),
        words::special_case3(w(i - 2), w(i - 1), w(i)),
        words::special_case2(w(i - 2), w(i - 1)),
        words::special_case3(w(i - 3), w(i - 2), w(i - 1)),
        words::special_case2(w(i - 3), w(i - 2)),
    ];
    if let Some(idiom_valence) = sequences.into_iter().flatten().next() {
        valence = idiom_valence;
    }
    if tokens.len() - 1 > i
        && let Some(idiom_valence) = words::special_case2(w(i), w(i + 1))
    {
        valence = idiom_valence;
    }
    if tokens.len() - 1 > i + 1
        && let Some(idiom_valence) = words::special_case3(w(i), w(i + 1), w(i + 2))
    {
        valence = idiom_valence;
    }
    // Booster bigrams ("kind of") before the word; no booster key has three words. Quirk: the
    // dampener is added whatever the sign of the valence.
    for (a, b) in [(i - 3, i - 2), (i - 2, i - 1)] {
        if let Some(scalar) = words::booster2(w(a), w(b)) {
            valence += scalar;
        }
    }
    valence
}

/// Beyond this many tokens, `_but_check` finds first occurrences through an index instead of a
/// scan, so that long texts stay linear-ish.
const BUT_SCAN_LIMIT: usize = 64;

/// `_but_check`: sentiments before the first "but" are halved, those after it are multiplied by
/// 1.5.
///
/// Quirk: Python finds the position to update with `sentiments.index(sentiment)`, the FIRST
/// element equal to the current one, in a list it is rewriting. With repeated values the first
/// occurrence is rescaled again and later ones are left alone. This is replicated exactly.
fn but_check(tokens: &[Token], sentiments: &mut [f64]) {
    let Some(but_idx) = tokens.iter().position(|t| t.is(Word::But)) else { return };
    if sentiments.len() <= BUT_SCAN_LIMIT {
        for k in 0..sentiments.len() {
            let sentiment = sentiments[k];
            let si = sentiments.iter().position(|&s| s == sentiment).unwrap_or(k);
            if si < but_idx {
                sentiments[si] = sentiment * 0.5;
            } else if si > but_idx {
                sentiments[si] = sentiment * 1.5;
            }
        }
    } else {
        but_check_indexed(but_idx, sentiments);
    }
}

/// `_but_check` for long texts: the positions of each value are kept in ordered sets.
fn but_check_indexed(but_idx: usize, sentiments: &mut [f64]) {
    // Keys are bit patterns with -0.0 folded into 0.0, which Python's `==` equates.
    let key = |x: f64| if x == 0.0 { 0u64 } else { x.to_bits() };
    let mut positions: HashMap<u64, BTreeSet<usize>> = HashMap::new();
    for (idx, &s) in sentiments.iter().enumerate() {
        positions.entry(key(s)).or_default().insert(idx);
    }
    for k in 0..sentiments.len() {
        let sentiment = sentiments[k];
        let si = positions.get(&key(sentiment)).and_then(|set| set.first().copied()).unwrap_or(k);
        let updated = if si < but_idx {
            sentiment * 0.5
        } else if si > but_idx {
            sentiment * 1.5
        } else {
            continue;
        };
        if key(updated) != key(sentiment) {
            if let Some(set) = positions.get_mut(&key(sentiment)) {
                set.remove(&si);
            }
            positions.entry(key(updated)).or_default().insert(si);
        }
        sentiments[si] = updated;
    }
}

/// The four scores of one text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Scores {
    pub(crate) neg: f64,
    pub(crate) neu: f64,
    pub(crate) pos: f64,
    pub(crate) compound: f64,
}

/// `score_valence`, given the counts of `!` and `?` in the text.
pub(crate) fn score_valence(
    sentiments: &[f64],
    n_exclamations: usize,
    n_questions: usize,
) -> Scores {
    if sentiments.is_empty() {
        return Scores { neg: 0.0, neu: 0.0, pos: 0.0, compound: 0.0 };
    }
    // CPython 3.11 `sum()` adds floats left to right. The sums of `_sift_sentiment_scores`
    // are made in the same pass: each accumulator still adds in text order.
    let mut sum_s = 0.0;
    let mut pos_sum = 0.0;
    let mut neg_sum = 0.0;
    let mut neu_count = 0u32;
    for &s in sentiments {
        sum_s += s;
        if s > 0.0 {
            pos_sum += s + 1.0;
        } else if s < 0.0 {
            neg_sum += s - 1.0;
        } else if s == 0.0 {
            neu_count += 1;
        }
    }
    let punct_emph_amplifier = punctuation_emphasis(n_exclamations, n_questions);
    if sum_s > 0.0 {
        sum_s += punct_emph_amplifier;
    } else if sum_s < 0.0 {
        sum_s -= punct_emph_amplifier;
    }
    let compound = normalize(sum_s);

    // `_sift_sentiment_scores`, summed above.
    if pos_sum > neg_sum.abs() {
        pos_sum += punct_emph_amplifier;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= punct_emph_amplifier;
    }
    let total = pos_sum + neg_sum.abs() + f64::from(neu_count);
    Scores {
        neg: round_half_even((neg_sum / total).abs(), 1000.0),
        neu: round_half_even((f64::from(neu_count) / total).abs(), 1000.0),
        pos: round_half_even((pos_sum / total).abs(), 1000.0),
        compound: round_half_even(compound, 10000.0),
    }
}

/// `_punctuation_emphasis`: `_amplify_ep` + `_amplify_qm`.
fn punctuation_emphasis(n_exclamations: usize, n_questions: usize) -> f64 {
    let ep_amplifier = n_exclamations.min(4) as f64 * 0.292;
    let qm_amplifier = if n_questions > 1 {
        if n_questions <= 3 { n_questions as f64 * 0.18 } else { 0.96 }
    } else {
        0.0
    };
    ep_amplifier + qm_amplifier
}

/// `normalize` with `alpha = 15`.
fn normalize(score: f64) -> f64 {
    let norm_score = score / (score * score + 15.0).sqrt();
    norm_score.clamp(-1.0, 1.0)
}

/// Python's `round(x, digits)` with `scale = 10**digits`, for `|x| <= 1`: the exact value of `x`
/// rounded to the nearest multiple of `1/scale` (ties to even), returned as the double nearest to
/// that decimal.
///
/// `x * scale` is computed with one rounding; it can only mislead when it lands exactly half way
/// between two integers, and then the exact product decides (recovered with a fused
/// multiply-add). The quotient `integer / scale` of two exact doubles is correctly rounded, as
/// Python's `strtod` of the decimal string is.
pub(super) fn round_half_even(x: f64, scale: f64) -> f64 {
    let product = x * scale;
    // Truncation through an integer is exact here (|product| <= 10^4) and, unlike `f64::round`,
    // needs no library call.
    let truncated = (product as i64 as f64).copysign(product);
    let fraction = product - truncated;
    let rounded = if fraction.abs() == 0.5 {
        // Above or below half way decides; exactly half way goes to the even neighbour.
        let below = product - 0.5;
        let above = product + 0.5;
        let error = x.mul_add(scale, -product);
        let goes_up = error > 0.0 || (error == 0.0 && below % 2.0 != 0.0);
        if goes_up { above } else { below }
    } else if fraction > 0.5 {
        truncated + 1.0
    } else if fraction < -0.5 {
        truncated - 1.0
    } else {
        truncated
    };
    rounded / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_like_python() {
        // Values from CPython 3.11: round(x, 3) and round(x, 4).
        let cases = [
            (0.0625, 1000.0, 0.062),
            (0.1875, 1000.0, 0.188),
            (0.3125, 1000.0, 0.312),
            (0.4375, 1000.0, 0.438),
            (0.0005, 1000.0, 0.001),
            (0.0015, 1000.0, 0.002),
            (0.2345, 1000.0, 0.234),
            (0.5, 1000.0, 0.5),
            (0.00125, 10000.0, 0.0013),
            (-0.00375, 10000.0, -0.0037),
            (-0.6249, 1000.0, -0.625),
            (1.0, 10000.0, 1.0),
            (-0.0625, 1000.0, -0.062),
            (-0.00004, 10000.0, -0.0),
            (0.12345, 10000.0, 0.1235),
        ];
        for (x, scale, expected) in cases {
            let got = round_half_even(x, scale);
            assert_eq!(got, expected, "round({x}, {scale})");
            assert_eq!(got.is_sign_negative(), expected.is_sign_negative(), "sign of round({x})");
        }
    }

    fn token(valence: f64) -> Token {
        Token { valence, booster: 0.0, flags: 0, word: Word::Other, tag: 0 }
    }

    #[test]
    fn indexed_but_check_agrees_with_scan() {
        // A deterministic mix of repeated values, zeros and signs.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for n_tokens in [3usize, 10, 40, 64, 65, 200] {
            for round in 0..20 {
                let mut sentiments = Vec::with_capacity(n_tokens);
                for _ in 0..n_tokens {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let choice = (state % 7) as f64;
                    sentiments.push(if choice < 2.0 { 0.0 } else { (choice - 4.0) * 0.75 });
                }
                let but_idx = (round * 7) % n_tokens;
                let mut scanned = sentiments.clone();
                let tokens: Vec<Token> = (0..n_tokens)
                    .map(|idx| Token {
                        word: if idx == but_idx { Word::But } else { Word::Other },
                        ..token(0.0)
                    })
                    .collect();
                for k in 0..scanned.len() {
                    let sentiment = scanned[k];
                    let si = scanned.iter().position(|&s| s == sentiment).unwrap_or(k);
                    if si < but_idx {
                        scanned[si] = sentiment * 0.5;
                    } else if si > but_idx {
                        scanned[si] = sentiment * 1.5;
                    }
                }
                let mut indexed = sentiments.clone();
                but_check_indexed(but_idx, &mut indexed);
                assert_eq!(scanned, indexed, "n_tokens {n_tokens} round {round}");
                let mut dispatched = sentiments.clone();
                but_check(&tokens, &mut dispatched);
                assert_eq!(scanned, dispatched);
            }
        }
    }

    #[test]
    fn empty_scores_are_zero() {
        assert_eq!(
            score_valence(&[], 3, 3),
            Scores { neg: 0.0, neu: 0.0, pos: 0.0, compound: 0.0 }
        );
    }
}
