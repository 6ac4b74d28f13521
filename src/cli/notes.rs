//! `parallax notes`: bookmarks and notes exported with citations (document,
//! author, date, passage), as text, JSON lines or Markdown to share with a group.

use super::Library;
use crate::sanitize::clean_line;
use crate::store::Store;
use crate::store::notes::{Anchor, Note, reanchor};
use serde_json::json;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// A note with what is known of its document, after finding its passage again.
struct Cited<'a> {
    note: Note,
    anchor: Anchor,
    title: &'a str,
    author: &'a str,
    published: &'a str,
    /// The passage's text, whitespace collapsed; empty when it was not found.
    passage_text: String,
}

pub fn export(
    library: &Library,
    store: &Store,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(file) = store.notes_file() else {
        anyhow::bail!("no folder for notes (no home folder could be found)");
    };
    let (notes, warnings) = crate::store::notes::load(&file);
    for warning in &warnings {
        writeln!(err, "warning: {}", clean_line(warning))?;
    }
    let cited: Vec<Cited> = notes
        .into_iter()
        .map(|mut note| {
            let anchor = reanchor(&mut note, &library.corpus);
            let document = library.corpus.get(&note.doc);
            let passage_text = document
                .zip(anchor.block())
                .map(|(d, b)| crate::app::search::normalize_whitespace(d.block_text(b)))
                .unwrap_or_default();
            Cited {
                anchor,
                title: document.map_or("", |d| d.meta.title.as_str()),
                author: document.map_or("", |d| d.meta.author.as_str()),
                published: document.map_or("", |d| d.meta.published.as_str()),
                passage_text,
                note,
            }
        })
        .collect();
    match format {
        Format::Json => {
            for c in &cited {
                let object = json!({
                    "id": c.note.id,
                    "kind": c.note.kind.name(),
                    "doc": c.note.doc,
                    "title": c.title,
                    "author": c.author,
                    "published": c.published,
                    "passage": c.note.passage,
                    "found": !matches!(c.anchor, Anchor::Lost(_) | Anchor::NoDocument),
                    "quote": c.note.quote,
                    "text": c.note.text,
                    "created": c.note.created,
                });
                writeln!(out, "{object}")?;
            }
        }
        Format::Text => {
            for c in &cited {
                let text = if c.note.text.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", clean_line(&c.note.text))
                };
                writeln!(
                    out,
                    "{} {} “{}…”{text}  ({}, {}, {}){}",
                    c.note.kind.name(),
                    clean_line(&c.note.passage),
                    clean_line(&c.note.quote),
                    clean_line(c.author),
                    clean_line(c.title),
                    clean_line(c.published),
                    lost_label(c.anchor),
                )?;
            }
        }
        Format::Markdown => markdown(&cited, out)?,
    }
    Ok(0)
}

fn lost_label(anchor: Anchor) -> &'static str {
    match anchor {
        Anchor::Lost(_) => " [quoted words not found in the document]",
        Anchor::NoDocument => " [document not loaded]",
        _ => "",
    }
}

/// Grouped by document, in the order documents first appear; each note a list
/// item citing its passage, with the passage quoted.
fn markdown(cited: &[Cited], out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "# Notes\n")?;
    let mut docs: Vec<&str> = Vec::new();
    for c in cited {
        if !docs.contains(&c.note.doc.as_str()) {
            docs.push(&c.note.doc);
        }
    }
    for doc in docs {
        let group: Vec<&Cited> = cited.iter().filter(|c| c.note.doc == doc).collect();
        let first = group[0];
        let heading = if first.title.is_empty() {
            clean_line(doc).into_owned()
        } else {
            let mut heading = format!("*{}*", clean_line(first.title));
            if !first.author.is_empty() {
                heading = format!("{}, {heading}", clean_line(first.author));
            }
            if !first.published.is_empty() {
                heading.push_str(&format!(" ({})", clean_line(first.published)));
            }
            heading
        };
        writeln!(out, "## {heading}\n")?;
        for c in group {
            let what = if c.note.text.is_empty() {
                c.note.kind.name().to_string()
            } else {
                clean_line(&c.note.text).into_owned()
            };
            writeln!(
                out,
                "- **{}** — {what}{}",
                clean_line(&c.note.passage),
                lost_label(c.anchor)
            )?;
            let quoted = if c.passage_text.is_empty() {
                format!("{}…", c.note.quote)
            } else {
                crate::cli::library::excerpt(&c.passage_text, 280)
            };
            writeln!(out, "  > {}", clean_line(&quoted))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
