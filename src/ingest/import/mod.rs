//! The importer: a raw plain-text file (a web page saved as text, a hard-wrapped PDF
//! conversion, an e-book, an article with endnotes) into a parallax document —
//! TOML front matter and a CommonMark body — with a map from every verbatim stretch of
//! the output back to the raw bytes, and a note for everything it trimmed, repaired or
//! could not pair.
//!
//! The pipeline (one module per concern): [`decode`] bytes to text; trim e-text
//! archive licences ([`etext`]) and web page chrome ([`chrome`]); take notes out of
//! the running text ([`notes`]); group lines into blocks and join them ([`reflow`],
//! [`headings`]); guess metadata ([`metadata`]); link markers, escape ([`escape`]) and
//! write through a [`Builder`] that records offsets.
//!
//! Never rewords: every word of the output is a verbatim copy of the input, and the
//! only synthesized text is Markdown syntax, joining spaces and note references.
//! Must not import ratatui, crossterm, `app` or `ui`.

mod chrome;
mod decode;
mod escape;
mod etext;
mod headings;
mod inline;
mod metadata;
mod notes;
mod reflow;

use crate::model::{Metadata, OffsetMap};
use inline::{Edit, Inline};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::ops::{Range, RangeInclusive};

/// What the user tells the importer; anything left `None` is guessed from the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The raw file's name, recorded as `imported_from`.
    pub file_name: String,
    pub title: Option<String>,
    pub author: Option<String>,
    /// Import invalid UTF-8 anyway, replacing bad bytes with U+FFFD.
    pub lossy: bool,
}

#[derive(Debug, Clone)]
pub struct Imported {
    /// The document: front matter and body.
    pub markdown: String,
    /// Byte offsets of `markdown` to byte offsets of the raw file, for every verbatim
    /// stretch (synthesized text maps to where it was made).
    pub raw_map: OffsetMap,
    pub notes: Vec<ImportNote>,
}

/// Something the importer did or could not do, located in the raw file. Lines are
/// 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportNote {
    /// Lines left out of the document (page chrome, an archive licence).
    Trimmed {
        raw: Range<usize>,
        lines: RangeInclusive<usize>,
        reason: String,
        preview: String,
    },
    /// A note marker with no note: left in the text as written.
    UnpairedMarker {
        raw: Range<usize>,
        line: usize,
        label: String,
    },
    /// A note no marker points to: kept as a footnote definition without a reference,
    /// so its text stays with the other notes and `check` lists it as unreferenced.
    UnpairedNote {
        raw: Range<usize>,
        line: usize,
        label: String,
    },
    /// A conversion artefact undone: a split word or ordinal rejoined.
    Repaired {
        raw: Range<usize>,
        line: usize,
        what: String,
    },
}

impl ImportNote {
    /// The first raw line the note is about, for sorting.
    pub fn line(&self) -> usize {
        match self {
            ImportNote::Trimmed { lines, .. } => *lines.start(),
            ImportNote::UnpairedMarker { line, .. }
            | ImportNote::UnpairedNote { line, .. }
            | ImportNote::Repaired { line, .. } => *line,
        }
    }
}

impl fmt::Display for ImportNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::sanitize::clean_line;
        match self {
            ImportNote::Trimmed {
                lines,
                reason,
                preview,
                ..
            } => {
                if lines.start() == lines.end() {
                    write!(
                        f,
                        "line {}: trimmed ({reason}): “{}”",
                        lines.start(),
                        clean_line(preview)
                    )
                } else {
                    write!(
                        f,
                        "lines {}–{}: trimmed ({reason}): “{}”",
                        lines.start(),
                        lines.end(),
                        clean_line(preview)
                    )
                }
            }
            ImportNote::UnpairedMarker { line, label, .. } => write!(
                f,
                "line {line}: marker [{}] has no note; left in the text as written",
                clean_line(label)
            ),
            ImportNote::UnpairedNote { line, label, .. } => write!(
                f,
                "line {line}: note {} has no marker in the text; kept as a footnote without a reference",
                clean_line(label)
            ),
            ImportNote::Repaired { line, what, .. } => {
                write!(f, "line {line}: {}", clean_line(what))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty (or holds only whitespace)")]
    Empty,
    #[error("looks like a binary file, not text (control byte at offset {offset})")]
    Binary { offset: usize },
    #[error("invalid UTF-8 at byte offset {offset} (import with --lossy to replace bad bytes)")]
    InvalidUtf8 { offset: usize },
    #[error("nothing of the text is left after trimming page chrome and licences")]
    NothingLeft,
    #[error("could not write the front matter: {0}")]
    FrontMatter(String),
}

/// The decoded text split into lines (without their `\n`).
pub(crate) struct Text<'a> {
    pub source: &'a str,
    pub lines: Vec<Range<usize>>,
}

impl<'a> Text<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                lines.push(start..i);
                start = i + 1;
            }
        }
        if start < source.len() {
            lines.push(start..source.len());
        }
        Self { source, lines }
    }

    pub fn line(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |r| &self.source[r.clone()])
    }

    pub fn trimmed_range(&self, i: usize) -> Range<usize> {
        notes::trim_range(self.source, self.lines[i].clone())
    }
}

/// The output being written, with the verbatim stretches it copied.
#[derive(Default)]
pub(crate) struct Builder {
    out: String,
    /// (output offset, decoded offset, length) of each verbatim stretch.
    copies: Vec<(usize, usize, usize)>,
}

impl Builder {
    fn synth(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn inline(&mut self, inline: &Inline) {
        for piece in &inline.pieces {
            if let Some(src) = piece.src {
                self.copies.push((self.out.len(), src, piece.text.len()));
            }
            self.out.push_str(&piece.text);
        }
    }

    /// The map from the final document (the body placed after `offset` bytes of front
    /// matter) to the raw file, through the decoding map.
    fn raw_map(&self, offset: usize, decoding: &OffsetMap) -> OffsetMap {
        let mut map = OffsetMap::new();
        for &(out, src, len) in &self.copies {
            // Decoding is verbatim except at line ends and a BOM: map byte by byte and
            // let adjacent stretches merge.
            for j in 0..len {
                map.push(offset + out + j, decoding.to_source(src + j), 1);
            }
        }
        map
    }
}

/// Imports a raw text file. See the module documentation for what it does.
pub fn import(raw: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    let decoded = decode::decode(raw, options.lossy)?;
    let text = Text::new(&decoded.text);
    let mut notes = Vec::new();
    let raw_of = |offset: usize| decoded.map.to_source(offset);
    let raw_range = |range: Range<usize>| decoded.map.range_to_source(range);

    // 1. Trims: archive licences, then page chrome.
    let mut keep = vec![true; text.lines.len()];
    let mut trims = etext::archive_trims(&text);
    for (first, last, _) in &trims {
        keep[*first..=*last].iter_mut().for_each(|k| *k = false);
    }
    let page = chrome::page_trims(&text, &keep);
    for (first, last, _) in &page {
        keep[*first..=*last].iter_mut().for_each(|k| *k = false);
    }
    let web_page = !page.is_empty();
    trims.extend(page);
    trims.sort_by_key(|t| t.0);
    for (first, last, reason) in &trims {
        let range = text.lines[*first].start..text.lines[*last].end;
        let preview = (*first..=*last)
            .map(|i| text.line(i).trim())
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .chars()
            .take(60)
            .collect::<String>();
        notes.push(ImportNote::Trimmed {
            raw: raw_range(range),
            lines: first + 1..=last + 1,
            reason: reason.clone(),
            preview,
        });
    }
    let kept: Vec<usize> = (0..text.lines.len()).filter(|&i| keep[i]).collect();
    if kept.iter().all(|&i| text.line(i).trim().is_empty()) {
        return Err(ImportError::NothingLeft);
    }

    let mut builder = Builder::default();
    let guess = if is_markdown(&text, &kept) {
        markdown_passthrough(&text, &kept, &mut builder)
    } else {
        plain(&text, &kept, &mut builder, &mut notes, &raw_of, &raw_range)
    };

    // 2. Front matter.
    // A document must have a title: the one given, the one found, the file's
    // name, and only then a placeholder, skipping any that is blank.
    let title = [
        options.title.clone(),
        guess.title,
        Some(file_stem(&options.file_name)),
    ]
    .into_iter()
    .flatten()
    .map(|title| title.trim().to_string())
    .find(|title| !title.is_empty())
    .unwrap_or_else(|| "Untitled".to_string());
    let meta = Metadata {
        id: metadata::slug(&title),
        title,
        author: options.author.clone().or(guess.author).unwrap_or_default(),
        publication: guess.publication.unwrap_or_default(),
        published: guess.published.unwrap_or_default(),
        source: String::new(),
        language: "en".to_string(),
        kind: if web_page {
            "article".to_string()
        } else {
            String::new()
        },
        tags: Vec::new(),
        imported_from: Some(options.file_name.clone()),
        sha256: Some(hex(&Sha256::digest(raw))),
        numeric_dates: metadata::numeric_dates(&decoded.text),
        pin: Vec::new(),
        forbid: Vec::new(),
    };
    let front = toml::to_string(&meta).map_err(|e| ImportError::FrontMatter(e.to_string()))?;
    let head = format!("+++\n{front}+++\n\n");
    let mut markdown = head.clone();
    markdown.push_str(&builder.out);
    let raw_map = builder.raw_map(head.len(), &decoded.map);
    notes.sort_by_key(ImportNote::line);
    Ok(Imported {
        markdown,
        raw_map,
        notes,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.')
        .map_or(base, |(stem, _)| stem)
        .to_string()
}

#[derive(Debug, Default)]
struct Guess {
    title: Option<String>,
    author: Option<String>,
    publication: Option<String>,
    published: Option<String>,
}

/// A text that is already Markdown (an export of a web page): ATX headings with links
/// or emphasis, or several headings. Its lines are kept as they are.
fn is_markdown(text: &Text<'_>, kept: &[usize]) -> bool {
    let mut headings = 0;
    let mut inline_syntax = 0;
    for &i in kept {
        let line = text.line(i);
        let t = line.trim_start();
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            headings += 1;
        }
        if line.contains("](") || line.contains("**") || t.starts_with("[^") || line.contains("`") {
            inline_syntax += 1;
        }
    }
    headings >= 2 || (headings >= 1 && inline_syntax >= 1)
}

fn markdown_passthrough(text: &Text<'_>, kept: &[usize], builder: &mut Builder) -> Guess {
    let mut guess = Guess::default();
    let mut blank = true;
    for &i in kept {
        let line = text.line(i);
        if line.trim().is_empty() {
            if !blank {
                builder.synth("\n");
            }
            blank = true;
            continue;
        }
        if guess.title.is_none()
            && let Some(title) = line.strip_prefix("# ")
        {
            guess.title = Some(title.trim().trim_end_matches('#').trim().to_string());
        }
        let mut inline = Inline::default();
        inline.verbatim(line.trim_end(), text.lines[i].start);
        builder.inline(&inline);
        builder.synth("\n");
        blank = false;
    }
    guess
}

/// Plain text: notes out, blocks, metadata, markers, escapes.
fn plain(
    text: &Text<'_>,
    kept: &[usize],
    builder: &mut Builder,
    notes: &mut Vec<ImportNote>,
    raw_of: &dyn Fn(usize) -> usize,
    raw_range: &dyn Fn(Range<usize>) -> Range<usize>,
) -> Guess {
    let layout = reflow::layout(text, kept);
    let extracted = notes::extract(text, kept, layout);
    let body: Vec<usize> = kept
        .iter()
        .copied()
        .filter(|l| !extracted.removed.contains(l))
        .collect();
    let mut blocks = reflow::blocks(text, &body, layout);
    let line_of = |offset: usize| text.lines.partition_point(|r| r.end < offset) + 1;

    // Metadata and the head: the headline is the last heading before the first
    // paragraph of prose; datelines and bylines there, and a closing signature, are
    // kept as paragraphs.
    let mut guess = Guess::default();
    let block_text = |b: &reflow::Block| -> String {
        b.segs
            .iter()
            .map(|s| &text.source[s.clone()])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first_prose = blocks
        .iter()
        .position(|b| {
            let t = block_text(b);
            b.kind == reflow::Kind::Paragraph
                && chrome::ends_sentence(&t)
                && t.split_whitespace().count() >= 25
        })
        .unwrap_or(blocks.len());
    // The headline stands just above the byline or dateline when there is one (a
    // kicker may stand above it); otherwise it is the first heading.
    let mut title_block = None;
    let mut first_heading = None;
    let mut credited = false;
    for (k, block) in blocks.iter_mut().enumerate().take(first_prose) {
        let t = block_text(block);
        if let Some((publication, date)) = metadata::dateline(&t) {
            if !publication.is_empty() {
                guess.publication.get_or_insert(publication);
            }
            guess.published.get_or_insert(date);
            block.kind = reflow::Kind::Paragraph;
            credited |= title_block.is_some();
        } else if let Some(author) =
            metadata::byline(&t).filter(|_| k + 1 == first_prose || t.starts_with("By "))
        {
            guess.author.get_or_insert(author);
            block.kind = reflow::Kind::Paragraph;
            credited |= title_block.is_some();
        } else if block.kind == reflow::Kind::Heading {
            first_heading.get_or_insert(k);
            if !credited {
                title_block = Some(k);
            }
        }
    }
    if !credited {
        title_block = first_heading;
    }
    if let Some(last) = blocks.last() {
        let t = block_text(last);
        if let Some((author, date)) = metadata::signature(&t) {
            guess.author.get_or_insert(author);
            guess.published.get_or_insert(date);
        }
    }
    if title_block.is_none() {
        // A headline may end like a slogan ("…socialism!"): take the first short line
        // of the head that is neither dateline nor byline.
        title_block = (0..first_prose).find(|&k| {
            let t = block_text(&blocks[k]);
            blocks[k].kind == reflow::Kind::Paragraph
                && blocks[k].segs.len() == 1
                && t.chars().count() <= 120
                && !t.ends_with(['.', ',', ':', ';'])
                && metadata::dateline(&t).is_none()
                && metadata::byline(&t).is_none()
        });
        if let Some(k) = title_block {
            blocks[k].kind = reflow::Kind::Heading;
        }
    }
    if let Some(k) = title_block {
        guess.title = Some(block_text(&blocks[k]));
        // Headings above the headline (a kicker) read as paragraphs.
        for block in blocks.iter_mut().take(k) {
            if block.kind == reflow::Kind::Heading {
                block.kind = reflow::Kind::Paragraph;
            }
        }
    }

    // Join lines, then link markers.
    let words = reflow::word_set(text.source);
    let mut repairs = Vec::new();
    let mut inlines: Vec<Inline> = blocks
        .iter()
        .map(|b| match b.kind {
            reflow::Kind::Rule => Inline::default(),
            _ => reflow::join(text, &b.segs, &words, &mut repairs),
        })
        .collect();
    let mut def_inlines: Vec<Inline> = extracted
        .defs
        .iter()
        .map(|d| reflow::join(text, &d.segs, &words, &mut repairs))
        .collect();
    for repair in repairs {
        notes.push(ImportNote::Repaired {
            raw: raw_of(repair.at)..raw_of(repair.at) + 1,
            line: line_of(repair.at),
            what: repair.what,
        });
    }
    let body_nonblank: Vec<usize> = body
        .iter()
        .copied()
        .filter(|&l| !text.line(l).trim().is_empty())
        .collect();
    let candidates = notes::candidates(text, &body_nonblank);
    let pairing = notes::pair(&extracted.defs, &candidates);
    let mut labels: HashMap<usize, String> = HashMap::new();
    let mut edits: HashMap<usize, Vec<Edit>> = HashMap::new();
    for (d, marker) in &pairing.markers {
        let label = &extracted.defs[*d].label;
        labels.insert(*d, label.clone());
        if let Some((b, start, end)) = locate(&inlines, marker.range.clone()) {
            let flat = inlines[b].text();
            let start = if marker.spaced && flat[..start].ends_with(' ') {
                start - 1
            } else {
                start
            };
            edits
                .entry(b)
                .or_default()
                .push(Edit::new(start..end, format!("[^{label}]")));
        }
    }
    for (b, list) in edits {
        inlines[b].apply(list);
    }
    for &d in &pairing.unpaired_notes {
        let def = &extracted.defs[d];
        let start = text.lines[def.first].start;
        notes.push(ImportNote::UnpairedNote {
            raw: raw_range(start..text.lines[def.last].end),
            line: def.first + 1,
            label: def.label.clone(),
        });
    }
    for marker in &pairing.unpaired_markers {
        notes.push(ImportNote::UnpairedMarker {
            raw: raw_range(marker.range.clone()),
            line: marker.line + 1,
            label: marker.label.clone(),
        });
    }

    // Write.
    for (k, (block, inline)) in blocks.iter().zip(inlines.iter_mut()).enumerate() {
        // Consecutive list items form one list; every other block is set apart.
        if k > 0 && !same_list(&blocks[k - 1].kind, &block.kind) {
            builder.synth("\n");
        }
        let context = if block.kind == reflow::Kind::Heading {
            escape::Context::Heading
        } else {
            escape::Context::LineStart
        };
        let escapes = escape::escape_edits(&inline.text(), &inline.verbatim_mask(), context);
        inline.apply(escapes);
        match &block.kind {
            reflow::Kind::Heading => {
                builder.synth(if Some(k) == title_block { "# " } else { "## " });
                builder.inline(inline);
            }
            reflow::Kind::Paragraph => builder.inline(inline),
            reflow::Kind::Bullet => {
                builder.synth("- ");
                builder.inline(inline);
            }
            reflow::Kind::Ordered(number) => {
                let mut marker = Inline::default();
                marker.verbatim(&text.source[number.clone()], number.start);
                builder.inline(&marker);
                builder.synth(" ");
                builder.inline(inline);
            }
            reflow::Kind::Rule => builder.synth("***"),
        }
        builder.synth("\n");
    }
    if !extracted.defs.is_empty() {
        for (d, def) in extracted.defs.iter().enumerate() {
            let inline = &mut def_inlines[d];
            let escapes = escape::escape_edits(
                &inline.text(),
                &inline.verbatim_mask(),
                escape::Context::LineStart,
            );
            inline.apply(escapes);
            builder.synth(&format!("\n[^{}]: ", def.label));
            builder.inline(inline);
            builder.synth("\n");
        }
    }
    guess
}

fn same_list(a: &reflow::Kind, b: &reflow::Kind) -> bool {
    matches!(
        (a, b),
        (reflow::Kind::Bullet, reflow::Kind::Bullet)
            | (reflow::Kind::Ordered(_), reflow::Kind::Ordered(_))
    )
}

/// The block and flattened range holding a decoded range.
fn locate(inlines: &[Inline], range: Range<usize>) -> Option<(usize, usize, usize)> {
    for (b, inline) in inlines.iter().enumerate() {
        if let Some(start) = inline.position_of(range.start) {
            let end = inline.position_of(range.end - 1)? + 1;
            return Some((b, start, end));
        }
    }
    None
}

#[cfg(test)]
mod tests;
