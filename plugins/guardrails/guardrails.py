"""Guardrails: content mistakes become clear messages and a failed build.

Pelican keeps going after a content error ("Could not process X") and exits 0,
and it lets two files with the same slug silently overwrite one another. Clinic
staff need the opposite: every problem named as ``path:line: field: what is
wrong. How to fix it.``, no traceback, nothing written when something is wrong,
and a non-zero exit. No official plugin does this, hence our own.

Setting (merged over DEFAULTS):
    GUARDRAILS = {"strict": False}   # True: warnings fail the build as well
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content

logger = logging.getLogger(__name__)

DEFAULTS = {"strict": False}


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
    """Log a problem so that the build summary counts it.

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


_problems: list[Problem] = []


def display_path(source_path: str) -> str:
    """The path as the writer sees it: relative to where the build was started."""
    return _display_path(source_path, os.getcwd())


@functools.lru_cache(maxsize=65536)
def _display_path(source_path: str, cwd: str) -> str:
    # os.path.relpath is slow, and every plugin names every file on every build.
    relative = os.path.relpath(source_path, cwd)
    return source_path if relative.startswith("..") else relative


def can_fork() -> bool:
    """Whether plugins may fork worker processes (they share the loaded site for
    free). Only Linux forks a running Python safely: macOS's system libraries may
    not survive it, and Windows cannot fork. Elsewhere builds use one process."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def plugin_settings(settings: dict, name: str, defaults: dict) -> dict:
    """A plugin's one dict setting merged over its defaults; unknown keys are refused."""
    merged = {**defaults, **settings.get(name, {})}
    unknown = sorted(set(merged) - set(defaults))
    if unknown:
        raise ValueError(f"{name}: unknown setting(s) {', '.join(unknown)}")
    return merged


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "GUARDRAILS", DEFAULTS)


_reported_paths: set[str] = set()


class DropEchoes(logging.Filter):
    """Pelican follows our message about a file with a generic "Could not
    process <file>"; the writer already knows why, so that echo is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != "Could not process %s" or not record.args:
            return True
        source = os.path.normpath(str(record.args[0]))
        return not any(path.endswith(source) for path in _reported_paths)


logging.getLogger("pelican.generators").addFilter(DropEchoes())


class ProblemCounter(logging.Handler):
    """Counts the warnings and errors logged during one build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.errors = 0
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


_counter: ProblemCounter | None = None
_strict = False


class PlainFormatter(logging.Formatter):
    """Problems print exactly as ``path:line: field: ...``; anything else with its level."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if getattr(record, "guardrails_path", None):
            return message if record.levelno >= logging.ERROR else f"{message} (warning)"
        return f"{record.levelname.lower()}: {message}"


def ensure_plain_output() -> None:
    """Give ``pelican --log-handler plain`` an output.

    Pelican 4.12 configures that choice with no handler at all, so nothing but
    the final line would print. Add one plain stream handler in that case.
    """
    root = logging.getLogger()
    if not any(not isinstance(handler, ProblemCounter) for handler in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(PlainFormatter())
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)


def forget_logged_messages() -> None:
    """Pelican's LimitFilter drops a warning it has logged before in this process,
    so in a second build in one process (a live session, the tests) a repeated
    problem was neither printed nor counted, and a strict build passed. Each
    build starts with none seen. (A class attribute of Pelican's: if it goes,
    this does nothing and tests/test_safe_by_construction.py fails.)"""
    from pelican.log import LimitFilter

    raised = getattr(LimitFilter, "_raised_messages", None)
    if isinstance(raised, set):
        raised.clear()


def start_counting(pelican) -> None:
    global _counter, _strict
    _strict = settings_for(pelican.settings)["strict"]
    stop_counting()
    forget_logged_messages()
    _reported_paths.clear()
    _problems.clear()
    ensure_plain_output()
    _counter = ProblemCounter()
    logging.getLogger().addHandler(_counter)


def stop_counting() -> None:
    global _counter
    if _counter is not None:
        logging.getLogger().removeHandler(_counter)
        _counter = None


def output_collisions(contents: list[Content]) -> list[Problem]:
    """Problems for every pair of content files that would write the same file."""
    first_owner: dict[str, Content] = {}
    problems = []
    for content in contents:
        if not content.save_as:
            continue
        owner = first_owner.setdefault(content.save_as, content)
        if owner is content:
            continue
        problems.append(
            Problem(
                path=display_path(content.source_path),
                line=getattr(content, "front_matter_lines", {}).get("slug", 1),
                field="slug",
                message=(
                    f"'{content.slug}' is already used by "
                    f"{display_path(owner.source_path)}, and both would be "
                    f"written to {content.save_as}"
                ),
                fix="Give one of them a different slug (or title).",
            )
        )
    return problems


def all_content(generators) -> list[Content]:
    contents: list[Content] = []
    for generator in generators:
        for name in (
            "articles", "translations", "drafts", "drafts_translations",
            "hidden_articles", "hidden_translations",
            "pages", "hidden_pages", "draft_pages", "draft_translations",
        ):
            contents.extend(getattr(generator, name, []))
    # Pelican sorts translations of one slug apart; sort by path for stable messages.
    return sorted(contents, key=lambda content: content.source_path)


_generators: list = []


def remember_generators(generators) -> None:
    _generators[:] = generators


def check_before_writing(pelican) -> None:
    """Stop before any page is written if reading the content went wrong.

    Runs on ``get_writer``, which Pelican sends after every plugin's
    ``all_generators_finalized`` handler, whatever the order of PLUGINS.
    """
    for problem in output_collisions(all_content(_generators)):
        report(problem)
    _generators.clear()
    stop_if_failed("before writing any page")


def check_after_writing(pelican) -> None:
    stop_if_failed("after writing the site")
    stop_counting()


def stop_if_failed(when: str) -> None:
    if _counter is None:
        return
    failures = _counter.errors + (_counter.warnings if _strict else 0)
    if not failures:
        return
    counted = _counter
    stop_counting()
    summary = f"{counted.errors} error(s)"
    if _strict:
        summary += f" and {counted.warnings} warning(s) (strict mode)"
    logger.critical("Build stopped %s: %s. Fix them and build again.", when, summary)
    raise SystemExit(1)


def connect_last_check(pelican) -> None:
    """Signals run in the order they were connected, and this runs after every
    plugin has registered: so the last check follows every other plugin's
    ``finalized`` work, including postprocess rendering the pages."""
    signals.finalized.connect(check_after_writing)


def register():
    signals.initialized.connect(start_counting)
    signals.initialized.connect(connect_last_check)
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(check_before_writing)
