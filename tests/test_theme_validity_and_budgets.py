"""Every built page is valid HTML, and an article page fits the performance budget.

Budget: an article's own HTML, CSS and JavaScript, gzip-compressed, fit in the first
TCP round trip (10 segments of about 1,400 bytes: 14,000 bytes); nothing blocks
rendering except at most one same-origin stylesheet; no web fonts; images carry
their size and content images load lazily.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import VNU_JAR

BUDGET_BYTES = 14_000
ARTICLES = ["articles/everything-about-dry-needling/", "drafts/low-back-pain-what-helps/"]


@pytest.mark.jvm
def test_nu_html_checker_finds_no_errors_in_any_page(site, production_site):
    assert VNU_JAR.exists(), "the Nu Html Checker is missing: run `invoke test-tools`"
    folders = [str(site.output), str(production_site.output)]
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--errors-only", "--format", "json",
         *folders], capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0
    checked = len(site.html_files()) + len(production_site.html_files())
    assert checked > 40


def own_assets(site, relative: str):
    """The page and the same-origin CSS and JavaScript it loads, as (URL, bytes)."""
    page_path = site.output / relative / "index.html"
    html = page_path.read_text(encoding="utf-8")
    soup = site.page(relative)
    base = "https://apollophysioyyc.com/" + relative
    found = [(base, html.encode())]
    links = [link["href"] for link in soup.select("link[rel~=stylesheet]")]
    links += [script["src"] for script in soup.select("script[src]")]
    for href in links:
        url = urljoin(base, href)
        assert urlsplit(url).netloc == "apollophysioyyc.com", f"{href} is on another host"
        found.append((url, (site.output / urlsplit(url).path.lstrip("/")).read_bytes()))
    return soup, found


@pytest.mark.parametrize("relative", ARTICLES)
def test_article_page_fits_in_the_first_round_trip(production_site, site, relative, capsys):
    built = production_site if relative.startswith("articles/") else site
    _soup, assets = own_assets(built, relative)
    sizes = {url.rsplit("/", 2)[-2] if url.endswith("/") else url.rsplit("/", 1)[-1]:
             len(gzip.compress(data, compresslevel=6, mtime=0)) for url, data in assets}
    total = sum(sizes.values())
    with capsys.disabled():
        print(f"\n{relative}: gzip bytes {sizes}, total {total} of {BUDGET_BYTES}")
    assert total <= BUDGET_BYTES, sizes
    assert len(assets) >= 2  # the page and its stylesheet were both counted


def test_nothing_blocks_rendering_but_one_same_origin_stylesheet(site):
    for path in site.html_files():
        soup = site.page(str(path.relative_to(site.output)))
        blocking = [link for link in soup.select("link[rel~=stylesheet]")
                    if link.get("media", "all") in ("all", "screen") and not link.has_attr("disabled")]
        assert len(blocking) <= 1, path
        assert all(not urlsplit(link["href"]).netloc for link in blocking), path
        scripts = [s for s in soup.select("script[src]")
                   if not ({"async", "defer"} & set(s.attrs)) and s.get("type") != "module"]
        assert not scripts, f"{path}: render-blocking scripts {scripts}"


def test_no_inline_styles_scripts_or_web_fonts(site):
    css_files = list(site.output.rglob("*.css"))
    assert css_files
    for css in css_files:
        text = css.read_text(encoding="utf-8")
        assert "@font-face" not in text and "@import" not in text, css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
    for path in site.html_files():
        soup = site.page(str(path.relative_to(site.output)))
        assert not soup.select("[style]"), f"{path}: style attribute"
        assert not soup.find("style"), f"{path}: <style> element"
        inline = [s for s in soup.find_all("script")
                  if not s.get("src") and s.get("type") != "application/ld+json"]
        assert not inline, f"{path}: inline script"
        assert not soup.select("link[rel~=preconnect], link[href*='fonts.']"), path


def test_images_have_sizes_and_content_images_load_lazily(site):
    images = 0
    for path in site.html_files():
        soup = site.page(str(path.relative_to(site.output)))
        for image in soup.find_all("img"):
            images += 1
            assert image.get("width") and image.get("height"), f"{path}: {image}"
            assert image.get("alt") is not None, f"{path}: {image}"
        for image in soup.select("main .prose img"):
            assert image.get("loading") == "lazy", f"{path}: {image}"
    assert images >= 1


def test_the_stylesheet_uses_logical_sides_so_right_to_left_pages_mirror():
    import re

    from conftest import ROOT

    css = (ROOT / "theme" / "static" / "css" / "main.css").read_text(encoding="utf-8")
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)\s*:|(?<![-\w])(?:left|right)\s*:"
                          r"|text-align:\s*(?:left|right)|float:\s*(?:left|right)", css)
    assert physical == []
