//! VADER: a faithful, fast port of vaderSentiment 3.3.2.
//!
//! [`VaderScorer`] gives the scores `SentimentIntensityAnalyzer().polarity_scores(text)` gives in
//! Python (vaderSentiment 3.3.2 on CPython 3.11): the same lexicon and emoji table (embedded in
//! the binary from `models/vader/`), the same tokenization (Python's `str.split()`, `strip()`,
//! `lower()` and `isupper()` semantics), every rule with its quirks, and the same floating point
//! operations in the same order, down to Python's `round()`. The parity test
//! `tests/vader_parity.rs` checks all four scores, bit for bit, on the 23,703 texts of the VADER
//! paper's data sets and on 3,258 texts written to exercise every rule.
//!
//! Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model for Sentiment
//! Analysis of Social Media Text. Eighth International Conference on Weblogs and Social Media
//! (ICWSM-14). Ann Arbor, MI, June 2014.
//!
//! # Why it is fast
//!
//! Tokens are slices of the text. A token of up to 16 ASCII bytes (nearly all of them) is
//! loaded into two registers, lowercased and case-tested eight bytes at a time, and looked up
//! once, with no allocation, in one open-addressing table that merges the lexicon, the boosters,
//! the negations and the words the rules test by name. The rules then run on small `Copy`
//! records and never compare strings. Texts without emoji are not copied, and pure ASCII texts
//! are not even scanned for emoji. On one thread this scores about 40 times as many texts per
//! second as the Python original, and 6 times as many as the `vader-sentimental` crate
//! (`benches/benches/score.rs`).
//!
//! # Example
//!
//! ```
//! use bedside_score::vader::VaderScorer;
//! use bedside_types::{Label, Scorer};
//!
//! let vader = VaderScorer::new();
//! let scores = vader.polarity_scores("The nurses were very kind!");
//! assert_eq!(scores.compound, 0.6105);
//! assert_eq!(vader.score("The wait was not good.").label(), Label::Negative);
//! ```

use std::fmt;
use std::ops::Range;

use bedside_types::{Scorer, Sentiment};

pub(crate) mod lexicon;
pub(crate) mod rules;
pub(crate) mod text;
pub(crate) mod words;

use lexicon::{TABLES, Tables};
use rules::{CONTAINS_NT, Token, UPPER};

/// VADER's four scores for one text, as vaderSentiment 3.3.2 rounds them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct VaderScores {
    /// The proportion of negative content, rounded to 3 decimals.
    pub neg: f64,
    /// The proportion of neutral content, rounded to 3 decimals.
    pub neu: f64,
    /// The proportion of positive content, rounded to 3 decimals.
    pub pos: f64,
    /// The normalized sum of valences in `[-1, 1]`, rounded to 4 decimals.
    pub compound: f64,
}

/// The VADER sentiment scorer (name `vader`), a port of vaderSentiment 3.3.2's
/// `SentimentIntensityAnalyzer`.
///
/// Building one is free after the first: the embedded lexicons are parsed once per process.
/// The scorer is `Copy` and can be shared between threads.
#[derive(Clone, Copy)]
pub struct VaderScorer {
    tables: &'static Tables,
}

impl VaderScorer {
    /// The scorer with the embedded VADER lexicon and emoji table.
    pub fn new() -> VaderScorer {
        VaderScorer { tables: &TABLES }
    }

    /// The scorer's rule engine over other tables (VADER's, extended): used by the healthcare
    /// rules.
    pub(crate) fn with_tables(tables: &'static Tables) -> VaderScorer {
        VaderScorer { tables }
    }

    /// The tables the scorer looks tokens up in.
    pub(crate) fn tables(&self) -> &'static Tables {
        self.tables
    }

    /// The scores of vaderSentiment 3.3.2's `polarity_scores(text)`.
    pub fn polarity_scores(&self, text: &str) -> VaderScores {
        let text = text::replace_emoji(text, self.tables);
        // Room for a typical sentence; a long text grows the vector as needed.
        let mut tokens = Vec::with_capacity((text.len() / 5 + 1).min(256));
        self.tokenize(&text, &mut tokens);
        let mut sentiments = Vec::new();
        rules::sentiments(&tokens, &mut sentiments);
        let (n_exclamations, n_questions) = count_punctuation(&text);
        let scores = rules::score_valence(&sentiments, n_exclamations, n_questions);
        VaderScores { neg: scores.neg, neu: scores.neu, pos: scores.pos, compound: scores.compound }
    }

    /// `SentiText(text).words_and_emoticons`, looked up.
    fn tokenize(&self, text: &str, tokens: &mut Vec<Token>) {
        self.for_each_token(text, |token, _, _| tokens.push(token));
    }

    /// `SentiText(text).words_and_emoticons`, looked up, with positions: `f(token, raw, word)`
    /// gets the byte ranges in `text` of the whitespace-separated word and of the token (the
    /// word without the punctuation `_strip_punc_if_word` strips).
    #[inline]
    pub(crate) fn for_each_token(
        &self,
        text: &str,
        mut f: impl FnMut(Token, Range<usize>, Range<usize>),
    ) {
        let base = text.as_ptr() as usize;
        let range = |slice: &[u8]| {
            let start = slice.as_ptr() as usize - base;
            start..start + slice.len()
        };
        if text.is_ascii() {
            text::for_each_ascii_word(text.as_bytes(), |raw| {
                let word = text::strip_ascii_punc_if_word(raw);
                f(self.ascii_token(word), range(raw), range(word));
            });
        } else {
            text::for_each_unicode_word(text, |raw| {
                let word = text::strip_punc_if_word(raw);
                let token = if word.is_ascii() {
                    self.ascii_token(word.as_bytes())
                } else {
                    self.unicode_token(word)
                };
                f(token, range(raw.as_bytes()), range(word.as_bytes()));
            });
        }
    }

    /// Looks up one ASCII token of `words_and_emoticons`.
    #[inline(always)]
    pub(crate) fn ascii_token(&self, word: &[u8]) -> Token {
        if word.len() > 16 {
            return self.long_ascii_token(word);
        }
        // Lowercase and test case eight bytes at a time; a word of up to 8 bytes (most of
        // them) has a zero high word, which lowercases to zero with no letter in it.
        let packed = lexicon::pack(word);
        let (low, low_upper, low_lower) = text::ascii_lower_word(packed[0]);
        let (high, high_upper, high_lower) =
            if word.len() > 8 { text::ascii_lower_word(packed[1]) } else { (0, 0, 0) };
        let lower = [low, high];
        let mut flags = 0;
        if (low_upper | high_upper) != 0 && (low_lower | high_lower) == 0 {
            flags |= UPPER;
        }
        if text::has_apostrophe(lower) && text::contains_nt(lower, word.len()) {
            flags |= CONTAINS_NT;
        }
        self.token_from(self.tables.get_packed(lower, word.len()), flags)
    }

    /// Looks up an ASCII token longer than 16 bytes.
    #[cold]
    fn long_ascii_token(&self, word: &[u8]) -> Token {
        let lower = word.to_ascii_lowercase();
        let mut flags = 0;
        if word.iter().any(u8::is_ascii_uppercase) && !word.iter().any(u8::is_ascii_lowercase) {
            flags |= UPPER;
        }
        if lower.windows(3).any(|w| w == b"n't") {
            flags |= CONTAINS_NT;
        }
        self.token_from(self.tables.get(&lower), flags)
    }

    /// Looks up a non-ASCII token.
    fn unicode_token(&self, word: &str) -> Token {
        let lower = word.to_lowercase();
        let mut flags = 0;
        if text::is_py_upper(word) {
            flags |= UPPER;
        }
        if lower.contains("n't") {
            flags |= CONTAINS_NT;
        }
        self.token_from(self.tables.get(lower.as_bytes()), flags)
    }

    #[inline]
    fn token_from(&self, entry: Option<&lexicon::Entry>, flags: u8) -> Token {
        match entry {
            Some(entry) => Token {
                valence: entry.valence,
                booster: entry.booster(),
                flags: entry.flags() | flags,
                word: entry.word,
                tag: entry.tag,
            },
            None => Token { valence: 0.0, booster: 0.0, flags, word: words::Word::Other, tag: 0 },
        }
    }
}

impl Default for VaderScorer {
    fn default() -> VaderScorer {
        VaderScorer::new()
    }
}

impl fmt::Debug for VaderScorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VaderScorer").finish_non_exhaustive()
    }
}

impl Scorer for VaderScorer {
    fn name(&self) -> &str {
        "vader"
    }

    /// The compound score, with `[neg, neu, pos]` as proportions.
    fn score(&self, text: &str) -> Sentiment {
        let scores = self.polarity_scores(text);
        Sentiment::new(scores.compound, [scores.neg, scores.neu, scores.pos])
    }
}

/// The numbers of `!` and `?` in the text.
pub(crate) fn count_punctuation(text: &str) -> (usize, usize) {
    let mut n_exclamations = 0;
    let mut n_questions = 0;
    // In byte lanes, 255 bytes at a time so that no lane overflows: the compiler vectorizes
    // them 16 bytes to an instruction.
    for chunk in text.as_bytes().chunks(255) {
        let (mut e, mut q) = (0u8, 0u8);
        for &b in chunk {
            e += u8::from(b == b'!');
            q += u8::from(b == b'?');
        }
        n_exclamations += usize::from(e);
        n_questions += usize::from(q);
    }
    (n_exclamations, n_questions)
}

#[cfg(test)]
mod tests;
