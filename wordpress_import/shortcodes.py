# SPDX-License-Identifier: GPL-2.0-or-later (a port of WordPress code; see README.md, "Licences")
"""WordPress shortcodes as WordPress reads them; pure.

``shortcode_regex`` and ``parse_attributes`` port ``get_shortcode_regex()`` and
``shortcode_parse_atts()`` from WordPress's ``wp-includes/shortcodes.php``
(wordpress-develop, GPL-2.0-or-later): the same groups (escaped ``[[tag]]``,
name, attributes, self-closing ``/``, enclosed content, closing tag) and the same
attribute forms (``a="x"``, ``a='x'``, ``a=x``, positional values). WordPress only
matches the shortcodes a site registered; an export does not say which those were,
so ``shortcode_names`` takes WordPress's own, the page builders' and every name
that is used like a shortcode (a closing tag, ``name=value`` attributes, a name
with ``_`` or ``-``), and leaves ``[a bracketed aside]`` as the writer's text.
"""

from __future__ import annotations

import html
import re

# WordPress's own shortcodes (wp-includes/media.php, class-wp-embed.php).
WORDPRESS_SHORTCODES = {"caption", "wp_caption", "gallery", "embed", "audio", "video",
                        "playlist"}
# Jetpack and WordPress.com video shortcodes: a video address in an attribute.
VIDEO_SHORTCODES = {"youtube", "vimeo", "wpvideo"}
# Page builders keep a layout's words in shortcodes: WPBakery (Visual Composer), Divi,
# Avada (Fusion), Enfold, Cornerstone, Elementor's template shortcode.
PAGE_BUILDER = re.compile(r"^(?:vc_|et_pb_|fusion_|av_|cs_|elementor)", re.IGNORECASE)
NAME = r"[A-Za-z_][\w-]*"
CANDIDATE = re.compile(r"\[\[?(/?)(" + NAME + r")(?![\w-])([^\[\]]*)\]")
# shortcode_parse_atts()'s pattern.
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|"""
    r"""([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)""")


def shortcode_names(text: str) -> set[str]:
    """The names in ``text`` that WordPress would have treated as shortcodes."""
    names = set()
    for slash, name, attributes in CANDIDATE.findall(text):
        lower = name.lower()
        if (slash or lower in WORDPRESS_SHORTCODES or lower in VIDEO_SHORTCODES
                or PAGE_BUILDER.match(name) or "=" in attributes or "_" in name
                or "-" in name):
            names.add(name)
    return names


def shortcode_regex(names: set[str]) -> re.Pattern:
    """get_shortcode_regex() for these names. Groups: 1 an extra [ (escaped), 2 the
    name, 3 the attributes, 4 a self-closing /, 5 the enclosed content, 6 an extra ]."""
    tags = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(
        r"\[(\[?)"
        r"(" + tags + r")(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"
        r"(\]?)", re.DOTALL)


def parse_attributes(text: str) -> tuple[dict[str, str], list[str]]:
    """shortcode_parse_atts(): (named attributes, lower-case names; positional values)."""
    named: dict[str, str] = {}
    positional: list[str] = []
    text = re.sub(r"[\u00a0\u200b]+", " ", text)
    for match in ATTRIBUTE.finditer(text):
        if match.group(1):
            named[match.group(1).lower()] = unslash(match.group(2))
        elif match.group(3):
            named[match.group(3).lower()] = unslash(match.group(4))
        elif match.group(5):
            named[match.group(5).lower()] = unslash(match.group(6))
        elif match.group(7) is not None:
            positional.append(unslash(match.group(7)))
        elif match.group(8) is not None:
            positional.append(unslash(match.group(8)))
        elif match.group(9):
            positional.append(unslash(match.group(9)))
    return named, positional


def unslash(value: str) -> str:
    """PHP's stripcslashes(), as WordPress applies it to attribute values."""
    escapes = {"n": "\n", "t": "\t", "r": "\r"}
    return re.sub(r"\\(.)", lambda match: escapes.get(match.group(1), match.group(1)), value,
                  flags=re.DOTALL)


# Attributes of a page builder's element that hold words a reader saw, by the parts
# of their name; and parts that make an attribute a setting, never words.
TEXT_PARTS = {"title", "text", "heading", "subheading", "subtitle", "content", "caption",
              "label", "description", "desc", "quote", "author", "name", "question",
              "answer", "button", "btn", "tab", "prefix", "suffix", "before", "after",
              "message", "intro", "price", "period", "feature"}
SETTING_PARTS = {"color", "colour", "font", "size", "tag", "align", "alignment",
                 "orientation", "style", "weight", "spacing", "margin", "padding", "css",
                 "class", "id", "link", "url", "icon", "image", "img", "bg", "background",
                 "border", "shadow", "line", "height", "width", "letter", "animation",
                 "position", "hover", "level", "use", "show", "module", "custom", "type",
                 "el", "target", "rel", "src", "video", "radius", "opacity", "layout",
                 "effect", "transition", "gradient", "filter", "blend", "sticky", "z",
                 "index", "parallax", "disabled", "on", "last", "edited", "global", "admin",
                 "builder", "version", "module_class", "key"}
NOT_WORDS = re.compile(r"^(?:on|off|yes|no|true|false|default|none|auto|inherit|\d+(?:\.\d+)?"
                       r"(?:px|em|rem|%|vh|vw)?|#[0-9a-f]{3,8}|rgba?\(.*\))$", re.IGNORECASE)


def attribute_words(named: dict[str, str]) -> list[str]:
    """The words a page builder element shows from its attributes, in their order."""
    words = []
    for name, value in named.items():
        parts = set(re.split(r"[_-]+", name.lower()))
        value = html.unescape(value).strip()
        if not (parts & TEXT_PARTS) or parts & SETTING_PARTS or not value:
            continue
        if NOT_WORDS.match(value) or "://" in value or value.startswith(("url:", "/", "#")) \
                or "%3A" in value or not re.search(r"[^\W\d_]", value):
            continue
        words.append(value)
    return words
