//! Piecewise mapping from byte offsets in a derived text back to the text it came from.
//!
//! Derived texts (a document's plain text, an imported Markdown body) are mostly
//! verbatim copies of stretches of their source with small edits between them: a
//! soft line break becomes a space, an escape loses its backslash, a hyphen at a line
//! end disappears. The map records each verbatim stretch; an offset that falls in a
//! stretch maps exactly, one in synthesized text maps to where that text was made.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    derived: usize,
    source: usize,
    len: usize,
}

/// Invariant: segments are sorted by `derived` and do not overlap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

impl OffsetMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// The identity map over `len` bytes.
    pub fn identity(len: usize) -> Self {
        let mut map = Self::new();
        map.push(0, 0, len);
        map
    }

    /// Frees the room kept for more stretches, once the map is complete.
    pub fn shrink_to_fit(&mut self) {
        self.segments.shrink_to_fit();
    }

    /// Records that `len` bytes at `derived` are a copy of the bytes at `source`.
    /// Calls must come in increasing `derived` order; adjacent stretches merge.
    pub fn push(&mut self, derived: usize, source: usize, len: usize) {
        if let Some(last) = self.segments.last_mut() {
            debug_assert!(derived >= last.derived + last.len, "segments out of order");
            if last.derived + last.len == derived && last.source + last.len == source {
                last.len += len;
                return;
            }
        }
        self.segments.push(Segment {
            derived,
            source,
            len,
        });
    }

    /// The source offset of a derived offset. Inside a copied stretch the answer is
    /// exact; in synthesized text it is the end of the stretch before it, or the
    /// start of the first one; when nothing was copied at all (a raw file of
    /// `***` becomes a rule the importer writes), the start of the source.
    pub fn to_source(&self, derived: usize) -> usize {
        let index = self.segments.partition_point(|s| s.derived <= derived);
        if index == 0 {
            return self.segments.first().map_or(0, |s| s.source);
        }
        let segment = self.segments[index - 1];
        segment.source + (derived - segment.derived).min(segment.len)
    }

    pub fn range_to_source(&self, range: Range<usize>) -> Range<usize> {
        let start = self.to_source(range.start);
        let end = if range.end > range.start {
            // Map the last byte, not the end, so a range ending at a stretch boundary
            // does not run into whatever the next stretch maps to.
            self.to_source(range.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }

    /// The map from `self`'s derived text to `outer`'s source, for a text derived
    /// from a text that was itself derived (plain text → Markdown → raw file).
    pub fn then(&self, outer: &OffsetMap) -> OffsetMap {
        let mut composed = OffsetMap::new();
        for segment in &self.segments {
            // Split each stretch where the outer map's stretches change.
            let mut offset = 0;
            while offset < segment.len {
                let source = segment.source + offset;
                let run = outer.verbatim_run(source).min(segment.len - offset).max(1);
                composed.push(segment.derived + offset, outer.to_source(source), run);
                offset += run;
            }
        }
        composed
    }

    /// How many bytes from `derived` on are copied verbatim in one stretch.
    fn verbatim_run(&self, derived: usize) -> usize {
        let index = self.segments.partition_point(|s| s.derived <= derived);
        if index == 0 {
            return 1;
        }
        let segment = self.segments[index - 1];
        (segment.derived + segment.len)
            .saturating_sub(derived)
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_inside_and_between_stretches() {
        // derived "ab cd" from source "ab\n\ncd": the space is synthesized.
        let mut map = OffsetMap::new();
        map.push(0, 0, 2);
        map.push(3, 4, 2);
        assert_eq!(map.to_source(1), 1);
        assert_eq!(map.to_source(2), 2);
        assert_eq!(map.to_source(3), 4);
        assert_eq!(map.range_to_source(3..5), 4..6);
        assert_eq!(map.range_to_source(0..5), 0..6);
    }

    #[test]
    fn nothing_copied_maps_to_the_start_of_the_source() {
        // Found by fuzzing: the identity was assumed, and pointed past the file.
        let map = OffsetMap::new();
        assert_eq!(map.to_source(0), 0);
        assert_eq!(map.to_source(40), 0);
        assert_eq!(map.range_to_source(10..20), 0..1);
    }

    #[test]
    fn adjacent_stretches_merge() {
        let mut map = OffsetMap::new();
        map.push(0, 10, 3);
        map.push(3, 13, 3);
        assert_eq!(map.segments.len(), 1);
    }

    #[test]
    fn composition_follows_both_maps() {
        let mut inner = OffsetMap::new();
        inner.push(0, 5, 4);
        let mut outer = OffsetMap::new();
        outer.push(0, 100, 6);
        outer.push(6, 200, 10);
        let composed = inner.then(&outer);
        assert_eq!(composed.to_source(0), 105);
        assert_eq!(composed.to_source(1), 200);
        assert_eq!(composed.to_source(3), 202);
    }
}
