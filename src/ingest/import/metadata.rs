//! Guesses at a document's metadata from what the text itself says: the headline, a
//! dateline (`From The Socialist newspaper, 24 March 2021`, `ICOR Europe, 29 January
//! 2021`), a byline (`Theo Sharieff, Socialist Party national committee`, `By …`), a
//! closing signature (`Leon Trotsky, February 4, 1921`), and how numeric dates are
//! written. Options given by the user override every guess.

use crate::model::NumericDates;
use crate::time::date::{month_from_abbreviation, month_from_name};

/// A date found in a line: ISO form and the byte range it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub iso: String,
    pub start: usize,
    pub end: usize,
}

fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    month_from_name(word)
        .or_else(|| month_from_abbreviation(word))
        .map(u32::from)
}

fn year(word: &str) -> Option<u32> {
    (word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The first written date in `text`: `24 March 2021`, `March 24, 2021`, `February
/// 1921`, `2021-03-24`.
pub(crate) fn find_date(text: &str) -> Option<FoundDate> {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || c == '-';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, &text[s..]));
    }
    for (k, &(at, word)) in words.iter().enumerate() {
        let w = |n: usize| words.get(k + n).map(|&(_, w)| w);
        let end = |n: usize| words.get(k + n).map_or(text.len(), |&(s, w)| s + w.len());
        if let Some(iso) = iso_date(word) {
            return Some(FoundDate {
                iso,
                start: at,
                end: at + word.len(),
            });
        }
        // 24 March 2021
        if let (Some(d), Some(m), Some(y)) = (day(word), w(1).and_then(month), w(2).and_then(year))
        {
            return Some(FoundDate {
                iso: format!("{y:04}-{m:02}-{d:02}"),
                start: at,
                end: end(2),
            });
        }
        if let Some(m) = month(word) {
            // March 24, 2021
            if let (Some(d), Some(y)) = (w(1).and_then(day), w(2).and_then(year)) {
                return Some(FoundDate {
                    iso: format!("{y:04}-{m:02}-{d:02}"),
                    start: at,
                    end: end(2),
                });
            }
            // February 1921 (a capitalised month: "may" is also a verb)
            if let Some(y) = w(1).and_then(year)
                && word.starts_with(char::is_uppercase)
            {
                return Some(FoundDate {
                    iso: format!("{y:04}-{m:02}"),
                    start: at,
                    end: end(1),
                });
            }
        }
    }
    None
}

fn iso_date(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
            ((1..=12).contains(&m) && (1..=31).contains(&d))
                .then(|| format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

/// A short line that gives where and when: `From The Socialist newspaper, 24 March 2021`.
pub(crate) fn dateline(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    if t.chars().count() > 100 || t.ends_with('.') && t.split_whitespace().count() > 8 {
        return None;
    }
    let date = find_date(t)?;
    // The date must end the line (give or take punctuation): otherwise it is a sentence.
    if !t[date.end..]
        .trim_matches(|c: char| !c.is_alphanumeric())
        .is_empty()
    {
        return None;
    }
    let before = t[..date.start]
        .trim()
        .trim_end_matches([',', '-', '–', '—', '|'])
        .trim();
    let before = before
        .strip_prefix("From ")
        .or_else(|| before.strip_prefix("from "))
        .unwrap_or(before);
    let publication = before
        .trim_end_matches(" newspaper")
        .trim_end_matches(" magazine")
        .trim_end_matches(" website")
        .trim()
        .to_string();
    if publication.split_whitespace().count() > 8 {
        return None;
    }
    Some((publication, date.iso))
}

/// A byline: `By Jane Doe`, or `Jane Doe, her affiliation`. Gives the name.
pub(crate) fn byline(line: &str) -> Option<String> {
    let t = line.trim();
    if t.chars().count() > 90 || super::chrome::ends_sentence(t) {
        return None;
    }
    let t = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("by "))
        .unwrap_or(t);
    let name = t.split([',', '|', '(']).next()?.trim();
    person_name(name).then(|| name.to_string())
}

/// Two to four capitalised words (particles such as `de` allowed): a person's name.
pub(crate) fn person_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
                || matches!(*w, "de" | "da" | "van" | "von" | "la" | "le" | "du" | "del")
        })
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// A closing signature: `Leon Trotsky, February 4, 1921`. Gives name and date.
pub(crate) fn signature(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    if t.chars().count() > 80 {
        return None;
    }
    let (name, rest) = t.split_once(',')?;
    let name = name.trim();
    if !person_name(name) {
        return None;
    }
    let date = find_date(rest)?;
    rest[date.end..]
        .trim_matches(|c: char| !c.is_alphanumeric())
        .is_empty()
        .then(|| (name.to_string(), date.iso))
}

/// Month-first (`5/30/1871`) or day-first (`30/5/1871`) numeric dates, when a day
/// above 12 settles it.
pub(crate) fn numeric_dates(text: &str) -> Option<NumericDates> {
    let (mut mdy, mut dmy) = (0, 0);
    for token in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')) {
        let token = token.trim_end_matches('.');
        let parts: Vec<&str> = token.split('/').collect();
        if let [a, b, y] = parts.as_slice()
            && year(y).is_some()
            && let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>())
        {
            if a > 12 && b <= 12 {
                dmy += 1;
            } else if b > 12 && a <= 12 {
                mdy += 1;
            }
        }
    }
    match (mdy, dmy) {
        (0, 0) => None,
        (m, d) if m > d => Some(NumericDates::Mdy),
        (m, d) if d > m => Some(NumericDates::Dmy),
        _ => None,
    }
}

/// A document id: ascii, lower case, hyphens, at most 48 chars, cut at a word.
pub(crate) fn slug(title: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in title.chars() {
        let folded = fold(c);
        if folded.is_empty() {
            if matches!(c, '\'' | '’' | '´' | '`') {
                continue;
            }
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push_str(&folded);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut slug = String::new();
    for word in words {
        let extra = if slug.is_empty() {
            word.len()
        } else {
            word.len() + 1
        };
        if slug.len() + extra > 48 {
            if slug.is_empty() {
                slug = word.chars().take(48).collect();
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    if slug.is_empty() {
        "untitled".to_string()
    } else {
        slug
    }
}

/// A char as lower-case ascii letters or digits (accents dropped), or nothing.
fn fold(c: char) -> String {
    if c.is_ascii_alphanumeric() {
        return c.to_ascii_lowercase().to_string();
    }
    let base = match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'š' | 'ş' | 'ś' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ğ' => "g",
        'ı' => "i",
        'ł' => "l",
        _ => "",
    };
    base.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("From The Socialist newspaper, 24 March 2021", Some(("The Socialist", "2021-03-24")))]
    #[case("ICOR Europe, 29 January 2021", Some(("ICOR Europe", "2021-01-29")))]
    #[case(
        "It was the 18 March 1871 when the people rose and took the cannons back.",
        None
    )]
    #[case("The bloody week", None)]
    fn datelines(#[case] line: &str, #[case] expected: Option<(&str, &str)>) {
        let found = dateline(line);
        assert_eq!(
            found.as_ref().map(|(p, d)| (p.as_str(), d.as_str())),
            expected,
            "{line}"
        );
    }

    #[rstest]
    #[case(
        "Theo Sharieff, Socialist Party national committee",
        Some("Theo Sharieff")
    )]
    #[case("By Jane van Doe", Some("Jane van Doe"))]
    #[case("Workers' opposition", None)]
    #[case("The bloody week", None)]
    fn bylines(#[case] line: &str, #[case] expected: Option<&str>) {
        assert_eq!(byline(line).as_deref(), expected, "{line}");
    }

    #[test]
    fn signatures_and_dates() {
        assert_eq!(
            signature("Leon Trotsky, February 4, 1921"),
            Some(("Leon Trotsky".to_string(), "1921-02-04".to_string()))
        );
        assert_eq!(
            find_date("Trotsky, The Lessons of the Commune, February 1921.").map(|d| d.iso),
            Some("1921-02".to_string())
        );
        assert_eq!(
            numeric_dates("London, 5/30/1871. Of 4/6/1871"),
            Some(NumericDates::Mdy)
        );
        assert_eq!(numeric_dates("le 30/5/1871"), Some(NumericDates::Dmy));
    }

    #[rstest]
    #[case("Lessons of the Paris Commune", "lessons-of-the-paris-commune")]
    #[case(
        "The First Workers´ Government. The Paris Commune",
        "the-first-workers-government-the-paris-commune"
    )]
    #[case(
        "When the working class 'stormed heaven'",
        "when-the-working-class-stormed-heaven"
    )]
    #[case("Révolution à Paris — 1871!", "revolution-a-paris-1871")]
    #[case(
        "150 years - Long live the Commune of Paris (1871)! Let us organize for revolutionary socialism!",
        "150-years-long-live-the-commune-of-paris-1871"
    )]
    fn slugs(#[case] title: &str, #[case] expected: &str) {
        assert_eq!(slug(title), expected);
        assert!(slug(title).len() <= 48);
    }
}
