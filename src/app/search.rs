//! Finding text in documents, with smart case as in vim and less: a query with no
//! capital letters ignores case.

use std::ops::Range;

/// Byte ranges of every match of `query` in `text`, in order, not overlapping.
///
/// Case folding is ASCII-only: comparing byte by byte keeps offsets valid in the
/// original text, which full Unicode folding (where lengths change) would not.
/// Accented letters then match only themselves, which readers of these texts
/// type as they are written.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    if query.is_empty() {
        return Vec::new();
    }
    let ignore_case = !query.chars().any(char::is_uppercase);
    let needle = query.as_bytes();
    let haystack = text.as_bytes();
    let mut matches = Vec::new();
    if needle.len() > haystack.len() {
        return matches;
    }
    let first = needle[0].to_ascii_lowercase();
    let mut at = 0;
    while at + needle.len() <= haystack.len() {
        let candidate = &haystack[at..at + needle.len()];
        let starts = if ignore_case {
            haystack[at].to_ascii_lowercase() == first && candidate.eq_ignore_ascii_case(needle)
        } else {
            candidate == needle
        };
        if starts && text.is_char_boundary(at) && text.is_char_boundary(at + needle.len()) {
            matches.push(at..at + needle.len());
            at += needle.len();
        } else {
            at += 1;
        }
    }
    matches
}

/// Collapses runs of whitespace, for finding a quotation regardless of line breaks.
pub fn normalize_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        let text = "Commune, commune, COMMUNE";
        assert_eq!(find_all(text, "commune").len(), 3);
        assert_eq!(find_all(text, "Commune"), vec![0..7]);
    }

    #[test]
    fn non_ascii_is_safe() {
        let text = "Hôtel de Ville, hôtel";
        assert_eq!(find_all(text, "hôtel"), vec![0..6, 17..23]);
        assert_eq!(find_all(text, "Hôtel"), vec![0..6]);
        assert_eq!(find_all(text, "ô"), vec![1..3, 18..20]);
    }

    #[test]
    fn empty_query_finds_nothing() {
        assert!(find_all("abc", "").is_empty());
    }
}
