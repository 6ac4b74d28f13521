//! Normalized values of date expressions, written the way TIMEX3 writes them.

use super::date::{Date, DateSpan, days_in_month};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

impl Season {
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Autumn => "FA",
            Season::Winter => "WI",
        }
    }

    /// Meteorological seasons: a northern-hemisphere historian's "winter of 1870"
    /// is the winter that begins in December 1870 and ends in February 1871.
    fn months(self) -> (u8, u8) {
        match self {
            Season::Spring => (3, 5),
            Season::Summer => (6, 8),
            Season::Autumn => (9, 11),
            Season::Winter => (12, 2),
        }
    }
}

/// How coarse a value is, finest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    Month,
    Season,
    Year,
    Decade,
    Century,
}

/// TIMEX3 `mod`: which part of the named period is meant ("early May").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modifier {
    Start,
    Mid,
    End,
}

impl Modifier {
    pub fn code(self) -> &'static str {
        match self {
            Modifier::Start => "START",
            Modifier::Mid => "MID",
            Modifier::End => "END",
        }
    }

    /// The third of `span` the modifier points at: "early May" is 1–10 May.
    pub fn narrow(self, span: DateSpan) -> DateSpan {
        let first = span.first.to_days();
        let length = span.last.to_days() - first + 1;
        let third = (length / 3).max(1);
        let (from, to) = match self {
            Modifier::Start => (0, third - 1),
            Modifier::Mid => (third, length - third - 1),
            Modifier::End => (length - third, length - 1),
        };
        DateSpan {
            first: Date::from_days(first + from),
            last: Date::from_days(first + to.max(from)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timex {
    Day(Date),
    Month {
        year: i32,
        month: u8,
    },
    Year(i32),
    /// The first three digits of the decade's years: 185 for the 1850s.
    Decade(i32),
    /// The first two digits of the century's years: 18 for the 19th century (1800s).
    Century(i32),
    Season {
        year: i32,
        season: Season,
    },
    YearRange {
        from: i32,
        to: i32,
    },
}

impl Timex {
    /// The TIMEX3 `value` attribute.
    pub fn value(&self) -> String {
        match *self {
            Timex::Day(date) => date.to_string(),
            Timex::Month { year, month } => format!("{year:04}-{month:02}"),
            Timex::Year(year) => format!("{year:04}"),
            Timex::Decade(decade) => format!("{decade:03}X"),
            Timex::Century(century) => format!("{century:02}"),
            Timex::Season { year, season } => format!("{year:04}-{}", season.code()),
            Timex::YearRange { from, to } => format!("{from:04}/{to:04}"),
        }
    }

    /// First and last day covered; `None` only for a month outside 1..=12.
    pub fn span(&self) -> Option<(Date, Date)> {
        let span = self.date_span()?;
        Some((span.first, span.last))
    }

    pub fn date_span(&self) -> Option<DateSpan> {
        let years = |from: i32, to: i32| DateSpan {
            first: DateSpan::year(from).first,
            last: DateSpan::year(to).last,
        };
        match *self {
            Timex::Day(date) => Some(DateSpan::day(date)),
            Timex::Month { year, month } => DateSpan::month(year, month),
            Timex::Year(year) => Some(DateSpan::year(year)),
            Timex::Decade(decade) => Some(years(decade * 10, decade * 10 + 9)),
            Timex::Century(century) => Some(years(century * 100, century * 100 + 99)),
            Timex::Season { year, season } => {
                let (from, to) = season.months();
                let end_year = if to < from { year + 1 } else { year };
                Some(DateSpan {
                    first: Date::new(year, from, 1)?,
                    last: Date::new(end_year, to, days_in_month(end_year, to))?,
                })
            }
            Timex::YearRange { from, to } => Some(years(from, to)),
        }
    }

    pub fn granularity(&self) -> Granularity {
        match self {
            Timex::Day(_) => Granularity::Day,
            Timex::Month { .. } => Granularity::Month,
            Timex::Season { .. } => Granularity::Season,
            Timex::Year(_) | Timex::YearRange { .. } => Granularity::Year,
            Timex::Decade(_) => Granularity::Decade,
            Timex::Century(_) => Granularity::Century,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[rstest]
    #[case(
        Timex::Day(d(1871, 3, 18)),
        "1871-03-18",
        d(1871, 3, 18),
        d(1871, 3, 18)
    )]
    #[case(Timex::Month { year: 1871, month: 2 }, "1871-02", d(1871, 2, 1), d(1871, 2, 28))]
    #[case(Timex::Year(1871), "1871", d(1871, 1, 1), d(1871, 12, 31))]
    #[case(Timex::Decade(185), "185X", d(1850, 1, 1), d(1859, 12, 31))]
    #[case(Timex::Century(18), "18", d(1800, 1, 1), d(1899, 12, 31))]
    #[case(Timex::Season { year: 1870, season: Season::Autumn }, "1870-FA", d(1870, 9, 1), d(1870, 11, 30))]
    #[case(Timex::Season { year: 1870, season: Season::Winter }, "1870-WI", d(1870, 12, 1), d(1871, 2, 28))]
    #[case(Timex::Season { year: 1871, season: Season::Spring }, "1871-SP", d(1871, 3, 1), d(1871, 5, 31))]
    #[case(Timex::YearRange { from: 1870, to: 1871 }, "1870/1871", d(1870, 1, 1), d(1871, 12, 31))]
    fn values_and_spans(
        #[case] timex: Timex,
        #[case] value: &str,
        #[case] first: Date,
        #[case] last: Date,
    ) {
        assert_eq!(timex.value(), value);
        assert_eq!(timex.span(), Some((first, last)));
    }

    #[test]
    fn granularity_orders_from_fine_to_coarse() {
        assert!(Timex::Day(d(1871, 3, 18)).granularity() < Timex::Year(1871).granularity());
        assert_eq!(Timex::Decade(186).granularity(), Granularity::Decade);
    }

    #[rstest]
    #[case(Modifier::Start, d(1871, 5, 1), d(1871, 5, 10))]
    #[case(Modifier::Mid, d(1871, 5, 11), d(1871, 5, 21))]
    #[case(Modifier::End, d(1871, 5, 22), d(1871, 5, 31))]
    fn modifiers_narrow_a_month(
        #[case] modifier: Modifier,
        #[case] first: Date,
        #[case] last: Date,
    ) {
        let may = DateSpan::month(1871, 5).unwrap();
        assert_eq!(modifier.narrow(may), DateSpan { first, last });
    }
}
