//! Tests of the scorer on the shipped model, and of training on small data.

use bedside_types::{Label, Scorer};

use super::data::{CsvColumns, Example, read_csv_str};
use super::*;

const FIXTURE: &str = include_str!("../../../../datasets/fixtures/train/small.csv");

fn fixture() -> Vec<Example> {
    read_csv_str(FIXTURE, &CsvColumns::default(), "small.csv", "small").unwrap()
}

fn small_config() -> TrainConfig {
    TrainConfig { bits: 12, epochs: 4, calibration_folds: 2, ..TrainConfig::default() }
}

/// One text through the shipped model: expected label, probabilities that sum to 1, and a
/// score on the label's side of zero.
fn check(text: &str, question: Option<&str>, label: Label) {
    let scorer = BedsideScorer::new();
    let s = scorer.score_answer(text, question);
    assert_eq!(s.label(), label, "score {:.3} for a test text", s.score());
    let sum = s.negative() + s.neutral_share() + s.positive();
    assert!((sum - 1.0).abs() < 1e-4);
    match label {
        Label::Positive => assert!(s.score() >= 0.0),
        Label::Negative => assert!(s.score() < 0.0),
        Label::Neutral => {
            let (weight, band) = scorer.model().neutral_rule();
            assert!(
                s.neutral_share() * f64::from(weight) > s.positive()
                    || s.score().abs() < f64::from(band)
            );
        }
    }
}

#[test]
fn shipped_model_reads_patient_feedback() {
    check("The nurses were wonderful and so kind.", None, Label::Positive);
    check("Waited six hours in A&E and nobody told us anything.", None, Label::Negative);
    check("The receptionist was rude and dismissive", None, Label::Negative);
    check("Could not fault the care my father received", None, Label::Positive);
    check("Nothing", Some("How could we improve?"), Label::Positive);
    check("Nothing", Some("What was good?"), Label::Negative);
    assert_eq!(BedsideScorer::new().score("  ").label(), Label::Neutral);
}

#[test]
fn shipped_model_file_loads_and_matches_embedded() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/sentiment/model.bin");
    let from_file = BedsideScorer::from_path(&path).unwrap();
    assert_eq!(from_file.model(), BedsideScorer::new().model());
    assert_eq!(from_file.model().bits(), TrainConfig::default().bits);
    assert!(from_file.model().temperature() > 0.2 && from_file.model().temperature() < 5.0);
}

#[test]
fn question_changes_the_reading_of_nothing() {
    let scorer = BedsideScorer::new();
    let improve = scorer.score_answer("Nothing.", Some("What could we do better?"));
    let good = scorer.score_answer("Nothing.", Some("What went well?"));
    assert!(improve.score() > 0.0 && good.score() < 0.0, "{improve:?} {good:?}");
}

/// A 20-sentence patient story: `n_bad` complaints among praise and plain narrative.
fn story(n_bad: usize) -> String {
    let narrative = [
        "My father was admitted on a Tuesday evening.",
        "He had a scan the next morning.",
        "We visited every afternoon.",
        "The consultant came round on Thursday.",
        "He was moved to another ward after a week.",
        "Medication was reviewed before he left.",
    ];
    let praise = [
        "The nurses were kind and patient with him.",
        "The doctor explained the results clearly.",
        "The ward was clean and quiet.",
        "Staff always had time for a chat.",
    ];
    let complaints = [
        "We waited nine hours in A&E with no updates.",
        "Nobody answered the call bell at night.",
        "His discharge letter was wrong and the pharmacy was rude.",
        "The food was cold and he was left in pain.",
    ];
    let mut sentences: Vec<&str> = Vec::new();
    for i in 0..20 {
        sentences.push(if i < n_bad {
            complaints[i % complaints.len()]
        } else if i % 3 == 0 {
            narrative[i % narrative.len()]
        } else {
            praise[i % praise.len()]
        });
    }
    sentences.join(" ")
}

#[test]
fn long_stories_do_not_saturate() {
    let scorer = BedsideScorer::new();
    let scores: Vec<f64> =
        [0, 4, 8, 12, 20].iter().map(|&n| scorer.score(&story(n)).score()).collect();
    assert!(scores.iter().all(|s| s.abs() < 0.95), "{scores:?}");
    // More complaints, lower score: the story's mix shows in the score.
    assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
    assert!(scores[0] > 0.3 && scores[4] < -0.3, "{scores:?}");
}

#[test]
fn explanation_points_at_the_words() {
    let text = "Lovely nurses but a filthy ward";
    let e = BedsideScorer::new().explain(text, None);
    let top_positive = e.spans.iter().max_by(|a, b| a.weight.total_cmp(&b.weight)).unwrap();
    assert!(text[top_positive.span.clone()].to_lowercase().contains("lovely"));
    // "filthy" is among the two most negative spans ("ward" carries some blame of its own in
    // patient feedback).
    let mut negatives: Vec<_> = e.spans.iter().filter(|s| s.weight < 0.0).collect();
    negatives.sort_by(|a, b| a.weight.total_cmp(&b.weight));
    assert!(negatives.iter().take(2).any(|s| text[s.span.clone()].to_lowercase() == "filthy"));
    assert!(e.spans.windows(2).all(|w| w[0].weight.abs() >= w[1].weight.abs()));
}

#[test]
fn needs_review_for_uncertain_results() {
    let unsure = bedside_types::Sentiment::with_label(0.1, [0.3, 0.3, 0.4], Label::Positive);
    let sure = bedside_types::Sentiment::with_label(0.8, [0.05, 0.1, 0.85], Label::Positive);
    assert!(BedsideScorer::needs_review(&unsure) && !BedsideScorer::needs_review(&sure));
}

#[test]
fn training_is_deterministic() {
    let mut examples = fixture();
    examples.extend(data::written_examples());
    let config = small_config();
    let a = train(&examples, &config).to_bytes();
    let b = train(&examples, &config).to_bytes();
    assert_eq!(a, b);
    let other_seed = train(&examples, &TrainConfig { seed: 7, ..config }).to_bytes();
    assert_ne!(a, other_seed);
}

#[test]
fn trained_model_round_trips_and_learns_the_fixture() {
    let examples = fixture();
    let model = train(&examples, &TrainConfig { epochs: 20, ..small_config() });
    let loaded = Model::from_bytes(&model.to_bytes(), "m").unwrap();
    assert_eq!(loaded, model);
    let scorer = BedsideScorer::from_model(loaded);
    for e in &examples {
        let s = scorer.score_answer(&e.text, e.question.as_deref());
        assert_eq!(s.label(), e.label, "fixture row not learned: {s:?}");
    }
}

#[test]
fn calibration_reduces_held_out_ece() {
    // Overfit on purpose (many epochs, no penalty), then check that the temperature fitted on
    // inner folds lowers the error on folds the models never saw.
    let examples = data::written_examples();
    let config = TrainConfig { epochs: 30, l2: 0.0, learning_rate: 0.5, ..small_config() };
    let cv = cross_validate(&examples, &config, 3);
    assert!(cv.ece_after < cv.ece_before, "{} -> {}", cv.ece_before, cv.ece_after);
    assert_eq!(cv.models.len(), 3);
}

#[test]
fn fold_scorer_uses_the_model_of_the_text_fold() {
    let examples = fixture();
    let cv = cross_validate(&examples, &small_config(), 2);
    let folds = FoldScorer::new(cv.models.clone());
    let text = "Lovely staff";
    let own = BedsideScorer::from_model(cv.models[data::fold_of(text, 2)].clone());
    assert_eq!(folds.score(text), own.score(text));
}

#[test]
fn shipped_model_reading_fields_are_in_range() {
    let model = BedsideScorer::new().model().clone();
    let (weight, band) = model.neutral_rule();
    assert!((1.0..=1.5).contains(&weight) && (0.0..=0.1).contains(&band));
    assert!((0.0..=1.0).contains(&model.social_share()));
}

#[test]
fn neutral_band_and_social_blend() {
    use super::model::label_with;
    // Inside the band the label is neutral whatever the probabilities; outside, the sign wins.
    assert_eq!(label_with([0.2, 0.3, 0.5], 0.04, 1.0, 0.05), Label::Neutral);
    assert_eq!(label_with([0.2, 0.3, 0.5], 0.06, 1.0, 0.05), Label::Positive);
    assert_eq!(label_with([0.35, 0.3, 0.35], -0.01, 1.2, 0.0), Label::Neutral);
    assert_eq!(label_with([0.35, 0.3, 0.35], -0.01, 1.0, 0.0), Label::Negative);
    // Only texts in social-media style take the rules' compound into their score.
    let mut rule = rules::RuleFeatures { compound: 0.8, ..Default::default() };
    assert_eq!(social_blend(-0.2, &rule, 0.5), -0.2);
    rule.social = true;
    assert!((social_blend(-0.2, &rule, 0.5) - 0.3).abs() < 1e-9);
}

#[test]
fn training_fits_the_reading_fields() {
    let examples = fixture();
    let model = train(&examples, &small_config());
    let (weight, band) = model.neutral_rule();
    assert!((1.0..=1.5).contains(&weight) && (0.0..=0.1).contains(&band));
    let fixed =
        TrainConfig { social_share: Some(0.3), neutral_rule: Some((1.1, 0.025)), ..small_config() };
    let model = train(&examples, &fixed);
    assert_eq!((model.social_share(), model.neutral_rule()), (0.3, (1.1, 0.025)));
}

/// The byte-lane counts (sentence enders here, `!` and `?` for the rules) count as a plain
/// filter over the bytes does, on the corpus and a text longer than one 255-byte chunk.
#[test]
fn byte_lane_counts_as_plain_filter() {
    let long = "Wait?! Then... ok. ".repeat(40);
    for text in crate::test_texts::corpus(&[&long, "", "?", "!.?"]) {
        let count = |f: fn(&u8) -> bool| text.bytes().filter(f).count();
        assert_eq!(count_enders(text.as_bytes()), count(|b| matches!(b, b'.' | b'!' | b'?')));
        assert_eq!(
            crate::vader::count_punctuation(&text),
            (count(|&b| b == b'!'), count(|&b| b == b'?')),
            "{text:?}"
        );
    }
}

#[test]
fn wishes_are_told_from_reports() {
    for wish in [
        "More compassion and more honesty",
        "Staff need to be more caring",
        "The receptionist should smile",
        "Reception shouldn't be so rude",
    ] {
        assert!(is_wish(wish), "{wish}");
    }
    for report in [
        "More than happy with the care",
        "The nurses were kind",
        "I need my carer",
        "They met every need",
    ] {
        assert!(!is_wish(report), "{report}");
    }
}
