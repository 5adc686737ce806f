//! Text repair: HTML entities, mojibake, stray control characters and Unicode normalization.
//!
//! Exports pass through many hands (web scrapers, spreadsheets, CRM tools) and arrive with
//! `&amp;`-style entities, UTF-8 that was once decoded as Windows-1252 (`Iâ€™m`), non-breaking
//! spaces and mixed Unicode normal forms. [`clean_text`] undoes all of these so that the scoring
//! core sees the text the patient wrote.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Repairs and normalizes one text.
///
/// In order, it:
///
/// 1. decodes HTML entities ([`decode_html_entities`]);
/// 2. repairs UTF-8 that was decoded as Windows-1252 ([`repair_mojibake`]);
/// 3. turns non-breaking spaces into plain spaces and drops control characters other than tab,
///    line feed and carriage return (ASCII ones also before step 1, so that removing them
///    cannot make an entity appear);
/// 4. normalizes to Unicode NFC.
///
/// Text that needs none of this is returned borrowed, without allocating.
///
/// ```
/// use bedside_ingest::normalize::clean_text;
///
/// assert_eq!(clean_text("Iâ€™m fine &amp; well"), "I’m fine & well");
/// assert_eq!(clean_text("Cafe\u{301}"), "Café");
/// ```
pub fn clean_text(text: &str) -> Cow<'_, str> {
    // Most texts are printable ASCII without `&`: none of the steps below changes them.
    if is_plain_ascii(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = Cow::Borrowed(text);
    // ASCII control characters go first too: `&\0amp;` must not become an entity once they are
    // gone (found by fuzzing, `fuzz/regressions/normalize_tokenize/`). C1 controls and
    // non-breaking spaces stay for now: they can be bytes of mojibake (`â€\u{9d}` is `”`).
    if let Some(s) = strip_ascii_controls(&out) {
        out = Cow::Owned(s);
    }
    if let Cow::Owned(s) = decode_html_entities(&out) {
        out = Cow::Owned(s);
    }
    if let Cow::Owned(s) = repair_mojibake(&out) {
        out = Cow::Owned(s);
    }
    if let Some(s) = strip_controls(&out) {
        out = Cow::Owned(s);
    }
    if !out.is_ascii() && is_nfc_quick(out.chars()) != IsNormalized::Yes {
        let normalized: String = out.nfc().collect();
        if normalized != out {
            out = Cow::Owned(normalized);
        }
    }
    out
}

/// Decodes HTML character references: the named ones common in exports (`&amp;`, `&lt;`,
/// `&gt;`, `&quot;`, `&apos;`, `&nbsp;`, typographic quotes and dashes, Latin-1 letters...) and
/// numeric ones (`&#39;`, `&#x2019;`).
///
/// Doubly escaped text (`&amp;#39;`) is decoded twice. Unknown names and invalid code points are
/// left as they are. Numeric references in 128..=159 are read as Windows-1252, as browsers do.
pub fn decode_html_entities(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    // Two passes undo one level of double escaping (`&amp;quot;`) without looping forever.
    for _ in 0..2 {
        match decode_entities_once(&out) {
            Some(s) => out = Cow::Owned(s),
            None => break,
        }
    }
    out
}

/// Repairs text whose UTF-8 bytes were decoded as Windows-1252 (or Latin-1) somewhere upstream:
/// `â€™` becomes `’`, `Ã©` becomes `é`, `â€œ` becomes `“`, `ðŸ˜€` becomes `😀`.
///
/// Only sequences that form valid UTF-8 when mapped back to bytes are changed, so correct text
/// is left alone. A stray `Â` before a space (what is left of a mangled non-breaking space) is
/// dropped. Mojibake of mojibake is repaired too (up to three layers).
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for _ in 0..3 {
        match repair_mojibake_once(&out) {
            Some(s) => out = Cow::Owned(s),
            None => break,
        }
    }
    out
}

fn decode_entities_once(text: &str) -> Option<String> {
    let first = text.find('&')?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    let mut changed = false;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_one_entity(rest) {
            Some((decoded, len)) => {
                out.push(decoded);
                rest = &rest[len..];
                changed = true;
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Decodes the entity at the start of `s` (which starts with `&`), returning the character and
/// the length of the entity including `&` and `;`.
fn decode_one_entity(s: &str) -> Option<(char, usize)> {
    let bytes = s.as_bytes();
    let semi = bytes.iter().take(12).position(|&b| b == b';')?;
    let body = &s[1..semi];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        numeric_reference(code)?
    } else {
        named_entity(body)?
    };
    Some((decoded, semi + 1))
}

fn numeric_reference(code: u32) -> Option<char> {
    if (0x80..=0x9F).contains(&code) {
        let byte = [code as u8];
        let (decoded, _, had_errors) = encoding_rs::WINDOWS_1252.decode(&byte);
        return if had_errors { None } else { decoded.chars().next() };
    }
    match code {
        0 => None,
        _ => char::from_u32(code),
    }
}

fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "iexcl" => '¡',
        "iquest" => '¿',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "hearts" => '♥',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "szlig" => 'ß',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Auml" => 'Ä',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Iacute" => 'Í',
        "Ntilde" => 'Ñ',
        "Oacute" => 'Ó',
        "Ouml" => 'Ö',
        "Uacute" => 'Ú',
        "Uuml" => 'Ü',
        _ => return None,
    };
    Some(c)
}

/// The byte a character had in Windows-1252, reading U+0080..=U+00FF as Latin-1 (so the five
/// bytes Windows-1252 leaves undefined, which decoders pass through as C1 controls, map back).
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x100 {
        return Some(code as u8);
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

fn repair_mojibake_once(text: &str) -> Option<String> {
    // Every mojibake sequence starts with a character in U+00C2..=U+00F4 (a UTF-8 lead byte),
    // which UTF-8 encodes as the bytes C3 82..=C3 B4.
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(0xc3, bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|b| (0x82..=0xb4).contains(b)))
    {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some((decoded, n_chars)) = mojibake_at(&chars[i..]) {
            out.push_str(&decoded);
            i += n_chars;
            changed = true;
            continue;
        }
        if c == 'Â' && chars.get(i + 1) == Some(&' ') {
            // What is left of a non-breaking space whose second byte became a plain space.
            i += 1;
            changed = true;
            continue;
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// If `chars` starts with a mojibake sequence, returns its repair and its length in characters.
fn mojibake_at(chars: &[char]) -> Option<(String, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let n_continuation = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for (slot, c) in bytes[1..=n_continuation].iter_mut().zip(chars.get(1..=n_continuation)?) {
        let b = cp1252_byte(*c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
    }
    let decoded = std::str::from_utf8(&bytes[..=n_continuation]).ok()?;
    Some((decoded.to_string(), n_continuation + 1))
}

/// Drops ASCII control characters other than tab, line feed and carriage return. Returns
/// `None` if there is nothing to drop.
fn strip_ascii_controls(text: &str) -> Option<String> {
    let needs = |c: char| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
    let has_any = any_byte(text.as_bytes(), is_dropped_ascii);
    has_any.then(|| text.chars().filter(|&c| !needs(c)).collect())
}

/// True if every byte is printable ASCII other than `&`, or a tab, line feed or carriage
/// return.
fn is_plain_ascii(bytes: &[u8]) -> bool {
    !any_byte(bytes, |b| (b >= 0x7f) | (b == b'&') | is_dropped_ascii(b))
}

/// True if `test` holds for a byte. Tests whole 32-byte chunks without branching on each byte,
/// so that it vectorizes (`test` should not branch either).
#[inline(always)]
fn any_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    let fold = |chunk: &[u8]| chunk.iter().fold(0u8, |any, &b| any | u8::from(test(b)));
    let mut chunks = bytes.chunks_exact(32);
    chunks.any(|chunk| fold(chunk) != 0) || fold(chunks.remainder()) != 0
}

/// An ASCII control character other than tab, line feed and carriage return.
#[inline(always)]
fn is_dropped_ascii(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7f)
}

/// Turns non-breaking spaces into spaces and drops control characters other than tab, line
/// feed and carriage return. Returns `None` if there is nothing to change.
fn strip_controls(text: &str) -> Option<String> {
    let needs = |c: char| c == '\u{a0}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    // The characters to change are ASCII controls, and the C1 controls and the non-breaking
    // space, U+0080..=U+00A0, which UTF-8 encodes as C2 80..=C2 A0.
    let bytes = text.as_bytes();
    let has_any = any_byte(bytes, is_dropped_ascii)
        || memchr::memchr_iter(0xc2, bytes)
            .any(|i| bytes.get(i + 1).is_some_and(|b| (0x80..=0xa0).contains(b)));
    if !has_any {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{a0}' {
            out.push(' ');
        } else if !needs(c) {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_borrowed(c: &Cow<'_, str>) -> bool {
        #![allow(clippy::ptr_arg)]
        matches!(c, Cow::Borrowed(_))
    }

    /// `clean_text` as it was before its byte-level shortcuts: every check on characters.
    fn clean_text_by_chars(text: &str) -> String {
        let ascii_control = |c: char| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
        let mut out: String = text.chars().filter(|&c| !ascii_control(c)).collect();
        out = decode_html_entities(&out).into_owned();
        for _ in 0..3 {
            if !out.chars().any(|c| ('\u{c2}'..='\u{f4}').contains(&c)) {
                break;
            }
            match repair_mojibake_once(&out) {
                Some(s) => out = s,
                None => break,
            }
        }
        let control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
        out = out
            .chars()
            .filter(|&c| !control(c))
            .map(|c| if c == '\u{a0}' { ' ' } else { c })
            .collect();
        out.nfc().collect()
    }

    #[test]
    fn byte_shortcuts_match_the_checks_on_characters() {
        let pieces = [
            "a", " ", "&", "amp;", "&amp;", "&#1;", "\0", "\u{7f}", "\t", "\n", "\r", "\u{85}",
            "\u{9d}", "\u{a0}", "\u{a1}", "Â", "Ã", "â", "€", "™", "œ", "ð", "Ÿ", "\u{c1}",
            "\u{f4}", "\u{f5}", "é", "\u{301}", "😀", "’", "–", "\u{100}",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 9) {
                text.push_str(pieces[((seed >> (6 * k + 4)) % pieces.len() as u64) as usize]);
            }
            let cleaned = clean_text(&text);
            assert_eq!(cleaned, clean_text_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn clean_text_leaves_clean_text_borrowed() {
        for s in ["plain ascii", "café ’quotes’ 😀", "", "a & b", "tab\tand\nnewline"] {
            let c = clean_text(s);
            assert_eq!(c, s);
            assert!(is_borrowed(&c), "{s:?} was copied");
        }
    }

    #[test]
    fn controls_inside_entities_are_removed_first() {
        assert_eq!(clean_text("tub&\0\0oacute;e &\u{1b}amp; b"), "tubóe & b");
        // Entities that decode to control characters are dropped after decoding.
        assert_eq!(clean_text("a&#1;b&#x7f;c"), "abc");
    }

    #[test]
    fn entities_named_and_numeric() {
        assert_eq!(decode_html_entities("fish &amp; chips"), "fish & chips");
        assert_eq!(decode_html_entities("&lt;b&gt; &quot;hi&quot;"), "<b> \"hi\"");
        assert_eq!(decode_html_entities("don&#39;t"), "don't");
        assert_eq!(decode_html_entities("it&#x2019;s &#X2019;"), "it’s ’");
        assert_eq!(decode_html_entities("&hellip;&mdash;&eacute;"), "…—é");
        assert_eq!(decode_html_entities("&#150;"), "–");
        assert_eq!(decode_html_entities("&amp;#39;"), "'");
        assert_eq!(decode_html_entities("&amp;quot;"), "\"");
    }

    #[test]
    fn entities_leave_non_entities_alone() {
        for s in
            ["AT&T", "a &b c", "&unknown;", "&#0;", "&#xD800;", "&#;", "&", "x&;", "&#99999999;"]
        {
            assert_eq!(decode_html_entities(s), s);
        }
        assert_eq!(decode_html_entities("AT&T &amp; co"), "AT&T & co");
    }

    #[test]
    fn mojibake_common_sequences() {
        assert_eq!(repair_mojibake("Iâ€™m"), "I’m");
        assert_eq!(repair_mojibake("cafÃ©"), "café");
        assert_eq!(repair_mojibake("â€œgreatâ€\u{9d}"), "“great”");
        assert_eq!(repair_mojibake("waitâ€”long"), "wait—long");
        assert_eq!(repair_mojibake("smile ðŸ˜€"), "smile 😀");
        assert_eq!(repair_mojibake("Â£20"), "£20");
        assert_eq!(repair_mojibake("a\u{c2}\u{a0}b"), "a\u{a0}b");
        assert_eq!(repair_mojibake("costsÂ 5"), "costs 5");
    }

    #[test]
    fn mojibake_two_layers() {
        // "’" encoded to UTF-8, decoded as cp1252, twice.
        let once = "â€™";
        let twice: String = {
            let bytes: Vec<u8> = once.as_bytes().to_vec();
            encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned()
        };
        assert_ne!(twice, once);
        assert_eq!(repair_mojibake(&twice), "’");
    }

    #[test]
    fn mojibake_leaves_real_text_alone() {
        for s in ["café", "naïve résumé", "Ärger über Öl", "São Paulo", "Â", "né–x", "Ã"]
        {
            assert_eq!(repair_mojibake(s), s);
        }
    }

    #[test]
    fn controls_and_nbsp() {
        assert_eq!(clean_text("a\u{a0}b"), "a b");
        assert_eq!(clean_text("a&nbsp;b"), "a b");
        assert_eq!(clean_text("bell\u{7}\u{0}end"), "bellend");
        assert_eq!(clean_text("c1\u{85}x"), "c1x");
        assert_eq!(clean_text("keep\r\n\tthis"), "keep\r\n\tthis");
    }

    #[test]
    fn nfc() {
        assert_eq!(clean_text("e\u{301}"), "\u{e9}");
        assert_eq!(clean_text("A\u{30a}ngstrom"), "\u{c5}ngstrom");
    }

    #[test]
    fn everything_together() {
        assert_eq!(
            clean_text("Nurses were â€œbrilliantâ€\u{9d} &amp; kind&nbsp;&#128522;"),
            "Nurses were “brilliant” & kind 😊"
        );
    }
}
