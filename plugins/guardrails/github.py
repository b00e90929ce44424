"""Problems where a writer on GitHub looks: annotations and the job summary.

On GitHub Actions (``GITHUB_ACTIONS=true``) ``invoke check`` prints every problem
as a workflow command (``::error file=...,line=...,title=...::message``), which
GitHub shows on that line of the pull request's "Files changed" view, and adds a
Markdown table of all problems to the job's summary (``$GITHUB_STEP_SUMMARY``).
Pure functions; the escaping follows GitHub's toolkit (``@actions/core``):
``%``, ``\\r`` and ``\\n`` in the message, and also ``:`` and ``,`` in properties.
"""

from __future__ import annotations

import os

from .guardrails import Problem

COMMAND = {"error": "error", "warning": "warning", "advice": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repository_path(path: str, root: str) -> str:
    """``path`` relative to the repository root, with forward slashes."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.path.abspath(root))
    return (absolute if relative.startswith("..") else relative).replace(os.sep, "/")


def annotation(problem: Problem, root: str) -> str:
    """One workflow command for one problem."""
    properties = ",".join([
        f"file={escape_property(repository_path(problem.path, root))}",
        f"line={max(int(problem.line), 1)}",
        f"title={escape_property(problem.field)}",
    ])
    # A draft's problems are its to-do list: a notice, never an error on the pull request.
    command = "notice" if problem.draft else COMMAND.get(problem.severity, "notice")
    return f"::{command} {properties}::" \
           f"{escape_data(f'{problem.message}. {problem.fix}')}"


def step_summary(problems: list[Problem], root: str, passed: bool) -> str:
    """The job summary: a verdict, then a table of every problem."""
    def cell(text: str) -> str:
        return " ".join(str(text).replace("|", "\\|").split())

    verdict = ("### ✅ The content check passed: the site can be published." if passed else
               "### ❌ The content check failed: fix the errors and warnings below "
               "(advice never fails it).")
    lines = [verdict, ""]
    if problems:
        lines += ["| file | line | field | kind | what is wrong | how to fix it |",
                  "|---|---|---|---|---|---|"]
        order = {"error": 0, "warning": 1, "advice": 2}
        for problem in sorted(problems, key=lambda p: (p.draft, order.get(p.severity, 3),
                                                       p.path, p.line)):
            lines.append("| " + " | ".join(cell(value) for value in (
                repository_path(problem.path, root), problem.line, problem.field,
                f"{problem.severity} (draft)" if problem.draft else problem.severity,
                problem.message, problem.fix)) + " |")
    else:
        lines.append("No problems found.")
    return "\n".join(lines) + "\n"
