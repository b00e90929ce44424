"""The live preview: a Pelican session kept in memory between rebuilds.

``invoke livereload`` (tasks/site.py) makes a ``LiveSite`` and hands it to
``serve_live``, which serves the output on 127.0.0.1, rebuilds what a saved file
changes (watchfiles hears of saves from the kernel) and tells open pages to
reload (the livereload package). Tests and benchmarks/live_latency.py use the
same two, so what they measure is what writers get.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
import traceback
from collections import ChainMap
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import NamedTuple

from jinja2 import BytecodeCache

from .overlay import ProblemLines, page_handler, problems_box

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8000
# Seconds without a save before the session collects what its builds left (half a
# second at 5,000 articles): a collection while a writer saves and looks, or while the
# search index runs in the background, would hold up the next rebuild.
SETTLE_AFTER_S = 20.0
# How many of the pages the browser asked for last a quick rebuild renders first.
VISITED_KEPT = 8


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled templates kept in memory; Jinja still checks each
    template's source, so an edited template is compiled again."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
# What re-reading a file changes on its content object when only its text (below the
# front matter) changed: the HTML (compat.set_raw_html), and what is measured from it.
# Links to other content (neighbours, services, people) come from the front matter.
BODY_ATTRIBUTES = ("reading_minutes", "contents")
# Front matter fields an edit of which a quick rebuild takes without Pelican: they
# change what pages show of an article, not which pages there are, their order or what
# they link. The dates below also change the sitemap's dates (rewritten), and the review
# dates the article's review state and problems (clinical_review, run on the article).
DATE_FIELDS = ("modified", "last_reviewed", "next_review")
QUICK_FIELDS = frozenset({"title", "summary", *DATE_FIELDS})
# Fields whose edit changes which lists show an article (its topic and category pages,
# the service pages, other articles' related cards), not its address or its place in date
# order: a quick rebuild takes them too, groups and links the kept articles again as
# Pelican's run would (``relink_terms``) and renders the pages whose lists changed.
TERM_FIELDS = frozenset({"tags", "services", "category"})
# Fields whose edit moves the article in date order: the lists that hold it are made
# again, and the pages whose list or neighbours changed are rendered (``relink_terms``).
ORDER_FIELDS = frozenset({"date"})
# Links between articles that Pelican's neighbors plugin makes, in date order and
# within each category.
NEIGHBOURS = ("next_article", "prev_article", "next_article_in_category", "prev_article_in_category")
NEIGHBORS_PLUGIN = "pelican.plugins.neighbors"
# The templates of the ArticlesGenerator's site-wide list pages, besides its direct templates.
SITE_LIST_TEMPLATES = ("period_archives",)

class Edit(NamedTuple):
    """One edited Markdown file a quick rebuild takes: its path, its content object, its
    new front matter block (None when only the text below it changed) and fields."""

    path: str
    item: object
    header: str | None
    fields: dict


class LiveSite:
    """A Pelican session that stays in memory between rebuilds (`invoke livereload`).

    Settings are read once. Each rebuild runs Pelican again in this process, so
    the front matter reader's in-memory cache of Markdown and typogrify output
    is reused and only edited files are converted again. When only existing
    content files changed, only the pages that show them are rendered: the
    page itself, the lists, tag, category and author pages that list it, pages
    that link it (services, neighbours) and the site-wide pages. Pages are
    matched by what they showed in this build and the previous one, so a page
    that stops listing an article is rendered too. Anything else (a new or
    deleted file, the theme, settings or plugins) rebuilds everything.

    Quicker still, when a save changed only the text of existing pages (their front
    matter is as it was), Pelican does not run at all: the session reads those files
    again with the last build's readers, gives their content objects the new HTML,
    checks them, and renders only their own pages (``quick_rebuild``). Everything a
    page's front matter decides (title, dates, tags, links to other pages) is
    unchanged, so no other page can show anything new. An edit of an article's title,
    summary, modified or review dates alone (QUICK_FIELDS) is taken the same way, into the same
    object, and renders every page whose record names the file and every site-wide
    page: which pages exist, in what order, and what links where are as they were.
    An edit of its tags, services, category (TERM_FIELDS) or date (ORDER_FIELDS) also
    links the site again: see ``relink_terms`` and ``remake_lists``.

    A quick rebuild renders the pages the browser asked for last first and tells the
    open pages to reload before it renders the rest (``open_first``).
    """

    def __init__(self, settings_file: Path, overrides: dict | None = None,
                 reading_aid: bool = False):
        from pelican.settings import read_settings

        self.settings = read_settings(str(settings_file), override=overrides or {})
        # livereload refreshes pages with an inline script, which the pages' own
        # Content-Security-Policy would refuse: the live preview goes without it.
        self.settings["HOST_FILES"] = {**self.settings.get("HOST_FILES", {}), "meta_csp": False}
        # Templates are compiled once per session, not once per rebuild: Pelican makes
        # each build's Jinja environment with JINJA_ENVIRONMENT's options.
        self.bytecode_cache = MemoryBytecodeCache()
        self.settings["JINJA_ENVIRONMENT"] = {**self.settings.get("JINJA_ENVIRONMENT", {}),
                                              "bytecode_cache": self.bytecode_cache}
        sys.path.insert(0, str(ROOT / "plugins"))
        # Output file -> (its dependency record, the source files it shows): record_of.
        self.shown: dict[str, tuple[tuple | None, set[str]]] = {}
        self.changed: set[str] | None = None
        self.rendered: list[str] = []
        self.last_rendered_count: int | None = None
        self.snapshot = self.content_snapshot()
        self.jobs: dict[str, object] = {}  # output file -> its render job, from the last build
        # While the session makes render jobs itself (``new_jobs``): output file -> job.
        self.collecting: dict[str, object] | None = None
        # Markdown file -> (its modification time when read, its front matter as last built)
        self.headers: dict[str, tuple[int | None, str]] = {}
        self.context: dict | None = None  # the last build's shared template context
        # contents_by_source's answer, with the generated_content it was made of.
        self.by_source: tuple[dict, int, dict] | None = None
        self.last_rebuild_quick = False
        # The messages of the last build if it failed (the open pages show them), else None.
        self.failure: list[str] | None = None
        # What the live server does to every HTML page it sends: (page, site) -> page.
        self.page_additions = [problems_box]
        self.serving = ""  # the output file being sent (set by the live server)
        from plain_language import settings_for as plain_language_settings

        # The reading aid (`invoke livereload --plain`, or PLAIN_LANGUAGE["preview_aid"]).
        if reading_aid or plain_language_settings(self.settings)["preview_aid"]:
            from .reading_aid import reading_aid

            self.page_additions.append(reading_aid)
        # What may outlive one build (converted files, digests, built assets, the
        # search index run): handed to each build's state (site_core.build).
        self.memos: dict = {}
        self.state = None  # the last build's state: its readers, pages and render pass
        # The HTML pages the browser asked for last (output files, newest first: the live
        # server notes them). A quick rebuild renders those of its pages first, tells the
        # open pages to reload, then renders the rest, as Hugo's server renders the pages
        # a browser has open first (its fast render mode): the writer sees the page they
        # look at before the lists and topic pages that also show the edit are written.
        self.visited: tuple[str, ...] = ()
        # What tells the open pages to reload (the live server sets it), and whether this
        # rebuild has told them.
        self.reload_pages: Callable[[], None] | None = None
        self.reloaded = False

    def content_snapshot(self) -> dict[str, int]:
        found = {}
        for root, _folders, files in os.walk(self.settings["PATH"]):
            for name in files:
                path = os.path.join(root, name)
                found[path] = os.stat(path).st_mtime_ns
        return found

    def changed_content(self) -> set[str] | None:
        """Content files edited since the last build, or None when a full build is needed."""
        now = self.content_snapshot()
        before, self.snapshot = self.snapshot, now
        if set(now) != set(before):
            return None
        edited = {path for path, stamp in now.items() if before[path] != stamp}
        return edited or None

    # Called by the writer (plugins/engine/writer.py) for every page.
    def wants(self, output_name: str, localcontext: Mapping, job=None) -> bool:
        if self.collecting is not None:
            self.collecting[output_name] = job
            return False
        if job is not None:
            self.jobs[output_name] = job
            self.context = job.context
        record, shows = record_of(localcontext)
        record_before, before = self.shown.get(output_name, (None, None))
        self.shown[output_name] = (record, shows)
        # A page whose record changed with no edited file in it is wanted too: a list page
        # whose list got shorter or longer elsewhere shows another page count.
        wanted = (
            self.changed is None or before is None or "*" in shows or record != record_before
            or not self.changed.isdisjoint(shows) or not self.changed.isdisjoint(before)
            or not os.path.exists(os.path.join(self.settings["OUTPUT_PATH"], output_name))
        )
        if wanted:
            self.rendered.append(output_name)
        return wanted

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """Build again; `changed` names the edited content files, if known."""
        from pelican import Pelican

        from front_matter import forget_kept_contents
        from site_core import start_build

        before = self.snapshot
        if changed is not None:
            self.snapshot = self.content_snapshot()
            self.changed = {os.path.abspath(path) for path in changed}
        else:
            self.changed = self.changed_content() if self.shown else None
        if other_files_changed(before, self.snapshot):
            # people.yml, images, redirects: no page's record names them, so every page
            # is rendered and every file read again.
            self.changed = None
            forget_kept_contents(self.memos)
        self.rendered = []
        self.last_rebuild_quick = False
        self.reloaded = False
        if self.changed and self.quick_rebuild(self.changed):
            self.failure = None
            self.last_rebuild_quick = True
            self.last_rendered_count = len(self.rendered)
            return True
        self.rendered = []
        self.jobs = {}
        messages = ProblemLines()
        logging.getLogger().addHandler(messages)
        try:
            settings = self.settings.copy()
            self.state = start_build(settings, live=self, memos=self.memos)
            Pelican(settings).run()
        except (SystemExit, Exception) as stop:  # noqa: BLE001 - the session must go on
            if not isinstance(stop, SystemExit):  # a theme or plugin error: say what it was
                traceback.print_exc()
                messages.lines.append(f"error: {type(stop).__name__}: {stop}")
            self.shown.clear()  # the next build is a full one
            forget_kept_contents(self.memos)  # and reads every file
            self.jobs, self.headers, self.context = {}, {}, None
            self.failure = messages.lines
            print("The build failed: fix the messages above and save again.", file=sys.stderr)
            return False
        finally:
            logging.getLogger().removeHandler(messages)
            self.last_rendered_count = len(self.rendered)
        self.failure = None
        self.remember_headers()
        return True

    def note_visit(self, output_name: str) -> None:
        """The browser asked for this HTML page (called by the live server's thread: the
        tuple is replaced whole, so the rebuild's thread never sees it half made)."""
        self.visited = (output_name, *(name for name in self.visited if name != output_name))[:VISITED_KEPT]

    def tell_open_pages(self) -> None:
        """Tell the open pages to reload, once a rebuild (the server calls it after each
        rebuild; a quick rebuild calls it as soon as the pages the browser has open are
        written)."""
        if not self.reloaded and self.reload_pages is not None:
            self.reload_pages()
        self.reloaded = True

    def open_first(self, pages: list, later: set[str] = frozenset()) -> tuple[list, list]:
        """``pages`` (in render order) as those the browser asked for last and the rest;
        no page first if one the browser asked for is among ``later`` (pages made again
        after the first are rendered: the open pages must not reload before them).
        Pages that read the others as rendered (``rendered_last``) stay in the rest."""
        visited, last = set(self.visited), self.state.registry.rendered_last
        if not visited.isdisjoint(later):
            return [], pages
        first = [job for job in pages if job.output_name in visited
                 and getattr(job.template, "name", "") not in last]
        taken = {id(job) for job in first}
        return first, [job for job in pages if id(job) not in taken]

    def settle_memory(self) -> None:
        """Collect what past builds left (Pelican's objects hold cycles), then freeze the
        rest, the site this session keeps, so that the garbage collector skips it.

        A rebuild at 5,000 articles made objects enough for Python to walk every object
        of the session once or more (0.4 to 0.5 s of a 4 s rebuild); frozen objects are
        not walked. The server freezes what there is after each rebuild (a moment's
        work) and calls this when no save came for ``SETTLE_AFTER_S``: only a
        collection after unfreezing frees the cycles the builds left.
        """
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    # The quick rebuild: text-only edits, without running Pelican ----------

    def contents_by_source(self) -> dict[str, object]:
        """The last build's content objects of Markdown files, by absolute path. Kept
        while its ``generated_content`` is the same dict of the same size: a quick
        rebuild changes objects, not which there are (5,000 paths made absolute took
        a tenth of a text edit's rebuild)."""
        from pelican.contents import Content

        found = (self.context or {}).get("generated_content") or {}
        kept = self.by_source
        if kept is not None and kept[0] is found and kept[1] == len(found):
            return kept[2]
        by_source = {os.path.abspath(item.source_path): item for item in found.values()
                     if isinstance(item, Content) and item.source_path.endswith(MARKDOWN)}
        self.by_source = (found, len(found), by_source)
        return by_source

    def remember_headers(self) -> None:
        """Each Markdown file's front matter as built, to tell a text-only edit later.
        A file whose modification time is the one its header was read at is not read
        again (reading 5,000 files took half a second of every rebuild)."""
        before, self.headers = self.headers, {}
        for path in self.contents_by_source():
            stamp = self.snapshot.get(path)
            kept = before.get(path)
            header = kept[1] if stamp is not None and kept and kept[0] == stamp else header_of(path)
            if header is not None:
                self.headers[path] = (stamp, header)

    def quick_rebuild(self, changed: set[str]) -> bool:
        """Re-read files whose text or front matter fields taken quickly (QUICK_FIELDS,
        TERM_FIELDS, ORDER_FIELDS) changed and render the pages that show them; False
        (nothing done) when any change is more than that: the caller runs Pelican."""
        from engine import Pass
        from search_index import build_index, stop_background_index
        from site_core import problem_counts, reported_problems, resume_build, start_collecting
        from sitemap import write_files as write_sitemap

        edits = self.quick_edits(changed)
        if edits is None:
            return False
        # The last rebuild's index run reads the pages that this one writes or removes.
        stop_background_index()
        resume_build(self.state)
        start_collecting()
        items = [edit.item for edit in edits]
        terms_before = {id(item): terms_of(item) for item in items}
        dates_before = {id(item): getattr(item, "date", None) for item in items}
        if not all(self.read_again(edit) for edit in edits):
            return False
        moved = any(getattr(item, "date", None) != dates_before[id(item)] for item in items)
        relinked = [item for item in items if moved or terms_of(item) != terms_before[id(item)]]
        for check in self.state.registry.item_checks:
            # What a full build runs on every file (schema, lint, review dates, reading
            # targets, trust), on the files read again.
            check(items)
        if problem_counts(reported_problems())["error"]:
            return False  # the full build stops and says why, as it always does
        pages = self.pages_to_render(edits)
        lists, remade = None, set()
        if relinked:
            terms = [terms_before[id(item)] for item in relinked]
            more = self.relink_terms(relinked, moved)
            if more is None or problem_counts(reported_problems())["error"]:
                return False
            lists = changed_lists(relinked, terms, moved)
            remade = self.list_pages_of(lists, moved)
            pages = self.in_render_order(unique_pages([*pages, *more]))
        # The pages the browser has open first (not a list made again below: its new job
        # is not made yet), then the open pages reload, then the rest.
        first, rest = self.open_first(pages, remade)
        render = Pass(self.state.settings, self.state).render_now
        render(first)
        if first:
            self.tell_open_pages()
        if relinked:
            made = self.remake_lists(relinked, lists, moved, remade)
            # Not a page the site no longer has (remake_lists forgot it), and a list
            # page made again with its new job.
            rest = self.in_render_order(unique_pages(
                [*(self.jobs[job.output_name] for job in rest if job.output_name in self.jobs), *made]))
        render(rest)
        pages = [*first, *rest]
        self.rendered += [job.output_name for job in pages]
        if relinked:
            self.note_what_pages_show(pages)
        for edit in edits:
            if edit.header is not None:
                self.headers[edit.path] = (self.snapshot.get(edit.path), edit.header)
        if any(edit.header is not None for edit in edits):
            write_sitemap(_Build(self.state.settings))  # its dates are these dates
        build_index(_Build(self.state.settings))  # in the background, as after a full rebuild
        return True

    def quick_edits(self, changed: set[str]) -> list[Edit] | None:
        """An ``Edit`` for each edited file, or None when any edit is more than its text
        and the fields a quick rebuild takes (a new file, another field) or the last
        build left nothing to start from.

        A site that renders a page reading every file's analyses and problems as the
        site-wide passes left them (the editorial report, when EDITORIAL_REPORT turns
        it on) runs Pelican for every edit: a quick rebuild runs those passes on the
        edited files alone, and the report would show the others' problems gone."""
        if self.state is None or self.state.readers is None or not self.jobs \
                or self.context is None:
            return None
        last = self.state.registry.rendered_last
        if any(getattr(job.template, "name", "") in last for job in self.jobs.values()):
            return None
        by_source = self.contents_by_source()
        edits = []
        for path in sorted(changed):
            item = by_source.get(path)
            header = header_of(path)
            fields = front_matter_fields(header) if header is not None else None
            # Without a summary in the front matter, Pelican makes one from the text,
            # which lists and cards show.
            if item is None or fields is None or not fields.get("summary"):
                return None
            if header == self.headers.get(path, (None, None))[1]:
                edits.append(Edit(path, item, None, fields))
            elif self.header_edit_is_quick(path, item, fields):
                edits.append(Edit(path, item, header, fields))
            else:
                return None
        return edits

    def header_edit_is_quick(self, path: str, item, new: dict) -> bool:
        """Whether a front matter edit (to the fields ``new``) changed QUICK_FIELDS and
        TERM_FIELDS alone, of an English article with no translations, on a site without
        feeds: then the pages that show the article are the pages whose record names it,
        the site-wide pages and, after a TERM_FIELDS edit, those ``relink_terms`` finds.
        A category or date taken out of the front matter is not: the article's folder,
        DEFAULT_CATEGORY or DEFAULT_DATE gives it then, as Pelican's run decides."""
        from pelican.contents import Article

        before = self.headers.get(path)
        if before is None or not isinstance(item, Article) or getattr(item, "translations", None) \
                or getattr(item, "lang", None) != self.settings.get("DEFAULT_LANG") \
                or any(self.settings.get(name) for name in self.settings
                       if name.endswith(("_ATOM", "_RSS"))):
            return False
        old = front_matter_fields(before[1])
        if old is None:
            return False
        edited = {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}
        return edited <= QUICK_FIELDS | TERM_FIELDS | ORDER_FIELDS \
            and all(new.get(name) for name in edited & {"category", "date"})

    def pages_to_render(self, edits: list[Edit]) -> list:
        """Each text edit's own pages; for an edit of QUICK_FIELDS, every page whose record
        names the file and every site-wide page. Pages that read the others as written
        (the editorial report) come last, as in a full build."""
        own = {id(edit.item) for edit in edits if edit.header is None}
        shown = {edit.path for edit in edits if edit.header is not None}

        def wanted(name: str, job) -> bool:
            if id(job.extra.get("article") or job.extra.get("page")) in own:
                return True
            sources = self.shown.get(name, (None, set()))[1]
            return bool(shown) and ("*" in sources or not shown.isdisjoint(sources))

        return self.in_render_order([job for name, job in self.jobs.items() if wanted(name, job)])

    def in_render_order(self, pages: list) -> list:
        last = self.state.registry.rendered_last
        return sorted(pages, key=lambda job: getattr(job.template, "name", "") in last)

    # Tags and services edits: the site linked again, without running Pelican -----

    def relink_terms(self, items: list, moved: bool = False) -> list | None:
        """After an edit of the tags, services, category or (``moved``) date of
        ``items``: put the kept articles in date order again if a date moved, group them
        by tag, category and author as Pelican does, link neighbours again (Pelican's
        neighbors plugin, when the site uses it), run the plugins' ``term_links``
        (services linked both ways, related articles ranked), and return the pages of
        every object whose links to other content changed; None when Pelican must run
        (two articles share a translation id, and a date moved). The list pages that
        show something else now are made again after (``remake_lists``).

        The edited items' own pages, and every page that listed them, are already
        chosen: their records name the files."""
        from engine import index_term_lists
        from site_core import all_contents
        from site_core.compat import group_by_terms, order_by_date_again

        generators = self.state.generators
        articles = self.articles_generator()
        if articles is None:
            return None
        contents = all_contents(generators)
        links = self.state.registry.term_links
        neighbours = NEIGHBORS_PLUGIN in (self.settings.get("PLUGINS") or ())
        names = tuple(name for _link, attributes in links for name in attributes) \
            + (NEIGHBOURS if neighbours else ())
        links_before = [links_of(item, names) for item in contents]
        if moved and not order_by_date_again(articles):
            return None
        group_by_terms(articles)
        index_term_lists(articles)  # as after Pelican's grouping (postprocess.index_terms)
        if neighbours:
            from pelican.plugins.neighbors.neighbors import neighbors

            neighbors(articles)  # at article_generator_finalized: it sorts each category's list
        for link, _attributes in links:
            link(generators)
        relinked = {id(item) for item, before in zip(contents, links_before, strict=True)
                    if links_of(item, names) != before}
        pages = [job for job in self.jobs.values()
                 if id(job.extra.get("article") or job.extra.get("page")) in relinked]
        # An article's page is written with its category as an argument (Pelican's
        # generate_articles): the edited ones' name the new one.
        edited_ids = {id(item) for item in items}
        for job in self.jobs.values():
            if id(job.extra.get("article")) in edited_ids and "category" in job.extra:
                job.extra["category"] = job.extra["article"].category
        return pages

    def articles_generator(self):
        from pelican.generators import ArticlesGenerator

        return next((generator for generator in self.state.generators
                     if isinstance(generator, ArticlesGenerator)), None)

    def list_pages_of(self, lists: dict[str, set[str]], moved: bool) -> set[str]:
        """The list pages of the last build that ``remake_lists`` makes again: those of
        the topics, categories and authors ``lists`` names (``changed_lists``) and, after
        a date moved, the site-wide lists."""
        site_lists = template_names(self.articles_generator(),
                                    (*SITE_LIST_TEMPLATES, *self.settings["DIRECT_TEMPLATES"])) \
            if moved else set()
        return {name for name, job in self.jobs.items() if "article" not in job.extra and (
            any(getattr(job.extra.get(key), "slug", None) in lists[key] for key in lists)
            or getattr(job.template, "name", None) in site_lists)}

    def remake_lists(self, items: list, lists: dict[str, set[str]], moved: bool,
                     old: set[str]) -> list:
        """Make again, through our writer, the list pages of the topics, categories and
        authors ``lists`` names (and, after a date moved, the site-wide lists), in place
        of their pages of the last build (``old``); take out of the preview those the
        site no longer has (a list got shorter, a topic or category lost its last
        article); return the pages made that show something else now or show ``items``.

        A topic or category the article stays in lists it where it did: its pages name
        the file. Those it joined or left are made again; after a date edit, every list
        that holds it too: it may stand elsewhere in them. Lists without it keep their
        order, so they are not made again."""
        made = self.new_jobs(partial(list_pages, self.articles_generator(), lists, moved))
        self.forget_pages(old - set(made))
        self.jobs.update(made)
        # Of a list's pages, those before the place the article joins or leaves show
        # what they showed (the same record, no edited file): they stay as written.
        edited = {item.source_path for item in items}
        changed = []
        for name, job in made.items():
            record, shows = record_of(ChainMap(job.extra, job.context))
            if record != self.shown.get(name, (None, None))[0] or not edited.isdisjoint(shows):
                changed.append(job)
        return changed

    def forget_pages(self, names: set[str]) -> None:
        """Pages the site no longer has: their files go from the preview (so that its
        sitemap, which lists the pages on disk, and its links are a full build's), with
        their folders when nothing else is in them, and the session forgets them."""
        output = os.path.abspath(self.settings["OUTPUT_PATH"])
        for name in names:
            self.jobs.pop(name, None)
            self.shown.pop(name, None)
            path = os.path.join(output, name)
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
            folder = os.path.dirname(path)
            while folder.startswith(output + os.sep) and os.path.isdir(folder) \
                    and not os.listdir(folder):
                os.rmdir(folder)
                folder = os.path.dirname(folder)

    def new_jobs(self, generate) -> dict[str, object]:
        """The render jobs that ``generate(write)`` (a generator's method) asks the writer
        for, by output file, not yet rendered nor noted as this session's pages."""
        from engine import SiteWriter

        settings = self.state.settings
        self.collecting = {}
        try:
            # As Pelican's generate_pages hands its writer to each generate_* method.
            generate(partial(SiteWriter(settings["OUTPUT_PATH"], settings=settings).write_file,
                             relative_urls=settings["RELATIVE_URLS"]))
        finally:
            made, self.collecting = self.collecting, None
        return made

    def note_what_pages_show(self, pages: list) -> None:
        """Each rendered page's record of what it shows, now that links changed."""
        for job in pages:
            self.shown[job.output_name] = record_of(ChainMap(job.extra, job.context))

    def read_again(self, edit: Edit) -> bool:
        """Give the edited object the text of its file as the last build's readers read
        it now, and its title, summary, dates, tags, services and category if its front
        matter changed; False when that cannot be done (the full build reports why)."""
        from engine import analysis_of
        from site_core.compat import forget_rendered_text, raw_html, set_raw_html, set_summary

        path, item, header_changed = edit.path, edit.item, edit.header is not None
        try:
            fresh = self.state.readers.read_file(
                base_path=self.settings["PATH"], path=os.path.relpath(path, self.settings["PATH"]),
                content_class=type(item), context=self.context)
        except Exception:  # noqa: BLE001 - the full build reports it properly
            return False
        if fresh is None or not raw_html(fresh):
            return False
        if header_changed and ((fresh.slug, fresh.url, fresh.save_as, fresh.status)
                               != (item.slug, item.url, item.save_as, item.status)
                               or "summary" not in fresh.metadata):
            return False
        set_raw_html(item, raw_html(fresh))
        for name in BODY_ATTRIBUTES:
            if hasattr(fresh, name):
                setattr(item, name, getattr(fresh, name))
        item.metadata["front_matter_analyses"] = fresh.metadata.get("front_matter_analyses")
        if header_changed:
            item.title, item.metadata["title"] = fresh.title, fresh.metadata["title"]
            set_summary(item, fresh.metadata["summary"])
            item.refresh_metadata_intersite_links()  # the summary's {filename} links
            # The dates as read (clinical_review works out the review state), and the lines
            # of the fields, which a new line moves.
            for name in ("front_matter_lines", *DATE_FIELDS, "tags", "services"):
                if name in fresh.metadata:
                    setattr(item, name, getattr(fresh, name))
                    item.metadata[name] = fresh.metadata[name]
                else:
                    item.metadata.pop(name, None)
                    item.__dict__.pop(name, None)
            # Without a category in the front matter the folder gives it (content_model,
            # before Pelican groups the articles): the object keeps it (the edit of the
            # field away from it runs Pelican: header_edit_is_quick).
            if edit.fields.get("category"):
                item.category = item.metadata["category"] = fresh.category
            # Its place in date order (relink_terms puts the lists in order again).
            item.date, item.locale_date = fresh.date, fresh.locale_date
            item.metadata["date"] = fresh.metadata["date"]
            if hasattr(fresh, "locale_modified"):  # Pelican's, made of `modified` as read
                item.locale_modified = fresh.locale_modified
            else:
                item.__dict__.pop("locale_modified", None)
        forget_rendered_text(item)
        return analysis_of(item, "content_lint") is not None


class _Build:
    """What the search index step reads of a Pelican run: its settings and output."""

    def __init__(self, settings: dict):
        self.settings, self.output_path = settings, settings["OUTPUT_PATH"]


def other_files_changed(before: dict[str, int], now: dict[str, int]) -> bool:
    """Whether a content file other than Markdown was added, removed or saved
    between two snapshots (path -> modification time)."""
    def others(snapshot):
        return {path: stamp for path, stamp in snapshot.items() if not path.endswith(MARKDOWN)}

    return others(before) != others(now)


def header_of(path: str) -> str | None:
    """A Markdown file's front matter block, as text (not parsed: every full rebuild
    notes it for every file); None if the file has none or cannot be read."""
    from site_core.compat import HEADER_RE

    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    match = HEADER_RE.match(text)
    return text[: match.start("content")] if match else None


def front_matter_fields(header: str) -> dict | None:
    """The fields of a front matter block (as ``header_of`` returns it); None when it
    does not parse cleanly."""
    from front_matter import parse_front_matter

    try:
        fields, _lines, _body, problems = parse_front_matter(header, "")
    except Exception:  # noqa: BLE001 - unreadable: the full build names the problem
        return None
    return None if problems else fields


def changed_lists(items: list, before: list[tuple], moved: bool) -> dict[str, set[str]]:
    """The slugs of the topics ("tag"), categories and authors whose list pages are made
    again after an edit of ``items`` (``before``: their ``terms_of`` as last built): the
    topics and categories they joined or left and, after a date moved (``moved``), every
    topic, category and author that holds them."""
    now = list(map(terms_of, items))
    slugs = {key: {slug for was, is_now in zip(before, now, strict=True)
                   for slug, _name in set(was[place]) ^ set(is_now[place])}
             for place, key in ((0, "tag"), (2, "category"))}
    slugs["author"] = set()
    if moved:
        for item, (tags, _services, category) in zip(items, now, strict=True):
            slugs["tag"].update(slug for slug, _name in tags)
            slugs["category"].update(slug for slug, _name in category)
            slugs["author"].update(author.slug for author in getattr(item, "authors", None) or ())
    return slugs


def unique_pages(pages: list) -> list:
    """Render jobs, one per output file (the last job given for it), in first-seen order."""
    return list({job.output_name: job for job in pages}.values())


def list_pages(articles, slugs: dict[str, set[str]], site_lists: bool, write) -> None:
    """The list pages of Pelican's ArticlesGenerator of the topics, categories and
    authors ``slugs`` names (and with ``site_lists``, its direct templates and period
    archives), asked of ``write`` as its ``generate_pages`` asks them, on its lists cut
    down to those terms."""
    tags, categories, authors = articles.tags, articles.categories, articles.authors
    articles.tags = {tag: listed for tag, listed in tags.items() if tag.slug in slugs["tag"]}
    articles.categories = [(category, listed) for category, listed in categories
                           if category.slug in slugs["category"]]
    articles.authors = [(author, listed) for author, listed in authors if author.slug in slugs["author"]]
    try:
        if site_lists:
            articles.generate_period_archives(write)
            articles.generate_direct_templates(write)
        articles.generate_tags(write)
        articles.generate_categories(write)
        articles.generate_authors(write)
    finally:
        articles.tags, articles.categories, articles.authors = tags, categories, authors


def template_names(generator, names) -> set[str]:
    """The file names of the generator's templates ``names`` that the theme has."""
    from pelican.generators import PelicanTemplateNotFound

    found = set()
    for name in names:
        with contextlib.suppress(PelicanTemplateNotFound):
            found.add(generator.get_template(name).name)
    return found


def terms_of(item) -> tuple[tuple, tuple, tuple]:
    """An article's tags (slug and name: the first article's name names a topic page),
    services as written, and category (slug and name)."""
    services = getattr(item, "services", None) or ()
    category = getattr(item, "category", None)
    return (tuple((tag.slug, str(tag)) for tag in getattr(item, "tags", None) or ()),
            (services,) if isinstance(services, str) else tuple(services),
            ((category.slug, str(category)),) if category is not None else ())


def links_of(item, names: tuple[str, ...]) -> tuple[tuple, ...]:
    """The other content objects an object's attributes ``names`` list or are (related
    articles, service pages, a service's articles, neighbours): what ``relink_terms``
    compares. Content objects compare by identity (Pelican's content classes define no
    ``__eq__``), so two results are equal when they hold the same objects in order."""
    found = []
    for name in names:
        value = getattr(item, name, None)
        found.append(() if value is None else tuple(value) if isinstance(value, (list, tuple))
                     else (value,))  # one object: a neighbour
    return tuple(found)


def record_of(localcontext: Mapping) -> tuple[tuple | None, set[str]]:
    """A page's dependency record and the source files of the content it shows ({"*"}
    for site-wide pages). The record is the render cache's
    (plugins/engine/render_cache.py): one record of what a page shows serves live
    rebuilds and production builds."""
    from engine import dependency_record, sources_of

    record = dependency_record(localcontext)
    return record, sources_of(record)


def serve_live(site: LiveSite, watched: list[Path], port: int = PORT, host: str = HOST) -> None:
    """Serve the session's output and refresh open pages after each rebuild.

    The livereload package serves the pages and tells them to reload, but it
    notices changes by polling every 0.8 seconds. watchfiles hears of them from
    the kernel (inotify) at once, so a saved file is rebuilt straight away.
    """
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    server = Server()
    server.SFH = page_handler(site)  # pages pass through site.page_additions
    # Given nothing to watch, the server would poll the whole working folder
    # (.venv and node_modules too) every 0.8 s and reload pages when the build's
    # cache changes: give it one path that never changes instead.
    server.watch(str(Path(site.settings["OUTPUT_PATH"]) / ".livereload-watches-nothing"))
    site.settle_memory()
    loop = IOLoop.current()  # the loop that server.serve() runs, in this thread
    site.reload_pages = partial(loop.add_callback, LiveReloadHandler.reload_waiters)
    threading.Thread(target=rebuild_on_change, args=(site, watched), daemon=True).start()
    server.serve(host=host, port=port, root=site.settings["OUTPUT_PATH"])


def rebuild_on_change(site: LiveSite, watched: list[Path]) -> None:
    from watchfiles import watch

    settling = None
    for _changes in watch(*watched, debounce=50, step=20):
        if settling is not None:
            settling.cancel()
        # With no argument the site finds the edited content files itself.
        site.rebuild()
        site.tell_open_pages()  # unless the rebuild did, when the open pages were written
        gc.freeze()  # the next rebuild's collections skip this one's objects
        settling = threading.Timer(SETTLE_AFTER_S, site.settle_memory)
        settling.daemon = True
        settling.start()
