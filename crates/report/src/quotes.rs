//! Cleans the quotes that illustrate a finding. Which mentions are quoted is decided while the
//! mentions stream by ([`TopQuotes`](crate::accumulate::TopQuotes)): the `k` most negative
//! mentions labeled negative for complaints and alert evidence, the `k` most positive labeled
//! positive for praise, ties broken by mention id; topic cells use the topic's sentiment.
//! Substantive texts ([`is_substantive`]) come before bare short answers.

use bedside_types::PhiHit;

use crate::redact::Redactor;

/// Quotes longer than this many characters are cut at a word boundary.
pub const MAX_QUOTE_CHARS: usize = 280;

/// Texts of fewer words than this are bare answers ("Nothing", "All good", "Nothing at all"):
/// a quote cell shows them only when it has too few longer texts.
pub const MIN_SUBSTANTIVE_WORDS: usize = 4;

/// Whether `text` says enough to quote: at least [`MIN_SUBSTANTIVE_WORDS`] words (runs of
/// non-whitespace holding a letter or digit).
pub(crate) fn is_substantive(text: &str) -> bool {
    text.split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .nth(MIN_SUBSTANTIVE_WORDS - 1)
        .is_some()
}

/// Redacts (when a redactor is given: first the PHI `hits`, then the redactor's patterns),
/// collapses whitespace and truncates a text.
///
/// Redaction runs first, so truncation can never leave half of a phone number or email behind.
pub(crate) fn clean(text: &str, hits: &[PhiHit], redactor: Option<&Redactor>) -> String {
    let redacted;
    let text = match redactor {
        Some(redactor) => {
            redacted = redactor.redact_with_phi(text, hits);
            redacted.as_str()
        }
        None => text,
    };
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate(&collapsed, MAX_QUOTE_CHARS)
}

/// Cuts `text` to at most `max_chars` characters plus an ellipsis, at the last space before the
/// limit (or at the limit when a single word is longer than half of it).
pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if head[..space].chars().count() >= max_chars / 2 => &head[..space],
        _ => head,
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_answers_are_not_substantive() {
        for bare in ["", "Nothing", "Nothing at all", "All good!", "Nothing - ok :)", "  No  . "] {
            assert!(!is_substantive(bare), "{bare:?}");
        }
        assert!(is_substantive("Everyone was very kind"));
        assert!(is_substantive("The midwives were amazing, 10/10."));
        // Three words and a number are four words; punctuation alone is none.
        assert!(is_substantive("Waited 3 long hours."));
        assert!(!is_substantive("Waited ... - 3 hours"));
    }

    #[test]
    fn truncates_at_a_word_boundary() {
        assert_eq!(truncate("short text", 280), "short text");
        assert_eq!(truncate("one two three four", 10), "one two…");
        assert_eq!(truncate("one two, three four", 9), "one two…");
        assert_eq!(truncate("abcdefghijklmnop", 10), "abcdefghij…");
        let exact = "x".repeat(280);
        assert_eq!(truncate(&exact, 280), exact);
        let long = "word ".repeat(100);
        let cut = truncate(long.trim(), 280);
        assert!(cut.chars().count() <= 281, "{}", cut.chars().count());
        assert!(cut.ends_with("word…"));
    }

    #[test]
    fn truncates_multibyte_text_on_char_boundaries() {
        let text = "é".repeat(20);
        assert_eq!(truncate(&text, 5), format!("{}…", "é".repeat(5)));
    }

    #[test]
    fn cleans_whitespace_and_redacts() {
        let redactor = Redactor::new(Vec::<String>::new());
        assert_eq!(
            clean("Call\n me  at 555-0134\tplease", &[], Some(&redactor)),
            "Call me at [PHONE] please"
        );
        assert_eq!(clean("Call me at 555-0134", &[], None), "Call me at 555-0134");
    }
}
