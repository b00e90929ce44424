"""Translated articles and the theme's words in the reader's language.

A translation is a Markdown file under content/articles/ with the English
article's ``slug`` and its own ``lang`` (Pelican's ARTICLE_TRANSLATION_ID), plus
``translated_by`` and ``translated_from``. Pelican groups the versions; this
plugin does what it does not:

- fills in what a translation may leave out (category, tags, services, author,
  date) from its English article, before Pelican builds categories and tags;
- refuses a translation with an unknown language, no English article, or a twin
  in the same language, and says when one has fallen behind its English article
  (advice at first, a warning once it is older than ``out_of_date_days``);
- gives templates the page's language (``page_language()``: code, own name,
  direction), the versions of the page for the switcher and hreflang links
  (``language_versions()``), dates formatted by Babel in the page's language
  (the ``local_date`` filter) and the theme's words from gettext catalogs
  (``_()`` through Jinja's i18n extension; see catalogs.py);
- writes a search page per language that has translations (``/<lang>/search/``),
  whose Pagefind index is that language's.

Pelican's own translations stop at grouping, and the legacy i18n_subsites plugin
builds a whole site per language (every page written again, no out-of-date
tracking), hence our own.

Settings:
    LANGUAGES = ["en", "fr", "pa", "ur"]      # the languages offered; DEFAULT_LANG first
    TRANSLATIONS = {
        "out_of_date_days": 90,               # strict builds refuse older stale translations
        "catalogs": "theme/translations",     # the theme's gettext catalogs
        "date_formats": {"en": "d MMMM y"},   # Babel patterns; other languages: "long"
    }
"""

from __future__ import annotations

import datetime
import os

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.utils import SafeDatetime

from site_core import (
    ARTICLE_LISTS,
    all_contents,
    build_state,
    converting_language,
    plugin_settings,
    report,
)
from site_core.compat import install_grouped_translations

from .catalogs import Catalogs, catalog_problems
from .catalogs import fingerprint as catalogs_hash
from .languages import language_info, site_languages
from .model import (
    english_by_slug,
    inherit_from,
    is_translation,
    link_problems,
    staleness_problem,
    versions_of,
)

DEFAULTS = {
    "out_of_date_days": 90,
    "catalogs": "theme/translations",
    "date_formats": {"en": "d MMMM y"},
}


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "TRANSLATIONS", DEFAULTS)
    days = merged["out_of_date_days"]
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise ValueError("TRANSLATIONS: out_of_date_days must be a whole number of days, 0 or more")
    if not isinstance(merged["date_formats"], dict):
        raise ValueError("TRANSLATIONS: date_formats must map language codes to Babel patterns")
    return merged


class Build:
    """What this build knows about languages (module state: templates are rendered in
    forked workers, which inherit it)."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.options = settings_for(settings)
        self.default_lang = settings.get("DEFAULT_LANG", "en")
        self.languages = site_languages(settings)
        # A relative path starts from the folder that holds the theme (the project's).
        self.catalog_folder = os.path.join(os.path.dirname(os.path.abspath(settings["THEME"])),
                                           self.options["catalogs"])
        self.catalogs = Catalogs(self.catalog_folder, self.default_lang)
        self.search_languages: list[str] = []


def current() -> Build | None:
    """This build's languages and catalogs (None before a build has started)."""
    return build_state().parts.get("translations")


def start(pelican) -> None:
    """Checks LANGUAGES and TRANSLATIONS; loads the catalogs afresh; Pelican groups
    translations one group at a time (``compat.install_grouped_translations``)."""
    build_state(pelican.settings).parts["translations"] = Build(pelican.settings)
    install_grouped_translations()


# --- Reading: dates and fields a translation takes from its English article ---

def fill_date(generator, metadata) -> None:
    """A translation may leave out its date (it is the English article's), but Pelican
    skips an article without one: lend it translated_from (or today) until the
    English article is known (``link_translations``)."""
    build = current()
    if build is None or metadata.get("date") or metadata.get("lang", build.default_lang) \
            == build.default_lang:
        return
    lent = metadata.get("translated_from")
    lent = lent if isinstance(lent, datetime.date) else datetime.date.today()
    metadata["date"] = SafeDatetime(lent.year, lent.month, lent.day)


def link_translations(generator) -> None:
    """Before Pelican groups articles by category: link each translation to its English
    article and fill in the fields it left out."""
    build = current()
    if build is None:
        return
    items = all_contents([generator], ARTICLE_LISTS)
    english = english_by_slug(items, build.default_lang)
    for item in items:
        item.original = None
        if not is_translation(item, build.default_lang):
            item.published_translations = []
    for item in items:
        if not is_translation(item, build.default_lang):
            continue
        original = english.get(item.slug)
        if original is None:
            continue
        item.original = original
        item.inherited_fields = inherit_from(item, original)
        if item.status == "published" and original.status == "published":
            original.published_translations.append(item)
    build.search_languages = sorted(
        {item.lang for item in getattr(generator, "translations", [])
         if item.lang in build.languages and getattr(item, "original", None) is not None},
        key=build.languages.index)


# --- Checking, once every file is read and linked ---

def check_translations(generators) -> None:
    """Reports translations with an unknown language, no English article or a twin,
    and those that have fallen behind their English article."""
    build = current()
    if build is None:
        return
    items = all_contents(generators, ARTICLE_LISTS)
    translations = [item for item in items if is_translation(item, build.default_lang)]
    english = english_by_slug(items, build.default_lang)
    problems = link_problems(translations, english, build.languages)
    today = datetime.date.today()
    for item in sorted(translations, key=lambda item: item.source_path):
        item.out_of_date = None
        original = getattr(item, "original", None)
        if original is None:
            continue
        problem = staleness_problem(item, original, today, build.options["out_of_date_days"])
        if problem is not None:
            item.out_of_date = problem
            problems.append(problem)
    if translations or len(build.languages) > 1:
        published = frozenset(item.lang for item in translations if item.status == "published")
        problems += catalog_problems(build.catalog_folder, build.languages, build.default_lang,
                                     published)
    for problem in problems:
        report(problem)


# --- Templates ---

def language_of_page(context, default: str) -> str:
    """The language of the page a template context renders: a per-language page's own
    (page_lang), else its article's or page's, else ``default``; pure."""
    item = context.get("article") or context.get("page")
    return context.get("page_lang") or getattr(item, "lang", None) or default


def lang_of(context) -> str:
    build = current()
    return language_of_page(context, build.default_lang if build else "en")


@pass_context
def theme_gettext(context, message: str) -> str:
    build = current()
    return build.catalogs.gettext(lang_of(context), message) if build else message


@pass_context
def theme_ngettext(context, singular: str, plural: str, number: int) -> str:
    build = current()
    if build is None:
        return singular if number == 1 else plural
    return build.catalogs.ngettext(lang_of(context), singular, plural, number)


@pass_context
def page_language(context) -> dict:
    """{"code", "name", "dir"} of the page being rendered."""
    return language_info(lang_of(context))


@pass_context
def hreflang_links(context) -> list[tuple[str, str]]:
    """(hreflang, URL) of the page's language versions and x-default, for the head:
    the same list as the sitemap's alternates (``language_alternates``)."""
    return language_alternates(context.get("article"))


@pass_context
def language_versions(context) -> list[dict]:
    """The versions of this page in other languages, itself included, for the switcher:
    [{"lang", "name", "dir", "url", "current"}]."""
    build = current()
    item = context.get("article")
    if build is None or item is None or not hasattr(item, "source_path"):
        return []
    return [{**language_info(version.lang), "lang": version.lang, "url": version.url,
             "current": version is item}
            for version in versions_of(item, build.default_lang, build.languages)]


@pass_context
def lang_attrs(context, code: str) -> Markup:
    """` lang="en" dir="ltr"` for words in another language than the page's (English
    topic names on a Punjabi page), so screen readers switch voice; else nothing."""
    if not code or code == lang_of(context):
        return Markup("")
    info = language_info(code)
    return Markup(' lang="{}" dir="{}"').format(info["code"], info["dir"])


def language_alternates(item) -> list[tuple[str, str]]:
    """(hreflang, URL) of every published version of an article, itself included, and
    x-default (the English one); [] when it has no other version."""
    build = current()
    if build is None or not hasattr(item, "source_path"):
        return []
    versions = versions_of(item, build.default_lang, build.languages)
    pairs = [(version.lang, version.url) for version in versions]
    pairs += [("x-default", version.url) for version in versions
              if version is (getattr(item, "original", None) or item)]
    return pairs


@pass_context
def search_page_url(context) -> str:
    """The search page of the page's language, if it has one; else the site's."""
    build = current()
    search_url = context.get("SEARCH_URL", "search/")
    lang = lang_of(context)
    if build and lang != build.default_lang and lang in build.search_languages:
        return f"{lang}/{search_url}"
    return search_url


@pass_context
def local_date(context, value, lang: str | None = None) -> str:
    """A date as the page's language writes it (Babel)."""
    from babel.dates import format_date

    build = current()
    lang = lang or lang_of(context)
    pattern = (build.options["date_formats"].get(lang) if build else None) or "long"
    return format_date(value, pattern, locale=lang.replace("-", "_"))


def catalogs_fingerprint() -> str:
    """A hash of this build's catalogs (converted Markdown is cached under it)."""
    build = current()
    return catalogs_hash(build.catalog_folder) if build else ""


def component_gettext(message: str) -> str:
    """For content blocks, rendered while a file is converted: the file's language."""
    build = current()
    return build.catalogs.gettext(converting_language(), message) if build else message


def component_ngettext(singular: str, plural: str, number: int) -> str:
    build = current()
    if build is None:
        return singular if number == 1 else plural
    return build.catalogs.ngettext(converting_language(), singular, plural, number)


def install_theme_words(environment, *, while_converting: bool = False) -> None:
    """Jinja's i18n extension with our catalogs, in the language of the page (or, for
    content blocks, of the file being converted)."""
    if "jinja2.ext.InternationalizationExtension" not in environment.extensions:
        environment.add_extension("jinja2.ext.i18n")
    if while_converting:
        environment.install_gettext_callables(component_gettext, component_ngettext, newstyle=True)
    else:
        environment.install_gettext_callables(theme_gettext, theme_ngettext, newstyle=True)
    environment.filters["local_date"] = local_date


def add_template_helpers(generator) -> None:
    """Templates get _(), page_language(), language_versions(), hreflang_links(),
    search_page_url(), lang_attrs() and the local_date filter."""
    install_theme_words(generator.env)
    generator.env.globals.update(page_language=page_language, language_versions=language_versions,
                                 search_page_url=search_page_url, lang_attrs=lang_attrs,
                                 hreflang_links=hreflang_links)


def write_search_pages(generator, writer) -> None:
    """A search page per language with translations: /<lang>/search/, searching that
    language's Pagefind index with its words in that language."""
    build = current()
    if build is None or "search" not in generator.settings.get("DIRECT_TEMPLATES", []):
        return
    template = generator.get_template("search")
    for lang in build.search_languages:
        writer.write_file(f"{lang}/{generator.settings['SEARCH_SAVE_AS']}", template,
                          generator.context, relative_urls=generator.settings["RELATIVE_URLS"],
                          template_name="search", page_lang=lang,
                          url=f"{lang}/{generator.settings['SEARCH_URL']}")


def register():
    signals.initialized.connect(start)
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_context.connect(fill_date)
    signals.article_generator_pretaxonomy.connect(link_translations)
    signals.all_generators_finalized.connect(check_translations)
    signals.article_writer_finalized.connect(write_search_pages)
