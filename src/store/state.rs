//! The reader's place between runs: the open panes (document, position, sync) and
//! the date cursor, in `state.toml`. Written on quit, read at the next start
//! (`--fresh` skips it). Positions are passages, not screen lines, so they survive
//! a different terminal size.
//!
//! Two readers that quit one after the other: the last one's layout wins, which is
//! what "where I was" means. Bookmarks are not kept here but in the notes file,
//! which is merged (see [`super::notes`]).

use super::{FileLock, Read, quarantine, read_text, remove_stale_temporaries, write_atomic};
use crate::time::date::Date;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedState {
    pub cursor: Date,
    /// Index of the focused pane.
    #[serde(default)]
    pub focus: usize,
    #[serde(default, rename = "pane")]
    pub panes: Vec<SavedPane>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedPane {
    /// Document id.
    pub doc: String,
    /// The passage at the top of the pane, counted from 1 as in passage ids.
    pub passage: usize,
    /// Wrapped line within that passage.
    #[serde(default)]
    pub line: usize,
    #[serde(default = "yes")]
    pub sync: bool,
}

fn yes() -> bool {
    true
}

const HEADER: &str = "# parallax: where you were reading, written when the reader quits.\n\
# Delete this file (or start with --fresh) to begin on the default layout.\n\n";

impl SavedState {
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{HEADER}{body}")
    }
}

/// Reads the saved state. A missing file is no state; a corrupt one is moved aside
/// and reported, never an error that stops the reader.
pub fn load(path: &Path) -> (Option<SavedState>, Vec<String>) {
    match read_text(path) {
        Read::Missing => (None, Vec::new()),
        Read::Unreadable(message) => (None, vec![message]),
        Read::Text(text) => match toml::from_str::<SavedState>(&text) {
            Ok(state) => (Some(state), Vec::new()),
            Err(error) => {
                let line = error
                    .span()
                    .map_or(0, |span| crate::model::line_col(&text, span.start).0);
                let why = format!("line {line}: {}", error.message());
                (None, vec![quarantine(path, &why)])
            }
        },
    }
}

/// Writes the state atomically. The lock is not for merging (the last reader to
/// quit wins) but so that temporaries left by a reader killed mid-save can be told
/// from a live reader's and removed.
pub fn save(path: &Path, state: &SavedState) -> std::io::Result<()> {
    let _lock = FileLock::acquire(path)?;
    remove_stale_temporaries(path);
    write_atomic(path, state.to_toml().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SavedState {
        SavedState {
            cursor: Date::new(1871, 5, 21).unwrap(),
            focus: 1,
            panes: vec![
                SavedPane {
                    doc: "a".into(),
                    passage: 3,
                    line: 1,
                    sync: true,
                },
                SavedPane {
                    doc: "b".into(),
                    passage: 9,
                    line: 0,
                    sync: false,
                },
            ],
        }
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        save(&path, &sample()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("cursor = \"1871-05-21\""), "{text}");
        assert!(text.contains("[[pane]]"), "{text}");
        assert_eq!(load(&path), (Some(sample()), vec![]));
    }

    #[test]
    fn corrupt_state_is_moved_aside_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        std::fs::write(&path, "cursor = \"1871-05-21\"\n[[pane]\ndoc = ").unwrap();
        let (state, warnings) = load(&path);
        assert_eq!(state, None);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("line 2"), "{}", warnings[0]);
        assert!(warnings[0].contains(".corrupt-"), "{}", warnings[0]);
        assert!(!path.exists());
        // The next save writes a fresh file beside the one moved aside (and the
        // lock file).
        save(&path, &sample()).unwrap();
        assert_eq!(load(&path).0, Some(sample()));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn wrong_shapes_are_corrupt_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        std::fs::write(&path, "cursor = \"not a date\"\n").unwrap();
        let (state, warnings) = load(&path);
        assert_eq!(state, None);
        assert_eq!(warnings.len(), 1);
    }
}
