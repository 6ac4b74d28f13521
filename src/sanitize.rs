//! The single gate between untrusted text and the terminal.
//!
//! A document, a file name or an error message may contain bytes that a terminal would
//! interpret: ESC starts CSI/OSC/DCS sequences (which can move the cursor, set the
//! window title or write the clipboard), other C0/C1 controls change the screen, and
//! bidirectional overrides make text display in an order different from its logical
//! one. Every such character is replaced by a visible mark so the reader sees that
//! something was there, and the replacement is reported so `check` can list it.
//!
//! This module must not import anything from the rest of the crate.

use std::borrow::Cow;

/// What a replaced character was, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hazard {
    /// ESC and the C0 controls other than tab and line ends.
    C0Control,
    /// DEL and the C1 controls (U+0080–U+009F), which some terminals read as CSI/OSC.
    C1Control,
    /// Bidirectional embedding, override and isolate characters.
    BidiControl,
    /// Zero-width characters that can hide text or disguise a link.
    Invisible,
}

impl Hazard {
    pub fn describe(self) -> &'static str {
        match self {
            Hazard::C0Control => "control character",
            Hazard::C1Control => "C1 control character",
            Hazard::BidiControl => "bidirectional override character",
            Hazard::Invisible => "invisible formatting character",
        }
    }
}

/// Classifies a character that must never be written to a terminal as is.
/// Tab and line ends are not hazards: the caller lays them out.
pub fn hazard(c: char) -> Option<Hazard> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{0}'..='\u{1f}' => Some(Hazard::C0Control),
        '\u{7f}'..='\u{9f}' => Some(Hazard::C1Control),
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}' => Some(Hazard::BidiControl),
        '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}' => {
            Some(Hazard::Invisible)
        }
        _ => None,
    }
}

/// The visible stand-in for a hazardous character.
///
/// C0 controls map to the Unicode "control pictures" block (ESC shows as `␛`), so a
/// reader can still tell which control it was; everything else shows as `�`,
/// except the soft hyphen, which is dropped to nothing visible but kept harmless.
pub fn visible_mark(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Replaces every hazardous character; tabs become a single space (layout expands
/// indentation itself) and line ends are kept.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\t' || hazard(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' => ' ',
                c if hazard(c).is_some() => visible_mark(c),
                c => c,
            })
            .collect(),
    )
}

/// Like [`clean`] but for one line of UI text: line ends become spaces too.
pub fn clean_line(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, '\n' | '\r' | '\t') || hazard(c).is_some())
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if hazard(c).is_some() => visible_mark(c),
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        let hostile = "before\u{1b}]52;c;SGVsbG8=\u{7}after\u{1b}[2J";
        let cleaned = clean(hostile);
        assert!(!cleaned.contains('\u{1b}'));
        assert!(!cleaned.contains('\u{7}'));
        assert_eq!(cleaned, "before␛]52;c;SGVsbG8=␇after␛[2J");
    }

    #[test]
    fn c1_and_bidi_are_replaced() {
        let cleaned = clean("a\u{9b}31mb\u{202e}c\u{2067}d");
        assert_eq!(cleaned, "a\u{fffd}31mb\u{fffd}c\u{fffd}d");
    }

    #[test]
    fn ordinary_text_is_borrowed() {
        assert!(matches!(
            clean("18 March 1871 — Montmartre"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn clean_line_flattens_line_ends() {
        assert_eq!(clean_line("a\nb\r\tc"), "a b  c");
    }
}
