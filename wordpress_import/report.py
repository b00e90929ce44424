"""The migration report: every detail in Markdown (wordpress-import/report.md), and a
short account in the terminal: one line per post or page, counts for the rest."""

from __future__ import annotations

from collections import Counter

from .importer import SKIPPED_STATUSES, Options, Plan, PlannedFile

PUBLISH_STEPS = (
    "Every imported post and page is a draft (`status: draft`) with no clinical review, "
    "so none of it is on the live site, and a draft's problems never stop a check or a "
    "build: `invoke check` lists them as the draft's to-do list. To publish one: fix what "
    "it lists for that file, have a clinician review it, add `reviewed_by` and "
    "`last_reviewed` to its front matter, delete the line `status: draft`, and run "
    "`invoke check`. Its old address then redirects to it."
)
REPORT_FILE = "wordpress-import/report.md"
# How the terminal counts what it did not import, by WordPress's type.
KIND_NAMES = {"attachment": "media library entries", "nav_menu_item": "menu entries",
              "revision": "earlier versions of posts", "wp_navigation": "menus",
              "wp_block": "reusable blocks", "wp_template": "theme templates",
              "wp_template_part": "theme templates", "wp_global_styles": "theme styles",
              "custom_css": "theme styles", "oembed_cache": "embed caches"}


STATUS_NAMES = {SKIPPED_STATUSES["trash"]: "posts in WordPress's bin",
                SKIPPED_STATUSES["private"]: "private posts",
                SKIPPED_STATUSES["auto-draft"]: "empty auto-drafts",
                SKIPPED_STATUSES["inherit"]: "parts of other posts"}


def rows(outcomes: list[tuple[PlannedFile, str]], with_outcome: bool = True) -> list[list[str]]:
    return [[planned.title, planned.relative, planned.old_address, str(len(planned.images)),
             *([outcome] if with_outcome else []), "; ".join(planned.notes) or "none"]
            for planned, outcome in outcomes if planned.kind in ("article", "page")]


def skipped_counts(plan: Plan) -> Counter:
    """What was not imported, counted by kind ("menu entries": 25); pure."""
    counts: Counter = Counter()
    for _title, kind, why in plan.skipped:
        if why.startswith("password-protected"):
            counts["password-protected posts"] += 1
        elif kind in KIND_NAMES:
            counts[KIND_NAMES[kind]] += 1
        elif why.startswith("a '"):
            counts[f"'{kind}' entries"] += 1
        else:
            counts[STATUS_NAMES.get(why, f"{kind}s ({why.split(':')[0]})")] += 1
    if plan.comments:
        counts["comments"] += plan.comments
    return counts


def markdown_report(plan: Plan, outcomes: list[tuple[PlannedFile, str]],
                    options: Options) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["# WordPress import", "", PUBLISH_STEPS, ""]
    lines += [f"- {note}" for note in plan.notes] + ([""] if plan.notes else [])
    lines += ["| post | new file | old address | images | to check |",
              "|---|---|---|---|---|"]
    # No "this run" column: the report of a second, identical run is the same file.
    lines += ["| " + " | ".join(cell(value) for value in row) + " |"
              for row in rows(outcomes, with_outcome=False)]
    copied = Counter(planned.kind for planned, _ in outcomes)
    lines += ["", f"Images copied into content/images/: {copied['image']}. "
              f"Other files (PDF, sound, video) copied into content/files/: {copied['file']}."]
    if plan.people_to_add:
        lines += ["", "## People awaiting details in content/people.yml", "",
                  "These authors wrote imported posts. Each is in content/people.yml with the "
                  "name the export gave and `awaiting_details: true`, and nothing else. Check "
                  "the name, add only what is true (credentials and role if they have them), "
                  "then delete the line `awaiting_details: true`; until then a published "
                  "article cannot name them. To use someone already there instead, import "
                  "again with `--author \"login=id\"`.", "", "```yaml"]
        for person, name in sorted(plan.people_to_add.items()):
            lines += [f"- id: {person}", f"  name: {name}", "  awaiting_details: true"]
        lines += ["```"]
    if plan.unmapped_categories:
        lines += ["", "## Categories with no match", "",
                  "Posts in these WordPress categories have `category: TODO ...`: choose one "
                  "of ours, or import again with `--category \"Old name=Our category\"`: "
                  + ", ".join(plan.unmapped_categories) + "."]
    if plan.protected:
        lines += ["", "## Password-protected posts", "",
                  "On WordPress only readers with the password saw these. They are not "
                  "imported unless you run the import with `--include-protected`, which "
                  "imports them as drafts like the rest.", ""]
        lines += [f"- {title}: {what}" for title, what in plan.protected]
    if plan.skipped or plan.comments:
        lines += ["", "## Not imported", "", "| item | type | why |", "|---|---|---|"]
        lines += [f"| {cell(title)} | {kind} | {why} |" for title, kind, why in plan.skipped]
        if plan.comments:
            lines += [f"| {plan.comments} comment(s) | comment | the site has no comments |"]
    return "\n".join(lines) + "\n"


def console_lines(plan: Plan, outcomes: list[tuple[PlannedFile, str]],
                  options: Options) -> list[str]:
    """What the terminal shows; pure. One line per post or page (its file and what
    happened), a file kept for the writer by name, and counts for everything else."""
    verb = "would be" if options.dry_run else "is"
    lines = ["WordPress import" + (" (dry run: nothing written)" if options.dry_run else "")]
    others: Counter = Counter()
    for planned, outcome in outcomes:
        if planned.kind in ("article", "page") or outcome.startswith("kept"):
            shown = outcome if outcome.startswith("kept") else f"{verb} {outcome}"
            lines.append(f"{planned.relative}: {shown}")
        elif planned.kind == "people":
            lines.append(f"{planned.relative}: {outcome} (awaiting details)")
        else:
            others[outcome] += 1
    if others:
        shown = "would be " if options.dry_run else ""
        lines.append("images, files and redirects.yml: " + ", ".join(
            f"{count} {shown}{outcome}" for outcome, count in sorted(others.items())))
    skipped = skipped_counts(plan)
    if skipped:
        lines.append("not imported: " + ", ".join(
            f"{count} {kind}" for kind, count in sorted(skipped.items())))
    to_check = sum(len(planned.notes) for planned, _ in outcomes)
    lines += plan.notes
    lines.append(f"{to_check} thing(s) to check, every one by its post, in {REPORT_FILE}"
                 + (" (not written on a dry run)" if options.dry_run else ""))
    lines.append(PUBLISH_STEPS)
    return lines


def print_report(plan: Plan, outcomes, options: Options) -> None:
    for line in console_lines(plan, outcomes, options):
        print(line)


def todo_section(problems, content) -> str:
    """The drafts' to-do list as `invoke check` finds it, by file, for the migration
    report; pure. ``problems`` are the check's (site_core.Problem), ``content`` the
    content folder they are under."""
    import os

    drafts: dict[str, list] = {}
    for problem in problems:
        if problem.draft and problem.severity != "advice":
            drafts.setdefault(problem.path, []).append(problem)
    lines = ["", "## To do before publishing", "",
             "What `invoke check` finds in the imported drafts. None of it stops a check or a "
             "build while a file is a draft; once its `status: draft` line is deleted, its "
             "problems count like any other. Run `invoke check` again to see where you are."]
    if not drafts:
        return "\n".join([*lines, "", "Nothing: every draft passes the check."]) + "\n"
    lines += ["", "| file | problems | first of them |", "|---|---|---|"]
    for path, found in sorted(drafts.items()):
        shown = os.path.relpath(os.path.abspath(path), os.path.abspath(content))
        first = sorted(found, key=lambda problem: problem.line)[0]
        lines.append(f"| {shown} | {len(found)} | line {first.line}: {first.field}: "
                     f"{first.message} |".replace("\n", " "))
    return "\n".join(lines) + "\n"
