"""Writers' guardrails: the content model, the review gate, content lint, the
editorial report and the writer's commands. Pure cores case by case, then real builds."""

from __future__ import annotations

import datetime
import re
import sys

import pytest
from guardrails_helpers import article_text, tiny_site

from clinical_review.clinical_review import review_problems, review_state
from clinical_review.clinical_review import settings_for as review_settings
from conftest import ROOT, build_site, run_command
from content_lint.content_lint import (
    DEFAULTS as LINT_DEFAULTS,
)
from content_lint.content_lint import (
    lint_html,
    long_sentences,
    misspellings,
    readability,
    spelling_problems,
)
from content_model.content_model import DEFAULTS as MODEL_DEFAULTS
from content_model.content_model import folder_category, validate

RULES = dict(MODEL_DEFAULTS)
VALID = {"title": "Knee pain", "date": datetime.date(2026, 1, 2), "summary": "About knees.",
         "category": "Treatments", "tags": ["knees"], "author": "apollo-clinic",
         "services": [], "reviewed_by": "apollo-clinic",
         "last_reviewed": datetime.date(2026, 1, 5)}
LINES = {name: number for number, name in enumerate(VALID, start=2)}


def messages(problems) -> list[str]:
    return [f"{p.severity}: {p}" for p in problems]


# --- The content model -------------------------------------------------------

def test_a_valid_article_has_no_problems():
    assert validate(VALID, LINES, "article", RULES, "a.md") == []


@pytest.mark.parametrize(
    ("change", "kind", "expected"),
    [
        ({"sumary": "x", "summary": None}, "article",
         "error: a.md:1: sumary: 'sumary' is not a field of an article. Did you mean "
         "'summary'? Rename it."),
        ({"colour": "red"}, "article", "error: a.md:1: colour: 'colour' is not a field of an "
         "article. Remove it, or use one of: title, slug, summary, status, template, noindex, "
         "modified, redirect_from, date, category, tags, author, services, reviewed_by, last_reviewed, "
         "next_review, references, lang, image, plain_language_waiver."),
        ({"tags": None}, "article", "error: a.md:1: tags: an article needs the field 'tags'. "
         "Add a line 'tags: ...' to the front matter: topics, e.g. [knee pain, running]."),
        ({"tags": None, "status": "draft"}, "article", "warning: a.md:1: tags: an article "
         "needs the field 'tags'. Add a line 'tags: ...' to the front matter: topics, e.g. "
         "[knee pain, running]."),
        ({"tags": ["a", 3]}, "article", "error: a.md:6: tags: every item of the list must be "
         "some text. Write a list in square brackets, e.g. [first, second] (or [] for none)."),
        ({"title": ["A", "B"]}, "article", "error: a.md:2: title: is a list, not a single value. "
         "Write some text."),
        ({"title": "  "}, "article", "error: a.md:2: title: is empty. Write some text."),
        ({"noindex": "yes please"}, "page", "error: a.md:1: noindex: 'yes please' is not true "
         "or false. Write true or false."),
        ({"order": "first"}, "service", "error: a.md:1: order: 'first' is not a whole number. "
         "Write a whole number."),
        ({"status": "secret"}, "article", "error: a.md:1: status: 'secret' is not allowed. "
         "Use one of: published, draft, hidden."),
        ({"summary": "TODO write it"}, "article", "warning: a.md:4: summary: still holds a TODO "
         "placeholder. Replace it with one plain sentence; it becomes the meta description."),
        ({"summary": "x" * 161}, "article", "error: a.md:4: summary: is 161 characters long; "
         "the most is 160. Shorten it: search engines show it under the title and cut longer "
         "text."),
        ({"category": "Conditionz"}, "article", "error: a.md:5: category: 'Conditionz' is not "
         "one of the categories. Did you mean 'Conditions'? Use one of: Treatments, Conditions, "
         "Exercise and recovery, Clinic news."),
    ],
)
def test_each_schema_rule(change, kind, expected):
    fields = {k: v for k, v in {**VALID, **change}.items() if v is not None}
    if kind != "article":
        fields = {"title": "T", "slug": "t", "summary": "S", **change}
    assert messages(validate(fields, LINES, kind, RULES, "a.md")) == [expected]


def test_summary_length_is_a_setting():
    rules = {**RULES, "summary_max_length": 10}
    assert "the most is 10" in str(validate({**VALID, "summary": "x" * 11}, LINES, "article",
                                            rules, "a.md")[0])


def test_service_and_page_schemas_need_a_slug_and_summary():
    problems = validate({"title": "Massage"}, {"title": 2}, "service", RULES, "s.md")
    assert [p.field for p in problems] == ["slug", "summary"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [("articles/treatments/x.md", "Treatments"),
     ("articles/exercise-and-recovery/x.md", "Exercise and recovery"),
     ("articles/x.md", None), ("articles/knees/x.md", None)],
)
def test_category_from_folder(path, expected):
    assert folder_category(path, RULES["categories"]) == expected


def test_folder_category_makes_the_field_optional():
    fields = {k: v for k, v in VALID.items() if k != "category"}
    assert validate(fields, LINES, "article", RULES, "a.md", folder_default="Treatments") == []


# --- The clinical review gate ------------------------------------------------

TODAY = datetime.date(2026, 6, 1)


def review(last=datetime.date(2026, 1, 5), next_review=None, reviewer="apollo-clinic",
           status="published", strict=False, **settings):
    rules = review_settings({"CLINICAL_REVIEW": {"today": TODAY, **settings}})
    return messages(review_problems(
        path="a.md", lines={"reviewed_by": 10, "last_reviewed": 11, "title": 2},
        date=datetime.date(2020, 1, 2), last_reviewed=last,
        next_review=next_review or (last and last.replace(year=last.year + 3)),
        reviewed_by=reviewer, status=status, rules=rules, strict=strict))


def test_a_current_review_passes():
    assert review() == []


def test_overdue_is_a_warning_locally_and_an_error_in_strict_mode():
    last = datetime.date(2023, 5, 1)
    local, strict = review(last=last), review(last=last, strict=True)
    assert [m.split(":")[0] for m in local + strict] == ["warning", "error"]
    assert "was due on 2026-05-01 and is overdue" in local[0]


def test_grace_period_delays_overdue():
    last = datetime.date(2023, 5, 1)
    assert review(last=last, grace_days=45, strict=True) == []
    assert review(last=last, grace_days=45) == []
    assert review(last=last, grace_days=45, strict=True, today=datetime.date(2026, 6, 16))


def test_unreviewed_warns_locally_fails_production_and_drafts_wait():
    assert review(reviewer=None)[0].startswith("warning: a.md:10: reviewed_by: the article "
                                               "has no clinical review yet")
    assert review(last=None, require_review=True) == [
        "error: a.md:11: last_reviewed: the article has no clinical review, so it cannot be "
        "published. After the clinical review add reviewed_by and last_reviewed, or set "
        "'status: draft' to keep it out of the site until then."]
    assert review(reviewer=None, status="draft", require_review=True) == []


def test_next_review_cannot_stretch_the_interval():
    assert review(next_review=datetime.date(2030, 1, 1)) == [
        "error: a.md:1: next_review: 2030-01-01 is more than 3 year(s) after the last "
        "review. Use 2029-01-05 or earlier, or leave next_review out."]


@pytest.mark.parametrize(
    ("last", "next_review", "expected"),
    [(datetime.date(2026, 1, 1), datetime.date(2029, 1, 1), None),
     (datetime.date(2023, 1, 1), datetime.date(2026, 1, 1), "overdue"),
     (datetime.date(2023, 5, 20), datetime.date(2026, 5, 20), "due"),
     (None, None, "unreviewed")],
)
def test_review_state(last, next_review, expected):
    rules = {"today": TODAY, "grace_days": 14}
    assert review_state(last, next_review, "x" if last else None, "published", rules) == expected


@pytest.mark.parametrize("bad", [{"grace_days": -1}, {"today": "soon"}, {"colour": 1}])
def test_review_settings_are_checked(bad):
    with pytest.raises(ValueError, match="CLINICAL_REVIEW"):
        review_settings({"CLINICAL_REVIEW": bad})


# --- Content lint ------------------------------------------------------------

LINT_RULES = {**LINT_DEFAULTS, "own_hosts": {"apollophysioyyc.com", "www.apollophysioyyc.com"}}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p><img src="a.png" alt="A knee brace"></p>', []),
        ('<p><img src="a.png"></p>', ["image"]),
        ('<p><img src="a.png" alt=" "></p>', ["image"]),
        ("<h2>A</h2><h3>B</h3><h2>C</h2><h3>D</h3>", []),
        ("<h2>A</h2><h4>B</h4>", ["heading"]),
        ("<h1>A</h1>", ["heading"]),
        ('<a href="{filename}/pages/about.md">About us</a>', []),
        ('<a href="https://example.org/">The example site</a>', []),
        ('<a href="mailto:info@apollophysioyyc.com">info@apollophysioyyc.com</a>', []),
        ('<a href="{filename}/pages/about.md">Click here</a>', ["link text"]),
        ('<a href="{filename}/pages/about.md">read more</a>', ["link text"]),
        ('<a href="https://example.org/a">https://example.org/a</a>', ["link text"]),
        ('<a href="http://www.example.org">www.example.org</a>', ["link text"]),
        ('<a href="/about/">About us</a>', ["link"]),
        ('<a href="../about/">About us</a>', ["link"]),
        ('<a href="https://www.apollophysioyyc.com/about/">About us</a>', ["link"]),
        ('<a href="#safety">Safety</a>', []),
    ],
)
def test_lint_html(html, expected):
    assert [p.field for p in lint_html(html, "", "a.md", LINT_RULES)] == expected


def test_lint_findings_name_the_source_line():
    source = "---\ntitle: T\n---\n\nIntro.\n\n#### Deep one\n\n![](knee.png)\n"
    html = '<p>Intro.</p><h4>Deep one</h4><p><img src="knee.png"></p>'
    problems = lint_html(html, source, "a.md", LINT_RULES, first_line=4)
    assert [(p.line, p.field, p.severity) for p in problems] == [
        (9, "image", "warning"), (7, "heading", "warning")]


def test_readability_and_long_sentences():
    plain = "<p>Rest your knee. Use ice. Walk a little each day.</p>"
    hard = ("<p>Intramuscular stimulation necessitates comprehensive anatomical "
            "understanding, considerable practitioner experience, and meticulous "
            "consideration of contraindications, complications, and individual "
            "physiological characteristics before commencing any therapeutic intervention "
            "whatsoever in clinical practice settings.</p>")
    easy_grade, easy_words = readability(plain)
    hard_grade, _ = readability(hard)
    assert easy_words == 10 and easy_grade < 4 < 8 < hard_grade
    assert readability("<p></p>") == (None, 0)
    assert long_sentences(plain, 25) == [] and [n for _s, n in long_sentences(hard, 25)] == [29]
    # A heading or list item is a sentence of its own, not glued to the next one.
    assert long_sentences("<h2>" + "word " * 20 + "</h2><ul><li>" + "word " * 20 + "</li></ul>",
                          25) == []


def test_spelling_uses_codespell_and_the_clinics_lists(tmp_path):
    allowed = tmp_path / "allowed.txt"
    allowed.write_text("# notes\nrecieve\n")
    extra = ROOT / "content" / "spelling" / "clinical-misspellings.txt"
    table, allowed_words = misspellings(extra.read_text(encoding="utf-8"),
                                        allowed.read_text(encoding="utf-8"))
    source = ("---\nsumary: We recieve patients\n---\nSee a physiotheraphy team, teh end.\n"
              "[link](https://teh.example/accross)\n")
    problems = spelling_problems(source, "a.md", table, allowed_words, first_body_line=4)
    assert [str(p) for p in problems] == [
        "a.md:4: spelling: 'physiotheraphy' looks misspelt. Write 'physiotherapy'. If "
        "'physiotheraphy' is right, add it to content/spelling/allowed-words.txt.",
        "a.md:4: spelling: 'teh' looks misspelt. Write 'the'. If 'teh' is right, add it to "
        "content/spelling/allowed-words.txt.",
    ]


# --- Whole builds ------------------------------------------------------------

def test_the_clinics_seed_article_passes_strict_validation(production_site):
    seed = production_site.output / "articles/everything-about-dry-needling/index.html"
    assert seed.is_file()
    assert "status-banner" not in seed.read_text()


def test_production_does_not_write_drafts(production_site, site):
    assert production_site.settings["DRAFT_SAVE_AS"] == ""
    assert not (production_site.output / "drafts").exists()


def banner_of(built, relative: str) -> str:
    banner = built.page(relative).select_one(".status-banner")
    return " ".join(banner.get_text().split()) if banner else ""


def test_local_builds_show_unreviewed_and_overdue_articles_with_a_banner(tmp_path):
    content, _ = tiny_site(tmp_path, article_text({10: None, 11: None}), extra_files={
        "articles/old.md": article_text({2: "title: Old", 3: "slug: old", 4: "date: 2020-01-01",
                                         11: "last_reviewed: 2020-01-05"}),
    })
    built = build_site(tmp_path / "out", content=content,
                       CLINICAL_REVIEW={"interval_years": 3, "today": "2026-06-01"})
    assert banner_of(built, "articles/knee-pain/").startswith(
        "Not reviewed: this article has not had its clinical review yet.")
    assert banner_of(built, "articles/old/") == (
        "Review overdue: this article's clinical review was due on 5 January 2023. "
        "It must be reviewed again before it can be published.")
    time = built.page("articles/old/").select_one(".status-banner time")
    assert time["datetime"] == "2023-01-05"


def test_a_grace_period_keeps_a_just_due_article_publishable(tmp_path):
    content, _ = tiny_site(tmp_path, article_text({4: "date: 2023-01-01",
                                                   11: "last_reviewed: 2023-05-01"}))
    built = build_site(tmp_path / "out", "publishconf.py", content=content,
                       CLINICAL_REVIEW={"interval_years": 3, "grace_days": 60,
                                        "require_review": True, "today": "2026-06-01"})
    assert banner_of(built, "articles/knee-pain/") == ""
    with pytest.raises(SystemExit):
        build_site(tmp_path / "out2", "publishconf.py", content=content,
                   CLINICAL_REVIEW={"interval_years": 3, "grace_days": 10,
                                    "require_review": True, "today": "2026-06-01"})


def test_folder_gives_the_category(tmp_path):
    text = article_text({6: None})
    content, _ = tiny_site(tmp_path, text, name="exercise-and-recovery/knee-pain.md")
    built = build_site(tmp_path / "out", content=content)
    assert (built.output / "categories/exercise-and-recovery/index.html").is_file()
    crumbs = [a.get_text() for a in built.page("articles/knee-pain/").select(".breadcrumbs a")]
    assert crumbs == ["Home", "Articles", "Exercise and recovery"]


INVOKE = [sys.executable, "-m", "invoke"]


@pytest.mark.slow
def test_invoke_report_writes_an_unlinked_noindex_page_and_prints_the_table(tmp_path):
    content, _ = tiny_site(tmp_path, article_text(), extra_files={
        "articles/orphan.md": article_text({2: "title: Orphan", 3: "slug: orphan",
                                            10: None, 11: None, 9: "services: []"}),
        "pages/links.md": "---\ntitle: Links\nslug: links\nsummary: Links.\n---\n\n"
                          "Read [about knee pain]({filename}/articles/knee-pain.md).\n",
    })
    output = tmp_path / "out"
    result = run_command(*INVOKE, "report", "--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Editorial report" in result.stdout and "Links to it" in result.stdout
    assert "0 error(s), 1 warning(s)" in result.stdout
    report = (output / "editorial-report/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in report
    from bs4 import BeautifulSoup

    rows = {row.th.a.get_text().replace("\xa0", " "):
            [td.get_text(" ", strip=True) for td in row.find_all("td")]
            for row in BeautifulSoup(report, "lxml").select("tbody tr")}
    assert list(rows) == ["Orphan", "Knee pain", "Physiotherapy"]  # unreviewed first,
    # service pages last
    knee = rows["Knee pain"]
    assert knee[:4] == ["Apollo Physiotherapy Massage and Chiro",
                        "Apollo Physiotherapy Massage and Chiro", "2026-01-05", "2029-01-05"]
    # Links counted in the written site: home, lists, the other article's related card,
    # the service page and the Links page.
    assert re.fullmatch(r"in \d+ days", knee[4])
    assert re.fullmatch(r"\d+: home page, \d+ lists, 1 article, 1 service page, 1 page",
                        knee[7]), knee[7]
    # The trust standard's advice (reviewed by the clinic, no references): issue #24.
    assert knee[9] == ("advice: line 10: reviewed_by: 'apollo-clinic' is an organisation, not a "
                       "named clinician advice: line 2: references: the article lists no "
                       "references (Treatments is a clinical category)")
    assert knee[8] == "en: alt text, headings, links, spelling, readability, sentence length"
    assert float(knee[5]) > 0 and int(knee[6]) == 8
    orphan = rows["Orphan"]
    assert orphan[1] == "none" and orphan[4] == "not reviewed"
    # No text links to it: the home page, lists and knee pain's related card do.
    assert re.fullmatch(r"\d+: home page, \d+ lists, 1 article", orphan[7]), orphan[7]
    assert "warning: line 2: reviewed_by: the article has no clinical review yet" in orphan[9]
    for page in output.rglob("*.html"):
        if "editorial-report" not in str(page):
            assert "editorial-report" not in page.read_text(), page


@pytest.mark.slow
def test_invoke_check_passes_the_real_content_and_lists_advice():
    result = run_command(*INVOKE, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Content check" in result.stdout and "readability" in result.stdout
    assert "0 error(s), 0 warning(s)" in result.stdout
    assert "The check passed" in result.stdout


@pytest.mark.slow
def test_invoke_check_fails_on_a_warning_with_a_count(tmp_path):
    content, _ = tiny_site(tmp_path, article_text(body="![](knee.png)"))
    result = run_command(*INVOKE, "check", "--content", str(content))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    # No alt text (content lint) and no readable size for the missing knee.png (content blocks).
    assert "0 error(s), 2 warning(s)" in result.stdout
    assert "The check failed" in output


@pytest.mark.slow
def test_invoke_new_makes_a_draft_that_previews_but_cannot_be_published(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT))
    from invoke import Context
    from invoke.exceptions import Exit

    import tasks

    content, _ = tiny_site(tmp_path, article_text())
    monkeypatch.setattr(tasks.content, "CONTENT", content)
    tasks.new(Context(), "Shin splints", category="Exercise and recovery")
    created = content / "articles" / "exercise-and-recovery" / "shin-splints.md"
    text = created.read_text()
    assert f"date: {datetime.date.today().isoformat()}" in text and "category" not in text
    with pytest.raises(Exit, match="not a category"):
        tasks.new(Context(), "Other", category="Knees")
    local = run_command(sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py",
                        "-o", str(tmp_path / "local"), "--log-handler", "plain")
    assert local.returncode == 0, local.stderr
    assert (tmp_path / "local/drafts/shin-splints/index.html").is_file()
    # A draft's problems are its to-do list: shown, never stopping a build (issue 19).
    warnings = [line for line in local.stderr.splitlines() if "shin-splints.md" in line]
    assert warnings and all(line.endswith("(draft: to do before publishing)")
                            for line in warnings), local.stderr
    strict = run_command(sys.executable, "-m", "pelican", str(content), "-s", "publishconf.py",
                         "-o", str(tmp_path / "strict"), "--log-handler", "plain")
    assert strict.returncode == 0, strict.stderr
    assert not list((tmp_path / "strict").rglob("shin-splints*"))  # a draft is not published
    # Without `status: draft` the same problems count, and a strict build refuses it.
    created.write_text(re.sub(r"^status: draft.*\n", "", text, flags=re.MULTILINE),
                       encoding="utf-8")
    strict = run_command(sys.executable, "-m", "pelican", str(content), "-s", "publishconf.py",
                         "-o", str(tmp_path / "strict"), "--log-handler", "plain")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_writing_md_explains_every_message():
    """Every message of the corpus appears in WRITING.md word for word, with its fix."""
    from test_broken_content import CASES

    writing = (ROOT / "WRITING.md").read_text()
    missing = [
        text for case in CASES for text in filter(None, (case.expect, case.strict_expect))
        if "content/articles/knee-pain.md:" + text.replace("{content}", "content") not in writing
    ]
    assert not missing, "WRITING.md does not explain:\n" + "\n".join(missing)
    for heading in ("## Front matter", "## Clinical review", "## Checks on the text",
                    "## Commands", "## Preview", "## Messages", "## Content blocks"):
        assert f"\n{heading}\n" in writing, heading


def test_the_report_stays_out_of_the_sitemap_and_search(tmp_path):
    """With the report written by a production build, neither the sitemap nor Pagefind has it."""
    import gzip

    content, _ = tiny_site(tmp_path, article_text())
    built = build_site(tmp_path / "out", "publishconf.py", content=content,
                       EDITORIAL_REPORT={"enabled": True, "save_as": "editorial-report/index.html"})
    report = built.page("editorial-report/")
    assert report.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    sitemap = (built.output / "sitemap.xml").read_text()
    assert "articles/knee-pain/" in sitemap and "editorial-report" not in sitemap
    fragments = [gzip.decompress(f.read_bytes())
                 for f in (built.output / "pagefind").glob("*/fragment/*")]
    assert any(b"knee-pain" in f for f in fragments)
    assert not any(b"editorial-report" in f or b"Editorial report" in f for f in fragments)


def test_a_problem_is_placed_on_the_line_that_holds_the_whole_words():
    from content_lint.content_lint import line_of

    source = "Intro.\n\nWe are there for you, and elsewhere too.\n\nRead more [here](x.md).\n"
    assert line_of(source, "here") == 5
    assert line_of(source, "there") == 3


@pytest.mark.parametrize(("front", "draft"), [
    ("status: draft\n", True),
    ("status: 'draft'\n", True),
    ('status: "draft"  # remove this line once the article is reviewed\n', True),
    ("status: published\n", False),
    ("status: drafty\n", False),
    ("", False),
])
def test_a_problem_knows_whether_its_file_is_a_draft(front, draft, tmp_path):
    from site_core import Problem, is_draft_file, problem_counts, report, reported_problems
    from site_core.problems import start_collecting

    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: A\n{front}---\n\nstatus: draft\n", encoding="utf-8")
    assert is_draft_file(str(path)) is draft
    start_collecting()
    report(Problem(str(path), 2, "title", "is wrong", "Fix it."))
    report(Problem("people.yml", 1, "people", "is wrong", "Fix it.", severity="warning"))
    problems = reported_problems()
    start_collecting()
    assert [problem.draft for problem in problems] == [draft, False]
    assert [problem.fails_builds for problem in problems] == [not draft, True]
    assert problem_counts(problems) == {
        "error": 0 if draft else 1, "warning": 1, "advice": 0,
        "draft_problems": 1 if draft else 0, "draft_files": 1 if draft else 0}


def test_two_drafts_with_one_slug_preview_one_and_stop_no_build(tmp_path):
    """Only the first draft is previewed; the other's clash is on its to-do list, and
    neither the local nor the production build stops (Pelican's own duplicate-slug
    warnings about drafts only are dropped: the message below names both files)."""
    draft = article_text().replace("\n---\n", "\nstatus: draft\n---\n", 1)
    content, first = tiny_site(tmp_path, draft, name="a.md",
                               extra_files={"articles/b.md": draft})
    second = content / "articles" / "b.md"
    for settings in ("pelicanconf.py", "publishconf.py"):
        result = run_command(sys.executable, "-m", "pelican", str(content), "-s", settings,
                             "-o", str(tmp_path / settings), "--log-handler", "plain")
        assert result.returncode == 0, result.stderr
        assert "There are 2" not in result.stderr
        clash = [line for line in result.stderr.splitlines() if ": slug: " in line]
        assert len(clash) == 1 and clash[0].startswith(f"{second}:"), result.stderr
        assert clash[0].endswith(f"is already used by the draft {first}, so only that one "
                                 "is previewed. Give one of them a different slug (or "
                                 "title). (draft: to do before publishing)")
    assert len(list((tmp_path / "pelicanconf.py" / "drafts").glob("*/index.html"))) == 1
    assert not (tmp_path / "publishconf.py" / "drafts").exists()
