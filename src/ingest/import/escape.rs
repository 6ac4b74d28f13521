//! Backslash escapes for raw text that CommonMark (with footnotes, strikethrough and
//! heading attributes, as the reader parses it) would otherwise interpret, so that the
//! words read back exactly as written. Only verbatim bytes are escaped: synthesized
//! pieces (`[^1]`, list markers) are Markdown on purpose.

use super::inline::Edit;

/// Where the text will stand in the output line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// At the start of a line (a paragraph, a heading's text after `# `, a list item).
    LineStart,
    Heading,
}

/// Characters that open or close inline syntax anywhere in a line.
fn always_escaped(c: char) -> bool {
    matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '~')
}

pub(crate) fn escape_edits(text: &str, verbatim: &[bool], context: Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    let is_verbatim = |i: usize| verbatim.get(i).copied().unwrap_or(false);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !is_verbatim(i) {
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let escape = always_escaped(c)
            || (c == '&' && looks_like_entity(rest))
            || (c == '{' && (context == Context::Heading || rest.starts_with('#')));
        if escape {
            edits.push(Edit::new(i..i, "\\"));
        }
    }
    // Line-start syntax: headings, quotes, bullets, ordered-list numbers, rules.
    let first = text.chars().next();
    match first {
        Some('#' | '>' | '+' | '-' | '=' | '|') if is_verbatim(0) => {
            let starts_block = match bytes[0] {
                b'#' | b'>' => true,
                b'+' | b'-' => {
                    matches!(bytes.get(1), None | Some(b' ' | b'\t')) || only_rule_chars(text)
                }
                _ => only_rule_chars(text),
            };
            if starts_block {
                edits.push(Edit::new(0..0, "\\"));
            }
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            if digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && matches!(bytes.get(digits + 1), None | Some(b' ' | b'\t'))
                && is_verbatim(digits)
            {
                edits.push(Edit::new(digits..digits, "\\"));
            }
        }
        _ => {}
    }
    // A heading's closing `#` sequence would be dropped.
    if context == Context::Heading && text.ends_with('#') && is_verbatim(text.len() - 1) {
        let hashes = text.bytes().rev().take_while(|&b| b == b'#').count();
        let at = text.len() - hashes;
        edits.push(Edit::new(at..at, "\\"));
    }
    edits.sort_by_key(|e| e.range.start);
    edits.dedup();
    edits
}

fn only_rule_chars(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, '-' | '_' | '*' | '=' | ' ' | '\t'))
}

/// `&amp;`, `&#38;`, `&#x26;`: what CommonMark would turn into another character.
fn looks_like_entity(rest: &str) -> bool {
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && rest[name.len()..].starts_with(';')
}

/// Escapes a whole verbatim string (for tests and for text known to be raw).
#[cfg(test)]
pub(crate) fn escape_str(text: &str, context: Context) -> String {
    let mut inline = super::inline::Inline::default();
    inline.verbatim(text, 0);
    let edits = escape_edits(text, &inline.verbatim_mask(), context);
    inline.apply(edits);
    inline.text()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("plain words", "plain words")]
    #[case("a *star* and _under_", "a \\*star\\* and \\_under\\_")]
    #[case("[1] and `code`", "\\[1\\] and \\`code\\`")]
    #[case("# not a heading", "\\# not a heading")]
    #[case("> not a quote", "\\> not a quote")]
    #[case("- not a bullet", "\\- not a bullet")]
    #[case("-5 degrees", "-5 degrees")]
    #[case("1871. A year", "1871\\. A year")]
    #[case("3) third", "3\\) third")]
    #[case("18 March", "18 March")]
    #[case("AT&T &amp; co", "AT&T \\&amp; co")]
    #[case("a <b> tag", "a \\<b> tag")]
    #[case("x ~~y~~", "x \\~\\~y\\~\\~")]
    #[case("ends {#anchor}", "ends \\{#anchor}")]
    #[case("back\\slash", "back\\\\slash")]
    #[case("---", "\\---")]
    fn paragraph_escapes(#[case] raw: &str, #[case] expected: &str) {
        assert_eq!(escape_str(raw, Context::LineStart), expected);
    }

    #[test]
    fn heading_escapes() {
        assert_eq!(escape_str("Part {2} #", Context::Heading), "Part \\{2} \\#");
    }
}
