//! Scores the tagger against a hand-made gold standard.
//!
//! A gold file lists every date mention of a text in reading order, one per line:
//! `text<TAB>value<TAB>how`. Gold mentions carry no offsets (so that a person can
//! write them by reading); each is located by searching its text forward from the
//! previous one. A predicted mention matches a gold one when both are in the same
//! block and their byte ranges overlap; matching is greedy in reading order.

use super::tagger::{How, Mention, TagBlock, TagOptions, tag_document};
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    pub text: String,
    /// The TIMEX3 value, as [`super::Timex::value`] writes it.
    pub value: String,
    pub how: How,
}

/// Reads a gold TSV file. Blank lines and lines starting with `#` are skipped.
pub fn parse_gold(tsv: &str) -> Result<Vec<GoldMention>, String> {
    let mut gold = Vec::new();
    for (number, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [text, value, how] = fields[..] else {
            return Err(format!(
                "line {}: expected 3 tab-separated fields",
                number + 1
            ));
        };
        let how = match how.trim() {
            "written" => How::Written,
            "inferred" => How::Inferred,
            "relative" => How::Relative,
            other => return Err(format!("line {}: unknown how {other:?}", number + 1)),
        };
        gold.push(GoldMention {
            text: text.to_string(),
            value: value.trim().to_string(),
            how,
        });
    }
    Ok(gold)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    /// Matched mentions whose value equals the gold value.
    pub value_correct: usize,
    /// Matched mentions whose `how` equals the gold one.
    pub how_correct: usize,
    /// Gold texts that could not be found in the blocks (a broken gold file).
    pub unlocated: Vec<String>,
    /// Human-readable lines for misses, false alarms and wrong values.
    pub errors: Vec<String>,
}

impl Evaluation {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Share of matched mentions with the right value.
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_correct, self.matched)
    }

    pub fn how_accuracy(&self) -> f64 {
        ratio(self.how_correct, self.matched)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gold {} predicted {} matched {} | P {:.3} R {:.3} F1 {:.3} | value acc {:.3} | how acc {:.3}",
            self.gold,
            self.predicted,
            self.matched,
            self.precision(),
            self.recall(),
            self.f1(),
            self.value_accuracy(),
            self.how_accuracy()
        )
    }
}

/// Tags `blocks` (paragraph texts, no headings) and scores the result against `gold`.
pub fn evaluate(blocks: &[&str], gold: &[GoldMention], options: &TagOptions) -> Evaluation {
    let tag_blocks: Vec<TagBlock> = blocks
        .iter()
        .map(|text| TagBlock {
            text,
            heading_level: None,
        })
        .collect();
    evaluate_blocks(&tag_blocks, gold, options)
}

pub fn evaluate_blocks(
    blocks: &[TagBlock],
    gold: &[GoldMention],
    options: &TagOptions,
) -> Evaluation {
    let predicted = tag_document(blocks, options);
    let texts: Vec<&str> = blocks.iter().map(|b| b.text).collect();
    score(&texts, gold, &predicted)
}

/// Scores already tagged mentions.
pub fn score(blocks: &[&str], gold: &[GoldMention], predicted: &[Mention]) -> Evaluation {
    let mut located: Vec<(usize, Range<usize>, &GoldMention)> = Vec::new();
    let mut unlocated = Vec::new();
    let (mut block, mut offset) = (0, 0);
    for mention in gold {
        match locate(blocks, block, offset, &mention.text) {
            Some((b, range)) => {
                block = b;
                offset = range.end;
                located.push((b, range, mention));
            }
            None => unlocated.push(mention.text.clone()),
        }
    }
    let mut errors = Vec::new();
    let mut used = vec![false; predicted.len()];
    let (mut matched, mut value_correct, mut how_correct) = (0, 0, 0);
    let mut cursor = 0;
    for (b, range, mention) in &located {
        while cursor < predicted.len() && predicted[cursor].block < *b {
            cursor += 1;
        }
        let found = (cursor..predicted.len())
            .take_while(|&k| predicted[k].block == *b && predicted[k].range.start < range.end)
            .find(|&k| !used[k] && predicted[k].range.end > range.start);
        let Some(k) = found else {
            errors.push(format!(
                "missed    [{b}] {:?} {}",
                mention.text, mention.value
            ));
            continue;
        };
        used[k] = true;
        matched += 1;
        let value = predicted[k].value.value();
        if value == mention.value {
            value_correct += 1;
        } else {
            errors.push(format!(
                "value     [{b}] {:?} gold {} got {value}",
                mention.text, mention.value
            ));
        }
        if predicted[k].how == mention.how {
            how_correct += 1;
        } else {
            errors.push(format!(
                "how       [{b}] {:?} gold {:?} got {:?}",
                mention.text, mention.how, predicted[k].how
            ));
        }
    }
    for (k, mention) in predicted.iter().enumerate() {
        if !used[k] {
            let text = blocks
                .get(mention.block)
                .and_then(|t| t.get(mention.range.clone()))
                .unwrap_or("");
            errors.push(format!(
                "spurious  [{}] {text:?} {}",
                mention.block,
                mention.value.value()
            ));
        }
    }
    Evaluation {
        gold: gold.len(),
        predicted: predicted.len(),
        matched,
        value_correct,
        how_correct,
        unlocated,
        errors,
    }
}

fn locate(
    blocks: &[&str],
    block: usize,
    offset: usize,
    text: &str,
) -> Option<(usize, Range<usize>)> {
    for (b, block_text) in blocks.iter().enumerate().skip(block) {
        let from = if b == block { offset } else { 0 };
        if let Some(found) = block_text.get(from..).and_then(|rest| rest.find(text)) {
            let start = from + found;
            return Some((b, start..start + text.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_matches_misses_and_false_alarms() {
        let blocks = ["On 18 March 1871 the cannons were taken; it lasted 72 days."];
        let gold = parse_gold("18 March 1871\t1871-03-18\twritten\n").unwrap();
        let evaluation = evaluate(&blocks, &gold, &TagOptions::default());
        assert_eq!(evaluation.matched, 1);
        assert!((evaluation.f1() - 1.0).abs() < 1e-9, "{evaluation}");
    }

    #[test]
    fn a_wrong_value_counts_against_accuracy_only() {
        let blocks = ["On 18 March 1871 it began."];
        let gold = parse_gold("18 March 1871\t1871-03-19\twritten\n").unwrap();
        let evaluation = evaluate(&blocks, &gold, &TagOptions::default());
        assert_eq!(evaluation.f1(), 1.0);
        assert_eq!(evaluation.value_accuracy(), 0.0);
    }

    #[test]
    fn rejects_malformed_gold() {
        assert!(parse_gold("18 March\t1871-03-18\n").is_err());
        assert!(parse_gold("18 March\t1871-03-18\tguessed\n").is_err());
        assert_eq!(parse_gold("# comment\n\n").unwrap(), vec![]);
    }
}
