//! Aspect-level analysis on the hand-written evaluation set `datasets/targets/targets.jsonl`:
//! provider-targeted sentiment, staff mentions and reported waits. Clauses are scored with the
//! healthcare rules (held to the 0.90 target-sentiment bar), with `vader` (stable while
//! the learned model is retrained; regression floors) and with the learned scorer (printed
//! only). The figures are printed; run with `--nocapture`, and set `BEDSIDE_TARGETS_VERBOSE=1`
//! to list the misses by id.

use std::collections::BTreeMap;
use std::path::Path;

use bedside_score::aspects::{staff_sentiment, target_sentiments, waits};
use bedside_score::providers::{ProviderDirectory, ProviderResolver};
use bedside_score::{BedsideScorer, HealthRules, VaderScorer};
use bedside_types::{ProviderId, Scorer};

const TARGETS_JSONL: &str = include_str!("../../../datasets/targets/targets.jsonl");

/// The minimum share of expected (provider, sentiment) pairs found with the right label, with
/// the healthcare rule scorer. Clause attribution is nearly exact (with the learned scorer,
/// 0.99); what is left is the scorer's reading of each clause, and VADER's general-purpose
/// lexicon misses much of patient feedback ("lost my referral", "never answers the phone").
const MIN_TARGET_ACCURACY: f64 = 0.90;

/// The same with `vader` (stable while the learned model is retrained), a regression floor.
const MIN_TARGET_ACCURACY_VADER: f64 = 0.80;

/// One labeled mention.
#[derive(Debug, Default)]
struct Case {
    id: String,
    text: String,
    provider_hint: Option<String>,
    targets: Vec<(String, String)>,
    staff: Vec<(String, String, String)>,
    waits: Vec<(u32, String)>,
}

/// Counts of one figure: `hits` out of `total`.
#[derive(Debug, Default)]
struct Tally {
    hits: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, hit: bool) {
        self.hits += usize::from(hit);
        self.total += 1;
    }

    fn rate(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.hits as f64 / self.total as f64 }
    }
}

#[test]
fn targets_staff_and_waits() {
    let cases = cases();
    let print = |scorer: &str, figures: &BTreeMap<&str, Tally>| {
        for (name, tally) in figures {
            println!(
                "[{scorer}] {name:<32} {:>4}/{:<4} = {:.3}",
                tally.hits,
                tally.total,
                tally.rate()
            );
        }
    };
    // The learned scorer's figures are printed; only its gain over whole-post scores is
    // asserted (it is retrained often).
    let beats_whole_post = |figures: &BTreeMap<&str, Tally>| {
        let (targeted, whole) =
            (figures["target_sentiment_accuracy"].rate(), figures["whole_post_accuracy"].rate());
        assert!(targeted > whole + 0.05, "targets {targeted:.3} vs whole post {whole:.3}");
    };
    let learned = check(&cases, &BedsideScorer::new());
    print("bedside", &learned);
    beats_whole_post(&learned);
    let health = check(&cases, &HealthRules::new());
    print("health-rules", &health);
    beats_whole_post(&health);
    let accuracy = health["target_sentiment_accuracy"].rate();
    assert!(accuracy >= MIN_TARGET_ACCURACY, "target-sentiment accuracy {accuracy:.3}");

    let figures = check(&cases, &VaderScorer::new());
    print("vader", &figures);
    // Floors a little under the figures reached, so regressions show.
    let floors = [
        ("target_sentiment_accuracy", MIN_TARGET_ACCURACY_VADER),
        ("target_recall", 0.97),
        ("staff_precision", 0.95),
        ("staff_recall", 0.95),
        ("staff_sentiment_accuracy", 0.85),
        ("wait_minutes_precision", 0.95),
        ("wait_minutes_recall", 0.95),
        ("wait_kind_accuracy", 0.95),
    ];
    for (name, floor) in floors {
        let rate = figures[name].rate();
        assert!(rate >= floor, "{name}: {rate:.3} < {floor}");
    }
}

/// The single place that runs the aspect functions on the evaluation set and tallies them.
fn check(cases: &[Case], scorer: &dyn Scorer) -> BTreeMap<&'static str, Tally> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let directory =
        ProviderDirectory::from_path(&root.join("datasets/demo/providers.csv")).unwrap();
    let resolver = ProviderResolver::new(&directory);
    let mut figures: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let verbose = std::env::var_os("BEDSIDE_TARGETS_VERBOSE").is_some();
    for case in cases {
        let hint = case.provider_hint.as_deref().map(ProviderId::new);
        let got = target_sentiments(&case.text, &resolver, hint.as_ref(), scorer, None);
        let whole_post = scorer.score(&case.text).label();
        for (provider, label) in &case.targets {
            let found = got.iter().find(|t| t.target.as_str() == provider);
            let hit = found.is_some_and(|t| t.sentiment.label().as_str() == label);
            figures.entry("target_sentiment_accuracy").or_default().add(hit);
            // The baseline the targets must beat: every target gets the whole post's label.
            figures.entry("whole_post_accuracy").or_default().add(whole_post.as_str() == label);
            if case.id.starts_with('h') {
                figures.entry("target_sentiment_accuracy_hand").or_default().add(hit);
            }
            if case.id.starts_with('x') {
                figures.entry("target_sentiment_accuracy_holdout").or_default().add(hit);
            }
            figures.entry("target_recall").or_default().add(found.is_some());
            if verbose && !hit {
                let got_label = found.map(|t| t.sentiment.label().as_str());
                println!("{} target {provider} {got_label:?} want {label}", case.id);
            }
        }
        for t in &got {
            let hit = case
                .targets
                .iter()
                .any(|(p, l)| p == t.target.as_str() && l == t.sentiment.label().as_str());
            figures.entry("target_precision").or_default().add(hit);
        }

        let staff = staff_sentiment(&case.text, scorer);
        for (name, role, label) in &case.staff {
            let found = staff.iter().find(|s| &s.name == name && &s.role == role);
            figures.entry("staff_recall").or_default().add(found.is_some());
            if case.id.starts_with('x') {
                figures.entry("staff_recall_holdout").or_default().add(found.is_some());
            }
            if let Some(s) = found {
                figures
                    .entry("staff_sentiment_accuracy")
                    .or_default()
                    .add(s.sentiment.label().as_str() == label);
            } else if verbose {
                println!("{} missed staff {name} {role}", case.id);
            }
        }
        for s in &staff {
            let hit = case.staff.iter().any(|(n, r, _)| *n == s.name && *r == s.role);
            figures.entry("staff_precision").or_default().add(hit);
            if verbose && !hit {
                println!("{} extra staff {} {}", case.id, s.name, s.role);
            }
        }

        let found = waits(&case.text);
        for (minutes, kind) in &case.waits {
            let at = found.iter().find(|w| w.minutes == *minutes);
            figures.entry("wait_minutes_recall").or_default().add(at.is_some());
            if case.id.starts_with('x') {
                figures.entry("wait_minutes_recall_holdout").or_default().add(at.is_some());
            }
            if let Some(w) = at {
                figures.entry("wait_kind_accuracy").or_default().add(w.kind.as_str() == kind);
                if verbose && w.kind.as_str() != kind {
                    println!("{} wait kind {} want {kind}", case.id, w.kind.as_str());
                }
            } else if verbose {
                println!("{} missed wait {minutes}", case.id);
            }
        }
        for w in &found {
            let hit = case.waits.iter().any(|(m, _)| *m == w.minutes);
            figures.entry("wait_minutes_precision").or_default().add(hit);
            if verbose && !hit {
                println!("{} extra wait {}", case.id, w.minutes);
            }
        }
    }
    figures
}

fn cases() -> Vec<Case> {
    let cases: Vec<Case> = TARGETS_JSONL
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(idx, line)| {
            let value = json::parse(line)
                .unwrap_or_else(|| panic!("targets.jsonl line {}: bad JSON", idx + 1));
            to_case(&value).unwrap_or_else(|| panic!("targets.jsonl line {}: bad fields", idx + 1))
        })
        .collect();
    assert!(cases.len() >= 300, "the evaluation set has {} mentions", cases.len());
    cases
}

fn to_case(value: &json::Value) -> Option<Case> {
    let field =
        |v: &json::Value, key: &str| v.get(key).and_then(json::Value::as_str).map(str::to_owned);
    let list = |key: &str| value.get(key).and_then(json::Value::as_array).unwrap_or(&[]).to_vec();
    Some(Case {
        id: field(value, "id")?,
        text: field(value, "text")?,
        provider_hint: field(value, "provider_hint"),
        targets: list("targets")
            .iter()
            .map(|t| Some((field(t, "provider")?, field(t, "sentiment")?)))
            .collect::<Option<_>>()?,
        staff: list("staff")
            .iter()
            .map(|s| Some((field(s, "name")?, field(s, "role")?, field(s, "sentiment")?)))
            .collect::<Option<_>>()?,
        waits: list("waits")
            .iter()
            .map(|w| Some((w.get("minutes")?.as_number()? as u32, field(w, "kind")?)))
            .collect::<Option<_>>()?,
    })
}

/// Just enough JSON for the evaluation set (the score crate has no JSON dependency).
mod json {
    /// A JSON value.
    #[derive(Clone, Debug)]
    pub enum Value {
        Null,
        Bool,
        Number(f64),
        String(String),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    impl Value {
        pub fn get(&self, key: &str) -> Option<&Value> {
            match self {
                Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }

        pub fn as_str(&self) -> Option<&str> {
            match self {
                Value::String(s) => Some(s),
                _ => None,
            }
        }

        pub fn as_array(&self) -> Option<&[Value]> {
            match self {
                Value::Array(items) => Some(items),
                _ => None,
            }
        }

        pub fn as_number(&self) -> Option<f64> {
            match self {
                Value::Number(n) => Some(*n),
                _ => None,
            }
        }
    }

    pub fn parse(text: &str) -> Option<Value> {
        let mut chars = text.chars().peekable();
        let value = parse_value(&mut chars)?;
        skip_ws(&mut chars);
        chars.next().is_none().then_some(value)
    }

    type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

    fn skip_ws(chars: &mut Chars<'_>) {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
    }

    fn parse_value(chars: &mut Chars<'_>) -> Option<Value> {
        skip_ws(chars);
        match *chars.peek()? {
            '{' => {
                chars.next();
                let mut fields = Vec::new();
                loop {
                    skip_ws(chars);
                    match chars.next()? {
                        '}' => return Some(Value::Object(fields)),
                        ',' => continue,
                        '"' => {
                            let key = parse_string(chars)?;
                            skip_ws(chars);
                            (chars.next()? == ':').then_some(())?;
                            fields.push((key, parse_value(chars)?));
                        }
                        _ => return None,
                    }
                }
            }
            '[' => {
                chars.next();
                let mut items = Vec::new();
                loop {
                    skip_ws(chars);
                    match chars.peek()? {
                        ']' => {
                            chars.next();
                            return Some(Value::Array(items));
                        }
                        ',' => {
                            chars.next();
                        }
                        _ => items.push(parse_value(chars)?),
                    }
                }
            }
            '"' => {
                chars.next();
                parse_string(chars).map(Value::String)
            }
            't' | 'f' | 'n' => {
                let word: String =
                    std::iter::from_fn(|| chars.next_if(|c| c.is_alphabetic())).collect();
                match word.as_str() {
                    "true" | "false" => Some(Value::Bool),
                    "null" => Some(Value::Null),
                    _ => None,
                }
            }
            _ => {
                let number: String = std::iter::from_fn(|| {
                    chars
                        .next_if(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
                })
                .collect();
                number.parse().ok().map(Value::Number)
            }
        }
    }

    fn parse_string(chars: &mut Chars<'_>) -> Option<String> {
        let mut out = String::new();
        loop {
            match chars.next()? {
                '"' => return Some(out),
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    c => out.push(c),
                },
                c => out.push(c),
            }
        }
    }
}
