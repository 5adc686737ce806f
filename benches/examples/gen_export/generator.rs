//! The generator: the preamble and header, then one CSV row per mention in date order (date,
//! author, title, URL and the other fields around the text). The texts are written by the
//! `compose` submodule.

mod compose;

use std::io::{self, Write};

use crate::bank::{Bank, polarity_index};
use crate::platform::{PLATFORM_WEIGHTS, PLATFORMS, Platform};
use crate::providers::Provider;
use crate::rng::Rng;
use crate::stats::Stats;
use crate::text::{format_date, push_csv_field, slug, trim};
use crate::words::{
    ALPHANUMERIC, BAD_DATES, FIRST, FORUMS, HANDLE_NOUNS, HANDLE_WORDS, LAST, NEWS_SITES,
    NEWS_TITLES, SUBREDDITS, TITLES,
};

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

struct Person {
    first: &'static str,
    last: &'static str,
    handle: String,
}

pub(crate) struct Generator {
    bank: Bank,
    providers: Vec<Provider>,
    provider_weights: Vec<u64>,
    rng: Rng,
    n_rows: u64,
    /// Recent original texts (author handle, text) for retweets and cross-posts.
    recent: Vec<(String, String)>,
    pub(crate) stats: Stats,
    line: String,
}

impl Generator {
    pub(crate) fn new(bank: Bank, providers: Vec<Provider>, rng: Rng, n_rows: u64) -> Generator {
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

    pub(crate) fn write_all(&mut self, out: &mut impl Write) -> io::Result<()> {
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
