//! Where parallel work runs: on the calling thread or on an explicit rayon pool.

use std::sync::Arc;

use rayon::prelude::*;

/// Runs batch work either on the calling thread or on a rayon pool owned by the caller.
///
/// bedside never uses rayon's global pool: the pool is an explicit object, created once (e.g. from
/// the CLI's `--threads`) and passed to every batch call. Results never depend on the choice:
/// work is split into order-preserving chunks and collected in input order.
#[derive(Clone, Debug, Default)]
pub enum Executor {
    /// Run everything on the calling thread.
    #[default]
    SingleThread,
    /// Run on this pool.
    ThreadPool(Arc<rayon::ThreadPool>),
}

impl Executor {
    /// An executor with `n_threads` workers: [`Executor::SingleThread`] for 0 or 1, else a new
    /// pool.
    pub fn with_threads(n_threads: usize) -> crate::Result<Executor> {
        if n_threads <= 1 {
            return Ok(Executor::SingleThread);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n_threads)
            .thread_name(|i| format!("bedside-score-{i}"))
            .build()
            .map_err(|e| crate::Error::ThreadPool(e.to_string()))?;
        Ok(Executor::ThreadPool(Arc::new(pool)))
    }

    /// How many threads this executor runs work on.
    pub fn n_threads(&self) -> usize {
        match self {
            Executor::SingleThread => 1,
            Executor::ThreadPool(pool) => pool.current_num_threads(),
        }
    }

    /// Applies `f` to every item and returns the results in input order.
    pub fn map<T, R, F>(&self, items: &[T], f: F) -> Vec<R>
    where
        T: Sync,
        R: Send,
        F: Fn(&T) -> R + Sync + Send,
    {
        match self {
            Executor::SingleThread => items.iter().map(f).collect(),
            Executor::ThreadPool(pool) => {
                // Chunks of a few dozen items keep scheduling overhead low while leaving enough
                // pieces to balance texts of very different lengths.
                pool.install(|| items.par_iter().with_min_len(32).map(f).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_order_at_any_thread_count() {
        let items: Vec<u64> = (0..10_000).collect();
        let expected: Vec<u64> = items.iter().map(|x| x * x + 1).collect();
        for n_threads in [1, 2, 8] {
            let executor = Executor::with_threads(n_threads).unwrap();
            assert_eq!(executor.n_threads(), n_threads);
            assert_eq!(executor.map(&items, |x| x * x + 1), expected);
        }
    }
}
