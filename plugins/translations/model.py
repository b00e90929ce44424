"""Translated articles: which English article each translates, what it takes from it,
and whether it has fallen behind. Pure functions of content objects and dates."""

from __future__ import annotations

import datetime
import os

from clinical_review import as_date
from site_core import Problem, display_path

# Fields a translation may leave out: they are the English article's.
INHERITED = ("category", "tags", "services", "author", "date")


def line_of(item, field: str) -> int:
    return (item.metadata.get("front_matter_lines") or {}).get(field, 1)


def path_of(item) -> str:
    return display_path(item.source_path)


def is_translation(item, default_lang: str) -> bool:
    return getattr(item, "lang", default_lang) != default_lang


def english_by_slug(items, default_lang: str) -> dict[str, object]:
    """The English article of each slug (the first by path, if a slug has two)."""
    found: dict[str, object] = {}
    for item in sorted(items, key=lambda item: item.source_path):
        if not is_translation(item, default_lang):
            found.setdefault(item.slug, item)
    return found


def english_version_date(original) -> datetime.date | None:
    """The date of the English article's current version: its latest change or review
    (what `invoke new --translation-of` writes into translated_from)."""
    dates = [as_date(getattr(original, name, None)) for name in ("modified", "last_reviewed", "date")]
    dates = [value for value in dates if value]
    return max(dates) if dates else None


def fallen_behind(translated_from, original) -> tuple[datetime.date, str] | None:
    """(since when, "modified" or "last_reviewed") if the English article changed or was
    reviewed after the version the translation was made from; else None.

    "Since when" is the first such change: the day the translation fell behind."""
    made_from = as_date(translated_from)
    if made_from is None:
        return None
    later = sorted((as_date(getattr(original, name, None)), name)
                   for name in ("modified", "last_reviewed")
                   if as_date(getattr(original, name, None))
                   and as_date(getattr(original, name, None)) > made_from)
    return later[0] if later else None


def staleness_problem(translation, original, today: datetime.date, max_days: int) -> Problem | None:
    """Advice while a translation is out of date; a warning (which fails a strict
    build) once it has been for more than ``max_days``."""
    behind = fallen_behind(getattr(translation, "translated_from", None), original)
    if behind is None:
        return None
    since, what = behind
    days = (today - since).days
    changed = "changed" if what == "modified" else "was reviewed again"
    too_long = days > max_days
    return Problem(
        path_of(translation), line_of(translation, "translated_from"), "translated_from",
        f"out of date: the English article ({path_of(original)}) {changed} on "
        f"{since.isoformat()}, after the version of {as_date(translation.translated_from).isoformat()} "
        f"this translation was made from ({days} days ago"
        + (f"; the most allowed is {max_days})" if too_long else ")"),
        "Bring the translation in line with the current English article, have it reviewed, "
        f"and change translated_from to {english_version_date(original).isoformat()}",
        severity="warning" if too_long else "advice")


def link_problems(translations, english: dict, languages: list[str]) -> list[Problem]:
    """Translations with an unknown language, no English original, or a second
    translation of the same article into the same language."""
    problems, seen = [], {}
    known = ", ".join(languages)
    for item in sorted(translations, key=lambda item: item.source_path):
        lang = item.lang
        if lang not in languages:
            problems.append(Problem(
                path_of(item), line_of(item, "lang"), "lang",
                f"'{lang}' is not one of the site's languages ({known})",
                "Use one of them, or add the language to LANGUAGES in pelicanconf.py and a "
                f"catalog for it (`invoke translations-update --add {lang}`)"))
            continue
        if item.slug not in english:
            problems.append(Problem(
                path_of(item), line_of(item, "slug"), "slug",
                f"this translation into '{lang}' has no English article with the slug "
                f"'{item.slug}'",
                "Set slug: to the slug of the English article it translates (start a "
                "translation with `invoke new --translation-of SLUG --lang "
                f"{lang}`), or publish the English article first"))
            continue
        other = seen.setdefault((item.slug, lang), item)
        if other is not item:
            problems.append(Problem(
                path_of(item), line_of(item, "lang"), "lang",
                f"a second '{lang}' translation of '{item.slug}': {path_of(other)} is one too",
                "Keep one translation per language: merge the two files and delete the other"))
    return problems


def inherit_from(translation, original) -> list[str]:
    """Give a translation the English article's category, tags, services, author and
    date where its own front matter leaves them out; returns the fields taken."""
    own = translation.metadata.get("front_matter_lines") or {}
    taken = []
    for field in INHERITED:
        if field in own:
            continue
        if field == "author":
            translation.authors = list(getattr(original, "authors", []))
            if translation.authors:
                translation.author = translation.authors[0]
        elif field == "date":
            translation.date = original.date
            translation.locale_date = original.locale_date
        elif hasattr(original, field):
            setattr(translation, field, getattr(original, field))
        if field in original.metadata:
            translation.metadata[field] = original.metadata[field]
        taken.append(field)
    return taken


def versions_of(item, default_lang: str, languages: list[str]) -> list:
    """The item and every published version of the same article, in LANGUAGES order
    (the item itself included even as a draft); [] when it has no other version."""
    original = getattr(item, "original", None) or item
    group = [original, *getattr(original, "published_translations", [])]
    if item not in group:
        group.append(item)
    if len(group) < 2:
        return []
    order = {code: index for index, code in enumerate(languages)}
    return sorted(group, key=lambda version: (order.get(version.lang, len(order)),
                                              os.path.basename(version.source_path)))
