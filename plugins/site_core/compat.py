"""The one door to Pelican's and libraries' internals.

Every remaining reliance of our plugins on a private name, or on the exact
wording of another package's log message, goes through this module, and each
has a canary in tests/test_compat.py that fails on an upgrade that changes it.
Nothing else under plugins/ names a private attribute of another package.

- pelican-yaml-metadata: its header pattern, its Markdown instance and its
  field parser (our reader subclasses it to keep line numbers);
- Pelican's content objects: the body before Pelican resolves ``{filename}``
  links (``_content``), the summary it caches (``_summary``) and the HTML it
  memoises per object (``get_content``/``get_summary``'s ``memoized`` cache), which a
  live session forgets for a page whose text it re-read; the shared context an
  object resolves links against (``_context``), which a live session rebinds when
  it reuses an object in its next build;
- Pelican's article generator: how it orders articles (``order_by_date_again``, with
  its private ``_build_period_archives``) and groups them by tag, category and author
  (``group_by_terms``), which a live session does again after a tags, services,
  category or date edit it takes without running Pelican;
- Pelican's writer: which files it has written (``_written_files``,
  ``_overridden_files``), kept by our queuing writer;
- Pelican's object: whether its run deletes the output folder (``delete_outputdir``,
  read from ``DELETE_OUTPUT_DIRECTORY`` when it is made), which the output_folder
  plugin turns off once it has emptied the folder its own way;
- Pelican's LimitFilter: the warnings it has already let through this process;
- Pelican's ``process_translations``, which its generators call by that name: ours
  hands it one translation group at a time (its last step is quadratic otherwise);
- codespell (2.4.x): its dictionaries and the function that reads one, which it
  has no public Python API for;
- smartypants: typogrify's smartypants takes its options from the module-wide
  ``Attr.default`` and looks its passes up by module name on every call;
  ``smartypants_for`` sets both for one typogrify call and puts them back;
- typogrify's ``amp`` and ``caps`` filters: what they wrap (``typogrify_filters_to_skip``);
- the wording of three Pelican warnings that only echo a message of ours.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections import defaultdict
from operator import attrgetter

from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE, YAMLMetadataReader

__all__ = [
    "HEADER_RE", "YAMLMetadataReader", "codespell_dictionary_files", "codespell_read_dictionary",
    "forget_logged_messages", "forget_rendered_text", "forget_rendered_texts", "group_by_terms",
    "install_echo_filters", "install_grouped_translations", "markdown_of", "order_by_date_again",
    "parse_yaml_fields", "raw_html", "rebind_content", "set_raw_html", "set_summary",
    "smartypants_for", "typogrify_filters_to_skip", "written_files",
]


# --- pelican-yaml-metadata ------------------------------------------------------

def markdown_of(reader):
    """The Python-Markdown instance a YAMLMetadataReader made from MARKDOWN."""
    return reader._md


def parse_yaml_fields(reader, fields: dict, source_path: str) -> dict:
    """Pelican metadata (dates, authors, tags... as Pelican's objects) from YAML fields."""
    return reader._parse_yaml_metadata(fields, source_path)


# --- Pelican's content objects -----------------------------------------------------

def raw_html(content) -> str:
    """A content object's HTML as its reader returned it, with ``{filename}`` links
    not yet resolved (``content.content`` resolves them)."""
    return getattr(content, "_content", "") or ""


def set_raw_html(content, html: str) -> None:
    content._content = html


def forget_rendered_text(content) -> None:
    """Pelican memoises each object's HTML with its links resolved (pelican.utils.memoized,
    keyed by the object): forget this object's, so that it is worked out again."""
    for klass in type(content).__mro__:
        for name in ("get_content", "get_summary"):
            memo = klass.__dict__.get(name)
            for key in [key for key in getattr(memo, "cache", {}) if key and key[0] is content]:
                del memo.cache[key]


def forget_rendered_texts(contents) -> None:
    """``forget_rendered_text`` for many objects in one pass over Pelican's memo."""
    from pelican.contents import Content

    ids = {id(content) for content in contents}
    if not ids:
        return
    for name in ("get_content", "get_summary"):
        memo = Content.__dict__.get(name)
        cache = getattr(memo, "cache", {})
        for key in [key for key in cache if key and id(key[0]) in ids]:
            del cache[key]


def rebind_content(content, settings: dict, context: dict) -> None:
    """Bind a content object made in an earlier build to this one: its settings, the
    shared context its ``{filename}`` links resolve against (``_context``), and the
    settings of its category, author and tag objects."""
    content.settings = settings
    content._context = context
    wrappers = [getattr(content, "category", None), getattr(content, "author", None),
                *(getattr(content, "authors", None) or ()),
                *(getattr(content, "tags", None) or ())]
    for wrapper in wrappers:
        if wrapper is not None and hasattr(wrapper, "settings"):
            wrapper.settings = settings


def set_summary(content, summary: str) -> None:
    """Pelican keeps the summary in the metadata and in a cached attribute."""
    content.metadata["summary"] = content._summary = summary


# --- Pelican's article generator -------------------------------------------------------

def group_by_terms(generator) -> None:
    """Group the generator's published articles by tag, category and author again, as
    its ``generate_context`` does, in one pass over ``generator.articles`` (each term's
    articles in that order; a term's first article's object is the key, and names it):
    ``generator.tags`` maps each tag to its articles, and the shared context's ``tags``
    is the same as a list of pairs (``_update_context`` flattens dicts so);
    ``generator.categories`` is a list of pairs sorted by category (reversed with
    REVERSE_CATEGORY_ORDER) and ``generator.authors`` one sorted by author, each the
    same list object as the shared context's."""
    tags, categories, authors = defaultdict(list), defaultdict(list), defaultdict(list)
    for article in generator.articles:
        if hasattr(article, "category"):
            categories[article.category].append(article)
        for tag in getattr(article, "tags", None) or ():
            tags[tag].append(article)
        for author in getattr(article, "authors", None) or ():
            authors[author].append(article)
    generator.tags = tags
    generator.context["tags"] = list(tags.items())
    generator.categories = sorted(categories.items(),
                                  reverse=generator.settings["REVERSE_CATEGORY_ORDER"])
    generator.context["categories"] = generator.categories
    generator.authors = sorted(authors.items())
    generator.context["authors"] = generator.authors


def order_by_date_again(generator) -> bool:
    """Put the generator's published articles in order again after a date changed, as
    its ``generate_context`` does: by translation id (``process_translations`` sorts by
    it, and it is the order among equal dates), then by ARTICLE_ORDER_BY; ``dates`` by
    date (NEWEST_FIRST_ARCHIVES); and the period archives made again from them (a
    private method of Pelican's). The lists are sorted in place: the shared context
    holds the same list objects. False, with nothing changed, when two articles share a
    translation id (no version in the default language): their order is the order
    Pelican found the files in, which the lists no longer show."""
    from pelican.utils import order_content

    settings = generator.settings
    articles = generator.articles
    translation_id = settings["ARTICLE_TRANSLATION_ID"]
    if translation_id:
        names = {translation_id} if isinstance(translation_id, str) else translation_id
        key = attrgetter(*names)
        if len({key(article) for article in articles}) != len(articles):
            return False
        articles.sort(key=key)
    order_content(articles, settings["ARTICLE_ORDER_BY"])
    generator.dates[:] = sorted(articles, key=attrgetter("date"),
                                reverse=generator.context["NEWEST_FIRST_ARCHIVES"])
    generator.period_archives = generator._build_period_archives(
        generator.dates, articles, settings)
    generator.context["period_archives"] = generator.period_archives
    return True


# --- Pelican's run ---------------------------------------------------------------------

def leave_output_alone(pelican) -> None:
    """Pelican's run() deletes the output folder when its ``delete_outputdir`` (set
    from DELETE_OUTPUT_DIRECTORY in its __init__) is true: not this run."""
    pelican.delete_outputdir = False


# --- Pelican's writer ----------------------------------------------------------------

def written_files(writer) -> tuple[set, set]:
    """(files written, files overwritten) as Pelican's Writer tracks them, which
    decide whether writing a path again is an error."""
    return writer._written_files, writer._overridden_files


def do_not_write(content) -> None:
    """Pelican writes nothing for a content object whose save_as is empty; the
    ``save_as`` metadata is kept as ``override_save_as``, and wins over the settings."""
    content.override_save_as = ""


# --- Pelican's log --------------------------------------------------------------------

def forget_logged_messages() -> None:
    """Pelican's LimitFilter drops a warning it has logged before in this process,
    so in a second build in one process (a live session, the tests) a repeated
    problem was neither printed nor counted. Each build starts with none seen."""
    from pelican.log import LimitFilter

    raised = getattr(LimitFilter, "_raised_messages", None)
    if isinstance(raised, set):
        raised.clear()


# Pelican's own warnings that only repeat a message of ours, without file or line.
PELICAN_ECHOES = {
    "could not process": ("pelican.generators", "Could not process %s"),
    "empty alt": ("pelican.readers", "Empty alt attribute for image"),
    # Pelican's LimitFilter rewrites the fifth such warning of a build into this one
    # (before our filter sees it): a site with many pictures without alt text.
    "empty alt, many": ("pelican.readers", "Other images have empty alt attributes"),
    "unable to find": ("pelican.contents", "Unable to find"),
    "modification stamp": ("pelican.cache", "Cannot get modification stamp for"),
    "same slug": ("pelican.utils", "There are %s original (not translated) items"),
    "same slug and language": ("pelican.utils", "There are %s items"),
}
class EchoFilter(logging.Filter):
    """The one filter for Pelican's echoes of our messages: a plugin drops the echo
    ``name`` (a key of PELICAN_ECHOES) when ``when(args)`` is true by declaring
    ``(name, when)`` in its ``PROVIDES.dropped_echoes`` (the build state's registry)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from .build import build_state

        for name, rule in build_state().registry.dropped_echoes.items():
            logger_name, start = PELICAN_ECHOES[name]
            if record.name == logger_name and str(record.msg).startswith(start):
                return not rule(record.args)
        return True


_echo_filter = EchoFilter()


def install_echo_filters() -> None:
    """Put the filter on the loggers of the echoes (once; guardrails calls it as a
    build starts, not at import time)."""
    for logger_name in {logger for logger, _start in PELICAN_ECHOES.values()}:
        logger = logging.getLogger(logger_name)
        if _echo_filter not in logger.filters:
            logger.addFilter(_echo_filter)


# --- Pelican's translation grouping ----------------------------------------------------

def _grouped_process_translations(original):
    """Pelican's ``process_translations``, handed one translation group at a time.

    Pelican's function sorts the items by their translation id, works out each group's
    originals, then finds the translations as ``[x for x in items if x not in index]``:
    a scan of the whole list of originals for every item, 0.45 s at 5,000 articles on
    every build and every live rebuild. Given one group, its scan is of that group.
    Items sort and group as Pelican sorts and groups them, each group is Pelican's own
    work (its ``translations`` attributes and warnings), and the lists are joined in
    Pelican's order, so the answer is Pelican's (``tests/test_compat.py`` compares them).
    """
    from itertools import groupby
    from operator import attrgetter

    def process_translations(content_list, translation_id=None):
        if not translation_id:
            return original(content_list, translation_id)
        names = {translation_id} if isinstance(translation_id, str) else translation_id
        key = attrgetter(*names)
        try:
            content_list.sort(key=key)
        except (TypeError, AttributeError):
            return original(content_list, translation_id)  # raises with Pelican's message
        index, translations = [], []
        for _value, group in groupby(content_list, key):
            originals, others = original(list(group), translation_id)
            index += originals
            translations += others
        return index, translations

    process_translations.pelican_original = original
    return process_translations


def install_grouped_translations() -> None:
    """Pelican's generators group translations with ``_grouped_process_translations``
    (once per process; the translations plugin calls it as a build starts)."""
    import pelican.generators

    current = pelican.generators.process_translations
    if not hasattr(current, "pelican_original"):
        pelican.generators.process_translations = _grouped_process_translations(current)


# --- codespell ------------------------------------------------------------------------

def codespell_dictionary_files(kinds: tuple[str, ...] = ("clear", "rare")) -> list[str]:
    """Paths of codespell's built-in dictionaries of these kinds."""
    from codespell_lib._codespell import _builtin_dictionaries, _data_root

    return [os.path.join(_data_root, f"dictionary{entry[2]}.txt")
            for entry in _builtin_dictionaries if entry[0] in kinds]


def codespell_read_dictionary(path: str, table: dict, ignore: set) -> None:
    """Read one codespell dictionary into ``table`` ({wrong: fix}), skipping ``ignore``."""
    from codespell_lib._spellchecker import build_dict

    build_dict(path, table, ignore)


# --- typogrify's amp and caps filters-----------------------------------------------------------

# What typogrify's ``amp`` wraps in <span class="amp">: an ampersand with a space (or
# &nbsp;) on both sides, its ``amp_finder``. It substitutes only that, in the text
# between tags, so text with no such ampersand anywhere comes back unchanged; and
# its expression for telling tags from text is the slowest of typogrify's filters.
TYPOGRIFY_AMP = r"(\s|&nbsp;)(&|&amp;|&\#38;)(\s|&nbsp;)"
_TYPOGRIFY_AMP = re.compile(TYPOGRIFY_AMP)


# What typogrify's ``caps`` wraps in <span class="caps"> always holds two capitals with
# only digits between them ("NHS", "B12C") or a capital, a dot, perhaps a space and a
# capital ("U.S."), its ``cap_finder``. smartypants, which runs before it, only turns
# quotes, dashes and dots into entities: it makes no such pair, so text without one
# has nothing for caps to wrap, and caps tokenizes the whole text again to find that.
TYPOGRIFY_CAPS_NEED = re.compile(r"[A-Z]\d*[A-Z]|[A-Z]\.\s?[A-Z]")


def typogrify_filters_to_skip(text: str) -> dict[str, bool]:
    """typogrify's keyword arguments that turn off the filters that cannot change
    ``text`` (tests/test_fast_equivalents.py checks the output is the same)."""
    skips = {}
    if not _TYPOGRIFY_AMP.search(text):
        skips["amp"] = False
    if not TYPOGRIFY_CAPS_NEED.search(text):
        skips["caps"] = False
    return skips


# --- smartypants (through typogrify) ----------------------------------------------------

# What each smartypants pass looks for: every pattern it substitutes contains one.
SMARTYPANTS_NEEDLES = {
    "convert_quotes": ("'", '"'),
    "process_escapes": ("\\",),
    "convert_dashes": ("--",),
    "convert_ellipses": ("...", ". . ."),
    "convert_backticks": ("``", "''"),
}
DASHES = {"oldschool": "set2", "oldschool_inverted": "set3"}


def only_if_present(needles: tuple[str, ...], convert):
    """``convert``, skipped for text that contains none of ``needles``."""
    def guarded(text: str) -> str:
        for needle in needles:
            if needle in text:
                return convert(text)
        return text

    guarded.unguarded = convert
    return guarded


@contextlib.contextmanager
def smartypants_for(dashes: str = "default"):
    """smartypants as typogrify calls it, for the length of one ``with`` block:

    - with Pelican's TYPOGRIFY_DASHES, which smartypants takes only from its
      module-wide ``Attr.default``;
    - with the passes that cannot change a piece of text skipped: smartypants
      runs about thirty regular expressions on every piece of text between two
      tags, the largest cost of converting an article, and looks each pass up by
      its module name on every call, so a guarded one can stand in for it. Each
      guard only skips text without a character its pass's patterns need, so
      the output is the same (tests/test_fast_build.py checks it).

    Both are put back when the block ends: nothing else in the process sees them.
    """
    import smartypants

    saved_default = smartypants.Attr.default
    saved = {name: getattr(smartypants, name) for name in SMARTYPANTS_NEEDLES}
    smartypants.Attr.default = getattr(smartypants.Attr, DASHES.get(dashes, "set1")) | \
        smartypants.Attr.w
    for name, needles in SMARTYPANTS_NEEDLES.items():
        setattr(smartypants, name, only_if_present(needles, saved[name]))
    try:
        yield
    finally:
        smartypants.Attr.default = saved_default
        for name, function in saved.items():
            setattr(smartypants, name, function)
