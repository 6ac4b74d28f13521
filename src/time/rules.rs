//! The expression families the tagger recognises, one function each, over the tokens
//! of one block. Rules only read what is written; they leave every unwritten year,
//! month or century to the resolver, which knows the narrative around the block.

use super::date::Weekday;
use super::scan::{
    Cx, Folded, Kind, NUMBER_WORDS, ORDINAL_WORDS, fold, fold_all, fold_table, words,
};
use super::tagger::RangeRole;
use super::timex::{Modifier, Season, Timex};
use std::ops::Range;

/// What a rule found, before the narrative fills in what the text leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawValue {
    /// A day or a month. `year` is `None` when the text does not write it;
    /// `year_borrowed` when it was taken from the other end of a range.
    Calendar {
        month: u8,
        day: Option<u8>,
        year: Option<i32>,
        year_borrowed: bool,
        /// A weekday written with the date, which pins down an unwritten year.
        weekday: Option<Weekday>,
    },
    /// "the 14th": month and year come from the narrative. A weekday written with it
    /// ("Sunday, 2nd.—") tells which month when the narrative is at a month's turn.
    DayOnly { day: u8, weekday: Option<Weekday> },
    /// A letter's "the 3d instant", "the 28th ult.", "the 2nd prox.": a day of the
    /// letter's month, shifted by `months` (0, -1 or +1).
    LetterDay { day: u8, months: i32 },
    /// "5/30/1871": which number is the month depends on the document's convention.
    Numeric { first: u8, second: u8, year: i32 },
    /// Fully written: "1866-67", "the 19th century", "the autumn of 1870".
    Known(Timex),
    /// "’71": the century comes from the document.
    TwoDigitYear(u8),
    /// "the 60s": the century comes from the document.
    TwoDigitDecade(u8),
    /// "the winter of '70".
    SeasonOfShortYear { season: Season, short: u8 },
    /// "the next day", "two days later": a shift from the narrative's last day.
    Relative(Shift),
    /// "yesterday", "to-morrow", "a week ago", "this morning": a shift from the day
    /// the writer writes on, which a diary entry's or a letter's dateline gives.
    /// With `or_narrative`, a text with no dateline reads it from the narrative's
    /// last day instead ("this evening"); otherwise it is no date ("the Paris of
    /// to-day" in an essay is the writer's own time, which the text does not say).
    Deictic { shift: Shift, or_narrative: bool },
    /// "on Saturday", "Sunday last", "next Sunday", "the following Monday".
    Weekday {
        weekday: Weekday,
        direction: Direction,
        /// Counted from the dateline's day when there is one ("Sunday last").
        deictic: bool,
    },
    /// "Easter Monday", "Whit Sunday", "Christmas Day", with the year if written.
    Feast { feast: Feast, year: Option<i32> },
}

/// Which of the days with a weekday's name is meant, from the reference day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// "last Saturday", "since Tuesday": the latest before it.
    Past,
    /// "next Sunday", "till Monday": the first after it.
    Future,
    /// "on Saturday": the nearest, that day included.
    Nearest,
}

/// A day of the Church's year, as the calendar of 1870–71 kept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feast {
    /// Days from Easter Sunday: Good Friday is -2, Whit Sunday 49.
    Movable(i64),
    /// A fixed day: (month, day).
    Fixed(u8, u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shift {
    Days(i64),
    Months(i32),
    Years(i32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Raw {
    pub range: Range<usize>,
    pub value: RawValue,
    pub modifier: Option<Modifier>,
    pub role: Option<RangeRole>,
    /// "the day after September 4th": days to add once the date is resolved.
    pub shift_days: i64,
    /// Said in passing: a date in a footnote, or after "since". It is given its
    /// value but does not move the narrative.
    pub aside: bool,
    /// The sentence opens on it ("In February 1848, …", "At the end of June"): a date
    /// that sets the scene, as opposed to one mentioned in passing mid-sentence.
    pub opens: bool,
    /// The block opens with it and says nothing else before its text starts: a diary
    /// entry's "Jan. 5.—" or a letter's "Paris, March 19, 1871.". It gives the day
    /// the writer writes on.
    pub dateline: bool,
    /// Told in the past perfect ("the Empire had fallen on the 4th of September"):
    /// before the story's present.
    pub anterior: bool,
    /// "the 16th of December following", "the 18th of March next": after it.
    pub later: bool,
    /// Only a name or a landmark (see [`names_event`]), or the end of a stretch
    /// (see [`closes_stretch`]): mentioned, not narrated.
    pub landmark: bool,
}

impl Raw {
    fn new(range: Range<usize>, value: RawValue) -> Raw {
        Raw {
            range,
            value,
            modifier: None,
            role: None,
            shift_days: 0,
            aside: false,
            opens: false,
            dateline: false,
            anterior: false,
            later: false,
            landmark: false,
        }
    }
}

/// A date as far as the text writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Partial {
    day: Option<u8>,
    month: Option<u8>,
    year: Option<i32>,
    /// First token of the expression.
    first: usize,
    /// "Sunday 28 March": the weekday written before the date.
    weekday: Option<Weekday>,
}

impl Partial {
    fn value(self) -> Option<RawValue> {
        match (self.month, self.day) {
            (Some(month), day) => Some(RawValue::Calendar {
                month,
                day,
                year: self.year,
                year_borrowed: false,
                weekday: self.weekday,
            }),
            (None, Some(day)) => Some(RawValue::DayOnly {
                day,
                weekday: self.weekday,
            }),
            (None, None) => None,
        }
    }
}

/// Words after which a bare month name is a date: "in March", "until the month of December".
const MONTH_CONTEXT: &[Folded] = &fold_all([
    "in",
    "of",
    "since",
    "until",
    "till",
    "by",
    "from",
    "to",
    "during",
    "before",
    "after",
    "through",
    "throughout",
    "around",
    "between",
    "early",
    "late",
    "last",
    "next",
]);

/// Words after which a bare four-digit number is a year: "in 1864", "the revolution of 1789".
const YEAR_CONTEXT: &[Folded] = &fold_all([
    "in",
    "of",
    "since",
    "until",
    "till",
    "by",
    "from",
    "to",
    "before",
    "after",
    "around",
    "circa",
    "c",
    "ca",
    "during",
    "between",
    "year",
    "edition",
    "about",
    "through",
    "throughout",
]);

/// Nouns a year can qualify: "the 1917 revolution", "the 1848 elections".
const EVENT_NOUNS: &[Folded] = &fold_all([
    "revolution",
    "revolutions",
    "revolt",
    "insurrection",
    "uprising",
    "rising",
    "commune",
    "election",
    "elections",
    "constitution",
    "war",
    "campaign",
    "strike",
    "strikes",
    "congress",
    "conference",
    "manifesto",
    "programme",
    "program",
    "address",
    "letter",
    "coup",
    "crisis",
    "massacre",
    "massacres",
    "plebiscite",
    "treaty",
    "armistice",
    "siege",
    "events",
    "movement",
    "census",
    "exhibition",
    "affair",
    "battle",
    "sortie",
    "attack",
    "demonstration",
]);

/// Prepositions that make "the 14th" a day of the month even before a noun.
const DAY_CONTEXT: &[Folded] = &fold_all([
    "on", "from", "to", "until", "till", "by", "since", "before", "after", "between", "and", "for",
]);

/// "the night of the 17th", "the newspapers of the 16th": the ordinal names a day,
/// because these are things a day dates.
const PART_OF_DAY: &[Folded] = &fold_all([
    "day",
    "night",
    "morning",
    "evening",
    "afternoon",
    "eve",
    "dawn",
    "events",
    "date",
    "newspapers",
    "papers",
    "journal",
    "journals",
    "letter",
    "letters",
    "despatch",
    "dispatch",
    "despatches",
    "dispatches",
    "decree",
    "decrees",
    "proclamation",
    "sitting",
    "meeting",
]);

/// "the Government of the 4th of September", "the men of the 4th of September": a
/// regime or a party named after its day. The name is no date of the narrative.
const NAMED_AFTER_A_DAY: &[Folded] = &fold_all(["government", "ministry", "cabinet", "men"]);

/// "cartridges of 1866", "the rifle of 1866": a year that names a pattern of arms.
const PATTERN_NOUNS: &[Folded] = &fold_all([
    "model",
    "pattern",
    "type",
    "rifle",
    "rifles",
    "musket",
    "muskets",
    "gun",
    "guns",
    "cannon",
    "cartridge",
    "cartridges",
    "chassepot",
    "chassepots",
]);

/// Nouns an ordinal or a number counts or names instead of a day: "the 13th district",
/// "61st battalion", "1200 men".
const NOT_A_DAY_NOUNS: &[Folded] = &fold_all([
    "century",
    "centuries",
    "anniversary",
    "district",
    "districts",
    "arrondissement",
    "arrondissements",
    "battalion",
    "battalions",
    "bataillon",
    "regiment",
    "regiments",
    "legion",
    "legions",
    "company",
    "companies",
    "army",
    "armies",
    "corps",
    "division",
    "brigade",
    "floor",
    "street",
    "ward",
    "wards",
    "article",
    "chapter",
    "page",
    "line",
    "lines",
    "edition",
    "congress",
    "time",
    "times",
    "row",
    "birthday",
    "day",
    "days",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "hour",
    "hours",
    "place",
    "session",
    "paragraph",
    "volume",
    "section",
    "sector",
    "international",
    "republic",
    "empire",
    "infantry",
    "cavalry",
    "artillery",
    "men",
    "women",
    "people",
    "soldiers",
    "troops",
    "dead",
    "killed",
    "wounded",
    "prisoners",
    "francs",
    "guards",
    "persons",
    "hostages",
    "copies",
    "pages",
    "inhabitants",
    "members",
    "votes",
    "rifles",
    "cannons",
    "guns",
    "insurgents",
    "minutes",
    "km",
    "metres",
    "meters",
    "miles",
    "feet",
    "houses",
    "barricades",
    "percent",
    "per",
]);

/// The months of the Republican calendar: "the 9th Thermidor", "the 18th Brumaire"
/// name days of the 1790s, not a day of the narrative's month.
const REPUBLICAN_MONTHS: &[Folded] = &fold_all([
    "vendémiaire",
    "vendemiaire",
    "brumaire",
    "frimaire",
    "nivôse",
    "nivose",
    "pluviôse",
    "pluviose",
    "ventôse",
    "ventose",
    "germinal",
    "floréal",
    "floreal",
    "prairial",
    "messidor",
    "thermidor",
    "fructidor",
]);

fn is_not_a_day_noun(cx: &Cx, i: usize) -> bool {
    cx.is_any(i, NOT_A_DAY_NOUNS) || cx.is_any(i, REPUBLICAN_MONTHS)
}

fn is_dash(cx: &Cx, i: usize) -> bool {
    cx.is_punct(i, &['-', '–', '—', '‒'])
}

fn is_apostrophe(cx: &Cx, i: usize) -> bool {
    cx.is_punct(i, &['’', '\'', '‘'])
}

/// Scans one block. Mentions come out in text order.
pub(crate) fn scan(cx: &Cx, out: &mut Vec<Raw>) {
    let mut i = 0;
    // Token index just past the latest month or year mention, for lists such as
    // "the months of August, September, and October" and "in 1834 and 1848".
    let mut list_end = usize::MAX;
    while i < cx.len() {
        let Some(start) = start_of(cx, i) else {
            i += 1;
            continue;
        };
        let before = out.len();
        let next = match start {
            Start::Number => numeric(cx, i, out)
                .or_else(|| century(cx, i, out))
                .or_else(|| decade(cx, i, out))
                .or_else(|| relative(cx, i, out))
                .or_else(|| calendar(cx, i, list_end, out))
                .or_else(|| year(cx, i, list_end, out)),
            Start::Apostrophe => decade(cx, i, out).or_else(|| elided_year(cx, i, out)),
            Start::Ordinal => century(cx, i, out)
                .or_else(|| part_of_period(cx, i, out))
                .or_else(|| calendar(cx, i, list_end, out)),
            Start::Season => season(cx, i, out),
            Start::Part => part_of_period(cx, i, out),
            Start::The => relative(cx, i, out).or_else(|| calendar(cx, i, list_end, out)),
            Start::That => relative(cx, i, out),
            Start::Count => relative(cx, i, out).or_else(|| {
                // "the twenty-second of January"
                cx.is_word(i, "twenty")
                    .then(|| calendar(cx, i, list_end, out))
                    .flatten()
            }),
            Start::Month => calendar(cx, i, list_end, out),
            Start::Weekday => weekday_day(cx, i, out),
            Start::Feast => feast(cx, i, out),
            Start::Deictic => deictic(cx, i, out),
            Start::Last => deictic(cx, i, out)
                .or_else(|| weekday_day(cx, i, out))
                .or_else(|| part_of_period(cx, i, out)),
            Start::Next => relative(cx, i, out).or_else(|| weekday_day(cx, i, out)),
        };
        match next {
            Some(next) if next > i => {
                if out.len() > before {
                    list_end = next;
                }
                i = next;
            }
            _ => i += 1,
        }
    }
    mark_roles(cx, out);
}

/// Sets the flags that depend on where a mention stands rather than on what it says:
/// in a note or after "since" (an aside), at the start of its sentence, or as the
/// dateline the block opens with.
fn mark_roles(cx: &Cx, out: &mut [Raw]) {
    if out.is_empty() {
        return;
    }
    let notes = note_spans(cx);
    let quotes = quote_spans(cx);
    for (k, raw) in out.iter_mut().enumerate() {
        let first = cx.toks.partition_point(|t| t.start < raw.range.start);
        let past = cx.toks.partition_point(|t| t.start < raw.range.end);
        let before = if cx.is_word(first.wrapping_sub(1), "the") {
            first.wrapping_sub(2)
        } else {
            first.wrapping_sub(1)
        };
        let since = cx.is_word(before, "since");
        raw.opens = opens_sentence(cx, first);
        raw.landmark = names_event(cx, first, past)
            || cx.is_word(before, "of") && cx.is_word(before.wrapping_sub(1), "eve")
            || closes_stretch(cx, before, past);
        let perfect = in_perfect(cx, first, past);
        // "since August" lies before the story's present; so does a day in the
        // perfect ("the Assembly had resolved on the 10th of March").
        raw.anterior = since || perfect.is_some();
        // Said in passing: the writer's experience in the middle of a sentence ("an
        // enthusiasm I have seen equalled only on the 4th of September"), a note. The
        // past perfect, by contrast, often narrates a flashback that the next
        // sentences go on with ("voted the same day").
        raw.aside = since
            || perfect == Some(Perfect::Present) && !raw.opens
            || notes
                .iter()
                .any(|span| span.start <= first && past <= span.end);
        raw.dateline = k == 0 && is_dateline(cx, first, past, &raw.value);
        // In direct speech, "to-morrow" is the speaker's, on the day the story is at.
        if let RawValue::Deictic { or_narrative, .. } = &mut raw.value
            && quotes
                .iter()
                .any(|span| span.start < first && past <= span.end)
        {
            *or_narrative = true;
        }
        // "October last", "the 5th following"; a month also "last October" (the
        // latest before the writer's day), "next March", said in passing from that day.
        let month = matches!(raw.value, RawValue::Calendar { day: None, .. });
        let next_month = month && cx.is_word(first.wrapping_sub(1), "next");
        let last_month = month && cx.is_word(first.wrapping_sub(1), "last");
        raw.aside |= next_month || last_month;
        if cx.is_any(past, words!["following", "next"]) || next_month {
            raw.later = true;
        } else if cx.is_any(past, words!["last", "preceding", "previous"]) || last_month {
            raw.anterior = true;
        }
    }
}

/// Whether a date after "until" at `before` only closes the stretch told before
/// it ("Until September 4th 1870" heading a section on the summer): not when
/// the day is then told ("until 28 January, when the masks fell"), nor after a
/// negation ("did not reach Paris until the 31st": it reached it that day).
fn closes_stretch(cx: &Cx, before: usize, past: usize) -> bool {
    if !cx.is_any(before, words!["until", "till"]) {
        return false;
    }
    let when = if cx.is_punct(past, &[',']) {
        past + 1
    } else {
        past
    };
    if cx.is_word(when, "when") {
        return false;
    }
    !(0..before)
        .rev()
        .take_while(|&k| !cx.is_punct(k, &['.', ';', ':', '!', '?']))
        .any(|k| {
            cx.is_any(k, words!["not", "never", "nt", "t"])
                || cx
                    .word(k)
                    .is_some_and(|w| w.ends_with("n't") || w.ends_with("n’t"))
        })
}

/// Whether the date between `first` and `past` is part of an event's name: "the
/// March 18th insurrection", "the Fourth of September revolution", "the 18th of
/// March movement", "the July Days". Historians name events by their day and use
/// the name about any time (what led to it, what it became), so the passage does
/// not tell that day; nor does one on "the eve of" it.
fn names_event(cx: &Cx, first: usize, past: usize) -> bool {
    // "the March 18th 1871 insurrection": the year may stand between.
    let noun = if cx.num(past).is_some() && cx.digits(past) == 4 {
        past + 1
    } else {
        past
    };
    cx.is_word(first.wrapping_sub(1), "the")
        && cx.is_any(
            noun,
            words![
                "insurrection",
                "revolution",
                "uprising",
                "rising",
                "revolt",
                "rebellion",
                "movement",
                "coup",
                "putsch",
                "days",
                "events",
                "massacre",
                "massacres",
                "government",
            ],
        )
}

/// Token ranges of notes: a block that starts with a note mark ("[1] …"), and a
/// Gutenberg e-text's inline "[Footnote 1: …]".
fn note_spans(cx: &Cx) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if cx.is_punct(0, &['['])
        && cx.tok(1).is_some_and(|t| t.kind == Kind::Num)
        && cx.is_punct(2, &[']'])
    {
        spans.push(0..cx.len());
        return spans;
    }
    let mut i = 0;
    while i < cx.len() {
        if cx.is_punct(i, &['[']) && cx.is_any(i + 1, words!["footnote", "note"]) {
            let end = (i + 1..cx.len())
                .find(|&k| cx.is_punct(k, &[']']))
                .map_or(cx.len(), |k| k + 1);
            spans.push(i..end);
            i = end;
        } else {
            i += 1;
        }
    }
    spans
}

/// Participles of the past perfect that do not end in "-ed" or "-en".
const IRREGULAR_PARTICIPLES: &[Folded] = &fold_all([
    "been", "gone", "come", "done", "made", "left", "fled", "fought", "held", "met", "sent", "set",
    "put", "lost", "won", "begun", "sat", "stood", "brought", "thought", "told", "said", "heard",
    "seen", "known", "shot", "struck", "led", "read", "run", "become", "kept", "spent",
]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Perfect {
    /// "had fallen"
    Past,
    /// "have seen", "has been"
    Present,
}

/// A perfect ("had fallen", "had been proclaimed", "have seen") within a few words
/// of the mention, in its sentence.
fn in_perfect(cx: &Cx, first: usize, past: usize) -> Option<Perfect> {
    let is_participle = |k: usize| {
        cx.word(k).is_some_and(|w| {
            let w = w.as_bytes();
            w.len() > 3 && (w.ends_with(b"ed") || w.ends_with(b"en") || w.ends_with(b"ED"))
        }) || cx.is_any(k, IRREGULAR_PARTICIPLES)
    };
    let perfect_at = |k: usize| {
        let perfect = if cx.is_word(k, "had") {
            Perfect::Past
        } else if cx.is_word(k, "have") || cx.is_word(k, "has") {
            Perfect::Present
        } else {
            return None;
        };
        is_participle(k + 1).then_some(perfect)
    };
    let after = (past..past + 5).take_while(|&k| cx.word(k).is_some());
    let before = (first.saturating_sub(7)..first)
        .rev()
        .take_while(|&k| cx.word(k).is_some());
    after.chain(before).find_map(perfect_at)
}

/// Token ranges inside quotation marks, curly or straight.
fn quote_spans(cx: &Cx) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for k in 0..cx.len() {
        let Some(mark) = cx.punct(k) else {
            continue;
        };
        match (mark, open) {
            ('“', _) => open = Some(k),
            ('”', Some(start)) | ('"', Some(start)) => {
                spans.push(start..k);
                open = None;
            }
            ('"', None) => open = Some(k),
            _ => {}
        }
    }
    spans
}

/// The sentence opens on the token at `first`: at most a few words ("In", "At the end
/// of", "On the night of the") and no comma come between the sentence's start and it.
fn opens_sentence(cx: &Cx, first: usize) -> bool {
    let mut words = 0;
    for k in (0..first).rev() {
        if cx.is_punct(k, &['.', '!', '?', '—', '"', '“', '(']) {
            return true;
        }
        // "On Sunday, the 21st of May": the weekday's comma is part of the date.
        let weekday_comma = cx.is_punct(k, &[','])
            && (cx.lookup(k.wrapping_sub(1), WEEKDAYS).is_some()
                || weekday_before(cx, k + 1).is_some());
        if cx.word(k).is_none() && !weekday_comma {
            return false;
        }
        words += 1;
        if words > 6 {
            return false;
        }
    }
    true
}

/// Words a dateline does not begin with: they begin a sentence or a title instead
/// ("Until September 4th 1870", "The Eighteenth of March").
const NOT_A_DATELINE_START: &[Folded] = &fold_all([
    "in",
    "on",
    "at",
    "from",
    "until",
    "till",
    "to",
    "by",
    "since",
    "during",
    "after",
    "before",
    "between",
    "the",
    "of",
    "towards",
    "toward",
    "about",
    "around",
    "early",
    "late",
    "end",
    "beginning",
    "mid",
    "middle",
]);

/// A diary's or a letter's dateline: the block opens on the date, with at most a
/// weekday and a place before it ("Paris, Tuesday, 21st March, 1871"), and the date
/// ends the block or its heading ("Jan. 5.—The bombardment …").
fn is_dateline(cx: &Cx, first: usize, past: usize, value: &RawValue) -> bool {
    let datelike = matches!(
        value,
        RawValue::Calendar { day: Some(_), .. }
            | RawValue::DayOnly { .. }
            | RawValue::Feast { .. }
            | RawValue::Weekday { .. }
            | RawValue::Known(Timex::Day(_) | Timex::Year(_))
            | RawValue::Numeric { .. }
    );
    if !datelike || first > 12 || cx.is_any(0, NOT_A_DATELINE_START) {
        return false;
    }
    // A letter quoted in a book opens with the quotation mark: "“Mazas, April 30th".
    let place = (0..first).all(|k| {
        cx.is_punct(k, &[','])
            || k == 0 && cx.is_punct(k, &['"', '“', '‘'])
            || cx.is_capitalized(k)
            || cx.is_any(
                k,
                words![
                    "of", "the", "de", "la", "le", "du", "des", "morning", "evening", "night"
                ],
            )
    });
    if !place {
        return false;
    }
    let mut k = past;
    // What may follow the date in a dateline: the day apposed to a feast
    // ("Whitsunday, 28th"), or the hour of writing ("March 24, 10 P.M.", "May 22,
    // Evening", "(Sunday)").
    let mut extra = 0;
    while k < cx.len() && extra < 6 {
        let time = cx.tok(k).is_some_and(|t| t.kind == Kind::Num)
            || cx.is_punct(k, &[',', ':', '(', ')', '.'])
                && !(cx.is_punct(k, &['.']) && (k + 1 >= cx.len() || is_dash(cx, k + 1)))
            || cx.is_any(
                k,
                words![
                    "th",
                    "st",
                    "nd",
                    "rd",
                    "d",
                    "p",
                    "a",
                    "m",
                    "pm",
                    "am",
                    "o",
                    "clock",
                    "morning",
                    "evening",
                    "night",
                    "noon",
                    "midnight",
                    "afternoon"
                ],
            )
            || cx.lookup(k, WEEKDAYS).is_some()
            || is_apostrophe(cx, k);
        if !time {
            break;
        }
        k += 1;
        extra += 1;
    }
    if cx.is_punct(k, &['.']) {
        k += 1;
    }
    k >= cx.len() || is_dash(cx, k)
}

/// What kind of expression a token can start; most tokens start none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Number,
    Apostrophe,
    Ordinal,
    Season,
    Part,
    The,
    That,
    Count,
    Month,
    Weekday,
    Feast,
    Deictic,
    Last,
    Next,
}

/// Every word a rule can start on, lower case and sorted, with what it can start.
const TRIGGERS: &[(&str, Start)] = &[
    ("a", Start::Count),
    ("all", Start::Feast),
    ("an", Start::Count),
    ("apr", Start::Month),
    ("april", Start::Month),
    ("ascension", Start::Feast),
    ("ash", Start::Feast),
    ("aug", Start::Month),
    ("august", Start::Month),
    ("autumn", Start::Season),
    ("beginning", Start::Part),
    ("christmas", Start::Feast),
    ("close", Start::Part),
    ("closing", Start::Part),
    ("corpus", Start::Feast),
    ("dawn", Start::Part),
    ("dec", Start::Month),
    ("december", Start::Month),
    ("early", Start::Part),
    ("easter", Start::Feast),
    ("eight", Start::Count),
    ("eighteenth", Start::Ordinal),
    ("eighth", Start::Ordinal),
    ("eleven", Start::Count),
    ("eleventh", Start::Ordinal),
    ("end", Start::Part),
    ("fall", Start::Season),
    ("feb", Start::Month),
    ("febr", Start::Month),
    ("february", Start::Month),
    ("fifteen", Start::Count),
    ("fifteenth", Start::Ordinal),
    ("fifth", Start::Ordinal),
    ("first", Start::Ordinal),
    ("five", Start::Count),
    ("four", Start::Count),
    ("fourteenth", Start::Ordinal),
    ("fourth", Start::Ordinal),
    ("friday", Start::Weekday),
    ("good", Start::Feast),
    ("holy", Start::Feast),
    ("jan", Start::Month),
    ("january", Start::Month),
    ("jul", Start::Month),
    ("july", Start::Month),
    ("jun", Start::Month),
    ("june", Start::Month),
    ("last", Start::Last),
    ("late", Start::Part),
    ("mar", Start::Month),
    ("march", Start::Month),
    ("maundy", Start::Feast),
    ("may", Start::Month),
    ("mid", Start::Part),
    ("middle", Start::Part),
    ("monday", Start::Weekday),
    ("new", Start::Feast),
    ("next", Start::Next),
    ("nine", Start::Count),
    ("nineteenth", Start::Ordinal),
    ("ninth", Start::Ordinal),
    ("nov", Start::Month),
    ("november", Start::Month),
    ("oct", Start::Month),
    ("october", Start::Month),
    ("one", Start::Count),
    ("opening", Start::Part),
    ("palm", Start::Feast),
    ("pentecost", Start::Feast),
    ("saturday", Start::Weekday),
    ("second", Start::Ordinal),
    ("sep", Start::Month),
    ("sept", Start::Month),
    ("september", Start::Month),
    ("seven", Start::Count),
    ("seventeenth", Start::Ordinal),
    ("seventh", Start::Ordinal),
    ("shrove", Start::Feast),
    ("six", Start::Count),
    ("sixteenth", Start::Ordinal),
    ("sixth", Start::Ordinal),
    ("spring", Start::Season),
    ("start", Start::Part),
    ("summer", Start::Season),
    ("sunday", Start::Weekday),
    ("ten", Start::Count),
    ("tenth", Start::Ordinal),
    ("that", Start::That),
    ("the", Start::The),
    ("third", Start::Ordinal),
    ("thirteenth", Start::Ordinal),
    ("thirtieth", Start::Ordinal),
    ("thirty", Start::Ordinal),
    ("this", Start::Deictic),
    ("three", Start::Count),
    ("thursday", Start::Weekday),
    ("to", Start::Deictic),
    ("today", Start::Deictic),
    ("tomorrow", Start::Deictic),
    ("tonight", Start::Deictic),
    ("trinity", Start::Feast),
    ("tuesday", Start::Weekday),
    ("twelfth", Start::Ordinal),
    ("twelve", Start::Count),
    ("twentieth", Start::Ordinal),
    ("twenty", Start::Count),
    ("two", Start::Count),
    ("wednesday", Start::Weekday),
    ("whit", Start::Feast),
    ("whitmonday", Start::Feast),
    ("whitsun", Start::Feast),
    ("whitsunday", Start::Feast),
    ("winter", Start::Season),
    ("yesterday", Start::Deictic),
];

/// For each first letter, a bit per word length that some trigger has: rejects most
/// words before any string comparison.
const TRIGGER_SHAPES: [u16; 26] = {
    let mut shapes = [0u16; 26];
    let mut k = 0;
    while k < TRIGGERS.len() {
        let word = TRIGGERS[k].0.as_bytes();
        shapes[(word[0] - b'a') as usize] |= 1 << word.len();
        k += 1;
    }
    shapes
};

/// The triggers ordered by folded head: a word that passes the shapes is looked up
/// with one integer comparison per probe. No two triggers share a head (a test says so).
const TRIGGERS_BY_HEAD: [(Folded, Start); TRIGGERS.len()] = {
    let mut table = [(fold(""), Start::Count); TRIGGERS.len()];
    let mut k = 0;
    while k < TRIGGERS.len() {
        table[k] = (fold(TRIGGERS[k].0), TRIGGERS[k].1);
        // Insertion sort: a const block has no sort, and the table is small.
        let mut j = k;
        while j > 0 && table[j - 1].0.head > table[j].0.head {
            let swap = table[j - 1];
            table[j - 1] = table[j];
            table[j] = swap;
            j -= 1;
        }
        k += 1;
    }
    table
};

fn start_of(cx: &Cx, i: usize) -> Option<Start> {
    let tok = cx.tok(i)?;
    match tok.kind {
        Kind::Num => Some(Start::Number),
        Kind::Punct => is_apostrophe(cx, i).then_some(Start::Apostrophe),
        Kind::Word => {
            let len = tok.end - tok.start;
            // The head's first byte is the word's, ASCII-lowercased.
            let first = tok.head as u8;
            if len > 12 || !first.is_ascii_lowercase() {
                return None;
            }
            if TRIGGER_SHAPES[(first - b'a') as usize] & (1 << len) == 0 {
                return None;
            }
            let k = TRIGGERS_BY_HEAD
                .binary_search_by_key(&tok.head, |(folded, _)| folded.head)
                .ok()?;
            let (folded, start) = TRIGGERS_BY_HEAD[k];
            cx.is(i, &folded).then_some(start)
        }
    }
}

/// Tokens between the latest listed mention and `i` are only list glue.
fn continues_list(cx: &Cx, list_end: usize, i: usize) -> bool {
    list_end < i
        && i - list_end <= 2
        && (list_end..i).all(|k| cx.is_punct(k, &[',']) || cx.is_any(k, words!["and", "or"]))
}

const FRENCH_MONTHS: &[(Folded, u8)] = &fold_table([
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
]);

/// "eighteenth", "Twenty-second", "thirty-first": an ordinal written in words, and
/// the index past it.
fn ordinal_word_at(cx: &Cx, i: usize) -> Option<(u32, usize)> {
    if let Some(day) = cx.lookup(i, ORDINAL_WORDS) {
        return Some((day, i + 1));
    }
    let tens = if cx.is_word(i, "twenty") {
        20
    } else if cx.is_word(i, "thirty") {
        30
    } else {
        return None;
    };
    let at = if cx.is_punct(i + 1, &['-']) && cx.glued(i + 1) {
        i + 2
    } else {
        i + 1
    };
    let unit = cx.lookup(at, ORDINAL_WORDS).filter(|&unit| unit < 10)?;
    Some((tens + unit, at + 1))
}

/// English month names, as [`super::date::month_from_name`] reads them.
const MONTH_NAMES: &[(Folded, u8)] = &fold_table([
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
]);

/// Month abbreviations, as [`super::date::month_from_abbreviation`] reads them.
const MONTH_ABBREVIATIONS: &[(Folded, u8)] = &fold_table(super::date::MONTH_ABBREVIATIONS);

fn month_name_at(cx: &Cx, i: usize) -> Option<u8> {
    cx.lookup(i, MONTH_NAMES)
}

fn month_at(cx: &Cx, i: usize) -> Option<(u8, usize)> {
    if !cx.is_capitalized(i) {
        return None;
    }
    if let Some(month) = month_name_at(cx, i) {
        return Some((month, i + 1));
    }
    let month = cx.lookup(i, MONTH_ABBREVIATIONS)?;
    if cx.is_punct(i + 1, &['.']) && cx.glued(i + 1) {
        Some((month, i + 2))
    } else if cx.num(i + 1).is_some() {
        Some((month, i + 1))
    } else {
        None
    }
}

fn year_value(cx: &Cx, i: usize) -> Option<i32> {
    let value = cx.num(i)?;
    (cx.digits(i) == 4 && (1000..=2100).contains(&value)).then_some(value as i32)
}

/// A year written after a day or month: "March 1871", "July 19, 1870".
fn year_after(cx: &Cx, i: usize) -> Option<(i32, usize)> {
    let at = if cx.is_punct(i, &[',']) { i + 1 } else { i };
    let year = year_value(cx, at)?;
    if is_not_a_day_noun(cx, at + 1) || cx.is_punct(at + 1, &['-', '–']) && cx.glued(at + 1) {
        return None;
    }
    Some((year, at + 1))
}

/// "18 March 1871", "18th of March", "the first of May".
fn day_first(cx: &Cx, i: usize) -> Option<(Partial, usize)> {
    let (day, after) = match cx.after_day_number(i) {
        Some(after) => (cx.num(i)?, after),
        None => {
            let (day, after) = ordinal_word_at(cx, i)?;
            if !cx.is_word(after, "of") {
                return None;
            }
            (day, after)
        }
    };
    let at = if cx.is_word(after, "of") {
        after + 1
    } else {
        after
    };
    // French months, as English books quote French sources ("le 18 mars 1871"):
    // only after a plain day number, which is how French writes its dates.
    let french = (after == i + 1 && at == after)
        .then(|| cx.lookup(at, FRENCH_MONTHS))
        .flatten();
    let (month, next) = match french {
        Some(month) => (month, at + 1),
        None => month_at(cx, at)?,
    };
    let (year, next) = match year_after(cx, next) {
        Some((year, next)) => (Some(year), next),
        None => (None, next),
    };
    let partial = Partial {
        day: Some(day as u8),
        month: Some(month),
        year,
        weekday: None,
        first: i,
    };
    Some((partial, next))
}

/// "March 18th 1871", "July 19, 1870", "Sept. 4", "February 1848".
fn month_first(cx: &Cx, i: usize) -> Option<(Partial, usize)> {
    let (month, mut next) = month_at(cx, i)?;
    // "March the 18th", "December the 2nd".
    if cx.is_word(next, "the") && cx.after_ordinal(next + 1).is_some() {
        next += 1;
    }
    if let Some(after) = cx.after_day_number(next) {
        let counted = after == next + 1 && is_not_a_day_noun(cx, after);
        if !counted {
            let day = cx.num(next)? as u8;
            let (year, after) = match year_after(cx, after) {
                Some((year, after)) => (Some(year), after),
                None => (None, after),
            };
            let partial = Partial {
                day: Some(day),
                month: Some(month),
                year,
                weekday: None,
                first: i,
            };
            return Some((partial, after));
        }
    }
    let (year, after) = year_after(cx, next)?;
    let partial = Partial {
        day: None,
        month: Some(month),
        year: Some(year),
        weekday: None,
        first: i,
    };
    Some((partial, after))
}

/// "in March", "of December", the second month of a list: a month name in running
/// prose, never "may" or "MARCH" and never a month before a noun ("the July Days").
fn bare_month(cx: &Cx, i: usize, list_end: usize) -> Option<(Partial, usize)> {
    let month = month_name_at(cx, i)?;
    if !cx.is_title_case(i) {
        return None;
    }
    let context = i > 0 && cx.is_any(i - 1, MONTH_CONTEXT) || continues_list(cx, list_end, i);
    if !context {
        return None;
    }
    let partial = Partial {
        day: None,
        month: Some(month),
        year: None,
        weekday: None,
        first: i,
    };
    Some((partial, i + 1))
}

fn date_expr(cx: &Cx, i: usize, list_end: usize) -> Option<(Partial, usize)> {
    let (mut partial, next) = day_first(cx, i)
        .or_else(|| month_first(cx, i))
        .or_else(|| bare_month(cx, i, list_end))?;
    if partial.day.is_some() {
        partial.weekday = weekday_before(cx, i);
    }
    Some((partial, next))
}

const WEEKDAYS: &[(Folded, Weekday)] = &fold_table([
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
]);

/// "Sunday 28 March", "Saturday, March 18", "Sunday the 28th of March".
fn weekday_before(cx: &Cx, i: usize) -> Option<Weekday> {
    let mut at = i.checked_sub(1)?;
    if cx.is_word(at, "the") {
        at = at.checked_sub(1)?;
    }
    if cx.is_punct(at, &[',']) {
        at = at.checked_sub(1)?;
    }
    // "Sunday evening, 21st", "Monday morning, the 22nd".
    if cx.is_any(at, words!["morning", "evening", "night", "afternoon"]) {
        at = at.checked_sub(1)?;
    }
    cx.lookup(at, WEEKDAYS)
}

/// What follows a diary entry's heading: ".—", "—", or the end of the block.
fn ends_heading(cx: &Cx, i: usize) -> bool {
    let at = if cx.is_punct(i, &['.']) { i + 1 } else { i };
    at >= cx.len() && at > i || is_dash(cx, at)
}

/// "the 14th" after "on", "until", "the night of": a day of the narrative's month.
fn ordinal_day(cx: &Cx, i: usize) -> Option<(Partial, usize)> {
    if !cx.is_word(i, "the") {
        return None;
    }
    // Cheapest test first: most words after "the" are not an ordinal number.
    let next = cx.after_ordinal(i + 1)?;
    if day_first(cx, i + 1).is_some() {
        return None;
    }
    let day = cx.num(i + 1)?;
    if !(1..=31).contains(&day)
        || cx.digits(i + 1) > 2
        || is_not_a_day_noun(cx, list_noun(cx, next))
    {
        return None;
    }
    let strong = i > 0
        && (cx.is_any(i - 1, DAY_CONTEXT)
            || cx.is_word(i - 1, "of")
                && i > 1
                && (cx.is_any(i - 2, PART_OF_DAY) || cx.is_any(i - 2, EVENT_NOUNS)))
        // "Monday the 22nd", "Sunday, the 28th".
        || weekday_before(cx, i + 1).is_some()
        // "the 3d instant", "the 28th ult.".
        || letter_month(cx, next).is_some();
    let ends_phrase = match cx.tok(next) {
        None => true,
        Some(t) => t.kind == Kind::Punct && !is_dash(cx, next),
    };
    if !strong && !ends_phrase {
        return None;
    }
    let partial = Partial {
        day: Some(day as u8),
        month: None,
        year: None,
        weekday: weekday_before(cx, i + 1),
        first: i + 1,
    };
    Some((partial, next))
}

/// Past a list of ordinals that goes on from `i` (", 14th and 15th"): where the noun
/// they may all count stands ("the 13th, 14th and 15th arrondissements").
fn list_noun(cx: &Cx, i: usize) -> usize {
    let mut at = i;
    while cx.is_punct(at, &[',']) || cx.is_any(at, words!["and", "or"]) {
        // "the 13th and the 113th battalions"
        let the = usize::from(cx.is_word(at + 1, "the"));
        match cx.after_ordinal(at + 1 + the) {
            Some(next) => at = next,
            None => break,
        }
    }
    at
}

/// "the Government of the 4th of September", "the men of September 4": the date at
/// `first` names a regime or its men.
fn is_named_after(cx: &Cx, first: usize) -> bool {
    let mut at = first.wrapping_sub(1);
    if cx.is_word(at, "the") {
        at = at.wrapping_sub(1);
    }
    cx.is_word(at, "of") && cx.is_any(at.wrapping_sub(1), NAMED_AFTER_A_DAY)
}

/// A letter's "inst." (this month), "ult." (last month), "prox." (next month), in
/// full or abbreviated: the months to shift and the index past the word.
fn letter_month(cx: &Cx, i: usize) -> Option<(i32, usize)> {
    const WORDS: &[(Folded, i32)] = &fold_table([
        ("inst", 0),
        ("instant", 0),
        ("ult", -1),
        ("ultimo", -1),
        ("prox", 1),
        ("proximo", 1),
    ]);
    let months = cx.lookup(i, WORDS)?;
    let dot = cx.is_punct(i + 1, &['.']) && cx.glued(i + 1);
    Some((months, i + 1 + usize::from(dot)))
}

/// The second end of a range: "… to 28 May 1871", "… to 26th", "… and 28 May".
/// The third value tells a list ("May 12th and 13th 1839") from a range.
fn range_tail(cx: &Cx, i: usize, first: &Partial, between: bool) -> Option<(Partial, usize, bool)> {
    let list = !between && cx.is_any(i, words!["and", "or"]);
    let connector = cx.is_any(i, words!["to", "until", "till", "through"])
        || (between && cx.is_word(i, "and"))
        || is_dash(cx, i)
        || list;
    if !connector {
        return None;
    }
    let (found, next) = range_end(cx, i, first)?;
    // A list shares a month with its first day: "12th and 13th", "12 and 13 May",
    // "the 19th and 20th"; two full dates joined by "and" are two mentions, found one
    // at a time.
    if list && found.month.is_some() && first.month.is_some() {
        return None;
    }
    if list && found.month.is_none() && first.month.is_none() && found.day.is_some() {
        // "the 13th and 14th districts": the noun after the list counts both.
        let after = next;
        if is_not_a_day_noun(cx, after) {
            return None;
        }
    }
    Some((found, next, list))
}

fn range_end(cx: &Cx, i: usize, first: &Partial) -> Option<(Partial, usize)> {
    let mut at = i + 1;
    if cx.is_word(at, "the") {
        at += 1;
    }
    if let Some(found) = day_first(cx, at).or_else(|| month_first(cx, at)) {
        return Some(found);
    }
    if first.day.is_none()
        && first.month.is_some()
        && let Some(found) = bare_month(cx, at, i.saturating_sub(1))
    {
        return Some(found);
    }
    if first.day.is_some() {
        let after = cx.after_day_number(at)?;
        let plain = after == at + 1;
        if plain && (is_not_a_day_noun(cx, after) || cx.word(after).is_some()) {
            return None;
        }
        let (year, after) = match year_after(cx, after) {
            Some((year, next)) => (Some(year), next),
            None => (None, after),
        };
        let partial = Partial {
            day: Some(cx.num(at)? as u8),
            month: None,
            year,
            first: at,
            weekday: None,
        };
        return Some((partial, after));
    }
    None
}

/// Dates with a month or a day, alone or as the two ends of a range.
fn calendar(cx: &Cx, i: usize, list_end: usize, out: &mut Vec<Raw>) -> Option<usize> {
    // "the" starts no date expression of its own, only "the 14th".
    let found = if cx.is_word(i, "the") {
        ordinal_day(cx, i)
    } else {
        date_expr(cx, i, list_end)
    };
    let mut bare_number = found.is_none();
    let (mut first, after) = match found {
        Some(found) => found,
        None => {
            // "between 21 and 28 May", "18–28 May": a bare first day needs the tail.
            let after = cx.after_day_number(i)?;
            let partial = Partial {
                day: cx.num(i).map(|d| d as u8),
                month: None,
                year: None,
                weekday: weekday_before(cx, i),
                first: i,
            };
            // "Tuesday, 23rd.—": an ordinal after a weekday is a day; so is one that
            // goes on a list of days ("the 19th, 20th and 21st").
            let listed = continues_list(cx, list_end, i)
                && out
                    .last()
                    .is_some_and(|raw| matches!(raw.value, RawValue::DayOnly { .. }));
            // "27th.—": a journal's entry headed by the day alone.
            let heading = i == 0 && ends_heading(cx, after);
            if (partial.weekday.is_some() || listed || heading)
                && after == i + 2
                && !is_not_a_day_noun(cx, list_noun(cx, after))
            {
                bare_number = false;
            }
            (partial, after)
        }
    };
    if is_named_after(cx, first.first) {
        // Consumed, so that "September" is not read again as a month of its own.
        return Some(after);
    }
    if first.month.is_none()
        && let Some(day) = first.day
        && let Some((months, next)) = letter_month(cx, after)
    {
        let value = RawValue::LetterDay { day, months };
        out.push(Raw::new(cx.start(first.first)..cx.end(next - 1), value));
        return Some(next);
    }
    let opener = if cx.is_word(first.first.wrapping_sub(1), "the") {
        first.first.wrapping_sub(2)
    } else {
        first.first.wrapping_sub(1)
    };
    let between = cx.is_word(opener, "between");
    if let Some(next) = day_list(cx, &first, after, out) {
        return Some(next);
    }
    let Some((mut second, next, list)) = range_tail(cx, after, &first, between) else {
        if bare_number {
            return None;
        }
        push_partial(cx, &first, after, None, false, out)?;
        return Some(after);
    };
    if bare_number && second.month.is_none() {
        return None;
    }
    let borrowed_first = first.year.is_none() && second.year.is_some();
    if first.month.is_none() && second.month.is_some() {
        first.month = second.month;
    }
    first.year = first.year.or(second.year);
    let mut borrowed_second = false;
    if second.year.is_none() && first.year.is_some() {
        // A month that comes before the first end belongs to the next year, which the
        // resolver finds; "March 19th to 26th" and "18 March to 28 May" share the year.
        let same_year = match (first.month, second.month) {
            (Some(_), None) => true,
            (Some(a), Some(b)) => a <= b,
            _ => false,
        };
        if same_year {
            second.year = first.year;
            borrowed_second = true;
        }
    }
    if second.month.is_none() && first.month.is_some() {
        second.month = first.month;
    }
    let (start, end) = if list {
        (None, None)
    } else {
        (Some(RangeRole::Start), Some(RangeRole::End))
    };
    push_partial(cx, &first, after, start, borrowed_first, out)?;
    push_partial(cx, &second, next, end, borrowed_second, out);
    Some(next)
}

/// "Feb. 2, 3, 4, 1871", "March 6, 7 and 9, 1871": a note's or a chronology's days of
/// one month, the year written once after the last. Only with that year: "on March 3,
/// 4 battalions" is no list.
fn day_list(cx: &Cx, first: &Partial, after: usize, out: &mut Vec<Raw>) -> Option<usize> {
    if first.year.is_some() || first.month.is_none() || !cx.is_punct(after, &[',']) {
        return None;
    }
    let mut days = Vec::new();
    let mut previous = first.day?;
    let mut k = after;
    while cx.is_punct(k, &[',']) || cx.is_word(k, "and") {
        let at = k + 1;
        match cx.num(at) {
            Some(day) if cx.digits(at) <= 2 && u32::from(previous) < day && day <= 31 => {
                previous = day as u8;
                days.push(at);
                k = at + 1;
            }
            _ => break,
        }
    }
    let &last = days.last()?;
    let (year, next) = year_after(cx, k)?;
    let mut listed = *first;
    listed.year = Some(year);
    push_partial(cx, &listed, after, None, true, out)?;
    for &at in &days {
        let partial = Partial {
            day: cx.num(at).map(|d| d as u8),
            first: at,
            weekday: None,
            ..listed
        };
        let (end, borrowed) = if at == last {
            (next, false)
        } else {
            (at + 1, true)
        };
        push_partial(cx, &partial, end, None, borrowed, out)?;
    }
    Some(next)
}

fn push_partial(
    cx: &Cx,
    partial: &Partial,
    end: usize,
    role: Option<RangeRole>,
    borrowed: bool,
    out: &mut Vec<Raw>,
) -> Option<()> {
    let mut value = partial.value()?;
    if let RawValue::Calendar { year_borrowed, .. } = &mut value {
        *year_borrowed = borrowed;
    }
    let mut raw = Raw::new(cx.start(partial.first)..cx.end(end - 1), value);
    raw.role = role;
    out.push(raw);
    Some(())
}

/// "5/30/1871" (order decided per document) and ISO "1871-03-18".
fn numeric(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    let a = cx.num(i)?;
    let glued = |k: usize| (k..k + 4).all(|t| cx.glued(t));
    if cx.is_punct(i + 1, &['/']) && cx.is_punct(i + 3, &['/']) && glued(i + 1) {
        let b = cx.num(i + 2)?;
        let year = year_value(cx, i + 4)?;
        if cx.digits(i) > 2 || cx.digits(i + 2) > 2 || a == 0 || b == 0 || a > 31 || b > 31 {
            return None;
        }
        let value = RawValue::Numeric {
            first: a as u8,
            second: b as u8,
            year,
        };
        out.push(Raw::new(cx.start(i)..cx.end(i + 4), value));
        return Some(i + 5);
    }
    if cx.digits(i) == 4 && cx.is_punct(i + 1, &['-']) && cx.is_punct(i + 3, &['-']) && glued(i + 1)
    {
        let (month, day) = (cx.num(i + 2)?, cx.num(i + 4)?);
        if cx.digits(i + 2) != 2 || cx.digits(i + 4) != 2 {
            return None;
        }
        let date = super::date::Date::new(year_value(cx, i)?, month as u8, day as u8)?;
        out.push(Raw::new(
            cx.start(i)..cx.end(i + 4),
            RawValue::Known(Timex::Day(date)),
        ));
        return Some(i + 5);
    }
    None
}

/// "the 19th century", "nineteenth-century", "the eighteenth century".
fn century(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    let (number, next) = match cx.after_ordinal(i) {
        Some(next) => (cx.num(i)?, next),
        None => (cx.lookup(i, ORDINAL_WORDS)?, i + 1),
    };
    let at = if is_dash(cx, next) { next + 1 } else { next };
    if !cx.is_word(at, "century") || !(1..=21).contains(&number) {
        return None;
    }
    let value = RawValue::Known(Timex::Century(number as i32 - 1));
    out.push(Raw::new(cx.start(i)..cx.end(at), value));
    Some(at + 1)
}

/// "the 1850s" (185X), "the 1800s" (the century), "the 60s" and "the ’60s".
fn decade(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    let elided = is_apostrophe(cx, i) && cx.tok(i).is_some_and(|t| t.space_before);
    let at = if elided { i + 1 } else { i };
    let value = cx.num(at)?;
    if elided && !cx.glued(at) {
        return None;
    }
    if !(cx.is_word(at + 1, "s") && cx.glued(at + 1)) || value % 10 != 0 {
        return None;
    }
    let raw = match cx.digits(at) {
        4 if (1000..=2090).contains(&value) => {
            let value = value as i32;
            if value % 100 == 0 {
                RawValue::Known(Timex::Century(value / 100))
            } else {
                RawValue::Known(Timex::Decade(value / 10))
            }
        }
        2 if elided || cx.is_word(at.wrapping_sub(1), "the") => {
            RawValue::TwoDigitDecade((value / 10) as u8)
        }
        _ => return None,
    };
    out.push(Raw::new(cx.start(i)..cx.end(at + 1), raw));
    Some(at + 2)
}

const SEASONS: &[(Folded, Season)] = &fold_table([
    ("spring", Season::Spring),
    ("summer", Season::Summer),
    ("autumn", Season::Autumn),
    ("fall", Season::Autumn),
    ("winter", Season::Winter),
]);

/// "the autumn of 1870", "summer 1870", "the winter of 1870-71".
fn season(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    let season = cx.lookup(i, SEASONS)?;
    let at = if cx.is_word(i + 1, "of") {
        i + 2
    } else {
        i + 1
    };
    // "the winter of '70": the century comes from the document.
    if is_apostrophe(cx, at)
        && cx.glued(at + 1)
        && cx.digits(at + 1) == 2
        && let Some(short) = cx.num(at + 1)
        && !(cx.glued(at + 2) && cx.word(at + 2).is_some())
    {
        let value = RawValue::SeasonOfShortYear {
            season,
            short: short as u8,
        };
        out.push(Raw::new(cx.start(i)..cx.end(at + 1), value));
        return Some(at + 2);
    }
    let year = year_value(cx, at)?;
    if is_not_a_day_noun(cx, at + 1) {
        return None;
    }
    let mut end = at;
    if let Some((_, next)) = year_range_tail(cx, at, year) {
        end = next - 1;
    }
    let value = RawValue::Known(Timex::Season { year, season });
    out.push(Raw::new(cx.start(i)..cx.end(end), value));
    Some(end + 1)
}

const START_WORDS: &[Folded] = &fold_all(["beginning", "start", "dawn", "opening"]);
const END_WORDS: &[Folded] = &fold_all(["end", "close"]);
const MID_WORDS: &[Folded] = &fold_all(["middle"]);

/// "early May", "mid-May", "late March 1871", "the end of April", "the beginning of
/// March", "mid-1870": the month or year, with the part of it that is meant.
fn part_of_period(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    // "the first days of April", "THE LAST DAYS OF MAY".
    let days_of = cx.is_word(i + 1, "days") && cx.is_word(i + 2, "of");
    let (modifier, mut at) = if days_of && cx.is_any(i, words!["first", "early", "opening"]) {
        (Modifier::Start, i + 3)
    } else if days_of && cx.is_any(i, words!["last", "closing", "final"]) {
        (Modifier::End, i + 3)
    } else if cx.is_any(i, words!["early", "late"]) {
        let modifier = if cx.is_word(i, "early") {
            Modifier::Start
        } else {
            Modifier::End
        };
        // "early in March", "late in 1870".
        let at = if cx.is_word(i + 1, "in") {
            i + 2
        } else {
            i + 1
        };
        (modifier, at)
    } else if cx.is_word(i, "mid") {
        let at = if is_dash(cx, i + 1) { i + 2 } else { i + 1 };
        (Modifier::Mid, at)
    } else {
        let modifier = if cx.is_any(i, START_WORDS) {
            Modifier::Start
        } else if cx.is_any(i, END_WORDS) {
            Modifier::End
        } else if cx.is_any(i, MID_WORDS) {
            Modifier::Mid
        } else {
            return None;
        };
        if !cx.is_word(i + 1, "of") {
            return None;
        }
        let mut at = i + 2;
        if cx.is_word(at, "the") && cx.is_word(at + 1, "month") {
            if !cx.is_word(at + 2, "of") {
                // "the middle of the month": of the month the story is in.
                let mut raw = Raw::new(
                    cx.start(i)..cx.end(at + 1),
                    RawValue::Relative(Shift::Months(0)),
                );
                raw.modifier = Some(modifier);
                out.push(raw);
                return Some(at + 2);
            }
            at += 3;
        }
        (modifier, at)
    };
    let value = if let Some((partial, next)) = month_first(cx, at) {
        at = next;
        partial.value()?
    } else if let Some(month) = month_name_at(cx, at) {
        // A heading in capitals writes its month in capitals too.
        let shouting = cx
            .word(i)
            .is_some_and(|w| !w.bytes().any(|b| b.is_ascii_lowercase()));
        if !cx.is_title_case(at) && !shouting {
            return None;
        }
        at += 1;
        RawValue::Calendar {
            month,
            day: None,
            year: None,
            year_borrowed: false,
            weekday: None,
        }
    } else {
        let year = year_value(cx, at)?;
        if is_not_a_day_noun(cx, at + 1) {
            return None;
        }
        at += 1;
        RawValue::Known(Timex::Year(year))
    };
    if let RawValue::Calendar { day: Some(_), .. } = value {
        return None;
    }
    let mut raw = Raw::new(cx.start(i)..cx.end(at - 1), value);
    raw.modifier = Some(modifier);
    out.push(raw);
    Some(at)
}

/// The words after "the" that [`relative`] reads.
const AFTER_THE: &[(Folded, ())] = &fold_table([
    ("next", ()),
    ("following", ()),
    ("previous", ()),
    ("preceding", ()),
    ("same", ()),
    ("morrow", ()),
    ("day", ()),
    ("morning", ()),
    ("evening", ()),
    ("night", ()),
    ("afternoon", ()),
]);

const DAY_PARTS: &[Folded] = &fold_all(["day", "morning", "evening", "night", "afternoon"]);

/// "the next day", "the night before", "on the morrow", "that evening", "two days later",
/// "the day after September 4th".
fn relative(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    if cx.is_word(i, "the") {
        // "the" is the commonest word of all: one lookup tells the few that follow it
        // here from the rest.
        cx.lookup(i + 1, AFTER_THE)?;
        if cx.is_any(i + 1, words!["next", "following"])
            && let Some(weekday) = cx.lookup(i + 2, WEEKDAYS)
        {
            let value = RawValue::Weekday {
                weekday,
                direction: Direction::Future,
                deictic: false,
            };
            out.push(Raw::new(cx.start(i)..cx.end(i + 2), value));
            return Some(i + 3);
        }
        // "the day before yesterday", "the day after to-morrow": two days from the
        // writer's day.
        let after = if cx.is_word(i + 2, "after") { 1 } else { -1 };
        if cx.is_word(i + 1, "day")
            && cx.is_any(i + 2, words!["after", "before"])
            && let Some((shift, next)) = deictic_word(cx, i + 3)
            && shift == after
        {
            let value = RawValue::Deictic {
                shift: Shift::Days(2 * shift),
                or_narrative: false,
            };
            out.push(Raw::new(cx.start(i)..cx.end(next - 1), value));
            return Some(next);
        }
        // "the following month", "the previous year" (not "the following months").
        let sign = if cx.is_any(i + 1, words!["next", "following"]) {
            1
        } else if cx.is_any(i + 1, words!["previous", "preceding"]) {
            -1
        } else {
            0
        };
        if sign != 0 && cx.is_word(i + 2, "month") {
            return push_relative(cx, i, i + 3, Shift::Months(sign), out);
        }
        if sign != 0 && cx.is_word(i + 2, "year") {
            return push_relative(cx, i, i + 3, Shift::Years(sign), out);
        }
        if cx.is_any(i + 1, words!["next", "following"]) && cx.is_any(i + 2, DAY_PARTS) {
            return push_relative(cx, i, i + 3, Shift::Days(1), out);
        }
        if cx.is_any(i + 1, words!["previous", "preceding"]) && cx.is_any(i + 2, DAY_PARTS) {
            return push_relative(cx, i, i + 3, Shift::Days(-1), out);
        }
        if cx.is_word(i + 1, "same") && cx.is_any(i + 2, DAY_PARTS) {
            return push_relative(cx, i, i + 3, Shift::Days(0), out);
        }
        if cx.is_word(i + 1, "morrow") {
            return push_relative(cx, i, i + 2, Shift::Days(1), out);
        }
        if cx.is_any(i + 1, DAY_PARTS) && cx.is_any(i + 2, words!["after", "before"]) {
            let shift = if cx.is_word(i + 2, "after") { 1 } else { -1 };
            if let Some((partial, next)) = day_first(cx, i + 3).or_else(|| month_first(cx, i + 3)) {
                partial.day?;
                let mut raw = Raw::new(cx.start(i)..cx.end(next - 1), partial.value()?);
                raw.shift_days = shift;
                out.push(raw);
                return Some(next);
            }
            // "the day before the elections" is anchored to an event, not to the narrative.
            let anchored = cx.num(i + 3).is_some()
                || cx.is_capitalized(i + 3)
                || cx.is_any(
                    i + 3,
                    words!["the", "a", "an", "his", "her", "their", "its", "our"],
                );
            if anchored {
                return None;
            }
            return push_relative(cx, i, i + 3, Shift::Days(shift), out);
        }
        return None;
    }
    // "Next day he went back": the older English of "the next day".
    if cx.is_word(i, "next") {
        if cx.is_any(i + 1, DAY_PARTS) && !cx.is_punct(i.wrapping_sub(1), &['-']) {
            return push_relative(cx, i, i + 2, Shift::Days(1), out);
        }
        return None;
    }
    if cx.is_word(i, "that") && cx.is_word(i + 1, "same") && cx.is_any(i + 2, DAY_PARTS) {
        return push_relative(cx, i, i + 3, Shift::Days(0), out);
    }
    if cx.is_word(i, "that") && cx.is_any(i + 1, DAY_PARTS) {
        if cx.is_any(i + 2, words!["of", "when"]) {
            return None;
        }
        return push_relative(cx, i, i + 2, Shift::Days(0), out);
    }
    let count = match cx.word(i) {
        Some(_) => cx.lookup(i, NUMBER_WORDS)?,
        None => {
            let n = cx.num(i)?;
            if cx.digits(i) > 2 {
                return None;
            }
            n
        }
    };
    cx.word(i + 1)?;
    let ago = cx.is_word(i + 2, "ago");
    // "five days before", "two days after Christmas".
    let before_after = cx.is_any(i + 2, words!["before", "after"]);
    if !ago
        && !before_after
        && !cx.is_any(i + 2, words!["later", "afterwards", "afterward", "earlier"])
    {
        return None;
    }
    let sign: i64 = if cx.is_any(i + 2, words!["earlier", "before"]) || ago {
        -1
    } else {
        1
    };
    let count = i64::from(count) * sign;
    let shift = match cx.lookup(i + 1, UNITS)? {
        Unit::Day => Shift::Days(count),
        Unit::Week => Shift::Days(count * 7),
        Unit::Fortnight => Shift::Days(count * 14),
        Unit::Month => Shift::Months(count as i32),
        Unit::Year => Shift::Years(count as i32),
    };
    if before_after {
        let Shift::Days(days) = shift else {
            return None;
        };
        return shifted_date(cx, i, i + 3, days, out);
    }
    if ago {
        // "a week ago" counts back from the day the writer writes on.
        let value = RawValue::Deictic {
            shift,
            or_narrative: false,
        };
        out.push(Raw::new(cx.start(i)..cx.end(i + 2), value));
        return Some(i + 3);
    }
    push_relative(cx, i, i + 3, shift, out)
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    Day,
    Fortnight,
    Week,
    Month,
    Year,
}

const UNITS: &[(Folded, Unit)] = &fold_table([
    ("day", Unit::Day),
    ("days", Unit::Day),
    ("fortnight", Unit::Fortnight),
    ("fortnights", Unit::Fortnight),
    ("week", Unit::Week),
    ("weeks", Unit::Week),
    ("month", Unit::Month),
    ("months", Unit::Month),
    ("year", Unit::Year),
    ("years", Unit::Year),
]);

/// "two days after Christmas", "three days before the 18th of March": the date at
/// `at`, moved by `days`, as one mention from `i`; "five days before" alone counts
/// from the narrative's day, and one before a noun ("the day before the elections")
/// from an event the text does not date.
fn shifted_date(cx: &Cx, i: usize, at: usize, days: i64, out: &mut Vec<Raw>) -> Option<usize> {
    let mut found = Vec::new();
    let date = if feast(cx, at, &mut found).is_some() {
        found.pop().map(|raw| {
            (
                raw.value,
                cx.toks.partition_point(|t| t.start < raw.range.end),
            )
        })
    } else {
        let start = if cx.is_word(at, "the") { at + 1 } else { at };
        day_first(cx, start)
            .or_else(|| month_first(cx, start))
            .filter(|(partial, _)| partial.day.is_some())
            .and_then(|(partial, next)| Some((partial.value()?, next)))
    };
    if let Some((value, next)) = date {
        let mut raw = Raw::new(cx.start(i)..cx.end(next - 1), value);
        raw.shift_days = days;
        out.push(raw);
        return Some(next);
    }
    let anchored = cx.num(at).is_some()
        || cx.is_capitalized(at)
        || cx.is_any(
            at,
            words![
                "the", "a", "an", "his", "her", "their", "its", "our", "my", "your"
            ],
        );
    if anchored {
        return None;
    }
    push_relative(cx, i, at, Shift::Days(days), out)
}

fn push_relative(
    cx: &Cx,
    i: usize,
    next: usize,
    shift: Shift,
    out: &mut Vec<Raw>,
) -> Option<usize> {
    out.push(Raw::new(
        cx.start(i)..cx.end(next - 1),
        RawValue::Relative(shift),
    ));
    Some(next)
}

/// The end of "1866-67", "1870-1871", "1870/71", written glued to the first year.
fn year_range_tail(cx: &Cx, i: usize, from: i32) -> Option<(i32, usize)> {
    if !(cx.is_punct(i + 1, &['-', '–', '/']) && cx.glued(i + 1) && cx.glued(i + 2)) {
        return None;
    }
    let second = cx.num(i + 2)? as i32;
    let to = match cx.digits(i + 2) {
        2 => {
            let short = from % 100;
            if second <= short || second - short > 20 {
                return None;
            }
            from - short + second
        }
        4 if second > from && second - from <= 100 => second,
        _ => return None,
    };
    Some((to, i + 3))
}

/// A bare four-digit year where the context says it is one: "in 1864", "the revolution
/// of 1789", "(1870)", "1866-67", "between 1868 and 1870", and a publisher's
/// "Libertalia, 2017." but never "1,200 men", "in 72" or a street number.
fn year(cx: &Cx, i: usize, list_end: usize, out: &mut Vec<Raw>) -> Option<usize> {
    let from = year_value(cx, i)?;
    if let Some((to, next)) = year_range_tail(cx, i, from) {
        let value = RawValue::Known(Timex::YearRange { from, to });
        out.push(Raw::new(cx.start(i)..cx.end(next - 1), value));
        return Some(next);
    }
    if is_not_a_day_noun(cx, i + 1) {
        return None;
    }
    let prev = i.wrapping_sub(1);
    if cx.is_word(prev, "of") && cx.is_any(prev.wrapping_sub(1), PATTERN_NOUNS) {
        return None;
    }
    let next_is_stop =
        cx.tok(i + 1).is_none() || cx.is_punct(i + 1, &[',', '.', ';', ':', ')', ']', '!', '?']);
    // A year alone in its block ("1871.") heads the entries of a journal.
    let alone = i == 0 && (cx.tok(1).is_none() || cx.is_punct(1, &['.']) && cx.tok(2).is_none());
    let context = cx.is_any(prev, YEAR_CONTEXT)
        || cx.is_word(prev, "the") && cx.is_any(i + 1, EVENT_NOUNS)
        || cx.is_punct(prev, &['(']) && cx.is_punct(i + 1, &[')', ',', ';'])
        || continues_list(cx, list_end, i)
        || next_is_stop && (cx.is_punct(prev, &[',']) || cx.is_capitalized(prev))
        || alone
        || starts_year_list(cx, i);
    if !context {
        return None;
    }
    // "from 1868 to 1870", "between 1868 and 1870": both ends, each with its role.
    let opener = cx.is_any(prev, words!["from", "between"]);
    if opener
        && cx.is_any(i + 1, words!["to", "until", "till", "and"])
        && let Some(to) = year_value(cx, i + 2)
        && to > from
        && !is_not_a_day_noun(cx, i + 3)
    {
        let mut start = Raw::new(cx.start(i)..cx.end(i), RawValue::Known(Timex::Year(from)));
        start.role = Some(RangeRole::Start);
        let mut end = Raw::new(
            cx.start(i + 2)..cx.end(i + 2),
            RawValue::Known(Timex::Year(to)),
        );
        end.role = Some(RangeRole::End);
        out.push(start);
        out.push(end);
        return Some(i + 3);
    }
    out.push(Raw::new(
        cx.start(i)..cx.end(i),
        RawValue::Known(Timex::Year(from)),
    ));
    Some(i + 1)
}

/// "1830, 1848 and 1851": three or more years in a list are years whatever comes
/// before them.
fn starts_year_list(cx: &Cx, i: usize) -> bool {
    let mut count = 1;
    let mut at = i + 1;
    loop {
        let glue_end = if cx.is_punct(at, &[',']) {
            if cx.is_any(at + 1, words!["and", "or"]) {
                at + 2
            } else {
                at + 1
            }
        } else if cx.is_any(at, words!["and", "or"]) {
            at + 1
        } else {
            break;
        };
        if year_value(cx, glue_end).is_none() {
            break;
        }
        count += 1;
        at = glue_end + 1;
    }
    count >= 3 && !is_not_a_day_noun(cx, at)
}

/// "’71", "of '48": a year written with two digits after an apostrophe.
fn elided_year(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    if !is_apostrophe(cx, i) || !cx.tok(i)?.space_before || !cx.glued(i + 1) {
        return None;
    }
    let value = cx.num(i + 1)?;
    if cx.digits(i + 1) != 2 || cx.glued(i + 2) && cx.word(i + 2).is_some() {
        return None;
    }
    if is_not_a_day_noun(cx, i + 2) {
        return None;
    }
    out.push(Raw::new(
        cx.start(i)..cx.end(i + 1),
        RawValue::TwoDigitYear(value as u8),
    ));
    Some(i + 2)
}

/// "yesterday", "to-day", "to-morrow", "to-night" at `i`, however hyphenated: the
/// shift in days and the index past the word.
fn deictic_word(cx: &Cx, i: usize) -> Option<(i64, usize)> {
    const WORDS: &[(Folded, i64)] = &fold_table([
        ("yesterday", -1),
        ("today", 0),
        ("tonight", 0),
        ("tomorrow", 1),
    ]);
    if let Some(shift) = cx.lookup(i, WORDS) {
        return Some((shift, i + 1));
    }
    // "to-day", "to-morrow", "to-night", as the nineteenth century wrote them.
    if cx.is_word(i, "to") && cx.is_punct(i + 1, &['-']) && cx.glued(i + 1) && cx.glued(i + 2) {
        const AFTER_TO: &[(Folded, i64)] = &fold_table([("day", 0), ("night", 0), ("morrow", 1)]);
        let shift = cx.lookup(i + 2, AFTER_TO)?;
        return Some((shift, i + 3));
    }
    None
}

/// "yesterday morning", "to-day", "to-morrow", "this evening", "last night": days
/// counted from the day the writer writes on (see [`RawValue::Deictic`]).
fn deictic(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    let (shift, mut next, or_narrative) = if let Some((shift, next)) = deictic_word(cx, i) {
        (shift, next, false)
    } else if cx.is_word(i, "this") && cx.is_any(i + 1, DAY_PARTS) {
        // "to this day" is until now, no day of the narrative.
        let prev = i.wrapping_sub(1);
        if cx.is_any(prev, words!["to", "until", "till", "unto"]) {
            return Some(i + 2);
        }
        // "this morning" in a story is the story's morning; "this day" there is
        // rhetoric as often as a date ("this day that promised so much"), so it is
        // only the writer's own day under a dateline.
        (0, i + 2, !cx.is_word(i + 1, "day"))
    } else if cx.is_word(i, "last") && cx.is_any(i + 1, words!["night", "evening"]) {
        (-1, i + 2, false)
    } else {
        return None;
    };
    // "yesterday morning", "to-morrow evening".
    if shift != 0 && cx.is_any(next, words!["morning", "evening", "afternoon", "night"]) {
        next += 1;
    }
    let value = RawValue::Deictic {
        shift: Shift::Days(shift),
        or_narrative,
    };
    out.push(Raw::new(cx.start(i)..cx.end(next - 1), value));
    Some(next)
}

/// A day named by its weekday alone: "on Saturday", "since Tuesday", "On the
/// Monday", "Sunday last", "next Sunday". A weekday written with a date ("Sunday,
/// 28 March", "Monday the 22nd") is read with the date instead.
fn weekday_day(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    let at = if cx.is_any(i, words!["last", "next"]) {
        i + 1
    } else {
        i
    };
    if !cx.is_capitalized(at) {
        return None;
    }
    let weekday = cx.lookup(at, WEEKDAYS)?;
    let mut date = at + 1;
    if cx.is_punct(date, &[',']) {
        date += 1;
    }
    if cx.is_word(date, "the") {
        date += 1;
    }
    if cx.num(date).is_some() || cx.lookup(date, ORDINAL_WORDS).is_some() {
        return None;
    }
    if month_at(cx, date).is_some() {
        return None;
    }
    let mut next = at + 1;
    let possessive = is_apostrophe(cx, at + 1) && cx.is_word(at + 2, "s") && cx.glued(at + 1);
    let (direction, deictic) = if at > i {
        let direction = if cx.is_word(i, "last") {
            Direction::Past
        } else {
            Direction::Future
        };
        (direction, true)
    } else if cx.is_word(at + 1, "last") {
        next += 1;
        (Direction::Past, true)
    } else if cx.is_word(at + 1, "next") {
        next += 1;
        (Direction::Future, true)
    } else {
        let prev = if cx.is_word(at.wrapping_sub(1), "the") {
            at.wrapping_sub(2)
        } else {
            at.wrapping_sub(1)
        };
        if cx.is_word(prev, "since") {
            (Direction::Past, false)
        } else if cx.is_any(prev, words!["till", "until", "by"]) {
            (Direction::Future, false)
        } else if cx.is_any(prev, words!["on", "of"]) || possessive {
            // "on Saturday", "the events of Saturday", "Sunday's election".
            (Direction::Nearest, false)
        } else if at == 0 && ends_heading(cx, at + 1) {
            // "Tuesday.—": a journal's entry headed by its weekday, after the last.
            (Direction::Future, true)
        } else {
            return None;
        }
    };
    if next == at + 1 && cx.is_any(next, words!["morning", "evening", "afternoon", "night"]) {
        next += 1;
    }
    let value = RawValue::Weekday {
        weekday,
        direction,
        deictic,
    };
    out.push(Raw::new(cx.start(i)..cx.end(next - 1), value));
    Some(next)
}

/// The feasts of the Church's year and the civil year that dates are given by, as
/// word sequences (capitalised, each word optionally joined by a hyphen).
const FEASTS: &[(&[&str], Feast)] = &[
    (&["easter", "sunday"], Feast::Movable(0)),
    (&["easter", "day"], Feast::Movable(0)),
    (&["easter", "monday"], Feast::Movable(1)),
    (&["easter", "eve"], Feast::Movable(-1)),
    (&["good", "friday"], Feast::Movable(-2)),
    (&["holy", "saturday"], Feast::Movable(-1)),
    (&["holy", "thursday"], Feast::Movable(-3)),
    (&["maundy", "thursday"], Feast::Movable(-3)),
    (&["palm", "sunday"], Feast::Movable(-7)),
    (&["ash", "wednesday"], Feast::Movable(-46)),
    (&["shrove", "tuesday"], Feast::Movable(-47)),
    (&["ascension", "day"], Feast::Movable(39)),
    (&["ascension", "thursday"], Feast::Movable(39)),
    (&["whit", "sunday"], Feast::Movable(49)),
    (&["whitsun", "day"], Feast::Movable(49)),
    (&["whitsunday"], Feast::Movable(49)),
    (&["pentecost"], Feast::Movable(49)),
    (&["whit", "monday"], Feast::Movable(50)),
    (&["whitmonday"], Feast::Movable(50)),
    (&["trinity", "sunday"], Feast::Movable(56)),
    (&["corpus", "christi"], Feast::Movable(60)),
    (&["christmas", "day"], Feast::Fixed(12, 25)),
    (&["christmas", "eve"], Feast::Fixed(12, 24)),
    (&["new", "year", "’", "s", "day"], Feast::Fixed(1, 1)),
    (&["new", "year", "'", "s", "day"], Feast::Fixed(1, 1)),
    (&["new", "year", "’", "s", "eve"], Feast::Fixed(12, 31)),
    (&["new", "year", "'", "s", "eve"], Feast::Fixed(12, 31)),
    (&["all", "saints", "’", "day"], Feast::Fixed(11, 1)),
    (&["all", "saints", "'", "day"], Feast::Fixed(11, 1)),
    (&["all", "saints", "day"], Feast::Fixed(11, 1)),
    (&["all", "souls", "’", "day"], Feast::Fixed(11, 2)),
    (&["all", "souls", "'", "day"], Feast::Fixed(11, 2)),
    (&["all", "souls", "day"], Feast::Fixed(11, 2)),
];

/// Where the feast's words `words` are written from `i`: the index past them.
fn feast_words(cx: &Cx, i: usize, words: &[&str]) -> Option<usize> {
    let mut at = i;
    for (n, word) in words.iter().enumerate() {
        if n > 0 && cx.is_punct(at, &['-']) && cx.glued(at) {
            at += 1;
        }
        let tok = cx.tok(at)?;
        let text = &cx.text[tok.start..tok.end];
        if !text.eq_ignore_ascii_case(word) {
            return None;
        }
        // Names are capitalised; an apostrophe and the "s" after it are not words.
        if tok.kind == Kind::Word && text.len() > 1 && !cx.is_capitalized(at) {
            return None;
        }
        at += 1;
    }
    Some(at)
}

/// "Easter Monday", "Whit Sunday", "Good Friday", "Christmas Day", "New Year's Day",
/// and "at Christmas", "at Easter"; with a year when one follows ("Easter Monday,
/// 1871").
fn feast(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
    if !cx.is_capitalized(i) {
        return None;
    }
    let found = FEASTS
        .iter()
        .find_map(|(words, feast)| feast_words(cx, i, words).map(|next| (*feast, next)));
    let (feast, next) = match found {
        Some(found) => found,
        None => {
            // "Christmas" and "Easter" alone are days after a preposition ("at
            // Christmas", "till Easter"), else a season or an adjective.
            let prepositions = words![
                "at", "on", "before", "after", "since", "till", "until", "by"
            ];
            if !cx.is_capitalized(i) || !cx.is_any(i.wrapping_sub(1), prepositions) {
                return None;
            }
            let feast = if cx.is_word(i, "christmas") {
                Feast::Fixed(12, 25)
            } else if cx.is_word(i, "easter") {
                Feast::Movable(0)
            } else {
                return None;
            };
            (feast, i + 1)
        }
    };
    let (year, next) = match year_after(cx, next) {
        Some((year, after)) => (Some(year), after),
        None => (None, next),
    };
    out.push(Raw::new(
        cx.start(i)..cx.end(next - 1),
        RawValue::Feast { feast, year },
    ));
    Some(next)
}

/// Discourse marks the resolver needs besides the dates themselves: where sentences
/// start, and which places a sentence is set in. A comparative text ("In Paris, … In
/// Petrograd, …") keeps one timeline per place, and the reader follows the place.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_triggers_share_a_head() {
        assert!(
            TRIGGERS_BY_HEAD
                .windows(2)
                .all(|pair| pair[0].0.head < pair[1].0.head)
        );
    }

    #[test]
    fn triggers_are_sorted_and_cover_every_starting_word() {
        assert!(TRIGGERS.windows(2).all(|pair| pair[0].0 < pair[1].0));
        let contains = |word: &str| TRIGGERS.iter().any(|(w, _)| *w == word);
        let starters = START_WORDS.iter().chain(END_WORDS).chain(MID_WORDS);
        let starters = starters.map(|folded| &folded.word);
        for word in starters.chain(&["early", "late", "mid", "the", "that", "sept", "thirtieth"]) {
            assert!(contains(word), "{word}");
        }
        for month in 1..=12 {
            let name = super::super::date::month_name(month).to_ascii_lowercase();
            assert!(contains(&name), "{name}");
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cue {
    /// A sentence starts at this byte.
    Sentence(usize),
    /// The sentence is set in a place: "in Paris", "of Paris". `opens` when the
    /// sentence starts with it ("In Paris, the proletariat …").
    Place {
        at: usize,
        name: Range<usize>,
        opens: bool,
    },
}

impl Cue {
    pub fn at(&self) -> usize {
        match *self {
            Cue::Sentence(at) | Cue::Place { at, .. } => at,
        }
    }
}

/// A proper name that could be a place: capitalised, not a month, not a function word.
fn is_place_name(cx: &Cx, i: usize) -> bool {
    // Title case, so comparing without case is comparing as written.
    cx.is_title_case(i)
        && cx.word(i).is_some_and(|w| w.len() > 1)
        && month_name_at(cx, i).is_none()
        && !cx.is_any(
            i,
            words![
                "The", "This", "That", "These", "Those", "It", "In", "At", "A", "An"
            ],
        )
}

pub(crate) fn cues(cx: &Cx, out: &mut Vec<Cue>) {
    const IN: Folded = fold("in");
    const AT: Folded = fold("at");
    const OF: Folded = fold("of");
    let mut sentence_start = true;
    let mut first_word = 0;
    // Every token passes here, so the tests read the token's fields directly and
    // compare punctuation by code point.
    for (i, tok) in cx.toks.iter().enumerate() {
        let punct = |marks: &[char]| {
            tok.kind == Kind::Punct && marks.iter().any(|&mark| tok.value == mark as u32)
        };
        if sentence_start {
            // Opening brackets, quotes and ellipses belong to the new sentence.
            if punct(&['(', '“', '"', '‘', '…', '[']) {
                continue;
            }
            out.push(Cue::Sentence(tok.start));
            sentence_start = false;
            first_word = i;
        }
        if punct(&['.', '!', '?', '…']) {
            sentence_start = cx.tok(i + 1).is_some_and(|t| {
                t.space_before && (cx.is_capitalized(i + 1) || t.kind == Kind::Punct)
            });
            continue;
        }
        let preposition = tok.kind == Kind::Word
            && tok.end - tok.start == 2
            && (tok.head == IN.head || tok.head == AT.head || tok.head == OF.head);
        if preposition && is_place_name(cx, i + 1) {
            out.push(Cue::Place {
                at: cx.start(i),
                name: cx.start(i + 1)..cx.end(i + 1),
                opens: i == first_word,
            });
        }
    }
}
