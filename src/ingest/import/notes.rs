//! Notes: finding their definitions, taking them out of the running text, and linking
//! them to their markers.
//!
//! Three forms, as an editor meets them:
//! - e-book notes: `[Footnote 1: …]` blocks (possibly over several lines), or `[1] …`
//!   lines in a trailing run, with `[1]` markers in the text;
//! - endnotes: a trailing run of `1. …` lines numbered 1, 2, 3… to the end of the text,
//!   whose markers are the same numbers glued to a word or punctuation (`impetus.”1`,
//!   `pretext3`) or set after a space at a phrase end (`needed.” 12`, `Ferré 6,`);
//! - page footnotes of a hard-wrapped conversion: a line `1 “Junker” is …` at a page
//!   bottom, running on until the page's text resumes (an indented line, or after the
//!   note's last, short, line), whose marker is glued (`junkers”1`).
//!
//! A number is only a marker if a note with that number exists and it comes in
//! sequence: years, counts and dates ("the 72 days", "September 2, 1870") fail one of
//! the shape tests or the order. A run that pairs with fewer than half of its markers
//! is an ordinary numbered list, and so is one introduced by a colon.

use super::Text;
use super::chrome::ends_sentence;
use super::reflow::Layout;
use crate::time::date::{month_from_abbreviation, month_from_name};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Bracket,
    End,
    Page,
}

#[derive(Debug, Clone)]
pub(crate) struct NoteDef {
    pub label: String,
    /// Content of each line, decoded ranges (label and brackets removed).
    pub segs: Vec<Range<usize>>,
    pub first: usize,
    pub last: usize,
    pub style: Style,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub label: String,
    /// The marker as written: digits, or `[1]`.
    pub range: Range<usize>,
    pub line: usize,
    pub spaced: bool,
    pub bracket: bool,
}

pub(crate) struct Extracted {
    pub defs: Vec<NoteDef>,
    /// Lines that belonged to definitions: out of the running text.
    pub removed: HashSet<usize>,
}

/// Words after which a number is a reference, not a marker.
const COUNTING_WORDS: &[&str] = &[
    "page", "pages", "p", "pp", "no", "nos", "vol", "chapter", "chap", "part", "section",
    "article", "art", "number", "figure", "fig", "table", "line", "verse", "book", "year",
];

pub(crate) fn extract(text: &Text<'_>, lines: &[usize], layout: Layout) -> Extracted {
    let mut defs = Vec::new();
    let mut removed = HashSet::new();
    bracket_blocks(text, lines, &mut defs, &mut removed);
    let body: Vec<usize> = lines
        .iter()
        .copied()
        .filter(|l| !removed.contains(l))
        .collect();
    if let Some(run) = trailing_run(text, &body, layout) {
        let body_lines: Vec<usize> = body.iter().copied().filter(|l| *l < run[0].first).collect();
        let candidates = candidates(text, &body_lines);
        let paired = pair(&run, &candidates).markers.len();
        if paired * 2 >= run.len() && paired > 0 {
            for def in &run {
                removed.extend(def.first..=def.last);
            }
            defs.extend(run);
        }
    }
    if layout.wrapped {
        let body: Vec<usize> = lines
            .iter()
            .copied()
            .filter(|l| !removed.contains(l))
            .collect();
        let page = page_notes(text, &body, layout);
        for def in &page {
            removed.extend(def.first..=def.last);
        }
        defs.extend(page);
    }
    Extracted { defs, removed }
}

/// `[Footnote 1: …]` blocks, which may run over several lines until the closing bracket.
fn bracket_blocks(
    text: &Text<'_>,
    lines: &[usize],
    defs: &mut Vec<NoteDef>,
    removed: &mut HashSet<usize>,
) {
    let mut k = 0;
    while k < lines.len() {
        let i = lines[k];
        let line = text.line(i);
        let t = line.trim_start();
        let Some(rest) = t
            .strip_prefix("[Footnote")
            .or_else(|| t.strip_prefix("[FOOTNOTE"))
        else {
            k += 1;
            continue;
        };
        let rest = rest.trim_start();
        let label: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        if label.is_empty() || !rest[label.len()..].starts_with(':') {
            k += 1;
            continue;
        }
        let content_start = text.lines[i].start + (line.len() - rest.len()) + label.len() + 1;
        let mut segs = Vec::new();
        let mut depth = 0i32;
        let mut first_seg = Some(content_start);
        let mut last = i;
        let start_k = k;
        while k < lines.len() {
            let l = lines[k];
            let range = text.lines[l].clone();
            let from = first_seg.take().unwrap_or(range.start);
            let seg_text = &text.source[from..range.end];
            let mut close = None;
            for (at, c) in seg_text.char_indices() {
                match c {
                    '[' => depth += 1,
                    ']' if depth == 0 => {
                        close = Some(at);
                        break;
                    }
                    ']' => depth -= 1,
                    _ => {}
                }
            }
            let end = close.map_or(range.end, |at| from + at);
            let seg = trim_range(text.source, from..end);
            if !seg.is_empty() {
                segs.push(seg);
            }
            last = l;
            k += 1;
            if close.is_some() || k - start_k > 40 {
                break;
            }
        }
        removed.extend(i..=last);
        defs.push(NoteDef {
            label,
            segs,
            first: i,
            last,
            style: Style::Bracket,
        });
    }
}

pub(crate) fn trim_range(source: &str, range: Range<usize>) -> Range<usize> {
    let s = &source[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// A note's number and where its text starts, for `1. text`, `1) text` or `[1] text`.
fn note_start(line: &str) -> Option<(String, usize, bool)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    if let Some(rest) = t.strip_prefix('[') {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if (1..=3).contains(&digits.len()) && rest[digits.len()..].starts_with(']') {
            let after = &rest[digits.len() + 1..];
            let skip = after.len() - after.trim_start().len();
            return (!after.trim().is_empty())
                .then(|| (digits.clone(), indent + 2 + digits.len() + skip, true));
        }
        return None;
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !(1..=3).contains(&digits.len()) {
        return None;
    }
    let after = &t[digits.len()..];
    let after = after.strip_prefix(['.', ')'])?;
    if !after.starts_with([' ', '\t']) || after.trim().is_empty() {
        return None;
    }
    let skip = after.len() - after.trim_start().len();
    Some((digits.clone(), indent + digits.len() + 1 + skip, false))
}

/// The run of numbered notes that ends the text, numbered from 1 in order.
fn trailing_run(text: &Text<'_>, body: &[usize], layout: Layout) -> Option<Vec<NoteDef>> {
    let nonblank: Vec<usize> = body
        .iter()
        .copied()
        .filter(|&l| !text.line(l).trim().is_empty())
        .collect();
    // Try each line numbered 1 from the end: the last one that starts a clean run wins.
    for (s, &start) in nonblank.iter().enumerate().rev() {
        let Some((label, _, _)) = note_start(text.line(start)) else {
            continue;
        };
        if label != "1" {
            continue;
        }
        if let Some(run) = run_from(text, &nonblank[s..], layout) {
            // A numbered list the text introduces ("Signatories:") is not notes.
            let intro = s.checked_sub(1).map(|p| text.line(nonblank[p]).trim_end());
            if intro.is_some_and(|line| line.ends_with(':')) {
                return None;
            }
            return Some(run);
        }
        return None;
    }
    None
}

fn run_from(text: &Text<'_>, lines: &[usize], layout: Layout) -> Option<Vec<NoteDef>> {
    let mut run: Vec<NoteDef> = Vec::new();
    for &l in lines {
        let line = text.line(l);
        let range = text.lines[l].clone();
        match note_start(line) {
            Some((label, offset, bracket)) if label == (run.len() + 1).to_string() => {
                run.push(NoteDef {
                    label,
                    segs: vec![trim_range(text.source, range.start + offset..range.end)],
                    first: l,
                    last: l,
                    style: if bracket { Style::Bracket } else { Style::End },
                });
            }
            _ => {
                // A continuation line, in a hard-wrapped text only, and not too many.
                let def = run.last_mut()?;
                if !layout.wrapped || def.segs.len() >= 12 {
                    return None;
                }
                def.segs.push(trim_range(text.source, range));
                def.last = l;
            }
        }
    }
    (!run.is_empty()).then_some(run)
}

/// Page-bottom footnotes of a hard-wrapped text.
fn page_notes(text: &Text<'_>, body: &[usize], layout: Layout) -> Vec<NoteDef> {
    let mut defs = Vec::new();
    let mut expected = 1usize;
    let mut since = 0usize;
    let mut k = 0;
    while k < body.len() {
        let i = body[k];
        let line = text.line(i);
        let Some((digits, offset)) = page_note_start(line) else {
            k += 1;
            continue;
        };
        if digits != expected.to_string() {
            k += 1;
            continue;
        }
        let before: Vec<usize> = body[since..k].to_vec();
        let has_marker = candidates(text, &before)
            .iter()
            .any(|c| c.label == digits && !c.spaced && !c.bracket);
        if !has_marker {
            k += 1;
            continue;
        }
        let range = text.lines[i].clone();
        let mut def = NoteDef {
            label: digits,
            segs: vec![trim_range(text.source, range.start + offset..range.end)],
            first: i,
            last: i,
            style: Style::Page,
        };
        let mut last_text = line.trim().to_string();
        k += 1;
        let ends = |t: &str| ends_sentence(t) && t.chars().count() * 100 < layout.width * 78;
        if !ends(&last_text) {
            while k < body.len() && def.segs.len() < 12 {
                let l = body[k];
                let t = text.line(l);
                if t.trim().is_empty() {
                    if ends_sentence(&last_text) {
                        break;
                    }
                    let next = body[k + 1..]
                        .iter()
                        .find(|&&n| !text.line(n).trim().is_empty());
                    if next
                        .is_some_and(|&n| text.line(n).trim_start().starts_with(char::is_lowercase))
                    {
                        k += 1;
                        continue;
                    }
                    break;
                }
                // The page's own text resumes indented.
                if t.starts_with([' ', '\t']) || page_note_start(t).is_some() {
                    break;
                }
                def.segs
                    .push(trim_range(text.source, text.lines[l].clone()));
                def.last = l;
                last_text = t.trim().to_string();
                k += 1;
                if ends(&last_text) {
                    break;
                }
            }
        }
        since = k;
        expected += 1;
        defs.push(def);
    }
    defs
}

fn page_note_start(line: &str) -> Option<(String, usize)> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    if !(1..=3).contains(&digits.len()) {
        return None;
    }
    let after = &line[digits.len()..];
    let text = after.trim_start();
    if after.len() == text.len() || text.is_empty() {
        return None;
    }
    let first = text.chars().next()?;
    if first.is_lowercase() || first.is_ascii_digit() {
        return None;
    }
    Some((digits, line.len() - text.len()))
}

/// Every number that could be a note marker, in reading order.
pub(crate) fn candidates(text: &Text<'_>, lines: &[usize]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for &l in lines {
        let range = text.lines[l].clone();
        let line = &text.source[range.clone()];
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'[' {
                let digits = line[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
                if (1..=3).contains(&digits) && bytes.get(i + 1 + digits) == Some(&b']') {
                    out.push(Candidate {
                        label: line[i + 1..i + 1 + digits].to_string(),
                        range: range.start + i..range.start + i + digits + 2,
                        line: l,
                        spaced: false,
                        bracket: true,
                    });
                    i += digits + 2;
                    continue;
                }
            }
            if !b.is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start > 3 {
                continue;
            }
            if let Some(spaced) = marker_shape(line, start, i) {
                out.push(Candidate {
                    label: line[start..i].trim_start_matches('0').to_string(),
                    range: range.start + start..range.start + i,
                    line: l,
                    spaced,
                    bracket: false,
                });
            }
        }
    }
    out
}

/// Whether digits at `start..end` of `line` have a marker's shape; `Some(true)` when
/// set after a space.
fn marker_shape(line: &str, start: usize, end: usize) -> Option<bool> {
    let after = line[end..].chars().next();
    // A marker is followed by a space, punctuation or the line end, never by more of
    // a word or number (`1st`, `3/18`, `8.30`, `1,592`).
    match after {
        None => {}
        Some(c) if c.is_whitespace() => {}
        Some('.' | ',' | ';' | ':' | ')' | '!' | '?' | '”' | '"' | '’' | '\'') => {
            let next = line[end + 1..].chars().next();
            if next.is_some_and(|n| n.is_ascii_digit()) {
                return None;
            }
        }
        Some(_) => return None,
    }
    let before_text = &line[..start];
    let before = before_text.chars().next_back()?;
    if before.is_alphabetic() {
        // Glued to a word: `pretext3`, `Federation2`. Not a code such as `B52` or `G7`.
        let word: String = before_text
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let all_caps = word.chars().all(char::is_uppercase);
        return (!(all_caps && word.chars().count() <= 3)).then_some(false);
    }
    if matches!(
        before,
        '.' | ',' | ';' | ':' | '!' | '?' | '”' | '"' | '’' | '\'' | ')' | '»'
    ) {
        // Glued to punctuation that follows a word: `impetus.”1`, `Versailles.11`.
        let prior = before_text[..before_text.len() - before.len_utf8()]
            .chars()
            .next_back();
        return prior.is_some_and(|c| !c.is_ascii_digit()).then_some(false);
    }
    if before == ' ' {
        // After a space: only at a phrase end (`needed.” 12`, `Ferré 6,`), never
        // before a word (`the 72 days`) nor after a month or a counting word.
        let rest = line[end..].trim_start();
        if rest.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()) {
            return None;
        }
        let word_before = before_text.trim_end();
        let last = word_before.chars().next_back()?;
        let sentence_end = matches!(last, '.' | '!' | '?' | '”' | '"' | '’' | ')');
        let word: String = word_before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let lower = word.to_lowercase();
        let named = word.starts_with(char::is_uppercase)
            && month_from_name(&lower)
                .or_else(|| month_from_abbreviation(&lower))
                .is_none()
            && !COUNTING_WORDS.contains(&lower.as_str())
            && matches!(
                line[end..].chars().next(),
                None | Some(',' | '.' | ';' | ':')
            );
        return (sentence_end || named).then_some(true);
    }
    None
}

/// Markers matched to notes, and what stayed unmatched.
#[derive(Debug, Default)]
pub(crate) struct Pairing {
    /// (index into the notes, marker).
    pub markers: Vec<(usize, Candidate)>,
    pub unpaired_notes: Vec<usize>,
    pub unpaired_markers: Vec<Candidate>,
}

/// Walks the notes in order, taking for each the first fitting marker after the
/// previous one; a note whose marker comes after the next note's marker (or never)
/// stays unpaired, so one missing marker does not swallow the rest.
pub(crate) fn pair(defs: &[NoteDef], candidates: &[Candidate]) -> Pairing {
    let fits = |def: &NoteDef, c: &Candidate| {
        c.label == def.label
            && match def.style {
                Style::Bracket => c.bracket,
                Style::End => !c.bracket,
                Style::Page => !c.bracket && !c.spaced && c.line < def.first,
            }
    };
    let mut pairing = Pairing::default();
    let mut cursor = 0;
    let mut used = vec![false; candidates.len()];
    for (d, def) in defs.iter().enumerate() {
        let find = |def: &NoteDef| (cursor..candidates.len()).find(|&c| fits(def, &candidates[c]));
        let mine = find(def);
        let next = defs.get(d + 1).and_then(find);
        match mine {
            Some(c) if next.is_none_or(|n| c < n) => {
                used[c] = true;
                pairing.markers.push((d, candidates[c].clone()));
                cursor = c + 1;
            }
            _ => pairing.unpaired_notes.push(d),
        }
    }
    for (c, candidate) in candidates.iter().enumerate() {
        // Only an explicit `[n]` is surely a marker; a bare number may be anything.
        if candidate.bracket && !used[c] {
            pairing.unpaired_markers.push(candidate.clone());
        }
    }
    pairing
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("an increasingly impudent impetus.”1", Some("1"))]
    #[case("Under a minor diplomatic pretext3, on July 19", Some("3"))]
    #[case("vigilance committee was there: Ferré 6, old Moreau", Some("6"))]
    #[case("of France.11 Both episodes", Some("11"))]
    #[case("a strong party leadership is needed.” 12", Some("12"))]
    #[case("It was the first of the 72 days", None)]
    #[case("the arrest of Napoleon III on September 2, the revolution", None)]
    #[case("had been pilfered 1,592,637 bullets", None)]
    #[case("Around 8.30, Jules Ferry", None)]
    #[case("London, 5/30/1871.", None)]
    #[case("the 1st edition", None)]
    #[case("the B52 bomber", None)]
    fn marker_shapes(#[case] line: &str, #[case] expected: Option<&str>) {
        let text = Text::new(line);
        let found: Vec<String> = candidates(&text, &[0])
            .into_iter()
            .filter(|c| c.label.len() <= 2)
            .map(|c| c.label)
            .collect();
        match expected {
            Some(label) => assert!(found.contains(&label.to_string()), "{line}: {found:?}"),
            None => assert!(found.is_empty(), "{line}: {found:?}"),
        }
    }
}
