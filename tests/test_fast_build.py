"""The parts that make a full build fast must not change what it writes.

- Rendering on every core: the pass forks at ``finalized`` and each process
  renders every n-th page; the forked path writes what one process would and
  brings the children's log records and failures back.
- Content lint cached with the converted Markdown still names the right file.
- Skipping smartypants passes that cannot match changes no typogrify output.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from pathlib import Path

import pytest
from guardrails_helpers import article_text, build, tiny_site

from conftest import ROOT, build_site, run_command

sys.path.insert(0, str(ROOT))
import engine as pp
from benchmarks.generate import generate

logger = logging.getLogger("tests.parallel_render")


class Job:
    """A page to render, as the writer queues it (writers.RenderJob)."""

    def __init__(self, path: Path, number: int, fail: bool = False):
        self.path, self.number, self.fail = str(path), number, fail

    def render(self) -> str:
        if self.number % 10 == 0:
            logger.warning("page %d has a warning", self.number)
        if self.fail:
            raise ValueError(f"page {self.number} cannot be rendered")
        return f"<!doctype html><title>{self.number}</title><p>Page {self.number}</p>"


def forked_pass(output: Path, **config) -> pp.Pass:
    page_pass = pp.Pass({"OUTPUT_PATH": str(output), "SITEURL": "",
                         "POSTPROCESS": {"workers": 2, **config}})
    assert page_pass.workers == 2
    return page_pass


def test_forked_rendering_writes_every_page_and_relays_warnings(tmp_path, caplog):
    jobs = [Job(tmp_path / f"p{n}" / "index.html", n) for n in range(pp.MIN_JOBS_TO_FORK + 16)]
    page_pass = forked_pass(tmp_path, minify=True)
    for job in jobs:
        page_pass.queue(job)
    with caplog.at_level(logging.WARNING):
        page_pass.finish()
    for n in range(len(jobs)):
        assert (tmp_path / f"p{n}" / "index.html").read_text() == (
            f"<!doctype html><title>{n}</title><p>Page {n}</p>"), n
    assert page_pass.written == len(jobs) and page_pass.unchanged == 0
    # Half the pages were rendered in the other process; all warnings reach this one.
    warned = sorted(int(re.search(r"\d+", r.getMessage()).group()) for r in caplog.records
                    if r.name == "tests.parallel_render")
    assert warned == list(range(0, len(jobs), 10))

    again = forked_pass(tmp_path, minify=True)
    for job in jobs:
        again.queue(job)
    again.finish()
    assert again.written == 0 and again.unchanged == len(jobs)


def test_a_page_that_fails_in_a_worker_fails_the_build(tmp_path):
    jobs = [Job(tmp_path / f"p{n}.html", n, fail=(n == 1)) for n in range(pp.MIN_JOBS_TO_FORK)]
    page_pass = forked_pass(tmp_path)
    for job in jobs:
        page_pass.queue(job)
    # Page 1 is in the child's share (every second page from the second one).
    with pytest.raises(RuntimeError, match=r"(?s)worker process.*page 1 cannot be rendered"):
        page_pass.finish()


@pytest.mark.slow
def test_rendering_on_two_cores_writes_what_one_core_writes(tmp_path):
    paths = generate(tmp_path / "generated", 40)
    content = paths["site"] / "content"
    serial = build_site(tmp_path / "serial", "publishconf.py", content=content,
                        POSTPROCESS={"minify": True, "precompress": True,
                                     "hash_assets": True, "workers": 1})
    forked = build_site(tmp_path / "forked", "publishconf.py", content=content,
                        POSTPROCESS={"minify": True, "precompress": True,
                                     "hash_assets": True, "workers": 2})
    pages = sorted(p.relative_to(serial.output) for p in serial.output.rglob("*.html")
                   if "pagefind" not in p.parts)
    assert len(pages) > pp.MIN_JOBS_TO_FORK  # so the second build did fork
    assert pages == sorted(p.relative_to(forked.output) for p in forked.output.rglob("*.html")
                           if "pagefind" not in p.parts)
    for page in pages:
        for suffix in ("", ".gz", ".br"):
            one = (serial.output / f"{page}{suffix}").read_bytes()
            assert one == (forked.output / f"{page}{suffix}").read_bytes(), f"{page}{suffix}"
    assert sorted(p.name for p in (forked.output / "theme" / "css").iterdir()) == sorted(
        p.name for p in (serial.output / "theme" / "css").iterdir())


@pytest.mark.slow
def test_cached_lint_results_name_each_file_and_survive_a_second_build(tmp_path):
    text = article_text(body="Read more [here](https://example.org/knee).\n\nTeh end.")
    content, _article = tiny_site(tmp_path, text, extra_files={
        "articles/knee-pain-copy.md": text.replace("slug: knee-pain", "slug: knee-pain-copy"),
    })
    runs = [build(content, tmp_path / "out", strict=False) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stdout + run.stderr
    lines = [sorted(line for line in (run.stdout + run.stderr).splitlines()
                    if "link text" in line or "spelling" in line) for run in runs]
    assert lines[0] == lines[1], lines  # the second build read the cache and said the same
    for name in ("knee-pain.md", "knee-pain-copy.md"):
        assert any(f"articles/{name}:15: link text: 'here'" in line for line in lines[0]), name
        assert any(f"articles/{name}:17: spelling: 'Teh'" in line for line in lines[0]), name
    import pickle

    cached = {key: record for shard in (tmp_path / "cache" / "front_matter" / "converted").glob("*.pickle")
              for key, record in pickle.loads(shard.read_bytes()).items()}  # noqa: S301 - this test's cache
    linted = [record["analyses"]["content_lint"]["problems"] for record in cached.values()]
    # Stored without a path (the build names the file when it reports them).
    assert sorted(p.field for problems in linted for p in problems) == [
        "link text", "link text", "spelling", "spelling"]
    assert {p.path for problems in linted for p in problems} == {""}


def test_one_edit_rewrites_at_most_two_files_of_the_conversion_cache(tmp_path):
    """The converted files are kept in 256 files by key; a build after one edit drops the
    old record from one and adds the new one to one, and writes no other."""
    import pickle

    content = generate(tmp_path / "generated", 60)["site"] / "content"
    cache = tmp_path / "cache"
    folder = cache / "front_matter" / "converted"

    def keep_files():
        return {path.name: (path.stat().st_mtime_ns, path.read_bytes())
                for path in folder.glob("*.pickle")}

    def records():
        return {key for path in folder.glob("*.pickle")
                for key in pickle.loads(path.read_bytes())}  # noqa: S301 - this test's cache

    build_site(tmp_path / "out", content=content, CACHE_PATH=str(cache), LOAD_CONTENT_CACHE=True)
    first, keys = keep_files(), records()
    assert len(first) > 20 and len(keys) >= 60
    build_site(tmp_path / "out", content=content, CACHE_PATH=str(cache), LOAD_CONTENT_CACHE=True)
    assert keep_files() == first  # nothing changed, nothing written
    edited = content / "articles" / "article-00007.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    build_site(tmp_path / "out", content=content, CACHE_PATH=str(cache), LOAD_CONTENT_CACHE=True)
    after = keep_files()
    rewritten = {name for name in first.keys() | after.keys() if first.get(name) != after.get(name)}
    assert 1 <= len(rewritten) <= 2, rewritten
    now = records()
    assert len(now) == len(keys) and len(now - keys) == 1  # the old record is gone


def test_saving_the_conversion_cache_leaves_each_page_html_in_memory_once(tmp_path):
    """Pickling a string that is not ASCII keeps a UTF-8 copy inside it for as long as
    it lives: the cache stores the HTML as bytes, so the build's strings stay one copy
    (at 5,000 articles the copies were 30 MB, held through the render pass)."""
    import pickle

    from site_core.compat import raw_html

    content = generate(tmp_path / "generated", 30)["site"] / "content"
    cache = tmp_path / "cache"
    site = build_site(tmp_path / "out", content=content, CACHE_PATH=str(cache))
    articles = next(g for g in site.generators if hasattr(g, "articles")).articles
    html = [raw_html(article) for article in articles]
    assert any(not text.isascii() for text in html)  # typogrify's quotes and dashes
    for text in html:
        fresh = text.encode("utf-8").decode("utf-8")  # a new string, no UTF-8 copy in it
        assert sys.getsizeof(text) == sys.getsizeof(fresh)
    stored = [record for path in (cache / "front_matter" / "converted").glob("*.pickle")
              for record in pickle.loads(path.read_bytes()).values()]  # noqa: S301 - this test's cache
    assert len(stored) >= 30
    assert all(isinstance(record["html"], bytes) for record in stored)
    assert set(html) <= {record["html"].decode("utf-8") for record in stored}


def test_skipped_smartypants_passes_change_no_output():
    import smartypants
    from typogrify.filters import typogrify

    from site_core.compat import SMARTYPANTS_NEEDLES, smartypants_for

    samples = [
        "", "plain words", "it's", "'quoted'", '"double" and \'single\'', "'90s", "rock 'n' roll",
        "a -- b --- c", "wait...", "wait. . . now", "back\\slash \\-dash \\. \\`", "&quot;x&quot;",
        "``Isn't this fun?''", "a `` b '' c", "two''", "<em>``</em>x''",
        "<p>Don't <em>\"stop\"</em> -- ever...</p><pre>'raw' -- ...</pre><code>\"x\"</code>",
    ]
    pages = [path.read_text(encoding="utf-8")
             for path in sorted((ROOT / "content").rglob("*.md"))]
    originals = {name: getattr(smartypants, name) for name in SMARTYPANTS_NEEDLES}
    with smartypants_for():
        assert all(hasattr(getattr(smartypants, name), "unguarded") for name in originals)
        guarded = [typogrify(text) for text in samples + pages]
        for name in originals:  # the same settings, every pass run
            setattr(smartypants, name, originals[name])
        assert [typogrify(text) for text in samples + pages] == guarded
    # Put back when the block ends: nothing else in the process sees the guards.
    assert {name: getattr(smartypants, name) for name in originals} == originals




def test_content_checks_are_kept_by_file_digest_and_redone_when_the_file_or_folder_changes(
        tmp_path, monkeypatch):
    """A build with the cache kept takes an unchanged file's content-model problems (the
    reader's check and the full one) from CACHE_PATH/content_model/ and says them again;
    an edited file, or a new file its link can now point at, is checked again."""
    import content_model.content_model as model
    from site_core import reported_problems

    text = article_text(body="See [the exercises]({filename}/articles/exercises.md).")
    content, article = tiny_site(tmp_path, text)
    cache = tmp_path / "cache"
    checked: list[str] = []  # files checked in full, at the end of a build
    read: list[str] = []  # files the reader's check ran on
    original, original_at_read = model.problems_of, model.source_problems

    def counting(content_item, *args):
        checked.append(Path(content_item.source_path).name)
        return original(content_item, *args)

    def counting_at_read(fields, lines, source_path, settings):
        read.append(Path(source_path).name)
        return original_at_read(fields, lines, source_path, settings)

    monkeypatch.setattr(model, "problems_of", counting)
    monkeypatch.setattr(model, "source_problems", counting_at_read)

    def build_and_report() -> list[str]:
        checked.clear()
        read.clear()
        with contextlib.suppress(SystemExit):  # a broken link stops the build, as it should
            build_site(tmp_path / "out", content=content, CACHE_PATH=str(cache),
                       LOAD_CONTENT_CACHE=True)
        return [f"{p.path}:{p.line}: {p.field}: {p.message}" for p in reported_problems()
                if p.field == "link"]

    first = build_and_report()
    assert any("knee-pain.md" in line and "exercises.md points to a file that does not exist"
               in line for line in first), first
    assert "knee-pain.md" in checked and (cache / "content_model" / "checked.pickle").exists()
    assert "knee-pain.md" in read
    assert build_and_report() == first and checked == [] and read == []  # said again, from the store
    (content / "articles" / "exercises.md").write_text(
        text.replace("slug: knee-pain", "slug: exercises"), encoding="utf-8")
    assert build_and_report() == [] and "knee-pain.md" in checked  # the folder changed
    article.write_text(text.replace("the exercises", "these exercises"), encoding="utf-8")
    build_and_report()
    assert checked == ["knee-pain.md"] and read == ["knee-pain.md"]  # only the edited file


PROBE = """
import atexit, gc, sys
# Registered before the build, so it runs after every exit handler the build adds.
atexit.register(lambda: print("objects frozen at exit:", gc.get_freeze_count()))
from pelican import main
sys.argv = ["pelican", *sys.argv[1:]]
main()
"""


def test_a_build_ends_without_a_last_collection_over_the_site(tmp_path):
    """At exit the site's objects are frozen out of the collector's reach
    (site_core.skip_collection_at_exit): CPython's last collection over them took
    0.1 to 0.2 s of a build after an edit at 1,000 articles. Without a build, nothing is."""
    content, _ = tiny_site(tmp_path, article_text())
    output = tmp_path / "output"
    built = run_command(sys.executable, "-c", PROBE, str(content), "-s", str(ROOT / "pelicanconf.py"),
                        "-o", str(output), "-e", f'CACHE_PATH="{tmp_path / "cache"}"')
    assert built.returncode == 0, built.stdout + built.stderr
    assert (output / "articles" / "knee-pain" / "index.html").is_file()
    frozen = int(re.search(r"objects frozen at exit: (\d+)", built.stdout).group(1))
    assert frozen > 10_000, frozen

    idle = run_command(sys.executable, "-c", PROBE.replace("main()", ""))
    assert "objects frozen at exit: 0" in idle.stdout, idle.stdout + idle.stderr
