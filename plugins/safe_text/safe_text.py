"""Safe text: what a writer types shows as written and never runs as code.

Pelican treats titles, summaries and bodies as HTML and its default Jinja
environment does not escape, so a title such as ``"><img onerror=...>`` or a
body line ``</script><script>...`` became live markup. This plugin makes the
three channels safe at their source, and the theme turns Jinja autoescaping on
(``JINJA_ENVIRONMENT["autoescape"]``) so every other value (tags, categories,
people, settings) is escaped where it is printed:

- Markdown bodies and summaries: raw HTML is written out as text (the
  ``EscapeRawHtml`` extension). Our content blocks are Markdown extensions, so
  writers never need raw HTML.
- Titles: escaped before typogrify adds its markup, then marked safe
  (``Markup``) so templates print typogrify's spans and nothing else.

No official plugin does this (Python-Markdown dropped its ``safe_mode``), hence
our own. No setting.
"""

from __future__ import annotations

import html

from markdown.extensions import Extension
from markupsafe import Markup
from pelican import signals

MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


class EscapeRawHtml(Extension):
    """Python-Markdown without raw HTML: ``<tag>`` in the source is text."""

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
            if name in registry:
                registry.deregister(name)


def escape_title(title) -> str:
    """The writer's title as HTML text; quotes stay for typogrify to curl."""
    return html.escape(str(title), quote=False)


def add_markdown_extension(pelican) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(extension, EscapeRawHtml) for extension in extensions):
        extensions.append(EscapeRawHtml())


def escaping_reader(reader_class):
    class TitleEscapingReader(reader_class):
        def read(self, source_path):
            content, metadata = super().read(source_path)
            if "title" in metadata:
                metadata["title"] = escape_title(metadata["title"])
            return content, metadata

    TitleEscapingReader.__name__ = f"TitleEscaping{reader_class.__name__}"
    return TitleEscapingReader


def wrap_readers(readers) -> None:
    for extension, reader_class in list(readers.reader_classes.items()):
        # Titles from Markdown are plain text; other formats' titles may be HTML.
        if extension not in MARKDOWN_EXTENSIONS or reader_class is None:
            continue
        if not getattr(reader_class, "escapes_titles", False):
            wrapped = escaping_reader(reader_class)
            wrapped.escapes_titles = True
            readers.reader_classes[extension] = wrapped


def mark_title_safe(content) -> None:
    title = getattr(content, "title", None)
    if isinstance(title, str) and not isinstance(title, Markup):
        content.title = Markup(title)


def register():
    signals.initialized.connect(add_markdown_extension)
    signals.readers_init.connect(wrap_readers)
    signals.content_object_init.connect(mark_title_safe)
