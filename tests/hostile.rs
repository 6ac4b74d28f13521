//! Files parallax was not written for: escape sequences, bidi tricks, NUL bytes,
//! odd line ends, huge lines, huge footnote counts, cycles, deep nesting, every
//! script. Each is loaded, checked and rendered; the screen must show visible
//! marks instead of anything a terminal would interpret, and nothing panics.

use parallax::cli::reader::{buffer_text, render_buffer};
use parallax::cli::{Library, OpenArgs};
use parallax::ingest;
use parallax::model::Corpus;
use parallax::time::events::EventCatalog;
use std::path::{Path, PathBuf};
use std::process::Command;

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// Renders a file in the reader on a 100×30 screen, after some keys.
fn render(path: &Path, keys: &str) -> String {
    let library = Library {
        corpus: Corpus::new(),
        errors: Vec::new(),
        catalog: EventCatalog::bundled(),
    };
    let open = OpenArgs {
        documents: vec![path.to_string_lossy().into_owned()],
        at: None,
        theme: Some("mono".into()),
    };
    buffer_text(&render_buffer(library, &open, 100, 30, keys).expect("renders"))
}

/// No character on screen is one a terminal would act on.
fn assert_inert(screen: &str) {
    for c in screen.chars() {
        assert!(
            c == '\n' || parallax::sanitize::hazard(c).is_none(),
            "U+{:04X} reached the screen:\n{screen}",
            c as u32
        );
    }
}

#[test]
fn escape_sequences_show_as_marks() {
    let screen = render(&hostile("escapes.md"), "");
    assert_inert(&screen);
    assert!(screen.contains("␛[2J"), "{screen}");
    assert!(
        screen.contains("␛]52;c;"),
        "the clipboard write is shown, not executed:\n{screen}"
    );
    assert!(screen.contains("␛]0;pwned␇"), "{screen}");
    let document = ingest::load_document(&hostile("escapes.md")).unwrap();
    assert!(
        document
            .problems
            .iter()
            .any(|p| p.message.contains("C1 control")),
        "{:?}",
        document.problems
    );
}

#[test]
fn check_lists_every_replaced_character() {
    let run = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "check",
            hostile("escapes.md").to_str().unwrap(),
            hostile("bidi.md").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let out = String::from_utf8(run.stdout).unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        out.matches("control character U+001B").count() >= 4,
        "{out}"
    );
    assert!(
        out.contains("bidirectional override character U+202E"),
        "{out}"
    );
    assert!(
        out.contains("invisible formatting character U+200B"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "check's own output is sanitized");
}

#[test]
fn bidi_overrides_and_zero_width_tricks_are_neutralised() {
    let screen = render(&hostile("bidi.md"), "");
    assert_inert(&screen);
    assert!(screen.contains("evil.exe"));
    let document = ingest::load_document(&hostile("bidi.md")).unwrap();
    // The link's zero-width space cannot disguise its target in the model either.
    let span = document.blocks[0]
        .spans
        .iter()
        .find(|s| matches!(s.kind, parallax::model::SpanKind::Link { .. }))
        .unwrap();
    assert!(!document.text[span.range.clone()].contains('\u{200b}'));
}

#[test]
fn line_ends_bom_and_nul() {
    for (file, expected) in [
        ("crlf.md", "First paragraph wrapped."),
        ("bom.md", "Text after a byte order mark."),
        ("cr_only.txt", "Still the first."),
    ] {
        let screen = render(&hostile(file), "");
        assert_inert(&screen);
        assert!(screen.contains(expected), "{file}:\n{screen}");
    }
    let nul = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["import", hostile("nul.txt").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(nul.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&nul.stderr).contains("binary"),
        "{}",
        String::from_utf8_lossy(&nul.stderr)
    );
}

#[test]
fn every_script_and_wide_characters() {
    let screen = render(&hostile("scripts.md"), "");
    assert_inert(&screen);
    assert!(
        screen.contains("巴黎公社") && screen.contains("Парижская") && screen.contains("كومونة"),
        "{screen}"
    );
    for line in screen.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 100,
            "line wider than the screen: {line}"
        );
    }
}

#[test]
fn footnote_cycles_and_deep_nesting() {
    let screen = render(&hostile("footnote_cycle.md"), "ff<Enter>");
    assert_inert(&screen);
    let screen = render(&hostile("deep.md"), "G");
    assert_inert(&screen);
    let document = ingest::load_document(&hostile("deep.md")).unwrap();
    assert!(document.blocks.len() >= 60);
}

#[test]
fn a_broken_front_matter_is_located() {
    let error = ingest::load_document(&hostile("bad_front_matter.md")).unwrap_err();
    assert_eq!(error.line, 3, "{error}");
    assert!(
        error.to_string().contains("bad_front_matter.md:3:"),
        "{error}"
    );
}

#[test]
fn a_ten_megabyte_line_and_a_hundred_thousand_footnotes() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.md");
    let mut text = String::from("+++\nid = \"long\"\ntitle = \"One long line\"\n+++\n\n");
    while text.len() < 10_000_000 {
        text.push_str("the Commune of Paris lasted seventy-two days and ");
    }
    text.push('\n');
    std::fs::write(&long, &text).unwrap();
    let screen = render(&long, "G");
    assert!(screen.contains("seventy-two days"));

    let notes = dir.path().join("notes.md");
    let mut text = String::from("+++\nid = \"notes\"\ntitle = \"Many notes\"\n+++\n\n");
    for n in 0..100_000 {
        text.push_str(&format!("Passage {n}[^{n}].\n\n"));
    }
    for n in 0..100_000 {
        text.push_str(&format!("[^{n}]: Note {n}.\n"));
    }
    std::fs::write(&notes, &text).unwrap();
    let document = ingest::load_document(&notes).unwrap();
    assert_eq!(document.footnotes.len(), 100_000);
    assert!(document.problems.is_empty());
    let screen = render(&notes, "Gf");
    assert!(
        screen.contains("Passage 99999[99999]"),
        "numbers as written:\n{screen}"
    );
    assert!(
        screen.contains("Footnote [999") && screen.contains("Note 999"),
        "{screen}"
    );
}
