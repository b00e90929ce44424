"""Public XSS payloads in every place a writer can type, through real production builds.

The corpus is tests/data/xss/ (PayloadsAllTheThings' payload lists; SOURCE.md names
the repository, paths, commit and licence). Each payload goes into:

- front matter: title, summary, tags, a reference's title, publisher and url;
  the author (a person whose name, role and bio are the payload);
- the body: a paragraph, link text, alt text, a key-points item, an urgent block's
  heading, a figure's caption, a question, do and don't items;
- addresses: a link's and an image's address;
- category (never valid: every one must be refused on its line).

The payloads are batched: one file per payload and group of places, all in one
content folder, so the whole corpus takes two production builds (strict off, so
that warnings about HTML shown as text do not stop it):

1. Everything. Nothing may crash: the build either finishes or stops with our own
   messages, and every file refused has a ``path:line: field:`` message of its own.
2. Without the refused files. The build must finish, and then no page or feed may
   hold anything that runs or loads: no script but our own, no on* attribute, no
   javascript:/vbscript:/data: address, nothing loaded from another host, no
   frame, object, embed, base, form or meta refresh. Chromium then opens every
   payload page: no dialog opens and no request leaves 127.0.0.1.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import CONTENT, ROOT, QuietHandler, build_site, free_port, reader_pages

CORPUS = ROOT / "tests" / "data" / "xss"
FILES = ("IntrudersXSS.txt", "JHADDIX_XSS.txt", "RSNAKE_XSS.txt", "XSS_Polyglots.txt")


def payloads() -> list[str]:
    seen: dict[str, None] = {}
    for name in FILES:
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(line, None)
    return list(seen)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def front_matter(number: int, group: str, **fields: str) -> str:
    values = {
        "title": quoted(f"Payload {number} {group}"),
        "slug": f"{group}-{number}",
        "date": "2026-01-02",
        "summary": quoted("A test page for hostile text."),
        "category": "Treatments",
        "tags": "[test]",
        "author": "apollo-clinic",
        "services": "[]",
        "reviewed_by": "apollo-clinic",
        "last_reviewed": "2026-01-05",
        **fields,
    }
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in values.items()) + "---\n\n"


def body_places(payload: str) -> str:
    return (f"A paragraph: {payload}\n\n"
            f"[{payload}]({{filename}}/services/physiotherapy.md)\n\n"
            f"![{payload}]({{static}}/images/low-back-pain-daily-movement.svg)\n\n"
            f"/// key-points\n- {payload}\n///\n\n"
            f"/// urgent | {payload}\n- a sign\n///\n\n"
            f"/// figure | {payload}\n"
            "![A figure]({static}/images/low-back-pain-daily-movement.svg)\n///\n\n"
            f"## Questions and answers\n\n/// questions\n### {payload}\n\nAn answer.\n///\n\n"
            f"/// do\n- {payload}\n///\n\n/// dont\n- {payload}\n///\n")


BODY_BATCH = 20  # payloads a body file holds (each in every body place)
ADDRESS_BATCH = 10  # a refused address refuses its whole file: smaller batches


def write_corpus(content: Path, corpus: list[str]) -> dict[Path, list[str]]:
    """The payloads as files: front matter and category one payload a file (a refused
    field refuses the file), body places and addresses in batches; {file: payloads}."""
    articles = content / "articles" / "xss"
    articles.mkdir(parents=True)
    written: dict[Path, list[str]] = {}

    def write(name: str, text: str, batch: list[str]) -> None:
        path = articles / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        written[path] = batch

    people = [(CONTENT / "people.yml").read_text(encoding="utf-8").rstrip("\n"), ""]
    for number, payload in enumerate(corpus):
        reference = "\n  - {" + f"title: {quoted(payload)}, publisher: {quoted(payload)}" + "}"
        write(f"fields-{number}", front_matter(
            number, "fields", title=quoted(payload), summary=quoted(payload[:150]),
            author=f"writer-{number}", references=reference) + "Some text.\n", [payload])
        # Fields that refuse many payloads get files of their own, so that a refusal
        # there does not keep the title and summary above out of the output.
        write(f"tags-{number}", front_matter(number, "tags", tags=f"[{quoted(payload)}]")
              + "Some text.\n", [payload])
        write(f"source-{number}", front_matter(
            number, "source", references="\n  - {title: A source, url: " + quoted(payload)
            + "}") + "Some text.\n", [payload])
        write(f"category-{number}", front_matter(number, "category", category=quoted(payload))
              + "Some text.\n", [payload])
        people += [f"- id: writer-{number}", f"  name: {quoted(payload)}",
                   f"  role: {quoted(payload)}", f"  bio: {quoted(payload)}"]
    for start in range(0, len(corpus), BODY_BATCH):
        batch = corpus[start:start + BODY_BATCH]
        write(f"body-{start}", front_matter(start, "body")
              + "\n".join(body_places(payload) for payload in batch), batch)
    for start in range(0, len(corpus), ADDRESS_BATCH):
        batch = corpus[start:start + ADDRESS_BATCH]
        write(f"address-{start}", front_matter(start, "address") + "".join(
            f"[A link]({payload})\n\n![A picture]({payload})\n\n" for payload in batch), batch)
    (content / "people.yml").write_text("\n".join(people) + "\n", encoding="utf-8")
    return written


class Records(logging.Handler):
    """Every warning or error the build logs that is not one of our problems."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.raw: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "guardrails_path", None) or getattr(record, "guardrails_summary",
                                                                 False):
            return
        self.raw.append(f"{record.name}: {record.getMessage()}")


def production_build(output: Path, content: Path, base_url: str, cache: Path):
    """publishconf.py as `invoke publish` runs it, with strict off and our address;
    the second build reuses the first one's converted Markdown."""
    from site_core import reported_problems

    records = Records()
    logging.getLogger().addHandler(records)
    try:
        build_site(output, "publishconf.py", content=content, SITEURL=base_url,
                   FEED_DOMAIN=base_url, GUARDRAILS={"strict": False},
                   SEARCH_INDEX={"enabled": False}, CACHE_PATH=str(cache),
                   LOAD_CONTENT_CACHE=True)
        stopped = False
    except SystemExit:
        stopped = True
    finally:
        logging.getLogger().removeHandler(records)
    return stopped, list(reported_problems()), records.raw


LOADING_ATTRIBUTES = ("src", "srcset", "data", "poster", "background", "action", "formaction",
                      "xlink:href", "codebase", "archive", "lowsrc", "dynsrc")
# (The site's own search form has form, input and button: a form is checked by where
# its action goes, below.)
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base",
                  "textarea", "isindex", "xml", "bgsound", "layer", "ilayer", "marquee", "xss",
                  "plaintext", "video", "audio", "source"}
CODE_SCHEMES = re.compile(r"^(?:javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)


def loose(value: str) -> str:
    """An address as a browser reads it: controls and spaces anywhere ignored."""
    return re.sub(r"[\x00-\x20]", "", value)


def own_script(src: str, own_host: str, own_scripts: set[str]) -> bool:
    """The site's own script files: in its theme folder, on its own host."""
    address = urlparse(src)
    return src in own_scripts or (address.hostname in (None, own_host)
                                  and "/theme/js/" in address.path and not address.query)


def page_problems(html: str, own_host: str, own_scripts: set[str]) -> list[str]:
    """What would run or load in this page, other than the site's own."""
    found = []
    soup = BeautifulSoup(html, "lxml")  # Chromium reads the pages too (the browser test)
    for element in soup.find_all(True):
        name = element.name.lower()
        if name in FORBIDDEN_TAGS:
            found.append(f"<{name}>")
        if name == "meta" and element.get("http-equiv") and \
                element.get("http-equiv").lower() != "content-security-policy":
            found.append(f"meta http-equiv={element.get('http-equiv')}")
        if name == "script":
            if element.get("type") == "application/ld+json":
                json.loads(element.string or "")  # it must be data, whole
            elif not own_script(element.get("src") or "", own_host, own_scripts):
                found.append(f"script {str(element)[:120]}")
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                found.append(f"{attribute} on <{name}>")
            if attribute.lower() in (*LOADING_ATTRIBUTES, "href") and CODE_SCHEMES.match(
                    loose(text)):
                found.append(f"{attribute}={text[:80]!r} on <{name}>")
            if attribute.lower() in LOADING_ATTRIBUTES or (
                    name == "link" and attribute == "href"):
                for address in re.split(r",\s*", text) if attribute == "srcset" else [text]:
                    host = urlparse(loose(address).split(" ")[0]).hostname
                    if host and host != own_host:
                        found.append(f"{attribute} loads {address[:80]!r}")
            if attribute.lower() == "style" and re.search(r"url\s*\(|expression|@import",
                                                          text, re.IGNORECASE):
                found.append(f"style={text[:80]!r}")
        if name == "style" and re.search(r"url\s*\(|expression|@import|javascript",
                                         element.get_text(), re.IGNORECASE):
            found.append(f"<style> {element.get_text()[:80]!r}")
    return found


@pytest.fixture(scope="module")
def corpus_builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xss")
    content = folder / "content"
    import shutil

    shutil.copytree(CONTENT, content)
    corpus = payloads()
    written = write_corpus(content, corpus)
    assert sum(len(batch) for path, batch in written.items()
               if path.name.startswith("body-")) == len(corpus)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    first = production_build(folder / "first", content, base_url, folder / "cache")
    refused = {path for path in written
               if any(Path(p.path).resolve() == path.resolve() and p.severity == "error"
                      for p in first[1])}
    for path in refused:
        path.unlink()
    people_problems = [p for p in first[1] if p.path.endswith("people.yml")]
    second = production_build(folder / "second", content, base_url, folder / "cache")
    return {"corpus": corpus, "written": written, "refused": refused, "first": first,
            "second": second, "output": folder / "second", "port": port,
            "base_url": base_url, "people_problems": people_problems}


@pytest.mark.slow
def test_no_payload_crashes_the_build_and_every_refusal_names_its_line(corpus_builds):
    corpus, written = corpus_builds["corpus"], corpus_builds["written"]
    assert len(corpus) > 300
    _stopped, problems, raw = corpus_builds["first"]
    # Nothing but our own messages: no raw exception, no Pelican line about a file.
    assert raw == [], "\n".join(raw[:20])
    assert corpus_builds["people_problems"] == []
    for problem in problems:
        assert problem.line >= 1 and problem.field and str(problem).startswith(
            f"{problem.path}:{problem.line}: {problem.field}: "), problem
        source = Path(problem.path)
        if source.is_file():
            assert problem.line <= len(source.read_text(encoding="utf-8").splitlines()) + 1
    # Every category payload is refused, on the category line.
    categories = [path for path in written if path.name.startswith("category-")]
    for path in categories:
        mine = [p for p in problems if Path(p.path).resolve() == path.resolve()]
        assert any(p.line == 6 and p.field == "category" and p.severity == "error"
                   for p in mine), (path, written[path], mine)
    assert set(categories) <= corpus_builds["refused"]
    # Most front matter payloads are shown as text, not refused.
    fields = [path for path in written if path.name.startswith("fields-")]
    assert len(set(fields) - corpus_builds["refused"]) > len(corpus) // 2


@pytest.mark.slow
def test_without_the_refused_files_the_build_passes_and_nothing_runs_or_loads(corpus_builds):
    stopped, problems, raw = corpus_builds["second"]
    assert not stopped, "\n".join(str(p) for p in problems if p.severity == "error")[:3000]
    assert raw == [], "\n".join(raw[:20])
    output = corpus_builds["output"]
    own_host = "127.0.0.1"
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "lxml")
    own_scripts = {script.get("src") for script in home.find_all("script") if script.get("src")}
    pages = reader_pages(output)  # /admin/ loads its own editor by design (conftest)
    assert len(pages) > len(corpus_builds["corpus"])
    shown = {path.stem for path in corpus_builds["written"]} - {
        path.stem for path in corpus_builds["refused"]}
    assert {page.parent.name for page in (output / "articles").glob("*/index.html")} >= shown
    found = {}
    for page in pages:
        problems_here = page_problems(page.read_text(encoding="utf-8"), own_host, own_scripts)
        if problems_here:
            found[str(page.relative_to(output))] = problems_here
    assert found == {}, json.dumps(dict(list(found.items())[:10]), indent=1)
    # Feeds: every element a feed reader shows as HTML (Atom's type="html", RSS's
    # description), as the reader gets it (the XML parser undoes one escaping), gets
    # the same check as a page. Titles and names are text (Atom's default type), so
    # an escaped "<script>" in them is shown, never run.
    feeds = list((output / "feeds").glob("*.xml"))
    assert feeds
    for feed in feeds:
        xml = BeautifulSoup(feed.read_text(encoding="utf-8"), "xml")
        for element in xml.find_all(True):
            text = element.string or ""
            as_html = element.get("type") == "html" or element.name == "description"
            if as_html and ("<" in text or "&" in text):
                problems_here = page_problems(text, own_host, own_scripts)
                assert problems_here == [], (feed.name, element.name, problems_here[:5])


@pytest.mark.slow
@pytest.mark.browser
def test_in_chromium_no_payload_page_runs_or_loads_anything(corpus_builds, browser):
    output, port = corpus_builds["output"], corpus_builds["port"]
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dialogs, elsewhere = [], []
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        def route(request_route):
            url = request_route.request.url
            if urlparse(url).hostname != "127.0.0.1":
                elsewhere.append(url)
                return request_route.abort()
            return request_route.continue_()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        paths = sorted(p for p in (output / "articles").glob("*/index.html")
                       if re.match(r"(fields|tags|source|body|address)-\d+$", p.parent.name))
        assert len(paths) > len(corpus_builds["corpus"]) // 2
        for path in paths:
            page.goto(f"http://127.0.0.1:{port}/{path.relative_to(output).parent}/",
                      wait_until="load")
        # Hover and click nothing: a payload that needs a reader's action still must not
        # have made an element that could run it (the static test checks every on*).
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert dialogs == [] and elsewhere == [], (dialogs[:5], elsewhere[:5])
