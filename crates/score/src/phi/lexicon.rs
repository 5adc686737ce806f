//! The word lists of the name rules (see [`super::names`]).

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::{LazyLock, OnceLock};

mod not_names;

pub(super) use not_names::NOT_NAMES;

/// Relatives and other private persons named after a possessive ("my husband Tom").
pub(super) static RELATIVES: WordSet = WordSet::new(&[
    "mother",
    "mum",
    "mom",
    "mommy",
    "mummy",
    "mama",
    "father",
    "dad",
    "daddy",
    "papa",
    "husband",
    "hubby",
    "wife",
    "son",
    "daughter",
    "brother",
    "sister",
    "grandmother",
    "grandma",
    "granny",
    "gran",
    "nan",
    "nana",
    "nanna",
    "grandfather",
    "grandpa",
    "grandad",
    "granddad",
    "aunt",
    "auntie",
    "aunty",
    "uncle",
    "cousin",
    "partner",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancé",
    "fiancee",
    "fiancée",
    "niece",
    "nephew",
    "baby",
    "child",
    "kid",
    "toddler",
    "newborn",
    "stepson",
    "stepdaughter",
    "stepmother",
    "stepfather",
    "stepdad",
    "stepmom",
    "stepmum",
    "mother-in-law",
    "father-in-law",
    "sister-in-law",
    "brother-in-law",
    "son-in-law",
    "daughter-in-law",
    "friend",
    "neighbour",
    "neighbor",
    "grandson",
    "granddaughter",
    "grandchild",
    "twin",
    "spouse",
    "flatmate",
    "roommate",
    "carer",
    "caregiver",
    "boy",
    "girl",
    "lad",
    "ward",
    "parent",
    "mate",
    "bestie",
    "godson",
    "goddaughter",
    "landlady",
    "landlord",
    "colleague",
    "coworker",
    "co-worker",
    "bf",
    "gf",
    "dh",
    "dd",
    "ds",
    "mil",
    "fil",
    "oh",
    "twins",
    "triplets",
    "kids",
    "children",
    "sons",
    "daughters",
    "grandkids",
    "grandchildren",
    "parents",
    "grandparents",
]);

/// Relatives used as a title before a name ("Grandma Rose", "Uncle Bob").
pub(super) static RELATIVE_TITLES: WordSet = WordSet::new(&[
    "grandma", "grandpa", "granny", "grandad", "granddad", "nana", "nanna", "nan", "gran", "aunt",
    "auntie", "aunty", "uncle", "cousin", "baby",
]);

/// Possessive determiners before a relative.
pub(super) const POSSESSIVES: &[&str] = &["my", "our", "his", "her", "their", "your", "whose"];

pub(super) const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "mister", "missus", "mstr"];

pub(super) static GREETINGS: WordSet = WordSet::new(&[
    "hi",
    "hello",
    "hey",
    "dear",
    "hiya",
    "howdy",
    "morning",
    "afternoon",
    "evening",
]);

pub(super) static SIGN_OFFS: WordSet = WordSet::new(&[
    "regards",
    "thanks",
    "cheers",
    "sincerely",
    "love",
    "best",
    "warmly",
    "yours",
    "signed",
    "from",
]);

/// People named with "named"/"called" ("a lady named Rose").
pub(super) static PERSON_NOUNS: WordSet = WordSet::new(&[
    "man",
    "woman",
    "lady",
    "gentleman",
    "guy",
    "gent",
    "chap",
    "fellow",
    "person",
    "patient",
    "patients",
    "resident",
    "client",
    "someone",
    "somebody",
]);

/// Words after a name in a greeting that end the greeting ("Hi John, we're sorry").
pub(super) static AFTER_GREETING: WordSet =
    WordSet::new(&[",", "!", ".", ":", "-", "—", "–", "\n", "we", "thank", "thanks", "sorry"]);

/// A fixed word list looked up by hash: the lists here are scanned for every token of every
/// text, so a linear `contains` over hundreds of words was a visible share of PHI detection.
/// Most words looked up are in no list, and [`Shapes`] turns them down without hashing.
pub(super) struct WordSet {
    words: &'static [&'static str],
    shapes: Shapes,
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordSet {
    /// The list of `words`.
    pub(super) const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet { words, shapes: Shapes::of(words), set: OnceLock::new() }
    }

    /// True if `word` is in the list (same signature as a slice's `contains`).
    pub(super) fn contains(&self, word: &&str) -> bool {
        self.shapes.may_hold(word.as_bytes())
            && self.set.get_or_init(|| self.words.iter().copied().collect()).contains(*word)
    }

    /// The words of the list.
    #[cfg(test)]
    pub(super) fn words(&self) -> &'static [&'static str] {
        self.words
    }

    /// False if `word` (its bytes) is not in the list, by its first and last byte and its
    /// length; true if it may be.
    pub(super) fn may_hold(&self, word: &[u8]) -> bool {
        self.shapes.may_hold(word)
    }
}

/// [`Shapes::letter`] of every byte.
const LETTERS: [u8; 256] = {
    let mut letters = [26; 256];
    let mut b = 0;
    while b < 26 {
        letters[(b'a' + b) as usize] = b;
        letters[(b'A' + b) as usize] = b;
        b += 1;
    }
    letters
};

/// The shapes of the words of a list: per first and last byte (an ASCII letter ignoring case,
/// or any other byte: 27 × 27), the byte lengths of the list's words, as bits (bit 31 for a
/// length of 31 or more). A word whose shape is not there is not in the list; the test is a
/// few instructions where hashing the word is dozens.
#[derive(Clone, Copy)]
pub(super) struct Shapes([u32; 27 * 27]);

impl Shapes {
    /// The shapes of `words` (none empty).
    const fn of(words: &[&str]) -> Shapes {
        let mut bits = [0; 27 * 27];
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_bytes();
            assert!(!word.is_empty(), "BUG: an empty word in a PHI word list");
            bits[Shapes::index(word[0], word[word.len() - 1])] |= Shapes::bit(word.len());
            i += 1;
        }
        Shapes(bits)
    }

    /// The shapes of both.
    fn union(self, other: Shapes) -> Shapes {
        let mut bits = self.0;
        for (bit, other) in bits.iter_mut().zip(other.0) {
            *bit |= other;
        }
        Shapes(bits)
    }

    /// The entry of a word by its first and last byte.
    const fn index(first: u8, last: u8) -> usize {
        Shapes::letter(first) * 27 + Shapes::letter(last)
    }

    /// `a`-`z` (either case) as 0-25, any other byte as 26.
    const fn letter(b: u8) -> usize {
        LETTERS[b as usize] as usize
    }

    /// The bit of a word's byte length.
    const fn bit(len: usize) -> u32 {
        1 << if len < 31 { len } else { 31 }
    }

    /// False if no word of the list is `word`; true if one may be.
    #[inline]
    fn may_hold(&self, word: &[u8]) -> bool {
        match (word.first(), word.last()) {
            (Some(&first), Some(&last)) => {
                self.0[Shapes::index(first, last)] & Shapes::bit(word.len()) != 0
            }
            _ => false,
        }
    }
}

/// [`class_of`] bit: in [`RELATIVES`].
pub(super) const RELATIVE: u8 = 1;
/// [`class_of`] bit: in [`RELATIVE_TITLES`].
pub(super) const RELATIVE_TITLE: u8 = 2;
/// [`class_of`] bit: in [`TITLES`].
pub(super) const TITLE: u8 = 4;
/// [`class_of`] bit: in [`PERSON_NOUNS`].
pub(super) const PERSON_NOUN: u8 = 8;
/// [`class_of`] bit: in [`GREETINGS`].
pub(super) const GREETING: u8 = 16;

/// The words after which a self-introduction rule reads a name (`Finder::self_introduction`,
/// whose words these must be), and `the` ("the Smith family").
pub(super) const INTRODUCTIONS: &[&str] =
    &["name", "names", "name's", "i'm", "im", "i", "this", "under", "registered", "the"];

/// False if no name rule opens at `word` (a token's lowercase form) unless the word is
/// capitalized: it is in none of the lists of [`class_of`] nor in [`INTRODUCTIONS`], by its
/// shape ([`Shapes`]). True if one may.
#[inline]
pub(super) fn may_open_rule(word: &str) -> bool {
    static SHAPES: LazyLock<Shapes> =
        LazyLock::new(|| classes().0.union(Shapes::of(INTRODUCTIONS)));
    SHAPES.may_hold(word.as_bytes())
}

/// The shapes of the words of the lists of [`class_of`], and the lists' bits of each word.
fn classes() -> &'static (Shapes, FxHashMap<&'static str, u8>) {
    static CLASSES: LazyLock<(Shapes, FxHashMap<&'static str, u8>)> = LazyLock::new(|| {
        let mut classes: FxHashMap<&'static str, u8> = FxHashMap::default();
        let mut shapes = Shapes::of(TITLES);
        let lists: [(&[&'static str], u8); 5] = [
            (RELATIVES.words, RELATIVE),
            (RELATIVE_TITLES.words, RELATIVE_TITLE),
            (TITLES, TITLE),
            (PERSON_NOUNS.words, PERSON_NOUN),
            (GREETINGS.words, GREETING),
        ];
        for (words, bit) in lists {
            shapes = shapes.union(Shapes::of(words));
            for &word in words {
                *classes.entry(word).or_default() |= bit;
            }
        }
        (shapes, classes)
    });
    &CLASSES
}

/// Which of the lists that open a name rule hold `word`, as bits: one lookup per token instead
/// of one per list.
#[inline]
pub(super) fn class_of(word: &str) -> u8 {
    let (shapes, classes) = classes();
    if !shapes.may_hold(word.as_bytes()) {
        return 0;
    }
    classes.get(word).copied().unwrap_or(0)
}
