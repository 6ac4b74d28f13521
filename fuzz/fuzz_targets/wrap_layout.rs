#![no_main]
//! The wrapper and the document layout: any text at any width, never a panic;
//! wrapped lines are in order, on char boundaries, no wider than the width (a
//! single wide character excepted at width 1), and together hold every character
//! but the spaces they broke at; a layout's lines stay inside their blocks, its
//! positions round-trip, and wrapped on demand it shows the same lines.

mod common;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use parallax::app::layout::{DocLayout, Position, wrap_ranges};
use parallax::ingest::parse_document;
use parallax::model::Origin;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Arbitrary)]
struct Input {
    width: u16,
    text: String,
    /// Read as a document body, for the layout.
    body: String,
}

fuzz_target!(|input: Input| {
    let width = input.width % 300;
    // The layout wraps a block's text between hard breaks, and the document text
    // never holds a character the sanitizer replaces.
    let line: String = parallax::sanitize::clean(&input.text)
        .chars()
        .filter(|&c| c != '\n' && c != '\r')
        .collect();
    let ranges = wrap_ranges(&line, width);
    let mut end = 0;
    for range in &ranges {
        assert!(range.start >= end && range.start <= range.end && range.end <= line.len());
        assert!(line.is_char_boundary(range.start) && line.is_char_boundary(range.end));
        assert!(
            line[end..range.start].chars().all(|c| c == ' '),
            "{:?} dropped between lines",
            &line[end..range.start]
        );
        let shown = &line[range.clone()];
        assert!(
            shown.width() <= usize::from(width.max(1)) || shown.chars().count() == 1,
            "{shown:?} is wider than {width}"
        );
        end = range.end;
    }
    assert!(line[end..].chars().all(|c| c == ' '));

    let source = format!("+++\nid = \"w\"\ntitle = \"W\"\n+++\n{}", input.body);
    let Ok(document) = parse_document(&source, Origin::Bundled("w.md".into())) else {
        return;
    };
    let layout = DocLayout::wrapped(&document, width);
    let starts: Vec<usize> = (0..document.blocks.len())
        .map(|block| layout.line_of(Position { block, line: 0 }))
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]));
    for index in 0..layout.len() {
        let line = layout.line(index).expect("every line wrapped");
        assert!(line.range.start <= line.range.end && line.range.end <= document.text.len());
        assert!(document.text.is_char_boundary(line.range.start));
        assert!(document.text.is_char_boundary(line.range.end));
        // The blank line between two blocks belongs to the first and is empty;
        // every line with text lies inside its block.
        if !line.range.is_empty() {
            let block = &document.blocks[line.block];
            assert!(line.range.start >= block.text.start && line.range.end <= block.text.end);
        }
    }
    for (block, &start) in starts.iter().enumerate() {
        let end = starts.get(block + 1).copied().unwrap_or(layout.len());
        for line in 0..end.saturating_sub(start).min(50) {
            let position = Position { block, line };
            let screen = layout.line_of(position);
            assert_eq!(layout.position_of(screen), position);
        }
    }
    // Wrapped a few blocks at a time, from a place in the middle, the layout
    // shows the same lines.
    let mut lazy = DocLayout::new(&document, width, 1 + usize::from(width) % 64);
    let middle = Position {
        block: document.blocks.len() / 2,
        line: 0,
    };
    lazy.wrap_after(&document, middle, 30);
    lazy.wrap_before(&document, middle, 30);
    let (at, lazy_at) = (layout.line_of(middle), lazy.line_of(middle));
    for offset in -30isize..30 {
        let (Some(index), Some(lazy_index)) = (
            at.checked_add_signed(offset),
            lazy_at.checked_add_signed(offset),
        ) else {
            continue;
        };
        assert_eq!(lazy.line(lazy_index), layout.line(index));
    }
});
