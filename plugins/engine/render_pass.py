"""The render pass: every queued page rendered, post-processed and written, on every core.

Part of the build's machinery (``plugins/engine``), not a feature. The writer
(``engine.writer.SiteWriter``) queues each page on the build state's ``render_pass``
(made by the ``postprocess`` plugin when a build starts); at ``finalized`` the pass
renders every page, runs the page steps the plugins declare, minifies, writes a file
only when its bytes changed, and takes unchanged pages from the render cache
(``engine.render_cache``).

Every plugin that wants to change the written HTML declares a page step
instead of reading and parsing the output itself, so each page is parsed at
most once for all of them, on every core:

    from site_core import Provides

    def add_ids(document, context):      # module level: workers run it
        for heading in document.soup.find_all("h2"):
            ...                          # mutate the BeautifulSoup tree
    # or work on the text: document.html = document.html.replace(...)

    PROVIDES = Provides(page_steps=(add_ids,))   # in the plugin's package

``document.soup`` parses the page (lxml) the first time a step asks for it;
``document.html`` serialises it back only if it was parsed. ``context`` is a
small picklable dict: ``path`` (relative to the output), ``settings`` (the
POSTPROCESS settings), ``siteurl``. Steps must be pure functions of the page
and the context: they run in worker processes, in no fixed order of pages.

Setting (merged over DEFAULTS, unknown keys are an error):
    POSTPROCESS = {
        "minify": False,       # minify HTML (minify-html), CSS and JS
        "precompress": False,  # write .gz and .br next to every text file
        "hash_assets": False,  # asset_url("css/main.css") -> css/main.<hash>.css
        "workers": 0,          # processes for the pass; 0 = one per core
        "brotli_quality": 8,   # 11 is about 10% smaller and 20 times slower
        "render_cache": True,  # pages whose inputs did not change come from the cache
    }
publishconf.py turns the first three on. Pages are final when ``finalized`` runs:
keep ``postprocess`` before any plugin that reads the output on ``finalized`` in PLUGINS.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import sys
from dataclasses import dataclass, field

from pelican import signals

from site_core import build_state, can_fork

from .assets import asset_url, assets_used
from .output import finish_file, minify_html_text, settings_for
from .render_cache import RenderCache, build_fingerprint, dependency_record, page_key

logger = logging.getLogger(__name__)

@dataclass
class Document:
    """One written page; parsed lazily, at most once."""

    _html: str
    _soup: object = field(default=None, repr=False)

    @property
    def soup(self):
        if self._soup is None:
            from bs4 import BeautifulSoup

            self._soup = BeautifulSoup(self._html, "lxml")
        return self._soup

    @property
    def html(self) -> str:
        if self._soup is not None:
            return str(self._soup)
        return self._html

    @html.setter
    def html(self, value: str) -> None:
        self._html, self._soup = value, None


def postprocess_html(html: str, context: dict, steps=None) -> str:
    """All steps (by default the build's: the plugins' declared page steps), then
    minifying: the text to write for one page."""
    document = Document(html)
    for step in build_state().registry.page_steps if steps is None else steps:
        step(document, context)
    html = document.html
    if context["settings"]["minify"]:
        html = minify_html_text(html)
    return html


# The pass over one build -------------------------------------------------

MIN_JOBS_TO_FORK = 64  # fewer pages (a live rebuild) render faster in one process


class Pass:
    """Renders the queued pages, post-processes them and writes the changed ones.

    A full build renders on every core: at ``finalized`` the process forks,
    and each process renders every n-th queued page, post-processes and
    writes it. Forked processes share the whole site in memory, so nothing is
    pickled but the small result each returns: counts, the theme assets its
    pages used, and its log records, which this process logs again so that
    guardrails counts their warnings. Pelican renders on one core.

    A live rebuild (or any build of fewer than MIN_JOBS_TO_FORK pages) renders
    its pages here, one after the other: starting processes would cost more.
    """

    def __init__(self, settings: dict, state=None):
        self.settings = settings
        self.state = build_state(settings) if state is None else state
        self.config = settings_for(settings)
        self.output = settings["OUTPUT_PATH"]
        self.siteurl = settings.get("SITEURL", "")
        self.jobs = []
        self.announcements = []  # (path, template context): content_written, once written
        self.written = 0
        self.unchanged = 0
        self.from_cache = 0
        # A live session picks its pages itself (live/session.py), with the same record.
        # (Only for a Pelican build: a pass given bare settings has no cache.)
        self.cache = RenderCache(settings["CACHE_PATH"],
                                 load=settings.get("LOAD_CONTENT_CACHE", True)) \
            if self.config["render_cache"] and self.state.live is None \
            and {"CACHE_PATH", "THEME", "PATH"} <= set(settings) else None
        self._fingerprint: str | None = None

    @property
    def needed(self) -> bool:
        return bool(self.state.registry.page_steps) or self.config["minify"] \
            or self.config["precompress"]

    @property
    def workers(self) -> int:
        return self.config["workers"] or os.cpu_count() or 1

    def context_for(self, path: str) -> dict:
        relative = os.path.relpath(path, self.output)
        return {"path": relative, "settings": self.config, "siteurl": self.siteurl}

    def fingerprint(self, context: dict) -> str:
        """The build's fingerprint (render_cache.build_fingerprint), once per pass."""
        if self._fingerprint is None:
            contents = [item for item in (context.get("generated_content") or {}).values()
                        if hasattr(item, "source_path")]
            self._fingerprint = build_fingerprint(self.settings, contents, context)
        return self._fingerprint

    def queue(self, job, context: dict | None = None) -> None:
        """A page to render (``writers.RenderJob``) when the generators are done;
        with its template ``context``, Pelican's ``content_written`` is sent for it
        once it is written. With the render cache, a page whose key is the last
        build's is taken from the cache instead."""
        self.jobs.append(job)
        if context is not None:
            self.announcements.append((job.path, context))
            if self.cache is not None:
                record = dependency_record(context)
                if record is not None:
                    job.key = page_key(self.fingerprint(job.context), job.output_name,
                                       getattr(job.template, "name", ""), record)
                    job.cached_file = self.cache.cached(job.output_name, job.key)
                    self.cache.current[job.output_name] = job.key

    def write_feed(self, path: str, output_name: str, items: list, facts: tuple,
                   context: dict, write, claim):
        """A feed of ``items`` (Pelican's writer makes it with ``write``), or the render
        cache's file when its key is the last build's: the key is a page's, with the
        feed's ``facts`` (type, address, title) and its items' files as the record.
        Eleven feeds of a hundred articles each cost 0.5 s of every production build.
        ``claim`` says whether Pelican's writer may write ``path`` (it returns None then,
        as Pelican's does for a feed it made)."""
        if self.cache is None:
            return write()
        record = (("feed", *facts, tuple(item.source_path for item in items)),)
        key = page_key(self.fingerprint(context), output_name, "feed", record)
        self.cache.current[output_name] = key
        cached = self.cache.cached(output_name, key)
        if cached is None:
            feed = write()
            with open(path, "rb") as handle:
                self.cache.store(key, handle.read())
            return feed
        if claim():
            with open(cached, "rb") as handle:
                data = handle.read()
            self.from_cache += 1
            self._count(finish_file(path, data, self.config, source=cached))
        return None

    def _count(self, changed: bool) -> None:
        if changed:
            self.written += 1
        else:
            self.unchanged += 1

    def finish(self) -> None:
        jobs, self.jobs = self.jobs, []
        # Pages that read the others as written (the editorial report counts their
        # links) render after every other page is on disk, here, in this process.
        last = [job for job in jobs if getattr(getattr(job, "template", None), "name", "")
                in self.state.registry.rendered_last]
        jobs = [job for job in jobs if job not in last]
        to_render = sum(1 for job in jobs if not getattr(job, "cached_file", None))
        if self.workers >= 2 and to_render >= MIN_JOBS_TO_FORK and self.state.live is None \
                and can_fork():
            self._render_forked(jobs)
        else:
            self._render_share(jobs)
        if self.cache is not None:
            # Pages from the cache name no assets while rendering: the last build's do.
            used = assets_used(self.state)
            for name in self.cache.assets - used.names:
                asset_url(self.settings, name)
            self.cache.save(set(used.names))
        self._render_share(last)
        # Only now do the files exist that content_written names.
        announcements, self.announcements = self.announcements, []
        for path, context in announcements:
            signals.content_written.send(path, context=context)

    def _render_share(self, jobs) -> None:
        for job in jobs:
            data = self._cached_bytes(job)
            if data is not None:
                self.from_cache += 1
                self._count(finish_file(job.path, data, self.config, source=job.cached_file))
                continue
            html = job.render()
            if self.needed:
                html = postprocess_html(html, self.context_for(job.path))
            data = html.encode("utf-8")
            key = getattr(job, "key", None)
            if key is None or self.cache is None:
                self._count(finish_file(job.path, data, self.config))
                continue
            # The cache's file first, and the page a hard link to it: one file written,
            # and the same file (the same stamp) as the next build's page from the cache.
            self.cache.store(key, data)
            self._count(finish_file(job.path, data, self.config, source=self.cache.path_for(key)))

    def render_now(self, jobs) -> None:
        """Render, post-process and write these pages here and now (a live session's
        quick rebuild, outside a Pelican run)."""
        self._render_share(jobs)

    def _cached_bytes(self, job) -> bytes | None:
        if not getattr(job, "cached_file", None):
            return None
        with open(job.cached_file, "rb") as handle:
            data = handle.read()
        # Post-processing writes image copies next to a page with images
        # (responsive_images): only a page already in place may skip it.
        if b"<img" in data and not os.path.exists(job.path):
            return None
        return data

    def _render_forked(self, jobs) -> None:
        workers = self.workers
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the children print what is buffered again
        # The whole site is in memory, shared with the forked processes until a page of
        # it is written to. A collection of the oldest generation writes to every object
        # it walks, in each process: frozen, they are not walked while the pass runs
        # (18 MB less at the peak of a build of 5,000 articles, measured).
        gc.freeze()
        children = []
        try:
            for share in range(1, workers):
                children.append(fork_worker(lambda share=share: self._worker_result(
                    jobs[share::workers])))
            self._render_share(jobs[0::workers])
        finally:
            results = [wait_for(child) for child in children]
            gc.unfreeze()
        for result in results:
            for record in result["records"]:
                logging.getLogger(record.name).handle(record)
            if "error" in result:
                raise RuntimeError(f"rendering pages failed in a worker process:\n"
                                   f"{result['error']}")
            self.written += result["written"]
            self.unchanged += result["unchanged"]
            self.from_cache += result["from_cache"]
            used = assets_used(self.state)
            used.files.update(result["assets"])
            used.names.update(result["asset_names"])

    def _worker_result(self, jobs) -> dict:
        """Runs in a forked process: render a share of the pages, report back."""
        records = capture_logging()
        self.written = self.unchanged = self.from_cache = 0
        used = assets_used(self.state)
        used.files.clear()
        used.names.clear()
        self._render_share(jobs)
        return {"written": self.written, "unchanged": self.unchanged,
                "from_cache": self.from_cache, "assets": dict(used.files),
                "asset_names": set(used.names), "records": records}


def fork_worker(work) -> tuple[int, int]:
    """Run ``work()`` in a forked process; (pid, pipe) to read its pickled result."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)
    status = 0
    try:
        result = work()
    except BaseException:  # noqa: BLE001 (reported by the parent, with the traceback)
        import traceback

        result, status = {"error": traceback.format_exc(), "records": []}, 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(status)  # no atexit handlers, no second copy of the parent's cleanup


def wait_for(child: tuple[int, int]) -> dict:
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    try:
        return pickle.loads(data)  # noqa: S301 (our own child process)
    except (pickle.PickleError, EOFError):
        return {"error": f"the worker process ended with status {status} and no result",
                "records": []}


class _Capture(logging.Handler):
    def __init__(self, records: list):
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def capture_logging() -> list:
    """In a worker: keep log records for the parent instead of printing them."""
    records: list = []
    root = logging.getLogger()
    for logger_ in [root, *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger_, logging.Logger):
            logger_.handlers = []
    root.addHandler(_Capture(records))
    return records
