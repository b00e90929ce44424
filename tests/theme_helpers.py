"""What the theme tests share: one page of every template type, and how to open it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One page of every template type, as paths relative to the output folder.
TEMPLATE_PAGES = {
    "home": "",
    "article": "articles/everything-about-dry-needling/",
    "article-with-blocks": "drafts/low-back-pain-what-helps/",
    "page": "about/",
    "service": "services/physiotherapy/",
    "contact": "contact/",
    "article-index": "articles/",
    "category": "categories/treatments/",
    "tag": "topics/dry-needling/",
    "author": "authors/apollo-clinic/",
    "archives": "articles/archive/",
    "categories": "categories/",
    "tags": "topics/",
    "authors": "authors/",
    "services": "services/",
    "404": "404.html",
}

OPEN_ALL_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
HORIZONTAL_OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(0, 5)};
}"""


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(node["html"][:160] for node in v["nodes"][:3])
        for v in violations
    )
