//! Property tests: whatever the input, the importer, the Markdown reader, the
//! wrapper and scrolling keep their invariants and never panic. Cases are kept
//! moderate so `cargo test` stays quick; `PROPTEST_CASES=10000` runs more.

use parallax::app::layout::{DocLayout, wrap_ranges};
use parallax::app::{App, Input, Settings};
use parallax::config::keys::Key;
use parallax::ingest::{import, parse_document};
use parallax::model::{Corpus, Origin};
use proptest::prelude::*;
use ratatui::layout::Rect;

/// Text with the characters that trouble readers: Markdown syntax, controls,
/// wide and combining characters, line ends of every kind.
fn awkward_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 ]{1,12}",
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("[^1]".to_string()),
            Just("[^1]: note\n".to_string()),
            Just("> ".to_string()),
            Just("- ".to_string()),
            Just("# ".to_string()),
            Just("***".to_string()),
            Just("*".to_string()),
            Just("`".to_string()),
            Just("{#a}".to_string()),
            Just("[x](y#z)".to_string()),
            Just("\u{1b}[2J".to_string()),
            Just("\u{202e}".to_string()),
            Just("\u{0}".to_string()),
            Just("巴黎".to_string()),
            Just("e\u{301}".to_string()),
            Just("18 March 1871".to_string()),
            Just("\t".to_string()),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(64),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_reader_keeps_ranges_inside_the_text(body in awkward_text()) {
        let source = format!("+++\nid = \"p\"\ntitle = \"P\"\n+++\n{body}");
        let document = parse_document(source, Origin::Bundled("p.md".into())).unwrap();
        for block in &document.blocks {
            prop_assert!(block.text.end <= document.text.len());
            prop_assert!(document.text.is_char_boundary(block.text.start));
            prop_assert!(document.text.is_char_boundary(block.text.end));
            prop_assert!(block.source.end <= document.source.len());
            for span in &block.spans {
                prop_assert!(span.range.start >= block.text.start && span.range.end <= block.text.end);
            }
            let range = document.range_in_file(block.text.clone());
            prop_assert!(range.end <= document.source.len());
            // Nothing a terminal would act on survives into the text.
            prop_assert!(document.text.chars().all(|c| c == '\n' || parallax::sanitize::hazard(c).is_none()));
        }
    }

    #[test]
    fn importer_never_panics_and_its_output_reads_back(bytes in proptest::collection::vec(any::<u8>(), 0..400), text in awkward_text()) {
        let options = import::ImportOptions::default();
        let _ = import::import(&bytes, &options);
        if let Ok(imported) = import::import(text.as_bytes(), &options) {
            let document = parse_document(imported.markdown.clone(), Origin::Bundled("i.md".into()));
            prop_assert!(document.is_ok(), "{:?}\n{}", document.err(), imported.markdown);
        }
    }

    #[test]
    fn wrapping_accounts_for_every_character(text in "[a-z é巴\u{301}]{0,80}", width in 1u16..40) {
        let ranges = wrap_ranges(&text, width);
        let shown: String = ranges.iter().map(|r| text[r.clone()].replace(' ', "")).collect();
        prop_assert_eq!(shown, text.replace(' ', ""));
        for range in &ranges {
            prop_assert!(unicode_width::UnicodeWidthStr::width(&text[range.clone()]) <= usize::from(width.max(2)));
        }
    }

    #[test]
    fn scrolling_stays_in_range(body in awkward_text(), keys in proptest::collection::vec(prop_oneof![
        Just("j"), Just("k"), Just("G"), Just("ctrl-d"), Just("ctrl-u"), Just("space"), Just("b"),
        Just("]"), Just("["), Just("}"), Just("v"), Just("x"), Just("tab"), Just("f"), Just("esc"), Just("J"),
    ], 0..40), width in 1u16..120, height in 1u16..50) {
        let source = format!("+++\nid = \"s\"\ntitle = \"S\"\n+++\n{body}\n\nOn 18 March 1871 the cannons.\n");
        let mut corpus = Corpus::new();
        corpus.insert(parse_document(source, Origin::Bundled("s.md".into())).unwrap());
        let mut app = App::new(corpus, &[0], Settings::default(), Rect::new(0, 0, width, height));
        for key in keys {
            app.handle(Input::Key(Key::parse(key).unwrap()));
            for pane in 0..app.panes().len() {
                if let Some(layout) = app.pane_layout(pane) {
                    prop_assert!(app.pane_top_line(pane) <= layout.max_top(app.pane_height(pane)));
                }
            }
        }
        let layout = DocLayout::new(app.document(0).unwrap(), width);
        prop_assert!(layout.block_start.len() == app.document(0).unwrap().blocks.len());
    }
}
