use clap::Parser;
use parallax::cli::{self, Cli};

fn main() {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr();
    match cli::run(cli, &mut out, &mut err) {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            eprintln!(
                "parallax: {}",
                parallax::sanitize::clean(&format!("{error:#}"))
            );
            std::process::exit(2);
        }
    }
}
