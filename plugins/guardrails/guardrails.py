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

import logging
import os
from dataclasses import dataclass, field

from pelican import signals
from pelican.contents import Content

from site_core import (
    Problem,
    Provides,
    all_contents,
    build_state,
    display_path,
    order_problems,
    plugin_settings,
    report,
    reported_paths,
)
from site_core.compat import forget_logged_messages, install_echo_filters

logger = logging.getLogger(__name__)

DEFAULTS = {"strict": False}


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "GUARDRAILS", DEFAULTS)


def is_strict(settings: dict) -> bool:
    """Whether warnings fail this build too (CI and publishing)."""
    return settings_for(settings)["strict"]




class ProblemCounter(logging.Handler):
    """Counts the warnings and errors logged during one build."""

    prints = False  # it collects; ensure_plain_output still adds a terminal handler

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.errors = 0
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


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
    # A handler that only collects (ours, the live preview's) has prints = False.
    if not any(getattr(handler, "prints", True) for handler in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(PlainFormatter())
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)


def check_plugin_order(settings: dict) -> None:
    """A PLUGINS list that breaks a plugin's declared AFTER stops the build here,
    saying what would go wrong, before a page is read."""
    problems = order_problems(list(settings.get("PLUGINS") or []))
    if problems:
        for problem in problems:
            logger.critical("%s", problem)
        raise SystemExit(1)


@dataclass
class Guard:
    """This build's count of problems, and the generators to check before writing."""

    strict: bool
    counter: ProblemCounter | None = None
    generators: list = field(default_factory=list)


def guard(settings: dict | None = None) -> Guard:
    return build_state(settings).part("guardrails", lambda: Guard(strict=False))


def start_counting(pelican) -> None:
    """Refuses a PLUGINS order that breaks a declared AFTER; starts counting this build's problems."""
    check_plugin_order(pelican.settings)
    this_build = guard(pelican.settings)
    this_build.strict = settings_for(pelican.settings)["strict"]
    stop_counting()
    forget_logged_messages()
    install_echo_filters()
    ensure_plain_output()
    this_build.counter = ProblemCounter()
    logging.getLogger().addHandler(this_build.counter)


def stop_counting() -> None:
    """Stop counting: this build's counter, and any an interrupted build left behind."""
    root = logging.getLogger()
    for handler in [handler for handler in root.handlers if isinstance(handler, ProblemCounter)]:
        root.removeHandler(handler)
    guard().counter = None


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


def remember_generators(generators) -> None:
    """Keeps the generators for the check before writing."""
    guard(generators[0].settings if generators else None).generators = list(generators)


def check_before_writing(pelican) -> None:
    """Stop before any page is written if reading the content went wrong.

    Runs on ``get_writer``, which Pelican sends after every plugin's
    ``all_generators_finalized`` handler, whatever the order of PLUGINS.
    """
    this_build = guard(pelican.settings)
    for problem in output_collisions(all_contents(this_build.generators)):
        report(problem)
    this_build.generators = []
    stop_if_failed("before writing any page")


def check_after_writing(pelican) -> None:
    """Fails the build (exit 1) if any step reported errors, or warnings in strict mode."""
    stop_if_failed("after writing the site")
    stop_counting()


def stop_if_failed(when: str) -> None:
    this_build = guard()
    counted = this_build.counter
    if counted is None:
        return
    failures = counted.errors + (counted.warnings if this_build.strict else 0)
    if not failures:
        return
    stop_counting()
    summary = f"{counted.errors} error(s)"
    if this_build.strict:
        summary += f" and {counted.warnings} warning(s) (strict mode)"
    logger.critical("Build stopped %s: %s. Fix them and build again.", when, summary)
    raise SystemExit(1)


def echoes_a_reported_file(args) -> bool:
    """Pelican follows our message about a file with a generic "Could not process
    <file>"; the writer already knows why."""
    if not args:
        return False
    source = os.path.normpath(str(args[0]))
    return any(path.endswith(source) for path in reported_paths())


# Pelican follows our message about a file with "Could not process <file>".
PROVIDES = Provides(dropped_echoes=(("could not process", echoes_a_reported_file),))


def register():
    signals.initialized.connect(start_counting)
    signals.finalized.connect(check_after_writing)
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(check_before_writing)
