//! The tagger's tokeniser: one pass over a block's text into words, numbers and
//! single punctuation marks, with byte ranges and no allocation per token.
//!
//! Numbers that can never be part of a date are marked here, once, so that every
//! rule can ignore them: grouped digits ("1,200"), decimals and clock times
//! ("8.30", "10:30"), and footnote marks glued to a word or a closing quote
//! ("Municipality.11", "impetus.”1") or written in brackets ("[3]").

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whitespace (or the start of the text) comes right before this token.
    pub space_before: bool,
    /// Num: the value, saturating. Punct: the character.
    pub value: u32,
    /// Num: how many digits were written.
    pub digits: u8,
    /// Num: could be a day, month or year (not grouped, decimal or a note mark).
    pub plain: bool,
    /// Word: its first eight bytes with ASCII letters lowercased, zero-padded (see
    /// [`Folded`]). Rules compare words many times per token; folding once here
    /// turns each comparison into one integer test instead of a case-folding loop.
    pub head: u64,
}

impl Tok {
    fn word(start: usize, end: usize, space_before: bool, head: u64) -> Tok {
        Tok {
            kind: Kind::Word,
            start,
            end,
            space_before,
            value: 0,
            digits: 0,
            plain: false,
            head,
        }
    }
}

/// A word as the rules look for it: its folded first eight bytes, then the word.
/// Word tokens never contain a zero byte, so for words of up to eight bytes equal
/// heads and equal lengths mean equal words; longer words compare their tail too.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Folded {
    pub head: u64,
    pub word: &'static str,
}

/// The folded head of `word`: what [`tokenize`] stores in [`Tok::head`].
pub(crate) const fn fold_head(word: &[u8]) -> u64 {
    let mut head = 0u64;
    let mut k = 0;
    while k < word.len() && k < 8 {
        head |= (word[k].to_ascii_lowercase() as u64) << (8 * k);
        k += 1;
    }
    head
}

pub(crate) const fn fold(word: &'static str) -> Folded {
    Folded {
        head: fold_head(word.as_bytes()),
        word,
    }
}

pub(crate) const fn fold_all<const N: usize>(words: [&'static str; N]) -> [Folded; N] {
    let mut out = [Folded { head: 0, word: "" }; N];
    let mut k = 0;
    while k < N {
        out[k] = fold(words[k]);
        k += 1;
    }
    out
}

/// A table keyed by words, folded at compile time.
pub(crate) const fn fold_table<T: Copy, const N: usize>(
    entries: [(&'static str, T); N],
) -> [(Folded, T); N] {
    let mut out = [(Folded { head: 0, word: "" }, entries[0].1); N];
    let mut k = 0;
    while k < N {
        out[k] = (fold(entries[k].0), entries[k].1);
        k += 1;
    }
    out
}

/// A constant list of folded words: `words!["and", "or"]`.
macro_rules! words {
    ($($word:literal),+ $(,)?) => {{
        const WORDS: &[$crate::time::scan::Folded] =
            &$crate::time::scan::fold_all([$($word),+]);
        WORDS
    }};
}
pub(crate) use words;

/// What a byte is to the tokeniser, looked up once per byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    Space,
    Digit,
    Letter,
    /// ASCII punctuation, or a byte of a non-ASCII character (which may be a letter).
    Other,
}

const BYTE_CLASSES: [ByteClass; 256] = {
    let mut classes = [ByteClass::Other; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_whitespace() {
            ByteClass::Space
        } else if byte.is_ascii_digit() {
            ByteClass::Digit
        } else if byte.is_ascii_alphabetic() {
            ByteClass::Letter
        } else {
            ByteClass::Other
        };
        b += 1;
    }
    classes
};

/// "March 12,1871": a day and a year set close by the printer, not a number with
/// a thousands comma (whose groups have three digits). `comma` is the comma's index.
fn is_glued_year(bytes: &[u8], comma: usize) -> bool {
    let year = bytes.get(comma + 1..comma + 5);
    bytes[comma] == b','
        && year.is_some_and(|y| y.iter().all(u8::is_ascii_digit) && matches!(y[0], b'1' | b'2'))
        && !bytes.get(comma + 5).is_some_and(u8::is_ascii_digit)
}

pub(crate) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space = true;
    while i < bytes.len() {
        let b = bytes[i];
        let class = BYTE_CLASSES[usize::from(b)];
        if class == ByteClass::Space {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        if class == ByteClass::Digit {
            let mut value: u32 = 0;
            let mut digits: u8 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[i] - b'0'));
                digits = digits.saturating_add(1);
                i += 1;
            }
            let mut plain = true;
            while i + 1 < bytes.len()
                && matches!(bytes[i], b',' | b'.' | b':')
                && bytes[i + 1].is_ascii_digit()
                && !(plain && digits <= 2 && is_glued_year(bytes, i))
            {
                plain = false;
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if !space
                && out.last().is_some_and(|prev| is_note_anchor(text, prev))
                && !follows_glued_day(out, start)
            {
                plain = false;
            }
            out.push(Tok {
                kind: Kind::Num,
                start,
                end: i,
                space_before: space,
                value,
                digits,
                plain,
                head: 0,
            });
        } else if class == ByteClass::Letter {
            // The ASCII letters of the word here; `word_end` only for what follows them.
            i += 1;
            while i < bytes.len() && BYTE_CLASSES[usize::from(bytes[i])] == ByteClass::Letter {
                i += 1;
            }
            if i < bytes.len() && !bytes[i].is_ascii() {
                i = word_end(text, i);
            }
            let head = word_head(bytes, start, i);
            out.push(Tok::word(start, i, space, head));
        } else {
            // ASCII needs no decoding: most of an English text is read byte by byte.
            let ch = if b.is_ascii() {
                char::from(b)
            } else {
                let Some(ch) = text[i..].chars().next() else {
                    break;
                };
                ch
            };
            if ch.is_alphabetic() {
                i = word_end(text, i);
                let head = word_head(bytes, start, i);
                out.push(Tok::word(start, i, space, head));
            } else {
                i += ch.len_utf8();
                out.push(Tok {
                    kind: Kind::Punct,
                    start,
                    end: i,
                    space_before: space,
                    value: ch as u32,
                    digits: 0,
                    plain: false,
                    head: 0,
                });
            }
        }
        space = false;
    }
    mark_bracketed_notes(out);
}

/// The end of the run of alphabetic characters starting at `start`.
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        while i < bytes.len() && BYTE_CLASSES[usize::from(bytes[i])] == ByteClass::Letter {
            i += 1;
        }
        if i == bytes.len() || bytes[i].is_ascii() {
            break;
        }
        match text[i..].chars().next() {
            Some(c) if c.is_alphabetic() => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// [`fold_head`] of `bytes[start..end]`, a word: eight bytes read at once where the
/// text has them. A word's ASCII bytes are letters, so setting bit 5 of each byte
/// below 0x80 lowercases it and leaves the bytes of other letters as they are.
#[inline]
fn word_head(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    let Some(Ok(eight)) = bytes.get(start..start + 8).map(<[u8; 8]>::try_from) else {
        return fold_head(&bytes[start..end]);
    };
    let word = u64::from_le_bytes(eight);
    let ascii = !word & 0x8080_8080_8080_8080;
    let lower = word | (ascii >> 2);
    if len >= 8 {
        lower
    } else {
        lower & ((1u64 << (8 * len)) - 1)
    }
}

/// The year of "March 12,1871" (a number at `start`, right after a comma that is
/// right after a number), which is no note mark.
fn follows_glued_day(out: &[Tok], start: usize) -> bool {
    let [.., day, comma] = out else {
        return false;
    };
    comma.kind == Kind::Punct
        && comma.value == u32::from(',')
        && comma.end == start
        && day.kind == Kind::Num
        && day.end == comma.start
}

/// A number glued to a word or to closing punctuation is a footnote mark, not a date:
/// "Hôtel-de-Ville4", "pretext3,", "impetus.”1". Ordinal suffixes come after the
/// number, so "18th" is unaffected; "’71" is an elided year, so the apostrophe is no anchor.
fn is_note_anchor(text: &str, prev: &Tok) -> bool {
    match prev.kind {
        Kind::Word => !matches!(&text[prev.start..prev.end], "No" | "no"),
        Kind::Punct => matches!(
            char::from_u32(prev.value),
            Some('.' | ',' | ';' | ':' | '”' | '"' | ')' | ']' | '!' | '?' | '»')
        ),
        Kind::Num => false,
    }
}

fn mark_bracketed_notes(toks: &mut [Tok]) {
    for i in 1..toks.len().saturating_sub(1) {
        if toks[i].kind == Kind::Num
            && toks[i - 1].kind == Kind::Punct
            && toks[i - 1].value == '[' as u32
            && toks[i + 1].kind == Kind::Punct
            && toks[i + 1].value == ']' as u32
        {
            toks[i].plain = false;
        }
    }
}

/// Read-only view of one tokenised block, with the small predicates every rule uses.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'t> {
    pub text: &'t str,
    pub toks: &'t [Tok],
}

impl<'t> Cx<'t> {
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn tok(&self, i: usize) -> Option<&'t Tok> {
        self.toks.get(i)
    }

    pub fn word(&self, i: usize) -> Option<&'t str> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Word).then(|| &self.text[t.start..t.end])
    }

    /// The word at `i` is `word`, ignoring ASCII case. Inlined so that the head of a
    /// literal `word` is folded at compile time.
    #[inline(always)]
    pub fn is_word(&self, i: usize, word: &'static str) -> bool {
        self.is(i, &fold(word))
    }

    /// The word at `i` is `folded`, ignoring ASCII case.
    #[inline]
    pub fn is(&self, i: usize, folded: &Folded) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        t.kind == Kind::Word && self.same_word(t, folded)
    }

    #[inline]
    fn same_word(&self, t: &Tok, folded: &Folded) -> bool {
        let len = t.end - t.start;
        t.head == folded.head
            && len == folded.word.len()
            && (len <= 8
                || self.text.as_bytes()[t.start + 8..t.end]
                    .eq_ignore_ascii_case(&folded.word.as_bytes()[8..]))
    }

    /// The word at `i` is one of `words` (a [`words!`] list), ignoring ASCII case.
    #[inline]
    pub fn is_any(&self, i: usize, words: &[Folded]) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        t.kind == Kind::Word && words.iter().any(|folded| self.same_word(t, folded))
    }

    /// The value the word at `i` has in `table`, ignoring ASCII case.
    #[inline]
    pub fn lookup<T: Copy>(&self, i: usize, table: &[(Folded, T)]) -> Option<T> {
        let t = self.toks.get(i)?;
        if t.kind != Kind::Word {
            return None;
        }
        table
            .iter()
            .find(|(folded, _)| self.same_word(t, folded))
            .map(|&(_, value)| value)
    }

    pub fn is_capitalized(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else {
            return false;
        };
        match w.as_bytes()[0] {
            first if first.is_ascii() => first.is_ascii_uppercase(),
            _ => w.chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// "March", not "MARCH" or "march": how a month is written in running prose.
    pub fn is_title_case(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else {
            return false;
        };
        if w.is_ascii() {
            let bytes = w.as_bytes();
            return bytes[0].is_ascii_uppercase() && bytes[1..].iter().all(u8::is_ascii_lowercase);
        }
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
    }

    pub fn punct(&self, i: usize) -> Option<char> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Punct).then(|| char::from_u32(t.value))?
    }

    pub fn is_punct(&self, i: usize, chars: &[char]) -> bool {
        self.punct(i).is_some_and(|c| chars.contains(&c))
    }

    /// A number that may be part of a date.
    pub fn num(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Num && t.plain).then_some(t.value)
    }

    pub fn digits(&self, i: usize) -> u8 {
        self.toks.get(i).map_or(0, |t| t.digits)
    }

    /// The token is written right after the previous one, without a space.
    pub fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }

    pub fn start(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.start)
    }

    pub fn end(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.end)
    }

    /// Index just past an ordinal suffix after the number at `i`, written glued
    /// ("18th") or split off by a PDF conversion ("18 th").
    pub fn after_ordinal(&self, i: usize) -> Option<usize> {
        let value = self.num(i)?;
        let expected = match (value % 100, value % 10) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        };
        // "2d" and "3d" are older English spellings of 2nd and 3rd.
        let old = matches!(value % 10, 2 | 3) && self.is_word(i + 1, "d");
        (old || self.is(i + 1, &fold(expected))).then_some(i + 2)
    }

    /// Like [`Cx::after_ordinal`], but a plain number is accepted too.
    pub fn after_day_number(&self, i: usize) -> Option<usize> {
        let value = self.num(i)?;
        if !(1..=31).contains(&value) || self.digits(i) > 2 {
            return None;
        }
        Some(self.after_ordinal(i).unwrap_or(i + 1))
    }
}

/// Cardinal number words as they count days, weeks and months in prose.
pub(crate) const NUMBER_WORDS: &[(Folded, u32)] = &fold_table([
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
]);

/// Ordinal words, for "the eighteenth century" and "the first of May".
pub(crate) const ORDINAL_WORDS: &[(Folded, u32)] = &fold_table([
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
]);

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, Kind, bool)> {
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        toks.iter()
            .map(|t| (text[t.start..t.end].to_string(), t.kind, t.plain))
            .collect()
    }

    #[test]
    fn marks_numbers_that_cannot_be_dates() {
        let toks = kinds("1,200 men at 8.30 and 10:30, Ville4 and impetus.”1 see [3] on 18 March");
        let plain: Vec<&str> = toks
            .iter()
            .filter(|(_, kind, plain)| *kind == Kind::Num && *plain)
            .map(|(s, _, _)| s.as_str())
            .collect();
        assert_eq!(plain, ["18"]);
    }

    #[test]
    fn word_heads_are_the_folded_words() {
        let text = "The SEPTEMBER Hôtel-de-Ville ÉTÉ, Æthelred and a cœur at the end: May";
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let words: Vec<&Tok> = toks.iter().filter(|t| t.kind == Kind::Word).collect();
        assert_eq!(words.len(), 14);
        for tok in words {
            let word = &text[tok.start..tok.end];
            assert_eq!(tok.head, fold_head(word.as_bytes()), "{word}");
        }
        let cx = Cx { text, toks: &toks };
        assert!(cx.is_word(0, "the") && cx.is_word(1, "September") && cx.is_word(17, "may"));
        assert!(!cx.is_word(1, "septembers") && !cx.is_word(1, "septembre"));
    }

    #[test]
    fn splits_words_numbers_and_punctuation_with_byte_ranges() {
        let toks = kinds("Hôtel 18th, mid-May");
        let texts: Vec<&str> = toks.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(texts, ["Hôtel", "18", "th", ",", "mid", "-", "May"]);
    }
}
