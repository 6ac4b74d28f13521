//! The time commands: `dates`, `at`, `events`, `related`.

use super::Library;
use super::library::excerpt;
use crate::app::search::normalize_whitespace;
use crate::ingest;
use crate::model::{Document, Origin, PassageId};
use crate::sanitize::clean_line;
use crate::time::chronology::{Chronology, Reason, date_document};
use crate::time::date::{DateSpan, parse_user_date};
use crate::time::narrative::PassageTime;
use serde_json::json;
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// `1871-03-18`, or `1871-03-18/1871-05-28` for a span.
pub fn span_value(span: DateSpan) -> String {
    if span.first == span.last {
        span.first.to_string()
    } else {
        format!("{}/{}", span.first, span.last)
    }
}

fn when_json(time: Option<&PassageTime>) -> serde_json::Value {
    match time {
        Some(time) => json!({
            "value": span_value(time.span),
            "focus": time.focus.to_string(),
            "source": time.source,
        }),
        None => serde_json::Value::Null,
    }
}

pub fn dates(
    library: &Library,
    targets: &[String],
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let mut documents: Vec<(Document, Option<Vec<u8>>)> = Vec::new();
    if targets.is_empty() {
        documents.extend(
            library
                .corpus
                .documents()
                .iter()
                .cloned()
                .map(|d| (d, None)),
        );
    }
    for target in targets {
        if let Some(document) = library.corpus.get(target) {
            documents.push((document.clone(), None));
            continue;
        }
        let path = Path::new(target);
        if !path.exists() {
            anyhow::bail!("{}: neither a document id nor a file", clean_line(target));
        }
        let document = ingest::load_any(path)?;
        // Offsets of a raw file refer to the raw bytes, so show those bytes.
        let raw = matches!(document.origin, Origin::Raw { .. })
            .then(|| std::fs::read(path))
            .transpose()?;
        documents.push((document, raw));
    }
    for (document, raw) in &documents {
        // What the offsets refer to: the raw file, or the document's own source.
        let file: Option<Cow<[u8]>> = match raw {
            Some(bytes) => Some(Cow::Borrowed(bytes)),
            None => ingest::read_source(&document.origin).map(|source| match source {
                Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
                Cow::Owned(text) => Cow::Owned(text.into_bytes()),
            }),
        };
        let chronology = date_document(document, library.catalog.period());
        for mention in &chronology.mentions {
            let Some(block) = document.blocks.get(mention.block) else {
                continue;
            };
            let text_range =
                block.text.start + mention.range.start..block.text.start + mention.range.end;
            let file_range = document.range_in_file(text_range.clone());
            let file_text = file
                .as_ref()
                .and_then(|bytes| bytes.get(file_range.clone()))
                .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                .unwrap_or_else(|| document.text[text_range.clone()].to_string());
            let passage = document.passage_id(mention.block).to_string();
            if json {
                let object = json!({
                    "doc": document.id(),
                    "passage": passage,
                    "start": file_range.start,
                    "end": file_range.end,
                    "text": file_text,
                    "value": mention.value.value(),
                    "how": mention.how,
                    "modifier": mention.modifier.map(|m| m.code()),
                    "range_role": mention.range_role,
                });
                writeln!(out, "{object}")?;
            } else {
                writeln!(
                    out,
                    "{passage:<40} {:>7}..{:<7} {:<12} {:<9} {}",
                    file_range.start,
                    file_range.end,
                    mention.value.value(),
                    serde_json::to_value(mention.how)?.as_str().unwrap_or(""),
                    clean_line(&file_text)
                )?;
            }
        }
    }
    Ok(0)
}

pub fn build_chronology(library: &Library) -> Chronology {
    Chronology::build(&library.corpus, library.catalog.clone())
}

pub fn at(library: &Library, date: &str, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let span = parse_user_date(date).ok_or_else(|| {
        anyhow::anyhow!(
            "{:?} is not a date I can read (try 1871-03-18, \"18 March 1871\" or \"march 1871\")",
            clean_line(date)
        )
    })?;
    let chronology = build_chronology(library);
    for (doc, document) in library.corpus.documents().iter().enumerate() {
        let pick = chronology.at(doc, span.first);
        let passage = pick.map(|p| document.passage_id(p.block).to_string());
        let text = pick.map(|p| document.block_text(p.block));
        let time = pick.and_then(|p| chronology.passage_time(doc, p.block));
        if json {
            let object = json!({
                "doc": document.id(),
                "passage": passage,
                "text": text,
                "when": when_json(time),
                "exact": pick.map(|p| p.exact),
            });
            writeln!(out, "{object}")?;
        } else {
            match (passage, text, time) {
                (Some(passage), Some(text), Some(time)) => writeln!(
                    out,
                    "{passage:<44} {:<23} {}",
                    span_value(time.span),
                    excerpt(text, 70)
                )?,
                _ => writeln!(out, "{:<44} (nothing on {})", document.id(), span.first)?,
            }
        }
    }
    Ok(0)
}

pub fn events(library: &Library, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let chronology = build_chronology(library);
    for (index, event) in chronology.catalog().events().iter().enumerate() {
        let mut per_doc: Vec<(usize, Vec<(usize, f32)>)> = Vec::new();
        for (doc, block, score) in chronology.event_passages(index) {
            match per_doc.iter_mut().find(|(d, _)| *d == doc) {
                Some((_, passages)) => passages.push((block, score)),
                None => per_doc.push((doc, vec![(block, score)])),
            }
        }
        per_doc.sort_by_key(|(doc, _)| *doc);
        let span = event.span();
        if json {
            let documents: Vec<serde_json::Value> = per_doc
                .iter()
                .filter_map(|(doc, passages)| {
                    let document = library.corpus.documents().get(*doc)?;
                    Some(json!({
                        "doc": document.id(),
                        "passages": passages.iter().map(|(block, score)| json!({
                            "passage": document.passage_id(*block).to_string(),
                            "score": round(*score),
                        })).collect::<Vec<_>>(),
                    }))
                })
                .collect();
            let object = json!({
                "id": event.id,
                "label": event.label,
                "start": event.start().to_string(),
                "end": event.end().to_string(),
                "documents": documents,
            });
            writeln!(out, "{object}")?;
        } else {
            writeln!(
                out,
                "{:<23} {} ({})",
                span_value(span),
                clean_line(&event.label),
                event.id
            )?;
            for (doc, passages) in &per_doc {
                let Some(document) = library.corpus.documents().get(*doc) else {
                    continue;
                };
                let list: Vec<String> = passages
                    .iter()
                    .take(6)
                    .map(|(b, _)| (b + 1).to_string())
                    .collect();
                let more = passages.len().saturating_sub(6);
                writeln!(
                    out,
                    "    {:<48} passages {}{}",
                    document.id(),
                    list.join(", "),
                    if more > 0 {
                        format!(" (+{more})")
                    } else {
                        String::new()
                    }
                )?;
            }
        }
    }
    Ok(0)
}

fn round(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// Finds the passage whose text contains `quote`, whitespace differences ignored.
pub fn find_quote(library: &Library, quote: &str) -> Option<PassageId> {
    let wanted = normalize_whitespace(quote);
    if wanted.is_empty() {
        return None;
    }
    for document in library.corpus.documents() {
        for block in 0..document.blocks.len() {
            if normalize_whitespace(document.block_text(block)).contains(&wanted) {
                return Some(document.passage_id(block));
            }
        }
    }
    None
}

pub fn related(
    library: &Library,
    passage: Option<&str>,
    quote: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let id = match (passage, quote) {
        (_, Some(quote)) => find_quote(library, quote)
            .ok_or_else(|| anyhow::anyhow!("no passage contains {:?}", clean_line(quote)))?,
        (Some(passage), None) => PassageId::resolve(passage, &library.corpus).ok_or_else(|| {
            anyhow::anyhow!(
                "{:?} is not a passage (write doc-id:12 or doc-id#anchor; `parallax list` shows the ids)",
                clean_line(passage)
            )
        })?,
        (None, None) => anyhow::bail!("give a passage id or --quote TEXT"),
    };
    let doc = library.corpus.index_of(&id.doc).unwrap_or(0);
    let chronology = build_chronology(library);
    for related in chronology.related(doc, id.index) {
        let Some(document) = library.corpus.documents().get(related.doc) else {
            continue;
        };
        let passage = document.passage_id(related.block).to_string();
        let text = document.block_text(related.block);
        if json {
            let object = json!({
                "doc": document.id(),
                "passage": passage,
                "text": text,
                "score": round(related.score),
                "reasons": related.reasons,
            });
            writeln!(out, "{object}")?;
        } else {
            let reasons: Vec<String> = related
                .reasons
                .iter()
                .map(|reason| match reason {
                    Reason::Event { event, .. } => format!("event {event}"),
                    Reason::Quotation { shared_runs } => format!("quotation ({shared_runs})"),
                    Reason::Link => "link".to_string(),
                    Reason::Words { similarity } => format!("words {similarity:.2}"),
                })
                .collect();
            writeln!(
                out,
                "{passage:<48} {:>6.2}  {}",
                related.score,
                reasons.join(", ")
            )?;
            writeln!(out, "    {}", excerpt(text, 100))?;
        }
    }
    Ok(0)
}
