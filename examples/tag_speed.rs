//! Measures tagging throughput over the seed texts, repeated.
//!
//! `cargo run --release --example tag_speed -- FILE...`

use parallax::time::{TagBlock, TagOptions, tag_document};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut paragraphs = Vec::new();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(path)?;
        paragraphs.extend(
            text.split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty()),
        );
    }
    let blocks: Vec<TagBlock> = paragraphs
        .iter()
        .map(|text| TagBlock {
            text,
            heading_level: None,
        })
        .collect();
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let rounds = (50_000_000 / bytes.max(1)).max(1);
    let start = Instant::now();
    let mut mentions = 0;
    for _ in 0..rounds {
        mentions += tag_document(&blocks, &TagOptions::default()).len();
    }
    let seconds = start.elapsed().as_secs_f64();
    let megabytes = (bytes * rounds) as f64 / 1e6;
    println!(
        "{megabytes:.1} MB in {seconds:.2} s: {:.1} MB/s ({mentions} mentions)",
        megabytes / seconds
    );
    Ok(())
}
