//! The temporal model of a corpus: every passage's date mentions, narrated time and
//! events, the quotation links between documents, and the queries the reader and
//! the commands share: `at` (the passage for a date) and `related` (the passages of
//! other documents about the same events).
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use super::align::{CueMatcher, EventScore, link_passage};
use super::date::{Date, DateSpan};
use super::events::EventCatalog;
use super::lexical::{TfIdf, normalize};
use super::narrative::{PassageTime, TimeSource, date_passages, narrative_score};
use super::quotes::{PassageRef, QuoteLink, find_links, has_quote_marks};
use super::tagger::{Mention, TagBlock, TagOptions, tag_document};
use crate::model::{BlockKind, Corpus, Document, LinkTarget, SpanKind};
use serde::Serialize;
use std::collections::HashMap;

/// What the chronology knows of one document.
#[derive(Debug, Clone, Default)]
pub struct DocChronology {
    /// Every date mention, sorted by block; ranges are relative to the block's text.
    pub mentions: Vec<Mention>,
    pub times: Vec<Option<PassageTime>>,
    /// Events linked to each passage, strongest first.
    pub events: Vec<Vec<EventScore>>,
    /// Whether each passage argues (true) rather than narrates.
    argues: Vec<bool>,
}

impl DocChronology {
    /// The mentions of one block.
    pub fn mentions_of(&self, block: usize) -> &[Mention] {
        let start = self.mentions.partition_point(|m| m.block < block);
        let end = self.mentions.partition_point(|m| m.block <= block);
        &self.mentions[start..end]
    }
}

/// Why a passage is offered as related.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Both passages cover this event.
    Event { event: String, label: String },
    /// The passages quote the same words.
    Quotation { shared_runs: usize },
    /// One passage links to the other.
    Link,
    /// Only their words are alike.
    Words { similarity: f32 },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    pub doc: usize,
    pub block: usize,
    pub score: f32,
    pub reasons: Vec<Reason>,
}

/// The passage `at` picks for a date in one document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtPick {
    pub block: usize,
    /// The passage narrates the date itself (not only an earlier time).
    pub exact: bool,
}

/// Past this many days after the last time a document narrates, it has nothing to
/// show for a date.
const AT_REACH_DAYS: i64 = 45;
/// A passage narrating more than a month is a weak answer for any one day in it.
const WIDE_SPAN_DAYS: i64 = 31;

pub struct Chronology {
    catalog: EventCatalog,
    docs: Vec<DocChronology>,
    /// For each event: (doc, block, score), strongest first.
    event_passages: Vec<Vec<(usize, usize, f32)>>,
    quotes: Vec<QuoteLink>,
    quotes_by_passage: HashMap<PassageRef, Vec<usize>>,
    /// Explicit cross-links, both directions: passage → passages it links with.
    links: HashMap<PassageRef, Vec<PassageRef>>,
    tfidf: TfIdf,
    /// Index of each document's first passage in `tfidf`.
    passage_base: Vec<usize>,
}

impl Chronology {
    pub fn build(corpus: &Corpus, catalog: EventCatalog) -> Chronology {
        let cues = CueMatcher::new(&catalog);
        let mut docs = Vec::with_capacity(corpus.len());
        let mut normalized_all: Vec<String> = Vec::new();
        let mut passage_base = Vec::with_capacity(corpus.len());
        let mut quote_inputs: Vec<(PassageRef, usize, bool)> = Vec::new();
        for (doc_index, document) in corpus.documents().iter().enumerate() {
            passage_base.push(normalized_all.len());
            let chronology = date_document(document);
            let mut events = Vec::with_capacity(document.blocks.len());
            for block in 0..document.blocks.len() {
                let text = document.block_text(block);
                let normalized = normalize(text);
                let links = link_passage(
                    &catalog,
                    &cues,
                    &normalized,
                    chronology.times[block].as_ref(),
                    chronology.mentions_of(block),
                );
                events.push(links);
                quote_inputs.push((
                    (doc_index, block),
                    normalized_all.len(),
                    has_quote_marks(text),
                ));
                normalized_all.push(normalized);
            }
            let mut chronology = DocChronology {
                events,
                ..chronology
            };
            apply_pins(document, &catalog, &mut chronology.events);
            docs.push(chronology);
        }
        let quotes =
            find_links(quote_inputs.iter().map(|(passage, index, quoted)| {
                (*passage, normalized_all[*index].as_str(), *quoted)
            }));
        let mut quotes_by_passage: HashMap<PassageRef, Vec<usize>> = HashMap::new();
        for (index, link) in quotes.iter().enumerate() {
            quotes_by_passage.entry(link.a).or_default().push(index);
            quotes_by_passage.entry(link.b).or_default().push(index);
        }
        let tfidf = TfIdf::new(normalized_all.iter().map(String::as_str));
        let mut event_passages = vec![Vec::new(); catalog.events().len()];
        for (doc, chronology) in docs.iter().enumerate() {
            for (block, links) in chronology.events.iter().enumerate() {
                for link in links {
                    if let Some(list) = event_passages.get_mut(link.event) {
                        list.push((doc, block, link.score));
                    }
                }
            }
        }
        for list in &mut event_passages {
            list.sort_by(|a: &(usize, usize, f32), b| {
                b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1))
            });
        }
        Chronology {
            links: cross_links(corpus),
            catalog,
            docs,
            event_passages,
            quotes,
            quotes_by_passage,
            tfidf,
            passage_base,
        }
    }

    pub fn catalog(&self) -> &EventCatalog {
        &self.catalog
    }

    pub fn doc(&self, doc: usize) -> Option<&DocChronology> {
        self.docs.get(doc)
    }

    pub fn passage_time(&self, doc: usize, block: usize) -> Option<&PassageTime> {
        self.docs.get(doc)?.times.get(block)?.as_ref()
    }

    pub fn events_of(&self, doc: usize, block: usize) -> &[EventScore] {
        self.docs
            .get(doc)
            .and_then(|d| d.events.get(block))
            .map_or(&[], Vec::as_slice)
    }

    /// The passages linked to an event, strongest first: (doc, block, score).
    pub fn event_passages(&self, event: usize) -> &[(usize, usize, f32)] {
        self.event_passages.get(event).map_or(&[], Vec::as_slice)
    }

    pub fn quotes(&self) -> &[QuoteLink] {
        &self.quotes
    }

    /// The quotation links of a passage.
    pub fn quotes_of(&self, doc: usize, block: usize) -> impl Iterator<Item = &QuoteLink> {
        self.quotes_by_passage
            .get(&(doc, block))
            .into_iter()
            .flatten()
            .filter_map(|&index| self.quotes.get(index))
    }

    /// The passage a reader should see in a document when the cursor is at `date`:
    /// the passage narrating it; else the one narrating the nearest earlier time;
    /// none when the document narrates nothing in that period.
    ///
    /// Among passages narrating the date, a precise one beats one that spans
    /// months, a passage's own date beats an inherited one, narration beats
    /// argument, and then the first in the document's order wins.
    pub fn at(&self, doc: usize, date: Date) -> Option<AtPick> {
        let chronology = self.docs.get(doc)?;
        let target = date.to_days();
        let mut best: Option<(f64, usize, bool)> = None;
        for (block, time) in chronology.times.iter().enumerate() {
            let Some(time) = time else { continue };
            if time.span.first > date {
                continue;
            }
            let last = time.span.last.to_days();
            let gap = (target - last).max(0);
            if gap > AT_REACH_DAYS {
                continue;
            }
            let length = time.length();
            let mut cost = gap as f64;
            if length > WIDE_SPAN_DAYS {
                cost += length as f64 / 4.0;
            } else {
                // Within a precise span, the passage whose narration starts
                // nearest the date is the better page to open.
                cost += (target - time.focus.to_days()).max(0) as f64 / 8.0;
            }
            if time.source != TimeSource::Own {
                cost += 0.5;
            }
            if chronology.argues.get(block).copied().unwrap_or(false) {
                cost += 3.0;
            }
            if best.is_none_or(|(best_cost, _, _)| cost < best_cost - 1e-9) {
                best = Some((cost, block, gap == 0));
            }
        }
        best.map(|(_, block, exact)| AtPick { block, exact })
    }

    /// The first day after `date` that a document narrates, for "next: 3 Apr".
    pub fn next_narrated_after(&self, doc: usize, date: Date) -> Option<Date> {
        self.docs
            .get(doc)?
            .times
            .iter()
            .flatten()
            .map(|time| time.span.first)
            .filter(|first| *first > date)
            .min()
    }

    /// The range of days a document narrates, if any.
    pub fn coverage(&self, doc: usize) -> Option<DateSpan> {
        let times = &self.docs.get(doc)?.times;
        let first = times.iter().flatten().map(|t| t.span.first).min()?;
        let last = times.iter().flatten().map(|t| t.span.last).max()?;
        Some(DateSpan { first, last })
    }

    /// Passages of other documents about the same events as `(doc, block)`, best
    /// first, each with its reasons.
    pub fn related(&self, doc: usize, block: usize) -> Vec<Related> {
        let mut found: HashMap<PassageRef, Related> = HashMap::new();
        let mut add = |passage: PassageRef, score: f32, reason: Reason| {
            let entry = found.entry(passage).or_insert(Related {
                doc: passage.0,
                block: passage.1,
                score: 0.0,
                reasons: Vec::new(),
            });
            entry.score += score;
            entry.reasons.push(reason);
        };
        for link in self.events_of(doc, block) {
            let Some(event) = self.catalog.events().get(link.event) else {
                continue;
            };
            for &(other_doc, other_block, other_score) in self.event_passages(link.event) {
                if other_doc == doc {
                    continue;
                }
                add(
                    (other_doc, other_block),
                    (link.score * other_score).sqrt(),
                    Reason::Event {
                        event: event.id.clone(),
                        label: event.label.clone(),
                    },
                );
            }
        }
        for link in self.quotes_of(doc, block) {
            let other = if link.a == (doc, block) {
                link.b
            } else {
                link.a
            };
            add(
                other,
                0.5 * link.shared.min(6) as f32,
                Reason::Quotation {
                    shared_runs: link.shared,
                },
            );
        }
        for &other in self.links.get(&(doc, block)).into_iter().flatten() {
            if other.0 != doc {
                add(other, 2.0, Reason::Link);
            }
        }
        // Word similarity breaks ties between passages about the same event, and
        // is the only evidence left for a passage linked to no event.
        let this = self.global_index(doc, block);
        let has_evidence = !found.is_empty();
        let mut related: Vec<Related> = Vec::new();
        for (other_doc, base) in self.passage_base.iter().enumerate() {
            if other_doc == doc {
                continue;
            }
            let count = self.docs.get(other_doc).map_or(0, |d| d.times.len());
            for other_block in 0..count {
                let similarity =
                    this.map_or(0.0, |this| self.tfidf.similarity(this, base + other_block));
                match found.remove(&(other_doc, other_block)) {
                    Some(mut entry) => {
                        entry.score += 0.6 * similarity;
                        related.push(entry);
                    }
                    None if !has_evidence && similarity > 0.08 => related.push(Related {
                        doc: other_doc,
                        block: other_block,
                        score: 0.6 * similarity,
                        reasons: vec![Reason::Words { similarity }],
                    }),
                    None => {}
                }
            }
        }
        related.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.doc.cmp(&b.doc))
                .then(a.block.cmp(&b.block))
        });
        related
    }

    /// The plain bag-of-words ranking the aligner is measured against.
    pub fn related_by_words(&self, doc: usize, block: usize) -> Vec<Related> {
        let Some(this) = self.global_index(doc, block) else {
            return Vec::new();
        };
        let mut related: Vec<Related> = Vec::new();
        for (other_doc, base) in self.passage_base.iter().enumerate() {
            if other_doc == doc {
                continue;
            }
            let count = self.docs.get(other_doc).map_or(0, |d| d.times.len());
            for other_block in 0..count {
                let similarity = self.tfidf.similarity(this, base + other_block);
                related.push(Related {
                    doc: other_doc,
                    block: other_block,
                    score: similarity,
                    reasons: vec![Reason::Words { similarity }],
                });
            }
        }
        related.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.doc.cmp(&b.doc))
                .then(a.block.cmp(&b.block))
        });
        related
    }

    fn global_index(&self, doc: usize, block: usize) -> Option<usize> {
        let base = *self.passage_base.get(doc)?;
        (block < self.docs.get(doc)?.times.len()).then_some(base + block)
    }
}

/// Tags a document and dates its passages.
pub fn date_document(document: &Document) -> DocChronology {
    let blocks: Vec<TagBlock> = (0..document.blocks.len())
        .map(|index| TagBlock {
            text: document.block_text(index),
            heading_level: match document.blocks[index].kind {
                BlockKind::Heading { level } => Some(level),
                _ => None,
            },
        })
        .collect();
    let published_year = document.published_year();
    let options = TagOptions {
        numeric: document.meta.numeric_dates,
        published_year,
    };
    let mentions = tag_document(&blocks, &options);
    let times = date_passages(document, &mentions, published_year);
    let argues = blocks
        .iter()
        .map(|block| block.heading_level.is_none() && narrative_score(block.text) < -0.2)
        .collect();
    DocChronology {
        mentions,
        times,
        events: Vec::new(),
        argues,
    }
}

/// Front matter `pin` and `forbid` entries override the aligner.
fn apply_pins(document: &Document, catalog: &EventCatalog, events: &mut [Vec<EventScore>]) {
    let resolve = |passage: &str, event: &str| -> Option<(usize, usize)> {
        let block = document.find_anchor(passage)?;
        let event = catalog.events().iter().position(|e| e.id == event)?;
        Some((block, event))
    };
    for forbid in &document.meta.forbid {
        if let Some((block, event)) = resolve(&forbid.passage, &forbid.event)
            && let Some(links) = events.get_mut(block)
        {
            links.retain(|link| link.event != event);
        }
    }
    for pin in &document.meta.pin {
        if let Some((block, event)) = resolve(&pin.passage, &pin.event)
            && let Some(links) = events.get_mut(block)
        {
            links.retain(|link| link.event != event);
            links.insert(
                0,
                EventScore {
                    event,
                    score: 3.0,
                    time: 0.0,
                    cues: 0.0,
                    pinned: true,
                },
            );
        }
    }
}

/// Explicit cross-links between passages, recorded in both directions.
fn cross_links(corpus: &Corpus) -> HashMap<PassageRef, Vec<PassageRef>> {
    let mut links: HashMap<PassageRef, Vec<PassageRef>> = HashMap::new();
    for (doc, document) in corpus.documents().iter().enumerate() {
        for (block, data) in document.blocks.iter().enumerate() {
            for span in &data.spans {
                let SpanKind::Link { target } = &span.kind else {
                    continue;
                };
                let target = match target {
                    LinkTarget::Passage { doc: other, anchor } => {
                        corpus.index_of(other).and_then(|index| {
                            Some((index, corpus.documents()[index].find_anchor(anchor)?))
                        })
                    }
                    _ => None,
                };
                if let Some(target) = target {
                    links.entry((doc, block)).or_default().push(target);
                    links.entry(target).or_default().push((doc, block));
                }
            }
        }
    }
    links
}
