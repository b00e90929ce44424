"""Content mistakes, phrased for the person who has to fix them."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, replace

from .build import build_state
from .system import file_stamp

# Logged under guardrails' name: writers and tests know the messages by it.
logger = logging.getLogger("guardrails.guardrails")


@dataclass(frozen=True)
class Problem:
    """One content mistake, phrased for the person who has to fix it."""

    path: str
    line: int
    field: str
    message: str
    fix: str
    severity: str = "error"  # "error", "warning", or "advice" (never fails a build)
    # In a file with `status: draft`: work to do before it is published, listed and
    # counted apart, never failing a build (report() sets it from the file itself).
    draft: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}. {self.fix}"

    @property
    def fails_builds(self) -> bool:
        """Whether it counts against a build: an error, or a warning in strict mode."""
        return not self.draft and self.severity in ("error", "warning")


# `status: draft` in a file's front matter, as YAML reads it (quoted or not, a comment after).
DRAFT_STATUS = re.compile(r"^status:[ \t]*([\"']?)draft\1[ \t]*(?:#.*)?$", re.MULTILINE)
FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def is_draft_in_this_build(path: str) -> bool:
    """``is_draft_file``, read once per version of a file: by its path, size and
    modification time, in the memos, so neither a file with many problems nor a live
    session's next build opens it again (5,000 files took 0.4 s of every rebuild)."""
    version = file_stamp(path)
    if version is None:
        return is_draft_file(path)
    stamp = (path, version)
    known = build_state().memo("problems.draft_files", dict)
    if stamp not in known:
        known[stamp] = is_draft_file(path)
    return known[stamp]


def is_draft_file(path: str) -> bool:
    """Whether the content file at ``path`` says ``status: draft`` in its front matter.

    Read from the file itself, not from what a reader made of it, so that it holds
    for a problem found before the file is read, and for a file whose front matter
    cannot be read at all; a writer who deletes the line makes its problems count.
    """
    if not path.endswith((".md", ".markdown", ".mkd")):
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read(65536)
    except OSError:
        return False
    if not text.startswith("---"):
        return False
    end = FRONT_MATTER_END.search(text, 4)
    return bool(DRAFT_STATUS.search(text[3:end.start() if end else len(text)]))


def problem_counts(problems) -> dict[str, int]:
    """How many errors, warnings and pieces of advice count, and the drafts' to-do
    list apart: ``draft_problems`` in ``draft_files`` files; pure."""
    counted = [problem for problem in problems if not problem.draft]
    drafts = [problem for problem in problems if problem.draft]
    counts = {kind: sum(problem.severity == kind for problem in counted)
              for kind in ("error", "warning", "advice")}
    counts["draft_problems"] = sum(problem.severity != "advice" for problem in drafts)
    counts["draft_files"] = len({problem.path for problem in drafts
                                 if problem.severity != "advice"})
    return counts


def report(problem: Problem) -> None:
    """Log a problem so that the build summary counts it (guardrails counts the log).

    Advice is logged at INFO: it is kept for `invoke check` and the editorial
    report, but it is neither printed by a plain build nor counted. A draft's
    problems are printed at their level, marked as the draft's, and not counted.
    """
    if not problem.draft and is_draft_in_this_build(problem.path):
        problem = replace(problem, draft=True)
    state = build_state()
    state.reported_paths.add(os.path.normpath(problem.path))
    state.problems.append(problem)
    log = {"error": logger.error, "warning": logger.warning}.get(problem.severity, logger.info)
    log("%s", problem, extra={"guardrails_path": problem.path,
                              "guardrails_draft": problem.draft})


def reported_problems() -> list[Problem]:
    """Every problem reported since the current (or last) build started."""
    return list(build_state().problems)


def reported_paths() -> set[str]:
    """The normalised paths that problems were reported for in this build."""
    return build_state().reported_paths


def start_collecting() -> None:
    """Forget the problems reported so far (a live session's quick rebuild checks its
    files again); a new build starts with none."""
    state = build_state()
    state.problems.clear()
    state.reported_paths.clear()
