//! Prints each passage of a bundled document with its narrated time and events:
//! `cargo run --example passage_times -- DOC-ID`. A tool for reading the aligner's
//! decisions next to the text.

use parallax::ingest;
use parallax::model::Corpus;
use parallax::time::chronology::Chronology;
use parallax::time::events::EventCatalog;

fn main() {
    let wanted = std::env::args().nth(1).unwrap_or_default();
    let (documents, _) = ingest::bundled();
    let mut corpus = Corpus::new();
    for document in documents {
        corpus.insert(document);
    }
    let chronology = Chronology::build(&corpus, EventCatalog::bundled());
    let Some(doc) = corpus.index_of(&wanted) else {
        eprintln!("no document {wanted:?}");
        std::process::exit(2);
    };
    let document = &corpus.documents()[doc];
    for block in 0..document.blocks.len() {
        let time = chronology
            .passage_time(doc, block)
            .map(|t| format!("{}..{} {:?}", t.span.first, t.span.last, t.source))
            .unwrap_or_default();
        let events: Vec<String> = chronology
            .events_of(doc, block)
            .iter()
            .take(if std::env::var_os("VERBOSE").is_some() {
                5
            } else {
                3
            })
            .map(|e| {
                if std::env::var_os("VERBOSE").is_some() {
                    format!(
                        "{}:{:.2}(t{:.2}c{:.2})",
                        chronology.catalog().events()[e.event].id,
                        e.score,
                        e.time,
                        e.cues
                    )
                } else {
                    format!(
                        "{}:{:.2}",
                        chronology.catalog().events()[e.event].id,
                        e.score
                    )
                }
            })
            .collect();
        let text: String = document.block_text(block).chars().take(70).collect();
        println!(
            "{:>3} {:<36} {:<60} {}",
            block + 1,
            time,
            events.join(" "),
            text
        );
    }
}
