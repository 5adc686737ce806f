//! The healthcare challenge set (`datasets/challenge/challenge.tsv`): sentences patient feedback
//! is full of and VADER gets wrong, each with its expected label. Every one must be right.

use bedside_score::HealthRules;
use bedside_score::learned::BedsideScorer;
use bedside_types::{Label, Scorer};

const CHALLENGE_TSV: &str = include_str!("../../../datasets/challenge/challenge.tsv");

/// One line of the challenge set.
struct Case<'a> {
    line_no: usize,
    text: &'a str,
    question: Option<&'a str>,
    expected: Label,
    note: &'a str,
}

fn cases() -> Vec<Case<'static>> {
    let mut lines = CHALLENGE_TSV.lines().enumerate();
    assert_eq!(lines.next().map(|(_, l)| l), Some("text\tquestion\texpected\tnote"));
    lines
        .map(|(idx, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [text, question, expected, note] = fields[..] else {
                panic!("challenge.tsv line {}: expected 4 fields", idx + 1);
            };
            let expected = match expected {
                "negative" => Label::Negative,
                "neutral" => Label::Neutral,
                "positive" => Label::Positive,
                _ => panic!("challenge.tsv line {}: bad label", idx + 1),
            };
            let question = Some(question).filter(|q| !q.is_empty());
            Case { line_no: idx + 1, text, question, expected, note }
        })
        .collect()
}

/// Labels every case with `label` and lists those whose label is wrong.
fn check(label: impl Fn(&str, Option<&str>) -> (Label, f64)) {
    let cases = cases();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let (got, compound) = label(case.text, case.question);
        if got != case.expected {
            failures.push(format!(
                "line {}: expected {}, got {} ({compound:+.4}): {:?} ({})",
                case.line_no, case.expected, got, case.text, case.note
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} challenge sentences wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn health_rules_get_every_challenge_sentence_right() {
    let rules = HealthRules::new();
    check(|text, question| {
        let compound = rules.analyze_answer(text, question).compound;
        (Label::from_score(compound), compound)
    });
}

#[test]
fn bedside_scorer_gets_every_challenge_sentence_right() {
    // The default scorer: the learned model (never trained on these sentences) blended with the
    // healthcare rules where they are decisive.
    let scorer = BedsideScorer::new();
    check(|text, question| {
        let sentiment = scorer.score_answer(text, question);
        (sentiment.label(), sentiment.score())
    });
}
