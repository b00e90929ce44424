"""The verbs people type: ``invoke --list`` shows them all.

    invoke build        build the site for local preview into output/
    invoke serve        serve output/ on http://127.0.0.1:8000
    invoke livereload   rebuild and refresh the browser on every change
    invoke new "Title"  start a new article from the template
    invoke test         run every test
    invoke publish      production build, swapped into output/ only on success
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


class LiveSite:
    """A Pelican session that stays in memory between rebuilds (`invoke livereload`).

    Settings are read once. Each rebuild runs Pelican again in this process, so
    the front matter reader's in-memory cache of Markdown and typogrify output
    is reused and only edited files are converted again.
    """

    def __init__(self, settings_file: Path, overrides: dict | None = None):
        from pelican.settings import read_settings

        self.settings = read_settings(str(settings_file), override=overrides or {})
        self.last_rendered_count: int | None = None

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """Build again; `changed` names the files that changed, if known."""
        from pelican import Pelican

        try:
            Pelican(self.settings.copy()).run()
        except SystemExit:
            print("The build failed: fix the messages above and save again.", file=sys.stderr)
            return False
        return True


@task
def livereload(c, port=PORT):
    """Serve on http://127.0.0.1:8000, rebuild on every change and refresh the browser."""
    from livereload import Server

    site = LiveSite(LOCAL_SETTINGS, {"OUTPUT_PATH": str(OUTPUT)})
    site.rebuild()
    server = Server()
    for pattern in ("content/**/*", "theme/**/*", "plugins/**/*.py", "*.py"):
        server.watch(str(ROOT / pattern), site.rebuild)
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
