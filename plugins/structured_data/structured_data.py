"""Structured data and page metadata: one JSON-LD ``@graph`` per page, plus the
facts ``partials/head_meta.html`` prints (canonical URL, robots, social cards).

``graph_for(page_context, settings) -> dict`` is pure: it reads the template
context of the page being rendered and returns the graph, built as Python dicts
and linked by ``@id`` the way Yoast SEO does (clinic, website, web page,
article, people, breadcrumbs, FAQ). ``serialize(graph)`` turns it into text that
is safe inside ``<script type="application/ld+json">``: ``<``, ``>``, ``&`` and
the two JavaScript line separators are written as ``\\uXXXX`` escapes, so no
field can close the script element or open a comment.

Templates call the Jinja globals ``json_ld()`` and ``page_meta()``. Only facts
that are set appear; nothing about the clinic is invented. The official
pelican-seo plugin targets Pelican 3 and emits a fixed Article-only graph, and
no official plugin knows MedicalWebPage, review dates or our people registry,
hence our own.

Setting (merged over DEFAULTS):
    STRUCTURED_DATA = {
        "article_type": "Article",   # or "BlogPosting"
        "social_image": "images/social-default.png",  # relative to the site root
        "twitter_site": "",          # the clinic's @handle, if it has one
        "opening_hours": [],         # schema.org form, e.g. ["Mo-Fr 09:00-18:00"]
    }
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

import lxml.html
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from breadcrumbs import trail_for
from site_core import build_state, is_noindex, plain_text, plugin_settings
from translations import language_of_page

DEFAULTS = {
    "article_type": "Article",
    "social_image": "images/social-default.png",
    "twitter_site": "",
    "opening_hours": [],
}
ARTICLE_TYPES = ("Article", "BlogPosting", "MedicalScholarlyArticle")
# schema.org and Google prefer ISO 3166 codes; CLINIC keeps the name people read.
COUNTRY_CODES = {"Canada": "CA"}
SCRIPT_ESCAPES = (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
)


def settings_for(settings) -> dict:
    merged = plugin_settings(settings, "STRUCTURED_DATA", DEFAULTS)
    if merged["article_type"] not in ARTICLE_TYPES:
        raise ValueError(
            f"STRUCTURED_DATA: article_type must be one of {', '.join(ARTICLE_TYPES)}, "
            f"not {merged['article_type']!r}"
        )
    if not isinstance(merged["opening_hours"], (list, tuple)):
        raise ValueError("STRUCTURED_DATA: opening_hours must be a list of strings")
    return merged


def serialize(data) -> Markup:
    """JSON that cannot break out of a ``<script>`` element, whatever it holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return Markup(text)  # noqa: S704 - JSON with <, > and & escaped (above)


def compact(node: dict) -> dict:
    """The node without unset facts: no empty strings, lists or None."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def is_absolute(site_url: str) -> bool:
    return site_url.startswith(("http://", "https://"))


def url_for(settings, path: str) -> str:
    return f"{settings.get('SITEURL', '')}/{path}"


def iso(value) -> str | None:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return None


def has_class(name: str) -> str:
    """An XPath test for a class among an element's classes (CSS's ``.name``)."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


# CSS's ".qa details.qa__item", "summary.qa__question" and ".qa__answer", in XPath.
QA_ITEMS = f"//*[{has_class('qa')}]//details[{has_class('qa__item')}]"
QA_QUESTION = f"(.//summary[{has_class('qa__question')}])[1]"
QA_ANSWER = f"(.//*[{has_class('qa__answer')}])[1]"
UNSHOWN = {"script", "style", "template"}  # BeautifulSoup's get_text() leaves their text out


def shown_text(element) -> str:
    """What BeautifulSoup's ``get_text()`` gives: the element's text, without comments
    and without what is inside a script, style or template element."""
    if any(ancestor.tag in UNSHOWN for ancestor in element.iterancestors()):
        return ""
    found: list[str] = []

    def walk(node) -> None:
        if node.text and node.tag not in UNSHOWN:
            found.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in UNSHOWN:  # not a comment
                walk(child)
            if child.tail:
                found.append(child.tail)

    if element.tag not in UNSHOWN:
        walk(element)
    return "".join(found)


def faq_from_html(html: str) -> list[tuple[str, str]]:
    """(question, answer) pairs from the question-and-answer blocks of rendered content.

    Parsed with lxml directly, not BeautifulSoup, whose import alone took 0.06 s of a
    build after an edit (``tests/test_fast_equivalents.py`` compares the two on every
    fixture)."""
    if not html or "qa__item" not in html:
        return []
    root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    pairs = []
    for item in root.xpath(QA_ITEMS):
        question, answer = item.xpath(QA_QUESTION), item.xpath(QA_ANSWER)
        if not question or not answer:
            continue
        pairs.append((" ".join(shown_text(question[0]).split()),
                      " ".join(shown_text(answer[0]).split())))
    return [(q, a) for q, a in pairs if q and a]


def clinic_node(settings, options: dict) -> dict:
    clinic = settings.get("CLINIC") or {}
    address = compact({
        "@type": "PostalAddress",
        "streetAddress": clinic.get("street_address"),
        "addressLocality": clinic.get("city"),
        "addressRegion": clinic.get("region"),
        "postalCode": clinic.get("postal_code"),
        "addressCountry": COUNTRY_CODES.get(clinic.get("country"), clinic.get("country")),
    })
    # "NE Calgary" already names the city: "NE Calgary, Calgary" said it twice.
    city = clinic.get("city")
    area = ", ".join(part for part in (clinic.get("area"),
                                       city if city not in (clinic.get("area") or "") else None)
                     if part)
    image = social_image(settings, options)
    return compact({
        "@type": ["MedicalClinic", "Physiotherapy"],
        "@id": url_for(settings, "#clinic"),
        "name": clinic.get("name") or settings.get("SITENAME"),
        "alternateName": clinic.get("short_name"),
        "description": clinic.get("description"),
        "url": url_for(settings, ""),
        "email": clinic.get("email"),
        "telephone": clinic.get("phone"),
        "address": address if len(address) > 1 else None,
        "areaServed": {"@type": "Place", "name": area} if area else None,
        "openingHours": list(options["opening_hours"]),
        "sameAs": [profile["url"] for profile in clinic.get("social") or [] if profile.get("url")],
        "image": image,
        "logo": image,
    })


def website_node(settings) -> dict:
    clinic = settings.get("CLINIC") or {}
    return compact({
        "@type": "WebSite",
        "@id": url_for(settings, "#website"),
        "url": url_for(settings, ""),
        "name": settings.get("SITENAME"),
        "description": clinic.get("description"),
        "inLanguage": settings.get("DEFAULT_LANG"),
        "publisher": {"@id": url_for(settings, "#clinic")},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": url_for(settings, settings.get("SEARCH_URL", "search/"))
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    })


def person_ref(person, settings, nodes: dict, author_slugs: set) -> dict | None:
    """A reference to the person's node (added to ``nodes``), or to the clinic."""
    if person is None:
        return None
    if getattr(person, "kind", "person") == "organization":
        return {"@id": url_for(settings, "#clinic")}
    page = settings.get("AUTHOR_URL", "authors/{slug}/").format(slug=person.id)
    node_id = url_for(settings, f"{page}#person")
    nodes[node_id] = compact({
        "@type": "Person",
        "@id": node_id,
        "name": person.name,
        "honorificSuffix": person.credentials,
        "jobTitle": person.role,
        "description": person.bio,
        "url": url_for(settings, page) if person.id in author_slugs else None,
    })
    return {"@id": node_id}


def social_image(settings, options: dict, content=None) -> str | None:
    """The picture link previews show: the article's own ``image`` (a file in
    content/images/), else the site's default."""
    own = getattr(content, "image", None) if content is not None else None
    path = own if isinstance(own, str) and own.strip() else options["social_image"]
    if not path:
        return None
    return url_for(settings, path.lstrip("/"))


def breadcrumb_node(page_url: str, trail: list[dict], settings) -> dict | None:
    # The visible trail is shown only below the home page; the data matches it.
    if len(trail) < 2:
        return None
    return {
        "@type": "BreadcrumbList",
        "@id": f"{page_url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb["name"],
             "item": url_for(settings, crumb["url"])}
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def faq_entities(pairs) -> list[dict]:
    return [
        {"@type": "Question", "name": question,
         "acceptedAnswer": {"@type": "Answer", "text": answer}}
        for question, answer in pairs
    ]


@dataclass
class PageFacts:
    """What every part of one page's graph shares: its address, name and language, the
    clinic's node, and the nodes the parts add (people, therapies, the article)."""

    settings: dict
    options: dict
    page_url: str
    name: str
    summary: str
    language: str
    clinic_id: dict
    author_slugs: set
    extra: dict[str, dict] = field(default_factory=dict)

    def person(self, person) -> dict | None:
        return person_ref(person, self.settings, self.extra, self.author_slugs)


def graph_for(page_context, settings) -> dict:
    """The page's whole JSON-LD graph; pure, reads only its two arguments."""
    options = settings_for(settings)
    trail = trail_for(page_context)
    article, page = page_context.get("article"), page_context.get("page")
    item = article if article is not None else page
    facts = page_facts(page_context, settings, options, trail, item)
    clinic = clinic_node(settings, options)
    breadcrumb = breadcrumb_node(facts.page_url, trail, settings)
    webpage = webpage_node(facts, page_context, trail, breadcrumb, item)
    if article is not None:
        add_article(webpage, article, facts)
    elif page is not None and getattr(page, "is_service", False):
        therapy = therapy_node(page, settings)
        facts.extra[therapy["@id"]] = therapy
        clinic["availableService"] = [{"@id": therapy["@id"]}]
        webpage["about"] = {"@id": therapy["@id"]}
    qa = faq_from_html(str(getattr(item, "content", "") or "")) if item is not None else []
    if qa:
        webpage["@type"] = [webpage["@type"], "FAQPage"]
        webpage["mainEntity"] = faq_entities(qa)
    graph = [clinic, website_node(settings), compact(webpage)]
    if breadcrumb:
        graph.append(breadcrumb)
    graph.extend(facts.extra.values())
    return {"@context": "https://schema.org", "@graph": graph}


def page_facts(page_context, settings, options, trail, item) -> PageFacts:
    output_file = page_context.get("output_file") or ""
    page_path = trail[-1]["url"] if len(trail) > 1 else output_file.removesuffix("index.html")
    name = plain_text(item.title) if item is not None else trail[-1]["name"]
    if len(trail) < 2 and item is None:
        name = settings.get("SITENAME")
    return PageFacts(
        settings=settings, options=options,
        page_url=url_for(settings, getattr(item, "url", None) or page_path),
        name=name,
        summary=plain_text(getattr(item, "summary", "") or "") if item is not None else "",
        language=language_of_page(page_context, settings.get("DEFAULT_LANG")),
        clinic_id={"@id": url_for(settings, "#clinic")},
        author_slugs={str(getattr(author, "slug", author))
                      for author, _articles in page_context.get("authors") or []},
    )


def webpage_node(facts: PageFacts, page_context, trail, breadcrumb, item) -> dict:
    """The page itself: a web page, a search results page or a collection."""
    settings, page_url = facts.settings, facts.page_url
    webpage = {
        "@type": "WebPage",
        "@id": f"{page_url}#webpage",
        "url": page_url,
        "name": facts.name,
        "description": facts.summary or None,
        "inLanguage": facts.language,
        "isPartOf": {"@id": url_for(settings, "#website")},
        "breadcrumb": {"@id": breadcrumb["@id"]} if breadcrumb else None,
    }
    output_file = page_context.get("output_file") or ""
    if output_file.endswith(settings.get("SEARCH_SAVE_AS") or "search/index.html"):
        webpage["@type"] = "SearchResultsPage"
    elif item is None and len(trail) > 1:
        webpage["@type"] = "CollectionPage"
    return webpage


def add_article(webpage: dict, article, facts: PageFacts) -> None:
    """An article's page is a medical web page with its review; the article is a node of its own."""
    settings = facts.settings
    webpage["@type"] = "MedicalWebPage"
    reviewer = getattr(article, "reviewer", None)
    last_reviewed = getattr(article, "last_reviewed", None)
    reviewed = reviewer is not None and last_reviewed is not None
    about = [{"@id": url_for(settings, f"{service.url}#therapy")}
             for service in getattr(article, "service_pages", [])]
    about += [{"@type": "Thing", "name": str(tag)} for tag in getattr(article, "tags", [])]
    author_refs = [facts.person(getattr(author, "person", None)) or facts.clinic_id
                   for author in getattr(article, "authors", [])]
    webpage.update({
        # Mirrors the visible review line, which needs both facts.
        "lastReviewed": iso(last_reviewed) if reviewed else None,
        "reviewedBy": facts.person(reviewer) if reviewed else None,
        "medicalAudience": {"@type": "Patient"},
        "about": about,
        "datePublished": iso(article.date),
        "dateModified": iso(getattr(article, "modified", None) or article.date),
    })
    for service in getattr(article, "service_pages", []):
        therapy = therapy_node(service, settings)
        facts.extra[therapy["@id"]] = therapy
    facts.extra[f"{facts.page_url}#article"] = article_node(article, facts, author_refs)


def article_node(article, facts: PageFacts, author_refs: list) -> dict:
    settings, page_url = facts.settings, facts.page_url
    original = getattr(article, "original", None)
    return compact({
        "@type": facts.options["article_type"],
        "@id": f"{page_url}#article",
        "headline": facts.name,
        "description": facts.summary,
        "datePublished": iso(article.date),
        "dateModified": iso(getattr(article, "modified", None) or article.date),
        "author": author_refs or [facts.clinic_id],
        "publisher": facts.clinic_id,
        "mainEntityOfPage": {"@id": f"{page_url}#webpage"},
        "isPartOf": {"@id": f"{page_url}#webpage"},
        "image": social_image(settings, facts.options, article),
        "articleSection": str(article.category) if getattr(article, "category", None) else None,
        "keywords": [str(tag) for tag in getattr(article, "tags", [])],
        "inLanguage": facts.language,
        # A translation and its English article point at each other.
        "translationOfWork": {"@id": url_for(settings, original.url) + "#article"}
        if original is not None else None,
        "translator": facts.person(getattr(article, "translator", None)),
        "workTranslation": [{"@id": url_for(settings, version.url) + "#article"}
                            for version in getattr(article, "published_translations", [])]
        or None,
    })


def therapy_node(service, settings) -> dict:
    service_url = url_for(settings, service.url)
    return compact({
        "@type": "MedicalTherapy",
        "@id": f"{service_url}#therapy",
        "name": plain_text(service.title),
        "description": plain_text(getattr(service, "summary", "") or ""),
        "url": service_url,
    })


def page_meta_for(page_context, settings, graph: dict | None = None) -> dict:
    """What the head needs beyond JSON-LD: canonical URL, robots, social card facts.

    URLs are only given when SITEURL is absolute (production): a canonical or
    social URL relative to a preview host would be wrong.
    """
    options = settings_for(settings)
    site_url = settings.get("SITEURL", "") or ""
    absolute = is_absolute(site_url)
    graph = (graph or graph_for(page_context, settings))["@graph"]
    webpage = next(node for node in graph if str(node.get("@id", "")).endswith("#webpage"))
    article = page_context.get("article")
    category = getattr(article, "category", None) if article is not None else None
    if category is None and hasattr(page_context.get("category"), "slug"):
        category = page_context.get("category")
    noindex = is_noindex(page_context)
    page = page_context.get("page")
    filters = []
    if article is not None and not noindex:
        filters.append(("category", plain_text(article.category)))
        filters += [("service", plain_text(service.title))
                    for service in getattr(article, "service_pages", [])]
    elif getattr(page, "is_service", False) and not noindex:
        filters.append(("service", plain_text(page.title)))
    return {
        "noindex": noindex,
        "search_filters": filters,
        "canonical": webpage["url"] if absolute else None,
        "title": webpage.get("name") or settings.get("SITENAME"),
        "description": webpage.get("description") or (settings.get("CLINIC") or {}).get("description"),
        "og_type": "article" if article is not None else "website",
        "image": social_image(settings, options, article) if absolute else None,
        # The site's default picture is 1200 x 630 and shows the site's name; an
        # article's own picture may be any size and its words are not known.
        "image_is_default": not (isinstance(getattr(article, "image", None), str)
                                 and article.image.strip()),
        "twitter_site": options["twitter_site"],
        "published": webpage.get("datePublished"),
        "modified": webpage.get("dateModified"),
        "category": category,
    }


def page_graph(context) -> dict:
    """graph_for, worked out once per page: the head and the JSON-LD block both need it,
    in one template (partials/head_meta.html), so with one Jinja context. The last
    page's graph is kept in the build's state (each rendering worker has its own copy)
    with that context, held so that no later context can take its id. Keyed by the
    page and its objects instead, a live session that rendered the same page first in
    its next rebuild, after an edit of its category, gave the old graph again."""
    last = build_state().part("structured_data.last_graph", dict)
    if last.get("context") is not context:
        last.update(context=context, graph=graph_for(context, context))
    return last["graph"]


@pass_context
def json_ld(context) -> Markup:
    return serialize(page_graph(context))


@pass_context
def page_meta(context) -> dict:
    return page_meta_for(context, context, page_graph(context))


def check_settings(pelican) -> None:
    """Checks STRUCTURED_DATA."""
    settings_for(pelican.settings)


def add_globals(generator) -> None:
    """Templates get json_ld() and page_meta(): the JSON-LD graph and the head's canonical and social tags."""
    generator.env.globals["json_ld"] = json_ld
    generator.env.globals["page_meta"] = page_meta


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_globals)
