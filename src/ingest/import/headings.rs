//! What a heading looks like in plain text: a short line, set apart, that starts like
//! a title and does not end like a sentence or in the middle of a phrase.

/// Words a heading does not end on: a line ending on one was cut mid-phrase.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "on", "in", "to", "by", "for", "with", "at",
    "from", "as", "into", "that", "which", "who", "whose", "its", "their", "his", "her", "our",
    "is", "are", "was", "were", "be", "this", "these", "than", "not", "no",
];

/// Most words a heading has.
const MAX_WORDS: usize = 16;

/// Whether a line has the shape of a heading. `max_len` is the longest a heading may
/// be in chars (shorter in hard-wrapped text, where a full line is running prose);
/// `set_apart` says whether blank lines (or the text's edges) surround it, which a
/// heading ending in `!` or `?` needs to be told from a short sentence.
pub(crate) fn heading_shape(line: &str, max_len: usize, set_apart: bool) -> bool {
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if t.is_empty() || t.chars().count() > max_len || words.len() > MAX_WORDS {
        return false;
    }
    if !t.chars().any(char::is_alphabetic) || super::chrome::is_list_item(t) {
        return false;
    }
    let first = t
        .chars()
        .find(|c| !matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '['));
    if !first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    let last = t.chars().next_back().unwrap_or(' ');
    if matches!(last, '.' | ',' | ';' | ':' | '-' | '–' | '—' | '…') {
        return false;
    }
    if matches!(last, '!' | '?') && !(set_apart && words.len() <= 6) {
        return false;
    }
    let last_word = words
        .last()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .unwrap_or_default();
    !FUNCTION_WORDS.contains(&last_word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("The bloody week", true)]
    #[case("March 18th 1871", true)]
    #[case("From October 31st 1870 to January 22nd 1871", true)]
    #[case(
        "I. The root causes of the Paris Commune: the bourgeoisie against the revolution",
        true
    )]
    #[case("Notes on the IWA, the Blanquists, and other militants", true)]
    #[case("Bourgeois war or class war!", true)]
    #[case("This is a synthesis of a recently published book on", false)]
    #[case("It was a disaster.", false)]
    #[case("the defense", false)]
    #[case("- a list item", false)]
    #[case("But what about the real practice of Blanquist militants?", false)]
    fn shapes(#[case] line: &str, #[case] heading: bool) {
        assert_eq!(heading_shape(line, 100, true), heading, "{line}");
    }
}
