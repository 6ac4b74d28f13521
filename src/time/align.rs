//! Links passages to the events of the catalog.
//!
//! Two kinds of evidence, scored and added:
//! - **time**: the passage's narrated span overlaps the event's, and the dates the
//!   passage writes fall inside it. A long event (the siege, the whole Commune)
//!   overlaps much, so overlap with it counts for less.
//! - **cues**: the event's phrases and names in the passage's words ("Bank of
//!   France", "Beslay"), each worth less the more events share it. This is what
//!   finds the event of a passage that gives no date.
//!
//! A date tells when, not what: when a passage's words name one of the events
//! of its time, its time counts less for the other events of that time.
//!
//! Dates can name an event too: a passage giving an event's first and last day
//! ("from 18 March to 28 May") speaks of it as a whole, and the days it writes
//! there are that event's ends, not days told for their own events: its time
//! is the whole event, not the first day it writes.
//!
//! A document can pin a passage to an event or forbid a link in its front matter.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use super::date::DateSpan;
use super::events::EventCatalog;
use super::lexical::{CAPITAL, JOINED, Lexicon, normalize, normalize_into};
use super::narrative::{PassageTime, TimeSource};
use super::rows::Rows;
use super::tagger::Mention;
use super::timex::Granularity;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Why a passage is linked to an event.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EventScore {
    pub event: usize,
    pub score: f32,
    pub time: f32,
    pub cues: f32,
    pub pinned: bool,
}

/// A link needs at least this score.
pub const LINK_THRESHOLD: f32 = 0.45;
/// A passage keeps at most this many events.
const EVENTS_PER_PASSAGE: usize = 5;
/// Scores past this add nothing: ten cues are not ten times one.
const CUE_CAP: f32 = 2.0;

/// A cue phrase under its first word: its pattern and its other words.
type Phrase = (usize, Box<[u32]>);

/// The cue phrases of every event, found a word at a time.
pub struct CueMatcher {
    /// The phrases' words, numbered first: a text's words are looked up in a
    /// lexicon that starts as a copy of this one (see [`CueMatcher::lexicon`]),
    /// and any id past these is no cue's.
    lexicon: Lexicon,
    /// Each pattern, under the id of its first word: its index and its other
    /// words. A phrase is whole words, and a passage's words are read one by
    /// one; an automaton over the bytes took longer to build for a few hundred
    /// phrases than to read a shelf of texts with.
    by_first_word: Vec<Vec<Phrase>>,
    /// For each pattern: the events it cues.
    patterns: Vec<Vec<usize>>,
    /// For each pattern: what one occurrence is worth (see [`CueMatcher::weigh`]).
    weights: Vec<f32>,
    /// The longest phrase, in words of a text (auxiliaries inside it counted):
    /// how far a phrase holding another reaches.
    longest: usize,
    /// The id of "the", which begins the short titles of longer names.
    the: u32,
    /// Whether each word id is one of [`AUXILIARIES`]: asked for nearly every
    /// word that follows a cue's first word.
    is_auxiliary: Vec<bool>,
}

impl CueMatcher {
    pub fn new(catalog: &EventCatalog) -> CueMatcher {
        let mut phrases: Vec<String> = Vec::new();
        let mut patterns: Vec<Vec<usize>> = Vec::new();
        for (index, event) in catalog.events().iter().enumerate() {
            for cue in &event.cues {
                let phrase = normalize(cue);
                if phrase.trim().is_empty() {
                    continue;
                }
                match phrases.iter().position(|p| *p == phrase) {
                    Some(existing) => {
                        if !patterns[existing].contains(&index) {
                            patterns[existing].push(index);
                        }
                    }
                    None => {
                        phrases.push(phrase);
                        patterns.push(vec![index]);
                    }
                }
            }
        }
        let weights = patterns
            .iter()
            .map(|events| 1.0 / events.len() as f32)
            .collect();
        let longest = phrases
            .iter()
            .map(|phrase| phrase.split_whitespace().count())
            .map(|words| words + MAX_AUXILIARIES * words.saturating_sub(1))
            .max()
            .unwrap_or(0);
        let mut lexicon = Lexicon::default();
        let mut by_first_word: Vec<Vec<Phrase>> = Vec::new();
        for (pattern, phrase) in phrases.iter().enumerate() {
            let mut words = phrase
                .split_whitespace()
                .map(|word| lexicon.intern(word.as_bytes()));
            if let Some(first) = words.next() {
                let rest = words.collect();
                let first = first as usize;
                if first >= by_first_word.len() {
                    by_first_word.resize(first + 1, Vec::new());
                }
                by_first_word[first].push((pattern, rest));
            }
        }
        let the = lexicon.intern(b"the");
        let mut is_auxiliary = Vec::new();
        for word in AUXILIARIES {
            let id = lexicon.intern(word.as_bytes()) as usize;
            if id >= is_auxiliary.len() {
                is_auxiliary.resize(id + 1, false);
            }
            is_auxiliary[id] = true;
        }
        CueMatcher {
            lexicon,
            by_first_word,
            patterns,
            weights,
            longest,
            the,
            is_auxiliary,
        }
    }

    /// The distinct patterns found in a normalised text.
    ///
    /// Words inside a longer name belong to that name: "the final days of the
    /// Commune" names the Bloody Week, not the Commune; "the end of the siege"
    /// the armistice, not the siege. A phrase found inside a longer one is
    /// dropped when it cues an event the longer one does not.
    pub fn matches(&self, normalized: &str) -> Vec<usize> {
        let words: Vec<u32> = normalized
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(|word| self.lexicon.get(word.as_bytes()))
            .collect();
        self.matches_words(&words, &[])
    }

    /// The distinct patterns found in a text, its letter case read (see
    /// [`CueMatcher::matches_words`]).
    pub fn matches_text(&self, text: &str) -> Vec<usize> {
        let (mut words, mut marks) = (Vec::new(), Vec::new());
        self.lexicon.known_ids(text, &mut words, &mut marks);
        self.matches_words(&words, &marks)
    }

    /// The cue phrases' words, as ids: a text's words given ids by a copy of
    /// this lexicon can be told to [`CueMatcher::matches_words`].
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The distinct patterns found in a normalised text's words, as ids of a
    /// lexicon that began as [`CueMatcher::lexicon`] (see
    /// [`CueMatcher::matches`]).
    ///
    /// `marks` are what the text's letter case said of each word
    /// ([`Lexicon::word_ids`]), or nothing: a short title ("the
    /// International", "the Commune") followed by a capitalised word is the
    /// start of a longer proper name ("the International Socialist League"),
    /// another body's, unless a cue found there holds the longer name ("the
    /// International Working Men's Association").
    pub fn matches_words(&self, words: &[u32], marks: &[u8]) -> Vec<usize> {
        // Each phrase found, as (end, start, pattern) in words.
        let mut all: Vec<(usize, usize, usize)> = Vec::new();
        // The short titles a capitalised word goes on from.
        let mut continued: Vec<(usize, usize, usize)> = Vec::new();
        for (at, &word) in words.iter().enumerate() {
            let Some(candidates) = self.by_first_word.get(word as usize) else {
                continue;
            };
            for (pattern, rest) in candidates {
                let Some(end) = self.phrase_end(words, at + 1, rest) else {
                    continue;
                };
                let name_goes_on = word == self.the
                    && marks.get(end - 1).is_some_and(|mark| mark & CAPITAL != 0)
                    && marks
                        .get(end)
                        .is_some_and(|mark| mark & (CAPITAL | JOINED) == CAPITAL | JOINED);
                if name_goes_on {
                    continued.push((end, at, *pattern));
                } else {
                    all.push((end, at, *pattern));
                }
            }
        }
        let longer_names: Vec<(usize, usize, usize)> = continued
            .into_iter()
            .filter(|&(end, _, _)| {
                all.iter()
                    .any(|&(other_end, other_start, _)| other_start < end && end < other_end)
            })
            .collect();
        all.extend(longer_names);
        // By where they end: a phrase holding another ends with it or at most
        // the longest phrase's reach after it, so only those are compared.
        all.sort_unstable();
        let mut found: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|&(index, &(end, start, pattern))| {
                let from = all[..index].partition_point(|&(other_end, _, _)| other_end < end);
                all[from..]
                    .iter()
                    .take_while(|&&(outer_end, _, _)| outer_end <= end + self.longest)
                    .all(|&(outer_end, outer_start, outer)| {
                        !(outer_start <= start
                            && outer_end - outer_start > end - start
                            && self.patterns[pattern]
                                .iter()
                                .any(|event| !self.patterns[outer].contains(event)))
                    })
            })
            .map(|(_, &(_, _, pattern))| pattern)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Where a phrase's words after its first end in `words`, read from
    /// `from`, or None when they are not there. The auxiliaries of the perfect
    /// and the passive may stand between two of them: "the government had
    /// fled" is the cue "the government fled", "Thiers was elected" the cue
    /// "Thiers elected".
    fn phrase_end(&self, words: &[u32], from: usize, rest: &[u32]) -> Option<usize> {
        let mut at = from;
        for &cue_word in rest {
            let mut skipped = 0;
            while words.get(at).is_some_and(|&word| {
                self.is_auxiliary.get(word as usize) == Some(&true) && word != cue_word
            }) && skipped < MAX_AUXILIARIES
            {
                at += 1;
                skipped += 1;
            }
            if words.get(at) != Some(&cue_word) {
                return None;
            }
            at += 1;
        }
        Some(at)
    }

    /// Sets each pattern's worth from how many passages of the corpus contain it:
    /// a phrase shared by n events tells each 1/n as much, and a phrase found in
    /// a large part of the corpus ("the Commune" in texts about the Commune) tells
    /// almost nothing, as in TF-IDF.
    pub fn weigh(&mut self, matches_per_passage: &Rows<usize>) {
        let total = matches_per_passage.len().max(1) as f32;
        let mut frequency = vec![0usize; self.patterns.len()];
        for matches in matches_per_passage.iter() {
            for &pattern in matches {
                if let Some(count) = frequency.get_mut(pattern) {
                    *count += 1;
                }
            }
        }
        for (pattern, events) in self.patterns.iter().enumerate() {
            let rarity = if frequency[pattern] == 0 {
                1.0
            } else {
                ((total / frequency[pattern] as f32).ln() / RARE_CUE_RATIO.ln()).clamp(0.1, 1.0)
            };
            self.weights[pattern] = rarity / events.len() as f32;
        }
    }

    /// Per event: the summed weight of the cue patterns found.
    pub fn scores(&self, matches: &[usize], events: usize) -> Vec<f32> {
        let mut scores = vec![0.0f32; events];
        for &pattern in matches {
            let weight = self.weights.get(pattern).copied().unwrap_or(0.0);
            for &event in self.patterns.get(pattern).map_or(&[][..], Vec::as_slice) {
                if let Some(score) = scores.get_mut(event) {
                    *score += weight;
                }
            }
        }
        scores
    }
}

/// At most this many auxiliaries between two words of a phrase ("had been").
const MAX_AUXILIARIES: usize = 2;

/// The auxiliaries of the perfect and the passive (see [`CueMatcher::phrase_end`]).
const AUXILIARIES: [&str; 9] = [
    "had", "has", "have", "was", "were", "is", "are", "been", "be",
];

/// A cue found in one passage in this many or fewer keeps its full weight.
const RARE_CUE_RATIO: f32 = 40.0;

/// Days between two spans (0 when they overlap).
pub fn span_distance(a: DateSpan, b: DateSpan) -> i64 {
    Days::of(a).distance(Days::of(b))
}

/// A span as day numbers: each passage is compared with every event, and
/// dates are converted once, not once per comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub first: i64,
    pub last: i64,
}

impl Days {
    pub fn of(span: DateSpan) -> Days {
        Days {
            first: span.first.to_days(),
            last: span.last.to_days(),
        }
    }

    /// The days of each event of the catalog, in its order.
    pub fn of_events(catalog: &EventCatalog) -> Vec<Days> {
        catalog
            .events()
            .iter()
            .map(|event| Days {
                first: event.start().to_days(),
                last: event.end().to_days(),
            })
            .collect()
    }

    fn length(self) -> i64 {
        self.last - self.first + 1
    }

    fn holds(self, day: i64) -> bool {
        self.first <= day && day <= self.last
    }

    fn overlaps(self, other: Days) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    /// Days between the two (0 when they overlap).
    fn distance(self, other: Days) -> i64 {
        (other.first - self.last)
            .max(self.first - other.last)
            .max(0)
    }
}

/// What a passage brings to [`time_score`], read once for all the events.
struct PassageDays {
    /// The passage's time, its length in days and what its source is worth.
    time: Option<(Days, f32, f32)>,
    /// Each written date's days and precision.
    mentions: Vec<(Days, Granularity)>,
}

impl PassageDays {
    fn new(time: Option<&PassageTime>, mentions: &[Mention]) -> PassageDays {
        PassageDays {
            time: time.map(|time| {
                let source = match time.source {
                    TimeSource::Own => 1.0,
                    TimeSource::Narrative => 0.7,
                    TimeSource::Section => 0.6,
                    TimeSource::Event => 0.8,
                };
                (Days::of(time.span), time.length() as f32, source)
            }),
            mentions: mentions
                .iter()
                .filter_map(|mention| {
                    Some((Days::of(mention.date_span()?), mention.value.granularity()))
                })
                .collect(),
        }
    }
}

/// How much of an event's time a passage's time and written dates support.
fn time_score(event: Days, passage: &PassageDays) -> f32 {
    let mut score = 0.0;
    if let Some((time, length, source)) = passage.time {
        let first = time.first.max(event.first);
        let last = time.last.min(event.last);
        if first <= last {
            let overlap = (last - first + 1) as f32;
            score += overlap / length * source;
        }
    }
    for &(span, granularity) in &passage.mentions {
        if span.overlaps(event) {
            score += match granularity {
                Granularity::Day => 0.6,
                Granularity::Month => 0.25,
                _ => 0.05,
            };
        }
    }
    if score == 0.0 {
        // Most events are far from a passage's days: no logarithm for them.
        return 0.0;
    }
    let event_length = (event.last - event.first + 1) as f32;
    // A one-day event is a sharp target; the 72 days of the Commune are not.
    let specificity = 1.0 / (1.0 + (1.0 + event_length / 7.0).ln());
    score.min(1.5) * specificity.max(0.25) * 1.6
}

/// An event at least this long is named by its first and last day written
/// together; a day or two are just dates.
const BOUNDED_MIN_DAYS: i64 = 7;
/// What giving both ends of an event is worth: one clear cue.
const BOUNDED_CUE: f32 = 1.0;
/// What the time of a passage is worth for a short event on the first or last
/// day of an event it gives both ends of.
const BOUND_DAY_FACTOR: f32 = 0.5;

/// What the time of a passage is worth for an event its words do not name when
/// they name another event of that time.
const UNNAMED_TIME_FACTOR: f32 = 0.7;

/// Scores every event for one passage and keeps the links above the threshold.
/// `cue_scores` come from [`CueMatcher::scores`], `events` from [`Days::of_events`].
pub fn link_passage(
    events: &[Days],
    cue_scores: &[f32],
    time: Option<&PassageTime>,
    mentions: &[Mention],
) -> Vec<EventScore> {
    let mut passage = PassageDays::new(time, mentions);
    // The days a passage writes out, for the events it gives both ends of.
    let written: Vec<i64> = passage
        .mentions
        .iter()
        .filter(|(days, granularity)| days.first == days.last && *granularity == Granularity::Day)
        .map(|(days, _)| days.first)
        .collect();
    // The events whose first and last day it writes (none, for most
    // passages, which write fewer than two days).
    let bounded: Vec<usize> = if written.len() < 2 {
        Vec::new()
    } else {
        (0..events.len())
            .filter(|&index| {
                let span = events[index];
                span.length() >= BOUNDED_MIN_DAYS
                    && written.contains(&span.first)
                    && written.contains(&span.last)
            })
            .collect()
    };
    // And it tells the whole of it: a time inside the event (the first end it
    // writes, taken for the day told) gives way to the event's days.
    if let Some((days, _, source)) = passage.time
        && let Some(whole) = bounded
            .iter()
            .map(|&index| events[index])
            .filter(|whole| whole.first <= days.first && days.last <= whole.last)
            .max_by_key(|whole| whole.length())
    {
        passage.time = Some((whole, whole.length() as f32, source));
    }
    let times: Vec<f32> = events
        .iter()
        .map(|&span| {
            if passage.time.is_some() || !passage.mentions.is_empty() {
                time_score(span, &passage)
            } else {
                0.0
            }
        })
        .collect();
    // A date tells when, not what: when the words name one of the events of
    // the passage's time, the time no longer speaks as much for the others.
    let named_in_time = (0..events.len())
        .any(|index| times[index] > 0.0 && cue_scores.get(index).copied().unwrap_or(0.0) > 0.0);
    let mut links: Vec<EventScore> = Vec::new();
    for (index, &span) in events.iter().enumerate() {
        let mut cue = cue_scores.get(index).copied().unwrap_or(0.0).min(CUE_CAP);
        // "From 18 March to 28 May": a passage giving an event's first and
        // last day speaks of the event as a whole, as plainly as naming it.
        if bounded.contains(&index) {
            cue = (cue + BOUNDED_CUE).min(CUE_CAP + BOUNDED_CUE);
        }
        // A name that also belongs to another time ("Bonaparte" in 1851 and in
        // 1870) says little when the passage narrates a time far from the event.
        if let (Some(time), Some((days, _, _))) = (time, passage.time)
            && time.source != TimeSource::Section
            && days.distance(span) > 366
        {
            cue *= 0.3;
        }
        let mut time = if named_in_time && cue == 0.0 {
            times[index] * UNNAMED_TIME_FACTOR
        } else {
            times[index]
        };
        // And the days it writes there are the ends of that event, not days
        // told for themselves: a short event on one of them gets less from
        // the passage's time.
        if span.length() < BOUNDED_MIN_DAYS
            && bounded.iter().map(|&whole| events[whole]).any(|whole| {
                whole.first <= span.first
                    && span.last <= whole.last
                    && (span.holds(whole.first) || span.holds(whole.last))
            })
        {
            time *= BOUND_DAY_FACTOR;
        }
        let score = time + cue;
        if score >= LINK_THRESHOLD {
            links.push(EventScore {
                event: index,
                score,
                time,
                cues: cue,
                pinned: false,
            });
        }
    }
    links.sort_by(|a, b| b.score.total_cmp(&a.score));
    links.truncate(EVENTS_PER_PASSAGE);
    // Kept for every passage of the corpus: no room to spare.
    links.shrink_to_fit();
    links
}

/// The proper names of the passages of a corpus, each kept once and known by
/// its id: a passage's names cost a `u32` each, and only a name never seen
/// before allocates.
#[derive(Debug, Default)]
pub struct Names {
    ids: FxHashMap<Box<str>, u32>,
    /// Words as the texts write them to their name's id, or [`NOT_A_NAME`]:
    /// a name recurs, and is folded once.
    written: FxHashMap<Box<str>, u32>,
    /// Each id's name.
    names: Vec<Box<str>>,
    scratch: String,
}

/// What [`Names`] notes of a capitalised word that names nobody.
const NOT_A_NAME: u32 = u32::MAX;

impl Names {
    /// The proper names of a passage: capitalised words that do not open a
    /// sentence (nor follow a quotation mark or a colon), lowercased and with
    /// accents folded, deduplicated, as ids in the order the corpus first showed
    /// them. Month and day names are dates, not names.
    pub fn of(&mut self, text: &str) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        let bytes = text.as_bytes();
        let mut at = 0;
        // A name starts with a capital, and most words do not: only a word
        // with a capital or a letter past ASCII in it is read whole.
        while let Some(offset) = bytes[at..]
            .iter()
            .position(|byte| byte.is_ascii_uppercase() || !byte.is_ascii())
        {
            let hit = at + offset;
            let start = text[..hit]
                .char_indices()
                .rfind(|(_, c)| c.is_whitespace())
                .map_or(0, |(index, c)| index + c.len_utf8());
            let end = text[hit..]
                .find(char::is_whitespace)
                .map_or(text.len(), |offset| hit + offset);
            if end == hit {
                // The hit is a space past ASCII.
                at = hit + text[hit..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            at = end;
            if let Some(id) = self.name_of(&text[start..end], text[..start].trim_end()) {
                found.push(id);
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The id of the name `token` is, if it is one, after the words `before` it.
    fn name_of(&mut self, token: &str, before: &str) -> Option<u32> {
        let opens = before.is_empty()
            || before.ends_with(['.', '!', '?', ':', '“', '"'])
            || before.ends_with(".”")
            || before.ends_with(".\"")
            || token.starts_with(['"', '“', '‘', '\'', '(', '«']);
        if opens {
            return None;
        }
        let lead = token.trim_start_matches(|c: char| !c.is_alphanumeric());
        let mut chars = lead.chars();
        if !chars.next().is_some_and(char::is_uppercase) {
            return None;
        }
        let word = lead.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !chars.any(char::is_lowercase) || word.chars().count() < 3 {
            return None;
        }
        // "Thiers's", "Thiers’": the name without its possessive.
        // (Stripped in loops: a pattern string is costly to set up for every
        // name of a corpus.)
        let mut word = word;
        while let Some(stripped) = word.strip_suffix("'s") {
            word = stripped;
        }
        while let Some(stripped) = word.strip_suffix("’s") {
            word = stripped;
        }
        let id = match self.written.get(word) {
            Some(&id) => id,
            None => {
                let id = self.id_of(word);
                self.written.insert(word.into(), id);
                id
            }
        };
        (id != NOT_A_NAME).then_some(id)
    }

    /// The id of the name a capitalised word writes, new if need be, or
    /// [`NOT_A_NAME`] for a month or a day.
    fn id_of(&mut self, word: &str) -> u32 {
        fold_name(word, &mut self.scratch);
        if self.scratch.is_empty() || is_calendar_word(&self.scratch) {
            return NOT_A_NAME;
        }
        match self.ids.get(self.scratch.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                let name: Box<str> = self.scratch.as_str().into();
                self.ids.insert(name.clone(), id);
                self.names.push(name);
                id
            }
        }
    }

    /// The name of an id `of` gave.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |name| name)
    }

    /// How many distinct names were seen.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// A name as [`normalize`] writes it, trimmed, into `out`: an ASCII word is
/// lowercased in place, any other goes through `normalize`.
fn fold_name(word: &str, out: &mut String) {
    out.clear();
    if !word.is_ascii() {
        normalize_into(word, out);
        out.truncate(out.trim_end().len());
        let padding = out.len() - out.trim_start().len();
        out.drain(..padding);
        return;
    }
    if word.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for byte in word.bytes() {
        if byte.is_ascii_alphanumeric() {
            out.push(char::from(byte.to_ascii_lowercase()));
        } else if byte == b'\'' {
            continue;
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

fn is_calendar_word(word: &str) -> bool {
    matches!(
        word,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::date::Date;

    fn catalog() -> EventCatalog {
        EventCatalog::from_toml(
            r#"
[[event]]
id = "march-18"
label = "18 March"
start = "1871-03-18"
cues = ["cannons", "Montmartre"]
[[event]]
id = "bank"
label = "Bank of France"
start = "1871-03-19"
end = "1871-05-28"
cues = ["Bank of France", "Beslay"]
[[event]]
id = "commune"
label = "The Commune"
start = "1871-03-18"
end = "1871-05-28"
cues = ["Commune"]
"#,
            "t",
        )
        .unwrap()
    }

    #[test]
    fn cues_find_the_event_of_an_undated_passage() {
        let catalog = catalog();
        let cues = CueMatcher::new(&catalog);
        let matches = cues.matches(&normalize(
            "Beslay sat on the Bank of France's gold and did nothing.",
        ));
        let links = link_passage(
            &Days::of_events(&catalog),
            &cues.scores(&matches, 3),
            None,
            &[],
        );
        assert_eq!(
            links.first().map(|l| catalog.events()[l.event].id.as_str()),
            Some("bank")
        );
    }

    #[test]
    fn a_passage_giving_both_ends_of_an_event_tells_the_whole_of_it() {
        use crate::time::tagger::{TagBlock, TagOptions, tag_document};
        let catalog = catalog();
        let cues = CueMatcher::new(&catalog);
        let text =
            "Only ten weeks lay between 18 March 1871, when the guns were taken, and 28 May 1871.";
        let mentions = tag_document(
            &[TagBlock {
                text,
                heading_level: None,
            }],
            &TagOptions {
                numeric: None,
                published_year: Some(2021),
                subject: crate::time::events::EventCatalog::bundled().period(),
            },
        );
        let day = Date::new(1871, 3, 18).unwrap();
        let time = PassageTime {
            span: DateSpan::day(day),
            focus: day,
            source: TimeSource::Own,
            confidence: 0.5,
            granularity: Granularity::Day,
        };
        let links = link_passage(
            &Days::of_events(&catalog),
            &cues.scores(&cues.matches(&normalize(text)), 3),
            Some(&time),
            &mentions,
        );
        let id = |index: usize| catalog.events()[links[index].event].id.as_str();
        assert_eq!(id(0), "commune", "{links:?}");
        // The passage's time is the whole Commune, not the day it was taken
        // from: the guns of its first day get little more than the day it
        // writes.
        assert!(
            links
                .iter()
                .filter(|l| catalog.events()[l.event].id == "march-18")
                .all(|l| l.time < 0.6),
            "{links:?}"
        );
    }

    #[test]
    fn a_dated_passage_prefers_the_sharp_event() {
        let catalog = catalog();
        let cues = CueMatcher::new(&catalog);
        let day = Date::new(1871, 3, 18).unwrap();
        let time = PassageTime {
            span: DateSpan::day(day),
            focus: day,
            source: TimeSource::Section,
            confidence: 1.0,
            granularity: Granularity::Day,
        };
        let matches = cues.matches(&normalize("The troops came at dawn."));
        let links = link_passage(
            &Days::of_events(&catalog),
            &cues.scores(&matches, 3),
            Some(&time),
            &[],
        );
        let ids: Vec<&str> = links
            .iter()
            .map(|l| catalog.events()[l.event].id.as_str())
            .collect();
        assert_eq!(ids.first(), Some(&"march-18"), "{links:?}");
    }

    #[test]
    fn naming_one_event_of_a_day_weakens_the_others() {
        let catalog = catalog();
        let cues = CueMatcher::new(&catalog);
        let day = Date::new(1871, 4, 20).unwrap();
        let time = PassageTime {
            span: DateSpan::day(day),
            focus: day,
            source: TimeSource::Own,
            confidence: 1.0,
            granularity: Granularity::Day,
        };
        let commune_time = |text: &str| {
            let matches = cues.matches(&normalize(text));
            link_passage(
                &Days::of_events(&catalog),
                &cues.scores(&matches, 3),
                Some(&time),
                &[],
            )
            .iter()
            .find(|l| catalog.events()[l.event].id == "commune")
            .map_or(0.0, |l| l.time)
        };
        assert!(
            commune_time("Beslay went to the Bank of France.")
                < commune_time("Nobody went anywhere.")
        );
    }

    #[test]
    fn proper_names_skip_sentence_openings_and_dates() {
        let proper_names = |text: &str| {
            let mut names = Names::default();
            let ids = names.of(text);
            ids.iter()
                .map(|&id| names.name(id).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            proper_names(
                "On 18 March General Lecomte ordered the troops to fire. They refused; Lecomte’s men fraternised with the Montmartre crowd. \"Vinoy fled,\" said Varlin."
            ),
            vec!["general", "lecomte", "montmartre", "varlin"]
        );
        // Any whitespace parts words; a quotation mark opens them; a name is
        // not all capitals.
        assert_eq!(
            proper_names(
                "Troops\u{a0}met Vinoy at the Hôtel de Ville.\u{2003}Then «Thiers» fled; the ÉCOLE closed; Père\u{a0}Lachaise fell."
            ),
            vec!["vinoy", "hotel", "ville", "pere", "lachaise"]
        );
    }

    #[test]
    fn names_fold_as_normalize_does() {
        let mut out = String::new();
        for word in [
            "Saint-Cloud",
            "O'Neil",
            "Hôtel-de-Ville",
            "Mac--Mahon",
            "Thiers’",
            "Ab-",
        ] {
            fold_name(word, &mut out);
            assert_eq!(out, normalize(word).trim(), "{word}");
        }
        let mut names = Names::default();
        let first = names.of("Then Varlin met Beslay, and Varlin left.");
        let second = names.of("Later Beslay came.");
        assert_eq!(first.len(), 2);
        assert_eq!(second, vec![names.ids["beslay"]]);
        assert_eq!(names.len(), 2);
    }

    #[test]
    fn the_repression_told_without_its_name_is_the_bloody_week() {
        // A historian knows the massacre of the Communards for the Bloody Week
        // even when the text does not name the week.
        let catalog = EventCatalog::bundled();
        let mut cues = CueMatcher::new(&catalog);
        let texts = [
            "The Republic was built on the death of the Communards.",
            "After the massacre of the Communards the survivors fled to London.",
            "The crushing of the Commune left the movement leaderless for a decade.",
        ];
        // In accounts of the Commune, "the Commune" and "Communards" are everywhere.
        let mut corpus = Rows::default();
        let everywhere = cues.matches(&normalize("The Communards of the Commune."));
        (0..20).for_each(|_| corpus.push(everywhere.iter().copied()));
        texts
            .iter()
            .for_each(|text| corpus.push(cues.matches(&normalize(text))));
        cues.weigh(&corpus);
        for text in texts {
            let matches = cues.matches(&normalize(text));
            let links = link_passage(
                &Days::of_events(&catalog),
                &cues.scores(&matches, catalog.events().len()),
                None,
                &[],
            );
            assert_eq!(
                links.first().map(|l| catalog.events()[l.event].id.as_str()),
                Some("bloody-week"),
                "{text}: {links:?}"
            );
        }
    }

    #[test]
    fn words_match_whole() {
        let catalog = catalog();
        let cues = CueMatcher::new(&catalog);
        assert!(
            cues.matches(&normalize("Communes everywhere; Montmartres."))
                .is_empty()
        );
    }

    #[test]
    fn every_cue_is_found_in_its_own_words_and_only_as_whole_words() {
        let catalog = EventCatalog::bundled();
        let cues = CueMatcher::new(&catalog);
        for (index, event) in catalog.events().iter().enumerate() {
            for cue in &event.cues {
                let text = format!("Then {cue}, and more.");
                let found = cues.scores(&cues.matches(&normalize(&text)), catalog.events().len());
                assert!(found[index] > 0.0, "{cue:?} of {}", event.id);
                // Glued to other letters, the phrase's words are other words.
                let glued = format!("x{cue}x");
                let found = cues.scores(&cues.matches(&normalize(&glued)), catalog.events().len());
                assert!(
                    found[index] == 0.0 || normalize(cue).split_whitespace().count() > 2,
                    "{glued:?}"
                );
            }
        }
    }

    fn event_index(catalog: &EventCatalog, id: &str) -> usize {
        catalog.events().iter().position(|e| e.id == id).unwrap()
    }

    #[test]
    fn marx_on_the_state_machine_is_found_in_either_translation() {
        // Cues match whole words, so each English rendering of the sentence
        // ("ready-made state machinery", "a ready-made state machine") is listed.
        let catalog = EventCatalog::bundled();
        let cues = CueMatcher::new(&catalog);
        let civil_war = event_index(&catalog, "civil-war-in-france");
        for text in [
            "The working class cannot simply lay hold of the ready-made state machinery.",
            "The working class cannot just take a ready-made state machine and use it.",
        ] {
            let scores = cues.scores(&cues.matches(&normalize(text)), catalog.events().len());
            assert!(scores[civil_war] > 0.0, "{text}");
        }
    }

    #[test]
    fn words_inside_a_longer_name_belong_to_it() {
        let catalog = EventCatalog::from_toml(
            r#"
[[event]]
id = "siege"
label = "The siege"
start = "1870-09-19"
end = "1871-01-28"
cues = ["the siege", "the siege of Paris"]
[[event]]
id = "armistice"
label = "The armistice"
start = "1871-01-28"
cues = ["armistice", "end of the siege"]
"#,
            "t",
        )
        .unwrap();
        let cues = CueMatcher::new(&catalog);
        let events = |text: &str| -> Vec<f32> {
            cues.scores(&cues.matches(&normalize(text)), catalog.events().len())
        };
        // "The end of the siege" names the armistice, not the siege.
        assert_eq!(events("Then came the end of the siege."), vec![0.0, 1.0]);
        // Alone, or beside the other name, the siege is still the siege.
        assert_eq!(events("The siege went on."), vec![1.0, 0.0]);
        assert_eq!(
            events("The siege ended with the armistice."),
            vec![1.0, 1.0]
        );
        // A phrase inside a longer one of the same event still counts.
        assert_eq!(events("The siege of Paris began."), vec![2.0, 0.0]);
    }

    #[test]
    fn a_short_title_that_a_capitalised_word_goes_on_from_is_another_name() {
        let catalog = EventCatalog::bundled();
        let cues = CueMatcher::new(&catalog);
        let international = event_index(&catalog, "founding-of-the-international");
        let commune = event_index(&catalog, "paris-commune");
        let scores = |text: &str| cues.scores(&cues.matches_text(text), catalog.events().len());
        // Another body's name begins with the title.
        assert_eq!(
            scores("In 1990 he joined the International Marxist Tendency.")[international],
            0.0
        );
        // The title alone, before a lowercase word or the end of a sentence.
        for text in [
            "In 1865 he joined the International in Paris.",
            "In 1865 he joined the International. Strikes followed.",
            "In 1865 he joined the International; Strikes followed.",
        ] {
            assert!(scores(text)[international] > 0.0, "{text}");
        }
        // A longer name the catalog knows keeps the title's words, as the
        // words alone do: letter case takes nothing from it.
        let words_only =
            |text: &str| cues.scores(&cues.matches(&normalize(text)), catalog.events().len());
        for (text, event) in [
            (
                "It was the International Working Men's Association that spoke.",
                international,
            ),
            (
                "It was the International Association of Working Men that spoke.",
                international,
            ),
            ("He sat on the Commune Council in April.", commune),
        ] {
            assert!(scores(text)[event] > 0.0, "{text}");
            assert_eq!(scores(text)[event], words_only(text)[event], "{text}");
        }
        // Without the letter case, the words alone cannot tell.
        assert!(words_only("the International Marxist Tendency")[international] > 0.0);
    }

    #[test]
    fn auxiliaries_may_stand_inside_a_phrase() {
        let catalog = EventCatalog::bundled();
        let cues = CueMatcher::new(&catalog);
        let flight = event_index(&catalog, "thiers-flees-to-versailles");
        let executive = event_index(&catalog, "thiers-head-of-executive");
        let scores = |text: &str| cues.scores(&cues.matches_text(text), catalog.events().len());
        assert!(scores("By then the government had fled, and Paris was left.")[flight] > 0.0);
        for text in [
            "In Bordeaux Thiers was elected by the deputies.",
            "In Bordeaux Thiers had been elected by the deputies.",
        ] {
            assert!(scores(text)[executive] > 0.0, "{text}");
        }
        // Other words still part a phrase.
        assert_eq!(
            scores("By then the government quickly fled, and Paris was left.")[flight],
            0.0
        );
    }

    #[test]
    fn a_regime_is_not_the_day_that_founded_it() {
        let catalog = EventCatalog::bundled();
        let cues = CueMatcher::new(&catalog);
        let september_4 = event_index(&catalog, "september-4");
        let names = |text: &str| {
            cues.scores(&cues.matches(&normalize(text)), catalog.events().len())[september_4] > 0.0
        };
        assert!(!names(
            "For fifty years the bourgeoisie ruled the Third Republic."
        ));
        assert!(!names(
            "In January the Government of National Defence sued for an armistice."
        ));
        assert!(names(
            "The crowd at the Hôtel de Ville proclaimed the Republic."
        ));
    }

    #[test]
    fn common_cues_weigh_less() {
        let catalog = catalog();
        let mut cues = CueMatcher::new(&catalog);
        let commune = cues.matches(&normalize("The Commune"));
        let bank = cues.matches(&normalize("The Bank of France"));
        let mut corpus = Rows::default();
        (0..30).for_each(|_| corpus.push(commune.iter().copied()));
        corpus.push(bank.iter().copied());
        cues.weigh(&corpus);
        let commune_score = cues.scores(&commune, 3)[event_index(&catalog, "commune")];
        let bank_score = cues.scores(&bank, 3)[event_index(&catalog, "bank")];
        assert!(
            bank_score > 3.0 * commune_score,
            "{bank_score} vs {commune_score}"
        );
    }
}
