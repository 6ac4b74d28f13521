//! The synopsis table (`S`): events down the left, one column per account; each
//! cell the date the account gives, how many more passages it has, a disagreement
//! and the beginning of its strongest passage, or "—". Everything shown comes from
//! [`crate::app::SynopsisView`]; this only lays it out.

use super::fit;
use crate::app::layout::wrap_ranges;
use crate::app::{App, SYNOPSIS_ROW_LINES, SynopsisCellView};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw_synopsis(frame: &mut Frame, app: &App) {
    let theme = app.theme();
    let screen = frame.area();
    // Everything but the status line, which shows prompts and messages.
    let area = Rect::new(
        screen.x,
        screen.y,
        screen.width,
        screen.height.saturating_sub(1),
    );
    let inner_height = usize::from(area.height.saturating_sub(4));
    let Some(view) = app.synopsis_view(inner_height) else {
        return;
    };
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.popup_border)
        .title(Span::styled(
            fit(&view.title, usize::from(area.width.saturating_sub(4))),
            theme.popup_title,
        ))
        .style(theme.popup);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let count = view.columns.len().max(1);
    let label_width = (width / 5).clamp(12, 28).min(width);
    let cell_width = width.saturating_sub(label_width + count) / count;
    if cell_width < 4 {
        return;
    }
    // The last column takes what the division leaves over.
    let widths: Vec<usize> = (0..count)
        .map(|column| {
            if column + 1 == count {
                width.saturating_sub(label_width + count + cell_width * (count - 1))
            } else {
                cell_width
            }
        })
        .collect();
    let mut lines: Vec<Line> = Vec::new();
    let mut header = vec![Span::styled(pad(" event", label_width), theme.popup_title)];
    for (column, width) in view.columns.iter().zip(&widths) {
        header.push(Span::styled("│", theme.popup_border));
        header.push(Span::styled(pad(column, *width), theme.popup_title));
    }
    lines.push(Line::from(header));
    lines.push(rule(label_width, &widths, theme.popup_border));
    if let Some(empty) = &view.empty {
        lines.push(Line::styled(format!(" {empty}"), theme.title_note));
    }
    for (index, row) in view.rows.iter().enumerate() {
        let selected_column = view
            .selected
            .filter(|(selected, _)| *selected == index)
            .map(|(_, column)| column);
        let marker = if selected_column.is_some() {
            "▸"
        } else {
            " "
        };
        let mut label_lines = vec![format!("{marker}{}", row.when)];
        label_lines.extend(wrapped(&row.label, label_width.saturating_sub(1), 3, " "));
        if row.disagrees {
            label_lines.truncate(SYNOPSIS_ROW_LINES - 2);
            label_lines.push(" ≠ dates differ".to_string());
        }
        let cells: Vec<Vec<(String, Style)>> = row
            .cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| cell_lines(cell, *width, app))
            .collect();
        for line in 0..SYNOPSIS_ROW_LINES - 1 {
            let label_style = if selected_column.is_some() {
                theme.popup_selected
            } else if line == 0 {
                theme.help_key
            } else if row.disagrees && line + 1 == label_lines.len() {
                theme.notice
            } else {
                theme.popup
            };
            let mut spans = vec![Span::styled(
                pad(
                    label_lines.get(line).map_or("", String::as_str),
                    label_width,
                ),
                label_style,
            )];
            for (column, cell) in cells.iter().enumerate() {
                spans.push(Span::styled("│", theme.popup_border));
                let (text, mut style) = cell
                    .get(line)
                    .cloned()
                    .unwrap_or((String::new(), theme.popup));
                if selected_column == Some(column) {
                    style = style.patch(theme.popup_selected);
                }
                spans.push(Span::styled(pad(&text, widths[column]), style));
            }
            lines.push(Line::from(spans));
        }
        lines.push(rule(label_width, &widths, theme.popup_border));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A cell's lines with their styles: the date and count, the disagreement, then
/// as much of the passage's beginning as fits.
fn cell_lines(cell: &SynopsisCellView, width: usize, app: &App) -> Vec<(String, Style)> {
    let theme = app.theme();
    if cell.silent {
        return vec![(format!(" {}", cell.head), theme.title_note)];
    }
    let mut lines = vec![(format!(" {}", cell.head), theme.help_key)];
    if let Some(disagreement) = &cell.disagreement {
        lines.push((format!(" {disagreement}"), theme.notice));
    }
    let room = (SYNOPSIS_ROW_LINES - 1).saturating_sub(lines.len());
    for text in wrapped(&cell.excerpt, width.saturating_sub(1), room, " ") {
        lines.push((text, theme.popup));
    }
    lines
}

/// `text` wrapped at `width` columns, at most `max` lines, the last one ending in
/// an ellipsis when text is left over; each line starts with `indent`.
fn wrapped(text: &str, width: usize, max: usize, indent: &str) -> Vec<String> {
    if width == 0 || max == 0 {
        return Vec::new();
    }
    let ranges = wrap_ranges(text, u16::try_from(width).unwrap_or(u16::MAX));
    let mut lines: Vec<String> = ranges
        .iter()
        .take(max)
        .map(|range| format!("{indent}{}", &text[range.clone()]))
        .collect();
    if ranges.len() > max
        && let Some(last) = lines.last_mut()
    {
        let cut = fit(&format!("{last}  "), width + indent.len());
        *last = if cut.ends_with('…') {
            cut
        } else {
            format!("{}…", cut.trim_end())
        };
    }
    lines
}

fn rule(label_width: usize, widths: &[usize], style: Style) -> Line<'static> {
    let mut text = "─".repeat(label_width);
    for width in widths {
        text.push('┼');
        text.push_str(&"─".repeat(*width));
    }
    Line::styled(text, style)
}

/// Text cut or padded with spaces to exactly `width` columns.
fn pad(text: &str, width: usize) -> String {
    let text = fit(text, width);
    let used = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}
