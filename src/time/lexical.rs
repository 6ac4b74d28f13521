//! Words of passages: normalisation shared by cue matching and quotation finding,
//! and TF-IDF vectors for a lexical similarity (the baseline the aligner must beat,
//! and its tie-breaker).
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use super::rows::Rows;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// Lowercase, accents folded, every run of non-alphanumerics one space, padded with
/// a space at each end so that `" cue "` finds whole words only.
pub fn normalize(text: &str) -> String {
    let mut out = String::new();
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into a buffer the caller reuses, as the load does for every
/// passage of the corpus.
pub fn normalize_into(text: &str, out: &mut String) {
    normalize_words_into::<false>(text, out, &mut Vec::new());
}

/// A word of a text starts with a capital letter.
pub const CAPITAL: u8 = 1;
/// Only white space parts a word from the one before it: no punctuation.
pub const JOINED: u8 = 2;

/// [`normalize_into`], noting in `marks` what the text's letter case and
/// punctuation said of each of its [`words`]: [`CAPITAL`], [`JOINED`].
pub fn normalize_marked_into(text: &str, out: &mut String, marks: &mut Vec<u8>) {
    normalize_words_into::<true>(text, out, marks);
}

/// [`normalize_into`], with the marks of its words when `MARK`.
fn normalize_words_into<const MARK: bool>(text: &str, out: &mut String, marks: &mut Vec<u8>) {
    // Written as bytes into room made beforehand, checked as UTF-8 once at the
    // end: pushing characters one at a time costs more than the rest of the
    // work. An ASCII byte writes at most one byte, so the room is the text's
    // length and the two padding spaces, and grows past a wider character.
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.clear();
    bytes.resize(text.len() + 2, 0);
    let mut written = 1;
    bytes[0] = b' ';
    let mut after_space = true;
    // Since the last word, only white space (marks only).
    let mut joined = false;
    if MARK {
        marks.clear();
    }
    let source = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = source.get(at) {
        // ASCII first: it is nearly all of an English text, and needs no tables.
        if byte.is_ascii() {
            match ASCII_NORMAL[usize::from(byte)] {
                // "Thiers's", "d'Orléans": an apostrophe keeps the word together.
                APOSTROPHE => {}
                b' ' if after_space => {
                    if MARK {
                        joined &= byte.is_ascii_whitespace();
                    }
                }
                normal => {
                    if MARK {
                        if normal == b' ' {
                            joined = byte.is_ascii_whitespace();
                        } else if after_space {
                            marks.push(word_mark(byte.is_ascii_uppercase(), joined));
                        }
                    }
                    bytes[written] = normal;
                    written += 1;
                    after_space = normal == b' ';
                }
            }
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        at += c.len_utf8();
        // A lowercase is up to three characters ('İ' is 'i' and a dot above).
        let room = written + 3 * 4 + (source.len() - at) + 1;
        if bytes.len() < room {
            bytes.resize(room, 0);
        }
        if c.is_alphanumeric() {
            if MARK && after_space {
                marks.push(word_mark(c.is_uppercase(), joined));
            }
            for lower in c.to_lowercase() {
                written += fold_accent(lower).encode_utf8(&mut bytes[written..]).len();
            }
            after_space = false;
        } else if c != '’' {
            if MARK {
                joined = (joined || !after_space) && c.is_whitespace();
            }
            if !after_space {
                bytes[written] = b' ';
                written += 1;
                after_space = true;
            }
        }
    }
    if !after_space {
        bytes[written] = b' ';
        written += 1;
    }
    bytes.truncate(written);
    *out = String::from_utf8(bytes).unwrap_or_else(|error| {
        // Unreachable: whole characters were copied. Lossy rather than lost.
        String::from_utf8_lossy(error.as_bytes()).into_owned()
    });
}

/// The mark of a word that starts with a capital or not, after white space
/// only or not (a text's first word follows nothing: `joined` is false).
fn word_mark(capital: bool, joined: bool) -> u8 {
    (if capital { CAPITAL } else { 0 }) | (if joined { JOINED } else { 0 })
}

/// The words of a normalised text (see [`normalize`]): what it holds between
/// its single spaces.
pub fn words(normalized: &str) -> Vec<&[u8]> {
    normalized
        .as_bytes()
        .split(|&byte| byte == b' ')
        .filter(|word| !word.is_empty())
        .collect()
}

/// Marks the apostrophe in [`ASCII_NORMAL`].
const APOSTROPHE: u8 = 0;

/// What [`normalize_into`] writes for each ASCII byte: a letter or digit
/// lowercased, a space for anything else but the apostrophe.
const ASCII_NORMAL: [u8; 128] = {
    let mut table = [b' '; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        if b.is_ascii_alphanumeric() {
            table[byte] = b.to_ascii_lowercase();
        }
        byte += 1;
    }
    table[b'\'' as usize] = APOSTROPHE;
    table
};

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

/// Whether a normalised word carries content: no stopword, number or letter.
fn is_content_word(word: &str) -> bool {
    word.len() > 1 && !is_stopword(word) && !word.bytes().all(|b| b.is_ascii_digit())
}

/// Sums `combine` over the keys two sparse vectors (sorted by key) share.
pub fn sparse_sum(a: &[(u32, f32)], b: &[(u32, f32)], combine: impl Fn(f32, f32) -> f32) -> f32 {
    let mut sum = 0.0;
    merge_join(a, b, |&(key, _)| key, |x, y| sum += combine(x.1, y.1));
    sum
}

/// Calls `each` with the items of two lists sorted by `key` that share a key.
fn merge_join<T>(a: &[T], b: &[T], key: impl Fn(&T) -> u32, mut each: impl FnMut(&T, &T)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match key(&a[i]).cmp(&key(&b[j])) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                each(&a[i], &b[j]);
                i += 1;
                j += 1;
            }
        }
    }
}

/// Every passage's content words as term ids, in the order of the text. An id
/// stands for its word, so runs of ids are runs of words: what quotations are
/// found in, without the text.
pub type Terms = Rows<u32>;

/// TF-IDF vectors built a passage at a time, so the caller need not keep every
/// passage's normalised text until the end: only the term ids are kept.
#[derive(Debug, Default)]
pub struct TfIdfBuilder {
    /// Stems to term ids.
    vocabulary: FxHashMap<Box<str>, u32>,
    /// Words as the texts write them to their stem's term id, or
    /// [`NOT_A_TERM`]: a word of a corpus is looked up once, not tested as a
    /// stopword, stemmed, then looked up.
    surface: FxHashMap<Box<[u8]>, u32>,
    terms: Terms,
    document_frequency: Vec<u32>,
    scratch: Vec<u32>,
}

impl TfIdfBuilder {
    /// Adds the next passage, given normalised.
    pub fn add(&mut self, normalized: &str) {
        self.add_words(&words(normalized));
    }

    /// Adds the next passage, given as the words of its normalised text.
    pub fn add_words(&mut self, words: &[&[u8]]) {
        self.scratch.clear();
        for &word in words {
            if word.len() < 2 {
                continue;
            }
            let id = match self.surface.get(word) {
                Some(&id) => id,
                None => {
                    // Whole characters: the text was split at spaces.
                    let id =
                        std::str::from_utf8(word).map_or(NOT_A_TERM, |word| self.term_of(word));
                    self.surface.insert(word.into(), id);
                    id
                }
            };
            if id != NOT_A_TERM {
                self.scratch.push(id);
            }
        }
        self.terms.push(self.scratch.iter().copied());
        // Every id given is below the vocabulary's size, or is the last.
        let known = (self.vocabulary.len() + 1).min(LAST_TERM as usize + 1);
        if self.document_frequency.len() < known {
            self.document_frequency.resize(known, 0);
        }
        self.scratch.sort_unstable();
        for run in self.scratch.chunk_by(|a, b| a == b) {
            self.document_frequency[run[0] as usize] += 1;
        }
    }

    /// The term id of a normalised word's stem, new if need be, or
    /// [`NOT_A_TERM`] for a word with no content.
    fn term_of(&mut self, word: &str) -> u32 {
        if !is_content_word(word) {
            return NOT_A_TERM;
        }
        let stem = stem(word);
        if let Some(&id) = self.vocabulary.get(stem) {
            return id;
        }
        // Past the ids a packed term can hold (no prose has that many
        // words), new words share the last: they count as one rare word.
        if self.vocabulary.len() as u32 >= LAST_TERM {
            return LAST_TERM;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.insert(stem.into(), id);
        id
    }

    /// The passages' words so far (what quotations are found in, before
    /// [`TfIdfBuilder::build`] turns them into the vectors).
    pub fn terms(&self) -> &Terms {
        &self.terms
    }

    /// The vectors, written over the words: a passage's packed terms are never
    /// more than its words, so each passage's vector fits where its words were,
    /// and the corpus's words and vectors are never held side by side.
    pub fn build(self) -> TfIdf {
        let (mut ids, ends) = self.terms.into_parts();
        let total = ends.len().max(1) as f32;
        let idf: Vec<f32> = self
            .document_frequency
            .iter()
            .map(|&frequency| (total / frequency.max(1) as f32).ln() + 1.0)
            .collect();
        let mut starts = Vec::with_capacity(ends.len() + 1);
        let mut inverse_norms = Vec::with_capacity(ends.len());
        starts.push(0);
        let (mut read, mut written) = (0, 0);
        for end in ends {
            let words = &mut ids[read..end];
            words.sort_unstable();
            let first = written;
            // Runs of equal ids, packed: each is written at or before where its
            // run began, so nothing not yet read is overwritten.
            let mut at = read;
            while at < end {
                let id = ids[at];
                let run = ids[at..end]
                    .iter()
                    .take_while(|&&other| other == id)
                    .count();
                let count = run.min(usize::from(u8::MAX)) as u32;
                ids[written] = id << COUNT_BITS | count;
                written += 1;
                at += run;
            }
            let norm = ids[first..written]
                .iter()
                .map(|&term| weight(term, &idf).powi(2))
                .sum::<f32>()
                .sqrt()
                .max(f32::EPSILON);
            inverse_norms.push(1.0 / norm);
            starts.push(written);
            read = end;
        }
        ids.truncate(written);
        ids.shrink_to_fit();
        TfIdf {
            terms: ids,
            starts,
            idf,
            inverse_norms,
        }
    }
}

/// Low bits of a packed term: its count in the passage.
const COUNT_BITS: u32 = 8;
/// The highest term id a packed term can hold.
const LAST_TERM: u32 = u32::MAX >> COUNT_BITS;
/// What [`TfIdfBuilder`] notes of a word with no content.
const NOT_A_TERM: u32 = u32::MAX;

/// A packed term's weight before normalisation: log-scaled count times idf.
fn weight(term: u32, idf: &[f32]) -> f32 {
    let count = (term & u32::from(u8::MAX)) as f32;
    let id = (term >> COUNT_BITS) as usize;
    (1.0 + count.ln()) * idf.get(id).copied().unwrap_or(0.0)
}

/// Sparse TF-IDF vectors of passages, compared by cosine similarity.
///
/// One per passage of the corpus, kept as long as the corpus, so a term is
/// four bytes: its id and its count in the passage, packed; the weights are
/// worked out when two passages are compared, which is only ever for a few
/// thousand passages at a time.
#[derive(Debug)]
pub struct TfIdf {
    /// Every passage's terms, one after another, each passage's sorted by id.
    terms: Vec<u32>,
    /// Where passage `i`'s terms start (`starts[i]`) and end (`starts[i + 1]`).
    starts: Vec<usize>,
    idf: Vec<f32>,
    /// One over the length of each passage's vector.
    inverse_norms: Vec<f32>,
}

impl Default for TfIdf {
    fn default() -> Self {
        TfIdf {
            terms: Vec::new(),
            starts: vec![0],
            idf: Vec::new(),
            inverse_norms: Vec::new(),
        }
    }
}

impl TfIdf {
    fn terms(&self, passage: usize) -> Option<&[u32]> {
        let start = *self.starts.get(passage)?;
        let end = *self.starts.get(passage + 1)?;
        self.terms.get(start..end)
    }

    /// Cosine similarity of two passages (0 when either is unknown).
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        let (Some(terms_a), Some(terms_b)) = (self.terms(a), self.terms(b)) else {
            return 0.0;
        };
        let mut sum = 0.0;
        merge_join(
            terms_a,
            terms_b,
            |&term| term >> COUNT_BITS,
            |&x, &y| sum += weight(x, &self.idf) * weight(y, &self.idf),
        );
        sum * self.inverse_norms[a] * self.inverse_norms[b]
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
        assert_eq!(normalize(""), " ");
        assert_eq!(normalize(" — … "), " ");
        assert_eq!(
            normalize("Thiers’s «ŒUVRE» 18 mars—1871"),
            " thierss ouvre 18 mars 1871 "
        );
        assert_eq!(normalize("ÉTAT"), " etat ");
        // Lowercases wider than their capitals, one after another.
        assert_eq!(
            normalize("İİİ ȺȺ"),
            " i\u{307}i\u{307}i\u{307} \u{2c65}\u{2c65} "
        );
        let mut reused = "a longer text than the next".to_string();
        normalize_into("Ab", &mut reused);
        assert_eq!(reused, " ab ");
    }

    #[test]
    fn marks_tell_capitals_and_words_parted_by_white_space_only() {
        let text = "The Bank, of France’s\n gold—Thiers l'Hôtel «Élysée» 18 March";
        let (mut normalized, mut marks) = (String::new(), vec![9]);
        normalize_marked_into(text, &mut normalized, &mut marks);
        assert_eq!(normalized, normalize(text));
        assert_eq!(words(&normalized).len(), marks.len());
        let (c, j) = (CAPITAL, JOINED);
        assert_eq!(
            marks,
            [c, c | j, 0, c | j, j, c, j, c, 0, c | j],
            "the bank of frances gold thiers lhotel elysee 18 march"
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
        let terms = builder.terms();
        // Each word's id in the order of the text, the same id wherever the
        // (stemmed) word recurs: "cannons" 0, "Montmartre" 1, "women" 3.
        let passages: Vec<&[u32]> = terms.iter().collect();
        assert_eq!(
            passages,
            [&[0, 1, 2, 3][..], &[3, 4, 0, 5, 1], &[6, 7, 8, 9, 10]]
        );
        let tfidf = builder.build();
        assert!(tfidf.similarity(0, 1) > tfidf.similarity(0, 2));
        assert!((tfidf.similarity(2, 2) - 1.0).abs() < 1e-4);
        assert_eq!(tfidf.similarity(2, 3), 0.0, "no fourth passage");
    }

    #[test]
    fn vectors_count_repeated_words_where_the_words_were() {
        let texts = [
            normalize("barricade barricade barricade Belleville"),
            normalize("Belleville"),
            normalize(""),
            normalize("barricade of Belleville and barricade of Montmartre"),
        ];
        let mut builder = TfIdfBuilder::default();
        texts.iter().for_each(|text| builder.add(text));
        let tfidf = builder.build();
        // (barricade, 3), (belleville, 1) | (belleville, 1) | nothing | ...
        let packed: Vec<Vec<(u32, u32)>> = (0..4)
            .map(|passage| {
                tfidf
                    .terms(passage)
                    .unwrap()
                    .iter()
                    .map(|t| (t >> COUNT_BITS, t & 0xff))
                    .collect()
            })
            .collect();
        assert_eq!(
            packed,
            [
                vec![(0, 3), (1, 1)],
                vec![(1, 1)],
                vec![],
                vec![(0, 2), (1, 1), (2, 1)]
            ]
        );
        assert_eq!(
            tfidf.similarity(2, 0),
            0.0,
            "an empty passage shares nothing"
        );
        assert!(tfidf.similarity(0, 3) > tfidf.similarity(1, 3));
    }
}
