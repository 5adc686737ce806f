//! Date parsing for the many formats exports use.
//!
//! [`parse_timestamp`] accepts, with surrounding whitespace:
//!
//! - RFC 3339 / ISO 8601: `2026-03-04T09:30:00Z`, `2026-03-04T09:30:00.123+01:00`,
//!   `2026-03-04 09:30:00`, `2026-03-04 09:30`, `2026-03-04`, `2026/03/04`, Brandwatch's
//!   `2026-03-04 09:30:00.0`;
//! - numeric dates with slashes, dots or dashes, `03/04/2026 09:30`, `3/4/26 9:30 PM`, read as
//!   month first or day first according to a [`DateOrder`];
//! - month names: `Mar 4, 2026`, `March 4 2026 10:00`, `4 March 2026`, `04-Mar-2026 09:30`,
//!   with an optional leading weekday (`Wed, 4 Mar 2026 09:30:00 GMT`);
//! - epoch seconds (9 to 11 digits) and epoch milliseconds (12 or more digits);
//! - basic ISO dates `20260304`.
//!
//! A time may end with `AM`/`PM`, and a zone: `Z`, `UTC`, `GMT`, `+01:00`, `+0100`, `+01`.
//! Times without a zone are taken as UTC. The result is always UTC, with fractions of a second
//! dropped.

use bedside_types::{CivilDateTime, Timestamp};

/// How to read an all-numeric date such as `03/04/2026`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// `MM/DD/YYYY`, the US convention (Meltwater, Sprout Social, Hootsuite exports).
    #[default]
    MonthFirst,
    /// `DD/MM/YYYY`, the UK convention (NHS survey exports).
    DayFirst,
}

/// Parses a date or date-time into a UTC [`Timestamp`], or `None` if the text is not a date in
/// one of the supported formats (see the [module docs](self)).
///
/// ```
/// use bedside_ingest::date::{DateOrder, parse_timestamp};
///
/// let t = parse_timestamp("2026-03-04T10:30:00+01:00", DateOrder::MonthFirst).unwrap();
/// assert_eq!(t.to_string(), "2026-03-04T09:30:00Z");
/// let uk = parse_timestamp("04/03/2026", DateOrder::DayFirst).unwrap();
/// assert_eq!(uk.to_string(), "2026-03-04T00:00:00Z");
/// ```
pub fn parse_timestamp(text: &str, order: DateOrder) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() || !text.is_ascii() {
        return None;
    }
    if let Some(t) = parse_all_digits(text) {
        return Some(t);
    }
    let mut c = Cursor { s: text.as_bytes(), pos: 0 };
    c.skip_weekday();
    let (year, month, day) = c.date(order)?;
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    let mut offset_seconds = 0i64;
    c.skip_date_time_separator();
    if !c.at_end() {
        if c.peek().is_some_and(|b| b.is_ascii_digit()) {
            (hour, minute, second) = c.time()?;
        }
        offset_seconds = c.zone()?;
        c.skip_spaces();
        if !c.at_end() {
            return None;
        }
    }
    let civil = CivilDateTime { year, month, day, hour, minute, second: second.min(59) };
    let local = Timestamp::from_civil(civil)?;
    Some(Timestamp::from_unix_seconds(local.unix_seconds() - offset_seconds))
}

fn parse_all_digits(text: &str) -> Option<Timestamp> {
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    if int_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if int_part.len() == 8 && frac.is_none() {
        // Basic ISO 8601: YYYYMMDD.
        let n: u32 = int_part.parse().ok()?;
        let civil = CivilDateTime {
            year: (n / 10_000) as i32,
            month: n / 100 % 100,
            day: n % 100,
            hour: 0,
            minute: 0,
            second: 0,
        };
        return Timestamp::from_civil(civil);
    }
    let n: i64 = int_part.parse().ok()?;
    match int_part.len() {
        9..=11 => Some(Timestamp::from_unix_seconds(n)),
        12..=14 => Some(Timestamp::from_unix_seconds(n.div_euclid(1000))),
        _ => None,
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// Reads 1..=max digits, returning the value and how many digits were read.
    fn digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.pos;
        let mut value = 0u32;
        while self.pos - start < max && self.peek().is_some_and(|b| b.is_ascii_digit()) {
            value = value * 10 + u32::from(self.s[self.pos] - b'0');
            self.pos += 1;
        }
        let n = self.pos - start;
        (n > 0).then_some((value, n))
    }

    fn word(&mut self) -> &[u8] {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.pos += 1;
        }
        &self.s[start..self.pos]
    }

    fn skip_weekday(&mut self) {
        let start = self.pos;
        let word = self.word().to_ascii_lowercase();
        let is_weekday = word.len() >= 3
            && ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
                .iter()
                .any(|d| d.as_bytes().starts_with(&word));
        if is_weekday && matches!(self.peek(), Some(b',' | b' ')) {
            self.eat(b',');
            self.skip_spaces();
        } else {
            self.pos = start;
        }
    }

    fn month_name(&mut self) -> Option<u32> {
        let word = self.word().to_ascii_lowercase();
        if word.len() < 3 {
            return None;
        }
        const MONTHS: [&str; 12] = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        if word == b"sept" {
            return Some(9);
        }
        let idx = MONTHS.iter().position(|m| m.as_bytes().starts_with(&word))?;
        self.eat(b'.');
        Some(idx as u32 + 1)
    }

    fn year(&mut self) -> Option<i32> {
        let (y, n) = self.digits(4)?;
        match n {
            4 => Some(y as i32),
            2 => Some(if y < 69 { 2000 + y as i32 } else { 1900 + y as i32 }),
            _ => None,
        }
    }

    /// Reads the date part, returning (year, month, day).
    fn date(&mut self, order: DateOrder) -> Option<(i32, u32, u32)> {
        if self.peek()?.is_ascii_alphabetic() {
            // "Mar 4, 2026", "March 04 2026".
            let month = self.month_name()?;
            self.skip_spaces();
            let (day, _) = self.digits(2)?;
            if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return None;
            }
            self.eat(b',');
            self.skip_spaces();
            let year = self.year()?;
            return Some((year, month, day));
        }
        let (first, n_first) = self.digits(4)?;
        if n_first == 4 {
            // "2026-03-04", "2026/03/04", "2026.03.04".
            let sep = self.peek().filter(|b| matches!(b, b'-' | b'/' | b'.'))?;
            self.pos += 1;
            let (month, _) = self.digits(2)?;
            if !self.eat(sep) {
                return None;
            }
            let (day, _) = self.digits(2)?;
            return Some((first as i32, month, day));
        }
        if n_first > 2 {
            return None;
        }
        let sep = self.peek()?;
        if !matches!(sep, b'-' | b'/' | b'.' | b' ') {
            return None;
        }
        self.pos += 1;
        if self.peek()?.is_ascii_alphabetic() {
            // "04-Mar-2026", "4 March 2026".
            let month = self.month_name()?;
            if !(self.eat(sep) || self.eat(b' ')) {
                return None;
            }
            let year = self.year()?;
            return Some((year, month, first));
        }
        if sep == b' ' {
            return None;
        }
        let (second, _) = self.digits(2)?;
        if !self.eat(sep) {
            return None;
        }
        let year = self.year()?;
        Some(match order {
            DateOrder::MonthFirst => (year, first, second),
            DateOrder::DayFirst => (year, second, first),
        })
    }

    fn skip_date_time_separator(&mut self) {
        if matches!(self.peek(), Some(b'T' | b't')) {
            self.pos += 1;
            return;
        }
        self.eat(b',');
        self.skip_spaces();
        let start = self.pos;
        if self.word().eq_ignore_ascii_case(b"at") && self.peek() == Some(b' ') {
            self.skip_spaces();
        } else {
            self.pos = start;
        }
    }

    /// Reads `H:MM[:SS[.fff]][ AM|PM]`.
    fn time(&mut self) -> Option<(u32, u32, u32)> {
        let (mut hour, _) = self.digits(2)?;
        if !self.eat(b':') {
            return None;
        }
        let (minute, n) = self.digits(2)?;
        if n != 2 {
            return None;
        }
        let mut second = 0;
        if self.eat(b':') {
            let (s, n) = self.digits(2)?;
            if n != 2 {
                return None;
            }
            second = s;
            if self.eat(b'.') || self.eat(b',') {
                self.digits(9)?;
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
        }
        let before_meridiem = self.pos;
        self.skip_spaces();
        let word = self.word().to_ascii_lowercase();
        match word.as_slice() {
            b"am" | b"pm" if (1..=12).contains(&hour) => {
                hour = hour % 12 + if word == b"pm" { 12 } else { 0 };
            }
            b"am" | b"pm" => return None,
            _ => self.pos = before_meridiem,
        }
        Some((hour, minute, second))
    }

    /// Reads an optional zone and returns its offset from UTC in seconds.
    fn zone(&mut self) -> Option<i64> {
        self.skip_spaces();
        if self.eat(b'Z') || self.eat(b'z') {
            return Some(0);
        }
        let start = self.pos;
        let word = self.word().to_ascii_uppercase();
        match word.as_slice() {
            b"" => {}
            b"UTC" | b"GMT" => {}
            _ => {
                self.pos = start;
                return None;
            }
        }
        let sign = match self.peek() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Some(0),
        };
        self.pos += 1;
        let (hours, n) = self.digits(2)?;
        if n != 2 {
            return None;
        }
        self.eat(b':');
        let minutes = match self.digits(2) {
            Some((m, 2)) => m,
            Some(_) => return None,
            None => 0,
        };
        if hours > 23 || minutes > 59 {
            return None;
        }
        Some(sign * (i64::from(hours) * 3600 + i64::from(minutes) * 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, order: DateOrder, expected: Option<&str>) {
        let got = parse_timestamp(input, order).map(|t| t.to_string());
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    fn us(input: &str, expected: &str) {
        check(input, DateOrder::MonthFirst, Some(expected));
    }

    #[test]
    fn iso_forms() {
        us("2026-03-04T09:30:00Z", "2026-03-04T09:30:00Z");
        us("2026-03-04T09:30:00.123Z", "2026-03-04T09:30:00Z");
        us("2026-03-04T09:30:00.000000+01:00", "2026-03-04T08:30:00Z");
        us("2026-03-04T09:30:00-0530", "2026-03-04T15:00:00Z");
        us("2026-03-04T23:30:00-02", "2026-03-05T01:30:00Z");
        us("2026-03-04 09:30:00", "2026-03-04T09:30:00Z");
        us("2026-03-04 09:30", "2026-03-04T09:30:00Z");
        us("2026-03-04 09:30:00.0", "2026-03-04T09:30:00Z");
        us("2026-03-04", "2026-03-04T00:00:00Z");
        us("  2026/3/4 ", "2026-03-04T00:00:00Z");
        us("2026-03-04 09:30:00 UTC", "2026-03-04T09:30:00Z");
        us("2026-03-04 09:30:00 GMT+01:00", "2026-03-04T08:30:00Z");
        us("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z");
        us("20260304", "2026-03-04T00:00:00Z");
    }

    #[test]
    fn numeric_with_order() {
        us("03/04/2026 09:30", "2026-03-04T09:30:00Z");
        us("3/4/26", "2026-03-04T00:00:00Z");
        us("3/4/26 9:30 PM", "2026-03-04T21:30:00Z");
        us("3/4/26 12:05 am", "2026-03-04T00:05:00Z");
        us("12/31/99", "1999-12-31T00:00:00Z");
        let uk = |i, e| check(i, DateOrder::DayFirst, Some(e));
        uk("04/03/2026", "2026-03-04T00:00:00Z");
        uk("04/03/2026 14:05:09", "2026-03-04T14:05:09Z");
        uk("31.12.2025", "2025-12-31T00:00:00Z");
        // Day 31 cannot be a month.
        check("31/12/2025", DateOrder::MonthFirst, None);
    }

    #[test]
    fn month_names() {
        us("Mar 4, 2026", "2026-03-04T00:00:00Z");
        us("March 4 2026 10:00", "2026-03-04T10:00:00Z");
        us("Sept 30, 2025 at 5:15 PM", "2025-09-30T17:15:00Z");
        us("4 March 2026", "2026-03-04T00:00:00Z");
        us("04-Mar-2026", "2026-03-04T00:00:00Z");
        us("04-MAR-26 09:30", "2026-03-04T09:30:00Z");
        us("Wed, 4 Mar 2026 09:30:00 GMT", "2026-03-04T09:30:00Z");
        us("Wednesday, March 4, 2026", "2026-03-04T00:00:00Z");
    }

    #[test]
    fn epochs() {
        us("1772616600", "2026-03-04T09:30:00Z");
        us("1772616600123", "2026-03-04T09:30:00Z");
        us("1772616600.5", "2026-03-04T09:30:00Z");
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "2026-03-04T25:00:00Z",
            "2026-03-04 9",
            "2026-03-04T09:30:00+25:00",
            "2026-03-04 09:30:00 trailing",
            "03/04",
            "12345",
            "Mar 2026",
            "Foo 4, 2026",
            "4 Ma 2026",
            "2026-03-04Z junk",
            "13:30 PM",
            "é 2026",
            "1.2.3.4",
        ] {
            check(bad, DateOrder::MonthFirst, None);
        }
    }
}
