"""Shared fixtures: real Pelican builds into temporary folders.

The whole site is built once per session with Pelican's own API; tests then read
the files it wrote. Builds with other settings or broken content use `build_site`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican, signals
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = NODE_MODULES / "sitemap" / "schema" / "sitemap.xsd"
CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Debian's Chromium quiet on a machine with no outside network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(1, str(ROOT))  # tasks/ and wordpress_import, however pytest is started

try:  # Hypothesis (tests/test_fuzz_content.py): a fixed seed by default, random for `invoke fuzz`
    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("repeatable", derandomize=True, database=None,
                                         print_blob=True)
    hypothesis_settings.register_profile("fuzz", derandomize=False, database=None,
                                         print_blob=True)
    hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
except ImportError:  # the test extra is not installed: only the fuzz tests need it
    pass


# The one place that says which HTML files are reader pages. The editor at /admin/
# (plugins/editor) is a tool for clinic staff, not a page for patients: a JavaScript
# application (Decap CMS) that shows nothing without JavaScript, has no <h1> or
# article head, loads its scripts in the head and runs under its own, wider policy.
# So the reader-page checks (language and headings, the no-JavaScript walk, the meta
# and head policy, render-blocking scripts, the strict Content-Security-Policy) are
# not its checks; tests/test_editor.py holds the ones it does need (its own policy,
# noindex, out of the sitemap, search and feeds, no reader page linking to it).
EDITOR_FOLDER = "admin"  # EDITOR["save_as"]


def reader_pages(output: Path, editor_folder: str = EDITOR_FOLDER) -> list[Path]:
    """Every HTML file a reader may open: all of the output but the editor's folder."""
    return sorted(path for path in output.rglob("*.html")
                  if path.relative_to(output).parts[0] != editor_folder)


@dataclass
class BuiltSite:
    output: Path
    settings: dict
    generators: list = field(default_factory=list)

    def html_files(self) -> list[Path]:
        """The reader pages (see reader_pages)."""
        return reader_pages(self.output, self.settings.get("EDITOR", {}).get("save_as", EDITOR_FOLDER))

    def page(self, relative: str) -> BeautifulSoup:
        path = self.output / relative
        if relative.endswith("/") or path.is_dir():
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    def contents(self) -> list:
        found = []
        for generator in self.generators:
            for name in ("articles", "drafts", "hidden_articles", "pages",
                         "hidden_pages", "draft_pages"):
                found.extend(getattr(generator, name, []))
        return found


def build_site(output: Path, settings_file: str = "pelicanconf.py",
               content: Path | None = None, **overrides) -> BuiltSite:
    """Build with Pelican's API, the way `invoke build` does, and keep the generators."""
    overrides = {
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
        "LOAD_CONTENT_CACHE": False,
        **({"PATH": str(content)} if content else {}),
        **overrides,
    }
    settings = read_settings(str(ROOT / settings_file), override=overrides)
    site = BuiltSite(output=output, settings=settings)

    def keep(generators):
        site.generators = list(generators)

    signals.all_generators_finalized.connect(keep)
    try:
        Pelican(settings).run()
    finally:
        signals.all_generators_finalized.disconnect(keep)
    return site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The real site, built once with the local settings."""
    return build_site(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> BuiltSite:
    """The real site, built once with the production settings."""
    return build_site(tmp_path_factory.mktemp("production") / "output", "publishconf.py")


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A throwaway copy of content/ that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def run_command(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*args], cwd=cwd, capture_output=True, text=True, timeout=300,
    )


# --- Browser: real Chromium, driven by Playwright, on pages served from 127.0.0.1 ---

class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path):
    """Serve a folder on a free port of 127.0.0.1; yields the base URL without a slash."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def open_live_page(page, url: str, seconds: float = 30) -> None:
    """Open a page that `invoke livereload` serves and wait until the server has
    answered its reload socket: from then on, every rebuild reloads the page."""
    answered = []
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda _frame: answered.append(True)))
    page.goto(url)
    deadline = time.monotonic() + seconds
    while not answered:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the live-reload server never answered {url}")
        page.wait_for_timeout(50)


@pytest.fixture(scope="session")
def site_url(site):
    """The local build, served over HTTP (its URLs are relative)."""
    with serve(site.output) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium. Missing tools fail the test: run `invoke test-tools` first."""
    assert CHROMIUM.exists(), "Chromium is missing: run `invoke test-tools`"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page at the size of a phone; each test may resize or emulate as it needs."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    yield page
    context.close()


def run_axe(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")) -> list[dict]:
    """axe-core's violations for the page as it is now."""
    assert AXE_JS.exists(), "axe-core is missing: run `invoke test-tools`"
    # Evaluated through the browser's DevTools protocol, as a test tool: every
    # page's own Content-Security-Policy refuses inline scripts such as the
    # <script> element that add_script_tag would insert.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_JS.read_text(encoding='utf-8')}\n; window.axe = axe; }}")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    return result["violations"]


# --- Test tiers: `invoke test --quick` leaves out what needs a browser, Java or minutes ---

BROWSER_FIXTURES = {"browser", "page", "csp_site", "site_url", "translated_site_url"}


def pytest_collection_modifyitems(config, items):
    """Marks every test that drives Chromium as `browser` (by its fixtures), so no
    browser test can be left out of the mark by hand."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
