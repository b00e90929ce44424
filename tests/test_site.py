"""The whole site, built once: every page exists and the pages say what they must."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import CONTENT

SEED = "articles/everything-about-dry-needling/index.html"
SERVICE_SLUGS = ["physiotherapy", "massage-therapy", "chiropractic-care", "dry-needling-ims"]
SITE_PAGES = ["about", "contact", "privacy", "accessibility", "medical-disclaimer"]
TEMPLATE_OUTPUTS = [
    "index.html", "404.html", "services/index.html", "articles/index.html",
    "articles/archive/index.html", "categories/index.html", "topics/index.html",
    "authors/index.html", "categories/treatments/index.html",
    "topics/dry-needling/index.html",
    "authors/apollo-clinic/index.html",
]


def test_every_content_file_produced_its_page(site):
    sources = sorted(str(path) for path in CONTENT.rglob("*.md"))
    built = {os.path.realpath(content.source_path): content for content in site.contents()}
    for source in sources:
        assert os.path.realpath(source) in built, f"{source} was not read"
        content = built[os.path.realpath(source)]
        assert (site.output / content.save_as).is_file(), f"{source} wrote no page"


def test_every_template_type_is_written(site):
    for relative in TEMPLATE_OUTPUTS:
        assert (site.output / relative).is_file(), relative


def test_service_pages_live_under_services(site):
    for slug in SERVICE_SLUGS:
        page = site.page(f"services/{slug}/")
        assert page.find("h1").get_text(strip=True)
        assert "service" in page.find("main").find("article")["class"] or page.find("main")


def test_site_pages_exist(site):
    for slug in SITE_PAGES:
        assert (site.output / slug / "index.html").is_file(), slug


def test_seed_article_sections_are_h2_in_order(site):
    body = site.page(SEED).select_one(".prose")
    headings = [h2.get_text(" ", strip=True).replace("\xa0", " ") for h2 in body.find_all("h2")]
    assert headings == [
        "What is dry needling?",
        "How does dry needling work?",
        "Dry needling and safety",
        "Everything about dry needling: conclusion",
    ]


def test_seed_article_typos_fixed_and_links_made(site):
    page = site.page(SEED)
    text = page.select_one(".prose").get_text(" ")
    assert "taut muscle bands" in text and "taught" not in text
    assert "highly irritable" in text and "primary objective" in text
    mail = page.select_one('.prose a[href="mailto:info@apollophysioyyc.com"]')
    assert mail is not None and mail.get_text() == "info@apollophysioyyc.com"
    discover = [a for a in page.select(".prose a")
                if a.get_text(" ", strip=True).startswith("Discover the physiotherapy services")]
    assert len(discover) == 1
    discover = discover[0]
    assert discover["href"].endswith("services/physiotherapy/")


def test_article_page_shows_what_a_reader_needs(site):
    page = site.page(SEED)
    assert page.find("h1").get_text(strip=True).startswith("Everything you need to know")
    assert page.select_one(".lede").get_text(strip=True)
    meta = page.select_one(".article__meta")
    assert meta.find("time")["datetime"] == "2026-11-23"
    assert "Apollo Physiotherapy Massage and Chiro" in meta.get_text()
    assert page.select_one(".cta a[href^='mailto:']")
    assert "not medical advice" in page.select_one(".disclaimer").get_text()
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("What dry needling")


def test_services_and_articles_link_both_ways(site):
    article = site.page(SEED)
    linked = {a["href"].rstrip("/").split("/")[-1] for a in article.select(".related-services a")}
    assert linked == {"dry-needling-ims", "physiotherapy"}
    for slug in linked:
        service = site.page(f"services/{slug}/")
        hrefs = [a["href"] for a in service.select(".service__articles a")]
        assert any(href.endswith("articles/everything-about-dry-needling/") for href in hrefs)
    unrelated = site.page("services/massage-therapy/")
    assert "not written about this service yet" in unrelated.select_one(".service__articles").get_text()


def test_home_page_has_clinic_services_articles_and_contact(site):
    home = site.page("index.html")
    assert home.find("h1").get_text(strip=True) == "Apollo Physiotherapy Massage and Chiro"
    service_links = {a["href"] for a in home.select("#services-heading ~ ul a")}
    assert {f"./services/{slug}/" for slug in SERVICE_SLUGS} <= service_links
    assert home.select_one("#latest-heading ~ ul a[href$='everything-about-dry-needling/']")
    assert home.select_one("#contact-heading ~ dl a[href='mailto:info@apollophysioyyc.com']")


def test_navigation_marks_the_current_section(site):
    service = site.page("services/physiotherapy/")
    current = service.select(".site-nav a[aria-current]")
    assert [a.get_text() for a in current] == ["Services"]
    assert current[0]["aria-current"] == "true"
    index = site.page("services/")
    assert index.select_one(".site-nav a[aria-current='page']").get_text() == "Services"


def test_every_page_has_lang_title_skip_link_and_one_h1(site):
    for path in site.html_files():
        page = site.page(str(path.relative_to(site.output)))
        assert page.html["lang"] == "en", path
        assert page.title.get_text(strip=True), path
        assert page.select_one("a.skip-link[href='#main']"), path
        assert page.find("main", id="main"), path
        assert len(page.find_all("h1")) == 1, path


def test_draft_articles_are_not_listed(tmp_path, content_copy):
    from conftest import build_site

    (content_copy / "articles" / "draft-one.md").write_text(
        "---\ntitle: A draft\ndate: 2026-01-02\nsummary: Not yet reviewed.\n"
        "category: Treatments\nstatus: draft\n---\n\nText.\n",
        encoding="utf-8",
    )
    built = build_site(tmp_path / "out", content=content_copy)
    assert (built.output / "drafts/a-draft/index.html").is_file()
    assert "a-draft" not in (built.output / "articles/index.html").read_text()
    assert not (built.output / "articles/a-draft").exists()


def test_output_is_not_in_git():
    ignored = (Path(__file__).parent.parent / ".gitignore").read_text().split()
    assert "output/" in ignored
