"""The pure functions at the core of our plugins, case by case."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from front_matter import parse_front_matter
from guardrails import Problem
from guardrails.guardrails import output_collisions
from services import link_services
from services.services import is_service_source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: A\ndate: 2026-02-30\n---\nx", "f.md:3: date: '2026-02-30' is not a date."),
        ("---\ntitle: A\nmodified: soon\n---\nx", "f.md:3: modified: 'soon' is not a date."),
        ("\n\n---\ntitle: A\nlast_reviewed: 31/12/2026\n---\nx",
         "f.md:5: last_reviewed: '31/12/2026' is not a date."),
        ("---\ntitle: [unclosed\n---\nx", "f.md:3: front matter:"),
        ("---\n- just\n- a list\n---\nx", "f.md:2: front matter: the front matter is not"),
        ("No front matter here", "f.md:1: front matter: the file does not start"),
    ],
)
def test_front_matter_problems_name_line_and_field(text, expected):
    _fields, _lines, _body, problems = parse_front_matter(text, "f.md")
    assert len(problems) == 1
    assert str(problems[0]).startswith(expected)


def test_front_matter_fields_lines_and_body():
    text = "---\nTitle: A\ndate: 2026-03-01\nnext_review: 2029-03-01 10:30\ntags: [a, b]\n---\nBody\n"
    fields, lines, body, problems = parse_front_matter(text, "f.md")
    assert problems == []
    assert fields["title"] == "A" and fields["tags"] == ["a", "b"]
    assert fields["date"] == datetime.date(2026, 3, 1)
    assert fields["next_review"] == datetime.datetime(2029, 3, 1, 10, 30)
    assert lines == {"title": 2, "date": 3, "next_review": 4, "tags": 5}
    assert body.strip() == "Body"


def test_empty_date_field_counts_as_unset():
    fields, _lines, _body, problems = parse_front_matter("---\nlast_reviewed:\n---\n", "f.md")
    assert problems == [] and "last_reviewed" not in fields


def content(path, save_as, slug="s"):
    return SimpleNamespace(source_path=path, save_as=save_as, slug=slug, front_matter_lines={})


def test_output_collisions_report_every_later_owner():
    problems = output_collisions([
        content("a.md", "x/index.html", "x"),
        content("b.md", "x/index.html", "x"),
        content("c.md", "y/index.html", "y"),
        content("d.md", "x/index.html", "x"),
        content("e.md", ""),
        content("f.md", ""),
    ])
    assert [(p.path, p.field) for p in problems] == [("b.md", "slug"), ("d.md", "slug")]
    assert "already used by a.md" in problems[0].message


def test_link_services_links_both_ways_and_reports_unknown_slugs():
    physio = SimpleNamespace(slug="physiotherapy")
    massage = SimpleNamespace(slug="massage-therapy")
    older = SimpleNamespace(source_path="o.md", services=["physiotherapy"], status="published",
                            date=datetime.date(2025, 1, 1), front_matter_lines={})
    newer = SimpleNamespace(source_path="n.md", services="physiotherapy", status="published",
                            date=datetime.date(2026, 1, 1), front_matter_lines={})
    draft = SimpleNamespace(source_path="d.md", services=["physiotherapy", "yoga"],
                            status="draft", date=datetime.date(2026, 2, 1),
                            front_matter_lines={"services": 7})
    problems = link_services([physio, massage], [older, newer, draft])
    assert physio.articles == [newer, older]  # newest first; drafts are not listed
    assert massage.articles == []
    assert draft.service_pages == [physio]
    assert problems == [Problem("d.md", 7, "services",
                                "there is no service page with the slug 'yoga'",
                                "Use one of: massage-therapy, physiotherapy.")]


@pytest.mark.parametrize(
    ("source", "expected"),
    [("/c/services/physio.md", True), ("/c/services/sub/x.md", True),
     ("/c/pages/services.md", False), ("/c/servicesx/a.md", False)],
)
def test_is_service_source(source, expected):
    assert is_service_source(source, "/c", "services") is expected


def test_the_writer_paginates_lists_of_unequal_length_as_pelicans_does(tmp_path):
    """A term page gets two lists to paginate, its articles and their dates; the first
    sets the page count. Pelican's writer gives a shorter list an empty page past its
    end; ours raised IndexError (an article whose tags named one topic eleven times)."""
    from jinja2 import Template
    from pelican.settings import read_settings
    from pelican.writers import Writer

    from engine.writer import SiteWriter
    from site_core import start_build

    template = Template("{{ articles_page.number }}: {{ articles_page.object_list }} / "
                        "{{ dates_page.object_list }} next {{ dates_next_page.number }}")
    written = {}
    for name, writer_class in (("pelican", Writer), ("ours", SiteWriter)):
        settings = read_settings(None, override={"OUTPUT_PATH": str(tmp_path / name),
                                                 "PAGINATED_TEMPLATES": {"tag": 2}})
        queued = []
        start_build(settings).render_pass = SimpleNamespace(
            queue=lambda job, _context, queued=queued: queued.append(job))
        writer_class(settings["OUTPUT_PATH"], settings).write_file(
            "tag.html", template, {}, template_name="tag", url="tag.html",
            articles=["a", "a", "a", "b", "b"], dates=["a", "b"])
        pages = sorted((tmp_path / name).glob("*.html"))
        written[name] = [page.read_text() for page in pages] if pages else \
            [job.render() for job in sorted(queued, key=lambda job: job.output_name)]
    assert written["ours"] == written["pelican"]
    assert len(written["ours"]) == 3 and written["ours"][2].startswith("3: ['b'] / []")
