"""The reading aid in the live preview (`invoke livereload --plain`), in Chromium, on
the seed article; and that no build, local or production, carries any of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_livereload import copy_project, fetch, wait_for

from conftest import free_port, open_live_page, run_axe

SEED_URL = "/articles/everything-about-dry-needling/"
SHOTS = Path(os.environ.get("READING_AID_SHOTS", "")) if os.environ.get("READING_AID_SHOTS") \
    else None


@pytest.fixture
def aid_server(tmp_path):
    copy_project(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--plain", "--port", str(port)],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: "<h1>Everything you need" in fetch(base + SEED_URL), 40)
        yield base, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=10)


def marked_texts(page, selector: str) -> list[str]:
    """The text of each mark, its pieces (a mark split by a link or a word) joined."""
    return page.evaluate("""(selector) => {
        const marks = new Map();
        for (const piece of document.querySelectorAll(selector)) {
            const key = piece.dataset.plainAidMark;
            marks.set(key, (marks.get(key) || '') + piece.textContent);
        }
        return [...marks.values()]; }""", selector)


def prose_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one("main .prose").get_text()


def test_the_aid_marks_the_seed_article_on_a_phone(aid_server, page):
    base, project = aid_server
    page.set_viewport_size({"width": 390, "height": 844})
    hosts = []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))
    open_live_page(page, base + SEED_URL)
    panel = page.locator("#plain-aid")
    assert panel.locator("h2").inner_text() == "Reading aid (preview only)"
    assert panel.locator(".plain-aid__grades").inner_text() == "Flesch-Kincaid 13.3, SMOG 15.0"
    assert "Target for articles: SMOG 9 or below. Above the target: SMOG 15.0 (target 9)." in \
        panel.inner_text()
    # The same sentences and words `invoke check --plain` names.
    very_hard = marked_texts(page, ".prose .plain-aid__sentence--very-hard")
    assert len(very_hard) == 14
    assert very_hard[7].startswith("Top medical professionals believe that the insertion")
    assert very_hard[7].endswith("and the modulation of pain perception.")
    assert page.locator(".prose .plain-aid__sentence--very-hard .plain-aid__label").count() == 14
    assert len(marked_texts(page, ".prose .plain-aid__sentence--hard")) == 6
    words = page.locator(".prose .plain-aid__word--plainer").all_inner_texts()
    assert words[:4] == ["comprehensive", "individuals", "therapeutic", "alleviate"]
    assert len(words) == 22
    assert page.locator(".prose .plain-aid__word--explain").all_inner_texts() == [
        "musculoskeletal", "chronic", "tendonitis", "myofascial", "trigger points", "endorphins"]
    assert marked_texts(page, ".prose .plain-aid__passive") == [
        "is rooted", "is based", "is often used", "is commonly used", "is not performed"]

    # The text is the page's own, letter for letter: the aid only wraps it.
    written = (project / "output" / SEED_URL.strip("/") / "index.html").read_text()
    served = page.evaluate("() => document.querySelector('main .prose').textContent")
    assert served == prose_text(written)
    assert "plain-aid" not in written

    # The plainer word on hover and on keyboard focus, in words, not colour alone.
    word = page.locator(".prose .plain-aid__word", has_text="alleviate").first
    hint = "() => getComputedStyle(document.activeElement, '::after').content"
    word.evaluate("w => w.scrollIntoView({block: 'center', behavior: 'instant'})")
    word.focus()
    assert page.evaluate(hint) == '"Plainer: ease or relieve"'
    assert word.evaluate("w => getComputedStyle(w).textDecorationStyle") == "dotted"
    described = word.get_attribute("aria-describedby")
    assert "alleviate: Plainer: ease or relieve" in page.locator(f"#{described}").text_content()
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "reading-aid-focus-390.png"))
    page.mouse.click(5, 5)
    word.hover()
    assert word.evaluate("w => getComputedStyle(w, '::after').content") == \
        '"Plainer: ease or relieve"'
    if SHOTS:
        page.screenshot(path=str(SHOTS / "reading-aid-hover-390.png"))
        page.screenshot(path=str(SHOTS / "reading-aid-390.png"), full_page=True)
    # Tab reaches the words from the keyboard.
    page.locator("#plain-aid-show").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('plain-aid__word')"):
            break
    assert page.evaluate("() => document.activeElement.textContent") == "comprehensive"
    assert page.evaluate(hint) == '"Plainer: full or complete"'

    assert run_axe(page) == []
    # Marks off with the checkbox, without any script.
    mark = page.locator(".prose .plain-aid__sentence--very-hard").first
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 215, 221)"
    page.locator("#plain-aid-show").uncheck()
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert set(hosts) == {base.split("/")[2]}, hosts
    if SHOTS:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.locator("#plain-aid-show").check()
        page.screenshot(path=str(SHOTS / "reading-aid-1280.png"), full_page=True)


def test_the_aid_needs_no_script(aid_server, browser):
    base, _project = aid_server
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390,
                                                                      "height": 844})
    page = context.new_page()
    page.goto(base + SEED_URL)
    assert page.locator(".prose .plain-aid__word").count() == 28
    page.locator("#plain-aid-show").uncheck()
    mark = page.locator(".prose .plain-aid__sentence--hard").first
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    context.close()


def test_a_phone_screen_holds_fewer_words_than_the_long_paragraph_limit(site_url, page):
    """The paragraph_words default: a paragraph of that many of the seed article's words
    is taller than the 700 pixels of page a 390 x 844 phone shows under the browser's
    own bars, in the article's own styles."""
    from plain_language.plain_language import DEFAULTS

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + SEED_URL)
    measure = """(count) => {
        const seed = document.querySelector('main .prose p').textContent.split(/\\s+/);
        const p = document.createElement('p');
        p.textContent = Array(10).fill(seed).flat().slice(0, count).join(' ');
        document.querySelector('main .prose').prepend(p);
        const height = p.getBoundingClientRect().height;
        p.remove();
        return height; }"""
    words = DEFAULTS["paragraph_words"]
    assert page.evaluate(measure, words) > 700
    assert page.evaluate(measure, words - 20) < 700  # and not much more than a screen


@pytest.mark.slow
def test_no_build_carries_the_aid(production_site, site):
    """The aid is added as pages are served: neither a local nor a production build
    writes any of its markup, style or script."""
    for built in (production_site, site):
        for path in built.html_files():
            text = path.read_text()
            assert "plain-aid" not in text, path
            assert "Reading aid" not in text, path
