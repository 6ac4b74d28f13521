//! One pane: a document, where it is scrolled to, and its own flags.

use super::layout::Position;

#[derive(Debug, Clone, PartialEq)]
pub struct Pane {
    /// Index of the document in the corpus.
    pub doc: usize,
    /// The first visible line, as a width-independent position.
    pub top: Position,
    /// Whether the pane follows the date cursor.
    pub sync: bool,
    /// The passage shown highlighted (the cursor's or an event jump's).
    pub highlight: Option<usize>,
    /// What the title bar should say besides the title ("nothing on 2 Apr").
    pub note: Option<String>,
    /// Which footnote `f` opens next: index into the footnote marks on screen.
    pub next_footnote: usize,
}

impl Pane {
    pub fn new(doc: usize) -> Self {
        Self {
            doc,
            top: Position::default(),
            sync: true,
            highlight: None,
            note: None,
            next_footnote: 0,
        }
    }
}
