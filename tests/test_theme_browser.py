"""The theme in real Chromium: accessibility, keyboard and reflow (screenshots: invoke screenshots)."""

from __future__ import annotations

import pytest
from theme_helpers import (
    HORIZONTAL_OVERFLOW,
    OPEN_ALL_DETAILS,
    TEMPLATE_PAGES,
    describe,
)

from conftest import run_axe

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme_page(request, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812},
                                  color_scheme=request.param)
    page = context.new_page()
    yield request.param, page
    context.close()


def test_template_pages_cover_every_written_template(site):
    for name, relative in TEMPLATE_PAGES.items():
        target = site.output / relative
        assert (target if target.suffix == ".html" else target / "index.html").is_file(), name


@pytest.mark.parametrize("name", TEMPLATE_PAGES)
def test_axe_finds_no_violations(scheme_page, site_url, name):
    scheme, page = scheme_page
    page.goto(f"{site_url}/{TEMPLATE_PAGES[name]}")
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    page.evaluate(OPEN_ALL_DETAILS)  # so that answers are checked too
    violations = run_axe(page, WCAG_TAGS)
    assert not violations, f"{name} ({scheme}):\n{describe(violations)}"


def test_first_tab_is_the_skip_link_and_it_moves_focus_to_main(page, site_url):
    for relative in ("", TEMPLATE_PAGES["article-with-blocks"], TEMPLATE_PAGES["service"]):
        page.goto(f"{site_url}/{relative}")
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
        assert focused == ["skip-link", "Skip to main content"], relative
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", relative
        page.keyboard.press("Tab")
        inside = page.evaluate("document.getElementById('main').contains(document.activeElement)")
        assert inside, f"{relative}: the next Tab after the skip link left the main content"


FOCUSABLE = ("a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])")
FOCUS_STATE = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const id = e.tagName + '|' + (e.getAttribute('href') || e.textContent.trim().slice(0, 40));
  return {id, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none'};
}"""


@pytest.mark.parametrize("name", ["home", "article-with-blocks", "service", "article-index"])
def test_every_interactive_element_is_reachable_and_shows_focus(page, site_url, name):
    page.goto(f"{site_url}/{TEMPLATE_PAGES[name]}")
    focusable = page.evaluate(f"""() => [...document.querySelectorAll("{FOCUSABLE}")]
        .filter(e => e.getClientRects().length)
        .map(e => e.tagName + '|' + (e.getAttribute('href') || e.textContent.trim().slice(0, 40)))""")
    expected, reached, unseen = set(focusable), set(), []
    assert len(focusable) > 10
    for _ in range(len(focusable) + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["id"].startswith("BODY"):
            break
        reached.add(state["id"])
        if not (state["outline"] and state["shadow"]):
            unseen.append(state["id"])
    assert expected <= reached, f"not reachable by Tab: {sorted(expected - reached)}"
    assert not unseen, f"no visible focus on: {unseen}"


def test_no_page_scrolls_sideways_at_320_px(site, site_url, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in site.html_files():
        relative = path.relative_to(site.output).as_posix().removesuffix("index.html")
        page.goto(f"{site_url}/{relative}")
        page.evaluate(OPEN_ALL_DETAILS)
        width = page.evaluate(HORIZONTAL_OVERFLOW)
        assert width["scroll"] <= width["client"], f"{relative}: {width}"
    context.close()


def test_reflows_at_200_percent_zoom(site_url, browser):
    # A 1280 px wide window zoomed to 200% lays pages out in 640 CSS pixels at two
    # device pixels each: exactly this viewport and scale factor.
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    for name, relative in TEMPLATE_PAGES.items():
        page.goto(f"{site_url}/{relative}")
        width = page.evaluate(HORIZONTAL_OVERFLOW)
        assert width["scroll"] <= width["client"], f"{name}: {width}"
        assert page.evaluate("devicePixelRatio") == 2
    context.close()


def test_reduced_motion_is_honoured(browser, site_url):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{site_url}/{TEMPLATE_PAGES['article-with-blocks']}")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    context.close()


def test_an_article_prints_with_its_review_dates_and_without_navigation(page, site_url):
    page.goto(f"{site_url}/{TEMPLATE_PAGES['article-with-blocks']}")
    page.emulate_media(media="print")
    hidden = ".site-header, .site-footer, .breadcrumbs, .cta, .pager, .contents"
    assert page.evaluate(f"""[...document.querySelectorAll("{hidden}")]
        .every(e => getComputedStyle(e).display === 'none')""")
    assert page.locator(".article__review").is_visible()
    assert "Next review due" in page.locator(".article__review").inner_text()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
