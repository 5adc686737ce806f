//! Protected health information (PHI): an offline, deterministic detector for the HIPAA Safe
//! Harbor identifiers that occur in free text, redaction, and the HIPAA risk flags.
//!
//! [`PhiDetector::detect`] finds, with a byte span and a confidence each ([`PhiHit`]):
//!
//! - **names** of patients, relatives and other private persons, from their context: a relative
//!   ("my mother Jane Doe", "her husband Tom", "Tyler's mom"), a courtesy title ("Ms.
//!   Alvarez"), "patient John Smith", a greeting ("Hi John,", "Dear Mr. Okonkwo"), a
//!   self-introduction ("this is Kevin Marsh", "my account is under Marcus Whitfield"), a
//!   signature ("- Mary K.", "Regards, Sam"), "the Smith family", a common given name with a
//!   surname ("Jane Doe"), and every later occurrence of a name so found;
//! - **phone and fax numbers** (US, UK and international formats) and **e-mail addresses**;
//! - **addresses**: a house number and street ("42 Elm Street, Apt 3"), PO boxes, ZIP codes
//!   after a state ("IL 62704"), UK postcodes ("SW1A 1AA");
//! - **dates** tied to a person: a day and month (with or without a year) in a sentence about
//!   someone ("DOB 3/4/1961", "admitted on 14 March", "your visit on 6/12"), a month and year
//!   after a birth, death, admission or discharge;
//! - **ages over 89** ("my 92-year-old gran", "aged 94", "in her late 90s");
//! - **identifiers**: MRN, hospital, account, insurance, member, policy, claim, Medicare, NHS and
//!   social security numbers (after their label, or SSN-shaped), runs of eight digits or more;
//! - **URLs** that carry an identifier (a query, a number of four digits or more, a social
//!   profile, a patient portal) and **IP addresses**;
//! - **licence plates** (after "plate"/"reg", or UK-shaped) and **device serials** (after
//!   "serial", "S/N", "IMEI", "UDI", "lot number").
//!
//! # What is not PHI here
//!
//! - **Staff named with a role** ("Dr. Okafor", "Nurse Amy", "the receptionist Linda", "our
//!   midwife Sarah", "Linda the receptionist"): they are what the staff report is about, so the
//!   detector leaves every name inside a staff mention of
//!   [`staff_mentions`](crate::aspects::staff_mentions) alone, and a title next to a role ("Mr
//!   Jones, the consultant") is not a patient's. Limits: a staff member named without a role
//!   ("Amy was lovely") is not detected either way unless other context marks the name as a
//!   patient's; a relative who works at the hospital ("my sister Jo, a nurse there") is PHI.
//! - **The organization's own contact details**: toll-free numbers, numbers and addresses
//!   after a cue naming the organization ("call us at", "Patient Financial Services at",
//!   "their helpline"), role e-mail addresses (`billing@`, `patientrelations@`). "Call me on"
//!   wins when it is the nearer cue.
//! - Times, durations, prices, ratings ("10/10", "5 stars", "24/7"), years alone, room and ward
//!   numbers, drug doses, dates in sentences about no one ("the new wing opens on 3 March").
//! - Provider names ("St Mary's Hospital") and @handles (the report redacts handles itself).
//!
//! # Limits
//!
//! This is a rule-based detector, tuned for recall on identifiers and for context-marked
//! names. A name with no context at all ("Jones was left in the corridor") is missed; a name
//! written in lowercase is found only after a relative and when it is a common given name
//! (`models/phi_first_names.txt`). Cities, counties and free-text descriptions ("the tall
//! redhead in bed 4") are not detected. Read redacted text before publishing it.
//!
//! # Example
//!
//! ```
//! use bedside_score::phi::{PhiDetector, redact};
//! use bedside_types::PhiKind;
//!
//! let detector = PhiDetector::new();
//! let text = "My mother Jane Doe (DOB 3/4/1931) saw Dr. Okafor. Call me on 555-0134.";
//! let hits = detector.detect(text);
//! let kinds: Vec<PhiKind> = hits.iter().map(|h| h.kind).collect();
//! assert_eq!(kinds, [PhiKind::Name, PhiKind::Date, PhiKind::Phone]);
//! assert_eq!(
//!     redact(text, &hits),
//!     "My mother [NAME] (DOB [DATE]) saw Dr. Okafor. Call me on [PHONE].",
//! );
//! ```

mod context;
mod lexicon;
mod names;
mod patterns;
mod risk;
mod stage;
mod tokens;

use rustc_hash::FxHashSet;
use std::ops::Range;
use std::sync::Arc;

use bedside_types::{PhiHit, PhiKind};

pub use risk::{RiskCues, RiskInput};
pub(crate) use stage::PhiStage;
pub use stage::REPLY_COLUMNS;

use context::{LowerText, Words};
use names::Whose;
use patterns::Patterns;

/// The given names the detector knows (`models/phi_first_names.txt`).
const FIRST_NAMES: &str = include_str!("../../../../models/phi_first_names.txt");

/// A hit before overlaps are resolved.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    kind: PhiKind,
    span: Range<usize>,
    confidence: f32,
}

/// Finds PHI in free text. Build once (it compiles its patterns), then call
/// [`PhiDetector::detect`] from any number of threads; cloning is cheap.
#[derive(Clone, Debug)]
pub struct PhiDetector {
    patterns: Patterns,
    first_names: Arc<FxHashSet<String>>,
    allowed_names: Arc<Vec<Vec<String>>>,
    /// Every word of `allowed_names`: a name with another word is not allowed.
    allowed_words: Arc<FxHashSet<String>>,
}

impl Default for PhiDetector {
    fn default() -> PhiDetector {
        PhiDetector::new()
    }
}

/// What [`PhiDetector::detect_with_names`] found: the hits, and whether a name belongs to
/// someone other than the author.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Detection {
    /// The hits, in text order, without overlaps.
    pub hits: Vec<PhiHit>,
    /// True if a name was found that is not the author's own nor the addressee's (a relative,
    /// another patient).
    pub names_someone_else: bool,
    /// The spans of names of the person the text speaks to ("Hi John,", "Thank you, Renee!"),
    /// among `hits`.
    pub addressee_names: Vec<Range<usize>>,
}

impl PhiDetector {
    /// Builds the detector.
    pub fn new() -> PhiDetector {
        let first_names = FIRST_NAMES
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_owned)
            .collect();
        PhiDetector {
            patterns: Patterns::new(),
            first_names: Arc::new(first_names),
            allowed_names: Arc::default(),
            allowed_words: Arc::default(),
        }
    }

    /// The detector, with names that are never PHI: the providers of a directory ("Dr. Anita
    /// Patel", "Clear Skin Dermatology"). A name hit whose words (ignoring case) run inside one
    /// of these names, without its titles (`Dr`, `Doctor`), is dropped: "see Anita Patel" names
    /// the doctor, not a patient.
    pub fn with_allowed_names<I, S>(mut self, names: I) -> PhiDetector
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut allowed: Vec<Vec<String>> = names
            .into_iter()
            .map(|name| {
                name_words(name.as_ref())
                    .filter(|w| !matches!(w.as_str(), "dr" | "doctor" | "prof" | "professor"))
                    .collect::<Vec<String>>()
            })
            .filter(|words| !words.is_empty())
            .collect();
        allowed.sort();
        allowed.dedup();
        self.allowed_words = Arc::new(allowed.iter().flatten().cloned().collect());
        self.allowed_names = Arc::new(allowed);
        self
    }

    /// True if the words of `name` run inside an allowed name.
    fn is_allowed_name(&self, name: &str) -> bool {
        // Each word must be a word of an allowed name: most names fail at their first word,
        // looked up without allocating.
        let mut any = false;
        for word in name.split(not_in_name_word).filter(|w| !w.is_empty()) {
            any = true;
            let mut lower = [0; 32];
            let known = match lower.get_mut(..word.len()) {
                Some(lower) if word.is_ascii() => {
                    lower.copy_from_slice(word.as_bytes());
                    lower.make_ascii_lowercase();
                    std::str::from_utf8(lower).is_ok_and(|w| self.allowed_words.contains(w))
                }
                _ => self.allowed_words.contains(&word.to_lowercase()),
            };
            if !known {
                return false;
            }
        }
        let words: Vec<String> = name_words(name).collect();
        any && self
            .allowed_names
            .iter()
            .any(|allowed| allowed.windows(words.len()).any(|w| w == words))
    }

    /// The PHI in `text`, in text order, without overlaps.
    pub fn detect(&self, text: &str) -> Vec<PhiHit> {
        self.detect_with_names(text).hits
    }

    /// The PHI in `text`, and whether a name found belongs to someone other than the author.
    pub fn detect_with_names(&self, text: &str) -> Detection {
        self.detect_with_staff(text, || crate::aspects::staff_mentions(text).into())
    }

    /// [`detect_with_names`](Self::detect_with_names), with the staff mentions of `text`
    /// ([`staff_mentions`](crate::aspects::staff_mentions)) from `staff`, called only if a
    /// name is found: the pipeline finds them once for the PHI and the staff stages.
    pub(crate) fn detect_with_staff<'s>(
        &self,
        text: &str,
        staff: impl FnOnce() -> std::borrow::Cow<'s, [(String, String, Range<usize>)]>,
    ) -> Detection {
        let mut lower = LowerText::take();
        let mut words = Words::new(text, &mut lower);
        let mut candidates = Vec::new();
        let mut links = Vec::new();
        let mut maybe = Vec::new();
        self.patterns.find(text, &mut words, &mut candidates, &mut maybe, &mut links);
        let mut names_someone_else = false;
        let mut addressee_names = Vec::new();
        if may_name(text) {
            let mut found = names::find(&mut words, text, &self.first_names);
            if !found.is_empty() {
                let staff: Vec<Range<usize>> = staff().iter().map(|m| m.2.clone()).collect();
                found.retain(|n| {
                    !staff.iter().any(|s| overlaps(s, &n.candidate.span))
                        && !self.is_allowed_name(&text[n.candidate.span.clone()])
                });
                let mut repeats = repeated_names(text, &found, &staff);
                names_someone_else = found.iter().any(|n| n.whose == Whose::Other);
                addressee_names = found
                    .iter()
                    .filter(|n| n.whose == Whose::Addressee)
                    .map(|n| n.candidate.span.clone())
                    .collect();
                for date in maybe {
                    if found
                        .iter()
                        .any(|n| words.same_sentence(n.candidate.span.start, date.span.start))
                    {
                        candidates.push(date);
                    }
                }
                candidates.extend(found.into_iter().map(|n| n.candidate));
                candidates.append(&mut repeats);
            }
        }
        candidates.retain(|c| {
            matches!(c.kind, PhiKind::Url | PhiKind::Email)
                || !links.iter().any(|link| overlaps(link, &c.span) && *link != c.span)
        });
        Detection { hits: resolve(candidates), names_someone_else, addressee_names }
    }

    /// `text` with its PHI replaced by placeholders (see [`redact`]).
    pub fn redact(&self, text: &str) -> String {
        redact(text, &self.detect(text))
    }
}

/// `text` with every hit replaced by its kind's placeholder (`[NAME]`, `[PHONE]`, `[DATE]`...).
/// Hits may come in any order; where two overlap, the earlier one is replaced and the other
/// is cut to what is left of it. The same as [`bedside_types::redact_phi`].
pub fn redact(text: &str, hits: &[PhiHit]) -> String {
    bedside_types::redact_phi(text, hits)
}

/// The lowercase words of a name (letters, digits, `'` and `-`).
fn name_words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(not_in_name_word).filter(|w| !w.is_empty()).map(|w| w.to_lowercase())
}

/// True for the characters that split a name into [`name_words`].
fn not_in_name_word(c: char) -> bool {
    !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-')
}

/// True if `text` may name someone: it has an upper-case letter, or a lowercase relative
/// before a possible name (checked by the rules themselves).
fn may_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Up to the first ASCII upper-case letter or non-ASCII character (a character boundary, as
    // every byte before it is ASCII), bytes are characters.
    let upper = match bytes.iter().position(|&b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Some(at) if bytes[at].is_ascii() => true,
        Some(at) => text[at..].chars().any(char::is_uppercase),
        None => false,
    };
    upper || text.contains("my ") || text.contains("our ")
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Later (and earlier) occurrences of the words of names already found: "my daughter Ellie
/// Marsh ... Ellie was scared". Words of three letters or more, capitalized as found, not
/// inside a staff mention or after a title such as `Dr`.
fn repeated_names(text: &str, found: &[names::NameHit], staff: &[Range<usize>]) -> Vec<Candidate> {
    let mut words: Vec<&str> = Vec::new();
    for hit in found {
        for word in text[hit.candidate.span.clone()].split([' ', '-']) {
            if word.chars().count() >= 3
                && word.chars().next().is_some_and(char::is_uppercase)
                && !words.contains(&word)
            {
                words.push(word);
            }
        }
    }
    let mut out = Vec::new();
    for word in words {
        for at in occurrences(text, word) {
            let span = at..at + word.len();
            let before = text[..at].chars().next_back();
            let after = text[span.end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            // The name found itself, and names inside staff mentions, first: no title to read.
            if found.iter().any(|f| overlaps(&f.candidate.span, &span))
                || staff.iter().any(|s| overlaps(s, &span))
            {
                continue;
            }
            let prefix = text[..at].trim_end().trim_end_matches('.');
            let title = prefix.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            if crate::aspects::is_role_word(&title.to_ascii_lowercase()) {
                continue;
            }
            out.push(Candidate { kind: PhiKind::Name, span, confidence: 0.7 });
        }
    }
    out
}

/// The starts of `word` (not empty) in `text`, as `text.match_indices(word)` finds them
/// (without overlaps, left to right), found by the word's first byte with `memchr`: the words
/// looked for are capitalized, and capitals are rare in text.
fn occurrences<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    memchr::memchr_iter(word.as_bytes()[0], text.as_bytes()).filter(move |&at| {
        let found = at >= from && text.as_bytes()[at..].starts_with(word.as_bytes());
        if found {
            from = at + word.len();
        }
        found
    })
}

/// Sorts candidates and resolves overlaps: the same kind merges; otherwise the higher
/// confidence wins (the longer on a tie).
fn resolve(mut candidates: Vec<Candidate>) -> Vec<PhiHit> {
    candidates.sort_by(|a, b| {
        (a.span.start, std::cmp::Reverse(a.span.end), a.kind).cmp(&(
            b.span.start,
            std::cmp::Reverse(b.span.end),
            b.kind,
        ))
    });
    let mut out: Vec<PhiHit> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let Some(last) = out.last_mut() else {
            out.push(PhiHit {
                kind: candidate.kind,
                span: candidate.span,
                confidence: candidate.confidence,
            });
            continue;
        };
        if !overlaps(&last.span, &candidate.span) {
            out.push(PhiHit {
                kind: candidate.kind,
                span: candidate.span,
                confidence: candidate.confidence,
            });
        } else if last.kind == candidate.kind {
            last.span.end = last.span.end.max(candidate.span.end);
            last.confidence = last.confidence.max(candidate.confidence);
        } else {
            let last_len = last.span.end - last.span.start;
            let len = candidate.span.end - candidate.span.start;
            if (candidate.confidence, len) > (last.confidence, last_len) {
                *last = PhiHit {
                    kind: candidate.kind,
                    span: candidate.span,
                    confidence: candidate.confidence,
                };
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
