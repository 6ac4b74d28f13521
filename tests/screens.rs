//! Whole screens of the reader, drawn with ratatui's TestBackend through the same
//! code as the live reader (`parallax render`).
//!
//! Exact screens are insta snapshots (each read and checked by hand) of a small
//! invented corpus with its own events catalog (tests/fixtures/screens/), so they
//! change only when the reader's drawing changes. The bundled texts are checked by
//! assertions on what the screen must show. Styles are asserted cell by cell where
//! they carry meaning.

use parallax::cli::reader::{buffer_text, render_buffer};
use parallax::cli::{Library, OpenArgs};
use parallax::config::theme::Theme;
use parallax::time::events::EventCatalog;
use ratatui::buffer::Buffer;
use std::path::Path;

fn fixtures() -> Library {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screens");
    let catalog_text = std::fs::read_to_string(dir.join("events.toml")).unwrap();
    let catalog = EventCatalog::from_toml(&catalog_text, "events.toml").unwrap();
    let library = Library::from_folders(&[dir], catalog);
    assert!(library.errors.is_empty(), "{:?}", library.errors);
    library
}

fn bundled() -> Library {
    Library::load(&[], &mut std::io::sink()).unwrap()
}

fn screen(library: Library, documents: &[&str], size: (u16, u16), keys: &str) -> Buffer {
    let open = OpenArgs {
        documents: documents.iter().map(|d| d.to_string()).collect(),
        at: None,
        theme: Some("dark".to_string()),
    };
    render_buffer(library, &open, size.0, size.1, keys).unwrap()
}

fn row(buffer: &Buffer, y: u16) -> String {
    buffer_text(buffer)
        .lines()
        .nth(usize::from(y))
        .unwrap_or("")
        .to_string()
}

/// The column of the separator between the first two panes.
fn separator(buffer: &Buffer) -> u16 {
    (0..buffer.area.width)
        .find(|&x| buffer[(x, 1)].symbol() == "│")
        .expect("two panes")
}

/// Text of the title bar of the pane starting at column `x`.
fn title(buffer: &Buffer, x: u16, width: u16) -> String {
    (x..(x + width).min(buffer.area.width))
        .map(|c| buffer[(c, 0)].symbol().to_string())
        .collect()
}

/// Rows where a pane starting at column `x` shows the gutter mark.
fn marked_rows(buffer: &Buffer, x: u16) -> Vec<u16> {
    let theme = Theme::builtin("dark").unwrap();
    (1..buffer.area.height)
        .filter(|&y| {
            buffer[(x, y)].symbol() == "▐" && buffer[(x, y)].fg == theme.gutter_mark.fg.unwrap()
        })
        .collect()
}

#[test]
fn default_layout_two_panes_in_step_on_18_march() {
    let buffer = screen(fixtures(), &[], (100, 30), "");
    insta::assert_snapshot!(buffer_text(&buffer));
    let theme = Theme::builtin("dark").unwrap();
    let middle = separator(&buffer);
    assert_eq!(
        buffer[(1, 0)].fg,
        theme.title_focused.fg.unwrap(),
        "focused title"
    );
    assert_eq!(
        buffer[(middle + 2, 0)].fg,
        theme.title.fg.unwrap(),
        "unfocused title"
    );
    assert!(!marked_rows(&buffer, 0).is_empty() && !marked_rows(&buffer, middle + 1).is_empty());
    assert!(row(&buffer, 29).contains("18 Mar 1871 · 18 March 1871: the cannons of M"));
}

#[test]
fn cursor_moved_to_21_may_keeps_both_panes_in_step() {
    let buffer = screen(fixtures(), &[], (100, 30), ":1871-05-21<Enter>");
    insta::assert_snapshot!(buffer_text(&buffer));
    let middle = separator(&buffer);
    // The notebook (right) narrates 21 May: its passage is marked.
    assert!(!marked_rows(&buffer, middle + 1).is_empty());
    // The letters (left) jump from 26 March to 22 May: nothing on 21 May, and the
    // title says so; the pane stays where the narration last stood.
    assert!(
        title(&buffer, 0, middle).contains("nothing on 21"),
        "{}",
        title(&buffer, 0, middle)
    );
    assert!(
        title(&buffer, 0, middle).contains("26 Mar 1871"),
        "{}",
        title(&buffer, 0, middle)
    );
    assert!(row(&buffer, 29).contains("21 May 1871"));
}

#[test]
fn footnote_popup() {
    let buffer = screen(fixtures(), &["notebook"], (90, 26), "f");
    insta::assert_snapshot!(buffer_text(&buffer));
}

#[test]
fn footnote_markers_are_highlighted() {
    let buffer = screen(fixtures(), &["notebook"], (90, 26), "");
    let theme = Theme::builtin("dark").unwrap();
    let (x, y) = (0..26)
        .flat_map(|y| (0..88).map(move |x| (x, y)))
        .find(|&(x, y)| {
            buffer[(x, y)].symbol() == "["
                && buffer[(x + 1, y)].symbol() == "1"
                && buffer[(x + 2, y)].symbol() == "]"
        })
        .expect("the footnote mark is on screen");
    assert_eq!(buffer[(x, y)].fg, theme.footnote_marker.fg.unwrap());
    assert!(
        buffer[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD)
    );
}

#[test]
fn events_list() {
    let buffer = screen(fixtures(), &[], (100, 24), "e");
    insta::assert_snapshot!(buffer_text(&buffer));
}

#[test]
fn help_overlay_is_generated_from_the_keymap() {
    let buffer = screen(fixtures(), &[], (100, 50), "?");
    insta::assert_snapshot!(buffer_text(&buffer));
}

#[test]
fn tiny_terminals() {
    let buffer = screen(fixtures(), &[], (20, 6), "");
    insta::assert_snapshot!(buffer_text(&buffer));
    for (width, height) in [(1, 1), (2, 1), (15, 3), (20, 4), (40, 8)] {
        let buffer = screen(fixtures(), &[], (width, height), "jjJ]e<Esc>?");
        assert_eq!(buffer.area.width, width);
        if width < 16 || height < 4 {
            let text = buffer_text(&buffer).replace('\n', " ");
            assert!(text.contains("small") || width < 10, "{text}");
        }
    }
}

#[test]
fn bundled_texts_open_in_step_on_18_march() {
    let buffer = screen(bundled(), &[], (120, 36), "");
    let middle = separator(&buffer);
    for x in [0, middle + 1] {
        let title = title(&buffer, x, middle);
        assert!(
            !marked_rows(&buffer, x).is_empty() || title.contains("nothing on 18 Mar"),
            "{title}"
        );
    }
    assert!(row(&buffer, 35).contains("18 Mar 1871"));
}

#[test]
fn bundled_footnote_popup_shows_the_endnote() {
    let buffer = screen(
        bundled(),
        &["isl-the-first-workers-government"],
        (100, 30),
        "ggf",
    );
    let text = buffer_text(&buffer);
    assert!(text.contains("Footnote [1]"), "{text}");
    assert!(text.contains("Marx, The Civil War in France"), "{text}");
}

#[test]
fn passages_quoting_another_document_are_marked() {
    let buffer = screen(
        bundled(),
        &["isl-the-first-workers-government"],
        (120, 40),
        "G",
    );
    let theme = Theme::builtin("dark").unwrap();
    let marked = (1..40).any(|y| {
        buffer[(1, y)].symbol() == "❝" && buffer[(1, y)].fg == theme.quotation_link.fg.unwrap()
    });
    assert!(marked, "{}", buffer_text(&buffer));
}
