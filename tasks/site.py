"""Build and serve: build, rebuild, serve, the live preview, the editor, publish.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

from live import HOST, PORT, LiveSite, serve_live

from .common import (
    CONTENT,
    LOCAL_SETTINGS,
    OUTPUT,
    PUBLISH_SETTINGS,
    ROOT,
    build_atomically,
    retired_output,
    run_pelican,
    use_plugins,
)


@task(help={"content": "content folder (default: content/)", "output": "output folder"})
def build(c, content=str(CONTENT), output=str(OUTPUT)):
    """Build the site for local preview into output/."""
    run_pelican(c, LOCAL_SETTINGS, Path(output), Path(content))


@task
def clean(c):
    """Remove output/, the output before last that publish keeps, and Pelican's cache."""
    for folder in (OUTPUT, retired_output(OUTPUT), ROOT / "cache"):
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
        stop_process(server)


def stop_process(process: subprocess.Popen) -> None:
    """Ask a process we started to stop, and make it stop if it has not in ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


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
        stop_process(backend)


@task(help={"plain": "show the reading aid on articles and pages: grades, hard sentences, "
                     "plainer words (WRITING.md, Writing in plain language)"})
def livereload(c, port=PORT, plain=False):
    """Serve on http://127.0.0.1:8000, rebuild on every change and refresh the browser.

    Watches content/, theme/ and plugins/. A change to the settings or tasks/
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
