//! The document commands: `list`, `check`, `footnotes`.

use crate::ingest::{self, LoadError};
use crate::model::{Corpus, Document, LinkTarget, SpanKind};
use crate::sanitize::clean_line;
use crate::time::events::EventCatalog;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

/// The corpus as the commands see it, with what failed to load.
pub struct Library {
    pub corpus: Corpus,
    pub errors: Vec<LoadError>,
    /// The events the texts are aligned to (the bundled catalog unless replaced).
    pub catalog: EventCatalog,
}

impl Library {
    /// Bundled texts plus `--texts` folders. Files that fail to load are reported on
    /// `err` and left out; the others still load.
    pub fn load(folders: &[PathBuf], err: &mut dyn Write) -> anyhow::Result<Library> {
        for folder in folders {
            if !folder.is_dir() {
                anyhow::bail!(
                    "{}: not a folder",
                    clean_line(&folder.display().to_string())
                );
            }
        }
        let (corpus, errors) = ingest::load_corpus(folders, true);
        for error in &errors {
            writeln!(err, "warning: {error}")?;
        }
        Ok(Library {
            corpus,
            errors,
            catalog: EventCatalog::bundled(),
        })
    }

    /// A library of exactly these folders, without the bundled texts, and with a
    /// catalog of its own: what tests and scale benchmarks read.
    pub fn from_folders(folders: &[PathBuf], catalog: EventCatalog) -> Library {
        let (corpus, errors) = ingest::load_corpus(folders, false);
        Library {
            corpus,
            errors,
            catalog,
        }
    }

    pub fn document(&self, id: &str) -> anyhow::Result<&Document> {
        self.corpus.get(id).ok_or_else(|| {
            let known: Vec<&str> = self.corpus.documents().iter().map(|d| d.id()).collect();
            anyhow::anyhow!(
                "no document with id {:?} (known: {})",
                clean_line(id),
                known.join(", ")
            )
        })
    }
}

pub fn list(library: &Library, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    for document in library.corpus.documents() {
        let meta = &document.meta;
        if json {
            let object = json!({
                "id": meta.id,
                "title": meta.title,
                "author": meta.author,
                "publication": meta.publication,
                "published": meta.published,
                "kind": meta.kind,
                "language": meta.language,
                "imported_from": meta.imported_from,
                "origin": document.origin.display_name(),
                "passages": document.blocks.len(),
                "footnotes": document.footnotes.len(),
            });
            writeln!(out, "{object}")?;
        } else {
            writeln!(
                out,
                "{:<34} {:<10} {:>4} passages {:>3} footnotes  {} — {}",
                clean_line(&meta.id),
                clean_line(&meta.published),
                document.blocks.len(),
                document.footnotes.len(),
                clean_line(&meta.title),
                clean_line(&meta.author),
            )?;
        }
    }
    Ok(0)
}

/// One finding of `check`.
struct Finding {
    file: String,
    line: usize,
    column: usize,
    message: String,
}

pub fn check(
    folders: &[PathBuf],
    paths: &[PathBuf],
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let mut findings = Vec::new();
    // Links are resolved against everything the reader would load, plus the files
    // being checked, so a folder of documents that link to each other checks clean.
    let (mut corpus, load_errors) = ingest::load_corpus(folders, true);
    let mut checked: Vec<String> = Vec::new();
    let record_error = |error: &LoadError, findings: &mut Vec<Finding>| {
        findings.push(Finding {
            file: error.file.clone(),
            line: error.line,
            column: error.column,
            message: error.message.clone(),
        });
    };
    if paths.is_empty() {
        load_errors
            .iter()
            .for_each(|e| record_error(e, &mut findings));
        checked.extend(corpus.documents().iter().map(|d| d.id().to_string()));
    } else {
        for path in expand(paths) {
            match ingest::load_document(&path) {
                Ok(document) => {
                    checked.push(document.id().to_string());
                    corpus.insert(document);
                }
                Err(error) => record_error(&error, &mut findings),
            }
        }
    }
    for id in &checked {
        if let Some(document) = corpus.get(id) {
            check_document(document, &corpus, &mut findings);
        }
    }
    for finding in &findings {
        if json {
            let object = json!({
                "file": finding.file,
                "line": finding.line,
                "column": finding.column,
                "message": finding.message,
            });
            writeln!(out, "{object}")?;
        } else {
            writeln!(
                out,
                "{}:{}:{}: {}",
                clean_line(&finding.file),
                finding.line,
                finding.column,
                clean_line(&finding.message)
            )?;
        }
    }
    if !json {
        writeln!(
            out,
            "{} document(s) checked, {} problem(s)",
            checked.len(),
            findings.len()
        )?;
    }
    Ok(if findings.is_empty() { 0 } else { 1 })
}

/// Folders given to `check` stand for the documents in them.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "md"))
                        .collect()
                })
                .unwrap_or_default();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// What `check` finds in the documents of your own folders, as notice lines for
/// the reader: a text with problems is shown, and its problems listed.
pub fn user_text_problems(corpus: &Corpus) -> Vec<String> {
    let mut findings = Vec::new();
    for document in corpus.documents() {
        if matches!(document.origin, crate::model::Origin::File(_)) {
            check_document(document, corpus, &mut findings);
        }
    }
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {}",
                clean_line(&f.file),
                f.line,
                f.column,
                clean_line(&f.message)
            )
        })
        .collect()
}

fn check_document(document: &Document, corpus: &Corpus, findings: &mut Vec<Finding>) {
    let file = document.origin.display_name();
    // The document does not keep its file's text; it is read again, once, when
    // something is found to point at.
    let source = std::cell::OnceCell::new();
    let position = |offset: usize| {
        let source = source.get_or_init(|| ingest::read_source(&document.origin));
        crate::model::line_col(source.as_deref().unwrap_or(""), offset)
    };
    let mut push = |offset: usize, message: String| {
        let (line, column) = position(offset);
        findings.push(Finding {
            file: file.clone(),
            line,
            column,
            message,
        });
    };
    for problem in &document.problems {
        push(problem.offset, problem.message.clone());
    }
    let mut anchors = std::collections::HashMap::new();
    for block in &document.blocks {
        if let Some(anchor) = &block.anchor
            && let Some(previous) = anchors.insert(anchor.clone(), block.source.start)
        {
            let (line, _) = position(previous);
            push(
                block.source.start,
                format!("anchor #{anchor} is already used on line {line}"),
            );
        }
        for span in &block.spans {
            let SpanKind::Link { target } = &span.kind else {
                continue;
            };
            let offset = document.source_map.to_source(span.range.start);
            match target {
                LinkTarget::Document { doc } if corpus.get(doc).is_none() => {
                    push(offset, format!("link to unknown document {doc:?}"));
                }
                LinkTarget::Passage { doc, anchor } => match corpus.get(doc) {
                    None => push(offset, format!("link to unknown document {doc:?}")),
                    Some(target) if target.find_anchor(anchor).is_none() => push(
                        offset,
                        format!("link to {doc}#{anchor}: no passage with that anchor"),
                    ),
                    Some(_) => {}
                },
                _ => {}
            }
        }
    }
}

pub fn footnotes(
    library: &Library,
    id: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let document = library.document(id)?;
    for footnote in &document.footnotes {
        let passages: Vec<String> = footnote
            .cited_by
            .iter()
            .map(|&index| document.passage_id(index).to_string())
            .collect();
        if json {
            let object = json!({
                "doc": document.id(),
                "label": footnote.label,
                "text": footnote.text,
                "cited_by": passages,
            });
            writeln!(out, "{object}")?;
        } else {
            let citations: Vec<String> = footnote
                .cited_by
                .iter()
                .map(|&index| {
                    format!(
                        "{} “{}”",
                        document.passage_id(index),
                        excerpt(document.block_text(index), 60)
                    )
                })
                .collect();
            writeln!(
                out,
                "[{}] {}\n    cited by: {}",
                clean_line(&footnote.label),
                clean_line(&footnote.text),
                if citations.is_empty() {
                    "(nothing)".to_string()
                } else {
                    citations.join("; ")
                }
            )?;
        }
    }
    Ok(0)
}

/// The first `chars` characters of a text, cut at a word boundary, for listings.
pub fn excerpt(text: &str, chars: usize) -> String {
    let flat = clean_line(text);
    if flat.chars().count() <= chars {
        return flat.into_owned();
    }
    let cut: String = flat.chars().take(chars).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > chars / 2 => cut[..space].to_string(),
        _ => cut,
    };
    format!("{cut}…")
}

/// Where `import` writes: `-o FILE`, else into the first text folder as
/// `ID.md`, else standard output.
pub struct ImportTarget<'a> {
    pub output: Option<&'a std::path::Path>,
    pub folder: Option<&'a std::path::Path>,
}

pub fn import(
    file: &std::path::Path,
    target: ImportTarget,
    title: Option<String>,
    author: Option<String>,
    lossy: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let options = crate::ingest::import::ImportOptions {
        file_name: String::new(),
        title,
        author,
        lossy,
    };
    let (document, imported) = ingest::import_file(file, &options)?;
    let name = clean_line(&file.display().to_string()).into_owned();
    for note in &imported.notes {
        writeln!(err, "{name}: {}", clean_line(&note.to_string()))?;
    }
    let into_folder = target
        .folder
        .map(|folder| folder.join(format!("{}.md", document.id())));
    match target
        .output
        .map(std::path::Path::to_path_buf)
        .or(into_folder)
    {
        Some(path) => {
            let path = path.as_path();
            if path.exists() {
                anyhow::bail!(
                    "{}: already exists; parallax import never overwrites a file",
                    clean_line(&path.display().to_string())
                );
            }
            std::fs::write(path, &imported.markdown).map_err(|error| {
                anyhow::anyhow!("{}: {error}", clean_line(&path.display().to_string()))
            })?;
            writeln!(err, "wrote {}", clean_line(&path.display().to_string()))?;
        }
        None => write!(out, "{}", imported.markdown)?,
    }
    Ok(0)
}
