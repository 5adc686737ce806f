//! The per-thread word cache of the sparse features: what a word gives them (its role in
//! negation scopes and contrast clauses, its unigram hashes, its character n-gram hashes)
//! depends on the word alone, and most words repeat. Lowercasing a word, looking up its role and
//! hashing its character n-grams was most of the cost of the features; a cached word costs one
//! probe keyed by its bytes as written.
//!
//! The cache is a pure function of its key (the word's bytes): an entry holds exactly what
//! [`read_words`] computes for the word, and emptying the cache when it is full changes no
//! result, only the time taken. `features_cached_as_read` runs the full path beside it.

use std::cell::RefCell;
use std::ops::Range;

use crate::tokenize::{Token, TokenKind};

use super::features::{
    FeatureSink, Group, Lower, MAX_BARE_WORD_BYTES, Role, SEED_BIGRAM, SEED_CHAR, SEED_CONTRAST,
    SEED_NEG_CHAR, SEED_NEG_WORD, SEED_START, SEED_WORD, bucket, fnv_step, fnv1a, fold, read_words,
    role,
};

/// Words of at most this many bytes (as written) are cached; longer ones are read each time.
const MAX_CACHED_BYTES: usize = 16;

/// The cache has `2^SLOT_BITS` slots (48 bytes each).
const SLOT_BITS: u32 = 16;

/// The cache is emptied when it holds this many words, or [`MAX_ARENA`] character hashes.
const MAX_ENTRIES: usize = (1 << SLOT_BITS) / 4 * 3;

/// See [`MAX_ENTRIES`].
const MAX_ARENA: usize = 1 << 20;

/// The negated character hashes of an entry are not computed yet.
const NOT_YET: u32 = u32::MAX;

/// One cached word: its key, and what [`read_words`] computes of it.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    /// The key (see [`key`]); `len` 0 marks an empty slot.
    a: u64,
    b: u64,
    len: u32,
    /// `fnv1a(SEED_WORD, lowered)` and `fnv1a(SEED_NEG_WORD, lowered)`.
    h_plain: u64,
    h_neg: u64,
    /// Where the folded character n-gram hashes start in the arena, plain and negated
    /// ([`NOT_YET`] until a negated occurrence needs them); `n_chars` of each (0 when the
    /// lowered word has at most [`MAX_BARE_WORD_BYTES`] bytes).
    chars: u32,
    neg_chars: u32,
    n_chars: u16,
    role: Role,
}

/// Per thread: the cached words. Slot `slots.len() - 1` never holds a cached word: it is the
/// scratch entry of a word too long to cache, whose hashes go to `scratch`.
pub(super) struct WordCache {
    slots: Vec<Entry>,
    /// Folded character n-gram hashes (see [`fold`]) of the cached words.
    arena: Vec<u32>,
    /// Those of the uncached word in the scratch slot.
    scratch: Vec<u32>,
    n_entries: usize,
    slot_bits: u32,
    max_entries: usize,
    max_arena: usize,
    lower: Lower,
}

thread_local! {
    static CACHE: RefCell<WordCache> =
        RefCell::new(WordCache::new(SLOT_BITS, MAX_ENTRIES, MAX_ARENA));
}

/// The key of a word of 1 to [`MAX_CACHED_BYTES`] bytes: two loads that together cover every
/// byte (overlapping where the word is short), so that with the length they tell any two words
/// apart.
#[inline]
fn key(w: &[u8]) -> (u64, u64) {
    let n = w.len();
    let u64_at = |at: usize| u64::from_le_bytes(w[at..at + 8].try_into().unwrap());
    let u32_at = |at: usize| u64::from(u32::from_le_bytes(w[at..at + 4].try_into().unwrap()));
    if n >= 8 {
        (u64_at(0), u64_at(n - 8))
    } else if n >= 4 {
        (u32_at(0), u32_at(n - 4))
    } else {
        let b = |at: usize| u64::from(w[at]);
        (b(0) | b(n / 2) << 8 | b(n - 1) << 16, 0)
    }
}

impl WordCache {
    /// An empty cache of `2^slot_bits` slots, emptied when it holds `max_entries` words or
    /// `max_arena` character hashes.
    fn new(slot_bits: u32, max_entries: usize, max_arena: usize) -> WordCache {
        WordCache {
            slots: vec![Entry::default(); (1 << slot_bits) + 1],
            arena: Vec::new(),
            scratch: Vec::new(),
            n_entries: 0,
            slot_bits,
            max_entries: max_entries.min((1 << slot_bits) - 1),
            max_arena,
            lower: Lower::new(),
        }
    }

    fn clear(&mut self) {
        self.slots.fill(Entry::default());
        self.arena.clear();
        self.n_entries = 0;
    }

    /// The slot of `word`, filled if it was not cached (or the scratch slot, if it cannot be).
    #[inline(always)]
    fn lookup(&mut self, word: &str) -> usize {
        let w = word.as_bytes();
        if w.is_empty() || w.len() > MAX_CACHED_BYTES {
            let slot = self.slots.len() - 1;
            self.scratch.clear();
            self.slots[slot] = self.compute(word, 0, true);
            return slot;
        }
        let (a, b) = key(w);
        let len = w.len() as u32;
        let h = (a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b.rotate_left(29) ^ u64::from(len))
            .wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let mask = (1usize << self.slot_bits) - 1;
        let mut slot = (h >> (64 - self.slot_bits)) as usize;
        loop {
            let e = &self.slots[slot];
            if e.len == len && e.a == a && e.b == b {
                return slot;
            }
            if e.len == 0 {
                break;
            }
            slot = (slot + 1) & mask;
        }
        self.insert(word, a, b, slot)
    }

    /// Caches `word` (key `a`, `b`) in the empty `slot`, or wherever it lands after the cache is
    /// emptied; returns its slot.
    #[cold]
    #[inline(never)]
    fn insert(&mut self, word: &str, a: u64, b: u64, mut slot: usize) -> usize {
        if self.n_entries >= self.max_entries || self.arena.len() >= self.max_arena {
            self.clear();
            return self.lookup(word);
        }
        let mut entry = self.compute(word, self.arena.len(), false);
        (entry.a, entry.b, entry.len) = (a, b, word.len() as u32);
        let mask = (1usize << self.slot_bits) - 1;
        while self.slots[slot].len != 0 {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = entry;
        self.n_entries += 1;
        slot
    }

    /// What [`read_words`] computes of `word` (its plain character hashes appended to the
    /// arena, or to the scratch list), with an empty key.
    fn compute(&mut self, word: &str, at: usize, scratch: bool) -> Entry {
        self.lower.set(word);
        let bytes = self.lower.bytes();
        let out = if scratch { &mut self.scratch } else { &mut self.arena };
        let before = out.len();
        if bytes.len() > MAX_BARE_WORD_BYTES {
            char_hashes(bytes, false, out);
        }
        Entry {
            h_plain: fnv1a(SEED_WORD, bytes),
            h_neg: fnv1a(SEED_NEG_WORD, bytes),
            role: role(bytes),
            chars: if scratch { 0 } else { at as u32 },
            neg_chars: NOT_YET,
            n_chars: (out.len() - before) as u16,
            ..Entry::default()
        }
    }

    /// The folded character n-gram hashes of the word `word` in `slot`, negated or not
    /// (computed now if no negated occurrence needed them before).
    #[inline]
    fn chars(&mut self, slot: usize, word: &str, negated: bool) -> &[u32] {
        let scratch = slot == self.slots.len() - 1;
        let e = self.slots[slot];
        let n = usize::from(e.n_chars);
        let start = if !negated {
            e.chars as usize
        } else if e.neg_chars != NOT_YET {
            e.neg_chars as usize
        } else {
            self.lower.set(word);
            let out = if scratch { &mut self.scratch } else { &mut self.arena };
            let start = out.len();
            if n > 0 {
                char_hashes(self.lower.bytes(), true, out);
            }
            self.slots[slot].neg_chars = start as u32;
            start
        };
        let out = if scratch { &self.scratch } else { &self.arena };
        &out[start..start + n]
    }
}

/// The folded hashes (see [`fold`]) of the character 3- and 5-grams of `<word>` (`word`
/// lowercased), distinct in a negation scope, in the order `char_ngrams` pushes them.
fn char_hashes(word: &[u8], negated: bool, out: &mut Vec<u32>) {
    let mut padded = [0u8; 64];
    padded[0] = b'<';
    padded[1..=word.len()].copy_from_slice(word);
    padded[word.len() + 1] = b'>';
    let padded = &padded[..word.len() + 2];
    let start_h = fnv1a(if negated { SEED_NEG_CHAR } else { SEED_CHAR }, &[]);
    for start in 0..padded.len().saturating_sub(2) {
        let rest = &padded[start..];
        let h = fnv_step(fnv_step(fnv_step(start_h, rest[0]), rest[1]), rest[2]);
        out.push(fold(h));
        if let [_, _, _, d, e, ..] = *rest {
            out.push(fold(fnv_step(fnv_step(h, d), e)));
        }
    }
}

/// [`read_words`] with no question (the same features, pushed in the same order), taking
/// what each word gives from the thread's word cache. `bits` is at most 32.
pub(super) fn features_cached<'t>(
    tokens: impl Iterator<Item = Token<'t>>,
    bits: u32,
    sink: &mut impl FeatureSink,
) -> usize {
    CACHE.with(|cache| match cache.try_borrow_mut() {
        Ok(mut cache) => features_with(tokens, bits, &mut cache, sink),
        Err(_) => read_words(tokens, None, bits, sink),
    })
}

/// [`features_cached`] with this cache.
fn features_with<'t>(
    tokens: impl Iterator<Item = Token<'t>>,
    bits: u32,
    cache: &mut WordCache,
    sink: &mut impl FeatureSink,
) -> usize {
    let mask = (1u64 << bits) - 1;
    let mut previous: Option<(u64, usize)> = Some((SEED_START, 0));
    let mut scope_left = 0u32;
    let mut contrast = false;
    let mut n_words = 0usize;
    for token in tokens {
        let span: Range<usize> = token.span.clone();
        let word: &str = match token.kind {
            TokenKind::Word => token.text,
            TokenKind::Hashtag => &token.text[1..],
            TokenKind::Number => "<num>",
            TokenKind::Url | TokenKind::Email => "<url>",
            TokenKind::Handle => "<user>",
            TokenKind::Emoticon | TokenKind::Emoji => token.text,
            TokenKind::Punct => {
                let first = token.text.as_bytes()[0];
                if matches!(first, b'.' | b',' | b';' | b':' | b'!' | b'?') {
                    scope_left = 0;
                }
                if matches!(first, b'.' | b'!' | b'?') {
                    contrast = false;
                }
                if matches!(first, b'!' | b'?') {
                    let h = fnv1a(SEED_WORD, &token.text.as_bytes()[..1]);
                    sink.push(Group::Word, bucket(h, mask), span);
                }
                previous = None;
                continue;
            }
        };
        n_words += 1;
        let slot = cache.lookup(word);
        let entry = &cache.slots[slot];
        let role = entry.role;
        if matches!(role, Role::ScopeEnder | Role::Contrast) {
            scope_left = 0;
        }
        let negated = scope_left > 0;
        let h = if negated { entry.h_neg } else { entry.h_plain };
        let has_chars = entry.n_chars > 0;
        sink.push(Group::Word, bucket(h, mask), span.clone());
        if let Some((prev_h, prev_start)) = previous {
            let bigram =
                (prev_h ^ SEED_BIGRAM).rotate_left(23) ^ h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            sink.push(Group::Word, bucket(bigram, mask), prev_start..span.end);
        }
        if contrast {
            let h = (h ^ SEED_CONTRAST).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            sink.push(Group::Contrast, bucket(h, mask), span.clone());
        }
        if role == Role::Contrast {
            contrast = true;
        }
        if token.kind == TokenKind::Word && has_chars {
            let chars = cache.chars(slot, word, negated);
            sink.push_word_chars(chars, mask as u32, span.clone());
        }
        previous = Some((h, span.start));
        if negated {
            scope_left -= 1;
        }
        if role == Role::Negator {
            scope_left = super::features::MAX_SCOPE;
        }
    }
    n_words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Tokenizer;

    #[derive(Default)]
    struct Collect(Vec<(Group, u32, Range<usize>)>);

    impl FeatureSink for Collect {
        fn push(&mut self, group: Group, bucket: u32, span: Range<usize>) {
            self.0.push((group, bucket, span));
        }
    }

    /// Every feature (group, bucket and span, in order) and the word count the cached path
    /// gives are those of reading every word, on the corpus (upper- and lower-cased too), with
    /// the thread's cache and with a tiny one that is emptied again and again.
    #[test]
    fn features_cached_as_read() {
        let long = "Unhelpful receptionist, WONDERFUL nurses but not caring at all! #NotHappy \
                    Antidisestablishmentarianism İstanbul ŉ ǅ straße 123 @nhs :) ";
        let mut tiny = WordCache::new(6, 40, 500);
        for text in crate::test_texts::corpus(&[long, "", "#", "not good", "Isn't it"]) {
            for text in [text.clone(), text.to_uppercase(), text.to_lowercase()] {
                for bits in [20, 12, 22] {
                    let tokens = || Tokenizer::new().tokens(&text);
                    let mut reference = Collect::default();
                    let n = read_words(tokens(), None, bits, &mut reference);
                    let mut cached = Collect::default();
                    assert_eq!(features_cached(tokens(), bits, &mut cached), n);
                    assert!(cached.0 == reference.0, "cached features differ");
                    let mut small = Collect::default();
                    assert_eq!(features_with(tokens(), bits, &mut tiny, &mut small), n);
                    assert!(small.0 == reference.0, "features differ in a small cache");
                }
            }
        }
    }

    /// The key tells words of the same length apart.
    #[test]
    fn keys_cover_every_byte() {
        let words = ["a", "ab", "ba", "abc", "acb", "abcd", "abce", "abcdefg", "abcdeff"];
        for (i, x) in words.iter().enumerate() {
            for y in &words[i + 1..] {
                if x.len() == y.len() {
                    assert_ne!(key(x.as_bytes()), key(y.as_bytes()), "{x} {y}");
                }
            }
        }
        for n in 1..=MAX_CACHED_BYTES {
            let base = vec![b'a'; n];
            for at in 0..n {
                let mut other = base.clone();
                other[at] = b'b';
                assert_ne!(key(&base), key(&other), "{n} {at}");
            }
        }
    }
}
