//! The rule scorers' outputs, as the learned model sees them.
//!
//! The learned model takes the lexicon-and-rules scorer's judgement as dense features, so it
//! starts from what the rules know (intensifiers, negation, "but") and learns the corrections.

use std::sync::LazyLock;

use crate::health::HealthRules;
use crate::vader::VaderScorer;

/// What the rule scorers say about a text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct RuleFeatures {
    /// VADER's compound in `[-1, 1]`.
    pub vader_compound: f64,
    /// VADER's positive proportion.
    pub vader_pos: f64,
    /// VADER's negative proportion.
    pub vader_neg: f64,
    /// The healthcare rules' compound in `[-1, 1]`.
    pub compound: f64,
    /// How many lexicon words and phrases the healthcare rules matched.
    pub n_hits: u32,
    /// The signed count of healthcare-lexicon hits (+1 positive, -1 negative).
    pub health_hits: i32,
}

static VADER: LazyLock<VaderScorer> = LazyLock::new(VaderScorer::new);
static HEALTH: LazyLock<HealthRules> = LazyLock::new(HealthRules::new);

/// Runs the rule scorers on `text`.
pub(crate) fn analyze(text: &str) -> RuleFeatures {
    let vader = VADER.polarity_scores(text);
    let health = HEALTH.analyze_scores(text);
    RuleFeatures {
        vader_compound: vader.compound,
        vader_pos: vader.pos,
        vader_neg: vader.neg,
        compound: health.compound,
        n_hits: health.n_hits,
        health_hits: health.health_hits,
    }
}
