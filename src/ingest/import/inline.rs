//! The text of one output block as pieces that are either verbatim copies of the
//! decoded file (with their offset) or synthesized (a joining space, a `[^1]`, an
//! escaping backslash), and the edits that turn one into the other.
//!
//! Every rule that changes a block (rejoining a hyphen, repairing an ordinal, linking
//! a note marker, escaping) is an edit on the flattened text, so the verbatim pieces
//! keep their offsets whatever rules ran before.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub text: String,
    /// Decoded offset of the first byte, for verbatim pieces.
    pub src: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Inline {
    pub pieces: Vec<Piece>,
}

/// A replacement of a range of the flattened text; an empty range inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub with: String,
}

impl Edit {
    pub fn new(range: Range<usize>, with: impl Into<String>) -> Self {
        Self {
            range,
            with: with.into(),
        }
    }
}

impl Inline {
    pub fn verbatim(&mut self, text: &str, src: usize) {
        if !text.is_empty() {
            self.pieces.push(Piece {
                text: text.to_string(),
                src: Some(src),
            });
        }
    }

    pub fn synth(&mut self, text: &str) {
        if !text.is_empty() {
            self.pieces.push(Piece {
                text: text.to_string(),
                src: None,
            });
        }
    }

    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// For each byte of the flattened text, whether it is a verbatim copy.
    pub fn verbatim_mask(&self) -> Vec<bool> {
        let mut mask = Vec::new();
        for piece in &self.pieces {
            mask.extend(std::iter::repeat_n(piece.src.is_some(), piece.text.len()));
        }
        mask
    }

    /// The flattened position of a decoded offset, if that byte was copied verbatim.
    pub fn position_of(&self, src: usize) -> Option<usize> {
        let mut at = 0;
        for piece in &self.pieces {
            if let Some(start) = piece.src
                && src >= start
                && src < start + piece.text.len()
            {
                return Some(at + src - start);
            }
            at += piece.text.len();
        }
        None
    }

    /// The decoded offset of a flattened position (of the piece it falls in).
    pub fn src_of(&self, pos: usize) -> Option<usize> {
        let mut at = 0;
        for piece in &self.pieces {
            if pos < at + piece.text.len() {
                return piece.src.map(|s| s + pos - at);
            }
            at += piece.text.len();
        }
        None
    }

    /// Applies edits (ranges on char boundaries; overlapping ones are clipped).
    pub fn apply(&mut self, mut edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let total = self.pieces.iter().map(|p| p.text.len()).sum::<usize>();
        let mut out = Inline::default();
        let mut pos = 0;
        for edit in edits {
            let start = edit.range.start.clamp(pos, total);
            out.copy_range(self, pos..start);
            out.synth(&edit.with);
            pos = edit.range.end.clamp(start, total);
        }
        out.copy_range(self, pos..total);
        *self = out;
    }

    fn copy_range(&mut self, from: &Inline, range: Range<usize>) {
        let mut at = 0;
        for piece in &from.pieces {
            let end = at + piece.text.len();
            let part = range.start.max(at)..range.end.min(end);
            self.push_part(piece, at, part);
            at = end;
        }
    }

    fn push_part(&mut self, piece: &Piece, piece_start: usize, range: Range<usize>) {
        if range.start >= range.end {
            return;
        }
        let local = range.start - piece_start..range.end - piece_start;
        let text = &piece.text[local.clone()];
        match piece.src {
            Some(src) => self.verbatim(text, src + local.start),
            None => self.synth(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Inline {
        // "ab cd" from "ab\ncd" at offsets 0 and 3.
        let mut inline = Inline::default();
        inline.verbatim("ab", 0);
        inline.synth(" ");
        inline.verbatim("cd", 3);
        inline
    }

    #[test]
    fn edits_replace_insert_and_delete() {
        let mut inline = sample();
        inline.apply(vec![
            Edit::new(0..0, "\\"),
            Edit::new(1..2, ""),
            Edit::new(4..5, "[^1]"),
        ]);
        assert_eq!(inline.text(), "\\a cd".replace("cd", "c[^1]"));
        assert_eq!(inline.position_of(3), Some(3));
        assert_eq!(inline.src_of(3), Some(3));
    }

    #[test]
    fn deletion_across_pieces() {
        let mut inline = sample();
        inline.apply(vec![Edit::new(1..4, "")]);
        assert_eq!(inline.text(), "ad");
        assert_eq!(inline.position_of(4), Some(1));
    }

    #[test]
    fn insertion_at_the_end() {
        let mut inline = sample();
        inline.apply(vec![Edit::new(5..5, "!")]);
        assert_eq!(inline.text(), "ab cd!");
    }
}
