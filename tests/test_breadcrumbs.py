"""Breadcrumb trails: one per page type, plain-text names, ending at the page itself."""

from __future__ import annotations

from types import SimpleNamespace as Thing

import pytest

from breadcrumbs import trail_for

SETTINGS = {"INDEX_URL": "articles/", "INDEX_SAVE_AS": "articles/index.html",
            "SERVICES_URL": "services/", "SERVICES_SAVE_AS": "services/index.html",
            "CATEGORIES_URL": "categories/", "TAGS_URL": "topics/", "AUTHORS_URL": "authors/",
            "ARCHIVES_URL": "articles/archive/", "ARCHIVES_SAVE_AS": "articles/archive/index.html"}


class Term(str):
    url = ""


def term(name, url):
    value = Term(name)
    value.url = url
    return value


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({"article": Thing(title="Dry&nbsp;needling <span class=\"caps\">IMS</span>",
                           url="articles/dry/", category=term("Treatments", "categories/t/"))},
         [("Home", ""), ("Articles", "articles/"), ("Treatments", "categories/t/"),
          ("Dry needling IMS", "articles/dry/")]),
        ({"page": Thing(title="Physiotherapy", url="services/physiotherapy/", is_service=True)},
         [("Home", ""), ("Services", "services/"), ("Physiotherapy", "services/physiotherapy/")]),
        ({"page": Thing(title="About us", url="about/")}, [("Home", ""), ("About us", "about/")]),
        ({"tag": term("IMS", "topics/ims/")},
         [("Home", ""), ("Articles", "articles/"), ("Topics", "topics/"), ("IMS", "topics/ims/")]),
        ({"author": term("The clinic", "authors/apollo-clinic/")},
         [("Home", ""), ("Authors", "authors/"), ("The clinic", "authors/apollo-clinic/")]),
        ({"output_file": "articles/archive/index.html"},
         [("Home", ""), ("Articles", "articles/"), ("By date", "articles/archive/")]),
        ({"output_file": "services/index.html"}, [("Home", ""), ("Services", "services/")]),
        ({"output_file": "index.html"}, [("Home", "")]),
    ],
)
def test_trail_for_each_page_type(context, expected):
    trail = trail_for({**SETTINGS, **context})
    assert [(c["name"], c["url"]) for c in trail] == expected


def test_visible_breadcrumbs_follow_the_trail(site):
    crumbs = site.page("services/physiotherapy/").select(".breadcrumbs li")
    assert [li.get_text() for li in crumbs] == ["Home", "Services", "Physiotherapy"]
    assert crumbs[-1]["aria-current"] == "page" and crumbs[-1].find("a") is None
    assert not site.page("index.html").select(".breadcrumbs")
