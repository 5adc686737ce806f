//! Phrase matching on token boundaries with one Aho-Corasick pass.
//!
//! Providers are found as phrases of several words in a text, after normalizing each word
//! (folding punctuation variants). A text becomes a [`KeyStream`]: the
//! normalized keys of the text's tokens, each followed by one space, in one `String`, with a
//! parallel vector that maps every key back to its byte span in the text. Patterns are built the
//! same way, so a phrase of several words is a plain substring of the stream. Every pattern ends
//! with a space, so a match always ends on a key boundary; [`KeyStream::find`] checks that it
//! also starts on one, and restarts the search at the next key when it does not (this is how
//! `bill` never matches inside `billy`).

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind, PatternID};

/// Marks a break that phrases may not cross silently: punctuation between words (a phrase can
/// only match across it if the pattern has the same mark at the same place).
const PUNCT_BARRIER: &str = "| ";

/// One normalized key of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    /// Where the key starts in the stream.
    at: usize,
    /// The byte span of the token (or token part) in the original text.
    pub(crate) span: Range<usize>,
}

/// The normalized keys of a text, ready for matching.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyStream {
    text: String,
    keys: Vec<Key>,
    after_barrier: bool,
}

impl KeyStream {
    /// An empty stream with room for a text of `len` bytes.
    pub(crate) fn with_capacity(len: usize) -> KeyStream {
        KeyStream {
            text: String::with_capacity(len + 8),
            keys: Vec::with_capacity(len / 4),
            after_barrier: false,
        }
    }

    /// Empties the stream, keeping its memory for the next text.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.keys.clear();
        self.after_barrier = false;
    }

    /// Appends a key. Keys that contain whitespace or a barrier character are split or skipped
    /// rather than corrupt the stream.
    pub(crate) fn push_key(&mut self, key: &str, span: Range<usize>) {
        let plain = |b: u8| b > b' ' && b < 0x80 && b != b'|' && b != b'/';
        if !key.is_empty() && key.bytes().all(plain) {
            self.keys.push(Key { at: self.text.len(), span });
            self.text.push_str(key);
            self.text.push(' ');
            self.after_barrier = false;
            return;
        }
        for part in key_parts(key) {
            self.keys.push(Key { at: self.text.len(), span: span.clone() });
            self.text.push_str(part);
            self.text.push(' ');
            self.after_barrier = false;
        }
    }

    /// Appends a punctuation barrier; consecutive barriers collapse into one.
    pub(crate) fn push_barrier(&mut self) {
        if !self.after_barrier && !self.text.is_empty() {
            self.text.push_str(PUNCT_BARRIER);
            self.after_barrier = true;
        }
    }

    /// The stream as a pattern: without a trailing barrier. Empty if it has no key.
    pub(crate) fn as_pattern(&self) -> &str {
        if self.keys.is_empty() {
            return "";
        }
        let text = self.text.as_str();
        if self.after_barrier { &text[..text.len() - PUNCT_BARRIER.len()] } else { text }
    }

    /// Calls `f` with the pattern and keys of every leftmost-longest match of `matcher` that
    /// starts and ends on key boundaries, in text order.
    pub(crate) fn find(&self, matcher: &AhoCorasick, mut f: impl FnMut(PatternID, &[Key])) {
        let haystack = self.text.as_str();
        let mut pos = 0;
        while pos < haystack.len() {
            let Some(m) = matcher.find(Input::new(haystack).range(pos..)) else { break };
            let start = m.start();
            let on_boundary = start == 0 || haystack.as_bytes()[start - 1] == b' ';
            let first = self.keys.partition_point(|k| k.at < start);
            if on_boundary && self.keys.get(first).is_some_and(|k| k.at == start) {
                let last = self.keys.partition_point(|k| k.at < m.end());
                f(m.pattern(), &self.keys[first..last]);
                pos = m.end().max(pos + 1);
            } else {
                // Restart at the next key after the start of the misaligned match.
                match haystack[start..].find(' ') {
                    Some(space) => pos = start + space + 1,
                    None => break,
                }
            }
        }
    }
}

/// The parts of `key` that go into a key stream, in order: a key holding whitespace or a barrier
/// character (`|`, `/`) is split there, and empty parts are dropped.
pub(crate) fn key_parts(key: &str) -> impl Iterator<Item = &str> {
    key.split(|c: char| c.is_whitespace() || c == '|' || c == '/').filter(|part| !part.is_empty())
}

/// The most patterns [`build_matcher`] compiles into a full DFA.
const DFA_MAX_PATTERNS: usize = 5_000;

/// Builds a leftmost-longest matcher; patterns must come from [`KeyStream::as_pattern`] and be
/// non-empty.
pub(crate) fn build_matcher<I, P>(patterns: I) -> Result<AhoCorasick, String>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    let patterns: Vec<P> = patterns.into_iter().collect();
    // The key stream of every text is searched: a full DFA when its memory stays small (a
    // taxonomy's cues, a city's providers: 0.2 MB for the 267 built-in cues), the automaton's
    // own choice beyond.
    let kind = (patterns.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA);
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(kind)
        .build(patterns)
        .map_err(|err| err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(words: &[&str]) -> KeyStream {
        let mut stream = KeyStream::with_capacity(64);
        let mut at = 0;
        for word in words {
            match *word {
                "," => stream.push_barrier(),
                _ => stream.push_key(word, at..at + word.len()),
            }
            at += word.len() + 1;
        }
        stream
    }

    /// Matches `patterns` against `words` and returns the matched patterns with the words they
    /// cover.
    fn check(patterns: &[&[&str]], words: &[&str], expected: &[(usize, &str)]) {
        let patterns: Vec<String> =
            patterns.iter().map(|p| stream(p).as_pattern().to_owned()).collect();
        let matcher = build_matcher(&patterns).unwrap();
        let text = words.join(" ");
        let haystack = stream(words);
        let mut got = Vec::new();
        haystack.find(&matcher, |pattern, keys| {
            let span = keys[0].span.start..keys[keys.len() - 1].span.end;
            got.push((pattern.as_usize(), text[span].to_owned()));
        });
        let got: Vec<(usize, &str)> = got.iter().map(|(p, s)| (*p, s.as_str())).collect();
        assert_eq!(got, expected, "patterns {patterns:?} in {words:?}");
    }

    #[test]
    fn matches_on_key_boundaries() {
        check(&[&["bill"]], &["billi", "bill"], &[(0, "bill")]);
        check(&[&["ill"]], &["bill", "ill"], &[(0, "ill")]);
        check(&[&["ill", "wait"], &["wait"]], &["bill", "wait"], &[(1, "wait")]);
        check(
            &[&["wait"], &["wait", "room"]],
            &["a", "wait", "room", "wait"],
            &[(1, "wait room"), (0, "wait")],
        );
    }

    #[test]
    fn barriers() {
        check(&[&["on", "hold"]], &["on", ",", "hold", "on", "hold"], &[(0, "on hold")]);
        check(&[&["a", ",", "e"]], &["a", ",", ",", "e", "a", "e"], &[(0, "a , , e")]);
        check(&[&["a", "e", ","]], &["x", "a", "e"], &[(0, "a e")]);
    }
}
