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
    // Without its question a bare "No" judges nothing; opening a clause, the clause decides.
    check("No", None, Label::Neutral, &[]);
    check("No, nobody called me back", None, Label::Negative, &["nobody called"]);
    check("Nothing to add.", None, Label::Neutral, &[]);
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

/// The pair index finds the same phrase as a scan of every phrase the first word opens, at
/// every token of the challenge set, the targets set and the VADER texts, in both answer modes
/// and with and without clause ends.
#[test]
fn pair_index_matches_the_full_scan() {
    let challenge: Vec<&str> = include_str!("../../../../datasets/challenge/challenge.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let texts = crate::test_texts::corpus(&challenge);
    let rules = HealthRules::new();
    let (mut n_positions, mut n_matches) = (0, 0);
    for text in &texts {
        let mut tokens = Vec::new();
        let mut spans = Vec::new();
        rules.vader.for_each_token(text, |token, _, word| {
            tokens.push(token);
            spans.push(word);
        });
        for start in 0..tokens.len() {
            for mode in [AnswerMode::Bare, AnswerMode::Improvement] {
                for ends in [false, true] {
                    let clause_end = |k: usize| ends && k % 2 == 1;
                    let indexed =
                        rules.match_phrase(text, &tokens, &spans, start, mode, clause_end, true);
                    let scanned =
                        rules.match_phrase(text, &tokens, &spans, start, mode, clause_end, false);
                    assert_eq!(indexed, scanned, "token {start} of a text");
                    n_matches += usize::from(indexed.is_some());
                }
            }
            n_positions += 1;
        }
    }
    assert!(n_positions > 300_000, "{n_positions}");
    assert!(n_matches > 1_000, "{n_matches}");
}

/// The valence each word of `text` contributes to the rules' reading, by the word.
fn valences(text: &str) -> Vec<(String, f64)> {
    let out = HealthRules::new().analyze(text);
    out.contributions.iter().map(|c| (text[c.span.clone()].to_lowercase(), c.valence)).collect()
}

fn valence_of(text: &str, word: &str) -> f64 {
    let all = valences(text);
    let found = all.iter().find(|(w, _)| w == word);
    found.unwrap_or_else(|| panic!("{word:?} does not count in {text:?}: {all:?}")).1
}

#[test]
fn sarcastic_praise_beside_a_complaint_reads_as_its_opposite() {
    // A short sentence of praise, the complaint about the care in another sentence.
    assert!(
        valence_of("Charged me twice for one appointment. Brilliant system.", "brilliant") < 0.0
    );
    assert!(valence_of("Two hours on hold and counting. Superb.", "superb") < 0.0);
    // An opening praise word and a comma, the complaint in the same sentence.
    assert!(valence_of("Wonderful, they billed me twice.", "wonderful") < 0.0);
    // The same praise with no complaint, or a complaint about the illness, stays praise.
    assert!(valence_of("Seen in ten minutes. Brilliant system.", "brilliant") > 0.0);
    assert!(valence_of("Wonderful, they saw me at once.", "wonderful") > 0.0);
    assert!(
        valence_of("Pain was awful after the operation. Amazing recovery now.", "amazing") > 0.0
    );
    // A short sentence naming who or what is praised is sincere.
    assert!(valence_of("Charged me twice for one appointment. Great staff.", "great") > 0.0);
    assert!(
        valence_of("Charged me twice for one appointment. Otherwise brilliant.", "brilliant") > 0.0
    );
    // Praise in a longer sentence is left to the other rules.
    assert!(
        valence_of("Charged me twice. The nurses on the ward were brilliant.", "brilliant") > 0.0
    );
}

/// The tokens, ranges and flags read through the word cache are those of the full path, on
/// the corpus read twice (a cold cache, then a warm one) and on words the cache cannot hold.
#[test]
fn word_cache_matches_the_full_path() {
    let extra = [
        "Extraordinarily-unbelievable!!! service, (truly)... fantastic;",
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!good!",
        "NOT good, :) ok... DON'T wait-3hrs. it's fine? I can't.",
    ];
    let texts = crate::test_texts::corpus(&extra);
    let rules = HealthRules::new();
    let mut cached = Scratch::default();
    let mut full = Scratch::default();
    let mut n_tokens = 0;
    for round in 0..2 {
        for text in &texts {
            let Scratch { tokens, raws, spans, health, clause_ends, words, .. } = &mut cached;
            rules.tokenize(text, tokens, raws, spans, health, clause_ends, Some(words));
            let Scratch { tokens, raws, spans, health, clause_ends, .. } = &mut full;
            rules.tokenize(text, tokens, raws, spans, health, clause_ends, None);
            assert_eq!(cached.tokens, full.tokens, "round {round}");
            assert_eq!(cached.raws, full.raws);
            assert_eq!(cached.spans, full.spans);
            assert_eq!(cached.health, full.health);
            assert_eq!(cached.clause_ends, full.clause_ends);
            n_tokens += full.tokens.len();
            if round > 0 {
                continue;
            }
            // The phrase gate: a token not marked `OPENS` starts no phrase in the full scan.
            for k in 0..full.tokens.len() {
                if full.tokens[k].flags & OPENS != 0 {
                    continue;
                }
                for mode in [AnswerMode::Bare, AnswerMode::Improvement] {
                    for ends in [false, true] {
                        let (tokens, spans) = (&full.tokens, &full.spans);
                        let found =
                            rules.match_phrase(text, tokens, spans, k, mode, |_| ends, false);
                        assert_eq!(found, None, "token {k} of a text");
                    }
                }
            }
        }
    }
    assert!(n_tokens > 600_000, "{n_tokens}");
}
