//! The reader's state and everything that changes it.
//!
//! Input arrives as [`Input`] (keys, mouse, resize); keys resolve through the keymap
//! to an [`Action`]; [`App::update`] applies an action. Nothing here touches the
//! terminal or does I/O: the event loop in `terminal.rs` carries out the returned
//! [`Effect`]s. The ui reads the state through the accessors and view structs.

mod action;
mod aligned;
mod cursor;
pub mod geometry;
pub mod jumps;
pub mod layout;
pub mod notes;
pub mod overlay;
pub mod pane;
mod place;
pub mod search;
mod synopsis;
mod views;

pub use action::Action;
pub use aligned::{AlignedLayout, Anchor, Candidate};
pub use cursor::{RelatedCycle, short_date};
pub use synopsis::{SYNOPSIS_ROW_LINES, SynopsisCellView, SynopsisRowView, SynopsisView};
pub use views::{PaneTitle, TimelineView};

use crate::config::keymap::{KeyMode, Keymap, Resolution};
use crate::config::keys::{Key, KeyCode};
use crate::config::theme::Theme;
use crate::model::{Corpus, Document, LinkTarget, SpanKind};
use crate::store::notes::NoteKind;
use crate::time::chronology::{Chronology, Progress};
use crate::time::date::{Date, DateSpan};
use crate::time::events::EventCatalog;
use crate::time::narrative::TimeSource;
use geometry::Geometry;
use jumps::{Jump, JumpList};
use layout::{DocLayout, LayoutCache, Position};
use overlay::{Hit, Overlay};
use pane::Pane;
use ratatui::layout::Rect;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

/// Most panes side by side.
pub const MAX_PANES: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Date,
    Search,
    SearchAll,
    /// The optional note of a bookmark on passage `block` of document `doc`.
    Bookmark {
        doc: usize,
        block: usize,
    },
    /// The note of a highlight.
    Annotate {
        doc: usize,
        block: usize,
    },
    /// The synopsis view's filters.
    SynopsisText,
    SynopsisPeriod,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Timeline,
    Prompt { kind: PromptKind, input: String },
}

/// Events that are not actions: they come from the terminal, not from the keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    Mouse(Mouse),
    Resize {
        width: u16,
        height: u16,
    },
    Paste(String),
    /// How far the time model being built in the background has gone.
    Dating(Progress),
    /// The time model, built in the background, is ready.
    Dated(Dated),
    /// Building the time model failed; the reader goes on without it.
    DatingFailed(String),
}

/// A time model handed to the reader once built ([`Input::Dated`]).
#[derive(Clone)]
pub struct Dated(pub Arc<Chronology>);

impl PartialEq for Dated {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Dated {}

impl std::fmt::Debug for Dated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Dated(..)")
    }
}

/// While the time model is built in the background: how far it has gone, and
/// what the reader does when it arrives.
#[derive(Debug, Clone, PartialEq)]
struct Dating {
    progress: Progress,
    /// The panes were chosen before the texts were dated and the reader has not
    /// changed them: open the documents that narrate the most instead.
    choose_panes: bool,
    /// Bring the panes to the cursor's passages: the reader has not scrolled
    /// away since the cursor last moved.
    sync: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    ScrollUp,
    ScrollDown,
    Click,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    /// Write the pending bookmarks and notes ([`App::pending_notes`]) and hand the
    /// result back with [`App::notes_saved`].
    SaveNotes,
}

/// The state of a search in the focused document.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub doc: usize,
    pub query: String,
    pub matches: Vec<Range<usize>>,
    pub current: Option<usize>,
}

/// Options the reader starts with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: Keymap,
    pub themes: Vec<Theme>,
    pub theme: usize,
    /// Text wider than this is wrapped at this width, for comfortable lines.
    pub max_text_width: Option<u16>,
    pub catalog: EventCatalog,
    /// Where the date cursor starts (18 March 1871 when not given).
    pub cursor: Option<Date>,
    /// Whether panes follow the date cursor when they open.
    pub sync: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            keymap: Keymap::default_keymap(),
            themes: vec![Theme::default_for(false)],
            theme: 0,
            max_text_width: None,
            catalog: EventCatalog::bundled(),
            cursor: None,
            sync: true,
        }
    }
}

pub struct App {
    corpus: Arc<Corpus>,
    keymap: Keymap,
    themes: Vec<Theme>,
    theme: usize,
    max_text_width: Option<u16>,
    panes: Vec<Pane>,
    focus: usize,
    mode: Mode,
    overlays: Vec<Overlay>,
    jumps: JumpList,
    search: Option<Search>,
    message: Option<String>,
    pending: Vec<Key>,
    size: Rect,
    geometry: Geometry,
    layouts: LayoutCache,
    chronology: Arc<Chronology>,
    /// Some while the time model is built in the background.
    dating: Option<Dating>,
    /// Per document: the days it narrates, for the timeline's rows.
    coverage: Vec<Vec<(i64, i64)>>,
    cursor: Date,
    timeline: DateSpan,
    related_cycle: Option<RelatedCycle>,
    default_sync: bool,
    notes: notes::Notes,
    /// The synopsis table of the last columns asked for (`S`).
    synopsis: Option<Rc<crate::synopsis::Synopsis>>,
    /// Aligned compare mode (`A`), when on.
    aligned: Option<aligned::Aligned>,
}

impl App {
    /// A reader on `corpus` with panes on the given documents (corpus indices), or
    /// with none given, on the two documents with the most dated passages.
    pub fn new(corpus: Corpus, docs: &[usize], mut settings: Settings, size: Rect) -> App {
        let chronology = Chronology::build(&corpus, std::mem::take(&mut settings.catalog));
        App::assemble(
            Arc::new(corpus),
            Arc::new(chronology),
            None,
            docs,
            settings,
            size,
        )
    }

    /// A reader that opens at once while the time model is built elsewhere and
    /// handed over with [`Input::Dated`]. Until then the panes show the texts
    /// without dates (with none given, the first documents), and the status line
    /// shows how far the dating has gone.
    pub fn new_dating(
        corpus: Arc<Corpus>,
        docs: &[usize],
        mut settings: Settings,
        size: Rect,
    ) -> App {
        let chronology = Chronology::pending(&corpus, std::mem::take(&mut settings.catalog));
        let choose_panes = docs.is_empty();
        let first: Vec<usize> = if choose_panes {
            (0..corpus.len().min(2)).collect()
        } else {
            docs.to_vec()
        };
        let dating = Dating {
            progress: Progress { done: 0, total: 1 },
            choose_panes,
            sync: true,
        };
        App::assemble(
            corpus,
            Arc::new(chronology),
            Some(dating),
            &first,
            settings,
            size,
        )
    }

    fn assemble(
        corpus: Arc<Corpus>,
        chronology: Arc<Chronology>,
        dating: Option<Dating>,
        docs: &[usize],
        settings: Settings,
        size: Rect,
    ) -> App {
        let docs = if docs.is_empty() {
            most_dated(&corpus, &chronology, 2)
        } else {
            docs.to_vec()
        };
        let panes = panes_on(&docs, corpus.len(), settings.sync);
        let themes = if settings.themes.is_empty() {
            vec![Theme::plain()]
        } else {
            settings.themes
        };
        let theme = settings.theme.min(themes.len() - 1);
        let cursor = settings
            .cursor
            .or_else(|| Date::new(1871, 3, 18))
            .unwrap_or_else(|| Date::from_days(0));
        let mut app = App {
            corpus,
            keymap: settings.keymap,
            themes,
            theme,
            max_text_width: settings.max_text_width,
            panes,
            focus: 0,
            mode: Mode::Normal,
            overlays: Vec::new(),
            jumps: JumpList::default(),
            search: None,
            message: None,
            pending: Vec::new(),
            size,
            geometry: Geometry::compute(size, 1),
            layouts: LayoutCache::default(),
            coverage: Vec::new(),
            chronology,
            dating,
            cursor,
            timeline: cursor::default_timeline(),
            related_cycle: None,
            default_sync: settings.sync,
            notes: notes::Notes::default(),
            synopsis: None,
            aligned: None,
        };
        app.coverage = app.compute_coverage();
        app.relayout();
        app.set_cursor(cursor);
        app.settle();
        app
    }

    /// Per document, the days it narrates, for the timeline's rows.
    fn compute_coverage(&self) -> Vec<Vec<(i64, i64)>> {
        (0..self.corpus.len())
            .map(|doc| {
                self.chronology
                    .doc(doc)
                    .map_or_else(Vec::new, |d| cursor::covered_days(&d.times))
            })
            .collect()
    }

    /// How far the time model being built in the background has gone; None once
    /// it is ready.
    pub fn dating_progress(&self) -> Option<Progress> {
        self.dating.as_ref().map(|dating| dating.progress)
    }

    /// Takes the time model built in the background, and places the panes as if
    /// it had been there from the start, unless the reader has moved them since.
    fn take_chronology(&mut self, chronology: Arc<Chronology>) {
        let dating = self.dating.take();
        self.chronology = chronology;
        self.coverage = self.compute_coverage();
        self.synopsis = None;
        let Some(dating) = dating else {
            return;
        };
        if dating.choose_panes {
            let docs = most_dated(&self.corpus, &self.chronology, 2);
            self.panes = panes_on(&docs, self.corpus.len(), self.default_sync);
            self.focus = 0;
            self.relayout();
        }
        if dating.sync || dating.choose_panes {
            self.set_cursor(self.cursor);
        } else {
            self.mark_cursor_passages();
        }
    }

    /// Whether the time model is ready; if not, says so in the status line.
    fn dated_or_say(&mut self) -> bool {
        match &self.dating {
            None => true,
            Some(dating) => {
                self.message = Some(format!(
                    "not yet: still dating the texts ({}%)",
                    dating.progress.percent()
                ));
                false
            }
        }
    }

    /// Remembers, while the texts are being dated, what the reader did that the
    /// arrival of the time model must respect.
    fn note_while_dating(&mut self, action: Action) {
        let Some(dating) = &mut self.dating else {
            return;
        };
        match action {
            Action::AddPane | Action::ClosePane | Action::OpenPicker => {
                dating.choose_panes = false;
            }
            Action::ScrollDown
            | Action::ScrollUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
            | Action::Follow
            | Action::JumpBack
            | Action::JumpForward
            | Action::SearchNext
            | Action::SearchPrevious
            // A reader who marks a passage has settled on it: it stays in view.
            | Action::SetBookmark
            | Action::Annotate => {
                dating.choose_panes = false;
                dating.sync = false;
            }
            _ => {}
        }
    }

    pub fn chronology(&self) -> &Chronology {
        &self.chronology
    }

    /// Shows problems found while loading in a popup, so nothing is skipped silently.
    /// Notices already showing gain the new lines rather than a second popup.
    pub fn show_notices(&mut self, lines: Vec<String>) {
        if lines.is_empty() {
            return;
        }
        match self.overlays.last_mut() {
            Some(Overlay::Notices { lines: shown, .. }) => shown.extend(lines),
            _ => self.overlays.push(Overlay::Notices { lines, scroll: 0 }),
        }
    }

    // ----- accessors for the ui -----

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn panes(&self) -> &[Pane] {
        &self.panes
    }

    pub fn focus(&self) -> usize {
        self.focus
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn overlays(&self) -> &[Overlay] {
        &self.overlays
    }

    pub fn geometry(&self) -> &Geometry {
        &self.geometry
    }

    pub fn theme(&self) -> &Theme {
        &self.themes[self.theme]
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn pending_keys(&self) -> &[Key] {
        &self.pending
    }

    pub fn document(&self, doc: usize) -> Option<&Document> {
        self.corpus.documents().get(doc)
    }

    /// The layout a pane is drawn with (made on resize and when a pane changes,
    /// wrapped where the pane shows after every input).
    pub fn pane_layout(&self, pane: usize) -> Option<&DocLayout> {
        let pane_state = self.panes.get(pane)?;
        let width = self.text_width(pane)?;
        self.layouts.get(pane_state.doc, width)
    }

    /// The first screen line of a pane's view.
    pub fn pane_top_line(&self, pane: usize) -> usize {
        match (self.panes.get(pane), self.pane_layout(pane)) {
            (Some(state), Some(layout)) => layout.line_of(state.top),
            _ => 0,
        }
    }

    /// How far through its document a pane is, in percent of lines (estimated
    /// lines, in a document too large to wrap at once).
    pub fn pane_percent(&self, pane: usize) -> u16 {
        let Some(layout) = self.pane_layout(pane) else {
            return 0;
        };
        let height = self.pane_height(pane);
        let shown = (self.pane_top_line(pane) + height).min(layout.len());
        if layout.is_empty() {
            return 100;
        }
        ((shown * 100) / layout.len()) as u16
    }

    pub fn key_mode(&self) -> KeyMode {
        if !self.overlays.is_empty() {
            KeyMode::List
        } else if self.mode == Mode::Timeline {
            KeyMode::Timeline
        } else {
            KeyMode::Normal
        }
    }

    // ----- input -----

    /// Applies one input event.
    pub fn handle(&mut self, input: Input) -> Effect {
        let effect = self.handle_input(input);
        self.settle();
        effect
    }

    fn handle_input(&mut self, input: Input) -> Effect {
        match input {
            Input::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.relayout();
                Effect::None
            }
            Input::Key(key) => self.handle_key(key),
            Input::Mouse(mouse) => self.handle_mouse(mouse),
            Input::Paste(text) => {
                if let Mode::Prompt { input, .. } = &mut self.mode {
                    input.push_str(&crate::sanitize::clean_line(&text));
                    self.prompt_changed();
                }
                Effect::None
            }
            Input::Dating(progress) => {
                if let Some(dating) = &mut self.dating {
                    dating.progress = progress;
                }
                Effect::None
            }
            Input::Dated(Dated(chronology)) => {
                self.take_chronology(chronology);
                Effect::None
            }
            Input::DatingFailed(problem) => {
                self.dating = None;
                self.show_notices(vec![format!(
                    "the texts could not be dated ({problem}); the date cursor and event jumps are off"
                )]);
                Effect::None
            }
        }
    }

    fn handle_key(&mut self, key: Key) -> Effect {
        if let Mode::Prompt { .. } = self.mode {
            return self.handle_prompt_key(key);
        }
        self.message = None;
        self.pending.push(key);
        match self.keymap.resolve(self.key_mode(), &self.pending) {
            Resolution::Action(action) => {
                self.pending.clear();
                self.update(action)
            }
            Resolution::Pending => Effect::None,
            Resolution::Unbound => {
                // A stray key after a prefix starts over with that key alone.
                let retry = self.pending.len() > 1;
                self.pending.clear();
                if retry {
                    return self.handle_key(key);
                }
                Effect::None
            }
        }
    }

    fn handle_prompt_key(&mut self, key: Key) -> Effect {
        let Mode::Prompt { kind, input } = &mut self.mode else {
            return Effect::None;
        };
        let kind = *kind;
        match key.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                if kind == PromptKind::Search {
                    self.search = None;
                }
                if kind == PromptKind::SynopsisText {
                    self.synopsis_prompt(kind, "", true);
                }
            }
            KeyCode::Enter => {
                let text = std::mem::take(input);
                self.mode = Mode::Normal;
                return self.submit_prompt(kind, &text);
            }
            KeyCode::Backspace => {
                if input.pop().is_none() {
                    self.mode = Mode::Normal;
                }
                self.prompt_changed();
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                if crate::sanitize::hazard(c).is_none() {
                    input.push(c);
                }
                self.prompt_changed();
            }
            KeyCode::Char('u') if key.ctrl => {
                input.clear();
                self.prompt_changed();
            }
            _ => {}
        }
        Effect::None
    }

    fn handle_mouse(&mut self, mouse: Mouse) -> Effect {
        if !self.overlays.is_empty() {
            match mouse.kind {
                MouseKind::ScrollDown => return self.update(Action::SelectNext),
                MouseKind::ScrollUp => return self.update(Action::SelectPrevious),
                MouseKind::Click => return Effect::None,
            }
        }
        let hit = self
            .geometry
            .panes
            .iter()
            .position(|pane| contains(pane.area, mouse.column, mouse.row));
        match mouse.kind {
            MouseKind::ScrollDown | MouseKind::ScrollUp => {
                if let Some(pane) = hit {
                    self.focus = pane;
                }
                let lines = if mouse.kind == MouseKind::ScrollDown {
                    3
                } else {
                    -3
                };
                self.note_while_dating(Action::ScrollDown);
                self.scroll_focused(lines);
            }
            MouseKind::Click => {
                if let Some(pane) = hit {
                    self.focus = pane;
                } else if let Some(timeline) = self.geometry.timeline
                    && contains(timeline, mouse.column, mouse.row)
                {
                    self.click_timeline(mouse.column - timeline.x, timeline.width);
                }
            }
        }
        Effect::None
    }

    /// Applies an action. This is the only way the reader's state changes in
    /// response to the user.
    pub fn update(&mut self, action: Action) -> Effect {
        let effect = self.apply(action);
        self.settle();
        effect
    }

    /// After anything happened: lines the panes up in aligned mode, and wraps what
    /// every pane shows, so that drawing finds every line it needs.
    fn settle(&mut self) {
        loop {
            self.realign();
            // Wrapping corrects estimated heights, and so the rows of aligned
            // mode: line the panes up again around the lines now wrapped.
            if !self.wrap_visible() || self.aligned.is_none() {
                break;
            }
        }
    }

    /// Wraps the lines each pane shows; whether anything was wrapped.
    fn wrap_visible(&mut self) -> bool {
        let mut wrapped = false;
        for pane in 0..self.panes.len() {
            let height = self.pane_height(pane);
            let top = self.panes[pane].top;
            if let Some((layout, document)) = self.layout_mut(pane) {
                wrapped |= layout.wrap_after(document, top, height);
            }
        }
        wrapped
    }

    fn apply(&mut self, action: Action) -> Effect {
        if !self.overlays.is_empty() {
            return self.update_overlay(action);
        }
        let page = self.focused_height().saturating_sub(2).max(1) as isize;
        if !matches!(action, Action::JumpRelated | Action::JumpRelatedBack) {
            self.end_related_cycle();
        }
        self.note_while_dating(action);
        if matches!(
            action,
            Action::JumpRelated
                | Action::JumpRelatedBack
                | Action::EventsList
                | Action::Synopsis
                | Action::AlignedMode
        ) && !self.dated_or_say()
        {
            return Effect::None;
        }
        match action {
            Action::ScrollDown | Action::SelectNext => self.scroll_focused(1),
            Action::ScrollUp | Action::SelectPrevious => self.scroll_focused(-1),
            Action::HalfPageDown => self.scroll_focused(page / 2 + 1),
            Action::HalfPageUp => self.scroll_focused(-(page / 2 + 1)),
            Action::PageDown => self.scroll_focused(page),
            Action::PageUp => self.scroll_focused(-page),
            Action::Top => self.scroll_focused_to_end(false),
            Action::Bottom => self.scroll_focused_to_end(true),
            Action::FocusNext | Action::FocusRight => self.move_focus(1),
            Action::FocusPrevious | Action::FocusLeft => self.move_focus(-1),
            Action::OpenFootnote => self.open_footnote(),
            Action::Confirm if self.mode == Mode::Timeline => self.leave_timeline(),
            Action::Follow | Action::Confirm => self.follow(),
            Action::JumpBack => self.jump_back(),
            Action::JumpForward => self.jump_forward(),
            Action::Search => self.start_prompt(PromptKind::Search),
            Action::SearchAll => self.start_prompt(PromptKind::SearchAll),
            Action::PromptDate => self.start_prompt(PromptKind::Date),
            Action::SearchNext => self.search_step(1),
            Action::SearchPrevious => self.search_step(-1),
            Action::OpenPicker => self.overlays.push(Overlay::Picker {
                selected: self.focused_pane().map_or(0, |p| p.doc),
            }),
            Action::AddPane => self.add_pane(),
            Action::ClosePane => self.close_pane(),
            Action::CycleTheme => {
                self.theme = (self.theme + 1) % self.themes.len();
                self.message = Some(format!("theme: {}", self.theme().name));
            }
            Action::SetBookmark => self.start_note(NoteKind::Bookmark),
            Action::Annotate => self.start_note(NoteKind::Highlight),
            Action::ListBookmarks => self.open_bookmarks(),
            Action::DeleteNote => {}
            Action::Help => self.overlays.push(Overlay::Help { scroll: 0 }),
            Action::Cancel => {
                self.search = None;
                if self.mode == Mode::Timeline {
                    self.leave_timeline();
                }
            }
            Action::Quit => return Effect::Quit,
            Action::ForceQuit => return Effect::Quit,
            Action::TimelineMode => self.mode = Mode::Timeline,
            Action::NextEvent => self.cursor_to_event(true),
            Action::PreviousEvent => self.cursor_to_event(false),
            Action::NextMonth => self.move_cursor_months(1),
            Action::PreviousMonth => self.move_cursor_months(-1),
            Action::DayForward => self.move_cursor_days(1),
            Action::DayBack => self.move_cursor_days(-1),
            Action::WeekForward => self.move_cursor_days(7),
            Action::WeekBack => self.move_cursor_days(-7),
            Action::ZoomIn => self.zoom_timeline(true),
            Action::ZoomOut => self.zoom_timeline(false),
            Action::JumpRelated => self.jump_related(true),
            Action::JumpRelatedBack => self.jump_related(false),
            Action::EventsList => self.open_events_list(),
            Action::Synopsis => self.open_synopsis(),
            Action::AlignedMode => self.toggle_aligned(),
            Action::SelectLeft
            | Action::SelectRight
            | Action::FilterText
            | Action::FilterPeriod
            | Action::FilterCovered
            | Action::FilterDisagreements
            | Action::SynopsisColumns => {}
            Action::ToggleSync => {
                if let Some(pane) = self.panes.get_mut(self.focus) {
                    pane.sync = !pane.sync;
                    let on = pane.sync;
                    if on {
                        self.sync_panes(None);
                    }
                    self.message = Some(format!("sync {}", if on { "on" } else { "off" }));
                }
            }
        }
        Effect::None
    }

    fn update_overlay(&mut self, action: Action) -> Effect {
        if let Some(effect) = self.update_synopsis(action) {
            return effect;
        }
        let len = self.overlay_len();
        let page = self.size.height.saturating_sub(6).max(1) as isize;
        let Some(top) = self.overlays.last_mut() else {
            return Effect::None;
        };
        match action {
            Action::ForceQuit => return Effect::Quit,
            Action::Cancel | Action::Quit => {
                self.overlays.pop();
            }
            Action::SelectNext | Action::ScrollDown => top.step(1, len),
            Action::SelectPrevious | Action::ScrollUp => top.step(-1, len),
            Action::PageDown | Action::HalfPageDown => top.step(page / 2, len),
            Action::PageUp | Action::HalfPageUp => top.step(-page / 2, len),
            Action::Top => top.set(0),
            Action::Bottom => top.set(len.saturating_sub(1)),
            Action::Help if !matches!(top, Overlay::Help { .. }) => {
                self.overlays.push(Overlay::Help { scroll: 0 });
            }
            Action::OpenFootnote => {
                if matches!(top, Overlay::Footnote { .. }) {
                    self.overlays.pop();
                    self.open_footnote();
                }
            }
            Action::Confirm | Action::Follow => self.confirm_overlay(),
            Action::DeleteNote => {
                if let Overlay::Bookmarks { selected } = top {
                    let selected = *selected;
                    return self.delete_note(selected);
                }
            }
            _ => {}
        }
        Effect::None
    }

    /// Items (or lines) in the topmost overlay, for clamping its selection.
    fn overlay_len(&self) -> usize {
        match self.overlays.last() {
            Some(Overlay::Help { .. }) => KeyMode::ALL
                .iter()
                .map(|mode| self.keymap.help_rows(*mode).len() + 2)
                .sum(),
            Some(Overlay::Footnote { doc, footnote, .. }) => self
                .document(*doc)
                .and_then(|d| d.footnotes.get(*footnote))
                .map_or(1, |f| f.text.len() / 20 + 1),
            Some(Overlay::Picker { .. }) => self.corpus.len(),
            Some(Overlay::Events { .. }) => self.events_count(),
            Some(Overlay::SearchHits { hits, .. }) => hits.len(),
            Some(Overlay::Notices { lines, .. }) => lines.len(),
            Some(Overlay::Bookmarks { .. }) => self.notes_len(),
            Some(Overlay::Synopsis { .. }) => self.synopsis_len(),
            None => 0,
        }
    }

    fn confirm_overlay(&mut self) {
        let Some(top) = self.overlays.pop() else {
            return;
        };
        match top {
            Overlay::Picker { selected } => {
                if selected < self.corpus.len()
                    && let Some(pane) = self.panes.get_mut(self.focus)
                {
                    pane.doc = selected;
                    pane.top = Position::default();
                    pane.highlight = None;
                    self.relayout();
                }
            }
            Overlay::SearchHits { hits, selected, .. } => {
                if let Some(hit) = hits.get(selected) {
                    self.record_jump();
                    self.show_in_pane(hit.doc, hit.block, true);
                }
            }
            Overlay::Footnote { doc, footnote, .. } => {
                // Enter on a footnote follows its first cross-link, if it has one.
                let target = self
                    .document(doc)
                    .and_then(|d| d.footnotes.get(footnote))
                    .and_then(|f| {
                        f.spans.iter().find_map(|span| match &span.kind {
                            SpanKind::Link { target } => Some(target.clone()),
                            _ => None,
                        })
                    });
                if let Some(target) = target {
                    self.follow_link(&target);
                }
            }
            Overlay::Events { selected } => self.choose_event(selected),
            Overlay::Bookmarks { selected } => self.choose_note(selected),
            Overlay::Help { .. } | Overlay::Notices { .. } | Overlay::Synopsis { .. } => {}
        }
    }

    // ----- panes and scrolling -----

    pub fn focused_pane(&self) -> Option<&Pane> {
        self.panes.get(self.focus)
    }

    fn text_width(&self, pane: usize) -> Option<u16> {
        let area = self.geometry.panes.get(pane)?;
        let width = area.text.width.saturating_sub(1).max(1);
        Some(match self.max_text_width {
            Some(limit) => width.min(limit.max(10)),
            None => width,
        })
    }

    pub fn pane_height(&self, pane: usize) -> usize {
        self.geometry
            .panes
            .get(pane)
            .map_or(1, |area| usize::from(area.text.height).max(1))
    }

    fn focused_height(&self) -> usize {
        self.pane_height(self.focus)
    }

    /// Recomputes the geometry and makes sure every pane's layout exists and is
    /// wrapped where the pane shows.
    fn relayout(&mut self) {
        self.geometry = Geometry::compute(self.size, self.panes.len());
        let mut in_use = Vec::new();
        for index in 0..self.panes.len() {
            let Some(width) = self.text_width(index) else {
                continue;
            };
            let doc = self.panes[index].doc;
            if let Some(document) = self.corpus.documents().get(doc) {
                self.layouts.get_or_build(doc, document, width);
                in_use.push((doc, width.max(1)));
            }
        }
        self.layouts.retain_widths(&in_use);
        // A pane that grew (a neighbour closed, the window resized) may now show
        // its end with room to spare: scroll it back so the last line is at the
        // bottom, as everywhere else.
        for index in 0..self.panes.len() {
            let height = self.pane_height(index);
            let top = self.panes[index].top;
            if let Some((layout, document)) = self.layout_mut(index) {
                let top = layout.clamp_top(document, top, height);
                self.panes[index].top = top;
            }
        }
    }

    /// A pane's layout, to wrap more of it, with the document it lays out.
    fn layout_mut(&mut self, pane: usize) -> Option<(&mut DocLayout, &Document)> {
        let width = self.text_width(pane)?;
        let doc = self.panes.get(pane)?.doc;
        let document = self.corpus.documents().get(doc)?;
        Some((self.layouts.get_mut(doc, width)?, document))
    }

    /// Puts a pane's top `delta` lines from `from` (kept in the document), wrapping
    /// the lines crossed and shown so that it lands exactly.
    fn move_pane(&mut self, pane: usize, from: Position, delta: isize) {
        let height = self.pane_height(pane);
        let Some((layout, document)) = self.layout_mut(pane) else {
            return;
        };
        let top = layout.scroll(document, from, delta, height);
        if let Some(state) = self.panes.get_mut(pane) {
            state.top = top;
            state.next_footnote = 0;
        }
    }

    fn scroll_focused(&mut self, lines: isize) {
        if self.aligned.is_some() {
            self.scroll_aligned(lines);
        } else if let Some(pane) = self.focused_pane() {
            self.move_pane(self.focus, pane.top, lines);
        }
        self.after_scroll();
    }

    /// `g g` (the first line at the top) and `G` (the last line at the bottom).
    fn scroll_focused_to_end(&mut self, bottom: bool) {
        if self.aligned.is_some() {
            self.scroll_aligned_to_end(bottom);
        } else {
            let from = if bottom {
                Position::END
            } else {
                Position::default()
            };
            self.move_pane(self.focus, from, 0);
        }
        self.after_scroll();
    }

    /// The focused pane leads after a scroll: the cursor follows its top passage.
    fn after_scroll(&mut self) {
        self.lead_from_focused();
    }

    /// Scrolls a pane so `block` is near the top (a line of context above it).
    fn scroll_pane_to_block(&mut self, pane: usize, block: usize) {
        let height = self.pane_height(pane);
        // The heading right above a passage is its context: show it too.
        let heading_above = block
            .checked_sub(1)
            .filter(|&above| {
                self.panes
                    .get(pane)
                    .and_then(|p| self.document(p.doc))
                    .is_some_and(|d| {
                        matches!(
                            d.blocks.get(above).map(|b| b.kind),
                            Some(crate::model::BlockKind::Heading { .. })
                        )
                    })
            })
            .filter(|_| height > 8);
        let from = Position {
            block: heading_above.unwrap_or(block),
            line: 0,
        };
        let context = if height > 8 { 1 } else { 0 };
        self.move_pane(pane, from, -context);
    }

    fn move_focus(&mut self, delta: isize) {
        if self.panes.is_empty() {
            return;
        }
        let count = self.panes.len() as isize;
        self.focus = ((self.focus as isize + delta).rem_euclid(count)) as usize;
    }

    fn add_pane(&mut self) {
        if self.panes.len() >= MAX_PANES {
            self.message = Some(format!("at most {MAX_PANES} panes"));
            return;
        }
        // The new pane shows the first document not already open.
        let open: Vec<usize> = self.panes.iter().map(|p| p.doc).collect();
        let doc = (0..self.corpus.len())
            .find(|doc| !open.contains(doc))
            .unwrap_or(0);
        if self.corpus.is_empty() {
            return;
        }
        let pane = Pane {
            sync: self.default_sync,
            ..Pane::new(doc)
        };
        self.panes.insert(self.focus + 1, pane);
        self.focus += 1;
        self.relayout();
    }

    fn close_pane(&mut self) {
        if self.panes.len() <= 1 {
            self.message = Some("the last pane stays open (q quits)".to_string());
            return;
        }
        self.panes.remove(self.focus);
        self.jumps.pane_closed(self.focus);
        self.focus = self.focus.min(self.panes.len() - 1);
        self.relayout();
    }

    /// The first block shown in a pane.
    pub fn top_block(&self, pane: usize) -> Option<usize> {
        self.panes.get(pane).map(|p| p.top.block)
    }

    /// The blocks visible in a pane, first to last.
    fn visible_blocks(&self, pane: usize) -> Range<usize> {
        let (Some(layout), Some(state)) = (self.pane_layout(pane), self.panes.get(pane)) else {
            return 0..0;
        };
        let top = layout.line_of(state.top);
        let bottom = (top + self.pane_height(pane)).min(layout.len());
        let last = layout
            .line(bottom.saturating_sub(1))
            .map_or(state.top.block, |l| l.block);
        state.top.block..last + 1
    }

    // ----- footnotes and links -----

    /// Footnote marks and links in the visible part of a pane, in reading order.
    fn visible_marks(&self, pane: usize) -> Vec<(usize, SpanKind)> {
        let Some(document) = self.panes.get(pane).and_then(|p| self.document(p.doc)) else {
            return Vec::new();
        };
        self.visible_blocks(pane)
            .filter_map(|block| document.blocks.get(block).map(|b| (block, b)))
            .flat_map(|(index, block)| {
                block.spans.iter().filter_map(move |span| match span.kind {
                    SpanKind::FootnoteRef { .. } | SpanKind::Link { .. } => {
                        Some((index, span.kind.clone()))
                    }
                    _ => None,
                })
            })
            .collect()
    }

    fn open_footnote(&mut self) {
        let Some(pane) = self.panes.get(self.focus) else {
            return;
        };
        let doc = pane.doc;
        let footnotes: Vec<usize> = self
            .visible_marks(self.focus)
            .into_iter()
            .filter_map(|(_, kind)| match kind {
                SpanKind::FootnoteRef { footnote } => Some(footnote),
                _ => None,
            })
            .collect();
        if footnotes.is_empty() {
            self.message = Some("no footnote on screen".to_string());
            return;
        }
        let next = pane.next_footnote % footnotes.len();
        self.overlays.push(Overlay::Footnote {
            doc,
            footnote: footnotes[next],
            scroll: 0,
        });
        if let Some(pane) = self.panes.get_mut(self.focus) {
            pane.next_footnote = next + 1;
        }
    }

    /// Enter: the first footnote or cross-link on screen in the focused pane.
    fn follow(&mut self) {
        let marks = self.visible_marks(self.focus);
        let Some((_, kind)) = marks.into_iter().next() else {
            self.message = Some("no footnote or link on screen".to_string());
            return;
        };
        match kind {
            SpanKind::FootnoteRef { .. } => self.open_footnote(),
            SpanKind::Link { target } => self.follow_link(&target),
            _ => {}
        }
    }

    fn follow_link(&mut self, target: &LinkTarget) {
        let (doc_id, anchor) = match target {
            LinkTarget::External { url } => {
                self.message = Some(format!(
                    "external link: {}",
                    crate::sanitize::clean_line(url)
                ));
                return;
            }
            LinkTarget::Document { doc } => (doc.clone(), None),
            LinkTarget::Passage { doc, anchor } => (doc.clone(), Some(anchor.clone())),
        };
        let Some(doc) = self.corpus.index_of(&doc_id) else {
            self.message = Some(format!("no document {doc_id:?}"));
            return;
        };
        let block = anchor
            .as_deref()
            .and_then(|a| self.document(doc).and_then(|d| d.find_anchor(a)))
            .unwrap_or(0);
        self.record_jump();
        self.show_in_pane(doc, block, false);
    }

    /// Shows a passage: in the pane that has its document open, else in the focused
    /// pane (`here`) or a neighbour pane (opened if there is room).
    fn show_in_pane(&mut self, doc: usize, block: usize, here: bool) {
        let pane = if let Some(open) = self.panes.iter().position(|p| p.doc == doc) {
            open
        } else if here || self.panes.len() == 1 && self.panes.len() >= MAX_PANES {
            self.focus
        } else if self.panes.len() < MAX_PANES && self.panes.len() == 1 {
            let pane = Pane {
                sync: self.default_sync,
                ..Pane::new(doc)
            };
            self.panes.insert(self.focus + 1, pane);
            self.relayout();
            self.focus + 1
        } else {
            let neighbour = if self.focus + 1 < self.panes.len() {
                self.focus + 1
            } else {
                self.focus.saturating_sub(1)
            };
            if let Some(state) = self.panes.get_mut(neighbour) {
                state.doc = doc;
            }
            self.relayout();
            neighbour
        };
        if let Some(state) = self.panes.get_mut(pane) {
            state.doc = doc;
            state.highlight = Some(block);
        }
        self.relayout();
        self.scroll_pane_to_block(pane, block);
        self.focus = pane;
    }

    fn current_jump(&self) -> Option<Jump> {
        let pane = self.panes.get(self.focus)?;
        Some(Jump {
            pane: self.focus,
            doc: pane.doc,
            position: pane.top,
        })
    }

    fn record_jump(&mut self) {
        if let Some(current) = self.current_jump() {
            self.jumps.push(current);
        }
    }

    fn jump_back(&mut self) {
        let Some(current) = self.current_jump() else {
            return;
        };
        match self.jumps.back(current) {
            Some(jump) => self.restore_jump(jump),
            None => self.message = Some("at the start of the jump list".to_string()),
        }
    }

    fn jump_forward(&mut self) {
        match self.jumps.forward() {
            Some(jump) => self.restore_jump(jump),
            None => self.message = Some("at the end of the jump list".to_string()),
        }
    }

    fn restore_jump(&mut self, jump: Jump) {
        if jump.pane >= self.panes.len() || jump.doc >= self.corpus.len() {
            return;
        }
        let pane = &mut self.panes[jump.pane];
        let changed = pane.doc != jump.doc;
        pane.doc = jump.doc;
        pane.top = jump.position;
        self.focus = jump.pane;
        if changed {
            self.relayout();
        }
    }

    // ----- prompts and search -----

    fn start_prompt(&mut self, kind: PromptKind) {
        self.mode = Mode::Prompt {
            kind,
            input: String::new(),
        };
    }

    /// Incremental search: every change of the query moves to the first match at or
    /// after the top of the focused pane.
    fn prompt_changed(&mut self) {
        match &self.mode {
            Mode::Prompt {
                kind: PromptKind::Search,
                input,
            } => {
                let query = input.clone();
                self.run_search(&query);
            }
            Mode::Prompt {
                kind: PromptKind::SynopsisText,
                input,
            } => {
                let text = input.clone();
                self.synopsis_prompt(PromptKind::SynopsisText, &text, false);
            }
            _ => {}
        }
    }

    fn submit_prompt(&mut self, kind: PromptKind, text: &str) -> Effect {
        match kind {
            PromptKind::Bookmark { doc, block } => {
                return self.add_note(NoteKind::Bookmark, doc, block, text);
            }
            PromptKind::Annotate { doc, block } => {
                return self.add_note(NoteKind::Highlight, doc, block, text);
            }
            PromptKind::Search => {
                self.run_search(text);
                if self.search.as_ref().is_some_and(|s| s.matches.is_empty()) {
                    self.message =
                        Some(format!("not found: {}", crate::sanitize::clean_line(text)));
                }
            }
            PromptKind::SearchAll => self.search_all(text),
            PromptKind::SynopsisText | PromptKind::SynopsisPeriod => {
                self.synopsis_prompt(kind, text, true)
            }
            PromptKind::Date => match crate::time::date::parse_user_date(text) {
                Some(span) => {
                    self.record_jump();
                    self.set_cursor(span.first);
                }
                None => {
                    self.message = Some(format!(
                        "not a date: {} (try 1871-03-18, 18 March 1871, march 1871)",
                        crate::sanitize::clean_line(text)
                    ));
                }
            },
        }
        Effect::None
    }

    fn run_search(&mut self, query: &str) {
        let Some(pane) = self.panes.get(self.focus) else {
            return;
        };
        let doc = pane.doc;
        let Some(document) = self.document(doc) else {
            return;
        };
        let matches = search::find_all(&document.text, query);
        let top_offset = document
            .blocks
            .get(pane.top.block)
            .map_or(0, |block| block.text.start);
        let current = if matches.is_empty() {
            None
        } else {
            Some(
                matches
                    .iter()
                    .position(|m| m.start >= top_offset)
                    .unwrap_or(0),
            )
        };
        self.search = Some(Search {
            doc,
            query: query.to_string(),
            matches,
            current,
        });
        self.show_search_match();
    }

    fn search_step(&mut self, delta: isize) {
        let Some(search) = &mut self.search else {
            self.message = Some("no search (/ to search)".to_string());
            return;
        };
        if search.matches.is_empty() {
            return;
        }
        let count = search.matches.len() as isize;
        let current = search.current.map_or(0, |c| c as isize);
        search.current = Some((current + delta).rem_euclid(count) as usize);
        self.show_search_match();
    }

    fn show_search_match(&mut self) {
        let Some(search) = &self.search else {
            return;
        };
        let Some(start) = search
            .current
            .and_then(|current| search.matches.get(current))
            .map(|range| range.start)
        else {
            return;
        };
        let height = self.focused_height();
        let Some(top) = self.focused_pane().map(|pane| pane.top) else {
            return;
        };
        let Some((layout, document)) = self.layout_mut(self.focus) else {
            return;
        };
        // With the screen wrapped, a match in a chunk not wrapped is off screen.
        layout.wrap_after(document, top, height);
        let found = layout.position_at_byte(document, start);
        let (line, top) = (layout.line_of(found), layout.line_of(top));
        if line < top || line >= top + height {
            self.move_pane(self.focus, found, -((height / 3) as isize));
        }
    }

    /// "3/14" for the status line.
    pub fn search_status(&self) -> Option<String> {
        let search = self.search.as_ref()?;
        Some(match search.current {
            Some(current) => format!("{}/{}", current + 1, search.matches.len()),
            None => "0/0".to_string(),
        })
    }

    fn search_all(&mut self, query: &str) {
        let mut hits = Vec::new();
        let open: Vec<usize> = self.panes.iter().map(|p| p.doc).collect();
        for &doc in &open {
            let Some(document) = self.document(doc) else {
                continue;
            };
            for found in search::find_all(&document.text, query) {
                let Some(block) = document.block_at(found.start) else {
                    continue;
                };
                if hits
                    .last()
                    .is_some_and(|h: &Hit| h.doc == doc && h.block == block)
                {
                    continue;
                }
                hits.push(Hit {
                    doc,
                    block,
                    excerpt: excerpt_around(&document.text, found.clone(), 70),
                    when: self
                        .chronology
                        .passage_time(doc, block)
                        .map(|t| short_date(t.focus)),
                });
            }
        }
        if hits.is_empty() {
            self.message = Some(format!("not found: {}", crate::sanitize::clean_line(query)));
            return;
        }
        self.overlays.push(Overlay::SearchHits {
            query: query.to_string(),
            hits,
            selected: 0,
        });
    }
}

/// The `count` documents with the most dated passages, in corpus order.
/// Panes on the given documents (those in the corpus, as many as fit).
fn panes_on(docs: &[usize], corpus_len: usize, sync: bool) -> Vec<Pane> {
    docs.iter()
        .filter(|&&doc| doc < corpus_len)
        .take(MAX_PANES)
        .map(|&doc| Pane {
            sync,
            ..Pane::new(doc)
        })
        .collect()
}

fn most_dated(corpus: &Corpus, chronology: &Chronology, count: usize) -> Vec<usize> {
    let mut ranked: Vec<(usize, usize)> = (0..corpus.len())
        .map(|doc| {
            // Count passages dated by what they say, not by inheritance, so a
            // document is chosen for its narration, not its length.
            let dated = chronology.doc(doc).map_or(0, |d| {
                d.times
                    .iter()
                    .flatten()
                    .filter(|t| matches!(t.source, TimeSource::Own | TimeSource::Event))
                    .count()
            });
            (doc, dated)
        })
        .collect();
    ranked.sort_by_key(|&(doc, dated)| (std::cmp::Reverse(dated), doc));
    let mut chosen: Vec<usize> = ranked.into_iter().take(count).map(|(doc, _)| doc).collect();
    chosen.sort_unstable();
    chosen
}

fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.x + area.width && row >= area.y && row < area.y + area.height
}

/// Up to `chars` characters of text around a match, on one line.
fn excerpt_around(text: &str, found: Range<usize>, chars: usize) -> String {
    let mut start = found.start.saturating_sub(chars / 3);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = text[..found.start].rfind('\n').map_or(0, |i| i + 1);
    let start = start.max(line_start);
    let rest: String = text[start..]
        .chars()
        .take_while(|&c| c != '\n')
        .take(chars)
        .collect();
    crate::sanitize::clean_line(rest.trim()).into_owned()
}

#[cfg(test)]
mod tests;
