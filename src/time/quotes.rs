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

/// Bits of a run's hash that choose its bucket.
const BUCKET_BITS: u32 = 8;

/// Quotation links found a passage at a time: only the hashes of each
/// passage's word runs are kept, not its text.
///
/// On a large corpus there are about as many runs as words, so how they are
/// held decides the memory of the whole model. Each (run, passage) is one
/// `u64`, 32 bits of the run's hash over the passage's index, in one of 256
/// buckets chosen by 8 more bits of the hash: 40 bits in all, so runs that are
/// not the same almost never meet. Buckets grow by a quarter at a time, and
/// one at a time, never the whole set at once; each is sorted on its own at
/// the end so that the passages sharing a run sit together.
#[derive(Debug)]
pub struct QuoteFinder {
    buckets: Vec<Vec<u64>>,
    refs: Vec<(PassageRef, bool)>,
    scratch: Vec<u64>,
}

impl Default for QuoteFinder {
    fn default() -> Self {
        QuoteFinder {
            buckets: vec![Vec::new(); 1 << BUCKET_BITS],
            refs: Vec::new(),
            scratch: Vec::new(),
        }
    }
}

impl QuoteFinder {
    /// Adds a passage, given as the term ids of its content words in the order
    /// of the text (see [`super::lexical::TfIdfBuilder::add`]), and whether it
    /// shows quotation marks.
    pub fn add(&mut self, passage: PassageRef, words: &[u32], has_quote_marks: bool) {
        let index = self.refs.len() as u32;
        self.refs.push((passage, has_quote_marks));
        self.scratch.clear();
        self.scratch.extend(words.windows(RUN).map(|window| {
            let mut hasher = FxHasher::default();
            window.hash(&mut hasher);
            hasher.finish()
        }));
        self.scratch.sort_unstable();
        self.scratch.dedup();
        for &hash in &self.scratch {
            let bucket = &mut self.buckets[(hash >> (64 - BUCKET_BITS)) as usize];
            if bucket.len() == bucket.capacity() {
                bucket.reserve_exact((bucket.len() / 4).max(64));
            }
            bucket.push((hash >> (32 - BUCKET_BITS)) << 32 | u64::from(index));
        }
    }

    pub fn links(self) -> Vec<QuoteLink> {
        let QuoteFinder { buckets, refs, .. } = self;
        let mut pairs: FxHashMap<(u32, u32), usize> = FxHashMap::default();
        for mut bucket in buckets {
            bucket.sort_unstable();
            for group in bucket.chunk_by(|a, b| a >> 32 == b >> 32) {
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

/// Whether a passage shows quotation marks of any common kind.
pub fn has_quote_marks(text: &str) -> bool {
    text.contains(['“', '”', '"', '«', '»'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::lexical::{TfIdfBuilder, normalize};

    /// Finds quotation links among passages given as (passage, normalised text).
    fn find_links<'a>(
        passages: impl Iterator<Item = (PassageRef, &'a str, bool)>,
    ) -> Vec<QuoteLink> {
        let mut finder = QuoteFinder::default();
        let mut terms = TfIdfBuilder::default();
        let mut words = Vec::new();
        for (passage, normalized, has_quote_marks) in passages {
            terms.add(normalized, &mut words);
            finder.add(passage, &words, has_quote_marks);
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
