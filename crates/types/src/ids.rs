use std::fmt;
use std::sync::Arc;

/// The id of a provider (hospital, clinic, doctor...) from the provider directory.
///
/// Cloning is cheap (a reference count). The id `unknown` is reserved for mentions that could not
/// be tied to a known provider.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct ProviderId(Arc<str>);

impl ProviderId {
    /// The id given to mentions about no known provider.
    pub const UNKNOWN: &'static str = "unknown";

    /// Makes an id from a string.
    pub fn new(id: &str) -> ProviderId {
        ProviderId(Arc::from(id))
    }

    /// The `unknown` provider id.
    pub fn unknown() -> ProviderId {
        ProviderId::new(Self::UNKNOWN)
    }

    /// True for the `unknown` id.
    pub fn is_unknown(&self) -> bool {
        &*self.0 == Self::UNKNOWN
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of a topic of the taxonomy (`wait_times`, `billing_cost`, ...).
///
/// Cloning is cheap (a reference count).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct TopicId(Arc<str>);

impl TopicId {
    /// Makes an id from a string.
    pub fn new(id: &str) -> TopicId {
        TopicId(Arc::from(id))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TopicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
