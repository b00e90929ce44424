"""The weekly governance report: what the clinic must look at before it becomes a problem.

- articles whose clinical review is overdue, or due within the next 60 days;
- articles with no clinical reviewer (drafts waiting for one included);
- external links, in bodies and in ``references``, that fail (see links.py);
- (translations out of date, once the site has translations.)

``governance_items`` turns a build's editorial report and the link results into
items; ``governance_markdown`` writes them for the job summary and the GitHub
issue; ``sync_issue`` opens, updates or closes the one issue labelled
``content-review`` through the GitHub CLI that GitHub's runners have.
"""

from __future__ import annotations

import datetime
import html
import os
import re
import subprocess
from dataclasses import dataclass

LABEL = "content-review"
HREF = re.compile(r"""<a\b[^>]*\bhref=["'](https?://[^"'\s>]+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    kind: str  # "overdue", "due soon", "no reviewer", "broken link"
    path: str
    line: int
    title: str
    detail: str


def plain(text) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(text))).split())


def review_items(rows, today: datetime.date, within_days: int = 60) -> list[Item]:
    """Items from the editorial report's rows (editorial_report.Row)."""
    items = []
    for row in rows:
        title = plain(row.title)
        draft = " (draft)" if row.status == "draft" else ""
        if not row.reviewer:
            items.append(Item("no reviewer", row.path, 1, title + draft,
                              "no clinical review yet: add reviewed_by and last_reviewed "
                              "after the review"))
            continue
        days = row.days_until_review
        if days is None or row.status == "draft":
            continue
        due = row.next_review.isoformat() if row.next_review else "?"
        if days < 0:
            items.append(Item("overdue", row.path, 1, title,
                              f"review was due on {due}, {-days} days ago"))
        elif days <= within_days:
            items.append(Item("due soon", row.path, 1, title, f"review due on {due}, in "
                              f"{days} days"))
    return items


def external_links(contents) -> list[tuple[str, str, str]]:
    """(url, source path, where) for each external link in bodies and references."""
    from site_core.compat import raw_html

    found = []
    for content in contents:
        path = content.source_path
        body = raw_html(content)
        found += [(html.unescape(url), path, "text") for url in HREF.findall(body)]
        for reference in content.metadata.get("references") or []:
            url = reference.get("url") if isinstance(reference, dict) else None
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                found.append((url, path, "references"))
    return found


def line_of(path: str, url: str) -> int:
    try:
        with open(path, encoding="utf-8-sig") as file:
            for number, line in enumerate(file, 1):
                if url in html.unescape(line):
                    return number
    except OSError:
        pass
    return 1


def link_items(links, results, display) -> list[Item]:
    items = []
    for url, path, where in links:
        result = results.get(url)
        if result is not None and not result.ok:
            items.append(Item("broken link", display(path), line_of(path, url),
                              os.path.basename(path), f"{url} ({where}): {result.reason}"))
    return items


ORDER = {"overdue": 0, "broken link": 1, "due soon": 2, "no reviewer": 3}
HEADINGS = {"overdue": "Clinical review overdue", "broken link": "Links that fail",
            "due soon": "Clinical review due soon", "no reviewer": "No clinical reviewer yet"}


def governance_markdown(items: list[Item], today: datetime.date, links_checked: int) -> str:
    lines = [f"Content review for {today.isoformat()}: {len(items)} item(s) to look at. "
             f"{links_checked} external link(s) checked.", ""]
    if not items:
        lines.append("Nothing to review: every review is more than 60 days away, every "
                     "article has a reviewer, and every link works.")
    for kind in sorted({item.kind for item in items}, key=ORDER.get):
        lines += [f"### {HEADINGS[kind]}", "", "| file | what | detail |", "|---|---|---|"]
        for item in sorted((i for i in items if i.kind == kind), key=lambda i: (i.path, i.line)):
            cells = [f"{item.path}:{item.line}", item.title, item.detail]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    lines += ["", "Made by the weekly governance workflow (`invoke governance`). Fix the "
              "items, and the issue closes itself at the next run with nothing to review."]
    return "\n".join(lines) + "\n"


def sync_issue(body: str, has_items: bool, gh: str = "gh", run=subprocess.run) -> str:
    """Open, update or close the one open issue labelled content-review; says what it did."""
    def call(*args: str) -> str:
        done = run([gh, *args], capture_output=True, text=True, check=True)
        return (done.stdout or "").strip()

    call("label", "create", LABEL, "--color", "C2E0C6", "--force",
         "--description", "Reviews due, broken links: from the weekly governance run")
    number = call("issue", "list", "--label", LABEL, "--state", "open", "--limit", "1",
                  "--json", "number", "--jq", ".[0].number")
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as file:
        file.write(body)
    try:
        if has_items and number:
            call("issue", "edit", number, "--body-file", file.name)
            return f"updated issue #{number}"
        if has_items:
            url = call("issue", "create", "--title", "Content review: reviews due and links "
                       "to fix", "--label", LABEL, "--body-file", file.name)
            return f"opened {url}"
        if number:
            call("issue", "close", number, "--comment", "Nothing to review this week.")
            return f"closed issue #{number}"
        return "no issue needed"
    finally:
        os.unlink(file.name)
