"""Translated articles: addresses, lang and dir, the switcher and hreflang, the theme's
words from the catalogs, structured data, sitemap, feeds, per-language search, and the
exact message for each kind of translation mistake.

The test site is the real content plus the Punjabi and Urdu test translations in
tests/data/translations/ (short texts that say they are test data).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from findability_helpers import json_ld_blocks
from lxml import etree

from conftest import CONTENT, ROOT, VNU_JAR, BuiltSite, build_site, run_axe, serve
from site_core import reported_problems

DATA = ROOT / "tests" / "data"
TRANSLATIONS = DATA / "translations"
SLUG = "everything-about-dry-needling"
EN, PA, UR = f"articles/{SLUG}/", f"pa/articles/{SLUG}/", f"ur/articles/{SLUG}/"
SITE = "https://apollophysioyyc.com"


def translated_content(folder: Path, extra: dict[str, str] | None = None) -> Path:
    """content/ with the test translations and ``extra`` files (path: text; None removes
    the file) added."""
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    for source in TRANSLATIONS.glob("*.md"):
        if source.name != "README.md":
            shutil.copy(source, content / "articles" / source.name)
    with open(content / "people.yml", "a", encoding="utf-8") as people:
        people.write((TRANSLATIONS / "people.yml").read_text(encoding="utf-8"))
    for relative, text in (extra or {}).items():
        if text is None:
            (content / relative).unlink()
            continue
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(text, encoding="utf-8")
    return content


def build_translated(folder: Path, settings_file: str = "pelicanconf.py", extra=None,
                     **overrides):
    output = folder / "output"
    try:
        site = build_site(output, settings_file, content=translated_content(folder, extra),
                          **overrides)
    except SystemExit:  # guardrails stopped the build: its messages are what we test
        site = BuiltSite(output=output, settings={})
    site.problems = [f"{p.severity}: {p}" for p in reported_problems()]
    return site


@pytest.fixture(scope="session")
def translated_site(tmp_path_factory):
    return build_translated(tmp_path_factory.mktemp("translated"))


@pytest.fixture(scope="session")
def translated_production_site(tmp_path_factory):
    # Not strict: the shipped catalogs are not checked yet, which a strict build
    # refuses for published translations (test_unchecked_catalog_...).
    return build_translated(tmp_path_factory.mktemp("translated-production"), "publishconf.py",
                            GUARDRAILS={"strict": False})


@pytest.fixture(scope="session")
def translated_site_url(translated_site):
    with serve(translated_site.output) as url:
        yield url


def text(element) -> str:
    """An element's text as read aloud: typogrify's no-break spaces as spaces."""
    return element.get_text(" ", strip=True).replace("\xa0", " ")


def json_ld(soup) -> list[dict]:
    return json_ld_blocks(str(soup))[0]["@graph"]


# --- Addresses, language and direction ---

@pytest.mark.parametrize(("relative", "lang", "direction"), [
    (EN, "en", "ltr"), (PA, "pa", "ltr"), (UR, "ur", "rtl"),
])
def test_each_version_has_its_address_lang_and_dir(translated_site, relative, lang, direction):
    html = translated_site.page(relative).html
    assert (html["lang"], html["dir"]) == (lang, direction)


def test_every_page_of_the_real_site_says_english_left_to_right(site):
    for path in site.html_files():
        html = site.page(str(path.relative_to(site.output))).html
        assert (html.get("lang"), html.get("dir")) == ("en", "ltr"), path


def test_the_switcher_names_each_language_in_its_own_words(translated_site):
    for relative, current in ((EN, "en"), (PA, "pa"), (UR, "ur")):
        switcher = translated_site.page(relative).select_one(".language-switcher")
        items = switcher.select("li")
        assert [item.get_text(strip=True) for item in items] == ["English", "ਪੰਜਾਬੀ", "اردو"]
        here = switcher.select_one("[aria-current=page]")
        assert here.find_parent("li")["lang"] == current
        links = {a["hreflang"]: (a["href"], a["lang"], a["dir"]) for a in switcher.select("a")}
        assert current not in links and len(links) == 2
        assert all(link_lang == lang for lang, (_h, link_lang, _d) in links.items())
        assert links.get("ur", ("", "", "rtl"))[2] == "rtl"


def test_an_article_without_translations_has_no_switcher_or_alternates(site):
    page = site.page(EN)
    assert page.select_one(".language-switcher") is None
    assert not page.select("link[hreflang]")


def test_hreflang_lists_every_version_itself_and_x_default_with_absolute_urls(
        translated_production_site):
    expected = {"en": f"{SITE}/{EN}", "pa": f"{SITE}/{PA}", "ur": f"{SITE}/{UR}",
                "x-default": f"{SITE}/{EN}"}
    for relative in (EN, PA, UR):
        links = translated_production_site.page(relative).select("link[rel=alternate][hreflang]")
        pages = {link["hreflang"]: link["href"] for link in links
                 if link.get("type") is None}
        assert pages == expected, relative


# --- The theme's words, dates and fields taken from the English article ---

def test_the_urdu_page_shows_the_themes_words_in_urdu(translated_site):
    page = translated_site.page(UR)
    assert page.select_one(".contents__heading").get_text(strip=True) == "فہرست"
    assert page.select_one(".skip-link").get_text(strip=True) == "مرکزی مواد پر جائیں"
    # Content blocks are rendered while the file is converted, in the file's language.
    assert text(page.select_one(".key-points__heading")) == "اہم نکات"
    assert text(page.select_one(".urgent__heading")) == \
        "اہم: فوری مدد کب حاصل کریں"
    review = text(page.select_one(".article__review"))
    # (text() puts a space after each element: the reviewer's name is a link now.)
    assert review.startswith("نظرِ ثانی: Apollo Physiotherapy Massage and Chiro ۔")
    # Dates by Babel in Urdu, with the machine-readable date unchanged.
    reviewed = page.select_one(".article__review time")
    assert (reviewed["datetime"], reviewed.get_text()) == ("2026-11-23", "23 نومبر، 2026")
    assert [a.get_text(strip=True) for a in page.select(".breadcrumbs a")][:2] == ["سرورق", "مضامین"]
    assert "ایمرجنسی میں 911 پر کال کریں" in page.select_one(".site-footer__note").get_text()


def test_the_punjabi_page_shows_the_themes_words_in_punjabi(translated_site):
    page = translated_site.page(PA)
    assert page.select_one(".contents__heading").get_text(strip=True) == "ਸਮੱਗਰੀ"
    assert page.select_one(".article__review time").get_text() == "23 ਨਵੰਬਰ 2026"
    assert page.select_one(".site-nav__link").get_text(strip=True) == "ਸੇਵਾਵਾਂ"


def test_english_words_on_a_translation_are_marked_english(translated_site):
    page = translated_site.page(UR)
    tags = page.select(".article__tags a")
    assert tags and all((a["lang"], a["dir"]) == ("en", "ltr") for a in tags)
    category = page.select(".breadcrumbs a")[2]
    assert (category.get_text(strip=True), category["lang"]) == ("Treatments", "en")
    original = page.select_one(".article__translation a")
    assert (original["href"].endswith(EN), original["lang"]) == (True, "en")
    assert "Test Translator" in page.select_one(".article__translation").get_text()
    # The English page itself marks nothing.
    assert not translated_site.page(EN).select(".article__tags a[lang]")


def test_a_translation_takes_what_it_leaves_out_from_its_english_article(translated_site):
    by_lang = {}
    for generator in translated_site.generators:
        for item in [*getattr(generator, "articles", []), *getattr(generator, "translations", [])]:
            if item.slug == SLUG:
                by_lang[item.lang] = item
    english, urdu = by_lang["en"], by_lang["ur"]
    assert urdu.original is english and by_lang["pa"].original is english
    assert str(urdu.category) == "Treatments"
    assert [str(tag) for tag in urdu.tags] == [str(tag) for tag in english.tags]
    assert urdu.date == english.date
    assert [a.slug for a in urdu.authors] == ["apollo-clinic"]
    assert [s.url for s in urdu.service_pages] == [s.url for s in english.service_pages]
    assert set(urdu.inherited_fields) == {"category", "tags", "services", "author", "date"}
    # Only the English article is listed: category, topic and home pages show it once.
    listed = [a.get("href") for a in translated_site.page("categories/treatments/").select(
        ".card__title a")]
    assert len([href for href in listed if SLUG in href]) == 1


# --- Findability: JSON-LD, sitemap, feeds, search pages ---

def test_structured_data_links_a_translation_and_its_original(translated_production_site):
    def article_node(relative):
        return next(node for node in json_ld(translated_production_site.page(relative))
                    if node.get("@type") == "Article")

    english, urdu = article_node(EN), article_node(UR)
    assert (english["inLanguage"], urdu["inLanguage"]) == ("en", "ur")
    assert urdu["translationOfWork"] == {"@id": f"{SITE}/{EN}#article"}
    assert sorted(w["@id"] for w in english["workTranslation"]) == [
        f"{SITE}/{PA}#article", f"{SITE}/{UR}#article"]
    webpage = next(node for node in json_ld(translated_production_site.page(UR))
                   if "MedicalWebPage" in str(node.get("@type")))
    assert webpage["inLanguage"] == "ur"


def test_sitemap_lists_each_version_with_its_alternates_and_validates(translated_production_site):
    schema = etree.XMLSchema(etree.parse(str(DATA / "sitemap-with-alternates.xsd")))
    document = etree.parse(str(translated_production_site.output / "sitemap.xml"))
    schema.assertValid(document)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in document.findall("s:url", ns)}
    expected = [("en", f"{SITE}/{EN}"), ("pa", f"{SITE}/{PA}"), ("ur", f"{SITE}/{UR}"),
                ("x-default", f"{SITE}/{EN}")]
    for relative in (EN, PA, UR):
        links = urls[f"{SITE}/{relative}"].findall("x:link", ns)
        assert [(link.get("hreflang"), link.get("href")) for link in links] == expected
    assert not [loc for loc in urls if "/search/" in loc]


@pytest.mark.parametrize(("lang", "relative"), [("pa", PA), ("ur", UR), ("en", EN)])
def test_a_feed_per_language(translated_production_site, lang, relative):
    parsed = feedparser.parse((translated_production_site.output / "feeds" / f"{lang}.atom.xml")
                              .read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert f"{SITE}/{relative}" in [entry.link for entry in parsed.entries]
    if lang != "en":
        link = translated_production_site.page(relative).select_one(
            'link[type="application/atom+xml"][hreflang]')
        assert (link["hreflang"], link["href"]) == (lang, f"{SITE}/feeds/{lang}.atom.xml")


def test_each_language_with_translations_gets_its_own_search_page(translated_site):
    for lang in ("pa", "ur"):
        search = translated_site.page(f"{lang}/search/")
        assert search.html["lang"] == lang
        assert search.select_one('meta[name="robots"]')["content"] == "noindex"
        assert search.select_one("h1").get_text(strip=True) == {"pa": "ਖੋਜੋ", "ur": "تلاش"}[lang]
        status = search.select_one("[data-search-status]")
        assert "{query}" in status["data-text-none"] and "No results" not in status["data-text-none"]
    # The search form of a Punjabi page searches the Punjabi index.
    form = translated_site.page(PA).select_one("form[role=search]")
    assert form["action"].endswith("pa/search/")
    assert translated_site.page(EN).select_one("form[role=search]")["action"].endswith("/search/")
    assert not (translated_site.output / "fr" / "search").exists()  # no French pages, no page
    # The index is in parts, one language each (plugins/search_index/parts.py).
    listing = json.loads((translated_site.output / "pagefind" / "parts.json").read_text())
    assert {"en", "pa", "ur"} <= set(listing["languages"])
    for lang in ("en", "pa", "ur"):
        for part in listing["languages"][lang]:
            entry = json.loads((translated_site.output / "pagefind" / part / "pagefind-entry.json")
                               .read_text())
            assert set(entry["languages"]) == {lang}


# --- Checks: only where they apply, and the report says which ran ---

def test_spelling_and_readability_run_only_on_english(translated_site):
    ran = {item.lang: item.checks_ran for generator in translated_site.generators
           for item in [*getattr(generator, "articles", []), *getattr(generator, "translations", [])]
           if item.slug == SLUG}
    assert "spelling" in ran["en"]
    assert ran["ur"] == ran["pa"] == ["alt text", "headings", "links"]


def test_the_editorial_report_lists_translations_with_language_and_checks(tmp_path):
    site = build_translated(tmp_path, EDITORIAL_REPORT={"enabled": True,
                                                        "save_as": "editorial-report/index.html"})
    rows = {row.select_one("code").get_text(): row.get_text(" ", strip=True)
            for row in site.page("editorial-report/").select("tbody tr")}
    urdu = rows[f"content/articles/{SLUG}.ur.md"] if f"content/articles/{SLUG}.ur.md" in rows \
        else next(text for path, text in rows.items() if path.endswith(f"{SLUG}.ur.md"))
    assert "ur: alt text, headings, links" in urdu
    english = next(text for path, text in rows.items() if path.endswith(f"{SLUG}.md"))
    assert "en: alt text, headings, links, spelling, readability, sentence length" in english
    assert "out of date" not in urdu


def test_the_editorial_report_marks_an_out_of_date_translation(tmp_path):
    older = translation(SLUG, "ur", translated_from="2026-01-05")
    site = build_translated(tmp_path, extra={f"articles/{SLUG}.ur.md": older},
                            EDITORIAL_REPORT={"enabled": True,
                                              "save_as": "editorial-report/index.html"})
    rows = {row.select_one("code").get_text(): row.get_text(" ", strip=True)
            for row in site.page("editorial-report/").select("tbody tr")}
    urdu = next(text for path, text in rows.items() if path.endswith(f"{SLUG}.ur.md"))
    assert "Translation out of date since 2026-11-23" in urdu
    assert "advice: line 7: translated_from: out of date" in urdu


def test_a_translation_in_a_language_folder_builds_like_one_beside_its_original(tmp_path):
    """WRITING.md recommends <slug>.<lang>.md next to the English file; a language
    folder (content/articles/pa/) works too."""
    moved = (TRANSLATIONS / f"{SLUG}.pa.md").read_text(encoding="utf-8")
    site = build_translated(tmp_path, extra={f"articles/{SLUG}.pa.md": None,
                                             "articles/pa/dry-needling.md": moved})
    page = site.page(PA)
    assert page.html["lang"] == "pa"
    assert page.select_one(".breadcrumbs a[lang=en]").get_text(strip=True) == "Treatments"
    assert not [p for p in site.problems if p.startswith("error")], site.problems


# --- Mistakes: each with its exact message ---

def translation(slug: str, lang: str, **fields) -> str:
    front = {"title": "Test", "slug": slug, "lang": lang, "summary": "Test text.",
             "translated_by": "test-translator", "translated_from": "2026-11-23",
             "reviewed_by": "apollo-clinic", "last_reviewed": "2026-11-23", **fields}
    lines = "".join(f"{name}: {value}\n" for name, value in front.items() if value is not None)
    return f"---\n{lines}---\n\nTest text.\n"


def test_orphaned_duplicate_and_unknown_language_translations(tmp_path):
    site = build_translated(tmp_path, extra={
        "articles/no-such-article.pa.md": translation("no-such-article", "pa"),
        "articles/pa/dry-needling-again.md": translation(SLUG, "pa"),
        "articles/dry-needling.de.md": translation(SLUG, "de"),
    })
    base = str(tmp_path / "content" / "articles")
    assert (f"error: {base}/no-such-article.pa.md:3: slug: this translation into 'pa' has no "
            "English article with the slug 'no-such-article'. Set slug: to the slug of the "
            "English article it translates (start a translation with `invoke new "
            "--translation-of SLUG --lang pa`), or publish the English article first"
            ) in site.problems
    assert (f"error: {base}/pa/dry-needling-again.md:4: lang: a second 'pa' translation of "
            f"'{SLUG}': {base}/{SLUG}.pa.md is one too. Keep one translation per language: "
            "merge the two files and delete the other") in site.problems
    assert (f"error: {base}/dry-needling.de.md:4: lang: 'de' is not one of the site's languages "
            "(en, fr, pa, ur). Use one of them, or add the language to LANGUAGES in "
            "pelicanconf.py and a catalog for it (`invoke translations-update --add de`)"
            ) in site.problems
    assert not (site.output / "index.html").exists()  # errors: nothing was written


@pytest.mark.parametrize(("days_allowed", "severity"), [(100_000, "advice"), (0, "warning")])
def test_an_out_of_date_translation_says_since_when_and_warns_past_the_limit(
        tmp_path, days_allowed, severity):
    older = translation(SLUG, "ur", title="Test", translated_from="2026-01-05")
    site = build_translated(tmp_path, extra={f"articles/{SLUG}.ur.md": older},
                            TRANSLATIONS={"out_of_date_days": days_allowed})
    base = str(tmp_path / "content" / "articles")
    days = (datetime.date.today() - datetime.date(2026, 11, 23)).days
    limit = f"; the most allowed is {days_allowed})" if severity == "warning" else ")"
    assert (f"{severity}: {base}/{SLUG}.ur.md:7: translated_from: out of date: the English "
            f"article ({base}/{SLUG}.md) was reviewed again on 2026-11-23, after the version of "
            f"2026-01-05 this translation was made from ({days} days ago{limit}. Bring the "
            "translation in line with the current English article, have it reviewed, and "
            "change translated_from to 2026-11-23") in site.problems
    page = site.page(UR)
    banner = page.select_one(".status-banner--out-of-date")
    assert banner.select_one("strong").get_text() == "یہ ترجمہ پرانا ہو چکا ہے۔"
    assert banner.select_one("a")["href"].endswith(EN) and banner.select_one("a")["hreflang"] == "en"
    assert site.page(PA).select_one(".status-banner--out-of-date") is None


def test_production_never_publishes_an_unreviewed_translation(tmp_path):
    unreviewed = translation(SLUG, "ur", reviewed_by=None, last_reviewed=None)
    site = build_translated(tmp_path, "publishconf.py", extra={f"articles/{SLUG}.ur.md": unreviewed})
    base = str(tmp_path / "content" / "articles")
    assert (f"error: {base}/{SLUG}.ur.md:2: reviewed_by: the article has no clinical review, so "
            "it cannot be published. After the clinical review add reviewed_by and "
            "last_reviewed, or set 'status: draft' to keep it out of the site until then."
            ) in site.problems
    assert not (site.output / UR).exists()


def test_a_translation_needs_its_translator_and_source_version(tmp_path):
    bare = translation(SLUG, "ur", translated_by=None, translated_from=None)
    site = build_translated(tmp_path, extra={f"articles/{SLUG}.ur.md": bare})
    base = str(tmp_path / "content" / "articles")
    for field, help_text in (
        ("translated_by", "who translated it: an id from content/people.yml"),
        ("translated_from", "the date of the English version it was made from: the English "
                            "article's modified (or last_reviewed) date"),
    ):
        assert (f"error: {base}/{SLUG}.ur.md:1: {field}: a translation needs the field "
                f"'{field}'. Add a line '{field}: ...' to the front matter: {help_text}."
                ) in site.problems


def test_unchecked_catalog_is_advice_until_a_published_translation_uses_it(
        translated_site, site):
    catalog = "theme/translations/{}/LC_MESSAGES/messages.po:1: Checked by: nobody has checked " \
              "this catalog of the theme's words yet"
    fix = ". Ask a fluent reader to check every translation, then write their name and the " \
          "date on the '# Checked by:' line at the top."
    assert f"warning: {catalog.format('ur')}, and a published translation into 'ur' uses it{fix}" \
        in translated_site.problems
    assert f"advice: {catalog.format('fr')}{fix}" in translated_site.problems


# --- The catalogs themselves ---

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@pytest.mark.parametrize("lang", ["fr", "pa", "ur"])
def test_every_catalog_translates_every_word_with_the_same_placeholders(lang):
    from babel.messages.pofile import read_po

    with open(ROOT / "theme" / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po)
    with open(ROOT / "theme" / "translations" / "messages.pot", "rb") as pot:
        template = read_po(pot)
    assert {m.id for m in catalog if m.id} == {m.id for m in template if m.id}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, message.id
        wanted = sorted(set(PLACEHOLDER.findall(ids[0])))
        for string in strings:
            assert sorted(set(PLACEHOLDER.findall(string))) == wanted, (message.id, string)


def test_the_catalog_template_is_up_to_date_with_the_theme(tmp_path):
    """`invoke translations-update` was run after the last change to the theme's words."""
    from babel.messages.pofile import read_po

    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "theme/babel.cfg", "-o", str(fresh), "-k", "theme_crumb", "-k", "theme_word",
                    "theme/templates", "plugins/breadcrumbs", "pelicanconf.py"],
                   cwd=ROOT, check=True, capture_output=True)
    with open(fresh, "rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    with open(ROOT / "theme" / "translations" / "messages.pot", "rb") as handle:
        committed = {m.id for m in read_po(handle) if m.id}
    assert extracted == committed, "run `invoke translations-update` and translate the new words"


# --- invoke new --translation-of ---

def test_invoke_new_starts_a_translation_from_the_english_article(tmp_path):
    import tasks

    content = translated_content(tmp_path)
    (content / "articles" / f"{SLUG}.ur.md").unlink()
    path = tasks.new_translation(SLUG, "ur", content=content)
    assert path == content / "articles" / f"{SLUG}.ur.md"
    text = path.read_text(encoding="utf-8")
    assert f"slug: {SLUG}\nlang: ur  # Urdu (اردو)\n" in text
    assert "translated_from: 2026-11-23" in text
    assert 'title: "TODO translate: Everything you need to know about dry needling"' in text
    assert "## What is dry needling?" in text  # the English text, to translate
    with pytest.raises(tasks.Exit, match="already exists"):
        tasks.new_translation(SLUG, "ur", content=content)
    with pytest.raises(tasks.Exit, match="Did you mean 'everything-about-dry-needling'"):
        tasks.new_translation("everything-about-dry-needlin", "pa", content=content)
    # The draft builds: its TODOs and missing fields are warnings, shown in the preview.
    site = build_site(tmp_path / "output", content=content)
    problems = [f"{p.severity}: {p}" for p in reported_problems()]
    assert not [p for p in problems if p.startswith("error")], problems
    assert any(f"{SLUG}.ur.md:2: title: still holds a TODO" in p for p in problems)
    assert site.page(f"drafts/ur/{SLUG}/").html["dir"] == "rtl"


# --- In the browser ---

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("relative", [PA, UR, "ur/search/"])
def test_axe_finds_no_violations_on_translations(browser, translated_site_url, relative, scheme):
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{translated_site_url}/{relative}")
        violations = run_axe(page)
        assert violations == [], [(v["id"], [n["html"][:120] for n in v["nodes"][:2]])
                                  for v in violations]
    finally:
        context.close()


def test_the_urdu_page_mirrors_at_320_px(browser, translated_site_url):
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{translated_site_url}/{UR}")
        page.screenshot(path=str(artifacts / "urdu-article-320.png"), full_page=True)
        width = page.evaluate("document.documentElement.clientWidth")
        layout = page.evaluate("""() => {
          // Where the words are drawn, not the box they are in.
          const box = s => { const range = document.createRange();
                             range.selectNodeContents(document.querySelector(s));
                             const r = range.getBoundingClientRect();
                             return {left: r.left, right: r.right}; };
          const style = s => getComputedStyle(document.querySelector(s));
          const lefts = s => [...document.querySelectorAll(s)]
            .map(e => e.getBoundingClientRect().left);
          const outside = [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect();
            return r.width && (r.left < -1 || r.right > document.documentElement.clientWidth + 1);
          }).map(e => e.tagName + '.' + e.className);
          return {brand: box('.site-header__brand'), label: box('.language-switcher__label'),
                  crumbs: lefts('.breadcrumbs__item'), languages: lefts('.language-switcher li'),
                  contents: [style('.contents__list').paddingLeft, style('.contents__list').paddingRight],
                  urgent: [style('.urgent').borderLeftWidth, style('.urgent').borderRightWidth],
                  outside, scroll: document.documentElement.scrollWidth};
        }""")
        assert layout["outside"] == [] and layout["scroll"] <= width
        # Right to left: short lines sit against the right edge, with room on the left ...
        for name in ("brand", "label"):
            box = layout[name]
            assert width - box["right"] < box["left"], (name, box)
        # ... the trail and the language list run from right to left ...
        assert layout["crumbs"] == sorted(layout["crumbs"], reverse=True)
        assert layout["languages"] == sorted(layout["languages"], reverse=True)
        # ... lists are indented and the warning's thick border drawn on the right.
        left, right = (float(value.removesuffix("px")) for value in layout["contents"])
        assert right > left
        left, right = (float(value.removesuffix("px")) for value in layout["urgent"])
        assert right > left
    finally:
        context.close()


def test_search_in_punjabi_finds_the_punjabi_page(page, translated_site_url):
    page.goto(f"{translated_site_url}/pa/search/?q=ਸੂਈ")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-search-results] a').length > 0", timeout=15_000)
    hrefs = page.eval_on_selector_all("[data-search-results] a", "links => links.map(a => a.href)")
    assert any(href.endswith(PA) for href in hrefs), hrefs
    status = page.text_content("[data-search-status]")
    assert "ਸੂਈ" in status and "result" not in status


# --- Validity and budget ---

@pytest.mark.jvm
def test_nu_html_checker_finds_no_errors_in_the_translated_site(translated_site):
    assert VNU_JAR.exists(), "the Nu Html Checker is missing: run `invoke test-tools`"
    pages = [str(translated_site.output / relative / "index.html")
             for relative in (EN, PA, UR, "pa/search/", "ur/search/")]
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                             *pages], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages
              if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(errors)


def test_the_right_to_left_article_fits_the_first_round_trip(translated_production_site, capsys):
    import gzip

    from test_theme_validity_and_budgets import BUDGET_BYTES, own_assets

    _soup, assets = own_assets(translated_production_site, UR)
    total = sum(len(gzip.compress(data, compresslevel=6, mtime=0)) for _url, data in assets)
    with capsys.disabled():
        print(f"\n{UR}: gzip bytes {total} of {BUDGET_BYTES}")
    assert total <= BUDGET_BYTES
