"""No input crashes the build: names too long for a web address, names with no letters,
entities typed in a title; and the XSS payload corpus in every place a writer can type
(tests/test_xss_corpus.py)."""

from __future__ import annotations

import pytest
from guardrails_helpers import article_text, tiny_site

from conftest import build_site


def reported_lines() -> list[str]:
    from site_core import reported_problems

    return [str(problem) for problem in reported_problems()]


@pytest.mark.parametrize("limit_plus", [0, 1])
def test_the_address_limit_is_ours_not_the_file_systems(tmp_path, limit_plus):
    """A topic of exactly 100 bytes builds; 101 bytes, which every file system here
    accepts, gets the message all the same: the build does not depend on the machine."""
    tag = "k" * (100 + limit_plus)
    content, path = tiny_site(tmp_path, article_text({7: f"tags: [{tag}]"}))
    output = tmp_path / "out"
    if limit_plus:
        with pytest.raises(SystemExit):
            build_site(output, content=content, SEARCH_INDEX={"enabled": False})
        assert any(line.startswith(f"{path}:7: tags: '{'k' * 40}…' would make an address of "
                                   "101 bytes; the most is 100.")
                   for line in reported_lines()), reported_lines()
    else:
        build_site(output, content=content, SEARCH_INDEX={"enabled": False})
        assert (output / "topics" / tag / "index.html").is_file()


def test_a_person_id_too_long_for_an_address_is_named(tmp_path):
    content, _path = tiny_site(tmp_path, article_text())
    people = content / "people.yml"
    people.write_text(people.read_text(encoding="utf-8")
                      + f"\n- id: {'a' * 120}\n  name: Long Id\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(tmp_path / "out", content=content, SEARCH_INDEX={"enabled": False})
    assert any(": id: '" + "a" * 40 + "…' is 120 characters long; the most is 100. Use a "
               "short id: the person's name with dashes, e.g. jane-doe." in line
               for line in reported_lines()), reported_lines()


def test_entities_in_a_title_decode_as_in_the_body_and_stay_text(tmp_path):
    title = "Knees &amp; hips: caf&eacute; &lt;script&gt;alert(1)&lt;/script&gt;"
    content, _path = tiny_site(tmp_path, article_text(
        {2: f'title: "{title}"', 5: f'summary: "{title}"'}, body=title))
    site = build_site(tmp_path / "out", content=content, SEARCH_INDEX={"enabled": False})
    assert not [line for line in reported_lines() if "spelling" in line]  # café is a word
    page = site.page("articles/knee-pain/")
    shown = "Knees & hips: café <script>alert(1)</script>"
    assert page.h1.get_text().replace("\xa0", " ") == shown
    assert page.title.get_text().replace("\xa0", " ").startswith(shown)
    body = " ".join(page.select_one("article").get_text().split())
    assert shown in body  # the body reads the same entities the same way
    assert not [script for script in page.find_all("script")
                if "alert" in script.get_text() and script.get("type") != "application/ld+json"]
    raw = (tmp_path / "out/articles/knee-pain/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "&amp;amp;" not in raw and "&amp;eacute;" not in raw
