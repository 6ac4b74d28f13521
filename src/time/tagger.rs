//! The temporal tagger: finds date expressions in a document's blocks and gives each
//! a TIMEX3 value, filling in what the text leaves unwritten the way a careful reader
//! does — from the narrative so far, the section heading and the years the document
//! is about.
//!
//! Two passes: [`super::rules`] reads each block on its own; the resolver then walks
//! the document in reading order, so a year, month or reference day can only come
//! from what a reader has already seen (or, failing that, from the document's span).

use super::date::{Date, DateSpan};
use super::rules::{self, Raw, RawValue, Shift};
use super::scan::{self, Cx};
use super::timex::{Granularity, Modifier, Timex};
use crate::model::NumericDates;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One passage of a document, in reading order.
#[derive(Debug, Clone, Copy)]
pub struct TagBlock<'a> {
    /// A single line of plain text.
    pub text: &'a str,
    /// `Some(level)` for a heading (1 is the highest).
    pub heading_level: Option<u8>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct TagOptions {
    /// How the document writes numeric dates; `None` to infer it from the document.
    pub numeric: Option<NumericDates>,
    /// The year the document was published, the last resort for an unwritten year.
    pub published_year: Option<i32>,
}

/// Where a mention's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// Everything in the value is written in the text.
    Written,
    /// The year (or month, or century) was supplied from the context.
    Inferred,
    /// A shift ("the next day") from the narrative's reference day.
    Relative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeRole {
    Start,
    End,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub block: usize,
    /// Byte range in the block's text.
    pub range: Range<usize>,
    pub value: Timex,
    pub modifier: Option<Modifier>,
    pub how: How,
    pub range_role: Option<RangeRole>,
}

impl Mention {
    /// The days the mention points at, narrowed by its modifier.
    pub fn date_span(&self) -> Option<DateSpan> {
        let span = self.value.date_span()?;
        Some(match self.modifier {
            Some(modifier) => modifier.narrow(span),
            None => span,
        })
    }
}

/// A relative expression needs a day mentioned this recently (in blocks) to resolve;
/// further back, "the next day" may follow a date the reader no longer has in mind.
const RELATIVE_WINDOW: usize = 4;

/// Finds and normalizes the date expressions of a document. Mentions are sorted by
/// block, then by start.
pub fn tag_document(blocks: &[TagBlock], options: &TagOptions) -> Vec<Mention> {
    let mut tokens = Vec::new();
    let mut raws: Vec<(usize, Raw)> = Vec::new();
    let mut block_raws = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        scan::tokenize(block.text, &mut tokens);
        let cx = Cx {
            text: block.text,
            toks: &tokens,
        };
        block_raws.clear();
        rules::scan(&cx, &mut block_raws);
        raws.extend(block_raws.drain(..).map(|raw| (index, raw)));
    }
    let numeric = options
        .numeric
        .unwrap_or_else(|| numeric_convention(raws.iter().map(|(_, raw)| raw)));
    let span = document_span(raws.iter().map(|(_, raw)| raw), numeric);
    let mut resolver = Resolver {
        numeric,
        published_year: options.published_year,
        document: span,
        headings: Vec::new(),
        anchor: None,
        last_day: None,
        section: 0,
    };
    let mut mentions = Vec::with_capacity(raws.len());
    let mut next = 0;
    for (index, block) in blocks.iter().enumerate() {
        let level = block.heading_level;
        if let Some(level) = level {
            resolver.open_heading(level);
        }
        let first_mention = mentions.len();
        while next < raws.len() && raws[next].0 == index {
            if let Some(mention) = resolver.resolve(index, &raws[next].1) {
                mentions.push(mention);
            }
            next += 1;
        }
        if let Some(level) = level {
            resolver.close_heading(level, &mentions[first_mention..]);
        }
    }
    mentions.sort_by_key(|m| (m.block, m.range.start));
    mentions
}

/// A document that writes 5/30/1871 is month-first; one that writes 30/5/1871 is
/// day-first. With no such evidence, month-first, the usual order in English.
fn numeric_convention<'r>(raws: impl Iterator<Item = &'r Raw>) -> NumericDates {
    let (mut mdy, mut dmy) = (0, 0);
    for raw in raws {
        if let RawValue::Numeric { first, second, .. } = raw.value {
            if first > 12 && second <= 12 {
                dmy += 1;
            } else if second > 12 && first <= 12 {
                mdy += 1;
            }
        }
    }
    if dmy > mdy {
        NumericDates::Dmy
    } else {
        NumericDates::Mdy
    }
}

fn numeric_date(first: u8, second: u8, year: i32, order: NumericDates) -> Option<Date> {
    match order {
        NumericDates::Mdy => Date::new(year, first, second),
        NumericDates::Dmy => Date::new(year, second, first),
    }
}

/// The period the document is about: the run of consecutive years its written dates
/// cluster in, and within it, the days from its first to its last written date. An
/// article written in 2021 about 1871 has its span in 1870–71, not in 2021.
fn document_span<'r>(raws: impl Iterator<Item = &'r Raw>, order: NumericDates) -> Option<DateSpan> {
    let mut written: Vec<(i32, Option<DateSpan>)> = Vec::new();
    for raw in raws {
        let entry = match raw.value {
            RawValue::Calendar {
                month,
                day,
                year: Some(year),
                year_borrowed: false,
            } => {
                let span = match day {
                    Some(day) => Date::new(year, month, day).map(DateSpan::day),
                    None => DateSpan::month(year, month),
                };
                (year, span)
            }
            RawValue::Numeric {
                first,
                second,
                year,
            } => (
                year,
                numeric_date(first, second, year, order).map(DateSpan::day),
            ),
            RawValue::Known(Timex::Day(date)) => (date.year(), Some(DateSpan::day(date))),
            RawValue::Known(Timex::Year(year)) => (year, None),
            RawValue::Known(Timex::Season { year, .. }) => (year, None),
            _ => continue,
        };
        written.push(entry);
    }
    if written.is_empty() {
        return None;
    }
    let mut years: Vec<i32> = written.iter().map(|&(year, _)| year).collect();
    years.sort_unstable();
    // Runs of years with no gap longer than a year; the run with most dates wins,
    // the earliest on a tie.
    let mut best: Option<(usize, i32, i32)> = None;
    let mut start = 0;
    for end in 1..=years.len() {
        if end == years.len() || years[end] - years[end - 1] > 1 {
            let count = end - start;
            if best.is_none_or(|(n, _, _)| count > n) {
                best = Some((count, years[start], years[end - 1]));
            }
            start = end;
        }
    }
    let (_, from, to) = best?;
    let days = written
        .iter()
        .filter(|&&(year, _)| (from..=to).contains(&year))
        .filter_map(|&(_, span)| span);
    let mut span: Option<DateSpan> = None;
    for day in days {
        span = Some(match span {
            None => day,
            Some(s) => DateSpan {
                first: s.first.min(day.first),
                last: s.last.max(day.last),
            },
        });
    }
    Some(span.unwrap_or(DateSpan {
        first: DateSpan::year(from).first,
        last: DateSpan::year(to).last,
    }))
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    date: Date,
    granularity: Granularity,
}

#[derive(Debug, Clone, Copy)]
struct LastDay {
    date: Date,
    block: usize,
    section: usize,
}

struct Resolver {
    numeric: NumericDates,
    published_year: Option<i32>,
    document: Option<DateSpan>,
    /// Open headings, outermost first, with the span their dates cover.
    headings: Vec<(u8, Option<DateSpan>)>,
    /// The latest day or month of the narrative: what an unwritten year is read against.
    anchor: Option<Anchor>,
    /// The latest day, for relative expressions.
    last_day: Option<LastDay>,
    section: usize,
}

impl Resolver {
    fn open_heading(&mut self, level: u8) {
        while self.headings.last().is_some_and(|&(open, _)| open >= level) {
            self.headings.pop();
        }
        self.section += 1;
    }

    fn close_heading(&mut self, level: u8, mentions: &[Mention]) {
        let mut span: Option<DateSpan> = None;
        for day in mentions.iter().filter_map(|m| m.value.date_span()) {
            span = Some(match span {
                None => day,
                Some(s) => DateSpan {
                    first: s.first.min(day.first),
                    last: s.last.max(day.last),
                },
            });
        }
        self.headings.push((level, span));
    }

    fn heading_span(&self) -> Option<DateSpan> {
        self.headings.iter().rev().find_map(|&(_, span)| span)
    }

    fn resolve(&mut self, block: usize, raw: &Raw) -> Option<Mention> {
        let (value, how) = match raw.value {
            RawValue::Calendar {
                month,
                day,
                year,
                year_borrowed,
            } => {
                let (year, how) = match year {
                    Some(year) if year_borrowed => (year, How::Inferred),
                    Some(year) => (year, How::Written),
                    None => (self.infer_year(month, day)?, How::Inferred),
                };
                let value = match day {
                    Some(day) => Timex::Day(Date::new(year, month, day)?),
                    None => {
                        Date::first_of_month(year, month)?;
                        Timex::Month { year, month }
                    }
                };
                (value, how)
            }
            RawValue::DayOnly(day) => {
                let anchor = self.anchor?;
                if anchor.granularity > Granularity::Month {
                    return None;
                }
                let date = Date::new(anchor.date.year(), anchor.date.month(), day)?;
                (Timex::Day(date), How::Inferred)
            }
            RawValue::Numeric {
                first,
                second,
                year,
            } => (
                Timex::Day(numeric_date(first, second, year, self.numeric)?),
                How::Written,
            ),
            RawValue::Known(timex) => (timex, How::Written),
            RawValue::TwoDigitYear(short) => (
                Timex::Year(self.complete_year(i32::from(short))?),
                How::Inferred,
            ),
            RawValue::TwoDigitDecade(short) => {
                let year = self.complete_year(i32::from(short) * 10)?;
                (Timex::Decade(year / 10), How::Inferred)
            }
            RawValue::Relative(shift) => {
                let last = self.last_day?;
                if last.section != self.section || block - last.block > RELATIVE_WINDOW {
                    return None;
                }
                let value = match shift {
                    Shift::Days(days) => Timex::Day(last.date.add_days(days)),
                    Shift::Months(months) => {
                        let date = last.date.add_months(months);
                        Timex::Month {
                            year: date.year(),
                            month: date.month(),
                        }
                    }
                    Shift::Years(years) => Timex::Year(last.date.year() + years),
                };
                (value, How::Relative)
            }
        };
        let (value, how) = match value {
            Timex::Day(date) if raw.shift_days != 0 => {
                (Timex::Day(date.add_days(raw.shift_days)), How::Relative)
            }
            _ => (value, how),
        };
        self.advance(block, value);
        Some(Mention {
            block,
            range: raw.range.clone(),
            value,
            modifier: raw.modifier,
            how,
            range_role: raw.role,
        })
    }

    /// Days and months move the narrative on; years, decades and centuries are most
    /// often asides ("since the revolution of 1789") and leave it where it was.
    fn advance(&mut self, block: usize, value: Timex) {
        let Some(span) = value.date_span() else {
            return;
        };
        let granularity = value.granularity();
        match granularity {
            Granularity::Day => {
                self.last_day = Some(LastDay {
                    date: span.first,
                    block,
                    section: self.section,
                });
            }
            Granularity::Month | Granularity::Season => {}
            _ => return,
        }
        self.anchor = Some(Anchor {
            date: span.first,
            granularity,
        });
    }

    /// What the narrative so far points at: the latest day or month, else the open
    /// heading's dates, else the start of the document's span, else its publication.
    fn reference(&self) -> Option<Date> {
        if let Some(anchor) = self.anchor {
            return Some(anchor.date);
        }
        if let Some(span) = self.heading_span().or(self.document) {
            return Some(span.first);
        }
        Date::new(self.published_year?, 1, 1)
    }

    /// The year for a day or month written without one. Candidates are the years
    /// around the reference; a date inside the open heading's span wins, then one
    /// inside the document's span, then the nearest to the reference, where going
    /// forward costs half as much as going back because narratives mostly move on.
    fn infer_year(&self, month: u8, day: Option<u8>) -> Option<i32> {
        let reference = self.reference()?;
        let heading = self.heading_span();
        let document = self
            .document
            .filter(|span| self.anchor.is_none() || span.contains(reference));
        let overlaps = |span: Option<DateSpan>, days: DateSpan| {
            span.is_some_and(|s| s.first <= days.last && days.first <= s.last)
        };
        let mut best: Option<((bool, bool, i64), i32)> = None;
        for year in reference.year() - 1..=reference.year() + 1 {
            let days = match day {
                Some(day) => match Date::new(year, month, day) {
                    Some(date) => DateSpan::day(date),
                    None => continue,
                },
                None => match DateSpan::month(year, month) {
                    Some(span) => span,
                    None => continue,
                },
            };
            let distance = if days.last < reference {
                2 * (reference.to_days() - days.last.to_days())
            } else if days.first > reference {
                days.first.to_days() - reference.to_days()
            } else {
                0
            };
            let key = (
                !overlaps(heading, days),
                !overlaps(document, days),
                distance,
            );
            if best.is_none_or(|(best_key, _)| key < best_key) {
                best = Some((key, year));
            }
        }
        best.map(|(_, year)| year)
    }

    /// Puts a two-digit year ("’71", "the 60s") in the document's own years if it
    /// fits there, else in the century nearest the reference.
    fn complete_year(&self, short: i32) -> Option<i32> {
        let reference = self.reference()?.year();
        let century = reference.div_euclid(100) * 100;
        let candidates = [century - 100, century, century + 100].map(|c| c + short);
        let in_document = |year: &i32| {
            self.document.is_some_and(|span| {
                (span.first.year()..=span.last.year()).contains(year)
                    || (span.first.year() / 10..=span.last.year() / 10).contains(&(year / 10))
                        && short % 10 == 0
            })
        };
        candidates.iter().copied().find(in_document).or_else(|| {
            candidates
                .into_iter()
                .min_by_key(|year| (year - reference).abs())
        })
    }
}
