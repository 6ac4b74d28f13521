//! Scripts of actions against `App::update`, asserting state.

use super::*;
use crate::ingest::parse_document;
use crate::model::Origin;

fn doc(id: &str, body: &str) -> Document {
    let source = format!("+++\nid = \"{id}\"\ntitle = \"{id}\"\n+++\n{body}");
    parse_document(&source, Origin::Bundled(format!("{id}.md"))).unwrap()
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
    let bottom = app.pane_top_line(0);
    let max_top = app.pane_layout(0).unwrap().max_top(app.pane_height(0));
    assert_eq!(bottom, max_top);
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

// ----- the date cursor -----

const CATALOG: &str = r#"
[[event]]
id = "march-18"
label = "18 March"
start = "1871-03-18"
cues = ["cannons of Montmartre"]
[[event]]
id = "commune-elections"
label = "Commune elections"
start = "1871-03-26"
cues = ["elections to the Commune"]
[[event]]
id = "bloody-week"
label = "The bloody week"
start = "1871-05-21"
end = "1871-05-28"
cues = ["bloody week"]
"#;

fn dated_app(open: &[usize]) -> App {
    let (corpus, settings) = dated_corpus(false);
    App::new(corpus, open, settings, Rect::new(0, 0, 100, 30))
}

/// Two documents narrating March and May 1871, after an undated one if asked.
fn dated_corpus(undated_first: bool) -> (Corpus, Settings) {
    let a = doc(
        "a",
        &format!(
            "On 18 March 1871 the troops came for the cannons of Montmartre.\n\n{}On 26 March 1871 the elections to the Commune were held.\n\n{}On 21 May 1871 the bloody week began.\n",
            long_body(12),
            long_body(12)
        ),
    );
    let b = doc(
        "b",
        &format!(
            "{}On 18 March 1871 the cannons of Montmartre were defended by the women.\n\n{}On 22 May 1871 the barricades of the bloody week went up.\n",
            long_body(5),
            long_body(20)
        ),
    );
    let mut corpus = Corpus::new();
    if undated_first {
        corpus.insert(doc("undated", &long_body(30)));
    }
    corpus.insert(a);
    corpus.insert(b);
    let settings = Settings {
        catalog: EventCatalog::from_toml(CATALOG, "test").unwrap(),
        ..Settings::default()
    };
    (corpus, settings)
}

// ----- dating in the background -----

/// A reader opened before its texts are dated, and the time model it waits for.
fn dating_app(undated_first: bool, open: &[usize]) -> (App, Dated) {
    let (corpus, settings) = dated_corpus(undated_first);
    let chronology = Chronology::build(&corpus, settings.catalog.clone());
    let app = App::new_dating(Arc::new(corpus), open, settings, Rect::new(0, 0, 100, 30));
    (app, Dated(Arc::new(chronology)))
}

fn pane_places(app: &App) -> Vec<(usize, usize, Option<usize>)> {
    (0..app.panes().len())
        .map(|index| {
            let pane = &app.panes()[index];
            (pane.doc, app.pane_top_line(index), pane.highlight)
        })
        .collect()
}

#[test]
fn once_dated_the_reader_stands_where_a_reader_dated_from_the_start_stands() {
    let (mut app, dated) = dating_app(true, &[]);
    assert_eq!(
        app.panes().iter().map(|p| p.doc).collect::<Vec<_>>(),
        vec![0, 1],
        "before dating, the first documents"
    );
    assert!(app.status_text().contains("dating the texts… 0%"));
    assert!(
        app.panes().iter().all(|p| p.note.is_none()),
        "no pane claims to have nothing on a day before its text is dated"
    );
    app.handle(Input::Dating(Progress { done: 3, total: 4 }));
    assert!(app.status_text().contains("dating the texts… 75%"));
    app.handle(Input::Dated(dated));
    assert_eq!(app.dating_progress(), None);
    assert!(!app.status_text().contains("dating"));
    let (corpus, settings) = dated_corpus(true);
    let from_start = App::new(corpus, &[], settings, Rect::new(0, 0, 100, 30));
    assert_eq!(pane_places(&app), pane_places(&from_start));
    assert_eq!(app.panes()[0].doc, 1, "the undated document gave way");
}

#[test]
fn while_dating_the_cursor_moves_and_the_panes_follow_once_dated() {
    let (mut app, dated) = dating_app(false, &[0, 1]);
    press(&mut app, "j j");
    let scrolled = pane_places(&app);
    press(&mut app, "}");
    assert_eq!(pane_places(&app), scrolled, "nothing to sync with yet");
    assert_ne!(app.cursor(), day(1871, 3, 18));
    press(&mut app, "J");
    assert!(app.status_text().contains("still dating the texts"));
    app.handle(Input::Dated(dated));
    let (corpus, settings) = dated_corpus(false);
    let mut from_start = App::new(corpus, &[0, 1], settings, Rect::new(0, 0, 100, 30));
    from_start.set_cursor(app.cursor());
    assert_eq!(pane_places(&app), pane_places(&from_start));
}

#[test]
fn a_pane_scrolled_while_dating_stays_where_the_reader_left_it() {
    let (mut app, dated) = dating_app(true, &[]);
    press(&mut app, "ctrl-d ctrl-d");
    let scrolled = app.pane_top_line(0);
    assert!(scrolled > 0);
    app.handle(Input::Dated(dated));
    assert_eq!(app.panes()[0].doc, 0, "the panes chosen stay");
    assert_eq!(app.pane_top_line(0), scrolled);
}

#[test]
fn a_passage_bookmarked_while_dating_stays_in_view() {
    // Where each pane stands (its highlight is the cursor's, shown once dated).
    let views = |app: &App| -> Vec<(usize, usize)> {
        pane_places(app)
            .into_iter()
            .map(|(doc, top, _)| (doc, top))
            .collect()
    };
    let (mut app, dated) = dating_app(false, &[0, 1]);
    press(&mut app, "}");
    let marked = views(&app);
    press(&mut app, "m");
    app.handle(Input::Dated(dated.clone()));
    press(&mut app, "b a r r i c a d e s Enter");
    assert_eq!(views(&app), marked, "the view moved under the reader");
    // Without the bookmark, the panes would have followed the cursor.
    let (mut unmarked, _) = dating_app(false, &[0, 1]);
    press(&mut unmarked, "}");
    unmarked.handle(Input::Dated(dated));
    assert_ne!(views(&unmarked), marked);
}

#[test]
fn a_failure_to_date_is_told_and_the_reader_goes_on() {
    let (mut app, _) = dating_app(false, &[0, 1]);
    app.handle(Input::DatingFailed("out of memory".to_string()));
    assert_eq!(app.dating_progress(), None);
    assert!(matches!(
        app.overlays().last(),
        Some(Overlay::Notices { lines, .. }) if lines[0].contains("out of memory")
    ));
    press(&mut app, "Escape j");
    assert!(app.pane_top_line(0) > 0);
}

/// The passage's first line is on the first two lines of the pane, or on screen
/// when the document ends before it could scroll that far.
fn assert_near_top(app: &App, pane: usize, block: usize) {
    let layout = app.pane_layout(pane).unwrap();
    let line = layout.line_of(layout::Position { block, line: 0 });
    let top = app.pane_top_line(pane);
    let at_end = top == layout.max_top(app.pane_height(pane));
    let visible = line >= top && line < top + app.pane_height(pane);
    assert!(
        visible && (line <= top + 1 || at_end),
        "block {block} at line {line}, top {top}"
    );
}

fn day(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

#[test]
fn the_cursor_starts_on_18_march_with_both_panes_in_step() {
    let app = dated_app(&[0, 1]);
    assert_eq!(app.cursor(), day(1871, 3, 18));
    assert_eq!(app.panes()[0].highlight, Some(0));
    assert_eq!(app.panes()[1].highlight, Some(5));
    assert_near_top(&app, 1, 5);
}

#[test]
fn next_event_moves_every_pane() {
    let mut app = dated_app(&[0, 1]);
    press(&mut app, "]");
    assert_eq!(app.cursor(), day(1871, 3, 26));
    assert_eq!(app.panes()[0].highlight, Some(13));
    // Document b says nothing about 26 March: it says so instead of pretending.
    let note = app.panes()[1].note.clone().unwrap();
    assert!(note.starts_with("nothing on 26 Mar"), "{note}");
    assert!(note.contains("next: 22 May"), "{note}");
    press(&mut app, "]");
    assert_eq!(app.cursor(), day(1871, 5, 21));
    press(&mut app, "[ [");
    assert_eq!(app.cursor(), day(1871, 3, 18));
}

#[test]
fn timeline_mode_moves_by_day_and_week() {
    let mut app = dated_app(&[0, 1]);
    press(&mut app, "t l l");
    assert_eq!(*app.mode(), Mode::Timeline);
    assert_eq!(app.cursor(), day(1871, 3, 20));
    press(&mut app, "L h");
    assert_eq!(app.cursor(), day(1871, 3, 26));
    press(&mut app, "enter");
    assert_eq!(*app.mode(), Mode::Normal);
    press(&mut app, "}");
    assert_eq!(app.cursor(), day(1871, 4, 26));
}

#[test]
fn a_typed_date_moves_the_cursor() {
    let mut app = dated_app(&[0, 1]);
    press(&mut app, ":");
    for c in "21 May 1871".chars() {
        app.handle(Input::Key(Key::char(c)));
    }
    press(&mut app, "enter");
    assert_eq!(app.cursor(), day(1871, 5, 21));
    assert_eq!(app.panes()[0].highlight, Some(26));
    press(&mut app, ": x enter");
    assert_eq!(
        app.cursor(),
        day(1871, 5, 21),
        "a bad date leaves the cursor"
    );
    assert!(app.message().unwrap().starts_with("not a date"));
}

#[test]
fn the_scrolled_pane_leads_and_the_other_follows() {
    let mut app = dated_app(&[0, 1]);
    // Scroll pane a down to its 26 March passage.
    for _ in 0..500 {
        if app.top_block(0).unwrap() >= 13 {
            break;
        }
        press(&mut app, "j");
    }
    assert!(app.top_block(0).unwrap() >= 13, "j scrolls");
    assert_eq!(app.cursor(), day(1871, 3, 26));
    assert!(
        app.panes()[1]
            .note
            .as_deref()
            .unwrap_or("")
            .starts_with("nothing on 26 Mar")
    );
    // With sync off, pane b keeps its place when the cursor moves.
    press(&mut app, "tab s");
    let before = app.top_block(1);
    press(&mut app, "tab ]");
    assert_eq!(app.top_block(1), before);
    assert!(app.pane_title(1).note.unwrap().contains("sync off"));
}

#[test]
fn event_jump_shows_the_same_event_in_the_other_pane_and_ctrl_o_returns() {
    let mut app = dated_app(&[0, 1]);
    press(&mut app, "G");
    let before = app.pane_position(0);
    press(&mut app, "J");
    let cycle = app.related_cycle.clone().unwrap();
    assert_eq!(
        app.panes()[1].highlight,
        Some(26),
        "b's bloody week passage, from {cycle:?}"
    );
    assert!(
        app.panes()[1]
            .note
            .as_deref()
            .unwrap()
            .starts_with("same event 1/")
    );
    assert_near_top(&app, 1, 26);
    press(&mut app, "tab ctrl-o");
    assert_eq!(
        app.focus(),
        0,
        "Ctrl-o returns to the pane the jump started from"
    );
    assert_eq!(app.pane_position(0), before);
}

#[test]
fn the_events_list_moves_the_cursor_and_the_panes() {
    let mut app = dated_app(&[0, 1]);
    press(&mut app, "e");
    assert!(matches!(app.overlays(), [Overlay::Events { selected: 0 }]));
    press(&mut app, "esc : 1 8 7 1 - 0 4 - 1 8 enter e");
    assert!(
        matches!(app.overlays(), [Overlay::Events { selected: 1 }]),
        "at 18 April the list opens on the elections of 26 March: {:?}",
        app.overlays()
    );
    press(&mut app, "esc : 1 8 7 1 - 0 3 - 1 8 enter e");
    press(&mut app, "G enter");
    assert!(app.overlays().is_empty());
    assert_eq!(app.cursor(), day(1871, 5, 21));
    assert_eq!(app.panes()[0].highlight, Some(26));
    assert_eq!(app.panes()[1].highlight, Some(26));
    let rows = app.events_rows();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[1].contains("[1·]"),
        "only pane 1 covers the elections: {}",
        rows[1]
    );
}

// ----- layouts wrapped on demand -----

use proptest::strategy::Strategy as _;

/// The app with layouts wrapped 64 bytes of text at a time and never whole, as
/// a document too large to wrap at once is.
fn lazy(mut app: App) -> App {
    app.layouts = LayoutCache::lazy(64);
    app.relayout();
    app.settle();
    app
}

/// Per pane: where it stands and the lines it shows (None: a blank row).
fn view(app: &App) -> Vec<(Position, Vec<Option<layout::Line>>)> {
    (0..app.panes().len())
        .map(|pane| {
            let layout = app.pane_layout(pane);
            let rows = app
                .pane_rows(pane)
                .into_iter()
                .map(|row| row.and_then(|line| layout?.line(line).cloned()))
                .collect();
            (app.panes()[pane].top, rows)
        })
        .collect()
}

fn step(app: &mut App, step: &str) {
    match step.strip_prefix("resize ") {
        Some(size) => {
            let (width, height) = size.split_once('x').unwrap();
            app.handle(Input::Resize {
                width: width.parse().unwrap(),
                height: height.parse().unwrap(),
            });
        }
        None => {
            press(app, step);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    #[test]
    fn a_reader_on_lazy_layouts_shows_what_one_on_whole_layouts_shows(
        steps in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just("j".to_string()),
            proptest::strategy::Just("k".to_string()),
            proptest::strategy::Just("ctrl-d".to_string()),
            proptest::strategy::Just("ctrl-u".to_string()),
            proptest::strategy::Just("space".to_string()),
            proptest::strategy::Just("b".to_string()),
            proptest::strategy::Just("G".to_string()),
            proptest::strategy::Just("g g".to_string()),
            proptest::strategy::Just("tab".to_string()),
            proptest::strategy::Just("v".to_string()),
            proptest::strategy::Just("x".to_string()),
            proptest::strategy::Just("]".to_string()),
            proptest::strategy::Just("[".to_string()),
            proptest::strategy::Just("}".to_string()),
            proptest::strategy::Just("J".to_string()),
            proptest::strategy::Just("ctrl-o".to_string()),
            proptest::strategy::Just("/ b l o o d y enter".to_string()),
            proptest::strategy::Just("n".to_string()),
            (10u16..140, 2u16..50).prop_map(|(w, h)| format!("resize {w}x{h}")),
        ], 1..30),
    ) {
        let (corpus, settings) = dated_corpus(true);
        let size = Rect::new(0, 0, 100, 30);
        let mut whole = App::new(corpus.clone(), &[1, 2], settings.clone(), size);
        let mut lazy = lazy(App::new(corpus, &[1, 2], settings, size));
        proptest::prop_assert_eq!(view(&lazy), view(&whole));
        for keys in &steps {
            step(&mut whole, keys);
            step(&mut lazy, keys);
            proptest::prop_assert_eq!(view(&lazy), view(&whole), "after {}", keys);
            proptest::prop_assert_eq!(lazy.cursor(), whole.cursor());
        }
    }
}

#[test]
fn scrolling_crosses_chunks_line_by_line() {
    let docs = || vec![doc("a", &long_body(60))];
    let mut whole = app_with(docs(), &[0]);
    let mut lazy = lazy(app_with(docs(), &[0]));
    for keys in ["j", "k", "space", "b", "ctrl-d", "ctrl-u"] {
        let mut tops = Vec::new();
        for _ in 0..200 {
            press(&mut whole, keys);
            press(&mut lazy, keys);
            assert_eq!(view(&lazy), view(&whole), "{keys}");
            let top = lazy.panes()[0].top;
            tops.push((top.block, top.line));
        }
        // Each press moved on from where the last one ended, to the end.
        tops.dedup();
        assert!(tops.len() > 3, "{keys}: {tops:?}");
        assert!(
            tops.windows(2)
                .all(|w| (w[0] < w[1]) == (tops[0] < tops[1]))
        );
    }
    press(&mut lazy, "G");
    let last = lazy.pane_layout(0).unwrap().len() - 1;
    assert_eq!(lazy.pane_rows(0).last(), Some(&Some(last)));
    assert!(lazy.pane_layout(0).unwrap().line(last).is_some());
}

/// Paragraphs of Chinese: three bytes for two columns, so that estimates from
/// byte lengths are well off.
fn wide_body(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| format!("段落{i} {}\n\n", "巴黎公社的历史 ".repeat(i % 5 + 2)))
        .collect()
}

#[test]
fn correcting_estimates_leaves_every_pane_where_it_stands() {
    let mut app = lazy(app_with(vec![doc("a", &wide_body(80))], &[0]));
    press(&mut app, "G ctrl-u ctrl-u k");
    let (doc, width) = (0, app.text_width(0).unwrap());
    let shown = view(&app);
    let line = app.pane_top_line(0);
    let document = app.corpus.documents()[doc].clone();
    app.layouts.get_mut(doc, width).unwrap().wrap_all(&document);
    app.settle();
    assert_ne!(app.pane_top_line(0), line, "the estimates above were off");
    assert_eq!(view(&app), shown);
}

#[test]
fn positions_survive_resizes_of_a_lazy_layout() {
    let mut app = lazy(app_with(vec![doc("a", &wide_body(80))], &[0]));
    press(&mut app, "ctrl-d ctrl-d ctrl-d ctrl-d j");
    let top = app.panes()[0].top;
    let shown = view(&app);
    for (width, height) in [(50, 30), (23, 7), (131, 40), (80, 24)] {
        app.handle(Input::Resize { width, height });
        assert_eq!(app.top_block(0), Some(top.block));
    }
    assert_eq!(view(&app), shown, "back at the first size, the same lines");
}

#[test]
fn a_search_far_away_lands_on_its_match() {
    let docs = || vec![doc("a", &long_body(300))];
    let mut whole = app_with(docs(), &[0]);
    let mut lazy = lazy(app_with(docs(), &[0]));
    for app in [&mut whole, &mut lazy] {
        press(app, "/ P a r a g r a p h space 2 8 7 enter");
    }
    assert_eq!(view(&lazy), view(&whole));
    let block =
        lazy.document(0).unwrap().blocks.iter().position(|b| {
            lazy.document(0).unwrap().text[b.text.clone()].starts_with("Paragraph 287 ")
        });
    let rows = &view(&lazy)[0].1;
    assert!(
        rows.iter()
            .flatten()
            .any(|line| Some(line.block) == block && !line.range.is_empty())
    );
    // A screen around each place the incremental search stopped at (paragraphs 2,
    // 28 and 287), not the 300 paragraphs.
    assert!(lazy.pane_layout(0).unwrap().wrapped_chunks() < 50);
}

#[test]
fn aligned_mode_on_lazy_layouts_lines_passages_up_and_scrolls_row_by_row() {
    let (corpus, settings) = dated_corpus(false);
    let mut app = lazy(App::new(
        corpus,
        &[0, 1],
        settings,
        Rect::new(0, 0, 100, 30),
    ));
    press(&mut app, "A");
    assert!(app.is_aligned());
    let mut before = view(&app);
    let (mut moves, mut aligned_on_screen) = (0, 0);
    for _ in 0..120 {
        press(&mut app, "j");
        let after = view(&app);
        let (rows_before, rows_after) = (&before[app.focus()].1, &after[app.focus()].1);
        if rows_before != rows_after {
            assert_eq!(rows_before[1..], rows_after[..rows_after.len() - 1]);
            moves += 1;
        }
        // Passages aligned on the same event start on the same row.
        let layout = app.aligned_layout().unwrap();
        let row = app.aligned.as_ref().unwrap().row;
        for anchor in &layout.anchors {
            for (pane, block) in anchor.blocks.iter().enumerate() {
                let (Some(block), Some(shown)) = (block, anchor.row.checked_sub(row)) else {
                    continue;
                };
                if let Some(Some(line)) = after[pane].1.get(shown) {
                    let start = app.document(app.panes()[pane].doc).unwrap().blocks[*block]
                        .text
                        .start;
                    assert_eq!((line.block, line.range.start), (*block, start));
                    aligned_on_screen += 1;
                }
            }
        }
        before = after;
    }
    assert!(
        moves > 20 && aligned_on_screen > 0,
        "{moves} {aligned_on_screen}"
    );
}
