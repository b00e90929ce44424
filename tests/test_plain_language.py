"""Plain language: the reading grades, hard sentences, the word list, targets and
`invoke check --plain`, on the seed article and on small texts (plugins/plain_language)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import textstat
import yaml
from plain_language import (
    WORD_LIST,
    analyse,
    file_findings,
    finding_lists,
    findings,
    inflections,
    place_lines,
    settings_for,
    target_for,
    word_index,
    word_list_problems,
)
from plain_language.analysis import graded_text, passive_verbs

ROOT = Path(__file__).resolve().parent.parent
SEED = "content/articles/everything-about-dry-needling.md"
RULES = {"hard_grade": 10, "very_hard_grade": 14, "paragraph_words": 110}


def seed_article(site):
    return next(c for c in site.contents() if c.source_path.endswith(SEED))


def test_the_seed_articles_two_grades_are_textstats(site):
    from site_core.compat import raw_html

    article = seed_article(site)
    text = graded_text(raw_html(article))
    result = article.plain_language
    assert result["flesch_kincaid"] == textstat.flesch_kincaid_grade(text)
    assert result["smog"] == textstat.smog_index(text)
    assert (round(result["flesch_kincaid"], 1), round(result["smog"], 1)) == (13.3, 15.0)
    # The same text content_lint grades (the report's Grade column).
    from content_lint import readability

    assert round(result["flesch_kincaid"], 1) == readability(raw_html(article))[0]


def test_the_seed_articles_hardest_sentences_are_named(site):
    sentences = finding_lists(seed_article(site).plain_language)["sentences"]
    named = [(s["strength"], s["line"], " ".join(s["opening"].split()[:6])) for s in sentences]
    assert [entry for entry in named if entry[0] == "very hard"] == [
        ("very hard", 14, "Unlike traditional acupuncture, which is rooted"),
        ("very hard", 14, "It is often used as part"),
        ("very hard", 16, "That's why Apollo Physiotherapy Massage and"),
        ("very hard", 20, "Dry needling is a therapeutic technique"),
        ("very hard", 24, "During dry needling sessions at Apollo"),
        ("very hard", 24, "The insertion is typically quick and"),
        ("very hard", 26, "Discover the physiotherapy services in NE"),
        ("very hard", 30, "Top medical professionals believe that the"),
        ("very hard", 30, "Some also believe that the twitch"),
        ("very hard", 32, "When considering dry needling, it is"),
        ("very hard", 32, "The practitioner should have a thorough"),
        ("very hard", 36, "Therefore, it is crucial to choose"),
        ("very hard", 40, "Apollo Physiotherapy Massage and Chiro has"),
        ("very hard", 40, "We also bring various other physiotherapy"),
    ]
    assert [entry for entry in named if entry[0] == "hard"] == [
        ("hard", 14, "Still a lot of individuals living"),
        ("hard", 20, "This is commonly used by healthcare"),
        ("hard", 22, "These trigger points are highly irritable"),
        ("hard", 22, "By inserting needles directly into the"),
        ("hard", 36, "While dry needling is generally safe"),
        ("hard", 36, "Complications are rare but can include"),
    ]
    hardest = max(sentences, key=lambda s: s["grade"])
    assert hardest["opening"] == "Top medical professionals believe that the insertion of" and \
        hardest["words"] == 42


def test_the_seed_articles_word_list_hits_with_their_lines(site):
    result = finding_lists(seed_article(site).plain_language)
    plainer = [(hit["text"], hit["line"]) for hit in result["word_hits"]
               if hit["kind"] == "plainer"]
    assert plainer == [
        ("comprehensive", 14), ("individuals", 14), ("therapeutic", 20), ("alleviate", 20),
        ("primary", 22), ("objective", 22), ("dysfunction", 22), ("identify", 24),
        ("insertion", 24), ("typically", 24), ("individuals", 24), ("sensation", 24),
        ("insertion", 30), ("insertion", 30), ("dysfunctional", 30), ("essential", 32),
        ("ensure", 32), ("insertion", 36), ("performed", 36), ("Therefore", 36),
        ("crucial", 36), ("individuals", 40)]
    # Medical terms: only where they first appear, and never with a replacement.
    explain = [(hit["text"], hit["line"]) for hit in result["word_hits"]
               if hit["kind"] == "explain"]
    assert explain == [("musculoskeletal", 14), ("chronic", 14), ("tendonitis", 14),
                       ("myofascial", 22), ("trigger points", 22), ("endorphins", 30)]
    assert all("plainer" not in hit for hit in result["word_hits"] if hit["kind"] == "explain")
    assert [(p["text"], p["line"]) for p in result["passive"]] == [
        ("is rooted", 14), ("is based", 14), ("is often used", 14), ("is commonly used", 20),
        ("is not performed", 36)]
    assert result["long_paragraphs"] == []


def test_findings_are_one_compiler_style_line_each(site):
    article = seed_article(site)
    lines = [str(p) for p in file_findings(article, SEED, settings_for(article.settings))]
    assert lines[0] == (
        f"{SEED}:12: plain: reads at Flesch-Kincaid 13.3, SMOG 15.0; the target for articles "
        f"is SMOG 9 or below. Shorten the sentences and use the plainer words that "
        f"'invoke check --plain {SEED}' lists; if the text cannot be plainer, give the reason "
        "in plain_language_waiver.")
    assert f"{SEED}:20: plain: 'alleviate' has a plainer word. Try 'ease' or 'relieve'." in lines
    assert (f"{SEED}:22: plain: 'myofascial' is a medical term. Keep it, and say what it means "
            "the first time it appears, e.g. 'to do with muscles and the tissue around them'."
            ) in lines
    assert (f"{SEED}:30: plain: very hard sentence (grade 22; 42 words, 11 of three or more "
            "syllables): 'Top medical professionals believe that the insertion of ...'. "
            "Split it, and use shorter words.") in lines
    assert (f"{SEED}:36: plain: 'is not performed' may be passive. Say who does it: "
            "'physiotherapists use it', not 'it is used'.") in lines
    assert all(re.fullmatch(rf"{re.escape(SEED)}:\d+: plain: [^\n]+", line) for line in lines)
    numbers = [int(line.split(":")[1]) for line in lines[1:]]
    assert numbers == sorted(numbers)


def test_a_build_keeps_the_findings_packed_and_they_unpack_to_what_was_found(site):
    from plain_language import plain_setup

    from front_matter import read_source
    from site_core.compat import raw_html

    article = seed_article(site)
    kept = article.plain_language
    assert isinstance(kept["findings"], bytes) and not {"sentences", "word_hits"} & set(kept)
    source = read_source(article.source_path)
    rules, index = plain_setup(article.settings)
    found = place_lines(analyse(raw_html(article), index, rules), source, kept["first_line"])
    assert finding_lists(kept) == finding_lists(found)
    assert {name: kept[name] for name in ("flesch_kincaid", "smog", "words")} == \
        {name: found[name] for name in ("flesch_kincaid", "smog", "words")}
    assert findings(kept, SEED) == findings(found, SEED)


# The pure core ---------------------------------------------------------------

def test_a_plain_text_has_no_findings():
    html = "<p>Walk a little every day. Rest when it hurts. Ask us if you are not sure.</p>"
    result = analyse(html, word_index([]), RULES)
    assert result["sentences"] == result["passive"] == result["long_paragraphs"] == []
    assert result["flesch_kincaid"] < 3


def test_inflections_find_the_usual_endings():
    assert {"utilise", "utilises", "utilised", "utilising"} <= inflections("utilise")
    assert {"vertebra", "vertebrae"} <= inflections("vertebra")
    index = word_index([{"word": "utilise", "also": ["utilize"], "plainer": ["use"]},
                        {"word": "trigger point", "explain": "first use"}])
    html = ("<p>We utilized a needle on the trigger point, then utilise heat.</p>"
            "<p>Trigger points are common.</p>")
    hits = analyse(html, index, RULES)["word_hits"]
    assert [(h["text"], h["kind"]) for h in hits] == [
        ("utilized", "plainer"), ("trigger point", "explain"), ("utilise", "plainer")]


@pytest.mark.parametrize(("sentence", "found"), [
    ("The needle is inserted by the physiotherapist.", ["is inserted"]),
    ("It is thought to ease pain.", ["is thought"]),
    ("They were not properly trained.", ["were not properly trained"]),
    ("Dry needling is safe for most people.", []),
    ("You may need more sessions.", []),
    ("The muscle is red and sore.", []),
])
def test_passive_verbs(sentence, found):
    assert passive_verbs(sentence) == found


def test_a_long_paragraph_and_where_it_starts():
    words = " ".join(["Walk to the shop and back."] * 25)  # 150 words
    source = "---\ntitle: T\n---\n\nShort one.\n\n" + words + "\n"
    result = place_lines(analyse(f"<p>Short one.</p><p>{words}</p>", word_index([]), RULES),
                         source, 4)
    assert [(p["words"], p["line"]) for p in result["long_paragraphs"]] == [(150, 7)]
    assert str(findings(result, "a.md")[-1]) == (
        "a.md:7: plain: this paragraph has 150 words: longer than a phone screen. "
        "Split it into paragraphs of one idea each.")


def test_a_repeated_word_gets_each_of_its_own_lines():
    source = "---\ntitle: T\n---\n\nWe utilise heat.\n\nRest.\n\nWe utilise ice.\n"
    html = "<p>We utilise heat.</p><p>Rest.</p><p>We utilise ice.</p>"
    index = word_index([{"word": "utilise", "plainer": ["use"]}])
    placed = place_lines(analyse(html, index, RULES), source, 4)
    assert [(h["text"], h["line"]) for h in placed["word_hits"]] == [("utilise", 5),
                                                                      ("utilise", 9)]


# The word list ----------------------------------------------------------------

def test_the_word_list_is_well_formed_and_names_its_sources():
    data = yaml.safe_load(WORD_LIST.read_text(encoding="utf-8"))
    assert word_list_problems(data) == []
    publishers = " ".join(source["publisher"] for source in data["sources"])
    for body in ("plainlanguage.gov", "NHS", "Government Digital Service", "CDC", "NIH"):
        assert body in publishers
    words = {entry["word"]: entry for entry in data["words"]}
    assert words["utilise"]["plainer"] == ["use"] and words["alleviate"]["plainer"][0] == "ease"
    assert words["commence"]["plainer"][0] == "start"
    for term in ("myofascial", "musculoskeletal", "intramuscular"):
        assert words[term]["explain"] == "first use" and "plainer" not in words[term]
    assert len(data["words"]) >= 90


@pytest.mark.parametrize(("data", "problem"), [
    ({"words": []}, "the word list has two parts: 'sources' and 'words'"),
    ({"sources": [{"name": "A", "publisher": "B", "url": "http://x"}], "words": []},
     "source 1 needs a name, a publisher and an https:// url"),
    ({"sources": [{"name": "A", "publisher": "B", "url": "https://x"}],
      "words": [{"word": "Utilise", "plainer": ["use"]}]},
     "word 1 (Utilise): 'Utilise' must be written in lower case"),
    ({"sources": [{"name": "A", "publisher": "B", "url": "https://x"}],
      "words": [{"word": "use", "plainer": ["x"]}, {"word": "use", "plainer": ["y"]}]},
     "word 2 (use): 'use' is listed twice (word 1)"),
    ({"sources": [{"name": "A", "publisher": "B", "url": "https://x"}],
      "words": [{"word": "myofascial", "explain": "first use", "plainer": ["muscle"]}]},
     "word 1 (myofascial) has either 'plainer' (a list of words) or 'explain: first use' "
     "(and perhaps 'hint'), and 'also' if it has other spellings"),
])
def test_word_list_mistakes_are_named(data, problem):
    assert word_list_problems(data)[0] == problem


# Targets ------------------------------------------------------------------------

def test_targets_by_type_and_category_and_their_checks():
    rules = settings_for({"PLAIN_LANGUAGE": {
        "categories": {"Clinic news": {"smog": 11, "severity": "warning"}}}})
    assert target_for("article", "Treatments", rules) == {"smog": 9, "severity": "advice",
                                                          "for": "articles"}
    assert target_for("article", "Clinic news", rules) == {
        "smog": 11, "severity": "warning", "for": "the category Clinic news"}
    assert target_for("page", "", rules)["smog"] == 10
    with pytest.raises(ValueError, match="severity for article must be 'advice' or 'warning'"):
        settings_for({"PLAIN_LANGUAGE": {"targets": {"article": {"smog": 9,
                                                                 "severity": "error"}}}})
    with pytest.raises(ValueError, match="unknown key 'grade'"):
        settings_for({"PLAIN_LANGUAGE": {"targets": {"article": {"grade": 9}}}})


PLAIN_ARTICLE = """\
---
title: Knee pain
date: 2026-01-02
summary: What helps knee pain.
category: Conditions
tags: [knee pain]
author: apollo-clinic
services: []
reviewed_by: apollo-clinic
last_reviewed: 2026-01-05
{extra}---

Physiotherapists utilise a comprehensive assessment of the musculoskeletal system in order
to determine the most appropriate intervention for individuals experiencing knee pain.

Walk a little every day.
"""


def plain_site(tmp_path, extra=""):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "articles" / "knee.md").write_text(PLAIN_ARTICLE.format(extra=extra),
                                                  encoding="utf-8")
    return content


def problems_of(tmp_path, content, settings_file="pelicanconf.py", **overrides):
    from conftest import build_site
    from site_core import reported_problems

    try:
        build_site(tmp_path / "out", settings_file, content, **overrides)
        passed = True
    except SystemExit:
        passed = False
    failing = [str(p) for p in reported_problems() if p.severity != "advice"]
    return passed, [str(p) for p in reported_problems() if p.path.endswith("knee.md")] + \
        [f"(fails) {p}" for p in failing if not p.startswith("content/articles/knee.md")]


KNEE_GRADE = ("content/articles/knee.md:11: plain: reads at Flesch-Kincaid {fk}, SMOG {smog}; "
              "the target for {whose} is SMOG 9 or below. Shorten the sentences and use the "
              "plainer words that 'invoke check --plain content/articles/knee.md' lists; if the "
              "text cannot be plainer, give the reason in plain_language_waiver.")


@pytest.mark.slow
def test_a_page_above_its_target_is_advice_a_warning_if_raised_and_a_waiver_silences_it(
        tmp_path, monkeypatch):
    content = plain_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    passed, problems = problems_of(tmp_path, content)
    grade = [p for p in problems if ": plain: reads at" in p]
    assert passed and grade == [KNEE_GRADE.format(fk="15.9", smog="15.9", whose="articles")]
    passed, problems = problems_of(tmp_path, content, "publishconf.py", PLAIN_LANGUAGE={
        "categories": {"Conditions": {"smog": 9, "severity": "warning"}}})
    assert not passed and KNEE_GRADE.format(fk="15.9", smog="15.9",
                                            whose="the category Conditions") in problems
    waived = plain_site(tmp_path / "waived", "plain_language_waiver: The clinical terms are "
                                             "needed here.\n")
    monkeypatch.chdir(tmp_path / "waived")
    passed, problems = problems_of(tmp_path / "waived", waived, "publishconf.py", PLAIN_LANGUAGE={
        "categories": {"Conditions": {"smog": 9, "severity": "warning"}}})
    assert passed and not [p for p in problems if ": plain:" in p]


@pytest.mark.slow
def test_invoke_check_plain_prints_one_line_a_finding(tmp_path):
    content = plain_site(tmp_path)
    result = subprocess.run(
        [str(ROOT / ".venv/bin/invoke"), "-r", str(ROOT), "check", "--content", str(content),
         "--plain", str(content / "articles" / "knee.md")],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if ": plain: " in line]
    path = str(content / "articles" / "knee.md")
    assert lines == [
        f"{path}:11: plain: reads at Flesch-Kincaid 15.9, SMOG 15.9; the target for articles "
        f"is SMOG 9 or below. Shorten the sentences and use the plainer words that 'invoke "
        f"check --plain {path}' lists; if the text cannot be plainer, give the reason in "
        "plain_language_waiver.",
        f"{path}:13: plain: very hard sentence (grade 20.9; 22 words, 9 of three or more "
        "syllables): 'Physiotherapists utilise a comprehensive assessment of the "
        "musculoskeletal ...'. Split it, and use shorter words.",
        f"{path}:13: plain: 'utilise' has a plainer word. Try 'use'.",
        f"{path}:13: plain: 'comprehensive' has a plainer word. Try 'full' or 'complete'.",
        f"{path}:13: plain: 'musculoskeletal' is a medical term. Keep it, and say what it "
        "means the first time it appears, e.g. 'to do with muscles, bones and joints'.",
        f"{path}:13: plain: 'in order to' has a plainer word. Try 'to'.",
        f"{path}:14: plain: 'determine' has a plainer word. Try 'find out' or 'decide'.",
        f"{path}:14: plain: 'individuals' has a plainer word. Try 'people'.",
    ]
    missing = subprocess.run(
        [str(ROOT / ".venv/bin/invoke"), "-r", str(ROOT), "check", "--content", str(content),
         "--plain", "nowhere.md"], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert missing.returncode == 2 and "nowhere.md is not a page of the site" in missing.stderr


# The team's own health text ------------------------------------------------------

def test_the_teams_own_health_text_reads_at_the_article_target():
    from plain_language import own_text_rows

    rows = {row["name"]: row for row in own_text_rows(ROOT / "theme")}
    assert list(rows) == [
        "The theme's words (every page)",
        "The new-article starter: opening, key points and sections",
        "The new-article starter: the urgent-help wording",
        "The new-article starter: questions and answers"]
    target = settings_for({})["targets"]["article"]["smog"]
    for name, row in rows.items():
        assert row["smog"] <= target and row["flesch_kincaid"] <= 8, (name, row)
        assert row["words"] >= 10, name
    urgent = rows["The new-article starter: the urgent-help wording"]
    assert (round(urgent["flesch_kincaid"], 1), round(urgent["smog"], 1)) == (6.5, 8.8)


@pytest.mark.slow
def test_the_editorial_report_has_both_grades_and_the_teams_own_text(tmp_path, monkeypatch):
    from bs4 import BeautifulSoup

    from conftest import build_site

    monkeypatch.chdir(ROOT)
    built = build_site(tmp_path / "out", EDITORIAL_REPORT={
        "enabled": True, "save_as": "editorial-report/index.html"})
    report = BeautifulSoup((built.output / "editorial-report/index.html").read_text(), "lxml")
    table = report.select("table")[0]
    headings = [th.get_text() for th in table.select("thead th")]
    assert headings[-1] == "Reading"
    rows = {tr.th.a.get_text().replace("\xa0", " "): [td.get_text(" ", strip=True)
                                                      for td in tr.find_all("td")]
            for tr in table.select("tbody tr")}
    assert rows["Everything you need to know about dry needling"][-1] == (
        "Flesch-Kincaid 13.3, SMOG 15.0; target SMOG 9 or below: above it")
    own = report.select("table")[1]
    assert report.find(id="own-text").get_text() == "The site's own health text"
    names = [th.get_text(" ", strip=True) for th in own.select("tr > th[scope=row]")]
    assert names[2] == "The new-article starter: the urgent-help wording theme/starters/article.md"
    assert [td.get_text() for td in own.select("tr")[3].find_all("td")][:3] == \
        ["6.5", "8.8", "17"]


def test_the_preview_shows_the_aid_only_when_asked(tmp_path):
    from live import LiveSite
    from live.overlay import problems_box
    from live.reading_aid import reading_aid

    settings = ROOT / "pelicanconf.py"
    output = {"OUTPUT_PATH": str(tmp_path)}
    assert LiveSite(settings, output).page_additions == [problems_box]
    assert LiveSite(settings, output, reading_aid=True).page_additions == [problems_box,
                                                                            reading_aid]
    by_setting = LiveSite(settings, {**output, "PLAIN_LANGUAGE": {"preview_aid": True}})
    assert reading_aid in by_setting.page_additions


def test_the_marks_only_wrap_the_text():
    from bs4 import BeautifulSoup
    from plain_language.preview import mark_page

    page = ("<html><body><main><article><header><h1>T</h1></header><div class=\"prose\">"
            "<p>We <strong>utilise</strong> a comprehensive assessment of the "
            "musculoskeletal system in order to determine the most appropriate "
            "intervention for <a href=\"/x/\">individuals experiencing</a> knee pain.</p>"
            "<p>It is thought to help.</p></div></article></main></body></html>")
    index = word_index([{"word": "utilise", "plainer": ["use"]},
                        {"word": "musculoskeletal", "explain": "first use"}])
    target = {"smog": 9, "severity": "advice", "for": "articles"}
    marked = BeautifulSoup(mark_page(page, index, RULES, target), "html.parser")
    before = BeautifulSoup(page, "html.parser")
    assert marked.select_one(".prose").get_text() == before.select_one(".prose").get_text()
    assert [w.get_text() for w in marked.select(".prose .plain-aid__word")] == [
        "utilise", "musculoskeletal"]
    assert marked.select_one(".prose .plain-aid__word")["data-plain-aid-hint"] == "Plainer: use"
    assert marked.select_one(".prose strong .plain-aid__word")  # inside the writer's markup
    assert [p.get_text() for p in marked.select(".prose .plain-aid__passive")] == ["is thought"]
    sentence = marked.select(".prose mark.plain-aid__sentence--very-hard")
    assert len({m["data-plain-aid-mark"] for m in sentence}) == 1 and len(sentence) > 2
    assert marked.select_one("#plain-aid").find_previous_sibling("header") is not None
    assert marked.find("script") is None


def test_invoke_report_prints_the_teams_own_text():
    from plain_language import own_text_rows
    from rich.console import Console

    from editorial_report import own_text_table

    console = Console(record=True, width=200)
    console.print(own_text_table(own_text_rows(ROOT / "theme")))
    text = console.export_text()
    assert "The site's own health text" in text
    assert "The new-article starter: the urgent-help wording" in text and "theme/starters/article.md" in text
