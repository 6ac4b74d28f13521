//! Wrapped lines of a document at a given width, wrapped on demand.
//!
//! A document is cut into chunks of consecutive blocks, about [`CHUNK_BYTES`] of
//! text each. A chunk is wrapped the first time one of its lines is needed; until
//! then its height is estimated from its blocks' lengths. Line numbers are sums of
//! chunk heights (a Fenwick tree), so they are exact as far as chunks are wrapped
//! and estimates beyond. A pane keeps its place as a [`Position`] (block, line
//! within block), which no correction of an estimate moves, and whatever must land
//! exactly (a scroll, a jump, the end) wraps the chunks it crosses first. So a
//! resize costs what is on screen, not what the document holds.
//!
//! Lines are byte ranges into the document's text, so drawing slices the text and
//! never copies the document.

use crate::model::{BlockKind, Document};
use std::collections::HashMap;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// Text per chunk: a screenful or so, wrapped in a fifth of a millisecond at
/// textwrap's ≈20 MB/s.
pub const CHUNK_BYTES: usize = 4 * 1024;

/// Documents up to this much text are wrapped whole when first shown at a width
/// (≈10 ms), so their line counts, percentages and aligned rows are exact from
/// the start, as the bundled texts' are.
pub const WRAP_AT_ONCE: usize = 256 * 1024;

/// What is drawn before a line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    None,
    /// The first line of a list item: its [`list_marker`], indented by depth.
    ListMarker {
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

/// The marker of a list item: `• `, or `12. ` in an ordered list.
pub fn list_marker(number: Option<u64>) -> String {
    match number {
        Some(n) => format!("{n}. "),
        None => "• ".to_string(),
    }
}

/// Columns of [`list_marker`], without writing it.
fn list_marker_width(number: Option<u64>) -> u16 {
    number.map_or(2, |n| {
        n.checked_ilog10().map_or(1, |digits| digits as u16 + 1) + 2
    })
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

impl Position {
    /// Past every block: stands for the document's last line.
    pub const END: Position = Position {
        block: usize::MAX,
        line: usize::MAX,
    };
}

#[derive(Debug, Clone)]
struct Chunk {
    /// Its lines once wrapped; until then `height` is an estimate.
    lines: Option<Vec<Line>>,
    height: usize,
}

#[derive(Debug, Clone)]
pub struct DocLayout {
    width: u16,
    /// The first block of each chunk, then the number of blocks.
    chunk_first: Vec<usize>,
    chunks: Vec<Chunk>,
    /// Where each block starts, in lines from its chunk's first line; one vector
    /// for all blocks, so that a new width costs one allocation, not one a chunk.
    block_start: Vec<usize>,
    /// Chunk heights, for line numbers in O(log n).
    heights: Fenwick,
    /// Chunks wrapped so far.
    wrapped: usize,
}

impl DocLayout {
    /// A layout of `document` at `width` columns (at least 1) with nothing wrapped
    /// yet: chunks of about `chunk_bytes` of text, their heights estimated.
    pub fn new(document: &Document, width: u16, chunk_bytes: usize) -> DocLayout {
        let width = width.max(1);
        let blocks = &document.blocks;
        let mut chunk_first = Vec::new();
        let mut chunks = Vec::new();
        let mut block_start = Vec::with_capacity(blocks.len());
        let mut first = 0;
        while first < blocks.len() {
            let mut end = first;
            let mut bytes = 0;
            while end < blocks.len() && bytes < chunk_bytes.max(1) {
                // An empty block still costs a line to wrap.
                bytes += blocks[end].text.len().max(1);
                end += 1;
            }
            let mut height = 0;
            for index in first..end {
                block_start.push(height);
                height +=
                    estimated_lines(document, index, width) + usize::from(index + 1 < blocks.len());
            }
            chunk_first.push(first);
            chunks.push(Chunk {
                lines: None,
                height,
            });
            first = end;
        }
        chunk_first.push(blocks.len());
        let heights = Fenwick::new(&chunks.iter().map(|c| c.height).collect::<Vec<_>>());
        DocLayout {
            width,
            chunk_first,
            chunks,
            block_start,
            heights,
            wrapped: 0,
        }
    }

    /// A layout of `document` at `width` with every line wrapped.
    pub fn wrapped(document: &Document, width: u16) -> DocLayout {
        let mut layout = DocLayout::new(document, width, CHUNK_BYTES);
        layout.wrap_all(document);
        layout
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    /// Lines in the document: exact once every chunk is wrapped, else partly an
    /// estimate.
    pub fn len(&self) -> usize {
        self.heights.total()
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// How many chunks are wrapped: it grows each time estimates are corrected,
    /// so what was computed from line numbers can tell it is stale.
    pub fn wrapped_chunks(&self) -> usize {
        self.wrapped
    }

    /// A line, if its chunk is wrapped.
    pub fn line(&self, index: usize) -> Option<&Line> {
        let (chunk, offset) = self.heights.find(index)?;
        self.chunks[chunk].lines.as_ref()?.get(offset)
    }

    /// The chunk holding a block; past the end, the last chunk.
    fn chunk_of(&self, block: usize) -> Option<usize> {
        let blocks = *self.chunk_first.last()?;
        let block = block.min(blocks.checked_sub(1)?);
        Some(self.chunk_first.partition_point(|&first| first <= block) - 1)
    }

    /// The line of a position counted from its chunk's first line, clamped into
    /// its block (past the last block: the last line).
    fn line_in_chunk(&self, chunk: usize, position: Position) -> usize {
        if position.block >= self.chunk_first[chunk + 1] {
            return self.chunks[chunk].height.saturating_sub(1);
        }
        let (start, end) = self.block_lines_in_chunk(chunk, position.block);
        start
            .saturating_add(position.line)
            .min(end.saturating_sub(1))
            .max(start)
    }

    /// The line number of a position, clamped into the document.
    pub fn line_of(&self, position: Position) -> usize {
        match self.chunk_of(position.block) {
            Some(chunk) => self.heights.prefix(chunk) + self.line_in_chunk(chunk, position),
            None => 0,
        }
    }

    /// The position of a line number, clamped into the document.
    pub fn position_of(&self, line: usize) -> Position {
        let line = line.min(self.len().saturating_sub(1));
        let Some((chunk, offset)) = self.heights.find(line) else {
            return Position::default();
        };
        let first = self.chunk_first[chunk];
        let starts = &self.block_start[first..self.chunk_first[chunk + 1]];
        let local = starts.partition_point(|&start| start <= offset) - 1;
        Position {
            block: first + local,
            line: offset - starts[local],
        }
    }

    /// The furthest a view of `height` rows may scroll: the last line at the bottom.
    pub fn max_top(&self, height: usize) -> usize {
        self.len().saturating_sub(height.max(1))
    }

    /// Wraps a chunk; whether it was not wrapped yet.
    fn wrap(&mut self, document: &Document, chunk: usize) -> bool {
        if self.chunks[chunk].lines.is_some() {
            return false;
        }
        debug_assert_eq!(self.chunk_first.last(), Some(&document.blocks.len()));
        let mut lines = Vec::new();
        for index in self.chunk_first[chunk]..self.chunk_first[chunk + 1] {
            self.block_start[index] = lines.len();
            wrap_block(document, index, self.width, &mut lines);
        }
        let data = &mut self.chunks[chunk];
        self.heights
            .add(chunk, lines.len() as isize - data.height as isize);
        data.height = lines.len();
        data.lines = Some(lines);
        self.wrapped += 1;
        true
    }

    pub fn wrap_all(&mut self, document: &Document) {
        for chunk in 0..self.chunks.len() {
            self.wrap(document, chunk);
        }
    }

    /// Wraps the line at `from` and the `count - 1` lines after it (as many as
    /// there are), so that line numbers between them are exact. Whether anything
    /// was wrapped.
    pub fn wrap_after(&mut self, document: &Document, from: Position, count: usize) -> bool {
        let Some(mut chunk) = self.chunk_of(from.block) else {
            return false;
        };
        let mut wrapped = self.wrap(document, chunk);
        let mut available = self.chunks[chunk].height - self.line_in_chunk(chunk, from);
        while available < count && chunk + 1 < self.chunks.len() {
            chunk += 1;
            wrapped |= self.wrap(document, chunk);
            available += self.chunks[chunk].height;
        }
        wrapped
    }

    /// Wraps the line at `from` and the `count` lines before it (as many as there
    /// are). Whether anything was wrapped.
    pub fn wrap_before(&mut self, document: &Document, from: Position, count: usize) -> bool {
        let Some(mut chunk) = self.chunk_of(from.block) else {
            return false;
        };
        let mut wrapped = self.wrap(document, chunk);
        let mut available = self.line_in_chunk(chunk, from);
        while available < count && chunk > 0 {
            chunk -= 1;
            wrapped |= self.wrap(document, chunk);
            available += self.chunks[chunk].height;
        }
        wrapped
    }

    /// Wraps what a view of `height` rows at `from` crosses and shows when it
    /// moves by `delta` lines, so that line numbers there are exact.
    pub fn wrap_for_move(
        &mut self,
        document: &Document,
        from: Position,
        delta: isize,
        height: usize,
    ) {
        if delta < 0 {
            self.wrap_before(document, from, delta.unsigned_abs());
        }
        self.wrap_after(
            document,
            from,
            delta.max(0).unsigned_abs().saturating_add(height),
        );
    }

    /// The top of a view of `height` rows `delta` lines from `from`, kept between
    /// the first line and the last line at the bottom. Exact: the lines crossed
    /// and those the view shows are wrapped first.
    pub fn scroll(
        &mut self,
        document: &Document,
        from: Position,
        delta: isize,
        height: usize,
    ) -> Position {
        let height = height.max(1);
        self.wrap_for_move(document, from, delta, height);
        let target = self.line_of(from).saturating_add_signed(delta);
        if target <= self.max_top(height) {
            self.position_of(target)
        } else {
            self.bottom(document, height)
        }
    }

    /// `top` itself, unless a view of `height` rows from it would show space
    /// past the last line: then the top that puts the last line at the bottom.
    /// Unlike [`DocLayout::scroll`], a line past a block's end is left as it is,
    /// so going back to an earlier width finds the same line again.
    pub fn clamp_top(&mut self, document: &Document, top: Position, height: usize) -> Position {
        self.wrap_after(document, top, height.max(1));
        if self.line_of(top) <= self.max_top(height) {
            top
        } else {
            self.bottom(document, height)
        }
    }

    /// The top of a view of `height` rows that shows the last line at the bottom.
    fn bottom(&mut self, document: &Document, height: usize) -> Position {
        self.wrap_before(document, Position::END, height.max(1) - 1);
        self.position_of(self.max_top(height))
    }

    /// The position of the first line whose text ends at or after byte `offset` of
    /// the document's text (the blank line before a block, for its first byte).
    pub fn position_at_byte(&mut self, document: &Document, offset: usize) -> Position {
        let Some(block) = document.block_at(offset) else {
            return self.position_of(self.len());
        };
        let before = block.saturating_sub(1);
        for block in [before, block] {
            self.wrap_after(document, Position { block, line: 0 }, 1);
        }
        for block in before..=block {
            let lines = self.block_lines(block);
            let line = lines.partition_point(|line| line.range.end < offset);
            if line < lines.len() {
                return Position { block, line };
            }
        }
        Position {
            block,
            line: usize::MAX,
        }
    }

    /// A block's lines, the blank line after it included; none if not wrapped.
    fn block_lines(&self, block: usize) -> &[Line] {
        let Some(chunk) = self.chunk_of(block) else {
            return &[];
        };
        let (start, end) = self.block_lines_in_chunk(chunk, block);
        self.chunks[chunk]
            .lines
            .as_deref()
            .map_or(&[], |lines| &lines[start..end])
    }

    /// Where a block of a chunk starts and ends, in lines from the chunk's first.
    fn block_lines_in_chunk(&self, chunk: usize, block: usize) -> (usize, usize) {
        let end = if block + 1 < self.chunk_first[chunk + 1] {
            self.block_start[block + 1]
        } else {
            self.chunks[chunk].height
        };
        (self.block_start[block], end)
    }
}

/// Lines a block is guessed to take before it is wrapped: its bytes over the
/// columns left by its prefix (text is mostly ASCII), less the half word a line
/// leaves empty at its end (within 3 % on the bundled texts from 30 columns up).
fn estimated_lines(document: &Document, index: usize, width: u16) -> usize {
    let block = &document.blocks[index];
    let prefix = match block.kind {
        BlockKind::Rule => return 1,
        BlockKind::ListItem { number, depth } => {
            depth.saturating_sub(1) as u16 * 2 + list_marker_width(number)
        }
        BlockKind::Quote { depth } => u16::from(depth) * 2,
        BlockKind::Heading { .. } | BlockKind::Paragraph => 0,
    };
    let columns = usize::from(width.saturating_sub(prefix)).saturating_sub(2);
    block.text.len().div_ceil(columns.max(1)).max(1)
}

/// Appends a block's wrapped lines, and the blank line that separates it from the
/// next block. The blank line belongs to the block before it, so a block always
/// starts at the top of the screen when scrolled to.
fn wrap_block(document: &Document, index: usize, width: u16, lines: &mut Vec<Line>) {
    let block = &document.blocks[index];
    let (first, rest, prefix_width) = match block.kind {
        BlockKind::Rule => (Prefix::Rule, Prefix::Rule, None),
        BlockKind::ListItem { number, depth } => {
            let indent = depth.saturating_sub(1) as u16 * 2;
            let continuation = indent + list_marker_width(number);
            (
                Prefix::ListMarker { indent },
                Prefix::ListContinuation {
                    indent: continuation,
                },
                Some(continuation),
            )
        }
        BlockKind::Quote { depth } => (
            Prefix::Quote { depth },
            Prefix::Quote { depth },
            Some(u16::from(depth) * 2),
        ),
        BlockKind::Heading { .. } | BlockKind::Paragraph => (Prefix::None, Prefix::None, Some(0)),
    };
    match prefix_width {
        None => lines.push(Line {
            block: index,
            range: block.text.clone(),
            prefix: first,
        }),
        Some(prefix_width) => {
            let text = &document.text[block.text.clone()];
            let mut prefix = first;
            for (piece_start, piece) in split_hard_breaks(text) {
                for range in wrap_ranges(piece, width.saturating_sub(prefix_width).max(1)) {
                    let start = block.text.start + piece_start + range.start;
                    let end = block.text.start + piece_start + range.end;
                    lines.push(Line {
                        block: index,
                        range: start..end,
                        prefix,
                    });
                    prefix = rest;
                }
            }
        }
    }
    if let Some(next) = document.blocks.get(index + 1) {
        lines.push(Line {
            block: index,
            range: next.text.start..next.text.start,
            prefix: Prefix::None,
        });
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

/// Sums of chunk heights that stay cheap to change: a Fenwick tree.
#[derive(Debug, Clone, Default)]
struct Fenwick {
    /// 1-based: `tree[i]` sums the `i & -i` values ending with value `i - 1`.
    tree: Vec<usize>,
}

impl Fenwick {
    fn new(values: &[usize]) -> Fenwick {
        let mut tree = Vec::with_capacity(values.len() + 1);
        tree.push(0);
        tree.extend_from_slice(values);
        for i in 1..tree.len() {
            let parent = i + (i & i.wrapping_neg());
            if parent < tree.len() {
                tree[parent] += tree[i];
            }
        }
        Fenwick { tree }
    }

    fn add(&mut self, index: usize, delta: isize) {
        let mut i = index + 1;
        while i < self.tree.len() {
            self.tree[i] = self.tree[i].wrapping_add_signed(delta);
            i += i & i.wrapping_neg();
        }
    }

    /// The sum of the first `count` values.
    fn prefix(&self, count: usize) -> usize {
        let mut i = count.min(self.tree.len().saturating_sub(1));
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }

    fn total(&self) -> usize {
        self.prefix(self.tree.len())
    }

    /// The value that unit `target` falls in when the values are laid end to end,
    /// and how far into it; None past the end.
    fn find(&self, target: usize) -> Option<(usize, usize)> {
        let count = self.tree.len().checked_sub(1)?;
        let mut index = 0;
        let mut rest = target;
        let mut step = if count == 0 { 0 } else { 1 << count.ilog2() };
        while step > 0 {
            if index + step <= count && self.tree[index + step] <= rest {
                index += step;
                rest -= self.tree[index];
            }
            step >>= 1;
        }
        (index < count).then_some((index, rest))
    }
}

/// Layouts by (document index, width). A layout is made when a document is first
/// shown at a width, and wrapped as far as it is read.
#[derive(Debug)]
pub struct LayoutCache {
    layouts: HashMap<(usize, u16), DocLayout>,
    chunk_bytes: usize,
    wrap_at_once: usize,
}

impl Default for LayoutCache {
    fn default() -> Self {
        LayoutCache {
            layouts: HashMap::new(),
            chunk_bytes: CHUNK_BYTES,
            wrap_at_once: WRAP_AT_ONCE,
        }
    }
}

impl LayoutCache {
    /// Layouts of chunks of `chunk_bytes` that never wrap a document whole, so
    /// that tests on small documents go through estimates and chunk boundaries.
    #[cfg(test)]
    pub(crate) fn lazy(chunk_bytes: usize) -> LayoutCache {
        LayoutCache {
            layouts: HashMap::new(),
            chunk_bytes,
            wrap_at_once: 0,
        }
    }

    pub fn get_or_build(
        &mut self,
        doc_index: usize,
        document: &Document,
        width: u16,
    ) -> &mut DocLayout {
        self.layouts
            .entry((doc_index, width.max(1)))
            .or_insert_with(|| {
                let mut layout = DocLayout::new(document, width, self.chunk_bytes);
                if document.text.len() <= self.wrap_at_once {
                    layout.wrap_all(document);
                }
                layout
            })
    }

    pub fn get(&self, doc_index: usize, width: u16) -> Option<&DocLayout> {
        self.layouts.get(&(doc_index, width.max(1)))
    }

    pub fn get_mut(&mut self, doc_index: usize, width: u16) -> Option<&mut DocLayout> {
        self.layouts.get_mut(&(doc_index, width.max(1)))
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
        let layout = DocLayout::wrapped(&doc, 12);
        let starts: Vec<usize> = (0..3)
            .map(|block| layout.line_of(Position { block, line: 0 }))
            .collect();
        assert_eq!(starts, vec![0, 2, 6]);
        assert_eq!(
            layout.line(6).unwrap().prefix,
            Prefix::ListMarker { indent: 0 }
        );
        assert_eq!(
            layout.line(7).unwrap().prefix,
            Prefix::ListContinuation { indent: 2 }
        );
        let position = layout.position_of(4);
        assert_eq!(position, Position { block: 1, line: 2 });
        assert_eq!(layout.line_of(position), 4);
        // A line index past a block's end is clamped into the block.
        assert_eq!(layout.line_of(Position { block: 0, line: 9 }), 1);
        assert_eq!(layout.line_of(Position::END), layout.len() - 1);
    }

    #[test]
    fn list_markers_are_as_wide_as_said() {
        for number in [None, Some(0), Some(7), Some(10), Some(999), Some(u64::MAX)] {
            assert_eq!(
                usize::from(list_marker_width(number)),
                list_marker(number).width(),
                "{number:?}"
            );
        }
    }

    #[test]
    fn every_character_of_every_block_is_on_some_line() {
        let doc = document(
            "Para with    spaces and a verylongwordthatmustbreak here.\n\n> quoted text here\n",
        );
        for width in 1..30 {
            let layout = DocLayout::wrapped(&doc, width);
            let lines: Vec<&Line> = (0..layout.len()).filter_map(|i| layout.line(i)).collect();
            assert_eq!(lines.len(), layout.len());
            for (index, block) in doc.blocks.iter().enumerate() {
                let shown: String = lines
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

    #[test]
    fn fenwick_sums_and_finds() {
        let values = [3, 1, 4, 1, 5, 9, 2, 6];
        let mut tree = Fenwick::new(&values);
        assert_eq!(tree.total(), 31);
        assert_eq!(tree.prefix(3), 8);
        assert_eq!(tree.find(0), Some((0, 0)));
        assert_eq!(tree.find(3), Some((1, 0)));
        assert_eq!(tree.find(30), Some((7, 5)));
        assert_eq!(tree.find(31), None);
        tree.add(1, 9);
        assert_eq!(tree.find(12), Some((1, 9)));
        assert_eq!(tree.find(13), Some((2, 0)));
        tree.add(1, -9);
        assert_eq!(tree.find(4), Some((2, 0)));
        assert_eq!(Fenwick::new(&[]).find(0), None);
    }

    /// Blocks of every kind, some wider than any line and some with hard breaks,
    /// long enough to make many small chunks.
    fn mixed_document(seed: usize) -> Document {
        let words = [
            "la",
            "Commune",
            "de",
            "Paris",
            "巴黎公社",
            "Rindfleischetikettierung",
            "1871",
        ];
        let mut body = String::new();
        for block in 0..30 {
            let n = (seed * 7 + block * 13) % 23 + 1;
            let text: Vec<&str> = (0..n)
                .map(|w| words[(seed + block + w * 3) % words.len()])
                .collect();
            let text = text.join(" ");
            match (seed + block) % 7 {
                0 => body.push_str(&format!("# {text}\n\n")),
                1 => body.push_str(&format!("- {text}\n\n")),
                2 => body.push_str(&format!("12. {text}\n\n")),
                3 => body.push_str(&format!("> {text}\n\n")),
                4 => body.push_str("***\n\n"),
                5 => body.push_str(&format!("{text}  \nafter a break {text}\n\n")),
                _ => body.push_str(&format!("{text}\n\n")),
            }
        }
        document(&body)
    }

    fn lines_from(layout: &DocLayout, from: Position, count: usize) -> Vec<Option<Line>> {
        let first = layout.line_of(from);
        (first..first + count)
            .map(|i| layout.line(i).cloned())
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn a_lazy_layout_shows_what_the_whole_wrap_shows(
            seed in 0usize..50,
            width in 1u16..60,
            chunk_bytes in 1usize..400,
            block in 0usize..40,
            line in 0usize..5,
            count in 1usize..30,
        ) {
            let doc = mixed_document(seed);
            let whole = DocLayout::new(&doc, width, usize::MAX);
            let mut whole = whole;
            whole.wrap_all(&doc);
            let mut lazy = DocLayout::new(&doc, width, chunk_bytes);
            let from = Position { block: block.min(doc.blocks.len() - 1), line };
            lazy.wrap_after(&doc, from, count);
            // The range asked for is wrapped and the same, wherever the chunks end.
            let shown = lines_from(&lazy, from, count);
            let expected = lines_from(&whole, from, count);
            let available = expected.iter().filter(|l| l.is_some()).count();
            proptest::prop_assert_eq!(&shown[..available], &expected[..available]);
            lazy.wrap_before(&doc, from, count);
            let before = |layout: &DocLayout| {
                let at = layout.line_of(from);
                (at.saturating_sub(count)..at).map(|i| layout.line(i).cloned()).collect::<Vec<_>>()
            };
            proptest::prop_assert_eq!(before(&lazy), before(&whole));
            proptest::prop_assert_eq!(lazy.position_of(lazy.line_of(from)), whole.position_of(whole.line_of(from)));
            // Once all is wrapped, the layouts are the same line for line.
            lazy.wrap_all(&doc);
            proptest::prop_assert_eq!(lazy.len(), whole.len());
            for i in 0..whole.len() {
                proptest::prop_assert_eq!(lazy.line(i), whole.line(i));
                proptest::prop_assert_eq!(lazy.position_of(i), whole.position_of(i));
                proptest::prop_assert_eq!(lazy.line_of(whole.position_of(i)), i);
            }
        }

        #[test]
        fn scrolling_a_lazy_layout_is_scrolling_the_whole_wrap(
            seed in 0usize..50,
            width in 1u16..60,
            chunk_bytes in 1usize..400,
            height in 1usize..30,
            moves in proptest::collection::vec(-40isize..40, 1..30),
        ) {
            let doc = mixed_document(seed);
            let mut whole = DocLayout::wrapped(&doc, width);
            let mut lazy = DocLayout::new(&doc, width, chunk_bytes);
            let mut top = (Position::default(), Position::default());
            for delta in moves {
                // A big move stands for G or g g, a small one for j, k or a page.
                let (from, delta) = match delta {
                    39 => (Position::END, 0),
                    -39 => (Position::default(), 0),
                    _ => (top.0, delta),
                };
                top = (lazy.scroll(&doc, from, delta, height), whole.scroll(&doc, from, delta, height));
                proptest::prop_assert_eq!(top.0, top.1);
                // No skipped or repeated line: the view shows the same lines.
                proptest::prop_assert_eq!(lines_from(&lazy, top.0, height), lines_from(&whole, top.1, height));
            }
        }
    }

    #[test]
    fn a_byte_is_on_the_first_line_that_ends_at_or_after_it() {
        for seed in 0..8 {
            let doc = mixed_document(seed);
            for width in [1, 7, 20, 45] {
                let whole = DocLayout::wrapped(&doc, width);
                let mut lazy = DocLayout::new(&doc, width, 50);
                for offset in (0..=doc.text.len()).filter(|&o| doc.text.is_char_boundary(o)) {
                    let expected = (0..whole.len())
                        .find(|&i| whole.line(i).unwrap().range.end >= offset)
                        .unwrap_or(whole.len() - 1);
                    let found = lazy.position_at_byte(&doc, offset);
                    assert_eq!(found, whole.position_of(expected), "{offset} at {width}");
                }
            }
        }
    }

    #[test]
    fn a_jump_to_a_far_block_lands_on_it_exactly() {
        let doc = mixed_document(3);
        let whole = DocLayout::wrapped(&doc, 20);
        let mut lazy = DocLayout::new(&doc, 20, 64);
        let far = doc.blocks.len() - 3;
        let top = lazy.scroll(
            &doc,
            Position {
                block: far,
                line: 0,
            },
            -1,
            5,
        );
        assert!(
            lazy.wrapped_chunks() < 4,
            "only the chunks around the block"
        );
        assert_eq!(
            lazy.position_of(lazy.line_of(top) + 1),
            Position {
                block: far,
                line: 0
            }
        );
        assert_eq!(lines_from(&lazy, top, 5), lines_from(&whole, top, 5));
        // A byte of a block far away: the line holding it.
        let offset = doc.blocks[far].text.start + 1;
        let mut lazy = DocLayout::new(&doc, 20, 64);
        let at = lazy.position_at_byte(&doc, offset);
        let line = lazy.line(lazy.line_of(at)).unwrap();
        assert!(line.range.contains(&offset), "{line:?}");
    }

    #[test]
    fn correcting_estimates_moves_line_numbers_but_not_positions() {
        let doc = mixed_document(5);
        let mut lazy = DocLayout::new(&doc, 16, 64);
        let top = Position {
            block: doc.blocks.len() / 2,
            line: 1,
        };
        lazy.wrap_after(&doc, top, 10);
        let shown = lines_from(&lazy, top, 10);
        let estimated = lazy.line_of(top);
        lazy.wrap_all(&doc);
        assert_ne!(lazy.line_of(top), estimated, "the estimate above was off");
        assert_eq!(lines_from(&lazy, top, 10), shown);
    }

    #[test]
    fn estimates_are_close_on_the_bundled_texts() {
        let (documents, _) = crate::ingest::bundled();
        for document in &documents {
            for width in [30, 50, 80, 120] {
                let estimate = DocLayout::new(document, width, CHUNK_BYTES).len();
                let exact = DocLayout::wrapped(document, width).len();
                let error = estimate.abs_diff(exact) as f64 / exact as f64;
                assert!(
                    error < 0.03,
                    "{}: {estimate} for {exact} at {width}",
                    document.id()
                );
            }
        }
    }
}
