//! Removes contact details and identifiers from quotes before they go into `report.md`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// Replaces contact details and identifiers in free text with placeholders.
///
/// What is replaced, in this order:
///
/// 1. URLs (`https://…`, `www.…`) → `[URL]`;
/// 2. email addresses → `[EMAIL]`;
/// 3. `@handles`, except the allowed ones (the providers' own) → `[HANDLE]`;
/// 4. phone numbers → `[PHONE]`: international with a `+` (`+1 555 123 4567`,
///    `+44 20 7946 0958`), North American (`(555) 123-4567`, `555-123-4567`, `1-800-555-0199`,
///    `555-0134`) and UK national (`07700 900123`, `020 7946 0958`);
/// 5. identifiers → `[ID]`: the value after a label such as `MRN`, `patient id`, `account`,
///    `member id` or `case #` (`MRN 12345` → `MRN [ID]`), US social security numbers, and any
///    run of six or more digits.
///
/// Short numbers ("3 hours", "2026", "45 min", "$250", "10/10") are left alone.
///
/// # Limits
///
/// This is pattern matching, not PHI detection: on its own it leaves names, dates of birth and
/// addresses in place. The report runs it after the PHI detector's redaction
/// ([`Redactor::redact_with_phi`], with the hits the scoring core found), as a second net for
/// contact details and handles. Read quotes before sharing a report outside the team.
///
/// # Example
///
/// ```
/// use bedside_report::Redactor;
///
/// let redactor = Redactor::new(["@StMarysHosp"]);
/// assert_eq!(
///     redactor.redact("@StMarysHosp call me on 555-0134 or mail jo@example.com, @jo_b"),
///     "@StMarysHosp call me on [PHONE] or mail [EMAIL], [HANDLE]",
/// );
/// assert_eq!(redactor.redact("Waited 3 hours in 2026"), "Waited 3 hours in 2026");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    allowed_handles: HashSet<String>,
}

/// The placeholders redaction inserts: the pattern [`Redactor`]'s, the PHI kinds'
/// (`PhiKind::placeholder`) and `[AUTHOR]`.
pub const PLACEHOLDERS: [&str; 13] = [
    "[URL]",
    "[EMAIL]",
    "[HANDLE]",
    "[PHONE]",
    "[ID]",
    "[NAME]",
    "[ADDRESS]",
    "[DATE]",
    "[AGE]",
    "[IP]",
    "[PLATE]",
    "[DEVICE]",
    "[AUTHOR]",
];

/// What a report redacts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedactMode {
    /// Quotes and excerpts in report.md, and the mentions table (`mentions.csv`,
    /// `mentions.parquet`): its `text` (PHI and patterns), `author` (except the providers' own
    /// handles) and `url`.
    All,
    /// Quotes and excerpts in report.md only; the mentions table keeps the analyst's data as
    /// read. The default.
    #[default]
    Excerpts,
    /// Nothing.
    None,
}

impl RedactMode {
    /// The modes, as `--redact` names them.
    pub const ALL: &'static [RedactMode] =
        &[RedactMode::All, RedactMode::Excerpts, RedactMode::None];

    /// The mode's name: `all`, `excerpts`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            RedactMode::All => "all",
            RedactMode::Excerpts => "excerpts",
            RedactMode::None => "none",
        }
    }
}

impl std::str::FromStr for RedactMode {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<RedactMode, String> {
        RedactMode::ALL
            .iter()
            .copied()
            .find(|mode| mode.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown redaction mode {s:?}: expected all, excerpts or none"))
    }
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]]+"#).expect("BUG: URL pattern")
});

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
        .expect("BUG: email pattern")
});

// The regex crate has no look-behind, so the character before the `@` is captured and put back.
static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^\w@.])@([A-Za-z0-9_]{1,30})\b").expect("BUG: handle pattern")
});

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    let patterns = [
        // International, with a `+` and a country code: +1 555 123 4567, +44 20 7946 0958.
        r"\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?)(?:[ .-]?\d{2,4}){2,4}\b",
        // North American: (555) 123-4567, 555-123-4567, 555.123.4567, 1-800-555-0199.
        r"(?:\b1[ .-]?)?(?:\(\d{3}\) ?|\b\d{3}[ .-]?)\d{3}[ .-]?\d{4}\b",
        // UK national numbers: 07700 900123, 020 7946 0958, 0161 496 0000.
        r"\b0\d{2,4} ?\d{3,4} ?\d{3,4}\b",
        // Seven-digit local numbers with a dash: 555-0134.
        r"\b\d{3}-\d{4}\b",
    ];
    Regex::new(&patterns.join("|")).expect("BUG: phone pattern")
});

static LABELED_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b((?:mrn|medical record(?: number| no\.?)?|patient (?:id|number|no\.?)|account(?: number| no\.?)?|acct\.?|member (?:id|number)|policy (?:number|no\.?)|case|claim|invoice|ref(?:erence)?)(?: ?(?:#|no\.?|number|:))?[ :]*)([A-Z]{0,3}[0-9][A-Z0-9-]{2,})\b",
    )
    .expect("BUG: labeled id pattern")
});

static NUMBER_ID: LazyLock<Regex> = LazyLock::new(|| {
    // Social security numbers, then any run of six or more digits.
    Regex::new(r"\b\d{3}-\d{2}-\d{4}\b|\d{6,}").expect("BUG: number id pattern")
});

impl Redactor {
    /// A redactor that keeps the given handles (with or without `@`, compared without case).
    pub fn new<I, S>(allowed_handles: I) -> Redactor
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let allowed_handles = allowed_handles
            .into_iter()
            .map(|handle| handle.as_ref().trim().trim_start_matches('@').to_lowercase())
            .filter(|handle| !handle.is_empty())
            .collect();
        Redactor { allowed_handles }
    }

    /// The text with its PHI (`hits`, from the scoring core's detector) replaced by the PHI
    /// placeholders, then the patterns of [`Redactor::redact`].
    pub fn redact_with_phi(&self, text: &str, hits: &[bedside_types::PhiHit]) -> String {
        self.redact(&bedside_types::redact_phi(text, hits))
    }

    /// True if `author` is one of the allowed handles (with or without `@`, ignoring case).
    pub fn is_allowed_handle(&self, author: &str) -> bool {
        let body = author.trim().trim_start_matches('@').to_lowercase();
        !body.is_empty() && self.allowed_handles.contains(&body)
    }

    /// The text with every match replaced by its placeholder.
    pub fn redact(&self, text: &str) -> String {
        // Most texts cannot match most patterns: on ASCII text, a pattern is skipped when a
        // character it needs is absent (URLs need "http" or "www", emails and handles an `@`,
        // the numbers an ASCII digit, phone numbers and bare identifiers at least six).
        // Replacements only remove such characters, so what the input lacks, every step lacks.
        // Non-ASCII text takes every pattern (`\d` matches Unicode digits).
        let ascii = text.is_ascii();
        let bytes = text.as_bytes();
        let may_url =
            !ascii || contains_ignore_case(bytes, b"http") || contains_ignore_case(bytes, b"www");
        let may_at = !ascii || bytes.contains(&b'@');
        let n_digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
        let may_digit = !ascii || n_digits > 0;
        // The shortest phone number (`+1 2 34 56`) and bare identifier (`123456`) have six.
        let may_number = !ascii || n_digits >= 6;
        if !(may_url || may_at || may_digit) {
            return text.to_owned();
        }
        let text = if may_url { URL.replace_all(text, "[URL]") } else { Cow::Borrowed(text) };
        if !(may_at || may_digit) {
            return text.into_owned();
        }
        let text = EMAIL.replace_all(&text, "[EMAIL]");
        let text = self.replace_handles(&text);
        if !may_digit {
            return text.into_owned();
        }
        if !may_number {
            return LABELED_ID.replace_all(&text, "$1[ID]").into_owned();
        }
        let text = PHONE.replace_all(&text, "[PHONE]");
        let text = LABELED_ID.replace_all(&text, "$1[ID]");
        NUMBER_ID.replace_all(&text, "[ID]").into_owned()
    }

    /// `text` with every handle but the allowed ones replaced by `[HANDLE]`.
    fn replace_handles<'t>(&self, text: &'t str) -> Cow<'t, str> {
        HANDLE.replace_all(text, |caps: &Captures<'_>| {
            let handle = &caps[2];
            if self.allowed_handles.contains(&handle.to_lowercase()) {
                caps[0].to_string()
            } else {
                format!("{}[HANDLE]", &caps[1])
            }
        })
    }
}

/// Whether `haystack` contains `needle`, ignoring ASCII case.
fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pattern on every text: what [`Redactor::redact`] must equal.
    fn redact_all_patterns(redactor: &Redactor, text: &str) -> String {
        let text = URL.replace_all(text, "[URL]");
        let text = EMAIL.replace_all(&text, "[EMAIL]");
        let text = redactor.replace_handles(&text);
        let text = PHONE.replace_all(&text, "[PHONE]");
        let text = LABELED_ID.replace_all(&text, "$1[ID]");
        NUMBER_ID.replace_all(&text, "[ID]").into_owned()
    }

    #[test]
    fn skipping_patterns_changes_nothing() {
        let redactor = Redactor::new(["@StMarysHosp"]);
        let texts = [
            "no digits, no at sign, no link",
            "see WWW.Example.com or HTTPS://x.example/a?b=1",
            "mail me: a.b@example.org or @someone, not @StMarysHosp",
            "call 555-0134, MRN 12345678, ssn 123-45-6789, acct# AB12345",
            "Arabic-Indic digits ١٢٣٤٥٦٧ and fullwidth ＠ and ０１２３４５",
            "non-ASCII café with 07700 900123 and Ｗｗｗ.example.com",
            "httpx wwwy 42",
            "five digits 12345, MRN 1234, case #A12",
            "six in pieces: +1 2 34 56 and 12-34-56",
            "+1 2 34 56",
            "123456",
            "123-45-6789",
            "",
        ];
        for text in texts {
            assert_eq!(redactor.redact(text), redact_all_patterns(&redactor, text), "{text:?}");
        }
    }

    fn check(input: &str, expected: &str) {
        let redactor = Redactor::new(["@StMarysHosp", "oakclinic"]);
        assert_eq!(redactor.redact(input), expected, "input: {input:?}");
    }

    #[test]
    fn emails() {
        check("write to jane.doe+care@mail.example.co.uk now", "write to [EMAIL] now");
        check("J_Smith99@example.org.", "[EMAIL].");
        check("an @ sign alone and a@b are fine", "an @ sign alone and a@b are fine");
    }

    #[test]
    fn phones() {
        check("call 555-0134 today", "call [PHONE] today");
        check("call (555) 123-4567.", "call [PHONE].");
        check("call 555-123-4567 or 555.123.4567", "call [PHONE] or [PHONE]");
        check("call +1 555 123 4567", "call [PHONE]");
        check("call 1-800-555-0199", "call [PHONE]");
        check("ring 07700 900123 please", "ring [PHONE] please");
        check("ring +44 20 7946 0958", "ring [PHONE]");
        check("ring 020 7946 0958", "ring [PHONE]");
        check("+44 7700 900123", "[PHONE]");
    }

    #[test]
    fn identifiers() {
        check("my MRN 12345 was wrong", "my MRN [ID] was wrong");
        check("MRN: A12345", "MRN: [ID]");
        check("account #778899", "account #[ID]");
        check("patient id 4471", "patient id [ID]");
        check("ssn 123-45-6789", "ssn [ID]");
        check("ref 20250304998", "ref [ID]");
        check("number 1234567 on the bill", "number [ID] on the bill");
        check("card A1234567", "card A[ID]");
    }

    #[test]
    fn urls_and_handles() {
        check("see https://example.com/a?b=1 and www.foo.org", "see [URL] and [URL]");
        check("(https://example.com/x)", "([URL])");
        check(
            "@jo_b thanks @StMarysHosp and @OakClinic",
            "[HANDLE] thanks @StMarysHosp and @OakClinic",
        );
        check("hi @jo, @sam!", "hi [HANDLE], [HANDLE]!");
        check("RT @someone: bad", "RT [HANDLE]: bad");
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        for text in [
            "Waited 3 hours",
            "in 2026",
            "45 min wait",
            "paid $250 for a 10 minute visit",
            "10/10 would recommend",
            "5 stars",
            "room 312, floor 4",
            "March 4, 2026 at 9:30",
            "2026-03-04",
            "on 03/04/2026",
            "1 in 3 patients",
            "$1,250.00",
            "case closed",
            "great account of events",
            "a 24/7 service",
            "Dr. Lee",
        ] {
            check(text, text);
        }
    }

    #[test]
    fn empty_and_plain_text() {
        check("", "");
        check("The nurses were lovely.", "The nurses were lovely.");
    }
}
