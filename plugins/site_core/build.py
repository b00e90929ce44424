"""One build's state, in one object, reached through one accessor.

Sphinx keeps every extension's per-build data on one build environment
(``app.env``); we do the same. Each Pelican run has its own settings dict, which
every generator, reader and content object shares, so a build's state is the one
made for that settings object:

    state = build_state(settings)            # made on first use in a build
    state.part("sitemap", dict)              # a plugin's data for this build only
    state.memo("render_cache.digests", dict) # what may outlive it (see below)

What lives here, and nowhere else:

- ``problems``: every content mistake reported in this build (guardrails counts them);
- ``live``: the live session (``invoke livereload``) that started the build, or None;
  it is handed in by the session (``start_build``), never looked up in a global;
- ``registry``: the analyses, validators and page steps that the plugins in
  ``PLUGINS`` declare (``PROVIDES`` in each package), in the order of ``PLUGINS``;
- ``readers``: Pelican's readers of this build (the live session re-reads with them);
- ``generators``: Pelican's generators of this build, once every one has read its files
  (guardrails keeps them: its check before writing reads them, and the live session links
  articles again with them after a tags, services or category edit);
- ``converting_language``: the language of the Markdown file being converted (the front
  matter reader sets it; content blocks, which render theme macros during the
  conversion, write their headings in it);
- ``render_pass``: the pass that renders, post-processes and writes the pages;
- ``parts``: each plugin's own data for this build, by name;
- ``memos``: what a later build in the same process may reuse because it is keyed by
  everything it depends on (file stamps, content hashes): converted Markdown, file
  digests, built assets. A one-off build starts with none; a live session hands the
  same memos to each of its builds.

Forked workers inherit the state of the build that forked them and hand their
results back to the parent, which merges them in one place (the render pass, the
conversion pool). Nothing else of ours keeps mutable state at module level:
tests/test_architecture.py looks for it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Analysis:
    """Work that depends only on a file's bytes, done where the file is converted
    (on every core) and cached with it (``front_matter``'s conversion cache).

    ``analyse(text, record, setup)`` is a pure function returning something picklable;
    ``fingerprint(settings)`` names everything else its result depends on (it goes
    into the cache key); ``prepare(settings)`` is worked out once per build, before
    the workers start, and passed as ``setup`` (the settings themselves by default).
    """

    name: str
    analyse: Callable
    fingerprint: Callable[[dict], str]
    prepare: Callable[[dict], Any] | None = None


@dataclass(frozen=True)
class Provides:
    """What a plugin adds to the shared machinery, declared as ``PROVIDES`` in its
    package: analyses (run by the front matter reader), validators of each file's
    fields ``(fields, lines, source_path, settings) -> list[Problem]`` (run on every
    read) and page steps ``(document, context)`` (run by the render pass on every
    written page; module-level functions, since workers run them)."""

    analyses: tuple[Analysis, ...] = ()
    validators: tuple[Callable, ...] = ()
    page_steps: tuple[Callable, ...] = ()
    # Pelican warnings that only echo one of our messages: (name in
    # compat.PELICAN_ECHOES, predicate(record args) -> drop it?, or None: always).
    dropped_echoes: tuple[tuple[str, Callable | None], ...] = ()
    # Templates whose pages read the written site (the editorial report counts its
    # links): the render pass renders them after every other page is on disk.
    rendered_last: tuple[str, ...] = ()
    # Site-wide passes that link articles by their tags and services: (the pass,
    # ``generators -> None``, which is the plugin's all_generators_finalized handler;
    # the attributes of content objects it sets, lists of other content objects). A
    # live session runs them again, in PLUGINS order, after such an edit that it takes
    # without Pelican, and renders the pages of the objects whose lists changed.
    term_links: tuple[tuple[Callable, tuple[str, ...]], ...] = ()
    # Checks of content objects, ``contents -> None``: what the plugin's
    # all_generators_finalized handler runs on every object (the attributes it sets, the
    # problems it reports). A live session runs them again, in PLUGINS order, on the
    # objects it reads again without Pelican.
    item_checks: tuple[Callable, ...] = ()


@dataclass(frozen=True)
class Registry:
    """Every plugin's ``PROVIDES``, in the order of ``PLUGINS``."""

    analyses: dict[str, Analysis] = field(default_factory=dict)
    validators: tuple[Callable, ...] = ()
    page_steps: tuple[Callable, ...] = ()
    dropped_echoes: dict[str, Callable] = field(default_factory=dict)
    rendered_last: frozenset[str] = frozenset()
    term_links: tuple[tuple[Callable, tuple[str, ...]], ...] = ()
    item_checks: tuple[Callable, ...] = ()

    @classmethod
    def of_plugins(cls, names) -> Registry:
        analyses, validators, steps, echoes, last, links, checks = {}, [], [], {}, set(), [], []
        for name in names or ():
            module = sys.modules.get(name) or importlib.import_module(name)
            provides = getattr(module, "PROVIDES", None)
            if provides is None:
                continue
            analyses.update((analysis.name, analysis) for analysis in provides.analyses)
            validators.extend(provides.validators)
            steps.extend(provides.page_steps)
            echoes.update((echo, when or always) for echo, when in provides.dropped_echoes)
            last.update(provides.rendered_last)
            links.extend(provides.term_links)
            checks.extend(provides.item_checks)
        return cls(dict(sorted(analyses.items())), tuple(validators), tuple(steps), echoes,
                   frozenset(last), tuple(links), tuple(checks))


def always(_args) -> bool:
    return True


class BuildState:
    """One build's state; see the module docstring."""

    def __init__(self, settings: dict, live=None, memos: dict | None = None):
        self.settings = settings
        self.live = live
        self.memos: dict[str, Any] = {} if memos is None else memos
        self.parts: dict[str, Any] = {}
        self.problems: list = []  # site_core.problems.Problem, in the order reported
        self.reported_paths: set[str] = set()
        self.readers = None
        self.generators: list = []
        self.converting_language: str | None = None
        self.render_pass = None
        self._registry: Registry | None = None

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = Registry.of_plugins(self.settings.get("PLUGINS"))
        return self._registry

    def part(self, name: str, make: Callable[[], Any]):
        """A plugin's data for this build, made by ``make()`` the first time it is asked for."""
        if name not in self.parts:
            self.parts[name] = make()
        return self.parts[name]

    def memo(self, name: str, make: Callable[[], Any]):
        """What may outlive this build in this process (see the module docstring)."""
        if name not in self.memos:
            self.memos[name] = make()
        return self.memos[name]


# The one holder: the state of the build that started last (and is running or done).
_latest: list[BuildState] = [BuildState({})]


def start_build(settings: dict, live=None, memos: dict | None = None) -> BuildState:
    """Make the state of a build that is about to run with ``settings``. A live
    session calls this before it runs Pelican, to hand in itself and its memos;
    otherwise the first plugin to ask (``build_state``) makes it."""
    _latest[0] = BuildState(settings, live, memos)
    return _latest[0]


def resume_build(state: BuildState) -> BuildState:
    """Make an earlier build's state the current one again: a live session's quick
    rebuild renders pages of its last build outside a Pelican run, and another
    build may have started in this process since (a second session, a test)."""
    _latest[0] = state
    return state


def build_state(settings: dict | None = None) -> BuildState:
    """The state of the build that runs with ``settings`` (made now if this is the
    first time a build with these settings asks); without settings, the state of the
    build that started last, for code that runs after a build or in its workers."""
    state = _latest[0]
    if settings is not None and state.settings is not settings:
        state = start_build(settings)
    return state
