//! Words of passages: normalisation shared by cue matching and quotation finding,
//! and TF-IDF vectors for a lexical similarity (the baseline the aligner must beat,
//! and its tie-breaker).
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// Lowercase, accents folded, every run of non-alphanumerics one space, padded with
/// a space at each end so that `" cue "` finds whole words only.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                out.push(fold_accent(lower));
            }
        } else if c == '\'' || c == '’' {
            // "Thiers's", "d'Orléans": keep the word together.
            continue;
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The base letter of the accented Latin letters French names are written with.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ÿ' | 'ý' => 'y',
        'œ' => 'o',
        _ => c,
    }
}

pub const STOPWORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from",
    "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "more",
    "most", "no", "not", "of", "on", "one", "only", "or", "other", "our", "out", "over", "own",
    "same", "she", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "up", "us", "very", "was", "we",
    "were", "what", "when", "which", "while", "who", "whom", "will", "with", "would", "you",
];

pub fn is_stopword(word: &str) -> bool {
    // Hashed, not binary-searched: this runs for every word of the corpus.
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| STOPWORDS.iter().copied().collect());
    SET.contains(word)
}

/// A crude English stem: enough to make "barricades"/"barricade" and
/// "workers"/"worker" meet, without a dictionary.
pub fn stem(word: &str) -> &str {
    for suffix in ["ies", "ing", "ed", "es", "s"] {
        if word.len() > suffix.len() + 3
            && let Some(stem) = word.strip_suffix(suffix)
        {
            return stem;
        }
    }
    word
}

/// Content words (no stopwords, no numbers), stemmed.
pub fn content_words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized
        .split(' ')
        .filter(|w| w.len() > 1 && !is_stopword(w) && !w.bytes().all(|b| b.is_ascii_digit()))
        .map(stem)
}

/// Sums `combine` over the keys two sparse vectors (sorted by key) share.
pub fn sparse_sum(a: &[(u32, f32)], b: &[(u32, f32)], combine: impl Fn(f32, f32) -> f32) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += combine(a[i].1, b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// TF-IDF vectors built a passage at a time, so the caller need not keep every
/// passage's normalised text until the end: only the term ids are kept.
#[derive(Debug, Default)]
pub struct TfIdfBuilder {
    vocabulary: FxHashMap<Box<str>, u32>,
    /// Each passage's term ids, sorted: its counts are the runs of equal ids.
    passages: Vec<Vec<u32>>,
    document_frequency: Vec<u32>,
}

impl TfIdfBuilder {
    /// Adds the next passage, given normalised.
    pub fn add(&mut self, normalized: &str) {
        let mut ids: Vec<u32> = content_words(normalized)
            .map(|word| match self.vocabulary.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.vocabulary.len() as u32;
                    self.vocabulary.insert(word.into(), id);
                    id
                }
            })
            .collect();
        self.document_frequency.resize(self.vocabulary.len(), 0);
        ids.sort_unstable();
        for run in ids.chunk_by(|a, b| a == b) {
            self.document_frequency[run[0] as usize] += 1;
        }
        self.passages.push(ids);
    }

    pub fn build(self) -> TfIdf {
        let total = self.passages.len().max(1) as f32;
        let document_frequency = self.document_frequency;
        let vectors = self
            .passages
            .into_iter()
            .map(|ids| {
                let mut vector: Vec<(u32, f32)> = ids
                    .chunk_by(|a, b| a == b)
                    .map(|run| {
                        let id = run[0];
                        let idf = (total / document_frequency[id as usize] as f32).ln() + 1.0;
                        (id, (1.0 + (run.len() as f32).ln()) * idf)
                    })
                    .collect();
                let norm = vector
                    .iter()
                    .map(|(_, w)| w * w)
                    .sum::<f32>()
                    .sqrt()
                    .max(f32::EPSILON);
                vector.iter_mut().for_each(|(_, w)| *w /= norm);
                vector
            })
            .collect();
        TfIdf { vectors }
    }
}

/// Sparse TF-IDF vectors of passages, L2-normalised, keyed by term index.
#[derive(Debug, Default)]
pub struct TfIdf {
    vectors: Vec<Vec<(u32, f32)>>,
}

impl TfIdf {
    /// Cosine similarity of two passages (0 when either is unknown).
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        let (Some(a), Some(b)) = (self.vectors.get(a), self.vectors.get(b)) else {
            return 0.0;
        };
        sparse_sum(a, b, |x, y| x * y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn normalize_folds_case_accents_and_punctuation() {
        assert_eq!(
            normalize("L'Hôtel-de-Ville, Clément Thomas!"),
            " lhotel de ville clement thomas "
        );
    }

    #[test]
    fn similarity_prefers_shared_rare_words() {
        let texts = [
            normalize("The cannons of Montmartre were taken by the women."),
            normalize("Women defended the cannons on the Butte Montmartre."),
            normalize("The Bank of France kept its gold reserves."),
        ];
        let mut builder = TfIdfBuilder::default();
        texts.iter().for_each(|text| builder.add(text));
        let tfidf = builder.build();
        assert!(tfidf.similarity(0, 1) > tfidf.similarity(0, 2));
        assert!((tfidf.similarity(2, 2) - 1.0).abs() < 1e-4);
    }
}
