"""Safe by construction: no writer's text, pasted web page or old-site export can run
code, load anything from another host or break the build.

Each symptom seen on main before the sanitiser has a test here: raw HTML blocks
written into pages, javascript: and data: links, images from other hosts, a
byte-order mark breaking front matter, hostile encodings and YAML, and
redirect_from values that could add rules to _redirects.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CONTENT, ROOT, build_site

SEED = CONTENT / "articles" / "low-back-pain-what-helps.md"
FRONT = """---
title: {title}
slug: {slug}
date: 2026-11-20
summary: {summary}
category: Treatments
tags: [testing]
author: apollo-clinic
services: []
reviewed_by: apollo-clinic
last_reviewed: 2026-11-22
---

"""
RAW_BLOCKS = """Hello there.

<script>alert(5)</script>

<iframe src="https://elsewhere.example/embed"></iframe>

<style>body { display: none }</style>

<div onclick="alert(6)">Click me</div>

Inline <b onclick="alert(7)">bold</b> text and <img src=x onerror=alert(8)>.
"""


def article(slug: str, body: str, title: str = "A test article",
            summary: str = "A test summary.") -> str:
    return FRONT.format(title=title, slug=slug, summary=summary) + body


def site_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A copy of content/ with extra (or replaced) files under articles/."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for name, text in files.items():
        target = content / "articles" / name
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return content


def build(tmp_path: Path, content: Path, settings: str = "pelicanconf.py", name="output",
          **overrides):
    """(built site or None, problems reported): a failed build is a SystemExit."""
    from guardrails import reported_problems

    overrides.setdefault("SEARCH_INDEX", {"enabled": False})
    try:
        built = build_site(tmp_path / name, settings, content=content, **overrides)
    except SystemExit:
        built = None
    return built, [str(problem) for problem in reported_problems()]


def live_markup(html: str) -> list[str]:
    """Scripts, frames, styles, event handlers, code URLs and other-host loads that an
    HTML5 parser (html5lib, the spec's algorithm) finds in a page's article body."""
    document = BeautifulSoup(html, "html5lib")
    found = []
    for element in document.find_all(True):
        inline_script = element.name == "script" and not element.get("src") and \
            element.get("type") != "application/ld+json"
        if inline_script or element.name in ("iframe", "object", "embed", "frame"):
            found.append(f"<{element.name}>")
        if element.name == "style":
            found.append("<style>")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"{name}=")
            if name in ("href", "src", "action", "formaction", "srcset", "poster") and \
                    re.match(r"^\s*(javascript|vbscript|data):", value, re.IGNORECASE):
                found.append(f"{name}={value}")
            if name in ("src", "srcset", "poster") and re.match(r"^\s*(https?:)?//", value):
                found.append(f"{name}={value}")
    return found


def test_live_markup_sees_what_it_looks_for():
    assert len(live_markup(
        '<p onclick="x"><script>1</script><iframe></iframe><style></style>'
        '<a href=" JavaScript:x">a</a><img src="//elsewhere.example/p.gif"></p>')) == 6
    assert live_markup("<p><code>&lt;script&gt;</code><a href='https://x.org'>x</a></p>") == []


# --- 1. Raw HTML: shown as text, named in a warning, refused by strict builds ----

def test_raw_html_blocks_show_as_text_and_never_run(tmp_path):
    content = site_with(tmp_path, {"raw.md": article("raw-html", RAW_BLOCKS)})
    built, problems = build(tmp_path, content)
    assert built is not None, problems
    html = (built.output / "articles/raw-html/index.html").read_text(encoding="utf-8")
    assert live_markup(html) == []
    prose = BeautifulSoup(html, "html5lib").select_one(".prose").get_text().replace("\xa0", " ")
    for written in ("<script>alert(5)</script>", '<div onclick="alert(6)">Click me</div>',
                    '<b onclick="alert(7)">bold</b>', "<img src=x onerror=alert(8)>",
                    "<style>body { display: none }</style>"):
        assert written in prose
    path = str(content / "articles" / "raw.md")
    for line, tag in ((16, "<script>"), (18, '<iframe src="https://elsewhere.example/embed">'),
                      (20, "<style>"), (22, '<div onclick="alert(6)">'),
                      (24, '<b onclick="alert(7)">')):
        assert any(p.startswith(f"{path}:{line}: html: '{tag}' is HTML: the page shows it "
                                "as text, it never runs.") for p in problems), (tag, problems)


def test_strict_builds_refuse_raw_html(tmp_path):
    content = site_with(tmp_path, {"raw.md": article("raw-html", RAW_BLOCKS)})
    built, problems = build(tmp_path, content, GUARDRAILS={"strict": True})
    assert built is None
    assert not (tmp_path / "output" / "articles" / "raw-html").exists()
    assert any(":16: html: '<script>' is HTML" in problem for problem in problems)


@pytest.mark.slow
def test_every_path_to_a_page_is_sanitised_forked_and_cached(tmp_path):
    """30 files make the converter fork a pool; the second build reads the cache."""
    files = {f"raw-{n:02d}.md": article(f"raw-{n:02d}", RAW_BLOCKS) for n in range(30)}
    content = site_with(tmp_path, files)
    cache = tmp_path / "cache"
    for name in ("cold", "warm"):
        built, problems = build(tmp_path, content, name=name, CACHE_PATH=str(cache),
                                LOAD_CONTENT_CACHE=True)
        assert built is not None, problems
        pages = sorted((built.output / "articles").glob("raw-*/index.html"))
        assert len(pages) == 30
        for page in pages:
            assert live_markup(page.read_text(encoding="utf-8")) == [], page
        assert list((cache / "front_matter" / "converted").glob("*.pickle"))


def test_summaries_and_content_blocks_are_sanitised(tmp_path):
    body = ("/// key-points\n- <script>alert(1)</script> point\n"
            "- [a link](javascript:alert(2))\n///\n\n"
            "/// questions\n### Is it <b onclick=alert(3)>safe</b>?\nYes.\n///\n")
    content = site_with(tmp_path, {"blocks.md": article(
        "blocks", body, summary='"Summary <img src=x onerror=alert(4)> text"')})
    built, problems = build(tmp_path, content)
    path = str(content / "articles" / "blocks.md")
    assert built is None  # the javascript: link is an error in every build
    assert f"{path}:16: link: 'javascript:alert(2)' is not a web, email or phone " \
           "address; addresses like this can run code, so the link was removed. Link " \
           "with https://..., mailto:... or tel:..., or to another page of the site " \
           "with {filename}/...." in problems
    assert any(p.startswith(f"{path}:5: summary: '<img src=x onerror=alert(4)>' is HTML")
               for p in problems), problems
    fixed = site_with(tmp_path / "fixed", {"blocks.md": article(
        "blocks", body.replace("javascript:alert(2)", "https://www.nhs.uk/"),
        summary='"Summary <img src=x onerror=alert(4)> text"')})
    built, problems = build(tmp_path, fixed, name="fixed-output")
    assert built is not None, problems
    html = (built.output / "articles/blocks/index.html").read_text(encoding="utf-8")
    assert live_markup(html) == []
    assert "<img src=x onerror=alert(4)>" in BeautifulSoup(html, "html5lib").select_one(
        ".lede").get_text()


def test_raw_html_in_a_page_opened_in_chromium_runs_nothing(tmp_path, browser):
    content = site_with(tmp_path, {"raw.md": article("raw-html", RAW_BLOCKS)})
    built, problems = build(tmp_path, content)
    assert built is not None, problems
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((built.output / "articles/raw-html/index.html").as_uri())
    page.locator(".prose code").first.wait_for()
    page.locator(".prose").click()
    assert dialogs == []
    assert page.locator(".prose script, .prose iframe, .prose style").count() == 0
    assert "<script>alert(5)</script>" in page.locator(".prose").inner_text()
    page.close()


# --- 2. Links that run code: refused in every build ------------------------------

@pytest.mark.parametrize("target", [
    "javascript:alert(7)", "JaVaScRiPt:alert(7)", "&#106;avascript:alert(7)",
    "&#x6A;&#x61;vascript:alert(7)", "java&#x09;script:alert(7)", "vbscript:msgbox(7)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==", "%20javascript:alert(7)",
])
def test_code_links_are_refused_and_removed(target):
    from safe_text import sanitise
    from safe_text.sanitiser import scheme_of

    html = f'<p><a href="{target}">here</a> <img src="{target}" alt="x"></p>'
    clean, found = sanitise(html)
    assert live_markup(clean) == []
    assert ("href" not in clean and "src" not in clean) or "%20javascript" in target
    if "%20" not in target:  # "%20javascript:" is a relative path, not a scheme
        assert {finding.kind for finding in found} == {"scheme"}
        assert scheme_of(BeautifulSoup(html, "html5lib").a["href"]) in (
            "javascript", "vbscript", "data")


def test_a_code_link_fails_even_a_local_build_with_its_line(tmp_path):
    body = "Fine text.\n\n[here](javascript:alert(7)) and [x](data:text/html;base64,PHA+)\n"
    content = site_with(tmp_path, {"links.md": article("links", body)})
    built, problems = build(tmp_path, content)
    assert built is None
    path = str(content / "articles" / "links.md")
    assert sum(p.startswith(f"{path}:16: link: '") for p in problems) == 2, problems
    assert not (tmp_path / "output" / "articles" / "links").exists()


def test_web_mail_phone_and_site_links_stay():
    from safe_text import sanitise

    html = ('<p><a href="https://www.nhs.uk/">a</a> <a href="mailto:info@apollophysioyyc.com">'
            'b</a> <a href="tel:+14035550100">c</a> <a href="{filename}/services/x.md">d</a> '
            '<a href="#top">e</a> <a href="../x/">f</a></p>')
    clean, found = sanitise(html)
    assert found == []
    assert BeautifulSoup(clean, "html5lib").find_all("a") == \
        BeautifulSoup(html, "html5lib").find_all("a")


# --- 3. Other hosts: never requested; a warning, so strict builds refuse ----------

def test_images_from_other_hosts_become_links(tmp_path):
    body = ("![pixel](https://elsewhere.example/pixel.gif)\n\n"
            "![also](//elsewhere.example/p.gif)\n")
    content = site_with(tmp_path, {"pixel.md": article("pixel", body)})
    built, problems = build(tmp_path, content)
    assert built is not None, problems
    html = (built.output / "articles/pixel/index.html").read_text(encoding="utf-8")
    prose = BeautifulSoup(html, "html5lib").select_one(".prose")
    assert prose.find("img") is None and live_markup(html) == []
    assert [(a["href"], a.get_text()) for a in prose.find_all("a")] == [
        ("https://elsewhere.example/pixel.gif", "pixel"), ("//elsewhere.example/p.gif", "also")]
    from safe_text import sanitise
    assert sanitise('<img src="https://elsewhere.example/p.gif" alt="">')[0] == \
        '<a href="https://elsewhere.example/p.gif">the picture on elsewhere.example</a>'
    path = str(content / "articles" / "pixel.md")
    assert f"{path}:14: image: 'https://elsewhere.example/pixel.gif' is on another " \
           "website: showing it would tell that website who reads this page, so the page " \
           "links to it instead. Save the picture in content/images/ and write " \
           "![what it shows]({static}/images/file-name.jpg)." in problems
    strict, problems = build(tmp_path, content, name="strict", GUARDRAILS={"strict": True})
    assert strict is None


def test_other_host_sources_of_every_kind_are_never_rendered():
    from safe_text import sanitise

    html = ('<p><img src="https://t.example/a.gif" alt="a"><video src="https://t.example/v">'
            '</video><audio src="//t.example/a"></audio><iframe src="https://t.example/f">'
            '</iframe><img srcset="https://t.example/b.gif 2x" src="x.png" alt="b">'
            '<object data="https://t.example/o"></object><embed src="https://t.example/e">'
            '<a href="https://t.example/">a link stays a link</a>'
            '<img src="https:t.example/no-slashes.gif" alt="c"></p>')
    clean, found = sanitise(html)
    assert live_markup(clean) == []
    assert [img["src"] for img in BeautifulSoup(clean, "html5lib").find_all("img")] == ["x.png"]
    assert "t.example/a.gif" in clean  # as a link: <a href=...>
    assert '<a href="https://t.example/">a link stays a link</a>' in clean
    assert {finding.kind for finding in found} >= {"other-host", "tag"}


# --- The allowlist covers what Markdown, typogrify and our blocks emit ------------

def test_the_sanitiser_changes_nothing_in_the_real_content(site):
    """Every body and summary of content/ (with every content block and a figure)
    is the same document before and after the sanitiser: the allowlist is complete."""
    import lxml.html

    from safe_text import sanitise

    def canonical(html: str) -> str:
        root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
        return lxml.html.tostring(root, encoding="unicode", method="html")

    checked = 0
    for content in site.contents():
        for html in (content._content, content.metadata.get("summary", "")):
            clean, found = sanitise(html)
            assert found == [], (content.source_path, found)
            assert canonical(clean) == canonical(html), content.source_path
            checked += 1
    assert checked >= 20


def test_markdown_features_pass_the_sanitiser_unchanged():
    import markdown

    from safe_text import EscapeRawHtml, sanitise

    md = markdown.Markdown(extensions=[EscapeRawHtml(), "markdown.extensions.extra",
                                       "markdown.extensions.toc",
                                       "markdown.extensions.sane_lists"],
                           output_format="html5")
    source = ("[TOC]\n\n## Heading\n\n| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 | 3 |\n\n"
              "Text[^1] with *em*, **strong**, `code` and an HTML abbreviation.\n\n"
              "[^1]: A note.\n\n*[HTML]: Hypertext\n\nTerm\n:   Definition\n\n"
              "```python\nx = 1\n```\n\n> Quote\n\n3. three\n4. four\n\n---\n\n"
              "Line one  \nline two\n")
    html = md.convert(source)
    clean, found = sanitise(html)
    assert found == []
    assert BeautifulSoup(clean, "html5lib").body == BeautifulSoup(html, "html5lib").body
    for expected in ('class="align-right"', 'class="footnote-ref"', "<abbr", "<dl>",
                     'class="language-python"', "<blockquote>", '<ol start="3">', "<br>"):
        assert expected in clean, expected


# --- 4. Encodings and hostile front matter --------------------------------------

def test_a_byte_order_mark_and_crlf_build(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    content = site_with(tmp_path, {
        "low-back-pain-what-helps.md": b"\xef\xbb\xbf" + seed.replace("\n", "\r\n").encode(),
        "lf-bom.md": b"\xef\xbb\xbf" + seed.replace(
            "slug: low-back-pain-what-helps", "slug: lf-bom").encode()})
    built, problems = build(tmp_path, content)
    assert built is not None, problems
    for slug in ("low-back-pain-what-helps", "lf-bom"):
        folder = "drafts" if "status: draft" in seed else "articles"
        page = built.page(f"{folder}/{slug}/")
        assert page.h1.get_text().startswith("Low back pain")


@pytest.mark.parametrize(("data", "line", "message"), [
    ("---\ntitle: x\n---\n".encode("utf-16"), 1,
     "encoding: the file is saved as UTF-16 (Windows calls it 'Unicode'), which the site "
     "does not read. Save the file as UTF-8"),
    ("---\ntitle: x\n---\n".encode("utf-16-be"), 1, "encoding: this line holds an invisible "
     "NUL character (a zero byte), which is not text. Delete and retype the line"),
    ("---\ntitle: It’s here\n---\n".encode("cp1252"), 2,
     "encoding: byte 0x92 on this line is not UTF-8: the file seems to be saved as "
     "Windows-1252 ('ANSI'), where it means '’'. Save the file as UTF-8"),
    (b"---\ntitle: x\n---\n\nText\x00 here\n", 5, "encoding: this line holds an invisible NUL"),
])
def test_encodings_that_are_not_utf8_are_named(data, line, message):
    from front_matter import SourceError, decode_source

    with pytest.raises(SourceError) as raised:
        decode_source(data, "content/articles/x.md")
    assert str(raised.value.problem).startswith(f"content/articles/x.md:{line}: {message}")


BOMB = "---\ntitle: x\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)) + "---\n\nText\n"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("---\ntitle: x\nslug: y\n\nNo closing line.\n", 1,
     "front matter: the front matter starts with '---' here but never ends. Add a line "
     "with only '---' after the last field, before the text."),
    ("---\ntitle: x\ntags:\n\t- a\n---\n\nText\n", 4,
     "front matter: this line is indented with a tab. Indent with spaces, not tabs."),
    (BOMB, 3, "front matter: the front matter uses a YAML anchor or alias (& or *), which "
     "the site does not read."),
    ("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n\nText\n", 2,
     "front matter: the front matter is nested too deeply to read."),
])
def test_hostile_front_matter_gets_one_clear_message_quickly(text, line, message):
    from front_matter import parse_front_matter

    started = time.monotonic()
    _fields, _lines, _body, problems = parse_front_matter(text, "content/articles/x.md")
    assert time.monotonic() - started < 2
    assert [str(p)[:len(f"content/articles/x.md:{line}: {message}")] for p in problems] == \
        [f"content/articles/x.md:{line}: {message}"]


def test_bad_encodings_fail_a_real_build_with_one_message_each(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    content = site_with(tmp_path, {
        "utf16.md": seed.replace("slug: low-back-pain-what-helps", "slug: u16").encode("utf-16"),
        "ansi.md": seed.replace("slug: low-back-pain-what-helps", "slug: ansi").replace(
            "Most low", "Most’ low").encode("cp1252"),
        "bomb.md": BOMB})
    started = time.monotonic()
    built, problems = build(tmp_path, content)
    assert time.monotonic() - started < 60
    assert built is None
    folder = content / "articles"
    assert sorted(p for p in problems if "encoding:" in p or "front matter:" in p) == [
        f"{folder / 'ansi.md'}:5: encoding: byte 0x92 on this line is not UTF-8: the file "
        "seems to be saved as Windows-1252 ('ANSI'), where it means '’'. Save the file as "
        "UTF-8: in Notepad choose File > Save as and set Encoding to UTF-8; in other "
        "editors look for 'Encoding' or 'Save with encoding'.",
        f"{folder / 'bomb.md'}:3: front matter: the front matter uses a YAML anchor or "
        "alias (& or *), which the site does not read. Write each value out in full; put "
        "a value that starts with & or * inside double quotes.",
        f"{folder / 'utf16.md'}:1: encoding: the file is saved as UTF-16 (Windows calls it "
        "'Unicode'), which the site does not read. Save the file as UTF-8: in Notepad "
        "choose File > Save as and set Encoding to UTF-8; in other editors look for "
        "'Encoding' or 'Save with encoding'.",
    ]


# --- 5. redirect_from cannot be hijacked --------------------------------------

@pytest.mark.parametrize(("value", "wrong"), [
    ("old/page/\n/* https://evil.example/ 200", "has a space or a line break inside it"),
    ("old/ /x/", "has a space or a line break inside it"),
    ("https://evil.example/old/", "is a full address: only a path of this site can redirect"),
    ("//evil.example/old/", "is a full address: only a path of this site can redirect"),
    ("javascript:alert(1)/", "is a full address: only a path of this site can redirect"),
    ("old/*", "has a *, which would catch many addresses"),
    ("../../etc/", "goes up or across folders with . or .."),
    ("old/../../x/", "goes up or across folders with . or .."),
    ("old/page?p=1/", "has characters other than letters, digits and - _ . ~ % +"),
    ("old/page", "does not end in '/'"),
    ("/", "is the home page, which cannot move"),
])
def test_redirect_from_accepts_only_plain_site_paths(value, wrong):
    from host_files.host_files import redirect_path_problem

    assert redirect_path_problem(value) == wrong


@pytest.mark.parametrize("value", ["old/page/", "/2019/05/knee-pain/", "caf%C3%A9/", "a.b~c+d_e/",
                                   "/knee-pain.html", "2019/05/knee-pain.htm"])
def test_plain_redirect_paths_pass(value):
    from host_files.host_files import redirect_path_problem

    assert redirect_path_problem(value) is None


def as_published(text: str) -> str:
    """The seed article without `status: draft`: a draft's problems are its to-do list
    and never stop a build (issue 19), so a build that must stop checks a published one."""
    return re.sub(r"^status: draft.*\n", "", text, flags=re.MULTILINE)


def test_a_hijacking_redirect_fails_the_build_and_writes_no_rule(tmp_path):
    seed = as_published(SEED.read_text(encoding="utf-8")).replace(
        "\n---\n", '\nredirect_from: ["old/\\n/* https://evil.example/ 200"]\n---\n', 1)
    content = site_with(tmp_path, {"low-back-pain-what-helps.md": seed})
    built, problems = build(tmp_path, content, "publishconf.py",
                            CLINICAL_REVIEW={"require_review": False})
    assert built is None
    assert any("redirect_from: 'old/\\n/* https://evil.example/ 200' has a space or a line "
               "break inside it" in p for p in problems), problems
    assert not (tmp_path / "output" / "_redirects").exists()


# --- 7. The whole output does not depend on Python's hash seed -------------------

@pytest.mark.slow
def test_two_builds_in_processes_with_different_hash_seeds_are_byte_identical(tmp_path):
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "4242"):
        output = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "pelican", str(CONTENT), "-o", str(output), "-s",
             "publishconf.py", "-e", f'CACHE_PATH="{tmp_path / ("cache-" + seed)}"'],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append({str(p.relative_to(output)): p.read_bytes()
                        for p in sorted(output.rglob("*")) if p.is_file()})
    one, two = outputs
    assert any(name.startswith("pagefind/") for name in one)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_writing_md_shows_these_messages_as_the_build_prints_them():
    """The examples in WRITING.md's message list come from the same functions."""
    from front_matter import SourceError, decode_source, parse_front_matter
    from host_files.host_files import REDIRECT_FIX, redirect_path_problem
    from safe_text.safe_text import finding_problem, raw_html_problem
    from safe_text.sanitiser import Finding

    writing = (ROOT / "WRITING.md").read_text(encoding="utf-8")
    path = "content/articles/knee-pain.md"

    def shown(problem, line):
        text = f"{path}:{line}: {problem.field}: {problem.message}. {problem.fix}"
        return text + (" (warning)" if problem.severity == "warning" else "")

    expected = [
        shown(raw_html_problem("<b>", 14, "html"), 14),
        shown(raw_html_problem('<iframe src="https://www.youtube.com/embed/x">', 16, "html"), 16),
        shown(finding_problem(Finding("scheme", "a", "javascript:alert(1)"), 18, "html"), 18),
        shown(finding_problem(Finding("other-host", "img",
                                      "https://elsewhere.example/pixel.gif"), 20, "html"), 20),
        f"{path}:12: redirect_from: 'https://elsewhere.example/' "
        f"{redirect_path_problem('https://elsewhere.example/')}. {REDIRECT_FIX}",
    ]
    for data in ("---\n".encode("utf-16"), "---\ntitle: x\n\n\nIt’s\n".encode("cp1252")):
        with pytest.raises(SourceError) as raised:
            decode_source(data, path)
        expected.append(str(raised.value.problem))
    for text in ("---\ntitle: x\n\nText\n", "---\ntitle: x\ntags:\n\t- a\n---\n",
                 "---\ntitle: x\na: &a [1]\n---\n"):
        expected += [str(problem) for problem in parse_front_matter(text, path)[3]]
    missing = [message for message in expected if message not in writing]
    assert not missing, "WRITING.md does not show:\n" + "\n".join(missing)


def test_content_from_other_readers_is_sanitised_too():
    """Pelican's HTML (or reStructuredText) reader bypasses the front matter reader:
    its bodies and summaries pass the same step when the content object is made."""
    from types import SimpleNamespace

    from safe_text.safe_text import sanitise_other_readers

    page = SimpleNamespace(
        metadata={"summary": "<p>Hi <script>alert(1)</script></p>"},
        _content='<p onclick="alert(2)">Body <a href="javascript:alert(3)">x</a>'
                 '<img src="https://t.example/p.gif" alt="p"></p><iframe src="/x"></iframe>',
        _summary=None, source_path=str(CONTENT / "pages" / "old.html"))
    sanitise_other_readers(page)
    assert live_markup(page._content) == [] and live_markup(page.metadata["summary"]) == []
    assert page._summary == page.metadata["summary"]
    assert "Body" in page._content and "<iframe" not in page._content


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x",
                                 "file:///etc/passwd", "//elsewhere.example/x", "https://"])
def test_a_source_that_is_not_a_web_address_is_refused(url, tmp_path):
    draft = SEED.read_text(encoding="utf-8").replace(
        "url: https://www.nhs.uk/conditions/back-pain/", f"url: {json.dumps(url)}")
    # In a draft it is on the draft's to-do list, and the address is written nowhere.
    content = site_with(tmp_path / "draft", {"low-back-pain-what-helps.md": draft})
    built, problems = build(tmp_path / "draft", content)
    assert built is not None and any(": references: the url '" in p for p in problems)
    assert url == "https://" or not any(
        url.strip() in page.read_text(encoding="utf-8", errors="replace")
        for page in built.output.rglob("*.html"))
    seed = as_published(draft)
    content = site_with(tmp_path, {"low-back-pain-what-helps.md": seed})
    built, problems = build(tmp_path, content)
    assert built is None
    path = content / "articles" / "low-back-pain-what-helps.md"
    assert any(p.startswith(f"{path}:") and ": references: the url '" in p
               and "is not a web address; sources link with https://..." in p
               for p in problems), problems
