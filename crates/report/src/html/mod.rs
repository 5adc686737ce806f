//! Renders report.html: one self-contained page (inline CSS, inline SVG, a few lines of inline
//! script) that an analyst can open offline or send by email.
//!
//! A Content-Security-Policy forbids every network load, so the page cannot fetch anything even
//! if a quote smuggled markup past escaping. The inline script only checks the page itself: it
//! records script errors and marks `<body data-check="ok">` once every chart has a non-empty
//! bounding box (the Chromium test reads this marker).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use crate::alerts::{BASELINE_MONTHS, BASELINE_WEEKS};
use crate::markdown::{duration, is_web_link, percent, plural};
use crate::peers::{PeerComparison, PeerVerdict};
use crate::report::{Finding, Polarity, Quote, Report, SentimentStats, StaffSummary};
use crate::svg::{self, HeatCell, WaitRow, esc};

mod risks;
mod time;

const STYLE: &str = include_str!("report.css");

const SCRIPT: &str = r#"(function () {
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message)); });
  window.addEventListener("securitypolicyviolation", function (e) {
    errors.push("blocked " + e.blockedURI);
  });
  window.addEventListener("load", function () {
    var charts = document.querySelectorAll("svg.chart"), empty = [];
    for (var i = 0; i < charts.length; i++) {
      var box = charts[i].getBBox();
      if (!(box.width > 0 && box.height > 0)) { empty.push(i); }
    }
    document.body.dataset.charts = String(charts.length);
    document.body.dataset.check = errors.length || empty.length
      ? "fail: errors=" + errors.join("; ") + " empty=" + empty.join(",")
      : "ok";
  });
})();"#;

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::with_capacity(256 * 1024);
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>Patient feedback report</title>\n<style>\n",
    );
    out.push_str(STYLE);
    let _ = write!(out, "</style>\n<script>{SCRIPT}</script>\n</head>\n<body>\n");
    header(&mut out, report);
    out.push('\n');
    out.push_str("<main>\n");
    risks::risks(&mut out, report);
    overview(&mut out, report);
    time::alerts(&mut out, report);
    league(&mut out, report);
    heatmap(&mut out, report);
    time::trends(&mut out, report);
    staff(&mut out, report);
    waits(&mut out, report);
    details(&mut out, report);
    methods(&mut out, report);
    out.push('\n');
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, report: &Report) {
    let overview = &report.overview;
    let dates = match (overview.first_posted, overview.last_posted) {
        (Some(first), Some(last)) => format!("{} to {}", first.date_string(), last.date_string()),
        _ => "undated".to_string(),
    };
    let _ = write!(
        out,
        "<header><div class=\"wrap\"><h1>Patient feedback report</h1>\
         <p class=\"sub\">{} analyzed mentions · {dates}</p>\
         <nav><a href=\"#risks\">HIPAA risks</a><a href=\"#overview\">Overview</a><a href=\"#alerts\">Alerts</a>\
         <a href=\"#league\">League table</a><a href=\"#heatmap\">Topics</a>\
         <a href=\"#trends\">Trends</a><a href=\"#staff\">Staff</a><a href=\"#waits\">Waits</a>\
         <a href=\"#details\">Quotes</a><a href=\"#methods\">Methods</a></nav></div></header>",
        overview.n_analyzed
    );
}

fn overview(out: &mut String, report: &Report) {
    let overview = &report.overview;
    let n_worse = report.peers.iter().filter(|p| p.verdict == PeerVerdict::Worse).count();
    let n_better = report.peers.iter().filter(|p| p.verdict == PeerVerdict::Better).count();
    out.push_str("<section id=\"overview\"><h2>Overview</h2><div class=\"cards\">");
    let cards = [
        (overview.n_analyzed.to_string(), "mentions analyzed".to_string()),
        (overview.n_duplicates.to_string(), "duplicates set aside".to_string()),
        (
            format!("{} / {}", overview.n_providers_mentioned, overview.n_providers_listed),
            "providers mentioned".to_string(),
        ),
        (report.alerts.len().to_string(), format!("alert{}", plural(report.alerts.len() as u64))),
        (format!("{n_better} · {n_worse}"), "better · worse than peers".to_string()),
    ];
    for (value, label) in cards {
        let _ = write!(
            out,
            "<div class=\"card\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>",
            esc(&value),
            esc(&label)
        );
    }
    out.push_str("</div><div class=\"grid2\"><div>");
    out.push_str("<h3>Key findings</h3><ul class=\"findings\">");
    for alert in report.alerts.iter().rev().take(5) {
        let _ = write!(
            out,
            "<li><span class=\"badge bad\">alert</span> <b>{}</b> · {}: {} negative mentions in \
             {} {} (baseline {:.1} per {}).</li>",
            esc(&alert.provider_name),
            esc(&alert.topic_label),
            alert.n_negative,
            alert.period_kind.as_str(),
            esc(&alert.period),
            alert.baseline_negative,
            alert.period_kind.as_str()
        );
    }
    for (findings, class, word) in [
        (&report.most_loved, "good", "most loved"),
        (&report.most_criticized, "bad", "most criticized"),
    ] {
        if let Some(first) = findings.first() {
            let _ = write!(
                out,
                "<li><span class=\"badge {class}\">{word}</span> <b>{}</b>: net sentiment {:+.2} \
                 over {} mentions.</li>",
                esc(&first.provider_name),
                first.stats.net_sentiment,
                first.stats.n_mentions
            );
        }
    }
    out.push_str("</ul></div><div><h3>Sources</h3>");
    let sources: Vec<(String, u64)> =
        overview.sources.iter().map(|s| (s.source.clone(), s.n_mentions)).collect();
    if sources.is_empty() {
        out.push_str("<p class=\"muted\">No analyzed mention.</p>");
    } else {
        out.push_str(&svg::count_rows(&sources, "analyzed mentions per source"));
    }
    out.push_str("</div></div></section>\n");
}

fn league(out: &mut String, report: &Report) {
    out.push_str("<section id=\"league\"><h2>Provider league table</h2>");
    out.push_str(
        "<p class=\"lead\">Providers ranked against others of the same kind on net sentiment \
         ((positive − negative) / mentions). Bars show the 95% interval; the grey band is the \
         pooled peers' interval. \"Better\" or \"worse\" only when the intervals do not \
         overlap.</p>",
    );
    let mut by_kind: BTreeMap<&str, Vec<&PeerComparison>> = BTreeMap::new();
    for peer in &report.peers {
        by_kind.entry(peer.kind.as_str()).or_default().push(peer);
    }
    if by_kind.is_empty() {
        out.push_str("<p class=\"muted\">No provider has enough data to be ranked.</p>");
    }
    for (kind, peers) in by_kind {
        let _ = write!(
            out,
            "<h3>{}</h3><div class=\"table-scroll\"><table><thead><tr><th>#</th><th>Provider</th>\
             <th class=\"num\">Mentions</th><th class=\"num\">Positive</th>\
             <th class=\"num\">Negative</th><th class=\"num\">Net (95% interval)</th><th>{}</th>\
             <th>vs peers</th></tr></thead><tbody>",
            esc(&capitalize(kind)),
            svg::interval_axis()
        );
        for peer in peers {
            let stats = &peer.provider.stats;
            let peers_ci = (peer.n_peers > 0).then_some(peer.peers_net_sentiment_ci);
            let label = format!("net sentiment of {}", peer.provider.provider_name);
            let (class, text) = match peer.verdict {
                PeerVerdict::Better => ("good", "better"),
                PeerVerdict::Worse => ("bad", "worse"),
                PeerVerdict::NotSignificant => ("neutral", "not distinguishable"),
                PeerVerdict::NoPeers => ("neutral", "no peers"),
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{} <span class=\"muted\">({} \
                 to {})</span></td><td>{}</td><td><span class=\"badge {class}\">{text}</span></td></tr>",
                peer.rank,
                esc(&peer.provider.provider_name),
                stats.n_mentions,
                percent(stats.share_positive),
                percent(stats.share_negative),
                signed2(stats.net_sentiment),
                signed2(stats.net_sentiment_ci.low),
                signed2(stats.net_sentiment_ci.high),
                svg::interval_bar(stats.net_sentiment, stats.net_sentiment_ci, peers_ci, &label),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    let thin: Vec<String> = report
        .by_provider
        .iter()
        .filter(|p| !p.provider_id.is_unknown() && !p.stats.enough_data)
        .map(|p| format!("{} ({})", esc(&p.provider_name), p.stats.n_mentions))
        .collect();
    if !thin.is_empty() {
        let _ = write!(
            out,
            "<p class=\"muted\">Not enough data (fewer than {} mentions), not ranked: {}.</p>",
            report.overview.min_volume,
            thin.join(", ")
        );
    }
    out.push_str("</section>\n");
}

fn heatmap(out: &mut String, report: &Report) {
    out.push_str("<section id=\"heatmap\"><h2>Providers × topics</h2>");
    let _ = write!(
        out,
        "<p class=\"lead\">Net sentiment per provider and topic, from the sentiment of the clauses \
         about each topic: blue is praise, red is complaint. Hatched cells have fewer than {} \
         mentions (not enough data).</p>",
        report.overview.min_volume
    );
    let mut providers: Vec<_> =
        report.by_provider.iter().filter(|p| !p.provider_id.is_unknown()).collect();
    providers.sort_by(|a, b| {
        b.stats
            .enough_data
            .cmp(&a.stats.enough_data)
            .then(b.stats.net_sentiment.total_cmp(&a.stats.net_sentiment))
            .then(a.provider_id.cmp(&b.provider_id))
    });
    let mut topics: Vec<_> = report.by_topic.iter().collect();
    topics.sort_by(|a, b| b.stats.n_mentions.cmp(&a.stats.n_mentions).then(a.topic.cmp(&b.topic)));
    if providers.is_empty() || topics.is_empty() {
        out.push_str("<p class=\"muted\">No provider or topic to show.</p></section>\n");
        return;
    }
    let lookup: HashMap<(&str, &str), &SentimentStats> = report
        .by_provider_topic
        .iter()
        .map(|cell| ((cell.provider_id.as_str(), cell.topic.as_str()), &cell.stats))
        .collect();
    let rows: Vec<String> = providers.iter().map(|p| p.provider_name.clone()).collect();
    let columns: Vec<String> = topics.iter().map(|t| t.topic_label.clone()).collect();
    let cells: Vec<Vec<HeatCell>> = providers
        .iter()
        .map(|provider| {
            topics
                .iter()
                .map(|topic| {
                    let stats = lookup.get(&(provider.provider_id.as_str(), topic.topic.as_str()));
                    match stats {
                        Some(stats) => HeatCell {
                            net: Some(stats.net_sentiment),
                            n_mentions: stats.n_mentions,
                            enough_data: stats.enough_data,
                            title: format!(
                                "{} · {}: net {:+.2} (95% {:+.2} to {:+.2}), {} mentions, {} negative",
                                provider.provider_name,
                                topic.topic_label,
                                stats.net_sentiment,
                                stats.net_sentiment_ci.low,
                                stats.net_sentiment_ci.high,
                                stats.n_mentions,
                                percent(stats.share_negative)
                            ),
                        },
                        None => HeatCell {
                            net: None,
                            n_mentions: 0,
                            enough_data: false,
                            title: format!("{} · {}: no mentions", provider.provider_name, topic.topic_label),
                        },
                    }
                })
                .collect()
        })
        .collect();
    out.push_str("<div class=\"chart-box wide\">");
    out.push_str(&svg::heatmap(&rows, &columns, &cells));
    out.push_str("</div></section>\n");
}

fn staff(out: &mut String, report: &Report) {
    out.push_str("<section id=\"staff\"><h2>Staff named by patients</h2>");
    out.push_str(
        "<p class=\"lead\">People named with a role (\"Nurse Amy\", \"Dr. Okafor\"), by the \
         sentiment of the clauses about them; at least 2 mentions.</p><div class=\"grid2\">",
    );
    for (title, polarity) in
        [("Most praised", Polarity::Praise), ("Most criticized", Polarity::Complaint)]
    {
        let mut listed: Vec<&StaffSummary> = report
            .staff
            .iter()
            .filter(|s| s.n_mentions >= 2)
            .filter(|s| match polarity {
                Polarity::Praise => s.net_sentiment > 0.0,
                Polarity::Complaint => s.net_sentiment < 0.0,
            })
            .collect();
        listed.sort_by(|a, b| {
            let by_net = match polarity {
                Polarity::Praise => b.net_sentiment.total_cmp(&a.net_sentiment),
                Polarity::Complaint => a.net_sentiment.total_cmp(&b.net_sentiment),
            };
            by_net.then(b.n_mentions.cmp(&a.n_mentions)).then(a.name.cmp(&b.name))
        });
        let _ = write!(out, "<div><h3>{title}</h3>");
        if listed.is_empty() {
            out.push_str("<p class=\"muted\">Nobody with at least 2 mentions.</p></div>");
            continue;
        }
        out.push_str(
            "<table><thead><tr><th>Name</th><th>Role</th><th>Provider</th>\
             <th class=\"num\">Mentions</th><th class=\"num\">Net</th></tr></thead><tbody>",
        );
        for person in listed.into_iter().take(10) {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\"><span class=\"swatch\" style=\"background:{}\"></span>{:+.2}</td></tr>",
                esc(&person.name),
                esc(&person.role),
                esc(&person.provider_name),
                person.n_mentions,
                svg::net_color(person.net_sentiment),
                person.net_sentiment
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</div></section>\n");
}

fn waits(out: &mut String, report: &Report) {
    out.push_str("<section id=\"waits\"><h2>Wait times</h2>");
    let mut rows: Vec<_> =
        report.waits.iter().filter(|w| !w.provider_id.is_unknown() && w.enough_data).collect();
    rows.sort_by(|a, b| {
        b.median_minutes.total_cmp(&a.median_minutes).then(a.provider_id.cmp(&b.provider_id))
    });
    if rows.is_empty() {
        let _ = write!(
            out,
            "<p class=\"muted\">No provider has at least {} wait reports.</p></section>",
            report.overview.min_volume
        );
        return;
    }
    out.push_str(
        "<p class=\"lead\">Waits patients reported, in minutes on a log scale: the large dot is \
         the median, the line runs to the 90th percentile.</p><div class=\"chart-box wide\">",
    );
    let chart_rows: Vec<WaitRow> = rows
        .iter()
        .map(|w| WaitRow {
            label: w.provider_name.clone(),
            median: w.median_minutes,
            p90: w.p90_minutes,
            title: format!(
                "{}: median {}, 90th percentile {}, {} reports",
                w.provider_name,
                duration(w.median_minutes),
                duration(w.p90_minutes),
                w.n_waits
            ),
        })
        .collect();
    out.push_str(&svg::waits(&chart_rows));
    out.push_str(
        "</div><div class=\"table-scroll\"><table><thead><tr><th>Provider</th>\
         <th class=\"num\">Reports</th><th class=\"num\">Median</th><th class=\"num\">90th pct</th>\
         <th class=\"num\">Over 1 h</th><th class=\"num\">Clinic</th><th class=\"num\">Appointment</th>\
         <th class=\"num\">Results</th><th class=\"num\">Emergency</th></tr></thead><tbody>",
    );
    let optional = |value: Option<f64>| value.map_or("–".to_string(), duration);
    for w in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&w.provider_name),
            w.n_waits,
            esc(&duration(w.median_minutes)),
            esc(&duration(w.p90_minutes)),
            percent(w.share_over_60),
            esc(&optional(w.median_clinic)),
            esc(&optional(w.median_appointment)),
            esc(&optional(w.median_results)),
            esc(&optional(w.median_emergency)),
        );
    }
    out.push_str("</tbody></table></div></section>\n");
}

fn details(out: &mut String, report: &Report) {
    out.push_str("<section id=\"details\"><h2>What patients say, provider by provider</h2>");
    if report.provider_findings.is_empty() {
        out.push_str("<p class=\"muted\">No provider has enough data.</p>");
    }
    for provider in &report.provider_findings {
        let stats = &provider.summary.stats;
        let _ = write!(
            out,
            "<details class=\"provider\"><summary><b>{}</b> <span class=\"muted\">{} · {} mentions · \
             net {:+.2}</span></summary><div class=\"grid2\">",
            esc(&provider.summary.provider_name),
            esc(&provider.summary.kind),
            stats.n_mentions,
            stats.net_sentiment
        );
        for (title, findings) in
            [("Top complaints", &provider.complaints), ("What patients love", &provider.praise)]
        {
            let _ = write!(out, "<div><h4>{title}</h4>");
            topic_findings(out, findings);
            out.push_str("</div>");
        }
        out.push_str("</div></details>");
    }
    out.push_str("</section>\n");
}

fn topic_findings(out: &mut String, findings: &[Finding]) {
    if findings.is_empty() {
        out.push_str("<p class=\"muted\">No topic with enough data.</p>");
        return;
    }
    for finding in findings {
        let stats = &finding.stats;
        let _ = write!(
            out,
            "<p class=\"finding\"><b>{}</b> · {} mentions, {} negative, {} positive</p>",
            esc(finding.topic_label.as_deref().unwrap_or("All topics")),
            stats.n_mentions,
            percent(stats.share_negative),
            percent(stats.share_positive)
        );
        quotes(out, &finding.quotes);
    }
}

pub(super) fn quotes(out: &mut String, quotes: &[Quote]) {
    if quotes.is_empty() {
        out.push_str("<p class=\"muted\">No quote available.</p>");
        return;
    }
    for quote in quotes {
        let date = quote.posted_at.map_or("undated".to_string(), |t| t.date_string());
        let citation = format!("{} · {}", esc(&quote.source), date);
        let citation = match quote.url.as_deref().filter(|url| is_web_link(url)) {
            Some(url) => format!(
                "<a href=\"{}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">{citation}</a>",
                esc(url)
            ),
            None => citation,
        };
        let class = if quote.score < 0.0 { "neg" } else { "pos" };
        let _ = write!(
            out,
            "<blockquote class=\"{class}\"><p>{}</p><footer>{citation}</footer></blockquote>",
            esc(&quote.text)
        );
    }
}

fn methods(out: &mut String, report: &Report) {
    let redaction = if report.overview.quotes_redacted {
        "Quotes are redacted: e-mail addresses, phone numbers, long numbers and record ids, links \
         and social handles other than the providers' own are replaced by placeholders. Names, \
         dates and other personal details are not all removed: review quotes before forwarding."
    } else {
        "Quotes are NOT redacted and may contain personal or health information: review them \
         before forwarding this report."
    };
    let _ = write!(
        out,
        "<section id=\"methods\"><h2>Methods</h2><ul class=\"methods\">\
         <li><b>Counts.</b> Duplicates (retweets, cross-posts) are excluded from every figure. \
         Groups with fewer than {min} mentions are \"not enough data\" and never ranked.</li>\
         <li><b>Intervals.</b> 95% Wilson score intervals for shares; net sentiment by MOVER \
         (Zou &amp; Donner 2008) from the Wilson intervals of the positive and negative shares; \
         t intervals for mean scores.</li>\
         <li><b>Peers.</b> Each provider is compared with the pooled other providers of its kind; \
         \"better\" or \"worse\" only when the two 95% intervals do not overlap (a conservative \
         test, significant at well under 1%).</li>\
         <li><b>Alerts.</b> For every provider, topic and week (month), one-sided exact Poisson \
         (negative volume) and binomial (negative share) tests against the trailing {BASELINE_WEEKS} \
         weeks ({BASELINE_MONTHS} months), run when at least {min} negative mentions; Holm's \
         correction over every test of the report keeps the chance of any false alarm at 5%.</li>\
         <li><b>Quotes.</b> {redaction}</li></ul></section>",
        min = report.overview.min_volume
    );
}

/// A signed value with 2 decimals, never `-0.00`.
fn signed2(value: f64) -> String {
    let text = format!("{value:+.2}");
    if text == "-0.00" { "+0.00".to_string() } else { text }
}

pub(super) fn p_text(p: f64) -> String {
    if p < 0.001 { format!("{p:.1e}") } else { format!("{p:.3}") }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
