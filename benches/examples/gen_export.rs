//! Writes a large synthetic Brandwatch-style mentions export for the CLI benchmark
//! (`benches/cli.sh`): a seeded, streamed, byte-reproducible CSV of patient feedback about the
//! providers of a provider directory (by default `datasets/demo/providers.csv`).
//!
//! ```text
//! cargo run --release -p bedside-benches --no-default-features --example gen_export -- \
//!     --rows 1000000 --seed 7 --out export.csv --meta export.meta
//! ```
//!
//! What the export holds, so that a benchmark on it exercises what real exports exercise:
//!
//! - the Brandwatch layout of `datasets/demo/exports/brandwatch_mentions.csv`: six preamble
//!   lines, the header, then one row per mention in date order over one year
//!   (2025-11-01 .. 2026-10-31), page types twitter, facebook, reddit, forum, instagram, news;
//! - texts composed from the demo's sentence templates (`benches/data/phrases.txt`): openers
//!   naming the provider (name, alias, lower-cased alias, @handle), topic sentences whose
//!   polarity follows a per-provider profile, waits with durations, staff named with a role,
//!   bills with amounts, sarcasm, "negative test result" traps, emoji, hashtags, typos, HTML
//!   entities and a little mojibake; about 8% name no known provider;
//! - text lengths with a median near 150 bytes and a long tail to 5,000 bytes (long Reddit,
//!   forum and news posts);
//! - duplicates: retweets (`RT @author: ...`) and cross-posts of a recent text;
//! - bad rows bedside must reject: unparseable dates and empty texts (0.3% each).
//!
//! The random generator is SplitMix64 with integer-only sampling (no floating-point
//! transcendental functions), so the same `--rows`, `--seed` and providers file give the same
//! bytes on every machine. Memory does not grow with `--rows`.
//!
//! `--meta FILE` writes what was generated as `key=value` lines: `rows`, `expected_accepted`,
//! `expected_rejected` (`bad_date` + `empty_text`), `retweets`, `cross_posts`, `long_posts`,
//! `no_provider`, text length percentiles. `benches/cli.sh` checks bedside's counts against it.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Writes a synthetic Brandwatch-style mentions export (CSV) for benchmarks.

Usage: gen_export --rows N [--seed S] [--providers FILE] [--out FILE] [--meta FILE]

Options:
  --rows N           data rows to write (required)
  --seed S           random seed (default 7); same rows + seed + providers = same bytes
  --providers FILE   provider directory CSV (default: datasets/demo/providers.csv)
  --out FILE         output file (default: standard output)
  --meta FILE        also write key=value counts of what was generated
  -h, --help         show this help
";

/// The sentence templates, embedded so the binary needs no files besides the providers.
const PHRASES: &str = include_str!("../data/phrases.txt");

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_export: {message}");
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    n_rows: u64,
    seed: u64,
    providers: PathBuf,
    out: Option<PathBuf>,
    meta: Option<PathBuf>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        n_rows: 0,
        seed: 7,
        providers: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo/providers.csv"),
        out: None,
        meta: None,
    };
    let mut have_rows = false;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            print!("{USAGE}");
            return Ok(None);
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || value.parse::<u64>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--rows" => {
                args.n_rows = number()?;
                have_rows = true;
            }
            "--seed" => args.seed = number()?,
            "--providers" => args.providers = PathBuf::from(&value),
            "--out" => args.out = Some(PathBuf::from(&value)),
            "--meta" => args.meta = Some(PathBuf::from(&value)),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if !have_rows {
        return Err("--rows is required".to_string());
    }
    Ok(Some(args))
}

fn run() -> Result<(), String> {
    let Some(args) = parse_args()? else { return Ok(()) };
    let directory = std::fs::read_to_string(&args.providers)
        .map_err(|e| format!("cannot read {}: {e}", args.providers.display()))?;
    let bank = Bank::parse(PHRASES)?;
    let mut rng = Rng::new(args.seed);
    let providers = Provider::parse_directory(&directory, &mut rng)?;
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let mut generator = Generator::new(bank, providers, rng, args.n_rows);
    generator.write_all(&mut out).map_err(|e| format!("cannot write the export: {e}"))?;
    out.flush().map_err(|e| format!("cannot write the export: {e}"))?;
    let meta = generator.stats.render(args.n_rows, args.seed);
    match &args.meta {
        Some(path) => std::fs::write(path, &meta)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => eprint!("{meta}"),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// SplitMix64: tiny, fast, and fully specified, so outputs never change with a crate version.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EED_BED5_1DE0_0001)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// [`Rng::pick`] for word lists.
    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the given integer weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (idx, &w) in weights.iter().enumerate() {
            if x < w {
                return idx;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Provider,
    Parent,
    Duration,
    Place,
    Nurse,
    Receptionist,
    Doctor,
    Amount,
    Parking,
    Minutes,
    Month,
    Weeks,
    Count,
    Staff,
}

enum Piece {
    Literal(&'static str),
    Slot(Slot),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gate {
    Any,
    Hospital,
    NotHospital,
}

struct Template {
    gate: Gate,
    polarity: i8,
    pieces: Vec<Piece>,
}

impl Template {
    fn parse(line: &'static str, with_polarity: bool) -> Result<Template, String> {
        let (polarity, rest) = if with_polarity {
            let (pol, rest) =
                line.split_once('\t').ok_or_else(|| format!("no polarity column: {line}"))?;
            (pol.parse::<i8>().map_err(|_| format!("bad polarity: {line}"))?, rest)
        } else {
            (0, line)
        };
        let (gate, mut rest) = if let Some(r) = rest.strip_prefix("H|") {
            (Gate::Hospital, r)
        } else if let Some(r) = rest.strip_prefix("C|") {
            (Gate::NotHospital, r)
        } else {
            (Gate::Any, rest)
        };
        let mut pieces = Vec::new();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').ok_or_else(|| format!("unclosed slot: {line}"))?;
            if open > 0 {
                pieces.push(Piece::Literal(&rest[..open]));
            }
            let slot = match &rest[open + 1..open + close] {
                "P" => Slot::Provider,
                "C" => Slot::Parent,
                "dur" => Slot::Duration,
                "place" => Slot::Place,
                "nurse" => Slot::Nurse,
                "recep" => Slot::Receptionist,
                "doc" => Slot::Doctor,
                "amount" => Slot::Amount,
                "park" => Slot::Parking,
                "mins" => Slot::Minutes,
                "month" => Slot::Month,
                "weeks" => Slot::Weeks,
                "n" => Slot::Count,
                "staff" => Slot::Staff,
                other => return Err(format!("unknown slot {{{other}}} in: {line}")),
            };
            pieces.push(Piece::Slot(slot));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest));
        }
        Ok(Template { gate, polarity, pieces })
    }

    fn has(&self, slot: Slot) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Slot(s) if *s == slot))
    }
}

/// Polarity index into the per-polarity lists: favourable, unfavourable, neutral.
const POS: usize = 0;
const NEG: usize = 1;
const NEU: usize = 2;

fn polarity_index(polarity: i8) -> usize {
    match polarity {
        p if p > 0 => POS,
        p if p < 0 => NEG,
        _ => NEU,
    }
}

struct TopicBank {
    sentences: [Vec<Template>; 3],
    hashtags: [Vec<&'static str>; 2],
    sarcasm: Vec<Template>,
}

struct Bank {
    topics: Vec<TopicBank>,
    traps: Vec<Template>,
    doctor_traps: Vec<Template>,
    generic: Vec<Template>,
    context_any: Vec<&'static str>,
    context_hospital: Vec<&'static str>,
    openers_any: Vec<Template>,
    openers_doctor: Vec<Template>,
    closers: [Vec<&'static str>; 3],
    emoji: [Vec<&'static str>; 3],
    staff: [Vec<Template>; 3],
    story: Vec<&'static str>,
}

impl Bank {
    fn parse(text: &'static str) -> Result<Bank, String> {
        let mut sections: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for line in text.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('@') {
                sections.push((name, Vec::new()));
            } else {
                let (_, lines) =
                    sections.last_mut().ok_or_else(|| format!("line outside a section: {line}"))?;
                lines.push(line);
            }
        }
        let lines = |name: &str| -> Vec<&'static str> {
            sections.iter().filter(|(n, _)| *n == name).flat_map(|(_, l)| l.clone()).collect()
        };
        let templates = |name: &str, with_polarity: bool| -> Result<Vec<Template>, String> {
            let parsed: Result<Vec<_>, _> =
                lines(name).into_iter().map(|l| Template::parse(l, with_polarity)).collect();
            let parsed = parsed?;
            if parsed.is_empty() {
                return Err(format!("empty section @{name}"));
            }
            Ok(parsed)
        };
        let mut topics = Vec::new();
        for name in TOPICS {
            topics.push(TopicBank {
                sentences: [
                    templates(&format!("topic {name} pos"), false)?,
                    templates(&format!("topic {name} neg"), false)?,
                    templates(&format!("topic {name} neu"), false)?,
                ],
                hashtags: [
                    lines(&format!("hashtags {name} pos")),
                    lines(&format!("hashtags {name} neg")),
                ],
                sarcasm: lines(&format!("sarcasm {name}"))
                    .into_iter()
                    .map(|l| Template::parse(l, false))
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(Bank {
            topics,
            traps: templates("trap", true)?,
            doctor_traps: templates("doctor_trap", false)?,
            generic: templates("generic", true)?,
            context_any: lines("context any"),
            context_hospital: lines("context hospital"),
            openers_any: templates("opener any", false)?,
            openers_doctor: templates("opener doctor", false)?,
            closers: [lines("closer pos"), lines("closer neg"), lines("closer neu")],
            emoji: [lines("emoji pos"), lines("emoji neg"), lines("emoji neu")],
            staff: [
                templates("staff pos", false)?,
                templates("staff neg", false)?,
                templates("staff neu", false)?,
            ],
            story: lines("story"),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------------

const TOPICS: [&str; 10] = [
    "wait_times",
    "access_scheduling",
    "staff_attitude",
    "communication",
    "clinical_competence",
    "staffing_responsiveness",
    "billing_cost",
    "facilities_cleanliness",
    "food_amenities",
    "parking_access",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hospital,
    Clinic,
    Doctor,
}

struct Provider {
    name: String,
    kind: Kind,
    aliases: Vec<String>,
    handles: Vec<String>,
    parent: Option<usize>,
    doctors: Vec<usize>,
    /// How often the provider is written about, relative to the others.
    weight: u64,
    /// Per topic: how often it comes up, and how often (per mille) favourably.
    profile: [(u64, u64); TOPICS.len()],
}

impl Provider {
    /// Reads `id,name,kind,aliases,handles,location_ids,parent_id` (lists `|`-separated) and
    /// draws each provider's volume and topic profile from the seed.
    fn parse_directory(text: &str, rng: &mut Rng) -> Result<Vec<Provider>, String> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header = split_csv_line(lines.next().ok_or("empty provider directory")?);
        let column = |name: &str| {
            header.iter().position(|h| h == name).ok_or(format!("providers: no column {name}"))
        };
        let (c_id, c_name, c_kind) = (column("id")?, column("name")?, column("kind")?);
        let (c_aliases, c_handles, c_parent) =
            (column("aliases")?, column("handles")?, column("parent_id")?);
        let mut ids = Vec::new();
        let mut parents = Vec::new();
        let mut providers = Vec::new();
        for line in lines {
            let fields = split_csv_line(line);
            let field = |idx: usize| fields.get(idx).map(String::as_str).unwrap_or("");
            let list = |idx: usize| -> Vec<String> {
                field(idx).split('|').filter(|s| !s.is_empty()).map(str::to_string).collect()
            };
            let kind = match field(c_kind) {
                "hospital" => Kind::Hospital,
                "doctor" => Kind::Doctor,
                _ => Kind::Clinic,
            };
            let weight = match kind {
                Kind::Hospital => rng.range(10, 16),
                Kind::Clinic => rng.range(4, 9),
                Kind::Doctor => rng.range(1, 4),
            };
            let mut profile = [(0, 0); TOPICS.len()];
            for entry in &mut profile {
                *entry = (rng.range(1, 40), rng.range(60, 940));
            }
            ids.push(field(c_id).to_string());
            parents.push(field(c_parent).to_string());
            let mut aliases = list(c_aliases);
            if aliases.is_empty() {
                aliases.push(field(c_name).to_string());
            }
            providers.push(Provider {
                name: field(c_name).to_string(),
                kind,
                aliases,
                handles: list(c_handles),
                parent: None,
                doctors: Vec::new(),
                weight,
                profile,
            });
        }
        if providers.is_empty() {
            return Err("the provider directory lists no provider".to_string());
        }
        for idx in 0..providers.len() {
            if let Some(parent) = ids.iter().position(|id| !id.is_empty() && *id == parents[idx]) {
                providers[idx].parent = Some(parent);
                if providers[idx].kind == Kind::Doctor {
                    providers[parent].doctors.push(idx);
                }
            }
        }
        Ok(providers)
    }

    /// The short names a text calls a doctor by ("Dr. Patel"), else all aliases.
    fn doctor_names(&self) -> Vec<&str> {
        let short: Vec<&str> =
            self.aliases.iter().map(String::as_str).filter(|a| a.starts_with("Dr")).collect();
        if short.is_empty() { self.aliases.iter().map(String::as_str).collect() } else { short }
    }
}

/// Splits one CSV line (double quotes allowed, no newlines inside fields).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

// ---------------------------------------------------------------------------------------------
// Vocabulary that is not sentences
// ---------------------------------------------------------------------------------------------

const FIRST: &[&str] = &[
    "Maria", "James", "Keisha", "Tom", "Priya", "Derek", "Lena", "Marcus", "Sofia", "Brandon",
    "Aisha", "Kyle", "Rosa", "Evan", "Mei", "Trevor", "Nadia", "Colin", "Tasha", "Victor",
    "Jolene", "Ravi", "Heather", "Omar", "Brittany", "Luis", "Gwen", "Darnell", "Yuki", "Shannon",
    "Pete", "Ingrid", "Malik", "Carla", "Dev", "Fiona", "Hector", "Lorna", "Quinn", "Renee",
    "Stan", "Tamsin", "Ulysses", "Vera", "Wade", "Xiomara", "Yolanda", "Zach", "Abby", "Bo",
];
const LAST: &[&str] = &[
    "Lindqvist",
    "Harrow",
    "Mbeki",
    "Castellano",
    "Fairweather",
    "Okoye",
    "Brannigan",
    "Sato",
    "Velasquez",
    "Pruitt",
    "Kowalczyk",
    "Ashdown",
    "Ferreira",
    "Gallagher",
    "Haddad",
    "Ivers",
    "Jablonski",
    "Kettering",
    "Lutz",
    "Moreau",
    "Nakamura",
    "Oduya",
    "Penhallow",
    "Quintero",
    "Rasmussen",
    "Szabo",
    "Trindade",
    "Underhill",
    "Vance",
    "Whitcombe",
    "Yardley",
    "Zielinski",
    "Amadi",
    "Beaumont",
    "Corrigan",
    "Delacroix",
    "Eastwick",
    "Foxley",
    "Grady",
    "Holloway",
];
const HANDLE_WORDS: &[&str] = &[
    "sunny", "tired", "coffee", "night", "river", "quiet", "mama", "dad", "runner", "garden",
    "pixel", "storm", "lucky", "rusty", "maple", "boho", "grumpy", "happy", "nurse", "teacher",
    "biker", "retro", "salty", "cozy", "gamer", "fishing",
];
const HANDLE_NOUNS: &[&str] = &[
    "bear", "fox", "owl", "mom", "guy", "gal", "life", "vibes", "thoughts", "dude", "cat", "hound",
    "kid", "writer", "lady", "fan", "pilot", "baker",
];
const PLACES_HOSPITAL: &[&str] =
    &["the ER", "the emergency room", "the ER waiting room", "the ward", "triage", "radiology"];
const PLACES_CLINIC: &[&str] = &["the waiting room", "the lobby", "the exam room", "the office"];
const RECEPTIONISTS: &[&str] = &[
    "the receptionist",
    "the lady at registration",
    "the triage clerk",
    "the woman at the front desk",
    "the guy at check-in",
];
const DOCTORS_HOSPITAL: &[&str] =
    &["the doctor", "the ER doctor", "the attending", "the surgeon", "the resident"];
const DOCTORS_CLINIC: &[&str] = &["the doctor", "the NP", "my doctor", "the PA"];
const MONTHS: &[&str] = &["January", "February", "March", "April", "December", "next spring"];
const STAFF_ROLES: &[(&str, bool)] = &[
    ("Nurse", true),
    ("Nurse", true),
    ("Dr.", false),
    ("Dr", false),
    ("the phlebotomist", true),
    ("the receptionist", true),
    ("Nurse practitioner", true),
    ("the tech", true),
    ("PA", true),
];
const TYPOS: &[(&str, &str)] = &[
    (" receive ", " recieve "),
    (" definitely ", " definately "),
    (" appointment ", " appointmnet "),
    (" doctor ", " docter "),
    (" because ", " becuase "),
    (" waiting ", " wating "),
    (" really ", " realy "),
    (" the ", " teh "),
    (" minutes ", " mintues "),
];
/// First words that may be lower-cased after ", but " (never names).
const LOWER_OK: &[&str] = &[
    "The",
    "They",
    "We",
    "My",
    "Our",
    "It",
    "Everyone",
    "Everything",
    "Nobody",
    "No",
    "Staff",
    "Parking",
    "Food",
    "Front",
    "Got",
    "Had",
    "Pressed",
    "Nurses",
    "Results",
    "Waited",
    "Was",
    "Dinner",
    "Cold",
    "Spotless",
    "Free",
    "Dirty",
    "Saw",
    "Sat",
    "Seen",
    "Only",
    "Still",
    "Called",
    "Paid",
    "Asked",
    "Explained",
    "Booked",
    "Billing",
    "Charged",
    "Gave",
    "Warm",
    "Plenty",
    "Easy",
    "Valet",
    "Kindest",
    "So",
    "Wait",
    "Zero",
    "Knowledgeable",
    "Best",
    "Diagnosed",
    "Stitches",
    "Portal",
    "Three",
    "Couldn't",
    "Can't",
    "Checked",
    "Honestly",
    "In",
    "Triage",
    "Shortest",
];
const SUBREDDITS: &[&str] =
    &["springfield", "HealthInsurance", "medicalbills", "AskDocs", "ERstories", "nursing"];
const FORUMS: &[&str] =
    &["forums.patientvoices.example", "healthboards.example.org", "springfieldparents.example.net"];
const NEWS_SITES: &[&str] =
    &["springfield-ledger.example", "wspf-news.example", "valleytimes.example.com"];
const TITLES: [&[&str]; 3] = [
    &["Good experience at {} for once", "Shoutout to {}", "{} deserves some love"],
    &["Rant: {}", "Avoid {}?", "PSA about {}", "What is going on at {}?", "{} is getting worse"],
    &["Anyone been to {}?", "{} experience", "Question about {}", "Thoughts on {}?"],
];
const NEWS_TITLES: &[&str] = &[
    "{} expands weekend hours",
    "Patients describe long waits at {}",
    "{} opens renovated wing",
    "{} reviews its billing after complaints",
    "Inside the emergency department at {}",
    "{} hiring nurses amid staffing strain",
];
const BAD_DATES: &[&str] =
    &["yesterday", "N/A", "2026-02-30 10:00:00.0", "31/31/2026", "2026-13-01 09:15:00.0"];
const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Platform {
    Twitter,
    Facebook,
    Reddit,
    Forum,
    Instagram,
    News,
}

const PLATFORMS: [Platform; 6] = [
    Platform::Twitter,
    Platform::Facebook,
    Platform::Reddit,
    Platform::Forum,
    Platform::Instagram,
    Platform::News,
];
const PLATFORM_WEIGHTS: [u64; 6] = [34, 24, 15, 10, 12, 5];

impl Platform {
    fn name(self) -> &'static str {
        match self {
            Platform::Twitter => "twitter",
            Platform::Facebook => "facebook",
            Platform::Reddit => "reddit",
            Platform::Forum => "forum",
            Platform::Instagram => "instagram",
            Platform::News => "news",
        }
    }

    /// The longest text the platform shows (bytes); long posts go up to `LONG_MAX`.
    fn max_bytes(self) -> usize {
        match self {
            Platform::Twitter => 280,
            Platform::Instagram => 400,
            Platform::Facebook => 520,
            _ => 600,
        }
    }

    fn max_topics(self) -> u64 {
        match self {
            Platform::Reddit | Platform::Forum | Platform::News => 4,
            _ => 3,
        }
    }

    fn social(self) -> bool {
        matches!(self, Platform::Twitter | Platform::Instagram | Platform::Facebook)
    }
}

/// The longest text written (bytes).
const LONG_MAX: usize = 5_000;

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/// Unix time of 2025-11-01T00:00:00Z, and the span of the export (one year).
const START_UNIX: u64 = 1_761_955_200;
const SPAN_SECONDS: u64 = 365 * 86_400;
const HEADER: &[&str] = &[
    "Query Id",
    "Query Name",
    "Date",
    "Title",
    "Url",
    "Domain",
    "Sentiment",
    "Page Type",
    "Language",
    "Country",
    "Author",
    "Full Name",
    "Full Text",
    "Twitter Followers",
    "Thread Entry Type",
];
const RECENT: usize = 512;

#[derive(Default)]
struct Stats {
    bad_date: u64,
    empty_text: u64,
    retweets: u64,
    cross_posts: u64,
    long_posts: u64,
    no_provider: u64,
    bytes: u64,
    /// Texts by length in bytes (the last bucket holds every longer text).
    lengths: Vec<u64>,
}

impl Stats {
    fn record_length(&mut self, n_bytes: usize) {
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

    fn render(&self, n_rows: u64, seed: u64) -> String {
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

struct Person {
    first: &'static str,
    last: &'static str,
    handle: String,
}

struct Generator {
    bank: Bank,
    providers: Vec<Provider>,
    provider_weights: Vec<u64>,
    rng: Rng,
    n_rows: u64,
    /// Recent original texts (author handle, text) for retweets and cross-posts.
    recent: Vec<(String, String)>,
    stats: Stats,
    line: String,
}

impl Generator {
    fn new(bank: Bank, providers: Vec<Provider>, rng: Rng, n_rows: u64) -> Generator {
        let provider_weights = providers.iter().map(|p| p.weight).collect();
        Generator {
            bank,
            providers,
            provider_weights,
            rng,
            n_rows,
            recent: Vec::with_capacity(RECENT),
            stats: Stats::default(),
            line: String::with_capacity(8192),
        }
    }

    fn write_all(&mut self, out: &mut impl Write) -> io::Result<()> {
        let preamble = "Report:,Patient mentions\nBrand:,Bedside benchmark health system\n\
                        Author:,bench@bedside-demo.example\n\
                        Date Range:,2025-11-01 00:00 - 2026-10-31 23:59\n\"\"\n\
                        Query:,Bedside benchmark - patient mentions\n";
        out.write_all(preamble.as_bytes())?;
        out.write_all(HEADER.join(",").as_bytes())?;
        out.write_all(b"\n")?;
        self.stats.bytes = (preamble.len() + HEADER.join(",").len() + 1) as u64;
        for row_idx in 0..self.n_rows {
            self.line.clear();
            self.row(row_idx);
            out.write_all(self.line.as_bytes())?;
            self.stats.bytes += self.line.len() as u64;
        }
        Ok(())
    }

    /// Writes one CSV row (with its newline) into `self.line`.
    fn row(&mut self, row_idx: u64) {
        // Date order: row i falls in the i-th slice of the year.
        let offset = (u128::from(row_idx) * u128::from(SPAN_SECONDS)
            + u128::from(self.rng.below(SPAN_SECONDS)))
            / u128::from(self.n_rows);
        let unix = START_UNIX + offset as u64;
        let mut date = format_date(unix);
        let platform = PLATFORMS[self.rng.weighted(&PLATFORM_WEIGHTS)];
        let person = self.person();

        let (mut text, polarity, provider) = if self.recent.len() == RECENT
            && platform == Platform::Twitter
            && self.rng.chance(60)
        {
            let (handle, original) = &self.recent[self.rng.below(RECENT as u64) as usize];
            self.stats.retweets += 1;
            (trim(&format!("RT @{handle}: {original}"), 280), 0, None)
        } else if self.recent.len() == RECENT && platform.social() && self.rng.chance(10) {
            let (_, original) = &self.recent[self.rng.below(RECENT as u64) as usize];
            self.stats.cross_posts += 1;
            (original.clone(), 0, None)
        } else {
            let (text, polarity, provider) = self.mention_text(platform);
            if self.recent.len() < RECENT {
                self.recent.push((person.handle.clone(), text.clone()));
            } else {
                let slot = self.rng.below(RECENT as u64) as usize;
                self.recent[slot] = (person.handle.clone(), text.clone());
            }
            (text, polarity, provider)
        };

        // Bad rows, with everything else as usual.
        if self.rng.chance(3) {
            date = self.rng.pick(BAD_DATES).to_string();
            self.stats.bad_date += 1;
        } else if self.rng.chance(3) {
            text = if self.rng.chance(500) { String::new() } else { "   ".to_string() };
            self.stats.empty_text += 1;
        }
        if !text.trim().is_empty() {
            self.stats.record_length(text.len());
        }

        let title = self.title(platform, provider, polarity);
        let url = self.url(platform, &person, unix, if title.is_empty() { &text } else { &title });
        let domain = match platform {
            Platform::Twitter => "twitter.com".to_string(),
            Platform::Facebook => "facebook.com".to_string(),
            Platform::Reddit => "reddit.com".to_string(),
            Platform::Instagram => "instagram.com".to_string(),
            Platform::Forum | Platform::News => {
                url.split('/').nth(2).unwrap_or("").trim_start_matches("www.").to_string()
            }
        };
        let sentiment = if self.rng.chance(250) {
            "neutral"
        } else {
            ["positive", "negative", "neutral"][polarity_index(polarity)]
        };
        let full_name = format!("{} {}", person.first, person.last);
        let (author, full_name) = match platform {
            Platform::Facebook | Platform::News => (full_name.clone(), full_name),
            Platform::Reddit | Platform::Forum => (person.handle.clone(), String::new()),
            _ => (person.handle.clone(), full_name),
        };
        let followers = if platform == Platform::Twitter {
            let digits = self.rng.weighted(&[30, 35, 20, 10, 5]) as u32 + 1;
            self.rng.range(10u64.pow(digits - 1), 10u64.pow(digits) - 1).to_string()
        } else {
            String::new()
        };
        let entry = if self.rng.chance(200) { "reply" } else { "post" };
        let fields: [&str; 15] = [
            "2003948571",
            "Bedside benchmark - patient mentions",
            &date,
            &title,
            &url,
            &domain,
            sentiment,
            platform.name(),
            "en",
            "United States",
            &author,
            &full_name,
            &text,
            &followers,
            entry,
        ];
        for (idx, field) in fields.iter().enumerate() {
            if idx > 0 {
                self.line.push(',');
            }
            push_csv_field(&mut self.line, field);
        }
        self.line.push('\n');
    }

    fn person(&mut self) -> Person {
        let first = *self.rng.pick(FIRST);
        let last = *self.rng.pick(LAST);
        let handle = match self.rng.below(100) {
            0..40 => format!(
                "{}_{}{}",
                first.to_lowercase(),
                last[..1].to_lowercase(),
                self.rng.range(1, 99)
            ),
            40..75 => format!(
                "{}{}{}",
                self.rng.pick(HANDLE_WORDS),
                self.rng.pick(HANDLE_NOUNS),
                self.rng.range(1, 999)
            ),
            _ => {
                let mut h = format!("{first}{last}");
                h.truncate(15);
                h
            }
        };
        Person { first, last, handle }
    }

    /// A mention's text, its overall polarity and the provider it is about.
    fn mention_text(&mut self, platform: Platform) -> (String, i8, Option<usize>) {
        if self.rng.chance(80) {
            // About no known provider: a general remark, mostly with a story of an unnamed
            // place around it, so that these texts are not all copies of a few sentences.
            self.stats.no_provider += 1;
            let template = self.rng.pick(&self.bank.generic);
            let polarity = template.polarity;
            let ctx = Context::none(polarity);
            let mut parts = Vec::with_capacity(4);
            let mut text = String::new();
            fill(&mut text, template, &mut self.rng, &ctx);
            parts.push(text);
            if self.rng.chance(800) {
                parts.push(self.rng.pick(&self.bank.context_any).to_string());
                let topic = self.rng.below(TOPICS.len() as u64) as usize;
                let templates = &self.bank.topics[topic].sentences[polarity_index(polarity)];
                parts.push(sentence(templates, &mut self.rng, &ctx));
                if self.rng.chance(500) {
                    parts.push(
                        self.rng.pick(&self.bank.closers[polarity_index(polarity)]).to_string(),
                    );
                }
                let first = parts.remove(0);
                parts.push(first);
            }
            let text = self.style(parts.join(" "), polarity, &[], platform);
            return (trim(&text, platform.max_bytes()), polarity, None);
        }
        let provider = self.rng.weighted(&self.provider_weights);
        let long_share = match platform {
            Platform::Reddit | Platform::Forum => 100,
            Platform::News => 300,
            _ => 0,
        };
        if self.rng.chance(long_share) {
            self.stats.long_posts += 1;
            let (text, polarity) = self.long_post(provider);
            return (text, polarity, Some(provider));
        }
        let (text, polarity) = self.compose(provider, platform);
        (trim(&text, platform.max_bytes()), polarity, Some(provider))
    }

    fn reference(&mut self, provider: usize, platform: Platform) -> String {
        let p = &self.providers[provider];
        if platform == Platform::Twitter && !p.handles.is_empty() && self.rng.chance(550) {
            return self.rng.pick(&p.handles).clone();
        }
        let pick = self.rng.below(p.aliases.len() as u64 + 2) as usize;
        let name = if pick < 2 { p.name.clone() } else { p.aliases[pick - 2].clone() };
        if p.kind != Kind::Doctor && self.rng.chance(60) { name.to_lowercase() } else { name }
    }

    fn context(&mut self, provider: usize, polarity: i8, reference: String) -> Context {
        let p = &self.providers[provider];
        let parent = p.parent.map(|idx| {
            let parent = &self.providers[idx];
            let pick = self.rng.below(parent.aliases.len() as u64 + 1) as usize;
            if pick == 0 { parent.name.clone() } else { parent.aliases[pick - 1].clone() }
        });
        let doctor = if p.kind == Kind::Doctor {
            self.rng.pick(&p.doctor_names()).to_string()
        } else if !p.doctors.is_empty() && self.rng.chance(300) {
            let doc = &self.providers[*self.rng.pick(&p.doctors)];
            self.rng.pick(&doc.doctor_names()).to_string()
        } else if p.kind == Kind::Hospital {
            self.rng.pick(DOCTORS_HOSPITAL).to_string()
        } else {
            self.rng.pick(DOCTORS_CLINIC).to_string()
        };
        Context { reference, parent, doctor, hospital: p.kind == Kind::Hospital, polarity }
    }

    /// One short post about `provider`, as the demo's `compose` writes it.
    fn compose(&mut self, provider: usize, platform: Platform) -> (String, i8) {
        let reference = self.reference(provider, platform);
        let p_kind = self.providers[provider].kind;
        let special = self.rng.below(1000);
        if special < 35 {
            let doctor = p_kind == Kind::Doctor;
            let pool = if doctor { &self.bank.doctor_traps } else { &self.bank.traps };
            let idx = self.rng.below(pool.len() as u64) as usize;
            let polarity = if doctor { 1 } else { pool[idx].polarity };
            let ctx = self.context(provider, polarity, reference);
            let pool = if doctor { &self.bank.doctor_traps } else { &self.bank.traps };
            let mut text = String::new();
            fill(&mut text, &pool[idx], &mut self.rng, &ctx);
            return (text, polarity);
        }
        if special < 75 {
            let profile = self.providers[provider].profile;
            let sour: Vec<usize> = (0..TOPICS.len())
                .filter(|&t| profile[t].1 < 500 && !self.bank.topics[t].sarcasm.is_empty())
                .collect();
            if !sour.is_empty() {
                let topic = *self.rng.pick(&sour);
                let ctx = self.context(provider, -1, reference);
                let template = self.rng.pick(&self.bank.topics[topic].sarcasm);
                let mut text = String::new();
                fill(&mut text, template, &mut self.rng, &ctx);
                return (text, -1);
            }
        }

        let n_topics = (self.rng.weighted(&[24, 40, 27, 9]) as u64 + 1).min(platform.max_topics());
        let (topics, polarities) = self.pick_topics(provider, n_topics);
        let mut sentences = Vec::with_capacity(topics.len() + 1);
        for (&topic, &polarity) in topics.iter().zip(&polarities) {
            let ctx = self.context(provider, polarity, reference.clone());
            let templates = &self.bank.topics[topic].sentences[polarity_index(polarity)];
            sentences.push(sentence(templates, &mut self.rng, &ctx));
        }
        let mut sum: i64 = polarities.iter().map(|&p| i64::from(p)).sum();
        let mut count = polarities.len() as i64;
        if self.rng.chance(120) {
            let polarity = [1, -1, 0][self.rng.weighted(&[45, 45, 10])];
            let ctx = self.context(provider, polarity, reference.clone());
            sentences.push(sentence(
                &self.bank.staff[polarity_index(polarity)],
                &mut self.rng,
                &ctx,
            ));
            sum += i64::from(polarity);
            count += 1;
        }
        if sentences.len() >= 2
            && polarities.len() >= 2
            && polarities[0] * polarities[1] < 0
            && self.rng.chance(550)
        {
            let second = sentences.remove(1);
            sentences[0] = join_but(&sentences[0], &second);
        }
        // Overall polarity: the mean, with a dead zone of +-0.2.
        let polarity: i8 = if 5 * sum > count {
            1
        } else if 5 * sum < -count {
            -1
        } else {
            0
        };

        let mut parts: Vec<String> = Vec::with_capacity(sentences.len() + 3);
        let mut named = false;
        let opener = self.rng.below(1000);
        let ctx = self.context(provider, polarity, reference.clone());
        if p_kind == Kind::Doctor {
            if opener < 600 {
                let usable: Vec<&Template> = self
                    .bank
                    .openers_doctor
                    .iter()
                    .filter(|t| ctx.parent.is_some() || !t.has(Slot::Parent))
                    .collect();
                let mut text = String::new();
                let template = *self.rng.pick(&usable);
                fill(&mut text, template, &mut self.rng, &ctx);
                parts.push(text);
                named = true;
            }
        } else if opener < 700 {
            let mut text = String::new();
            fill(&mut text, self.rng.pick(&self.bank.openers_any), &mut self.rng, &ctx);
            parts.push(text);
            named = true;
        }
        if self.rng.chance(350) {
            let pool = if p_kind == Kind::Hospital && self.rng.chance(330) {
                &self.bank.context_hospital
            } else {
                &self.bank.context_any
            };
            parts.push(self.rng.pick(pool).to_string());
        }
        parts.extend(sentences);
        if self.rng.chance(450) {
            parts.push(self.rng.pick(&self.bank.closers[polarity_index(polarity)]).to_string());
        }
        let mut text = parts.join(" ");
        if !named {
            let r = &reference;
            text = match (self.rng.below(3), r.starts_with('@')) {
                (0, true) => format!("{r} {text}"),
                (1, true) => format!("{text} {r}"),
                (_, true) => format!("Hey {r}, {}", lower_first(&text)),
                (0, false) => format!("{r}: {text}"),
                (1, false) => format!("{text} ({r})"),
                (_, false) => format!("About {r}. {text}"),
            };
        }
        let topic_ids: Vec<usize> = topics;
        (self.style(text, polarity, &topic_ids, platform), polarity)
    }

    fn pick_topics(&mut self, provider: usize, n_topics: u64) -> (Vec<usize>, Vec<i8>) {
        let profile = self.providers[provider].profile;
        let mut weights: Vec<u64> = profile.iter().map(|&(w, _)| w).collect();
        let mut topics = Vec::new();
        let mut polarities = Vec::new();
        for _ in 0..n_topics {
            let topic = self.rng.weighted(&weights);
            weights[topic] = 0;
            topics.push(topic);
            let polarity = if self.rng.chance(70) {
                0
            } else if self.rng.below(1000) < profile[topic].1 {
                1
            } else {
                -1
            };
            polarities.push(polarity);
            if weights.iter().all(|&w| w == 0) {
                break;
            }
        }
        (topics, polarities)
    }

    /// Emoji, hashtags, typos, shouting and lower case, as on social media.
    fn style(
        &mut self,
        mut text: String,
        polarity: i8,
        topics: &[usize],
        platform: Platform,
    ) -> String {
        if self.rng.chance(80) {
            let (good, bad) = *self.rng.pick(TYPOS);
            if let Some(at) = text.find(good) {
                text.replace_range(at..at + good.len(), bad);
            }
        }
        if polarity < 0
            && self.rng.chance(60)
            && let Some(end) = text.find(". ")
        {
            let shout = text[..end].to_uppercase();
            text.replace_range(..end, &shout);
        }
        let twitter_like = matches!(platform, Platform::Twitter | Platform::Instagram);
        if twitter_like && self.rng.chance(120) {
            text = text.to_lowercase();
        }
        if platform.social() && self.rng.chance(450) {
            let emoji = *self.rng.pick(&self.bank.emoji[polarity_index(polarity)]);
            text.push(' ');
            for _ in 0..[1, 1, 1, 2, 3][self.rng.below(5) as usize] {
                text.push_str(emoji);
            }
        }
        let tag_chance = if platform == Platform::Instagram { 700 } else { 300 };
        if twitter_like && !topics.is_empty() && self.rng.chance(tag_chance) {
            let side = usize::from(polarity <= 0);
            for &topic in topics {
                let tags = &self.bank.topics[topic].hashtags[side];
                if !tags.is_empty() {
                    let tag = *self.rng.pick(tags);
                    if !text.contains(tag) {
                        text.push(' ');
                        text.push_str(tag);
                    }
                }
            }
        }
        if platform == Platform::Facebook
            && self.rng.chance(150)
            && let Some(at) = text.find(". ")
        {
            text.replace_range(at..at + 2, ".\n");
        }
        if self.rng.chance(40) {
            text = text.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&quot;");
        } else if text.is_ascii() && text.contains('\'') && self.rng.chance(2) {
            // UTF-8 read as cp1252: a right single quote becomes "â€™".
            text = text.replace('\'', "\u{e2}\u{20ac}\u{2122}");
        }
        text
    }

    /// A long Reddit, forum or news post: paragraphs of narrative, topic and context sentences,
    /// heavy-tailed in length and capped at `LONG_MAX` bytes.
    fn long_post(&mut self, provider: usize) -> (String, i8) {
        let n_sentences = 10
            + match self.rng.weighted(&[50, 25, 13, 8, 4]) {
                0 => self.rng.range(0, 10),
                1 => self.rng.range(10, 25),
                2 => self.rng.range(25, 50),
                3 => self.rng.range(50, 80),
                _ => self.rng.range(80, 120),
            };
        let reference = self.providers[provider].name.clone();
        let (topics, polarities) = self.pick_topics(provider, 5);
        let mut text = format!(
            "We went to {reference} {}.",
            self.rng.pick(&[
                "last month",
                "on a Saturday",
                "in the middle of the night",
                "twice this year"
            ])
        );
        let mut sum = 0i64;
        let mut since_break = 1;
        for idx in 1..n_sentences {
            let sentence = match self.rng.below(10) {
                0..6 => self.rng.pick(&self.bank.story).to_string(),
                6..9 => {
                    let pick = (idx as usize) % topics.len();
                    let polarity = polarities[pick];
                    sum += i64::from(polarity);
                    let ctx = self.context(provider, polarity, reference.clone());
                    let templates =
                        &self.bank.topics[topics[pick]].sentences[polarity_index(polarity)];
                    sentence(templates, &mut self.rng, &ctx)
                }
                _ => self.rng.pick(&self.bank.context_any).to_string(),
            };
            let separator = if since_break >= 3 && self.rng.chance(300) {
                since_break = 0;
                "\n\n"
            } else {
                " "
            };
            if text.len() + separator.len() + sentence.len() > LONG_MAX {
                break;
            }
            text.push_str(separator);
            text.push_str(&sentence);
            since_break += 1;
        }
        (text, sum.signum() as i8)
    }

    fn title(&mut self, platform: Platform, provider: Option<usize>, polarity: i8) -> String {
        let name = provider.map(|idx| {
            let p = &self.providers[idx];
            self.rng.pick(&p.aliases).clone()
        });
        match (platform, name) {
            (Platform::Reddit | Platform::Forum, Some(name)) if self.rng.chance(550) => {
                self.rng.pick(TITLES[polarity_index(polarity)]).replace("{}", &name)
            }
            (Platform::News, Some(name)) => self.rng.pick(NEWS_TITLES).replace("{}", &name),
            (Platform::News, None) => "Health care costs keep rising in the county".to_string(),
            _ => String::new(),
        }
    }

    fn url(&mut self, platform: Platform, person: &Person, unix: u64, words: &str) -> String {
        let rng = &mut self.rng;
        let mut code =
            |n: usize| -> String { (0..n).map(|_| *rng.pick(ALPHANUMERIC) as char).collect() };
        match platform {
            Platform::Twitter => {
                let id = ((unix * 1000 - 1_288_834_974_657) << 22) | self.rng.below(1 << 22);
                format!("https://twitter.com/{}/status/{id}", person.handle)
            }
            Platform::Facebook => {
                let story = code(16);
                format!("https://www.facebook.com/permalink.php?story_fbid={story}")
            }
            Platform::Instagram => format!("https://www.instagram.com/p/{}/", code(11)),
            Platform::Reddit => {
                let id = code(6).to_lowercase();
                let sub = *self.rng.pick(SUBREDDITS);
                format!("https://www.reddit.com/r/{sub}/comments/{id}/{}/", slug(words))
            }
            Platform::Forum => {
                let site = *self.rng.pick(FORUMS);
                let n = self.rng.range(1000, 999_999);
                format!("https://{site}/t/{}/{n}", slug(words))
            }
            Platform::News => {
                let site = *self.rng.pick(NEWS_SITES);
                let n = self.rng.range(1000, 99_999);
                format!("https://www.{site}/news/{n}/{}", slug(words))
            }
        }
    }
}

/// What template slots are filled with for one sentence.
struct Context {
    reference: String,
    parent: Option<String>,
    doctor: String,
    hospital: bool,
    polarity: i8,
}

impl Context {
    fn none(polarity: i8) -> Context {
        Context {
            reference: String::new(),
            parent: None,
            doctor: "the doctor".to_string(),
            hospital: false,
            polarity,
        }
    }
}

/// One sentence from `templates`, among those allowed for the provider's kind.
fn sentence(templates: &[Template], rng: &mut Rng, ctx: &Context) -> String {
    let allowed = |t: &&Template| match t.gate {
        Gate::Any => true,
        Gate::Hospital => ctx.hospital,
        Gate::NotHospital => !ctx.hospital,
    };
    let n_allowed = templates.iter().filter(allowed).count();
    let template = if n_allowed == 0 {
        rng.pick(templates)
    } else {
        let nth = rng.below(n_allowed as u64) as usize;
        templates.iter().filter(allowed).nth(nth).unwrap()
    };
    let mut text = String::new();
    fill(&mut text, template, rng, ctx);
    text
}

/// Appends `template` with its slots filled; a lower-case first letter is capitalized.
fn fill(out: &mut String, template: &Template, rng: &mut Rng, ctx: &Context) {
    let start = out.len();
    for piece in &template.pieces {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Slot(slot) => fill_slot(out, *slot, rng, ctx),
        }
    }
    let first = out[start..].chars().next();
    if let Some(c) = first
        && c.is_lowercase()
        && !out[start..].starts_with("the wait")
    {
        let upper: String = c.to_uppercase().collect();
        out.replace_range(start..start + c.len_utf8(), &upper);
    }
}

fn fill_slot(out: &mut String, slot: Slot, rng: &mut Rng, ctx: &Context) {
    match slot {
        Slot::Provider => out.push_str(&ctx.reference),
        Slot::Parent => out.push_str(ctx.parent.as_deref().unwrap_or("the clinic")),
        Slot::Duration => push_duration(out, rng, ctx),
        Slot::Place => {
            out.push_str(rng.word(if ctx.hospital { PLACES_HOSPITAL } else { PLACES_CLINIC }))
        }
        Slot::Nurse => {
            out.push_str("Nurse ");
            out.push_str(rng.word(FIRST));
        }
        Slot::Receptionist => out.push_str(rng.word(RECEPTIONISTS)),
        Slot::Doctor => out.push_str(&ctx.doctor),
        Slot::Amount => {
            let dollars = if ctx.hospital { rng.range(400, 12_000) } else { rng.range(90, 1_500) };
            out.push('$');
            if dollars >= 1000 {
                let _ = write!(out, "{},{:03}", dollars / 1000, dollars % 1000);
            } else {
                let _ = write!(out, "{dollars}");
            }
        }
        Slot::Parking => {
            let _ = write!(out, "${}", rng.range(8, 35));
        }
        Slot::Minutes => {
            let _ = write!(out, "{}", rng.range(3, 12) * 5);
        }
        Slot::Month => out.push_str(rng.word(MONTHS)),
        Slot::Weeks => {
            let _ = write!(out, "{}", rng.range(2, 8));
        }
        Slot::Count => {
            let _ = write!(out, "{}", rng.range(3, 15));
        }
        Slot::Staff => {
            let (role, first_name) = *rng.pick(STAFF_ROLES);
            out.push_str(role);
            out.push(' ');
            out.push_str(if first_name { rng.word(FIRST) } else { rng.word(LAST) });
        }
    }
}

/// A wait as people write it: short when favourable, long when not (longer at hospitals).
fn push_duration(out: &mut String, rng: &mut Rng, ctx: &Context) {
    let _ = match (ctx.polarity.signum(), ctx.hospital) {
        (1, _) => match rng.below(5) {
            0 => write!(out, "{} minutes", rng.range(5, 30)),
            1 => write!(out, "{} min", rng.range(5, 30)),
            2 => write!(out, "under half an hour"),
            3 => write!(out, "maybe {} minutes", rng.range(2, 6) * 5),
            _ => write!(out, "about {} minutes", rng.range(2, 6) * 5),
        },
        (0, _) => match rng.below(4) {
            0 => write!(out, "about an hour"),
            1 => write!(out, "{} minutes", rng.range(35, 60)),
            2 => write!(out, "an hour"),
            _ => write!(out, "{} min", rng.range(35, 60)),
        },
        (_, true) => match rng.below(7) {
            0 => write!(out, "{} hours", rng.range(2, 9)),
            1 => write!(out, "almost {} hours", rng.range(3, 9)),
            2 => write!(out, "over {} hours", rng.range(2, 8)),
            3 => write!(out, "{}.5 hrs", rng.range(2, 6)),
            4 => write!(out, "{} and a half hours", rng.range(2, 6)),
            5 => write!(out, "{}+ hours", rng.range(3, 8)),
            _ => write!(out, "{} minutes", rng.range(90, 300)),
        },
        (_, false) => match rng.below(6) {
            0 => write!(out, "an hour"),
            1 => write!(out, "an hour and a half"),
            2 => write!(out, "{} minutes", rng.range(60, 150)),
            3 => write!(out, "over an hour"),
            4 => write!(out, "{} hours", rng.range(2, 4)),
            _ => write!(out, "{} min", rng.range(45, 90)),
        },
    };
}

/// `a, but b` with `b`'s first word lower-cased when it is not a name.
fn join_but(a: &str, b: &str) -> String {
    let first_word = b.split(' ').next().unwrap_or("");
    let b = if LOWER_OK.contains(&first_word) { lower_first(b) } else { b.to_string() };
    format!("{}, but {b}", a.trim_end_matches(['.', '!']))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Cuts `text` to at most `max` bytes, at a sentence end when one is near, else at a word.
fn trim(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let sentence_end = [". ", "! ", "? "].iter().filter_map(|p| head.rfind(p)).max();
    match sentence_end {
        Some(at) if at > 20 => head[..=at].to_string(),
        _ => {
            let mut cut = max.saturating_sub(3);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let head = &text[..cut];
            let word = head.rfind(' ').unwrap_or(head.len());
            format!("{}…", &head[..word])
        }
    }
}

fn slug(words: &str) -> String {
    let mut out = String::with_capacity(48);
    for c in words.chars() {
        if out.len() >= 40 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Appends a CSV field, quoted when it holds a comma, quote or line break.
fn push_csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for c in field.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// `YYYY-MM-DD HH:MM:SS.0`, as Brandwatch writes dates.
fn format_date(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    // Civil-from-days (Howard Hinnant), valid for the Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.0",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}
