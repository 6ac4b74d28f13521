//! The synopsis, its sheets and aligned compare mode.
//!
//! Exact tables and sheets are snapshots of a small fixture corpus with its own
//! events catalog (tests/fixtures/synopsis), so that tuning the aligner on the
//! bundled texts does not churn them; the bundled texts get looser assertions.

use parallax::app::{App, Input, Settings};
use parallax::cli::reader::{buffer_text, render_buffer};
use parallax::cli::{Library, OpenArgs};
use parallax::config::keys::Key;
use parallax::ingest::parse_document;
use parallax::model::{Corpus, Origin};
use parallax::synopsis::sheet::Sheet;
use parallax::synopsis::{Filter, Synopsis};
use parallax::time::chronology::Chronology;
use parallax::time::date::Date;
use parallax::time::events::EventCatalog;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use scraper::{Html, Selector};
use std::path::Path;
use std::process::Command;

fn fixture_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/synopsis"
    ))
}

fn fixture_corpus() -> Corpus {
    let mut corpus = Corpus::new();
    for name in ["diary", "memoir", "essay"] {
        let path = fixture_dir().join(format!("{name}.md"));
        let source = std::fs::read_to_string(&path).unwrap();
        corpus.insert(parse_document(&source, Origin::File(path)).unwrap());
    }
    corpus
}

fn fixture_catalog() -> EventCatalog {
    let text = std::fs::read_to_string(fixture_dir().join("events.toml")).unwrap();
    EventCatalog::from_toml(&text, "events.toml").unwrap()
}

struct Fixture {
    corpus: Corpus,
    chronology: Chronology,
}

fn fixture() -> Fixture {
    let corpus = fixture_corpus();
    let chronology = Chronology::build(&corpus, fixture_catalog());
    Fixture { corpus, chronology }
}

fn event_index(chronology: &Chronology, id: &str) -> usize {
    chronology
        .catalog()
        .events()
        .iter()
        .position(|e| e.id == id)
        .unwrap()
}

#[test]
fn fixture_synopsis_cells_dates_and_disagreements() {
    let Fixture { corpus, chronology } = fixture();
    let synopsis = Synopsis::build(&chronology, &corpus, &[]);
    let ids: Vec<&str> = synopsis
        .rows
        .iter()
        .map(|row| chronology.catalog().events()[row.event].id.as_str())
        .collect();
    assert_eq!(ids, ["cannons", "elections", "column", "bloody-week"]);
    let cannons = &synopsis.rows[0];
    let [diary, memoir, essay] = [0, 1, 2].map(|c| &cannons.cells[c]);
    assert_eq!(
        diary.date_given.map(|d| d.first),
        Date::new(1871, 3, 18),
        "{diary:?}"
    );
    assert_eq!(memoir.date_given.map(|d| d.first), Date::new(1871, 3, 17));
    // The memoir's 17 March disagrees with both other accounts and the catalog.
    let disagreement = memoir.disagreement.as_ref().unwrap();
    assert!(disagreement.catalog.is_some());
    assert_eq!(disagreement.others.len(), 2);
    assert!(diary.disagreement.is_some() && essay.disagreement.is_some());
    // The essay says nothing of the column: an explicit silence, not a disagreement.
    let column = &synopsis.rows[2];
    assert!(column.cells[2].is_silent());
    assert!(column.cells[2].disagreement.is_none());

    let covered = synopsis.filtered(
        &Filter {
            covered_by_all: true,
            ..Filter::default()
        },
        &chronology,
        &corpus,
    );
    assert_eq!(covered, [0]);
    let disagreeing = synopsis.filtered(
        &Filter {
            disagreements: true,
            ..Filter::default()
        },
        &chronology,
        &corpus,
    );
    assert!(disagreeing.contains(&0), "{disagreeing:?}");
    let by_text = synopsis.filtered(
        &Filter {
            text: "DUNG".to_string(),
            ..Filter::default()
        },
        &chronology,
        &corpus,
    );
    assert_eq!(by_text, [2]);
    let in_may = synopsis.filtered(
        &Filter {
            period: parallax::synopsis::parse_period("may 1871"),
            ..Filter::default()
        },
        &chronology,
        &corpus,
    );
    assert_eq!(in_may, [2, 3]);
}

fn press(app: &mut App, keys: &str) {
    for key in keys.split_whitespace() {
        app.handle(Input::Key(Key::parse(key).unwrap()));
    }
}

fn draw(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| parallax::ui::draw(frame, app))
        .unwrap();
    buffer_text(terminal.backend().buffer())
}

fn fixture_app(width: u16, height: u16) -> App {
    let settings = Settings {
        catalog: fixture_catalog(),
        ..Settings::default()
    };
    App::new(
        fixture_corpus(),
        &[0, 1, 2],
        settings,
        Rect::new(0, 0, width, height),
    )
}

#[test]
fn fixture_synopsis_view() {
    let mut app = fixture_app(120, 26);
    press(&mut app, "S");
    insta::assert_snapshot!(draw(&app, 120, 26));
    // Moving down the table moves the date cursor to the row's event.
    press(&mut app, "j");
    assert_eq!(Some(app.cursor()), Date::new(1871, 3, 26));
    // Enter on the memoir's cell of the column opens its passage in its pane.
    press(&mut app, "j l enter");
    assert!(app.overlays().is_empty());
    assert_eq!(app.focus(), 1);
    let pane = &app.panes()[1];
    let text = app
        .document(pane.doc)
        .unwrap()
        .block_text(pane.highlight.unwrap());
    assert!(text.contains("Vendôme column"), "{text}");
}

#[test]
fn fixture_synopsis_view_filters() {
    let mut app = fixture_app(120, 26);
    // Only events every column tells of, then only disagreements.
    press(&mut app, "S a");
    let view = app.synopsis_view(20).unwrap();
    assert_eq!(view.rows.len(), 1);
    assert!(view.title.contains("told by all"), "{}", view.title);
    press(&mut app, "a !");
    let view = app.synopsis_view(20).unwrap();
    assert!(view.rows.iter().all(|row| row.disagrees));
    // A text filter, typed live; Esc clears it.
    press(&mut app, "! / d u n g");
    assert_eq!(app.synopsis_view(20).unwrap().rows.len(), 1);
    press(&mut app, "esc");
    assert_eq!(app.synopsis_view(20).unwrap().rows.len(), 4);
    // A period.
    press(&mut app, ": m a y space 1 8 7 1 enter");
    let view = app.synopsis_view(20).unwrap();
    assert_eq!(view.rows.len(), 2, "{}", view.title);
}

fn sheet_for(events: &[&str]) -> Sheet {
    let Fixture { corpus, chronology } = fixture();
    let synopsis = Synopsis::build(&chronology, &corpus, &[]);
    let wanted: Vec<usize> = events
        .iter()
        .map(|id| event_index(&chronology, id))
        .collect();
    let rows: Vec<usize> = (0..synopsis.rows.len())
        .filter(|&row| wanted.contains(&synopsis.rows[row].event))
        .collect();
    Sheet::build(&synopsis, &rows, &chronology, &corpus)
}

#[test]
fn markdown_sheet_for_one_event() {
    let sheet = sheet_for(&["elections"]);
    insta::assert_snapshot!(sheet.to_markdown());
}

#[test]
fn html_sheet_parses_with_citations_and_no_external_resources() {
    let sheet = sheet_for(&["cannons", "elections", "column", "bloody-week"]);
    let html = sheet.to_html();
    let document = Html::parse_document(&html);
    let select = |css: &str| Selector::parse(css).unwrap();
    assert_eq!(document.select(&select("article.event")).count(), 4);
    let first = document.select(&select("article.event")).next().unwrap();
    assert_eq!(first.value().attr("id"), Some("event-cannons"));
    assert_eq!(first.select(&select("section.account")).count(), 3);
    // Every account that tells of an event has its passage and a citation line
    // naming author, title, publication, date and passage id.
    let citations: Vec<String> = document
        .select(&select("section.account:not(.silent) p.citation"))
        .map(|p| p.text().collect())
        .collect();
    let told = document
        .select(&select("section.account:not(.silent) blockquote.passage"))
        .count();
    assert_eq!(citations.len(), told);
    assert!(
        citations.contains(
            &"Jeanne Witness, A Diary of the Commune, Invented Press, 1896, passage diary:4"
                .to_string()
        ),
        "{citations:#?}"
    );
    // Footnotes go with their passage.
    let notes: Vec<String> = document
        .select(&select("ul.footnotes li"))
        .map(|li| li.text().collect())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("229,000 voters")),
        "{notes:?}"
    );
    // Silence is said, not left out.
    assert!(document.select(&select("section.account.silent")).count() >= 1);
    // Self-contained: no scripts, nothing loaded from anywhere.
    assert_eq!(document.select(&select("script")).count(), 0);
    assert_eq!(document.select(&select("link")).count(), 0);
    let references: Vec<_> = document.select(&select("[src], [href]")).collect();
    assert!(references.is_empty(), "external references: {references:?}");
    assert!(!html.contains("http://") && !html.contains("https://"));
    let csp = document
        .select(&select("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .unwrap();
    assert!(
        csp.value()
            .attr("content")
            .unwrap()
            .contains("default-src 'none'")
    );
    assert!(html.contains("@media print"));
}

#[test]
fn sheet_text_is_escaped() {
    let mut corpus = fixture_corpus();
    let source = "+++\nid = \"hostile\"\ntitle = \"<script>alert(1)</script>\"\nauthor = \"Mallory\"\n+++\n\nOn 18 March 1871 the cannons of Montmartre \\<img src=x onerror=alert(1)\\> and \\*stars\\* and \u{1b}[2J.\n";
    corpus.insert(parse_document(source, Origin::Bundled("h.md".into())).unwrap());
    let chronology = Chronology::build(&corpus, fixture_catalog());
    let synopsis = Synopsis::build(&chronology, &corpus, &[]);
    let rows: Vec<usize> = (0..synopsis.rows.len()).collect();
    let sheet = Sheet::build(&synopsis, &rows, &chronology, &corpus);
    let html = sheet.to_html();
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "{html}"
    );
    assert!(!html.contains('\u{1b}'));
    let markdown = sheet.to_markdown();
    assert!(markdown.contains("\\<img") && markdown.contains("\\*stars\\*"));
    assert!(!markdown.contains('\u{1b}'));
}

// ----- the bundled texts -----

#[test]
fn bundled_synopsis_json_for_a_handful_of_events() {
    let output = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "synopsis",
            "--json",
            "--event",
            "sedan",
            "september-4",
            "march-18",
            "bloody-week",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rows: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["sedan", "september-4", "march-18", "bloody-week"]);
    for row in &rows {
        let accounts = row["accounts"].as_array().unwrap();
        assert_eq!(accounts.len(), 5, "one column per bundled document");
        for account in accounts {
            match account["passage"].as_str() {
                Some(passage) => {
                    assert!(passage.starts_with(account["doc"].as_str().unwrap()));
                    assert!(account["text"].as_str().is_some_and(|t| !t.is_empty()));
                    assert_eq!(account["citation"]["passage"], account["passage"]);
                }
                None => {
                    assert!(account["text"].is_null());
                    assert!(account["passages"].as_array().unwrap().is_empty());
                }
            }
        }
    }
    // 18 March is told by every account.
    let march_18 = &rows[2];
    assert!(
        march_18["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["passage"].is_string())
    );
    let given: Vec<&str> = march_18["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["date_given"].as_str())
        .collect();
    assert!(given.iter().any(|d| d.contains("1871-03-18")), "{given:?}");
}

#[test]
fn bundled_disagreements_show_both_dates() {
    let output = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["synopsis", "--disagreements"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    // Each listed event has at least one account line with "≠" and two dates.
    let events: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert!(!events.is_empty());
    assert!(events.iter().all(|l| l.ends_with('≠')), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("Dates it") && l.contains(" ≠ "))
    );
}

/// The screen row where a passage's text begins in the pane starting at `x`.
fn row_of(screen: &str, x: usize, needle: &str) -> Option<usize> {
    screen.lines().position(|line| {
        line.chars()
            .skip(x)
            .collect::<String>()
            .trim_start_matches(['▐', ' '])
            .starts_with(needle)
    })
}

#[test]
fn aligned_mode_puts_18_march_on_the_same_row() {
    let library = Library::load(&[], &mut std::io::sink()).unwrap();
    let trotsky = "trotsky-lessons-of-the-commune";
    let other = "revolution-and-counter-revolution-in-paris";
    let open = OpenArgs {
        documents: vec![trotsky.to_string(), other.to_string()],
        at: Some("1871-03-18".to_string()),
        theme: Some("mono".to_string()),
    };
    // The strongest passage of each document for 18 March, as the synopsis has it.
    let chronology = Chronology::build(&library.corpus, EventCatalog::bundled());
    let event = event_index(&chronology, "march-18");
    let beginning = |doc: &str| -> String {
        let index = library.corpus.index_of(doc).unwrap();
        let (_, block, _) = chronology
            .event_passages(event)
            .find(|(d, _, _)| *d == index)
            .unwrap();
        let text = library.corpus.documents()[index].block_text(block);
        text.split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (left, right) = (beginning(trotsky), beginning(other));
    // In aligned mode, open the synopsis, go to the 18 March row and open the
    // left account's passage: the right pane lines up with it.
    let docs = [trotsky, other].map(|d| library.corpus.index_of(d).unwrap());
    let synopsis = Synopsis::build(&chronology, &library.corpus, &docs);
    let row = synopsis.row_of_event(event).unwrap();
    let keys = format!("AS{}{}<Enter>", "gg", "j".repeat(row));
    let screen_for = |keys: &str| {
        let library = Library::load(&[], &mut std::io::sink()).unwrap();
        buffer_text(&render_buffer(library, &open, 140, 40, keys).unwrap())
    };
    let screen = screen_for(&keys);
    let separator = screen
        .lines()
        .nth(1)
        .unwrap()
        .chars()
        .position(|c| c == '│')
        .unwrap();
    let left_row = row_of(&screen, 0, &left);
    let right_row = row_of(&screen, separator + 1, &right);
    assert!(left_row.is_some(), "{left:?} not on screen:\n{screen}");
    assert_eq!(left_row, right_row, "{left:?} / {right:?}:\n{screen}");
    // Scrolling moves both panes together: the passages stay on one row.
    let scrolled = screen_for(&format!("{keys}j"));
    let left_scrolled = row_of(&scrolled, 0, &left);
    assert_eq!(left_scrolled, left_row.map(|row| row - 1), "{scrolled}");
    assert_eq!(left_scrolled, row_of(&scrolled, separator + 1, &right));
    // A second A leaves the mode, every pane where it was.
    let plain = screen_for(&format!("{keys}jA"));
    assert!(plain.lines().next().is_some_and(|t| !t.contains("aligned")));
    assert_eq!(row_of(&plain, 0, &left), left_scrolled, "{plain}");
}
