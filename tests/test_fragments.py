"""Theme fragments rendered once and reused (``engine.fragments``) are what rendering them
every time gives.

- A live session's build of the site with benchmark articles, with the memo and with
  every fragment rendered afresh, writes the same files, byte for byte; a one-off build
  renders every card itself.
- The memo's key: a value the macro read, read only sometimes, printed as Markup or as
  text, a page's ``SITEURL``, or a value it cannot key each give their own render.
- A macro that uses its subject as more than its attributes is refused, not cached.
- Pelican's term lists answer ``in`` by identity, as lists do for content objects.
"""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest
from build_compare_helpers import first_difference, output_tree
from jinja2 import Environment
from markupsafe import Markup

import engine.fragments as fragments
from benchmarks.generate import generate
from conftest import CONTENT, ROOT
from engine import MemberList
from engine.fragments import FragmentMemo

MACROS = """
{%- macro card(item, level) -%}
<h{{ level }}>{{ item.title }}</h{{ level }}>{% if item.flag %}<p>{{ item.extra }}</p>{% endif %}
{%- endmacro -%}
{%- macro whole(item) -%}{{ item }}{%- endmacro -%}
"""
PAGE = ("..", None, None)  # SITEURL, page_lang, the page's own language


@pytest.fixture
def macros():
    return Environment(autoescape=True).from_string(MACROS).module


def item(**fields):
    return SimpleNamespace(**{"title": "Knee pain", "flag": False, "extra": "", **fields})


def test_a_cached_fragment_is_reused_only_for_the_same_values(macros):
    memo = FragmentMemo("code")
    first = memo.render(macros.card, item(), (2,), PAGE)
    assert first == "<h2>Knee pain</h2>"
    assert memo.render(macros.card, item(), (2,), PAGE) is first  # from the memo
    assert memo.render(macros.card, item(), (3,), PAGE) == "<h3>Knee pain</h3>"
    assert memo.render(macros.card, item(title="Back pain"), (2,), PAGE) == "<h2>Back pain</h2>"
    assert memo.render(macros.card, item(), (2,), ("../..", None, None)) is not first


def test_an_attribute_read_only_sometimes_joins_the_key(macros):
    memo = FragmentMemo("code")
    assert memo.render(macros.card, item(), (2,), PAGE) == "<h2>Knee pain</h2>"
    assert memo.render(macros.card, item(flag=True, extra="one"), (2,), PAGE) \
        == "<h2>Knee pain</h2><p>one</p>"
    assert memo.render(macros.card, item(flag=True, extra="two"), (2,), PAGE) \
        == "<h2>Knee pain</h2><p>two</p>"
    assert memo.reads["card"] == ("extra", "flag", "title")


def test_markup_and_text_are_different_values(macros):
    memo = FragmentMemo("code")
    assert memo.render(macros.card, item(title=Markup("<b>Knee</b>")), (2,), PAGE) \
        == "<h2><b>Knee</b></h2>"
    assert memo.render(macros.card, item(title="<b>Knee</b>"), (2,), PAGE) \
        == "<h2>&lt;b&gt;Knee&lt;/b&gt;</h2>"


def test_a_value_it_cannot_key_is_rendered_every_time(macros):
    memo = FragmentMemo("code")

    class Shown:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    assert memo.render(macros.card, item(title=Shown("one")), (2,), PAGE) == "<h2>one</h2>"
    assert memo.render(macros.card, item(title=Shown("two")), (2,), PAGE) == "<h2>two</h2>"
    assert memo.texts == {}


def test_a_macro_that_prints_its_subject_is_refused(macros):
    with pytest.raises(TypeError, match="only read its subject's attributes"):
        FragmentMemo("code").render(macros.whole, item(), (), PAGE)


def test_term_lists_answer_in_by_identity():
    one, two, twin = object(), object(), object()
    members = MemberList([one])
    assert one in members and two not in members and twin not in members
    members.append(two)
    assert two in members
    assert members == [one, two] and members[:1] == [one]


def test_a_session_with_the_memo_writes_what_rendering_every_card_writes(tmp_path, monkeypatch):
    """The real content and theme with 60 generated articles, built by a live session
    (the memo's only user): cards on the archive, the index pages, categories, topics,
    services and related lists."""
    from live import LiveSite

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    generated = generate(tmp_path / "generated", 60)["site"] / "content" / "articles"
    for path in sorted(generated.glob("*.md")):
        shutil.copy(path, content / "articles" / path.name)

    def session_build(name: str) -> tuple[dict, LiveSite]:
        session = LiveSite(ROOT / "pelicanconf.py", {
            "PATH": str(content), "OUTPUT_PATH": str(tmp_path / name),
            "CACHE_PATH": str(tmp_path / f"{name}-cache"), "GUARDRAILS": {"strict": False},
            "SEARCH_INDEX": {"enabled": False}})
        assert session.rebuild()
        return output_tree(tmp_path / name), session

    with_memo, session = session_build("memo")
    kept = session.memos[fragments.MEMO]["memo"].texts
    rendered = []

    def afresh(self, macro, subject, args, page):
        rendered.append(macro.name)
        return macro(subject, *args)

    monkeypatch.setattr(fragments.FragmentMemo, "render", afresh)
    without, _session = session_build("afresh")
    # Every card shown is kept once per heading level, and most are shown more than once.
    assert 60 < len(kept) < rendered.count("article_card") / 2, (len(kept), len(rendered))
    assert with_memo.keys() == without.keys()
    differing = sorted(name for name in with_memo if with_memo[name] != without[name])
    assert differing == [], first_difference(with_memo[differing[0]], without[differing[0]],
                                             differing)


def test_a_one_off_build_renders_each_card_itself():
    from site_core import start_build

    settings = {"THEME": str(ROOT / "theme")}
    start_build(settings)
    assert fragments.memo_fragment_for(settings).__name__ == "render_macro"
