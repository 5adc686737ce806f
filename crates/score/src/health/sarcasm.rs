//! The sarcasm rule of the healthcare lexicon: praise beside a complaint about the care.

use std::ops::Range;

use super::lexicon::Sarcasm;
use crate::vader::rules::Token;

/// Whether the punctuation after a word ends a sentence.
fn ends_sentence(trailing: &str) -> bool {
    trailing.bytes().any(|b| matches!(b, b'.' | b'!' | b'?'))
}

/// Sarcasm in complaints: in a text with a complaint about the care (a healthcare-lexicon word
/// or phrase of valence at most `sarcasm.complaint`, so not the illness), praise words of `sarcasm.praise` read as their opposite
/// - in a short sentence (at most [`SARCASM_FRAGMENT_WORDS`] words) with no negative word and
///   no word of `sarcasm.sincere` (who or what is praised: "Great staff." is sincere), when the
///   complaint is in another sentence: "Billed me twice for one visit. Amazing system.";
/// - as a sentence's opening word followed by a comma, when the complaint is in the same
///   sentence: "Wonderful, they billed me twice."
pub(super) fn flip_sarcastic_praise(
    sarcasm: &Sarcasm,
    text: &str,
    raws: &[Range<usize>],
    tokens: &mut [Token],
    health: &[bool],
    clause_ends: &[bool],
) {
    let is_complaint = |(t, &health): (&Token, &bool)| health && t.valence <= sarcasm.complaint;
    if !tokens.iter().zip(health).any(is_complaint) {
        return;
    }
    // Few texts get here: those with a complaint about the care.
    let is_complaint: Vec<bool> = tokens.iter().zip(health).map(is_complaint).collect();
    // A sentence ends at a clause end whose punctuation (after the word) holds . ! or ?.
    let sentence_ends: Vec<bool> = raws
        .iter()
        .zip(clause_ends)
        .map(|(raw, &clause_end)| {
            let raw = &text[raw.clone()];
            let word_end = raw.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
            clause_end && ends_sentence(&raw[word_end..])
        })
        .collect();
    let complaint_in = |range: Range<usize>| is_complaint[range].contains(&true);
    let praise = |t: &Token| t.valence > 0.0 && sarcasm.praise.binary_search(&t.tag).is_ok();
    let sincere = |t: &Token| t.valence < 0.0 || sarcasm.sincere.binary_search(&t.tag).is_ok();
    let n = tokens.len();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && !sentence_ends[end - 1] {
            end += 1;
        }
        let sentence = &tokens[start..end];
        let elsewhere = complaint_in(0..start) || complaint_in(end..n);
        if sentence.len() <= SARCASM_FRAGMENT_WORDS
            && elsewhere
            && sentence.iter().any(praise)
            && !sentence.iter().any(sincere)
        {
            for token in &mut tokens[start..end] {
                if praise(token) {
                    token.valence = -token.valence;
                }
            }
        } else if praise(&tokens[start]) && clause_ends[start] && complaint_in(start + 1..end) {
            tokens[start].valence = -tokens[start].valence;
        }
        start = end;
    }
}

/// The most words a sentence of sarcastic praise has ("Amazing system.", "Love it.").
const SARCASM_FRAGMENT_WORDS: usize = 3;
