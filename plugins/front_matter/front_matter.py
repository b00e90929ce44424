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
import html as html_module
import logging
import os

import yaml
from pelican import signals
from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE, YAMLMetadataReader
from pelican.utils import pelican_open

from guardrails import Problem, report
from guardrails.guardrails import display_path

from . import converted

logger = logging.getLogger(__name__)

DATE_FIELDS = ("date", "modified", "last_reviewed", "next_review")
DATE_FIX = "Write the date as YYYY-MM-DD, for example 2026-03-31."


class TextDateLoader(yaml.SafeLoader):
    """A YAML loader that leaves dates as text, so that a bad date such as
    2026-13-45 is reported as a field problem rather than crashing the parser."""


class FastTextDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same on libyaml, when PyYAML has it: fifteen times faster, and YAML
    parsing was the largest single cost of reading a large site. Its error
    messages differ, so a header it rejects is parsed again with the loader
    above, whose messages the writers see."""


TextDateLoader.yaml_implicit_resolvers = FastTextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# Functions (fields, lines, source_path, settings) -> list[Problem] that other
# plugins add (the content model). A file with an error among their problems is
# reported and skipped here, before Pelican can trip over a bad value.
VALIDATORS: list = []


def load_header(header: str):
    """(node, value) of a YAML header; raises the pure loader's YAMLError."""
    try:
        node = yaml.compose(header, Loader=FastTextDateLoader)
        return node, yaml.load(header, Loader=FastTextDateLoader)  # noqa: S506 (safe)
    except yaml.YAMLError:
        node = yaml.compose(header, Loader=TextDateLoader)
        return node, yaml.load(header, Loader=TextDateLoader)  # noqa: S506 (safe)


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
        node, fields = load_header(header)
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


def only_if_present(needles: tuple[str, ...], convert):
    """``convert``, skipped for text that contains none of ``needles``."""
    def guarded(text: str) -> str:
        for needle in needles:
            if needle in text:
                return convert(text)
        return text

    guarded.unguarded = convert
    return guarded


def skip_needless_smartypants_passes() -> None:
    """Typogrify's smartypants runs about thirty regular expressions on every
    piece of text between two tags, and was the largest cost of converting an
    article. Each of these functions only changes text that contains one of the
    given characters, so skipping the rest changes no output (a test checks it)
    and saves about a third of typogrify's time."""
    import smartypants

    for name, needles in SMARTYPANTS_NEEDLES.items():
        function = getattr(smartypants, name)
        if not hasattr(function, "unguarded"):
            setattr(smartypants, name, only_if_present(needles, function))


# What each smartypants pass looks for: every pattern it substitutes contains one.
SMARTYPANTS_NEEDLES = {
    "convert_quotes": ("'", '"'),
    "process_escapes": ("\\",),
    "convert_dashes": ("--",),
    "convert_ellipses": ("...", ". . ."),
}


def typogrify_text(text: str, settings: dict) -> str:
    """Typogrify as Pelican's reader does, with the same settings."""
    import smartypants
    from typogrify.filters import typogrify

    dashes = settings.get("TYPOGRIFY_DASHES", "default")
    smartypants.Attr.default = {
        "oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3,
    }.get(dashes, smartypants.Attr.set1) | smartypants.Attr.w
    omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)
    return typogrify(text, settings.get("TYPOGRIFY_IGNORE_TAGS", []), **omit)


class FrontMatterReader(YAMLMetadataReader):
    """Reads YAML front matter and Markdown; typogrifies here, once per file content.

    Pelican would typogrify the reader's output on every build. ``use_reader``
    hands Pelican's readers a copy of the settings with TYPOGRIFY off and keeps
    the real choice in FRONT_MATTER_TYPOGRIFY, so this reader typogrifies the
    body, title and summary exactly as Pelican would, and caches the result.
    """

    file_extensions = ["md", "markdown", "mkd", "mdown"]
    escapes_titles = True

    def convert(self, source_path) -> dict | None:
        """Everything derived from the file's bytes, or None if it has problems."""
        with pelican_open(source_path) as text:
            fields, lines, body, problems = parse_front_matter(text, source_path)
        if problems:
            return None
        typogrify_on = self.settings.get("FRONT_MATTER_TYPOGRIFY", False)
        formatted = {}
        for name in self.settings["FORMATTED_FIELDS"]:
            value = fields.get(name)
            if value is None:
                continue
            html = self._md.reset().convert(
                "\n".join(map(str, value)) if isinstance(value, list) else str(value)
            )
            formatted[name] = typogrify_text(html, self.settings) if typogrify_on else html
        html = self._md.reset().convert(body)
        title = fields.get("title")
        if isinstance(title, str):
            # A title is plain text: escape it before typogrify adds its markup
            # (plugins/safe_text leaves readers with `escapes_titles` alone).
            title = html_module.escape(title, quote=False)
        if typogrify_on:
            html = typogrify_text(html, self.settings) if html else html
            if isinstance(title, str):
                title = typogrify_text(title, self.settings)
        record = {"fields": fields, "lines": lines, "html": html,
                  "formatted": formatted, "title": title}
        record["analyses"] = converted.analyse(text, record, self.settings)
        return record

    def read(self, source_path):
        record = converted.lookup(source_path, self.settings)
        if record is None:
            record = self.convert(source_path)
            if record is None:  # report the problems, with lines, and skip the file
                path = display_path(source_path)
                with pelican_open(source_path) as text:
                    problems = parse_front_matter(text, path)[3]
                for problem in problems:
                    report(problem)
                raise FrontMatterError(path)
            converted.remember(source_path, self.settings, record)

        # Validators run on every read, cached or not: their rules come from the
        # settings and the other files, not only from this file's bytes.
        fields = record["fields"]
        problems = [problem for validator in VALIDATORS
                    for problem in validator(fields, record["lines"], source_path, self.settings)]
        if any(problem.severity == "error" for problem in problems):
            for problem in problems:
                report(problem)
            raise FrontMatterError(display_path(source_path))

        formatted = record["formatted"]
        metadata = self._parse_yaml_metadata(
            {name: value for name, value in fields.items() if name not in formatted},
            source_path,
        )
        metadata.update(formatted)
        if "title" in metadata and record["title"] is not None:
            metadata["title"] = record["title"]
        metadata["front_matter_lines"] = record["lines"]
        metadata["front_matter_analyses"] = record["analyses"]
        # Some plugins read Markdown's Meta; keep it as the YAML plugin does.
        self._md.Meta = {name: [str(value)] for name, value in fields.items()}
        return record["html"], metadata


def use_reader(readers):
    """Register the reader, move typogrify into it, and convert files on every core."""
    settings = readers.settings
    if "FRONT_MATTER_TYPOGRIFY" not in settings:
        # The readers are made with this copy; Pelican's cache setup then puts
        # the original back on `readers`, so `keep_typogrify_off` sets it again.
        readers.settings = readers.front_matter_settings = {
            **settings, "TYPOGRIFY": False, "FRONT_MATTER_TYPOGRIFY": settings["TYPOGRIFY"],
        }
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader
    global _prefetched_for
    if _prefetched_for is not settings:
        _prefetched_for = settings
        converted.prefetch(markdown_sources(readers.settings), readers.settings)


_prefetched_for = None


def keep_typogrify_off(generator) -> None:
    readers = getattr(generator, "readers", None)
    if readers is not None and hasattr(readers, "front_matter_settings"):
        readers.settings = readers.front_matter_settings


def markdown_sources(settings: dict) -> list[str]:
    """Every Markdown file under the content folders, sorted."""
    extensions = tuple(f".{extension}" for extension in FrontMatterReader.file_extensions)
    found = []
    for root, folders, files in os.walk(settings["PATH"]):
        folders.sort()
        found.extend(
            os.path.join(root, name) for name in sorted(files) if name.endswith(extensions)
        )
    return found


def start_build(pelican) -> None:
    global _prefetched_for
    _prefetched_for = None
    converted.start_build()
    converted.skip_stale_content_cache(pelican.settings)
    converted.load(pelican.settings)


def save_cache(pelican) -> None:
    converted.save(pelican.settings)


def register():
    skip_needless_smartypants_passes()  # forked workers inherit the guarded functions
    signals.initialized.connect(start_build)
    signals.readers_init.connect(use_reader)
    signals.generator_init.connect(keep_typogrify_off)
    signals.finalized.connect(save_cache)
