//! Web page chrome: what a page saved as text carries around its article (navigation,
//! share buttons, donation appeals, related-link lists, footers with phone numbers).
//!
//! The rule, in the terms an editor would use: find the densest stretch of prose (the
//! article body), then widen it over what belongs to it — the headline, dateline and
//! byline just above it (skipping a caption), and, just below it, closing sentences and
//! a list the article introduces. Everything else is trimmed, and every trimmed range
//! is reported. Nothing is trimmed unless the text shows at least two signs of being a
//! web page, so an essay or a book is left whole.

use super::Text;
use std::collections::HashMap;

/// A run of non-blank lines: the unit that is kept or trimmed.
#[derive(Debug, Clone)]
struct Chunk {
    first: usize,
    last: usize,
    text: String,
    class: Class,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Class {
    /// Running prose: long, with sentences.
    Prose,
    /// Navigation, sharing, appeals, contact details: the reason says which sign.
    Chrome(&'static str),
    /// An image caption: trimmed, but does not end the article's head.
    Caption,
    /// A short line found elsewhere on the page too (a link list repeats headlines):
    /// chrome below the article, but kept in its head, where the kicker repeats.
    Repeated,
    /// Anything else: a headline, a list item, a short line.
    Short,
}

/// Phrases that, in a short line, mark page furniture rather than article text.
const CHROME_PHRASES: &[(&str, &str)] = &[
    ("skip to", "navigation"),
    ("personal tools", "navigation"),
    ("you are here", "breadcrumb"),
    ("join us", "membership appeal"),
    ("join the", "membership appeal"),
    ("printable version", "page tools"),
    ("print this", "page tools"),
    ("link to this page", "page tools"),
    ("share this", "share buttons"),
    ("share on", "share buttons"),
    ("document actions", "page tools"),
    ("related links", "related links"),
    ("related articles", "related links"),
    ("read more", "related links"),
    ("more articles", "related links"),
    ("articles...", "related links"),
    ("alphabetical listing", "site index"),
    ("back to top", "navigation"),
    ("previous article", "navigation"),
    ("next article", "navigation"),
    ("all rights reserved", "footer"),
    ("privacy policy", "footer"),
    ("terms of use", "footer"),
    ("cookie", "footer"),
    ("copyright", "footer"),
    ("log in", "account links"),
    ("sign up", "account links"),
    ("newsletter", "subscription appeal"),
    ("subscribe", "subscription appeal"),
    ("donate", "donation appeal"),
    ("donation", "donation appeal"),
    ("fighting fund", "donation appeal"),
    ("finance appeal", "donation appeal"),
    ("payments are made", "donation appeal"),
    ("your message", "form"),
    ("email:", "contact details"),
    ("email protected", "contact details"),
    ("phone our", "contact details"),
    ("follow us", "share buttons"),
    ("facebook", "share buttons"),
    ("twitter", "share buttons"),
    ("youtube", "share buttons"),
    ("instagram", "share buttons"),
    ("whatsapp", "share buttons"),
    ("telegram", "share buttons"),
];

/// Caption cues: an image's legend is page furniture too, but sits inside the head.
const CAPTION_PHRASES: &[&str] = &["click to enlarge", "(photo", "photo:", "image:", "credit:"];

/// Lines longer than this are never judged by vocabulary: prose may say "donate".
const SHORT: usize = 140;

/// Trimmed chunks as inclusive line ranges with a reason; empty if the text does not
/// look like a web page.
pub(crate) fn page_trims(text: &Text<'_>, keep: &[bool]) -> Vec<(usize, usize, String)> {
    let mut chunks = chunks(text, keep);
    classify(&mut chunks);
    let chrome_count = chunks
        .iter()
        .filter(|c| matches!(c.class, Class::Chrome(_)))
        .count();
    if chrome_count < 2 {
        return Vec::new();
    }
    let Some((core_start, core_end)) = densest_prose(&chunks) else {
        return Vec::new();
    };
    let mut kept = vec![false; chunks.len()];
    for (i, chunk) in chunks
        .iter()
        .enumerate()
        .take(core_end + 1)
        .skip(core_start)
    {
        kept[i] = !matches!(chunk.class, Class::Chrome(_) | Class::Caption);
    }
    // The head: headline, dateline, byline above the body; a caption is skipped, two
    // pieces of chrome in a row end it.
    let mut i = core_start;
    let mut head = 0;
    while i > 0 && head < 10 {
        i -= 1;
        match chunks[i].class {
            Class::Chrome(_) => {
                if i == 0 || matches!(chunks[i - 1].class, Class::Chrome(_)) {
                    break;
                }
            }
            Class::Caption => {}
            Class::Prose => break,
            Class::Short | Class::Repeated => {
                kept[i] = true;
                head += 1;
            }
        }
    }
    // The tail: closing sentences, list items, and a line introducing a list.
    let mut i = core_end + 1;
    while i < chunks.len() {
        let chunk = &chunks[i];
        let belongs = match chunk.class {
            Class::Chrome(_) | Class::Caption | Class::Repeated => false,
            Class::Prose => true,
            Class::Short => {
                is_list_item(&chunk.text)
                    || ends_sentence(&chunk.text)
                    || (chunk.text.trim_end().ends_with(':')
                        && chunks
                            .get(i + 1)
                            .is_some_and(|next| is_list_item(&next.text)))
            }
        };
        if !belongs {
            break;
        }
        kept[i] = true;
        i += 1;
    }
    // Report maximal runs of trimmed chunks, each with the reason of its first sign.
    let mut trims = Vec::new();
    let mut i = 0;
    while i < chunks.len() {
        if kept[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < chunks.len() && !kept[i] {
            i += 1;
        }
        let run = &chunks[start..i];
        let reason = run
            .iter()
            .find_map(|c| match c.class {
                Class::Chrome(reason) => Some(format!("page chrome: {reason}")),
                Class::Caption => Some("image caption".to_string()),
                Class::Repeated => Some("page chrome: repeated line".to_string()),
                _ => None,
            })
            .unwrap_or_else(|| "outside the article".to_string());
        trims.push((run[0].first, run[run.len() - 1].last, reason));
    }
    trims
}

fn chunks(text: &Text<'_>, keep: &[bool]) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut open = false;
    for i in 0..text.lines.len() {
        let line = text.line(i).trim();
        if !keep.get(i).copied().unwrap_or(false) || line.is_empty() {
            open = false;
            continue;
        }
        // In a page saved as text each paragraph is one line; a run of lines that each
        // look like separate items (a link list) stays apart too.
        match chunks.last_mut() {
            Some(chunk) if open && !is_list_item(line) && !is_list_item(&chunk.text) => {
                chunk.last = i;
                chunk.text.push(' ');
                chunk.text.push_str(line);
            }
            _ => chunks.push(Chunk {
                first: i,
                last: i,
                text: line.to_string(),
                class: Class::Short,
            }),
        }
        open = true;
    }
    chunks
}

fn classify(chunks: &mut [Chunk]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for chunk in chunks.iter() {
        *seen.entry(chunk.text.to_lowercase()).or_default() += 1;
    }
    for chunk in chunks.iter_mut() {
        let lower = chunk.text.to_lowercase();
        chunk.class = if let Some(reason) = chrome_sign(&chunk.text, &lower) {
            Class::Chrome(reason)
        } else if chunk.text.len() <= SHORT && CAPTION_PHRASES.iter().any(|p| lower.contains(p)) {
            Class::Caption
        } else if seen.get(&lower).copied().unwrap_or(0) > 1
            && chunk.text.len() <= SHORT
            && !is_rule(&chunk.text)
        {
            Class::Repeated
        } else if is_prose(&chunk.text) {
            Class::Prose
        } else {
            Class::Short
        };
    }
    // A caption often comes twice: the legend, then the legend with "click to enlarge".
    let captions: Vec<String> = chunks
        .iter()
        .filter(|c| c.class == Class::Caption)
        .map(|c| c.text.to_lowercase())
        .collect();
    for chunk in chunks.iter_mut() {
        let lower = chunk.text.to_lowercase();
        if chunk.class == Class::Short
            && captions
                .iter()
                .any(|caption| caption.len() > lower.len() && caption.starts_with(&lower))
        {
            chunk.class = Class::Caption;
        }
    }
}

fn chrome_sign(text: &str, lower: &str) -> Option<&'static str> {
    if text.len() > SHORT {
        return None;
    }
    if let Some((_, reason)) = CHROME_PHRASES
        .iter()
        .find(|(p, _)| contains_phrase(lower, p))
    {
        return Some(reason);
    }
    if text.matches(" | ").count() >= 2 || text.matches("|").count() >= 3 {
        return Some("menu");
    }
    if has_phone_number(text) {
        return Some("contact details");
    }
    None
}

/// `phrase` at word boundaries in `lower`.
fn contains_phrase(lower: &str, phrase: &str) -> bool {
    lower.match_indices(phrase).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + phrase.len()..].chars().next();
        let starts_word = phrase.starts_with(|c: char| !c.is_alphanumeric());
        let ends_word = phrase.ends_with(|c: char| !c.is_alphanumeric());
        (starts_word || before.is_none_or(|c| !c.is_alphanumeric()))
            && (ends_word || after.is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// Three groups of digits of telephone shape: `020 8988 8777`, `07761 818 206`.
fn has_phone_number(text: &str) -> bool {
    let mut digits_in_row = 0;
    let mut run = 0;
    for token in text.split_whitespace() {
        let token = token.trim_matches(|c: char| !c.is_ascii_digit());
        if !token.is_empty() && token.chars().all(|c| c.is_ascii_digit()) && token.len() >= 3 {
            run += 1;
            digits_in_row += token.len();
            if run >= 3 && digits_in_row >= 10 {
                return true;
            }
        } else {
            run = 0;
            digits_in_row = 0;
        }
    }
    false
}

fn is_prose(text: &str) -> bool {
    let words = text.split_whitespace().count();
    text.len() >= 60 && words >= 10 && ends_sentence(text)
}

pub(crate) fn ends_sentence(text: &str) -> bool {
    let trimmed = text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*']);
    trimmed.ends_with(['.', '!', '?', '…'])
}

pub(crate) fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '–' | '·' | '▪' | '◦' | '‣') => {
            matches!(chars.next(), Some(' ' | '\t'))
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            digits <= 3
                && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
                && matches!(t.as_bytes().get(digits + 1), Some(b' ' | b'\t'))
        }
        _ => false,
    }
}

pub(crate) fn is_rule(text: &str) -> bool {
    let t: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && matches!(t[0], '*' | '-' | '_' | '=' | '~' | '#')
        && t.iter().all(|&c| c == t[0])
}

/// The stretch of chunks with the most prose, where chrome costs heavily and other
/// short chunks a little (maximum-sum segment).
fn densest_prose(chunks: &[Chunk]) -> Option<(usize, usize)> {
    let score = |c: &Chunk| -> i64 {
        match c.class {
            Class::Prose => c.text.len() as i64,
            Class::Chrome(_) | Class::Repeated => -(400 + c.text.len() as i64),
            Class::Caption => -40,
            Class::Short => -15,
        }
    };
    let mut best: Option<(i64, usize, usize)> = None;
    let mut sum = 0;
    let mut start = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += score(chunk);
        if sum > 0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, i));
        }
    }
    let (_, start, end) = best?;
    // Start and end on prose, not on a short chunk the sum happened to carry.
    let start = (start..=end).find(|&i| chunks[i].class == Class::Prose)?;
    let end = (start..=end)
        .rev()
        .find(|&i| chunks[i].class == Class::Prose)?;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("Skip to content. | Skip to navigation", true)]
    #[case("Facebook   Twitter", true)]
    #[case("Phone our national office on 020 8988 8777", true)]
    #[case("East Mids: 077 3797 8057", true)]
    #[case("The bloody week", false)]
    #[case("Sunday 28 March, 3pm", false)]
    fn chrome_signs(#[case] line: &str, #[case] chrome: bool) {
        assert_eq!(
            chrome_sign(line, &line.to_lowercase()).is_some(),
            chrome,
            "{line}"
        );
    }

    #[test]
    fn essay_without_chrome_is_left_alone() {
        let source = "Title\n\nA first paragraph of the essay that runs on for a good while, saying things.\n\nA second paragraph that also says a good many things about the Commune.\n";
        let text = Text::new(source);
        assert!(page_trims(&text, &vec![true; text.lines.len()]).is_empty());
    }
}
