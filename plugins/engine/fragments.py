"""Theme fragments rendered once and reused: an article's card, on every list that shows it.

An article's card appears on the archive, the paginated index, its category, tag and
service pages and its neighbours' related lists; on a site of 5,000 articles the
archive alone renders 5,000 cards, and a live rebuild after one title edit rendered
them all again. ``memo_fragment(macro, subject, *args)`` (a template global) renders
``macro(subject, *args)`` once for each distinct input and returns the same text after.

Which input? The first time a macro is rendered, its subject is a ``Recording``: a
stand-in that notes every attribute the macro reads. The key is then the values of
every attribute the macro has been seen to read (the union over its renders), the
other arguments, and the calling page's ``SITEURL`` and language. A macro that reads a
new attribute makes a new, larger key, so an entry is only reused when every value the
macro could have read is the same. Values are keyed by type and text; a value that
cannot be keyed so (a content object, a dict) makes that render uncached, never wrong.
The macro's own code is covered by a digest of the theme, the plugins' code, the plain
settings and library versions: a live session that edits the theme starts afresh.

Only a live session uses the memo, and keeps it between rebuilds, so a front matter
edit renders only the edited card again; a one-off build renders every card itself
(``memo_fragment_for`` says why).

No library does this for Jinja (its fragment caches are keyed by hand, and stale keys
are the failure we are avoiding), hence our own.
"""

from __future__ import annotations

import datetime

from jinja2 import pass_context
from markupsafe import Markup
from pelican.urlwrappers import URLWrapper

from site_core import build_state

from .render_cache import code_digest

MEMO = "fragments"
KEYED = (bool, int, float, type(None))
UNKEYED = object()  # a value that cannot be keyed by what it prints
MISSING = object()  # the subject has no such attribute (Jinja prints nothing)


class Recording:
    """Stands for a macro's subject on its first render: notes each attribute read.

    Anything else done with it (printing it, comparing it, passing it to a filter)
    would depend on more than its attributes, so it is refused at once. Its own two
    slots are named so that no content attribute is hidden by them."""

    __slots__ = ("recorded_reads", "recorded_subject")

    def __init__(self, subject):
        object.__setattr__(self, "recorded_subject", subject)
        object.__setattr__(self, "recorded_reads", set())

    def __getattr__(self, name: str):
        self.recorded_reads.add(name)
        return getattr(self.recorded_subject, name)

    def __bool__(self) -> bool:
        return bool(self.recorded_subject)

    def _refuse(self, *_args):
        raise TypeError("memo_fragment: the macro may only read its subject's attributes "
                        "(article.title), not use the subject itself")

    __str__ = __html__ = __eq__ = __hash__ = __iter__ = __len__ = __getitem__ = _refuse


def keyed(value) -> object:
    """A hashable stand-in for ``value``, equal only when the value prints the same;
    UNKEYED when there is none (the render is then not kept)."""
    if value is MISSING:
        return ("missing",)
    if isinstance(value, KEYED):
        return value
    if isinstance(value, str):  # Markup and str print differently: the type is in the key
        return (type(value).__name__, value)  # the value itself, not a copy of its text
    if isinstance(value, (datetime.date, datetime.time)):
        return (type(value).__name__, value.isoformat(), repr(getattr(value, "tzinfo", None)))
    if isinstance(value, URLWrapper):  # a category, tag or author: the rest follows from settings
        return (type(value).__name__, value.name, value.slug)
    if isinstance(value, (list, tuple)):
        items = tuple(keyed(item) for item in value)
        return UNKEYED if any(item is UNKEYED for item in items) else (type(value).__name__, items)
    return UNKEYED


class FragmentMemo:
    """The rendered fragments of one theme and code (``code``), by macro and inputs."""

    def __init__(self, code: str):
        self.code = code
        self.reads: dict[str, tuple[str, ...]] = {}  # macro name -> attributes it reads
        self.texts: dict[tuple, Markup] = {}  # a macro's render is Markup already

    def key(self, name: str, subject, args: tuple, page: tuple) -> tuple | None:
        """The key of one render; None before the macro's first render or when a value
        cannot be keyed."""
        reads = self.reads.get(name)
        if reads is None:
            return None
        values = tuple(keyed(getattr(subject, attribute, MISSING)) for attribute in reads)
        values += tuple(keyed(value) for value in args)
        if any(value is UNKEYED for value in values):
            return None
        return (name, reads, values, page)

    def render(self, macro, subject, args: tuple, page: tuple) -> Markup:
        """``macro(subject, *args)``, rendered once per key."""
        name = macro.name
        key = self.key(name, subject, args, page)
        if key is not None and key in self.texts:
            return self.texts[key]
        recording = Recording(subject)
        text = macro(recording, *args)
        self.reads[name] = tuple(sorted(set(self.reads.get(name, ())) | recording.recorded_reads))
        key = self.key(name, subject, args, page)
        if key is not None:
            self.texts[key] = text
        return text


def fragment_memo(settings: dict) -> FragmentMemo:
    """This build's memo: the live session's last one while the theme and code are the same."""
    state = build_state(settings)

    def current() -> FragmentMemo:
        kept = state.memo(MEMO, dict)
        code = code_digest(settings)
        if kept.get("memo") is None or kept["memo"].code != code:
            kept["memo"] = FragmentMemo(code)
        return kept["memo"]

    return state.part(MEMO, current)


def memo_fragment_for(settings: dict):
    """The template global ``memo_fragment(macro, subject, *args)``: in a live session,
    the memo; in a one-off build, the macro itself. A one-off build renders each card
    a few times (its lists), which the memo did not make measurably cheaper (CPU of a
    cold build of 1,000 articles: 23.7 to 24.0 s with it, 21.5 to 24.3 s without), while
    each render process kept its own copy (about 15 MB at 5,000 articles)."""
    if build_state(settings).live is None:
        def render_macro(macro, subject, *args):
            return macro(subject, *args)

        return render_macro

    @pass_context
    def memo_fragment(context, macro, subject, *args):
        item = context.get("article") or context.get("page")
        page = (context.get("SITEURL"), context.get("page_lang"), getattr(item, "lang", None))
        return fragment_memo(settings).render(macro, subject, args, page)

    return memo_fragment
