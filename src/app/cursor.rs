//! The date cursor and everything that keeps panes in step with it: moving the
//! cursor, syncing panes, the scrolled pane leading, event jumps (`J`/`K`) and the
//! events list. Plain logic over the chronology; no terminal here.

use super::layout::Position;
use super::overlay::Overlay;
use super::{App, Mode, TimelineView};
use crate::time::date::{Date, DateSpan, month_name};

/// The period the timeline shows when nothing else is known.
pub fn default_timeline() -> DateSpan {
    DateSpan {
        first: Date::new(1870, 7, 1).unwrap_or_else(|| Date::from_days(0)),
        last: Date::new(1871, 6, 30).unwrap_or_else(|| Date::from_days(0)),
    }
}

/// Where `J` is in its cycle: the passage it started from and which candidate each
/// pane shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedCycle {
    pub doc: usize,
    pub block: usize,
    pub step: usize,
}

/// "18 Mar 1871".
pub fn short_date(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        &month_name(date.month())[..3],
        date.year()
    )
}

/// "18 Mar", for title notes where the year is clear from the cursor.
fn day_month(date: Date) -> String {
    format!("{} {}", date.day(), &month_name(date.month())[..3])
}

impl App {
    pub fn cursor(&self) -> Date {
        self.cursor
    }

    /// Moves the cursor and brings every synced pane to its passage.
    pub fn set_cursor(&mut self, date: Date) {
        self.cursor = date;
        self.keep_cursor_visible();
        if let Some(dating) = &mut self.dating {
            // The panes follow once the texts are dated.
            dating.sync = true;
            return;
        }
        self.sync_panes(None);
    }

    /// Brings every synced pane (but `leader`) to the passage for the cursor's date,
    /// or says in its title bar that its document says nothing about that day.
    pub(super) fn sync_panes(&mut self, leader: Option<usize>) {
        for index in 0..self.panes.len() {
            if Some(index) == leader || !self.panes[index].sync {
                continue;
            }
            let doc = self.panes[index].doc;
            let pick = self.chronology.at(doc, self.cursor);
            let nothing = |app: &App| {
                let next = app
                    .chronology
                    .next_narrated_after(doc, app.cursor)
                    .map(|next| format!(" — next: {}", day_month(next)))
                    .unwrap_or_default();
                format!("nothing on {}{next}", day_month(app.cursor))
            };
            match pick {
                Some(pick) => {
                    let narrates_the_day = self
                        .chronology
                        .passage_time(doc, pick.block)
                        .is_some_and(|time| time.span.contains(self.cursor));
                    let note = (!narrates_the_day).then(|| nothing(self));
                    // Aligned panes move together: only the cursor's own moves
                    // scroll them (the leader's row carries the others).
                    if self.aligned.is_none() || leader.is_none() {
                        self.scroll_pane_to_block(index, pick.block);
                    }
                    let pane = &mut self.panes[index];
                    pane.highlight = Some(pick.block);
                    pane.note = note;
                }
                None => {
                    let note = nothing(self);
                    let pane = &mut self.panes[index];
                    pane.highlight = None;
                    pane.note = Some(note);
                }
            }
        }
    }

    /// After the user scrolls the focused pane, it leads: the cursor takes the date
    /// of the first dated passage on screen, and the other panes follow.
    pub(super) fn lead_from_focused(&mut self) {
        let Some(pane) = self.panes.get(self.focus) else {
            return;
        };
        if !pane.sync {
            return;
        }
        let doc = pane.doc;
        let blocks = self.visible_blocks(self.focus);
        let dated = blocks.clone().find_map(|block| {
            self.chronology
                .passage_time(doc, block)
                .map(|time| (block, time.focus))
        });
        let Some((block, date)) = dated else {
            return;
        };
        if let Some(pane) = self.panes.get_mut(self.focus) {
            pane.highlight = Some(block);
            pane.note = None;
        }
        if date != self.cursor {
            self.cursor = date;
            self.keep_cursor_visible();
            self.sync_panes(Some(self.focus));
        }
    }

    pub(super) fn move_cursor_days(&mut self, days: i64) {
        self.set_cursor(self.cursor.add_days(days));
    }

    pub(super) fn move_cursor_months(&mut self, months: i32) {
        self.set_cursor(self.cursor.add_months(months));
    }

    pub(super) fn cursor_to_event(&mut self, forward: bool) {
        let catalog = self.chronology.catalog();
        let event = if forward {
            catalog.next_after(self.cursor)
        } else {
            catalog.previous_before(self.cursor)
        };
        match event.map(|e| (e.start(), e.label.clone())) {
            Some((start, label)) => {
                self.record_jump();
                self.set_cursor(start);
                self.message = Some(crate::sanitize::clean_line(&label).into_owned());
            }
            None => self.message = Some("no more events that way".to_string()),
        }
    }

    /// Zooms the timeline around the cursor: a factor of two each step, between a
    /// month and a decade.
    pub(super) fn zoom_timeline(&mut self, zoom_in: bool) {
        let span = self.timeline;
        let length = span.last.to_days() - span.first.to_days() + 1;
        let new_length = if zoom_in {
            (length / 2).max(31)
        } else {
            (length * 2).min(3653)
        };
        let cursor = self.cursor.to_days();
        let first = cursor - new_length / 2;
        self.timeline = DateSpan {
            first: Date::from_days(first),
            last: Date::from_days(first + new_length - 1),
        };
    }

    /// Slides the timeline when the cursor leaves it.
    pub(super) fn keep_cursor_visible(&mut self) {
        let span = self.timeline;
        if span.contains(self.cursor) {
            return;
        }
        let length = span.last.to_days() - span.first.to_days();
        let shift = if self.cursor < span.first {
            self.cursor.to_days() - span.first.to_days() - length / 4
        } else {
            self.cursor.to_days() - span.last.to_days() + length / 4
        };
        self.timeline = DateSpan {
            first: span.first.add_days(shift),
            last: span.last.add_days(shift),
        };
    }

    /// The passage `J` starts from: the highlighted passage if it is on screen,
    /// otherwise the first passage on screen that has an event.
    fn passage_under_focus(&self) -> Option<(usize, usize)> {
        let pane = self.panes.get(self.focus)?;
        let blocks = self.visible_blocks(self.focus);
        if let Some(highlight) = pane.highlight.filter(|b| blocks.contains(b)) {
            return Some((pane.doc, highlight));
        }
        let with_event = blocks
            .clone()
            .find(|&block| !self.chronology.events_of(pane.doc, block).is_empty());
        Some((pane.doc, with_event.unwrap_or(pane.top.block)))
    }

    /// `J`: the other panes show the passages about the same event; again, the next
    /// candidates. `K` steps back.
    pub(super) fn jump_related(&mut self, forward: bool) {
        let Some((doc, block)) = self.passage_under_focus() else {
            return;
        };
        let step = match &self.related_cycle {
            Some(cycle) if forward => cycle.step + 1,
            Some(cycle) => cycle.step.saturating_sub(1),
            None if forward => 0,
            None => {
                self.message = Some("no event jump to go back in (J first)".to_string());
                return;
            }
        };
        let (doc, block) = match &self.related_cycle {
            Some(cycle) => (cycle.doc, cycle.block),
            None => (doc, block),
        };
        if self.related_cycle.is_none() {
            self.record_jump();
        }
        let related = self.chronology.related(doc, block);
        let mut shown = 0;
        let mut reasons: Option<String> = None;
        for index in 0..self.panes.len() {
            if index == self.focus {
                continue;
            }
            let pane_doc = self.panes[index].doc;
            if pane_doc == doc {
                continue;
            }
            let candidates: Vec<_> = related.iter().filter(|r| r.doc == pane_doc).collect();
            let Some(candidate) = candidates.get(step % candidates.len().max(1)) else {
                self.panes[index].note = Some("no passage on the same event".to_string());
                continue;
            };
            self.scroll_pane_to_block(index, candidate.block);
            let pane = &mut self.panes[index];
            pane.highlight = Some(candidate.block);
            pane.note = Some(format!(
                "same event {}/{}",
                step % candidates.len() + 1,
                candidates.len()
            ));
            shown += 1;
            if reasons.is_none() {
                reasons = candidate.reasons.first().map(describe_reason);
            }
        }
        if let Some(pane) = self.panes.get_mut(self.focus) {
            pane.highlight = Some(block);
        }
        self.related_cycle = Some(RelatedCycle { doc, block, step });
        self.message = Some(if shown == 0 {
            if self.panes.len() < 2 {
                "open another pane (v) to see the same event in another account".to_string()
            } else {
                "no passage on the same event in the other panes".to_string()
            }
        } else {
            reasons.unwrap_or_default()
        });
    }

    /// Any move other than `J`/`K` ends the event-jump cycle.
    pub(super) fn end_related_cycle(&mut self) {
        self.related_cycle = None;
    }

    pub(super) fn open_events_list(&mut self) {
        let events = self.chronology.catalog().events();
        // The latest event begun by the cursor's date: long events that began
        // weeks earlier come before it in the list, not under the selection.
        let selected = events
            .partition_point(|e| e.start() <= self.cursor)
            .saturating_sub(1);
        self.overlays.push(Overlay::Events { selected });
    }

    /// Enter in the events list: the cursor goes to the event, every pane to its
    /// strongest passage about it (or to the date, for a document that has none).
    pub(super) fn choose_event(&mut self, selected: usize) {
        let Some(event) = self.chronology.catalog().events().get(selected) else {
            return;
        };
        let start = event.start();
        self.record_jump();
        self.cursor = start;
        self.keep_cursor_visible();
        self.sync_panes(None);
        for index in 0..self.panes.len() {
            let doc = self.panes[index].doc;
            let best = self
                .chronology
                .event_passages(selected)
                .find(|(d, _, _)| *d == doc)
                .map(|(_, block, _)| block);
            if let Some(block) = best {
                self.scroll_pane_to_block(index, block);
                self.panes[index].highlight = Some(block);
                self.panes[index].note = None;
            }
        }
    }

    /// Rows of the events list: dates, label, which open documents cover it.
    pub fn events_rows(&self) -> Vec<String> {
        self.chronology
            .catalog()
            .events()
            .iter()
            .enumerate()
            .map(|(index, event)| {
                let when = if event.start() == event.end() {
                    short_date(event.start())
                } else {
                    format!(
                        "{} – {}",
                        short_date(event.start()),
                        short_date(event.end())
                    )
                };
                let covering: Vec<String> = self
                    .panes
                    .iter()
                    .enumerate()
                    .map(|(pane, state)| {
                        let covered = self
                            .chronology
                            .event_passages(index)
                            .any(|(d, _, _)| d == state.doc);
                        if covered {
                            (pane + 1).to_string()
                        } else {
                            "·".to_string()
                        }
                    })
                    .collect();
                format!("{when:<27} [{}] {}", covering.join(""), event.label)
            })
            .collect()
    }

    pub(super) fn events_count(&self) -> usize {
        self.chronology.catalog().events().len()
    }

    /// "18 Mar 1871 · 18 March: the cannons of Montmartre".
    pub(super) fn cursor_label(&self) -> Option<String> {
        let event = self
            .chronology
            .catalog()
            .overlapping(self.cursor, self.cursor)
            .min_by_key(|e| e.end().to_days() - e.start().to_days());
        Some(match event {
            Some(event) => format!("{} · {}", short_date(self.cursor), event.label),
            None => short_date(self.cursor),
        })
    }

    /// The date narrated at the top of a pane.
    pub(super) fn pane_when(&self, pane: usize) -> Option<String> {
        let state = self.panes.get(pane)?;
        let block = state
            .highlight
            .filter(|b| self.visible_blocks(pane).contains(b))
            .or_else(|| {
                self.visible_blocks(pane)
                    .find(|&b| self.chronology.passage_time(state.doc, b).is_some())
            })?;
        let time = self.chronology.passage_time(state.doc, block)?;
        let (first, last) = (time.span.first, time.span.last);
        Some(if first == last {
            short_date(time.focus)
        } else if time.length() > 92 {
            // A vague time ("1870-71") shows as years, not as a made-up day.
            if first.year() == last.year() {
                first.year().to_string()
            } else {
                format!("{}–{}", first.year(), last.year())
            }
        } else if time.span.first.year() == time.span.last.year() {
            format!(
                "{}–{}",
                day_month(time.span.first),
                short_date(time.span.last)
            )
        } else {
            format!(
                "{}–{}",
                short_date(time.span.first),
                short_date(time.span.last)
            )
        })
    }

    /// Sets the cursor from a click on the timeline's columns.
    pub(super) fn click_timeline(&mut self, column: u16, width: u16) {
        if let Some(date) = self.timeline_date_at(column, width) {
            self.record_jump();
            self.set_cursor(date);
        }
    }

    fn timeline_date_at(&self, column: u16, width: u16) -> Option<Date> {
        if width == 0 {
            return None;
        }
        let first = self.timeline.first.to_days();
        let days = self.timeline.last.to_days() - first + 1;
        Some(Date::from_days(
            first + (i64::from(column) * days) / i64::from(width),
        ))
    }

    fn timeline_column_of(&self, date: Date, width: u16) -> Option<usize> {
        let first = self.timeline.first.to_days();
        let days = self.timeline.last.to_days() - first + 1;
        let offset = date.to_days() - first;
        (0..days)
            .contains(&offset)
            .then(|| ((offset * i64::from(width)) / days) as usize)
    }

    /// The timeline strip as text rows `width` wide.
    pub fn timeline_view(&self, width: u16) -> Option<TimelineView> {
        if width < 8 {
            return None;
        }
        let columns = usize::from(width);
        let mut ticks: Vec<char> = vec![' '; columns];
        let mut month =
            Date::first_of_month(self.timeline.first.year(), self.timeline.first.month())?;
        while month <= self.timeline.last {
            if let Some(column) = self.timeline_column_of(month, width) {
                let label = if month.month() == 1 {
                    month.year().to_string()
                } else {
                    month_name(month.month())[..3].to_string()
                };
                ticks[column] = '╷';
                for (offset, c) in label.chars().enumerate() {
                    if let Some(slot) = ticks.get_mut(column + 1 + offset)
                        && *slot == ' '
                    {
                        *slot = c;
                    }
                }
            }
            month = month.add_months(1);
        }
        let mut events: Vec<char> = vec!['·'; columns];
        for event in self.chronology.catalog().events() {
            if let Some(column) = self.timeline_column_of(event.start(), width) {
                events[column] = '◆';
            }
        }
        let cursor_column = self.timeline_column_of(self.cursor, width);
        if let Some(column) = cursor_column {
            events[column] = '▼';
        }
        let density = self
            .panes
            .iter()
            .map(|pane| {
                let intervals = self.coverage.get(pane.doc).map_or(&[][..], Vec::as_slice);
                let first = self.timeline.first.to_days();
                let days = self.timeline.last.to_days() - first + 1;
                // Each column asks whether any dated passage falls in its days: a
                // binary search, so a frame costs the same for any document size.
                let row: Vec<char> = (0..columns as i64)
                    .map(|column| {
                        let from = first + column * days / columns as i64;
                        let to = first
                            + ((column + 1) * days / columns as i64)
                                .max(column * days / columns as i64 + 1);
                        let index = intervals.partition_point(|&(_, end)| end < from);
                        if intervals.get(index).is_some_and(|&(start, _)| start < to) {
                            '▮'
                        } else {
                            ' '
                        }
                    })
                    .collect();
                let label: String = self
                    .document(pane.doc)
                    .map(|d| d.id().chars().take(12).collect())
                    .unwrap_or_default();
                let mut text: String = row.into_iter().collect();
                if !label.is_empty() && text.starts_with(' ') {
                    let label_width = label.chars().count().min(columns);
                    text = label
                        .chars()
                        .take(label_width)
                        .chain(text.chars().skip(label_width))
                        .collect();
                }
                text
            })
            .collect();
        Some(TimelineView {
            ticks: ticks.into_iter().collect(),
            events: events.into_iter().collect(),
            cursor_column,
            density,
        })
    }

    /// Leaves timeline mode.
    pub(super) fn leave_timeline(&mut self) {
        self.mode = Mode::Normal;
    }

    /// Whether a passage quotes the same words as a passage of another document
    /// (the gutter marks it, and `J` offers the other passage).
    pub fn quotes_elsewhere(&self, doc: usize, block: usize) -> bool {
        self.chronology.quotes_of(doc, block).next().is_some()
    }

    /// The position of a pane, for tests and the state file.
    pub fn pane_position(&self, pane: usize) -> Option<Position> {
        self.panes.get(pane).map(|p| p.top)
    }
}

fn describe_reason(reason: &crate::time::chronology::Reason) -> String {
    use crate::time::chronology::Reason;
    match reason {
        Reason::Event { label, .. } => format!("same event: {label}"),
        Reason::Quotation { .. } => "quotes the same words".to_string(),
        Reason::Link => "linked passage".to_string(),
        Reason::Words { .. } => "similar words".to_string(),
    }
}

/// The days a document narrates, as sorted disjoint (first, last) day numbers. A
/// long span shows as its first day, or it would paint the whole timeline.
pub fn covered_days(times: &[Option<crate::time::narrative::PassageTime>]) -> Vec<(i64, i64)> {
    let mut spans: Vec<(i64, i64)> = times
        .iter()
        .flatten()
        .map(|time| {
            let first = time.span.first.to_days();
            let last = if time.length() > 31 {
                first
            } else {
                time.span.last.to_days()
            };
            (first, last)
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
    for (first, last) in spans {
        match merged.last_mut() {
            Some((_, end)) if first <= *end + 1 => *end = (*end).max(last),
            _ => merged.push((first, last)),
        }
    }
    merged
}
