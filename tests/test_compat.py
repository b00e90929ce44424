"""Canaries: each reliance of site_core.compat on another package's internals or wording.

One of these failing after an upgrade names exactly what changed; fix it in
plugins/site_core/compat.py, the only place that knows it."""

from __future__ import annotations

import inspect
import logging
from pathlib import Path

import pelican

from site_core import compat

PELICAN_SOURCE = Path(pelican.__file__).parent


def test_pelican_yaml_metadata_header_pattern_and_private_parts():
    match = compat.HEADER_RE.fullmatch("---\ntitle: A\n---\nBody\n")
    assert match and match.group("metadata").strip() == "title: A"
    assert match.group("content").strip() == "Body"
    assert callable(getattr(compat.YAMLMetadataReader, "_parse_yaml_metadata", None))
    source = inspect.getsource(compat.YAMLMetadataReader.__init__)
    assert "self._md = Markdown(" in source


def test_pelican_content_keeps_its_raw_body_and_summary(site):
    article = next(c for c in site.contents() if c.slug == "everything-about-dry-needling")
    assert "{filename}/services/physiotherapy.md" in compat.raw_html(article)
    assert "{filename}" not in article.content  # the public property resolves links
    assert hasattr(article, "_summary")


def test_pelican_writer_tracks_written_files(tmp_path):
    from pelican.writers import Writer

    writer = Writer(str(tmp_path), settings={"OUTPUT_PATH": str(tmp_path), "RELATIVE_URLS": True})
    written, overridden = compat.written_files(writer)
    assert written == set() and overridden == set()
    assert "_written_files" in inspect.getsource(Writer._open_w)


def test_pelican_limit_filter_remembers_raised_messages():
    from pelican.log import LimitFilter

    assert isinstance(LimitFilter._raised_messages, set)
    LimitFilter._raised_messages.add((logging.WARNING, "canary"))
    compat.forget_logged_messages()
    assert (logging.WARNING, "canary") not in LimitFilter._raised_messages


def test_the_pelican_warnings_we_drop_are_still_worded_so():
    sources = "".join(path.read_text(encoding="utf-8") for path in PELICAN_SOURCE.glob("*.py"))
    for logger_name, start in compat.PELICAN_ECHOES.values():
        assert start in sources, f"Pelican no longer logs {start!r}"
        module = logger_name.split(".", 1)[1]
        assert start in (PELICAN_SOURCE / f"{module}.py").read_text(encoding="utf-8"), logger_name


def test_the_echo_filter_drops_only_what_a_rule_says():
    from site_core import start_build

    start_build({"PLUGINS": ["content_lint"]})  # it drops "empty alt" (its PROVIDES)
    drop = compat.EchoFilter()
    record = logging.LogRecord("pelican.readers", logging.WARNING, __file__, 1,
                               "Empty alt attribute for image %s in %s", ("x.png", "a.md"), None)
    assert drop.filter(record) is False
    other = logging.LogRecord("pelican.readers", logging.WARNING, __file__, 1, "Something else",
                              (), None)
    assert drop.filter(other) is True


def test_codespell_dictionaries_and_reader():
    files = compat.codespell_dictionary_files(("clear", "rare"))
    assert files and all(Path(path).is_file() for path in files)
    table: dict = {}
    compat.codespell_read_dictionary(files[0], table, set())
    assert len(table) > 1000


def test_smartypants_passes_our_guard_skips_exist():
    import smartypants

    from site_core.compat import SMARTYPANTS_NEEDLES

    for name in SMARTYPANTS_NEEDLES:
        assert callable(getattr(smartypants, name, None)), name


def test_no_plugin_names_another_packages_private_attribute():
    import ast
    import re

    root = Path(__file__).resolve().parent.parent / "plugins"
    found = []
    for path in sorted(root.glob("*/*.py")):
        if path.name == "compat.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and re.match(r"^_[a-z]", node.attr) and not (
                    isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "os")):
                found.append(f"{path.relative_to(root)}:{node.lineno}: .{node.attr}")
            if isinstance(node, ast.ImportFrom) and any(
                    re.match(r"^_[a-z]", alias.name) for alias in node.names) and node.level == 0:
                found.append(f"{path.relative_to(root)}:{node.lineno}: import from {node.module}")
    assert found == []
