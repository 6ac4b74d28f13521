//! Scores the temporal tagger against hand-made gold standards for seed texts.
//!
//! Run `cargo test --test date_gold -- --nocapture` to print the scores; set
//! `DATE_GOLD_ERRORS=1` to also list every miss, false alarm and wrong value.
//!
//! Two kinds of gold: the seed texts the rules were written from (002, 003, 004),
//! and held-out texts (`heldout_*`) written afterwards in the manner of other English
//! books about 1870–71 (a translated history, a journal, despatches, a memoir as a
//! Gutenberg e-text, letters), with their mentions written by hand before the tagger
//! was run on them. The held-out texts say whether the rules generalise; a rule
//! written to fit one of their sentences would defeat them.

use parallax::time::TagOptions;
use parallax::time::eval::{Evaluation, evaluate, parse_gold};
use parallax::time::events::EventCatalog;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dates")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Blank-line separated paragraphs, their lines joined with spaces.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

fn run(stem: &str) -> Evaluation {
    let text = fixture(&format!("{stem}.txt"));
    let gold = parse_gold(&fixture(&format!("{stem}.tsv"))).unwrap();
    let blocks = paragraphs(&text);
    let blocks: Vec<&str> = blocks.iter().map(String::as_str).collect();
    // As the reader tags any document: in the bundled catalog's period.
    let options = TagOptions {
        subject: EventCatalog::bundled().period(),
        ..TagOptions::default()
    };
    let evaluation = evaluate(&blocks, &gold, &options);
    println!("{stem}: {evaluation}");
    if std::env::var_os("DATE_GOLD_ERRORS").is_some() {
        for error in &evaluation.errors {
            println!("  {error}");
        }
    }
    assert!(
        evaluation.unlocated.is_empty(),
        "gold texts not found in {stem}: {:?}",
        evaluation.unlocated
    );
    evaluation
}

fn check(stem: &str) {
    let evaluation = run(stem);
    assert!(evaluation.f1() >= 0.95, "{stem}: {evaluation}");
    assert!(evaluation.value_accuracy() >= 0.93, "{stem}: {evaluation}");
}

/// The first held-out batch. Its first scores (P 0.968 R 0.670 F1 0.792, value 0.625)
/// led to the rules for datelines, letters, weekdays and feasts, so it has since been
/// fitted: it now guards those rules rather than measuring them.
const HELD_OUT: [&str; 5] = [
    "heldout_history",
    "heldout_journal",
    "heldout_dispatches",
    "heldout_memoir",
    "heldout_letters",
];

/// The second held-out batch, written after those rules and scored once before any
/// change made for it: the honest measure of how the rules generalise.
const HELD_OUT_2: [&str; 4] = [
    "heldout2_correspondent",
    "heldout2_diary",
    "heldout2_history",
    "heldout2_chronology",
];

/// Scores texts one by one and together (micro-averaged): (F1, value accuracy).
fn together(label: &str, stems: &[&str]) -> (f64, f64) {
    let (mut gold, mut predicted, mut matched, mut value_correct) = (0, 0, 0, 0);
    for stem in stems {
        let evaluation = run(stem);
        gold += evaluation.gold;
        predicted += evaluation.predicted;
        matched += evaluation.matched;
        value_correct += evaluation.value_correct;
    }
    let precision = matched as f64 / predicted.max(1) as f64;
    let recall = matched as f64 / gold.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    let value_accuracy = value_correct as f64 / matched.max(1) as f64;
    println!(
        "{label}, together: gold {gold} predicted {predicted} matched {matched} | \
         P {precision:.3} R {recall:.3} F1 {f1:.3} | value acc {value_accuracy:.3}"
    );
    (f1, value_accuracy)
}

/// The third held-out batch, written with the rules frozen. Its first scores (P 1.000
/// R 0.765 F1 0.867, value 0.923) led to fixes, so it is fitted too.
const HELD_OUT_3: [&str; 3] = ["heldout3_lives", "heldout3_memoir", "heldout3_siege"];

/// The fourth held-out batch, written with the rules frozen after the third.
const HELD_OUT_4: [&str; 2] = ["heldout4_article", "heldout4_novel"];

/// The fifth batch, written after the fixes made from real excerpts of period books (a
/// minister's despatches printed without their year, a history page with a running head,
/// a quoted letter and citation notes), with its mentions written before the tagger ran:
/// the kinds of text those fixes were for, so a check that they hold, by the same hand.
/// First scores: P 0.980 R 0.960 F1 0.970, value 0.917 (despatches F1 1.000, value 0.923;
/// history F1 0.936, value 0.909).
const HELD_OUT_5: [&str; 2] = ["heldout5_despatches", "heldout5_history"];

#[test]
fn held_out_texts_in_the_manner_of_other_books() {
    // The fitted batches guard their rules at issue 3's targets; the fourth (its novel
    // chapter never writes a month) and the fifth are measures only.
    for (label, stems) in [
        ("held out 1", &HELD_OUT[..]),
        ("held out 2", &HELD_OUT_2[..]),
        ("held out 3", &HELD_OUT_3[..]),
    ] {
        let (f1, value_accuracy) = together(label, stems);
        assert!(f1 >= 0.95 && value_accuracy >= 0.93, "{label}");
    }
    together("held out 4", &HELD_OUT_4);
    together("held out 5", &HELD_OUT_5);
}

#[test]
fn article_002_on_the_commune() {
    check("002_d331d0f7c178c161");
}

#[test]
fn trotsky_004_lessons_of_the_commune() {
    check("004_891adf098fb337a1");
}

#[test]
fn synthesis_003_first_part() {
    check("003_ea07d1ee2978f3bd_part1");
}
