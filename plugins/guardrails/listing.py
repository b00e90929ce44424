"""What `invoke check` prints: one unfolded line per problem, as a compiler does.

    content/articles/knee-pain.md:5: sumary: 'sumary' is not a field ... Rename it.
    content/articles/vague.md:14: link text: 'here' does not say ... (warning)

Errors first, then warnings, then advice (then any other kind); within each kind
the files the writer has changed (git: modified, staged or untracked) come first.
Errors and warnings are always listed, since either stops a strict build. Advice
about files the writer has not changed is counted in one line instead, so that a
writer's one error does not sit among advice about other people's pages; so is a
draft's to-do list (its problems, which stop no build) unless the writer changed
that draft. ``invoke check --advice`` lists it all. A draft's problems come after
everything else, marked as its to-do list.

No table: a terminal folds long lines by itself, and only an unfolded line can be
copied whole or clicked in an editor's terminal. Pure functions, except
``changed_files``, which asks git.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from dataclasses import dataclass

from site_core import Problem, display_path, problem_counts

# The kinds a check knows, most urgent first; any other kind is listed after them.
SEVERITY_ORDER = {"error": 0, "warning": 1, "advice": 2}
# Kinds that are only counted for files the writer has not changed.
SUMMARISED = frozenset({"advice"})


def severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.get(severity, len(SEVERITY_ORDER))


DRAFT_MARK = "draft: to do before publishing"


def problem_line(problem: Problem) -> str:
    """``path:line: field: message. Fix.`` and, unless it is an error, its kind; a
    draft's problem says it is on the draft's to-do list."""
    text = " ".join(str(problem).split("\n"))  # one line, whatever a message holds
    marks = [] if problem.severity == "error" else [problem.severity]
    marks += [DRAFT_MARK] if problem.draft else []
    return f"{text} ({', '.join(marks)})" if marks else text


@dataclass(frozen=True)
class Listing:
    shown: list[Problem]  # in the order they are printed
    held_back: list[Problem]  # counted in one line (advice about unchanged files)


def listing(problems: list[Problem], changed: set[str], all_advice: bool = False) -> Listing:
    """Orders the problems and holds back advice about unchanged files.

    ``changed`` holds absolute, normalised paths; a problem's path is read
    relative to the current folder, as the build prints it.
    """
    def is_changed(problem: Problem) -> bool:
        return os.path.abspath(problem.path) in changed

    ordered = sorted(problems, key=lambda p: (p.draft, severity_rank(p.severity),
                                              not is_changed(p), p.path, p.line))
    shown, held_back = [], []
    for problem in ordered:
        hold = (not all_advice and (problem.severity in SUMMARISED or problem.draft)
                and not is_changed(problem))
        (held_back if hold else shown).append(problem)
    return Listing(shown, held_back)


def held_back_line(held_back: list[Problem]) -> str:
    """Lines that count what is not listed (advice by field; drafts' to-do lists) and
    say how to see it."""
    lines = []
    advice = [p for p in held_back if not p.draft]
    if advice:
        files = len({p.path for p in advice})
        fields = Counter(p.field for p in advice)
        by_field = ", ".join(f"{field} {count}" for field, count in
                             sorted(fields.items(), key=lambda item: (-item[1], item[0])))
        lines.append(f"{len(advice)} piece(s) of advice about {files} file(s) you have not "
                     f"changed ({by_field}) are not listed. See them all: invoke check --advice")
    drafts = [p for p in held_back if p.draft]
    if drafts:
        lines.append(f"{len(drafts)} problem(s) on the to-do lists of {len({p.path for p in drafts})} "
                     "draft(s) you have not changed are not listed (a draft's problems stop no "
                     "build). See them all: invoke check --advice")
    return "\n".join(lines)


def count_line(problems: list[Problem]) -> str:
    """The count of what matters for publishing, and the drafts' to-do lists apart
    (site_core.problem_counts: the same counts as the editorial report's)."""
    counts = problem_counts(problems)
    line = (f"{counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['advice']} piece(s) of advice")
    if counts["draft_problems"]:
        line += (f"; drafts: {counts['draft_problems']} problem(s) in "
                 f"{counts['draft_files']} file(s) to fix before publishing "
                 "(they never fail a check or a build)")
    return line


def changed_line(changed: set[str]) -> str:
    """Which files were taken as the writer's, so the order explains itself."""
    if not changed:
        return "Files you changed: none (git shows no changed file in the content folder)."
    names = sorted(display_path(path) for path in changed)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"Files you changed, listed first: {shown}"


def check_lines(problems: list[Problem], changed: set[str],
                all_advice: bool = False) -> list[str]:
    """Everything `invoke check` prints about the problems, line by line."""
    result = listing(problems, changed, all_advice)
    lines = ["Content check", changed_line(changed)]
    lines += [problem_line(problem) for problem in result.shown]
    if result.held_back:
        lines.append(held_back_line(result.held_back))
    lines.append(count_line(problems))
    return lines


def changed_files(content: str) -> set[str]:
    """Files under ``content`` that git shows as modified, staged or untracked
    (absolute, normalised paths); none when the folder is not in a git work tree."""
    content = os.path.abspath(content)
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=content,
                             capture_output=True, text=True, timeout=30)
        if top.returncode != 0:
            return set()
        root = top.stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--",
             os.path.relpath(content, root)],
            cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return set()
    if status.returncode != 0:
        return set()
    return paths_from_status(status.stdout, root)


def paths_from_status(porcelain: str, root: str) -> set[str]:
    """The paths of ``git status --porcelain=v1 -z`` output (a rename's new name)."""
    paths = set()
    entries = iter(porcelain.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if "R" in code or "C" in code:
            next(entries, None)  # the old name follows a rename or copy
        if "D" in code:
            continue  # a deleted file has no problems to list
        paths.add(os.path.normpath(os.path.join(root, path)))
    return paths
