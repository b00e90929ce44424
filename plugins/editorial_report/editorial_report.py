"""Editorial report: one table of every article's review status, readability and problems.

Written when asked for (``invoke report`` turns ``EDITORIAL_REPORT["enabled"]``
on, and with it the readability figures of content_lint) by the direct
template ``editorial_report`` at ``/editorial-report/``
(linked from nowhere, ``<meta name="robots" content="noindex">``, so the
sitemap and search leave it out) and printed in the terminal by
``invoke report``. Inbound links count the ``{filename}`` links from other
content, so orphans (articles nothing links to) stand out. No official plugin
reports on clinical review, hence our own.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals

from site_core import (
    ARTICLE_LISTS,
    all_contents,
    build_state,
    display_path,
    plain_text,
    plugin_settings,
    problem_counts,
    reported_problems,
)
from site_core.compat import raw_html

DEFAULTS = {"enabled": False, "save_as": "editorial-report/index.html"}
FILENAME_LINK = re.compile(r"[{|]filename[}|]([^)\s\"'#?>]+)")


@dataclass
class Row:
    title: object  # as the templates get it (typogrified HTML)
    path: str
    url: str
    status: str
    author: str
    reviewer: str
    last_reviewed: object
    next_review: object
    days_until_review: int | None
    grade: float | None
    words: int
    inbound: int
    problems: list = field(default_factory=list)  # Problem objects
    lang: str = ""
    checks: list = field(default_factory=list)  # the checks that ran on it (by language)
    out_of_date: str = ""  # a translation's English article changed since: on what day
    reading: str = ""  # both reading grades against the target (plain_language.reading_text)

    @property
    def due_text(self) -> str:
        days = self.days_until_review
        if days is None:
            return "not reviewed"
        if days < 0:
            return f"overdue by {-days} days"
        return f"in {days} days"


def link_targets(content, content_root: str) -> set[str]:
    """Absolute source paths that one content file links to with {filename}."""
    source_dir = os.path.dirname(content.source_path)
    targets = set()
    for target in FILENAME_LINK.findall(raw_html(content)):
        base = content_root if target.startswith("/") else source_dir
        targets.add(os.path.normpath(os.path.join(base, target.lstrip("/"))))
    return targets


def inbound_links(contents: list, content_root: str) -> dict[str, int]:
    """How many other content files link to each file (by absolute source path)."""
    counts = {os.path.normpath(c.source_path): 0 for c in contents}
    for content in contents:
        own = os.path.normpath(content.source_path)
        for target in link_targets(content, content_root) - {own}:
            if target in counts:
                counts[target] += 1
    return counts


def out_of_date_since(article) -> str:
    """The day a translation's English article changed after it, or ""."""
    from translations import fallen_behind

    original = getattr(article, "original", None)
    if original is None:
        return ""
    behind = fallen_behind(getattr(article, "translated_from", None), original)
    return behind[0].isoformat() if behind else ""


def reading_text(article) -> str:
    from plain_language import reading_text as plain_reading_text

    return plain_reading_text(article)


def person_name(person) -> str:
    return getattr(person, "name_with_credentials", None) or (str(person) if person else "")


class EditorialReport:
    """Computed when it is shown, so it includes every problem reported by then."""

    def __init__(self, articles: list, contents: list, content_root: str) -> None:
        self.articles, self.contents, self.content_root = articles, contents, content_root
        self.theme = ""  # the theme folder, whose words the team wrote (own_text)

    def own_text(self) -> list[dict]:
        """The team's own health text (theme words, invoke new's starter) with its grades."""
        from plain_language import own_text_rows

        return own_text_rows(Path(self.theme)) if self.theme else []

    def rows(self) -> list[Row]:
        inbound = inbound_links(self.contents, self.content_root)
        problems: dict[str, list] = {}
        for problem in reported_problems():
            problems.setdefault(os.path.normpath(problem.path), []).append(problem)
        rows = []
        for article in self.articles:
            path = display_path(article.source_path)
            authors = getattr(article, "authors", [])
            rows.append(Row(
                title=article.title, path=path, url=article.url, status=article.status,
                author=", ".join(person_name(getattr(a, "person", a)) for a in authors),
                reviewer=person_name(getattr(article, "reviewer", None)),
                last_reviewed=getattr(article, "last_reviewed", None),
                next_review=getattr(article, "next_review", None),
                days_until_review=getattr(article, "days_until_review", None),
                grade=getattr(article, "readability_grade", None),
                words=getattr(article, "word_count", 0),
                inbound=inbound.get(os.path.normpath(article.source_path), 0),
                problems=problems.get(os.path.normpath(path), []),
                lang=getattr(article, "lang", ""),
                checks=list(getattr(article, "checks_ran", [])),
                out_of_date=out_of_date_since(article),
                reading=reading_text(article),
            ))
        return sorted(rows, key=lambda row: (row.days_until_review is not None,
                                             row.days_until_review or 0, row.path))

    def counts(self) -> dict[str, int]:
        """The articles' problems counted as `invoke check` counts them: the drafts'
        to-do list apart (site_core.problem_counts)."""
        return problem_counts([problem for row in self.rows() for problem in row.problems])


def report_table(rows: list[Row]):
    """The same table for the terminal, as a rich Table."""
    from rich.table import Table

    table = Table(title="Editorial report", show_lines=True)
    for heading in ("Article", "Author", "Reviewer", "Last review", "Next review", "Due",
                    "Grade", "Words", "Inbound links", "Language and checks", "Open problems",
                    "Reading"):
        table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(
            f"{plain_text(row.title)}\n{row.path}" + (" (draft)" if row.status == "draft" else ""),
            row.author, row.reviewer or "none",
            row.last_reviewed.isoformat() if row.last_reviewed else "none",
            row.next_review.isoformat() if row.next_review else "none",
            row.due_text,
            "" if row.grade is None else f"{row.grade}",
            str(row.words),
            f"{row.inbound} (orphan)" if row.inbound == 0 else str(row.inbound),
            f"{row.lang}: " + ", ".join(row.checks)
            + (f"\nout of date since {row.out_of_date}" if row.out_of_date else ""),
            "\n".join(f"{'to do (draft): ' if p.draft else ''}{p.severity}: line {p.line}: "
                      f"{p.field}" for p in row.problems)
            or "none",
            row.reading,
        )
    return table


def own_text_table(parts: list[dict]):
    """The team's own health text with its grades (EditorialReport.own_text), for the terminal."""
    from rich.table import Table

    table = Table(title="The site's own health text", show_lines=True)
    for heading in ("Text", "Flesch-Kincaid", "SMOG", "Words", "Hardest sentences"):
        table.add_column(heading, overflow="fold")
    for part in parts:
        table.add_row(f"{part['name']}\n{part['path']}", f"{part['flesch_kincaid']:.1f}",
                      f"{part['smog']:.1f}", str(part["words"]),
                      "\n".join(part["hardest"]) or "none")
    return table


def latest() -> EditorialReport | None:
    """The report of the last build in this process (for `invoke report`)."""
    return build_state().parts.get("editorial_report")


def attach_report(generators) -> None:
    """Puts the editorial report (worked out when shown) in the template context."""
    context = next((generator.context for generator in generators), None)
    if context is None:
        return
    report = EditorialReport(all_contents(generators, ARTICLE_LISTS), all_contents(generators),
                             context["PATH"])
    report.theme = context.get("THEME", "")
    build_state(generators[0].settings).parts["editorial_report"] = report
    context["editorial_report"] = report


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "EDITORIAL_REPORT", DEFAULTS)
    return merged


def add_report_page(pelican) -> None:
    """Only a build that asks for the report writes it (as a direct template)."""
    config = settings_for(pelican.settings)
    if not config["enabled"]:
        return
    settings = pelican.settings
    if "editorial_report" not in settings["DIRECT_TEMPLATES"]:
        settings["DIRECT_TEMPLATES"] = [*settings["DIRECT_TEMPLATES"], "editorial_report"]
    settings["EDITORIAL_REPORT_SAVE_AS"] = config["save_as"]
    settings["CONTENT_LINT"] = {**settings.get("CONTENT_LINT", {}), "advice": True}


def register():
    signals.initialized.connect(add_report_page)
    signals.all_generators_finalized.connect(attach_report)
