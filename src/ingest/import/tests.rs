//! Pipeline tests on the small fixtures of tests/fixtures/import/: each checks the
//! rules an editor would check by eye, and that the output reads back as a document
//! whose every verbatim stretch maps to the same bytes of the raw file.

use super::*;
use crate::model::Origin;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run(name: &str) -> Imported {
    let options = ImportOptions {
        file_name: name.to_string(),
        ..ImportOptions::default()
    };
    import(&fixture(name), &options).unwrap()
}

/// The output parses as a document, and the raw map points at identical bytes.
fn check_round_trip(name: &str, imported: &Imported) -> crate::model::Document {
    let raw = fixture(name);
    // Every word copied whole maps to the same bytes of the raw file.
    let md = &imported.markdown;
    let body_start = md.len() - body(imported).len();
    let mut whole = 0;
    let mut words = 0;
    let mut start = None;
    for (at, c) in md.char_indices().chain(std::iter::once((md.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                start = None;
                // Front matter and `[^n]` labels are synthesized.
                if s < body_start || md[..s].ends_with('^') {
                    continue;
                }
                let mapped = imported.raw_map.range_to_source(s..at);
                words += 1;
                if mapped.len() == at - s {
                    whole += 1;
                    assert_eq!(
                        &raw[mapped.clone()],
                        &md.as_bytes()[s..at],
                        "{name}: {} at {s}",
                        &md[s..at]
                    );
                }
            }
            _ => {}
        }
    }
    assert!(
        whole * 10 >= words * 8,
        "{name}: only {whole} of {words} words map whole"
    );
    crate::ingest::parse_document(&imported.markdown, Origin::Bundled(name.into()))
        .unwrap_or_else(|e| panic!("{name}: {e}\n{}", imported.markdown))
}

fn body(imported: &Imported) -> &str {
    imported.markdown.splitn(3, "+++\n").nth(2).unwrap_or("")
}

#[test]
fn gutenberg_ebook() {
    let imported = run("gutenberg.txt");
    let body = body(&imported);
    assert!(!body.contains("Project Gutenberg eBook"), "{body}");
    assert!(!body.contains("Updated editions"), "{body}");
    assert!(body.contains("# A SHORT HISTORY OF THE SIEGE\n"), "{body}");
    assert!(body.contains("## CHAPTER I\n"), "{body}");
    assert!(body.contains("the west.[^1] Bread"), "{body}");
    assert!(body.contains("would not do.[^2]"), "{body}");
    assert!(
        body.contains("[^1]: The roads to the north stayed open a few days longer, as the reports of the time \\[see below\\] make clear.\n"),
        "{body}"
    );
    // `[3]` has no note: kept as written, and reported.
    assert!(body.contains("could.\\[3\\]"), "{body}");
    let messages: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("marker [3] has no note")),
        "{messages:?}"
    );
    assert_eq!(
        imported
            .notes
            .iter()
            .filter(|n| matches!(n, ImportNote::Trimmed { .. }))
            .count(),
        2,
        "{messages:?}"
    );
    assert!(imported.markdown.contains("author = \"A. Writer\""));
    let document = check_round_trip("gutenberg.txt", &imported);
    assert_eq!(document.footnotes.len(), 2);
}

#[test]
fn crlf_lines_join() {
    let imported = run("crlf.txt");
    let body = body(&imported);
    assert!(!body.contains('\r'));
    assert!(body.contains("# A Note on Line Ends\n"), "{body}");
    assert!(
        body.contains("with a carriage return and a line feed"),
        "{body}"
    );
    assert_eq!(body.matches("\n\n").count(), 2, "{body}");
    check_round_trip("crlf.txt", &imported);
}

#[test]
fn web_page_chrome_is_trimmed_and_reported() {
    let imported = run("webpage.txt");
    let body = body(&imported);
    for chrome in [
        "Skip to content",
        "newsletter",
        "Facebook",
        "Donate",
        "Related",
        "Phone",
        "Copyright",
        "The siege of Paris",
    ] {
        assert!(!body.contains(chrome), "{chrome} in {body}");
    }
    assert!(body.contains("# The barricades of May\n"), "{body}");
    assert!(
        body.contains("The lessons drawn from the week were these:\n\n- The defence"),
        "{body}"
    );
    assert!(body.contains("- A revolution that waits"), "{body}");
    assert!(body.contains("The memory of the week lived on"), "{body}");
    let meta = &imported.markdown;
    assert!(meta.contains("author = \"Jane Roe\""), "{meta}");
    assert!(meta.contains("published = \"2021-05-12\""), "{meta}");
    let trimmed: Vec<String> = imported
        .notes
        .iter()
        .filter(|n| matches!(n, ImportNote::Trimmed { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(trimmed.len(), 2, "{trimmed:?}");
    assert!(trimmed[0].starts_with("lines 1–5: trimmed"), "{trimmed:?}");
    check_round_trip("webpage.txt", &imported);
}

#[test]
fn page_footnote_moves_out_of_the_sentence() {
    let imported = run("wrapped_footnote.txt");
    let body = body(&imported);
    assert!(body.contains("# The Rising of March\n"), "{body}");
    assert!(body.contains("## The Commune at work\n"), "{body}");
    assert!(
        body.contains("the National Guard[^1]. By the afternoon"),
        "{body}"
    );
    assert!(
        body.contains("The counter-revolution was not yet ready"),
        "{body}"
    );
    assert!(body.contains("the 18th of March"), "{body}");
    assert!(
        body.contains("which the people of the quarters had never asked"),
        "{body}"
    );
    assert!(
        body.contains("[^1]: The National Guard was the citizen militia of Paris, whose battalions elected their own officers.\n"),
        "{body}"
    );
    let messages: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.contains("“18 th” as “18th”")),
        "{messages:?}"
    );
    let document = check_round_trip("wrapped_footnote.txt", &imported);
    assert_eq!(document.footnotes.len(), 1);
    assert_eq!(document.footnotes[0].cited_by.len(), 1);
}

#[test]
fn endnotes_pair_with_markers() {
    let imported = run("endnotes.txt");
    let body = body(&imported);
    assert!(
        body.contains("three billion francs.[^1] Its delegate"),
        "{body}"
    );
    assert!(body.contains("small sums.[^2]"), "{body}");
    assert!(body.contains("ten thousand hostages.[^3]"), "{body}");
    assert!(body.contains("In the 72 days"), "{body}");
    assert!(
        body.contains("[^4]: A note that nothing in the text points to."),
        "{body}"
    );
    let unpaired: Vec<&ImportNote> = imported
        .notes
        .iter()
        .filter(|n| matches!(n, ImportNote::UnpairedNote { .. }))
        .collect();
    assert_eq!(unpaired.len(), 1);
    assert_eq!(
        unpaired[0].to_string(),
        "line 13: note 4 has no marker in the text; kept as a footnote without a reference"
    );
    check_round_trip("endnotes.txt", &imported);
}

#[test]
fn markdown_input_is_kept() {
    let raw =
        b"# Title\n\nSome *emphasis* and a [link](https://example.org).\n\n## Part\n\nText.\n";
    let imported = import(raw, &ImportOptions::default()).unwrap();
    assert!(body(&imported).contains("Some *emphasis* and a [link](https://example.org)."));
    assert!(imported.markdown.contains("title = \"Title\""));
}

#[test]
fn escapes_keep_the_words() {
    let raw = b"A Title Here\n\nThe price was 5 * 3 francs, the_name [sic] and <b> & more words here to pad.\n\n1871. The year began badly for the city and its people, who were hungry.\n";
    let imported = import(raw, &ImportOptions::default()).unwrap();
    let document =
        crate::ingest::parse_document(&imported.markdown, Origin::Bundled("t".into())).unwrap();
    assert!(
        document
            .text
            .contains("The price was 5 * 3 francs, the_name [sic] and <b> & more"),
        "{}",
        document.text
    );
    assert!(
        document.text.contains("1871. The year began"),
        "{}",
        document.text
    );
}

#[test]
fn options_override_guesses() {
    let options = ImportOptions {
        file_name: "x.txt".into(),
        title: Some("Lessons of the Paris Commune".into()),
        author: Some("Leon Trotsky".into()),
        lossy: false,
    };
    let imported = import(
        b"Some text that is long enough to be a paragraph.\n",
        &options,
    )
    .unwrap();
    assert!(
        imported
            .markdown
            .contains("id = \"lessons-of-the-paris-commune\"")
    );
    assert!(imported.markdown.contains("author = \"Leon Trotsky\""));
    assert!(imported.markdown.contains("imported_from = \"x.txt\""));
}

#[test]
fn bad_input_is_refused() {
    let options = ImportOptions::default();
    assert_eq!(import(b"", &options).unwrap_err(), ImportError::Empty);
    assert_eq!(
        import(b"PK\x03\x04\0\0", &options).unwrap_err(),
        ImportError::Binary { offset: 4 }
    );
    let error = import(b"caf\xe9 noir", &options).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid UTF-8 at byte offset 3 (import with --lossy to replace bad bytes)"
    );
    let lossy = ImportOptions {
        lossy: true,
        ..ImportOptions::default()
    };
    assert!(
        import(b"caf\xe9 noir", &lossy)
            .unwrap()
            .markdown
            .contains("caf\u{fffd} noir")
    );
}
