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
}

pub(crate) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        if b.is_ascii_digit() {
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
            {
                plain = false;
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if !space && out.last().is_some_and(|prev| is_note_anchor(text, prev)) {
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
            });
        } else {
            let Some(ch) = text[i..].chars().next() else {
                break;
            };
            if ch.is_alphabetic() {
                i += ch.len_utf8();
                while let Some(c) = text[i..].chars().next() {
                    if !c.is_alphabetic() {
                        break;
                    }
                    i += c.len_utf8();
                }
                out.push(Tok {
                    kind: Kind::Word,
                    start,
                    end: i,
                    space_before: space,
                    value: 0,
                    digits: 0,
                    plain: false,
                });
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
                });
            }
        }
        space = false;
    }
    mark_bracketed_notes(out);
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

    pub fn is_word(&self, i: usize, word: &str) -> bool {
        self.word(i).is_some_and(|w| w.eq_ignore_ascii_case(word))
    }

    pub fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.word(i)
            .is_some_and(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)))
    }

    pub fn is_capitalized(&self, i: usize) -> bool {
        self.word(i)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    }

    /// "March", not "MARCH" or "march": how a month is written in running prose.
    pub fn is_title_case(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else {
            return false;
        };
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
        let suffix = self.word(i + 1)?;
        let expected = match (value % 100, value % 10) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        };
        // "2d" and "3d" are older English spellings of 2nd and 3rd.
        let old = matches!(value % 10, 2 | 3) && suffix.eq_ignore_ascii_case("d");
        (suffix.eq_ignore_ascii_case(expected) || old).then_some(i + 2)
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
pub(crate) fn number_word(word: &str) -> Option<u32> {
    const WORDS: [(&str, u32); 16] = [
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
    ];
    WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, n)| n)
}

/// Ordinal words, for "the eighteenth century" and "the first of May".
pub(crate) fn ordinal_word(word: &str) -> Option<u32> {
    const WORDS: [(&str, u32); 21] = [
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
    ];
    WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, n)| n)
}

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
    fn splits_words_numbers_and_punctuation_with_byte_ranges() {
        let toks = kinds("Hôtel 18th, mid-May");
        let texts: Vec<&str> = toks.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(texts, ["Hôtel", "18", "th", ",", "mid", "-", "May"]);
    }
}
