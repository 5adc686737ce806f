//! [`RowRef`]: a row of the mentions tables borrowed from its mention and analysis, so that
//! streaming a mention into `mentions.csv` and `mentions.parquet` copies nothing.

use std::borrow::Cow;

use bedside_types::{
    Analysis, HipaaRisk, MatchKind, Mention, PhiHit, ProviderId, Sentiment, StaffMention,
    TargetSentiment, Timestamp, TopicSentiment, WaitReport,
};

use crate::report::MentionRow;

/// The fields of a [`MentionRow`], borrowed: what the mentions tables are written from.
pub(crate) struct RowRef<'a> {
    pub id: &'a str,
    pub file: &'a str,
    pub row: u64,
    pub source: &'a str,
    pub posted_at: Option<Timestamp>,
    pub author: Option<&'a str>,
    pub url: Option<&'a str>,
    pub question: Option<&'a str>,
    pub rating: Option<f32>,
    pub provider_id: &'a ProviderId,
    pub provider_name: Cow<'a, str>,
    pub provider_match: MatchKind,
    pub sentiment: Sentiment,
    pub topics: &'a [TopicSentiment],
    pub targets: &'a [TargetSentiment],
    pub staff: &'a [StaffMention],
    pub waits: &'a [WaitReport],
    pub duplicate_of: Option<&'a str>,
    pub phi: &'a [PhiHit],
    pub hipaa_risk: Option<&'a HipaaRisk>,
    pub text: &'a str,
}

impl<'a> RowRef<'a> {
    /// The row of `mention` and its `analysis`, the provider shown as `provider_name`: the
    /// fields [`MentionRow`] would copy.
    pub(crate) fn of(mention: &'a Mention, analysis: &'a Analysis, provider_name: String) -> Self {
        RowRef {
            id: &mention.id,
            file: &mention.origin.file,
            row: mention.origin.row,
            source: &mention.source,
            posted_at: mention.posted_at,
            author: mention.author.as_deref(),
            url: mention.url.as_deref(),
            question: mention.question.as_deref(),
            rating: mention.rating,
            provider_id: &analysis.provider.id,
            provider_name: Cow::Owned(provider_name),
            provider_match: analysis.provider.kind,
            sentiment: analysis.sentiment,
            topics: &analysis.topics,
            targets: &analysis.targets,
            staff: &analysis.staff,
            waits: &analysis.waits,
            duplicate_of: analysis.duplicate_of.as_deref(),
            phi: &analysis.phi,
            hipaa_risk: analysis.hipaa_risk.as_ref(),
            text: &mention.text,
        }
    }

    /// An owned copy, as kept in [`Report::mentions`](crate::Report::mentions).
    pub(crate) fn to_row(&self) -> MentionRow {
        MentionRow {
            id: self.id.to_string(),
            file: self.file.to_string(),
            row: self.row,
            source: self.source.to_string(),
            posted_at: self.posted_at,
            author: self.author.map(str::to_string),
            url: self.url.map(str::to_string),
            question: self.question.map(str::to_string),
            rating: self.rating,
            provider_id: self.provider_id.clone(),
            provider_name: self.provider_name.to_string(),
            provider_match: self.provider_match,
            sentiment: self.sentiment,
            topics: self.topics.to_vec(),
            targets: self.targets.to_vec(),
            staff: self.staff.to_vec(),
            waits: self.waits.to_vec(),
            duplicate_of: self.duplicate_of.map(str::to_string),
            phi: self.phi.to_vec(),
            hipaa_risk: self.hipaa_risk.cloned(),
            text: self.text.to_string(),
        }
    }
}

impl MentionRow {
    /// The row, borrowed.
    pub(crate) fn as_row_ref(&self) -> RowRef<'_> {
        RowRef {
            id: &self.id,
            file: &self.file,
            row: self.row,
            source: &self.source,
            posted_at: self.posted_at,
            author: self.author.as_deref(),
            url: self.url.as_deref(),
            question: self.question.as_deref(),
            rating: self.rating,
            provider_id: &self.provider_id,
            provider_name: Cow::Borrowed(&self.provider_name),
            provider_match: self.provider_match,
            sentiment: self.sentiment,
            topics: &self.topics,
            targets: &self.targets,
            staff: &self.staff,
            waits: &self.waits,
            duplicate_of: self.duplicate_of.as_deref(),
            phi: &self.phi,
            hipaa_risk: self.hipaa_risk.as_ref(),
            text: &self.text,
        }
    }
}
