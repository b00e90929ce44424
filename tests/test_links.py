"""Every internal link and asset resolves, and nothing is loaded from another host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src",
                   "source": "src", "iframe": "src", "video": "src", "audio": "src"}
LOADED = {"link": "href", "script": "src", "img": "src", "source": "src",
          "iframe": "src", "video": "src", "audio": "src", "embed": "src", "object": "data"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def references(page: BeautifulSoup):
    for tag, attribute in LINK_ATTRIBUTES.items():
        for element in page.find_all(tag):
            value = element.get(attribute)
            if value is not None:
                yield element, value
    for element in page.find_all(srcset=True):
        for candidate in element["srcset"].split(","):
            yield element, candidate.split()[0]


def resolve(output: Path, page_path: Path, url: str, site_url: str = "") -> Path | None:
    """The file an internal URL points to, or None for a link to elsewhere."""
    if site_url and url.startswith(site_url + "/"):
        url = "/" + url[len(site_url) + 1:]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page_path
    if parts.path.startswith("/"):
        target = output / unquote(parts.path.lstrip("/"))
    else:
        target = page_path.parent / unquote(parts.path)
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.resolve()


def ids_in(path: Path) -> set[str]:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    return {element["id"] for element in page.find_all(id=True)}


@pytest.mark.parametrize("build", ["site", "production_site"])
def test_every_internal_link_resolves(build, request):
    built = request.getfixturevalue(build)
    site_url = built.settings["SITEURL"] if build == "production_site" else ""
    broken, id_cache, checked = [], {}, 0
    for page_path in built.html_files():
        page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "lxml")
        for _element, url in references(page):
            target = resolve(built.output, page_path, url, site_url)
            if target is None:
                continue
            checked += 1
            where = f"{page_path.relative_to(built.output)}: {url}"
            if not target.is_file():
                broken.append(f"{where} (no file {target})")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html":
                ids = id_cache.setdefault(target, ids_in(target))
                if unquote(fragment) not in ids:
                    broken.append(f"{where} (no element with id '{fragment}')")
    assert checked > 10 * len(built.html_files()), "too few links were checked"
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("build", ["site", "production_site"])
def test_nothing_is_loaded_from_another_host(build, request):
    built = request.getfixturevalue(build)
    own_host = urlsplit(built.settings["SITEURL"]).netloc
    foreign = []
    for page_path in built.html_files():
        page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "lxml")
        for tag, attribute in LOADED.items():
            for element in page.find_all(tag):
                if tag == "link" and "alternate" in (element.get("rel") or []):
                    continue  # a feed link is followed by a reader, never loaded by the page
                url = element.get(attribute)
                host = urlsplit(url).netloc if url else ""
                if host and host != own_host:
                    foreign.append(f"{page_path.relative_to(built.output)}: <{tag}> {url}")
        for style in page.find_all(style=True):
            foreign += [f"{page_path}: style {u}" for u in CSS_URL.findall(style["style"])
                        if urlsplit(u).netloc]
    for css in built.output.rglob("*.css"):
        for url in CSS_URL.findall(css.read_text(encoding="utf-8")):
            if urlsplit(url).netloc or url.startswith("//"):
                foreign.append(f"{css.relative_to(built.output)}: url({url})")
        assert "@import" not in css.read_text(encoding="utf-8")
    assert not foreign, "\n".join(foreign)


def test_resolve_understands_relative_absolute_and_external_urls(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    page = tmp_path / "a" / "b" / "index.html"
    assert resolve(tmp_path, page, "../../x/") == (tmp_path / "x" / "index.html").resolve()
    assert resolve(tmp_path, page, "/x/y.css") == (tmp_path / "x" / "y.css").resolve()
    assert resolve(tmp_path, page, "https://example.org/") is None
    assert resolve(tmp_path, page, "mailto:a@b.c") is None
    assert resolve(tmp_path, page, "#top") == page
    assert resolve(tmp_path, page, "https://site.test/x/", "https://site.test") == (
        tmp_path / "x" / "index.html").resolve()
