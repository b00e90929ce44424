"""Content mistakes: a clear message naming file, line and field; no traceback; nothing lost."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_command

INVOKE = [sys.executable, "-m", "invoke"]
GOOD_FRONT = (
    "---\ntitle: {title}\n{slug}date: {date}\nsummary: A test article.\n"
    "category: Treatments\n{extra}tags: [testing]\nauthor: apollo-clinic\n"
    "reviewed_by: apollo-clinic\nlast_reviewed: 2026-01-02\n---\n\nSome text.\n"
)


def write_article(content: Path, name: str, title="Test article", slug="", date="2026-01-02",
                  extra="services: []\n") -> Path:
    path = content / "articles" / name
    path.write_text(
        GOOD_FRONT.format(title=title, slug=f"slug: {slug}\n" if slug else "", date=date,
                          extra=extra),
        encoding="utf-8",
    )
    return path


def invoke_build(content: Path, output: Path):
    return run_command(*INVOKE, "build", "--content", str(content), "--output", str(output))


def assert_clean_failure(result, *expected_lines: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    lines = output.splitlines()
    for expected in expected_lines:
        assert expected in lines, f"missing line {expected!r} in:\n{output}"
    assert any(line.startswith("critical: Build stopped") for line in lines), output


def test_bad_date_fails_the_build_and_names_file_line_and_field(content_copy, tmp_path):
    bad = write_article(content_copy, "bad-date.md", date="2026-13-45")
    result = invoke_build(content_copy, tmp_path / "out")
    assert_clean_failure(
        result,
        f"{bad}:3: date: '2026-13-45' is not a date. "
        "Write the date as YYYY-MM-DD, for example 2026-03-31.",
    )
    assert "Could not process" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists(), "a failed build wrote output"


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("broken.md", "---\ntitle: Fine\nsummary: Colon: inside: text\ndate: 2026-01-02\n---\nx\n",
     ":3: front matter: mapping values are not allowed here."),
    ("no-front-matter.md", "Title: Old style\n\nText.\n",
     ":1: front matter: the file does not start with front matter."),
], ids=["broken YAML names the line", "missing front matter is explained"])
def test_front_matter_mistakes_name_the_line(content_copy, tmp_path, name, text, expected):
    bad = content_copy / "articles" / name
    bad.write_text(text)
    result = invoke_build(content_copy, tmp_path / "out")
    assert_clean_failure(result)
    assert f"{bad}{expected}" in result.stderr


def test_slug_collision_is_an_error_not_an_overwrite(content_copy, tmp_path):
    copy = write_article(content_copy, "zz-copy.md", title="Copy",
                         slug="everything-about-dry-needling")
    seed = content_copy / "articles" / "everything-about-dry-needling.md"
    result = invoke_build(content_copy, tmp_path / "out")
    assert_clean_failure(
        result,
        f"{copy}:3: slug: 'everything-about-dry-needling' is already used by {seed}, and both "
        "would be written to articles/everything-about-dry-needling/index.html. "
        "Give one of them a different slug (or title).",
    )


def test_page_and_service_slugs_collide_too(content_copy, tmp_path):
    (content_copy / "pages" / "about-again.md").write_text(
        "---\ntitle: About again\nslug: about\nsummary: x\n---\nx\n")
    result = invoke_build(content_copy, tmp_path / "out")
    assert_clean_failure(result)
    assert "slug: 'about' is already used by" in result.stderr


def test_unknown_service_is_named_with_the_choices(content_copy, tmp_path):
    bad = write_article(content_copy, "unknown-service.md", extra="services: [physio]\n")
    result = invoke_build(content_copy, tmp_path / "out")
    assert_clean_failure(
        result,
        f"{bad}:6: services: there is no service page with the slug 'physio'. "
        "Use one of: chiropractic-care, dry-needling-ims, massage-therapy, physiotherapy.",
    )


def test_good_content_builds_with_exit_zero(content_copy, tmp_path):
    write_article(content_copy, "fine.md", extra="services: [physiotherapy]\n")
    result = invoke_build(content_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "articles" / "test-article" / "index.html").is_file()


@pytest.mark.slow
def test_a_failed_publish_keeps_the_last_good_output(content_copy, tmp_path, monkeypatch):
    """build_atomically swaps the new output in only when the build succeeds."""
    sys.path.insert(0, str(ROOT))
    from invoke import Context
    from invoke.exceptions import Exit

    import tasks

    output = tmp_path / "published"
    tasks.build_atomically(Context(), tasks.PUBLISH_SETTINGS, output, content_copy)
    good = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert Path("index.html") in good

    write_article(content_copy, "bad.md", date="not a date")
    with pytest.raises(Exit):
        tasks.build_atomically(Context(), tasks.PUBLISH_SETTINGS, output, content_copy)
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == good
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".published-")]


@pytest.mark.slow
def test_removed_pages_disappear_on_publish(content_copy, tmp_path):
    sys.path.insert(0, str(ROOT))
    from invoke import Context

    import tasks

    output = tmp_path / "published"
    extra = write_article(content_copy, "short-lived.md", title="Short lived")
    tasks.build_atomically(Context(), tasks.PUBLISH_SETTINGS, output, content_copy)
    assert (output / "articles/short-lived/index.html").is_file()
    tasks.build_atomically(Context(), tasks.PUBLISH_SETTINGS, output, content_copy)
    retired = tmp_path / ".published-old"  # the output before last, built into next
    assert (retired / "articles/short-lived/index.html").is_file()
    held = os.open(retired / "articles", os.O_RDONLY)  # its number is not reused while held
    extra.unlink()
    tasks.build_atomically(Context(), tasks.PUBLISH_SETTINGS, output, content_copy)
    assert not (output / "articles/short-lived").exists()
    assert os.fstat(held).st_nlink > 0  # its folders were kept
    assert (output / "articles").stat().st_ino == os.fstat(held).st_ino
    os.close(held)
    assert (retired / "articles/short-lived/index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".published")) == \
        [".published-old"]
