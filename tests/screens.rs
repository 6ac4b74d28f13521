//! Whole screens of the reader on the bundled texts, drawn with ratatui's
//! TestBackend through the same code as the live reader (`parallax render`).
//! Text is compared with insta snapshots (each one read and checked by hand);
//! styles are asserted cell by cell where they carry meaning.

use parallax::cli::reader::{buffer_text, render_buffer};
use parallax::cli::{Library, OpenArgs};
use parallax::config::theme::Theme;
use ratatui::buffer::Buffer;

fn screen(documents: &[&str], at: Option<&str>, size: (u16, u16), keys: &str) -> Buffer {
    let library = Library::load(&[], &mut std::io::sink()).unwrap();
    let open = OpenArgs {
        documents: documents.iter().map(|d| d.to_string()).collect(),
        at: at.map(str::to_string),
        theme: Some("dark".to_string()),
    };
    render_buffer(library, &open, size.0, size.1, keys).unwrap()
}

/// Row `y` of a buffer as text.
fn row(buffer: &Buffer, y: u16) -> String {
    buffer_text(buffer)
        .lines()
        .nth(usize::from(y))
        .unwrap_or("")
        .to_string()
}

/// The first cell whose symbol starts `needle` on row `y`.
fn find_in_row(buffer: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let text: Vec<String> = (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_string())
        .collect();
    (0..text.len())
        .find(|&x| text[x..].concat().starts_with(needle))
        .map(|x| x as u16)
}

#[test]
fn default_layout_two_panes_in_step_on_18_march() {
    let buffer = screen(&[], None, (120, 36), "");
    insta::assert_snapshot!(buffer_text(&buffer));
    let theme = Theme::builtin("dark").unwrap();
    // The focused pane's title is drawn in the focused style, the other one not.
    assert_eq!(buffer[(1, 0)].fg, theme.title_focused.fg.unwrap());
    let separator = (0..120).find(|&x| buffer[(x, 1)].symbol() == "│").unwrap();
    assert_eq!(buffer[(separator + 2, 0)].fg, theme.title.fg.unwrap());
    // The status line names the cursor's date and event.
    assert!(
        row(&buffer, 35).contains("18 Mar 1871"),
        "{}",
        row(&buffer, 35)
    );
}

#[test]
fn cursor_moved_to_21_may_keeps_both_panes_in_step() {
    let buffer = screen(&[], None, (120, 36), ":1871-05-21<Enter>");
    insta::assert_snapshot!(buffer_text(&buffer));
    let theme = Theme::builtin("dark").unwrap();
    // Each pane marks the passage for the cursor in its gutter, or says in its
    // title bar that its document has nothing on that day.
    let separator = (0..120).find(|&x| buffer[(x, 1)].symbol() == "│").unwrap();
    for x in [0u16, separator + 1] {
        let marked = (1..28).any(|y| {
            buffer[(x, y)].symbol() == "▐" && buffer[(x, y)].fg == theme.gutter_mark.fg.unwrap()
        });
        let title: String = (x..(x + separator).min(120))
            .map(|c| buffer[(c, 0)].symbol().to_string())
            .collect();
        assert!(
            marked || title.contains("nothing on 21 May"),
            "pane at column {x}: {title}"
        );
    }
    assert!(row(&buffer, 35).contains("21 May 1871"));
}

#[test]
fn footnote_popup() {
    let buffer = screen(
        &["isl-the-first-workers-government"],
        None,
        (100, 30),
        "ggf",
    );
    insta::assert_snapshot!(buffer_text(&buffer));
    let text = buffer_text(&buffer);
    assert!(text.contains("Footnote [1]"), "{text}");
    assert!(text.contains("Marx, The Civil War in France"), "{text}");
}

#[test]
fn footnote_markers_are_highlighted() {
    let buffer = screen(&["isl-the-first-workers-government"], None, (100, 30), "gg");
    let theme = Theme::builtin("dark").unwrap();
    let (y, x) = (1..28)
        .find_map(|y| find_in_row(&buffer, y, "[1]").map(|x| (y, x)))
        .expect("the first footnote mark is on screen");
    assert_eq!(buffer[(x, y)].fg, theme.footnote_marker.fg.unwrap());
    assert_eq!(buffer[(x.saturating_sub(2), y)].fg, theme.text.fg.unwrap());
}

#[test]
fn events_list() {
    let buffer = screen(&[], None, (110, 30), "e");
    insta::assert_snapshot!(buffer_text(&buffer));
}

#[test]
fn help_overlay_is_generated_from_the_keymap() {
    let buffer = screen(&[], None, (100, 40), "?");
    insta::assert_snapshot!(buffer_text(&buffer));
}

#[test]
fn tiny_terminals() {
    let buffer = screen(&[], None, (20, 6), "");
    insta::assert_snapshot!(buffer_text(&buffer));
    for (width, height) in [(1, 1), (2, 1), (15, 3), (20, 4), (40, 8)] {
        let buffer = screen(&[], None, (width, height), "jjJ]e<Esc>?");
        assert_eq!(buffer.area.width, width);
    }
}
