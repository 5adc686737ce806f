//! Sums of weight rows: the sentiment model's [`Accumulate`], which sums the int8 rows of the
//! sparse features of a text as they are pushed, and the bfloat16 row loops the topic model uses.
//!
//! The sentiment sums are integer sums, exact whatever the order; the topic sums add the rows of
//! a group in the order its features came, so the sums (and their rounding) are those of adding
//! each row as it arrives.

use std::borrow::Borrow;
use std::ops::Range;

use super::features::{FeatureSink, Group};
use super::model::{N_OUTPUTS, bf16_to_f32};

/// Sums the int8 weights of the sparse features (the caller multiplies the sums by the model's
/// column scales). A feature pushed one by one has its row prefetched and its bucket kept in its
/// group's [`Pending`] list; the rows are added when the list fills and at
/// [`Accumulate::finish`], by a loop that keeps the sum in a register. By then the rows have had
/// the hashing of the features after theirs to load.
pub(super) struct Accumulate<'w> {
    packed: &'w [[i8; N_OUTPUTS]],
    /// The sum of the rows of the word and contrast features added so far.
    pub(super) word: [i32; N_OUTPUTS],
    /// The sum of the rows of the character features added so far.
    pub(super) char: [i32; N_OUTPUTS],
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
        sum: &mut [i32; N_OUTPUTS],
        n_added: &mut usize,
        rows: &[[i8; N_OUTPUTS]],
    ) {
        if self.len == PENDING {
            *n_added += PENDING;
            self.flush(sum, rows);
        }
        self.buckets[self.len] = bucket;
        self.len += 1;
    }

    /// Adds the rows of the kept buckets to `sum` and empties the list.
    #[inline]
    fn flush(&mut self, sum: &mut [i32; N_OUTPUTS], rows: &[[i8; N_OUTPUTS]]) {
        add_rows_i8(sum, rows, &self.buckets[..self.len], u32::MAX);
        self.len = 0;
    }
}

impl<'w> Accumulate<'w> {
    /// Nothing added yet, of the rows `packed`.
    pub(super) fn new(packed: &'w [[i8; N_OUTPUTS]]) -> Accumulate<'w> {
        Accumulate {
            packed,
            word: [0; N_OUTPUTS],
            char: [0; N_OUTPUTS],
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
        self.n_word += buckets.len();
        add_rows_i8(&mut self.word, self.packed, buckets, mask);
    }

    #[inline]
    fn push_chars(&mut self, buckets: &[u32], mask: u32) {
        self.finish();
        self.n_char += buckets.len();
        add_rows_i8(&mut self.char, self.packed, buckets, mask);
    }
}

/// Adds to `sum` the int8 rows `rows[b & mask]` of `buckets` (the bounds are checked),
/// prefetching the row [`PREFETCH_AHEAD`] buckets ahead: on x86-64 the four lanes at a time in
/// one SSE register. Integer sums: the same whatever the order.
#[inline]
fn add_rows_i8(sum: &mut [i32; N_OUTPUTS], rows: &[[i8; N_OUTPUTS]], buckets: &[u32], mask: u32) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_add_epi32, _mm_cvtsi32_si128, _mm_loadu_si128, _mm_srai_epi32,
            _mm_storeu_si128, _mm_unpacklo_epi8, _mm_unpacklo_epi16,
        };
        // SAFETY: SSE2 is part of x86-64; `sum` holds four i32 and every row four i8 (the
        // bounds are checked by indexing `rows`); unaligned loads and stores are used.
        unsafe {
            let mut acc: __m128i = _mm_loadu_si128(sum.as_ptr().cast());
            for (i, &b) in buckets.iter().enumerate() {
                if let Some(&ahead) = buckets.get(i + PREFETCH_AHEAD) {
                    prefetch_ptr(rows.as_ptr().wrapping_add((ahead & mask) as usize));
                }
                let row = i32::from_le_bytes(rows[(b & mask) as usize].map(|w| w as u8));
                let v = _mm_cvtsi32_si128(row);
                // Each byte into the top of its own 32-bit lane, then shifted down with its sign.
                let v = _mm_unpacklo_epi8(v, v);
                let v = _mm_unpacklo_epi16(v, v);
                acc = _mm_add_epi32(acc, _mm_srai_epi32::<24>(v));
            }
            _mm_storeu_si128(sum.as_mut_ptr().cast(), acc);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    for (i, &b) in buckets.iter().enumerate() {
        if let Some(&ahead) = buckets.get(i + PREFETCH_AHEAD) {
            prefetch_ptr(rows.as_ptr().wrapping_add((ahead & mask) as usize));
        }
        for (s, &w) in sum.iter_mut().zip(&rows[(b & mask) as usize]) {
            *s += i32::from(w);
        }
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
        packed: &'w [[i8; N_OUTPUTS]],
        word: [i32; N_OUTPUTS],
        char: [i32; N_OUTPUTS],
        n_word: usize,
        n_char: usize,
    }

    impl FeatureSink for OneByOne<'_> {
        fn push(&mut self, group: Group, bucket: u32, _span: Range<usize>) {
            let row = &self.packed[bucket as usize];
            let (sum, n) = if group == Group::Char {
                (&mut self.char, &mut self.n_char)
            } else {
                (&mut self.word, &mut self.n_word)
            };
            for (s, &w) in sum.iter_mut().zip(row) {
                *s += i32::from(w);
            }
            *n += 1;
        }
    }

    /// The pending lists and the vector sum of [`Accumulate`] give the sums of adding each row
    /// as it comes, on the shipped model, the corpus and a text long enough to fill a list.
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
                    word: [0; N_OUTPUTS],
                    char: [0; N_OUTPUTS],
                    n_word: 0,
                    n_char: 0,
                };
                features::sparse_features(&text, question, model.bits, &mut reference);
                assert_eq!(acc.word, reference.word, "{text:?}");
                assert_eq!(acc.char, reference.char, "{text:?}");
                assert_eq!((acc.n_word, acc.n_char), (reference.n_word, reference.n_char));
            }
        }
    }

    /// Negative weights keep their sign through the vector sum.
    #[test]
    fn int8_rows_sum_with_sign() {
        let rows = [[-128, 127, -1, 0], [3, -7, -1, 100]];
        let mut sum = [1, 2, 3, 4];
        // Bucket 2 masked by 1 is row 0 again.
        add_rows_i8(&mut sum, &rows, &[0, 1, 1, 2], 1);
        assert_eq!(sum, [1 - 256 + 6, 2 + 254 - 14, 3 - 2 - 2, 4 + 200]);
    }
}
