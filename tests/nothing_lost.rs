//! Nothing lost: the real binary is killed (SIGKILL, no chance to clean up) at
//! many points while it saves notes, bookmarks and the reader's place, and after
//! every kill the file is the previous version or the new one, whole and parseable,
//! never a torn mix, never missing, never moved aside as corrupt.
//!
//! Kill points come from a seeded generator spread over the measured length of an
//! uninterrupted run, so a failure replays with the same seed; no assertion depends
//! on where a kill lands, only on what the file holds afterwards.

use parallax::store::notes::{Note, NoteKind, parse};
use parallax::store::state::SavedState;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A small deterministic generator (SplitMix64): no dependency, same kill points on
/// every machine for a given seed.
struct Kills(u64);

impl Kills {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A point in a run that takes `whole`, from `from` (a share of it: a start-up
    /// that holds nothing to lose can be skipped) to a little past the end, so some
    /// kills come after the process finished.
    fn point(&mut self, whole: Duration, from: f64) -> Duration {
        let span = 1.1 - from;
        whole.mul_f64(from + span * self.below(1000) as f64 / 1000.0)
    }
}

fn state_dir(home: &Path) -> PathBuf {
    home.join("state/parallax")
}

fn parallax(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command
        .args(args)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Names in the state folder that start with `prefix`.
fn files_starting(home: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(state_dir(home))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect()
}

/// A notes file big enough that reading, merging and writing it take a while, so
/// many kill points fall inside a save rather than before it.
fn seed_notes(home: &Path, count: usize) {
    let library = parallax::cli::Library::load(&[], &mut std::io::sink()).unwrap();
    let document = library
        .corpus
        .get("isl-the-first-workers-government")
        .unwrap();
    let notes: Vec<Note> = (0..count)
        .map(|n| {
            let mut note = Note::new(
                format!("seed-{n}"),
                NoteKind::Highlight,
                document,
                n % document.blocks.len(),
                &format!("seeded note {n}: compare with the other accounts of that day"),
            );
            note.created = "2026-01-01T00:00:00Z".into();
            note
        })
        .collect();
    #[derive(serde::Serialize)]
    struct File<'a> {
        note: &'a [Note],
    }
    std::fs::create_dir_all(state_dir(home)).unwrap();
    let text = toml::to_string(&File { note: &notes }).unwrap();
    std::fs::write(state_dir(home).join("notes.toml"), text).unwrap();
}

#[derive(Debug)]
enum Change {
    Add { text: String },
    Bookmark { text: String },
    Delete { id: String },
}

#[derive(Debug, Default)]
struct Outcomes {
    previous: usize,
    new: usize,
    /// Kills that left a temporary behind: proof that they landed mid-write.
    mid_write: usize,
}

const NOTE_KILLS: usize = 200;

#[test]
fn notes_and_bookmarks_survive_a_kill_at_any_point_of_a_save() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    seed_notes(home, 300);
    let file = state_dir(home).join("notes.toml");
    let passage = "trotsky-lessons-of-the-commune:3";
    // An uninterrupted save, to know how long one takes from start to exit; timed
    // again now and then, as the machine's load changes.
    let timed_save = || {
        let started = Instant::now();
        let status = parallax(home, &["notes", "add", passage, "timing"])
            .status()
            .unwrap();
        assert!(status.success());
        started.elapsed()
    };

    let mut kills = Kills(0x5eed_0007);
    let mut outcomes = Outcomes::default();
    let mut whole = timed_save();
    for iteration in 0..NOTE_KILLS {
        if iteration % 50 == 49 {
            whole = timed_save();
        }
        let before_bytes = std::fs::read(&file).unwrap();
        let before = parse(std::str::from_utf8(&before_bytes).unwrap()).unwrap();
        let change = match kills.below(10) {
            0..=5 => Change::Add {
                text: format!("note {iteration}"),
            },
            6..=7 => Change::Bookmark {
                text: format!("bookmark {iteration}"),
            },
            _ => Change::Delete {
                id: before[kills.below(before.len() as u64) as usize].id.clone(),
            },
        };
        let args: Vec<&str> = match &change {
            Change::Add { text } => vec!["notes", "add", passage, text],
            Change::Bookmark { text } => vec!["notes", "bookmark", passage, text],
            Change::Delete { id } => vec!["notes", "delete", id],
        };
        // The first third is start-up and loading the texts.
        let delay = kills.point(whole, 0.3);
        let mut child = parallax(home, &args).spawn().unwrap();
        std::thread::sleep(delay);
        // SIGKILL: the process gets no chance to finish or tidy up.
        let _ = child.kill();
        child.wait().unwrap();

        let context = format!("iteration {iteration}, {change:?}, killed after {delay:?}");
        let after_bytes = std::fs::read(&file)
            .unwrap_or_else(|e| panic!("{context}: the notes file is gone: {e}"));
        assert!(
            files_starting(home, "notes.toml.corrupt").is_empty(),
            "{context}: a torn file was moved aside"
        );
        outcomes.mid_write += files_starting(home, ".notes.toml.tmp").len();
        if after_bytes == before_bytes {
            outcomes.previous += 1;
            continue;
        }
        let text = std::str::from_utf8(&after_bytes)
            .unwrap_or_else(|_| panic!("{context}: the notes file is not UTF-8"));
        let after = parse(text)
            .unwrap_or_else(|e| panic!("{context}: the notes file is torn: {e}\n{text}"));
        match &change {
            Change::Add { text } | Change::Bookmark { text } => {
                assert_eq!(after.len(), before.len() + 1, "{context}");
                assert_eq!(after[..before.len()], before[..], "{context}");
                let new = &after[before.len()];
                assert_eq!(&new.text, text, "{context}");
                let kind = match change {
                    Change::Add { .. } => NoteKind::Highlight,
                    _ => NoteKind::Bookmark,
                };
                assert_eq!(new.kind, kind, "{context}");
                assert!(!new.created.is_empty(), "{context}");
            }
            Change::Delete { id } => {
                let expected: Vec<Note> = before.iter().filter(|n| &n.id != id).cloned().collect();
                assert_eq!(after, expected, "{context}");
            }
        }
        outcomes.new += 1;
    }

    // A save that runs to the end clears the temporaries killed saves left.
    let last = parallax(home, &["notes", "bookmark", passage, "the end"])
        .status()
        .unwrap();
    assert!(last.success());
    assert_eq!(
        files_starting(home, ".notes.toml.tmp"),
        Vec::<String>::new()
    );
    let notes = parse(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(notes.last().unwrap().text, "the end");
    eprintln!(
        "notes: {NOTE_KILLS} kills over runs of about {whole:?}: {} left the previous file, {} the new one; {} temporaries left by kills mid-write",
        outcomes.previous, outcomes.new, outcomes.mid_write
    );
}

/// The reader in a pseudo-terminal, for the state it saves when it quits.
struct Reader {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Reader {
    fn start(home: &Path, args: &[&str]) -> Reader {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_parallax"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("XDG_CONFIG_HOME", home.join("config"));
        command.env("XDG_STATE_HOME", home.join("state"));
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        Reader {
            child,
            writer: pty.master.take_writer().unwrap(),
            output,
            _master: pty.master,
        }
    }

    /// Waits until the reader has drawn its status line (its mode, `READ`): it is
    /// in its event loop.
    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if String::from_utf8_lossy(&self.output.lock().unwrap()).contains(" READ ") {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the reader never drew its screen");
    }

    fn quit(&mut self) {
        self.writer.write_all(b"q").unwrap();
        self.writer.flush().unwrap();
    }

    fn kill(&mut self) {
        let pid = self.child.process_id().unwrap();
        // kill(1) with SIGKILL: portable-pty's own kill sends SIGHUP, which the
        // reader handles by saving.
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    }

    fn wait(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the reader did not exit");
    }
}

const STATE_KILLS: usize = 24;

#[test]
fn the_saved_place_survives_a_kill_while_the_reader_quits() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let file = state_dir(home).join("state.toml");
    // Each run opens on its own date, which is what it saves as the cursor.
    let date = |run: usize| format!("1871-03-{:02}", 1 + run % 28);

    let mut first = Reader::start(home, &["--at", &date(0)]);
    first.wait_ready();
    let quitting = Instant::now();
    first.quit();
    first.wait();
    let whole = quitting.elapsed();
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains(&format!("cursor = \"{}\"", date(0))),
        "{saved}"
    );

    let mut kills = Kills(0x5eed_0008);
    let (mut previous, mut new) = (0, 0);
    for run in 1..=STATE_KILLS {
        let before = std::fs::read(&file).unwrap();
        let mut reader = Reader::start(home, &["--at", &date(run)]);
        reader.wait_ready();
        let delay = kills.point(whole, 0.0);
        reader.quit();
        std::thread::sleep(delay);
        reader.kill();
        reader.wait();

        let context = format!("run {run}, killed {delay:?} after q");
        let after = std::fs::read(&file)
            .unwrap_or_else(|e| panic!("{context}: the state file is gone: {e}"));
        assert!(
            files_starting(home, "state.toml.corrupt").is_empty(),
            "{context}: a torn file was moved aside"
        );
        if after == before {
            previous += 1;
            continue;
        }
        let text = String::from_utf8(after).unwrap();
        let state: SavedState = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{context}: the state file is torn: {e}\n{text}"));
        assert_eq!(state.cursor.to_string(), date(run), "{context}");
        assert_eq!(state.panes.len(), 2, "{context}");
        new += 1;
    }
    eprintln!(
        "state: {STATE_KILLS} kills over quits of {whole:?}: {previous} left the previous file, {new} the new one"
    );
}
