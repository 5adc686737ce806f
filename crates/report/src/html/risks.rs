//! The HIPAA risks section of report.html: listed first, as in report.md.

use std::fmt::Write;

use crate::report::Report;
use crate::svg::esc;

/// The mentions flagged as HIPAA risks (own accounts disclosing PHI or a patient relationship,
/// posts naming someone else with health information), with redacted excerpts.
pub(super) fn risks(out: &mut String, report: &Report) {
    out.push_str("<section id=\"risks\"><h2>HIPAA risks</h2>");
    if report.hipaa_risks.is_empty() {
        out.push_str("<p class=\"muted\">No mention was flagged as a HIPAA risk.</p></section>\n");
        return;
    }
    let _ = write!(
        out,
        "<p class=\"lead\">{} mention{} may disclose protected health information: review and, \
         for your own accounts, take them down.</p>",
        report.hipaa_risks.len(),
        if report.hipaa_risks.len() == 1 { "" } else { "s" }
    );
    for item in &report.hipaa_risks {
        let date = item.posted_at.map_or("undated".to_string(), |t| t.date_string());
        let _ = write!(
            out,
            "<blockquote class=\"neg\"><p><strong>{}</strong> · {}</p><p>{}</p>\
             <footer>{} · {} · {} · id {}</footer></blockquote>",
            esc(item.risk.kind.as_str()),
            esc(&item.risk.reason),
            esc(&item.excerpt),
            esc(&item.provider_name),
            esc(&item.source),
            date,
            esc(&item.mention_id)
        );
    }
    out.push_str("</section>\n");
}
