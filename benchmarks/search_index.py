"""Search benchmark: Pagefind index size and first-query time on a synthetic site.

    .venv/bin/python benchmarks/search_index.py [--articles 1000]

Writes N valid articles into a copy of content/, builds the site with the local
settings (Pagefind runs as part of the build), then measures the index on disk
and, in real Chromium (a new one each time, so a cold cache), two times, each the
median of five: opening the search page with ?q= until the first results are
shown (loading Pagefind's script, WebAssembly and index chunks included), and
typing the query into the open search page until its results are shown (the
goal: 300 ms at 1,000 pages). Prints a table.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, CONTENT, build_site, serve  # noqa: E402 - after sys.path

WORDS = [
    "muscle", "joint", "shoulder", "knee", "back", "neck", "posture", "stretch", "strength",
    "balance", "recovery", "exercise", "tendon", "ligament", "sprain", "strain", "mobility",
    "walking", "sleep", "desk", "lifting", "running", "ankle", "hip", "wrist", "elbow",
    "headache", "massage", "needling", "physiotherapy", "chiropractic",
]
CATEGORIES = ["Treatments", "Conditions", "Recovery", "Everyday health"]
SERVICES = ["physiotherapy", "massage-therapy", "chiropractic-care", "dry-needling-ims"]


def synthetic_article(number: int, rng: random.Random) -> str:
    title = f"Synthetic article {number}: {' '.join(rng.sample(WORDS, 3))}"
    paragraphs = "\n\n".join(" ".join(rng.choices(WORDS, k=120)).capitalize() + "."
                             for _ in range(6))
    return f"""---
title: "{title}"
slug: synthetic-{number}
date: 2026-01-01
summary: "A synthetic article for the search benchmark, about {rng.choice(WORDS)}."
category: {rng.choice(CATEGORIES)}
tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]
author: apollo-clinic
services: [{rng.choice(SERVICES)}]
reviewed_by: apollo-clinic
last_reviewed: 2026-01-01
---

## About this topic

{paragraphs}
"""


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def first_query_ms(output: Path, query: str, runs: int = 5) -> dict:
    """Median times, each in a new (cold) Chromium: opening /search/?q= until results
    show, and typing the query into an opened search page until results show."""
    import statistics

    from playwright.sync_api import sync_playwright

    opened, typed, shown = [], [], 0
    with serve(output) as base, sync_playwright() as playwright:
        for _run in range(runs):
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(f"{base}/search/?q={query}")
            page.wait_for_function(
                "() => document.querySelectorAll('[data-search-results] li').length > 0",
                timeout=60_000)
            opened.append((time.perf_counter() - started) * 1000)
            shown = page.locator("[data-search-results] li").count()
            browser.close()

            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{base}/search/", wait_until="networkidle")
            started = time.perf_counter()
            page.fill("#search-page-query", query)
            page.wait_for_function(
                "() => document.querySelectorAll('[data-search-results] li').length > 0",
                timeout=60_000, polling=5)
            typed.append((time.perf_counter() - started) * 1000)
            browser.close()
    return {"opened_ms": statistics.median(opened), "typed_ms": statistics.median(typed),
            "opened_all": opened, "typed_all": typed, "shown": shown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--query", default="shoulder")
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(CONTENT, content)
        for number in range(args.articles):
            (content / "articles" / f"synthetic-{number}.md").write_text(
                synthetic_article(number, rng), encoding="utf-8")
        started = time.perf_counter()
        site = build_site(Path(tmp) / "output", content=content)
        build_s = time.perf_counter() - started
        index_bytes, index_files = folder_size(site.output / "pagefind")
        fragments = len(list((site.output / "pagefind").glob("*/fragment/*")))
        timing = first_query_ms(site.output, args.query)
    rows = [
        ("articles (synthetic + real)", f"{args.articles} + 1"),
        ("pages indexed", str(fragments)),
        ("build incl. Pagefind (s)", f"{build_s:.1f}"),
        ("index size on disk (MB)", f"{index_bytes / 1e6:.2f}"),
        ("index files", str(index_files)),
        (f"open /search/?q={args.query} until results, median of 5 (ms)",
         f"{timing['opened_ms']:.0f} ({', '.join(f'{t:.0f}' for t in timing['opened_all'])})"),
        (f"type '{args.query}' on the open page until results, median of 5 (ms)",
         f"{timing['typed_ms']:.0f} ({', '.join(f'{t:.0f}' for t in timing['typed_all'])})"),
        ("results shown", str(timing["shown"])),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |\n|{'-' * (width + 2)}|-------|")
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
