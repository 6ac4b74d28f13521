//! Bundles texts/*.md into the binary, so `parallax` reads the
//! same texts from any directory after `cargo install`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let texts = Path::new(&manifest_dir).join("texts");
    println!("cargo:rerun-if-changed={}", texts.display());
    let mut names: Vec<String> = std::fs::read_dir(&texts)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("pub const TEXTS: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = texts.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = std::fs::write(Path::new(&out).join("bundled_texts.rs"), code) {
        println!("cargo:warning=could not write the bundled texts list: {error}");
    }
}
