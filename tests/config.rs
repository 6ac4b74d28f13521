//! Configuration, notes export, import into your own folder, completions and the
//! man page, through the real binary. Each test gets its own XDG folders, so no
//! test reads the developer's configuration or notes.

use parallax::store::notes::{Note, NoteKind};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Home {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config/parallax")
    }

    fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state/parallax")
    }

    fn write_config(&self, text: &str) -> PathBuf {
        std::fs::create_dir_all(self.config_dir()).unwrap();
        let path = self.config_dir().join("config.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(args)
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .output()
            .expect("the binary runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

#[test]
fn the_default_config_is_commented_and_checks_clean() {
    let home = Home::new();
    let run = home.run(&["config", "--default"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("# parallax configuration"));
    assert!(run.stdout.contains("# [keys.normal]\n"), "{}", run.stdout);
    assert!(run.stdout.contains("# \"m\" = \"set_bookmark\""));
    home.write_config(&run.stdout);
    let check = home.run(&["config"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("no problems"), "{}", check.stdout);
    let paths = home.run(&["config", "--paths"]);
    assert!(
        paths.stdout.contains("state/parallax/state.toml"),
        "{}",
        paths.stdout
    );
}

#[test]
fn a_bad_config_is_reported_with_file_line_and_key_and_the_rest_works() {
    let home = Home::new();
    let path = home.write_config(
        "theme = \"light\"\ncolour = \"red\"\n\n[keys.normal]\n\"ctrl-n\" = \"fly\"\n",
    );
    let run = home.run(&["config"]);
    assert_eq!(run.code, 1);
    let file = path.display().to_string();
    assert!(
        run.stdout
            .contains(&format!("{file}:2: colour: unknown key")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "{file}:5: keys.normal.ctrl-n: unknown action \"fly\""
        )),
        "{}",
        run.stdout
    );
    // Other commands still run, with the problems as warnings.
    let list = home.run(&["list"]);
    assert_eq!(list.code, 0);
    assert!(list.stderr.contains("warning:"), "{}", list.stderr);
    assert_eq!(list.stdout.lines().count(), 5);
    // A file that is not TOML at all: located, and the defaults apply.
    home.write_config("[keys\n");
    let run = home.run(&["config"]);
    assert!(run.stdout.contains(&format!("{file}:1:")), "{}", run.stdout);
}

#[test]
fn a_remapped_key_works_and_shows_in_help() {
    let home = Home::new();
    let other = home.dir.path().join("elsewhere.toml");
    std::fs::write(
        &other,
        "[keys.normal]\n\"ctrl-n\" = \"next_month\"\n\"}\" = \"none\"\n",
    )
    .unwrap();
    let config = other.to_str().unwrap();
    let moved = home.run(&["--config", config, "render", "--keys", "<C-n>"]);
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    assert!(moved.stdout.contains("18 Apr 1871"), "{}", moved.stdout);
    // The unbound key does nothing now.
    let unbound = home.run(&["--config", config, "render", "--keys", "}"]);
    assert!(unbound.stdout.contains("18 Mar 1871"), "{}", unbound.stdout);
    let help = home.run(&[
        "--config", config, "render", "--size", "100x60", "--keys", "?",
    ]);
    let row = help
        .stdout
        .lines()
        .find(|line| line.contains("cursor to the next month"))
        .unwrap_or_else(|| panic!("{}", help.stdout));
    assert!(row.contains("Ctrl-n"), "{row}");
    assert!(!row.contains('}'), "{row}");
}

#[test]
fn notes_export_with_citations_and_reanchored_passages() {
    let home = Home::new();
    let library = parallax::cli::Library::load(&[], &mut std::io::sink()).unwrap();
    let id = "isl-the-first-workers-government";
    let document = library.corpus.get(id).unwrap();
    let mut moved = Note::new(
        "n1".into(),
        NoteKind::Highlight,
        document,
        6,
        "Read this first",
    );
    // The document was edited since: the note's passage number is stale.
    moved.passage = format!("{id}:3");
    moved.created = "2026-05-01T12:00:00Z".into();
    let bookmark = Note::new("n2".into(), NoteKind::Bookmark, document, 1, "");
    std::fs::create_dir_all(home.state_dir()).unwrap();
    let text = format!("{}\n{}", note_toml(&moved), note_toml(&bookmark));
    std::fs::write(home.state_dir().join("notes.toml"), text).unwrap();

    let json = home.run(&["notes", "--json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let rows: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["passage"], format!("{id}:7"));
    assert_eq!(rows[0]["found"], true);
    assert_eq!(rows[0]["author"], document.meta.author.as_str());
    assert_eq!(rows[0]["title"], document.meta.title.as_str());
    assert_eq!(rows[0]["kind"], "highlight");
    assert_eq!(rows[1]["kind"], "bookmark");

    let markdown = home.run(&["notes", "--markdown"]);
    assert!(
        markdown.stdout.contains(&format!(
            "## {}, *{}*",
            document.meta.author, document.meta.title
        )),
        "{}",
        markdown.stdout
    );
    assert!(
        markdown
            .stdout
            .contains(&format!("- **{id}:7** — Read this first")),
        "{}",
        markdown.stdout
    );
    let plain = home.run(&["notes"]);
    assert!(plain.stdout.starts_with("highlight "), "{}", plain.stdout);

    // A corrupt notes file: a warning, moved aside, nothing exported.
    std::fs::write(home.state_dir().join("notes.toml"), "[[note]\n").unwrap();
    let broken = home.run(&["notes"]);
    assert_eq!(broken.code, 0);
    assert!(broken.stderr.contains("moved aside"), "{}", broken.stderr);
    assert!(broken.stdout.is_empty());
}

#[test]
fn notes_are_added_bookmarked_and_deleted_without_a_terminal() {
    let home = Home::new();
    let id = "isl-the-first-workers-government";
    let added = home.run(&[
        "notes",
        "add",
        &format!("{id}:7"),
        "Compare with Trotsky",
        "--json",
    ]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let note: serde_json::Value = serde_json::from_str(added.stdout.trim()).unwrap();
    assert_eq!(note["kind"], "highlight");
    assert_eq!(note["passage"], format!("{id}:7"));
    assert_eq!(note["text"], "Compare with Trotsky");
    assert_eq!(note["found"], true);
    assert!(note["created"].as_str().unwrap().ends_with('Z'), "{note}");

    // A bookmark by anchor, without a note; printed as a line of text.
    let anchor = home.run(&[
        "notes",
        "bookmark",
        "revolution-and-counter-revolution-in-paris:1",
    ]);
    assert_eq!(anchor.code, 0, "{}", anchor.stderr);
    assert!(
        anchor
            .stdout
            .starts_with("bookmark on revolution-and-counter-revolution-in-paris:1 ("),
        "{}",
        anchor.stdout
    );

    // What the reader reads back: the same file, the same shape as the reader writes.
    let listed = home.run(&["notes", "--json"]);
    let rows: Vec<serde_json::Value> = listed
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{}", listed.stdout);
    assert_eq!(rows[0], note);
    assert_eq!(rows[1]["kind"], "bookmark");
    assert_eq!(rows[1]["text"], "");

    // Mistakes say what was wrong and save nothing.
    let no_passage = home.run(&["notes", "add", "nowhere:1", "text"]);
    assert_ne!(no_passage.code, 0);
    assert!(
        no_passage.stderr.contains("nowhere:1: no such passage"),
        "{}",
        no_passage.stderr
    );
    let no_text = home.run(&["notes", "add", &format!("{id}:7"), " "]);
    assert_ne!(no_text.code, 0);
    assert!(
        no_text.stderr.contains("a highlight needs a note"),
        "{}",
        no_text.stderr
    );

    let deleted = home.run(&["notes", "delete", note["id"].as_str().unwrap()]);
    assert_eq!(deleted.code, 0, "{}", deleted.stderr);
    assert_eq!(deleted.stdout, format!("deleted the highlight on {id}:7\n"));
    let again = home.run(&["notes", "delete", note["id"].as_str().unwrap()]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("no note"), "{}", again.stderr);
    let left = home.run(&["notes", "--json"]);
    assert_eq!(left.stdout.lines().count(), 1, "{}", left.stdout);
}

fn note_toml(note: &Note) -> String {
    #[derive(serde::Serialize)]
    struct File<'a> {
        note: Vec<&'a Note>,
    }
    toml::to_string(&File { note: vec![note] }).unwrap()
}

#[test]
fn import_writes_into_the_first_texts_folder_and_the_reader_lists_problems() {
    let home = Home::new();
    std::fs::create_dir_all(home.config_dir().join("mine")).unwrap();
    home.write_config("texts = [\"mine\"]\n");
    let source = fixture("import/webpage.txt");
    let run = home.run(&["import", source.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let written: Vec<_> = std::fs::read_dir(home.config_dir().join("mine"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(run.stderr.contains("wrote "), "{}", run.stderr);
    let list = home.run(&["list"]);
    assert_eq!(list.stdout.lines().count(), 6, "{}", list.stdout);

    // A text of your own with a problem is listed when the reader starts.
    let broken = home.config_dir().join("mine/broken.md");
    std::fs::write(
        &broken,
        "+++\nid = \"broken\"\ntitle = \"Broken\"\n+++\n\nSee [there](nowhere#x).\n",
    )
    .unwrap();
    let screen = home.run(&["render", "--size", "120x30"]);
    assert!(
        screen.stdout.contains("Problems found while loading"),
        "{}",
        screen.stdout
    );
    assert!(
        screen
            .stdout
            .contains("link to unknown document \"nowhere\""),
        "{}",
        screen.stdout
    );
}

#[test]
fn completions_and_man_page() {
    let home = Home::new();
    let bash = home.run(&["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(bash.stdout.contains("_parallax"), "{}", bash.stdout);
    assert!(bash.stdout.contains("notes"));
    let zsh = home.run(&["completions", "zsh"]);
    assert!(zsh.stdout.contains("#compdef parallax"));
    let man = home.run(&["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.contains(".TH parallax"),
        "{}",
        &man.stdout[..200]
    );
    assert!(man.stdout.contains("\\-\\-fresh"), "{}", man.stdout);
}
