//! A pane: its title bar, gutter and the visible lines of its document's layout.

use super::fit;
use crate::app::App;
use crate::app::layout::{Line as LayoutLine, Prefix, list_marker};
use crate::config::theme::Theme;
use crate::model::{BlockKind, Document, SpanKind};
use crate::store::notes::NoteKind;
use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::ops::Range;

pub fn draw_pane(frame: &mut Frame, app: &App, index: usize) {
    let (Some(area), Some(pane), Some(layout)) = (
        app.geometry().panes.get(index),
        app.panes().get(index),
        app.pane_layout(index),
    ) else {
        return;
    };
    let Some(document) = app.document(pane.doc) else {
        return;
    };
    let theme = app.theme();
    let focused = index == app.focus();
    draw_title(frame, app, index, document, area.title, focused);

    let search = app
        .search()
        .filter(|search| search.doc == pane.doc)
        .map(|search| (search.matches.as_slice(), search.current));
    let rows = app.pane_rows(index);
    let mut text_lines = Vec::with_capacity(rows.len());
    let mut gutter_lines = Vec::with_capacity(rows.len());
    for row in rows {
        // A blank row: padding of aligned mode, or past the end of the document.
        let Some(line) = row.and_then(|line| layout.line(line)) else {
            gutter_lines.push(Line::raw(""));
            text_lines.push(Line::raw(""));
            continue;
        };
        let marked = pane.highlight == Some(line.block) && !line.range.is_empty()
            || pane.highlight == Some(line.block) && line.prefix == Prefix::Rule;
        let first_line = document
            .blocks
            .get(line.block)
            .is_some_and(|block| block.text.start == line.range.start && !line.range.is_empty());
        let quotes = first_line && app.quotes_elsewhere(pane.doc, line.block);
        let note = app.note_on(pane.doc, line.block);
        gutter_lines.push(Line::from(vec![
            // A noted passage shows its mark on its first line, over the cursor's.
            match note {
                Some(NoteKind::Highlight) if first_line => Span::styled("✎", theme.note_mark),
                Some(NoteKind::Bookmark) if first_line => Span::styled("•", theme.note_mark),
                _ if marked => Span::styled("▐", theme.gutter_mark),
                _ => Span::raw(" "),
            },
            if quotes {
                Span::styled("❝", theme.quotation_link)
            } else {
                Span::raw("")
            },
        ]));
        let style = LineStyle {
            highlighted: marked,
            noted: note == Some(NoteKind::Highlight),
        };
        text_lines.push(render_line(
            document,
            line,
            theme,
            search,
            area.text.width,
            style,
        ));
    }
    frame.render_widget(Paragraph::new(gutter_lines), area.gutter);
    frame.render_widget(Paragraph::new(text_lines).style(theme.text), area.text);
}

fn draw_title(
    frame: &mut Frame,
    app: &App,
    index: usize,
    document: &Document,
    area: ratatui::layout::Rect,
    focused: bool,
) {
    let theme = app.theme();
    let view = app.pane_title(index);
    let style = if focused {
        theme.title_focused
    } else {
        theme.title
    };
    if area.width < 30 {
        // A narrow pane keeps its title; the date and percentage do not fit.
        let title = fit(
            &format!(" {}", document.meta.title),
            usize::from(area.width),
        );
        frame.render_widget(
            Paragraph::new(Line::styled(title, style)).style(style),
            area,
        );
        return;
    }
    let right = format!(
        " {}{}% ",
        view.when.map(|w| format!("{w} · ")).unwrap_or_default(),
        view.percent
    );
    let note = view.note.map(|n| format!(" {n}")).unwrap_or_default();
    let width = usize::from(area.width);
    let right_width = unicode_width::UnicodeWidthStr::width(right.as_str());
    let left_room = width.saturating_sub(right_width);
    let byline = if view.byline.is_empty() {
        String::new()
    } else {
        format!(" — {}", view.byline)
    };
    let title_text = format!(" {}{}", document.meta.title, byline);
    let note_width = unicode_width::UnicodeWidthStr::width(note.as_str()).min(left_room / 2);
    let title = fit(&title_text, left_room.saturating_sub(note_width));
    let note = fit(
        &note,
        left_room.saturating_sub(unicode_width::UnicodeWidthStr::width(title.as_str())),
    );
    let style = if focused {
        theme.title_focused
    } else {
        theme.title
    };
    let used = unicode_width::UnicodeWidthStr::width(title.as_str())
        + unicode_width::UnicodeWidthStr::width(note.as_str());
    let padding = " ".repeat(width.saturating_sub(used + right_width));
    let right = fit(&right, width.saturating_sub(used));
    let border = if focused {
        theme.pane_border_focused
    } else {
        theme.pane_border
    };
    let line = Line::from(vec![
        Span::styled(title, style),
        Span::styled(note, theme.title_note),
        Span::styled(padding, style),
        Span::styled(right, border),
    ]);
    frame.render_widget(Paragraph::new(line).style(style), area);
}

/// The style of a block's text before inline spans apply.
fn base_style(kind: BlockKind, theme: &Theme) -> Style {
    match kind {
        BlockKind::Heading { .. } => theme.heading,
        BlockKind::Quote { .. } => theme.quote,
        _ => theme.text,
    }
}

fn span_style(kind: &SpanKind, theme: &Theme) -> Style {
    match kind {
        SpanKind::Emphasis => theme.emphasis,
        SpanKind::Strong => theme.strong,
        SpanKind::Code => theme.code,
        SpanKind::FootnoteRef { .. } => theme.footnote_marker,
        SpanKind::Link { .. } => theme.link,
        SpanKind::Replaced => theme.replaced,
    }
}

/// How a whole line is marked, besides its spans.
#[derive(Debug, Clone, Copy, Default)]
struct LineStyle {
    /// The cursor's or an event jump's passage.
    highlighted: bool,
    /// A passage highlighted with a note (`a`).
    noted: bool,
}

/// One wrapped line: prefix, then the text cut at every span and match boundary.
fn render_line(
    document: &Document,
    line: &LayoutLine,
    theme: &Theme,
    search: Option<(&[Range<usize>], Option<usize>)>,
    width: u16,
    marks: LineStyle,
) -> Line<'static> {
    let Some(block) = document.blocks.get(line.block) else {
        return Line::raw("");
    };
    let mut base = base_style(block.kind, theme);
    if marks.highlighted {
        base = base.patch(theme.passage_highlight);
    }
    if marks.noted {
        base = base.patch(theme.note_highlight);
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    match line.prefix {
        Prefix::None => {}
        Prefix::Rule => {
            let rule = "─".repeat(usize::from(width.saturating_sub(1)).min(40));
            return Line::styled(rule, theme.pane_border);
        }
        Prefix::ListMarker { indent } => {
            let number = match block.kind {
                BlockKind::ListItem { number, .. } => number,
                _ => None,
            };
            spans.push(Span::raw(" ".repeat(usize::from(indent))));
            spans.push(Span::styled(list_marker(number), theme.list_marker));
        }
        Prefix::ListContinuation { indent } => {
            spans.push(Span::raw(" ".repeat(usize::from(indent))))
        }
        Prefix::Quote { depth } => {
            spans.push(Span::styled("│ ".repeat(usize::from(depth)), theme.quote))
        }
    }
    if line.range.is_empty() {
        return Line::from(spans);
    }
    let range = line.range.clone();
    let inline: Vec<_> = block
        .spans
        .iter()
        .filter(|span| span.range.start < range.end && span.range.end > range.start)
        .collect();
    let (matches, current) = search.unwrap_or((&[], None));
    let first_match = matches.partition_point(|m| m.end <= range.start);
    let line_matches: Vec<(usize, &Range<usize>)> = matches[first_match..]
        .iter()
        .enumerate()
        .take_while(|(_, m)| m.start < range.end)
        .map(|(i, m)| (first_match + i, m))
        .collect();
    let mut cuts = vec![range.start, range.end];
    for span in &inline {
        cuts.extend([span.range.start, span.range.end]);
    }
    for (_, m) in &line_matches {
        cuts.extend([m.start, m.end]);
    }
    cuts.retain(|&cut| cut >= range.start && cut <= range.end);
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        if start == end
            || !document.text.is_char_boundary(start)
            || !document.text.is_char_boundary(end)
        {
            continue;
        }
        let mut style = base;
        for span in &inline {
            if span.range.start <= start && span.range.end >= end {
                style = style.patch(span_style(&span.kind, theme));
            }
        }
        for (index, m) in &line_matches {
            if m.start <= start && m.end >= end {
                let slot = if Some(*index) == current {
                    theme.search_current
                } else {
                    theme.search_match
                };
                style = style.patch(slot);
            }
        }
        spans.push(Span::styled(document.text[start..end].to_string(), style));
    }
    Line::from(spans)
}
