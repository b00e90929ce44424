"""Search benchmark: Pagefind index size and first-query time on a synthetic site.

    .venv/bin/python -m benchmarks.search_index [--articles 1000] [--pages-per-part 100 500]

Generates N articles as ``invoke bench`` does (generate.py) and, for each part size given
(SEARCH_INDEX's ``pages_per_part``; default: the setting's default), builds the
site with the local settings (Pagefind runs as part of the build), then edits one
article and builds again with the cache (only the parts holding a changed page are
indexed again). It measures the index on disk, the index run's time in both builds
and, in real Chromium (a new one each time, so a cold cache), two times, each the
median of five: opening the search page with ?q= until the first results are
shown (loading Pagefind's script, WebAssembly and index chunks included), and
typing the query into the open search page until its results are shown (the
goal: 300 ms at 1,000 pages). Prints a table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from benchmarks.generate import edit_one_article, generate  # noqa: E402 - after sys.path
from conftest import CHROMIUM, CHROMIUM_ARGS, build_site, serve  # noqa: E402 - after sys.path
from search_index import settings_for  # noqa: E402 - the plugins are on sys.path after conftest
from site_core import build_state  # noqa: E402 - the plugins are on sys.path after conftest


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


def measure_part_size(content: Path, folder: Path, pages_per_part: int, query: str) -> list[str]:
    """One column of the table: a cold build, one edit built with the cache, Chromium."""
    output, cache = folder / "output", folder / "cache"
    settings = {"CACHE_PATH": str(cache), "SEARCH_INDEX": {"pages_per_part": pages_per_part}}
    started = time.perf_counter()
    site = build_site(output, content=content, **settings)
    build_s = time.perf_counter() - started
    cold = build_state(site.settings).parts["search_index.run"]
    index_bytes, index_files = folder_size(site.output / "pagefind")
    fragments = len(list((site.output / "pagefind").glob("*/fragment/*")))
    edited = content / "articles" / "article-00003.md"
    original = edited.read_text(encoding="utf-8")
    edit_one_article(content, index=3)
    try:
        warm_site = build_site(output, content=content, LOAD_CONTENT_CACHE=True, **settings)
    finally:
        edited.write_text(original, encoding="utf-8")
    warm = build_state(warm_site.settings).parts["search_index.run"]
    timing = first_query_ms(site.output, query)
    return [
        str(len(cold.parts)), str(fragments), f"{build_s:.1f}", f"{cold.seconds:.2f}",
        f"{warm.seconds:.2f} ({len(warm.indexed)} of {len(warm.parts)})",
        f"{index_bytes / 1e6:.2f}", str(index_files),
        f"{timing['opened_ms']:.0f} ({', '.join(f'{t:.0f}' for t in timing['opened_all'])})",
        f"{timing['typed_ms']:.0f} ({', '.join(f'{t:.0f}' for t in timing['typed_all'])})",
        str(timing["shown"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--query", default="shoulder")
    parser.add_argument("--pages-per-part", type=int, nargs="+",
                        default=[settings_for({})["pages_per_part"]])
    args = parser.parse_args()
    columns = []
    with tempfile.TemporaryDirectory() as tmp:
        content = generate(Path(tmp) / "generated", args.articles)["site"] / "content"
        for pages_per_part in args.pages_per_part:
            folder = Path(tmp) / f"per-part-{pages_per_part}"
            columns.append(measure_part_size(content, folder, pages_per_part, args.query))
    labels = [
        "parts (pagefind/<part>/)",
        "pages indexed",
        "cold build incl. Pagefind (s)",
        "cold build: index run (s)",
        "one article edited, build with cache: index run (s) (parts indexed)",
        "index size on disk (MB)",
        "index files",
        f"open /search/?q={args.query} until results, median of 5 (ms)",
        f"type '{args.query}' on the open page until results, median of 5 (ms)",
        "results shown",
    ]
    print(f"N = {args.articles} articles (benchmarks/generate.py)")
    header = ["measure", *(f"pages_per_part {size}" for size in args.pages_per_part)]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for number, label in enumerate(labels):
        print("| " + " | ".join([label, *(column[number] for column in columns)]) + " |")


if __name__ == "__main__":
    main()
