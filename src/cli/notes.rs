//! `parallax notes`: bookmarks and notes exported with citations (document,
//! author, date, passage), as text, JSON lines or Markdown to share with a group;
//! and `notes add`, `notes bookmark`, `notes delete`, the reader's `a`, `m` and `d`
//! without a terminal, saved the same way (`store::notes::save`: locked, merged,
//! atomic).

use super::Library;
use crate::model::PassageId;
use crate::sanitize::clean_line;
use crate::store::Store;
use crate::store::notes::{Anchor, Note, NoteKind, NotesChange, reanchor};
use clap::Subcommand;
use serde_json::json;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Subcommand)]
pub enum Change {
    /// Highlight a passage with a note, as `a` does in the reader.
    Add {
        /// A passage id: doc-id:12 or doc-id#anchor.
        passage: String,
        text: String,
        /// Print the note saved as `parallax notes --json` does.
        #[arg(long)]
        json: bool,
    },
    /// Bookmark a passage, with an optional note, as `m` does in the reader.
    Bookmark {
        /// A passage id: doc-id:12 or doc-id#anchor.
        passage: String,
        text: Option<String>,
        /// Print the bookmark saved as `parallax notes --json` does.
        #[arg(long)]
        json: bool,
    },
    /// Delete a bookmark or note by its id (`parallax notes --json` shows them), as
    /// `d` does in the reader's list.
    Delete { id: String },
}

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
    warn(&warnings, err)?;
    let cited: Vec<Cited> = notes.into_iter().map(|note| cite(note, library)).collect();
    match format {
        Format::Json => {
            for c in &cited {
                writeln!(out, "{}", to_json(c))?;
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

fn warn(warnings: &[String], err: &mut dyn Write) -> std::io::Result<()> {
    for warning in warnings {
        writeln!(err, "warning: {}", clean_line(warning))?;
    }
    Ok(())
}

/// A note with its passage found again and its document's citation.
fn cite(mut note: Note, library: &Library) -> Cited<'_> {
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
}

/// The JSON shape of `parallax notes --json`, a contract.
fn to_json(c: &Cited) -> serde_json::Value {
    json!({
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
    })
}

/// `notes add`, `notes bookmark`, `notes delete`.
pub fn change(
    library: &Library,
    store: &Store,
    change: Change,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(file) = store.notes_file() else {
        anyhow::bail!("no folder for notes (no home folder could be found)");
    };
    let (kind, passage, text, json) = match change {
        Change::Delete { id } => return delete(&file, &id, out, err),
        Change::Add {
            passage,
            text,
            json,
        } => (NoteKind::Highlight, passage, text, json),
        Change::Bookmark {
            passage,
            text,
            json,
        } => (NoteKind::Bookmark, passage, text.unwrap_or_default(), json),
    };
    let Some(id) = PassageId::resolve(&passage, &library.corpus) else {
        anyhow::bail!(
            "{}: no such passage (a passage id is doc-id:12 or doc-id#anchor; `parallax list` shows the documents)",
            clean_line(&passage)
        );
    };
    if kind.needs_text() && text.trim().is_empty() {
        anyhow::bail!("a highlight needs a note: nothing saved");
    }
    let Some(document) = library.corpus.get(&id.doc) else {
        anyhow::bail!("{}: no such document", clean_line(&id.doc));
    };
    let now = crate::store::unix_seconds();
    let prefix = crate::store::notes::id_prefix(now, std::process::id());
    let note = Note::new(format!("{prefix}-1"), kind, document, id.index, &text);
    let change = NotesChange {
        upserts: vec![note.clone()],
        removed: Vec::new(),
    };
    let saved = crate::store::notes::save(&file, &change, now)
        .map_err(|error| anyhow::anyhow!("could not save notes in {}: {error}", file.display()))?;
    warn(&saved.warnings, err)?;
    let stored = saved
        .notes
        .into_iter()
        .find(|n| n.id == note.id)
        .unwrap_or(note);
    let cited = cite(stored, library);
    if json {
        writeln!(out, "{}", to_json(&cited))?;
    } else {
        writeln!(
            out,
            "{} on {} ({})",
            cited.note.kind.name(),
            clean_line(&cited.note.passage),
            clean_line(&cited.note.id)
        )?;
    }
    Ok(0)
}

/// Deletes one note; exit 1 when there is no note with that id.
fn delete(file: &Path, id: &str, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<i32> {
    let (notes, warnings) = crate::store::notes::load(file);
    warn(&warnings, err)?;
    let Some(note) = notes.into_iter().find(|n| n.id == id) else {
        writeln!(
            err,
            "parallax: no note {:?} (`parallax notes --json` lists their ids)",
            clean_line(id)
        )?;
        return Ok(1);
    };
    let change = NotesChange {
        upserts: Vec::new(),
        removed: vec![note.id.clone()],
    };
    let saved = crate::store::notes::save(file, &change, crate::store::unix_seconds())
        .map_err(|error| anyhow::anyhow!("could not save notes in {}: {error}", file.display()))?;
    warn(&saved.warnings, err)?;
    writeln!(
        out,
        "deleted the {} on {}",
        note.kind.name(),
        clean_line(&note.passage)
    )?;
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
