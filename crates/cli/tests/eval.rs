//! `bedside eval`: metrics on labeled fixtures, checked against `health_eval.py`.
//!
//! The expected figures come from `health_eval.py`'s own `metrics` function, run with
//! vaderSentiment 3.3.2 on the same fixtures (loading them the way `bedside eval` documents).

use serde_json::Value;

use crate::util::{Dir, bedside, parts};

const FEEDBACK: &str = "datasets/fixtures/eval/feedback.csv";
const RATINGS: &str = "datasets/fixtures/eval/ratings.tsv";

/// Runs `bedside eval ARGS --json OUT` and returns the exit code, stdout, stderr and the JSON.
fn eval(args: &[&str]) -> (i32, String, String, Option<Value>) {
    let dir = Dir::new("eval");
    let out = dir.path.join("metrics.json");
    let mut all = vec!["eval"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--json", out.to_str().unwrap()]);
    let (code, stdout, stderr) = parts(&bedside(&all, b""));
    let json = std::fs::read_to_string(&out).ok().map(|s| serde_json::from_str(&s).unwrap());
    (code, stdout, stderr, json)
}

/// Asserts each `(key, value)` of `expected` in `json` to 1e-9 (`None` = null).
fn check_metrics(json: &Value, expected: &[(&str, Option<f64>)]) {
    for &(key, value) in expected {
        let got = json[key].as_f64();
        match (got, value) {
            (Some(got), Some(value)) => {
                assert!((got - value).abs() < 1e-9, "{key}: got {got}, expected {value}")
            }
            _ => assert_eq!(got, value, "{key}"),
        }
    }
}

fn f1_and_confusion(json: &Value) -> (Vec<f64>, Value) {
    let f1 = json["f1_neg_neu_pos"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap());
    (f1.collect(), json["confusion_gold_rows_pred_cols_neg_neu_pos"].clone())
}

#[test]
fn csv_with_word_labels_matches_health_eval() {
    let args = [
        FEEDBACK,
        "--text-col",
        "comment",
        "--label-col",
        "sentiment",
        "--question-col",
        "question",
        "--scorer",
        "vader",
    ];
    let (code, stdout, stderr, json) = eval(&[&args[..], &["--threads", "2"]].concat());
    assert_eq!(code, 1, "rows were skipped, so exit 1: {stdout} {stderr}");
    assert!(
        stdout.contains(
            "rows 31, used 27; skipped 1 empty text, 1 unlabelled, 2 bad label, 0 malformed"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("  bad label at line 30, 33\n"), "{stdout}");
    assert!(stdout.contains("scorer: vader   label kind: three"), "{stdout}");
    assert!(stdout.contains("binary accuracy           0.950"), "{stdout}");
    assert!(stdout.contains("3-class macro-F1          0.738"), "{stdout}");
    assert!(stdout.contains("positive           0         0        10"), "{stdout}");
    let json = json.expect("--json writes a file");
    assert_eq!((json["n"].as_u64(), json["n_polar"].as_u64()), (Some(27), Some(20)));
    check_metrics(
        &json,
        &[
            ("bin_acc", Some(0.95)),
            ("zero_pct_polar", Some(5.0)),
            ("bin_acc_nonzero", Some(0.9473684210526315)),
            ("macro_f1", Some(0.7383399209486168)),
            ("weighted_f1", Some(0.7597716293368469)),
            ("acc3", Some(0.7777777777777778)),
            ("spearman", Some(0.8937806206536641)),
            ("pearson", Some(0.8997250444884728)),
        ],
    );
    let (f1, confusion) = f1_and_confusion(&json);
    for (got, expected) in
        f1.iter().zip([0.8000000000000002, 0.5454545454545454, 0.8695652173913044])
    {
        assert!((got - expected).abs() < 1e-9, "f1 {got} vs {expected}");
    }
    assert_eq!(confusion, serde_json::json!([[8, 1, 1], [2, 3, 2], [0, 0, 10]]));
    assert_eq!(json["files"][0]["skipped_bad_label"], 2);
    assert_eq!(json["label_kind"], "three");

    // The same figures on one thread.
    let (_, single_stdout, _, single_json) = eval(&[&args[..], &["--threads", "1"]].concat());
    assert_eq!(single_stdout, stdout);
    assert_eq!(single_json.unwrap(), json);
}

#[test]
fn headerless_tsv_with_ratings_matches_health_eval() {
    let args = [RATINGS, "--no-header", "--text-col", "3", "--label-col", "2", "--scorer", "vader"];
    for kind in ["rating", "auto"] {
        let (code, stdout, stderr, json) = eval(&[&args[..], &["--label-kind", kind]].concat());
        assert_eq!(code, 1, "{stdout} {stderr}");
        assert!(
            stdout.contains("rows 12, used 10; skipped 1 empty text, 0 unlabelled, 1 bad label"),
            "{stdout}"
        );
        assert!(stdout.contains("label kind: rating"), "{stdout}");
        let json = json.unwrap();
        assert_eq!((json["n"].as_u64(), json["n_polar"].as_u64()), (Some(10), Some(8)));
        check_metrics(
            &json,
            &[
                ("bin_acc", Some(1.0)),
                ("zero_pct_polar", Some(0.0)),
                ("macro_f1", Some(0.8518518518518517)),
                ("weighted_f1", Some(0.888888888888889)),
                ("acc3", Some(0.9)),
                ("spearman", Some(0.9757575757575757)),
                ("pearson", Some(0.967764155982503)),
            ],
        );
        let (_, confusion) = f1_and_confusion(&json);
        assert_eq!(confusion, serde_json::json!([[4, 0, 0], [0, 1, 1], [0, 0, 4]]));
    }
}

#[test]
fn missing_label_column_is_an_error_naming_it() {
    let (code, stdout, stderr, json) =
        eval(&[FEEDBACK, "--text-col", "comment", "--label-col", "rating", "--scorer", "vader"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("no column \"rating\" (given by --label-col)"), "{stderr}");
    assert!(stderr.contains("feedback.csv"), "{stderr}");
    assert!(json.is_none());

    let (code, _, stderr, _) =
        eval(&[RATINGS, "--no-header", "--text-col", "text", "--label-col", "2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--text-col must be a 1-based column number"), "{stderr}");
}

#[test]
fn one_to_five_labels_need_a_kind() {
    let dir = Dir::new("eval-kind");
    let path = dir.write("fft.csv", b"answer,score\nVery good,1\nPoor,5\nOkay,3\nGood,2\n");
    let path = path.to_str().unwrap();
    let base = [path, "--text-col", "answer", "--label-col", "score", "--scorer", "vader"];
    let (code, _, stderr, _) = eval(&base);
    assert_eq!(code, 2);
    assert!(stderr.contains("--label-kind fft5") && stderr.contains("stars5"), "{stderr}");

    // FFT: 1 is the most positive, so "Very good" and "Good" are positive gold.
    let (code, stdout, stderr, json) = eval(&[&base[..], &["--label-kind", "fft5"]].concat());
    assert_eq!(code, 0, "{stdout} {stderr}");
    let json = json.unwrap();
    assert_eq!(json["label_kind"], "fft5");
    assert_eq!(json["n_polar"], 3);
    assert_eq!(json["bin_acc"], 1.0);
}

#[test]
fn json_lines_with_bad_records() {
    let dir = Dir::new("eval-jsonl");
    let path = dir.write(
        "labeled.jsonl",
        b"{\"t\": \"I love it\", \"meta\": {\"label\": \"positive\"}}\n\
          not json\n\
          {\"t\": \"I hate it\", \"meta\": {\"label\": \"negative\"}}\n\
          {\"t\": \"It is a table\", \"meta\": {\"label\": 7}}\n\
          {\"t\": \"It is a chair\", \"meta\": {}}\n",
    );
    let (code, stdout, stderr, json) = eval(&[
        path.to_str().unwrap(),
        "--text-col",
        "t",
        "--label-col",
        "meta.label",
        "--scorer",
        "vader",
    ]);
    assert_eq!(code, 1, "{stdout} {stderr}");
    assert!(
        stdout.contains(
            "rows 4, used 2; skipped 0 empty text, 1 unlabelled, 1 bad label, 1 malformed"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("  malformed at line 2\n"), "{stdout}");
    let json = json.unwrap();
    assert_eq!((json["n"].as_u64(), json["bin_acc"].as_f64()), (Some(2), Some(1.0)));
    assert_eq!(json["spearman"].as_f64(), Some(1.0));
}
