//! The texts the tests that run a fast path beside its reference read: the hand-written
//! targets set (full of providers, staff and waits), the 23,703 VADER texts (almost none), and
//! the test's own edge cases.

/// `extra`, then the texts of the targets set, then the VADER texts.
pub(crate) fn corpus(extra: &[&str]) -> Vec<String> {
    let targets = include_str!("../../../datasets/targets/targets.jsonl");
    let vader = [
        include_str!("../../../datasets/vader/tweets_GroundTruth.txt"),
        include_str!("../../../datasets/vader/movieReviewSnippets_GroundTruth.txt"),
        include_str!("../../../datasets/vader/amazonReviewSnippets_GroundTruth.txt"),
        include_str!("../../../datasets/vader/nytEditorialSnippets_GroundTruth.txt"),
    ];
    extra
        .iter()
        .map(|t| t.to_string())
        .chain(targets.lines().map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["text"].as_str().unwrap().to_owned()
        }))
        .chain(
            vader
                .iter()
                .flat_map(|data| data.lines())
                .filter_map(|line| line.splitn(3, '\t').nth(2))
                .map(str::to_owned),
        )
        .collect()
}

/// A seeded xorshift generator of `u64`s, for the tests that run a fast path beside its
/// reference on random inputs.
pub(crate) fn xorshift() -> impl FnMut() -> u64 {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
