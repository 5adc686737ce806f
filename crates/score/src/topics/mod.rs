//! Topic tagging: which topics of a [`Taxonomy`] a text talks about, sentence by sentence.
//!
//! A taxonomy lists topics with cue phrases (`models/topics.toml`, see [`Taxonomy`]). A
//! [`TopicTagger`] stems every cue word and every word of a text (Snowball English, after
//! lowercasing), and finds all cues in one Aho-Corasick pass over the stemmed words of the whole
//! text, so `waited`, `waiting` and `waits` all match the cue `wait`. Matches are on whole words
//! (`bill` does not match `Billy`), a cue of several words matches those words in a row within
//! one sentence, hyphens count as spaces (`follow-up` = `follow up`), and when cues overlap the
//! longest wins (`waiting room` hides the shorter cue `room`). Words the taxonomy lists as
//! unstemmed ([`Taxonomy::unstemmed`]) match only as written.
//!
//! [`TopicTagger::analyze`] then scores, for each topic found, only the sentences that carry it.
//!
//! # Example
//!
//! ```
//! use bedside_score::topics::{Taxonomy, TopicTagger};
//!
//! let tagger = TopicTagger::new(&Taxonomy::builtin())?;
//! let text = "We waited four hours. The receptionist was rude.";
//! let topics: Vec<&str> = tagger
//!     .tag(text)
//!     .iter()
//!     .map(|hit| tagger.taxonomy().topics()[hit.topic].id.as_str())
//!     .collect();
//! assert_eq!(topics, ["wait_times", "wait_times", "front_desk_admin", "staff_attitude"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod taxonomy;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::AhoCorasick;
use bedside_types::{Scorer, TopicSentiment};
use rust_stemmers::{Algorithm, Stemmer};

use crate::tokenize::phrase::{KeyStream, build_matcher};
use crate::tokenize::{TokenKind, Tokenizer, is_hyphen, lowercase_into, sentences};
use crate::{Error, Result};

pub use taxonomy::{FORMAT_VERSION, Taxonomy, TopicDef};

/// One cue of a topic found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TopicHit {
    /// The topic's position in the taxonomy ([`Taxonomy::topics`]).
    pub topic: usize,
    /// The byte range of the sentence that carries the cue.
    pub sentence: Range<usize>,
    /// The byte range of the cue in the text, from its first word to its last.
    pub cue_span: Range<usize>,
}

/// Finds the topics of a [`Taxonomy`] in texts.
///
/// Building compiles all cues into one automaton; tagging cannot fail and does no I/O. A tagger
/// is cheap to clone and can be shared between threads.
#[derive(Clone, Debug)]
pub struct TopicTagger {
    taxonomy: Taxonomy,
    matcher: AhoCorasick,
    /// For each pattern of `matcher`, the topics with a cue that stems to it, in taxonomy order.
    pattern_topics: Vec<Vec<usize>>,
    /// The lowercased words that are never stemmed.
    unstemmed: HashSet<String>,
}

impl TopicTagger {
    /// Compiles the cues of `taxonomy`.
    ///
    /// Two cues that stem to the same words are one pattern; if they belong to different topics,
    /// a match counts for each of them.
    pub fn new(taxonomy: &Taxonomy) -> Result<TopicTagger> {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut word = String::new();
        let unstemmed: HashSet<String> = taxonomy
            .unstemmed()
            .iter()
            .map(|w| {
                lowercase_into(w, &mut word);
                word.clone()
            })
            .collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut pattern_topics: Vec<Vec<usize>> = Vec::new();
        for (topic, def) in taxonomy.topics().iter().enumerate() {
            for cue in &def.cues {
                let mut stream = KeyStream::with_capacity(cue.len());
                let words = Words { stemmer: &stemmer, unstemmed: &unstemmed };
                words.push(&mut stream, &mut word, cue, 0, 0);
                let pattern = stream.as_pattern();
                if pattern.is_empty() {
                    // The taxonomy rejects cues without words; nothing to match anyway.
                    continue;
                }
                let id = *pattern_ids.entry(pattern.to_owned()).or_insert_with(|| {
                    patterns.push(pattern.to_owned());
                    pattern_topics.push(Vec::new());
                    patterns.len() - 1
                });
                if !pattern_topics[id].contains(&topic) {
                    pattern_topics[id].push(topic);
                }
            }
        }
        let matcher = build_matcher(&patterns)
            .map_err(|message| Error::Matcher { what: "topic", message })?;
        Ok(TopicTagger { taxonomy: taxonomy.clone(), matcher, pattern_topics, unstemmed })
    }

    /// The taxonomy the tagger was built from.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Every cue found in `text`, in text order (hits on the same cue, for topics sharing it, in
    /// taxonomy order).
    pub fn tag(&self, text: &str) -> Vec<TopicHit> {
        let mut hits = Vec::new();
        let sentences =
            self.scan(text, |topic, sentence, cue_span| hits.push((topic, sentence, cue_span)));
        hits.into_iter()
            .map(|(topic, sentence, cue_span)| TopicHit {
                topic,
                sentence: sentences[sentence].clone(),
                cue_span,
            })
            .collect()
    }

    /// The topics of `text` in taxonomy order, each with the sentiment of the clauses that
    /// carry it (aspect-level sentiment: in "the nurses were lovely but the wait was awful",
    /// wait times get the second clause only).
    ///
    /// For each topic, the distinct clauses ([`crate::aspects::clauses`]) with one of its cues
    /// are joined with a space, in text order, and scored with one call to `scorer`;
    /// `n_clauses` counts them. Topics without a cue in the text are absent.
    pub fn analyze(&self, text: &str, scorer: &dyn Scorer) -> Vec<TopicSentiment> {
        let mut hits: Vec<(usize, usize)> = Vec::new();
        self.scan(text, |topic, _, cue_span| hits.push((topic, cue_span.start)));
        if hits.is_empty() {
            return Vec::new();
        }
        let clause_ranges = crate::aspects::clauses(text);
        let mut pairs: Vec<(usize, usize)> = hits
            .into_iter()
            .map(|(topic, at)| {
                let clause =
                    clause_ranges.partition_point(|c| c.end <= at).min(clause_ranges.len() - 1);
                (topic, clause)
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut joined = String::new();
        pairs
            .chunk_by(|a, b| a.0 == b.0)
            .map(|group| {
                joined.clear();
                for (i, &(_, clause)) in group.iter().enumerate() {
                    if i > 0 {
                        joined.push(' ');
                    }
                    joined.push_str(&text[clause_ranges[clause].clone()]);
                }
                TopicSentiment {
                    topic: self.taxonomy.topics()[group[0].0].id.clone(),
                    sentiment: scorer.score(&joined),
                    n_clauses: u32::try_from(group.len()).unwrap_or(u32::MAX),
                }
            })
            .collect()
    }

    /// Calls `f(topic, sentence index, cue span)` for every cue in `text`, in text order, and
    /// returns the sentence ranges.
    fn scan(&self, text: &str, mut f: impl FnMut(usize, usize, Range<usize>)) -> Vec<Range<usize>> {
        let stemmer = Stemmer::create(Algorithm::English);
        let words = Words { stemmer: &stemmer, unstemmed: &self.unstemmed };
        let mut word = String::new();
        let mut stream = KeyStream::with_capacity(text.len());
        let mut ranges = Vec::new();
        for (index, range) in sentences(text).enumerate() {
            stream.push_sentence_break();
            let group = u32::try_from(index).unwrap_or(u32::MAX);
            words.push(&mut stream, &mut word, &text[range.clone()], range.start, group);
            ranges.push(range);
        }
        stream.find(&self.matcher, |pattern, keys| {
            let (Some(first), Some(last)) = (keys.first(), keys.last()) else { return };
            let cue_span = first.span.start..last.span.end;
            for &topic in &self.pattern_topics[pattern.as_usize()] {
                f(topic, first.group as usize, cue_span.clone());
            }
        });
        ranges
    }
}

/// How words become keys: lowercased, then stemmed unless unstemmed.
struct Words<'a> {
    stemmer: &'a Stemmer,
    unstemmed: &'a HashSet<String>,
}

impl Words<'_> {
    /// Appends the keys of `text` (which starts at byte `offset` of the full text) to `stream`.
    /// Words are split at hyphens; other tokens except numbers and hashtags are barriers.
    fn push(
        &self,
        stream: &mut KeyStream,
        word: &mut String,
        text: &str,
        offset: usize,
        group: u32,
    ) {
        let mut push_word = |stream: &mut KeyStream, part: &str, span: Range<usize>| {
            lowercase_into(part, word);
            let span = offset + span.start..offset + span.end;
            if self.unstemmed.contains(word.as_str()) {
                stream.push_key(word, span, group);
            } else {
                stream.push_key(&self.stemmer.stem(word), span, group);
            }
        };
        for token in Tokenizer::default().tokens(text) {
            let start = token.span.start;
            match token.kind {
                // Hyphenated words match like separate words: "follow-up" = "follow up".
                TokenKind::Word => {
                    let mut part_start = 0;
                    let hyphens = token.text.char_indices().filter(|&(_, c)| is_hyphen(c));
                    for (at, hyphen) in hyphens.chain([(token.text.len(), '-')]) {
                        let part = &token.text[part_start..at];
                        if !part.is_empty() {
                            push_word(stream, part, start + part_start..start + at);
                        }
                        part_start = at + hyphen.len_utf8();
                    }
                }
                TokenKind::Number => {
                    let span = offset + token.span.start..offset + token.span.end;
                    stream.push_key(token.text, span, group);
                }
                TokenKind::Hashtag => push_word(stream, &token.text[1..], token.span),
                _ => stream.push_barrier(),
            }
        }
    }
}

#[cfg(test)]
mod tests;
