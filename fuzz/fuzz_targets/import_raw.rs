#![no_main]
//! The raw-text importer: any bytes, never a panic; what it writes reads back as a
//! document; its map and notes point inside the raw file; and it never rewords: every
//! letter of the body outside note labels is a copy of the raw bytes its map points
//! to.

mod common;

use libfuzzer_sys::fuzz_target;
use parallax::ingest::import::{ImportError, ImportNote, ImportOptions, import};
use parallax::ingest::parse_document;
use parallax::model::Origin;

fuzz_target!(|raw: &[u8]| {
    let mut options = ImportOptions {
        file_name: "fuzz.txt".to_string(),
        ..ImportOptions::default()
    };
    let imported = match import(raw, &options) {
        Ok(imported) => imported,
        Err(ImportError::InvalidUtf8 { .. }) => {
            options.lossy = true;
            match import(raw, &options) {
                Ok(imported) => imported,
                Err(_) => return,
            }
        }
        Err(_) => return,
    };
    let markdown = &imported.markdown;
    for note in &imported.notes {
        let range = match note {
            ImportNote::Trimmed { raw, .. }
            | ImportNote::UnpairedMarker { raw, .. }
            | ImportNote::UnpairedNote { raw, .. }
            | ImportNote::Repaired { raw, .. } => raw,
        };
        assert!(
            range.start <= range.end && range.end <= raw.len(),
            "{note:?}"
        );
    }
    for offset in 0..=markdown.len() {
        assert!(imported.raw_map.to_source(offset) <= raw.len());
    }
    // The body starts after the front matter's closing `+++`. (A lossy import
    // replaces bad bytes with U+FFFD, which is not a letter, and maps the rest
    // exactly.)
    // Note labels in `[^label]` are written by the importer (from a marker or
    // note it found), so they map to where they were made; everything else must be
    // a copy.
    let body = markdown
        .match_indices("+++\n")
        .nth(1)
        .map_or(0, |(i, _)| i + 4);
    let mut in_label = false;
    let mut previous = ' ';
    for (offset, c) in markdown[body..].char_indices() {
        if previous == '[' && c == '^' {
            in_label = true;
        } else if c == ']' {
            in_label = false;
        }
        previous = c;
        if in_label || !c.is_alphabetic() {
            continue;
        }
        let at = imported.raw_map.to_source(body + offset);
        let mut buffer = [0; 4];
        let bytes = c.encode_utf8(&mut buffer).as_bytes();
        assert_eq!(
            raw.get(at..at + bytes.len()),
            Some(bytes),
            "{c:?} at {offset} of the body maps to raw {at}"
        );
    }
    let path = std::path::PathBuf::from("fuzz.txt");
    let document = parse_document(
        &markdown,
        Origin::Raw {
            path,
            raw_map: imported.raw_map.clone(),
        },
    );
    match document {
        Ok(document) => common::check_document(&document, &markdown, raw.len()),
        Err(error) => panic!("the import does not read back: {error}\n{markdown}"),
    }
});
