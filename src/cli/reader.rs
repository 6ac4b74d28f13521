//! Starting the reader, live or rendered to text by `parallax render`: both build
//! the same [`App`] from the same arguments.

use super::{Library, OpenArgs};
use crate::app::{App, Dated, Input, Settings};
use crate::config::file::Config;
use crate::config::keys::parse_notation;
use crate::config::theme::Theme;
use crate::ingest;
use crate::model::Corpus;
use crate::store::Store;
use crate::time::chronology::Chronology;
use crate::time::date::parse_user_date;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
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

/// Builds the reader from the command line and the configuration, with the
/// texts dated before it opens. Documents named on the command line win over the
/// configured layout.
pub fn build_app(
    library: Library,
    open: &OpenArgs,
    config: &Config,
    size: Rect,
) -> anyhow::Result<App> {
    let start = prepare(library, open, config)?;
    let mut app = App::new(start.corpus, &start.docs, start.settings, size);
    app.show_notices(start.notices);
    Ok(app)
}

/// The live reader: it opens at once on the texts and dates them in a
/// background thread, whose progress and result arrive on the receiver.
pub fn build_live_app(
    library: Library,
    open: &OpenArgs,
    config: &Config,
    size: Rect,
) -> anyhow::Result<(App, Receiver<Input>)> {
    let start = prepare(library, open, config)?;
    let corpus = Arc::new(start.corpus);
    let dating = date_in_background(Arc::clone(&corpus), start.settings.catalog.clone())?;
    let mut app = App::new_dating(corpus, &start.docs, start.settings, size);
    app.show_notices(start.notices);
    Ok((app, dating))
}

/// The name of the thread that dates the texts, so that a panic there is told
/// apart from one in the reader (see `terminal.rs`).
pub const DATING_THREAD: &str = "dating";

/// Builds the time model on its own thread. Progress is sent at most once per
/// percent, so a large corpus does not flood the reader with redraws.
fn date_in_background(
    corpus: Arc<Corpus>,
    catalog: crate::time::events::EventCatalog,
) -> anyhow::Result<Receiver<Input>> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name(DATING_THREAD.to_string())
        .spawn(move || {
            let mut last_percent = usize::MAX;
            let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                Chronology::build_with_progress(&corpus, catalog, &mut |progress| {
                    if progress.percent() != last_percent {
                        last_percent = progress.percent();
                        // The reader may have quit: nobody is left to tell.
                        let _ = sender.send(Input::Dating(progress));
                    }
                })
            }));
            let _ = sender.send(match built {
                Ok(chronology) => Input::Dated(Dated(Arc::new(chronology))),
                Err(payload) => Input::DatingFailed(panic_message(payload.as_ref())),
            });
        })?;
    Ok(receiver)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an internal error".to_string())
}

/// What the reader starts with, read from the arguments and the configuration.
struct Start {
    corpus: Corpus,
    docs: Vec<usize>,
    settings: Settings,
    notices: Vec<String>,
}

fn prepare(mut library: Library, open: &OpenArgs, config: &Config) -> anyhow::Result<Start> {
    let mut docs = resolve_documents(&mut library, open)?;
    let mut notices: Vec<String> = library.errors.iter().map(ToString::to_string).collect();
    notices.extend(super::library::user_text_problems(&library.corpus));
    if docs.is_empty() {
        for id in &config.layout {
            match library.corpus.index_of(id) {
                Some(index) => docs.push(index),
                None => notices.push(format!(
                    "config: layout: no document {:?} (see `parallax list`)",
                    crate::sanitize::clean_line(id)
                )),
            }
        }
    }
    // Every field is given: `Settings::default()` would parse the built-in
    // keymap and catalog only for them to be replaced here.
    let mut settings = Settings {
        keymap: config.keymap.clone(),
        themes: Vec::new(),
        theme: 0,
        max_text_width: config.wrap_width,
        catalog: std::mem::take(&mut library.catalog),
        cursor: None,
        sync: config.sync,
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
    let theme = open.theme.as_deref().or(config.theme.as_deref());
    let (themes, theme_problems) = load_themes(theme);
    notices.extend(theme_problems);
    settings.themes = themes;
    let wanted = match theme {
        Some(name) => theme_name(name),
        None if no_color => "mono".to_string(),
        None => "dark".to_string(),
    };
    settings.theme = settings
        .themes
        .iter()
        .position(|t| t.name == wanted)
        .unwrap_or(0);
    Ok(Start {
        corpus: library.corpus,
        docs,
        settings,
        notices,
    })
}

/// The live reader's memory: the place saved when it last quit (unless `--fresh`,
/// or documents or a date were named), and the bookmarks and notes. Returns
/// warnings for the notices popup; nothing here stops the reader.
pub fn restore_session(app: &mut App, store: &Store, open: &OpenArgs, fresh: bool) -> Vec<String> {
    let mut notices = Vec::new();
    let named = !open.documents.is_empty() || open.at.is_some();
    if !fresh
        && !named
        && let Some(file) = store.state_file()
    {
        let (state, warnings) = crate::store::state::load(&file);
        notices.extend(warnings);
        if let Some(state) = state {
            notices.extend(app.restore(&state));
        }
    }
    if let Some(file) = store.notes_file() {
        let (notes, warnings) = crate::store::notes::load(&file);
        notices.extend(warnings);
        app.set_notes(notes);
    }
    app.set_note_id_prefix(crate::store::notes::id_prefix(
        crate::store::unix_seconds(),
        std::process::id(),
    ));
    notices
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

/// Renders the screen after a key sequence, as plain text lines, with a
/// configuration (keys, theme, layout, wrap width) but never the saved place or
/// notes: the same arguments always draw the same screen.
pub fn render_with_config(
    library: Library,
    open: &OpenArgs,
    config: &Config,
    width: u16,
    height: u16,
    keys: &str,
) -> anyhow::Result<String> {
    Ok(buffer_text(&render_buffer_with_config(
        library, open, config, width, height, keys,
    )?))
}

/// [`render_with_config`] on the default configuration.
pub fn render(
    library: Library,
    open: &OpenArgs,
    width: u16,
    height: u16,
    keys: &str,
) -> anyhow::Result<String> {
    render_with_config(library, open, &Config::default(), width, height, keys)
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
    render_buffer_with_config(library, open, &Config::default(), width, height, keys)
}

/// Renders an app after keys; the app may come with notes (tests of bookmarks).
pub fn render_buffer_with_config(
    library: Library,
    open: &OpenArgs,
    config: &Config,
    width: u16,
    height: u16,
    keys: &str,
) -> anyhow::Result<Buffer> {
    let app = build_app(library, open, config, Rect::new(0, 0, width, height))?;
    render_app(app, width, height, keys)
}

/// Presses keys in an app and draws it.
pub fn render_app(mut app: App, width: u16, height: u16, keys: &str) -> anyhow::Result<Buffer> {
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
