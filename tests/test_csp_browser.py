"""Under the site's own Content-Security-Policy, pages work in Chromium: no violation is
reported, styles apply, and the site search still finds articles. Twice: served with
the headers from _headers (Netlify, Cloudflare Pages), and by a plain static server
that sends no headers at all (GitHub Pages), where each page's <meta> policy is all
there is."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from conftest import QuietHandler, build_site, free_port

PAGES = ["", "articles/everything-about-dry-needling/", "services/physiotherapy/",
         "articles/", "topics/ims/", "contact/", "404.html"]


def headers_for_everything(headers_file) -> dict[str, str]:
    """The header lines of the `/*` block of a Netlify/Cloudflare _headers file."""
    headers, in_block = {}, False
    for line in headers_file.read_text(encoding="utf-8").splitlines():
        if not line.startswith((" ", "\t")):
            in_block = line.strip() == "/*"
            continue
        if in_block and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers


@pytest.fixture(scope="module", params=["headers", "no headers"])
def csp_site(tmp_path_factory, request):
    """A production build whose absolute URLs point at the local server that serves it,
    with the headers from its own _headers file or with none."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    built = build_site(tmp_path_factory.mktemp("csp") / "output", "publishconf.py",
                       SITEURL=origin, FEED_DOMAIN=origin)
    headers = headers_for_everything(built.output / "_headers")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    if request.param == "no headers":
        headers = {}

    class WithHeaders(QuietHandler):
        def end_headers(self):
            for name, value in headers.items():
                if name != "Strict-Transport-Security":  # plain HTTP here
                    self.send_header(name, value)
            super().end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", port),
                                 functools.partial(WithHeaders, directory=str(built.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield origin
    server.shutdown()
    server.server_close()


def test_no_page_breaks_the_content_security_policy(csp_site, browser):
    context = browser.new_context()
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    for path in [*PAGES, "search/", "editorial-report/"]:
        response = page.goto(f"{csp_site}/{path}")
        if response.status == 404 and path == "editorial-report/":
            continue  # written by `invoke report` only
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert background not in ("", "rgba(0, 0, 0, 0)"), f"{path}: the stylesheet was blocked"
    page.goto(f"{csp_site}/search/?q={quote('trigger points')}")
    first = page.locator(".search__results a").first
    first.wait_for(timeout=15000)
    assert "dry" in first.get_attribute("href")
    context.close()
    violations = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    assert violations == []


def test_the_policy_would_catch_an_inline_script(csp_site, browser):
    """The check above can fail: an inline script on the same origin is refused."""
    context = browser.new_context()
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{csp_site}/")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.ran = true'; document.body.append(s); }""")
    assert page.evaluate("window.ran === undefined")
    assert any("Content Security Policy" in m for m in messages)
    context.close()


def test_every_page_carries_the_policy_in_a_meta_element(tmp_path):
    """The same policy as _headers, less frame-ancestors (a <meta> policy cannot hold
    it), first in the head after the character set, on every HTML file written."""
    from host_files.host_files import CSP, content_security_policy, meta_content_security_policy

    built = build_site(tmp_path / "output", "publishconf.py",
                       SEARCH_INDEX={"enabled": False})
    expected = meta_content_security_policy()
    assert expected == content_security_policy(
        {name: sources for name, sources in CSP.items() if name != "frame-ancestors"})
    pages = built.html_files()  # the reader pages; /admin/ has its own (tests/test_editor.py)
    assert len(pages) > 20
    for page in pages:
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        first = document.head.find_all("meta")[:2]
        assert first[0].get("charset") == "utf-8", page
        assert first[1].get("http-equiv") == "Content-Security-Policy", page
        assert first[1]["content"] == expected, page


def test_redirect_pages_carry_the_policy_too():
    from host_files.host_files import meta_content_security_policy, redirect_page

    document = BeautifulSoup(redirect_page("https://example.org/new/"), "html5lib")
    meta = document.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta["content"] == meta_content_security_policy()
