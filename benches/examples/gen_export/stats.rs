//! Counts of what was generated, written as the `--meta` file's `key=value` lines.

use crate::platform::LONG_MAX;

#[derive(Default)]
pub(crate) struct Stats {
    pub(crate) bad_date: u64,
    pub(crate) empty_text: u64,
    pub(crate) retweets: u64,
    pub(crate) cross_posts: u64,
    pub(crate) long_posts: u64,
    pub(crate) no_provider: u64,
    pub(crate) bytes: u64,
    /// Texts by length in bytes (the last bucket holds every longer text).
    lengths: Vec<u64>,
}

impl Stats {
    pub(crate) fn record_length(&mut self, n_bytes: usize) {
        if self.lengths.is_empty() {
            self.lengths = vec![0; LONG_MAX + 2];
        }
        self.lengths[n_bytes.min(LONG_MAX + 1)] += 1;
    }

    fn percentile(&self, fraction_per_mille: u64) -> usize {
        let total: u64 = self.lengths.iter().sum();
        let target = (total * fraction_per_mille).div_ceil(1000).max(1);
        let mut seen = 0;
        for (len, &count) in self.lengths.iter().enumerate() {
            seen += count;
            if seen >= target {
                return len;
            }
        }
        0
    }

    pub(crate) fn render(&self, n_rows: u64, seed: u64) -> String {
        let rejected = self.bad_date + self.empty_text;
        let max = self.lengths.iter().rposition(|&c| c > 0).unwrap_or(0);
        let over_1k: u64 = self.lengths[1001..].iter().sum();
        format!(
            "rows={n_rows}\nseed={seed}\nexpected_accepted={}\nexpected_rejected={rejected}\n\
             bad_date={}\nempty_text={}\nretweets={}\ncross_posts={}\nlong_posts={}\n\
             no_provider={}\nfile_bytes={}\ntext_bytes_median={}\ntext_bytes_p90={}\n\
             text_bytes_p99={}\ntext_bytes_max={max}\ntexts_over_1000_bytes={over_1k}\n",
            n_rows - rejected,
            self.bad_date,
            self.empty_text,
            self.retweets,
            self.cross_posts,
            self.long_posts,
            self.no_provider,
            self.bytes,
            self.percentile(500),
            self.percentile(900),
            self.percentile(990),
        )
    }
}
