//! Lines into blocks, and a block's lines into one run of text.
//!
//! Two layouts: a text whose paragraphs are one line each (a web page saved as text),
//! where every line is a block; and a hard-wrapped text (a PDF conversion, an e-book),
//! where lines join into paragraphs until a blank line, a heading, a list item, or a
//! short line ending a sentence (the paragraph's last line does not reach the margin).
//!
//! Joining lines: a line-end hyphen is dropped where a word was split, and kept where
//! it joins a compound (see [`hyphen_is_split`]); runs of spaces (justification) become
//! one; an ordinal the conversion split (`18 th`) is rejoined.

use super::Text;
use super::chrome::{ends_sentence, is_list_item, is_rule};
use super::headings::heading_shape;
use super::inline::{Edit, Inline};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub wrapped: bool,
    /// The right margin in chars (90th percentile of line lengths).
    pub width: usize,
}

pub(crate) fn layout(text: &Text<'_>, lines: &[usize]) -> Layout {
    let mut lengths: Vec<usize> = Vec::new();
    // Lines that have a non-blank neighbour: in a hard-wrapped text, most of them.
    let mut in_runs = 0;
    let blank = |i: usize| text.line(i).trim().is_empty();
    for (k, &i) in lines.iter().enumerate() {
        if blank(i) {
            continue;
        }
        lengths.push(text.line(i).trim_end().chars().count());
        let prev = k.checked_sub(1).map(|p| lines[p]);
        let next = lines.get(k + 1).copied();
        if prev.is_some_and(|p| !blank(p)) || next.is_some_and(|n| !blank(n)) {
            in_runs += 1;
        }
    }
    lengths.sort_unstable();
    let width = lengths
        .get(lengths.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(80);
    // Hard-wrapped: most lines run on into a neighbour, at a margin a reader would use.
    let wrapped = in_runs >= 3 && in_runs * 2 > lengths.len() && width <= 140;
    Layout { wrapped, width }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Heading,
    Paragraph,
    Bullet,
    /// An ordered item; the range is its number as written.
    Ordered(Range<usize>),
    Rule,
}

#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub kind: Kind,
    /// Content of each line (decoded ranges, trimmed, list markers removed).
    pub segs: Vec<Range<usize>>,
    /// 0-based index of the last line.
    pub last: usize,
}

impl Block {
    fn new(kind: Kind, seg: Range<usize>, line: usize) -> Self {
        Self {
            kind,
            segs: vec![seg],
            last: line,
        }
    }
}

/// Groups `lines` (kept line indexes, ascending, blanks included) into blocks.
pub(crate) fn blocks(text: &Text<'_>, lines: &[usize], layout: Layout) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false;
    let mut blank = true;
    let heading_len = if layout.wrapped {
        (layout.width * 3 / 4).max(40)
    } else {
        120
    };
    let nonblank: Vec<usize> = lines
        .iter()
        .copied()
        .filter(|&i| !text.line(i).trim().is_empty())
        .collect();
    let mut next_of = std::collections::HashMap::new();
    for pair in nonblank.windows(2) {
        next_of.insert(pair[0], pair[1]);
    }
    let mut prev_line: Option<usize> = None;
    for &i in lines {
        let raw = text.line(i);
        let t = raw.trim();
        if t.is_empty() {
            blank = true;
            continue;
        }
        let seg = text.trimmed_range(i);
        let next = next_of.get(&i).copied();
        let blank_after = next.is_none_or(|n| {
            lines
                .iter()
                .any(|&l| l > i && l < n && text.line(l).trim().is_empty())
        });
        let next_text = next.map(|n| text.line(n).trim()).unwrap_or("");
        let prev_text = prev_line.map(|p| text.line(p).trim()).unwrap_or("");
        prev_line = Some(i);

        if is_rule(t) && (blank || !layout.wrapped || t.chars().count() >= 3) {
            blocks.push(Block::new(Kind::Rule, seg, i));
            open = false;
            blank = false;
            continue;
        }
        let starts_item = is_list_item(t)
            && (!layout.wrapped
                || blank
                || !open
                || ends_sentence(prev_text)
                || prev_text.ends_with(':')
                || blocks
                    .last()
                    .is_some_and(|b| matches!(b.kind, Kind::Bullet | Kind::Ordered(_))));
        if starts_item {
            let (kind, content) = split_marker(text, i, seg.clone());
            blocks.push(Block::new(kind, content, i));
            open = true;
            blank = false;
            continue;
        }
        // A heading is set apart above; in a web page saved as text every line is.
        let at_start = blank || !open || !layout.wrapped;
        let next_starts_sentence = next_text
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit());
        let is_last = next.is_none();
        if at_start
            && !is_last
            && heading_shape(t, heading_len, layout.wrapped && blank && blank_after)
            && (blank_after || next_starts_sentence)
        {
            blocks.push(Block::new(Kind::Heading, seg, i));
            open = false;
            blank = false;
            continue;
        }
        let continues = open
            && layout.wrapped
            && match blocks.last() {
                Some(block) if !matches!(block.kind, Kind::Heading | Kind::Rule) => {
                    if blank {
                        joins_across_blank(prev_text, t, layout.width)
                    } else {
                        !ends_paragraph(prev_text, t, layout.width)
                    }
                }
                _ => false,
            };
        if continues && let Some(block) = blocks.last_mut() {
            block.segs.push(seg);
            block.last = i;
        } else {
            blocks.push(Block::new(Kind::Paragraph, seg, i));
        }
        open = true;
        blank = false;
    }
    blocks
}

/// A list item's kind and content, without its marker.
fn split_marker(text: &Text<'_>, line: usize, seg: Range<usize>) -> (Kind, Range<usize>) {
    let t = &text.source[seg.clone()];
    let marker_len = if t.starts_with(|c: char| c.is_ascii_digit()) {
        t.bytes().take_while(u8::is_ascii_digit).count() + 1
    } else {
        t.chars().next().map_or(0, char::len_utf8)
    };
    let rest = &t[marker_len..];
    let content_start = seg.start + marker_len + (rest.len() - rest.trim_start().len());
    let _ = line;
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        (
            Kind::Ordered(seg.start..seg.start + marker_len),
            content_start..seg.end,
        )
    } else {
        (Kind::Bullet, content_start..seg.end)
    }
}

/// A blank line inside a paragraph (a page break): the line before runs to the margin
/// and stops mid-sentence, and the line after goes on in lower case.
fn joins_across_blank(prev: &str, next: &str, width: usize) -> bool {
    let prev_len = prev.chars().count();
    !ends_sentence(prev)
        && !prev.ends_with(':')
        && prev_len * 10 >= width * 6
        && next.chars().next().is_some_and(char::is_lowercase)
}

/// Between two adjacent lines of a hard-wrapped text: a sentence ends on a line that
/// stops well short of the margin, or the next line opens a dated or labelled entry
/// (`March 10th 1871: …`).
fn ends_paragraph(prev: &str, next: &str, width: usize) -> bool {
    if !ends_sentence(prev) {
        return false;
    }
    let short = prev.chars().count() * 100 < width * 78;
    short || opens_labelled_entry(next)
}

fn opens_labelled_entry(line: &str) -> bool {
    let Some((label, _)) = line.split_once(':') else {
        return false;
    };
    let words = label.split_whitespace().count();
    (1..=5).contains(&words)
        && label.starts_with(|c: char| c.is_uppercase())
        && label.chars().any(|c| c.is_ascii_digit())
}

/// What the rules changed, for [`super::ImportNote::Repaired`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repair {
    /// Decoded offset where it happened.
    pub at: usize,
    pub what: String,
}

/// Joins a block's lines into one run of text. `words` holds the document's words
/// (lower case) for the hyphen rule.
pub(crate) fn join(
    text: &Text<'_>,
    segs: &[Range<usize>],
    words: &HashSet<String>,
    repairs: &mut Vec<Repair>,
) -> Inline {
    let mut inline = Inline::default();
    for (k, seg) in segs.iter().enumerate() {
        let line = &text.source[seg.clone()];
        let Some(next) = segs.get(k + 1) else {
            inline.verbatim(line, seg.start);
            break;
        };
        let next_line = &text.source[next.clone()];
        if let Some(stem) = line.strip_suffix('-')
            && stem.ends_with(char::is_alphabetic)
            && next_line.starts_with(char::is_lowercase)
        {
            let before = last_word(stem);
            let after = first_word(next_line);
            if hyphen_is_split(before, after, words) {
                inline.verbatim(stem, seg.start);
                repairs.push(Repair {
                    at: seg.start + stem.len(),
                    what: format!("rejoined “{before}-” + “{after}” as “{before}{after}”"),
                });
            } else {
                inline.verbatim(line, seg.start);
            }
            continue;
        }
        inline.verbatim(line, seg.start);
        // `Franco-` + `Prussian`: a compound with a capitalised part keeps its hyphen
        // and needs no space.
        let compound = line
            .strip_suffix('-')
            .is_some_and(|stem| stem.ends_with(char::is_alphabetic))
            && next_line.starts_with(char::is_uppercase);
        if !compound {
            inline.synth(" ");
        }
    }
    tidy(&mut inline, repairs);
    inline
}

/// Collapses runs of spaces and rejoins split ordinals.
pub(crate) fn tidy(inline: &mut Inline, repairs: &mut Vec<Repair>) {
    let flat = inline.text();
    let mut edits = Vec::new();
    let bytes = flat.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' || bytes[i] == b'\t' {
            let start = i;
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            if i - start > 1 || bytes[start] == b'\t' {
                edits.push(Edit::new(start..i, " "));
            }
            continue;
        }
        i += 1;
    }
    inline.apply(edits);
    let flat = inline.text();
    let mut edits = Vec::new();
    for (at, _) in flat.match_indices(' ') {
        let before = &flat[..at];
        let after = &flat[at + 1..];
        let digits: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if digits.is_empty() || digits.len() > 4 {
            continue;
        }
        let preceded_ok = before[..before.len() - digits.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let suffix: String = after
            .chars()
            .take_while(|c| c.is_ascii_lowercase())
            .collect();
        if preceded_ok && suffix == ordinal_suffix(&digits) {
            edits.push(Edit::new(at..at + 1, ""));
            if let Some(src) = inline.src_of(at) {
                repairs.push(Repair {
                    at: src,
                    what: format!("rejoined ordinal “{digits} {suffix}” as “{digits}{suffix}”"),
                });
            }
        }
    }
    inline.apply(edits);
}

/// The English ordinal suffix of a number written in digits.
fn ordinal_suffix(digits: &str) -> &'static str {
    let n: u32 = digits.parse().unwrap_or(0);
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// Prefixes that form hyphenated compounds: `counter-revolution`, `self-defence`.
const COMPOUND_PREFIXES: &[&str] = &[
    "counter", "self", "non", "anti", "ex", "pro", "semi", "co", "post", "pre", "neo", "quasi",
    "well", "half", "all", "multi", "ultra", "pseudo", "socio", "petty", "so", "re", "mid",
    "cross", "long", "short", "high", "low", "full", "part", "inter", "extra", "sub", "super",
];

/// The hyphen rule. At a line end, `before-` followed by lower-case `after` is a split
/// word, and loses its hyphen, unless it is a compound: the hyphenated form occurs
/// elsewhere in the text, or `before` is a prefix that makes compounds
/// (`counter-`, `self-`, `non-`). The joined form occurring elsewhere settles it the
/// other way. Capitalised continuations (`Franco-Prussian`) never reach this rule.
pub(crate) fn hyphen_is_split(before: &str, after: &str, words: &HashSet<String>) -> bool {
    let b = before.to_lowercase();
    let a = after.to_lowercase();
    if words.contains(&format!("{b}{a}")) {
        return true;
    }
    if words.contains(&format!("{b}-{a}")) {
        return false;
    }
    let last_part = b.rsplit('-').next().unwrap_or(&b);
    !COMPOUND_PREFIXES.contains(&last_part)
}

fn last_word(text: &str) -> &str {
    let start = text
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    &text[start..]
}

fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .unwrap_or(text.len());
    &text[..end]
}

/// Every word of the text in lower case, hyphenated forms included, for the hyphen rule.
pub(crate) fn word_set(source: &str) -> HashSet<String> {
    source
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty() && !w.ends_with('-') && !w.starts_with('-'))
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn words(list: &[&str]) -> HashSet<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[rstest]
    #[case("counter", "revolutionary", &[], false)]
    #[case("self", "proclaiming", &[], false)]
    #[case("avant", "garde", &["avant-garde"], false)]
    #[case("revolu", "tion", &[], true)]
    #[case("work", "ing", &["working"], true)]
    #[case("re", "organize", &["reorganize"], true)]
    fn hyphens(
        #[case] before: &str,
        #[case] after: &str,
        #[case] known: &[&str],
        #[case] split: bool,
    ) {
        assert_eq!(hyphen_is_split(before, after, &words(known)), split);
    }

    fn joined(source: &str) -> String {
        let text = Text::new(source);
        let segs: Vec<_> = (0..text.lines.len())
            .map(|i| text.trimmed_range(i))
            .collect();
        let mut repairs = Vec::new();
        join(&text, &segs, &word_set(source), &mut repairs).text()
    }

    #[rstest]
    #[case("the revolu-\ntion began", "the revolution began")]
    #[case("the counter-\nrevolution", "the counter-revolution")]
    #[case("the Franco-\nPrussian war", "the Franco-Prussian war")]
    #[case("on  March  18 th  1871", "on March 18th 1871")]
    #[case(
        "the 4 th sector and 2 nd and 21 st",
        "the 4th sector and 2nd and 21st"
    )]
    #[case("18 the street", "18 the street")]
    #[case("1 st try 11 st", "1st try 11 st")]
    fn joining(#[case] source: &str, #[case] expected: &str) {
        assert_eq!(joined(source), expected);
    }

    fn kinds(source: &str) -> Vec<String> {
        let text = Text::new(source);
        let lines: Vec<usize> = (0..text.lines.len()).collect();
        let layout = layout(&text, &lines);
        blocks(&text, &lines, layout)
            .iter()
            .map(|b| {
                let body: Vec<&str> = b.segs.iter().map(|s| &text.source[s.clone()]).collect();
                format!("{:?}:{}", b.kind, body.join("|")).replace("Ordered(", "Ordered:(")
            })
            .collect()
    }

    #[test]
    fn wrapped_paragraphs_headings_and_entries() {
        let source = "\
The Commune\n\
Hundreds of books have been written on the Paris Commune.  What is so pertinent about\n\
this new book on an event which has used up so much ink and so much paper in the end?\n\
It was short.\n\
Another paragraph starts here, since the line above stops well short of the margin, and\n\
goes on over the line break of the original page to the end of its long sentence here\n\
\n\
March 18th 1871\n\
During the night of the 17th to the 18th the government installed troops at the points\n\
of the city.  Montmartre and the Buttes-Chaumont were full of canons by the morning.\n\
February 26th 1871: A policeman was thrown into the Seine for writing down numbers.\n\
February 27th 1871: St. Pélagie prison was attacked in order to free comrades there.\n";
        let kinds = kinds(source);
        let names: Vec<&str> = kinds
            .iter()
            .map(|k| k.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(
            names,
            [
                "Heading",
                "Paragraph",
                "Paragraph",
                "Heading",
                "Paragraph",
                "Paragraph",
                "Paragraph"
            ],
            "{kinds:#?}"
        );
    }
}
