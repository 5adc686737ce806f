//! The scanners behind [`Tokens`](super::Tokens): each looks at the text from one position and
//! says where a token of its kind would end.

use super::TokenKind;

/// Abbreviations that keep their period (compared case-insensitively, without the period).
///
/// Words that often end a sentence (`hrs`, `min`, `no`) are deliberately absent.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "dr", "drs", "mr", "mrs", "ms", "mx", "prof", "st", "sr", "jr", "vs", "etc", "mt", "appt",
    "dept", "approx",
];

/// Emoticons, longest first so that `:-)` wins over `:-`.
const EMOTICONS: &[&str] = &[
    ">:-(", ":'-(", ":’-(", ">:(", ":-)", ":-(", ":-D", ":-P", ":-p", ":-O", ":-o", ":-/", ":-|",
    ";-)", ":'(", ":’(", ":')", ":’)", "</3", "^_^", "-_-", "T_T", "o_O", "O_o", ":)", ":(", ":D",
    ":P", ":p", ":O", ":o", ":/", ":|", ":]", ":[", ":3", ":*", ";)", ";D", ";P", "=)", "=(", "=D",
    "<3", "^^", "xD", "XD",
];

/// Top-level domains that make `word.tld` a bare-domain URL.
const TLDS: &[&str] = &[
    "com", "org", "net", "uk", "io", "gov", "edu", "info", "health", "co", "us", "ca", "au", "ie",
];

/// Scans the token starting at `start`, whose first character is `c`, and returns its end and
/// kind.
pub(crate) fn scan(text: &str, start: usize, c: char) -> (usize, TokenKind) {
    let after_alnum = match start.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[..start].chars().next_back().is_some_and(char::is_alphanumeric),
    };
    if !after_alnum && let Some(end) = scan_url(text, start) {
        return (end, TokenKind::Url);
    }
    if let Some(end) = scan_emoticon(text, start, after_alnum) {
        return (end, TokenKind::Emoticon);
    }
    if let Some(end) = scan_emoji(text, start, c) {
        return (end, TokenKind::Emoji);
    }
    match c {
        '@' | '#' if !after_alnum => {
            let body = scan_tag_body(text, start + 1);
            let has_letter = text[start + 1..body].chars().any(char::is_alphabetic);
            if body > start + 1 && (c == '@' || has_letter) {
                let kind = if c == '@' { TokenKind::Handle } else { TokenKind::Hashtag };
                return (body, kind);
            }
        }
        _ if c.is_alphanumeric() => {
            // E-mail addresses and domains continue a word with one of these characters, so
            // plain words skip their scanners.
            let word_end = scan_word(text, start);
            let next = text.as_bytes().get(word_end).copied();
            if matches!(next, Some(b'.' | b'_' | b'%' | b'+' | b'-' | b'@'))
                && let Some(end) = scan_email(text, start)
            {
                return (end, TokenKind::Email);
            }
            if next == Some(b'.')
                && !after_alnum
                && let Some(end) = scan_bare_domain(text, start)
            {
                return (end, TokenKind::Url);
            }
            if c.is_ascii_digit() {
                return scan_number(text, start);
            }
            return (scan_abbreviation(text, start, word_end), TokenKind::Word);
        }
        _ => {}
    }
    // A run of the same punctuation character is one token.
    let run = text[start..].chars().take_while(|&d| d == c).map(char::len_utf8).sum::<usize>();
    (start + run, TokenKind::Punct)
}

/// What a byte may be to [`plain_ascii_word`] and [`plain_ascii_punct`].
const fn byte_classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] |= ALNUM;
        }
        // After a word, these may make it something else or longer: a non-ASCII character (a
        // letter, an emoji), an apostrophe or hyphen joining another part, an e-mail address
        // or a domain, an abbreviation's period, a URL's scheme.
        if byte >= 0x80 || matches!(byte, b'\'' | b'-' | b'.' | b'_' | b'%' | b'+' | b'@' | b':') {
            table[b] |= NOT_PLAIN_AFTER;
        }
        // After a word and its period, these may make an e-mail address or a domain of it.
        if byte >= 0x80
            || byte.is_ascii_alphanumeric()
            || matches!(byte, b'.' | b'_' | b'%' | b'+' | b'-' | b'@')
        {
            table[b] |= NOT_PLAIN_AFTER_PERIOD;
        }
        // Punctuation that starts no URL, emoticon, handle, hashtag or keycap: a token of it
        // is a run of it (unless an emoji presentation selector follows).
        if matches!(
            byte,
            b'!' | b'"'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'+'
                | b','
                | b'.'
                | b'/'
                | b'?'
                | b'['
                | b'\\'
                | b']'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
        ) {
            table[b] |= PLAIN_PUNCT;
        }
        b += 1;
    }
    table
}

const ALNUM: u8 = 1;
const NOT_PLAIN_AFTER: u8 = 2;
const NOT_PLAIN_AFTER_PERIOD: u8 = 4;
const PLAIN_PUNCT: u8 = 8;
const BYTE_CLASSES: [u8; 256] = byte_classes();

/// Whether `byte` is of one of the `classes` of [`byte_classes`].
#[inline(always)]
fn is(byte: u8, classes: u8) -> bool {
    BYTE_CLASSES[usize::from(byte)] & classes != 0
}

/// [`u8::is_ascii_alphanumeric`] as one table load instead of three range tests.
#[inline(always)]
pub(crate) fn is_ascii_alnum(byte: u8) -> bool {
    is(byte, ALNUM)
}

/// The end of the token starting at `start` if it is a plain ASCII word: an ASCII letter and
/// ASCII letters and digits, followed by the text's end or a byte that cannot extend it (see
/// `byte_classes`), or by a period that ends it (the word has two letters or more, is no
/// known abbreviation nor `www`, and what follows the period cannot make an e-mail address or
/// a domain), and not an emoticon (`xD`). [`scan`] reads such a token as a [`TokenKind::Word`]
/// ending there; `None` leaves every other token to it.
#[inline]
pub(crate) fn plain_ascii_word(bytes: &[u8], start: usize) -> Option<usize> {
    let first = bytes[start];
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let end = alnum_run_end(bytes, start + 1);
    match bytes.get(end) {
        Some(b'.') => {
            let word = &bytes[start..end];
            if word.len() < 2
                || bytes.get(end + 1).is_some_and(|&b| is(b, NOT_PLAIN_AFTER_PERIOD))
                || ABBREVIATIONS.iter().any(|a| a.as_bytes().eq_ignore_ascii_case(word))
                || word.eq_ignore_ascii_case(b"www")
            {
                return None;
            }
        }
        Some(&b) if is(b, NOT_PLAIN_AFTER) => return None,
        _ => {}
    }
    // `xD`, `XD` and the like (see `scan_emoticon`).
    if matches!(first, b'T' | b'O' | b'o' | b'x' | b'X') && bytes.get(start + 1) == Some(&b'D') {
        return None;
    }
    Some(end)
}

/// The end of the run of ASCII letters and digits of `bytes` from `from`: eight bytes at a time
/// while eight are left.
#[inline(always)]
fn alnum_run_end(bytes: &[u8], mut from: usize) -> usize {
    while let Some(chunk) = bytes.get(from..from + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("BUG: a chunk of eight bytes"));
        let stops = not_alnum_bytes(x);
        if stops != 0 {
            return from + stops.trailing_zeros() as usize / 8;
        }
        from += 8;
    }
    while from < bytes.len() && is(bytes[from], ALNUM) {
        from += 1;
    }
    from
}

/// The bytes of `x` that are not ASCII letters or digits, each as its high bit.
#[inline(always)]
fn not_alnum_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let low = x & !HIGH_BITS;
    // For bytes below 0x80, adding `0x80 - c` sets the high bit exactly when the byte is >= c,
    // and never carries into the next byte.
    let at_least = |y: u64, c: u8| y + ONES * u64::from(0x80 - c);
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    // Upper-case letters folded onto lower-case ones; no other byte lands on a letter.
    let folded = low | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (!(digit | letter) | x) & HIGH_BITS
}

/// The end of the token starting at `start` if it is plain ASCII punctuation (see
/// `byte_classes`) not followed by a non-ASCII character: [`scan`] reads it as a run of that
/// byte, a [`TokenKind::Punct`]; `None` leaves every other token to it.
#[inline]
pub(crate) fn plain_ascii_punct(bytes: &[u8], start: usize) -> Option<usize> {
    let first = bytes[start];
    if !is(first, PLAIN_PUNCT) || bytes.get(start + 1).is_some_and(|b| !b.is_ascii()) {
        return None;
    }
    let mut end = start + 1;
    while bytes.get(end) == Some(&first) {
        end += 1;
    }
    Some(end)
}

/// Characters that are neither whitespace nor visible: zero-width spaces and joiners, direction
/// marks, the word joiner, the byte order mark and stray variation selectors.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{FE0E}' | '\u{FE0F}')
}

/// Apostrophes that may join the parts of a word.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Hyphens that may join the parts of a word.
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Letters, digits and combining marks.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}')
        || matches!(c, '\u{20D0}'..='\u{20DC}' | '\u{FE20}'..='\u{FE2F}')
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// The end of the word starting at `start`: word characters, joined by single apostrophes (before
/// a letter) or hyphens (before a letter or digit).
fn scan_word(text: &str, start: usize) -> usize {
    // ASCII letters and digits are word characters: skip them byte by byte. Anything else
    // (a joiner or a non-ASCII character) goes through the general loop below.
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
        end += 1;
    }
    match bytes.get(end) {
        Some(&b) if b >= 0x80 || b == b'\'' || b == b'-' => {}
        _ => return end,
    }
    let start = end;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if is_word_char(c) {
            end = start + offset + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, d)| d);
        let joins = match next {
            Some(d) if is_apostrophe(c) => d.is_alphabetic(),
            Some(d) if is_hyphen(c) => d.is_alphanumeric(),
            _ => false,
        };
        if !joins {
            break;
        }
    }
    end
}

/// Extends a word with the period of a known abbreviation (`Dr.`) or of a dotted abbreviation of
/// single letters (`e.g.`, `U.S.`, `a.m.`).
fn scan_abbreviation(text: &str, start: usize, word_end: usize) -> usize {
    if char_at(text, word_end) != Some('.') {
        return word_end;
    }
    let word = &text[start..word_end];
    if ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
        return word_end + 1;
    }
    let mut letters = word.chars();
    if !(letters.next().is_some_and(char::is_alphabetic) && letters.next().is_none()) {
        return word_end;
    }
    // Single letters each followed by a period: `e.g.`.
    let mut end = word_end;
    loop {
        let mut rest = text[end..].chars();
        match (rest.next(), rest.next(), rest.next()) {
            (Some('.'), Some(letter), Some('.')) if letter.is_alphabetic() => {
                end += 1 + letter.len_utf8();
            }
            _ => break,
        }
    }
    if end > word_end { end + 1 } else { word_end }
}

/// A number (`3`, `3.5`, `1,000`, `10:30`), or a word starting with digits (`1st`, `24-hour`).
fn scan_number(text: &str, start: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let digits = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits(start);
    let mut separated = false;
    while end + 1 < bytes.len()
        && matches!(bytes[end], b'.' | b',' | b':')
        && bytes[end + 1].is_ascii_digit()
    {
        end = digits(end + 1);
        separated = true;
    }
    if !separated {
        let mut rest = text[end..].chars();
        let next = rest.next();
        let joined = match next {
            Some(c) if is_word_char(c) => true,
            Some(c) if is_hyphen(c) => rest.next().is_some_and(char::is_alphabetic),
            _ => false,
        };
        if joined {
            return (scan_word(text, start), TokenKind::Word);
        }
    }
    (end, TokenKind::Number)
}

/// The end of a handle or hashtag body: letters, digits and underscores.
fn scan_tag_body(text: &str, from: usize) -> usize {
    from + text[from..]
        .chars()
        .take_while(|&c| c.is_alphanumeric() || c == '_')
        .map(char::len_utf8)
        .sum::<usize>()
}

/// A URL with a scheme or `www.`, up to the next whitespace, without trailing punctuation.
fn scan_url(text: &str, start: usize) -> Option<usize> {
    let rest = &text.as_bytes()[start..];
    if !matches!(rest.first(), Some(b'h' | b'H' | b'w' | b'W')) {
        return None;
    }
    let has_prefix = ["http://", "https://", "www."]
        .iter()
        .any(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()));
    if !has_prefix {
        return None;
    }
    Some(url_tail(text, start))
}

/// The end of a URL starting at `start`: up to whitespace or a quote, without trailing
/// punctuation (a closing parenthesis stays when the URL opened one).
fn url_tail(text: &str, start: usize) -> usize {
    let len = text[start..]
        .chars()
        .take_while(|&c| !c.is_whitespace() && !matches!(c, '"' | '<' | '>' | '“' | '”'))
        .map(char::len_utf8)
        .sum::<usize>();
    let mut url = &text[start..start + len];
    while let Some(last) = url.chars().next_back() {
        let trailing = matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | ']' | '}')
            || matches!(last, '…' | '*')
            || (last == ')' && url.matches('(').count() < url.matches(')').count());
        if !trailing {
            break;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
    start + url.len()
}

/// Dot-separated ASCII labels (`www.nhs.uk`) starting at `from`; returns the end of the last
/// label and whether there were at least two.
fn scan_domain(text: &str, from: usize) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let label = |mut i: usize| {
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        i
    };
    let mut end = label(from);
    if end == from {
        return None;
    }
    let mut n_labels = 1;
    let mut last_start = from;
    while end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_alphanumeric() {
        last_start = end + 1;
        end = label(end + 1);
        n_labels += 1;
    }
    // A domain must not run on into a letter of another script (`café.com`).
    if n_labels < 2 || char_at(text, end).is_some_and(is_word_char) {
        return None;
    }
    Some((end, &text[last_start..end]))
}

/// A bare domain with a known top-level domain, with an optional path.
fn scan_bare_domain(text: &str, start: usize) -> Option<usize> {
    let (end, tld) = scan_domain(text, start)?;
    if !TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld)) {
        return None;
    }
    if char_at(text, end) == Some('/') { Some(url_tail(text, start)) } else { Some(end) }
}

/// An e-mail address: a local part, `@` and a domain whose last label has letters only.
fn scan_email(text: &str, start: usize) -> Option<usize> {
    let local = text[start..]
        .chars()
        .take_while(|&c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'))
        .map(char::len_utf8)
        .sum::<usize>();
    let at = start + local;
    if char_at(text, at) != Some('@') {
        return None;
    }
    let (end, tld) = scan_domain(text, at + 1)?;
    (tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())).then_some(end)
}

/// An emoticon from the list, with repeats of its last character (`:)))`, `<333`), not glued to
/// a following letter or digit, nor (for those starting with a letter) to a preceding one.
fn scan_emoticon(text: &str, start: usize, after_alnum: bool) -> Option<usize> {
    let rest = &text[start..];
    let bytes = rest.as_bytes();
    match bytes.first() {
        Some(b':' | b';' | b'<' | b'>' | b'=' | b'^') => {}
        // Every emoticon starting with one of these goes on with `_` or `D` (`-_-`, `T_T`,
        // `xD`): words such as "The" or "of" are rejected without a look at the list.
        Some(b'-' | b'T' | b'o' | b'O' | b'x' | b'X') => {
            if !matches!(bytes.get(1), Some(b'_' | b'D')) {
                return None;
            }
        }
        _ => return None,
    }
    let emoticon = EMOTICONS.iter().find(|e| rest.starts_with(*e))?;
    let first = emoticon.chars().next()?;
    if after_alnum && first.is_alphanumeric() {
        return None;
    }
    let last = emoticon.chars().next_back()?;
    let mut end = start + emoticon.len();
    if matches!(last, ')' | '(' | 'D' | '3' | 'P') {
        end += text[end..].bytes().take_while(|&b| char::from(b) == last).count();
    }
    if char_at(text, end).is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(end)
}

/// Characters that are emoji on their own (the pictographic blocks).
fn is_emoji_base(c: char) -> bool {
    matches!(
        c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF
    )
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

/// An emoji sequence: a pictograph (or any symbol followed by U+FE0F, or a keycap), then
/// variation selectors, skin tones, keycap marks, tag characters and zero-width-joined
/// pictographs; two regional indicators make one flag.
fn scan_emoji(text: &str, start: usize, c: char) -> Option<usize> {
    // An ASCII character followed by an ASCII one (or nothing) is no emoji: not a pictograph,
    // and neither U+FE0F nor U+20E3 follows.
    if c.is_ascii() && text.as_bytes().get(start + 1).is_none_or(u8::is_ascii) {
        return None;
    }
    let mut chars = text[start..].chars();
    chars.next();
    let next = chars.next();
    let keycap = matches!(c, '0'..='9' | '#' | '*')
        && (next == Some('\u{20E3}')
            || next == Some('\u{FE0F}') && chars.next() == Some('\u{20E3}'));
    let presentation = !c.is_alphanumeric() && !c.is_whitespace() && next == Some('\u{FE0F}');
    if !(is_emoji_base(c) || keycap || presentation) {
        return None;
    }
    let mut end = start + c.len_utf8();
    if is_regional_indicator(c) {
        if let Some(d) = char_at(text, end).filter(|&d| is_regional_indicator(d)) {
            end += d.len_utf8();
        }
        return Some(end);
    }
    while let Some(d) = char_at(text, end) {
        let extends = matches!(d as u32, 0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF | 0x20E3)
            || matches!(d as u32, 0xE0020..=0xE007F);
        if extends {
            end += d.len_utf8();
        } else if d == '\u{200D}' {
            match char_at(text, end + d.len_utf8()) {
                Some(joined) if is_emoji_base(joined) => end += d.len_utf8() + joined.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each byte value at each position of a word is flagged exactly when it is not an ASCII
    /// letter or digit (bytes never carry into their neighbours).
    #[test]
    fn not_alnum_bytes_flags_each_byte() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for filler in [b'a', b'Z', b'5', b' ', 0xff] {
                    let mut word = [filler; 8];
                    word[at] = b;
                    let flags = not_alnum_bytes(u64::from_le_bytes(word));
                    for (k, &byte) in word.iter().enumerate() {
                        let flagged = flags >> (8 * k + 7) & 1 == 1;
                        assert_eq!(flagged, !byte.is_ascii_alphanumeric(), "{word:?} at {k}");
                    }
                }
            }
        }
    }
}
