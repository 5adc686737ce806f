//! Sums of weight rows: the sentiment model's [`Accumulate`], which sums the rows of the sparse
//! features of a text as they are pushed, and the row loops the topic model shares.
//!
//! Every sum adds the rows of a group in the order its features came, so the sums (and their
//! rounding) are those of adding each row as it arrives.

use std::borrow::Borrow;
use std::ops::Range;

use super::features::{FeatureSink, Group};
use super::model::{N_OUTPUTS, bf16_to_f32};

/// Sums the weights of the sparse features. A feature pushed one by one has its row prefetched
/// and its bucket kept in its group's [`Pending`] list; the rows are added when the list fills
/// and at [`Accumulate::finish`], group by group in the order the features came (the same sums
/// as adding each row as it arrives), by a loop that keeps the sum in registers. By then the
/// rows have had the hashing of the features after theirs to load.
pub(super) struct Accumulate<'w> {
    packed: &'w [[u16; N_OUTPUTS]],
    /// The sum of the rows of the word and contrast features added so far.
    pub(super) word: [f32; N_OUTPUTS],
    /// The sum of the rows of the character features added so far.
    pub(super) char: [f32; N_OUTPUTS],
    /// How many word and contrast features were added.
    pub(super) n_word: usize,
    /// How many character features were added.
    pub(super) n_char: usize,
    /// Word and contrast features not added yet.
    words: Pending,
    /// Character features not added yet.
    chars: Pending,
}

/// How many buckets a [`Pending`] list holds: more than most texts have in a group.
const PENDING: usize = 256;

/// Buckets whose rows are not added yet, in the order they came.
struct Pending {
    buckets: [u32; PENDING],
    len: usize,
}

impl Pending {
    fn new() -> Pending {
        Pending { buckets: [0; PENDING], len: 0 }
    }

    /// Keeps `bucket`; adds the kept rows to `sum` first if the list is full.
    #[inline(always)]
    fn push(
        &mut self,
        bucket: u32,
        sum: &mut [f32; N_OUTPUTS],
        n_added: &mut usize,
        rows: &[[u16; N_OUTPUTS]],
    ) {
        if self.len == PENDING {
            *n_added += PENDING;
            self.flush(sum, rows);
        }
        self.buckets[self.len] = bucket;
        self.len += 1;
    }

    /// Adds the rows of the kept buckets to `sum`, in order, and empties the list.
    #[inline]
    fn flush(&mut self, sum: &mut [f32; N_OUTPUTS], rows: &[[u16; N_OUTPUTS]]) {
        add_rows4(sum, rows, &self.buckets[..self.len]);
        self.len = 0;
    }
}

impl<'w> Accumulate<'w> {
    /// Nothing added yet, of the rows `packed`.
    pub(super) fn new(packed: &'w [[u16; N_OUTPUTS]]) -> Accumulate<'w> {
        Accumulate {
            packed,
            word: [0.0; N_OUTPUTS],
            char: [0.0; N_OUTPUTS],
            n_word: 0,
            n_char: 0,
            words: Pending::new(),
            chars: Pending::new(),
        }
    }

    /// Adds the pending features.
    pub(super) fn finish(&mut self) {
        self.n_word += self.words.len;
        self.words.flush(&mut self.word, self.packed);
        self.n_char += self.chars.len;
        self.chars.flush(&mut self.char, self.packed);
    }
}

impl FeatureSink for Accumulate<'_> {
    #[inline]
    fn push(&mut self, group: Group, bucket: u32, _span: Range<usize>) {
        // (A bucket past the table would only fail later, when its row is added.)
        prefetch_ptr(self.packed.as_ptr().wrapping_add(bucket as usize));
        match group {
            Group::Word | Group::Contrast => {
                self.words.push(bucket, &mut self.word, &mut self.n_word, self.packed)
            }
            Group::Char => self.chars.push(bucket, &mut self.char, &mut self.n_char, self.packed),
        }
    }

    #[inline]
    fn push_words(&mut self, buckets: &[u32], mask: u32) {
        self.finish();
        self.n_word += add_rows(&mut self.word, self.packed, buckets, mask, |_| true);
    }

    #[inline]
    fn push_chars(&mut self, buckets: &[u32], mask: u32) {
        self.finish();
        self.n_char += add_rows(&mut self.char, self.packed, buckets, mask, |_| true);
    }
}

/// Adds to `sum` the rows of `buckets` (all below `rows.len()`), in order: on x86-64 four lanes
/// at a time in one SSE register, each lane the same `f32` additions in the same order as
/// [`add_row`] makes, so the same sums.
#[inline]
fn add_rows4(sum: &mut [f32; N_OUTPUTS], rows: &[[u16; N_OUTPUTS]], buckets: &[u32]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128, _mm_add_ps, _mm_castsi128_ps, _mm_loadl_epi64, _mm_loadu_ps, _mm_setzero_si128,
            _mm_storeu_ps, _mm_unpacklo_epi16,
        };
        // SAFETY: SSE2 is part of x86-64; `sum` holds four f32 and every row four u16 (the
        // bounds are checked by indexing `rows`); unaligned loads and stores are used.
        unsafe {
            let zero = _mm_setzero_si128();
            let mut acc: __m128 = _mm_loadu_ps(sum.as_ptr());
            for &b in buckets {
                let row = &rows[b as usize];
                let halves = _mm_loadl_epi64(row.as_ptr().cast());
                // Each u16 in the upper half of a u32 lane: the bfloat16 as an f32.
                acc = _mm_add_ps(acc, _mm_castsi128_ps(_mm_unpacklo_epi16(zero, halves)));
            }
            _mm_storeu_ps(sum.as_mut_ptr(), acc);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    for &b in buckets {
        add_row(sum, &rows[b as usize]);
    }
}

/// How far ahead of the row it adds [`add_rows`] prefetches a row.
const PREFETCH_AHEAD: usize = 8;

/// Asks the processor to load `value`'s cache line (a hint: it never faults and changes no
/// result).
#[inline(always)]
fn prefetch<T>(value: &T) {
    prefetch_ptr(value as *const T);
}

/// Asks the processor to load the cache line at `ptr`, which may point anywhere: a prefetch is
/// a hint, never dereferences it architecturally, and cannot fault.
#[inline(always)]
fn prefetch_ptr<T>(ptr: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch reads nothing architecturally and cannot fault, whatever the
        // address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(ptr.cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = ptr;
}

/// Adds to `sum` the rows `rows[b & mask]` of the buckets `b` that `keep` accepts, in order (the
/// same sums as pushing the features one by one), in a loop the compiler keeps in registers,
/// prefetching the row [`PREFETCH_AHEAD`] buckets ahead. Returns how many rows it added.
#[inline(always)]
pub(crate) fn add_rows<R: Borrow<[u16; N]>, const N: usize>(
    sum: &mut [f32; N],
    rows: &[R],
    buckets: &[u32],
    mask: u32,
    keep: impl Fn(u32) -> bool,
) -> usize {
    let mut acc = *sum;
    let mut n = 0;
    for (i, &b) in buckets.iter().enumerate() {
        if let Some(&ahead) = buckets.get(i + PREFETCH_AHEAD) {
            prefetch(&rows[(ahead & mask) as usize]);
        }
        if keep(b) {
            add_row(&mut acc, rows[(b & mask) as usize].borrow());
            n += 1;
        }
    }
    *sum = acc;
    n
}

/// Adds one row of bfloat16 weights to `sum`, lane by lane (the compiler keeps `sum` in
/// vector registers inside a loop).
#[inline(always)]
pub(crate) fn add_row<const N: usize>(sum: &mut [f32; N], row: &[u16; N]) {
    for (s, &w) in sum.iter_mut().zip(row) {
        *s += bf16_to_f32(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learned::features::{self, QuestionKind};

    /// Adds each row as its feature arrives: the sums [`Accumulate`] must give.
    struct OneByOne<'w> {
        packed: &'w [[u16; N_OUTPUTS]],
        word: [f32; N_OUTPUTS],
        char: [f32; N_OUTPUTS],
        n_word: usize,
        n_char: usize,
    }

    impl FeatureSink for OneByOne<'_> {
        fn push(&mut self, group: Group, bucket: u32, _span: Range<usize>) {
            let row = &self.packed[bucket as usize];
            if group == Group::Char {
                add_row(&mut self.char, row);
                self.n_char += 1;
            } else {
                add_row(&mut self.word, row);
                self.n_word += 1;
            }
        }
    }

    /// The pending lists and the vector sum of [`Accumulate`] give the very sums of adding each
    /// row as it comes, on the shipped model, the corpus and a text long enough to fill a list.
    #[test]
    fn accumulate_sums_as_one_by_one() {
        let model = crate::learned::BedsideScorer::new().model().clone();
        let long = "Unhelpful receptionist, wonderful nurses. ".repeat(40);
        for text in crate::test_texts::corpus(&[&long, "", "ok"]) {
            for question in [None, Some(QuestionKind::Improve)] {
                let mut acc = Accumulate::new(&model.packed);
                features::sparse_features(&text, question, model.bits, &mut acc);
                acc.finish();
                let mut reference = OneByOne {
                    packed: &model.packed,
                    word: [0.0; N_OUTPUTS],
                    char: [0.0; N_OUTPUTS],
                    n_word: 0,
                    n_char: 0,
                };
                features::sparse_features(&text, question, model.bits, &mut reference);
                let bits = |sum: [f32; N_OUTPUTS]| sum.map(f32::to_bits);
                assert_eq!(bits(acc.word), bits(reference.word), "{text:?}");
                assert_eq!(bits(acc.char), bits(reference.char), "{text:?}");
                assert_eq!((acc.n_word, acc.n_char), (reference.n_word, reference.n_char));
            }
        }
    }
}
