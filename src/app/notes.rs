//! Bookmarks and notes in the reader: `m` bookmarks the passage under the focus
//! (with an optional note), `a` highlights it with a note, `'` lists them across
//! documents. The app only keeps the list and this session's changes; writing them
//! is an [`Effect::SaveNotes`] the event loop carries out (see `store::notes`).

use super::overlay::Overlay;
use super::{App, Effect, Mode, PromptKind, short_date};
use crate::store::notes::{Anchor, Note, NoteKind, NotesChange, reanchor};

/// The notes the reader knows, where each was found, and what changed since the
/// last save.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub(super) list: Vec<Note>,
    /// `anchors[i]` is where `list[i]` was found in the corpus.
    pub(super) anchors: Vec<Anchor>,
    pub(super) pending: NotesChange,
    /// Prefix of the ids of notes made in this session (unique per reader).
    pub(super) id_prefix: String,
    pub(super) made: usize,
}

/// One row of the bookmarks list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRow {
    pub kind: NoteKind,
    pub passage: String,
    pub when: Option<String>,
    pub text: String,
    pub quote: String,
    /// The passage could not be found (document missing, quote gone).
    pub lost: bool,
}

impl App {
    /// Takes the notes read from disk, finding each one's passage again. Notes whose
    /// passage moved are re-anchored and saved with the next save.
    pub fn set_notes(&mut self, notes: Vec<Note>) {
        self.notes.list = notes;
        let moved = self.reanchor_notes();
        if moved > 0 {
            self.message = Some(format!(
                "{moved} note(s) found again by their quote after their passage moved"
            ));
        }
    }

    /// Sets the prefix of new notes' ids (the reader's start time and process id,
    /// chosen by the caller so two readers never make the same id).
    pub fn set_note_id_prefix(&mut self, prefix: String) {
        self.notes.id_prefix = prefix;
    }

    /// Re-finds every note's passage; returns how many moved (and are now pending).
    fn reanchor_notes(&mut self) -> usize {
        let mut moved = 0;
        let mut anchors = Vec::with_capacity(self.notes.list.len());
        for note in &mut self.notes.list {
            let anchor = reanchor(note, &self.corpus);
            if matches!(anchor, Anchor::Moved { .. }) {
                moved += 1;
                upsert(&mut self.notes.pending.upserts, note.clone());
            }
            anchors.push(anchor);
        }
        self.notes.anchors = anchors;
        moved
    }

    pub fn notes(&self) -> &[Note] {
        &self.notes.list
    }

    /// Changes not yet written; the event loop saves them on [`Effect::SaveNotes`]
    /// and on quit.
    pub fn pending_notes(&self) -> &NotesChange {
        &self.notes.pending
    }

    /// After a save: the notes as they are now in the file (with other readers'
    /// additions), and warnings to show.
    pub fn notes_saved(&mut self, notes: Vec<Note>, warnings: Vec<String>) {
        self.notes.pending = NotesChange::default();
        self.notes.list = notes;
        self.reanchor_notes();
        self.show_notices(warnings);
    }

    /// The kind of note on a passage, for the gutter: a highlight wins over a
    /// bookmark.
    pub fn note_on(&self, doc: usize, block: usize) -> Option<NoteKind> {
        let id = self.document(doc)?.id();
        let mut found = None;
        for (note, anchor) in self.notes.list.iter().zip(&self.notes.anchors) {
            if note.doc == id && anchor.block() == Some(block) {
                if note.kind == NoteKind::Highlight {
                    return Some(NoteKind::Highlight);
                }
                found = Some(note.kind);
            }
        }
        found
    }

    /// The passage `m` and `a` act on: the highlighted passage when it is on
    /// screen, else the first passage whose text is on screen (the top line may be
    /// the blank line that ends the passage before).
    fn passage_for_note(&self) -> Option<(usize, usize)> {
        let pane = self.panes.get(self.focus)?;
        let visible = self.visible_blocks(self.focus);
        if let Some(block) = pane.highlight.filter(|b| visible.contains(b)) {
            return Some((pane.doc, block));
        }
        let first_text = self.pane_layout(self.focus).and_then(|layout| {
            let top = self.pane_top_line(self.focus);
            (top..top + self.pane_height(self.focus))
                .filter_map(|line| layout.line(line))
                .find(|line| !line.range.is_empty())
                .map(|line| line.block)
        });
        Some((pane.doc, first_text.unwrap_or(pane.top.block)))
    }

    pub(super) fn start_note(&mut self, kind: NoteKind) {
        let Some((doc, block)) = self.passage_for_note() else {
            return;
        };
        let prompt = match kind {
            NoteKind::Bookmark => PromptKind::Bookmark { doc, block },
            NoteKind::Highlight => PromptKind::Annotate { doc, block },
        };
        self.mode = Mode::Prompt {
            kind: prompt,
            input: String::new(),
        };
    }

    /// Enter in a note prompt. A bookmark may have no text; a highlight needs one.
    pub(super) fn add_note(
        &mut self,
        kind: NoteKind,
        doc: usize,
        block: usize,
        text: &str,
    ) -> Effect {
        if kind.needs_text() && text.trim().is_empty() {
            self.message = Some("no note written: nothing saved".to_string());
            return Effect::None;
        }
        let Some(document) = self.corpus.documents().get(doc) else {
            return Effect::None;
        };
        self.notes.made += 1;
        let id = format!("{}-{}", self.notes.id_prefix, self.notes.made);
        let note = Note::new(id, kind, document, block, text);
        self.message = Some(format!("{} on {}", kind.name(), note.passage));
        upsert(&mut self.notes.pending.upserts, note.clone());
        self.notes.list.push(note);
        self.notes.anchors.push(Anchor::Found(block));
        if let Some(pane) = self.panes.get_mut(self.focus) {
            pane.highlight = Some(block);
        }
        Effect::SaveNotes
    }

    pub(super) fn open_bookmarks(&mut self) {
        if self.notes.list.is_empty() {
            self.message = Some("no bookmarks yet (m bookmarks, a annotates)".to_string());
            return;
        }
        self.overlays.push(Overlay::Bookmarks { selected: 0 });
    }

    /// Rows of the bookmarks list, in the order they were made.
    pub fn note_rows(&self) -> Vec<NoteRow> {
        self.notes
            .list
            .iter()
            .zip(&self.notes.anchors)
            .map(|(note, anchor)| {
                let doc = self.corpus.index_of(&note.doc);
                let when = doc
                    .zip(anchor.block())
                    .and_then(|(doc, block)| self.chronology.passage_time(doc, block))
                    .map(|time| short_date(time.focus));
                NoteRow {
                    kind: note.kind,
                    passage: note.passage.clone(),
                    when,
                    text: note.text.clone(),
                    quote: note.quote.clone(),
                    lost: matches!(anchor, Anchor::Lost(_) | Anchor::NoDocument),
                }
            })
            .collect()
    }

    pub(super) fn notes_len(&self) -> usize {
        self.notes.list.len()
    }

    /// Enter in the bookmarks list: show the passage.
    pub(super) fn choose_note(&mut self, selected: usize) {
        let (Some(note), Some(anchor)) = (
            self.notes.list.get(selected),
            self.notes.anchors.get(selected),
        ) else {
            return;
        };
        let target = self.corpus.index_of(&note.doc).zip(anchor.block());
        let Some((doc, block)) = target else {
            self.message = Some(format!("{}: document not loaded", note.doc));
            return;
        };
        if matches!(anchor, Anchor::Lost(_)) {
            self.message = Some("the quoted words are no longer in the document".to_string());
        }
        self.record_jump();
        self.show_in_pane(doc, block, true);
    }

    /// `d` in the bookmarks list.
    pub(super) fn delete_note(&mut self, selected: usize) -> Effect {
        if selected >= self.notes.list.len() {
            return Effect::None;
        }
        let note = self.notes.list.remove(selected);
        self.notes.anchors.remove(selected);
        self.notes.pending.upserts.retain(|n| n.id != note.id);
        self.notes.pending.removed.push(note.id);
        self.message = Some(format!(
            "deleted the {} on {}",
            note.kind.name(),
            note.passage
        ));
        let remaining = self.notes.list.len();
        match self.overlays.last_mut() {
            Some(Overlay::Bookmarks { selected: s }) if remaining > 0 => {
                *s = (*s).min(remaining - 1);
            }
            Some(Overlay::Bookmarks { .. }) => {
                self.overlays.pop();
            }
            _ => {}
        }
        Effect::SaveNotes
    }
}

fn upsert(notes: &mut Vec<Note>, note: Note) {
    match notes.iter_mut().find(|n| n.id == note.id) {
        Some(existing) => *existing = note,
        None => notes.push(note),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{App, Effect, Input, Overlay, Settings};
    use crate::config::keys::Key;
    use crate::ingest::parse_document;
    use crate::model::{Corpus, Origin};
    use crate::store::notes::{Anchor, NoteKind};
    use ratatui::layout::Rect;

    fn app() -> App {
        let mut corpus = Corpus::new();
        for id in ["a", "b"] {
            let body: String = (0..30)
                .map(|i| format!("Passage {i} of {id} has words enough to wrap a line or two.\n\n"))
                .collect();
            let source = format!("+++\nid = \"{id}\"\ntitle = \"{id}\"\n+++\n{body}");
            corpus.insert(parse_document(&source, Origin::Bundled(format!("{id}.md"))).unwrap());
        }
        let mut app = App::new(
            corpus,
            &[0, 1],
            Settings::default(),
            Rect::new(0, 0, 100, 30),
        );
        app.set_note_id_prefix("t".into());
        app
    }

    fn press(app: &mut App, keys: &str) -> Effect {
        let mut effect = Effect::None;
        for key in keys.split_whitespace() {
            effect = app.handle(Input::Key(Key::parse(key).unwrap()));
        }
        effect
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.handle(Input::Key(Key::char(c)));
        }
    }

    #[test]
    fn m_bookmarks_the_passage_under_the_focus_and_asks_to_save() {
        let mut app = app();
        press(&mut app, "j j j j j");
        // The first passage whose text is on screen (the top line may be the blank
        // line ending the passage before).
        let layout = app.pane_layout(0).unwrap();
        let block = (app.pane_top_line(0)..)
            .map_while(|line| layout.line(line))
            .find(|line| !line.range.is_empty())
            .unwrap()
            .block;
        press(&mut app, "m");
        type_text(&mut app, "come back");
        assert_eq!(press(&mut app, "enter"), Effect::SaveNotes);
        let pending = &app.pending_notes().upserts;
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].kind, NoteKind::Bookmark);
        assert_eq!(pending[0].passage, format!("a:{}", block + 1));
        assert_eq!(pending[0].text, "come back");
        assert_eq!(pending[0].id, "t-1");
        assert_eq!(app.note_on(0, block), Some(NoteKind::Bookmark));
        // A bookmark needs no note; Esc cancels.
        assert_eq!(press(&mut app, "m enter"), Effect::SaveNotes);
        assert_eq!(press(&mut app, "m esc"), Effect::None);
        assert_eq!(app.notes().len(), 2);
    }

    #[test]
    fn a_highlights_with_a_note_and_an_empty_note_saves_nothing() {
        let mut app = app();
        assert_eq!(press(&mut app, "a enter"), Effect::None);
        assert!(app.notes().is_empty());
        press(&mut app, "tab a");
        type_text(&mut app, "why here?");
        assert_eq!(press(&mut app, "enter"), Effect::SaveNotes);
        let note = &app.notes()[0];
        assert_eq!(note.kind, NoteKind::Highlight);
        assert!(note.passage.starts_with("b:"), "{}", note.passage);
        assert!(note.quote.starts_with("Passage"), "{}", note.quote);
    }

    #[test]
    fn the_list_shows_every_document_and_enter_goes_there() {
        let mut app = app();
        press(&mut app, "G m enter");
        let bottom = app.top_block(0).unwrap();
        press(&mut app, "tab a");
        type_text(&mut app, "x");
        press(&mut app, "enter g g");
        press(&mut app, "shift-tab g g '");
        assert!(matches!(
            app.overlays().last(),
            Some(Overlay::Bookmarks { selected: 0 })
        ));
        let rows = app.note_rows();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].passage.starts_with("a:") && rows[1].passage.starts_with("b:"));
        press(&mut app, "enter");
        assert!(app.overlays().is_empty());
        assert_eq!(app.focus(), 0);
        assert!(app.top_block(0).unwrap() + 2 >= bottom);
        // d deletes the selected note and records the removal for the file.
        assert_eq!(press(&mut app, "' j d"), Effect::SaveNotes);
        assert_eq!(app.notes().len(), 1);
        assert_eq!(app.pending_notes().removed, vec!["t-2".to_string()]);
        assert!(app.pending_notes().upserts.iter().all(|n| n.id != "t-2"));
    }

    #[test]
    fn saved_notes_are_anchored_again_and_moved_ones_are_pending() {
        let mut app = app();
        let document = app.document(0).unwrap();
        let mut moved =
            crate::store::notes::Note::new("old".into(), NoteKind::Highlight, document, 7, "n");
        moved.passage = "a:3".into();
        let kept =
            crate::store::notes::Note::new("kept".into(), NoteKind::Bookmark, document, 2, "");
        app.set_notes(vec![moved, kept]);
        assert_eq!(
            app.notes.anchors[0],
            Anchor::Moved {
                from: Some(2),
                to: 7
            }
        );
        assert_eq!(app.notes.anchors[1], Anchor::Found(2));
        assert_eq!(app.pending_notes().upserts.len(), 1);
        assert_eq!(app.pending_notes().upserts[0].passage, "a:8");
        assert!(app.message().unwrap().contains("found again"));
        app.notes_saved(app.notes().to_vec(), vec![]);
        assert!(app.pending_notes().is_empty());
    }
}
