//! Atomic output: files are written into a staging directory and renamed into `--out` only
//! once all of them are complete.
//!
//! A run that is killed (SIGKILL, power cut, out of memory) while it writes leaves the files of
//! the previous run in `--out` as they were, or no files if there was no previous run; never a
//! half-written file. What can be seen under `--out` at any moment:
//!
//! - every file bedside names (`report.md`, `mentions.csv`, `rejects.csv`...) is complete: the
//!   previous run's or the new run's;
//! - while the run writes, a hidden `.bedside-staging-<pid>/` directory holds the new files. A
//!   killed run leaves it behind; the next run into the same `--out` removes it.
//!
//! The renames at the end are one `rename(2)` per file, each atomic, done in a few
//! microseconds; only a kill inside that window mixes files of the two runs. A mix of whole
//! files is still never a partial file.
//!
//! The staging directory is inside `--out` (not beside it) so that it is on the same file
//! system, which `rename` needs, and writable whenever `--out` is.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The prefix of staging directory names.
const STAGING_PREFIX: &str = ".bedside-staging-";

/// A staging directory inside an output directory; see the module docs.
///
/// Dropped without [`commit`](StagedDir::commit) (an error on the way), it removes itself and
/// leaves `--out` untouched.
#[derive(Debug)]
pub struct StagedDir {
    out: PathBuf,
    staging: PathBuf,
    committed: bool,
}

impl StagedDir {
    /// Creates `out` if needed, removes staging directories left by killed runs, and creates
    /// a fresh one for this process.
    pub fn new(out: &Path) -> anyhow::Result<StagedDir> {
        fs::create_dir_all(out)
            .with_context(|| format!("cannot create output directory {}", out.display()))?;
        let entries =
            fs::read_dir(out).with_context(|| format!("cannot list {}", out.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", out.display()))?;
            let is_staging =
                entry.file_name().to_str().is_some_and(|n| n.starts_with(STAGING_PREFIX));
            if is_staging && entry.file_type().is_ok_and(|t| t.is_dir()) {
                let stale = entry.path();
                fs::remove_dir_all(&stale).with_context(|| {
                    format!("cannot remove {} (left by an interrupted run)", stale.display())
                })?;
            }
        }
        let staging = out.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        fs::create_dir(&staging)
            .with_context(|| format!("cannot create staging directory {}", staging.display()))?;
        Ok(StagedDir { out: out.to_path_buf(), staging, committed: false })
    }

    /// Where the files are to be written.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Flushes every staged file to disk, renames each into the output directory (replacing
    /// the previous run's file of the same name), and removes the staging directory. Returns
    /// the number of files moved.
    pub fn commit(mut self) -> anyhow::Result<usize> {
        let mut names = Vec::new();
        for entry in fs::read_dir(&self.staging)
            .with_context(|| format!("cannot list {}", self.staging.display()))?
        {
            let entry = entry.with_context(|| format!("cannot list {}", self.staging.display()))?;
            names.push(entry.file_name());
        }
        // Sorted, so that an interrupted commit always leaves the same kind of mix.
        names.sort();
        for name in &names {
            let staged = self.staging.join(name);
            File::open(&staged)
                .and_then(|file| file.sync_all())
                .with_context(|| format!("cannot flush {} to disk", staged.display()))?;
        }
        for name in &names {
            let staged = self.staging.join(name);
            let target = self.out.join(name);
            fs::rename(&staged, &target).with_context(|| {
                format!("cannot move {} to {}", staged.display(), target.display())
            })?;
        }
        sync_dir(&self.out);
        fs::remove_dir(&self.staging)
            .with_context(|| format!("cannot remove {}", self.staging.display()))?;
        self.committed = true;
        Ok(names.len())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Makes the renames in `dir` durable. Best effort: not every platform can open a directory.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_out(name: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("bedside-staging-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_files_and_removes_staging() {
        let out = temp_out("commit");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("a.csv"), "old a").unwrap();
        fs::write(out.join("keep.txt"), "not ours").unwrap();
        // A staging directory left by a killed run, with a partial file in it.
        fs::create_dir(out.join(".bedside-staging-1")).unwrap();
        fs::write(out.join(".bedside-staging-1/a.csv"), "partial").unwrap();

        let staged = StagedDir::new(&out).unwrap();
        assert!(!out.join(".bedside-staging-1").exists(), "stale staging is removed");
        fs::write(staged.path().join("a.csv"), "new a").unwrap();
        fs::write(staged.path().join("b.csv"), "new b").unwrap();
        // Nothing is visible before the commit.
        assert_eq!(fs::read_to_string(out.join("a.csv")).unwrap(), "old a");
        assert!(!out.join("b.csv").exists());
        assert_eq!(staged.commit().unwrap(), 2);

        assert_eq!(listing(&out), ["a.csv", "b.csv", "keep.txt"]);
        assert_eq!(fs::read_to_string(out.join("a.csv")).unwrap(), "new a");
        assert_eq!(fs::read_to_string(out.join("keep.txt")).unwrap(), "not ours");
        fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn dropping_without_commit_leaves_out_untouched() {
        let out = temp_out("drop");
        let staged = StagedDir::new(&out).unwrap();
        fs::write(staged.path().join("a.csv"), "new").unwrap();
        drop(staged);
        assert!(listing(&out).is_empty());
        fs::remove_dir_all(&out).unwrap();
    }
}
