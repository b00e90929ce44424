"""The live preview: a Pelican session kept in memory between rebuilds.

``invoke livereload`` (tasks.py) makes a ``LiveSite`` and hands it to
``serve_live``, which serves the output on 127.0.0.1, rebuilds what a saved file
changes (watchfiles hears of saves from the kernel) and tells open pages to
reload (the livereload package). Tests and benchmarks/live_latency.py use the
same two, so what they measure is what writers get.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jinja2 import BytecodeCache

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8000


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled templates kept in memory; Jinja still checks each
    template's source, so an edited template is compiled again."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


class LiveSite:
    """A Pelican session that stays in memory between rebuilds (`invoke livereload`).

    Settings are read once. Each rebuild runs Pelican again in this process, so
    the front matter reader's in-memory cache of Markdown and typogrify output
    is reused and only edited files are converted again. When only existing
    content files changed, only the pages that show them are rendered: the
    page itself, the lists, tag, category and author pages that list it, pages
    that link it (services, neighbours) and the site-wide pages. Pages are
    matched by what they showed in this build and the previous one, so a page
    that stops listing an article is rendered too. Anything else (a new or
    deleted file, the theme, settings or plugins) rebuilds everything.
    """

    def __init__(self, settings_file: Path, overrides: dict | None = None):
        from pelican.settings import read_settings

        self.settings = read_settings(str(settings_file), override=overrides or {})
        # livereload refreshes pages with an inline script, which the pages' own
        # Content-Security-Policy would refuse: the live preview goes without it.
        self.settings["HOST_FILES"] = {**self.settings.get("HOST_FILES", {}), "meta_csp": False}
        # Templates are compiled once per session, not once per rebuild: Pelican makes
        # each build's Jinja environment with JINJA_ENVIRONMENT's options.
        self.bytecode_cache = MemoryBytecodeCache()
        self.settings["JINJA_ENVIRONMENT"] = {**self.settings.get("JINJA_ENVIRONMENT", {}),
                                              "bytecode_cache": self.bytecode_cache}
        sys.path.insert(0, str(ROOT / "plugins"))
        self.shown: dict[str, set[str]] = {}  # output file -> source files it shows
        self.changed: set[str] | None = None
        self.rendered: list[str] = []
        self.last_rendered_count: int | None = None
        self.snapshot = self.content_snapshot()

    def content_snapshot(self) -> dict[str, int]:
        found = {}
        for root, _folders, files in os.walk(self.settings["PATH"]):
            for name in files:
                path = os.path.join(root, name)
                found[path] = os.stat(path).st_mtime_ns
        return found

    def changed_content(self) -> set[str] | None:
        """Content files edited since the last build, or None when a full build is needed."""
        now = self.content_snapshot()
        before, self.snapshot = self.snapshot, now
        if set(now) != set(before):
            return None
        edited = {path for path, stamp in now.items() if before[path] != stamp}
        return edited or None

    # Called by the writer (plugins/postprocess/writers.py) for every page.
    def wants(self, output_name: str, localcontext: dict) -> bool:
        shows = sources_shown(localcontext)
        before = self.shown.get(output_name)
        self.shown[output_name] = shows
        wanted = (
            self.changed is None or before is None or "*" in shows
            or not self.changed.isdisjoint(shows) or not self.changed.isdisjoint(before)
            or not os.path.exists(os.path.join(self.settings["OUTPUT_PATH"], output_name))
        )
        if wanted:
            self.rendered.append(output_name)
        return wanted

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """Build again; `changed` names the edited content files, if known."""
        from pelican import Pelican

        from postprocess import live_session

        if changed is not None:
            self.snapshot = self.content_snapshot()
            self.changed = {os.path.abspath(path) for path in changed}
        else:
            self.changed = self.changed_content() if self.shown else None
        self.rendered = []
        live_session(self)
        try:
            Pelican(self.settings.copy()).run()
        except SystemExit:
            self.shown.clear()  # the next build is a full one
            print("The build failed: fix the messages above and save again.", file=sys.stderr)
            return False
        finally:
            live_session(None)
            self.last_rendered_count = len(self.rendered)
        return True


def sources_shown(localcontext: dict) -> set[str]:
    """Source files of the content a page shows; {"*"} for site-wide pages. The
    dependency record is the render cache's (plugins/postprocess/render_cache.py):
    one record of what a page shows serves live rebuilds and production builds."""
    from postprocess import dependency_record, sources_of

    return sources_of(dependency_record(localcontext))


def serve_live(site: LiveSite, watched: list[Path], port: int = PORT, host: str = HOST) -> None:
    """Serve the session's output and refresh open pages after each rebuild.

    The livereload package serves the pages and tells them to reload, but it
    notices changes by polling every 0.8 seconds. watchfiles hears of them from
    the kernel (inotify) at once, so a saved file is rebuilt straight away.
    """
    import threading

    from livereload import Server
    from tornado.ioloop import IOLoop

    server = Server()
    # Given nothing to watch, the server would poll the whole working folder
    # (.venv and node_modules too) every 0.8 s and reload pages when the build's
    # cache changes: give it one path that never changes instead.
    server.watch(str(Path(site.settings["OUTPUT_PATH"]) / ".livereload-watches-nothing"))
    loop = IOLoop.current()  # the loop that server.serve() runs, in this thread
    threading.Thread(target=rebuild_on_change, args=(site, watched, loop), daemon=True).start()
    server.serve(host=host, port=port, root=site.settings["OUTPUT_PATH"])


def rebuild_on_change(site: LiveSite, watched: list[Path], loop) -> None:
    from livereload.handlers import LiveReloadHandler
    from watchfiles import watch

    for _changes in watch(*watched, debounce=50, step=20):
        # With no argument the site finds the edited content files itself.
        site.rebuild()
        loop.add_callback(LiveReloadHandler.reload_waiters)
