//! The commands through the real binary: each test runs `parallax` and checks its
//! output, exit code and messages.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn parallax(args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .env("NO_COLOR", "1")
        // Never the developer's own configuration or notes.
        .env("XDG_CONFIG_HOME", "/nonexistent/parallax-tests")
        .env("XDG_STATE_HOME", "/nonexistent/parallax-tests")
        .output()
        .expect("the binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn list_json_has_the_documented_fields() {
    let run = parallax(&["list", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let documents = json_lines(&run.stdout);
    assert_eq!(documents.len(), 5);
    for document in &documents {
        for field in [
            "id",
            "title",
            "author",
            "published",
            "imported_from",
            "passages",
            "footnotes",
        ] {
            assert!(
                document.get(field).is_some(),
                "{field} missing in {document}"
            );
        }
    }
    let isl = documents
        .iter()
        .find(|d| d["id"] == "isl-the-first-workers-government")
        .unwrap();
    assert_eq!(isl["footnotes"], 12);
    assert_eq!(isl["imported_from"], "002_d331d0f7c178c161.txt");
}

#[test]
fn the_bundled_texts_check_clean() {
    let run = parallax(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("5 document(s) checked, 0 problem(s)"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_locates_problems_and_fails() {
    let unknown = fixture("bad/unknown_key.md");
    let unpaired = fixture("bad/unpaired.md");
    let run = parallax(&[
        "check",
        unknown.to_str().unwrap(),
        unpaired.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines.iter().any(|l| l.ends_with("unknown_key.md:4:1: front matter: unknown field `colour`, expected one of `id`, `title`, `author`, `publication`, `published`, `source`, `language`, `kind`, `tags`, `imported_from`, `sha256`, `numeric_dates`, `pin`, `forbid`")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.ends_with("unpaired.md:6:23: footnote [^9] is referenced but never defined")), "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("unpaired.md:8:1: footnote [^1] is defined but never referenced")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("unpaired.md:6:")
                && l.ends_with("link to unknown document \"nowhere\"")),
        "{lines:#?}"
    );
}

#[test]
fn a_folder_of_texts_joins_the_corpus_and_its_links_resolve() {
    let folder = fixture("docs");
    let run = parallax(&[
        "--texts",
        folder.to_str().unwrap(),
        "check",
        fixture("docs/diary.md").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = parallax(&["--texts", folder.to_str().unwrap(), "list", "--json"]);
    assert_eq!(json_lines(&run.stdout).len(), 6);
}

#[test]
fn footnotes_name_the_passage_that_cites_them() {
    let run = parallax(&["footnotes", "isl-the-first-workers-government", "--json"]);
    assert_eq!(run.code, 0);
    let notes = json_lines(&run.stdout);
    assert_eq!(notes.len(), 12);
    for note in &notes {
        let cited = note["cited_by"].as_array().unwrap();
        assert!(!cited.is_empty(), "{note}");
        assert!(
            cited[0]
                .as_str()
                .unwrap()
                .starts_with("isl-the-first-workers-government:")
        );
    }
    assert!(
        notes[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Marx, The Civil War in France")
    );
}

#[test]
fn unknown_document_is_a_clear_error() {
    let run = parallax(&["footnotes", "no-such-doc"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no document with id \"no-such-doc\""),
        "{}",
        run.stderr
    );
}

#[test]
fn import_writes_a_document_that_checks() {
    let source = fixture("import/webpage.txt");
    let run = parallax(&["import", source.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("+++\n"));
    assert!(run.stdout.contains("imported_from = \"webpage.txt\""));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("webpage.md");
    let run = parallax(&[
        "import",
        source.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = parallax(&["check", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // An existing file is never overwritten.
    let again = parallax(&[
        "import",
        source.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn an_unpaired_note_is_reported_by_import_and_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("endnotes.md");
    let run = parallax(&[
        "import",
        fixture("import/endnotes.txt").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("note 4 has no marker in the text"),
        "{}",
        run.stderr
    );
    let check = parallax(&["check", out.to_str().unwrap()]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("footnote [^4] is defined but never referenced"),
        "{}",
        check.stdout
    );
}

#[test]
fn import_reports_what_it_trims() {
    let run = parallax(&[
        "import",
        fixture("seeds/001_f69855b81e21edb1.txt").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("trimmed"), "{}", run.stderr);
    assert!(run.stderr.contains("lines 1–7"), "{}", run.stderr);
}

#[test]
fn bad_input_files_get_clear_messages() {
    for (file, expected) in [
        ("bad/empty.txt", "empty"),
        ("bad/invalid_utf8.txt", "byte offset 10"),
        ("bad/binary.txt", "binary"),
        ("bad/does-not-exist.txt", "no such file"),
        ("bad", "is a directory"),
    ] {
        let run = parallax(&["import", fixture(file).to_str().unwrap()]);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(
            run.stderr.to_lowercase().contains(expected),
            "{file}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn dates_json_gives_ranges_in_the_file() {
    let run = parallax(&["dates", "--json", "trotsky-lessons-of-the-commune"]);
    assert_eq!(run.code, 0);
    let mentions = json_lines(&run.stdout);
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("texts/trotsky-lessons-of-the-commune.md"),
    )
    .unwrap();
    assert!(mentions.len() >= 10);
    for mention in &mentions {
        let (start, end) = (
            mention["start"].as_u64().unwrap() as usize,
            mention["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&source[start..end], mention["text"].as_str().unwrap());
        assert!(["written", "inferred", "relative"].contains(&mention["how"].as_str().unwrap()));
    }
    let march_18 = mentions
        .iter()
        .find(|m| m["value"] == "1871-03-18")
        .expect("18 March is found");
    assert!(
        march_18["passage"]
            .as_str()
            .unwrap()
            .starts_with("trotsky-lessons-of-the-commune:")
    );
}

#[test]
fn dates_of_a_raw_file_refer_to_the_raw_bytes() {
    let path = fixture("seeds/003_ea07d1ee2978f3bd.txt");
    let raw = std::fs::read(&path).unwrap();
    let run = parallax(&["dates", "--json", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mentions = json_lines(&run.stdout);
    assert!(mentions.len() > 50);
    for mention in &mentions {
        let (start, end) = (
            mention["start"].as_u64().unwrap() as usize,
            mention["end"].as_u64().unwrap() as usize,
        );
        let text = String::from_utf8_lossy(&raw[start..end]).into_owned();
        assert_eq!(text, mention["text"].as_str().unwrap());
    }
    // "March 18 th" was split by the PDF conversion; its range still covers it.
    assert!(
        mentions
            .iter()
            .any(|m| m["value"] == "1871-03-18" && m["text"].as_str().unwrap().contains(" th"))
    );
}

#[test]
fn at_gives_one_object_per_document() {
    let run = parallax(&["at", "18 March 1871", "--json"]);
    assert_eq!(run.code, 0);
    let picks = json_lines(&run.stdout);
    assert_eq!(picks.len(), 5);
    for pick in &picks {
        assert!(
            pick["passage"].is_null()
                || pick["passage"]
                    .as_str()
                    .unwrap()
                    .starts_with(pick["doc"].as_str().unwrap())
        );
    }
    let synthesis = picks
        .iter()
        .find(|p| p["doc"] == "revolution-and-counter-revolution-in-paris")
        .unwrap();
    assert!(
        synthesis["text"].as_str().unwrap().contains("18"),
        "{synthesis}"
    );
    let bad = parallax(&["at", "the day after tomorrow"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("not a date"), "{}", bad.stderr);
}

#[test]
fn events_list_passages_per_document() {
    let run = parallax(&["events", "--json"]);
    assert_eq!(run.code, 0);
    let events = json_lines(&run.stdout);
    assert!(events.len() >= 20);
    let march_18 = events.iter().find(|e| e["id"] == "march-18").unwrap();
    assert_eq!(march_18["start"], "1871-03-18");
    assert!(
        march_18["documents"].as_array().unwrap().len() >= 3,
        "{march_18}"
    );
}

#[test]
fn related_by_quote_ranks_other_documents() {
    let run = parallax(&[
        "related",
        "--quote",
        "On May 21st at 3 pm the Versailles\n army entered",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let related = json_lines(&run.stdout);
    assert!(!related.is_empty());
    assert!(
        related
            .iter()
            .all(|r| r["doc"] != "revolution-and-counter-revolution-in-paris")
    );
    let scores: Vec<f64> = related
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first");
    assert!(
        related[0]["reasons"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    let missing = parallax(&["related", "--quote", "words that appear nowhere at all"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn render_prints_the_screen_without_a_terminal() {
    let run = parallax(&["render", "--size", "90x24", "--keys", ":1871-05-21<Enter>"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 24);
    assert!(lines[23].contains("21 May 1871"), "{}", lines[23]);
    let bad = parallax(&["render", "--size", "90by24"]);
    assert_ne!(bad.code, 0);
}

#[test]
fn the_first_frame_comes_before_the_texts_are_dated() {
    let first = parallax(&["render", "--size", "120x30", "--before-dating"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let status = first.stdout.lines().last().unwrap_or_default();
    assert!(status.contains("dating the texts… 0%"), "{status}");
    // Nothing is dated yet: no pane can have moved to the cursor's passage.
    let dated = parallax(&["render", "--size", "120x30"]);
    assert!(!dated.stdout.contains("dating the texts"));
    assert_ne!(first.stdout, dated.stdout);
    let jump = parallax(&[
        "render",
        "--size",
        "200x30",
        "--before-dating",
        "--keys",
        "J",
    ]);
    assert!(
        jump.stdout.contains("still dating the texts"),
        "{}",
        jump.stdout
    );
}

#[test]
fn the_reader_needs_a_terminal() {
    let run = parallax(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("needs a terminal"), "{}", run.stderr);
}
