#![no_main]
//! Scrolling and everything else a reader can do, over a fuzzed document: a
//! sequence of keys, pastes, clicks and resizes on an `App`, never a panic; after
//! each input the focus names a pane and every pane's top line is within its
//! document; the screen draws at every size.

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use parallax::app::{App, Input, Mouse, MouseKind, Settings};
use parallax::config::keys::Key;
use parallax::ingest::parse_document;
use parallax::model::{Corpus, Origin};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::sync::OnceLock;

/// Every key of the default keymap, and the keys prompts and lists read.
const KEYS: &[&str] = &[
    "j",
    "k",
    "down",
    "up",
    "ctrl-d",
    "ctrl-u",
    "space",
    "b",
    "pagedown",
    "pageup",
    "g",
    "G",
    "home",
    "end",
    "tab",
    "shift-tab",
    "ctrl-w",
    "h",
    "l",
    "w",
    "]",
    "[",
    "}",
    "{",
    "t",
    "H",
    "L",
    "+",
    "-",
    ":",
    "d",
    "J",
    "K",
    "e",
    "f",
    "enter",
    "ctrl-o",
    "ctrl-i",
    "alt-i",
    "/",
    "n",
    "N",
    "o",
    "v",
    "x",
    "s",
    "S",
    "A",
    "T",
    "m",
    "a",
    "'",
    "?",
    "esc",
    "q",
    "Q",
    "backspace",
    "left",
    "right",
    "!",
    "c",
    "1",
    "8",
    " ",
];

#[derive(Debug, Arbitrary)]
enum Step {
    Key(u8),
    Char(char),
    Paste(String),
    Resize { width: u8, height: u8 },
    Mouse { kind: u8, column: u8, row: u8 },
}

#[derive(Debug, Arbitrary)]
struct Script {
    body: String,
    width: u8,
    height: u8,
    steps: Vec<Step>,
}

/// Building the settings parses the keymap and the events catalog: once.
fn settings() -> Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(Settings::default).clone()
}

const OTHER: &str = "+++\nid = \"other\"\ntitle = \"Other\"\n+++\n\
# 18 March 1871\n\nThe cannons of Montmartre.[^1] See [this](fuzz#2).\n\n\
On 28 May 1871 the last barricade fell.\n\n[^1]: A note.\n";

fuzz_target!(|script: Script| {
    let source = format!("+++\nid = \"fuzz\"\ntitle = \"Fuzz\"\n+++\n{}", script.body);
    let Ok(document) = parse_document(&source, Origin::Bundled("fuzz.md".into())) else {
        return;
    };
    let mut corpus = Corpus::new();
    corpus.insert(document);
    if let Ok(other) = parse_document(OTHER, Origin::Bundled("other.md".into())) {
        corpus.insert(other);
    }
    let (mut width, mut height) = (u16::from(script.width), u16::from(script.height));
    let mut app = App::new(corpus, &[0, 1], settings(), Rect::new(0, 0, width, height));
    for (n, step) in script.steps.into_iter().take(200).enumerate() {
        let input = match step {
            Step::Key(k) => match Key::parse(KEYS[usize::from(k) % KEYS.len()]) {
                Ok(key) => Input::Key(key),
                Err(_) => continue,
            },
            Step::Char(c) => match Key::parse(&c.to_string()) {
                Ok(key) => Input::Key(key),
                Err(_) => continue,
            },
            Step::Paste(text) => Input::Paste(text),
            Step::Resize {
                width: w,
                height: h,
            } => {
                (width, height) = (u16::from(w), u16::from(h));
                Input::Resize { width, height }
            }
            Step::Mouse { kind, column, row } => Input::Mouse(Mouse {
                kind: match kind % 3 {
                    0 => MouseKind::ScrollUp,
                    1 => MouseKind::ScrollDown,
                    _ => MouseKind::Click,
                },
                column: u16::from(column),
                row: u16::from(row),
            }),
        };
        let _ = app.handle(input);
        assert!(app.panes().is_empty() || app.focus() < app.panes().len());
        for pane in 0..app.panes().len() {
            if let Some(layout) = app.pane_layout(pane) {
                let top = app.pane_top_line(pane);
                assert!(
                    top <= layout.max_top(app.pane_height(pane)),
                    "pane {pane} at {top}"
                );
            }
        }
        if n % 16 == 0 {
            draw(&app, width, height);
        }
    }
    draw(&app, width, height);
});

fn draw(app: &App, width: u16, height: u16) {
    // A zero-sized terminal is what a window shrunk to nothing reports.
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test backend");
    terminal
        .draw(|frame| parallax::ui::draw(frame, app))
        .expect("drawing on a test backend");
}
