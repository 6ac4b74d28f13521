//! Quotation links: passages of different documents that quote the same words.
//!
//! The texts quote the same sources (Marx's *The Civil War in France*, Trotsky, the
//! Central Committee's proclamations) in different translations, so exact matching
//! would miss most of them. Passages are compared by runs of three content words
//! (stopwords dropped, words stemmed), which survive "the ready-made state machine"
//! against "the ready-made state machinery"; only runs that are rare in the corpus
//! count, so common phrases ("the Paris Commune was") link nothing.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use super::lexical::Terms;
use rustc_hash::{FxHashMap, FxHasher};
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// A passage, as `(document index, block index)`.
pub type PassageRef = (usize, usize);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteLink {
    pub a: PassageRef,
    pub b: PassageRef,
    /// Distinct rare word runs the two passages share.
    pub shared: usize,
}

/// A run shared by more passages than this is a common phrase, not a quotation.
const MAX_PASSAGES_PER_RUN: usize = 4;
/// Shared runs needed for a link; passages that both show quotation marks need fewer.
const MIN_SHARED: usize = 3;
const MIN_SHARED_QUOTED: usize = 2;
const RUN: usize = 3;

/// How many passes over the runs [`QuoteFinder::links`] makes, each holding
/// the runs of its share: [`run_partition`] chooses, from the words' ids
/// alone, so that a run is hashed in one pass only.
const PARTITIONS: u64 = 8;

/// Quotation links between passages: the passages are told as they come, their
/// words only at the end, as term ids (see [`Terms`]), so that no text is held.
///
/// On a large corpus there are about as many runs as words, so how they are
/// held decides the memory of the whole model. Runs are hashed from the ids
/// again in each of a few passes, and a pass keeps only the runs of its share
/// of hashes: each (run, passage) a `u64`, the next 32 bits of the hash over
/// the passage's index. With the 3 bits that choose the pass, two different
/// runs look the same once in 34 billion pairs, and a link needs two or three
/// runs shared by the same two passages.
#[derive(Debug, Default)]
pub struct QuoteFinder {
    /// Each passage, as (document, block) in 32 bits each, and whether it
    /// shows quotation marks: one per passage of the corpus.
    refs: Vec<((u32, u32), bool)>,
}

impl QuoteFinder {
    /// Adds a passage, and whether it shows quotation marks; its words are the
    /// next passage of the [`Terms`] given to [`QuoteFinder::links`].
    pub fn add(&mut self, passage: PassageRef, has_quote_marks: bool) {
        let (doc, block) = passage;
        self.refs
            .push(((doc as u32, block as u32), has_quote_marks));
    }

    /// Links the passages added, whose words are `terms`, in the same order.
    pub fn links(self, terms: &Terms) -> Vec<QuoteLink> {
        let refs = self.refs;
        let runs: usize = terms
            .iter()
            .map(|words| words.len().saturating_sub(RUN - 1))
            .sum();
        let mut pairs: FxHashMap<(u32, u32), usize> = FxHashMap::default();
        let mut own = Vec::new();
        let mut entries = Vec::with_capacity(runs / PARTITIONS as usize + runs / 16);
        for partition in 0..PARTITIONS {
            entries.clear();
            for (index, words) in terms.iter().enumerate().take(refs.len()) {
                own.clear();
                own.extend(
                    words
                        .windows(RUN)
                        .filter(|run| run_partition(run) == partition)
                        .map(run_hash),
                );
                own.sort_unstable();
                own.dedup();
                entries.extend(own.iter().map(|hash| (hash >> 32) << 32 | index as u64));
            }
            entries.sort_unstable();
            for group in entries.chunk_by(|a, b| a >> 32 == b >> 32) {
                if group.len() < 2 || group.len() > MAX_PASSAGES_PER_RUN {
                    continue;
                }
                for (i, &a) in group.iter().enumerate() {
                    let a = a as u32;
                    for &b in &group[i + 1..] {
                        let b = b as u32;
                        if refs[a as usize].0.0 != refs[b as usize].0.0 {
                            *pairs.entry((a.min(b), a.max(b))).or_default() += 1;
                        }
                    }
                }
            }
        }
        let mut links: Vec<QuoteLink> = pairs
            .into_iter()
            .filter_map(|((a, b), shared)| {
                let ((a_doc, a_block), a_quoted) = refs[a as usize];
                let ((b_doc, b_block), b_quoted) = refs[b as usize];
                let a = (a_doc as usize, a_block as usize);
                let b = (b_doc as usize, b_block as usize);
                let needed = if a_quoted && b_quoted {
                    MIN_SHARED_QUOTED
                } else {
                    MIN_SHARED
                };
                (shared >= needed).then(|| {
                    let (a, b) = if a < b { (a, b) } else { (b, a) };
                    QuoteLink { a, b, shared }
                })
            })
            .collect();
        links.sort_by(|x, y| {
            y.shared
                .cmp(&x.shared)
                .then(x.a.cmp(&y.a))
                .then(x.b.cmp(&y.b))
        });
        links
    }
}

/// The pass a run of words is found in: the same for the same words, and
/// spread evenly, since ids are given in the order words first appear.
fn run_partition(words: &[u32]) -> u64 {
    u64::from(words.iter().fold(0, |parts, id| parts ^ id)) % PARTITIONS
}

fn run_hash(words: &[u32]) -> u64 {
    let mut hasher = FxHasher::default();
    words.hash(&mut hasher);
    hasher.finish()
}

/// Whether a passage shows quotation marks of any common kind: `"`, `“`, `”`,
/// `«`, `»`.
pub fn has_quote_marks(text: &str) -> bool {
    // One search for the bytes the marks begin with, in UTF-8 ('"', and the
    // lead bytes of '«' '»' and of '“' '”'), each hit checked whole: a search
    // per mark read every passage five times, and a search for a set of
    // characters decodes every character.
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'"', 0xC2, 0xE2, bytes).any(|at| match bytes[at] {
        b'"' => true,
        0xC2 => matches!(bytes.get(at + 1), Some(0xAB | 0xBB)),
        _ => bytes
            .get(at + 1..at + 3)
            .is_some_and(|rest| rest == [0x80, 0x9C] || rest == [0x80, 0x9D]),
    })
}

/// A quotation this long or longer is another author's words; a shorter one
/// is a name or a scare quote (the “national defense” government).
const QUOTATION_MIN_WORDS: usize = 6;

/// The text with every quotation of [`QUOTATION_MIN_WORDS`] words or more blanked
/// out, or `None` when it has none. A quotation opened and not closed runs to
/// the end of the passage.
pub fn outside_quotations(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut removed = false;
    let mut rest = text;
    while let Some(open) = rest.find(['“', '"', '«']) {
        let mark = rest[open..].chars().next().unwrap_or('"');
        let close_mark = match mark {
            '“' => '”',
            '«' => '»',
            _ => '"',
        };
        let inside_start = open + mark.len_utf8();
        let (inside, after) = match rest[inside_start..].find(close_mark) {
            Some(close) => (
                &rest[inside_start..inside_start + close],
                inside_start + close + close_mark.len_utf8(),
            ),
            None => (&rest[inside_start..], rest.len()),
        };
        out.push_str(&rest[..open]);
        if inside.split_whitespace().count() >= QUOTATION_MIN_WORDS {
            out.push(' ');
            removed = true;
        } else {
            out.push_str(&rest[open..after]);
        }
        rest = &rest[after..];
    }
    out.push_str(rest);
    removed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::lexical::{TfIdfBuilder, normalize};

    #[test]
    fn quote_marks_of_every_common_kind_are_seen() {
        for text in [
            "He said \"no\".",
            "“Vive la Commune”",
            "«Vive la Commune»",
            "end”",
            "« open",
            "close »",
        ] {
            assert!(has_quote_marks(text), "{text}");
        }
        // Letters and dashes that share the marks' first byte.
        for text in ["Élysée — Hôtel ‘single’ ’s", "", "– ¬ © €"] {
            assert!(!has_quote_marks(text), "{text}");
        }
    }

    #[test]
    fn quotations_are_blanked_but_names_in_quotes_stay() {
        let text = "As Marx wrote: “the working class cannot simply lay hold of the state machinery” in 1871.";
        assert_eq!(
            outside_quotations(text).as_deref(),
            Some("As Marx wrote:   in 1871.")
        );
        assert_eq!(
            outside_quotations("The \"national defense\" government fell."),
            None
        );
        assert_eq!(
            outside_quotations("He said: \"we shall never give in, not one of us").as_deref(),
            Some("He said:  ")
        );
    }

    /// Finds quotation links among passages given as (passage, normalised text).
    fn find_links<'a>(
        passages: impl Iterator<Item = (PassageRef, &'a str, bool)>,
    ) -> Vec<QuoteLink> {
        let mut finder = QuoteFinder::default();
        let mut words = TfIdfBuilder::default();
        for (passage, normalized, has_quote_marks) in passages {
            words.add(normalized);
            finder.add(passage, has_quote_marks);
        }
        finder.links(words.terms())
    }

    #[test]
    fn translations_of_the_same_quotation_link() {
        let texts = [
            (
                (0, 0),
                normalize(
                    "As Marx wrote: “the working class cannot simply lay hold of the ready-made state machinery and wield it for its own purposes.”",
                ),
            ),
            (
                (1, 4),
                normalize(
                    "Marx's famous formula: “The working class cannot just take a ready-made state machine and use it for its own ends.”",
                ),
            ),
            (
                (2, 1),
                normalize("The working class took power in Paris in March."),
            ),
        ];
        let links = find_links(texts.iter().map(|(p, t)| (*p, t.as_str(), true)));
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!((links[0].a, links[0].b), ((0, 0), (1, 4)));
    }

    #[test]
    fn passages_of_one_document_do_not_link() {
        let text = normalize("the ready made state machinery wield purposes");
        let links =
            find_links([((0, 0), text.as_str(), true), ((0, 1), text.as_str(), true)].into_iter());
        assert!(links.is_empty());
    }
}
