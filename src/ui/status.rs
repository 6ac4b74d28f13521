//! The status line and the timeline strip.

use super::fit;
use crate::app::{App, Mode, PromptKind};
use crate::config::keys::sequence_label;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme();
    let width = usize::from(area.width);
    let (mode, rest) = match app.mode() {
        Mode::Prompt { kind, input } => {
            let label = match kind {
                PromptKind::Date => "date: ",
                PromptKind::Search => "/",
                PromptKind::SearchAll => "search all: ",
                PromptKind::Bookmark { .. } => "bookmark note (Enter: none): ",
                PromptKind::Annotate { .. } => "note: ",
                PromptKind::SynopsisText => "filter: ",
                PromptKind::SynopsisPeriod => "period: ",
            };
            let line = Line::from(vec![
                Span::styled(label.to_string(), theme.status_mode),
                Span::styled(
                    fit(input, width.saturating_sub(label.len() + 1)),
                    theme.status,
                ),
                Span::styled("█", theme.status),
            ]);
            frame.render_widget(Paragraph::new(line).style(theme.status), area);
            return;
        }
        Mode::Timeline => (" TIMELINE ", app.status_text()),
        Mode::Normal if !app.overlays().is_empty() => (" LIST ", app.status_text()),
        Mode::Normal => (" READ ", app.status_text()),
    };
    let hint = if app.pending_keys().is_empty() {
        app.key_hint()
    } else {
        format!("{} …", sequence_label(app.pending_keys()))
    };
    let mode_width = mode.width();
    let hint = fit(&hint, width.saturating_sub(mode_width) / 2);
    let hint_width = hint.width();
    let middle_room = width.saturating_sub(mode_width + hint_width + 2);
    let middle = fit(&format!(" {rest}"), middle_room);
    let padding = " ".repeat(width.saturating_sub(mode_width + middle.width() + hint_width + 1));
    let line = Line::from(vec![
        Span::styled(mode.to_string(), theme.status_mode),
        Span::styled(middle, theme.status),
        Span::styled(padding, theme.status),
        Span::styled(hint, theme.status_hint),
        Span::styled(" ", theme.status_hint),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status), area);
}

/// The timeline strip: month ticks, event marks and the cursor, then one row per
/// pane showing where its document has dated passages.
pub fn draw_timeline(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme();
    let Some(view) = app.timeline_view(area.width) else {
        return;
    };
    let mut lines = Vec::with_capacity(usize::from(area.height));
    lines.push(Line::from(vec![Span::styled(
        view.ticks,
        theme.timeline_tick,
    )]));
    let cursor = view.cursor_column;
    let mut marks: Vec<Span> = Vec::new();
    for (column, c) in view.events.chars().enumerate() {
        let style = if Some(column) == cursor {
            theme.timeline_cursor
        } else if c == '·' {
            theme.timeline_axis
        } else {
            theme.timeline_event
        };
        marks.push(Span::styled(c.to_string(), style));
    }
    lines.push(Line::from(marks));
    for row in view.density {
        lines.push(Line::from(vec![Span::styled(row, theme.timeline_density)]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
