//! Aspect-level analysis: what a text says about each provider and person it names, and the
//! waits it reports.
//!
//! A whole-text score calls "Dr. Patel was wonderful but the front desk at Riverside lost my
//! referral twice" mixed. This module splits the text into [`clauses`] and attributes each one:
//!
//! - [`target_sentiments`]: the sentiment of the clauses about each provider of the directory
//!   named in the text (or the mention's own provider), with the topics of those clauses;
//! - [`staff_mentions`] and [`staff_sentiment`]: people named with a role ("Nurse Amy",
//!   "Dr. Okafor", "Linda the receptionist") and the sentiment of the clauses naming them;
//! - [`waits`]: durations tied to waiting ("waited 3 hours", "two weeks to get an
//!   appointment", "since 9am ... seen at 1pm") in minutes, with the kind of wait.
//!
//! Everything here is heuristic and rule-based: no model, no I/O, no allocation beyond the
//! results and a few small buffers. The accuracy on the hand-written evaluation set
//! `datasets/targets/` is checked by `crates/score/tests/targets.rs`.
//!
//! # Example
//!
//! ```
//! use bedside_score::aspects::{clauses, staff_mentions, waits};
//! use bedside_types::WaitKind;
//!
//! let text = "Nurse Amy was lovely but we waited 3 hours in the ER.";
//! let parts: Vec<&str> = clauses(text).into_iter().map(|r| &text[r]).collect();
//! assert_eq!(parts, ["Nurse Amy was lovely", "but we waited 3 hours in the ER."]);
//! let staff = staff_mentions(text);
//! assert_eq!((staff[0].0.as_str(), staff[0].1.as_str()), ("Amy", "nurse"));
//! let found = waits(text);
//! assert_eq!((found[0].minutes, found[0].kind), (180, WaitKind::Emergency));
//! ```

mod clauses;
mod parts;
mod staff;
mod targets;
mod waits;
mod words;

use std::ops::Range;

use bedside_types::{Label, Scorer, Sentiment};

pub use clauses::clauses;
pub(crate) use parts::TextParts;
pub(crate) use staff::is_role_word;
pub(crate) use staff::staff_sentiment_with;
pub use staff::{staff_mentions, staff_sentiment};
pub use targets::target_sentiments;
pub(crate) use targets::target_sentiments_with;
pub use waits::waits;
pub(crate) use waits::waits_with;

/// The sentiment of a set of clauses: each scored alone, then the mean score and proportions
/// over the clauses that are not neutral (all of them if every one is neutral).
///
/// The `masks` (names of providers and staff) are cut out of the clauses before scoring: a
/// name is not an opinion, and names such as "Riverside Urgent Care" hold lexicon words.
fn combine(
    text: &str,
    ranges: &[Range<usize>],
    masks: &[Range<usize>],
    scorer: &dyn Scorer,
) -> Sentiment {
    let mut buffer = String::new();
    let scored: Vec<Sentiment> = ranges
        .iter()
        .map(|r| {
            buffer.clear();
            let mut at = r.start;
            for mask in masks.iter().filter(|m| r.start <= m.start && m.end <= r.end) {
                if mask.start >= at {
                    buffer.push_str(&text[at..mask.start]);
                    at = mask.end;
                }
            }
            buffer.push_str(&text[at..r.end]);
            scorer.score(&buffer)
        })
        .collect();
    let polar: Vec<&Sentiment> = scored.iter().filter(|s| s.label() != Label::Neutral).collect();
    let used: Vec<&Sentiment> = if polar.is_empty() { scored.iter().collect() } else { polar };
    if used.is_empty() {
        return Sentiment::neutral();
    }
    let n = used.len() as f64;
    let mean = |f: fn(&Sentiment) -> f64| used.iter().map(|s| f(s)).sum::<f64>() / n;
    Sentiment::new(
        mean(Sentiment::score),
        [mean(Sentiment::negative), mean(Sentiment::neutral_share), mean(Sentiment::positive)],
    )
}

#[cfg(test)]
mod tests;
