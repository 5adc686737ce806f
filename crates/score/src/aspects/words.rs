//! Lowercased words with spans, shared by the aspect extractors.

use std::borrow::Cow;
use std::ops::Range;

use crate::tokenize::{Token, reads_alone_as_in_whole, tokens_within};

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
}

/// The tokens of `text[range]`, spans into `text`.
pub(super) fn words(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    words_of(text, tokens_within(text, range), &mut out);
    out
}

/// The words made of `tokens` (of `text`, spans into `text`), pushed to `out`: [`words`] of
/// the whole text when `tokens` are those of the whole text.
pub(super) fn words_of<'t>(
    text: &'t str,
    tokens: impl Iterator<Item = Token<'t>>,
    out: &mut Vec<Word<'t>>,
) {
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
            out.push(Word {
                text: &text[start..span.end],
                lower: Cow::Borrowed("a&e"),
                span: start..span.end,
            });
            continue;
        }
        let lower = if token.text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(token.text)
        } else {
            Cow::Owned(token.text.to_lowercase())
        };
        out.push(Word { text: &text[span.clone()], lower, span });
    }
}

/// The words of `text` within `range`, as [`words`] of that range gives them, taken from `all`
/// ([`words`] of the whole text) when that is sure to give the same: the range reads alone as
/// in the whole text ([`reads_alone_as_in_whole`]) and no word of `all` straddles it. `None`
/// otherwise.
pub(super) fn words_within<'a, 't>(
    text: &str,
    all: &'a [Word<'t>],
    range: &Range<usize>,
) -> Option<&'a [Word<'t>]> {
    if !reads_alone_as_in_whole(text, range) {
        return None;
    }
    let first = all.partition_point(|w| w.span.start < range.start);
    let end = all.partition_point(|w| w.span.start < range.end);
    let within = &all[first..end];
    let straddles = first > 0 && all[first - 1].span.end > range.start
        || within.last().is_some_and(|w| w.span.end > range.end);
    (!straddles).then_some(within)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aspects::clauses;

    fn key<'t>(words: &[Word<'t>]) -> Vec<(&'t str, String, Range<usize>)> {
        words.iter().map(|w| (w.text, w.lower.to_string(), w.span.clone())).collect()
    }

    /// Words taken from the whole text's are the words of the clause read alone, on the
    /// targets set, the VADER texts and clauses glued to their neighbours.
    #[test]
    fn words_within_a_clause_match_the_clause_read_alone() {
        let glued = ["Nurse Amy was kind,but we waited 3 hours in A&E", "ok;A&E was slow :)x fine"];
        let (mut n_taken, mut n_clauses) = (0, 0);
        for text in crate::test_texts::corpus(&glued) {
            let all = words(&text, 0..text.len());
            for clause in clauses(&text) {
                n_clauses += 1;
                if let Some(within) = words_within(&text, &all, &clause) {
                    assert_eq!(key(within), key(&words(&text, clause.clone())));
                    n_taken += 1;
                }
            }
        }
        assert!(n_taken > n_clauses / 2, "{n_taken} of {n_clauses}");
    }
}
