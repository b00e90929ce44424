"""Content blocks for writers: key points, urgent help, do and don't, questions, figures.

Writers use pymdown-extensions' generic block syntax in Markdown::

    /// urgent | When to get help urgently
    - chest pain
    ///

and each block renders through the theme's Jinja macro of the same name in
``theme/templates/components/`` (``urgent.html`` has the macro ``urgent``), the
same macro that page templates call. So a component has one HTML structure, one
set of accessible defaults and one stylesheet section, whoever uses it.

How: each Block (pymdownx.blocks.block.Block) waits until Markdown has processed
the inline text inside it (``on_inline_end``), serialises its children, calls
the macro with ``{"html": ..., "heading": ...}``, and puts the macro's HTML in
Markdown's raw-HTML stash. The headings the macros render are therefore not
sections of the article: they get no ``id`` from the ``toc`` extension, no
anchor link and no place in the contents list.

Two more tree processors belong to the same job of turning Markdown into our HTML:
every image gets ``width``, ``height`` (read from the file), ``loading="lazy"``
and ``decoding="async"``; and every section heading (h2, h3 at the top level)
gets a visible anchor link with an accessible name. pymdown-extensions supplies
the block syntax but no blocks with this markup, and no extension reads image
sizes, hence our own.

Setting (merged over DEFAULTS):
    CONTENT_BLOCKS = {"components": "components"}  # folder of macros, in the theme's templates
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from typing import ClassVar

from jinja2 import Environment, FileSystemLoader
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from pelican import signals
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_ranged_integer

from site_core import Analysis, Problem, Provides, display_path, plugin_settings, report
from site_core.compat import raw_html

DEFAULTS = {"components": "components"}
STATIC_PREFIX = re.compile(r"^\{(?:static|attach|filename)\}")
SVG_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(?:px)?\s*$")


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "CONTENT_BLOCKS", DEFAULTS)


def component_environment(templates: str) -> Environment:
    """The theme's templates, with autoescaping: the macros mark HTML parameters safe.
    Their own words ("Key points") come from the theme's catalogs, in the language of
    the file being converted (plugins/translations)."""
    from translations import install_theme_words

    environment = Environment(loader=FileSystemLoader(templates), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)
    install_theme_words(environment, while_converting=True)
    return environment


def render_component(environment: Environment, folder: str, name: str, params: dict) -> str:
    """Render macro ``name`` of ``<folder>/<name>.html`` with one mapping of parameters."""
    module = environment.get_template(f"{folder}/{name}.html").module
    return str(getattr(module, name)(params)).strip()


# --- Blocks: each one hands its processed content to the theme macro of its name ---

def inner_html(md, element) -> Markup:
    """The element's content as HTML, with Markdown's stash placeholders left in."""
    tail, element.tail = element.tail, None
    html = md.serializer(element)
    element.tail = tail
    if html.endswith("/>") or "</" not in html:
        return Markup("")
    return Markup(html[html.index(">") + 1: html.rindex("</")])  # noqa: S704 - Markdown's own output


def outer_html(md, elements) -> Markup:
    return Markup("".join(md.serializer(element) for element in elements))  # noqa: S704 - serialised tree


def replace_with_html(md, element, html: str) -> None:
    """Turn the element into a stashed block of raw HTML, restored after serialising."""
    placeholder = md.htmlStash.store(html)
    tail = element.tail
    element.clear()
    element.tag, element.text, element.tail = "p", placeholder, tail


class ComponentBlock(Block):
    """A block whose content goes into one theme macro as ``html``."""

    COMPONENT = ""
    ARGUMENT = None  # an optional heading after the '|'
    OPTIONS: ClassVar[dict] = {"level": (2, type_ranged_integer(2, 4))}

    def on_create(self, parent):
        return etree.SubElement(parent, "div")

    def params(self, md, block) -> dict:
        params = {"html": inner_html(md, block), "level": self.options["level"]}
        if self.argument:
            params["heading"] = self.argument
        return params

    def on_inline_end(self, block):
        render = self.config["render"]
        replace_with_html(self.md, block, render(self.COMPONENT, self.params(self.md, block)))


class KeyPoints(ComponentBlock):
    NAME = COMPONENT = "key_points"


class KeyPointsDashed(KeyPoints):
    NAME = "key-points"


class Urgent(ComponentBlock):
    NAME = COMPONENT = "urgent"


class Do(ComponentBlock):
    NAME, COMPONENT, KIND = "do", "do_dont", "do"
    OPTIONS: ClassVar[dict] = {"level": (3, type_ranged_integer(2, 4))}

    def params(self, md, block):
        return {**super().params(md, block), "kind": self.KIND}


class Dont(Do):
    NAME, KIND = "dont", "dont"


class Figure(ComponentBlock):
    """``/// figure | Caption`` around one image."""

    NAME = COMPONENT = "figure"
    OPTIONS: ClassVar[dict] = {}

    def params(self, md, block):
        # Markdown wraps a lone image in a paragraph; a figure holds the image itself.
        if len(block) == 1 and block[0].tag == "p" and len(block[0]) == 1 \
                and block[0][0].tag == "img" and not (block[0].text or "").strip():
            paragraph = block[0]
            block.remove(paragraph)
            image = paragraph[0]
            image.tail = None
            block.append(image)
        return {"html": inner_html(md, block), "caption": self.argument or ""}


class Questions(ComponentBlock):
    """``/// questions``: each heading inside starts a question; what follows is its answer."""

    NAME, COMPONENT = "questions", "qa"
    OPTIONS: ClassVar[dict] = {}

    def params(self, md, block):
        lead, items = [], []
        for child in list(block):
            if re.fullmatch(r"h[1-6]", child.tag):
                items.append({"question": inner_html(md, child), "answer": []})
            elif items:
                items[-1]["answer"].append(child)
            else:
                lead.append(child)
        for item in items:
            item["answer"] = outer_html(md, item["answer"])
        return {"items": items, "lead": outer_html(md, lead)}


BLOCKS = (KeyPoints, KeyPointsDashed, Urgent, Do, Dont, Figure, Questions)


# --- Images and section headings ---

def image_size(path: str) -> tuple[int, int] | None:
    """Width and height in CSS pixels of a PNG, JPEG, GIF, WebP or SVG file, or None."""
    if not os.path.isfile(path):
        return None
    if path.lower().endswith(".svg"):
        # lxml without entities or network: an SVG from the web cannot expand or fetch anything.
        import lxml.etree

        root = lxml.etree.parse(path, lxml.etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
        width, height = root.get("width", ""), root.get("height", "")
        if SVG_LENGTH.match(width) and SVG_LENGTH.match(height):
            return round(float(SVG_LENGTH.match(width)[1])), round(float(SVG_LENGTH.match(height)[1]))
        box = (root.get("viewBox") or "").replace(",", " ").split()
        return (round(float(box[2])), round(float(box[3]))) if len(box) == 4 else None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (UnidentifiedImageError, OSError):
        return None


class ImageProcessor(Treeprocessor):
    """Width and height stop the page jumping as images arrive; lazy loading saves data."""

    def __init__(self, md, content_path: str):
        super().__init__(md)
        self.content_path = content_path

    def run(self, root):
        for image in root.iter("img"):
            source = STATIC_PREFIX.sub("", image.get("src", ""))
            if "width" not in image.attrib and source.startswith("/") and self.content_path:
                size = image_size(os.path.join(self.content_path, source.lstrip("/")))
                if size:
                    image.set("width", str(size[0]))
                    image.set("height", str(size[1]))
            image.set("loading", image.get("loading", "lazy"))
            image.set("decoding", image.get("decoding", "async"))


class HeadingAnchorProcessor(Treeprocessor):
    """A visible link to each section, named for screen readers, outside the heading.

    Inside the heading the link's text would become part of the heading's name,
    so the heading and its link sit side by side in a wrapper instead.
    """

    def run(self, root):
        for index, heading in reversed(list(enumerate(root))):
            if heading.tag not in ("h2", "h3") or not heading.get("id"):
                continue
            wrapper = etree.Element("div", {"class": "section-heading"})
            wrapper.tail, heading.tail = heading.tail, None
            root.remove(heading)
            wrapper.append(heading)
            link = etree.SubElement(wrapper, "a", {
                "class": "section-heading__anchor", "href": f"#{heading.get('id')}"})
            mark = etree.SubElement(link, "span", {"aria-hidden": "true"})
            mark.text = "#"
            name = etree.SubElement(link, "span", {"class": "visually-hidden"})
            name.text = "Link to this section: " + "".join(heading.itertext()).strip()
            root.insert(index, wrapper)


class ContentBlocksExtension(BlocksExtension):
    """Our blocks, image sizes and heading anchors: one Markdown extension."""

    def __init__(self, **kwargs):
        self.config = {
            "render": ["", "render(component_name, params) -> HTML "
                           "(a default of None would be parsed as a bool)"],
            "content_path": ["", "the content folder, to find images"],
        }
        super().__init__(**kwargs)

    def cache_fingerprint(self) -> str:
        """What the rendered blocks depend on besides the Markdown: this module and the
        component macros. Caches of converted Markdown include it in their key."""
        render = self.getConfig("render")
        folder = os.path.join(getattr(render, "templates", ""), getattr(render, "folder", ""))
        sources = [__file__, *sorted(
            os.path.join(folder, name) for name in os.listdir(folder))] if os.path.isdir(folder) \
            else [__file__]
        digest = hashlib.sha256()
        for source in sources:
            with open(source, "rb") as file:
                digest.update(file.read())
        from translations import catalogs_fingerprint

        digest.update(catalogs_fingerprint().encode())  # the blocks' headings in each language
        return digest.hexdigest()[:16]

    def extendMarkdownBlocks(self, md, block_mgr):  # noqa: N802 - pymdownx's name
        for block in BLOCKS:
            block_mgr.register(block, {"render": self.getConfig("render")})
        # After inline processing (20) and before the blocks render (19.99).
        md.treeprocessors.register(
            ImageProcessor(md, self.getConfig("content_path")), "apollo_images", 19.995)
        # After the toc extension (5) has given headings their ids.
        md.treeprocessors.register(HeadingAnchorProcessor(md), "apollo_heading_anchors", 4)


class ComponentRenderer:
    """Renders a component macro by name. Picklable (Pelican caches content objects,
    settings included), so the Jinja environment is rebuilt after unpickling."""

    def __init__(self, templates: str, folder: str):
        self.templates, self.folder, self._environment = templates, folder, None

    def __call__(self, name: str, params: dict) -> str:
        if self._environment is None:
            self._environment = component_environment(self.templates)
        return render_component(self._environment, self.folder, name, params)

    def __getstate__(self):
        return {**self.__dict__, "_environment": None}


def add_extension(pelican) -> None:
    """Give Pelican's Markdown reader our extension, rendering with the theme's macros."""
    settings = pelican.settings
    folder = settings_for(settings)["components"]
    render = ComponentRenderer(os.path.join(settings["THEME"], "templates"), folder)
    markdown = settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions[:] = [e for e in extensions if not isinstance(e, ContentBlocksExtension)]
    extensions.append(ContentBlocksExtension(render=render, content_path=settings["PATH"]))


# --- Mistakes in block syntax, reported as path:line: field: problem. Fix. ---

BLOCK_NAMES = sorted({block.NAME for block in BLOCKS})
FENCE = re.compile(r"^\s*(```|~~~)")
MARKER = re.compile(r"^///(?P<rest>.*)$")
HEADING = re.compile(r"^#{1,6}\s")
HELP = "See WRITING.md, section Content blocks."


def block_problems(source: str, html: str, path: str) -> list[Problem]:
    """Pure: unknown, unclosed or unreadable blocks in a Markdown file and its HTML.

    pymdownx leaves a block it cannot read as plain text, which readers would see as
    a stray '///' line, so every such case is an error with the line to fix.
    """
    problems, open_blocks, in_fence = [], [], False
    for number, line in enumerate(source.splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        if open_blocks and open_blocks[-1][1] == "questions" and HEADING.match(line):
            open_blocks[-1][2] = True
        match = MARKER.match(line)
        if not match:
            continue
        name = match["rest"].split("|")[0].strip()
        if not name:
            if not open_blocks:
                problems.append(Problem(path, number, "content", "this '///' closes no block",
                                        f"Remove it, or start a block above it. {HELP}"))
                continue
            start, opened, has_question = open_blocks.pop()
            if opened == "questions" and not has_question:
                problems.append(Problem(path, start, "questions", "the block has no questions",
                                        "Start each question with '### ', then its answer below."))
            continue
        if name not in BLOCK_NAMES:
            problems.append(Problem(path, number, "content", f"'{name}' is not a content block",
                                    f"Use one of: {', '.join(BLOCK_NAMES)}. {HELP}"))
        open_blocks.append([number, name, False])
    for start, name, _ in open_blocks:
        problems.append(Problem(path, start, name, "the block is never closed",
                                "End it with a line of three slashes alone: ///"))
    text = re.sub(r"<[^>]+>", "\n", html or "")
    if not problems and re.search(r"(^|\n)\s*///", text):
        line = next((n for n, text in enumerate(source.splitlines(), 1) if MARKER.match(text)), 1)
        problems.append(Problem(path, line, "content", "a block could not be read",
                                "Check its options: indented four spaces, such as "
                                "'    level: 3' (2, 3 or 4), then a blank line."))
    return problems


IMAGE = re.compile(r"<img\b[^>]*>")


def image_problems(source: str, html: str, path: str) -> list[Problem]:
    """Pure: images whose size could not be read (the page would jump as they load)."""
    problems = []
    for tag in IMAGE.findall(html or ""):
        if re.search(r"\swidth=", tag):
            continue
        src = (re.search(r'\ssrc="([^"]*)"', tag) or [None, ""])[1]
        line = next((n for n, text in enumerate(source.splitlines(), 1) if src and src in text), 1)
        problems.append(Problem(
            path, line, "image", f"the size of '{src}' could not be read",
            "Put the image in content/images/ and link it as {static}/images/file-name.",
            severity="warning"))
    return problems


def source_problems(source: str, html: str, path: str = "") -> list[Problem]:
    """Pure: the image and block problems of one file's source and HTML."""
    problems = image_problems(source, html, path)
    if "///" in source:
        problems += block_problems(source, html, path)
    return problems


def analyse_file(source: str, record: dict, _setup) -> list[Problem]:
    """The front matter reader's hook: checked where the file is converted, and
    cached with it (the path is filled in when the problems are reported)."""
    return source_problems(source, record["html"])


def check_blocks(content) -> None:
    """Reports content block and image problems (cached with the Markdown) with their lines."""
    source_path = getattr(content, "source_path", "")
    if not source_path or not source_path.endswith((".md", ".markdown")):
        return
    from engine import analysis_of

    shown = display_path(source_path)
    problems = analysis_of(content, "content_blocks")
    if problems is None:  # not read by the front matter reader: check it here
        from front_matter import read_source

        problems = source_problems(read_source(source_path), raw_html(content))
    for problem in problems:
        if not links_missing_file(problem, source_path, content.settings["PATH"]):
            report(dataclasses.replace(problem, path=shown))


LINKED = re.compile(r"the size of '[{|](?:static|filename|attach)[}|]([^'#?]+)")


def links_missing_file(problem: Problem, source_path: str, content_root: str) -> bool:
    """An image whose size could not be read because its file is not there: the content
    model already says so on its line, with the file it most likely meant."""
    linked = LINKED.match(problem.message) if problem.field == "image" else None
    if not linked:
        return False
    target = linked.group(1)
    folder = content_root if target.startswith("/") else os.path.dirname(source_path)
    return not os.path.isfile(os.path.join(folder, target.lstrip("/")))


def no_fingerprint(_settings: dict) -> str:
    return ""  # the block checks depend on the file alone


PROVIDES = Provides(analyses=(Analysis("content_blocks", analyse_file, no_fingerprint),))


def register():
    signals.initialized.connect(add_extension)
    signals.content_object_init.connect(check_blocks)
