//! The PHI rules' own split of a text into words, punctuation characters and line breaks,
//! with each token's lowercase form.

use std::ops::Range;

use crate::tokenize::scan::is_ascii_alnum;

/// One token: a word (letters, digits and inner `'`, `’`, `-`), a punctuation character or a
/// line break.
#[derive(Clone, Debug)]
pub(super) struct Token {
    /// The byte range in the text.
    pub span: Range<usize>,
    /// The token lowercased (ASCII letters only; other characters as written).
    pub lower: Lower,
    /// True for words, false for punctuation and line breaks.
    pub is_word: bool,
}

/// A token's lowercase form, inline when short (nearly every token): tokenizing a text
/// allocates nothing per token.
#[derive(Clone, Debug)]
pub(super) enum Lower {
    /// At most [`INLINE_LOWER`] bytes.
    Inline { len: u8, bytes: [u8; INLINE_LOWER] },
    /// Longer.
    Heap(String),
}

/// The longest [`Lower`] held inline.
const INLINE_LOWER: usize = 22;

impl Lower {
    fn new(s: &str) -> Lower {
        if s.len() <= INLINE_LOWER {
            let mut bytes = [0; INLINE_LOWER];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Lower::Inline { len: s.len() as u8, bytes }
        } else {
            Lower::Heap(s.to_owned())
        }
    }

    /// The ASCII-lowercase form of `word`, with `’` as `'`.
    pub(super) fn of_word(word: &str) -> Lower {
        if word.is_ascii() && word.len() <= INLINE_LOWER {
            let mut bytes = [0; INLINE_LOWER];
            for (out, b) in bytes.iter_mut().zip(word.bytes()) {
                *out = b.to_ascii_lowercase();
            }
            return Lower::Inline { len: word.len() as u8, bytes };
        }
        let mut lower = word.to_ascii_lowercase();
        if !word.is_ascii() && lower.contains('’') {
            lower = lower.replace('’', "'");
        }
        Lower::new(&lower)
    }

    /// [`Lower::of_word`], told whether `word` is ASCII.
    #[inline]
    fn of_word_ascii_or_not(word: &str, ascii: bool) -> Lower {
        if ascii && word.len() <= INLINE_LOWER {
            let mut bytes = [0; INLINE_LOWER];
            bytes[..word.len()].copy_from_slice(word.as_bytes());
            bytes.make_ascii_lowercase();
            Lower::Inline { len: word.len() as u8, bytes }
        } else {
            Lower::of_word(word)
        }
    }

    /// The text.
    pub(super) fn as_str(&self) -> &str {
        match self {
            // SAFETY: `bytes[..len]` is a copy of a whole `str` (`Lower::new`) or of an ASCII
            // one lowercased (`Lower::of_word`, and `Lower::of_word_ascii_or_not` for words all
            // of whose bytes `tokenize_into` read as ASCII): valid UTF-8. Validating it again
            // on every comparison was 3% of the pipeline.
            Lower::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..usize::from(*len)])
            },
            Lower::Heap(s) => s,
        }
    }
}

impl std::ops::Deref for Lower {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Lower {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Splits `text` into words, punctuation characters and line breaks.
#[cfg(test)]
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokenize_into(text, &mut tokens);
    tokens
}

/// [`tokenize`] into `tokens`, which is emptied first (its memory is kept).
pub(super) fn tokenize_into(text: &str, tokens: &mut Vec<Token>) {
    tokens.clear();
    tokens.reserve(text.len() / 4);
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&first) = bytes.get(at) {
        if first == b' ' {
            at += 1;
            continue;
        }
        let Some(c) = char_at(text, at) else { break };
        let start = at;
        at += c.len_utf8();
        if !is_alphanumeric(c) {
            if c == '\n' {
                tokens.push(Token { span: start..at, lower: Lower::new("\n"), is_word: false });
            } else if !c.is_whitespace() {
                tokens.push(Token {
                    span: start..at,
                    lower: Lower::new(&text[start..at]),
                    is_word: false,
                });
            }
            continue;
        }
        let ascii;
        (at, ascii) = word_end(text, at, first.is_ascii());
        let lower = Lower::of_word_ascii_or_not(&text[start..at], ascii);
        tokens.push(Token { span: start..at, lower, is_word: true });
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
