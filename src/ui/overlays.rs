//! Popups: help (generated from the keymap), footnotes, the document picker, the
//! events list, search hits and load notices.

use super::{centered, fit};
use crate::app::App;
use crate::app::overlay::Overlay;
use crate::config::keymap::KeyMode;
use crate::store::notes::NoteKind;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

pub fn draw_overlay(frame: &mut Frame, app: &App, overlay: &Overlay) {
    let area = frame.area();
    let theme = app.theme();
    let popup_area = |width: u16, height: u16| centered(area, width, height);
    let block = |title: String| {
        Block::new()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(theme.popup_border)
            .title(Span::styled(
                fit(&title, usize::from(area.width.saturating_sub(4))),
                theme.popup_title,
            ))
            .style(theme.popup)
    };
    match overlay {
        Overlay::Help { scroll } => {
            let rect = popup_area(86, area.height.saturating_sub(2));
            let lines = help_lines(app);
            draw_scrolled(
                frame,
                rect,
                block(" Keys — Esc to close ".into()),
                lines,
                *scroll,
            );
        }
        Overlay::Footnote {
            doc,
            footnote,
            scroll,
        } => {
            let Some(document) = app.document(*doc) else {
                return;
            };
            let Some(note) = document.footnotes.get(*footnote) else {
                return;
            };
            let cited: Vec<String> = note
                .cited_by
                .iter()
                .map(|&b| document.passage_id(b).to_string())
                .collect();
            let title = format!(" Footnote [{}] — {} ", note.label, cited.join(", "));
            let width = 70.min(area.width.saturating_sub(4)).max(10);
            let inner = usize::from(width.saturating_sub(2)).max(1);
            // Wrapped height, roughly: characters over the width, per paragraph.
            let lines: usize = note
                .text
                .split("\n\n")
                .map(|p| p.chars().count().div_ceil(inner).max(1) + 1)
                .sum();
            let height = u16::try_from(lines + 1).unwrap_or(u16::MAX);
            let rect = popup_area(width, height.min(area.height.saturating_sub(2)));
            frame.render_widget(Clear, rect);
            let text: Vec<Line> = note
                .text
                .split("\n\n")
                .flat_map(|p| {
                    [
                        Line::raw(crate::sanitize::clean_line(p).into_owned()),
                        Line::raw(""),
                    ]
                })
                .collect();
            let paragraph = Paragraph::new(text)
                .block(block(title))
                .wrap(Wrap { trim: true })
                .scroll((u16::try_from(*scroll).unwrap_or(u16::MAX), 0));
            frame.render_widget(paragraph, rect);
        }
        Overlay::Picker { selected } => {
            let rows: Vec<String> = app
                .corpus()
                .documents()
                .iter()
                .map(|d| {
                    format!(
                        "{} — {} ({}) · {} passages",
                        d.meta.title,
                        d.meta.author,
                        d.meta.published.get(..4).unwrap_or("?"),
                        d.blocks.len()
                    )
                })
                .collect();
            let rect = popup_area(90, rows.len() as u16 + 2);
            draw_list(
                frame,
                app,
                rect,
                block(" Open in this pane — Enter ".into()),
                &rows,
                *selected,
            );
        }
        Overlay::Events { selected } => {
            let rows = app.events_rows();
            let height = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX);
            let rect = popup_area(100, height.min(area.height.saturating_sub(2)));
            draw_list(
                frame,
                app,
                rect,
                block(" Events — Enter moves the cursor there ".into()),
                &rows,
                *selected,
            );
        }
        Overlay::SearchHits {
            query,
            hits,
            selected,
        } => {
            let rows: Vec<String> = hits
                .iter()
                .map(|hit| {
                    let doc = app.document(hit.doc).map_or("?", |d| d.id());
                    let when = hit
                        .when
                        .clone()
                        .map(|w| format!("{w} "))
                        .unwrap_or_default();
                    format!("{doc}:{} {when}· {}", hit.block + 1, hit.excerpt)
                })
                .collect();
            let rect = popup_area(100, area.height.saturating_sub(2));
            let title = format!(" {} hits for “{}” ", hits.len(), query);
            draw_list(frame, app, rect, block(title), &rows, *selected);
        }
        Overlay::Bookmarks { selected } => {
            let rows: Vec<String> = app
                .note_rows()
                .into_iter()
                .map(|row| {
                    let kind = match row.kind {
                        NoteKind::Bookmark => "•",
                        NoteKind::Highlight => "✎",
                    };
                    let when = row.when.map(|w| format!(" {w}")).unwrap_or_default();
                    let lost = if row.lost { " (passage not found)" } else { "" };
                    let text = if row.text.is_empty() {
                        format!("“{}…”", row.quote)
                    } else {
                        format!("{} — “{}…”", row.text, row.quote)
                    };
                    format!("{kind} {}{when}{lost} · {text}", row.passage)
                })
                .collect();
            let rect = popup_area(100, rows.len() as u16 + 2);
            let title = " Bookmarks and notes — Enter to go there, d to delete ".to_string();
            draw_list(frame, app, rect, block(title), &rows, *selected);
        }
        Overlay::Synopsis { .. } => super::synopsis::draw_synopsis(frame, app),
        Overlay::Notices { lines, scroll } => {
            let rect = popup_area(100, lines.len() as u16 + 4);
            let text: Vec<Line> = lines
                .iter()
                .map(|l| Line::styled(crate::sanitize::clean_line(l).into_owned(), theme.notice))
                .collect();
            draw_scrolled(
                frame,
                rect,
                block(" Problems found while loading — Esc to close ".into()),
                text,
                *scroll,
            );
        }
    }
}

fn draw_scrolled(
    frame: &mut Frame,
    rect: Rect,
    block: Block,
    lines: Vec<Line<'static>>,
    scroll: usize,
) {
    frame.render_widget(Clear, rect);
    let visible = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}

fn draw_list(
    frame: &mut Frame,
    app: &App,
    rect: Rect,
    block: Block,
    rows: &[String],
    selected: usize,
) {
    let theme = app.theme();
    frame.render_widget(Clear, rect);
    let visible = usize::from(rect.height.saturating_sub(2)).max(1);
    let first = selected
        .saturating_sub(visible / 2)
        .min(rows.len().saturating_sub(visible));
    let width = usize::from(rect.width.saturating_sub(4));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(index, row)| {
            let style: Style = if index == selected {
                theme.popup_selected
            } else {
                theme.popup
            };
            let marker = if index == selected { "▸ " } else { "  " };
            Line::styled(format!("{marker}{}", fit(row, width)), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// Help, generated from the keymap so it always tells the truth about the keys.
fn help_lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme();
    let mut lines = Vec::new();
    for mode in KeyMode::ALL {
        let title = match mode {
            KeyMode::Normal => "Reading",
            KeyMode::Timeline => "Timeline mode (t)",
            KeyMode::List => "Lists and popups",
        };
        lines.push(Line::styled(title.to_string(), theme.popup_title));
        for (keys, action) in app.keymap().help_rows(mode) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<24}", fit(&keys, 24)), theme.help_key),
                Span::styled(action.describe().to_string(), theme.popup),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}
