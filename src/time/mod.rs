//! Time: calendar dates, the temporal tagger, dated passages, events and alignment.
//! Pure computation over the model; nothing here may import ratatui, crossterm, `app` or `ui`.

pub mod events;
