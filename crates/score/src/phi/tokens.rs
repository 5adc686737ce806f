//! The PHI rules' own split of a text into words, punctuation characters and line breaks,
//! with each token's lowercase form.

use std::ops::Range;

use crate::tokenize::scan::is_ascii_alnum;

/// One token: a word (letters, digits and inner `'`, `’`, `-`), a punctuation character or a
/// line break.
#[derive(Clone, Debug)]
pub(super) struct Token<'t> {
    /// The byte range in the text.
    pub span: Range<usize>,
    /// The token lowercased (ASCII letters only, and `’` inside a word as `'`; other
    /// characters as written): a slice of the text's one lowercase copy ([`lower_text_into`]),
    /// so tokenizing a text copies nothing per token.
    pub lower: &'t str,
    /// True for words, false for punctuation and line breaks.
    pub is_word: bool,
}

/// The ASCII-lowercase form of `word`, with `’` as `'`: what [`Token::lower`] holds for a
/// word.
pub(super) fn lower_word(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if !word.is_ascii() && lower.contains('’') { lower.replace('’', "'") } else { lower }
}

/// Calls `f` with [`lower_word`] of `word`, lowercased on the stack when it is short and
/// ASCII (nearly every word).
pub(super) fn with_lower_word<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut bytes = [0; 32];
    match bytes.get_mut(..word.len()) {
        Some(lower) if word.is_ascii() => {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            // SAFETY: an ASCII `str`, lowercased, is ASCII: valid UTF-8.
            f(unsafe { std::str::from_utf8_unchecked(lower) })
        }
        _ => f(&lower_word(word)),
    }
}

/// Writes into `lower` (emptied first) the copy of `text` that [`tokenize_into`] slices the
/// tokens' lowercase forms from: the text with its ASCII letters lowercased, and in each word
/// holding a `’` (joined: between two letters or digits), that word's lowercase form
/// ([`lower_word`]: each `’` as `'`, 2 bytes shorter) written from the word's start, the rest
/// of the word's bytes left over (no token reads them). Every token's form is thus at the
/// token's own start.
pub(super) fn lower_text_into(text: &str, lower: &mut Vec<u8>) {
    lower.clear();
    lower.extend_from_slice(text.as_bytes());
    lower.make_ascii_lowercase();
    if text.is_ascii() {
        return;
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find('’') {
        let at = from + found;
        let joined = text[..at].chars().next_back().is_some_and(is_alphanumeric)
            && char_at(text, at + '’'.len_utf8()).is_some_and(is_alphanumeric);
        if !joined {
            from = at + '’'.len_utf8();
            continue;
        }
        // The rest of the word, from this `’` on: every `’` in it is joined.
        let (end, _) = word_end(text, at, false);
        let (mut read, mut write) = (at, at);
        while read < end {
            if bytes[read..].starts_with("’".as_bytes()) {
                lower[write] = b'\'';
                read += '’'.len_utf8();
            } else {
                lower[write] = lower[read];
                read += 1;
            }
            write += 1;
        }
        from = end;
    }
}

/// Splits `text` into words, punctuation characters and line breaks.
#[cfg(test)]
pub(super) fn tokenize(text: &str) -> Vec<(Range<usize>, String, bool)> {
    let mut lower = Vec::new();
    lower_text_into(text, &mut lower);
    let mut tokens = Vec::new();
    tokenize_into(text, &lower, &mut tokens);
    tokens.into_iter().map(|t| (t.span, t.lower.to_owned(), t.is_word)).collect()
}

/// [`tokenize`] into `tokens`, which is emptied first (its memory is kept), with the tokens'
/// lowercase forms sliced from `lower`, the text's [`lower_text_into`].
pub(super) fn tokenize_into<'t>(text: &str, lower: &'t [u8], tokens: &mut Vec<Token<'t>>) {
    debug_assert_eq!(text.len(), lower.len());
    tokens.clear();
    tokens.reserve(text.len() / 4);
    let bytes = text.as_bytes();
    // SAFETY (every `slice` below): `lower[start..end]` for a token's `start..end` is the
    // token lowercased as `lower_text_into` wrote it: ASCII letters lowercased in a whole
    // character run (a `str` stays valid UTF-8), or a word's `lower_word`, whose bytes end at
    // `end` less 2 per `’` in the word: valid UTF-8. Validating it again per token was a
    // visible share of the stage.
    let slice =
        |start: usize, end: usize| unsafe { std::str::from_utf8_unchecked(&lower[start..end]) };
    let mut at = 0;
    while let Some(&first) = bytes.get(at) {
        if first == b' ' {
            at += 1;
            continue;
        }
        let start = at;
        if first.is_ascii() {
            at += 1;
            if !is_ascii_alnum(first) {
                if first == b'\n' || !char::from(first).is_whitespace() {
                    tokens.push(Token { span: start..at, lower: slice(start, at), is_word: false });
                }
                continue;
            }
        } else {
            let Some(c) = char_at(text, at) else { break };
            at += c.len_utf8();
            if !is_alphanumeric(c) {
                if !c.is_whitespace() {
                    tokens.push(Token { span: start..at, lower: slice(start, at), is_word: false });
                }
                continue;
            }
        }
        let ascii;
        (at, ascii) = word_end(text, at, first.is_ascii());
        let mut end = at;
        if !ascii {
            end -= 2 * text[start..at].matches('’').count();
        }
        tokens.push(Token { span: start..at, lower: slice(start, end), is_word: true });
    }
}

/// Calls `found` with the span of every word [`tokenize_into`] makes of `text`, in order,
/// without storing any token; stops at the first call that returns true, and returns whether
/// one did. The same walk as [`tokenize_into`]'s, but for the lowercase forms.
pub(super) fn any_word(text: &str, mut found: impl FnMut(Range<usize>) -> bool) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&first) = bytes.get(at) {
        if first.is_ascii() && !is_ascii_alnum(first) {
            at += 1;
            continue;
        }
        let Some(c) = char_at(text, at) else { break };
        let start = at;
        at += c.len_utf8();
        if !is_alphanumeric(c) {
            continue;
        }
        (at, _) = word_end(text, at, true);
        if found(start..at) {
            return true;
        }
    }
    false
}

/// The end of a word whose first character ends at byte `at`: ASCII letters and digits, then
/// whatever else joins them (letters and digits beyond ASCII, inner apostrophes and hyphens:
/// "O'Brien", "92-year-old"; a trailing one does not join: "Greaves'"). Also whether the word
/// is ASCII, given whether its first character is.
#[inline(always)]
fn word_end(text: &str, mut at: usize, mut ascii: bool) -> (usize, bool) {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(at) {
        if is_ascii_alnum(b) {
            at += 1;
            continue;
        }
        let Some(next) = char_at(text, at) else { break };
        if !b.is_ascii() && next.is_alphanumeric()
            || matches!(next, '\'' | '’' | '-')
                && char_at(text, at + next.len_utf8()).is_some_and(is_alphanumeric)
        {
            ascii &= b.is_ascii();
            at += next.len_utf8();
        } else {
            break;
        }
    }
    (at, ascii)
}

/// The character at byte `at` of `text` (a character boundary), read without decoding when
/// it is ASCII.
fn char_at(text: &str, at: usize) -> Option<char> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() { Some(char::from(b)) } else { text[at..].chars().next() }
}

/// [`char::is_alphanumeric`], with ASCII answered first.
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() }
}
