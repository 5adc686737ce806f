//! The per-thread cache of the cue scan: the symbol of each word as written, in an
//! open-addressing table of inline keys (one probe, no pointer to follow, one comparison of
//! all the key's bits).

/// Words whose symbol a thread remembers before it starts over: enough for the everyday
/// vocabulary of a large export.
const SYMBOL_CACHE_WORDS: usize = 1 << 16;

/// Slots of a fresh symbol table (a power of two); it doubles as it fills, up to twice
/// [`SYMBOL_CACHE_WORDS`].
const FIRST_SLOTS: usize = 1 << 10;

/// Words of at most this many bytes are cached, inline: nearly all words.
const INLINE_BYTES: usize = 24;

/// A word of at most [`INLINE_BYTES`] bytes as three little-endian words, zero-padded, and its
/// length plus one: equal keys are equal words.
#[derive(Clone, Copy, Default)]
pub(super) struct Key {
    words: [u64; 3],
    tag: u32,
}

impl Key {
    /// The key of `word`, or `None` if it is too long.
    #[inline(always)]
    pub(super) fn new(word: &[u8]) -> Option<Key> {
        let n = word.len();
        let tag = n as u32 + 1;
        if n <= 8 {
            return Some(Key { words: [short_word(word), 0, 0], tag });
        }
        if n > INLINE_BYTES {
            return None;
        }
        let mut words = [0u64; 3];
        let full = n / 8;
        for (i, chunk) in word.chunks_exact(8).enumerate() {
            words[i] = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        }
        if full < 3 {
            words[full] = short_word(&word[full * 8..]);
        }
        Some(Key { words, tag })
    }

    /// Whether the keys are equal (one comparison of all their bits).
    #[inline(always)]
    fn same(&self, other: &Key) -> bool {
        let [a, b, c] = self.words;
        let [x, y, z] = other.words;
        (a ^ x) | (b ^ y) | (c ^ z) | u64::from(self.tag ^ other.tag) == 0
    }

    /// A hash of the key; its top bits pick a slot.
    #[inline(always)]
    fn hash(&self) -> u64 {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let [a, b, c] = self.words;
        let h = (a ^ u64::from(self.tag)).wrapping_mul(K);
        let h = (h ^ (h >> 29) ^ b).wrapping_mul(K);
        (h ^ (h >> 29) ^ c).wrapping_mul(K)
    }
}

/// At most 8 bytes as a little-endian word, zero-padded.
#[inline(always)]
fn short_word(bytes: &[u8]) -> u64 {
    let r = bytes.len();
    if r >= 4 {
        // Two overlapping 4-byte reads: the bytes they share are the same.
        let low = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
        let high = u32::from_le_bytes(bytes[r - 4..].try_into().expect("4 bytes"));
        u64::from(low) | u64::from(high) << (8 * (r - 4))
    } else if r > 0 {
        let byte = |i: usize| u64::from(bytes[i]) << (8 * i);
        byte(0) | byte(r / 2) | byte(r - 1)
    } else {
        0
    }
}

/// A cached word and its symbol; `tag` 0: an empty slot.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    key: Key,
    symbol: u32,
}

/// The symbols of words as written: an open-addressing table (linear probing) of [`Slot`]s,
/// emptied when it holds [`SYMBOL_CACHE_WORDS`] words. A pure function of its keys: which words
/// it holds changes no symbol.
#[derive(Default)]
pub(super) struct SymbolTable {
    slots: Vec<Slot>,
    /// 64 minus log2 of the slot count: the hash bits that pick a slot.
    shift: u32,
    used: usize,
}

impl SymbolTable {
    /// Whether the table has no slots yet (it must be [`reset`](Self::reset) before use).
    pub(super) fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Forgets every word, starting over with [`FIRST_SLOTS`] slots.
    pub(super) fn reset(&mut self) {
        self.slots = vec![Slot::default(); FIRST_SLOTS];
        self.shift = 64 - FIRST_SLOTS.trailing_zeros();
        self.used = 0;
    }

    /// The slot of `key`: where it is, or the empty slot where it would go. The table must have
    /// been [`reset`](Self::reset).
    #[inline(always)]
    fn find(&self, key: &Key) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (key.hash() >> self.shift) as usize;
        loop {
            let slot = &self.slots[at];
            if slot.key.same(key) || slot.key.tag == 0 {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// The symbol of `key`, if cached.
    #[inline(always)]
    pub(super) fn get(&self, key: &Key) -> Option<u32> {
        let slot = &self.slots[self.find(key)];
        (slot.key.tag != 0).then_some(slot.symbol)
    }

    /// Caches `symbol` for `key` (not cached yet), growing or emptying the table as it fills.
    pub(super) fn insert(&mut self, key: Key, symbol: u32) {
        if self.used >= SYMBOL_CACHE_WORDS {
            self.reset();
        }
        if 2 * (self.used + 1) > self.slots.len() {
            let len = self.slots.len() * 2;
            let old = std::mem::replace(&mut self.slots, vec![Slot::default(); len]);
            self.shift = 64 - len.trailing_zeros();
            for slot in old.into_iter().filter(|s| s.key.tag != 0) {
                let at = self.find(&slot.key);
                self.slots[at] = slot;
            }
        }
        let at = self.find(&key);
        self.slots[at] = Slot { key, symbol };
        self.used += 1;
    }
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashMap;

    use super::*;

    /// Keys tell words apart (by bytes and length), and the table gives back what was put
    /// in, as it grows and starts over.
    #[test]
    fn symbol_table_keys_and_slots() {
        let mut random = crate::test_texts::xorshift();
        let mut next = |n: usize| (random() % n as u64) as usize;
        let alphabet = ["a", "b", "-", "\0", "é", "z", "\u{2010}"];
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..20_000 {
            let len = next(26);
            let word: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            words.push(word);
        }
        let mut table = SymbolTable::default();
        table.reset();
        let mut expected: FxHashMap<String, u32> = FxHashMap::default();
        for word in &words {
            let Some(key) = Key::new(word.as_bytes()) else {
                assert!(word.len() > INLINE_BYTES);
                continue;
            };
            let symbol = next(1000) as u32;
            match expected.get(word) {
                Some(&s) => assert_eq!(table.get(&key), Some(s), "{word:?}"),
                None => {
                    assert_eq!(table.get(&key), None, "{word:?}");
                    table.insert(key, symbol);
                    expected.insert(word.clone(), symbol);
                }
            }
        }
        assert!(expected.len() > 10_000);
        for (word, &symbol) in &expected {
            assert_eq!(table.get(&Key::new(word.as_bytes()).unwrap()), Some(symbol));
        }
        for i in 0..SYMBOL_CACHE_WORDS as u64 {
            let word = format!("w{i}");
            if table.get(&Key::new(word.as_bytes()).unwrap()).is_none() {
                table.insert(Key::new(word.as_bytes()).unwrap(), 7);
            }
        }
        assert!(table.used <= SYMBOL_CACHE_WORDS && table.slots.len() <= 2 * SYMBOL_CACHE_WORDS);
        assert_eq!(
            table.get(&Key::new(format!("w{}", SYMBOL_CACHE_WORDS - 1).as_bytes()).unwrap()),
            Some(7)
        );
    }
}
