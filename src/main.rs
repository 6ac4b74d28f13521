use clap::Parser;
use parallax::cli::{self, Cli};
use std::io::Write;

fn main() {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr();
    match cli::run(cli, &mut out, &mut err) {
        Ok(code) => std::process::exit(code),
        // A reader of our output that stops early (`parallax dates | head`) is not
        // an error worth a message.
        Err(error) if is_broken_pipe(&error) => std::process::exit(0),
        Err(error) => {
            // Not eprintln!: it panics when stderr is gone (a closed terminal).
            let _ = writeln!(
                std::io::stderr(),
                "parallax: {}",
                parallax::sanitize::clean(&format!("{error:#}"))
            );
            std::process::exit(2);
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
