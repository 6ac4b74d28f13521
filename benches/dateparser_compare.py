#!/usr/bin/env python3
"""Python's dateparser on the bundled texts, for the side-by-side figure in BENCHMARKS.md.

Runs ``dateparser.search.search_dates`` over every paragraph of the bundled texts
(``texts/*.md``: front matter dropped, Markdown marks stripped, one paragraph per
blank-line block, as the tagger sees the passages) and prints MB/s of plain text.
Compare with ``cargo bench --bench reader -- tagging`` run right after, on the same
machine: the tagger's MB/s over this script's is the ratio.

    pip install dateparser
    python3 benches/dateparser_compare.py [--repeat N] [--write-text FILE]

``--write-text`` also writes the paragraphs, so that ``parallax dates FILE`` can be
timed on exactly the same text.
"""

import argparse
import pathlib
import re
import statistics
import time

import dateparser
from dateparser.search import search_dates

ROOT = pathlib.Path(__file__).resolve().parent.parent


def paragraphs(markdown: str) -> list[str]:
    """The passages of a bundled document, as plain single-line text."""
    if markdown.startswith("+++"):
        markdown = markdown.split("+++", 2)[2]
    out = []
    for block in re.split(r"\n\s*\n", markdown):
        text = " ".join(line.strip() for line in block.splitlines()).strip()
        if not text or text == "***":
            continue
        text = re.sub(r"^#+\s*", "", text)  # heading marks
        text = re.sub(r"^>\s*", "", text)  # quotes
        text = re.sub(r"^[-*]\s+", "", text)  # list items
        text = re.sub(r"^\[\^[^\]]+\]:\s*", "", text)  # footnote definitions
        text = re.sub(r"\[\^[^\]]+\]", "", text)  # footnote references
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links
        text = re.sub(r"\s*\{#[^}]*\}\s*$", "", text)  # anchors
        if text:
            out.append(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (median)")
    parser.add_argument("--write-text", type=pathlib.Path)
    args = parser.parse_args()

    texts = []
    for path in sorted((ROOT / "texts").glob("*.md")):
        texts.extend(paragraphs(path.read_text(encoding="utf-8")))
    size = sum(len(text.encode("utf-8")) for text in texts)
    if args.write_text:
        args.write_text.write_text("\n\n".join(texts) + "\n", encoding="utf-8")

    # English only: with language detection dateparser is several times slower still.
    settings = {"PREFER_DATES_FROM": "past"}
    search_dates("warm-up on 18 March 1871", languages=["en"], settings=settings)
    times = []
    found = 0
    for _ in range(args.repeat):
        found = 0
        start = time.perf_counter()
        for text in texts:
            found += len(search_dates(text, languages=["en"], settings=settings) or [])
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"dateparser {dateparser.__version__}: {len(texts)} paragraphs, {size} bytes")
    print(f"runs (s): {', '.join(f'{t:.2f}' for t in times)}; median {median:.2f} s")
    print(f"{size / median / 1e6:.4f} MB/s ({size / median / 2**20:.4f} MiB/s), {found} dates found")


if __name__ == "__main__":
    main()
