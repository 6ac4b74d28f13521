//! Starting the reader, live or rendered to text by `parallax render`: both build
//! the same [`App`] from the same arguments.

use super::{Library, OpenArgs};
use crate::app::{App, Input, Settings};
use crate::config::keys::parse_notation;
use crate::config::theme::Theme;
use crate::ingest;
use crate::time::date::parse_user_date;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Resolves what to open: ids of loaded documents, or files (added to the corpus).
fn resolve_documents(library: &mut Library, open: &OpenArgs) -> anyhow::Result<Vec<usize>> {
    let mut docs = Vec::new();
    for name in &open.documents {
        if let Some(index) = library.corpus.index_of(name) {
            docs.push(index);
            continue;
        }
        let path = std::path::Path::new(name);
        if !path.exists() {
            let known: Vec<&str> = library.corpus.documents().iter().map(|d| d.id()).collect();
            anyhow::bail!(
                "{}: neither a document id nor a file (documents: {})",
                crate::sanitize::clean_line(name),
                known.join(", ")
            );
        }
        let document = ingest::load_any(path)?;
        let id = document.id().to_string();
        library.corpus.insert(document);
        docs.push(library.corpus.index_of(&id).unwrap_or(0));
    }
    Ok(docs)
}

pub fn build_app(mut library: Library, open: &OpenArgs, size: Rect) -> anyhow::Result<App> {
    let docs = resolve_documents(&mut library, open)?;
    let mut notices: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
    let mut settings = Settings {
        catalog: library.catalog.clone(),
        ..Settings::default()
    };
    if let Some(date) = &open.at {
        let span = parse_user_date(date).ok_or_else(|| {
            anyhow::anyhow!(
                "--at {:?}: not a date I can read (try 1871-03-18, \"18 March 1871\" or \"march 1871\")",
                crate::sanitize::clean_line(date)
            )
        })?;
        settings.cursor = Some(span.first);
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (themes, theme_problems) = load_themes(open.theme.as_deref());
    notices.extend(theme_problems);
    settings.themes = themes;
    let wanted = match open.theme.as_deref() {
        Some(name) => theme_name(name),
        None if no_color => "mono".to_string(),
        None => "dark".to_string(),
    };
    settings.theme = settings
        .themes
        .iter()
        .position(|t| t.name == wanted)
        .unwrap_or(0);
    let mut app = App::new(library.corpus, &docs, settings, size);
    app.show_notices(notices);
    Ok(app)
}

/// The built-in themes, plus a theme file named with `--theme PATH`. A broken file
/// is reported (file, line, key) and left out, so the reader starts on the default.
fn load_themes(requested: Option<&str>) -> (Vec<Theme>, Vec<String>) {
    let mut themes: Vec<Theme> = crate::config::theme::BUILTIN
        .iter()
        .filter_map(|(name, _)| Theme::builtin(name))
        .collect();
    let mut problems = Vec::new();
    if let Some(requested) = requested {
        let path = std::path::Path::new(requested);
        if path.extension().is_some_and(|ext| ext == "toml") {
            match std::fs::read_to_string(path) {
                Ok(text) => match Theme::from_toml(&text, requested, &theme_name(requested)) {
                    Ok(theme) => {
                        themes.retain(|t| t.name != theme.name);
                        themes.push(theme);
                    }
                    Err(error) => problems.push(format!("{error}; using the default theme")),
                },
                Err(error) => problems.push(format!(
                    "{}: {error}; using the default theme",
                    crate::sanitize::clean_line(requested)
                )),
            }
        } else if !themes.iter().any(|t| t.name == requested) {
            let names: Vec<&str> = themes.iter().map(|t| t.name.as_str()).collect();
            problems.push(format!(
                "no theme {:?} (built in: {}); using the default theme",
                crate::sanitize::clean_line(requested),
                names.join(", ")
            ));
        }
    }
    (themes, problems)
}

/// A theme's name: the name itself, or for a theme file the `name` it gives (its
/// file stem when it gives none).
fn theme_name(requested: &str) -> String {
    let path = std::path::Path::new(requested);
    if path.extension().is_none_or(|ext| ext != "toml") {
        return requested.to_string();
    }
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| toml::from_str::<toml::Table>(&text).ok())
        .and_then(|table| {
            table
                .get("name")
                .and_then(|n| n.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// Renders the screen after a key sequence, as plain text lines.
pub fn render(
    library: Library,
    open: &OpenArgs,
    width: u16,
    height: u16,
    keys: &str,
) -> anyhow::Result<String> {
    Ok(buffer_text(&render_buffer(
        library, open, width, height, keys,
    )?))
}

/// The screen after a key sequence, with its styles: the live reader's code path
/// on a test backend.
pub fn render_buffer(
    library: Library,
    open: &OpenArgs,
    width: u16,
    height: u16,
    keys: &str,
) -> anyhow::Result<Buffer> {
    let mut app = build_app(library, open, Rect::new(0, 0, width, height))?;
    let keys = parse_notation(keys).map_err(|e| anyhow::anyhow!("--keys: {e}"))?;
    for key in keys {
        if app.handle(Input::Key(key)) == crate::app::Effect::Quit {
            break;
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(width, height))?;
    terminal.draw(|frame| crate::ui::draw(frame, &app))?;
    Ok(terminal.backend().buffer().clone())
}

/// The characters of a buffer, row by row, trailing spaces trimmed.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut row = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            row.push_str(symbol);
            skip = symbol.width().saturating_sub(1);
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

/// `--size 120x40`.
pub fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let (width, height) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("size {text:?} should look like 120x40"))?;
    let parse = |part: &str| part.trim().parse::<u16>().ok().filter(|&n| n >= 1);
    match (parse(width), parse(height)) {
        (Some(width), Some(height)) => Ok((width, height)),
        _ => Err(format!(
            "size {text:?}: width and height must be numbers from 1 to 65535"
        )),
    }
}
