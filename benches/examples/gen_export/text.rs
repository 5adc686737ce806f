//! String helpers: joining and trimming texts, URL slugs, CSV fields and Brandwatch dates.

use crate::words::LOWER_OK;

/// `a, but b` with `b`'s first word lower-cased when it is not a name.
pub(crate) fn join_but(a: &str, b: &str) -> String {
    let first_word = b.split(' ').next().unwrap_or("");
    let b = if LOWER_OK.contains(&first_word) { lower_first(b) } else { b.to_string() };
    format!("{}, but {b}", a.trim_end_matches(['.', '!']))
}

pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Cuts `text` to at most `max` bytes, at a sentence end when one is near, else at a word.
pub(crate) fn trim(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let sentence_end = [". ", "! ", "? "].iter().filter_map(|p| head.rfind(p)).max();
    match sentence_end {
        Some(at) if at > 20 => head[..=at].to_string(),
        _ => {
            let mut cut = max.saturating_sub(3);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let head = &text[..cut];
            let word = head.rfind(' ').unwrap_or(head.len());
            format!("{}…", &head[..word])
        }
    }
}

pub(crate) fn slug(words: &str) -> String {
    let mut out = String::with_capacity(48);
    for c in words.chars() {
        if out.len() >= 40 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Appends a CSV field, quoted when it holds a comma, quote or line break.
pub(crate) fn push_csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for c in field.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// `YYYY-MM-DD HH:MM:SS.0`, as Brandwatch writes dates.
pub(crate) fn format_date(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    // Civil-from-days (Howard Hinnant), valid for the Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.0",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}
