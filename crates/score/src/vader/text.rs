//! Python `str` semantics that VADER depends on: `split()`, `strip()`, `strip(punctuation)`,
//! `lower()` and `isupper()`, and the emoji replacement of `polarity_scores`.

use std::borrow::Cow;

use super::lexicon::Tables;

/// Python's `str.isspace()` for one character (Unicode 14, as in CPython 3.11).
#[inline]
pub(super) fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..='\x1f'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// [`BYTE_CLASS`] bit: the byte is ASCII whitespace for Python (`str.isspace()`).
const SPACE: u8 = 1;
/// [`BYTE_CLASS`] bit: the byte is in `string.punctuation`.
const PUNCTUATION: u8 = 2;

/// The class bits of each byte value: one load instead of a chain of range tests.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if matches!(byte, b'\t'..=b'\r' | 0x1c..=b' ') {
            table[b] |= SPACE;
        }
        if byte.is_ascii_punctuation() {
            table[b] |= PUNCTUATION;
        }
        b += 1;
    }
    table
};

/// Python's `str.isspace()` for one ASCII byte.
#[inline(always)]
fn is_py_space_ascii(b: u8) -> bool {
    BYTE_CLASS[usize::from(b)] & SPACE != 0
}

/// Python's `str.strip()` with no argument.
pub(super) fn strip_py(text: &str) -> &str {
    text.trim_matches(is_py_space)
}

/// `text.split()` of an ASCII text.
#[inline]
pub(crate) fn for_each_ascii_word<'t>(bytes: &'t [u8], mut f: impl FnMut(&'t [u8])) {
    let mut idx = 0;
    loop {
        while idx < bytes.len() && is_py_space_ascii(bytes[idx]) {
            idx += 1;
        }
        if idx >= bytes.len() {
            return;
        }
        // A word starts at `idx`; it ends at whitespace (skipped at once) or at the end.
        let start = idx;
        idx = word_end(bytes, idx + 1);
        f(&bytes[start..idx]);
        idx += 1;
    }
}

/// The end of the word of the ASCII `bytes` that goes on at `idx`: the next whitespace byte,
/// or the end. Eight bytes at a time: every whitespace byte is below `0x21`, and the classic
/// test flags the bytes of a word below a bound, the lowest flagged one exactly (a borrow only
/// runs upwards), so a word with no control character is skipped a word at a time.
#[inline]
fn word_end(bytes: &[u8], mut idx: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(idx..idx + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("BUG: a chunk of eight bytes"));
        let below = x.wrapping_sub(ONES * 0x21) & !x & HIGH_BITS;
        if below == 0 {
            idx += 8;
            continue;
        }
        idx += below.trailing_zeros() as usize / 8;
        if is_py_space_ascii(bytes[idx]) {
            return idx;
        }
        // A control character that is not whitespace: part of the word.
        idx += 1;
    }
    while idx < bytes.len() && !is_py_space_ascii(bytes[idx]) {
        idx += 1;
    }
    idx
}

/// `text.split()` of any text.
#[inline]
pub(super) fn for_each_unicode_word<'t>(text: &'t str, f: impl FnMut(&'t str)) {
    text.split(is_py_space).filter(|word| !word.is_empty()).for_each(f);
}

/// `string.punctuation`: the ASCII punctuation characters.
#[inline(always)]
fn is_py_punctuation(b: u8) -> bool {
    BYTE_CLASS[usize::from(b)] & PUNCTUATION != 0
}

/// `SentiText._strip_punc_if_word`: strips leading and trailing ASCII punctuation unless that
/// leaves two characters or fewer (an emoticon such as `:)` strips to nothing).
#[inline]
pub(super) fn strip_punc_if_word(token: &str) -> &str {
    let (start, end) = punctuation_trimmed(token.as_bytes());
    // Punctuation is ASCII, so `start..end` are character boundaries.
    let stripped = &token[start..end];
    // Only the comparison with 2 matters, and ASCII is one byte a character.
    let n_chars =
        if stripped.is_ascii() { stripped.len() } else { stripped.chars().take(3).count() };
    if n_chars <= 2 { token } else { stripped }
}

/// [`strip_punc_if_word`] for an ASCII token.
#[inline]
pub(crate) fn strip_ascii_punc_if_word(token: &[u8]) -> &[u8] {
    let (start, end) = punctuation_trimmed(token);
    if end - start <= 2 { token } else { &token[start..end] }
}

/// The range of `token` left once leading and trailing ASCII punctuation is stripped.
#[inline(always)]
fn punctuation_trimmed(bytes: &[u8]) -> (usize, usize) {
    let mut start = 0;
    let mut end = bytes.len();
    while start < end && is_py_punctuation(bytes[start]) {
        start += 1;
    }
    while end > start && is_py_punctuation(bytes[end - 1]) {
        end -= 1;
    }
    (start, end)
}

/// The titlecase letters (category Lt): neither upper nor lower case for Python.
fn is_titlecase(c: char) -> bool {
    matches!(
        c,
        '\u{1c5}'
            | '\u{1c8}'
            | '\u{1cb}'
            | '\u{1f2}'
            | '\u{1f88}'..='\u{1f8f}'
            | '\u{1f98}'..='\u{1f9f}'
            | '\u{1fa8}'..='\u{1faf}'
            | '\u{1fbc}'
            | '\u{1fcc}'
            | '\u{1ffc}'
    )
}

/// Python's `str.isupper()`: at least one cased character, and no lower or title case one.
#[inline]
pub(crate) fn is_py_upper(word: &str) -> bool {
    if word.is_ascii() {
        let bytes = word.as_bytes();
        return bytes.iter().any(u8::is_ascii_uppercase)
            && !bytes.iter().any(u8::is_ascii_lowercase);
    }
    let mut cased = false;
    for c in word.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Lowercases eight ASCII bytes at once; also returns masks of the bytes that were upper and
/// lower case letters (non-zero if there were any).
#[inline]
pub(super) fn ascii_lower_word(word: u64) -> (u64, u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // For bytes below 0x80, adding `0x80 - c` sets the high bit exactly when the byte is >= c,
    // and never carries into the next byte.
    let at_least = |c: u8| word + ONES * u64::from(0x80 - c);
    let upper = at_least(b'A') & !at_least(b'Z' + 1) & HIGH_BITS;
    let lower = at_least(b'a') & !at_least(b'z' + 1) & HIGH_BITS;
    (word | (upper >> 2), upper, lower)
}

/// Whether a packed token has an apostrophe.
#[inline]
pub(super) fn has_apostrophe(packed: [u64; 2]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // The classic test for a zero byte, on the bytes XORed with the apostrophe.
    let has_zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH_BITS != 0;
    has_zero_byte(packed[0] ^ (ONES * u64::from(b'\'')))
        || has_zero_byte(packed[1] ^ (ONES * u64::from(b'\'')))
}

/// Whether a packed lowercase token of `len` bytes contains `n't`.
#[inline]
pub(super) fn contains_nt(packed: [u64; 2], len: usize) -> bool {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&packed[0].to_le_bytes());
    bytes[8..].copy_from_slice(&packed[1].to_le_bytes());
    bytes[..len].windows(3).any(|w| w == b"n't")
}

/// The emoji replacement at the top of `polarity_scores`: each single-character emoji becomes
/// its description, preceded by a space unless the previous character was a space (and never
/// followed by one). Returns the text unchanged if it has no emoji.
pub(crate) fn replace_emoji<'t>(text: &'t str, tables: &Tables) -> Cow<'t, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let Some(first) = text.char_indices().find(|&(_, c)| tables.emoji(c).is_some()) else {
        return Cow::Borrowed(text);
    };
    let (first_idx, _) = first;
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..first_idx]);
    let mut prev_space = text[..first_idx].chars().next_back().is_none_or(|c| c == ' ');
    for c in text[first_idx..].chars() {
        if let Some(description) = tables.emoji(c) {
            if !prev_space {
                out.push(' ');
            }
            out.push_str(description);
            prev_space = false;
        } else {
            out.push(c);
            prev_space = c == ' ';
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vader::lexicon::TABLES;

    /// Python's `text.split()`, through the ASCII path when the text allows it.
    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        if text.is_ascii() {
            for_each_ascii_word(text.as_bytes(), |w| {
                out.push(std::str::from_utf8(w).unwrap_or("BUG: not UTF-8"));
            });
        } else {
            for_each_unicode_word(text, |w| out.push(w));
        }
        out
    }

    #[test]
    fn split_like_python() {
        assert_eq!(words(" a\tb\x1cc\u{a0}d  "), ["a", "b", "c", "d"]);
        assert_eq!(words("a\u{a0}b\u{85}c\u{3000}d\u{200b}e"), ["a", "b", "c", "d\u{200b}e"]);
        assert_eq!(words("x\x1fy"), ["x", "y"]);
        assert!(words(" \t\r\n").is_empty());
    }

    #[test]
    fn ascii_split_agrees_with_char_split() {
        // Random ASCII strings, rich in whitespace and control characters, of lengths around
        // the 64-byte chunks; then mostly letters, for words longer than the 8-byte steps of
        // `word_end`.
        let alphabets: [&[u8]; 2] = [
            b" \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x00\x08\x0e!Ab~\x7f",
            b"abcdefghijklmnopqrstuvwxyzABC!\x00\x08\x0e\x1b\x7f \n\x1f",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for (alphabet, len) in alphabets
            .iter()
            .flat_map(|a| (0..200).chain([255, 256, 257, 1000]).map(move |n| (a, n)))
        {
            for _ in 0..20 {
                let text: String = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        char::from(alphabet[(state % alphabet.len() as u64) as usize])
                    })
                    .collect();
                let want: Vec<&str> = text.split(is_py_space).filter(|w| !w.is_empty()).collect();
                assert_eq!(words(&text), want, "{:?}", text.as_bytes());
            }
        }
    }

    #[test]
    fn strip_punctuation_like_python() {
        assert_eq!(strip_punc_if_word("good!!!"), "good");
        assert_eq!(strip_punc_if_word(":)"), ":)");
        assert_eq!(strip_punc_if_word("'ok'"), "'ok'");
        assert_eq!(strip_punc_if_word("(:ab:)"), "(:ab:)");
        assert_eq!(strip_punc_if_word("(abc)"), "abc");
        assert_eq!(strip_punc_if_word("«née»"), "«née»");
        assert_eq!(strip_punc_if_word("'né'"), "'né'");
        assert_eq!(strip_punc_if_word("'née'"), "née");
        assert_eq!(strip_ascii_punc_if_word(b"good!!!"), b"good");
        assert_eq!(strip_ascii_punc_if_word(b"':)'"), b"':)'");
        assert_eq!(strip_ascii_punc_if_word(b"!!!"), b"!!!");
    }

    #[test]
    fn byte_classes_match_their_definitions() {
        for b in 0..=255u8 {
            assert_eq!(is_py_punctuation(b), b.is_ascii_punctuation(), "{b}");
            assert_eq!(is_py_space_ascii(b), b.is_ascii() && is_py_space(char::from(b)), "{b}");
        }
    }

    #[test]
    fn upper_like_python() {
        assert!(is_py_upper("GOOD!"));
        assert!(!is_py_upper("GOOd"));
        assert!(!is_py_upper(":)"));
        assert!(is_py_upper("ÉNORME"));
        assert!(!is_py_upper("ǅA"));
        assert!(is_py_upper("Ⓜ"));
    }

    #[test]
    fn ascii_words_lowercase() {
        let (lower, upper, lowercase) = ascii_lower_word(u64::from_le_bytes(*b"AbZ@[`z{"));
        assert_eq!(lower.to_le_bytes(), *b"abz@[`z{");
        assert_eq!(upper, u64::from_le_bytes([0x80, 0, 0x80, 0, 0, 0, 0, 0]));
        assert_eq!(lowercase, u64::from_le_bytes([0, 0x80, 0, 0, 0, 0, 0x80, 0]));
        assert!(contains_nt(crate::vader::lexicon::pack(b"don't"), 5));
        assert!(has_apostrophe(crate::vader::lexicon::pack(b"abcdefghij'")));
        assert!(has_apostrophe(crate::vader::lexicon::pack(b"'")));
        assert!(!has_apostrophe(crate::vader::lexicon::pack(b"dont&(")));
        assert!(!contains_nt(crate::vader::lexicon::pack(b"dont'"), 5));
    }

    #[test]
    fn emoji_spacing_like_python() {
        let tables = &*TABLES;
        assert_eq!(replace_emoji("a😁b", tables), "a beaming face with smiling eyesb");
        assert_eq!(
            replace_emoji("😁 😁", tables),
            "beaming face with smiling eyes beaming face with smiling eyes"
        );
        assert_eq!(replace_emoji("é 😁", tables), "é beaming face with smiling eyes");
        assert!(matches!(replace_emoji("café", tables), Cow::Borrowed("café")));
    }
}
