//! Alerts on generated data: an injected burst of negative mentions for one provider and topic
//! raises alerts for exactly that cell, and the same data without the burst raises none.

use bedside_report::{AlertTrigger, PeriodKind, ProviderInfo, Report, ReportBuilder, TopicInfo};
use bedside_types::{
    Analysis, Label, MatchKind, Mention, ProviderId, ProviderMatch, Sentiment, Timestamp, TopicId,
    TopicSentiment,
};

const PROVIDERS: [&str; 4] = ["oak", "elm", "ash", "fir"];
const TOPICS: [&str; 3] = ["wait_times", "billing_cost", "staff_attitude"];
const N_WEEKS: i64 = 26;
/// Monday 2026-03-02, 00:00 UTC.
const START: i64 = 1_772_409_600;
const BURST_PROVIDER: &str = "ash";
const BURST_TOPIC: &str = "billing_cost";
const BURST_WEEK: i64 = 17;
const BURST_SIZE: usize = 25;

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn mention(
    id: String,
    provider: &str,
    topic: &str,
    label: Label,
    posted: i64,
) -> (Mention, Analysis) {
    let score = match label {
        Label::Negative => -0.6,
        Label::Neutral => 0.0,
        Label::Positive => 0.6,
    };
    let sentiment = Sentiment::with_label(score, [0.3, 0.4, 0.3], label);
    let mention = Mention {
        id: id.clone(),
        text: format!("generated feedback {id}"),
        posted_at: Some(Timestamp::from_unix_seconds(posted)),
        source: "survey".into(),
        ..Mention::default()
    };
    let analysis = Analysis {
        id,
        provider: ProviderMatch { id: ProviderId::new(provider), kind: MatchKind::ProviderId },
        sentiment,
        topics: vec![TopicSentiment { topic: TopicId::new(topic), sentiment, n_clauses: 1 }],
        targets: vec![],
        staff: vec![],
        waits: vec![],
        duplicate_of: None,
        phi: vec![],
        hipaa_risk: None,
    };
    (mention, analysis)
}

/// Half a year of weekly feedback: every provider and topic gets 6 to 13 mentions a week,
/// 40% negative, 40% positive; with `burst`, one provider's topic gets 25 extra negative
/// mentions in one week.
fn generate(burst: bool) -> (Vec<Mention>, Vec<Analysis>, Vec<String>) {
    let mut rng = Rng(20261128);
    let mut pairs = Vec::new();
    let mut burst_ids = Vec::new();
    for week in 0..N_WEEKS {
        for provider in PROVIDERS {
            for topic in TOPICS {
                for _ in 0..6 + rng.below(8) {
                    let label = match rng.below(10) {
                        0..4 => Label::Negative,
                        4..8 => Label::Positive,
                        _ => Label::Neutral,
                    };
                    let posted = START + week * 7 * 86_400 + rng.below(7 * 86_400) as i64;
                    let id = format!("m{:05}", pairs.len());
                    pairs.push(mention(id, provider, topic, label, posted));
                }
                if burst && week == BURST_WEEK && provider == BURST_PROVIDER && topic == BURST_TOPIC
                {
                    for _ in 0..BURST_SIZE {
                        let posted = START + week * 7 * 86_400 + rng.below(7 * 86_400) as i64;
                        let id = format!("m{:05}", pairs.len());
                        burst_ids.push(id.clone());
                        pairs.push(mention(id, provider, topic, Label::Negative, posted));
                    }
                }
            }
        }
    }
    let (mentions, analyses) = pairs.into_iter().unzip();
    (mentions, analyses, burst_ids)
}

fn report(mentions: &[Mention], analyses: &[Analysis]) -> Report {
    let providers: Vec<ProviderInfo> =
        PROVIDERS.iter().map(|id| ProviderInfo::new(id, &id.to_uppercase(), "clinic")).collect();
    let topics: Vec<TopicInfo> = TOPICS.iter().map(|id| TopicInfo::new(id, id)).collect();
    ReportBuilder::new().build(mentions, analyses, &providers, &topics).unwrap()
}

#[test]
fn an_injected_burst_raises_exactly_its_alert() {
    let (mentions, analyses, burst_ids) = generate(true);
    let report = report(&mentions, &analyses);
    assert!(!report.alerts.is_empty(), "the burst raised no alert");
    for alert in &report.alerts {
        assert_eq!(
            (alert.provider_id.as_str(), alert.topic.as_str()),
            (BURST_PROVIDER, BURST_TOPIC),
            "false alarm in {} {}",
            alert.period_kind.as_str(),
            alert.period
        );
    }
    let burst_week =
        Timestamp::from_unix_seconds(START + BURST_WEEK * 7 * 86_400).iso_week_string();
    let weekly: Vec<_> =
        report.alerts.iter().filter(|a| a.period_kind == PeriodKind::Week).collect();
    assert_eq!(weekly.len(), 1, "{:?}", weekly.iter().map(|a| &a.period).collect::<Vec<_>>());
    let alert = weekly[0];
    assert_eq!(alert.period, burst_week);
    assert!(matches!(alert.trigger, AlertTrigger::Volume | AlertTrigger::Both));
    assert!(alert.p_volume_adjusted <= bedside_report::ALERT_ALPHA);
    // The evidence is every negative mention of the cell that week, burst included.
    assert_eq!(alert.mention_ids.len() as u64, alert.n_negative);
    for id in &burst_ids {
        assert!(alert.mention_ids.contains(id), "{id} missing from the evidence");
    }
    assert_eq!(alert.quotes.len(), 3);
    // Without the burst the cell averages 4 negative mentions a week.
    assert!(alert.baseline_negative < 8.0, "{}", alert.baseline_negative);
    assert!(alert.n_negative >= BURST_SIZE as u64);
}

#[test]
fn the_same_data_without_the_burst_raises_no_alert() {
    let (mentions, analyses, burst_ids) = generate(false);
    assert!(burst_ids.is_empty());
    let report = report(&mentions, &analyses);
    let raised: Vec<String> = report
        .alerts
        .iter()
        .map(|a| format!("{} {} {} {}", a.provider_id, a.topic, a.period_kind.as_str(), a.period))
        .collect();
    assert!(raised.is_empty(), "false alarms: {raised:?}");
    // The tests did run: every cell has weekly and monthly rows to test.
    let weeks = report
        .by_period
        .iter()
        .filter(|row| row.period_kind == PeriodKind::Week && row.topic.is_some())
        .count();
    assert_eq!(weeks, PROVIDERS.len() * TOPICS.len() * N_WEEKS as usize);
}
