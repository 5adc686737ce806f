//! Export presets: which columns of each tool's export feed which [`Mention`] field.
//!
//! [`Mention`]: bedside_types::Mention

use std::fmt;
use std::str::FromStr;

use crate::Error;
use crate::date::DateOrder;

/// A known export layout.
///
/// Each preset lists, per [`MentionField`], the column names (CSV) or field paths (JSON) that
/// can feed it, tried in order; the first present and non-empty wins. Names match
/// case-insensitively. The lists, with the date convention and source of each:
///
/// | preset | text | date | other fields | source |
/// |---|---|---|---|---|
/// | `brandwatch` | `Full Text`, `Snippet` | `Date` (ISO) | id `Mention Id`/`Resource Id`, author `Author`/`Full Name`, url `Url` | `Page Type`, else `Domain` |
/// | `meltwater` | `Hit Sentence`, `Opening Text` | `Date` + `Time` (US) | id `Document ID`, author `Influencer`/`Author`, url `URL` | `Source Type`/`Source`/`Source Name` |
/// | `talkwalker` | `content` | `published` (epoch ms) | id `id`, author `extra_author_attributes.name`, url `url` | url host |
/// | `sprout` | `Message` | `Timestamp`/`Date`/`Created Time` (US) | id `Message ID`/`Post ID`, author `From`/`Sender`/`Sent By`, url `Link`/`Permalink`, page `Profile` | `Network` |
/// | `hootsuite` | `Post Text`/`Message` | `Date (GMT)`/`Date`/`Created Date` (US) | id `Post ID`, author `Author`/`Author Name`, url `Post Link`/`Post URL`, page `Social Profile` | `Network`/`Social Network` |
/// | `x` | `note_tweet.text`, `text` | `created_at` | id `id`, author `author.username` (twarc2-flattened) else `author_id` (→ username via `includes.users`), handle first `entities.mentions.N.username` else the replied-to user | `twitter`; url `https://x.com/i/status/<id>` |
/// | `google` | `comment` | `createTime` | id `reviewId`/`name`, author `reviewer.displayName`, rating `starRating`, location from `name` (`locations/<id>`) | `google` |
/// | `yelp` | `text` | `date`/`time_created` | id `review_id`/`id`, author `user.name`/`user_id`, rating `stars`/`rating`, location `business_id` | `yelp` |
/// | `survey` | `Answer`/`Comment`/`Free text`/`Response` | `Date`/`Response Date` (UK) | question `Question`/`FFT question`, provider `Organisation code`/`Site code`/`Site`, rating `FFT score`/`Score`/`Rating` | `survey` |
/// | `generic` | `text`/`content`/`message`/`comment`/`review`/`body`/... | `date`/`created_at`/`timestamp`/... (US) | see [`Preset::candidates`] | `source`/`platform`/`network`, else url host |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Preset {
    /// Brandwatch CSV export (a preamble of about six lines precedes the header).
    Brandwatch,
    /// Meltwater CSV export (often UTF-16LE, tab-separated).
    Meltwater,
    /// Talkwalker JSON or CSV export.
    Talkwalker,
    /// Sprout Social CSV export.
    SproutSocial,
    /// Hootsuite CSV export.
    Hootsuite,
    /// X (Twitter) API v2 responses, JSON or JSON Lines.
    XApiV2,
    /// Google Business Profile reviews.
    GoogleReviews,
    /// Yelp reviews (dataset or Fusion API).
    Yelp,
    /// Patient survey exports (NHS Friends and Family Test style).
    Survey,
    /// Any other table with a recognizable text column, or one named in a column mapping.
    Generic,
}

/// The `Mention` fields a column can feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum MentionField {
    /// `Mention::id`.
    Id,
    /// `Mention::text`.
    Text,
    /// `Mention::posted_at` (the date, or date and time).
    Date,
    /// The time of day, for exports that split date and time (Meltwater).
    Time,
    /// `Mention::author`.
    Author,
    /// `Mention::source`.
    Source,
    /// `Mention::url`.
    Url,
    /// `ProviderHints::provider_id`.
    ProviderId,
    /// `ProviderHints::handle`.
    Handle,
    /// `ProviderHints::location_id`.
    LocationId,
    /// `ProviderHints::page`.
    Page,
    /// `Mention::rating`.
    Rating,
    /// `Mention::question`.
    Question,
}

impl MentionField {
    /// Every field, in display order.
    pub const ALL: [MentionField; 13] = [
        MentionField::Id,
        MentionField::Text,
        MentionField::Date,
        MentionField::Time,
        MentionField::Author,
        MentionField::Source,
        MentionField::Url,
        MentionField::ProviderId,
        MentionField::Handle,
        MentionField::LocationId,
        MentionField::Page,
        MentionField::Rating,
        MentionField::Question,
    ];

    /// A stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionField::Id => "id",
            MentionField::Text => "text",
            MentionField::Date => "date",
            MentionField::Time => "time",
            MentionField::Author => "author",
            MentionField::Source => "source",
            MentionField::Url => "url",
            MentionField::ProviderId => "provider_id",
            MentionField::Handle => "handle",
            MentionField::LocationId => "location_id",
            MentionField::Page => "page",
            MentionField::Rating => "rating",
            MentionField::Question => "question",
        }
    }
}

impl fmt::Display for MentionField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

use MentionField as F;

impl Preset {
    /// Every preset, in detection order.
    pub const ALL: [Preset; 10] = [
        Preset::Brandwatch,
        Preset::Meltwater,
        Preset::Talkwalker,
        Preset::GoogleReviews,
        Preset::Yelp,
        Preset::XApiV2,
        Preset::Hootsuite,
        Preset::SproutSocial,
        Preset::Survey,
        Preset::Generic,
    ];

    /// The names accepted by [`FromStr`] (besides aliases such as `twitter` or `nhs-fft`).
    pub const NAMES: [&'static str; 10] = [
        "brandwatch",
        "meltwater",
        "talkwalker",
        "google",
        "yelp",
        "x",
        "hootsuite",
        "sprout",
        "survey",
        "generic",
    ];

    /// The preset's short name, as accepted by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Brandwatch => "brandwatch",
            Preset::Meltwater => "meltwater",
            Preset::Talkwalker => "talkwalker",
            Preset::SproutSocial => "sprout",
            Preset::Hootsuite => "hootsuite",
            Preset::XApiV2 => "x",
            Preset::GoogleReviews => "google",
            Preset::Yelp => "yelp",
            Preset::Survey => "survey",
            Preset::Generic => "generic",
        }
    }

    /// The column names or field paths that can feed `field`, in order of preference.
    pub fn candidates(self, field: MentionField) -> &'static [&'static str] {
        match self {
            Preset::Brandwatch => match field {
                F::Id => &["Mention Id", "Resource Id"],
                F::Text => &["Full Text", "Snippet"],
                F::Date => &["Date"],
                F::Author => &["Author", "Full Name"],
                F::Source => &["Page Type", "Domain"],
                F::Url => &["Url"],
                _ => &[],
            },
            Preset::Meltwater => match field {
                F::Id => &["Document ID", "Tweet Id"],
                F::Text => &["Hit Sentence", "Opening Text"],
                F::Date => &["Date"],
                F::Time => &["Time"],
                F::Author => &["Influencer", "Author"],
                F::Source => &["Source Type", "Source", "Source Name"],
                F::Url => &["URL"],
                _ => &[],
            },
            Preset::Talkwalker => match field {
                F::Id => &["id", "external_id"],
                F::Text => &["content"],
                F::Date => &["published"],
                F::Author => &["extra_author_attributes.name"],
                F::Url => &["url"],
                _ => &[],
            },
            Preset::SproutSocial => match field {
                F::Id => &["Message ID", "Post ID", "Guid"],
                F::Text => &["Message", "Post"],
                F::Date => &["Timestamp", "Date", "Created Time", "Sent Date"],
                F::Author => &["From", "Sender", "Sent By"],
                F::Source => &["Network"],
                F::Url => &["Link", "Permalink"],
                F::Page => &["Profile", "Profile Name"],
                _ => &[],
            },
            Preset::Hootsuite => match field {
                F::Id => &["Post ID", "Message ID"],
                F::Text => &["Post Text", "Message", "Post Message"],
                F::Date => &["Date (GMT)", "Date", "Created Date", "Published Date"],
                F::Author => &["Author", "Author Name"],
                F::Source => &["Network", "Social Network"],
                F::Url => &["Post Link", "Post URL", "Permalink"],
                F::Page => &["Social Profile", "Profile Name"],
                _ => &[],
            },
            Preset::XApiV2 => match field {
                F::Id => &["id"],
                F::Text => &["note_tweet.text", "text"],
                F::Date => &["created_at"],
                F::Author => &["author.username", "author_id"],
                F::Handle => &["entities.mentions.0.username"],
                _ => &[],
            },
            Preset::GoogleReviews => match field {
                F::Id => &["reviewId", "name"],
                F::Text => &["comment"],
                F::Date => &["createTime", "updateTime"],
                F::Author => &["reviewer.displayName"],
                F::Rating => &["starRating"],
                F::LocationId => &["name"],
                _ => &[],
            },
            Preset::Yelp => match field {
                F::Id => &["review_id", "id"],
                F::Text => &["text"],
                F::Date => &["date", "time_created"],
                F::Author => &["user.name", "user_id"],
                F::Rating => &["stars", "rating"],
                F::LocationId => &["business_id"],
                F::Url => &["url"],
                _ => &[],
            },
            Preset::Survey => match field {
                F::Id => &["Response ID", "ID"],
                F::Text => {
                    &["Answer", "Comment", "Comments", "Free text", "Free text comment", "Response"]
                }
                F::Date => &["Date", "Response Date", "Date of response", "Submitted"],
                F::Question => &["Question", "FFT question", "Question text"],
                F::ProviderId => &[
                    "Organisation code",
                    "Org code",
                    "Site code",
                    "Trust code",
                    "Site",
                    "Organisation",
                ],
                F::Rating => &["FFT score", "Score", "Rating", "FFT response"],
                _ => &[],
            },
            Preset::Generic => match field {
                F::Id => &["id", "review_id", "mention_id", "post_id", "message_id"],
                F::Text => GENERIC_TEXT,
                F::Date => &[
                    "date",
                    "created_at",
                    "created",
                    "timestamp",
                    "datetime",
                    "posted_at",
                    "published",
                    "published_at",
                ],
                F::Author => &["author", "username", "user", "screen_name", "reviewer"],
                F::Source => &["source", "platform", "network", "channel"],
                F::Url => &["url", "link", "permalink"],
                F::ProviderId => &["provider_id", "provider"],
                F::Handle => &["handle"],
                F::LocationId => &["location_id", "business_id", "place_id"],
                F::Page => &["page", "profile"],
                F::Rating => &["rating", "stars", "star_rating", "score"],
                F::Question => &["question"],
                _ => &[],
            },
        }
    }

    /// The source every mention of this preset gets, if fixed (`twitter`, `google`, `yelp`,
    /// `survey`).
    pub fn fixed_source(self) -> Option<&'static str> {
        match self {
            Preset::XApiV2 => Some("twitter"),
            Preset::GoogleReviews => Some("google"),
            Preset::Yelp => Some("yelp"),
            Preset::Survey => Some("survey"),
            _ => None,
        }
    }

    /// How all-numeric dates are read by default.
    pub fn date_order(self) -> DateOrder {
        match self {
            Preset::Survey => DateOrder::DayFirst,
            _ => DateOrder::MonthFirst,
        }
    }

    /// Detects the preset from column names (CSV) or field paths (JSON), ignoring case. Returns
    /// [`Preset::Generic`] when no specific preset matches.
    pub fn detect<S: AsRef<str>>(columns: &[S]) -> Preset {
        let lower: Vec<String> = columns.iter().map(|c| c.as_ref().trim().to_lowercase()).collect();
        let has = |name: &str| lower.iter().any(|c| c == name);
        let any = |names: &[&str]| names.iter().any(|n| has(&n.to_lowercase()));
        if has("full text") && (has("url") || has("domain")) && has("date") {
            Preset::Brandwatch
        } else if has("hit sentence")
            || (has("opening text") && (has("source name") || has("influencer")))
        {
            Preset::Meltwater
        } else if has("extra_author_attributes.name") || (has("content") && has("published")) {
            Preset::Talkwalker
        } else if has("starrating") || has("reviewer.displayname") {
            Preset::GoogleReviews
        } else if (has("review_id") && has("business_id"))
            || (has("time_created") && has("rating") && has("text"))
        {
            Preset::Yelp
        } else if has("text")
            && (has("author_id") || has("edit_history_tweet_ids.0") || has("conversation_id"))
        {
            Preset::XApiV2
        } else if has("post text") || has("social profile") || has("post link") || has("date (gmt)")
        {
            Preset::Hootsuite
        } else if has("message") && has("network") {
            Preset::SproutSocial
        } else if has("fft score")
            || has("fft question")
            || (any(Preset::Survey.candidates(F::Question))
                && any(Preset::Survey.candidates(F::Text)))
        {
            Preset::Survey
        } else {
            Preset::Generic
        }
    }
}

const GENERIC_TEXT: &[&str] = &[
    "text",
    "content",
    "message",
    "comment",
    "comments",
    "review",
    "review_text",
    "review text",
    "body",
    "feedback",
    "full text",
    "post text",
    "answer",
    "free text",
];

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = Error;

    fn from_str(s: &str) -> Result<Preset, Error> {
        let name = s.trim().to_lowercase().replace(['_', ' '], "-");
        let preset = match name.as_str() {
            "brandwatch" => Preset::Brandwatch,
            "meltwater" => Preset::Meltwater,
            "talkwalker" => Preset::Talkwalker,
            "sprout" | "sprout-social" | "sproutsocial" => Preset::SproutSocial,
            "hootsuite" => Preset::Hootsuite,
            "x" | "twitter" | "x-api" | "x-api-v2" | "xapiv2" => Preset::XApiV2,
            "google" | "google-reviews" | "gbp" | "google-business-profile" => {
                Preset::GoogleReviews
            }
            "yelp" => Preset::Yelp,
            "survey" | "fft" | "nhs-fft" => Preset::Survey,
            "generic" => Preset::Generic,
            _ => return Err(Error::UnknownPreset { name: s.to_string() }),
        };
        Ok(preset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (preset, name) in Preset::ALL.iter().zip(Preset::NAMES) {
            assert_eq!(preset.name(), name);
            assert_eq!(name.parse::<Preset>().unwrap(), *preset);
        }
        assert_eq!("Sprout Social".parse::<Preset>().unwrap(), Preset::SproutSocial);
        assert_eq!("NHS_FFT".parse::<Preset>().unwrap(), Preset::Survey);
        let err = "tiktok".parse::<Preset>().unwrap_err().to_string();
        assert!(
            err.starts_with("unknown format \"tiktok\"; expected one of: brandwatch,"),
            "{err}"
        );
    }

    #[test]
    fn detects_each_preset() {
        let cases: [(&[&str], Preset); 12] = [
            (&["Date", "Title", "Url", "Domain", "Author", "Full Text"], Preset::Brandwatch),
            (&["Date", "Time", "Headline", "URL", "Hit Sentence", "Source"], Preset::Meltwater),
            (&["url", "published", "content", "title"], Preset::Talkwalker),
            (&["extra_author_attributes.name", "url"], Preset::Talkwalker),
            (&["name", "reviewer.displayName", "starRating", "comment"], Preset::GoogleReviews),
            (&["review_id", "user_id", "business_id", "stars", "text"], Preset::Yelp),
            (&["id", "text", "created_at", "author_id"], Preset::XApiV2),
            (&["Date (GMT)", "Network", "Post Text", "Social Profile"], Preset::Hootsuite),
            (&["Timestamp", "Network", "Profile", "From", "Message", "Link"], Preset::SproutSocial),
            (&["Date", "Site code", "FFT question", "Answer"], Preset::Survey),
            (&["Date", "Question", "Comment"], Preset::Survey),
            (&["when", "text"], Preset::Generic),
        ];
        for (columns, expected) in cases {
            assert_eq!(Preset::detect(columns), expected, "{columns:?}");
        }
    }
}
