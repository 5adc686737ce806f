//! `bedside score`: texts on stdin, one JSON object per line on stdout, in input order.

use std::io::{self, BufRead, BufWriter, Write};

use bedside::score::learned::{BedsideScorer, FoldScorer};
use bedside::{Analysis, Mention, Pipeline, ProviderHints, Sentiment};
use serde::{Deserialize, Serialize};

use crate::Outcome;
use crate::args::ScoreArgs;

/// Lines scored per parallel batch: large enough to keep every core busy, small enough to keep
/// memory flat on endless input.
const BATCH_LINES: usize = 4096;

pub fn run(args: &ScoreArgs) -> anyhow::Result<Outcome> {
    let pipeline = args.scoring.pipeline()?;
    let explainer = if args.explain { Some(Explainer::new(args)?) } else { None };
    let renderer = Renderer {
        pipeline: &pipeline,
        explainer: explainer.as_ref(),
        review_flag: pipeline.scorer().name().starts_with("bedside"),
    };
    let executor = args.scoring.executor()?;
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut outcome = Outcome::Ok;
    let mut batch: Vec<String> = Vec::with_capacity(BATCH_LINES);
    let mut first_line = 1u64;
    let mut lines = stdin.lines();
    loop {
        batch.clear();
        for line in lines.by_ref().take(BATCH_LINES) {
            batch.push(line.map_err(|e| {
                anyhow::anyhow!(
                    "cannot read stdin near line {}: {e}",
                    first_line + batch.len() as u64
                )
            })?);
        }
        if batch.is_empty() {
            break;
        }
        let numbered: Vec<(u64, &str)> =
            batch.iter().enumerate().map(|(i, l)| (first_line + i as u64, l.as_str())).collect();
        let rendered = executor.map(&numbered, |&(line_no, line)| {
            if args.jsonl {
                renderer.score_json_line(line_no, line)
            } else {
                renderer.score_text(line)
            }
        });
        for result in rendered {
            let json = match result {
                Ok(json) => json,
                Err(json) => {
                    outcome = Outcome::SomeRejected;
                    json
                }
            };
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
        }
        first_line += batch.len() as u64;
    }
    out.flush()?;
    Ok(outcome)
}

/// The JSON written for one input line.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    sentiment: SentimentOut,
    topics: Vec<TopicOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<ProviderOut<'a>>,
    targets: Vec<TargetOut<'a>>,
    staff: Vec<StaffOut<'a>>,
    waits: Vec<WaitOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<Vec<SpanOut>>,
}

/// The sentiment about one provider named in the text.
#[derive(Serialize)]
struct TargetOut<'a> {
    provider: &'a str,
    label: &'static str,
    score: f64,
    topics: Vec<&'a str>,
}

/// A member of staff named with a role.
#[derive(Serialize)]
struct StaffOut<'a> {
    name: &'a str,
    role: &'a str,
    label: &'static str,
    score: f64,
}

/// A reported wait.
#[derive(Serialize)]
struct WaitOut {
    minutes: u32,
    kind: &'static str,
    start: usize,
    end: usize,
}

/// One span of an explanation: byte range and contribution to the positive-minus-negative logit.
#[derive(Serialize)]
struct SpanOut {
    start: usize,
    end: usize,
    weight: f64,
}

/// The learned scorer whose spans `--explain` reports.
enum Explainer {
    One(BedsideScorer),
    Folds(FoldScorer),
}

impl Explainer {
    fn new(args: &ScoreArgs) -> anyhow::Result<Explainer> {
        if !args.scoring.scorer.eq_ignore_ascii_case("bedside") {
            anyhow::bail!("--explain needs --scorer bedside");
        }
        Ok(match (&args.scoring.model, &args.scoring.cv_models) {
            (Some(path), _) => Explainer::One(BedsideScorer::from_path(path)?),
            (None, Some(dir)) => Explainer::Folds(FoldScorer::from_dir(dir)?),
            (None, None) => Explainer::One(BedsideScorer::new()),
        })
    }

    fn spans(&self, text: &str, question: Option<&str>) -> Vec<SpanOut> {
        let scorer = match self {
            Explainer::One(scorer) => scorer,
            Explainer::Folds(folds) => folds.scorer_for(text),
        };
        let (spans, _) = scorer.model().explain(text, question);
        spans
            .into_iter()
            .map(|s| SpanOut {
                start: s.span.start,
                end: s.span.end,
                weight: (f64::from(s.weight) * 1e4).round() / 1e4,
            })
            .collect()
    }
}

/// Turns input lines into output lines.
struct Renderer<'a> {
    pipeline: &'a Pipeline,
    explainer: Option<&'a Explainer>,
    review_flag: bool,
}

#[derive(Serialize)]
struct SentimentOut {
    label: &'static str,
    score: f64,
    negative: f64,
    neutral: f64,
    positive: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    needs_review: Option<bool>,
}

impl From<&Sentiment> for SentimentOut {
    fn from(s: &Sentiment) -> SentimentOut {
        SentimentOut {
            label: s.label().as_str(),
            score: s.score(),
            negative: s.negative(),
            neutral: s.neutral_share(),
            positive: s.positive(),
            needs_review: None,
        }
    }
}

#[derive(Serialize)]
struct TopicOut<'a> {
    topic: &'a str,
    label: &'static str,
    score: f64,
    clauses: u32,
}

#[derive(Serialize)]
struct ProviderOut<'a> {
    id: &'a str,
    #[serde(rename = "match")]
    kind: &'static str,
}

impl Renderer<'_> {
    fn render(
        &self,
        analysis: &Analysis,
        with_id: bool,
        text: &str,
        question: Option<&str>,
    ) -> String {
        let mut sentiment = SentimentOut::from(&analysis.sentiment);
        if self.review_flag {
            sentiment.needs_review = Some(BedsideScorer::needs_review(&analysis.sentiment));
        }
        let output = Output {
            id: with_id.then_some(analysis.id.as_str()),
            sentiment,
            topics: analysis
                .topics
                .iter()
                .map(|t| TopicOut {
                    topic: t.topic.as_str(),
                    label: t.sentiment.label().as_str(),
                    score: t.sentiment.score(),
                    clauses: t.n_clauses,
                })
                .collect(),
            provider: with_id.then(|| ProviderOut {
                id: analysis.provider.id.as_str(),
                kind: analysis.provider.kind.as_str(),
            }),
            targets: analysis
                .targets
                .iter()
                .map(|t| TargetOut {
                    provider: t.target.as_str(),
                    label: t.sentiment.label().as_str(),
                    score: t.sentiment.score(),
                    topics: t.topics.iter().map(|topic| topic.as_str()).collect(),
                })
                .collect(),
            staff: analysis
                .staff
                .iter()
                .map(|s| StaffOut {
                    name: &s.name,
                    role: &s.role,
                    label: s.sentiment.label().as_str(),
                    score: s.sentiment.score(),
                })
                .collect(),
            waits: analysis
                .waits
                .iter()
                .map(|w| WaitOut {
                    minutes: w.minutes,
                    kind: w.kind.as_str(),
                    start: w.span.start,
                    end: w.span.end,
                })
                .collect(),
            explanation: self.explainer.map(|e| e.spans(text, question)),
        };
        serde_json::to_string(&output).expect("BUG: serializing plain data cannot fail")
    }

    fn score_text(&self, line: &str) -> Result<String, String> {
        let text = line.strip_suffix('\r').unwrap_or(line);
        let mention = Mention { text: text.to_string(), ..Mention::default() };
        Ok(self.render(&self.pipeline.analyze(&mention), false, text, None))
    }

    fn score_json_line(&self, line_no: u64, line: &str) -> Result<String, String> {
        let record: InputRecord = serde_json::from_str(line).map_err(|e| {
            // serde_json's messages name the expected type and a column, never the input itself.
            let message = format!("line {line_no}, column {}: {}", e.column(), classify(&e));
            serde_json::json!({ "error": message }).to_string()
        })?;
        let id = match record.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("stdin:{line_no}"),
        };
        let mention = Mention {
            id,
            text: record.text,
            question: record.question,
            hints: ProviderHints {
                provider_id: record.provider_id,
                handle: record.handle,
                location_id: record.location_id,
                page: None,
            },
            ..Mention::default()
        };
        let analysis = self.pipeline.analyze(&mention);
        Ok(self.render(&analysis, true, &mention.text, mention.question.as_deref()))
    }
}

/// One JSON Lines input record.
#[derive(Deserialize)]
struct InputRecord {
    id: Option<serde_json::Value>,
    text: String,
    question: Option<String>,
    provider_id: Option<String>,
    handle: Option<String>,
    location_id: Option<String>,
}

/// A description of a JSON error that cannot contain the input's text.
fn classify(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax => "malformed JSON",
        Category::Eof => "truncated JSON",
        Category::Data => "not a mention object with a string \"text\" field",
        Category::Io => "read error",
    }
}
