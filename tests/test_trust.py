"""Trust: named reviewers with their registration, references, and TRUST's two standards.

Every person below is fictional test data, in temporary sites only: nothing here
describes a real clinician or credential, and nothing is written to content/.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from trust import settings_for, trust_problems

from conftest import ROOT, build_site
from people import people_problems
from people.people import Person

SEED = "content/articles/everything-about-dry-needling.md"
CLINIC = Person(id="apollo-clinic", name="Apollo Physiotherapy Massage and Chiro",
                kind="organization")
TEST_CLINICIAN = Person(id="test-clinician", name="Alex Example", profession="Physiotherapist",
                        credentials="PT (test data)")
LINES = {"title": 2, "reviewed_by": 10}


def problems(standard, **facts):
    article = {"path": "a.md", "lines": LINES, "reviewer": CLINIC, "references": None,
               "category": "Treatments", "reading_over": ["SMOG 15.0 (target 9)"],
               "waiver": "", **facts}
    return [str(p) + ("" if p.severity == "error" else f" ({p.severity})")
            for p in trust_problems(**article, rules=settings_for({"TRUST": {
                "standard": standard}}))]


ORGANISATION = ("a.md:10: reviewed_by: 'apollo-clinic' is an organisation, not a named "
                "clinician. Name the clinician who reviewed it: add them to content/people.yml "
                "with their profession and registration, and give their id here.")
REFUSED = " Under TRUST's strict standard a production build refuses it until then."
NO_REFERENCES = ("a.md:2: references: the article lists no references{why}. Add the sources it "
                 "rests on under references: (see WRITING.md), each with the day you checked it.")
NO_WAIVER = ("a.md:2: plain_language_waiver: the article reads above its reading target "
             "(SMOG 15.0 (target 9)), with no waiver. Make it plainer (invoke check "
             "--plain a.md lists what to change), or give the reason it cannot be in "
             "plain_language_waiver." + REFUSED + " (warning)")


def test_an_organisation_as_reviewer_is_advice_and_refused_under_strict():
    found = problems("advice", references=["NHS. Back pain."])
    assert found == [ORGANISATION + " (advice)"]
    found = problems("strict", references=["NHS. Back pain."], waiver="x")
    assert found == [ORGANISATION + REFUSED + " (warning)"]
    assert problems("strict", reviewer=TEST_CLINICIAN, references=["x"], waiver="x") == []


def test_no_references_is_advice_in_clinical_categories_and_refused_under_strict():
    found = problems("advice", reviewer=TEST_CLINICIAN)
    assert found == [NO_REFERENCES.format(why=" (Treatments is a clinical category)")
                     + " (advice)"]
    assert problems("advice", reviewer=TEST_CLINICIAN, category="Conditions")[0].startswith(
        "a.md:2: references: the article lists no references (Conditions is a clinical")
    assert problems("advice", reviewer=TEST_CLINICIAN, category="Clinic news") == []
    found = problems("strict", reviewer=TEST_CLINICIAN, category="Clinic news", waiver="x")
    assert found == [NO_REFERENCES.format(why="") + REFUSED + " (warning)"]


def test_above_the_reading_target_needs_a_waiver_under_strict_only():
    assert problems("advice", reviewer=TEST_CLINICIAN, references=["x"]) == []
    assert problems("strict", reviewer=TEST_CLINICIAN, references=["x"]) == [NO_WAIVER]
    assert problems("strict", reviewer=TEST_CLINICIAN, references=["x"],
                    waiver="Names of treatments cannot be simpler.") == []
    assert problems("strict", reviewer=TEST_CLINICIAN, references=["x"], reading_over=[]) == []


def test_the_standard_is_checked():
    assert settings_for({})["standard"] == "advice"
    with pytest.raises(ValueError, match="TRUST: standard must be 'advice' or 'strict'"):
        settings_for({"TRUST": {"standard": "lenient"}})


def test_a_registration_is_a_college_and_a_number():
    people, found = people_problems([{
        "id": "test-clinician", "name": "Alex Example", "profession": "Physiotherapist",
        "registration": {"college": "Example College (test data)", "number": "TEST-0001"}}],
        "people.yml", [4])
    assert found == []
    person = people["test-clinician"]
    assert person.registration_text == ("registration number TEST-0001 with Example College "
                                        "(test data)")
    _people, found = people_problems([{"id": "a", "name": "A", "registration": {"colege": "X"}}],
                                     "people.yml", [4])
    assert [str(p) for p in found] == [
        "people.yml:4: person 1: registration: 'colege' is not part of a registration. Write "
        "it as registration: {college: Name of the regulatory college, number: the "
        "registration number}, as the college's register shows it."]


# Whole sites -------------------------------------------------------------------

TEST_PEOPLE = """
# Test data: a fictional clinician, for tests only.
- id: test-clinician
  name: Alex Example
  profession: Physiotherapist
  credentials: PT (test data)
  registration: {college: Example College of Physiotherapists (test data), number: TEST-0001}
"""
REFERENCES = """\
references:
  - title: A fictional trial of dry needling (test data)
    publisher: Journal of Test Data
    year: 2024
    doi: 10.1234/test.5678
    pmid: "12345678"
    checked: 2026-11-20
  - NHS. Test reference as plain text.
plain_language_waiver: Test data; the seed text is the clinic's own and is being rewritten.
"""


def trusted_copy(tmp_path: Path) -> Path:
    """The real content, with the seed article reviewed by a fictional test clinician,
    with references and a waiver; the other article set to draft."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    people = content / "people.yml"
    people.write_text(people.read_text() + TEST_PEOPLE)
    seed = content / "articles" / "everything-about-dry-needling.md"
    seed.write_text(seed.read_text().replace("reviewed_by: apollo-clinic\n",
                                             "reviewed_by: test-clinician\n" + REFERENCES))
    other = content / "articles" / "low-back-pain-what-helps.md"
    if "status: draft" not in other.read_text():
        other.write_text(other.read_text().replace("\n---\n", "\nstatus: draft\n---\n", 1))
    return content


def build(tmp_path, content, settings="pelicanconf.py", **overrides):
    from site_core import reported_problems

    try:
        built = build_site(tmp_path / "out", settings, content, **overrides)
    except SystemExit:
        built = None
    return built, [str(p) for p in reported_problems() if p.field in (
        "reviewed_by", "references", "plain_language_waiver", "next_review")]


@pytest.mark.slow
def test_the_real_site_gets_advice_and_strict_refuses_it(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    built, found = build(tmp_path, ROOT / "content", "publishconf.py")
    assert built is not None
    assert f"{SEED}:10: reviewed_by: 'apollo-clinic' is an organisation, not a named clinician." \
        f" Name the clinician who reviewed it: add them to content/people.yml with their " \
        "profession and registration, and give their id here." in found
    assert f"{SEED}:2: references: the article lists no references (Treatments is a clinical " \
        "category). Add the sources it rests on under references: (see WRITING.md), each " \
        "with the day you checked it." in found
    built, found = build(tmp_path / "strict", ROOT / "content", "publishconf.py",
                         TRUST={"standard": "strict"})
    assert built is None, "a strict production build refuses the articles"
    assert f"{SEED}:2: plain_language_waiver: the article reads above its reading target " \
        f"(SMOG 15.0 (target 9)), with no waiver. Make it plainer (invoke check " \
        f"--plain {SEED} lists what to change), or give the reason it cannot be in " \
        f"plain_language_waiver.{REFUSED}" in found


@pytest.mark.slow
def test_a_named_reviewer_references_and_a_waiver_pass_strict(tmp_path, monkeypatch):
    content = trusted_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    built, found = build(tmp_path, content, "publishconf.py", TRUST={"standard": "strict"})
    assert found == [] and built is not None
    page = built.page("articles/everything-about-dry-needling/")
    review = page.select_one(".article__review")
    assert " ".join(review.get_text().split()).startswith(
        "Reviewed by Alex Example, PT (test data). Last reviewed:")
    link = review.a["href"]
    assert link == "https://apollophysioyyc.com/reviewers/#test-clinician"
    # The reviewer page shows them, as the clinic recorded them.
    reviewers = built.page("reviewers/")
    section = reviewers.find(id="test-clinician").find_parent("section")
    facts = [" ".join(x.get_text().split()) for x in section.select("dt, dd")]
    assert facts == ["Profession", "Physiotherapist", "Credentials", "PT (test data)",
                     "Registration", "Registration number TEST-0001 with Example College of "
                     "Physiotherapists (test data)"]
    assert section.select_one("li a").get_text().replace("\xa0", " ") == \
        "Everything you need to know about dry needling"
    # References: numbered, with the source and the day checked; plain links only.
    items = page.select("section.references ol.references__list > li")
    assert [" ".join(li.get_text().split()) for li in items] == [
        "A fictional trial of dry needling (test data). Journal of Test Data, 2024. "
        "DOI: 10.1234/test.5678. PubMed: 12345678. Checked 2026-11-20.",
        "NHS. Test reference as plain text."]
    assert [a["href"] for a in items[0].find_all("a")] == [
        "https://doi.org/10.1234/test.5678", "https://pubmed.ncbi.nlm.nih.gov/12345678/"]
    assert items[0].find("time")["datetime"] == "2026-11-20"
    html = (built.output / "articles/everything-about-dry-needling/index.html").read_text()
    soup = BeautifulSoup(html, "lxml")
    loads = [t.get("src") or t.get("href") for t in soup.find_all(["img", "script", "link",
                                                                    "iframe", "source"])]
    assert not [u for u in loads if u and ("doi.org" in u or "pubmed" in u)]


@pytest.mark.slow
@pytest.mark.parametrize("standard", ["advice", "strict"])
def test_a_review_interval_over_three_years_is_refused_under_either_standard(
        tmp_path, monkeypatch, standard):
    content = trusted_copy(tmp_path)
    seed = content / "articles" / "everything-about-dry-needling.md"
    seed.write_text(seed.read_text().replace("last_reviewed: 2026-11-23\n",
                                             "last_reviewed: 2026-11-23\nnext_review: 2030-01-01\n"))
    monkeypatch.chdir(tmp_path)
    built, found = build(tmp_path, content, TRUST={"standard": standard})
    assert built is None
    assert found == [f"{SEED}:21: next_review: 2030-01-01 is more than 3 year(s) after the last "
                     "review. Use 2029-11-23 or earlier, or leave next_review out."]


@pytest.mark.parametrize(("doi", "message"), [
    ("doi.org/10.1/x", "the doi 'doi.org/10.1/x' is not a DOI; write it as it starts, with 10., "
                       "e.g. doi: 10.1000/xyz123"),
    ("10.1234/a\"onmouseover=x", "the doi '10.1234/a\"onmouseover=x' is not a DOI"),
])
def test_a_doi_that_is_not_one_is_refused(doi, message):
    from content_model.content_model import Field, type_error

    assert type_error([{"title": "T", "doi": doi}], Field("references")).startswith(message)
    assert type_error([{"title": "T", "pmid": "PMC123"}], Field("references")) == \
        "the pmid 'PMC123' is not a PubMed id; write its digits only"
    assert type_error([{"title": "T", "checked": "last week"}], Field("references")) == \
        "checked 'last week' is not a date written YYYY-MM-DD"
    assert type_error([{"title": "T", "checked": datetime.date(2026, 1, 2)}],
                      Field("references")) is None
    assert type_error([{"title": "T", "checked": "2026-01-02"}], Field("references")) is None
