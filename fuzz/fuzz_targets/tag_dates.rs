#![no_main]
//! The date tagger: any text, never a panic; every mention's range lies in its
//! block on char boundaries, mentions come sorted and never overlap, and every value
//! is a well-formed TIMEX3 value whose days exist.

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use parallax::model::NumericDates;
use parallax::time::{Date, DateSpan, TagBlock, TagOptions, Timex, tag_document};

#[derive(Debug, Arbitrary)]
struct Input {
    numeric: Option<bool>,
    /// Read into the years the tagger itself accepts as written (1000–2100); a
    /// publication year far outside them (9990, 0000) makes two-digit years
    /// ("'15") five digits or negative, which is not a case worth a rule.
    published_year: Option<u16>,
    /// Whether the texts' period is given (see `TagOptions::subject`).
    in_period: bool,
    /// Blocks, one a line; a line starting with `#` is a heading.
    text: String,
}

fuzz_target!(|input: Input| {
    let blocks: Vec<TagBlock> = input
        .text
        .split('\n')
        .map(|line| {
            let level = line.chars().take_while(|&c| c == '#').count();
            TagBlock {
                text: line,
                heading_level: (1..=6).contains(&level).then_some(level as u8),
            }
        })
        .collect();
    let options = TagOptions {
        numeric: input.numeric.map(|mdy| {
            if mdy {
                NumericDates::Mdy
            } else {
                NumericDates::Dmy
            }
        }),
        published_year: input
            .published_year
            .map(|year| 1000 + i32::from(year % 1101)),
        subject: input
            .in_period
            .then(|| {
                Some(DateSpan {
                    first: Date::new(1870, 7, 1)?,
                    last: Date::new(1871, 6, 30)?,
                })
            })
            .flatten(),
    };
    let mentions = tag_document(&blocks, &options);
    let mut previous: Option<(usize, usize)> = None;
    for mention in &mentions {
        let text = blocks[mention.block].text;
        let range = &mention.range;
        assert!(
            range.start < range.end && range.end <= text.len(),
            "{mention:?}"
        );
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        if let Some((block, end)) = previous {
            assert!(
                mention.block > block || (mention.block == block && range.start >= end),
                "mentions overlap or are out of order: {mentions:?}"
            );
        }
        previous = Some((mention.block, range.end));
        check_value(&mention.value);
        assert!(mention.date_span().is_some(), "{mention:?}");
    }
});

fn check_value(value: &Timex) {
    let text = value.value();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match *value {
        Timex::Day(date) => {
            assert_eq!(Date::parse_iso(&text), Some(date), "{text}");
        }
        Timex::Month { month, .. } => {
            let (year, m) = text.split_once('-').expect("YYYY-MM");
            assert!(
                digits(year, 4) && digits(m, 2) && (1..=12).contains(&month),
                "{text}"
            );
        }
        Timex::Year(_) => assert!(digits(&text, 4), "{text}"),
        Timex::Decade(_) => {
            assert!(
                text.len() == 4 && digits(&text[..3], 3) && text.ends_with('X'),
                "{text}"
            )
        }
        Timex::Century(_) => assert!(digits(&text, 2), "{text}"),
        Timex::Season { .. } => {
            let (year, season) = text.split_once('-').expect("YYYY-SS");
            assert!(
                digits(year, 4) && ["SP", "SU", "FA", "WI"].contains(&season),
                "{text}"
            );
        }
        Timex::YearRange { from, to } => {
            let (a, b) = text.split_once('/').expect("YYYY/YYYY");
            assert!(digits(a, 4) && digits(b, 4) && from <= to, "{text}");
        }
    }
}
