"""Markdown and typogrify output, paid for once per file content, on every core.

Pelican's own content cache is keyed by modification time, is not loaded in
production builds, and does not cover typogrify, which it runs again on every
build (it costs as much as Markdown itself). This module keeps, per content
hash, everything the front matter reader derives from a file's bytes: the YAML
fields with their line numbers, the body as HTML, and the typogrified title and
formatted fields (summary). The key also covers every setting and library
version that changes that output, so a stale entry cannot be used.

- ``prefetch(paths, settings, reader_class)`` converts every file not in the cache, in a
  process pool over all cores, before Pelican's generators ask for them.
- ``lookup(path, settings)`` then returns the record (or None on a miss).
- ``save(settings)`` writes the records used by this build to
  ``CACHE_PATH/front_matter/converted/``, in 256 files by the key's first two hex
  digits; only a file whose set of records changed is written again (one edit
  rewrites one file of about n/256 records, not all n: at 5,000 articles the one
  file took 0.35 s of every live rebuild). Unused records are dropped.

The records are a memo of the build state (``site_core.build``): a live session
keeps them in memory from one build to the next. The analyses come from the
plugins' declarations (``PROVIDES``), through the build state's registry.

Files with front matter problems are never cached: the reader converts them
itself so that its error reporting runs exactly as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import pickle
from dataclasses import dataclass, field
from importlib.metadata import version

from site_core import build_state, can_fork, save_pickle

logger = logging.getLogger(__name__)

FORMAT = 5  # bump when the record layout or its meaning changes
MIN_FILES_FOR_POOL = 24

_VERSIONS = tuple(version(name) for name in ("markdown", "typogrify", "smartypants", "pyyaml", "nh3"))


def describe(extension) -> str:
    """A stable name for a Markdown extension given by name or as an object.

    An object's repr holds its memory address, which differs on every run; an
    extension whose output depends on more than its class (our content blocks
    render theme macros) says so through ``cache_fingerprint()``.
    """
    if isinstance(extension, str):
        return extension
    kind = type(extension)
    described = f"{kind.__module__}.{kind.__qualname__}"
    if hasattr(extension, "cache_fingerprint"):
        described += ":" + extension.cache_fingerprint()
    return described


@dataclass
class Conversion:
    """This build's view of the conversion cache: what it computed once for every file."""

    code_fingerprint: dict[tuple, str] = field(default_factory=dict)  # plugin folders -> hash
    fingerprint: str | None = None
    setups: dict[str, object] = field(default_factory=dict)  # analysis -> what prepare returned
    prefetched: bool = False
    worker_reader: object = None  # in a worker process: the reader that converts there


class Records:
    """The converted files, by content key: loaded from the cache folder, kept in
    memory as long as the process's builds share them (a live session), saved once
    per build with only the records that build used."""

    def __init__(self):
        self.records: dict[str, dict] = {}  # content key -> record
        self.stamps: dict[tuple, str] = {}  # (path, mtime_ns, size, fingerprint) -> content key
        self.used: set[str] = set()
        self.loaded_from: str | None = None
        self.on_disk: dict[str, set[str]] = {}  # shard -> the keys its file holds


def conversion(settings: dict | None = None) -> Conversion:
    return build_state(settings).part("front_matter.conversion", Conversion)


def records(settings: dict | None = None) -> Records:
    return build_state(settings).memo("front_matter.records", Records)


def code_fingerprint(settings: dict) -> str:
    """A hash of our plugins' source: a change to the code that renders content
    must not be hidden by output cached under the old code.

    Walked once per build: every content key needs it, and walking the plugin
    folders for each of a thousand files cost more than reading them."""
    folders = tuple(settings.get("PLUGIN_PATHS") or ())
    known = conversion(settings).code_fingerprint
    if folders not in known:
        known[folders] = _hash_sources(folders)
    return known[folders]


def _hash_sources(folders: tuple) -> str:
    sources = sorted(
        os.path.join(root, name)
        for folder in folders for root, _dirs, files in os.walk(folder)
        for name in files if name.endswith(".py")
    )
    digest = hashlib.sha256()
    for path in sources:
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:16]


def analyses(settings: dict | None = None) -> dict:
    """The analyses the plugins declare (``site_core.build.Analysis``), by name."""
    return build_state(settings).registry.analyses


def setup_for(name: str, settings: dict):
    """What the analysis ``name`` needs besides the file, once per build."""
    setups = conversion(settings).setups
    if name not in setups:
        prepare = analyses(settings)[name].prepare
        setups[name] = settings if prepare is None else prepare(settings)
    return setups[name]


def analyse(text: str, record: dict, settings: dict) -> dict:
    return {name: analysis.analyse(text, record, setup_for(name, settings))
            for name, analysis in analyses(settings).items()}


def analysis_of(content, name: str):
    """The cached result of analysis ``name`` for a content object, or None when
    the file was not read by the front matter reader (the plugin works it out)."""
    return (getattr(content, "front_matter_analyses", None) or {}).get(name)


def fingerprint(settings: dict) -> str:
    """Everything besides the file's bytes that changes what the reader returns.

    Computed once per build (content_key needs it for every file)."""
    this_build = conversion(settings)
    if this_build.fingerprint is None:
        this_build.fingerprint = _fingerprint(settings)
    return this_build.fingerprint


def _fingerprint(settings: dict) -> str:
    markdown = dict(settings.get("MARKDOWN") or {})
    # Pelican's Markdown reader adds the configured extensions and the meta
    # extension to this very dict when it starts; that changes no output.
    markdown["extensions"] = sorted(
        ({describe(extension) for extension in markdown.get("extensions", [])}
         | set(markdown.get("extension_configs", {})))
        - {"markdown.extensions.meta"}
    )
    parts = repr([
        FORMAT, repr(markdown), (settings.get("FRONT_MATTER") or {}).get("typogrify"),
        repr(settings.get("TYPOGRIFY_IGNORE_TAGS")), repr(settings.get("TYPOGRIFY_OMIT_FILTERS")),
        settings.get("TYPOGRIFY_DASHES"), repr(settings.get("FORMATTED_FIELDS")), _VERSIONS,
        code_fingerprint(settings),
        [(name, analysis.fingerprint(settings)) for name, analysis in analyses(settings).items()],
    ])
    return hashlib.sha256(parts.encode()).hexdigest()[:16]


def content_key(path: str, settings: dict) -> str:
    stat = os.stat(path)
    print_ = fingerprint(settings)
    stamp = (path, stat.st_mtime_ns, stat.st_size, print_)
    stamps = records(settings).stamps
    key = stamps.get(stamp)
    if key is None:
        with open(path, "rb") as handle:
            key = hashlib.sha256(handle.read() + print_.encode()).hexdigest()
        stamps[stamp] = key
    return key


def cache_folder(settings: dict) -> str:
    return os.path.join(settings["CACHE_PATH"], "front_matter", "converted")


def shard_of(key: str) -> str:
    return key[:2]


def load(settings: dict) -> None:
    """Load the records on disk once per cache folder while the memos last (a live
    session keeps them); with LOAD_CONTENT_CACHE off (``pelican --ignore-cache``)
    forget every record, so that this build converts every file again."""
    cache = records(settings)
    if not settings.get("LOAD_CONTENT_CACHE", True):
        forget(settings)
        return
    folder = cache_folder(settings)
    if cache.loaded_from == folder:
        return
    cache.loaded_from, cache.on_disk = folder, {}
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".pickle"))
    except OSError:
        return
    for name in names:
        try:
            with open(os.path.join(folder, name), "rb") as handle:
                stored = pickle.load(handle)  # noqa: S301 (our own cache folder)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            continue
        if isinstance(stored, dict):
            cache.on_disk[name.removesuffix(".pickle")] = set(stored)
            for key, record in stored.items():
                cache.records.setdefault(key, from_stored(record))


def save(settings: dict) -> None:
    """Write each shard whose set of used records differs from its file's."""
    cache = records(settings)
    folder = cache_folder(settings)
    if cache.loaded_from != folder:  # a build that loaded nothing knows no file
        cache.on_disk, cache.loaded_from = {}, folder
    wanted: dict[str, set[str]] = {}
    for key in cache.used:
        if key in cache.records:
            wanted.setdefault(shard_of(key), set()).add(key)
    os.makedirs(folder, exist_ok=True)
    for shard in sorted(set(wanted) | set(cache.on_disk)):
        keys = wanted.get(shard, set())
        if keys == cache.on_disk.get(shard) and os.path.exists(os.path.join(folder, f"{shard}.pickle")):
            continue
        target = os.path.join(folder, f"{shard}.pickle")
        if not keys:
            with contextlib.suppress(FileNotFoundError):
                os.remove(target)
            cache.on_disk.pop(shard, None)
            continue
        save_pickle(target, {key: for_storing(cache.records[key]) for key in sorted(keys)})
        cache.on_disk[shard] = keys


def forget(settings: dict) -> None:
    """Drop the records held in memory (after a one-off build has saved them, or
    before a build that may not load them)."""
    cache = records(settings)
    cache.records.clear()
    cache.stamps.clear()
    cache.loaded_from = None


def for_storing(record: dict) -> dict:
    """The record as its file holds it: the body's HTML as UTF-8 bytes. Pickling a
    string that is not ASCII leaves a UTF-8 copy of it inside the string for as long
    as it lives (CPython caches it there): every page's HTML twice in memory, 30 MB at
    5,000 articles, through the render pass that follows. Encoding it here makes a
    copy that is dropped once written."""
    html = record.get("html")
    return {**record, "html": html.encode("utf-8")} if isinstance(html, str) else record


def from_stored(record):
    html = record.get("html") if isinstance(record, dict) else None
    return {**record, "html": html.decode("utf-8")} if isinstance(html, bytes) else record


def start_build(settings: dict) -> None:
    """A build starts using records afresh (its own ``Conversion`` is new)."""
    records(settings).used.clear()


def lookup(path: str, settings: dict) -> dict | None:
    key = content_key(path, settings)
    cache = records(settings)
    cache.used.add(key)
    return cache.records.get(key)


def remember(path: str, settings: dict, record: dict) -> None:
    key = content_key(path, settings)
    cache = records(settings)
    cache.records[key] = record
    cache.used.add(key)


def _convert_in_worker(job: tuple[str, object]):
    """In a forked worker: the build's state came with the fork; the reader is made
    once per worker and kept on that worker's copy of it."""
    path, reader_class = job
    this_build = conversion()
    if this_build.worker_reader is None:
        logging.disable(logging.CRITICAL)  # the main process reports problems itself
        this_build.worker_reader = reader_class(build_state().settings)
    try:
        return path, this_build.worker_reader.convert(path)
    except Exception:  # noqa: BLE001 (the main process converts it again and reports)
        return path, None


def prefetch(paths: list[str], settings: dict, reader_class) -> int:
    """Convert the files not cached yet with ``reader_class(settings).convert``, on
    every core. Returns how many were converted."""
    load(settings)
    missing = [path for path in paths if lookup(path, settings) is None]
    if len(missing) < MIN_FILES_FOR_POOL or (os.cpu_count() or 1) < 2 or not can_fork():
        return 0  # converting in the reader, one by one, is cheaper than a pool
    for name in analyses(settings):
        setup_for(name, settings)  # worked out here, so that the workers inherit it
    context = multiprocessing.get_context("fork")
    processes = min(os.cpu_count() or 1, 8)
    chunk = max(1, min(32, len(missing) // (processes * 4)))
    converted = 0
    cache = records(settings)
    jobs = [(path, reader_class) for path in missing]
    with context.Pool(processes) as pool:
        for path, record in pool.imap_unordered(_convert_in_worker, jobs, chunk):
            if record is not None:
                cache.records[content_key(path, settings)] = record
                converted += 1
    return converted
