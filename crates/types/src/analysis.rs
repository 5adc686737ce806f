use crate::{
    HipaaRisk, PhiHit, ProviderId, Sentiment, StaffMention, TargetSentiment, TopicId, WaitReport,
};

/// What the scoring core concluded about one [`Mention`](crate::Mention).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Analysis {
    /// The mention's id.
    pub id: String,
    /// The provider the mention is about, and how it was found.
    pub provider: ProviderMatch,
    /// The sentiment of the whole text.
    pub sentiment: Sentiment,
    /// The topics found, in taxonomy order, each with the sentiment of the clauses carrying it.
    pub topics: Vec<TopicSentiment>,
    /// The sentiment about each provider the text names (or the provider it was posted to),
    /// from the clauses about it. Empty without a provider directory.
    pub targets: Vec<TargetSentiment>,
    /// Staff named with a role, with the sentiment of the clauses naming them.
    pub staff: Vec<StaffMention>,
    /// Waits the text reports, in minutes.
    pub waits: Vec<WaitReport>,
    /// The id of an earlier mention with the same text and provider, if this one repeats it
    /// (retweets, cross-posts). Duplicates are flagged, never dropped.
    pub duplicate_of: Option<String>,
    /// The protected health information found in the text, in text order (empty when PHI
    /// detection is off).
    pub phi: Vec<PhiHit>,
    /// Set when the mention is a HIPAA risk: one of the organization's own accounts disclosing
    /// PHI or a patient relationship, or a post disclosing someone else's health information.
    pub hipaa_risk: Option<HipaaRisk>,
}

/// The provider a mention was resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProviderMatch {
    /// The provider id, or `unknown`.
    pub id: ProviderId,
    /// How it was found.
    pub kind: MatchKind,
}

impl ProviderMatch {
    /// The match for a mention about no known provider.
    pub fn unknown() -> ProviderMatch {
        ProviderMatch { id: ProviderId::unknown(), kind: MatchKind::None }
    }
}

/// How a provider was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum MatchKind {
    /// From an explicit provider id on the record.
    ProviderId,
    /// From the social handle the record was posted to.
    Handle,
    /// From a location id (Google, Yelp).
    LocationId,
    /// From the page or profile name.
    Page,
    /// From a name, alias or handle found in the text.
    Text,
    /// Several providers matched equally well; the first in directory order was kept.
    Ambiguous,
    /// Nothing matched; the provider is `unknown`.
    None,
}

impl MatchKind {
    /// A stable snake_case name for outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::ProviderId => "provider_id",
            MatchKind::Handle => "handle",
            MatchKind::LocationId => "location_id",
            MatchKind::Page => "page",
            MatchKind::Text => "text",
            MatchKind::Ambiguous => "ambiguous",
            MatchKind::None => "none",
        }
    }
}

/// One topic found in a mention, with the sentiment of the clauses that carry it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TopicSentiment {
    /// The topic.
    pub topic: TopicId,
    /// The sentiment of the clauses that mention the topic.
    pub sentiment: Sentiment,
    /// How many clauses carry the topic.
    pub n_clauses: u32,
}
