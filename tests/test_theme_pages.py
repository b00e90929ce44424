"""What each page type shows a reader: byline, review line, pager, listings, navigation."""

from __future__ import annotations

from conftest import build_site

SEED = "articles/everything-about-dry-needling/"


def test_article_byline_review_line_and_reading_time(site):
    page = site.page(SEED)
    header = page.select_one(".article__header")
    children = [child for child in header.find_all(recursive=False)]
    assert [children[0].name, children[1]["class"]] == ["h1", ["lede"]]
    assert page.select_one(".breadcrumbs").find_next("h1") is header.h1
    meta = page.select_one(".article__meta").get_text(" ", strip=True)
    assert meta.startswith("Written by Apollo Physiotherapy Massage and Chiro (Clinic team).")
    assert "minute read" in meta
    review = page.select_one(".article__review")
    assert review.get_text(" ", strip=True).replace("\xa0", " ") == (
        "Reviewed by Apollo Physiotherapy Massage and Chiro . Last reviewed: 23 November 2026 . "
        "Next review due: 23 November 2029 .")
    # The reviewer's name links to the reviewers page, where they are shown.
    assert review.a["href"] == "../../reviewers/#apollo-clinic"
    assert review.a.get_text() == "Apollo Physiotherapy Massage and Chiro"
    assert [t["datetime"] for t in review.find_all("time")] == ["2026-11-23", "2029-11-23"]
    assert [a["href"] for a in page.select(".contents a")][:1] == ["#what-is-dry-needling"]


def test_call_to_action_uses_only_the_facts_that_are_set(tmp_path):
    built = build_site(tmp_path / "out", CLINIC={
        "name": "Apollo Physiotherapy Massage and Chiro", "short_name": "Apollo",
        "description": "d", "email": "", "area": "NE Calgary", "city": "Calgary",
        "region": "Alberta", "country": "Canada", "street_address": "", "postal_code": "",
        "phone": "+1 403 555 0100", "opening_hours": [], "booking_url": "", "map_url": "",
        "social": []})
    cta = built.page(SEED).select_one(".cta")
    assert [a["href"] for a in cta.select("a")] == ["tel:+14035550100"]
    assert not built.page("").select("a[href^='mailto:']")


def test_previous_next_and_related_articles(tmp_path, content_copy):
    (content_copy / "articles" / "second.md").write_text(
        "---\ntitle: Needles and muscles\ndate: 2026-11-01\nsummary: A second article.\n"
        "category: Treatments\ntags: [dry needling]\nauthor: apollo-clinic\nservices: []\n"
        "reviewed_by: apollo-clinic\nlast_reviewed: 2026-11-01\n---\n\nText.\n",
        encoding="utf-8")
    built = build_site(tmp_path / "out", content=content_copy)
    older = built.page("articles/needles-and-muscles/")
    assert older.select_one(".pager a[rel=next]")["href"].endswith(SEED)
    assert not older.select_one(".pager a[rel=prev]")
    newer = built.page(SEED)
    assert newer.select_one(".pager a[rel=prev]")["href"].endswith("articles/needles-and-muscles/")
    assert [a.get_text().replace("\xa0", " ") for a in newer.select(".related .card__title a")] == [
        "Needles and muscles"]


def test_listings_have_a_heading_and_a_summary_per_item(site):
    for relative in ("articles/", "categories/treatments/", "topics/dry-needling/",
                     "authors/apollo-clinic/", "articles/archive/"):
        page = site.page(relative)
        assert page.find("h1").get_text(strip=True), relative
        cards = page.select(".card")
        assert cards, relative
        assert all(card.select_one(".card__summary") for card in cards), relative


def test_footer_links_and_skip_link(site):
    page = site.page("")
    footer = {a.get_text() for a in page.select(".site-footer a")}
    assert {"Privacy", "Accessibility statement", "Medical disclaimer", "Contact us"} <= footer
    assert page.body.find("a")["class"] == ["skip-link"]


def test_production_article_prints_its_address_and_hides_drafts(production_site):
    page = production_site.page(SEED)
    assert page.select_one(".print-only").get_text(strip=True) == (
        "This page: https://apollophysioyyc.com/" + SEED)
    assert not (production_site.output / "drafts").exists()


def test_authors_list_shows_each_role(site):
    item = site.page("authors/").select_one(".term-list li").get_text(" ", strip=True)
    assert item.startswith("Apollo Physiotherapy Massage and Chiro , Clinic team (")


def test_the_clinics_place_and_service_names_read_as_written(site):
    """"NE Calgary, Calgary, Alberta" named the city twice, and service pages
    lower-cased their own names ("Articles about dry needling and ims")."""
    from findability_helpers import json_ld_blocks

    home = site.page("index.html")
    assert "We are in NE Calgary, Alberta." in home.get_text(" ")
    assert "Calgary, Calgary" not in home.get_text(" ")
    footer = site.page("about/").select_one(".site-footer").get_text(" ")
    assert "NE Calgary, Alberta" in footer and "Calgary, Calgary" not in footer
    contact = site.page("contact/").get_text(" ")
    assert "We are in NE Calgary, Alberta, Canada." in contact
    graph = json_ld_blocks((site.output / "index.html").read_text(encoding="utf-8"))[0]["@graph"]
    clinic = next(node for node in graph if "MedicalClinic" in str(node.get("@type")))
    assert clinic["areaServed"]["name"] == "NE Calgary"
    service = site.page("services/dry-needling-ims/")
    heading = " ".join(service.select_one("#articles-heading").get_text().split())
    assert heading == "Articles about Dry needling and IMS"
    assert "Ask us about Dry needling and IMS" in " ".join(service.get_text(" ").split())
