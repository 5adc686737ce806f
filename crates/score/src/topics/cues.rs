//! Finding a taxonomy's cues in a text.
//!
//! Words become keys: lowercased, then stemmed unless the taxonomy lists them as unstemmed
//! ([`Words`]). A cue is a run of keys, possibly with punctuation barriers in it (`A&E`), within
//! one sentence. The cues are compiled into a trie over key ids ([`CueMatcher`]); a text becomes
//! a list of symbols ([`Symbols`]: the id of each key, or "not in any cue", and the barriers),
//! and [`CueMatcher::find`] walks the trie from each symbol in turn, taking the longest cue that
//! starts there and going on after it (leftmost-longest, on whole keys).
//!
//! This is the same matching as an Aho-Corasick search for the cues' key strings in the text's
//! key string ([`crate::tokenize::phrase`], which providers still use): a match there must start
//! and end on key boundaries, so it is a run of whole keys, and the search goes on after each
//! match. Here each word costs one lookup in a per-thread cache of its symbol instead of
//! stemming, copying its key and scanning the key string byte by byte.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::tokenize::phrase::{KeyStream, key_parts};
use crate::tokenize::{Token, TokenKind, is_hyphen, lowercase_into};

use super::symbol_table::{Key, SymbolTable};

/// How words become keys: lowercased, then stemmed unless unstemmed.
pub(super) struct Words<'a> {
    pub(super) stemmer: &'a Stemmer,
    pub(super) unstemmed: &'a FxHashSet<String>,
}

impl Words<'_> {
    /// Appends the keys of `tokens` (spans in the full text) to `stream`, as
    /// [`Words::for_each_key`] makes them.
    pub(super) fn push<'t>(&self, stream: &mut KeyStream, tokens: impl Iterator<Item = Token<'t>>) {
        let mut word = String::new();
        self.for_each_key(tokens, |piece, span| match piece {
            Piece::Word(part) => stream.push_key(&self.key(part, &mut word), span),
            Piece::Number(text) => stream.push_key(text, span),
            Piece::Barrier => stream.push_barrier(),
        });
    }

    /// Calls `f` with each piece of `tokens`: words are split at hyphens ("follow-up" matches
    /// like "follow up"), numbers are kept as written, hashtags are words without their `#`,
    /// and other tokens are barriers.
    fn for_each_key<'t>(
        &self,
        tokens: impl Iterator<Item = Token<'t>>,
        mut f: impl FnMut(Piece<'t>, Range<usize>),
    ) {
        for token in tokens {
            let start = token.span.start;
            match token.kind {
                // Most words are ASCII without a hyphen: one part.
                TokenKind::Word if token.text.is_ascii() && !token.text.contains('-') => {
                    f(Piece::Word(token.text), token.span);
                }
                TokenKind::Word => {
                    let mut part_start = 0;
                    let hyphens = token.text.char_indices().filter(|&(_, c)| is_hyphen(c));
                    for (at, hyphen) in hyphens.chain([(token.text.len(), '-')]) {
                        let part = &token.text[part_start..at];
                        if !part.is_empty() {
                            f(Piece::Word(part), start + part_start..start + at);
                        }
                        part_start = at + hyphen.len_utf8();
                    }
                }
                TokenKind::Number => f(Piece::Number(token.text), token.span),
                TokenKind::Hashtag => f(Piece::Word(&token.text[1..]), token.span),
                _ => f(Piece::Barrier, token.span),
            }
        }
    }

    /// The key of the word (part) `part`: its lowercase form ([`lowercase_into`]) if that is
    /// an unstemmed word, else the stem of that form. `scratch` is a buffer.
    fn key(&self, part: &str, scratch: &mut String) -> String {
        lowercase_into(part, scratch);
        if self.unstemmed.contains(scratch.as_str()) {
            scratch.clone()
        } else {
            self.stemmer.stem(scratch).into_owned()
        }
    }
}

/// One piece of a text for cue matching.
enum Piece<'t> {
    /// A word or a part of a hyphenated word, as written.
    Word(&'t str),
    /// A number, as written.
    Number(&'t str),
    /// Punctuation or another token that no cue word can match.
    Barrier,
}

/// A key that is in no cue.
const NOT_A_CUE_KEY: u32 = u32::MAX;
/// A sentence boundary: no cue crosses one.
const SENTENCE_BREAK: u32 = u32::MAX - 1;
/// A trie node or pattern that does not exist.
const NONE: u32 = u32::MAX;

/// The cues of a taxonomy, compiled into a trie over key ids.
#[derive(Clone, Debug)]
pub(super) struct CueMatcher {
    /// The id of every key that is part of a cue; the punctuation barrier is id `keys.len()`.
    keys: FxHashMap<Box<str>, u32>,
    /// The child of the root for each symbol below `keys.len() + 1`, or [`NONE`].
    root: Vec<u32>,
    /// The children of the other nodes.
    edges: FxHashMap<(u32, u32), u32>,
    /// For each node, the pattern that ends there, or [`NONE`]. Node 0 is the root.
    pattern_at: Vec<u32>,
}

impl CueMatcher {
    /// Compiles `patterns`: key strings made by [`KeyStream::as_pattern`], not empty.
    pub(super) fn new<P: AsRef<str>>(patterns: &[P]) -> CueMatcher {
        let mut keys: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let symbols: Vec<Vec<u32>> = patterns
            .iter()
            .map(|pattern| {
                pattern
                    .as_ref()
                    .split(' ')
                    .filter(|part| !part.is_empty())
                    .map(|part| {
                        if part == "|" {
                            return u32::MAX; // The barrier; its id is known once keys are.
                        }
                        let next = keys.len() as u32;
                        *keys.entry(part.into()).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        let barrier = keys.len() as u32;
        let mut root = vec![NONE; keys.len() + 1];
        let mut edges: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut pattern_at = vec![NONE];
        for (id, pattern) in symbols.iter().enumerate() {
            let mut node = 0u32;
            for &symbol in pattern {
                let symbol = if symbol == u32::MAX { barrier } else { symbol };
                let child = if node == 0 {
                    &mut root[symbol as usize]
                } else {
                    edges.entry((node, symbol)).or_insert(NONE)
                };
                if *child == NONE {
                    *child = pattern_at.len() as u32;
                    pattern_at.push(NONE);
                }
                node = *child;
            }
            if node != 0 && pattern_at[node as usize] == NONE {
                pattern_at[node as usize] = id as u32;
            }
        }
        CueMatcher { keys, root, edges, pattern_at }
    }

    /// The symbol of one key part.
    fn symbol(&self, part: &str) -> u32 {
        self.keys.get(part).copied().unwrap_or(NOT_A_CUE_KEY)
    }

    /// The punctuation barrier's symbol.
    fn barrier(&self) -> u32 {
        self.keys.len() as u32
    }

    /// The node reached from `node` by `symbol`, or [`NONE`].
    fn child(&self, node: u32, symbol: u32) -> u32 {
        if node == 0 {
            self.root.get(symbol as usize).copied().unwrap_or(NONE)
        } else {
            self.edges.get(&(node, symbol)).copied().unwrap_or(NONE)
        }
    }

    /// Calls `f(pattern, first, last)` for every leftmost-longest match in `symbols`, in text
    /// order, with the first and last key of the match.
    pub(super) fn find(&self, symbols: &Symbols, mut f: impl FnMut(usize, &Item, &Item)) {
        let items = &symbols.items;
        let mut i = 0;
        while i < items.len() {
            let mut best = None;
            let mut node = self.child(0, items[i].symbol);
            let mut j = i;
            while node != NONE {
                let pattern = self.pattern_at[node as usize];
                if pattern != NONE {
                    best = Some((j, pattern));
                }
                j += 1;
                let Some(item) = items.get(j) else { break };
                node = self.child(node, item.symbol);
            }
            match best {
                Some((last, pattern)) => {
                    f(pattern as usize, &items[i], &items[last]);
                    i = last + 1;
                }
                None => i += 1,
            }
        }
    }
}

/// One symbol of a text (see [`Symbols`]).
#[derive(Clone, Debug)]
pub(super) struct Item {
    symbol: u32,
    /// The byte span of the word (or word part) in the text.
    pub(super) span: Range<usize>,
    /// The index of its sentence.
    pub(super) group: u32,
}

/// A text as [`CueMatcher`] reads it: the symbol of each key in text order, with punctuation
/// barriers (consecutive ones collapsed) and sentence breaks, as [`KeyStream`] lays out keys.
#[derive(Default)]
pub(super) struct Symbols {
    items: Vec<Item>,
    after_barrier: bool,
}

impl Symbols {
    /// Empties the list, keeping its memory.
    fn clear(&mut self) {
        self.items.clear();
        self.after_barrier = false;
    }

    fn push(&mut self, symbol: u32, span: Range<usize>, group: u32) {
        self.items.push(Item { symbol, span, group });
    }

    fn push_barrier(&mut self, barrier: u32) {
        if !self.after_barrier && !self.items.is_empty() {
            self.push(barrier, 0..0, 0);
            self.after_barrier = true;
        }
    }

    /// Ends a sentence; a barrier just before is dropped.
    pub(super) fn push_sentence_break(&mut self) {
        if self.after_barrier {
            self.items.pop();
        }
        if !self.items.is_empty() {
            self.push(SENTENCE_BREAK, 0..0, 0);
            self.after_barrier = true;
        }
    }
}

/// The cached symbol of a word token with a hyphen: split into parts, each with its symbol.
const HYPHENATED: u32 = u32::MAX - 3;

/// A cached word whose key has several parts (or none): worked out again each time.
const NOT_ONE_PART: u32 = u32::MAX - 2;

/// Per thread: the symbols of words as written, for the tagger whose cache id is `owner`
/// (symbols are that tagger's key ids), and a symbol list to reuse.
#[derive(Default)]
struct SymbolCache {
    owner: u64,
    symbols: SymbolTable,
    list: Symbols,
}

thread_local! {
    /// Stemming every word of every text was a tenth of the whole scoring core, and most words
    /// repeat: each thread remembers the symbols of the words it has seen.
    static CACHE: RefCell<SymbolCache> = RefCell::new(SymbolCache::default());
}

/// A fresh tagger cache id.
pub(super) fn next_cache_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Words<'_> {
    /// Calls `f` with the symbols of a text for `matcher` (whose tagger has cache id
    /// `cache_id`); `sentences` yields the tokens of each sentence in turn.
    pub(super) fn with_symbols<'t, S, T>(
        &self,
        matcher: &CueMatcher,
        cache_id: u64,
        sentences: S,
        f: impl FnOnce(&Symbols),
    ) where
        S: Iterator<Item = T>,
        T: Iterator<Item = Token<'t>>,
    {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let SymbolCache { owner, symbols: known, list } = &mut *cache;
            if *owner != cache_id || known.is_empty() {
                known.reset();
                *owner = cache_id;
            }
            list.clear();
            let mut scratch = String::new();
            let barrier = matcher.barrier();
            // The symbol of a word part, worked out.
            let symbol_of = |part: &str, scratch: &mut String| {
                let stem = self.key(part, scratch);
                let mut parts = key_parts(&stem);
                match (parts.next(), parts.next()) {
                    (Some(one), None) => matcher.symbol(one),
                    _ => NOT_ONE_PART,
                }
            };
            for (group, tokens) in sentences.enumerate() {
                list.push_sentence_break();
                let group = u32::try_from(group).unwrap_or(u32::MAX);
                for token in tokens {
                    // A word without a hyphen is one part, as written (as `for_each_key` gives
                    // it): its symbol, cached by the whole token.
                    if token.kind == TokenKind::Word
                        && let Some(key) = Key::new(token.text.as_bytes())
                    {
                        let symbol = known.get(&key).unwrap_or_else(|| {
                            let symbol = if token.text.chars().any(is_hyphen) {
                                HYPHENATED
                            } else {
                                symbol_of(token.text, &mut scratch)
                            };
                            known.insert(key, symbol);
                            symbol
                        });
                        if symbol != HYPHENATED {
                            push_symbol(list, matcher, symbol, token.text, token.span, group, self);
                            continue;
                        }
                    }
                    match token.kind {
                        // As `for_each_key` reads them, without a call per token.
                        TokenKind::Word | TokenKind::Hashtag | TokenKind::Number => {}
                        _ => {
                            list.push_barrier(barrier);
                            continue;
                        }
                    }
                    self.for_each_key(std::iter::once(token), |piece, span| match piece {
                        Piece::Word(part) => {
                            let key = Key::new(part.as_bytes());
                            let cached = key.map(|key| known.get(&key));
                            // (A hashtag's word is cached as its token would be: it may have a
                            // hyphen, and then its symbol is worked out each time.)
                            let symbol = match cached {
                                Some(Some(symbol)) if symbol != HYPHENATED => symbol,
                                _ => {
                                    let symbol = symbol_of(part, &mut scratch);
                                    if let (Some(key), Some(None)) = (key, cached) {
                                        known.insert(key, symbol);
                                    }
                                    symbol
                                }
                            };
                            push_symbol(list, matcher, symbol, part, span, group, self);
                        }
                        Piece::Number(text) => push_parts(list, matcher, text, span, group),
                        Piece::Barrier => list.push_barrier(barrier),
                    });
                }
            }
            f(list);
        });
    }
}

/// Pushes the symbol of the word (part) `part`, worked out again if it is [`NOT_ONE_PART`].
#[inline(always)]
fn push_symbol(
    list: &mut Symbols,
    matcher: &CueMatcher,
    symbol: u32,
    part: &str,
    span: Range<usize>,
    group: u32,
    words: &Words<'_>,
) {
    if symbol == NOT_ONE_PART {
        // Rare (a key of several parts, or none): worked out again.
        let key = words.key(part, &mut String::new());
        push_parts(list, matcher, &key, span, group);
    } else {
        list.after_barrier = false;
        list.push(symbol, span, group);
    }
}

/// Pushes the symbol of each part of `key`.
fn push_parts(list: &mut Symbols, matcher: &CueMatcher, key: &str, span: Range<usize>, group: u32) {
    for part in key_parts(key) {
        list.after_barrier = false;
        list.push(matcher.symbol(part), span.clone(), group);
    }
}

/// A stemmer for English, the taxonomy's language.
pub(super) fn english() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::phrase::build_matcher;

    /// `words` (`","` is punctuation) as a key stream and as symbols for `matcher`.
    fn both(words: &[&str], matcher: &CueMatcher) -> (KeyStream, Symbols) {
        let mut stream = KeyStream::with_capacity(64);
        let mut symbols = Symbols::default();
        let mut at = 0;
        for word in words {
            let span = at..at + word.len();
            if *word == "," {
                stream.push_barrier();
                symbols.push_barrier(matcher.barrier());
            } else {
                stream.push_key(word, span.clone());
                push_parts(&mut symbols, matcher, word, span, 0);
            }
            at += word.len() + 1;
        }
        (stream, symbols)
    }

    /// The trie finds exactly what an Aho-Corasick search of the key string finds, on random
    /// cues and texts over a few words that are prefixes of one another (`a`, `ab`, `b`), with
    /// punctuation in cues and texts.
    #[test]
    fn trie_matches_like_the_key_string_search() {
        let vocabulary = ["a", "ab", "b", "ba", "c", ","];
        let mut random = crate::test_texts::xorshift();
        let mut next = |n: usize| (random() % n as u64) as usize;
        let mut compared = 0;
        for _ in 0..300 {
            let mut patterns: Vec<String> = Vec::new();
            for _ in 0..1 + next(6) {
                let words: Vec<&str> = (0..1 + next(4)).map(|_| vocabulary[next(6)]).collect();
                let mut stream = KeyStream::with_capacity(16);
                for word in &words {
                    match *word {
                        "," => stream.push_barrier(),
                        _ => stream.push_key(word, 0..0),
                    }
                }
                let pattern = stream.as_pattern().to_owned();
                if !pattern.is_empty() && !patterns.contains(&pattern) {
                    patterns.push(pattern);
                }
            }
            if patterns.is_empty() {
                continue;
            }
            let automaton = build_matcher(&patterns).unwrap();
            let trie = CueMatcher::new(&patterns);
            let text: Vec<&str> = (0..next(12)).map(|_| vocabulary[next(6)]).collect();
            let (stream, symbols) = both(&text, &trie);
            let mut expected = Vec::new();
            stream.find(&automaton, |pattern, keys| {
                expected.push((
                    pattern.as_usize(),
                    keys[0].span.start,
                    keys[keys.len() - 1].span.end,
                ))
            });
            let mut got = Vec::new();
            trie.find(&symbols, |pattern, first, last| {
                got.push((pattern, first.span.start, last.span.end))
            });
            assert_eq!(got, expected, "cues {patterns:?} in {text:?}");
            compared += expected.len();
        }
        assert!(compared > 100, "too few matches compared: {compared}");
    }

    #[test]
    fn no_cue_crosses_a_sentence_break() {
        let trie = CueMatcher::new(&["wait room "]);
        let mut symbols = Symbols::default();
        push_parts(&mut symbols, &trie, "wait", 0..4, 0);
        symbols.push_sentence_break();
        push_parts(&mut symbols, &trie, "room", 5..9, 1);
        let mut found = 0;
        trie.find(&symbols, |_, _, _| found += 1);
        assert_eq!(found, 0);
        symbols.clear();
        push_parts(&mut symbols, &trie, "wait", 0..4, 0);
        push_parts(&mut symbols, &trie, "room", 5..9, 0);
        trie.find(&symbols, |_, _, _| found += 1);
        assert_eq!(found, 1);
    }
}
