//! Configuration: the user's config file, the keymap and key syntax, and themes. Everything here parses
//! from strings; reading files is a thin wrapper at the edge.

pub mod file;
pub mod keymap;
pub mod keys;
pub mod theme;
