//! The user's configuration file, `config.toml`: default theme and layout, extra
//! text folders, the wrap width limit, date sync, and a `[keys]` table merged over
//! the default keymap.
//!
//! [`Config::from_toml`] is a pure function of the text. A problem (unknown key,
//! value of the wrong type, unknown action) is reported with file, line and key,
//! and only that setting falls back to its default: the reader always starts. The
//! user's file is only ever read.

use super::keymap::{KeyMode, Keymap, KeysTable};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// A built-in theme name or a theme file; `None`: dark (mono under `NO_COLOR`).
    pub theme: Option<String>,
    /// Document ids opened when none are named and no place was saved.
    pub layout: Vec<String>,
    /// Folders of your own texts, as written (see [`Config::text_folders`]).
    pub texts: Vec<String>,
    /// Lines of text are wrapped at most this wide.
    pub wrap_width: Option<u16>,
    /// Whether panes start following the date cursor.
    pub sync: bool,
    /// The default keymap with the user's `[keys]` merged over it.
    pub keymap: Keymap,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: None,
            layout: Vec::new(),
            texts: Vec::new(),
            wrap_width: None,
            sync: true,
            keymap: Keymap::default_keymap(),
        }
    }
}

/// One problem in a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub file: String,
    /// 1-based; 0 when the problem is not on one line (an unreadable file).
    pub line: usize,
    /// The key as a dotted path (`keys.normal."g g"`); empty for the whole file.
    pub key: String,
    pub message: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::clean_line(&self.file);
        let message = crate::sanitize::clean_line(&self.message);
        let key = crate::sanitize::clean_line(&self.key);
        match (self.line, key.is_empty()) {
            (0, true) => write!(f, "{file}: {message}"),
            (0, false) => write!(f, "{file}: {key}: {message}"),
            (line, true) => write!(f, "{file}:{line}: {message}"),
            (line, false) => write!(f, "{file}:{line}: {key}: {message}"),
        }
    }
}

/// Narrowest wrap width accepted: below it a line holds a word or two.
const MIN_WRAP: i64 = 20;

impl Config {
    /// Parses a configuration file's text. Every problem is returned; each bad
    /// setting keeps its default and the good ones apply.
    pub fn from_toml(text: &str, file: &str) -> (Config, Vec<ConfigProblem>) {
        let mut config = Config::default();
        let mut problems = Vec::new();
        let problem = |line: usize, key: &str, message: String| ConfigProblem {
            file: file.to_string(),
            line,
            key: key.to_string(),
            message,
        };
        let table = match toml::from_str::<toml::Table>(text) {
            Ok(table) => table,
            Err(error) => {
                let line = error
                    .span()
                    .map_or(0, |span| crate::model::line_col(text, span.start).0);
                let message = format!("{}; using the defaults", error.message().trim());
                return (config, vec![problem(line, "", message)]);
            }
        };
        for (key, value) in &table {
            let line = line_of(text, &[], key);
            let mut wrong = |expected: &str| {
                problems.push(problem(
                    line,
                    key,
                    format!("expected {expected}, found {}", value.type_str()),
                ))
            };
            match key.as_str() {
                "theme" => match value.as_str() {
                    Some(name) => config.theme = Some(name.to_string()),
                    None => wrong("a theme name or file"),
                },
                "layout" => match string_list(value) {
                    Some(ids) => config.layout = ids,
                    None => wrong("a list of document ids"),
                },
                "texts" => match string_list(value) {
                    Some(folders) => config.texts = folders,
                    None => wrong("a list of folders"),
                },
                "wrap_width" => match value.as_integer() {
                    Some(0) => config.wrap_width = None,
                    Some(width) if (MIN_WRAP..=i64::from(u16::MAX)).contains(&width) => {
                        config.wrap_width = u16::try_from(width).ok();
                    }
                    Some(width) => problems.push(problem(
                        line,
                        key,
                        format!("{width} is out of range (0 for no limit, or {MIN_WRAP} and up)"),
                    )),
                    None => wrong("a number of columns"),
                },
                "sync" => match value.as_bool() {
                    Some(sync) => config.sync = sync,
                    None => wrong("true or false"),
                },
                "keys" => problems.extend(
                    read_keys(text, value, &mut config.keymap)
                        .into_iter()
                        .map(|(line, key, message)| problem(line, &key, message)),
                ),
                _ => problems.push(problem(
                    line,
                    key,
                    "unknown key (known: theme, layout, texts, wrap_width, sync, keys)".to_string(),
                )),
            }
        }
        problems.sort_by_key(|p| p.line);
        (config, problems)
    }

    /// Reads a configuration file: a thin wrapper over [`Config::from_toml`]. A
    /// missing file is the defaults; an unreadable one is a problem and the
    /// defaults.
    pub fn load(path: &Path) -> (Config, Vec<ConfigProblem>) {
        let file = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::from_toml(&text, &file),
                Err(_) => (
                    Config::default(),
                    vec![ConfigProblem {
                        file,
                        line: 0,
                        key: String::new(),
                        message: "not UTF-8 text; using the defaults".to_string(),
                    }],
                ),
            },
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                (Config::default(), Vec::new())
            }
            Err(error) => (
                Config::default(),
                vec![ConfigProblem {
                    file,
                    line: 0,
                    key: String::new(),
                    message: format!("{error}; using the defaults"),
                }],
            ),
        }
    }

    /// The `texts` folders as paths: `~/` is the home folder, and a relative path
    /// is relative to the folder of the configuration file.
    pub fn text_folders(&self, config_dir: &Path, home: Option<&Path>) -> Vec<PathBuf> {
        self.texts
            .iter()
            .map(|folder| match (folder.strip_prefix("~/"), home) {
                (Some(rest), Some(home)) => home.join(rest),
                _ => config_dir.join(folder),
            })
            .collect()
    }

    /// The commented default file `parallax config --default` prints: every
    /// setting with its default, and the whole default keymap, commented out.
    pub fn default_file() -> String {
        let mut out = String::from(DEFAULT_HEADER);
        for line in Keymap::default_toml().lines() {
            let line = line.trim_end();
            if line.starts_with('#') && !line.contains(" = ") {
                continue;
            }
            if let Some(mode) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                out.push_str(&format!("# [keys.{mode}]\n"));
            } else if line.is_empty() {
                out.push_str("#\n");
            } else {
                out.push_str(&format!("# {line}\n"));
            }
        }
        out
    }
}

const DEFAULT_HEADER: &str = r#"# parallax configuration: $XDG_CONFIG_HOME/parallax/config.toml
# (or the file given with --config). Every setting is optional; a bad one is
# reported with its line when the reader starts, and its default is used.

# Colour theme: dark, light, high-contrast, mono, or a theme file (.toml).
# Under NO_COLOR the default is mono.
# theme = "dark"

# Documents opened in panes, left to right, when none are named on the command
# line and there is no saved place (see `parallax list` for the ids). Empty: the
# two documents with the most dated passages.
layout = []

# Folders of your own texts (*.md documents), read at start as --texts would.
# `~/` is your home folder; a relative path is relative to this file's folder.
# `parallax import` writes into the first one.
texts = []

# Wrap text at most this many columns wide (0: as wide as the pane).
wrap_width = 0

# Whether panes follow the date cursor when the reader starts (`s` toggles it).
sync = true

# Keys: one table per mode (normal, timeline, list), mapping a key or a
# space-separated key sequence to an action name, merged over the defaults below.
# "none" unbinds a key. `?` in the reader lists every action with its keys.
# For example:
#   [keys.normal]
#   "ctrl-n" = "scroll_down"
#   "j" = "none"
#
# The default keys:
#
"#;

fn string_list(value: &toml::Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|item| item.as_str().map(str::to_string))
        .collect()
}

/// Merges a `[keys]` table; problems come back as (line, dotted key, message).
fn read_keys(text: &str, value: &toml::Value, keymap: &mut Keymap) -> Vec<(usize, String, String)> {
    let mut problems = Vec::new();
    let Some(modes) = value.as_table() else {
        problems.push((
            line_of(text, &[], "keys"),
            "keys".to_string(),
            format!(
                "expected a table of modes ([keys.normal]), found {}",
                value.type_str()
            ),
        ));
        return problems;
    };
    let mut table = KeysTable::new();
    for (mode, entries) in modes {
        let Some(entries) = entries.as_table() else {
            problems.push((
                line_of(text, &["keys"], mode),
                format!("keys.{mode}"),
                format!(
                    "expected a table of keys to actions, found {}",
                    entries.type_str()
                ),
            ));
            continue;
        };
        let mut keys = std::collections::BTreeMap::new();
        for (key, action) in entries {
            match action.as_str() {
                Some(action) => {
                    keys.insert(key.clone(), action.to_string());
                }
                None => problems.push((
                    line_of(text, &["keys", mode], key),
                    format!("keys.{mode}.{}", quoted(key)),
                    format!("expected an action name, found {}", action.type_str()),
                )),
            }
        }
        table.insert(mode.clone(), keys);
    }
    for error in keymap.merge(&table) {
        let (line, dotted) = if error.key.is_empty() {
            (
                line_of(text, &["keys"], &error.mode),
                format!("keys.{}", error.mode),
            )
        } else {
            (
                line_of(text, &["keys", &error.mode], &error.key),
                format!("keys.{}.{}", error.mode, quoted(&error.key)),
            )
        };
        let known: Vec<&str> = KeyMode::ALL.iter().map(|m| m.name()).collect();
        let message = if error.key.is_empty() {
            format!("unknown mode (known: {})", known.join(", "))
        } else {
            error.message
        };
        problems.push((line, dotted, message));
    }
    problems
}

/// A key as TOML writes it in a dotted path: bare when it can be.
fn quoted(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

/// The line where `key` is set inside the table `section` (a dotted path; empty
/// for the top level). TOML allows a key to be written several ways
/// (`[keys.normal]` then `j = …`, `[keys]` then `normal.j = …`, inline tables);
/// this finds the common ones, and otherwise the line of the nearest table
/// header, so the message still points close.
fn line_of(text: &str, section: &[&str], key: &str) -> usize {
    let mut current: Vec<String> = Vec::new();
    let mut header_line = 0;
    let normalise = |name: &str| name.trim().trim_matches('"').trim_matches('\'').to_string();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            let inner = trimmed.trim_start_matches('[');
            let inner = inner.split(']').next().unwrap_or("");
            current = split_dotted(inner).iter().map(|p| normalise(p)).collect();
            if current == section {
                header_line = index + 1;
            }
            // The key is itself a table: `[keys.insert]`.
            if current.len() == section.len() + 1
                && current.starts_with(&section.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                && current.last().is_some_and(|last| last == key)
            {
                return index + 1;
            }
            continue;
        }
        let Some((name, _)) = split_assignment(trimmed) else {
            continue;
        };
        let mut path = current.clone();
        path.extend(split_dotted(name).iter().map(|p| normalise(p)));
        let mut wanted: Vec<String> = section.iter().map(|s| s.to_string()).collect();
        wanted.push(key.to_string());
        if path == wanted {
            return index + 1;
        }
        // An inline table (`normal = { j = "…" }`) on one line.
        if path.len() < wanted.len()
            && wanted.starts_with(&path)
            && (trimmed.contains(&format!("\"{key}\"")) || trimmed.contains(key))
        {
            return index + 1;
        }
    }
    header_line
}

/// `a."b c".d` → `["a", "\"b c\"", "d"]`, dots inside quotes kept.
fn split_dotted(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    for (index, c) in text.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('.', None) => {
                parts.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The key part of `key = value`, where `=` may sit inside a quoted key.
fn split_assignment(line: &str) -> Option<(&str, &str)> {
    let mut quote: Option<char> = None;
    for (index, c) in line.char_indices() {
        match (c, quote) {
            ('#', None) => return None,
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('=', None) => return Some((&line[..index], &line[index + 1..])),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;
    use crate::config::keymap::{KeyMode, Resolution};
    use crate::config::keys::Key;

    fn parse(text: &str) -> (Config, Vec<String>) {
        let (config, problems) = Config::from_toml(text, "config.toml");
        (config, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn empty_file_is_the_defaults() {
        assert_eq!(parse(""), (Config::default(), vec![]));
    }

    #[test]
    fn the_default_file_parses_clean_and_its_keys_are_the_defaults() {
        let text = Config::default_file();
        let (config, problems) = parse(&text);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config, Config::default());
        // Uncommenting the keys gives the default keymap back, unchanged.
        let uncommented: String = text
            .lines()
            .skip_while(|l| !l.starts_with("# [keys.normal]"))
            .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
            .map(|l| format!("{l}\n"))
            .collect();
        let (config, problems) = parse(&uncommented);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config.keymap, Keymap::default_keymap());
    }

    #[test]
    fn settings_are_read() {
        let (config, problems) = parse(
            "theme = \"light\"\nlayout = [\"a\", \"b\"]\ntexts = [\"~/t\", \"rel\"]\nwrap_width = 72\nsync = false\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert_eq!(config.layout, vec!["a", "b"]);
        assert_eq!(config.wrap_width, Some(72));
        assert!(!config.sync);
        assert_eq!(
            config.text_folders(Path::new("/cfg"), Some(Path::new("/home/u"))),
            vec![PathBuf::from("/home/u/t"), PathBuf::from("/cfg/rel")]
        );
    }

    #[test]
    fn a_remapped_key_resolves_and_keeps_the_others() {
        let (config, problems) = parse(
            "[keys.normal]\n\"ctrl-n\" = \"scroll_down\"\n\"g b\" = \"set_bookmark\"\nj = \"none\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let keymap = &config.keymap;
        assert_eq!(
            keymap.resolve(KeyMode::Normal, &[Key::ctrl('n')]),
            Resolution::Action(Action::ScrollDown)
        );
        assert_eq!(
            keymap.resolve(KeyMode::Normal, &[Key::char('g'), Key::char('b')]),
            Resolution::Action(Action::SetBookmark)
        );
        assert_eq!(
            keymap.resolve(KeyMode::Normal, &[Key::char('j')]),
            Resolution::Unbound
        );
        assert_eq!(
            keymap.resolve(KeyMode::Normal, &[Key::char('k')]),
            Resolution::Action(Action::ScrollUp)
        );
    }

    #[test]
    fn problems_name_file_line_and_key_and_the_rest_applies() {
        let text = "\
theme = \"light\"
colour = \"red\"
wrap_width = \"wide\"
sync = \"no\"

[keys.normal]
\"ctrl-n\" = \"scroll_down\"
x = \"fly\"
\"ctrl-\" = \"top\"
y = 3

[keys.insert]
i = \"top\"
";
        let (config, problems) = parse(text);
        insta::assert_snapshot!(problems.join("\n"), @r#"
        config.toml:2: colour: unknown key (known: theme, layout, texts, wrap_width, sync, keys)
        config.toml:3: wrap_width: expected a number of columns, found string
        config.toml:4: sync: expected true or false, found string
        config.toml:8: keys.normal.x: unknown action "fly"
        config.toml:9: keys.normal.ctrl-: unknown key "ctrl-"
        config.toml:10: keys.normal.y: expected an action name, found integer
        config.toml:12: keys.insert: unknown mode (known: normal, timeline, list)
        "#);
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert!(config.sync, "a bad value keeps the default");
        assert_eq!(
            config.keymap.resolve(KeyMode::Normal, &[Key::ctrl('n')]),
            Resolution::Action(Action::ScrollDown)
        );
    }

    #[test]
    fn a_syntax_error_is_located_and_gives_the_defaults() {
        let (config, problems) = parse("sync = false\n[keys.normal\nj = 1\n");
        assert_eq!(config, Config::default());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("config.toml:2:"), "{problems:?}");
    }

    #[test]
    fn out_of_range_wrap_width() {
        let (config, problems) = parse("wrap_width = 5\n");
        assert_eq!(config.wrap_width, None);
        assert!(problems[0].contains("config.toml:1: wrap_width: 5 is out of range"));
    }

    #[test]
    fn missing_file_is_the_defaults_and_unreadable_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Config::load(&dir.path().join("none.toml")),
            (Config::default(), vec![])
        );
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, [0xff, 0xfe]).unwrap();
        let (config, problems) = Config::load(&bad);
        assert_eq!(config, Config::default());
        assert!(problems[0].message.contains("not UTF-8"));
    }
}
