//! Turns a stream's partial aggregates into a [`Report`]: names attached, statistics computed,
//! rankings, findings, peers, alerts and trends.

use std::collections::BTreeMap;

use bedside_types::{ProviderId, TopicId};
use rustc_hash::FxHashMap;

use crate::accumulate::StatsAcc;
use crate::alerts::{self, EvidenceFound};
use crate::builder::{Config, Directory};
use crate::findings;
use crate::peers;
use crate::redact::RedactMode;
use crate::report::{
    MentionRow, Overview, ProviderSummary, ProviderTopicSummary, Report, SourceCount, StaffSummary,
    TopicSummary, WaitSummary,
};
use crate::staff_names::StaffNames;
use crate::stream::{State, quote_key};
use crate::trends::{PeriodRow, PeriodSummary};

pub(crate) fn report(
    state: State,
    rows: Vec<MentionRow>,
    config: &Config,
    directory: &Directory,
) -> Report {
    let min_volume = config.min_volume;
    let provider_summary = |provider_id: &ProviderId, acc: &StatsAcc| ProviderSummary {
        provider_name: directory.provider_name(provider_id),
        kind: directory.provider_kind(provider_id),
        provider_id: provider_id.clone(),
        stats: acc.stats(min_volume),
    };
    let by_provider: Vec<ProviderSummary> =
        state.by_provider.iter().map(|(id, acc)| provider_summary(id, acc)).collect();
    let by_topic = state
        .by_topic
        .iter()
        .map(|(topic, acc)| TopicSummary {
            topic_label: directory.topic_label(topic),
            topic: topic.clone(),
            stats: acc.stats(min_volume),
        })
        .collect();
    let by_provider_topic = sorted(&state.by_provider_topic)
        .into_iter()
        .map(|((provider_id, topic), acc)| ProviderTopicSummary {
            provider_name: directory.provider_name(provider_id),
            topic_label: directory.topic_label(topic),
            provider_id: provider_id.clone(),
            topic: topic.clone(),
            stats: acc.stats(min_volume),
        })
        .collect();
    let by_target = state.by_target.iter().map(|(id, acc)| provider_summary(id, acc)).collect();
    let staff = staff(&state, directory);
    let waits = state
        .waits
        .iter()
        .map(|(provider_id, acc)| {
            let [clinic, appointment, results, emergency] = acc.medians_by_kind();
            WaitSummary {
                provider_name: directory.provider_name(provider_id),
                provider_id: provider_id.clone(),
                n_waits: acc.n_waits(),
                n_mentions_with_waits: acc.n_mentions_with_waits,
                median_minutes: acc.median(),
                p90_minutes: acc.p90(),
                share_over_60: acc.share_over_60(),
                median_clinic: clinic,
                median_appointment: appointment,
                median_results: results,
                median_emergency: emergency,
                enough_data: acc.n_waits() >= min_volume,
            }
        })
        .collect();
    let overview = overview(&state, &by_provider, directory.n_providers(), config);
    let mut report = Report {
        overview,
        by_provider,
        by_topic,
        by_provider_topic,
        by_target,
        staff,
        waits,
        most_loved: Vec::new(),
        most_criticized: Vec::new(),
        provider_findings: Vec::new(),
        by_period: Vec::new(),
        peers: Vec::new(),
        alerts: Vec::new(),
        mentions: rows,
        hipaa_risks: Vec::new(),
    };
    let quotes = |provider: &ProviderId, topic: Option<&TopicId>, polarity| {
        state
            .quotes
            .get(&quote_key(provider, topic, polarity))
            .map(|top| top.quotes().cloned().collect())
            .unwrap_or_default()
    };
    findings::fill(&mut report, config, &quotes);
    report.peers = peers::compare(&report.by_provider);

    let period_rows: Vec<PeriodRow> = sorted(&state.periods)
        .into_iter()
        .map(|((kind, provider_id, topic, index), acc)| PeriodRow {
            period_kind: *kind,
            period_index: *index,
            provider_id: provider_id.clone(),
            topic: topic.clone(),
            stats: acc.stats(min_volume),
        })
        .collect();
    let names = |provider: &ProviderId, topic: &TopicId| {
        (directory.provider_name(provider), directory.topic_label(topic))
    };
    let evidence = |key: &(crate::PeriodKind, ProviderId, TopicId, i64)| {
        state.evidence.get(key).map_or_else(EvidenceFound::default, |found| EvidenceFound {
            n: found.n,
            ids: found.ids(),
            quotes: found.quotes.quotes().cloned().collect(),
        })
    };
    report.alerts =
        alerts::alerts(&period_rows, &state.period_range, min_volume, &evidence, &names);
    report.by_period = period_rows
        .into_iter()
        .map(|row| PeriodSummary {
            period: row.period_kind.label(row.period_index),
            period_kind: row.period_kind,
            period_index: row.period_index,
            provider_name: directory.provider_name(&row.provider_id),
            topic_label: row.topic.as_ref().map(|topic| directory.topic_label(topic)),
            provider_id: row.provider_id,
            topic: row.topic,
            stats: row.stats,
        })
        .collect();
    report.hipaa_risks = state.hipaa_risks;
    report
}

/// A hash map's entries in key order.
fn sorted<K: Ord, V>(map: &FxHashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

/// Staff per provider, merged name and role (see [`StaffNames`]), sorted by those keys.
fn staff(state: &State, directory: &Directory) -> Vec<StaffSummary> {
    let names = StaffNames::new(state.staff.iter().map(|((provider, name, role), acc)| {
        (provider.as_str(), name.as_str(), role.as_str(), acc.n)
    }));
    let mut merged: BTreeMap<(ProviderId, String, String), StatsAcc> = BTreeMap::new();
    for ((provider, name, role), acc) in &state.staff {
        let canonical = names.canonical(provider.as_str(), name, role).to_string();
        merged.entry((provider.clone(), canonical, role.clone())).or_default().merge(acc);
    }
    merged
        .into_iter()
        .map(|((provider_id, name, role), acc)| StaffSummary {
            provider_name: directory.provider_name(&provider_id),
            provider_id,
            name,
            role,
            n_mentions: acc.n,
            n_positive: acc.n_positive,
            n_negative: acc.n_negative,
            net_sentiment: acc.net(),
            mean_score: acc.mean(),
        })
        .collect()
}

fn overview(
    state: &State,
    by_provider: &[ProviderSummary],
    n_providers_listed: usize,
    config: &Config,
) -> Overview {
    let mut sources: Vec<SourceCount> = state
        .sources
        .iter()
        .map(|(source, n_mentions)| SourceCount { source: source.clone(), n_mentions: *n_mentions })
        .collect();
    sources.sort_by(|a, b| b.n_mentions.cmp(&a.n_mentions).then_with(|| a.source.cmp(&b.source)));
    Overview {
        n_mentions: state.n_mentions,
        n_duplicates: state.n_duplicates,
        n_analyzed: state.n_mentions - state.n_duplicates,
        sources,
        first_posted: state.first_posted,
        last_posted: state.last_posted,
        n_undated: state.n_undated,
        n_providers_mentioned: by_provider.iter().filter(|p| !p.provider_id.is_unknown()).count()
            as u64,
        n_providers_listed: n_providers_listed as u64,
        n_unknown_provider: state.n_unknown_provider,
        min_volume: config.min_volume,
        quotes_redacted: config.redact != RedactMode::None,
        redaction: config.redact,
        n_hipaa_risks: state.n_hipaa_risks,
    }
}
