//! Narrated time: which days each passage tells of.
//!
//! A passage *mentions* every date the tagger finds in it, but it *narrates* only
//! some of them. The rules, in the order a careful reader applies them:
//!
//! 1. A document has a main period: where its day- and month-precise mentions
//!    cluster. Dates far outside it ("the revolution of 1789", "October 1917" in an
//!    essay about 1871) and dates of the author's own time ("this 150th year, 2021")
//!    are weak evidence of narration, so they need support (a sentence-initial
//!    position: "On July 17, 1791, the bourgeoisie massacred…") to count.
//! 2. Precise dates weigh more than vague ones (day > month > season > year); a
//!    date opening a sentence ("On 18 March, …", "In April 1871, …") weighs more
//!    than one in the middle of an argument; a date in parentheses weighs less.
//!    A date held up for comparison ("in contrast to the October 1917
//!    revolution", "unlike 1848") or looked back to ("since 1848") is a reference;
//!    a date closing a stretch and then told ("until 28 January, when the masks
//!    fell") is not.
//! 3. A passage's own time is the heaviest cluster of its weighted mentions (dates
//!    within a few weeks of each other); its span runs from the cluster's first day
//!    to its last, its focus is the first such mention in reading order. A
//!    stretch left open ("from September onwards", "since 19 September, Paris
//!    had been surrounded") runs until the next later time a following passage
//!    gives itself, for at most half a year.
//! 4. A passage without a date whose words name a short event of the catalog
//!    ("the capitulation at Sedan") narrates that event's days (see `chronology`);
//!    its own words, not those it quotes: Marx quoted on the Commune's fall is
//!    not the passage telling of it;
//!    a heading needs only one clear name. A passage left with no time at all
//!    that clearly names a longer event ("Paris was encircled": the siege) takes
//!    its span, with low confidence; the subject of the whole corpus ("the
//!    Commune") dates nothing.
//! 5. A passage still without its own time inherits: from the narration just before
//!    it when it reads as narration (past tense, few argument words), otherwise from
//!    the date of the section heading above it ("March 18th 1871"). Passages that
//!    argue rather than narrate, outside any dated section, get none. Only a
//!    definite moment (a month or less, told to the day or month) carries the
//!    narration: after "from 18 March to 28 May", the next paragraph does not
//!    narrate those ten weeks.
//! 6. Each time keeps the precision of the dates that gave it, so that a year
//!    ("in 1871") is never taken for a day.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use super::date::{Date, DateSpan};
use super::tagger::{How, Mention, RangeRole};
use super::timex::Granularity;
use crate::model::{BlockKind, Document};
use serde::Serialize;

/// Where a passage's time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// Its own date mentions.
    Own,
    /// The narration just before it.
    Narrative,
    /// The heading of its section.
    Section,
    /// No date, but its words name a short event of the catalog ("Sedan").
    Event,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PassageTime {
    pub span: DateSpan,
    /// The day the passage starts narrating.
    pub focus: Date,
    pub source: TimeSource,
    /// 1 when the passage's dates agree; towards 0.5 when another time competes
    /// (a summary naming the first and the last day of a period).
    pub confidence: f32,
    /// The finest precision of the dates that gave the span: "from 18 March to
    /// 28 May" is day-precise though long, "in 1871" is only a year.
    pub granularity: Granularity,
}

impl PassageTime {
    /// Days covered, counting both ends.
    pub fn length(&self) -> i64 {
        span_length(self.span)
    }

    /// Whether the time is a definite moment a story can continue from: a few
    /// days or weeks told with day or month precision. A summary of a period
    /// ("from 18 March to 28 May") or a year is not where the next paragraph
    /// stands.
    pub fn is_precise(&self) -> bool {
        self.length() <= PRECISE_SPAN_DAYS && self.granularity <= Granularity::Month
    }
}

/// The longest time a narration can be said to stand at: about a month.
pub const PRECISE_SPAN_DAYS: i64 = 31;

pub fn span_length(span: DateSpan) -> i64 {
    span.last.to_days() - span.first.to_days() + 1
}

/// Mentions further apart than this start a new cluster.
const CLUSTER_GAP_DAYS: i64 = 45;
/// The least weight a cluster needs to date a passage.
const MIN_CLUSTER_WEIGHT: f32 = 1.0;

/// The main period of a document: the middle 80% of its precise mentions, widened
/// by six months on each side. `None` when it has no precise mention.
pub fn main_period(mentions: &[Mention], published_year: Option<i32>) -> Option<DateSpan> {
    let precise = || {
        mentions
            .iter()
            .filter(|m| matches!(m.value.granularity(), Granularity::Day | Granularity::Month))
            .filter_map(|m| m.date_span())
    };
    let mut days: Vec<i64> = precise()
        .filter(|span| !is_authors_time(span.first, published_year))
        .map(|span| span.first.to_days())
        .collect();
    if days.is_empty() {
        // Every precise date is in the author's own years: a diary, letters or a
        // report written at the time tells its own present.
        days = precise().map(|span| span.first.to_days()).collect();
    }
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let low = days[days.len() / 10];
    let high = days[(days.len() * 9) / 10].max(low);
    Some(DateSpan {
        first: Date::from_days(low - 183),
        last: Date::from_days(high + 183),
    })
}

/// A date in the years the document was written in is the author's present, not
/// the history being told (unless the whole document is about its own present,
/// which the main period then shows).
fn is_authors_time(date: Date, published_year: Option<i32>) -> bool {
    published_year.is_some_and(|year| date.year() >= year - 1)
}

fn granularity_weight(granularity: Granularity) -> f32 {
    match granularity {
        Granularity::Day => 3.0,
        Granularity::Month => 2.0,
        Granularity::Season => 1.5,
        Granularity::Year => 1.0,
        Granularity::Decade | Granularity::Century => 0.0,
    }
}

/// Words that, just before a date, mark it as a reference point rather than the
/// time being told: "since 1848", "the anniversary of 18 March".
const REFERENCE_WORDS: &[&str] = &["since", "anniversary", "unlike", "compared", "until"];

/// Sentence openers that introduce the time being told.
const OPENERS: &[&str] = &[
    "on",
    "in",
    "during",
    "by",
    "from",
    "at",
    "after",
    "before",
    "until",
    "early",
    "late",
    "towards",
    "toward",
    "throughout",
    "between",
];

/// How strongly a mention is evidence that the passage narrates its date.
fn narration_weight(
    mention: &Mention,
    text: &str,
    period: Option<DateSpan>,
    published_year: Option<i32>,
) -> f32 {
    let Some(span) = mention.date_span() else {
        return 0.0;
    };
    let mut weight = granularity_weight(mention.value.granularity());
    if weight == 0.0 {
        return 0.0;
    }
    if mention.how == How::Relative {
        // "the next day" only occurs inside a narration.
        weight = weight.max(2.5);
    }
    let before = &text[..mention.range.start.min(text.len())];
    let opening = opens_sentence(before);
    if opening {
        weight *= 1.5;
    }
    let outside_period = period.is_some_and(|p| span.last < p.first || span.first > p.last);
    if is_authors_time(span.first, published_year)
        && !period.is_some_and(|p| p.contains(span.first))
    {
        weight *= 0.2;
    } else if outside_period {
        weight *= if opening { 0.7 } else { 0.3 };
    }
    let previous_word = before
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let told = previous_word == "since" && opens_range(mention, text)
        || previous_word == "until" && is_then_told(mention, text);
    if !told && REFERENCE_WORDS.contains(&previous_word.as_str())
        || compares(before)
        || before.trim_end().ends_with("of the")
            && text[mention.range.end.min(text.len())..]
                .trim_start()
                .starts_with("anniversary")
    {
        weight *= 0.3;
    }
    if inside_parentheses(before) {
        weight *= 0.5;
    }
    weight
}

/// Whether the words just before a date hold it up as a comparison ("in contrast
/// to the October 1917 revolution", "unlike the days of June 1848", "compared
/// with 1848"): the time set beside the story is not the story's time, even when
/// it opens the sentence.
fn compares(before: &str) -> bool {
    let clause_start = before
        .rfind([',', '.', ';', ':', '!', '?'])
        .map_or(0, |i| i + 1);
    // The last words only, read from the end and compared without case: a
    // clause can be long, and every date of the corpus is asked.
    let mut recent: Vec<&str> = before[clause_start..]
        .split(|c: char| !c.is_alphanumeric())
        .rev()
        .filter(|w| !w.is_empty())
        .take(COMPARISON_REACH)
        .collect();
    recent.reverse();
    let is_any = |word: Option<&&str>, wanted: &[&str]| {
        word.is_some_and(|word| wanted.iter().any(|w| word.eq_ignore_ascii_case(w)))
    };
    (0..recent.len()).any(|index| {
        is_any(recent.get(index), &["unlike"])
            || is_any(recent.get(index), &["contrast", "compared", "comparison"])
                && is_any(recent.get(index + 1), &["to", "with"])
    })
}

/// Whether a date opens a stretch of time the passage tells without closing it:
/// "from September onwards", "from 1868 on", or "since 19 September" told in
/// the past perfect ("Paris had been surrounded"), which sets the start of a
/// state the story is in, where "since 1848" in the present tense only looks back.
pub fn opens_range(mention: &Mention, text: &str) -> bool {
    if mention.range_role.is_some() {
        return false;
    }
    let start = mention.range.start.min(text.len());
    let end = mention.range.end.min(text.len());
    let previous = text[..start]
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let after = &text[end..];
    let sentence = &after[..after.find(['.', '!', '?', ';']).unwrap_or(after.len())];
    let next = sentence
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    match previous.as_str() {
        "from" => matches!(next.as_str(), "onwards" | "onward" | "on"),
        "since" => sentence
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("had")),
        _ => false,
    }
}

/// Whether the date closing a stretch is then told as a moment of the story:
/// "until 28 January, when the masks fell" narrates the 28th; "until 1875"
/// alone only bounds what came before.
fn is_then_told(mention: &Mention, text: &str) -> bool {
    let after = text[mention.range.end.min(text.len())..].trim_start_matches([',', ' ']);
    after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .is_some_and(|word| word.eq_ignore_ascii_case("when"))
}

/// How many words before a date a comparison can stand ("in contrast to the
/// revolution of October 1917").
const COMPARISON_REACH: usize = 6;

/// Whether only an opener like "On", "In the night of" stands between the start of
/// the sentence and the mention.
fn opens_sentence(before: &str) -> bool {
    let sentence_start = before.rfind(['.', '!', '?', ';', ':']).map_or(0, |i| i + 1);
    let lead = before[sentence_start..]
        .trim()
        .trim_start_matches(['“', '"', '‘', '\'', '(']);
    if lead.is_empty() {
        return true;
    }
    // Counted up to five, and only the first lowercased: the sentence can
    // be long, and every date of the corpus is asked.
    let mut words = lead.split_whitespace();
    let first = words.next().map(str::to_lowercase);
    words.take(4).count() <= 3 && first.is_some_and(|first| OPENERS.contains(&first.as_str()))
}

fn inside_parentheses(before: &str) -> bool {
    before
        .rfind('(')
        .is_some_and(|open| before.rfind(')').is_none_or(|close| close < open))
}

/// Evidence that a passage tells what happened rather than argues: past-tense verbs
/// against present-tense, modal and first-person words. Positive means narrative.
pub fn narrative_score(text: &str) -> f32 {
    let mut tally = Tally::default();
    // Every passage of a corpus is scored as it loads: ASCII words are read
    // byte by byte and lowercased into a stack buffer, and only a word with
    // another letter in it is lowercased as a new string.
    let mut buffer = [0u8; 24];
    let mut length = 0usize;
    let mut start = 0usize;
    let mut ascii = true;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let (lower, width) = match ASCII_LOWER_LETTERS.get(usize::from(byte)) {
            Some(&lower) => (lower, 1),
            None => {
                let c = text[index..].chars().next().unwrap_or(' ');
                (if c.is_alphabetic() { byte } else { 0 }, c.len_utf8())
            }
        };
        if lower != 0 {
            if let Some(slot) = buffer.get_mut(length) {
                *slot = lower;
            }
            length += 1;
            ascii &= width == 1;
        } else {
            tally.word(&text[start..index], &buffer, length, ascii);
            start = index + width;
            length = 0;
            ascii = true;
        }
        index += width;
    }
    tally.word(&text[start..], &buffer, length, ascii);
    let (past, present) = (tally.past, tally.present);
    (past as f32 - 1.5 * present as f32) / (past + present + 1) as f32
}

/// Each ASCII byte's lowercase if it is a letter, else 0.
const ASCII_LOWER_LETTERS: [u8; 128] = {
    let mut table = [0; 128];
    let mut byte = 0;
    while byte < 128 {
        if (byte as u8).is_ascii_alphabetic() {
            table[byte] = (byte as u8).to_ascii_lowercase();
        }
        byte += 1;
    }
    table
};

/// The words [`narrative_score`] counts.
#[derive(Default)]
struct Tally {
    past: usize,
    present: usize,
}

impl Tally {
    /// Counts `word`, whose first `length` letters `lowered` holds lowercased
    /// when it is `ascii`.
    fn word(&mut self, word: &str, lowered: &[u8], length: usize, ascii: bool) {
        if word.is_empty() {
            return;
        }
        let owned;
        let lower = if !ascii {
            owned = word.to_lowercase();
            owned.as_bytes()
        } else if length <= lowered.len() {
            &lowered[..length]
        } else {
            // Longer than any word of either list: only a regular past tense.
            owned = word.to_ascii_lowercase();
            owned.as_bytes()
        };
        match narrative_word(lower) {
            Some(true) => self.past += 1,
            Some(false) => self.present += 1,
            None => {}
        }
    }
}

/// A lowercase word's part in [`narrative_score`]: `Some(true)` for a past
/// tense (common irregular verbs, and regular ones by their ending),
/// `Some(false)` for a present-tense, modal or first-person word of argument.
fn narrative_word(word: &[u8]) -> Option<bool> {
    match word {
        b"was" | b"were" | b"had" | b"took" | b"came" | b"went" | b"fled" | b"fought" | b"made"
        | b"began" | b"fell" | b"gave" | b"left" | b"sent" | b"led" | b"saw" | b"met" | b"held"
        | b"rose" | b"ran" | b"won" | b"lost" | b"shot" | b"died" | b"stood" | b"kept"
        | b"brought" | b"seized" | b"marched" | b"arrived" | b"refused" | b"ordered" | b"tried"
        | b"decided" | b"declared" | b"proclaimed" | b"elected" | b"occupied" | b"killed" => {
            Some(true)
        }
        b"is" | b"are" | b"must" | b"can" | b"should" | b"will" | b"shall" | b"we" | b"our"
        | b"us" | b"today" | b"lesson" | b"lessons" | b"shows" | b"teaches" | b"need"
        | b"needs" | b"let" | b"cannot" | b"means" | b"remains" => Some(false),
        _ => is_past_tense(word).then_some(true),
    }
}

/// A regular past tense, by its ending ("-ed", not "-eed").
fn is_past_tense(word: &[u8]) -> bool {
    word.len() > 5 && word.ends_with(b"ed") && !word.ends_with(b"eed")
}

/// Which side of a named event a passage tells of: "after the armistice",
/// "once the elections had been held" (after); "before the army entered",
/// "on the eve of Sedan" (before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

/// Which day of a long event a relative clause counts from: "after the fall of
/// the Commune" from its last day, "after the founding of the Commune" from
/// its first. A short event has one day to count from either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// A clause dating its passage by an event rather than by the calendar: the
/// side, the edge of the event it counts from, and the words naming the event
/// (up to the end of the clause, at most [`RELATIVE_CLAUSE_WORDS`] words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelativeClause<'a> {
    pub side: Side,
    pub edge: Option<Edge>,
    pub words: &'a str,
}

/// How many words after "after" or "before" can name the event.
pub const RELATIVE_CLAUSE_WORDS: usize = 6;

/// The clauses of a text that place it before or after an event: historians
/// date by events as much as by the calendar ("in the days after the
/// armistice", "once the elections had been held"). The event itself is for
/// the catalog's cues to find in `words`.
pub fn relative_clauses(text: &str) -> Vec<RelativeClause<'_>> {
    let mut clauses = Vec::new();
    let spans = word_spans(text);
    // Compared without case, not lowercased: every word of the corpus is asked.
    let word_is = |index: usize, wanted: &str| {
        spans
            .get(index)
            .is_some_and(|&(a, b)| text[a..b].eq_ignore_ascii_case(wanted))
    };
    let any_of = |index: usize, wanted: &[&str]| wanted.iter().any(|w| word_is(index, w));
    for index in 0..spans.len() {
        let side = if any_of(index, &["after", "once", "following", "since"]) {
            // "since the armistice, Paris had…"; "since 1848" has no event.
            Side::After
        } else if word_is(index, "before")
            // "on the eve of Sedan"
            || word_is(index, "eve") && word_is(index + 1, "of")
        {
            Side::Before
        } else if any_of(index, &["wake", "aftermath"]) && word_is(index + 1, "of") {
            // "in the wake of", "in the aftermath of"
            Side::After
        } else {
            continue;
        };
        // "eve of", "wake of": the event is named after the "of".
        let marker = if any_of(index, &["eve", "wake", "aftermath"]) {
            index + 1
        } else {
            index
        };
        let from = spans[marker].1;
        let rest = &text[from..];
        let clause_end = rest
            .find([',', '.', ';', ':', '!', '?', '(', ')'])
            .unwrap_or(rest.len());
        let clause = &rest[..clause_end];
        let clause = match word_spans(clause).get(RELATIVE_CLAUSE_WORDS) {
            Some(&(cut, _)) => &clause[..cut],
            None => clause,
        };
        let lower = clause.to_lowercase();
        let edge = if [
            "founding of",
            "foundation of",
            "organization of",
            "organisation of",
            "creation of",
            "formation of",
            "birth of",
            "proclamation of",
            "beginning of",
            "start of",
            "outbreak of",
            "opening of",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            Some(Edge::Start)
        } else if [
            "fall of",
            "end of",
            "defeat of",
            "crushing of",
            "collapse of",
            "suppression of",
            "last days of",
            "close of",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            Some(Edge::End)
        } else {
            None
        };
        clauses.push(RelativeClause {
            side,
            edge,
            words: clause,
        });
    }
    clauses
}

/// Byte ranges of the words of a text ("Thiers's", "Hôtel-de-Ville" are one).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        // ASCII without decoding: every undated passage is read this way.
        let (inside, width) = if byte.is_ascii() {
            (
                byte.is_ascii_alphanumeric() || matches!(byte, b'\'' | b'-'),
                1,
            )
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric() || c == '’', c.len_utf8())
        };
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(first)) => {
                spans.push((first, at));
                start = None;
            }
            _ => {}
        }
        at += width;
    }
    if let Some(first) = start {
        spans.push((first, text.len()));
    }
    spans
}

/// Each passage's own time, from its own mentions only.
pub fn own_times(
    document: &Document,
    mentions: &[Mention],
    published_year: Option<i32>,
) -> Vec<Option<PassageTime>> {
    let period = main_period(mentions, published_year);
    let mut start = 0;
    let found: Vec<Option<(PassageTime, bool)>> = (0..document.blocks.len())
        .map(|index| {
            let end = start + mentions[start..].partition_point(|m| m.block == index);
            let own_mentions = &mentions[start..end];
            start = end;
            own_time(
                own_mentions,
                document.block_text(index),
                period,
                published_year,
                document.blocks[index].kind,
            )
        })
        .collect();
    close_open_times(&found)
}

/// The longest an open start ("from September onwards") is read to run.
const OPEN_RANGE_MAX_DAYS: i64 = 183;

/// A stretch of time left open ("from September onwards") runs until the story
/// moves on: to the day before the next later time a following passage gives
/// itself, for at most half a year. With no later time it stays as written.
fn close_open_times(found: &[Option<(PassageTime, bool)>]) -> Vec<Option<PassageTime>> {
    found
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let (mut time, open) = (*entry)?;
            if !open {
                return Some(time);
            }
            let next = found[index + 1..]
                .iter()
                .flatten()
                .map(|(later, _)| later.span.first)
                .find(|first| *first > time.span.last);
            if let Some(next) = next {
                let last =
                    (next.to_days() - 1).min(time.span.first.to_days() + OPEN_RANGE_MAX_DAYS - 1);
                time.span.last = time.span.last.max(Date::from_days(last));
            }
            Some(time)
        })
        .collect()
}

/// Fills in the passages that have no time of their own: a narrative passage
/// continues the narration before it (until an argument or a new section breaks
/// it), any other passage takes its section heading's time. `narrates` says,
/// per block, whether [`narrative_score`] finds it telling a story: worked out
/// once by the caller, since a load fills in times several times over.
pub fn inherit_times(
    document: &Document,
    own: &[Option<PassageTime>],
    narrates: &[bool],
) -> Vec<Option<PassageTime>> {
    let mut times: Vec<Option<PassageTime>> = Vec::with_capacity(own.len());
    // Headings above the current block: (level, time).
    let mut sections: Vec<(u8, Option<PassageTime>)> = Vec::new();
    let mut narration: Option<PassageTime> = None;
    for (index, block) in document.blocks.iter().enumerate() {
        let own = own.get(index).copied().flatten();
        if let BlockKind::Heading { level } = block.kind {
            sections.retain(|(other, _)| *other < level);
            sections.push((level, own));
            narration = None;
            times.push(own);
            continue;
        }
        if let Some(own) = own {
            // Only a definite moment carries forward: after "from 18 March to
            // 28 May", the next paragraph does not narrate those ten weeks.
            narration = own.is_precise().then_some(own);
            times.push(Some(own));
            continue;
        }
        let section_time = sections.iter().rev().find_map(|(_, time)| *time);
        let narrates = narrates.get(index).copied().unwrap_or(false);
        let inherited = match narration {
            Some(time) if narrates => Some(PassageTime {
                source: TimeSource::Narrative,
                ..time
            }),
            _ => {
                // An argument breaks the narration's thread.
                narration = None;
                section_time.map(|time| PassageTime {
                    source: TimeSource::Section,
                    ..time
                })
            }
        };
        times.push(inherited);
    }
    times
}

/// Dates every passage of a document from its mentions alone (no events).
pub fn date_passages(
    document: &Document,
    mentions: &[Mention],
    published_year: Option<i32>,
) -> Vec<Option<PassageTime>> {
    let narrates: Vec<bool> = (0..document.blocks.len())
        .map(|block| narrates(document.block_text(block)))
        .collect();
    inherit_times(
        document,
        &own_times(document, mentions, published_year),
        &narrates,
    )
}

/// Whether a passage tells a story, by its verbs (see [`narrative_score`]).
pub fn narrates(text: &str) -> bool {
    narrative_score(text) > 0.0
}

/// A passage's own time from its mentions, or `None` when they are too weak, and
/// whether the passage leaves it open at the end ("from September onwards").
fn own_time(
    mentions: &[Mention],
    text: &str,
    period: Option<DateSpan>,
    published_year: Option<i32>,
    kind: BlockKind,
) -> Option<(PassageTime, bool)> {
    let mut weighted: Vec<(DateSpan, f32, usize, Granularity)> = Vec::new();
    let mut index = 0;
    while index < mentions.len() {
        let mention = &mentions[index];
        index += 1;
        let Some(mut span) = mention.date_span() else {
            continue;
        };
        let mut weight = narration_weight(mention, text, period, published_year);
        if matches!(kind, BlockKind::Heading { .. }) {
            // A heading's dates are what its section is about.
            weight = weight.max(granularity_weight(mention.value.granularity()));
        }
        // "from 18 March to 28 May": the two ends are one span of narrated time.
        if mention.range_role == Some(RangeRole::Start)
            && let Some(end) = mentions
                .get(index)
                .filter(|m| m.range_role == Some(RangeRole::End))
            && let Some(end_span) = end.date_span()
            && end_span.last >= span.first
        {
            span.last = end_span.last;
            weight = weight.max(narration_weight(end, text, period, published_year));
            index += 1;
        }
        if weight > 0.0 {
            weighted.push((
                span,
                weight,
                mention.range.start,
                mention.value.granularity(),
            ));
        }
    }
    if weighted.is_empty() {
        return None;
    }
    weighted.sort_by_key(|(span, _, _, _)| span.first);
    let mut best: Option<(f32, DateSpan, usize, Granularity)> = None;
    let mut weights: Vec<f32> = Vec::new();
    let mut cluster_start = 0;
    for index in 0..=weighted.len() {
        let breaks = index == weighted.len()
            || index > cluster_start && {
                let cluster_end = weighted[cluster_start..index]
                    .iter()
                    .map(|(s, _, _, _)| s.last)
                    .max();
                cluster_end.is_some_and(|end| {
                    weighted[index].0.first.to_days() - end.to_days() > CLUSTER_GAP_DAYS
                })
            };
        if !breaks {
            continue;
        }
        let cluster = &weighted[cluster_start..index];
        let weight: f32 = cluster.iter().map(|(_, w, _, _)| w).sum();
        weights.push(weight);
        let first = cluster.iter().map(|(s, _, _, _)| s.first).min();
        let last = cluster.iter().map(|(s, _, _, _)| s.last).max();
        let earliest_in_text = cluster.iter().map(|(_, _, at, _)| *at).min().unwrap_or(0);
        let finest = cluster
            .iter()
            .map(|(_, _, _, g)| *g)
            .min()
            .unwrap_or(Granularity::Year);
        if let (Some(first), Some(last)) = (first, last) {
            // Between equal weights the cluster read first wins: narration states
            // its time before it digresses.
            let better = best.is_none_or(|(w, _, at, _)| {
                weight > w + 0.01 || (weight + 0.01 >= w && earliest_in_text < at)
            });
            if better {
                best = Some((weight, DateSpan { first, last }, earliest_in_text, finest));
            }
        }
        cluster_start = index;
    }
    let (weight, span, first_at, granularity) = best?;
    if weight < MIN_CLUSTER_WEIGHT {
        return None;
    }
    let open = mentions.iter().any(|m| {
        m.date_span()
            .is_some_and(|s| s.first == span.first && s.last == span.last)
            && opens_range(m, text)
    });
    let focus = mentions
        .iter()
        .filter(|m| m.range.start >= first_at)
        .filter_map(|m| m.date_span())
        .find(|s| s.first >= span.first && s.last <= span.last)
        .map_or(span.first, |s| s.first);
    weights.sort_by(|a, b| b.total_cmp(a));
    let second = weights.get(1).copied().unwrap_or(0.0);
    Some((
        PassageTime {
            span,
            focus,
            source: TimeSource::Own,
            confidence: weight / (weight + second),
            granularity,
        },
        open,
    ))
}

#[cfg(test)]
mod contemporary_tests {
    use super::*;
    use crate::time::tagger::{TagBlock, TagOptions, tag_document};

    #[test]
    fn a_text_written_at_the_time_narrates_its_own_present() {
        let blocks = [TagBlock {
            text: "On 22 May 1871 the barricades went up in our street.",
            heading_level: None,
        }];
        let mentions = tag_document(
            &blocks,
            &TagOptions {
                numeric: None,
                published_year: Some(1871),
                subject: crate::time::events::EventCatalog::bundled().period(),
            },
        );
        let period = main_period(&mentions, Some(1871)).expect("a period");
        assert!(period.contains(Date::new(1871, 5, 22).unwrap()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_document;
    use crate::model::Origin;
    use crate::time::tagger::{TagBlock, TagOptions, tag_document};

    /// [`narrative_score`] as its documentation states it: words are runs of
    /// letters, lowercased, each counted by [`narrative_word`].
    fn narrative_score_by_the_word(text: &str) -> f32 {
        let (mut past, mut present) = (0usize, 0usize);
        for word in text.split(|c: char| !c.is_alphabetic()) {
            match narrative_word(word.to_lowercase().as_bytes()) {
                Some(true) => past += 1,
                Some(false) => present += 1,
                None => {}
            }
        }
        (past as f32 - 1.5 * present as f32) / (past + present + 1) as f32
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn narrative_score_reads_words_as_runs_of_letters(
            text in "((WAS|Was|was|We|WERE|Declared|İs|ÉTAIT|décidéd|REFUSED|Marched|unconditionallyrefused|is)|[a-zA-Z0-9 .,'’—é\u{130}]|\\PC){0,40}"
        ) {
            proptest::prop_assert_eq!(narrative_score(&text), narrative_score_by_the_word(&text));
        }
    }

    fn dated(body: &str, published: &str) -> (Document, Vec<Option<PassageTime>>) {
        let source =
            format!("+++\nid = \"t\"\ntitle = \"T\"\npublished = \"{published}\"\n+++\n{body}");
        let document = parse_document(&source, Origin::Bundled("t.md".into())).unwrap();
        let blocks: Vec<TagBlock> = (0..document.blocks.len())
            .map(|i| TagBlock {
                text: document.block_text(i),
                heading_level: match document.blocks[i].kind {
                    BlockKind::Heading { level } => Some(level),
                    _ => None,
                },
            })
            .collect();
        let year = document.published_year();
        let mentions = tag_document(
            &blocks,
            &TagOptions {
                numeric: None,
                published_year: year,
                subject: crate::time::events::EventCatalog::bundled().period(),
            },
        );
        let times = date_passages(&document, &mentions, year);
        (document, times)
    }

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn own_dates_and_section_inheritance() {
        let (_, times) = dated(
            "## March 18th 1871\n\nAt dawn the troops climbed the Butte and seized the cannons.\n\nWe must learn the lesson: the party is needed.\n\nOn 21 May 1871 the army entered through the Saint-Cloud gate.\n",
            "2021-03-24",
        );
        assert_eq!(times[0].unwrap().span, DateSpan::day(day(1871, 3, 18)));
        let second = times[1].unwrap();
        assert_eq!(second.source, TimeSource::Section);
        assert_eq!(second.focus, day(1871, 3, 18));
        assert_eq!(
            times[2].unwrap().source,
            TimeSource::Section,
            "a dated section dates even its arguments"
        );
        assert_eq!(times[3].unwrap().focus, day(1871, 5, 21));
        assert_eq!(times[3].unwrap().source, TimeSource::Own);
    }

    #[test]
    fn narration_continues_but_argument_does_not() {
        let (_, times) = dated(
            "On 18 March 1871 the troops came for the cannons of Montmartre.\n\nThe women of the quarter surrounded them and the soldiers refused to fire.\n\nThe lesson is clear: we need a party and we must organise today.\n",
            "2021-03-24",
        );
        assert_eq!(times[1].unwrap().source, TimeSource::Narrative);
        assert_eq!(times[2], None);
    }

    #[test]
    fn dates_in_passing_do_not_date_a_passage() {
        let (_, times) = dated(
            "On 18 March 1871 the Commune was born, unlike in 1789 when the bourgeoisie took power.\n\nThe ideas of 1789 are not ours and we say it today.\n\nThis anniversary, in 2021, is ours.\n",
            "2021-01-29",
        );
        assert_eq!(times[0].unwrap().span, DateSpan::day(day(1871, 3, 18)));
        assert_eq!(times[1], None, "a year in passing is not narration");
        assert_eq!(
            times[2], None,
            "the author's own year is not the history told"
        );
    }

    #[test]
    fn ranges_give_spans() {
        let (_, times) = dated("It lasted from 18 March to 28 May 1871.\n", "2021-03-24");
        let time = times[0].unwrap();
        assert_eq!(
            time.span,
            DateSpan {
                first: day(1871, 3, 18),
                last: day(1871, 5, 28)
            }
        );
        assert_eq!(time.length(), 72);
    }

    #[test]
    fn only_a_definite_moment_carries_the_narration() {
        let (_, times) = dated(
            "The guild republic lasted from 2 March to 30 June 1702.\n\nThe weavers marched and the council fled.\n\nOn 4 July 1702 the gates were opened.\n\nThe soldiers came in and took the square.\n",
            "1990-01-01",
        );
        let summary = times[0].unwrap();
        assert_eq!(summary.granularity, Granularity::Day);
        assert!(!summary.is_precise());
        assert_eq!(times[1], None, "a summary is not where the story stands");
        assert_eq!(times[3].unwrap().source, TimeSource::Narrative);
        assert_eq!(times[3].unwrap().focus, day(1702, 7, 4));
    }

    #[test]
    fn a_date_held_up_for_comparison_is_not_the_story_told() {
        let (_, times) = dated(
            "In contrast to the rising of May 1702, the seizure of the town in March 1703 was nobody's plan.\n",
            "1990-01-01",
        );
        let time = times[0].unwrap();
        assert_eq!(time.span.first, day(1703, 3, 1), "{time:?}");
        assert!(compares("Unlike the guilds of "));
        assert!(compares("compared with the days of "));
        assert!(!compares("the contrast was sharp, and in "));
    }

    #[test]
    fn an_open_start_runs_until_the_story_moves_on() {
        let (_, times) = dated(
            "While the duke's armies blockaded the town from September 1702 onwards, the guilds armed.\n\nIn February 1703 the council gave way.\n",
            "1990-01-01",
        );
        let time = times[0].unwrap();
        assert_eq!(time.span.first, day(1702, 9, 1));
        assert_eq!(time.span.last, day(1703, 1, 31), "{time:?}");
    }

    #[test]
    fn since_in_the_past_perfect_starts_a_state_but_since_in_the_present_looks_back() {
        let (_, times) = dated(
            "Since 19 September 1702, the town had been ringed by the duke's troops.\n\nThe guilds have held their feast every year since 1702, as we do today.\n\nOn 3 December 1702 the gates opened.\n",
            "1990-01-01",
        );
        let state = times[0].unwrap();
        assert_eq!(state.span.first, day(1702, 9, 19));
        assert_eq!(state.span.last, day(1702, 12, 2));
        assert!(
            times[1].is_none_or(|t| t.source != TimeSource::Own),
            "{:?}",
            times[1]
        );
    }

    #[test]
    fn a_stretch_closed_on_a_day_then_told_narrates_that_day() {
        let (_, times) = dated(
            "On 2 October 1702 the duke's men came.\n\nThe council kept up its show until 20 January 1703, when the gates were opened.\n\nThe guilds would keep their charter until 1750.\n",
            "1990-01-01",
        );
        assert_eq!(times[1].unwrap().span, DateSpan::day(day(1703, 1, 20)));
        assert_eq!(times[1].unwrap().source, TimeSource::Own);
        assert_ne!(times[2].map(|t| t.source), Some(TimeSource::Own));
    }

    #[test]
    fn clauses_placing_a_passage_before_or_after_an_event() {
        let clauses = relative_clauses(
            "Once the elections had been held, the council met. Before the army entered the town, nobody armed; after the fall of the Free City, all fled.",
        );
        let found: Vec<(Side, Option<Edge>, &str)> = clauses
            .iter()
            .map(|c| (c.side, c.edge, c.words.trim()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Side::After, None, "the elections had been held"),
                (Side::Before, None, "the army entered the town"),
                (Side::After, Some(Edge::End), "the fall of the Free City"),
            ]
        );
        let founding = relative_clauses(
            "in the weeks after the founding of the guild, and on the eve of the rising",
        );
        assert_eq!(founding[0].edge, Some(Edge::Start));
        assert_eq!(founding[1].side, Side::Before);
        assert_eq!(founding[1].words.trim(), "the rising");
        assert!(relative_clauses("The council met and the guilds armed.").is_empty());
    }

    #[test]
    fn narrative_score_separates_story_from_argument() {
        assert!(
            narrative_score("The soldiers refused to fire and fraternized with the crowd.") > 0.0
        );
        assert!(
            narrative_score("We must draw the lesson: a party is needed and it can win.") < 0.0
        );
        // Words are runs of letters, of any case and alphabet, and of any length.
        assert_eq!(narrative_score("The guards WERE there; we must act."), -0.5);
        assert_eq!(narrative_score("Les réfugiés arrived."), 0.5);
        assert_eq!(narrative_score("Émigrés-were-back"), 0.5);
        assert_eq!(narrative_score("extraordinarilyoverextended"), 0.5);
        assert_eq!(narrative_score("extraordinarilyoverguaranteed"), 0.0);
    }
}
