//! The keymap: key sequences to actions, per mode, held as data.
//!
//! The defaults live in `default_keys.toml`; a user's `[keys]` table is merged over
//! them. The help overlay is generated from this table, so what help shows is what
//! the keys do.

use super::keys::{Key, sequence_label};
use crate::app::Action;
use serde::Deserialize;
use std::collections::BTreeMap;

const DEFAULT_KEYS: &str = include_str!("default_keys.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    /// Reading in panes.
    Normal,
    /// Moving the date cursor along the timeline.
    Timeline,
    /// A popup list or text (events, picker, help, footnote).
    List,
}

impl KeyMode {
    pub const ALL: [KeyMode; 3] = [KeyMode::Normal, KeyMode::Timeline, KeyMode::List];

    pub fn name(self) -> &'static str {
        match self {
            KeyMode::Normal => "normal",
            KeyMode::Timeline => "timeline",
            KeyMode::List => "list",
        }
    }
}

/// What the keys typed so far mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Action(Action),
    /// A prefix of a longer binding: wait for the next key.
    Pending,
    Unbound,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    modes: BTreeMap<KeyMode, Vec<Binding>>,
}

/// A bad entry in a keys table: which mode and key, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub mode: String,
    pub key: String,
    pub message: String,
}

/// The raw shape: `{ mode: { "key seq": "action" } }`; an action of `"none"` unbinds.
pub type KeysTable = BTreeMap<String, BTreeMap<String, String>>;

impl Keymap {
    /// The built-in keymap. Its file is tested to parse, so an error here is a
    /// bug caught by `cargo test`, and the reader still starts with what did parse.
    pub fn default_keymap() -> Keymap {
        let table: KeysTable = toml::from_str(DEFAULT_KEYS).unwrap_or_default();
        let mut keymap = Keymap {
            modes: BTreeMap::new(),
        };
        let _ = keymap.merge(&table);
        keymap
    }

    pub fn default_toml() -> &'static str {
        DEFAULT_KEYS
    }

    /// Merges a table over this keymap. Bad entries are skipped and returned; the
    /// good ones still apply.
    pub fn merge(&mut self, table: &KeysTable) -> Vec<KeymapError> {
        let mut errors = Vec::new();
        for (mode_name, entries) in table {
            let mode = match mode_name.as_str() {
                "normal" => KeyMode::Normal,
                "timeline" => KeyMode::Timeline,
                "list" => KeyMode::List,
                _ => {
                    errors.push(KeymapError {
                        mode: mode_name.clone(),
                        key: String::new(),
                        message: format!(
                            "unknown mode {mode_name:?} (expected normal, timeline or list)"
                        ),
                    });
                    continue;
                }
            };
            for (key_text, action_name) in entries {
                let error = |message: String| KeymapError {
                    mode: mode_name.clone(),
                    key: key_text.clone(),
                    message,
                };
                let keys = match Key::parse_sequence(key_text) {
                    Ok(keys) => keys,
                    Err(message) => {
                        errors.push(error(message));
                        continue;
                    }
                };
                let bindings = self.modes.entry(mode).or_default();
                bindings.retain(|binding| binding.keys != keys);
                if action_name == "none" {
                    continue;
                }
                match serde_json::from_value::<Action>(serde_json::Value::String(
                    action_name.clone(),
                )) {
                    Ok(action) => bindings.push(Binding { keys, action }),
                    Err(_) => errors.push(error(format!("unknown action {action_name:?}"))),
                }
            }
        }
        errors
    }

    /// Resolves the keys typed so far in a mode.
    pub fn resolve(&self, mode: KeyMode, typed: &[Key]) -> Resolution {
        let Some(bindings) = self.modes.get(&mode) else {
            return Resolution::Unbound;
        };
        let mut pending = false;
        for binding in bindings {
            if binding.keys == typed {
                return Resolution::Action(binding.action);
            }
            if binding.keys.len() > typed.len() && binding.keys.starts_with(typed) {
                pending = true;
            }
        }
        if pending {
            Resolution::Pending
        } else {
            Resolution::Unbound
        }
    }

    pub fn bindings(&self, mode: KeyMode) -> &[Binding] {
        self.modes.get(&mode).map_or(&[], Vec::as_slice)
    }

    /// The keys bound to an action in a mode, as help shows them.
    pub fn keys_for(&self, mode: KeyMode, action: Action) -> Vec<String> {
        self.bindings(mode)
            .iter()
            .filter(|binding| binding.action == action)
            .map(|binding| sequence_label(&binding.keys))
            .collect()
    }

    /// Help rows for a mode: each action once, with all its keys, in the order
    /// actions are declared (moving, then the cursor, then links, search, panes).
    pub fn help_rows(&self, mode: KeyMode) -> Vec<(String, Action)> {
        let mut rows: Vec<(String, Action)> = Vec::new();
        for binding in self.bindings(mode) {
            let label = sequence_label(&binding.keys);
            match rows
                .iter_mut()
                .find(|(_, action)| *action == binding.action)
            {
                Some((keys, _)) => {
                    keys.push_str(", ");
                    keys.push_str(&label);
                }
                None => rows.push((label, binding.action)),
            }
        }
        rows.sort_by_key(|(_, action)| *action);
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keymap_parses_completely() {
        let table: KeysTable = toml::from_str(DEFAULT_KEYS).unwrap();
        let mut keymap = Keymap {
            modes: BTreeMap::new(),
        };
        assert_eq!(keymap.merge(&table), vec![]);
        assert_eq!(keymap, Keymap::default_keymap());
    }

    #[test]
    fn sequences_wait_then_resolve() {
        let keymap = Keymap::default_keymap();
        let g = Key::char('g');
        assert_eq!(keymap.resolve(KeyMode::Normal, &[g]), Resolution::Pending);
        assert_eq!(
            keymap.resolve(KeyMode::Normal, &[g, g]),
            Resolution::Action(Action::Top)
        );
        assert_eq!(
            keymap.resolve(KeyMode::Normal, &[Key::char('Z')]),
            Resolution::Unbound
        );
    }

    #[test]
    fn user_table_remaps_and_reports() {
        let mut keymap = Keymap::default_keymap();
        let table: KeysTable = toml::from_str(
            "[normal]\n\"ctrl-n\" = \"scroll_down\"\n\"j\" = \"none\"\n\"x\" = \"fly\"\n",
        )
        .unwrap();
        let errors = keymap.merge(&table);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("unknown action \"fly\""));
        assert_eq!(
            keymap.resolve(KeyMode::Normal, &[Key::ctrl('n')]),
            Resolution::Action(Action::ScrollDown)
        );
        assert_eq!(
            keymap.resolve(KeyMode::Normal, &[Key::char('j')]),
            Resolution::Unbound
        );
        assert!(
            keymap
                .keys_for(KeyMode::Normal, Action::ScrollDown)
                .contains(&"Ctrl-n".to_string())
        );
    }
}
