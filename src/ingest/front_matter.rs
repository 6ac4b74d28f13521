//! The TOML front matter between `+++` lines at the top of a document file.

use crate::model::{Metadata, line_col};
use std::ops::Range;

/// Where the front matter and the body lie in the source file.
#[derive(Debug)]
pub struct Split {
    /// The TOML between the fences.
    pub toml: Range<usize>,
    /// Everything after the closing fence.
    pub body: Range<usize>,
}

/// A front matter problem: byte offset in the source file and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    pub offset: usize,
    pub message: String,
}

const FENCE: &str = "+++";

/// Finds the fences. The opening fence must be the file's first line (after an
/// optional BOM), as in Zola and Hugo, so a `+++` later in the prose is never taken
/// for one.
pub fn split(source: &str) -> Result<Split, FrontMatterError> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_ranges(source, start);
    let first = lines.next().ok_or_else(|| FrontMatterError {
        offset: start,
        message: "empty file: expected front matter starting with +++".to_string(),
    })?;
    if source[first.clone()].trim_end() != FENCE {
        return Err(FrontMatterError {
            offset: first.start,
            message: "expected the front matter's opening `+++` on the first line".to_string(),
        });
    }
    let toml_start = (first.end + 1).min(source.len());
    for line in lines {
        if source[line.clone()].trim_end() == FENCE {
            return Ok(Split {
                toml: toml_start..line.start,
                body: (line.end + 1).min(source.len())..source.len(),
            });
        }
    }
    Err(FrontMatterError {
        offset: first.start,
        message: "the front matter's `+++` is never closed".to_string(),
    })
}

/// Line ranges without their `\n` (a trailing `\r` stays and is trimmed by callers).
fn line_ranges(source: &str, from: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut position = from;
    std::iter::from_fn(move || {
        if position >= source.len() {
            return None;
        }
        let end = source[position..]
            .find('\n')
            .map_or(source.len(), |i| position + i);
        let line = position..end;
        position = end + 1;
        Some(line)
    })
}

/// Parses and validates the metadata.
pub fn parse(source: &str, split: &Split) -> Result<Metadata, FrontMatterError> {
    let toml_text = &source[split.toml.clone()];
    let meta: Metadata = toml::from_str(toml_text).map_err(|error| FrontMatterError {
        offset: split.toml.start + error.span().map_or(0, |span| span.start),
        message: format!("front matter: {}", error.message().trim_end()),
    })?;
    let key_offset = |key: &str| {
        split.toml.start
            + toml_text
                .lines()
                .scan(0, |offset, line| {
                    let here = *offset;
                    *offset += line.len() + 1;
                    Some((here, line))
                })
                .find(|(_, line)| line.trim_start().starts_with(key))
                .map_or(0, |(offset, _)| offset)
    };
    if !is_valid_id(&meta.id) {
        return Err(FrontMatterError {
            offset: key_offset("id"),
            message: format!(
                "front matter: id {:?} must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit",
                meta.id
            ),
        });
    }
    if meta.title.trim().is_empty() {
        return Err(FrontMatterError {
            offset: key_offset("title"),
            message: "front matter: title is empty".to_string(),
        });
    }
    if !meta.published.is_empty() && !is_iso_date(&meta.published) {
        return Err(FrontMatterError {
            offset: key_offset("published"),
            message: format!(
                "front matter: published {:?} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
                meta.published
            ),
        });
    }
    Ok(meta)
}

pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let numeric =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let in_range = |part: &str, max: u32| part.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n));
    match parts.as_slice() {
        [year] => numeric(year, 4),
        [year, month] => numeric(year, 4) && numeric(month, 2) && in_range(month, 12),
        [year, month, day] => {
            numeric(year, 4)
                && numeric(month, 2)
                && in_range(month, 12)
                && numeric(day, 2)
                && in_range(day, 31)
        }
        _ => false,
    }
}

/// Renders an error as `file:line:col: message`.
pub fn locate(source: &str, offset: usize) -> (usize, usize) {
    line_col(source, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"a\"\ntitle = \"A\"\n+++\nBody\n";

    #[test]
    fn splits_fences() {
        let split = split(GOOD).unwrap();
        assert_eq!(&GOOD[split.body.clone()], "Body\n");
        let meta = parse(GOOD, &split).unwrap();
        assert_eq!(meta.id, "a");
        assert_eq!(meta.language, "en");
    }

    #[test]
    fn unknown_key_is_located() {
        let source = "+++\nid = \"a\"\ntitle = \"A\"\ncolour = \"red\"\n+++\n";
        let split = split(source).unwrap();
        let error = parse(source, &split).unwrap_err();
        assert_eq!(locate(source, error.offset).0, 4, "{error:?}");
        assert!(
            error.message.contains("unknown field `colour`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unclosed_and_missing_fences() {
        assert!(
            split("+++\nid = \"a\"\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            split("# Title\n")
                .unwrap_err()
                .message
                .contains("first line")
        );
    }

    #[test]
    fn bad_values() {
        for (source, expected) in [
            ("+++\nid = \"A b\"\ntitle = \"A\"\n+++\n", "id \"A b\""),
            ("+++\nid = \"a\"\ntitle = \" \"\n+++\n", "title is empty"),
            (
                "+++\nid = \"a\"\ntitle = \"A\"\npublished = \"1871-13-01\"\n+++\n",
                "not an ISO date",
            ),
        ] {
            let error = parse(source, &split(source).unwrap()).unwrap_err();
            assert!(error.message.contains(expected), "{}", error.message);
        }
    }
}
