use bedside_types::Label;

use super::*;

/// Scores `text` (answering `question`) and checks the label and the words that contributed.
fn check(text: &str, question: Option<&str>, label: Label, contributing: &[&str]) {
    let out = HealthRules::new().analyze_answer(text, question);
    assert_eq!(Label::from_score(out.compound), label, "{text:?}: {out:?}");
    let got: Vec<&str> = out.contributions.iter().map(|c| &text[c.span.clone()]).collect();
    assert_eq!(got, contributing, "{text:?}");
}

#[test]
fn clinical_polarity() {
    check(
        "my biopsy came back negative, thank god",
        None,
        Label::Positive,
        &["biopsy came back negative", "thank god"],
    );
    check("I tested positive", None, Label::Negative, &["tested positive"]);
    check("The scan didn't come back clear", None, Label::Negative, &["come back clear"]);
}

#[test]
fn illness_words_do_not_count() {
    check("My dad died of cancer", None, Label::Neutral, &[]);
    check(
        "My dad died of cancer but the hospice nurses were angels",
        None,
        Label::Positive,
        &["angels"],
    );
}

#[test]
fn care_cues() {
    check(
        "waited 3 hours and nobody came",
        None,
        Label::Negative,
        &["waited 3 hours", "nobody came"],
    );
    check("Great, another 4 hour wait.", None, Label::Negative, &["Great, another", "4 hour wait"]);
    check(
        "The doctor didn't take the time to explain",
        None,
        Label::Negative,
        &["take the time to"],
    );
}

#[test]
fn negation_stops_at_clause_end() {
    check(
        "Nothing, it was perfect",
        Some("What could we improve?"),
        Label::Positive,
        &["Nothing", "perfect"],
    );
    check("Nothing, it was perfect", None, Label::Positive, &["Nothing", "perfect"]);
    check("Not good.", None, Label::Negative, &["good"]);
}

#[test]
fn short_answers() {
    check("No", Some("Is there anything we could do better?"), Label::Positive, &["No"]);
    check("No", None, Label::Negative, &["No"]);
    check("N/A", None, Label::Neutral, &[]);
    check("nothing really", None, Label::Positive, &["nothing really"]);
}

#[test]
fn emoji_spans_map_to_the_original_text() {
    check("Lovely nurses 😊", None, Label::Positive, &["Lovely", "😊"]);
}

#[test]
fn fast_path_agrees() {
    let rules = HealthRules::new();
    for text in ["Nothing, it was perfect", "waited 3 hours and nobody came", "ok 😊 :)"] {
        let full = rules.analyze(text);
        let fast = rules.analyze_scores(text);
        assert_eq!(RuleOutput { contributions: Vec::new(), ..full }, fast);
    }
}
