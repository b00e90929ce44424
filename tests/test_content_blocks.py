"""Content blocks: each Markdown block renders exactly what its theme macro renders."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from types import SimpleNamespace as Thing

import markdown
import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from conftest import ROOT, build_site
from content_blocks import image_size
from content_blocks.content_blocks import ComponentRenderer, ContentBlocksExtension
from reading_aids import contents_list, reading_minutes, related_articles
from reading_aids.reading_aids import RelatedIndex

RENDER = ComponentRenderer(str(ROOT / "theme" / "templates"), "components")

# The same named examples appear in WRITING.md and in the draft article.
EXAMPLES = {
    "key_points": ("/// key-points\n- Keep moving.\n- Rest a little.\n///",
                   {"html": Markup("<ul>\n<li>Keep moving.</li>\n<li>Rest a little.</li>\n</ul>"),
                    "level": 2}),
    "urgent": ("/// urgent | Call 911 if you have\n- chest pain\n///",
               {"html": Markup("<ul>\n<li>chest pain</li>\n</ul>"), "level": 2,
                "heading": "Call 911 if you have"}),
    "do_dont": ("/// dont\n    level: 2\n\n- stay in bed\n///",
                {"html": Markup("<ul>\n<li>stay in bed</li>\n</ul>"), "level": 2, "kind": "dont"}),
    "figure": ("/// figure | A caption\n![A diagram](/images/diagram.svg)\n///",
               {"html": Markup('<img alt="A diagram" decoding="async" height="20" '
                               'loading="lazy" src="/images/diagram.svg" width="40">'),
                "caption": "A caption"}),
    "qa": ("/// questions\n### Will it *hurt*?\n\nIt may feel sore.\n\n### How long?\n\nA day.\n///",
           {"items": [{"question": Markup("Will it <em>hurt</em>?"),
                       "answer": Markup("<p>It may feel sore.</p>\n")},
                      {"question": Markup("How long?"), "answer": Markup("<p>A day.</p>\n")}],
            "lead": Markup("")}),
}


@pytest.fixture
def convert(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"></svg>')

    def run(text: str) -> str:
        md = markdown.Markdown(extensions=[
            "toc", ContentBlocksExtension(render=RENDER, content_path=str(tmp_path))],
            output_format="html5")
        return md.convert(text)
    return run


def squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("name", EXAMPLES)
def test_block_renders_through_its_macro(convert, name):
    text, params = EXAMPLES[name]
    assert squash(convert(text)) == squash(RENDER(name, params))


def test_questions_follow_the_faq_contract(convert):
    soup = BeautifulSoup(convert(EXAMPLES["qa"][0]), "lxml")
    wrapper = soup.select("div.qa")
    assert len(wrapper) == 1
    items = wrapper[0].find_all(recursive=False)
    assert [item.name for item in items] == ["details", "details"]
    for item in items:
        assert item["class"] == ["qa__item"]
        summary, answer = item.find_all(recursive=False)
        assert (summary.name, summary["class"]) == ("summary", ["qa__question"])
        assert (answer.name, answer["class"]) == ("div", ["qa__answer"])
    assert items[0].summary.get_text() == "Will it hurt?"
    assert not soup.find(re.compile("^h[1-6]$")), "questions must not stay headings"


def test_urgent_callout_says_important_to_screen_readers(convert):
    heading = BeautifulSoup(convert(EXAMPLES["urgent"][0]), "lxml").select_one(".urgent__heading")
    hidden = heading.select_one(".visually-hidden")
    assert hidden.get_text() == "Important: "
    assert heading.get_text() == "Important: Call 911 if you have"


def test_section_headings_get_a_named_anchor_link_and_block_headings_do_not(convert):
    soup = BeautifulSoup(convert("## Why it hurts\n\nText.\n\n" + EXAMPLES["key_points"][0]), "lxml")
    wrapper = soup.select_one(".section-heading")
    assert wrapper.h2["id"] == "why-it-hurts"
    link = wrapper.select_one("a.section-heading__anchor")
    assert link["href"] == "#why-it-hurts"
    assert link.select_one(".visually-hidden").get_text() == "Link to this section: Why it hurts"
    assert not soup.select_one(".key-points h2").get("id")
    assert len(soup.select(".section-heading")) == 1


def test_image_sizes_from_svg_and_png(tmp_path):
    from PIL import Image

    Image.new("RGB", (30, 12)).save(tmp_path / "a.png")
    (tmp_path / "b.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="64px" height="32"/>')
    assert image_size(str(tmp_path / "a.png")) == (30, 12)
    assert image_size(str(tmp_path / "b.svg")) == (64, 32)
    assert image_size(str(tmp_path / "missing.png")) is None


def test_reading_minutes_count_words_not_markup():
    assert reading_minutes("<p>" + "word " * 10 + "</p>") == 1
    assert reading_minutes('<p class="a b c d">' + "word " * 401 + "</p>", 200) == 3


def test_contents_list_needs_three_sections_and_skips_block_headings():
    two = '<div class="section-heading"><h2 id="a">A</h2></div><h2 id="b">B</h2>'
    assert contents_list(two) == []
    three = two + '<div class="key-points"><h2>Key points</h2></div><h2 id="c">C</h2>'
    assert [s["id"] for s in contents_list(three)] == ["a", "b", "c"]


def _article(slug, tags=(), services=(), day=1):
    return Thing(url=f"articles/{slug}/", source_path=f"/c/articles/{slug}.md",
                 date=datetime(2026, 1, day),
                 tags=[Thing(slug=t) for t in tags], service_pages=[Thing(slug=s) for s in services])


def test_related_articles_rank_by_shared_tags_and_services_then_date():
    me = _article("me", tags=["back"], services=["physio"])
    both = _article("both", tags=["back"], services=["physio"], day=1)
    newer_one = _article("newer", tags=["back"], day=9)
    older_one = _article("older", services=["physio"], day=2)
    none = _article("none", tags=["knee"])
    ranked = related_articles(me, [me, none, older_one, newer_one, both], limit=3)
    assert [a.url for a in ranked] == [both.url, newer_one.url, older_one.url]


def test_related_articles_match_scoring_every_pair():
    """The bitmask index gives what scoring every pair and sorting gives."""
    import random

    rng = random.Random(7)
    articles = [_article(f"a{i}", tags=rng.sample(["back", "knee", "neck", "hip", "sport"],
                                                 rng.randint(0, 3)),
                         services=rng.sample(["physio", "massage", "chiro"], rng.randint(0, 2)),
                         day=rng.randint(1, 5))  # many equal dates
                for i in range(120)]

    def keys(article):
        return ({t.slug for t in article.tags}, {s.slug for s in article.service_pages})

    def by_every_pair(article, limit=3):
        tags, services = keys(article)
        scored = []
        for position, other in enumerate(articles):
            other_tags, other_services = keys(other)
            score = len(tags & other_tags) + len(services & other_services)
            if score and other.source_path != article.source_path:
                scored.append((-score, -other.date.toordinal(), position, other))
        return [other for *_key, other in sorted(scored, key=lambda row: row[:3])[:limit]]

    index = RelatedIndex(articles)
    for article in articles:
        assert index.related(article, 3) == by_every_pair(article), article.url


def test_built_pages_use_the_blocks(site):
    draft = site.page("drafts/low-back-pain-what-helps/")
    for selector in (".key-points", ".urgent", ".do-dont--do", ".do-dont--dont", ".qa",
                     "figure.figure img[width][height]", "figure figcaption", ".contents",
                     ".references li", ".article__reading-time"):
        assert draft.select_one(selector), selector
    for slug in ("physiotherapy", "massage-therapy", "chiropractic-care", "dry-needling-ims"):
        service = site.page(f"services/{slug}/")
        assert len(service.select(".qa > details.qa__item")) == 3, slug
        assert service.select_one(".urgent"), slug


def test_changed_component_macros_bypass_the_content_cache(tmp_path):
    """A warm build, cache kept, after a component macro changed renders the new macro:
    the conversion cache's key covers the theme's components."""
    import shutil

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "first", THEME=str(theme), CACHE_PATH=str(cache),
                       LOAD_CONTENT_CACHE=True, SEARCH_INDEX={"enabled": False})
    draft = "drafts/low-back-pain-what-helps/"
    assert first.page(draft).select_one(".urgent") is not None
    macro = theme / "templates" / "components" / "urgent.html"
    assert "Important notice:" not in first.page(draft).select_one(".urgent").get_text()
    changed = macro.read_text(encoding="utf-8").replace('_("Important:")', '_("Important notice:")')
    assert "Important notice:" in changed
    macro.write_text(changed, encoding="utf-8")
    second = build_site(tmp_path / "second", THEME=str(theme), CACHE_PATH=str(cache),
                        LOAD_CONTENT_CACHE=True, SEARCH_INDEX={"enabled": False})
    assert "Important notice:" in second.page(draft).select_one(".urgent").get_text()


@pytest.mark.parametrize(("source", "expected"), [
    ("/// key-points\n- a\n///\n", []),
    ("```\n/// not a block\n```\n", []),
    ("Intro\n\n/// warning\nx\n///\n", [(3, "content", "'warning' is not a content block")]),
    ("/// urgent\n- x\n", [(1, "urgent", "the block is never closed")]),
    ("text\n///\n", [(2, "content", "this '///' closes no block")]),
    ("/// questions\njust text\n///\n", [(1, "questions", "the block has no questions")]),
])
def test_block_mistakes_name_the_line(source, expected):
    from content_blocks.content_blocks import block_problems

    found = [(p.line, p.field, p.message) for p in block_problems(source, "<p>ok</p>", "a.md")]
    assert found == expected


def test_unreadable_block_options_are_reported(convert):
    from content_blocks.content_blocks import block_problems

    source = "/// urgent\n    level: 9\n\n- x\n///\n"
    problems = block_problems(source, convert(source), "a.md")
    assert [(p.line, p.message) for p in problems] == [(1, "a block could not be read")]


def test_a_bad_block_stops_the_build_with_a_clear_message(tmp_path, content_copy):
    from conftest import run_command

    article = content_copy / "articles" / "everything-about-dry-needling.md"
    article.write_text(article.read_text() + "\n/// warning\nCareful.\n///\n")
    result = run_command(sys.executable, "-m", "pelican", str(content_copy), "-s", "pelicanconf.py",
                         "-o", str(tmp_path / "out"), "--log-handler", "plain")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "everything-about-dry-needling.md:" in output
    assert "content: 'warning' is not a content block. Use one of:" in output
    assert "Traceback" not in output


def test_images_of_unknown_size_are_reported(convert):
    from content_blocks.content_blocks import image_problems

    source = "Intro\n\n![A knee](https://example.org/knee.png)\n\n![Diagram]({static}/images/diagram.svg)\n"
    html = convert(source.replace("{static}", ""))
    problems = image_problems(source, html, "a.md")
    assert [(p.line, p.field, p.severity) for p in problems] == [(3, "image", "warning")]
    assert "https://example.org/knee.png" in problems[0].message
