"""YAML front matter for Markdown, with errors that name the file, line and field.

Built on the official pelican-yaml-metadata reader, which parses the same
``---``-fenced YAML. That reader logs a bad date or broken YAML as a Python
traceback, or as Pelican's bare "Could not process <file>", and it keeps no line
numbers. This subclass parses the header itself so that every mistake is
reported as ``path:line: field: what is wrong. How to fix it.`` and the file is
skipped, without a traceback.

Setting (merged over DEFAULTS):
    FRONT_MATTER = {"typogrify": False}   # True: typogrify here, once per file content
                                          # (then Pelican's TYPOGRIFY must stay False)
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from typing import ClassVar

import yaml
from pelican import signals

from engine import conversion
from safe_text import escape_title, report_problems, safe_html
from site_core import Problem, build_state, converting, display_path, plugin_settings, report
from site_core.compat import (
    HEADER_RE,
    YAMLMetadataReader,
    markdown_of,
    parse_yaml_fields,
    smartypants_for,
    typogrify_filters_to_skip,
)

from .pasted import clean_text, header_problems, removal_advice

logger = logging.getLogger(__name__)

DATE_FIELDS = ("date", "modified", "last_reviewed", "next_review", "translated_from")
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


class AliasError(Exception):
    """The header uses a YAML anchor or alias (0-based ``line`` of the header).

    Aliases let a few lines of YAML stand for billions of values ("billion
    laughs"); no field of ours needs them, so they are refused before loading."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def refuse_aliases(header: str) -> None:
    if "&" not in header and "*" not in header:
        return  # no anchor or alias can be written without one of them
    for token in yaml.scan(header, Loader=yaml.SafeLoader):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            raise AliasError(token.start_mark.line)


class NestingError(RecursionError):
    """The header's brackets nest deeper than MAX_NESTING."""


# No field nests lists in lists more than a level or two. PyYAML's pure loader, which
# words the messages, takes time that grows with the square of the depth (about 2 s
# for 3,000 brackets, before Python's recursion limit stops it).
MAX_NESTING = 50


def nesting_depth(header: str) -> int:
    """How deep the header's brackets nest (quotes not told apart: an upper bound)."""
    depth = deepest = 0
    for char in header:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def load_header(header: str):
    """(node, value) of a YAML header; raises the pure loader's YAMLError, AliasError
    for an anchor or alias, or NestingError."""
    refuse_aliases(header)
    try:
        node = yaml.compose(header, Loader=FastTextDateLoader)
        return node, yaml.load(header, Loader=FastTextDateLoader)  # noqa: S506 (safe)
    except yaml.YAMLError:
        # The fast loader refused it: the pure one says where and why, unless it would
        # take seconds to say the nesting is too deep.
        if nesting_depth(header) > MAX_NESTING:
            raise NestingError from None
        node = yaml.compose(header, Loader=TextDateLoader)
        return node, yaml.load(header, Loader=TextDateLoader)  # noqa: S506 (safe)


class FrontMatterError(Exception):
    """A content file could not be read; its problems were already reported."""


class SourceError(Exception):
    """A content file's bytes are not UTF-8 text; ``problem`` says how to fix it."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


SAVE_AS_UTF8 = ("Save the file as UTF-8: in Notepad choose File > Save as and set "
                "Encoding to UTF-8; in other editors look for 'Encoding' or 'Save with "
                "encoding'.")
UTF16_MARKS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32",
               b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}


def decode_source(data: bytes, path: str) -> str:
    """A content file's text: UTF-8, with or without a byte-order mark, any line
    endings. Raises SourceError, naming the line, for anything else. Pure."""
    for mark, name in UTF16_MARKS.items():
        if data.startswith(mark):
            return _refuse(path, 1, f"the file is saved as {name} (Windows calls it "
                                    "'Unicode'), which the site does not read")
    if data.startswith(b"\xef\xbb\xbf"):  # Notepad's "UTF-8 with BOM"
        data = data[3:]
    zero = data.find(b"\x00")
    if zero != -1:
        return _refuse(path, data.count(b"\n", 0, zero) + 1,
                       "this line holds an invisible NUL character (a zero byte), "
                       "which is not text",
                       "Delete and retype the line, or copy the text into a new file "
                       "and save that as UTF-8.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start:error.start + 1]
        guess = bad.decode("cp1252", errors="replace")
        return _refuse(path, data.count(b"\n", 0, error.start) + 1,
                       f"byte 0x{bad.hex()} on this line is not UTF-8: the file seems to "
                       f"be saved as Windows-1252 ('ANSI'), where it means '{guess}'")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse(path: str, line: int, message: str, fix: str = SAVE_AS_UTF8):
    raise SourceError(Problem(path, line, "encoding", message, fix))


def read_source(source_path: str) -> str:
    """The text of a content file as every plugin should read it (see decode_source)."""
    with open(source_path, "rb") as handle:
        data = handle.read()
    return decode_source(data, display_path(source_path))


def parse_front_matter(text: str, path: str) -> tuple[dict, dict[str, int], str, list[Problem]]:
    """Split a Markdown file into (fields, line of each field, body, problems).

    Pure: reads nothing and logs nothing.
    """
    match = HEADER_RE.fullmatch(text)
    if not match:
        return {}, {}, text, [no_header_problem(text, path)]
    header, body = match.group("metadata"), match.group("content")
    # The header group starts at the end of the opening '---' line, so YAML's
    # 0-based line numbers are counted from that fence line.
    fence_line = text[: match.start("metadata")].count("\n") + 1
    pasted_problems = header_problems(header, fence_line, path)
    if pasted_problems:  # YAML would trip over them with a message about its grammar
        return {}, {}, body, pasted_problems
    try:
        node, fields = load_header(header)
    except (yaml.YAMLError, AliasError, RecursionError) as error:
        return {}, {}, body, [unreadable_header_problem(error, header, fence_line, path)]
    if not isinstance(fields, dict):
        return {}, {}, body, [
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
    return fields, lines, body, value_problems(fields, lines, fence_line, path)


def no_header_problem(text: str, path: str) -> Problem:
    """A file with no front matter, or one whose front matter never ends."""
    if text.lstrip().startswith("---"):
        opening = text[: len(text) - len(text.lstrip())].count("\n") + 1
        return Problem(
            path, opening, "front matter",
            "the front matter starts with '---' here but never ends",
            "Add a line with only '---' after the last field, before the text.",
        )
    return Problem(
        path, 1, "front matter",
        "the file does not start with front matter",
        "Start it with a line '---', then one 'field: value' per line, "
        "then another '---'. Copy the fields from an existing article.",
    )


def unreadable_header_problem(error: Exception, header: str, fence_line: int, path: str) -> Problem:
    """Front matter YAML cannot read (its grammar), or that we refuse to read
    (anchors and aliases, nesting too deep for Python)."""
    if isinstance(error, AliasError):
        return Problem(path, fence_line + error.line, "front matter",
                       "the front matter uses a YAML anchor or alias (& or *), which "
                       "the site does not read",
                       "Write each value out in full; put a value that starts with & or * "
                       "inside double quotes.")
    if isinstance(error, RecursionError):
        return Problem(path, fence_line + 1, "front matter",
                       "the front matter is nested too deeply to read",
                       "Write one 'field: value' per line; lists go in square brackets.")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = fence_line + (mark.line if mark else 0)
    problem = getattr(error, "problem", None) or "the YAML could not be read"
    header_lines = header.splitlines()
    bad_line = header_lines[mark.line] if mark and mark.line < len(header_lines) else ""
    fix = ("Check this line: every field is 'name: value'; put a value that "
           "contains ': ' or starts with a quote or bracket inside double quotes.")
    if "\t" in bad_line or "'\\t'" in problem:
        problem, fix = "this line is indented with a tab", "Indent with spaces, not tabs."
    return Problem(path, line, "front matter", f"{problem}", fix)


def value_problems(fields: dict, lines: dict[str, int], fence_line: int, path: str) -> list[Problem]:
    """Values no page can show (removed from ``fields``) and dates that are not dates
    (``fields`` gets the parsed dates; an empty date field is an unset one)."""
    problems = []
    for name, value in list(fields.items()):
        wrong = unreadable_character(value)
        if wrong:
            fields.pop(name)
            problems.append(Problem(
                path, lines.get(name, fence_line + 1), name,
                f"the value holds {wrong}, which is not a character a page can show",
                "Type the character itself, or delete the escape (a backslash code such "
                "as \\u0000) from the value."))
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
    return problems


# Escapes in double-quoted YAML ("\\x01", "\\ud800") can make strings that
# no page, feed or index can hold: control characters and lone surrogates.
UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def unreadable_character(value) -> str | None:
    """A description of the first control character or lone surrogate in a
    front matter value (walking lists and mappings), or None."""
    if isinstance(value, str):
        found = UNREADABLE.search(value)
        return f"the invisible character U+{ord(found.group()):04X}" if found else None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        for item in value:
            found = unreadable_character(item)
            if found:
                return found
    return None


def parse_date(value) -> datetime.date | datetime.datetime | None:
    """An ISO 8601 date (or date and time), or None if the text is not one."""
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def typogrify_text(text: str, settings: dict) -> str:
    """Typogrify as Pelican's reader does, with the same settings, without the
    filters that cannot change this text (``typogrify_filters_to_skip``)."""
    from typogrify.filters import typogrify

    omit = {**typogrify_filters_to_skip(text),
            **dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)}
    with smartypants_for(settings.get("TYPOGRIFY_DASHES", "default")):
        return typogrify(text, settings.get("TYPOGRIFY_IGNORE_TAGS", []), **omit)


class FrontMatterReader(YAMLMetadataReader):
    """Reads YAML front matter and Markdown; typogrifies here, once per file content.

    Pelican would typogrify the reader's output on every build, cached or not.
    So TYPOGRIFY stays off and this reader typogrifies the body, title and
    summary when FRONT_MATTER["typogrify"] is on, exactly as Pelican would
    (with its TYPOGRIFY_* settings), and caches the result.
    """

    file_extensions: ClassVar[list[str]] = ["md", "markdown", "mkd", "mdown"]
    escapes_titles = True

    def convert(self, source_path) -> dict | None:
        """Everything derived from the file's bytes, or None if it has problems."""
        try:
            text = read_source(source_path)
        except SourceError:
            return None
        fields, lines, body, problems = parse_front_matter(text, source_path)
        if problems:
            return None
        typogrify_on = settings_for(self.settings)["typogrify"]
        first_body_line = text.count("\n") - body.count("\n") + 1
        problems = []  # what the sanitiser took out, without a path (the cache is by content)

        def to_html(markdown_text: str, field: str, first_line: int) -> str:
            html = markdown_of(self).reset().convert(markdown_text)
            if typogrify_on and html:
                html = typogrify_text(html, self.settings)
            html, found = safe_html(html, markdown_of(self).raw_html_shown_as_text, text,
                                    first_line, field)
            problems.extend(found)
            return html

        # Content blocks write their headings ("Key points") in the file's language.
        with converting(self.settings, str(fields.get("lang") or "") or None):
            return self._convert(text, fields, lines, body, first_body_line, to_html, typogrify_on,
                                 problems)

    def _convert(self, text, fields, lines, body, first_body_line, to_html, typogrify_on,
                 problems) -> dict:
        # What a paste brings that nobody can see goes, with advice on its line.
        body, removed = clean_text(body)
        problems.extend(removal_advice(removed, first_body_line, "text"))
        fields = dict(fields)
        for name, value in fields.items():
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(item, str) for item in items):
                continue
            cleaned = []
            for item in items:
                item, removed = clean_text(item)
                cleaned.append(item)
                problems.extend(removal_advice(removed, lines.get(name, 1), name))
            fields[name] = cleaned if isinstance(value, list) else cleaned[0]
        formatted = {}
        for name in self.settings["FORMATTED_FIELDS"]:
            value = fields.get(name)
            if value is None:
                continue
            formatted[name] = to_html(
                "\n".join(map(str, value)) if isinstance(value, list) else str(value),
                name, lines.get(name, 1))
        html = to_html(body, "html", first_body_line)
        title = fields.get("title")
        if isinstance(title, str):
            # A title is plain text: escape it before typogrify adds its markup
            # (plugins/safe_text leaves readers with `escapes_titles` alone).
            title = escape_title(title)
            if typogrify_on:
                title = typogrify_text(title, self.settings)
        record = {"fields": fields, "lines": lines, "html": html,
                  "formatted": formatted, "title": title, "safety": problems}
        record["analyses"] = conversion.analyse(text, record, self.settings)
        return record

    def read(self, source_path):
        record = conversion.lookup(source_path, self.settings)
        if record is None:
            record = self.convert(source_path)
            if record is None:  # report the problems, with lines, and skip the file
                path = display_path(source_path)
                try:
                    problems = parse_front_matter(read_source(source_path), path)[3]
                except SourceError as error:
                    problems = [error.problem]
                for problem in problems:
                    report(problem)
                raise FrontMatterError(path)
            conversion.remember(source_path, self.settings, record)

        report_problems(record["safety"], source_path)
        # Validators (other plugins' checks of each file's fields, declared in their
        # PROVIDES) run on every read, cached or not: their rules come from the
        # settings and the other files, not only from this file's bytes. A file with
        # an error among their problems is reported and skipped here, before Pelican
        # can trip over a bad value.
        fields = record["fields"]
        problems = [problem for validator in build_state(self.settings).registry.validators
                    for problem in validator(fields, record["lines"], source_path, self.settings)]
        if any(problem.severity == "error" for problem in problems):
            for problem in problems:
                report(problem)
            raise FrontMatterError(display_path(source_path))

        formatted = record["formatted"]
        metadata = parse_yaml_fields(
            self,
            {name: value for name, value in fields.items() if name not in formatted},
            source_path,
        )
        metadata.update(formatted)
        if "title" in metadata and record["title"] is not None:
            metadata["title"] = record["title"]
        metadata["front_matter_lines"] = record["lines"]
        metadata["front_matter_analyses"] = record["analyses"]
        # Some plugins read Markdown's Meta; keep it as the YAML plugin does.
        markdown_of(self).Meta = {name: [str(value)] for name, value in fields.items()}
        return record["html"], metadata


def use_reader(readers):
    """Register the reader and convert files on every core."""
    settings = readers.settings
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader
    build_state(settings).readers = readers  # a live session's quick rebuild reads with them
    this_build = conversion.conversion(settings)
    if not this_build.prefetched:
        this_build.prefetched = True
        conversion.prefetch(markdown_sources(settings), settings, FrontMatterReader)


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


DEFAULTS = {"typogrify": False}


def settings_for(settings: dict) -> dict:
    merged = plugin_settings(settings, "FRONT_MATTER", DEFAULTS)
    if merged["typogrify"] and settings.get("TYPOGRIFY"):
        raise ValueError("Set TYPOGRIFY = False: front_matter typogrifies each file once "
                         "(FRONT_MATTER['typogrify']); with both on, text is typogrified twice.")
    return merged


def start_build(pelican) -> None:
    """Checks FRONT_MATTER; loads the conversion cache (once per cache folder while the memos last)."""
    settings_for(pelican.settings)
    conversion.start_build(pelican.settings)
    conversion.load(pelican.settings)


def save_cache(pelican) -> None:
    """Writes the conversion cache (only the records this build used)."""
    conversion.save(pelican.settings)
    # A one-off build then lets go of the records: what its pages show, the content
    # objects hold; the rest (the parsed fields, 11 MB at 5,000 articles) would be
    # held, and copied into the render pass's forked process, for nothing.
    if build_state(pelican.settings).live is None:
        conversion.forget(pelican.settings)


def register():
    from .kept_contents import keep_contents

    signals.initialized.connect(start_build)
    signals.generator_init.connect(keep_contents)
    signals.readers_init.connect(use_reader)
    signals.finalized.connect(save_cache)
