"""The migration report: a table for the terminal (rich) and the same as Markdown."""

from __future__ import annotations

from .importer import Options, Plan, PlannedFile

PUBLISH_STEPS = (
    "Every imported post and page is a draft (`status: draft`) with no clinical review, "
    "so none of it is on the live site. To publish one: have a clinician review it, add "
    "`reviewed_by` and `last_reviewed` to its front matter, delete the line "
    "`status: draft`, and run `invoke check`. Its old address then redirects to it."
)


def rows(outcomes: list[tuple[PlannedFile, str]], with_outcome: bool = True) -> list[list[str]]:
    return [[planned.title, planned.relative, planned.old_address, str(len(planned.images)),
             *([outcome] if with_outcome else []), "; ".join(planned.notes) or "none"]
            for planned, outcome in outcomes if planned.kind in ("article", "page")]


def markdown_report(plan: Plan, outcomes: list[tuple[PlannedFile, str]],
                    options: Options) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["# WordPress import", "", PUBLISH_STEPS, "",
             "| post | new file | old address | images | to check |",
             "|---|---|---|---|---|"]
    # No "this run" column: the report of a second, identical run is the same file.
    lines += ["| " + " | ".join(cell(value) for value in row) + " |"
              for row in rows(outcomes, with_outcome=False)]
    images = [planned.relative for planned, _ in outcomes if planned.kind == "image"]
    lines += ["", f"Images copied into content/images/: {len(images)}."]
    if plan.people_to_add:
        lines += ["", "## People to add to content/people.yml", "",
                  "These authors wrote imported posts. Add them as below, with only what is "
                  "true (credentials and role if they have them), or change `author:` in "
                  "their posts to someone already there:", "", "```yaml"]
        for person, name in sorted(plan.people_to_add.items()):
            lines += [f"- id: {person}", f"  name: {name}"]
        lines += ["```"]
    if plan.unmapped_categories:
        lines += ["", "## Categories with no match", "",
                  "Posts in these WordPress categories have `category: TODO ...`: choose one "
                  "of ours, or import again with `--category \"Old name=Our category\"`: "
                  + ", ".join(plan.unmapped_categories) + "."]
    if plan.skipped or plan.comments:
        lines += ["", "## Not imported", "", "| item | type | why |", "|---|---|---|"]
        lines += [f"| {cell(title)} | {kind} | {why} |" for title, kind, why in plan.skipped]
        if plan.comments:
            lines += [f"| {plan.comments} comment(s) | comment | the site has no comments |"]
    return "\n".join(lines) + "\n"


def print_report(plan: Plan, outcomes, options: Options) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(width=max(Console().width, 140))
    table = Table(title="WordPress import" + (" (dry run: nothing written)"
                                              if options.dry_run else ""), show_lines=True)
    for name in ("post", "new file", "old address", "images", "to check"):
        table.add_column(name, overflow="fold")
    for row in rows(outcomes, with_outcome=False):
        table.add_row(*(Text(value) for value in row))  # [shortcodes] are not rich markup
    console.print(table)
    verb = "would be" if options.dry_run else "is"
    for planned, outcome in outcomes:  # one plain line a file: readable in any log
        console.print(f"{planned.relative}: {outcome}" if outcome.startswith("kept") else
                      f"{planned.relative}: {verb} {outcome}", markup=False, soft_wrap=True)
    for title, kind, why in plan.skipped:
        console.print(f"not imported: {title} ({kind}): {why}", markup=False)
    if plan.comments:
        console.print(f"not imported: {plan.comments} comment(s): the site has no comments")
    for person, name in sorted(plan.people_to_add.items()):
        console.print(f"add to content/people.yml:\n- id: {person}\n  name: {name}",
                      markup=False)
    console.print(PUBLISH_STEPS, markup=False)
