//! Property tests: whatever the input, the importer, the Markdown reader, the
//! date tagger, the wrapper and scrolling keep their invariants and never panic. Cases are kept
//! moderate so `cargo test` stays quick; `PROPTEST_CASES=10000` runs more.

use parallax::app::layout::{DocLayout, Position, wrap_ranges};
use parallax::app::{App, Input, Settings};
use parallax::config::keys::Key;
use parallax::ingest::{import, parse_document};
use parallax::model::{Corpus, NumericDates, Origin};
use parallax::time::chronology::date_document;
use parallax::time::events::EventCatalog;
use parallax::time::{Date, DateSpan, Mention, TagBlock, TagOptions, Timex, tag_document};
use proptest::prelude::*;
use ratatui::layout::Rect;

/// Text with the characters that trouble readers: Markdown syntax, controls,
/// wide and combining characters, line ends of every kind.
fn awkward_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 ]{1,12}",
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("[^1]".to_string()),
            Just("[^1]: note\n".to_string()),
            Just("> ".to_string()),
            Just("- ".to_string()),
            Just("# ".to_string()),
            Just("***".to_string()),
            Just("*".to_string()),
            Just("`".to_string()),
            Just("{#a}".to_string()),
            Just("[x](y#z)".to_string()),
            Just("\u{1b}[2J".to_string()),
            Just("\u{202e}".to_string()),
            Just("\u{0}".to_string()),
            Just("巴黎".to_string()),
            Just("e\u{301}".to_string()),
            Just("18 March 1871".to_string()),
            Just("\t".to_string()),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

/// Text dense in date expressions, written and relative, whole and partial, with
/// words, numbers and characters that sit next to them in real texts.
fn dated_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z]{1,9}",
            "[0-9]{1,4}",
            Just(" ".to_string()),
            Just(", ".to_string()),
            Just(". ".to_string()),
            Just("-".to_string()),
            Just("/".to_string()),
            Just("–".to_string()),
            Just("18 March 1871".to_string()),
            Just("March 18, 1871".to_string()),
            Just("the 18th".to_string()),
            Just("on the 21st of May".to_string()),
            Just("1871-05-21".to_string()),
            Just("5/30/1871".to_string()),
            Just("30.5.1871".to_string()),
            Just("in the spring of 1870".to_string()),
            Just("winter of 1870".to_string()),
            Just("the 1850s".to_string()),
            Just("the nineteenth century".to_string()),
            Just("1870-71".to_string()),
            Just("from 18 to 28 May".to_string()),
            Just("between March and May 1871".to_string()),
            Just("late 1870".to_string()),
            Just("mid-May".to_string()),
            Just("the next day".to_string()),
            Just("three days later".to_string()),
            Just("that Sunday".to_string()),
            Just("in 1871".to_string()),
            Just("juin 1871".to_string()),
            Just("巴黎".to_string()),
            Just("e\u{301}".to_string()),
            Just("Mai".to_string()),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// A TIMEX3 value as the tagger writes it: `1871-03-18`, `1871-03`, `1871`,
/// `187X` (decade), `18` (century), `1871-SP` (season), `1870/1871`.
fn is_timex_value(value: &Timex) -> bool {
    let text = value.value();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match *value {
        Timex::Day(date) => Date::parse_iso(&text) == Some(date),
        Timex::Month { month, .. } => text
            .split_once('-')
            .is_some_and(|(y, m)| digits(y, 4) && digits(m, 2) && (1..=12).contains(&month)),
        Timex::Year(_) => digits(&text, 4),
        Timex::Decade(_) => text.len() == 4 && digits(&text[..3], 3) && text.ends_with('X'),
        Timex::Century(_) => digits(&text, 2),
        Timex::Season { .. } => text
            .split_once('-')
            .is_some_and(|(y, s)| digits(y, 4) && ["SP", "SU", "FA", "WI"].contains(&s)),
        Timex::YearRange { from, to } => text
            .split_once('/')
            .is_some_and(|(a, b)| digits(a, 4) && digits(b, 4) && from <= to),
    }
}

/// Mentions lie in their block on char boundaries, come in order without
/// overlapping, and carry well-formed values.
fn check_mentions(blocks: &[&str], mentions: &[Mention]) -> Result<(), TestCaseError> {
    let mut previous: Option<(usize, usize)> = None;
    for mention in mentions {
        let text = blocks[mention.block];
        let range = mention.range.clone();
        prop_assert!(
            range.start < range.end && range.end <= text.len(),
            "{:?}",
            mention
        );
        prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        if let Some((block, end)) = previous {
            prop_assert!(
                mention.block > block || (mention.block == block && range.start >= end),
                "overlap or disorder: {:?}",
                mentions
            );
        }
        previous = Some((mention.block, range.end));
        prop_assert!(
            is_timex_value(&mention.value),
            "{:?} in {:?}",
            mention.value,
            &text[range.clone()]
        );
        prop_assert!(mention.date_span().is_some(), "{:?}", mention);
    }
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(64),
        ..ProptestConfig::default()
    }
}

/// `normalize` as its documentation states it, a character at a time.
fn normalize_by_the_letter(text: &str) -> String {
    let mut out = String::from(" ");
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase().map(fold_accent_by_the_letter));
        } else if c != '\'' && c != '’' && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The bundled catalog's period, which the reader gives the tagger.
fn commune_period() -> Option<DateSpan> {
    EventCatalog::bundled().period()
}

/// What `Lexicon::word_ids` says of each word, as documented: a capital
/// first letter, and nothing but white space since the word before (the
/// apostrophes that join words aside).
fn marks_by_the_letter(text: &str) -> Vec<u8> {
    use parallax::time::lexical::{CAPITAL, JOINED};
    let mut marks = Vec::new();
    let (mut in_word, mut seen_word, mut only_space) = (false, false, false);
    for c in text.chars() {
        if c.is_alphanumeric() {
            if !in_word {
                let capital = if c.is_uppercase() { CAPITAL } else { 0 };
                let joined = if seen_word && only_space { JOINED } else { 0 };
                marks.push(capital | joined);
            }
            in_word = true;
            seen_word = true;
        } else if c != '\'' && c != '’' {
            if in_word {
                only_space = true;
            }
            in_word = false;
            only_space &= c.is_whitespace();
        }
    }
    marks
}

fn expected_words(text: &str) -> Vec<String> {
    normalize_by_the_letter(text)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn fold_accent_by_the_letter(c: char) -> char {
    let folded = parallax::time::lexical::normalize(&c.to_string());
    let folded = folded.trim();
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (Some(one), None) if one.is_ascii() && !c.is_ascii() => one,
        _ => c,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn normalize_is_lowercase_words_between_single_spaces(text in "\\PC{0,60}") {
        let mut reused = String::from("left over from another passage");
        parallax::time::lexical::normalize_into(&text, &mut reused);
        prop_assert_eq!(reused, normalize_by_the_letter(&text));
    }

    /// The load reads passages' words without writing them out normalised:
    /// the words must be the same, and the same word the same id.
    #[test]
    fn word_ids_are_the_words_of_normalize(text in "([a-z0-9 ,.'’A-Zé—İ-]|\\PC){0,60}", other in "[a-zA-Z ]{0,30}") {
        let mut lexicon = parallax::time::lexical::Lexicon::default();
        let (mut ids, mut marks) = (Vec::new(), Vec::new());
        lexicon.word_ids(&other, &mut ids, &mut marks);
        lexicon.word_ids(&text, &mut ids, &mut marks);
        let words: Vec<&[u8]> = ids.iter().map(|&id| lexicon.word(id)).collect();
        let expected = normalize_by_the_letter(&text);
        let expected: Vec<&[u8]> = expected.split_whitespace().map(str::as_bytes).collect();
        prop_assert_eq!(words, expected);
        prop_assert_eq!(&marks, &marks_by_the_letter(&text));
        for (&id, word) in ids.iter().zip(expected_words(&text)) {
            prop_assert_eq!(lexicon.get(word.as_bytes()), id);
        }
        let (mut known, mut known_marks) = (Vec::new(), Vec::new());
        lexicon.known_ids(&text, &mut known, &mut known_marks);
        prop_assert_eq!((known, known_marks), (ids, marks));
    }

    #[test]
    fn markdown_reader_keeps_ranges_inside_the_text(body in awkward_text()) {
        let source = format!("+++\nid = \"p\"\ntitle = \"P\"\n+++\n{body}");
        let document = parse_document(&source, Origin::Bundled("p.md".into())).unwrap();
        for block in &document.blocks {
            prop_assert!(block.text.end <= document.text.len());
            prop_assert!(document.text.is_char_boundary(block.text.start));
            prop_assert!(document.text.is_char_boundary(block.text.end));
            prop_assert!(block.source.end <= source.len());
            for span in &block.spans {
                prop_assert!(span.range.start >= block.text.start && span.range.end <= block.text.end);
            }
            let range = document.range_in_file(block.text.clone());
            prop_assert!(range.end <= source.len());
            // Nothing a terminal would act on survives into the text.
            prop_assert!(document.text.chars().all(|c| c == '\n' || parallax::sanitize::hazard(c).is_none()));
        }
    }

    #[test]
    fn importer_never_panics_and_its_output_reads_back(bytes in proptest::collection::vec(any::<u8>(), 0..400), text in awkward_text()) {
        let options = import::ImportOptions::default();
        let _ = import::import(&bytes, &options);
        if let Ok(imported) = import::import(text.as_bytes(), &options) {
            let document = parse_document(&imported.markdown, Origin::Bundled("i.md".into()));
            prop_assert!(document.is_ok(), "{:?}\n{}", document.err(), imported.markdown);
        }
    }

    #[test]
    fn tagger_mentions_are_in_range_ordered_and_well_formed(
        lines in proptest::collection::vec(prop_oneof![dated_text(), awkward_text()], 1..6),
        numeric in proptest::option::of(any::<bool>()),
        published_year in proptest::option::of(1000i32..=2100),
        in_period in any::<bool>(),
    ) {
        let blocks: Vec<TagBlock> = lines
            .iter()
            .map(|line| TagBlock {
                text: line,
                heading_level: line.starts_with('#').then_some(1),
            })
            .collect();
        let options = TagOptions {
            numeric: numeric.map(|mdy| if mdy { NumericDates::Mdy } else { NumericDates::Dmy }),
            published_year,
            subject: in_period.then(commune_period).flatten(),
        };
        let mentions = tag_document(&blocks, &options);
        let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
        check_mentions(&texts, &mentions)?;
    }

    #[test]
    fn a_mention_in_a_document_is_the_same_text_in_the_file(
        paragraphs in proptest::collection::vec(dated_text(), 1..5),
    ) {
        // Plain one-line paragraphs: what the file holds at a mention's range is
        // what the passage shows there.
        let body = paragraphs
            .iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        let source = format!("+++\nid = \"t\"\ntitle = \"T\"\n+++\n\n{body}\n");
        let document = parse_document(&source, Origin::Bundled("t.md".into())).unwrap();
        let chronology = date_document(&document, commune_period());
        let texts: Vec<&str> = (0..document.blocks.len()).map(|b| document.block_text(b)).collect();
        check_mentions(&texts, &chronology.mentions)?;
        for mention in &chronology.mentions {
            let start = document.blocks[mention.block].text.start;
            let in_text = start + mention.range.start..start + mention.range.end;
            let in_file = document.range_in_file(in_text.clone());
            prop_assert_eq!(&source[in_file], &document.text[in_text]);
        }
    }

    #[test]
    fn wrapping_accounts_for_every_character(text in "[a-z é巴\u{301}]{0,80}", width in 1u16..40) {
        let ranges = wrap_ranges(&text, width);
        let shown: String = ranges.iter().map(|r| text[r.clone()].replace(' ', "")).collect();
        prop_assert_eq!(shown, text.replace(' ', ""));
        for range in &ranges {
            prop_assert!(unicode_width::UnicodeWidthStr::width(&text[range.clone()]) <= usize::from(width.max(2)));
        }
    }

    #[test]
    fn scrolling_stays_in_range(body in awkward_text(), keys in proptest::collection::vec(prop_oneof![
        Just("j"), Just("k"), Just("G"), Just("ctrl-d"), Just("ctrl-u"), Just("space"), Just("b"),
        Just("]"), Just("["), Just("}"), Just("v"), Just("x"), Just("tab"), Just("f"), Just("esc"), Just("J"),
    ], 0..40), width in 1u16..120, height in 1u16..50) {
        let source = format!("+++\nid = \"s\"\ntitle = \"S\"\n+++\n{body}\n\nOn 18 March 1871 the cannons.\n");
        let mut corpus = Corpus::new();
        corpus.insert(parse_document(&source, Origin::Bundled("s.md".into())).unwrap());
        let mut app = App::new(corpus, &[0], Settings::default(), Rect::new(0, 0, width, height));
        for key in keys {
            app.handle(Input::Key(Key::parse(key).unwrap()));
            for pane in 0..app.panes().len() {
                if let Some(layout) = app.pane_layout(pane) {
                    prop_assert!(app.pane_top_line(pane) <= layout.max_top(app.pane_height(pane)));
                }
            }
        }
        let document = app.document(0).unwrap();
        let layout = DocLayout::wrapped(document, width);
        let starts: Vec<usize> = (0..document.blocks.len())
            .map(|block| layout.line_of(Position { block, line: 0 }))
            .collect();
        prop_assert!(starts.windows(2).all(|w| w[0] < w[1]));
    }
}
