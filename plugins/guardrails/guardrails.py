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
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content

from site_core import (
    Problem,
    Provides,
    all_contents,
    build_state,
    display_path,
    is_draft_file,
    order_problems,
    plugin_settings,
    problem_counts,
    report,
    reported_paths,
    reported_problems,
)
from site_core.compat import do_not_write, forget_logged_messages, install_echo_filters

logger = logging.getLogger(__name__)

DEFAULTS = {"strict": False}


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "GUARDRAILS", DEFAULTS)


def is_strict(settings: dict) -> bool:
    """Whether warnings fail this build too (CI and publishing)."""
    return settings_for(settings)["strict"]




class ProblemCounter(logging.Handler):
    """Counts the warnings and errors logged during one build; a draft's are its
    to-do list, printed but never counted (site_core's Problem.draft)."""

    prints = False  # it collects; ensure_plain_output still adds a terminal handler

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.errors = 0
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "guardrails_draft", False):
            return
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


class PlainFormatter(logging.Formatter):
    """Problems print exactly as ``path:line: field: ...``; anything else with its level."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if getattr(record, "guardrails_draft", False):
            return f"{message} (draft: to do before publishing)" \
                if getattr(record, "guardrails_path", None) else message
        if getattr(record, "guardrails_path", None):
            return message if record.levelno >= logging.ERROR else f"{message} (warning)"
        return f"{record.levelname.lower()}: {message}"


class MessagesBesideTheList(logging.StreamHandler):
    """For `invoke check`, which prints every problem itself, ordered
    (guardrails.listing): the build's own output leaves out the problems and the
    "Build stopped" count, so nothing is printed twice, and keeps anything else."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(PlainFormatter())
        self.setLevel(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "guardrails_path", None) or getattr(record, "guardrails_summary",
                                                                 False):
            return
        super().emit(record)


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
    """This build's count of problems."""

    strict: bool
    counter: ProblemCounter | None = None


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


def draft_clashes(contents: list[Content]) -> tuple[list[Problem], list[Content]]:
    """(problems, drafts not to write) for drafts that share a slug with an earlier
    draft of the same kind and language: on the later one's to-do list, and only the
    first is previewed, so a draft never stops a build (production writes none)."""
    first_owner: dict[tuple, Content] = {}
    problems, unwritten = [], []
    for content in contents:
        if getattr(content, "status", "") != "draft":
            continue
        key = (type(content).__name__, getattr(content, "lang", ""), content.slug)
        owner = first_owner.setdefault(key, content)
        if owner is content:
            continue
        unwritten.append(content)
        problems.append(Problem(
            path=display_path(content.source_path),
            line=getattr(content, "front_matter_lines", {}).get("slug", 1),
            field="slug",
            message=(f"'{content.slug}' is already used by the draft "
                     f"{display_path(owner.source_path)}, so only that one is previewed"),
            fix="Give one of them a different slug (or title).",
        ))
    return problems, unwritten


def output_collisions(contents: list[Content]) -> list[Problem]:
    """Problems for every pair of content files that would write the same file."""
    first_owner: dict[str, Content] = {}
    problems = []
    for content in contents:
        if not content.save_as or getattr(content, "status", "") == "draft":
            continue  # drafts: draft_clashes
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
    """The build state keeps the generators: the check before writing reads them, and a
    live session links their articles again after a tags, services or category edit."""
    build_state(generators[0].settings if generators else None).generators = list(generators)


def check_before_writing(pelican) -> None:
    """Stop before any page is written if reading the content went wrong.

    Runs on ``get_writer``, which Pelican sends after every plugin's
    ``all_generators_finalized`` handler, whatever the order of PLUGINS.
    """
    contents = all_contents(build_state(pelican.settings).generators)
    clashes, unwritten = draft_clashes(contents)
    for content in unwritten:
        do_not_write(content)
    for problem in [*clashes, *output_collisions(contents)]:
        report(problem)
    stop_if_failed("before writing any page")


def check_after_writing(pelican) -> None:
    """Fails the build (exit 1) if any step reported errors, or warnings in strict mode."""
    stop_if_failed("after writing the site")
    stop_counting()
    counts = problem_counts(reported_problems())
    if counts["draft_problems"]:
        logger.warning("%d problem(s) in %d draft(s): their to-do list before they are "
                       "published (invoke check lists them). They do not stop a build.",
                       counts["draft_problems"], counts["draft_files"],
                       extra={"guardrails_draft": True})


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
    logger.critical("Build stopped %s: %s. Fix them and build again.", when, summary,
                    extra={"guardrails_summary": True})
    raise SystemExit(1)


def echoes_a_reported_file(args) -> bool:
    """Pelican follows our message about a file with a generic "Could not process
    <file>"; the writer already knows why."""
    if not args:
        return False
    source = os.path.normpath(str(args[0]))
    return any(path.endswith(source) for path in reported_paths())


def only_drafts(args) -> bool:
    """Pelican's warnings about several files with one slug, when all are drafts:
    draft_clashes names them (the files are the arguments after the count and slug)."""
    paths = [arg for arg in args or () if isinstance(arg, str)
             and arg.endswith((".md", ".markdown", ".mkd"))]
    return bool(paths) and all(is_draft_file(path) for path in paths)


# Pelican follows our message about a file with "Could not process <file>", and warns
# about several files with one slug (draft_clashes names drafts that share one).
PROVIDES = Provides(dropped_echoes=(("could not process", echoes_a_reported_file),
                                    ("same slug", only_drafts),
                                    ("same slug and language", only_drafts)))


def register():
    signals.initialized.connect(start_counting)
    signals.finalized.connect(check_after_writing)
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(check_before_writing)
