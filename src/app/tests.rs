//! Scripts of actions against `App::update`, asserting state.

use super::*;
use crate::ingest::parse_document;
use crate::model::Origin;

fn doc(id: &str, body: &str) -> Document {
    let source = format!("+++\nid = \"{id}\"\ntitle = \"{id}\"\n+++\n{body}");
    parse_document(source, Origin::Bundled(format!("{id}.md"))).unwrap()
}

fn long_body(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| format!("Paragraph {i} has several words in it so that it wraps over lines.\n\n"))
        .collect()
}

fn app_with(docs: Vec<Document>, open: &[usize]) -> App {
    let mut corpus = Corpus::new();
    for d in docs {
        corpus.insert(d);
    }
    App::new(corpus, open, Settings::default(), Rect::new(0, 0, 80, 24))
}

fn press(app: &mut App, keys: &str) -> Effect {
    let mut effect = Effect::None;
    for key in keys.split_whitespace() {
        effect = app.handle(Input::Key(Key::parse(key).unwrap()));
    }
    effect
}

#[test]
fn scrolling_stays_in_range() {
    let mut app = app_with(vec![doc("a", &long_body(40))], &[0]);
    press(&mut app, "G");
    let layout = app.pane_layout(0).unwrap().clone();
    let bottom = app.pane_top_line(0);
    assert_eq!(bottom, layout.max_top(app.pane_height(0)));
    press(&mut app, "j j j");
    assert_eq!(app.pane_top_line(0), bottom, "cannot scroll past the end");
    press(&mut app, "g g");
    assert_eq!(app.pane_top_line(0), 0);
    press(&mut app, "k");
    assert_eq!(app.pane_top_line(0), 0);
    press(&mut app, "ctrl-d");
    assert!(app.pane_top_line(0) > 0);
}

#[test]
fn resize_keeps_the_passage_on_top() {
    let mut app = app_with(vec![doc("a", &long_body(40))], &[0]);
    press(&mut app, "ctrl-d ctrl-d ctrl-d");
    let block = app.top_block(0).unwrap();
    app.handle(Input::Resize {
        width: 50,
        height: 30,
    });
    assert_eq!(app.top_block(0), Some(block));
    app.handle(Input::Resize {
        width: 1,
        height: 1,
    });
    app.handle(Input::Resize {
        width: 120,
        height: 40,
    });
    assert_eq!(app.top_block(0), Some(block));
}

#[test]
fn panes_open_close_and_focus() {
    let mut app = app_with(
        vec![doc("a", "A.\n"), doc("b", "B.\n"), doc("c", "C.\n")],
        &[0],
    );
    press(&mut app, "v");
    assert_eq!(app.panes().len(), 2);
    assert_eq!(app.focus(), 1);
    assert_eq!(
        app.panes()[1].doc,
        1,
        "a new pane shows a document not yet open"
    );
    press(&mut app, "tab");
    assert_eq!(app.focus(), 0);
    press(&mut app, "ctrl-w l");
    assert_eq!(app.focus(), 1);
    press(&mut app, "x");
    assert_eq!(app.panes().len(), 1);
    press(&mut app, "x");
    assert_eq!(app.panes().len(), 1, "the last pane stays");
    assert!(app.message().is_some());
}

#[test]
fn footnote_popup_cycles_through_marks_on_screen() {
    let mut app = app_with(
        vec![doc(
            "a",
            "One[^1] and two[^2].\n\n[^1]: First note.\n[^2]: Second note.\n",
        )],
        &[0],
    );
    press(&mut app, "f");
    assert_eq!(
        app.overlays(),
        &[Overlay::Footnote {
            doc: 0,
            footnote: 0,
            scroll: 0
        }]
    );
    press(&mut app, "f");
    assert_eq!(
        app.overlays(),
        &[Overlay::Footnote {
            doc: 0,
            footnote: 1,
            scroll: 0
        }]
    );
    press(&mut app, "esc");
    assert!(app.overlays().is_empty());
}

#[test]
fn cross_link_opens_a_neighbour_pane_and_ctrl_o_returns() {
    let mut app = app_with(
        vec![
            doc("a", "See [the other](b#target).\n"),
            doc("b", &format!("{}Target here. {{#target}}\n", long_body(30))),
        ],
        &[0],
    );
    press(&mut app, "enter");
    assert_eq!(app.panes().len(), 2);
    assert_eq!(app.focus(), 1);
    assert_eq!(app.panes()[1].doc, 1);
    assert_eq!(app.panes()[1].highlight, Some(30));
    assert!(app.pane_top_line(1) > 0);
    press(&mut app, "ctrl-o");
    assert_eq!(
        app.focus(),
        0,
        "back to the pane the link was followed from"
    );
    press(&mut app, "alt-i");
    assert_eq!(app.focus(), 1);
}

#[test]
fn incremental_search_counts_matches() {
    let mut app = app_with(
        vec![doc(
            "a",
            &format!("{}needle\n\nhay needle\n", long_body(30)),
        )],
        &[0],
    );
    press(&mut app, "/ n e e d");
    assert_eq!(app.search_status().as_deref(), Some("1/2"));
    assert!(app.pane_top_line(0) > 0, "the view moved to the match");
    press(&mut app, "enter n");
    assert_eq!(app.search_status().as_deref(), Some("2/2"));
    press(&mut app, "N N");
    assert_eq!(app.search_status().as_deref(), Some("2/2"));
}

#[test]
fn search_all_lists_hits_and_opens_one() {
    let mut app = app_with(
        vec![
            doc("a", "Alpha cannon.\n"),
            doc("b", "Beta.\n\nGamma cannon.\n"),
        ],
        &[0, 1],
    );
    press(&mut app, "g / c a n n o n enter");
    let Some(Overlay::SearchHits { hits, .. }) = app.overlays().last() else {
        panic!("expected hits, got {:?}", app.overlays());
    };
    assert_eq!(hits.len(), 2);
    press(&mut app, "j enter");
    assert!(app.overlays().is_empty());
    assert_eq!(app.focus(), 1);
    assert_eq!(app.panes()[1].highlight, Some(1));
}

#[test]
fn picker_changes_the_focused_document() {
    let mut app = app_with(vec![doc("a", "A.\n"), doc("b", "B.\n")], &[0]);
    press(&mut app, "o j enter");
    assert_eq!(app.panes()[0].doc, 1);
}

#[test]
fn quit_and_help() {
    let mut app = app_with(vec![doc("a", "A.\n")], &[0]);
    press(&mut app, "?");
    assert!(matches!(app.overlays(), [Overlay::Help { .. }]));
    assert_eq!(
        press(&mut app, "q"),
        Effect::None,
        "q closes the popup first"
    );
    assert_eq!(press(&mut app, "q"), Effect::Quit);
    press(&mut app, "?");
    assert_eq!(press(&mut app, "Q"), Effect::Quit);
}
