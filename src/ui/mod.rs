//! Draws an [`App`] with ratatui widgets. Nothing here changes state or computes
//! anything of the model: layouts, titles and lists come from the app; this module
//! only turns them into styled cells.

mod overlays;
mod panes;
mod status;
mod synopsis;

use crate::app::App;
use crate::sanitize::clean_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = app.theme();
    let geometry = app.geometry();
    if geometry.too_small {
        let message = Paragraph::new(format!(
            "parallax: terminal too small ({}×{}); need {}×{}",
            area.width,
            area.height,
            crate::app::geometry::MIN_WIDTH,
            crate::app::geometry::MIN_HEIGHT
        ))
        .style(theme.notice)
        .wrap(Wrap { trim: true });
        frame.render_widget(message, area);
        return;
    }
    frame.render_widget(Block::new().style(theme.text), area);
    for index in 0..app.panes().len() {
        panes::draw_pane(frame, app, index);
    }
    for separator in &geometry.separators {
        let line: Vec<Line> = (0..separator.height)
            .map(|_| Line::styled("│", theme.pane_border))
            .collect();
        frame.render_widget(Paragraph::new(line), *separator);
    }
    if let Some(timeline) = geometry.timeline {
        status::draw_timeline(frame, app, timeline);
    }
    status::draw_status(frame, app, geometry.status);
    if let Some(overlay) = app.overlays().last() {
        overlays::draw_overlay(frame, app, overlay);
    }
}

/// A centered rectangle of at most `width`×`height` inside `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// One line of UI text, sanitized and cut to `width` columns with an ellipsis.
fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let text = clean_line(text);
    let mut out = String::new();
    let mut used = 0;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.into_owned();
    }
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis_by_display_width() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a longer title", 8), "a longe…");
        assert_eq!(fit("巴黎公社巴黎公社", 6), "巴黎…");
        assert_eq!(fit("esc\u{1b}[2J", 20), "esc␛[2J");
    }
}
