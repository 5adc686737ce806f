//! The topic model's sparse weights packed for serving, and the loop that sums them.
//!
//! Scoring is memory-bound (each feature reads one random row) and, on short texts, bound by the
//! instructions per feature: a row is one aligned 32-byte block of bfloat16 weights, laid out so
//! that SSE2 turns each half into eight `f32` lanes with one shift and one mask (see [`slot`]).
//! Each topic's lane adds the rows in feature order, so every sum is the one of adding the
//! `f32` weights one by one.

use std::borrow::Borrow;
use std::ops::Range;

use crate::learned::features::{CONTRAST_FLAG, FeatureSink, Group};
use crate::learned::model::{add_row, bf16_to_f32, f32_to_bf16};

use super::model::TopicModel;

/// Topics a [`PackedWeights`] row holds.
pub(super) const LANES: usize = 16;

/// How far ahead of the row it adds the summing loop prefetches a row.
const PREFETCH_AHEAD: usize = 8;

/// One bucket's weights for up to [`LANES`] topics, as bfloat16 bits at [`slot`]s; 32 bytes,
/// aligned so that a row never straddles two cache lines.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Lane16([u16; LANES]);

impl Borrow<[u16; LANES]> for Lane16 {
    fn borrow(&self) -> &[u16; LANES] {
        &self.0
    }
}

/// `sum` (by topic) laid out as rows are (by [`slot`]), and back.
fn by_slot(sum: &[f32; LANES]) -> [f32; LANES] {
    let mut out = [0.0; LANES];
    for (t, &s) in sum.iter().enumerate() {
        out[slot(t)] = s;
    }
    out
}

/// The inverse of [`by_slot`].
fn by_topic(sum: &[f32; LANES]) -> [f32; LANES] {
    std::array::from_fn(|t| sum[slot(t)])
}

/// Where topic `t`'s weight sits in a row: each half of eight holds its topics interleaved
/// (`t0 t4 t1 t5 t2 t6 t3 t7`), so that, read as four 32-bit lanes, shifting each lane left by
/// 16 bits gives the first four topics as `f32` and masking off its low 16 bits the last four.
const fn slot(t: usize) -> usize {
    let (half, i) = (t / 8, t % 8);
    half * 8 + if i < 4 { 2 * i } else { 2 * (i - 4) + 1 }
}

/// The sparse weights of a [`TopicModel`] of at most [`LANES`] topics, packed for serving: one
/// aligned 32-byte row of bfloat16 per bucket. This halves the table and touches one cache line
/// per feature. Exact: built only when every sparse weight is a bfloat16 value (as in any model
/// read from a file), so the sums are those of the `f32` weights, in the same order.
#[derive(Clone)]
pub(crate) struct PackedWeights {
    pub(super) n_topics: usize,
    rows: Vec<Lane16>,
}

impl PackedWeights {
    /// The packed weights of `model`, or `None` if it has more than [`LANES`] topics or a
    /// sparse weight that bfloat16 does not hold exactly.
    pub(crate) fn new(model: &TopicModel) -> Option<PackedWeights> {
        let n = model.topics.len();
        if n > LANES {
            return None;
        }
        let mut rows = vec![Lane16([0; LANES]); 1usize << model.bits];
        for (bucket, row) in rows.iter_mut().enumerate() {
            for t in 0..n {
                let w = model.weights[[bucket, t]];
                let bits = f32_to_bf16(w);
                if bf16_to_f32(bits).to_bits() != w.to_bits() {
                    return None;
                }
                row.0[slot(t)] = bits;
            }
        }
        Some(PackedWeights { n_topics: n, rows })
    }
}

impl std::fmt::Debug for PackedWeights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackedWeights")
            .field("n_topics", &self.n_topics)
            .field("rows", &self.rows.len())
            .finish()
    }
}

/// Sums [`PackedWeights`] rows per group: `word[t]` and `char[t]` for topic `t`.
pub(super) struct PackedAccumulate<'w> {
    rows: &'w [Lane16],
    /// Groups of four topics the model has (1 to 4).
    quarters: usize,
    pub(super) word: [f32; LANES],
    pub(super) char: [f32; LANES],
    pub(super) n_word: usize,
    pub(super) n_char: usize,
}

impl<'w> PackedAccumulate<'w> {
    /// Zero sums over `packed`.
    pub(super) fn new(packed: &'w PackedWeights) -> PackedAccumulate<'w> {
        PackedAccumulate {
            rows: &packed.rows,
            quarters: packed.n_topics.div_ceil(4).max(1),
            word: [0.0; LANES],
            char: [0.0; LANES],
            n_word: 0,
            n_char: 0,
        }
    }
}

impl FeatureSink for PackedAccumulate<'_> {
    #[inline]
    fn push(&mut self, group: Group, bucket: u32, _span: Range<usize>) {
        let row = &self.rows[bucket as usize];
        let sum = match group {
            Group::Word => {
                self.n_word += 1;
                &mut self.word
            }
            Group::Char => {
                self.n_char += 1;
                &mut self.char
            }
            Group::Contrast => return,
        };
        let mut slots = by_slot(sum);
        add_row(&mut slots, &row.0);
        *sum = by_topic(&slots);
    }

    #[inline]
    fn push_words(&mut self, buckets: &[u32], mask: u32) {
        // Contrast features belong to the sentiment model only.
        self.n_word += add_rows::<true>(&mut self.word, self.rows, buckets, mask, self.quarters);
    }

    #[inline]
    fn push_chars(&mut self, buckets: &[u32], mask: u32) {
        self.n_char += add_rows::<false>(&mut self.char, self.rows, buckets, mask, self.quarters);
    }
}

/// Adds to `sum` the rows `rows[b & mask]` of `buckets` in order, skipping contrast features if
/// `WORDS`; `quarters` groups of four topics are summed. Returns how many rows it added.
#[inline(always)]
fn add_rows<const WORDS: bool>(
    sum: &mut [f32; LANES],
    rows: &[Lane16],
    buckets: &[u32],
    mask: u32,
    quarters: usize,
) -> usize {
    #[cfg(target_arch = "x86_64")]
    if (mask as usize) < rows.len() {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 is there; `b & mask <= mask < rows.len()` for every bucket `b`.
            return unsafe { avx2::add_rows::<WORDS>(sum, rows, buckets, mask) };
        }
        // SAFETY: `b & mask <= mask < rows.len()` for every bucket `b`.
        return unsafe {
            match quarters {
                1 => sse2::add_rows::<1, WORDS>(sum, rows, buckets, mask),
                2 => sse2::add_rows::<2, WORDS>(sum, rows, buckets, mask),
                3 => sse2::add_rows::<3, WORDS>(sum, rows, buckets, mask),
                _ => sse2::add_rows::<4, WORDS>(sum, rows, buckets, mask),
            }
        };
    }
    let _ = quarters;
    // Elsewhere, the portable loop, lane by lane in slot order.
    let mut slots = by_slot(sum);
    let n = crate::learned::model::add_rows(&mut slots, rows, buckets, mask, |b| {
        !WORDS || b & CONTRAST_FLAG == 0
    });
    *sum = by_topic(&slots);
    n
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128, __m128i, _MM_HINT_T0, _mm_add_ps, _mm_and_si128, _mm_castsi128_ps, _mm_load_si128,
        _mm_loadu_ps, _mm_prefetch, _mm_set1_epi32, _mm_slli_epi32, _mm_storeu_ps,
    };

    use super::{CONTRAST_FLAG, LANES, Lane16, PREFETCH_AHEAD};

    /// [`super::add_rows`] for `Q` groups of four topics, four lanes per register, prefetching
    /// the row [`PREFETCH_AHEAD`] buckets ahead.
    ///
    /// # Safety
    ///
    /// `mask` must be below `rows.len()`.
    #[inline(always)]
    pub(super) unsafe fn add_rows<const Q: usize, const WORDS: bool>(
        sum: &mut [f32; LANES],
        rows: &[Lane16],
        buckets: &[u32],
        mask: u32,
    ) -> usize {
        let base = rows.as_ptr();
        let ahead = PREFETCH_AHEAD.min(buckets.len());
        let (body, tail) = buckets.split_at(buckets.len() - ahead);
        let mut n = 0;
        // SAFETY: SSE2 is part of x86-64; `sum` holds 16 f32 (unaligned loads and stores);
        // every row read is `rows[b & mask]`, in bounds since `mask < rows.len()`, and rows are
        // 32-byte aligned; a prefetch reads nothing architecturally and cannot fault.
        unsafe {
            let high = _mm_set1_epi32(0xffff_0000_u32 as i32);
            let p = sum.as_mut_ptr();
            let mut acc = [
                _mm_loadu_ps(p),
                _mm_loadu_ps(p.add(4)),
                _mm_loadu_ps(p.add(8)),
                _mm_loadu_ps(p.add(12)),
            ];
            for (&b, &next) in body.iter().zip(&buckets[ahead..]) {
                _mm_prefetch::<_MM_HINT_T0>(base.wrapping_add((next & mask) as usize).cast());
                if WORDS && b & CONTRAST_FLAG != 0 {
                    continue;
                }
                add_row::<Q>(&mut acc, base.add((b & mask) as usize), high);
                n += 1;
            }
            for &b in tail {
                if WORDS && b & CONTRAST_FLAG != 0 {
                    continue;
                }
                add_row::<Q>(&mut acc, base.add((b & mask) as usize), high);
                n += 1;
            }
            for (q, a) in acc.iter().enumerate() {
                _mm_storeu_ps(p.add(4 * q), *a);
            }
        }
        n
    }

    /// Adds one row to the first `Q` registers of `acc` (register `q`: topics `4q..4q + 4`).
    ///
    /// # Safety
    ///
    /// `row` must point to a row.
    #[inline(always)]
    unsafe fn add_row<const Q: usize>(acc: &mut [__m128; 4], row: *const Lane16, high: __m128i) {
        let halves = row.cast::<__m128i>();
        // SAFETY: a row is 32 bytes, 32-byte aligned: two aligned 16-byte halves.
        unsafe {
            let first = _mm_load_si128(halves);
            acc[0] = _mm_add_ps(acc[0], _mm_castsi128_ps(_mm_slli_epi32::<16>(first)));
            if Q > 1 {
                acc[1] = _mm_add_ps(acc[1], _mm_castsi128_ps(_mm_and_si128(first, high)));
            }
            if Q > 2 {
                let second = _mm_load_si128(halves.add(1));
                acc[2] = _mm_add_ps(acc[2], _mm_castsi128_ps(_mm_slli_epi32::<16>(second)));
                if Q > 3 {
                    acc[3] = _mm_add_ps(acc[3], _mm_castsi128_ps(_mm_and_si128(second, high)));
                }
            }
        }
    }
}

/// The loop with AVX2: a whole row is one register, so two adds take all 16 topics.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::{
        __m256i, _mm_loadu_ps, _mm_storeu_ps, _mm256_add_ps, _mm256_and_si256,
        _mm256_castps256_ps128, _mm256_castsi256_ps, _mm256_extractf128_ps, _mm256_load_si256,
        _mm256_set_m128, _mm256_set1_epi32, _mm256_slli_epi32,
    };

    use super::{CONTRAST_FLAG, LANES, Lane16};

    /// [`super::add_rows`] for all 16 topics: register `first` holds topics 0-3 and 8-11,
    /// `second` topics 4-7 and 12-15 (see [`super::slot`]).
    ///
    /// # Safety
    ///
    /// AVX2 must be there, and `mask` below `rows.len()`.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn add_rows<const WORDS: bool>(
        sum: &mut [f32; LANES],
        rows: &[Lane16],
        buckets: &[u32],
        mask: u32,
    ) -> usize {
        let base = rows.as_ptr();
        let mut n = 0;
        // SAFETY: `sum` holds 16 f32 (unaligned loads and stores); every row read is
        // `rows[b & mask]`, in bounds since `mask < rows.len()`, and 32-byte aligned.
        unsafe {
            let high = _mm256_set1_epi32(0xffff_0000_u32 as i32);
            let p = sum.as_mut_ptr();
            let mut first = _mm256_set_m128(_mm_loadu_ps(p.add(8)), _mm_loadu_ps(p));
            let mut second = _mm256_set_m128(_mm_loadu_ps(p.add(12)), _mm_loadu_ps(p.add(4)));
            for &b in buckets {
                if WORDS && b & CONTRAST_FLAG != 0 {
                    continue;
                }
                let row = _mm256_load_si256(base.add((b & mask) as usize).cast::<__m256i>());
                first = _mm256_add_ps(first, _mm256_castsi256_ps(_mm256_slli_epi32::<16>(row)));
                second = _mm256_add_ps(second, _mm256_castsi256_ps(_mm256_and_si256(row, high)));
                n += 1;
            }
            _mm_storeu_ps(p, _mm256_castps256_ps128(first));
            _mm_storeu_ps(p.add(8), _mm256_extractf128_ps::<1>(first));
            _mm_storeu_ps(p.add(4), _mm256_castps256_ps128(second));
            _mm_storeu_ps(p.add(12), _mm256_extractf128_ps::<1>(second));
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every topic has its own slot, in the half of its group of eight.
    #[test]
    fn slots_are_a_permutation() {
        let mut seen = [false; LANES];
        for t in 0..LANES {
            assert_eq!(slot(t) / 8, t / 8);
            assert!(!seen[slot(t)]);
            seen[slot(t)] = true;
        }
    }

    /// The vector loop sums as adding each row's weights one by one, for every number of
    /// topics, with contrast features skipped.
    #[test]
    fn add_rows_sums_as_one_by_one() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let rows: Vec<Lane16> = (0..1024)
            .map(|_| {
                Lane16(std::array::from_fn(|_| f32_to_bf16((next() % 2001) as f32 / 997.0 - 1.0)))
            })
            .collect();
        for quarters in 1..=4 {
            for len in [0, 1, 7, 8, 9, 40] {
                let buckets: Vec<u32> = (0..len)
                    .map(|_| {
                        let b = (next() % 1024) as u32;
                        if next() % 5 == 0 { b | CONTRAST_FLAG } else { b }
                    })
                    .collect();
                let mut expected = [0.25f32; LANES];
                let mut kept = 0;
                for &b in &buckets {
                    if b & CONTRAST_FLAG == 0 {
                        for (t, s) in expected.iter_mut().enumerate() {
                            *s += bf16_to_f32(rows[b as usize].0[slot(t)]);
                        }
                        kept += 1;
                    }
                }
                let mut got = [0.25f32; LANES];
                assert_eq!(add_rows::<true>(&mut got, &rows, &buckets, 1023, quarters), kept);
                let bits = |s: &[f32]| s.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got[..4 * quarters]), bits(&expected[..4 * quarters]));
                #[cfg(target_arch = "x86_64")]
                {
                    let mut sse = [0.25f32; LANES];
                    // SAFETY: `1023 < rows.len()`.
                    let added = unsafe {
                        match quarters {
                            1 => sse2::add_rows::<1, true>(&mut sse, &rows, &buckets, 1023),
                            2 => sse2::add_rows::<2, true>(&mut sse, &rows, &buckets, 1023),
                            3 => sse2::add_rows::<3, true>(&mut sse, &rows, &buckets, 1023),
                            _ => sse2::add_rows::<4, true>(&mut sse, &rows, &buckets, 1023),
                        }
                    };
                    assert_eq!(added, kept);
                    assert_eq!(bits(&sse[..4 * quarters]), bits(&expected[..4 * quarters]));
                    if std::arch::is_x86_feature_detected!("avx2") {
                        let mut wide = [0.25f32; LANES];
                        // SAFETY: AVX2 is there and `1023 < rows.len()`.
                        let added =
                            unsafe { avx2::add_rows::<true>(&mut wide, &rows, &buckets, 1023) };
                        assert_eq!(added, kept);
                        assert_eq!(bits(&wide), bits(&expected));
                    }
                }
                // A mask past the table takes the portable loop (these buckets are in it).
                let mut portable = [0.25f32; LANES];
                assert_eq!(add_rows::<true>(&mut portable, &rows, &buckets, 2047, quarters), kept);
                assert_eq!(bits(&portable), bits(&expected));
                let mut chars = [0.25f32; LANES];
                assert_eq!(add_rows::<false>(&mut chars, &rows, &buckets, 1023, quarters), len);
            }
        }
    }
}
