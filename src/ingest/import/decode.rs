//! Bytes to text: UTF-8 check (or lossy replacement), byte-order mark, line ends, and
//! the refusal of files that are not text at all.
//!
//! The decoded text uses `\n` only; [`Decoded::map`] maps every decoded byte back to
//! the raw file so positions can be reported in the file the user gave.

use super::ImportError;
use crate::model::OffsetMap;

pub(crate) struct Decoded {
    pub text: String,
    /// Decoded offsets to raw offsets.
    pub map: OffsetMap,
}

/// Share of control characters above which a file is taken for binary data: real text
/// has a few stray controls at most, binary formats have them everywhere.
const MAX_CONTROL_SHARE: f64 = 0.1;

pub(crate) fn decode(raw: &[u8], lossy: bool) -> Result<Decoded, ImportError> {
    if let Some(offset) = raw.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary { offset });
    }
    let bom = if raw.starts_with(&[0xef, 0xbb, 0xbf]) {
        3
    } else {
        0
    };
    let body = &raw[bom..];
    // Validate first so the error names the first bad byte of the file as given.
    let text: std::borrow::Cow<'_, str> = match std::str::from_utf8(body) {
        Ok(text) => text.into(),
        Err(error) if !lossy => {
            return Err(ImportError::InvalidUtf8 {
                offset: bom + error.valid_up_to(),
            });
        }
        Err(_) => String::from_utf8_lossy(body),
    };
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    let total = text.chars().count().max(1);
    if controls as f64 / total as f64 > MAX_CONTROL_SHARE {
        let offset = text
            .char_indices()
            .find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            .map_or(0, |(i, _)| i);
        return Err(ImportError::Binary {
            offset: bom + offset,
        });
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    // Lossy replacement changes byte lengths, so only an exact copy maps byte for
    // byte; a lossy text maps each stretch between replacements.
    let exact = matches!(text, std::borrow::Cow::Borrowed(_));
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::new();
    let mut raw_pos = bom;
    let mut chars = text.char_indices().peekable();
    let mut lossy_raw = if exact {
        None
    } else {
        Some(LossyCursor::new(body))
    };
    while let Some((_, c)) = chars.next() {
        let raw_here = match &mut lossy_raw {
            Some(cursor) => bom + cursor.next_offset(c),
            None => raw_pos,
        };
        match c {
            '\r' => {
                // CRLF and a lone CR both end a line.
                if matches!(chars.peek(), Some(&(_, '\n'))) {
                    raw_pos += 1;
                    continue;
                }
                map.push(out.len(), raw_here, 1);
                out.push('\n');
            }
            _ => {
                let len = c.len_utf8();
                if c != '\u{fffd}' || exact {
                    map.push(out.len(), raw_here, len);
                } else {
                    // A replacement copies no byte, but must map to where its bad
                    // bytes were: left unmapped, a text of nothing else had an
                    // empty map, which maps every offset to itself, past the file.
                    map.push(out.len(), raw_here, 0);
                }
                out.push(c);
            }
        }
        raw_pos += c.len_utf8();
    }
    Ok(Decoded { text: out, map })
}

/// Walks the raw bytes beside a lossily decoded text, to find where each char came from.
struct LossyCursor<'a> {
    raw: &'a [u8],
    pos: usize,
}

impl<'a> LossyCursor<'a> {
    fn new(raw: &'a [u8]) -> Self {
        Self { raw, pos: 0 }
    }

    /// The raw offset of the next decoded char `c`, advancing past it.
    fn next_offset(&mut self, c: char) -> usize {
        let start = self.pos;
        let rest = &self.raw[self.pos.min(self.raw.len())..];
        // A char is at most four bytes: looking at a window keeps this linear.
        let window = &rest[..rest.len().min(4)];
        match std::str::from_utf8(window) {
            Ok(_) => self.pos += c.len_utf8(),
            Err(error) if error.valid_up_to() > 0 => self.pos += c.len_utf8(),
            Err(error) => self.pos += error.error_len().unwrap_or(window.len()).max(1),
        }
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::lf(b"a\nb".as_slice(), "a\nb")]
    #[case::crlf(b"a\r\nb\r\n".as_slice(), "a\nb\n")]
    #[case::cr(b"a\rb\r".as_slice(), "a\nb\n")]
    #[case::bom(b"\xef\xbb\xbfa\nb".as_slice(), "a\nb")]
    fn line_ends_and_bom(#[case] raw: &[u8], #[case] expected: &str) {
        let decoded = decode(raw, false).unwrap();
        assert_eq!(decoded.text, expected);
    }

    #[test]
    fn offsets_map_to_the_raw_file() {
        let decoded = decode(b"\xef\xbb\xbfab\r\ncd", false).unwrap();
        assert_eq!(decoded.text, "ab\ncd");
        assert_eq!(decoded.map.to_source(0), 3);
        assert_eq!(decoded.map.to_source(3), 7);
    }

    #[rstest]
    #[case::empty(b"".as_slice())]
    #[case::blank(b" \n\t\r\n".as_slice())]
    fn empty_files_are_refused(#[case] raw: &[u8]) {
        assert!(matches!(decode(raw, false), Err(ImportError::Empty)));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(matches!(
            decode(b"abc\0def", false),
            Err(ImportError::Binary { offset: 3 })
        ));
    }

    #[test]
    fn mostly_controls_mean_binary() {
        let raw: Vec<u8> = (1u8..9).cycle().take(200).collect();
        assert!(matches!(
            decode(&raw, false),
            Err(ImportError::Binary { .. })
        ));
    }

    #[test]
    fn invalid_utf8_names_the_offset_unless_lossy() {
        assert!(matches!(
            decode(b"ab\xffcd", false),
            Err(ImportError::InvalidUtf8 { offset: 2 })
        ));
        let decoded = decode(b"ab\xffcd", true).unwrap();
        assert_eq!(decoded.text, "ab\u{fffd}cd");
        assert_eq!(decoded.map.to_source(5), 3);
    }

    #[rstest]
    #[case::alone(b"\xd4".as_slice())]
    #[case::several(b"\xd4 \xff\xfe".as_slice())]
    #[case::after_text(b"ab\xf0\x9f".as_slice())]
    fn replaced_bytes_map_inside_the_file(#[case] raw: &[u8]) {
        let decoded = decode(raw, true).unwrap();
        for offset in 0..=decoded.text.len() {
            let source = decoded.map.to_source(offset);
            assert!(source <= raw.len(), "{offset} maps to {source}");
        }
        assert_eq!(decoded.map.to_source(0), 0);
    }
}
