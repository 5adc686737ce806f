//! The healthcare challenge set (`datasets/challenge/challenge.tsv`): sentences patient feedback
//! is full of and VADER gets wrong, each with its expected label. Every one must be right.

use bedside_score::HealthRules;
use bedside_types::Label;

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

/// Scores every case with `score` and lists those whose label is wrong.
fn check(score: impl Fn(&str, Option<&str>) -> f64) {
    let cases = cases();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let compound = score(case.text, case.question);
        let got = Label::from_score(compound);
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
    check(|text, question| rules.analyze_answer(text, question).compound);
}
