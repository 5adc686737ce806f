//! Splitting sentences into clauses.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::tokenize::{SentenceTokens, Token, TokenKind};

/// The byte ranges of the clauses of `text`, in order.
///
/// Sentences ([`sentences`]) are split further:
///
/// - before the contrast words `but`, `although`, `though`, `however`, `whereas`, `while` and
///   `yet` (the word starts the new clause), when at least two words follow in the sentence
///   (so "it was fine though." stays whole) and, for `yet`, when it follows a comma, `and` or
///   `but` ("not yet seen" stays whole);
/// - after `;` (and `:` or a dash followed by a new subject, as below);
/// - at `and` or `,` when a new subject starts (after an optional `and`, `then` or `so`). This is a heuristic: the clause so far must
///   hold a verb-ish word (so coordinated subjects, "Dr Okafor and the nurses were great", stay
///   together), and what follows must be a subject pronoun (`I`, `we`, `she`...), or a
///   determiner, possessive or capitalized word that a verb-ish word follows within six words
///   with no punctuation between ("..., and the front desk at Riverside lost ...").
///
/// Verb-ish words are a closed list of auxiliaries and common verbs plus words ending in `ed`;
/// the heuristic misses subjects without a determiner ("..., nurses were kind") and verbs
/// outside the list, and can split a list of noun phrases that happens to contain such a word.
/// Ranges start at a token and end at one, so they never begin or end with whitespace; the
/// separators `;` and `,` belong to no clause.
pub fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    clauses_in(text, &SentenceTokens::of(text), &mut out);
    out
}

/// [`clauses`] of `text`, given its sentences and their tokens, pushed to `out`.
pub(crate) fn clauses_in(text: &str, sentences: &SentenceTokens, out: &mut Vec<Range<usize>>) {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    for index in 0..sentences.sentences.len() {
        tokens.clear();
        tokens.extend(sentences.tokens(text, index));
        split_sentence(&tokens, out);
    }
}

/// The longest word the clause rules look up, in bytes: no listed word is longer.
const MAX_LISTED: usize = 16;

/// The bytes of `word` lowercased (ASCII letters only, as `make_ascii_lowercase`) in `buffer`,
/// or nothing if it is longer than any listed word, so that no list holds it.
fn lower_listed<'b>(word: &str, buffer: &'b mut [u8; MAX_LISTED]) -> &'b [u8] {
    let bytes = word.as_bytes();
    if bytes.len() > MAX_LISTED {
        return b"";
    }
    let lower = &mut buffer[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    lower
}

/// Splits the tokens of one sentence, pushing clause ranges to `out`.
fn split_sentence(tokens: &[Token<'_>], out: &mut Vec<Range<usize>>) {
    let mut start: Option<usize> = None; // Index of the first token of the current clause.
    let mut has_verb = false;
    let mut index = 0;
    let mut buffer = [0; MAX_LISTED];
    while index < tokens.len() {
        let token = &tokens[index];
        let lower = lower_listed(token.text, &mut buffer);
        let is_punct = token.kind == TokenKind::Punct;
        // Separators that end the clause and belong to no clause.
        let separator = is_punct
            && (token.text == ";"
                || ((token.text == "," || token.text == ":" || is_dash(token.text))
                    && has_verb
                    && new_subject(tokens, index + 1)));
        if separator {
            close(tokens, start.take(), index, out);
            has_verb = false;
            index += 1;
            // ", and she ..." : the `and` opens the new clause.
            continue;
        }
        let contrast = start.is_some()
            && !is_punct
            && is_contrast(lower, tokens, index)
            && n_words_after(tokens, index) >= 2;
        let and_split = start.is_some()
            && (lower == b"and" || lower == b"&")
            && has_verb
            && new_subject(tokens, index + 1);
        if contrast || and_split {
            close(tokens, start.take(), index, out);
            has_verb = false;
        }
        if start.is_none() {
            start = Some(index);
        }
        has_verb = has_verb || is_verbish(token.text, lower);
        index += 1;
    }
    close(tokens, start, tokens.len(), out);
}

/// Pushes the clause from token `start` to the token before `end`, trimming punctuation at its
/// end except terminators.
fn close(tokens: &[Token<'_>], start: Option<usize>, end: usize, out: &mut Vec<Range<usize>>) {
    let Some(start) = start else { return };
    let mut last = end;
    while last > start
        && tokens[last - 1].kind == TokenKind::Punct
        && matches!(tokens[last - 1].text, "," | ";" | ":")
    {
        last -= 1;
    }
    if last > start {
        out.push(tokens[start].span.start..tokens[last - 1].span.end);
    }
}

fn is_dash(text: &str) -> bool {
    matches!(text, "-" | "–" | "—" | "--")
}

fn is_contrast(lower: &[u8], tokens: &[Token<'_>], index: usize) -> bool {
    match lower {
        b"but" | b"although" | b"though" | b"however" | b"whereas" | b"while" => true,
        b"yet" => {
            index > 0
                && [",", "and", "but"]
                    .iter()
                    .any(|w| tokens[index - 1].text.eq_ignore_ascii_case(w))
        }
        _ => false,
    }
}

fn n_words_after(tokens: &[Token<'_>], index: usize) -> usize {
    tokens[index + 1..].iter().filter(|t| t.kind != TokenKind::Punct).count()
}

const PRONOUNS: &[&str] =
    &["i", "we", "he", "she", "they", "you", "it", "nobody", "everyone", "no-one", "someone"];
const DETERMINERS: &[&str] = &[
    "the", "my", "our", "his", "her", "their", "this", "that", "these", "those", "a", "an", "your",
    "its", "every", "all", "no",
];

/// True if a new subject starts at token `at`: a pronoun, or a determiner / capitalized word
/// with a verb-ish word within six words.
pub(super) fn new_subject(tokens: &[Token<'_>], mut at: usize) -> bool {
    while tokens
        .get(at)
        .is_some_and(|t| ["and", "then", "so"].iter().any(|w| t.text.eq_ignore_ascii_case(w)))
    {
        at += 1;
    }
    let Some(first) = tokens.get(at) else { return false };
    let is_one_of = |list: &[&str]| list.iter().any(|w| first.text.eq_ignore_ascii_case(w));
    if is_one_of(PRONOUNS) {
        return true;
    }
    let capitalized = first.text.starts_with(|c: char| c.is_uppercase());
    if !(is_one_of(DETERMINERS) || capitalized || first.kind == TokenKind::Handle) {
        return false;
    }
    let mut buffer = [0; MAX_LISTED];
    tokens[at + 1..]
        .iter()
        .take(6)
        .take_while(|t| t.kind != TokenKind::Punct || t.text == "'" || t.text == "&")
        .any(|t| is_verbish(t.text, lower_listed(t.text, &mut buffer)))
}

/// Auxiliaries, common verbs and words ending in `ed`: `word` as written, and `lower`, its
/// [`lower_listed`] form.
pub(super) fn is_verbish(word: &str, lower: &[u8]) -> bool {
    const VERBS: &[&str] = &[
        "is", "was", "were", "are", "am", "be", "been", "has", "had", "have", "did", "does", "do",
        "can", "could", "would", "will", "should", "won't", "didn't", "wasn't", "weren't", "isn't",
        "aren't", "don't", "doesn't", "can't", "couldn't", "hasn't", "haven't", "never", "kept",
        "lost", "made", "took", "got", "gave", "seemed", "felt", "left", "saw", "told", "made",
        "makes", "takes", "gets", "keeps", "needs", "deserves", "deserve", "sent", "said", "says",
        "went", "came", "let", "put", "ran", "runs", "knew", "knows", "treats", "treat", "cares",
        "explains", "listens", "rocks", "sucks", "'s", "it's", "they're", "we're", "he's", "she's",
        "i'm", "you're", "seen", "done", "gone", "been", "hurts", "helps",
    ];
    // A set built once: a scan of the list for every word of every sentence cost more than
    // the rest of the clause split.
    static SET: LazyLock<FxHashSet<&'static [u8]>> =
        LazyLock::new(|| VERBS.iter().map(|v| v.as_bytes()).collect());
    let bytes = word.as_bytes();
    (bytes.len() > 4 && bytes[bytes.len() - 2..].eq_ignore_ascii_case(b"ed"))
        || (!lower.is_empty() && SET.contains(lower))
}
