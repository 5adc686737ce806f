//! `bedside explain`: which words and phrases moved a text's score, and by how much.

use std::io::{self, Write};
use std::path::PathBuf;

use bedside::score::learned::BedsideScorer;
use clap::Args;

use crate::Outcome;

/// `bedside explain`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bedside explain 'The nurses were lovely but I waited 3 hours'
  bedside explain --question 'How could we improve?' 'Nothing'

Each span is printed with its byte range and its contribution to the positive-minus-negative
logit of the learned model (positive pushes towards positive), largest first; the rule scorer and
other whole-text features are shown as one line.")]
pub struct ExplainArgs {
    /// The text to explain.
    #[arg(value_name = "TEXT")]
    pub text: String,
    /// The survey question the text answers.
    #[arg(long, value_name = "QUESTION")]
    pub question: Option<String>,
    /// A model trained with `bedside train` instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Show at most this many spans.
    #[arg(long, default_value_t = 12, value_name = "N")]
    pub top: usize,
}

pub fn run(args: &ExplainArgs) -> anyhow::Result<Outcome> {
    let scorer = match &args.model {
        Some(path) => BedsideScorer::from_path(path)?,
        None => BedsideScorer::new(),
    };
    let explanation = scorer.explain(&args.text, args.question.as_deref());
    let s = &explanation.sentiment;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "label {}  score {:+.3}  p(negative) {:.3}  p(neutral) {:.3}  p(positive) {:.3}{}",
        s.label(),
        s.score(),
        s.negative(),
        s.neutral_share(),
        s.positive(),
        if BedsideScorer::needs_review(s) { "  (needs review)" } else { "" }
    )?;
    writeln!(
        out,
        "{:>+8.3}  rules, length, punctuation, question (whole text)",
        explanation.dense
    )?;
    for span in explanation.spans.iter().take(args.top) {
        writeln!(
            out,
            "{:>+8.3}  {}..{}  {}",
            span.weight,
            span.span.start,
            span.span.end,
            &args.text[span.span.clone()]
        )?;
    }
    Ok(Outcome::Ok)
}
