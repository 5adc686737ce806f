//! The mentions table, one row at a time: every field is formatted once, into a scratch
//! buffer, and goes both to the `mentions.csv` record and to its column of the
//! `mentions.parquet` row group (polars builders), so that no row is kept and no string is
//! formatted twice on the way to the two files.
//!
//! The frames of a whole table ([`MentionColumns::frame`]: `Report::to_dataframe`'s mentions
//! table, and the schema of `mentions.parquet`) are built here too, so the table has one
//! definition of every column.
//!
//! How each field is written as text (4-decimal floats, lists, detail columns) is
//! [`mention_fields`](crate::mention_fields)'s.

use std::fmt::Write as _;
use std::io;

use polars::prelude::*;

use crate::frame::MENTION_COLUMNS;
use crate::mention_fields::{
    encode_phi, encode_risk, encode_staff, encode_targets, encode_topics, encode_waits,
    push_float4, push_phi_kinds, push_staff_scores, push_target_scores, push_topic_ids,
    push_topic_scores, push_wait_list,
};
use crate::report::MentionRow;
use crate::row_ref::RowRef;
use crate::shard::SHARD_COLUMNS;

/// Columns of [`MENTION_COLUMNS`] and [`SHARD_COLUMNS`] that are not strings.
const NOT_STRINGS: [&str; 7] =
    ["row", "rating", "score", "negative", "neutral", "positive", "posted_at_unix"];

/// The columns of the mentions table being filled, in a row group's worth of rows or a whole
/// table's.
pub(crate) struct MentionColumns {
    /// With the [`SHARD_COLUMNS`] (`mentions.parquet`), or the [`MENTION_COLUMNS`] only.
    shard: bool,
    /// The string columns, in table order.
    strings: Vec<StringChunkedBuilder>,
    rows: Vec<u64>,
    ratings: Vec<Option<f32>>,
    /// `score`, `negative`, `neutral`, `positive`.
    sentiment: [Vec<f64>; 4],
    posted_at_unix: Vec<Option<i64>>,
    /// Scratch space for the field being formatted.
    buf: String,
}

impl MentionColumns {
    /// Empty columns, with room for `capacity` rows.
    pub(crate) fn new(shard: bool, capacity: usize) -> MentionColumns {
        let extra: &[&str] = if shard { &SHARD_COLUMNS } else { &[] };
        let strings = MENTION_COLUMNS
            .iter()
            .chain(extra)
            .filter(|name| !NOT_STRINGS.contains(name))
            .map(|name| StringChunkedBuilder::new((*name).into(), capacity))
            .collect();
        MentionColumns {
            shard,
            strings,
            rows: Vec::with_capacity(capacity),
            ratings: Vec::with_capacity(capacity),
            sentiment: std::array::from_fn(|_| Vec::with_capacity(capacity)),
            posted_at_unix: Vec::with_capacity(capacity),
            buf: String::new(),
        }
    }

    /// The frame of `rows`: the [`MENTION_COLUMNS`], then the [`SHARD_COLUMNS`] if `shard`.
    /// Timestamps are RFC 3339 strings; scores keep full precision, except inside the
    /// `topic_scores` string.
    pub(crate) fn frame(shard: bool, rows: &[MentionRow]) -> PolarsResult<DataFrame> {
        let mut columns = MentionColumns::new(shard, rows.len());
        for row in rows {
            columns.push(&row.as_row_ref());
        }
        columns.take_frame()
    }

    /// Rows pushed so far.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// True if no row was pushed.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Appends `row` to the columns.
    pub(crate) fn push(&mut self, row: &RowRef<'_>) {
        let written = self.push_to(row, None::<&mut csv::Writer<io::Sink>>);
        debug_assert!(written.is_ok(), "BUG: only the CSV writer can fail");
    }

    /// Appends `row` to the columns and writes it as one record of `mentions.csv` (the
    /// [`MENTION_COLUMNS`]: absent values are empty fields, floats have 4 decimals).
    pub(crate) fn push_with_csv<W: io::Write>(
        &mut self,
        row: &RowRef<'_>,
        csv: &mut csv::Writer<W>,
    ) -> csv::Result<()> {
        self.push_to(row, Some(csv))
    }

    fn push_to<W: io::Write>(
        &mut self,
        row: &RowRef<'_>,
        csv: Option<&mut csv::Writer<W>>,
    ) -> csv::Result<()> {
        let MentionColumns { shard, strings, rows, ratings, sentiment, posted_at_unix, buf } = self;
        let mut out = RowOut { csv, strings: strings.iter_mut(), buf };
        out.text(Some(row.id))?;
        out.text(Some(row.file))?;
        rows.push(row.row);
        out.csv_only_formatted(|b| {
            let _ = write!(b, "{}", row.row);
        })?;
        out.text(Some(row.source))?;
        match row.posted_at {
            Some(at) => {
                out.formatted(|b| {
                    let _ = write!(b, "{at}");
                })?;
                out.text(Some(&at.date_string()))?;
                out.text(Some(&at.iso_week_string()))?;
                out.text(Some(&at.month_string()))?;
            }
            None => {
                for _ in 0..4 {
                    out.text(None)?;
                }
            }
        }
        out.text(row.author)?;
        out.text(row.url)?;
        out.text(row.question)?;
        ratings.push(row.rating);
        out.csv_only_formatted(|b| {
            if let Some(rating) = row.rating {
                push_float4(b, f64::from(rating));
            }
        })?;
        out.text(Some(row.provider_id.as_str()))?;
        out.text(Some(&row.provider_name))?;
        out.text(Some(row.provider_match.as_str()))?;
        out.text(Some(row.sentiment.label().as_str()))?;
        let s = &row.sentiment;
        for (column, value) in
            sentiment.iter_mut().zip([s.score(), s.negative(), s.neutral_share(), s.positive()])
        {
            column.push(value);
            out.csv_only_formatted(|b| push_float4(b, value))?;
        }
        out.formatted(|b| push_topic_ids(b, row.topics))?;
        out.formatted(|b| push_topic_scores(b, row.topics))?;
        out.text(row.duplicate_of)?;
        out.formatted(|b| push_target_scores(b, row.targets))?;
        out.formatted(|b| push_staff_scores(b, row.staff))?;
        out.formatted(|b| push_wait_list(b, row.waits))?;
        out.formatted(|b| push_phi_kinds(b, row.phi))?;
        match row.hipaa_risk {
            Some(risk) => out.formatted(|b| {
                let _ = write!(b, "{}: {}", risk.kind, risk.reason);
            })?,
            None => out.text(None)?,
        }
        out.text(Some(row.text))?;
        if let Some(csv) = out.csv.as_mut() {
            csv.write_record(None::<&[u8]>)?;
        }
        if *shard {
            posted_at_unix.push(row.posted_at.map(|at| at.unix_seconds()));
            // The shard's columns are not in the CSV.
            out.csv = None;
            out.formatted(|b| encode_topics(b, row.topics))?;
            out.formatted(|b| encode_targets(b, row.targets))?;
            out.formatted(|b| encode_staff(b, row.staff))?;
            out.formatted(|b| encode_waits(b, row.waits))?;
            out.formatted(|b| encode_phi(b, row.phi))?;
            out.formatted(|b| encode_risk(b, row.hipaa_risk))?;
        }
        debug_assert!(out.strings.next().is_none(), "BUG: a string column was left out");
        Ok(())
    }

    /// The columns as a frame: the [`MENTION_COLUMNS`], then the [`SHARD_COLUMNS`] if asked
    /// for. The builder is left empty, ready for the next row group.
    pub(crate) fn take_frame(&mut self) -> PolarsResult<DataFrame> {
        let capacity = self.len();
        let full = std::mem::replace(self, MentionColumns::new(self.shard, capacity));
        full.finish()
    }

    fn finish(self) -> PolarsResult<DataFrame> {
        let n_rows = self.rows.len();
        let mut strings = self.strings.into_iter().map(|b| b.finish().into_column());
        let mut text = || strings.next().expect("BUG: fewer string columns than names");
        let [score, negative, neutral, positive] = self.sentiment;
        let mut columns = Vec::with_capacity(MENTION_COLUMNS.len() + SHARD_COLUMNS.len());
        // id, file
        columns.extend([text(), text()]);
        columns.push(Column::new("row".into(), self.rows));
        // source, posted_at, date, week, month, author, url, question
        columns.extend(std::iter::repeat_with(&mut text).take(8));
        columns.push(Column::new("rating".into(), self.ratings));
        // provider_id, provider_name, provider_match, label
        columns.extend(std::iter::repeat_with(&mut text).take(4));
        columns.extend([
            Column::new("score".into(), score),
            Column::new("negative".into(), negative),
            Column::new("neutral".into(), neutral),
            Column::new("positive".into(), positive),
        ]);
        // topics .. text
        columns.extend(std::iter::repeat_with(&mut text).take(9));
        if self.shard {
            columns.push(Column::new("posted_at_unix".into(), self.posted_at_unix));
            columns.extend(std::iter::repeat_with(&mut text).take(6));
        }
        debug_assert!(strings.next().is_none(), "BUG: more string columns than names");
        DataFrame::new(n_rows, columns)
    }
}

/// Where the fields of one row go.
struct RowOut<'a, W: io::Write> {
    csv: Option<&'a mut csv::Writer<W>>,
    /// The string columns not filled yet for this row.
    strings: std::slice::IterMut<'a, StringChunkedBuilder>,
    /// Scratch space for the field being formatted.
    buf: &'a mut String,
}

impl<W: io::Write> RowOut<'_, W> {
    /// A string column's value, and its CSV field (empty if absent).
    fn text(&mut self, value: Option<&str>) -> csv::Result<()> {
        put(&mut self.csv, &mut self.strings, value)
    }

    /// A string column's value as `write` formats it, and its CSV field.
    fn formatted(&mut self, write: impl FnOnce(&mut String)) -> csv::Result<()> {
        self.buf.clear();
        write(self.buf);
        put(&mut self.csv, &mut self.strings, Some(self.buf))
    }

    /// The CSV field, as `write` formats it, of a column that is not a string column.
    fn csv_only_formatted(&mut self, write: impl FnOnce(&mut String)) -> csv::Result<()> {
        self.buf.clear();
        write(self.buf);
        match self.csv.as_mut() {
            Some(csv) => csv.write_field(&*self.buf),
            None => Ok(()),
        }
    }
}

/// Writes `value` to the CSV record (empty if absent) and to the next string column.
fn put<W: io::Write>(
    csv: &mut Option<&mut csv::Writer<W>>,
    strings: &mut std::slice::IterMut<'_, StringChunkedBuilder>,
    value: Option<&str>,
) -> csv::Result<()> {
    if let Some(csv) = csv.as_mut() {
        csv.write_field(value.unwrap_or(""))?;
    }
    strings.next().expect("BUG: more string fields than columns").append_option(value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use bedside_types::{
        HipaaRisk, HipaaRiskKind, Label, MatchKind, PhiHit, PhiKind, ProviderId, Sentiment,
        StaffMention, TargetSentiment, Timestamp, TopicId, TopicSentiment, WaitKind, WaitReport,
    };

    use super::*;

    fn row() -> MentionRow {
        let sentiment = Sentiment::with_label(-0.54231, [0.7, 0.2, 0.1], Label::Negative);
        MentionRow {
            id: "m1".into(),
            file: "a.csv".into(),
            row: 7,
            source: "twitter".into(),
            posted_at: Some(Timestamp::from_unix_seconds(1_772_616_600)),
            author: None,
            url: Some("https://x.example/1".into()),
            question: None,
            rating: Some(4.5),
            provider_id: ProviderId::new("st_marys"),
            provider_name: "St Mary's".into(),
            provider_match: MatchKind::Handle,
            sentiment,
            topics: vec![
                TopicSentiment { topic: TopicId::new("wait_times"), sentiment, n_clauses: 1 },
                TopicSentiment { topic: TopicId::new("billing"), sentiment, n_clauses: 2 },
            ],
            targets: vec![TargetSentiment {
                target: ProviderId::new("oak"),
                sentiment,
                topics: vec![TopicId::new("a,b")],
                span: 3..9,
            }],
            staff: vec![StaffMention {
                name: "Amy".into(),
                role: "nurse".into(),
                span: 0..3,
                sentiment,
            }],
            waits: vec![WaitReport { minutes: 180, kind: WaitKind::Emergency, span: 4..8 }],
            duplicate_of: None,
            phi: vec![
                PhiHit { kind: PhiKind::Name, span: 0..2, confidence: 0.5 },
                PhiHit { kind: PhiKind::Date, span: 3..4, confidence: 1.0 },
                PhiHit { kind: PhiKind::Name, span: 5..6, confidence: 0.25 },
            ],
            hipaa_risk: Some(HipaaRisk {
                kind: HipaaRiskKind::ThirdPartyDisclosure,
                reason: "names a patient; here".into(),
            }),
            text: "Waited \"3 hours\",\nthen left".into(),
        }
    }

    #[test]
    fn one_row_gives_the_csv_record_and_the_columns() {
        let row = row();
        let mut csv = csv::Writer::from_writer(Vec::new());
        let mut columns = MentionColumns::new(true, 1);
        columns.push_with_csv(&row.as_row_ref(), &mut csv).unwrap();
        let mut bare = MentionColumns::new(false, 1);
        bare.push(&row.as_row_ref());
        let written = String::from_utf8(csv.into_inner().unwrap()).unwrap();
        let at = row.posted_at.unwrap();
        let expected = [
            "m1".to_string(),
            "a.csv".into(),
            "7".into(),
            "twitter".into(),
            at.to_string(),
            at.date_string(),
            at.iso_week_string(),
            at.month_string(),
            String::new(),
            "https://x.example/1".into(),
            String::new(),
            "4.5000".into(),
            "st_marys".into(),
            "St Mary's".into(),
            "handle".into(),
            "negative".into(),
            "-0.5423".into(),
            "0.7000".into(),
            "0.2000".into(),
            "0.1000".into(),
            "wait_times;billing".into(),
            "wait_times=-0.5423;billing=-0.5423".into(),
            String::new(),
            "oak=-0.5423".into(),
            "nurse Amy=-0.5423".into(),
            "emergency:180".into(),
            "date|name".into(),
            format!("{}: names a patient; here", HipaaRiskKind::ThirdPartyDisclosure),
            "Waited \"3 hours\",\nthen left".into(),
        ];
        let mut reference = csv::Writer::from_writer(Vec::new());
        reference.write_record(&expected).unwrap();
        assert_eq!(written, String::from_utf8(reference.into_inner().unwrap()).unwrap());

        let frame = columns.take_frame().unwrap();
        assert!(columns.is_empty());
        let names: Vec<&str> = frame.get_column_names().iter().map(|n| n.as_str()).collect();
        let all: Vec<&str> = MENTION_COLUMNS.iter().chain(&SHARD_COLUMNS).copied().collect();
        assert_eq!(names, all);
        assert_eq!(bare.take_frame().unwrap(), frame.select(MENTION_COLUMNS).unwrap());
        let text =
            |name: &str| frame.column(name).unwrap().str().unwrap().get(0).map(str::to_string);
        assert_eq!(text("author"), None);
        assert_eq!(text("topic_scores").as_deref(), Some("wait_times=-0.5423;billing=-0.5423"));
        assert_eq!(
            text("target_detail").as_deref(),
            Some("oak|negative|-0.54231|0.7|0.2|0.1|3|9|a%2Cb")
        );
        assert_eq!(
            text("risk_detail").as_deref(),
            Some("third_party_disclosure|names a patient%3B here")
        );
        assert_eq!(frame.column("score").unwrap().f64().unwrap().get(0), Some(-0.54231));
        assert_eq!(frame.column("rating").unwrap().f32().unwrap().get(0), Some(4.5));
        assert_eq!(frame.column("row").unwrap().u64().unwrap().get(0), Some(7));
        assert_eq!(
            frame.column("posted_at_unix").unwrap().i64().unwrap().get(0),
            Some(1_772_616_600)
        );
    }
}
