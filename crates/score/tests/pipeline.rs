//! The pipeline's entry points agree with each other at any thread count.

use std::fs;
use std::path::Path;

use bedside_score::providers::ProviderDirectory;
use bedside_score::{Executor, PipelineBuilder};
use bedside_types::{Analysis, Mention};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The VADER tweets, each made a mention; every 50th repeats an earlier one as a retweet.
fn mentions() -> Vec<Mention> {
    let text = fs::read_to_string(repo().join("datasets/vader/tweets_GroundTruth.txt")).unwrap();
    let mut mentions: Vec<Mention> = text
        .lines()
        .enumerate()
        .map(|(i, line)| Mention {
            id: format!("t{i}"),
            text: line.splitn(3, '\t').nth(2).unwrap().to_string(),
            ..Mention::default()
        })
        .collect();
    for i in (0..mentions.len()).step_by(50).skip(1) {
        let original = mentions[i / 2].text.clone();
        mentions[i].text = format!("RT @someone: {original}");
    }
    mentions
}

#[test]
fn batch_stream_and_single_agree_at_any_thread_count() {
    let directory =
        ProviderDirectory::from_path(&repo().join("datasets/demo/providers.csv")).unwrap();
    let pipeline = PipelineBuilder::new().providers(directory).build().unwrap();
    let mentions = mentions();
    let reference = pipeline.analyze_batch(&mentions, &Executor::SingleThread);
    assert_eq!(reference.len(), mentions.len());
    let n_duplicates = reference.iter().filter(|a| a.duplicate_of.is_some()).count();
    assert!(n_duplicates >= 80, "the planted retweets are flagged: {n_duplicates}");

    for n_threads in [2, 8] {
        let executor = Executor::with_threads(n_threads).unwrap();
        assert_eq!(pipeline.analyze_batch(&mentions, &executor), reference, "{n_threads} threads");
        let streamed: Vec<Analysis> = pipeline
            .analyze_stream(mentions.iter().cloned(), &executor, 333)
            .flat_map(|(chunk, analyses)| {
                assert!(chunk.len() <= 333);
                analyses
            })
            .collect();
        assert_eq!(streamed, reference, "stream at {n_threads} threads");
    }
    for (mention, expected) in mentions.iter().zip(&reference).take(500) {
        let mut single = pipeline.analyze(mention);
        single.duplicate_of = expected.duplicate_of.clone();
        assert_eq!(&single, expected);
    }
}

/// The default scorer shares one pass of sparse features with the topic model; the results are
/// those of the same scorer plugged in as a custom scorer, which reads the text separately for
/// each model.
#[test]
fn shared_features_change_nothing() {
    let directory =
        ProviderDirectory::from_path(&repo().join("datasets/demo/providers.csv")).unwrap();
    let shared = PipelineBuilder::new().providers(directory.clone()).build().unwrap();
    let separate = PipelineBuilder::new()
        .providers(directory)
        .custom_scorer(std::sync::Arc::new(bedside_score::BedsideScorer::new()))
        .build()
        .unwrap();
    let mentions = mentions();
    let mut n_topics = 0;
    for mention in &mentions {
        let got = shared.analyze(mention);
        assert_eq!(got, separate.analyze(mention), "mention {}", mention.id);
        n_topics += got.topics.len();
    }
    assert!(n_topics > 1_000, "{n_topics} topics");
}

/// The pipeline scans cues and splits clauses once per mention for topics, targets and staff;
/// the results are those of the public stage functions run one by one, on the hand-written
/// targets set (providers, staff and topics in most texts) with and without a provider from
/// the metadata, and on the VADER tweets.
#[test]
fn shared_cues_and_clauses_change_nothing() {
    use bedside_score::aspects::{staff_sentiment, target_sentiments};
    use bedside_score::providers::ProviderResolver;
    use bedside_score::topics::TopicTagger;
    use bedside_types::ProviderId;

    let directory =
        ProviderDirectory::from_path(&repo().join("datasets/demo/providers.csv")).unwrap();
    let pipeline = PipelineBuilder::new().providers(directory.clone()).build().unwrap();
    let resolver = ProviderResolver::new(&directory);
    let tagger = TopicTagger::new(pipeline.taxonomy()).unwrap();
    let scorer = pipeline.scorer();
    let targets = fs::read_to_string(repo().join("datasets/targets/targets.jsonl")).unwrap();
    let mut texts: Vec<String> = targets
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["text"].as_str().unwrap().to_owned()
        })
        .collect();
    texts.extend(mentions().into_iter().take(1_000).map(|m| m.text));
    let (mut n_targets, mut n_staff, mut n_topics) = (0, 0, 0);
    for (i, text) in texts.iter().enumerate() {
        for provider_id in [None, Some("lakeview-general")] {
            let mut mention =
                Mention { id: format!("m{i}"), text: text.clone(), ..Mention::default() };
            mention.hints.provider_id = provider_id.map(str::to_owned);
            let got = pipeline.analyze(&mention);
            let own = (!got.provider.id.is_unknown()).then_some(&got.provider.id);
            let own: Option<&ProviderId> = own;
            assert_eq!(got.topics, tagger.analyze(text, scorer), "topics of {}", mention.id);
            assert_eq!(
                got.targets,
                target_sentiments(text, &resolver, own, scorer, Some(&tagger)),
                "targets of {}",
                mention.id
            );
            assert_eq!(got.staff, staff_sentiment(text, scorer), "staff of {}", mention.id);
            n_targets += got.targets.len();
            n_staff += got.staff.len();
            n_topics += got.topics.len();
        }
    }
    assert!(n_targets > 600 && n_staff > 300 && n_topics > 500, "{n_targets} {n_staff} {n_topics}");
}
