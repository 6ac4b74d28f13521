#![no_main]
//! The Markdown + TOML document reader: any text, never a panic, and every document
//! it accepts keeps the model's invariants (see `common::check_document`).

mod common;

use libfuzzer_sys::fuzz_target;
use parallax::ingest::parse_document;
use parallax::model::Origin;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Most inputs would fail at the front matter; give those a valid one so the
    // Markdown body is explored too. Inputs starting with `+++` test the front
    // matter itself.
    let source = if text.starts_with("+++") {
        text.into_owned()
    } else {
        format!("+++\nid = \"f\"\ntitle = \"F\"\n+++\n{text}")
    };
    let len = source.len();
    if let Ok(document) = parse_document(&source, Origin::Bundled("f.md".into())) {
        common::check_document(&document, &source, len);
    }
});
