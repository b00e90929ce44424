"""Walking a build's content objects, once, the same way everywhere."""

from __future__ import annotations

# Every list a Pelican generator keeps content objects in: the articles generator's,
# translations included, then the pages generator's.
ARTICLE_LISTS = ("articles", "drafts", "hidden_articles", "translations", "drafts_translations",
                 "hidden_translations")
CONTENT_LISTS = (*ARTICLE_LISTS, "pages", "hidden_pages", "draft_pages", "draft_translations")
TRUE_WORDS = ("true", "yes", "1")


def all_contents(generators, lists: tuple[str, ...] = CONTENT_LISTS) -> list:
    """Every content object in ``lists`` of every generator, sorted by source path
    (so that messages come in a stable order)."""
    contents = [content for generator in generators for name in lists
                for content in getattr(generator, name, [])]
    return sorted(contents, key=lambda content: content.source_path)


def is_noindex(page_context) -> bool:
    """Drafts, pages marked ``noindex: true``, search, 404 and the staff's editorial
    report stay out of indexes (the robots meta, the sitemap and site search)."""
    item = page_context.get("article") or page_context.get("page")
    if item is not None and hasattr(item, "metadata"):
        flag = item.metadata.get("noindex")
        if flag is True or str(flag).strip().lower() in TRUE_WORDS:
            return True
        if getattr(item, "status", "published") == "draft":
            return True
    output_file = page_context.get("output_file") or ""
    # Search pages: the site's and each language's (<lang>/search/index.html).
    return any(name and (output_file == name or output_file.endswith("/" + name))
               for name in (page_context.get("SEARCH_SAVE_AS"), page_context.get("NOTFOUND_SAVE_AS"),
                            page_context.get("EDITORIAL_REPORT_SAVE_AS")))
