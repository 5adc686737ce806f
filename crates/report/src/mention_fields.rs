//! How the fields of the mentions table are written as text: floats with exactly 4 decimals
//! (with a fast path for scores and shares), the `;`-separated lists of `mentions.csv`, and the
//! `|`-separated detail columns of `mentions.parquet` that `shard` decodes back.

use std::fmt::Write as _;

use bedside_types::{
    HipaaRisk, PhiHit, Sentiment, StaffMention, TargetSentiment, TopicSentiment, WaitReport,
};

/// Appends `value` with exactly 4 decimals, as `format!("{value:.4}")` writes it, except that
/// `-0.0000` is written `0.0000` so that tiny negative means do not look like a sign.
///
/// Scores and shares (|value| < 10,000) take a fast path: `value × 10⁴` is exact to within
/// 10⁻⁸ there, so rounding it to the nearest integer gives the digits `format!` gives unless
/// the value lies within 10⁻⁶ of a rounding tie, which (like every other value) goes to
/// `format!`.
pub(crate) fn push_float4(out: &mut String, value: f64) {
    if value.abs() < 10_000.0 {
        let scaled = value * 10_000.0;
        let floor = scaled.floor();
        let fraction = scaled - floor;
        if (fraction - 0.5).abs() > 1e-6 {
            let units = (if fraction > 0.5 { floor + 1.0 } else { floor }) as i64;
            if units < 0 {
                out.push('-');
            }
            let units = units.unsigned_abs();
            let _ = write!(out, "{}.{:04}", units / 10_000, units % 10_000);
            return;
        }
    }
    let start = out.len();
    let _ = write!(out, "{value:.4}");
    if &out[start..] == "-0.0000" {
        out.truncate(start);
        out.push_str("0.0000");
    }
}

/// Appends `items`, each written by `item`, `;`-separated.
fn push_list<T>(out: &mut String, items: &[T], item: impl Fn(&mut String, &T)) {
    for (idx, value) in items.iter().enumerate() {
        if idx > 0 {
            out.push(';');
        }
        item(out, value);
    }
}

/// The topic ids of a mention, `;`-separated, in taxonomy order.
pub(crate) fn push_topic_ids(out: &mut String, topics: &[TopicSentiment]) {
    push_list(out, topics, |out, found| out.push_str(found.topic.as_str()));
}

/// The topic scores of a mention: `wait_times=-0.5423;billing_cost=0.1000`.
pub(crate) fn push_topic_scores(out: &mut String, topics: &[TopicSentiment]) {
    push_list(out, topics, |out, found| {
        out.push_str(found.topic.as_str());
        out.push('=');
        push_float4(out, found.sentiment.score());
    });
}

/// The sentiment about each target provider: `st_marys=-0.5423;oak_clinic=0.2000`.
pub(crate) fn push_target_scores(out: &mut String, targets: &[TargetSentiment]) {
    push_list(out, targets, |out, found| {
        out.push_str(found.target.as_str());
        out.push('=');
        push_float4(out, found.sentiment.score());
    });
}

/// The staff named, with the sentiment about each: `nurse Amy=0.8000;doctor Okafor=-0.4000`.
pub(crate) fn push_staff_scores(out: &mut String, staff: &[StaffMention]) {
    push_list(out, staff, |out, person| {
        let _ = write!(out, "{} {}=", person.role, person.name);
        push_float4(out, person.sentiment.score());
    });
}

/// The waits reported, in text order: `emergency:180;results:20160`.
pub(crate) fn push_wait_list(out: &mut String, waits: &[WaitReport]) {
    push_list(out, waits, |out, wait| {
        let _ = write!(out, "{}:{}", wait.kind.as_str(), wait.minutes);
    });
}

/// The kinds of PHI found, sorted and without repeats, `|`-separated (`date|name`). Spans are
/// left out: with `--redact all` they would point into text the table no longer holds.
pub(crate) fn push_phi_kinds(out: &mut String, hits: &[PhiHit]) {
    let mut kinds: Vec<&str> = hits.iter().map(|h| h.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for (idx, kind) in kinds.iter().enumerate() {
        if idx > 0 {
            out.push('|');
        }
        out.push_str(kind);
    }
}

/// Appends `text` with `%`, `|`, `;` and `,` percent-encoded (the separators of the detail
/// columns; [`shard::unescape`](crate::shard) reverses it).
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '|' => out.push_str("%7C"),
            ';' => out.push_str("%3B"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
}

/// `label|score|negative|neutral|positive`, floats in their shortest round-trip form.
fn push_sentiment_fields(out: &mut String, sentiment: &Sentiment) {
    let _ = write!(
        out,
        "{}|{}|{}|{}|{}",
        sentiment.label().as_str(),
        sentiment.score(),
        sentiment.negative(),
        sentiment.neutral_share(),
        sentiment.positive()
    );
}

/// `topic_detail`: `topic|label|score|negative|neutral|positive|clauses` per topic.
pub(crate) fn encode_topics(out: &mut String, topics: &[TopicSentiment]) {
    push_list(out, topics, |out, t| {
        push_escaped(out, t.topic.as_str());
        out.push('|');
        push_sentiment_fields(out, &t.sentiment);
        let _ = write!(out, "|{}", t.n_clauses);
    });
}

/// `target_detail`: `provider|label|score|negative|neutral|positive|start|end|topic,topic`.
pub(crate) fn encode_targets(out: &mut String, targets: &[TargetSentiment]) {
    push_list(out, targets, |out, t| {
        push_escaped(out, t.target.as_str());
        out.push('|');
        push_sentiment_fields(out, &t.sentiment);
        let _ = write!(out, "|{}|{}|", t.span.start, t.span.end);
        for (idx, topic) in t.topics.iter().enumerate() {
            if idx > 0 {
                out.push(',');
            }
            push_escaped(out, topic.as_str());
        }
    });
}

/// `staff_detail`: `name|role|label|score|negative|neutral|positive|start|end`.
pub(crate) fn encode_staff(out: &mut String, staff: &[StaffMention]) {
    push_list(out, staff, |out, s| {
        push_escaped(out, &s.name);
        out.push('|');
        push_escaped(out, &s.role);
        out.push('|');
        push_sentiment_fields(out, &s.sentiment);
        let _ = write!(out, "|{}|{}", s.span.start, s.span.end);
    });
}

/// `wait_detail`: `kind|minutes|start|end`.
pub(crate) fn encode_waits(out: &mut String, waits: &[WaitReport]) {
    push_list(out, waits, |out, w| {
        let _ = write!(out, "{}|{}|{}|{}", w.kind.as_str(), w.minutes, w.span.start, w.span.end);
    });
}

/// `phi_detail`: `kind|start|end|confidence` per PHI hit.
pub(crate) fn encode_phi(out: &mut String, hits: &[PhiHit]) {
    push_list(out, hits, |out, h| {
        let _ = write!(out, "{}|{}|{}|{}", h.kind.as_str(), h.span.start, h.span.end, h.confidence);
    });
}

/// `risk_detail`: `kind|reason` of the HIPAA risk (empty if none).
pub(crate) fn encode_risk(out: &mut String, risk: Option<&HipaaRisk>) {
    if let Some(risk) = risk {
        out.push_str(risk.kind.as_str());
        out.push('|');
        push_escaped(out, &risk.reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float4_fast_path_agrees_with_format() {
        let reference = |value: f64| {
            let text = format!("{value:.4}");
            if text == "-0.0000" { "0.0000".to_string() } else { text }
        };
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.00005,
            -0.00005,
            0.00015,
            0.12345,
            -0.12345,
            0.03125,
            -0.03125,
            2.5e-5,
            9999.99995,
            -9999.99995,
            10_000.0,
            1e300,
            -1e-300,
            0.99995,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::EPSILON,
        ];
        // Every tie of 4 decimals near 0 and 1, their neighbours, and a deterministic spread
        // of scores, shares and ratings.
        for units in -20_000..=20_000 {
            let tie = (f64::from(units) + 0.5) / 10_000.0;
            values.extend([tie, tie.next_up(), tie.next_down()]);
        }
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            values.extend([unit * 2.0 - 1.0, unit * 10.0, (unit * 10.0) as f32 as f64]);
        }
        for value in values {
            let mut fast = String::from("x");
            push_float4(&mut fast, value);
            assert_eq!(&fast[1..], reference(value), "{value:e}");
        }
    }
}
