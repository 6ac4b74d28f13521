//! The bundled texts against the raw files they were imported from (copies in
//! tests/fixtures/seeds/): the recorded sha256 matches, every footnote is referenced,
//! and no word of an article is lost, added or moved — the words of the raw file,
//! minus what the importer reported trimming, are the words of the document.

use parallax::ingest::import::{ImportNote, ImportOptions, import};
use parallax::ingest::parse_document;
use parallax::model::{Document, Origin};
use sha2::{Digest, Sha256};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> Vec<(String, Document)> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("texts"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let source = std::fs::read_to_string(&path).unwrap();
            let document = parse_document(&source, Origin::Bundled(name.clone())).unwrap();
            (name, document)
        })
        .collect()
}

/// Words as runs of letters and digits; an ordinal the conversion split (`18 th`) is
/// one word, as the importer rejoins it. (The seeds split no word at a line end: their
/// line-end hyphens are all compounds, which the importer keeps.)
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    let mut joined: Vec<String> = Vec::new();
    for w in out {
        if matches!(w.as_str(), "st" | "nd" | "rd" | "th")
            && joined
                .last()
                .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
        {
            let last = joined.pop().unwrap();
            joined.push(format!("{last}{w}"));
        } else {
            joined.push(w);
        }
    }
    joined
}

/// Drops small numbers: note labels and markers (also when glued to a word, as in
/// `pretext3`), list numbers, which the document writes as structure rather than text.
fn without_labels(words: Vec<String>) -> Vec<String> {
    words
        .into_iter()
        .map(|w| {
            let digits = w.chars().rev().take_while(char::is_ascii_digit).count();
            let letters = w.chars().count() - digits;
            if (1..=2).contains(&digits)
                && letters > 0
                && w.chars().take(letters).all(char::is_alphabetic)
            {
                w.chars().take(letters).collect()
            } else {
                w
            }
        })
        .filter(|w| !(w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit())))
        .collect()
}

fn assert_subsequence(name: &str, part: &[String], whole: &[String]) {
    let mut at = 0;
    for (i, word) in part.iter().enumerate() {
        match whole[at..].iter().position(|w| w == word) {
            Some(found) => at += found + 1,
            None => panic!(
                "{name}: word {i} {word:?} out of order or not in the raw text; before it: {:?}",
                &part[i.saturating_sub(8)..i]
            ),
        }
    }
}

#[test]
fn bundled_texts_keep_every_word_of_their_sources() {
    let texts = bundled();
    assert_eq!(texts.len(), 5);
    for (name, document) in texts {
        let raw_name = document.meta.imported_from.clone().expect("imported_from");
        let raw = std::fs::read(root().join("tests/fixtures/seeds").join(&raw_name)).unwrap();
        let digest: String = Sha256::digest(&raw)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            document.meta.sha256.as_deref(),
            Some(digest.as_str()),
            "{name}"
        );

        // The raw words, minus the lines the importer reports trimming.
        let options = ImportOptions {
            file_name: raw_name.clone(),
            ..ImportOptions::default()
        };
        let imported = import(&raw, &options).unwrap();
        let text = String::from_utf8(raw).unwrap().replace("\r\n", "\n");
        let mut kept = String::new();
        for (i, line) in text.split('\n').enumerate() {
            let trimmed = imported.notes.iter().any(|note| {
                matches!(note, ImportNote::Trimmed { lines, .. } if lines.contains(&(i + 1)))
            });
            if !trimmed {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        let mut expected = without_labels(words(&kept));

        // The document's words: the passages in order, and each footnote in order,
        // are each a subsequence of the raw words (notes moved out of the running text
        // keep their order); together they are exactly the raw words.
        let mut passages = Vec::new();
        for index in 0..document.blocks.len() {
            passages.extend(words(document.block_text(index)));
        }
        let passages = without_labels(passages);
        assert_subsequence(&name, &passages, &expected);
        let mut notes = Vec::new();
        for footnote in &document.footnotes {
            notes.extend(words(&footnote.text));
        }
        let notes = without_labels(notes);
        assert_subsequence(&name, &notes, &expected);
        let mut actual = passages;
        actual.extend(notes);
        expected.sort();
        actual.sort();
        assert_eq!(expected, actual, "{name}");

        for footnote in &document.footnotes {
            assert!(
                !footnote.cited_by.is_empty(),
                "{name}: note {} unreferenced",
                footnote.label
            );
        }
        assert!(
            document.problems.is_empty(),
            "{name}: {:?}",
            document.problems
        );
    }
}

#[test]
fn bundled_footnote_counts() {
    let counts: Vec<(String, usize)> = bundled()
        .into_iter()
        .map(|(name, d)| (name, d.footnotes.len()))
        .collect();
    for (name, count) in counts {
        let expected = match name.as_str() {
            "isl-the-first-workers-government.md" => 12,
            "revolution-and-counter-revolution-in-paris.md" => 2,
            _ => 0,
        };
        assert_eq!(count, expected, "{name}");
    }
}
