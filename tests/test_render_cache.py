"""The render cache's contract: a build with the cache kept is byte for byte a cold build.

A property-based test applies random sequences of edits to a small site (a body,
a title, a date, a summary, a category, tags, services, a review date, a person,
an article added or deleted, a draft flipped, a template touched) and after each
edit compares, file for file, the warm build (cache kept) with a cold build of the
same tree. A second test shows the property catches a dependency left out of the
record on purpose.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from build_compare_helpers import first_difference, output_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine.render_pass as postprocess_module
from conftest import CONTENT, ROOT, build_site
from site_core import build_state

ARTICLES = 5
TAGS = ["knee pain", "running", "posture", "sleep"]
SERVICES = ["physiotherapy", "massage-therapy", "chiropractic-care", "dry-needling-ims"]
CATEGORIES = ["Treatments", "Conditions", "Exercise and recovery"]


def article_text(n: int, title: str | None = None, day: int | None = None,
                 tags: list[str] | None = None, services: list[str] | None = None,
                 body: str = "", draft: bool = False, summary: str | None = None,
                 category: str | None = None, reviewed: str = "2026-11-23",
                 next_review: str | None = None, modified: str | None = None) -> str:
    return (
        "---\n"
        f"title: {title or f'Test article {n}'}\n"
        f"slug: test-article-{n}\n"
        f"date: 2026-0{1 + n % 9}-{10 + (day if day is not None else n):02d}\n"
        + (f"modified: {modified}\n" if modified else "")
        + f"summary: {summary or f'A short test article, number {n}.'}\n"
        f"category: {category or CATEGORIES[n % len(CATEGORIES)]}\n"
        f"tags: [{', '.join(tags if tags is not None else TAGS[n % 4:n % 4 + 2])}]\n"
        "author: apollo-clinic\n"
        f"services: [{', '.join(services if services is not None else SERVICES[n % 4:n % 4 + 1])}]\n"
        "reviewed_by: apollo-clinic\n"
        f"last_reviewed: {reviewed}\n"
        + (f"next_review: {next_review}\n" if next_review else "")
        + ("status: draft\n" if draft else "")
        + "---\n\n"
        f"Test text for article {n}. {body}\n\n## A section\n\nMore test text.\n"
    )


def make_site(folder: Path) -> Path:
    """The real content and theme plus a few test articles, in ``folder``."""
    shutil.copytree(CONTENT, folder / "content")
    shutil.copytree(ROOT / "theme", folder / "theme")
    for n in range(ARTICLES):
        (folder / "content" / "articles" / f"test-article-{n}.md").write_text(
            article_text(n), encoding="utf-8")
    return folder


def build(folder: Path, output: str, cache: str, warm: bool):
    return build_site(folder / output, "publishconf.py", content=folder / "content",
                      THEME=str(folder / "theme"), CACHE_PATH=str(folder / cache),
                      LOAD_CONTENT_CACHE=warm, GUARDRAILS={"strict": False},
                      SEARCH_INDEX={"enabled": False})


def differences(warm: dict, cold: dict) -> list[str]:
    return sorted({name for name in warm.keys() | cold.keys() if warm.get(name) != cold.get(name)})


# Edits: each a function of the site folder and a number chosen by Hypothesis.

def existing(folder: Path) -> list[Path]:
    return sorted((folder / "content" / "articles").glob("test-article-*.md"))


def number_of(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def rewrite(folder: Path, pick: int, **changes) -> None:
    paths = existing(folder)
    path = paths[pick % len(paths)]
    # A draft stays a draft: only the draft edit publishes it (which changes every page's
    # inputs), so that an edit of a field is that and no more.
    changes.setdefault("draft", "status: draft\n" in path.read_text(encoding="utf-8"))
    path.write_text(article_text(number_of(path), **changes), encoding="utf-8")


EDITS = {
    "body": lambda folder, pick: rewrite(folder, pick, body=f"Changed body {pick}."),
    "title": lambda folder, pick: rewrite(folder, pick, title=f"Retitled article {pick}"),
    "date": lambda folder, pick: rewrite(folder, pick, day=pick % 17),
    "tags": lambda folder, pick: rewrite(folder, pick, tags=TAGS[pick % 4:] or TAGS[:1]),
    "services": lambda folder, pick: rewrite(folder, pick,
                                             services=SERVICES[(pick + 1) % 4:][:2]),
    "summary": lambda folder, pick: rewrite(folder, pick, summary=f"A new summary {pick}."),
    "category": lambda folder, pick: rewrite(folder, pick,
                                             category=CATEGORIES[pick % len(CATEGORIES)]),
    "reviewed": lambda folder, pick: rewrite(folder, pick, reviewed=f"2026-10-{1 + pick % 28:02d}"),
    # A review sooner than the usual interval (its line moves the lines below it).
    "next review": lambda folder, pick: rewrite(folder, pick,
                                                next_review=f"2027-0{1 + pick % 9}-15"),
    "modified": lambda folder, pick: rewrite(folder, pick, modified=f"2026-11-{1 + pick % 28:02d}"),
    "draft": lambda folder, pick: rewrite(folder, pick, draft=pick % 2 == 0),
    "person": lambda folder, pick: (folder / "content" / "people.yml").write_text(
        (folder / "content" / "people.yml").read_text(encoding="utf-8")
        .replace("role: Clinic team", f"role: Clinic team {pick}"), encoding="utf-8"),
    # The file's number is the article's: an edit of it later keeps its slug (two files
    # with one slug stop the build) and its date (article_text's dates are real up to 18).
    "add": lambda folder, pick: (folder / "content" / "articles" / f"test-article-{10 + pick % 9}.md")
    .write_text(article_text(10 + pick % 9), encoding="utf-8"),
    "delete": lambda folder, pick: len(existing(folder)) > 2
    and existing(folder)[pick % len(existing(folder))].unlink(),
    "template": lambda folder, pick: (folder / "theme" / "templates" / "partials" / "footer.html")
    .write_text((folder / "theme" / "templates" / "partials" / "footer.html").read_text(
        encoding="utf-8").replace("</footer>", f"<p>Footer note {pick}.</p></footer>", 1),
        encoding="utf-8"),
}


# Four sequences in the default run (about ten seconds); `invoke fuzz` tries many more,
# with a new seed (FUZZ_SCALE and the "fuzz" profile, see conftest.py).
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
fuzzed = settings(max_examples=max(1, int(4 * SCALE)), deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def edit_sequences(edits: dict, longest: int = 4):
    """Sequences of edits, each (its name in ``edits``, the number it picks with)."""
    return st.lists(st.tuples(st.sampled_from(sorted(edits)), st.integers(0, 50)),
                    min_size=2, max_size=longest)


@fuzzed
@given(edits=edit_sequences(EDITS))
def test_a_warm_build_equals_a_cold_build_after_any_edits(tmp_path_factory, edits):
    folder = make_site(tmp_path_factory.mktemp("render-cache"))
    build(folder, "warm", "warm-cache", warm=True)
    from_cache = 0
    for step, (name, pick) in enumerate(edits):
        EDITS[name](folder, pick)
        build(folder, "warm", "warm-cache", warm=True)
        from_cache += build_state().render_pass.from_cache
        shutil.rmtree(folder / "cold", ignore_errors=True)
        shutil.rmtree(folder / f"cold-cache-{step}", ignore_errors=True)
        build(folder, "cold", f"cold-cache-{step}", warm=False)
        warm, cold = output_tree(folder / "warm"), output_tree(folder / "cold")
        stale = differences(warm, cold)
        assert stale == [], (f"after edits {edits[:step + 1]}: " + first_difference(
            warm.get(stale[0], b""), cold.get(stale[0], b""), stale, ("warm", "cold")))
    # Edits to one article's text or fields leave most pages to the cache (a template,
    # person, new, deleted or drafted article changes what every page depends on).
    if any(name in ("body", "title", "date", "summary", "category", "tags", "services", "reviewed",
                    "next review", "modified") for name, _pick in edits):
        assert from_cache > 0


def test_the_property_catches_a_dependency_left_out_of_the_record(tmp_path, monkeypatch):
    """With the articles a page links to left out of its record (neighbours, related
    articles, services, translations), a page keeps another article's old title."""
    original = postprocess_module.dependency_record

    def without_neighbours(localcontext):
        record = original(localcontext)
        return record and tuple(entry for entry in record
                                if entry[0] == "self" or entry[0] in ("articles_page", "dates_page")
                                or entry[0] in ("tag", "category", "author"))

    folder = make_site(tmp_path)
    monkeypatch.setattr(postprocess_module, "dependency_record", without_neighbours)
    build(folder, "warm", "warm-cache", warm=True)
    rewrite(folder, 2, title="A new title for the middle article")
    build(folder, "warm", "warm-cache", warm=True)
    build(folder, "cold", "cold-cache", warm=False)
    stale = differences(output_tree(folder / "warm"), output_tree(folder / "cold"))
    # Its neighbours' pagers and the service page that lists it still show the old title.
    assert {"articles/test-article-1/index.html", "articles/test-article-3/index.html"} <= set(stale)
    monkeypatch.undo()
    build(folder, "warm", "warm-cache", warm=True)  # the full record mends it
    assert differences(output_tree(folder / "warm"), output_tree(folder / "cold")) == []


def test_an_unchanged_site_comes_from_the_cache(tmp_path):
    folder = make_site(tmp_path)
    build(folder, "warm", "warm-cache", warm=True)
    first = build_state().render_pass
    assert first.from_cache == 0 and first.written > 20
    build(folder, "warm", "warm-cache", warm=True)
    again = build_state().render_pass
    # Only the site-wide pages (home, indexes, search, 404) and pages with images are rendered.
    rendered = again.written + again.unchanged - again.from_cache
    assert again.from_cache >= first.written - 12, (again.from_cache, rendered)


def test_pages_from_the_cache_are_its_files_and_no_later_write_goes_through_them(tmp_path):
    folder = make_site(tmp_path)
    build(folder, "warm", "warm-cache", warm=True)
    build(folder, "warm", "warm-cache", warm=True)
    page = folder / "warm" / "articles" / "test-article-0" / "index.html"
    pages = folder / "warm-cache" / "render" / "pages"
    cached = [path for path in pages.iterdir() if path.samefile(page)]
    assert len(cached) == 1  # a hard link to the cache's file, not a copy
    witness = tmp_path / "witness.html"
    os.link(cached[0], witness)
    before = witness.read_bytes()
    # A build that keeps the output folder (as `invoke build` does) after an edit of
    # that article writes its page again: a new file, never into the cache's.
    rewrite(folder, 0, body="Changed body for the link test.")
    build_site(folder / "warm", "publishconf.py", content=folder / "content",
               THEME=str(folder / "theme"), CACHE_PATH=str(folder / "warm-cache"),
               LOAD_CONTENT_CACHE=True, GUARDRAILS={"strict": False},
               SEARCH_INDEX={"enabled": False}, DELETE_OUTPUT_DIRECTORY=False)
    assert b"Changed body for the link" in page.read_bytes()
    assert witness.read_bytes() == before


@pytest.mark.parametrize("load", [False])
def test_ignoring_the_cache_renders_every_page(tmp_path, load):
    folder = make_site(tmp_path)
    build(folder, "warm", "warm-cache", warm=True)
    build(folder, "warm", "warm-cache", warm=load)
    assert build_state().render_pass.from_cache == 0


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(tmp_path):
    folder = make_site(tmp_path)
    build(folder, "warm", "warm-cache", warm=True)
    kept = sorted((folder / "warm-cache" / "templates").iterdir())
    assert len(kept) >= 10  # base, article, page, partials, macros...
    footer = folder / "theme" / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        "</footer>", "<p>Edited footer note.</p></footer>", 1), encoding="utf-8")
    build(folder, "warm", "warm-cache", warm=True)
    home = (folder / "warm" / "index.html").read_text(encoding="utf-8")
    assert "Edited footer note." in home


def test_feeds_come_from_the_cache_until_an_article_they_hold_changes(tmp_path):
    """A feed's key is a page's, with the articles it holds as the record: unchanged,
    it is the cache's file; after an edit of an article it holds it is made again,
    and the site equals a cold build."""
    folder = make_site(tmp_path)
    build(folder, "warm", "warm-cache", warm=True)
    build(folder, "warm", "warm-cache", warm=True)
    pages = folder / "warm-cache" / "render" / "pages"
    feeds = sorted((folder / "warm" / "feeds").glob("*.xml"))
    assert len(feeds) >= 4

    def from_cache(feed: Path) -> bool:
        return any(path.samefile(feed) for path in pages.iterdir())

    assert all(from_cache(feed) for feed in feeds)
    everything = folder / "warm" / "feeds" / "all.atom.xml"
    rewrite(folder, 0, body="A changed body that the feeds carry.")
    build(folder, "warm", "warm-cache", warm=True)
    build(folder, "cold", "cold-cache", warm=False)
    assert differences(output_tree(folder / "warm"), output_tree(folder / "cold")) == []
    assert b"A changed body that the feeds" in everything.read_bytes()
    again = sorted((folder / "warm" / "feeds").glob("*.xml"))
    # The feeds of the other categories do not hold the article: still the cache's.
    assert 0 < sum(from_cache(feed) for feed in again) < len(again)
