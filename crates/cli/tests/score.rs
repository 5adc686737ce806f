//! `bedside score`: the stdin/stdout contract used for evaluation.

use serde_json::Value;

use crate::util::{bedside, parts};

fn score_lines(args: &[&str], input: &str) -> (i32, Vec<Value>) {
    let mut full = vec!["score"];
    full.extend(args);
    let (code, stdout, stderr) = parts(&bedside(&full, input.as_bytes()));
    assert!(stderr.is_empty() || code != 0, "unexpected stderr: {stderr}");
    let values = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (code, values)
}

#[test]
fn one_json_object_per_line_in_order() {
    let input =
        "The book was good.\n\nThe book was not good.\nWaited 3 hours, the staff were RUDE!!!\n";
    let (code, out) = score_lines(&["--scorer", "vader", "--threads", "2"], input);
    assert_eq!(code, 0);
    assert_eq!(out.len(), 4);
    // vaderSentiment 3.3.2 gives 0.4404 and -0.3412 for the first and third lines.
    assert_eq!(out[0]["sentiment"]["score"], 0.4404);
    assert_eq!(out[0]["sentiment"]["label"], "positive");
    assert_eq!(out[1]["sentiment"]["label"], "neutral");
    assert_eq!(out[1]["sentiment"]["score"], 0.0);
    assert_eq!(out[2]["sentiment"]["score"], -0.3412);
    assert_eq!(out[3]["sentiment"]["label"], "negative");
    let topics: Vec<&str> =
        out[3]["topics"].as_array().unwrap().iter().map(|t| t["topic"].as_str().unwrap()).collect();
    assert!(topics.contains(&"wait_times"), "topics: {topics:?}");
}

#[test]
fn large_input_keeps_order() {
    let lines: Vec<String> = (0..10_000)
        .map(|i| if i % 2 == 0 { format!("good x{i}") } else { format!("awful x{i}") })
        .collect();
    let (code, out) =
        score_lines(&["--scorer", "vader", "--threads", "2"], &(lines.join("\n") + "\n"));
    assert_eq!(code, 0);
    assert_eq!(out.len(), 10_000);
    for (i, value) in out.iter().enumerate() {
        let expected = if i % 2 == 0 { "positive" } else { "negative" };
        assert_eq!(value["sentiment"]["label"], expected, "line {}", i + 1);
    }
}

#[test]
fn jsonl_mentions_resolve_providers_and_report_bad_lines() {
    let input = concat!(
        r#"{"id": "a", "text": "Dr. Okafor was wonderful", "question": "What was good?"}"#,
        "\n",
        r#"{"id": 7, "text": "SENTINEL-PHI-1 broken"#,
        "\n",
        r#"{"text": "Long wait", "handle": "@RiversideUC"}"#,
        "\n",
    );
    let (code, out) =
        score_lines(&["--jsonl", "--providers", "datasets/demo/providers.csv"], input);
    assert_eq!(code, 1, "a bad line gives exit 1");
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["id"], "a");
    assert_eq!(out[0]["provider"]["id"], "dr-marcus-okafor");
    assert_eq!(out[0]["provider"]["match"], "text");
    let error = out[1]["error"].as_str().unwrap();
    assert!(error.starts_with("line 2, column"), "error: {error}");
    assert!(!error.contains("SENTINEL"));
    assert_eq!(out[2]["id"], "stdin:3");
    assert_eq!(out[2]["provider"]["id"], "riverside-urgent-care");
    assert_eq!(out[2]["provider"]["match"], "handle");
}

#[test]
fn default_scorer_gives_probabilities_and_review_flags() {
    let input = "The nurses were wonderful and so kind\nWaited 5 hours and nobody came\n";
    let (code, out) = score_lines(&["--threads", "2"], input);
    assert_eq!(code, 0);
    assert_eq!(out[0]["sentiment"]["label"], "positive");
    assert_eq!(out[1]["sentiment"]["label"], "negative");
    for value in &out {
        let s = &value["sentiment"];
        let total: f64 =
            ["negative", "neutral", "positive"].iter().map(|k| s[k].as_f64().unwrap()).sum();
        assert!((total - 1.0).abs() < 1e-6, "probabilities sum to {total}");
        // The score mixes p_positive - p_negative with the graded head: on the label's side.
        let score = s["score"].as_f64().unwrap();
        let pole = if s["label"] == "positive" { 1.0 } else { -1.0 };
        assert!(score * pole > 0.0 && score.abs() <= 1.0, "score {score}");
    }
}
