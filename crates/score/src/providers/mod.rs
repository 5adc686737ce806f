//! Providers: the directory of known hospitals, clinics and doctors, and resolving which one a
//! mention is about.
//!
//! A [`ProviderDirectory`] is read from `providers.csv`. A [`ProviderResolver`] built from it
//! ties a [`Mention`] to a provider, from its metadata first and then from the names, aliases
//! and `@handles` found in its text.
//!
//! # Resolution rules
//!
//! 1. **Metadata.** The first hint that names a provider wins: `hints.provider_id` (an exact id),
//!    then `hints.location_id` (one of `location_ids`), `hints.handle` (one of `handles`,
//!    ignoring case and a leading `@`), and `hints.page` (a name or alias, compared like names in
//!    text). Each gives [`MatchKind::ProviderId`], `LocationId`, `Handle` or `Page`. A page name
//!    shared by several providers is narrowed with the providers named in the text (see 3); if
//!    that fails the result is [`MatchKind::Ambiguous`].
//! 2. **Refinement.** If the text names a provider that belongs to the one found from metadata
//!    (a doctor of that clinic, a clinic of that hospital), the mention is about that more
//!    specific provider, with [`MatchKind::Text`].
//! 3. **Text.** Without usable metadata, the provider named first in the text wins, with
//!    [`MatchKind::Text`], unless a later name is a provider belonging to it, which is more
//!    specific ("Riverside Clinic ... Dr. Patel" is about Dr. Patel if she works there). When a
//!    name belongs to several providers (two doctors called "Dr. Patel"), the one whose parent,
//!    grandparent... is named elsewhere in the text or found from metadata is taken; otherwise
//!    the first in directory order, with [`MatchKind::Ambiguous`].
//! 4. Nothing found: [`ProviderMatch::unknown`].
//!
//! Names are matched on whole words, ignoring case, periods (`Dr.` = `Dr`), curly apostrophes
//! and possessives (`Dr. Patel's` names `Dr. Patel`); `Saint`, `Mount` and `Doctor` match `St`,
//! `Mt` and `Dr`, and a possessive in a directory name also matches without its apostrophe
//! (`St Mary's` matches `St Marys`). All names, aliases and handles are found in one
//! Aho-Corasick pass.
//!
//! # Example
//!
//! ```
//! use bedside_score::providers::{ProviderDirectory, ProviderResolver};
//! use bedside_types::{MatchKind, Mention};
//!
//! let csv = "\
//! id,name,kind,aliases,handles,location_ids,parent_id
//! st_marys,St. Mary's Hospital,hospital,St Mary's,@StMarysHosp,g:123,
//! patel,Dr. Anita Patel,doctor,Dr. Patel,,,st_marys
//! ";
//! let directory = ProviderDirectory::from_reader("providers.csv", csv.as_bytes())?;
//! let resolver = ProviderResolver::new(&directory);
//!
//! let mut mention = Mention { text: "Waited hours at St Marys".to_owned(), ..Mention::default() };
//! let found = resolver.resolve(&mention);
//! assert_eq!((found.id.as_str(), found.kind), ("st_marys", MatchKind::Text));
//!
//! mention.text = "Dr Patel's manner was lovely".to_owned();
//! mention.hints.handle = Some("stmaryshosp".to_owned());
//! let found = resolver.resolve(&mention);
//! assert_eq!((found.id.as_str(), found.kind), ("patel", MatchKind::Text));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod anchors;
mod directory;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::AhoCorasick;

use anchors::Anchors;
use bedside_types::{MatchKind, Mention, ProviderMatch};

use crate::tokenize::phrase::{KeyStream, build_matcher};
use crate::tokenize::{Token, TokenKind, Tokenizer, is_hyphen, lowercase_into};

pub use directory::{COLUMNS, Provider, ProviderDirectory};

/// A provider named in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProviderMention {
    /// The provider's position in [`ProviderDirectory::providers`].
    pub provider: usize,
    /// The byte range of the name, alias or handle in the text.
    pub span: Range<usize>,
}

/// Ties mentions to the providers of a [`ProviderDirectory`].
///
/// Building compiles every name, alias and handle into one automaton; resolving cannot fail and
/// does no I/O. A resolver is cheap to clone and can be shared between threads.
#[derive(Clone, Debug)]
pub struct ProviderResolver {
    directory: ProviderDirectory,
    by_handle: HashMap<String, usize>,
    by_location: HashMap<String, usize>,
    /// Pattern text to pattern id, for page hints.
    pattern_ids: HashMap<String, usize>,
    /// For each pattern, the providers it names, in directory order.
    pattern_providers: Vec<Vec<usize>>,
    matcher: AhoCorasick,
    /// One key of every pattern (its longest), to rule out most texts before building their
    /// key stream; `None` when some pattern has no key fit for it (see [`anchor_matcher`]).
    anchors: Option<Anchors>,
    /// The first word of every name and alias, and the providers (in directory order) with a
    /// name or alias starting with it.
    first_words: HashMap<String, Vec<usize>>,
}

/// The fewest characters a first word needs to stand for its provider alone ("Lakeview").
pub(crate) const SHORT_NAME_CHARS: usize = 4;

impl ProviderResolver {
    /// Compiles the names, aliases and handles of `directory`.
    pub fn new(directory: &ProviderDirectory) -> ProviderResolver {
        let mut by_handle = HashMap::new();
        let mut by_location = HashMap::new();
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut pattern_providers: Vec<Vec<usize>> = Vec::new();
        let mut add_pattern = |pattern: &str, provider: usize| {
            if pattern.is_empty() {
                return;
            }
            let next_id = pattern_providers.len();
            let id = *pattern_ids.entry(pattern.to_owned()).or_insert(next_id);
            if id == next_id {
                pattern_providers.push(Vec::new());
            }
            if !pattern_providers[id].contains(&provider) {
                pattern_providers[id].push(provider);
            }
        };
        let mut word = String::new();
        let mut first_words: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, provider) in directory.providers().iter().enumerate() {
            for name in std::iter::once(&provider.name).chain(&provider.aliases) {
                let first = name.split_whitespace().next().unwrap_or("");
                let owners = first_words.entry(first.to_owned()).or_default();
                if owners.last() != Some(&index) {
                    owners.push(index);
                }
                for pattern in name_patterns(name, &mut word) {
                    add_pattern(&pattern, index);
                }
            }
            for handle in &provider.handles {
                let key = handle_key(handle);
                by_handle.entry(key[1..].to_owned()).or_insert(index);
                add_pattern(&format!("{key} "), index);
            }
            for location in &provider.location_ids {
                by_location.entry(location.clone()).or_insert(index);
            }
        }
        let mut patterns: Vec<(&str, usize)> =
            pattern_ids.iter().map(|(pattern, &id)| (pattern.as_str(), id)).collect();
        patterns.sort_unstable_by_key(|&(_, id)| id);
        // The directory caps the size of its names far below the automaton's limits.
        let matcher = build_matcher(patterns.iter().map(|&(pattern, _)| pattern))
            .expect("BUG: the provider directory's names exceed the matcher's limits");
        let anchors = Anchors::new(patterns.iter().map(|&(pattern, _)| pattern));
        ProviderResolver {
            directory: directory.clone(),
            by_handle,
            by_location,
            pattern_ids,
            pattern_providers,
            matcher,
            anchors,
            first_words,
        }
    }

    /// The providers with a name or alias whose first word (split at whitespace, as written)
    /// is `word`, in directory order.
    pub(crate) fn owners_of_first_word(&self, word: &str) -> &[usize] {
        self.first_words.get(word).map_or(&[], Vec::as_slice)
    }

    /// The directory the resolver was built from.
    pub fn directory(&self) -> &ProviderDirectory {
        &self.directory
    }

    /// The provider `mention` is about, following the rules of the [module docs](self).
    pub fn resolve(&self, mention: &Mention) -> ProviderMatch {
        self.resolve_with(mention, &self.groups(&mention.text))
    }

    /// [`resolve`](Self::resolve), given the names found in the mention's text
    /// ([`groups`](Self::groups)).
    pub(crate) fn resolve_with(
        &self,
        mention: &Mention,
        groups: &[(Range<usize>, usize)],
    ) -> ProviderMatch {
        // Providers named unambiguously in the text.
        let named: Vec<usize> = groups.iter().filter_map(|g| self.only(g.1)).collect();
        let hints = &mention.hints;
        let mut anchor = None;
        if let Some(p) = trimmed(&hints.provider_id).and_then(|id| self.directory.index_of(id)) {
            anchor = Some((p, MatchKind::ProviderId));
        } else if let Some(&p) = trimmed(&hints.location_id).and_then(|l| self.by_location.get(l)) {
            anchor = Some((p, MatchKind::LocationId));
        } else if let Some(&p) =
            trimmed(&hints.handle).and_then(|h| self.by_handle.get(&handle_key(h)[1..]))
        {
            anchor = Some((p, MatchKind::Handle));
        } else if let Some(page) = trimmed(&hints.page) {
            let candidates = self.page_candidates(page);
            match self.pick(candidates, &named) {
                Some(Ok(p)) => anchor = Some((p, MatchKind::Page)),
                Some(Err(first)) => return self.matched(first, MatchKind::Ambiguous),
                None => {}
            }
        }

        let mut context = named;
        context.extend(anchor.map(|(p, _)| p));
        let resolved = groups.iter().map(|g| self.pick(&self.pattern_providers[g.1], &context));
        let (mut current, kind) = match anchor {
            Some((p, kind)) => (p, kind),
            None => match groups.first() {
                None => return ProviderMatch::unknown(),
                Some(g) => match self.pick(&self.pattern_providers[g.1], &context) {
                    Some(Ok(p)) => (p, MatchKind::Text),
                    Some(Err(first)) => return self.matched(first, MatchKind::Ambiguous),
                    None => return ProviderMatch::unknown(),
                },
            },
        };
        // Move down to a more specific provider named in the text.
        let mut refined = false;
        for p in resolved.flatten().flatten() {
            if self.directory.is_ancestor(current, p) {
                current = p;
                refined = true;
            }
        }
        self.matched(current, if refined { MatchKind::Text } else { kind })
    }

    /// Every provider named in `text`, in text order. When a name belongs to several providers,
    /// each gets an entry with the same span, in directory order.
    pub fn find_in_text(&self, text: &str) -> Vec<ProviderMention> {
        self.mentions_in(&self.groups(text))
    }

    /// The providers of the names `groups` ([`groups`](Self::groups)), as
    /// [`find_in_text`](Self::find_in_text) lists them.
    pub(crate) fn mentions_in(&self, groups: &[(Range<usize>, usize)]) -> Vec<ProviderMention> {
        groups
            .iter()
            .cloned()
            .flat_map(|(span, pattern)| {
                self.pattern_providers[pattern]
                    .iter()
                    .map(move |&provider| ProviderMention { provider, span: span.clone() })
            })
            .collect()
    }

    /// The names found in `text`: their spans and pattern ids.
    pub(crate) fn groups(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        if self.rules_out(text) {
            return Vec::new();
        }
        self.groups_unfiltered(text, None)
    }

    /// [`groups`](Self::groups), given the text's tokens (`Tokenizer::default().tokens(text)`,
    /// as the pipeline already has them).
    pub(crate) fn groups_in(&self, text: &str, tokens: &[Token<'_>]) -> Vec<(Range<usize>, usize)> {
        if self.rules_out(text) {
            return Vec::new();
        }
        self.groups_unfiltered(text, Some(tokens))
    }

    /// True if `text` cannot name any provider: it is ASCII and, lowercased without periods
    /// and apostrophes, holds no pattern's anchor on word boundaries ([`Anchors`]).
    fn rules_out(&self, text: &str) -> bool {
        let Some(anchors) = &self.anchors else { return false };
        text.is_ascii() && !anchors.any_in(text)
    }

    /// [`groups`](Self::groups) without the anchor check; `tokens` are the text's, if known.
    fn groups_unfiltered(
        &self,
        text: &str,
        tokens: Option<&[Token<'_>]>,
    ) -> Vec<(Range<usize>, usize)> {
        thread_local! {
            /// A key stream and a word per thread, emptied and reused text after text: the
            /// stream is built for nearly every text, and its memory was a share of the time.
            static SCRATCH: RefCell<(KeyStream, String)> = RefCell::default();
        }
        SCRATCH.with(|scratch| {
            // Nothing below calls back into this function, so the scratch is always free.
            let (stream, word) = &mut *scratch.borrow_mut();
            stream.clear();
            let mut push = |key: Option<&str>, span, _| match key {
                Some(key) => stream.push_key(key, span),
                None => stream.push_barrier(),
            };
            match tokens {
                Some(tokens) => {
                    for token in tokens {
                        push_token_keys(word, token, &mut push);
                    }
                }
                None => push_name_keys(word, text, push),
            }
            let mut groups = Vec::new();
            stream.find(&self.matcher, |pattern, keys| {
                if let (Some(first), Some(last)) = (keys.first(), keys.last()) {
                    groups.push((first.span.start..last.span.end, pattern.as_usize()));
                }
            });
            groups
        })
    }

    /// The providers whose name or alias is exactly `page`.
    fn page_candidates(&self, page: &str) -> &[usize] {
        let mut stream = KeyStream::with_capacity(page.len());
        let mut word = String::new();
        push_name_keys(&mut word, page, |key, span, _| match key {
            Some(key) => stream.push_key(key, span),
            None => stream.push_barrier(),
        });
        match self.pattern_ids.get(stream.as_pattern()) {
            Some(&id) => &self.pattern_providers[id],
            None => &[],
        }
    }

    /// The single provider a pattern names, if it names one.
    fn only(&self, pattern: usize) -> Option<usize> {
        match self.pattern_providers[pattern].as_slice() {
            &[p] => Some(p),
            _ => None,
        }
    }

    /// Picks among `candidates`: the only one, or the only one that is or descends from a
    /// provider of `context` (`Ok`), or else the first (`Err`). `None` if there is none.
    fn pick(&self, candidates: &[usize], context: &[usize]) -> Option<Result<usize, usize>> {
        let &first = candidates.first()?;
        if candidates.len() == 1 {
            return Some(Ok(first));
        }
        let mut fitting = candidates
            .iter()
            .copied()
            .filter(|&c| context.iter().any(|&x| x == c || self.directory.is_ancestor(x, c)));
        match (fitting.next(), fitting.next()) {
            (Some(p), None) => Some(Ok(p)),
            _ => Some(Err(first)),
        }
    }

    fn matched(&self, index: usize, kind: MatchKind) -> ProviderMatch {
        ProviderMatch { id: self.directory.providers()[index].id.clone(), kind }
    }
}

/// A hint without surrounding whitespace, if it is not empty.
fn trimmed(hint: &Option<String>) -> Option<&str> {
    hint.as_deref().map(str::trim).filter(|h| !h.is_empty())
}

/// `@` and the lowercased handle without its `@`.
fn handle_key(handle: &str) -> String {
    let body = handle.trim().trim_start_matches('@');
    let mut key = String::with_capacity(body.len() + 1);
    key.push('@');
    key.extend(body.chars().flat_map(char::to_lowercase));
    key
}

/// The patterns of a name or alias: one per combination of its possessives with and without the
/// apostrophe (`st mary hospital`, `st marys hospital`), at most 16.
fn name_patterns(name: &str, word: &mut String) -> Vec<String> {
    let mut pieces: Vec<Option<(String, bool)>> = Vec::new();
    push_name_keys(word, name, |key, _, possessive| {
        pieces.push(key.map(|key| (key.to_owned(), possessive)));
    });
    let n_possessives = pieces.iter().flatten().filter(|(_, possessive)| *possessive).count();
    (0..1u32 << n_possessives.min(4))
        .map(|variant| {
            let mut stream = KeyStream::default();
            let mut possessive_index = 0;
            for piece in &pieces {
                match piece {
                    None => stream.push_barrier(),
                    Some((key, false)) => stream.push_key(key, 0..0),
                    Some((key, true)) => {
                        let with_s = variant & (1 << possessive_index.min(31)) != 0;
                        possessive_index += 1;
                        if with_s {
                            stream.push_key(&format!("{key}s"), 0..0);
                        } else {
                            stream.push_key(key, 0..0);
                        }
                    }
                }
            }
            stream.as_pattern().to_owned()
        })
        .collect()
}

/// Normalizes the words of `text` and calls `f(key, span, possessive)` for each, with
/// `None` for a barrier (punctuation, emoji, URLs...). Words are lowercased and split at
/// hyphens; periods and apostrophes are dropped, a final `'s` too (then `possessive` is true);
/// `saint`, `mount` and `doctor` become `st`, `mt` and `dr`; handles become `@` and the
/// lowercased handle.
fn push_name_keys<F>(word: &mut String, text: &str, mut f: F)
where
    F: FnMut(Option<&str>, Range<usize>, bool),
{
    for token in Tokenizer::default().tokens(text) {
        push_token_keys(word, &token, &mut f);
    }
}

/// [`push_name_keys`] for one token of the text.
fn push_token_keys<F>(word: &mut String, token: &Token<'_>, f: &mut F)
where
    F: FnMut(Option<&str>, Range<usize>, bool),
{
    match token.kind {
        TokenKind::Word | TokenKind::Number => {
            let ascii = token.text.is_ascii();
            let mut part_start = 0;
            loop {
                // The next hyphen (only `-` in ASCII), or the end of the token.
                let rest = &token.text[part_start..];
                let hyphen = if ascii {
                    rest.bytes().position(|b| b == b'-').map(|i| (part_start + i, 1))
                } else {
                    rest.char_indices()
                        .find(|&(_, c)| is_hyphen(c))
                        .map(|(i, c)| (part_start + i, c.len_utf8()))
                };
                let at = hyphen.map_or(token.text.len(), |(at, _)| at);
                let part = &token.text[part_start..at];
                let span = token.span.start + part_start..token.span.start + at;
                let possessive = normalize_word(part, word);
                if !word.is_empty() {
                    f(Some(word.as_str()), span, possessive);
                }
                match hyphen {
                    Some((at, len)) => part_start = at + len,
                    None => break,
                }
            }
        }
        TokenKind::Handle => {
            let key = handle_key(token.text);
            f(Some(&key), token.span.clone(), false);
        }
        _ => f(None, token.span.clone(), false),
    }
}

/// Writes the normalized form of one word into `word`; returns true if a possessive `'s` was
/// dropped.
fn normalize_word(part: &str, word: &mut String) -> bool {
    let mut marks = true;
    if part.is_ascii() {
        // What `lowercase_into` does, without reading characters: most words are ASCII, and
        // have no period or apostrophe.
        word.clear();
        word.push_str(part);
        word.make_ascii_lowercase();
        marks = part.bytes().any(|b| b == b'.' || b == b'\'');
        if marks {
            word.retain(|c| c != '.');
        }
    } else {
        lowercase_into(part, word);
    }
    finish_key(word, marks)
}

/// The end of [`normalize_word`], once `word` holds the word lowercased without periods: drops
/// a possessive `'s` (returns whether it did) and apostrophes (looked for only if `marks`: the
/// word may have some), and writes the short form of "saint", "mount" and "doctor".
fn finish_key(word: &mut String, marks: bool) -> bool {
    let possessive = word.len() > 2 && word.ends_with("'s");
    if possessive {
        word.truncate(word.len() - 2);
    }
    if marks {
        word.retain(|c| c != '\'');
    }
    let replacement = match word.as_str() {
        "saint" => "st",
        "mount" => "mt",
        "doctor" => "dr",
        _ => return possessive,
    };
    word.clear();
    word.push_str(replacement);
    possessive
}

#[cfg(test)]
mod tests;
