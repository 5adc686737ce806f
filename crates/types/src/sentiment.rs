use std::fmt;

/// The three sentiment classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Label {
    /// The text is unfavourable.
    Negative,
    /// Neither clearly favourable nor unfavourable.
    Neutral,
    /// The text is favourable.
    Positive,
}

impl Label {
    /// `negative`, `neutral` or `positive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Negative => "negative",
            Label::Neutral => "neutral",
            Label::Positive => "positive",
        }
    }

    /// VADER's convention: neutral iff `|score| < 0.05`.
    pub fn from_score(score: f64) -> Label {
        if score >= Sentiment::NEUTRAL_BAND {
            Label::Positive
        } else if score <= -Sentiment::NEUTRAL_BAND {
            Label::Negative
        } else {
            Label::Neutral
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sentiment judgement: a score in `[-1, 1]`, the proportions of negative, neutral and
/// positive content, and a label.
///
/// The constructor enforces the range: scores outside `[-1, 1]` are clamped and NaN becomes 0,
/// so every `Sentiment` in the system is valid.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Sentiment {
    score: f64,
    negative: f64,
    neutral: f64,
    positive: f64,
    label: Label,
}

impl Sentiment {
    /// Scores with `|score|` below this are labeled neutral by [`Sentiment::new`].
    pub const NEUTRAL_BAND: f64 = 0.05;

    /// A sentiment from a score and `[negative, neutral, positive]` proportions, labeled with
    /// [`Label::from_score`].
    pub fn new(score: f64, proportions: [f64; 3]) -> Sentiment {
        let score = clamp_unit(score);
        Sentiment::with_label(score, proportions, Label::from_score(score))
    }

    /// A sentiment with an explicit label (for scorers whose label is not a threshold on the
    /// score).
    pub fn with_label(score: f64, proportions: [f64; 3], label: Label) -> Sentiment {
        let [negative, neutral, positive] = proportions.map(|p| if p.is_nan() { 0.0 } else { p });
        Sentiment { score: clamp_unit(score), negative, neutral, positive, label }
    }

    /// The neutral sentiment of an empty text.
    pub fn neutral() -> Sentiment {
        Sentiment::new(0.0, [0.0, 0.0, 0.0])
    }

    /// The score in `[-1, 1]` (VADER's "compound" for the `vader` scorer).
    pub fn score(&self) -> f64 {
        self.score
    }

    /// The proportion of negative content.
    pub fn negative(&self) -> f64 {
        self.negative
    }

    /// The proportion of neutral content.
    pub fn neutral_share(&self) -> f64 {
        self.neutral
    }

    /// The proportion of positive content.
    pub fn positive(&self) -> f64 {
        self.positive
    }

    /// The class label.
    pub fn label(&self) -> Label {
        self.label
    }
}

fn clamp_unit(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(-1.0, 1.0) }
}

/// A sentiment scorer: text in, [`Sentiment`] out.
///
/// Scorers are built (and may fail) up front; scoring itself cannot fail and does no I/O, so a
/// scorer can be shared between threads.
pub trait Scorer: Send + Sync {
    /// A short name (`vader`, `bedside`), used on the command line and in outputs.
    fn name(&self) -> &str;

    /// Scores one text.
    fn score(&self, text: &str) -> Sentiment;

    /// Scores a text that answers a survey question. By default the question is ignored.
    fn score_answer(&self, text: &str, question: Option<&str>) -> Sentiment {
        let _ = question;
        self.score(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_and_labels() {
        assert_eq!(Sentiment::new(-3.0, [1.0, 0.0, 0.0]).score(), -1.0);
        assert_eq!(Sentiment::new(f64::NAN, [0.0; 3]).score(), 0.0);
        assert_eq!(Sentiment::new(0.049, [0.0; 3]).label(), Label::Neutral);
        assert_eq!(Sentiment::new(0.05, [0.0; 3]).label(), Label::Positive);
        assert_eq!(Sentiment::new(-0.05, [0.0; 3]).label(), Label::Negative);
    }
}
