//! The healthcare lexicon (`models/healthcare_lexicon.tsv`): word valences, word classes and
//! phrase rules, parsed once into the VADER tables extended with them and a phrase index.
//!
//! The file is embedded in the binary; a line it cannot parse is a bug caught by the unit tests,
//! so parsing panics with the line number (never with feedback text, which it never sees).

use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::vader::lexicon::{Edit, Tables};

/// The embedded healthcare lexicon.
const LEXICON_TSV: &str = include_str!("../../../../models/healthcare_lexicon.tsv");

/// The `format_version` this parser reads.
pub(super) const FORMAT_VERSION: u32 = 1;

/// The model, built on first use.
pub(super) static MODEL: LazyLock<Model> = LazyLock::new(|| Model::parse(LEXICON_TSV));

/// Where a phrase rule applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    /// Anywhere in a text.
    Anywhere,
    /// At the start of an answer to an improvement question ("what could we improve?"), ending
    /// the answer or its first clause.
    Answer,
    /// Like [`Scope::Answer`], but also when the question is unknown.
    BareAnswer,
    /// At the start of a text, whatever follows: an imperative opening an answer is a
    /// suggestion ("Respect the patient"), i.e. criticism.
    Lead,
}

/// One element of a phrase pattern.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Element {
    /// One of these word tags.
    Words(Box<[u16]>),
    /// A number: a token starting with a digit, or a number word ("two", "an", "several").
    Number,
    /// A duration in one token: digits then a unit of hours or more ("4hrs", "3-hour").
    Duration,
    /// Any one token.
    Any,
}

/// A phrase rule: a token pattern and the valence the phrase carries as a whole.
#[derive(Clone, Debug)]
pub(super) struct Phrase {
    pub(super) elements: Box<[Element]>,
    pub(super) valence: f64,
    pub(super) scope: Scope,
}

/// A `split` rule: the tags its first word may have, and its second word's, both sorted.
pub(super) type Split = (Box<[u16]>, Box<[u16]>);

/// The `sarcasm` rule: praise words that read as sarcasm beside a complaint, the words that
/// make a short sentence sincere praise, both as sorted tags, and the valence at or below which
/// a word is a complaint (see `HealthRules::score_tokens`).
#[derive(Debug)]
pub(super) struct Sarcasm {
    pub(super) praise: Box<[u16]>,
    pub(super) sincere: Box<[u16]>,
    pub(super) complaint: f64,
}

/// The parsed lexicon.
pub(super) struct Model {
    /// VADER's tables with the healthcare word valences and the tags of every word the rules
    /// name.
    pub(super) tables: Tables,
    /// Phrase rules, expanded so that no element is optional, in file order.
    pub(super) phrases: Vec<Phrase>,
    /// For each tag, the phrases whose first element accepts it, in file order.
    pub(super) by_first_tag: Vec<Vec<u32>>,
    /// For each tag with more than [`PAIR_INDEX_MIN`] phrases in `by_first_tag`: those with
    /// one element or whose second element is not a word list, in file order. The others are
    /// in `by_pair`.
    pub(super) unpaired: Vec<Vec<u32>>,
    /// For a first-word tag with more than [`PAIR_INDEX_MIN`] phrases and a second-word tag:
    /// the phrases of `by_first_tag` whose second element is a word list accepting the second
    /// tag, in file order. A word such as "I" or "could" opens hundreds of phrases; the word
    /// after it rules out nearly all of them at once.
    pub(super) by_pair: FxHashMap<(u16, u16), Box<[u32]>>,
    /// The phrases whose first element is a number.
    pub(super) number_first: Vec<u32>,
    /// For each tag, whether the healthcare lexicon set the word's valence.
    pub(super) health_word: Vec<bool>,
    /// For each tag, whether the word is a number word.
    pub(super) number_word: Vec<bool>,
    /// For each tag, whether a phrase can start at the word: it opens a phrase
    /// (`by_first_tag`) or is a number word. A word starting with a digit opens the
    /// number phrases too, whatever its tag.
    pub(super) opens: Vec<bool>,
    /// `split` rules: (first-word tags, second-word tags), both sorted. A text whose first two
    /// words match one has a clause boundary between them.
    pub(super) splits: Vec<Split>,
    /// The `sarcasm` rule, if the lexicon has one.
    pub(super) sarcasm: Option<Sarcasm>,
}

/// First-word tags opening more phrases than this are also indexed by the second word
/// ([`Model::by_pair`]).
pub(super) const PAIR_INDEX_MIN: usize = 8;

/// Words a `#` element accepts besides tokens starting with a digit.
const NUMBER_WORDS: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "couple", "few",
    "several", "many", "multiple",
];

/// One pattern element before expansion: the element, and whether it is optional.
type RawElement = (Element, bool);

#[derive(Default)]
struct Builder {
    tags: HashMap<&'static str, u16>,
    classes: HashMap<&'static str, Vec<&'static str>>,
    edits: Vec<(&'static str, Edit)>,
    health_words: Vec<&'static str>,
    phrases: Vec<Phrase>,
    splits: Vec<Split>,
    sarcasm: Option<Sarcasm>,
}

impl Builder {
    fn tag(&mut self, word: &'static str) -> u16 {
        let next = u16::try_from(self.tags.len() + 1).expect("BUG: too many healthcare words");
        *self.tags.entry(word).or_insert(next)
    }

    /// The words of one alternative list (`a|b|@class`), each word also with a typographic
    /// apostrophe if it has an ASCII one.
    fn words(&self, pattern: &'static str, line_no: usize) -> Vec<&'static str> {
        let mut out = Vec::new();
        for word in pattern.split('|') {
            if let Some(class) = word.strip_prefix('@') {
                let members = self.classes.get(class);
                let members = members.unwrap_or_else(|| panic!("BUG: line {line_no}: no class"));
                out.extend(members.iter().copied());
            } else {
                out.push(word);
            }
        }
        let curly: Vec<&'static str> = out
            .iter()
            .filter(|w| w.contains('\''))
            .map(|w| &*Box::leak(w.replace('\'', "\u{2019}").into_boxed_str()))
            .collect();
        out.extend(curly);
        out
    }

    fn element(&mut self, pattern: &'static str, line_no: usize) -> RawElement {
        let (optional, pattern) = match pattern.strip_prefix('?') {
            Some(rest) => (true, rest),
            None => (false, pattern),
        };
        let element = match pattern {
            "#" => Element::Number,
            "%" => Element::Duration,
            "*" => Element::Any,
            _ => {
                let mut tags: Vec<u16> =
                    self.words(pattern, line_no).into_iter().map(|w| self.tag(w)).collect();
                tags.sort_unstable();
                tags.dedup();
                Element::Words(tags.into_boxed_slice())
            }
        };
        (element, optional)
    }

    fn line(&mut self, line: &'static str, line_no: usize) {
        let fields: Vec<&'static str> = line.split('\t').collect();
        let [kind, pattern, valence, ..] = fields[..] else {
            panic!("BUG: healthcare lexicon line {line_no}: expected 4 fields");
        };
        let valence = match valence {
            "-" => None,
            v => Some(v.parse::<f64>().unwrap_or_else(|_| panic!("BUG: line {line_no}: valence"))),
        };
        match kind {
            "class" => {
                let (name, members) = pattern
                    .split_once('=')
                    .unwrap_or_else(|| panic!("BUG: line {line_no}: class without '='"));
                let members: Vec<&'static str> = members.split('|').collect();
                self.classes.insert(name.trim_start_matches('@'), members.clone());
                if let Some(valence) = valence {
                    for word in members {
                        self.word(word, valence);
                    }
                }
            }
            "word" => {
                let valence = valence.unwrap_or_else(|| panic!("BUG: line {line_no}: valence"));
                for word in self.words(pattern, line_no) {
                    self.word(word, valence);
                }
            }
            "phrase" | "answer" | "bare-answer" | "lead" => {
                let valence = valence.unwrap_or_else(|| panic!("BUG: line {line_no}: valence"));
                let scope = match kind {
                    "phrase" => Scope::Anywhere,
                    "answer" => Scope::Answer,
                    "lead" => Scope::Lead,
                    _ => Scope::BareAnswer,
                };
                let raw: Vec<RawElement> =
                    pattern.split(' ').map(|element| self.element(element, line_no)).collect();
                for elements in expand(&raw) {
                    if matches!(elements.first(), None | Some(Element::Any)) {
                        panic!("BUG: line {line_no}: a phrase must start with a word or '#'");
                    }
                    let elements = elements.into_boxed_slice();
                    self.phrases.push(Phrase { elements, valence, scope });
                }
            }
            "split" | "sarcasm" => {
                let tags = |builder: &mut Builder, element: &'static str| -> Box<[u16]> {
                    match builder.element(element, line_no) {
                        (Element::Words(tags), false) => tags,
                        _ => panic!("BUG: line {line_no}: a {kind} names two word lists"),
                    }
                };
                let [first, second] = pattern.split(' ').collect::<Vec<_>>()[..] else {
                    panic!("BUG: line {line_no}: a {kind} has two elements");
                };
                let (first, second) = (tags(self, first), tags(self, second));
                if kind == "split" {
                    self.splits.push((first, second));
                } else {
                    let complaint = valence
                        .unwrap_or_else(|| panic!("BUG: line {line_no}: a sarcasm rule's valence"));
                    assert!(self.sarcasm.is_none(), "BUG: line {line_no}: a second sarcasm rule");
                    self.sarcasm = Some(Sarcasm { praise: first, sincere: second, complaint });
                }
            }
            _ => panic!("BUG: healthcare lexicon line {line_no}: unknown kind"),
        }
    }

    fn word(&mut self, word: &'static str, valence: f64) {
        let edit = if valence == 0.0 { Edit::Neutral } else { Edit::Valence(valence) };
        self.edits.push((word, edit));
        self.health_words.push(word);
        self.tag(word);
    }
}

/// Every sequence of elements a pattern with optional elements stands for.
fn expand(raw: &[RawElement]) -> Vec<Vec<Element>> {
    let mut out: Vec<Vec<Element>> = vec![Vec::new()];
    for (element, optional) in raw {
        let mut next = Vec::with_capacity(out.len() * 2);
        for prefix in out {
            if *optional {
                next.push(prefix.clone());
            }
            let mut with = prefix;
            with.push(element.clone());
            next.push(with);
        }
        out = next;
    }
    out
}

impl Model {
    fn parse(text: &'static str) -> Model {
        let mut builder = Builder::default();
        for &word in NUMBER_WORDS {
            builder.tag(word);
        }
        let mut version = None;
        for (idx, line) in text.lines().enumerate() {
            let line_no = idx + 1;
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(v) = comment.trim().strip_prefix("format_version") {
                    let v = v.trim_start_matches([' ', '\t', '=']).trim();
                    version = v.parse::<u32>().ok();
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            builder.line(line, line_no);
        }
        assert_eq!(version, Some(FORMAT_VERSION), "BUG: healthcare lexicon format_version");

        let n_tags = builder.tags.len() + 1;
        let mut edits = builder.edits;
        // Sorted by tag so the tables do not depend on hash order.
        let mut tagged: Vec<(&'static str, u16)> =
            builder.tags.iter().map(|(&w, &t)| (w, t)).collect();
        tagged.sort_unstable_by_key(|&(_, tag)| tag);
        edits.extend(tagged.iter().map(|&(word, tag)| (word, Edit::Tag(tag))));
        let tables = Tables::extended(&edits);

        let mut health_word = vec![false; n_tags];
        for word in &builder.health_words {
            health_word[usize::from(builder.tags[word])] = true;
        }
        let mut number_word = vec![false; n_tags];
        for word in NUMBER_WORDS {
            number_word[usize::from(builder.tags[word])] = true;
        }
        let mut by_first_tag = vec![Vec::new(); n_tags];
        let mut number_first = Vec::new();
        for (phrase_idx, phrase) in builder.phrases.iter().enumerate() {
            let phrase_idx = u32::try_from(phrase_idx).expect("BUG: too many phrases");
            match &phrase.elements[0] {
                Element::Words(tags) => {
                    for &tag in tags.iter() {
                        by_first_tag[usize::from(tag)].push(phrase_idx);
                    }
                }
                Element::Number | Element::Duration => number_first.push(phrase_idx),
                Element::Any => unreachable!("BUG: checked while parsing"),
            }
        }
        let mut unpaired = vec![Vec::new(); n_tags];
        let mut by_pair: FxHashMap<(u16, u16), Vec<u32>> = FxHashMap::default();
        for (tag, phrases) in by_first_tag.iter().enumerate() {
            if phrases.len() <= PAIR_INDEX_MIN {
                continue;
            }
            let tag = u16::try_from(tag).expect("BUG: tags are u16");
            for &phrase_idx in phrases {
                match builder.phrases[phrase_idx as usize].elements.get(1) {
                    Some(Element::Words(second)) => {
                        for &next in second.iter() {
                            by_pair.entry((tag, next)).or_default().push(phrase_idx);
                        }
                    }
                    _ => unpaired[usize::from(tag)].push(phrase_idx),
                }
            }
        }
        let by_pair = by_pair.into_iter().map(|(key, list)| (key, list.into())).collect();
        let opens = by_first_tag
            .iter()
            .zip(&number_word)
            .map(|(phrases, &number)| !phrases.is_empty() || number)
            .collect();
        Model {
            tables,
            phrases: builder.phrases,
            by_first_tag,
            unpaired,
            by_pair,
            number_first,
            health_word,
            number_word,
            opens,
            splits: builder.splits,
            sarcasm: builder.sarcasm,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses() {
        let model = &*MODEL;
        assert!(model.phrases.len() > 100, "{} phrases", model.phrases.len());
        assert!(model.health_word.iter().filter(|&&h| h).count() > 50);
    }

    #[test]
    fn optional_elements_expand() {
        let raw =
            [(Element::Any, false), (Element::Number, true), (Element::Words(Box::new([1])), true)];
        let expanded = expand(&raw);
        assert_eq!(expanded.len(), 4);
        assert_eq!(expanded[0], vec![Element::Any]);
        assert_eq!(expanded[3], vec![Element::Any, Element::Number, Element::Words(Box::new([1]))]);
    }
}
