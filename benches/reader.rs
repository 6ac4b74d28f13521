//! Criterion benchmarks: import, corpus load, date tagging, frames and re-wrap,
//! on the bundled texts and on larger corpora built from them. BENCHMARKS.md has
//! the figures and how to read them; `cargo bench` runs them all,
//! `cargo bench -- frame` a group.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use parallax::app::{Action, App, Input, Settings};
use parallax::config::keys::Key;
use parallax::ingest::{self, import, parse_document};
use parallax::model::{Corpus, Document, Origin};
use parallax::store::state::{SavedPane, SavedState};
use parallax::time::chronology::{Chronology, date_document, tag_input};
use parallax::time::events::EventCatalog;
use parallax::time::{TagBlock, TagOptions, tag_document};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

const RAW_003: &[u8] = include_bytes!("../tests/fixtures/seeds/003_ea07d1ee2978f3bd.txt");

fn bundled_sources() -> Vec<String> {
    let (documents, _) = ingest::bundled();
    documents
        .iter()
        .filter_map(|d| ingest::read_source(&d.origin).map(|s| s.into_owned()))
        .collect()
}

/// The bundled texts `copies` times over, each copy under its own id.
fn replicated_sources(copies: usize) -> Vec<String> {
    let sources = bundled_sources();
    (0..copies)
        .flat_map(|copy| {
            sources
                .iter()
                .map(move |source| source.replacen("\nid = \"", &format!("\nid = \"c{copy}-"), 1))
        })
        .collect()
}

fn parse_all(sources: &[String]) -> Corpus {
    let mut corpus = Corpus::new();
    for (index, source) in sources.iter().enumerate() {
        if let Ok(document) = parse_document(source, Origin::Bundled(format!("{index}.md"))) {
            corpus.insert(document);
        }
    }
    corpus
}

/// One document of about `bytes` bytes: the synthesis's body repeated.
fn big_document(bytes: usize) -> Document {
    let (documents, _) = ingest::bundled();
    let base = documents
        .iter()
        .find(|d| d.id() == "revolution-and-counter-revolution-in-paris")
        .and_then(|d| ingest::read_source(&d.origin))
        .map(|s| s.into_owned())
        .unwrap_or_default();
    let body_start = base.find("\n+++\n").map_or(0, |i| i + 5);
    let body = &base[body_start..];
    // Footnote definitions are unique per document: keep them out of the copies.
    let body: String = body
        .lines()
        .filter(|l| !l.starts_with("[^"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut source =
        String::from("+++\nid = \"big\"\ntitle = \"Big\"\npublished = \"2021\"\n+++\n");
    while source.len() < bytes {
        source.push_str(&body);
        source.push_str("\n\n");
    }
    parse_document(&source, Origin::Bundled("big.md".into())).expect("the big document parses")
}

fn bytes_of(sources: &[String]) -> u64 {
    sources.iter().map(|s| s.len() as u64).sum()
}

fn import_raw(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Bytes(RAW_003.len() as u64));
    let options = import::ImportOptions::default();
    group.bench_function("hard_wrapped_003", |b| {
        b.iter(|| import::import(black_box(RAW_003), &options))
    });
    group.finish();
}

fn load_corpus(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for copies in [1usize, 10, 30] {
        let sources = replicated_sources(copies);
        group.throughput(Throughput::Bytes(bytes_of(&sources)));
        group.bench_with_input(BenchmarkId::new("parse", copies), &sources, |b, sources| {
            b.iter(|| parse_all(black_box(sources)))
        });
        group.bench_with_input(
            BenchmarkId::new("parse_and_chronology", copies),
            &sources,
            |b, sources| {
                b.iter(|| {
                    let corpus = parse_all(black_box(sources));
                    Chronology::build(&corpus, EventCatalog::bundled())
                })
            },
        );
    }
    group.finish();
}

fn tagging(c: &mut Criterion) {
    let corpus = parse_all(&bundled_sources());
    let text_bytes: u64 = corpus.documents().iter().map(|d| d.text.len() as u64).sum();
    let mut group = c.benchmark_group("tagging");
    group.throughput(Throughput::Bytes(text_bytes));
    let period = EventCatalog::bundled().period();
    group.bench_function("bundled", |b| {
        b.iter(|| {
            for document in corpus.documents() {
                black_box(date_document(document, period));
            }
        })
    });
    // The tagger alone, without the rest of `date_document` (which also scores each
    // passage as narration or argument): the blocks are gathered once, outside.
    let documents: Vec<(Vec<TagBlock>, TagOptions)> = corpus
        .documents()
        .iter()
        .map(|document| tag_input(document, period))
        .collect();
    group.bench_function("tagger_only", |b| {
        b.iter(|| {
            for (blocks, options) in &documents {
                black_box(tag_document(blocks, options));
            }
        })
    });
    group.finish();
}

fn app_with(corpus: Corpus, panes: &[usize], width: u16, height: u16) -> App {
    App::new(
        corpus,
        panes,
        Settings::default(),
        Rect::new(0, 0, width, height),
    )
}

fn frame_group(c: &mut Criterion, name: &str, corpus: Corpus, panes: &[usize]) {
    let mut app = app_with(corpus, panes, 200, 60);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    let mut group = c.benchmark_group(format!("frame_{name}"));
    group.bench_function("scroll_then_draw", |b| {
        let mut down = true;
        b.iter(|| {
            // Alternate so the pane never sticks at an end.
            let key = if down { 'j' } else { 'k' };
            down = !down;
            app.handle(Input::Key(Key::char(key)));
            terminal
                .draw(|frame| parallax::ui::draw(frame, &app))
                .expect("drawn");
        })
    });
    // What `J` computes from a passage of the second pane: it is compared with
    // the passages of every other document, the large one included.
    group.bench_function("related_from_second_pane", |b| {
        let chronology = app.chronology();
        let doc = panes[1];
        let block = (0..app.corpus().documents()[doc].blocks.len())
            .find(|&block| !chronology.events_of(doc, block).is_empty())
            .unwrap_or(0);
        b.iter(|| black_box(chronology.related(doc, block)))
    });
    group.bench_function("cursor_move_then_draw", |b| {
        let mut forward = true;
        b.iter(|| {
            let action = if forward {
                Action::DayForward
            } else {
                Action::DayBack
            };
            forward = !forward;
            app.update(action);
            terminal
                .draw(|frame| parallax::ui::draw(frame, &app))
                .expect("drawn");
        })
    });
    group.finish();
}

fn frames(c: &mut Criterion) {
    frame_group(
        c,
        "bundled_4_panes",
        parse_all(&bundled_sources()),
        &[0, 1, 2, 3],
    );
    let mut big = Corpus::new();
    big.insert(big_document(50_000_000));
    for document in parse_all(&bundled_sources()).documents().iter().take(3) {
        big.insert(document.clone());
    }
    frame_group(c, "50mb_document_4_panes", big, &[0, 1, 2, 3]);
}

/// A reader on one document alone, its pane in the middle of it, the time model
/// still pending (dating is not what a resize costs).
fn app_in_the_middle_of(document: Document, width: u16, height: u16) -> App {
    let id = document.id().to_string();
    let passage = document.blocks.len() / 2;
    let mut corpus = Corpus::new();
    corpus.insert(document);
    let mut app = App::new_dating(
        Arc::new(corpus),
        &[0],
        Settings::default(),
        Rect::new(0, 0, width, height),
    );
    app.restore(&SavedState {
        cursor: app.cursor(),
        focus: 0,
        panes: vec![SavedPane {
            doc: id,
            passage,
            line: 0,
            sync: false,
        }],
    });
    app
}

/// A resize by one column and the frame drawn after it: what the reader does
/// when the window is resized. The largest bundled text (the synthesis, 112 KB)
/// is the small document to compare with.
fn rewrap(c: &mut Criterion) {
    let mut group = c.benchmark_group("rewrap");
    group.sample_size(10);
    let (bundled, _) = ingest::bundled();
    let synthesis = bundled
        .into_iter()
        .find(|d| d.id() == "revolution-and-counter-revolution-in-paris")
        .expect("the synthesis is bundled");
    let documents = [
        ("bundled", synthesis),
        ("5mb", big_document(5_000_000)),
        ("50mb", big_document(50_000_000)),
    ];
    for (name, document) in documents {
        let (width, height) = (100u16, 40u16);
        let mut app = app_in_the_middle_of(document, width, height);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        let mut wide = false;
        group.bench_function(format!("{name}_document_after_resize"), |b| {
            b.iter(|| {
                wide = !wide;
                let width = width + u16::from(wide);
                app.handle(Input::Resize { width, height });
                terminal.backend_mut().resize(width, height);
                terminal
                    .draw(|frame| parallax::ui::draw(frame, &app))
                    .expect("drawn");
            })
        });
    }
    group.finish();
}

criterion_group!(benches, import_raw, load_corpus, tagging, frames, rewrap);
criterion_main!(benches);
