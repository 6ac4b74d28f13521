//! The reader's place as saved between runs: which documents are open in which
//! panes, where each is scrolled, and the date cursor. Converting only: reading and
//! writing the file is `store::state`, done by the event loop and `cli`.

use super::App;
use super::layout::Position;
use super::pane::Pane;
use crate::store::state::{SavedPane, SavedState};

impl App {
    /// The place to save on quit.
    pub fn saved_state(&self) -> SavedState {
        SavedState {
            cursor: self.cursor,
            focus: self.focus,
            panes: self
                .panes
                .iter()
                .filter_map(|pane| {
                    Some(SavedPane {
                        doc: self.document(pane.doc)?.id().to_string(),
                        passage: pane.top.block + 1,
                        line: pane.top.line,
                        sync: pane.sync,
                    })
                })
                .collect(),
        }
    }

    /// Goes back to a saved place. Panes on documents that are no longer loaded are
    /// left out; with none left, the layout stays as it is and only the cursor is
    /// restored. Returns what could not be restored, for a notice.
    pub fn restore(&mut self, state: &SavedState) -> Vec<String> {
        let mut problems = Vec::new();
        let mut panes = Vec::new();
        for saved in state.panes.iter().take(super::MAX_PANES) {
            let Some(doc) = self.corpus.index_of(&saved.doc) else {
                problems.push(format!(
                    "saved place: document {:?} is not loaded; its pane was left out",
                    crate::sanitize::clean_line(&saved.doc)
                ));
                continue;
            };
            let mut pane = Pane::new(doc);
            pane.sync = saved.sync;
            pane.top = Position {
                block: saved.passage.saturating_sub(1),
                line: saved.line,
            };
            panes.push(pane);
        }
        if !panes.is_empty() {
            // The saved place stands when the texts are dated.
            if let Some(dating) = &mut self.dating {
                dating.choose_panes = false;
                dating.sync = false;
            }
            self.focus = state.focus.min(panes.len() - 1);
            self.panes = panes;
            self.relayout();
            // Clamp positions to the documents as they are now.
            for index in 0..self.panes.len() {
                let top = self.panes[index].top;
                self.move_pane(index, top, 0);
            }
        }
        self.cursor = state.cursor;
        self.keep_cursor_visible();
        self.mark_cursor_passages();
        self.settle();
        problems
    }

    /// Marks the cursor's passage in each synced pane where it is on screen,
    /// without scrolling.
    pub(super) fn mark_cursor_passages(&mut self) {
        for index in 0..self.panes.len() {
            let pane = &self.panes[index];
            if !pane.sync {
                continue;
            }
            let pick = self.chronology.at(pane.doc, self.cursor).map(|p| p.block);
            let visible = self.visible_blocks(index);
            self.panes[index].highlight = pick.filter(|b| visible.contains(b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{App, Input, Settings};
    use crate::config::keys::Key;
    use crate::ingest::parse_document;
    use crate::model::{Corpus, Origin};
    use ratatui::layout::Rect;

    fn corpus(ids: &[&str]) -> Corpus {
        let mut corpus = Corpus::new();
        for id in ids {
            let body: String = (0..40)
                .map(|i| format!("Passage {i} of {id}, words enough to wrap a line or two.\n\n"))
                .collect();
            let source = format!("+++\nid = \"{id}\"\ntitle = \"{id}\"\n+++\n{body}");
            corpus.insert(parse_document(&source, Origin::Bundled(format!("{id}.md"))).unwrap());
        }
        corpus
    }

    #[test]
    fn a_saved_place_comes_back_in_a_new_reader() {
        let size = Rect::new(0, 0, 100, 30);
        let mut app = App::new(corpus(&["a", "b", "c"]), &[0, 2], Settings::default(), size);
        for key in ["tab", "ctrl-d", "ctrl-d", "j", "s"] {
            app.handle(Input::Key(Key::parse(key).unwrap()));
        }
        let saved = app.saved_state();
        assert_eq!(saved.focus, 1);
        assert_eq!(saved.panes[1].doc, "c");
        assert!(!saved.panes[1].sync);
        // Another reader, on other documents and another terminal size.
        let mut next = App::new(
            corpus(&["a", "b", "c"]),
            &[1],
            Settings::default(),
            Rect::new(0, 0, 90, 28),
        );
        assert!(next.restore(&saved).is_empty());
        assert_eq!(next.saved_state(), saved);
        assert_eq!(next.focus(), 1);
        assert_eq!(next.top_block(1), app.top_block(1));
        assert_eq!(next.cursor(), app.cursor());
    }

    #[test]
    fn a_missing_document_leaves_its_pane_out() {
        let size = Rect::new(0, 0, 100, 30);
        let app = App::new(corpus(&["a", "b"]), &[0, 1], Settings::default(), size);
        let mut saved = app.saved_state();
        saved.panes[0].doc = "gone".into();
        saved.panes[1].passage = 10_000;
        saved.focus = 7;
        let mut next = App::new(corpus(&["a", "b"]), &[], Settings::default(), size);
        let problems = next.restore(&saved);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("\"gone\""), "{problems:?}");
        assert_eq!(next.panes().len(), 1);
        assert_eq!(next.focus(), 0);
        // A passage past the end is clamped to the end of the document.
        assert!(next.top_block(0).unwrap() < 40);
    }
}
