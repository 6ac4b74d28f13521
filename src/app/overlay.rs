//! Popups, kept as a small stack: the topmost receives the keys.

use crate::synopsis::Filter;

/// The synopsis view's state: which rows its filter keeps and the selected cell.
#[derive(Debug, Clone, PartialEq)]
pub struct SynopsisTable {
    /// Columns are every document (true) or the documents open in panes.
    pub all_documents: bool,
    pub filter: Filter,
    /// The rows shown: indices into the synopsis's rows.
    pub rows: Vec<usize>,
    /// Index into `rows`.
    pub row: usize,
    pub column: usize,
}

/// A hit of a search across documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    pub block: usize,
    pub excerpt: String,
    pub when: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Footnote {
        doc: usize,
        footnote: usize,
        scroll: usize,
    },
    /// Choose a document for the focused pane.
    Picker {
        selected: usize,
    },
    /// The events catalog; Enter moves the cursor there.
    Events {
        selected: usize,
    },
    SearchHits {
        query: String,
        hits: Vec<Hit>,
        selected: usize,
    },
    /// Bookmarks and notes across documents; Enter shows the passage, `d` deletes.
    Bookmarks {
        selected: usize,
    },
    /// Every account of every event in one table.
    Synopsis {
        table: SynopsisTable,
    },
    /// Problems found while loading, shown at start instead of being skipped.
    Notices {
        lines: Vec<String>,
        scroll: usize,
    },
}

impl Overlay {
    /// Moves a selection or scroll by `delta`, clamped to `len` items.
    pub fn step(&mut self, delta: isize, len: usize) {
        let clamp = |value: usize| -> usize {
            let moved = value as isize + delta;
            moved.clamp(0, len.saturating_sub(1) as isize) as usize
        };
        match self {
            Overlay::Help { scroll }
            | Overlay::Footnote { scroll, .. }
            | Overlay::Notices { scroll, .. } => *scroll = clamp(*scroll),
            Overlay::Picker { selected }
            | Overlay::Events { selected }
            | Overlay::SearchHits { selected, .. }
            | Overlay::Bookmarks { selected } => *selected = clamp(*selected),
            Overlay::Synopsis { table } => table.row = clamp(table.row),
        }
    }

    pub fn set(&mut self, value: usize) {
        match self {
            Overlay::Help { scroll }
            | Overlay::Footnote { scroll, .. }
            | Overlay::Notices { scroll, .. } => *scroll = value,
            Overlay::Picker { selected }
            | Overlay::Events { selected }
            | Overlay::SearchHits { selected, .. }
            | Overlay::Bookmarks { selected } => *selected = value,
            Overlay::Synopsis { table } => table.row = value,
        }
    }
}
