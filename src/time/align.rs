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
//! A document can pin a passage to an event or forbid a link in its front matter.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use super::date::DateSpan;
use super::events::EventCatalog;
use super::lexical::normalize;
use super::narrative::{PassageTime, TimeSource, span_length};
use super::tagger::Mention;
use super::timex::Granularity;
use aho_corasick::AhoCorasick;
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

/// The cue phrases of every event, in one automaton.
pub struct CueMatcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern: the events it cues and its weight.
    patterns: Vec<(Vec<usize>, f32)>,
}

impl CueMatcher {
    pub fn new(catalog: &EventCatalog) -> CueMatcher {
        let mut phrases: Vec<String> = Vec::new();
        let mut patterns: Vec<(Vec<usize>, f32)> = Vec::new();
        for (index, event) in catalog.events().iter().enumerate() {
            for cue in &event.cues {
                let phrase = normalize(cue);
                if phrase.trim().is_empty() {
                    continue;
                }
                match phrases.iter().position(|p| *p == phrase) {
                    Some(existing) => {
                        if !patterns[existing].0.contains(&index) {
                            patterns[existing].0.push(index);
                        }
                    }
                    None => {
                        phrases.push(phrase);
                        patterns.push((vec![index], 0.0));
                    }
                }
            }
        }
        for (events, weight) in &mut patterns {
            // A phrase shared by n events tells each of them 1/n as much.
            *weight = 1.0 / events.len() as f32;
        }
        let automaton = AhoCorasick::new(&phrases).ok();
        CueMatcher {
            automaton,
            patterns,
        }
    }

    /// Per event: the summed weight of the distinct cues found in `normalized`.
    pub fn scores(&self, normalized: &str, events: usize) -> Vec<f32> {
        let mut scores = vec![0.0f32; events];
        let Some(automaton) = &self.automaton else {
            return scores;
        };
        let mut seen = vec![false; self.patterns.len()];
        for found in automaton.find_overlapping_iter(normalized) {
            let pattern = found.pattern().as_usize();
            if std::mem::replace(&mut seen[pattern], true) {
                continue;
            }
            let (cued, weight) = &self.patterns[pattern];
            for &event in cued {
                if let Some(score) = scores.get_mut(event) {
                    *score += weight;
                }
            }
        }
        scores
    }
}

/// How much of an event's time a passage's time and written dates support.
fn time_score(event: DateSpan, time: Option<&PassageTime>, mentions: &[Mention]) -> f32 {
    let event_length = span_length(event) as f32;
    // A one-day event is a sharp target; the 72 days of the Commune are not.
    let specificity = 1.0 / (1.0 + (1.0 + event_length / 7.0).ln());
    let mut score = 0.0;
    if let Some(time) = time {
        let first = time.span.first.max(event.first);
        let last = time.span.last.min(event.last);
        if first <= last {
            let overlap = (last.to_days() - first.to_days() + 1) as f32;
            let fraction = overlap / time.length() as f32;
            let source = match time.source {
                TimeSource::Own => 1.0,
                TimeSource::Narrative => 0.7,
                TimeSource::Section => 0.6,
            };
            score += fraction * source;
        }
    }
    for mention in mentions {
        let Some(span) = mention.date_span() else {
            continue;
        };
        if span.first <= event.last && event.first <= span.last {
            score += match mention.value.granularity() {
                Granularity::Day => 0.6,
                Granularity::Month => 0.25,
                _ => 0.05,
            };
        }
    }
    score.min(1.5) * specificity.max(0.25) * 1.6
}

/// Scores every event for one passage and keeps the links above the threshold.
pub fn link_passage(
    catalog: &EventCatalog,
    cues: &CueMatcher,
    normalized_text: &str,
    time: Option<&PassageTime>,
    mentions: &[Mention],
) -> Vec<EventScore> {
    let cue_scores = cues.scores(normalized_text, catalog.events().len());
    let mut links: Vec<EventScore> = Vec::new();
    for (index, event) in catalog.events().iter().enumerate() {
        let cue = cue_scores[index].min(CUE_CAP);
        let span = DateSpan {
            first: event.start(),
            last: event.end(),
        };
        let time = if time.is_some() || !mentions.is_empty() {
            time_score(span, time, mentions)
        } else {
            0.0
        };
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
    links
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
        let links = link_passage(
            &catalog,
            &cues,
            &normalize("Beslay sat on the Bank of France's gold and did nothing."),
            None,
            &[],
        );
        assert_eq!(
            links.first().map(|l| catalog.events()[l.event].id.as_str()),
            Some("bank")
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
        };
        let links = link_passage(
            &catalog,
            &cues,
            &normalize("The troops came at dawn."),
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
    fn words_match_whole() {
        let catalog = catalog();
        let cues = CueMatcher::new(&catalog);
        let scores = cues.scores(&normalize("Communes everywhere; Montmartres."), 3);
        assert_eq!(scores, vec![0.0, 0.0, 0.0]);
    }
}
