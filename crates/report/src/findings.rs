//! Rankings and per-provider findings for report.md.

use std::cmp::Ordering;

use bedside_types::{ProviderId, TopicId};

use crate::builder::Config;
use crate::report::{
    Finding, Polarity, ProviderFindings, ProviderSummary, ProviderTopicSummary, Quote, Report,
    StaffSummary,
};

/// The quotes of a finding cell (provider, optional topic, polarity), strongest first.
pub(crate) type QuoteLookup<'a> =
    dyn Fn(&ProviderId, Option<&TopicId>, Polarity) -> Vec<Quote> + 'a;

/// How many staff each of the most praised and most criticized lists shows.
const TOP_STAFF: usize = 3;

/// The mentions a member of staff needs before being listed as most praised or criticized.
const MIN_STAFF_MENTIONS: u64 = 2;

/// Fills the rankings and findings of a report whose tables are already aggregated.
///
/// Only groups with enough data are ranked, and the `unknown` provider never is.
pub(crate) fn fill(report: &mut Report, config: &Config, quotes: &QuoteLookup<'_>) {
    let ranked: Vec<&ProviderSummary> = report
        .by_provider
        .iter()
        .filter(|summary| summary.stats.enough_data && !summary.provider_id.is_unknown())
        .collect();

    let mut loved: Vec<&ProviderSummary> =
        ranked.iter().copied().filter(|s| s.stats.net_sentiment > 0.0).collect();
    loved.sort_by(|a, b| {
        desc(a.stats.net_sentiment, b.stats.net_sentiment)
            .then_with(|| desc(a.stats.mean_score, b.stats.mean_score))
            .then_with(|| a.provider_id.cmp(&b.provider_id))
    });
    let mut criticized: Vec<&ProviderSummary> =
        ranked.iter().copied().filter(|s| s.stats.net_sentiment < 0.0).collect();
    criticized.sort_by(|a, b| {
        asc(a.stats.net_sentiment, b.stats.net_sentiment)
            .then_with(|| asc(a.stats.mean_score, b.stats.mean_score))
            .then_with(|| a.provider_id.cmp(&b.provider_id))
    });

    let provider_finding = |summary: &ProviderSummary, polarity| Finding {
        provider_id: summary.provider_id.clone(),
        provider_name: summary.provider_name.clone(),
        topic: None,
        topic_label: None,
        polarity,
        stats: summary.stats,
        quotes: quotes(&summary.provider_id, None, polarity),
    };
    let most_loved: Vec<Finding> = loved
        .into_iter()
        .take(config.top_providers)
        .map(|summary| provider_finding(summary, Polarity::Praise))
        .collect();
    let most_criticized: Vec<Finding> = criticized
        .into_iter()
        .take(config.top_providers)
        .map(|summary| provider_finding(summary, Polarity::Complaint))
        .collect();

    let mut by_name = ranked;
    by_name.sort_by(|a, b| {
        a.provider_name.cmp(&b.provider_name).then_with(|| a.provider_id.cmp(&b.provider_id))
    });
    let provider_findings: Vec<ProviderFindings> = by_name
        .into_iter()
        .map(|summary| ProviderFindings {
            summary: summary.clone(),
            complaints: topic_findings(report, summary, Polarity::Complaint, config, quotes),
            praise: topic_findings(report, summary, Polarity::Praise, config, quotes),
            praised_staff: top_staff(&report.staff, &summary.provider_id, Polarity::Praise),
            criticized_staff: top_staff(&report.staff, &summary.provider_id, Polarity::Complaint),
        })
        .collect();

    report.most_loved = most_loved;
    report.most_criticized = most_criticized;
    report.provider_findings = provider_findings;
}

/// The provider's top topics for one polarity, with quotes.
///
/// A topic is a complaint when it has negative mentions and at least as many negative as
/// positive ones, and praise when positive mentions outnumber negative ones, so each topic
/// appears in one list at most.
fn topic_findings(
    report: &Report,
    provider: &ProviderSummary,
    polarity: Polarity,
    config: &Config,
    quotes: &QuoteLookup<'_>,
) -> Vec<Finding> {
    let mut cells: Vec<&ProviderTopicSummary> = report
        .by_provider_topic
        .iter()
        .filter(|cell| cell.provider_id == provider.provider_id && cell.stats.enough_data)
        .filter(|cell| {
            let stats = &cell.stats;
            match polarity {
                Polarity::Complaint => {
                    stats.n_negative > 0 && stats.share_negative >= stats.share_positive
                }
                Polarity::Praise => {
                    stats.n_positive > 0 && stats.share_positive > stats.share_negative
                }
            }
        })
        .collect();
    cells.sort_by(|a, b| {
        let (a_stats, b_stats) = (&a.stats, &b.stats);
        let order = match polarity {
            Polarity::Complaint => desc(a_stats.share_negative, b_stats.share_negative)
                .then_with(|| asc(a_stats.net_sentiment, b_stats.net_sentiment)),
            Polarity::Praise => desc(a_stats.share_positive, b_stats.share_positive)
                .then_with(|| desc(a_stats.net_sentiment, b_stats.net_sentiment)),
        };
        order.then_with(|| a.topic.cmp(&b.topic))
    });
    cells
        .into_iter()
        .take(config.top_topics)
        .map(|cell| topic_finding(cell, polarity, quotes))
        .collect()
}

fn topic_finding(
    cell: &ProviderTopicSummary,
    polarity: Polarity,
    quotes: &QuoteLookup<'_>,
) -> Finding {
    Finding {
        provider_id: cell.provider_id.clone(),
        provider_name: cell.provider_name.clone(),
        topic: Some(cell.topic.clone()),
        topic_label: Some(cell.topic_label.clone()),
        polarity,
        stats: cell.stats,
        quotes: quotes(&cell.provider_id, Some(&cell.topic), polarity),
    }
}

/// The provider's most praised (or criticized) staff: at least [`MIN_STAFF_MENTIONS`]
/// mentions and a positive (negative) net sentiment, by net sentiment, then mentions (most
/// first), then name and role.
fn top_staff(
    staff: &[StaffSummary],
    provider_id: &bedside_types::ProviderId,
    polarity: Polarity,
) -> Vec<StaffSummary> {
    let mut listed: Vec<&StaffSummary> = staff
        .iter()
        .filter(|person| &person.provider_id == provider_id)
        .filter(|person| person.n_mentions >= MIN_STAFF_MENTIONS)
        .filter(|person| match polarity {
            Polarity::Praise => person.net_sentiment > 0.0,
            Polarity::Complaint => person.net_sentiment < 0.0,
        })
        .collect();
    listed.sort_by(|a, b| {
        let by_net = match polarity {
            Polarity::Praise => desc(a.net_sentiment, b.net_sentiment),
            Polarity::Complaint => asc(a.net_sentiment, b.net_sentiment),
        };
        by_net
            .then_with(|| b.n_mentions.cmp(&a.n_mentions))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.role.cmp(&b.role))
    });
    listed.into_iter().take(TOP_STAFF).cloned().collect()
}

fn asc(a: f64, b: f64) -> Ordering {
    a.total_cmp(&b)
}

fn desc(a: f64, b: f64) -> Ordering {
    b.total_cmp(&a)
}
