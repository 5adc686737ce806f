//! `bedside score`: texts on stdin, one JSON object per line on stdout, in input order.

use std::io::{self, BufRead, BufWriter, Write};

use bedside::{Analysis, Mention, Pipeline, ProviderHints, Sentiment};
use serde::{Deserialize, Serialize};

use crate::Outcome;
use crate::args::ScoreArgs;

/// Lines scored per parallel batch: large enough to keep every core busy, small enough to keep
/// memory flat on endless input.
const BATCH_LINES: usize = 4096;

pub fn run(args: &ScoreArgs) -> anyhow::Result<Outcome> {
    let pipeline = args.scoring.pipeline()?;
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
                score_json_line(&pipeline, line_no, line)
            } else {
                score_text(&pipeline, line)
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
}

#[derive(Serialize)]
struct SentimentOut {
    label: &'static str,
    score: f64,
    negative: f64,
    neutral: f64,
    positive: f64,
}

impl From<&Sentiment> for SentimentOut {
    fn from(s: &Sentiment) -> SentimentOut {
        SentimentOut {
            label: s.label().as_str(),
            score: s.score(),
            negative: s.negative(),
            neutral: s.neutral_share(),
            positive: s.positive(),
        }
    }
}

#[derive(Serialize)]
struct TopicOut<'a> {
    topic: &'a str,
    label: &'static str,
    score: f64,
    sentences: u32,
}

#[derive(Serialize)]
struct ProviderOut<'a> {
    id: &'a str,
    #[serde(rename = "match")]
    kind: &'static str,
}

fn render(analysis: &Analysis, with_id: bool) -> String {
    let output = Output {
        id: with_id.then_some(analysis.id.as_str()),
        sentiment: SentimentOut::from(&analysis.sentiment),
        topics: analysis
            .topics
            .iter()
            .map(|t| TopicOut {
                topic: t.topic.as_str(),
                label: t.sentiment.label().as_str(),
                score: t.sentiment.score(),
                sentences: t.n_sentences,
            })
            .collect(),
        provider: with_id.then(|| ProviderOut {
            id: analysis.provider.id.as_str(),
            kind: analysis.provider.kind.as_str(),
        }),
    };
    serde_json::to_string(&output).expect("BUG: serializing plain data cannot fail")
}

fn score_text(pipeline: &Pipeline, line: &str) -> Result<String, String> {
    let text = line.strip_suffix('\r').unwrap_or(line);
    let mention = Mention { text: text.to_string(), ..Mention::default() };
    Ok(render(&pipeline.analyze(&mention), false))
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

fn score_json_line(pipeline: &Pipeline, line_no: u64, line: &str) -> Result<String, String> {
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
    Ok(render(&pipeline.analyze(&mention), true))
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
