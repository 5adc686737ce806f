//! Lowercased words with spans, shared by the aspect extractors.

use std::borrow::Cow;
use std::ops::Range;

use crate::tokenize::{Token, Tokenizer};

/// One token of a text with its lowercase form.
#[derive(Clone, Debug)]
pub(super) struct Word<'t> {
    /// The token as written.
    pub text: &'t str,
    /// The token lowercased (`A&E` is one word, `a&e`); borrowed from the text when it is
    /// lowercase already, as most words are.
    pub lower: Cow<'t, str>,
    /// The byte range in the whole text.
    pub span: Range<usize>,
    /// The position in the word list.
    pub index: usize,
}

/// The tokens of `text[range]`, spans into `text`.
pub(super) fn words(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
    let base = range.start;
    let tokens = Tokenizer::default()
        .tokens(&text[range])
        .map(|token| Token { span: token.span.start + base..token.span.end + base, ..token });
    words_of(text, tokens)
}

/// The words made of `tokens` (of `text`, spans into `text`): [`words`] of the whole text when
/// `tokens` are those of the whole text.
pub(super) fn words_of<'t>(
    text: &'t str,
    tokens: impl Iterator<Item = Token<'t>>,
) -> Vec<Word<'t>> {
    let mut out: Vec<Word<'t>> = Vec::new();
    for token in tokens {
        let span = token.span;
        // Glue "A&E" (three tokens without spaces) into one word.
        if let [.., a, amp] = out.as_slice()
            && a.lower == "a"
            && amp.text == "&"
            && token.text.eq_ignore_ascii_case("e")
            && a.span.end == amp.span.start
            && amp.span.end == span.start
        {
            let start = a.span.start;
            out.truncate(out.len() - 2);
            let index = out.len();
            out.push(Word {
                text: &text[start..span.end],
                lower: Cow::Borrowed("a&e"),
                span: start..span.end,
                index,
            });
            continue;
        }
        let index = out.len();
        let lower = if token.text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(token.text)
        } else {
            Cow::Owned(token.text.to_lowercase())
        };
        out.push(Word { text: &text[span.clone()], lower, span, index });
    }
    out
}
