"""`invoke livereload` serves on 127.0.0.1 and rebuilds when a writer saves a file."""

from __future__ import annotations

import html
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, free_port, open_live_page

PROJECT_FILES = ["content", "theme", "plugins", "live", "pelicanconf.py", "publishconf.py", "tasks"]


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


def copy_project(folder) -> None:
    for name in PROJECT_FILES:
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, folder / name)


def start_livereload(folder, port: int, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options,
    )


def test_livereload_rebuilds_on_save_and_the_open_page_refreshes(tmp_path, page):
    copy_project(tmp_path)
    port = free_port()
    server = start_livereload(tmp_path, port)
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


BOX = "#live-build-problems"
MISSPELT_KEY = ("content/articles/everything-about-dry-needling.md:5: sumary: 'sumary' is not "
                "a field of an article. Did you mean 'summary'? Rename it.")


def test_a_save_that_breaks_the_build_shows_its_messages_on_the_open_page(tmp_path, page):
    """As Hugo's server and Vite do: the box appears on the failed save, with the
    terminal's own lines, and goes on the next good save."""
    copy_project(tmp_path)
    port = free_port()
    server = start_livereload(tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/articles/everything-about-dry-needling/"
    article = tmp_path / "content/articles/everything-about-dry-needling.md"
    written = tmp_path / "output/articles/everything-about-dry-needling/index.html"
    good = article.read_text()
    hosts, sockets = [], []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))
    # Each page load opens its own reload socket; a save is only heard once it has answered.
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda _frame: sockets.append(socket) if socket not in sockets else None))
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        assert wait_for(lambda: "<h1>Everything you need" in fetch(url), 30)
        open_live_page(page, url)
        assert page.locator(BOX).count() == 0, "a good build shows no box"

        article.write_text(good.replace("\nsummary:", "\nsumary:", 1))
        page.wait_for_selector(BOX, timeout=20_000)
        box = page.locator(BOX)
        assert box.get_attribute("role") == "alert"
        assert box.locator("h2").inner_text() == "Your last save did not build"
        lines = box.locator("li").all_inner_texts()
        assert MISSPELT_KEY in lines, lines
        # The last good page is still there under the box.
        assert page.locator("h1").first.inner_text().startswith("Everything you need")
        # Readable on a phone: nothing wider than the screen, the text not tiny.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
        assert box.evaluate("b => parseFloat(getComputedStyle(b.querySelector('li')).fontSize)") >= 14
        # Any page opened while the build is broken shows it too; no file carries it.
        assert MISSPELT_KEY in html.unescape(fetch(f"{base}/services/physiotherapy/"))
        assert "live-build-problems" not in written.read_text()
        # The writer may put it aside.
        page.get_by_role("button", name="Hide this box").click()
        assert not box.is_visible()
        assert wait_for(lambda: len(sockets) >= 2, 20), "the reloaded page never reconnected"

        article.write_text(good.replace("title: Everything you need to know about dry needling",
                                        "title: Dry needling, fixed again"))
        page.wait_for_function(  # (typogrify joins the last two words with a no-break space)
            "() => document.querySelector('h1').textContent.includes('Dry needling, fixed')",
            timeout=20_000)
        assert page.locator(BOX).count() == 0
        assert "live-build-problems" not in fetch(url)
        assert set(hosts) == {f"127.0.0.1:{port}"}, hosts
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_problems_box_is_only_added_as_pages_are_served(production_site, site):
    """No build writes the box into a file: a published site can never show it."""
    from live.overlay import BOX_ID

    for built in (production_site, site):
        carrying = [path for path in built.html_files() if BOX_ID in path.read_text()]
        assert carrying == [], carrying


def descendants(pid: int) -> set[int]:
    """Every process started by `pid`, and by those, from Linux's /proc."""
    found: set[int] = set()
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in map(int, children.read_text().split()):
            found |= {child} | descendants(child)
    return found


def alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" not in status.read_text()
    except OSError:
        return False


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("command", ["serve", "livereload"])
def test_sigterm_stops_every_process_the_command_started(tmp_path, command):
    """A closed terminal or a process manager sends SIGTERM: the port is let go and
    no child (Pelican's server, a search index run) is left behind."""
    copy_project(tmp_path)
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("<!doctype html><title>t</title>")
    port = free_port()
    task = subprocess.Popen([sys.executable, "-m", "invoke", command, "--port", str(port)],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: listening(port), 60), f"invoke {command} never listened"
        started = descendants(task.pid)
        if command == "serve":
            assert started, "invoke serve runs Pelican's server as a child"
        task.send_signal(signal.SIGTERM)
        assert task.wait(timeout=20) is not None
        assert wait_for(lambda: not listening(port), 10), "the port is still taken"
        left = [pid for pid in started if alive(pid)]
        assert left == [], f"still running after SIGTERM: {left}"
    finally:
        if task.poll() is None:
            task.kill()


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_sigterm_stops_livereloads_search_index_run_too(tmp_path):
    """The livereload case above can pass with no child running at the signal (the
    search index run is quick). Here the index run is made to last (a stand-in for
    Pagefind's binary, named by PAGEFIND_BINARY_PATH, which Pagefind's Python package
    looks at first), so SIGTERM arrives while it runs: it must not outlive the session."""
    copy_project(tmp_path)
    stand_in = tmp_path / "slow-pagefind"
    stand_in.write_text(f"#!{sys.executable}\nimport time\n\ntime.sleep(300)\n")
    stand_in.chmod(0o755)
    port = free_port()
    task = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PAGEFIND_BINARY_PATH": str(stand_in)})
    index_runs: list[int] = []
    try:
        assert wait_for(lambda: listening(port), 90), "invoke livereload never listened"

        def index_running() -> bool:
            index_runs[:] = [pid for pid in descendants(task.pid)
                             if str(stand_in) in command_line(pid)]
            return bool(index_runs)

        assert wait_for(index_running, 30), "the session started no search index run"
        started = descendants(task.pid)
        task.send_signal(signal.SIGTERM)
        assert task.wait(timeout=20) is not None
        assert wait_for(lambda: not listening(port), 10), "the port is still taken"
        assert wait_for(lambda: not any(alive(pid) for pid in started), 10), \
            f"still running after SIGTERM: {[command_line(p) for p in started if alive(p)]}"
    finally:
        if task.poll() is None:
            task.kill()
        for pid in index_runs:  # never leave the stand-in sleeping, whatever happened
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
