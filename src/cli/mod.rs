//! The command line: clap definitions and one thin function per command, each a
//! shell over library calls that prints text or, with `--json`, one JSON object per
//! line. The reader itself starts from here when no command is given.

mod chrono;
mod library;
mod notes;
pub mod paths;
pub mod reader;
mod synopsis;

use clap::{Args, CommandFactory, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

pub use library::Library;
pub use paths::{Paths, Setup};

#[derive(Debug, Parser)]
#[command(
    name = "parallax",
    version,
    about = "Read several accounts of the same history side by side, kept in step by a date cursor."
)]
pub struct Cli {
    /// Also read the documents in this folder (repeatable); a document with the id of
    /// a bundled text replaces it.
    #[arg(long = "texts", value_name = "DIR", global = true)]
    pub texts: Vec<PathBuf>,

    /// Read this configuration file instead of $XDG_CONFIG_HOME/parallax/config.toml.
    #[arg(long = "config", value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Start on the default layout, ignoring the place saved when the reader last quit.
    #[arg(long)]
    pub fresh: bool,

    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub open: OpenArgs,
}

/// What the reader opens: documents in panes, left to right.
#[derive(Debug, Args, Clone, Default)]
pub struct OpenArgs {
    /// Document ids, document files (.md) or raw text files (.txt, imported on the fly).
    #[arg(value_name = "DOCUMENT")]
    pub documents: Vec<String>,

    /// Start with the date cursor on this date ("1871-03-18", "18 March 1871", "march 1871").
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,

    /// Colour theme: dark, light, high-contrast, mono, or a theme file (.toml).
    #[arg(long, value_name = "NAME|FILE")]
    pub theme: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the documents: id, title, author, date, passages, footnotes.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Validate documents (all loaded ones, or the given files): front matter,
    /// footnotes, anchors and cross-links, control characters.
    Check {
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Every date mention: passage, byte range in the file, text, TIMEX3 value, how.
    Dates {
        /// Document ids or files (a raw .txt is imported on the fly; offsets then
        /// refer to the raw file). All documents when none is given.
        targets: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// For each document, the passage to read when the date cursor is at DATE.
    At {
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// Each event of the catalog with, per document, its passages (strongest first).
    Events {
        #[arg(long)]
        json: bool,
    },
    /// The passages of other documents about the same events as a passage.
    Related {
        /// A passage id: doc-id:12 or doc-id#anchor.
        #[arg(required_unless_present = "quote")]
        passage: Option<String>,
        /// Pick the passage whose text contains this (whitespace ignored).
        #[arg(long)]
        quote: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Turn a raw text file into a parallax document (Markdown + TOML front matter),
    /// listing everything trimmed or repaired on stderr.
    Import {
        file: PathBuf,
        /// Where to write the document (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        author: Option<String>,
        /// Import a file that is not valid UTF-8, replacing bad bytes.
        #[arg(long)]
        lossy: bool,
    },
    /// Print the reader's screen after a key sequence, without a terminal.
    Render {
        /// Screen size, WIDTHxHEIGHT.
        #[arg(long, default_value = "100x30", value_parser = reader::parse_size)]
        size: (u16, u16),
        /// Keys to press first, in vim notation: `gg`, `:1871-05-21<Enter>`, `<C-d>`.
        #[arg(long, default_value = "")]
        keys: String,
        /// Draw what the live reader shows before its texts are dated (dating
        /// starts in the background and is not waited for): its first frame.
        #[arg(long)]
        before_dating: bool,
        #[command(flatten)]
        open: OpenArgs,
    },
    /// Every account of every event in one table; its disagreements; or the
    /// comparison sheet (Markdown, HTML, JSON).
    Synopsis(synopsis::SynopsisArgs),
    /// Each footnote of a document with the passage that cites it.
    Footnotes {
        doc: String,
        #[arg(long)]
        json: bool,
    },
    /// Check the configuration file (problems with file, line and key), or print a
    /// commented default one.
    Config {
        /// Print the default configuration, every setting commented.
        #[arg(long)]
        default: bool,
        /// Print where the configuration, saved place and notes are kept.
        #[arg(long, conflicts_with = "default")]
        paths: bool,
    },
    /// Export bookmarks and notes with citations (document, author, date, passage),
    /// or add and delete them as the reader's `m`, `a` and `d` do.
    #[command(args_conflicts_with_subcommands = true)]
    Notes {
        #[command(subcommand)]
        change: Option<notes::Change>,
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        #[arg(long)]
        markdown: bool,
    },
    /// Print a shell completion script: `parallax completions bash > …`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `parallax man > parallax.1`.
    Man,
}

/// Runs a command; returns the process exit code. The environment (XDG folders,
/// home) is read here and nowhere deeper: see [`Paths::from_env`].
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<i32> {
    let paths = Paths::from_env(cli.config.clone());
    run_with(cli, &paths, out, err)
}

/// Runs a command with the folders given: tests vary them freely.
pub fn run_with(
    cli: Cli,
    paths: &Paths,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(command) = cli.command else {
        let setup = Setup::load(paths, &cli.texts);
        return run_reader(setup, paths, &cli.open, cli.fresh, err);
    };
    // Commands that read no documents and no configuration.
    match &command {
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(*shell, &mut command, "parallax", out);
            return Ok(0);
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(out)?;
            return Ok(0);
        }
        Command::Config {
            default: true,
            paths: _,
        } => {
            write!(out, "{}", crate::config::file::Config::default_file())?;
            return Ok(0);
        }
        _ => {}
    }
    let setup = Setup::load(paths, &cli.texts);
    if !matches!(command, Command::Config { .. }) {
        for problem in &setup.problems {
            writeln!(err, "warning: {problem}")?;
        }
    }
    let texts = &setup.texts;
    match command {
        Command::List { json } => {
            let library = Library::load(texts, err)?;
            library::list(&library, json, out)
        }
        Command::Check { paths, json } => library::check(texts, &paths, json, out),
        Command::Dates { targets, json } => {
            let library = Library::load(texts, err)?;
            chrono::dates(&library, &targets, json, out)
        }
        Command::At { date, json } => {
            let library = Library::load(texts, err)?;
            chrono::at(&library, &date, json, out)
        }
        Command::Events { json } => {
            let library = Library::load(texts, err)?;
            chrono::events(&library, json, out)
        }
        Command::Related {
            passage,
            quote,
            json,
        } => {
            let library = Library::load(texts, err)?;
            chrono::related(&library, passage.as_deref(), quote.as_deref(), json, out)
        }
        Command::Import {
            file,
            output,
            title,
            author,
            lossy,
        } => library::import(
            &file,
            library::ImportTarget {
                output: output.as_deref(),
                folder: texts.first().map(PathBuf::as_path),
            },
            title,
            author,
            lossy,
            out,
            err,
        ),
        Command::Render {
            size,
            keys,
            before_dating,
            open,
        } => {
            let library = Library::load(texts, err)?;
            let screen = if before_dating {
                let area = ratatui::layout::Rect::new(0, 0, size.0, size.1);
                let (app, _dating) = reader::build_live_app(library, &open, &setup.config, area)?;
                reader::buffer_text(&reader::render_app(app, size.0, size.1, &keys)?)
            } else {
                reader::render_with_config(library, &open, &setup.config, size.0, size.1, &keys)?
            };
            write!(out, "{screen}")?;
            Ok(0)
        }
        Command::Synopsis(args) => {
            let library = Library::load(&cli.texts, err)?;
            synopsis::synopsis(&library, &args, out)
        }
        Command::Footnotes { doc, json } => {
            let library = Library::load(texts, err)?;
            library::footnotes(&library, &doc, json, out)
        }
        Command::Config { paths: true, .. } => paths::print(paths, out),
        Command::Config { .. } => paths::check_config(paths, &setup, out),
        Command::Notes {
            change: Some(change),
            ..
        } => {
            let library = Library::load(texts, err)?;
            notes::change(&library, &paths.store, change, out, err)
        }
        Command::Notes {
            change: None,
            json,
            markdown,
        } => {
            let library = Library::load(texts, err)?;
            let format = match (json, markdown) {
                (true, _) => notes::Format::Json,
                (_, true) => notes::Format::Markdown,
                _ => notes::Format::Text,
            };
            notes::export(&library, &paths.store, format, out, err)
        }
        Command::Completions { .. } | Command::Man => Ok(0),
    }
}

fn run_reader(
    setup: Setup,
    paths: &Paths,
    open: &OpenArgs,
    fresh: bool,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    if let Some(problem) = crate::terminal::unsuitable_terminal() {
        anyhow::bail!(problem);
    }
    let library = Library::load(&setup.texts, err)?;
    let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
    let size = ratatui::layout::Rect::new(0, 0, width, height);
    let (mut app, dating) = reader::build_live_app(library, open, &setup.config, size)?;
    let mut notices = setup.problems.clone();
    notices.extend(reader::restore_session(&mut app, &paths.store, open, fresh));
    app.show_notices(notices);
    for warning in crate::terminal::run(&mut app, &paths.store, Some(dating))? {
        writeln!(err, "parallax: {}", crate::sanitize::clean_line(&warning))?;
    }
    Ok(0)
}
