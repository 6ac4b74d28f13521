//! Words of passages: normalisation, the lexicon whose word ids cue matching,
//! TF-IDF and quotation finding share, and TF-IDF vectors for a lexical
//! similarity (the baseline the aligner must beat, and its tie-breaker).
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

/// [`normalize`] into a buffer the caller reuses. (The load does not write
/// passages out normalised: it reads their words with [`Lexicon::word_ids`].)
pub fn normalize_into(text: &str, out: &mut String) {
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.clear();
    bytes.push(b' ');
    read_words(text, &mut Vec::new(), |word, _| {
        match word {
            Word::Packed(packed) => {
                let (unpacked, length) = unpack(packed);
                bytes.extend_from_slice(&unpacked[..length]);
            }
            Word::Bytes(word) => bytes.extend_from_slice(word),
        }
        bytes.push(b' ');
    });
    *out = String::from_utf8(bytes).unwrap_or_else(|error| {
        // Unreachable: whole characters were copied. Lossy rather than lost.
        String::from_utf8_lossy(error.as_bytes()).into_owned()
    });
}

/// A word of a text starts with a capital letter.
pub const CAPITAL: u8 = 1;
/// Only white space parts a word from the one before it: no punctuation.
pub const JOINED: u8 = 2;

/// The mark of a word that starts with a capital or not, after white space
/// only or not (a text's first word follows nothing: `joined` is false).
fn word_mark(capital: bool, joined: bool) -> u8 {
    (if capital { CAPITAL } else { 0 }) | (if joined { JOINED } else { 0 })
}

/// The distinct words of normalised texts, each known by an id given in the
/// order the words are first seen. A word of the corpus is hashed once, here,
/// and what each stage knows of it (the cue phrases it begins, its TF-IDF
/// term) is found by its id.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// Words of up to eight bytes, as their bytes in a `u64` (see [`pack`]):
    /// most words of prose, hashed and compared as one number.
    short: FxHashMap<u64, u32>,
    long: FxHashMap<Box<[u8]>, u32>,
    words: Vec<Box<[u8]>>,
    /// The word being read by [`Lexicon::word_ids`], kept for its room.
    scratch: Vec<u8>,
}

/// What [`Lexicon::get`] answers for a word the lexicon has never seen.
pub const UNKNOWN_WORD: u32 = u32::MAX;

impl Lexicon {
    /// The word's id, new if need be.
    pub fn intern(&mut self, word: &[u8]) -> u32 {
        if word.len() <= 8 {
            return self.intern_short(pack(word));
        }
        if let Some(&id) = self.long.get(word) {
            return id;
        }
        let id = self.push(word);
        self.long.insert(word.into(), id);
        id
    }

    /// [`Lexicon::intern`] for a word of up to eight bytes, given packed.
    fn intern_short(&mut self, packed: u64) -> u32 {
        if let Some(&id) = self.short.get(&packed) {
            return id;
        }
        let (bytes, length) = unpack(packed);
        let id = self.push(&bytes[..length]);
        self.short.insert(packed, id);
        id
    }

    fn push(&mut self, word: &[u8]) -> u32 {
        let id = self.words.len() as u32;
        self.words.push(word.into());
        id
    }

    /// The word's id, or [`UNKNOWN_WORD`].
    pub fn get(&self, word: &[u8]) -> u32 {
        let id = if word.len() <= 8 {
            self.short.get(&pack(word))
        } else {
            self.long.get(word)
        };
        id.copied().unwrap_or(UNKNOWN_WORD)
    }

    /// The word of an id this lexicon gave.
    pub fn word(&self, id: u32) -> &[u8] {
        &self.words[id as usize]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The ids of the words of `text` as [`normalize`] writes them, in order,
    /// into `ids`, new ids for new words, and what the text's letter case and
    /// punctuation said of each into `marks`: [`CAPITAL`], [`JOINED`]. The
    /// reading [`normalize`] writes out, without writing it: the load reads
    /// every passage of the corpus this way.
    pub fn word_ids(&mut self, text: &str, ids: &mut Vec<u32>, marks: &mut Vec<u8>) {
        ids.clear();
        marks.clear();
        let mut scratch = std::mem::take(&mut self.scratch);
        read_words(text, &mut scratch, |word, mark| {
            ids.push(match word {
                Word::Packed(packed) => self.intern_short(packed),
                Word::Bytes(word) => self.intern(word),
            });
            marks.push(mark);
        });
        self.scratch = scratch;
    }

    /// [`Lexicon::word_ids`] without new ids: a word never seen is
    /// [`UNKNOWN_WORD`].
    pub fn known_ids(&self, text: &str, ids: &mut Vec<u32>, marks: &mut Vec<u8>) {
        ids.clear();
        marks.clear();
        read_words(text, &mut Vec::new(), |word, mark| {
            ids.push(match word {
                Word::Packed(packed) => self.short.get(&packed).copied().unwrap_or(UNKNOWN_WORD),
                Word::Bytes(word) => self.get(word),
            });
            marks.push(mark);
        });
    }
}

/// A word as [`read_words`] gives it to be looked up.
enum Word<'a> {
    /// Up to eight bytes, packed (see [`pack`]).
    Packed(u64),
    Bytes(&'a [u8]),
}

/// The words of a text, lowercased, accents folded, apostrophes dropped, split
/// at anything but a letter or a digit: each given to `each` in order, with its
/// mark (see [`Lexicon::word_ids`]). The one definition of a text's words, for
/// [`normalize`] and the lexicon. `scratch` is room for a word to be normalised
/// in.
fn read_words(text: &str, scratch: &mut Vec<u8>, mut each: impl FnMut(Word, u8)) {
    let source = text.as_bytes();
    // Since the last word, only white space.
    let mut joined = false;
    let mut at = 0;
    while at < source.len() {
        if ASCII_CLASS[usize::from(source[at])] == SEPARATOR {
            joined &= source[at].is_ascii_whitespace();
            at += 1;
            continue;
        }
        // Most words are as normalised but for a capital: ASCII letters and
        // digits up to a space or a mark. Those are looked up where they are,
        // without a copy.
        let start = at;
        let capital = source[at].is_ascii_uppercase();
        if capital {
            at += 1;
        }
        while at < source.len() && ASCII_CLASS[usize::from(source[at])] == PLAIN {
            at += 1;
        }
        let ends = at == source.len() || ASCII_CLASS[usize::from(source[at])] == SEPARATOR;
        let length = at - start;
        match source.get(start..start + 8) {
            Some(eight) if ends && length <= 8 => {
                let packed = u64::from_le_bytes(eight.try_into().unwrap_or_default());
                let mask = u64::MAX >> (64 - 8 * length);
                // An ASCII capital is its lowercase less 0x20.
                let lower = if capital { 0x20 } else { 0 };
                each(
                    Word::Packed(packed & mask | lower),
                    word_mark(capital, joined),
                );
            }
            _ if ends && !capital => {
                each(Word::Bytes(&source[start..at]), word_mark(false, joined));
            }
            _ => {
                let (end, capital) = unusual_word(text, start, &mut joined, scratch);
                at = end;
                if scratch.is_empty() {
                    // Only marks were read.
                    continue;
                }
                each(Word::Bytes(scratch), word_mark(capital, joined));
            }
        }
        // Nothing yet between this word and the next.
        joined = true;
    }
}

/// Reads into `word` the word of `text` starting at `start` that has
/// capitals, apostrophes or other letters than ASCII's, normalised as
/// [`normalize_into`] does. Marks before it are skipped, and `joined` says
/// whether they are all white space. Returns where the word ends, always past
/// `start`, and whether it starts with a capital.
fn unusual_word(text: &str, start: usize, joined: &mut bool, word: &mut Vec<u8>) -> (usize, bool) {
    word.clear();
    let mut capital = false;
    let source = text.as_bytes();
    let mut at = start;
    while let Some(&byte) = source.get(at) {
        if byte.is_ascii() {
            match ASCII_NORMAL[usize::from(byte)] {
                APOSTROPHE => {}
                b' ' if !word.is_empty() => break,
                b' ' => *joined &= byte.is_ascii_whitespace(),
                normal => {
                    capital |= word.is_empty() && byte.is_ascii_uppercase();
                    word.push(normal);
                }
            }
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            capital |= word.is_empty() && c.is_uppercase();
            for lower in c.to_lowercase() {
                let mut bytes = [0; 4];
                word.extend_from_slice(fold_accent(lower).encode_utf8(&mut bytes).as_bytes());
            }
        } else if c != '’' {
            if !word.is_empty() {
                break;
            }
            *joined &= c.is_whitespace();
        }
        // Past the character: a mark before the word is skipped, as a space
        // is.
        at += c.len_utf8();
    }
    (at, capital)
}

/// A word of up to eight bytes as one number, its bytes in order from the
/// lowest: a normalised word holds no zero byte, so no two words pack alike.
fn pack(word: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    bytes[..word.len()].copy_from_slice(word);
    u64::from_le_bytes(bytes)
}

/// A packed word's bytes, and how many of them are the word's.
fn unpack(packed: u64) -> ([u8; 8], usize) {
    let bytes = packed.to_le_bytes();
    let length = bytes.iter().position(|&byte| byte == 0).unwrap_or(8);
    (bytes, length)
}

/// How [`Lexicon::word_ids`] reads each byte: a lowercase ASCII letter or a
/// digit is [`PLAIN`] (as normalised), an ASCII byte that ends a word is a
/// [`SEPARATOR`], and anything else (a capital, an apostrophe, a byte of a
/// wider character) needs the slow reading.
const ASCII_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_lowercase() || b.is_ascii_digit() {
            PLAIN
        } else if b.is_ascii_uppercase() || b == b'\'' {
            OTHER
        } else {
            SEPARATOR
        };
        byte += 1;
    }
    table
};
const PLAIN: u8 = 0;
const SEPARATOR: u8 = 1;
const OTHER: u8 = 2;

/// Marks the apostrophe in [`ASCII_NORMAL`].
const APOSTROPHE: u8 = 0;

/// What [`read_words`] makes of each ASCII byte: a letter or digit lowercased,
/// a space (a word's end) for anything else but the apostrophe.
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
    /// Every word seen, the words the builder was given first included.
    lexicon: Lexicon,
    /// Stems to term ids.
    vocabulary: FxHashMap<Box<str>, u32>,
    /// Each word id's term id, [`NOT_A_TERM`], or [`NOT_YET_SEEN`]: a word of
    /// a corpus is tested as a stopword and stemmed once, not at every
    /// occurrence.
    term_of_word: Vec<u32>,
    terms: Terms,
    document_frequency: Vec<u32>,
    /// For each term, the last passage counted in its document frequency: a
    /// passage's terms are counted once each without being sorted.
    counted_in: Vec<u32>,
    /// The word ids of the passage last added, and their marks.
    words: Vec<u32>,
    marks: Vec<u8>,
    scratch: Vec<u32>,
}

impl TfIdfBuilder {
    /// A builder whose words are numbered after those of `lexicon`, so that
    /// the ids it gives mean what the lexicon's do.
    pub fn with_lexicon(lexicon: Lexicon) -> TfIdfBuilder {
        TfIdfBuilder {
            lexicon,
            ..TfIdfBuilder::default()
        }
    }

    /// Adds the next passage, as written or normalised (its words are those
    /// of [`normalize`] either way), and returns the ids of its words, in
    /// order, and their marks (see [`Lexicon::word_ids`]).
    pub fn add(&mut self, text: &str) -> (&[u32], &[u8]) {
        self.lexicon
            .word_ids(text, &mut self.words, &mut self.marks);
        self.scratch.clear();
        for &id in &self.words {
            let index = id as usize;
            if index >= self.term_of_word.len() {
                self.term_of_word.resize(index + 1, NOT_YET_SEEN);
            }
            let mut term = self.term_of_word[index];
            if term == NOT_YET_SEEN {
                // Whole characters: the text was split at spaces.
                term = std::str::from_utf8(self.lexicon.word(id))
                    .map_or(NOT_A_TERM, |word| term_of(&mut self.vocabulary, word));
                self.term_of_word[index] = term;
            }
            if term != NOT_A_TERM {
                self.scratch.push(term);
            }
        }
        self.terms.push(self.scratch.iter().copied());
        // Every id given is below the vocabulary's size, or is the last.
        let known = (self.vocabulary.len() + 1).min(LAST_TERM as usize + 1);
        if self.document_frequency.len() < known {
            self.document_frequency.resize(known, 0);
            self.counted_in.resize(known, u32::MAX);
        }
        let passage = (self.terms.len() - 1) as u32;
        for &term in &self.scratch {
            let term = term as usize;
            if self.counted_in[term] != passage {
                self.counted_in[term] = passage;
                self.document_frequency[term] += 1;
            }
        }
        (&self.words, &self.marks)
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

/// The term id of a normalised word's stem, new if need be, or [`NOT_A_TERM`]
/// for a word with no content.
fn term_of(vocabulary: &mut FxHashMap<Box<str>, u32>, word: &str) -> u32 {
    if !is_content_word(word) {
        return NOT_A_TERM;
    }
    let stem = stem(word);
    if let Some(&id) = vocabulary.get(stem) {
        return id;
    }
    // Past the ids a packed term can hold (no prose has that many words),
    // new words share the last: they count as one rare word.
    if vocabulary.len() as u32 >= LAST_TERM {
        return LAST_TERM;
    }
    let id = vocabulary.len() as u32;
    vocabulary.insert(stem.into(), id);
    id
}

/// Low bits of a packed term: its count in the passage.
const COUNT_BITS: u32 = 8;
/// The highest term id a packed term can hold.
const LAST_TERM: u32 = u32::MAX >> COUNT_BITS;
/// What [`TfIdfBuilder`] notes of a word with no content.
const NOT_A_TERM: u32 = u32::MAX;
/// What [`TfIdfBuilder`] notes of a word it has not yet looked at.
const NOT_YET_SEEN: u32 = u32::MAX - 1;

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
    fn a_builder_numbers_words_as_the_lexicon_it_was_given() {
        let mut lexicon = Lexicon::default();
        let commune = lexicon.intern(b"commune");
        let bank = lexicon.intern(b"bank");
        let mut builder = TfIdfBuilder::with_lexicon(lexicon);
        let ids = builder.add("The Bank of the COMMUNE, the bank.").0.to_vec();
        let the = ids[0];
        assert_eq!(ids, [the, bank, ids[2], the, commune, the, bank]);
        assert!(the > bank && ids[2] > the, "new words after the given ones");
    }

    #[test]
    fn marks_tell_capitals_and_words_parted_by_white_space_only() {
        let text = "The Bank, of France’s\n gold—Thiers l'Hôtel «Élysée» 18 March";
        let (mut ids, mut marks) = (Vec::new(), vec![9]);
        Lexicon::default().word_ids(text, &mut ids, &mut marks);
        assert_eq!(ids.len(), marks.len());
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
        for text in &texts {
            builder.add(text);
        }
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
        for text in &texts {
            builder.add(text);
        }
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
