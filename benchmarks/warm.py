"""(c) of the benchmark: a warm livereload session, then one article edited.

    python -m benchmarks.warm CONTENT OUTPUT CACHE RESULT_JSON

Builds once with the local settings through the same `LiveSite` that
`invoke livereload` uses (untimed: the session is already running), edits one
article, and times the rebuild that the file watcher would start: the time
until the browser is told to refresh. The search index is rebuilt in the
background after that (plugins/search_index); ``search_ready_s`` is the time
until it is done, from the start of the rebuild.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.generate import edit_one_article

ROOT = Path(__file__).resolve().parent.parent


def main(content: str, output: str, cache: str, result: str) -> None:
    sys.path.insert(0, str(ROOT))
    from live import LiveSite

    site = LiveSite(
        ROOT / "pelicanconf.py",
        {"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache},
    )
    from search_index import wait_for_background_index

    start = time.perf_counter()
    site.rebuild()
    wait_for_background_index()
    first = time.perf_counter() - start
    edited = edit_one_article(Path(content))
    start = time.perf_counter()
    site.rebuild(changed=[str(edited)])
    rebuild = time.perf_counter() - start
    wait_for_background_index()
    search_ready = time.perf_counter() - start
    Path(result).write_text(json.dumps({
        "first_build_s": round(first, 3), "rebuild_s": round(rebuild, 3),
        "search_ready_s": round(search_ready, 3),
        "rendered_after_edit": site.last_rendered_count,
    }))


if __name__ == "__main__":
    main(*sys.argv[1:5])
