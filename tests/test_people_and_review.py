"""People registry and clinical review dates: pure cores and one whole-site run each."""

from __future__ import annotations

import datetime
import sys

import pytest

from clinical_review import next_review_for
from clinical_review.clinical_review import settings_for as review_settings
from conftest import run_command
from people import people_problems


def test_registry_entries_become_people():
    people, problems = people_problems(
        [{"id": "jane-doe", "name": "Jane Doe", "credentials": "PT", "role": "Physiotherapist"},
         {"id": "apollo-clinic", "name": "The clinic", "kind": "organization"}],
        "people.yml",
    )
    assert problems == []
    assert people["jane-doe"].name_with_credentials == "Jane Doe, PT"
    assert people["apollo-clinic"].kind == "organization"


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ("not a list", "people.yml:1: people: the file is not a list of people."),
        ([{"id": "a"}], "people.yml:4: person 1: needs both an id and a name."),
        ([{"id": "Jane Doe", "name": "J"}], "people.yml:4: id: 'Jane Doe' is not a valid id."),
        ([{"id": "a", "name": "A"}, {"id": "a", "name": "B"}],
         "people.yml:9: id: 'a' is used twice."),
        ([{"id": "a", "name": "A", "kind": "robot"}], "people.yml:4: kind: 'robot' is not a kind."),
        ([{"id": "a", "name": "A", "crendentials": "PT"}],
         "people.yml:4: person 1: crendentials: is not a field of a person."),
    ],
)
def test_registry_mistakes_are_named(entries, expected):
    _people, problems = people_problems(entries, "people.yml", [4, 9])
    assert [str(p).split(". ")[0] + "." for p in problems] == [expected]


@pytest.mark.parametrize(
    ("last", "years", "expected"),
    [((2026, 11, 23), 3, (2029, 11, 23)), ((2024, 2, 29), 3, (2027, 2, 28)),
     ((2024, 2, 29), 1, (2025, 2, 28)), ((2026, 1, 1), 1, (2027, 1, 1))],
)
def test_next_review_is_the_same_day_years_later(last, years, expected):
    assert next_review_for(datetime.date(*last), years) == datetime.date(*expected)


@pytest.mark.parametrize("years", [0, 4, "3", None])
def test_review_interval_is_at_most_three_years(years):
    with pytest.raises(ValueError, match="interval_years"):
        review_settings({"CLINICAL_REVIEW": {"interval_years": years}})


def test_article_shows_reviewer_and_review_dates(site):
    review = site.page("articles/everything-about-dry-needling/").select_one(".article__review")
    text = " ".join(review.get_text().split())
    assert text == ("Reviewed by Apollo Physiotherapy Massage and Chiro. Last reviewed: "
                    "23 November 2026. Next review due: 23 November 2029.")
    assert [t["datetime"] for t in review.find_all("time")] == ["2026-11-23", "2029-11-23"]


def test_author_page_comes_from_the_registry(site):
    page = site.page("authors/apollo-clinic/")
    assert page.find("h1").get_text() == "Apollo Physiotherapy Massage and Chiro"
    assert "Clinic team" in page.select_one(".lede").get_text()
    byline = site.page("articles/everything-about-dry-needling/").select_one(".article__meta a")
    assert byline["href"].endswith("authors/apollo-clinic/")


def test_unknown_author_and_reviewer_fail_the_build(content_copy, tmp_path):
    bad = content_copy / "articles" / "who.md"
    bad.write_text("---\ntitle: Who\ndate: 2026-01-02\nsummary: x\nauthor: dr-nobody\n"
                   "reviewed_by: nobody-else\nlast_reviewed: 2026-01-02\ncategory: Treatments\n"
                   "tags: [x]\nservices: []\n---\nx\n")
    result = run_command(sys.executable, "-m", "invoke", "build", "--content", str(content_copy),
                         "--output", str(tmp_path / "out"))
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{bad}:5: author: there is no person with the id 'dr-nobody' in the people "
            "registry. Use one of: apollo-clinic; or add them to content/people.yml.") in lines
    assert any(line.startswith(f"{bad}:6: reviewed_by: there is no person with the id "
                               "'nobody-else'") for line in lines)


def test_a_person_awaiting_details_is_a_drafts_to_do_and_a_published_articles_error(
        content_copy, tmp_path):
    """Someone the WordPress import added with only a name: a draft by them builds (its
    to-do list says so); a published article naming them stops the build."""
    with open(content_copy / "people.yml", "a", encoding="utf-8") as people:
        people.write("\n- id: morgan-testwriter\n  name: Morgan Testwriter\n"
                     "  awaiting_details: true\n")
    article = content_copy / "articles" / "morgan.md"
    front = ("---\ntitle: Morgan's post\ndate: 2026-01-02\nsummary: A post.\n"
             "author: morgan-testwriter\ncategory: Treatments\ntags: [x]\nservices: []\n{extra}"
             "---\n\nText.\n")
    article.write_text(front.format(extra="status: draft\n"), encoding="utf-8")
    message = (f"{article}:5: author: 'morgan-testwriter' (Morgan Testwriter) is awaiting "
               "details in the people registry: only the name came from the WordPress export. "
               "In content/people.yml, check Morgan Testwriter's name, add what is true (role, "
               "credentials), then delete the line 'awaiting_details: true'.")
    draft = run_command(sys.executable, "-m", "invoke", "build", "--content",
                        str(content_copy), "--output", str(tmp_path / "draft"))
    assert draft.returncode == 0, draft.stderr
    assert f"{message} (draft: to do before publishing)" in draft.stderr.splitlines()
    article.write_text(front.format(extra="reviewed_by: apollo-clinic\n"
                                    "last_reviewed: 2026-01-02\n"), encoding="utf-8")
    published = run_command(sys.executable, "-m", "invoke", "build", "--content",
                            str(content_copy), "--output", str(tmp_path / "published"))
    assert published.returncode == 1 and "Traceback" not in published.stderr
    assert message in published.stderr.splitlines()


def test_awaiting_details_must_be_true_or_false():
    _people, problems = people_problems(
        [{"id": "x", "name": "X", "awaiting_details": "maybe"}], "people.yml")
    assert [str(problem) for problem in problems] == [
        "people.yml:1: awaiting_details: 'maybe' is not true or false. Delete the line once "
        "the person's details are checked."]
