//! The temporal tagger: finds date expressions in a document's blocks and gives each
//! a TIMEX3 value, filling in what the text leaves unwritten the way a careful reader
//! does — from the narrative so far, the section heading and the years the document
//! is about.
//!
//! Two passes: [`super::rules`] reads each block on its own; the resolver then walks
//! the document in reading order, so a year, month or reference day can only come
//! from what a reader has already seen (or, failing that, from the document's span).
//!
//! The resolver keeps two days: the narrative's latest day, which "the next day" and
//! "on the Monday" count from, and the day the writer writes on, given by a diary's
//! or a letter's dateline ("Jan. 5.—", "Paris, March 19, 1871."), which "yesterday",
//! "this morning", "Sunday last" and a letter's "the 28th ult." count from. Not every
//! date moves the narrative: one in a note, after "since", in the writer's perfect
//! ("as I have seen only on the 4th of September"), before the document's years in
//! passing, or earlier than a day its sentence has already reached, is a look back.

use super::date::{Date, DateSpan, Weekday};
use super::rules::{self, Cue, Direction, Feast, Raw, RawValue, Shift};
use super::scan::{self, Cx};
use super::timex::{Granularity, Modifier, Timex};
use crate::model::NumericDates;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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
    /// The days the reader's texts are about (the events catalog's `period`). A
    /// document that writes no year at all (a diary's chapter, a despatch, an
    /// excerpt) is read in it, as a historian reads it: in a collection on the
    /// Commune, a siege diary's "September 18th" is 1870 and a despatch's "the 22d
    /// of May" 1871. A tie between the years a document writes goes to it too.
    pub subject: Option<DateSpan>,
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
    /// The date only names an event or a landmark beside the story ("the March
    /// 18th insurrection", "on the eve of March 18th"), or closes the stretch
    /// told before it ("Until September 4th 1870"): mentioned, not narrated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub landmark: bool,
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
    let mut cues: Vec<(usize, Cue)> = Vec::new();
    let mut block_raws = Vec::new();
    let mut block_cues = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        scan::tokenize(block.text, &mut tokens);
        let cx = Cx {
            text: block.text,
            toks: &tokens,
        };
        block_raws.clear();
        rules::scan(&cx, &mut block_raws);
        raws.extend(block_raws.drain(..).map(|raw| (index, raw)));
        block_cues.clear();
        rules::cues(&cx, &mut block_cues);
        cues.extend(block_cues.drain(..).map(|cue| (index, cue)));
    }
    let numeric = options
        .numeric
        .unwrap_or_else(|| numeric_convention(raws.iter().map(|(_, raw)| raw)));
    let (span, dated) = document_span(raws.iter().map(|(_, raw)| raw), numeric, options.subject);
    let span = span.or(options.subject);
    let written = written_years(raws.iter().map(|(_, raw)| raw));
    let mut resolver = Resolver {
        numeric,
        published_year: options.published_year,
        document: span,
        document_dated: dated,
        written,
        headings: Vec::new(),
        global: Narrative::default(),
        scene: None,
        places: HashMap::new(),
        sentence_places: Vec::new(),
        sentence_explicit: None,
        section: 0,
        speech: None,
        sentence_latest_day: None,
    };
    let mut mentions = Vec::with_capacity(raws.len());
    let (mut next, mut next_cue) = (0, 0);
    for (index, block) in blocks.iter().enumerate() {
        let level = block.heading_level;
        if let Some(level) = level {
            resolver.open_heading(level);
        }
        resolver.end_sentence(block.text);
        resolver.scene = None;
        let first_mention = mentions.len();
        while next < raws.len() && raws[next].0 == index {
            let raw = &raws[next].1;
            while next_cue < cues.len()
                && cues[next_cue].0 == index
                && cues[next_cue].1.at() <= raw.range.start
            {
                resolver.cue(index, block.text, &cues[next_cue].1);
                next_cue += 1;
            }
            if let Some(mention) = resolver.resolve(index, raw) {
                mentions.push(mention);
            }
            next += 1;
        }
        while next_cue < cues.len() && cues[next_cue].0 == index {
            resolver.cue(index, block.text, &cues[next_cue].1);
            next_cue += 1;
        }
        resolver.end_sentence(block.text);
        if let Some(level) = level {
            resolver.close_heading(level, &mentions[first_mention..]);
        }
    }
    mentions.sort_by_key(|m| (m.block, m.range.start));
    mentions
}

/// `from` moved by `shift`: a day for days and weeks, a month or a year otherwise.
fn shifted(from: Date, shift: Shift) -> Timex {
    match shift {
        Shift::Days(days) => Timex::Day(from.add_days(days)),
        Shift::Months(months) => {
            let date = from.add_months(months);
            Timex::Month {
                year: date.year(),
                month: date.month(),
            }
        }
        Shift::Years(years) => Timex::Year(from.year() + years),
    }
}

/// The day named `weekday` before, after or nearest `from`.
fn weekday_from(from: Date, weekday: Weekday, direction: Direction) -> Date {
    let offsets: &[i64] = match direction {
        Direction::Past => &[-1, -2, -3, -4, -5, -6, -7],
        Direction::Future => &[1, 2, 3, 4, 5, 6, 7],
        // Backwards first on a tie: a narrative mostly tells what is done.
        Direction::Nearest => &[0, -1, 1, -2, 2, -3, 3],
    };
    offsets
        .iter()
        .map(|&days| from.add_days(days))
        .find(|date| date.weekday() == weekday)
        .unwrap_or(from)
}

fn feast_day(feast: Feast, year: i32) -> Option<Date> {
    match feast {
        Feast::Movable(days) => Some(Date::easter(year).add_days(days)),
        Feast::Fixed(month, day) => Date::new(year, month, day),
    }
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
fn document_span<'r>(
    raws: impl Iterator<Item = &'r Raw>,
    order: NumericDates,
    subject: Option<DateSpan>,
) -> (Option<DateSpan>, bool) {
    let mut written: Vec<(i32, Option<DateSpan>)> = Vec::new();
    // A year written alone is most often an aside ("since 1822"); a dated day or
    // month, or a year heading a journal's entries, is what the document tells.
    let mut weights: Vec<(i32, usize)> = Vec::new();
    for raw in raws {
        let entry = match raw.value {
            RawValue::Calendar {
                month,
                day,
                year: Some(year),
                year_borrowed: false,
                ..
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
            RawValue::Feast {
                feast,
                year: Some(year),
            } => (year, feast_day(feast, year).map(DateSpan::day)),
            _ => continue,
        };
        let weight = if entry.1.is_some() || raw.dateline {
            2
        } else {
            1
        };
        weights.push((entry.0, weight));
        written.push(entry);
    }
    if written.is_empty() {
        return (None, false);
    }
    weights.sort_unstable();
    // Runs of years with no gap longer than a year; the run with most weight wins; on
    // a tie the run in the reader's subject (a page on the Hôtel de Ville that dates
    // both 17 July 1789 and March 1871 is about 1871), else the earliest.
    let subject = subject.map(|span| span.first.year()..=span.last.year());
    let mut best: Option<((usize, bool), i32, i32)> = None;
    let mut start = 0;
    for end in 1..=weights.len() {
        if end == weights.len() || weights[end].0 - weights[end - 1].0 > 1 {
            let weight = weights[start..end].iter().map(|&(_, w)| w).sum();
            let (from, to) = (weights[start].0, weights[end - 1].0);
            let in_subject = subject
                .as_ref()
                .is_some_and(|years| from <= *years.end() && *years.start() <= to);
            if best.is_none_or(|(key, _, _)| (weight, in_subject) > key) {
                best = Some(((weight, in_subject), from, to));
            }
            start = end;
        }
    }
    let Some((_, from, to)) = best else {
        return (None, false);
    };
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
    let dated = span.is_some();
    let span = span.unwrap_or(DateSpan {
        first: DateSpan::year(from).first,
        last: DateSpan::year(to).last,
    });
    (Some(span), dated)
}

/// The years written in full for each day and month, in reading order.
fn written_years<'r>(raws: impl Iterator<Item = &'r Raw>) -> HashMap<(u8, u8), Vec<i32>> {
    let mut written: HashMap<(u8, u8), Vec<i32>> = HashMap::new();
    for raw in raws {
        if let RawValue::Calendar {
            month,
            day,
            year: Some(year),
            year_borrowed: false,
            ..
        } = raw.value
        {
            written
                .entry((month, day.unwrap_or(0)))
                .or_default()
                .push(year);
        }
    }
    written
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

/// Where the narrative stands.
#[derive(Debug, Clone, Copy, Default)]
struct Narrative {
    /// The latest day or month: what an unwritten year is read against.
    anchor: Option<Anchor>,
    /// The latest day, for relative expressions.
    last_day: Option<LastDay>,
}

/// Two places whose timelines are further apart than this are two stories told in
/// parallel (Paris 1871 and Petrograd 1917), not one story moving between places.
const PARALLEL_TIMELINES_DAYS: i64 = 366;

struct Resolver {
    numeric: NumericDates,
    published_year: Option<i32>,
    document: Option<DateSpan>,
    /// The span comes from days and months written with their year, not from years
    /// alone ("in the spring of 1872", "in 1880"), which a memoir writes in passing.
    document_dated: bool,
    /// The years the document writes for each day (`(month, day)`) or month (`(month, 0)`).
    written: HashMap<(u8, u8), Vec<i32>>,
    /// Open headings, outermost first, with the span their dates cover.
    headings: Vec<(u8, Option<DateSpan>)>,
    /// The narrative as the reader follows it through the document.
    global: Narrative,
    /// Within a paragraph that returned to a place's own timeline ("In Paris, …"),
    /// that timeline; relative dates there do not move the document's narrative.
    scene: Option<Narrative>,
    /// The timeline of each place, as of the latest sentence dating something there.
    places: HashMap<String, Narrative>,
    sentence_places: Vec<Range<usize>>,
    /// The narrative right after the sentence's latest written (not relative) date.
    sentence_explicit: Option<Narrative>,
    section: usize,
    /// The day the writer writes on, from the latest dateline of the section: what
    /// "yesterday", "to-day" and "Sunday last" count from in a diary or a letter.
    speech: Option<Date>,
    /// The latest day the current sentence has moved the narrative to.
    sentence_latest_day: Option<Date>,
}

impl Resolver {
    fn open_heading(&mut self, level: u8) {
        while self.headings.last().is_some_and(|&(open, _)| open >= level) {
            self.headings.pop();
        }
        self.section += 1;
        self.speech = None;
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

    fn now(&self) -> Narrative {
        self.scene.unwrap_or(self.global)
    }

    fn cue(&mut self, block: usize, text: &str, cue: &Cue) {
        match cue {
            Cue::Sentence(_) => {
                self.end_sentence(text);
                self.sentence_latest_day = None;
            }
            Cue::Place { name, opens, .. } => {
                self.sentence_places.push(name.clone());
                if *opens {
                    self.enter_place(block, text.get(name.clone()).unwrap_or(""));
                }
            }
        }
    }

    /// A sentence opening on a place whose timeline is far from the narrative's
    /// returns to that timeline for the rest of the paragraph; one opening on any
    /// other place returns to the narrative.
    fn enter_place(&mut self, block: usize, name: &str) {
        self.scene = None;
        let Some(remembered) = self.places.get(name).copied() else {
            return;
        };
        let (Some(there), Some(here)) = (remembered.anchor, self.global.anchor) else {
            return;
        };
        if (there.date.to_days() - here.date.to_days()).abs() < PARALLEL_TIMELINES_DAYS {
            return;
        }
        let last_day = remembered.last_day.map(|day| LastDay {
            block,
            section: self.section,
            ..day
        });
        self.scene = Some(Narrative {
            anchor: remembered.anchor,
            last_day,
        });
    }

    fn end_sentence(&mut self, text: &str) {
        if let Some(narrative) = self.sentence_explicit.take() {
            for name in &self.sentence_places {
                if let Some(name) = text.get(name.clone()) {
                    self.places.insert(name.to_string(), narrative);
                }
            }
        }
        self.sentence_places.clear();
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
                weekday,
            } => {
                let (year, how) = match year {
                    Some(year) if year_borrowed => (year, How::Inferred),
                    Some(year) => (year, How::Written),
                    None => {
                        let by_weekday = day
                            .zip(weekday)
                            .and_then(|(day, weekday)| self.year_by_weekday(month, day, weekday));
                        match by_weekday {
                            Some(year) => (year, How::Inferred),
                            None => (self.infer_year(month, day, raw)?, How::Inferred),
                        }
                    }
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
            RawValue::DayOnly { day, weekday } => {
                let anchor = self.now().anchor?;
                if anchor.granularity > Granularity::Month {
                    return None;
                }
                let month = Date::first_of_month(anchor.date.year(), anchor.date.month())?;
                let in_month = |shift: i32| {
                    let first = month.add_months(shift);
                    Date::new(first.year(), first.month(), day)
                };
                let date = match weekday {
                    // The month in which that day has that weekday: the story's, else
                    // the next, else the one before.
                    Some(weekday) => [0, 1, -1]
                        .into_iter()
                        .filter_map(in_month)
                        .find(|date| date.weekday() == weekday)
                        .or_else(|| in_month(0))?,
                    // A journal's entries move on: an entry headed by a day before the
                    // last entry's is in the next month.
                    None if raw.dateline
                        && anchor.granularity == Granularity::Day
                        && day < anchor.date.day() =>
                    {
                        in_month(1)?
                    }
                    None => in_month(0)?,
                };
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
            RawValue::SeasonOfShortYear { season, short } => (
                Timex::Season {
                    year: self.complete_year(i32::from(short))?,
                    season,
                },
                How::Inferred,
            ),
            RawValue::TwoDigitDecade(short) => {
                let year = self.complete_year(i32::from(short) * 10)?;
                (Timex::Decade(year / 10), How::Inferred)
            }
            RawValue::LetterDay { day, months } => {
                // A letter's month is its dateline's; without one, the narrative's.
                let month = match self.speech {
                    Some(date) => date,
                    None => {
                        let anchor = self.now().anchor?;
                        if anchor.granularity > Granularity::Month {
                            return None;
                        }
                        anchor.date
                    }
                };
                let month = Date::first_of_month(month.year(), month.month())?.add_months(months);
                let date = Date::new(month.year(), month.month(), day)?;
                (Timex::Day(date), How::Inferred)
            }
            RawValue::Relative(shift) => {
                let last = self.recent_day(block)?;
                (shifted(last, shift), How::Relative)
            }
            RawValue::Deictic {
                shift,
                or_narrative,
            } => {
                let from = match self.speech {
                    Some(date) => date,
                    None if or_narrative => self.recent_day(block)?,
                    None => return None,
                };
                (shifted(from, shift), How::Relative)
            }
            RawValue::Weekday {
                weekday,
                direction,
                deictic,
            } => {
                // "Sunday last" counts from the letter's day; "on the Monday" from the
                // story's.
                let from = if deictic {
                    self.speech.or_else(|| self.recent_day(block))?
                } else {
                    self.recent_day(block).or(self.speech)?
                };
                (
                    Timex::Day(weekday_from(from, weekday, direction)),
                    How::Relative,
                )
            }
            RawValue::Feast { feast, year } => {
                let on = |year: i32| feast_day(feast, year).map(DateSpan::day);
                match year {
                    Some(year) => (Timex::Day(feast_day(feast, year)?), How::Written),
                    None => {
                        let year = self.infer_year_of(on, raw)?;
                        (Timex::Day(feast_day(feast, year)?), How::Inferred)
                    }
                }
            }
        };
        let (value, how) = match value {
            Timex::Day(date) if raw.shift_days != 0 => {
                (Timex::Day(date.add_days(raw.shift_days)), How::Relative)
            }
            _ => (value, how),
        };
        let written = how != How::Relative;
        if raw.dateline {
            match value {
                Timex::Day(date) => self.speech = Some(date),
                // "1871." over a journal's entries: the year they are in.
                Timex::Year(year) => {
                    self.global.anchor = Date::new(year, 1, 1).map(|date| Anchor {
                        date,
                        granularity: Granularity::Year,
                    });
                }
                _ => {}
            }
        }
        if self.moves_narrative(raw, value) {
            self.advance(block, value, written);
        }
        Some(Mention {
            block,
            range: raw.range.clone(),
            value,
            modifier: raw.modifier,
            how,
            range_role: raw.role,
            landmark: raw.landmark,
        })
    }

    /// The narrative's latest day, if recent enough for "the next day" to follow it.
    fn recent_day(&self, block: usize) -> Option<Date> {
        let last = self.now().last_day?;
        if last.section != self.section || block - last.block > RELATIVE_WINDOW {
            return None;
        }
        Some(last.date)
    }

    /// A date said in passing does not move the narrative: one in a note or after
    /// "since"; a letter's "the 28th ult." (another month than the letter's); and one
    /// before the years the document is about that does not open its sentence ("as
    /// on the 2nd of December 1851", "the insurrection of June 1848"). "In February
    /// 1848, …" does, and the story then is in 1848. A date after the document's
    /// years moves it even in passing: a jump forward usually begins a comparison
    /// or an epilogue that the text goes on with ("with November 7, 1917").
    fn moves_narrative(&self, raw: &Raw, value: Timex) -> bool {
        if raw.aside || matches!(raw.value, RawValue::LetterDay { months, .. } if months != 0) {
            return false;
        }
        // "the Column, which had been thrown down five days before": a look back.
        let backwards = raw.shift_days < 0
            || matches!(raw.value, RawValue::Relative(Shift::Days(days)) if days < 0);
        if raw.anterior && backwards {
            return false;
        }
        let (Some(document), Some(span)) = (self.document, value.date_span()) else {
            return true;
        };
        span.last.year() >= document.first.year() || raw.opens || !self.document_dated
    }

    /// Days and months move the narrative on; years, decades and centuries are most
    /// often asides ("since the revolution of 1789") and leave it where it was. Within
    /// a sentence, a day before one the sentence has already reached is a look back
    /// ("On the 31st, at the news that Metz had fallen on the 27th, …"): the story
    /// stays on the later day.
    fn advance(&mut self, block: usize, value: Timex, written: bool) {
        let Some(span) = value.date_span() else {
            return;
        };
        let granularity = value.granularity();
        if granularity > Granularity::Season {
            return;
        }
        if granularity == Granularity::Day {
            if self
                .sentence_latest_day
                .is_some_and(|latest| span.first < latest)
            {
                return;
            }
            self.sentence_latest_day = Some(span.first);
        }
        let anchor = Anchor {
            date: span.first,
            granularity,
        };
        let day = (granularity == Granularity::Day).then_some(LastDay {
            date: span.first,
            block,
            section: self.section,
        });
        let apply = |narrative: &mut Narrative| {
            narrative.anchor = Some(anchor);
            if day.is_some() {
                narrative.last_day = day;
            }
        };
        match &mut self.scene {
            Some(scene) => {
                apply(scene);
                if written {
                    apply(&mut self.global);
                }
            }
            None => apply(&mut self.global),
        }
        if written {
            self.sentence_explicit = Some(self.now());
        }
    }

    /// What the narrative so far points at: the latest day or month, else the open
    /// heading's dates, else the start of the document's span, else its publication.
    fn reference(&self) -> Option<Date> {
        if let Some(anchor) = self.now().anchor {
            return Some(anchor.date);
        }
        if let Some(span) = self.heading_span().or(self.document) {
            return Some(span.first);
        }
        Date::new(self.published_year?, 1, 1)
    }

    /// The year for a day or month written without one: in a digression, the year
    /// the document writes for that day elsewhere; else see [`Resolver::infer_year_of`].
    fn infer_year(&self, month: u8, day: Option<u8>, raw: &Raw) -> Option<i32> {
        // A digression only borrows the year of a day the document writes in full:
        // a bare month ("in October") is too common to identify an episode.
        let digression = match (self.now().anchor, self.document) {
            (None, _) => true,
            (Some(anchor), Some(span)) => day.is_some() && !span.contains(anchor.date),
            (Some(_), None) => false,
        };
        if digression
            && self.heading_span().is_none()
            && let Some(year) = self.written_elsewhere(month, day)
        {
            return Some(year);
        }
        self.infer_year_of(
            |year| match day {
                Some(day) => Date::new(year, month, day).map(DateSpan::day),
                None => DateSpan::month(year, month),
            },
            raw,
        )
    }

    /// The year in which `days_in` (the days a date names in a given year) falls best:
    /// inside the open heading's span, then inside the document's span, then nearest
    /// the reference, where going forward costs half as much as going back because
    /// narratives mostly move on. A date told in the past perfect ("the Empire had
    /// fallen on the 4th of September") lies before the story's present, so for it
    /// going back is cheap and going forward costs four times as much.
    fn infer_year_of(&self, days_in: impl Fn(i32) -> Option<DateSpan>, raw: &Raw) -> Option<i32> {
        let reference = self.reference()?;
        let heading = self.heading_span();
        // The document's span counts while the narrative is within its years; a
        // story that has moved to 1917 reads "October" in 1917.
        let document = self.document.filter(|span| {
            self.now().anchor.is_none()
                || (span.first.year()..=span.last.year()).contains(&reference.year())
        });
        let overlaps = |span: Option<DateSpan>, days: DateSpan| {
            span.is_some_and(|s| s.first <= days.last && days.first <= s.last)
        };
        // A letter or a diary tells from its writer's day what has happened: from that
        // day a day without its year is looked for behind first ("I came back on the
        // 8th of September", written on 30 April 1871, is 1870).
        let (back_cost, forward_cost) = if raw.anterior {
            (1, 4)
        } else if self.speech == Some(reference) {
            (1, 2)
        } else {
            (2, 1)
        };
        let mut best: Option<((bool, bool, bool, i64), i32)> = None;
        for year in reference.year() - 1..=reference.year() + 1 {
            let Some(days) = days_in(year) else {
                continue;
            };
            let distance = if days.last < reference {
                back_cost * (reference.to_days() - days.last.to_days())
            } else if days.first > reference {
                forward_cost * (days.first.to_days() - reference.to_days())
            } else {
                0
            };
            // "the 16th of December following" is after the story's present, whatever
            // the spans say.
            let key = (
                raw.later && days.first <= reference,
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

    /// "Sunday 28 March": the year in which that day is a Sunday, among the years the
    /// document writes (and its publication year), else around the reference; the
    /// nearest to the reference wins.
    fn year_by_weekday(&self, month: u8, day: u8, weekday: Weekday) -> Option<i32> {
        let reference = self.reference()?.year();
        let fits =
            |year: &i32| Date::new(*year, month, day).is_some_and(|d| d.weekday() == weekday);
        let nearest = |years: &mut dyn Iterator<Item = i32>| {
            years
                .filter(fits)
                .min_by_key(|year| (year - reference).abs())
        };
        let mut written = self
            .written
            .values()
            .flatten()
            .copied()
            .chain(self.published_year);
        nearest(&mut written).or_else(|| nearest(&mut (reference - 1..=reference + 1)))
    }

    /// Before the narrative has a date, or while it digresses outside the document's
    /// span, "the March 18th insurrection" is read as the document itself dates March
    /// 18 where it writes the year (most often, then first).
    fn written_elsewhere(&self, month: u8, day: Option<u8>) -> Option<i32> {
        let years = self.written.get(&(month, day.unwrap_or(0)))?;
        let mut best: Option<(usize, i32)> = None;
        for &year in years {
            let count = years.iter().filter(|&&y| y == year).count();
            if best.is_none_or(|(n, _)| count > n) {
                best = Some((count, year));
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
        // Outside the document's years, an elided year is one the writer looks back
        // on: "a return to '93" written in 1871 is 1793, not 1893.
        let now = reference.max(self.published_year.unwrap_or(reference));
        candidates.iter().copied().find(in_document).or_else(|| {
            let past = candidates.iter().copied().filter(|&year| year <= now);
            past.min_by_key(|year| (year - reference).abs())
                .or_else(|| {
                    candidates
                        .into_iter()
                        .min_by_key(|year| (year - reference).abs())
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::events::EventCatalog;
    use rstest::rstest;

    /// What the reader tells the tagger of any document: the bundled
    /// catalog's period.
    fn reader_options() -> TagOptions {
        TagOptions {
            subject: EventCatalog::bundled().period(),
            ..TagOptions::default()
        }
    }

    /// Renders mentions as `text=value`, then ` i`/` r` for inferred/relative, the
    /// modifier, and ` <`/` >` for the start/end of a range.
    fn render(blocks: &[TagBlock], options: &TagOptions) -> Vec<String> {
        tag_document(blocks, options)
            .iter()
            .map(|m| {
                let mut out = format!(
                    "{}={}",
                    &blocks[m.block].text[m.range.clone()],
                    m.value.value()
                );
                match m.how {
                    How::Written => {}
                    How::Inferred => out.push_str(" i"),
                    How::Relative => out.push_str(" r"),
                }
                if let Some(modifier) = m.modifier {
                    out.push(' ');
                    out.push_str(modifier.code());
                }
                match m.range_role {
                    Some(RangeRole::Start) => out.push_str(" <"),
                    Some(RangeRole::End) => out.push_str(" >"),
                    None => {}
                }
                out
            })
            .collect()
    }

    fn paragraphs<'a>(texts: &[&'a str]) -> Vec<TagBlock<'a>> {
        texts
            .iter()
            .map(|text| TagBlock {
                text,
                heading_level: None,
            })
            .collect()
    }

    fn tag(texts: &[&str]) -> Vec<String> {
        render(&paragraphs(texts), &reader_options())
    }

    #[rstest]
    #[case("On 18 March 1871 the guns were taken.", &["18 March 1871=1871-03-18"])]
    #[case("March 18th 1871 was a Saturday.", &["March 18th 1871=1871-03-18"])]
    #[case("War was declared on 19 July 1870.", &["19 July 1870=1870-07-19"])]
    #[case("War was declared on July 19, 1870, by France.", &["July 19, 1870=1870-07-19"])]
    #[case("The March 18 th 1871 insurrection", &["March 18 th 1871=1871-03-18"])]
    #[case("It fell on Sept. 4, 1870.", &["Sept. 4, 1870=1870-09-04"])]
    #[case("It fell on Sept 4 1870.", &["Sept 4 1870=1870-09-04"])]
    #[case("on the 18th of March, 1871", &["18th of March, 1871=1871-03-18"])]
    #[case("on the first of May 1871", &["first of May 1871=1871-05-01"])]
    #[case("the comparison with November 7, 1917", &["November 7, 1917=1917-11-07"])]
    #[case("Leon Trotsky, February 4, 1921", &["February 4, 1921=1921-02-04"])]
    #[case("In February 1848, the proletariat was in arms.", &["February 1848=1848-02"])]
    #[case("By April 1871 the mood had changed.", &["April 1871=1871-04"])]
    #[case("Dec. 1870 was cold.", &["Dec. 1870=1870-12"])]
    #[case("in 1864, in London", &["1864=1864"])]
    #[case("the French Revolution of 1789", &["1789=1789"])]
    #[case("especially in 1834 and 1848 in Lyon", &["1834=1834", "1848=1848"])]
    #[case("Strikes multiplied from 1868 on.", &["1868=1868"])]
    #[case("the war (1870) ended", &["1870=1870"])]
    #[case("Michel, Libertalia 2017, 1st edition 1909.", &["2017=2017", "1909=1909"])]
    #[case("the Austro-Prussian War of 1866-67", &["1866-67=1866/1867"])]
    #[case("The proletariat was storming heaven in 1870-71.", &["1870-71=1870/1871"])]
    #[case("PARIS 1870-1871", &["1870-1871=1870/1871"])]
    #[case("between 1868 and 1870", &["1868=1868 <", "1870=1870 >"])]
    #[case("in the 1850s", &["1850s=185X"])]
    #[case("in the 1800s", &["1800s=18"])]
    #[case("the last revolution of the 19th century", &["19th century=18"])]
    #[case("a 19th-century city", &["19th-century=18"])]
    #[case("During the eighteenth century, the bourgeois", &["eighteenth century=17"])]
    #[case("in the 20th century", &["20th century=19"])]
    #[case("in the autumn of 1870", &["autumn of 1870=1870-FA"])]
    #[case("summer 1870 was hot", &["summer 1870=1870-SU"])]
    #[case("In the spring of 1870 four federations", &["spring of 1870=1870-SP"])]
    #[case("the winter of 1870-71", &["winter of 1870-71=1870-WI"])]
    #[case("in early May 1871", &["early May 1871=1871-05 START"])]
    #[case("by mid-May 1871", &["mid-May 1871=1871-05 MID"])]
    #[case("at the end of April 1871", &["end of April 1871=1871-04 END"])]
    #[case("From the beginning of August 1870, defeats", &["beginning of August 1870=1870-08 START"])]
    #[case("in late March 1871", &["late March 1871=1871-03 END"])]
    #[case("in mid-1870", &["mid-1870=1870 MID"])]
    #[case("a letter of 5/30/1871", &["5/30/1871=1871-05-30"])]
    #[case("the lead-up to the 1917 revolution", &["1917=1917"])]
    #[case("the attempts of May 12th and 13th 1839", &["May 12th=1839-05-12 i", "13th 1839=1839-05-13"])]
    #[case("on 12 and 13 May 1839", &["12=1839-05-12 i", "13 May 1839=1839-05-13"])]
    #[case("stored as 1871-03-18 in the file", &["1871-03-18=1871-03-18"])]
    #[case("The deputies met on February 12,1871.", &["February 12,1871=1871-02-12"])]
    #[case("See the Rappel, Nov. 6, 8, 9, 1870.", &["Nov. 6=1870-11-06 i", "8=1870-11-08 i", "9, 1870=1870-11-09"])]
    #[case("Reports of March 6, 7 and 9, 1871.", &["March 6=1871-03-06 i", "7=1871-03-07 i", "9, 1871=1871-03-09"])]
    #[case("On 1 April 1871 they met; by April 3, 4 battalions had gone over.", &["1 April 1871=1871-04-01", "April 3=1871-04-03 i"])]
    #[case("On 2 June 1871 he said Saint-Just fell on the 10th Thermidor, and Bonaparte rose on the 18th Brumaire.", &["2 June 1871=1871-06-02"])]
    #[case("Dated Nov. 3,1870, at Tours.", &["Nov. 3,1870=1870-11-03"])]
    fn written_dates(#[case] text: &str, #[case] expected: &[&str]) {
        assert_eq!(tag(&[text]), expected);
    }

    #[rstest]
    #[case("The Commune lasted 72 days.")]
    #[case("It lasted six months, for three weeks of fighting.")]
    #[case("He arrived at 3 o'clock, left at 10:30 and came back at 8.30.")]
    #[case("They paid 1,000 francs to 1,200 men.")]
    #[case("A force of 1500 soldiers and 2000 men.")]
    #[case("See page 18 and pages 1870 to 1871 pages.")]
    #[case("The 150th anniversary of the Commune.")]
    #[case("The mayor of the 13th district and the 13th arrondissement.")]
    #[case("The 61st battalion joined the 208th battalion.")]
    #[case("Members of the 1st International met.")]
    #[case("Under the Fifth Republic, in 72 hours.")]
    #[case("There were 1,000 of them, in 72.")]
    #[case("He was 18 years old at 12 rue de la Paix.")]
    #[case("The armed demonstration of the July Days.")]
    #[case("You may go; they march on Versailles; MARCH ON.")]
    #[case("Hôtel-de-Ville4 and a pretext3, see [3] and impetus.”1")]
    #[case("Napoleon III resorted to a plebiscite.")]
    #[case("The 3rd day of the siege, the 4th of the battalions.")]
    #[case("A thousand meetings in 1,871 places.")]
    #[case("The day after the vote, the next week.")]
    #[case("Room 1871 is on the left.")]
    #[case("The 1200 men of the 13th and 14th districts.")]
    #[case("The gates were given up by the 5th and the 115th battalions.")]
    fn traps_are_not_dates(#[case] text: &str) {
        assert_eq!(tag(&[text]), Vec::<String>::new());
    }

    #[rstest]
    #[case(&["On 19 July 1870 war was declared.", "On 2 September the emperor surrendered."], &["19 July 1870=1870-07-19", "2 September=1870-09-02 i"])]
    #[case(&["On August 9th 1870 they marched. On the 10 th numerous troops came. On the 14th pressure was high."], &["August 9th 1870=1870-08-09", "10 th=1870-08-10 i", "14th=1870-08-14 i"])]
    #[case(&["The news arrived on October 27th 1870 but did not reach Paris until the 31st."], &["October 27th 1870=1870-10-27", "31st=1870-10-31 i"])]
    #[case(&["On 28 January 1871 the armistice was signed.", "On 8 February an Assembly was elected."], &["28 January 1871=1871-01-28", "8 February=1871-02-08 i"])]
    #[case(&["In February 1848 Paris rose.", "At the end of June, the revolution was drowned."], &["February 1848=1848-02", "end of June=1848-06 i END"])]
    #[case(&["On December 20, 1870 a sortie failed.", "On January 5 the bombardment began."], &["December 20, 1870=1870-12-20", "January 5=1871-01-05 i"])]
    #[case(&["In 1864 the International was founded.", "The 60s were hard."], &["1864=1864", "60s=186X i"])]
    #[case(&["The Commune of 1871 was crushed.", "Those fighters of ’71 were heroes."], &["1871=1871", "’71=1871 i"])]
    #[case(&["The months of August, September, and October 1917 saw a flux."], &["August=1917-08 i", "September=1917-09 i", "October 1917=1917-10"])]
    #[case(&["On 2 September 1870 Sedan fell.", "In October the clubs met; in November they hid."], &["2 September 1870=1870-09-02", "October=1870-10 i", "November=1870-11 i"])]
    fn years_and_months_come_from_the_narrative(#[case] texts: &[&str], #[case] expected: &[&str]) {
        assert_eq!(tag(texts), expected);
    }

    #[test]
    fn a_2021_article_about_1871_reads_18_march_as_1871() {
        let blocks = paragraphs(&[
            "On 18 March the cannons of Montmartre were seized.",
            "The Commune was proclaimed on 28 March 1871 and fell on 28 May 1871.",
        ]);
        let options = TagOptions {
            numeric: None,
            published_year: Some(2021),
            subject: EventCatalog::bundled().period(),
        };
        assert_eq!(
            render(&blocks, &options),
            [
                "18 March=1871-03-18 i",
                "28 March 1871=1871-03-28",
                "28 May 1871=1871-05-28"
            ]
        );
    }

    #[test]
    fn a_flashback_keeps_the_year_inside_the_documents_span() {
        // September 4 1871 is nearer 18 March 1871 than September 4 1870 is, but the
        // document is about July 1870 – May 1871.
        let texts = [
            "War was declared on 19 July 1870.",
            "On 18 March 1871 the cannons were seized; the Commune fell on 28 May 1871.",
            "The Republic born on September 4 had shown its face.",
        ];
        assert_eq!(tag(&texts)[3], "September 4=1870-09-04 i");
    }

    #[test]
    fn with_no_year_written_the_subject_period_gives_it() {
        // A chapter of a siege diary or a despatch that never writes its year is read
        // in the war and the Commune, whatever the publication year.
        assert_eq!(
            tag(&["On 18 March the cannons were seized."]),
            ["18 March=1871-03-18 i"]
        );
        let options = TagOptions {
            numeric: None,
            published_year: Some(2021),
            subject: EventCatalog::bundled().period(),
        };
        let blocks = paragraphs(&["On 18 March the cannons were seized."]);
        assert_eq!(render(&blocks, &options), ["18 March=1871-03-18 i"]);
        // Without a period to go by, a year no one wrote is left out.
        let unknown = TagOptions {
            subject: None,
            ..options
        };
        assert_eq!(render(&blocks, &unknown), ["18 March=2021-03-18 i"]);
        assert_eq!(
            render(&blocks, &TagOptions::default()),
            Vec::<String>::new()
        );
        // Summer and autumn are the war's, winter and spring the siege's end and the
        // Commune's; the writer's day then anchors "yesterday".
        assert_eq!(
            tag(&[
                "August 20th. The wounded from Gravelotte came in.",
                "October 3rd.—Yesterday a balloon went up from the Place Saint-Pierre.",
                "April 9th. The guns of the forts never stop.",
            ]),
            [
                "August 20th=1870-08-20 i",
                "October 3rd=1870-10-03 i",
                "Yesterday=1870-10-02 r",
                "April 9th=1871-04-09 i"
            ]
        );
    }

    #[test]
    fn a_tie_between_the_years_goes_to_the_subject() {
        // A running head's month and an aside's day weigh the same; the page is about
        // 1871, and the aside does not carry the story back to 1810.
        assert_eq!(
            tag(&[
                "MAY, 1871. The column was raised after Austerlitz and crowned on 15 August 1810.",
                "On the 16th it fell before a great crowd.",
            ]),
            [
                "MAY, 1871=1871-05",
                "15 August 1810=1810-08-15",
                "16th=1871-05-16 i"
            ]
        );
    }

    #[test]
    fn a_written_weekday_picks_the_year() {
        // 28 March was a Tuesday in 1871 and a Sunday in 2021.
        let blocks = paragraphs(&[
            "The Commune fell on 28 May 1871.",
            "Meeting on Sunday 28 March at the hall.",
        ]);
        let options = TagOptions {
            numeric: None,
            published_year: Some(2021),
            subject: EventCatalog::bundled().period(),
        };
        assert_eq!(render(&blocks, &options)[1], "28 March=2021-03-28 i");
    }

    #[test]
    fn a_digression_takes_a_day_the_document_dates_elsewhere() {
        let found = tag(&[
            "On August 14th 1870 the Blanquists rose; the Republic came on 4 September 1870.",
            "The Commune rose on 18 March 1871.",
            "In February 1851 Blanqui wrote his toast.",
            "The attempts of August 14th and later December 1870 were prepared.",
        ]);
        assert_eq!(found[4], "August 14th=1870-08-14 i");
    }

    #[test]
    fn a_heading_sets_the_years_of_its_section() {
        let blocks = [
            TagBlock {
                text: "From October 31st 1870 to January 22nd 1871",
                heading_level: Some(2),
            },
            TagBlock {
                text: "From October 31st until the month of December the movement withdrew.",
                heading_level: None,
            },
            TagBlock {
                text: "On January 6th a poster appeared.",
                heading_level: None,
            },
            TagBlock {
                text: "March 18th",
                heading_level: Some(2),
            },
            TagBlock {
                text: "During the night of the 17th to the 18th troops moved.",
                heading_level: None,
            },
        ];
        let options = reader_options();
        assert_eq!(
            render(&blocks, &options),
            [
                "October 31st 1870=1870-10-31 <",
                "January 22nd 1871=1871-01-22 >",
                "October 31st=1870-10-31 i",
                "December=1870-12 i",
                "January 6th=1871-01-06 i",
                "March 18th=1871-03-18 i",
                "17th=1871-03-17 i <",
                "18th=1871-03-18 i >",
            ]
        );
    }

    #[rstest]
    #[case(&["Troops moved from 18 March to 28 May 1871."], &["18 March=1871-03-18 i <", "28 May 1871=1871-05-28 >"])]
    #[case(&["From January 22nd to March 18th 1871 the crisis grew."], &["January 22nd=1871-01-22 i <", "March 18th 1871=1871-03-18 >"])]
    #[case(&["On 18 March 1871 it began.", "From March 19th to 26th the committee ruled."], &["18 March 1871=1871-03-18", "March 19th=1871-03-19 i <", "26th=1871-03-26 i >"])]
    #[case(&["The massacre went on between 21 and 28 May 1871."], &["21=1871-05-21 i <", "28 May 1871=1871-05-28 >"])]
    #[case(&["Bloody Week, 21–28 May 1871."], &["21=1871-05-21 i <", "28 May 1871=1871-05-28 >"])]
    #[case(&["In September-October 1870 the Republic rebuilt its army."], &["September=1870-09 i <", "October 1870=1870-10 >"])]
    #[case(&["From October 31st 1870 to January 22nd 1871"], &["October 31st 1870=1870-10-31 <", "January 22nd 1871=1871-01-22 >"])]
    #[case(&["In March 1871.", "During the night of the 17th to the 18th the troops moved."], &["March 1871=1871-03", "17th=1871-03-17 i <", "18th=1871-03-18 i >"])]
    fn ranges_give_each_end_its_role(#[case] texts: &[&str], #[case] expected: &[&str]) {
        assert_eq!(tag(texts), expected);
    }

    #[rstest]
    #[case("The next day the Committee met.", "The next day=1871-03-19 r")]
    #[case(
        "The following day the Committee met.",
        "The following day=1871-03-19 r"
    )]
    #[case("That evening the Committee met.", "That evening=1871-03-18 r")]
    #[case("That night the Committee met.", "That night=1871-03-18 r")]
    #[case("The day after, the Committee met.", "The day after=1871-03-19 r")]
    #[case(
        "The day before, the cabinet had decided.",
        "The day before=1871-03-17 r"
    )]
    #[case(
        "The night before, the cabinet had decided.",
        "The night before=1871-03-17 r"
    )]
    #[case("A month later the Commune fell.", "A month later=1871-04 r")]
    #[case(
        "Two days later the Commune was elected.",
        "Two days later=1871-03-20 r"
    )]
    #[case("They understood it only on the morrow.", "the morrow=1871-03-19 r")]
    #[case("The same day Thiers fled.", "The same day=1871-03-18 r")]
    #[case(
        "Ten days later the elections were held.",
        "Ten days later=1871-03-28 r"
    )]
    fn relative_dates_shift_the_last_day(#[case] text: &str, #[case] expected: &str) {
        let found = tag(&["On 18 March 1871 the troops came.", text]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[1], expected);
    }

    #[test]
    fn the_day_after_a_written_date_is_that_date_shifted() {
        let found = tag(&[
            "On 4 September 1870 the Republic was proclaimed.",
            "The day after September 4th proletarians came out.",
        ]);
        assert_eq!(found[1], "The day after September 4th=1870-09-05 r");
    }

    #[rstest]
    #[case(&["The next day the Committee met."])]
    #[case(&["In 1871 the Commune rose.", "The next day the Committee met."])]
    #[case(&["On 18 March 1871 the troops came.", "a", "b", "c", "d", "The next day the Committee met."])]
    fn relative_dates_need_a_recent_day(#[case] texts: &[&str]) {
        assert!(
            tag(texts).iter().all(|m| !m.ends_with(" r")),
            "{:?}",
            tag(texts)
        );
    }

    #[test]
    fn a_new_section_cuts_relative_dates_off() {
        let blocks = [
            TagBlock {
                text: "On 18 March 1871 the troops came.",
                heading_level: None,
            },
            TagBlock {
                text: "The elections",
                heading_level: Some(2),
            },
            TagBlock {
                text: "The next day the Committee met.",
                heading_level: None,
            },
        ];
        assert_eq!(
            render(&blocks, &reader_options()),
            ["18 March 1871=1871-03-18"]
        );
    }

    #[rstest]
    #[case(None, &["letter of 5/30/1871", "letter of 4/6/1871"], "4/6/1871=1871-04-06")]
    #[case(None, &["letter of 30/5/1871", "letter of 4/6/1871"], "4/6/1871=1871-06-04")]
    #[case(None, &["letter of 4/6/1871"], "4/6/1871=1871-04-06")]
    #[case(Some(NumericDates::Dmy), &["letter of 4/6/1871"], "4/6/1871=1871-06-04")]
    fn numeric_dates_follow_the_documents_convention(
        #[case] numeric: Option<NumericDates>,
        #[case] texts: &[&str],
        #[case] expected: &str,
    ) {
        let options = TagOptions {
            numeric,
            published_year: None,
            subject: EventCatalog::bundled().period(),
        };
        let found = render(&paragraphs(texts), &options);
        assert_eq!(found.last().map(String::as_str), Some(expected));
    }

    #[test]
    fn parallel_timelines_follow_the_place() {
        let found = tag(&[
            "The proletariat of Paris held the power on March 18, 1871.",
            "Compare March 18, 1871 with November 7, 1917. In Paris, the workers understood only on the morrow.",
            "In Petrograd, the party moved. The bourgeoisie learned it on the following morning.",
        ]);
        assert_eq!(found[3], "the morrow=1871-03-19 r");
        assert_eq!(found[4], "the following morning=1917-11-08 r");
    }

    #[test]
    fn one_city_narrative_is_not_split_into_timelines() {
        let found = tag(&[
            "On 18 March 1871, in Paris, the guns were taken.",
            "On 26 March the elections were held. In Paris, the next day, the Commune was proclaimed.",
        ]);
        assert_eq!(found[2], "the next day=1871-03-27 r");
    }

    #[rstest]
    // A diary entry's heading gives the day that "this morning" and "yesterday" are.
    #[case(&["On 30 November 1870 the sortie began.", "Dec. 2.—Champigny taken. Yesterday the cannon never stopped; this morning they are silent, and to-morrow, they say, we go out again."], &["30 November 1870=1870-11-30", "Dec. 2=1870-12-02 i", "Yesterday=1870-12-01 r", "this morning=1870-12-02 r", "to-morrow=1870-12-03 r"])]
    // A letter's dateline, read for "the 3d instant", "the 28th ult." and "Sunday last".
    #[case(&["Paris, March 19, 1871.", "Sir: Since my despatch of the 17th inst., and yours of the 28th ult., which came on the 16th, much has happened. On Sunday last the elections were held."], &["March 19, 1871=1871-03-19", "17th inst.=1871-03-17 i", "28th ult.=1871-02-28 i", "16th=1871-03-16 i", "Sunday last=1871-03-12 r"])]
    #[case(&["Paris, 3rd April, 1871.", "Yesterday, Palm Sunday, the troops attacked; the elections are on Sunday next and the review on the 2nd prox."], &["3rd April, 1871=1871-04-03", "Yesterday=1871-04-02 r", "Palm Sunday=1871-04-02 i", "Sunday next=1871-04-09 r", "2nd prox.=1871-05-02 i"])]
    #[case(&["Tuesday, 23rd.—Montmartre taken this morning.", "Wednesday, 24th.—The Tuileries burned all last night; the troops are here since Tuesday."], &[])]
    #[case(&["Monday, 22nd May, 1871.—Barricades.", "Tuesday, 23rd.—Montmartre taken this morning.", "Wednesday, 24th.—The Tuileries burned all last night; the troops are here since Tuesday."], &["22nd May, 1871=1871-05-22", "23rd=1871-05-23 i", "this morning=1871-05-23 r", "24th=1871-05-24 i", "last night=1871-05-23 r", "Tuesday=1871-05-23 r"])]
    // Without a dateline, "to-day" is the writer's own time, which the text does not say.
    #[case(&["On 18 March 1871 the guns were taken.", "The Paris of to-day remembers it, and to this day nobody knows who fired."], &["18 March 1871=1871-03-18"])]
    #[case(&["On 18 March 1871 the guns were taken.", "That same evening Thiers fled; a fortnight later the Commune sat, and the following month it fell apart."], &["18 March 1871=1871-03-18", "That same evening=1871-03-18 r", "a fortnight later=1871-04-01 r", "the following month=1871-05 r"])]
    // A dateline may carry the hour of writing; a weekday alone heads an entry after the last.
    #[case(&["PARIS, March 20, 1871.", "The events of Saturday are known.", "VERSAILLES, March 24, 10 P.M.", "He spoke this afternoon; Sunday's vote is awaited."], &["March 20, 1871=1871-03-20", "Saturday=1871-03-18 r", "March 24=1871-03-24 i", "this afternoon=1871-03-24 r", "Sunday=1871-03-26 r"])]
    #[case(&["May 28th, 1871.—It is over.", "2nd.—Out for the first time."], &["May 28th, 1871=1871-05-28", "2nd=1871-06-02 i"])]
    #[case(&["March 26, 1871 (Sunday).—Election day.", "27th.—Nothing known to-day.", "Tuesday.—Proclaimed this afternoon.", "Sunday evening, 2nd.—The guns.", "5th.—Quiet."], &["March 26, 1871=1871-03-26", "27th=1871-03-27 i", "to-day=1871-03-27 r", "Tuesday=1871-03-28 r", "this afternoon=1871-03-28 r", "2nd=1871-04-02 i", "5th=1871-04-05 i"])]
    // The writer's own experience, in passing, does not move the story.
    #[case(&["PARIS, March 29, 1871.", "Paris cheered as I have seen it cheer only on the 4th of September. The Journal of the 27th says so, and the minority call it a return to '93."], &["March 29, 1871=1871-03-29", "4th of September=1870-09-04 i", "27th=1871-03-27 i", "'93=1793 i"])]
    #[case(&["On 6 August 1870 MacMahon was beaten; Bazaine was shut up in the middle of the month."], &["6 August 1870=1870-08-06", "middle of the month=1870-08 r MID"])]
    // A letter tells what has happened: its writer's "the 8th of September" is behind
    // the letter's day; "last October" and "next March" count from that day.
    #[case(&["Versailles, April 30th, 1871.", "I went back to Lyons on the 8th of September and to Tours in the autumn."], &["April 30th, 1871=1871-04-30", "8th of September=1870-09-08 i"])]
    #[case(&["The prisoner wrote to his brother:", "“Mazas, May 2nd, 1871.", "“I went back to Paris on the 5th of September, against your advice.”"], &["May 2nd, 1871=1871-05-02", "5th of September=1870-09-05 i"])]
    #[case(&["Paris, April 20th, 1871.", "My cousin came home last October; we look for him again next March."], &["April 20th, 1871=1871-04-20", "October=1870-10 i", "March=1872-03 i"])]
    fn datelines_and_the_writers_day(#[case] texts: &[&str], #[case] expected: &[&str]) {
        assert_eq!(tag(texts), expected);
    }

    #[rstest]
    #[case("Easter Monday, 1871, was cold.", &["Easter Monday, 1871=1871-04-10"])]
    #[case("On Good Friday 1871 the guns fired.", &["Good Friday 1871=1871-04-07"])]
    #[case("Whit-Sunday 1871 saw the end.", &["Whit-Sunday 1871=1871-05-28"])]
    #[case("Ascension Day 1871 was the 18th of May.", &["Ascension Day 1871=1871-05-18", "18th of May=1871-05-18 i"])]
    #[case("New Year's Day 1871 was a Sunday.", &["New Year's Day 1871=1871-01-01"])]
    #[case("Paris, December the 2nd, 1870.", &["December the 2nd, 1870=1870-12-02"])]
    #[case("On the Twenty-second of January 1871 they fired.", &["Twenty-second of January 1871=1871-01-22"])]
    #[case("Journal officiel, le 19 mars 1871.", &["19 mars 1871=1871-03-19"])]
    #[case("The old man had seen 1830, 1848 and 1851.", &["1830=1830", "1848=1848", "1851=1851"])]
    #[case("1871.", &["1871=1871"])]
    #[case("In the spring of 1871, early in March 1871, the first days of April 1871.", &["spring of 1871=1871-SP", "early in March 1871=1871-03 START", "first days of April 1871=1871-04 START"])]
    #[case("THE LAST DAYS OF MAY 1871", &["LAST DAYS OF MAY 1871=1871-05 END"])]
    fn feasts_and_other_written_dates(#[case] text: &str, #[case] expected: &[&str]) {
        assert_eq!(tag(&[text]), expected);
    }

    #[rstest]
    #[case("The Government of the 4th of September had learnt nothing.")]
    #[case("The men of the Fourth of September promised much.")]
    #[case("They had cartridges of 1866 and rifles of the model of 1866.")]
    #[case("The 13th, 14th and 15th arrondissements voted.")]
    #[case("It was another Easter service, a good Friday for trade.")]
    #[case("To this day nobody knows who fired.")]
    fn more_traps_are_not_dates(#[case] text: &str) {
        assert_eq!(tag(&[text]), Vec::<String>::new());
    }

    #[rstest]
    // A day in passing before the document's years does not move the story.
    #[case(&["The armistice was signed on 28 January 1871.", "On 18 March 1871 they believed Paris could be taken by surprise, as on the 2nd of December 1851.", "On the evening of the 18th Thiers fled."], "18th=1871-03-18 i")]
    // Nor does one in a footnote.
    #[case(&["It began on March the 18th, 1871.[Footnote 1: See the Journal of 20th March, 1871.]", "The next day was a Sunday."], "The next day=1871-03-19 r")]
    // Within a sentence, an earlier day is a look back: the story stays on the later one.
    #[case(&["In October 1870 the clubs met.", "On the 31st, at the news that Metz had capitulated on the 27th, Belleville marched; three days afterwards the plebiscite was held."], "three days afterwards=1870-11-03 r")]
    // A day told in the past perfect lies before the story's present.
    #[case(&["The Commune fell on 28 May 1871, after the capitulation of 28 January 1871 and the entry of the troops on the 21st.", "On the 4th of September the Empire had fallen without a shot."], "4th of September=1870-09-04 i")]
    // A weekday before "the 22nd" makes it a day; lists of days share their month.
    #[case(&["On 21 May 1871 the troops entered.", "On Monday the 22nd they took the west; Favre went on the 24th and 25th and a fortnight later it was over."], "25th=1871-05-25 i")]
    // A memoir that writes only later years ("the spring of 1872") still tells of 1871.
    #[case(&["On Sunday, the 21st of May, we talked of the Column, which had been thrown down five days before, and of the paper of that morning.", "In the spring of 1872 I went back."], "that morning=1871-05-21 r")]
    #[case(&["On Sunday, the 21st of May, we dined.", "\"To-morrow,\" said the servant, \"they will be here.\"", "In the spring of 1872 I went back."], "To-morrow=1871-05-22 r")]
    #[case(&["The Commune fell on 28 May 1871.", "She was arrested on the 24th of May, and sentenced on the 16th of December following."], "16th of December=1871-12-16 i")]
    #[case(&["On 20 December 1870 it froze; the winter of '70 came early.", "Two days after Christmas the guns opened fire."], "Two days after Christmas=1870-12-27 r")]
    fn the_story_moves_on_what_it_tells(#[case] texts: &[&str], #[case] expected: &str) {
        let found = tag(texts);
        assert!(found.iter().any(|m| m == expected), "{found:?}");
    }

    #[test]
    fn mentions_serialize_with_snake_case_how() {
        let blocks = paragraphs(&["On 18 March 1871 it began."]);
        let mention = &tag_document(&blocks, &reader_options())[0];
        let json = serde_json::to_value(mention).unwrap();
        assert_eq!(json["how"], "written");
        assert_eq!(json["block"], 0);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn datey_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "18",
            "1871",
            "th",
            " ",
            "March",
            "May",
            "the",
            "of",
            "to",
            "-",
            "–",
            "/",
            ",",
            ".",
            "’",
            "s",
            "next",
            "day",
            "later",
            "two",
            "early",
            "mid",
            "end",
            "In",
            "Paris",
            "century",
            "19",
            "5",
            "30",
            "[3]",
            "1,200",
            "8.30",
            "Sunday",
            "and",
            "between",
            "é",
            "\u{200b}",
            "winter",
            "0",
            "99",
            "2100",
            "31",
            "February",
            "29",
            // The rules for books, diaries and letters.
            "Paris",
            "—",
            "yesterday",
            "to",
            "morrow",
            "Sunday",
            "last",
            "inst",
            "ult",
            "Whit",
            "Easter",
            "Monday",
            "Christmas",
            "Day",
            "had",
            "fallen",
            "since",
            "’",
            "[",
            "]",
            "Footnote",
            "\"",
            "following",
            "this",
            "morning",
            "ago",
            "week",
            "before",
            "after",
            "the",
            "Government",
            "of",
            "men",
            "twenty",
            "first",
            "mars",
            "1866",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn never_panics_and_ranges_are_sorted_char_boundaries(
            texts in prop::collection::vec(datey_text(), 1..5),
            heading in any::<bool>(),
        ) {
            let blocks: Vec<TagBlock> = texts
                .iter()
                .enumerate()
                .map(|(k, text)| TagBlock {
                    text,
                    heading_level: (heading && k == 0).then_some(1),
                })
                .collect();
            let mentions = tag_document(&blocks, &TagOptions::default());
            let mut previous = (0, 0);
            for m in &mentions {
                let text = blocks[m.block].text;
                prop_assert!(m.range.start < m.range.end && m.range.end <= text.len());
                prop_assert!(text.is_char_boundary(m.range.start));
                prop_assert!(text.is_char_boundary(m.range.end));
                // Sorted, and never overlapping within a block.
                prop_assert!((m.block, m.range.start) >= previous);
                previous = (m.block, m.range.end);
                prop_assert!(m.value.span().is_some());
            }
        }
    }
}
