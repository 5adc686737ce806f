//! Whole words of a closed list, found as runs of ASCII letters: the cheap first checks of
//! stages that only concern texts holding one of their words.

use rustc_hash::FxHashSet;

use crate::vader::lexicon::pack;

/// The longest word a [`LetterRuns`] can hold, in bytes.
const MAX_LEN: usize = 16;

/// A set of words of ASCII letters (1 to 16 of them), and the question: does a text hold one
/// of them as a maximal run of ASCII letters, ignoring ASCII case? That is, the word with no
/// ASCII letter just before or after it; digits, punctuation, spaces and any byte beyond
/// ASCII bound a run.
///
/// This is what an ASCII-case-insensitive substring search for the words, keeping the matches
/// with no ASCII letter on either side, finds, in one pass over the text's bytes: a run's
/// length with its first and last letters is tested first, and only a run that passes is
/// looked up.
#[derive(Clone, Debug)]
pub(crate) struct LetterRuns {
    /// For each first letter (at `(letter | 0x20) & 31`: `a` is 1), bit `n` set if some word
    /// starting with it has `n` letters.
    firsts: [u32; 32],
    /// The same for each last letter.
    lasts: [u32; 32],
    /// The words, lowercase, packed by [`lower_key`].
    words: FxHashSet<[u64; 2]>,
}

impl LetterRuns {
    /// The set of `words`, each of 1 to 16 ASCII letters in any case.
    ///
    /// # Panics
    ///
    /// If a word is empty, longer than 16 bytes or holds anything but ASCII letters: the lists
    /// are the crate's own, so that is a bug.
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> LetterRuns {
        let mut set = LetterRuns { firsts: [0; 32], lasts: [0; 32], words: FxHashSet::default() };
        for word in words {
            let bytes = word.as_bytes();
            assert!(
                (1..=MAX_LEN).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_alphabetic),
                "BUG: {word:?} cannot be a LetterRuns word"
            );
            let letter = |b: u8| usize::from((b | 0x20) & 31);
            set.firsts[letter(bytes[0])] |= 1 << bytes.len();
            set.lasts[letter(bytes[bytes.len() - 1])] |= 1 << bytes.len();
            set.words.insert(lower_key(bytes));
        }
        set
    }

    /// True if some maximal run of ASCII letters of `text` is one of the words, ignoring ASCII
    /// case.
    pub(crate) fn any_in(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let letter = |b: u8| usize::from((b | 0x20) & 31);
        let is_word = |start: usize, end: usize| {
            let len = end - start;
            len <= MAX_LEN
                && self.firsts[letter(bytes[start])]
                    & self.lasts[letter(bytes[end - 1])]
                    & (1 << len)
                    != 0
                && self.holds(&bytes[start..end])
        };
        let mut found = false;
        for_each_letter_run(bytes, |start, end| {
            found = is_word(start, end);
            found
        });
        found
    }
}

impl LetterRuns {
    /// True if `letters`, a run of at most 16 ASCII letters, is one of the words (ignoring
    /// case). Few runs get here, so it stays out of the loop over runs.
    #[inline(never)]
    fn holds(&self, letters: &[u8]) -> bool {
        self.words.contains(&lower_key(letters))
    }
}

/// Calls `f(start, end)` for each maximal run of ASCII letters of `bytes`, in order, until it
/// returns true.
#[inline(always)]
fn for_each_letter_run(bytes: &[u8], f: impl FnMut(usize, usize) -> bool) {
    for_each_run(bytes, letters_16, f);
}

/// Calls `f(start, end)` for each maximal run of ASCII letters, digits, periods and
/// apostrophes (`'`) of `bytes`, in order, until it returns true.
#[inline(always)]
pub(crate) fn for_each_word_run(bytes: &[u8], f: impl FnMut(usize, usize) -> bool) {
    for_each_run(bytes, word_bytes_16, f);
}

/// Calls `f(start, end)` for each maximal run of bytes that `class` marks, in order, until it
/// returns true.
///
/// The text is read 64 bytes at a time: a mask of the marked bytes among them
/// ([`class_mask`]), whose runs of ones are the runs, so the loop turns once per run, not per
/// byte.
#[inline(always)]
fn for_each_run(
    bytes: &[u8],
    class: impl Fn(&[u8; 16]) -> u16 + Copy,
    mut f: impl FnMut(usize, usize) -> bool,
) {
    // The start of a run that reaches the end of the previous block.
    let mut open: Option<usize> = None;
    let mut base = 0;
    while base < bytes.len() {
        let mut mask = class_mask(bytes, base, class);
        let mut at = 0u32; // Bits of the block before `at` are read.
        if let Some(start) = open {
            let len = (!mask).trailing_zeros();
            if len == 64 {
                base += 64;
                continue;
            }
            open = None;
            if f(start, base + len as usize) {
                return;
            }
            at = len;
        }
        mask = mask.checked_shr(at).unwrap_or(0);
        while mask != 0 {
            let skip = mask.trailing_zeros();
            mask >>= skip;
            at += skip;
            let len = (!mask).trailing_zeros();
            if at + len == 64 {
                open = Some(base + at as usize);
                break;
            }
            if f(base + at as usize, base + (at + len) as usize) {
                return;
            }
            mask >>= len;
            at += len;
        }
        base += 64;
    }
    if let Some(start) = open {
        f(start, bytes.len());
    }
}

/// Bit `i` set if `class` marks `bytes[base + i]`, for the (up to) 64 bytes from `base`.
#[inline(always)]
fn class_mask(bytes: &[u8], base: usize, class: impl Fn(&[u8; 16]) -> u16 + Copy) -> u64 {
    let mut mask = 0u64;
    let mut at = base;
    while at < bytes.len() && at < base + 64 {
        mask |= u64::from(class_mask_16(bytes, at, class)) << (at - base);
        at += 16;
    }
    mask
}

/// Bit `i` set if `class` marks `bytes[at + i]`, for the (up to) 16 bytes from `at`. Near the
/// end, the 16 bytes read are the last of the text (shifted into place), so nothing is copied;
/// only a text shorter than 16 bytes is copied, padded with zeros (which no class marks).
#[inline(always)]
fn class_mask_16(bytes: &[u8], at: usize, class: impl Fn(&[u8; 16]) -> u16) -> u16 {
    let n = bytes.len();
    if at + 16 <= n {
        class(bytes[at..at + 16].try_into().expect("BUG: 16 bytes"))
    } else if n >= 16 {
        class(bytes[n - 16..].try_into().expect("BUG: 16 bytes")) >> (at + 16 - n)
    } else {
        let mut padded = [0u8; 16];
        padded[..n - at].copy_from_slice(&bytes[at..]);
        class(&padded)
    }
}

/// Bit `i` set if `chunk[i]` is an ASCII letter or digit, `.` or `'`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn word_bytes_16(chunk: &[u8; 16]) -> u16 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        _mm_sub_epi8,
    };
    // SAFETY: SSE2 is part of x86-64; the load is unaligned and reads the 16 bytes of `chunk`.
    let marks = unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
        // b - (b'0' + 128), as a signed byte, is below 10 - 128 = -118 exactly for digits.
        let digits = _mm_cmpgt_epi8(_mm_set1_epi8(-118), _mm_sub_epi8(v, _mm_set1_epi8(-80)));
        let period = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'.' as i8));
        let apostrophe = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\'' as i8));
        _mm_movemask_epi8(digits) as u16
            | _mm_movemask_epi8(period) as u16
            | _mm_movemask_epi8(apostrophe) as u16
    };
    marks | letters_16(chunk)
}

/// Bit `i` set if `chunk[i]` is an ASCII letter or digit, `.` or `'`.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn word_bytes_16(chunk: &[u8; 16]) -> u16 {
    chunk.iter().enumerate().fold(0, |mask, (i, &b)| {
        mask | (u16::from(b.is_ascii_alphanumeric() || b == b'.' || b == b'\'') << i)
    })
}

/// Bit `i` set if `chunk[i]` is an ASCII letter.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn letters_16(chunk: &[u8; 16]) -> u16 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpgt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_sub_epi8,
    };
    // SAFETY: SSE2 is part of x86-64; the load is unaligned and reads the 16 bytes of `chunk`.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
        // (b | 0x20) - (b'a' + 128), as a signed byte, is below 26 - 128 = -102 exactly for
        // letters.
        let shifted = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(-31));
        let letters = _mm_cmpgt_epi8(_mm_set1_epi8(-102), shifted);
        _mm_movemask_epi8(letters) as u16
    }
}

/// Bit `i` set if `chunk[i]` is an ASCII letter.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn letters_16(chunk: &[u8; 16]) -> u16 {
    chunk
        .iter()
        .enumerate()
        .fold(0, |mask, (i, b)| mask | (u16::from(b.is_ascii_alphabetic()) << i))
}

/// `letters` (at most 16 ASCII letters) lowercased, packed as the VADER lexicon packs its
/// keys.
fn lower_key(letters: &[u8]) -> [u64; 2] {
    let mut lower = [0u8; MAX_LEN];
    let lower = &mut lower[..letters.len()];
    lower.copy_from_slice(letters);
    lower.make_ascii_lowercase();
    pack(lower)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// The runs found a block at a time are the runs a byte at a time, on random texts of
    /// letters and other bytes with runs across blocks, of 64 letters and more, and at either
    /// end.
    #[test]
    fn runs_by_blocks_are_the_runs_by_bytes() {
        let mut next = crate::test_texts::xorshift();
        let alphabet = b"aZq. 1\xc3@[`{z";
        for round in 0..3000 {
            let len = (next() % 300) as usize;
            let letters_only = round % 10 == 0;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if letters_only || !r.is_multiple_of(4) {
                        b'a' + (r % 26) as u8
                    } else {
                        alphabet[(r % alphabet.len() as u64) as usize]
                    }
                })
                .collect();
            let mut expected = Vec::new();
            let mut at = 0;
            while at < bytes.len() {
                if bytes[at].is_ascii_alphabetic() {
                    let start = at;
                    while at < bytes.len() && bytes[at].is_ascii_alphabetic() {
                        at += 1;
                    }
                    expected.push((start, at));
                } else {
                    at += 1;
                }
            }
            let mut found = Vec::new();
            for_each_letter_run(&bytes, |start, end| {
                found.push((start, end));
                false
            });
            assert_eq!(found, expected, "round {round}");
            // Stops at the first true.
            let mut calls = 0;
            for_each_letter_run(&bytes, |_, _| {
                calls += 1;
                true
            });
            assert_eq!(calls, usize::from(!expected.is_empty()));
        }
        let all: Vec<u8> = (0..=255).collect();
        let mut found = Vec::new();
        for_each_letter_run(&all, |start, end| {
            found.push((start, end));
            false
        });
        assert_eq!(found, [(65, 91), (97, 123)]);
    }

    /// The runs' answer is the bounded case-insensitive substring search's, on the test corpus
    /// and on words glued to digits, punctuation, other letters and text beyond ASCII.
    #[test]
    fn runs_find_what_a_bounded_substring_search_finds() {
        let words = ["dr", "nurse", "a", "anesthesiologist", "Tech", "pa"];
        let runs = LetterRuns::new(words);
        let ac = AhoCorasick::builder().ascii_case_insensitive(true).build(words).unwrap();
        let bounded = |text: &str| {
            let bytes = text.as_bytes();
            let letter = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphabetic);
            ac.find_overlapping_iter(text)
                .any(|m| !m.start().checked_sub(1).is_some_and(letter) && !letter(m.end()))
        };
        let extra = [
            "DR. Who",
            "nurses only",
            "tech1 was here",
            "x-NURSE-y",
            "éNurseé",
            "anesthesiologists",
            "anesthesiologist",
            "ANESTHESIOLOGIST!",
            "Pa",
            "spa pa",
            "a",
            "",
            "zz",
        ];
        let (mut n_true, mut n) = (0, 0);
        for text in crate::test_texts::corpus(&extra) {
            assert_eq!(runs.any_in(&text), bounded(&text), "text {n}");
            n_true += usize::from(runs.any_in(&text));
            n += 1;
        }
        assert!(n_true > 100 && n_true < n, "{n_true} of {n}");
    }
}
