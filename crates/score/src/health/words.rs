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
use crate::vader::words::Word;

/// What the rules read in one word of an ASCII text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct WordInfo {
    /// The looked-up token.
    pub(super) token: Token,
    /// The token's byte range within the word (the word less the punctuation stripped).
    pub(super) start: u8,
    /// See `start`.
    pub(super) end: u8,
    /// Whether the healthcare lexicon set the token's valence.
    pub(super) health: bool,
    /// Whether the punctuation after the token ends a clause.
    pub(super) clause_end: bool,
}

/// The longest word the cache holds (it is keyed by the word packed in two registers).
pub(super) const MAX_CACHED_LEN: usize = 16;

/// `log2` of the number of slots: 4,096 slots of 48 bytes.
const SLOT_BITS: u32 = 12;

#[derive(Clone, Copy)]
struct Slot {
    /// The word, zero padded, as [`pack`] gives it.
    key: [u64; 2],
    info: WordInfo,
    /// The word's length; 0 for an empty slot (a word has at least one byte).
    len: u8,
}

const EMPTY: Slot = Slot {
    key: [0; 2],
    info: WordInfo {
        token: Token { valence: 0.0, booster: 0.0, flags: 0, word: Word::Other, tag: 0 },
        start: 0,
        end: 0,
        health: false,
        clause_end: false,
    },
    len: 0,
};

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
            return slot.info;
        }
        let info = compute();
        *slot = Slot { key, info, len };
        info
    }
}
