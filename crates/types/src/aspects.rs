//! Aspect-level results: sentiment per provider named in a text, staff mentions and reported
//! waits.

use std::ops::Range;

use crate::{ProviderId, Sentiment, TopicId};

/// The sentiment a text expresses about one provider it names (or about the provider it was
/// posted to), from the clauses about that provider.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TargetSentiment {
    /// The provider.
    pub target: ProviderId,
    /// The sentiment of the clauses attributed to the provider.
    pub sentiment: Sentiment,
    /// The topics found in those clauses, in taxonomy order, without repeats.
    pub topics: Vec<TopicId>,
    /// The byte range of the first clause attributed to the provider.
    pub span: Range<usize>,
}

/// A member of staff named with a role ("Nurse Amy", "Dr. Okafor", "Linda the receptionist").
///
/// Staff names are kept: they are what the report's most praised and most criticized staff
/// lists are made of.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StaffMention {
    /// The name as written, without title or possessive (`Okafor`, `Anita Patel`).
    pub name: String,
    /// The role, lowercase and spelled out (`doctor` for `Dr.`, `nurse practitioner` for `NP`).
    pub role: String,
    /// The byte range of the first mention, role and name included.
    pub span: Range<usize>,
    /// The sentiment of the clauses that mention the person.
    pub sentiment: Sentiment,
}

/// A wait the text reports ("waited 3 hours", "two weeks to get an appointment").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WaitReport {
    /// The duration in minutes (a day is 1,440, a week 10,080, a month 43,200).
    pub minutes: u32,
    /// What was waited for.
    pub kind: WaitKind,
    /// The byte range of the duration (or of the two times of a time range) in the text.
    pub span: Range<usize>,
}

/// What a [`WaitReport`] was a wait for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum WaitKind {
    /// Waiting on the day to be seen: waiting room, clinic, office.
    Clinic,
    /// Waiting for an appointment, a referral or a booking (phone holds included).
    Appointment,
    /// Waiting for results: tests, scans, biopsies.
    Results,
    /// Waiting in an emergency department (ER, A&E).
    Emergency,
    /// A wait with no cue to its kind.
    Other,
}

impl WaitKind {
    /// A stable snake_case name for outputs: `clinic`, `appointment`, `results`, `emergency`,
    /// `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            WaitKind::Clinic => "clinic",
            WaitKind::Appointment => "appointment",
            WaitKind::Results => "results",
            WaitKind::Emergency => "emergency",
            WaitKind::Other => "other",
        }
    }
}
