//! parallax: a terminal reader for comparing several accounts of the same history.
//!
//! Module map (dependencies only point downwards in this list):
//! - [`sanitize`]: the one gate every byte of text passes before it can reach a terminal.
//! - [`model`]: corpus, documents, passages (blocks), spans, footnotes, anchors. No I/O, no UI.
//! - [`ingest`]: Markdown+TOML documents and raw text files into the model.
//! - [`time`]: calendar dates, the temporal tagger, dated passages, events and alignment.
//! - [`synopsis`]: every account of every event in one table, and comparison sheets
//!   (Markdown, HTML) built from it. No UI.
//! - [`app`]: the reader's state, changed only through [`app::Action`]; no terminal calls.
//! - [`ui`]: draws an [`app::App`] with ratatui widgets; computes nothing of the model.
//! - [`config`]: configuration, keymap and themes, parsed from strings.
//! - [`store`]: saved state, bookmarks and notes on disk: atomic writes, locks, files moved aside.
//! - [`cli`]: the clap commands, each a thin shell over library calls.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod cli;
pub mod config;
pub mod ingest;
pub mod model;
pub mod sanitize;
pub mod store;
pub mod synopsis;
pub mod terminal;
pub mod time;
pub mod ui;
