//! Starting the reader, live or rendered to text by `parallax render`: both build
//! the same [`App`] from the same arguments.

use super::{Library, OpenArgs};
use crate::app::{App, Input, Settings};
use crate::config::keys::parse_notation;
use crate::ingest;
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
    if docs.is_empty() {
        docs = default_documents(library);
    }
    Ok(docs)
}

/// With no arguments: the two documents with the most passages.
fn default_documents(library: &Library) -> Vec<usize> {
    let mut ranked: Vec<(usize, usize)> = library
        .corpus
        .documents()
        .iter()
        .enumerate()
        .map(|(index, document)| (index, document.blocks.len()))
        .collect();
    ranked.sort_by_key(|&(index, count)| (std::cmp::Reverse(count), index));
    let mut chosen: Vec<usize> = ranked.into_iter().take(2).map(|(index, _)| index).collect();
    chosen.sort_unstable();
    chosen
}

pub fn build_app(mut library: Library, open: &OpenArgs, size: Rect) -> anyhow::Result<App> {
    let docs = resolve_documents(&mut library, open)?;
    let notices: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
    let mut settings = Settings::default();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    settings.themes = crate::config::theme::BUILTIN
        .iter()
        .filter_map(|(name, _)| crate::config::theme::Theme::builtin(name))
        .collect();
    let default_name = if no_color { "mono" } else { "dark" };
    settings.theme = settings
        .themes
        .iter()
        .position(|t| t.name == default_name)
        .unwrap_or(0);
    let mut app = App::new(library.corpus, &docs, settings, size);
    app.show_notices(notices);
    Ok(app)
}

/// Renders the screen after a key sequence, as plain text lines.
pub fn render(
    library: Library,
    open: &OpenArgs,
    width: u16,
    height: u16,
    keys: &str,
) -> anyhow::Result<String> {
    let mut app = build_app(library, open, Rect::new(0, 0, width, height))?;
    let keys = parse_notation(keys).map_err(|e| anyhow::anyhow!("--keys: {e}"))?;
    for key in keys {
        if app.handle(Input::Key(key)) == crate::app::Effect::Quit {
            break;
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(width, height))?;
    terminal.draw(|frame| crate::ui::draw(frame, &app))?;
    Ok(buffer_text(terminal.backend().buffer()))
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
