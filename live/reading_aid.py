"""The reading aid in the live preview (`invoke livereload --plain`).

A page addition (see overlay.py): as an article or page is served, its text gets
the plain-language marks and panel of ``plain_language.preview.mark_page``, with
the reading target of that article's type and category. Pages are marked as they
are sent, never in a file, so no build, local or production, contains the aid.
"""

from __future__ import annotations


def served_content(site):
    """The article or page the page being served shows, from the last build's jobs."""
    job = site.jobs.get(getattr(site, "serving", ""))
    if job is None:
        return None
    return job.extra.get("article") or job.extra.get("page")


def reading_aid(page: bytes, site) -> bytes:
    """A page addition: the page with the reading aid, if it shows English text."""
    from plain_language import kind_of, mark_page, plain_setup, settings_for, target_for

    content = served_content(site)
    if content is None or getattr(content, "plain_language", None) is None:
        return page
    rules, index = plain_setup(site.settings)
    settings = settings_for(site.settings)
    target = target_for(kind_of(content), str(getattr(content, "category", "") or ""), settings)
    return mark_page(page.decode("utf-8"), index, {**rules}, target).encode("utf-8")
