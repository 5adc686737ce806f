//! The first check of provider names: a text that holds no pattern's anchor names no provider.

use std::cell::RefCell;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet;

use crate::tokenize::runs::for_each_word_run;

/// The longest anchor [`Anchors::Runs`] can hold, in bytes.
const MAX_RUN_ANCHOR: usize = 63;

/// The most segments of one run that [`RunAnchors`] reads; a run with more is taken to hold an
/// anchor (the check may pass too many texts, never too few).
const MAX_SEGMENTS: usize = 16;

/// One key of each name pattern (its longest), which every text naming the pattern holds.
///
/// Every key of a text's key stream is a lowercased word part without periods, apostrophes and
/// a final `'s`, so it is a substring of the text lowercased without periods and apostrophes
/// (its *folded* form); it starts and ends where the character class (letter, digit, other)
/// changes, at other characters, or where a period or apostrophe was dropped (a *cut*), since
/// the tokenizer splits nowhere else within ASCII letters and digits. A text with no anchor
/// at such boundaries matches no pattern.
#[derive(Clone, Debug)]
pub(super) enum Anchors {
    /// Anchors as runs of ASCII letters and digits (the usual case), found run by run: within a
    /// run of letters, digits, periods and apostrophes, the boundaries are the class changes
    /// and the cuts, so an anchor found on boundaries is a concatenation of consecutive
    /// *segments* (runs of letters or of digits between boundaries).
    Runs(Box<RunAnchors>),
    /// Other anchors, found by an automaton over the folded text.
    Folded(AhoCorasick),
}

impl Anchors {
    /// The anchors of the name patterns, or `None` if some pattern has no key that its
    /// matches always show in the text: keys made by a replacement (`st` may come from
    /// `saint`, `mt` from `mount`, `dr` from `doctor`) and non-ASCII keys (lowercasing beyond
    /// ASCII can change lengths and forms).
    pub(super) fn new<'p>(patterns: impl Iterator<Item = &'p str>) -> Option<Anchors> {
        let mut anchors = Vec::new();
        for pattern in patterns {
            let key = pattern
                .split(' ')
                .filter(|key| !matches!(*key, "" | "|" | "/"))
                .max_by_key(|key| key.len())?;
            if matches!(key, "st" | "mt" | "dr") || !key.is_ascii() {
                return None;
            }
            anchors.push(key.to_owned());
        }
        match RunAnchors::new(&anchors) {
            Some(runs) => Some(Anchors::Runs(Box::new(runs))),
            None => AhoCorasick::new(anchors).ok().map(Anchors::Folded),
        }
    }

    /// True if `text`, which must be ASCII, holds an anchor on boundaries.
    pub(super) fn any_in(&self, text: &str) -> bool {
        debug_assert!(text.is_ascii());
        match self {
            Anchors::Runs(runs) => runs.any_in(text.as_bytes()),
            Anchors::Folded(automaton) => any_folded(automaton, text.as_bytes()),
        }
    }
}

/// The anchors as byte strings of ASCII lowercase letters and digits, with a first test by
/// length and first and last byte.
#[derive(Clone, Debug)]
pub(super) struct RunAnchors {
    /// The anchors.
    words: FxHashSet<Box<[u8]>>,
    /// For each first byte, bit `n` set if an anchor of `n` bytes starts with it.
    firsts: [u64; 128],
    /// For each last byte, bit `n` set if an anchor of `n` bytes ends with it.
    lasts: [u64; 128],
    /// The longest anchor's length.
    max_len: usize,
}

impl RunAnchors {
    /// The set of `anchors`, or `None` if one has no run of ASCII lowercase letters and
    /// digits, or one longer than [`MAX_RUN_ANCHOR`].
    ///
    /// An anchor with other bytes (`@stmaryshosp`, `@lakeview_cares`) is replaced by its
    /// longest run of letters and digits: a text holding the anchor on boundaries holds that run
    /// on boundaries too, since other bytes are boundaries on both sides. The check then passes
    /// a few more texts (those with the run but not the rest), never fewer.
    fn new(anchors: &[String]) -> Option<RunAnchors> {
        let mut set = RunAnchors {
            words: FxHashSet::default(),
            firsts: [0; 128],
            lasts: [0; 128],
            max_len: 0,
        };
        for anchor in anchors {
            let bytes = anchor
                .as_bytes()
                .split(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit()))
                .max_by_key(|piece| piece.len())?;
            if !(1..=MAX_RUN_ANCHOR).contains(&bytes.len()) {
                return None;
            }
            set.firsts[usize::from(bytes[0])] |= 1 << bytes.len();
            set.lasts[usize::from(bytes[bytes.len() - 1])] |= 1 << bytes.len();
            set.max_len = set.max_len.max(bytes.len());
            set.words.insert(bytes.into());
        }
        Some(set)
    }

    /// False if no anchor of `len` bytes starts with `first` and ends with `last` (ASCII).
    fn may_hold(&self, first: u8, last: u8, len: usize) -> bool {
        len <= MAX_RUN_ANCHOR
            && self.firsts[usize::from(first & 0x7f)]
                & self.lasts[usize::from(last & 0x7f)]
                & (1 << len)
                != 0
    }

    /// True if an anchor is a concatenation of consecutive segments of a run of `bytes`
    /// (ASCII).
    fn any_in(&self, bytes: &[u8]) -> bool {
        let mut found = false;
        for_each_word_run(bytes, |start, end| {
            let run = &bytes[start..end];
            // The usual run: letters only, one segment. Length, first and last letter before
            // anything else: few runs pass.
            found = if run.iter().all(u8::is_ascii_alphabetic) {
                self.may_hold(run[0] | 0x20, run[run.len() - 1] | 0x20, run.len())
                    && self.holds_letters(run)
            } else {
                self.holds_segments(run)
            };
            found
        });
        found
    }

    /// True if `run`, ASCII letters only, is an anchor (ignoring case).
    #[inline(never)]
    fn holds_letters(&self, run: &[u8]) -> bool {
        let mut key = [0u8; MAX_RUN_ANCHOR];
        let word = &mut key[..run.len()];
        word.copy_from_slice(run);
        word.make_ascii_lowercase();
        self.words.contains(&*word)
    }

    /// True if consecutive segments of `run` (ASCII letters, digits, periods and apostrophes)
    /// make an anchor (ignoring case).
    #[inline(never)]
    fn holds_segments(&self, run: &[u8]) -> bool {
        let mut segments = [(0usize, 0usize); MAX_SEGMENTS];
        let mut n_segments = 0;
        let class = |b: u8| if b.is_ascii_digit() { 2 } else { u8::from(b.is_ascii_alphabetic()) };
        let mut at = 0;
        while at < run.len() {
            if class(run[at]) == 0 {
                at += 1; // A period or apostrophe: a cut.
                continue;
            }
            let first = at;
            while at < run.len() && class(run[at]) == class(run[first]) {
                at += 1;
            }
            if n_segments == MAX_SEGMENTS {
                return true;
            }
            segments[n_segments] = (first, at);
            n_segments += 1;
        }
        let segments = &segments[..n_segments];
        let mut key = [0u8; MAX_RUN_ANCHOR];
        for (i, &(start, _)) in segments.iter().enumerate() {
            let mut len = 0;
            for (j, &(from, to)) in segments.iter().enumerate().skip(i) {
                len += to - from;
                if len > self.max_len {
                    break;
                }
                // Length, first and last byte before the copy (`| 0x20` lowercases a letter
                // and keeps a digit).
                if !self.may_hold(run[start] | 0x20, run[to - 1] | 0x20, len) {
                    continue;
                }
                let mut at = 0;
                for &(from, to) in &segments[i..=j] {
                    key[at..at + (to - from)].copy_from_slice(&run[from..to]);
                    at += to - from;
                }
                key[..len].make_ascii_lowercase();
                if self.words.contains(&key[..len]) {
                    return true;
                }
            }
        }
        false
    }
}

/// True if `automaton` finds an anchor on boundaries in `bytes` (ASCII) folded: lowercased
/// without periods and apostrophes.
pub(super) fn any_folded(automaton: &AhoCorasick, bytes: &[u8]) -> bool {
    thread_local! {
        /// The folded text and its cuts, emptied and reused text after text.
        static FOLDED: RefCell<(Vec<u8>, Vec<usize>)> = RefCell::default();
    }
    FOLDED.with(|scratch| {
        // Nothing below calls back into this function, so the scratch is always free.
        let (folded, cuts) = &mut *scratch.borrow_mut();
        folded.clear();
        // Where a period or apostrophe was dropped just before `folded[i]`: the `i`s, in
        // order (few per text, and only read at the anchors found).
        cuts.clear();
        let mut at = 0;
        for dropped in memchr::memchr2_iter(b'.', b'\'', bytes) {
            folded.extend_from_slice(&bytes[at..dropped]);
            if cuts.last() != Some(&folded.len()) {
                cuts.push(folded.len());
            }
            at = dropped + 1;
        }
        folded.extend_from_slice(&bytes[at..]);
        folded.make_ascii_lowercase();
        let class = |b: u8| u8::from(b.is_ascii_alphabetic()) + 2 * u8::from(b.is_ascii_digit());
        // Inside a word only between two letters or two digits.
        let boundary = |at: usize| {
            at == 0
                || at == folded.len()
                || cuts.binary_search(&at).is_ok()
                || class(folded[at - 1]) != class(folded[at])
                || class(folded[at]) == 0
        };
        automaton
            .find_overlapping_iter(folded.as_slice())
            .any(|m| boundary(m.start()) && boundary(m.end()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs find an anchor on boundaries wherever the automaton over the folded text does (and
    /// nowhere else, but in runs of more than 16 segments), on the test corpus and on texts
    /// written to tempt both: possessives, periods and apostrophes inside words, digits
    /// beside letters, case, and anchors inside longer words.
    #[test]
    fn runs_find_the_anchors_the_folded_text_holds() {
        let anchors: Vec<String> = [
            "lakeview",
            "general",
            "obrien",
            "marys",
            "mary",
            "3",
            "rd",
            "3rd",
            "123",
            "nch",
            "stmarys",
            "childrens",
            "a",
            "kids",
            "e",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        let runs = RunAnchors::new(&anchors).unwrap();
        let automaton = AhoCorasick::new(&anchors).unwrap();
        let extra = [
            "Went to St.Mary's; O'Brien was kind",
            "L.a.k.e.v.i.e.w General",
            "Lake'view lakeviewx xlakeview LAKEVIEW's",
            "the 3rd floor, 123rd St, rd3, 1234",
            "Northgate Children's (NCH) kids'",
            "@StMarysHosp @st.marys'hosp stmaryshosp @lakeview_cares Lakeview_Cares",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s",
            "''..'' . ' x",
            "nothing to see",
            "",
        ];
        let (mut n, mut n_found, mut n_more) = (0, 0, 0);
        for text in crate::test_texts::corpus(&extra) {
            if !text.is_ascii() {
                continue;
            }
            let by_runs = runs.any_in(text.as_bytes());
            let by_folding = any_folded(&automaton, text.as_bytes());
            assert!(by_runs || !by_folding, "text {n}: an anchor missed");
            n_more += usize::from(by_runs && !by_folding);
            n_found += usize::from(by_folding);
            n += 1;
        }
        // The long run, and "stmaryshosp" without its "@".
        assert!(n_more <= 2, "{n_more} texts passed that hold no anchor");
        assert!(n_found > 100 && n_found < n, "{n_found} of {n}");
        // The long run of single letters passes without being read.
        assert!(runs.any_in(b"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t"));
        assert!(!runs.any_in(b"lakeviewx 1234 xmary"));
        assert!(runs.any_in(b"x O'Brien's"));
        assert!(runs.any_in(b"floor3rd"));
    }
}
