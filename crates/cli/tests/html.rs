//! report.html on the demo: self-contained, and rendered by headless Chromium with every chart
//! drawn and no script or policy error.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::analyze::analyze_demo;
use crate::util::Dir;

/// The `chromium` binary on `PATH`, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|candidate| candidate.is_file())
}

/// Whether the tests run in CI, where a missing browser is a failure rather than a skip.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !value.is_empty() && value != "false" && value != "0")
}

/// Runs Chromium headless with `args` and a throwaway profile; returns stdout. Output goes to
/// files (a full pipe would block the browser); kills it after two minutes so that a hung
/// browser fails the test instead of hanging it.
fn run_chromium(browser: &Path, profile: &Path, args: &[String]) -> String {
    let stdout_path = profile.with_extension("stdout");
    let stderr_path = profile.with_extension("stderr");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).unwrap())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("chromium did not start");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within 2 minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(status.success(), "chromium failed: {stderr}");
    fs::read_to_string(&stdout_path).unwrap()
}

/// The value of `data-NAME="..."` on the dumped `<body>`.
fn body_data<'a>(dom: &'a str, name: &str) -> Option<&'a str> {
    let body = &dom[dom.find("<body")?..];
    let body = &body[..body.find('>')?];
    let key = format!("data-{name}=\"");
    let start = body.find(&key)? + key.len();
    Some(&body[start..start + body[start..].find('"')?])
}

#[test]
fn demo_report_html_is_self_contained_and_renders_in_chromium() {
    let dir = Dir::new("html");
    assert_eq!(analyze_demo(&dir.path, "2").0, 1);
    let page = dir.path.join("report.html");
    let html = fs::read_to_string(&page).unwrap();

    // One file: no external script, stylesheet, font, image or frame, and a policy that
    // forbids loading anything.
    for needle in ["<script src", "<link", "@import", "url(", "<img", "<iframe", "src=\"http"] {
        assert!(!html.contains(needle), "report.html loads something external: {needle}");
    }
    assert!(html.contains("content=\"default-src 'none';"), "no Content-Security-Policy");
    for section in
        ["risks", "overview", "alerts", "league", "heatmap", "trends", "staff", "waits", "details"]
    {
        assert!(html.contains(&format!("<section id=\"{section}\"")), "no {section} section");
    }
    // HIPAA risks come first, and the demo's planted risky replies are among them.
    assert!(html.find("id=\"risks\"") < html.find("id=\"overview\""));
    assert!(html.matches("own_account_phi").count() >= 6, "own-account risks missing");
    // The demo plants fake phone numbers and e-mail addresses in patient posts; quotes are
    // redacted by default.
    assert!(!html.contains("555-01"), "a phone number leaked into report.html");
    assert!(!html.contains("@example."), "an e-mail address leaked into report.html");
    let n_charts = html.matches("<svg class=\"chart").count();
    assert!(n_charts >= 10, "only {n_charts} charts");

    let Some(browser) = chromium() else {
        assert!(!in_ci(), "chromium is not installed but CI is set: .ci/run installs it");
        eprintln!("SKIPPED: chromium not found on PATH (Debian package `chromium`)");
        return;
    };
    let profile = dir.path.join("profile");
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let dom = run_chromium(
        &browser,
        &profile,
        &["--virtual-time-budget=10000".to_string(), "--dump-dom".to_string(), url.clone()],
    );
    assert_eq!(body_data(&dom, "check"), Some("ok"), "the page's self-check did not pass");
    assert_eq!(body_data(&dom, "charts"), Some(n_charts.to_string().as_str()));

    // A screenshot to look at; kept in the target directory.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-html");
    fs::create_dir_all(&shots).unwrap();
    let png = shots.join("demo-report.png");
    let _ = fs::remove_file(&png);
    run_chromium(
        &browser,
        &profile,
        &["--window-size=1280,6000".to_string(), format!("--screenshot={}", png.display()), url],
    );
    let bytes = fs::read(&png).expect("no screenshot written");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 50_000, "screenshot looks empty");
    eprintln!("screenshot: {}", png.display());
}
