//! The real binary in a pseudo-terminal: keys in, screen out, and the terminal
//! left as it was found on every way out. Waits are for screen content, never a
//! fixed sleep.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checking the restore sequences.
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        let state = tempfile::tempdir().unwrap();
        let session = Session::start_in(state.path(), args, env);
        // The folder lives as long as the test process.
        std::mem::forget(state);
        session
    }

    /// A reader whose XDG folders (config, state) are under `home`, so a second
    /// reader started in the same folder finds what the first one saved.
    fn start_in(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_parallax"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("XDG_STATE_HOME", home.join("state"));
        command.env("XDG_CONFIG_HOME", home.join("config"));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).expect("the binary starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(30).unwrap(),
            std::num::NonZeroU16::new(100).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (parser_in, raw_in) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                parser_in.lock().unwrap().process(&buffer[..n]);
                raw_in.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        // Keep the master alive as long as the session.
        std::mem::forget(pty.master);
        Session {
            child,
            writer,
            parser,
            raw,
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.screen().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{needle:?} never appeared; screen:\n{}", self.screen());
    }

    fn wait_until(&self, done: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if done(&self.screen()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen never changed as expected:\n{}", self.screen());
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the reader did not exit; screen:\n{}", self.screen());
    }

    /// The terminal is back to normal: main screen, cursor shown, mouse and
    /// bracketed paste off.
    fn assert_restored(&self) {
        let raw = String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned();
        let parser = self.parser.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!parser.screen().hide_cursor(), "cursor still hidden");
        assert_eq!(
            parser.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture left on"
        );
        assert!(
            raw.contains("\u{1b}[?1049l"),
            "never left the alternate screen"
        );
    }
}

#[test]
fn read_move_the_cursor_open_a_footnote_and_quit() {
    let mut session = Session::start(
        &[
            "isl-the-first-workers-government",
            "revolution-and-counter-revolution-in-paris",
        ],
        &[],
    );
    session.wait_for("18 Mar 1871");
    session.send(":1871-05-21\r");
    session.wait_for("21 May 1871");
    session.send("gg");
    session.wait_for("The First Workers");
    session.send("f");
    session.wait_for("Footnote [1]");
    // A lone ESC followed at once by "q" would read as Alt-q, as in any terminal:
    // wait for the popup to close before quitting.
    session.send("\u{1b}");
    session.wait_until(|screen| !screen.contains("Footnote [1]"));
    session.send("q");
    let status = session.wait_exit();
    assert!(status.success(), "{status:?}");
    session.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    for signal in ["-TERM", "-HUP"] {
        let mut session = Session::start(&[], &[]);
        session.wait_for("18 Mar 1871");
        // Keys still queued when the signal comes must not keep the reader busy.
        session.send("jjjjjjjjjjjjjjjjjjjjkkkkkkkkkkkkkkkk");
        let pid = session.child.process_id().expect("a pid") as i32;
        // kill(1) sends the signal as a user or a closing terminal would.
        let killed = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        session.wait_exit();
        session.assert_restored();
    }
}

#[test]
fn the_place_and_bookmarks_are_saved_on_quit_and_restored_on_start() {
    let home = tempfile::tempdir().unwrap();
    let mut first = Session::start_in(home.path(), &[], &[]);
    first.wait_for("18 Mar 1871");
    first.send(":1871-05-21\r");
    first.wait_for("21 May 1871");
    // A bookmark with a note, on the passage under the focus.
    first.send("m");
    first.wait_for("bookmark note");
    first.send("barricades\r");
    // The bookmarked passage is marked in the gutter.
    first.wait_for("• ");
    first.send("q");
    assert!(first.wait_exit().success());
    first.assert_restored();
    let state_dir = home.path().join("state/parallax");
    let state = std::fs::read_to_string(state_dir.join("state.toml")).unwrap();
    assert!(state.contains("cursor = \"1871-05-21\""), "{state}");
    let notes = std::fs::read_to_string(state_dir.join("notes.toml")).unwrap();
    assert!(notes.contains("text = \"barricades\""), "{notes}");

    // The next start is where the last one left off, with the bookmark listed.
    let mut second = Session::start_in(home.path(), &[], &[]);
    second.wait_for("21 May 1871");
    second.send("'");
    second.wait_for("Bookmarks and notes");
    second.wait_for("barricades");
    second.send("\u{1b}");
    second.wait_until(|screen| !screen.contains("Bookmarks and notes"));
    second.send("q");
    assert!(second.wait_exit().success());

    // --fresh starts on the default place, and keeps the bookmarks.
    let mut fresh = Session::start_in(home.path(), &["--fresh"], &[]);
    fresh.wait_for("18 Mar 1871");
    fresh.send("'");
    fresh.wait_for("barricades");
    fresh.send("Q");
    assert!(fresh.wait_exit().success());
}

#[test]
fn a_corrupt_state_file_is_moved_aside_and_the_reader_starts() {
    let home = tempfile::tempdir().unwrap();
    let state_dir = home.path().join("state/parallax");
    std::fs::create_dir_all(&state_dir).unwrap();
    std::fs::write(state_dir.join("state.toml"), "cursor = [[[\u{0}garbage").unwrap();
    let mut session = Session::start_in(home.path(), &[], &[]);
    session.wait_for("Problems found while loading");
    session.wait_for("moved aside");
    session.wait_for("18 Mar 1871");
    session.send("\u{1b}");
    session.wait_until(|screen| !screen.contains("Problems found"));
    session.send("q");
    assert!(session.wait_exit().success());
    let names: Vec<String> = std::fs::read_dir(&state_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("state.toml.corrupt-")),
        "{names:?}"
    );
    // A good state file was written on quit beside the one moved aside.
    let state = std::fs::read_to_string(state_dir.join("state.toml")).unwrap();
    assert!(state.contains("cursor = \"1871-03-18\""), "{state}");
}
