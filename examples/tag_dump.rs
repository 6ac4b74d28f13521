//! Prints every date mention the tagger finds in a raw text file, one per line.
//!
//! `cargo run --example tag_dump -- FILE`

use parallax::time::{TagBlock, TagOptions, tag_document};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: tag_dump FILE"))?;
    let text = std::fs::read_to_string(path)?;
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    let blocks: Vec<TagBlock> = paragraphs
        .iter()
        .map(|text| TagBlock {
            text,
            heading_level: None,
        })
        .collect();
    for m in tag_document(&blocks, &TagOptions::default()) {
        let text = &paragraphs[m.block][m.range.clone()];
        println!(
            "{:>3} {:<32} {:<12} {:?} {:?} {:?}",
            m.block,
            text,
            m.value.value(),
            m.how,
            m.modifier,
            m.range_role
        );
    }
    Ok(())
}
