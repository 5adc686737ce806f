//! Sentence splitting on top of the tokenizer.

use std::iter::FusedIterator;
use std::ops::Range;

use super::{Token, TokenKind, Tokenizer, Tokens};

/// The byte ranges of the sentences of `text`, in order.
///
/// A sentence ends after `.`, `!`, `?` or `…` and at every line break. Because splitting works on
/// [`Token`]s, the period of an abbreviation (`Dr.`, `St.`, `e.g.`), of a decimal (`3.5`) or
/// inside a URL never ends a sentence. Runs such as `!!!` or `?!`, closing quotes and brackets
/// right after the terminator, and emoji or emoticons that follow on the same line stay with
/// their sentence. `etc.` ends a sentence only when the next word is capitalized.
///
/// Ranges start at the first token and end at the last, so they never begin or end with
/// whitespace, and a text without tokens has no sentences.
pub fn sentences(text: &str) -> Sentences<'_> {
    sentences_of(text, Tokenizer::default().tokens(text))
}

/// [`sentences`] of `text`, given its tokens ([`Tokenizer::tokens`] of the whole text).
pub(crate) fn sentences_of<'t, I: Iterator<Item = Token<'t>>>(
    text: &'t str,
    tokens: I,
) -> Sentences<'t, I> {
    Sentences { text, tokens, pending: None }
}

/// The iterator returned by [`sentences`].
#[derive(Clone, Debug)]
pub struct Sentences<'t, I = Tokens<'t>> {
    text: &'t str,
    tokens: I,
    pending: Option<Token<'t>>,
}

impl<'t, I: Iterator<Item = Token<'t>>> Iterator for Sentences<'t, I> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let first = self.pending.take().or_else(|| self.tokens.next())?;
        let start = first.span.start;
        let mut end = first.span.end;
        let mut closed = is_terminator(&first);
        let mut soft_closed = is_soft_terminator(&first);
        for token in self.tokens.by_ref() {
            let gap = &self.text[end..token.span.start];
            let splits = if has_line_break(gap) {
                true
            } else if closed {
                let adjacent = gap.is_empty();
                let stays = is_terminator(&token)
                    || (adjacent && is_closer(&token))
                    || matches!(token.kind, TokenKind::Emoji | TokenKind::Emoticon);
                !stays
            } else {
                soft_closed && token.text.starts_with(char::is_uppercase)
            };
            if splits {
                self.pending = Some(token);
                return Some(start..end);
            }
            end = token.span.end;
            closed = closed || is_terminator(&token);
            soft_closed = is_soft_terminator(&token);
        }
        Some(start..end)
    }
}

impl<'t, I: FusedIterator<Item = Token<'t>>> FusedIterator for Sentences<'t, I> {}

/// True if `gap` holds a line break ([`is_line_break`]); bytes first, since a gap is most
/// often a space.
fn has_line_break(gap: &str) -> bool {
    gap.bytes().any(|b| b == b'\n' || b == b'\r' || b >= 0x80) && gap.contains(is_line_break)
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}')
}

/// Punctuation made only of `.`, `!`, `?` and `…`.
fn is_terminator(token: &Token<'_>) -> bool {
    token.kind == TokenKind::Punct && token.text.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Abbreviations that end a sentence when a capitalized word follows.
fn is_soft_terminator(token: &Token<'_>) -> bool {
    token.kind == TokenKind::Word && token.text.eq_ignore_ascii_case("etc.")
}

/// Closing quotes and brackets.
fn is_closer(token: &Token<'_>) -> bool {
    token.kind == TokenKind::Punct
        && token.text.chars().all(|c| matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»'))
}
