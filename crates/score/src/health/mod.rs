//! Healthcare rules: VADER's rule engine run with VADER's lexicon plus a healthcare lexicon and
//! phrase rules for what patients write about their care.
//!
//! VADER was tuned on tweets and movie snippets. On patient feedback it misreads clinical
//! polarity ("my biopsy came back negative" is good news, "I tested positive" is not), takes the
//! illness a story is about for a judgement of the care ("my dad died of cancer but the hospice
//! nurses were angels"), misses care cues ("waited 3 hours and nobody came"), and lets a
//! negation reach across a clause ("Nothing, it was perfect"). [`HealthRules`] keeps the port
//! of VADER's rules (`crate::vader`) and changes only its data and its input:
//!
//! 1. **Words** (`models/healthcare_lexicon.tsv`, `word` and `class` lines): valences added or
//!    changed; illness and treatment words ("cancer", "pain", "surgery", "died", "emergency")
//!    carry no valence, since they describe the patient's condition rather than the care.
//! 2. **Phrases** (`phrase` lines): a token pattern ("came back negative", "waited # hours",
//!    "could not fault", "took the time") becomes one lexicon hit with the phrase's valence, on
//!    its first token. VADER's rules then treat it like a word: a negation or booster before the
//!    phrase applies to it ("didn't take the time"), while the words inside it no longer count
//!    on their own (the "not" of "could not fault" negates nothing).
//! 3. **Clause boundaries**: a negation does not reach past a word ending in `, . ; : ! ?`
//!    ("No, it was great"), nor past the first word of a text that a `split` line separates
//!    from the second ("Nothing everything was spot on").
//! 4. **Short answers** (`answer` and `bare-answer` lines): an answer to an improvement question
//!    that says there is nothing to improve ("Nothing", "N/A", "can't think of anything") is
//!    positive. See [`HealthRules::analyze_answer`].
//! 5. **Leads** (`lead` lines): a phrase that opens a text, whatever follows; an answer opening
//!    with an imperative ("Listen to us", "Improve the parking") is a suggestion, i.e. criticism.
//!
//! # Example
//!
//! ```
//! use bedside_score::HealthRules;
//! use bedside_types::{Label, Scorer};
//!
//! let rules = HealthRules::new();
//! assert_eq!(rules.score("my biopsy came back negative, thank god").label(), Label::Positive);
//! assert_eq!(rules.score("waited 3 hours and nobody came").label(), Label::Negative);
//! let answer = rules.analyze_answer("Nothing, it was perfect", Some("What could we improve?"));
//! assert!(answer.compound > 0.05);
//! ```

use std::cell::RefCell;
use std::ops::Range;

use bedside_types::{Scorer, Sentiment};

use crate::vader::VaderScorer;
use crate::vader::lexicon::{IN_BOOSTER, IN_LEXICON};
use crate::vader::rules::{self, Token, UPPER};
use crate::vader::words::Word;

mod emoji;
mod lexicon;
mod sarcasm;
mod words;

use emoji::{EmojiMap, merge_emoji_descriptions};
use lexicon::{Element, MODEL, Model, Scope};
use sarcasm::flip_sarcastic_praise;
use words::{MAX_CACHED_LEN, WordCache, WordInfo};

/// What the healthcare rules found in one text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleOutput {
    /// The normalized sum of valences in `[-1, 1]` (VADER's compound), rounded to 4 decimals.
    pub compound: f64,
    /// The proportion of positive content.
    pub pos: f64,
    /// The proportion of neutral content.
    pub neu: f64,
    /// The proportion of negative content.
    pub neg: f64,
    /// The number of lexicon words and phrases that contributed a non-zero valence.
    pub n_hits: u32,
    /// The signed count of hits that come from the healthcare lexicon (its words and phrases):
    /// +1 for each positive one, -1 for each negative one.
    pub health_hits: i32,
    /// How many healthcare words and phrases matched with no valence: illness, treatment and
    /// transport ("injury", "rushed to"), i.e. the patient's story rather than a judgement.
    pub health_neutral: u32,
    /// What each word or phrase contributed, in text order; empty from
    /// [`HealthRules::analyze_scores`].
    pub contributions: Vec<Contribution>,
}

/// The valence one word or phrase contributed to a text's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// The byte range of the word or phrase in the text.
    pub span: Range<usize>,
    /// The valence it contributed once the rules (negation, boosters, "but") were applied.
    pub valence: f64,
}

/// The healthcare rule scorer (name `health-rules`).
///
/// Building one is free after the first: the embedded lexicons are parsed once per process.
/// It is `Copy` and can be shared between threads.
#[derive(Clone, Copy)]
pub struct HealthRules {
    vader: VaderScorer,
    model: &'static Model,
}

impl HealthRules {
    /// The rules with the embedded VADER and healthcare lexicons.
    pub fn new() -> HealthRules {
        let model: &'static Model = &MODEL;
        HealthRules { vader: VaderScorer::with_tables(&model.tables), model }
    }

    /// Scores a text, with the contribution of each word and phrase.
    pub fn analyze(&self, text: &str) -> RuleOutput {
        self.run(text, AnswerMode::Bare, true)
    }

    /// Scores a text without computing contributions (faster; `contributions` is empty).
    pub fn analyze_scores(&self, text: &str) -> RuleOutput {
        self.run(text, AnswerMode::Bare, false)
    }

    /// Scores a survey answer, with contributions.
    ///
    /// If `question` asks what could be improved or done differently (it mentions "improve",
    /// "better", "change", "differently", "could we do" or "suggest"), a short answer saying
    /// there is nothing to improve ("Nothing", "No", "N/A", "None", "Can't think of anything",
    /// "Nothing, it was perfect") is positive. Without a question only the unambiguous forms
    /// ("Nothing", "Nothing at all", "Nothing really", "Nothing to improve") are: survey exports
    /// often drop the question, and "Nothing." is then still, by far, the satisfied answer; a bare
    /// "No" or "N/A" stays neutral.
    pub fn analyze_answer(&self, text: &str, question: Option<&str>) -> RuleOutput {
        let mode = match question {
            Some(question) if is_improvement_question(question) => AnswerMode::Improvement,
            _ => AnswerMode::Bare,
        };
        self.run(text, mode, true)
    }

    fn run(&self, text: &str, mode: AnswerMode, with_contributions: bool) -> RuleOutput {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.run_with(text, mode, with_contributions, &mut scratch),
            // Only if a call ever nested in another on one thread: fresh buffers.
            Err(_) => self.run_with(text, mode, with_contributions, &mut Scratch::default()),
        })
    }

    /// [`run`](Self::run), in the buffers of `scratch`.
    fn run_with(
        &self,
        text: &str,
        mode: AnswerMode,
        with_contributions: bool,
        scratch: &mut Scratch,
    ) -> RuleOutput {
        let replaced = crate::vader::text::replace_emoji(text, self.vader.tables());
        let emoji_map = match &replaced {
            std::borrow::Cow::Owned(_) => Some(EmojiMap::new(text, self.vader.tables())),
            std::borrow::Cow::Borrowed(_) => None,
        };
        self.score_tokens(&replaced, mode, emoji_map.as_ref(), scratch);
        let (n_exclamations, n_questions) = crate::vader::count_punctuation(&replaced);
        let scores = rules::score_valence(&scratch.sentiments, n_exclamations, n_questions);
        let mut out = RuleOutput {
            compound: scores.compound,
            pos: scores.pos,
            neu: scores.neu,
            neg: scores.neg,
            ..RuleOutput::default()
        };
        for (idx, &sentiment) in scratch.sentiments.iter().enumerate() {
            if sentiment == 0.0 {
                out.health_neutral += u32::from(scratch.health[idx]);
                continue;
            }
            out.n_hits += 1;
            if scratch.health[idx] {
                out.health_hits += if sentiment > 0.0 { 1 } else { -1 };
            }
            if with_contributions {
                let mut span = scratch.spans[idx].clone();
                if let Some(map) = emoji_map.as_ref().filter(|_| with_contributions) {
                    span = map.original(span);
                }
                match out.contributions.last_mut() {
                    // The words of one emoji description share the emoji's span.
                    Some(last) if last.span == span => last.valence += sentiment,
                    _ => out.contributions.push(Contribution { span, valence: sentiment }),
                }
            }
        }
        out
    }

    /// Tokenizes, applies the phrase rules and clause boundaries, and runs VADER's rules: fills
    /// `scratch.sentiments`, `scratch.health` and `scratch.spans`, one entry per token.
    #[inline(never)]
    fn score_tokens(
        &self,
        text: &str,
        mode: AnswerMode,
        emoji: Option<&EmojiMap>,
        scratch: &mut Scratch,
    ) {
        let Scratch {
            tokens,
            raws,
            spans,
            health,
            clause_ends,
            sentiments,
            padded,
            padded_sentiments,
            words,
        } = scratch;
        self.tokenize(text, tokens, raws, spans, health, clause_ends, Some(words));
        let n_tokens = tokens.len();
        // "Nothing everything was spot on": a bare answer running on into a new clause.
        if let [first, second, ..] = tokens[..] {
            let split = self.model.splits.iter().any(|(a, b)| {
                a.binary_search(&first.tag).is_ok() && b.binary_search(&second.tag).is_ok()
            });
            clause_ends[0] |= split;
        }

        if let Some(emoji) = emoji {
            merge_emoji_descriptions(emoji, tokens, spans);
        }

        let mut idx = 0;
        while idx < n_tokens {
            // Exact gate: see `OPENS`.
            if tokens[idx].flags & OPENS == 0 {
                idx += 1;
                continue;
            }
            let Some((len, valence)) =
                self.match_phrase(text, tokens, spans, idx, mode, |k| clause_ends[k], true)
            else {
                idx += 1;
                continue;
            };
            let anchor = &mut tokens[idx];
            anchor.valence = valence;
            anchor.flags = (anchor.flags & UPPER) | if valence != 0.0 { IN_LEXICON } else { 0 };
            anchor.word = Word::Other;
            health[idx] = true;
            spans[idx].end = spans[idx + len - 1].end;
            for token in &mut tokens[idx + 1..idx + len] {
                token.valence = 0.0;
                token.flags &= UPPER;
                token.word = Word::Other;
            }
            idx += len;
        }

        if let Some(sarcasm) = &self.model.sarcasm {
            flip_sarcastic_praise(sarcasm, text, raws, tokens, health, clause_ends);
        }

        // Three neutral tokens after each clause end keep negations ("no", "not", "nothing")
        // and boosters from reaching into the next clause. They count as ALL CAPS in an ALL
        // CAPS text, so that they do not change VADER's caps differential.
        let clause_end = |idx: usize| clause_ends[idx];
        let n_clause_ends = (0..n_tokens.saturating_sub(1)).filter(|&k| clause_end(k)).count();
        if n_clause_ends == 0 {
            rules::sentiments(tokens, sentiments);
        } else {
            let all_upper = tokens.iter().all(|t| t.flags & UPPER != 0);
            let barrier = Token {
                valence: 0.0,
                booster: 0.0,
                flags: if all_upper { UPPER } else { 0 },
                word: Word::Other,
                tag: 0,
            };
            // Copied a clause at a time; the sentiments of the tokens are read back the same way.
            padded.clear();
            let mut run_start = 0;
            for k in 0..n_tokens - 1 {
                if clause_end(k) {
                    padded.extend_from_slice(&tokens[run_start..=k]);
                    padded.extend([barrier; 3]);
                    run_start = k + 1;
                }
            }
            padded.extend_from_slice(&tokens[run_start..]);
            rules::sentiments(padded, padded_sentiments);
            sentiments.clear();
            let (mut run_start, mut k) = (0, 0);
            for token_idx in 0..n_tokens - 1 {
                if clause_end(token_idx) {
                    let len = token_idx + 1 - run_start;
                    sentiments.extend_from_slice(&padded_sentiments[k..k + len]);
                    k += len + 3;
                    run_start = token_idx + 1;
                }
            }
            sentiments.extend_from_slice(&padded_sentiments[k..]);
            debug_assert_eq!(sentiments.len(), n_tokens);
        }
        // Boosters carry no valence of their own; make sure a booster that a phrase did not
        // consume never counts as a hit.
        debug_assert!(
            tokens
                .iter()
                .zip(sentiments.iter())
                .all(|(t, &s)| t.flags & IN_BOOSTER == 0 || s == 0.0)
        );
    }

    /// Splits `text` into tokens as VADER does and fills one entry per token in each list: the
    /// token, its whitespace-separated word and the token's range in `text`, whether the
    /// healthcare lexicon set its valence, and whether the punctuation after it ends a clause.
    /// With `cache`, the words of an ASCII text are read through it (see [`words`]).
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn tokenize(
        &self,
        text: &str,
        tokens: &mut Vec<Token>,
        raws: &mut Vec<Range<usize>>,
        spans: &mut Vec<Range<usize>>,
        health: &mut Vec<bool>,
        clause_ends: &mut Vec<bool>,
        cache: Option<&mut WordCache>,
    ) {
        tokens.clear();
        raws.clear();
        spans.clear();
        let bytes = text.as_bytes();
        // The token with the marks of its word: `raw` is the whitespace-separated word and
        // `word` the token's range in it.
        let marked = |mut token: Token, raw: &[u8], word: Range<usize>| {
            let tag = usize::from(token.tag);
            if self.model.health_word[tag] {
                token.flags |= HEALTH;
            }
            if raw.len() > word.end && ends_clause(&raw[word.end..]) {
                token.flags |= CLAUSE_END;
            }
            if self.model.opens[tag] || raw[word.start].is_ascii_digit() {
                token.flags |= OPENS;
            }
            token
        };
        let word_info = |raw: &[u8]| {
            let word = crate::vader::text::strip_ascii_punc_if_word(raw);
            let start = word.as_ptr() as usize - raw.as_ptr() as usize;
            let end = start + word.len();
            let token = marked(self.vader.ascii_token(word), raw, start..end);
            // Both fit: the word has at most `MAX_CACHED_LEN` bytes.
            WordInfo { token, start: start as u8, end: end as u8 }
        };
        match cache {
            Some(cache) if text.is_ascii() => {
                let base = bytes.as_ptr() as usize;
                crate::vader::text::for_each_ascii_word(bytes, |raw| {
                    let raw_start = raw.as_ptr() as usize - base;
                    let (token, start, end) = if raw.len() > MAX_CACHED_LEN {
                        // Rare: the full path, as for a text that is not ASCII.
                        let word = crate::vader::text::strip_ascii_punc_if_word(raw);
                        let start = word.as_ptr() as usize - raw.as_ptr() as usize;
                        let end = start + word.len();
                        (marked(self.vader.ascii_token(word), raw, start..end), start, end)
                    } else {
                        let info = cache.get(raw, || word_info(raw));
                        (info.token, usize::from(info.start), usize::from(info.end))
                    };
                    tokens.push(token);
                    raws.push(raw_start..raw_start + raw.len());
                    spans.push(raw_start + start..raw_start + end);
                });
            }
            _ => {
                self.vader.for_each_token(text, |token, raw, word| {
                    let in_raw = word.start - raw.start..word.end - raw.start;
                    tokens.push(marked(token, &bytes[raw.clone()], in_raw));
                    raws.push(raw);
                    spans.push(word);
                });
            }
        }
        health.clear();
        health.extend(tokens.iter().map(|t| t.flags & HEALTH != 0));
        clause_ends.clear();
        clause_ends.extend(tokens.iter().map(|t| t.flags & CLAUSE_END != 0));
    }

    /// The longest phrase rule matching at token `start`: its length in tokens and valence.
    /// With `use_pairs`, the phrases the first word opens are tried through the pair index
    /// (`by_pair`); without, all of them (the reference the index is tested against).
    #[allow(clippy::too_many_arguments)]
    fn match_phrase(
        &self,
        text: &str,
        tokens: &[Token],
        spans: &[Range<usize>],
        start: usize,
        mode: AnswerMode,
        clause_end: impl Fn(usize) -> bool,
        use_pairs: bool,
    ) -> Option<(usize, f64)> {
        let model = self.model;
        let is_number = |k: usize| {
            text.as_bytes().get(spans[k].start).is_some_and(u8::is_ascii_digit)
                || model.number_word[usize::from(tokens[k].tag)]
        };
        let tag = tokens[start].tag;
        // Exact gate: a word that opens no phrase and is no number word, not starting with a
        // digit, opens nothing (the scan without the index checks it the long way).
        if use_pairs && !model.opens[usize::from(tag)] && !is_number(start) {
            return None;
        }
        let by_tag: &[u32] = &model.by_first_tag[usize::from(tag)];
        // The phrases this word opens, in file order: for a word opening many, those not
        // indexed by their second word merged with those the next word's tag selects.
        let (first, paired): (&[u32], &[u32]) =
            if use_pairs && by_tag.len() > lexicon::PAIR_INDEX_MIN {
                let next = tokens.get(start + 1).and_then(|t| model.by_pair.get(&(tag, t.tag)));
                (&model.unpaired[usize::from(tag)], next.map_or(&[], |list| &list[..]))
            } else {
                (by_tag, &[])
            };
        let by_number: &[u32] = if is_number(start) { &model.number_first } else { &[] };
        let mut best: Option<(usize, f64)> = None;
        for phrase_idx in merge_sorted(first, paired).chain(by_number.iter().copied()) {
            let phrase = &model.phrases[phrase_idx as usize];
            let len = phrase.elements.len();
            if start + len > tokens.len() || best.is_some_and(|(best_len, _)| best_len >= len) {
                continue;
            }
            let matches = phrase.elements.iter().enumerate().all(|(offset, element)| {
                let k = start + offset;
                match element {
                    Element::Words(tags) => tags.binary_search(&tokens[k].tag).is_ok(),
                    Element::Number => is_number(k),
                    Element::Duration => is_duration(&text[spans[k].clone()]),
                    Element::Any => true,
                }
            });
            if !matches {
                continue;
            }
            let end = start + len;
            let answer_ok = start == 0 && (end == tokens.len() || clause_end(end - 1));
            let in_scope = match phrase.scope {
                Scope::Anywhere => true,
                Scope::BareAnswer => answer_ok,
                Scope::Answer => answer_ok && mode == AnswerMode::Improvement,
                Scope::Lead => start == 0,
            };
            if in_scope {
                best = Some((len, phrase.valence));
            }
        }
        best
    }
}

impl Default for HealthRules {
    fn default() -> HealthRules {
        HealthRules::new()
    }
}

impl std::fmt::Debug for HealthRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HealthRules").finish_non_exhaustive()
    }
}

impl Scorer for HealthRules {
    fn name(&self) -> &str {
        "health-rules"
    }

    /// The compound score, with `[neg, neu, pos]` as proportions.
    fn score(&self, text: &str) -> Sentiment {
        let out = self.analyze_scores(text);
        Sentiment::new(out.compound, [out.neg, out.neu, out.pos])
    }

    fn score_answer(&self, text: &str, question: Option<&str>) -> Sentiment {
        let mode = match question {
            Some(question) if is_improvement_question(question) => AnswerMode::Improvement,
            _ => AnswerMode::Bare,
        };
        let out = self.run(text, mode, false);
        Sentiment::new(out.compound, [out.neg, out.neu, out.pos])
    }
}

/// Whether the text answers a question about what to improve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AnswerMode {
    /// The question is unknown or of another kind.
    Bare,
    /// The question asks what could be improved.
    Improvement,
}

/// Token mark (a bit of [`Token::flags`] that VADER's rules leave alone): the healthcare
/// lexicon set the word's valence. Read into `Scratch::health` right after tokenizing.
const HEALTH: u8 = 32;
/// Token mark: the punctuation after the token ends a clause (into `Scratch::clause_ends`).
const CLAUSE_END: u8 = 64;
/// Token mark: a phrase may start at the token, i.e. its tag opens a phrase or is a number
/// word (`Model::opens`), or it starts with a digit; exactly the tokens for which
/// [`HealthRules::match_phrase`] tries a phrase. Kept by the emoji merge, which keeps the tag.
const OPENS: u8 = 128;

/// The buffers of one call of [`HealthRules::run`], kept per thread ([`SCRATCH`]) so that
/// scoring a text allocates nothing once the thread has scored a few. After
/// [`HealthRules::score_tokens`], `sentiments`, `health` and `spans` hold one entry per token:
/// its sentiment, whether its valence comes from the healthcare lexicon, and the byte range of
/// the token (or of the phrase it anchors) in the scored text.
#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    raws: Vec<Range<usize>>,
    spans: Vec<Range<usize>>,
    health: Vec<bool>,
    clause_ends: Vec<bool>,
    sentiments: Vec<f64>,
    padded: Vec<Token>,
    padded_sentiments: Vec<f64>,
    words: WordCache,
}

thread_local! {
    /// Each thread's [`Scratch`].
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The union of two ascending lists, ascending (an index in both comes out twice).
fn merge_sorted<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if y < x => {
                j += 1;
                y
            }
            (Some(&x), _) => {
                i += 1;
                x
            }
            (None, Some(&y)) => {
                j += 1;
                y
            }
            (None, None) => return None,
        };
        Some(next)
    })
}

/// Whether a token is a duration of an hour or more written as one word ("4hrs", "3-hour").
fn is_duration(word: &str) -> bool {
    let unit = word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
    unit.len() < word.len()
        && word.starts_with(|c: char| c.is_ascii_digit())
        && matches!(
            unit.to_ascii_lowercase().as_str(),
            "h" | "hr"
                | "hrs"
                | "hour"
                | "hours"
                | "day"
                | "days"
                | "week"
                | "weeks"
                | "month"
                | "months"
                | "year"
                | "years"
        )
}

/// Whether the punctuation after a word ends a clause.
#[inline]
fn ends_clause(trailing: &[u8]) -> bool {
    trailing.iter().any(|&b| matches!(b, b',' | b'.' | b';' | b':' | b'!' | b'?'))
}

/// Whether a survey question asks what could be improved.
fn is_improvement_question(question: &str) -> bool {
    let question = question.to_lowercase();
    ["improve", "better", "change", "differently", "could we do", "suggest"]
        .iter()
        .any(|cue| question.contains(cue))
}

#[cfg(test)]
mod tests;
