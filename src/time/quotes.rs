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

use super::lexical::content_words;
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

/// Quotation links found a passage at a time: only the hashes of each
/// passage's word runs are kept, not its text.
#[derive(Debug, Default)]
pub struct QuoteFinder {
    /// Every (run, passage) once. A flat vector, sorted at the end so that the
    /// passages sharing a run sit together, costs a fraction of a map of lists
    /// on a large corpus, where there are about as many runs as words.
    occurrences: Vec<(u64, u32)>,
    refs: Vec<(PassageRef, bool)>,
}

impl QuoteFinder {
    /// Adds a passage, given normalised, and whether it shows quotation marks.
    pub fn add(&mut self, passage: PassageRef, normalized: &str, has_quote_marks: bool) {
        let index = self.refs.len() as u32;
        self.refs.push((passage, has_quote_marks));
        let words: Vec<&str> = content_words(normalized).collect();
        let first = self.occurrences.len();
        self.occurrences.extend(words.windows(RUN).map(|window| {
            let mut hasher = FxHasher::default();
            window.hash(&mut hasher);
            (hasher.finish(), index)
        }));
        let own = &mut self.occurrences[first..];
        own.sort_unstable();
        let distinct = dedup_in_place(own);
        self.occurrences.truncate(first + distinct);
    }

    pub fn links(self) -> Vec<QuoteLink> {
        let QuoteFinder {
            mut occurrences,
            refs,
        } = self;
        occurrences.sort_unstable();
        let mut pairs: FxHashMap<(u32, u32), usize> = FxHashMap::default();
        for group in occurrences.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 2 || group.len() > MAX_PASSAGES_PER_RUN {
                continue;
            }
            for (i, &(_, a)) in group.iter().enumerate() {
                for &(_, b) in &group[i + 1..] {
                    if refs[a as usize].0.0 != refs[b as usize].0.0 {
                        *pairs.entry((a.min(b), a.max(b))).or_default() += 1;
                    }
                }
            }
        }
        let mut links: Vec<QuoteLink> = pairs
            .into_iter()
            .filter_map(|((a, b), shared)| {
                let (a, a_quoted) = refs[a as usize];
                let (b, b_quoted) = refs[b as usize];
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

/// Removes repeats from a sorted slice, keeping the first of each at the front;
/// returns how many are kept.
fn dedup_in_place<T: PartialEq + Copy>(items: &mut [T]) -> usize {
    let mut kept = 0;
    for index in 0..items.len() {
        if kept == 0 || items[index] != items[kept - 1] {
            items[kept] = items[index];
            kept += 1;
        }
    }
    kept
}

/// Whether a passage shows quotation marks of any common kind.
pub fn has_quote_marks(text: &str) -> bool {
    text.contains(['“', '”', '"', '«', '»'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::lexical::normalize;

    /// Finds quotation links among passages given as (passage, normalised text).
    fn find_links<'a>(
        passages: impl Iterator<Item = (PassageRef, &'a str, bool)>,
    ) -> Vec<QuoteLink> {
        let mut finder = QuoteFinder::default();
        for (passage, normalized, has_quote_marks) in passages {
            finder.add(passage, normalized, has_quote_marks);
        }
        finder.links()
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
