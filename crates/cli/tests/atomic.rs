//! A run killed while it writes leaves the previous complete report, or none: never a
//! half-written file (issue 8).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Dir, bedside, parts};

/// An export whose output is mostly rejects: cheap to read, slow to write (a large
/// `rejects.csv`), so that the test catches the run while it writes.
fn slow_to_write_export(dir: &Dir, n_bad_rows: usize) -> PathBuf {
    let mut text = String::from("id,date,text\n");
    for idx in 0..50 {
        text.push_str(&format!("g{idx},2026-05-{:02},The nurse was kind {idx}\n", idx % 28 + 1));
    }
    for idx in 0..n_bad_rows {
        text.push_str(&format!("b{idx},not a date,Waited for hours {idx}\n"));
    }
    dir.write("big.csv", text.as_bytes())
}

/// The top-level files of `out` with their bytes, in name order; staging directories (hidden,
/// see `crates/cli/src/staging.rs`) are listed by name with no bytes.
fn snapshot(out: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let Ok(entries) = fs::read_dir(out) else { return Vec::new() };
    let mut files: Vec<(String, Option<Vec<u8>>)> = entries
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let bytes =
                entry.file_type().unwrap().is_file().then(|| fs::read(entry.path()).unwrap());
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

fn report_files(snapshot: &[(String, Option<Vec<u8>>)]) -> Vec<&(String, Option<Vec<u8>>)> {
    snapshot.iter().filter(|(name, _)| !name.starts_with(".bedside-staging-")).collect()
}

/// Whether a staged `rejects.csv` (the last file written) has bytes in it.
fn writing_rejects(out: &Path) -> bool {
    let Ok(entries) = fs::read_dir(out) else { return false };
    entries.flatten().any(|entry| {
        entry.file_name().to_string_lossy().starts_with(".bedside-staging-")
            && fs::metadata(entry.path().join("rejects.csv")).is_ok_and(|m| m.len() > 0)
    })
}

/// Starts `analyze` on `input` and SIGKILLs it once it is writing `rejects.csv`.
fn kill_while_writing(input: &Path, out: &Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bedside"))
        .args(["analyze", input.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .args(["--scorer", "vader", "--threads", "2", "--quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if writing_rejects(out) {
            child.kill().unwrap();
            let status = child.wait().unwrap();
            assert_eq!(status.code(), None, "the run was killed, it did not exit");
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it was seen writing: make the input bigger");
        }
        assert!(start.elapsed() < Duration::from_secs(120), "the run hangs");
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn a_killed_run_leaves_the_previous_report_or_none() {
    let dir = Dir::new("kill");
    let big = slow_to_write_export(&dir, 300_000);
    let small = dir.write(
        "small.csv",
        b"id,date,text\n1,2026-05-01,The nurse was kind\n2,2026-05-02,Rude reception\n3,x,bad\n",
    );
    let out = dir.path.join("out");

    // No previous report: a killed run leaves no report file at all.
    kill_while_writing(&big, &out);
    let after_kill = snapshot(&out);
    assert!(report_files(&after_kill).is_empty(), "files after a killed first run: {after_kill:?}");
    assert!(!after_kill.is_empty(), "the killed run's staging directory is left behind");

    // A complete run, then a killed one: the complete run's files are all there, unchanged.
    let (code, _, stderr) = parts(&bedside(
        &["analyze", small.to_str().unwrap(), "--out", out.to_str().unwrap(), "--scorer", "vader"],
        b"",
    ));
    assert_eq!(code, 1, "{stderr}");
    let complete = snapshot(&out);
    assert!(
        complete.iter().all(|(name, _)| !name.starts_with(".bedside-staging-")),
        "{complete:?}"
    );
    let names: Vec<&str> = complete.iter().map(|(name, _)| name.as_str()).collect();
    for expected in ["mentions.csv", "mentions.parquet", "rejects.csv", "report.md"] {
        assert!(names.contains(&expected), "{names:?}");
    }
    kill_while_writing(&big, &out);
    let after_kill = snapshot(&out);
    assert!(
        report_files(&after_kill) == complete.iter().collect::<Vec<_>>(),
        "the previous report changed: {:?}",
        after_kill
            .iter()
            .map(|(name, bytes)| (name, bytes.as_ref().map(Vec::len)))
            .collect::<Vec<_>>()
    );

    // The next run cleans up what the killed one left.
    let (code, _, _) = parts(&bedside(
        &["analyze", small.to_str().unwrap(), "--out", out.to_str().unwrap(), "--scorer", "vader"],
        b"",
    ));
    assert_eq!(code, 1);
    assert_eq!(snapshot(&out), complete);
}
