"""What the commands share: where things are, running Pelican, building without losing the last good output.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"


def use_plugins() -> None:
    """Let a task import our plugins' public functions, as Pelican does for the build."""
    if str(ROOT / "plugins") not in sys.path:
        sys.path.insert(0, str(ROOT / "plugins"))


def run_pelican(c, settings: Path, output: Path, content: Path = CONTENT, extra: str = ""):
    """Run Pelican; a failed build ends the task with Pelican's exit code and no traceback."""
    command = (
        f'"{sys.executable}" -m pelican "{content}" -s "{settings}" -o "{output}" '
        f"--log-handler plain {extra}"
    )
    result = c.run(command, warn=True, pty=False, in_stream=False)
    if result.exited != 0:
        raise Exit("The build failed: see the messages above.", code=result.exited)


def retired_output(output: Path) -> Path:
    """Where publish keeps the output before last, to build into next."""
    return output.with_name(f".{output.name}-old")


def build_atomically(c, settings: Path, output: Path, content: Path = CONTENT) -> None:
    """Build into another folder and swap it in only if the build succeeds.

    A failed build leaves the last good output exactly as it was. The folder built
    into is the output before last, kept beside it (``.output-old``) when the last
    swap retired it: the production settings empty its files and keep its folders,
    which the new pages mostly need again (the output_folder plugin), so pages
    removed from content disappear all the same.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    retired = retired_output(output)
    if retired.is_dir():
        staging.rmdir()
        retired.rename(staging)
    try:
        run_pelican(c, settings, staging, content)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if output.exists():
        output.rename(retired)
    staging.rename(output)


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def load_settings(settings_file: Path, **overrides) -> dict:
    for folder in (ROOT, ROOT / "plugins"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=overrides)


def build_in_process(settings_file: Path, output: Path, content: Path = CONTENT,
                     print_problems: bool = True, **overrides):
    """Run Pelican here, so that the problems and the report can be read back.

    Returns (passed, problems, editorial report). A failed build prints its
    messages and stops cleanly (guardrails raises SystemExit), never a traceback.
    With print_problems=False the build prints everything but the problems, for a
    caller that lists them itself.
    """
    import logging

    from pelican import Pelican

    settings = load_settings(settings_file, OUTPUT_PATH=str(output), PATH=str(content),
                             **overrides)
    settings["CONTENT_LINT"] = {**settings.get("CONTENT_LINT", {}), "advice": True}
    from editorial_report import latest
    from guardrails import MessagesBesideTheList, reported_problems

    quiet = None if print_problems else MessagesBesideTheList()
    if quiet:
        logging.getLogger().addHandler(quiet)
    try:
        Pelican(settings).run()
        passed = True
    except SystemExit as stop:
        passed = stop.code in (0, None)
    finally:
        if quiet:
            logging.getLogger().removeHandler(quiet)
    return passed, reported_problems(), latest()


def count_line(problems) -> str:
    use_plugins()
    from guardrails import count_line as counted

    return counted(problems)


