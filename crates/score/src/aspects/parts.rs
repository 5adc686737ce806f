//! The parts of one text that several stages read (tokens, sentences, clauses, words, staff,
//! provider names), found once per text; their buffers are kept per thread from one text to
//! the next, so a warm thread allocates none of them.

use std::cell::{Cell, OnceCell};
use std::ops::Range;

use super::clauses::clauses_in;
use super::words::{Word, words_of};
use crate::providers::ProviderResolver;
use crate::reuse::emptied;
use crate::tokenize::{SentenceTokens, Token, Tokenizer};

/// The sentences, clauses, words, staff mentions and provider names of one text, found on
/// first use, so that the stages of one mention (provider, topics, targets, staff, waits) find
/// them at most once. Every call must pass the same text (and the same resolver).
#[derive(Debug, Default)]
pub(crate) struct TextParts<'t> {
    tokens: OnceCell<Vec<Token<'t>>>,
    sentences: OnceCell<SentenceTokens>,
    clauses: OnceCell<Vec<Range<usize>>>,
    words: OnceCell<Vec<Word<'t>>>,
    staff: OnceCell<Vec<(String, String, Range<usize>)>>,
    names: OnceCell<Vec<(Range<usize>, usize)>>,
}

impl<'t> TextParts<'t> {
    /// The provider names in `text` ([`ProviderResolver::groups`]).
    pub(crate) fn names(
        &self,
        text: &'t str,
        resolver: &ProviderResolver,
    ) -> &[(Range<usize>, usize)] {
        self.names.get_or_init(|| resolver.groups_in(text, self.tokens(text)))
    }

    /// The tokens of the whole `text` ([`Tokenizer::tokens`]).
    pub(crate) fn tokens(&self, text: &'t str) -> &[Token<'t>] {
        self.tokens.get_or_init(|| {
            let mut tokens = emptied(take_spare(|spare| &spare.tokens));
            // Sized once for the usual density (a token per 3 bytes or fewer), rather than
            // grown by doubling: the reallocations were a visible share of short texts' time.
            tokens.reserve(text.len() / 3 + 4);
            tokens.extend(Tokenizer::default().tokens(text));
            tokens
        })
    }

    /// The sentences of `text` and their tokens.
    pub(crate) fn sentences(&self, text: &'t str) -> &SentenceTokens {
        self.sentences.get_or_init(|| {
            SentenceTokens::of_tokens_reusing(
                text,
                self.tokens(text),
                take_spare(|spare| &spare.sentences),
            )
        })
    }

    /// [`clauses`] of `text`.
    pub(crate) fn clauses(&self, text: &'t str) -> &[Range<usize>] {
        self.clauses.get_or_init(|| {
            let mut clauses = take_spare(|spare| &spare.clauses);
            clauses.clear();
            clauses_in(text, self.sentences(text), &mut clauses);
            clauses
        })
    }

    /// The words of the whole `text` (the aspect extractors' tokens, lowercased).
    pub(super) fn words(&self, text: &'t str) -> &[Word<'t>] {
        self.words.get_or_init(|| {
            let mut words = emptied(take_spare(|spare| &spare.words));
            words_of(text, self.tokens(text).iter().cloned(), &mut words);
            words
        })
    }

    /// [`staff_mentions`](super::staff_mentions) of `text`.
    pub(crate) fn staff(&self, text: &'t str) -> &[(String, String, Range<usize>)] {
        self.staff.get_or_init(|| super::staff::staff_mentions_in(text, self))
    }
}

/// The buffers of the last [`TextParts`] dropped on this thread, emptied, for the next.
struct Spare {
    tokens: Cell<Vec<Token<'static>>>,
    sentences: Cell<SentenceTokens>,
    clauses: Cell<Vec<Range<usize>>>,
    words: Cell<Vec<Word<'static>>>,
}

thread_local! {
    static SPARE: Spare = const {
        Spare {
            tokens: Cell::new(Vec::new()),
            sentences: Cell::new(SentenceTokens::new()),
            clauses: Cell::new(Vec::new()),
            words: Cell::new(Vec::new()),
        }
    };
}

/// The spare buffer `field` picks, or an empty one (on a thread being torn down).
fn take_spare<T: Default>(field: impl FnOnce(&Spare) -> &Cell<T>) -> T {
    SPARE.try_with(|spare| field(spare).take()).unwrap_or_default()
}

/// A buffer bigger than this many entries is not kept (one very long text should not hold its
/// memory for the rest of the run).
const MAX_SPARE: usize = 4096;

impl Drop for TextParts<'_> {
    fn drop(&mut self) {
        // `try_with`: a thread being torn down has no spares to keep.
        let _ = SPARE.try_with(|spare| {
            if let Some(tokens) = self.tokens.take().filter(|v| v.capacity() <= MAX_SPARE) {
                spare.tokens.set(emptied(tokens));
            }
            if let Some(sentences) = self.sentences.take().filter(|s| s.capacity() <= MAX_SPARE) {
                spare.sentences.set(sentences);
            }
            if let Some(clauses) = self.clauses.take().filter(|v| v.capacity() <= MAX_SPARE) {
                spare.clauses.set(clauses);
            }
            if let Some(words) = self.words.take().filter(|v| v.capacity() <= MAX_SPARE) {
                spare.words.set(emptied(words));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An emptied buffer keeps its allocation, and a text's parts do not depend on the text whose
    /// buffers they reuse.
    #[test]
    fn spare_buffers_are_reused_and_leave_nothing_behind() {
        let long = "Nurse Amy was kind, but we waited 3 hours. The front desk lost my referral! "
            .repeat(4);
        let mut tokens: Vec<Token<'_>> = Vec::with_capacity(100);
        tokens.extend(Tokenizer::default().tokens(&long));
        let emptied_tokens: Vec<Token<'static>> = emptied(tokens);
        assert!(emptied_tokens.is_empty() && emptied_tokens.capacity() >= 100);

        type Key =
            (Vec<Range<usize>>, Vec<Range<usize>>, Vec<(String, Range<usize>)>, Vec<Range<usize>>);
        let fresh = |text: &str| -> Key {
            let parts = TextParts::default();
            (
                parts.tokens(text).iter().map(|t| t.span.clone()).collect(),
                parts.clauses(text).to_vec(),
                parts.words(text).iter().map(|w| (w.lower.to_string(), w.span.clone())).collect(),
                parts.sentences(text).sentences.clone(),
            )
        };
        let short = "Dr. Lee: great.";
        let first = fresh(short);
        // After a longer text's buffers are spare, the short text reads the same.
        assert_ne!(fresh(&long), first);
        assert_eq!(fresh(short), first);
    }
}
