"""Text pasted from Word, Outlook or a web page, in English and in the Punjabi and
Urdu test translations: each case with its exact message.

Front matter: a Unicode space where YAML needs a plain one, or curly quotes around
a value, is named on its own line with the field. Body: zero-width spaces, soft
hyphens, word joiners, stray bidi controls and control characters are removed
with advice on their line; zero-width (non-)joiners stay in the scripts that need
them. The characters are the ones Word and Outlook put into copied text (Word's
"optional hyphen" is U+00AD, its "no-width optional break" U+200B, its
"non-breaking space" U+00A0, its smart quotes U+201C/U+201D).
"""

from __future__ import annotations

from collections import Counter

import feedparser
import pytest
from test_translations import SLUG, translated_content

from conftest import build_site
from front_matter.pasted import clean_text
from site_core import reported_problems

ARTICLE = """\
---
title: Knee pain when climbing stairs
date: 2026-01-02
summary: Why stairs can hurt a knee, and what helps.
category: Conditions
tags: [knee pain]
author: apollo-clinic
services: []
reviewed_by: apollo-clinic
last_reviewed: 2026-01-02
---

Stairs ask a lot of the knee.
"""


URDU_TITLE = "ڈرائی نیڈلنگ کے بارے میں (جانچ کی تحریر)"


def front(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def build(tmp_path, files: dict[str, str], settings="pelicanconf.py", **overrides):
    content = translated_content(tmp_path)
    for relative, text in files.items():
        (content / relative).write_text(text, encoding="utf-8")
    try:
        site = build_site(tmp_path / "output", settings, content=content, **overrides)
    except SystemExit:
        site = None
    return content, site, [f"{p.severity}: {p}" for p in reported_problems()]


def translation_text(lang: str) -> str:
    from conftest import ROOT

    return (ROOT / "tests" / "data" / "translations" / f"{SLUG}.{lang}.md").read_text(
        encoding="utf-8")


def test_unicode_spaces_and_curly_quotes_in_front_matter_are_named_on_their_line(tmp_path):
    files = {
        "articles/nbsp-after-field.md": front(ARTICLE, "summary: ", "summary:\u00a0"),
        "articles/nbsp-indent.md": front(ARTICLE, "tags: [knee pain]",
                                         "tags:\n\u00a0 - knee pain"),
        "articles/nbsp-line-start.md": front(ARTICLE, "summary:", "\u00a0summary:"),
        "articles/space-before-colon.md": front(ARTICLE, "summary:", "summary\u202f:"),
        "articles/em-space.md": front(ARTICLE, "category: ", "category:\u2003"),
        "articles/nbsp-list-item.md": front(ARTICLE, "tags: [knee pain]",
                                            "tags:\n  -\u00a0knee pain"),
        "articles/curly-title.md": front(
            ARTICLE, "title: Knee pain when climbing stairs",
            "title: \u201cKnee pain: why stairs hurt\u201d"),
        "articles/control-in-title.md": front(ARTICLE, "when climbing", "when\u0001climbing"),
        f"articles/{SLUG}.pa.md": front(translation_text("pa"), "summary: ", "summary:\u00a0"),
        f"articles/{SLUG}.ur.md": front(translation_text("ur"), "title: " + URDU_TITLE,
                                        f"title: \u201c{URDU_TITLE}\u201d"),
    }
    content, site, problems = build(tmp_path, files)
    assert site is None  # errors: the build stops
    base = content / "articles"
    expected = [
        f"error: {base}/nbsp-after-field.md:4: summary: a non-breaking space (U+00A0) after "
        "'summary:'. Type an ordinary space.",
        f"error: {base}/nbsp-indent.md:7: tags: a non-breaking space (U+00A0) at the start of "
        "the line. Indent with ordinary spaces: delete the space and type it again.",
        f"error: {base}/nbsp-line-start.md:4: summary: a non-breaking space (U+00A0) at the "
        "start of the line. Indent with ordinary spaces: delete the space and type it again.",
        f"error: {base}/space-before-colon.md:4: summary: a narrow non-breaking space (U+202F) "
        "before the ':'. Delete it: write 'summary:' with nothing between.",
        f"error: {base}/em-space.md:5: category: an em space (U+2003) after 'category:'. "
        "Type an ordinary space.",
        f"error: {base}/nbsp-list-item.md:7: tags: a non-breaking space (U+00A0) after the '-' "
        "of a list item. Type an ordinary space.",
        f"error: {base}/curly-title.md:2: title: the value is in curly quotes (\u201c \u201d), "
        "which YAML keeps as part of the text. Type straight quotes instead (a word processor "
        'curls them): title: "Knee pain: why stairs hurt"',
        f"error: {base}/control-in-title.md:2: title: the control character U+0001 is on this "
        "line: it cannot be seen, and no page or feed can hold it. Delete and retype the line "
        "(it came with pasted text).",
        f"error: {base}/{SLUG}.pa.md:5: summary: a non-breaking space (U+00A0) after "
        "'summary:'. Type an ordinary space.",
        f"error: {base}/{SLUG}.ur.md:2: title: the value is in curly quotes (\u201c \u201d), "
        "which YAML keeps as part of the text. Type straight quotes instead (a word processor "
        f'curls them): title: "{URDU_TITLE}"',
    ]
    for message in expected:
        assert message in problems, "\n".join(problems)
    for name in files:  # one message per mistake, none of YAML's grammar
        here = [p for p in problems if f"{base.parent}/{name}:" in p]
        assert len(here) == 1, here
    assert not any("could not find expected" in p or "block end" in p for p in problems)


def test_invisible_characters_in_the_body_are_removed_with_advice(tmp_path):
    english = ARTICLE.replace(
        "Stairs ask a lot of the knee.\n",
        "Stairs ask a lot of the\u200b knee.\n\n"
        "Physio\u00adtherapy helps; the word\u2060joiner goes.\n\n"
        "A stray \u202eright-to-left override and a \u200fmark go too.\n\n"
        "A control\u0001 character from an old system, and a \u200cnon-joiner in English.\n")
    punjabi = translation_text("pa").replace(
        "ਟੈਸਟ ਲਿਖਤ।\n", "ਟੈਸਟ\u200b ਲਿਖਤ। ਕ੍\u200dਰਮ\n", 1)
    urdu = translation_text("ur")
    first_urdu_line = urdu.split("\n---\n", 1)[1].strip().splitlines()[0]
    urdu = urdu.replace(first_urdu_line,
                        first_urdu_line + " نمی\u200cخواهم \u200fABC \u00ad", 1)
    content, site, problems = build(tmp_path, {
        "articles/knee-stairs.md": english, f"articles/{SLUG}.pa.md": punjabi,
        f"articles/{SLUG}.ur.md": urdu}, "publishconf.py", GUARDRAILS={"strict": False})
    assert site is not None, "\n".join(problems)
    base = content / "articles"
    tail = ", which came with pasted text and cannot be seen. Nothing to fix on the page; " \
           "to clean the file too, retype the line."
    assert [i for i, line in enumerate(urdu.splitlines(), 1) if "\u200c" in line] == [12]
    punjabi_line = [i for i, line in enumerate(punjabi.splitlines(), 1) if "\u200b" in line]
    assert punjabi_line == [16]
    for message in [
        f"advice: {base}/knee-stairs.md:13: text: removed a zero-width space (U+200B){tail}",
        f"advice: {base}/knee-stairs.md:15: text: removed a soft hyphen (U+00AD) and a word "
        f"joiner (U+2060){tail}",
        f"advice: {base}/knee-stairs.md:17: text: removed a right-to-left override (U+202E) and "
        f"a right-to-left mark (U+200F){tail}",
        f"advice: {base}/knee-stairs.md:19: text: removed the control character U+0001 and a "
        f"zero-width non-joiner (U+200C){tail}",
        f"advice: {base}/{SLUG}.pa.md:16: text: removed a zero-width space "
        f"(U+200B){tail}",
        f"advice: {base}/{SLUG}.ur.md:12: text: removed a soft hyphen (U+00AD){tail}",
    ]:
        assert message in problems, "\n".join(problems)
    page = (site.output / "articles" / "knee-pain-when-climbing-stairs" / "index.html"
            ).read_text(encoding="utf-8")
    for gone in "\u200b\u00ad\u2060\u202e\u200f\u0001\u200c":
        assert gone not in page, repr(gone)
    assert "Physiotherapy helps; the wordjoiner goes." in page.replace("\xa0", " ")
    punjabi_page = (site.output / "pa" / "articles" / SLUG / "index.html").read_text(
        encoding="utf-8").replace("\xa0", " ")
    assert "ਟੈਸਟ ਲਿਖਤ। ਕ੍\u200dਰਮ" in punjabi_page  # the joiner Gurmukhi needs stays
    urdu_page = (site.output / "ur" / "articles" / SLUG / "index.html").read_text(
        encoding="utf-8").replace("\xa0", " ")
    assert "نمی\u200cخواهم \u200f" in urdu_page  # ZWNJ and the mark in RTL text stay
    # The feed writer took the control character and stopped the build; now the feed
    # is written and reads as XML.
    feed = feedparser.parse(str(site.output / "feeds" / "all.atom.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert not any("\u0001" in entry.get("summary", "") for entry in feed.entries)


@pytest.mark.parametrize(("text", "kept"), [
    ("می\u200cخواهم", True),  # Persian: "I want", the non-joiner is spelling
    ("نمی\u200cدانم", True),  # Persian
    ("ज़िन्दगी क्\u200dष", True),  # Devanagari: half form with the joiner
    ("क्\u200cष", True),  # Devanagari: the non-joiner shows the virama
    ("ਸ੍\u200dਵ", True),  # Gurmukhi
    ("کتاب\u200cها", True),  # Urdu/Persian plural
    ("\U0001f469\u200d\u2695\ufe0f", True),  # an emoji sequence (health worker)
    ("phys\u200dio", False),  # between Latin letters: stray
    ("phys\u200cio", False),
])
def test_joiners_stay_only_where_a_script_needs_them(text, kept):
    cleaned, removed = clean_text(text)
    assert (cleaned == text) is kept
    assert bool(removed) is not kept


@pytest.mark.parametrize("word", ["café", "Montréal", "résumé", "naïve", "Zoë’s",
                                  "crème", "brûlée", "jalapeño", "Ça"])
def test_spelling_reads_words_with_accents_whole(word):
    """codespell lists 'caf' (and other stems) as misspellings: an accented letter
    must not cut the word there. A real misspelling next to it still warns."""
    from content_lint.content_lint import misspellings, spelling_problems

    table, allowed = misspellings("", "")
    assert "caf" in table  # what the old reading of 'café' ran into
    source = f"---\ntitle: x\n---\nA {word} here; you will recieve a plan.\n"
    found = [str(p) for p in spelling_problems(source, "f.md", table, allowed,
                                               first_body_line=4)]
    assert found == ["f.md:4: spelling: 'recieve' looks misspelt. Write 'receive'. If "
                     "'recieve' is right, add it to content/spelling/allowed-words.txt."]


def test_invisible_characters_written_as_character_references_are_removed_with_advice():
    """&#1;, &#x200B; and &shy; would put the same characters on the page (HTML pasted
    from another site): removed, with the same advice as the characters themselves."""
    text = "A control&#1; character.\nA zero&#x200B;width space and a soft&shy;hyphen.\n" \
           "An &amp; and &#233; stay.\nکتاب&zwnj;ها"
    cleaned, removed = clean_text(text)
    assert cleaned == "A control character.\nA zerowidth space and a softhyphen.\n" \
                      "An &amp; and &#233; stay.\nکتاب\u200cها"
    assert removed == [(1, Counter({"\x01": 1})), (2, Counter({"\u200b": 1, "\u00ad": 1}))]
