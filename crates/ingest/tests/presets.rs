//! One fixture per export preset: the exact mentions and rejects.

use bedside_ingest::{
    ColumnMapping, Compression, Container, MentionField, MentionReaderBuilder, Preset,
};
use bedside_types::{Mention, ProviderHints};

use crate::util::{at, extra, fixture, read, read_with, s};

#[test]
fn brandwatch_csv_with_preamble() {
    let r = read("brandwatch.csv");
    assert_eq!(r.detection.preset, Preset::Brandwatch);
    assert_eq!(r.detection.header_row, Some(7));
    assert_eq!(r.detection.container, Container::Csv { delimiter: b',' });
    assert_eq!(
        r.detection.fields,
        [
            (MentionField::Text, "Full Text".to_string()),
            (MentionField::Date, "Date".to_string()),
            (MentionField::Author, "Author".to_string()),
            (MentionField::Source, "Page Type".to_string()),
            (MentionField::Url, "Url".to_string()),
        ]
    );
    assert_eq!(
        r.mentions[0],
        Mention {
            id: "brandwatch:8".to_string(),
            text: "Thanks to the A&E team at @StMarysHosp — quick and kind".to_string(),
            posted_at: at(2026, 3, 4, 9, 30, 0),
            author: s("jo_bloggs"),
            source: "twitter".to_string(),
            url: s("https://twitter.com/jo/status/111"),
            extra: extra(&[
                ("Query Id", "1"),
                ("Query Name", "Hospitals"),
                ("Domain", "twitter.com"),
                ("Sentiment", "positive"),
                ("Thread Entry Type", "post"),
                ("Twitter Followers", "120"),
            ]),
            ..r.base(8)
        }
    );
    // No page type: the source falls back to the domain.
    assert_eq!(r.mentions[1].source, "reddit");
    assert_eq!(r.mentions[1].text, "Parking is a nightmare, I’ve circled for 40 minutes");
    assert_eq!(r.mentions[1].extra[2], ("Title".into(), "Parking woes".to_string()));
    assert_eq!(r.rejects(), [(10, Some("Date"), "unparseable date")]);
    assert_eq!(r.counts(), (3, 2, 1));
}

#[test]
fn meltwater_utf16_tsv() {
    let r = read("meltwater_utf16.tsv");
    assert_eq!(r.detection.preset, Preset::Meltwater);
    assert_eq!(r.detection.encoding, "UTF-16LE");
    assert_eq!(r.detection.container, Container::Csv { delimiter: b'\t' });
    assert_eq!(
        r.mentions[0],
        Mention {
            id: "meltwater_utf16:2".to_string(),
            text: "ER wait was 6 hours at General".to_string(),
            posted_at: at(2026, 3, 4, 9, 30, 0),
            author: s("@annie"),
            source: "twitter".to_string(),
            url: s("https://x.com/annie/status/5"),
            extra: extra(&[("Source Name", "Twitter"), ("Country", "United Kingdom")]),
            ..r.base(2)
        }
    );
    let second = &r.mentions[1];
    assert_eq!(second.text, "The hospital \"is improving\"");
    assert_eq!(second.posted_at, at(2026, 3, 15, 14, 5, 0));
    assert_eq!((second.source.as_str(), second.author.as_deref()), ("news", None));
    assert_eq!(r.counts(), (2, 2, 0));
}

#[test]
fn talkwalker_json_and_csv() {
    let r = read("talkwalker.json");
    assert_eq!((r.detection.preset, r.detection.container), (Preset::Talkwalker, Container::Json));
    assert_eq!(
        r.mentions[0],
        Mention {
            id: "talkwalker:1".to_string(),
            text: "Staff were lovely but the clinic ran late".to_string(),
            posted_at: at(2026, 3, 4, 9, 30, 0),
            author: s("Pat"),
            source: "forum.example".to_string(),
            url: s("https://forum.example/t/1"),
            extra: extra(&[
                ("title", "Clinic review"),
                ("extra_author_attributes.gender", "F"),
                ("lang", "en"),
            ]),
            ..r.base(1)
        }
    );
    // The second record is wrapped in a `data` envelope.
    let second = &r.mentions[1];
    assert_eq!((second.id.as_str(), second.source.as_str()), ("talkwalker:2", "instagram"));
    assert_eq!(
        (second.author.as_deref(), second.posted_at),
        (Some("Lee"), at(2026, 3, 5, 9, 30, 0))
    );
    assert_eq!(r.counts(), (2, 2, 0));

    let r = read("talkwalker.csv");
    assert_eq!(r.detection.preset, Preset::Talkwalker);
    let m = &r.mentions[0];
    assert_eq!(m.text, "Blog: the maternity unit was calm, clean");
    assert_eq!((m.author.as_deref(), m.source.as_str()), (Some("Ana"), "blog.example"));
    assert_eq!(m.posted_at, at(2026, 3, 4, 9, 30, 0));
}

#[test]
fn sprout_social_csv() {
    let r = read("sprout.csv");
    assert_eq!(r.detection.preset, Preset::SproutSocial);
    assert_eq!(
        r.mentions[0],
        Mention {
            id: "sprout:2".to_string(),
            text: "The nurses on ward 4 were amazing".to_string(),
            posted_at: at(2026, 3, 4, 9, 30, 0),
            author: s("Chris P"),
            source: "facebook".to_string(),
            url: s("https://facebook.com/stmarys/posts/1"),
            hints: ProviderHints { page: s("St Mary's Hospital"), ..ProviderHints::default() },
            extra: extra(&[("Message Type", "Comment")]),
            ..r.base(2)
        }
    );
    let second = &r.mentions[1];
    assert_eq!((second.source.as_str(), second.posted_at), ("twitter", at(2026, 3, 5, 16, 15, 0)));
    assert_eq!(second.hints.page.as_deref(), Some("@StMarysHosp"));
}

#[test]
fn hootsuite_csv() {
    let r = read("hootsuite.csv");
    assert_eq!(r.detection.preset, Preset::Hootsuite);
    assert_eq!(
        r.mentions,
        [Mention {
            id: "hootsuite:2".to_string(),
            text: "Lovely maternity ward 😊".to_string(),
            posted_at: at(2026, 3, 4, 9, 30, 0),
            author: s("mia.k"),
            source: "instagram".to_string(),
            url: s("https://instagram.com/p/abc"),
            hints: ProviderHints { page: s("stmaryshospital"), ..ProviderHints::default() },
            extra: extra(&[("Likes", "12")]),
            ..r.base(2)
        }]
    );
    assert_eq!(r.rejects(), [(3, Some("Post Text"), "empty text")]);
}

#[test]
fn x_api_v2_document_resolves_usernames_from_trailing_includes() {
    let r = read("x_api.json");
    assert_eq!(r.detection.preset, Preset::XApiV2);
    assert_eq!(r.detection.fixed_source, Some("twitter"));
    assert_eq!(
        r.mentions[0],
        Mention {
            id: "1890000000000000001".to_string(),
            text: "@StMarysHosp thank you for the quick scan today".to_string(),
            posted_at: at(2026, 3, 4, 9, 30, 0),
            author: s("happy_pt"),
            source: "twitter".to_string(),
            url: s("https://x.com/i/status/1890000000000000001"),
            hints: ProviderHints { handle: s("@StMarysHosp"), ..ProviderHints::default() },
            extra: extra(&[
                ("edit_history_tweet_ids.0", "1890000000000000001"),
                ("entities.mentions.0.start", "0"),
                ("entities.mentions.0.end", "12"),
                ("entities.mentions.0.id", "7"),
            ]),
            ..r.base(1)
        }
    );
    // A reply: the handle is the replied-to user, resolved through `includes`.
    let second = &r.mentions[1];
    assert_eq!(second.text, "Still waiting for my results & nobody calls back");
    assert_eq!(second.author.as_deref(), Some("waiting_pt"));
    assert_eq!(second.hints.handle.as_deref(), Some("@StMarysHosp"));
    assert!(second.extra.is_empty());
    assert_eq!(r.counts(), (2, 2, 0));

    // From a plain reader the file cannot be read twice, so ids stay ids.
    let file = std::fs::File::open(fixture("x_api.json")).unwrap();
    let reader = MentionReaderBuilder::new().from_reader("x_api.json", file).unwrap();
    let authors: Vec<Option<String>> = reader.map(|m| m.unwrap().author).collect();
    assert_eq!(authors, [s("42"), s("43")]);
}

#[test]
fn x_api_v2_lines_with_envelopes_and_a_bad_line() {
    let r = read("x_stream.jsonl");
    assert_eq!((r.detection.preset, r.detection.container), (Preset::XApiV2, Container::JsonLines));
    assert_eq!(
        r.mentions[0],
        Mention {
            id: "11".to_string(),
            text: "ER was packed tonight".to_string(),
            posted_at: at(2026, 3, 4, 22, 10, 0),
            author: s("nightowl"),
            source: "twitter".to_string(),
            url: s("https://x.com/i/status/11"),
            extra: extra(&[("matching_rules.0.id", "1"), ("matching_rules.0.tag", "hospital")]),
            ..r.base(1)
        }
    );
    let third = &r.mentions[1];
    assert_eq!((third.id.as_str(), third.origin.row), ("13", 3));
    assert_eq!(
        (third.author.as_deref(), third.hints.handle.as_deref()),
        (Some("6"), Some("@CityClinic"))
    );
    assert_eq!(r.rejects(), [(2, None, "malformed JSON line (ends early, line 2)")]);
    assert_eq!(r.counts(), (3, 2, 1));
}

#[test]
fn google_business_profile_reviews() {
    let r = read("google_reviews.json");
    assert_eq!(r.detection.preset, Preset::GoogleReviews);
    assert_eq!(
        r.mentions,
        [Mention {
            id: "abc".to_string(),
            text: "Friendly reception, long wait".to_string(),
            posted_at: at(2026, 3, 4, 9, 30, 0),
            author: s("Maria G"),
            source: "google".to_string(),
            hints: ProviderHints { location_id: s("22"), ..ProviderHints::default() },
            rating: Some(4.0),
            extra: extra(&[
                ("reviewer.profilePhotoUrl", "https://lh3.example/p.jpg"),
                ("updateTime", "2026-03-04T09:31:00Z"),
                ("reviewReply.comment", "Thanks Maria"),
                ("reviewReply.updateTime", "2026-03-05T08:00:00Z"),
            ]),
            ..r.base(1)
        }]
    );
    assert_eq!(
        r.rejects(),
        [(2, Some("starRating"), "invalid rating"), (3, Some("comment"), "missing text field")]
    );
}

#[test]
fn yelp_reviews_plain_and_gzip() {
    let expected_first = |r: &crate::util::Read| Mention {
        id: "yr1".to_string(),
        text: "Dr. Lee explained everything clearly".to_string(),
        posted_at: at(2026, 3, 4, 9, 30, 0),
        author: s("u1"),
        source: "yelp".to_string(),
        hints: ProviderHints { location_id: s("biz-9"), ..ProviderHints::default() },
        rating: Some(5.0),
        extra: extra(&[("useful", "0")]),
        ..r.base(1)
    };
    let plain = read("yelp.jsonl");
    assert_eq!(plain.detection.preset, Preset::Yelp);
    assert_eq!(plain.mentions[0], expected_first(&plain));
    assert_eq!(plain.mentions[1].rating, Some(2.0));

    let gz = read("yelp.jsonl.gz");
    assert_eq!(gz.detection.compression, Compression::Gzip);
    assert_eq!(gz.mentions[0], expected_first(&gz));
    assert_eq!(gz.counts(), (2, 2, 0));
}

#[test]
fn nhs_fft_survey_with_uk_dates() {
    let r = read("survey_fft.csv");
    assert_eq!(r.detection.preset, Preset::Survey);
    let question = "Overall how was your experience of our service?";
    assert_eq!(
        r.mentions[0],
        Mention {
            id: "R-001".to_string(),
            text: "Staff were kind and the wait was short".to_string(),
            posted_at: at(2026, 3, 4, 0, 0, 0),
            source: "survey".to_string(),
            hints: ProviderHints { provider_id: s("RJ1"), ..ProviderHints::default() },
            rating: Some(5.0),
            question: s(question),
            extra: extra(&[("Site", "Outpatients")]),
            ..r.base(2)
        }
    );
    assert_eq!(
        (r.mentions[1].posted_at, r.mentions[1].rating),
        (at(2026, 3, 5, 14, 30, 0), Some(2.0))
    );
    assert_eq!(
        (r.mentions[2].posted_at, r.mentions[2].rating),
        (at(2026, 3, 31, 0, 0, 0), Some(2.0))
    );
    assert_eq!(
        r.rejects(),
        [(4, Some("FFT score"), "invalid rating"), (5, Some("Free text"), "empty text")]
    );

    let gz = read("survey_fft.csv.gz");
    assert_eq!(gz.detection.compression, Compression::Gzip);
    let relocated: Vec<Mention> = r
        .mentions
        .iter()
        .map(|m| Mention { origin: gz.base(m.origin.row).origin, ..m.clone() })
        .collect();
    assert_eq!((&gz.mentions, gz.counts()), (&relocated, (5, 3, 2)));
}

#[test]
fn generic_csv_with_a_column_mapping() {
    let mut builder = MentionReaderBuilder::new();
    let err = builder.open(&fixture("custom_columns.csv")).unwrap_err().to_string();
    assert!(
        err.ends_with(
            "no text column found (detected format generic); columns: ref, when, hospital, \
             feedback_body, stars, platform; name one with a column mapping (--text-col)"
        ),
        "{err}"
    );

    builder.mapping(ColumnMapping {
        id: s("ref"),
        text: s("FEEDBACK_BODY"),
        date: s("when"),
        provider: s("hospital"),
        ..ColumnMapping::default()
    });
    let r = read_with("custom_columns.csv", &builder);
    assert_eq!(r.detection.container, Container::Csv { delimiter: b';' });
    assert_eq!(
        r.mentions[0],
        Mention {
            id: "g1".to_string(),
            text: "Good care; clean rooms".to_string(),
            posted_at: at(2026, 3, 4, 0, 0, 0),
            source: "facebook".to_string(),
            hints: ProviderHints { provider_id: s("stmarys"), ..ProviderHints::default() },
            rating: Some(4.0),
            ..r.base(2)
        }
    );
    assert_eq!(
        (r.mentions[1].source.as_str(), &r.mentions[1].hints),
        ("unknown", &ProviderHints::default())
    );

    // A mapped column that is not there is a fatal error naming it.
    builder.mapping(ColumnMapping {
        text: s("feedback_body"),
        rating: s("score"),
        ..ColumnMapping::default()
    });
    let err = builder.open(&fixture("custom_columns.csv")).unwrap_err().to_string();
    assert!(err.contains("column \"score\" given for rating not found"), "{err}");
}

#[test]
fn forced_format_and_date_order_override_detection() {
    let mut builder = MentionReaderBuilder::new();
    builder.format(Some(Preset::Generic));
    let r = read_with("survey_fft.csv", &builder);
    assert_eq!(r.detection.preset, Preset::Generic);
    // Generic reads numeric dates month first: 04/03 is April 3rd and 31/03 is no date.
    assert_eq!(r.mentions[0].posted_at, at(2026, 4, 3, 0, 0, 0));
    assert_eq!((r.mentions[0].source.as_str(), r.mentions[0].rating), ("unknown", None));
    assert!(r.rejects().contains(&(6, Some("Date"), "unparseable date")), "{:?}", r.rejects());

    builder.date_order(Some(bedside_ingest::date::DateOrder::DayFirst));
    let r = read_with("survey_fft.csv", &builder);
    assert_eq!(r.mentions[0].posted_at, at(2026, 3, 4, 0, 0, 0));
    assert_eq!(r.mentions.last().unwrap().posted_at, at(2026, 3, 31, 0, 0, 0));
}
