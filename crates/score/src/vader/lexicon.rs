//! The VADER word tables: the sentiment lexicon, the boosters, the negations and the few words
//! the rules test by name, merged into one hash table keyed by lowercase token; plus the emoji
//! table.
//!
//! Everything is parsed once from the embedded model files into a [`LazyLock`] static and never
//! changes afterwards.
//!
//! The boosters, negations and named words are listed in [`words`](super::words).

use std::sync::LazyLock;

use super::words::{B_DECR, B_INCR, BOOSTERS, NAMED_WORDS, NEGATIONS, Word};

/// The VADER sentiment lexicon (`token<TAB>mean<TAB>sd<TAB>ratings`), MIT licensed.
const LEXICON_TXT: &str = include_str!("../../../../models/vader/vader_lexicon.txt");
/// The emoji descriptions (`emoji<TAB>description`), MIT licensed.
const EMOJI_TXT: &str = include_str!("../../../../models/vader/emoji_utf8_lexicon.txt");

/// The tables, built on first use.
pub(crate) static TABLES: LazyLock<Tables> = LazyLock::new(Tables::build);

/// The token is a key of the lexicon.
pub(crate) const IN_LEXICON: u8 = 1;
/// The token is a key of `BOOSTER_DICT`.
pub(crate) const IN_BOOSTER: u8 = 2;
/// The token is in `NEGATE`.
pub(crate) const NEGATION: u8 = 4;
/// The booster is a dampener (`B_DECR`) rather than an intensifier (`B_INCR`).
const DAMPENER: u8 = 128;

/// The longest token kept inline in the main table; longer ones (25 lexicon words) are in a
/// side table.
const INLINE_LEN: usize = 16;

/// What the tables know about one lowercase token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    /// The key, zero padded, as two little-endian words (unused in the side table).
    key: [u64; 2],
    /// The lexicon valence, if `flags & IN_LEXICON`.
    pub(super) valence: f64,
    /// The key's length in bytes.
    key_len: u8,
    /// `IN_LEXICON | IN_BOOSTER | NEGATION | DAMPENER`.
    flags: u8,
    /// The word's name, if the rules test it.
    pub(super) word: Word,
    /// An id given by an extension of the tables (the healthcare phrase words), or 0. It fits in
    /// the padding, so the entry stays 32 bytes.
    pub(crate) tag: u16,
}

impl Entry {
    const EMPTY: Entry =
        Entry { key: [0; 2], valence: 0.0, key_len: 0, flags: 0, word: Word::Other, tag: 0 };

    /// `IN_LEXICON | IN_BOOSTER | NEGATION`.
    #[inline]
    pub(super) fn flags(&self) -> u8 {
        self.flags & (IN_LEXICON | IN_BOOSTER | NEGATION)
    }

    /// The booster scalar (`B_INCR` or `B_DECR`), meaningful if `flags & IN_BOOSTER`.
    #[inline]
    pub(super) fn booster(&self) -> f64 {
        if self.flags & DAMPENER != 0 { B_DECR } else { B_INCR }
    }
}

/// Packs up to 16 bytes into two little-endian words, zero padded, without copying through
/// memory: overlapping loads cover every length.
#[inline]
pub(crate) fn pack(bytes: &[u8]) -> [u64; 2] {
    let len = bytes.len();
    debug_assert!(len <= INLINE_LEN, "BUG: pack takes at most 16 bytes");
    let load8 = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
    let load4 =
        |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4])));
    if len >= 8 {
        let low = load8(0);
        let high = if len > 8 { load8(len - 8) >> (8 * (16 - len)) } else { 0 };
        [low, high]
    } else if len >= 4 {
        [load4(0) | (load4(len - 4) << (8 * (len - 4))), 0]
    } else {
        let mut low = 0;
        for (idx, &b) in bytes.iter().enumerate() {
            low |= u64::from(b) << (8 * idx);
        }
        [low, 0]
    }
}

/// The word table and the emoji table.
pub(crate) struct Tables {
    /// Open addressing with linear probing over `entries`: a slot holds `1 + index`, or 0.
    slots: Box<[u16]>,
    /// `64 - log2(slots.len())`: slots are picked from the high bits of the hash.
    slot_shift: u32,
    entries: Vec<Entry>,
    /// Keys longer than [`INLINE_LEN`] bytes.
    long: std::collections::HashMap<&'static [u8], Entry>,
    /// Single-character emoji and their descriptions, sorted by character.
    emoji: Vec<(char, &'static str)>,
    /// The smallest emoji character, to skip most characters without a search.
    min_emoji: char,
}

/// A change an extension makes to the VADER tables (see [`Tables::extended`]).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Edit {
    /// Sets the lexicon valence of the word (adding it to the lexicon if needed).
    Valence(f64),
    /// Removes the word from the lexicon: it no longer carries a valence.
    Neutral,
    /// Gives the word a tag (it stays what it was otherwise).
    Tag(u16),
}

impl Tables {
    fn build() -> Tables {
        Tables::extended(&[])
    }

    /// The VADER tables with `edits` applied after VADER's own words, in order (a later edit of
    /// the same word wins). `Tables::extended(&[])` is the VADER tables.
    pub(crate) fn extended(edits: &[(&'static str, Edit)]) -> Tables {
        let mut builder = TableBuilder::default();
        // `make_lex_dict`: later lines win over earlier ones with the same key.
        for line in LEXICON_TXT.trim_end_matches('\n').split('\n') {
            if line.is_empty() {
                continue;
            }
            let mut fields = super::text::strip_py(line).split('\t');
            let (Some(word), Some(measure)) = (fields.next(), fields.next()) else { continue };
            let Ok(valence) = measure.parse::<f64>() else { continue };
            let entry = builder.entry(word);
            entry.valence = valence;
            entry.flags |= IN_LEXICON;
        }
        for &(word, scalar) in BOOSTERS {
            let entry = builder.entry(word);
            entry.flags |= IN_BOOSTER;
            if scalar == B_DECR {
                entry.flags |= DAMPENER;
            }
        }
        for &word in NEGATIONS {
            builder.entry(word).flags |= NEGATION;
        }
        for &(text, word) in NAMED_WORDS {
            builder.entry(text).word = word;
        }
        for &(text, edit) in edits {
            let entry = builder.entry(text);
            match edit {
                Edit::Valence(valence) => {
                    entry.valence = valence;
                    entry.flags |= IN_LEXICON;
                }
                Edit::Neutral => {
                    entry.valence = 0.0;
                    entry.flags &= !IN_LEXICON;
                }
                Edit::Tag(tag) => entry.tag = tag,
            }
        }

        // `make_emoji_dict`: keys of one character are the only ones a character can match.
        let mut emoji = std::collections::BTreeMap::new();
        for line in EMOJI_TXT.trim_end_matches('\n').split('\n') {
            let mut fields = super::text::strip_py(line).split('\t');
            let (Some(key), Some(description)) = (fields.next(), fields.next()) else { continue };
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                emoji.insert(c, description);
            }
        }
        let emoji: Vec<(char, &'static str)> = emoji.into_iter().collect();
        let min_emoji = emoji.first().map_or(char::MAX, |&(c, _)| c);
        builder.finish(emoji, min_emoji)
    }

    /// Looks up a lowercase token of at most 16 bytes, packed with [`pack`].
    #[inline]
    pub(crate) fn get_packed(&self, key: [u64; 2], key_len: usize) -> Option<&Entry> {
        let mask = self.slots.len() - 1;
        let mut slot_idx = (hash_packed(key, key_len) >> self.slot_shift) as usize;
        loop {
            let slot = self.slots[slot_idx];
            if slot == 0 {
                return None;
            }
            let entry = &self.entries[usize::from(slot) - 1];
            if entry.key == key && usize::from(entry.key_len) == key_len {
                return Some(entry);
            }
            slot_idx = (slot_idx + 1) & mask;
        }
    }

    /// Looks up a lowercase token.
    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<&Entry> {
        if key.len() <= INLINE_LEN {
            self.get_packed(pack(key), key.len())
        } else {
            self.long.get(key)
        }
    }

    /// The description of a single-character emoji.
    #[inline]
    pub(crate) fn emoji(&self, c: char) -> Option<&'static str> {
        if c < self.min_emoji {
            return None;
        }
        self.emoji.binary_search_by(|&(key, _)| key.cmp(&c)).ok().map(|idx| self.emoji[idx].1)
    }
}

#[derive(Default)]
struct TableBuilder {
    index: std::collections::HashMap<&'static str, usize>,
    keys: Vec<&'static str>,
    entries: Vec<Entry>,
}

impl TableBuilder {
    fn entry(&mut self, key: &'static str) -> &mut Entry {
        let idx = *self.index.entry(key).or_insert_with(|| {
            self.keys.push(key);
            self.entries.push(Entry::EMPTY);
            self.keys.len() - 1
        });
        &mut self.entries[idx]
    }

    fn finish(self, emoji: Vec<(char, &'static str)>, min_emoji: char) -> Tables {
        let mut entries = Vec::new();
        let mut long = std::collections::HashMap::new();
        for (&key, &entry) in self.keys.iter().zip(&self.entries) {
            if key.len() <= INLINE_LEN {
                // `key_len` fits: it is at most 16.
                entries.push(Entry {
                    key: pack(key.as_bytes()),
                    key_len: key.len() as u8,
                    ..entry
                });
            } else {
                long.insert(key.as_bytes(), entry);
            }
        }
        // At most half full, so probe sequences stay short; u16 slots fit 65,535 entries, far
        // more than the lexicon's.
        let n_slots = (entries.len() * 2).next_power_of_two().max(2);
        let slot_shift = 64 - n_slots.trailing_zeros();
        let mut slots = vec![0u16; n_slots].into_boxed_slice();
        for (entry_idx, entry) in entries.iter().enumerate() {
            let mut slot_idx =
                (hash_packed(entry.key, usize::from(entry.key_len)) >> slot_shift) as usize;
            while slots[slot_idx] != 0 {
                slot_idx = (slot_idx + 1) & (n_slots - 1);
            }
            slots[slot_idx] = u16::try_from(entry_idx + 1).unwrap_or(u16::MAX);
        }
        Tables { slots, slot_shift, entries, long, emoji, min_emoji }
    }
}

/// A multiplicative hash of a packed key; slots are picked from its high bits.
#[inline]
pub(crate) fn hash_packed(key: [u64; 2], key_len: usize) -> u64 {
    const K1: u64 = 0x9e37_79b9_7f4a_7c15;
    const K2: u64 = 0xf135_7aea_2e62_a9c5;
    let low = (key[0] ^ key_len as u64).wrapping_mul(K1);
    (low.rotate_left(29) ^ key[1]).wrapping_mul(K2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(key: &str) -> Entry {
        TABLES.get(key.as_bytes()).copied().unwrap_or(Entry::EMPTY)
    }

    #[test]
    fn tables_match_python_sizes() {
        let tables = &*TABLES;
        // `len(SentimentIntensityAnalyzer().lexicon)` and the one-character keys of `.emojis`.
        let n_lexicon = tables.entries.iter().chain(tables.long.values());
        assert_eq!(n_lexicon.filter(|e| e.flags & IN_LEXICON != 0).count(), 7506);
        assert_eq!(tables.long.len(), 25);
        assert_eq!(tables.emoji.len(), 1212);
    }

    #[test]
    fn probe_sequences_are_short() {
        let tables = &*TABLES;
        let mask = tables.slots.len() - 1;
        let mut total_probes = 0;
        for entry in &tables.entries {
            let mut slot_idx =
                (hash_packed(entry.key, usize::from(entry.key_len)) >> tables.slot_shift) as usize;
            let mut n_probes = 1;
            while tables.entries[usize::from(tables.slots[slot_idx]) - 1].key != entry.key {
                slot_idx = (slot_idx + 1) & mask;
                n_probes += 1;
            }
            total_probes += n_probes;
        }
        let mean = total_probes as f64 / tables.entries.len() as f64;
        assert!(mean < 1.6, "mean probe length {mean}");
    }

    #[test]
    fn packing_covers_every_length() {
        let text = b"abcdefghijklmnop";
        for len in 0..=16 {
            let mut padded = [0u8; 16];
            padded[..len].copy_from_slice(&text[..len]);
            let want = [
                u64::from_le_bytes(padded[..8].try_into().unwrap_or_default()),
                u64::from_le_bytes(padded[8..].try_into().unwrap_or_default()),
            ];
            assert_eq!(pack(&text[..len]), want, "length {len}");
        }
    }

    #[test]
    fn lookups() {
        let good = lookup("good");
        assert_eq!((good.valence, good.flags()), (1.9, IN_LEXICON));
        let kind = lookup("kind");
        assert_eq!((kind.valence, kind.word), (2.4, Word::Kind));
        let very = lookup("very");
        assert_eq!((very.booster(), very.flags(), very.word), (B_INCR, IN_BOOSTER, Word::Very));
        assert_eq!(lookup("barely").booster(), B_DECR);
        assert_eq!(lookup("don't").flags(), NEGATION);
        assert_eq!(lookup("disadvantageousness").valence, -1.6);
        assert_eq!(lookup(":-þ").flags(), 0);
        assert!(TABLES.get(b"Good").is_none());
        assert!(TABLES.get(b"good\0").is_none());
        assert!(TABLES.get(b"").is_none());
        assert!(TABLES.get(b"kind of").is_none());
        assert_eq!(TABLES.emoji('😁'), Some("beaming face with smiling eyes"));
        assert_eq!(TABLES.emoji('a'), None);
    }
}
