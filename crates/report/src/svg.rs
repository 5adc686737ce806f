//! Inline SVG charts for report.html, written as strings. Every text that reaches the markup
//! goes through [`esc`]; coordinates are written with one decimal, so the same report always
//! renders the same bytes.

use std::fmt::Write;

use crate::stats::Interval;

/// Escapes text for HTML and SVG (element content and quoted attributes), dropping control
/// characters other than tab and newline. Quotes are untrusted input: this is the only way text
/// enters the page.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate or length with one decimal (`12.5`, `-3.0` written `-3`).
fn num(value: f64) -> String {
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text).to_string();
    if text == "-0" { "0".to_string() } else { text }
}

/// The fill for a net sentiment in `[-1, 1]`: red through light grey to blue (a diverging
/// scale readable with red-green color blindness).
pub(crate) fn net_color(value: f64) -> String {
    let (negative, middle, positive) = ([178, 24, 43], [247, 247, 247], [33, 102, 172]);
    let t = value.clamp(-1.0, 1.0);
    let (from, to, t) = if t < 0.0 { (middle, negative, -t) } else { (middle, positive, t) };
    let mix = |i: usize| (f64::from(from[i]) + (f64::from(to[i]) - f64::from(from[i])) * t).round();
    format!("#{:02x}{:02x}{:02x}", mix(0) as u8, mix(1) as u8, mix(2) as u8)
}

/// An SVG canvas with a fixed coordinate system, scaled to the page width by CSS.
pub(crate) struct Canvas {
    width: f64,
    height: f64,
    body: String,
}

impl Canvas {
    pub(crate) fn new(width: f64, height: f64) -> Canvas {
        Canvas { width, height, body: String::new() }
    }

    pub(crate) fn line(&mut self, from: (f64, f64), to: (f64, f64), class: &str) {
        let _ = write!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="{class}"/>"#,
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1)
        );
    }

    pub(crate) fn rect(&mut self, at: (f64, f64), size: (f64, f64), style: &str, title: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" {style}>"#,
            num(at.0),
            num(at.1),
            num(size.0.max(0.0)),
            num(size.1.max(0.0))
        );
        self.title_and_close(title, "rect");
    }

    pub(crate) fn circle(&mut self, center: (f64, f64), radius: f64, style: &str, title: &str) {
        let _ = write!(
            self.body,
            r#"<circle cx="{}" cy="{}" r="{}" {style}>"#,
            num(center.0),
            num(center.1),
            num(radius)
        );
        self.title_and_close(title, "circle");
    }

    /// A closed or open path through `points` (`M x y L x y ...`).
    pub(crate) fn path(&mut self, points: &[(f64, f64)], closed: bool, style: &str, title: &str) {
        if points.is_empty() {
            return;
        }
        let mut d = String::new();
        for (idx, (x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{} {} ", if idx == 0 { "M" } else { "L" }, num(*x), num(*y));
        }
        if closed {
            d.push('Z');
        }
        let _ = write!(self.body, r#"<path d="{}" {style}>"#, d.trim_end());
        self.title_and_close(title, "path");
    }

    /// Text at `at`; `anchor` is `start`, `middle` or `end`.
    pub(crate) fn text(&mut self, at: (f64, f64), anchor: &str, class: &str, text: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" class="{class}">{}</text>"#,
            num(at.0),
            num(at.1),
            esc(text)
        );
    }

    /// Text rotated around its anchor point by `degrees`.
    pub(crate) fn rotated_text(&mut self, at: (f64, f64), degrees: f64, class: &str, text: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{x}" y="{y}" text-anchor="end" transform="rotate({} {x} {y})" class="{class}">{}</text>"#,
            num(degrees),
            esc(text),
            x = num(at.0),
            y = num(at.1),
        );
    }

    fn title_and_close(&mut self, title: &str, element: &str) {
        if title.is_empty() {
            let _ = write!(self.body, "</{element}>");
        } else {
            let _ = write!(self.body, "<title>{}</title></{element}>", esc(title));
        }
    }

    /// The finished `<svg>` element, with an accessible label. `class` is added to `chart`.
    pub(crate) fn finish(self, class: &str, label: &str) -> String {
        format!(
            r#"<svg class="chart {class}" viewBox="0 0 {} {}" role="img" aria-label="{}" preserveAspectRatio="xMinYMin meet">{}</svg>"#,
            num(self.width),
            num(self.height),
            esc(label),
            self.body
        )
    }
}

/// A small interval chart for a table cell: the axis from -1 to +1, the peers' interval as a
/// shaded band (if given), the value's 95% interval as a bar and the value as a dot.
pub(crate) fn interval_bar(
    value: f64,
    ci: Interval,
    peers: Option<Interval>,
    label: &str,
) -> String {
    let (width, height, pad) = (200.0, 22.0, 6.0);
    let x = |v: f64| pad + (v.clamp(-1.0, 1.0) + 1.0) / 2.0 * (width - 2.0 * pad);
    let mut canvas = Canvas::new(width, height);
    if let Some(peers) = peers {
        let title = format!("peers: {:+.2} to {:+.2}", peers.low, peers.high);
        canvas.rect(
            (x(peers.low), 3.0),
            (x(peers.high) - x(peers.low), 16.0),
            r#"class="band""#,
            &title,
        );
    }
    canvas.line((x(-1.0), 11.0), (x(1.0), 11.0), "axis");
    canvas.line((x(0.0), 2.0), (x(0.0), 20.0), "zero");
    canvas.line((x(ci.low), 11.0), (x(ci.high), 11.0), "ci");
    for end in [ci.low, ci.high] {
        canvas.line((x(end), 7.0), (x(end), 15.0), "ci");
    }
    let title = format!("{value:+.2} (95% interval {:+.2} to {:+.2})", ci.low, ci.high);
    canvas.circle(
        (x(value), 11.0),
        4.5,
        &format!(r#"fill="{}" class="dot""#, net_color(value)),
        &title,
    );
    canvas.finish("mini", label)
}

/// The axis labels above a column of [`interval_bar`]s.
pub(crate) fn interval_axis() -> String {
    let (width, height, pad) = (200.0, 16.0, 6.0);
    let x = |v: f64| pad + (v + 1.0) / 2.0 * (width - 2.0 * pad);
    let mut canvas = Canvas::new(width, height);
    for (value, label, anchor) in [
        (-1.0, "−1", "start"),
        (-0.5, "−0.5", "middle"),
        (0.0, "0", "middle"),
        (0.5, "+0.5", "middle"),
        (1.0, "+1", "end"),
    ] {
        canvas.text((x(value), 12.0), anchor, "tick", label);
    }
    canvas.finish("mini axis-labels", "net sentiment scale from -1 to +1")
}

/// One cell of a heatmap.
pub(crate) struct HeatCell {
    /// The net sentiment, or `None` for no mentions.
    pub(crate) net: Option<f64>,
    /// The mentions behind it.
    pub(crate) n_mentions: u64,
    /// Whether the cell reaches the minimum volume.
    pub(crate) enough_data: bool,
    /// The tooltip.
    pub(crate) title: String,
}

/// A rows × columns heatmap of net sentiment; cells without enough data are hatched grey and
/// show their count only.
pub(crate) fn heatmap(rows: &[String], columns: &[String], cells: &[Vec<HeatCell>]) -> String {
    let (label_width, cell_width, cell_height, header) = (230.0, 66.0, 30.0, 130.0);
    let width = label_width + cell_width * columns.len() as f64 + 10.0;
    let height = header + cell_height * rows.len() as f64 + 8.0;
    let mut canvas = Canvas::new(width, height);
    for (idx, column) in columns.iter().enumerate() {
        let x = label_width + cell_width * (idx as f64 + 0.5);
        canvas.rotated_text((x + 4.0, header - 8.0), 40.0, "col-label", column);
    }
    for (row_idx, row) in rows.iter().enumerate() {
        let y = header + cell_height * row_idx as f64;
        canvas.text((label_width - 10.0, y + cell_height / 2.0 + 4.0), "end", "row-label", row);
        for (col_idx, cell) in cells[row_idx].iter().enumerate() {
            let x = label_width + cell_width * col_idx as f64;
            let at = (x + 1.0, y + 1.0);
            let size = (cell_width - 2.0, cell_height - 2.0);
            let center = (x + cell_width / 2.0, y + cell_height / 2.0 + 4.0);
            match cell.net {
                Some(net) if cell.enough_data => {
                    canvas.rect(
                        at,
                        size,
                        &format!(r#"fill="{}" rx="3""#, net_color(net)),
                        &cell.title,
                    );
                    let class = if net.abs() > 0.55 { "cell-value light" } else { "cell-value" };
                    canvas.text(center, "middle", class, &format!("{net:+.2}"));
                }
                Some(_) => {
                    canvas.rect(at, size, r#"class="thin" rx="3""#, &cell.title);
                    canvas.text(center, "middle", "cell-thin", &format!("n={}", cell.n_mentions));
                }
                None => canvas.rect(at, size, r#"class="empty" rx="3""#, &cell.title),
            }
        }
    }
    canvas.finish("heatmap", "provider by topic heatmap of net sentiment")
}

/// One point of a trend line.
pub(crate) struct TrendPoint {
    /// The period index.
    pub(crate) index: i64,
    /// The value (net sentiment).
    pub(crate) value: f64,
    /// Its 95% interval.
    pub(crate) ci: Interval,
    /// Whether the period has enough data (drawn solid) or not (hollow, off the line).
    pub(crate) enough_data: bool,
    /// The tooltip.
    pub(crate) title: String,
}

/// A marker on a trend chart.
pub(crate) struct TrendMarker {
    /// The first and last period index it covers (equal for a weekly alert on a weekly chart).
    pub(crate) span: (i64, i64),
    /// The tooltip.
    pub(crate) title: String,
}

/// A trend line of net sentiment over periods `range`, with its 95% band over the periods with
/// enough data, and alert markers (red triangles above the chart, with a shaded span).
pub(crate) fn trend(
    points: &[TrendPoint],
    range: (i64, i64),
    markers: &[TrendMarker],
    tick_labels: &[(i64, String)],
    label: &str,
) -> String {
    let (width, height) = (460.0, 190.0);
    let (left, right, top, bottom) = (38.0, 12.0, 24.0, 28.0);
    let n_periods = (range.1 - range.0).max(1) as f64;
    let x = |index: i64| left + (index - range.0) as f64 / n_periods * (width - left - right);
    let y = |value: f64| top + (1.0 - value.clamp(-1.0, 1.0)) / 2.0 * (height - top - bottom);
    let mut canvas = Canvas::new(width, height);
    for marker in markers {
        let (x0, x1) = (x(marker.span.0) - 4.0, x(marker.span.1) + 4.0);
        canvas.rect(
            (x0, top),
            (x1 - x0, height - top - bottom),
            r#"class="alert-span""#,
            &marker.title,
        );
        let cx = (x0 + x1) / 2.0;
        let triangle = [(cx - 6.0, 4.0), (cx + 6.0, 4.0), (cx, 15.0)];
        canvas.path(&triangle, true, r#"class="alert-marker""#, &marker.title);
    }
    for value in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let class = if value == 0.0 { "zero" } else { "grid" };
        canvas.line((left, y(value)), (width - right, y(value)), class);
        canvas.text((left - 6.0, y(value) + 4.0), "end", "tick", &format!("{value:+.1}"));
    }
    for (index, text) in tick_labels {
        canvas.text((x(*index), height - 8.0), "middle", "tick", text);
    }
    // Lines and bands join consecutive periods with enough data only: a gap is not a trend.
    let solid: Vec<&TrendPoint> = points.iter().filter(|p| p.enough_data).collect();
    for run in solid.chunk_by(|a, b| b.index == a.index + 1) {
        let mut band: Vec<(f64, f64)> = run.iter().map(|p| (x(p.index), y(p.ci.high))).collect();
        band.extend(run.iter().rev().map(|p| (x(p.index), y(p.ci.low))));
        canvas.path(&band, true, r#"class="band""#, "");
        let line: Vec<(f64, f64)> = run.iter().map(|p| (x(p.index), y(p.value))).collect();
        canvas.path(&line, false, r#"class="trend-line""#, "");
    }
    for point in points {
        let style =
            if point.enough_data { r#"class="trend-dot""# } else { r#"class="trend-thin""# };
        canvas.circle((x(point.index), y(point.value)), 3.0, style, &point.title);
    }
    canvas.finish("trend", label)
}

/// One bar of an alert's evidence chart.
pub(crate) struct CountBar {
    /// The period label.
    pub(crate) label: String,
    /// All mentions of the topic.
    pub(crate) n_mentions: u64,
    /// Negative ones.
    pub(crate) n_negative: u64,
    /// Whether this is the alerting period.
    pub(crate) alert: bool,
    /// Whether it is part of the baseline.
    pub(crate) baseline: bool,
}

/// Mentions per period as bars (negative part dark), the baseline's mean negative count as a
/// dashed line, the alerting period highlighted.
pub(crate) fn count_bars(bars: &[CountBar], baseline_negative: f64, label: &str) -> String {
    let (width, height) = (460.0, 170.0);
    let (left, right, top, bottom) = (34.0, 8.0, 12.0, 30.0);
    let max = bars.iter().map(|b| b.n_mentions).max().unwrap_or(1).max(1) as f64;
    let slot = (width - left - right) / bars.len().max(1) as f64;
    let y = |count: f64| top + (1.0 - count / max) * (height - top - bottom);
    let mut canvas = Canvas::new(width, height);
    for tick in [0.0, max / 2.0, max] {
        canvas.line((left, y(tick)), (width - right, y(tick)), "grid");
        canvas.text((left - 5.0, y(tick) + 4.0), "end", "tick", &format!("{}", tick.round()));
    }
    let every = (bars.len() / 8).max(1);
    for (idx, bar) in bars.iter().enumerate() {
        let x = left + slot * idx as f64 + slot * 0.15;
        let bar_width = slot * 0.7;
        let title =
            format!("{}: {} mentions, {} negative", bar.label, bar.n_mentions, bar.n_negative);
        let class = if bar.alert { "bar-all alert" } else { "bar-all" };
        canvas.rect(
            (x, y(bar.n_mentions as f64)),
            (bar_width, y(0.0) - y(bar.n_mentions as f64)),
            &format!(r#"class="{class}""#),
            &title,
        );
        let class = if bar.alert {
            "bar-negative alert"
        } else if bar.baseline {
            "bar-negative in-baseline"
        } else {
            "bar-negative"
        };
        canvas.rect(
            (x, y(bar.n_negative as f64)),
            (bar_width, y(0.0) - y(bar.n_negative as f64)),
            &format!(r#"class="{class}""#),
            &title,
        );
        // Label every few bars and the alert's, leaving room around the alert's label.
        let alert_idx = bars.iter().position(|b| b.alert);
        let near_alert = alert_idx.is_some_and(|a| a != idx && a.abs_diff(idx) < every.max(2));
        if bar.alert || (idx % every == 0 && !near_alert) {
            canvas.text(
                (x + bar_width / 2.0, height - 10.0),
                "middle",
                if bar.alert { "tick strong" } else { "tick" },
                &bar.label,
            );
        }
    }
    canvas.line(
        (left, y(baseline_negative)),
        (width - right, y(baseline_negative)),
        "baseline-line",
    );
    canvas.finish("bars", label)
}

/// One row of the wait chart: the median and 90th percentile in minutes.
pub(crate) struct WaitRow {
    pub(crate) label: String,
    pub(crate) median: f64,
    pub(crate) p90: f64,
    pub(crate) title: String,
}

/// A dot-and-whisker chart of waits on a log scale (15 minutes to 3 months): a dot at the
/// median and a line to the 90th percentile.
pub(crate) fn waits(rows: &[WaitRow]) -> String {
    let (label_width, width, row_height, top) = (230.0, 700.0, 26.0, 34.0);
    let height = top + row_height * rows.len() as f64 + 10.0;
    let (low, high) = (10f64.ln(), (131_400f64).ln());
    let x = |minutes: f64| {
        label_width + (minutes.max(10.0).ln() - low) / (high - low) * (width - label_width - 20.0)
    };
    let mut canvas = Canvas::new(width, height);
    for (minutes, text) in [
        (15.0, "15 min"),
        (60.0, "1 h"),
        (240.0, "4 h"),
        (1440.0, "1 day"),
        (10_080.0, "1 week"),
        (43_200.0, "1 month"),
    ] {
        canvas.line((x(minutes), top - 8.0), (x(minutes), height - 6.0), "grid");
        canvas.text((x(minutes), top - 14.0), "middle", "tick", text);
    }
    for (idx, row) in rows.iter().enumerate() {
        let y = top + row_height * (idx as f64 + 0.5);
        canvas.text((label_width - 10.0, y + 4.0), "end", "row-label", &row.label);
        canvas.line((x(row.median), y), (x(row.p90), y), "whisker");
        canvas.circle((x(row.p90), y), 3.5, r#"class="p90""#, &row.title);
        canvas.circle((x(row.median), y), 6.0, r#"class="median""#, &row.title);
    }
    canvas.finish("waits", "median and 90th percentile of reported waits per provider")
}

/// Horizontal bars for counts (sources of the mentions).
pub(crate) fn count_rows(rows: &[(String, u64)], label: &str) -> String {
    let (label_width, width, row_height) = (120.0, 460.0, 24.0);
    let height = row_height * rows.len() as f64 + 6.0;
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let mut canvas = Canvas::new(width, height);
    for (idx, (name, n)) in rows.iter().enumerate() {
        let y = row_height * idx as f64 + 3.0;
        canvas.text((label_width - 8.0, y + 15.0), "end", "row-label", name);
        let bar = (*n as f64 / max) * (width - label_width - 60.0);
        canvas.rect(
            (label_width, y + 3.0),
            (bar, row_height - 8.0),
            r#"class="bar-source""#,
            &format!("{name}: {n}"),
        );
        canvas.text((label_width + bar + 6.0, y + 15.0), "start", "tick", &n.to_string());
    }
    canvas.finish("sources", label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\"\u{7}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn colors_and_numbers_are_stable() {
        assert_eq!(net_color(0.0), "#f7f7f7");
        assert_eq!(net_color(-1.0), "#b2182b");
        assert_eq!(net_color(1.0), "#2166ac");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.26), "12.3");
        assert_eq!(num(3.0), "3");
    }

    #[test]
    fn chart_text_is_escaped() {
        let svg = count_rows(&[("<b>x</b>".to_string(), 3)], "a \"label\"");
        assert!(svg.contains("&lt;b&gt;x&lt;/b&gt;"), "{svg}");
        assert!(svg.contains("aria-label=\"a &quot;label&quot;\""), "{svg}");
        assert!(!svg.contains("<b>"));
    }
}
