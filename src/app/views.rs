//! Small view structs the ui draws from, so that deciding *what* to show (titles,
//! notes, the status text) stays in the app and is testable without a terminal.

use super::{App, Mode};
use crate::app::Action;
use crate::config::keymap::KeyMode;

/// What a pane's title bar says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneTitle {
    /// "Author, year".
    pub byline: String,
    /// The date narrated at the top of the pane, if known.
    pub when: Option<String>,
    pub percent: u16,
    /// "nothing on 2 Apr — next: 3 Apr", "sync off".
    pub note: Option<String>,
}

/// The timeline strip, as text rows the width of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineView {
    /// Month ticks and labels.
    pub ticks: String,
    /// One char per column: `·` the axis, `◆` an event.
    pub events: String,
    pub cursor_column: Option<usize>,
    /// One row per pane: where its document has dated passages.
    pub density: Vec<String>,
}

impl App {
    pub fn pane_title(&self, index: usize) -> PaneTitle {
        let Some(pane) = self.panes.get(index) else {
            return PaneTitle {
                byline: String::new(),
                when: None,
                percent: 0,
                note: None,
            };
        };
        let byline = self
            .document(pane.doc)
            .map(|d| {
                let year = d.meta.published.get(..4).unwrap_or("");
                match (d.meta.author.is_empty(), year.is_empty()) {
                    (false, false) => format!("{}, {year}", d.meta.author),
                    (false, true) => d.meta.author.clone(),
                    (true, false) => year.to_string(),
                    (true, true) => String::new(),
                }
            })
            .unwrap_or_default();
        let mut note = pane.note.clone();
        if !pane.sync {
            note = Some(match note {
                Some(n) => format!("{n} · sync off"),
                None => "sync off".to_string(),
            });
        }
        if self.is_aligned() {
            note = Some(match note {
                Some(n) => format!("{n} · aligned"),
                None => "aligned".to_string(),
            });
        }
        PaneTitle {
            byline,
            when: self.pane_when(index),
            percent: self.pane_percent(index),
            note,
        }
    }

    /// The status line's middle: cursor, event, search count, message.
    pub fn status_text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(progress) = self.dating_progress() {
            parts.push(format!("dating the texts… {}%", progress.percent()));
        }
        if let Some(cursor) = self.cursor_label() {
            parts.push(cursor);
        }
        if let Some(search) = self.search_status() {
            parts.push(format!(
                "/{} {search}",
                self.search.as_ref().map_or("", |s| s.query.as_str())
            ));
        }
        if let Some(message) = &self.message {
            parts.push(message.clone());
        }
        parts.join("  ·  ")
    }

    /// A short reminder of the most useful keys, read from the keymap.
    pub fn key_hint(&self) -> String {
        let mode = self.key_mode();
        let wanted: &[(Action, &str)] = match (mode, &self.mode) {
            (KeyMode::Timeline, _) | (_, Mode::Timeline) => &[
                (Action::DayForward, "day"),
                (Action::WeekForward, "week"),
                (Action::Confirm, "done"),
            ],
            (KeyMode::List, _) => &[(Action::Confirm, "open"), (Action::Cancel, "close")],
            _ => &[
                (Action::NextEvent, "event"),
                (Action::JumpRelated, "same event"),
                (Action::OpenFootnote, "note"),
                (Action::Help, "help"),
                (Action::Quit, "quit"),
            ],
        };
        wanted
            .iter()
            .filter_map(|(action, label)| {
                self.keymap
                    .keys_for(mode, *action)
                    .first()
                    .map(|key| format!("{key} {label}"))
            })
            .collect::<Vec<_>>()
            .join("  ")
    }
}
