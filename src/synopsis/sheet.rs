//! The comparison sheet: for each event, each account's strongest passage in full
//! with its footnotes and a citation line, as data ([`Sheet`], which is also the
//! JSON of `parallax synopsis --json`), as Markdown and as one self-contained HTML
//! file that prints well.
//!
//! Every piece of document text is sanitized ([`crate::sanitize`]) and escaped for
//! the target format. The HTML has no scripts and loads nothing: its only style
//! is inline, and a Content-Security-Policy forbids everything else.

use super::{Synopsis, span_label, span_value};
use crate::model::Corpus;
use crate::sanitize::{clean, clean_line};
use crate::time::chronology::Chronology;
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub events: Vec<SheetEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetEvent {
    pub id: String,
    pub label: String,
    pub start: String,
    pub end: String,
    /// The catalog's dates, readable: "18 Mar 1871".
    pub when: String,
    /// Whether the accounts disagree on the date.
    pub disagreement: bool,
    pub accounts: Vec<Account>,
}

/// One document's account of one event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    pub doc: String,
    pub title: String,
    pub author: String,
    /// The strongest passage's id (`doc:n`); null when the document is silent.
    pub passage: Option<String>,
    /// Every passage about the event, strongest first.
    pub passages: Vec<ScoredPassage>,
    /// The strongest passage's text, in full; null when silent.
    pub text: Option<String>,
    /// Footnotes the strongest passage cites.
    pub footnotes: Vec<SheetFootnote>,
    /// The date the document gives for the event (`1871-03-18` or `first/last`).
    pub date_given: Option<String>,
    pub disagreement: Option<SheetDisagreement>,
    pub citation: Option<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredPassage {
    pub passage: String,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetFootnote {
    pub label: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetDisagreement {
    /// The catalog's date, when this account's does not meet it.
    pub catalog: Option<String>,
    /// Other accounts with another date, or none (null) where this one gives one.
    pub others: Vec<OtherAccountDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherAccountDate {
    pub doc: String,
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    pub author: String,
    pub title: String,
    pub publication: String,
    pub published: String,
    pub passage: String,
}

impl Citation {
    /// "Leon Trotsky, Lessons of the Paris Commune, Kommunistischeskii, 1921-02-04,
    /// passage trotsky-lessons-of-the-commune:12": the parts that are known.
    pub fn line(&self) -> String {
        let parts: Vec<&str> = [
            self.author.as_str(),
            self.title.as_str(),
            self.publication.as_str(),
            self.published.as_str(),
        ]
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .collect();
        format!("{}, passage {}", parts.join(", "), self.passage)
    }
}

fn round(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

impl Sheet {
    /// The sheet of the given rows of a synopsis (indices into its rows).
    pub fn build(
        synopsis: &Synopsis,
        rows: &[usize],
        chronology: &Chronology,
        corpus: &Corpus,
    ) -> Sheet {
        let id_of = |doc: usize| {
            corpus
                .documents()
                .get(doc)
                .map_or("", |d| d.id())
                .to_string()
        };
        let events = rows
            .iter()
            .filter_map(|&index| synopsis.rows.get(index))
            .filter_map(|row| {
                let event = chronology.catalog().events().get(row.event)?;
                let accounts = row
                    .cells
                    .iter()
                    .filter_map(|cell| {
                        let document = corpus.documents().get(cell.doc)?;
                        let meta = &document.meta;
                        let strongest = cell.strongest;
                        let footnotes = strongest
                            .map(|block| cited_footnotes(document, block))
                            .unwrap_or_default();
                        Some(Account {
                            doc: meta.id.clone(),
                            title: clean_line(&meta.title).into_owned(),
                            author: clean_line(&meta.author).into_owned(),
                            passage: strongest.map(|b| document.passage_id(b).to_string()),
                            passages: cell
                                .passages
                                .iter()
                                .map(|&(block, score)| ScoredPassage {
                                    passage: document.passage_id(block).to_string(),
                                    score: round(score),
                                })
                                .collect(),
                            text: strongest.map(|b| clean(document.block_text(b)).into_owned()),
                            footnotes,
                            date_given: cell.date_given.map(span_value),
                            disagreement: cell.disagreement.as_ref().map(|d| SheetDisagreement {
                                catalog: d.catalog.map(span_value),
                                others: d
                                    .others
                                    .iter()
                                    .map(|other| OtherAccountDate {
                                        doc: id_of(other.doc),
                                        date: other.date.map(span_value),
                                    })
                                    .collect(),
                            }),
                            citation: strongest.map(|block| Citation {
                                author: clean_line(&meta.author).into_owned(),
                                title: clean_line(&meta.title).into_owned(),
                                publication: clean_line(&meta.publication).into_owned(),
                                published: clean_line(&meta.published).into_owned(),
                                passage: document.passage_id(block).to_string(),
                            }),
                        })
                    })
                    .collect();
                Some(SheetEvent {
                    id: event.id.clone(),
                    label: clean_line(&event.label).into_owned(),
                    start: event.start().to_string(),
                    end: event.end().to_string(),
                    when: span_label(row.span),
                    disagreement: row.disagrees(),
                    accounts,
                })
            })
            .collect();
        Sheet { events }
    }

    /// The sheet as Markdown (CommonMark; every document text escaped).
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        out.push_str("# Comparison sheet\n\n");
        for event in &self.events {
            let _ = writeln!(out, "## {}\n", markdown_escape(&event.label));
            let _ = writeln!(out, "*{}* · `{}`\n", markdown_escape(&event.when), event.id);
            for account in &event.accounts {
                let _ = writeln!(out, "### {}\n", markdown_escape(&heading(account)));
                if let Some(note) = date_note(account) {
                    let _ = writeln!(out, "**{}**\n", markdown_escape(&note));
                }
                let Some(text) = &account.text else {
                    out.push_str("— *silent on this event*\n\n");
                    continue;
                };
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let _ = writeln!(out, "> {}", markdown_escape(line.trim()));
                }
                out.push('\n');
                for note in &account.footnotes {
                    let body = note.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    let _ = writeln!(
                        out,
                        "- \\[{}\\] {}",
                        markdown_escape(&note.label),
                        markdown_escape(&body)
                    );
                }
                if !account.footnotes.is_empty() {
                    out.push('\n');
                }
                if let Some(also) = also_line(account) {
                    let _ = writeln!(out, "{}\n", markdown_escape(&also));
                }
                if let Some(citation) = &account.citation {
                    let _ = writeln!(
                        out,
                        "<small>{}</small>\n",
                        markdown_escape(&citation.line())
                    );
                }
            }
        }
        out
    }

    /// The sheet as one self-contained HTML5 file: inline style, no scripts, no
    /// external resources; accounts side by side on screen and on paper.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let accounts = self.events.first().map_or(0, |e| e.accounts.len());
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        );
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(
            out,
            "<title>Comparison sheet — {} event{}, {} account{}</title>",
            self.events.len(),
            plural(self.events.len()),
            accounts,
            plural(accounts)
        );
        out.push_str("<style>\n");
        out.push_str(STYLE);
        out.push_str("</style>\n</head>\n<body>\n<header>\n<h1>Comparison sheet</h1>\n");
        if let Some(first) = self.events.first() {
            out.push_str("<p class=\"sources\">Accounts: ");
            let names: Vec<String> = first
                .accounts
                .iter()
                .map(|a| format!("<cite>{}</cite>", html_escape(&heading(a))))
                .collect();
            out.push_str(&names.join("; "));
            out.push_str("</p>\n");
        }
        out.push_str("</header>\n<main>\n");
        for event in &self.events {
            let _ = writeln!(
                out,
                "<article class=\"event{}\" id=\"event-{}\">",
                if event.disagreement {
                    " disagreement"
                } else {
                    ""
                },
                html_escape(&event.id)
            );
            let _ = writeln!(out, "<h2>{}</h2>", html_escape(&event.label));
            let _ = writeln!(
                out,
                "<p class=\"when\"><time datetime=\"{}\">{}</time>{}</p>",
                html_escape(&event.start),
                html_escape(&event.when),
                if event.disagreement {
                    " · <strong>the accounts disagree on the date</strong>"
                } else {
                    ""
                }
            );
            out.push_str("<div class=\"accounts\">\n");
            for account in &event.accounts {
                write_account_html(&mut out, account);
            }
            out.push_str("</div>\n</article>\n");
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

fn write_account_html(out: &mut String, account: &Account) {
    let silent = account.text.is_none();
    let _ = writeln!(
        out,
        "<section class=\"account{}\" data-doc=\"{}\">",
        if silent { " silent" } else { "" },
        html_escape(&account.doc)
    );
    let _ = writeln!(out, "<h3>{}</h3>", html_escape(&heading(account)));
    if let Some(note) = date_note(account) {
        let class = if account.disagreement.is_some() {
            "date disagrees"
        } else {
            "date"
        };
        let _ = writeln!(out, "<p class=\"{class}\">{}</p>", html_escape(&note));
    }
    let Some(text) = &account.text else {
        out.push_str("<p class=\"silence\">— silent on this event</p>\n</section>\n");
        return;
    };
    out.push_str("<blockquote class=\"passage\">\n");
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let lines: Vec<String> = paragraph.trim().lines().map(html_escape).collect();
        let _ = writeln!(out, "<p>{}</p>", lines.join("<br>"));
    }
    out.push_str("</blockquote>\n");
    if !account.footnotes.is_empty() {
        out.push_str("<ul class=\"footnotes\">\n");
        for note in &account.footnotes {
            let paragraphs: Vec<String> = note
                .text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(|p| html_escape(p.trim()))
                .collect();
            let _ = writeln!(
                out,
                "<li><span class=\"label\">[{}]</span> {}</li>",
                html_escape(&note.label),
                paragraphs.join("<br><br>")
            );
        }
        out.push_str("</ul>\n");
    }
    if let Some(also) = also_line(account) {
        let _ = writeln!(out, "<p class=\"also\">{}</p>", html_escape(&also));
    }
    if let Some(citation) = &account.citation {
        let mut parts: Vec<String> = Vec::new();
        if !citation.author.trim().is_empty() {
            parts.push(html_escape(&citation.author));
        }
        parts.push(format!("<cite>{}</cite>", html_escape(&citation.title)));
        for part in [&citation.publication, &citation.published] {
            if !part.trim().is_empty() {
                parts.push(html_escape(part));
            }
        }
        let _ = writeln!(
            out,
            "<p class=\"citation\">{}, passage <code>{}</code></p>",
            parts.join(", "),
            html_escape(&citation.passage)
        );
    }
    out.push_str("</section>\n");
}

/// The footnotes a block cites, in the order of their marks, labelled as the marks
/// show in the text (`[1]`), which may differ from the label in the source.
fn cited_footnotes(document: &crate::model::Document, block: usize) -> Vec<SheetFootnote> {
    let Some(data) = document.blocks.get(block) else {
        return Vec::new();
    };
    let mut seen: Vec<usize> = Vec::new();
    let mut notes = Vec::new();
    for span in &data.spans {
        let crate::model::SpanKind::FootnoteRef { footnote } = span.kind else {
            continue;
        };
        if seen.contains(&footnote) {
            continue;
        }
        seen.push(footnote);
        let Some(note) = document.footnotes.get(footnote) else {
            continue;
        };
        let mark = document.text.get(span.range.clone()).unwrap_or("");
        let label = mark.trim_start_matches('[').trim_end_matches(']');
        notes.push(SheetFootnote {
            label: clean_line(if label.is_empty() { &note.label } else { label }).into_owned(),
            text: clean(&note.text).into_owned(),
        });
    }
    notes
}

/// "Also on this event: passages 26, 10 and 27", strongest first.
fn also_line(account: &Account) -> Option<String> {
    let others: Vec<&str> = account
        .passages
        .get(1..)?
        .iter()
        .map(|p| p.passage.rsplit(':').next().unwrap_or(&p.passage))
        .collect();
    match others.as_slice() {
        [] => None,
        [one] => Some(format!("Also on this event: passage {one}")),
        [rest @ .., last] => Some(format!(
            "Also on this event: passages {} and {last}",
            rest.join(", ")
        )),
    }
}

/// "Leon Trotsky — Lessons of the Paris Commune", or the title alone.
fn heading(account: &Account) -> String {
    if account.author.trim().is_empty() {
        account.title.clone()
    } else {
        format!("{} — {}", account.author, account.title)
    }
}

/// "Dates it 17 Mar 1871; 18 Mar 1871 in trotsky-…, the catalog: 18 Mar 1871".
pub fn date_note(account: &Account) -> Option<String> {
    let readable = |value: &str| {
        let span = value
            .split_once('/')
            .map_or((value, value), |(a, b)| (a, b));
        match (
            crate::time::date::Date::parse_iso(span.0),
            crate::time::date::Date::parse_iso(span.1),
        ) {
            (Some(first), Some(last)) => span_label(crate::time::date::DateSpan { first, last }),
            _ => value.to_string(),
        }
    };
    let given = account.date_given.as_deref().map(readable);
    let Some(disagreement) = &account.disagreement else {
        return given.map(|g| format!("Dates it {g}"));
    };
    let mut others: Vec<String> = disagreement
        .others
        .iter()
        .map(|other| match &other.date {
            Some(date) => format!("{} in {}", readable(date), other.doc),
            None => format!("undated in {}", other.doc),
        })
        .collect();
    if let Some(catalog) = &disagreement.catalog {
        others.push(format!("{} in the catalog", readable(catalog)));
    }
    Some(format!(
        "{} ≠ {}",
        given.map_or("Undated here".to_string(), |g| format!("Dates it {g}")),
        others.join("; ")
    ))
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes one line of text for CommonMark: inline markup characters get a
/// backslash, and so does a line start that would open a block (heading, list,
/// quote).
pub fn markdown_escape(text: &str) -> String {
    let text = clean_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    let opens_block = out.starts_with(['#', '-', '+', '='])
        || out
            .find(|c: char| !c.is_ascii_digit())
            .is_some_and(|i| i > 0 && out[i..].starts_with(['.', ')']));
    if opens_block {
        let digits = out.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        if digits > 0 {
            out.insert(digits, '\\');
        } else {
            out.insert(0, '\\');
        }
    }
    out
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 11pt/1.45 Georgia, "DejaVu Serif", serif; color: #1a1a1a; background: #fff;
       margin: 2rem auto; max-width: 80rem; padding: 0 1.5rem; }
header h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
.sources { color: #555; font-size: .9rem; margin-top: 0; }
article.event { border-top: 2px solid #333; margin-top: 2rem; padding-top: .6rem; }
article.event h2 { font-size: 1.25rem; margin: 0; }
.when { color: #555; margin: .2rem 0 .8rem; }
.when strong { color: #8a1c1c; }
.accounts { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
.account { border-left: 3px solid #bbb; padding-left: .7rem; }
.account h3 { font-size: .95rem; margin: 0 0 .3rem; }
.account.silent { border-left-color: #e4e4e4; color: #888; }
.date { font-size: .85rem; color: #444; margin: 0 0 .4rem; }
.date.disagrees { color: #8a1c1c; font-weight: bold; }
blockquote.passage { margin: 0; }
blockquote.passage p { margin: 0 0 .5rem; hyphens: auto; }
.footnotes { font-size: .82rem; color: #333; padding-left: 1rem; margin: .3rem 0; }
.footnotes .label { font-weight: bold; }
.also, .citation { font-size: .8rem; color: #555; margin: .3rem 0 0; }
.silence { font-style: italic; }
code { font-size: .8rem; }
@media print {
  @page { size: A4 landscape; margin: 1.4cm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  article.event { break-before: page; border-top: none; margin-top: 0; }
  article.event:first-of-type { break-before: auto; }
  article.event h2, .when, .account h3, .date { break-after: avoid; }
  .citation, .footnotes li { break-inside: avoid; }
  .accounts { grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup_and_block_starts() {
        assert_eq!(markdown_escape("a *b* [c](d)"), "a \\*b\\* \\[c\\](d)");
        assert_eq!(markdown_escape("# not a heading"), "\\# not a heading");
        assert_eq!(markdown_escape("1871. A year"), "1871\\. A year");
        assert_eq!(markdown_escape("<script>"), "\\<script\\>");
        assert_eq!(markdown_escape("esc\u{1b}[2J"), "esc␛\\[2J");
    }

    #[test]
    fn html_escapes_everything_that_could_open_markup() {
        assert_eq!(
            html_escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(html_escape("\u{202e}x"), "\u{fffd}x");
    }
}
