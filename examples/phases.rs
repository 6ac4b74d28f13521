use parallax::ingest;
use parallax::time::chronology::{Chronology, date_document};
use parallax::time::events::EventCatalog;
use std::time::Instant;
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = Instant::now();
    let (corpus, _) = ingest::load_corpus(&[dir], false);
    let bytes: usize = corpus.documents().iter().map(|d| d.source.len()).sum();
    eprintln!("load+parse {:?} for {} MB", t.elapsed(), bytes / 1_000_000);
    let t = Instant::now();
    for d in corpus.documents() {
        let _ = date_document(d);
    }
    eprintln!("tag {:?}", t.elapsed());
    let t = Instant::now();
    let c = Chronology::build(&corpus, EventCatalog::bundled());
    eprintln!("chronology {:?}", t.elapsed());
    let t = Instant::now();
    for (i, d) in corpus.documents().iter().enumerate().take(1) {
        let _ = parallax::app::layout::DocLayout::new(d, 98);
        let _ = i;
    }
    eprintln!("layout one doc {:?}", t.elapsed());
    let t = Instant::now();
    let _ = c.related(0, 5);
    eprintln!("related {:?}", t.elapsed());
}
