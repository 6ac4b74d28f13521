//! The licence header and footer of e-text archives (Project Gutenberg's
//! `*** START OF THE PROJECT GUTENBERG EBOOK … ***` and `*** END OF … ***`, and the
//! older `*END*THE SMALL PRINT!` form): everything outside them is the archive's, not
//! the work's, and is trimmed (and reported, like every trim).

use super::Text;

/// Lines to trim, with the reason, as inclusive 0-based line ranges.
pub(crate) fn archive_trims(text: &Text<'_>) -> Vec<(usize, usize, String)> {
    let mut trims = Vec::new();
    let count = text.lines.len();
    let start = (0..count).find(|&i| is_start_marker(text.line(i)));
    let end = (0..count).rev().find(|&i| is_end_marker(text.line(i)));
    if let Some(start) = start {
        trims.push((0, start, "e-text archive header".to_string()));
    }
    if let Some(end) = end
        && start.is_none_or(|start| end > start)
    {
        trims.push((end, count - 1, "e-text archive footer".to_string()));
    }
    trims
}

fn is_start_marker(line: &str) -> bool {
    let upper = line.trim().to_uppercase();
    (upper.starts_with("***") && upper.contains("START OF") && upper.contains("GUTENBERG"))
        || upper.starts_with("*END*THE SMALL PRINT")
        || upper.starts_with("*** START OF THIS PROJECT")
        || upper.starts_with("*** START OF THE PROJECT")
}

fn is_end_marker(line: &str) -> bool {
    let upper = line.trim().to_uppercase();
    (upper.starts_with("***") && upper.contains("END OF") && upper.contains("GUTENBERG"))
        || upper.starts_with("END OF THE PROJECT GUTENBERG")
        || upper.starts_with("END OF PROJECT GUTENBERG")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_footer_are_found() {
        let source = "Licence\nblah\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nText\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nMore licence\n";
        let text = Text::new(source);
        let trims = archive_trims(&text);
        assert_eq!(trims.len(), 2);
        assert_eq!((trims[0].0, trims[0].1), (0, 2));
        assert_eq!((trims[1].0, trims[1].1), (4, 5));
    }

    #[test]
    fn plain_text_has_none() {
        let text = Text::new("Just a text.\nWith *** stars.\n");
        assert!(archive_trims(&text).is_empty());
    }
}
