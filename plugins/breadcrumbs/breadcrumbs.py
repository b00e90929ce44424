"""Breadcrumbs: one trail per page, shared by the visible links and the JSON-LD.

``trail_for(template_context)`` returns the trail from the home page to the
current page as ``[{"name": ..., "url": ...}]``, with URLs relative to the site
root, so the visible breadcrumbs and the ``BreadcrumbList`` structured data can
never disagree. Templates call the Jinja global ``breadcrumbs()``.
Pelican has no notion of a trail and no official plugin gives one for every
page type, hence our own.
"""

from __future__ import annotations

from jinja2 import pass_context
from pelican import signals

from site_core import plain_text


def crumb(name, url: str) -> dict:
    return {"name": plain_text(name), "url": url, "theme_word": False}


def theme_crumb(name: str, url: str) -> dict:
    """A crumb named by the theme ("Home", "Articles"): the template translates it into
    the page's language (titles and category names are content and stay as written)."""
    return {"name": name, "url": url, "theme_word": True}


def trail_for(context) -> list[dict]:
    """The trail for the page being rendered; pure, reads only the template context."""
    home = theme_crumb("Home", "")
    articles = theme_crumb("Articles", context.get("INDEX_URL", "articles/"))
    output_file = context.get("output_file", "")
    article, page = context.get("article"), context.get("page")
    if article is not None:
        trail = [home, articles]
        # A draft's category may have no page yet: only published articles make one.
        if getattr(article, "category", None) and getattr(article, "status", "") != "draft":
            # A translation's category is its English article's, named in English.
            category = crumb(article.category, article.category.url)
            if getattr(article, "original", None) is not None:
                category["lang"] = article.original.lang
            trail.append(category)
        return [*trail, crumb(article.title, article.url)]
    if page is not None and hasattr(page, "title"):
        if getattr(page, "is_service", False):
            services = theme_crumb("Services", context.get("SERVICES_URL", "services/"))
            return [home, services, crumb(page.title, page.url)]
        return [home, crumb(page.title, page.url)]
    for kind, parent, parent_url in (
        ("category", "Categories", "CATEGORIES_URL"),
        ("tag", "Topics", "TAGS_URL"),
    ):
        term = context.get(kind)
        if term is not None and hasattr(term, "url"):
            return [home, articles, theme_crumb(parent, context.get(parent_url, "")),
                    crumb(term, term.url)]
    author = context.get("author")
    if author is not None and hasattr(author, "url"):
        return [home, theme_crumb("Authors", context.get("AUTHORS_URL", "authors/")),
                crumb(author, author.url)]
    direct = {
        context.get("INDEX_SAVE_AS"): [articles],
        context.get("ARCHIVES_SAVE_AS"): [articles, theme_crumb("By date", context.get("ARCHIVES_URL"))],
        context.get("CATEGORIES_SAVE_AS"): [articles,
                                            theme_crumb("Categories", context.get("CATEGORIES_URL"))],
        context.get("TAGS_SAVE_AS"): [articles, theme_crumb("Topics", context.get("TAGS_URL"))],
        context.get("AUTHORS_SAVE_AS"): [theme_crumb("Authors", context.get("AUTHORS_URL"))],
        context.get("SERVICES_SAVE_AS"): [theme_crumb("Services", context.get("SERVICES_URL"))],
        # An English page (its words are not in the theme's catalogs).
        context.get("REVIEWERS_SAVE_AS"): [crumb("Reviewers", context.get("REVIEWERS_URL"))],
    }
    if output_file in direct:
        return [home, *direct[output_file]]
    return [home]


@pass_context
def breadcrumbs(context) -> list[dict]:
    return trail_for(context)


def add_global(generator) -> None:
    """Templates get breadcrumbs(): one trail per page."""
    generator.env.globals["breadcrumbs"] = breadcrumbs


def register():
    signals.generator_init.connect(add_global)
