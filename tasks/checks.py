"""Checks and reports: invoke check, the editorial report, governance.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

from .common import (
    CONTENT,
    LOCAL_SETTINGS,
    OUTPUT,
    PUBLISH_SETTINGS,
    ROOT,
    build_in_process,
    count_line,
    use_plugins,
)


@task(iterable=["only", "plain"], help={
    "content": "content folder (default: content/)",
    "only": "report and fail on these files only (pre-commit passes the changed ones)",
    "cache": "build cache folder to reuse (default: a new, empty one)",
    "plain": "print what to make plainer in this file instead, one line each (repeatable)",
    "advice": "list all advice and every draft's to-do list, also about files you have not changed",
})
def check(c, content=str(CONTENT), only=None, cache="", plain=None, advice=False):
    """Validate and lint every file, then try a strict production build; print one
    line per problem, like a compiler: errors, then warnings, then advice, the files
    you changed (git) first. Advice about other files is counted (--advice lists it).

    On GitHub Actions it also prints each problem as an annotation on its line of
    the pull request and writes a table of every problem to the job summary. With
    --plain FILE it prints that file's plain-language findings instead
    (`file:line: plain: ...`).
    """
    if plain:
        for line in plain_lines(plain, Path(content)):
            print(line)
        return
    use_plugins()
    from guardrails import changed_files, check_lines

    with tempfile.TemporaryDirectory(prefix="apollo-check-") as folder:
        passed, problems, _report = build_in_process(
            PUBLISH_SETTINGS, Path(folder) / "output", Path(content), print_problems=False,
            CACHE_PATH=str(Path(cache).resolve() if cache else Path(folder) / "cache"),
            LOAD_CONTENT_CACHE=bool(cache))
    if only:
        wanted = {os.path.abspath(path) for path in only}
        problems = [p for p in problems if os.path.abspath(p.path) in wanted]
        passed = not any(p.fails_builds for p in problems)
    for line in check_lines(problems, changed_files(content), all_advice=advice):
        print(line)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        report_to_github(problems, passed)
    if not passed:
        raise Exit("The check failed: a strict build (as CI and publish run it) stops on "
                   "these errors and warnings. Advice never fails it.", code=1)
    print("The check passed: the site can be published.")


def plain_lines(files: list[str], content: Path = CONTENT) -> list[str]:
    """`invoke check --plain`: each file's grades against its target, then every hard
    sentence, listed word, passive verb and long paragraph, one line each. The build is
    a local one (drafts included), in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="apollo-plain-") as folder:
        _passed, _problems, editorial = build_in_process(
            LOCAL_SETTINGS, Path(folder) / "output", content,
            CACHE_PATH=str(Path(folder) / "cache"), LOAD_CONTENT_CACHE=False)
    if editorial is None:
        raise Exit("The build stopped before the text could be read: run invoke check.", code=1)
    from plain_language import file_findings, settings_for

    by_path = {os.path.abspath(item.source_path): item for item in editorial.contents}
    lines = []
    for name in files:
        item = by_path.get(os.path.abspath(name))
        if item is None:
            raise Exit(f"{name} is not a page of the site: give the path of a Markdown file "
                       f"in {os.path.relpath(content)}/, e.g. {os.path.relpath(content)}/"
                       "articles/everything-about-dry-needling.md.", code=2)
        rules = settings_for(item.settings)
        lines += [str(problem) for problem in file_findings(item, name, rules)]
    return lines


def report_to_github(problems, passed: bool) -> None:
    """Annotations on the pull request's lines, and a table in the job summary."""
    from guardrails import annotation, step_summary

    root = os.environ.get("GITHUB_WORKSPACE") or str(ROOT)
    for problem in problems:
        print(annotation(problem, root))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(step_summary(problems, root, passed))


@task(help={
    "github_issue": "open, update or close the GitHub issue labelled content-review (needs gh)",
    "links": "check external links (default on; --no-links skips them)",
    "within": "list reviews due within this many days (default 60)",
    "content": "content folder (default: content/)",
})
def governance(c, github_issue=False, links=True, within=60, content=str(CONTENT)):
    """Reviews overdue or due soon, articles with no reviewer, links that fail."""

    use_plugins()
    from governance.links import check_links
    from governance.review import (
        external_links,
        governance_markdown,
        link_items,
        review_items,
        sync_issue,
    )
    from site_core import display_path

    with tempfile.TemporaryDirectory(prefix="apollo-governance-") as folder:
        _passed, _problems, editorial = build_in_process(
            LOCAL_SETTINGS, Path(folder) / "output", Path(content),
            CACHE_PATH=str(Path(folder) / "cache"))
    if editorial is None:
        raise Exit("The build stopped before the report could be made: run invoke check.",
                   code=1)
    today = datetime.date.today()
    items = review_items(editorial.rows(), today, int(within))
    found = external_links(editorial.contents) if links else []
    results = check_links([url for url, _path, _where in found],
                          cache_file=ROOT / "cache" / "governance" / "links.json")
    items += link_items(found, results, display_path)
    markdown = governance_markdown(items, today, len(results))
    print(markdown)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(markdown)
    if github_issue:
        print(sync_issue(markdown, bool(items)))


@task(help={"content": "content folder (default: content/)", "output": "output folder"})
def report(c, content=str(CONTENT), output=str(OUTPUT)):
    """Write the editorial report (output/editorial-report/) and print the same table."""
    from rich.console import Console

    passed, problems, editorial = build_in_process(
        LOCAL_SETTINGS, Path(output), Path(content),
        EDITORIAL_REPORT={"enabled": True, "save_as": "editorial-report/index.html"})
    console = Console(width=max(Console().width, 160))
    if editorial is not None:
        from editorial_report import own_text_table, report_table

        console.print(report_table(editorial.rows()))
        console.print(own_text_table(editorial.own_text()))
    console.print(count_line(problems))
    if not passed:
        raise Exit("The build stopped on errors, so the HTML report was not written. "
                   "Fix the errors above and run invoke report again.", code=1)
    if editorial is not None:
        print(report_link_line(editorial.articles, Path(output)))
    print(f"Written: {os.path.relpath(Path(output) / 'editorial-report' / 'index.html')} "
          "(not linked from the site; open it in the preview at /editorial-report/).")


REPORT_LINK = "Report a problem with this page"


def report_link_line(articles, output: Path) -> str:
    """How many written article pages end with the reader's way back (all, when
    CLINIC's email is set): counted in the pages themselves, not assumed."""
    pages = [output / article.save_as for article in articles if article.save_as]
    carrying = sum(REPORT_LINK in page.read_text(encoding="utf-8")
                   for page in pages if page.is_file())
    return f"'{REPORT_LINK}': on {carrying} of {len(pages)} article pages."


