"""In real Chromium: every page reads without JavaScript and asks nothing of another host."""

from __future__ import annotations

from urllib.parse import urlsplit


def page_urls(site, base_url):
    for path in site.html_files():
        relative = path.relative_to(site.output).as_posix()
        yield base_url + "/" + relative.removesuffix("index.html")


def test_every_page_requests_only_its_own_host(site, site_url, browser):
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    visited = 0
    for url in page_urls(site, site_url):
        response = page.goto(url)
        assert response.ok, url
        visited += 1
    context.close()
    own = urlsplit(site_url).netloc
    foreign = [url for url in requested if urlsplit(url).netloc not in (own, "")]
    assert visited == len(site.html_files()) and len(requested) >= 2 * visited
    assert not foreign, foreign


def test_every_page_reads_without_javascript(site, site_url, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 700})
    page = context.new_page()
    for url in page_urls(site, site_url):
        page.goto(url)
        heading = page.locator("main h1")
        assert heading.is_visible(), url
        assert page.locator("main").inner_text().strip(), url
        stylesheet_applied = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert stylesheet_applied not in ("", "rgba(0, 0, 0, 0)"), url
    context.close()
