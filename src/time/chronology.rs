//! The temporal model of a corpus: every passage's date mentions, narrated time and
//! events, the quotation links between documents, and the queries the reader and
//! the commands share: `at` (the passage for a date) and `related` (the passages of
//! other documents about the same events).
//!
//! Rules beyond dating and linking (each with the principle a reader would give):
//! - An event named in an undated passage dates it, unless the narration around
//!   it tells of another time; and naming the event the narration already stands
//!   inside (the Hôtel de Ville on the evening of 18 March) keeps the story's day
//!   rather than widening it to the event's whole span.
//! - Historians date by events as much as by the calendar: a passage with no
//!   date of its own that places itself after or before an event ("once the
//!   elections had been held", "before the Versailles army entered") tells of
//!   the month after or before it, more weakly than any named event's own days.
//! - A story stays on its subject until it names another: a passage carrying on
//!   the narration (or its section) carries on the main event before it, weaker
//!   (the main one that passage tells itself, not one it carried on in turn);
//!   so does an argument with no time and no event of its own right after a
//!   passage (not after a heading): it weighs what was just told.
//! - A passage naming only the subject of the whole corpus ("the Commune") and
//!   no particular event speaks of the subject as a whole.
//! - `related`: a side event of the source leads less far than its main one; a
//!   passage mainly about the event is a better answer than one naming it beside
//!   its own subject (mutual best match); a heading is a worse answer than the
//!   text under it; among passages about the same event, one naming the same
//!   rare people and places (Lecomte, Vinoy) tells the same scene; a date tells
//!   when, not what: a passage naming an event leads to it before the events it
//!   only falls on the days of.
//! - A year is a frame, not a time: a passage that says only "in 1871" and
//!   names an event of that year tells of the event.
//! - `at`: a year answers for no day in it, but a year wholly past is still where
//!   the story stood before a later date; the bound of a stretch ("March 19th
//!   to 26th") is not a day the passage writes for itself; a passage looking back from where the
//!   main narration already stood (an appendix, a retrospective) is shown only
//!   when the main narration has nothing for the date.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use super::align::{
    CueMatcher, Days, EventScore, LINK_THRESHOLD, Names, link_passage, span_distance,
};
use super::at_index::AtIndex;
use super::date::{Date, DateSpan};
use super::events::EventCatalog;
use super::lexical::{TfIdf, TfIdfBuilder, sparse_sum};
use super::narrative::{
    Edge, PRECISE_SPAN_DAYS, PassageTime, Side, TimeSource, inherit_times, narrative_score,
    own_times, relative_clauses, span_length,
};
use super::quotes::{PassageRef, QuoteFinder, QuoteLink, has_quote_marks, outside_quotations};
use super::rows::Rows;
use super::tagger::{Mention, TagBlock, TagOptions, tag_document};
use super::timex::Granularity;
use crate::model::{BlockKind, Corpus, Document, LinkTarget, SpanKind};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

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
    /// Whether each passage tells a story, so carries the narration on (see
    /// [`inherit_times`]); neither this nor `argues` for a plain description.
    narrates: Vec<bool>,
    is_heading: Vec<bool>,
    /// Whether each passage looks back from the main narration (see
    /// [`looks_back`]).
    looks_back: Vec<bool>,
    /// The passages by the days they narrate, for `at`: built when a document
    /// is first asked, since a reader asks only the few in its panes, and in a
    /// large corpus the indexes of all would weigh half as much as the text.
    at_index: OnceLock<AtIndex>,
}

impl DocChronology {
    fn argues(&self, block: usize) -> bool {
        self.argues.get(block).copied().unwrap_or(false)
    }

    fn looks_back(&self, block: usize) -> bool {
        self.looks_back.get(block).copied().unwrap_or(false)
    }

    fn at_index(&self) -> &AtIndex {
        self.at_index.get_or_init(|| {
            AtIndex::new(
                &self.times,
                |block| self.argues(block),
                |block| !self.looks_back(block),
                |block| {
                    self.mentions_of(block)
                        .iter()
                        .filter(|m| m.value.granularity() == Granularity::Day && !m.landmark)
                        .filter_map(|m| m.date_span())
                        .filter(|span| span.first == span.last)
                        .map(|span| span.first.to_days())
                        .collect()
                },
                |block, time| period_at_cost(time, self.argues(block)),
                AT_INDEX_SHORT_DAYS,
            )
        })
    }

    /// The mentions of one block.
    pub fn mentions_of(&self, block: usize) -> &[Mention] {
        let start = self.mentions.partition_point(|m| m.block < block);
        let end = self.mentions.partition_point(|m| m.block <= block);
        &self.mentions[start..end]
    }
}

/// [`Reason`] before it is spelled out: an event by its index.
#[derive(Debug, Clone, Copy)]
enum Evidence {
    Event(usize),
    Quotation(usize),
    Link,
    Words(f32),
}

/// `related` offers at most this many passages of each document: a reader
/// cycles through the best few, and a book-length text can have thousands
/// about an event.
pub const RELATED_PER_DOCUMENT: usize = 25;

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

/// How far building the time model has gone, in steps (a document of a pass).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn percent(self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(100)
    }
}

/// The passage `at` picks for a date in one document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtPick {
    pub block: usize,
    /// The passage narrates the date itself (not only an earlier time).
    pub exact: bool,
}

/// How much a heading's event links count when it is offered as a jump target.
const HEADING_TARGET_FACTOR: f32 = 0.5;
/// How much less a passage's side events lead than its main one (its link to
/// the event against its strongest link, to this power).
const SOURCE_CENTRALITY_POWER: f32 = 2.0;
/// What a target's link to an event counts when it only falls on the event's
/// days, in a jump from a passage that names the event.
const UNNAMED_TARGET_FACTOR: f32 = 0.5;
/// What a source passage's link to an event counts in a jump when the passage
/// names another event but not this one.
const UNNAMED_SOURCE_FACTOR: f32 = 0.3;
/// How much a target's own centrality (its link to the event against its
/// strongest link) weighs in the jump.
const TARGET_CENTRALITY_POWER: f32 = 1.0;

/// Past this many days after the last time a document narrates, it has nothing to
/// show for a date.
const AT_REACH_DAYS: i64 = 45;
/// What showing a passage for a day costs `at`, before it looks at the day: its
/// own date beats an event's, which beats the narration's; a clear date beats
/// one competing with another; narration beats argument.
fn base_at_cost(time: &PassageTime, argues: bool) -> f64 {
    let mut cost = match time.source {
        TimeSource::Own => 0.0,
        TimeSource::Event => 0.3,
        TimeSource::Narrative => 0.6,
        TimeSource::Section => 0.8,
    };
    cost += 2.0 * f64::from(1.0 - time.confidence);
    if argues {
        cost += 2.0;
    }
    cost
}

/// A longer period told day by day holds the date: the shorter it is, the more
/// it says of this day.
fn period_at_cost(time: &PassageTime, argues: bool) -> f64 {
    base_at_cost(time, argues) + (time.length() as f64 / WIDE_SPAN_DAYS as f64).ln()
}

/// Times up to this long are indexed day by day for `at`; longer ones, rarer,
/// are scanned.
const AT_INDEX_SHORT_DAYS: i64 = 62;
/// A passage narrating more than a month is a weak answer for any one day in it.
const WIDE_SPAN_DAYS: i64 = 31;

pub struct Chronology {
    catalog: EventCatalog,
    docs: Vec<DocChronology>,
    /// For each event: (doc, block, score), strongest first; in 32 bits each,
    /// as there is one for every link of every passage of the corpus.
    event_passages: Vec<Vec<(u32, u32, f32)>>,
    quotes: Vec<QuoteLink>,
    quotes_by_passage: HashMap<PassageRef, Vec<usize>>,
    /// Explicit cross-links, both directions: passage → passages it links with.
    links: HashMap<PassageRef, Vec<PassageRef>>,
    tfidf: TfIdf,
    /// Index of each document's first passage in `tfidf`.
    passage_base: Vec<usize>,
    /// For each passage (indexed as in `tfidf`): its rare proper names, with
    /// their weights, sorted by name id.
    /// Boxed slices: one per passage of the corpus, with no room to spare.
    names: Vec<Box<[(u32, f32)]>>,
}

impl Chronology {
    pub fn build(corpus: &Corpus, catalog: EventCatalog) -> Chronology {
        Self::build_with_progress(corpus, catalog, &mut |_| {})
    }

    /// The time model of a corpus not dated yet: no passage has a time, an event
    /// or a link. The reader shows this while the real one is built.
    pub fn pending(corpus: &Corpus, catalog: EventCatalog) -> Chronology {
        Chronology {
            event_passages: vec![Vec::new(); catalog.events().len()],
            catalog,
            docs: vec![DocChronology::default(); corpus.len()],
            quotes: Vec::new(),
            quotes_by_passage: HashMap::new(),
            links: HashMap::new(),
            tfidf: TfIdf::default(),
            passage_base: Vec::new(),
            names: Vec::new(),
        }
    }

    /// [`Chronology::build`], telling `progress` how far it has gone after each
    /// document of each pass.
    pub fn build_with_progress(
        corpus: &Corpus,
        catalog: EventCatalog,
        progress: &mut dyn FnMut(Progress),
    ) -> Chronology {
        let total = 2 * corpus.len() + 1;
        let mut done = 0;
        let mut step = |progress: &mut dyn FnMut(Progress)| {
            done += 1;
            progress(Progress { done, total });
        };
        let mut cues = CueMatcher::new(&catalog);
        let event_days = Days::of_events(&catalog);
        // Quotations and word vectors take each passage's words as they come,
        // so that the text of the whole corpus is never held twice more. The
        // words are numbered as the cue phrases' are: a passage's words are
        // read and hashed once for the cues, the vectors and the quotations.
        let mut quote_finder = QuoteFinder::default();
        let mut tfidf = TfIdfBuilder::with_lexicon(cues.lexicon().clone());
        // Per passage, flat (see `Rows`): these last through both passes.
        let mut matches_all: Rows<usize> = Rows::default();
        // The same, found in the passage's own words, outside its quotations.
        // Kept only where they differ: few passages quote a cue.
        let mut dating_all: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        let mut passage_base = Vec::with_capacity(corpus.len());
        let mut names = Names::default();
        let mut names_all: Rows<u32> = Rows::default();
        let mut tagged: Vec<DocChronology> = Vec::with_capacity(corpus.len());
        // First pass: dates of every document, and the cue phrases of every passage,
        // whose weights depend on the whole corpus.
        for (doc_index, document) in corpus.documents().iter().enumerate() {
            passage_base.push(matches_all.len());
            let chronology = date_document(document, catalog.period());
            for block in 0..document.blocks.len() {
                let text = document.block_text(block);
                let (words, marks) = tfidf.add(text);
                let matches = cues.matches_words(words, marks);
                let quoting = has_quote_marks(text);
                // Another author's words name what that author spoke of, not
                // the time this passage tells: they link it, they do not date it.
                if !matches.is_empty()
                    && quoting
                    && let Some(own_words) = outside_quotations(text)
                {
                    let own = cues.matches_text(&own_words);
                    if own != matches {
                        dating_all.insert(matches_all.len(), own);
                    }
                }
                matches_all.push(matches);
                names_all.push(names.of(text));
                quote_finder.add((doc_index, block), quoting);
            }
            tagged.push(chronology);
            step(progress);
        }
        cues.weigh(&matches_all);
        let umbrella = umbrella_events(&catalog, &cues, &matches_all);
        // Second pass: event-dated passages, inherited times, then event links.
        let mut docs = Vec::with_capacity(corpus.len());
        let pass = SecondPass {
            catalog: &catalog,
            cues: &cues,
            umbrella: &umbrella,
            event_days: &event_days,
            matches: &matches_all,
            dating: &dating_all,
        };
        for ((doc_index, document), chronology) in corpus.documents().iter().enumerate().zip(tagged)
        {
            let chronology = pass.date(document, passage_base[doc_index], chronology);
            docs.push(chronology);
            step(progress);
        }
        // What only the passes needed goes before the word vectors and the
        // quotation runs, the largest part of the load, are built.
        drop(matches_all);
        drop(dating_all);
        let rare = rare_names(&names, &names_all);
        drop(names_all);
        drop(names);
        let quotes = quote_finder.links(tfidf.terms());
        let tfidf = tfidf.build();
        let mut quotes_by_passage: HashMap<PassageRef, Vec<usize>> = HashMap::new();
        for (index, link) in quotes.iter().enumerate() {
            quotes_by_passage.entry(link.a).or_default().push(index);
            quotes_by_passage.entry(link.b).or_default().push(index);
        }
        let mut event_passages = vec![Vec::new(); catalog.events().len()];
        for (doc, chronology) in docs.iter().enumerate() {
            for (block, links) in chronology.events.iter().enumerate() {
                for link in links {
                    if let Some(list) = event_passages.get_mut(link.event) {
                        list.push((doc as u32, block as u32, link.score));
                    }
                }
            }
        }
        for list in &mut event_passages {
            list.sort_by(|a: &(u32, u32, f32), b| {
                b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1))
            });
        }

        step(progress);
        Chronology {
            names: rare,
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
    pub fn event_passages(
        &self,
        event: usize,
    ) -> impl ExactSizeIterator<Item = (usize, usize, f32)> + '_ {
        self.event_passages
            .get(event)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&(doc, block, score)| (doc as usize, block as usize, score))
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

    /// The passage a reader should see in a document when the cursor is at `date`.
    ///
    /// If passages narrate the day itself, the first of them in the document's
    /// order, preferring a passage that writes the day out, a passage's own date
    /// to an inherited one, a clear date to one competing with another, and
    /// narration to argument. Failing that, a passage narrating a longer period
    /// that holds the day (the siege, "from 18 March to 28 May"), the most
    /// specific first. Otherwise, where the narration last stood before the date:
    /// the passage narrating the latest earlier time, the last of them in the
    /// document's order. A time known only to the year ("in 1871") answers for
    /// no day. None when the document narrates nothing in the weeks before.
    ///
    /// A passage that looks back from the main narration (an appendix re-telling
    /// the autumn after the story reached May) is shown only when the main
    /// narration has nothing to show.
    pub fn at(&self, doc: usize, date: Date) -> Option<AtPick> {
        let holding = self.docs.get(doc)?.at_index().holding(date);
        self.pick_at(doc, date, &holding, true)
            .or_else(|| self.pick_at(doc, date, &holding, false))
    }

    /// [`Chronology::at`] among the passages of the main narration, or all. The
    /// index hands over only the passages holding the date, the cheapest long
    /// one, and the best one before it, so the work does not grow with the
    /// document.
    fn pick_at(
        &self,
        doc: usize,
        date: Date,
        holding: &[usize],
        main_only: bool,
    ) -> Option<AtPick> {
        let chronology = self.docs.get(doc)?;
        let target = date.to_days();
        let mut exact: Option<(f64, usize)> = None;
        let mut period: Option<(f64, usize)> = None;
        for &block in holding {
            let Some(Some(time)) = chronology.times.get(block) else {
                continue;
            };
            if main_only && chronology.looks_back(block) {
                continue;
            }
            let mut cost = base_at_cost(time, chronology.argues(block));
            // The passage writes the very day: the surest sign it narrates it.
            // Not the bound of a stretch ("March 19th to 26th" heads a week,
            // not its last day; nor "Until September 4th" above a section on
            // the summer), nor a day used as an event's name ("the March 18th
            // insurrection") or landmark ("on the eve of March 18th").
            let writes_day = chronology.mentions_of(block).iter().any(|m| {
                m.value.granularity() == Granularity::Day
                    && m.range_role.is_none()
                    && !m.landmark
                    && m.date_span()
                        .is_some_and(|s| s.first == date && s.last == date)
            });
            if time.length() <= WIDE_SPAN_DAYS || writes_day {
                if writes_day {
                    cost -= 0.5;
                } else {
                    cost += (target - time.focus.to_days()).max(0) as f64 / 8.0;
                }
                if exact.is_none_or(|(best, _)| cost < best - 1e-9) {
                    exact = Some((cost, block));
                }
            } else {
                cost = period_at_cost(time, chronology.argues(block));
                if period.is_none_or(|(best, _)| cost < best - 1e-9) {
                    period = Some((cost, block));
                }
            }
        }
        if exact.is_none()
            && let Some((cost, block)) = chronology.at_index().cheapest_long(date, main_only)
            && period.is_none_or(|(best, best_block)| {
                cost < best - 1e-9 || (cost <= best + 1e-9 && block < best_block)
            })
        {
            period = Some((cost, block));
        }
        if let Some((_, block)) = exact.or(period) {
            return Some(AtPick {
                block: self.past_heading(doc, block, date),
                exact: exact.is_some(),
            });
        }
        // A year or a decade is a frame, not a time a reader can be shown; but a
        // year wholly past ("by 1869 strikes spread") is still where the story
        // stood before, as is any finer time wholly past.
        let (end, _, block) = chronology.at_index().earlier(date, main_only)?;
        // Between two times the text narrates, the narration stands at the
        // earlier one however long the gap; past its last, only for a while.
        (chronology.at_index().narrates_after(date) || target - end <= AT_REACH_DAYS).then_some(
            AtPick {
                block,
                exact: false,
            },
        )
    }

    /// A heading titles its section; the passage a reader wants is the first one
    /// under it that narrates the same day.
    fn past_heading(&self, doc: usize, block: usize, date: Date) -> usize {
        let Some(chronology) = self.docs.get(doc) else {
            return block;
        };
        if !chronology.is_heading.get(block).copied().unwrap_or(false) {
            return block;
        }
        (block + 1..chronology.times.len())
            .take_while(|&next| !chronology.is_heading.get(next).copied().unwrap_or(true))
            .find(|&next| {
                chronology.times[next].is_some_and(|time| {
                    time.span.contains(date) && time.granularity < Granularity::Year
                })
            })
            .unwrap_or(block)
    }

    /// The first day after `date` that a document narrates, for "next: 3 Apr".
    pub fn next_narrated_after(&self, doc: usize, date: Date) -> Option<Date> {
        self.docs.get(doc)?.at_index().next_start_after(date)
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
        // Reasons are gathered as indices and spelled out only for the passages
        // returned: a large document can hold thousands of passages about an
        // event, and a string per reason each was most of a jump's time.
        let mut found: FxHashMap<PassageRef, (f32, Vec<Evidence>)> = FxHashMap::default();
        let mut add = |passage: PassageRef, score: f32, evidence: Evidence| {
            let entry = found.entry(passage).or_default();
            entry.0 += score;
            entry.1.push(evidence);
        };
        let passages: usize = self.docs.iter().map(|d| d.times.len()).sum();
        let links = self.source_links(doc, block, passages);
        let this_strongest = links
            .iter()
            .map(|link| link.score)
            .fold(f32::EPSILON, f32::max);
        for link in &links {
            // The subject of the whole corpus (the Commune in accounts of the
            // Commune: a long event linked to more than a tenth of all
            // passages) is named beside everything; a passage mainly about it
            // as a whole wants one mainly about it too, not a busy day that
            // names it in passing, so the target's centrality counts twice.
            let umbrella = link.score >= this_strongest && self.is_umbrella(link.event, passages);
            for (other_doc, other_block, other_score) in self.event_passages(link.event) {
                if other_doc == doc {
                    continue;
                }
                let mut weight = jump_weight(
                    (link.score, this_strongest),
                    (other_score, self.strongest_score(other_doc, other_block)),
                    self.is_heading(other_doc, other_block),
                );
                // A passage that names the event wants one that names it too:
                // one that only falls on its days may tell another event of
                // the same day. A passage whose days come from the heading
                // above it is named there.
                if link.cues > 0.0
                    && self
                        .passage_time(other_doc, other_block)
                        .is_none_or(|time| time.source != TimeSource::Section)
                    && self
                        .events_of(other_doc, other_block)
                        .iter()
                        .find(|other| other.event == link.event)
                        .is_some_and(|other| other.cues <= 0.0 && !other.pinned)
                {
                    weight *= UNNAMED_TARGET_FACTOR;
                }
                if umbrella {
                    weight *= other_score / self.strongest_score(other_doc, other_block);
                }
                add(
                    (other_doc, other_block),
                    weight,
                    Evidence::Event(link.event),
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
                Evidence::Quotation(link.shared),
            );
        }
        for &other in self.links.get(&(doc, block)).into_iter().flatten() {
            if other.0 != doc {
                add(other, 2.0, Evidence::Link);
            }
        }
        // Word similarity breaks ties between passages about the same event, and
        // is the only evidence left in a document that shares no event with it.
        // Only the passages with evidence are scored in a document that has
        // some, so a jump costs in proportion to them, not to the corpus.
        let this = self.global_index(doc, block);
        let with_evidence: FxHashSet<usize> = found.keys().map(|(other, _)| *other).collect();
        let mut ranked: Vec<(f32, PassageRef, Vec<Evidence>)> = Vec::with_capacity(found.len());
        // A title's few words meet a passage's words more closely than a
        // paragraph's many: a heading gets half of what its words share, as
        // of what its events do (see `jump_weight`).
        let title_factor = |other_doc: usize, other_block: usize| {
            if self.is_heading(other_doc, other_block) {
                HEADING_TARGET_FACTOR
            } else {
                1.0
            }
        };
        for ((other_doc, other_block), (mut score, evidence)) in found {
            if let (Some(this), Some(base)) = (this, self.passage_base.get(other_doc)) {
                let other = base + other_block;
                score += title_factor(other_doc, other_block)
                    * (0.6 * self.tfidf.similarity(this, other) + self.shared_names(this, other));
            }
            ranked.push((score, (other_doc, other_block), evidence));
        }
        for (other_doc, base) in self.passage_base.iter().enumerate() {
            if other_doc == doc || with_evidence.contains(&other_doc) {
                continue;
            }
            let Some(this) = this else { break };
            let count = self.docs.get(other_doc).map_or(0, |d| d.times.len());
            for other_block in 0..count {
                let similarity = self.tfidf.similarity(this, base + other_block);
                if similarity > 0.08 {
                    ranked.push((
                        title_factor(other_doc, other_block) * 0.6 * similarity,
                        (other_doc, other_block),
                        vec![Evidence::Words(similarity)],
                    ));
                }
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut per_document: FxHashMap<usize, usize> = FxHashMap::default();
        ranked
            .into_iter()
            .filter(|(_, (other_doc, _), _)| {
                let shown = per_document.entry(*other_doc).or_default();
                *shown += 1;
                *shown <= RELATED_PER_DOCUMENT
            })
            .map(|(score, (other_doc, other_block), evidence)| Related {
                doc: other_doc,
                block: other_block,
                score,
                reasons: evidence
                    .into_iter()
                    .filter_map(|evidence| self.reason(evidence))
                    .collect(),
            })
            .collect()
    }

    /// A passage's event links as a jump from it reads them. A date tells
    /// when, not what: a passage that names an event (other than the subject
    /// of the whole corpus) is about what it names, and the events it only
    /// falls on the days of lead less far from it than they link it (Marx
    /// quoted in a paragraph dated 18 March is about Marx's address, not the
    /// cannons of Montmartre). So do the moments it carries on from the
    /// passage before (the day of the elections, for a paragraph naming the
    /// rent decree): the story has moved on. A long event carried on (the
    /// siege, the Commune) is the frame it still stands inside, and keeps its
    /// weight.
    fn source_links(&self, doc: usize, block: usize, passages: usize) -> Vec<EventScore> {
        let mut links = self.events_of(doc, block).to_vec();
        let names = links.iter().any(|link| {
            (link.cues > 0.0 || link.pinned) && !self.is_umbrella(link.event, passages)
        });
        if names {
            for link in &mut links {
                let carried_moment = link.time <= 0.0
                    && self
                        .catalog
                        .events()
                        .get(link.event)
                        .is_some_and(|e| span_length(e.span()) <= PRECISE_SPAN_DAYS);
                if link.cues <= 0.0 && (link.time > 0.0 || carried_moment) && !link.pinned {
                    link.score *= UNNAMED_SOURCE_FACTOR;
                }
            }
        }
        links
    }

    /// The subject of the whole corpus: a long event linked to more than a
    /// tenth of all passages.
    fn is_umbrella(&self, event: usize, passages: usize) -> bool {
        self.catalog.events().get(event).is_some_and(|e| {
            span_length(e.span()) > PRECISE_SPAN_DAYS
                && self.event_passages(event).len() as f32 / passages.max(1) as f32 > UMBRELLA_SHARE
        })
    }

    /// A piece of evidence, spelled out.
    fn reason(&self, evidence: Evidence) -> Option<Reason> {
        Some(match evidence {
            Evidence::Event(index) => {
                let event = self.catalog.events().get(index)?;
                Reason::Event {
                    event: event.id.clone(),
                    label: event.label.clone(),
                }
            }
            Evidence::Quotation(shared_runs) => Reason::Quotation { shared_runs },
            Evidence::Link => Reason::Link,
            Evidence::Words(similarity) => Reason::Words { similarity },
        })
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

    /// What the rare proper names two passages share add to a jump between them
    /// (indexes as in `tfidf`).
    fn shared_names(&self, a: usize, b: usize) -> f32 {
        let (Some(a), Some(b)) = (self.names.get(a), self.names.get(b)) else {
            return 0.0;
        };
        NAME_WEIGHT * sparse_sum(a, b, |weight, _| weight).min(NAME_CAP)
    }

    /// The score of a passage's strongest event link (1 when it has none).
    fn strongest_score(&self, doc: usize, block: usize) -> f32 {
        self.events_of(doc, block)
            .first()
            .map_or(1.0, |link| link.score.max(f32::EPSILON))
    }

    fn is_heading(&self, doc: usize, block: usize) -> bool {
        self.docs
            .get(doc)
            .and_then(|d| d.is_heading.get(block).copied())
            .unwrap_or(false)
    }

    fn global_index(&self, doc: usize, block: usize) -> Option<usize> {
        let base = *self.passage_base.get(doc)?;
        (block < self.docs.get(doc)?.times.len()).then_some(base + block)
    }
}

/// How far an event shared by two passages leads from one to the other, from
/// each one's link to the event and its strongest link: `(score, strongest)`.
fn jump_weight(from: (f32, f32), to: (f32, f32), to_heading: bool) -> f32 {
    // A side event of this passage (the war named in a paragraph on the siege)
    // leads less far than its main one; and the answer should be a passage
    // mainly about the event, not one that names it beside its own subject
    // (mutual best match).
    let centrality = from.0 / from.1.max(f32::EPSILON);
    let other_centrality = to.0 / to.1.max(f32::EPSILON);
    // A reader jumping to an event wants the text that tells it, not the title
    // above it.
    let heading = if to_heading {
        HEADING_TARGET_FACTOR
    } else {
        1.0
    };
    heading
        * centrality.powf(SOURCE_CENTRALITY_POWER)
        * other_centrality.powf(TARGET_CENTRALITY_POWER)
        * (from.0 * to.0).sqrt()
}

/// What the tagger reads of a document: its passages, with heading levels, and
/// the document's conventions; `subject` is the period the texts are about (see
/// [`EventCatalog::period`]).
pub fn tag_input(
    document: &Document,
    subject: Option<DateSpan>,
) -> (Vec<TagBlock<'_>>, TagOptions) {
    let blocks = (0..document.blocks.len())
        .map(|index| TagBlock {
            text: document.block_text(index),
            heading_level: match document.blocks[index].kind {
                BlockKind::Heading { level } => Some(level),
                _ => None,
            },
        })
        .collect();
    let options = TagOptions {
        numeric: document.meta.numeric_dates,
        published_year: document.published_year(),
        subject,
    };
    (blocks, options)
}

/// Tags a document and dates its passages, in the texts' `subject` period (see
/// [`EventCatalog::period`]).
pub fn date_document(document: &Document, subject: Option<DateSpan>) -> DocChronology {
    let (blocks, options) = tag_input(document, subject);
    let mut mentions = tag_document(&blocks, &options);
    // Sized for every candidate the tagger weighed; kept for the whole corpus.
    mentions.shrink_to_fit();
    let is_heading = blocks
        .iter()
        .map(|block| block.heading_level.is_some())
        .collect();
    let scores: Vec<f32> = blocks
        .iter()
        .map(|block| narrative_score(block.text))
        .collect();
    let argues = (blocks.iter().zip(&scores))
        .map(|(block, score)| block.heading_level.is_none() && *score < -0.2)
        .collect();
    let narrates = scores.iter().map(|score| *score > 0.0).collect();
    DocChronology {
        mentions,
        times: Vec::new(),
        events: Vec::new(),
        argues,
        narrates,
        is_heading,
        looks_back: Vec::new(),
        at_index: OnceLock::new(),
    }
}

/// What the second pass reads of the whole corpus: the same for every document,
/// so documents can be dated side by side.
#[derive(Clone, Copy)]
struct SecondPass<'a> {
    catalog: &'a EventCatalog,
    cues: &'a CueMatcher,
    umbrella: &'a [bool],
    event_days: &'a [Days],
    /// Every passage's cue matches; a document's start at its `base`.
    matches: &'a Rows<usize>,
    /// The same outside quotations, which alone date a passage, for the
    /// passages where they differ.
    dating: &'a FxHashMap<usize, Vec<usize>>,
}

impl SecondPass<'_> {
    /// Event-dated passages, inherited times, then event links, for a document
    /// whose passages' matches start at `base`, with its dates from the first
    /// pass.
    fn date(
        self,
        document: &Document,
        base: usize,
        mut chronology: DocChronology,
    ) -> DocChronology {
        let SecondPass {
            catalog,
            cues,
            umbrella,
            event_days,
            matches,
            dating,
        } = self;
        // Read from the mentions here, not kept from the first pass: a time for
        // every passage of the corpus would wait there for nothing.
        let mut own = own_times(document, &chronology.mentions, document.published_year());
        let cue_scores: Vec<Vec<f32>> = (0..document.blocks.len())
            .map(|block| cues.scores(matches.row(base + block), catalog.events().len()))
            .collect();
        // Where a passage's own words name less than its quotations.
        let quoting: FxHashMap<usize, Vec<f32>> = (0..document.blocks.len())
            .filter_map(|block| {
                let own = dating.get(&(base + block))?;
                Some((block, cues.scores(own, catalog.events().len())))
            })
            .collect();
        let dating_scores =
            |block: usize| quoting.get(&block).unwrap_or(&cue_scores[block]).as_slice();
        // An event named in an undated passage dates it, unless the narration
        // around it tells of another time: names recur, the thread is surer.
        let provisional = inherit_times(document, &own, &chronology.narrates);
        for (block, time) in own.iter_mut().enumerate() {
            if time.is_some() {
                continue;
            }
            let min_cue = if chronology.is_heading[block] {
                HEADING_EVENT_CUE
            } else {
                EVENT_DATING_CUE
            };
            // Naming the event the narration is already inside (the Hôtel de
            // Ville on the evening of its first day) does not widen the
            // story's day to the event's whole span.
            let inside = |around: PassageTime, event: PassageTime| {
                around.is_precise()
                    && around.span.first >= event.span.first
                    && around.span.last <= event.span.last
                    && around.length() < event.length()
            };
            if let Some(event) = event_time(
                catalog,
                dating_scores(block),
                min_cue,
                EVENT_DATING_MAX_DAYS,
            ) && provisional[block]
                .is_none_or(|around| span_distance(around.span, event.span) <= 31)
                && !provisional[block].is_some_and(|around| inside(around, event))
            {
                *time = Some(event);
            }
        }
        // A passage with no date of its own that places itself after (or
        // before) an event tells of the days just after (or before) it.
        let provisional = inherit_times(document, &own, &chronology.narrates);
        for (block, time) in own.iter_mut().enumerate() {
            if time.is_some() || chronology.is_heading[block] {
                continue;
            }
            if let Some(relative) =
                relative_time(catalog, cues, umbrella, document.block_text(block))
                && provisional[block]
                    .is_none_or(|around| span_distance(around.span, relative.span) <= 31)
            {
                *time = Some(relative);
            }
        }
        chronology.times = inherit_times(document, &own, &chronology.narrates);
        chronology.events = (0..document.blocks.len())
            .map(|block| {
                link_passage(
                    event_days,
                    &cue_scores[block],
                    chronology.times[block].as_ref(),
                    chronology.mentions_of(block),
                )
            })
            .collect();
        // Last resort, below every date and every inherited time: the event the
        // passage names, however long. Set after the links, which already
        // count these cues: a time read from a cue is no second evidence.
        // A year is a frame, not a time: a passage that says only "in 1871"
        // and names an event of that year tells of the event, as one with
        // no date at all does (a year inherited from a heading is the
        // section's frame, not the passage's word).
        for (block, time) in chronology.times.iter_mut().enumerate() {
            let frame = match time {
                None => None,
                Some(time)
                    if time.granularity >= Granularity::Year && time.source == TimeSource::Own =>
                {
                    Some(time.span)
                }
                Some(_) => continue,
            };
            let specific: Vec<f32> = dating_scores(block)
                .iter()
                .zip(umbrella)
                .zip(catalog.events())
                .map(|((score, umbrella), event)| {
                    let outside = frame.is_some_and(|frame| {
                        event.start() < frame.first || event.end() > frame.last
                    });
                    if *umbrella || outside { 0.0 } else { *score }
                })
                .collect();
            if let Some(event) = event_time(catalog, &specific, FALLBACK_EVENT_CUE, i64::MAX) {
                *time = Some(PassageTime {
                    confidence: FALLBACK_EVENT_CONFIDENCE,
                    ..event
                });
            }
        }
        chronology.looks_back = looks_back(
            &chronology.times,
            &chronology.is_heading,
            catalog_period(catalog),
        );
        name_the_subject(&cue_scores, umbrella, &mut chronology.events);
        continue_events(
            &chronology.times,
            &chronology.is_heading,
            &mut chronology.events,
        );
        apply_pins(document, catalog, &mut chronology.events);
        chronology
    }
}

/// Cues of a short event this strong (two distinct rare names, say) date a passage
/// that gives no date itself.
const EVENT_DATING_CUE: f32 = 1.8;
const EVENT_DATING_MAX_DAYS: i64 = 14;
/// A heading that names a short event ("The bloody week") titles a section about
/// it, as a dated heading does: one clear name is enough.
const HEADING_EVENT_CUE: f32 = 0.8;
/// A passage left with no time at all, which names an event clearly, tells of
/// that event even when it lasted months ("Paris was encircled" and the siege);
/// such a time is weaker evidence than a date, hence its lower confidence.
const FALLBACK_EVENT_CUE: f32 = 0.9;
const FALLBACK_EVENT_CONFIDENCE: f32 = 0.5;

/// The event a passage's cues name most strongly among those at least `min_cue`
/// strong and at most `max_days` long, as a passage time.
fn event_time(
    catalog: &EventCatalog,
    cue_scores: &[f32],
    min_cue: f32,
    max_days: i64,
) -> Option<PassageTime> {
    let (event, _) = catalog
        .events()
        .iter()
        .zip(cue_scores)
        .filter(|(event, score)| **score >= min_cue && span_length(event.span()) <= max_days)
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    Some(PassageTime {
        span: event.span(),
        focus: event.start(),
        source: TimeSource::Event,
        confidence: 1.0,
        granularity: Granularity::Day,
    })
}

/// How many days "after the armistice" or "before Sedan" reaches: about a
/// month, told only to the month.
const RELATIVE_DAYS: i64 = 31;
/// A time read from "after the armistice" is weaker than a date or a named
/// event's own days.
const RELATIVE_CONFIDENCE: f32 = 0.3;
/// The least cue weight the words of a relative clause need to name an event.
const RELATIVE_CUE: f32 = 0.3;

/// The time a passage gives by placing itself after or before an event ("once
/// the elections had been held", "before the Versailles army entered"): the
/// month after the event's end (or its start, "after the founding of"), or
/// the month before its start. The subject of the whole corpus counts only
/// with the edge said ("after the fall of the Commune"). The first clause that
/// names an event clearly enough gives the time.
fn relative_time(
    catalog: &EventCatalog,
    cues: &CueMatcher,
    umbrella: &[bool],
    text: &str,
) -> Option<PassageTime> {
    relative_clauses(text).into_iter().find_map(|clause| {
        let scores = cues.scores(&cues.matches_text(clause.words), catalog.events().len());
        let (event, _) = catalog
            .events()
            .iter()
            .zip(&scores)
            .zip(umbrella)
            .filter(|((_, score), umbrella)| {
                **score >= RELATIVE_CUE && (!**umbrella || clause.edge.is_some())
            })
            .map(|((event, score), _)| (event, *score))
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        let (first, last) = match (clause.side, clause.edge) {
            (Side::After, Some(Edge::Start)) => {
                let from = event.start().to_days() + 1;
                (from, from + RELATIVE_DAYS - 1)
            }
            (Side::After, _) => {
                let from = event.end().to_days() + 1;
                (from, from + RELATIVE_DAYS - 1)
            }
            (Side::Before, Some(Edge::End)) => {
                let to = event.end().to_days() - 1;
                (to - RELATIVE_DAYS + 1, to)
            }
            (Side::Before, _) => {
                let to = event.start().to_days() - 1;
                (to - RELATIVE_DAYS + 1, to)
            }
        };
        let span = DateSpan {
            first: Date::from_days(first),
            last: Date::from_days(last),
        };
        Some(PassageTime {
            span,
            focus: span.first,
            source: TimeSource::Event,
            confidence: RELATIVE_CONFIDENCE,
            granularity: Granularity::Month,
        })
    })
}

/// A period of more than a month named in more than this share of all passages is
/// what the corpus as a whole is about ("the Commune" in accounts of the Commune).
const UMBRELLA_SHARE: f32 = 0.1;

/// For each event: in how many passages of the corpus its cues occur.
fn event_passage_counts(cues: &CueMatcher, matches: &Rows<usize>, events: usize) -> Vec<usize> {
    let mut counts = vec![0usize; events];
    for found in matches.iter() {
        for (event, score) in cues.scores(found, events).iter().enumerate() {
            if *score > 0.0 {
                counts[event] += 1;
            }
        }
    }
    counts
}

/// What one shared rare name adds to a jump, and at most how many count: a
/// tie-breaker among passages about the same event, not evidence of its own.
const NAME_WEIGHT: f32 = 0.2;
const NAME_CAP: f32 = 3.0;
/// A name found in one passage in this many or fewer has its full weight.
const RARE_NAME_RATIO: f32 = 40.0;
/// Below this rarity (a name in about a third of all passages: "Paris") a name
/// tells nothing.
const COMMON_NAME_RARITY: f32 = 0.3;

/// Two accounts that name the same rare person or place (Lecomte, Vinoy, the
/// rue des Rosiers) are likelier to tell the same scene than two that share
/// only the event: each passage's names found in more than one passage but
/// fewer than a third of them, weighted as a cue is (1 for the rarest, less as
/// a name grows common).
fn rare_names(table: &Names, names: &Rows<u32>) -> Vec<Box<[(u32, f32)]>> {
    let total = names.len().max(1) as f32;
    // How many passages show each name (`Names::of` gives each once per passage).
    let mut counts = vec![0usize; table.len()];
    for &name in names.iter().flatten() {
        if let Some(count) = counts.get_mut(name as usize) {
            *count += 1;
        }
    }
    names
        .iter()
        .map(|passage| {
            // Ids in order, as `Names::of` gives them: the vectors stay sorted.
            passage
                .iter()
                .filter_map(|&name| {
                    let count = *counts.get(name as usize)? as f32;
                    let rarity = (total / count).ln() / RARE_NAME_RATIO.ln();
                    (count > 1.0 && rarity > COMMON_NAME_RARITY).then_some((name, rarity.min(1.0)))
                })
                .collect()
        })
        .collect()
}

/// How far before the main narration's latest time a passage must tell to look
/// back from it.
const LOOK_BACK_DAYS: i64 = 31;

/// The days the catalog's events cover: the period the corpus tells of.
fn catalog_period(catalog: &EventCatalog) -> Option<DateSpan> {
    let first = catalog.events().iter().map(|event| event.start()).min()?;
    let last = catalog.events().iter().map(|event| event.end()).max()?;
    Some(DateSpan { first, last })
}

/// Which passages look back from the main narration. A history tells its story
/// in order; its main narration is the longest run of passages, in the
/// document's order, whose own precise dates (within the period the catalog
/// covers, not headings) never go back. A passage telling of a time well before
/// where that narration already stood is a look back: a retrospective, an
/// appendix on the militants of the autumn after the story reached May. An
/// introduction that looks ahead is not one.
fn looks_back(
    times: &[Option<PassageTime>],
    is_heading: &[bool],
    period: Option<DateSpan>,
) -> Vec<bool> {
    let candidates: Vec<(usize, i64)> = times
        .iter()
        .enumerate()
        .filter_map(|(block, time)| {
            let time = time.as_ref()?;
            let in_period = period.is_none_or(|period| period.contains(time.span.first));
            (time.source == TimeSource::Own
                && time.is_precise()
                && in_period
                && !is_heading.get(block).copied().unwrap_or(false))
            .then_some((block, time.span.first.to_days()))
        })
        .collect();
    // Longest non-decreasing subsequence (patience sorting, with back links).
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; candidates.len()];
    for (index, &(_, day)) in candidates.iter().enumerate() {
        let place = tails.partition_point(|&tail| candidates[tail].1 <= day);
        previous[index] = place.checked_sub(1).map(|before| tails[before]);
        if place == tails.len() {
            tails.push(index);
        } else {
            tails[place] = index;
        }
    }
    let mut on_main = vec![false; times.len()];
    let mut link = tails.last().copied();
    while let Some(index) = link {
        on_main[candidates[index].0] = true;
        link = previous[index];
    }
    let mut reached: Option<i64> = None;
    let mut flags = vec![false; times.len()];
    for (block, time) in times.iter().enumerate() {
        let Some(time) = time else { continue };
        if on_main[block] {
            let last = time.span.last.to_days();
            reached = Some(reached.map_or(last, |reached| reached.max(last)));
            continue;
        }
        flags[block] = time.granularity < Granularity::Year
            && reached.is_some_and(|reached| time.span.last.to_days() < reached - LOOK_BACK_DAYS);
    }
    flags
}

/// The events the corpus as a whole is about: naming one says nothing of which
/// days a passage tells, as naming the subject of a book does not date a page.
fn umbrella_events(catalog: &EventCatalog, cues: &CueMatcher, matches: &Rows<usize>) -> Vec<bool> {
    let total = matches.len().max(1) as f32;
    event_passage_counts(cues, matches, catalog.events().len())
        .into_iter()
        .zip(catalog.events())
        .map(|(count, event)| {
            let length = span_length(event.span());
            length > PRECISE_SPAN_DAYS && count as f32 / total > UMBRELLA_SHARE
        })
        .collect()
}

/// What a passage that carries on the narration keeps of the event the passage
/// before it tells.
const CONTINUITY: f32 = 0.6;

/// A story stays on its subject until it names another: a passage that carries
/// on the narration (or its section) before it also carries on its main event,
/// more weakly. So does an argument with no time and no event of its own right
/// after a passage ("Had an attack been prepared at the same time, the
/// negotiations would have been a ruse"): it weighs what was just told. Not
/// after a heading, nor a heading itself: a title is no story to weigh, and
/// opens a subject of its own.
fn continue_events(
    times: &[Option<PassageTime>],
    is_heading: &[bool],
    events: &mut [Vec<EventScore>],
) {
    for block in 1..events.len() {
        let time = times.get(block).copied().flatten();
        let narrated = time
            .is_some_and(|time| matches!(time.source, TimeSource::Narrative | TimeSource::Section));
        let weighs = time.is_none()
            && events[block].is_empty()
            && !is_heading.get(block).copied().unwrap_or(true)
            && !is_heading.get(block - 1).copied().unwrap_or(true);
        if !narrated && !weighs {
            continue;
        }
        // Only what the passage before tells itself is carried on, not what it
        // carried on in turn.
        let Some(previous) = events[block - 1]
            .iter()
            .find(|link| link.time > 0.0 || link.cues > 0.0 || link.pinned)
            .copied()
        else {
            continue;
        };
        let score = previous.score * CONTINUITY;
        let links = &mut events[block];
        match links.iter_mut().find(|link| link.event == previous.event) {
            Some(link) if link.score >= score => continue,
            Some(link) => link.score = score,
            None if score >= LINK_THRESHOLD => links.push(EventScore {
                event: previous.event,
                score,
                time: 0.0,
                cues: 0.0,
                pinned: false,
            }),
            None => continue,
        }
        links.sort_by(|a, b| b.score.total_cmp(&a.score));
    }
}

/// A passage that names the subject of the whole corpus ("the Commune") and no
/// particular event speaks of the subject as a whole.
fn name_the_subject(cue_scores: &[Vec<f32>], umbrella: &[bool], events: &mut [Vec<EventScore>]) {
    for (links, cues) in events.iter_mut().zip(cue_scores) {
        if !links.is_empty() {
            continue;
        }
        let subject = cues
            .iter()
            .zip(umbrella)
            .enumerate()
            .filter(|(_, (score, umbrella))| **umbrella && **score > 0.0)
            .max_by(|a, b| a.1.0.total_cmp(b.1.0));
        if let Some((event, (cue, _))) = subject {
            links.push(EventScore {
                event,
                score: LINK_THRESHOLD,
                time: 0.0,
                cues: *cue,
                pinned: false,
            });
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_document;
    use crate::model::Origin;

    /// The passage of the second document that a jump from the first passage of
    /// the first one lands on.
    fn jump_target(corpus: &Corpus) -> Option<usize> {
        let chronology = Chronology::build(corpus, catalog());
        let first = chronology.related(0, 0).into_iter().find(|r| r.doc == 1);
        first.map(|r| r.block)
    }

    fn catalog() -> EventCatalog {
        EventCatalog::from_toml(
            r#"
[[event]]
id = "blockade"
label = "The blockade of Ostrava"
start = "1702-09-10"
end = "1703-01-20"
cues = ["blockade", "ringed the city"]
[[event]]
id = "uprising"
label = "The uprising"
start = "1703-03-01"
end = "1703-03-01"
cues = ["uprising", "barricade"]
[[event]]
id = "massacre"
label = "The week of massacres"
start = "1703-05-01"
end = "1703-05-07"
cues = ["week of massacres", "firing squads"]
[[event]]
id = "republic"
label = "The Free City"
start = "1703-03-01"
end = "1703-05-07"
cues = ["Free City"]
"#,
            "t",
        )
        .unwrap()
    }

    /// The invented documents, then a document of filler paragraphs, so that
    /// cue phrases are as rare as in a real corpus.
    fn corpus(bodies: &[&str]) -> Corpus {
        let filler: String = (0..60)
            .map(|i| format!("Paragraph {i} speaks of the weather and of trade in wool.\n\n"))
            .collect();
        let mut bodies: Vec<&str> = bodies.to_vec();
        bodies.push(&filler);
        let mut corpus = Corpus::new();
        for (index, body) in bodies.iter().enumerate() {
            let source = format!(
                "+++\nid = \"d{index}\"\ntitle = \"D{index}\"\npublished = \"1990-01-01\"\n+++\n{body}"
            );
            corpus
                .insert(parse_document(&source, Origin::Bundled(format!("d{index}.md"))).unwrap());
        }
        corpus
    }

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn at(chronology: &Chronology, date: Date) -> Option<usize> {
        chronology.at(0, date).map(|pick| pick.block)
    }

    #[test]
    fn a_year_answers_for_no_day_but_a_period_does() {
        let corpus = corpus(&[
            "The Free City lasted from 1 March to 7 May 1703.\n\nIn 1703 the whole country was restless and the harvest failed.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        assert_eq!(at(&chronology, day(1703, 4, 10)), Some(0));
    }

    #[test]
    fn a_summary_span_does_not_carry_the_narration() {
        let corpus = corpus(&[
            "The Free City lasted from 1 March to 7 May 1703.\n\nThe guilds met and elected their wardens.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        assert!(chronology.passage_time(0, 1).is_none());
    }

    #[test]
    fn the_passage_writing_the_day_out_wins() {
        let corpus = corpus(&[
            "Shelling grew after 12 April 1703, and after weeks of skirmishes the army entered on 2 May 1703.\n\nIn May 1703 the council sat every day.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        assert_eq!(at(&chronology, day(1703, 5, 2)), Some(0));
    }

    #[test]
    fn a_day_naming_an_event_is_not_the_day_told() {
        let corpus = corpus(&[
            "The 2 May 1703 rising was prepared on the eve of 2 May 1703 by the guilds.\n\nThe army entered on 2 May 1703 and the people rose against it.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        assert_eq!(at(&chronology, day(1703, 5, 2)), Some(1));
    }

    #[test]
    fn a_day_closing_a_stretch_is_not_the_day_told() {
        let corpus = corpus(&["## Until 2 May 1703

The guilds quarrelled over the price of bread.

The army entered on 2 May 1703 and the people rose against it.
"]);
        let chronology = Chronology::build(&corpus, catalog());
        assert_eq!(at(&chronology, day(1703, 5, 2)), Some(2));
        // Unless the day is then told, or a negation makes it the day things
        // came to pass.
        let landmarks = |text: &str| -> Vec<bool> {
            let chronology = Chronology::build(&super::tests::corpus(&[text]), catalog());
            chronology.docs[0]
                .mentions
                .iter()
                .map(|m| m.landmark)
                .collect()
        };
        assert_eq!(
            landmarks(
                "The council sat until 2 May 1703, when the gates opened.
"
            ),
            [false]
        );
        assert_eq!(
            landmarks(
                "The news did not reach the city until 2 May 1703.
"
            ),
            [false]
        );
        assert_eq!(
            landmarks(
                "The news didn't reach the city until 2 May 1703.
"
            ),
            [false]
        );
        assert_eq!(
            landmarks(
                "The council sat until 2 May 1703. It never met again.
"
            ),
            [true]
        );
    }

    #[test]
    fn between_two_narrated_times_the_earlier_one_stands() {
        let corpus =
            corpus(&["On 3 January 1702 the guilds struck.\n\nOn 1 March 1703 the people rose.\n"]);
        let chronology = Chronology::build(&corpus, catalog());
        assert_eq!(
            at(&chronology, day(1702, 6, 1)),
            Some(0),
            "a gap in the narration, not its end"
        );
        assert_eq!(at(&chronology, day(1703, 9, 1)), None, "long after its end");
    }

    #[test]
    fn a_timeless_passage_naming_a_long_event_is_dated_by_it() {
        let corpus = corpus(&[
            "The army ringed the city and the blockade began; months passed in hunger.\n",
            "The Free City was a beacon. The Free City is ours. The Free City lives.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        let time = chronology.passage_time(0, 0).copied().unwrap();
        assert_eq!(time.source, TimeSource::Event);
        assert_eq!(time.span.first, day(1702, 9, 10));
        assert_eq!(at(&chronology, day(1702, 12, 1)), Some(0));
    }

    #[test]
    fn the_subject_of_the_whole_corpus_dates_nothing() {
        let mut bodies = vec!["The Free City inspired us, the Free City was betrayed.\n"; 12];
        bodies.push("We remember the Free City today.\n");
        let corpus = corpus(&bodies);
        let chronology = Chronology::build(&corpus, catalog());
        assert!(chronology.passage_time(0, 0).is_none());
    }

    #[test]
    fn a_quotation_links_a_passage_to_what_it_names_but_does_not_date_it() {
        let corpus = corpus(&[
            "As the chronicler put it: “the firing squads worked through the week of massacres in every street”.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        assert!(
            chronology.passage_time(0, 0).is_none(),
            "{:?}",
            chronology.passage_time(0, 0)
        );
        let massacre = chronology
            .catalog()
            .events()
            .iter()
            .position(|e| e.id == "massacre");
        assert!(
            chronology
                .events_of(0, 0)
                .iter()
                .any(|link| Some(link.event) == massacre),
            "{:?}",
            chronology.events_of(0, 0)
        );
    }

    #[test]
    fn a_heading_naming_a_short_event_dates_its_section() {
        let corpus = corpus(&[
            "## The week of massacres\n\nThousands were dragged from their homes and shot.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        let time = chronology.passage_time(0, 1).copied().unwrap();
        assert_eq!(time.span.first, day(1703, 5, 1));
        assert_eq!(
            at(&chronology, day(1703, 5, 3)),
            Some(1),
            "the passage under the heading, not the heading"
        );
    }

    #[test]
    fn a_passage_leads_to_its_main_event_before_a_side_one() {
        let corpus = corpus(&[
            "On 1 March 1703 the uprising began at the barricade, months after the blockade.\n",
            "The blockade ringed the city; months passed in hunger.\n\nThe uprising broke out at the barricade at dawn.\n",
        ]);
        assert_eq!(jump_target(&corpus), Some(1));
    }

    #[test]
    fn a_named_event_leads_to_a_passage_naming_it_not_one_of_its_day() {
        let corpus = corpus(&[
            "The uprising spread from one barricade to the next.\n",
            "On 1 March 1703 the guilds met at noon and the council sat until late at night.\n\nThe people rose and the uprising took the town hall.\n",
        ]);
        assert_eq!(jump_target(&corpus), Some(1));
    }

    #[test]
    fn a_passage_leads_to_the_event_it_names_not_to_the_one_of_its_day() {
        // Dated on the day of the uprising, it speaks of the massacres.
        let corpus = corpus(&[
            "On 1 March 1703 the chronicler recalled the firing squads of the week of massacres.\n",
            "The firing squads worked through the week of massacres.\n\nOn 1 March 1703 the people rose in the market.\n",
        ]);
        assert_eq!(jump_target(&corpus), Some(0));
    }

    #[test]
    fn a_passage_naming_an_event_has_left_the_moment_before_it_not_its_frame() {
        let corpus = corpus(&["The guilds met.\n"]);
        let mut chronology = Chronology::build(&corpus, catalog());
        let index = |id: &str| {
            chronology
                .catalog()
                .events()
                .iter()
                .position(|e| e.id == id)
                .unwrap()
        };
        let link = |event, score, cues| EventScore {
            event,
            score,
            time: 0.0,
            cues,
            pinned: false,
        };
        // Carried on from the passage before: the uprising (a day) and the
        // blockade (months); named: the massacres.
        let (uprising, blockade, massacre) =
            (index("uprising"), index("blockade"), index("massacre"));
        chronology.docs[0].events[0] = vec![
            link(uprising, 1.4, 0.0),
            link(blockade, 1.2, 0.0),
            link(massacre, 1.0, 1.0),
        ];
        let passages = chronology.docs.iter().map(|d| d.times.len()).sum();
        let links = chronology.source_links(0, 0, passages);
        let score = |event| links.iter().find(|l| l.event == event).unwrap().score;
        assert!(score(uprising) < score(massacre), "{links:?}");
        assert_eq!(score(blockade), 1.2, "the frame the story stays inside");
    }

    #[test]
    fn a_jump_lands_on_the_text_not_on_its_title() {
        let corpus = corpus(&[
            "The firing squads worked through the week of massacres.\n",
            "## The week of massacres\n\nThousands were dragged from their homes and shot.\n",
        ]);
        assert_eq!(jump_target(&corpus), Some(1));
    }

    #[test]
    fn a_title_sharing_words_with_the_passage_is_still_a_title() {
        // A heading's few words meet the passage's closely; the text under it
        // tells the event.
        let corpus = corpus(&[
            "At the tanners' gate of Ostrava the firing squads shot the wardens of Brno.\n",
            "## Firing squads at the tanners' gate: the wardens of Brno\n\nIn the week of massacres soldiers killed prisoners in every yard.\n",
        ]);
        assert_eq!(jump_target(&corpus), Some(1));
    }

    #[test]
    fn a_jump_prefers_a_passage_mainly_about_the_event() {
        // The same event, a little stronger in a passage mainly about another.
        let central = jump_weight((1.0, 1.0), (1.0, 1.0), false);
        let aside = jump_weight((1.0, 1.0), (1.2, 2.6), false);
        assert!(central > aside, "{central} vs {aside}");
        // A side event of the passage leads less far than its main one.
        assert!(
            jump_weight((1.0, 2.0), (2.0, 2.0), false) < jump_weight((2.0, 2.0), (1.0, 1.0), false)
        );
        assert!(jump_weight((1.0, 1.0), (1.0, 1.0), true) < central);
    }

    #[test]
    fn a_continuing_passage_carries_on_the_event_before_it() {
        let day = day(1703, 5, 1);
        let time = |source| {
            Some(PassageTime {
                span: DateSpan::day(day),
                focus: day,
                source,
                confidence: 1.0,
                granularity: Granularity::Day,
            })
        };
        let link = |event, score| EventScore {
            event,
            score,
            time: 0.0,
            cues: score,
            pinned: false,
        };
        let times = [
            time(TimeSource::Own),
            time(TimeSource::Narrative),
            time(TimeSource::Own),
        ];
        let mut events = vec![vec![link(2, 2.0)], vec![link(3, 0.5)], vec![]];
        continue_events(&times, &[false; 3], &mut events);
        assert_eq!(events[1].first().map(|l| l.event), Some(2), "{events:?}");
        assert!(
            events[2].is_empty(),
            "a passage with its own date starts afresh"
        );
    }

    #[test]
    fn an_argument_right_after_a_story_weighs_its_event() {
        let day = day(1703, 5, 1);
        let told = Some(PassageTime {
            span: DateSpan::day(day),
            focus: day,
            source: TimeSource::Own,
            confidence: 1.0,
            granularity: Granularity::Day,
        });
        let link = EventScore {
            event: 2,
            score: 2.0,
            time: 2.0,
            cues: 0.0,
            pinned: false,
        };
        // Told, then an argument with no time and no event of its own.
        let mut events = vec![vec![link], vec![]];
        continue_events(&[told, None], &[false, false], &mut events);
        assert_eq!(events[1].first().map(|l| l.event), Some(2), "{events:?}");
        // Not under a title: the heading's own event is no story told; and a
        // title opens a subject of its own.
        for headings in [[true, false], [false, true]] {
            let mut events = vec![vec![link], vec![]];
            continue_events(&[told, None], &headings, &mut events);
            assert!(events[1].is_empty(), "{headings:?}: {events:?}");
        }
    }

    #[test]
    fn naming_only_the_subject_links_to_it() {
        let cues = vec![vec![0.0, 0.0, 0.0, 0.3], vec![0.0, 0.0, 0.0, 0.0]];
        let umbrella = [false, false, false, true];
        let mut events = vec![Vec::new(), Vec::new()];
        name_the_subject(&cues, &umbrella, &mut events);
        assert_eq!(events[0].first().map(|l| l.event), Some(3));
        assert!(events[1].is_empty());
    }

    #[test]
    fn naming_the_event_the_story_is_inside_keeps_its_day() {
        let corpus = corpus(&[
            "On 2 May 1703 the soldiers came into the lower town.\n\nThe firing squads of the week of massacres worked in the square.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        let time = chronology.passage_time(0, 1).copied().unwrap();
        assert_eq!(time.source, TimeSource::Narrative);
        assert_eq!(time.span, DateSpan::day(day(1703, 5, 2)));
    }

    #[test]
    fn a_passage_placed_after_an_event_tells_the_weeks_after_it() {
        let corpus = corpus(&[
            "On 3 January 1702 the guilds struck.\n\nOnce the uprising had been won, the wardens must keep watch; that is the lesson.\n\nBefore the week of massacres the council must arm the guilds.\n\nThe weavers followed the example set by the Free City.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        let after = chronology.passage_time(0, 1).copied().unwrap();
        assert_eq!(after.source, TimeSource::Event);
        assert_eq!(after.span.first, day(1703, 3, 2), "{after:?}");
        assert!(after.confidence < FALLBACK_EVENT_CONFIDENCE);
        let before = chronology.passage_time(0, 2).copied().unwrap();
        assert_eq!(before.span.last, day(1703, 4, 30), "{before:?}");
        assert_ne!(
            chronology.passage_time(0, 3).map(|t| t.source),
            Some(TimeSource::Event),
            "following an example is no time"
        );
        assert_eq!(at(&chronology, day(1703, 3, 20)), Some(1));
    }

    #[test]
    fn the_subject_of_the_corpus_dates_a_relative_clause_only_by_its_edge() {
        let mut bodies = vec!["The Free City inspired us, the Free City was betrayed.\n"; 12];
        bodies.insert(
            0,
            "After the Free City we must organise.\n\nAfter the fall of the Free City the guilds must rebuild.\n",
        );
        let corpus = corpus(&bodies);
        let chronology = Chronology::build(&corpus, catalog());
        assert!(chronology.passage_time(0, 0).is_none());
        let time = chronology.passage_time(0, 1).copied().unwrap();
        assert_eq!(time.span.first, day(1703, 5, 8));
    }

    #[test]
    fn a_year_naming_an_event_of_that_year_tells_of_the_event() {
        let corpus = corpus(&[
            "Those weavers of 1703 were not lacking in courage: the week of massacres took them all.\n\n## The guilds in 1703\n\nThe weavers of the week of massacres were brave, and we honour them.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        let time = chronology.passage_time(0, 0).copied().unwrap();
        assert_eq!(time.span.first, day(1703, 5, 1), "{time:?}");
        assert_eq!(time.source, TimeSource::Event);
        let framed = chronology.passage_time(0, 2).copied().unwrap();
        assert_eq!(
            framed.source,
            TimeSource::Section,
            "a heading's year is the section's frame: {framed:?}"
        );
    }

    #[test]
    fn a_past_year_is_where_the_story_stood() {
        let corpus = corpus(&[
            "In 1700 the guilds grew restless and struck.\n\nOn 1 March 1703 the people rose.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        assert_eq!(at(&chronology, day(1701, 6, 1)), Some(0));
        assert_eq!(
            at(&chronology, day(1700, 6, 1)),
            None,
            "but it answers for no day in it"
        );
    }

    #[test]
    fn a_look_back_yields_to_the_main_narration() {
        let corpus = corpus(&[
            "On 3 January 1702 the guilds struck.\n\nOn 10 September 1702 the army ringed the city.\n\nOn 1 March 1703 the people rose.\n\nOn 2 May 1703 the soldiers came.\n\nIn October 1702 the weavers of the lower town met in secret every night.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        assert_eq!(
            at(&chronology, day(1702, 10, 15)),
            Some(1),
            "the appendix on October does not beat the story's siege"
        );
        assert_eq!(
            chronology.docs[0].looks_back,
            vec![false, false, false, false, true]
        );
    }

    #[test]
    fn a_look_back_answers_when_the_story_is_silent() {
        let corpus = corpus(&[
            "On 1 March 1703 the people rose.\n\nOn 2 May 1703 the soldiers came.\n\nIn October 1702 the weavers of the lower town met in secret every night.\n",
        ]);
        let chronology = Chronology::build(&corpus, catalog());
        assert_eq!(at(&chronology, day(1702, 10, 15)), Some(2));
    }

    #[test]
    fn shared_rare_names_pick_the_same_scene() {
        let corpus = corpus(&[
            "The uprising began at the barricade when Kovar refused to fire on the crowd.\n",
            "The uprising began at the barricade when the crowd refused to disperse.\n\nThe uprising: at the barricade Kovar would not shoot.\n",
        ]);
        assert_eq!(jump_target(&corpus), Some(1));
    }

    #[test]
    fn words_lead_where_no_event_is_shared() {
        let corpus = corpus(&[
            "The uprising broke out at the barricade; the tanners and the weavers marched.\n",
            "The tanners and the weavers of the lower town marched together.\n\nThe harbour froze.\n",
        ]);
        assert_eq!(jump_target(&corpus), Some(0));
    }

    #[test]
    fn a_long_document_offers_its_best_few_passages_with_their_reasons() {
        let many: String = (0..40)
            .map(|i| format!("At the barricade number {i} the uprising held.\n\n"))
            .collect();
        let corpus = corpus(&["The uprising began at the barricade.\n", &many]);
        let chronology = Chronology::build(&corpus, catalog());
        let related = chronology.related(0, 0);
        assert_eq!(related.len(), RELATED_PER_DOCUMENT);
        assert!(
            related
                .windows(2)
                .all(|pair| pair[0].score >= pair[1].score)
        );
        assert!(related.iter().all(|r| {
            r.doc == 1
                && r.reasons.iter().any(|reason| {
                    matches!(reason, Reason::Event { event, label } if event == "uprising" && label == "The uprising")
                })
        }));
    }
}
