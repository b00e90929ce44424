"""Service pages: a page kind of their own, linked both ways with articles.

Pages under ``content/<SERVICES["path"]>/`` are published at their own URL
(``/services/<slug>/``) with the ``service`` template. An article names the
services it is about with ``services: [slug, ...]`` in its front matter; each
service page then lists those articles, and each article links its services.
Pelican has one URL pattern for all pages and no official plugin adds a page
kind, hence our own.

Setting (merged over DEFAULTS):
    SERVICES = {"path": "services", "url": "services/{slug}/",
                "save_as": "services/{slug}/index.html", "template": "service"}
"""

from __future__ import annotations

import os

from pelican import signals
from pelican.contents import Article, Page

from site_core import Problem, Provides, display_path, plugin_settings, report

DEFAULTS = {
    "path": "services",
    "url": "services/{slug}/",
    "save_as": "services/{slug}/index.html",
    "template": "service",
}


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "SERVICES", DEFAULTS)


def is_service_source(source_path: str, content_path: str, services_folder: str) -> bool:
    relative = os.path.relpath(source_path, content_path)
    return relative.split(os.sep)[0] == services_folder


def mark_service_page(content) -> None:
    """Gives pages from content/services/ their own URL, save_as and template."""
    if not isinstance(content, Page):
        return
    config = settings_for(content.settings)
    if not is_service_source(content.source_path, content.settings["PATH"], config["path"]):
        return
    content.is_service = True
    content.override_url = config["url"].format(slug=content.slug)
    content.override_save_as = config["save_as"].format(slug=content.slug)
    if "template" not in content.metadata:
        content.template = config["template"]


def service_slugs_of(article) -> list[str]:
    value = getattr(article, "services", None) or []
    return [value] if isinstance(value, str) else [str(slug) for slug in value]


def link_services(services: list, articles: list) -> list[Problem]:
    """Give each article its ``service_pages`` and each service its ``articles``.

    Returns a problem for every service slug that names no service page.
    """
    by_slug = {service.slug: service for service in services}
    for service in services:
        service.articles = []
    problems = []
    for article in articles:
        article.service_pages = []
        for slug in service_slugs_of(article):
            service = by_slug.get(slug)
            if service is None:
                line = getattr(article, "front_matter_lines", {}).get("services", 1)
                problems.append(
                    Problem(
                        display_path(article.source_path), line, "services",
                        f"there is no service page with the slug '{slug}'",
                        "Use one of: " + ", ".join(sorted(by_slug)) + ".",
                    )
                )
                continue
            article.service_pages.append(service)
            # A service page lists each article once, in the site's language.
            if article.status == "published" and getattr(article, "in_default_lang", True):
                service.articles.append(article)
    for service in services:
        service.articles.sort(key=lambda article: article.date, reverse=True)
    return problems


def connect_services(generators) -> None:
    """Links articles and service pages both ways (article.service_pages,
    page.articles); reports unknown slugs."""
    pages, articles, context = [], [], None
    for generator in generators:
        context = generator.context
        pages += getattr(generator, "pages", []) + getattr(generator, "hidden_pages", [])
        pages += getattr(generator, "draft_pages", [])
        articles += getattr(generator, "articles", []) + getattr(generator, "drafts", [])
        articles += getattr(generator, "hidden_articles", [])
        for name in ("translations", "drafts_translations", "hidden_translations"):
            articles += getattr(generator, name, [])
    services = sorted(
        (page for page in pages if getattr(page, "is_service", False)),
        key=lambda page: page.title,
    )
    for problem in link_services(services, [a for a in articles if isinstance(a, Article)]):
        report(problem)
    if context is not None:
        context["services"] = [s for s in services if s.status == "published"]


# A live session links articles and services again after an edit of an article's services.
PROVIDES = Provides(term_links=((connect_services, ("service_pages", "articles")),))


def register():
    signals.content_object_init.connect(mark_service_page)
    signals.all_generators_finalized.connect(connect_services)
