"""`invoke check` prints like a compiler: one unfolded line per problem, errors, then
warnings, then advice, the writer's changed files first, other files' advice counted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT

INVOKE = [str(ROOT / ".venv" / "bin" / "invoke")] if (ROOT / ".venv/bin/invoke").exists() \
    else [sys.executable, "-m", "invoke"]


def problem(path, line, severity, field="field", message="wrong", fix="Fix it."):
    from site_core import Problem

    return Problem(path, line, field, message, fix, severity)


# --- the pure functions ------------------------------------------------------------

def test_errors_then_warnings_then_advice_changed_files_first():
    from guardrails.listing import listing

    mine = os.path.abspath("content/articles/mine.md")
    problems = [
        problem("content/articles/other.md", 3, "advice"),
        problem("content/articles/mine.md", 9, "advice"),
        problem("content/articles/other.md", 2, "warning"),
        problem("content/articles/mine.md", 8, "warning"),
        problem("content/articles/other.md", 1, "error"),
        problem("content/articles/mine.md", 7, "error"),
    ]
    result = listing(problems, {mine})
    assert [(p.path.split("/")[-1], p.line) for p in result.shown] == [
        ("mine.md", 7), ("other.md", 1), ("mine.md", 8), ("other.md", 2), ("mine.md", 9)]
    assert [(p.path, p.line) for p in result.held_back] == [("content/articles/other.md", 3)]
    everything = listing(problems, {mine}, all_advice=True)
    assert everything.held_back == [] and len(everything.shown) == 6
    assert everything.shown[-1].path == "content/articles/other.md"


def test_a_kind_the_check_does_not_know_yet_is_listed_after_advice():
    from guardrails.listing import listing

    result = listing([problem("a.md", 1, "to do"), problem("a.md", 2, "advice"),
                      problem("a.md", 3, "error")], set(), all_advice=True)
    assert [p.severity for p in result.shown] == ["error", "advice", "to do"]


def test_one_line_per_problem_with_its_kind():
    from guardrails.listing import problem_line

    assert problem_line(problem("content/a.md", 5, "error", "sumary", "'sumary' is not a "
                                "field", "Rename it.")) == \
        "content/a.md:5: sumary: 'sumary' is not a field. Rename it."
    assert problem_line(problem("content/a.md", 6, "warning", "link text", "vague",
                                "Say where.")).endswith(". Say where. (warning)")
    folded = problem_line(problem("content/a.md", 7, "advice", "sentence", "one\ntwo",
                                  "Split\nit."))
    assert "\n" not in folded and folded.endswith("(advice)")


def test_held_back_advice_is_counted_by_field():
    from guardrails.listing import held_back_line

    line = held_back_line([problem("a.md", 1, "advice", "sentence"),
                           problem("a.md", 2, "advice", "sentence"),
                           problem("b.md", 1, "advice", "readability")])
    assert line == ("3 piece(s) of advice about 2 file(s) you have not changed (sentence 2, "
                    "readability 1) are not listed. See them all: invoke check --advice")
    assert held_back_line([]) == ""


def test_git_status_paths_modified_staged_untracked_and_renamed():
    from guardrails.listing import paths_from_status

    porcelain = "\0".join([" M content/a.md", "A  content/b.md", "?? content/new.md",
                           "R  content/c.md", "content/old-c.md", " D content/gone.md", ""])
    assert paths_from_status(porcelain, "/repo") == {
        "/repo/content/a.md", "/repo/content/b.md", "/repo/content/new.md",
        "/repo/content/c.md"}


def test_writing_md_shows_what_the_check_prints():
    """WRITING.md's example is the listing's own output for the problems it shows."""
    from guardrails.listing import check_lines
    from site_core import Problem

    knee = "content/articles/knee-pain.md"
    other = "content/articles/everything-about-dry-needling.md"
    split = "Split it into sentences of at most 25 words."
    problems = [
        Problem(knee, 5, "sumary", "'sumary' is not a field of an article",
                "Did you mean 'summary'? Rename it."),
        Problem(knee, 15, "link text", "'click here' does not say where the link goes",
                "Use words that make sense on their own, e.g. "
                "'[read about physiotherapy]({filename}/services/physiotherapy.md)'.",
                "warning"),
        Problem(knee, 20, "sentence",
                "this sentence has 29 words: 'When your knee hurts on ...'", split, "advice"),
        Problem(other, 12, "readability", "reads at grade 12.5 (Flesch-Kincaid); the aim "
                "is grade 8 or below", "Use shorter sentences and everyday words; explain "
                "medical terms.", "advice"),
        Problem(other, 14, "sentence", "this sentence has 29 words: 'Unlike traditional "
                "acupuncture, which is rooted ...'", split, "advice"),
        Problem(other, 20, "sentence", "this sentence has 32 words: 'Dry needling is a "
                "therapeutic technique ...'", split, "advice"),
    ]
    shown = "\n".join(check_lines(problems, {os.path.abspath(knee)}))
    assert f"```text\n{shown}\nThe check failed: a strict build (as CI and publish run " \
           "it) stops on these errors and warnings. Advice never fails it.\n```" in \
           (ROOT / "WRITING.md").read_text(encoding="utf-8")


# --- through the command line, in a git work tree ------------------------------------

def git(repository, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    *args], cwd=repository, check=True, capture_output=True)


@pytest.fixture
def writer_repository(tmp_path):
    """The content in a git work tree: committed, then one article changed and one new,
    unreviewed file added by the writer."""
    repository = tmp_path / "repo"
    shutil.copytree(CONTENT, repository / "content")
    git(repository, "init", "-q")
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "content")
    low_back = repository / "content/articles/low-back-pain-what-helps.md"
    # Published, not a draft: a draft's problems are its to-do list, listed after the
    # rest (test_a_drafts_problems_come_last_as_its_to_do_list).
    low_back.write_text(low_back.read_text(encoding="utf-8").replace(
        "summary:", "sumary:", 1).replace("status: draft\n", ""), encoding="utf-8")
    (repository / "content/articles/vague-links-about-knees.md").write_text(
        "---\ntitle: Vague links\nslug: vague\ndate: 2026-01-02\nsummary: A test.\n"
        "category: Treatments\ntags: [knee]\nauthor: apollo-clinic\nservices: []\n"
        "reviewed_by: apollo-clinic\nlast_reviewed: 2026-01-02\n---\n\n"
        "Read more [here](https://www.nhs.uk/). This is a sentence that goes on and on "
        "and on for far more than twenty five words so that the check gives its advice "
        "about the length of it.\n", encoding="utf-8")
    return repository


def run_check(repository, *extra):
    environment = {**os.environ, "COLUMNS": "60"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([*INVOKE, "check", "--content", str(repository / "content"), *extra],
                          cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.slow
def test_check_lists_the_writers_files_first_one_unfolded_line_each(writer_repository):
    content = writer_repository / "content"
    result = run_check(writer_repository)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    problems = [line for line in lines if line.startswith(str(content))]
    low_back = str(content / "articles/low-back-pain-what-helps.md")
    vague = str(content / "articles/vague-links-about-knees.md")
    # One line each, at 60 columns too: the whole path, line, field, message and fix.
    assert problems[0].startswith(f"{low_back}:") and ": sumary: 'sumary' is not a field" \
        in problems[0] and problems[0].endswith("Rename it.")
    assert problems[1] == (
        f"{vague}:14: link text: 'here' does not say where the link goes. Use words that "
        "make sense on their own, e.g. '[read about physiotherapy]({filename}/services/"
        "physiotherapy.md)'. (warning)")
    kinds = ["error" if not line.endswith(")") else line.rsplit("(", 1)[1].rstrip(")")
             for line in problems]
    assert kinds == sorted(kinds, key=["error", "warning", "advice"].index), problems
    # Advice about the writer's files is listed; about the dry needling article
    # (unchanged here), counted in one line that says how to see it.
    advice = [line for line in problems if line.endswith("(advice)")]
    assert advice and all(line.startswith((low_back, vague)) for line in advice), advice
    assert any(line.startswith(f"{vague}:14: sentence:") for line in advice)
    held = [line for line in lines if "you have not changed" in line]
    assert len(held) == 1 and "readability" in held[0] and held[0].endswith(
        "See them all: invoke check --advice")
    assert not any(line.startswith(("│", "┃", "┏", "┡", "└")) for line in lines)
    assert "everything-about-dry-needling.md" not in result.stdout.replace(held[0], "")
    assert lines[-1] == "1 error(s), 1 warning(s), " \
        f"{len(advice) + int(held[0].split()[0])} piece(s) of advice"

    everything = run_check(writer_repository, "--advice")
    listed = [line for line in everything.stdout.splitlines() if line.startswith(str(content))]
    assert any("everything-about-dry-needling.md:" in line and line.endswith("(advice)")
               for line in listed)
    assert not any("you have not changed" in line for line in everything.stdout.splitlines())
    assert listed[:2] == problems[:2]


def test_a_drafts_problems_come_last_as_its_to_do_list():
    """A draft's problems stop no build: after everything else, marked as its to-do
    list; those of drafts the writer has not changed are counted, not listed."""
    from guardrails import check_lines
    from site_core import Problem

    def problem(path, severity, draft=False):
        return Problem(path, 3, "title", "is empty", "Give it a title.", severity, draft=draft)

    changed = {str(Path("mine.md").resolve()), str(Path("my-draft.md").resolve())}
    problems = [problem("my-draft.md", "error", draft=True), problem("old-draft.md", "error", True),
                problem("old-draft.md", "warning", True), problem("mine.md", "warning")]
    lines = check_lines(problems, changed)
    assert lines[2:] == [
        "mine.md:3: title: is empty. Give it a title. (warning)",
        "my-draft.md:3: title: is empty. Give it a title. (draft: to do before publishing)",
        "2 problem(s) on the to-do lists of 1 draft(s) you have not changed are not listed (a "
        "draft's problems stop no build). See them all: invoke check --advice",
        "0 error(s), 1 warning(s), 0 piece(s) of advice; drafts: 3 problem(s) in 2 file(s) to "
        "fix before publishing (they never fail a check or a build)"]
    everything = check_lines(problems, changed, all_advice=True)
    assert "old-draft.md:3: title: is empty. Give it a title. (warning, draft: to do before " \
           "publishing)" in everything
