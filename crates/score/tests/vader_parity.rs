//! Parity of `VaderScorer` with vaderSentiment 3.3.2 on the 23,703 texts of the VADER paper's
//! four data sets, plus our own edge cases and 3,000 generated texts dense in rule words, against
//! scores written by `datasets/vader/make_expected.py`.

use std::path::PathBuf;

use bedside_score::vader::{VaderScorer, VaderScores};

/// The data sets, in the order of the expected file.
const DATASETS: &[(&str, &str)] = &[
    ("tweets", "tweets_GroundTruth.txt"),
    ("movieReviewSnippets", "movieReviewSnippets_GroundTruth.txt"),
    ("amazonReviewSnippets", "amazonReviewSnippets_GroundTruth.txt"),
    ("nytEditorialSnippets", "nytEditorialSnippets_GroundTruth.txt"),
    ("edgeCases", "edge_cases.txt"),
    ("generated", "generated_cases.txt"),
];

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../datasets/vader")
}

/// `(dataset, id, text)` for every line of the data files, split as `make_expected.py` does.
fn texts() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for &(name, file_name) in DATASETS {
        let path = data_dir().join(file_name);
        let data = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for (line_idx, line) in data.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{file_name} line {}", line_idx + 1);
            out.push((name.to_string(), fields[0].to_string(), fields[2].to_string()));
        }
    }
    out
}

/// `(dataset, id, scores)` for every line of the expected file.
fn expected() -> Vec<(String, String, VaderScores)> {
    let path = data_dir().join("expected_3.3.2.tsv");
    let data = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    for line in data.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 6, "expected file line {line:?}");
        let number = |idx: usize| -> f64 {
            fields[idx].parse().unwrap_or_else(|e| panic!("bad float {:?}: {e}", fields[idx]))
        };
        let scores =
            VaderScores { neg: number(2), neu: number(3), pos: number(4), compound: number(5) };
        out.push((fields[0].to_string(), fields[1].to_string(), scores));
    }
    out
}

#[derive(Default)]
struct Tally {
    n_texts: usize,
    n_compound_close: usize,
    n_proportions_close: usize,
    n_exact: usize,
}

#[test]
fn matches_vader_sentiment_3_3_2() {
    let texts = texts();
    let expected = expected();
    assert_eq!(texts.len(), expected.len(), "one expected line per text");
    let vader = VaderScorer::new();
    let mut paper = Tally::default();
    let mut edge_cases = Tally::default();
    let mut generated = Tally::default();
    let mut mismatches = Vec::new();
    for ((dataset, id, text), (expected_dataset, expected_id, want)) in texts.iter().zip(&expected)
    {
        assert_eq!((dataset, id), (expected_dataset, expected_id), "files out of step");
        let got = vader.polarity_scores(text);
        let tally = match dataset.as_str() {
            "edgeCases" => &mut edge_cases,
            "generated" => &mut generated,
            _ => &mut paper,
        };
        tally.n_texts += 1;
        let compound_close = (got.compound - want.compound).abs() <= 1e-4;
        let proportions_close = (got.neg - want.neg).abs() <= 1e-3
            && (got.neu - want.neu).abs() <= 1e-3
            && (got.pos - want.pos).abs() <= 1e-3;
        tally.n_compound_close += usize::from(compound_close);
        tally.n_proportions_close += usize::from(proportions_close);
        tally.n_exact += usize::from(got == *want);
        if got != *want {
            // Ids only: the texts stay out of test output.
            mismatches.push(format!("{dataset}/{id}: got {got:?}, want {want:?}"));
        }
    }
    for (name, tally) in
        [("paper data sets", &paper), ("edge cases", &edge_cases), ("generated", &generated)]
    {
        println!(
            "{name}: {} texts, compound within 1e-4: {}, neg/neu/pos within 1e-3: {}, \
             all four identical: {}",
            tally.n_texts, tally.n_compound_close, tally.n_proportions_close, tally.n_exact
        );
    }
    for mismatch in mismatches.iter().take(20) {
        println!("{mismatch}");
    }
    assert_eq!((paper.n_texts, edge_cases.n_texts, generated.n_texts), (23_703, 258, 3_000));
    // The bar is 99.5%; the port reaches 100%, and a regression below that is a bug.
    assert!(paper.n_compound_close * 1000 >= paper.n_texts * 995);
    assert!(paper.n_proportions_close * 1000 >= paper.n_texts * 995);
    assert!(mismatches.is_empty(), "{} texts differ from Python", mismatches.len());
}
