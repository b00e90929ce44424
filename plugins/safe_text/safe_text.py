"""Safe text: what a writer types shows as written and never runs as code.

Pelican treats titles, summaries and bodies as HTML and its default Jinja
environment does not escape, so a title such as ``"><img onerror=...>`` or a
body line ``</script><script>...`` became live markup. This plugin makes the
three channels safe at their source, and the theme turns Jinja autoescaping on
(``JINJA_ENVIRONMENT["autoescape"]``) so every other value (tags, categories,
people, settings) is escaped where it is printed:

- Markdown bodies and summaries: raw HTML is written out as text (the
  ``EscapeRawHtml`` extension) and named in a warning, which fails strict
  builds, so it never reaches the published site. Our content blocks are
  Markdown extensions, so writers never need raw HTML.
- Then every body, summary and content block passes the one sanitising step
  (``sanitiser.sanitise``, nh3 with our allowlist), where the front matter
  reader converts the file, so its result is cached with the Markdown. Links
  to ``javascript:``, ``vbscript:`` or ``data:`` are errors in every build;
  images on other hosts become plain links (warnings, so errors in strict
  builds). ``safe_html_problems`` turns what it removed into messages.
- Titles: escaped before typogrify adds its markup, then marked safe
  (``Markup``) so templates print typogrify's spans and nothing else.
- Content read by any other reader (Pelican's HTML or reStructuredText
  readers, if a site turns them back on) is sanitised when the content object
  is made: there is no way round the step.

No official plugin does this (Python-Markdown dropped its ``safe_mode``;
pelican-plugins has no sanitiser), hence our own, built on nh3. No setting.
"""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses

from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup
from pelican import signals

from site_core import Problem, display_path, report
from site_core.compat import raw_html, set_raw_html, set_summary

from .sanitiser import Finding, sanitise

MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")

# What to write instead of a raw HTML tag, by tag name.
NO_CODE = ("Remove it: pages cannot run code, load other websites or change the "
           "site's design. To point readers to a video or a tool, link to it: "
           "[Watch the exercise video](https://...).")
INSTEAD_OF_TAG = {
    **dict.fromkeys(("script", "style", "iframe", "object", "embed", "form", "input",
                     "button", "link", "meta", "base", "svg", "math", "video", "audio",
                     "source", "frame", "frameset", "applet", "textarea", "select"), NO_CODE),
    **dict.fromkeys(("b", "strong"), "Write **bold text** instead."),
    **dict.fromkeys(("i", "em"), "Write *slanted text* instead."),
    "a": "Write the link as [words that say where it goes](address).",
    "img": "Save the picture in content/images/ and write "
           "![what the picture shows]({static}/images/file-name.jpg).",
    "br": "End the line with a backslash (\\), or leave a blank line for a new paragraph.",
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"),
                    "Start the line with ## for a heading (### for a smaller one)."),
    **dict.fromkeys(("ul", "ol", "li"), "Start each list item on its own line with '- '."),
    **dict.fromkeys(("table", "tr", "td", "th", "thead", "tbody"),
                    "Write a Markdown table: | column | column | (see WRITING.md)."),
    **dict.fromkeys(("details", "summary"), "Use the questions block: /// questions "
                    "(see WRITING.md)."),
    "!--": "Remove the comment: it would show as text.",
}
OTHER_TAGS = ("Remove the tag and keep its words. For a box of key points, urgent help "
              "or do and don't lists, use a content block (see WRITING.md).")
TAG_NAME = re.compile(r"^<\s*/?\s*(!--|[A-Za-z][A-Za-z0-9-]*)")


class VisibleHtml(InlineProcessor):
    """Raw HTML in a line of Markdown, kept as the text the writer typed.

    Python-Markdown's own ``html`` pattern would stash it to be written out as
    markup; this one returns it as text in a ``<code>`` element (escaped when
    serialised, and left alone by typogrify, so it shows exactly as typed) and
    notes it, so that the build can tell the writer which line to change."""

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        self.md.raw_html_shown_as_text.append(m.group(1))
        shown = etree.Element("code")
        shown.text = AtomicString(m.group(1))
        return shown, m.start(0), m.end(0)


class AlignmentClasses(Treeprocessor):
    """Markdown tables align columns with ``style="text-align: ..."``, which the
    pages' Content-Security-Policy (no inline styles) would ignore and the
    sanitiser removes: give each cell a class the stylesheet aligns instead."""

    ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center);?\s*$")

    def run(self, root):
        for cell in root.iter():
            if cell.tag in ("th", "td") and "style" in cell.attrib:
                match = self.ALIGN.match(cell.attrib.pop("style"))
                if match:
                    cell.set("class", f"align-{match.group(1)}")


class EscapeRawHtml(Extension):
    """Python-Markdown without raw HTML: ``<tag>`` in the source is text.

    Removing the ``html_block`` preprocessor once is not enough: the ``extra``
    extension (its ``md_in_html`` part) registers its own after ours when it
    comes later in the list, and then every HTML block went straight to the
    page. So the preprocessor is removed on every ``reset()``, which Markdown
    calls after all extensions are set up and before every conversion, and
    the inline pattern is replaced by one that keeps the tag as text."""

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.inlinePatterns.register(VisibleHtml(HTML_RE, md), "html", 90)
        md.treeprocessors.register(AlignmentClasses(md), "alignment_classes", 1)
        md.registerExtension(_EveryReset(md))


class _EveryReset(Extension):
    """One per Markdown instance (Python-Markdown calls ``reset()`` with no
    arguments): takes out the ``html_block`` preprocessor however late another
    extension put it back, and starts a new list of raw HTML shown as text."""

    def __init__(self, md):
        super().__init__()
        self.md = md
        self.reset()

    def reset(self) -> None:
        if "html_block" in self.md.preprocessors:
            self.md.preprocessors.deregister("html_block")
        self.md.raw_html_shown_as_text = []


def raw_html_problem(tag_text: str, line: int, field: str) -> Problem:
    match = TAG_NAME.match(tag_text)
    name = match.group(1).lower() if match else ""
    shown = tag_text if len(tag_text) <= 60 else tag_text[:57] + "..."
    return Problem("", line, field, f"'{shown}' is HTML: the page shows it as text, "
                   "it never runs", INSTEAD_OF_TAG.get(name, OTHER_TAGS), severity="warning")


def finding_problem(finding: Finding, line: int, field: str) -> Problem:
    value = finding.value if len(finding.value) <= 80 else finding.value[:77] + "..."
    if finding.kind == "scheme":
        return Problem(
            "", line, field if field != "html" else "image" if finding.tag == "img" else "link",
            f"'{value}' is not a web, email or phone address; addresses like this "
            "can run code, so the link was removed",
            "Link with https://..., mailto:... or tel:..., or to another page of the "
            "site with {filename}/....")
    if finding.kind == "other-host":
        return Problem(
            "", line, "image",
            f"'{value}' is on another website: showing it would tell that website "
            "who reads this page, so the page links to it instead",
            "Save the picture in content/images/ and write "
            "![what it shows]({static}/images/file-name.jpg).", severity="warning")
    if finding.kind == "class":
        return Problem("", line, field, f"the class '{value}' on <{finding.tag}> is not "
                       "one of the site's, so it was removed",
                       "Remove it: the content blocks (see WRITING.md) give boxes and "
                       "lists their look.", severity="warning")
    if finding.kind == "attribute":
        return Problem("", line, field, f"{value} on <{finding.tag}> is not allowed, so "
                       "it was removed", "Remove the {: ...} after the text: pages "
                       "cannot run code or set their own styles.", severity="warning")
    return Problem("", line, field, f"{value} is not allowed here, so it was removed "
                   "(its words are kept)", OTHER_TAGS, severity="warning")


def line_of(source: str, needles: list[str], first_line: int) -> int:
    """The first source line from ``first_line`` on that holds one of ``needles``,
    as typed or with its HTML entities decoded."""
    for number, text in enumerate(source.splitlines()[first_line - 1:], start=first_line):
        decoded = None
        for needle in needles:
            if not needle:
                continue
            if needle in text:
                return number
            decoded = decoded if decoded is not None else html.unescape(text)
            if needle in decoded:
                return number
    return first_line


def safe_html(html_text: str, shown_as_text: list[str], source: str, first_line: int,
              field: str = "html") -> tuple[str, list[Problem]]:
    """Sanitise one piece of converted Markdown; (clean HTML, problems without a path).

    ``shown_as_text`` are the raw HTML tags Markdown kept as text; ``source`` the
    file's text, to find each problem's line from ``first_line`` on. Pure."""
    clean, found = sanitise(html_text)
    problems, seen = [], set()
    for tag_text in shown_as_text:
        if tag_text.lstrip("< ").startswith("/") or tag_text in seen:
            continue  # one message per opening tag
        seen.add(tag_text)
        problems.append(raw_html_problem(tag_text, line_of(source, [tag_text], first_line),
                                         field))
    for finding in found:
        needles = [finding.value, finding.value.strip(), finding.value.split("=", 1)[-1]]
        problems.append(finding_problem(finding, line_of(source, needles, first_line), field))
    return clean, problems


def report_problems(problems: list[Problem], source_path: str) -> None:
    path = display_path(source_path)
    for problem in problems:
        report(dataclasses.replace(problem, path=path))


def escape_title(title) -> str:
    """The writer's title as HTML text; quotes stay for typogrify to curl.

    Character references the writer typed (``&amp;``, ``&eacute;``) are read as
    the characters they name, as Markdown reads them in a body and the summary,
    then the text is escaped again: ``&lt;b&gt;`` shows as ``<b>``, never as a tag.
    """
    return html.escape(html.unescape(str(title)), quote=False)


def add_markdown_extension(pelican) -> None:
    """Adds EscapeRawHtml to MARKDOWN's extensions: raw HTML stays text."""
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
    """Wraps other Markdown readers so that their titles are escaped too."""
    for extension, reader_class in list(readers.reader_classes.items()):
        # Titles from Markdown are plain text; other formats' titles may be HTML.
        if extension not in MARKDOWN_EXTENSIONS or reader_class is None:
            continue
        if not getattr(reader_class, "escapes_titles", False):
            wrapped = escaping_reader(reader_class)
            wrapped.escapes_titles = True
            readers.reader_classes[extension] = wrapped


def mark_title_safe(content) -> None:
    """Marks the (escaped, typogrified) title safe, so templates print it once, as written."""
    title = getattr(content, "title", None)
    if isinstance(title, str) and not isinstance(title, Markup):
        content.title = Markup(title)  # noqa: S704 - escaped by the reader, then typogrified


def sanitise_other_readers(content) -> None:
    """The front matter reader sanitises what it reads (and caches it); content
    from any other reader is sanitised here, so no reader is a way round."""
    if "front_matter_lines" in content.metadata:
        return
    body = raw_html(content)
    if body:
        clean, problems = safe_html(body, [], "", 1)
        set_raw_html(content, clean)
        report_problems(problems, content.source_path)
    summary = content.metadata.get("summary")
    if isinstance(summary, str) and summary:
        clean, problems = safe_html(summary, [], "", 1, "summary")
        set_summary(content, clean)
        report_problems(problems, content.source_path)


def register():
    signals.initialized.connect(add_markdown_extension)
    signals.readers_init.connect(wrap_readers)
    signals.content_object_init.connect(mark_title_safe)
    signals.content_object_init.connect(sanitise_other_readers)
