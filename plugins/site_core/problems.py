"""Content mistakes, phrased for the person who has to fix them."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

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


_problems: list[Problem] = []
_reported_paths: set[str] = set()


def report(problem: Problem) -> None:
    """Log a problem so that the build summary counts it (guardrails counts the log).

    Advice is logged at INFO: it is kept for `invoke check` and the editorial
    report, but it is neither printed by a plain build nor counted.
    """
    _reported_paths.add(os.path.normpath(problem.path))
    _problems.append(problem)
    log = {"error": logger.error, "warning": logger.warning}.get(problem.severity, logger.info)
    log("%s", problem, extra={"guardrails_path": problem.path})


def reported_problems() -> list[Problem]:
    """Every problem reported since the current (or last) build started."""
    return list(_problems)


def reported_paths() -> set[str]:
    """The normalised paths that problems were reported for in this build."""
    return _reported_paths


def start_collecting() -> None:
    """Forget the problems of the previous build (guardrails calls it as a build starts)."""
    _problems.clear()
    _reported_paths.clear()
