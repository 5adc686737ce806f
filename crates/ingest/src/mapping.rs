//! From a raw record (named string fields) to a [`Mention`].

use std::sync::Arc;

use bedside_types::{Mention, Origin, ProviderHints};

use crate::RowError;
use crate::date::{DateOrder, parse_timestamp};
use crate::normalize::clean_text;
use crate::preset::{MentionField, Preset};
use crate::source::{RawRecord, Users};

/// Column names given by the user, one per [`Mention`] field (the CLI's `--text-col`,
/// `--date-col`, `--provider-col`...). The time-of-day and page columns always come from the
/// preset.
///
/// A name given here overrides the detected preset for that field; fields left `None` keep the
/// preset's columns. Names match case-insensitively; for JSON they are dotted paths
/// (`reviewer.displayName`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMapping {
    /// The id column.
    pub id: Option<String>,
    /// The text column.
    pub text: Option<String>,
    /// The date (or date-time) column.
    pub date: Option<String>,
    /// The author column.
    pub author: Option<String>,
    /// The source (platform) column.
    pub source: Option<String>,
    /// The link column.
    pub url: Option<String>,
    /// The provider id column (`ProviderHints::provider_id`).
    pub provider: Option<String>,
    /// The handle column (`ProviderHints::handle`).
    pub handle: Option<String>,
    /// The location id column (`ProviderHints::location_id`).
    pub location: Option<String>,
    /// The rating column.
    pub rating: Option<String>,
    /// The survey question column.
    pub question: Option<String>,
}

impl ColumnMapping {
    /// The column given for `field`, if any.
    pub fn get(&self, field: MentionField) -> Option<&str> {
        let column = match field {
            MentionField::Id => &self.id,
            MentionField::Text => &self.text,
            MentionField::Date => &self.date,
            MentionField::Author => &self.author,
            MentionField::Source => &self.source,
            MentionField::Url => &self.url,
            MentionField::ProviderId => &self.provider,
            MentionField::Handle => &self.handle,
            MentionField::LocationId => &self.location,
            MentionField::Rating => &self.rating,
            MentionField::Question => &self.question,
            // These keep the preset's columns: the fields match the CLI's `--*-col` flags.
            MentionField::Time | MentionField::Page => return None,
        };
        column.as_deref()
    }

    /// True if no column is given.
    pub fn is_empty(&self) -> bool {
        MentionField::ALL.iter().all(|f| self.get(*f).is_none())
    }
}

/// Maps raw records of one file onto mentions.
pub(crate) struct Mapper {
    pub file: Arc<str>,
    pub stem: String,
    pub preset: Preset,
    pub date_order: DateOrder,
    pub max_field_bytes: usize,
    /// Candidate names per field, in `MentionField::ALL` order.
    pub candidates: Vec<Vec<String>>,
    /// Users from the document's `includes` (X API), for records that carry none.
    pub users: Option<Users>,
    /// Where the candidate columns are in the last record's fields.
    columns: Columns,
}

/// The positions of each field's candidate columns among one list of field names. CSV records
/// all have the header's names, and JSON records of one export mostly the same paths: the
/// positions are found again only when the names change, not for every record.
#[derive(Default)]
struct Columns {
    /// The field names the positions are for.
    names: Vec<Arc<str>>,
    /// Per field, in `MentionField::ALL` order: the positions of the columns named like its
    /// candidates, in candidate order (then in field order).
    positions: Vec<Vec<usize>>,
}

impl Mapper {
    pub(crate) fn new(
        file: Arc<str>,
        preset: Preset,
        mapping: &ColumnMapping,
        date_order: DateOrder,
        max_field_bytes: usize,
    ) -> Mapper {
        let candidates = MentionField::ALL
            .iter()
            .map(|&field| match mapping.get(field) {
                Some(column) => vec![column.to_string()],
                None => preset.candidates(field).iter().map(|c| c.to_string()).collect(),
            })
            .collect();
        Mapper {
            stem: file_stem(&file),
            file,
            preset,
            date_order,
            max_field_bytes,
            candidates,
            users: None,
            columns: Columns::default(),
        }
    }

    /// Finds the candidate columns in `fields`, unless they have the names of the last ones.
    fn locate_columns(&mut self, fields: &[(Arc<str>, String)]) {
        let names = &self.columns.names;
        let same = names.len() == fields.len()
            && names.iter().zip(fields).all(|(a, (b, _))| Arc::ptr_eq(a, b) || a == b);
        if same && !self.columns.positions.is_empty() {
            return;
        }
        self.columns.names = fields.iter().map(|(name, _)| Arc::clone(name)).collect();
        self.columns.positions = self
            .candidates
            .iter()
            .map(|candidates| {
                candidates
                    .iter()
                    .flat_map(|cand| {
                        fields.iter().enumerate().filter_map(move |(i, (name, _))| {
                            name.eq_ignore_ascii_case(cand).then_some(i)
                        })
                    })
                    .collect()
            })
            .collect();
    }

    pub(crate) fn candidates(&self, field: MentionField) -> &[String] {
        &self.candidates[field as usize]
    }

    /// The first column among `columns` that can feed `field`.
    pub(crate) fn column_for<'c>(
        &self,
        field: MentionField,
        columns: &'c [String],
    ) -> Option<&'c str> {
        self.candidates(field)
            .iter()
            .find_map(|cand| columns.iter().find(|c| c.eq_ignore_ascii_case(cand)))
            .map(String::as_str)
    }

    pub(crate) fn map(&mut self, record: RawRecord) -> Result<Mention, RowError> {
        self.locate_columns(&record.fields);
        let row = record.row;
        let err =
            |column: Option<&str>, reason: String| RowError::new(&self.file, row, column, reason);
        let fields = &record.fields;
        if let Some((idx, (name, value))) =
            fields.iter().enumerate().find(|(_, (_, v))| v.len() > self.max_field_bytes)
        {
            let (n, limit) = (value.len(), self.max_field_bytes);
            let over = format!("over the size limit ({n} bytes, limit {limit})");
            // Any field can be too large, and its name may be mention text (a JSON key can be
            // anything): a name that does not look like one gives way to the field's position.
            return Err(match crate::error::shown_name(name) {
                Some(name) => err(Some(name), format!("field {over}")),
                None => err(None, format!("field {} {over}", idx + 1)),
            });
        }
        let mut used = vec![false; fields.len()];

        let text = match self.take(fields, &mut used, MentionField::Text) {
            Some((_, value)) => trim(&clean_text(value)).to_string(),
            None => {
                let present = self.candidates(MentionField::Text).iter().find_map(|cand| {
                    fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(cand)).map(|(k, _)| &**k)
                });
                return Err(match present {
                    Some(column) => err(Some(column), "empty text".to_string()),
                    None => {
                        let column =
                            self.candidates(MentionField::Text).first().map(String::as_str);
                        err(column, "missing text field".to_string())
                    }
                });
            }
        };
        if text.is_empty() {
            let column = self.find_any(fields, MentionField::Text);
            return Err(err(column, "empty text".to_string()));
        }

        let posted_at = match self.take(fields, &mut used, MentionField::Date) {
            None => None,
            Some((idx, date)) => {
                let combined;
                let value = match self.take(fields, &mut used, MentionField::Time) {
                    Some((_, time)) if !date.contains(':') => {
                        combined = format!("{date} {time}");
                        combined.as_str()
                    }
                    _ => date,
                };
                match parse_timestamp(value, self.date_order) {
                    Some(t) => Some(t),
                    None => return Err(err(Some(&fields[idx].0), "unparseable date".to_string())),
                }
            }
        };

        let rating = match self.take(fields, &mut used, MentionField::Rating) {
            None => None,
            Some((idx, value)) => match parse_rating(value) {
                Ok(r) => r,
                Err(()) => return Err(err(Some(&fields[idx].0), "invalid rating".to_string())),
            },
        };

        let export_id = self.take(fields, &mut used, MentionField::Id).map(|(_, v)| v.to_string());
        let id = export_id.clone().unwrap_or_else(|| {
            // `<stem>:<row>` or `<stem>:<row>.<sub>`, without the formatting machinery.
            let mut digits = itoa::Buffer::new();
            let mut id = String::with_capacity(self.stem.len() + 32);
            id.push_str(&self.stem);
            id.push(':');
            id.push_str(digits.format(row));
            if let Some(sub) = record.sub {
                id.push('.');
                id.push_str(digits.format(sub));
            }
            id
        });
        let users = record.users.as_ref().or(self.users.as_ref());
        let is_x = self.preset == Preset::XApiV2;

        let author = self.take(fields, &mut used, MentionField::Author).map(|(_, v)| {
            let resolved =
                if is_x { users.and_then(|u| u.get(v)).map(String::as_str) } else { None };
            clean_text(resolved.unwrap_or(v)).into_owned()
        });
        let url = match self.take(fields, &mut used, MentionField::Url) {
            Some((_, v)) => Some(v.to_string()),
            None if is_x => export_id.as_ref().map(|id| format!("https://x.com/i/status/{id}")),
            None => None,
        };
        let fixed_source = self.preset.fixed_source();
        let source = match fixed_source {
            Some(fixed) if self.candidates(MentionField::Source).is_empty() => fixed.to_string(),
            _ => self
                .take(fields, &mut used, MentionField::Source)
                .map(|(_, v)| normalize_source(v))
                .or_else(|| url.as_deref().and_then(url_host).map(normalize_source))
                .or_else(|| fixed_source.map(str::to_string))
                .unwrap_or_else(|| "unknown".to_string()),
        };

        let mut handle =
            self.take(fields, &mut used, MentionField::Handle).map(|(_, v)| v.to_string());
        if is_x
            && handle.is_none()
            && let Some(idx) = fields.iter().position(|(k, _)| &**k == "in_reply_to_user_id")
            && let Some(name) = users.and_then(|u| u.get(fields[idx].1.trim()))
        {
            used[idx] = true;
            handle = Some(name.clone());
        }
        let handle = handle.map(|h| if h.starts_with('@') { h } else { format!("@{h}") });
        let location_id = self.take(fields, &mut used, MentionField::LocationId).map(|(_, v)| {
            if self.preset == Preset::GoogleReviews
                && self.candidates(MentionField::LocationId) == ["name"]
            {
                google_location(v).unwrap_or(v).to_string()
            } else {
                v.to_string()
            }
        });
        let hints = ProviderHints {
            provider_id: self
                .take(fields, &mut used, MentionField::ProviderId)
                .map(|(_, v)| v.to_string()),
            handle,
            location_id,
            page: self.take(fields, &mut used, MentionField::Page).map(|(_, v)| v.to_string()),
        };
        let question = self
            .take(fields, &mut used, MentionField::Question)
            .map(|(_, v)| clean_text(v).into_owned());

        let origin = Origin { file: Arc::clone(&self.file), row };
        // The record is ours: its unused values move into `extra`.
        let extra = record
            .fields
            .into_iter()
            .zip(used)
            .filter(|((_, v), used)| !*used && !trim(v).is_empty())
            .map(|((k, v), _)| (k, v))
            .collect();
        Ok(Mention {
            id,
            text,
            posted_at,
            author,
            source,
            url,
            hints,
            rating,
            question,
            extra,
            origin,
        })
    }

    /// Finds `field` like [`Mapper::find`] and marks the column as used.
    fn take<'f>(
        &self,
        fields: &'f [(Arc<str>, String)],
        used: &mut [bool],
        field: MentionField,
    ) -> Option<(usize, &'f str)> {
        let idx = self.find(fields, field)?;
        used[idx] = true;
        Some((idx, trim(&fields[idx].1)))
    }

    /// The index of the first candidate column present with a non-blank value. `fields` must
    /// have the names [`locate_columns`](Mapper::locate_columns) was last called with.
    fn find(&self, fields: &[(Arc<str>, String)], field: MentionField) -> Option<usize> {
        let positions = &self.columns.positions[field as usize];
        positions.iter().copied().find(|&i| fields.get(i).is_some_and(|(_, v)| !trim(v).is_empty()))
    }

    /// The first candidate column present, blank or not.
    fn find_any<'f>(
        &self,
        fields: &'f [(Arc<str>, String)],
        field: MentionField,
    ) -> Option<&'f str> {
        self.candidates(field).iter().find_map(|cand| {
            fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(cand)).map(|(k, _)| &**k)
        })
    }
}

/// [`str::trim`], answered without decoding when the value starts and ends with an ASCII
/// character that is not whitespace (nearly every value).
fn trim(value: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| b < 0x80 && !matches!(b, b'\t'..=b'\r' | b' '));
    let bytes = value.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) { value } else { value.trim() }
}

/// `reviews.csv.gz` → `reviews`.
fn file_stem(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let name = name.strip_suffix(".gz").unwrap_or(name);
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[..dot].to_string(),
        _ => name.to_string(),
    }
}

/// `accounts/1/locations/22/reviews/abc` → `22`.
fn google_location(name: &str) -> Option<&str> {
    let (_, rest) = name.split_once("locations/")?;
    let id = rest.split('/').next()?;
    (!id.is_empty()).then_some(id)
}

/// Parses a rating into 1..=5: numbers (`4`, `4.5`, `4/5`, `4 stars`), Google's `ONE`..`FIVE`,
/// and survey answers (`Very good` = 5 .. `Very poor` = 1). `Don't know` and Google's
/// `STAR_RATING_UNSPECIFIED` are no rating. Anything else, or a number outside 1..=5, is an
/// error.
pub(crate) fn parse_rating(value: &str) -> Result<Option<f32>, ()> {
    let lower = value.trim().to_lowercase().replace('’', "'");
    let word = match lower.as_str() {
        "" | "don't know" | "dont know" | "star_rating_unspecified" | "n/a" => return Ok(None),
        "one" | "very poor" => 1.0,
        "two" | "poor" => 2.0,
        "three" | "neither good nor poor" => 3.0,
        "four" | "good" => 4.0,
        "five" | "very good" => 5.0,
        _ => 0.0,
    };
    if word > 0.0 {
        return Ok(Some(word));
    }
    let number = lower
        .strip_suffix("/5")
        .or_else(|| lower.strip_suffix(" stars"))
        .or_else(|| lower.strip_suffix(" star"))
        .unwrap_or(&lower)
        .trim();
    match number.parse::<f32>() {
        Ok(n) if (1.0..=5.0).contains(&n) => Ok(Some(n)),
        _ => Err(()),
    }
}

/// Lower-cases a platform name or domain and maps common aliases (`x.com`, `Twitter`, `X`) to
/// one name (`twitter`).
pub(crate) fn normalize_source(value: &str) -> String {
    let lower = value.trim().to_lowercase();
    let host = lower.strip_prefix("www.").unwrap_or(&lower);
    let name = match host {
        "x" | "x.com" | "twitter" | "twitter.com" | "mobile.twitter.com" | "tweet" => "twitter",
        "facebook" | "facebook.com" | "fb" | "fb.com" | "m.facebook.com" => "facebook",
        "instagram" | "instagram.com" => "instagram",
        "youtube" | "youtube.com" => "youtube",
        "reddit" | "reddit.com" | "old.reddit.com" => "reddit",
        "linkedin" | "linkedin.com" => "linkedin",
        "tiktok" | "tiktok.com" => "tiktok",
        "yelp" | "yelp.com" | "yelp.co.uk" => "yelp",
        "google" | "google.com" | "maps.google.com" | "google my business" => "google",
        other => other,
    };
    name.to_string()
}

/// The host of an `http(s)://` URL.
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(row: u64, fields: &[(&Arc<str>, &str)]) -> RawRecord {
        let fields = fields.iter().map(|(k, v)| (Arc::clone(k), v.to_string())).collect();
        RawRecord { row, fields, ..RawRecord::default() }
    }

    fn generic_mapper(file: &str, max_field_bytes: usize) -> Mapper {
        Mapper::new(
            Arc::from(file),
            Preset::Generic,
            &ColumnMapping::default(),
            DateOrder::MonthFirst,
            max_field_bytes,
        )
    }

    /// The column positions found for one record serve the next only if its names are the
    /// same; blank values still fall through to the next candidate.
    #[test]
    fn columns_follow_the_names_of_each_record() {
        let mut mapper = generic_mapper("f.json", 1 << 20);
        let [id, text, author, user, tag] = ["id", "text", "author", "user", "Tag"].map(Arc::from);
        let m = mapper.map(record(1, &[(&id, "a"), (&text, "one"), (&tag, "x")])).unwrap();
        assert_eq!((m.id.as_str(), m.text.as_str()), ("a", "one"));
        assert!(Arc::ptr_eq(&m.extra[0].0, &tag));
        // The same names in other allocations (JSON records): the same positions.
        let [id2, text2] = ["id", "text"].map(Arc::<str>::from);
        let m = mapper.map(record(2, &[(&id2, "b"), (&text2, "two")])).unwrap();
        assert_eq!((m.id.as_str(), m.text.as_str()), ("b", "two"));
        // Other names and order: found again.
        let fields = [(&text, "three"), (&user, "u1"), (&author, " "), (&id, "c")];
        let m = mapper.map(record(3, &fields)).unwrap();
        assert_eq!((m.id.as_str(), m.text.as_str()), ("c", "three"));
        // `author` is blank: the next candidate, `user`, is the author.
        assert_eq!(m.author.as_deref(), Some("u1"));
        assert_eq!(m.extra, []);
        let err = mapper.map(record(4, &[(&id, "d")])).unwrap_err();
        assert_eq!(err.reason, "missing text field");
    }

    /// A field over the size limit is named by its column, or by its position when the name
    /// looks like text rather than a name.
    #[test]
    fn oversized_fields_never_name_text() {
        let mut mapper = generic_mapper("f.json", 10);
        let [text, note, secret] =
            ["text", "note", "SENTINEL my mother was treated badly"].map(Arc::from);
        let err = mapper.map(record(1, &[(&text, "ok"), (&note, "far too long")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.json:1: column note: field over the size limit (12 bytes, limit 10)"
        );
        let err = mapper.map(record(2, &[(&text, "ok"), (&secret, "far too long")])).unwrap_err();
        assert_eq!(err.to_string(), "f.json:2: field 2 over the size limit (12 bytes, limit 10)");
    }

    #[test]
    fn ratings() {
        for (input, expected) in [
            ("4", Some(4.0)),
            (" 4.5 ", Some(4.5)),
            ("3/5", Some(3.0)),
            ("5 stars", Some(5.0)),
            ("1 star", Some(1.0)),
            ("FOUR", Some(4.0)),
            ("Very good", Some(5.0)),
            ("very poor", Some(1.0)),
            ("Neither good nor poor", Some(3.0)),
            ("Don’t know", None),
            ("STAR_RATING_UNSPECIFIED", None),
            ("", None),
        ] {
            assert_eq!(parse_rating(input), Ok(expected), "{input:?}");
        }
        for bad in ["0", "6", "-1", "excellent", "NaN", "4/10"] {
            assert_eq!(parse_rating(bad), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn sources_and_hosts() {
        assert_eq!(normalize_source("X"), "twitter");
        assert_eq!(normalize_source("www.Twitter.com"), "twitter");
        assert_eq!(normalize_source("News"), "news");
        assert_eq!(url_host("https://user@www.nhs.uk:443/a?b"), Some("www.nhs.uk"));
        assert_eq!(url_host("nhs.uk/a"), None);
        assert_eq!(normalize_source(url_host("https://www.reddit.com/r/x").unwrap()), "reddit");
    }

    /// Records without an id get `<stem>:<row>`, or `<stem>:<row>.<sub>` for the records of
    /// one JSON line.
    #[test]
    fn generated_ids() {
        let mut mapper = generic_mapper("dir/f.json", 1 << 20);
        let text: Arc<str> = Arc::from("text");
        for n in [0, 7, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX] {
            let m = mapper.map(record(n, &[(&text, "t")])).unwrap();
            assert_eq!(m.id, format!("f:{n}"));
            for sub in [1, 10, u32::MAX] {
                let raw = RawRecord { sub: Some(sub), ..record(n, &[(&text, "t")]) };
                assert_eq!(mapper.map(raw).unwrap().id, format!("f:{n}.{sub}"));
            }
        }
    }

    #[test]
    fn trims() {
        for value in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{b}a\u{c}",
            "\u{1c}a\u{1f}",
            "\u{a0}a",
            "a\u{85}",
            "é",
            "\u{2028}x\u{3000}",
            "x\r\n",
            "\ty",
        ] {
            assert_eq!(trim(value), value.trim(), "{value:?}");
        }
    }

    #[test]
    fn stems_and_locations() {
        assert_eq!(file_stem("dir/reviews.csv.gz"), "reviews");
        assert_eq!(file_stem("C:\\x\\a.b.json"), "a.b");
        assert_eq!(file_stem(".hidden"), ".hidden");
        assert_eq!(file_stem("-"), "-");
        assert_eq!(google_location("accounts/1/locations/22/reviews/abc"), Some("22"));
        assert_eq!(google_location("locations/7"), Some("7"));
        assert_eq!(google_location("accounts/1"), None);
    }
}
