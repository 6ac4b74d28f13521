//! The text model: a corpus of documents, each a sequence of passages (blocks) with
//! inline spans, footnotes and anchors.
//!
//! A document keeps its plain text once ([`Document::text`]); blocks, spans and
//! footnote references are byte ranges into it, and [`Document::source_map`] maps
//! those ranges back to the file the document was read from. The model knows nothing
//! of terminals, dates or events: `time` derives those from it, `ui` draws it.

mod offset_map;

pub use offset_map::OffsetMap;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// Document metadata, as written in the TOML front matter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub publication: String,
    /// ISO 8601 date of publication: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub published: String,
    #[serde(default)]
    pub source: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The raw file `parallax import` read, and the sha256 of its bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// How the document writes numeric dates: month first or day first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numeric_dates: Option<NumericDates>,
    /// Explicit passage–event links that override the aligner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pin: Vec<EventLink>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbid: Vec<EventLink>,
}

fn default_language() -> String {
    "en".to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumericDates {
    /// 5/30/1871 is 30 May.
    Mdy,
    /// 30/5/1871 is 30 May.
    Dmy,
}

/// A passage named by number (`12`) or anchor (`march-18`) tied to an event id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventLink {
    pub passage: String,
    pub event: String,
}

/// Where a document came from, for messages and provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary from texts/; the name is the file name.
    Bundled(String),
    /// A document file on disk.
    File(std::path::PathBuf),
    /// A raw text file imported on the fly; `raw_map` maps the document source
    /// (the generated Markdown) back to bytes of the raw file.
    Raw {
        path: std::path::PathBuf,
        raw_map: OffsetMap,
    },
}

impl Origin {
    pub fn display_name(&self) -> String {
        match self {
            Origin::Bundled(name) => format!("texts/{name}"),
            Origin::File(path) | Origin::Raw { path, .. } => path.display().to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    Paragraph,
    /// A paragraph inside a block quote; `depth` counts nested quotes.
    Quote {
        depth: u8,
    },
    /// One list item; `number` is set for ordered lists, `depth` counts nested lists.
    ListItem {
        number: Option<u64>,
        depth: u8,
    },
    /// A thematic break (`***`).
    Rule,
}

impl BlockKind {
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Heading { .. } => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Quote { .. } => "quote",
            BlockKind::ListItem { .. } => "list_item",
            BlockKind::Rule => "rule",
        }
    }
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A passage in a document of the corpus: `doc-id#anchor`, `doc-id#12` or `#anchor`.
    Passage { doc: String, anchor: String },
    /// A whole document of the corpus (`doc-id`).
    Document { doc: String },
    /// Anything else (a URL): shown, never opened by the reader.
    External { url: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanKind {
    Emphasis,
    Strong,
    Code,
    /// The `[n]` mark of a footnote reference; the index is into [`Document::footnotes`].
    FootnoteRef {
        footnote: usize,
    },
    Link {
        target: LinkTarget,
    },
    /// A character the sanitizer replaced by a visible mark.
    Replaced,
}

/// Invariant: `range` lies inside its block's text range and on char boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub kind: SpanKind,
}

/// A block of the document: the unit a reader points at, dates and links.
///
/// There is one for every paragraph of the corpus, so its lists are boxed
/// slices, with no room to grow once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Range of this block's text in [`Document::text`].
    pub text: Range<usize>,
    /// Range in the source file this block was read from.
    pub source: Range<usize>,
    /// Inline spans, sorted by start; ranges into [`Document::text`].
    pub spans: Box<[Span]>,
    /// An explicit anchor (`{#name}`) or, for headings, a slug of the heading text.
    pub anchor: Option<Box<str>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    /// The label as written (`1` in `[^1]`).
    pub label: String,
    /// Plain text of the definition (paragraphs separated by blank lines).
    pub text: String,
    /// Spans into [`Footnote::text`].
    pub spans: Vec<Span>,
    /// Range of the definition in the source file.
    pub source: Range<usize>,
    /// The blocks whose text holds a reference to this footnote, in reading order.
    pub cited_by: Vec<usize>,
}

/// Identifies a passage across the corpus: `doc-id:n`, `n` counting blocks from 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassageId {
    pub doc: String,
    pub index: usize,
}

impl PassageId {
    pub fn new(doc: impl Into<String>, index: usize) -> Self {
        Self {
            doc: doc.into(),
            index,
        }
    }

    /// Parses `doc:12` (1-based) or `doc#anchor` against a corpus.
    pub fn resolve(text: &str, corpus: &Corpus) -> Option<PassageId> {
        if let Some((doc, number)) = text.rsplit_once(':')
            && let Ok(number) = number.parse::<usize>()
        {
            let document = corpus.get(doc)?;
            return (number >= 1 && number <= document.blocks.len())
                .then(|| PassageId::new(doc, number - 1));
        }
        let (doc, anchor) = text.split_once('#')?;
        let index = corpus.get(doc)?.find_anchor(anchor)?;
        Some(PassageId::new(doc, index))
    }
}

impl fmt::Display for PassageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.doc, self.index + 1)
    }
}

/// A problem found while reading a document that did not stop it from loading:
/// an unpaired footnote, a dangling link, a replaced control character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset in the source file.
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub meta: Metadata,
    pub origin: Origin,
    /// The plain text of every block, in order, each followed by `\n`.
    pub text: String,
    /// Maps offsets in `text` to offsets in `source`.
    pub source_map: OffsetMap,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub problems: Vec<Problem>,
}

impl Document {
    pub fn id(&self) -> &str {
        &self.meta.id
    }

    pub fn block_text(&self, index: usize) -> &str {
        self.blocks
            .get(index)
            .map_or("", |block| &self.text[block.text.clone()])
    }

    pub fn passage_id(&self, index: usize) -> PassageId {
        PassageId::new(self.meta.id.clone(), index)
    }

    /// A passage by anchor name, or by its 1-based number written as digits.
    pub fn find_anchor(&self, anchor: &str) -> Option<usize> {
        if let Some(index) = self
            .blocks
            .iter()
            .position(|block| block.anchor.as_deref() == Some(anchor))
        {
            return Some(index);
        }
        let number: usize = anchor.parse().ok()?;
        (number >= 1 && number <= self.blocks.len()).then(|| number - 1)
    }

    /// The block whose text contains the byte offset `text_offset`.
    pub fn block_at(&self, text_offset: usize) -> Option<usize> {
        let index = self
            .blocks
            .partition_point(|block| block.text.end < text_offset);
        (index < self.blocks.len()).then_some(index)
    }

    /// Maps a range of [`Document::text`] to the file the document was read from:
    /// the raw file for documents imported on the fly, the source otherwise.
    pub fn range_in_file(&self, text_range: Range<usize>) -> Range<usize> {
        let in_source = self.source_map.range_to_source(text_range);
        match &self.origin {
            Origin::Raw { raw_map, .. } => raw_map.range_to_source(in_source),
            _ => in_source,
        }
    }

    /// The publication year, when the front matter gives one.
    pub fn published_year(&self) -> Option<i32> {
        self.meta.published.get(..4)?.parse().ok()
    }
}

/// 1-based line and column (counted in chars) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The documents a reader has open, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    documents: Vec<Document>,
    by_id: HashMap<String, usize>,
}

impl Corpus {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a document, replacing any earlier one with the same id (so a folder given
    /// with `--texts` can override a bundled text). Returns true if it replaced one.
    pub fn insert(&mut self, document: Document) -> bool {
        match self.by_id.get(document.id()) {
            Some(&index) => {
                self.documents[index] = document;
                true
            }
            None => {
                self.by_id
                    .insert(document.id().to_string(), self.documents.len());
                self.documents.push(document);
                false
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).map(|&index| &self.documents[index])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    pub fn passage_text(&self, id: &PassageId) -> Option<&str> {
        let document = self.get(&id.doc)?;
        (id.index < document.blocks.len()).then(|| document.block_text(id.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        let text = "ab\ncé d";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'é' is two bytes; the space after it is the third char.
        assert_eq!(line_col(text, 6), (2, 3));
    }
}
