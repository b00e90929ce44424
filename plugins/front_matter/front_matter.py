"""YAML front matter for Markdown, with errors that name the file, line and field.

Built on the official pelican-yaml-metadata reader, which parses the same
``---``-fenced YAML. That reader logs a bad date or broken YAML as a Python
traceback, or as Pelican's bare "Could not process <file>", and it keeps no line
numbers. This subclass parses the header itself so that every mistake is
reported as ``path:line: field: what is wrong. How to fix it.`` and the file is
skipped, without a traceback.
"""

from __future__ import annotations

import datetime
import logging

import yaml
from pelican import signals
from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE, YAMLMetadataReader
from pelican.utils import pelican_open

from guardrails import Problem, report
from guardrails.guardrails import display_path

logger = logging.getLogger(__name__)

DATE_FIELDS = ("date", "modified", "last_reviewed", "next_review")
DATE_FIX = "Write the date as YYYY-MM-DD, for example 2026-03-31."


class TextDateLoader(yaml.SafeLoader):
    """A YAML loader that leaves dates as text, so that a bad date such as
    2026-13-45 is reported as a field problem rather than crashing the parser."""


TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# Functions (fields, lines, source_path, settings) -> list[Problem] that other
# plugins add (the content model). A file with an error among their problems is
# reported and skipped here, before Pelican can trip over a bad value.
VALIDATORS: list = []


class FrontMatterError(Exception):
    """A content file could not be read; its problems were already reported."""


def parse_front_matter(text: str, path: str) -> tuple[dict, dict[str, int], str, list[Problem]]:
    """Split a Markdown file into (fields, line of each field, body, problems).

    Pure: reads nothing and logs nothing.
    """
    match = HEADER_RE.fullmatch(text)
    if not match:
        return {}, {}, text, [
            Problem(
                path, 1, "front matter",
                "the file does not start with front matter",
                "Start it with a line '---', then one 'field: value' per line, "
                "then another '---'. Copy the fields from an existing article.",
            )
        ]
    header = match.group("metadata")
    # The header group starts at the end of the opening '---' line, so YAML's
    # 0-based line numbers are counted from that fence line.
    fence_line = text[: match.start("metadata")].count("\n") + 1
    try:
        node = yaml.compose(header, Loader=TextDateLoader)
        fields = yaml.load(header, Loader=TextDateLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = fence_line + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or "the YAML could not be read"
        return {}, {}, match.group("content"), [
            Problem(
                path, line, "front matter", f"{problem}",
                "Check this line: every field is 'name: value'; put a value that "
                "contains ': ' or starts with a quote or bracket inside double quotes.",
            )
        ]
    if not isinstance(fields, dict):
        return {}, {}, match.group("content"), [
            Problem(
                path, fence_line + 1, "front matter",
                "the front matter is not a list of 'field: value' lines",
                "Write one 'field: value' per line between the two '---' lines.",
            )
        ]
    lines = {
        str(key.value).lower(): fence_line + key.start_mark.line
        for key, _value in node.value
    }
    fields = {str(key).lower(): value for key, value in fields.items()}
    problems = []
    for name in DATE_FIELDS:
        if fields.get(name) in (None, ""):
            fields.pop(name, None)  # an empty field is an unset one
            continue
        parsed = parse_date(fields[name])
        if parsed is None:
            problems.append(
                Problem(path, lines[name], name, f"'{fields[name]}' is not a date", DATE_FIX)
            )
        else:
            fields[name] = parsed
    return fields, lines, match.group("content"), problems


def parse_date(value) -> datetime.date | datetime.datetime | None:
    """An ISO 8601 date (or date and time), or None if the text is not one."""
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


class FrontMatterReader(YAMLMetadataReader):
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def read(self, source_path):
        path = display_path(source_path)
        with pelican_open(source_path) as text:
            fields, lines, body, problems = parse_front_matter(text, path)
        if not problems:
            for validator in VALIDATORS:
                problems += validator(fields, lines, source_path, self.settings)
            if not any(problem.severity == "error" for problem in problems):
                problems = []  # warnings are reported later, on every build (cached or not)
        if problems:
            for problem in problems:
                report(problem)
            raise FrontMatterError(path)

        metadata = self._parse_yaml_metadata(fields, source_path)
        metadata["front_matter_lines"] = lines
        # Some plugins read Markdown's Meta; keep it as the YAML plugin does.
        self._md.Meta = {name: [str(value)] for name, value in fields.items()}
        return self._md.reset().convert(body), metadata


def add_reader(readers):
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader


def register():
    signals.readers_init.connect(add_reader)
