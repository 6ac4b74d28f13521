//! The events catalog: the dated historical events (18 March, the Bloody Week, …)
//! that the accounts talk about, read from `texts/events.toml`.
//!
//! This module owns the catalog's file format, its validation (with errors that
//! name the file, line and column), and the date queries the reader needs: which
//! events a span of days touches, and the next or previous event for its `]`/`[`
//! keys. It knows nothing of documents or of how cues are matched in prose; the
//! tagger and the aligner do that. It must not import ratatui, crossterm, `app` or
//! `ui`.

use super::date::{Date, DateSpan, days_in_month, month_name};
use crate::model::line_col as line_column;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use thiserror::Error;
use toml::Spanned;

/// The catalog compiled into the binary, and the name its errors carry.
const BUNDLED_TEXT: &str = include_str!("../../texts/events.toml");
const BUNDLED_ORIGIN: &str = "texts/events.toml";

/// Parses `YYYY-MM-DD`, saying what is wrong for the catalog's error messages.
fn parse_iso(text: &str) -> Result<Date, String> {
    let shape = "expected a date written YYYY-MM-DD, such as \"1871-03-18\"";
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !well_formed {
        return Err(shape.to_string());
    }
    // All ten bytes are ASCII, so these slices fall on character boundaries.
    let number = |range: Range<usize>| text[range].parse::<i32>().map_err(|_| shape.to_string());
    let year = number(0..4)?;
    let month = number(5..7)?;
    let day = number(8..10)?;
    if year == 0 {
        return Err("there is no year 0000".to_string());
    }
    let month = match u8::try_from(month) {
        Ok(m) if (1..=12).contains(&m) => m,
        _ => return Err(format!("there is no month {month:02}")),
    };
    let length = days_in_month(year, month);
    let name = month_name(month);
    match u8::try_from(day)
        .ok()
        .and_then(|d| Date::new(year, month, d))
    {
        Some(date) => Ok(date),
        None => Err(format!("{name} {year} has {length} days")),
    }
}

/// One event of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable slug: documents pin passages to it and other events relate to it.
    pub id: String,
    pub label: String,
    start: Date,
    end: Date,
    /// Phrases and names that signal the event in prose.
    pub cues: Vec<String>,
    /// Ids of other events of the same catalog; all of them resolve.
    pub related: Vec<String>,
    pub description: String,
}

impl Event {
    /// First day.
    pub fn start(&self) -> Date {
        self.start
    }

    /// Last day, inclusive; never before [`Event::start`].
    pub fn end(&self) -> Date {
        self.end
    }

    /// Its days, first to last.
    pub fn span(&self) -> DateSpan {
        DateSpan {
            first: self.start,
            last: self.end,
        }
    }

    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// Whether the event shares at least one day with `first..=last`.
    pub fn overlaps(&self, first: Date, last: Date) -> bool {
        self.start <= last && first <= self.end
    }
}

/// The validated catalog, events sorted by start day, then end day (file order
/// among equals).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventCatalog {
    events: Vec<Event>,
    by_id: HashMap<String, usize>,
    /// The days the accounts are about (`[period]` in the file).
    period: Option<DateSpan>,
}

/// A catalog file that cannot be used, located for the person who edits it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{origin}:{line}:{column}: {problem}")]
pub struct CatalogError {
    /// The file (or other source) the text came from.
    pub origin: String,
    /// 1-based line of the offending value.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub problem: CatalogProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CatalogProblem {
    /// TOML syntax, unknown or missing keys and wrong value types, as `toml` words them.
    #[error("{0}")]
    Toml(String),
    #[error("bad date {value} in `{field}`: {reason}")]
    BadDate {
        field: &'static str,
        /// The value as written in the file.
        value: String,
        reason: String,
    },
    #[error("event {id:?} ends on {end}, before it starts on {start}")]
    EndBeforeStart { id: String, start: Date, end: Date },
    #[error("bad event id {id:?}: use lowercase letters, digits and single hyphens")]
    BadId { id: String },
    #[error("duplicate event id {id:?}, first used on line {first_line}")]
    DuplicateId { id: String, first_line: usize },
    #[error("event {id:?} has an empty label")]
    EmptyLabel { id: String },
    #[error("event {id:?} has an empty cue")]
    EmptyCue { id: String },
    #[error("event {id:?} relates to {related:?}, which is not in the catalog")]
    UnknownRelated { id: String, related: String },
    #[error("the period ends on {end}, before it starts on {start}")]
    PeriodEndsBeforeStart { start: Date, end: Date },
}

/// The file as written; spans locate the values for error messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    period: Option<RawPeriod>,
    #[serde(default)]
    event: Vec<RawEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    start: Spanned<toml::Value>,
    end: Spanned<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: Spanned<String>,
    label: Spanned<String>,
    // Values rather than strings so that bare TOML dates (1871-03-18) work too.
    start: Spanned<toml::Value>,
    #[serde(default)]
    end: Option<Spanned<toml::Value>>,
    #[serde(default)]
    cues: Vec<Spanned<String>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    description: String,
}

impl EventCatalog {
    /// Parses and validates a catalog. `origin` names the text in errors. When the
    /// text has several problems, the one nearest its start is reported.
    pub fn from_toml(text: &str, origin: &str) -> Result<EventCatalog, CatalogError> {
        let locate = |offset: usize, problem: CatalogProblem| {
            let (line, column) = line_column(text, offset);
            CatalogError {
                origin: origin.to_string(),
                line,
                column,
                problem,
            }
        };
        let raw: RawCatalog = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |span| span.start);
            locate(offset, CatalogProblem::Toml(e.message().trim().to_string()))
        })?;

        // Every problem is collected with its byte offset so the first in the file
        // can be reported, whatever order the checks run in.
        let mut problems: Vec<(usize, CatalogProblem)> = Vec::new();
        let period = raw.period.as_ref().and_then(|period| {
            let start = read_day(&period.start, "start", text);
            let end = read_day(&period.end, "end", text);
            match (start, end) {
                (Ok(start), Ok(end)) if end < start => {
                    problems.push((
                        period.end.span().start,
                        CatalogProblem::PeriodEndsBeforeStart { start, end },
                    ));
                    None
                }
                (Ok(first), Ok(last)) => Some(DateSpan { first, last }),
                (start, end) => {
                    problems.extend(start.err().into_iter().chain(end.err()));
                    None
                }
            }
        });
        let mut first_use: HashMap<&str, usize> = HashMap::new();
        let mut events = Vec::with_capacity(raw.event.len());
        for event in &raw.event {
            let id = event.id.get_ref();
            let id_at = event.id.span().start;
            if !is_slug(id) {
                problems.push((id_at, CatalogProblem::BadId { id: id.clone() }));
            }
            match first_use.get(id.as_str()) {
                Some(&first) => problems.push((
                    id_at,
                    CatalogProblem::DuplicateId {
                        id: id.clone(),
                        first_line: line_column(text, first).0,
                    },
                )),
                None => {
                    first_use.insert(id, id_at);
                }
            }
            if event.label.get_ref().trim().is_empty() {
                problems.push((
                    event.label.span().start,
                    CatalogProblem::EmptyLabel { id: id.clone() },
                ));
            }
            if let Some(cue) = event.cues.iter().find(|c| c.get_ref().trim().is_empty()) {
                problems.push((
                    cue.span().start,
                    CatalogProblem::EmptyCue { id: id.clone() },
                ));
            }
            let start = read_day(&event.start, "start", text);
            let end = event.end.as_ref().map(|end| read_day(end, "end", text));
            let (start, end) = match (start, end) {
                (Ok(start), None) => (start, start),
                (Ok(start), Some(Ok(end))) => (start, end),
                (start, end) => {
                    problems.extend(start.err().into_iter().chain(end.and_then(Result::err)));
                    continue;
                }
            };
            if end < start {
                let at = event.end.as_ref().map_or(id_at, |e| e.span().start);
                problems.push((
                    at,
                    CatalogProblem::EndBeforeStart {
                        id: id.clone(),
                        start,
                        end,
                    },
                ));
                continue;
            }
            events.push(Event {
                id: id.clone(),
                label: event.label.get_ref().clone(),
                start,
                end,
                cues: event.cues.iter().map(|c| c.get_ref().clone()).collect(),
                related: event.related.iter().map(|r| r.get_ref().clone()).collect(),
                description: event.description.clone(),
            });
        }
        for event in &raw.event {
            for related in &event.related {
                if !first_use.contains_key(related.get_ref().as_str()) {
                    problems.push((
                        related.span().start,
                        CatalogProblem::UnknownRelated {
                            id: event.id.get_ref().clone(),
                            related: related.get_ref().clone(),
                        },
                    ));
                }
            }
        }
        if let Some((offset, problem)) = problems.into_iter().min_by_key(|(offset, _)| *offset) {
            return Err(locate(offset, problem));
        }

        // Stable, so events with the same span keep their order in the file.
        events.sort_by_key(|e| (e.start, e.end));
        let by_id = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Ok(EventCatalog {
            events,
            by_id,
            period,
        })
    }

    /// The days the accounts are about, as the catalog declares them, if it
    /// does (see [`crate::time::TagOptions::subject`]).
    pub fn period(&self) -> Option<DateSpan> {
        self.period
    }

    /// The catalog compiled from `texts/events.toml`. A test guarantees that it
    /// parses; should it ever not, the reader gets an empty catalog rather than a
    /// crash, and `from_toml` on the same text gives the reason.
    pub fn bundled() -> EventCatalog {
        Self::from_toml(BUNDLED_TEXT, BUNDLED_ORIGIN).unwrap_or_default()
    }

    /// All events, by start day then end day.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn get(&self, id: &str) -> Option<&Event> {
        self.by_id.get(id).and_then(|&i| self.events.get(i))
    }

    /// Events sharing at least one day with `first..=last` (bounds in either
    /// order), by start day.
    pub fn overlapping(&self, first: Date, last: Date) -> impl Iterator<Item = &Event> + '_ {
        let (first, last) = if first <= last {
            (first, last)
        } else {
            (last, first)
        };
        self.events
            .iter()
            .take_while(move |e| e.start <= last)
            .filter(move |e| e.end >= first)
    }

    /// The first event starting strictly after `day` (for the reader's `]`). When
    /// several start that day, the one listed first in [`EventCatalog::events`].
    pub fn next_after(&self, day: Date) -> Option<&Event> {
        let i = self.events.partition_point(|e| e.start <= day);
        self.events.get(i)
    }

    /// The latest start strictly before `day` (for the reader's `[`). When several
    /// events start that day, the one listed first, as for `next_after`, so that
    /// stepping back and forth lands on the same events.
    pub fn previous_before(&self, day: Date) -> Option<&Event> {
        let i = self.events.partition_point(|e| e.start < day);
        let start = self.events.get(i.checked_sub(1)?)?.start;
        let first = self.events.partition_point(|e| e.start < start);
        self.events.get(first)
    }
}

/// Reads a `start`/`end` value: a `"YYYY-MM-DD"` string or a bare TOML date.
fn read_day(
    value: &Spanned<toml::Value>,
    field: &'static str,
    text: &str,
) -> Result<Date, (usize, CatalogProblem)> {
    let span = value.span();
    let bad = |reason: String| {
        let written = text.get(span.clone()).unwrap_or_default().to_string();
        Err((
            span.start,
            CatalogProblem::BadDate {
                field,
                value: written,
                reason,
            },
        ))
    };
    match value.get_ref() {
        toml::Value::String(s) => parse_iso(s).or_else(bad),
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => Date::new(i32::from(date.year), date.month, date.day)
                .map_or_else(|| bad("not a calendar date".to_string()), Ok),
            _ => bad("expected a date without a time".to_string()),
        },
        _ => bad("expected a date written YYYY-MM-DD, such as \"1871-03-18\"".to_string()),
    }
}

/// Lowercase ASCII letters and digits in runs joined by single hyphens.
fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn bundled() -> EventCatalog {
        match EventCatalog::from_toml(BUNDLED_TEXT, BUNDLED_ORIGIN) {
            Ok(catalog) => catalog,
            Err(e) => panic!("the bundled catalog must parse: {e}"),
        }
    }

    fn error(text: &str) -> String {
        EventCatalog::from_toml(text, "test.toml")
            .unwrap_err()
            .to_string()
    }

    const ONE: &str = "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-03-18\"\n";

    #[rstest]
    #[case::unknown_event_key(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-03-18\"\ncolour = \"red\"\n",
        "test.toml:5:1: unknown field `colour`, expected one of `id`, `label`, `start`, `end`, `cues`, `related`, `description`"
    )]
    #[case::unknown_top_level_key(
        "title = \"x\"\n",
        "test.toml:1:1: unknown field `title`, expected `period` or `event`"
    )]
    #[case::missing_label(
        "[[event]]\nid = \"a\"\nstart = \"1871-03-18\"\n",
        "test.toml:1:1: missing field `label`"
    )]
    #[case::wrong_type(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-03-18\"\ncues = \"Montmartre\"\n",
        "test.toml:5:8: invalid type: string \"Montmartre\", expected a sequence"
    )]
    #[case::toml_syntax(
        "[[event]]\nid = \"a\nlabel = \"A\"\n",
        "test.toml:2:8: invalid basic string, expected `\"`"
    )]
    #[case::february_30(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-02-30\"\n",
        "test.toml:4:9: bad date \"1871-02-30\" in `start`: February 1871 has 28 days"
    )]
    #[case::february_29_not_leap(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-02-01\"\nend = \"1900-02-29\"\n",
        "test.toml:5:7: bad date \"1900-02-29\" in `end`: February 1900 has 28 days"
    )]
    #[case::month_13(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-13-01\"\n",
        "test.toml:4:9: bad date \"1871-13-01\" in `start`: there is no month 13"
    )]
    #[case::prose_date(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"18 March 1871\"\n",
        "test.toml:4:9: bad date \"18 March 1871\" in `start`: expected a date written YYYY-MM-DD, such as \"1871-03-18\""
    )]
    #[case::number_for_date(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = 1871\n",
        "test.toml:4:9: bad date 1871 in `start`: expected a date written YYYY-MM-DD, such as \"1871-03-18\""
    )]
    #[case::date_with_time(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = 1871-03-18T03:00:00\n",
        "test.toml:4:9: bad date 1871-03-18T03:00:00 in `start`: expected a date without a time"
    )]
    #[case::end_before_start(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-05-28\"\nend = \"1871-05-21\"\n",
        "test.toml:5:7: event \"a\" ends on 1871-05-21, before it starts on 1871-05-28"
    )]
    #[case::duplicate_id(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-03-18\"\n\n[[event]]\nid = \"a\"\nlabel = \"B\"\nstart = \"1871-03-19\"\n",
        "test.toml:7:6: duplicate event id \"a\", first used on line 2"
    )]
    #[case::unknown_related(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-03-18\"\nrelated = [\"b\", \"march-18\"]\n\n[[event]]\nid = \"b\"\nlabel = \"B\"\nstart = \"1871-03-19\"\n",
        "test.toml:5:17: event \"a\" relates to \"march-18\", which is not in the catalog"
    )]
    #[case::empty_label(
        "[[event]]\nid = \"a\"\nlabel = \"  \"\nstart = \"1871-03-18\"\n",
        "test.toml:3:9: event \"a\" has an empty label"
    )]
    #[case::empty_cue(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-03-18\"\ncues = [\"Lecomte\", \"\"]\n",
        "test.toml:5:20: event \"a\" has an empty cue"
    )]
    #[case::bad_id(
        "[[event]]\nid = \"March 18\"\nlabel = \"A\"\nstart = \"1871-03-18\"\n",
        "test.toml:2:6: bad event id \"March 18\": use lowercase letters, digits and single hyphens"
    )]
    #[case::first_problem_in_file_wins(
        "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-03-18\"\nrelated = [\"nowhere\"]\n\n[[event]]\nid = \"b\"\nlabel = \"\"\nstart = \"1871-02-30\"\n",
        "test.toml:5:12: event \"a\" relates to \"nowhere\", which is not in the catalog"
    )]
    #[case::columns_count_characters(
        "[[event]]\nid = \"a\"\nlabel = \"Hôtel de Ville\"\nstart = \"1871-03-18\"\nrelated = [\"né\"]\n",
        "test.toml:5:12: event \"a\" relates to \"né\", which is not in the catalog"
    )]
    #[case::period_ends_before_it_starts(
        "[period]\nstart = \"1871-06-30\"\nend = \"1870-07-01\"\n",
        "test.toml:3:7: the period ends on 1870-07-01, before it starts on 1871-06-30"
    )]
    #[case::period_with_a_bad_day(
        "[period]\nstart = \"1870-07-01\"\nend = \"1871-02-30\"\n",
        "test.toml:3:7: bad date \"1871-02-30\" in `end`: February 1871 has 28 days"
    )]
    #[case::period_without_its_end(
        "[period]\nstart = \"1870-07-01\"\n",
        "test.toml:1:1: missing field `end`"
    )]
    fn errors_name_origin_line_column_and_problem(#[case] text: &str, #[case] expected: &str) {
        assert_eq!(error(text), expected);
    }

    #[test]
    fn error_fields_are_structured() {
        let err = EventCatalog::from_toml(
            "[[event]]\nid = \"a\"\nlabel = \"A\"\nstart = \"1871-05-28\"\nend = \"1871-05-21\"\n",
            "x.toml",
        )
        .unwrap_err();
        assert_eq!(
            (err.origin.as_str(), err.line, err.column),
            ("x.toml", 5, 7)
        );
        assert_eq!(
            err.problem,
            CatalogProblem::EndBeforeStart {
                id: "a".to_string(),
                start: day(1871, 5, 28),
                end: day(1871, 5, 21),
            }
        );
    }

    #[test]
    fn end_defaults_to_start_and_bare_dates_work() {
        let catalog = EventCatalog::from_toml(
            &format!("{ONE}\n[[event]]\nid = \"b\"\nlabel = \"B\"\nstart = 1871-05-21\nend = 1871-05-28\n"),
            "t",
        )
        .unwrap();
        let a = catalog.get("a").unwrap();
        assert_eq!((a.start(), a.end()), (day(1871, 3, 18), day(1871, 3, 18)));
        assert!(a.cues.is_empty() && a.related.is_empty() && a.description.is_empty());
        let b = catalog.get("b").unwrap();
        assert_eq!((b.start(), b.end()), (day(1871, 5, 21), day(1871, 5, 28)));
    }

    #[test]
    fn the_period_is_read_when_given() {
        let with = EventCatalog::from_toml(
            &format!("[period]\nstart = 1870-07-01\nend = \"1871-06-30\"\n{ONE}"),
            "t",
        )
        .unwrap();
        assert_eq!(
            with.period(),
            Some(DateSpan {
                first: day(1870, 7, 1),
                last: day(1871, 6, 30)
            })
        );
        assert_eq!(EventCatalog::from_toml(ONE, "t").unwrap().period(), None);
        assert!(EventCatalog::bundled().period().is_some());
    }

    #[test]
    fn empty_text_is_an_empty_catalog() {
        let catalog = EventCatalog::from_toml("# nothing yet\n", "t").unwrap();
        assert!(catalog.events().is_empty());
        assert!(catalog.next_after(day(1871, 1, 1)).is_none());
    }

    /// Events given out of order, with ties on the start day.
    fn small() -> EventCatalog {
        let text = r#"
[[event]]
id = "week"
label = "W"
start = "1871-05-21"
end = "1871-05-28"

[[event]]
id = "entry"
label = "E"
start = "1871-05-21"

[[event]]
id = "march-18"
label = "M"
start = "1871-03-18"

[[event]]
id = "flight"
label = "F"
start = "1871-03-18"

[[event]]
id = "siege"
label = "S"
start = "1870-09-19"
end = "1871-01-28"
"#;
        EventCatalog::from_toml(text, "t").unwrap()
    }

    fn ids<'a>(events: impl Iterator<Item = &'a Event>) -> Vec<&'a str> {
        events.map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn events_sort_by_start_then_end_keeping_file_order() {
        assert_eq!(
            ids(small().events().iter()),
            ["siege", "march-18", "flight", "entry", "week"]
        );
        assert_eq!(small().get("flight").unwrap().label, "F");
        assert!(small().get("nope").is_none());
    }

    #[rstest]
    #[case::inside_a_long_event((1870, 12, 25), (1870, 12, 25), vec!["siege"])]
    #[case::touching_the_last_day((1871, 1, 28), (1871, 3, 17), vec!["siege"])]
    #[case::one_day((1871, 3, 18), (1871, 3, 18), vec!["march-18", "flight"])]
    #[case::gap((1871, 3, 19), (1871, 5, 20), vec![])]
    #[case::reversed_bounds((1871, 5, 25), (1871, 3, 18), vec!["march-18", "flight", "entry", "week"])]
    #[case::inside_the_week((1871, 5, 25), (1871, 5, 26), vec!["week"])]
    fn overlapping_finds_intersecting_spans(
        #[case] first: (i32, u8, u8),
        #[case] last: (i32, u8, u8),
        #[case] expected: Vec<&str>,
    ) {
        let catalog = small();
        let (first, last) = (day(first.0, first.1, first.2), day(last.0, last.1, last.2));
        assert_eq!(ids(catalog.overlapping(first, last)), expected);
    }

    #[rstest]
    #[case::before_everything((1850, 1, 1), Some("siege"), None)]
    #[case::on_a_start_day((1871, 3, 18), Some("entry"), Some("siege"))]
    #[case::inside_the_siege((1870, 10, 31), Some("march-18"), Some("siege"))]
    #[case::between((1871, 4, 1), Some("entry"), Some("march-18"))]
    #[case::after_everything((1871, 6, 1), None, Some("entry"))]
    fn next_and_previous_are_strict_and_pick_the_first_of_a_day(
        #[case] at: (i32, u8, u8),
        #[case] next: Option<&str>,
        #[case] previous: Option<&str>,
    ) {
        let catalog = small();
        let at = day(at.0, at.1, at.2);
        assert_eq!(catalog.next_after(at).map(|e| e.id.as_str()), next);
        assert_eq!(catalog.previous_before(at).map(|e| e.id.as_str()), previous);
    }

    #[test]
    fn bundled_catalog_parses_and_is_what_bundled_returns() {
        let catalog = bundled();
        assert!(catalog.events().len() >= 25, "{}", catalog.events().len());
        assert_eq!(EventCatalog::bundled(), catalog);
    }

    #[test]
    fn bundled_ids_are_unique_and_related_resolve() {
        let catalog = bundled();
        let mut seen = std::collections::HashSet::new();
        for event in catalog.events() {
            assert!(seen.insert(event.id.as_str()), "duplicate {}", event.id);
            for related in &event.related {
                assert!(catalog.get(related).is_some(), "{} -> {related}", event.id);
                assert_ne!(related, &event.id, "{} relates to itself", event.id);
            }
            assert!(!event.cues.is_empty(), "{} has no cues", event.id);
            assert!(
                !event.description.trim().is_empty(),
                "{} has no description",
                event.id
            );
        }
    }

    #[test]
    fn bundled_file_is_written_in_chronological_order() {
        // The header promises a person reading the file this order.
        let raw: RawCatalog = toml::from_str(BUNDLED_TEXT).unwrap();
        let starts: Vec<String> = raw
            .event
            .iter()
            .map(|e| e.start.get_ref().as_str().unwrap_or_default().to_string())
            .collect();
        let mut sorted = starts.clone();
        sorted.sort();
        assert_eq!(starts, sorted);
    }

    #[rstest]
    #[case("declaration-of-war", (1870, 7, 19), (1870, 7, 19))]
    #[case("sedan", (1870, 9, 1), (1870, 9, 2))]
    #[case("september-4", (1870, 9, 4), (1870, 9, 4))]
    #[case("siege-of-paris", (1870, 9, 19), (1871, 1, 28))]
    #[case("october-31", (1870, 10, 31), (1870, 10, 31))]
    #[case("january-22", (1871, 1, 22), (1871, 1, 22))]
    #[case("armistice", (1871, 1, 28), (1871, 1, 28))]
    #[case("february-elections", (1871, 2, 8), (1871, 2, 8))]
    #[case("march-10-laws", (1871, 3, 10), (1871, 3, 10))]
    #[case("march-18", (1871, 3, 18), (1871, 3, 18))]
    #[case("thiers-flees-to-versailles", (1871, 3, 18), (1871, 3, 18))]
    #[case("commune-elections", (1871, 3, 26), (1871, 3, 26))]
    #[case("commune-proclaimed", (1871, 3, 28), (1871, 3, 28))]
    #[case("separation-of-church-and-state", (1871, 4, 2), (1871, 4, 2))]
    #[case("sortie-on-versailles", (1871, 4, 3), (1871, 4, 4))]
    #[case("committee-of-public-safety", (1871, 5, 1), (1871, 5, 1))]
    #[case("treaty-of-frankfurt", (1871, 5, 10), (1871, 5, 10))]
    #[case("vendome-column", (1871, 5, 16), (1871, 5, 16))]
    #[case("entry-of-the-versailles-army", (1871, 5, 21), (1871, 5, 21))]
    #[case("bloody-week", (1871, 5, 21), (1871, 5, 28))]
    #[case("execution-of-hostages", (1871, 5, 24), (1871, 5, 24))]
    #[case("wall-of-the-federates", (1871, 5, 27), (1871, 5, 28))]
    #[case("paris-commune", (1871, 3, 18), (1871, 5, 28))]
    fn bundled_known_dates(
        #[case] id: &str,
        #[case] start: (i32, u8, u8),
        #[case] end: (i32, u8, u8),
    ) {
        let catalog = bundled();
        let event = catalog.get(id).unwrap_or_else(|| panic!("missing {id}"));
        assert_eq!(
            (event.start(), event.end()),
            (day(start.0, start.1, start.2), day(end.0, end.1, end.2)),
            "{id}"
        );
    }

    #[test]
    fn bundled_has_the_required_processes() {
        let catalog = bundled();
        for id in [
            "bordeaux-assembly",
            "central-committee-hotel-de-ville",
            "bank-of-france",
            "rent-decree",
            "night-baking-abolished",
            "rue-haxo",
            "june-days-1848",
            "founding-of-the-international",
        ] {
            assert!(catalog.get(id).is_some(), "missing {id}");
        }
        // The Bank was never seized: the event spans the Commune's life.
        let bank = catalog.get("bank-of-france").unwrap();
        assert!(bank.contains(day(1871, 3, 28)) && bank.contains(day(1871, 5, 28)));
    }

    #[test]
    fn bundled_18_march_lands_on_its_events() {
        let catalog = bundled();
        let on_18 = ids(catalog.overlapping(day(1871, 3, 18), day(1871, 3, 18)));
        for id in [
            "march-18",
            "thiers-flees-to-versailles",
            "central-committee-hotel-de-ville",
        ] {
            assert!(on_18.contains(&id), "{on_18:?}");
        }
        let next = catalog.next_after(day(1871, 3, 18)).unwrap();
        assert!(next.start() > day(1871, 3, 18));
    }
}
