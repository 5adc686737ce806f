//! bedside's tokenizer and sentence splitter.
//!
//! [`Tokenizer::tokens`] cuts a text into [`Token`]s that borrow from it: words (with internal
//! apostrophes and hyphens, and abbreviations such as `Dr.`), numbers, URLs, e-mail addresses,
//! `@handles`, `#hashtags`, ASCII emoticons, emoji sequences and punctuation. Every token carries
//! its byte span into the input, so later stages can point back at the original text.
//! [`sentences`] splits a text into sentence spans with the same rules, so abbreviations,
//! decimals and URLs never end a sentence.
//!
//! The VADER scorer keeps VADER's own whitespace tokenization; this tokenizer serves topics,
//! providers and the learned model.
//!
//! # Example
//!
//! ```
//! use bedside_score::tokenize::{sentences, TokenKind, Tokenizer};
//!
//! let text = "Dr. O'Brien's follow-up was late :( see www.example.org";
//! let tokens: Vec<_> = Tokenizer::default().tokens(text).map(|t| (t.text, t.kind)).collect();
//! assert_eq!(tokens[0], ("Dr.", TokenKind::Word));
//! assert_eq!(tokens[1], ("O'Brien's", TokenKind::Word));
//! assert_eq!(tokens[2], ("follow-up", TokenKind::Word));
//! assert_eq!(tokens[5], (":(", TokenKind::Emoticon));
//! assert_eq!(tokens[7], ("www.example.org", TokenKind::Url));
//!
//! let text = "Waited 3.5 hours!!! Dr. Patel was kind.";
//! let spans: Vec<_> = sentences(text).map(|r| &text[r]).collect();
//! assert_eq!(spans, ["Waited 3.5 hours!!!", "Dr. Patel was kind."]);
//! ```

pub(crate) mod scan;
mod sentences;

pub(crate) mod phrase;
pub(crate) mod runs;

use std::iter::FusedIterator;
use std::ops::Range;

pub(crate) use scan::{is_apostrophe, is_hyphen};

/// Writes `part` lowercased into `word`, with periods dropped and apostrophes made ASCII: the
/// form in which topic cues and provider names are matched.
pub(crate) fn lowercase_into(part: &str, word: &mut String) {
    word.clear();
    for c in part.chars() {
        match c {
            '.' => {}
            c if is_apostrophe(c) => word.push('\''),
            c => word.extend(c.to_lowercase()),
        }
    }
}
use sentences::sentences_of;
pub use sentences::{Sentences, sentences};

/// What a [`Token`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A word: letters and digits, with internal apostrophes (`don't`, `O’Brien`) and hyphens
    /// (`follow-up`), or a known abbreviation with its period (`Dr.`, `St.`, `e.g.`). A run that
    /// starts with digits and goes on with letters (`1st`, `3pm`) is a word too.
    Word,
    /// A number: ASCII digits with internal `.`, `,` or `:` separators (`3.5`, `1,000`, `10:30`).
    Number,
    /// A URL starting with `http://`, `https://` or `www.`, or a bare domain with a common
    /// top-level domain (`nhs.uk`, `example.com/path`).
    Url,
    /// An e-mail address.
    Email,
    /// A social handle such as `@StMarysHosp`, with its `@`.
    Handle,
    /// A hashtag such as `#longwait`, with its `#`. It must contain a letter (`#1` is not one).
    Hashtag,
    /// An ASCII emoticon such as `:)`, `:-(`, `:'(`, `;)`, `:D`, `xD` or `<3`.
    Emoticon,
    /// An emoji, including its variation selector, skin tone, zero-width-joiner sequence, keycap
    /// or flag pair.
    Emoji,
    /// Punctuation or another symbol. A run of the same character (`!!!`, `...`) is one token.
    Punct,
}

/// One token: a slice of the input, its byte span and its kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Token<'t> {
    /// The token's text, a slice of the input.
    pub text: &'t str,
    /// The byte range of the token in the input (`&input[span] == text`).
    pub span: Range<usize>,
    /// What the token is.
    pub kind: TokenKind,
}

/// bedside's tokenizer.
///
/// It has no options yet; it is a type so that options can be added without breaking callers.
/// Cloning is free and a tokenizer can be shared between threads.
#[derive(Clone, Debug, Default)]
pub struct Tokenizer {
    _private: (),
}

impl Tokenizer {
    /// A tokenizer with the default rules.
    pub fn new() -> Tokenizer {
        Tokenizer::default()
    }

    /// The tokens of `text`, in order. Whitespace and invisible format characters (zero-width
    /// spaces, byte order marks) separate tokens and are never part of one.
    ///
    /// The iterator allocates nothing.
    pub fn tokens<'t>(&self, text: &'t str) -> Tokens<'t> {
        Tokens { text, pos: 0 }
    }
}

/// The iterator returned by [`Tokenizer::tokens`].
#[derive(Clone, Debug)]
pub struct Tokens<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Iterator for Tokens<'t> {
    type Item = Token<'t>;

    fn next(&mut self) -> Option<Token<'t>> {
        let text = self.text;
        loop {
            let b = *text.as_bytes().get(self.pos)?;
            let start = self.pos;
            let c = if b.is_ascii() {
                // ASCII whitespace, as `char::is_whitespace` has it; no ASCII character is
                // invisible.
                if matches!(b, b' ' | b'\t'..=b'\r') {
                    self.pos += 1;
                    continue;
                }
                if let Some(end) = scan::plain_ascii_word(text.as_bytes(), start) {
                    self.pos = end;
                    return Some(Token {
                        text: &text[start..end],
                        span: start..end,
                        kind: TokenKind::Word,
                    });
                }
                if let Some(end) = scan::plain_ascii_punct(text.as_bytes(), start) {
                    self.pos = end;
                    return Some(Token {
                        text: &text[start..end],
                        span: start..end,
                        kind: TokenKind::Punct,
                    });
                }
                char::from(b)
            } else {
                let c = text[start..].chars().next()?;
                if c.is_whitespace() || scan::is_invisible(c) {
                    self.pos += c.len_utf8();
                    continue;
                }
                c
            };
            let (end, kind) = scan::scan(text, start, c);
            debug_assert!(end > start, "BUG: the tokenizer made an empty token");
            self.pos = end;
            return Some(Token { text: &text[start..end], span: start..end, kind });
        }
    }
}

impl FusedIterator for Tokens<'_> {}

/// The tokens of `text[range]` read on its own ([`Tokenizer::tokens`]), with spans in `text`.
pub(crate) fn tokens_within(text: &str, range: Range<usize>) -> impl Iterator<Item = Token<'_>> {
    let base = range.start;
    Tokenizer::default()
        .tokens(&text[range])
        .map(move |t| Token { span: t.span.start + base..t.span.end + base, ..t })
}

/// Whether `text[range]`, a run of whole tokens of `text`, is sure to read on its own
/// ([`tokens_within`]) as the whole text reads there: it has ASCII whitespace (or the text's
/// edge) on both sides. No scanner looks past whitespace, and whitespace before a token reads
/// as the start of a text. False does not mean the tokens differ, only that it is not sure.
pub(crate) fn reads_alone_as_in_whole(text: &str, range: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let is_space = |at: usize| matches!(bytes[at], b' ' | b'\t'..=b'\r');
    (range.start == 0 || is_space(range.start - 1))
        && (range.end == text.len() || is_space(range.end))
}

/// The sentences of a text ([`sentences`]) and the tokens of each, as [`Tokenizer::tokens`]
/// reads the sentence on its own, with spans in the full text: topics and clauses both read a
/// text sentence by sentence, and share one pass.
#[derive(Clone, Debug, Default)]
pub(crate) struct SentenceTokens {
    /// The sentence spans, in order.
    pub(crate) sentences: Vec<Range<usize>>,
    /// Every sentence's tokens, in order: span (in the full text) and kind.
    tokens: Vec<(Range<usize>, TokenKind)>,
    /// Where each sentence's tokens start in `tokens`, and a last entry for the end.
    starts: Vec<usize>,
}

impl SentenceTokens {
    /// No sentences, and no memory held.
    pub(crate) const fn new() -> SentenceTokens {
        SentenceTokens { sentences: Vec::new(), tokens: Vec::new(), starts: Vec::new() }
    }

    /// The most entries one of its buffers has room for.
    pub(crate) fn capacity(&self) -> usize {
        self.tokens.capacity().max(self.sentences.capacity()).max(self.starts.capacity())
    }

    /// The sentences and tokens of `text`.
    pub(crate) fn of(text: &str) -> SentenceTokens {
        let whole: Vec<Token<'_>> = Tokenizer::default().tokens(text).collect();
        SentenceTokens::of_tokens(text, &whole)
    }

    /// The sentences and tokens of `text`, given the tokens of the whole text. A sentence
    /// that reads alone as in the whole text ([`reads_alone_as_in_whole`]) takes its tokens
    /// from `whole`; any other ("fine.Then") is tokenized again on its own.
    pub(crate) fn of_tokens(text: &str, whole: &[Token<'_>]) -> SentenceTokens {
        SentenceTokens::of_tokens_reusing(text, whole, SentenceTokens::default())
    }

    /// [`of_tokens`](Self::of_tokens), written into the buffers of `out` (whose contents are
    /// dropped), so that a caller that keeps one allocates nothing.
    pub(crate) fn of_tokens_reusing(
        text: &str,
        whole: &[Token<'_>],
        mut out: SentenceTokens,
    ) -> SentenceTokens {
        out.sentences.clear();
        out.tokens.clear();
        out.starts.clear();
        out.tokens.reserve(whole.len());
        out.starts.push(0);
        let mut next = 0;
        for sentence in sentences_of(text, whole.iter().cloned()) {
            let first = next;
            while next < whole.len() && whole[next].span.end <= sentence.end {
                next += 1;
            }
            if reads_alone_as_in_whole(text, &sentence) {
                out.tokens.extend(whole[first..next].iter().map(|t| (t.span.clone(), t.kind)));
            } else {
                out.tokens.extend(tokens_within(text, sentence.clone()).map(|t| (t.span, t.kind)));
            }
            out.starts.push(out.tokens.len());
            out.sentences.push(sentence);
        }
        out
    }

    /// The tokens of sentence `index` of `text` (the text these were made of), with spans in
    /// the full text.
    pub(crate) fn tokens<'t>(
        &self,
        text: &'t str,
        index: usize,
    ) -> impl Iterator<Item = Token<'t>> + use<'_, 't> {
        self.tokens[self.starts[index]..self.starts[index + 1]].iter().map(move |(span, kind)| {
            Token { text: &text[span.clone()], span: span.clone(), kind: *kind }
        })
    }
}

#[cfg(test)]
mod tests;
