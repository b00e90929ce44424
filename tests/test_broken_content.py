"""The broken-content corpus: one small case per mistake a writer can make.

Every case is one file of one corpus, built twice in this process: locally (as
`invoke build`) and strictly (the production settings that CI and `invoke
publish` use); each file must get its exact ``path:line: field: what is wrong.
How to fix it.`` line. A few cases are also built on their own through the
command line, to check exit codes, the printed lines and that nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from guardrails_helpers import article_text, build, tiny_site

FIX_LIST = "Use one of: Treatments, Conditions, Exercise and recovery, Clinic news."


@dataclass
class Case:
    id: str
    expect: str  # the message after "path:", e.g. "5: summary: ... ."
    replace: dict = field(default_factory=dict)
    body: str = ""
    extra_files: dict = field(default_factory=dict)
    severity: str = "error"  # "error": fails everywhere; "warning": fails only strict builds
    strict_expect: str = ""  # when the strict build says something else


CASES = [
    Case("misspelt key", "5: sumary: 'sumary' is not a field of an article. "
         "Did you mean 'summary'? Rename it.", {5: "sumary: What knee pain is."}),
    Case("missing key", "1: summary: an article needs the field 'summary'. Add a line "
         "'summary: ...' to the front matter: one plain sentence; it becomes the meta "
         "description.", {5: None}),
    Case("missing title", "1: title: an article needs the field 'title'. Add a line "
         "'title: ...' to the front matter: the page's title.", {2: None}),
    Case("text where a list belongs", "7: tags: 'knee pain' is not a list. Write a list in "
         "square brackets, e.g. [first, second] (or [] for none).", {7: "tags: knee pain"}),
    Case("number where text belongs", "2: title: '2026' is not text. Write some text.",
         {2: "title: 2026"}),
    Case("bad date", "4: date: '2026-02-30' is not a date. Write the date as YYYY-MM-DD, "
         "for example 2026-03-31.", {4: "date: 2026-02-30"}),
    Case("bad slug", "3: slug: 'Knee Pain' is not a valid slug. Use lower-case letters, "
         "digits and dashes only, e.g. knee-pain.", {3: "slug: Knee Pain"}),
    Case("tag too long", "7: tags: 'very very very very very very very very …' would make "
         "an address of 160 bytes; the most is 100. Write a topic's name: a few words, e.g. "
         "[knee pain].", {7: "tags: [" + "very " * 30 + "long topic]"}),
    Case("tag with no letters", "7: tags: '<b></b>' has no letters or digits to make the "
         "topic's address from. Write a topic's name: a few words, e.g. [knee pain].",
         {7: "tags: ['<b></b>']"}),
    Case("category too long", "6: category: 'Treatments Treatments Treatments Treatme…' "
         "would make an address of 131 bytes; the most is 100. Write one of: Treatments, "
         "Conditions, Exercise and recovery, Clinic news.", {6: "category: " + "Treatments " * 12}),
    Case("slug too long", "3: slug: 'knee-knee-knee-knee-knee-knee-knee-knee-…' is 149 bytes "
         "long; the most is 100. Use a shorter slug: a few words with dashes, e.g. knee-pain.",
         {3: "slug: " + "-".join(["knee"] * 30)}),
    Case("title too long for an address", "2: title: the address made from the title would "
         "be 119 bytes long; the most is 100. Add a line 'slug: ...' with a few words and "
         "dashes, e.g. slug: knee-pain, or shorten the title.",
         {2: "title: " + "Knee pain " * 12, 3: None}),
    Case("title with no letters", "2: title: '!!!' has no letters or digits to make the "
         "page's address from. Add a line 'slug: ...' with lower-case words and dashes, e.g. "
         "slug: knee-pain.", {2: "title: '!!!'", 3: None}),
    Case("unknown category", f"6: category: 'Knees' is not one of the categories. {FIX_LIST}",
         {6: "category: Knees"}),
    Case("misspelt category", "6: category: 'Treatment' is not one of the categories. "
         f"Did you mean 'Treatments'? {FIX_LIST}", {6: "category: Treatment"}),
    Case("unknown author", "8: author: there is no person with the id 'dr-nobody' in the "
         "people registry. Use one of: apollo-clinic; or add them to content/people.yml.",
         {8: "author: dr-nobody"}),
    Case("unknown reviewer", "10: reviewed_by: there is no person with the id 'jane' in the "
         "people registry. Use one of: apollo-clinic; or add them to content/people.yml.",
         {10: "reviewed_by: jane"}),
    Case("topic listed twice", "7: tags: 'Knee Pain' is the topic 'knee pain' again (the "
         "same address). List each topic once: remove 'Knee Pain' from tags.",
         {7: "tags: [knee pain, running, Knee Pain]"}),
    # Eleven times: the topic's page listed the article on two pages, and the build
    # stopped with a traceback from its paginator.
    Case("topic listed many times", "7: tags: 'running' is listed more than once. List "
         "each topic once: remove 'running' from tags.", {7: "tags: [" + ", ".join(["running"] * 11) + "]"}),
    Case("service listed twice", "9: services: 'physiotherapy' is listed more than once. "
         "List each service once: remove 'physiotherapy' from services.",
         {9: "services: [physiotherapy, physiotherapy]"}),
    Case("unknown service", "9: services: there is no service page with the slug 'physio'. "
         "Use one of: physiotherapy.", {9: "services: [physio]"}),
    Case("summary too long", "5: summary: is 169 characters long; the most is 160. Shorten "
         "it: search engines show it under the title and cut longer text.",
         {5: "summary: " + "Knee pain " * 17}),
    Case("review in the future", "11: last_reviewed: 2999-01-01 is in the future. Write the "
         "day the clinical review actually happened.", {11: "last_reviewed: 2999-01-01"}),
    Case("review before the article", "11: last_reviewed: 2025-12-01 is before the article's "
         "date (2026-01-02). Review the article as it is now and write that day, or correct "
         "'date'.", {11: "last_reviewed: 2025-12-01"}),
    Case("duplicate slug", "3: slug: 'knee-pain' is already used by {content}/articles/"
         "knee-pain-again.md, and both would be written to articles/knee-pain/index.html. "
         "Give one of them a different slug (or title).",
         extra_files={"articles/knee-pain-again.md": article_text({2: "title: Again"})}),
    Case("link to a missing file", "15: link: {filename}/services/physio.md points to a file "
         "that does not exist. Did you mean {filename}/services/physiotherapy.md? Paths start "
         "from the content folder; check the spelling, or rename the file to match.",
         body="Read [about physiotherapy]({filename}/services/physio.md)."),
    Case("image without alt text", "15: image: the image knee.png has no alt text. Describe "
         "it in the square brackets: ![What the picture shows](...). People who cannot see it "
         "hear that text.", body="![](knee.png)", severity="warning"),
    Case("heading skips a level", "15: heading: 'Exercises' jumps from level 1 to level 3. "
         "Use ## for this heading: levels go down one at a time.", body="### Exercises",
         severity="warning"),
    Case("click here", "15: link text: 'click here' does not say where the link goes. Use "
         "words that make sense on their own, e.g. '[read about physiotherapy]"
         "({filename}/services/physiotherapy.md)'.",
         body="To book, [click here]({filename}/services/physiotherapy.md).",
         severity="warning"),
    Case("bare URL as link text", "15: link text: the link text is a bare address "
         "(https://example.org/knees). Write what the reader will find there instead, e.g. "
         "'[our contact page](...)'.", body="See <https://example.org/knees>.",
         severity="warning"),
    Case("hard-coded internal path", "15: link: '/services/physiotherapy/' is a hard-coded "
         "link to this site. Link to the Markdown file instead, e.g. "
         "'({filename}/services/physiotherapy.md)', so the link never breaks.",
         body="Read [about physiotherapy](/services/physiotherapy/).", severity="warning"),
    Case("the site's own domain", "15: link: 'https://apollophysioyyc.com/about/' is a "
         "hard-coded link to this site. Link to the Markdown file instead, e.g. "
         "'({filename}/services/physiotherapy.md)', so the link never breaks.",
         body="Read [about us](https://apollophysioyyc.com/about/).", severity="warning"),
    Case("common misspelling", "15: spelling: 'recieve' looks misspelt. Write 'receive'. If "
         "'recieve' is right, add it to {content}/spelling/allowed-words.txt.",
         body="Most people recieve advice first.", severity="warning"),
    Case("clinical misspelling", "15: spelling: 'chiropracter' looks misspelt. Write "
         "'chiropractor'. If 'chiropracter' is right, add it to "
         "{content}/spelling/allowed-words.txt.", body="Ask your chiropracter.",
         severity="warning"),
    Case("TODO left in the text", "15: text: still holds a TODO placeholder. Write the text, "
         "or delete the line.", body="TODO say when to get urgent help.", severity="warning"),
    Case("overdue review", "11: next_review: the clinical review was due on 2023-01-05 and "
         "is overdue. Have it reviewed again, then update last_reviewed (and remove "
         "next_review if you set it).", {4: "date: 2019-06-01", 11: "last_reviewed: 2020-01-05"},
         severity="warning",  # and an error in strict mode:
         strict_expect="11: next_review: the clinical review was due on 2023-01-05 and is "
         "overdue. Have it reviewed again, then update last_reviewed (and remove next_review "
         "if you set it)."),
    Case("no clinical review", "2: reviewed_by: the article has no clinical review yet: it "
         "shows a banner here and cannot be published. After the clinical review add "
         "reviewed_by (an id from content/people.yml) and last_reviewed (YYYY-MM-DD).",
         {10: None, 11: None}, severity="warning",
         strict_expect="2: reviewed_by: the article has no clinical review, so it cannot be "
         "published. After the clinical review add reviewed_by and last_reviewed, or set "
         "'status: draft' to keep it out of the site until then."),
]


def expected_line(case: Case, path, content, strict: bool) -> str:
    message = (case.strict_expect if strict and case.strict_expect else case.expect)
    line = f"{path}:" + message.replace("{content}", str(content))
    if case.severity == "warning" and not (strict and case.strict_expect):
        line += " (warning)"
    return line


def corpus(folder: Path) -> tuple[Path, dict[str, Path]]:
    """Every case without files of its own as one article of one content folder (each
    with a slug of its own, unless the case is about the slug)."""
    cases = [case for case in CASES if not case.extra_files]
    content, _path = tiny_site(folder, article_text())
    (content / "articles" / "knee-pain.md").unlink()
    paths = {}
    for number, case in enumerate(cases):
        replace = {3: f"slug: case-{number}", **case.replace}
        path = content / "articles" / f"case-{number}.md"
        path.write_text(article_text(replace, case.body), encoding="utf-8")
        paths[case.id] = path
    return content, paths


def printed(problem) -> str:
    """A reported problem as a plain build prints it."""
    return f"{problem}" + (" (warning)" if problem.severity == "warning" else "")


@pytest.mark.parametrize("strict", [False, True], ids=["local", "strict"])
def test_every_mistake_is_named_exactly_in_one_build(strict, tmp_path):
    from conftest import build_site
    from site_core import reported_problems

    content, paths = corpus(tmp_path)
    with pytest.raises(SystemExit):  # the corpus holds errors: every build stops
        build_site(tmp_path / "out", "publishconf.py" if strict else "pelicanconf.py",
                   content=content, SEARCH_INDEX={"enabled": False})
    lines = {printed(problem) for problem in reported_problems()}
    missing = [expected_line(case, paths[case.id], content, strict)
               for case in CASES if case.id in paths
               if expected_line(case, paths[case.id], content, strict) not in lines]
    assert missing == [], "\n".join(sorted(lines))
    assert not (tmp_path / "out" / "articles").exists()


# Through the command line: an error, a warning both ways, and the case with a file of
# its own; exit codes, the printed line, and nothing written when the build fails.
RUNS = [pytest.param(case, strict, id=f"{case.id}-{'strict' if strict else 'local'}")
        for case in CASES if case.id in ("misspelt key", "image without alt text", "duplicate slug",
                                         "topic listed many times")
        for strict in ((False, True) if case.severity == "warning" else (False,))]


@pytest.mark.slow
@pytest.mark.parametrize(("case", "strict"), RUNS)
def test_each_mistake_is_named_exactly(case, strict, tmp_path):
    content, path = tiny_site(tmp_path, article_text(case.replace, case.body),
                              extra_files=case.extra_files)
    result = build(content, tmp_path / "out", strict)
    output = result.stdout + result.stderr
    lines = output.splitlines()
    assert "Traceback" not in output, output
    assert expected_line(case, path, content, strict) in lines, output
    fails = case.severity == "error" or strict
    assert result.returncode == (1 if fails else 0), output
    if fails:
        assert any(line.startswith("critical: Build stopped") for line in lines), output
        assert not (tmp_path / "out" / "articles" / "knee-pain").exists()
    else:
        assert (tmp_path / "out" / "articles" / "knee-pain" / "index.html").is_file()


def test_the_valid_article_passes_a_strict_build(tmp_path):
    content, _path = tiny_site(tmp_path, article_text())
    result = build(content, tmp_path / "out", strict=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()


def test_the_count_line_ends_a_failed_build(tmp_path):
    content, _path = tiny_site(tmp_path, article_text(
        {8: "author: dr-nobody"}, body="![](x.png)\n\nSee [our team]({filename}/nope.md)."))
    # Warnings: no alt text (content lint) and no readable size for x.png (content blocks).
    for strict, summary in ((False, "2 error(s)"),
                            (True, "2 error(s) and 2 warning(s) (strict mode)")):
        result = build(content, tmp_path / f"out-{strict}", strict)
        last = [line for line in result.stderr.splitlines() if line.startswith("critical:")]
        assert last == [f"critical: Build stopped before writing any page: {summary}. "
                        "Fix them and build again."], result.stderr
