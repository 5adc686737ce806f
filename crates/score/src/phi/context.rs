//! The words of a text and the context questions the PHI rules ask about them: is this
//! sentence about a person, who owns this phone number, what word comes before.

use std::cell::Cell;
use std::ops::Range;

use super::lexicon::WordSet;
pub(super) use super::tokens::Token;
#[cfg(test)]
pub(super) use super::tokens::tokenize;
use super::tokens::{lower_text_into, tokenize_into};
use crate::reuse::emptied;

/// The tokens of a text, built on first use: most texts need no context at all.
pub(super) struct Words<'t> {
    text: &'t str,
    /// The memory for the text's lowercase copy, until the tokens are built from it.
    lower: Option<&'t mut LowerText>,
    tokens: Option<Vec<Token<'t>>>,
}

/// The memory of a text's lowercase copy ([`Token::lower`] are slices of it), taken from this
/// thread's spare one and given back when dropped: make one per text, before its [`Words`].
pub(super) struct LowerText(Vec<u8>);

thread_local! {
    /// The memory of the last [`Words`] dropped on this thread, for the next text's tokens
    /// (empty: it holds no token, so no borrow of a text).
    static TOKENS: Cell<Vec<Token<'static>>> = const { Cell::new(Vec::new()) };
    /// The memory of the last [`LowerText`] dropped on this thread.
    static LOWER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

impl LowerText {
    /// This thread's spare memory.
    pub(super) fn take() -> LowerText {
        LowerText(LOWER.take())
    }
}

impl Drop for LowerText {
    fn drop(&mut self) {
        LOWER.set(std::mem::take(&mut self.0));
    }
}

impl Drop for Words<'_> {
    fn drop(&mut self) {
        if let Some(tokens) = self.tokens.take() {
            TOKENS.set(emptied(tokens));
        }
    }
}

/// Whose contact detail a phone number or e-mail address is, judging by the words before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Owner {
    /// "call me on", "my cell", "my mum's number is".
    Person,
    /// "call us at", "the billing office on", "their helpline".
    Organization,
    /// No cue.
    Unknown,
}

/// Words that make a sentence about a person: pronouns, relatives and events of care.
static PERSONAL: WordSet = WordSet::new(&[
    "i",
    "i'm",
    "im",
    "i've",
    "i'd",
    "me",
    "my",
    "mine",
    "myself",
    "you",
    "your",
    "you're",
    "yours",
    "he",
    "she",
    "his",
    "her",
    "him",
    "hers",
    "he's",
    "she's",
    "mum",
    "mom",
    "dad",
    "mother",
    "father",
    "husband",
    "wife",
    "son",
    "daughter",
    "brother",
    "sister",
    "grandma",
    "grandpa",
    "nan",
    "gran",
    "grandmother",
    "grandfather",
    "partner",
    "baby",
    "born",
    "dob",
    "birth",
    "birthday",
    "admitted",
    "admission",
    "discharged",
    "discharge",
    "died",
    "passed",
    "death",
    "surgery",
    "operation",
    "procedure",
    "seen",
    "biopsy",
    "diagnosed",
    "delivered",
    "treated",
    "transferred",
    "patient",
    "uncle",
    "aunt",
    "auntie",
    "cousin",
    "niece",
    "nephew",
    "grandson",
    "granddaughter",
    "friend",
    "neighbour",
    "neighbor",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancee",
    "nana",
    "granny",
    "grandad",
    "granddad",
    "stepdad",
    "stepmum",
    "stepmom",
    "records",
    "chart",
]);

/// Cues that an address is the organization's ("the hospital at 900 Main Street").
const ORG_PLACE: &[&str] = &[
    "us",
    "hospital",
    "clinic",
    "office",
    "practice",
    "located",
    "centre",
    "center",
    "pharmacy",
    "campus",
    "site",
    "building",
    "headquarters",
    "hq",
    "branch",
    "surgery",
    "offices",
];

/// Words after a number that make it a measurement, not an age.
const UNITS: &[&str] = &[
    "%", "percent", "degrees", "°", "minutes", "mins", "min", "hours", "hrs", "hour", "days",
    "weeks", "months", "seconds", "secs", "pounds", "lbs", "lb", "kg", "mg", "ml", "mmol", "bpm",
    "dollars", "quid", "pence", "p", "cents", "times", "people", "patients", "beds", "miles",
    "mph", "steps", "calls", "texts", "emails", "pages", "quid", "grand", "k", "euros", "sec",
    "units", "points",
];

/// Words before a number that make it a measurement ("her sats were 92").
const MEASURES: &[&str] = &[
    "sats",
    "saturation",
    "saturations",
    "oxygen",
    "o2",
    "pulse",
    "rate",
    "bp",
    "pressure",
    "temperature",
    "temperatures",
    "temp",
    "temps",
    "fever",
    "spiked",
    "heart",
    "reading",
    "score",
    "weight",
    "sugar",
    "sugars",
    "glucose",
    "level",
    "levels",
    "number",
    "room",
    "bed",
    "ward",
    "bay",
    "floor",
    "page",
    "minute",
    "minutes",
    "hour",
    "cost",
    "price",
    "bill",
    "paid",
    "charged",
    "queue",
    "position",
    "ticket",
];

/// Words before a date without a year that make it a date rather than a fraction or a score.
const DATE_CUES: &[&str] = &[
    "on",
    "from",
    "since",
    "dob",
    "born",
    "until",
    "till",
    "til",
    "by",
    "dated",
    "date",
    "before",
    "after",
    "of",
    "the",
    "admitted",
    "discharged",
    "died",
    "seen",
    "was",
    "is",
];

/// Words that tie a month and year to a person's life event.
const STRONG_DATE_CUES: &[&str] = &[
    "born",
    "dob",
    "birth",
    "birthday",
    "died",
    "passed",
    "death",
    "admitted",
    "admission",
    "discharged",
    "discharge",
    "diagnosed",
    "deceased",
];

/// Cues that a contact detail belongs to a person.
const PERSON_CONTACT: &[&str] = &[
    "me",
    "my",
    "mine",
    "i",
    "i'm",
    "im",
    "his",
    "her",
    "him",
    "mum's",
    "mom's",
    "dad's",
    "husband's",
    "wife's",
    "son's",
    "daughter's",
    "cell",
    "mobile",
    "personal",
    "home",
];

/// Cues that a contact detail belongs to the organization.
const ORG_CONTACT: &[&str] = &[
    "us",
    "our",
    "their",
    "them",
    "they",
    "hospital",
    "hospital's",
    "clinic",
    "clinic's",
    "office",
    "department",
    "dept",
    "services",
    "service",
    "team",
    "desk",
    "reception",
    "billing",
    "helpline",
    "hotline",
    "switchboard",
    "line",
    "ward",
    "pals",
    "practice",
    "pharmacy",
    "relations",
    "experience",
    "appointments",
    "scheduling",
    "center",
    "centre",
    "unit",
    "hr",
    "trust",
    "nhs",
    "111",
    "dial",
    "gp",
    "gp's",
    "doctor's",
    "practice's",
    "surgery's",
    "pharmacy's",
    "ward's",
    "office's",
];

/// Words after a `x/y` that make it a rating: "10/10 would recommend", "4/5 stars".
const RATING_AFTER: &[&str] = &["stars", "star", "would", "rating", "rated", "score", "overall"];

impl<'t> Words<'t> {
    /// The words of `text`, to be lowercased into `lower` when first needed.
    pub(super) fn new(text: &'t str, lower: &'t mut LowerText) -> Words<'t> {
        Words { text, lower: Some(lower), tokens: None }
    }

    /// The tokens, built on first call.
    pub(super) fn tokens(&mut self) -> &[Token<'t>] {
        if self.tokens.is_none() {
            let buffer = self.lower.take().expect("BUG: the lowercase copy is made once");
            lower_text_into(self.text, &mut buffer.0);
            let lower: &'t [u8] = &buffer.0;
            let mut tokens = emptied(TOKENS.take());
            tokenize_into(self.text, lower, &mut tokens);
            self.tokens = Some(tokens);
        }
        self.tokens.as_deref().unwrap_or_default()
    }

    /// The index of the first token that starts at or after `at`.
    fn index_at(&mut self, at: usize) -> usize {
        self.tokens().partition_point(|t| t.span.start < at)
    }

    /// The token range of the sentence holding byte `at`.
    fn sentence(&mut self, at: usize) -> Range<usize> {
        let index = self.index_at(at);
        let tokens = self.tokens();
        let is_end = |i: usize| {
            let t = &tokens[i];
            match t.lower {
                "\n" | "!" | "?" => true,
                "." => {
                    let title =
                        i > 0 && matches!(tokens[i - 1].lower, "mr" | "mrs" | "ms" | "dr" | "st");
                    let glued = tokens.get(i + 1).is_some_and(|n| n.span.start == t.span.end);
                    !title && !glued
                }
                _ => false,
            }
        };
        let mut start = index.min(tokens.len());
        while start > 0 && !is_end(start - 1) {
            start -= 1;
        }
        let mut end = index;
        while end < tokens.len() && !is_end(end) {
            end += 1;
        }
        start..end
    }

    /// True if the word before byte `at` is "version" or "v" (`version 10.2.1.4`).
    pub(super) fn version_before(&mut self, at: usize) -> bool {
        let index = self.index_at(at);
        let tokens = self.tokens();
        tokens[..index]
            .iter()
            .rev()
            .find(|t| t.is_word)
            .is_some_and(|t| matches!(t.lower, "version" | "v" | "ver" | "build" | "release"))
    }

    /// True if bytes `a` and `b` are in the same sentence.
    pub(super) fn same_sentence(&mut self, a: usize, b: usize) -> bool {
        self.sentence(a) == self.sentence(b)
    }

    /// True if the sentence holding byte `at` is about a person (see [`PERSONAL`]).
    pub(super) fn personal_sentence(&mut self, at: usize) -> bool {
        let range = self.sentence(at);
        self.tokens()[range].iter().any(|t| PERSONAL.contains(&t.lower))
    }

    /// True if the word before byte `at` is a date cue ("on 6/12", "DOB 3/4").
    pub(super) fn date_cue_before(&mut self, at: usize) -> bool {
        let index = self.index_at(at);
        let tokens = self.tokens();
        tokens[..index]
            .iter()
            .rev()
            .find(|t| t.is_word)
            .is_some_and(|t| DATE_CUES.contains(&t.lower))
    }

    /// True if the sentence holding byte `at` has a birth, death, admission or discharge
    /// before it.
    pub(super) fn strong_date_cue(&mut self, at: usize) -> bool {
        let range = self.sentence(at);
        let index = self.index_at(at);
        self.tokens()[range.start..index.max(range.start)]
            .iter()
            .any(|t| STRONG_DATE_CUES.contains(&t.lower))
    }

    /// Whose address starts at byte `at`: the organization's after a place cue among the
    /// four words before it ("the hospital at"), else unknown.
    pub(super) fn place_owner_before(&mut self, at: usize) -> Owner {
        let range = self.sentence(at);
        let index = self.index_at(at);
        let tokens = self.tokens();
        let before = &tokens[range.start..index.max(range.start)];
        for token in before.iter().rev().filter(|t| t.is_word).take(4) {
            if PERSON_CONTACT.contains(&token.lower) {
                return Owner::Person;
            }
            if ORG_PLACE.contains(&token.lower) {
                return Owner::Organization;
            }
        }
        Owner::Unknown
    }

    /// Whose contact detail starts at byte `at`: the nearest cue among the six words before
    /// it, in the same sentence.
    pub(super) fn contact_owner_before(&mut self, at: usize) -> Owner {
        let range = self.sentence(at);
        let index = self.index_at(at);
        let tokens = self.tokens();
        let before = &tokens[range.start..index.max(range.start)];
        for token in before.iter().rev().filter(|t| t.is_word).take(6) {
            let word = token.lower;
            if PERSON_CONTACT.contains(&word) {
                return Owner::Person;
            }
            if ORG_CONTACT.contains(&word) {
                return Owner::Organization;
            }
        }
        Owner::Unknown
    }
}

/// True if the number at `span` has no unit after it, no measurement or currency before it.
pub(super) fn plain_number(text: &str, span: Range<usize>) -> bool {
    let next: String = text[span.end..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '%' || *c == '°')
        .collect::<String>()
        .to_ascii_lowercase();
    if UNITS.contains(&next.as_str())
        || text[span.end..].starts_with(['.', ',', '/', ':'])
            && text[span.end + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    let before: Vec<String> = text[..span.start]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .map(str::to_ascii_lowercase)
        .collect();
    let currency = text[..span.start].trim_end().ends_with(['$', '£', '€']);
    !currency && !before.iter().any(|w| MEASURES.contains(&w.as_str()))
}

/// True if the word after byte `end` makes a `x/y` a rating.
pub(super) fn rating_after(text: &str, end: usize) -> bool {
    let next: String = text[end..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    RATING_AFTER.contains(&next.as_str())
}
