"""A live session's content objects, kept between its builds for the files that did not change.

Pelican reads every content file into a new object on every build. Its generators
first ask a cache (``get_cached_data``; Pelican's own CACHE_CONTENT pickles the
objects to disk and loads them all back), which in a live session would cost a
pickle round trip of the whole site per save. Here the objects themselves stay in
the session's memos (``site_core.build``), by file stamp, so that a rebuild after a
front matter edit reads the edited file and takes the other five thousand as they
were: no conversion lookup, no YAML, no validators, no new content object.

An object comes back as the last build left it, so before a generator sees it:

- it is bound to this build: its settings and shared context, and the settings of
  its category, tags and authors (``build_state`` finds a build by its settings,
  and ``{filename}`` links resolve against the context);
- the HTML Pelican memoised for it, with links resolved, is forgotten (another
  file's address may have changed);
- the problems reported while it was read are reported again: each build's list
  starts empty, and they depend only on the file and the settings (validators are
  pure functions of both, ``site_core.Provides``), which a session does not change;
- its addresses are remembered (``KeptAddresses``): Pelican formats ``url`` and
  ``save_as`` from the settings' patterns on every use, a copy of the metadata
  and slugs each time, and a build asks for each of them several times per object;
  so are the static files its HTML links (``KeptStaticLinks``), while the HTML is
  the same.

What Pelican and the plugins set on objects later in a build (translations,
neighbours, related articles, services, people, review dates) they set again on
every build. The live session drops the memo when a file other than Markdown
changes in the content folder (people.yml, images: what plugins read while
reading), or when a build fails. tests/test_live_equals_full.py compares a
session's output after random edits with a new session's full build.

A one-off build (``invoke build``, publishing, CI) has no live session and reads
every file as before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from site_core import build_state, file_stamp, report
from site_core.compat import forget_rendered_texts, raw_html, rebind_content

MEMO = "front_matter.kept_contents"


@dataclass(frozen=True)
class Kept:
    stamp: tuple
    item: object
    problems: tuple  # reported while it was read


class KeptAddresses:
    """An object's ``get_url_setting`` (what ``url`` and ``save_as`` return), remembered
    by what the URL settings' patterns are filled with: its status, language, slug,
    date, category and author (and whether ``save_as``/``url`` are set outright). The
    settings themselves do not change in a session."""

    def __init__(self, item):
        self.item = item
        self.unbound = type(item).get_url_setting
        self.found: dict[tuple, str] = {}

    def __call__(self, key: str) -> str:
        item = self.item
        inputs = (key, item.status, item.in_default_lang, getattr(item, "slug", None),
                  getattr(item, "lang", None), getattr(item, "date", None),
                  str(getattr(item, "category", "")), str(getattr(item, "author", "")),
                  getattr(item, f"override_{key}", None))
        value = self.found.get(inputs)
        if value is None:
            value = self.found[inputs] = self.unbound(item, key)
        return value


class KeptStaticLinks:
    """An object's ``get_static_links`` (the files its HTML links with ``{static}`` or
    ``{attach}``), remembered while its HTML is the same: Pelican scans every object's
    HTML for them on every build (0.3 s of a rebuild at 5,000 articles). A quick
    rebuild gives the object new HTML, which is scanned again."""

    def __init__(self, item):
        self.item = item
        self.unbound = type(item).get_static_links
        self.text: str | None = None
        self.links: frozenset[str] = frozenset()

    def __call__(self) -> set[str]:
        text = raw_html(self.item)
        if self.text is None or text != self.text:
            self.text, self.links = text, frozenset(self.unbound(self.item))
        return set(self.links)


def remember_addresses(item) -> None:
    """Give a kept object its memos of addresses and static links."""
    if not isinstance(item.__dict__.get("get_url_setting"), KeptAddresses):
        item.get_url_setting = KeptAddresses(item)
    if not isinstance(item.__dict__.get("get_static_links"), KeptStaticLinks):
        item.get_static_links = KeptStaticLinks(item)


class KeptContents:
    """A generator's ``get_cached_data`` and ``cache_data`` for one build of a live
    session: Pelican calls the first before reading a file and the second with the
    object it made, so what was reported in between was reported while reading it."""

    def __init__(self, generator, kept: dict, state):
        self.generator, self.kept, self.state = generator, kept, state
        self.reading: tuple[str, int] | None = None

    def get_cached_data(self, relative: str, default=None):
        path = os.path.join(self.generator.path, relative)
        self.reading = (path, len(self.state.problems))
        entry = self.kept.get(path)
        if entry is None or entry.stamp != file_stamp(path):
            return default
        rebind_content(entry.item, self.generator.settings, self.generator.context)
        remember_addresses(entry.item)
        for problem in entry.problems:
            report(problem)
        return entry.item

    def cache_data(self, relative: str, item) -> None:
        path = os.path.join(self.generator.path, relative)
        start = self.reading[1] if self.reading and self.reading[0] == path \
            else len(self.state.problems)
        stamp = file_stamp(path)
        if stamp is not None:
            self.kept[path] = Kept(stamp, item, tuple(self.state.problems[start:]))
            remember_addresses(item)  # from this build on: cards ask each its url

    def save_cache(self) -> None:
        """Nothing is written: the objects stay in memory."""


def keep_contents(generator) -> None:
    """In a live session, let Pelican's article and page generators take unchanged
    files' objects from the last build (on ``generator_init``)."""
    from pelican.generators import CachingGenerator

    state = build_state(generator.settings)
    if state.live is None or not isinstance(generator, CachingGenerator):
        return
    kept = state.memo(MEMO, dict)
    # Once per build, before any object is reused: one pass over Pelican's memo.
    state.part("front_matter.kept_texts_forgotten",
               lambda: forget_rendered_texts([entry.item for entry in kept.values()]) or True)
    memo = KeptContents(generator, kept, state)
    generator.get_cached_data = memo.get_cached_data
    generator.cache_data = memo.cache_data
    generator.save_cache = memo.save_cache


def forget_kept_contents(memos: dict) -> None:
    """Read every file again in the next build (a live session calls this when a
    file other than Markdown changed, or a build failed)."""
    memos.pop(MEMO, None)
