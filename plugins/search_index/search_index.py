"""Site search: Pagefind indexes the built site at the end of every build.

Pagefind (PyPI ``pagefind[bin]``) is the static search many generators use: it
writes a compressed index and its own small JavaScript, and the browser fetches only
the pieces a query needs; no server, no third party. Only elements marked
``data-pagefind-body`` are indexed (the theme puts it on the main content of
articles and service pages that are not ``noindex``), so navigation, footers,
listings, drafts and noindex pages stay out. Inside it, what only points elsewhere
(related cards, a service's article list, topics, contents, the pager, language
links, contact boxes) carries ``data-pagefind-ignore``: a page is found for its own
words, not for the titles of the pages it links to. Filters (category, service)
come from ``data-pagefind-filter`` meta tags in the head.

The index is built in parts (parts.py): each language's pages split by a hash of
their path into ``ceil(pages / pages_per_part)`` parts, one Pagefind run per part (one
after the other in a cold build, side by side when an edit left only some stale), and
a part whose pages did not change comes from the cache. Each part is a
bundle in ``pagefind/<part>/``; ``pagefind/parts.json`` lists them, and the search
page merges them in the browser.

There is no official Pelican plugin for Pagefind, hence this small one: it runs
the CLI that the PyPI package ships, on ``finalized``, so nobody runs it by hand.

In a live session (``invoke livereload``) the index runs in a background thread:
it takes longer than rebuilding the edited pages, and the browser should refresh
as soon as the pages are written. Search catches up a moment later; the next
rebuild stops an index run that is still going and starts a new one.

Setting (merged over DEFAULTS):
    SEARCH_INDEX = {
        "enabled": True,
        "exclude_selectors": [".cta", ".disclaimer", ".section-heading__anchor"],
        "bundle_dir": "pagefind",
        "pages_per_part": 500,
    }
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from site_core import build_state, is_noindex, plugin_settings

from .parts import IndexRun, pagefind_base_command

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True,
            "exclude_selectors": [".cta", ".disclaimer", ".section-heading__anchor"],
            "bundle_dir": "pagefind",
            "pages_per_part": 500}


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "SEARCH_INDEX", DEFAULTS)
    if not isinstance(merged["exclude_selectors"], (list, tuple)):
        raise ValueError("SEARCH_INDEX: exclude_selectors must be a list of CSS selectors")
    per_part = merged["pages_per_part"]
    if isinstance(per_part, bool) or not isinstance(per_part, int) or per_part < 1:
        raise ValueError("SEARCH_INDEX: pages_per_part must be a whole number of pages, 1 or more")
    return merged


def index_run(settings: dict, output_path: str) -> IndexRun:
    options = settings_for(settings)
    state = build_state(settings)
    # A live session remembers each written page's search facts by its file stamp.
    known = state.memo("search_index.pages", dict) if state.live is not None else None
    return IndexRun(Path(output_path), Path(settings["CACHE_PATH"]) / "search_index", options,
                    settings.get("DEFAULT_LANG", "en"), pagefind_base_command(options),
                    reuse=bool(settings.get("LOAD_CONTENT_CACHE", True)), known=known)


def background_run() -> dict:
    """A live session's index run in the background: its ``IndexRun`` ("run"), thread
    and exit status, in the memos, which the session hands to each of its builds."""
    return build_state().memo("search_index.background", dict)


def stop_background_index() -> None:
    """Stop a live session's index run that has not finished (a new build starts).

    A part is copied into the site only when whole, so a stopped run leaves the
    last complete bundle of each part in place; the next run brings them up to date."""
    background = background_run()
    run, thread = background.pop("run", None), background.pop("thread", None)
    if run is not None:
        run.stop()
    if thread is not None:
        thread.join()


def wait_for_background_index(timeout: float | None = None) -> int | None:
    """Wait for a live session's index run; its exit status, or None if there was none."""
    background = background_run()
    thread = background.get("thread")
    if thread is None:
        return None
    thread.join(timeout)
    return background.get("status")


def check_settings(pelican) -> None:
    """Checks SEARCH_INDEX; stops a live session's index run still going from the last rebuild."""
    settings_for(pelican.settings)
    stop_background_index()


def run_and_report(run: IndexRun, background: dict | None = None) -> int:
    status = run.run()
    if background is not None:
        background["status"] = status
    if run.failure is not None:
        logger.error("search_index: Pagefind failed (exit %s): %s", status, run.failure)
    elif status == 0:
        logger.info("search_index: %d part(s) indexed, the rest from the cache, in %.2f s",
                    len(run.indexed), run.seconds)
    return status


def build_index(pelican) -> None:
    """Indexes the written pages, only the parts that changed (in the background in a live session)."""
    if not settings_for(pelican.settings)["enabled"]:
        return
    run = index_run(pelican.settings, pelican.output_path)
    state = build_state(pelican.settings)
    state.parts["search_index.run"] = run  # what was indexed, for tests and benchmarks
    if state.live is not None:
        background = background_run()
        thread = threading.Thread(target=run_and_report, args=(run, background),
                                  name="search index", daemon=True)
        background.update(run=run, thread=thread, status=None)
        thread.start()
        return
    run_and_report(run)


def search_body_for(page_context) -> str:
    """The attribute that puts a page's main content in the index, or nothing."""
    article, page = page_context.get("article"), page_context.get("page")
    indexable = article is not None or getattr(page, "is_service", False)
    return " data-pagefind-body" if indexable and not is_noindex(page_context) else ""


@pass_context
def search_body(context) -> Markup:
    return Markup(search_body_for(context))  # noqa: S704 - a fixed attribute or nothing


def add_global(generator) -> None:
    """Templates get search_body(): the data-pagefind-body mark on indexable pages, and
    search_bundle: the folder the index's parts and parts.json are written to."""
    generator.env.globals["search_body"] = search_body
    generator.env.globals["search_bundle"] = settings_for(generator.settings)["bundle_dir"]


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_global)
    signals.finalized.connect(build_index)
