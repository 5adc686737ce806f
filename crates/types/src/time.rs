use std::fmt;

/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
///
/// Exports carry many date formats; ingestion parses them all into this one UTC representation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Timestamp(i64);

/// A calendar date and time of day in UTC (proleptic Gregorian calendar).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDateTime {
    /// The year, e.g. 2026.
    pub year: i32,
    /// The month, 1..=12.
    pub month: u32,
    /// The day of the month, 1..=31.
    pub day: u32,
    /// The hour, 0..=23.
    pub hour: u32,
    /// The minute, 0..=59.
    pub minute: u32,
    /// The second, 0..=59.
    pub second: u32,
}

impl Timestamp {
    /// A timestamp from seconds since the Unix epoch.
    pub fn from_unix_seconds(seconds: i64) -> Timestamp {
        Timestamp(seconds)
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    /// A timestamp from a UTC calendar date and time, or `None` if a field is out of range.
    pub fn from_civil(c: CivilDateTime) -> Option<Timestamp> {
        if !(1..=12).contains(&c.month)
            || c.day < 1
            || c.day > days_in_month(c.year, c.month)
            || c.hour > 23
            || c.minute > 59
            || c.second > 60
        {
            return None;
        }
        let days = days_from_civil(c.year, c.month, c.day);
        let secs = i64::from(c.hour) * 3600 + i64::from(c.minute) * 60 + i64::from(c.second);
        Some(Timestamp(days * 86_400 + secs))
    }

    /// The UTC calendar date and time.
    pub fn to_civil(self) -> CivilDateTime {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        CivilDateTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs % 3600 / 60) as u32,
            second: (secs % 60) as u32,
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        self.0.div_euclid(86_400)
    }

    /// `YYYY-MM-DD`.
    pub fn date_string(self) -> String {
        let c = self.to_civil();
        format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
    }

    /// `YYYY-MM`, the calendar month.
    pub fn month_string(self) -> String {
        let c = self.to_civil();
        format!("{:04}-{:02}", c.year, c.month)
    }

    /// The ISO 8601 week, `YYYY-Www`.
    pub fn iso_week_string(self) -> String {
        let days = self.days_since_epoch();
        // 1970-01-01 was a Thursday; ISO weekday 1 = Monday.
        let weekday = (days + 3).rem_euclid(7) + 1;
        // The Thursday of this week decides the ISO year.
        let thursday = days - weekday + 4;
        let (year, _, _) = civil_from_days(thursday);
        let jan1 = days_from_civil(year, 1, 1);
        let week = (thursday - jan1) / 7 + 1;
        format!("{year:04}-W{week:02}")
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC: `2026-03-04T09:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.to_civil();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }
}

/// Whether `year` is a leap year.
fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn civil(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> CivilDateTime {
        CivilDateTime { year: y, month: mo, day: d, hour: h, minute: mi, second: s }
    }

    #[test]
    fn round_trips_known_dates() {
        let t = Timestamp::from_civil(civil(2026, 3, 4, 9, 30, 0)).unwrap();
        assert_eq!(t.unix_seconds(), 1_772_616_600);
        assert_eq!(t.to_string(), "2026-03-04T09:30:00Z");
        assert_eq!(Timestamp::from_unix_seconds(0).to_string(), "1970-01-01T00:00:00Z");
        let leap = Timestamp::from_civil(civil(2024, 2, 29, 23, 59, 59)).unwrap();
        assert_eq!(leap.to_civil(), civil(2024, 2, 29, 23, 59, 59));
        assert_eq!(Timestamp::from_civil(civil(2023, 2, 29, 0, 0, 0)), None);
        assert_eq!(Timestamp::from_civil(civil(2023, 13, 1, 0, 0, 0)), None);
    }

    #[test]
    fn iso_weeks() {
        let day = |y, m, d| Timestamp::from_civil(civil(y, m, d, 12, 0, 0)).unwrap();
        assert_eq!(day(2021, 1, 3).iso_week_string(), "2020-W53");
        assert_eq!(day(2021, 1, 4).iso_week_string(), "2021-W01");
        assert_eq!(day(2024, 12, 30).iso_week_string(), "2025-W01");
        assert_eq!(day(2026, 6, 15).iso_week_string(), "2026-W25");
        assert_eq!(day(2026, 6, 15).month_string(), "2026-06");
    }
}
