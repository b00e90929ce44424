"""The live session's contract: after any edits, what it has written is what a new
session's full build of the same files writes, byte for byte.

A live session keeps content objects of unchanged files between its builds
(front_matter.kept_contents), renders only the pages an edit can change
(LiveSite.wants) and skips Pelican for text-only edits (LiveSite.quick_rebuild). A
property-based test applies random sequences of edits to a small site (the text,
the title, summary, date, category, tags, services and review dates in the front
matter, a person, an article added, deleted or drafted, a template), rebuilds the
session as the file watcher would (it finds the changed files itself), and
compares every HTML page with a new session's full build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from build_compare_helpers import first_difference, output_tree
from hypothesis import given
from test_render_cache import (
    EDITS,
    SERVICES,
    TAGS,
    differences,
    edit_sequences,
    existing,
    fuzzed,
    make_site,
    rewrite,
)

from conftest import ROOT
from live.session import ORDER_FIELDS, QUICK_FIELDS, TERM_FIELDS

# In this order each edit's file was last edited by a field that makes the same kind
# of rebuild, or not at all (an edit rewrites the whole front matter): "reviewed" also
# takes out the next_review line that "next review" put in.
FRONT_MATTER_EDITS = ["title", "summary", "next review", "modified", "date", "tags", "services",
                      "reviewed", "category"]
FIELD_OF_EDIT = {"reviewed": "last_reviewed", "next review": "next_review"}
VISITED = ("articles/test-article-1/index.html", "index.html", "categories/conditions/index.html")


def live_site(folder: Path, output: str, **settings):
    from live import LiveSite

    site = LiveSite(ROOT / "pelicanconf.py", {
        "PATH": str(folder / "content"), "THEME": str(folder / "theme"),
        "OUTPUT_PATH": str(folder / output), "CACHE_PATH": str(folder / f"{output}-cache"),
        "SEARCH_INDEX": {"enabled": False}, "GUARDRAILS": {"strict": False}, **settings,
    })
    # As if a browser had these open: a quick rebuild renders them before the rest.
    for name in VISITED:
        site.note_visit(name)
    return site


def full_build(folder: Path, **settings) -> dict[str, bytes]:
    shutil.rmtree(folder / "full", ignore_errors=True)
    shutil.rmtree(folder / "full-cache", ignore_errors=True)
    assert live_site(folder, "full", **settings).rebuild()
    return output_tree(folder / "full")


def same_pages(folder: Path, **settings) -> bool:
    """Whether every file a new session's full build writes is the live session's.
    (The live output keeps the files of pages that no longer exist, as a deleted
    article's; a full build into the same folder would too.)"""
    live, full = output_tree(folder / "live"), full_build(folder, **settings)
    stale = differences({key: live.get(key) for key in full}, full)
    assert stale == [], first_difference(live.get(stale[0], b""), full[stale[0]], stale)
    return True


@fuzzed
@given(edits=edit_sequences(EDITS))
def test_the_live_session_writes_what_a_full_build_writes_after_any_edits(tmp_path_factory,
                                                                         edits):
    folder = make_site(tmp_path_factory.mktemp("live"))
    session = live_site(folder, "live")
    assert session.rebuild()
    for step, (name, pick) in enumerate(edits):
        EDITS[name](folder, pick)
        assert session.rebuild()
        assert same_pages(folder), f"after edits {edits[:step + 1]}"


def test_front_matter_edits_reuse_the_other_files_objects_and_render_few_pages(tmp_path):
    """Each front matter field, edited alone: the session reads only the edited file
    again, renders fewer pages than a full build and writes what it writes; a title,
    summary, review date, tags, services or category edit does so without running
    Pelican. (On a site this small one article shows on half the pages: in related
    cards, lists, neighbours.)"""
    from pelican.contents import Article

    folder = make_site(tmp_path)
    session = live_site(folder, "live")
    assert session.rebuild()
    everything = len(session.rendered)
    before = {item.source_path: item for item in session.contents_by_source().values()
              if isinstance(item, Article)}
    taken_quickly: set[str] = set()
    for step, name in enumerate(FRONT_MATTER_EDITS):
        edited = str(sorted((folder / "content" / "articles").glob("test-article-*.md"))
                     [(20 + step) % 5])
        text = Path(edited).read_text(encoding="utf-8")
        EDITS[name](folder, 20 + step)
        assert Path(edited).read_text(encoding="utf-8") != text, name
        assert session.rebuild()
        # A title, summary or review date changes what pages show, not which pages there
        # are: the session takes it without Pelican, into the same object
        # (LiveSite.quick_rebuild); tags, services and category too, linking the site again.
        quick = FIELD_OF_EDIT.get(name, name) in QUICK_FIELDS | TERM_FIELDS | ORDER_FIELDS
        assert session.last_rebuild_quick == quick, name
        assert 0 < len(session.rendered) < everything, (name, session.rendered)
        after = {item.source_path: item for item in session.contents_by_source().values()
                 if isinstance(item, Article)}
        # Pelican reads the edited file again, and any file a quick rebuild took since
        # its last run (the file's stamp changed); it keeps every other object.
        if quick:
            assert after[edited] is before[edited], name
            taken_quickly.add(edited)
            read_again = set()
        else:
            read_again, taken_quickly = {edited} | taken_quickly, set()
        assert {path for path, item in before.items() if after[path] is not item} == read_again, name
        before = after
        assert same_pages(folder), name


def redate(folder: Path, pick: int, date: str) -> None:
    """The picked article's date, the rest of its file as it is."""
    path = existing(folder)[pick % len(existing(folder))]
    path.write_text(re.sub(r"^date: .*$", f"date: {date}", path.read_text(encoding="utf-8"),
                           count=1, flags=re.MULTILINE), encoding="utf-8")


# Edits of topics, services, categories and dates, which a quick rebuild takes by linking
# the site again (LiveSite.relink_terms): topics that exist, a new topic (a new topic page;
# the next such edit takes it away again), no services, another category, a category no
# article had (an edit that empties a category runs Pelican), another date, and the same
# date as other articles (equal dates keep Pelican's order among them: by slug).
TERM_EDITS = {
    "tags": EDITS["tags"],
    "services": EDITS["services"],
    "new topic": lambda folder, pick: rewrite(folder, pick,
                                              tags=[f"new topic {pick % 2}", *TAGS[pick % 4:][:1]]),
    "no services": lambda folder, pick: rewrite(folder, pick, services=[]),
    "category": EDITS["category"],
    # A category of the content model that no article has yet (its first page is new).
    "news": lambda folder, pick: rewrite(folder, pick, category="Clinic news"),
    "date": EDITS["date"],
    "same date": lambda folder, pick: redate(folder, pick, "2026-03-12"),
}
# Two articles to a list page: an article that joins or leaves a topic moves the others
# across its pages, and a topic's page count changes.
SHORT_PAGES = {"DEFAULT_PAGINATION": 2}
# A site address: the site has a sitemap, which lists only the pages the site has.
ADDRESS = {"SITEURL": "https://example.org", "RELATIVE_URLS": False}


@fuzzed
@given(edits=edit_sequences(TERM_EDITS, longest=5))
def test_topic_and_service_edits_write_what_a_full_build_writes(tmp_path_factory, edits):
    folder = make_site(tmp_path_factory.mktemp("terms"))
    session = live_site(folder, "live", **SHORT_PAGES, **ADDRESS)
    assert session.rebuild()
    for step, (name, pick) in enumerate(edits):
        TERM_EDITS[name](folder, pick)
        assert session.rebuild()
        assert same_pages(folder, **SHORT_PAGES, **ADDRESS), f"after edits {edits[:step + 1]}"


def test_a_new_topic_gets_its_pages_without_pelican_and_they_go_as_it_shrinks(tmp_path):
    """A topic no article had: the quick rebuild makes its page (and pages after the
    first, as the topic grows), links related articles again and writes what a full
    build writes. An edit that takes a page from a topic (its second, then the topic
    itself when its last article leaves) takes the page's file out of the preview and
    its sitemap, as a full build does not write it."""
    folder = make_site(tmp_path)
    address = {**ADDRESS, **SHORT_PAGES}
    session = live_site(folder, "live", **address)
    assert session.rebuild()
    first_page, second_page = "topics/balance/index.html", "topics/balance/page/2/index.html"
    for pick, pages in ((1, {first_page}), (2, {first_page}), (3, {first_page, second_page})):
        rewrite(folder, pick, tags=["balance", TAGS[pick % 4]])
        assert session.rebuild() and session.last_rebuild_quick, pick
        assert pages <= set(session.rendered)
        full = full_build(folder, **address)
        assert pages <= set(full)
        sitemap = full["sitemap.xml"].decode()
        assert all(f"https://example.org/{page.removesuffix('index.html')}</loc>" in sitemap
                   for page in pages)
        assert same_pages(folder, **address), pick
    related_before = {item.slug: [other.slug for other in item.related]
                      for item in session.contents_by_source().values() if hasattr(item, "related")}
    live = folder / "live"
    for pick, gone in ((3, second_page), (2, None), (1, first_page)):
        rewrite(folder, pick, tags=[TAGS[3]])
        assert session.rebuild() and session.last_rebuild_quick, pick
        full = full_build(folder, **address)
        assert same_pages(folder, **address), pick
        assert (live / "sitemap.xml").read_bytes() == full["sitemap.xml"], pick
        if gone:
            assert gone not in full and not (live / gone).exists(), pick
    assert not (live / "topics" / "balance").exists()
    assert b"balance" not in (live / "topics" / "index.html").read_bytes()
    rewrite(folder, 3, services=[SERVICES[0], SERVICES[2]])
    assert session.rebuild() and session.last_rebuild_quick
    related_after = {item.slug: [other.slug for other in item.related]
                     for item in session.contents_by_source().values() if hasattr(item, "related")}
    assert related_after != related_before
    assert same_pages(folder, **address)


def test_a_category_edit_moves_the_article_without_pelican(tmp_path):
    """An article moved to another category: the quick rebuild makes the pages of both
    categories again (the first page of a category no article had yet too), checks the
    article again as a full build does (trust's clinical categories, reading targets),
    and writes what a full build writes. A category whose last article leaves loses
    its page, in the preview and its sitemap as in a full build."""
    from site_core import reported_problems

    folder = make_site(tmp_path)
    address = ADDRESS
    session = live_site(folder, "live", **address)
    assert session.rebuild()
    news = "categories/clinic-news/index.html"

    def references_advice(number: int) -> list[str]:
        return [problem.message for problem in reported_problems()
                if problem.field == "references" and problem.path.endswith(f"test-article-{number}.md")]

    # Article 1 is in Conditions, a clinical category: trust advises references.
    assert session.rebuild([str(folder / "content" / "articles" / "test-article-1.md")])
    assert references_advice(1) and "Conditions is a clinical category" in references_advice(1)[0]
    for pick in (1, 0):  # Conditions keeps article 4, Treatments articles 3 and another
        rewrite(folder, pick, category="Clinic news")
        assert session.rebuild() and session.last_rebuild_quick, pick
        assert news in session.rendered
        assert references_advice(pick) == [], pick  # Clinic news is not a clinical category
        full = full_build(folder, **address)
        assert f"https://example.org/{news.removesuffix('index.html')}</loc>" in full["sitemap.xml"].decode()
        assert same_pages(folder, **address), pick
    rewrite(folder, 1, category="Treatments")
    assert session.rebuild() and session.last_rebuild_quick
    assert "Treatments is a clinical category" in references_advice(1)[0]
    assert same_pages(folder, **address)
    # Article 2 is the only one in "Exercise and recovery".
    rewrite(folder, 2, category="Clinic news")
    assert session.rebuild() and session.last_rebuild_quick
    full = full_build(folder, **address)
    gone = "categories/exercise-and-recovery/index.html"
    assert gone not in full and not (folder / "live" / gone).exists()
    assert (folder / "live" / "sitemap.xml").read_bytes() == full["sitemap.xml"]
    assert same_pages(folder, **address)


def test_the_open_page_is_written_and_reloaded_before_the_other_pages(tmp_path):
    """A quick rebuild renders the pages the browser asked for first and tells the open
    pages to reload then, once; the lists that also show the edit come after, and the
    output is a full build's."""
    folder = make_site(tmp_path)
    session = live_site(folder, "live")
    assert session.rebuild()
    live = folder / "live"
    own, lists = "articles/test-article-1/index.html", "categories/clinic-news/index.html"
    seen_at_reload = []
    session.reload_pages = lambda: seen_at_reload.append(
        {name: (live / name).read_text(encoding="utf-8") if (live / name).exists() else ""
         for name in (own, lists)})
    session.visited = ()
    session.note_visit("articles/test-article-0/index.html")
    session.note_visit(own)  # the newest visit
    assert session.visited[0] == own
    rewrite(folder, 1, category="Clinic news")
    assert session.rebuild() and session.last_rebuild_quick
    session.tell_open_pages()  # as the live server does after every rebuild: already told
    assert len(seen_at_reload) == 1
    assert "Clinic news" in seen_at_reload[0][own]
    assert "articles/test-article-1/" not in seen_at_reload[0][lists]  # not written yet
    assert session.rendered[0] == own and lists in session.rendered
    assert "articles/test-article-1/" in (live / lists).read_text(encoding="utf-8")
    assert same_pages(folder)
    # A list page the browser has open is made again after the first pages: the open
    # pages reload when it is written, at the end.
    session.visited = ("articles/test-article-0/index.html", lists)
    seen_at_reload.clear()
    session.reload_pages = lambda: seen_at_reload.append((live / lists).read_text(encoding="utf-8"))
    rewrite(folder, 0, category="Clinic news")
    assert session.rebuild() and session.last_rebuild_quick
    assert seen_at_reload == []
    session.tell_open_pages()
    assert "articles/test-article-0/" in seen_at_reload[0]
    assert same_pages(folder)
    seen_at_reload.clear()
    # A rebuild that writes none of the visited pages tells the open pages at the end.
    session.visited = ("articles/an-article-since-deleted/index.html",)
    rewrite(folder, 1, title="Retitled article 1")
    assert session.rebuild() and session.last_rebuild_quick
    assert seen_at_reload == []
    session.tell_open_pages()
    assert len(seen_at_reload) == 1


def test_a_changed_people_file_makes_the_session_read_every_file_again(tmp_path):
    from pelican.contents import Article

    folder = make_site(tmp_path)
    session = live_site(folder, "live")
    assert session.rebuild()
    kept_alive = [item for item in session.contents_by_source().values()
                  if isinstance(item, Article)]
    before = {id(item) for item in kept_alive}
    EDITS["person"](folder, 3)
    rewrite(folder, 1, title="Edited with the people file")
    assert session.rebuild()
    after = {id(item) for item in session.contents_by_source().values()
             if isinstance(item, Article)}
    assert before.isdisjoint(after)
    assert same_pages(folder)


def test_settling_memory_collects_what_each_rebuild_left(tmp_path):
    """The session freezes the objects it keeps, so that the garbage collector does not
    walk the whole site during a rebuild, and collects before each freeze what the last
    build left: the frozen set does not grow from rebuild to rebuild."""
    import gc

    folder = make_site(tmp_path)
    session = live_site(folder, "live")
    try:
        assert session.rebuild()
        session.settle_memory()
        frozen = []
        for step in range(4):
            # Another article made a draft each time: Pelican runs again (new generators,
            # contexts, pages).
            rewrite(folder, step, draft=True)
            assert session.rebuild() and not session.last_rebuild_quick
            session.settle_memory()
            frozen.append(gc.get_freeze_count())
        assert frozen[0] > 10_000
        assert max(frozen) - min(frozen) < 0.02 * min(frozen), frozen
    finally:
        gc.unfreeze()


def test_kept_objects_remember_their_static_links_until_their_text_changes(tmp_path):
    """A kept object answers Pelican's get_static_links from its memo while its HTML is
    the same, and scans the new HTML after a text edit."""
    folder = make_site(tmp_path)
    path = folder / "content" / "articles" / "test-article-1.md"
    image = "{static}/images/low-back-pain-daily-movement.svg"
    path.write_text(path.read_text(encoding="utf-8") + f"\n![A drawing]({image})\n", encoding="utf-8")
    session = live_site(folder, "live")
    assert session.rebuild()
    EDITS["title"](folder, 3)  # another file: this one's object is kept
    assert session.rebuild()
    item = session.contents_by_source()[str(path)]
    memo = item.__dict__["get_static_links"]
    assert item.get_static_links() == type(item).get_static_links(item) == {
        "images/low-back-pain-daily-movement.svg"}
    assert memo.text is not None
    path.write_text(path.read_text(encoding="utf-8").replace(
        image, "{static}/images/social-default.png"), encoding="utf-8")
    assert session.rebuild() and session.last_rebuild_quick  # a text edit: the same object
    assert item.get_static_links() == {"images/social-default.png"}


def test_a_date_edit_taken_quickly_writes_the_sitemap_a_full_build_writes(tmp_path):
    """With a site address (the sitemap is written then), the modified and review dates
    are the sitemap's dates: a quick rebuild writes it again, with the same bytes as a
    full build, and an overdue review shows its banner as in a full build."""
    folder = make_site(tmp_path)
    address = ADDRESS
    session = live_site(folder, "live", **address)
    assert session.rebuild()
    sitemap = (folder / "live" / "sitemap.xml").read_text(encoding="utf-8")
    for edit, when in ((dict(reviewed="2026-11-30"), "2026-11-30"),
                       (dict(reviewed="2026-10-01", next_review="2026-11-01"), "2026-10-01"),
                       (dict(modified="2026-12-01"), "2026-12-01")):
        rewrite(folder, 3, **edit)
        assert session.rebuild() and session.last_rebuild_quick, edit
        written = (folder / "live" / "sitemap.xml").read_text(encoding="utf-8")
        assert written != sitemap and f"<lastmod>{when}</lastmod>" in written
        sitemap = written
        assert live_site(folder, "full", **address).rebuild()
        live, full = output_tree(folder / "live"), output_tree(folder / "full")
        stale = differences({key: live.get(key) for key in full}, full)
        assert stale == [], first_difference(live.get(stale[0], b""), full[stale[0]], stale)


def test_with_the_editorial_report_on_every_edit_writes_what_a_full_build_writes(tmp_path):
    """The report shows every article's grade, words and problems as the site-wide
    passes leave them, which a quick rebuild does not run for the others: with it on,
    a text or title edit runs Pelican, and the report is a full build's."""
    folder = make_site(tmp_path)
    report = {"EDITORIAL_REPORT": {"enabled": True, "save_as": "editorial-report/index.html"}}
    session = live_site(folder, "live", **report)
    assert session.rebuild()
    for name in ("body", "title"):
        EDITS[name](folder, 2)
        assert session.rebuild() and not session.last_rebuild_quick, name
        shutil.rmtree(folder / "full", ignore_errors=True)
        shutil.rmtree(folder / "full-cache", ignore_errors=True)
        assert live_site(folder, "full", **report).rebuild()
        live, full = output_tree(folder / "live"), output_tree(folder / "full")
        assert "editorial-report/index.html" in full
        stale = differences({key: live.get(key) for key in full}, full)
        assert stale == [], first_difference(live.get(stale[0], b""), full[stale[0]], stale)
