"""The theme's own words in each language: gettext catalogs, compiled by the build.

The catalogs are Babel's usual layout, ``<folder>/<lang>/LC_MESSAGES/messages.po``,
extracted from the templates by ``invoke translations-update`` (pybabel). The
build compiles each ``.po`` in memory (nothing compiled is committed) and the
templates look up every word through Jinja's i18n extension in the language of
the page being rendered: ``gettext`` here is a context function, so one Jinja
environment serves pages in every language.

A catalog names who checked it in its header comment (``# Checked by: Name,
YYYY-MM-DD``); until someone has, ``invoke check`` advises that it be checked.
"""

from __future__ import annotations

import gettext as gettext_module
import hashlib
import io
import os
import re

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from site_core import Problem, display_path

DOMAIN = "messages"
CHECKED_BY = re.compile(r"^#?\s*Checked by:\s*(?P<who>.*)$", re.MULTILINE)
NOT_CHECKED = ("", "nobody", "nobody yet")

def catalog_path(folder: str, lang: str) -> str:
    return os.path.join(folder, lang, "LC_MESSAGES", f"{DOMAIN}.po")


def read_catalog(path: str):
    with open(path, "rb") as handle:
        return read_po(handle)


def compile_catalog(path: str) -> gettext_module.GNUTranslations:
    """A ``.po`` file as gettext translations, compiled in memory."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(path))
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def checked_by(catalog) -> str:
    """Who checked a catalog, from its header comment; "" when nobody has."""
    match = CHECKED_BY.search(catalog.header_comment or "")
    who = match.group("who").strip() if match else ""
    return "" if who.lower() in NOT_CHECKED else who


def fingerprint(folder: str) -> str:
    """A hash of every catalog: cached content (content blocks' headings) depends on them."""
    digest = hashlib.sha256()
    if os.path.isdir(folder):
        for root, _dirs, names in sorted(os.walk(folder)):
            for name in sorted(names):
                if name.endswith(".po"):
                    with open(os.path.join(root, name), "rb") as handle:
                        digest.update(name.encode() + handle.read())
    return digest.hexdigest()[:16]


class Catalogs:
    """The compiled catalog of each language, loaded once per build."""

    def __init__(self, folder: str, default_lang: str):
        self.folder, self.default_lang = folder, default_lang
        self._loaded: dict[str, gettext_module.NullTranslations] = {}

    def translations(self, lang: str | None) -> gettext_module.NullTranslations:
        lang = lang or self.default_lang
        found = self._loaded.get(lang)
        if found is None:
            path = catalog_path(self.folder, lang)
            found = compile_catalog(path) if lang != self.default_lang and os.path.isfile(path) \
                else gettext_module.NullTranslations()
            self._loaded[lang] = found
        return found

    def gettext(self, lang: str | None, message: str) -> str:
        return self.translations(lang).gettext(message)

    def ngettext(self, lang: str | None, singular: str, plural: str, number: int) -> str:
        return self.translations(lang).ngettext(singular, plural, number)


def catalog_problems(folder: str, languages: list[str], default_lang: str,
                     published: frozenset = frozenset()) -> list[Problem]:
    """Advice for a language without a catalog, a catalog nobody has checked, and
    words a catalog does not translate yet; pure but for reading the files.

    Where a translation in that language is ``published``, an unchecked catalog is a
    warning instead: its words ("When to get help urgently", "In an emergency, call
    911") would reach patients unchecked, so a strict build refuses it."""
    problems = []
    for lang in languages:
        if lang == default_lang:
            continue
        path = catalog_path(folder, lang)
        shown = display_path(path)
        if not os.path.isfile(path):
            problems.append(Problem(
                shown, 1, "catalog", f"the language '{lang}' has no catalog of the theme's words, "
                "so its pages show them in English",
                f"Run `invoke translations-update --add {lang}`, translate the file and have "
                "it checked.", severity="advice"))
            continue
        catalog = read_catalog(path)
        if not checked_by(catalog):
            in_use = lang in published
            problems.append(Problem(
                shown, 1, "Checked by", "nobody has checked this catalog of the theme's words yet"
                + (f", and a published translation into '{lang}' uses it" if in_use else ""),
                "Ask a fluent reader to check every translation, then write their name and "
                "the date on the '# Checked by:' line at the top.",
                severity="warning" if in_use else "advice"))
        missing = [message.id for message in catalog if message.id and not message.string]
        fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
        if missing or fuzzy:
            problems.append(Problem(
                shown, 1, "msgstr", f"{len(missing)} untranslated and {len(fuzzy)} fuzzy "
                "entries: those words show in English",
                "Translate them and remove the '#, fuzzy' marks once checked.",
                severity="advice"))
    return problems
