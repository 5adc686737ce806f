//! The dense features of the learned model: the rule scorers' outputs, length, punctuation,
//! the survey question and the marks of social-media style.

use super::features::{N_DENSE, QuestionKind, SHORT_ANSWER_WORDS, SOCIAL};
use super::rules;

/// The dense features of a text: rule scores, length, punctuation and question kind.
pub(crate) fn dense_features(
    text: &str,
    n_words: usize,
    question: Option<QuestionKind>,
) -> [f32; N_DENSE] {
    dense_features_with(text, n_words, question, &rules::analyze(text))
}

/// [`dense_features`] with the rule scorers' outputs already computed.
pub(crate) fn dense_features_with(
    text: &str,
    n_words: usize,
    question: Option<QuestionKind>,
    rule: &rules::RuleFeatures,
) -> [f32; N_DENSE] {
    let mut dense = [0f32; N_DENSE];
    let health = rule.compound as f32;
    // The healthcare rules run VADER's engine with VADER's lexicon and more: one pass gives
    // both. Their score also meets length, so the model can trust it less in long texts.
    dense[0] = health * ((1 + n_words) as f32).ln() / 5.0;
    dense[1] = rule.pos as f32;
    dense[2] = rule.neg as f32;
    dense[3] = health * f32::from(rule.health_hits != 0);
    dense[4] = health * f32::from(n_words <= 8);
    dense[5] = health * health * health.signum();
    dense[6] = (rule.pos - rule.neg) as f32 * f32::from(n_words > 40);
    dense[7] = f32::from(rule.health_hits > 0) - f32::from(rule.health_hits < 0);
    dense[8] = health;
    dense[9..14].copy_from_slice(&bins(health));
    dense[14] = (rule.n_hits as f32).min(10.0) / 10.0;
    dense[15] = (rule.health_hits as f32).clamp(-5.0, 5.0) / 5.0;
    dense[16] = ((1 + n_words) as f32).ln() / 5.0;
    dense[17] = f32::from(n_words <= 2);
    dense[18] = f32::from((3..=8).contains(&n_words));
    dense[19] = f32::from(n_words > 40);
    let counts = byte_counts(text);
    dense[20] = (counts.exclamations as f32).min(4.0) / 4.0;
    dense[21] = (counts.questions as f32).min(4.0) / 4.0;
    let short = n_words <= SHORT_ANSWER_WORDS;
    match question {
        Some(QuestionKind::Improve) => {
            dense[22] = 1.0;
            dense[23] = f32::from(short);
        }
        Some(QuestionKind::Good) => {
            dense[24] = 1.0;
            dense[25] = f32::from(short);
        }
        Some(QuestionKind::Other) => dense[26] = 1.0,
        None => {}
    }
    dense[27] = counts.upper_share;
    // Social-media style (emoticons, emoji, @handles, #tags, "!!"): there the rules, built on
    // tweets, read better than a model trained mostly on other kinds of text.
    let social = f32::from(counts.social_marks > 0);
    dense[SOCIAL] = social;
    dense[29] = health * social;
    dense[30] = health * f32::from(rule.n_hits >= 3);
    // Mixed feedback (praise and complaint in one text, NHS's "mixed" rating): both the
    // rules' positive and negative proportions are well above zero.
    let mixed = rule.pos.min(rule.neg) as f32;
    dense[31] = mixed;
    dense[32] = f32::from(mixed >= 0.1);
    dense
}

/// One-hot bins of a rule score: exactly 0, at most -0.5, below 0, above 0, at least 0.5.
fn bins(score: f32) -> [f32; 5] {
    let mut out = [0f32; 5];
    let bin = if score == 0.0 {
        0
    } else if score <= -0.5 {
        1
    } else if score < 0.0 {
        2
    } else if score < 0.5 {
        3
    } else {
        4
    };
    out[bin] = 1.0;
    out
}

/// Byte-level counts of a text (see [`byte_counts`]).
struct ByteCounts {
    exclamations: u32,
    questions: u32,
    /// The share of upper-case letters among ASCII letters (0 below 8 letters).
    upper_share: f32,
    /// Marks of social-media writing: `@`, `#`, emoji (4-byte UTF-8 sequences), emoticons
    /// (`:)`, `;-(`, `:D`, ...), `!!`.
    social_marks: u32,
}

/// Counts of `!` and `?`, and the share of ASCII letters that are uppercase (0 for texts with
/// fewer than 8 letters), in one pass over the bytes.
fn byte_counts(text: &str) -> ByteCounts {
    let (mut exclamations, mut questions, mut social_marks) = (0u32, 0u32, 0u32);
    let (mut n_letters, mut n_upper) = (0u32, 0u32);
    let mut may_be_social = false;
    let bytes = text.as_bytes();
    // Branch-free counts in byte lanes, 255 bytes at a time so that no lane overflows: the
    // compiler vectorizes them 16 bytes to an instruction.
    for chunk in bytes.chunks(255) {
        let (mut e, mut q, mut l, mut u, mut s) = (0u8, 0u8, 0u8, 0u8, 0u8);
        for &b in chunk {
            e += u8::from(b == b'!');
            q += u8::from(b == b'?');
            let folded = b | 0x20;
            l += u8::from(folded.wrapping_sub(b'a') < 26);
            u += u8::from(b.wrapping_sub(b'A') < 26);
            s |= u8::from(
                matches!(b, b'@' | b'#' | b':' | b';' | b'=') | (b.wrapping_sub(0xF0) < 5),
            );
        }
        exclamations += u32::from(e);
        questions += u32::from(q);
        n_letters += u32::from(l);
        n_upper += u32::from(u);
        may_be_social |= s != 0;
    }
    let upper_share = if n_letters < 8 { 0.0 } else { n_upper as f32 / n_letters as f32 };
    // Most texts have none of the bytes a social mark starts with (`!!` needs two `!`).
    if !may_be_social && exclamations < 2 {
        return ByteCounts { exclamations, questions, upper_share, social_marks };
    }
    // Social marks start at a few rare bytes: a table look-up skips the others.
    const fn social_starts() -> [bool; 256] {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = matches!(b as u8, b'@' | b'#' | 0xF0..=0xF4 | b'!' | b':' | b';' | b'=');
            b += 1;
        }
        table
    }
    const SOCIAL_STARTS: [bool; 256] = social_starts();
    for (i, &b) in bytes.iter().enumerate() {
        if !SOCIAL_STARTS[usize::from(b)] {
            continue;
        }
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        social_marks += u32::from(match b {
            b'@' | b'#' | 0xF0..=0xF4 => true,
            b'!' => next(1) == b'!',
            b':' | b';' | b'=' => {
                let eye = if next(1) == b'-' { next(2) } else { next(1) };
                matches!(eye, b')' | b'(' | b'D' | b'P' | b'p' | b'/')
            }
            _ => false,
        });
    }
    ByteCounts { exclamations, questions, upper_share, social_marks }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`byte_counts`] (byte lanes, the social scan skipped when no byte can start a mark)
    /// counts as one plain pass over the bytes does, on the corpus.
    #[test]
    fn byte_counts_as_one_plain_pass() {
        let long = "A!b?C:) @x #y \u{1F600} !! ".repeat(30);
        for text in crate::test_texts::corpus(&[&long, "", "!", "!!", ":-)", "=D", "ABCDEFGHi"]) {
            let bytes = text.as_bytes();
            let count = |f: &dyn Fn(u8) -> bool| bytes.iter().filter(|&&b| f(b)).count() as u32;
            let letters = count(&|b| b.is_ascii_alphabetic());
            let upper = count(&|b| b.is_ascii_uppercase());
            let next = |i: usize, k: usize| bytes.get(i + k).copied().unwrap_or(0);
            let social = (0..bytes.len())
                .filter(|&i| match bytes[i] {
                    b'@' | b'#' | 0xF0..=0xF4 => true,
                    b'!' => next(i, 1) == b'!',
                    b':' | b';' | b'=' => {
                        let eye = if next(i, 1) == b'-' { next(i, 2) } else { next(i, 1) };
                        matches!(eye, b')' | b'(' | b'D' | b'P' | b'p' | b'/')
                    }
                    _ => false,
                })
                .count() as u32;
            let got = byte_counts(&text);
            assert_eq!(got.exclamations, count(&|b| b == b'!'), "{text:?}");
            assert_eq!(got.questions, count(&|b| b == b'?'), "{text:?}");
            assert_eq!(got.social_marks, social, "{text:?}");
            let share = if letters < 8 { 0.0 } else { upper as f32 / letters as f32 };
            assert_eq!(got.upper_share.to_bits(), share.to_bits(), "{text:?}");
        }
    }

    #[test]
    fn dense_features_see_rules_and_question() {
        let d = dense_features("Terrible, rude staff!", 3, None);
        assert!(d[2] > 0.3 && d[8] < -0.5 && d[20] > 0.0);
        assert_eq!(d[10], 1.0);
        let d = dense_features("Nothing", 1, QuestionKind::of(Some("What could we do better?")));
        assert_eq!((d[22], d[23], d[24]), (1.0, 1.0, 0.0));
    }
}
