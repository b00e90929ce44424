"""Editorial report: one table of every article's review status, readability and problems.

Written when asked for (``invoke report`` turns ``EDITORIAL_REPORT["enabled"]``
on, and with it the readability figures of content_lint) by the direct
template ``editorial_report`` at ``/editorial-report/``
(linked from nowhere, ``<meta name="robots" content="noindex">``, so the
sitemap and search leave it out) and printed in the terminal by
``invoke report``. Rows: every article, translation and service page.

Links to a page are counted in the site as written: every other page whose main
part links to it (text, related-article cards, a service page's article list,
the home page, category, topic and author lists), each page once; the previous
and next links at the foot of an article, the header and the footer are left
out, since every page has them. The report page renders after every other page
is written (`PROVIDES.rendered_last`), so it reads the finished site. A page no
other page links to is an orphan. No official plugin reports on clinical review,
hence our own.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from pelican import signals

from site_core import (
    ARTICLE_LISTS,
    Provides,
    all_contents,
    build_state,
    display_path,
    plain_text,
    plugin_settings,
    problem_counts,
    reported_problems,
)

DEFAULTS = {"enabled": False, "save_as": "editorial-report/index.html"}
# The report counts the links of the written pages: it renders after all of them.
PROVIDES = Provides(rendered_last=("editorial_report.html",))


KINDS_OF_LINKING_PAGE = ("home page", "list", "article", "service page", "page")


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
    inbound: int  # other pages of the written site that link to it
    problems: list = field(default_factory=list)  # Problem objects
    lang: str = ""
    checks: list = field(default_factory=list)  # the checks that ran on it (by language)
    out_of_date: str = ""  # a translation's English article changed since: on what day
    kind: str = "article"  # "article", "translation" or "service page"
    inbound_from: dict = field(default_factory=dict)  # kind of linking page -> how many
    reading: str = ""  # both reading grades against the target (plain_language.reading_text)

    @property
    def due_text(self) -> str:
        days = self.days_until_review
        if self.kind == "service page" and days is None:
            return "no review dates (service page)"
        if days is None:
            return "not reviewed"
        if days < 0:
            return f"overdue by {-days} days"
        return f"in {days} days"

    @property
    def links_text(self) -> str:
        """"4: home page, 2 lists, 1 article" or "0: no page links to it (orphan)"."""
        if not self.inbound:
            return "0: no page links to it (orphan)"
        parts = []
        for kind in KINDS_OF_LINKING_PAGE:
            count = self.inbound_from.get(kind, 0)
            if count:
                plural = kind if count == 1 else ("lists" if kind == "list" else kind + "s")
                parts.append(f"{count} {plural}" if kind != "home page" else kind)
        return f"{self.inbound}: " + ", ".join(parts)


def page_address(relative_file: str) -> str:
    """The address a written file is served at: "articles/x/index.html" -> "/articles/x/"."""
    address = "/" + relative_file.replace(os.sep, "/")
    return address[: -len("index.html")] if address.endswith("/index.html") or \
        address == "/index.html" else address


def link_address(href: str, page: str, siteurl: str) -> str | None:
    """The address of this site that a link on ``page`` leads to, or None."""
    if siteurl and href.startswith(siteurl):
        href = href[len(siteurl):] or "/"
    parsed = urlparse(urljoin(page, href))
    if parsed.scheme or parsed.netloc:
        return None
    path = parsed.path
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def links_in_written_site(output: str, siteurl: str, skip: set[str]) -> dict[str, set[str]]:
    """{address: addresses of the other pages linking to it} for every written page
    (but those in ``skip``), reading the links in each page's <main>, without the
    previous/next pager."""
    from bs4 import BeautifulSoup

    links: dict[str, set[str]] = {}
    for folder, _dirs, names in os.walk(output):
        for name in names:
            if not name.endswith(".html"):
                continue
            relative = os.path.relpath(os.path.join(folder, name), output)
            page = page_address(relative)
            if page in skip or relative.split(os.sep)[0] in ("drafts", "pagefind", "theme"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as file:
                soup = BeautifulSoup(file.read(), "lxml")
            main = soup.find("main")
            if main is None:
                continue
            for pager in main.select(".pager"):
                pager.decompose()
            for anchor in main.find_all("a", href=True):
                target = link_address(anchor["href"], page, siteurl)
                if target and target != page:
                    links.setdefault(target, set()).add(page)
    return links


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
    """Computed when it is shown, so it includes every problem reported by then and
    the links of the site as written by then."""

    def __init__(self, articles: list, contents: list, content_root: str,
                 output: str = "", siteurl: str = "", report_address: str = "") -> None:
        self.articles, self.contents, self.content_root = articles, contents, content_root
        self.theme = ""  # the theme folder, whose words the team wrote (own_text)
        self.output, self.siteurl, self.report_address = output, siteurl, report_address

    def reported(self) -> list:
        """The rows' contents: articles and translations, then service pages."""
        services = [c for c in self.contents if getattr(c, "is_service", False)]
        return [*self.articles, *sorted(services, key=lambda c: c.source_path)]

    def kind_of_page(self) -> dict[str, str]:
        kinds = {"/": "home page"}
        for content in self.contents:
            if getattr(content, "save_as", ""):
                kind = ("service page" if getattr(content, "is_service", False) else
                        "page" if content.__class__.__name__ == "Page" else "article")
                kinds[page_address(content.save_as)] = kind
        return kinds

    def own_text(self) -> list[dict]:
        """The team's own health text (theme words, invoke new's starter) with its grades."""
        from plain_language import own_text_rows

        return own_text_rows(Path(self.theme)) if self.theme else []

    def rows(self) -> list[Row]:
        links = links_in_written_site(self.output, self.siteurl, {self.report_address}) \
            if self.output and os.path.isdir(self.output) else {}
        kinds = self.kind_of_page()
        problems: dict[str, list] = {}
        for problem in reported_problems():
            problems.setdefault(os.path.normpath(problem.path), []).append(problem)
        rows = []
        for article in self.reported():
            path = display_path(article.source_path)
            authors = getattr(article, "authors", [])
            linking = links.get(page_address(article.save_as or ""), set()) \
                if getattr(article, "save_as", "") else set()
            kind = ("service page" if getattr(article, "is_service", False) else
                    "translation" if getattr(article, "original", None) is not None else
                    "article")
            rows.append(Row(
                title=article.title, path=path, url=article.url, status=article.status,
                author=", ".join(person_name(getattr(a, "person", a)) for a in authors),
                reviewer=person_name(getattr(article, "reviewer", None)),
                last_reviewed=getattr(article, "last_reviewed", None),
                next_review=getattr(article, "next_review", None),
                days_until_review=getattr(article, "days_until_review", None),
                grade=getattr(article, "readability_grade", None),
                words=getattr(article, "word_count", 0),
                inbound=len(linking),
                inbound_from=dict(Counter(kinds.get(page, "list") for page in linking)),
                problems=problems.get(os.path.normpath(path), []),
                lang=getattr(article, "lang", ""),
                checks=list(getattr(article, "checks_ran", [])),
                out_of_date=out_of_date_since(article),
                reading=reading_text(article),
                kind=kind,
            ))
        return sorted(rows, key=lambda row: (row.kind == "service page",
                                             row.days_until_review is not None,
                                             row.days_until_review or 0, row.path))

    def counts(self) -> dict[str, int]:
        """The articles' problems counted as `invoke check` counts them: the drafts'
        to-do list apart (site_core.problem_counts)."""
        return problem_counts([problem for row in self.rows() for problem in row.problems])


def report_table(rows: list[Row]):
    """The same table for the terminal, as a rich Table."""
    from rich.table import Table

    table = Table(title="Editorial report", show_lines=True)
    for heading in ("Page", "Author", "Reviewer", "Last review", "Next review", "Due",
                    "Grade", "Words", "Links to it", "Language and checks", "Open problems",
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
            row.links_text,
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
    settings = context
    save_as = settings.get("EDITORIAL_REPORT_SAVE_AS") or DEFAULTS["save_as"]
    report = EditorialReport(all_contents(generators, ARTICLE_LISTS), all_contents(generators),
                             context["PATH"], output=settings.get("OUTPUT_PATH", ""),
                             siteurl=settings.get("SITEURL", ""),
                             report_address=page_address(save_as))
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
