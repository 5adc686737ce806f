use std::path::Path;
use std::sync::LazyLock;

use bedside_types::{Sentiment, TopicId};

use super::*;
use crate::Error;

static BUILTIN: LazyLock<TopicTagger> =
    LazyLock::new(|| TopicTagger::new(&Taxonomy::builtin()).unwrap());

/// The built-in taxonomy without the learned layer: cues alone decide.
static CUES_ONLY: LazyLock<TopicTagger> =
    LazyLock::new(|| TopicTagger::with_model(&Taxonomy::builtin(), None).unwrap());

/// Tags `text` with the built-in taxonomy and compares the distinct topic ids, in taxonomy
/// order, with `expected`.
fn check(text: &str, expected: &[&str]) {
    let mut topics: Vec<usize> = BUILTIN.tag(text).iter().map(|hit| hit.topic).collect();
    topics.sort_unstable();
    topics.dedup();
    let ids: Vec<&str> =
        topics.iter().map(|&t| BUILTIN.taxonomy().topics()[t].id.as_str()).collect();
    assert_eq!(ids, expected, "topics of {text:?}");
}

/// Parses `toml` and compares the error message with `expected`.
fn check_error(toml: &str, expected: &str) {
    match Taxonomy::from_toml_str(toml) {
        Ok(taxonomy) => panic!("expected an error, got {taxonomy:?}"),
        Err(err) => assert_eq!(err.to_string(), expected),
    }
}

/// A scorer that counts "good" (+1) and "bad" (-1) words and reports the mean.
struct CountingScorer;

impl Scorer for CountingScorer {
    fn name(&self) -> &str {
        "counting"
    }

    fn score(&self, text: &str) -> Sentiment {
        let words = text.split(|c: char| !c.is_alphanumeric());
        let (good, bad) = words.fold((0.0, 0.0), |(good, bad), word| match word {
            "good" => (good + 1.0, bad),
            "bad" => (good, bad + 1.0),
            _ => (good, bad),
        });
        let score = if good + bad == 0.0 { 0.0 } else { (good - bad) / (good + bad) };
        Sentiment::new(score, [0.0, 0.0, 0.0])
    }
}

#[test]
fn builtin_taxonomy_loads() {
    let taxonomy = Taxonomy::builtin();
    assert_eq!(taxonomy.topics().len(), 14);
    assert_eq!(taxonomy.index_of("wait_times"), Some(0));
    assert_eq!(taxonomy.index_of("overall_experience"), Some(13));
    assert_eq!(taxonomy.index_of("nope"), None);
    assert_eq!(taxonomy.topics()[6].label, "Billing and cost");
}

#[test]
fn single_words_and_stemming() {
    check("I waited forever", &["wait_times"]);
    check("Still waiting for a callback", &["wait_times"]);
    check("The waits are ridiculous", &["wait_times"]);
    check("They BILLED me twice", &["billing_cost"]);
    check("The nurses were so kind and caring", &["staff_attitude"]);
    check("She explained everything", &["communication"]);
    check("#billing nightmare", &["billing_cost"]);
    check("", &[]);
    check("Nothing relevant here.", &[]);
}

#[test]
fn multi_word_cues() {
    check("We sat for hours in the waiting room", &["wait_times"]);
    check("Put on hold again", &["access_scheduling"]);
    // "bedside manner" is a staff_attitude cue; "manner" alone is nothing.
    check("Her bedside manner", &["staff_attitude"]);
    check("What a manner", &[]);
    check("I pressed the call button", &["staffing_responsiveness"]);
    check("He saved my life", &["clinical_competence"]);
    // Words of a cue must be consecutive and in the same sentence.
    check("They put me on. Hold on", &[]);
    check("call, button", &[]);
}

#[test]
fn longest_cue_wins() {
    // "waiting room" is a wait_times cue and hides the facilities cue "room".
    check("the waiting room", &["wait_times"]);
    check("the room", &["facilities_environment"]);
    // "call button" hides the access_scheduling cue "call back"? No: they differ, and "call" alone
    // is no cue.
    check("call", &[]);
}

#[test]
fn whole_words_only() {
    check("Billy was there", &[]);
    check("Billie", &[]);
    check("billboard", &[]);
    check("bill", &["billing_cost"]);
    check("painting", &[]);
    check("unkind", &[]);
}

#[test]
fn unstemmed_words_match_only_as_written() {
    check("The staff were helpful", &["staff_attitude"]);
    check("They could not help me", &[]);
    check("Caring nurses", &["staff_attitude"]);
    check("Excellent care", &["overall_experience"]);
    // "visiting hours" is one family_carers cue, longer than the wait_times cue "hours".
    check("Visiting hours were short", &["family_carers"]);
    check("Every visit was short", &[]);
    // The same word, with another taxonomy, is stemmed.
    let toml = "format_version = 1\n[[topic]]\nid = \"a\"\nlabel = \"A\"\ncues = [\"helpful\"]\n";
    let tagger = TopicTagger::new(&Taxonomy::from_toml_str(toml).unwrap()).unwrap();
    assert_eq!(tagger.tag("help").len(), 1);
    let toml = format!("unstemmed = [\"HELPFUL\"]\n{toml}");
    let tagger = TopicTagger::new(&Taxonomy::from_toml_str(&toml).unwrap()).unwrap();
    assert_eq!(tagger.tag("help").len(), 0);
    assert_eq!(tagger.tag("Helpful!").len(), 1);
}

#[test]
fn hyphens_and_apostrophes() {
    check("no follow up call", &["discharge_coordination"]);
    check("no follow-up", &["discharge_coordination"]);
    check("the walk-in centre", &["access_scheduling"]);
    check("walk in centre", &["access_scheduling"]);
    check("The doctor didn’t listen", &["communication"]);
    check("The doctor didn't listen", &["communication"]);
    check("no co-pay", &["billing_cost"]);
}

#[test]
fn hits_have_spans_in_text_order() {
    let text = "Rude staff. Waited 3 hours in the waiting room!";
    let hits: Vec<(&str, &str, &str)> = BUILTIN
        .tag(text)
        .into_iter()
        .map(|hit| {
            let id = BUILTIN.taxonomy().topics()[hit.topic].id.as_str();
            (id, &text[hit.sentence], &text[hit.cue_span])
        })
        .collect();
    assert_eq!(
        hits,
        [
            ("staff_attitude", "Rude staff.", "Rude"),
            ("wait_times", "Waited 3 hours in the waiting room!", "Waited"),
            ("wait_times", "Waited 3 hours in the waiting room!", "hours in the waiting room"),
        ]
    );
}

#[test]
fn analyze_scores_only_the_sentences_of_each_topic() {
    let text = "The bill was bad. The nurse was good and kind. Good food, good room.";
    let topics = CUES_ONLY.analyze(text, &CountingScorer);
    let got: Vec<(&str, f64, u32)> =
        topics.iter().map(|t| (t.topic.as_str(), t.sentiment.score(), t.n_clauses)).collect();
    assert_eq!(
        got,
        [("staff_attitude", 1.0, 1), ("billing_cost", -1.0, 1), ("facilities_environment", 1.0, 1),]
    );

    // A topic in two sentences is scored on both, joined; repeated cues count a sentence once.
    let text = "Bill good. Nothing. Bill bad, bill bad.";
    let topics = CUES_ONLY.analyze(text, &CountingScorer);
    assert_eq!(topics.len(), 1);
    assert_eq!(topics[0].n_clauses, 2);
    assert!((topics[0].sentiment.score() - (1.0 - 2.0) / 3.0).abs() < 1e-9);
    assert!(CUES_ONLY.analyze("", &CountingScorer).is_empty());
    assert!(BUILTIN.analyze("", &CountingScorer).is_empty());
}

#[test]
fn cues_shared_between_topics_count_for_each() {
    let toml = r#"
format_version = 1
[[topic]]
id = "a"
label = "A"
cues = ["waiting"]
[[topic]]
id = "b"
label = "B"
cues = ["waits", "wait"]
"#;
    let tagger = TopicTagger::new(&Taxonomy::from_toml_str(toml).unwrap()).unwrap();
    let hits: Vec<usize> = tagger.tag("I waited").iter().map(|hit| hit.topic).collect();
    assert_eq!(hits, [0, 1]);
}

#[test]
fn taxonomy_from_path_and_new() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/topics.toml");
    assert_eq!(Taxonomy::from_path(&path).unwrap(), Taxonomy::builtin());
    let err = Taxonomy::from_path(Path::new("/nonexistent/topics.toml")).unwrap_err();
    assert!(err.to_string().starts_with("cannot read /nonexistent/topics.toml: "), "{err}");

    let def = |id: &str, cues: &[&str]| TopicDef {
        id: TopicId::new(id),
        label: "L".to_owned(),
        description: String::new(),
        cues: cues.iter().map(|&c| c.to_owned()).collect(),
    };
    assert!(Taxonomy::new(vec![def("a", &["x"])], vec![]).is_ok());
    let err = Taxonomy::new(vec![def("a", &["x"]), def("a", &["y"])], vec![]).unwrap_err();
    assert_eq!(err.to_string(), "<taxonomy>: duplicate topic id `a` (first defined at topic #1)");
    let err = Taxonomy::new(vec![def("a", &[])], vec![]).unwrap_err();
    assert_eq!(err.to_string(), "<taxonomy>: topic `a`: no cues");
    let err = Taxonomy::new(vec![def("a", &["x"])], vec!["two words".to_owned()]).unwrap_err();
    assert_eq!(err.to_string(), "<taxonomy>: unstemmed word \"two words\" is not a single word");
}

#[test]
fn taxonomy_errors_have_lines() {
    check_error("", "<taxonomy>:1: missing `format_version`");
    check_error(
        "format_version = 2\n",
        "<taxonomy>:1: unsupported format_version 2 (this version of bedside reads 1)",
    );
    check_error("format_version = 1\n", "<taxonomy>: the taxonomy has no [[topic]]");
    check_error(
        "format_version = 1\n[[topic]]\nid = \"a\"\nlabel = \"A\"\ncues = [\"x\"]\n\n[[topic]]\nid = \"a\"\nlabel = \"B\"\ncues = [\"y\"]\n",
        "<taxonomy>:8: duplicate topic id `a` (first defined at line 3)",
    );
    check_error(
        "format_version = 1\n[[topic]]\nid = \"a\"\nlabel = \"A\"\ncues = []\n",
        "<taxonomy>:5: topic `a`: no cues",
    );
    check_error(
        "format_version = 1\n[[topic]]\nid = \"a\"\nlabel = \"A\"\ncues = [\n  \"x\",\n  \"!!!\",\n]\n",
        "<taxonomy>:7: topic `a`: cue \"!!!\" has no word",
    );
    check_error(
        "format_version = 1\n[[topic]]\nid = \"Wait Times\"\nlabel = \"A\"\ncues = [\"x\"]\n",
        "<taxonomy>:3: topic #1: id `Wait Times` must be lowercase ASCII letters, digits and `_`, starting with a letter",
    );
    check_error(
        "format_version = 1\nunstemmed = [\n  \"ok\",\n  \"follow-up\",\n]\n[[topic]]\nid = \"a\"\nlabel = \"A\"\ncues = [\"x\"]\n",
        "<taxonomy>:4: unstemmed word \"follow-up\" is not a single word",
    );
    check_error(
        "format_version = 1\n[[topic]]\nid = \"a\"\nlabel = \" \"\ncues = [\"x\"]\n",
        "<taxonomy>:4: topic `a`: empty label",
    );
}

#[test]
fn taxonomy_syntax_errors_have_lines() {
    let err =
        Taxonomy::from_toml_str("format_version = 1\n[[topic]]\nid = \"a\"\ncues = [\"x\"]\n")
            .unwrap_err();
    let Error::Taxonomy { line, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*line, message.as_str()), (Some(2), "missing field `label`"));
    let err = Taxonomy::from_toml_str("format_version = 1\n\nid = = 3\n").unwrap_err();
    assert!(matches!(err, Error::Taxonomy { line: Some(3), .. }), "{err:?}");
    let err = Taxonomy::from_toml_str("format_version = 1\ncolour = 3\n").unwrap_err();
    assert!(matches!(err, Error::Taxonomy { line: Some(2), .. }), "{err:?}");
}

#[test]
fn tagger_is_send_sync_clone() {
    fn assert_traits<T: Send + Sync + Clone>() {}
    assert_traits::<TopicTagger>();
    assert_traits::<Taxonomy>();
}

/// Every cue of the built-in taxonomy matches its own text, for its own topic.
#[test]
fn every_builtin_cue_matches_itself() {
    for (index, topic) in BUILTIN.taxonomy().topics().iter().enumerate() {
        for cue in &topic.cues {
            let topics: Vec<usize> = BUILTIN.tag(cue).iter().map(|hit| hit.topic).collect();
            assert!(topics.contains(&index), "cue {cue:?} of {} gave {topics:?}", topic.id);
        }
    }
}

/// No two topics of the built-in taxonomy share a cue after stemming.
#[test]
fn builtin_cues_are_unambiguous() {
    let shared: Vec<&Vec<usize>> = BUILTIN.pattern_topics.iter().filter(|t| t.len() > 1).collect();
    assert_eq!(shared, Vec::<&Vec<usize>>::new());
}

#[test]
fn analyze_gives_each_topic_the_sentiment_of_its_own_clause() {
    let scorer = crate::VaderScorer::new();
    let text = "The nurses were lovely but the wait was awful.";
    let topics = CUES_ONLY.analyze(text, &scorer);
    let label =
        |id: &str| topics.iter().find(|t| t.topic.as_str() == id).map(|t| t.sentiment.label());
    assert_eq!(label("staff_attitude"), Some(bedside_types::Label::Positive));
    assert_eq!(label("wait_times"), Some(bedside_types::Label::Negative));
    // The same with the learned layer deciding which topics are present.
    let text = "The nurses were lovely and kind, but we waited four hours to be seen.";
    let topics = BUILTIN.analyze(text, &crate::BedsideScorer::new());
    let label =
        |id: &str| topics.iter().find(|t| t.topic.as_str() == id).map(|t| t.sentiment.label());
    assert_eq!(label("staff_attitude"), Some(bedside_types::Label::Positive));
    assert_eq!(label("wait_times"), Some(bedside_types::Label::Negative));
}

/// The learned layer tags clear-cut feedback as a human coder would.
#[test]
fn learned_layer_tags_clear_cases() {
    let ids = |text: &str| -> Vec<String> {
        BUILTIN
            .analyze(text, &CountingScorer)
            .iter()
            .map(|t| t.topic.as_str().to_string())
            .collect()
    };
    let cases: &[(&str, &[&str])] = &[
        ("It took 3 weeks to get an appointment.", &["wait_times", "access_scheduling"]),
        (
            "The ward was dirty and the toilets were disgusting.",
            &["cleanliness", "facilities_environment"],
        ),
        ("I was never given any pain relief.", &["medication_pain"]),
        ("The staff kept me informed.", &["communication"]),
        ("The food was cold.", &["facilities_environment"]),
        ("Everyone was so helpful.", &["staff_attitude"]),
    ];
    for (text, expected) in cases {
        assert_eq!(ids(text), *expected, "{text}");
    }
}

/// The learned layer finds topics no cue names and drops cues used in another sense.
#[test]
fn learned_layer_goes_beyond_the_cues() {
    // No staff_attitude cue, yet the coders' sense of the topic: the model finds it, and the
    // topic gets the whole text's sentiment (n_clauses 0).
    let text = "The consultant was very knowledgeable.";
    let cue_topics: Vec<usize> = BUILTIN.tag(text).iter().map(|h| h.topic).collect();
    let staff = BUILTIN.taxonomy().index_of("staff_attitude").unwrap();
    assert!(!cue_topics.contains(&staff));
    let topics = BUILTIN.analyze(text, &CountingScorer);
    let found = topics.iter().find(|t| t.topic.as_str() == "staff_attitude").unwrap();
    assert_eq!(found.n_clauses, 0);
    // "for hours" is a wait cue, but this is about getting through on the phone.
    let text = "No one answered the phone for hours.";
    let cues: Vec<&str> = CUES_ONLY
        .analyze(text, &CountingScorer)
        .iter()
        .map(|t| t.topic.as_str())
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| if t == "wait_times" { "wait_times" } else { "other" })
        .collect();
    assert!(cues.contains(&"wait_times"));
    let learned: Vec<String> = BUILTIN
        .analyze(text, &CountingScorer)
        .iter()
        .map(|t| t.topic.as_str().to_string())
        .collect();
    assert_eq!(learned, ["access_scheduling"]);
}

/// Topics the model does not know (here: all of them, with no model; and billing, which the
/// NHS training data never labels) are decided by their cues.
#[test]
fn topics_without_a_model_fall_back_to_cues() {
    let model = BUILTIN.model().expect("the built-in tagger has the learned layer");
    assert!(!model.topics().iter().any(|t| t == "billing_cost"));
    let topics = BUILTIN.analyze("The bill was wrong.", &CountingScorer);
    assert!(topics.iter().any(|t| t.topic.as_str() == "billing_cost"));
}

fn small_examples() -> Vec<super::data::TopicExample> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../datasets/fixtures/train/topics_small.csv");
    let known: Vec<&str> = BUILTIN.taxonomy().topics().iter().map(|t| t.id.as_str()).collect();
    super::data::read_topics_csv(&path, "text", "topics", &known).unwrap()
}

/// Training is deterministic, models only topics with enough examples, and the file format
/// round-trips and rejects damage.
#[test]
fn topic_training_is_reproducible_and_the_format_round_trips() {
    let examples = small_examples();
    assert_eq!(examples.len(), 36);
    let config = super::TopicTrainConfig { bits: 12, threshold_folds: 2, ..Default::default() };
    let a = super::train_topics(&examples, &CUES_ONLY, &config);
    let b = super::train_topics(&examples, &CUES_ONLY, &config);
    assert_eq!(a.to_bytes(), b.to_bytes());
    assert_eq!(a.topics(), ["wait_times", "cleanliness"]);
    let bytes = a.to_bytes();
    assert_eq!(super::TopicModel::from_bytes(&bytes, "a").unwrap(), a);
    let truncated = super::TopicModel::from_bytes(&bytes[..bytes.len() - 9], "a").unwrap_err();
    assert!(truncated.to_string().contains("bytes, expected"), "{truncated}");
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 1;
    let err = super::TopicModel::from_bytes(&flipped, "a").unwrap_err();
    assert!(err.to_string().contains("checksum"), "{err}");
    assert!(super::TopicModel::from_bytes(b"BDSLRN01", "a").is_err());
    // The trained model, used by a tagger, finds its topics in new texts.
    let tagger =
        TopicTagger::with_model(&Taxonomy::builtin(), Some(std::sync::Arc::new(a))).unwrap();
    let ids: Vec<String> = tagger
        .analyze("The toilets were dirty and nobody cleaned them", &CountingScorer)
        .iter()
        .map(|t| t.topic.as_str().to_string())
        .collect();
    assert!(ids.contains(&"cleanliness".to_string()), "{ids:?}");
}

/// Cross-validation reports figures for every taxonomy topic, and they are computed from the
/// predictions (the cue-only figures differ from the learned ones on the same data).
#[test]
fn topic_cross_validation_covers_every_topic() {
    let examples = small_examples();
    let config = super::TopicTrainConfig { bits: 12, threshold_folds: 2, ..Default::default() };
    let cv = super::cross_validate_topics(&examples, &CUES_ONLY, &config, 3);
    assert_eq!(cv.models.len(), 3);
    assert_eq!(cv.learned.per_topic.len(), BUILTIN.taxonomy().topics().len());
    let support: usize = cv.learned.per_topic.iter().map(|s| s.support).sum();
    assert_eq!(support, examples.iter().map(|e| e.topics.len()).sum::<usize>());
    assert_eq!(cv.learned.micro.support, cv.cues_only.micro.support);
    assert!((0.0..=1.0).contains(&cv.learned.micro.f1()));
    assert!(cv.learned.micro.f1() > 0.5, "{:?}", cv.learned.micro);
}

/// The packed serving weights give the same probabilities, to the bit, as the model's own
/// weights; a model with a weight bfloat16 cannot hold is not packed.
#[test]
fn packed_weights_are_exact() {
    let model = TopicModel::builtin();
    let packed = PackedWeights::new(&model).expect("the built-in model packs");
    let tweets = include_str!("../../../../datasets/vader/tweets_GroundTruth.txt");
    let mut n_texts = 0;
    for text in tweets.lines().filter_map(|line| line.splitn(3, '\t').nth(2)) {
        let (counts, cues) = BUILTIN.cue_matches(text);
        let mut model_counts = vec![0u32; model.topics().len()];
        for (t, column) in BUILTIN.model_columns.iter().enumerate() {
            if let Some(column) = column {
                model_counts[*column] = counts[t];
            }
        }
        let plain = model.probabilities(text, &model_counts, &cues, None, None);
        let fast = model.probabilities(text, &model_counts, &cues, None, Some(&packed));
        let bits = |p: &[f32]| p.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
        assert_eq!(bits(&fast), bits(&plain), "{text:?}");
        n_texts += 1;
    }
    assert!(n_texts > 4_000);
    let mut odd = (*model).clone();
    odd.weights[[7, 0]] = 0.123_456_79;
    assert!(PackedWeights::new(&odd).is_none());
}

#[test]
fn taggers_with_different_unstemmed_words_share_a_thread() {
    // Each thread caches the key of each word; the key depends on the tagger's unstemmed
    // words, so taggers used in turn on one thread must not read each other's keys.
    let def = TopicDef {
        id: TopicId::new("help"),
        label: "Help".to_owned(),
        description: String::new(),
        cues: vec!["help".to_owned()],
    };
    let stemmed =
        TopicTagger::with_model(&Taxonomy::new(vec![def.clone()], vec![]).unwrap(), None).unwrap();
    let as_written = TopicTagger::with_model(
        &Taxonomy::new(vec![def], vec!["helpful".to_owned()]).unwrap(),
        None,
    )
    .unwrap();
    for _ in 0..3 {
        // "helpful" stems to "help" unless it is unstemmed.
        assert_eq!(stemmed.tag("They were helpful").len(), 1);
        assert!(as_written.tag("They were helpful").is_empty());
        assert_eq!(as_written.tag("They were a help").len(), 1);
    }
}

/// Read from collected features (the vector loops of the packed weights), the logits give
/// the plain model's probabilities to the bit, and each topic's [`Decision`] is that of its
/// probability against its threshold, on the corpus and on a sweep of logits.
#[test]
fn packed_replay_and_decisions_are_exact() {
    let model = TopicModel::builtin();
    let packed = PackedWeights::new(&model).expect("the built-in model packs");
    let n = model.topics().len();
    let decisions: Vec<Decision> = model.thresholds().iter().map(|&t| Decision::new(t)).collect();
    let bits = |p: &[f32]| p.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
    let long = "The nurses were lovely but we waited hours, the ward was dirty. ".repeat(30);
    let texts = crate::test_texts::corpus(&[&long, "", "ok"]);
    for text in &texts {
        let (counts, cues) = BUILTIN.cue_matches(text);
        let mut model_counts = vec![0u32; n];
        for (t, column) in BUILTIN.model_columns.iter().enumerate() {
            if let Some(column) = column {
                model_counts[*column] = counts[t];
            }
        }
        let plain = model.probabilities(text, &model_counts, &cues, None, None);
        let collected = Collected::of(text, Tokenizer::default().tokens(text), model.bits());
        let mut logits = vec![0.0; n];
        model.logits_into(text, &model_counts, &cues, Some(&collected), Some(&packed), &mut logits);
        let fast: Vec<f32> = logits.iter().map(|&z| model::sigmoid(z)).collect();
        assert_eq!(bits(&fast), bits(&plain), "{text:?}");
        for c in 0..n {
            assert_eq!(decisions[c].reaches(logits[c]), plain[c] >= model.thresholds()[c]);
        }
    }
    assert!(texts.len() > 10_000);
    for (d, &threshold) in decisions.iter().zip(model.thresholds()) {
        let check = |z: f32| assert_eq!(d.reaches(z), model::sigmoid(z) >= threshold, "{z}");
        for i in -400_000..400_000 {
            check(i as f32 * 5e-5);
        }
        // Every logit within 20,000 steps of the threshold's.
        let logit = (threshold / (1.0 - threshold)).ln();
        let mut z = logit;
        for _ in 0..20_000 {
            z = f32::from_bits(z.to_bits() - 1);
        }
        for _ in 0..40_000 {
            check(z);
            z = f32::from_bits(z.to_bits() + 1);
        }
        for z in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.0, -0.0, 1e30, -1e30] {
            check(z);
        }
    }
    for c in 0..30 {
        let c = std::hint::black_box(c);
        let direct = (1.0 + c.min(20) as f32).ln();
        assert_eq!(model::dense_features(c)[1].to_bits(), direct.to_bits());
    }
}

/// Words met again take their symbol from the thread's table: the cues found with a warm
/// table are those found with an empty one (another tagger on the thread empties it), on the
/// corpus.
#[test]
fn symbol_cache_changes_no_cue() {
    let texts = crate::test_texts::corpus(&["Follow-up at A&E — the waiting-room was #dirty"]);
    let cold: Vec<Vec<TopicHit>> = texts
        .iter()
        .map(|text| {
            CUES_ONLY.tag("empties the table");
            BUILTIN.tag(text)
        })
        .collect();
    for _ in 0..2 {
        for (text, cold) in texts.iter().zip(&cold) {
            assert_eq!(&BUILTIN.tag(text), cold, "{text:?}");
        }
    }
    assert!(cold.iter().filter(|hits| !hits.is_empty()).count() > 1_000);
}
