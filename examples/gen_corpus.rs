//! Writes a reproducible scale corpus of parallax documents: N documents of
//! realistic structure (headings, paragraphs, block quotes, lists, footnotes,
//! dates spread over 1870–1871), from a seed.
//!
//! `cargo run --release --example gen_corpus -- --docs 500 --mb 100 OUT`
//! (`--seed N` to vary it). The figures in BENCHMARKS.md come from this.

use parallax::time::date::month_name;
use std::fmt::Write as _;
use std::path::PathBuf;

/// xorshift64*: small, fast and reproducible across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "the National Guard",
    "the Central Committee",
    "the workers of Belleville",
    "Thiers",
    "the government of National Defence",
    "the battalions of Montmartre",
    "the women of the quarter",
    "the Versailles army",
    "the delegates of the International",
    "the Commune",
    "the clubs",
    "General Vinoy",
    "the mayors of Paris",
    "the Blanquists",
    "the federated battalions",
];

const VERBS: &[&str] = &[
    "marched on",
    "occupied",
    "defended",
    "abandoned",
    "proclaimed",
    "denounced",
    "surrounded",
    "negotiated with",
    "fired on",
    "fraternized with",
    "elected",
    "decreed",
    "barricaded",
];

const OBJECTS: &[&str] = &[
    "the Hôtel de Ville",
    "the cannons of the Butte",
    "the Bank of France",
    "the forts of the south",
    "the Place Vendôme",
    "the ramparts",
    "the gates of Saint-Cloud",
    "the bakeries",
    "the committee of public safety",
    "the Assembly at Versailles",
    "the rue Haxo",
    "Père Lachaise",
];

const CLAUSES: &[&str] = &[
    "while the bells rang the alarm",
    "as the rain fell on the boulevards",
    "though no order had come",
    "before the bourgeois quarters woke",
    "and the crowd grew by the hour",
    "despite the hunger of the siege",
    "as the newspapers had foretold",
    "without firing a shot",
];

fn date(rng: &mut Rng) -> String {
    let year = if rng.below(3) == 0 { 1870 } else { 1871 };
    let month = if year == 1870 {
        7 + rng.below(6)
    } else {
        1 + rng.below(6)
    };
    let day = 1 + rng.below(28);
    match rng.below(4) {
        0 => format!("{day} {} {year}", month_name(month as u8)),
        1 => format!("{} {day}, {year}", month_name(month as u8)),
        2 => format!("the {day}th of {}", month_name(month as u8)),
        _ => format!("{} {day}th", month_name(month as u8)),
    }
}

fn sentence(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.below(3) == 0 {
        let _ = write!(s, "On {}, ", date(rng));
    }
    let subject = rng.pick(SUBJECTS);
    let _ = write!(s, "{subject} {} {}", rng.pick(VERBS), rng.pick(OBJECTS));
    if rng.below(2) == 0 {
        let _ = write!(s, " {}", rng.pick(CLAUSES));
    }
    s.push('.');
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn paragraph(rng: &mut Rng, notes: &mut Vec<String>) -> String {
    let count = 3 + rng.below(6);
    let mut text: Vec<String> = (0..count).map(|_| sentence(rng)).collect();
    if rng.below(4) == 0 {
        notes.push(format!(
            "See the testimony of {} in the {}.",
            rng.pick(SUBJECTS),
            rng.pick(OBJECTS)
        ));
        let last = text.len() - 1;
        text[last] = format!("{}[^{}]", text[last], notes.len());
    }
    text.join(" ")
}

fn document(rng: &mut Rng, index: usize, bytes: usize) -> String {
    let mut out = format!(
        "+++\nid = \"gen-{index:04}\"\ntitle = \"Generated account {index}\"\nauthor = \"Witness {index}\"\npublished = \"1872\"\nkind = \"generated\"\n+++\n\n"
    );
    let mut notes = Vec::new();
    let mut section = 0;
    while out.len() < bytes {
        if out.len() > section * 8_000 {
            section += 1;
            let _ = writeln!(out, "## {}\n", date(rng));
        }
        match rng.below(12) {
            0 => {
                let _ = writeln!(out, "> {}\n", paragraph(rng, &mut notes));
            }
            1 => {
                for _ in 0..3 {
                    let _ = writeln!(out, "- {}", sentence(rng));
                }
                out.push('\n');
            }
            _ => {
                let _ = writeln!(out, "{}\n", paragraph(rng, &mut notes));
            }
        }
    }
    for (number, note) in notes.iter().enumerate() {
        let _ = writeln!(out, "[^{}]: {note}", number + 1);
    }
    out
}

fn main() {
    let mut docs = 10usize;
    let mut megabytes = 10f64;
    let mut seed = 1871u64;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--docs" => docs = args.next().and_then(|v| v.parse().ok()).unwrap_or(docs),
            "--mb" => {
                megabytes = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(megabytes)
            }
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            _ => out = Some(PathBuf::from(arg)),
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen_corpus [--docs N] [--mb MB] [--seed N] OUT_DIR");
        std::process::exit(2);
    };
    if let Err(error) = std::fs::create_dir_all(&out) {
        eprintln!("{}: {error}", out.display());
        std::process::exit(2);
    }
    let mut rng = Rng(seed.max(1));
    let per_doc = ((megabytes * 1_000_000.0) / docs.max(1) as f64) as usize;
    for index in 0..docs {
        let text = document(&mut rng, index, per_doc);
        let path = out.join(format!("gen-{index:04}.md"));
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("{}: {error}", path.display());
            std::process::exit(2);
        }
    }
    eprintln!(
        "wrote {docs} documents, about {megabytes} MB, to {}",
        out.display()
    );
}
