"""Findability on real builds: JSON-LD, head metadata, feeds, sitemap, robots.txt, search index."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace as Thing

import extruct
import feedparser
import pytest
from findability_helpers import (
    SITEMAP_XSD_SHIPPED,
    json_ld_blocks,
    missing_properties,
    pagefind_fragments,
    type_names,
    walk,
)
from lxml import etree

from structured_data import faq_from_html, graph_for, serialize

SEED = "articles/everything-about-dry-needling/"
SITE = "https://apollophysioyyc.com"
REPRESENTATIVE = ["", SEED, "services/dry-needling-ims/", "categories/treatments/", "about/",
                  "search/", "topics/ims/", "authors/apollo-clinic/"]


def read(site, relative):
    path = site.output / relative
    return (path / "index.html" if path.is_dir() else path).read_text(encoding="utf-8")


def graph_of(site, relative) -> dict:
    blocks = json_ld_blocks(read(site, relative))
    assert len(blocks) == 1, f"{relative}: one JSON-LD block per page"
    return blocks[0]


def node(graph, type_name):
    found = [n for n in graph["@graph"] if type_name in type_names(n)]
    assert found, f"no {type_name} node"
    return found[0]


# --- The serializer and the pure graph ---

@pytest.mark.parametrize("text", [
    "</script><script>alert(1)</script>", "<!--", "a & b", "\u2028\u2029", '"><img src=x>',
    "</SCRIPT >", "Ωμέγα 東京",
])
def test_serialized_json_cannot_leave_its_script_element(text):
    out = str(serialize({"name": text}))
    assert not re.search(r"[<>&\u2028\u2029]", out)
    assert json.loads(out) == {"name": text}


def test_faq_comes_from_the_question_and_answer_blocks_only():
    html = ('<div class="qa"><details class="qa__item"><summary class="qa__question">Does it '
            'hurt?</summary><div class="qa__answer"><p>Most people feel a <em>pinch</em>.</p>'
            '</div></details></div><details><summary>Not a QA</summary>x</details>')
    assert faq_from_html(html) == [("Does it hurt?", "Most people feel a pinch.")]


def test_service_page_with_questions_is_an_faq_page_offered_by_the_clinic():
    qa = ('<div class="qa"><details class="qa__item"><summary class="qa__question">Q1?</summary>'
          '<div class="qa__answer">A1.</div></details></div>')
    page = Thing(title="Dry needling", url="services/dry/", is_service=True, summary="<p>S</p>",
                 content=qa, metadata={}, status="published")
    settings = {"SITEURL": SITE, "SITENAME": "Clinic", "DEFAULT_LANG": "en",
                "CLINIC": {"name": "Clinic", "city": "Calgary", "region": "Alberta",
                           "country": "Canada", "phone": ""}}
    graph = graph_for({"page": page, "output_file": "services/dry/index.html"}, settings)
    assert not missing_properties(graph)
    webpage = node(graph, "FAQPage")
    assert webpage["mainEntity"][0]["acceptedAnswer"]["text"] == "A1."
    therapy = node(graph, "MedicalTherapy")
    assert node(graph, "MedicalClinic")["availableService"] == [{"@id": therapy["@id"]}]
    assert "telephone" not in node(graph, "MedicalClinic")  # unset facts are left out


# --- The real site ---

@pytest.mark.parametrize("relative", REPRESENTATIVE)
def test_every_json_ld_graph_has_required_properties_and_linked_ids(production_site, relative):
    graph = graph_of(production_site, relative)
    assert graph["@context"] == "https://schema.org"
    assert not missing_properties(graph)
    ids = {n["@id"] for n in graph["@graph"] if "@id" in n}
    references = [n["@id"] for n in walk(graph["@graph"]) if set(n) == {"@id"}]
    assert references and set(references) <= ids, set(references) - ids
    for n in walk(graph["@graph"]):
        for key in ("url", "item", "@id"):
            if isinstance(n.get(key), str):
                assert n[key].startswith(SITE + "/"), n[key]


@pytest.mark.parametrize("relative", [SEED, "services/dry-needling-ims/", ""])
def test_extruct_reads_back_exactly_what_we_meant(production_site, relative):
    html = read(production_site, relative)
    extracted = extruct.extract(html, base_url=SITE + "/" + relative, syntaxes=["json-ld"],
                                uniform=False)["json-ld"]
    assert extracted == json_ld_blocks(html)


def test_article_graph(production_site):
    graph = graph_of(production_site, SEED)
    page, article = node(graph, "MedicalWebPage"), node(graph, "Article")
    clinic = node(graph, "MedicalClinic")
    assert "Physiotherapy" in type_names(clinic)
    assert clinic["address"] == {"@type": "PostalAddress", "addressLocality": "Calgary",
                                 "addressRegion": "Alberta", "addressCountry": "CA"}
    assert clinic["email"] == "info@apollophysioyyc.com"
    assert page["medicalAudience"] == {"@type": "Patient"}
    assert article["headline"] == "Everything you need to know about dry needling"
    assert article["datePublished"].startswith("2026-11-23")
    assert article["author"] == [{"@id": clinic["@id"]}] and article["publisher"] == {"@id": clinic["@id"]}
    assert {"@id": f"{SITE}/services/dry-needling-ims/#therapy"} in page["about"]
    assert node(graph, "WebSite")["potentialAction"]["target"]["urlTemplate"] == \
        f"{SITE}/search/?q={{search_term_string}}"


def test_review_facts_match_the_visible_review_line(production_site):
    soup = production_site.page(SEED)
    line = soup.select_one(".article__review")
    graph = graph_of(production_site, SEED)
    page = node(graph, "MedicalWebPage")
    reviewer = next(n for n in graph["@graph"] if n.get("@id") == page["reviewedBy"]["@id"])
    shown = reviewer["name"] + (f", {reviewer['honorificSuffix']}" if reviewer.get("honorificSuffix") else "")
    # The text as read (the reviewer's name is a link now: no space is added after it).
    text = " ".join(line.get_text().replace("\xa0", " ").split())
    assert text.startswith(f"Reviewed by {shown}. Last reviewed:")
    assert line.find_all("time")[0]["datetime"] == page["lastReviewed"]


@pytest.mark.parametrize("relative", [SEED, "services/dry-needling-ims/", "topics/ims/"])
def test_breadcrumb_list_matches_the_visible_breadcrumbs(production_site, relative):
    soup = production_site.page(relative)
    visible = [(li.get_text(" ", strip=True).replace("\xa0", " "),
                li.a["href"] if li.a else None) for li in soup.select(".breadcrumbs__item")]
    items = node(graph_of(production_site, relative), "BreadcrumbList")["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, len(visible) + 1))
    assert [i["name"] for i in items] == [name for name, _ in visible]
    assert [i["item"] for i in items[:-1]] == [href for _, href in visible[:-1]]


def test_head_of_every_page(production_site):
    for path in production_site.html_files():
        soup = production_site.page(str(path.relative_to(production_site.output)))
        where = path.relative_to(production_site.output)
        assert soup.html["lang"] == "en", where
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical.startswith(SITE + "/"), where
        for prop in ("og:title", "og:description", "og:url", "og:image", "og:type"):
            assert soup.find("meta", property=prop)["content"], (where, prop)
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
        feeds = {link["href"] for link in soup.find_all("link", rel="alternate")}
        assert {f"{SITE}/feeds/all.atom.xml", f"{SITE}/feeds/all.rss.xml"} <= feeds, where
    article = production_site.page(SEED)
    assert article.find("meta", attrs={"name": "description"})["content"].startswith("What dry needling")
    feeds = {link["href"] for link in article.find_all("link", rel="alternate")}
    assert f"{SITE}/feeds/treatments.atom.xml" in feeds
    robots = {str(p.relative_to(production_site.output)) for p in production_site.html_files()
              if production_site.page(str(p.relative_to(production_site.output)))
              .find("meta", attrs={"name": "robots", "content": "noindex"})}
    assert robots == {"404.html", "search/index.html"}


def test_local_build_has_no_canonical_url_pointing_at_a_preview_host(site):
    soup = site.page(SEED)
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", property="og:title")["content"]
    assert json_ld_blocks(read(site, SEED))


def test_sitemap_validates_and_lists_only_indexable_pages(production_site):
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD_SHIPPED)))
    document = etree.parse(str(production_site.output / "sitemap.xml"))
    schema.assertValid(document)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in document.findall("s:url", ns)}
    assert entries[f"{SITE}/{SEED}"] == "2026-11-23"
    assert f"{SITE}/services/dry-needling-ims/" in entries and f"{SITE}/" in entries
    assert not [loc for loc in entries if "search" in loc or "404" in loc or "drafts" in loc]
    assert all(loc.startswith(SITE + "/") for loc in entries)
    robots = (production_site.output / "robots.txt").read_text()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots.splitlines()


@pytest.mark.parametrize("feed", ["all.atom.xml", "all.rss.xml", "treatments.atom.xml",
                                  "treatments.rss.xml"])
def test_feeds_parse_with_absolute_links_and_summaries(production_site, feed):
    parsed = feedparser.parse((production_site.output / "feeds" / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries
    links = [parsed.feed.link] + [link["href"] for link in parsed.feed.get("links", [])]
    for entry in parsed.entries:
        links += [entry.link] + [link["href"] for link in entry.links]
        assert entry.summary.strip()
        assert "It is often used as part of a comprehensive" not in entry.summary  # summary only
    assert all(re.match(r"https://", link) for link in links), links


def test_search_index_holds_only_main_content_of_articles_and_services(site):
    records = {r["url"]: r for r in pagefind_fragments(site.output)}
    assert set(records) == {f"/{SEED}"} | {f"/services/{slug}/" for slug in
                                            ("chiropractic-care", "dry-needling-ims",
                                             "massage-therapy", "physiotherapy")}
    article = records[f"/{SEED}"]
    assert article["filters"] == {"category": ["Treatments"],
                                  "service": ["Dry needling and IMS", "Physiotherapy"]}
    assert article["meta"]["title"] == "Everything you need to know about dry needling"
    for record in records.values():
        for boilerplate in ("Skip to main content", "Privacy", "Talk to us", "not medical advice"):
            assert boilerplate not in record["content"], (record["url"], boilerplate)
