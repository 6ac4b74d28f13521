//! The synopsis: every account of every event in one table. Rows are the events of
//! the catalog in date order, columns are documents; each cell holds that
//! document's passages about that event, the date it gives for it, and whether
//! that date disagrees with the other documents or the catalog.
//!
//! The CLI (`parallax synopsis`), the reader's synopsis view and the comparison
//! sheets ([`sheet`]) are all built on [`Synopsis::build`]. Library code: must not
//! import ratatui, crossterm, `app` or `ui`.

pub mod sheet;

use crate::model::Corpus;
use crate::sanitize::clean_line;
use crate::time::chronology::Chronology;
use crate::time::date::{DateSpan, month_name, parse_user_date};
use crate::time::narrative::{TimeSource, span_length};
use serde::Serialize;

/// A passage counts among a document's strongest for an event when its score is at
/// least this share of the document's best score for it.
const STRONG_SHARE: f32 = 0.75;
/// A narrated time vaguer than a season ("in 1871") dates no event.
const VAGUE_SPAN_DAYS: i64 = 92;

#[derive(Debug, Clone, PartialEq)]
pub struct Synopsis {
    /// The columns: corpus indices of the documents, in the order shown.
    pub docs: Vec<usize>,
    /// Events that at least one column tells of, in date order.
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index of the event in the chronology's catalog.
    pub event: usize,
    /// The catalog's dates for the event.
    pub span: DateSpan,
    /// One cell per column, in the order of [`Synopsis::docs`].
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub doc: usize,
    /// The document's passages about the event, strongest first: (block, score).
    /// Empty when the document is silent about it.
    pub passages: Vec<(usize, f32)>,
    /// The block shown for the cell: the strongest passage.
    pub strongest: Option<usize>,
    /// The date the document gives for the event: the narrated time of its
    /// strongest passage(s), when they date themselves (their own dates, or the
    /// event named outright) precisely enough.
    pub date_given: Option<DateSpan>,
    pub disagreement: Option<Disagreement>,
}

impl Cell {
    pub fn is_silent(&self) -> bool {
        self.passages.is_empty()
    }

    /// Passages besides the strongest.
    pub fn more(&self) -> usize {
        self.passages.len().saturating_sub(1)
    }
}

/// How a cell's date disagrees with the others'.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// The catalog's dates, when this document's date does not meet them.
    pub catalog: Option<DateSpan>,
    /// The other columns that tell of the event with another date, or with none
    /// while this one gives one (or the reverse): `date` is what they give.
    pub others: Vec<OtherDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherDate {
    /// Corpus index of the other document.
    pub doc: usize,
    pub date: Option<DateSpan>,
}

/// Which rows to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words that must appear (case-insensitive) in the event's label, id or
    /// description, or in one of the cells' strongest passages.
    pub text: String,
    /// Only events that meet this period.
    pub period: Option<DateSpan>,
    /// Only events every column tells of.
    pub covered_by_all: bool,
    /// Only events whose accounts disagree on the date.
    pub disagreements: bool,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// "text “thiers” · March 1871 · all columns · disagreements", for titles.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.text.trim().is_empty() {
            parts.push(format!("“{}”", self.text.trim()));
        }
        if let Some(period) = self.period {
            parts.push(span_label(period));
        }
        if self.covered_by_all {
            parts.push("told by all".to_string());
        }
        if self.disagreements {
            parts.push("disagreements".to_string());
        }
        parts.join(" · ")
    }
}

impl Synopsis {
    /// The synopsis of `docs` (corpus indices; every document when empty).
    pub fn build(chronology: &Chronology, corpus: &Corpus, docs: &[usize]) -> Synopsis {
        let docs: Vec<usize> = if docs.is_empty() {
            (0..corpus.len()).collect()
        } else {
            docs.iter().copied().filter(|&d| d < corpus.len()).collect()
        };
        let mut rows = Vec::new();
        for (event_index, event) in chronology.catalog().events().iter().enumerate() {
            let span = event.span();
            let mut cells: Vec<Cell> = docs
                .iter()
                .map(|&doc| {
                    let passages: Vec<(usize, f32)> = chronology
                        .event_passages(event_index)
                        .filter(|(d, _, _)| *d == doc)
                        .map(|(_, block, score)| (block, score))
                        .collect();
                    Cell {
                        doc,
                        strongest: passages.first().map(|&(block, _)| block),
                        date_given: date_given(chronology, doc, &passages),
                        passages,
                        disagreement: None,
                    }
                })
                .collect();
            if cells.iter().all(Cell::is_silent) {
                continue;
            }
            mark_disagreements(&mut cells, span);
            rows.push(Row {
                event: event_index,
                span,
                cells,
            });
        }
        Synopsis { docs, rows }
    }

    /// Indices into [`Synopsis::rows`] of the rows the filter keeps.
    pub fn filtered(
        &self,
        filter: &Filter,
        chronology: &Chronology,
        corpus: &Corpus,
    ) -> Vec<usize> {
        let words: Vec<String> = filter
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, row)| {
                filter
                    .period
                    .is_none_or(|p| p.first <= row.span.last && row.span.first <= p.last)
            })
            .filter(|(_, row)| !filter.covered_by_all || row.cells.iter().all(|c| !c.is_silent()))
            .filter(|(_, row)| !filter.disagreements || row.disagrees())
            .filter(|(_, row)| words.is_empty() || row_matches(row, &words, chronology, corpus))
            .map(|(index, _)| index)
            .collect()
    }

    /// The row of an event, if some column tells of it.
    pub fn row_of_event(&self, event: usize) -> Option<usize> {
        self.rows.iter().position(|row| row.event == event)
    }
}

impl Row {
    /// Whether any two accounts (or an account and the catalog) disagree on the date.
    pub fn disagrees(&self) -> bool {
        self.cells.iter().any(|cell| cell.disagreement.is_some())
    }
}

/// The date a document gives for an event: the first of its strongest passages
/// whose narrated time comes from what the passage says (not inherited).
fn date_given(chronology: &Chronology, doc: usize, passages: &[(usize, f32)]) -> Option<DateSpan> {
    let best = passages.first()?.1;
    passages
        .iter()
        .take_while(|(_, score)| *score >= best * STRONG_SHARE)
        .filter_map(|&(block, _)| chronology.passage_time(doc, block))
        .find(|time| {
            matches!(time.source, TimeSource::Own | TimeSource::Event)
                && span_length(time.span) <= VAGUE_SPAN_DAYS
        })
        .map(|time| time.span)
}

fn overlaps(a: DateSpan, b: DateSpan) -> bool {
    a.first <= b.last && b.first <= a.last
}

/// Two documents disagree when both tell of the event and their dates do not
/// meet, or one dates it and the other does not; a document also disagrees with
/// the catalog when its date does not meet the catalog's.
fn mark_disagreements(cells: &mut [Cell], catalog: DateSpan) {
    let told: Vec<(usize, Option<DateSpan>)> = cells
        .iter()
        .filter(|cell| !cell.is_silent())
        .map(|cell| (cell.doc, cell.date_given))
        .collect();
    for cell in cells.iter_mut().filter(|cell| !cell.is_silent()) {
        let others: Vec<OtherDate> = told
            .iter()
            .filter(|(doc, _)| *doc != cell.doc)
            .filter(|(_, date)| match (cell.date_given, date) {
                (Some(mine), Some(theirs)) => !overlaps(mine, *theirs),
                (Some(_), None) | (None, Some(_)) => true,
                (None, None) => false,
            })
            .map(|&(doc, date)| OtherDate { doc, date })
            .collect();
        let off_catalog = cell
            .date_given
            .filter(|mine| !overlaps(*mine, catalog))
            .map(|_| catalog);
        if !others.is_empty() || off_catalog.is_some() {
            cell.disagreement = Some(Disagreement {
                catalog: off_catalog,
                others,
            });
        }
    }
}

fn row_matches(row: &Row, words: &[String], chronology: &Chronology, corpus: &Corpus) -> bool {
    let Some(event) = chronology.catalog().events().get(row.event) else {
        return false;
    };
    let mut haystack = format!("{} {} {}", event.label, event.id, event.description);
    for cell in &row.cells {
        if let (Some(block), Some(document)) = (cell.strongest, corpus.documents().get(cell.doc)) {
            haystack.push(' ');
            haystack.push_str(document.block_text(block));
        }
    }
    let haystack = haystack.to_lowercase();
    words.iter().all(|word| haystack.contains(word.as_str()))
}

/// "18 Mar 1871", "1–2 Sep 1870", "30 Mar – 2 Apr 1871", "19 Sep 1870 – 28 Jan 1871".
pub fn span_label(span: DateSpan) -> String {
    let (first, last) = (span.first, span.last);
    let month = |m: u8| month_name(m).get(..3).unwrap_or("");
    if first == last {
        format!("{} {} {}", first.day(), month(first.month()), first.year())
    } else if first.year() != last.year() {
        format!(
            "{} {} {} – {} {} {}",
            first.day(),
            month(first.month()),
            first.year(),
            last.day(),
            month(last.month()),
            last.year()
        )
    } else if first.month() != last.month() {
        format!(
            "{} {} – {} {} {}",
            first.day(),
            month(first.month()),
            last.day(),
            month(last.month()),
            last.year()
        )
    } else {
        format!(
            "{}–{} {} {}",
            first.day(),
            last.day(),
            month(first.month()),
            first.year()
        )
    }
}

/// `1871-03-18`, or `1871-03-18/1871-05-28` for a span (TIMEX-like, for JSON).
pub fn span_value(span: DateSpan) -> String {
    if span.first == span.last {
        span.first.to_string()
    } else {
        format!("{}/{}", span.first, span.last)
    }
}

/// The beginning of a passage on one line: at most `chars` characters, cut at a
/// word, with an ellipsis when cut; sanitized.
pub fn excerpt(text: &str, chars: usize) -> String {
    let flat = clean_line(text);
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= chars {
        return flat;
    }
    let cut: String = flat.chars().take(chars.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// A period as a reader types it: "march 1871", "1871-03-18", "1871-03..1871-05".
pub fn parse_period(text: &str) -> Option<DateSpan> {
    match text.split_once("..") {
        Some((from, to)) => {
            let first = parse_user_date(from)?.first;
            let last = parse_user_date(to)?.last;
            (first <= last).then_some(DateSpan { first, last })
        }
        None => parse_user_date(text),
    }
}
