//! Emoji in the healthcare rules: the words of an emoji's description make one token, and
//! ranges of the text with emoji replaced map back to the original text.

use std::ops::Range;

use super::OPENS;
use crate::vader::lexicon::IN_LEXICON;
use crate::vader::rules::{Token, UPPER};
use crate::vader::words::Word;

/// Makes the words of each emoji description one token, so that a negation before the emoji
/// negates all of it ("not 😊"): the first word carries the sum of their valences.
pub(super) fn merge_emoji_descriptions(
    emoji: &EmojiMap,
    tokens: &mut [Token],
    spans: &mut [Range<usize>],
) {
    let mut piece_idx = 0;
    let mut current: Option<(usize, usize)> = None;
    for k in 0..tokens.len() {
        let at = spans[k].start;
        while piece_idx < emoji.pieces.len() && emoji.pieces[piece_idx].0.end <= at {
            piece_idx += 1;
        }
        let in_description =
            emoji.pieces.get(piece_idx).is_some_and(|(rep, _, plain)| !plain && rep.start <= at);
        match current {
            Some((anchor, piece)) if in_description && piece == piece_idx => {
                let token = tokens[k];
                if token.flags & IN_LEXICON != 0 {
                    tokens[anchor].valence += token.valence;
                    tokens[anchor].flags |= IN_LEXICON;
                }
                // The token keeps its tag and its place, so it may still open a phrase.
                let flags = token.flags & (UPPER | OPENS);
                tokens[k] = Token { valence: 0.0, flags, word: Word::Other, ..token };
                spans[anchor].end = spans[k].end;
            }
            _ => current = in_description.then_some((k, piece_idx)),
        }
    }
}

/// Maps byte ranges of the text with emoji replaced by descriptions back to the original text.
pub(super) struct EmojiMap {
    /// Consecutive pieces of the replaced text: its range, the original range, and whether it is
    /// copied text (rather than an emoji description with the space put before it).
    pieces: Vec<(Range<usize>, Range<usize>, bool)>,
}

impl EmojiMap {
    /// Replays `vader::text::replace_emoji`, recording where each piece went.
    pub(super) fn new(text: &str, tables: &crate::vader::lexicon::Tables) -> EmojiMap {
        let mut pieces: Vec<(Range<usize>, Range<usize>, bool)> = Vec::new();
        let mut out_len = 0;
        let mut prev_space = true;
        for (idx, c) in text.char_indices() {
            let orig = idx..idx + c.len_utf8();
            if let Some(description) = tables.emoji(c) {
                let len = description.len() + usize::from(!prev_space);
                pieces.push((out_len..out_len + len, orig, false));
                out_len += len;
                prev_space = false;
            } else {
                match pieces.last_mut() {
                    Some((rep, from, true)) => {
                        rep.end += c.len_utf8();
                        from.end = orig.end;
                    }
                    _ => pieces.push((out_len..out_len + c.len_utf8(), orig, true)),
                }
                out_len += c.len_utf8();
                prev_space = c == ' ';
            }
        }
        EmojiMap { pieces }
    }

    /// The original range of a range of the replaced text.
    pub(super) fn original(&self, span: Range<usize>) -> Range<usize> {
        let map = |at: usize, is_end: bool| {
            let piece = self.pieces.iter().find(|(rep, _, _)| {
                if is_end {
                    rep.start < at && at <= rep.end
                } else {
                    rep.start <= at && at < rep.end
                }
            });
            match piece {
                Some((rep, orig, true)) => orig.start + (at - rep.start),
                Some((_, orig, false)) => {
                    if is_end {
                        orig.end
                    } else {
                        orig.start
                    }
                }
                None => self.pieces.last().map_or(0, |(_, orig, _)| orig.end),
            }
        };
        map(span.start, false)..map(span.end, true)
    }
}
