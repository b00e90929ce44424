"""`invoke livereload` serves on 127.0.0.1 and rebuilds when a writer saves a file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, free_port, open_live_page

PROJECT_FILES = ["content", "theme", "plugins", "live", "pelicanconf.py", "publishconf.py", "tasks.py"]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_livereload_rebuilds_on_save_and_the_open_page_refreshes(tmp_path, page):
    for name in PROJECT_FILES:
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / name)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/articles/everything-about-dry-needling/"
    try:
        assert wait_for(lambda: "<h1>Everything you need" in fetch(url), 30)
        assert "livereload.js" in fetch(url), "the page would not refresh by itself"
        open_live_page(page, url)
        article = tmp_path / "content/articles/everything-about-dry-needling.md"
        article.write_text(article.read_text().replace(
            "title: Everything you need to know about dry needling",
            "title: Dry needling, edited while serving"))
        assert wait_for(lambda: "<h1>Dry needling, edited while" in fetch(url), 20)
        # The open page reloads itself: nobody navigates it again.
        page.wait_for_function(
            "() => document.querySelector('h1').textContent.includes('Dry needling, edited')",
            timeout=20_000)
    finally:
        server.terminate()
        server.wait(timeout=10)
