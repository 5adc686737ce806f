//! `bedside analyze` and `bedside inspect` on the hostile-input corpus (`datasets/hostile/`,
//! issue 8): every file gets the outcome `datasets/hostile/expected.toml` says, with no panic,
//! no hang and no mention text in any message.
//!
//! The two inputs too big to commit (a 50 MB field, a million empty lines) are written here,
//! at run time, into a temporary directory.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::util::{Dir, bedside_timeout, parts, repo_root};

/// Planted in every mention text of the corpus; must never appear in errors or rejects.
const SENTINEL: &str = "SENTINEL";

/// No run on this corpus may take longer (debug build, busy 2-core CI machine).
const TIMEOUT: Duration = Duration::from_secs(120);

/// The report files that must not exist after a fatal error.
const REPORT_FILES: [&str; 3] = ["mentions.csv", "report.md", "rejects.csv"];

#[derive(Debug, Deserialize)]
struct Manifest {
    file: Vec<Expected>,
}

/// What `bedside analyze FILE` must do; see the comments at the top of `expected.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    name: String,
    exit: i32,
    #[serde(default)]
    generated: bool,
    read: Option<u64>,
    accepted: Option<u64>,
    #[serde(default)]
    rejects: Vec<String>,
    error: Option<String>,
    #[serde(default)]
    args: Vec<String>,
    #[allow(dead_code)]
    note: String,
}

fn corpus_dir() -> PathBuf {
    repo_root().join("datasets/hostile")
}

fn manifest() -> Manifest {
    let text = fs::read_to_string(corpus_dir().join("expected.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// Writes the generated inputs (too big to commit) into `dir`.
fn generate(name: &str, dir: &Path) -> PathBuf {
    let path = dir.join(name);
    let mut out = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    let big = || "SENTINEL ".repeat(50 * 1024 * 1024 / 9);
    match name {
        // One 50 MB field between two good rows.
        "big_field.csv" => {
            let big = big();
            write!(out, "id,text\n1,{SENTINEL} fine\n2,\"{big}\"\n3,{SENTINEL} fine too\n")
                .unwrap();
        }
        // A 2 MiB field: over the default limit of 1 MiB, under --max-field-size 4M.
        "field_2mib.csv" => {
            let field = "SENTINEL ".repeat(2 * 1024 * 1024 / 9 + 1);
            write!(out, "id,text\n1,{field}\n").unwrap();
        }
        "big_field.jsonl" => {
            writeln!(out, "{{\"id\": \"1\", \"text\": \"{SENTINEL} fine\"}}").unwrap();
            writeln!(out, "{{\"id\": \"2\", \"text\": \"{}\"}}", big()).unwrap();
            writeln!(out, "{{\"id\": \"3\", \"text\": \"{SENTINEL} fine too\"}}").unwrap();
        }
        // A million empty lines (half of them CRLF) between two rows.
        "million_empty_lines.csv" => {
            write!(out, "id,text\n1,{SENTINEL} first\n").unwrap();
            for idx in 0..1_000_000 {
                out.write_all(if idx % 2 == 0 { b"\n" } else { b"\r\n" }).unwrap();
            }
            writeln!(out, "2,{SENTINEL} last").unwrap();
        }
        "million_empty_lines.jsonl" => {
            writeln!(out, "{{\"id\": \"1\", \"text\": \"{SENTINEL} first\"}}").unwrap();
            out.write_all(&vec![b'\n'; 1_000_000]).unwrap();
            writeln!(out, "{{\"id\": \"2\", \"text\": \"{SENTINEL} last\"}}").unwrap();
        }
        other => panic!("BUG: no generator for {other}"),
    }
    out.flush().unwrap();
    path
}

/// Runs one manifest entry and returns what went wrong, if anything.
fn check(expected: &Expected) -> Result<(), String> {
    let name = &expected.name;
    let dir = Dir::new("hostile");
    let path = if expected.generated {
        generate(name, &dir.path)
    } else {
        PathBuf::from("datasets/hostile").join(name)
    };
    let shown_path = path.display().to_string();
    let out = dir.path.join("out");
    let mut args = vec!["analyze", &shown_path, "--out", out.to_str().unwrap(), "--threads", "1"];
    args.extend(["--scorer", "vader"]);
    args.extend(expected.args.iter().map(String::as_str));
    let (code, stdout, stderr) = parts(&bedside_timeout(&args, TIMEOUT)?);
    let fail = |what: String| Err(format!("{name}: {what}\nstderr: {stderr}"));
    if stderr.contains("panicked") {
        return fail("panicked".to_string());
    }
    if code != expected.exit {
        return fail(format!("exit {code}, expected {}", expected.exit));
    }
    if stderr.contains(SENTINEL) || stdout.contains(SENTINEL) {
        return fail("mention text in the output".to_string());
    }

    if code == 2 {
        let fragment = expected.error.as_deref().unwrap_or_default();
        if !stderr.contains(&shown_path) || !stderr.contains(fragment) {
            return fail(format!("the error must name the file and say {fragment:?}"));
        }
        for file in REPORT_FILES {
            if out.join(file).exists() {
                return fail(format!("{file} written after a fatal error"));
            }
        }
        return Ok(());
    }

    let (n_read, n_accepted) = (expected.read.unwrap(), expected.accepted.unwrap());
    let n_rejected = expected.rejects.len() as u64;
    if n_accepted + n_rejected != n_read {
        return fail("BUG in expected.toml: accepted + rejects != read".to_string());
    }
    let counts =
        format!("{shown_path}: read {n_read}, accepted {n_accepted}, rejected {n_rejected}");
    if !stderr.contains(&counts) {
        return fail(format!("expected {counts:?}"));
    }
    let n_mentions = csv::Reader::from_path(out.join("mentions.csv")).unwrap().records().count();
    if n_mentions as u64 != n_accepted {
        return fail(format!("{n_mentions} rows in mentions.csv, expected {n_accepted}"));
    }
    let rejects_text = fs::read_to_string(out.join("rejects.csv")).unwrap();
    if rejects_text.contains(SENTINEL) {
        return fail("mention text in rejects.csv".to_string());
    }
    let mut got = Vec::new();
    for record in csv::Reader::from_reader(rejects_text.as_bytes()).records() {
        let record = record.unwrap();
        if record[0] != shown_path {
            return fail(format!("rejects.csv names file {:?}", &record[0]));
        }
        got.push(format!("{}|{}|{}", &record[1], &record[2], &record[3]));
    }
    if got != expected.rejects {
        return fail(format!("rejects.csv holds {got:#?}\nexpected {:#?}", expected.rejects));
    }
    Ok(())
}

#[test]
fn hostile_corpus_outcomes_match_the_manifest() {
    let manifest = manifest();
    // Two workers: the runs are independent processes.
    let (tx, rx) = std::sync::mpsc::channel();
    let entries = std::sync::Mutex::new(manifest.file.iter());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            let tx = tx.clone();
            let entries = &entries;
            scope.spawn(move || {
                loop {
                    let Some(expected) = entries.lock().unwrap().next() else { break };
                    tx.send(check(expected)).unwrap();
                }
            });
        }
    });
    drop(tx);
    let failures: Vec<String> = rx.iter().filter_map(Result::err).collect();
    assert!(failures.is_empty(), "{} failures:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Every corpus file has an expected outcome, and every expectation has its file.
#[test]
fn manifest_covers_the_corpus() {
    let listed: BTreeSet<String> =
        manifest().file.into_iter().filter(|e| !e.generated).map(|e| e.name).collect();
    let present: BTreeSet<String> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["generate.py", "README.md", "expected.toml"].contains(&n.as_str()))
        .collect();
    assert_eq!(listed, present);
}

/// `bedside inspect` reads the same files: it may refuse them, but never panics, hangs or
/// prints mention text.
#[test]
fn inspect_survives_the_corpus() {
    for expected in manifest().file.iter().filter(|e| !e.generated) {
        let path = format!("datasets/hostile/{}", expected.name);
        let output = bedside_timeout(&["inspect", &path], TIMEOUT).unwrap();
        let (code, stdout, stderr) = parts(&output);
        assert!(!stderr.contains("panicked"), "{path}: {stderr}");
        assert!([0, 1, 2].contains(&code), "{path}: exit {code}");
        assert!(
            !stdout.contains(SENTINEL) && !stderr.contains(SENTINEL),
            "{path}: mention text in the output:\n{stdout}\n{stderr}"
        );
    }
}
