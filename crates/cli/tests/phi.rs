//! PHI on the demo data: redaction of report.md and the mentions table, the HIPAA risk flags on
//! the planted replies of the organizations' own accounts, `bedside redact`, and no mention text
//! on stderr on error paths. The planted PHI is listed in `datasets/demo/README.md`.

use std::fs;
use std::path::Path;

use crate::util::{Dir, bedside, parts, repo_root};

const DEMO_EXPORTS: [&str; 4] = [
    "datasets/demo/exports/brandwatch_mentions.csv",
    "datasets/demo/exports/google_reviews.json",
    "datasets/demo/exports/survey_fft.csv",
    "datasets/demo/exports/x_api_v2.jsonl",
];

/// The planted PHI of the demo (README sections 3 and 4): names, numbers, dates, addresses.
const PLANTED_PHI: &[&str] = &[
    "Marcus Whitfield",
    "03/14/1979",
    "m.whitfield@example.com",
    "555-0119",
    "Kevin Marsh",
    "Ellie Marsh",
    "Jane Doe",
    "555-0134",
    "Curtis Vandermeer",
    "11/02/1958",
    "lorna.vandermeer@example.org",
    "Rosa Delgado-Finch",
    "00482213",
    "Harold Benning",
    "555-0188",
    "555-0162",
    "Tyler Greaves",
    "Hi John",
    "visit on 6/12",
    "Ms. Alvarez",
    "Hi Dana",
    "UTI on 8/21",
];

/// The X replies by own accounts that disclose PHI, and the ordinary ones.
const X_PHI_REPLIES: [&str; 3] =
    ["2066161517046604289", "2078420746100499522", "2091171703295111690"];
const X_ORDINARY_REPLIES: [&str; 4] =
    ["2058146724462448609", "2095560087271453854", "2100247598728579339", "2107481583281810690"];

/// Google reviews (1-based positions) whose `reviewReply` discloses PHI.
const GOOGLE_PHI_REPLIES: [usize; 3] = [330, 423, 464];

fn analyze(out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["analyze"];
    args.extend(DEMO_EXPORTS);
    let out = out.to_str().unwrap();
    args.extend(["--providers", "datasets/demo/providers.csv", "--out", out, "--scorer", "vader"]);
    args.extend(extra);
    parts(&bedside(&args, b""))
}

/// The Google reviews of the demo: (reviewId, has a reply).
fn google_reviews() -> Vec<(String, bool)> {
    let data = fs::read_to_string(repo_root().join(DEMO_EXPORTS[1])).unwrap();
    let value: serde_json::Value = serde_json::from_str(&data).unwrap();
    value["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let id = r["reviewId"].as_str().unwrap_or("").to_string();
            (id, r.get("reviewReply").is_some())
        })
        .collect()
}

/// `(id, hipaa_risk)` of every row of mentions.csv.
fn risks(mentions_csv: &Path) -> Vec<(String, String)> {
    let mut reader = csv::Reader::from_path(mentions_csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let id = headers.iter().position(|h| h == "id").unwrap();
    let risk = headers.iter().position(|h| h == "hipaa_risk").unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[id].to_string(), r[risk].to_string())
        })
        .collect()
}

#[test]
fn demo_report_has_no_unredacted_phi_and_flags_the_planted_replies() {
    let dir = Dir::new("phi-demo");
    let (code, _, stderr) = analyze(&dir.path, &[]);
    assert_eq!(code, 1, "stderr: {stderr}");
    let report = fs::read_to_string(dir.path.join("report.md")).unwrap();
    let mentions = fs::read_to_string(dir.path.join("mentions.csv")).unwrap();
    // Every file meant for reading or forwarding: the reports and the alerts' evidence.
    let shown: Vec<(&str, String)> = ["report.html", "alerts.csv"]
        .into_iter()
        .map(|f| (f, fs::read_to_string(dir.path.join(f)).unwrap()))
        .collect();
    for phi in PLANTED_PHI {
        assert!(!report.contains(phi), "report.md shows {phi:?}");
        for (file, content) in &shown {
            assert!(!content.contains(phi), "{file} shows {phi:?}");
        }
        // The default mentions table keeps the analyst's data: the PHI is really there.
        assert!(mentions.contains(phi), "mentions.csv lacks {phi:?}");
    }
    // HIPAA risks come first in report.md.
    let risks_at = report.find("## HIPAA risks").expect("a HIPAA risks section");
    assert!(risks_at < report.find("## Data overview").unwrap());

    let risks = risks(&dir.path.join("mentions.csv"));
    let own: Vec<&str> = risks
        .iter()
        .filter(|(_, risk)| risk.starts_with("own_account"))
        .map(|(id, _)| id.as_str())
        .collect();
    let reviews = google_reviews();
    let mut expected: Vec<&str> = X_PHI_REPLIES.to_vec();
    expected.extend(GOOGLE_PHI_REPLIES.iter().map(|&n| reviews[n - 1].0.as_str()));
    let mut got = own.clone();
    got.sort_unstable();
    expected.sort_unstable();
    assert_eq!(got, expected, "own-account risks");
    // The ordinary replies are not flagged: the four X replies and the other Google replies.
    for id in X_ORDINARY_REPLIES {
        assert!(risks.iter().any(|(i, r)| i == id && r.is_empty()), "{id} flagged or missing");
    }
    let n_replies = reviews.iter().filter(|r| r.1).count();
    assert_eq!(n_replies, 33);
    // Patient posts naming someone else with health information.
    for id in ["brandwatch_mentions:597", "brandwatch_mentions:1321", "FFT-00326"] {
        let risk = &risks.iter().find(|(i, _)| i == id).unwrap().1;
        assert!(risk.starts_with("third_party_disclosure"), "{id}: {risk:?}");
    }
    for (id, _) in risks.iter().filter(|(_, r)| r.starts_with("third_party")) {
        assert!(report.contains(&id.replace('_', "\\_")), "{id} not listed in report.md");
    }
}

#[test]
fn redact_all_redacts_the_mentions_table() {
    let dir = Dir::new("phi-demo-all");
    let (code, _, stderr) = analyze(&dir.path, &["--redact", "all"]);
    assert_eq!(code, 1, "stderr: {stderr}");
    let mentions = fs::read_to_string(dir.path.join("mentions.csv")).unwrap();
    for phi in PLANTED_PHI {
        assert!(!mentions.contains(phi), "mentions.csv shows {phi:?}");
    }
    assert!(mentions.contains("[NAME]") && mentions.contains("[AUTHOR]"));
    // The providers' own handles stay as authors.
    assert!(mentions.contains(",StMarysHosp,"), "own handles are kept");
    let (code, _, stderr) = analyze(&dir.path, &["--redact", "sometimes"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--redact"), "{stderr}");
}

#[test]
fn redact_command_keeps_every_other_column() {
    let dir = Dir::new("phi-redact");
    // CSV to stdout: same rows, same columns, only the comment redacted.
    let (code, stdout, stderr) = parts(&bedside(&["redact", DEMO_EXPORTS[2]], b""));
    assert_eq!(code, 0, "stderr: {stderr}");
    let original = fs::read_to_string(repo_root().join(DEMO_EXPORTS[2])).unwrap();
    let read = |data: &str| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(data.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let (before, after) = (read(&original), read(&stdout));
    assert_eq!(before.len(), after.len());
    let comment = before[0].iter().position(|h| h == "Comment").unwrap();
    let mut n_changed = 0;
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a.len(), b.len());
        for (column, (x, y)) in a.iter().zip(b).enumerate() {
            if column != comment {
                assert_eq!(x, y);
            } else if x != y {
                n_changed += 1;
            }
        }
    }
    assert!(n_changed >= 1 && !stdout.contains("555-0162") && !stdout.contains("Tyler Greaves"));

    // JSON Lines to a file: every line kept (the broken one as it was), PHI gone.
    let out = dir.path.join("x.jsonl");
    let (code, _, stderr) =
        parts(&bedside(&["redact", DEMO_EXPORTS[3], "--out", out.to_str().unwrap()], b""));
    assert_eq!(code, 0, "stderr: {stderr}");
    let original = fs::read_to_string(repo_root().join(DEMO_EXPORTS[3])).unwrap();
    let redacted = fs::read_to_string(&out).unwrap();
    assert_eq!(original.lines().count(), redacted.lines().count());
    assert_eq!(original.lines().nth(386), redacted.lines().nth(386), "the broken line is kept");
    for phi in ["Kevin Marsh", "555-0119", "Marcus Whitfield", "m.whitfield@example.com"] {
        assert!(original.contains(phi) && !redacted.contains(phi), "{phi}");
    }

    // JSON: the review text and the organization's reply are redacted.
    let (code, stdout, stderr) = parts(&bedside(&["redact", DEMO_EXPORTS[1]], b""));
    assert_eq!(code, 0, "stderr: {stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let reviews = value["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), google_reviews().len());
    let reply = reviews[329]["reviewReply"]["comment"].as_str().unwrap();
    assert!(reply.contains("[DATE]") && !reply.contains("Okonkwo"), "{reply}");
    assert!(!stdout.contains("Harold Benning"));
    // Other fields, such as the reviewer's display name, are copied as they are.
    assert_eq!(reviews[329]["reviewer"]["displayName"], "Daniel Okonkwo");

    // Bad input: a clear error, exit 2, no panic.
    let missing = parts(&bedside(&["redact", "no/such/file.csv"], b""));
    assert_eq!(missing.0, 2, "{}", missing.2);
}

/// A sentinel PHI string fed through error paths never reaches stderr (or an error line).
#[test]
fn sentinel_phi_never_reaches_stderr() {
    const SENTINEL: &str = "Zebulon Quackenbush";
    let dir = Dir::new("phi-sentinel");
    let bad_csv = dir.write(
        "bad.csv",
        format!(
            "id,text,date\n1,\"my husband {SENTINEL} DOB 1/2/1950\",not-a-date\n2,\"{SENTINEL} unbalanced\n"
        )
        .as_bytes(),
    );
    let bad_jsonl = dir.write(
        "bad.jsonl",
        format!("{{\"text\": \"my mother {SENTINEL}\", \"created_at\": 7\n{{\"text\": 5}}\n")
            .as_bytes(),
    );
    let bad_json = dir.write("bad.json", format!("[{{\"text\": \"{SENTINEL}\"").as_bytes());
    let out = dir.path.join("out");
    let out = out.to_str().unwrap();
    let runs = [
        vec![
            "analyze",
            bad_csv.to_str().unwrap(),
            "--out",
            out,
            "--text-col",
            "text",
            "--date-col",
            "date",
        ],
        vec!["analyze", bad_jsonl.to_str().unwrap(), "--out", out],
        vec!["analyze", bad_json.to_str().unwrap(), "--out", out],
        vec!["inspect", bad_csv.to_str().unwrap()],
        vec!["inspect", bad_jsonl.to_str().unwrap()],
        vec!["redact", bad_csv.to_str().unwrap()],
        vec!["redact", bad_json.to_str().unwrap()],
    ];
    for args in &runs {
        let (_, _, stderr) = parts(&bedside(args, b""));
        assert!(!stderr.contains(SENTINEL), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let input = format!("{{\"text\": \"{SENTINEL}\", \"id\": [1]}}\nnot json {SENTINEL}\n");
    let (_, stdout, stderr) = parts(&bedside(&["score", "--jsonl"], input.as_bytes()));
    assert!(!stderr.contains(SENTINEL), "{stderr}");
    for line in stdout.lines().filter(|l| l.contains("\"error\"")) {
        assert!(!line.contains(SENTINEL), "{line}");
    }
}
