"""Edit-to-refresh time of `invoke livereload` on N synthetic articles, in Chromium.

    python -m benchmarks.live_latency --n 1000 --edits 5
    python -m benchmarks.live_latency --n 5000 --edits 5 --edit title

Starts the same live session as `invoke livereload` (``live.serve_live``) on
generated content in a child process, opens an article in Chromium, saves an edit
to its Markdown and times until the open page shows it: the file watcher, the
rebuild, the reload message and the browser's reload together. ``--edit text``
(the default) adds a sentence to the body; ``--edit title`` changes the title in
the front matter, which the article's page, the lists, its tag, category and
service pages and its neighbours show; ``--edit reviewed`` changes ``last_reviewed``
(the page's review line and structured data, its cards, the sitemap); ``--edit tags``
adds a topic, which makes a topic page and changes the lists and related articles
(the session links the site again without Pelican); ``--edit category`` moves the
article to the next of the generated categories (its breadcrumb shows it; two category
pages, the lists and its neighbours within each category change); ``--edit date``
moves its date a month on, then a day at a time (from the oldest of the generated
articles past about 75 others at 5,000: the list pages between its old and new places
show other articles, its neighbours change). It waits between
edits so that
the background search index of one edit does not slow the next. Prints each edit's
time and the median, then each rebuild's whole time in the session (a quick rebuild
tells the open page to reload as soon as that page is written, before the lists and
topic pages that also show the edit); writes nothing else.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.generate import CATEGORIES, generate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, open_live_page  # noqa: E402 - after sys.path


def serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - the loopback server this starts
            return True
    except OSError:
        return False


def serve(content: str, output: str, cache: str, port: int) -> None:
    """The child process: build once, then serve and rebuild on every save. Stopped
    (SIGTERM), it stops its search index run too, as `invoke livereload` does: a
    Pagefind process left behind would run on into the next benchmark."""
    sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]
    from live import LiveSite, serve_live
    from search_index import stop_background_index

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        site = LiveSite(ROOT / "pelicanconf.py",
                        {"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache})
        rebuild = site.rebuild

        def timed_rebuild(*args, **kwargs):
            # Each rebuild's whole time, in process: the open page reloads before a quick
            # rebuild has written the other pages that show the edit.
            start = time.perf_counter()
            done = rebuild(*args, **kwargs)
            with (Path(output).parent / REBUILD_TIMES).open("a", encoding="utf-8") as handle:
                handle.write(f"{time.perf_counter() - start:.3f}\n")
            return done

        site.rebuild = timed_rebuild
        site.rebuild()
        serve_live(site, [Path(content)], port)
    except KeyboardInterrupt:
        pass
    finally:
        stop_background_index()


REBUILD_TIMES = "rebuild-seconds.txt"  # written by the serving child, one line a rebuild

# The front matter line that each kind of edit replaces: (its field, the new line).
REPLACED_LINES = {
    "title": ("title", "title: Exercise after a sprain {marker}"),
    "reviewed": ("last_reviewed", "last_reviewed: {marker}"),
    "date": ("date", "date: '{marker}'"),
    "category": ("category", "category: {marker}"),
}


def save_edit(article: Path, kind: str, marker: str) -> None:
    """Save one edit to ``article``: a sentence at the end, a new title, a review date
    (``marker`` is the date), another date (the same), another category (``marker`` is
    its name) or one more topic."""
    if kind == "text":
        with article.open("a", encoding="utf-8") as handle:
            handle.write(f"\nMarker {marker}.\n")
        return
    lines = article.read_text(encoding="utf-8").split("\n")
    if kind in REPLACED_LINES:
        field, line_now = REPLACED_LINES[kind]
        at = next(number for number, line in enumerate(lines) if line.startswith(f"{field}:"))
        lines[at] = line_now.format(marker=marker)
    else:  # a new topic: a new topic page, the article's lists and links change
        at = next(number for number, line in enumerate(lines) if line.startswith("tags:"))
        lines.insert(at + 1, f"- {marker}")
    article.write_text("\n".join(lines), encoding="utf-8")


def measure(n: int, edits: int, work: Path, kind: str = "text") -> tuple[list[float], list[float]]:
    """Each edit's time from saving to the open page showing it, and each rebuild's whole
    time in the session (the first build's left out)."""
    from playwright.sync_api import sync_playwright

    content = generate(work / "content", n)["site"] / "content"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.live_latency", "--serve", str(content),
         str(work / "output"), str(work / "cache"), str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    article = content / "articles" / "article-00000.md"
    url = f"http://127.0.0.1:{port}/articles/article-00000/"
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page()
            # Any answer but 200 for the open page (a page being written again is
            # removed first) would show as a wrong page after a reload: counted.
            missing = []
            page.on("response", lambda response: missing.append(response.status)
                    if response.url == url and response.status != 200 else None)
            deadline = time.monotonic() + 600
            while not serving(url):  # the first build of N articles
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the live session did not start")
                time.sleep(1)
            open_live_page(page, url)
            time.sleep(5)  # the first build's search index, in the background
            for number in range(edits):
                # A review date shows formatted in the text; as written, in the
                # structured data in the page's head.
                marker = (f"2026-02-{10 + number:02d}" if kind == "reviewed"
                          else f"2020-02-{1 + number:02d}" if kind == "date"
                          else CATEGORIES[(number + 1) % len(CATEGORIES)] if kind == "category"
                          else f"latencymarker{number}")
                shown = {"reviewed": "document.documentElement.innerHTML",
                         # Checked while the reloaded page may still be loading: an
                         # element not there yet reads as empty.
                         "date": "(document.querySelector('.article__meta time') || {}).dateTime || ''",
                         "category": "(document.querySelector('.breadcrumbs') || {}).textContent || ''",
                         }.get(kind, "document.body && document.body.textContent")
                save_edit(article, kind, marker)
                start = time.perf_counter()
                page.wait_for_function(f"() => ({shown}).includes('{marker}')",
                                       timeout=60_000, polling=10)
                times.append(time.perf_counter() - start)
                time.sleep(5)
            browser.close()
        if missing:
            raise RuntimeError(f"the open page was answered {missing} during the edits")
    finally:
        server.terminate()
        server.wait(timeout=30)
    rebuilds = [float(line) for line in (work / REBUILD_TIMES).read_text(encoding="utf-8").split()]
    return times, rebuilds[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--edit", default="text",
                        choices=("text", "title", "reviewed", "tags", "category", "date"))
    parser.add_argument("--serve", nargs=4, metavar=("CONTENT", "OUTPUT", "CACHE", "PORT"))
    args = parser.parse_args(argv)
    if args.serve:
        content, output, cache, port = args.serve
        serve(content, output, cache, int(port))
        return 0
    work = Path(tempfile.mkdtemp(prefix=f"live-latency-{args.n}-"))
    try:
        times, rebuilds = measure(args.n, args.edits, work, args.edit)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"N = {args.n}, {args.edit} edit: saved -> open page shows it, in Chromium: "
          + ", ".join(f"{t:.2f}" for t in times)
          + f" s; median {statistics.median(times):.2f} s")
    print("  each rebuild, to its last page written, in the session: "
          + ", ".join(f"{t:.2f}" for t in rebuilds)
          + (f" s; median {statistics.median(rebuilds):.2f} s" if rebuilds else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
