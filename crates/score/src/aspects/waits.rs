//! Reported wait times.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use bedside_types::{WaitKind, WaitReport};

use super::parts::TextParts;
use super::words::{Word, words, words_within};

const MINUTES_PER_HOUR: f64 = 60.0;
const MINUTES_PER_DAY: f64 = 1440.0;
const MINUTES_PER_WEEK: f64 = 10_080.0;
const MINUTES_PER_MONTH: f64 = 43_200.0;

/// The waits `text` reports, in text order, normalized to minutes.
///
/// **Durations.** A number (`3`, `1.5`, `2 1/2`, `two`, `forty-five`, `a`, `an`, `a couple of`,
/// `a few`, `half a`/`half an`) followed by a unit (`min`, `mins`, `minutes`, `hr`, `hrs`,
/// `hours`, `h`, `days`, `weeks`, `months`, glued or not: `3hrs`, `90mins`), optionally with
/// `and a half` and a smaller part (`2 hours and 15 minutes`). Modifiers such as `over` or
/// `almost` are ignored (`over an hour` is 60). A duration counts only when its clause
/// ([`clauses`]) has a wait cue: `wait`, `waited`, `waiting`, `sat`, `queue`, `on hold`,
/// `kept`, or a kind cue (appointment, referral, results, ER, A&E, emergency, to be
/// seen). Durations followed by `after`, `ago`, `later`, `old` or `before` ("3 hours after the
/// surgery") and a singular unit used as an adjective ("a 10 minute scan") never count.
///
/// **Time ranges.** A start time after `since`, `from`, `arrived`, `got` (there, to...) or
/// `checked in`, within six words,
/// and an end time after `seen`, `until`, `till`, `called` or `left` later in the text
/// ("since 9am... seen at 1pm", "arrived at 2:15, seen at 5"): the difference, taking the end
/// in the afternoon when it has no am/pm and would otherwise come first.
///
/// **Kinds**, from cues in the clause (for time ranges, the text between and around the two
/// times), first match wins: results, biopsy → [`WaitKind::Results`]; appointment, referral,
/// booking, on hold → [`WaitKind::Appointment`]; ER, A&E, emergency →
/// [`WaitKind::Emergency`]; waiting room, clinic, office, to be seen, or a place named after
/// `at`/`in` → [`WaitKind::Clinic`]; else [`WaitKind::Other`] (time ranges default to
/// `Clinic`). Minutes are rounded and saturate at `u32::MAX`.
pub fn waits(text: &str) -> Vec<WaitReport> {
    waits_with(text, &TextParts::default())
}

/// [`waits`], with the clauses and words of `text` from `parts`.
pub(crate) fn waits_with<'t>(text: &'t str, parts: &TextParts<'t>) -> Vec<WaitReport> {
    if !may_hold_a_wait(text) {
        return Vec::new();
    }
    waits_unfiltered(text, parts, true)
}

/// [`waits`] without the first check on the whole text; with `check_clauses`, a clause whose
/// text fails the cue check ([`may_hold_a_cue`]) is skipped before it is tokenized.
fn waits_unfiltered<'t>(
    text: &'t str,
    parts: &TextParts<'t>,
    check_clauses: bool,
) -> Vec<WaitReport> {
    let mut out = Vec::new();
    for clause in parts.clauses(text) {
        if check_clauses && !may_hold_a_cue(&text[clause.clone()]) {
            continue;
        }
        let owned;
        let tokens = match words_within(text, parts.words(text), clause) {
            Some(within) => within,
            None => {
                owned = words(text, clause.clone());
                &owned[..]
            }
        };
        if !(0..tokens.len()).any(|at| is_wait_cue(tokens, at)) && kind_cue(tokens).is_none() {
            continue;
        }
        let kind = kind_of(tokens).unwrap_or(WaitKind::Other);
        let mut index = 0;
        while index < tokens.len() {
            match duration_at(tokens, index) {
                Some((minutes, end)) => {
                    out.push(WaitReport {
                        minutes: to_u32(minutes),
                        kind,
                        span: tokens[index].span.start..tokens[end - 1].span.end,
                    });
                    index = end;
                }
                None => index += 1,
            }
        }
    }
    out.extend(time_range(parts.words(text)));
    out.sort_by_key(|w| w.span.start);
    out
}

fn to_u32(minutes: f64) -> u32 {
    minutes.round().clamp(0.0, u32::MAX as f64) as u32
}

/// Whether word `at` of `tokens` is a wait cue.
fn is_wait_cue(tokens: &[Word<'_>], at: usize) -> bool {
    let w = tokens[at].lower.as_ref();
    w.starts_with("wait")
        || w.starts_with("queu")
        || matches!(w, "sat" | "sitting" | "kept" | "hold")
        || (w == "seen" && at >= 2 && tokens[at - 1].lower == "be")
}

/// The kind named by a cue of the clause, if any.
fn kind_cue(tokens: &[Word<'_>]) -> Option<WaitKind> {
    let has = |f: &dyn Fn(&str) -> bool| tokens.iter().any(|w| f(&w.lower));
    let has_seq = |a: &str, b: &str| tokens.windows(2).any(|p| p[0].lower == a && p[1].lower == b);
    if has(&|w| w.starts_with("result") || w == "biopsy" || w == "labs") {
        Some(WaitKind::Results)
    } else if has(&|w| {
        w.starts_with("appointment") || w.starts_with("referral") || w == "appt" || w == "booking"
    }) || has_seq("on", "hold")
    {
        Some(WaitKind::Appointment)
    } else if has(&|w| matches!(w, "er" | "e.r." | "a&e" | "emergency" | "ed")) {
        Some(WaitKind::Emergency)
    } else if has_seq("waiting", "room")
        || has(&|w| matches!(w, "clinic" | "office" | "surgery's"))
        // Positions in `tokens`: `time_range` passes a window of the text's words.
        || tokens
            .iter()
            .enumerate()
            .any(|(at, w)| w.lower == "seen" && at >= 2 && tokens[at - 1].lower == "be")
    {
        Some(WaitKind::Clinic)
    } else {
        None
    }
}

fn kind_of(tokens: &[Word<'_>]) -> Option<WaitKind> {
    kind_cue(tokens).or_else(|| {
        let at_place = tokens.windows(2).any(|p| {
            matches!(p[0].lower.as_ref(), "at" | "in")
                && (p[1].text.starts_with(|c: char| c.is_uppercase()) || p[1].text.starts_with('@'))
        });
        at_place.then_some(WaitKind::Clinic)
    })
}

/// A duration starting at word `at`: its minutes and the index after its last word.
fn duration_at(tokens: &[Word<'_>], at: usize) -> Option<(f64, usize)> {
    let (mut minutes, mut end) = one_duration(tokens, at)?;
    // "2 hours and 15 minutes".
    if tokens.get(end).is_some_and(|w| w.lower == "and")
        && let Some((more, more_end)) = one_duration(tokens, end + 1)
        && more < minutes
    {
        minutes += more;
        end = more_end;
    }
    let next = tokens.get(end).map(|w| w.lower.as_ref());
    if matches!(next, Some("after" | "ago" | "later" | "old" | "before" | "post")) {
        return None;
    }
    Some((minutes, end))
}

/// Words after a singular unit that show it is not an adjective ("45 min in the ER").
const FUNCTION_WORDS: &[&str] = &[
    "in", "at", "for", "to", "and", "of", "on", "before", "until", "till", "with", "wait",
    "waiting", "queue", "just", "then", "or", "but", "so", "there", "here", "later", "ago",
    "after", "old", "post",
];

/// One number and unit at `at`.
fn one_duration(tokens: &[Word<'_>], at: usize) -> Option<(f64, usize)> {
    let first = tokens.get(at)?;
    // Glued: "3hrs", "90mins".
    let digits_end = first.lower.find(|c: char| !(c.is_ascii_digit() || c == '.'));
    if let Some(split) = digits_end.filter(|&s| s > 0) {
        let value: f64 = first.lower[..split].parse().ok()?;
        let unit = unit_minutes(&first.lower[split..])?;
        return Some((value * unit.0, at + 1));
    }
    let (mut value, mut next) = number_at(tokens, at)?;
    let mut half = false;
    if words_at(tokens, next, &["and", "a", "half"]) {
        half = true;
        next += 3;
    }
    let unit_word = tokens.get(next)?;
    let (unit, singular) = unit_minutes(&unit_word.lower)?;
    next += 1;
    if half {
        value += 0.5;
    }
    if words_at(tokens, next, &["and", "a", "half"]) {
        value += 0.5;
        next += 3;
    }
    // "a 10 minute scan": a singular unit after a number other than one is an adjective.
    if singular && value != 1.0 && value != 0.5 {
        let follows_word = tokens.get(next).is_some_and(|w| {
            w.lower.chars().all(char::is_alphabetic) && !FUNCTION_WORDS.contains(&w.lower.as_ref())
        });
        if follows_word {
            return None;
        }
    }
    Some((value * unit, next))
}

fn words_at(tokens: &[Word<'_>], at: usize, expected: &[&str]) -> bool {
    expected.iter().enumerate().all(|(k, e)| tokens.get(at + k).is_some_and(|w| w.lower == *e))
}

/// A number at `at`: its value and the index after it.
fn number_at(tokens: &[Word<'_>], at: usize) -> Option<(f64, usize)> {
    let word = tokens.get(at)?.lower.as_ref();
    if words_at(tokens, at, &["a", "couple", "of"]) {
        return Some((2.0, at + 3));
    }
    if words_at(tokens, at, &["couple", "of"]) {
        return Some((2.0, at + 2));
    }
    if words_at(tokens, at, &["a", "few"]) {
        return Some((3.0, at + 2));
    }
    if word == "half" && tokens.get(at + 1).is_some_and(|w| w.lower == "a" || w.lower == "an") {
        return Some((0.5, at + 2));
    }
    if let Ok(value) = word.replace(',', "").parse::<f64>() {
        // "2 1/2".
        if words_at(tokens, at + 1, &["1", "/", "2"]) {
            return Some((value + 0.5, at + 4));
        }
        if tokens.get(at + 1).is_some_and(|w| w.lower == "½") {
            return Some((value + 0.5, at + 2));
        }
        return Some((value, at + 1));
    }
    word_number(word).map(|value| (value, at + 1))
}

fn word_number(word: &str) -> Option<f64> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] =
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if matches!(word, "a" | "an") {
        return Some(1.0);
    }
    if let Some(n) = ONES.iter().position(|&w| w == word) {
        return Some(n as f64);
    }
    let (tens, ones) = word.split_once('-').unwrap_or((word, ""));
    let t = TENS.iter().position(|&w| w == tens)? as f64 * 10.0 + 20.0;
    if ones.is_empty() {
        return Some(t);
    }
    let o = ONES[1..10].iter().position(|&w| w == ones)? as f64 + 1.0;
    Some(t + o)
}

/// The minutes in a unit and whether it is singular.
fn unit_minutes(unit: &str) -> Option<(f64, bool)> {
    Some(match unit {
        "minute" => (1.0, true),
        "min" | "mins" | "minutes" | "m" => (1.0, false),
        "hour" => (MINUTES_PER_HOUR, true),
        "hr" | "h" | "hrs" | "hours" => (MINUTES_PER_HOUR, false),
        "day" => (MINUTES_PER_DAY, true),
        "days" => (MINUTES_PER_DAY, false),
        "week" | "wk" => (MINUTES_PER_WEEK, true),
        "weeks" | "wks" => (MINUTES_PER_WEEK, false),
        "month" => (MINUTES_PER_MONTH, true),
        "months" => (MINUTES_PER_MONTH, false),
        _ => return None,
    })
}

/// A clock time at `at`: minutes after midnight, whether am/pm was given, index after it.
fn time_at(tokens: &[Word<'_>], at: usize) -> Option<(f64, bool, usize)> {
    let word = tokens.get(at)?.lower.as_ref();
    match word {
        "noon" | "midday" => return Some((720.0, true, at + 1)),
        "midnight" => return Some((0.0, true, at + 1)),
        _ => {}
    }
    let (clock, mut suffix) = match word.find(|c: char| c.is_ascii_alphabetic()) {
        Some(split) => (&word[..split], &word[split..]),
        None => (word, ""),
    };
    let mut next = at + 1;
    if tokens.get(next).is_some_and(|w| unit_minutes(&w.lower).is_some()) {
        return None; // "from 2 weeks" is a duration.
    }
    if suffix.is_empty()
        && let Some(w) = tokens.get(next).filter(|w| matches!(w.lower.as_ref(), "am" | "pm"))
    {
        suffix = w.lower.as_ref();
        next += 1;
    }
    let (hours, minutes) = clock.split_once(':').unwrap_or((clock, "0"));
    let hours: f64 = hours.parse().ok()?;
    let minutes: f64 = minutes.parse().ok()?;
    if !(0.0..24.0).contains(&hours) || !(0.0..60.0).contains(&minutes) {
        return None;
    }
    let hours = match suffix {
        "am" if hours == 12.0 => 0.0,
        "pm" if hours < 12.0 => hours + 12.0,
        "am" | "pm" | "" => hours,
        _ => return None,
    };
    Some((hours * 60.0 + minutes, !suffix.is_empty(), next))
}

/// A time after one of `cues` (within six words), searching from word `from`.
fn cued_time(tokens: &[Word<'_>], from: usize, cues: &[&str]) -> Option<(usize, f64, bool, usize)> {
    (from..tokens.len()).filter(|&i| cues.contains(&tokens[i].lower.as_ref())).find_map(|i| {
        (i + 1..(i + 7).min(tokens.len())).find_map(|j| {
            time_at(tokens, j).map(|(minutes, marked, end)| (j, minutes, marked, end))
        })
    })
}

/// "since 9am ... seen at 1pm", among the words of a text.
fn time_range(tokens: &[Word<'_>]) -> Option<WaitReport> {
    let (start_at, start, _, start_end) =
        cued_time(tokens, 0, &["since", "from", "arrived", "got", "there", "checked"])?;
    let (end_at, mut end, end_marked, end_end) =
        cued_time(tokens, start_end, &["seen", "until", "till", "til", "called", "left", "saw"])?;
    if !end_marked && end <= start {
        end += 720.0;
    }
    if end <= start {
        end += MINUTES_PER_DAY;
    }
    let minutes = end - start;
    if minutes >= MINUTES_PER_DAY {
        return None;
    }
    let context = &tokens[start_at.saturating_sub(6)..(end_end + 6).min(tokens.len())];
    let kind = kind_cue(context).unwrap_or(WaitKind::Clinic);
    let span = tokens[start_at].span.start..tokens[end_at..end_end].last()?.span.end;
    Some(WaitReport { minutes: to_u32(minutes), kind, span })
}

/// Every wait needs a number (a digit) or a unit or clock word spelled out ("two weeks", "an
/// hour", "since noon"), and a cue ([`may_hold_a_cue`]). A text lacking either holds no wait.
/// A cheap first check, matched as substrings (so it may pass texts with none, never the
/// reverse).
fn may_hold_a_wait(text: &str) -> bool {
    static UNITS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "min", "hour", "hr", "day", "week", "wk", "month", "noon", "midday", "midnight",
            ])
            .expect("BUG: the wait prefilter builds")
    });
    // The Kelvin sign lowercases to `k` ("wee\u{212A}s"): such a text takes the full path.
    let unit = text.bytes().any(|b| b.is_ascii_digit()) || UNITS.is_match(text);
    if !(unit || text.contains('\u{212A}')) {
        return false;
    }
    may_hold_a_cue(text)
}

/// Whether `text` may hold a cue: a wait cue or a kind cue (of a clause), or the start cue of
/// a time range. Matched as substrings of the words that hold them (so it may pass texts with
/// none, never the reverse); text beyond ASCII always passes, its lowercase forms can differ
/// in surprising ways.
fn may_hold_a_cue(text: &str) -> bool {
    /// The cues of `is_wait_cue`, `kind_cue` and `time_range`, as substrings of the words that
    /// hold them; `er` and `ed` only as words of their own (see below).
    static CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "er",
                "ed",
                "wait",
                "queu",
                "sat",
                "sitting",
                "kept",
                "hold",
                "seen",
                "result",
                "biopsy",
                "labs",
                "appointment",
                "referral",
                "appt",
                "booking",
                "e.r",
                "a&e",
                "emergency",
                "clinic",
                "office",
                "surgery",
                "since",
                "from",
                "arrived",
                "got",
                "there",
                "checked",
            ])
            .expect("BUG: the wait prefilter builds")
    });
    if !text.is_ascii() {
        return true;
    }
    let bytes = text.as_bytes();
    let letter_at = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphabetic);
    CUES.find_overlapping_iter(text).any(|m| {
        // Patterns 0 and 1, `er` and `ed`, are cues only as whole words ("ER", "ED").
        m.pattern().as_usize() > 1
            || !(m.start() > 0 && letter_at(m.start() - 1) || letter_at(m.end()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first check only skips texts without waits: on the hand-written targets set (full
    /// of waits), the VADER texts and texts written to tempt it, the waits found are those of
    /// the full extraction, and most VADER texts are skipped.
    #[test]
    fn first_check_never_hides_a_wait() {
        let tempting = [
            "ER: 5 hours.",
            "The E.R. took 4 hours",
            "4 hrs in A&E",
            "ED, 6 hours",
            "In the ED 3 hours",
            "Since 9am, saw the doc at 1pm",
            "arrived 2:15 left 5",
            "two weeks for my Results",
            "Surgery's phone: 40 mins ON HOLD",
            "Queued 45 minutes",
            "\u{212a}ept 2 hours",
            "waited two wee\u{212a}s",
        ];
        // Cue letters inside other words ("registered", "tired") are not cues.
        let not_waits = ["the registered nurse took 3 hours", "tired after 2 days"];
        let mut n_texts = 0;
        let mut n_skipped = 0;
        let extra: Vec<&str> = tempting.iter().chain(&not_waits).copied().collect();
        let texts = crate::test_texts::corpus(&extra);
        for text in texts {
            // Neither the first check nor the clause check hides a wait.
            let full = waits_unfiltered(&text, &TextParts::default(), false);
            assert_eq!(waits(&text), full, "{text:?}");
            n_texts += 1;
            n_skipped += usize::from(!may_hold_a_wait(&text));
        }
        for text in tempting {
            assert!(!waits(text).is_empty(), "{text:?}");
        }
        for text in not_waits {
            assert!(!may_hold_a_wait(text), "{text:?}");
        }
        assert!(n_texts > 23_000);
        assert!(n_skipped > 20_000, "{n_skipped} of {n_texts}");
    }
}
