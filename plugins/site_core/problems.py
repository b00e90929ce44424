"""Content mistakes, phrased for the person who has to fix them."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from .build import build_state

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

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}. {self.fix}"


def report(problem: Problem) -> None:
    """Log a problem so that the build summary counts it (guardrails counts the log).

    Advice is logged at INFO: it is kept for `invoke check` and the editorial
    report, but it is neither printed by a plain build nor counted.
    """
    state = build_state()
    state.reported_paths.add(os.path.normpath(problem.path))
    state.problems.append(problem)
    log = {"error": logger.error, "warning": logger.warning}.get(problem.severity, logger.info)
    log("%s", problem, extra={"guardrails_path": problem.path})


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
