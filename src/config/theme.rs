//! Themes: every colour and style the reader draws with, as semantic slots filled
//! from TOML (`[palette]` of named colours, `[styles]` of slots).
//!
//! Call sites ask for a slot (`theme.footnote_marker`), never for a colour, so a
//! theme file can restyle everything and the monochrome theme can drop colour alone.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// Declares the slots once: the `Theme` struct and the TOML table share the list.
macro_rules! slots {
    ($($(#[$doc:meta])* $slot:ident),* $(,)?) => {
        /// Styles for everything the reader draws.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme {
            pub name: String,
            $($(#[$doc])* pub $slot: Style,)*
        }

        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct StylesSpec {
            $($slot: Option<StyleSpec>,)*
        }

        impl StylesSpec {
            fn entries(&self) -> Vec<(&'static str, Option<&StyleSpec>)> {
                vec![$((stringify!($slot), self.$slot.as_ref()),)*]
            }
        }

        impl Theme {
            fn from_resolved(name: String, mut resolved: BTreeMap<&'static str, Style>) -> Theme {
                let text = resolved.get("text").copied().unwrap_or_default();
                Theme {
                    name,
                    $($slot: resolved.remove(stringify!($slot)).unwrap_or(text),)*
                }
            }
        }
    };
}

slots! {
    text,
    heading,
    quote,
    list_marker,
    emphasis,
    strong,
    code,
    footnote_marker,
    link,
    /// A passage that quotes the same source as a passage in another document.
    quotation_link,
    /// A character the sanitizer replaced with a visible mark.
    replaced,
    search_match,
    search_current,
    pane_border,
    pane_border_focused,
    title,
    title_focused,
    /// "nothing on 2 Apr — next: 3 Apr", "sync off".
    title_note,
    /// The gutter mark on the passage that matches the date cursor.
    gutter_mark,
    /// The passage under an event jump or the cursor, highlighted.
    passage_highlight,
    /// The gutter mark of a bookmarked or annotated passage.
    note_mark,
    /// The text of a passage highlighted with a note (`a`).
    note_highlight,
    timeline_axis,
    timeline_tick,
    timeline_event,
    timeline_cursor,
    timeline_density,
    status,
    status_mode,
    status_hint,
    popup,
    popup_border,
    popup_title,
    popup_selected,
    help_key,
    notice,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underline: bool,
    #[serde(default)]
    reversed: bool,
    #[serde(default)]
    dim: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    #[serde(default)]
    palette: BTreeMap<String, String>,
    #[serde(default)]
    styles: StylesSpec,
}

/// A theme file that could not be read: file, line, key and problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeError {
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: String,
}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::clean_line(&self.file);
        let message = crate::sanitize::clean_line(&self.message);
        if self.key.is_empty() {
            write!(f, "{file}:{}: {message}", self.line)
        } else {
            write!(
                f,
                "{file}:{}: {}: {message}",
                self.line,
                crate::sanitize::clean_line(&self.key)
            )
        }
    }
}

impl std::error::Error for ThemeError {}

/// The themes shipped in themes/, compiled in.
pub const BUILTIN: [(&str, &str); 4] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

impl Theme {
    /// Parses a theme. `file` names it in errors.
    pub fn from_toml(text: &str, file: &str, fallback_name: &str) -> Result<Theme, ThemeError> {
        let parsed: ThemeFile = toml::from_str(text).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            ThemeError {
                file: file.to_string(),
                line: crate::model::line_col(text, offset).0,
                key: String::new(),
                message: error.message().trim_end().to_string(),
            }
        })?;
        let mut resolved = BTreeMap::new();
        for (slot, spec) in parsed.styles.entries() {
            let Some(spec) = spec else { continue };
            let color = |value: &Option<String>, part: &str| -> Result<Option<Color>, ThemeError> {
                let Some(value) = value else { return Ok(None) };
                let literal = parsed.palette.get(value).unwrap_or(value);
                parse_color(literal).map(Some).ok_or_else(|| ThemeError {
                    file: file.to_string(),
                    line: line_of_key(text, "styles", slot),
                    key: format!("styles.{slot}.{part}"),
                    message: format!(
                        "unknown colour {value:?} (a palette name, a colour name such as \"yellow\", \"#rrggbb\" or a number 0-255)"
                    ),
                })
            };
            let mut style = Style::default();
            if let Some(fg) = color(&spec.fg, "fg")? {
                style = style.fg(fg);
            }
            if let Some(bg) = color(&spec.bg, "bg")? {
                style = style.bg(bg);
            }
            for (on, modifier) in [
                (spec.bold, Modifier::BOLD),
                (spec.italic, Modifier::ITALIC),
                (spec.underline, Modifier::UNDERLINED),
                (spec.reversed, Modifier::REVERSED),
                (spec.dim, Modifier::DIM),
            ] {
                if on {
                    style = style.add_modifier(modifier);
                }
            }
            resolved.insert(slot, style);
        }
        for (name, value) in &parsed.palette {
            if parse_color(value).is_none() {
                return Err(ThemeError {
                    file: file.to_string(),
                    line: line_of_key(text, "palette", name),
                    key: format!("palette.{name}"),
                    message: format!("unknown colour {value:?}"),
                });
            }
        }
        let name = parsed.name.unwrap_or_else(|| fallback_name.to_string());
        Ok(Theme::from_resolved(name, resolved))
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        BUILTIN
            .iter()
            .find(|(builtin, _)| *builtin == name)
            .and_then(|(name, text)| {
                Theme::from_toml(text, &format!("themes/{name}.toml"), name).ok()
            })
    }

    /// The default theme: dark, or monochrome when NO_COLOR is set
    /// (<https://no-color.org>: any non-empty value).
    pub fn default_for(no_color: bool) -> Theme {
        let name = if no_color { "mono" } else { "dark" };
        Theme::builtin(name).unwrap_or_else(Theme::plain)
    }

    /// The last resort when even the built-in files fail: no colours at all.
    pub fn plain() -> Theme {
        let mut resolved = BTreeMap::new();
        resolved.insert(
            "pane_border_focused",
            Style::default().add_modifier(Modifier::BOLD),
        );
        resolved.insert(
            "popup_selected",
            Style::default().add_modifier(Modifier::REVERSED),
        );
        resolved.insert(
            "timeline_cursor",
            Style::default().add_modifier(Modifier::REVERSED),
        );
        resolved.insert(
            "search_current",
            Style::default().add_modifier(Modifier::REVERSED),
        );
        Theme::from_resolved("plain".to_string(), resolved)
    }
}

/// The line of `key = …` inside `[section]`, for messages about values.
fn line_of_key(text: &str, section: &str, key: &str) -> usize {
    let header = format!("[{section}]");
    let mut in_section = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_section = trimmed == header;
            continue;
        }
        let name = trimmed
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if in_section && name == key {
            return index + 1;
        }
    }
    0
}

fn parse_color(value: &str) -> Option<Color> {
    if let Some(hex) = value.strip_prefix('#') {
        if hex.len() != 6 {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some(Color::Rgb(channel(0)?, channel(2)?, channel(4)?));
    }
    if let Ok(index) = value.parse::<u8>() {
        return Some(Color::Indexed(index));
    }
    Some(
        match value
            .to_ascii_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str()
        {
            "reset" | "default" => Color::Reset,
            "black" => Color::Black,
            "red" => Color::Red,
            "green" => Color::Green,
            "yellow" => Color::Yellow,
            "blue" => Color::Blue,
            "magenta" => Color::Magenta,
            "cyan" => Color::Cyan,
            "gray" | "grey" => Color::Gray,
            "darkgray" | "darkgrey" => Color::DarkGray,
            "lightred" => Color::LightRed,
            "lightgreen" => Color::LightGreen,
            "lightyellow" => Color::LightYellow,
            "lightblue" => Color::LightBlue,
            "lightmagenta" => Color::LightMagenta,
            "lightcyan" => Color::LightCyan,
            "white" => Color::White,
            _ => return None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_themes_parse() {
        for (name, text) in BUILTIN {
            let theme = Theme::from_toml(text, name, name).unwrap();
            assert_eq!(theme.name, name);
        }
    }

    #[test]
    fn mono_has_no_colours() {
        let theme = Theme::builtin("mono").unwrap();
        for style in [
            theme.text,
            theme.heading,
            theme.footnote_marker,
            theme.timeline_cursor,
            theme.link,
        ] {
            assert!(style.fg.is_none() && style.bg.is_none(), "{style:?}");
        }
    }

    #[test]
    fn palette_names_resolve() {
        let theme = Theme::from_toml(
            "[palette]\naccent = \"#ff8000\"\n[styles]\nheading = { fg = \"accent\", bold = true }\n",
            "t.toml",
            "t",
        )
        .unwrap();
        assert_eq!(theme.heading.fg, Some(Color::Rgb(255, 128, 0)));
        assert!(theme.heading.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let error = Theme::from_toml(
            "name = \"x\"\n[styles]\ntext = { fg = \"white\" }\nheading = { fg = \"chartreuse-ish\" }\n",
            "themes/x.toml",
            "x",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "themes/x.toml:4: styles.heading.fg: unknown colour \"chartreuse-ish\" (a palette name, a colour name such as \"yellow\", \"#rrggbb\" or a number 0-255)"
        );
        let error =
            Theme::from_toml("[styles]\nheadline = { bold = true }\n", "t.toml", "t").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(
            error.message.contains("unknown field `headline`"),
            "{error}"
        );
    }
}
