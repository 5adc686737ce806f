//! Known answers of vaderSentiment 3.3.2 (CPython 3.11), one rule or quirk per group.

use super::*;

/// Scores `text` and compares all four scores with Python's, exactly: both sides are rounded
/// the same way, so any difference is a porting bug.
#[track_caller]
fn check(text: &str, compound: f64, [neg, neu, pos]: [f64; 3]) {
    let scores = VaderScorer::new().polarity_scores(text);
    // Patient text never goes into messages, but these fixtures are not patient text.
    assert_eq!(scores, VaderScores { neg, neu, pos, compound }, "text: {text:?}");
}

#[test]
fn plain_lexicon_words() {
    check("The book was good.", 0.4404, [0.0, 0.508, 0.492]);
    check(":)", 0.4588, [0.0, 0.0, 1.0]);
    check(":(", -0.4404, [1.0, 0.0, 0.0]);
    check("lol", 0.4215, [0.0, 0.0, 1.0]);
    check("Café is great", 0.6249, [0.0, 0.328, 0.672]);
}

#[test]
fn empty_and_punctuation_only() {
    check("", 0.0, [0.0, 0.0, 0.0]);
    check("   ", 0.0, [0.0, 0.0, 0.0]);
    check("!!!", 0.0, [0.0, 1.0, 0.0]);
}

#[test]
fn negations() {
    check("The book was not good.", -0.3412, [0.376, 0.624, 0.0]);
    check("don't like it", -0.2755, [0.513, 0.487, 0.0]);
    check("DON'T like it", -0.2755, [0.513, 0.487, 0.0]);
    check("n't good", -0.3412, [0.706, 0.294, 0.0]);
    check("despite good", -0.3412, [0.706, 0.294, 0.0]);
    check("not the worst", 0.5096, [0.0, 0.378, 0.622]);
    check("Sentiment analysis has never been good.", -0.3412, [0.325, 0.675, 0.0]);
    check("Sentiment analysis has never been this good!", 0.5672, [0.0, 0.621, 0.379]);
    check("it was so good", 0.5777, [0.0, 0.445, 0.555]);
    check("without a doubt good", 0.6136, [0.0, 0.285, 0.715]);
    check("Without a doubt, an excellent idea.", 0.7013, [0.0, 0.408, 0.592]);
}

// 0.318 is a score here, not an approximation of 1/pi.
#[allow(clippy::approx_constant)]
#[test]
fn no_before_lexicon_words() {
    check("no complaints", 0.3089, [0.0, 0.307, 0.693]);
    check("no good", -0.3412, [0.706, 0.294, 0.0]);
    check("no no good", -0.1326, [0.454, 0.189, 0.357]);
    check("NO good thing", -0.4835, [0.805, 0.195, 0.0]);
    check("no bad or good", 0.1139, [0.332, 0.276, 0.393]);
    check("no bad nor ugly", 0.1507, [0.318, 0.281, 0.401]);
    check("No way, no good.", -0.4055, [0.615, 0.133, 0.252]);
}

#[test]
fn least() {
    check("least good", -0.3412, [0.706, 0.294, 0.0]);
    check("the least good movie", -0.3412, [0.445, 0.555, 0.0]);
    check("at least good", 0.4404, [0.0, 0.408, 0.592]);
    check("very least good", 0.4902, [0.0, 0.386, 0.614]);
}

#[test]
fn boosters_dampeners_and_capitals() {
    check("VERY GOOD!!!", 0.6211, [0.0, 0.197, 0.803]);
    check("kind of good", 0.4404, [0.0, 0.408, 0.592]);
    check("The book was only kind of good.", 0.3832, [0.0, 0.697, 0.303]);
    check("this is kind of bad", -0.5849, [0.487, 0.513, 0.0]);
    check("x y kind of bad", -0.5849, [0.487, 0.513, 0.0]);
    check("just enough fun", 0.5106, [0.0, 0.377, 0.623]);
    check("I LOVE it", 0.7125, [0.0, 0.288, 0.712]);
    check("REALLY good", 0.6028, [0.0, 0.203, 0.797]);
    check("really GOOD", 0.6028, [0.0, 0.203, 0.797]);
    check("EXTREMELY bad", -0.6732, [0.819, 0.181, 0.0]);
    check("ÉNORME success", 0.5719, [0.0, 0.213, 0.787]);
    check("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469, [0.0, 0.294, 0.706]);
}

#[test]
fn special_idioms() {
    check("that is the bomb", 0.6124, [0.0, 0.429, 0.571]);
    check("yeah right great", 0.743, [0.0, 0.137, 0.863]);
    check("the kiss of death", 0.0772, [0.342, 0.274, 0.384]);
    check("to die for cake", -0.5994, [0.565, 0.435, 0.0]);
    check("On the other hand, VADER is quite bad ass", 0.802, [0.0, 0.423, 0.577]);
}

#[test]
fn but() {
    check(
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        -0.7042,
        [0.327, 0.579, 0.094],
    );
    // The quirk of `sentiments.index`: repeated values rescale their first occurrence.
    check("good good but good good", 0.891, [0.0, 0.079, 0.921]);
    check("great great great but bad bad bad", -0.8625, [0.622, 0.044, 0.334]);
}

#[test]
fn punctuation_emphasis() {
    check("good!", 0.4926, [0.0, 0.0, 1.0]);
    check("good!!!!!!", 0.6209, [0.0, 0.0, 1.0]);
    check("good??", 0.504, [0.0, 0.0, 1.0]);
    check("good???", 0.533, [0.0, 0.0, 1.0]);
    check("good????", 0.594, [0.0, 0.0, 1.0]);
    check("bad?", -0.5423, [1.0, 0.0, 0.0]);
    check("bad!!!?", -0.6571, [1.0, 0.0, 0.0]);
}

#[test]
fn emoji() {
    check("Catch utf-8 emoji such as 💘 and 💋 and 😁", 0.875, [0.0, 0.583, 0.417]);
    check("good😁", 0.7096, [0.0, 0.404, 0.596]);
    check("😁😁", 0.7184, [0.0, 0.571, 0.429]);
    check("💔", 0.2732, [0.425, 0.0, 0.575]);
    // The description "ON! arrow" brings its own exclamation mark.
    check("🔛 fire", -0.4003, [0.574, 0.426, 0.0]);
}

#[test]
fn python_whitespace() {
    check("good\u{a0}bad", -0.1531, [0.547, 0.0, 0.453]);
    check("good\x1cbad", -0.1531, [0.547, 0.0, 0.453]);
}

#[test]
fn scorer_trait() {
    let vader = VaderScorer::new();
    assert_eq!(vader.name(), "vader");
    let sentiment = vader.score("The wait was not good.");
    assert_eq!(sentiment.score(), -0.3412);
    assert_eq!(
        [sentiment.negative(), sentiment.neutral_share(), sentiment.positive()],
        [0.376, 0.624, 0.0]
    );
    assert_eq!(sentiment.label(), bedside_types::Label::Negative);
}

/// A deterministic xorshift generator for the randomized tests.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// A text of `n_pieces` pieces drawn from `pieces`.
    fn text(&mut self, pieces: &[&str], n_pieces: usize) -> String {
        (0..n_pieces).map(|_| pieces[self.below(pieces.len())]).collect()
    }
}

const ASCII_PIECES: &[&str] = &[
    " ",
    " ",
    "  ",
    "\t",
    "\x0b",
    "\x1c",
    "\0",
    "!",
    "?",
    "'",
    ".",
    ",",
    ":)",
    "n't",
    "N'T",
    "good",
    "GOOD",
    "Good",
    "not",
    "NOT",
    "no",
    "but",
    "BUT",
    "kind",
    "of",
    "very",
    "VERY",
    "least",
    "the",
    "bomb",
    "don't",
    "DON'T",
    "kinda",
    "sux",
    "lol",
    "disadvantageousness",
    "DISADVANTAGEOUSNESS",
    "abcdefghijklmnopq",
    "x",
    "-",
    "(",
    "~",
];

#[test]
fn ascii_fast_path_agrees_with_unicode_path() {
    let vader = VaderScorer::new();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for _ in 0..3000 {
        let n_pieces = rng.below(40);
        let text = rng.text(ASCII_PIECES, n_pieces);
        let mut fast = Vec::new();
        vader.tokenize(&text, &mut fast);
        let mut slow = Vec::new();
        text::for_each_unicode_word(&text, |word| {
            slow.push(vader.unicode_token(text::strip_punc_if_word(word)));
        });
        let key = |t: &Token| (t.valence.to_bits(), t.booster.to_bits(), t.flags, t.word);
        let fast: Vec<_> = fast.iter().map(key).collect();
        let slow: Vec<_> = slow.iter().map(key).collect();
        assert_eq!(fast, slow, "text bytes {:?}", text.as_bytes());
    }
}

#[test]
fn arbitrary_text_gives_valid_scores() {
    let pieces: Vec<&str> = ASCII_PIECES
        .iter()
        .copied()
        .chain([
            "😁", "💔", "🔛", "\u{a0}", "\u{3000}", "\u{85}", "é", "É", "ǅ", "İ", "ß", "Σ", "ΟΔΟΣ",
            "\u{301}", "\u{200b}", "\u{feff}", "🏻", "‼", "⁉", "\u{fffd}",
        ])
        .collect();
    let vader = VaderScorer::new();
    let mut rng = Rng(0x5eed_1234_abcd_0002);
    for round in 0..3000 {
        let n_pieces = if round % 100 == 0 { 2000 } else { rng.below(60) };
        let text = rng.text(&pieces, n_pieces);
        let s = vader.polarity_scores(&text);
        for proportion in [s.neg, s.neu, s.pos] {
            assert!((0.0..=1.0).contains(&proportion), "{s:?}");
        }
        assert!((-1.0..=1.0).contains(&s.compound), "{s:?}");
        let total = s.neg + s.neu + s.pos;
        assert!(total == 0.0 || (total - 1.0).abs() <= 0.002, "{s:?}");
    }
}
