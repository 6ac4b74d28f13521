//! The live terminal: setting it up, the event loop, and restoring it on every way
//! out (quit, error, panic, SIGTERM, SIGHUP).

use crate::app::{App, Effect, Input, Mouse, MouseKind};
use crate::config::keys::{Key, KeyCode};
use crate::store::Store;
use crossterm::event::{self, Event, KeyEventKind, KeyModifiers, MouseEventKind};
use crossterm::execute;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

/// Why the reader cannot start in this terminal, if it cannot.
pub fn unsuitable_terminal() -> Option<String> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Some(
            "the reader needs a terminal on stdin and stdout; for scripts use `parallax render`, `at`, `dates` or `list`"
                .to_string(),
        );
    }
    if std::env::var("TERM").is_ok_and(|term| term == "dumb") {
        return Some(
            "TERM=dumb cannot show a full-screen reader; use `parallax render` to print a screen, or set TERM"
                .to_string(),
        );
    }
    None
}

/// Leaves the terminal as it was: mouse capture and bracketed paste off, raw mode
/// off, main screen back, cursor shown. The reader's screen is cleared first:
/// tmux carries the rows a window grew by on the alternate screen over to the
/// main one, and without the clear they would show the reader's last rows over
/// the user's shell. Safe to call more than once, and silent
/// when the terminal is gone: `ratatui::restore` reports failure with `eprintln!`,
/// which panics when stderr went with the terminal (a closed window), and a
/// panic here, in a drop, aborts before the place is saved.
fn restore() {
    let _ = execute!(
        std::io::stdout(),
        event::DisableMouseCapture,
        event::DisableBracketedPaste,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        crossterm::cursor::Show
    );
    let _ = ratatui::try_restore();
}

/// Restores the terminal when dropped, so an early return or an error cannot
/// leave it in raw mode.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore();
    }
}

/// Runs the reader until the user quits or a signal asks it to stop, then saves
/// the place and any unsaved notes. Returns warnings to print once the terminal is
/// restored (a save that failed).
pub fn run(
    app: &mut App,
    store: &Store,
    dating: Option<Receiver<Input>>,
) -> anyhow::Result<Vec<String>> {
    let result = event_loop(app, store, dating);
    // Saved on every way out but a panic: quit, SIGTERM, SIGHUP, an I/O error.
    let mut warnings = save_notes(app, store);
    if let Some(file) = store.state_file()
        && let Err(error) = crate::store::state::save(&file, &app.saved_state())
    {
        warnings.push(format!(
            "could not save the place in {}: {error}",
            file.display()
        ));
    }
    result.map(|()| warnings)
}

/// Carries out [`Effect::SaveNotes`]: merges this reader's changes into the notes
/// file and hands the merged list back to the app. Returns failures.
fn save_notes(app: &mut App, store: &Store) -> Vec<String> {
    let (Some(file), false) = (store.notes_file(), app.pending_notes().is_empty()) else {
        return Vec::new();
    };
    match crate::store::notes::save(&file, app.pending_notes(), crate::store::unix_seconds()) {
        Ok(saved) => {
            app.notes_saved(saved.notes, saved.warnings);
            Vec::new()
        }
        Err(error) => vec![format!(
            "could not save notes in {}: {error}",
            file.display()
        )],
    }
}

fn event_loop(app: &mut App, store: &Store, dating: Option<Receiver<Input>>) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // The hook that was there before ratatui's: ratatui's own restores with
    // `eprintln!`, which panics inside the hook (an abort) when the terminal is gone.
    let previous_hook = std::panic::take_hook();
    let mut terminal = ratatui::init();
    drop(std::panic::take_hook());
    std::panic::set_hook(Box::new(move |info| {
        // The dating thread reports its failure to the reader, which goes on:
        // the screen must stay, and stay clean.
        if std::thread::current().name() == Some(crate::cli::reader::DATING_THREAD) {
            return;
        }
        restore();
        previous_hook(info);
    }));
    let restore_guard = Restore;
    let _ = execute!(
        std::io::stdout(),
        event::EnableMouseCapture,
        event::EnableBracketedPaste
    );
    let result = match drive(&mut terminal, app, store, dating, &stop) {
        // A closed window: SIGHUP, and every read and write on the terminal fails.
        // That is the stop the signal asks for, not an error to report to a
        // terminal that is no longer there.
        Err(_) if stop.load(Ordering::Relaxed) => Ok(()),
        result => result,
    };
    drop(restore_guard);
    // ratatui's terminal shows a hidden cursor when dropped and reports failure
    // with `eprintln!`, which panics when the terminal, and stderr with it, is
    // gone; restore() has shown the cursor where it could.
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    result
}

/// Draws and applies input until the user quits or a signal asks to stop.
fn drive(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    store: &Store,
    mut dating: Option<Receiver<Input>>,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.handle(Input::Resize {
        width: size.width,
        height: size.height,
    });
    loop {
        terminal.draw(|frame| crate::ui::draw(frame, app))?;
        // Wait for input, waking up now and then to notice a signal, and more
        // often while the texts are being dated, to show how far it has gone.
        let input_ready = loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            if let Some(receiver) = &dating {
                let (arrived, finished) = apply_dating(app, receiver);
                if finished {
                    dating = None;
                }
                if arrived {
                    break false;
                }
            }
            let wait = if dating.is_some() { 50 } else { 200 };
            if event::poll(Duration::from_millis(wait))? {
                break true;
            }
        };
        if !input_ready {
            continue;
        }
        // Apply everything already queued before drawing again, so a resize storm
        // or a held key costs one frame, not one per event. The batch is bounded
        // and checks for signals, so a terminal that hangs up while input is still
        // "ready" cannot keep the reader spinning after SIGHUP.
        for _ in 0..MAX_EVENTS_PER_FRAME {
            if stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            if let Some(input) = convert(event::read()?) {
                match app.handle(input) {
                    Effect::Quit => return Ok(()),
                    Effect::SaveNotes => {
                        let failures = save_notes(app, store);
                        app.show_notices(failures);
                    }
                    Effect::None => {}
                }
            }
            if !event::poll(BATCH_WINDOW)? {
                break;
            }
        }
    }
}

/// Hands the app what the dating thread has sent. Returns whether anything
/// arrived, and whether dating is over (done, failed, or the thread gone).
fn apply_dating(app: &mut App, receiver: &Receiver<Input>) -> (bool, bool) {
    let mut arrived = false;
    loop {
        match receiver.try_recv() {
            Ok(input) => {
                let last = matches!(input, Input::Dated(_) | Input::DatingFailed(_));
                app.handle(input);
                arrived = true;
                if last {
                    return (true, true);
                }
            }
            Err(TryRecvError::Empty) => return (arrived, false),
            Err(TryRecvError::Disconnected) => {
                app.handle(Input::DatingFailed("the dating thread stopped".to_string()));
                return (true, true);
            }
        }
    }
}

/// Events applied between two frames at most.
const MAX_EVENTS_PER_FRAME: usize = 512;

/// How long a batch waits for the next event before drawing. Not zero: the input
/// source only looks at the terminal again when given time (a zero poll sees only
/// what it already read), and a storm of resizes arrives over a few milliseconds.
const BATCH_WINDOW: Duration = Duration::from_millis(2);

/// Converts a terminal event; `None` for events the reader ignores.
pub fn convert(event: Event) -> Option<Input> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            let alt = key.modifiers.contains(KeyModifiers::ALT);
            let code = match key.code {
                event::KeyCode::Char(c) => KeyCode::Char(c),
                event::KeyCode::Enter => KeyCode::Enter,
                event::KeyCode::Esc => KeyCode::Esc,
                event::KeyCode::Tab => KeyCode::Tab,
                event::KeyCode::BackTab => KeyCode::BackTab,
                event::KeyCode::Backspace => KeyCode::Backspace,
                event::KeyCode::Up => KeyCode::Up,
                event::KeyCode::Down => KeyCode::Down,
                event::KeyCode::Left => KeyCode::Left,
                event::KeyCode::Right => KeyCode::Right,
                event::KeyCode::Home => KeyCode::Home,
                event::KeyCode::End => KeyCode::End,
                event::KeyCode::PageUp => KeyCode::PageUp,
                event::KeyCode::PageDown => KeyCode::PageDown,
                event::KeyCode::Delete => KeyCode::Delete,
                event::KeyCode::F(n) => KeyCode::F(n),
                _ => return None,
            };
            Some(Input::Key(Key { code, ctrl, alt }))
        }
        Event::Mouse(mouse) => {
            let kind = match mouse.kind {
                MouseEventKind::ScrollDown => MouseKind::ScrollDown,
                MouseEventKind::ScrollUp => MouseKind::ScrollUp,
                MouseEventKind::Down(event::MouseButton::Left) => MouseKind::Click,
                _ => return None,
            };
            Some(Input::Mouse(Mouse {
                kind,
                column: mouse.column,
                row: mouse.row,
            }))
        }
        Event::Resize(width, height) => Some(Input::Resize { width, height }),
        Event::Paste(text) => Some(Input::Paste(text)),
        _ => None,
    }
}
