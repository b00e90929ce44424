"""Reading aids for an article: reading time, a contents list and related articles.

- ``article.reading_minutes``: words of the text (not the markup) at
  ``words_per_minute``, rounded up, at least 1. The pelican-readtime plugin counts
  the HTML tags as words and rounds short articles down to 0 minutes.
- ``article.contents``: ``[{"id", "title"}]`` for each section (a top-level h2
  with an id), or ``[]`` when there are fewer than ``contents_from`` sections.
- ``article.related``: up to ``related`` published articles sharing the most tags
  and services with it, newest first among equals. The related-posts plugins
  compare tags only, and services are half of what makes articles related here.

Previous and next links come from the official pelican-neighbors plugin.

Reading time and the contents list depend only on the file's HTML, so they are
worked out where the front matter reader converts the file (on every core) and
cached with it; content from any other reader is measured here.

Setting (merged over DEFAULTS):
    READING_AIDS = {"words_per_minute": 200, "contents_from": 3, "related": 3}
"""

from __future__ import annotations

import math
from collections import defaultdict

import lxml.html
from pelican import signals
from pelican.contents import Article

from site_core import Analysis, Provides, plugin_settings
from site_core.compat import raw_html

DEFAULTS = {"words_per_minute": 200, "contents_from": 3, "related": 3}


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "READING_AIDS", DEFAULTS)
    for name, value in merged.items():
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"READING_AIDS: {name} must be a whole number above 0, not {value!r}")
    return merged


def _fragment(html: str):
    return lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")


def reading_minutes(html: str, words_per_minute: int = 200) -> int:
    words = len(_fragment(html).text_content().split())
    return max(1, math.ceil(words / words_per_minute))


def contents_list(html: str, minimum: int = 3) -> list[dict]:
    """The article's sections: h2 headings at the top level or in a section-heading wrapper.

    Headings inside content blocks (key points, warnings) are labels, not sections.
    """
    root = _fragment(html)
    sections = [
        {"id": heading.get("id"), "title": heading.text_content().strip()}
        for heading in root.iter("h2")
        if heading.get("id") and (
            heading.getparent() is root or "section-heading" in heading.getparent().classes)
    ]
    return sections if len(sections) >= minimum else []


def _keys(article) -> set[str]:
    tags = {f"tag:{tag.slug}" for tag in getattr(article, "tags", None) or []}
    services = getattr(article, "service_pages", None) or []
    return tags | {f"service:{service.slug}" for service in services}


class RelatedIndex:
    """Which candidates share tags or services, built once for a whole site.

    Scoring every pair is quadratic: over a minute at 1,000 articles. Counting
    through an inverted index still touched every article sharing a service,
    millions of Python steps at 5,000 articles. So each tag and service keeps
    a bitmask of the candidates that have it (one Python int, bit r for the
    r-th newest), and an article's shared counts come from a few whole-mask
    operations done in C; the newest candidates are the lowest set bits.
    """

    def __init__(self, candidates: list):
        # Newest first; among equal dates, first in the list (sort is stable).
        self.by_rank = sorted(candidates, key=lambda candidate: candidate.date, reverse=True)
        self.masks: dict[str, int] = defaultdict(int)
        self.same_source: dict[str, int] = defaultdict(int)
        for rank, candidate in enumerate(self.by_rank):
            bit = 1 << rank
            for key in _keys(candidate):
                self.masks[key] |= bit
            self.same_source[candidate.source_path] |= bit

    def related(self, article, limit: int = 3) -> list:
        """The candidates sharing most tags and services with the article, newest first."""
        # at_least[j]: the candidates that have at least j + 1 of the article's keys.
        at_least: list[int] = []
        for key in sorted(_keys(article)):
            mask = self.masks.get(key, 0)
            at_least.append(0)
            for j in range(len(at_least) - 1, 0, -1):
                at_least[j] |= at_least[j - 1] & mask
            at_least[0] |= mask
        excluded = self.same_source.get(article.source_path, 0)
        found: list = []
        higher = 0
        for level in reversed(at_least):  # most keys shared first
            exact = level & ~higher & ~excluded
            higher |= level
            while exact and len(found) < limit:
                lowest = exact & -exact  # the newest among them
                found.append(self.by_rank[lowest.bit_length() - 1])
                exact ^= lowest
            if len(found) >= limit:
                break
        return [other for other in found if other is not article]


def related_articles(article, candidates: list, limit: int = 3) -> list:
    """Pure: the candidates sharing most tags and services with the article, newest first."""
    return RelatedIndex(candidates).related(article, limit)


def measure(html: str, config: dict) -> dict:
    return {"reading_minutes": reading_minutes(html, config["words_per_minute"]),
            "contents": contents_list(html, config["contents_from"])}


def analyse_file(_source: str, record: dict, config: dict) -> dict:
    """The front matter reader's hook: measure where the file is converted."""
    return measure(record["html"], config)


def analysis_fingerprint(settings: dict) -> str:
    config = settings_for(settings)
    return f"{config['words_per_minute']}/{config['contents_from']}"


def add_reading_aids(content) -> None:
    """Sets each article's reading time and contents list (measured where it was converted)."""
    if not isinstance(content, Article):
        return
    from engine import analysis_of

    measured = analysis_of(content, "reading_aids")
    if measured is None:
        # the rendered body, before URLs are replaced
        measured = measure(raw_html(content), settings_for(content.settings))
    content.reading_minutes = measured["reading_minutes"]
    content.contents = measured["contents"]


def add_related(generators) -> None:
    """Ranks each article's related articles by shared tags and services."""
    # After all generators, so that the services plugin has linked service_pages.
    for generator in generators:
        published = getattr(generator, "articles", None)
        if published is None:
            continue
        limit = settings_for(generator.settings)["related"]
        index = RelatedIndex(published)
        for article in published + getattr(generator, "drafts", []):
            article.related = index.related(article, limit)


PROVIDES = Provides(
    analyses=(Analysis("reading_aids", analyse_file, analysis_fingerprint, settings_for),),
    # A live session ranks related articles again after an edit of tags or services.
    term_links=((add_related, ("related",)),))


def register():
    signals.content_object_init.connect(add_reading_aids)
    signals.all_generators_finalized.connect(add_related)
