"""Shared readers for the findability tests: JSON-LD blocks, the Pagefind index, a hostile article."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bs4 import BeautifulSoup

SITEMAP_XSD_SHIPPED = Path(__file__).parent / "data" / "sitemap.xsd"

# Properties each type must carry: Google's required properties for its rich
# results (LocalBusiness, BreadcrumbList, FAQPage) and schema.org's, plus what
# issue #5 asks of every article. Kept here, next to the tests that read it.
REQUIRED = {
    "MedicalClinic": ["@id", "name", "url", "address"],
    "Physiotherapy": ["@id", "name", "url", "address"],
    "WebSite": ["@id", "name", "url", "publisher"],
    "WebPage": ["@id", "url", "name", "isPartOf"],
    "CollectionPage": ["@id", "url", "name", "isPartOf"],
    "SearchResultsPage": ["@id", "url", "name", "isPartOf"],
    "MedicalWebPage": ["@id", "url", "name", "isPartOf", "lastReviewed", "reviewedBy",
                       "medicalAudience", "about"],
    "Article": ["@id", "headline", "datePublished", "dateModified", "author", "publisher",
                "mainEntityOfPage"],
    "BlogPosting": ["@id", "headline", "datePublished", "dateModified", "author", "publisher"],
    "Person": ["@id", "name"],
    "MedicalTherapy": ["@id", "name", "url"],
    "BreadcrumbList": ["itemListElement"],
    "ListItem": ["position", "name", "item"],
    "FAQPage": ["mainEntity"],
    "Question": ["name", "acceptedAnswer"],
    "Answer": ["text"],
    "PostalAddress": ["addressLocality", "addressRegion", "addressCountry"],
}

PAYLOADS = ["</script><script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
HOSTILE = ' '.join(PAYLOADS) + " 'quotes' & ampersands, Ωμέγα 東京 مرحبا"
HOSTILE_PERSON = f"""
- id: hostile-writer
  name: {json.dumps("Zoë " + HOSTILE)}
  credentials: {json.dumps("PT & " + PAYLOADS[1])}
"""


def hostile_article(slug="hostile-article", noindex=False) -> str:
    extra = "noindex: true\n" if noindex else ""
    return f"""---
title: {json.dumps("Title " + HOSTILE)}
slug: {slug}
date: 2026-11-20
modified: 2026-11-21
summary: {json.dumps("Summary " + HOSTILE)}
category: Treatments
tags: [{json.dumps("tag " + PAYLOADS[0])}, {json.dumps(PAYLOADS[1] + " tag")}, "Ωμέγα & co"]
author: hostile-writer
services: [dry-needling-ims]
reviewed_by: hostile-writer
last_reviewed: 2026-11-22
{extra}---

Body {HOSTILE}

Zanzibarquux is a word only this article contains.
"""


def type_names(node) -> list[str]:
    value = node.get("@type", [])
    return value if isinstance(value, list) else [value]


def json_ld_blocks(html: str) -> list:
    soup = BeautifulSoup(html, "lxml")
    return [json.loads(script.string) for script in
            soup.find_all("script", attrs={"type": "application/ld+json"})]


def walk(node):
    """Every dict inside a JSON value, the value itself first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def missing_properties(graph: dict) -> list[str]:
    missing = []
    for node in walk(graph["@graph"]):
        for type_name in type_names(node):
            for prop in REQUIRED.get(type_name, []):
                if node.get(prop) in (None, "", [], {}):
                    missing.append(f"{type_name}.{prop} in {node.get('@id', node)}")
    return missing


def pagefind_fragments(output: Path) -> list[dict]:
    """The Pagefind index's page records, decompressed (each is gzip + 'pagefind_dcd' + JSON)."""
    records = []
    for path in sorted((output / "pagefind").glob("*/fragment/*.pf_fragment")):  # every part
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        records.append(json.loads(data[len(b"pagefind_dcd"):]))
    return records
