"""Publishing: one post-processing pass, hashed and compressed assets, host files,
byte-identical production builds, and livereload rebuilding only what an edit touches."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import sys
from pathlib import Path

import brotli
import pytest
from build_compare_helpers import output_tree

from conftest import ROOT, build_site

sys.path.insert(0, str(ROOT))
import engine as pp
from benchmarks.generate import edit_one_article, generate
from host_files import host_files as hf

CONTEXT = {"path": "x/index.html", "settings": {**pp.DEFAULTS, "minify": True}, "siteurl": ""}


# Pure cores ---------------------------------------------------------------

def test_every_step_sees_one_parsed_page_and_the_page_is_minified():
    parses = []

    def mark_headings(document, context):
        parses.append(id(document.soup))
        for heading in document.soup.find_all("h2"):
            heading["class"] = "marked"

    def count_parses(document, context):
        parses.append(id(document.soup))

    html = "<!doctype html><html><head><title>T</title></head><body>\n  <h2>A</h2>\n</body></html>"
    result = pp.postprocess_html(html, CONTEXT, steps=[mark_headings, count_parses])
    assert len(set(parses)) == 1  # both steps got the same tree: parsed once
    assert '<h2 class=marked>A</h2>' in result
    assert "\n  " not in result


@pytest.mark.parametrize("data", [b"", b"x" * 10, "text with é".encode() * 200])
def test_compressed_copies_round_trip_and_are_deterministic(data):
    first, second = pp.compressed_copies(data), pp.compressed_copies(data)
    assert first == second
    assert gzip.decompress(first[".gz"]) == data
    assert brotli.decompress(first[".br"]) == data


def test_unchanged_bytes_are_not_rewritten(tmp_path):
    path = str(tmp_path / "a" / "index.html")
    assert pp.write_if_changed(path, b"one")
    os.utime(path, ns=(1, 1))
    assert not pp.write_if_changed(path, b"one")
    assert os.stat(path).st_mtime_ns == 1
    assert pp.write_if_changed(path, b"two")


def test_bad_postprocess_keys_are_named():
    with pytest.raises(ValueError, match="POSTPROCESS: unknown setting"):
        pp.settings_for({"POSTPROCESS": {"minfy": True}})


# Host files ----------------------------------------------------------------

HEADER_LINE = re.compile(r"^  [A-Za-z-]+: \S.*$")


def check_headers_syntax(text: str) -> dict[str, dict[str, str]]:
    """Netlify/Cloudflare `_headers`: a path line, then indented `Name: value` lines."""
    blocks: dict[str, dict[str, str]] = {}
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("/"):
            assert " " not in line, f"line {number}: a path has no spaces"
            current = blocks.setdefault(line, {})
            continue
        assert current is not None and HEADER_LINE.match(line), f"line {number}: {line!r}"
        name, value = line.strip().split(": ", 1)
        current[name] = value
    return blocks


def check_redirects_syntax(text: str) -> list[list[str]]:
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split()
        assert len(fields) == 3, f"line {number}: from, to and status"
        assert fields[0].startswith("/") and fields[1].startswith(("/", "https://"))
        assert fields[2] in {"301", "302", "200", "404"}, f"line {number}"
        rules.append(fields)
    return rules


def test_headers_file_syntax_and_policy():
    blocks = check_headers_syntax(hf.headers_file("theme"))
    every = blocks["/*"]
    for name in ("Content-Security-Policy", "Strict-Transport-Security",
                 "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert every.get(name), name
    policy = dict(
        (part.split()[0], part.split()[1:]) for part in every["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in every["Content-Security-Policy"]
    assert "immutable" in blocks["/theme/*"]["Cache-Control"]


# Whole production builds ---------------------------------------------------

@pytest.fixture(scope="module")
def redirected_production(tmp_path_factory):
    """The real content, one article moved from an old address, built for production."""
    import shutil

    base = tmp_path_factory.mktemp("redirected")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    article = content / "articles" / "everything-about-dry-needling.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text.replace("\nsummary:", "\nredirect_from: [blog/dry-needling/]\nsummary:", 1),
        encoding="utf-8",
    )
    # As for a plain web server (SITE_HOST=server), the one host that sends .gz and .br.
    return build_site(base / "output", "publishconf.py", content=content,
                      POSTPROCESS={"minify": True, "precompress": True, "hash_assets": True})


def test_precompressed_copies_only_for_hosts_that_send_them(monkeypatch):
    from pelican.settings import read_settings

    for host, expected in (("github-pages", False), ("netlify", False), ("cloudflare", False),
                           ("server", True)):
        monkeypatch.setenv("SITE_HOST", host)
        settings = read_settings(str(ROOT / "publishconf.py"))
        assert settings["POSTPROCESS"]["precompress"] is expected, host
    monkeypatch.delenv("SITE_HOST")
    assert read_settings(str(ROOT / "publishconf.py"))["POSTPROCESS"]["precompress"] is False
    monkeypatch.setenv("SITE_HOST", "geocities")
    with pytest.raises(SystemExit, match="SITE_HOST='geocities' is not a host this site knows"):
        read_settings(str(ROOT / "publishconf.py"))


def test_production_pages_are_minified_hashed_and_precompressed(redirected_production):
    output = redirected_production.output
    home = (output / "index.html").read_text(encoding="utf-8")
    stylesheet = re.search(r'href=(\S+?\.css)[ >]', home).group(1)
    assert re.search(r"/theme/css/main\.[0-9a-f]{10}\.css$", stylesheet)
    css = output / "theme" / "css" / Path(stylesheet).name
    assert css.is_file() and b"\n\n" not in css.read_bytes()
    assert "\n  " not in home  # minified
    for page in [output / "index.html", css, output / "feeds" / "all.atom.xml"]:
        data = page.read_bytes()
        assert gzip.decompress(Path(f"{page}.gz").read_bytes()) == data, page
        assert brotli.decompress(Path(f"{page}.br").read_bytes()) == data, page
    # Every text file, including those written last (sitemap, Pagefind's scripts).
    texts = [path for path in output.rglob("*") if path.name.endswith(pp.COMPRESSIBLE)
             and path.stat().st_size >= pp.MIN_COMPRESS_BYTES]
    assert output / "sitemap.xml" in texts and output / "pagefind" / "en-0" / "pagefind.js" in texts
    missing = [str(path.relative_to(output)) for path in texts
               if not (Path(f"{path}.gz").is_file() and Path(f"{path}.br").is_file())]
    assert missing == []


def test_host_files_are_written_with_valid_syntax(redirected_production):
    output = redirected_production.output
    blocks = check_headers_syntax((output / "_headers").read_text())
    assert "Content-Security-Policy" in blocks["/*"]
    rules = check_redirects_syntax((output / "_redirects").read_text())
    assert rules == [["/blog/dry-needling/", "/articles/everything-about-dry-needling/", "301"]]
    page = (output / "blog" / "dry-needling" / "index.html").read_text()
    target = redirected_production.settings["SITEURL"] + "/articles/everything-about-dry-needling/"
    assert f'content="0; url={target}"' in page and f'href="{target}"' in page
    assert (output / "404.html").is_file()


def test_an_old_page_file_address_redirects_from_that_file(tmp_path):
    """Old sites with /%postname%.html permalinks: the redirect page is that very file."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    article = content / "articles" / "everything-about-dry-needling.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "\nsummary:", "\nredirect_from: [/dry-needling.html]\nsummary:", 1), encoding="utf-8")
    built = build_site(tmp_path / "output", "publishconf.py", content=content)
    rules = check_redirects_syntax((built.output / "_redirects").read_text())
    assert rules == [["/dry-needling.html", "/articles/everything-about-dry-needling/", "301"]]
    page = (built.output / "dry-needling.html").read_text()
    target = built.settings["SITEURL"] + "/articles/everything-about-dry-needling/"
    assert f'content="0; url={target}"' in page
    assert not (built.output / "dry-needling.html" / "index.html").exists()


def test_two_production_builds_are_byte_identical(tmp_path):
    first = build_site(tmp_path / "one", "publishconf.py")
    second = build_site(tmp_path / "two", "publishconf.py")
    one, two = output_tree(first.output), output_tree(second.output)
    # Pagefind's filter and metadata files too: plugins/search_index rewrites them in
    # a fixed order (Pagefind 1.5 writes them in hash-map order, Pagefind issue #638).
    assert any(name.startswith("pagefind/en-0/filter/") for name in one)
    assert any(name.startswith("pagefind/en-0/fragment/") for name in one)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_pagefind_files_are_rewritten_in_a_fixed_order(tmp_path):
    from search_index.bundle import (
        SIGNATURE,
        canonical_filter,
        data_file_bytes,
        make_deterministic,
        read_data_file,
    )

    assert canonical_filter(["service", [["Physio", [3, 1]], ["Chiro", [0]]]]) == [
        "service", [["Chiro", [0]], ["Physio", [1, 3]]]]
    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)
    shuffled = ["service", [["Physio", [3, 4]], ["Massage", [1]], ["Chiro", [0]]]]
    (bundle / "filter" / "en_1111111.pf_filter").write_bytes(data_file_bytes(shuffled)[0])
    (bundle / "filter" / "en_2222222.pf_filter").write_bytes(
        data_file_bytes(["category", [["Treatments", [4]]]])[0])
    meta = ["1.5.2", [["en_aaaaaaa", 10]], [], [["service", "en_1111111"],
                                               ["category", "en_2222222"]], [], ["title"]]
    (bundle / "pagefind.en_0000000000.pf_meta").write_bytes(data_file_bytes(meta)[0])
    (bundle / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"en":{"hash":"en_0000000000","wasm":"en",'
        '"page_count":5}},"include_characters":["_","‿"]}', encoding="utf-8")
    make_deterministic(bundle)

    entry = (bundle / "pagefind-entry.json").read_text(encoding="utf-8")
    meta_hash = re.search(r'"hash":"(en_\w{10})"', entry).group(1)
    assert '"include_characters":["_","‿"]' in entry  # written back as Pagefind writes it
    rewritten = read_data_file(bundle / f"pagefind.{meta_hash}.pf_meta")
    assert [name for name, _hash in rewritten[3]] == ["category", "service"]
    service_file = bundle / "filter" / f"{dict(rewritten[3])['service']}.pf_filter"
    assert read_data_file(service_file) == [
        "service", [["Chiro", [0]], ["Massage", [1]], ["Physio", [3, 4]]]]
    assert sorted(p.name for p in bundle.rglob("*.pf_*")) == sorted(
        [service_file.name, f"{dict(rewritten[3])['category']}.pf_filter",
         f"pagefind.{meta_hash}.pf_meta"])
    assert gzip.decompress(service_file.read_bytes()).startswith(SIGNATURE)


# The benchmark's content and the live session -----------------------------

def test_benchmark_content_builds_cleanly_for_production(tmp_path):
    paths = generate(tmp_path / "generated", 12)
    site = build_site(tmp_path / "out", "publishconf.py", content=paths["site"] / "content")
    articles = [a for a in site.contents() if a.source_path.endswith(".md")
                and "/articles/article-" in a.source_path]
    assert len(articles) == 12
    assert (tmp_path / "out" / "articles" / "article-00000" / "index.html").is_file()
    assert (paths["bare"] / "content" / "articles" / "article-00011.md").is_file()
    assert (paths["hugo"] / "content" / "posts" / "article-00011.md").is_file()


def test_an_edit_rerenders_only_the_pages_that_show_it(tmp_path):
    from live import LiveSite

    paths = generate(tmp_path / "generated", 40)
    content = paths["site"] / "content"
    output = tmp_path / "out"
    site = LiveSite(ROOT / "pelicanconf.py", {
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "cache"),
    })
    assert site.rebuild()
    everything = set(site.rendered)
    article = next(a for a in site_articles(site) if a.slug == "article-00000")

    # A change to the text alone: no other page can show it, so only its page is rendered,
    # without running Pelican again (the quick rebuild).
    edited = edit_one_article(content, 0)
    assert site.rebuild(changed=[str(edited)])
    assert site.last_rebuild_quick and site.rendered == [article.save_as]
    assert "added while&nbsp;editing" in (output / article.save_as).read_text()  # typogrify: no widow

    # A change to the front matter (the title): the pages that show the article, still
    # without Pelican (a title or summary changes no page's links).
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: Retitled ", 1),
                      encoding="utf-8")
    assert site.rebuild(changed=[str(edited)])
    assert site.last_rebuild_quick
    rendered = set(site.rendered)
    expected = {article.save_as} | {tag.save_as for tag in article.tags}
    assert expected <= rendered
    # The category lists it on one of its pages (the oldest article is on the last one).
    category_folder = article.category.save_as.removesuffix("index.html")
    assert any(path.startswith(category_folder) for path in rendered - {"categories/index.html"})
    unrelated = {f"articles/article-{i:05d}/index.html" for i in range(1, 40)}
    neighbours = {f"articles/{a.slug}/index.html" for a in site_articles(site)
                  if article.source_path in linked_sources(a)}
    assert (unrelated - neighbours).isdisjoint(rendered)
    assert len(rendered) < len(everything) / 3
    assert "Retitled" in (output / "articles" / "archive" / "index.html").read_text()

    # One more topic, a new one: still without Pelican, the site linked again and the
    # new topic's page made (LiveSite.relink_terms).
    edited.write_text(edited.read_text(encoding="utf-8").replace("tags:\n", "tags:\n- retitling\n", 1),
                      encoding="utf-8")
    assert site.rebuild(changed=[str(edited)])
    assert site.last_rebuild_quick
    assert {article.save_as, "topics/retitling/index.html"} <= set(site.rendered)
    assert len(site.rendered) < len(everything) / 3
    assert "Retitled" in (output / "topics" / "retitling" / "index.html").read_text()

    # Its date (every list's order): still without Pelican, the lists made again and
    # the pages whose list or neighbours changed rendered.
    edited.write_text(edited.read_text(encoding="utf-8").replace("date: '20", "date: '19", 1),
                      encoding="utf-8")
    assert site.rebuild(changed=[str(edited)])
    assert site.last_rebuild_quick
    assert {article.save_as, "topics/retitling/index.html", "articles/archive/index.html"} \
        <= set(site.rendered)
    assert len(site.rendered) < len(everything) / 3
    assert "1920" in (output / article.save_as).read_text()

    # Another field (a waiver of the reading target) runs Pelican, and renders the pages
    # that show the article.
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "tags:\n", "plain_language_waiver: A test of the live preview.\ntags:\n", 1), encoding="utf-8")
    assert site.rebuild(changed=[str(edited)])
    assert not site.last_rebuild_quick
    assert {article.save_as, "topics/retitling/index.html"} <= set(site.rendered)

    # The search index catches up in the background, with the edited text.
    from findability_helpers import pagefind_fragments

    from search_index import wait_for_background_index

    assert wait_for_background_index(timeout=120) == 0
    records = [r for r in pagefind_fragments(output) if r["url"] == f"/{article.url}"]
    assert any("added while" in record["content"] for record in records), records


def test_a_quick_rebuild_writes_what_a_full_rebuild_writes(tmp_path):
    """Text-only edits skip Pelican; the pages they write are the full rebuild's, byte
    for byte, and anything more (front matter, an error) goes the full way."""
    from live import LiveSite

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "out"
    site = LiveSite(ROOT / "pelicanconf.py", {
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "cache"),
        "SEARCH_INDEX": {"enabled": False},
    })
    assert site.rebuild()
    article = content / "articles" / "everything-about-dry-needling.md"
    article.write_text(article.read_text(encoding="utf-8")
                       + "\n## A new section\n\nA sentence added in the test.\n", encoding="utf-8")
    assert site.rebuild(changed=[str(article)])
    assert site.last_rebuild_quick and site.rendered == ["articles/everything-about-dry-needling/index.html"]
    quick = {path: path.read_bytes() for path in output.rglob("*.html")}
    assert site.rebuild()  # nothing changed since: a full rebuild of every page
    assert not site.last_rebuild_quick and len(site.rendered) > 20
    assert {path: path.read_bytes() for path in output.rglob("*.html")} == quick
    page = (output / "articles" / "everything-about-dry-needling" / "index.html").read_text()
    assert "A new section" in page and "a-new-section" in page  # contents list and anchor

    # A link that the sanitiser refuses is an error: the full build stops and says so.
    article.write_text(article.read_text(encoding="utf-8") + "\n[x](javascript:alert(1))\n",
                       encoding="utf-8")
    assert not site.rebuild(changed=[str(article)])
    assert not site.last_rebuild_quick


def site_articles(site):
    import pelican.contents

    return [obj for obj in gc_contents() if isinstance(obj, pelican.contents.Article)
            and obj.settings.get("OUTPUT_PATH") == site.settings["OUTPUT_PATH"]]


def gc_contents():
    import gc

    import pelican.contents

    return [obj for obj in gc.get_objects() if isinstance(obj, pelican.contents.Content)]


def linked_sources(article) -> set[str]:
    from live import record_of

    return record_of({"article": article})[1]
