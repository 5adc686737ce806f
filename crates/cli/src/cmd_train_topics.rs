//! `bedside train --task topics`: fit the learned topic layer, with k-fold cross-validation
//! figures per topic.

use std::io::{self, Write};

use anyhow::Context;
use bedside::score::topics::data::{TopicExample, read_nhs_v6_topics, read_topics_csv};
use bedside::score::topics::{
    Taxonomy, TopicFigures, TopicTagger, TopicTrainConfig, cross_validate_topics, train_topics,
};

use crate::Outcome;
use crate::cmd_train::TrainArgs;

/// Where the NHS v6 file lies below `--dev-data`.
const NHS_V6: &str = "health/nhs_fft_qdc/v6framework_230831.csv";

pub fn run(args: &TrainArgs) -> anyhow::Result<Outcome> {
    if args.out.is_none() && args.cv_out.is_none() && args.folds < 2 {
        anyhow::bail!("nothing to do: give --out, --cv-out or --folds 2 or more");
    }
    let defaults = TopicTrainConfig::default();
    let config = TopicTrainConfig {
        bits: args.bits.unwrap_or(defaults.bits),
        epochs: args.epochs.unwrap_or(defaults.epochs),
        seed: args.seed,
        ..defaults
    };
    if !(10..=22).contains(&config.bits) {
        anyhow::bail!("--bits must be between 10 and 22");
    }
    let taxonomy = match &args.taxonomy {
        Some(path) => Taxonomy::from_path(path)
            .with_context(|| format!("cannot load topic taxonomy {}", path.display()))?,
        None => Taxonomy::builtin(),
    };
    // Training reads cue matches only: no learned layer in the tagger it uses.
    let tagger = TopicTagger::with_model(&taxonomy, None)?;
    let examples = load(args, &taxonomy)?;
    if examples.is_empty() {
        anyhow::bail!("no topic-labeled texts found");
    }
    let mut err = io::stderr().lock();
    writeln!(
        err,
        "bedside train --task topics: {} texts, {} topics",
        examples.len(),
        taxonomy.topics().len()
    )?;
    if args.folds >= 2 || args.cv_out.is_some() {
        let k = args.folds.max(2);
        let cv = cross_validate_topics(&examples, &tagger, &config, k);
        let mut out = io::stdout().lock();
        writeln!(out, "{k}-fold cross-validation (folds by text), learned layer vs cues alone:")?;
        writeln!(out, "| topic | support | P | R | F1 | F1 cues only |")?;
        writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
        for (learned, cues) in cv.learned.per_topic.iter().zip(&cv.cues_only.per_topic) {
            writeln!(
                out,
                "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
                learned.topic,
                learned.support,
                learned.precision(),
                learned.recall(),
                learned.f1(),
                cues.f1()
            )?;
        }
        summary(&mut out, "learned", &cv.learned)?;
        summary(&mut out, "cues only", &cv.cues_only)?;
        if let Some(dir) = &args.cv_out {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for (i, model) in cv.models.iter().enumerate() {
                model.save(&dir.join(format!("topics-fold-{i}.bin")))?;
            }
            writeln!(err, "wrote {} fold models to {}", cv.models.len(), dir.display())?;
        }
    }
    if let Some(path) = &args.out {
        let model = train_topics(&examples, &tagger, &config);
        model.save(path)?;
        writeln!(
            err,
            "wrote {} ({} topics, format_version {})",
            path.display(),
            model.topics().len(),
            bedside::score::topics::TOPIC_FORMAT_VERSION
        )?;
    }
    Ok(Outcome::Ok)
}

fn summary(out: &mut impl Write, name: &str, figures: &TopicFigures) -> io::Result<()> {
    writeln!(
        out,
        "{name}: micro P {:.3} R {:.3} F1 {:.3}; macro-F1 {:.3} (topics with support)",
        figures.micro.precision(),
        figures.micro.recall(),
        figures.micro.f1(),
        figures.macro_f1
    )
}

fn load(args: &TrainArgs, taxonomy: &Taxonomy) -> anyhow::Result<Vec<TopicExample>> {
    let mut examples = Vec::new();
    if let Some(root) = &args.dev_data {
        let path = root.join(NHS_V6);
        if path.exists() {
            examples.extend(read_nhs_v6_topics(&path)?);
        } else {
            writeln!(io::stderr(), "bedside train: dev set not found: {}", path.display())?;
        }
    }
    let known: Vec<&str> = taxonomy.topics().iter().map(|t| t.id.as_str()).collect();
    for path in &args.data {
        examples.extend(read_topics_csv(path, &args.text_col, &args.topics_col, &known)?);
    }
    if args.dev_data.is_none() && args.data.is_empty() {
        anyhow::bail!("give training data with --data FILE.csv or --dev-data DIR");
    }
    Ok(examples)
}
