//! A per-thread cache of what the rules read in one whitespace-separated ASCII word.
//!
//! Everything [`HealthRules`](super::HealthRules) takes from a word of an ASCII text before the
//! phrase rules (the looked-up token, where the punctuation `_strip_punc_if_word` strips
//! leaves it, whether its valence is the healthcare lexicon's, and whether the punctuation
//! after it ends a clause) depends on the word's bytes alone. The cache keeps it per word as
//! written, so a frequent word skips the stripping, lowercasing and lexicon probe. It is a pure
//! function of its key (the tables are built once per process and never change), so what a
//! thread scored before never changes a result; `tests::word_cache_matches_the_full_path`
//! checks it against the uncached path on the corpus.

use crate::vader::lexicon::{hash_packed, pack};
use crate::vader::rules::Token;
use crate::vader::words::{B_DECR, B_INCR, Word};

/// What the rules read in one word of an ASCII text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct WordInfo {
    /// The looked-up token, with the healthcare rules' marks (healthcare word, clause end,
    /// may open a phrase) in its flags.
    pub(super) token: Token,
    /// The token's byte range within the word (the word less the punctuation stripped).
    pub(super) start: u8,
    /// See `start`.
    pub(super) end: u8,
}

/// The longest word the cache holds (it is keyed by the word packed in two registers).
pub(super) const MAX_CACHED_LEN: usize = 16;

/// `log2` of the number of slots: 8,192 slots of 32 bytes.
const SLOT_BITS: u32 = 13;

/// One cached word: the token's fields but its booster scalar, which is one of three values.
#[derive(Clone, Copy)]
struct Slot {
    /// The word, zero padded, as [`pack`] gives it.
    key: [u64; 2],
    valence: f64,
    tag: u16,
    flags: u8,
    word: Word,
    start: u8,
    end: u8,
    /// The word's length; 0 for an empty slot (a word has at least one byte).
    len: u8,
    /// The booster scalar: 0 for 0.0, 1 for `B_INCR`, 2 for `B_DECR`.
    booster: u8,
}

const EMPTY: Slot = Slot {
    key: [0; 2],
    valence: 0.0,
    tag: 0,
    flags: 0,
    word: Word::Other,
    start: 0,
    end: 0,
    len: 0,
    booster: 0,
};

/// The booster scalars a token can carry, by [`Slot::booster`].
const BOOSTERS: [f64; 3] = [0.0, B_INCR, B_DECR];

/// A direct-mapped cache of [`WordInfo`] by word; allocated on first use.
#[derive(Default)]
pub(super) struct WordCache {
    slots: Vec<Slot>,
}

impl WordCache {
    /// The information of `raw` (1 to [`MAX_CACHED_LEN`] bytes), from the cache or from
    /// `compute`, which must be a function of `raw` alone.
    #[inline]
    pub(super) fn get(&mut self, raw: &[u8], compute: impl FnOnce() -> WordInfo) -> WordInfo {
        debug_assert!(!raw.is_empty() && raw.len() <= MAX_CACHED_LEN);
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; 1 << SLOT_BITS];
        }
        let key = pack(raw);
        // `len` fits: at most 16.
        let len = raw.len() as u8;
        let slot_idx = (hash_packed(key, raw.len()) >> (64 - SLOT_BITS)) as usize;
        let slot = &mut self.slots[slot_idx & ((1 << SLOT_BITS) - 1)];
        if slot.len == len && slot.key == key {
            let token = Token {
                valence: slot.valence,
                booster: BOOSTERS[usize::from(slot.booster)],
                flags: slot.flags,
                word: slot.word,
                tag: slot.tag,
            };
            return WordInfo { token, start: slot.start, end: slot.end };
        }
        let info = compute();
        let token = info.token;
        let booster = BOOSTERS.iter().position(|b| b.to_bits() == token.booster.to_bits());
        // Any other scalar (none exists) is simply not cached.
        if let Some(booster) = booster {
            *slot = Slot {
                key,
                valence: token.valence,
                tag: token.tag,
                flags: token.flags,
                word: token.word,
                start: info.start,
                end: info.end,
                len,
                // At most 2.
                booster: booster as u8,
            };
        }
        info
    }
}
