//! Aligned compare mode (`A`): the panes are padded with blank rows so that the
//! passages about the same event start on the same screen row, event by event, as
//! printed synopses do, and all panes scroll together by rows.
//!
//! [`AlignedLayout`] only records where blank rows go, so mapping a screen row to
//! a line of a pane's [`DocLayout`] is a binary search, and a key press costs what
//! is on screen. It is built from the panes' line numbers, estimated where their
//! layouts are not wrapped yet, and built again (a few dozen events, cheap) when
//! wrapping corrects an estimate; the passages aligned on screen are wrapped, so
//! they line up exactly.

use super::App;
use super::layout::{DocLayout, Position};
use std::rc::Rc;

/// Blank rows inserted before a line of a pane's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Gap {
    /// The layout line the blank rows come before.
    line: usize,
    /// Blank rows inserted before this gap, in earlier gaps.
    before: usize,
    size: usize,
}

impl Gap {
    fn start_row(&self) -> usize {
        self.line + self.before
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct PaneRows {
    /// Sorted by line (and so by row).
    gaps: Vec<Gap>,
    lines: usize,
}

/// One event whose passages start on the same row in the panes that tell of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Index of the event in the catalog.
    pub event: usize,
    pub row: usize,
    /// Per pane, the block aligned there (None: that pane is not aligned on it).
    pub blocks: Vec<Option<usize>>,
}

/// The padded layout of every pane: rows map to (pane, line) or to padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignedLayout {
    panes: Vec<PaneRows>,
    /// Rows of the tallest padded pane.
    pub rows: usize,
    pub anchors: Vec<Anchor>,
}

impl AlignedLayout {
    /// Pads `layouts` (one per pane) so that each candidate's blocks start on one
    /// row. `candidates` are in date order; in each pane, the candidates taken are
    /// those whose blocks go forward in its document with the greatest total
    /// score, so an account that tells events out of order keeps its own order
    /// and the strongest links win.
    pub fn build(layouts: &[&DocLayout], candidates: &[Candidate]) -> Self {
        let pane_count = layouts.len();
        let mut chosen: Vec<Vec<Option<usize>>> =
            candidates.iter().map(|_| vec![None; pane_count]).collect();
        for pane in 0..pane_count {
            // Only events that at least two panes tell can line anything up.
            let sequence: Vec<(usize, usize, f32)> = candidates
                .iter()
                .enumerate()
                .filter(|(_, candidate)| candidate.blocks.iter().flatten().count() >= 2)
                .filter_map(|(index, candidate)| {
                    let (block, score) = candidate.blocks.get(pane).copied().flatten()?;
                    Some((index, block, score))
                })
                .collect();
            for (index, block) in heaviest_increasing(&sequence) {
                if let Some(slot) = chosen.get_mut(index).and_then(|c| c.get_mut(pane)) {
                    *slot = Some(block);
                }
            }
        }
        let mut panes: Vec<PaneRows> = layouts
            .iter()
            .map(|layout| PaneRows {
                gaps: Vec::new(),
                lines: layout.len(),
            })
            .collect();
        let mut padding = vec![0usize; pane_count];
        let mut anchors = Vec::new();
        for (candidate, blocks) in candidates.iter().zip(chosen) {
            if blocks.iter().flatten().count() < 2 {
                continue;
            }
            // Where each aligned block starts with the padding inserted so far.
            let naturals: Vec<Option<usize>> = blocks
                .iter()
                .enumerate()
                .map(|(pane, block)| block.map(|b| block_start(layouts[pane], b) + padding[pane]))
                .collect();
            let Some(row) = naturals.iter().flatten().copied().max() else {
                continue;
            };
            for (pane, natural) in naturals.iter().enumerate() {
                let (Some(natural), Some(block)) = (*natural, blocks[pane]) else {
                    continue;
                };
                if row > natural {
                    // The blank rows go before the blank line that separates the
                    // block from the one before, so that line stays with its block.
                    let start = block_start(layouts[pane], block);
                    panes[pane].gaps.push(Gap {
                        line: start.saturating_sub(1),
                        before: padding[pane],
                        size: row - natural,
                    });
                    padding[pane] += row - natural;
                }
            }
            anchors.push(Anchor {
                event: candidate.event,
                row,
                blocks,
            });
        }
        let rows = panes
            .iter()
            .zip(&padding)
            .map(|(pane, pad)| pane.lines + pad)
            .max()
            .unwrap_or(0);
        AlignedLayout {
            panes,
            rows,
            anchors,
        }
    }

    /// The layout line a pane shows on `row`; None on padding and past its end.
    pub fn line_at(&self, pane: usize, row: usize) -> Option<usize> {
        let rows = self.panes.get(pane)?;
        let index = rows.gaps.partition_point(|gap| gap.start_row() <= row);
        let line = match index.checked_sub(1).and_then(|i| rows.gaps.get(i)) {
            None => row,
            Some(gap) if row < gap.start_row() + gap.size => return None,
            Some(gap) => row - gap.before - gap.size,
        };
        (line < rows.lines).then_some(line)
    }

    /// The first line a pane shows at or after `row` (its last line past its end).
    pub fn line_at_or_after(&self, pane: usize, row: usize) -> usize {
        let Some(rows) = self.panes.get(pane) else {
            return 0;
        };
        let index = rows.gaps.partition_point(|gap| gap.start_row() <= row);
        let line = match index.checked_sub(1).and_then(|i| rows.gaps.get(i)) {
            None => row,
            Some(gap) if row < gap.start_row() + gap.size => gap.line,
            Some(gap) => row - gap.before - gap.size,
        };
        line.min(rows.lines.saturating_sub(1))
    }

    /// The row a pane's layout line is drawn on.
    pub fn row_of_line(&self, pane: usize, line: usize) -> usize {
        let Some(rows) = self.panes.get(pane) else {
            return line;
        };
        let index = rows.gaps.partition_point(|gap| gap.line <= line);
        match index.checked_sub(1).and_then(|i| rows.gaps.get(i)) {
            None => line,
            Some(gap) => line + gap.before + gap.size,
        }
    }

    pub fn max_top(&self, height: usize) -> usize {
        self.rows.saturating_sub(height.max(1))
    }
}

fn block_start(layout: &DocLayout, block: usize) -> usize {
    layout.line_of(Position { block, line: 0 })
}

/// The subsequence of `(index, block, score)` whose blocks strictly increase with
/// the greatest total score, as `(index, block)`. Quadratic: there are a few
/// dozen events.
fn heaviest_increasing(sequence: &[(usize, usize, f32)]) -> Vec<(usize, usize)> {
    let mut best: Vec<(f32, Option<usize>)> = Vec::with_capacity(sequence.len());
    for (position, &(_, block, score)) in sequence.iter().enumerate() {
        let previous = (0..position)
            .filter(|&earlier| sequence[earlier].1 < block)
            .max_by(|&a, &b| best[a].0.total_cmp(&best[b].0));
        best.push((score + previous.map_or(0.0, |p| best[p].0), previous));
    }
    let mut at = (0..sequence.len()).max_by(|&a, &b| best[a].0.total_cmp(&best[b].0));
    let mut result = Vec::new();
    while let Some(position) = at {
        result.push((sequence[position].0, sequence[position].1));
        at = best[position].1;
    }
    result.reverse();
    result
}

/// An event and, per pane, its strongest passage there with the link's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub event: usize,
    pub blocks: Vec<Option<(usize, f32)>>,
}

/// What an [`AlignedLayout`] was built from: per pane, its document, width, and
/// how many chunks of its layout were wrapped.
type Stamp = Vec<(usize, u16, usize)>;

/// The mode's state: the shared top row and the padded layout.
#[derive(Debug, Default)]
pub struct Aligned {
    pub row: usize,
    built: Option<(Stamp, Rc<AlignedLayout>)>,
}

impl Aligned {
    pub fn layout(&self) -> Option<&Rc<AlignedLayout>> {
        self.built.as_ref().map(|(_, layout)| layout)
    }
}

impl App {
    /// `A`: turns aligned mode on at the focused pane's place, or off, leaving every
    /// pane where it was.
    pub(super) fn toggle_aligned(&mut self) {
        if self.aligned.take().is_some() {
            self.message = Some("aligned mode off".to_string());
            return;
        }
        let mut aligned = Aligned::default();
        self.refresh_aligned_layout(&mut aligned);
        let Some(layout) = aligned.layout().cloned() else {
            return;
        };
        let line = self.pane_top_line(self.focus);
        aligned.row = layout.row_of_line(self.focus, line);
        self.aligned = Some(aligned);
        self.apply_aligned_row();
        self.message = Some(format!(
            "aligned mode: {} events on the same rows (A to leave)",
            layout.anchors.len()
        ));
    }

    pub fn aligned_layout(&self) -> Option<&Rc<AlignedLayout>> {
        self.aligned.as_ref()?.layout()
    }

    /// Makes sure the padded layout is built from the panes' current documents,
    /// widths and wrapped lines.
    fn refresh_aligned_layout(&self, aligned: &mut Aligned) {
        let layouts: Vec<&DocLayout> = (0..self.panes.len())
            .filter_map(|pane| self.pane_layout(pane))
            .collect();
        if layouts.len() != self.panes.len() {
            return;
        }
        let stamp: Stamp = self
            .panes
            .iter()
            .zip(&layouts)
            .map(|(pane, layout)| (pane.doc, layout.width(), layout.wrapped_chunks()))
            .collect();
        if aligned
            .built
            .as_ref()
            .is_none_or(|(built, _)| *built != stamp)
        {
            let candidates: Vec<Candidate> = (0..self.chronology.catalog().events().len())
                .map(|event| {
                    let blocks = self
                        .panes
                        .iter()
                        .map(|pane| {
                            self.chronology
                                .event_passages(event)
                                .find(|(doc, _, _)| *doc == pane.doc)
                                .map(|(_, block, score)| (block, score))
                        })
                        .collect();
                    Candidate { event, blocks }
                })
                .collect();
            let layout = AlignedLayout::build(&layouts, &candidates);
            aligned.built = Some((stamp, Rc::new(layout)));
        }
    }

    /// Keeps aligned mode consistent after anything happened: rebuilds the padded
    /// layout when panes or widths changed, follows the focused pane when something
    /// moved it on its own (a search, a link, the date cursor), and lines every
    /// pane up on the shared row.
    pub(super) fn realign(&mut self) {
        let Some(mut aligned) = self.aligned.take() else {
            return;
        };
        self.refresh_aligned_layout(&mut aligned);
        if let Some(layout) = aligned.layout().cloned()
            && let Some(layout_doc) = self.pane_layout(self.focus)
            && let Some(pane) = self.panes.get(self.focus)
        {
            let expected = layout_doc.position_of(layout.line_at_or_after(self.focus, aligned.row));
            if pane.top != expected {
                aligned.row = layout.row_of_line(self.focus, layout_doc.line_of(pane.top));
            }
        }
        self.aligned = Some(aligned);
        self.apply_aligned_row();
    }

    /// Scrolls every pane together by rows.
    pub(super) fn scroll_aligned(&mut self, rows: isize) {
        // Rows map to lines through estimated heights where lines are not wrapped:
        // wrap what the move crosses and shows in every pane first, and line the
        // panes up again around it, so that no line is skipped or shown twice.
        for pane in 0..self.panes.len() {
            let height = self.pane_height(pane);
            let top = self.panes[pane].top;
            if let Some((layout, document)) = self.layout_mut(pane) {
                layout.wrap_for_move(document, top, rows, height);
            }
        }
        self.realign();
        if let Some(aligned) = &mut self.aligned {
            aligned.row = aligned.row.saturating_add_signed(rows);
        }
        self.apply_aligned_row();
    }

    /// The first rows, or the last rows with every pane's end wrapped.
    pub(super) fn scroll_aligned_to_end(&mut self, bottom: bool) {
        if bottom {
            for pane in 0..self.panes.len() {
                let height = self.pane_height(pane);
                if let Some((layout, document)) = self.layout_mut(pane) {
                    layout.wrap_before(document, Position::END, height);
                }
            }
            self.realign();
        }
        if let Some(aligned) = &mut self.aligned {
            aligned.row = if bottom { usize::MAX } else { 0 };
        }
        self.apply_aligned_row();
    }

    /// Clamps the shared row and sets each pane's top from it.
    fn apply_aligned_row(&mut self) {
        let height = (0..self.panes.len())
            .map(|p| self.pane_height(p))
            .min()
            .unwrap_or(1);
        let Some(layout) = self.aligned_layout().cloned() else {
            return;
        };
        let row = self
            .aligned
            .as_ref()
            .map_or(0, |a| a.row)
            .min(layout.max_top(height));
        if let Some(aligned) = &mut self.aligned {
            aligned.row = row;
        }
        for pane in 0..self.panes.len() {
            let Some(doc_layout) = self.pane_layout(pane) else {
                continue;
            };
            let top: Position = doc_layout.position_of(layout.line_at_or_after(pane, row));
            if let Some(state) = self.panes.get_mut(pane)
                && state.top != top
            {
                state.top = top;
                state.next_footnote = 0;
            }
        }
    }

    /// The layout lines a pane shows, one per screen row (None: a blank row of
    /// padding, or past the end).
    pub fn pane_rows(&self, pane: usize) -> Vec<Option<usize>> {
        let height = self.pane_height(pane);
        match (self.aligned.as_ref(), self.aligned_layout()) {
            (Some(aligned), Some(layout)) => (aligned.row..aligned.row + height)
                .map(|row| layout.line_at(pane, row))
                .collect(),
            _ => {
                let len = self.pane_layout(pane).map_or(0, |l| l.len());
                let top = self.pane_top_line(pane);
                (top..top + height)
                    .map(|line| (line < len).then_some(line))
                    .collect()
            }
        }
    }

    pub fn is_aligned(&self) -> bool {
        self.aligned.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_document;
    use crate::model::{Document, Origin};

    fn document(paragraphs: &[usize]) -> Document {
        // Paragraph i has `paragraphs[i]` lines at width 10 ("wordwordw" per line).
        let body: String = paragraphs
            .iter()
            .map(|&lines| format!("{}\n\n", vec!["abcdefghi"; lines].join(" ")))
            .collect();
        let source = format!("+++\nid = \"t\"\ntitle = \"T\"\n+++\n{body}");
        parse_document(&source, Origin::Bundled("t.md".into())).unwrap()
    }

    fn candidates(list: &[&[Option<usize>]]) -> Vec<Candidate> {
        list.iter()
            .enumerate()
            .map(|(event, blocks)| Candidate {
                event,
                blocks: blocks.iter().map(|b| b.map(|b| (b, 1.0))).collect(),
            })
            .collect()
    }

    #[test]
    fn heaviest_increasing_keeps_the_order_of_the_document() {
        let sequence = [
            (0, 5, 1.0),
            (1, 1, 1.0),
            (2, 2, 1.0),
            (3, 9, 1.0),
            (4, 3, 1.0),
        ];
        assert_eq!(heaviest_increasing(&sequence), vec![(1, 1), (2, 2), (4, 3)]);
        // A strong link outweighs two weak ones.
        let sequence = [(0, 5, 3.0), (1, 1, 1.0), (2, 2, 1.0)];
        assert_eq!(heaviest_increasing(&sequence), vec![(0, 5)]);
        assert!(heaviest_increasing(&[]).is_empty());
    }

    #[test]
    fn passages_of_one_event_start_on_one_row() {
        let a = DocLayout::wrapped(&document(&[1, 1, 3, 1]), 10);
        let b = DocLayout::wrapped(&document(&[4, 2, 1, 1]), 10);
        // Event 0: a's block 1 with b's block 1; event 1: a's block 3 with b's 2.
        let candidates = candidates(&[&[Some(1), Some(1)], &[Some(3), Some(2)]]);
        let aligned = AlignedLayout::build(&[&a, &b], &candidates);
        assert_eq!(aligned.anchors.len(), 2);
        for anchor in &aligned.anchors {
            let rows: Vec<usize> = [(0, &a), (1, &b)]
                .iter()
                .map(|&(pane, layout)| {
                    let block = anchor.blocks[pane].unwrap();
                    aligned.row_of_line(pane, block_start(layout, block))
                })
                .collect();
            assert_eq!(rows[0], rows[1], "{anchor:?}");
            assert_eq!(rows[0], anchor.row);
        }
        // Rows before a padded block are blank in the padded pane, but for the
        // blank line that separates it from the block before.
        let row = aligned.anchors[0].row;
        assert_eq!(aligned.line_at(0, row - 1), Some(block_start(&a, 1) - 1));
        assert_eq!(aligned.line_at(0, row - 2), None);
        assert_eq!(aligned.line_at(0, row), Some(block_start(&a, 1)));
        assert_eq!(aligned.line_at_or_after(0, row - 2), block_start(&a, 1) - 1);
        // Every line of every pane is on exactly one row, in order.
        for (pane, layout) in [(0, &a), (1, &b)] {
            let shown: Vec<usize> = (0..aligned.rows)
                .filter_map(|row| aligned.line_at(pane, row))
                .collect();
            assert_eq!(shown, (0..layout.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn an_event_told_out_of_order_is_not_aligned_in_that_pane() {
        let a = DocLayout::wrapped(&document(&[1, 1, 1, 1]), 10);
        let b = DocLayout::wrapped(&document(&[1, 1, 1, 1]), 10);
        let candidates = candidates(&[
            &[Some(1), Some(3)],
            &[Some(2), Some(1)],
            &[Some(3), Some(2)],
        ]);
        let aligned = AlignedLayout::build(&[&a, &b], &candidates);
        let events: Vec<usize> = aligned.anchors.iter().map(|a| a.event).collect();
        assert_eq!(events, vec![1, 2]);
    }
}
