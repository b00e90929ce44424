"""sitemap.xml (sitemaps.org 0.9) and robots.txt, written once on ``finalized``.

The official ``pelican-sitemap`` plugin (1.2.x) was evaluated first. It cannot
do three things this site needs: leave out pages by front matter (``noindex:
true``) or by their robots meta (the editorial report, search, 404); take
``lastmod`` from the clinical ``last_reviewed`` date; and escape what it writes
(it fills an XML string template, so a ``&`` in a URL makes the file invalid).
So this small plugin collects each written page on ``content_written`` and
writes the XML with lxml.

A page is listed when it is not a draft and ``site_core.is_noindex`` (the same
rule that writes its ``<meta name="robots" content="noindex">``) keeps it in: the
page's context decides, so no written page is opened again. ``lastmod`` is the latest of the
page's modified, last-reviewed and published dates; listing pages carry none
(their date would be invented). Both files need absolute URLs, so they are
written only when SITEURL is absolute (production builds).

Setting (merged over DEFAULTS):
    SITEMAP = {"save_as": "sitemap.xml", "robots": True}
"""

from __future__ import annotations

import datetime
import logging
import os
import re

from lxml import etree
from pelican import signals

from clinical_review import as_date
from site_core import build_state, is_noindex, plugin_settings
from translations import language_alternates

logger = logging.getLogger(__name__)

DEFAULTS = {"save_as": "sitemap.xml", "robots": True}
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # <xhtml:link hreflang> alternates, as search engines read them

def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "SITEMAP", DEFAULTS)


def lastmod_for(item) -> datetime.date | None:
    """The latest of modified, last reviewed and published: when the page last changed."""
    dates = [as_date(getattr(item, name, None))
             for name in ("modified", "last_reviewed", "date")]
    dates = [date for date in dates if date is not None]
    return max(dates) if dates else None


def clean_url(relative_path: str) -> str:
    return re.sub(r"(?:^|(?<=/))index\.html$", "", relative_path)


def sitemap_xml(entries: list[tuple]) -> bytes:
    """The sitemap for (absolute URL, lastmod[, alternates]) entries; pure.

    ``alternates`` are (hreflang, absolute URL) pairs: every language version of
    the page, itself included, and x-default."""
    has_alternates = any(len(entry) > 2 and entry[2] for entry in entries)
    nsmap = {None: NAMESPACE, **({"xhtml": XHTML} if has_alternates else {})}
    urlset = etree.Element(f"{{{NAMESPACE}}}urlset", nsmap=nsmap)
    for loc, lastmod, *rest in entries:
        url = etree.SubElement(urlset, f"{{{NAMESPACE}}}url")
        etree.SubElement(url, f"{{{NAMESPACE}}}loc").text = loc
        if lastmod is not None:
            etree.SubElement(url, f"{{{NAMESPACE}}}lastmod").text = lastmod.isoformat()
        for hreflang, href in (rest[0] if rest else []):
            etree.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang,
                             href=href)
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def robots_txt(sitemap_url: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"


def has_absolute_address(settings: dict) -> bool:
    """Whether SITEURL is absolute: only then are the sitemap and robots.txt written."""
    return (settings.get("SITEURL", "") or "").startswith(("http://", "https://"))


def remember_page(path, context) -> None:
    """Notes each HTML page written, the article or page it shows, and whether it is
    kept out of indexes (site_core.is_noindex, as its robots meta says); nothing when
    no sitemap will be written (a live session sends this for every page it keeps)."""
    if not str(path).endswith(".html") or not has_absolute_address(build_state().settings):
        return
    written_pages()[os.path.normpath(str(path))] = (context.get("article") or context.get("page"),
                                                    is_noindex(context))


def written_pages() -> dict[str, object]:
    """This build's written pages: path -> (the article or page it shows, noindex)."""
    return build_state().part("sitemap.pages", dict)


def collect_entries(output_path: str, site_url: str, excluded: set[str]) -> list:
    entries = []
    for path, (item, noindex) in sorted(written_pages().items(), key=lambda entry: entry[0]):
        relative = os.path.relpath(path, output_path).replace(os.sep, "/")
        if noindex or relative.startswith("..") or relative in excluded or not os.path.exists(path):
            continue
        if item is not None and getattr(item, "status", "published") != "published":
            continue
        url = getattr(item, "url", None) if item is not None else None
        alternates = [(lang, f"{site_url}/{href}") for lang, href in language_alternates(item)] \
            if item is not None else []
        entries.append((f"{site_url}/{url if url is not None else clean_url(relative)}",
                        lastmod_for(item) if item is not None else None, alternates))
    return sorted(entries)


def write_files(pelican) -> None:
    """Writes sitemap.xml (no drafts, noindex pages, report or search) and robots.txt."""
    settings = pelican.settings
    options = settings_for(settings)
    site_url = settings.get("SITEURL", "") or ""
    if has_absolute_address(settings):
        excluded = {settings.get("NOTFOUND_SAVE_AS"), settings.get("SEARCH_SAVE_AS")}
        entries = collect_entries(pelican.output_path, site_url, excluded)
        sitemap_path = os.path.join(pelican.output_path, options["save_as"])
        with open(sitemap_path, "wb") as file:
            file.write(sitemap_xml(entries))
        if options["robots"]:
            with open(os.path.join(pelican.output_path, "robots.txt"), "w",
                      encoding="utf-8") as file:
                file.write(robots_txt(f"{site_url}/{options['save_as']}"))
        logger.info("sitemap: %d pages in %s", len(entries), options["save_as"])


def check_settings(pelican) -> None:
    """Checks SITEMAP."""
    settings_for(pelican.settings)


def register():
    signals.initialized.connect(check_settings)
    signals.content_written.connect(remember_page)
    signals.finalized.connect(write_files)
