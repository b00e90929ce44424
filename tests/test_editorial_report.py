"""The editorial report tells the truth: links counted in the site as written, service
pages included, clinic words, and a layout that fits at 390 and 1280 px (Chromium)."""

from __future__ import annotations

import itertools
import re

import pytest
from bs4 import BeautifulSoup
from guardrails_helpers import article_text, tiny_site

from conftest import build_site, serve

REPORT = {"enabled": True, "save_as": "editorial-report/index.html"}


@pytest.fixture(scope="module")
def report_site(tmp_path_factory):
    """Knee pain: linked from another article's text (which also shares its topic, so
    a related card), listed by its service page, the home page and lists. A draft
    nothing links to. A lone article with a topic of its own: only the home page and
    lists link to it, though the previous/next pager of its neighbours does too."""
    folder = tmp_path_factory.mktemp("report")
    content, _ = tiny_site(folder, article_text(), extra_files={
        "articles/stairs.md": article_text(
            {2: "title: Knee pain on stairs", 3: "slug: stairs", 9: "services: []"},
            body="Read [about knee pain]({filename}/articles/knee-pain.md)."),
        "articles/lone.md": article_text(
            {2: "title: Lone article", 3: "slug: lone", 7: "tags: [lonely]",
             9: "services: []"}),
        "articles/draft.md": article_text(
            {2: "title: Draft nobody links to", 3: "slug: draft", 7: "tags: [draft]",
             9: "services: []"}).replace("---\ntitle", "---\nstatus: draft\ntitle", 1),
    })
    return build_site(folder / "out", content=content, SEARCH_INDEX={"enabled": False},
                      EDITORIAL_REPORT=REPORT)


def rows_of(site) -> dict[str, dict[str, str]]:
    rows = {}
    for row in site.page("editorial-report/").select("tbody tr"):
        title = " ".join(row.th.a.get_text().replace("\xa0", " ").split())
        rows[title] = {td["data-label"]: " ".join(td.get_text(" ").split())
                       for td in row.find_all("td")}
        rows[title]["kind"] = row.th.select_one(".editorial-report__kind").get_text()
    return rows


def test_links_are_counted_in_the_written_site(report_site):
    rows = rows_of(report_site)
    # home page, its category and topic lists, the author's list, the physiotherapy
    # service page's article list and the stairs article (text link and related card:
    # one page, counted once).
    knee = rows["Knee pain"]["Links to it"]
    assert re.fullmatch(r"\d+: home page, [2-9] lists, 1 article, 1 service page", knee), knee
    lone = rows["Lone article"]["Links to it"]
    assert "home page" in lone and "article" not in lone, lone  # the pager is not counted
    assert rows["Draft nobody links to"]["Links to it"] == "0: no page links to it (orphan)"


def test_the_count_matches_the_pages_that_really_link(report_site):
    """Each page the report counts for knee pain holds a link to it in its main part."""
    output = report_site.output
    linking = []
    for page in output.rglob("*.html"):
        if "editorial-report" in str(page) or page == output / "articles/knee-pain/index.html":
            continue
        main = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find("main")
        if main is None:
            continue
        for pager in main.select(".pager"):
            pager.decompose()
        if any(a["href"].rstrip("/").endswith("articles/knee-pain")
               for a in main.find_all("a", href=True)):
            linking.append(page)
    assert rows_of(report_site)["Knee pain"]["Links to it"].startswith(f"{len(linking)}:")


def test_service_pages_are_rows_of_their_own(report_site):
    rows = rows_of(report_site)
    physio = rows["Physiotherapy"]
    assert physio["kind"] == "service page"
    assert physio["Due"] == "no review dates (service page)"
    assert list(rows)[-1] == "Physiotherapy"  # after the articles


def test_the_report_speaks_the_clinics_words(report_site):
    text = " ".join(report_site.page("editorial-report/").find("main").get_text(" ").split())
    for developer_word in ("invoke", "template", "plugin", "written pages", "CLINIC.", "build"):
        assert developer_word not in text, developer_word
    assert "Links to it counts the other pages of this site that link to the page" in text
    assert "The previous and next links under an article" in text


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_report_fits_the_screen_at_390_and_1280_px(report_site, browser, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    with serve(report_site.output) as url:
        page.goto(f"{url}/editorial-report/")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
        # Every cell, heading and path lies inside the window: nothing is cut off.
        outside = page.evaluate("""() => [...document.querySelectorAll(
              '.editorial-report th, .editorial-report td, .editorial-report code')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.slice(0, 30), e.getBoundingClientRect()])
            .filter(([, r]) => r.left < 0 || r.right > document.documentElement.clientWidth + 0.5)
            .map(([t, r]) => t + ' ' + Math.round(r.left) + '..' + Math.round(r.right))""")
        assert outside == [], outside
        cells = page.locator(".editorial-report tbody tr").first.locator("td")
        if width == 390:  # cards: each value under its column's name, one below the other
            assert page.evaluate("getComputedStyle(document.querySelector("
                                 "'.editorial-report tr')).display") == "block"
            boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
            assert all(b["y"] > a["y"] for a, b in itertools.pairwise(boxes))
            label = page.evaluate("getComputedStyle(document.querySelector("
                                  "'.editorial-report td'), '::before').content")
            assert label == '"Author"'
        else:  # a table: the row's cells side by side
            boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
            assert all(b["x"] > a["x"] for a, b in itertools.pairwise(boxes))
            assert abs(boxes[0]["y"] - boxes[-1]["y"]) < 1
        page.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
    context.close()
