//! The time-based sections of report.html: alerts with their evidence charts, and the weekly
//! trend lines with alert markers.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use bedside_types::{CivilDateTime, Timestamp};

use super::{p_text, quotes};
use crate::alerts::{Alert, BASELINE_MONTHS, BASELINE_WEEKS};
use crate::markdown::{percent, plural};
use crate::report::{Report, SentimentStats};
use crate::svg::{self, CountBar, TrendMarker, TrendPoint, esc};
use crate::trends::{PeriodKind, PeriodSummary};

pub(super) fn alerts(out: &mut String, report: &Report) {
    out.push_str("<section id=\"alerts\"><h2>Alerts</h2>");
    let _ = write!(
        out,
        "<p class=\"lead\">A rise in negative mentions of a provider's topic beyond what chance \
         explains, against the trailing {BASELINE_WEEKS} weeks or {BASELINE_MONTHS} months; \
         at most a 5% chance of any false alarm in the whole report (see <a \
         href=\"#methods\">Methods</a>).</p>"
    );
    if report.alerts.is_empty() {
        out.push_str(
            "<p class=\"muted\">No alert: no rise in negative feedback beyond chance.</p>",
        );
    }
    let cells = period_cells(report);
    for alert in &report.alerts {
        alert_card(out, report, alert, &cells);
    }
    out.push_str("</section>\n");
}

type CellKey<'a> = (PeriodKind, &'a str, &'a str);

/// The topic rows of `by_period`, by (kind, provider, topic), then period index.
fn period_cells(report: &Report) -> HashMap<CellKey<'_>, BTreeMap<i64, &SentimentStats>> {
    let mut cells: HashMap<CellKey<'_>, BTreeMap<i64, &SentimentStats>> = HashMap::new();
    for row in &report.by_period {
        if let Some(topic) = &row.topic {
            cells
                .entry((row.period_kind, row.provider_id.as_str(), topic.as_str()))
                .or_default()
                .insert(row.period_index, &row.stats);
        }
    }
    cells
}

fn period_range(report: &Report, kind: PeriodKind) -> Option<(i64, i64)> {
    let indexes = report.by_period.iter().filter(|r| r.period_kind == kind).map(|r| r.period_index);
    let (min, max) = indexes.fold((i64::MAX, i64::MIN), |(lo, hi), i| (lo.min(i), hi.max(i)));
    (min <= max).then_some((min, max))
}

fn alert_card(
    out: &mut String,
    report: &Report,
    alert: &Alert,
    cells: &HashMap<CellKey<'_>, BTreeMap<i64, &SentimentStats>>,
) {
    let kind = alert.period_kind;
    let window = match kind {
        PeriodKind::Week => BASELINE_WEEKS,
        PeriodKind::Month => BASELINE_MONTHS,
    };
    let _ = write!(
        out,
        "<article class=\"alert\"><h3><span class=\"badge bad\">{} alert</span> {} · {} · {}</h3>\
         <p>{} negative of {} mentions in {} {}; the baseline had {:.1} negative mentions per {} \
         ({} negative). Triggered by the {} test (Holm-adjusted p: volume {}, share {}).</p>",
        kind.as_str(),
        esc(&alert.provider_name),
        esc(&alert.topic_label),
        esc(&alert.period),
        alert.n_negative,
        alert.n_mentions,
        kind.as_str(),
        esc(&alert.period),
        alert.baseline_negative,
        kind.as_str(),
        percent(alert.baseline_share_negative),
        alert.trigger.as_str(),
        p_text(alert.p_volume_adjusted),
        p_text(alert.p_share_adjusted),
    );
    let empty = BTreeMap::new();
    let cell =
        cells.get(&(kind, alert.provider_id.as_str(), alert.topic.as_str())).unwrap_or(&empty);
    if let Some((first, last)) = period_range(report, kind) {
        let bars: Vec<CountBar> = (first..=last)
            .map(|index| {
                let stats = cell.get(&index);
                CountBar {
                    label: short_period(kind, index),
                    n_mentions: stats.map_or(0, |s| s.n_mentions),
                    n_negative: stats.map_or(0, |s| s.n_negative),
                    alert: index == alert.period_index,
                    baseline: index < alert.period_index && index >= alert.period_index - window,
                }
            })
            .collect();
        let label = format!(
            "{} mentions about {} per {}, negative part dark, baseline dashed",
            alert.topic_label,
            alert.provider_name,
            kind.as_str()
        );
        out.push_str("<div class=\"chart-box\">");
        out.push_str(&svg::count_bars(&bars, alert.baseline_negative, &label));
        out.push_str(
            "<p class=\"legend\"><span class=\"key neg\"></span>negative \
                      <span class=\"key all\"></span>all mentions of the topic \
                      <span class=\"key base\"></span>baseline negative per period</p></div>",
        );
    }
    out.push_str("<h4>The mentions behind it</h4>");
    quotes(out, &alert.quotes);
    let n_listed = alert.mention_ids.len() as u64;
    let summary = if n_listed < alert.n_evidence {
        format!(
            "The first {n_listed} of {} negative mention ids (mentions.csv has them all)",
            alert.n_evidence
        )
    } else {
        format!("All {n_listed} negative mention id{}", plural(n_listed))
    };
    let _ = write!(
        out,
        "<details><summary>{summary}</summary><p class=\"ids\">{}</p></details></article>",
        esc(&alert.mention_ids.join(", "))
    );
}

pub(super) fn trends(out: &mut String, report: &Report) {
    out.push_str("<section id=\"trends\"><h2>Trends</h2>");
    out.push_str(
        "<p class=\"lead\">Weekly net sentiment per provider with its 95% band (hollow dots: \
         weeks with too few mentions). Red triangles and shaded spans mark alerts on any of the \
         provider's topics; hover for details.</p>",
    );
    let Some(range) = period_range(report, PeriodKind::Week) else {
        out.push_str("<p class=\"muted\">No dated mention.</p></section>\n");
        return;
    };
    let mut weekly: BTreeMap<&str, Vec<&PeriodSummary>> = BTreeMap::new();
    for row in &report.by_period {
        if row.period_kind == PeriodKind::Week && row.topic.is_none() {
            weekly.entry(row.provider_id.as_str()).or_default().push(row);
        }
    }
    let ticks = month_ticks(report, range);
    out.push_str("<div class=\"small-multiples\">");
    let mut providers: Vec<_> = report
        .by_provider
        .iter()
        .filter(|p| !p.provider_id.is_unknown() && p.stats.enough_data)
        .collect();
    providers.sort_by(|a, b| {
        a.provider_name.cmp(&b.provider_name).then(a.provider_id.cmp(&b.provider_id))
    });
    for provider in providers {
        let rows = weekly.get(provider.provider_id.as_str()).map_or(&[][..], Vec::as_slice);
        let points: Vec<TrendPoint> = rows
            .iter()
            .map(|row| TrendPoint {
                index: row.period_index,
                value: row.stats.net_sentiment,
                ci: row.stats.net_sentiment_ci,
                enough_data: row.stats.enough_data,
                title: format!(
                    "{}: net {:+.2} over {} mentions",
                    row.period, row.stats.net_sentiment, row.stats.n_mentions
                ),
            })
            .collect();
        let markers: Vec<TrendMarker> = report
            .alerts
            .iter()
            .filter(|alert| alert.provider_id == provider.provider_id)
            .filter_map(|alert| {
                let span = match alert.period_kind {
                    PeriodKind::Week => (alert.period_index, alert.period_index),
                    PeriodKind::Month => month_weeks(alert.period_index)?,
                };
                Some(TrendMarker {
                    span,
                    title: format!(
                        "Alert {}: {} ({} negative, baseline {:.1})",
                        alert.period, alert.topic_label, alert.n_negative, alert.baseline_negative
                    ),
                })
            })
            .collect();
        let n_alerts = markers.len();
        let _ = write!(
            out,
            "<figure><figcaption><b>{}</b> <span class=\"muted\">{} mentions{}</span></figcaption>",
            esc(&provider.provider_name),
            provider.stats.n_mentions,
            if n_alerts > 0 {
                format!(" · {n_alerts} alert{}", plural(n_alerts as u64))
            } else {
                String::new()
            }
        );
        let label = format!("weekly net sentiment of {}", provider.provider_name);
        out.push_str(&svg::trend(&points, range, &markers, &ticks, &label));
        out.push_str("</figure>");
    }
    out.push_str("</div></section>\n");
}

/// The first and last week index of a month index.
fn month_weeks(month_index: i64) -> Option<(i64, i64)> {
    let start = month_start(month_index)?;
    let next = month_start(month_index + 1)?;
    let last_day = Timestamp::from_unix_seconds(next.unix_seconds() - 86_400);
    Some((PeriodKind::Week.index(start), PeriodKind::Week.index(last_day)))
}

fn month_start(month_index: i64) -> Option<Timestamp> {
    let year = i32::try_from(month_index.div_euclid(12)).ok()?;
    let month = u32::try_from(month_index.rem_euclid(12) + 1).ok()?;
    Timestamp::from_civil(CivilDateTime { year, month, day: 1, hour: 0, minute: 0, second: 0 })
}

/// Tick labels at the week holding the first day of each month in the range.
fn month_ticks(report: &Report, range: (i64, i64)) -> Vec<(i64, String)> {
    const NAMES: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let Some((first, last)) = period_range(report, PeriodKind::Month) else { return Vec::new() };
    (first..=last + 1)
        .filter_map(|month| {
            let week = PeriodKind::Week.index(month_start(month)?);
            let name = NAMES[month.rem_euclid(12) as usize];
            (range.0..=range.1).contains(&week).then(|| (week, name.to_string()))
        })
        .collect()
}

fn short_period(kind: PeriodKind, index: i64) -> String {
    let label = kind.label(index);
    match kind {
        PeriodKind::Week => {
            label.split_once('-').map_or(label.clone(), |(_, week)| week.to_string())
        }
        PeriodKind::Month => label,
    }
}
