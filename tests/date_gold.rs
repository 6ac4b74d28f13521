//! Scores the temporal tagger against hand-made gold standards for seed texts.
//!
//! Run `cargo test --test date_gold -- --nocapture` to print the scores; set
//! `DATE_GOLD_ERRORS=1` to also list every miss, false alarm and wrong value.

use parallax::time::TagOptions;
use parallax::time::eval::{Evaluation, evaluate, parse_gold};
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
    let evaluation = evaluate(&blocks, &gold, &TagOptions::default());
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
