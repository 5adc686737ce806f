//! Flags exact duplicates (retweets, cross-posts) without dropping them.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use bedside_types::{Analysis, Mention, ProviderId};

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
/// [`Analysis::duplicate_of`]. Memory grows with the number of distinct texts: 16 bytes of hash
/// plus the original's id and author each.
#[derive(Debug, Default)]
pub struct Deduplicator {
    seen: HashMap<(ProviderId, u64, u64), (String, Option<String>)>,
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
            let key = text_key(&mention.text);
            let map_key = (analysis.provider.id.clone(), key.hash1, key.hash2);
            match self.seen.get(&map_key) {
                Some((original, author)) => {
                    let same_author = author.is_some() && *author == mention.author;
                    if key.retweet || key.n_words >= Self::MIN_WORDS || same_author {
                        analysis.duplicate_of = Some(original.clone());
                    }
                }
                None => {
                    self.seen.insert(map_key, (mention.id.clone(), mention.author.clone()));
                }
            }
        }
    }
}

/// What identifies a text for duplicate detection.
struct TextKey {
    /// Two independent 64-bit hashes of the normalized text (128 bits make collisions
    /// negligible even for tens of millions of mentions).
    hash1: u64,
    hash2: u64,
    n_words: usize,
    retweet: bool,
}

fn text_key(text: &str) -> TextKey {
    let trimmed = text.trim();
    let body = strip_retweet(trimmed);
    let mut h1 = std::collections::hash_map::DefaultHasher::new();
    let mut h2 = Fnv64::default();
    let mut n_words = 0;
    for word in body.split_whitespace() {
        n_words += 1;
        for c in word.chars().flat_map(char::to_lowercase) {
            c.hash(&mut h1);
            h2.write_u32(c as u32);
        }
        ' '.hash(&mut h1);
        h2.write_u32(' ' as u32);
    }
    TextKey {
        hash1: h1.finish(),
        hash2: h2.finish(),
        n_words,
        retweet: body.len() != trimmed.len(),
    }
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
    use bedside_types::{ProviderMatch, Sentiment};

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
}
