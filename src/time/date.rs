//! Calendar days in the proleptic Gregorian calendar, and the forgiving parser for
//! what a reader types at a date prompt.
//!
//! France used the Gregorian calendar throughout the period the reader covers, so no
//! Julian conversion is attempted; Russian Old Style dates are taken as written.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day. Ordering is chronological because the fields compare in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// 0 for a month outside 1..=12, so callers can validate with one comparison.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    pub fn first_of_month(year: i32, month: u8) -> Option<Date> {
        Date::new(year, month, 1)
    }

    pub fn last_of_month(year: i32, month: u8) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month))
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Inverse of [`Date::to_days`] (Hinnant's `civil_from_days`). Years beyond the
    /// range of `i32` saturate, which no text can reach.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        let year = year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// The same day `months` months later, clamped to the end of a shorter month.
    pub fn add_months(self, months: i32) -> Date {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let year = index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian
    /// computus), from which the movable feasts are counted: Good Friday, Easter
    /// Monday, Ascension, Whit Sunday.
    pub fn easter(year: i32) -> Date {
        let a = year.rem_euclid(19);
        let b = year.div_euclid(100);
        let c = year.rem_euclid(100);
        let d = b.div_euclid(4);
        let e = b.rem_euclid(4);
        let f = (b + 8).div_euclid(25);
        let g = (b - f + 1).div_euclid(3);
        let h = (19 * a + b - d - g + 15).rem_euclid(30);
        let i = c.div_euclid(4);
        let k = c.rem_euclid(4);
        let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
        let m = (a + 11 * h + 22 * l).div_euclid(451);
        let month = (h + l - 7 * m + 114).div_euclid(31);
        let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
        Date {
            year,
            month: month as u8,
            day: day as u8,
        }
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.to_days() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// Strict `YYYY-MM-DD`, as stored in files.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(parse_digits(y)?, parse_digits(m)?, parse_digits(d)?)
    }
}

fn parse_digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {text:?}")))
    }
}

/// An inclusive run of days: what a typed month or year stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateSpan {
    pub first: Date,
    pub last: Date,
}

impl DateSpan {
    pub fn day(date: Date) -> DateSpan {
        DateSpan {
            first: date,
            last: date,
        }
    }

    pub fn month(year: i32, month: u8) -> Option<DateSpan> {
        Some(DateSpan {
            first: Date::first_of_month(year, month)?,
            last: Date::last_of_month(year, month)?,
        })
    }

    pub fn year(year: i32) -> DateSpan {
        DateSpan {
            first: Date {
                year,
                month: 1,
                day: 1,
            },
            last: Date {
                year,
                month: 12,
                day: 31,
            },
        }
    }

    pub fn contains(self, date: Date) -> bool {
        self.first <= date && date <= self.last
    }
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

/// Abbreviations as English texts print them, with or without the full stop.
pub(crate) const MONTH_ABBREVIATIONS: [(&str, u8); 13] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("febr", 2),
];

/// A full English month name, any case.
pub fn month_from_name(word: &str) -> Option<u8> {
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    MONTHS
        .iter()
        .position(|name| name.eq_ignore_ascii_case(word))
        .map(|index| index as u8 + 1)
}

/// A common month abbreviation (`Sept`, `Jan`), any case, without its full stop.
pub fn month_from_abbreviation(word: &str) -> Option<u8> {
    if !(3..=4).contains(&word.len()) {
        return None;
    }
    MONTH_ABBREVIATIONS
        .iter()
        .find(|(abbreviation, _)| abbreviation.eq_ignore_ascii_case(word))
        .map(|&(_, month)| month)
}

pub fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(usize::from(month.wrapping_sub(1)))
        .copied()
        .unwrap_or("")
}

/// Reads what a reader types to jump to a date: `1871-03-18`, `18 March 1871`,
/// `March 18, 1871`, `march 1871`, `Sept. 1870`, `1871-03`, `1871`. Words and numbers
/// may come in either order; a lone number of one or two digits is the day.
pub fn parse_user_date(input: &str) -> Option<DateSpan> {
    let input = input.trim();
    if let Some(date) = Date::parse_iso(input) {
        return Some(DateSpan::day(date));
    }
    if let Some((y, m)) = input.split_once('-')
        && y.len() == 4
        && (1..=2).contains(&m.len())
    {
        return DateSpan::month(parse_digits(y)?, parse_digits(m)?);
    }
    let (mut year, mut month, mut day) = (None, None, None);
    for part in input
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '/')
        .filter(|part| !part.is_empty())
    {
        if let Some(m) = month_from_name(part).or_else(|| month_from_abbreviation(part)) {
            if month.replace(m).is_some() {
                return None;
            }
            continue;
        }
        let digits = strip_ordinal(part);
        let value: u32 = parse_digits(digits)?;
        let slot = if digits.len() >= 3 {
            &mut year
        } else {
            &mut day
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    let year = i32::try_from(year?).ok()?;
    match (month, day) {
        (None, None) => Some(DateSpan::year(year)),
        (Some(m), None) => DateSpan::month(year, m),
        (Some(m), Some(d)) => Date::new(year, m, u8::try_from(d).ok()?).map(DateSpan::day),
        (None, Some(_)) => None,
    }
}

fn strip_ordinal(part: &str) -> &str {
    for suffix in ["st", "nd", "rd", "th", "ST", "ND", "RD", "TH"] {
        if let Some(stripped) = part.strip_suffix(suffix) {
            return stripped;
        }
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[rstest]
    #[case(1870, d(1870, 4, 17))]
    #[case(1871, d(1871, 4, 9))]
    #[case(1848, d(1848, 4, 23))]
    #[case(1917, d(1917, 4, 8))]
    #[case(2021, d(2021, 4, 4))]
    #[case(2000, d(2000, 4, 23))]
    fn easter_sundays(#[case] year: i32, #[case] easter: Date) {
        assert_eq!(Date::easter(year), easter);
        assert_eq!(easter.weekday(), Weekday::Sunday);
    }

    #[rstest]
    #[case(1871, 2, 29, false)]
    #[case(1872, 2, 29, true)]
    #[case(1900, 2, 29, false)]
    #[case(2000, 2, 29, true)]
    #[case(1871, 4, 31, false)]
    #[case(1871, 13, 1, false)]
    #[case(1871, 3, 0, false)]
    #[case(1871, 12, 31, true)]
    fn validates(#[case] y: i32, #[case] m: u8, #[case] day: u8, #[case] ok: bool) {
        assert_eq!(Date::new(y, m, day).is_some(), ok);
    }

    #[rstest]
    #[case(d(1970, 1, 1), 0)]
    #[case(d(1871, 3, 18), -36_083)]
    #[case(d(2000, 3, 1), 11_017)]
    #[case(d(1, 1, 1), -719_162)]
    fn days_round_trip(#[case] date: Date, #[case] days: i64) {
        assert_eq!(date.to_days(), days);
        assert_eq!(Date::from_days(days), date);
    }

    #[test]
    fn every_day_round_trips_over_four_centuries() {
        let start = d(1700, 1, 1).to_days();
        let mut previous = Date::from_days(start - 1);
        for days in start..start + 146_097 {
            let date = Date::from_days(days);
            assert!(date > previous);
            assert_eq!(Date::new(date.year(), date.month(), date.day()), Some(date));
            assert_eq!(date.to_days(), days);
            previous = date;
        }
    }

    #[rstest]
    #[case(d(1871, 3, 18), Weekday::Saturday)]
    #[case(d(1871, 5, 28), Weekday::Sunday)]
    #[case(d(1870, 7, 19), Weekday::Tuesday)]
    #[case(d(1970, 1, 1), Weekday::Thursday)]
    fn weekdays(#[case] date: Date, #[case] weekday: Weekday) {
        assert_eq!(date.weekday(), weekday);
    }

    #[rstest]
    #[case(d(1871, 1, 31), 1, d(1871, 2, 28))]
    #[case(d(1870, 12, 5), 1, d(1871, 1, 5))]
    #[case(d(1871, 3, 18), -3, d(1870, 12, 18))]
    fn adds_months(#[case] from: Date, #[case] months: i32, #[case] to: Date) {
        assert_eq!(from.add_months(months), to);
    }

    #[test]
    fn adds_days_across_a_year_end() {
        assert_eq!(d(1870, 12, 31).add_days(1), d(1871, 1, 1));
        assert_eq!(d(1871, 3, 1).add_days(-1), d(1871, 2, 28));
    }

    #[rstest]
    #[case("1871-03-18", Some(d(1871, 3, 18)))]
    #[case("1871-3-18", None)]
    #[case("1871-02-29", None)]
    #[case("18-03-1871", None)]
    #[case("1871-03-18-1", None)]
    fn parses_iso(#[case] text: &str, #[case] date: Option<Date>) {
        assert_eq!(Date::parse_iso(text), date);
    }

    #[test]
    fn serializes_as_an_iso_string() {
        let date = d(1871, 3, 18);
        let json = serde_json::to_string(&date).unwrap();
        assert_eq!(json, "\"1871-03-18\"");
        assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), date);
        assert!(serde_json::from_str::<Date>("\"1871-02-30\"").is_err());
    }

    #[rstest]
    #[case("1871-03-18", d(1871, 3, 18), d(1871, 3, 18))]
    #[case("18 March 1871", d(1871, 3, 18), d(1871, 3, 18))]
    #[case("March 18 1871", d(1871, 3, 18), d(1871, 3, 18))]
    #[case("March 18th, 1871", d(1871, 3, 18), d(1871, 3, 18))]
    #[case("  march 1871 ", d(1871, 3, 1), d(1871, 3, 31))]
    #[case("Sept. 1870", d(1870, 9, 1), d(1870, 9, 30))]
    #[case("4 sept 1870", d(1870, 9, 4), d(1870, 9, 4))]
    #[case("1871-03", d(1871, 3, 1), d(1871, 3, 31))]
    #[case("1871", d(1871, 1, 1), d(1871, 12, 31))]
    #[case("Feb 1872", d(1872, 2, 1), d(1872, 2, 29))]
    fn parses_what_a_reader_types(#[case] input: &str, #[case] first: Date, #[case] last: Date) {
        assert_eq!(parse_user_date(input), Some(DateSpan { first, last }));
    }

    #[rstest]
    #[case("")]
    #[case("March")]
    #[case("18 March")]
    #[case("31 April 1871")]
    #[case("March April 1871")]
    #[case("yesterday")]
    #[case("1871-13")]
    #[case("18 18 1871")]
    fn rejects_what_is_not_a_date(#[case] input: &str) {
        assert_eq!(parse_user_date(input), None);
    }
}
