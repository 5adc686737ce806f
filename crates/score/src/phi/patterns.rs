//! Pattern-based PHI: contact details, identifiers, dates, ages, addresses, plates, serials.
//!
//! Every pattern is a regex; one [`RegexSet`] pass tells which of them match at all, and only
//! those run again to find their spans. Then a check per pattern reads the context (the words
//! before the match, the sentence around it) to keep what identifies a person and drop the
//! rest: the organization's own helpline, a rating of `10/10`, a date the clinic opens.

use bedside_types::PhiKind;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::ops::Range;

use super::Candidate;
use super::context::{self, Words};

/// What to check about a match before it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// Nothing: the pattern is specific enough.
    None,
    /// A phone number: not toll-free, not after a cue naming the organization ("call us at").
    Phone,
    /// An e-mail address: not a role address (`billing@`), not after "email us at".
    Email,
    /// A URL: only those that carry an identifier (a query, a long number, a profile).
    Url,
    /// A date with a year: a valid calendar date in a sentence about a person.
    Date,
    /// A date without a year (`6/12`): also after `on`, `from`, `DOB`...
    DateNoYear,
    /// A month and a year: only after birth, death, admission or discharge.
    MonthYear,
    /// A date written with a month name: a person's sentence, and not "may" the verb.
    DateWords,
    /// An age: 90 to 130.
    Age,
    /// A number of 90 to 139 after "is", "was", "aged"...: an age if no unit follows, no
    /// measurement precedes, and the sentence is about a person.
    AgeLoose,
    /// A street address: not after a cue naming the organization ("the hospital at").
    Street,
    /// A ZIP code after a US state abbreviation.
    Zip,
    /// An IPv4 address not inside a longer dotted number.
    Ip,
    /// An IPv6 address: at least three colons and a hex letter or `::`.
    Ip6,
    /// A bare run of digits: not a phone number.
    LongNumber,
    /// A serial, lot or plate number after its cue: it holds a digit ("serial killer", "lot
    /// #stillbitter" and "reg CAR" are words).
    HasDigit,
}

/// One pattern: the kind it finds, its regex (the `v` group, when present, is the span),
/// the check and the confidence of a hit.
struct Rule {
    kind: PhiKind,
    regex: Regex,
    check: Check,
    confidence: f32,
}

const MONTHS: &str = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// The patterns, in priority order (an earlier rule wins a tie between overlapping hits).
/// `\b` stands for an ASCII word boundary and `\d` for an ASCII digit (see [`ascii`]).
fn rules() -> Vec<(PhiKind, String, Check, f32)> {
    use Check as C;
    use PhiKind as K;
    let label_id = r"(?i:mrn|m\.r\.n|medical records?(?: number)?|hospital number|patient (?:id|number)|nhs(?: number)?|chi number|account(?: number)?|acct|member(?:ship)?(?: id| number)?|insurance(?: id| number| policy(?: number)?| card(?: number)?)?|policy(?: number)?|group number|subscriber (?:id|number)|medicare(?: number| id| card)?|medicaid(?: number| id)?|ssn|ss|social security(?: number)?|claim(?: number)?|case number|case|invoice(?: number)?|reference(?: number)?|ref|booking ref(?:erence)?|confirmation (?:number|code)|id number|id|record number)";
    let suffix = r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Close|Way|Place|Pl|Terrace|Crescent|Gardens|Grove|Parkway|Pkwy|Highway|Hwy|Circle|Square|Mews|Row)";
    let street_word = r"(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th)|[NSEW]\.?)";
    vec![
        // Identifiers after a label: "MRN 00482213", "NHS number 485 777 3456", "acct #A-7731".
        (
            K::Id,
            format!(
                r"\b{label_id}\b(?:[ ]?(?i:is|was|:|#|=|-|\.|no\.?|num)[ ]?|[ ]){{0,4}}(?P<v>(?:[A-Za-z]{{1,5}}[-/]){{0,2}}[A-Za-z]{{0,4}}\d[\dA-Za-z/-]{{2,}}(?:[ ]\d{{3,4}}){{0,2}})\b"
            ),
            C::None,
            0.95,
        ),
        (K::Id, r"\b\d{3}-\d{2}-\d{4}\b".into(), C::None, 0.9),
        // Devices: "serial number PM-44817-B", "S/N 88213X".
        (
            K::Device,
            r"(?:\b(?i:serial(?: number| no\.?| #)?|s/n|device (?:id|serial)|imei|udi|lot (?:number|no\.?|#))|\bSN)\b(?:[ ]?(?i:is|was|:|#|\.|no\.?|number)[ ]?|[ ]){0,4}(?P<v>[A-Za-z0-9][A-Za-z0-9-]{3,}[A-Za-z0-9])\b".into(),
            C::HasDigit,
            0.9,
        ),
        // Plates: after a cue ("licence plate 7ABC123", "reg LK19 XRT"), or a UK plate alone.
        (
            K::Plate,
            r"\b(?i:licen[cs]e plate(?: number)?|number plate|plate(?: number| no\.?)?|car reg(?:istration)?|reg(?:istration)?(?: number| no\.?| plate)?)\b(?:[ ]?(?:is|was|:|#)[ ]?|[ ]){0,3}(?P<v>[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,4})\b".into(),
            C::HasDigit,
            0.85,
        ),
        (K::Plate, r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{3}\b".into(), C::None, 0.7),
        (K::Email, r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b".into(), C::Email, 0.95),
        (
            K::Url,
            r#"(?i:\b(?:https?://|www\.)|\b(?:facebook|fb|instagram|twitter|x|linkedin|tiktok|gofundme|youtube)\.com/)[^\s<>"'()\[\]{}]+"#.into(),
            C::Url,
            0.9,
        ),
        (K::Ip, r"\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b".into(), C::Ip, 0.9),
        (K::Ip, r"\b[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}:[0-9A-Fa-f]{1,4}\b".into(), C::Ip6, 0.85),
        // Phones: international, North American, UK, local seven digits.
        (
            K::Phone,
            r"\+\d{1,3}[ .-]?(?:\(0\)[ ]?)?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}\b(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5}\b)?".into(),
            C::Phone,
            0.9,
        ),
        (
            K::Phone,
            r"(?:\b1[ .-]?)?(?:\(\d{3}\)[ .-]?|\b\d{3}[ .-]?)\d{3}[ .-]?\d{4}\b(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5}\b)?".into(),
            C::Phone,
            0.9,
        ),
        (K::Phone, r"\b0\d{2,4}[ ]?\d{3,4}[ ]?\d{3,4}\b".into(), C::Phone, 0.85),
        (K::Phone, r"\b\d{3}[-.]\d{4}\b".into(), C::Phone, 0.8),
        (K::Id, r"\b\d{8,}\b".into(), C::LongNumber, 0.6),
        // Dates.
        (K::Date, r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b".into(), C::Date, 0.8),
        (K::Date, r"\b\d{1,2}/\d{1,2}\b".into(), C::DateNoYear, 0.7),
        (
            K::Date,
            format!(
                r"\b(?i:(?:\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {MONTHS}\.?(?:,? \d{{4}})?|{MONTHS}\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?))\b"
            ),
            C::DateWords,
            0.8,
        ),
        (K::Date, format!(r"\b(?i:{MONTHS})\.?,? \d{{4}}\b"), C::MonthYear, 0.7),
        (
            K::Date,
            r"\b(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? (?:the )?\d{1,2}(?:st|nd|rd|th))\b".into(),
            C::DateWords,
            0.7,
        ),
        // Ages over 89.
        (
            K::Age,
            r"\b(?P<v>(?:9\d|1[0-3]\d)[- ]?(?i:years?|yrs?|yo|y/o|y\.o\.)(?i:[- ]old)?)|\b(?i:aged?|age of|turned|turning|just turned)[ ](?P<v2>9\d|1[0-3]\d)\b|\b(?i:(?:he|she)(?:'s| is| was| will be)|(?:mum|mom|dad|nan|gran|grandma|grandpa|grandad|granddad|granny|nana) (?:is|was|turned))[ ](?P<v3>9\d|1[0-3]\d)\b".into(),
            C::Age,
            0.9,
        ),
        (K::Age, r"\b(?i:is|was|turns|turned|aged|age|at|of)[ ](?P<v>9\d|1[0-3]\d)\b".into(), C::AgeLoose, 0.7),
        (
            K::Age,
            r"\b(?i:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?[- ]years?[- ]old|(?:a )?hundred(?: and [a-z]+)?[- ]years?[- ]old|in (?:his|her|their) (?:late |early |mid[- ])?(?:90s|nineties))".into(),
            C::None,
            0.8,
        ),
        // Addresses: a street with a house number, a PO box, a ZIP code after a state, a UK
        // postcode.
        (
            K::Address,
            format!(
                r"(?:\b(?i:flat|apt\.?|apartment|unit|suite) [0-9]{{1,4}}[A-Za-z]?,? )?\b\d{{1,5}}[A-Za-z]?(?:-\d{{1,5}})?,? (?:{street_word} ){{1,3}}{suffix}\b\.?(?:,? (?i:apt\.?|apartment|unit|suite|flat|#) ?[0-9]{{1,4}}[A-Za-z]?)?(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)?(?:,? [A-Z]{{2}})?(?: \d{{5}}(?:-\d{{4}})?)?"
            ),
            C::Street,
            0.9,
        ),
        (K::Address, r"\b(?i:p\.?o\.? box) \d{1,6}\b".into(), C::None, 0.9),
        (K::Address, r"\b(?P<state>[A-Z]{2}),? (?P<v>\d{5}(?:-\d{4})?)\b".into(), C::Zip, 0.8),
        (K::Address, r"\b(?i:zip(?: code)?|postcode|post code):?[ ](?P<v>\d{5}(?:-\d{4})?|[A-Za-z]{1,2}\d[A-Za-z\d]?[ ]?\d[A-Za-z]{2})\b".into(), C::None, 0.9),
        (K::Address, r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ ]?\d[ABD-HJLNP-UW-Z]{2}\b".into(), C::None, 0.85),
    ]
}

/// Makes `\b` an ASCII word boundary and `\d` an ASCII digit, so the lazy DFA runs on any text.
fn ascii(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]")
}

/// The compiled patterns.
#[derive(Clone, Debug)]
pub(super) struct Patterns {
    set: RegexSet,
    rules: std::sync::Arc<[RuleBox]>,
}

/// A [`Rule`] with a `Debug` that does not print the regex.
struct RuleBox(Rule);

impl std::fmt::Debug for RuleBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule({})", self.0.kind)
    }
}

impl Patterns {
    pub(super) fn new() -> Patterns {
        let specs = rules();
        let sources: Vec<String> = specs.iter().map(|s| ascii(&s.1)).collect();
        // The set matches overlapping patterns, so its lazy DFA has many states: a cache of
        // 16 MiB (per thread) keeps it from being cleared and rebuilt text after text.
        let set = RegexSetBuilder::new(&sources)
            .size_limit(64 << 20)
            .dfa_size_limit(16 << 20)
            .build()
            .expect("BUG: the PHI patterns compile");
        let rules = specs
            .into_iter()
            .zip(&sources)
            .map(|((kind, _, check, confidence), source)| {
                let regex = RegexBuilder::new(source)
                    .size_limit(32 << 20)
                    .build()
                    .expect("BUG: a PHI pattern compiles");
                RuleBox(Rule { kind, regex, check, confidence })
            })
            .collect();
        Patterns { set, rules }
    }

    /// Pushes the hits in `text` onto `out`, and onto `links` the spans of every URL and e-mail
    /// address (PHI or not) and of the organization's phone numbers: nothing inside them is
    /// another hit. Dates and ages that would be hits in a sentence about a person go to
    /// `maybe`.
    pub(super) fn find(
        &self,
        text: &str,
        words: &mut Words<'_>,
        out: &mut Vec<Candidate>,
        maybe: &mut Vec<Candidate>,
        links: &mut Vec<Range<usize>>,
    ) {
        if !may_match(text) {
            return;
        }
        for index in self.set.matches(text).iter() {
            let rule = &self.rules[index].0;
            for caps in rule.regex.captures_iter(text) {
                let whole = caps.get(0).expect("BUG: group 0 always matches");
                let value =
                    ["v", "v2", "v3"].iter().find_map(|name| caps.name(name)).unwrap_or(whole);
                let mut span = value.range();
                if matches!(rule.kind, PhiKind::Url | PhiKind::Email) {
                    span = trim_trailing_punctuation(text, span);
                    links.push(span.clone());
                }
                let text_at = &text[span.clone()];
                // Dates need a sentence about a person; one that is about no one by its words
                // may still name someone (checked once names are known).
                let (keep, needs_person) = match rule.check {
                    Check::None => (true, false),
                    // "she is 95" is an age, "she is 95 degrees of stubborn" is not.
                    Check::Age if text_at.bytes().all(|b| b.is_ascii_digit()) => {
                        (context::plain_number(text, span.clone()), false)
                    }
                    Check::Age => (true, false),
                    Check::Phone => (phone_is_personal(text, span.clone(), words), false),
                    Check::Email => (email_is_personal(text, span.clone(), words), false),
                    Check::Url => (url_has_identifier(text_at), false),
                    Check::Date => (valid_numeric_date(text_at), true),
                    Check::DateNoYear => (
                        valid_numeric_date(text_at)
                            && text_at != "24/7"
                            && words.date_cue_before(span.start)
                            && !context::rating_after(text, span.end),
                        true,
                    ),
                    Check::DateWords => {
                        (!text_at.starts_with("may ") && !text_at.starts_with("mar "), true)
                    }
                    Check::MonthYear => {
                        (!text_at.starts_with("may ") && words.strong_date_cue(span.start), false)
                    }
                    Check::AgeLoose => (context::plain_number(text, span.clone()), true),
                    Check::Street => (
                        words.place_owner_before(span.start) != context::Owner::Organization,
                        false,
                    ),
                    Check::Zip => (caps.name("state").is_some_and(|s| is_state(s.as_str())), false),
                    Check::HasDigit => (text_at.bytes().any(|b| b.is_ascii_digit()), false),
                    Check::Ip => (
                        !dotted_neighbours(text, span.clone()) && !words.version_before(span.start),
                        false,
                    ),
                    Check::Ip6 => (
                        text_at.matches(':').count() >= 3
                            && (text_at.contains("::")
                                || text_at.bytes().any(|b| b.is_ascii_alphabetic())),
                        false,
                    ),
                    Check::LongNumber => (!looks_like_phone(text_at), false),
                };
                let candidate =
                    Candidate { kind: rule.kind, span: span.clone(), confidence: rule.confidence };
                if keep && needs_person && !words.personal_sentence(span.start) {
                    maybe.push(candidate);
                    continue;
                }
                if keep {
                    out.push(candidate);
                } else if rule.check == Check::Phone {
                    // The organization's number: no shorter phone pattern may match inside it.
                    links.push(span);
                }
            }
        }
    }
}

/// True if `text` may hold a hit of some pattern: every pattern needs a digit, an `@`, a `/`
/// or the start "ninet" ("ninety", "nineties"), "hundred" or "www." (ignoring ASCII case,
/// anywhere); serials and plates after their cue need a digit in their value
/// ([`Check::HasDigit`]).
pub(super) fn may_match(text: &str) -> bool {
    /// Per byte: [`HIT`] for a digit, `@` and `/`, else the index + 1 of the word (in `WORDS`)
    /// that starts with it, else 0.
    const HIT: u8 = u8::MAX;
    const WORDS: [&[u8]; 3] = [b"ninet", b"hundred", b"www."];
    static CLASS: [u8; 256] = {
        let mut class = [0; 256];
        let mut b = b'0';
        while b <= b'9' {
            class[b as usize] = HIT;
            b += 1;
        }
        class[b'@' as usize] = HIT;
        class[b'/' as usize] = HIT;
        let mut w = 0;
        while w < WORDS.len() {
            let first = WORDS[w][0];
            class[first as usize] = w as u8 + 1;
            class[first.to_ascii_uppercase() as usize] = w as u8 + 1;
            w += 1;
        }
        class
    };
    let bytes = text.as_bytes();
    // First a digit, `@` or `/` (then true), or a start of the words ("nin", "hun", "www",
    // ignoring ASCII case), anywhere, 16 bytes at a time? Most texts have neither.
    match marks_and_starts(bytes) {
        (true, _) => return true,
        (false, false) => return false,
        (false, true) => {}
    }
    for (at, &b) in bytes.iter().enumerate() {
        match CLASS[usize::from(b)] {
            0 => {}
            HIT => return true,
            word => {
                let word = WORDS[usize::from(word - 1)];
                if bytes[at..].get(..word.len()).is_some_and(|s| s.eq_ignore_ascii_case(word)) {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether `bytes` holds a digit, `@` or `/` (the marks), and, if it holds none, whether a
/// byte starts "nin", "hun" or "www" ignoring ASCII case (`byte | 0x20`).
fn marks_and_starts(bytes: &[u8]) -> (bool, bool) {
    // Where the 16-byte steps stopped, and whether they found a start of the words.
    #[cfg(not(target_arch = "x86_64"))]
    let (at, mut starts) = (0, false);
    #[cfg(target_arch = "x86_64")]
    let (at, mut starts) = {
        use std::arch::x86_64::{
            __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8,
            _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128, _mm_sub_epi8,
        };
        // SAFETY: SSE2 is part of x86-64; every step loads 16 bytes at `at`, `at + 1` and
        // `at + 2` with `at + 18 <= bytes.len()`, unaligned.
        unsafe {
            let set = |b: u8| _mm_set1_epi8(b as i8);
            let (zero, nine, at_sign, slash, case) =
                (set(b'0'), set(9), set(b'@'), set(b'/'), set(0x20));
            let (n, i, h, u, w) = (set(b'n'), set(b'i'), set(b'h'), set(b'u'), set(b'w'));
            let mut words: __m128i = _mm_setzero_si128();
            let ptr = bytes.as_ptr();
            // One step: the marks among the 16 bytes at `at`, and the starts among them.
            let step = |at: usize, words: &mut __m128i| -> bool {
                let a = _mm_loadu_si128(ptr.add(at).cast());
                let digits = _mm_sub_epi8(a, zero);
                let digit = _mm_cmpeq_epi8(_mm_min_epu8(digits, nine), digits);
                let marks = _mm_or_si128(
                    digit,
                    _mm_or_si128(_mm_cmpeq_epi8(a, at_sign), _mm_cmpeq_epi8(a, slash)),
                );
                let a = _mm_or_si128(a, case);
                let b = _mm_or_si128(_mm_loadu_si128(ptr.add(at + 1).cast()), case);
                let c = _mm_or_si128(_mm_loadu_si128(ptr.add(at + 2).cast()), case);
                let (cn, cw) = (_mm_cmpeq_epi8(c, n), _mm_cmpeq_epi8(c, w));
                let nin = _mm_and_si128(_mm_cmpeq_epi8(a, n), _mm_cmpeq_epi8(b, i));
                let hun = _mm_and_si128(_mm_cmpeq_epi8(a, h), _mm_cmpeq_epi8(b, u));
                let ww = _mm_and_si128(_mm_cmpeq_epi8(a, w), _mm_cmpeq_epi8(b, w));
                let found =
                    _mm_or_si128(_mm_and_si128(_mm_or_si128(nin, hun), cn), _mm_and_si128(ww, cw));
                *words = _mm_or_si128(*words, found);
                _mm_movemask_epi8(marks) != 0
            };
            let mut at = 0;
            while at + 18 <= bytes.len() {
                if step(at, &mut words) {
                    return (true, false);
                }
                at += 16;
            }
            // The last bytes, in one more step that ends with the text (it reads some bytes
            // again): only the last two bytes are left, which start no word.
            if bytes.len() >= 18 && at + 2 < bytes.len() {
                if step(bytes.len() - 18, &mut words) {
                    return (true, false);
                }
                at = bytes.len() - 2;
            }
            (at, _mm_movemask_epi8(words) != 0)
        }
    };
    let rest = &bytes[at..];
    if rest.iter().any(|&b| b.is_ascii_digit() || b == b'@' || b == b'/') {
        return (true, false);
    }
    let next = rest.get(1..).unwrap_or_default();
    let after = rest.get(2..).unwrap_or_default();
    starts |= rest.iter().zip(next).zip(after).any(|((&x, &y), &z)| {
        let (x, y, z) = (x | 0x20, y | 0x20, z | 0x20);
        matches!((x, y, z), (b'n', b'i', b'n') | (b'h', b'u', b'n') | (b'w', b'w', b'w'))
    });
    (false, starts)
}

fn trim_trailing_punctuation(text: &str, span: Range<usize>) -> Range<usize> {
    let trimmed = text[span.clone()].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    span.start..span.start + trimmed.len()
}

/// Phone numbers of the organization: toll-free numbers, and numbers after a cue that names
/// the organization ("call us", "the billing office on") rather than a person ("call me on").
fn phone_is_personal(text: &str, span: Range<usize>, words: &mut Words<'_>) -> bool {
    let digits: String = text[span.clone()].chars().filter(char::is_ascii_digit).collect();
    let national = digits.strip_prefix('1').filter(|d| d.len() == 10).unwrap_or(&digits);
    let toll_free_us = national.len() == 10
        && ["800", "888", "877", "866", "855", "844", "833"]
            .iter()
            .any(|p| national.starts_with(p));
    let toll_free_uk = ["0800", "0808", "0300", "0345", "0843", "0844", "0845", "0870", "0333"]
        .iter()
        .any(|p| digits.starts_with(p));
    if toll_free_us || toll_free_uk {
        return false;
    }
    words.contact_owner_before(span.start) != context::Owner::Organization
}

/// E-mail addresses of the organization: role addresses (`billing@`, `patientrelations@`) and
/// addresses after "email us at".
fn email_is_personal(text: &str, span: Range<usize>, words: &mut Words<'_>) -> bool {
    let address = &text[span.clone()];
    let local = address.split('@').next().unwrap_or("").to_ascii_lowercase();
    const ROLE_PARTS: &[&str] = &[
        "info",
        "contact",
        "relations",
        "experience",
        "feedback",
        "billing",
        "appointment",
        "enquir",
        "inquir",
        "admin",
        "help",
        "support",
        "pals",
        "complaint",
        "noreply",
        "no-reply",
        "hello",
        "office",
        "reception",
        "records",
        "privacy",
        "compliance",
        "careers",
        "media",
        "press",
        "team",
        "service",
        "frontdesk",
        "desk",
        "accounts",
        "finance",
        "advice",
        "liaison",
        "booking",
        "referral",
        "scheduling",
        "pharmacy",
        "webmaster",
    ];
    if ROLE_PARTS.iter().any(|part| local.contains(part)) {
        return false;
    }
    words.contact_owner_before(span.start) != context::Owner::Organization
}

/// True for URLs that point at a person or a record: a query string, a number of four digits
/// or more in the path, a social profile or fundraiser, a patient portal.
fn url_has_identifier(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, rest)| rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.trim_start_matches("www.");
    if path.contains('?') && path.contains('=') || path.contains('@') {
        return true;
    }
    let mut run = 0;
    for b in path.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 4 {
            return true;
        }
    }
    const PERSONAL_HOSTS: &[&str] = &[
        "facebook.com",
        "fb.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "linkedin.com",
        "tiktok.com",
        "gofundme.com",
        "caringbridge.org",
        "youtube.com",
    ];
    const PERSONAL_PATHS: &[&str] =
        &["patient", "mychart", "record", "mrn", "profile", "user", "member", "account"];
    let path_words = !path.trim_matches('/').is_empty();
    (PERSONAL_HOSTS.contains(&host) && path_words)
        || PERSONAL_PATHS.iter().any(|p| path.contains(p) || host.contains(p))
}

/// A date of day, month and maybe year written with digits, in either order, that exists.
fn valid_numeric_date(date: &str) -> bool {
    let parts: Vec<u32> =
        date.split(['/', '.', '-']).map(|p| p.parse().unwrap_or(u32::MAX)).collect();
    let (a, b) = match parts.as_slice() {
        [y, m, d] if *y >= 1000 => (*m, *d),
        [a, b] | [a, b, _] => (*a, *b),
        _ => return false,
    };
    let day_month = (1..=31).contains(&a) && (1..=12).contains(&b);
    let month_day = (1..=12).contains(&a) && (1..=31).contains(&b);
    day_month || month_day
}

/// True if an IPv4-looking match is part of a longer dotted number (`1.2.3.4.5`).
fn dotted_neighbours(text: &str, span: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let before =
        span.start >= 2 && bytes[span.start - 1] == b'.' && bytes[span.start - 2].is_ascii_digit();
    let after = bytes.get(span.end) == Some(&b'.')
        && bytes.get(span.end + 1).is_some_and(u8::is_ascii_digit);
    before || after
}

/// A run of digits that is a phone number: ten digits not starting with 0 or 1, or eleven
/// starting with `1` or `0` (US with its country code, UK national).
fn looks_like_phone(digits: &str) -> bool {
    let first = digits.as_bytes()[0];
    (digits.len() == 10 && first >= b'2')
        || (digits.len() == 11 && (first == b'1' || first == b'0'))
}

fn is_state(code: &str) -> bool {
    const STATES: &[&str] = &[
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
        "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
        "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
        "VA", "WA", "WV", "WI", "WY", "DC", "PR",
    ];
    STATES.contains(&code)
}
