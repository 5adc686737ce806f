//! Picks and cleans the quotes that illustrate a finding.

use std::collections::HashMap;

use bedside_types::{Label, PhiHit, ProviderId, Sentiment, TopicId};

use crate::redact::Redactor;
use crate::report::{MentionRow, Polarity, Quote};

/// Quotes longer than this many characters are cut at a word boundary.
pub const MAX_QUOTE_CHARS: usize = 280;

/// What a finding is about: a provider, or one of its topics.
pub(crate) struct Cell<'a> {
    pub(crate) provider_id: &'a ProviderId,
    pub(crate) topic: Option<&'a TopicId>,
    pub(crate) polarity: Polarity,
}

/// The non-duplicate rows of each provider, so that picking quotes for a finding only scans
/// that provider's mentions.
pub(crate) struct RowsByProvider<'a> {
    rows: HashMap<&'a ProviderId, Vec<&'a MentionRow>>,
}

impl<'a> RowsByProvider<'a> {
    pub(crate) fn new(rows: &'a [MentionRow]) -> RowsByProvider<'a> {
        let mut by_provider: HashMap<&ProviderId, Vec<&MentionRow>> = HashMap::new();
        for row in rows.iter().filter(|row| row.duplicate_of.is_none()) {
            by_provider.entry(&row.provider_id).or_default().push(row);
        }
        RowsByProvider { rows: by_provider }
    }

    fn get(&self, provider_id: &ProviderId) -> &[&'a MentionRow] {
        self.rows.get(provider_id).map_or(&[], Vec::as_slice)
    }
}

/// The `n_quotes` strongest non-duplicate mentions of a cell: the most negative ones labeled
/// negative for complaints, the most positive ones labeled positive for praise, ties broken by
/// mention id. Topic cells use the topic's sentiment.
pub(crate) fn select(
    rows: &RowsByProvider<'_>,
    cell: &Cell<'_>,
    n_quotes: usize,
    redactor: Option<&Redactor>,
) -> Vec<Quote> {
    let wanted = match cell.polarity {
        Polarity::Complaint => Label::Negative,
        Polarity::Praise => Label::Positive,
    };
    let mut candidates: Vec<(&MentionRow, Sentiment)> = rows
        .get(cell.provider_id)
        .iter()
        .filter_map(|&row| {
            let sentiment = match cell.topic {
                None => row.sentiment,
                Some(topic) => row.topics.iter().find(|found| &found.topic == topic)?.sentiment,
            };
            (sentiment.label() == wanted).then_some((row, sentiment))
        })
        .collect();
    candidates.sort_by(|(row_a, a), (row_b, b)| {
        let by_strength = match cell.polarity {
            Polarity::Complaint => a.score().total_cmp(&b.score()),
            Polarity::Praise => b.score().total_cmp(&a.score()),
        };
        by_strength.then_with(|| row_a.id.cmp(&row_b.id))
    });
    candidates
        .into_iter()
        .take(n_quotes)
        .map(|(row, sentiment)| Quote {
            mention_id: row.id.clone(),
            text: clean(&row.text, &row.phi, redactor),
            score: sentiment.score(),
            source: row.source.clone(),
            posted_at: row.posted_at,
            url: row.url.clone(),
        })
        .collect()
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
