"""The live preview's error box: a failed save shows its messages on the open page.

When a save breaks the build the preview keeps serving the last good pages (a
failed build writes nothing). Hugo's server and Vite then draw the error over the
page; so does ours: while the last build has failed, every HTML page the live
server sends carries a box (``role="alert"``) with the same
``path:line: field: what is wrong. How to fix it.`` lines the terminal printed.
The next good build clears them, and the reload that follows shows the page
without the box.

The box is added as the page is *served* (``LivePageHandler``), never written to
a file, so no build (and no published site) can contain it. It is self-contained:
its style and its one small script are inline, it loads nothing from anywhere.

Other additions to served pages go in ``LiveSite.page_additions`` next to
``problems_box``: each is a function (page HTML, site) -> page HTML.
"""

from __future__ import annotations

import logging
import os
import re
from html import escape

from livereload.handlers import StaticFileHandler

BOX_ID = "live-build-problems"
BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

# Readable at 390 px: long paths break anywhere rather than widen the page; the box
# scrolls within 60 % of the screen so the page under it can still be reached.
BOX_STYLE = """\
#live-build-problems{position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:60vh;
overflow:auto;box-sizing:border-box;margin:0;padding:1rem 1.25rem;background:#fff;color:#0b0c0c;
border-bottom:.5rem solid #d4351c;box-shadow:0 .25rem 1rem rgba(0,0,0,.35);
font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;text-align:start}
#live-build-problems h2{margin:0 0 .5rem;font-size:1.25rem;line-height:1.3;color:#0b0c0c}
#live-build-problems p{margin:0 0 .5rem}
#live-build-problems ul{margin:0 0 .75rem;padding-inline-start:1.25rem}
#live-build-problems li{margin:0 0 .5rem;overflow-wrap:anywhere;
font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9375rem}
#live-build-problems button{font:inherit;padding:.25rem .75rem;border:2px solid #0b0c0c;
background:#fff;color:#0b0c0c;border-radius:.25rem;cursor:pointer}
#live-build-problems button:focus-visible{outline:3px solid #fd0;outline-offset:0}"""

HIDE_SCRIPT = ("document.getElementById('live-build-problems-hide').addEventListener('click',"
               "function(){document.getElementById('live-build-problems').hidden=true;});")


class ProblemLines(logging.Handler):
    """The warnings and errors one build logs, as the terminal shows them."""

    prints = False  # it collects only: the build still adds its terminal handler

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(terminal_line(record))


def terminal_line(record: logging.LogRecord) -> str:
    """A log record as a plain build prints it: a reported problem as it is
    (``path:line: field: ...``, a warning marked so), anything else with its level."""
    message = record.getMessage()
    if getattr(record, "guardrails_draft", False):
        return f"{message} (draft: to do before publishing)" \
            if getattr(record, "guardrails_path", None) else message
    if getattr(record, "guardrails_path", None):
        return message if record.levelno >= logging.ERROR else f"{message} (warning)"
    return f"{record.levelname.lower()}: {message}"


def problems_box_html(lines: list[str]) -> str:
    """The box for a failed build: every message on its own line, as text."""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines) or (
        "<li>The build stopped without a message: look in the terminal.</li>")
    return (
        f'<div id="{BOX_ID}" role="alert" aria-labelledby="{BOX_ID}-title" lang="en" dir="ltr">'
        f"<style>{BOX_STYLE}</style>"
        f'<h2 id="{BOX_ID}-title">Your last save did not build</h2>'
        "<p>This page is the last version that built. Fix what is listed here and save "
        "again: this box goes away by itself.</p>"
        f"<ul>{items}</ul>"
        f'<button type="button" id="{BOX_ID}-hide">Hide this box</button>'
        f"<script>{HIDE_SCRIPT}</script>"
        "</div>"
    )


def with_box(page: bytes, box: str) -> bytes:
    """The page with the box first in its body (or first of all, if it has none)."""
    snippet = box.encode("utf-8")
    opening = BODY_OPEN.search(page)
    if opening is None:
        return snippet + page
    return page[: opening.end()] + snippet + page[opening.end():]


def problems_box(page: bytes, site) -> bytes:
    """A page addition: the box while the last build has failed, else the page as it is."""
    if site.failure is None:
        return page
    return with_box(page, problems_box_html(site.failure))


NOT_BUILT = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             "<title>Not built yet</title></head><body><main><h1>This page has not been "
             "built</h1><p>It does not exist in the preview's last good build.</p></main>"
             "</body></html>")


def page_handler(site):
    """The livereload server's file handler, passing every HTML page it sends
    through the site's page additions (the problems box first)."""

    class LivePageHandler(StaticFileHandler):
        async def get(self, path, include_body=True):
            self.path = self.parse_url_path(path)  # as tornado's own get() starts
            absolute = self.validate_absolute_path(
                self.root, self.get_absolute_path(self.root, self.path))
            if absolute is None:  # redirected to the folder's address with a slash
                return
            self.absolute_path = absolute
            if not absolute.endswith((".html", ".htm")):
                return await super().get(path, include_body)
            with open(absolute, "rb") as handle:
                page = handle.read()
            # Which output file is being sent, for additions that depend on the page.
            site.serving = os.path.relpath(absolute, site.settings["OUTPUT_PATH"]).replace(
                os.sep, "/")
            site.note_visit(site.serving)
            for addition in site.page_additions:
                page = addition(page, site)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            if include_body:
                self.write(page)

        def compute_etag(self):
            # The same file is sent with or without the box: no tag that says "unchanged".
            if self.absolute_path.endswith((".html", ".htm")):
                return None
            return super().compute_etag()

        def write_error(self, status_code, **kwargs):
            # A page missing while the build is broken still shows why.
            page = NOT_BUILT.encode("utf-8")
            for addition in site.page_additions:
                page = addition(page, site)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(page)

    return LivePageHandler


__all__ = ["BOX_ID", "ProblemLines", "page_handler", "problems_box",
           "problems_box_html", "terminal_line", "with_box"]
