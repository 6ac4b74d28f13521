//! The real binary in a pseudo-terminal: keys in, screen out, and the terminal
//! left as it was found on every way out. Waits are for screen content, never a
//! fixed sleep.

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    /// The terminal's side: resizing it is what a window manager does.
    master: Box<dyn MasterPty + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checking the restore sequences.
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_sized(args, env, 30, 100)
    }

    fn start_sized(args: &[&str], env: &[(&str, &str)], rows: u16, cols: u16) -> Session {
        let state = tempfile::tempdir().unwrap();
        let session = Session::spawn(
            state.path(),
            env!("CARGO_BIN_EXE_parallax"),
            args,
            env,
            rows,
            cols,
        );
        // The folder lives as long as the test process.
        std::mem::forget(state);
        session
    }

    /// A reader whose XDG folders (config, state) are under `home`, so a second
    /// reader started in the same folder finds what the first one saved.
    fn start_in(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::spawn(home, env!("CARGO_BIN_EXE_parallax"), args, env, 30, 100)
    }

    fn spawn(
        home: &Path,
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        rows: u16,
        cols: u16,
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(program);
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
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
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
        Session {
            child,
            writer,
            master: pty.master,
            parser,
            raw,
        }
    }

    /// Resizes the terminal: the program gets SIGWINCH, and the emulator's screen
    /// takes the new size as a real terminal's would.
    fn resize(&self, rows: u16, cols: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser.lock().unwrap().screen_mut().set_size(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
        );
    }

    fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
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

    /// Waits for the first screen with the texts dated (the time model is built
    /// in the background; until then the status line shows its progress).
    fn wait_dated(&self) {
        self.wait_until(|screen| {
            screen.contains("18 Mar 1871") && !screen.contains("dating the texts")
        });
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
    // Dated first: the panes then follow the cursor to the passage marked.
    first.wait_dated();
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

/// The screen as rows of text, trailing spaces trimmed, as `parallax render` prints.
fn rows(session: &Session) -> Vec<String> {
    let parser = session.parser.lock().unwrap();
    let (_, cols) = parser.screen().size();
    parser
        .screen()
        .rows(0, cols.get())
        .map(|row| row.trim_end().to_string())
        .collect()
}

/// What `parallax render` draws at a size after keys: the reader's screen without a
/// terminal, to compare the live one with.
fn rendered(size: &str, keys: &str, documents: &[&str]) -> Vec<String> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["render", "--size", size, "--keys", keys])
        .args(documents)
        .env("XDG_CONFIG_HOME", "/nonexistent/parallax-tests")
        .env("XDG_STATE_HOME", "/nonexistent/parallax-tests")
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

const TWO: [&str; 2] = [
    "isl-the-first-workers-government",
    "revolution-and-counter-revolution-in-paris",
];

#[test]
fn a_resize_storm_leaves_a_reader_that_answers_and_draws_the_final_size() {
    let mut session = Session::start(&TWO, &[]);
    session.wait_for("18 Mar 1871");
    // Hundreds of resizes with no pause between them, through sizes too small to
    // draw anything; each one is a SIGWINCH the reader must absorb.
    for step in 0u16..400 {
        let rows = 1 + (step * 7) % 60;
        let cols = 1 + (step * 13) % 200;
        session.resize(rows, cols);
    }
    session.resize(33, 111);
    session.send(":1871-05-21\r");
    wait_for_screen(&session, &rendered("111x33", ":1871-05-21<Enter>", &TWO));
    session.send("q");
    assert!(session.wait_exit().success());
    session.assert_restored();
    assert!(!session.raw_text().contains("panicked"));
}

#[test]
fn tiny_terminals_draw_what_fits_and_quit_cleanly() {
    for (rows, cols) in [(1, 1), (2, 2), (3, 10)] {
        let mut session = Session::start_sized(&[], &[], rows, cols);
        // The first frame is the start of "parallax: terminal too small", cut to fit.
        session.wait_until(|screen| screen.starts_with('p'));
        // Keys still work at this size: scroll, help, the events list, a date.
        session.send("jG?\u{1b}e");
        session.send("\u{1b}");
        session.send(":1871-05-21\r");
        wait_for_screen(&session, &rendered(&format!("{cols}x{rows}"), "", &[]));
        session.send("Q");
        let status = session.wait_exit();
        assert!(status.success(), "{rows}x{cols}: {status:?}");
        session.assert_restored();
        assert!(!session.raw_text().contains("panicked"), "{rows}x{cols}");
    }
}

/// Waits until the screen shows exactly `expected`; fails showing both.
fn wait_for_screen(session: &Session, expected: &[String]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while rows(session) != expected && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(rows(session), expected);
}

#[test]
fn no_color_draws_without_a_single_colour() {
    let mut session = Session::start(&TWO, &[("NO_COLOR", "1")]);
    session.wait_dated();
    // Help and the events list, with their highlighted rows.
    session.send("?");
    session.wait_for("Keys");
    session.send("\u{1b}");
    session.wait_until(|screen| !screen.contains("Keys"));
    session.send("e");
    session.wait_for("Events");
    {
        let parser = session.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        for row in 0..rows.get() {
            for col in 0..cols.get() {
                let cell = screen.cell(row, col).unwrap();
                assert_eq!(cell.fgcolor(), vt100::Color::Default, "({row}, {col})");
                assert_eq!(cell.bgcolor(), vt100::Color::Default, "({row}, {col})");
            }
        }
    }
    session.send("\u{1b}");
    session.wait_until(|screen| !screen.contains("Events"));
    session.send("q");
    assert!(session.wait_exit().success());
    session.assert_restored();
    // Nothing in the stream sets a colour either (SGR 30–38, 40–48, 90–97, 100–107).
    for parameters in sgr_parameters(&session.raw_text()) {
        for code in parameters
            .split([';', ':'])
            .filter_map(|p| p.parse::<u16>().ok())
        {
            assert!(
                !matches!(code, 30..=38 | 40..=48 | 90..=97 | 100..=107),
                "colour code {code} in \\e[{parameters}m"
            );
        }
    }
}

/// The parameters of every SGR sequence (`ESC [ … m`) in a stream.
fn sgr_parameters(stream: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = stream;
    while let Some(start) = rest.find("\u{1b}[") {
        rest = &rest[start + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(rest.len());
        if rest[end..].starts_with('m') {
            found.push(rest[..end].to_string());
        }
        rest = &rest[end..];
    }
    found
}

#[test]
fn term_dumb_is_refused_with_a_message_and_the_terminal_left_alone() {
    let mut session = Session::start(&[], &[("TERM", "dumb")]);
    let status = session.wait_exit();
    assert!(!status.success());
    let raw = session.raw_text();
    assert!(
        raw.contains("TERM=dumb cannot show a full-screen reader"),
        "{raw:?}"
    );
    // Not one escape sequence: a dumb terminal would print them as garbage.
    assert!(!raw.contains('\u{1b}'), "{raw:?}");
}

#[test]
fn keys_alone_do_what_the_mouse_does() {
    // A terminal without mouse support ignores the request for mouse reports and
    // never sends one: clicking a pane and the wheel have key equivalents.
    let mut session = Session::start(&TWO, &[("TERM", "vt100")]);
    session.wait_dated();
    let before = rows(&session);
    // Tab focuses the right pane (a click would); s unsyncs it, so the scrolling
    // that follows moves it alone (the wheel would).
    session.send("\ts");
    session.wait_for("sync off");
    session.send("jjjjjjjjjj");
    session.wait_until(|_| {
        let now = rows(&session);
        now[2..8] != before[2..8]
    });
    let after = rows(&session);
    let right = |row: &str| row.split_once('│').map(|(_, r)| r.to_string());
    let left = |row: &str| row.split_once('│').map(|(l, _)| l.to_string());
    assert!(after[0].contains("sync off") && right(&after[0]).unwrap().contains("sync off"));
    for row in 2..8 {
        assert_eq!(left(&after[row]), left(&before[row]), "row {row}");
    }
    assert_ne!(
        (2..8).map(|r| right(&after[r])).collect::<Vec<_>>(),
        (2..8).map(|r| right(&before[r])).collect::<Vec<_>>()
    );
    session.send("q");
    assert!(session.wait_exit().success());
    session.assert_restored();
}

#[test]
fn without_a_terminal_on_stdin_the_reader_says_so_and_touches_nothing() {
    // In a terminal, with standard input from /dev/null or closed.
    for redirect in ["< /dev/null", "<&-"] {
        let home = tempfile::tempdir().unwrap();
        let script = format!("exec \"$0\" {redirect}");
        let mut session = Session::spawn(
            home.path(),
            "sh",
            &["-c", &script, env!("CARGO_BIN_EXE_parallax")],
            &[],
            30,
            100,
        );
        let status = session.wait_exit();
        assert!(!status.success(), "{redirect}");
        let raw = session.raw_text();
        assert!(
            raw.contains("the reader needs a terminal"),
            "{redirect}: {raw:?}"
        );
        assert!(!raw.contains('\u{1b}'), "{redirect}: {raw:?}");
    }
    // Not in a terminal at all, as in a script or a pipe.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .stdin(std::process::Stdio::null())
        .env("XDG_CONFIG_HOME", "/nonexistent/parallax-tests")
        .env("XDG_STATE_HOME", "/nonexistent/parallax-tests")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("parallax: the reader needs a terminal"),
        "{stderr}"
    );
}

/// A tmux server of this test's own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let output = std::process::Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "reader"])
    }

    fn format(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "reader", format])
            .trim()
            .to_string()
    }

    fn wait_until(&self, what: &str, done: impl Fn(&Tmux) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if done(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{what} never happened in tmux; screen:\n{}", self.screen());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// Whether tmux is on this machine; says so when it is not.
fn tmux_installed() -> bool {
    let installed = std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok();
    if !installed {
        eprintln!("note: tmux is not installed; the reader inside tmux was not tested");
    }
    installed
}

/// The reader on the two documents in a tmux window of its own server, after a
/// shell line saying `before`. After the reader, a shell line reports its exit
/// status and the pane stays alive, so its modes are what the reader left behind
/// (tmux resets a dead pane's).
fn reader_in_tmux(home: &Path, before: &str, width: u16, height: u16) -> Tmux {
    let tmux = Tmux {
        socket: format!("parallax-test-{}-{}x{height}", std::process::id(), width),
    };
    let state = format!("XDG_STATE_HOME={}", home.join("state").display());
    let config = format!("XDG_CONFIG_HOME={}", home.join("config").display());
    let command = format!(
        "echo '{before}'; '{}' {} {}; echo \"parallax exited with $?\"; exec sleep 600",
        env!("CARGO_BIN_EXE_parallax"),
        TWO[0],
        TWO[1]
    );
    let (width, height) = (width.to_string(), height.to_string());
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "reader",
        "-x",
        &width,
        "-y",
        &height,
        "-e",
        &state,
        "-e",
        &config,
        &command,
    ]);
    tmux.wait_until("the first screen", |t| t.screen().contains("18 Mar 1871"));
    tmux
}

#[test]
fn inside_tmux_the_reader_draws_answers_and_restores_the_pane() {
    if !tmux_installed() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = reader_in_tmux(home.path(), "", 120, 40);
    assert_eq!(tmux.format("#{alternate_on}"), "1");
    assert_eq!(tmux.format("#{mouse_any_flag}"), "1");
    tmux.run(&["send-keys", "-t", "reader", ":1871-05-21", "Enter"]);
    let expected = rendered("120x40", ":1871-05-21<Enter>", &TWO).join("\n");
    tmux.wait_until("the screen of 21 May", |t| {
        t.screen().trim_end() == expected.trim_end()
    });
    tmux.run(&["send-keys", "-t", "reader", "q"]);
    tmux.wait_until("the exit", |t| t.screen().contains("parallax exited with"));
    assert!(
        tmux.screen().contains("parallax exited with 0"),
        "{}",
        tmux.screen()
    );
    // The pane is as the reader found it: main screen, cursor shown, no mouse
    // reports of any kind.
    assert_eq!(tmux.format("#{alternate_on}"), "0");
    assert_eq!(tmux.format("#{cursor_flag}"), "1");
    for mode in [
        "mouse_any_flag",
        "mouse_standard_flag",
        "mouse_button_flag",
        "mouse_sgr_flag",
        "mouse_utf8_flag",
    ] {
        assert_eq!(tmux.format(&format!("#{{{mode}}}")), "0", "{mode}");
    }
}

/// tmux keeps the rows a window grew by, while the reader was on the alternate
/// screen, when it switches back to the main one: unless the reader clears its
/// screen on the way out, its last rows stay on the user's shell.
#[test]
fn a_window_grown_while_reading_is_left_with_nothing_of_the_reader() {
    if !tmux_installed() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmux = reader_in_tmux(home.path(), "the shell before", 100, 30);
    tmux.run(&["resize-window", "-t", "reader", "-x", "130", "-y", "36"]);
    // Redrawn at the new size: the status line is on the last row.
    tmux.wait_until("the redraw at 130x36", |t| {
        let screen = t.screen();
        let lines: Vec<&str> = screen.lines().collect();
        lines.len() == 36 && lines[35].contains("18 Mar 1871")
    });
    tmux.run(&["send-keys", "-t", "reader", "q"]);
    tmux.wait_until("the exit", |t| t.screen().contains("parallax exited with"));
    let screen = tmux.screen();
    let shell: Vec<&str> = screen
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert_eq!(
        shell,
        ["the shell before", "parallax exited with 0"],
        "{screen}"
    );
}

#[test]
fn inside_gnu_screen_the_reader_draws_answers_and_exits_cleanly() {
    if std::process::Command::new("screen")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("note: GNU screen is not installed; the reader inside screen was not tested");
        return;
    }
    // screen runs in the test's own pseudo-terminal and the reader inside it,
    // so what is checked is what screen draws for the reader on a real terminal.
    let home = tempfile::tempdir().unwrap();
    let session_name = format!("parallax-test-{}", std::process::id());
    let command = format!(
        "'{}' {} {}; echo \"parallax exited with $?\"; exec sleep 600",
        env!("CARGO_BIN_EXE_parallax"),
        TWO[0],
        TWO[1]
    );
    let mut session = Session::spawn(
        home.path(),
        "screen",
        &["-U", "-S", &session_name, "sh", "-c", &command],
        &[("SCREENRC", "/dev/null")],
        30,
        100,
    );
    struct Quit(String);
    impl Drop for Quit {
        fn drop(&mut self) {
            let _ = std::process::Command::new("screen")
                .args(["-S", &self.0, "-X", "quit"])
                .output();
        }
    }
    let _quit = Quit(session_name);
    session.wait_for("18 Mar 1871");
    session.send(":1871-05-21\r");
    wait_for_screen(&session, &rendered("100x30", ":1871-05-21<Enter>", &TWO));
    session.send("q");
    session.wait_for("parallax exited with 0");
}

#[test]
fn a_closed_terminal_window_still_saves_the_place() {
    // Closing the window closes the terminal's side of the pseudo-terminal: the
    // reader gets SIGHUP, and every write to the terminal (or to stderr) fails.
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_parallax"));
    command.args(["--at", "1871-05-21"]);
    command.env("TERM", "xterm-256color");
    command.env("XDG_STATE_HOME", home.path().join("state"));
    command.env("XDG_CONFIG_HOME", home.path().join("config"));
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    // Read until the reader has drawn its status line, then close every handle on
    // the terminal's side.
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut output = Vec::new();
    let mut buffer = [0u8; 8192];
    while !String::from_utf8_lossy(&output).contains(" READ ") {
        let n = reader.read(&mut buffer).unwrap();
        assert!(n > 0, "the reader never drew its screen");
        output.extend_from_slice(&buffer[..n]);
    }
    drop(reader);
    drop(pty.master);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the reader outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    // A clean exit, not an abort from a failed write to a gone stderr.
    assert!(status.success(), "{status:?}");
    let state = std::fs::read_to_string(home.path().join("state/parallax/state.toml"))
        .expect("the place is saved");
    assert!(state.contains("cursor = \"1871-05-21\""), "{state}");
}
