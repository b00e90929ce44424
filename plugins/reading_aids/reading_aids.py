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

import heapq
import math
from collections import Counter, defaultdict

import lxml.html
from pelican import signals

from guardrails import plugin_settings
from pelican.contents import Article

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

    Scoring every pair would be quadratic (over a minute at 1,000 articles); an
    inverted index from each tag and service to its articles touches only the
    articles that share something.
    """

    def __init__(self, candidates: list):
        self.candidates = candidates
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for position, candidate in enumerate(candidates):
            for key in _keys(candidate):
                self.by_key[key].append(position)

    def related(self, article, limit: int = 3) -> list:
        """The candidates sharing most tags and services with the article, newest first."""
        shared = Counter()
        for key in _keys(article):
            shared.update(self.by_key.get(key, ()))
        candidates = self.candidates
        # Most shared first, then newest, then first in the list: the same
        # answer on every run whatever order the keys were counted in.
        best = heapq.nlargest(
            limit + 1,  # one more, in case the article itself is among them
            ((score, candidates[position].date, -position) for position, score in shared.items()),
        )
        found = [candidates[-negated] for _score, _date, negated in best]
        return [other for other in found
                if other is not article and other.source_path != article.source_path][:limit]


def related_articles(article, candidates: list, limit: int = 3) -> list:
    """Pure: the candidates sharing most tags and services with the article, newest first."""
    return RelatedIndex(candidates).related(article, limit)


def measure(html: str, config: dict) -> dict:
    return {"reading_minutes": reading_minutes(html, config["words_per_minute"]),
            "contents": contents_list(html, config["contents_from"])}


def analyse_file(_source: str, record: dict, settings: dict) -> dict:
    """The front matter reader's hook: measure where the file is converted."""
    return measure(record["html"], settings_for(settings))


def analysis_fingerprint(settings: dict) -> str:
    config = settings_for(settings)
    return f"{config['words_per_minute']}/{config['contents_from']}"


def add_reading_aids(content) -> None:
    if not isinstance(content, Article):
        return
    measured = (getattr(content, "front_matter_analyses", None) or {}).get("reading_aids")
    if measured is None:
        # the rendered body, before URLs are replaced
        measured = measure(content._content, settings_for(content.settings))  # noqa: SLF001
    content.reading_minutes = measured["reading_minutes"]
    content.contents = measured["contents"]


def add_related(generators) -> None:
    # After all generators, so that the services plugin has linked service_pages.
    for generator in generators:
        published = getattr(generator, "articles", None)
        if published is None:
            continue
        limit = settings_for(generator.settings)["related"]
        index = RelatedIndex(published)
        for article in published + getattr(generator, "drafts", []):
            article.related = index.related(article, limit)


def register():
    from front_matter import converted

    converted.add_analysis("reading_aids", analyse_file, analysis_fingerprint)
    signals.content_object_init.connect(add_reading_aids)
    signals.all_generators_finalized.connect(add_related)
