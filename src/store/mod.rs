//! What the reader keeps between runs: the saved layout ([`state`]) and the
//! bookmarks and notes ([`notes`]), as TOML files in one folder
//! (`$XDG_STATE_HOME/parallax/` by default; the folder is chosen at the binary's
//! edge, in `cli`, and passed down).
//!
//! Everything here is careful with the user's files:
//! - writes are atomic ([`write_atomic`]): a temporary file in the same folder is
//!   written, synced and renamed over the old one, so a crash leaves the old file or
//!   the new one, never half of one;
//! - a file that cannot be read or parsed is moved aside (`state.toml.corrupt-…`)
//!   with a warning, and the reader goes on with defaults ([`quarantine`]);
//! - the notes file is updated under an advisory lock, re-read and merged, so two
//!   readers open at once keep each other's bookmarks (see [`notes::save`]).
//!
//! Must not import ratatui, crossterm or `ui`.

pub mod notes;
pub mod state;

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Where the reader keeps its files. `None` folders mean "keep nothing" (no home
/// folder could be found), and every operation is then a no-op.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Store {
    pub dir: Option<PathBuf>,
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: Some(dir.into()),
        }
    }

    /// A store that keeps nothing (`parallax render`, tests).
    pub fn none() -> Store {
        Store { dir: None }
    }

    pub fn state_file(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|dir| dir.join("state.toml"))
    }

    pub fn notes_file(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|dir| dir.join("notes.toml"))
    }
}

/// Writes `bytes` to `path` so that readers see the old file or the new one, never
/// a mix: temporary file in the same folder (rename is atomic only within one file
/// system), write, fsync, rename over `path`, fsync the folder so the rename itself
/// survives a crash.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    // Unique per process and per call, so two writers never share a temporary.
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let count = COUNT.fetch_add(1, Ordering::Relaxed);
    let temporary = dir.join(format!(
        "{}{}-{count}",
        temporary_prefix(&name),
        std::process::id()
    ));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, path)?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// The start of the names of `name`'s temporaries: `.notes.toml.tmp-`.
fn temporary_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Removes the temporaries of `path` that a writer killed between writing and
/// renaming left behind; otherwise every such kill leaves a file in the folder for
/// good. Call it only while holding [`FileLock`] on `path`: every writer holds it
/// from before its temporary exists until after the rename, so a temporary seen
/// then belongs to no live writer.
pub fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = temporary_prefix(&name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes a rename durable. Folders cannot be opened for syncing on every platform
/// (Windows), and the rename has happened either way, so failure is ignored.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// An exclusive advisory lock on `PATH.lock`, released when dropped.
///
/// The lock is on a separate file because the data file itself is replaced by a
/// rename on every write: a lock held on the old inode would not stop a second
/// writer that opened the new one. `std::fs::File::lock` is `flock` on Unix and
/// `LockFileEx` on Windows; it blocks until the other reader has finished its
/// (short) read–merge–write.
pub struct FileLock {
    _file: File,
}

impl FileLock {
    pub fn acquire(path: &Path) -> std::io::Result<FileLock> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        let mut lock_path = path.as_os_str().to_owned();
        lock_path.push(".lock");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(PathBuf::from(lock_path))?;
        file.lock()?;
        Ok(FileLock { _file: file })
    }
}

/// What reading one of our files gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Read {
    /// No file yet: defaults, no warning.
    Missing,
    Text(String),
    /// The file could not be read; it was moved aside (when it could be). The
    /// message is for the user.
    Unreadable(String),
}

/// Reads a file of ours; a file that exists but cannot be read as UTF-8 text is
/// moved aside with [`quarantine`].
pub fn read_text(path: &Path) -> Read {
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Read::Text(text),
            Err(_) => Read::Unreadable(quarantine(path, "it is not UTF-8 text")),
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Read::Missing,
        Err(error) => Read::Unreadable(quarantine(path, &error.to_string())),
    }
}

/// Moves a bad file aside as `NAME.corrupt-<unix seconds>` so the next write does
/// not destroy what a person might want to recover, and says so.
pub fn quarantine(path: &Path, why: &str) -> String {
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".corrupt-{}", unix_seconds()));
    let aside = PathBuf::from(aside);
    let shown = |p: &Path| crate::sanitize::clean_line(&p.display().to_string()).into_owned();
    let why = crate::sanitize::clean_line(why).into_owned();
    match fs::rename(path, &aside) {
        Ok(()) => format!(
            "{}: {why}; moved aside to {} and started without it",
            shown(path),
            shown(&aside)
        ),
        Err(error) => format!(
            "{}: {why}; could not move it aside ({error}); started without it",
            shown(path)
        ),
    }
}

pub fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A UTC timestamp, `2026-05-01T12:30:00Z`, for notes.
pub fn timestamp(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let seconds = unix % 86_400;
    let date = crate::time::date::Date::from_days(days);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<String> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["state.toml"]);
    }

    #[test]
    fn stale_temporaries_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        write_atomic(&path, b"kept").unwrap();
        // What a writer killed before its rename leaves, for this file and another.
        fs::write(dir.path().join(".notes.toml.tmp-4242-0"), b"half").unwrap();
        fs::write(dir.path().join(".state.toml.tmp-4242-1"), b"other").unwrap();
        fs::write(dir.path().join("notes.toml.corrupt-1"), b"aside").unwrap();
        remove_stale_temporaries(&path);
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                ".state.toml.tmp-4242-1",
                "notes.toml",
                "notes.toml.corrupt-1"
            ]
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "kept");
    }

    #[test]
    fn unreadable_files_are_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        assert_eq!(read_text(&path), Read::Missing);
        fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        let Read::Unreadable(message) = read_text(&path) else {
            panic!("bad bytes read as text");
        };
        assert!(message.contains("moved aside"), "{message}");
        assert!(!path.exists());
        let aside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(aside[0].starts_with("state.toml.corrupt-"), "{aside:?}");
    }

    #[test]
    fn timestamps_are_utc() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
