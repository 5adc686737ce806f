//! Flags exact duplicates (retweets, cross-posts) without dropping them.

use std::hash::Hasher;

use bedside_types::{Analysis, Mention};

/// Remembers the mentions seen so far and flags later ones with the same text and provider.
///
/// Two mentions are duplicates when, after removing a leading retweet marker (`RT @someone:`),
/// lower-casing and collapsing white space, their texts are equal, they were resolved to the
/// same provider, and the text is distinctive enough to be a copy rather than two people saying
/// the same thing: the later one is a retweet, or the text has at least
/// [`Deduplicator::MIN_WORDS`] words, or both have the same author. So "All good" answered by
/// ten survey respondents counts ten times, while a retweet or a cross-post counts once.
///
/// The first one seen (in input order) is the original; later ones get its id in
/// [`Analysis::duplicate_of`]. Mentions can be flagged one at a time
/// ([`flag_one`](Deduplicator::flag_one)) as they stream by, or a chunk at a time
/// ([`flag`](Deduplicator::flag)); the result is the same.
///
/// # Memory
///
/// Memory grows with the number of distinct texts (per provider), and is kept small because a
/// streamed run of tens of millions of mentions keeps this set for the whole run. Per distinct
/// text it holds a 64-bit key in one of 65,536 sorted shards picked by 16 more bits of hash
/// (80 bits in all: the chance that two different texts of a ten-million-mention run collide
/// is below 1 in 10^10), and a 32-bit reference to the original's id: 12 bytes, plus growth
/// slack of at most a quarter. Ids made of a prefix and a number below 2^24 (`export:81234`,
/// the ids bedside gives rows without one; at most 128 distinct prefixes) are packed inside
/// the reference; other ids are stored once in an arena (length byte(s) plus the id). A short
/// text (fewer than [`MIN_WORDS`](Deduplicator::MIN_WORDS) words) with an author takes a second
/// key: its author's. [`memory_bytes`](Deduplicator::memory_bytes) reports the total: 3 MiB
/// of empty shards once the first mention arrives, then 13 to 15 bytes per distinct text with
/// packed ids (15.0 measured at 400,000 texts; 140 MB for ten million). If the arena would
/// pass 2 GiB, later texts with arena ids are no longer remembered (their copies are not
/// flagged) and [`n_forgotten`](Deduplicator::n_forgotten) counts them.
#[derive(Debug, Default)]
pub struct Deduplicator {
    /// Allocated on the first mention, so that an unused deduplicator costs nothing.
    shards: Vec<Shard>,
    ids: IdStore,
    n_keys: u64,
    n_forgotten: u64,
    /// The normalized text being hashed.
    scratch: String,
}

/// Shards of the key set: the top bits of a second hash pick one.
const SHARD_BITS: u32 = 16;
const N_SHARDS: usize = 1 << SHARD_BITS;

/// Keys sorted ascending, with the reference to the original's id at the same index.
#[derive(Debug, Default)]
struct Shard {
    keys: Vec<u64>,
    refs: Vec<u32>,
}

impl Shard {
    fn get(&self, key: u64) -> Result<u32, usize> {
        self.keys.binary_search(&key).map(|idx| self.refs[idx])
    }

    fn insert(&mut self, at: usize, key: u64, id_ref: u32) {
        // Grow by a quarter, not by doubling: the slack stays small on millions of keys.
        if self.keys.len() == self.keys.capacity() {
            let more = (self.keys.len() / 4).max(4);
            self.keys.reserve_exact(more);
            self.refs.reserve_exact(more);
        }
        self.keys.insert(at, key);
        self.refs.insert(at, id_ref);
    }
}

/// Where a key lives: its shard and its 64-bit value there.
#[derive(Clone, Copy)]
struct Slot {
    shard: usize,
    key: u64,
}

impl Deduplicator {
    /// Texts with at least this many words are copies when repeated, whoever posted them.
    pub const MIN_WORDS: usize = 8;

    /// An empty deduplicator.
    pub fn new() -> Deduplicator {
        Deduplicator::default()
    }

    /// Flags the duplicates among `analyses` (of `mentions`, same order), taking every mention
    /// seen by earlier calls into account.
    pub fn flag(&mut self, mentions: &[Mention], analyses: &mut [Analysis]) {
        for (mention, analysis) in mentions.iter().zip(analyses.iter_mut()) {
            self.flag_one(mention, analysis);
        }
    }

    /// Flags `analysis` (of `mention`) if the mention duplicates one seen before, and remembers
    /// it as an original otherwise. Call it in input order.
    pub fn flag_one(&mut self, mention: &Mention, analysis: &mut Analysis) {
        if self.shards.is_empty() {
            self.shards = (0..N_SHARDS).map(|_| Shard::default()).collect();
        }
        let key = text_key(&mention.text, &mut self.scratch);
        let provider = fnv64(analysis.provider.id.as_str().as_bytes());
        let text_slot = slot(key.hash1 ^ provider.rotate_left(17), key.hash2 ^ provider);
        let short = key.n_words < Self::MIN_WORDS;
        let author_slot = |author: &str| {
            let author = fnv64(author.as_bytes());
            slot(key.hash1 ^ author.rotate_left(29) ^ 0xA5A5, key.hash2 ^ author.rotate_left(7))
        };
        let shard = &self.shards[text_slot.shard];
        match shard.get(text_slot.key) {
            Ok(id_ref) => {
                let copy = key.retweet
                    || !short
                    || mention.author.as_deref().is_some_and(|author| {
                        let by = author_slot(author);
                        self.shards[by.shard].get(by.key) == Ok(id_ref)
                    });
                if copy {
                    analysis.duplicate_of = Some(self.ids.get(id_ref));
                }
            }
            Err(at) => {
                let Some(id_ref) = self.ids.push(&mention.id) else {
                    self.n_forgotten += 1;
                    return;
                };
                self.shards[text_slot.shard].insert(at, text_slot.key, id_ref);
                self.n_keys += 1;
                if let (true, Some(author)) = (short, mention.author.as_deref()) {
                    let by = author_slot(author);
                    if let Err(at) = self.shards[by.shard].get(by.key) {
                        self.shards[by.shard].insert(at, by.key, id_ref);
                        self.n_keys += 1;
                    }
                }
            }
        }
    }

    /// Keys held: one per distinct text and provider, plus one per short text with an author.
    pub fn n_keys(&self) -> u64 {
        self.n_keys
    }

    /// Texts not remembered because the id arena was full (see the type's docs); 0 in practice.
    pub fn n_forgotten(&self) -> u64 {
        self.n_forgotten
    }

    /// The heap memory held, in bytes (allocated capacity, not just what is used).
    pub fn memory_bytes(&self) -> usize {
        let shards: usize =
            self.shards.iter().map(|s| s.keys.capacity() * 8 + s.refs.capacity() * 4).sum();
        shards
            + self.shards.capacity() * std::mem::size_of::<Shard>()
            + self.ids.memory_bytes()
            + self.scratch.capacity()
    }
}

/// Splits two 64-bit hashes into a shard and a key (80 bits of hash in all).
fn slot(hash1: u64, hash2: u64) -> Slot {
    Slot { shard: (mix64(hash2) >> (64 - SHARD_BITS)) as usize, key: mix64(hash1) }
}

/// A bijective 64-bit finalizer (SplitMix64's), so that nearby hashes spread over shards.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn fnv64(bytes: &[u8]) -> u64 {
    let mut hasher = Fnv64::default();
    hasher.write(bytes);
    hasher.finish()
}

/// The ids of the originals, each behind a 32-bit reference: ids of the form `prefix` +
/// number below 2^24 (no leading zero) are packed into the reference itself (top bit set, 7
/// bits of prefix index, 24 bits of number); others are stored in an arena (varint length,
/// then the bytes) and referenced by offset.
#[derive(Debug, Default)]
struct IdStore {
    prefixes: Vec<String>,
    arena: Vec<u8>,
}

const PACKED: u32 = 1 << 31;
const MAX_PREFIXES: usize = 128;
const NUMBER_BITS: u32 = 24;

impl IdStore {
    /// A reference to `id`, or `None` if the arena is full.
    fn push(&mut self, id: &str) -> Option<u32> {
        if let Some(packed) = self.pack(id) {
            return Some(packed);
        }
        let offset = self.arena.len();
        let needed = offset + id.len() + 5;
        if needed >= PACKED as usize {
            return None;
        }
        let mut len = id.len();
        loop {
            let byte = (len & 0x7f) as u8;
            len >>= 7;
            if len == 0 {
                self.arena.push(byte);
                break;
            }
            self.arena.push(byte | 0x80);
        }
        self.arena.extend_from_slice(id.as_bytes());
        Some(offset as u32)
    }

    fn pack(&mut self, id: &str) -> Option<u32> {
        let digits_at = id.len() - id.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (prefix, digits) = id.split_at(digits_at);
        if digits.is_empty() || digits.len() > 8 || (digits.len() > 1 && digits.starts_with('0')) {
            return None;
        }
        let number: u32 = digits.parse().ok()?;
        if number >= 1 << NUMBER_BITS {
            return None;
        }
        let prefix_idx = match self.prefixes.iter().position(|known| known == prefix) {
            Some(idx) => idx,
            None if self.prefixes.len() < MAX_PREFIXES => {
                self.prefixes.push(prefix.to_string());
                self.prefixes.len() - 1
            }
            None => return None,
        };
        Some(PACKED | (prefix_idx as u32) << NUMBER_BITS | number)
    }

    fn get(&self, id_ref: u32) -> String {
        if id_ref & PACKED != 0 {
            let prefix = &self.prefixes[((id_ref & !PACKED) >> NUMBER_BITS) as usize];
            return format!("{prefix}{}", id_ref & ((1 << NUMBER_BITS) - 1));
        }
        let mut at = id_ref as usize;
        let (mut len, mut shift) = (0usize, 0);
        loop {
            let byte = self.arena[at];
            at += 1;
            len |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                break;
            }
        }
        // Ids are pushed from `&str`, so the bytes are valid UTF-8.
        String::from_utf8_lossy(&self.arena[at..at + len]).into_owned()
    }

    fn memory_bytes(&self) -> usize {
        self.arena.capacity() + self.prefixes.iter().map(|p| p.capacity() + 24).sum::<usize>()
    }
}

/// What identifies a text for duplicate detection.
struct TextKey {
    /// Two independent 64-bit hashes of the normalized text (SipHash-1-3 with fixed keys, of
    /// the text and of a marker byte and the text).
    hash1: u64,
    hash2: u64,
    n_words: usize,
    retweet: bool,
}

/// The key of `text`, normalized into `scratch` (see [`normalize`]) and hashed twice.
fn text_key(text: &str, scratch: &mut String) -> TextKey {
    let trimmed = text.trim();
    let body = strip_retweet(trimmed);
    let n_words = normalize(body, scratch);
    let mut h1 = std::collections::hash_map::DefaultHasher::new();
    h1.write(scratch.as_bytes());
    // The same keyed hash of a different message (a marker byte first): independent of `h1`.
    let mut h2 = std::collections::hash_map::DefaultHasher::new();
    h2.write_u8(0xA5);
    h2.write(scratch.as_bytes());
    TextKey {
        hash1: h1.finish(),
        hash2: h2.finish(),
        n_words,
        retweet: body.len() != trimmed.len(),
    }
}

/// Writes `body`'s words into `out` (cleared first), lower-cased (`char::to_lowercase`), each
/// followed by one space, and returns the number of words: two texts are the same text when
/// these strings are equal.
fn normalize(body: &str, out: &mut String) -> usize {
    out.clear();
    let mut n_words = 0;
    for word in body.split_whitespace() {
        n_words += 1;
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
        out.push(' ');
    }
    n_words
}

/// Removes one or more leading `RT @handle:` markers.
fn strip_retweet(mut text: &str) -> &str {
    loop {
        let Some(rest) = text.strip_prefix("RT @").or_else(|| text.strip_prefix("rt @")) else {
            return text;
        };
        let Some(colon) = rest.find(':') else { return text };
        if rest[..colon].chars().any(char::is_whitespace) {
            return text;
        }
        text = rest[colon + 1..].trim_start();
    }
}

/// FNV-1a, 64 bits: a second hash independent of SipHash.
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_lowercases_words_as_chars_do() {
        let extra = [
            "RT @a: Hello  World",
            "  ÉCOLE\tStraße  İstanbul ΣΑΣ ",
            "",
            "   ",
            "MiXeD ascii and ÅNGSTRÖM",
            "tabs\tand\nnewlines\u{a0}nbsp",
            "😀 EMOJI 😀",
        ];
        let mut scratch = String::new();
        for text in crate::test_texts::corpus(&extra) {
            let reference: String = text
                .split_whitespace()
                .map(|w| w.chars().flat_map(char::to_lowercase).chain([' ']).collect::<String>())
                .collect();
            let n_words = normalize(&text, &mut scratch);
            assert_eq!(scratch, reference, "{text:?}");
            assert_eq!(n_words, text.split_whitespace().count());
        }
    }
    use bedside_types::{ProviderId, ProviderMatch, Sentiment};

    fn pair(id: &str, text: &str, provider: &str) -> (Mention, Analysis) {
        let mention = Mention { id: id.into(), text: text.into(), ..Mention::default() };
        let mut provider_match = ProviderMatch::unknown();
        provider_match.id = ProviderId::new(provider);
        let analysis = Analysis {
            id: id.into(),
            provider: provider_match,
            sentiment: Sentiment::neutral(),
            topics: Vec::new(),
            targets: Vec::new(),
            staff: Vec::new(),
            waits: Vec::new(),
            duplicate_of: None,
            phi: Vec::new(),
            hipaa_risk: None,
        };
        (mention, analysis)
    }

    fn check(items: &[(&str, &str, &str)], expected: &[Option<&str>]) {
        let (mentions, mut analyses): (Vec<_>, Vec<_>) =
            items.iter().map(|(id, text, provider)| pair(id, text, provider)).unzip();
        let mut dedupe = Deduplicator::new();
        // Two calls, to check that state carries across chunks.
        let split = mentions.len() / 2;
        let (first, second) = analyses.split_at_mut(split);
        dedupe.flag(&mentions[..split], first);
        dedupe.flag(&mentions[split..], second);
        let got: Vec<Option<&str>> = analyses.iter().map(|a| a.duplicate_of.as_deref()).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn retweets_and_case_are_duplicates_of_the_first() {
        check(
            &[
                ("1", "Waited 4 hours at the ER with a broken wrist", "h1"),
                ("2", "RT @jane: Waited 4 hours at the ER with a broken wrist", "h1"),
                ("3", "waited  4 HOURS at the er with a broken WRIST", "h1"),
                ("4", "RT @a: RT @b: Waited 4 hours at the ER with a broken wrist", "h1"),
            ],
            &[None, Some("1"), Some("1"), Some("1")],
        );
    }

    #[test]
    fn same_text_at_another_provider_is_not_a_duplicate() {
        check(
            &[
                ("1", "Great nurses", "h1"),
                ("2", "Great nurses", "h2"),
                ("3", "Great nurses!", "h1"),
                ("4", "RT this: not a retweet marker", "h1"),
            ],
            &[None, None, None, None],
        );
    }

    #[test]
    fn short_answers_from_different_people_are_not_duplicates() {
        check(
            &[
                ("1", "All good", "h1"),
                ("2", "all good", "h1"),
                ("3", "Short wait", "h1"),
                ("4", "RT @x: Short wait", "h1"),
            ],
            &[None, None, None, Some("3")],
        );
    }

    #[test]
    fn short_text_repeated_by_the_same_author_is_a_duplicate() {
        let texts = [("1", "Rude staff", "a"), ("2", "Rude staff", "a"), ("3", "Rude staff", "b")];
        let (mentions, mut analyses): (Vec<_>, Vec<_>) = texts
            .iter()
            .map(|(id, text, author)| {
                let (mut mention, analysis) = pair(id, text, "h1");
                mention.author = Some(author.to_string());
                (mention, analysis)
            })
            .unzip();
        Deduplicator::new().flag(&mentions, &mut analyses);
        let got: Vec<Option<&str>> = analyses.iter().map(|a| a.duplicate_of.as_deref()).collect();
        assert_eq!(got, [None, Some("1"), None]);
    }

    #[test]
    fn strip_retweet_keeps_text_without_marker() {
        assert_eq!(strip_retweet("RT @x: hello"), "hello");
        assert_eq!(strip_retweet("RT @x hello"), "RT @x hello");
        assert_eq!(strip_retweet("RT @two words: hello"), "RT @two words: hello");
    }

    #[test]
    fn ids_round_trip_packed_or_not() {
        let mut store = IdStore::default();
        let ids =
            ["export:81234", "0", "12", "x:007", "1234567890123456789", "é:5", "", "a:16777216"];
        let refs: Vec<u32> = ids.iter().map(|id| store.push(id).unwrap()).collect();
        for (id, id_ref) in ids.iter().zip(&refs) {
            assert_eq!(store.get(*id_ref), *id);
        }
        assert!(refs[0] & PACKED != 0 && refs[3] & PACKED == 0 && refs[7] & PACKED == 0);
    }

    /// One chunk or many, one mention at a time: the same flags, and copies found across any
    /// chunk boundary.
    #[test]
    fn flags_do_not_depend_on_chunking() {
        let items: Vec<(Mention, Analysis)> = (0..3000)
            .map(|i| {
                let text = format!("the text number {} of a long enough feedback post", i % 1000);
                let (mut mention, analysis) = pair(&format!("bw:{i}"), &text, "h1");
                mention.author = Some(format!("a{}", i % 7));
                (mention, analysis)
            })
            .collect();
        let (mentions, analyses): (Vec<_>, Vec<_>) = items.into_iter().unzip();
        let mut whole = analyses.clone();
        Deduplicator::new().flag(&mentions, &mut whole);
        let mut one_by_one = analyses.clone();
        let mut dedupe = Deduplicator::new();
        for (mention, analysis) in mentions.iter().zip(one_by_one.iter_mut()) {
            dedupe.flag_one(mention, analysis);
        }
        assert_eq!(whole, one_by_one);
        assert_eq!(whole[999].duplicate_of, None);
        assert_eq!(whole[1000].duplicate_of.as_deref(), Some("bw:0"));
        assert_eq!(whole[2999].duplicate_of.as_deref(), Some("bw:999"));
        assert_eq!(dedupe.n_keys(), 1000);
    }

    /// The set stays small per distinct text: the figure the docs and ARCHITECTURE.md state.
    #[test]
    fn memory_per_distinct_text_is_small() {
        let mut dedupe = Deduplicator::new();
        assert_eq!(dedupe.memory_bytes(), 0);
        let n = 400_000;
        for i in 0..n {
            let text = format!("distinct feedback text {i} that is long enough to be a copy");
            let (mention, mut analysis) = pair(&format!("export:{i}"), &text, "h1");
            dedupe.flag_one(&mention, &mut analysis);
        }
        // The 65,536 empty shards (3 MiB) are a fixed cost, left out of the per-text figure.
        let fixed = N_SHARDS * std::mem::size_of::<Shard>();
        let per_text = (dedupe.memory_bytes() - fixed) as f64 / n as f64;
        assert!(per_text < 16.0, "{per_text} bytes per distinct text");
    }
}
