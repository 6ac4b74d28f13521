//! Everything a user can ask the reader for. The snake_case serde names are the
//! names used in the keymap and in the user's configuration.

use serde::{Deserialize, Serialize};

/// Declared in the order help lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ScrollDown,
    ScrollUp,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    FocusNext,
    FocusPrevious,
    FocusLeft,
    FocusRight,
    NextEvent,
    PreviousEvent,
    NextMonth,
    PreviousMonth,
    TimelineMode,
    DayForward,
    DayBack,
    WeekForward,
    WeekBack,
    ZoomIn,
    ZoomOut,
    PromptDate,
    JumpRelated,
    JumpRelatedBack,
    EventsList,
    OpenFootnote,
    Follow,
    JumpBack,
    JumpForward,
    Search,
    SearchAll,
    SearchNext,
    SearchPrevious,
    OpenPicker,
    AddPane,
    ClosePane,
    ToggleSync,
    Synopsis,
    AlignedMode,
    CycleTheme,
    // Bookmarks and notes (app/notes.rs).
    SetBookmark,
    Annotate,
    ListBookmarks,
    DeleteNote,
    Help,
    /// Closes the topmost popup or prompt, or leaves timeline mode.
    Cancel,
    /// Selects in a list, follows a link, leaves timeline mode.
    Confirm,
    SelectNext,
    SelectPrevious,
    SelectLeft,
    SelectRight,
    FilterText,
    FilterPeriod,
    FilterCovered,
    FilterDisagreements,
    SynopsisColumns,
    Quit,
    ForceQuit,
}

impl Action {
    /// The name used in keymaps and shown in help.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// A short description for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::ScrollDown => "scroll down a line",
            Action::ScrollUp => "scroll up a line",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::PageDown => "a page down",
            Action::PageUp => "a page up",
            Action::Top => "go to the top",
            Action::Bottom => "go to the end",
            Action::FocusNext => "focus the next pane",
            Action::FocusPrevious => "focus the previous pane",
            Action::FocusLeft => "focus the pane on the left",
            Action::FocusRight => "focus the pane on the right",
            Action::NextEvent => "cursor to the next event",
            Action::PreviousEvent => "cursor to the previous event",
            Action::NextMonth => "cursor to the next month",
            Action::PreviousMonth => "cursor to the previous month",
            Action::TimelineMode => "timeline mode (move the cursor by day/week)",
            Action::DayForward => "cursor a day later",
            Action::DayBack => "cursor a day earlier",
            Action::WeekForward => "cursor a week later",
            Action::WeekBack => "cursor a week earlier",
            Action::ZoomIn => "zoom the timeline in",
            Action::ZoomOut => "zoom the timeline out",
            Action::PromptDate => "go to a date",
            Action::JumpRelated => "same event in the other panes (again: next candidate)",
            Action::JumpRelatedBack => "previous candidate of the event jump",
            Action::EventsList => "list of events",
            Action::OpenFootnote => "open the next footnote on screen",
            Action::Follow => "follow the footnote or link on screen",
            Action::JumpBack => "back in the jump list",
            Action::JumpForward => "forward in the jump list",
            Action::Search => "search this document",
            Action::SearchAll => "search every open document",
            Action::SearchNext => "next match",
            Action::SearchPrevious => "previous match",
            Action::OpenPicker => "open another document in this pane",
            Action::AddPane => "add a pane",
            Action::ClosePane => "close this pane",
            Action::ToggleSync => "toggle date sync for this pane",
            Action::Synopsis => "synopsis: every account of every event in one table",
            Action::AlignedMode => "aligned mode: same event on the same row in every pane",
            Action::CycleTheme => "next theme",
            Action::SetBookmark => "bookmark the passage under the focus (optional note)",
            Action::Annotate => "highlight the passage under the focus with a note",
            Action::ListBookmarks => "bookmarks and notes of every document",
            Action::DeleteNote => "delete the selected bookmark or note",
            Action::Help => "this help",
            Action::Cancel => "close / cancel",
            Action::Confirm => "choose / follow",
            Action::SelectNext => "next item",
            Action::SelectPrevious => "previous item",
            Action::SelectLeft => "synopsis: previous column",
            Action::SelectRight => "synopsis: next column",
            Action::FilterText => "synopsis: filter by text",
            Action::FilterPeriod => "synopsis: filter by period (march 1871, 1871-03..1871-05)",
            Action::FilterCovered => "synopsis: only events every column tells",
            Action::FilterDisagreements => "synopsis: only events whose dates disagree",
            Action::SynopsisColumns => "synopsis: open documents / all documents",
            Action::Quit => "quit",
            Action::ForceQuit => "quit from anywhere",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case() {
        assert_eq!(Action::HalfPageDown.name(), "half_page_down");
        let parsed: Action = serde_json::from_str("\"jump_related\"").unwrap();
        assert_eq!(parsed, Action::JumpRelated);
    }
}
