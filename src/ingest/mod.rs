//! Turns files into documents: Markdown+TOML document files, the texts bundled into
//! the binary, folders of documents, and raw text imported on the fly.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

pub mod front_matter;
pub mod import;
pub mod markdown;

use crate::model::{Corpus, Document, Origin, line_col};
use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// A file that could not be read as a document, located as `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl LoadError {
    pub fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    fn at(file: &str, source: &str, offset: usize, message: String) -> Self {
        let (line, column) = line_col(source, offset);
        Self {
            file: file.to_string(),
            line,
            column,
            message,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::clean_line(&self.file);
        let message = crate::sanitize::clean_line(&self.message);
        if self.line == 0 {
            write!(f, "{file}: {message}")
        } else {
            write!(f, "{file}:{}:{}: {message}", self.line, self.column)
        }
    }
}

impl std::error::Error for LoadError {}

/// Parses a document file's text. Problems that do not stop reading (an unpaired
/// footnote, a replaced control character) are kept in [`Document::problems`].
///
/// The document does not keep the file's text: it would double the corpus in
/// memory for the few messages and `dates` lines that quote the file, which
/// read it again ([`read_source`]).
pub fn parse_document(source: &str, origin: Origin) -> Result<Document, LoadError> {
    let file = origin.display_name();
    let split = front_matter::split(source)
        .map_err(|error| LoadError::at(&file, source, error.offset, error.message))?;
    let meta = front_matter::parse(source, &split)
        .map_err(|error| LoadError::at(&file, source, error.offset, error.message))?;
    let body = markdown::read_body(source, split.body.clone(), &meta.id);
    Ok(Document {
        meta,
        origin,
        text: body.text,
        source_map: body.source_map,
        blocks: body.blocks,
        footnotes: body.footnotes,
        problems: body.problems,
    })
}

/// Reads bytes as UTF-8, naming the first bad byte.
pub fn decode_utf8(bytes: Vec<u8>, file: &str) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        LoadError::whole_file(file, format!("invalid UTF-8 at byte offset {offset}"))
    })
}

/// Reads a file, with messages for the ways that goes wrong.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let file = path.display().to_string();
    if path.is_dir() {
        return Err(LoadError::whole_file(
            file,
            "is a directory, not a document file",
        ));
    }
    std::fs::read(path).map_err(|error| {
        let message = match error.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => error.to_string(),
        };
        LoadError::whole_file(file, message)
    })
}

/// Loads one document file (`.md`).
pub fn load_document(path: &Path) -> Result<Document, LoadError> {
    let bytes = read_file(path)?;
    let file = path.display().to_string();
    if bytes.contains(&0) {
        let offset = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(LoadError::whole_file(
            file,
            format!("looks like a binary file (NUL byte at offset {offset})"),
        ));
    }
    let source = decode_utf8(bytes, &file)?;
    parse_document(&source, Origin::File(path.to_path_buf()))
}

/// Loads a document file, or imports a raw text file on the fly (any file that is
/// not `.md`), as `less FILE` would open it.
pub fn load_any(path: &Path) -> Result<Document, LoadError> {
    if path.extension().is_some_and(|ext| ext == "md") {
        return load_document(path);
    }
    import_file(path, &import::ImportOptions::default()).map(|(document, _)| document)
}

/// Imports a raw text file into a document, keeping the map back to the raw bytes
/// so positions (`dates PATH`) can be reported in the file the user named.
pub fn import_file(
    path: &Path,
    options: &import::ImportOptions,
) -> Result<(Document, import::Imported), LoadError> {
    let bytes = read_file(path)?;
    let file = path.display().to_string();
    let mut options = options.clone();
    if options.file_name.is_empty() {
        options.file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    let imported = import::import(&bytes, &options)
        .map_err(|error| LoadError::whole_file(file.clone(), error.to_string()))?;
    let document = parse_document(
        &imported.markdown,
        Origin::Raw {
            path: path.to_path_buf(),
            raw_map: imported.raw_map.clone(),
        },
    )
    .map_err(|error| {
        LoadError::whole_file(file, format!("the import does not read back: {error}"))
    })?;
    Ok((document, imported))
}

/// The text a document was parsed from, read again: the bundled text, or the file.
/// `None` for a raw file imported on the fly (its Markdown exists only in
/// memory) and for a file that can no longer be read.
pub fn read_source(origin: &Origin) -> Option<Cow<'static, str>> {
    match origin {
        Origin::Bundled(name) => bundled_files::TEXTS
            .iter()
            .find(|(bundled, _)| bundled == name)
            .map(|(_, text)| Cow::Borrowed(*text)),
        Origin::File(path) => std::fs::read_to_string(path).ok().map(Cow::Owned),
        Origin::Raw { .. } => None,
    }
}

/// Loads every `*.md` document of a folder, in file-name order. Files that fail are
/// returned as errors beside the documents that loaded, never silently skipped.
pub fn load_folder(dir: &Path) -> (Vec<Document>, Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            return (
                Vec::new(),
                vec![LoadError::whole_file(
                    dir.display().to_string(),
                    error.to_string(),
                )],
            );
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md") && path.is_file())
        .collect();
    paths.sort();
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match load_document(&path) {
            Ok(document) => documents.push(document),
            Err(error) => errors.push(error),
        }
    }
    (documents, errors)
}

mod bundled_files {
    include!(concat!(env!("OUT_DIR"), "/bundled_texts.rs"));
}

/// The documents compiled into the binary from texts/*.md.
pub fn bundled() -> (Vec<Document>, Vec<LoadError>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for (name, source) in bundled_files::TEXTS {
        match parse_document(source, Origin::Bundled(name.to_string())) {
            Ok(document) => documents.push(document),
            Err(error) => errors.push(error),
        }
    }
    (documents, errors)
}

/// The corpus a reader starts with: the bundled texts, then each folder in order
/// (a document whose id is already present replaces it).
pub fn load_corpus(folders: &[PathBuf], include_bundled: bool) -> (Corpus, Vec<LoadError>) {
    let mut corpus = Corpus::new();
    let mut errors = Vec::new();
    if include_bundled {
        let (documents, bundled_errors) = bundled();
        documents.into_iter().for_each(|d| {
            corpus.insert(d);
        });
        errors.extend(bundled_errors);
    }
    for folder in folders {
        let (documents, folder_errors) = load_folder(folder);
        documents.into_iter().for_each(|d| {
            corpus.insert(d);
        });
        errors.extend(folder_errors);
    }
    (corpus, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_located() {
        let source = "+++\nid = \"x\"\ntitle = \"T\"\nbogus = 1\n+++\nText\n".to_string();
        let error = parse_document(&source, Origin::Bundled("x.md".into())).unwrap_err();
        assert_eq!(error.line, 4);
        assert!(error.to_string().starts_with("texts/x.md:4:"), "{error}");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let error = decode_utf8(b"abc\xffdef".to_vec(), "f.md").unwrap_err();
        assert_eq!(error.to_string(), "f.md: invalid UTF-8 at byte offset 3");
    }

    #[test]
    fn bundled_texts_load() {
        let (documents, errors) = bundled();
        assert!(errors.is_empty(), "{errors:?}");
        for document in &documents {
            assert!(
                !document.blocks.is_empty(),
                "{} has no passages",
                document.id()
            );
        }
    }
}
