"""In real Chromium: site search finds what patients type, and a hostile article stays inert."""

from __future__ import annotations

import shutil
from urllib.parse import quote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from findability_helpers import (
    HOSTILE,
    HOSTILE_PERSON,
    PAYLOADS,
    hostile_article,
    json_ld_blocks,
    pagefind_fragments,
)

from conftest import build_site, run_axe

SEED_URL = "/articles/everything-about-dry-needling/"
TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\xa0": " "})


def search(page, base_url, query):
    page.goto(f"{base_url}/search/?q={quote(query, safe='&=')}")
    page.wait_for_function(
        "() => /result|No results/.test(document.querySelector('[data-search-status]').textContent)")
    return page.locator("[data-search-results] li a").evaluate_all("links => links.map(a => a.href)")


def test_search_finds_the_dry_needling_article(site_url, page):
    links = search(page, site_url, "trigger points")
    assert links and links[0] == site_url + SEED_URL
    assert site_url + SEED_URL in search(page, site_url, "IMS")
    assert page.locator("#search-page-query").input_value() == "IMS"
    options = page.locator("#search-category option").all_text_contents()
    assert "Treatments" in options
    assert not run_axe(page)


@pytest.mark.parametrize(("service", "found"), [("Massage therapy", False),
                                                 ("Dry needling and IMS", True)])
def test_search_filters_by_service(site_url, page, service, found):
    links = search(page, site_url, f"needling&service={service}")
    assert (site_url + SEED_URL in links) is found
    assert page.locator("#search-service").input_value() == service


def test_header_form_leads_to_search_page(site_url, page):
    page.goto(site_url + "/about/")
    page.get_by_label("Search this site").fill("trigger points")
    page.get_by_label("Search this site").press("Enter")
    page.wait_for_url("**/search/?q=trigger+points")
    page.wait_for_function("() => document.querySelectorAll('[data-search-results] li').length > 0")
    assert page.locator("[data-search-results] li a").first.get_attribute("href").endswith(SEED_URL)


def test_search_page_without_javascript_explains_and_links_to_articles(site_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/search/?q=ims")
    note = page.locator(".search__no-script")
    assert note.is_visible() and "needs JavaScript" in note.inner_text()
    assert note.locator("a", has_text="browse all articles").get_attribute("href").endswith("/articles/")
    context.close()


# --- A hostile article: payloads in every field, in a production build ---

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("hostile") / "content"
    import shutil

    from conftest import CONTENT
    shutil.copytree(CONTENT, content)
    with open(content / "people.yml", "a", encoding="utf-8") as people:
        people.write(HOSTILE_PERSON)
    (content / "articles" / "hostile.md").write_text(hostile_article(), encoding="utf-8")
    (content / "articles" / "hidden.md").write_text(
        hostile_article("hidden-article", noindex=True).replace("Zanzibarquux", "Quuxhidden"),
        encoding="utf-8")
    # The payloads' raw HTML is shown as text and named in warnings, which a
    # strict build turns into errors (tests/test_safe_by_construction.py): here
    # the production build runs with warnings allowed, to read the text back.
    return build_site(content.parent / "output", "publishconf.py", content=content,
                      GUARDRAILS={"strict": False})


def as_written(text: str) -> str:
    return " ".join(text.translate(TYPOGRAPHY).split())


def markup_from_payloads(html: str) -> list[str]:
    """Elements and attributes the payloads would create if they escaped their text,
    as an HTML5 parser (html5lib, the spec's algorithm) builds the document."""
    document = BeautifulSoup(html, "html5lib")
    # The theme's own scripts are external files; a payload could only make an inline one.
    found = [f"<script> {script.get_text()[:40]!r}" for script in document.find_all("script")
             if script.get("type") != "application/ld+json" and not script.get("src")]
    found += [f"<img src={img['src']}>" for img in document.find_all("img", src="x")]
    found += [f"<{element.name} {name}=...>" for element in document.find_all(True)
              for name in element.attrs if name.lower().startswith("on")]
    return found


def test_markup_from_payloads_sees_live_markup():
    assert markup_from_payloads('<p>x</p><script>alert(1)</script><img src=x onerror=alert(1)>')
    assert not markup_from_payloads(
        '<title>a </script><script>alert(1)</script></title>'
        '<meta content="</script><script>alert(1)</script>"><p>&lt;script&gt;</p>')


def test_hostile_text_is_never_markup_in_any_output(hostile_site):
    out = hostile_site.output
    # XML and text are never minified: the payloads may appear only escaped.
    for path in [*out.rglob("*.xml"), out / "robots.txt"]:
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
    # Minified HTML leaves `<` unescaped where HTML reads it as text (inside a quoted
    # attribute or <title>), so HTML is judged by what a browser's parser builds.
    pages = list(out.rglob("*.html"))
    assert any("hostile-article" in str(path) for path in pages)
    for path in pages:
        assert not markup_from_payloads(path.read_text(encoding="utf-8")), path
    # The index is data: it holds the text as written (the search page inserts it as text).
    record = next(r for r in pagefind_fragments(out) if r["url"] == "/articles/hostile-article/")
    assert as_written(record["meta"]["title"]) == as_written("Title " + HOSTILE)
    assert as_written(HOSTILE) in as_written(record["content"])


def test_hostile_fields_read_back_as_written(hostile_site):
    out = hostile_site.output
    html = (out / "articles/hostile-article/index.html").read_text(encoding="utf-8")
    graph = json_ld_blocks(html)[0]["@graph"]
    article = next(n for n in graph if n.get("@type") == "Article")
    assert as_written(article["headline"]) == as_written("Title " + HOSTILE)
    assert as_written(article["description"]) == as_written("Summary " + HOSTILE)
    person = next(n for n in graph if n.get("@type") == "Person")
    assert person["name"] == "Zoë " + HOSTILE
    assert "tag " + PAYLOADS[0] in article["keywords"]
    feed = feedparser.parse((out / "feeds/all.atom.xml").read_bytes())
    assert not feed.bozo
    entry = next(e for e in feed.entries if "hostile-article" in e.link)
    assert as_written(entry.title) == as_written("Title " + HOSTILE)
    assert entry.author == "Zoë " + HOSTILE
    assert any(t.term == "tag " + PAYLOADS[0] for t in entry.tags)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "hostile-article" in sitemap and "hidden-article" not in sitemap
    urls = {record["url"] for record in pagefind_fragments(out)}
    assert "/articles/hostile-article/" in urls and "/articles/hidden-article/" not in urls
    hidden = (out / "articles/hidden-article/index.html").read_text(encoding="utf-8")
    robots = BeautifulSoup(hidden, "html5lib").find("meta", attrs={"name": "robots"})
    assert robots is not None and robots["content"] == "noindex"


def test_hostile_article_runs_no_script_in_chromium(hostile_site, browser):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    out = hostile_site.output

    def from_output(route):
        # Production URLs are absolute: answer them from the built files, same origin.
        path = out / urlsplit(route.request.url).path.lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="not found")

    page.route("https://apollophysioyyc.com/**", from_output)
    base = "https://apollophysioyyc.com"
    page.goto(base + "/articles/hostile-article/")
    assert as_written(page.locator("h1").inner_text()) == as_written("Title " + HOSTILE)
    assert as_written(page.locator(".lede").inner_text()) == as_written("Summary " + HOSTILE)
    assert as_written(HOSTILE) in as_written(page.locator(".prose").inner_text())
    assert ("Zoë " + HOSTILE) in page.locator(".article__meta").inner_text()
    assert ("tag " + PAYLOADS[0]) in page.locator(".article__tags").inner_text()
    assert page.evaluate("document.querySelectorAll('img[src=x], main script').length") == 0
    page.goto(base + "/search/?q=Zanzibarquux")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-search-results] li').length > 0")
    result = page.locator("[data-search-results] li").first
    assert as_written(result.locator("a").inner_text()) == as_written("Title " + HOSTILE)
    page.goto(base + "/search/?q=onerror")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-search-results] li').length > 0")
    excerpts = as_written(" ".join(page.locator(".card__summary").all_inner_texts()))
    assert PAYLOADS[1] in excerpts or PAYLOADS[0] in excerpts, excerpts
    assert page.evaluate("document.querySelectorAll('img[src=x], main script').length") == 0
    page.wait_for_timeout(300)
    context.close()
    assert dialogs == []


KNEE = "tests/data/search/knee-pain-when-climbing-stairs.md"  # our own, see its first lines


@pytest.fixture(scope="module")
def site_with_a_linking_article(tmp_path_factory):
    """The real content and a published knee article whose page links the dry needling
    article (related cards) without being about it."""
    from conftest import CONTENT, ROOT, serve

    folder = tmp_path_factory.mktemp("search-relevance")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(ROOT / KNEE, content / "articles")
    built = build_site(folder / "output", content=content)
    with serve(built.output) as url:
        yield built, url


def test_search_finds_what_a_page_is_about_not_what_it_links_to(site_with_a_linking_article,
                                                                  page):
    built, base = site_with_a_linking_article
    knee = built.page("articles/knee-pain-when-climbing-stairs/")
    assert "../../articles/everything-about-dry-needling/" in {
        a["href"] for a in knee.select(".related a")}, \
        "the knee article's related cards link the dry needling article"
    assert base + "/articles/knee-pain-when-climbing-stairs/" in search(page, base, "stairs")

    found = search(page, base, "needling")
    assert base + SEED_URL in found
    assert base + "/services/dry-needling-ims/" in found
    assert base + "/articles/knee-pain-when-climbing-stairs/" not in found
    assert base + "/services/physiotherapy/" not in found
    # The excerpt is the article's own text, not the cards or headings around it.
    records = {r["url"]: r for r in pagefind_fragments(built.output)}
    for url, record in records.items():
        for around in ("Related articles", "Services this article is about", "Articles about",
                       "Topics:", "Report a problem", "This page in:", "Link to this section"):
            assert around not in record["content"], (url, around)
