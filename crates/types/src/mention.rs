use std::sync::Arc;

use crate::Timestamp;

/// One piece of patient feedback: a social post, a review or a survey answer.
///
/// Ingestion maps every supported export format onto this one shape. Only `id`, `text` and
/// `origin` are always present; everything else is what the export carried.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Mention {
    /// The id the export gave the record, or `<file stem>:<row>` when it had none.
    pub id: String,
    /// The feedback text, decoded, repaired and normalized to NFC.
    pub text: String,
    /// When it was posted, if the export says.
    pub posted_at: Option<Timestamp>,
    /// The author's name or handle, if any.
    pub author: Option<String>,
    /// The platform or source (`twitter`, `google`, `yelp`, `facebook`, `survey`, a domain...).
    pub source: String,
    /// A link to the original, if any.
    pub url: Option<String>,
    /// Metadata that can tie the mention to a provider without reading its text.
    pub hints: ProviderHints,
    /// A star rating normalized to 1..=5, if the export had one.
    pub rating: Option<f32>,
    /// The survey question this text answers, if any ("What could we do better?").
    pub question: Option<String>,
    /// Other columns of the record, kept as `(name, value)` in export order.
    ///
    /// The names are shared: the mentions read from one file hold the same `Arc<str>` for a
    /// column (CSV), so that a name is not allocated again for every record. Build one with
    /// `Arc::from("name")` or `"name".into()`.
    pub extra: Vec<(Arc<str>, String)>,
    /// Where the record was read from.
    pub origin: Origin,
}

/// Metadata on a mention that names its provider directly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProviderHints {
    /// A provider id given explicitly (a `--provider-col` column, a survey's site code).
    pub provider_id: Option<String>,
    /// The social handle the mention was addressed to or posted on (`@StMarysHosp`).
    pub handle: Option<String>,
    /// A location id (Google Business Profile location, Yelp business id).
    pub location_id: Option<String>,
    /// A page or profile name the mention appeared on.
    pub page: Option<String>,
}

impl ProviderHints {
    /// True if no hint is set.
    pub fn is_empty(&self) -> bool {
        self.provider_id.is_none()
            && self.handle.is_none()
            && self.location_id.is_none()
            && self.page.is_none()
    }
}

/// Where a record came from: the file and the 1-based row (line for text formats, record number
/// for JSON arrays) of its start.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Origin {
    /// The file path as given by the user. Shared between all mentions of one file.
    pub file: Arc<str>,
    /// The 1-based row (line) where the record starts.
    pub row: u64,
}
