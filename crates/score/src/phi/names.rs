//! Names of private persons, found from their context.
//!
//! A capitalized word is a name when something around it says it is a person who is not staff:
//! a relative before it ("my mother Jane Doe", "her husband Tom", "Tyler's mom"), a courtesy
//! title ("Ms. Alvarez", unless a role is next to it: "Mr Jones the consultant"), the word
//! patient ("patient John Smith"), a greeting at the start of a sentence ("Hi John,", "Dear
//! Mr. Okonkwo"), a self-introduction ("my name is", "this is Kevin Marsh", "my account is
//! under Marcus Whitfield"), a signature at the end ("- Mary K.", "Regards, Sam"), "the Smith
//! family", or a common given name followed by a surname ("Jane Doe"). Every later occurrence of
//! a name found this way is a name too. Names inside a staff mention (a role and a name: "Nurse
//! Amy", "Dr. Okafor", "our midwife Sarah") are never names here.

use rustc_hash::FxHashSet;
use std::ops::Range;

use super::Candidate;
use super::context::{Token, Words};
use super::lexicon::{
    AFTER_GREETING, GREETING, GREETINGS, NOT_NAMES, PERSON_NOUN, POSSESSIVES, RELATIVE,
    RELATIVE_TITLE, RELATIVES, SIGN_OFFS, TITLE, TITLES, class_of, may_open_rule,
};
use super::tokens::{any_word, with_lower_word};
use crate::aspects::is_role_word;
use bedside_types::PhiKind;

/// Who a name belongs to, as far as the rule that found it can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Whose {
    /// The author ("my name is", a signature).
    Author,
    /// Someone else: a relative, another patient.
    Other,
    /// The person the text speaks to ("Hi John,", "Thank you, Renee!"): in a reply, the
    /// author of the post it answers, whose name is already public beside it.
    Addressee,
}

/// A name found, with whose it is.
#[derive(Clone, Debug)]
pub(super) struct NameHit {
    pub candidate: Candidate,
    pub whose: Whose,
}

/// The names in `words`, with whose they are.
pub(super) fn find(
    words: &mut Words<'_>,
    text: &str,
    first_names: &FxHashSet<String>,
) -> Vec<NameHit> {
    // The walk of `may_find` pays on short texts, where most have no name; a long text
    // mostly has a capitalized word that may be one, found after a long walk.
    if text.len() <= 100 && !may_find(text, first_names) {
        return Vec::new();
    }
    find_all::<true>(words, text, first_names)
}

/// [`find`], without its prefilter. With `SKIP_PLAIN`, a word that is not capitalized and that
/// no rule opens at ([`may_open_rule`]) is passed over at once: most words are such.
pub(super) fn find_all<const SKIP_PLAIN: bool>(
    words: &mut Words<'_>,
    text: &str,
    first_names: &FxHashSet<String>,
) -> Vec<NameHit> {
    let tokens = words.tokens();
    let finder = Finder { text, tokens, first_names };
    let mut out: Vec<NameHit> = Vec::new();
    let mut push = |span: Range<usize>, confidence: f32, whose: Whose| {
        out.push(NameHit { candidate: Candidate { kind: PhiKind::Name, span, confidence }, whose });
    };
    for at in 0..tokens.len() {
        let lower = tokens[at].lower;
        if !tokens[at].is_word {
            continue;
        }
        let capitalized = finder.is_capitalized(at);
        if SKIP_PLAIN && !capitalized && !may_open_rule(lower) {
            continue;
        }
        let class = class_of(lower);
        if class & RELATIVE != 0
            && tokens.get(at + 1).is_some_and(|t| t.lower == "of")
            && let Some((span, _)) = finder.name(at + 2, false)
        {
            // "mum of Finn".
            push(span, 0.85, Whose::Other);
        } else if class & RELATIVE != 0 && finder.possessive_before(at) {
            let mut next = at + 1;
            while next < tokens.len()
                && matches!(
                    tokens[next].lower,
                    "," | "(" | "named" | "called" | ":" | "-" | "—" | "–"
                )
            {
                next += 1;
            }
            if let Some((span, end)) = finder.name(next, true) {
                push(span, 0.95, Whose::Other);
                // "our twins Ava and Isla".
                if tokens.get(end).is_some_and(|t| t.lower == "and")
                    && let Some((second, _)) = finder.name(end + 1, true)
                {
                    push(second, 0.9, Whose::Other);
                }
            }
            if let Some(possessor) = finder.possessor_name(at) {
                push(possessor, 0.85, Whose::Other);
            }
        } else if class & RELATIVE_TITLE != 0 {
            if let Some((span, _)) = finder.name(at + 1, false) {
                push(span, 0.85, Whose::Other);
            }
        } else if class & TITLE != 0 && capitalized {
            let next = at + 1 + usize::from(tokens.get(at + 1).is_some_and(|t| t.lower == "."));
            if let Some((span, end)) = finder.name(next, false)
                && !finder.role_near(at, end)
            {
                // "Dear Mr. Okonkwo," speaks to him; "Mr Delaney in the next bed" is about him.
                let greeted = at > 0
                    && GREETINGS.contains(&tokens[at - 1].lower)
                    && finder.sentence_start(at - 1);
                push(span, 0.9, if greeted { Whose::Addressee } else { Whose::Other });
            }
        } else if class & PERSON_NOUN != 0 {
            let mut next = at + 1;
            let mut cued = lower == "patient";
            while next < tokens.len()
                && matches!(tokens[next].lower, "," | "named" | "called" | "name" | ":" | "is")
            {
                cued |= matches!(tokens[next].lower, "named" | "called" | "name");
                next += 1;
            }
            if cued && let Some((span, _)) = finder.name(next, false) {
                push(span, 0.9, Whose::Other);
            }
        } else if class & GREETING != 0 && finder.sentence_start(at) {
            let next = at + 1;
            let title = tokens.get(next).is_some_and(|t| TITLES.contains(&t.lower));
            if !title
                && let Some((span, end)) = finder.name(next, false)
                && tokens.get(end).is_none_or(|t| AFTER_GREETING.contains(&t.lower))
            {
                push(span, 0.85, Whose::Addressee);
            }
        } else if let Some(next) = finder.self_introduction(at) {
            if let Some((span, end)) = finder.name(next, false) {
                let full = end > next + 1;
                let closed = tokens.get(end).is_none_or(|t| {
                    !t.is_word || matches!(t.lower, "and" | "from" | "here" | "i" | "my" | "again")
                });
                let known = finder.first_names.contains(tokens[next].lower);
                if full || closed || known || lower == "name" || lower == "names" {
                    push(span, 0.85, Whose::Author);
                }
            }
        } else if lower == "the"
            && let Some((span, end)) = finder.name(at + 1, false)
            && tokens
                .get(end)
                .is_some_and(|t| matches!(t.lower, "family" | "household" | "family's"))
        {
            push(span, 0.8, Whose::Author);
        } else if capitalized
            && let Some((span, end)) = finder.name(at, false)
            && !finder.titled_before(at)
        {
            // The name first: most capitalized words are none, so the given names are looked
            // up for few words.
            if end >= at + 2
                && finder.tokens[at + 1].is_word
                && finder.tokens[end - 1].span.end - finder.tokens[end - 1].span.start > 1
                && finder.first_names.contains(lower)
            {
                push(span, 0.6, Whose::Other);
                continue;
            }
            let next = |i: usize| tokens.get(i).map_or("", |t| t.lower);
            let after_comma = at > 0 && tokens[at - 1].lower == ",";
            let closes = matches!(next(end), "" | "." | "!" | "?" | "\n" | "x" | "xx" | "xxx");
            let comma = usize::from(next(end) == ",");
            let relative_after = POSSESSIVES.contains(&next(end + comma))
                && (RELATIVES.contains(&next(end + comma + 1))
                    || RELATIVES.contains(&next(end + comma + 2)));
            let vocative_first = next(end) == ","
                && matches!(
                    next(end + 1),
                    "thanks"
                        | "thank"
                        | "we"
                        | "we're"
                        | "we've"
                        | "we'll"
                        | "sorry"
                        | "please"
                        | "you"
                        | "your"
                        | "congratulations"
                        | "congrats"
                        | "welcome"
                        | "hi"
                        | "hello"
                )
                && finder.sentence_start(at);
            let sure_name = || {
                comma == 1
                    || end >= at + 2
                    || finder.first_names.contains(trim_possessives(tokens[at].lower))
            };
            if relative_after && sure_name() {
                // "Maria my wife gave birth", "Eileen, my late wife, was".
                push(span, 0.85, Whose::Other);
            } else if vocative_first {
                // "Craig, thanks for the shoutout!"
                push(span, 0.8, Whose::Addressee);
            } else if next(end) == "here"
                && matches!(next(end + 1), "" | "," | "." | "!" | "-" | "\n")
            {
                // "Ken here, back on my feet".
                push(span, 0.8, Whose::Author);
            } else if after_comma && closes && finder.addresses_reader(at) {
                // "Thanks again, Kwame." "We're sorry about your visit, Fatima."
                push(span, 0.75, Whose::Addressee);
            } else if end >= at + 2
                && finder.mid_sentence(at)
                && (at + 1..end).all(|i| tokens[i].is_word)
                && finder.word(end - 1).chars().count() > 1
            {
                // Two capitalized words in the middle of a sentence: "sent my results to
                // Zeynep MacLeod".
                push(span, 0.5, Whose::Other);
            }
        }
    }
    if let Some(span) = finder.signature() {
        push(span, 0.8, Whose::Author);
    }
    out
}

/// False if [`find`] finds no name in `text`, read without tokenizing it: every rule needs a
/// word [`Finder::name_word`] takes without `lowercase` (capitalized, not a common word nor a
/// role), or a relative (after which a lowercase given name counts). Most texts have neither.
pub(super) fn may_find(text: &str, first_names: &FxHashSet<String>) -> bool {
    let bytes = text.as_bytes();
    any_word(text, |span| {
        let first = bytes[span.start];
        if RELATIVES.may_hold(&bytes[span.clone()])
            && with_lower_word(&text[span.clone()], class_of) & RELATIVE != 0
        {
            return true;
        }
        let capitalized = if first.is_ascii() {
            first.is_ascii_uppercase()
        } else {
            text[span.start..].chars().next().is_some_and(char::is_uppercase)
        };
        // The word alone: `name_word` then skips only its check of the token before (a
        // handle's `@`), which can only turn a name word down.
        capitalized
            && with_lower_word(&text[span.clone()], |lower| {
                let token = [Token { span, lower, is_word: true }];
                Finder { text, tokens: &token, first_names }.name_word(0, false).is_some()
            })
    })
}

struct Finder<'a> {
    text: &'a str,
    tokens: &'a [Token<'a>],
    first_names: &'a FxHashSet<String>,
}

impl Finder<'_> {
    fn word(&self, at: usize) -> &str {
        &self.text[self.tokens[at].span.clone()]
    }

    #[inline(always)]
    fn is_capitalized(&self, at: usize) -> bool {
        // Tokens are never empty: an ASCII first byte is the first character.
        match self.text.as_bytes()[self.tokens[at].span.start] {
            b if b.is_ascii() => b.is_ascii_uppercase(),
            _ => self.word(at).chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// A possessive determiner (or a possessive name, "Tyler's") within the four tokens
    /// before `at`, with only words between ("my 92-year-old mother", "my 8 year old son").
    fn possessive_before(&self, at: usize) -> bool {
        self.tokens[at.saturating_sub(4)..at].iter().rev().take_while(|t| t.is_word).any(|t| {
            POSSESSIVES.contains(&t.lower)
                || (t.lower.ends_with("'s") && t.lower.len() > 2)
                || t.lower.ends_with("s'")
        })
    }

    /// "Tyler's mom": the capitalized possessive right before the relative at `at`.
    fn possessor_name(&self, at: usize) -> Option<Range<usize>> {
        let before = at.checked_sub(1)?;
        let token = &self.tokens[before];
        let bare = token.lower.strip_suffix("'s")?;
        if !self.is_capitalized(before) || NOT_NAMES.contains(&bare) || is_role_word(bare) {
            return None;
        }
        Some(strip_possessive(self.text, token.span.clone()))
    }

    /// True if `at` starts a sentence or a line, or follows only @handles there.
    fn sentence_start(&self, at: usize) -> bool {
        let mut before = self.text[..self.tokens[at].span.start].trim_end();
        loop {
            let word_start = before
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
            let handle = before[..word_start].ends_with('@') && word_start < before.len();
            if !handle {
                break;
            }
            before = before[..word_start - 1].trim_end();
        }
        before.is_empty() || before.ends_with(['.', '!', '?', '\n', '"', '“', ':'])
    }

    /// True if the sentence before `at` speaks to the reader ("you", "your", "thanks",
    /// "sorry").
    fn addresses_reader(&self, at: usize) -> bool {
        self.tokens[..at]
            .iter()
            .rev()
            .take_while(|t| !matches!(t.lower, "." | "!" | "?" | "\n"))
            .any(|t| {
                matches!(
                    t.lower,
                    "you"
                        | "your"
                        | "thanks"
                        | "thank"
                        | "sorry"
                        | "welcome"
                        | "congratulations"
                        | "congrats"
                        | "we"
                        | "we're"
                        | "we've"
                        | "we'll"
                        | "glad"
                        | "hope"
                )
            })
    }

    /// True if the word before `at` is a lowercase word (not the start of a sentence, a title
    /// or a heading).
    fn mid_sentence(&self, at: usize) -> bool {
        at > 0 && {
            let prev = &self.tokens[at - 1];
            prev.is_word && !self.is_capitalized(at - 1)
        }
    }

    /// A title ("Dr", "St") right before `at`.
    fn titled_before(&self, at: usize) -> bool {
        let mut index = at;
        if index > 0 && self.tokens[index - 1].lower == "." {
            index -= 1;
        }
        index > 0 && {
            let lower = self.tokens[index - 1].lower;
            is_role_word(lower) || matches!(lower, "st" | "saint" | "mr" | "mrs" | "ms" | "miss")
        }
    }

    /// A role word among the two tokens before `at` or after `end` ("Mr Jones, consultant").
    fn role_near(&self, at: usize, end: usize) -> bool {
        let before = self.tokens[at.saturating_sub(2)..at].iter();
        let after = self.tokens[end..(end + 3).min(self.tokens.len())].iter();
        before.chain(after).any(|t| t.is_word && is_role_word(t.lower.trim_end_matches('.')))
    }

    /// The index where a name starts after a self-introduction at `at` ("my name is",
    /// "this is", "I'm", "under").
    fn self_introduction(&self, at: usize) -> Option<usize> {
        let lower = |i: usize| self.tokens.get(i).map_or("", |t| t.lower);
        match lower(at) {
            "name" | "names" if lower(at + 1) == "is" || lower(at + 1) == "was" => Some(at + 2),
            "name" if lower(at + 1) == ":" => Some(at + 2),
            "name's" => Some(at + 1),
            "i'm" | "im" => Some(at + 1),
            "i" if lower(at + 1) == "am" => Some(at + 2),
            "this" if lower(at + 1) == "is" => Some(at + 2),
            "under" => {
                let skip = if lower(at + 1) == "the" && lower(at + 2) == "name" { 3 } else { 1 };
                let next = at + skip;
                // "under Marcus Whitfield": a full name, so "under General Anaesthetic" is not.
                (self.tokens.get(next + 1).is_some_and(|t| t.is_word) || skip == 3).then_some(next)
            }
            "registered" if lower(at + 1) == "as" => Some(at + 2),
            _ => None,
        }
    }

    /// A name of up to three words at `at`: its span (without a possessive `'s`) and the index
    /// after it. With `lowercase`, a known given name written in lowercase counts too; without
    /// it, none starts at a word that is not [capitalized](Self::is_capitalized), which callers
    /// check first as it is cheaper.
    fn name(&self, at: usize, lowercase: bool) -> Option<(Range<usize>, usize)> {
        let first = self.name_word(at, lowercase)?;
        let mut span = first.0;
        let mut end = at + 1;
        if first.1 {
            return Some((span, end));
        }
        while end < at + 3 {
            let Some(token) = self.tokens.get(end) else { break };
            if !token.is_word {
                break;
            }
            let particle = matches!(
                token.lower,
                "de" | "van" | "von" | "da" | "del" | "di" | "la" | "le" | "bin" | "al"
            );
            if particle && let Some((next, possessive)) = self.name_word(end + 1, false) {
                span.end = next.end;
                end += 2;
                if possessive {
                    break;
                }
                continue;
            }
            let word = self.word(end);
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial {
                span.end = token.span.end;
                end += 1;
                continue;
            }
            match self.name_word(end, lowercase && self.first_names.contains(self.tokens[at].lower))
            {
                Some((next, possessive)) => {
                    span.end = next.end;
                    end += 1;
                    if possessive {
                        break;
                    }
                }
                None => break,
            }
        }
        Some((span, end))
    }

    /// A word that can be part of a name: its span without a possessive, and whether it had
    /// one.
    fn name_word(&self, at: usize, lowercase: bool) -> Option<(Range<usize>, bool)> {
        let token = self.tokens.get(at)?;
        if !token.is_word || !lowercase && !self.is_capitalized(at) {
            // Without `lowercase`, a word that is not capitalized has no name's shape (below).
            return None;
        }
        // "@StMarysHosp", "#NursesWeek": handles and hashtags are not names.
        if at > 0
            && matches!(self.tokens[at - 1].lower, "@" | "#")
            && self.tokens[at - 1].span.end == token.span.start
        {
            return None;
        }
        let (bare_lower, possessive) = match token.lower.strip_suffix("'s") {
            Some(bare) => (bare, true),
            None => (token.lower, false),
        };
        let span = if possessive {
            strip_possessive(self.text, token.span.clone())
        } else {
            token.span.clone()
        };
        let word = &self.text[span.clone()];
        let bytes = word.as_bytes();
        // An ASCII word (nearly every one) is read byte by byte, in one pass.
        let (mut has_lower, mut digit, mut ascii) = (false, false, true);
        for &b in bytes {
            has_lower |= b.is_ascii_lowercase();
            digit |= b.is_ascii_digit();
            ascii &= b.is_ascii();
        }
        let shape = match bytes.first() {
            None => return None,
            Some(b) if ascii && b.is_ascii_uppercase() => has_lower,
            Some(_) if ascii => lowercase && self.first_names.contains(bare_lower),
            Some(_) => {
                let first = word.chars().next()?;
                if first.is_uppercase() {
                    word.chars().any(char::is_lowercase)
                } else {
                    lowercase && self.first_names.contains(bare_lower)
                }
            }
        };
        if !shape || digit || NOT_NAMES.contains(&bare_lower) || is_role_word(bare_lower) {
            return None;
        }
        // "Greaves' follow-up": a possessive apostrophe after the word.
        let trailing_apostrophe = self.text[token.span.end..]
            .strip_prefix(['\'', '’'])
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()));
        Some((span, possessive || trailing_apostrophe))
    }

    /// A signature at the very end: a dash or a sign-off, then a name, then maybe `.`/`!`.
    fn signature(&self) -> Option<Range<usize>> {
        let tokens = self.tokens;
        let mut end = tokens.len();
        while end > 0 && matches!(tokens[end - 1].lower, "." | "!" | "\n" | "x" | "xx" | "xxx") {
            end -= 1;
        }
        for start in (end.saturating_sub(4)..end).rev() {
            // No name starts at a word that is not capitalized (`name_word`), found cheaper.
            if !tokens[start].is_word || !self.is_capitalized(start) {
                continue;
            }
            let Some((span, name_end)) = self.name(start, false) else { continue };
            if name_end != end {
                continue;
            }
            let mut before = start;
            while before > 0 && tokens[before - 1].lower == "," {
                before -= 1;
            }
            let cue = before.checked_sub(1).map(|i| &tokens[i]);
            let dash = cue.is_some_and(|t| matches!(t.lower, "-" | "—" | "–" | "~"));
            let sign_off = cue.is_some_and(|t| SIGN_OFFS.contains(&t.lower))
                && before >= 1
                && (before == 1
                    || !tokens[before - 2].is_word
                    || tokens[before - 2].lower == "\n"
                    || tokens[before - 2].lower == "kind");
            // "Cheers for nothing. Gareth Pugh": a full name alone after the last sentence.
            let full_after_sentence = cue.is_some_and(|t| matches!(t.lower, "." | "!"))
                && name_end - start >= 2
                && tokens[start..name_end].iter().all(|t| t.is_word);
            let new_line = cue.is_some_and(|t| t.lower == "\n")
                && (name_end - start >= 2 || self.first_names.contains(tokens[start].lower));
            if dash || sign_off || new_line || full_after_sentence {
                return Some(span);
            }
        }
        None
    }
}

/// `span` without a trailing possessive `'s` (or `’s`), sliced from the text as written: the
/// lowercased form may differ in length, and the typographic apostrophe is 3 bytes.
fn strip_possessive(text: &str, span: Range<usize>) -> Range<usize> {
    let word = &text[span.clone()];
    let bare =
        word.strip_suffix(['s', 'S']).and_then(|w| w.strip_suffix(['\'', '’'])).unwrap_or(word);
    span.start..span.start + bare.len()
}

/// `word` without every trailing `'s` (`str::trim_end_matches("'s")`, without building a
/// substring searcher per call).
fn trim_possessives(word: &str) -> &str {
    let mut word = word;
    while let Some(bare) = word.strip_suffix("'s") {
        word = bare;
    }
    word
}
