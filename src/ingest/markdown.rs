//! Reads a document body (CommonMark with footnotes) into blocks, spans and footnotes.
//!
//! pulldown-cmark does the parsing; this module decides what a passage is. Every
//! block becomes one passage; the paragraphs of a list item are one passage; a block
//! quote yields one passage per paragraph. Text goes through the sanitizer on its way
//! into the model, and each verbatim stretch is recorded in the document's offset map
//! so positions can be reported in the source file.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use crate::model::{Block, BlockKind, Footnote, LinkTarget, OffsetMap, Problem, Span, SpanKind};
use crate::sanitize::{hazard, visible_mark};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// What the reader makes of a body.
#[derive(Debug, Default)]
pub struct Body {
    pub text: String,
    pub source_map: OffsetMap,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub problems: Vec<Problem>,
}

/// Parses `source[body]`; every offset in the result is relative to `source`, and
/// `doc_id` resolves links of the form `#anchor`.
pub fn read_body(source: &str, body: Range<usize>, doc_id: &str) -> Body {
    let mut reader = Reader::new(source, body.start, doc_id);
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH;
    let parser = Parser::new_ext(&source[body.clone()], options).into_offset_iter();
    for (event, range) in parser {
        let range = range.start + body.start..range.end + body.start;
        reader.event(event, range);
    }
    reader.finish()
}

/// The text being built: either a passage or a footnote definition.
#[derive(Default)]
struct Draft {
    text: String,
    map: Vec<(usize, usize, usize)>,
    spans: Vec<Span>,
    open_spans: Vec<(usize, SpanKind)>,
    anchor: Option<String>,
}

struct OpenBlock {
    kind: BlockKind,
    source_start: usize,
    draft: Draft,
}

struct OpenFootnote {
    label: String,
    source_start: usize,
    draft: Draft,
}

struct Reader<'a> {
    source: &'a str,
    body_start: usize,
    doc_id: &'a str,
    body: Body,
    block: Option<OpenBlock>,
    footnote: Option<OpenFootnote>,
    quote_depth: u8,
    /// One entry per open list: the next number for ordered lists.
    lists: Vec<Option<u64>>,
    /// Footnote index by label, in order of first reference (or definition).
    footnote_index: HashMap<String, usize>,
    defined: Vec<bool>,
    referenced_at: Vec<Option<usize>>,
    slugs: HashMap<String, usize>,
}

impl<'a> Reader<'a> {
    fn new(source: &'a str, body_start: usize, doc_id: &'a str) -> Self {
        Self {
            source,
            body_start,
            doc_id,
            // The text is nearly as long as the body: growing it by doubling
            // would copy it over and over and leave up to half of it unused.
            body: Body {
                text: String::with_capacity(source.len().saturating_sub(body_start)),
                ..Body::default()
            },
            block: None,
            footnote: None,
            quote_depth: 0,
            lists: Vec::new(),
            footnote_index: HashMap::new(),
            defined: Vec::new(),
            referenced_at: Vec::new(),
            slugs: HashMap::new(),
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.push_text(&text, range),
            Event::Code(text) => {
                let start = self.draft().text.len();
                // The code's text sits inside the backticks in the source.
                let inner = self.source[range.clone()]
                    .find(text.as_ref())
                    .map_or(range.start, |i| range.start + i);
                self.push_text(&text, inner..inner + text.len());
                let end = self.draft().text.len();
                self.draft().spans.push(Span {
                    range: start..end,
                    kind: SpanKind::Code,
                });
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                // Kept as text: nothing the author wrote disappears, and nothing is
                // interpreted.
                if self.block.is_none() && self.footnote.is_none() {
                    self.open_block(BlockKind::Paragraph, range.start);
                }
                let text = text.trim_end_matches('\n').to_string();
                self.push_text(&text, range.start..range.start + text.len());
                if self.footnote.is_none()
                    && matches!(
                        self.block.as_ref().map(|b| b.kind),
                        Some(BlockKind::Paragraph)
                    )
                    && self.source[range.clone()].ends_with('\n')
                {
                    self.close_block(range.end);
                }
            }
            Event::SoftBreak => self.push_synthetic(" ", range.start),
            Event::HardBreak => self.push_synthetic("\n", range.start),
            Event::Rule => {
                self.close_block(range.start);
                self.open_block(BlockKind::Rule, range.start);
                self.close_block(range.end);
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label, range),
            Event::TaskListMarker(done) => {
                self.push_synthetic(if done { "[x] " } else { "[ ] " }, range.start)
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(&text, range),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                if self.footnote.is_some() {
                    let draft = self.draft();
                    if !draft.text.is_empty() {
                        draft.text.push_str("\n\n");
                    }
                } else if let Some(block) = &mut self.block {
                    // A second paragraph of a list item stays in the item's passage.
                    if !block.draft.text.is_empty() {
                        block.draft.text.push(' ');
                    }
                } else {
                    let kind = if self.quote_depth > 0 {
                        BlockKind::Quote {
                            depth: self.quote_depth,
                        }
                    } else {
                        BlockKind::Paragraph
                    };
                    self.open_block(kind, range.start);
                }
            }
            Tag::Heading { level, id, .. } => {
                self.close_block(range.start);
                self.open_block(
                    BlockKind::Heading {
                        level: heading_level(level),
                    },
                    range.start,
                );
                if let Some(block) = &mut self.block {
                    block.draft.anchor = id.map(|id| id.to_string());
                }
            }
            Tag::BlockQuote(_) => {
                self.close_block(range.start);
                self.quote_depth = self.quote_depth.saturating_add(1);
            }
            Tag::List(first) => {
                // A nested list ends the passage of the item that holds it.
                self.close_block(range.start);
                self.lists.push(first);
            }
            Tag::Item => {
                self.close_block(range.start);
                let number = self.lists.last_mut().and_then(|next| {
                    let number = *next;
                    if let Some(n) = next {
                        *n += 1;
                    }
                    number
                });
                let depth = u8::try_from(self.lists.len()).unwrap_or(u8::MAX);
                self.open_block(BlockKind::ListItem { number, depth }, range.start);
            }
            Tag::FootnoteDefinition(label) => {
                self.close_block(range.start);
                self.footnote = Some(OpenFootnote {
                    label: label.to_string(),
                    source_start: range.start,
                    draft: Draft::default(),
                });
            }
            Tag::Emphasis => self.open_span(SpanKind::Emphasis),
            Tag::Strong => self.open_span(SpanKind::Strong),
            Tag::Strikethrough => self.open_span(SpanKind::Emphasis),
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                let target = parse_link(&dest_url, self.doc_id);
                self.open_span(SpanKind::Link { target });
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock if self.footnote.is_none() => {
                self.close_block(range.start);
                self.open_block(BlockKind::Paragraph, range.start);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph => {
                let in_item = matches!(
                    self.block.as_ref().map(|b| b.kind),
                    Some(BlockKind::ListItem { .. })
                );
                if self.footnote.is_none() && !in_item {
                    self.close_block(range.end);
                }
            }
            TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock
                if self.footnote.is_none() =>
            {
                self.close_block(range.end);
            }
            TagEnd::Item => self.close_block(range.end),
            TagEnd::List(_) => {
                self.close_block(range.end);
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.close_block(range.end);
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::FootnoteDefinition => self.close_footnote(range.end),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image => {
                self.close_span();
            }
            _ => {}
        }
    }

    fn draft(&mut self) -> &mut Draft {
        if let Some(footnote) = &mut self.footnote {
            return &mut footnote.draft;
        }
        if self.block.is_none() {
            // Loose inline content (it happens inside tight list items and HTML) still
            // needs a passage to live in.
            self.block = Some(OpenBlock {
                kind: BlockKind::Paragraph,
                source_start: self.body_start,
                draft: Draft::default(),
            });
        }
        match &mut self.block {
            Some(block) => &mut block.draft,
            None => unreachable!("a block was just opened"),
        }
    }

    fn open_block(&mut self, kind: BlockKind, source_start: usize) {
        self.close_block(source_start);
        self.block = Some(OpenBlock {
            kind,
            source_start,
            draft: Draft::default(),
        });
    }

    fn open_span(&mut self, kind: SpanKind) {
        let draft = self.draft();
        let start = draft.text.len();
        draft.open_spans.push((start, kind));
    }

    fn close_span(&mut self) {
        let draft = self.draft();
        if let Some((start, kind)) = draft.open_spans.pop() {
            let end = draft.text.len();
            if end > start {
                draft.spans.push(Span {
                    range: start..end,
                    kind,
                });
            }
        }
    }

    /// Appends text read from `source_range`, sanitizing it. If the text is the
    /// source verbatim (the common case) the whole stretch is mapped; otherwise (an
    /// entity or an escape was decoded) it maps to where it was read.
    fn push_text(&mut self, text: &str, source_range: Range<usize>) {
        let verbatim = self.source.get(source_range.clone()) == Some(text);
        let source_start = source_range.start;
        let mut problems = Vec::new();
        let draft = self.draft();
        let mut run_start = draft.text.len();
        let mut run_source = source_start;
        // Copy stretches between special characters in one go: per-character
        // pushes were a third of the time spent loading a large corpus.
        let mut copied = 0;
        for (offset, c) in special_chars(text) {
            draft.text.push_str(&text[copied..offset]);
            copied = offset + c.len_utf8();
            let Some(kind) = hazard(c) else {
                draft.text.push(if c == '\t' { ' ' } else { c });
                continue;
            };
            // Flush the verbatim run before the hazard, then the visible mark.
            if verbatim {
                draft
                    .map
                    .push((run_start, run_source, draft.text.len() - run_start));
            }
            let mark_start = draft.text.len();
            draft.text.push(visible_mark(c));
            draft.spans.push(Span {
                range: mark_start..draft.text.len(),
                kind: SpanKind::Replaced,
            });
            problems.push(Problem {
                offset: source_start + if verbatim { offset } else { 0 },
                message: format!(
                    "{} U+{:04X} replaced by a visible mark",
                    kind.describe(),
                    c as u32
                ),
            });
            run_start = draft.text.len();
            run_source = source_start + offset + c.len_utf8();
        }
        draft.text.push_str(&text[copied..]);
        if verbatim {
            draft
                .map
                .push((run_start, run_source, draft.text.len() - run_start));
        } else {
            draft.map.push((run_start, source_start, 0));
        }
        self.body.problems.extend(problems);
    }

    fn push_synthetic(&mut self, text: &str, source_at: usize) {
        let draft = self.draft();
        let start = draft.text.len();
        draft.text.push_str(text);
        draft.map.push((start, source_at, 0));
    }

    fn footnote_reference(&mut self, label: &str, range: Range<usize>) {
        let index = self.footnote_slot(label);
        let mark = format!("[{}]", display_label(label, index));
        let draft = self.draft();
        let start = draft.text.len();
        draft.text.push_str(&mark);
        draft.map.push((start, range.start, 0));
        draft.spans.push(Span {
            range: start..draft.text.len(),
            kind: SpanKind::FootnoteRef { footnote: index },
        });
        if self.referenced_at[index].is_none() {
            self.referenced_at[index] = Some(range.start);
        }
    }

    fn footnote_slot(&mut self, label: &str) -> usize {
        if let Some(&index) = self.footnote_index.get(label) {
            return index;
        }
        let index = self.body.footnotes.len();
        self.footnote_index.insert(label.to_string(), index);
        self.body.footnotes.push(Footnote {
            label: label.to_string(),
            text: String::new(),
            spans: Vec::new(),
            source: 0..0,
            cited_by: Vec::new(),
        });
        self.defined.push(false);
        self.referenced_at.push(None);
        index
    }

    fn close_block(&mut self, source_end: usize) {
        let Some(OpenBlock {
            kind,
            source_start,
            mut draft,
        }) = self.block.take()
        else {
            return;
        };
        while !draft.open_spans.is_empty() {
            let end = draft.text.len();
            if let Some((start, kind)) = draft.open_spans.pop()
                && end > start
            {
                draft.spans.push(Span {
                    range: start..end,
                    kind,
                });
            }
        }
        trim_trailing_whitespace(&mut draft);
        if draft.anchor.is_none() {
            draft.anchor = take_anchor_suffix(&mut draft);
        }
        if draft.text.is_empty() && kind != BlockKind::Rule {
            return;
        }
        let anchor = match (draft.anchor.take(), kind) {
            (Some(anchor), _) => Some(anchor),
            (None, BlockKind::Heading { .. }) => Some(self.unique_slug(&draft.text)),
            (None, _) => None,
        };
        let base = self.body.text.len();
        self.body.text.push_str(&draft.text);
        for (derived, source, len) in draft.map {
            if derived <= draft.text.len() {
                let len = len.min(draft.text.len() - derived);
                self.body.source_map.push(base + derived, source, len);
            }
        }
        let block_index = self.body.blocks.len();
        let mut spans: Vec<Span> = draft
            .spans
            .into_iter()
            .filter(|span| span.range.end <= draft.text.len())
            .map(|span| Span {
                range: span.range.start + base..span.range.end + base,
                kind: span.kind,
            })
            .collect();
        spans.sort_by_key(|span| (span.range.start, std::cmp::Reverse(span.range.end)));
        for span in &spans {
            if let SpanKind::FootnoteRef { footnote } = span.kind {
                let cited_by = &mut self.body.footnotes[footnote].cited_by;
                if cited_by.last() != Some(&block_index) {
                    cited_by.push(block_index);
                }
            }
        }
        self.body.blocks.push(Block {
            kind,
            text: base..base + draft.text.len(),
            source: source_start..source_end.max(source_start),
            spans: spans.into_boxed_slice(),
            anchor: anchor.map(String::into_boxed_str),
        });
        self.body.text.push('\n');
    }

    fn close_footnote(&mut self, source_end: usize) {
        let Some(OpenFootnote {
            label,
            source_start,
            mut draft,
        }) = self.footnote.take()
        else {
            return;
        };
        trim_trailing_whitespace(&mut draft);
        let index = self.footnote_slot(&label);
        if self.defined[index] {
            self.body.problems.push(Problem {
                offset: source_start,
                message: format!(
                    "footnote [^{label}] is defined twice; the second definition is ignored"
                ),
            });
            return;
        }
        self.defined[index] = true;
        let footnote = &mut self.body.footnotes[index];
        footnote.text = draft.text;
        footnote.spans = draft.spans;
        footnote.source = source_start..source_end;
    }

    fn unique_slug(&mut self, text: &str) -> String {
        let base = slug(text);
        let count = self.slugs.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        }
    }

    fn finish(mut self) -> Body {
        self.close_block(self.source.len());
        self.close_footnote(self.source.len());
        for (index, footnote) in self.body.footnotes.iter().enumerate() {
            match (self.defined[index], self.referenced_at[index]) {
                (true, None) => self.body.problems.push(Problem {
                    offset: footnote.source.start,
                    message: format!(
                        "footnote [^{}] is defined but never referenced",
                        footnote.label
                    ),
                }),
                (false, Some(offset)) => self.body.problems.push(Problem {
                    offset,
                    message: format!(
                        "footnote [^{}] is referenced but never defined",
                        footnote.label
                    ),
                }),
                _ => {}
            }
        }
        // pulldown-cmark leaves a reference to an undefined label as literal text.
        for block in &self.body.blocks {
            let text = &self.body.text[block.text.clone()];
            let mut from = 0;
            while let Some(found) = text[from..].find("[^") {
                let start = from + found;
                if let Some(close) = text[start..].find(']') {
                    let label = &text[start + 2..start + close];
                    if !label.is_empty() && !label.contains(char::is_whitespace) {
                        self.body.problems.push(Problem {
                            offset: self.body.source_map.to_source(block.text.start + start),
                            message: format!("footnote [^{label}] is referenced but never defined"),
                        });
                    }
                }
                from = start + 2;
            }
        }
        self.body.problems.sort_by_key(|problem| problem.offset);
        self.body.text.shrink_to_fit();
        self.body.blocks.shrink_to_fit();
        self.body.source_map.shrink_to_fit();
        self.body
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The number shown in a footnote mark: the label itself when it is a number (so
/// the reader sees the numbering the author chose), the order of reference otherwise.
fn display_label(label: &str, index: usize) -> String {
    if label.len() <= 6 && label.bytes().all(|b| b.is_ascii_digit()) {
        label.to_string()
    } else {
        (index + 1).to_string()
    }
}

fn trim_trailing_whitespace(draft: &mut Draft) {
    let trimmed = draft.text.trim_end().len();
    draft.text.truncate(trimmed);
    // A span can end in what was trimmed (inline code ending in spaces, found
    // by fuzzing): it now ends with the text, and one wholly inside it goes.
    draft.spans.retain_mut(|span| {
        span.range.end = span.range.end.min(trimmed);
        span.range.start <= span.range.end
    });
}

/// A paragraph may end with ` {#anchor}` to name itself for cross-links.
fn take_anchor_suffix(draft: &mut Draft) -> Option<String> {
    let text = &draft.text;
    if !text.ends_with('}') {
        return None;
    }
    let open = text.rfind("{#")?;
    let name = &text[open + 2..text.len() - 1];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return None;
    }
    let name = name.to_string();
    let keep = text[..open].trim_end().len();
    draft.text.truncate(keep);
    draft.spans.retain(|span| span.range.end <= keep);
    Some(name)
}

/// A heading's anchor: lowercase words joined by hyphens, as GitHub and Zola do.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// `other-doc#anchor`, `#anchor`, `other-doc` and `other-doc.md#anchor` point into the
/// corpus; anything with a scheme is external.
pub fn parse_link(destination: &str, doc_id: &str) -> LinkTarget {
    if destination.contains("://") || destination.starts_with("mailto:") {
        return LinkTarget::External {
            url: destination.to_string(),
        };
    }
    let (doc, anchor) = match destination.split_once('#') {
        Some((doc, anchor)) => (doc, Some(anchor)),
        None => (destination, None),
    };
    let doc = doc.strip_suffix(".md").unwrap_or(doc);
    let doc = doc.rsplit('/').next().unwrap_or(doc);
    let doc = if doc.is_empty() { doc_id } else { doc };
    if !super::front_matter::is_valid_id(doc) {
        return LinkTarget::External {
            url: destination.to_string(),
        };
    }
    match anchor {
        Some(anchor) if !anchor.is_empty() => LinkTarget::Passage {
            doc: doc.to_string(),
            anchor: anchor.to_string(),
        },
        _ => LinkTarget::Document {
            doc: doc.to_string(),
        },
    }
}

fn is_printable_ascii(byte: u8) -> bool {
    byte.wrapping_sub(0x20) < 0x5f
}

/// The characters of `text` that need a look (controls, tabs, anything not
/// ASCII), with their offsets: printable ASCII, nearly all of a text, is skipped
/// byte by byte without decoding.
fn special_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            // Sixteen bytes at a time, without an early exit, so the check is
            // vectorised.
            if let Some(chunk) = bytes.get(at..at + 16)
                && chunk
                    .iter()
                    .fold(true, |plain, &byte| plain & is_printable_ascii(byte))
            {
                at += 16;
                continue;
            }
            if is_printable_ascii(bytes[at]) {
                at += 1;
                continue;
            }
            let c = text[at..].chars().next()?;
            let found = (at, c);
            at += c.len_utf8();
            if c.is_ascii() || hazard(c).is_some() {
                return Some(found);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn read(body: &str) -> Body {
        read_body(body, 0..body.len(), "doc")
    }

    #[test]
    fn special_characters_are_found_wherever_they_fall_in_the_chunks() {
        // Plain runs longer and shorter than the sixteen-byte step, with the
        // special characters straddling chunk boundaries.
        let text = format!(
            "{}\u{1b}{}\té{}\u{202e}x\u{200b}",
            "a".repeat(15),
            "b".repeat(16),
            "c".repeat(40)
        );
        let found: Vec<(usize, char)> = special_chars(&text).collect();
        let expected: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| !(' '..='~').contains(&c) && (c.is_ascii() || hazard(c).is_some()))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(found.len(), 4, "ESC, tab, bidi override, zero-width space");
    }

    fn body_source_of(body: &Body, index: usize) -> String {
        let source = "One line\nand the next.\n\nSecond.\n";
        source[body.blocks[index].source.clone()].to_string()
    }

    fn texts(body: &Body) -> Vec<&str> {
        body.blocks
            .iter()
            .map(|b| &body.text[b.text.clone()])
            .collect()
    }

    #[test]
    fn paragraphs_join_soft_breaks() {
        let body = read("One line\nand the next.\n\nSecond.\n");
        assert_eq!(texts(&body), ["One line and the next.", "Second."]);
        assert_eq!(body.blocks[0].kind, BlockKind::Paragraph);
        assert_eq!(&body_source_of(&body, 1), "Second.\n");
    }

    #[test]
    fn block_kinds() {
        let body = read("# Title\n\n> quoted\n\n- a\n- b\n\n1. one\n2. two\n\n***\n\ntext\n");
        let kinds: Vec<_> = body.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading { level: 1 },
                BlockKind::Quote { depth: 1 },
                BlockKind::ListItem {
                    number: None,
                    depth: 1
                },
                BlockKind::ListItem {
                    number: None,
                    depth: 1
                },
                BlockKind::ListItem {
                    number: Some(1),
                    depth: 1
                },
                BlockKind::ListItem {
                    number: Some(2),
                    depth: 1
                },
                BlockKind::Rule,
                BlockKind::Paragraph,
            ]
        );
        assert_eq!(body.blocks[0].anchor.as_deref(), Some("title"));
    }

    #[test]
    fn spans_end_with_the_trimmed_text() {
        // Inline code that ends in spaces ends a footnote and a paragraph.
        let body = read("Text[^n] and `b  `\n\n[^n]: Run `a  `\n");
        let note = &body.footnotes[0];
        assert_eq!(note.text, "Run a");
        assert_eq!(note.spans.len(), 1);
        assert_eq!(note.spans[0].range, 4..5);
        let block = &body.blocks[0];
        for span in block.spans.iter() {
            assert!(
                span.range.end <= block.text.end,
                "{span:?} past {:?}",
                block.text
            );
        }
        assert!(block.spans.iter().any(|span| span.kind == SpanKind::Code));
    }

    #[test]
    fn nested_list_items_are_separate_passages() {
        let body = read("- outer\n  - inner\n- next\n");
        assert_eq!(texts(&body), ["outer", "inner", "next"]);
        assert_eq!(
            body.blocks[1].kind,
            BlockKind::ListItem {
                number: None,
                depth: 2
            }
        );
    }

    #[test]
    fn footnotes_are_linked_both_ways() {
        let body = read(
            "Text[^1] and more[^note].\n\nOther[^1].\n\n[^1]: First.\n[^note]: Second *one*.\n",
        );
        assert_eq!(texts(&body), ["Text[1] and more[2].", "Other[1]."]);
        assert_eq!(body.footnotes.len(), 2);
        assert_eq!(body.footnotes[0].text, "First.");
        assert_eq!(body.footnotes[0].cited_by, [0, 1]);
        assert_eq!(body.footnotes[1].text, "Second one.");
        assert!(body.problems.is_empty(), "{:?}", body.problems);
        let marks: Vec<_> = body.blocks[0]
            .spans
            .iter()
            .filter(|s| matches!(s.kind, SpanKind::FootnoteRef { .. }))
            .map(|s| &body.text[s.range.clone()])
            .collect();
        assert_eq!(marks, ["[1]", "[2]"]);
    }

    #[test]
    fn unpaired_footnotes_are_reported() {
        let body = read("Text[^1] and[^2].\n\n[^1]: One.\n[^3]: Three.\n");
        let messages: Vec<_> = body.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("[^2] is referenced but never defined")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("[^3] is defined but never referenced")),
            "{messages:?}"
        );
    }

    #[test]
    fn anchors_on_headings_and_paragraphs() {
        let body = read(
            "## March 18th 1871 {#march-18}\n\nThe cannons. {#cannons}\n\n## March 18th 1871\n",
        );
        assert_eq!(body.blocks[0].anchor.as_deref(), Some("march-18"));
        assert_eq!(texts(&body)[1], "The cannons.");
        assert_eq!(body.blocks[1].anchor.as_deref(), Some("cannons"));
        assert_eq!(body.blocks[2].anchor.as_deref(), Some("march-18th-1871"));
    }

    #[rstest]
    #[case("other#a", LinkTarget::Passage { doc: "other".into(), anchor: "a".into() })]
    #[case("#a", LinkTarget::Passage { doc: "doc".into(), anchor: "a".into() })]
    #[case("other", LinkTarget::Document { doc: "other".into() })]
    #[case("texts/other.md#12", LinkTarget::Passage { doc: "other".into(), anchor: "12".into() })]
    #[case("https://example.org/x#y", LinkTarget::External { url: "https://example.org/x#y".into() })]
    fn links(#[case] destination: &str, #[case] expected: LinkTarget) {
        assert_eq!(parse_link(destination, "doc"), expected);
    }

    #[test]
    fn hostile_characters_are_replaced_and_reported() {
        let body = read("Safe \u{1b}]0;title\u{7} text\u{202e}.\n");
        let text = texts(&body)[0];
        assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
        assert_eq!(body.problems.len(), 3);
        assert_eq!(body.problems[0].offset, 5);
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let source = "Intro.\n\nThe *cannons* of\nMontmartre.\n";
        let body = read(source);
        let text = &body.text;
        let at = text.find("Montmartre").unwrap();
        let mapped = body.source_map.range_to_source(at..at + "Montmartre".len());
        assert_eq!(&source[mapped], "Montmartre");
        let at = text.find("cannons").unwrap();
        assert_eq!(
            &source[body.source_map.range_to_source(at..at + 7)],
            "cannons"
        );
    }

    #[test]
    fn escapes_are_decoded() {
        let body = read("A \\*star\\* and 1\\. item &amp; more\n");
        assert_eq!(texts(&body), ["A *star* and 1. item & more"]);
    }
}
