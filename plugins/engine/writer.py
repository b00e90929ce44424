"""Pelican's writer, with rendering deferred to the post-processing pass.

Differences from ``pelican.writers.Writer.write_file``, whose pagination this
copies: a page is not rendered when a generator asks for it; the writer queues
a ``RenderJob`` and the pass renders every queued page at ``finalized``, on
every core (see ``postprocess.Pass.finish``). The rendered page goes from
memory to the pass (no write and read back), the pass writes a file only if
its bytes changed, and a live session (``invoke livereload``) may skip pages
that the edit cannot have changed.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from dataclasses import dataclass

from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from site_core import build_state
from site_core.compat import written_files

logger = logging.getLogger(__name__)


def own_variables(context: dict, output_name: str, relative_urls: bool) -> dict:
    """What Pelican's writer sets for one page over the shared context, below the
    page's own arguments."""
    own = {"localsiteurl": context.get("localsiteurl"), "output_file": output_name}
    if relative_urls:
        relative_url = path_to_url(get_relative_path(output_name))
        own["SITEURL"] = own["localsiteurl"] = relative_url
    return own


def localcontext_for(context: dict, output_name: str, extra: dict, relative_urls: bool) -> dict:
    """The variables of one page's template, as Pelican's writer makes them."""
    localcontext = context.copy()
    localcontext.update(own_variables(context, output_name, relative_urls))
    localcontext.update(extra)
    return localcontext


def page_view(context: dict, output_name: str, extra: dict, relative_urls: bool) -> ChainMap:
    """The same variables as a view over the shared context, for what reads a queued
    page's variables before it is rendered (its dependency record, and
    ``content_written`` once it is written): a copy of the whole context for every
    page was 16,000 dicts and 60 MB at 5,000 articles, held to the end of the build."""
    return ChainMap(extra, own_variables(context, output_name, relative_urls), context)


@dataclass
class RenderJob:
    """One page to render: the template and what to build its variables from.

    The variables themselves are built again when the page is rendered: a
    copy of the whole context for every queued page would cost tens of
    megabytes on a large site.
    """

    path: str  # where the page is written
    output_name: str  # relative to the output folder
    template: object
    context: dict  # the generators' shared context
    extra: dict
    relative_urls: bool
    key: str | None = None  # the render cache's key (engine.render_cache), if it has one
    cached_file: str | None = None  # the cached bytes, when the key is the last build's

    def render(self) -> str:
        localcontext = localcontext_for(self.context, self.output_name, self.extra,
                                        self.relative_urls)
        if localcontext["localsiteurl"]:
            # Pelican's writer does this for links in content rendered lazily.
            self.context["localsiteurl"] = localcontext["localsiteurl"]
        return self.template.render(localcontext)


class SiteWriter(Writer):
    """Pelican's writer, but queuing pages for the post-processing pass.

    The pass and the live session are the build state's (``site_core.build``):
    the writer reads them there, so this module imports nothing of its own
    package and the two modules do not import each other."""

    def _claim(self, path: str, override: bool) -> bool:
        """Writer._open_w's rules for writing one path twice; False: skip it."""
        written, overridden = written_files(self)
        if path in overridden:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in written and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it '
                "previously (set `override=True` if intended)"
            )
        if override:
            overridden.add(path)
        written.add(path)
        return True

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):
        """Pelican's, but a feed the render cache holds is taken from it (the pass's
        ``write_feed``)."""
        def write():
            return super(SiteWriter, self).write_feed(elements, context, path, url, feed_type,
                                                      override_output, feed_title)

        render_pass = build_state(self.settings).render_pass
        if not path or render_pass is None:
            return write()
        complete_path = sanitised_join(self.output_path, path)
        return render_pass.write_feed(
            complete_path, str(path), elements[: self.settings["FEED_MAX_ITEMS"]],
            (feed_type, str(url or ""), str(feed_title or "")), context, write,
            lambda: self._claim(complete_path, override_output))

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        if not name:
            return
        state = build_state(self.settings)
        session = state.live

        def queue(output_name, extra):
            path = sanitised_join(self.output_path, output_name)
            job = RenderJob(path, output_name, template, context, extra, relative_urls)
            # A live session asks first: it renders few of the pages, and a page's own
            # variables (its relative SITEURL, a path computed per page) cost more than
            # its question needs: the page's arguments over the shared context, as a view
            # (a merged copy of the context was 8,000 copies at 5,000 articles).
            if session is not None:
                view = ChainMap(extra, context)
                if not session.wants(output_name, view, job):
                    # The page stays as the last build wrote it (or is the session's to
                    # render): it is still one of the site's pages (the sitemap lists it).
                    signals.content_written.send(path, context=view)
                    return
            if not self._claim(path, override_output):
                return
            state.render_pass.queue(job, page_view(context, output_name, extra, relative_urls))
            logger.info('Writing "%s"', path)

        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}

        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = (
                self.settings["PAGINATED_TEMPLATES"][template_name]
                or self.settings["DEFAULT_PAGINATION"]
            )
            paginators = {
                key: Paginator(name, url, value, self.settings, per_page)
                for key, value in paginated.items()
            }
            # Each page object is made once and shown as "this page" and as its
            # neighbours' previous and next (Pelican makes three of each; 5,000 articles
            # make about six thousand list pages).
            # The first list sets the page count. Another may be shorter (a term's dates
            # hold each article once): as in Pelican's, its pages past the end are empty.
            count = next(iter(paginators.values())).num_pages
            pages = {key: [paginator.page(number + 1)
                           for number in range(max(count, paginator.num_pages))]
                     for key, paginator in paginators.items()}
            for page_num in range(count):
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    page = pages[key][page_num]
                    paginated_kwargs.update({
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": pages[key][page_num - 1] if page_num else None,
                        f"{key}_next_page": (
                            pages[key][page_num + 1]
                            if page_num + 1 < paginator.num_pages else None
                        ),
                    })
                queue(page.save_as, paginated_kwargs)
        else:
            queue(name, kwargs)


class MemberList(list):
    """A list whose ``in`` is a set lookup (by identity, as for content objects, which
    compare by identity): Pelican's tag, category and author pages each keep the
    archive's articles that are ``in`` the term's list, a scan of that list per
    article. With 5,000 articles and 44 tags that was 1.4 s of every build."""

    def __contains__(self, item) -> bool:
        members = self.__dict__.get("members")
        if members is None or members[0] != len(self):
            members = self.__dict__["members"] = (len(self), {id(member) for member in self})
        return id(item) in members[1]


def index_term_lists(generator) -> None:
    """Each tag's, category's and author's list of articles becomes a MemberList."""
    for name in ("tags", "categories", "authors"):
        terms = getattr(generator, name, None)
        if isinstance(terms, dict):
            for term, articles in terms.items():
                terms[term] = MemberList(articles)
        elif isinstance(terms, list):
            terms[:] = [(term, MemberList(articles)) for term, articles in terms]
