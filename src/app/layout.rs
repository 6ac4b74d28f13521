//! Wrapped lines of a document at a given width, computed once per width and cached.
//!
//! Scroll positions are kept as (block, line within block), so they survive a
//! resize; the layout maps them to screen lines. Lines are byte ranges into the
//! document's text, so drawing slices the text and never copies the document.

use crate::model::{BlockKind, Document};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use unicode_width::UnicodeWidthStr;

/// What is drawn before a line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prefix {
    None,
    /// The first line of a list item: `• ` or `12. `, indented by depth.
    ListMarker {
        marker: String,
        indent: u16,
    },
    /// Later lines of a list item, aligned under its text.
    ListContinuation {
        indent: u16,
    },
    /// `│ ` once per quote depth.
    Quote {
        depth: u8,
    },
    /// A thematic break, drawn across the width.
    Rule,
}

impl Prefix {
    pub fn width(&self) -> u16 {
        match self {
            Prefix::None | Prefix::Rule => 0,
            Prefix::ListMarker { marker, indent } => indent + marker.width() as u16,
            Prefix::ListContinuation { indent } => *indent,
            Prefix::Quote { depth } => u16::from(*depth) * 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub block: usize,
    /// Bytes of [`Document::text`] on this line; empty for blank lines and rules.
    pub range: Range<usize>,
    pub prefix: Prefix,
}

/// A position in a document that does not depend on the width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub block: usize,
    /// Wrapped line within the block; clamped when the width changes.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLayout {
    pub width: u16,
    pub lines: Vec<Line>,
    /// Index of each block's first line; blocks are separated by one blank line.
    pub block_start: Vec<usize>,
}

impl DocLayout {
    /// Wraps a whole document at `width` columns (at least 1).
    pub fn new(document: &Document, width: u16) -> DocLayout {
        let width = width.max(1);
        let mut lines = Vec::new();
        let mut block_start = Vec::with_capacity(document.blocks.len());
        for (index, block) in document.blocks.iter().enumerate() {
            if index > 0 {
                // The blank line between blocks belongs to the block before it, so a
                // block always starts at the top of the screen when scrolled to.
                lines.push(Line {
                    block: index - 1,
                    range: block.text.start..block.text.start,
                    prefix: Prefix::None,
                });
            }
            block_start.push(lines.len());
            let (first, rest) = match block.kind {
                BlockKind::Rule => {
                    lines.push(Line {
                        block: index,
                        range: block.text.clone(),
                        prefix: Prefix::Rule,
                    });
                    continue;
                }
                BlockKind::ListItem { number, depth } => {
                    let indent = depth.saturating_sub(1) as u16 * 2;
                    let marker = match number {
                        Some(n) => format!("{n}. "),
                        None => "• ".to_string(),
                    };
                    let continuation = indent + marker.width() as u16;
                    (
                        Prefix::ListMarker { marker, indent },
                        Prefix::ListContinuation {
                            indent: continuation,
                        },
                    )
                }
                BlockKind::Quote { depth } => (Prefix::Quote { depth }, Prefix::Quote { depth }),
                BlockKind::Heading { .. } | BlockKind::Paragraph => (Prefix::None, Prefix::None),
            };
            let text = &document.text[block.text.clone()];
            let mut first_line = true;
            for (piece_start, piece) in split_hard_breaks(text) {
                for range in wrap_ranges(piece, width.saturating_sub(first.width()).max(1)) {
                    let start = block.text.start + piece_start + range.start;
                    let end = block.text.start + piece_start + range.end;
                    lines.push(Line {
                        block: index,
                        range: start..end,
                        prefix: if first_line {
                            first.clone()
                        } else {
                            rest.clone()
                        },
                    });
                    first_line = false;
                }
            }
        }
        DocLayout {
            width,
            lines,
            block_start,
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The screen line of a position, clamped into the document.
    pub fn line_of(&self, position: Position) -> usize {
        let Some(&start) = self.block_start.get(position.block) else {
            return self.lines.len().saturating_sub(1);
        };
        let end = self
            .block_start
            .get(position.block + 1)
            .copied()
            .unwrap_or(self.lines.len());
        (start + position.line)
            .min(end.saturating_sub(1))
            .max(start)
    }

    /// The position of a screen line.
    pub fn position_of(&self, line: usize) -> Position {
        let line = line.min(self.lines.len().saturating_sub(1));
        let block = self
            .block_start
            .partition_point(|&start| start <= line)
            .saturating_sub(1);
        Position {
            block,
            line: line - self.block_start.get(block).copied().unwrap_or(0),
        }
    }

    /// The furthest a view of `height` rows may scroll: the last line at the bottom.
    pub fn max_top(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height.max(1))
    }
}

/// Splits at hard line breaks, keeping each piece's offset.
fn split_hard_breaks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split('\n').map(move |piece| {
        let start = offset;
        offset += piece.len() + 1;
        (start, piece)
    })
}

/// Byte ranges of `text` wrapped at `width` columns, Unicode widths respected, words
/// kept whole unless one is wider than the line. An empty text is one empty line.
pub fn wrap_ranges(text: &str, width: u16) -> Vec<Range<usize>> {
    // textwrap keeps leading spaces on the first line, which then either overflows
    // or comes out empty. Leading spaces are wrapped away like those at any break.
    let start = text.len() - text.trim_start_matches(' ').len();
    if start > 0 && start < text.len() {
        return wrap_ranges(&text[start..], width)
            .into_iter()
            .map(|range| range.start + start..range.end + start)
            .collect();
    }
    if text.is_empty() {
        return std::iter::once(0..0).collect();
    }
    let width = usize::from(width.max(1));
    let balanced = wrap_with(text, width, textwrap::WrapAlgorithm::new());
    // Optimal fit balances the lines, but may let one overflow when that costs it
    // less than a break (found by fuzzing: a 42-column line at width 41). Then
    // first fit, which never does.
    let overflows = balanced.iter().any(|range| {
        let line = &text[range.clone()];
        line.width() > width && line.chars().nth(1).is_some()
    });
    if overflows {
        wrap_with(text, width, textwrap::WrapAlgorithm::FirstFit)
    } else {
        balanced
    }
}

fn wrap_with(text: &str, width: usize, algorithm: textwrap::WrapAlgorithm) -> Vec<Range<usize>> {
    let options = textwrap::Options::new(width)
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .wrap_algorithm(algorithm);
    let base = text.as_ptr() as usize;
    let mut search_from = 0;
    textwrap::wrap(text, options)
        .into_iter()
        .map(|line| {
            let start = match &line {
                // textwrap borrows from the input when it does not have to change a
                // line, which is always the case without indents or hyphenation.
                std::borrow::Cow::Borrowed(slice) => (slice.as_ptr() as usize).wrapping_sub(base),
                std::borrow::Cow::Owned(owned) => text[search_from..]
                    .find(owned.as_str())
                    .map_or(search_from, |i| search_from + i),
            };
            let start = start.min(text.len());
            let end = (start + line.len()).min(text.len());
            search_from = end;
            start..end
        })
        .collect()
}

/// Layouts by (document index, width). A key press only looks layouts up; wrapping
/// happens when a document is first shown at a width.
#[derive(Debug, Default)]
pub struct LayoutCache {
    layouts: HashMap<(usize, u16), Rc<DocLayout>>,
}

impl LayoutCache {
    pub fn get_or_build(
        &mut self,
        doc_index: usize,
        document: &Document,
        width: u16,
    ) -> Rc<DocLayout> {
        self.layouts
            .entry((doc_index, width.max(1)))
            .or_insert_with(|| Rc::new(DocLayout::new(document, width)))
            .clone()
    }

    pub fn get(&self, doc_index: usize, width: u16) -> Option<&Rc<DocLayout>> {
        self.layouts.get(&(doc_index, width.max(1)))
    }

    /// Drops layouts at widths no pane uses any more, so resizing does not grow memory.
    pub fn retain_widths(&mut self, in_use: &[(usize, u16)]) {
        self.layouts.retain(|key, _| in_use.contains(key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_document;
    use crate::model::Origin;

    fn document(body: &str) -> Document {
        let source = format!("+++\nid = \"t\"\ntitle = \"T\"\n+++\n{body}");
        parse_document(&source, Origin::Bundled("t.md".into())).unwrap()
    }

    #[test]
    fn wraps_at_word_boundaries_with_unicode_widths() {
        let ranges = wrap_ranges("Le 18 mars 1871 à Montmartre", 10);
        let text = "Le 18 mars 1871 à Montmartre";
        let lines: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(lines, ["Le 18 mars", "1871 à", "Montmartre"]);
        let wide = "巴黎公社 巴黎公社";
        let lines: Vec<&str> = wrap_ranges(wide, 9)
            .iter()
            .map(|r| &wide[r.clone()])
            .collect();
        assert_eq!(lines, ["巴黎公社", "巴黎公社"]);
    }

    #[test]
    fn leading_spaces_never_push_a_line_past_the_width() {
        let text = " ␘aaaaaaaa␀ b";
        let word = format!(" {}", "␀".repeat(41));
        for (text, widths) in [(text, 1..14), (word.as_str(), 40..43)] {
            for width in widths {
                for range in wrap_ranges(text, width) {
                    let line = &text[range];
                    assert!(line.width() <= usize::from(width), "{line:?} at {width}");
                }
            }
        }
        let lines: Vec<&str> = wrap_ranges(text, 10)
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(lines, ["␘aaaaaaaa␀", "b"]);
    }

    #[test]
    fn no_line_is_wider_than_the_width_even_when_balancing_would_prefer_it() {
        // Optimal fit alone puts all of this on one 42-column line at width 41.
        let text = "␘ ␁␀␀-<<!-␇<p01887739074256335303![111110␄";
        let lines: Vec<&str> = wrap_ranges(text, 41)
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(lines, ["␘", "␁␀␀-<<!-␇<p01887739074256335303![111110␄"]);
    }

    #[test]
    fn long_words_are_cut_only_when_wider_than_the_line() {
        let text = "a Rindfleischetikettierung";
        let lines: Vec<&str> = wrap_ranges(text, 8)
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(lines, ["a", "Rindflei", "schetike", "ttierung"]);
    }

    #[test]
    fn layout_separates_blocks_and_maps_positions() {
        let doc = document("# Title\n\nOne two three four five six.\n\n- item one two\n");
        let layout = DocLayout::new(&doc, 12);
        assert_eq!(layout.block_start, vec![0, 2, 6]);
        assert_eq!(
            layout.lines[6].prefix,
            Prefix::ListMarker {
                marker: "• ".into(),
                indent: 0
            }
        );
        assert_eq!(
            layout.lines[7].prefix,
            Prefix::ListContinuation { indent: 2 }
        );
        let position = layout.position_of(4);
        assert_eq!(position, Position { block: 1, line: 2 });
        assert_eq!(layout.line_of(position), 4);
        // A line index past a block's end is clamped into the block.
        assert_eq!(layout.line_of(Position { block: 0, line: 9 }), 1);
    }

    #[test]
    fn every_character_of_every_block_is_on_some_line() {
        let doc = document(
            "Para with    spaces and a verylongwordthatmustbreak here.\n\n> quoted text here\n",
        );
        for width in 1..30 {
            let layout = DocLayout::new(&doc, width);
            for (index, block) in doc.blocks.iter().enumerate() {
                let shown: String = layout
                    .lines
                    .iter()
                    .filter(|line| line.block == index)
                    .map(|line| doc.text[line.range.clone()].replace(' ', ""))
                    .collect();
                assert_eq!(
                    shown,
                    doc.text[block.text.clone()].replace(' ', ""),
                    "width {width}"
                );
            }
        }
    }
}
