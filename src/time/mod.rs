//! Calendar dates, date expressions and their normalized values, and the temporal
//! tagger that finds them in English prose.
//!
//! This module owns dates as the reader understands them: [`Date`] and the prompt
//! parser, [`Timex`] values, and [`tag_document`], which turns a document's blocks
//! into dated [`Mention`]s. It works on plain strings and must not import ratatui,
//! crossterm, `ui` or `app`.

pub mod align;
pub mod at_index;
pub mod chronology;
pub mod date;
pub mod eval;
pub mod events;
pub mod lexical;
pub mod narrative;
pub mod quotes;
pub mod rows;
mod rules;
mod scan;
pub mod tagger;
pub mod timex;

pub use date::{Date, DateSpan, Weekday, parse_user_date};
pub use tagger::{How, Mention, RangeRole, TagBlock, TagOptions, tag_document};
pub use timex::{Granularity, Modifier, Season, Timex};
