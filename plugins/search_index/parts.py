"""The search index in parts: Pagefind run once per part, and only on parts that changed.

Pagefind 1.x indexes a whole site in one process and has no incremental mode; its
memory and time grow with the site (about 0.9 GB and 20 s of CPU at 5,000 articles).
But its browser side merges bundles (``mergeIndex``), so the pages can be indexed in
parts (one after the other in a cold build; side by side after an edit, when only
some are stale), and a part whose pages are unchanged is taken from the cache instead
of indexed again:

- ``plan_parts`` (pure): the indexable pages (those with ``data-pagefind-body``) by
  language, each language cut into ``ceil(pages / pages_per_part)`` parts by a fixed
  hash of the page's path, so a page stays in its part while the site grows and an
  edit changes one part. Parts are per language because Pagefind searches a merged
  bundle with the first bundle's language.
- ``fingerprint`` (pure): a part's key, from Pagefind's version, the options and
  every page's path and bytes.
- ``IndexRun``: for each part, the bundle in ``CACHE_PATH/search_index/`` when its
  fingerprint matches; otherwise Pagefind (its binary) on a folder of hard links to
  the part's pages, kept in the cache and brought up to date (``sync_pages``), its
  bundle made deterministic (bundle.py) and kept. Then every part is copied to
  ``pagefind/<part>/`` and ``pagefind/parts.json`` lists the parts of each
  language, which theme/static/js/search.js loads and merges.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from site_core import file_stamp, save_pickle

from .bundle import make_deterministic

FORMAT = 2  # bump when what a cached part holds changes
KNOWN_FILE = "pages.pickle"  # load_known, save_known: beside the parts in the cache
# The mark the theme puts on indexed content, as markup: an element's attribute, not
# the same words written in a page's text (escaped there, so never after "<tag ").
BODY_MARK = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s>=/]")
# Pagefind writes its ready-made search interfaces into every bundle; the theme's own
# search page (theme/static/js/search.js) uses only pagefind.js and what it loads, and
# with a bundle per part these would be copied once per part (about 0.4 MB each).
UNUSED_UI_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
HTML_LANG = re.compile(rb"<html\b[^>]*?\slang=[\"']?([A-Za-z0-9-]+)")


@dataclass(frozen=True)
class Page:
    path: str  # relative to the output folder, with "/"
    lang: str
    digest: str  # sha256 of the file's bytes


@dataclass
class Part:
    name: str  # "<lang>-<number>", also its folder under the bundle folder
    lang: str
    pages: list[Page] = field(default_factory=list)


def page_of(output: Path, file: Path, default_lang: str) -> Page | None:
    """The page's search facts, or None when Pagefind would not index it."""
    data = file.read_bytes()
    if not BODY_MARK.search(data):
        return None
    lang = HTML_LANG.search(data[:4096])
    return Page(file.relative_to(output).as_posix(),
                (lang.group(1).decode() if lang else default_lang).lower(),
                hashlib.sha256(data).hexdigest())


def indexable_pages(output: Path, bundle_dir: str, default_lang: str,
                    stopping: threading.Event | None = None,
                    known: dict | None = None) -> list[Page]:
    """Every page to index, read and hashed; RunStoppedError as soon as ``stopping`` is
    set (a live session's next build waits for this run to stop).

    ``known`` holds the last run's answer for each file by its path in the site, size,
    modification time and inode (a live session's memo, or ``load_known``'s from the
    last build): the render pass rewrites only pages whose bytes changed, and a page
    from the render cache is the cache's own file, so the others are not read again
    (reading and hashing 5,000 pages took a second of CPU after every save, beside the
    browser's reload; at 1,000, half a second of a production build after one edit)."""
    pages, seen = [], {}
    for folder, subfolders, files in os.walk(output):
        if stopping is not None and stopping.is_set():
            raise RunStoppedError
        if Path(folder) == output:
            subfolders[:] = [name for name in subfolders if name != bundle_dir]
        subfolders.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                file = Path(folder) / name
                stamp = (file.relative_to(output).as_posix(), file_stamp(str(file)))
                page = known[stamp] if known is not None and stamp in known \
                    else page_of(output, file, default_lang)
                seen[stamp] = page
                if page is not None:
                    pages.append(page)
    if known is not None:
        known.clear()
        known.update(seen)
    return pages


def load_known(path: Path, default_lang: str) -> dict:
    """``indexable_pages``' answers from the last build (``save_known``), or none.
    (A page without a language is the default language's: a memo of another
    default is not this build's answer.)"""
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 (our own cache file)
    except (OSError, EOFError, pickle.PickleError, AttributeError, ImportError):
        return {}
    if not isinstance(stored, dict) or stored.get("format") != FORMAT \
            or stored.get("default_lang") != default_lang:
        return {}
    return stored["pages"]


def save_known(path: Path, known: dict, default_lang: str) -> None:
    save_pickle(str(path), {"format": FORMAT, "default_lang": default_lang, "pages": known})


def bucket(path: str, parts: int) -> int:
    """A page's part: a fixed hash of its path, the same in every build and process."""
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") % parts


def plan_parts(pages: list[Page], pages_per_part: int) -> list[Part]:
    by_lang: dict[str, list[Page]] = {}
    for page in pages:
        by_lang.setdefault(page.lang, []).append(page)
    parts = []
    for lang, its_pages in sorted(by_lang.items()):
        count = max(1, math.ceil(len(its_pages) / pages_per_part))
        its_parts = [Part(f"{lang}-{number}", lang) for number in range(count)]
        for page in sorted(its_pages, key=lambda page: page.path):
            its_parts[bucket(page.path, count)].pages.append(page)
        parts += [part for part in its_parts if part.pages]
    return parts


def fingerprint(part: Part, command: list[str]) -> str:
    facts = {"format": FORMAT, "pagefind": version("pagefind"), "command": command,
             "part": part.name, "pages": [[page.path, page.digest] for page in part.pages]}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def parts_listing(parts: list[Part], default_lang: str) -> dict:
    """pagefind/parts.json: the bundle folders of each language, for search.js."""
    languages: dict[str, list[str]] = {}
    for part in parts:
        languages.setdefault(part.lang, []).append(part.name)
    return {"default": default_lang.lower(), "languages": languages}


def link_or_copy(source: Path | str, target: Path | str) -> None:
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)


@contextlib.contextmanager
def pages_folder(cache: Path, part_name: str):
    """Where Pagefind reads a part's pages: the part's folder kept in the cache, locked
    while this run uses it; a temporary folder when another process holds that lock (a
    live session and ``invoke publish`` may share a cache, and one must not index the
    other's pages), or where the system has no such locks (Windows)."""
    try:
        import fcntl
    except ImportError:
        fcntl = None
    if fcntl is not None:
        with open(cache / f"{part_name}.site.lock", "a+b") as lock:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                pass  # held elsewhere
            else:
                try:
                    yield cache / f"{part_name}.site"
                finally:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
                return
    with tempfile.TemporaryDirectory(dir=cache, prefix=f".{part_name}-pages-") as temporary:
        yield Path(temporary)


def sync_pages(output: Path, site: Path, pages: list[Page]) -> None:
    """Make ``site`` hold exactly ``pages``, each the output's own file (a hard link, or
    a copy on another file system). The folder is kept between runs: a page is a
    folder, and making a part's 350 folders again cost about 0.3 s a part on the
    benchmark machine. A link that is still the output's file stays; anything else
    there (a page since written again, moved to another part or gone) is replaced or
    removed, and so are folders left empty."""
    wanted = {page.path for page in pages}
    for folder, _subfolders, files in os.walk(site, topdown=False):
        for name in files:
            path = os.path.join(folder, name)
            if Path(path).relative_to(site).as_posix() not in wanted:
                os.unlink(path)
        if folder != str(site) and not os.listdir(folder):
            os.rmdir(folder)
    for path in sorted(wanted):
        source, target = output / path, site / path
        try:
            if os.path.samefile(source, target):
                continue
            target.unlink()
        except FileNotFoundError:
            pass
        link_or_copy(source, target)


def replace_folder(source: Path, target: Path) -> None:
    """Put ``source``'s files at ``target`` whole, so a reader never sees half of it.

    Hard links where the file system allows: a part's files are never changed in
    place (a part indexed again is a new folder), and linking the thousands of files
    of a large site's parts costs far less than copying them on every build."""
    incoming = target.with_name(target.name + ".incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(source, incoming, copy_function=link_or_copy)
    if target.exists():
        outgoing = target.with_name(target.name + ".outgoing")
        shutil.rmtree(outgoing, ignore_errors=True)
        target.rename(outgoing)
        incoming.rename(target)
        shutil.rmtree(outgoing)
    else:
        incoming.rename(target)


class RunStoppedError(Exception):
    """A live session started a new build while this run was going."""


class IndexRun:
    """One build's index run: every part from the cache or from Pagefind (``index_stale``).

    ``stop()`` (from another thread) ends a live session's run between or during
    parts; a part is copied into the site only when whole."""

    def __init__(self, output: Path, cache: Path, options: dict, default_lang: str,
                 base_command: list[str], reuse: bool = True, known: dict | None = None):
        self.output, self.cache, self.options = output, cache, options
        # indexable_pages' memo: a live session's, else the last build's from the cache.
        self.known = known
        self.known_file = cache / KNOWN_FILE if known is None else None
        self.reuse = reuse  # False: every part indexed anew (a cold build), then kept
        self.default_lang = default_lang
        self.base_command = base_command  # Pagefind's command without --site/--output-path
        self.processes: set[subprocess.Popen] = set()  # Pagefind's, while they run
        self.processes_lock = threading.Lock()
        self.stopping = threading.Event()
        self.indexed: list[str] = []  # the parts Pagefind ran on (the others were cached)
        self.parts: list[str] = []  # every part planned, in order
        self.seconds = 0.0  # wall time of run(), for benchmarks
        self.failure: str | None = None

    def stop(self) -> None:
        self.stopping.set()
        with self.processes_lock:
            running = list(self.processes)
        for process in running:
            if process.poll() is None:
                process.terminate()
                process.wait()

    def run(self) -> int:
        """0 when the bundle is complete, else Pagefind's exit status (or 1)."""
        started = time.perf_counter()
        try:
            return self.index_parts()
        finally:
            self.seconds = time.perf_counter() - started

    def index_parts(self) -> int:
        bundle = self.output / self.options["bundle_dir"]
        known = self.known
        if self.known_file is not None:
            known = load_known(self.known_file, self.default_lang) if self.reuse else {}
        try:
            pages = indexable_pages(self.output, self.options["bundle_dir"], self.default_lang,
                                    self.stopping, known)
        except RunStoppedError:
            return 1
        if self.known_file is not None:
            self.cache.mkdir(parents=True, exist_ok=True)
            save_known(self.known_file, known, self.default_lang)
        parts = plan_parts(pages, self.options["pages_per_part"])
        self.parts = [part.name for part in parts]
        self.cache.mkdir(parents=True, exist_ok=True)
        bundle.mkdir(parents=True, exist_ok=True)
        try:
            stale = []
            for part in parts:
                key = fingerprint(part, self.base_command[1:])  # not the binary's path
                stamp = self.stamp_of(part)
                if not (self.reuse and (self.cache / part.name).is_dir() and stamp.is_file()
                        and stamp.read_text() == key):
                    stale.append((part, key))
            self.index_stale(stale, every_part=len(stale) == len(parts))
            self.indexed = [part.name for part, _key in stale]
            for part in parts:
                if self.stopping.is_set():
                    raise RunStoppedError
                replace_folder(self.cache / part.name, bundle / part.name)
        except RunStoppedError:
            return 1
        except PagefindFailedError as failure:
            self.failure = str(failure)
            return failure.status
        names = {part.name for part in parts}
        for old in bundle.iterdir():  # a part no longer planned, or the one-bundle layout
            if old.name not in names and old.name != "parts.json":
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        for old in self.cache.iterdir():
            if old.name.split(".")[0] not in names and old.name != KNOWN_FILE:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        (bundle / "parts.json").write_text(
            json.dumps(parts_listing(parts, self.default_lang), sort_keys=True,
                       separators=(",", ":")), encoding="utf-8")
        return 0

    def stamp_of(self, part: Part) -> Path:
        """The file that holds the fingerprint of the part's kept bundle."""
        return self.cache / f"{part.name}.fingerprint"

    def index_stale(self, stale: list[tuple[Part, str]], every_part: bool) -> None:
        """Pagefind on each stale part, and its fingerprint written once it is kept.

        A run that indexes every part (a cold build) runs them one after another, so
        that peak memory holds one Pagefind. A run after an edit indexes only the parts
        that hold a changed page, and runs them side by side, up to one per core: two
        parts of about 340 pages took 0.83 to 0.99 s so, against 1.09 to 1.34 s one
        after the other (Pagefind keeps more than one core busy on its own). The first
        failure, in the parts' order, is raised once every part has ended."""
        def index_one(part: Part, key: str) -> None:
            if self.stopping.is_set():
                raise RunStoppedError
            self.stamp_of(part).unlink(missing_ok=True)
            self.index(part, self.cache / part.name)
            self.stamp_of(part).write_text(key)

        at_once = 1 if every_part else min(len(stale), os.cpu_count() or 1)
        if at_once <= 1:
            for part, key in stale:
                index_one(part, key)
            return
        with ThreadPoolExecutor(at_once, thread_name_prefix="pagefind") as pool:
            running = [pool.submit(index_one, *item) for item in stale]
        for done in running:
            done.result()

    def index(self, part: Part, kept: Path) -> None:
        """Pagefind on this part's pages alone: a folder of hard links to them, kept in
        the cache from run to run and brought up to date (``sync_pages``)."""
        with pages_folder(self.cache, part.name) as site, \
                tempfile.TemporaryDirectory(dir=self.cache, prefix=f".{part.name}-") as work:
            sync_pages(self.output, site, part.pages)
            written = Path(work) / "bundle"
            command = [*self.base_command, "--site", str(site), "--output-path", str(written)]
            if self.stopping.is_set():
                raise RunStoppedError
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)
            with self.processes_lock:
                self.processes.add(process)
            if self.stopping.is_set():
                # stop() came after the check above but before the process was listed:
                # it found none to end, and its caller waits for this run to finish.
                process.terminate()
            _out, errors = process.communicate()
            with self.processes_lock:
                self.processes.discard(process)
            status = process.returncode
            if self.stopping.is_set():
                raise RunStoppedError
            if status != 0:
                raise PagefindFailedError(status, f"part {part.name}: {errors.strip()}")
            make_deterministic(written)
            for unused in UNUSED_UI_FILES:
                (written / unused).unlink(missing_ok=True)
            shutil.rmtree(kept, ignore_errors=True)
            written.rename(kept)


class PagefindFailedError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status or 1


def pagefind_base_command(options: dict) -> list[str]:
    """Pagefind's binary itself (the one ``python -m pagefind`` would start), not the
    module: the module's interpreter took about 0.1 s before each part."""
    from pagefind.service import get_executable

    binary = get_executable()
    # Without one, the module runs and says what is missing.
    command = [str(binary)] if binary else [sys.executable, "-m", "pagefind"]
    command.append("--silent")
    for selector in options["exclude_selectors"]:
        command += ["--exclude-selectors", selector]
    return command
