//! The synopsis view (`S`): the table of [`crate::synopsis::Synopsis`] as an
//! overlay. Moving through it moves the date cursor; Enter opens the cell's
//! passage in its pane; the rows can be filtered. The table is built once per set
//! of columns and kept; a key press only filters and looks it up.

use super::overlay::{Overlay, SynopsisTable};
use super::{Action, App, Effect, PromptKind};
use crate::synopsis::{Cell, Synopsis, excerpt, parse_period, span_label};
use std::rc::Rc;

/// Screen lines one table row takes, its separator included (the ui draws them).
pub const SYNOPSIS_ROW_LINES: usize = 5;

/// The table as the ui draws it: the rows around the selection, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynopsisView {
    /// " Synopsis — 2 accounts · 12 of 40 events · “thiers” ".
    pub title: String,
    /// One header per column: "Trotsky, 1921".
    pub columns: Vec<String>,
    /// The rows shown, first to last.
    pub rows: Vec<SynopsisRowView>,
    /// Index into `rows` of the selected row, and the selected column.
    pub selected: Option<(usize, usize)>,
    /// "no event matches the filter", when `rows` is empty.
    pub empty: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynopsisRowView {
    pub when: String,
    pub label: String,
    pub disagrees: bool,
    pub cells: Vec<SynopsisCellView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynopsisCellView {
    /// "18 Mar 1871 · +3", "undated", or "—" for silence.
    pub head: String,
    /// "≠ 17 Mar 1871 (col 2)", when the accounts disagree.
    pub disagreement: Option<String>,
    /// The beginning of the strongest passage.
    pub excerpt: String,
    pub silent: bool,
}

impl App {
    /// The synopsis of these columns, built once and kept until the columns change.
    fn synopsis_of(&mut self, docs: &[usize]) -> Rc<Synopsis> {
        if let Some(synopsis) = &self.synopsis
            && synopsis.docs == docs
        {
            return synopsis.clone();
        }
        let synopsis = Rc::new(Synopsis::build(&self.chronology, &self.corpus, docs));
        self.synopsis = Some(synopsis.clone());
        synopsis
    }

    /// The columns: the documents open in panes, in pane order, or every document.
    fn synopsis_columns(&self, all_documents: bool) -> Vec<usize> {
        if all_documents {
            return (0..self.corpus.len()).collect();
        }
        let mut docs: Vec<usize> = Vec::new();
        for pane in &self.panes {
            if !docs.contains(&pane.doc) {
                docs.push(pane.doc);
            }
        }
        docs
    }

    /// `S`: opens the table on the event at the cursor, in the focused pane's column.
    pub(super) fn open_synopsis(&mut self) {
        let docs = self.synopsis_columns(false);
        let synopsis = self.synopsis_of(&docs);
        let rows: Vec<usize> = (0..synopsis.rows.len()).collect();
        let row = synopsis
            .rows
            .iter()
            .position(|r| r.span.last >= self.cursor)
            .unwrap_or(0);
        let column = self
            .focused_pane()
            .and_then(|pane| docs.iter().position(|&d| d == pane.doc))
            .unwrap_or(0);
        self.overlays.push(Overlay::Synopsis {
            table: SynopsisTable {
                all_documents: false,
                filter: Default::default(),
                rows,
                row,
                column,
            },
        });
    }

    fn synopsis_table_mut(&mut self) -> Option<&mut SynopsisTable> {
        match self.overlays.last_mut() {
            Some(Overlay::Synopsis { table }) => Some(table),
            _ => None,
        }
    }

    fn synopsis_table(&self) -> Option<&SynopsisTable> {
        match self.overlays.last() {
            Some(Overlay::Synopsis { table }) => Some(table),
            _ => None,
        }
    }

    /// Keys in the synopsis view. `None` leaves the action to the generic popup
    /// handling (help, cancel, quit).
    pub(super) fn update_synopsis(&mut self, action: Action) -> Option<Effect> {
        let table = self.synopsis_table()?.clone();
        let page = (usize::from(self.size.height).saturating_sub(6) / SYNOPSIS_ROW_LINES).max(1);
        let page = page as isize;
        let columns = self.synopsis_columns(table.all_documents).len();
        match action {
            Action::SelectNext | Action::ScrollDown => self.synopsis_move(1),
            Action::SelectPrevious | Action::ScrollUp => self.synopsis_move(-1),
            Action::PageDown | Action::HalfPageDown => self.synopsis_move(page),
            Action::PageUp | Action::HalfPageUp => self.synopsis_move(-page),
            Action::Top => self.synopsis_move(isize::MIN / 2),
            Action::Bottom => self.synopsis_move(isize::MAX / 2),
            Action::SelectLeft | Action::SelectRight => {
                let step = if action == Action::SelectLeft { -1 } else { 1 };
                if let Some(table) = self.synopsis_table_mut() {
                    table.column = (table.column as isize + step)
                        .clamp(0, columns.saturating_sub(1) as isize)
                        as usize;
                }
            }
            Action::FilterText => self.start_prompt(PromptKind::SynopsisText),
            Action::FilterPeriod => self.start_prompt(PromptKind::SynopsisPeriod),
            Action::FilterCovered => self.refilter(|t| {
                t.filter.covered_by_all = !t.filter.covered_by_all;
            }),
            Action::FilterDisagreements => self.refilter(|t| {
                t.filter.disagreements = !t.filter.disagreements;
            }),
            Action::SynopsisColumns => self.refilter(|t| {
                t.all_documents = !t.all_documents;
            }),
            Action::Confirm | Action::Follow => self.open_synopsis_cell(),
            _ => return None,
        }
        Some(Effect::None)
    }

    /// Moves the selection by `delta` rows; the date cursor follows the row's event.
    fn synopsis_move(&mut self, delta: isize) {
        let Some(table) = self.synopsis_table_mut() else {
            return;
        };
        let last = table.rows.len().saturating_sub(1) as isize;
        table.row = (table.row as isize)
            .saturating_add(delta)
            .clamp(0, last.max(0)) as usize;
        self.cursor_to_synopsis_row();
    }

    fn selected_synopsis_row(&self) -> Option<&crate::synopsis::Row> {
        let table = self.synopsis_table()?;
        let index = *table.rows.get(table.row)?;
        self.synopsis.as_ref()?.rows.get(index)
    }

    fn cursor_to_synopsis_row(&mut self) {
        if let Some(start) = self.selected_synopsis_row().map(|row| row.span.first)
            && start != self.cursor
        {
            self.set_cursor(start);
        }
    }

    /// Changes the table's filter or columns and recomputes its rows, keeping the
    /// selected event when it is still shown.
    fn refilter(&mut self, change: impl FnOnce(&mut SynopsisTable)) {
        let event = self.selected_synopsis_row().map(|row| row.event);
        let Some(mut table) = self.synopsis_table().cloned() else {
            return;
        };
        let old_columns = self.synopsis_columns(table.all_documents);
        let column_doc = old_columns.get(table.column).copied();
        change(&mut table);
        let docs = self.synopsis_columns(table.all_documents);
        let synopsis = self.synopsis_of(&docs);
        table.rows = synopsis.filtered(&table.filter, &self.chronology, &self.corpus);
        table.row = event
            .and_then(|event| {
                table
                    .rows
                    .iter()
                    .position(|&row| synopsis.rows.get(row).is_some_and(|r| r.event == event))
            })
            .or_else(|| {
                table.rows.iter().position(|&row| {
                    synopsis
                        .rows
                        .get(row)
                        .is_some_and(|r| r.span.last >= self.cursor)
                })
            })
            .unwrap_or(0);
        table.column = column_doc
            .and_then(|doc| docs.iter().position(|&d| d == doc))
            .unwrap_or(0)
            .min(docs.len().saturating_sub(1));
        if let Some(slot) = self.synopsis_table_mut() {
            *slot = table;
        }
        self.cursor_to_synopsis_row();
    }

    /// The text prompts of the synopsis: filter words (live) and a period.
    pub(super) fn synopsis_prompt(&mut self, kind: PromptKind, text: &str, done: bool) {
        match kind {
            PromptKind::SynopsisText => {
                let text = text.to_string();
                self.refilter(|t| t.filter.text = text);
            }
            PromptKind::SynopsisPeriod if done => {
                let text = text.trim();
                if text.is_empty() {
                    self.refilter(|t| t.filter.period = None);
                    return;
                }
                match parse_period(text) {
                    Some(period) => self.refilter(|t| t.filter.period = Some(period)),
                    None => {
                        self.message = Some(format!(
                            "not a period: {} (try march 1871, 1871-03-18..1871-05-28)",
                            crate::sanitize::clean_line(text)
                        ));
                    }
                }
            }
            _ => {}
        }
    }

    /// Enter on a cell: the table closes and the passage opens in its pane.
    fn open_synopsis_cell(&mut self) {
        let Some(table) = self.synopsis_table().cloned() else {
            return;
        };
        let cell = self
            .selected_synopsis_row()
            .and_then(|row| row.cells.get(table.column))
            .map(|cell| (cell.doc, cell.strongest));
        match cell {
            Some((doc, Some(block))) => {
                self.overlays.pop();
                self.record_jump();
                self.show_in_pane(doc, block, false);
                if let Some(pane) = self.panes.iter_mut().find(|p| p.doc == doc) {
                    pane.note = None;
                }
            }
            Some((doc, None)) => {
                let name = self.document(doc).map_or("", |d| d.id()).to_string();
                self.message = Some(format!("{name} is silent on this event"));
            }
            None => {}
        }
    }

    /// Rows in the synopsis table, for clamping.
    pub(super) fn synopsis_len(&self) -> usize {
        self.synopsis_table().map_or(0, |t| t.rows.len())
    }

    /// What the ui draws for the synopsis: the rows around the selection that fit
    /// in `height` screen lines.
    pub fn synopsis_view(&self, height: usize) -> Option<SynopsisView> {
        let table = self.synopsis_table()?;
        let synopsis = self.synopsis.as_ref()?;
        let docs = &synopsis.docs;
        let columns: Vec<String> = docs
            .iter()
            .enumerate()
            .map(|(index, &doc)| {
                let name = self.document(doc).map_or(String::new(), |d| {
                    let who = if d.meta.author.is_empty() {
                        d.meta.title.clone()
                    } else {
                        d.meta.author.clone()
                    };
                    match d.meta.published.get(..4) {
                        Some(year) => format!("{who}, {year}"),
                        None => who,
                    }
                });
                format!("{} {}", index + 1, name)
            })
            .collect();
        let visible = (height / SYNOPSIS_ROW_LINES).max(1);
        let first = table
            .row
            .saturating_sub(visible / 2)
            .min(table.rows.len().saturating_sub(visible));
        let rows: Vec<SynopsisRowView> = table
            .rows
            .iter()
            .skip(first)
            .take(visible)
            .filter_map(|&index| synopsis.rows.get(index))
            .map(|row| SynopsisRowView {
                when: span_label(row.span),
                label: self
                    .chronology
                    .catalog()
                    .events()
                    .get(row.event)
                    .map_or(String::new(), |e| e.label.clone()),
                disagrees: row.disagrees(),
                cells: row
                    .cells
                    .iter()
                    .map(|cell| self.cell_view(cell, docs))
                    .collect(),
            })
            .collect();
        let mut title = format!(
            " Synopsis — {} account{} · {} of {} events ",
            docs.len(),
            if docs.len() == 1 { "" } else { "s" },
            table.rows.len(),
            synopsis.rows.len()
        );
        if !table.filter.is_empty() {
            title.push_str(&format!("· {} ", table.filter.describe()));
        }
        Some(SynopsisView {
            title,
            columns,
            selected: (!rows.is_empty()).then(|| (table.row - first, table.column)),
            empty: rows
                .is_empty()
                .then(|| "no event matches the filter".to_string()),
            rows,
        })
    }

    fn cell_view(&self, cell: &Cell, docs: &[usize]) -> SynopsisCellView {
        let Some(block) = cell.strongest else {
            return SynopsisCellView {
                head: "—".to_string(),
                disagreement: None,
                excerpt: String::new(),
                silent: true,
            };
        };
        let date = cell.date_given.map_or("undated".to_string(), span_label);
        let head = if cell.more() > 0 {
            format!("{date} · +{}", cell.more())
        } else {
            date
        };
        let disagreement = cell.disagreement.as_ref().map(|d| {
            // Accounts that give the same date are named together: "18 Mar 1871 (1, 3)".
            let mut others: Vec<(String, Vec<String>)> = Vec::new();
            for other in &d.others {
                let column = docs
                    .iter()
                    .position(|&doc| doc == other.doc)
                    .map_or(0, |c| c + 1)
                    .to_string();
                let date = other.date.map_or("undated".to_string(), span_label);
                match others.iter_mut().find(|(d, _)| *d == date) {
                    Some((_, columns)) => columns.push(column),
                    None => others.push((date, vec![column])),
                }
            }
            let mut others: Vec<String> = others
                .into_iter()
                .map(|(date, columns)| format!("{date} ({})", columns.join(", ")))
                .collect();
            if let Some(catalog) = d.catalog {
                others.push(format!("catalog {}", span_label(catalog)));
            }
            format!("≠ {}", others.join(", "))
        });
        let text = self.document(cell.doc).map_or("", |d| d.block_text(block));
        SynopsisCellView {
            head,
            disagreement,
            excerpt: excerpt(text, 240),
            silent: false,
        }
    }
}
