"""Writing: a new article or translation, the theme's word catalogs, a WordPress import.
"""

from __future__ import annotations

import datetime
import difflib
import os
import shlex
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

from invoke import Argument, Task, task
from invoke.exceptions import Exit

from .common import (
    CONTENT,
    LOCAL_SETTINGS,
    PUBLISH_SETTINGS,
    ROOT,
    build_in_process,
    load_settings,
    slugify,
    use_plugins,
)

ARTICLE_STARTER = ROOT / "theme" / "starters" / "article.md"


TRANSLATION_TEMPLATE = """\
---
title: {title}
slug: {slug}
lang: {lang}  # {language}
summary: {summary}
translated_by:  # the id (content/people.yml) of who translated it
translated_from: {version}  # the English version it is made from: do not change by hand
reviewed_by:  # the id (content/people.yml) of who checked the translation clinically
last_reviewed:  # YYYY-MM-DD, the day of that review
status: draft  # remove this line once the translation is reviewed and ready
# category, tags, services, author and date are the English article's.
---

TODO Translate the English text below into {language}, then delete this line.

{body}"""


def english_articles(content: Path = CONTENT) -> dict[str, tuple[Path, dict, str]]:
    """slug -> (path, front matter, Markdown body) of every English article."""
    load_settings(LOCAL_SETTINGS)  # puts plugins/ on the import path
    from front_matter import parse_front_matter, read_source
    from pelicanconf import DEFAULT_LANG

    found = {}
    for path in sorted((content / "articles").rglob("*.md")):
        fields, _lines, body, problems = parse_front_matter(read_source(str(path)), str(path))
        if problems or str(fields.get("lang") or DEFAULT_LANG) != DEFAULT_LANG:
            continue
        slug = str(fields.get("slug") or slugify(str(fields.get("title", ""))))
        found.setdefault(slug, (path, fields, body))
    return found


def new_translation(slug: str, lang: str, content: Path = CONTENT) -> Path:
    """A draft translation next to its English article, every field filled in from it."""
    languages = load_settings(LOCAL_SETTINGS)["LANGUAGES"]  # puts plugins/ on the path
    from babel import Locale

    from translations import english_version_date, language_info

    if lang not in languages[1:]:
        raise Exit(f"'{lang}' is not one of the site's other languages: "
                   + ", ".join(languages[1:]) + " (LANGUAGES in pelicanconf.py).", code=2)
    english = english_articles(content)
    if slug not in english:
        near = difflib.get_close_matches(slug, list(english), n=1)
        raise Exit(f"No English article has the slug '{slug}'."
                   + (f" Did you mean '{near[0]}'?" if near else "")
                   + " The slug is the last part of its address: /articles/<slug>/.", code=2)
    source, fields, body = english[slug]
    path = source.with_name(f"{source.stem}.{lang}.md")
    shown = os.path.relpath(path)
    if path.exists():
        raise Exit(f"{shown} already exists: a translation into '{lang}' has been started.",
                   code=2)

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    version = english_version_date(SimpleNamespace(**{
        name: fields.get(name) for name in ("date", "modified", "last_reviewed")}))
    info = language_info(lang)
    path.write_text(TRANSLATION_TEMPLATE.format(
        title=quoted(f"TODO translate: {fields.get('title', '')}"), slug=slug, lang=lang,
        language=f"{Locale('en').languages.get(lang, lang)} ({info['name']})",
        summary=quoted(f"TODO translate: {fields.get('summary', '')}"),
        version=version.isoformat() if version else datetime.date.today().isoformat(),
        body=body.lstrip("\n")), encoding="utf-8")
    print(f"Created {shown}, a draft translation of {os.path.relpath(source)}.")
    print("Translate every TODO and the text, then have it reviewed: see WRITING.md, Translations.")
    return path


class TitleArgument(Argument):
    """`invoke new`'s title: positional (`invoke new "Title"`, as the guides show it) yet
    not needed for a translation. Invoke eats a positional word only while the argument
    has no value, and refuses to run while it has none; so the title counts as given
    (empty) once --translation-of or --lang is."""

    def __init__(self, *args, given_by=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.given_by = list(given_by)

    @property
    def value(self):
        if self._value is None and any(other.got_value for other in self.given_by):
            return ""
        return self._value if self._value is not None else self.default

    @value.setter
    def value(self, text):
        self.set_value(text, cast=True)


class NewTask(Task):
    """The `new` task, with TitleArgument for its title."""

    def get_arguments(self, ignore_unknown_help=None):
        arguments = super().get_arguments(ignore_unknown_help=ignore_unknown_help)
        others = [a for a in arguments if a.name in ("translation_of", "lang")]
        return [TitleArgument(names=a.names, kind=a.kind, default=a.default, help=a.help,
                              positional=True, attr_name=a.attr_name, given_by=others)
                if a.name == "title" else a for a in arguments]


@task(klass=NewTask, positional=["title"], help={
    "title": "the article's title, in quotes: invoke new \"Title\" (or --title \"Title\")",
    "category": "one of the categories; the article goes into that folder",
    "translation_of": "the slug of an English article to translate (with --lang)",
    "lang": "the language of the translation, e.g. pa"})
def new(c, title=None, category="", translation_of="", lang=""):
    """Start a new draft article: invoke new "Title" [--category "Treatments"];
    or a translation: invoke new --translation-of SLUG --lang pa."""
    if title and title.startswith("-"):
        # The title is positional, so invoke hands over an option word it comes first.
        if title in ("-h", "--help"):
            c.run(f'"{sys.executable}" -m invoke --help new', pty=False, in_stream=False)
            return
        raise Exit(f"'{title}' is not an option of invoke new: see invoke new --help. "
                   'A title goes in quotes: invoke new "Title".', code=2)
    if translation_of or lang:
        if not (translation_of and lang):
            raise Exit("A translation needs both --translation-of SLUG and --lang LANG.", code=2)
        new_translation(translation_of, lang)
        return
    if not title:
        raise Exit('Give the article a title: invoke new "Title".', code=2)
    slug = slugify(title)
    if not slug:
        raise Exit("Give the article a title with letters or numbers in it.", code=2)
    use_plugins()
    from content_model import settings_for as model_settings

    categories = model_settings(load_settings(LOCAL_SETTINGS))["categories"]
    folder = CONTENT / "articles"
    if category:
        if category not in categories:
            raise Exit(f"'{category}' is not a category. Use one of: "
                       + ", ".join(categories) + ".", code=2)
        # The folder gives the category (see WRITING.md), so the field is left out.
        folder = folder / slugify(category)
        category_line = ""
    else:
        category_line = ("category: TODO one of " + ", ".join(categories)
                         + " (or use invoke new --category)\n")
    path = folder / f"{slug}.md"
    shown = os.path.relpath(path)
    if path.exists():
        raise Exit(f"{shown} already exists: choose another title.", code=2)
    from pelicanconf import AUTHOR

    title_yaml = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(
        ARTICLE_STARTER.read_text(encoding="utf-8").format(
            title=title_yaml, slug=slug, today=datetime.date.today().isoformat(),
            author=AUTHOR, category_line=category_line,
        ),
        encoding="utf-8",
    )
    print(f"Created {shown}. Fill in every TODO, preview with: invoke livereload")
    print("It stays a draft until it has a clinical review: see WRITING.md.")


@task(name="import-wordpress", iterable=["category", "author"], help={
    "export": "the .xml file of WordPress's Tools > Export > All content (or a folder or "
              ".zip of them, as WordPress.com gives a big site)",
    "uploads": "a copy of the old site's wp-content/uploads/ folder",
    "dry_run": "write nothing; print what would be done",
    "overwrite": "replace files a writer has changed since the last import",
    "category": "map a WordPress category: --category 'Old name=Treatments' (repeatable)",
    "author": "map a WordPress login to a people id: --author 'login=id' (repeatable)",
    "include_protected": "import password-protected posts too, as drafts (skipped otherwise)",
    "content": "content folder (default: content/)",
})
def import_wordpress(c, export, uploads="", dry_run=False, overwrite=False, category=None,
                     author=None, include_protected=False, content=str(CONTENT)):
    """Import a WordPress export as draft articles and pages, with a migration report."""
    from pelican.settings import read_settings

    use_plugins()  # the importer checks paths as host_files does

    from content_model import settings_for as model_settings
    from wordpress_import import ExportError, Options, run

    def pairs(values, option):
        mapping = {}
        for value in values or []:
            old, equals, new = value.partition("=")
            if not equals or not old.strip() or not new.strip():
                raise Exit(f"--{option} takes 'old=new', not {value!r}", code=2)
            mapping[old.strip()] = new.strip()
        return mapping

    settings = read_settings(str(LOCAL_SETTINGS))
    options = Options(
        content=Path(content), uploads=Path(uploads) if uploads else None,
        categories=list(model_settings(settings)["categories"]),
        category_map=pairs(category, "category"), author_map=pairs(author, "author"),
        summary_max=model_settings(settings)["summary_max_length"],
        slug_substitutions=list(settings["SLUG_REGEX_SUBSTITUTIONS"]),
        dry_run=dry_run, overwrite=overwrite, include_protected=include_protected)
    try:
        run(Path(export), options)
    except ExportError as error:
        raise Exit(str(error), code=1) from error
    if not dry_run:
        add_todo_to_import_report(Path(content))


def add_todo_to_import_report(content: Path) -> None:
    """Runs the check on the imported site and adds each draft's to-do list to the
    migration report, quietly: the report and `invoke check` show it."""
    import logging

    from wordpress_import.report import REPORT_FILE, todo_section

    quiet = logging.NullHandler()  # guardrails then adds no terminal handler of its own
    logging.getLogger().addHandler(quiet)
    try:
        with tempfile.TemporaryDirectory(prefix="apollo-import-check-") as folder:
            _passed, problems, _report = build_in_process(
                PUBLISH_SETTINGS, Path(folder) / "output", content,
                CACHE_PATH=str(Path(folder) / "cache"), LOAD_CONTENT_CACHE=False)
    finally:
        logging.getLogger().removeHandler(quiet)
    report = content.parent / REPORT_FILE
    text = report.read_text(encoding="utf-8").split("\n## To do before publishing\n")[0]
    report.write_text(text.rstrip("\n") + "\n" + todo_section(problems, content),
                      encoding="utf-8")
    drafts = [problem for problem in problems if problem.draft and problem.severity != "advice"]
    print(f"invoke check: {len(drafts)} problem(s) in {len({p.path for p in drafts})} "
          f"draft(s) to fix before publishing, by file in {REPORT_FILE}")


THEME_CATALOGS = ROOT / "theme" / "translations"


@task(name="translations-update", iterable=["add"], help={
    "add": "start a catalog for a new language, e.g. --add zh (repeat for more)"})
def translations_update(c, add=None):
    """Extract the theme's words into theme/translations/messages.pot and bring every
    language's catalog up to date (new words come in untranslated, changed ones fuzzy)."""
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    template = THEME_CATALOGS / "messages.pot"
    with c.cd(str(ROOT)):  # locations in the catalogs relative to the project
        c.run(shlex.join([*pybabel, "extract", "-F", "theme/babel.cfg", "-o", str(template),
                          "-k", "theme_crumb", "-k", "theme_word", "--sort-by-file", "--no-wrap",
                          "--project", "Apollo clinic theme", "--copyright-holder",
                          "Apollo Physiotherapy Massage and Chiro",
                          "theme/templates", "plugins/breadcrumbs", "pelicanconf.py"]))
    for lang in add or []:
        if (THEME_CATALOGS / lang / "LC_MESSAGES" / "messages.po").exists():
            raise Exit(f"theme/translations/{lang}/ exists already: leave out --add {lang}.", code=2)
        c.run(shlex.join([*pybabel, "init", "-i", str(template), "-d", str(THEME_CATALOGS),
                          "-l", lang, "--no-wrap"]))
        catalog = THEME_CATALOGS / lang / "LC_MESSAGES" / "messages.po"
        catalog.write_text("# Checked by: nobody yet\n" + catalog.read_text(encoding="utf-8"),
                           encoding="utf-8")
    c.run(shlex.join([*pybabel, "update", "-i", str(template), "-d", str(THEME_CATALOGS),
                      "--no-wrap", "--ignore-obsolete"]))
    print("Translate the new entries (empty msgstr) and the fuzzy ones, then have a fluent "
          "reader check each catalog and name them on its '# Checked by:' line.")


