use bedside_types::{ProviderId, TopicId};

/// A provider from the directory, as the report names and groups it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderInfo {
    /// The provider's id, as found in [`ProviderMatch::id`](bedside_types::ProviderMatch::id).
    pub id: ProviderId,
    /// The display name (`St Mary's Hospital`).
    pub name: String,
    /// The kind of provider (`hospital`, `clinic`, `doctor`...), free text.
    pub kind: String,
    /// The provider this one belongs to (a doctor's clinic), if any.
    pub parent_id: Option<ProviderId>,
    /// The provider's own social handles, with or without the leading `@`. Quotes keep these
    /// handles when redacting; every other `@handle` becomes `[HANDLE]`.
    pub handles: Vec<String>,
}

impl ProviderInfo {
    /// A provider with no parent and no handles.
    pub fn new(id: &str, name: &str, kind: &str) -> ProviderInfo {
        ProviderInfo {
            id: ProviderId::new(id),
            name: name.to_string(),
            kind: kind.to_string(),
            parent_id: None,
            handles: Vec::new(),
        }
    }
}

/// A topic of the taxonomy, as the report names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicInfo {
    /// The topic's id (`wait_times`).
    pub id: TopicId,
    /// The display label (`Wait times`).
    pub label: String,
}

impl TopicInfo {
    /// A topic from its id and label.
    pub fn new(id: &str, label: &str) -> TopicInfo {
        TopicInfo { id: TopicId::new(id), label: label.to_string() }
    }
}
