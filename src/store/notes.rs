//! Bookmarks and notes: plain TOML a person can read and edit, anchored to a
//! passage id and a short quote of the passage so they survive edits to a document.
//!
//! ```toml
//! [[note]]
//! id = "66f1c2a0-3e8f-1"
//! kind = "highlight"                 # or "bookmark"
//! doc = "isl-the-first-workers-government"
//! passage = "isl-the-first-workers-government:12"
//! quote = "It was the first of the 72 days"
//! text = "Compare with Trotsky on the same night."
//! created = "2026-05-01T12:30:00Z"
//! ```
//!
//! Two readers open at once each add bookmarks; neither may lose the other's. The
//! file is therefore never written from one reader's memory alone: [`save`] takes
//! an exclusive lock, re-reads the file, applies only this reader's changes (notes
//! it added or edited, ids it removed) and writes the result atomically. Notes a
//! reader merely loaded are not re-asserted, so a note deleted by one reader is not
//! brought back by another. (One file per writer merged on read would avoid the
//! lock, but leaves a person with several files to read and edit.)

use super::{
    FileLock, Read, quarantine, read_text, remove_stale_temporaries, timestamp, write_atomic,
};
use crate::app::search::normalize_whitespace;
use crate::model::{Corpus, Document};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// `m`: a place to come back to, with an optional note.
    Bookmark,
    /// `a`: a highlighted passage with a note.
    Highlight,
}

impl NoteKind {
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Bookmark => "bookmark",
            NoteKind::Highlight => "highlight",
        }
    }

    /// A highlight is its note: without text there is nothing to keep. A bookmark
    /// may be bare.
    pub fn needs_text(self) -> bool {
        self == NoteKind::Highlight
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Unique across readers: the writer's start time and process id, and a count.
    pub id: String,
    pub kind: NoteKind,
    /// Document id.
    pub doc: String,
    /// Passage id, `doc:n` counting from 1.
    pub passage: String,
    /// The first words of the passage, whitespace collapsed: finds the passage again
    /// when its number changed.
    pub quote: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// UTC, `2026-05-01T12:30:00Z`; stamped when first saved.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created: String,
}

/// Words of a passage kept as its quote: enough to be unique in a document, short
/// enough to read in the file.
const QUOTE_WORDS: usize = 10;

impl Note {
    /// A note on passage `block` (0-based) of `document`.
    pub fn new(id: String, kind: NoteKind, document: &Document, block: usize, text: &str) -> Note {
        Note {
            id,
            kind,
            doc: document.id().to_string(),
            passage: document.passage_id(block).to_string(),
            quote: quote_of(document.block_text(block)),
            text: normalize_whitespace(text),
            created: String::new(),
        }
    }

    /// The passage's index (0-based) as stored, if the id is well formed.
    pub fn block(&self) -> Option<usize> {
        let (_, number) = self.passage.rsplit_once(':')?;
        number.parse::<usize>().ok()?.checked_sub(1)
    }
}

/// The prefix of the ids of the notes one writer (a reader, or one `parallax
/// notes` command) makes: its start time and process id, so no two writers make the
/// same id. The writer appends `-1`, `-2`… for each note.
pub fn id_prefix(unix: u64, process: u32) -> String {
    format!("{unix:x}-{process:x}")
}

pub fn quote_of(text: &str) -> String {
    normalize_whitespace(text)
        .split(' ')
        .take(QUOTE_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a note's passage was found when the notes were matched to the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// At the stored passage.
    Found(usize),
    /// The stored passage no longer holds the quote; another one does.
    Moved { from: Option<usize>, to: usize },
    /// The quote is nowhere in the document: kept at the stored passage (if it
    /// exists), listed as lost.
    Lost(Option<usize>),
    /// The document is not loaded.
    NoDocument,
}

impl Anchor {
    pub fn block(self) -> Option<usize> {
        match self {
            Anchor::Found(block) | Anchor::Moved { to: block, .. } => Some(block),
            Anchor::Lost(block) => block,
            Anchor::NoDocument => None,
        }
    }
}

/// Finds each note's passage: at its stored id when that passage still holds the
/// quote, otherwise the passage holding the quote nearest the stored one (the note
/// is then moved there). Whitespace is ignored in the comparison.
pub fn reanchor(note: &mut Note, corpus: &Corpus) -> Anchor {
    let Some(document) = corpus.get(&note.doc) else {
        return Anchor::NoDocument;
    };
    let stored = note.block().filter(|&b| b < document.blocks.len());
    let quote = normalize_whitespace(note.quote.trim_end_matches('…'));
    let holds = |block: usize| normalize_whitespace(document.block_text(block)).contains(&quote);
    if quote.is_empty() {
        return stored.map_or(Anchor::Lost(None), Anchor::Found);
    }
    if let Some(block) = stored.filter(|&b| holds(b)) {
        return Anchor::Found(block);
    }
    let near = stored.unwrap_or(0);
    let found = (0..document.blocks.len())
        .filter(|&b| holds(b))
        .min_by_key(|&b| b.abs_diff(near));
    match found {
        Some(to) => {
            note.passage = document.passage_id(to).to_string();
            Anchor::Moved { from: stored, to }
        }
        None => Anchor::Lost(stored),
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotesFile {
    #[serde(default, rename = "note")]
    notes: Vec<Note>,
}

const HEADER: &str = "# parallax bookmarks and notes. Edit freely: each [[note]] is found again by\n\
# its passage id, or by its quote when the passage moved. `parallax notes --markdown`\n\
# exports them with citations.\n\n";

fn to_toml(notes: &[Note]) -> String {
    let file = NotesFile {
        notes: notes.to_vec(),
    };
    let body = toml::to_string(&file).unwrap_or_default();
    format!("{HEADER}{body}")
}

/// Parses the notes file's text; an error names the line.
pub fn parse(text: &str) -> Result<Vec<Note>, String> {
    toml::from_str::<NotesFile>(text)
        .map(|file| file.notes)
        .map_err(|error| {
            let line = error
                .span()
                .map_or(0, |span| crate::model::line_col(text, span.start).0);
            format!("line {line}: {}", error.message())
        })
}

/// Reads the notes. A corrupt file is moved aside and reported.
pub fn load(path: &Path) -> (Vec<Note>, Vec<String>) {
    match read_text(path) {
        Read::Missing => (Vec::new(), Vec::new()),
        Read::Unreadable(message) => (Vec::new(), vec![message]),
        Read::Text(text) => match parse(&text) {
            Ok(notes) => (notes, Vec::new()),
            Err(why) => (Vec::new(), vec![quarantine(path, &why)]),
        },
    }
}

/// One reader's changes since it last saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesChange {
    /// Notes added or edited, whole.
    pub upserts: Vec<Note>,
    /// Ids of notes removed.
    pub removed: Vec<String>,
}

impl NotesChange {
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removed.is_empty()
    }
}

/// What saving gave: every note now in the file, and warnings for the user.
#[derive(Debug, Default)]
pub struct Saved {
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
}

/// Applies `change` to the notes file under an exclusive lock: re-read, merge by
/// id, write atomically. Notes without a creation time are stamped with `now`.
pub fn save(path: &Path, change: &NotesChange, now: u64) -> std::io::Result<Saved> {
    let _lock = FileLock::acquire(path)?;
    remove_stale_temporaries(path);
    let (mut notes, warnings) = load(path);
    merge(&mut notes, change, &timestamp(now));
    write_atomic(path, to_toml(&notes).as_bytes())?;
    Ok(Saved { notes, warnings })
}

/// Applies a change to a list of notes: upserts replace the note with their id
/// (keeping its place) or are appended; removed ids go.
pub fn merge(notes: &mut Vec<Note>, change: &NotesChange, now: &str) {
    for upsert in &change.upserts {
        let mut upsert = upsert.clone();
        if upsert.created.is_empty() {
            upsert.created = now.to_string();
        }
        match notes.iter_mut().find(|n| n.id == upsert.id) {
            Some(existing) => *existing = upsert,
            None => notes.push(upsert),
        }
    }
    notes.retain(|n| !change.removed.contains(&n.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn document(body: &str) -> Document {
        let source = format!("+++\nid = \"d\"\ntitle = \"D\"\n+++\n\n{body}");
        crate::ingest::parse_document(&source, Origin::Bundled("d.md".into())).unwrap()
    }

    fn corpus(body: &str) -> Corpus {
        let mut corpus = Corpus::new();
        corpus.insert(document(body));
        corpus
    }

    fn note(id: &str, text: &str) -> Note {
        let doc = document("First passage here.\n\nSecond one.\n");
        Note::new(id.to_string(), NoteKind::Bookmark, &doc, 1, text)
    }

    #[test]
    fn a_note_quotes_the_first_words_of_its_passage() {
        let doc = document("One two three four five six seven eight nine ten eleven twelve.\n");
        let note = Note::new("x".into(), NoteKind::Highlight, &doc, 0, "  a\nnote ");
        assert_eq!(note.passage, "d:1");
        assert_eq!(
            note.quote,
            "One two three four five six seven eight nine ten"
        );
        assert_eq!(note.text, "a note");
        assert_eq!(note.block(), Some(0));
    }

    #[test]
    fn a_note_is_reanchored_after_its_passage_moved() {
        let before = corpus("Alpha.\n\nThe cannons of Montmartre were taken.\n");
        let mut note = Note::new(
            "n".into(),
            NoteKind::Highlight,
            before.get("d").unwrap(),
            1,
            "cannons",
        );
        assert_eq!(reanchor(&mut note, &before), Anchor::Found(1));
        // Two passages inserted before it, and its text rewrapped.
        let after =
            corpus("Alpha.\n\nNew one.\n\nNew two.\n\nThe cannons of\nMontmartre were taken.\n");
        assert_eq!(
            reanchor(&mut note, &after),
            Anchor::Moved {
                from: Some(1),
                to: 3
            }
        );
        assert_eq!(note.passage, "d:4");
        assert_eq!(reanchor(&mut note, &after), Anchor::Found(3));
        // Quote gone: the note stays where it was and says so.
        let rewritten = corpus("Alpha.\n\nSomething else.\n\nMore.\n\nAnd more.\n");
        assert_eq!(reanchor(&mut note, &rewritten), Anchor::Lost(Some(3)));
        let mut elsewhere = note.clone();
        elsewhere.doc = "gone".into();
        assert_eq!(reanchor(&mut elsewhere, &after), Anchor::NoDocument);
    }

    #[test]
    fn the_file_is_plain_toml_that_reads_back() {
        let notes = vec![note("a", "first"), note("b", "")];
        let text = to_toml(&notes);
        assert!(text.contains("[[note]]"), "{text}");
        assert!(text.contains("passage = \"d:2\""), "{text}");
        assert!(text.contains("quote = \"Second one.\""), "{text}");
        assert_eq!(parse(&text).unwrap(), notes);
        let error = parse("[[note]]\nid = \"a\"\nkind = \"scribble\"\n").unwrap_err();
        assert!(error.starts_with("line 3"), "{error}");
    }

    #[test]
    fn two_writers_at_once_keep_each_others_notes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        // Each writer saves many times from its own thread, racing the other.
        let writers: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|writer| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for n in 0..25 {
                        let change = NotesChange {
                            upserts: vec![note(&format!("{writer}{n}"), writer)],
                            removed: vec![],
                        };
                        save(&path, &change, 0).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let (notes, warnings) = load(&path);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(notes.len(), 50);
        for writer in ["a", "b"] {
            for n in 0..25 {
                assert!(notes.iter().any(|x| x.id == format!("{writer}{n}")));
            }
        }
    }

    #[test]
    fn a_removed_note_is_not_brought_back_by_another_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        save(
            &path,
            &NotesChange {
                upserts: vec![note("a", ""), note("b", "")],
                removed: vec![],
            },
            0,
        )
        .unwrap();
        // Writer 1 removes "a"; writer 2, which had loaded both, adds "c".
        save(
            &path,
            &NotesChange {
                upserts: vec![],
                removed: vec!["a".into()],
            },
            0,
        )
        .unwrap();
        let saved = save(
            &path,
            &NotesChange {
                upserts: vec![note("c", "")],
                removed: vec![],
            },
            0,
        )
        .unwrap();
        let ids: Vec<&str> = saved.notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, vec!["b", "c"]);
        assert_eq!(saved.notes[1].created, "1970-01-01T00:00:00Z");
    }

    #[test]
    fn a_save_clears_the_temporary_a_killed_writer_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        let left = dir.path().join(".notes.toml.tmp-99999-0");
        std::fs::write(&left, "[[note]]\nid = \"half").unwrap();
        let change = NotesChange {
            upserts: vec![note("a", "")],
            removed: vec![],
        };
        save(&path, &change, 0).unwrap();
        assert!(!left.exists());
        assert_eq!(load(&path).0.len(), 1);
    }

    #[test]
    fn a_corrupt_notes_file_is_kept_aside_and_saving_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        std::fs::write(&path, "[[note]\nthis is not toml").unwrap();
        let saved = save(
            &path,
            &NotesChange {
                upserts: vec![note("a", "")],
                removed: vec![],
            },
            0,
        )
        .unwrap();
        assert_eq!(saved.notes.len(), 1);
        assert!(
            saved.warnings[0].contains("moved aside"),
            "{:?}",
            saved.warnings
        );
        let files = std::fs::read_dir(dir.path()).unwrap().count();
        // notes.toml, the lock file and the file moved aside.
        assert_eq!(files, 3);
    }
}
