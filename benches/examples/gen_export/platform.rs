//! The page types of the export (twitter, facebook, reddit, forum, instagram, news), their
//! shares of the rows and their text limits.

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Platform {
    Twitter,
    Facebook,
    Reddit,
    Forum,
    Instagram,
    News,
}

pub(crate) const PLATFORMS: [Platform; 6] = [
    Platform::Twitter,
    Platform::Facebook,
    Platform::Reddit,
    Platform::Forum,
    Platform::Instagram,
    Platform::News,
];
pub(crate) const PLATFORM_WEIGHTS: [u64; 6] = [34, 24, 15, 10, 12, 5];

impl Platform {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Platform::Twitter => "twitter",
            Platform::Facebook => "facebook",
            Platform::Reddit => "reddit",
            Platform::Forum => "forum",
            Platform::Instagram => "instagram",
            Platform::News => "news",
        }
    }

    /// The longest text the platform shows (bytes); long posts go up to `LONG_MAX`.
    pub(crate) fn max_bytes(self) -> usize {
        match self {
            Platform::Twitter => 280,
            Platform::Instagram => 400,
            Platform::Facebook => 520,
            _ => 600,
        }
    }

    pub(crate) fn max_topics(self) -> u64 {
        match self {
            Platform::Reddit | Platform::Forum | Platform::News => 4,
            _ => 3,
        }
    }

    pub(crate) fn social(self) -> bool {
        matches!(self, Platform::Twitter | Platform::Instagram | Platform::Facebook)
    }
}

/// The longest text written (bytes).
pub(crate) const LONG_MAX: usize = 5_000;
