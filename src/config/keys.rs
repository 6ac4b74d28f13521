//! Keys and key sequences as the keymap writes them: `j`, `G`, `ctrl-d`, `shift-tab`,
//! `space`, `pagedown`, and sequences of them separated by spaces (`g g`).
//!
//! The reader's own key type keeps the keymap and the app free of the terminal
//! library; `terminal.rs` converts crossterm's events into it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Delete,
    F(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Parses one key: `j`, `J`, `ctrl-d`, `alt-x`, `shift-tab`, `enter`, `f1`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                ctrl = true;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else if rest.len() > 1 && (lower.starts_with("alt-") || lower.starts_with("a-")) {
                alt = true;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else if rest.len() > 1 && (lower.starts_with("shift-") || lower.starts_with("s-")) {
                shift = true;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if shift { c.to_ascii_uppercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" | "ret" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if shift => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" | "bs" => KeyCode::Backspace,
                "space" | "spc" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
                "delete" | "del" => KeyCode::Delete,
                "minus" => KeyCode::Char('-'),
                "lt" => KeyCode::Char('<'),
                "gt" => KeyCode::Char('>'),
                name => match name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n) if (1..=24).contains(&n) => KeyCode::F(n),
                    _ => return Err(format!("unknown key {text:?}")),
                },
            },
        };
        Ok(Key { code, ctrl, alt })
    }

    /// Parses a space-separated sequence: `g g`, `ctrl-w l`.
    pub fn parse_sequence(text: &str) -> Result<Vec<Key>, String> {
        let keys: Vec<Key> = text
            .split_whitespace()
            .map(Key::parse)
            .collect::<Result<_, _>>()?;
        if keys.is_empty() {
            return Err("empty key".to_string());
        }
        Ok(keys)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            write!(f, "Ctrl-")?;
        }
        if self.alt {
            write!(f, "Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => write!(f, "Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => write!(f, "Enter"),
            KeyCode::Esc => write!(f, "Esc"),
            KeyCode::Tab => write!(f, "Tab"),
            KeyCode::BackTab => write!(f, "Shift-Tab"),
            KeyCode::Backspace => write!(f, "Backspace"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            KeyCode::Home => write!(f, "Home"),
            KeyCode::End => write!(f, "End"),
            KeyCode::PageUp => write!(f, "PageUp"),
            KeyCode::PageDown => write!(f, "PageDown"),
            KeyCode::Delete => write!(f, "Delete"),
            KeyCode::F(n) => write!(f, "F{n}"),
        }
    }
}

/// Renders a sequence the way help shows it: `g g` → `gg`, `ctrl-w l` → `Ctrl-w l`.
pub fn sequence_label(keys: &[Key]) -> String {
    let simple = keys
        .iter()
        .all(|k| !k.ctrl && !k.alt && matches!(k.code, KeyCode::Char(c) if c != ' '));
    let parts: Vec<String> = keys.iter().map(Key::to_string).collect();
    if simple {
        parts.concat()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("j", Key::char('j'))]
    #[case("G", Key::char('G'))]
    #[case("ctrl-d", Key::ctrl('d'))]
    #[case("C-o", Key::ctrl('o'))]
    #[case("shift-tab", Key::plain(KeyCode::BackTab))]
    #[case("space", Key::char(' '))]
    #[case("PageDown", Key::plain(KeyCode::PageDown))]
    #[case("f1", Key::plain(KeyCode::F(1)))]
    #[case("-", Key::char('-'))]
    fn parses_keys(#[case] text: &str, #[case] expected: Key) {
        assert_eq!(Key::parse(text), Ok(expected));
    }

    #[test]
    fn rejects_unknown_keys() {
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse_sequence("  ").is_err());
    }

    #[test]
    fn labels() {
        assert_eq!(sequence_label(&Key::parse_sequence("g g").unwrap()), "gg");
        assert_eq!(
            sequence_label(&Key::parse_sequence("ctrl-w l").unwrap()),
            "Ctrl-w l"
        );
    }
}

/// Parses vim's key notation, as `parallax render --keys` takes it: characters stand
/// for themselves, `<...>` names a key (`<Enter>`, `<Esc>`, `<C-d>`, `<Space>`,
/// `<S-Tab>`, `<lt>` for `<`).
pub fn parse_notation(text: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(close) = rest.find('>')
            && close > 1
        {
            keys.push(Key::parse(&rest[1..close])?);
            rest = &rest[close + 1..];
            continue;
        }
        keys.push(Key::char(c));
        rest = &rest[c.len_utf8()..];
    }
    Ok(keys)
}

#[cfg(test)]
mod notation_tests {
    use super::*;

    #[test]
    fn vim_notation() {
        assert_eq!(
            parse_notation("gg:18 March<Enter><C-d><lt>").unwrap(),
            [
                Key::char('g'),
                Key::char('g'),
                Key::char(':'),
                Key::char('1'),
                Key::char('8'),
                Key::char(' '),
                Key::char('M'),
                Key::char('a'),
                Key::char('r'),
                Key::char('c'),
                Key::char('h'),
                Key::plain(KeyCode::Enter),
                Key::ctrl('d'),
                Key::char('<'),
            ]
        );
        assert!(parse_notation("<nope>").is_err());
        assert_eq!(
            parse_notation("a<").unwrap(),
            [Key::char('a'), Key::char('<')]
        );
    }
}
