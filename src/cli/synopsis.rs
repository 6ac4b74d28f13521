//! `parallax synopsis`: the synopsis table, its disagreements, and the comparison
//! sheet (Markdown, HTML, JSON), all from [`crate::synopsis`].

use super::Library;
use super::chrono::build_chronology;
use crate::sanitize::clean_line;
use crate::synopsis::sheet::{Sheet, date_note};
use crate::synopsis::{Filter, Synopsis, excerpt, parse_period, span_label};
use crate::time::date::DateSpan;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// A table for the terminal: one line per event, one per account.
    #[default]
    Text,
    /// The comparison sheet in Markdown.
    Markdown,
    /// The comparison sheet as one self-contained HTML file.
    Html,
}

#[derive(Debug, Clone, Args)]
pub struct SynopsisArgs {
    /// Columns: these documents, in this order (default: every document).
    #[arg(long, num_args = 1.., value_name = "ID")]
    docs: Vec<String>,
    /// Rows: only these events (catalog ids, as `parallax events` shows them).
    #[arg(long = "event", num_args = 1.., value_name = "ID")]
    events: Vec<String>,
    /// Only events whose label, description or passages contain these words.
    #[arg(long, value_name = "TEXT")]
    filter: Option<String>,
    /// Only events in this period: a date, a month, a year, or FROM..TO.
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// Only events every column tells of.
    #[arg(long)]
    covered: bool,
    /// Only events where the accounts disagree on the date, with both dates.
    #[arg(long)]
    disagreements: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// One JSON object per event: the sheet's data.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn synopsis(
    library: &Library,
    args: &SynopsisArgs,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let corpus = &library.corpus;
    let mut docs = Vec::new();
    for id in &args.docs {
        docs.push(library.corpus.index_of(id).ok_or_else(|| {
            let known: Vec<&str> = corpus.documents().iter().map(|d| d.id()).collect();
            anyhow::anyhow!(
                "--docs: no document {:?} (known: {})",
                clean_line(id),
                known.join(", ")
            )
        })?);
    }
    let chronology = build_chronology(library);
    let mut wanted_events = Vec::new();
    for id in &args.events {
        let index = chronology
            .catalog()
            .events()
            .iter()
            .position(|e| e.id == *id)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--event: no event {:?} in the catalog (`parallax events` lists them)",
                    clean_line(id)
                )
            })?;
        wanted_events.push(index);
    }
    let period = match &args.period {
        Some(text) => Some(parse_period(text).ok_or_else(|| {
            anyhow::anyhow!(
                "--period {:?}: write a date, a month, a year or FROM..TO (1871-03-18..1871-05-28)",
                clean_line(text)
            )
        })?),
        None => None,
    };
    let filter = Filter {
        text: args.filter.clone().unwrap_or_default(),
        period,
        covered_by_all: args.covered,
        disagreements: args.disagreements,
    };
    let synopsis = Synopsis::build(&chronology, corpus, &docs);
    let mut rows = synopsis.filtered(&filter, &chronology, corpus);
    if !wanted_events.is_empty() {
        rows.retain(|&row| wanted_events.contains(&synopsis.rows[row].event));
    }
    let sheet = Sheet::build(&synopsis, &rows, &chronology, corpus);
    let text = if args.json {
        let mut lines = String::new();
        for event in &sheet.events {
            lines.push_str(&serde_json::to_string(event)?);
            lines.push('\n');
        }
        lines
    } else {
        match args.format {
            Format::Markdown => sheet.to_markdown(),
            Format::Html => sheet.to_html(),
            Format::Text => text_table(&sheet, args.disagreements),
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", clean_line(&path.display().to_string())))?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(0)
}

/// One line per event (dates, label, id), then one per account: its strongest
/// passage, how many more, the date it gives and its beginning, or "—".
fn text_table(sheet: &Sheet, disagreements: bool) -> String {
    let width = sheet
        .events
        .iter()
        .flat_map(|e| &e.accounts)
        .map(|a| a.doc.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for event in &sheet.events {
        out.push_str(&format!(
            "{:<26} {} [{}]{}\n",
            event.when,
            event.label,
            event.id,
            if event.disagreement { "  ≠" } else { "" }
        ));
        for account in &event.accounts {
            let Some(passage) = &account.passage else {
                out.push_str(&format!("    {:<width$}  —\n", account.doc));
                continue;
            };
            let number = passage.rsplit(':').next().unwrap_or(passage);
            let more = account.passages.len().saturating_sub(1);
            let more = if more > 0 {
                format!(" (+{more})")
            } else {
                String::new()
            };
            let note = if disagreements {
                date_note(account).unwrap_or_default()
            } else {
                let given = account
                    .date_given
                    .as_deref()
                    .and_then(parse_period_value)
                    .map_or_else(|| "undated".to_string(), span_label);
                let mark = if account.disagreement.is_some() {
                    " ≠"
                } else {
                    ""
                };
                format!("{given}{mark}")
            };
            let beginning = account
                .text
                .as_deref()
                .map_or(String::new(), |t| excerpt(t, 60));
            if disagreements {
                out.push_str(&format!(
                    "    {:<width$}  :{number}{more}  {note}\n",
                    account.doc
                ));
            } else {
                out.push_str(&format!(
                    "    {:<width$}  :{number:<4}{more:<6} {note:<26} {beginning}\n",
                    account.doc
                ));
            }
        }
    }
    out
}

/// Reads back a `1871-03-18` or `1871-03-17/1871-03-18` value of the sheet.
fn parse_period_value(value: &str) -> Option<DateSpan> {
    let (first, last) = value.split_once('/').unwrap_or((value, value));
    Some(DateSpan {
        first: crate::time::date::Date::parse_iso(first)?,
        last: crate::time::date::Date::parse_iso(last)?,
    })
}
