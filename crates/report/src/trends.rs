//! Sentiment per calendar period (ISO week, month), per provider and per provider and topic.
//! The cells are aggregated by [`ReportStream`](crate::ReportStream); this module names them.

use bedside_types::{ProviderId, Timestamp, TopicId};

use crate::report::SentimentStats;

/// The length of a period in [`PeriodSummary`] and [`Alert`](crate::Alert).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    /// An ISO 8601 week (Monday to Sunday, UTC), written `2026-W38`.
    Week,
    /// A calendar month (UTC), written `2026-09`.
    Month,
}

impl PeriodKind {
    /// Both kinds, weeks first.
    pub const ALL: [PeriodKind; 2] = [PeriodKind::Week, PeriodKind::Month];

    /// `week` or `month`.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
        }
    }

    /// The index of the period holding `at`: consecutive periods have consecutive indexes.
    pub(crate) fn index(self, at: Timestamp) -> i64 {
        match self {
            // 1970-01-01 was a Thursday, so Monday 1969-12-29 starts week 0.
            PeriodKind::Week => (at.days_since_epoch() + 3).div_euclid(7),
            PeriodKind::Month => {
                let civil = at.to_civil();
                i64::from(civil.year) * 12 + i64::from(civil.month) - 1
            }
        }
    }

    /// The label of the period with this index (`2026-W38`, `2026-09`).
    pub(crate) fn label(self, index: i64) -> String {
        match self {
            PeriodKind::Week => {
                // The Thursday of the week decides its ISO year and number.
                let thursday = index * 7 * 86_400;
                Timestamp::from_unix_seconds(thursday).iso_week_string()
            }
            PeriodKind::Month => format!("{:04}-{:02}", index.div_euclid(12), index % 12 + 1),
        }
    }
}

/// The sentiment of one provider (or one of its topics) in one period.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodSummary {
    /// Week or month.
    pub period_kind: PeriodKind,
    /// The period's label (`2026-W38`, `2026-09`).
    pub period: String,
    /// The period's index: consecutive periods of a kind have consecutive indexes.
    pub period_index: i64,
    /// The provider.
    pub provider_id: ProviderId,
    /// Its display name.
    pub provider_name: String,
    /// The topic, or `None` for all the provider's mentions (overall sentiment).
    pub topic: Option<TopicId>,
    /// The topic's label, if there is a topic.
    pub topic_label: Option<String>,
    /// The statistics over the non-duplicate, dated mentions of the period.
    pub stats: SentimentStats,
}

/// One aggregated period cell before names are attached.
pub(crate) struct PeriodRow {
    pub(crate) period_kind: PeriodKind,
    pub(crate) period_index: i64,
    pub(crate) provider_id: ProviderId,
    pub(crate) topic: Option<TopicId>,
    pub(crate) stats: SentimentStats,
}

#[cfg(test)]
mod tests {
    use super::*;
    use bedside_types::CivilDateTime;

    fn at(year: i32, month: u32, day: u32) -> Timestamp {
        let civil = CivilDateTime { year, month, day, hour: 12, minute: 0, second: 0 };
        Timestamp::from_civil(civil).unwrap()
    }

    #[test]
    fn period_indexes_and_labels_agree_with_the_calendar() {
        let check = |kind: PeriodKind, date: Timestamp, label: &str| {
            assert_eq!(kind.label(kind.index(date)), label, "{date}");
            if kind == PeriodKind::Week {
                assert_eq!(date.iso_week_string(), label);
            }
        };
        check(PeriodKind::Week, at(2026, 9, 14), "2026-W38");
        check(PeriodKind::Week, at(2026, 9, 20), "2026-W38");
        check(PeriodKind::Week, at(2027, 1, 1), "2026-W53");
        check(PeriodKind::Week, at(2024, 12, 30), "2025-W01");
        check(PeriodKind::Month, at(2026, 9, 30), "2026-09");
        check(PeriodKind::Month, at(2026, 12, 1), "2026-12");
        let week = PeriodKind::Week;
        assert_eq!(week.index(at(2026, 9, 21)), week.index(at(2026, 9, 20)) + 1);
        let month = PeriodKind::Month;
        assert_eq!(month.index(at(2027, 1, 1)), month.index(at(2026, 12, 31)) + 1);
    }
}
