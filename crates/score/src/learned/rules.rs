//! The rule scorers' outputs, as the learned model sees them.
//!
//! The learned model takes the lexicon-and-rules scorer's judgement as dense features, so it
//! starts from what the rules know (intensifiers, negation, "but") and learns the corrections.

use std::sync::LazyLock;

use crate::health::{HealthRules, RuleOutput};

/// What the rule scorers say about a text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct RuleFeatures {
    /// The healthcare rules' positive proportion.
    pub pos: f64,
    /// The healthcare rules' negative proportion.
    pub neg: f64,
    /// The healthcare rules' compound in `[-1, 1]`.
    pub compound: f64,
    /// How many lexicon words and phrases the healthcare rules matched.
    pub n_hits: u32,
    /// The signed count of healthcare-lexicon hits (+1 positive, -1 negative).
    pub health_hits: i32,
    /// Healthcare words and phrases matched with no valence (the story, not a judgement).
    pub health_neutral: u32,
    /// Whether the text is written in social-media style (emoticons, emoji, @handles, #tags,
    /// "!!", or the model's register head says so), where the rules, built on tweets, read
    /// well. Set by the model, which computes it with its dense features and outputs; false
    /// from the functions here.
    pub social: bool,
}

static HEALTH: LazyLock<HealthRules> = LazyLock::new(HealthRules::new);

/// Runs the rule scorers on `text`.
pub(crate) fn analyze(text: &str) -> RuleFeatures {
    features_of(&HEALTH.analyze_scores(text))
}

/// Runs the rule scorers on a survey answer (see [`HealthRules::analyze_answer`]).
pub(crate) fn analyze_answer(text: &str, question: Option<&str>) -> RuleFeatures {
    features_of(&HEALTH.analyze_answer(text, question))
}

fn features_of(health: &RuleOutput) -> RuleFeatures {
    RuleFeatures {
        pos: health.pos,
        neg: health.neg,
        compound: health.compound,
        n_hits: health.n_hits,
        health_hits: health.health_hits,
        health_neutral: health.health_neutral,
        social: false,
    }
}
