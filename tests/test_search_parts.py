"""The search index in parts (plugins/search_index/parts.py).

Pagefind runs once per part of at most ``pages_per_part`` pages of one language, and
a part whose pages did not change comes from the cache. The contract:

- every indexable page is in exactly one part, of its own language, and stays in its
  part while other pages come and go (the part count aside);
- after one edit only that page's part is indexed again, and the output is byte for
  byte the cold build's;
- in Chromium the search page finds, over the merged parts, the same pages as one
  index of the whole site, with the same filters.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from build_compare_helpers import output_tree
from findability_helpers import pagefind_fragments

from benchmarks.generate import edit_one_article, generate
from conftest import build_site, serve
from search_index import UNUSED_UI_FILES, Page, bucket, indexable_pages, parts_listing, plan_parts
from search_index.parts import IndexRun, Part, RunStoppedError, pages_folder, sync_pages
from site_core import build_state

ARTICLES = 36
PER_PART = 10  # the benchmark's articles in 4 or more parts



def test_a_stop_just_as_pagefind_starts_still_ends_the_run(tmp_path, monkeypatch):
    """A live session's next build (or SIGTERM) stops the index run and waits for it.
    When stop() comes after Pagefind has started but before the run holds its process,
    stop() finds no process to end: the run must end it itself, not wait for it."""
    from search_index import parts as parts_module

    output = tmp_path / "output"
    (output / "a").mkdir(parents=True)
    (output / "a" / "index.html").write_text("<html><body data-pagefind-body>a</body></html>")
    sleeper = [sys.executable, "-c", "import time; time.sleep(300)"]
    run = IndexRun(output, tmp_path / "cache", {"bundle_dir": "pagefind"}, "en", sleeper)
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def popen_then_stop(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        run.stop()  # the process is not the run's yet
        return process

    monkeypatch.setattr(parts_module.subprocess, "Popen", popen_then_stop)
    outcome: list[BaseException] = []

    def index() -> None:
        try:
            run.index(Part("en-0", "en", [Page("a/index.html", "en", "0" * 64)]),
                      tmp_path / "cache" / "en-0")
        except BaseException as error:  # noqa: BLE001 - the test reads what it raised
            outcome.append(error)

    (tmp_path / "cache").mkdir()
    worker = threading.Thread(target=index, daemon=True)
    try:
        worker.start()
        worker.join(20)
        assert not worker.is_alive(), "the run waited for the process stop() could not end"
        assert len(outcome) == 1 and isinstance(outcome[0], RunStoppedError)
        assert started[0].poll() is not None
    finally:
        for process in started:
            process.kill()


# --- Planning the parts: pure functions ------------------------------------

def pages(count: int, lang: str = "en") -> list[Page]:
    return [Page(f"articles/page-{number}/index.html", lang, f"{number:064x}")
            for number in range(count)]


def test_each_page_is_in_exactly_one_part_of_its_language():
    planned = plan_parts(pages(23) + pages(4, "pa"), pages_per_part=5)
    assert [part.name for part in planned] == [
        *[f"en-{n}" for n in range(5) if any(p.lang == "en" for p in planned[n].pages)],
        "pa-0"]
    listed = [page.path + page.lang for part in planned for page in part.pages]
    assert sorted(listed) == sorted(page.path + page.lang for page in pages(23) + pages(4, "pa"))
    assert all(page.lang == part.lang for part in planned for page in part.pages)
    assert all(len(part.pages) <= 12 for part in planned)  # a hash, so not exactly 5


def test_a_page_keeps_its_part_when_other_pages_change():
    before = {page.path: part.name for part in plan_parts(pages(30), 10) for page in part.pages}
    # Three pages removed and two added: the part count (3) is the same.
    changed = [page for page in pages(30) if page.path not in {
        "articles/page-3/index.html", "articles/page-7/index.html", "articles/page-11/index.html"}]
    changed += [Page("articles/new-1/index.html", "en", "0" * 64),
                Page("articles/new-2/index.html", "en", "1" * 64)]
    after = {page.path: part.name for part in plan_parts(changed, 10) for page in part.pages}
    assert all(after[path] == before[path] for path in after.keys() & before.keys())


def test_the_part_of_a_page_is_fixed_across_processes():
    # sha256 of the path, not Python's hash(), which changes with every process.
    assert [bucket("articles/knee-pain/index.html", n) for n in (1, 2, 3, 7)] == [0, 0, 1, 6]


def test_only_marked_markup_makes_a_page_indexable(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<!doctype html><html lang=pa dir=ltr><main data-pagefind-body>x</main></html>')
    (tmp_path / "b.html").write_text(  # the words in text are escaped, never markup
        '<html lang="en"><p>Add &lt;main data-pagefind-body&gt; to index it.</p></html>')
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "c.html").write_text('<html><div data-pagefind-body></div></html>')
    found = indexable_pages(tmp_path, "pagefind", "EN")
    assert [(page.path, page.lang) for page in found] == [("a/index.html", "pa")]
    assert parts_listing(plan_parts(found, 500), "EN") == {
        "default": "en", "languages": {"pa": ["pa-0"]}}


def test_a_live_session_reads_only_the_pages_written_since_its_last_run(tmp_path, monkeypatch):
    import os

    import search_index.parts as parts

    for number in range(5):
        (tmp_path / f"{number}.html").write_text(
            f'<html lang="en"><main data-pagefind-body>page {number}</main></html>')
    known: dict = {}
    first = indexable_pages(tmp_path, "pagefind", "en", known=known)
    read = []
    original = parts.page_of
    monkeypatch.setattr(parts, "page_of", lambda output, file, lang: read.append(file.name)
                        or original(output, file, lang))
    assert indexable_pages(tmp_path, "pagefind", "en", known=known) == first
    assert read == []
    (tmp_path / "2.html").write_text('<html lang="en"><main data-pagefind-body>new words</main></html>')
    os.utime(tmp_path / "2.html", ns=(1, 1))  # another modification time, even on a coarse clock
    (tmp_path / "4.html").unlink()
    again = indexable_pages(tmp_path, "pagefind", "en", known=known)
    assert read == ["2.html"]
    assert again == indexable_pages(tmp_path, "pagefind", "en")  # what a run without memo finds
    assert len(known) == 4  # the deleted page is forgotten


# --- Real builds ---------------------------------------------------------------

def production(folder: Path, content: Path, cache: str, warm: bool, per_part: int = PER_PART):
    return build_site(folder, "publishconf.py", content=content,
                      CACHE_PATH=str(folder.parent / cache), LOAD_CONTENT_CACHE=warm,
                      GUARDRAILS={"strict": False},
                      SITEURL="",  # served from a local address in Chromium
                      SEARCH_INDEX={"pages_per_part": per_part})


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The benchmark's articles built twice: the index in parts and in one part."""
    folder = tmp_path_factory.mktemp("search-parts")
    content = generate(folder / "generated", ARTICLES)["site"] / "content"
    parted = production(folder / "parted", content, "parted-cache", warm=True)
    whole = production(folder / "whole", content, "whole-cache", warm=False, per_part=100_000)
    return {"folder": folder, "content": content, "parted": parted, "whole": whole}


def test_parts_hold_the_same_records_as_one_index(sites):
    listing = json.loads((sites["parted"].output / "pagefind" / "parts.json").read_text())
    assert len(listing["languages"]["en"]) >= 4
    assert json.loads((sites["whole"].output / "pagefind" / "parts.json").read_text()) == {
        "default": "en", "languages": {"en": ["en-0"]}}

    def records(site):
        return sorted((r["url"], r["content"], json.dumps(r["filters"], sort_keys=True))
                      for r in pagefind_fragments(site.output))

    assert records(sites["parted"]) == records(sites["whole"])
    assert len(records(sites["whole"])) >= ARTICLES
    # Pagefind's ready-made interfaces are not kept: the search page does not use them.
    kept = {path.name for path in (sites["parted"].output / "pagefind").glob("*/*")}
    assert "pagefind.js" in kept and not kept & set(UNUSED_UI_FILES)


def test_an_edit_indexes_one_part_and_equals_a_cold_build(sites):
    folder, content = sites["folder"], sites["content"]
    work = folder / "edited-content"
    shutil.copytree(content, work)
    warm_output = folder / "warm"
    shutil.copytree(sites["parted"].output, warm_output)
    shutil.copytree(folder / "parted-cache", folder / "warm-cache")
    edit_one_article(work, index=3)

    production(warm_output, work, "warm-cache", warm=True)
    run = build_state().parts["search_index.run"]
    assert len(run.indexed) == 1, run.indexed  # the edited article's part alone
    listing = json.loads((warm_output / "pagefind" / "parts.json").read_text())
    assert run.parts == listing["languages"]["en"] and run.indexed[0] in run.parts
    cold = production(folder / "cold", work, "cold-cache", warm=False)
    assert len(build_state().parts["search_index.run"].indexed) >= 4
    warm, cold_tree = output_tree(warm_output), output_tree(cold.output)
    assert warm.keys() == cold_tree.keys()
    assert [name for name in warm if warm[name] != cold_tree[name]] == []
    edited = [r for r in pagefind_fragments(warm_output) if "added while editing" in r["content"]]
    assert len(edited) == 1


def timed_pagefind(folder: Path) -> tuple[Path, Path]:
    """A stand-in for Pagefind's binary (PAGEFIND_BINARY_PATH, which Pagefind's Python
    package looks at first) that runs the real one and notes when each run started and
    ended; returns (stand-in, its log). Each run lasts half a second more than Pagefind,
    so that runs started together overlap however slowly the machine starts them."""
    from pagefind_bin import get_executable

    log = folder / "pagefind-runs.log"
    stand_in = folder / "timed-pagefind"
    stand_in.write_text(
        f"#!{sys.executable}\nimport subprocess, sys, time\n"
        f"started = time.monotonic()\n"
        f"time.sleep(0.5)\n"
        f"status = subprocess.call([{str(get_executable())!r}, *sys.argv[1:]])\n"
        f"with open({str(log)!r}, 'a') as log:\n"
        f"    log.write(f'{{started}} {{time.monotonic()}}\\n')\n"
        f"sys.exit(status)\n")
    stand_in.chmod(0o755)
    return stand_in, log


def runs_in(log: Path) -> list[tuple[float, float]]:
    runs = sorted(tuple(map(float, line.split())) for line in log.read_text().splitlines())
    log.unlink()
    return runs


def test_parts_stale_after_an_edit_are_indexed_side_by_side(sites, tmp_path, monkeypatch):
    """A build after edits in two parts runs Pagefind on both at once (two cores), a
    cold build on every part one after another (peak memory: one Pagefind); both give
    the same bytes."""
    stand_in, log = timed_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stand_in))
    work = tmp_path / "content"
    shutil.copytree(sites["content"], work)
    output = tmp_path / "site"
    shutil.copytree(sites["parted"].output, output)
    shutil.copytree(sites["folder"] / "parted-cache", tmp_path / "site-cache")
    count = len(json.loads((output / "pagefind" / "parts.json").read_text())["languages"]["en"])
    first = 3
    other = next(index for index in range(ARTICLES) if bucket(
        f"articles/article-{index:05d}/index.html", count) != bucket(
        f"articles/article-{first:05d}/index.html", count))
    edit_one_article(work, index=first)
    edit_one_article(work, index=other)

    production(output, work, "site-cache", warm=True)
    indexed = build_state().parts["search_index.run"].indexed
    assert 2 <= len(indexed) < count, indexed
    warm_runs = runs_in(log)
    assert len(warm_runs) == len(indexed)
    assert warm_runs[1][0] < warm_runs[0][1], f"one after the other: {warm_runs}"

    cold = production(tmp_path / "cold", work, "cold-cache", warm=False)
    cold_runs = runs_in(log)
    assert len(cold_runs) == count
    assert all(later[0] >= earlier[1] for earlier, later in itertools.pairwise(cold_runs)), \
        f"side by side: {cold_runs}"
    assert output_tree(output) == output_tree(cold.output)


def test_a_build_after_an_edit_reads_only_the_pages_written_again(sites, tmp_path, monkeypatch):
    import search_index.parts as parts

    work = tmp_path / "content"
    shutil.copytree(sites["content"], work)
    output = tmp_path / "site"
    production(output, work, "site-cache", warm=True)
    edit_one_article(work, index=5)
    read = []
    original = parts.page_of
    monkeypatch.setattr(parts, "page_of", lambda site, file, lang: read.append(
        file.relative_to(site).as_posix()) or original(site, file, lang))
    def files():
        return {path.relative_to(output).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
                for path in output.rglob("*.html")}

    before = files()
    production(output, work, "site-cache", warm=True)
    # Pages from the render cache are its files, the same as last build's: not read again.
    same = {name for name, stamp in files().items() if before.get(name) == stamp}
    assert len(same) > len(before) / 2
    assert "articles/article-00005/index.html" in read
    assert not same & set(read)
    cold = production(tmp_path / "cold", work, "cold-cache", warm=False)
    assert output_tree(output / "pagefind") == output_tree(cold.output / "pagefind")


def test_a_build_with_nothing_changed_indexes_nothing(sites, tmp_path):
    output = tmp_path / "again"
    shutil.copytree(sites["folder"] / "parted-cache", tmp_path / "again-cache")
    production(output, sites["content"], "again-cache", warm=True)
    assert build_state().parts["search_index.run"].indexed == []
    assert output_tree(output / "pagefind") == output_tree(sites["parted"].output / "pagefind")


def test_a_search_index_setting_that_is_not_a_count_is_refused():
    from search_index import settings_for

    for wrong in (0, -3, "500", True, 2.5):
        with pytest.raises(ValueError, match="pages_per_part"):
            settings_for({"SEARCH_INDEX": {"pages_per_part": wrong}})


# --- In Chromium: the merged parts find what one index finds --------------------

QUERIES = ["shoulder", "gentle tendon", "ligament", "hockey", "needling", "assessment plan"]

ALL_RESULTS = """async (query) => {
  // The search page's own Pagefind module (a module is loaded once per URL), with the
  // parts search.js merged into it: every result, not only the 20 the page shows.
  const listing = await (await fetch("/pagefind/parts.json")).json();
  const pagefind = await import(`/pagefind/${listing.languages.en[0]}/pagefind.js`);
  const search = await pagefind.search(query);
  const items = await Promise.all(search.results.map((result) => result.data()));
  return items.map((item) => item.url).sort();
}"""


def shown(page, base: str, query: str) -> tuple[str, list[str]]:
    page.goto(f"{base}/search/?q={query}")
    page.wait_for_function(
        "() => /result|No results/.test(document.querySelector('[data-search-status]').textContent)")
    return (page.locator("[data-search-status]").inner_text(),
            page.evaluate(ALL_RESULTS, query))


def test_the_search_page_finds_the_same_pages_in_parts(sites, page):
    with serve(sites["parted"].output) as parted, serve(sites["whole"].output) as whole:
        for query in QUERIES:
            assert shown(page, parted, query) == shown(page, whole, query), query
        status, found = shown(page, parted, "shoulder")
        assert len(found) > 20 and str(len(found)) in status
        # Filters come from every part, and narrow the results in every part.
        page.goto(f"{parted}/search/?q=shoulder&category=Conditions")
        page.wait_for_function(
            "() => document.querySelectorAll('[data-search-results] li').length > 0")
        options = page.locator("#search-category option").all_text_contents()
        assert {"Treatments", "Conditions", "Exercise and recovery"} <= set(options)
        filtered = page.locator("[data-search-status]").inner_text()
        page.goto(f"{whole}/search/?q=shoulder&category=Conditions")
        page.wait_for_function(
            "() => document.querySelectorAll('[data-search-results] li').length > 0")
        assert page.locator("[data-search-status]").inner_text() == filtered


def test_the_first_results_show_before_the_others_have_arrived(sites, page):
    """Each result's text is a request: the page shows the first five as soon as they
    arrive, with the list marked busy and the status still searching, and the others
    after them. Here every request after the fifth is held until the test lets it go."""
    held = []
    asked = []

    def hold_after_five(route):
        asked.append(route.request.url)
        if len(asked) > 5:
            held.append(route)
        else:
            route.continue_()

    with serve(sites["parted"].output) as base:
        page.route("**/fragment/**", hold_after_five)
        page.goto(f"{base}/search/?q=shoulder")
        page.wait_for_function("() => document.querySelectorAll('[data-search-results] li').length === 5")
        assert page.locator("[data-search-results]").get_attribute("aria-busy") == "true"
        assert "result" not in page.locator("[data-search-status]").inner_text()
        page.wait_for_timeout(300)  # nothing more shows while the others are held
        assert page.locator("[data-search-results] li").count() == 5 and len(held) == 15
        for route in held:
            route.continue_()
        page.wait_for_function(
            "() => /result/.test(document.querySelector('[data-search-status]').textContent)")
        assert page.locator("[data-search-results] li").count() == 20
        assert page.locator("[data-search-results]").get_attribute("aria-busy") is None
        assert len(asked) == 20


def test_a_parts_folder_of_pages_is_kept_and_brought_up_to_date(tmp_path):
    """Pagefind reads a part's pages from a folder of hard links kept in the cache:
    a page still the output's file stays, a page written again is linked anew, a page
    no longer in the part goes, with its folder, and nothing else stays there."""
    output, site = tmp_path / "output", tmp_path / "cache" / "en-0.site"
    for name in ("a", "b", "c"):
        (output / "articles" / name).mkdir(parents=True)
        (output / "articles" / name / "index.html").write_text(f"<p>{name}</p>", encoding="utf-8")

    def page(name: str) -> Page:
        return Page(f"articles/{name}/index.html", "en", name)

    sync_pages(output, site, [page("a"), page("b"), page("c")])
    kept = (site / "articles/a/index.html").stat().st_ino
    assert kept == (output / "articles/a/index.html").stat().st_ino
    folder = (site / "articles/a").stat().st_ino

    (output / "articles/b/index.html").unlink()  # written again: a new file
    (output / "articles/b/index.html").write_text("<p>b, edited</p>", encoding="utf-8")
    (site / "stray.html").write_text("not a page of the part", encoding="utf-8")
    (output / "articles/d").mkdir()
    (output / "articles/d/index.html").write_text("<p>d</p>", encoding="utf-8")
    sync_pages(output, site, [page("a"), page("b"), page("d")])

    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == ["articles/a/index.html", "articles/b/index.html", "articles/d/index.html"]
    assert not (site / "articles/c").exists()
    assert (site / "articles/a/index.html").stat().st_ino == kept
    assert (site / "articles/a").stat().st_ino == folder
    assert (site / "articles/b/index.html").read_text(encoding="utf-8") == "<p>b, edited</p>"
    for name in ("a", "b", "d"):
        assert (site / f"articles/{name}/index.html").samefile(output / f"articles/{name}/index.html")


def test_a_parts_folder_held_by_another_process_is_left_alone(tmp_path):
    """Two builds on one cache (a live session and a publish): while one holds a
    part's kept folder, the other reads its pages from a temporary folder."""
    pytest.importorskip("fcntl", reason="file locks are POSIX's")
    kept = tmp_path / "en-0.site"
    with pages_folder(tmp_path, "en-0") as folder:
        assert folder == kept
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time\n"
         f"lock = open({str(tmp_path / 'en-0.site.lock')!r}, 'a+b')\n"
         "fcntl.flock(lock.fileno(), fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pages_folder(tmp_path, "en-0") as folder:
            assert folder != kept and folder.parent == tmp_path and folder.is_dir()
            elsewhere = folder
        assert not elsewhere.exists()
    finally:
        holder.kill()
        holder.wait()
    with pages_folder(tmp_path, "en-0") as folder:
        assert folder == kept
