//! Staff named with a role.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use bedside_types::{Scorer, StaffMention};

use super::combine;
use super::parts::TextParts;
use super::words::Word;
use crate::tokenize::runs::LetterRuns;

/// Roles as written (lowercase, without periods), their canonical name, and whether the word
/// must be written in capitals to count (abbreviations that are also common words).
const ROLES: &[(&str, &str, bool)] = &[
    ("dr", "doctor", false),
    ("doctor", "doctor", false),
    ("nurse", "nurse", false),
    ("rn", "nurse", true),
    ("lpn", "nurse", true),
    ("np", "nurse practitioner", true),
    ("pa", "physician assistant", true),
    ("ma", "medical assistant", true),
    ("cna", "nursing assistant", true),
    ("gp", "gp", true),
    ("surgeon", "surgeon", false),
    ("receptionist", "receptionist", false),
    ("midwife", "midwife", false),
    ("physio", "physio", false),
    ("physiotherapist", "physiotherapist", false),
    ("therapist", "therapist", false),
    ("pharmacist", "pharmacist", false),
    ("tech", "tech", false),
    ("technician", "technician", false),
    ("paramedic", "paramedic", false),
    ("porter", "porter", false),
    ("consultant", "consultant", false),
    ("anesthesiologist", "anesthesiologist", false),
    ("anaesthetist", "anaesthetist", false),
    ("radiologist", "radiologist", false),
    ("sonographer", "sonographer", false),
    ("phlebotomist", "phlebotomist", false),
    ("hygienist", "hygienist", false),
    ("dentist", "dentist", false),
    ("dermatologist", "dermatologist", false),
    ("pediatrician", "pediatrician", false),
    ("paediatrician", "paediatrician", false),
    ("psychiatrist", "psychiatrist", false),
    ("counselor", "counselor", false),
    ("dietitian", "dietitian", false),
    ("doula", "doula", false),
    ("chaplain", "chaplain", false),
    ("orderly", "orderly", false),
    ("scheduler", "scheduler", false),
    ("matron", "matron", false),
    ("resident", "resident", false),
];

/// Two-word roles: the two words and the canonical name.
const ROLE_PAIRS: &[(&str, &str, &str)] = &[
    ("nurse", "practitioner", "nurse practitioner"),
    ("physician", "assistant", "physician assistant"),
    ("physician's", "assistant", "physician assistant"),
    ("medical", "assistant", "medical assistant"),
    ("nursing", "assistant", "nursing assistant"),
    ("health", "visitor", "health visitor"),
];

/// Capitalized words that are never names.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "my",
    "our",
    "your",
    "his",
    "her",
    "their",
    "i",
    "he",
    "she",
    "they",
    "it",
    "we",
    "you",
    "this",
    "that",
    "and",
    "but",
    "or",
    "so",
    "was",
    "is",
    "were",
    "are",
    "very",
    "at",
    "in",
    "on",
    "of",
    "for",
    "to",
    "with",
    "from",
    "st",
    "saint",
    "hospital",
    "clinic",
    "er",
    "ed",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "thanks",
    "thank",
    "great",
    "amazing",
    "awful",
    "never",
    "also",
    "not",
    "no",
    "yes",
    "who",
    "what",
    "when",
    "then",
    "there",
    "here",
    "just",
    "still",
];

/// Doctor-like roles, whose names are looked up as `Dr <name>` in the provider directory.
pub(super) const DOCTOR_ROLES: &[&str] = &[
    "doctor",
    "surgeon",
    "consultant",
    "gp",
    "dermatologist",
    "radiologist",
    "anesthesiologist",
    "pediatrician",
    "paediatrician",
    "psychiatrist",
];

/// Every staff mention holds a role word: a text without one, as a whole word in any case,
/// names no staff. One pass over the text's runs of ASCII letters, before any tokenizing
/// (`physician's` needs no entry of its own: its run `physician` is one). The Kelvin sign is
/// the one character beyond ASCII whose lowercase is an ASCII letter (`k`): a text with it
/// takes the full path.
fn may_name_a_role(text: &str) -> bool {
    static ROLE_WORDS: LazyLock<LetterRuns> = LazyLock::new(|| {
        let words = ROLES.iter().map(|r| r.0).chain(ROLE_PAIRS.iter().flat_map(|p| [p.0, p.1]));
        LetterRuns::new(words.filter(|w| w.bytes().all(|b| b.is_ascii_alphabetic())))
    });
    ROLE_WORDS.any_in(text) || text.contains('\u{212A}')
}

/// True if `lower` (a lowercase word without periods) is a staff role ("nurse", "dr",
/// "receptionist"). Abbreviations that are also words (`ma`, `pa`) count too: the caller knows
/// whether capitals matter.
pub(crate) fn is_role_word(lower: &str) -> bool {
    /// The words of [`ROLES`] and [`ROLE_PAIRS`] (but `visitor`, which is no role alone): the
    /// PHI stage asks about most capitalized words, and a scan of the lists was a visible cost.
    static WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
        let pairs = ROLE_PAIRS.iter().flat_map(|&(a, b, _)| [a, b]).filter(|&w| w != "visitor");
        ROLES.iter().map(|&(w, _, _)| w).chain(pairs).collect()
    });
    WORDS.contains(lower)
}

/// The staff named with a role in `text`, in text order: `(name, role, span)`, one entry per
/// occurrence.
///
/// Patterns: a role followed by a name ("Nurse Amy", "Dr. Okafor", "Doctor Okafor", "the
/// receptionist Linda", "our midwife Sarah", "PA Jordan", "Nurse Practitioner Kim"), a name,
/// `the` and a role ("Linda the receptionist", "Brooke the MA"), and a role in apposition to a
/// doctor ("my surgeon, Dr. Lee" and "the radiologist Dr. Chen" are Lee, surgeon and Chen,
/// radiologist). Roles are matched ignoring case, except
/// abbreviations that are also words (`MA`, `PA`, `NP`, `RN`, `GP`), which must be capitals.
/// A name is one or two capitalized words that are not common words, without a possessive
/// (`Dr Patel's` is Patel), so "the nurse was kind" names nobody. Roles come out lowercase and
/// spelled out: `Dr.`/`Dr`/`Doctor` are `doctor`, `NP` is `nurse practitioner`. The span runs
/// from the role (or name) to the end of the pattern.
pub fn staff_mentions(text: &str) -> Vec<(String, String, Range<usize>)> {
    staff_mentions_in(text, &TextParts::default())
}

/// [`staff_mentions`], with the words of `text` from `parts`.
pub(super) fn staff_mentions_in<'t>(
    text: &'t str,
    parts: &TextParts<'t>,
) -> Vec<(String, String, Range<usize>)> {
    if !may_name_a_role(text) {
        return Vec::new();
    }
    staff_in_words(parts.words(text))
}

/// [`staff_mentions`] without the first check.
#[cfg(test)]
fn staff_mentions_unfiltered(text: &str) -> Vec<(String, String, Range<usize>)> {
    staff_in_words(&super::words::words(text, 0..text.len()))
}

/// The staff mentions among the words of a text.
fn staff_in_words(tokens: &[Word<'_>]) -> Vec<(String, String, Range<usize>)> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if let Some((name, role, end)) = role_then_name(tokens, index) {
            out.push((name, role, tokens[index].span.start..tokens[end - 1].span.end));
            index = end;
        } else if let Some((name, role, end)) = name_the_role(tokens, index) {
            out.push((name, role, tokens[index].span.start..tokens[end - 1].span.end));
            index = end;
        } else {
            index += 1;
        }
    }
    out
}

/// The staff named in `text` with the sentiment of the clauses that mention them, one entry
/// per person (same name, ignoring case, and role), in order of first mention.
///
/// A person's clauses are those ([`clauses`]) that hold a mention of them, or their name alone
/// as a capitalized word ("Nurse Amy ... Amy was lovely"). Their sentiment is the mean over the
/// clauses that are not neutral (neutral if all are).
pub fn staff_sentiment(text: &str, scorer: &dyn Scorer) -> Vec<StaffMention> {
    staff_sentiment_with(text, scorer, &TextParts::default())
}

/// [`staff_sentiment`], with the clauses of `text` from `clauses`.
pub(crate) fn staff_sentiment_with<'t>(
    text: &'t str,
    scorer: &dyn Scorer,
    parts: &TextParts<'t>,
) -> Vec<StaffMention> {
    let mentions = parts.staff(text);
    if mentions.is_empty() {
        return Vec::new();
    }
    let clause_ranges = parts.clauses(text);
    let mut people: Vec<(String, String, Range<usize>, Vec<usize>)> = Vec::new();
    let masks: Vec<Range<usize>> = mentions.iter().map(|m| m.2.clone()).collect();
    for (name, role, span) in mentions.iter().cloned() {
        let entry =
            match people.iter_mut().position(|p| p.0.eq_ignore_ascii_case(&name) && p.1 == role) {
                Some(at) => &mut people[at],
                None => {
                    people.push((name, role, span.clone(), Vec::new()));
                    people.last_mut().expect("BUG: pushed just before")
                }
            };
        entry
            .3
            .extend(clause_ranges.iter().position(|c| c.start <= span.start && span.start < c.end));
    }
    for person in &mut people {
        for (at, clause) in clause_ranges.iter().enumerate() {
            if contains_word(&text[clause.clone()], &person.0) {
                person.3.push(at);
            }
        }
        person.3.sort_unstable();
        person.3.dedup();
    }
    people
        .into_iter()
        .map(|(name, role, span, at)| {
            let ranges: Vec<Range<usize>> = at.iter().map(|&i| clause_ranges[i].clone()).collect();
            StaffMention { name, role, span, sentiment: combine(text, &ranges, &masks, scorer) }
        })
        .collect()
}

/// True if `haystack` holds `word` on word boundaries, as written.
fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The first entry of [`ROLES`] for a lowercase word, through an index built once (a scan of
/// the list for every word of every text cost more than the rest of the staff search).
fn role_entry(lower: &str) -> Option<&'static (&'static str, &'static str, bool)> {
    static INDEX: LazyLock<FxHashMap<&'static str, usize>> = LazyLock::new(|| {
        let mut index = FxHashMap::default();
        for (at, (word, _, _)) in ROLES.iter().enumerate() {
            index.entry(*word).or_insert(at);
        }
        index
    });
    INDEX.get(lower).map(|&at| &ROLES[at])
}

/// A role at `at`: its canonical name and the index after it.
fn role_at(tokens: &[Word<'_>], at: usize) -> Option<(&'static str, usize)> {
    let word = tokens.get(at)?;
    let lower = word.lower.trim_end_matches('.');
    if let Some(next) = tokens.get(at + 1) {
        let pair = ROLE_PAIRS.iter().find(|(a, b, _)| *a == lower && *b == next.lower);
        if let Some(&(_, _, role)) = pair {
            return Some((role, at + 2));
        }
    }
    let &(_, role, caps) = role_entry(lower)?;
    if caps && !word.text.chars().all(|c| c.is_uppercase() || c == '.') {
        return None;
    }
    Some((role, at + 1))
}

/// A name of one or two words at `at`: the name and the index after it.
fn name_at(tokens: &[Word<'_>], at: usize) -> Option<(String, usize)> {
    let first = name_word(tokens.get(at)?)?;
    let mut name = first.0;
    let mut end = at + 1;
    if !first.1
        && let Some((second, _)) = tokens.get(at + 1).and_then(name_word)
    {
        name.push(' ');
        name.push_str(&second);
        end += 1;
    }
    Some((name, end))
}

/// A word that can be (part of) a name, without its possessive, and whether it had one.
fn name_word(word: &Word<'_>) -> Option<(String, bool)> {
    let text = word.text.trim_end_matches('.');
    let (bare, possessive) = match text.strip_suffix("'s").or_else(|| text.strip_suffix("’s")) {
        Some(bare) => (bare, true),
        None => (text, false),
    };
    let mut chars = bare.chars();
    // Most words are not capitalized: reject them before any lowercasing.
    if !chars.next()?.is_uppercase() {
        return None;
    }
    let rest_ok = chars.all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’');
    if !rest_ok || bare.chars().all(|c| !c.is_lowercase()) {
        return None;
    }
    let lower = bare.to_lowercase();
    if NOT_NAMES.contains(&lower.as_str()) || role_entry(&lower).is_some() {
        return None;
    }
    Some((bare.to_owned(), possessive))
}

/// "Nurse Amy", "Dr. Okafor", "my surgeon, Dr. Lee".
fn role_then_name(tokens: &[Word<'_>], at: usize) -> Option<(String, String, usize)> {
    let (role, mut next) = role_at(tokens, at)?;
    // "my surgeon, Dr. Lee": the role in apposition names the doctor.
    // "the radiologist Dr. Chen" too.
    let comma = usize::from(tokens.get(next).is_some_and(|w| w.lower == ","));
    if role != "doctor"
        && let Some(("doctor", after_title)) = role_at(tokens, next + comma)
        && let Some((name, end)) = name_at(tokens, after_title)
    {
        return Some((name, role.to_owned(), end));
    }
    // "Nurse Practitioner Kim": the longest role wins; "Doctor Dr." is not a thing.
    if let Some((_, after)) = role_at(tokens, next).filter(|(r, _)| *r == role) {
        next = after;
    }
    let (name, end) = name_at(tokens, next)?;
    Some((name, role.to_owned(), end))
}

/// "Linda the receptionist", "Brooke the MA".
fn name_the_role(tokens: &[Word<'_>], at: usize) -> Option<(String, String, usize)> {
    let (name, next) = name_at(tokens, at)?;
    if tokens.get(next)?.lower != "the" {
        return None;
    }
    let (role, end) = role_at(tokens, next + 1)?;
    if role == "doctor" && tokens.get(end).and_then(name_word).is_some() {
        return None; // "Thanks the Dr Lee" is a role before a name, handled there.
    }
    Some((name, role.to_owned(), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first check only skips texts that name no staff: on the hand-written targets set
    /// (full of staff), the VADER texts and texts written to tempt it, the mentions found are
    /// those of the full path, and most VADER texts are skipped.
    #[test]
    fn first_check_never_hides_a_name() {
        let tempting = [
            "NURSE AMY was great",
            "Dr.Okafor saw me",
            "the receptionist Linda",
            "Brooke the MA",
            "our midwife Sarah",
            "Cler\u{212a} Maria was rude",
        ];
        let texts = crate::test_texts::corpus(&tempting);
        let (mut n_texts, mut n_skipped, mut n_found) = (0, 0, 0);
        for text in texts {
            let full = staff_mentions_unfiltered(&text);
            assert_eq!(staff_mentions(&text), full, "{text:?}");
            n_texts += 1;
            n_found += full.len();
            n_skipped += usize::from(!may_name_a_role(&text));
        }
        assert!(n_texts > 23_000);
        assert!(n_found > 300, "{n_found} staff mentions");
        assert!(n_skipped > 20_000, "{n_skipped} of {n_texts}");
    }
}
