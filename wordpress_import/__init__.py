"""Moving in: a WordPress export (WXR) as draft articles and pages of this site.

``invoke import-wordpress EXPORT.xml --uploads DIR`` (tasks/content.py) calls ``run``.
Posts become articles in content/articles/, pages site pages in content/pages/,
each with front matter our content model accepts, ``status: draft`` and no
review fields, so the review gate keeps them off the live site until a
clinician reviews them. Old permalinks become ``redirect_from``; old category
and tag archives go to content/redirects.yml; uploaded images are copied from
the uploads folder (originals, never WordPress's resized copies) and nothing is
linked from the old host. The migration report lists every file and every
problem, and is written to wordpress-import/report.md beside the content.

Pelican's own ``pelican-import --wpfile`` writes Pelican-style headers instead
of our YAML, keeps no permalinks, drops excerpts and SEO descriptions, leaves
shortcodes and resized images pointing at the old site and needs Pandoc; and
no pelican-plugins package imports WordPress, hence our own, on lxml (the
export), BeautifulSoup and markdownify (the bodies: see body.py for the choice).
"""

from __future__ import annotations

from pathlib import Path

from .export import ExportError, read_exports
from .importer import Options, apply_plan, plan_import, write_if_changed
from .report import markdown_report, print_report


def run(export_path: Path, options: Options) -> tuple:
    """Import; returns (plan, outcomes). Raises ExportError for an unreadable export.
    ``export_path`` is an .xml file, or a folder or .zip of them (WordPress.com)."""
    plan = plan_import(read_exports(export_path), options)
    outcomes = apply_plan(plan, options)
    report = markdown_report(plan, outcomes, options)
    if not options.dry_run:
        write_if_changed(options.record_folder / "report.md", report.encode("utf-8"))
    print_report(plan, outcomes, options)
    return plan, outcomes


__all__ = ["ExportError", "Options", "run"]
