//! Renders report.md: a summary an analyst can read and forward.

use std::fmt::Write;

use crate::redact::{PLACEHOLDERS, RedactMode};
use crate::report::{Finding, Overview, Polarity, Quote, Report, SentimentStats, StaffSummary};

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("# Patient feedback report\n\n");
    hipaa_risks(&mut out, report);
    overview(&mut out, &report.overview);
    alerts(&mut out, report);
    ranking(&mut out, "Most-loved providers", &report.most_loved, Polarity::Praise);
    ranking(&mut out, "Most-criticized providers", &report.most_criticized, Polarity::Complaint);
    details(&mut out, report);
    not_enough_data(&mut out, report);
    topics(&mut out, report);
    waits(&mut out, report);
    about(&mut out, &report.overview);
    out
}

/// The mentions flagged as HIPAA risks, first: they may need action today.
fn hipaa_risks(out: &mut String, report: &Report) {
    out.push_str("## HIPAA risks\n\n");
    if report.hipaa_risks.is_empty() {
        out.push_str(
            "No mention was flagged: no post by the organization's own accounts discloses PHI \
             or a patient relationship, and no post names someone else with their health \
             information.\n\n",
        );
        return;
    }
    let n = report.hipaa_risks.len();
    let _ = writeln!(
        out,
        "{n} mention{} flagged. Posts by the organization's own accounts that disclose PHI or \
         confirm a patient relationship should be taken down and reviewed by your privacy \
         officer; posts disclosing someone else's health information should not be quoted.\n",
        plural(n as u64)
    );
    out.push_str("| Mention | Provider | Source | Date | Risk | Reason | Excerpt |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for item in &report.hipaa_risks {
        let date = item.posted_at.map_or("undated".to_string(), |t| t.date_string());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            escape(&item.mention_id),
            escape(&item.provider_name),
            escape(&item.source),
            date,
            item.risk.kind.as_str(),
            escape(&item.risk.reason),
            escape(&item.excerpt),
        );
    }
    out.push('\n');
}

fn overview(out: &mut String, overview: &Overview) {
    out.push_str("## Data overview\n\n");
    let _ = writeln!(
        out,
        "- **Mentions:** {} read, {} duplicate{} excluded from all figures, {} analyzed.",
        overview.n_mentions,
        overview.n_duplicates,
        plural(overview.n_duplicates),
        overview.n_analyzed
    );
    let sources: Vec<String> = overview
        .sources
        .iter()
        .map(|source| format!("{} ({})", escape(&source.source), source.n_mentions))
        .collect();
    let sources = if sources.is_empty() { "none".to_string() } else { sources.join(", ") };
    let _ = writeln!(out, "- **Sources:** {sources}.");
    let dates = match (overview.first_posted, overview.last_posted) {
        (Some(first), Some(last)) => format!("{} to {}", first.date_string(), last.date_string()),
        _ => "unknown".to_string(),
    };
    let undated = match overview.n_undated {
        0 => String::new(),
        n => format!(" ({n} undated)"),
    };
    let _ = writeln!(out, "- **Dates:** {dates}{undated}.");
    let _ = writeln!(
        out,
        "- **Providers:** {} of {} listed provider{} mentioned; {} mention{} about no known \
         provider.",
        overview.n_providers_mentioned,
        overview.n_providers_listed,
        plural(overview.n_providers_listed),
        overview.n_unknown_provider,
        plural(overview.n_unknown_provider)
    );
    let _ = writeln!(
        out,
        "- **Minimum volume:** providers, topics and provider/topic pairs with fewer than {} \
         analyzed mentions are marked \"not enough data\" and never ranked.\n",
        overview.min_volume
    );
}

fn alerts(out: &mut String, report: &Report) {
    out.push_str("## Alerts\n\n");
    if report.alerts.is_empty() {
        out.push_str("No rise in negative feedback beyond chance (see report.html, Methods).\n\n");
        return;
    }
    for alert in &report.alerts {
        let _ = writeln!(
            out,
            "- **{}**, {}, {} {}: {} negative of {} mentions (baseline {:.1} negative per {}); \
             {} test, Holm-adjusted p {:.1e}.",
            escape(&alert.provider_name),
            escape(&alert.topic_label),
            alert.period_kind.as_str(),
            alert.period,
            alert.n_negative,
            alert.n_mentions,
            alert.baseline_negative,
            alert.period_kind.as_str(),
            alert.trigger.as_str(),
            alert.p_volume_adjusted.min(alert.p_share_adjusted)
        );
    }
    out.push('\n');
}

fn ranking(out: &mut String, title: &str, findings: &[Finding], polarity: Polarity) {
    let _ = writeln!(out, "## {title}\n");
    if findings.is_empty() {
        let sign = match polarity {
            Polarity::Praise => "positive",
            Polarity::Complaint => "negative",
        };
        let _ = writeln!(out, "No provider with enough data has a {sign} net sentiment.\n");
        return;
    }
    out.push_str(
        "| # | Provider | Mentions | Positive | Negative | Net sentiment | Mean score |\n",
    );
    out.push_str("|---:|---|---:|---:|---:|---:|---:|\n");
    for (rank, finding) in findings.iter().enumerate() {
        let stats = &finding.stats;
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            rank + 1,
            escape(&finding.provider_name),
            stats_cells(stats)
        );
    }
    out.push('\n');
    for (rank, finding) in findings.iter().enumerate() {
        let _ = writeln!(out, "### {}. {}\n", rank + 1, escape(&finding.provider_name));
        quotes(out, &finding.quotes);
    }
}

fn details(out: &mut String, report: &Report) {
    out.push_str("## Providers in detail\n\n");
    if report.provider_findings.is_empty() {
        out.push_str("No provider has enough data.\n\n");
        return;
    }
    for provider in &report.provider_findings {
        let summary = &provider.summary;
        let _ = writeln!(out, "### {}\n", escape(&summary.provider_name));
        let kind = if summary.kind.is_empty() {
            String::new()
        } else {
            format!(" ({})", escape(&summary.kind))
        };
        let _ = writeln!(out, "`{}`{kind}: {}.\n", summary.provider_id, stats_line(&summary.stats));
        findings(out, "Top complaints", &provider.complaints);
        findings(out, "What patients love", &provider.praise);
        staff(out, "Most praised staff", &provider.praised_staff, "positive");
        staff(out, "Most criticized staff", &provider.criticized_staff, "negative");
        let thin: Vec<String> = report
            .by_provider_topic
            .iter()
            .filter(|cell| cell.provider_id == summary.provider_id && !cell.stats.enough_data)
            .map(|cell| format!("{} ({})", escape(&cell.topic_label), cell.stats.n_mentions))
            .collect();
        if !thin.is_empty() {
            let _ = writeln!(out, "Not enough data: {}.\n", thin.join(", "));
        }
    }
}

fn findings(out: &mut String, title: &str, findings: &[Finding]) {
    let _ = writeln!(out, "#### {title}\n");
    if findings.is_empty() {
        out.push_str("No topic with enough data.\n\n");
        return;
    }
    for (rank, finding) in findings.iter().enumerate() {
        let label = finding.topic_label.as_deref().unwrap_or("All topics");
        let _ =
            writeln!(out, "{}. **{}**: {}.\n", rank + 1, escape(label), stats_line(&finding.stats));
        quotes(out, &finding.quotes);
    }
}

fn staff(out: &mut String, title: &str, staff: &[StaffSummary], sign: &str) {
    let _ = writeln!(out, "#### {title}\n");
    if staff.is_empty() {
        let _ = writeln!(
            out,
            "No member of staff with at least 2 mentions and a {sign} net sentiment.\n"
        );
        return;
    }
    for (rank, person) in staff.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}** ({}): {} mention{}, {} positive, {} negative, net sentiment {}.",
            rank + 1,
            escape(&person.name),
            escape(&person.role),
            person.n_mentions,
            plural(person.n_mentions),
            person.n_positive,
            person.n_negative,
            signed(person.net_sentiment)
        );
    }
    out.push('\n');
}

fn waits(out: &mut String, report: &Report) {
    out.push_str("## Wait times\n\n");
    let known = || report.waits.iter().filter(|wait| !wait.provider_id.is_unknown());
    if known().next().is_none() {
        out.push_str("No wait was reported about a known provider.\n\n");
        return;
    }
    let min_volume = report.overview.min_volume;
    if known().any(|wait| wait.enough_data) {
        let _ = writeln!(
            out,
            "Waits reported in analyzed mentions, for providers with at least {min_volume} wait \
             reports.\n"
        );
        out.push_str("| Provider | Wait reports | Median wait | Over 1 hour |\n");
        out.push_str("|---|---:|---:|---:|\n");
        for wait in known().filter(|wait| wait.enough_data) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&wait.provider_name),
                wait.n_waits,
                duration(wait.median_minutes),
                percent(wait.share_over_60)
            );
        }
        out.push('\n');
    } else {
        let _ = writeln!(out, "No provider has at least {min_volume} wait reports.\n");
    }
    let thin: Vec<String> = known()
        .filter(|wait| !wait.enough_data)
        .map(|wait| {
            format!(
                "{} ({} wait report{})",
                escape(&wait.provider_name),
                wait.n_waits,
                plural(wait.n_waits)
            )
        })
        .collect();
    if !thin.is_empty() {
        let _ = writeln!(out, "Not enough data: {}.\n", thin.join(", "));
    }
}

/// A wait in minutes, in the largest unit that keeps it readable: `45 min`, `52.5 min`,
/// `2 h 15 min`, `3.0 days`. Hours and minutes are rounded to the nearest minute.
pub(crate) fn duration(minutes: f64) -> String {
    if minutes < 120.0 {
        let text = format!("{minutes:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text);
        format!("{text} min")
    } else if minutes < 2880.0 {
        let total = minutes.round() as u64;
        match total % 60 {
            0 => format!("{} h", total / 60),
            rest => format!("{} h {rest} min", total / 60),
        }
    } else {
        format!("{:.1} days", minutes / 1440.0)
    }
}

fn not_enough_data(out: &mut String, report: &Report) {
    let thin: Vec<String> = report
        .by_provider
        .iter()
        .filter(|summary| !summary.stats.enough_data && !summary.provider_id.is_unknown())
        .map(|summary| {
            format!(
                "- {} (`{}`): {} mention{}",
                escape(&summary.provider_name),
                summary.provider_id,
                summary.stats.n_mentions,
                plural(summary.stats.n_mentions)
            )
        })
        .collect();
    out.push_str("## Not enough data\n\n");
    if thin.is_empty() {
        out.push_str("Every mentioned provider has enough data.\n\n");
        return;
    }
    let _ = writeln!(
        out,
        "These providers have fewer than {} analyzed mentions and are not ranked:\n",
        report.overview.min_volume
    );
    for line in thin {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

fn topics(out: &mut String, report: &Report) {
    out.push_str("## Topics across all providers\n\n");
    if report.by_topic.is_empty() {
        out.push_str("No topic was found.\n\n");
        return;
    }
    out.push_str("| Topic | Mentions | Positive | Negative | Net sentiment | Mean score |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|\n");
    for topic in &report.by_topic {
        let stats = &topic.stats;
        let label = if stats.enough_data {
            escape(&topic.topic_label)
        } else {
            format!("{} (not enough data)", escape(&topic.topic_label))
        };
        let _ = writeln!(out, "| {label} | {} |", stats_cells(stats));
    }
    out.push('\n');
}

fn about(out: &mut String, overview: &Overview) {
    out.push_str("## About this report\n\n");
    out.push_str(
        "- Duplicates (the same text about the same provider, such as retweets and \
         cross-posts) stay in mentions.csv but are excluded from every count, share, ranking \
         and quote.\n",
    );
    out.push_str(
        "- Net sentiment is (positive - negative) / mentions, from -1 to +1. Providers are \
         ranked by net sentiment, then mean score; topics by share negative (complaints) or \
         share positive (praise).\n",
    );
    out.push_str(
        "- Quotes are the most strongly scored analyzed mentions of each finding (most negative \
         for complaints, most positive for praise), cut to about 280 characters: texts of four \
         words or more first, and among them mentions that read as the finding does as a whole \
         (a wait complaint from a mention that is negative overall before one from a mention \
         that praises the care).\n",
    );
    out.push_str(
        "- Staff are listed by the sentiment of the clauses naming them, with at least 2 \
         mentions. Wait medians are the middle reported wait, or the mean of the two middle \
         ones; \"over 1 hour\" is the share of wait reports longer than 60 minutes.\n",
    );
    match overview.redaction {
        RedactMode::None => out.push_str(
            "- Quotes and excerpts are NOT redacted and may contain personal or health \
             information: review them before forwarding this report.\n",
        ),
        mode => {
            out.push_str(
                "- Quotes and excerpts are redacted: the protected health information found by \
                 bedside's PHI detector (names of patients and relatives, dates tied to a \
                 person, addresses, ages over 89, record and account numbers, ...) is replaced \
                 by [NAME], [DATE], [ADDRESS], [AGE], [ID], ..., then remaining email \
                 addresses, phone numbers, long numbers, links and social handles other than \
                 the providers' own by [EMAIL], [PHONE], [ID], [URL] and [HANDLE]. Staff \
                 named with a role are kept. Detection is not perfect: review quotes before \
                 forwarding this report.\n",
            );
            if mode == RedactMode::All {
                out.push_str(
                    "- The mentions table is redacted too: text, author (except the \
                     providers' own handles) and link.\n",
                );
            }
        }
    }
}

fn quotes(out: &mut String, quotes: &[Quote]) {
    if quotes.is_empty() {
        out.push_str("No quote available.\n\n");
        return;
    }
    for quote in quotes {
        let date = quote.posted_at.map_or("undated".to_string(), |t| t.date_string());
        let citation = format!("{}, {}", escape(&quote.source), date);
        let citation = match quote.url.as_deref().filter(|url| is_web_link(url)) {
            Some(url) => format!("[{citation}]({})", link_target(url)),
            None => citation,
        };
        let _ = writeln!(out, "> {} — {citation}\n", escape(&quote.text));
    }
}

/// The table cells `mentions | positive | negative | net sentiment | mean score`.
fn stats_cells(stats: &SentimentStats) -> String {
    format!(
        "{} | {} | {} | {} | {}",
        stats.n_mentions,
        percent(stats.share_positive),
        percent(stats.share_negative),
        signed(stats.net_sentiment),
        signed(stats.mean_score)
    )
}

fn stats_line(stats: &SentimentStats) -> String {
    format!(
        "{} mention{}, {} positive, {} neutral, {} negative, net sentiment {}",
        stats.n_mentions,
        plural(stats.n_mentions),
        percent(stats.share_positive),
        percent(stats.share_neutral),
        percent(stats.share_negative),
        signed(stats.net_sentiment)
    )
}

pub(crate) fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(crate) fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn signed(value: f64) -> String {
    let text = format!("{value:+.4}");
    if text == "-0.0000" { "+0.0000".to_string() } else { text }
}

pub(crate) fn is_web_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Percent-encodes the characters that would end or break a Markdown link target.
fn link_target(url: &str) -> String {
    let mut target = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => target.push_str("%20"),
            '(' => target.push_str("%28"),
            ')' => target.push_str("%29"),
            '<' => target.push_str("%3C"),
            '>' => target.push_str("%3E"),
            c if c.is_control() => {}
            c => target.push(c),
        }
    }
    target
}

/// Escapes Markdown syntax in free text, keeping redaction placeholders readable.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '['
            && let Some(placeholder) = PLACEHOLDERS.iter().find(|p| rest.starts_with(**p))
        {
            escaped.push_str(placeholder);
            rest = &rest[placeholder.len()..];
            continue;
        }
        if matches!(c, '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' | '|' | '#' | '~') {
            escaped.push('\\');
        }
        if !c.is_control() {
            escaped.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_but_not_placeholders() {
        assert_eq!(escape("a *b* [PHONE] [x](y) | #1"), r"a \*b\* [PHONE] \[x\](y) \| \#1");
        assert_eq!(escape("snake_case <b>"), r"snake\_case \<b\>");
    }

    #[test]
    fn link_targets_cannot_break_out() {
        assert_eq!(link_target("https://x.org/a b(c)"), "https://x.org/a%20b%28c%29");
        assert!(is_web_link("HTTPS://example.com"));
        assert!(!is_web_link("javascript:alert(1)"));
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(percent(0.75), "75.0%");
        assert_eq!(signed(0.5), "+0.5000");
        assert_eq!(signed(-0.00001), "+0.0000");
        assert_eq!(plural(1), "");
        assert_eq!(plural(2), "s");
        assert_eq!(duration(45.0), "45 min");
        assert_eq!(duration(52.5), "52.5 min");
        assert_eq!(duration(150.0), "2 h 30 min");
        assert_eq!(duration(180.0), "3 h");
        assert_eq!(duration(4320.0), "3.0 days");
    }
}
