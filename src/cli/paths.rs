//! Where the reader's files live, and the configuration read from there. This is
//! the binary's edge: the only place that looks at the environment (XDG folders,
//! the home folder), through the `directories` crate so each platform gets its own
//! conventions (`~/.config` and `~/.local/state` on Linux, `~/Library/…` on macOS,
//! `%APPDATA%` on Windows). Everything deeper receives paths and a `&Config`.

use crate::config::file::Config;
use crate::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct Paths {
    /// The configuration file (it need not exist).
    pub config_file: Option<PathBuf>,
    pub home: Option<PathBuf>,
    /// Saved place, bookmarks and notes.
    pub store: Store,
}

impl Paths {
    /// The platform's folders; `--config FILE` replaces the configuration file.
    pub fn from_env(config: Option<PathBuf>) -> Paths {
        let project = directories::ProjectDirs::from("", "", "parallax");
        let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
        let config_file =
            config.or_else(|| project.as_ref().map(|p| p.config_dir().join("config.toml")));
        // Only Linux and the BSDs have a state folder; elsewhere the local data
        // folder is where such files go.
        let state = project.as_ref().map(|p| {
            p.state_dir()
                .map_or_else(|| p.data_local_dir().to_path_buf(), Path::to_path_buf)
        });
        Paths {
            config_file,
            home,
            store: Store { dir: state },
        }
    }
}

/// The configuration and what follows from it for one run.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub config: Config,
    /// Text folders: `--texts` first (so `import` writes there), then the config's.
    pub texts: Vec<PathBuf>,
    /// Problems for the user: located config problems, missing text folders.
    pub problems: Vec<String>,
}

impl Setup {
    pub fn load(paths: &Paths, cli_texts: &[PathBuf]) -> Setup {
        let (config, problems) = match &paths.config_file {
            Some(file) => Config::load(file),
            None => (Config::default(), Vec::new()),
        };
        let mut problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let config_dir = paths
            .config_file
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."));
        let mut texts = cli_texts.to_vec();
        for folder in config.text_folders(config_dir, paths.home.as_deref()) {
            if !folder.is_dir() {
                problems.push(format!(
                    "{}: texts folder {}: not a folder; left out",
                    shown(paths.config_file.as_deref()),
                    crate::sanitize::clean_line(&folder.display().to_string())
                ));
            } else if !texts.contains(&folder) {
                texts.push(folder);
            }
        }
        Setup {
            config,
            texts,
            problems,
        }
    }
}

fn shown(path: Option<&Path>) -> String {
    path.map_or_else(
        || "config".to_string(),
        |p| crate::sanitize::clean_line(&p.display().to_string()).into_owned(),
    )
}

/// `parallax config --paths`.
pub fn print(paths: &Paths, out: &mut dyn Write) -> anyhow::Result<i32> {
    let show = |p: Option<PathBuf>| {
        p.map_or_else(
            || "(none: no home folder)".to_string(),
            |p| crate::sanitize::clean_line(&p.display().to_string()).into_owned(),
        )
    };
    writeln!(out, "config  {}", show(paths.config_file.clone()))?;
    writeln!(out, "state   {}", show(paths.store.state_file()))?;
    writeln!(out, "notes   {}", show(paths.store.notes_file()))?;
    Ok(0)
}

/// `parallax config`: every problem of the configuration file, exit 1 if any.
pub fn check_config(paths: &Paths, setup: &Setup, out: &mut dyn Write) -> anyhow::Result<i32> {
    let file = shown(paths.config_file.as_deref());
    let exists = paths.config_file.as_deref().is_some_and(Path::exists);
    for problem in &setup.problems {
        writeln!(out, "{problem}")?;
    }
    if setup.problems.is_empty() {
        if exists {
            writeln!(out, "{file}: no problems")?;
        } else {
            writeln!(
                out,
                "{file}: no such file; the defaults apply (`parallax config --default` prints them)"
            )?;
        }
        Ok(0)
    } else {
        writeln!(out, "{} problem(s)", setup.problems.len())?;
        Ok(1)
    }
}
