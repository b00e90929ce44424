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
  ``CACHE_PATH/front_matter/converted.pickle`` (unused ones are dropped).

Files with front matter problems are never cached: the reader converts them
itself so that its error reporting runs exactly as before.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
from importlib.metadata import version

from site_core import can_fork

logger = logging.getLogger(__name__)

FORMAT = 4  # bump when the record layout or its meaning changes
MIN_FILES_FOR_POOL = 24

_records: dict[str, dict] = {}  # content key -> record
_stamps: dict[tuple, str] = {}  # (path, mtime_ns, size, fingerprint) -> content key
_used: set[str] = set()
_loaded_from: str | None = None
_dirty = False


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


_code_fingerprint_this_build: dict[tuple, str] = {}  # cleared by start_build()


def code_fingerprint(settings: dict) -> str:
    """A hash of our plugins' source: a change to the code that renders content
    must not be hidden by output cached under the old code.

    Walked once per build: every content key needs it, and walking the plugin
    folders for each of a thousand files cost more than reading them."""
    folders = tuple(settings.get("PLUGIN_PATHS") or ())
    found = _code_fingerprint_this_build.get(folders)
    if found is None:
        found = _code_fingerprint_this_build[folders] = _hash_sources(folders)
    return found


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


# Analyses that other plugins attach to each record: name -> (analyse, fingerprint,
# prepare). ``analyse(text, record, setup)`` is a pure function of the file's
# text and its converted record that returns something picklable (content_lint's
# problems). It runs where the file is converted, so on every core, and it is
# cached with the record; ``fingerprint(settings)`` names everything else its
# result depends on and goes into the cache key. ``setup`` is what
# ``prepare(settings)`` returns (the settings themselves by default): worked out
# once per build, before the pool starts, so that its workers inherit it.
ANALYSES: dict[str, tuple] = {}


def add_analysis(name: str, analyse, fingerprint_of, prepare=None) -> None:
    ANALYSES[name] = (analyse, fingerprint_of, prepare)


_setups: dict[str, tuple[dict, object]] = {}  # name -> (settings, what prepare returned)


def setup_for(name: str, settings: dict):
    """What the analysis ``name`` needs besides the file, once per settings object."""
    known = _setups.get(name)
    if known is None or known[0] is not settings:
        prepare = ANALYSES[name][2]
        known = _setups[name] = (settings, settings if prepare is None else prepare(settings))
    return known[1]


def analyse(text: str, record: dict, settings: dict) -> dict:
    return {name: run(text, record, setup_for(name, settings))
            for name, (run, _fingerprint, _prepare) in sorted(ANALYSES.items())}


def analysis_of(content, name: str):
    """The cached result of analysis ``name`` for a content object, or None when
    the file was not read by the front matter reader (the plugin works it out)."""
    return (getattr(content, "front_matter_analyses", None) or {}).get(name)


_fingerprint_this_build: dict[int, tuple[dict, str]] = {}  # cleared by start_build()


def fingerprint(settings: dict) -> str:
    """Everything besides the file's bytes that changes what the reader returns.

    Computed once per settings object and build (content_key needs it for
    every file)."""
    found = _fingerprint_this_build.get(id(settings))
    if found is None or found[0] is not settings:
        found = _fingerprint_this_build[id(settings)] = (settings, _fingerprint(settings))
    return found[1]


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
        [(name, fingerprint_of(settings)) for name, (_run, fingerprint_of, _prepare)
         in sorted(ANALYSES.items())],
    ])
    return hashlib.sha256(parts.encode()).hexdigest()[:16]


def content_key(path: str, settings: dict) -> str:
    stat = os.stat(path)
    print_ = fingerprint(settings)
    stamp = (path, stat.st_mtime_ns, stat.st_size, print_)
    key = _stamps.get(stamp)
    if key is None:
        with open(path, "rb") as handle:
            key = hashlib.sha256(handle.read() + print_.encode()).hexdigest()
        _stamps[stamp] = key
    return key


def cache_file(settings: dict) -> str:
    return os.path.join(settings["CACHE_PATH"], "front_matter", "converted.pickle")


def load(settings: dict) -> None:
    """Load the records on disk once per process and cache folder; with
    LOAD_CONTENT_CACHE off (``pelican --ignore-cache``) forget every record, so
    that this build converts every file again."""
    global _loaded_from
    if not settings.get("LOAD_CONTENT_CACHE", True):
        _records.clear()
        _stamps.clear()
        _loaded_from = None
        return
    target = cache_file(settings)
    if _loaded_from == target:
        return
    _loaded_from = target
    try:
        with open(target, "rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 (our own cache folder)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        return
    if isinstance(stored, dict):
        for key, record in stored.items():
            _records.setdefault(key, record)


def save(settings: dict) -> None:
    global _dirty
    unused = set(_records) - _used
    if not _dirty and not unused:
        return
    kept = {key: _records[key] for key in sorted(_used) if key in _records}
    target = cache_file(settings)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = f"{target}.{os.getpid()}.tmp"
    with open(temporary, "wb") as handle:
        pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, target)
    _dirty = False


def start_build() -> None:
    _used.clear()
    _code_fingerprint_this_build.clear()
    _fingerprint_this_build.clear()
    _setups.clear()


def lookup(path: str, settings: dict) -> dict | None:
    key = content_key(path, settings)
    _used.add(key)
    return _records.get(key)


def remember(path: str, settings: dict, record: dict) -> None:
    global _dirty
    key = content_key(path, settings)
    _records[key] = record
    _used.add(key)
    _dirty = True


# The pool's workers inherit these through fork.
_worker_settings: dict | None = None
_worker_reader_class = None  # the reader that converts (front_matter passes it in)
_worker_reader = None


def _convert_in_worker(path: str):
    global _worker_reader
    if _worker_reader is None:
        logging.disable(logging.CRITICAL)  # the main process reports problems itself
        _worker_reader = _worker_reader_class(_worker_settings)
    try:
        return path, _worker_reader.convert(path)
    except Exception:  # noqa: BLE001 (the main process converts it again and reports)
        return path, None


def prefetch(paths: list[str], settings: dict, reader_class) -> int:
    """Convert the files not cached yet with ``reader_class(settings).convert``, on
    every core. Returns how many were converted."""
    global _worker_settings, _worker_reader_class, _worker_reader, _dirty
    load(settings)
    missing = [path for path in paths if lookup(path, settings) is None]
    if len(missing) < MIN_FILES_FOR_POOL or (os.cpu_count() or 1) < 2 or not can_fork():
        return 0  # converting in the reader, one by one, is cheaper than a pool
    _worker_settings, _worker_reader_class, _worker_reader = settings, reader_class, None
    for name in ANALYSES:
        setup_for(name, settings)
    context = multiprocessing.get_context("fork")
    processes = min(os.cpu_count() or 1, 8)
    chunk = max(1, min(32, len(missing) // (processes * 4)))
    converted = 0
    with context.Pool(processes) as pool:
        for path, record in pool.imap_unordered(_convert_in_worker, missing, chunk):
            if record is not None:
                _records[content_key(path, settings)] = record
                converted += 1
    _dirty = _dirty or bool(converted)
    return converted
