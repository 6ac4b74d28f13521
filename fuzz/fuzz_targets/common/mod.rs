//! Invariants shared by the fuzz targets: what every document the library builds
//! must satisfy, whatever it was built from.

#![allow(dead_code)]

use parallax::model::{Document, Origin, SpanKind};

/// Every range of a document lies inside the text it points into, on char
/// boundaries, in order; every index points at something; nothing a terminal would
/// act on survives into the text. `file_len` is the length of the file the document
/// came from (the raw file for a document imported on the fly).
/// `source` is the text the document was parsed from.
pub fn check_document(document: &Document, source: &str, file_len: usize) {
    let text = &document.text;
    let mut previous_end = 0;
    for (index, block) in document.blocks.iter().enumerate() {
        let range = &block.text;
        assert!(
            range.start <= range.end && range.end <= text.len(),
            "block {index}: {range:?}"
        );
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(
            range.start >= previous_end,
            "block {index} overlaps the one before"
        );
        previous_end = range.end;
        assert!(
            block.source.start <= block.source.end && block.source.end <= source.len()
        );
        let mut previous_start = range.start;
        for span in &block.spans {
            assert!(
                span.range.start >= range.start
                    && span.range.end <= range.end
                    && span.range.start <= span.range.end,
                "span {span:?} outside block {index} {range:?}"
            );
            assert!(
                text.is_char_boundary(span.range.start) && text.is_char_boundary(span.range.end)
            );
            assert!(span.range.start >= previous_start, "spans not sorted");
            previous_start = span.range.start;
            if let SpanKind::FootnoteRef { footnote } = span.kind {
                assert!(footnote < document.footnotes.len());
            }
        }
        let in_file = document.range_in_file(range.clone());
        assert!(
            in_file.start <= in_file.end && in_file.end <= file_len,
            "{in_file:?} > {file_len}"
        );
        if !matches!(document.origin, Origin::Raw { .. }) {
            assert!(source.is_char_boundary(in_file.start));
        }
    }
    for footnote in &document.footnotes {
        for span in &footnote.spans {
            assert!(span.range.start <= span.range.end && span.range.end <= footnote.text.len());
            assert!(footnote.text.is_char_boundary(span.range.start));
            assert!(footnote.text.is_char_boundary(span.range.end));
        }
        assert!(footnote.cited_by.iter().all(|&b| b < document.blocks.len()));
        assert!(footnote.source.end <= source.len());
        assert_clean(&footnote.text);
    }
    for problem in &document.problems {
        assert!(problem.offset <= source.len());
    }
    assert_clean(text);
}

/// No character the sanitizer would replace.
pub fn assert_clean(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|&c| parallax::sanitize::hazard(c).is_some())
    {
        panic!("{c:?} reached the text");
    }
}
