"""Lighthouse 12, mobile settings, on the home page, an article, a service page and search.

    .venv/bin/invoke lighthouse          (or: .venv/bin/python benchmarks/lighthouse.py)
    .venv/bin/invoke lighthouse --translations   (the right-to-left Urdu test article)

Builds the site with the production settings into a temporary folder, with SITEURL
pointing at a local server on 127.0.0.1 (so the absolute URLs of a production build
resolve), serves it, and runs `npx --yes lighthouse@12` (fetched on demand, not part of
package.json) against Debian's Chromium. Prints the four category scores and the
page weight of each page, and keeps the JSON reports in benchmarks/results/.
The goal is 100 in every category on every page. Not a timed test: Lighthouse takes
about 15 seconds a page.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, QuietHandler, free_port  # noqa: E402 - after sys.path

RESULTS = ROOT / "benchmarks" / "results"
PAGES = {
    "home": "",
    "article": "articles/everything-about-dry-needling/",
    "service": "services/physiotherapy/",
    "search": "search/?q=needling",  # search as the reader types must keep it at 100
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join(CHROMIUM_ARGS)


# With --translations: the Urdu test translation (tests/data/translations), the
# right-to-left article page, on the same production build plus the test files.
TRANSLATED_PAGES = {"urdu-article": "ur/articles/everything-about-dry-needling/"}


def build(output: Path, site_url: str, content: Path = ROOT / "content",
          settings: tuple[str, ...] = ()) -> None:
    env = {**os.environ, "SITEURL": site_url}
    subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s",
         str(ROOT / "publishconf.py"), "-o", str(output), "--log-handler", "plain",
         *(["-e", *settings] if settings else [])],
        cwd=ROOT, env=env, check=True,
    )


def lighthouse(url: str, report: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", str(CHROMIUM))}
    subprocess.run(
        ["npx", "--yes", "lighthouse@12", url, f"--chrome-flags={CHROME_FLAGS}",
         "--output=json", f"--output-path={report}", "--form-factor=mobile",
         "--only-categories=" + ",".join(CATEGORIES), "--quiet"],
        cwd=ROOT, env=env, check=True,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def summary(result: dict) -> dict:
    audits = result["audits"]
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    requests = audits["network-requests"]["details"]["items"]
    return {
        **scores,
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failed": sorted(
            audit_id for name in CATEGORIES
            for audit_id in (ref["id"] for ref in result["categories"][name]["auditRefs"])
            if audits[audit_id].get("score") is not None and audits[audit_id]["score"] < 1
            and audits[audit_id].get("scoreDisplayMode") in ("binary", "numeric")
            and ref_weight(result, name, audit_id) > 0
        ),
    }


def ref_weight(result: dict, category: str, audit_id: str) -> float:
    return next(ref["weight"] for ref in result["categories"][category]["auditRefs"]
                if ref["id"] == audit_id)


def main() -> int:
    translations = "--translations" in sys.argv[1:]
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        pages = PAGES
        if translations:
            from test_translations import translated_content

            # Not strict: the theme's catalogs are not checked yet (a strict build
            # refuses a published translation that uses one).
            build(output, base, translated_content(Path(folder)), ('GUARDRAILS={"strict": false}',))
            pages = TRANSLATED_PAGES
        else:
            build(output, base)
        server = ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(QuietHandler, directory=str(output)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        rows = {}
        try:
            for name, path in pages.items():
                rows[name] = summary(lighthouse(f"{base}/{path}", RESULTS / f"{name}.json"))
        finally:
            server.shutdown()
    header = (f"{'page':<12} {'perf':>4} {'a11y':>4} {'best':>4} {'seo':>4} {'bytes':>7} "
              f"{'reqs':>4} {'LCP ms':>6}  CLS")
    print(header)
    for name, row in rows.items():
        print(f"{name:<12} {row['performance']:>4} {row['accessibility']:>4} "
              f"{row['best-practices']:>4} {row['seo']:>4} {row['bytes']:>7} "
              f"{row['requests']:>4} {row['lcp_ms']:>6}  {row['cls']:.3f}")
        if row["failed"]:
            print(f"         below full marks: {', '.join(row['failed'])}")
    perfect = all(row[name] == 100 for row in rows.values() for name in CATEGORIES)
    print("All 100." if perfect else "Not all 100: see the audits above and benchmarks/results/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
